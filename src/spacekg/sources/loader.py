"""Parse the project's RDF files into one pyoxigraph store, one named graph per file or per TriG block.

pyoxigraph parses: it passes the W3C Turtle, TriG, N-Triples and N-Quads suites, reports line and
column, keeps every literal's lexical form, and resolves relative IRIs per RFC 3986. The build
keeps these terms from parsing to the snapshot; rdflib sees them only through the adapter around
owlrl and pySHACL (:mod:`spacekg.adapter`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..formats.canonical import MAX_AMBIGUOUS_BLANK_NODES, ambiguous_blank_nodes, canonical_blank_nodes
from .files import read_text
from .project import InputFile, Project

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}


@dataclass(frozen=True)
class Loaded:
    """The asserted quads, with canonical blank-node labels, and the files they came from."""

    store: ox.Store
    files: tuple[InputFile, ...]


def load_project(project: Project) -> Loaded:
    """Parse every input file of ``project`` into a new in-memory store.

    Blank nodes get RDFC-1.0 canonical labels, which depend only on the blank nodes' own
    statements: adding a comment to the ontology does not relabel them.

    Raises:
        InputError: a file is missing, not UTF-8, or malformed; the message names file, line and column.
    """
    files = tuple(project.input_files())
    quads: list[ox.Quad] = []
    for item in files:
        quads += parse_file(item.path, graph=item.graph)
    store = ox.Store()
    store.extend(canonical_blank_nodes(quads))
    return Loaded(store, files)


def parse_file(path: Path, *, graph: str | None, base: str | None = None) -> list[ox.Quad]:
    """The quads of one Turtle (into ``graph``) or TriG file (graphs as written).

    Relative IRIs resolve against ``base``, by default the file's own ``file:`` URI. Blank nodes
    get fresh labels, unique across files.

    Raises:
        InputError: see :func:`load_project`.
    """
    text = read_text(path)
    fmt = _FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)")
    try:
        parsed = list(ox.parse(text, format=fmt, base_iri=base or path.resolve().as_uri(), rename_blank_nodes=True))
    except SyntaxError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.offset}: bad syntax: {_reason(exc)}") from None
    except RecursionError:
        raise InputError(f"{path}: nesting too deep to load") from None
    ambiguous = ambiguous_blank_nodes(parsed)
    if ambiguous > MAX_AMBIGUOUS_BLANK_NODES:
        raise InputError(f"{path}: {ambiguous} blank nodes that only their neighbours tell apart (a long list of "
                         f"identical items, say), over the {MAX_AMBIGUOUS_BLANK_NODES} that canonical labelling "
                         "handles quickly; name them with IRIs")
    if graph is None:
        return parsed
    target = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed]


def _reason(exc: SyntaxError) -> str:
    # The message repeats the position, which the caller puts in file:line:column form.
    return re.sub(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ", "", str(exc.msg))
