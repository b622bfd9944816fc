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
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..formats.canonical import MAX_AMBIGUOUS_BLANK_NODES, ambiguous_blank_nodes, canonical_blank_nodes
from ..namespaces import GRAPH, INFERRED_PREFIX, JUSTIFICATIONS_GRAPH, graph_iri, shorten
from ..rdf import Term, parse, plain, refuse_triple_terms, serialize
from ..reasoning.terms import TermTable, Triple
from .files import read_text, split_lines
from .project import ONTOLOGY_GRAPHS, InputFile, Project

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}
_SENTENCE_GRAPH = re.compile(re.escape(GRAPH) + r"(a\d{3,})-")
DEFAULT_GRAPH = ""  # the name ``Loaded.graphs`` gives the default graph


class Loaded:
    """The asserted quads: a term table, each graph's triples as term numbers (a triple stated twice
    is held once), their canonical N-Quads lines (lexical forms as written), and a store of the same
    quads for SPARQL. A pyoxigraph store keeps literals in canonical form ("01" becomes "1"), so
    what is written out comes from the lines and the term table, never from the store."""

    def __init__(self, files: tuple[InputFile, ...] = ()) -> None:
        """An empty load: :meth:`add` each file's quads, then :meth:`finish`."""
        self.files = files
        self._terms = TermTable()
        self._by_graph: dict[str, set[Triple]] = defaultdict(set)
        self._parts: list[bytes] = []
        self._blank: list[ox.Quad] = []
        self.store = ox.Store()

    @classmethod
    def of(cls, quads: Iterable[ox.Quad]) -> Loaded:
        """Quads loaded as if they came from one file.

        Raises:
            InputError: a quad holds a triple term.
        """
        items = list(quads)
        loaded = cls()
        serialized = serialize(items, ox.RdfFormat.N_QUADS)
        refuse_triple_terms("quads", items, serialized)
        loaded.add(items, serialized, None)
        return loaded.finish()

    def add(self, quads: list[ox.Quad], serialized: bytes, graph: str | None) -> None:
        """Take in one file's quads (all in ``graph``, unless it is None) and their N-Quads; none may
        hold a triple term."""
        if b"_:" in serialized:  # blank nodes: labelled canonically, with every file's, at the end
            self._blank += quads
            return
        self._parts.append(serialized)
        self.store.bulk_extend(quads)  # from the terms already made: parsing the N-Quads again costs more
        self._encode(quads, graph)

    def _encode(self, quads: list[ox.Quad], graph: str | None) -> None:
        ids, get = self._terms.ids, self._terms.id
        if graph is not None:
            get(ox.NamedNode(graph))  # graphs are cited by number too
        target = self._by_graph[graph] if graph is not None else None
        for quad in plain(quads):  # the triple terms were refused before
            s, p, o = quad.subject, quad.predicate, quad.object
            triple = (ids[s] if s in ids else get(s), ids[p] if p in ids else get(p),
                      ids[o] if o in ids else get(o))
            if target is not None:
                target.add(triple)
                continue
            name = quad.graph_name
            if isinstance(name, ox.NamedNode):
                if name not in ids:
                    get(name)
                self._by_graph[name.value].add(triple)
            else:
                self._by_graph[DEFAULT_GRAPH].add(triple)

    def finish(self) -> Loaded:
        """Label the blank nodes canonically and number every term in N-Triples order."""
        if self._blank:
            blank = canonical_blank_nodes(self._blank)
            self._parts.append(serialize(blank, ox.RdfFormat.N_QUADS))
            self.store.bulk_extend(blank)  # from the terms, so that the store keeps the labels
            self._encode(blank, None)
            self._blank = []
        self.terms, renumber = self._terms.sorted_copy(_vocabulary())
        self.graphs: dict[str, list[Triple]] = {
            name: sorted([(renumber[s], renumber[p], renumber[o]) for s, p, o in triples])
            for name, triples in sorted(self._by_graph.items())}
        del self._terms, self._by_graph
        self._subjects: dict[str, dict[int, list[Triple]]] = {}
        self._digests: dict[str, str] = {}
        return self

    @cached_property
    def _lines(self) -> list[bytes]:
        return sorted(set(b"".join(self._parts).splitlines(keepends=True)))

    def __len__(self) -> int:
        return len(self._lines)

    @property
    def nquads(self) -> bytes:
        """The asserted quads as canonical N-Quads: sorted lines, lexical forms as written."""
        return b"".join(self._lines)

    def quads(self) -> Iterator[ox.Quad]:
        """Every asserted quad, graph by graph."""
        terms = self.terms.terms
        for name, triples in self.graphs.items():
            graph = ox.NamedNode(name) if name else ox.DefaultGraph()
            for s, p, o in triples:
                yield ox.Quad(terms[s], terms[p], terms[o], graph)  # type: ignore[arg-type]  # numbered from quads: no literal subject, an IRI predicate

    def subjects_in(self, graph: str) -> dict[int, list[Triple]]:
        """The triples of ``graph`` by subject number."""
        index = self._subjects.get(graph)
        if index is None:
            index = self._subjects[graph] = defaultdict(list)
            for triple in self.graphs.get(graph, ()):
                index[triple[0]].append(triple)
        return index

    def digest(self, graph: str, subject: str | None = None) -> str:
        """A hash of a graph's triples, or of those about ``subject`` (an IRI) in it, written as
        N-Triples in order: what a view's cache key is made of."""
        key = graph if subject is None else f"{graph} {subject}"
        found = self._digests.get(key)
        if found is None:
            if subject is None:
                triples = self.graphs.get(graph, [])
            else:
                triples = self.subjects_in(graph).get(self.terms.ids.get(ox.NamedNode(subject), -1), [])
            text = self.terms.strings
            found = self._digests[key] = hashlib.sha256(
                "".join(f"{text[s]} {text[p]} {text[o]}\n" for s, p, o in triples).encode()).hexdigest()
        return found


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
        InputError: a file is missing, not UTF-8, or malformed (the message names file, line and
            column), or it holds an RDF 1.2 triple term.
    """
    files = tuple(project.input_files())
    loaded = Loaded(files)
    facts = project.data_dir / "facts"
    for item in files:
        quads = parse_file(item.path, graph=item.graph)
        if item.path.parent == facts:
            refuse_unplaced(item.path, quads)
        # A Turtle file's quads are all in its own graph; only a TriG file names others.
        names = {q.graph_name for q in quads} if item.graph is None else set()
        refuse_foreign_graphs(project, item, {n.value for n in names if isinstance(n, ox.NamedNode)})
        serialized = serialize(quads, ox.RdfFormat.N_QUADS)
        if b"<<(" in serialized:
            refuse_triple_terms(str(item.path), quads, serialized, text=read_text(item.path))
        if b"_:" in serialized:
            ambiguous = ambiguous_blank_nodes(quads)
            if ambiguous > MAX_AMBIGUOUS_BLANK_NODES:
                raise InputError(f"{item.path}: {ambiguous} blank nodes that only their neighbours tell apart (a "
                                 f"long list of identical items, say), over the {MAX_AMBIGUOUS_BLANK_NODES} that "
                                 "canonical labelling handles quickly; name them with IRIs")
        loaded.add(quads, serialized, item.graph)
    return loaded.finish()


def refuse_foreign_graphs(project: Project, item: InputFile, graphs: set[str]) -> None:
    """A graph spacekg gives a meaning to is written only by the file that has that meaning: the
    derived graphs by no input, the schema's by the ontology's files, a sentence's graph by its
    article's facts file. Elsewhere its triples would silently become schema, inferences or an
    article's statements.

    Raises:
        InputError: naming the file, the graph and the file it belongs in.
    """
    owners = {graph_iri(graph): project.ontology_dir / name for name, graph in ONTOLOGY_GRAPHS.items()}
    facts = project.data_dir / "facts"
    own = item.path.name if item.path.parent == facts else None
    for name in sorted(graphs | ({item.graph} if item.graph else set())):
        if name.startswith(INFERRED_PREFIX) or name == JUSTIFICATIONS_GRAPH:
            owner = None
        elif sentence := _SENTENCE_GRAPH.match(name):
            if f"{sentence[1]}.trig" == own:
                continue  # most of what a facts file writes: told apart without making a path for each
            owner = facts / f"{sentence[1]}.trig"
        else:
            owner = owners.get(name, item.path)
        if owner == item.path:
            continue
        shown = shorten(name)
        how = "its name makes its graph" if name == item.graph else "writes"
        if owner is None:
            raise InputError(f"{item.path}: {how} {shown}, a graph the build derives; no input may write it")
        raise InputError(f"{item.path}: {how} {shown}, which only {owner} writes; "
                             + ("rename the file" if name == item.graph else "put these facts in a graph of their own"))


def refuse_unplaced(path: Path, quads: list[ox.Quad]) -> None:
    """An article's facts are each in the graph of the sentence that states it; a triple outside
    every graph (pasted after a graph's closing brace) would have no sentence, modality or source.

    Raises:
        InputError: naming the file, the line where the first such triple seems to start, and it.
    """
    loose = next((q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)), None)
    if loose is None:
        return
    line = _line_outside_graphs(read_text(path))
    where = f"{path}:{line}" if line else str(path)
    shown = " ".join(shorten(t.value) if isinstance(t, ox.NamedNode) else str(t)
                     for t in (loose.subject, loose.predicate, loose.object))
    raise InputError(f"{where}: {shown} is outside every graph, so no sentence states it: move it into the graph "
                     "of the sentence that does (g:aNNN-Lx.y { … })")


def _line_outside_graphs(text: str) -> int | None:
    """The first line with a statement outside every { } block of a TriG text (strings, IRIs and
    comments left aside), or None."""
    depth, statement_at = 0, None
    for number, line in enumerate(split_lines(text), start=1):
        bare = re.sub(r'"(?:[^"\\]|\\.)*"|<[^>]*>|#.*$', "x", line)
        if depth == 0 and statement_at is None and bare.strip() and not re.match(r"\s*(?:@?prefix|@?base)\b", bare, re.I):
            statement_at = number
        for char in bare:
            depth += {"{": 1, "}": -1}.get(char, 0)
        if statement_at is not None and "{" in bare:
            statement_at = None  # a graph's name before its block
        elif statement_at is not None and bare.rstrip().endswith("."):
            return statement_at
    return None


def parse_file(path: Path, *, graph: str | None, base: str | None = None) -> list[ox.Quad]:
    """The quads of one Turtle (into ``graph``) or TriG file (graphs as written).

    Relative IRIs resolve against ``base`` or the file's ``@base``, and are refused without one. Blank nodes
    get fresh labels, unique across files.

    Raises:
        InputError: see :func:`load_project`.
    """
    text = read_text(path)
    fmt = _FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)")
    parsed = parse(text, fmt, path, base=base, rename_blank_nodes=True)
    if graph is None:
        return parsed
    target = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed]
