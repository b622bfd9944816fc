"""The built knowledge graph on disk, one build per evaluation date, checked cheaply before each use.

A build directory (``.spacekg/cache/builds/<as-of>-<input hash>/``) holds the canonical N-Quads
snapshot, sorted in export order so that an N-Quads export is a copy of its bytes, the
justification records of every inferred triple (``spacekg why`` reads them) and, for a large
graph, a pyoxigraph on-disk store bulk-loaded from the snapshot, which queries read in place.
A ``build.json`` records the key, the counts and the SHA-256 and file stats of both files.

``spacekg build`` verifies everything by content: it hashes every input and the snapshot body.
Everyday commands only compare the stats of the input directories and files with what the last
full hash recorded (``inputs.json``, see :func:`input_hash`); a file modified since, or too close
to the time of that record for its timestamp to tell, is hashed again. Several builds are kept, so that switching between ``--as-of``
dates does not rebuild each time; the least recently used beyond :data:`KEEP_BUILDS` are removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timezone
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import InputError
from ..sources.files import fsync_tree, make_directory, process_gone, read_bytes, write_atomic
from ..sources.project import Project

if TYPE_CHECKING:
    import subprocess

SNAPSHOT_VERSION = "6"
MAX_CACHE_BYTES = 16 * 1024 * 1024 * 1024
KEEP_BUILDS = 4
# A build of at most this many quads is kept as its snapshot alone: loading it into memory costs
# about what opening any on-disk store costs (docs/architecture.md, "Which store answers").
IN_MEMORY_QUADS = 10_000
# A new build's store is a patched copy of the last build's store when the two snapshots differ in
# at most one line in PATCH_COST of the new one: removing or adding a quad in place costs a few
# times what bulk-loading it does, so a larger difference is loaded from scratch.
PATCH_COST = 4
# A file whose timestamp is this close to the moment its stats were recorded may have changed
# again within the same timestamp tick, so its stats prove nothing (git's "racily clean" files).
RACY_NS = 2_000_000_000
_MAGIC = "# spacekg cache"
_BUILD_RECORD = "build.json"
_STORE_DIR = "store"
_SNAPSHOT_FILE = "snapshot.nq"
_RECORDS_FILE = "justifications.bin"
# The difference to the last build's snapshot, while its store is patched.
_REMOVED, _ADDED = "removed.nq", "added.nq"


# Records here are NamedTuples, not frozen dataclasses: a dataclass makes its methods with exec
# as the module is imported, near a millisecond each, and a cold query imports this module.
class Snapshot(NamedTuple):
    """An N-Quads body and the key (input hash @ evaluation date) it was built from."""

    input_hash: str
    nquads: bytes


class Build(NamedTuple):
    """One build on disk: the snapshot file, the on-disk store and what the build recorded."""

    key: str
    directory: Path
    quads: int
    graphs: int
    has_store: bool = True
    """Whether the build wrote an on-disk store (large graphs); a small one is loaded into memory."""
    body: bytes | None = None
    """The snapshot itself, for a build that could not be written to the cache."""
    records: bytes | None = None
    """Its justification records, for a build that could not be written to the cache."""

    @property
    def snapshot_file(self) -> Path:
        return self.directory / _SNAPSHOT_FILE

    @property
    def store_dir(self) -> Path:
        return self.directory / _STORE_DIR

    def nquads(self) -> bytes:
        """The canonical N-Quads body (sorted in export order).

        Raises:
            InputError: the snapshot file is no longer a readable regular file.
        """
        if self.body is not None:
            return self.body
        return read_bytes(self.snapshot_file, max_bytes=MAX_CACHE_BYTES)

    def justifications(self) -> bytes:
        """The justification records of every inferred triple (see :mod:`spacekg.reasoning.records`).

        Raises:
            InputError: the records file is no longer a readable regular file.
        """
        if self.records is not None:
            return self.records
        return read_bytes(self.directory / _RECORDS_FILE, max_bytes=MAX_CACHE_BYTES)

    def snapshot(self) -> Snapshot:
        return Snapshot(self.key, self.nquads())


# --- Keys: what a build depends on ---


def input_hash(project: Project, *, verify: bool = False, digests: Mapping[str, str] | None = None) -> str:
    """The hash of every input, the code that computes the graph and the versions of the
    libraries that shape it. Recomputed from content when ``verify`` is set or when the record
    of the last full hash (``inputs.json``) no longer describes the files; otherwise read from it.

    Checking the record costs a ``stat`` per input directory and per input file: while no input
    directory changed, the list of input files is the recorded one (adding, removing or renaming
    a file changes its directory), so it is not listed again; and each file's size, modification
    and change times and inode must be those recorded. A file or directory changed too close to
    the record's time for its timestamps to tell is hashed again.

    ``digests`` are the SHA-256 of the inputs as a build read them (see
    :meth:`Project.content_hash`): the hash is then of those bytes, whatever the files hold now,
    and no record is written (the files' stats may already describe other bytes).

    Raises:
        InputError: an input is missing, not a regular file, outside the project or unreadable.
    """
    versions = _versions()
    if digests is not None:
        return _content_hash(project, versions, digests)
    record_path = project.cache_dir / "inputs.json"
    record = None if verify else _read_record(record_path, project)
    dir_paths = _input_dirs(project)
    if record is not None and record.get("versions") == versions and _unchanged(record, dir_paths):
        return str(record["hash"])
    dirs = _stats(dir_paths, missing_ok=True)  # before listing: a later change is seen next time
    try:
        paths = [str(path) for path in project.input_paths() + _code_files()]
        files = _stats(paths)
    except (OSError, InputError):  # a dangling link...: the content hash names the problem
        return _content_hash(project, versions)
    written = time.time_ns()
    if (
        record is not None
        and record.get("versions") == versions
        and record.get("paths") == "\0".join(paths)
        and record.get("files") == files.hex()
        and _settled(files, int(record.get("written_ns", 0)))
    ):
        # Only the directories changed (an editor's swap file, say): the inputs did not.
        digest = str(record["hash"])
    else:
        digest = _content_hash(project, versions)
    record = {"hash": digest, "versions": versions, "written_ns": written, "dirs": dirs.hex(),
              "paths": "\0".join(paths), "files": files.hex()}
    try:
        write_atomic(record_path, json.dumps(record).encode())
    except InputError:
        pass  # a read-only project still answers; it only hashes every time
    return digest


def _read_record(path: Path, project: Project) -> dict[str, Any] | None:
    try:
        record = json.loads(read_bytes(path, max_bytes=MAX_CACHE_BYTES, root=project.cache_dir))
    except (InputError, ValueError):
        return None
    fields = ("hash", "versions", "written_ns", "dirs", "paths", "files")
    return record if isinstance(record, dict) and all(isinstance(record.get(f), (str, int)) for f in fields) else None


def _unchanged(record: dict[str, Any], dir_paths: list[str]) -> bool:
    """Whether every recorded input directory and file still has its recorded stats, each older
    than the record by more than a timestamp tick."""
    try:
        written = int(record["written_ns"])
        dirs, files = bytes.fromhex(str(record["dirs"])), bytes.fromhex(str(record["files"]))
        paths = str(record["paths"]).split("\0")
        return (
            _stats(dir_paths, missing_ok=True) == dirs
            and _stats(paths) == files
            and _settled(dirs, written)
            and _settled(files, written)
        )
    except (OSError, ValueError, KeyError):
        return False


def _input_dirs(project: Project) -> list[str]:
    package = Path(__file__).resolve().parents[1]
    code_dirs = {Path(package, entry).parent if entry.endswith(".py") else Path(package, entry) for entry in _BUILD_CODE}
    return [str(d) for d in project.input_dirs() + sorted(code_dirs)]


_STAT_FIELDS = 4  # size, modification time, change time, inode


def _stats(paths: list[str], *, missing_ok: bool = False) -> bytes:
    """The stats of ``paths`` (following links), packed; a missing path is all zeros when
    ``missing_ok``, else raises OSError."""
    values = array("q")
    if missing_ok:
        for path in paths:
            try:
                info = os.stat(path)
            except FileNotFoundError:
                values.extend((0,) * _STAT_FIELDS)
            else:
                values.extend((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
        return values.tobytes()
    for info in map(os.stat, paths):  # thousands of files at scale: the plainest loop
        values.extend((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return values.tobytes()


def _settled(stats: bytes, written_ns: int) -> bool:
    """Whether every change time in ``stats`` is more than a timestamp tick older than ``written_ns``."""
    values = array("q", stats)
    return max(values[2::_STAT_FIELDS], default=0) < written_ns - RACY_NS


def recorded_build(project: Project, as_of: date) -> Build | None:
    """The build that the last stats record names for ``as_of``, found without checking any
    input's stats: a guess that a query may start reading while :func:`snapshot_key` confirms it."""
    record = _read_record(project.cache_dir / "inputs.json", project)
    return None if record is None else find_build(project, f"{record['hash']}@{as_of.isoformat()}")


def snapshot_key(project: Project, as_of: date, *, verify: bool = False) -> str:
    """The snapshot depends on the inputs and on the date plans are evaluated at."""
    return f"{input_hash(project, verify=verify)}@{as_of.isoformat()}"


def today() -> date:
    return datetime.now(timezone.utc).date()


# The code that computes the graph (loading, checking, reasoning, the rules and what they use, the
# build's stages), relative to the package: a change there changes the key. The snapshot's on-disk
# format has its own version (SNAPSHOT_VERSION); the command line, the server, the renderers and
# the limits shape no build.
_BUILD_CODE = ("adapter.py", "namespaces.py", "rdf.py", "reasoning", "sources", "formats/canonical.py", "store/build.py",
               "store/closures.py", "store/engine.py", "store/graphs.py", "store/queries.py", "store/safety.py")


def _code_files() -> list[Path]:
    package = Path(__file__).resolve().parents[1]
    found: list[Path] = []
    for entry in _BUILD_CODE:
        if entry.endswith(".py"):
            found.append(package / entry)
            continue
        for folder, dirs, files in os.walk(package / entry):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found += [Path(folder, f) for f in sorted(files) if f.endswith(".py")]
    return found


def code_hash(versions: str | None = None) -> str:
    """The hash of spacekg's own code, the versions of the libraries that shape the output and the
    cache format: what every cache key (the snapshot's, each closure's) starts from."""
    import hashlib  # loads OpenSSL: only where something is hashed

    code = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for module in _code_files():
        code.update(str(module.relative_to(package)).encode() + b"\0" + module.read_bytes())
    text = f"spacekg-code={code.hexdigest()}\0{versions or _versions()}\0cache={SNAPSHOT_VERSION}"
    return hashlib.sha256(text.encode()).hexdigest()


def _content_hash(project: Project, versions: str, digests: Mapping[str, str] | None = None) -> str:
    return project.content_hash(code_hash(versions), digests=digests)


def _versions() -> str:
    return " ".join(f"{name}={_installed_version(name)}" for name in ("rdflib", "owlrl", "pyoxigraph"))


def _installed_version(package: str) -> str:
    """The installed version of ``package`` from its dist-info directory name.

    importlib.metadata would cost a third of a cold query's time; this only lists a directory.
    """
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return "absent"
    site = Path(next(iter(spec.submodule_search_locations))).parent
    found = sorted(p.name for p in site.glob(f"{package}-*.dist-info"))
    return found[-1].removeprefix(f"{package}-").removesuffix(".dist-info") if found else "unknown"


def _sha256(data: bytes) -> str:
    import hashlib  # only where a body is verified: loading OpenSSL costs a cold query time

    return hashlib.sha256(data).hexdigest()


# --- Build directories ---


def builds_dir(project: Project) -> Path:
    return project.cache_dir / "builds"


def build_dir(project: Project, key: str) -> Path:
    digest, _, day = key.partition("@")
    return builds_dir(project) / f"{day}-{digest[:16]}"


def find_build(project: Project, key: str, *, verify: bool = False) -> Build | None:
    """The build made for ``key`` if it is on disk and intact, else ``None``.

    Without ``verify``, intact means: its record names ``key``, and the snapshot file and the
    store are where the record says, with the stats the build left them with. With ``verify``,
    the snapshot body must also match the SHA-256 recorded by the build.
    """
    directory = build_dir(project, key)
    found = _intact(project, directory, key)
    if found is None:
        return None
    build, record = found
    try:
        if verify and (_sha256(build.nquads()) != record.get("sha256")
                       or _sha256(build.justifications()) != record.get("records_sha256")):
            return None
    except InputError:
        return None
    try:
        os.utime(directory)  # most recently used builds survive pruning
    except OSError:
        pass
    return build


def _intact(project: Project, directory: Path, key: str | None) -> tuple[Build, dict[str, Any]] | None:
    """The build in ``directory`` and its record, if its files have the stats the build left
    them with (and its record names ``key``, unless that is None)."""
    try:
        record = json.loads(read_bytes(directory / _BUILD_RECORD, max_bytes=MAX_CACHE_BYTES, root=project.cache_dir))
        info = (directory / _SNAPSHOT_FILE).stat()
        records = (directory / _RECORDS_FILE).stat()
        complete = (directory / _STORE_DIR / "spacekg-complete").is_file()
    except (InputError, OSError, ValueError):
        return None
    if any(not os.path.isfile(directory / name) or os.path.islink(directory / name)
           for name in (_SNAPSHOT_FILE, _RECORDS_FILE)):
        return None
    if (
        not isinstance(record, dict)
        or record.get("version") != SNAPSHOT_VERSION
        or not isinstance(record.get("key"), str)
        or (key is not None and record.get("key") != key)
        or (record.get("store") and not complete)
    ):
        return None
    if record.get("snapshot_stat") != _fingerprint(info) or record.get("records_stat") != _fingerprint(records):
        record = _moved(project, directory, record, info, records)
        if record is None:
            return None
    return Build(record["key"], directory, int(record["quads"]), int(record["graphs"]), bool(record.get("store"))), record


def _moved(project: Project, directory: Path, record: dict[str, Any], info: os.stat_result,
           records: os.stat_result) -> dict[str, Any] | None:
    """The record of a build whose files were copied or moved (a new inode and change time, the
    same size and modification time), when their content is what it says; its stats are then
    brought up to date, so that the next command checks stats alone again. Any other change,
    and an edit in place whose modification time was set back, is None: the build is stale."""
    if ([info.st_size, info.st_mtime_ns] != list(record.get("snapshot_stat") or [])[:2]
            or [records.st_size, records.st_mtime_ns] != list(record.get("records_stat") or [])[:2]):
        return None
    try:
        body = read_bytes(directory / _SNAPSHOT_FILE, max_bytes=MAX_CACHE_BYTES, root=project.cache_dir)
        kept = read_bytes(directory / _RECORDS_FILE, max_bytes=MAX_CACHE_BYTES, root=project.cache_dir)
    except InputError:
        return None
    if _sha256(body) != record.get("sha256") or _sha256(kept) != record.get("records_sha256"):
        return None
    record = {**record, "snapshot_stat": _fingerprint(info), "records_stat": _fingerprint(records)}
    try:
        write_atomic(directory / _BUILD_RECORD, (json.dumps(record, indent=1) + "\n").encode(), durable=False)
    except InputError:
        pass  # a cache it cannot write (read-only): checked by content again next time
    return record


def _fingerprint(info: os.stat_result) -> list[int]:
    """What a file's stat says of its content. The change time and inode are in it because the
    modification time can be set back (``touch -r``) after an edit in place; the change time
    cannot."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _latest_store(project: Project) -> Build | None:
    """The most recently used intact build that has an on-disk store: the base a new store is
    patched from."""
    try:
        entries = sorted((p for p in builds_dir(project).iterdir() if p.is_dir() and not p.name.startswith(".")),
                         key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return None
    for directory in entries:
        found = _intact(project, directory, None)
        if found is not None and found[0].has_store:
            return found[0]
    return None


def write_build(project: Project, key: str, nquads: bytes, *, graphs: int, records: bytes = b"",
                store: bool | None = None, spans: Sequence[tuple[bytes, int, int]] | None = None) -> Build:
    """Write the snapshot ``nquads`` (canonical, in export order) for ``key``, its justification
    ``records``, and, for a graph of more than :data:`IN_MEMORY_QUADS` quads (or when ``store``
    says so), its on-disk store; replace any older build of that key at once, and prune the least
    recently used builds. ``spans`` says where each graph's lines are in ``nquads``
    (:attr:`spacekg.formats.canonical.Merged.spans`), when the caller merged it.

    The store is a patched copy of the most recently used build's store when the two differ
    little (one article added or edited, another evaluation date), else bulk-loaded. Either is
    done in a fresh interpreter (not a fork): RocksDB starts threads, a process that has threads
    must not fork later (queries run in forked workers), and a fork of a process that ever opened
    a store inherits RocksDB's thread pools without their threads. The patch's interpreter starts
    first, and copies the base store while this process writes the snapshot and finds the
    difference; this process hashes and flushes the snapshot while the store is written.
    """
    import hashlib
    import shutil
    import tempfile

    quads = nquads.count(b"\n")
    if store is None:
        store = quads > IN_MEMORY_QUADS
    parent = builds_dir(project)
    make_directory(parent)
    base = _latest_store(project) if store else None
    # The process id in the names lets a later build remove what a killed one left at once.
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".new-{os.getpid()}-"))
    retired = patch = writing = None
    try:
        if base is not None:
            patch = _start("_patch_store", staging / _STORE_DIR, base.store_dir, staging / _REMOVED, staging / _ADDED)
        (staging / _SNAPSHOT_FILE).write_bytes(nquads)
        (staging / _RECORDS_FILE).write_bytes(records)
        small = base is not None and _difference(base, nquads, spans, staging)
        if store:
            writing = _store_writer(staging, patch, small=small)
        # While the store is written, the two files are hashed and flushed to disk.
        sums = [hashlib.sha256(nquads).hexdigest(), hashlib.sha256(records).hexdigest()]
        for name in (_SNAPSHOT_FILE, _RECORDS_FILE):
            with open(staging / name, "rb") as handle:
                os.fsync(handle.fileno())
        if writing is not None:
            _wait_for_store(staging, writing, patching=writing is patch)
        info = (staging / _SNAPSHOT_FILE).stat()
        kept = (staging / _RECORDS_FILE).stat()
        record = {
            "version": SNAPSHOT_VERSION, "key": key, "quads": quads, "graphs": graphs, "store": store,
            "sha256": sums[0], "snapshot_stat": _fingerprint(info),
            "records_sha256": sums[1], "records_stat": _fingerprint(kept),
        }
        (staging / _BUILD_RECORD).write_text(json.dumps(record, indent=1) + "\n")
        fsync_tree(staging)
        target = build_dir(project, key)
        if target.exists():
            retired = Path(tempfile.mkdtemp(dir=parent, prefix=f".old-{os.getpid()}-"))
            os.replace(target, retired / target.name)
        os.replace(staging, target)
    except BaseException:
        for process in (patch, writing):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        shutil.rmtree(staging, ignore_errors=True)
        if retired is not None:
            # The new build did not take the key's place: the previous one goes back to it.
            with contextlib.suppress(OSError):
                os.replace(retired / target.name, target)
            shutil.rmtree(retired, ignore_errors=True)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    prune_builds(project, keep=KEEP_BUILDS)
    return Build(key, target, quads, graphs, store)


def _difference(base: Build, nquads: bytes, spans: Sequence[tuple[bytes, int, int]] | None, staging: Path) -> bool:
    """Whether ``nquads`` differs from ``base``'s snapshot in few enough lines that patching a copy of
    its store is cheaper than loading a new one; if so, the lines to remove and to add are written
    into ``staging``. A base that cannot be read, or is not in export order, is no base.

    Both snapshots are in export order, graph by graph: a graph whose lines are the same bytes in
    both is passed over whole, and only the graphs that changed are compared line by line."""
    from ..formats.canonical import DEFAULT, merge_sorted  # the merge's module loads OpenSSL

    try:
        old = read_bytes(base.snapshot_file, max_bytes=MAX_CACHE_BYTES)
    except InputError:
        return False
    if spans is None:
        merged = merge_sorted(nquads)
        nquads, spans = merged.body, merged.spans
    view = memoryview(nquads)  # a graph's lines without a copy of them
    new = {graph: view[start:end] for graph, start, end in spans}
    lines_in_all = nquads.count(b"\n")
    budget = lines_in_all // PATCH_COST
    removed: set[bytes] = set()
    added: set[bytes] = set()
    shrunk: set[bytes] = set()  # the graphs that lost lines
    previous = None
    try:
        for graph, lines in _graphs(old, new):
            if previous is not None and graph <= previous:
                return False
            previous = graph
            kept = new.pop(graph, None)
            if lines is None:
                continue
            now = b"" if kept is None else bytes(kept)
            start, end = _common_ends(lines, now)
            before = set(lines[start:len(lines) - end].splitlines(keepends=True))
            after = set(now[start:len(now) - end].splitlines(keepends=True))
            removed |= before - after
            added |= after - before
            if before - after:
                shrunk.add(graph)
            if len(removed) + len(added) > budget:
                return False
    except ValueError:
        return False
    for only_new in new.values():
        added.update(bytes(only_new).splitlines(keepends=True))
    # The store keeps a literal in canonical form ("01"^^xsd:integer as "1"), so a removed line can
    # be the same store quad as a line the new snapshot keeps. The patch removes before it adds:
    # every kept line with a literal whose subject and predicate a removed literal line has is put
    # back. Only a literal holds a quotation mark, and a subject or predicate holds no space. Such a
    # line in a graph that lost no line is still in the store, unless the default graph lost it.
    changed = {_subject_predicate(line) for line in removed if b'"' in line}
    if changed:
        still = [nquads] if DEFAULT in shrunk else [nquads[start:end] for graph, start, end in spans if graph in shrunk]
        added |= {line for part in still for line in part.splitlines(keepends=True)
                  if b'"' in line and _subject_predicate(line) in changed}
    if (len(removed) + len(added)) * PATCH_COST > lines_in_all:
        return False
    (staging / _REMOVED).write_bytes(b"".join(sorted(removed)))
    (staging / _ADDED).write_bytes(b"".join(sorted(added)))
    return True


def _graphs(body: bytes, expected: Mapping[bytes, memoryview]) -> Iterator[tuple[bytes, bytes | None]]:
    """The graphs of ``body`` (in export order) in the order they come, each with its lines, or with
    None when they are ``expected``'s lines for it, found by comparing bytes.

    Raises:
        ValueError: a line is not an N-Quads line as the snapshot writes them.
    """
    from ..formats.canonical import graph_key

    at = 0
    while at < len(body):
        graph = graph_key(body[at:body.index(b"\n", at) + 1])
        same = expected.get(graph)
        if same is not None and body.startswith(same, at) and (
                at + len(same) == len(body)
                or graph_key(body[at + len(same):body.index(b"\n", at + len(same)) + 1]) != graph):
            yield graph, None
            at += len(same)
            continue
        end = _lines_of(graph).match(body, at).end()  # type: ignore[union-attr]  # the pattern matches the empty string
        # The lines that end in the graph's name are its quads, unless the last is a triple of the
        # default graph (which comes right after the last named graph) whose object is that name.
        if end == at or graph_key(body[body.rfind(b"\n", at, end - 1) + 1:end]) != graph:
            raise ValueError(f"byte {at}: not an N-Quads line of graph {graph!r}")
        yield graph, body[at:end]
        at = end


def _common_ends(a: bytes, b: bytes) -> tuple[int, int]:
    """How many bytes of whole lines ``a`` and ``b`` start with alike, and how many of the rest they
    end with alike, each found by halving the span compared. A graph's lines are distinct, so no
    line of the rest of one is among the lines they share."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    start = a.rfind(b"\n", 0, low) + 1
    low, high = 0, min(len(a), len(b)) - start
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle:len(a) - low] == b[len(b) - middle:len(b) - low]:
            low = middle
        else:
            high = middle - 1
    # Where the shared end starts must be where a line starts in both.
    end = len(a) - low
    if low and not ((end == 0 or a[end - 1] == 10) and (len(b) == low or b[len(b) - low - 1] == 10)):
        end = a.index(b"\n", end) + 1
    return start, len(a) - end


def _lines_of(graph: bytes) -> re.Pattern[bytes]:
    """Lines that follow one another in ``graph``: each ends in its name, or, in the default graph,
    is a subject, a predicate and an object (a literal, which may hold spaces, or a term, which
    holds none)."""
    from ..formats.canonical import DEFAULT

    if graph == DEFAULT:
        return re.compile(rb'(?:[^ \n]+ [^ \n]+ (?:"[^\n]*"[^ \n]*|[^ \n]+) \.\n)*')
    return re.compile(rb"(?:[^\n]* " + re.escape(graph) + rb" \.\n)*")


def _subject_predicate(line: bytes) -> bytes:
    return b" ".join(line.split(b" ", 2)[:2])


def _store_writer(staging: Path, patch: subprocess.Popen[bytes] | None, *, small: bool) -> subprocess.Popen[bytes]:
    """The process that writes the store of the snapshot in ``staging``: ``patch`` (running
    :func:`_patch_store`) told to patch its copy of the base store when the difference is ``small``,
    else a new one loading the store from scratch (:func:`_load_store`)."""
    import shutil

    if patch is not None:
        assert patch.stdin is not None  # started with a pipe
        if small:
            with contextlib.suppress(BrokenPipeError):  # it has ended: its exit status tells why
                patch.stdin.write(b"patch\n")
                patch.stdin.flush()
            return patch
        patch.communicate()  # it ends, told nothing
        shutil.rmtree(staging / _STORE_DIR, ignore_errors=True)
    return _start("_load_store", staging / _SNAPSHOT_FILE, staging / _STORE_DIR)


def _wait_for_store(staging: Path, writing: subprocess.Popen[bytes], *, patching: bool) -> None:
    """Wait for ``writing`` (see :func:`_store_writer`); a patch that failed (its base went away or is
    damaged) gives way to a load from scratch."""
    import shutil

    _, errors = writing.communicate()
    for name in (_REMOVED, _ADDED):
        (staging / name).unlink(missing_ok=True)
    if writing.returncode and patching:
        shutil.rmtree(staging / _STORE_DIR, ignore_errors=True)
        return _wait_for_store(staging, _store_writer(staging, None, small=False), patching=False)
    if writing.returncode:
        lines = errors.decode("utf-8", "replace").strip().splitlines() or [f"exit status {writing.returncode}"]
        raise InputError(f"{staging / _STORE_DIR}: cannot write the store: {lines[-1]}")


def _start(function: str, *paths: Path) -> subprocess.Popen[bytes]:
    """Start ``function`` of this module on ``paths`` in a new Python process that imports this
    same spacekg, and reads what it is told on its standard input."""
    import subprocess
    import sys

    package_parent = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))}
    # It dies with the build's worker, like every process of a build (store/limits.py).
    code = "import sys; from pathlib import Path; from spacekg.store.limits import die_with_parent; " \
           "die_with_parent(int(sys.argv[1])); from spacekg.store import snapshot; " \
           "getattr(snapshot, sys.argv[2])(*map(Path, sys.argv[3:]))"
    return subprocess.Popen([sys.executable, "-c", code, str(os.getpid()), function, *map(str, paths)], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _load_store(snapshot: Path, directory: Path) -> None:
    import pyoxigraph as ox

    store = ox.Store(str(directory))
    # bulk_extend keeps the snapshot's blank-node labels (bulk_load would rename them), so a
    # query answers the same from this store as from the snapshot loaded in memory.
    with snapshot.open("rb") as handle:
        store.bulk_extend(ox.parse(handle, format=ox.RdfFormat.N_QUADS, lenient=True))
    # The default graph: the merge of the named graphs, each triple once (engine.merge_named_graphs).
    with snapshot.open("rb") as handle:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                          for q in ox.parse(handle, format=ox.RdfFormat.N_QUADS, lenient=True))
    store.flush()
    store.optimize()
    del store
    _mark_complete(directory)


def _patch_store(directory: Path, base: Path, removed: Path, added: Path) -> None:
    """A copy of the store ``base`` (a checkpoint: its immutable files are hard-linked, not
    copied) with the quads of ``removed`` taken out and those of ``added`` put in, once the
    standard input says to patch (the difference is then written); else left incomplete."""
    import sys

    import pyoxigraph as ox

    ox.Store.read_only(str(base)).backup(str(directory))
    store = ox.Store(str(directory))
    if sys.stdin.buffer.readline() != b"patch\n":
        return
    default = ox.DefaultGraph()
    with removed.open("rb") as handle:
        gone = list(ox.parse(handle, format=ox.RdfFormat.N_QUADS, lenient=True))
    for quad in gone:
        store.remove(quad)
    for quad in gone:  # the merged default graph keeps a triple that another named graph still holds
        if not any(isinstance(q.graph_name, ox.NamedNode)
                   for q in store.quads_for_pattern(quad.subject, quad.predicate, quad.object)):
            store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, default))
    with added.open("rb") as handle:
        new = list(ox.parse(handle, format=ox.RdfFormat.N_QUADS, lenient=True))  # labels kept, as above
    store.extend(new)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in new)
    store.flush()
    del store
    _mark_complete(directory)


def _mark_complete(directory: Path) -> None:
    (directory / "spacekg-complete").write_text("written and flushed by spacekg build\n")


def prune_builds(project: Project, *, keep: int) -> list[Path]:
    """Remove all but the ``keep`` most recently used builds, and leftovers of interrupted ones:
    at once when the process that wrote them has ended, else after an hour."""
    import shutil

    parent = builds_dir(project)
    removed = []
    entries = sorted(
        (p for p in parent.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime_ns, reverse=True
    )
    kept = 0
    for path in entries:
        writer = re.fullmatch(r"\.(?:new|old)-(\d+)-.*", path.name)
        stale_leftover = path.name.startswith(".") and (
            (writer is not None and process_gone(int(writer[1]))) or time.time() - path.stat().st_mtime > 3600)
        if path.name.startswith("."):
            if stale_leftover:
                if writer is not None and path.name.startswith(".old-"):
                    _put_back(path)
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
            continue
        kept += 1
        if kept > keep and not _in_use(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def in_use(build: Build) -> Iterator[None]:
    """Keep ``build`` on disk while the block runs, for a process that opens its store again and
    again (a server, in each new query worker): :func:`prune_builds` leaves a build in use to a
    later prune. The lock goes with the process, however it ends."""
    import fcntl

    try:
        fd = os.open(build.directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:  # a build answered from memory has no directory to keep
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def _in_use(directory: Path) -> bool:
    import fcntl

    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _put_back(retired: Path) -> None:
    """A build that a killed rebuild of its key had moved aside goes back to its place, unless the
    new build took it."""
    for build in retired.iterdir():
        if not (retired.parent / build.name).exists():
            with contextlib.suppress(OSError):
                os.replace(build, retired.parent / build.name)


# --- Cache files (each view's closure, see spacekg.store.closures) ---


def cache_path(project: Project, name: str, suffix: str = ".nq") -> Path:
    """Where cache file ``name`` lives (``name`` may hold a subdirectory: ``closures/a000``)."""
    return project.cache_dir / f"{name}{suffix}"


def write_cache(project: Project, name: str, key: str, body: bytes, *, suffix: str = ".nq") -> Path:
    """Write ``body`` atomically as cache file ``name``, stamped with ``key``.

    No fsync: a torn file fails its body hash when read, and is rebuilt."""
    import hashlib

    body_hash = hashlib.sha256(body).hexdigest()
    header = f"{_MAGIC} v{SNAPSHOT_VERSION} key={key} body={body_hash}\n"
    path = cache_path(project, name, suffix)
    write_atomic(path, header.encode() + body, durable=False)
    return path


def read_cache(project: Project, name: str, key: str, *, suffix: str = ".nq") -> bytes | None:
    """Return the body of cache file ``name`` if it was written for ``key`` and is intact."""
    import hashlib

    try:
        data = read_bytes(cache_path(project, name, suffix), max_bytes=MAX_CACHE_BYTES, root=project.cache_dir)
    except InputError:  # missing, or not a regular file: rebuilt, and replaced if it can be
        return None
    header, sep, body = data.partition(b"\n")
    fields = dict(part.split("=", 1) for part in header.decode("utf-8", "replace").split() if "=" in part)
    if (
        not sep
        or not header.startswith(f"{_MAGIC} v{SNAPSHOT_VERSION} ".encode())
        or fields.get("key") != key
        or fields.get("body") != hashlib.sha256(body).hexdigest()
    ):
        return None
    return body


# --- Entry points ---


def current_build(
    project: Project, *, as_of: date | None = None, progress: Callable[[str], None] | None = None,
    timeout: float | None = None, memory_mb: int | None = None,
) -> Build:
    """Return the build of the current inputs evaluated at ``as_of`` (default: today, UTC),
    building it first if there is none or it is stale or damaged, under ``timeout`` and
    ``memory_mb`` (the build's defaults when None). A build that could not be written to the
    cache is returned in memory.

    Raises:
        InputError: the inputs cannot be loaded or checked (from :func:`spacekg.store.build.build`).
        InconsistencyError: the reasoner found a contradiction.
        LimitError: the build reached its limits.
    """
    when = as_of or today()
    found = find_build(project, snapshot_key(project, when))
    if found is not None:
        return found
    from .build import build  # rdflib and owlrl are imported only when the cache must be rebuilt
    from .limits import DEFAULT_BUILD_TIMEOUT, DEFAULT_MEMORY_MB

    report = build(project, as_of=when, stale=True, progress=progress,
                   timeout=DEFAULT_BUILD_TIMEOUT if timeout is None else timeout,
                   memory_mb=DEFAULT_MEMORY_MB if memory_mb is None else memory_mb)
    if report.build is None:
        raise RuntimeError("the build was not cached")  # only builds that skip the quote check are not
    return report.build


def current_snapshot(
    project: Project, *, as_of: date | None = None, progress: Callable[[str], None] | None = None,
    timeout: float | None = None, memory_mb: int | None = None,
) -> Snapshot:
    """The snapshot of :func:`current_build`."""
    return current_build(project, as_of=as_of, progress=progress, timeout=timeout, memory_mb=memory_mb).snapshot()


def current_justifications(project: Project, *, as_of: date | None = None,
                           progress: Callable[[str], None] | None = None) -> bytes:
    """The justification records of :func:`current_build`."""
    return current_build(project, as_of=as_of, progress=progress).justifications()
