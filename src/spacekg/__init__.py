"""spacekg: a knowledge graph of China's space program, with sentence provenance, SPARQL and export."""

__version__ = "0.1.0"

from .engine import KnowledgeGraph, QueryResult, View
from .errors import (
    ExitCode,
    InconsistencyError,
    InputError,
    LimitError,
    QueryError,
    QueryNotFoundError,
    SpaceKGError,
)
from .project import Project, find_project
from .queries import StoredQuery, bind_parameters, get_query, load_queries

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
