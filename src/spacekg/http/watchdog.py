"""One deadline for a whole request, whatever the server does.

A socket timeout bounds each wait for data, not the sum of the waits: a server that sends a byte
of its headers every half second would hold a reader for as long as it liked (http.client reads up
to 100 header lines of 64 KiB each). A :class:`Watchdog` shuts its request's sockets down when the
deadline passes, which ends any read or write under way, wherever it stands: connecting, the TLS
handshake, sending, the headers, the body. The remote clients (push, ``--endpoint``, Wikidata)
share it.

One thread serves every watchdog of a process, so that a push of tens of thousands of requests does
not start a thread for each.
"""

from __future__ import annotations

import heapq
import itertools
import os
import socket
import threading
import time


class Watchdog:
    """Shuts down the sockets it watches once ``seconds`` have passed, unless cancelled first.

    Used as a context manager, it is cancelled when the block ends. After :meth:`cancel` returns,
    nothing is shut down any more, so the connection may serve the next request.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._cancelled = False
        _SCHEDULE.add(time.monotonic() + seconds, self)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            self._sockets.clear()

    def expire(self) -> None:
        with self._lock:
            if self._cancelled:
                return
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> Watchdog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        # The plain socket's shutdown, also for a TLS socket: ssl.SSLSocket's own would drop the TLS
        # state under the thread that is reading through it.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _Schedule:
    """The deadlines of every watchdog, and the thread that acts on them as they pass."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Watchdog]] = []
        self._order = itertools.count()  # breaks ties between equal deadlines without comparing watchdogs
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, when: float, watchdog: Watchdog) -> None:
        with self._changed:
            heapq.heappush(self._heap, (when, next(self._order), watchdog))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="spacekg-watchdog", daemon=True)
                self._thread.start()
            if self._heap[0][2] is watchdog:
                self._changed.notify()

    def _run(self) -> None:
        with self._changed:
            while True:
                # A cancelled watchdog stays until its time, when expiring it does nothing.
                while self._heap and self._heap[0][0] <= time.monotonic():
                    heapq.heappop(self._heap)[2].expire()
                self._changed.wait(self._heap[0][0] - time.monotonic() if self._heap else None)


_SCHEDULE = _Schedule()


def _after_fork() -> None:
    # A forked child (a query's worker) has none of its parent's threads, and a lock the parent's
    # thread held stays held: the child starts a schedule of its own.
    global _SCHEDULE
    _SCHEDULE = _Schedule()


os.register_at_fork(after_in_child=_after_fork)
