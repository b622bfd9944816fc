"""spacekg: a knowledge graph of China's space program, with sentence provenance, SPARQL and export.

The public API is what this module exports (see the README, "Python API"); other modules are internal.
"""

__version__ = "0.1.0"

from .api import Graph, Result, open_graph
from .errors import (
    ExitCode,
    InconsistencyError,
    InputError,
    LimitError,
    QueryError,
    QueryNotFoundError,
    SpaceKGError,
)

__all__ = [
    "ExitCode",
    "Graph",
    "InconsistencyError",
    "InputError",
    "LimitError",
    "QueryError",
    "QueryNotFoundError",
    "Result",
    "SpaceKGError",
    "__version__",
    "open_graph",
]
