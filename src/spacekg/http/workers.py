"""Query workers that can be killed: forked from a single-threaded zygote, one query at a time each.

A query must be stoppable at its deadline, when its client goes away, and at its memory cap.
Native code ignores signals and a thread cannot be killed, so each query runs in a worker process
that the server kills. Forking from a process that has threads is unsafe (a lock held by another
thread stays locked in the child), and the server has threads: the event loop's executor, and
RocksDB's once a store is open. So the server forks, before it starts any thread, one *zygote*:
a small single-threaded process that forks every worker on request, at start and whenever one
dies or is killed. A small graph is loaded into the zygote's memory once and shared by every
worker copy-on-write; a large one is opened read-only by each worker after its fork.

Parent and zygote talk over a SOCK_SEQPACKET socket pair (one message per command; the worker's
socket travels with ``spawn`` as an SCM_RIGHTS file descriptor). A worker reads length-prefixed
pickled jobs from its socket and writes one reply per job. All of them exit when the server does:
end-of-file on their socket, and PR_SET_PDEATHSIG for a server that is killed outright.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import pickle
import resource
import signal
import socket
import struct
import threading
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_FRAME = struct.Struct("!Q")
_CONTROL_MAX = 64
# A worker's exit status after a MemoryError: the server then names the memory cap.
_OUT_OF_MEMORY = 3
Handler = Callable[[Any], Any]
Prepare = Callable[[], Callable[[], Handler]]


@dataclass(frozen=True)
class Failed:
    """A worker's answer to a job whose handler raised: the exception, as one line; ``unopened``
    when the worker could not open the graph at all."""

    error: str
    unopened: bool = False


class WorkerFailed(Exception):
    """The job's handler raised an exception (a bug); the worker survived it and stays in the pool."""


class GraphUnopened(WorkerFailed):
    """The worker could not open the graph (its store was removed from the cache while the server
    ran); it tries again with its next job, so a graph built there again is opened then."""


class WorkerGone(Exception):
    """The worker died before it answered; ``status`` is how (as ``os.waitpid`` gives it), if known."""

    def __init__(self, status: int | None = None) -> None:
        super().__init__(status)
        self.status = status

    @property
    def at_memory_cap(self) -> bool:
        """A MemoryError, or SIGABRT: Rust code (the query engine) aborts when an allocation fails."""
        s = self.status
        return s is not None and ((os.WIFEXITED(s) and os.WEXITSTATUS(s) == _OUT_OF_MEMORY)
                                  or (os.WIFSIGNALED(s) and os.WTERMSIG(s) == signal.SIGABRT))

    def __str__(self) -> str:
        s = self.status
        if s is None:
            return "died"
        if os.WIFSIGNALED(s):
            number = os.WTERMSIG(s)
            name = signal.Signals(number).name if number in signal.valid_signals() else f"signal {number}"
            if number == signal.SIGSEGV:
                return f"crashed ({name}), most likely its engine overflowed its stack on deep nesting"
            return f"was killed ({name})"
        if os.WEXITSTATUS(s) == _OUT_OF_MEMORY:
            return "ran out of memory (MemoryError)"
        return f"exited (status {os.WEXITSTATUS(s)})"


class Busy(Exception):
    """Every worker stayed busy for the whole queue wait, or too many requests are waiting."""


class TimedOut(Exception):
    """The job's deadline passed; its worker was killed."""


class Disconnected(Exception):
    """The client went away; its worker was killed."""


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def thread_count() -> int:
    """Threads of this process (Linux), or 1 where that cannot be read."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def _address_space() -> int:
    try:
        return int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


# --- Framing: length-prefixed pickles over a stream socket ---


def send_frame(sock: socket.socket, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_FRAME.pack(len(data)) + data)


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            return None
        got += n
    return bytes(buffer)


def recv_frame(sock: socket.socket) -> Any:
    """The next object on ``sock``; raises EOFError when the other side closed it."""
    head = _recv_exactly(sock, _FRAME.size)
    body = None if head is None else _recv_exactly(sock, _FRAME.unpack(head)[0])
    if body is None:
        raise EOFError
    return pickle.loads(body)


async def _arecv_exactly(loop: asyncio.AbstractEventLoop, sock: socket.socket, size: int) -> bytes:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        n = await loop.sock_recv_into(sock, view[got:])
        if n == 0:
            raise WorkerGone
        got += n
    return bytes(buffer)


async def _arecv_frame(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> Any:
    head = await _arecv_exactly(loop, sock, _FRAME.size)
    return pickle.loads(await _arecv_exactly(loop, sock, _FRAME.unpack(head)[0]))


# --- The zygote ---


class Zygote:
    """The single-threaded process that forks workers.

    ``prepare`` runs once in the zygote (load what every worker shares) and returns ``opener``,
    which runs in each new worker and returns its job handler. Each worker's address space may
    grow ``memory_mb`` beyond what it has once ``opener`` returned.
    """

    def __init__(self, prepare: Prepare, *, memory_mb: int | None) -> None:
        if thread_count() != 1:
            raise RuntimeError(f"the zygote must be forked from a single-threaded process (this one has {thread_count()})")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:  # the zygote
            try:
                ours.close()
                _zygote_main(theirs, prepare, memory_mb)
            finally:
                os._exit(0)
        theirs.close()
        self.pid = pid
        self._control = ours
        self._lock = threading.Lock()
        reply = self._control.recv(_CONTROL_MAX)
        if reply != b"ready":
            raise RuntimeError(f"the zygote failed to start: {reply.decode(errors='replace')}")

    def spawn(self) -> tuple[int, socket.socket]:
        """Fork a new worker; return its pid and the server's end of its socket."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with self._lock:
            socket.send_fds(self._control, [b"spawn"], [theirs.fileno()])
            theirs.close()
            reply = self._control.recv(_CONTROL_MAX)
        if not reply.startswith(b"pid "):
            ours.close()
            raise RuntimeError(f"the zygote could not start a worker: {reply.decode(errors='replace')}")
        return int(reply.split()[1]), ours

    def kill(self, pid: int) -> int | None:
        """Kill worker ``pid`` and reap it; return its wait status (None if unknown), which tells
        how it died if it was dying already. The zygote kills only workers it has not reaped yet,
        so a pid reused by an unrelated process is never signalled."""
        with self._lock:
            self._control.send(f"kill {pid}".encode())
            reply = self._control.recv(_CONTROL_MAX).split()
        return int(reply[1]) if len(reply) == 2 else None

    def close(self) -> None:
        """Stop the zygote and every worker."""
        self._control.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _zygote_main(control: socket.socket, prepare: Prepare, memory_mb: int | None) -> None:
    _die_with_parent()
    # Ctrl-C, and a SIGTERM that a service manager sends to the whole group, are the server's to
    # handle: it answers the queries in flight, then ends its zygote and workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        opener = prepare()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        control.send(f"{type(exc).__name__}: {exc}".encode()[:_CONTROL_MAX * 16])
        return
    control.send(b"ready")
    live: set[int] = set()
    died: dict[int, int] = {}  # the wait status of each worker reaped before the server asked how it died
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, _CONTROL_MAX, 1)
        except OSError:
            message, fds = b"", []
        _reap(live, died)
        if not message:
            break
        if message == b"spawn" and fds:
            pid = os.fork()
            if pid == 0:
                try:
                    control.close()
                    _worker_main(socket.socket(fileno=fds[0]), opener, memory_mb)
                finally:
                    os._exit(0)
            os.close(fds[0])
            live.add(pid)
            control.send(f"pid {pid}".encode())
        elif message.startswith(b"kill "):
            pid = int(message.split()[1])
            if pid in live:
                # A worker whose socket the server saw close may still be exiting: SIGKILL does
                # not change the status it dies with.
                os.kill(pid, signal.SIGKILL)
                died[pid] = os.waitpid(pid, 0)[1]
                live.discard(pid)
            status = died.pop(pid, None)
            control.send(b"ok" if status is None else f"ok {status}".encode())
        else:
            for fd in fds:
                os.close(fd)
            control.send(b"error unknown command")
    for pid in live:
        os.kill(pid, signal.SIGKILL)
    _reap(live, died, block=True)


def _reap(live: set[int], died: dict[int, int], *, block: bool = False) -> None:
    for pid in list(live):
        try:
            done, status = os.waitpid(pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            done = pid
        else:
            if done:
                died[pid] = status
        if done:
            live.discard(pid)


def _worker_main(sock: socket.socket, opener: Callable[[], Handler], memory_mb: int | None) -> None:
    _die_with_parent()

    def open_graph() -> Handler | Failed:
        try:
            return opener()
        except Exception as exc:  # noqa: BLE001 - each job is told why, as a handler's failure is
            # A large graph's store is opened in each new worker: one removed since the server
            # started (its cache deleted) fails here, and the log should say so rather than
            # "exited (status 0)". Each job tries again: a build made there since is opened.
            return Failed("the graph could not be opened: " + "".join(traceback.format_exception_only(exc)).strip(),
                          unopened=True)

    handle = open_graph()
    if memory_mb is not None:
        cap = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        try:
            job = recv_frame(sock)
        except (EOFError, OSError):
            return
        if isinstance(handle, Failed):
            handle = open_graph()
        try:
            reply = handle if isinstance(handle, Failed) else handle(job)
        except MemoryError:
            os._exit(_OUT_OF_MEMORY)  # the server reports the memory cap and starts a fresh worker
        except Exception as exc:  # noqa: BLE001 - a bug in the handler; the worker itself is sound
            reply = Failed("".join(traceback.format_exception_only(exc)).strip())
        send_frame(sock, reply)


# --- The server's side: a pool of workers on the event loop ---


@dataclass
class Worker:
    pid: int
    sock: socket.socket
    jobs: int = field(default=0)


class Pool:
    """``size`` workers; a job waits at most ``queue_wait`` seconds for a free one, and at most
    ``max_waiting`` jobs wait at once."""

    def __init__(self, zygote: Zygote, *, size: int, queue_wait: float, max_waiting: int) -> None:
        self.zygote = zygote
        self.size = size
        self.queue_wait = queue_wait
        self.max_waiting = max_waiting
        self._idle: list[Worker] = []
        self._waiters: deque[asyncio.Future[Worker]] = deque()
        self.replaced = 0
        self._closed = False

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    async def start(self) -> None:
        for _ in range(self.size):
            self._release(await self._spawn())

    async def _spawn(self) -> Worker:
        pid, sock = await self.loop.run_in_executor(None, self.zygote.spawn)
        sock.setblocking(False)
        return Worker(pid, sock)

    async def _replace(self, worker: Worker) -> int | None:
        """Kill ``worker`` and start another unless the pool is closing; return how the worker
        had died, if it had (``Zygote.kill``)."""
        self.loop.remove_reader(worker.sock)
        worker.sock.close()
        status = await self.loop.run_in_executor(None, self.zygote.kill, worker.pid)
        if not self._closed:
            self.replaced += 1
            self._release(await self._spawn())
        return status

    def _release(self, worker: Worker) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)
        # An idle worker's socket turns readable only when the worker died: replace it at once.
        self.loop.add_reader(worker.sock, self._died_while_idle, worker)

    def _died_while_idle(self, worker: Worker) -> None:
        if worker in self._idle:
            self._idle.remove(worker)
            asyncio.ensure_future(self._replace(worker))

    async def _acquire(self) -> Worker:
        if self._idle:
            worker = self._idle.pop()
            self.loop.remove_reader(worker.sock)
            return worker
        if len(self._waiters) >= self.max_waiting:
            raise Busy
        waiter: asyncio.Future[Worker] = self.loop.create_future()
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), self.queue_wait)
        except (TimeoutError, asyncio.CancelledError):
            if waiter.done() and not waiter.cancelled():
                self._release(waiter.result())  # handed over just as we gave up
            else:
                waiter.cancel()
            raise Busy from None

    async def run(self, job: Any, *, timeout: float, disconnected: asyncio.Future[Any] | None = None) -> Any:
        """Run ``job`` on a worker and return its reply.

        Raises:
            Busy: no worker became free in time.
            TimedOut: the deadline passed (the worker was killed and replaced).
            Disconnected: ``disconnected`` resolved first (likewise).
            WorkerGone: the worker died (likewise).
            GraphUnopened: the worker could not open the graph (it stays, and tries again next time).
            WorkerFailed: the job raised an exception in the worker (which stays).
        """
        deadline = self.loop.time() + timeout
        worker = await self._acquire()
        worker.jobs += 1
        try:
            await self.loop.sock_sendall(worker.sock, _FRAME.pack(len(data := pickle.dumps(job))) + data)
            reply = asyncio.ensure_future(_arecv_frame(self.loop, worker.sock))
            waiting = {reply} | ({disconnected} if disconnected is not None else set())
            done, _ = await asyncio.wait(waiting, timeout=max(deadline - self.loop.time(), 0),
                                         return_when=asyncio.FIRST_COMPLETED)
            if reply in done:
                result = reply.result()  # raises WorkerGone on end-of-file
                self._release(worker)
                if isinstance(result, Failed):
                    raise (GraphUnopened if result.unopened else WorkerFailed)(result.error)
                return result
            reply.cancel()
            raise (Disconnected if done else TimedOut)
        except (WorkerGone, OSError):
            raise WorkerGone(await self._replace(worker)) from None
        except (TimedOut, Disconnected, asyncio.CancelledError):
            await self._replace(worker)
            raise

    async def close(self) -> None:
        self._closed = True
        for worker in self._idle:
            self.loop.remove_reader(worker.sock)
            worker.sock.close()
        self._idle.clear()
