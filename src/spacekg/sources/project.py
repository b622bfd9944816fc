"""Where a spacekg project keeps its inputs, and which named graph each file fills."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..namespaces import graph_iri
from .files import check_inside, read_bytes

ONTOLOGY_GRAPHS = {"spacekg.ttl": "ontology", "alignments.ttl": "alignments"}


@dataclass(frozen=True)
class InputFile:
    """One RDF input: its path, and the graph it fills (``None`` for TriG, which names its own)."""

    path: Path
    graph: str | None


@dataclass(frozen=True)
class Project:
    """The directory layout of a spacekg knowledge graph.

    ``ontology/`` holds the TBox (``spacekg.ttl``) and alignments; ``data/`` holds Turtle files
    (each fills the graph named after the file) and ``data/facts/*.trig`` (per-sentence graphs);
    ``data/articles/`` the article texts; ``queries/`` the stored queries.
    """

    root: Path

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
        return self.root / ".spacekg" / "cache"

    def input_files(self) -> list[InputFile]:
        """List every RDF input in a fixed order.

        Raises:
            InputError: the ontology file is missing, or a file leads outside the project (a
                symbolic link).
        """
        ontology = self.ontology_dir / "spacekg.ttl"
        if not os.path.lexists(ontology):
            raise InputError(f"{ontology}: file not found (is --root pointing at a spacekg project?)")
        files = [
            InputFile(self.ontology_dir / name, graph_iri(graph))
            for name, graph in ONTOLOGY_GRAPHS.items()
            if os.path.lexists(self.ontology_dir / name)
        ]
        files += [InputFile(p, graph_iri(p.stem)) for p in sorted(self.data_dir.glob("*.ttl"))]
        files += [InputFile(p, None) for p in sorted(self.data_dir.glob("*.trig"))]
        files += [InputFile(p, None) for p in sorted((self.data_dir / "facts").glob("*.trig"))]
        for item in files:
            check_inside(item.path, self.root)
        return files

    def article_files(self) -> list[Path]:
        """The article texts; like every input, each must lie inside the project.

        Raises:
            InputError: a file leads outside the project (a symbolic link).
        """
        return [check_inside(p, self.root) for p in sorted(self.articles_dir.glob("*.txt"))]

    def rule_files(self) -> list[Path]:
        """The derivation rules, in the order they run.

        Raises:
            InputError: a file leads outside the project (a symbolic link).
        """
        return [check_inside(p, self.root) for p in sorted((self.ontology_dir / "rules").glob("*.rq"))]

    def build_inputs(self) -> list[Path]:
        """Every file a build reads: the RDF inputs, the article texts and the derivation rules."""
        return [f.path for f in self.input_files()] + self.article_files() + self.rule_files()

    def content_hash(self, *extra: str, digests: Mapping[str, str] | None = None) -> str:
        """Hash ``extra`` strings and every build input's path and SHA-256 into one hex digest.

        Args:
            extra: strings that also shape the result (versions, options).
            digests: SHA-256 hex digests by absolute path, of the bytes a build actually read
                (see :func:`spacekg.sources.files.recording`); files not in it are read now.

        Raises:
            InputError: an input is missing, not a regular file, outside the project or unreadable.
        """
        digest = hashlib.sha256()
        for item in extra:
            digest.update(item.encode() + b"\0")
        for path in self.build_inputs():
            known = (digests or {}).get(os.path.abspath(path))
            if known is None:
                known = hashlib.sha256(read_bytes(path, root=self.root)).hexdigest()
            digest.update(str(path.relative_to(self.root)).encode() + b"\0" + known.encode() + b"\0")
        return digest.hexdigest()

    def protected(self) -> tuple[Path, ...]:
        """The directories no output may be written into: what spacekg reads, and its cache."""
        return (self.ontology_dir, self.data_dir, self.queries_dir, self.root / ".spacekg")


def find_project(root: Path | None = None) -> Project:
    """Locate the project: ``root`` if given, else the current directory or one of its parents
    that has ``ontology/spacekg.ttl``, else the checkout this package was installed from.

    Raises:
        InputError: nothing that looks like a spacekg project was found.
    """
    if root is not None:
        return Project(root.resolve())
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "ontology" / "spacekg.ttl").is_file():
            return Project(candidate)
    source_checkout = Path(__file__).resolve().parents[3]
    if (source_checkout / "ontology" / "spacekg.ttl").is_file():
        return Project(source_checkout)
    raise InputError("no spacekg project found: run inside a checkout or pass --root")
