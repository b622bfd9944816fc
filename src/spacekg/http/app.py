"""The SPARQL 1.1 Protocol endpoint as an ASGI application.

The event loop only parses requests, hands each query to a worker (:mod:`spacekg.http.workers`)
and sends the reply; it never runs a query. The status is known before the first byte is sent:
a worker renders the whole answer first, and a query that times out, runs out of memory or
exceeds the row limit gets an error status, never a 200 with an error appended.

Routes: ``/sparql`` (the endpoint: queries by GET, form POST and direct POST; the service
description or the query page without a query), ``/queries/`` (the stored queries, JSON or
HTML), ``/queries/NAME`` (run one with typed parameters), ``/static/...`` (the page's files).
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import itertools
import json
import re
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, quote

import pyoxigraph as ox

from ..errors import QueryError
from ..rdf import serialize
from ..sources.files import AppendLog
from ..store.engine import Dataset
from ..store.queries import RESERVED_PARAMETERS, load_queries, one_value_each
from ..store.safety import blank
from .execute import Job, Reply, error
from .negotiate import choose, wants_html
from .page import FORMATS_NS, SD, STATIC, queries_json, queries_page, query_page, service_description
from .workers import Busy, Disconnected, GraphUnopened, Pool, TimedOut, WorkerFailed, WorkerGone

# A request body, and a URL's query string (a form sent by GET), up to 1 MiB: room for a query at
# the 64 KiB limit even with every byte percent-encoded.
MAX_BODY = 1024 * 1024
ENDPOINT = "/sparql"
RETRY_AFTER = ("Retry-After", "5")
_STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".txt": "text/plain; charset=utf-8"}
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Settings:
    """The server's limits (``spacekg serve`` options)."""

    timeout: float = 60.0
    max_timeout: float = 300.0
    max_rows: int = 100_000
    cors: bool = False
    # How the operator builds the served graph again, should its build be removed under the server.
    rebuild: str = "spacekg build"


@dataclass
class Outcome:
    """What the log says about one request."""

    status: int = 0
    rows: int | None = None
    query: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class BadRequest(Exception):
    def __init__(self, status: int, message: str, *headers: tuple[str, str]) -> None:
        super().__init__(message)
        self.reply = error(status, message, *headers)


class App:
    """The ASGI application; ``pool`` runs the queries, ``graphs`` are the store's named graphs,
    ``address`` is the server's own (``http://127.0.0.1:8000``), the base of a query's relative IRIs."""

    def __init__(self, pool: Pool, *, address: str, queries_dir: Path, graphs: list[str], settings: Settings,
                 log: IO[str] | None = None, json_log: AppendLog | None = None) -> None:
        self.pool = pool
        self.address = address
        self.queries_dir = queries_dir
        self.graphs = graphs
        self.settings = settings
        self.log = log if log is not None else sys.stderr
        self.json_log = json_log
        self._ids = itertools.count(1)
        self._queries = sorted(load_queries(queries_dir).values(), key=lambda q: q.name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        request_id = next(self._ids)
        outcome = Outcome()
        try:
            reply = await self._route(scope, receive, outcome)
        except BadRequest as exc:
            reply = exc.reply
        except Disconnected:
            outcome.status, outcome.note = 499, "client closed the connection; its query was stopped"
            self._log(request_id, scope, outcome, started)
            return
        outcome.status = reply.status
        headers = [(b"content-type", reply.content_type.encode()), (b"content-length", str(len(reply.body)).encode()),
                   (b"x-request-id", str(request_id).encode())]
        headers += [(k.lower().encode(), v.encode()) for k, v in reply.headers]
        if self.settings.cors:
            headers.append((b"access-control-allow-origin", b"*"))
            headers.append((b"access-control-expose-headers",
                            b"x-request-id, retry-after, spacekg-rows-exported, spacekg-rows-total, spacekg-warning"))
        if reply.status in (200, 406) and scope["path"].startswith((ENDPOINT, "/queries/")):
            headers.append((b"vary", b"accept"))
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else reply.body})
        self._log(request_id, scope, outcome, started)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.pool.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # --- Routing ---

    async def _route(self, scope: Scope, receive: Receive, outcome: Outcome) -> Reply:
        path, method = scope["path"], scope["method"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        base = self._base(scope)
        if len(scope["query_string"]) > MAX_BODY:
            raise BadRequest(414, f"the URL's query string is {len(scope['query_string'])} bytes, over the "
                                  f"{MAX_BODY}-byte limit: send a long query by POST (a query may have 64 KiB)")
        params = _form(scope["query_string"], "query string")
        if method == "OPTIONS":
            # What a client asks before it sends a request (a page's CORS preflight among them):
            # the methods this path takes, not a 405 for asking.
            allowed = _methods(path)
            if allowed is None:
                raise BadRequest(404, f"no such page: {path} (the endpoint is {ENDPOINT}; stored queries are under "
                                      "/queries/)")
            cors = (("Access-Control-Allow-Methods", allowed), ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                    ("Access-Control-Max-Age", "600")) if self.settings.cors else ()
            return Reply(204, "text/plain", b"", headers=(("Allow", allowed), *cors))
        if path in ("/", ""):
            return Reply(303, "text/plain; charset=utf-8", b"See /sparql\n", headers=(("Location", ENDPOINT),))
        if path.startswith("/static/"):
            return self._static(path, method)
        if path in (ENDPOINT, ENDPOINT + "/"):
            return await self._endpoint(base, receive, method, headers, params, outcome)
        if path in ("/queries", "/queries/"):
            self._allow(method, ("GET", "HEAD"))
            fmt = _one(params, "format")
            if fmt == "json" or (fmt is None and not wants_html(headers.get("accept"))):
                return Reply(200, "application/json; charset=utf-8", queries_json(self._queries, base))
            return Reply(200, "text/html; charset=utf-8", queries_page(self._queries))
        if path.startswith("/queries/"):
            self._allow(method, ("GET", "HEAD"))
            name = path[len("/queries/"):]
            try:
                values = one_value_each(params)
            except QueryError as exc:
                raise BadRequest(400, str(exc)) from None
            job = Job(stored=name, params={k: v for k, v in values.items() if k not in RESERVED_PARAMETERS},
                      **self._options(values, headers))
            return await self._run(job, receive, values, outcome, f"stored query {name}")
        raise BadRequest(404, f"no such page: {path} (the endpoint is {ENDPOINT}; stored queries are under /queries/)")

    def _allow(self, method: str, allowed: tuple[str, ...]) -> None:
        if method not in allowed:
            raise BadRequest(405, f"method {method} is not allowed here", ("Allow", ", ".join((*allowed, "OPTIONS"))))

    def _static(self, path: str, method: str) -> Reply:
        self._allow(method, ("GET", "HEAD"))
        parts = path[len("/static/"):].split("/")
        if any(p in ("", ".", "..") for p in parts):
            raise BadRequest(404, f"no such file: {path}")
        resource = STATIC.joinpath(*parts)
        if not resource.is_file():
            raise BadRequest(404, f"no such file: {path}")
        kind = _STATIC_TYPES.get(Path(parts[-1]).suffix, "application/octet-stream")
        return Reply(200, kind, resource.read_bytes(), headers=(("Cache-Control", "max-age=3600"),))

    async def _endpoint(self, base: str, receive: Receive, method: str, headers: dict[str, str],
                        params: list[tuple[str, str]], outcome: Outcome) -> Reply:
        self._allow(method, ("GET", "HEAD", "POST"))
        direct = False
        if method == "POST":
            body = await _read_body(receive, headers)
            kind, _, options = headers.get("content-type", "").partition(";")
            kind = kind.strip().lower()
            charset = _charset(options)
            # Both kinds of body are UTF-8 (a form by WHATWG's urlencoded rules): one that says
            # otherwise would be misread, so it is turned away rather than read as UTF-8.
            if kind in ("application/x-www-form-urlencoded", "application/sparql-query") and \
                    charset not in ("", "utf-8", "utf8"):
                raise BadRequest(415, f"a query must be sent in UTF-8, not {charset}")
            if kind == "application/x-www-form-urlencoded":
                params = params + _form(body, "form")
            elif kind == "application/sparql-query":
                if any(k == "query" for k, _ in params):
                    raise BadRequest(400, "a direct POST carries its query in the body, not also as query=")
                # Editors on Windows start UTF-8 files with a byte order mark; it is no part of the query.
                params = params + [("query", _utf8(body).removeprefix("\ufeff"))]
                direct = True
            elif kind == "application/sparql-update":
                raise BadRequest(403, "this endpoint is read-only: updates are not accepted")
            else:
                shown = kind or "no Content-Type"
                raise BadRequest(415, f"{shown} is not a SPARQL request: send application/sparql-query or a form "
                                      "(application/x-www-form-urlencoded)")
        keys = [k for k, _ in params]
        if "update" in keys or any(k in keys for k in ("using-graph-uri", "using-named-graph-uri")):
            raise BadRequest(403, "this endpoint is read-only: updates are not accepted")
        queries = [v for k, v in params if k == "query"]
        if len(queries) > 1:
            raise BadRequest(400, "give one query, not several")
        if queries and blank(queries[0]):
            raise BadRequest(400, "empty query (nothing but white space and comments): give its text in "
                                  + ("the request body" if direct else "query="))
        try:
            # Read from a dict, the last would win without a word: format=csv&format=json is json.
            one_value_each((k, v) for k, v in params if k in RESERVED_PARAMETERS)
        except QueryError as exc:
            raise BadRequest(400, str(exc)) from None
        values = {k: v for k, v in params if k not in ("default-graph-uri", "named-graph-uri")}
        if not queries:
            if method == "POST":  # only a GET without a query asks for the service description
                raise BadRequest(400, "no query: a form POST carries its text in query=")
            return self._describe(base, headers, values)
        dataset = None
        defaults = [v for k, v in params if k == "default-graph-uri"]
        named = [v for k, v in params if k == "named-graph-uri"]
        if defaults or named:
            dataset = Dataset(tuple(defaults), tuple(named))
        job = Job(text=queries[0], dataset=dataset, base_iri=self.address + ENDPOINT,
                  **self._options(values, headers))
        return await self._run(job, receive, values, outcome, queries[0])

    def _options(self, values: dict[str, str], headers: dict[str, str]) -> dict[str, Any]:
        truncate = values.get("truncate", "false").lower()
        if truncate not in ("true", "false", "1", "0", "yes", "no"):
            raise BadRequest(400, f"truncate={values.get('truncate')!r}: use true or false")
        return {"accept": headers.get("accept"), "fmt": values.get("format") or None,
                "max_rows": self.settings.max_rows, "truncate": truncate in ("true", "1", "yes")}

    def _timeout(self, values: dict[str, str]) -> float:
        raw = values.get("timeout")
        if raw is None or raw == "":
            return min(self.settings.timeout, self.settings.max_timeout)
        try:
            asked = float(raw)
        except ValueError:
            raise BadRequest(400, f"timeout={raw!r} is not a number of seconds") from None
        if not asked > 0:
            raise BadRequest(400, f"timeout={raw!r} must be above 0")
        return min(asked, self.settings.max_timeout)

    async def _run(self, job: Job, receive: Receive, values: dict[str, str], outcome: Outcome, query: str) -> Reply:
        outcome.query = query
        timeout = self._timeout(values)
        disconnected = _watch_disconnect(receive)
        try:
            reply: Reply = await self.pool.run(job, timeout=timeout, disconnected=disconnected)
        except Busy:
            return error(503, f"all {self.pool.size} query workers are busy; retry later", RETRY_AFTER)
        except TimedOut:
            return error(503, f"the query was stopped at its {timeout:g} s time limit", RETRY_AFTER)
        except WorkerGone as gone:
            if gone.at_memory_cap:
                return error(503, "the query's worker stopped at its memory cap", RETRY_AFTER)
            outcome.note = f"the query's worker {gone}"
            return error(500, f"the query's worker {gone}")
        except GraphUnopened as exc:
            outcome.note = f"the query's worker failed: {exc}"
            return error(503, "the server cannot open its graph: its build was removed from the project's cache "
                              "while the server ran (the log says more under this answer's X-Request-Id); run "
                              f"{self.settings.rebuild} in the project to build it again, or restart spacekg serve")
        except WorkerFailed as exc:
            outcome.note = f"the query's worker failed: {exc}"
            return error(500, "the server failed while running the query; its log says why, under this "
                              "answer's X-Request-Id")
        except asyncio.CancelledError:
            # The server is stopping and its grace period is over: the worker was replaced, and the
            # client hears why, not a 500 with the server's traceback.
            return error(503, "the server is shutting down; retry later", RETRY_AFTER)
        finally:
            disconnected.cancel()
        outcome.rows = reply.rows
        return reply

    def _describe(self, base: str, headers: dict[str, str], values: dict[str, str]) -> Reply:
        accept = headers.get("accept")
        fmt = values.get("format")
        if (fmt is None and wants_html(accept)) or fmt == "html":
            return Reply(200, "text/html; charset=utf-8", query_page(base + ENDPOINT, self._queries, initial=_INITIAL))
        chosen = choose("graph", accept=accept, fmt=fmt)
        if chosen is None or chosen.name in ("html", "table"):
            return error(406, "the service description is RDF: ask for text/turtle, application/n-triples, "
                              "application/ld+json or application/rdf+xml")
        triples = service_description(base + ENDPOINT, self.graphs)
        prefixes = {"sd": SD, "formats": FORMATS_NS}
        rdf_format = ox.RdfFormat.from_media_type(chosen.media_type)
        assert rdf_format is not None
        data = serialize(triples, rdf_format, prefixes=prefixes if chosen.name in ("turtle", "trig") else None)
        return Reply(200, chosen.content_type, data)  # Vary: accept is added to every answer of the endpoint

    def _base(self, scope: Scope) -> str:
        """The URL the client reached the server at, for the links a page or the service
        description gives it: its Host header, which must be a host name or address with an
        optional port (RFC 9112 asks a 400 for any other); the server's own address for an
        HTTP/1.0 request without one. Answers to queries never depend on it."""
        hosts = [v.decode("latin-1") for k, v in scope["headers"] if k.lower() == b"host"]
        if len(hosts) > 1:
            raise BadRequest(400, "the request has several Host headers")
        if not hosts:
            if scope.get("http_version", "1.1") == "1.0":
                return self.address
            raise BadRequest(400, "the request has no Host header")
        match = _AUTHORITY.fullmatch(hosts[0])
        if match is None or (match["ip6"] is not None and not _is_ipv6(match["ip6"])) or int(match["port"] or 0) > 65535:
            raise BadRequest(400, f"the Host header {hosts[0]!r} is not a host name or address with an optional port")
        return f"{scope.get('scheme', 'http')}://{hosts[0]}"

    def _log(self, request_id: int, scope: Scope, outcome: Outcome, started: float) -> None:
        ms = (time.perf_counter() - started) * 1000
        digest = hashlib.sha256(outcome.query.encode()).hexdigest()[:12] if outcome.query else "-"
        rows = "-" if outcome.rows is None else str(outcome.rows)
        path = scope["path"] + (f"?{len(scope['query_string'])}B" if scope["query_string"] else "")
        # The file's line first: once a request's line is on stderr, its record is in the file or
        # was left out (and a warning said so), which a reader of both can rely on.
        if self.json_log is not None:
            record = {"id": request_id, "time": time.time(), "method": scope["method"], "path": scope["path"],
                      "status": outcome.status, "ms": round(ms, 1), "rows": outcome.rows, "query_hash": digest,
                      "query": outcome.query or None, "note": outcome.note or None}
            self.json_log.append(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{request_id} {scope['method']} {quote(path, safe='/?')} {outcome.status} {ms:.1f}ms rows={rows} "
              f"query={digest}" + (f" ({outcome.note})" if outcome.note else ""), file=self.log, flush=True)


_INITIAL = "SELECT ?country ?label WHERE {\n  ?country a skg:Country ; rdfs:label ?label .\n}\nORDER BY ?label\n"


def _methods(path: str) -> str | None:
    """The methods ``path`` takes, as an ``Allow`` header lists them; None where there is no page."""
    if path in ("/", "", "/queries", "/queries/") or path.startswith(("/static/", "/queries/")):
        return "GET, HEAD, OPTIONS"
    if path in (ENDPOINT, ENDPOINT + "/", "*"):  # "OPTIONS *" asks what the server as a whole takes
        return "GET, HEAD, POST, OPTIONS"
    return None


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    found = [v for k, v in params if k == name]
    return found[0] if found else None


# A DNS name or IPv4 address (letters, digits and "-._~", the characters of a URI's host that need
# no escaping), or an IPv6 address in brackets; then a port.
_AUTHORITY = re.compile(r"(?:\[(?P<ip6>[0-9A-Fa-f:.]+)\]|[A-Za-z0-9._~-]+)(?::(?P<port>[0-9]{0,5}))?")


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _form(data: bytes, what: str) -> list[tuple[str, str]]:
    """The fields of a form (a query string or a form body), read as WHATWG's urlencoded parser
    does: raw bytes and percent-escapes alike are UTF-8, as browsers and ``curl --data`` send them."""
    try:
        return parse_qsl(data.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise BadRequest(400, f"the {what} is not UTF-8, raw or percent-encoded (byte 0x{exc.object[exc.start]:02x})") \
            from None


def _charset(options: str) -> str:
    for part in options.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return ""


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(400, f"the query is not UTF-8 (byte 0x{body[exc.start]:02x} at offset {exc.start})") from None


async def _read_body(receive: Receive, headers: dict[str, str]) -> bytes:
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        raise BadRequest(413, f"the request body is {declared} bytes, over the {MAX_BODY}-byte limit")
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise BadRequest(413, f"the request body is over the {MAX_BODY}-byte limit")
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _watch_disconnect(receive: Receive) -> Any:
    """A future that resolves when the client disconnects (ASGI sends http.disconnect)."""

    async def watch() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    return asyncio.ensure_future(watch())
