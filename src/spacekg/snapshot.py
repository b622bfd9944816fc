"""The built knowledge graph as one sorted N-Quads file, cached on a hash of every input.

Loading and checking the sources needs rdflib; everyday queries need only the snapshot, which
pyoxigraph reads in milliseconds. A snapshot is trusted only when its header names the current
input hash and its body matches the SHA-256 recorded in that header.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from collections.abc import Callable
from importlib.util import find_spec

from .files import write_atomic
from .project import Project

SNAPSHOT_VERSION = "1"
_MAGIC = "# spacekg snapshot"


@dataclass(frozen=True)
class Snapshot:
    """An N-Quads body and the input hash it was built from."""

    input_hash: str
    nquads: bytes


def snapshot_path(project: Project) -> Path:
    return project.cache_dir / "snapshot.nq"


def write_snapshot(project: Project, snapshot: Snapshot) -> Path:
    """Write ``snapshot`` atomically into the project's cache directory."""
    body_hash = hashlib.sha256(snapshot.nquads).hexdigest()
    header = f"{_MAGIC} v{SNAPSHOT_VERSION} inputs={snapshot.input_hash} body={body_hash}\n"
    path = snapshot_path(project)
    write_atomic(path, header.encode() + snapshot.nquads)
    return path


def read_snapshot(project: Project, input_hash: str) -> Snapshot | None:
    """Return the cached snapshot if it was built from ``input_hash`` and is intact, else ``None``."""
    path = snapshot_path(project)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, sep, body = data.partition(b"\n")
    fields = dict(
        part.split("=", 1) for part in header.decode("utf-8", "replace").split() if "=" in part
    )
    if (
        not sep
        or not header.startswith(f"{_MAGIC} v{SNAPSHOT_VERSION} ".encode())
        or fields.get("inputs") != input_hash
        or fields.get("body") != hashlib.sha256(body).hexdigest()
    ):
        return None
    return Snapshot(input_hash, body)


def input_hash(project: Project) -> str:
    """Hash every input, spacekg's own code and the versions of the libraries that shape the output."""
    code = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        code.update(module.read_bytes())
    return project.content_hash(
        f"spacekg-code={code.hexdigest()}",
        f"rdflib={_installed_version('rdflib')}",
        f"owlrl={_installed_version('owlrl')}",
        f"snapshot={SNAPSHOT_VERSION}",
    )


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


def current_snapshot(project: Project, *, progress: Callable[[str], None] | None = None) -> Snapshot:
    """Return the snapshot of the current inputs, building it first if the cache is stale or corrupt.

    Raises:
        InputError: the inputs cannot be loaded or checked (from :func:`spacekg.build.build`).
    """
    cached = read_snapshot(project, input_hash(project))
    if cached is not None:
        return cached
    from .build import build  # rdflib is imported only when the cache must be rebuilt

    return build(project, force=True, progress=progress).snapshot
