"""Answer SPARQL queries over the built snapshot with pyoxigraph.

rdflib stays the reference for loading and reasoning; queries run on pyoxigraph because it
plans joins well and starts in milliseconds (see docs/performance.md). The tests run every
stored query on both engines and require the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from functools import lru_cache, partial
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import pyoxigraph as ox

from ..errors import LimitError, QueryError, RemoteError, SpaceKGError
from ..namespaces import GRAPH, INFERRED_PREFIX, JUSTIFICATIONS_GRAPH, PREFIXES, RDFS, shorten
from ..rdf import spo
from .graphs import View
from .limits import on_a_deep_stack

if TYPE_CHECKING:
    from .safety import QueryFeatures
    from .snapshot import Build

T = TypeVar("T", bound=Hashable)
# Answers a SERVICE locally: (query with the block blanked in place, query to evaluate).
LocalService = Callable[[str, dict[str, str]], tuple[str, str]]
SCHEMA_OUTPUT = INFERRED_PREFIX + "schema"
ACCEPTED_OUTPUT = INFERRED_PREFIX + "owl"
RULES_GRAPH = INFERRED_PREFIX + "rules"


# Records here are NamedTuples, not frozen dataclasses: a dataclass makes its methods with exec
# as the module is imported, near a millisecond each, and a cold query imports this module.
class QueryResult(NamedTuple):
    """A SELECT, ASK, CONSTRUCT or DESCRIBE answer, materialized."""

    kind: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False
    warnings: tuple[str, ...] = ()
    total: int | None = None
    """With ``count_total``, how many rows (or triples) the whole answer has."""


class Dataset(NamedTuple):
    """The graphs a query reads, as the SPARQL Protocol's ``default-graph-uri`` and
    ``named-graph-uri`` give them: the default graph merges ``default``; ``GRAPH`` reaches ``named``."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


class KnowledgeGraph:
    """A read-only view of the built knowledge graph."""

    def __init__(self, store: ox.Store, *, default_is_union: bool = True, merged: bool = False,
                 prefixes: dict[str, str] | None = None, local_service: LocalService | None = None) -> None:
        """``default_is_union``: the default graph of a query unites the named graphs (spacekg's
        layout); when False, queries read the store's own default graph (a Wikidata-shaped view).
        ``merged``: the store's own default graph already holds that union as an RDF merge, each
        triple once (:func:`merge_named_graphs`); else pyoxigraph unites the graphs per query,
        and matches a triple once per graph that holds it (oxigraph issue 1919).
        ``prefixes`` are declared in every query, beside spacekg's own; they are not written into
        the query text, so error positions stay those of the text as given. ``local_service``
        answers a SERVICE locally: it returns the query with that block blanked in place (what the
        safety check and the parser see) and the query to evaluate."""
        self.store = store
        self.default_is_union = default_is_union
        self.merged = merged
        self.prefixes = {**PREFIXES, **(prefixes or {})}
        self.local_service = local_service
        self._held: frozenset[str] | None = None

    @classmethod
    def from_nquads(cls, data: bytes, *, meanwhile: Callable[[], object] | None = None) -> KnowledgeGraph:
        """An in-memory graph of N-Quads (a snapshot, validated when it was built). ``meanwhile``
        is called once the rest of the loading runs in native code, which lets another thread
        hold the GIL (see :func:`spacekg.store.limits.import_beside`)."""
        store = ox.Store()
        # Store.load parses in native code, sooner than making a Python quad of each line, but
        # gives every blank node a fresh random label: the lines that may hold one are
        # parsed into quads, which keep the snapshot's labels, so that answers are the same in
        # every run and store. They are parsed first, since the parser hands the GIL over at each
        # quad. The runs go in in the snapshot's order, which the order of an unsorted answer follows.
        runs = [(run, list(ox.parse(run, format=ox.RdfFormat.N_QUADS, lenient=True)) if labelled else None)
                for run, labelled in _blank_node_runs(data)]
        if meanwhile is not None:
            meanwhile()
        for run, quads in runs:
            if quads is None:
                store.load(run, format=ox.RdfFormat.N_QUADS, lenient=True)
            else:
                store.extend(quads)
        merge_named_graphs(store)
        return cls(store, merged=True)

    @classmethod
    def open(cls, build: Build, *, meanwhile: Callable[[], object] | None = None) -> KnowledgeGraph:
        """The graph of ``build``: a small one's snapshot loaded into memory (sooner than RocksDB
        starts), a large one's on-disk store opened read-only and read in place. ``meanwhile`` is
        called once the rest of the opening runs in native code (see :meth:`from_nquads`).

        Opening the on-disk store starts threads: a process that opened one must not fork.
        """
        if not build.has_store:
            return cls.from_nquads(build.nquads(), meanwhile=meanwhile)
        if meanwhile is not None:
            meanwhile()
        return cls(ox.Store.read_only(str(build.store_dir)), merged=True)  # merged when written

    def held_graphs(self) -> frozenset[str]:
        """The names of the store's named graphs (read once: the store is read-only)."""
        if self._held is None:
            self._held = frozenset(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))
        return self._held

    def graph_names(self, view: View = View.ALL, *, source: str | None = None) -> list[ox.NamedNode]:
        """The graphs of ``view`` (see :func:`view_graphs`)."""
        names = [g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)]
        return [ox.NamedNode(g) for g in view_graphs(names, view, source=source)]

    def query(
        self,
        text: str,
        *,
        view: View = View.ALL,
        source: str | None = None,
        bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
        allow_service: bool = False,
        max_rows: int | None = None,
        name: str | None = None,
        dataset: Dataset | None = None,
        select_graphs: bool = False,
        count_total: bool = False,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query whose default graph is the union of the graphs in ``view``
        (restricted to one article's view with ``source``). With ``max_rows``, at most that many
        rows (or triples) are kept and ``truncated`` says whether more existed; ``count_total``
        also counts the rest. ``name`` (a stored query's name) prefixes error messages.
        ``base_iri`` resolves relative IRIs (a server's endpoint URL).

        A server's policy (``select_graphs``): FROM and FROM NAMED may select graphs this store
        holds, and so may ``dataset`` (the protocol's choice, which overrides the query's).

        Raises:
            QueryError: the query is malformed (with its line and column), uses a refused feature
                (SERVICE without permission, FROM without ``select_graphs``, an update; see
                :mod:`spacekg.store.safety`), or names a graph the store does not hold.
            LimitError: the query text is over the size limit.
        """
        from .safety import MAX_QUERY_BYTES  # the scanner is compiled only where a query is run

        where = f"{name}: " if name else ""
        try:
            checked, evaluated = self.local_service(text, self.prefixes) if self.local_service else (text, text)
            held = self.held_graphs() if select_graphs else None
            prefixes = tuple(sorted(self.prefixes.items()))
            features = _check(checked, allow_service, prefixes, held, MAX_QUERY_BYTES)
            if evaluated != checked:
                # What runs is checked too: a locally answered service may bring in nothing refused.
                _check(evaluated, allow_service, prefixes, held, None)
            selects = bool(features.dataset)
            if dataset is not None:
                for iri in (*dataset.default, *dataset.named):
                    if held is None or iri not in held:
                        raise QueryError(f"<{iri}> names no graph of this store")
        except (QueryError, LimitError) as exc:
            raise type(exc)(f"{where}{exc}") from None
        # The engine parses and evaluates recursively: a deeply nested query needs a deep stack.
        return on_a_deep_stack(partial(self._run, text, checked, evaluated, where=where, view=view, source=source,
                                       bindings=bindings, max_rows=max_rows, dataset=dataset, selects=selects,
                                       count_total=count_total, base_iri=base_iri, services=bool(features.services)))

    def _run(self, text: str, checked: str, evaluated: str, *, where: str, view: View, source: str | None,
             bindings: dict[str, ox.NamedNode | ox.Literal] | None, max_rows: int | None,
             dataset: Dataset | None, selects: bool, count_total: bool, base_iri: str | None,
             services: bool) -> QueryResult:
        """Parse and evaluate a query :meth:`query` has checked."""
        def bound(written: str) -> str:
            try:
                return inject_bindings(written, bindings) if bindings else written
            except QueryError as exc:
                raise QueryError(f"{where}{exc}") from None

        if evaluated != checked:
            # Parse the user's text first, so that a syntax error names its own lines and columns;
            # bound, as it runs, for a parameter may stand where only a constant may (after GROUP BY).
            try:
                ox.Store().query(bound(checked), prefixes=self.prefixes)
            except SyntaxError as exc:
                problem = syntax_error_as_written(checked, bound(checked), str(exc), self.prefixes)
                raise QueryError(f"{where}malformed query: {problem}") from None
            text = evaluated
        written = text
        text = bound(text)
        try:
            if dataset is not None:
                answer = self.store.query(text, prefixes=self.prefixes, base_iri=base_iri,
                                          default_graph=[ox.NamedNode(g) for g in dataset.default],
                                          named_graphs=[ox.NamedNode(g) for g in dataset.named])
            elif not self.default_is_union or selects:
                answer = self.store.query(text, prefixes=self.prefixes, base_iri=base_iri)
            elif view is View.ALL and source is None and self.merged:
                answer = self.store.query(text, prefixes=self.prefixes, base_iri=base_iri)
            elif view is View.ALL and source is None:
                # pyoxigraph unites all graphs natively; a list of tens of thousands of sentence
                # graphs as the default graph would make every pattern a union over them.
                answer = self.store.query(text, prefixes=self.prefixes, base_iri=base_iri,
                                          use_default_graph_as_union=True)
            else:
                # A list made here, so that its type is the list of graph names pyoxigraph asks for.
                # One article's view holds its named graphs too: GRAPH ?g reaches no other article's.
                chosen = self.graph_names(view, source=source)
                graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [*chosen]
                named: list[ox.NamedNode | ox.BlankNode] | None = [*chosen] if source is not None else None
                answer = self.store.query(text, prefixes=self.prefixes, base_iri=base_iri, default_graph=graphs,
                                          named_graphs=named)
        except SyntaxError as exc:
            problem = syntax_error_as_written(written, text, str(exc), self.prefixes)
            raise QueryError(f"{where}malformed query: {problem}") from None
        except (OSError, RuntimeError) as exc:
            raise _failure(where, exc, services) from None
        warnings = tuple(f"{source}'s own closure is left out of this answer: {problem}"
                         for _, problem in self.closure_problems(source)) if source is not None else ()
        try:  # solutions are computed as they are read: a failing SERVICE fails here
            return _materialize(answer, max_rows, warnings, count_total)
        except (OSError, RuntimeError) as exc:
            raise _failure(where, exc, services) from None

    def closure_problems(self, article: str | None = None) -> list[tuple[str, str]]:
        """(article, why) for each article whose own closure the build left out because its view
        is inconsistent; only ``article``'s when given. The build records the reason as an
        ``rdfs:comment`` on the article's inferred graph, in that graph."""
        graphs = [ox.NamedNode(INFERRED_PREFIX + article)] if article else [
            g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(INFERRED_PREFIX)]
        return sorted((g.value.removeprefix(INFERRED_PREFIX), spo(q)[2].value) for g in graphs
                      for q in self.store.quads_for_pattern(g, ox.NamedNode(RDFS + "comment"), None, g))

    def absent(self, term: ox.NamedNode | ox.Literal | ox.BlankNode, position: str | None = None) -> str | None:
        """Why no triple with ``term`` can be in the graph, when it is an IRI in no triple here:
        with the closest IRIs the graph has in ``position`` (subject, predicate or object; by
        default either end of a triple), for a slip such as ``skg:Evnt``."""
        if not isinstance(term, ox.NamedNode) or any(
                next(iter(quads), None) is not None
                for quads in (self.store.quads_for_pattern(term, None, None),
                              self.store.quads_for_pattern(None, term, None),
                              self.store.quads_for_pattern(None, None, term))):
            return None
        import difflib

        used: dict[str, ox.NamedNode] = {}
        for pattern in [_POSITIONS[position]] if position in _POSITIONS else [_POSITIONS["subject"],
                                                                              _POSITIONS["object"]]:
            # One position at a time, in the merged default graph where the store has it: a
            # union of positions over every named graph took seconds on a large graph.
            where = pattern if self.merged else f"GRAPH ?g {{ {pattern} }}"
            used |= {shorten(row[0].value): row[0] for row in self.store.query(  # type: ignore[union-attr]
                f"SELECT DISTINCT ?x WHERE {{ {where} FILTER isIRI(?x) }}")}
        close = difflib.get_close_matches(shorten(term.value), sorted(used), n=3, cutoff=0.75)
        # Each with its label, as a name not found is answered: an IRI alone may not say which is meant.
        shown = [f"{name} ({label})" if (label := self.label(used[name])) else name for name in close]
        return (f"{shorten(term.value)} is in no triple of the graph"
                + (f"; did you mean {', '.join(shown)}?" if shown else "."))

    def label(self, node: ox.NamedNode) -> str | None:
        """Return the ``rdfs:label`` of ``node`` that :func:`choose_label` picks, if it has any."""
        return choose_label(q.object for q in self.store.quads_for_pattern(node, ox.NamedNode(RDFS + "label"), None, None))


def merge_named_graphs(store: ox.Store) -> None:
    """Write the RDF merge of ``store``'s named graphs into its default graph: a triple that
    several graphs hold is in it once, as the union default graph of a SPARQL dataset has it."""
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


_POSITIONS = {"subject": "?x ?p ?o", "predicate": "?s ?x ?o", "object": "?s ?p ?x"}


def _blank_node_runs(data: bytes) -> Iterator[tuple[bytes, bool]]:
    """N-Quads ``data`` cut at line ends into runs, in order, each with whether its lines contain
    ``_:`` (each line of a labelled run does; no line of another run holds a blank node).

    Example:
        >>> list(_blank_node_runs(b"<a> <b> <c> .\\n_:x <b> <c> .\\n<a> <b> _:y .\\n<a> <b> <d> .\\n"))
        [(b'<a> <b> <c> .\\n', False), (b'_:x <b> <c> .\\n<a> <b> _:y .\\n', True), (b'<a> <b> <d> .\\n', False)]
    """
    labelled: list[tuple[int, int]] = []  # (start, end) of the runs of lines with "_:"
    for mark in re.finditer(b"_:", data):  # the regex engine finds them sooner than bytes.find
        at = mark.start()
        if labelled and at < labelled[-1][1]:
            continue  # on a line already taken
        line, end = data.rfind(b"\n", 0, at) + 1, data.find(b"\n", at) + 1 or len(data)
        if labelled and labelled[-1][1] == line:
            labelled[-1] = (labelled[-1][0], end)
        else:
            labelled.append((line, end))
    start = 0
    for first, end in labelled:
        if first > start:
            yield data[start:first], False
        yield data[first:end], True
        start = end
    if start < len(data):
        yield data[start:], False


def choose_label(terms: Iterable[object]) -> str | None:
    """The label to show among ``terms``: English if there is one, else language-less, else any;
    of several, the first in code-point order, so that every store gives the same.

    Example:
        >>> choose_label([ox.Literal("b", language="en"), ox.Literal("a"), ox.Literal("c", language="en")])
        'b'
    """
    ranked = [(0 if t.language == "en" else 1 if not t.language else 2, t.value)
              for t in terms if isinstance(t, ox.Literal)]
    return min(ranked)[1] if ranked else None


_SENTENCE_GRAPH = re.compile(re.escape(GRAPH) + r"(a\d+)-L\d")


def view_graphs(names: Iterable[str], view: View = View.ALL, *, source: str | None = None) -> list[str]:
    """The graph IRIs among ``names`` that make up ``view``, sorted; with ``source`` (an article id
    such as ``a000``), only what that article says and what follows from it: the shared ontology
    and entities with the schema's closure, the article's sentence graphs and its own closure,
    and the records that place sentences (``g:sources``, ``g:provenance``).

    Raises:
        QueryError: no graph belongs to article ``source``.
    """
    chosen = sorted(names)
    if source is not None:
        keep = {GRAPH + n for n in ("ontology", "alignments", "entities", "sources", "provenance")}
        keep |= {SCHEMA_OUTPUT, INFERRED_PREFIX + source}
        every = chosen
        chosen = [g for g in chosen if g in keep or g.startswith(f"{GRAPH}{source}-")]
        if not any(g.startswith(f"{GRAPH}{source}-") for g in chosen):
            articles = sorted({m[1] for g in every if (m := _SENTENCE_GRAPH.match(g))})
            raise QueryError(f"no article {source!r} in the graph (articles: {', '.join(articles) or 'none'})")
    if view is View.JUSTIFICATIONS:
        return [g for g in chosen if g == JUSTIFICATIONS_GRAPH]
    chosen = [g for g in chosen if g != JUSTIFICATIONS_GRAPH]
    if view is View.ASSERTED:
        return [g for g in chosen if not g.startswith(INFERRED_PREFIX)]
    if view is View.INFERRED:
        return [g for g in chosen if g.startswith(INFERRED_PREFIX)]
    return chosen


def distinct(items: Iterable[T]) -> Iterator[T]:
    """``items`` without repeats, in their order, read lazily (so that a row cap stops the reading).

    Example:
        >>> list(distinct([2, 1, 2, 3, 1]))
        [2, 1, 3]
    """
    seen: set[T] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


@lru_cache(maxsize=256)
def _check(text: str, allow_service: bool, prefixes: tuple[tuple[str, str], ...], graphs: frozenset[str] | None,
           max_bytes: int | None) -> QueryFeatures:
    """:func:`check_query`, remembered for the texts seen last: a server answers the same stored
    and page queries again and again, and the verdict depends only on these arguments."""
    from .safety import check_query  # its scanner is compiled only where a query is run

    return check_query(text, allow_service=allow_service, prefixes=dict(prefixes), graphs=graphs, max_bytes=max_bytes)


def _failure(where: str, exc: Exception, remote: bool) -> SpaceKGError:
    """A query's failure. In a query that reaches out with SERVICE, pyoxigraph's I/O and parse
    errors are the endpoint's (it could not be reached, answered an error, or answered what is
    no SPARQL result): a remote failure (exit 7), not the query's."""
    if remote:
        return RemoteError(f"{where}a SERVICE endpoint failed: {exc}")
    return QueryError(f"{where}query failed: {exc}")


# The graph holds none (the inputs refuse them); a query can make one (<<( … )>>, TRIPLE()).
_TRIPLE_TERM = ("{} holds an RDF 1.2 triple term, {}, which spacekg does not support (no format it writes holds "
                "one, and OWL 2 RL gives it no meaning)")


def _materialize(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, max_rows: int | None, warnings: tuple[str, ...], count_total: bool) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer), warnings=warnings)
    limit = None if max_rows is None else max_rows + 1
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[v] for v in variables) for solution in islice(answer, limit))
        if ox.Triple in {type(value) for row in rows for value in row}:
            found = next((f"?{name}", value) for row in rows for name, value in zip(variables, row)
                         if isinstance(value, ox.Triple))
            raise QueryError(_TRIPLE_TERM.format(*found))
        truncated = max_rows is not None and len(rows) > max_rows
        total = len(rows) + sum(1 for _ in answer) if count_total else None
        return QueryResult("select", variables, rows[:max_rows], truncated=truncated, warnings=warnings, total=total)
    # A CONSTRUCT answer is a graph, a set; two solutions can make the same triple.
    unique = distinct(answer)
    triples = tuple(islice(unique, limit))
    if ox.Triple in {type(t.object) for t in triples} | {type(t.subject) for t in triples}:
        found = next(t for t in triples if isinstance(t.object, ox.Triple) or isinstance(t.subject, ox.Triple))
        raise QueryError(_TRIPLE_TERM.format("a triple", found))
    truncated = max_rows is not None and len(triples) > max_rows
    total = len(triples) + sum(1 for _ in unique) if count_total else None
    return QueryResult("graph", triples=triples[:max_rows], truncated=truncated, warnings=warnings, total=total)


def inject_bindings(text: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind query variables by a ``VALUES`` block at the top of the query's WHERE group, and of
    every sub-select's that names them.

    A parameter is a constant of the whole query, but a sub-select sees none of the variables
    around it: bound only outside, a parameter would be unbound in a sub-select's filters. So each
    sub-select that names one gets the block too, unless it assigns that variable itself (``BIND
    (… AS ?year)``): there the name is the sub-select's own, as SPARQL scopes it. After GROUP BY a
    solution keeps only its groups' keys, so in the expressions of a projection and of HAVING the
    value is written in place of the variable. A group that holds only a sub-select cannot take a
    block beside it, so the sub-select is wrapped in a group of its own; ``CONSTRUCT WHERE { T }``
    is written out as the ``CONSTRUCT { T } WHERE { T }`` it stands for, and a DESCRIBE without a
    WHERE clause gets one.

    Raises:
        QueryError: the query has no WHERE group to put them in, assigns a parameter's variable
            itself at its top level, or cannot be tokenized.
    """
    from .safety import position, select_scopes

    names = sorted(bindings)
    top, *inner = select_scopes(text)
    for name in names:
        if name in top.assigned:
            line, column = position(text, top.assigned[name])
            raise QueryError(f"?{name} is the parameter {name}, and the query assigns it too (line {line}, column "
                             f"{column}); rename the variable or the parameter")
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    if top.open is None:
        if top.head_end is None:
            raise QueryError("a query with parameters needs a WHERE clause")
        edits.append((top.head_end, top.head_end, f" WHERE {{{_values(bindings, names)}}} "))
    else:
        if top.short is not None:
            edits.append((top.short, top.short, f"{{{text[top.open:top.close]}}} "))
        edits += _block_edits(top.open, top.close, top.wraps, _values(bindings, names))
    for scope in inner:
        chosen = [n for n in names if n in scope.names and n not in scope.assigned]
        if chosen and scope.open is not None:
            edits += _block_edits(scope.open, scope.close, scope.wraps, _values(bindings, chosen))
    for scope in (top, *inner):
        edits += [(at, at + len(var), f" {bindings[var[1:]]} ") for at, var in scope.expressions
                  if var[1:] in bindings and var[1:] not in scope.assigned]
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _values(bindings: dict[str, ox.NamedNode | ox.Literal], names: list[str]) -> str:
    return f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(str(bindings[n]) for n in names)}) }} "


def _block_edits(start: int, end: int | None, wraps: bool, block: str) -> list[tuple[int, int, str]]:
    if not wraps or end is None:
        return [(start, start, block)]
    return [(start, start, block + "{ "), (end, end, " } ")]


def syntax_problem(text: str, prefixes: dict[str, str] = PREFIXES) -> str | None:
    """What is malformed in the SPARQL ``text``, with its line and column, or None. Parsing runs
    no query: an empty store answers the parse."""
    return syntax_problems([text], prefixes)[0]


def syntax_problems(texts: Sequence[str], prefixes: dict[str, str] = PREFIXES) -> list[str | None]:
    """:func:`syntax_problem` of each of ``texts``, parsed on one deep stack (a build checks every
    rule file: a thread for each cost more than the parses)."""
    def parse_all() -> list[str | None]:
        store, messages = ox.Store(), []
        for text in texts:
            message = None
            try:  # the parsed query is dropped on the thread that made it, as pyoxigraph requires
                store.query(text, prefixes=prefixes)
            except SyntaxError as exc:
                message = str(exc)
            except (OSError, RuntimeError):
                pass  # the text parses; what the engine refuses to run (an unknown function) is said when it runs
            messages.append(message)
        return messages

    return [None if message is None else explain_syntax_error(text, message, prefixes)
            for text, message in zip(texts, on_a_deep_stack(parse_all))]


def syntax_error_as_written(written: str, run: str, message: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """What is malformed in ``written``, from the engine's ``message`` about ``run``, the text with
    its parameters bound: with the line and column in the query as written, which the bound
    parameters moved."""
    problem = explain_syntax_error(run, message, prefixes)
    if run != written:
        problem = syntax_problem(written, prefixes) or problem
    return problem


def explain_syntax_error(text: str, message: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """Name an unbalanced bracket or an undeclared prefix when there is one, where the parser
    would name the furthest point it tried, and keep the parser's message short."""
    from .safety import tokenize, unbalanced_bracket, undeclared_prefix

    tried = re.search(r"\bat (\d+):(\d+)", message)
    if tried is not None and "\r" in text:
        message = message.replace(tried[0], "at {}:{}".format(*_counted(text, int(tried[1]), int(tried[2]))), 1)
        tried = re.search(r"\bat (\d+):(\d+)", message)
    # The parser's position is at or after the first error, so a bracket or a character that no
    # token starts (a NUL, an unterminated string) after it is a later one.
    try:
        tokenize(text)
    except QueryError as exc:
        lexical = re.match(r"line (\d+), column (\d+): ", str(exc))
        if lexical is not None and (tried is None or (int(lexical[1]), int(lexical[2])) <= (int(tried[1]),
                                                                                                int(tried[2]))):
            return str(exc)
    stray = unbalanced_bracket(text)
    if stray is not None and (tried is None or stray[:2] <= (int(tried[1]), int(tried[2]))):
        line, column, what = stray
        return f"line {line}, column {column}: {what}"
    undeclared = undeclared_prefix(text, prefixes)
    if undeclared is not None:
        prefix, line, column = undeclared
        return f"line {line}, column {column}: unknown prefix '{prefix}:' (declare it with PREFIX {prefix}: <...>)"
    # The engine words a rule of SPARQL the query breaks as one of the things it expected, amid
    # every character class it would have accepted.
    rule = re.search(r"\bThe [A-Z]+ [^,\[]*", message)
    if rule is not None and tried is not None:
        hint = _RULE_HINTS.get(rule[0].rsplit(" ", 1)[-1], "")
        return f"error at {tried[1]}:{tried[2]}: {rule[0].strip()}{hint}"
    # The parser lists every character class it would have accepted; the position says enough.
    return re.sub(r"(expected one of .{0,60}?),? ?\[.*$", r"\1 ...", " ".join(message.split()))


def _counted(text: str, line: int, column: int) -> tuple[int, int]:
    """The engine's position (lines counted at line feeds only, columns in characters) as every
    other position is counted: a carriage return alone ends a line too."""
    from .safety import position

    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    offset = starts[min(line, len(starts)) - 1] + column - 1
    return position(text, min(offset, len(text)))


# What to do about a rule the engine names, by its last word.
_RULE_HINTS = {"unbound": " (with GROUP BY or an aggregate, a SELECT may use only the grouped variables, and "
                          "others inside an aggregate such as SAMPLE(?x))"}
