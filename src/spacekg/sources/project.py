"""Where a spacekg project keeps its inputs, and which named graph each file fills."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError, OutputError, UsageError
from ..namespaces import graph_iri
from .files import check_inside, checked_stat, read_bytes, staged_directory, taking_turns

ONTOLOGY_GRAPHS = {"spacekg.ttl": "ontology", "alignments.ttl": "alignments"}
DATA_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# What a project is made of: a copy of these directories is a project (``spacekg init``), and the
# wheel carries them as the packaged graph (pyproject.toml, ``force-include``).
SOURCE_DIRS = ("ontology", "data", "queries")
# The packaged graph inside an installed wheel: spacekg/packaged/{ontology,data,queries}.
PACKAGED_DIR = Path(__file__).resolve().parents[1] / "packaged"


# The suffixes of RDF files: one where spacekg does not read it is named, not skipped in silence.
_RDF_SUFFIXES = frozenset({".ttl", ".trig", ".nt", ".nq", ".n3", ".rdf", ".owl", ".jsonld"})
_ONTOLOGY_HOLDS = ("ontology/ holds spacekg.ttl, alignments.ttl and shapes.ttl only; put the schema in one of "
                   "them, and facts in data/")
_DATA_HOLDS = "data/ holds Turtle (.ttl) and TriG (.trig); convert it to one of them"
_FACTS_HOLDS = "data/facts/ holds each article's facts as TriG (aNNN.trig); put other facts in data/"


# Records here are NamedTuples, not frozen dataclasses: a dataclass makes its methods with exec
# as the module is imported, near a millisecond each, and every command imports this module.
class InputFile(NamedTuple):
    """One RDF input: its path, and the graph it fills (``None`` for TriG, which names its own)."""

    path: Path
    graph: str | None


class Origin(str, Enum):
    """How a project was chosen, so that the CLI can say which graph answered."""

    GIVEN = "given"  # --root, SPACEKG_ROOT, or a path passed to the library
    FOUND = "found"  # the current directory or one of its parents
    PACKAGED = "packaged"  # the graph installed with spacekg


class Project(NamedTuple):
    """The directory layout of a spacekg knowledge graph.

    ``ontology/`` holds the TBox (``spacekg.ttl``) and alignments; ``data/`` holds Turtle files
    (each fills the graph named after the file) and ``data/facts/*.trig`` (per-sentence graphs);
    ``data/articles/`` the article texts; ``queries/`` the stored queries. The built graph is
    cached under ``.spacekg/cache`` in the project, or in ``cache_root`` when given (the packaged
    graph's directory may not be writable).
    """

    root: Path
    origin: Origin = Origin.GIVEN
    cache_root: Path | None = None

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def articles_dir(self) -> Path:
        return self.data_dir / "articles"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def cache_dir(self) -> Path:
        return self.cache_root if self.cache_root is not None else self.root / ".spacekg" / "cache"

    @property
    def edit_lock(self) -> Path:
        """The lock the commands that change the project's files hold, and builds share to read them."""
        return self.cache_dir / "edit.lock"

    def describe(self) -> str:
        """Which graph this is, in words, for the note that says which graph answered."""
        if self.origin is Origin.PACKAGED:
            return f"the packaged graph (built in {self.cache_dir})"
        if self.origin is Origin.FOUND:
            return f"the project in {self.root} (found from the current directory)"
        return f"the project in {self.root}"

    def input_files(self) -> list[InputFile]:
        """List every RDF input in a fixed order.

        Raises:
            InputError: the ontology file is missing; an RDF file is where spacekg does not read
                it (``ontology/extra.ttl``, ``data/dump.nt``), or has a name it cannot use; or a
                file leads outside the project (a symbolic link).
        """
        ontology = self.ontology_dir / "spacekg.ttl"
        if not os.path.lexists(ontology):
            raise InputError(f"{ontology}: file not found (is --root pointing at a spacekg project?)")
        files = [
            InputFile(self.ontology_dir / name, graph_iri(graph))
            for name, graph in ONTOLOGY_GRAPHS.items()
            if os.path.lexists(self.ontology_dir / name)
        ]
        for path in files_in(self.data_dir, ".ttl"):
            if not DATA_FILE_NAME.fullmatch(path.stem):
                raise InputError(f"{path}: a data file's name is the name of its graph (g:{path.stem}); use letters, "
                                 "digits, '-', '_' and '.' (a space or other sign makes no graph name)")
            files.append(InputFile(path, graph_iri(path.stem)))
        files += [InputFile(p, None) for p in files_in(self.data_dir, ".trig")]
        files += [InputFile(p, None) for p in files_in(self.data_dir / "facts", ".trig")]
        read = {item.path for item in files} | {self.ontology_dir / "shapes.ttl"}
        for directory, holds in ((self.ontology_dir, _ONTOLOGY_HOLDS), (self.data_dir, _DATA_HOLDS),
                                 (self.data_dir / "facts", _FACTS_HOLDS)):
            for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else ():
                if os.path.splitext(name)[1].lower() in _RDF_SUFFIXES and directory / name not in read:
                    raise InputError(f"{directory / name}: RDF that spacekg does not read, as {holds}")
        for item in files:
            check_inside(item.path, self.root)
        return files

    def article_files(self) -> list[Path]:
        """The article texts; like every input, each must lie inside the project.

        Raises:
            InputError: a file leads outside the project (a symbolic link).
        """
        return [check_inside(p, self.root) for p in files_in(self.articles_dir, ".txt")]

    def rule_files(self) -> list[Path]:
        """The derivation rules, in the order they run.

        Raises:
            InputError: a file leads outside the project (a symbolic link).
        """
        return [check_inside(p, self.root) for p in files_in(self.ontology_dir / "rules", ".rq",
                                                             required="the derivation rules")]

    def input_paths(self) -> list[Path]:
        """Every file the build reads: RDF inputs, article texts and derivation rules, in a fixed order."""
        return [f.path for f in self.input_files()] + self.article_files() + self.rule_files()

    def input_dirs(self) -> list[Path]:
        """The directories whose listings decide :meth:`input_paths`: while none of them changes,
        no input file was added, removed, renamed or replaced by a link."""
        return [self.root, self.ontology_dir, self.ontology_dir / "rules", self.data_dir, self.data_dir / "facts",
                self.articles_dir]

    def content_hash(self, *extra: str, digests: Mapping[str, str] | None = None) -> str:
        """Hash ``extra`` strings and every build input's path and SHA-256 into one hex digest.

        Args:
            extra: strings that also shape the result (versions, options).
            digests: SHA-256 hex digests by absolute path, of the bytes a build actually read
                (see :func:`spacekg.sources.files.recording`); files not in it are read now.

        Raises:
            InputError: an input is missing, not a regular file, outside the project or unreadable.
        """
        import hashlib  # loads OpenSSL: only where something is hashed

        digest = hashlib.sha256()
        for item in extra:
            digest.update(item.encode() + b"\0")
        for path in self.input_paths():
            known = (digests or {}).get(os.path.abspath(path))
            if known is None:
                known = hashlib.sha256(read_bytes(path, root=self.root)).hexdigest()
            digest.update(str(path.relative_to(self.root)).encode() + b"\0" + known.encode() + b"\0")
        return digest.hexdigest()

    def protected(self) -> tuple[Path, ...]:
        """The directories no output may be written into: what spacekg reads, and its cache."""
        return (self.ontology_dir, self.data_dir, self.queries_dir, self.root / ".spacekg", self.cache_dir)


@contextmanager
def no_edit_under_way(project: Project, say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Read the project's files while no command changes them: an article's registration writes
    several files, and a reader that read some before it and some after would find a
    half-registered article. A shared hold of the edit lock, which waits (up to 30 s, telling
    ``say`` once) for the command holding it. A project whose cache cannot be written has no lock.

    Raises:
        LimitError: a command has been changing the project's files for over 30 s.
    """
    with ExitStack() as turn:
        with suppress(OutputError):
            turn.enter_context(taking_turns(
                project.edit_lock, "changing the project's files", shared=True,
                waiting=None if say is None else lambda: say("waiting for a command that is changing the project's "
                                                             "files to end")))
        yield


def data_version(project: Project) -> str:
    """The version of the graph's sources: the ontology's ``owl:versionInfo`` and a digest of every input.

    Raises:
        InputError: the ontology cannot be read or parsed, as the build reads it (a byte order
            mark allowed, an error named with its line and column).
    """
    import pyoxigraph as ox

    from ..namespaces import ONTOLOGY, OWL
    from .loader import parse_file

    info = [q.object.value for q in parse_file(project.ontology_dir / "spacekg.ttl", graph=None)
            if q.subject == ox.NamedNode(ONTOLOGY) and q.predicate == ox.NamedNode(OWL + "versionInfo")
            and isinstance(q.object, ox.Literal)]
    return f"ontology {info[0] if info else 'unversioned'}, sources sha256:{project.content_hash()[:12]}"


def folder(path: Path, *, required: str | None = None) -> Path:
    """``path``, a directory the project keeps files in: a file in its place would otherwise read
    as an empty directory. ``required`` says what the directory holds when it must exist.

    Raises:
        InputError: ``path`` is not a directory, or is missing and ``required``.
    """
    if not os.path.isdir(path) and (os.path.lexists(path) or required):
        what = "not a directory" if os.path.lexists(path) else "directory not found"
        raise InputError(f"{path}: {what}" + (f" (the project keeps {required} there)" if required else ""))
    return path


def files_in(directory: Path, suffix: str, *, required: str | None = None) -> list[Path]:
    """The files of ``directory``, a directory the project keeps files in (:func:`folder`), whose
    names end in ``suffix``, in name order.

    Raises:
        InputError: see :func:`folder`; or a name ends in ``suffix`` in other letters
            (``entities.TTL``), a file that would be skipped in silence: naming it and the name
            to give it.
    """
    if not os.path.isdir(folder(directory, required=required)):
        return []
    names = sorted(os.listdir(directory))
    for name in names:
        if (slip := suffix_slip(directory / name, suffix)) is not None:
            raise slip
    return [directory / name for name in names if name.endswith(suffix)]


def suffix_slip(path: Path, suffix: str) -> InputError | None:
    """The error for ``path`` if its name ends in ``suffix`` in other letters (``.TTL``), or in
    another suffix for the same kind of file (``.sparql``), or None."""
    stem, found = os.path.splitext(path.name)
    if found != suffix and (found.lower() == suffix or found.lower() in _OTHER_SPELLINGS.get(suffix, ())):
        return InputError(f"{path}: spacekg reads only the files whose names end in {suffix} here; "
                          f"rename it to {stem}{suffix}")
    return None


_OTHER_SPELLINGS = {".rq": (".sparql",)}


def is_project(directory: Path) -> bool:
    return (directory / "ontology" / "spacekg.ttl").is_file()


def find_project(root: Path | None = None) -> Project:
    """Locate the project: ``root`` if given, else the current directory or one of its parents
    that has ``ontology/spacekg.ttl``, else the packaged graph.

    Raises:
        InputError: ``root`` is not a spacekg project, or no graph was installed with spacekg.
    """
    if root is not None:
        if root.exists() and not root.is_dir():
            raise InputError(f"{root}: not a spacekg project (it is a file; give the project's directory)")
        if not is_project(root):
            if os.path.lexists(root / "ontology" / "spacekg.ttl"):  # there, but no file to read
                checked_stat(root / "ontology" / "spacekg.ttl", root=root)
            raise InputError(f"{root}: not a spacekg project (it has no ontology/spacekg.ttl; "
                             f"spacekg init {root} creates one)")
        return Project(root.resolve())
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if is_project(candidate):
            return Project(candidate, Origin.FOUND)
    return packaged_project()


def editable(project: Project) -> Project:
    """``project``, when commands may change its files.

    Raises:
        UsageError: it is the graph installed with spacekg, which is rebuilt from what was
            installed (in an editable install, the source checkout itself): an article is added
            to a project made with ``spacekg init``.
    """
    if project.origin is Origin.PACKAGED:
        raise UsageError("no project to edit here: the graph installed with spacekg is not edited; make a project "
                         "with `spacekg init DIR` and run the command in DIR (or give --root DIR)")
    return project


def packaged_project() -> Project:
    """The graph installed with spacekg: the wheel's copy of the sources, or, in an editable
    install, the source checkout. It is built into the per-user cache directory.

    Raises:
        InputError: this installation carries no graph.
    """
    import hashlib

    for candidate in (PACKAGED_DIR, Path(__file__).resolve().parents[3]):
        if is_project(candidate):
            key = hashlib.sha256(str(candidate).encode()).hexdigest()[:16]
            return Project(candidate, Origin.PACKAGED, user_cache_dir() / key)
    raise InputError("no spacekg project found and no packaged graph installed: pass --root, or create one "
                     "with spacekg init DIR")


def user_cache_dir() -> Path:
    """Where the packaged graph is built: ``$SPACEKG_CACHE_DIR``, else the platform's per-user cache."""
    if override := os.environ.get("SPACEKG_CACHE_DIR"):
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "spacekg"


def init_project(target: Path, source: Project | None = None) -> Project:
    """Copy the sources of ``source`` (default: the packaged graph) into ``target``, a new
    project that can be edited and rebuilt. The copy is whole or absent: a failed or killed
    ``init`` leaves ``target`` as it was, so that it can be run again.

    Raises:
        InputError: ``target`` exists and is not an empty directory, lies inside the project it
            would copy, or cannot be written (naming the file that could not be).
    """
    import shutil

    origin = source or packaged_project()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(f"{target}: already exists and is not an empty directory")
    if target.resolve().is_relative_to(origin.root):
        raise InputError(f"{target}: is inside the project it would copy ({origin.root}); choose another directory")
    with staged_directory(target) as staging:
        current = staging
        try:
            # Walked here rather than by shutil.copytree, which goes on past a failure and then
            # reports every one at once: the first ends the copy, named by its file.
            for name in SOURCE_DIRS:
                for folder, dirs, files in os.walk(origin.root / name, followlinks=True):
                    dirs[:] = [d for d in dirs if not _left_out(d)]
                    current = staging / Path(folder).relative_to(origin.root)
                    current.mkdir()
                    for file in filter(lambda f: not _left_out(f), files):
                        current = staging / Path(folder, file).relative_to(origin.root)
                        shutil.copy2(Path(folder, file), current)
            current = staging / ".gitignore"
            current.write_text(".spacekg/\n", encoding="utf-8")
        except OSError as exc:
            # Named as it will be, not by the temporary directory that was being filled.
            raise OutputError(f"{target}: cannot create the project: {target / current.relative_to(staging)}: "
                              f"{exc.strerror or exc}") from None
    return Project(target.resolve())


def _left_out(name: str) -> bool:
    """What ``init`` does not copy: byte-code caches and hidden files (a project's own cache)."""
    return name == "__pycache__" or name.startswith(".")
