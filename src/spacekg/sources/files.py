"""Reading input files defensively and writing outputs atomically."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ..errors import InputError

MAX_INPUT_BYTES = 256 * 1024 * 1024


def read_text(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Read a UTF-8 text file that must be a regular file of bounded size.

    Args:
        path: the file to read.
        max_bytes: refuse larger files rather than exhaust memory.

    Returns:
        The decoded text.

    Raises:
        InputError: missing, not a regular file (directory, FIFO, device), too large, or not UTF-8;
            the message names the file and, for bad bytes, the line and column.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file")
    if info.st_size > max_bytes:
        raise InputError(f"{path}: {info.st_size} bytes is over the {max_bytes}-byte limit")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark is allowed, and not content
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"{path}:{line}:{column}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part.

    The bytes go to a temporary file in the same directory, are flushed to disk (unless not
    ``durable``: a cache that checks its own hash can skip that), and replace the target in one
    rename; on any failure the temporary file is removed.

    Raises:
        InputError: the target is a directory or cannot be written (read-only, disk full...).
    """
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file name to write to")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
