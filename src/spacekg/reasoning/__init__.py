"""Reasoning: the OWL 2 RL closure (fast engine and owlrl), the derivation rules, and the views they read."""
