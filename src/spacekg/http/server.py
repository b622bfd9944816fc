"""``spacekg serve``: start the query workers' zygote, then the HTTP server (uvicorn) on one event loop.

Order matters: the zygote is forked while this process still has a single thread; uvicorn and
the event loop's executor start threads only afterwards, and this process never forks again.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..store.engine import KnowledgeGraph
from ..store.snapshot import Build
from .app import App, Settings
from .execute import Executor
from .workers import Handler, Pool, Zygote

# A request that finds every worker busy waits this long for one before it gets 503.
QUEUE_WAIT = 1.0
WAITING_PER_WORKER = 8


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


def serve(build: Build, queries_dir: Path, options: ServeOptions, *, json_log: IO[str] | None = None,
          ready: Callable[[str], None] | None = None, sock: socket.socket | None = None) -> None:
    """Serve ``build`` until interrupted. ``ready`` is told the URL once the socket listens."""
    import asyncio

    import uvicorn

    graphs = graph_names(build)
    zygote = Zygote(preparer(build, queries_dir), memory_mb=options.memory_mb)
    try:
        pool = Pool(zygote, size=options.concurrency, queue_wait=QUEUE_WAIT,
                    max_waiting=WAITING_PER_WORKER * options.concurrency)
        settings = Settings(timeout=options.timeout, max_timeout=options.max_timeout, max_rows=options.max_rows,
                            cors=options.cors)
        app = App(pool, queries_dir=queries_dir, graphs=graphs, settings=settings, log=sys.stderr, json_log=json_log)
        if sock is None:
            sock = socket.create_server((options.host, options.port))
        sock = tcp_socket(sock)
        host, port = sock.getsockname()[:2]
        config = uvicorn.Config(app, lifespan="on", access_log=False, log_level="warning", http="httptools",
                                timeout_graceful_shutdown=2)
        server = uvicorn.Server(config)

        async def run() -> None:
            task = asyncio.ensure_future(server.serve(sockets=[sock]))
            while not server.started and not task.done():
                await asyncio.sleep(0.01)
            if ready is not None and server.started:
                ready(f"http://{'[' + host + ']' if ':' in host else host}:{port}/sparql")
            await task

        asyncio.run(run())
    finally:
        zygote.close()
