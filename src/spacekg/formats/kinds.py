"""The formats spacekg writes and the views an export writes, kept apart from the writers so that
the command line names them without loading them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import PurePath
from typing import TypeVar

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


# What people also call the formats: file extensions and media types (the names rdflib, Jena's
# riot and SPARQL endpoints use), matched in any case.
ALIASES = {
    # Turtle is a subset of Notation3, so a Turtle document is what a .n3 file may hold.
    "ttl": "turtle", "text/turtle": "turtle", "n3": "turtle", "text/n3": "turtle",
    "nt": "ntriples", "n-triples": "ntriples", "application/n-triples": "ntriples",
    "nq": "nquads", "n-quads": "nquads", "application/n-quads": "nquads",
    "application/trig": "trig",
    "json-ld": "jsonld", "application/ld+json": "jsonld",
    "rdf": "rdfxml", "rdf/xml": "rdfxml", "rdf-xml": "rdfxml", "application/rdf+xml": "rdfxml",
    "srj": "json", "application/sparql-results+json": "json",
    "srx": "xml", "application/sparql-results+xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "txt": "table", "text/plain": "table",
}
# A file name's extension, for results that are rows and for results that are a graph.
_BY_SUFFIX: dict[str, tuple[str | None, str | None]] = {
    ".csv": ("csv", None), ".tsv": ("tsv", None),
    ".srj": ("json", None), ".srx": ("xml", None),
    ".json": ("json", "jsonld"), ".xml": ("xml", "rdfxml"),
    ".ttl": (None, "turtle"), ".n3": (None, "turtle"), ".nt": (None, "ntriples"), ".nq": (None, "nquads"), ".trig": (None, "trig"),
    ".jsonld": (None, "jsonld"), ".rdf": (None, "rdfxml"), ".owl": (None, "rdfxml"),
}

FOR_GRAPHS = {"json": "jsonld", "xml": "rdfxml"}
F = TypeVar("F", bound=Enum)


def format_named(text: str, formats: Iterable[F]) -> F | None:
    """The one of ``formats`` that ``text`` names, by its name, extension or media type, in any case."""
    name = text.strip().lower()
    name = ALIASES.get(name, name)
    found = {f.value: f for f in formats}
    # Where rows are not written, JSON and XML can only mean their RDF forms, as a file's extension does.
    return found.get(name) or found.get(FOR_GRAPHS.get(name, ""))


def close_formats(text: str, formats: Iterable[F]) -> list[str]:
    """The names of ``formats`` that ``text`` is a slip of (``cvs`` for csv, ``tutle`` for turtle),
    by their own names and the names other tools give them."""
    import difflib

    names = {f.value: f.value for f in formats}
    names |= {alias: name for alias, name in ALIASES.items() if name in names}
    close = difflib.get_close_matches(text.strip().lower(), sorted(names), n=3, cutoff=0.6)
    return list(dict.fromkeys(names[c] for c in close))


def format_for_file(path: PurePath, formats: Iterable[F], *, graph: bool) -> tuple[F | None, str | None]:
    """The one of ``formats`` that ``path``'s extension names for a graph (or for rows); else
    the name of the format the extension stands for, if any (``x.csv`` for a graph, ``x.rdf``
    where RDF/XML is not among ``formats``)."""
    rows, graphs = _BY_SUFFIX.get(path.suffix.lower(), (None, None))
    named = graphs if graph else rows
    found = format_named(named, formats) if named else None
    return found, None if found is not None else named or rows or graphs
