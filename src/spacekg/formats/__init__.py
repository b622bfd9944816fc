"""Result formats and exports."""
