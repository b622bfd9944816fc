"""Real triple stores for the tests: an `oxigraph serve` process on a free loopback port, and a
gateway in front of it that can ask for credentials, answer overload, stall, or give another
conforming status, the way stores that cannot run here would.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OxigraphServer:
    """``oxigraph serve`` with its database in ``location``, listening on 127.0.0.1."""

    def __init__(self, location: Path, *, union_default_graph: bool = False) -> None:
        binary = shutil.which("oxigraph")
        if binary is None:
            raise RuntimeError("the oxigraph server is not installed: pip install -e '.[test]'")
        for _ in range(5):  # another process may take the probed port before the server binds it
            self.port = free_port()
            command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"]
            if union_default_graph:
                command.append("--union-default-graph")
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if self._wait_until_listening():
                return
            self.stop()
        raise RuntimeError("oxigraph serve did not start")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store(self) -> str:
        return self.base + "/store"

    @property
    def query(self) -> str:
        return self.base + "/query"

    def _wait_until_listening(self) -> bool:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def quads(self) -> set[ox.Quad]:
        """Every quad the server holds, asked with plain HTTP (not through spacekg's client)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        body = urlencode({"query": "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"})
        connection.request("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                    "Accept": "application/sparql-results+json"})
        data = connection.getresponse().read()
        connection.close()
        solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        return {ox.Quad(s["s"], s["p"], s["o"], s["g"] or ox.DefaultGraph()) for s in solutions}

    def load(self, nquads: bytes) -> None:
        """Add quads with plain HTTP, to set up what a store held before a push."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("POST", "/store", nquads, {"Content-Type": "application/n-quads"})
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status in (200, 204), response.status


@dataclass
class Canned:
    """An answer the gateway gives instead of asking the store."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0  # seconds to wait before answering
    trickle: float = 0.0  # seconds between the body's bytes


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


class Gateway:
    """A loopback HTTP server that forwards to ``backend`` (an OxigraphServer), unless told otherwise.

    Attributes:
        script: canned answers, used first, one per request, for requests ``matches`` selects.
        rewrite: maps (method, status) of the store's answer to the status to give instead.
        auth: None, ("basic", user, password), ("digest", user, password) or ("bearer", token).
        seen: every request received.
    """

    def __init__(self, backend: OxigraphServer) -> None:
        self.backend = backend
        self.script: list[Canned] = []
        self.matches: Callable[[str, str], bool] = lambda method, path: True
        self.rewrite: Callable[[str, int], int] = lambda method, status: status
        self.auth: tuple[str, ...] | None = None
        self.seen: list[Seen] = []
        self.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093"
        self._lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with gateway._lock:
                    gateway.seen.append(Seen(self.command, self.path, dict(self.headers.items())))
                    canned = None
                    if gateway.script and gateway.matches(self.command, self.path):
                        canned = gateway.script.pop(0)
                challenge = gateway._challenge(self.command, self.path, self.headers.get("Authorization"))
                if challenge is not None:
                    self._answer(Canned(401, b"authentication required", {"WWW-Authenticate": challenge}))
                    return
                if canned is None:
                    canned = gateway._forward(self.command, self.path, body, self.headers)
                self._answer(canned)

            def _answer(self, canned: Canned) -> None:
                if canned.stall:
                    time.sleep(canned.stall)
                self.send_response(canned.status)
                for name, value in canned.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(canned.body)))
                self.end_headers()
                if self.command == "HEAD":
                    return
                if canned.trickle:
                    for byte in canned.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(canned.trickle)
                else:
                    self.wfile.write(canned.body)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle  # noqa: N815

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that gave up (a test of time limits) closes mid-answer; that is expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _forward(self, method: str, path: str, body: bytes, headers: object) -> Canned:
        connection = http.client.HTTPConnection("127.0.0.1", self.backend.port, timeout=60)
        sent = {k: v for k in ("Content-Type", "Accept") if (v := headers.get(k))}  # type: ignore[attr-defined]
        connection.request(method, path, body, sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        kept = {k: v for k in ("Content-Type", "Location") if (v := response.getheader(k))}
        status = self.rewrite(method, response.status)
        if status == 204:
            data = b""
        return Canned(status, data, kept)

    def _challenge(self, method: str, path: str, authorization: str | None) -> str | None:
        """None when the request may pass, else the WWW-Authenticate challenge to send."""
        if self.auth is None:
            return None
        kind = self.auth[0]
        if kind == "bearer":
            return None if authorization == f"Bearer {self.auth[1]}" else 'Bearer realm="store"'
        user, password = self.auth[1], self.auth[2]
        if kind == "basic":
            expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
            return None if authorization == expected else 'Basic realm="store"'
        challenge = f'Digest realm="SPARQL", nonce="{self.nonce}", qop="auth", algorithm=MD5, opaque="5ccc069c4"'
        if not authorization or not authorization.startswith("Digest "):
            return challenge
        fields = dict((k, v.strip('"')) for k, v in re.findall(r'(\w+)=("[^"]*"|[^,\s]+)', authorization))
        ha1 = hashlib.md5(f"{user}:SPARQL:{password}".encode()).hexdigest()
        ha2 = hashlib.md5(f"{method}:{path}".encode()).hexdigest()
        response = hashlib.md5(
            f"{ha1}:{self.nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}".encode()
        ).hexdigest()
        ok = fields.get("username") == user and fields.get("uri") == path and fields.get("response") == response
        return None if ok else challenge
