"""The formats spacekg writes and the views an export writes, kept apart from the writers so that
the command line names them without loading them."""

from __future__ import annotations

from enum import Enum

from ..store.graphs import QueryView


class ResultFormat(str, Enum):
    """Output formats of ``spacekg query`` and ``spacekg sparql``."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    XML = "xml"
    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    JSONLD = "jsonld"
    JSONLD_EXPANDED = "jsonld-expanded"
    RDFXML = "rdfxml"
    TRIG = "trig"
    NQUADS = "nquads"


TABULAR = {ResultFormat.TABLE, ResultFormat.CSV, ResultFormat.TSV, ResultFormat.JSON, ResultFormat.XML}


class ReportFormat(str, Enum):
    """Formats of ``spacekg check``'s report: readable text, or JSON for programs."""

    TEXT = "text"
    JSON = "json"


class ExportFormat(str, Enum):
    """Formats of ``spacekg export``; TriG, N-Quads and JSON-LD keep named graphs. JSON-LD is
    compact, with an ``@context`` of spacekg's prefixes; ``jsonld-expanded`` is the expanded form."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    TRIG = "trig"
    NQUADS = "nquads"
    JSONLD = "jsonld"
    JSONLD_EXPANDED = "jsonld-expanded"


class ExportView(str, Enum):
    """What ``spacekg export`` writes: spacekg's own graphs or the Wikidata view (the views a query
    reads, :class:`~spacekg.store.graphs.QueryView`), or QuickStatements commands for the
    statements Wikidata lacks or states differently."""

    SPACEKG = QueryView.SPACEKG.value
    WIKIDATA = QueryView.WIKIDATA.value
    QUICKSTATEMENTS = "quickstatements"
