"""The remote clients' settings that the command line offers, kept apart so that reading them
imports nothing else (every spacekg command reads them when it starts)."""

from __future__ import annotations

from enum import Enum

DEFAULT_RETRIES = 4
MAX_RETRIES = 100
DEFAULT_BACKOFF = 0.5
DEFAULT_MAX_BACKOFF = 30.0
DEFAULT_PUSH_TIMEOUT = 300.0
# Wikidata's MediaWiki API, which the Wikidata client reads items from, and its query service,
# which SERVICE clauses name.
DEFAULT_API_URL = "https://www.wikidata.org/w/api.php"
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


class Verify(str, Enum):
    """How a push checks the store's copy of each graph."""

    TRIPLES = "triples"
    COUNTS = "counts"
    NONE = "none"
