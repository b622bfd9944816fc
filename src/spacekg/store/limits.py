"""Run work in a child process under a wall-clock limit and a memory cap that really stop it.

A thread cannot be killed and a signal handler never runs while pyoxigraph or owlrl is inside
native code, so the work runs in a forked child, and every limit holds without its cooperation:

* the parent kills the child at the time limit;
* the child also stops itself: the kernel delivers SIGALRM (whose default action ends the
  process) shortly after the limit, and RLIMIT_CPU caps its CPU time, so a child whose parent was
  stopped or is stuck still ends;
* the child dies with its parent (Linux ``PR_SET_PDEATHSIG``): a parent killed by SIGTERM,
  SIGKILL or a caller's own timeout leaves no orphan behind;
* the child's address space is capped with RLIMIT_AS, never above the hard limit it inherited
  (``ulimit -v``), so a runaway query fails instead of swapping;
* unless the work needs the network, a seccomp filter (Linux on x86-64 and AArch64) makes the
  child's attempts to open internet sockets fail, so a query cannot reach the network even if
  the safety check (:mod:`spacekg.store.safety`) missed a SERVICE.

A child that dies without an answer is classified from how it died: the time limit, the memory
cap (Rust's allocator prints "memory allocation ... failed" before it aborts), or a crash (for
example a segmentation fault when a deeply nested query overflows the engine's stack).
"""

from __future__ import annotations

import errno
import faulthandler
import math
import os
import resource
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import LimitError, SpaceKGError, WorkerFailure

T = TypeVar("T")
DEFAULT_QUERY_TIMEOUT = 60.0
DEFAULT_BUILD_TIMEOUT = 900.0
DEFAULT_MEMORY_MB = 4096
MIN_TIMEOUT = 0.1
MAX_TIMEOUT = 7 * 24 * 3600.0  # a week; more is a typo, and alarm() counts seconds in an int
MIN_MEMORY_MB = 64
MAX_MEMORY_MB = 16 * 1024 * 1024  # 16 TiB
# The child's own deadline comes this long after the parent's, so the parent reports the limit.
GRACE_SECONDS = 2
_MIB = 1024 * 1024
# The query engine parses and evaluates nested groups, operator chains and UNIONs recursively: on
# the 8 MiB stack of a main thread, a few thousand levels overflow it. 256 MiB of address space
# (only the pages used become memory) holds any query within the 64 KiB query limit.
DEEP_STACK_BYTES = 256 * _MIB
_STACK_SIZE = threading.Lock()


def check_limits(timeout: float, memory_mb: int | None) -> None:
    """Refuse limits that cannot be enforced as given.

    Raises:
        ValueError: ``timeout`` is not a finite number of seconds in [MIN_TIMEOUT, MAX_TIMEOUT],
            or ``memory_mb`` is outside [MIN_MEMORY_MB, MAX_MEMORY_MB].
    """
    if not (math.isfinite(timeout) and MIN_TIMEOUT <= timeout <= MAX_TIMEOUT):
        raise ValueError(f"timeout must be between {MIN_TIMEOUT:g} and {MAX_TIMEOUT:g} seconds, not {timeout!r}")
    if memory_mb is not None and not MIN_MEMORY_MB <= memory_mb <= MAX_MEMORY_MB:
        raise ValueError(f"memory cap must be between {MIN_MEMORY_MB} and {MAX_MEMORY_MB} MiB, not {memory_mb!r}")


def run_limited(
    fn: Callable[..., T],
    *args: Any,
    timeout: float,
    memory_mb: int | None,
    what: str,
    deadline: float | None = None,
    progress: Callable[[str], None] | None = None,
    network: bool = False,
    crash: type[SpaceKGError] = SpaceKGError,
    confirm: Callable[[], bool] | None = None,
) -> T:
    """Return ``fn(*args)`` computed in a child process.

    Args:
        fn: the work; its arguments are inherited by fork, its result is pickled back.
        timeout: seconds of wall-clock time before the child is killed.
        memory_mb: how much the child may grow its address space beyond what it inherits, in MiB,
            or ``None`` for no cap beyond the inherited one.
        what: how to name the work in error messages ("query", "build").
        deadline: a ``time.monotonic()`` instant the work must also end by: a command's time
            limit that earlier work (a build) has already used part of.
        progress: when given, ``fn`` is called with a keyword argument ``progress``, a function
            whose messages reach this one while the work runs.
        network: let the child open internet sockets (a query allowed to use SERVICE).
        crash: the error raised when the child crashes (a query's crash is a QueryError).
        confirm: called here once the child has started, while it works: when it returns False,
            the child is killed and :class:`Unconfirmed` raised (work begun on a guess, such as
            the build a query will read, that this check then disproves).

    Raises:
        LimitError: the time limit or memory cap was reached.
        SpaceKGError: whatever spacekg error the work raised, re-raised here; ``crash`` when the
            child died of anything else.
        ValueError: the limits are out of range (see :func:`check_limits`).
        Unconfirmed: ``confirm`` returned False.
    """
    check_limits(timeout, memory_mb)
    deadline = min(time.monotonic() + timeout, deadline if deadline is not None else math.inf)
    if deadline - time.monotonic() < MIN_TIMEOUT:
        raise LimitError(f"{what} not started: the {timeout:g} s time limit is used up (raise it with --timeout)")
    # A bare fork and a pipe: the multiprocessing package would cost a cold query more to import
    # than the fork itself costs.
    errors = _scratch_file()
    parent = os.getpid()
    reader, writer = os.pipe()
    _flush()  # nothing buffered here may be written twice
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        try:
            _child(writer, fn, args, deadline - time.monotonic(), memory_mb, parent, errors.fileno(),
                   progress is not None, network)
        finally:
            os._exit(0)
    os.close(writer)
    status: int | None = None
    try:
        if confirm is not None and not confirm():
            raise Unconfirmed
        while True:
            try:
                kind, payload = _receive(reader, deadline)
            except TimeoutError:
                raise LimitError(f"{what} stopped after the {timeout:g} s time limit (raise it with --timeout)") from None
            except EOFError:
                status = os.waitpid(pid, 0)[1]
                raise _death(what, os.waitstatus_to_exitcode(status), _tail(errors), memory_mb, crash) from None
            if kind != "progress":
                break
            if progress is not None:
                progress(payload)
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)  # not reaped yet, so the pid is still this child's
            os.waitpid(pid, 0)
        os.close(reader)
        errors.close()
    if kind == "ok":
        return payload
    if isinstance(payload, WorkerFailure):
        raise payload.reached(f"{what} failed in its worker process")
    raise payload


_KEPT: list[object] = []


def keep_until_exit(*objects: object) -> None:
    """Leave ``objects`` to the end of this worker process, for work run by :func:`run_limited`
    only: the worker's exit drops them at once with its memory, where freeing them one by one as
    the work returns costs longer (about 0.2 s for the state of a 100k-triple build)."""
    _KEPT.extend(objects)


class Unconfirmed(Exception):
    """The check that :func:`run_limited` ran beside its work disproved what the work assumed."""


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # closed or broken: the command reports that itself
            pass


_HEADER = 8  # bytes of a message's length


def _receive(fd: int, deadline: float) -> tuple[str, Any]:
    """The next message on pipe ``fd``, whole, by ``deadline`` (``time.monotonic()``).

    Raises:
        TimeoutError: the deadline passed first.
        EOFError: the pipe closed before a whole message came.
    """
    import pickle  # here and in _send: commands that only read the limits need not import it
    size = int.from_bytes(_read_exactly(fd, _HEADER, deadline), "big")
    return pickle.loads(_read_exactly(fd, size, deadline))


def _read_exactly(fd: int, size: int, deadline: float) -> bytes:
    import select

    chunks, got = [], 0
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while got < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poller.poll(math.ceil(remaining * 1000)):
            raise TimeoutError
        chunk = os.read(fd, min(size - got, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _send(fd: int, message: tuple[str, Any]) -> None:
    import pickle

    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(_HEADER, "big") + data)
    while view:
        view = view[os.write(fd, view):]


def in_two(first: Callable[[], T], second: Callable[[], T]) -> list[T]:
    """``[first(), second()]``, the second computed by a helper process forked for it, so that a
    worker uses both cores. The helper inherits the worker's limits and dies with it; its errors
    are raised here."""
    import pickle

    readable, writable = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the helper
        os.close(readable)
        die_with_parent(parent)
        try:
            data = pickle.dumps(("ok", second()))
        except SpaceKGError as exc:
            data = pickle.dumps(("error", exc))
        except MemoryError:
            data = pickle.dumps(("error", LimitError("a reasoning helper ran out of memory (raise it with --memory-mb)")))
        except BaseException as exc:
            data = pickle.dumps(("error", WorkerFailure.caught(exc)))
        with os.fdopen(writable, "wb") as out:
            out.write(data)
        os._exit(0)
    os.close(writable)
    try:
        mine = first()
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # it may be blocked writing a result nobody will read
        os.close(readable)
        os.waitpid(pid, 0)
        raise
    with os.fdopen(readable, "rb") as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    if not data:
        raise LimitError("a reasoning helper died, most likely at the memory cap (raise it with --memory-mb)")
    status, payload = pickle.loads(data)
    if status != "ok":
        raise payload.reached("a reasoning helper failed") if isinstance(payload, WorkerFailure) else payload
    return [mine, payload]


def _death(what: str, exitcode: int | None, stderr: str, memory_mb: int | None,
           crash: type[SpaceKGError]) -> SpaceKGError:
    """The error for a child that died without an answer, from its exit status and last words."""
    number = -exitcode if exitcode is not None and exitcode < 0 else None
    name = signal.Signals(number).name if number in signal.valid_signals() else f"exit {exitcode}"
    if number in (signal.SIGALRM, signal.SIGXCPU):
        return LimitError(f"{what} stopped at its own deadline (the time limit; raise it with --timeout)")
    if "memory allocation of" in stderr or "MemoryError" in stderr or "Cannot allocate memory" in stderr:
        return LimitError(f"{what} ran out of memory at {describe_cap(memory_mb)}")
    if number == signal.SIGKILL:
        return LimitError(f"{what} was killed (SIGKILL): by its CPU time limit, by the system when short of memory, "
                          "or by another process")
    if number == signal.SIGSEGV or "overflowed its stack" in stderr:
        # The deep stack a query runs on takes a quarter of the room its memory cap leaves.
        hint = "; a larger --memory-mb gives it a deeper stack" if memory_mb is not None and (
            memory_mb * _MIB < 4 * DEEP_STACK_BYTES) else ""
        return crash(f"{what} crashed ({name}): its engine overflowed its stack, most likely on deep nesting{hint}")
    return crash(f"{what} crashed in its worker process ({name})")


def _scratch_file() -> Any:
    """Where the child's standard error goes: a file in memory where Linux allows."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("spacekg-worker-stderr"), "w+b")
    import tempfile

    return tempfile.TemporaryFile()


def _tail(handle: Any, size: int = 4096) -> str:
    handle.seek(0, os.SEEK_END)
    handle.seek(max(0, handle.tell() - size))
    return handle.read().decode("utf-8", "replace")


def _address_space() -> int:
    """Bytes of virtual memory this process maps now (Linux), or 0 where that cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def on_a_deep_stack(run: Callable[[], T]) -> T:
    """``run()`` on a thread with a stack deep enough for any query, so that a deeply nested query
    is answered rather than crashing its process. Under an address-space cap the stack takes at
    most a quarter of what the cap leaves free; where that is no deeper than the stack at hand,
    ``run()`` runs here."""
    size = _deep_stack_size()
    if size is None:
        return run()
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append(run())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            # The failed frames' locals (a pyoxigraph answer) must be dropped on the thread that
            # made them; the traceback keeps its lines.
            chained: BaseException | None = exc
            while chained is not None:
                traceback.clear_frames(chained.__traceback__)
                chained = chained.__cause__ or chained.__context__
            outcome.append(exc)

    worker = threading.Thread(target=target, name="spacekg-query")
    with _STACK_SIZE:  # the size applies to threads started after it is set, in any thread
        before = threading.stack_size(size)
        try:
            worker.start()
        except RuntimeError:  # no room for the stack after all
            pass
        finally:
            threading.stack_size(before)
    if worker.ident is None:
        return run()
    worker.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _deep_stack_size() -> int | None:
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return DEEP_STACK_BYTES
    page = resource.getpagesize()
    size = min(DEEP_STACK_BYTES, (soft - _address_space()) // 4 // page * page)
    return size if size > 8 * _MIB else None


def memory_cap(memory_mb: int) -> int:
    """The RLIMIT_AS soft limit for a worker that may grow by ``memory_mb``: never above the
    hard limit this process inherited, which no process can raise."""
    want = _address_space() + memory_mb * _MIB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    return want if hard == resource.RLIM_INFINITY else min(want, hard)


def describe_cap(memory_mb: int | None) -> str:
    """The memory cap a worker gets, as an error message names it."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    inherited = f"the inherited address-space limit of {hard // _MIB} MiB (ulimit -v)"
    if memory_mb is None:
        return inherited if hard != resource.RLIM_INFINITY else "the system's memory"
    if hard != resource.RLIM_INFINITY and _address_space() + memory_mb * _MIB > hard:
        return inherited
    return f"the {memory_mb} MiB memory cap (raise it with --memory-mb)"


def _child(sender: int, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float,
           memory_mb: int | None, parent: int, stderr_fd: int, with_progress: bool, network: bool) -> None:
    die_with_parent(parent)
    # The default action of SIGALRM and SIGXCPU ends the process, even inside native code.
    for number in (signal.SIGALRM, signal.SIGXCPU):
        signal.signal(number, signal.SIG_DFL)
    own_deadline = math.ceil(timeout) + GRACE_SECONDS
    signal.alarm(own_deadline)
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    cpu = own_deadline if cpu_hard == resource.RLIM_INFINITY else min(own_deadline, cpu_hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu_hard))
    # Native code that hits the cap prints its own allocation failure (and faulthandler, when a test
    # runner enabled it, a stack dump); the parent reads the last lines to say what happened.
    faulthandler.disable()
    os.dup2(stderr_fd, 2)
    if memory_mb is not None:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory_cap(memory_mb), hard))
    if not network:
        deny_network()
    kwargs: dict[str, Callable[[str], None]] = {}
    if with_progress:
        import threading

        lock = threading.Lock()  # progress may come from the work's own threads (a build's heartbeat)

        def say(line: str) -> None:
            with lock:
                _send(sender, ("progress", line))

        kwargs["progress"] = say
    try:
        _send(sender, ("ok", fn(*args, **kwargs)))
    except MemoryError:
        _send(sender, ("error", LimitError(f"ran out of memory at {describe_cap(memory_mb)}")))
    except SpaceKGError as exc:
        _send(sender, ("error", exc))
    except BaseException as exc:  # a bug: hand it to the parent, with its traceback for --debug
        _send(sender, ("error", WorkerFailure.caught(exc)))
    finally:
        os.close(sender)
        _flush()


# While a thread imports beside the work, the work waits at most this long to take the GIL back
# after each native call (Python's default is 5 ms, several times what some calls take).
_BESIDE_SWITCH_SECONDS = 0.0002


def import_beside(modules: tuple[str, ...]) -> None:
    """Import ``modules``, and pickle, which sends the result back, in a thread that runs whenever
    the work releases the GIL: for work in a worker (:func:`run_limited`) about to run native
    code, so that they load on another core. The thread shares the worker's limits and network
    filter. Only for work that starts no process: a fork while the thread runs is unsafe."""
    import importlib
    import threading

    previous = sys.getswitchinterval()
    sys.setswitchinterval(_BESIDE_SWITCH_SECONDS)

    def run() -> None:
        try:
            for name in ("pickle", *modules):
                importlib.import_module(name)
        finally:
            sys.setswitchinterval(previous)

    threading.Thread(target=run, name="spacekg-import-beside", daemon=True).start()


_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2


def _libc() -> Any:
    import ctypes  # only in a worker: the parent process need not load it

    return ctypes.CDLL(None, use_errno=True)


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); if the parent is
    already gone, end now."""
    if sys.platform != "linux":
        return
    _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


# Architecture, its audit number and its socket() system call number.
_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_AF_INET, _AF_INET6 = 2, 10


def deny_network() -> bool:
    """Make this process's attempts to open internet sockets fail with EACCES (Linux seccomp).

    Local pipes and Unix sockets keep working. Returns whether the filter is in place (False on
    other systems and architectures, where the safety check alone guards).
    """
    arch = _ARCHES.get(os.uname().machine)
    if sys.platform != "linux" or arch is None:
        return False
    import ctypes

    audit_arch, socket_call = arch

    def statement(code: int, k: int) -> bytes:
        return struct.pack("HBBI", code, 0, 0, k)

    def jump(code: int, k: int, true: int, false: int) -> bytes:
        return struct.pack("HBBI", code, true, false, k)

    load, equal, at_least, ret = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, JMP|JEQ|K, JMP|JGE|K, RET|K
    allow, deny = 0x7FFF0000, 0x00050000 | errno.EACCES
    program = b"".join([
        statement(load, 4),  # seccomp_data.arch
        # Calls through another ABI pass: this guards what the engine does, it is no sandbox for
        # hostile machine code.
        jump(equal, audit_arch, 0, 6),
        statement(load, 0),  # seccomp_data.nr
        jump(at_least, 0x40000000, 5, 0),  # x32 system calls on x86-64: deny
        jump(equal, socket_call, 0, 3),
        statement(load, 16),  # the low half of socket()'s first argument: the address family
        jump(equal, _AF_INET, 2, 0),
        jump(equal, _AF_INET6, 1, 0),
        statement(ret, allow),
        statement(ret, deny),
    ])
    buffer = ctypes.create_string_buffer(program)

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    filter_program = Program(len(program) // 8, ctypes.addressof(buffer))
    return bool(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(filter_program), 0, 0) == 0)
