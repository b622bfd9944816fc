"""Run work in a child process under a wall-clock limit and a memory cap that really stop it.

A thread cannot be killed and a signal handler never runs while pyoxigraph or owlrl is inside
native code, so the work runs in a forked child: on timeout the parent kills it, and the child's
address space is capped with RLIMIT_AS so that a runaway query fails instead of swapping.
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import pickle
import resource
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from ..errors import LimitError, SpaceKGError

T = TypeVar("T")
DEFAULT_QUERY_TIMEOUT = 60.0
DEFAULT_REASONING_TIMEOUT = 900.0
DEFAULT_MEMORY_MB = 4096


def run_limited(
    fn: Callable[..., T], *args: Any, timeout: float, memory_mb: int | None, what: str
) -> T:
    """Return ``fn(*args)`` computed in a child process.

    Args:
        fn: the work; its arguments are inherited by fork, its result is pickled back.
        timeout: seconds of wall-clock time before the child is killed.
        memory_mb: how much the child may grow its address space beyond what it inherits, in MiB,
            or ``None`` for no cap.
        what: how to name the work in error messages ("query", "reasoning").

    Raises:
        LimitError: the time limit or memory cap was reached.
        SpaceKGError: whatever spacekg error the work raised, re-raised here.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, fn, args, memory_mb), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise LimitError(f"{what} stopped after the {timeout:g} s time limit (raise it with --timeout)")
        try:
            status, payload = receiver.recv()
        except EOFError:
            child.join()
            raise LimitError(
                f"{what} died (exit {child.exitcode}), most likely at the {memory_mb} MiB memory cap "
                "(raise it with --memory-mb)"
            ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status == "ok":
        return payload  # type: ignore[no-any-return]
    if isinstance(payload, SpaceKGError):
        raise payload
    raise RuntimeError(f"{what} failed in its worker process:\n{payload}")


def in_two(first: Callable[[], T], second: Callable[[], T]) -> list[T]:
    """``[first(), second()]``, the second computed by a helper process forked for it, so that a
    worker uses both cores. The helper dies with its parent; its errors are raised here."""
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper
        os.close(readable)
        _die_with_parent()
        try:
            data = pickle.dumps(("ok", second()))
        except SpaceKGError as exc:
            data = pickle.dumps(("error", exc))
        except MemoryError:
            data = pickle.dumps(("error", LimitError("a reasoning helper ran out of memory (raise it with --memory-mb)")))
        except BaseException:
            data = pickle.dumps(("error", traceback.format_exc()))
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
        if isinstance(payload, BaseException):
            raise payload
        raise RuntimeError(f"a reasoning helper failed:\n{payload}")
    return [mine, payload]


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a worker killed at its time limit)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _address_space() -> int:
    """Bytes of virtual memory this process maps now (Linux), or 0 where that cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def _child(sender: Connection, fn: Callable[..., Any], args: tuple[Any, ...], memory_mb: int | None) -> None:
    # Native code that hits the cap prints its own allocation failure (and faulthandler, when a test
    # runner enabled it, a stack dump); the parent reports the failure in one line instead.
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    if memory_mb is not None:
        # The cap is what the worker may add to the address space it inherits from the parent.
        cap = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        sender.send(("ok", fn(*args)))
    except MemoryError:
        sender.send(("error", LimitError(f"ran out of memory at the {memory_mb} MiB cap (raise it with --memory-mb)")))
    except SpaceKGError as exc:
        sender.send(("error", exc))
    except BaseException:  # a bug: hand the traceback to the parent, which shows it
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()
