"""Parse the project's RDF files, one named graph per file or per TriG block, into the build's one
term model: pyoxigraph terms numbered by a term table, and triples of those numbers by graph.

pyoxigraph parses: it passes the W3C Turtle, TriG, N-Triples and N-Quads suites, reports line and
column, keeps every literal's lexical form, and resolves relative IRIs per RFC 3986. Each quad is
read once: its terms get their numbers, its N-Quads line is written by pyoxigraph, and a store
gets it for the SPARQL the build runs (quote checks, views, rules). rdflib sees these terms only
through the adapter around owlrl and pySHACL (:mod:`spacekg.adapter`).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..formats.canonical import MAX_AMBIGUOUS_BLANK_NODES, ambiguous_blank_nodes, canonical_blank_nodes
from ..reasoning.terms import Term, TermTable, Triple
from .files import read_text
from .project import InputFile, Project

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}
DEFAULT_GRAPH = ""  # the name ``Loaded.graphs`` gives the default graph


class Loaded:
    """The asserted quads: a term table, each graph's triples as term numbers (a triple stated twice
    is held once), their canonical N-Quads lines (lexical forms as written), and a store of the same
    quads for SPARQL. A pyoxigraph store keeps literals in canonical form ("01" becomes "1"), so
    what is written out comes from the lines and the term table, never from the store."""

    def __init__(self, quads: Iterable[ox.Quad], files: tuple[InputFile, ...] = ()) -> None:
        self.files = files
        quads = list(quads)
        grouped: dict[str, list[ox.Quad]] = defaultdict(list)
        for quad in quads:
            name = quad.graph_name
            grouped[name.value if isinstance(name, ox.NamedNode) else DEFAULT_GRAPH].append(quad)
        terms = TermTable()
        ids, get = terms.ids, terms.id
        self._lines: dict[str, list[bytes]] = {}
        encoded: dict[str, set[Triple]] = {}
        for name, members in sorted(grouped.items()):
            data = ox.serialize(members, format=ox.RdfFormat.N_QUADS)
            self._lines[name] = sorted(set(data.splitlines(keepends=True)))
            triples = set()
            for quad in members:
                s, p, o = quad.subject, quad.predicate, quad.object
                triples.add((ids[s] if s in ids else get(s), ids[p] if p in ids else get(p),  # type: ignore[index, arg-type]
                             ids[o] if o in ids else get(o)))  # type: ignore[index, arg-type]
            encoded[name] = triples
            if name:
                get(ox.NamedNode(name))  # graphs are cited by number too
        self.terms, renumber = terms.sorted_copy(_vocabulary())
        self.graphs: dict[str, list[Triple]] = {
            name: sorted((renumber[s], renumber[p], renumber[o]) for s, p, o in triples)
            for name, triples in encoded.items()}
        self.store = ox.Store()
        self.store.bulk_extend(quads)
        self._subjects: dict[str, dict[int, list[Triple]]] = {}
        self._digests: dict[str, str] = {}

    def __len__(self) -> int:
        return sum(len(lines) for lines in self._lines.values())

    @property
    def nquads(self) -> bytes:
        """The asserted quads as canonical N-Quads: sorted lines, lexical forms as written."""
        return b"".join(sorted(line for lines in self._lines.values() for line in lines))

    def quads(self) -> Iterator[ox.Quad]:
        """Every asserted quad, graph by graph."""
        terms = self.terms.terms
        for name, triples in self.graphs.items():
            graph = ox.NamedNode(name) if name else ox.DefaultGraph()
            for s, p, o in triples:
                yield ox.Quad(terms[s], terms[p], terms[o], graph)  # type: ignore[arg-type]

    def subjects_in(self, graph: str) -> dict[int, list[Triple]]:
        """The triples of ``graph`` by subject number."""
        index = self._subjects.get(graph)
        if index is None:
            index = self._subjects[graph] = defaultdict(list)
            for triple in self.graphs.get(graph, ()):
                index[triple[0]].append(triple)
        return index

    def digest(self, graph: str, subject: str | None = None) -> str:
        """A hash of a graph's N-Quads lines, or of those about ``subject`` (an IRI) in it: what a
        view's cache key is made of."""
        key = graph if subject is None else f"{graph} {subject}"
        found = self._digests.get(key)
        if found is None:
            lines = self._lines.get(graph, [])
            if subject is not None:
                start = f"<{subject}> ".encode()
                lines = [line for line in lines if line.startswith(start)] if len(lines) < 64 else \
                    self._subject_lines(graph).get(start, [])
            found = self._digests[key] = hashlib.sha256(b"".join(lines)).hexdigest()
        return found

    def _subject_lines(self, graph: str) -> dict[bytes, list[bytes]]:
        index = self.__dict__.get(f"_by_subject {graph}")
        if index is None:
            index = self.__dict__[f"_by_subject {graph}"] = defaultdict(list)
            for line in self._lines.get(graph, []):
                index[line[:line.index(b" ") + 1]].append(line)
        return index


def _vocabulary() -> list[Term]:
    """The terms the reasoner names, numbered with the data's so that every number follows
    N-Triples order."""
    from ..reasoning.datatypes import DATATYPES
    from ..reasoning.fastrl import Vocab

    table = TermTable()
    Vocab(table)
    return [*table.terms, *(ox.NamedNode(d) for d in sorted(DATATYPES))]


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
    # A file without "_:", "[" or "(" outside its IRIs and strings has no blank node to check.
    if re.search(r"_:|\[|\(", text):
        ambiguous = ambiguous_blank_nodes(parsed)
        if ambiguous > MAX_AMBIGUOUS_BLANK_NODES:
            raise InputError(f"{path}: {ambiguous} blank nodes that only their neighbours tell apart (a long list "
                             f"of identical items, say), over the {MAX_AMBIGUOUS_BLANK_NODES} that canonical "
                             "labelling handles quickly; name them with IRIs")
    if graph is None:
        return parsed
    target = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed]


def _reason(exc: SyntaxError) -> str:
    # The message repeats the position, which the caller puts in file:line:column form.
    return re.sub(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ", "", str(exc.msg))
