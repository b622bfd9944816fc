"""A local HTTP server that replays Wikidata API answers recorded in the API's documented formats.

Tests point clients at it on 127.0.0.1, so the live service is never reached.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).resolve().parent / "data" / "wikidata"


@dataclass
class Reply:
    """A scripted answer; ``stall`` holds the connection open without answering (a timeout)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: bool = False


@dataclass
class Seen:
    """One request as the server received it."""

    path: str
    query: dict[str, str]
    headers: Message


class Replay:
    """A ThreadingHTTPServer on an ephemeral port that serves scripted replies, then fixture files."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.script: list[Reply] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server dispatches to)
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query, keep_blank_values=True))
                with replay._lock:
                    replay.requests.append(Seen(parts.path, query, self.headers))
                    reply = replay.script.pop(0) if replay.script else replay.recorded(query)
                if reply.stall:
                    replay.release.wait(5)
                    return
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:  # the client gave up first; nothing to tell it
                    pass

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass  # keep test output clean

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/w/api.php"
        # A short poll interval lets shutdown() return at once instead of after the default 0.5 s.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)

    @staticmethod
    def recorded(query: dict[str, str]) -> Reply:
        """Pick the fixture file for a request, or answer 404 so that a test fails visibly."""
        if query.get("action") == "wbgetentities":
            name = "wbgetentities_" + query.get("ids", "").replace("|", "_")
        elif query.get("action") == "wbsearchentities":
            name = "wbsearchentities_" + re.sub(r"\W+", "-", query.get("search", "")).strip("-").lower()
        else:
            name = ""
        path = FIXTURES / f"{name}.json"
        if name and len(path.name) < 250 and path.is_file():
            return Reply(200, path.read_bytes(), {"Content-Type": "application/json; charset=utf-8"})
        if query.get("action") == "wbgetentities":
            # A batch with no file of its own is answered from the one-item files, as the API would.
            singles = [FIXTURES / f"wbgetentities_{qid}.json" for qid in query.get("ids", "").split("|")]
            if singles and all(single.is_file() for single in singles):
                entities: dict = {}
                for single in singles:
                    entities.update(json.loads(single.read_bytes())["entities"])
                return json_reply({"entities": entities, "success": 1})
        return Reply(404, b"no recorded answer", {"Content-Type": "text/plain"})

    def then(self, *replies: Reply) -> None:
        self.script.extend(replies)

    def seen(self, count: int, *, within: float = 5.0) -> int:
        """How many requests the server has read, once it has read ``count`` or ``within`` seconds
        have passed: a client that gave up on a stalled attempt may close its connection before the
        server's thread reads the request, which that thread still reads and records after."""
        deadline = time.monotonic() + within
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return len(self.requests)


def json_reply(body: object, status: int = 200, **headers: str) -> Reply:
    return Reply(status, json.dumps(body).encode(), {"Content-Type": "application/json; charset=utf-8", **headers})




class SparqlReplay:
    """A SPARQL endpoint on 127.0.0.1 that answers every query with one recorded result file,
    and records what it was asked (method, query text, headers)."""

    def __init__(self, answer: Path) -> None:
        self.queries: list[tuple[str, str, Message]] = []
        body = answer.read_bytes()
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str, query: str) -> None:
                replay.queries.append((method, query, self.headers))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                self._answer("GET", dict(parse_qsl(urlsplit(self.path).query)).get("query", ""))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                data = self.rfile.read(length).decode("utf-8")
                if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    data = dict(parse_qsl(data)).get("query", "")
                self._answer("POST", data)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)


class Canary:
    """An HTTP server on 127.0.0.1 that counts every connection made to it."""

    def __init__(self) -> None:
        canary = self
        self.connections = 0

        class Server(ThreadingHTTPServer):
            def get_request(self):  # type: ignore[no-untyped-def]
                canary.connections += 1
                return super().get_request()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self.send_response(500)
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                return None

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


class _SocketServer:
    """A TCP server on 127.0.0.1 that hands each connection to :meth:`_handle` until closed."""

    def __init__(self, path: str = "") -> None:
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}{path}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


class Raw(_SocketServer):
    """A TCP server on 127.0.0.1 that answers every connection with scripted bytes, each sent
    after its pause, then closes the connection. With ``reads`` False it sends them without
    reading the request first (a TLS client waits for the server's handshake)."""

    def __init__(self, script: list[tuple[float, bytes]], *, reads: bool = True) -> None:
        self.script = script
        self.reads = reads
        self.connections = 0
        super().__init__("/w/api.php")

    def _handle(self, conn: socket.socket) -> None:
        self.connections += 1
        with conn:
            if self.reads:
                _read_request(conn)
            for pause, data in self.script:
                if self.stop.wait(pause):
                    return
                try:
                    conn.sendall(data)
                except OSError:
                    break


class Flood(_SocketServer):
    """An HTTP server on 127.0.0.1 that answers every request with ``status`` and an endless
    chunked body of ``unit`` repeated, until the client goes away; it counts the bytes it sent."""

    def __init__(self, status: int = 200, content_type: str = "text/plain", head: bytes = b"",
                 unit: bytes = b"x" * 65536) -> None:
        self.sent = 0
        start = (f"HTTP/1.1 {status} Flood\r\nContent-Type: {content_type}\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n").encode()
        self._answer = start, head, unit
        super().__init__()

    def _handle(self, conn: socket.socket) -> None:
        threading.Thread(target=self._flood, args=(conn,), daemon=True).start()

    def _flood(self, conn: socket.socket) -> None:
        start, head, unit = self._answer
        with conn:
            try:
                while not self.stop.is_set():  # a kept-alive client asks again after a short answer
                    _read_request(conn)
                    conn.sendall(start + (b"%x\r\n%s\r\n" % (len(head), head) if head else b""))
                    while not self.stop.is_set():
                        conn.sendall(b"%x\r\n%s\r\n" % (len(unit), unit))
                        self.sent += len(unit)
            except OSError:
                return


class Endpoint:
    """A SPARQL endpoint on 127.0.0.1 that answers every query with ``body`` as ``content_type``,
    and an ASK with ``ask`` unless that is None: the probe of the default graph, an ASK that comes
    before a query, finds a union default graph. Each test sets the answer it needs."""

    def __init__(self) -> None:
        self.content_type = "application/sparql-results+json"
        self.body = b""
        self.ask: bytes | None = b'{"head": {}, "boolean": true}'
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                form = dict(parse_qsl(self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()))
                asked = re.search(r"^\s*ASK\b", form.get("query", "").split("\n", 1)[-1])
                body, kind = endpoint.body, endpoint.content_type
                if asked and endpoint.ask is not None:
                    body, kind = endpoint.ask, "application/sparql-results+json"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _read_request(conn: socket.socket) -> None:
    """Read one whole request, head and body: closing a socket with unread bytes makes the kernel
    answer with a reset, which the client could see before the scripted answer."""
    conn.settimeout(5)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")[1:]
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return
            body += chunk
    except (OSError, ValueError):
        return

