"""The built knowledge graph as one sorted N-Quads file, cached on a hash of every input.

Loading, checking and reasoning need rdflib and owlrl; everyday queries need only the snapshot,
which pyoxigraph reads in milliseconds. A cache file is trusted only when its header names the
current key and its body matches the SHA-256 recorded in that header.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from importlib.util import find_spec
from pathlib import Path

from ..errors import InputError
from ..sources.files import read_bytes, write_atomic
from ..sources.project import Project

SNAPSHOT_VERSION = "3"
MAX_CACHE_BYTES = 16 * 1024 * 1024 * 1024
_MAGIC = "# spacekg cache"


@dataclass(frozen=True)
class Snapshot:
    """An N-Quads body and the key (input hash, evaluation date) it was built from."""

    input_hash: str
    nquads: bytes


def cache_path(project: Project, name: str) -> Path:
    return project.cache_dir / f"{name}.nq"


def snapshot_path(project: Project) -> Path:
    return cache_path(project, "snapshot")


def write_cache(project: Project, name: str, key: str, body: bytes) -> Path:
    """Write ``body`` atomically as cache file ``name``, stamped with ``key``."""
    body_hash = hashlib.sha256(body).hexdigest()
    header = f"{_MAGIC} v{SNAPSHOT_VERSION} key={key} body={body_hash}\n"
    path = cache_path(project, name)
    write_atomic(path, header.encode() + body)
    return path


def read_cache(project: Project, name: str, key: str) -> bytes | None:
    """Return the body of cache file ``name`` if it was written for ``key`` and is intact."""
    try:
        data = read_bytes(cache_path(project, name), max_bytes=MAX_CACHE_BYTES, root=project.cache_dir)
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


def write_snapshot(project: Project, snapshot: Snapshot) -> Path:
    return write_cache(project, "snapshot", snapshot.input_hash, snapshot.nquads)


def read_snapshot(project: Project, key: str) -> Snapshot | None:
    body = read_cache(project, "snapshot", key)
    return None if body is None else Snapshot(key, body)


def input_hash(project: Project, *, digests: Mapping[str, str] | None = None) -> str:
    """Hash every input, spacekg's own code and the versions of the libraries that shape the output.

    ``digests`` are the SHA-256 of the inputs as a build read them (see
    :meth:`Project.content_hash`); inputs not in it are read now.
    """
    code = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for module in sorted(package.rglob("*.py")):
        code.update(str(module.relative_to(package)).encode() + b"\0" + module.read_bytes())
    return project.content_hash(
        f"spacekg-code={code.hexdigest()}",
        f"rdflib={_installed_version('rdflib')}",
        f"owlrl={_installed_version('owlrl')}",
        f"pyoxigraph={_installed_version('pyoxigraph')}",
        f"cache={SNAPSHOT_VERSION}",
        digests=digests,
    )


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


def current_snapshot(
    project: Project, *, as_of: date | None = None, progress: Callable[[str], None] | None = None,
    timeout: float | None = None, memory_mb: int | None = None,
) -> Snapshot:
    """Return the snapshot of the current inputs evaluated at ``as_of`` (default: today, UTC),
    building it first if the cache is stale or corrupt, under ``timeout`` and ``memory_mb`` (the
    build's defaults when None).

    Raises:
        InputError: the inputs cannot be loaded or checked (from :func:`spacekg.build.build`).
        InconsistencyError: the reasoner found a contradiction.
        LimitError: the build reached its limits.
    """
    when = as_of or today()
    cached = read_snapshot(project, snapshot_key(project, when))
    if cached is not None:
        return cached
    from .build import build  # rdflib and owlrl are imported only when the cache must be rebuilt
    from .limits import DEFAULT_BUILD_TIMEOUT, DEFAULT_MEMORY_MB

    return build(project, as_of=when, force=True, progress=progress,
                 timeout=DEFAULT_BUILD_TIMEOUT if timeout is None else timeout,
                 memory_mb=DEFAULT_MEMORY_MB if memory_mb is None else memory_mb).snapshot
