"""``spacekg serve``: start the query workers' zygote, then the HTTP server (uvicorn) on one event loop.

Order matters: the zygote is forked while this process still has a single thread; uvicorn and
the event loop's executor start threads only afterwards, and this process never forks again.
"""

from __future__ import annotations

import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..sources.files import AppendLog
from ..store.engine import KnowledgeGraph
from ..store.snapshot import Build, in_use
from .app import App, Settings
from .execute import Executor
from .workers import Handler, Pool, Zygote

# A request that finds every worker busy waits this long for one before it gets 503.
QUEUE_WAIT = 1.0
WAITING_PER_WORKER = 8
# How long a query may go on once the server is told to stop, and then how long its 503 may take.
GRACE = 2
_LONGEST_PARSED_URL = 0xFFFF


class LongUrlProtocol(HttpToolsProtocol):
    """httptools' URL parser counts in 16 bits and refuses a URL over 64 KiB, which a query well
    under the 64 KiB query limit reaches once percent-encoded (three bytes for each byte of
    non-ASCII text). Such a URL's query string is set aside while the parser reads its path, and
    the application judges its length (414 over 1 MiB)."""

    def on_headers_complete(self) -> None:
        if len(self.url) <= _LONGEST_PARSED_URL:
            super().on_headers_complete()
            return
        path, mark, query = self.url.partition(b"?")
        self.url = path + mark
        super().on_headers_complete()
        self.scope["query_string"] = query.partition(b"#")[0]


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 60.0
    max_timeout: float = 300.0
    memory_mb: int | None = 4096
    max_rows: int = 100_000
    concurrency: int = 4
    cors: bool = False


def preparer(build: Build, queries_dir: Path) -> Callable[[], Callable[[], Handler]]:
    """What the zygote does once (load a small graph, shared by every worker) and what each worker
    does after its fork (open a large graph's store: RocksDB's threads must start after the fork)."""

    def prepare() -> Callable[[], Handler]:
        shared = None if build.has_store else KnowledgeGraph.open(build)
        if shared is not None:
            shared.held_graphs()  # read once here, inherited by every worker

        def open_worker() -> Handler:
            return Executor(shared if shared is not None else KnowledgeGraph.open(build), queries_dir)

        return open_worker

    return prepare


def graph_names(build: Build) -> list[str]:
    """The named graphs of a build, read from its snapshot in a child so no store opens here."""
    from ..store.limits import run_limited

    def names() -> list[str]:
        kg = KnowledgeGraph.open(build)
        return [g.value for g in kg.graph_names()]

    return run_limited(names, timeout=600, memory_mb=None, what="listing the graphs")


def tcp_socket(sock: socket.socket) -> socket.socket:
    """``sock`` with its protocol read from the kernel. asyncio turns Nagle's algorithm off only on
    connections whose listening socket says IPPROTO_TCP, and ``socket.create_server`` says 0: with
    Nagle on, the body written after the response head waits for the client's delayed ACK, about
    40 ms per request on loopback."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    return socket.socket(fileno=sock.detach())


def serve(build: Build, queries_dir: Path, options: ServeOptions, *, json_log: AppendLog | None = None,
          ready: Callable[[str], None] | None = None, sock: socket.socket | None = None) -> None:
    """Serve ``build`` until interrupted. ``ready`` is told the URL once the socket listens."""
    import asyncio

    import uvicorn

    # Each new query worker opens a large graph's store again: the build stays while the server
    # runs, whatever other builds of the project prune meanwhile.
    with in_use(build):
        graphs = graph_names(build)
        zygote = Zygote(preparer(build, queries_dir), memory_mb=options.memory_mb)
        try:
            pool = Pool(zygote, size=options.concurrency, queue_wait=QUEUE_WAIT,
                        max_waiting=WAITING_PER_WORKER * options.concurrency)
            settings = Settings(timeout=options.timeout, max_timeout=options.max_timeout, max_rows=options.max_rows,
                                cors=options.cors, rebuild=f"spacekg build --as-of {build.key.rpartition('@')[2]}")
            if sock is None:
                sock = socket.create_server((options.host, options.port))
            sock = tcp_socket(sock)
            host, port = sock.getsockname()[:2]
            address = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
            app = App(pool, address=address, queries_dir=queries_dir, graphs=graphs, settings=settings, log=sys.stderr,
                      json_log=json_log)
            config = uvicorn.Config(app, lifespan="on", access_log=False, log_level="warning", http=LongUrlProtocol,
                                    timeout_graceful_shutdown=GRACE)
            server = uvicorn.Server(config)

            def stop(signum: int, frame: FrameType | None) -> None:
                server.should_exit = True

            async def run() -> None:
                task = asyncio.ensure_future(server.serve(sockets=[sock]))
                while not server.started and not task.done():
                    await asyncio.sleep(0.01)
                if ready is not None and server.started:
                    ready(address + "/sparql")
                await task
                # uvicorn cancels the queries still running at the end of its grace period but returns
                # without waiting for them: each still has to send its 503 and be logged.
                if server.server_state.tasks:
                    await asyncio.wait(server.server_state.tasks, timeout=GRACE)

            # uvicorn handles SIGTERM like SIGINT while it serves, and then raises it again once it has
            # stopped; with the default handler that ends the process before the 503s are sent. This
            # handler also stops a server that is told to before uvicorn has installed its own.
            previous: Any = signal.signal(signal.SIGTERM, stop)
            try:
                asyncio.run(run())
            finally:
                signal.signal(signal.SIGTERM, previous)
        finally:
            zygote.close()
