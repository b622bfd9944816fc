"""Reading input files defensively and writing outputs atomically.

Every file spacekg reads (inputs, stored queries, caches) goes through :func:`read_bytes`: the
path is checked before a byte is read (missing, dangling or looping symbolic link, directory,
FIFO, device, unreadable, over its size cap), then the opened file is checked again, so that what
is read is what was checked. With a ``root``, a file must also resolve inside that directory:
a project's symbolic links are followed only while they stay inside the project.

A build records the digest of every file it reads (:func:`recording`), so that its cache key is
the hash of the bytes it actually loaded, not of what the files held before or after.

Outputs go through :func:`write_output`: a regular file is replaced atomically (keeping an
existing file's mode; a new file follows the umask), a FIFO or character device is written
through and never replaced, and anything else is refused, symbolic links to regular files
included.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import InputError, OutputError

MAX_INPUT_BYTES = 256 * 1024 * 1024
_KINDS = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}
_recorded: list[dict[str, str]] = []


@contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Record the SHA-256 of every file read inside the block, by absolute path (the first read
    of a path counts)."""
    seen: dict[str, str] = {}
    _recorded.append(seen)
    try:
        yield seen
    finally:
        _recorded.remove(seen)


def read_bytes(path: Path, *, max_bytes: int = MAX_INPUT_BYTES, root: Path | None = None) -> bytes:
    """Read a regular file of at most ``max_bytes`` bytes, checked before it is read.

    Args:
        path: the file.
        max_bytes: refuse larger files rather than exhaust memory.
        root: when given, the file (after following symbolic links) must lie inside it.

    Raises:
        InputError: missing, a dangling or looping symbolic link, outside ``root``, not a regular
            file (directory, FIFO, device, socket), unreadable, or too large; naming the file.
    """
    info = checked_stat(path, max_bytes=max_bytes, root=root)
    try:
        # O_NONBLOCK: a FIFO swapped in after the check must not block the open.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {_reason(exc)}") from None
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino) or not stat.S_ISREG(opened.st_mode):
            raise InputError(f"{path}: the file changed while it was opened; try again")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise InputError(f"{path}: more than {max_bytes} bytes, over the {max_bytes}-byte limit")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {_reason(exc)}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    for seen in _recorded:
        import hashlib  # only while a build records what it reads

        seen.setdefault(os.path.abspath(path), hashlib.sha256(data).hexdigest())
    return data


def checked_stat(path: Path, *, max_bytes: int = MAX_INPUT_BYTES, root: Path | None = None) -> os.stat_result:
    """The status of ``path``, a file spacekg is to read, checked as :func:`read_bytes` checks it
    before reading a byte.

    Raises:
        InputError: see :func:`read_bytes`.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(f"{path}: a dangling symbolic link (to {os.readlink(path)})") from None
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{path}: a loop of symbolic links") from None
        raise InputError(f"{path}: cannot read: {_reason(exc)}") from None
    if root is not None:
        check_inside(path, root)
    kind = _KINDS.get(stat.S_IFMT(info.st_mode))
    if kind is not None or not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file ({kind or 'a special file'})")
    if info.st_size > max_bytes:
        raise InputError(f"{path}: {info.st_size} bytes is over the {max_bytes}-byte limit")
    return info


def check_inside(path: Path, root: Path) -> Path:
    """Return ``path`` if it lies inside ``root`` once symbolic links are followed.

    Raises:
        InputError: it leads outside ``root``.
    """
    resolved = Path(os.path.realpath(path))
    if not resolved.is_relative_to(os.path.realpath(root)):
        raise InputError(f"{path}: leads to {resolved}, outside the project; spacekg reads only files inside it")
    return path


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def make_directory(path: Path) -> None:
    """Make the directory ``path`` with its parents.

    Raises:
        OutputError: it cannot be made, naming the file that stands where a directory must be.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in (path, *path.parents) if os.path.lexists(p) and not os.path.isdir(p)), None)
        if blocker is not None:
            inside = "" if blocker == path else f", where {path} must be made"
            raise OutputError(f"{blocker}: not a directory{inside}; move it away") from None
        raise OutputError(f"{path}: cannot make the directory: {_reason(exc)}") from None


def read_text(path: Path, *, max_bytes: int = MAX_INPUT_BYTES, root: Path | None = None) -> str:
    """Read a UTF-8 text file that must be a regular file of bounded size (see :func:`read_bytes`).

    A UTF-8 byte order mark is dropped.

    Raises:
        InputError: see :func:`read_bytes`; or not UTF-8 (see :func:`decode_utf8`).
    """
    return decode_utf8(read_bytes(path, max_bytes=max_bytes, root=root), str(path))


_BOM = b"\xef\xbb\xbf"


def decode_utf8(data: bytes, name: str) -> str:
    """Decode strict UTF-8; a leading byte order mark is allowed, and is no part of the text.

    Raises:
        InputError: naming ``name``, the line and column of the first bad byte as the parsers
            count them (:func:`line_and_column`), the byte and its offset in ``data``.
    """
    marked = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if marked or _every_other_byte_zero(data[:4096]):
        # Read as UTF-8, UTF-16 without its byte-order mark is text with a NUL after every letter,
        # whose offsets would count the NULs.
        how = "a byte-order mark" if marked else "a zero byte beside every other"
        raise InputError(f"{name}:1:1: not UTF-8 but UTF-16 (it has {how}); save it as UTF-8")
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        # What comes before the first bad byte is UTF-8: counted as text, the column is in
        # characters, as every other position spacekg gives.
        before = data[skip:skip + exc.start].decode("utf-8")
        line, column = line_and_column(before, len(before))
        raise InputError(f"{name}:{line}:{column}: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
                         f"{skip + exc.start})") from None


def _every_other_byte_zero(head: bytes) -> bool:
    """Whether ``head`` reads as UTF-16 text of Latin letters: a zero byte in nearly every other
    place (one stray zero byte in a short text is no such thing)."""
    return len(head) >= 4 and any(half.count(0) >= max(2, 0.9 * len(half)) for half in (head[0::2], head[1::2]))


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as :func:`line_and_column` counts them (``str.splitlines`` would end
    one at a form feed or U+2028 too, and number every later line wrongly)."""
    return re.split(r"\r\n?|\n", text)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """Line and column (both from 1, the column in characters) of ``offset`` in ``text``.

    A line ends at a line feed, a carriage return or both (CR LF), as the Turtle, TriG and SPARQL
    grammars end a comment and as editors show a file: pyoxigraph's Turtle and TriG positions
    count them so, and every position spacekg gives counts them the same way.
    """
    line = text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset) + 1
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return line, offset - start + 1


def read_table(path: Path, columns: Collection[str], *, root: Path | None = None,
               check: Callable[[dict[str, str]], str | None] | None = None) -> list[dict[str, str]]:
    """Read a CSV file with a header row that has at least ``columns``, one dict per row.
    ``check`` says what is wrong with a row's values, if anything.

    Raises:
        InputError: as :func:`read_table_lines`.
    """
    return [row for _, row in read_table_lines(path, columns, root=root, check=check)]


def read_table_lines(path: Path, columns: Collection[str], *, root: Path | None = None,
                     check: Callable[[dict[str, str]], str | None] | None = None) -> list[tuple[int, dict[str, str]]]:
    """Like :func:`read_table`, each row with the line it starts on, so that a later check of its
    values can name the line too.

    Raises:
        InputError: the file cannot be read (see :func:`read_text`), lacks a column, or has a row
            with more or fewer fields than the header, a broken quote or a value ``check``
            refuses; naming file and line.
    """
    import csv
    reader = csv.DictReader(io.StringIO(read_text(path, root=root), newline=""), strict=True)
    try:
        missing = sorted(set(columns) - set(reader.fieldnames or ()))
        if missing:
            raise InputError(f"{path}:1: the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        rows = []
        start = reader.line_num + 1
        for row in reader:
            if None in row or None in row.values():
                found = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or ())
                raise InputError(f"{path}:{reader.line_num}: {found} fields where the header has "
                                 f"{len(reader.fieldnames or ())}")
            if check is not None and (problem := check(row)) is not None:
                raise InputError(f"{path}:{start}: {problem}")
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        # The reader counts the lines of the rows it finished; the broken row starts on the next.
        raise InputError(f"{path}:{reader.line_num + 1}: malformed CSV in the row that starts on this line: "
                         f"{exc}") from None
    return rows


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part.

    The bytes go to a temporary file in the same directory, are flushed to disk (unless not
    ``durable``: a cache that checks its own hash can skip that), and replace the target in one
    rename; on any failure the temporary file is removed, and one that a killed writer left is
    removed at the next durable write of the same file (or, for a cache's files, the first write
    of this process into their directory). An existing file keeps its mode; a new one gets the
    mode the umask gives.

    Raises:
        OutputError: the target is a directory or cannot be written (read-only, disk full...).
    """
    import tempfile  # it imports shutil and the compression modules: not for every command

    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name to write to")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    make_directory(path.parent)
    with unwound_by_signals():
        try:
            if durable:
                _remove_orphans(path)
            elif path.parent not in _swept:
                # A cache's many files are not each listed at every write, but once per process and
                # directory: a cache file is written again only when its inputs change, which may
                # be never, and what a kill left beside it would stay.
                _swept.add(path.parent)
                _remove_orphans(path, every_name=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {_reason(exc)}") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
                os.fchmod(handle.fileno(), mode)
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise OutputError(f"{path}: cannot write: {_reason(exc)}") from None
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class _Ended(BaseException):
    """A signal that ends the process arrived while a file was written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def unwound_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end a process without unwinding it, which would leave a temporary file
    behind (a kill, from the service manager or a closed terminal, lands mid-write of a large
    export) or a push unable to say what reached the store. Within the block they raise instead
    (an exception that is no :class:`Exception`), so that the writer removes its file; then the
    process ends by that signal, as it would have. A handler a caller set, and a thread other
    than the main one (which cannot set handlers), are left as they are."""
    import signal

    writing = True

    def end(signum: int, frame: object) -> None:
        if writing:
            raise _Ended(signum)
        # The block is over and its handlers are being put back: raised here, the exception would
        # end the process with a traceback and status 1. End it as the signal's default action does.
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(sig) == signal.SIG_DFL:
                previous[sig] = signal.signal(sig, end)
        except ValueError:  # not the main thread
            break

    def restore() -> None:
        nonlocal writing
        writing = False
        if not previous:
            return
        # Blocked while the handlers are put back, a signal that arrives meanwhile waits, and then
        # ends the process by its default action.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, previous)
        try:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    try:
        yield
    except _Ended as ended:
        restore()
        os.kill(os.getpid(), ended.signum)
        raise  # not reached: the signal's default action ends the process
    finally:
        restore()


_swept: set[Path] = set()


def _remove_orphans(path: Path, *, every_name: bool = False) -> None:
    """Remove the temporary files (or directories, :func:`staged_directory`) of ``path`` (or, with
    ``every_name``, of every file in its directory) that a killed writer left (its process is
    gone); a live writer's stay. The writer's process id is in the name."""
    import shutil

    name = ".+" if every_name else re.escape(path.name)
    pattern = re.compile(rf"\.{name}\.(\d+)\.[^.]+\.tmp")
    for sibling in path.parent.iterdir():
        match = pattern.fullmatch(sibling.name)
        if match is None or not process_gone(int(match[1])):
            continue
        if sibling.is_dir() and not sibling.is_symlink():
            shutil.rmtree(sibling, ignore_errors=True)
        else:
            sibling.unlink(missing_ok=True)


def process_gone(pid: int) -> bool:
    """Whether the process ``pid`` has ended: what it was writing is a leftover. Another user's
    process, and a number that names no process, count as alive: what they hold is left alone."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        pass
    return False


@contextmanager
def staged_directory(path: Path) -> Iterator[Path]:
    """Make the directory ``path`` whole or not at all, as :func:`write_atomic` writes a file: the
    block fills a temporary sibling directory that it is given, whose files are then flushed to
    disk and which takes ``path``'s place in one rename (``path`` must be missing or an empty
    directory, whose mode is kept). On any failure, SIGTERM or SIGHUP the temporary directory is
    removed; one that a killed process left is removed the next time ``path`` is made.

    Raises:
        OutputError: the directory cannot be made or filled (read-only, disk full...), or
            ``path`` is no longer empty.
    """
    import shutil
    import tempfile

    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o777 & ~_umask()
    make_directory(path.parent)
    with unwound_by_signals():
        try:
            _remove_orphans(path)
            staging = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"))
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {_reason(exc)}") from None
        try:
            yield staging
            fsync_tree(staging)
            os.chmod(staging, mode)
            os.replace(staging, path)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputError(f"{path}: cannot write: {_reason(exc)}") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def fsync_tree(directory: Path) -> None:
    """Flush every file under ``directory`` to disk."""
    for folder, _, files in os.walk(directory):
        for name in files:
            with open(os.path.join(folder, name), "rb") as handle:
                os.fsync(handle.fileno())


EDIT_WAIT_SECONDS = 30.0


@contextmanager
def taking_turns(lock: Path, what: str, *, wait: float = EDIT_WAIT_SECONDS,
                 waiting: Callable[[], None] | None = None, shared: bool = False, advice: str = "") -> Iterator[bool]:
    """Hold the exclusive lock ``lock`` for the block, waiting up to ``wait`` seconds for another
    process to release it: commands that read, change and write the same files take turns, so
    that none writes over another's change. The lock goes with the process, however it ends.
    A ``shared`` lock waits only for the exclusive holders: readers of files that an exclusive
    holder changes several of at once (a registration) read them all before or all after.

    Yields whether another process held the lock first (``waiting`` is called once when it does):
    what it wrote may make this one's work unnecessary.

    Raises:
        LimitError: another process held the lock for longer than ``wait``.
        OutputError: the lock file cannot be made (a read-only project), followed by ``advice``
            (what to do about it, as "; ...").
    """
    import fcntl
    import time

    from ..errors import LimitError

    try:
        make_directory(lock.parent)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666 & ~_umask())
    except OutputError as exc:
        raise OutputError(f"{exc}{advice}") from None
    except OSError as exc:
        raise OutputError(f"{lock}: cannot write: {_reason(exc)}{advice}") from None
    try:
        deadline = time.monotonic() + wait
        waited = False
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LimitError(f"another spacekg command has been {what} for over {wait:.0f} s "
                                     f"(it holds {lock}); try again when it ends") from None
                if not waited and waiting is not None:
                    waiting()
                waited = True
                time.sleep(0.02)
        yield waited
    finally:
        os.close(fd)  # releases the lock


def write_output(path: Path, data: bytes, *, protected: tuple[Path, ...] = ()) -> None:
    """Write a command's output to ``path``.

    A regular file (or a new one) is replaced atomically (:func:`write_atomic`); a FIFO or
    character device (``/dev/null``, a named pipe) is written through, never replaced, and so is
    one of this process's own descriptors (``-`` or ``/dev/stdout``, ``/dev/fd/N``, a process
    substitution), whatever it leads to.
    A symbolic link is written through only to a FIFO or device: one that leads to a regular file
    is refused, so that a link planted where an output goes cannot redirect it to another file.

    Args:
        path: where to write.
        data: the bytes.
        protected: directories no output may land in (a project's inputs and caches).

    Raises:
        OutputError: the target lies in a protected directory; is a directory, a block device, a
            socket, or a symbolic link to a regular file; or cannot be written (read-only, disk
            full...).
        BrokenPipeError: the target is one of this process's descriptors, a pipe whose reader
            stopped reading; the command line ends quietly, as when it writes to standard output.
    """
    own = own_descriptor(path)
    if own is not None:
        _write_all(own, data, path, own=True)
        return
    refuse_protected(path, protected)
    target = Path(os.path.realpath(path))
    try:
        # Followed, not resolved: a pipe's resolved name (/proc/N/fd/pipe:[…]) cannot be opened.
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {_reason(exc)}") from None
    if mode is None or stat.S_ISREG(mode):
        if os.path.islink(path):
            raise OutputError(f"{path}: is a symbolic link to {target}; give that file itself to write it")
        write_atomic(path, data)
        return
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise OutputError(f"{path}: is {_KINDS.get(stat.S_IFMT(mode), 'a special file')}; give a file name to write to")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {_reason(exc)}") from None
    try:
        _write_all(fd, data, path)
    finally:
        os.close(fd)


class AppendLog:
    """A file that a long-running process appends lines to (``serve --log``), each line whole or
    not at all: a line the file has no room for (a full disk, the process's file-size limit) is
    taken back, so that the file never holds part of one, and the process goes on. ``warn`` is
    told when lines start being left out, and how many were once one is written again.

    Raises:
        OSError: the file cannot be opened for appending.
    """

    def __init__(self, path: Path, warn: Callable[[str], None]) -> None:
        self.path = path
        self._warn = warn
        self._left_out = 0
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)

    def append(self, line: str) -> None:
        view = memoryview(line.encode("utf-8"))
        start = os.fstat(self._fd).st_size
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except OSError as exc:
            with suppress(OSError):
                os.ftruncate(self._fd, start)
            if not self._left_out:
                self._warn(f"{self.path}: cannot write: {_reason(exc)}; lines are left out of it until it can be "
                           "written again")
            self._left_out += 1
            return
        if self._left_out:
            self._warn(f"{self.path}: written again; {self._left_out:,} lines were left out of it")
            self._left_out = 0

    def close(self) -> None:
        os.close(self._fd)


def refuse_protected(path: Path, protected: Collection[Path]) -> None:
    """Refuse ``path`` if it lies, links included, in one of the ``protected`` directories.

    Raises:
        OutputError: it does; the directory is named.
    """
    target = Path(os.path.realpath(path))
    for directory in protected:
        if target.is_relative_to(os.path.realpath(directory)):
            raise OutputError(f"{path}: inside {directory}, which spacekg reads as input; write the output elsewhere")


_OWN = re.compile(r"/dev/(?:std(?:out|err)|fd/\d+)|/proc/(?:self|thread-self|\d+)/fd/\d+")
_STANDARD = {"/dev/stdout": 1, "/dev/stderr": 2}


def own_descriptor(path: Path) -> int | None:
    """The open descriptor of this process that ``path`` names (``-``, /dev/stdout, /dev/fd/N,
    /proc/self/fd/N: what a shell's ``>(…)`` passes), or None. It is written where the shell
    left it, at its offset and with its append mode: reopened, a file redirected with ``>>``
    would be overwritten from its start, and replacing it would take it from the shell."""
    text = os.path.normpath(str(path)) if str(path) != "-" else "/dev/stdout"
    if not _OWN.fullmatch(text):
        return None
    if text.startswith("/proc/") and text.split("/")[2] not in ("self", "thread-self", str(os.getpid())):
        return None
    return _STANDARD.get(text) if text in _STANDARD else int(text.rsplit("/", 1)[1])


def _write_all(fd: int, data: bytes, path: Path, *, own: bool = False) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        if own and isinstance(exc, BrokenPipeError):
            raise  # as on the command's standard output: the reader took what it wanted (| head)
        raise OutputError(f"{path}: cannot write: {_reason(exc)}") from None


def _umask() -> int:
    """This process's umask, read without changing it where Linux allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
