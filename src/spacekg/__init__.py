"""spacekg: a knowledge graph of China's space program, with sentence provenance, SPARQL and export."""

__version__ = "0.1.0"

from .errors import (
    ExitCode,
    InconsistencyError,
    InputError,
    LimitError,
    QueryError,
    QueryNotFoundError,
    SpaceKGError,
)
from .sources.project import Project, find_project
from .store.engine import KnowledgeGraph, QueryResult, View
from .store.queries import StoredQuery, bind_parameters, get_query, load_queries

__all__ = [
    "ExitCode",
    "InconsistencyError",
    "InputError",
    "KnowledgeGraph",
    "LimitError",
    "Project",
    "QueryError",
    "QueryNotFoundError",
    "QueryResult",
    "SpaceKGError",
    "StoredQuery",
    "View",
    "__version__",
    "bind_parameters",
    "find_project",
    "get_query",
    "load_queries",
]
