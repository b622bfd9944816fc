"""Parse the project's RDF files, one named graph per file or per TriG block, into the build's one
term model: pyoxigraph terms numbered by a term table, and triples of those numbers by graph.

pyoxigraph parses: it passes the W3C Turtle, TriG, N-Triples and N-Quads suites, reports line and
column, keeps every literal's lexical form, and resolves relative IRIs per RFC 3986. Each quad is
read once: its terms get their numbers, its N-Quads line is written by pyoxigraph, and a store
gets it for the SPARQL the build runs (quote checks, views, rules). rdflib sees these terms only
through the adapter around owlrl and pySHACL (:mod:`spacekg.adapter`).

The last load from scratch is kept in the cache (``load.bin``), so that the next load parses only
the files added or changed since (:func:`load_project`).
"""

from __future__ import annotations

import hashlib
import json
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import suppress
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from ..errors import InputError
from ..formats.canonical import MAX_AMBIGUOUS_BLANK_NODES, ambiguous_blank_nodes, canonical_blank_nodes
from ..namespaces import GRAPH, INFERRED_PREFIX, JUSTIFICATIONS_GRAPH, graph_iri, shorten
from ..rdf import Term, parse, plain, refuse_triple_terms, serialize
from ..reasoning.terms import TermTable, Triple
from .files import decode_utf8, read_bytes, read_text, split_lines
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
        self._own: list[dict[str, set[Triple]]] = []  # each added file's triples by graph
        self._known: list[bytes] = []  # N-Quads for the store, loaded at once before anything else
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
        self._load_known()
        self.store.bulk_extend(quads)  # from the terms already made: parsing the N-Quads again costs more
        self._own.append(self._encode(quads, graph))

    def add_known(self, serialized: bytes) -> None:
        """Take in the N-Quads of a file that an earlier load numbered (:meth:`finish_on` takes its
        terms and triples from there)."""
        self._parts.append(serialized)
        self._known.append(serialized)

    def _load_known(self) -> None:
        # The store lists its quads in the order they came, file after file, as a load from
        # scratch adds them.
        if self._known:
            self.store.bulk_load(b"".join(self._known), format=ox.RdfFormat.N_QUADS)
            self._known = []

    def _encode(self, quads: list[ox.Quad], graph: str | None) -> dict[str, set[Triple]]:
        """Number ``quads`` and take in their triples; return them by graph."""
        ids, get = self._terms.ids, self._terms.id
        own: dict[str, set[Triple]] = defaultdict(set)
        if graph is not None:
            get(ox.NamedNode(graph))  # graphs are cited by number too
        target = own[graph] if graph is not None else None
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
                own[name.value].add(triple)
            else:
                own[DEFAULT_GRAPH].add(triple)
        for written, triples in own.items():
            self._by_graph[written] |= triples
        return own

    def finish(self) -> Loaded:
        """Label the blank nodes canonically and number every term in N-Triples order."""
        self.blank = b""
        if self._blank:
            blank = canonical_blank_nodes(self._blank)
            self.blank = serialize(blank, ox.RdfFormat.N_QUADS)
            self._parts.append(self.blank)
            self.store.bulk_extend(blank)  # from the terms, so that the store keeps the labels
            self._encode(blank, None)
            self._blank = []
        self.terms, self._renumber = self._terms.sorted_copy(_vocabulary())
        renumber = self._renumber
        self.graphs: dict[str, list[Triple]] = {
            name: sorted([(renumber[s], renumber[p], renumber[o]) for s, p, o in triples])
            for name, triples in sorted(self._by_graph.items())}
        return self._finished()

    def shares(self, graphs: set[str]) -> list[dict[str, list[Triple]]]:
        """Each file's triples in ``graphs``, in no order, for the files :meth:`add` took in without
        blank nodes, in that order, once :meth:`finish` has numbered them."""
        renumber = self._renumber
        shares = [{name: [(renumber[s], renumber[p], renumber[o]) for s, p, o in own[name]]
                   for name in sorted(graphs & own.keys())} for own in self._own]
        del self._own, self._renumber
        return shares

    def finish_on(self, earlier: Earlier, redone: set[str], writers: list[Source]) -> Loaded:
        """Number every term in N-Triples order, on top of the load ``earlier``: the files taken in
        with :meth:`add_known` are unchanged since, those taken in with :meth:`add` (none with a
        blank node) are new or changed, and the graphs ``redone`` are the ones these write or the
        files gone since wrote. Those are made again from what the files write in them, ``writers``
        being the unchanged files that write one of them; every other graph is taken from
        ``earlier``. The same terms, numbers and triples as :meth:`finish` after adding every file."""
        self.blank = earlier.blank
        self._parts.append(self.blank)
        self._load_known()
        self.store.bulk_extend(list(ox.parse(self.blank, format=ox.RdfFormat.N_QUADS)))  # keeping the labels
        kept = [name for name in earlier.names if name not in redone]
        spans = [earlier.names[name] for name in kept]
        # What an unchanged file wrote in a graph redone: its share when the graph had other
        # writers, else the whole graph.
        shares = [(name, source.shares.get(name) or earlier.names[name])
                  for source in writers for name in sorted(source.graphs & redone)]
        spans += [span for _, span in shares]
        # Every graph's name is numbered, as a load from scratch numbers it.
        names = {*kept, *(name for name, _ in shares), *(redone & self._by_graph.keys())}
        used = [*{earlier.strings[n] for n in earlier.numbers_in(spans)} | {f"<{name}>" for name in names if name}]
        made = dict(zip(used, earlier.terms(used)))
        made.update((str(term), term) for term in chain(_vocabulary(), self._terms.terms))
        strings = sorted(made)
        self.terms = TermTable.ordered(strings, [made[text] for text in strings])
        number = {text: i for i, text in enumerate(strings)}
        again = [number.get(text, -1) for text in earlier.strings]
        renumber = [number[str(term)] for term in self._terms.terms]
        graphs = {name: earlier.triples(span, again) for name, span in zip(kept, spans)}  # still sorted
        made_again: dict[str, set[Triple]] = defaultdict(set)
        for name, span in shares:
            made_again[name].update(earlier.triples(span, again))
        for name in redone & self._by_graph.keys():
            made_again[name].update((renumber[s], renumber[p], renumber[o]) for s, p, o in self._by_graph[name])
        graphs.update((name, sorted(triples)) for name, triples in made_again.items())
        self.graphs = dict(sorted(graphs.items()))
        del self._own
        return self._finished()

    def _finished(self) -> Loaded:
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


Span = tuple[int, int]  # where a list of triples starts among a cached load's term numbers, and its length


class Source(NamedTuple):
    """What one file gave a load: its N-Quads (None when they hold blank nodes, which are labelled
    with every file's), the graphs it writes and, in a cached load, where its own triples are in
    each of these that another file writes too."""

    nquads: bytes | None
    graphs: frozenset[str]
    shares: dict[str, Span]


class Earlier(NamedTuple):
    """A load kept in the cache for the next one: what each file gave it, by the file's path,
    graph and SHA-256; the blank nodes' N-Quads; every term's N-Triples form in number order; and
    the term numbers of each graph's triples, then of each file's shares."""

    files: dict[tuple[str, str, str], Source]
    blank: bytes
    strings: list[str]
    names: dict[str, Span]
    numbers: array[int]

    def terms(self, strings: Iterable[str]) -> list[Term]:
        """The terms written ``strings``, made in one parse."""
        text = "".join(f"<x:s> <x:p> {string} .\n" for string in strings)
        return [triple.object for triple in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)]

    def numbers_in(self, spans: list[Span]) -> set[int]:
        """The numbers of the terms in the triples ``spans``."""
        found: set[int] = set()
        for at, count in spans:
            found.update(self.numbers[at:at + 3 * count])
        return found

    def triples(self, span: Span, renumber: list[int]) -> list[Triple]:
        """The triples ``span``, each term's number ``n`` becoming ``renumber[n]``."""
        at, count = span
        part = [renumber[n] for n in self.numbers[at:at + 3 * count]]
        return list(zip(part[0::3], part[1::3], part[2::3]))


_CACHE = "load"
# The cache keeps the last load from scratch, so the files changed since it are parsed again by
# every load until the next one. Past this many of their quads (or a tenth of the project, if
# more) the load is made from scratch, which keeps it: articles added one by one cost a bounded
# re-parse, not one that grows with each.
REPARSED_QUADS = 10_000


def _earlier(project: Project) -> Earlier | None:
    """The load the cache keeps, if it was made by this code and is intact."""
    from ..store.snapshot import code_hash, read_cache

    body = read_cache(project, _CACHE, code_hash(), suffix=".bin")
    if body is None:
        return None
    head, _, rest = body.partition(b"\n")
    try:
        record = json.loads(head)
        at, start = 0, 0

        def span(count: int) -> Span:
            nonlocal start
            start += 3 * int(count)
            return start - 3 * int(count), int(count)

        names = {str(name): span(count) for name, count in record["graphs"]}
        files: dict[tuple[str, str, str], Source] = {}
        for path, graph, sha, length, graphs, shares in record["files"]:
            files[(str(path), str(graph), str(sha))] = Source(
                None if length < 0 else rest[at:at + length], frozenset(map(str, graphs)),
                {str(name): span(count) for name, count in shares})
            at += max(length, 0)
        blank, at = rest[at:at + record["blank"]], at + record["blank"]
        strings, at = rest[at:at + record["terms"]].decode().split("\n"), at + record["terms"]
        numbers = array("q")
        numbers.frombytes(rest[at:])
    except (ValueError, TypeError, KeyError):
        return None
    if start != len(numbers) or (numbers and not 0 <= min(numbers) <= max(numbers) < len(strings)):
        return None
    return Earlier(files, blank, strings, names, numbers)


def _keep(project: Project, entries: list[tuple[str, str, str]], sources: list[Source], loaded: Loaded) -> None:
    """Keep ``loaded`` in the cache for the next load. A cache that cannot be written costs the
    next load its time, not its answer (and the build says that its own cache was not written)."""
    from ..store.snapshot import code_hash, write_cache

    writers = Counter(chain.from_iterable(source.graphs for source in sources))
    shares = iter(loaded.shares({name for name, count in writers.items() if count > 1}))
    own = [next(shares) if source.nquads is not None else {} for source in sources]
    terms = "\n".join(loaded.terms.strings).encode()
    numbers = array("q", chain.from_iterable(chain.from_iterable(chain(
        loaded.graphs.values(), *(triples.values() for triples in own)))))
    record = {"graphs": [[name, len(triples)] for name, triples in loaded.graphs.items()],
              "files": [[*entry, -1 if source.nquads is None else len(source.nquads), sorted(source.graphs),
                         [[name, len(triples)] for name, triples in mine.items()]]
                        for entry, source, mine in zip(entries, sources, own)],
              "blank": len(loaded.blank), "terms": len(terms)}
    body = b"".join([json.dumps(record).encode(), b"\n", *(s.nquads for s in sources if s.nquads is not None),
                     loaded.blank, terms, numbers.tobytes()])
    with suppress(InputError, OSError):
        write_cache(project, _CACHE, code_hash(), body, suffix=".bin")


def load_project(project: Project) -> Loaded:
    """Parse every input file of ``project``.

    Blank nodes get RDFC-1.0 canonical labels, which depend only on the blank nodes' own
    statements: adding a comment to the ontology does not relabel them.

    The last load from scratch is kept in the cache, and a load starts from it: only the files
    added or changed since are parsed; the graphs they write, or the files gone since wrote, are
    made again from what each file writes in them, and every other graph is taken from the
    cache, numbered as a load from scratch numbers it. Where blank nodes are among what changed, or
    the files changed since hold more than :data:`REPARSED_QUADS` quads and a tenth of the project,
    the project is loaded from scratch, and that load is kept.

    Raises:
        InputError: a file is missing, not UTF-8, or malformed (the message names file, line and
            column), or it holds an RDF 1.2 triple term.
    """
    files = tuple(project.input_files())
    data = [read_bytes(item.path) for item in files]
    entries = [(item.path.relative_to(project.root).as_posix(), item.graph or "", hashlib.sha256(d).hexdigest())
               for item, d in zip(files, data)]
    checked: dict[int, tuple[list[ox.Quad], bytes, Source]] = {}
    earlier = _earlier(project)
    if earlier is not None:
        gone = [earlier.files[entry] for entry in earlier.files.keys() - set(entries)]
        checked = {i: _checked(project, files[i], data[i]) for i, entry in enumerate(entries)
                   if entry not in earlier.files}
        reparsed = sum(len(quads) for quads, _, _ in checked.values())
        if reparsed > max(REPARSED_QUADS, len(earlier.numbers) // 3 // 10):  # three numbers a triple
            earlier = None
    if earlier is not None:
        redone = set().union(*(s.graphs for s in gone), *(c[2].graphs for c in checked.values()))
        writers = [earlier.files[entry] for i, entry in enumerate(entries)
                   if i not in checked and earlier.files[entry].graphs & redone]
        if all(s.nquads is not None for s in [*gone, *(c[2] for c in checked.values()), *writers]):
            loaded = Loaded(files)
            for i, entry in enumerate(entries):
                if i in checked:
                    loaded.add(*checked[i][:2], files[i].graph)
                elif (nquads := earlier.files[entry].nquads) is not None:
                    loaded.add_known(nquads)
            return loaded.finish_on(earlier, redone, writers)
    loaded = Loaded(files)
    sources = []
    for i, item in enumerate(files):
        quads, serialized, source = checked.get(i) or _checked(project, item, data[i])
        loaded.add(quads, serialized, item.graph)
        sources.append(source)
    loaded.finish()
    _keep(project, entries, sources, loaded)
    return loaded


def _checked(project: Project, item: InputFile, data: bytes) -> tuple[list[ox.Quad], bytes, Source]:
    """The quads of one input file, its bytes ``data``, their N-Quads and what the file gives a
    load, once they pass every check.

    Raises:
        InputError: see :func:`load_project`.
    """
    text = decode_utf8(data, str(item.path))
    quads = _parse_text(text, item.path, graph=item.graph)
    if item.path.parent == project.data_dir / "facts":
        refuse_unplaced(item.path, quads)
    # A Turtle file's quads are all in its own graph; only a TriG file names others.
    names = {q.graph_name for q in quads} if item.graph is None else set()
    refuse_foreign_graphs(project, item, {n.value for n in names if isinstance(n, ox.NamedNode)})
    serialized = serialize(quads, ox.RdfFormat.N_QUADS)
    if b"<<(" in serialized:
        refuse_triple_terms(str(item.path), quads, serialized, text=text)
    # Named as Loaded takes them in: a graph named by a blank node is the default graph.
    graphs = frozenset({item.graph} if item.graph is not None else {
        name.value if isinstance(name, ox.NamedNode) else DEFAULT_GRAPH for name in names})
    if b"_:" in serialized:
        ambiguous = ambiguous_blank_nodes(quads)
        if ambiguous > MAX_AMBIGUOUS_BLANK_NODES:
            raise InputError(f"{item.path}: {ambiguous} blank nodes that only their neighbours tell apart (a "
                             f"long list of identical items, say), over the {MAX_AMBIGUOUS_BLANK_NODES} that "
                             "canonical labelling handles quickly; name them with IRIs")
        return quads, serialized, Source(None, graphs, {})
    return quads, serialized, Source(serialized, graphs, {})


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
    return _parse_text(read_text(path), path, graph=graph, base=base)


def _parse_text(text: str, path: Path, *, graph: str | None, base: str | None = None) -> list[ox.Quad]:
    fmt = _FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)")
    parsed = parse(text, fmt, path, base=base, rename_blank_nodes=True)
    if graph is None:
        return parsed
    target = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed]
