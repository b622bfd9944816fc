"""Where a spacekg project keeps its inputs, and which named graph each file fills."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..namespaces import graph_iri

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
            InputError: the ontology file is missing.
        """
        ontology = self.ontology_dir / "spacekg.ttl"
        if not ontology.exists():
            raise InputError(f"{ontology}: file not found (is --root pointing at a spacekg project?)")
        files = [
            InputFile(self.ontology_dir / name, graph_iri(graph))
            for name, graph in ONTOLOGY_GRAPHS.items()
            if (self.ontology_dir / name).exists()
        ]
        files += [InputFile(p, graph_iri(p.stem)) for p in sorted(self.data_dir.glob("*.ttl"))]
        files += [InputFile(p, None) for p in sorted(self.data_dir.glob("*.trig"))]
        files += [InputFile(p, None) for p in sorted((self.data_dir / "facts").glob("*.trig"))]
        return files

    def article_files(self) -> list[Path]:
        return sorted(self.articles_dir.glob("*.txt"))

    def input_paths(self) -> list[Path]:
        """Every file the build reads: RDF inputs, article texts and derivation rules, in a fixed order."""
        paths = [f.path for f in self.input_files()] + self.article_files()
        return paths + sorted((self.ontology_dir / "rules").glob("*.rq"))

    def content_hash(self, *extra: str) -> str:
        """Hash every input file's path and bytes (and ``extra`` strings) into one hex digest."""
        digest = hashlib.sha256()
        for item in extra:
            digest.update(item.encode() + b"\0")
        for path in self.input_paths():
            digest.update(str(path.relative_to(self.root)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()


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
