"""The built graph: building and caching it, opening it, and running queries under limits."""
