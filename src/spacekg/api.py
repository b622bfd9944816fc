"""The public Python API: open a graph, run stored queries and SPARQL, get rows as Python values.

Example (a notebook)::

    import spacekg
    kg = spacekg.open_graph()              # the project found from here, else the packaged graph
    kg.query("events-in-year", year=2016)  # a Result: shown as an HTML table in Jupyter
    kg.query("ordinals").to_dataframe()    # needs pandas (pip install 'spacekg[pandas]')

pandas is imported only by :meth:`Result.to_dataframe`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .formats.output import display
from .namespaces import XSD
from .sources.project import Project, find_project
from .store.engine import KnowledgeGraph, QueryResult, View
from .store.queries import StoredQuery, bind_parameters, get_query, load_queries

if TYPE_CHECKING:
    import pandas

Value = str | int | float | bool | Decimal | date | datetime | None

_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
                               "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}
_DATETIMES = {XSD + "dateTime", XSD + "dateTimeStamp"}
HTML_ROWS = 200


def to_python(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Value:
    """A term as a Python value: an IRI as its string, a blank node as ``_:label``, a typed literal
    as ``int``, ``Decimal``, ``float``, ``bool``, ``date`` or ``datetime``, anything else (and any
    ill-formed literal) as its lexical form.

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
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype == XSD + "decimal":
            return Decimal(text)
        if datatype in _FLOATS:
            return float(text)
        if datatype == XSD + "boolean" and text in ("true", "false", "1", "0"):
            return text in ("true", "1")
        if datatype in _DATETIMES:
            return datetime.fromisoformat(text)
        if datatype == XSD + "date":
            return date.fromisoformat(text)
    except (ValueError, InvalidOperation):
        pass
    return text


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
        self._kg = KnowledgeGraph.open(current_build(project, as_of=self.as_of))

    def queries(self) -> dict[str, StoredQuery]:
        """The stored queries by name, each with its title, description and parameters."""
        return load_queries(self.project.queries_dir)

    def query(self, name: str, params: Mapping[str, object] | None = None, /, **kwargs: object) -> Result:
        """Run the stored query ``name``. Parameters are given as a mapping (needed for names such
        as ``from``) or as keyword arguments, with values written as on the command line
        (``target="d:moon"``, ``year=2013``).

        Raises:
            QueryNotFoundError: no stored query has that name (close names are suggested).
            QueryError: a parameter is unknown or its value is malformed.
        """
        stored = get_query(self.project.queries_dir, name)
        values = {key: str(value) for key, value in {**(params or {}), **kwargs}.items()}
        answer = self._kg.query(stored.text, bindings=bind_parameters(stored, values), name=stored.name)
        return Result._of(answer, self._kg)

    def sparql(self, text: str, *, graphs: str = View.ALL.value, source: str | None = None) -> Result:
        """Run a SPARQL query. spacekg's prefixes (``skg:``, ``d:``, ``g:`` …) are declared.
        ``graphs`` picks the asserted graphs, the inferred ones, or all; ``source`` (``a000``) answers
        according to one article only.

        Raises:
            QueryError: the query is malformed (with its line and column) or refused.
        """
        return Result._of(self._kg.query(text, view=View(graphs), source=source), self._kg)

    def __repr__(self) -> str:
        return f"<spacekg.Graph {self.project.describe()}, as of {self.as_of.isoformat()}>"


def open_graph(root: str | Path | None = None, *, as_of: date | str | None = None) -> Graph:
    """Open the project at ``root``, else the one found from the current directory upwards, else
    the graph packaged with spacekg; build it first when its cache is stale.

    ``as_of`` (a date or ``YYYY-MM-DD``) is the date plans are evaluated at; default today (UTC).

    Raises:
        InputError: ``root`` is not a spacekg project, or a source file is malformed.
        InconsistencyError: the reasoner found a contradiction.
    """
    project = find_project(Path(root) if root is not None else None)
    when = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return Graph(project, as_of=when)

