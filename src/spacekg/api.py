"""The public Python API: open a graph, run stored queries and SPARQL, get rows as Python values.

Example (a notebook)::

    import spacekg
    kg = spacekg.open_graph()              # the project found from here, else the packaged graph
    kg.query("events-in-year", year=2016)  # a Result: shown as an HTML table in Jupyter
    kg.query("ordinals").to_dataframe()    # needs pandas (pip install 'spacekg[pandas]')

pandas is imported only by :meth:`Result.to_dataframe`.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox

from .errors import QueryError, UsageError
from .formats.output import display
from .namespaces import XSD
from .sources.project import Project, find_project
from .store.engine import KnowledgeGraph, QueryResult, View
from .store.graphs import QueryView
from .store.names import parameter_warnings, resolve_names
from .store.queries import LEXICAL_FORMS, Column, Parameter, StoredQuery, bind_parameters, get_query, load_queries

if TYPE_CHECKING:
    import pandas

# What the package root re-exports: the types of the values, queries and choices used here.
__all__ = ["Column", "Graph", "Parameter", "QueryView", "Result", "StoredQuery", "Value", "View", "open_graph"]

Value = str | int | float | bool | Decimal | date | datetime | None
_E = TypeVar("_E", bound=Enum)

# Each datatype read as a Python value, by the name of its lexical form (store.queries' forms).
_KINDS = {
    **{XSD + t: "integer" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
                                    "unsignedShort", "unsignedByte")},
    XSD + "decimal": "decimal", XSD + "double": "double", XSD + "float": "double", XSD + "boolean": "boolean",
    XSD + "date": "date", XSD + "dateTime": "dateTime", XSD + "dateTimeStamp": "dateTime",
}
HTML_ROWS = 200


def to_python(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Value:
    """A term as a Python value: an IRI as its string, a blank node as ``_:label``, a typed literal
    as ``int``, ``Decimal``, ``float``, ``bool``, ``date`` or timezone-aware ``datetime``, anything
    else as its lexical form: an ill-formed literal, and one that the Python type cannot hold as it
    is (a date with a zone or a year beyond 9999, a dateTime without its zone or finer than a
    microsecond).

    Example:
        >>> to_python(ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")))
        3
        >>> to_python(ox.Literal("2019-01-03T02:26:00Z", datatype=ox.NamedNode(XSD + "dateTime")))
        datetime.datetime(2019, 1, 3, 2, 26, tzinfo=datetime.timezone.utc)
        >>> to_python(ox.Literal("three", datatype=ox.NamedNode(XSD + "integer")))
        'three'
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return str(term)
    text, datatype = term.value, term.datatype.value
    # Only a literal in its type's XSD lexical space becomes a value: int() and fromisoformat()
    # take more ("1_000", Arabic-Indic digits, "infinity", a dateTime without its zone).
    lexical = text.strip(" \t\n\r")
    kind = _KINDS.get(datatype)
    if kind is None or not re.fullmatch(_FORMS[kind], lexical):
        return text
    if kind == "integer":
        return int(lexical)
    if kind == "decimal":
        return Decimal(lexical)
    if kind == "boolean":
        return lexical in ("true", "1")
    if kind == "double":
        return float(lexical.replace("INF", "inf"))
    try:
        if kind == "date" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", lexical):
            return date.fromisoformat(lexical)
        # A datetime holds microseconds and needs its zone (the value is timezone-aware).
        if kind == "dateTime" and re.fullmatch(r"[0-9]{4}-[^.]*(?:\.[0-9]{1,6})?(?:Z|[+-][0-9]{2}:[0-9]{2})", lexical) \
                and "T24:" not in lexical:
            return datetime.fromisoformat(lexical)
    except ValueError:
        pass
    return text


_FORMS = {**{kind.value: form for kind, (form, _) in LEXICAL_FORMS.items()},
          "double": r"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|INF)|NaN"}


@dataclass(frozen=True)
class Result:
    """A query's answer. SELECT gives ``variables`` and ``rows``; ASK gives ``boolean`` (and one
    row); CONSTRUCT and DESCRIBE give one row per triple (subject, predicate, object)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    boolean: bool | None
    _terms: tuple[tuple[Any, ...], ...]
    _graph: KnowledgeGraph

    @classmethod
    def _of(cls, answer: QueryResult, graph: KnowledgeGraph) -> Result:
        if answer.kind == "ask":
            terms: tuple[tuple[Any, ...], ...] = ((ox.Literal(str(answer.boolean).lower(),
                                                              datatype=ox.NamedNode(XSD + "boolean")),),)
            variables: tuple[str, ...] = ("boolean",)
        elif answer.kind == "graph":
            terms = tuple((t.subject, t.predicate, t.object) for t in answer.triples)
            variables = ("subject", "predicate", "object")
        else:
            terms, variables = answer.rows, answer.variables
        rows = tuple(tuple(to_python(t) for t in row) for row in terms)
        return cls(variables, rows, answer.boolean, terms, graph)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Value, ...]]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Value]]:
        """The rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row)) for row in self.rows]

    def labelled(self) -> tuple[tuple[Value, ...], ...]:
        """The rows with each IRI replaced by its English label where it has one (as the command
        line's table shows them); other values as in :attr:`rows`."""
        return tuple(
            tuple(self._graph.label(t) or v if isinstance(t, ox.NamedNode) else v for t, v in zip(terms, row))
            for terms, row in zip(self._terms, self.rows)
        )

    def to_dataframe(self, *, labels: bool = False) -> pandas.DataFrame:
        """The rows as a pandas DataFrame, one column per variable (needs ``spacekg[pandas]``);
        with ``labels``, IRIs are replaced by their labels as in :meth:`labelled`."""
        try:
            import pandas
        except ImportError:
            raise ImportError("Result.to_dataframe needs pandas: pip install 'spacekg[pandas]'") from None
        return pandas.DataFrame(list(self.labelled() if labels else self.rows), columns=list(self.variables))

    def _repr_html_(self) -> str:
        """An HTML table for Jupyter: IRIs show their English label (the full IRI on hover), as in
        the command line's table."""
        head = "".join(f"<th>{escape(v)}</th>" for v in self.variables)
        body = []
        for row in self._terms[:HTML_ROWS]:
            cells = []
            for term in row:
                shown = escape(display(term, self._graph.label))
                if isinstance(term, ox.NamedNode):
                    shown = f'<span title="{escape(term.value)}">{shown}</span>'
                cells.append(f"<td>{shown}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        more = f", the first {HTML_ROWS} shown" if len(self.rows) > HTML_ROWS else ""
        caption = f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''}{more}"
        return (f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>")

    def __repr__(self) -> str:
        return f"<spacekg.Result {len(self.rows)} rows × {', '.join(self.variables)}>"


class Graph:
    """The built knowledge graph of one project, evaluated at one date, ready for queries."""

    def __init__(self, project: Project, *, as_of: date | None = None) -> None:
        from .store.snapshot import current_build, today

        self.project = project
        self.as_of = as_of or today()
        self._build = current_build(project, as_of=self.as_of)
        self._kg = KnowledgeGraph.open(self._build)
        self._wikidata: KnowledgeGraph | None = None
        self._records: KnowledgeGraph | None = None

    def queries(self) -> dict[str, StoredQuery]:
        """The stored queries by name, each with its title, description and parameters."""
        return load_queries(self.project.queries_dir)

    def query(self, name: str, params: Mapping[str, object] | None = None, /, **kwargs: object) -> Result:
        """Run the stored query ``name`` on the graph its header names (``#+ view: wikidata``: the
        Wikidata view). Parameters are given as a mapping (needed for names such as ``from``) or
        as keyword arguments, with values written as on the command line (``target="d:moon"``,
        ``year="2013"``) or as Python values (``year=2013``, ``True``, a ``Decimal``, a ``date``
        or a ``datetime``). A parameter given as ``None`` is left out: it takes its default. An
        IRI parameter in no triple of the graph still runs, with a :class:`UserWarning` that names
        the closest IRIs the graph has.

        Raises:
            QueryNotFoundError: no stored query has that name (close names are suggested).
            QueryError: a parameter is unknown, given twice, or its value is malformed, or one
                without a default is not given.
        """
        stored = get_query(self.project.queries_dir, name, listing="Graph.queries() lists them")
        if twice := sorted(set(params or {}) & set(kwargs)):
            raise QueryError(f"parameter {twice[0]} is given twice")
        # None is a parameter left out, as in a Python call: str() would bind the text "None".
        values = {key: _lexical(value) for key, value in {**(params or {}), **kwargs}.items() if value is not None}
        graph = self._graph(stored.view)
        bindings = resolve_names(graph.store, bind_parameters(stored, values, given_as="give {}=VALUE"), stored.parameters)
        # A slip such as d:marz, or a thing of another kind, would otherwise be an empty answer
        # without a word, as on the command line.
        for note in parameter_warnings(graph, stored.parameters, bindings):
            warnings.warn(note, UserWarning, stacklevel=2)
        answer = graph.query(stored.text, bindings=bindings, name=stored.name)
        return Result._of(answer, graph)

    def sparql(self, text: str, *, graphs: View | str = View.ALL, source: str | None = None,
               view: QueryView | str = QueryView.SPACEKG) -> Result:
        """Run a SPARQL query. spacekg's prefixes (``skg:``, ``d:``, ``g:`` …) are declared.
        ``graphs`` (a :class:`View` or its value, ``"asserted"``) picks the asserted graphs, the
        inferred ones, the justification records, or all; ``source`` (``a000``) answers according
        to one article only; ``view=QueryView.WIKIDATA`` (or ``"wikidata"``) runs a query written
        for the Wikidata Query Service on the graph's facts in Wikidata's terms.

        The query runs in this process, without the time and memory limits the command line and
        the server give each query in a worker: run untrusted queries there.

        Raises:
            QueryError: the query is malformed (with its line and column) or refused.
            UsageError: ``graphs`` or ``view`` names no choice, or the Wikidata view is combined
                with ``graphs`` or ``source``.
        """
        if not isinstance(text, str):
            raise UsageError(f"the query is text, not {type(text).__name__}")
        shape = _choice(QueryView, view, "view")
        chosen = _choice(View, graphs, "graphs")
        if shape is QueryView.WIKIDATA and (chosen is not View.ALL or source is not None):
            raise UsageError("the Wikidata view is one graph: it takes no graphs= or source=")
        graph = self._graph(shape, records=chosen is View.JUSTIFICATIONS)
        return Result._of(graph.query(text, view=chosen, source=source), graph)

    def _graph(self, view: QueryView, *, records: bool = False) -> KnowledgeGraph:
        if records:  # the justification records join the graph only when a query asks for them
            if self._records is None:
                from .reasoning.records import as_rdf, decode

                self._records = KnowledgeGraph.from_nquads(self._build.nquads())
                self._records.store.extend(as_rdf(decode(self._build.justifications())))
            return self._records
        if view is not QueryView.WIKIDATA:
            return self._kg
        if self._wikidata is None:  # made once, on first use: most notebooks never ask for it
            from .wikidata.view import view_store, wikidata_view

            self._wikidata = view_store(wikidata_view(self._kg, self.project.root))
        return self._wikidata

    def __repr__(self) -> str:
        return f"<spacekg.Graph {self.project.describe()}, as of {self.as_of.isoformat()}>"


def open_graph(root: str | Path | None = None, *, as_of: date | str | None = None) -> Graph:
    """Open the project at ``root``, else the one found from the current directory upwards, else
    the graph packaged with spacekg; build it first when its cache is stale.

    ``as_of`` (a date or ``YYYY-MM-DD``) is the date plans are evaluated at; default today (UTC).

    Raises:
        InputError: ``root`` is not a spacekg project, or a source file is malformed.
        InconsistencyError: the reasoner found a contradiction.
        UsageError: ``as_of`` is not a date.
    """
    project = find_project(Path(root) if root is not None else None)
    return Graph(project, as_of=_day(as_of))


def _day(as_of: object) -> date | None:
    """``as_of`` as a date: a ``date`` (not a ``datetime``: plans are evaluated on a day) or text
    written ``YYYY-MM-DD``, as the command line takes it.

    Raises:
        UsageError: anything else, or a day that does not exist.
    """
    if as_of is None or (isinstance(as_of, date) and not isinstance(as_of, datetime)):
        return as_of
    if isinstance(as_of, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        try:
            return date.fromisoformat(as_of)
        except ValueError as exc:
            raise UsageError(f"as_of {as_of!r}: {exc}") from None
    raise UsageError(f"as_of {as_of!r}: give a date, or text written YYYY-MM-DD")


def _lexical(value: object) -> str:
    """A parameter's value as the command line writes it. str() would write ``True`` and
    ``2018-12-01 00:00:00+00:00``, which are no XSD boolean or dateTime, and ``1E+3`` for a
    Decimal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    if isinstance(value, float) and math.isfinite(value):
        return format(Decimal(repr(value)), "f")
    return str(value)


def _choice(kind: type[_E], value: object, name: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise UsageError(f"{name}={value!r}: use one of {', '.join(repr(m.value) for m in kind)}") from None

