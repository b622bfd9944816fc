"""Queries against a remote SPARQL 1.1 Protocol endpoint, answered as the local graph answers them.

A query is checked and bound here exactly as locally (the same refusals, the same ``VALUES``
block, the same predeclared prefixes), then sent by POST as a form with the dataset the view
needs. The answer is read as it arrives and cut at the row cap; skolem IRIs come back as the blank
nodes they stand for. So the rows equal the local rows for the same graph.

The dataset: locally the default graph of ``--graphs all`` is the union of the named graphs. Many
stores do the same by default (Virtuoso, QLever, GraphDB, Neptune; Oxigraph with
``--union-default-graph``). One cheap probe asks whether the endpoint does: it takes a triple from
one of spacekg's named graphs and asks whether the default graph holds it. When it does not, or
for ``--graphs asserted|inferred`` and ``--source``, the request names the graphs itself with the
protocol's ``default-graph-uri`` and ``named-graph-uri`` parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from itertools import islice
from typing import IO, cast
from urllib.parse import urlencode

import pyoxigraph as ox

from ..errors import LimitError, QueryError, RemoteError
from ..namespaces import GENID, GRAPH, PREFIXES, RDFS, XSD
from ..store.engine import (
    LocalService,
    QueryResult,
    View,
    choose_label,
    distinct,
    inject_bindings,
    syntax_error_as_written,
    view_graphs,
)
from ..store.safety import check_query, tokenize
from .client import HttpClient, parse_url
from .skolem import deskolemise, term_tests_see_skolem_iris

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.8"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, application/ld+json;q=0.5"
LABEL_BATCH = 200  # IRIs per label lookup: a query of some 20 KB
# What COUNT gives (xsd:integer), and the integer types a store may name instead.
_COUNT_TYPES = frozenset(XSD + t for t in ("integer", "nonNegativeInteger", "long", "int", "unsignedLong", "unsignedInt"))


class QueryForm(str, Enum):
    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"


def query_form(text: str) -> QueryForm:
    """The form of a query: its first SELECT, ASK, CONSTRUCT or DESCRIBE keyword (strings, IRIs and
    comments are tokens of their own; a sub-select comes after the outer form's keyword).

    Example:
        >>> query_form("# ASK in a comment\\nCONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { ?s ?p ?o } } }").value
        'CONSTRUCT'

    Raises:
        QueryError: no query form keyword, or the text cannot be tokenized.
    """
    for token in tokenize(text):
        if token.word() in QueryForm.__members__:
            return QueryForm(token.word())
    raise QueryError("malformed query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def check_syntax(text: str, form: QueryForm, prefixes: dict[str, str] = PREFIXES, *, reaches_out: bool = False,
                 written: str | None = None) -> None:
    """Parse the query here, so that a malformed one fails as it fails locally, with its line and
    column, before anything is sent. ``text`` is what will be sent: with a stored query's
    parameters bound, for a parameter may stand where only a constant may (after GROUP BY); an
    error is placed in ``written``, the query as written, when given.

    pyoxigraph parses when it is asked a query. On an empty store, SELECT, CONSTRUCT and DESCRIBE
    answers are lazy and nothing is evaluated; ASK is answered at once, so an ASK that reaches out
    with SERVICE (``reaches_out``) is left to the endpoint to parse rather than run from here.

    Raises:
        QueryError: the query is malformed.
    """
    if form is QueryForm.ASK and reaches_out:
        return
    try:
        ox.Store().query(text, prefixes=prefixes)
    except SyntaxError as exc:
        problem = syntax_error_as_written(written or text, text, str(exc), prefixes)
        raise QueryError(f"malformed query: {problem}") from None
    except OSError:
        pass  # an ASK evaluated against nothing; only its syntax mattered


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a request names with ``default-graph-uri`` and ``named-graph-uri``."""

    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


class SparqlEndpoint:
    """A SPARQL 1.1 Protocol query endpoint (for example Oxigraph's ``http://host:7878/query``)."""

    def __init__(self, url: str, client: HttpClient) -> None:
        parse_url(url)
        self.url = url
        self.client = client

    def run(self, text: str, form: QueryForm, *, dataset: Dataset | None = None, max_rows: int | None = None,
            deadline: float | None = None) -> QueryResult:
        """Send ``text`` as it is and read the answer, at most ``max_rows`` rows (or triples).

        Raises:
            RemoteError: the endpoint refused the query (with its message), could not be reached,
                or answered something unusable: not the kind of answer ``form`` asks for (solutions,
                a boolean, a graph), malformed, or holding an RDF 1.2 triple term.
            LimitError: the deadline passed.
        """
        fields = [("query", text)]
        if dataset is not None:
            fields += [("default-graph-uri", g) for g in dataset.default_graphs]
            fields += [("named-graph-uri", g) for g in dataset.named_graphs]
        graph = form in (QueryForm.CONSTRUCT, QueryForm.DESCRIBE)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": RDF_ACCEPT if graph else RESULTS_ACCEPT}
        with self.client.open("POST", self.url, body=urlencode(fields).encode(), headers=headers,
                              deadline=deadline) as answer:
            if answer.status != 200:
                raise answer.error()
            limit = None if max_rows is None else max_rows + 1
            kind = answer.content_type or "no content type"
            where = f"POST {self.url}"
            # pyoxigraph reads a file-like object through read() alone, which an Answer has.
            body = cast(IO[bytes], answer)
            try:
                if graph:
                    fmt = ox.RdfFormat.from_media_type(answer.content_type)
                    if fmt is None or fmt.supports_datasets:
                        raise RemoteError(f"{where}: answered the {form.value} query with {kind}, not an RDF graph format")
                    # The answer is a graph, a set: a store may repeat a triple that two solutions make.
                    triples = tuple(islice(distinct(_plain_triple(q, where) for q in ox.parse(body, format=fmt)), limit))
                    truncated = max_rows is not None and len(triples) > max_rows
                    return QueryResult("graph", triples=triples[:max_rows], truncated=truncated)
                results_format = ox.QueryResultsFormat.from_media_type(answer.content_type)
                if results_format is None:
                    raise RemoteError(f"{where}: answered with {kind}, not a SPARQL results format")
                parsed = ox.parse_query_results(body, format=results_format)
                if isinstance(parsed, ox.QueryBoolean) != (form is QueryForm.ASK):
                    got = "a boolean" if isinstance(parsed, ox.QueryBoolean) else "solutions"
                    raise RemoteError(f"{where}: answered the {form.value} query with {got}, which does not fit it")
                if isinstance(parsed, ox.QueryBoolean):
                    return QueryResult("ask", boolean=bool(parsed))
                variables = tuple(v.value for v in parsed.variables)
                rows = tuple(tuple(_plain(deskolemise(s[v]), where, v) for v in variables) for s in islice(parsed, limit))
            except SyntaxError as exc:
                raise RemoteError(f"{where}: the answer is not valid {kind}: {exc}") from None
            except MemoryError as exc:  # pyoxigraph refuses a single term over its 16 MiB buffer
                raise RemoteError(f"{where}: the answer holds a term too large to read ({exc})") from None
            truncated = max_rows is not None and len(rows) > max_rows
            return QueryResult("select", variables, rows[:max_rows], truncated=truncated)


class RemoteGraph:
    """The knowledge graph as a remote endpoint holds it, asked like a local KnowledgeGraph.

    Args:
        endpoint: where to send queries.
        deadline: the ``clock()`` time by which every request made for one command must be done.
        default_is_union, prefixes, local_service: as for
            :class:`~spacekg.store.engine.KnowledgeGraph`; with ``default_is_union`` False the
            endpoint's own default graph is queried (a store holding the Wikidata view).
    """

    def __init__(self, endpoint: SparqlEndpoint, *, deadline: float | None = None, default_is_union: bool = True,
                 prefixes: dict[str, str] | None = None, local_service: LocalService | None = None) -> None:
        self.endpoint = endpoint
        self.deadline = deadline
        self.default_is_union = default_is_union
        self.prefixes = {**PREFIXES, **(prefixes or {})}
        self.local_service = local_service

    def select(self, text: str, columns: tuple[str, ...], what: str) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]]:
        """The solutions of ``text``, a SELECT of ``columns``, each by column name.

        Raises:
            RemoteError: the endpoint answered with other columns (``what`` names the answer).
        """
        result = self.endpoint.run(text, QueryForm.SELECT, deadline=self.deadline)
        if sorted(result.variables) != sorted(columns):
            got = " ".join(f"?{v}" for v in result.variables) or "none"
            raise RemoteError(f"{self.endpoint.url}: {what} came with the columns {got}, not "
                              + " ".join(f"?{c}" for c in columns))
        return [dict(zip(result.variables, row, strict=True)) for row in result.rows]

    def graph_names(self) -> list[str]:
        """The endpoint's named graphs in spacekg's graph namespace, sorted.

        Raises:
            RemoteError: the answer is not such a list.
        """
        what = "the list of graphs"
        rows = self.select(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}',
                           ("g",), what)
        return sorted(self._graph(row["g"], what) for row in rows)

    def graph_sizes(self) -> dict[str, int]:
        """How many triples each of the endpoint's graphs in spacekg's namespace holds.

        Raises:
            RemoteError: the answer is not one whole number per graph.
        """
        what = "the triple counts"
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }} GROUP BY ?g', ("g", "n"), what)
        sizes: dict[str, int] = {}
        for row in rows:
            graph, count = self._graph(row["g"], what), row["n"]
            # Digits only: int() would also read "+3", " 3" or "3_000", and refuses over 4,300 digits.
            if not (isinstance(count, ox.Literal) and count.datatype.value in _COUNT_TYPES
                    and re.fullmatch(r"[0-9]{1,18}", count.value)):
                raise RemoteError(f"{self.endpoint.url}: {what} give <{graph}> {_shown(count)}, not a count of triples")
            if graph in sizes:
                raise RemoteError(f"{self.endpoint.url}: {what} give <{graph}> twice")
            sizes[graph] = int(count.value)
        return sizes

    def _graph(self, term: object, what: str) -> str:
        """A graph's IRI from a listing, which the query limits to spacekg's graph namespace: an
        endpoint that gives another (one that ignored the filter) must not have it pruned."""
        if not (isinstance(term, ox.NamedNode) and term.value.startswith(GRAPH)):
            raise RemoteError(f"{self.endpoint.url}: {what} hold {_shown(term)}, not an IRI in spacekg's graph "
                              f"namespace {GRAPH}")
        return term.value

    def unites_named_graphs(self) -> bool:
        """Whether the endpoint's default graph holds a triple taken from one of spacekg's graphs."""
        probe = (
            "ASK { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }} LIMIT 1 }} ?s ?p ?o }}'
        )
        return bool(self.endpoint.run(probe, QueryForm.ASK, deadline=self.deadline).boolean)

    def dataset(self, view: View, source: str | None) -> Dataset | None:
        """What a request must name so that its default graph is ``view``'s graphs, as locally;
        None when the endpoint's own default graph already is (see the module's note).

        Raises:
            RemoteError: the endpoint holds none of spacekg's graphs.
            QueryError: no graph belongs to article ``source``.
        """
        if view is View.ALL and source is None and self.unites_named_graphs():
            return None
        names = self.graph_names()
        if not names:
            raise RemoteError(f"{self.endpoint.url} holds no graph in spacekg's namespace {GRAPH}; "
                              "push the graph there first (spacekg push)")
        chosen = tuple(view_graphs(names, view, source=source))
        return Dataset(chosen, chosen if source is not None else tuple(names))

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
    ) -> QueryResult:
        """Answer a query as :meth:`spacekg.store.engine.KnowledgeGraph.query` does, remotely.

        Raises:
            QueryError: the query is malformed (line and column) or uses a refused feature.
            LimitError: the query is too long, or the deadline passed.
            RemoteError: the endpoint refused the query or could not be reached.
        """
        where = f"{name}: " if name else ""
        try:
            checked, evaluated = self.local_service(text, self.prefixes) if self.local_service else (text, text)
            features = check_query(checked, allow_service=allow_service, prefixes=self.prefixes)
            if evaluated != checked:
                check_query(evaluated, allow_service=allow_service, prefixes=self.prefixes, max_bytes=None)
            form = query_form(checked)
            bound = inject_bindings(checked, bindings) if bindings else checked
            check_syntax(bound, form, self.prefixes, reaches_out=bool(features.services), written=checked)
            text = bound if evaluated == checked else inject_bindings(evaluated, bindings) if bindings else evaluated
            text = term_tests_see_skolem_iris(text)  # the store holds the pushed blank nodes as IRIs
        except (QueryError, LimitError) as exc:
            raise type(exc)(f"{where}{exc}") from None
        dataset = self.dataset(view, source) if self.default_is_union else None
        # One line of declarations; the user's own PREFIX lines come after and win, as locally.
        prologue = "".join(f"PREFIX {p}: <{ns}> " for p, ns in self.prefixes.items()) + "\n"
        return self.endpoint.run(prologue + text, form, dataset=dataset, max_rows=max_rows, deadline=self.deadline)

    def labels(self, nodes: Iterable[object]) -> dict[str, str]:
        """The label :func:`~spacekg.store.engine.choose_label` picks for each IRI among ``nodes``
        that has one, looked up in every graph of the endpoint."""
        iris = sorted({n.value for n in nodes if isinstance(n, ox.NamedNode) and not n.value.startswith(GENID)})
        found: dict[str, list[ox.Literal]] = {}
        for start in range(0, len(iris), LABEL_BATCH):
            values = " ".join(f"<{iri}>" for iri in iris[start : start + LABEL_BATCH])
            rows = self.select(
                f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} "
                f"{{ ?s <{RDFS}label> ?l }} UNION {{ GRAPH ?g {{ ?s <{RDFS}label> ?l }} }} }}", ("s", "l"), "the labels")
            for row in rows:
                s, label = row["s"], row["l"]
                if isinstance(s, ox.NamedNode) and isinstance(label, ox.Literal):
                    found.setdefault(s.value, []).append(label)
        return {iri: chosen for iri, literals in found.items() if (chosen := choose_label(literals)) is not None}


def _plain(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None, where: str,
           variable: str) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """``term``, which must not be an RDF 1.2 triple term: spacekg's graphs hold none, and refuse
    them as input (README, "Safety defaults"), so an endpoint that answers with one answered
    something else than spacekg's graph.

    Raises:
        RemoteError: ``term`` is a triple term.
    """
    if isinstance(term, ox.Triple):
        raise _triple_term(where, term, f" (bound to ?{variable})")
    return term


def _plain_triple(quad: ox.Quad, where: str) -> ox.Triple:
    """A triple of a graph answer, its skolem IRIs turned back (see :func:`_plain`).

    Raises:
        RemoteError: the subject or object is a triple term.
    """
    for term in (quad.subject, quad.object):
        if isinstance(term, ox.Triple):
            raise _triple_term(where, term, "")
    return ox.Triple(deskolemise(quad.subject), quad.predicate, deskolemise(quad.object))


def _triple_term(where: str, term: ox.Triple, bound: str) -> RemoteError:
    return RemoteError(f"{where}: the answer holds an RDF 1.2 triple term{bound}, which spacekg does not support: "
                       f"<<( {term} )>>")


def _shown(term: object) -> str:
    return "nothing" if term is None else str(term)


def result_nodes(result: QueryResult) -> Iterable[object]:
    """Every term a result shows, for looking up labels."""
    for row in result.rows:
        yield from row
    for triple in result.triples:
        yield from (triple.subject, triple.predicate, triple.object)
