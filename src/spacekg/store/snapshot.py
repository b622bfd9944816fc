"""The built knowledge graph as one sorted N-Quads file, cached on a hash of every input.

Loading, checking and reasoning need rdflib and owlrl; everyday queries need only the snapshot,
which pyoxigraph reads in milliseconds. A cache file is trusted only when its header names the
current key and its body matches the SHA-256 recorded in that header.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from importlib.util import find_spec
from pathlib import Path

from ..sources.files import write_atomic
from ..sources.project import Project

SNAPSHOT_VERSION = "3"
_MAGIC = "# spacekg cache"


@dataclass(frozen=True)
class Snapshot:
    """An N-Quads body and the key (input hash, evaluation date) it was built from."""

    input_hash: str
    nquads: bytes


def cache_path(project: Project, name: str, suffix: str = ".nq") -> Path:
    """Where cache file ``name`` lives (``name`` may hold a subdirectory: ``closures/a000``)."""
    return project.cache_dir / f"{name}{suffix}"


def snapshot_path(project: Project) -> Path:
    return cache_path(project, "snapshot")


def write_cache(project: Project, name: str, key: str, body: bytes, *, suffix: str = ".nq") -> Path:
    """Write ``body`` atomically as cache file ``name``, stamped with ``key``.

    No fsync: a torn file fails its body hash when read, and is rebuilt."""
    body_hash = hashlib.sha256(body).hexdigest()
    header = f"{_MAGIC} v{SNAPSHOT_VERSION} key={key} body={body_hash}\n"
    path = cache_path(project, name, suffix)
    write_atomic(path, header.encode() + body, durable=False)
    return path


def read_cache(project: Project, name: str, key: str, *, suffix: str = ".nq") -> bytes | None:
    """Return the body of cache file ``name`` if it was written for ``key`` and is intact."""
    try:
        data = cache_path(project, name, suffix).read_bytes()
    except OSError:
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


def write_snapshot(project: Project, snapshot: Snapshot) -> Path:
    return write_cache(project, "snapshot", snapshot.input_hash, snapshot.nquads)


def read_snapshot(project: Project, key: str) -> Snapshot | None:
    body = read_cache(project, "snapshot", key)
    return None if body is None else Snapshot(key, body)


def code_hash() -> str:
    """Hash spacekg's own code and the versions of the libraries that shape the output."""
    code = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for module in sorted(package.rglob("*.py")):
        code.update(str(module.relative_to(package)).encode() + b"\0" + module.read_bytes())
    versions = (f"{name}={_installed_version(name)}" for name in ("rdflib", "owlrl", "pyoxigraph"))
    return hashlib.sha256("\0".join((f"spacekg-code={code.hexdigest()}", *versions,
                                      f"cache={SNAPSHOT_VERSION}")).encode()).hexdigest()


def input_hash(project: Project) -> str:
    """Hash every input, spacekg's own code and the versions of the libraries that shape the output."""
    return project.content_hash(code_hash())


def snapshot_key(project: Project, as_of: date) -> str:
    """The snapshot depends on the inputs and on the date plans are evaluated at."""
    return f"{input_hash(project)}@{as_of.isoformat()}"


def today() -> date:
    return datetime.now(timezone.utc).date()


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


def current_justifications(project: Project, *, as_of: date | None = None,
                           progress: Callable[[str], None] | None = None) -> bytes:
    """The justification records of the current snapshot (see :mod:`spacekg.reasoning.records`),
    building first if they are stale."""
    when = as_of or today()
    key = snapshot_key(project, when)
    body = read_cache(project, "justifications", key, suffix=".txt")
    if body is None:
        from .build import build

        build(project, as_of=when, force=True, progress=progress)
        body = read_cache(project, "justifications", key, suffix=".txt")
    return body or b""


def current_snapshot(
    project: Project, *, as_of: date | None = None, progress: Callable[[str], None] | None = None
) -> Snapshot:
    """Return the snapshot of the current inputs evaluated at ``as_of`` (default: today, UTC),
    building it first if the cache is stale or corrupt.

    Raises:
        InputError: the inputs cannot be loaded or checked (from :func:`spacekg.build.build`).
        InconsistencyError: the reasoner found a contradiction.
    """
    when = as_of or today()
    cached = read_snapshot(project, snapshot_key(project, when))
    if cached is not None:
        return cached
    from .build import build  # rdflib and owlrl are imported only when the cache must be rebuilt

    return build(project, as_of=when, force=True, progress=progress).snapshot
