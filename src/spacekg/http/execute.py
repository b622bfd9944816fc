"""What a query worker does with one job: check, run, choose the format and render, all before the
server sends a byte, so that the status always tells the truth.

The rendering is the CLI's own (:func:`spacekg.formats.output.render`), so the server and
``spacekg query`` write the same bytes for the same query and format.
"""

from __future__ import annotations

import string
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LimitError, QueryError, QueryNotFoundError
from ..formats.output import ResultFormat, render
from ..store.engine import Dataset, KnowledgeGraph, inject_bindings
from ..store.graphs import QueryView
from ..store.names import parameter_warnings, resolve_names
from ..store.queries import bind_parameters, get_query
from ..store.safety import inspect_query
from .negotiate import BY_NAME, Format, choose

# Sent with every row-capped answer the client asked to have truncated.
ROWS_EXPORTED = "Spacekg-Rows-Exported"
ROWS_TOTAL = "Spacekg-Rows-Total"
# Sent with a stored query's answer for each IRI parameter that is in no triple of the graph, which
# the answer cannot match: a slip such as d:marz would otherwise be an empty answer without a word.
WARNING = "Spacekg-Warning"
QUERY_TEXT = Format("sparql", "application/sparql-query", frozenset({"text"}))


# A header holds ASCII; an IRI or a label may not, and is percent-encoded (UTF-8) as in a URL. So
# are a comma, which would split the warning where a client or proxy joins repeated headers into
# one list, and a quote and a backslash, which would open a quoted string there.
_PRINTABLE = "".join(c for c in string.printable if c not in '%\t\n\r\x0b\x0c,"\\')


# Clients and proxies refuse a response whose header line is long (Python's http.client at 64 KiB,
# many proxies at 8 KiB): a warning that quotes a long value is cut to fit well under either.
MAX_HEADER_TEXT = 2000
_CUT = " … (cut: the HTML page, format=html, has the whole warning)"


def header_text(note: str) -> str:
    """``note`` as a header's value, cut to :data:`MAX_HEADER_TEXT` characters (saying so) where it
    is longer: :func:`urllib.parse.unquote` gives it back."""
    text = urllib.parse.quote(note, safe=_PRINTABLE)
    if len(text) <= MAX_HEADER_TEXT:
        return text
    room, kept = MAX_HEADER_TEXT - len(urllib.parse.quote(_CUT, safe=_PRINTABLE)), []
    for char in note:  # whole characters, so that no escape is cut in two
        room -= len(piece := urllib.parse.quote(char, safe=_PRINTABLE))
        if room < 0:
            break
        kept.append(piece)
    return "".join(kept) + urllib.parse.quote(_CUT, safe=_PRINTABLE)


@dataclass(frozen=True)
class Job:
    """One query to run: ad hoc (``text``) or stored (``stored`` with its raw ``params``)."""

    text: str = ""
    stored: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    accept: str | None = None
    fmt: str | None = None
    dataset: Dataset | None = None
    max_rows: int = 100_000
    truncate: bool = False
    base_iri: str | None = None


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    rows: int | None = None
    headers: tuple[tuple[str, str], ...] = ()


def error(status: int, message: str, *headers: tuple[str, str]) -> Reply:
    """A one-line plain-text error."""
    return Reply(status, "text/plain; charset=utf-8", f"Error: {' '.join(message.split())}\n".encode(), headers=headers)


class Executor:
    """Runs jobs against one graph; lives in a worker process. Stored queries written for the
    Wikidata view (``#+ view: wikidata``) run on that view, made on first use."""

    def __init__(self, kg: KnowledgeGraph, queries_dir: Path) -> None:
        self.kg = kg
        self.queries_dir = queries_dir
        self._wikidata: KnowledgeGraph | None = None

    def _graph(self, view: QueryView) -> KnowledgeGraph:
        if view is not QueryView.WIKIDATA:
            return self.kg
        if self._wikidata is None:
            from ..wikidata.view import view_store, wikidata_view

            self._wikidata = view_store(wikidata_view(self.kg, self.queries_dir.parent))
        return self._wikidata

    def __call__(self, job: Job) -> Reply:
        try:
            return self._run(job)
        except QueryNotFoundError as exc:
            return error(404, str(exc))
        except QueryError as exc:
            return error(400, str(exc))
        except LimitError as exc:
            return error(413, str(exc))

    def _run(self, job: Job) -> Reply:
        text, bindings, name, kg = job.text, {}, None, self.kg
        notes: tuple[str, ...] = ()
        if job.stored is not None:
            # The command line's words (-p, spacekg queries) mean nothing to a client of the server.
            stored = get_query(self.queries_dir, job.stored, listing="/queries/ lists them")
            text, name, kg = stored.text, stored.name, self._graph(stored.view)
            bindings = resolve_names(kg.store, bind_parameters(stored, job.params, given_as="add {}=VALUE to the URL"),
                                     stored.parameters)
            # The command line's words: the close IRIs are looked for only for an IRI the graph lacks.
            notes = parameter_warnings(kg, stored.parameters, bindings)
            if job.fmt in (QUERY_TEXT.name, QUERY_TEXT.media_type):
                bound = inject_bindings(text, bindings) if bindings else text
                return Reply(200, QUERY_TEXT.media_type + "; charset=utf-8", bound.encode())
        try:
            result = kg.query(text, bindings=bindings, dataset=job.dataset, select_graphs=True,
                              max_rows=job.max_rows, count_total=job.truncate, name=name, base_iri=job.base_iri)
        except QueryError:
            if _is_update(text, kg):
                return error(403, "this endpoint is read-only: updates are not accepted")
            raise
        fmt = choose(result.kind, accept=job.accept, fmt=job.fmt)
        if fmt is None:
            # Each media type once: two JSON-LD forms share one, told apart by their profile.
            offered = ", ".join(dict.fromkeys(f.media_type for f in BY_NAME.values() if result.kind in f.kinds))
            return error(406, f"no acceptable format for this {result.kind.upper()} answer; this one can be: {offered}")
        headers = tuple((WARNING, header_text(note)) for note in notes)
        if result.truncated:
            if not job.truncate:
                return error(422, f"the answer has more than {job.max_rows} rows, the server's limit: add a LIMIT, "
                                  "or ask for the first rows with truncate=true")
            headers += ((ROWS_EXPORTED, str(job.max_rows)), (ROWS_TOTAL, str(result.total)))
        if fmt.name == "html":
            from .page import results_page

            body = results_page(result._replace(warnings=notes + result.warnings), kg.label, text=text, title=name)
        else:
            body = render(result, ResultFormat(fmt.name), labeller=kg.label)
        rows = len(result.rows) if result.kind == "select" else len(result.triples) if result.kind == "graph" else 1
        return Reply(200, fmt.content_type, body, rows, headers)


def _is_update(text: str, kg: KnowledgeGraph) -> bool:
    try:
        return bool(inspect_query(text, prefixes=kg.prefixes, max_bytes=None).updates)
    except QueryError:
        return False
