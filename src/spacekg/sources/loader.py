"""Parse the project's RDF files into one pyoxigraph store, one named graph per file or per TriG block.

pyoxigraph parses: it passes the W3C Turtle, TriG, N-Triples and N-Quads suites, reports line and
column, keeps every literal's lexical form, and resolves relative IRIs per RFC 3986. The build
keeps these terms from parsing to the snapshot; rdflib sees them only through the adapter around
owlrl and pySHACL (:mod:`spacekg.adapter`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property
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


class Loaded:
    """The asserted quads as parsed (lexical forms kept), by graph, and the files they came from.

    ``graphs`` maps each named graph's IRI to its quads ("" is the default graph). ``store``
    holds the same quads for SPARQL; a pyoxigraph store keeps literals in canonical form ("01"
    becomes "1"), so what is written out comes from ``graphs``.
    """

    def __init__(self, quads: list[ox.Quad], files: tuple[InputFile, ...]) -> None:
        self.files = files
        graphs: dict[str, dict[ox.Quad, None]] = defaultdict(dict)
        for quad in quads:  # a quad stated twice is held once
            name = quad.graph_name
            graphs[name.value if isinstance(name, ox.NamedNode) else ""][quad] = None
        self.graphs: dict[str, list[ox.Quad]] = {name: list(q) for name, q in graphs.items()}

    def __len__(self) -> int:
        return sum(len(quads) for quads in self.graphs.values())

    def __iter__(self) -> Iterator[ox.Quad]:
        for name in sorted(self.graphs):
            yield from self.graphs[name]

    @cached_property
    def store(self) -> ox.Store:
        store = ox.Store()
        store.bulk_extend(self)
        return store

    def subjects_in(self, graph: str) -> dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]]:
        """The quads of ``graph`` by subject."""
        index = self._by_subject.get(graph)
        if index is None:
            index = self._by_subject[graph] = defaultdict(list)
            for quad in self.graphs.get(graph, ()):
                index[quad.subject].append(quad)  # type: ignore[index]
        return index

    @cached_property
    def _by_subject(self) -> dict[str, dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]]]:
        return {}


def load_project(project: Project) -> Loaded:
    """Parse every input file of ``project``.

    Blank nodes get RDFC-1.0 canonical labels, which depend only on the blank nodes' own
    statements: adding a comment to the ontology does not relabel them.

    Raises:
        InputError: a file is missing, not UTF-8, or malformed; the message names file, line and column.
    """
    files = tuple(project.input_files())
    quads: list[ox.Quad] = []
    for item in files:
        quads += parse_file(item.path, graph=item.graph)
    return Loaded(canonical_blank_nodes(quads), files)


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
