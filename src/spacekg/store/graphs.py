"""Which graphs a query reads, kept apart from the engine and the stored queries so that the
command line names them without loading either."""

from __future__ import annotations

from enum import Enum


class View(str, Enum):
    """Which graphs form a query's default graph; JUSTIFICATIONS is the graph of the justification
    records, which a store holds only when they were added (see :mod:`spacekg.reasoning.records`)."""

    ALL = "all"
    ASSERTED = "asserted"
    INFERRED = "inferred"
    JUSTIFICATIONS = "justifications"


class QueryView(str, Enum):
    """The graph a stored query is written for (``#+ view:``): spacekg's own, or its facts in
    Wikidata's terms (the Wikidata view)."""

    SPACEKG = "spacekg"
    WIKIDATA = "wikidata"
