"""spacekg: a knowledge graph of China's space program, with sentence provenance, SPARQL and export.

The public API is what this module exports (see the README, "Python API"); other modules are internal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    ExitCode,
    InconsistencyError,
    InputError,
    LimitError,
    QueryError,
    QueryNotFoundError,
    RemoteError,
    SpaceKGError,
    UsageError,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import Graph, Result, Value, open_graph
    from .store.graphs import QueryView, View
    from .store.queries import Column, Parameter, StoredQuery

# The API's names are imported on first use: every command imports this package, and the API
# module and what it imports are time a cold `spacekg query` does not need to spend.
_API = frozenset({"Column", "Graph", "Parameter", "QueryView", "Result", "StoredQuery", "Value", "View", "open_graph"})


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Column",
    "ExitCode",
    "Graph",
    "InconsistencyError",
    "InputError",
    "LimitError",
    "Parameter",
    "QueryError",
    "QueryNotFoundError",
    "QueryView",
    "RemoteError",
    "Result",
    "SpaceKGError",
    "StoredQuery",
    "UsageError",
    "Value",
    "View",
    "__version__",
    "open_graph",
]
