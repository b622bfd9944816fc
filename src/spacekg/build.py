"""Build the knowledge graph: load the sources, check them, and cache the result as a snapshot."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .evidence import verify_quotes
from .loader import load_project
from .project import Project
from .snapshot import Snapshot, input_hash, read_snapshot, write_snapshot

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Stage:
    """What one build stage did and how long it took."""

    name: str
    seconds: float
    detail: str


@dataclass(frozen=True)
class BuildReport:
    """The outcome of :func:`build`: counts and timings per stage, and whether the cache was used."""

    snapshot: Snapshot
    cached: bool
    quads: int
    graphs: int
    stages: tuple[Stage, ...] = field(default=())


def build(project: Project, *, force: bool = False, progress: Progress | None = None) -> BuildReport:
    """Load, check and snapshot ``project``, reusing the cached snapshot when nothing changed.

    Raises:
        InputError: a source file is malformed or a quote does not match its article.
    """
    say = progress or (lambda message: None)
    key = input_hash(project)
    if not force and (cached := read_snapshot(project, key)) is not None:
        quads = cached.nquads.count(b"\n")
        say(f"cache: up to date ({quads} quads)")
        return BuildReport(cached, True, quads, _graph_count(cached.nquads))
    stages: list[Stage] = []

    started = time.perf_counter()
    loaded = load_project(project)
    dataset = loaded.dataset
    quads = sum(1 for _ in dataset.quads((None, None, None, None)))
    stages.append(Stage("load", time.perf_counter() - started, f"{quads} quads from {len(loaded.files)} files"))
    say(f"load: {stages[-1].detail} in {stages[-1].seconds:.2f} s")

    started = time.perf_counter()
    checked = verify_quotes(project, dataset)
    stages.append(Stage("check", time.perf_counter() - started, f"{checked} sentence quotes verified"))
    say(f"check: {stages[-1].detail} in {stages[-1].seconds:.2f} s")

    started = time.perf_counter()
    nquads = canonical_nquads(dataset)
    snapshot = Snapshot(key, nquads)
    write_snapshot(project, snapshot)
    quads = nquads.count(b"\n")
    stages.append(Stage("snapshot", time.perf_counter() - started, f"{quads} quads written"))
    say(f"snapshot: {stages[-1].detail} in {stages[-1].seconds:.2f} s")
    return BuildReport(snapshot, False, quads, _graph_count(nquads), tuple(stages))


def canonical_nquads(dataset: Dataset) -> bytes:
    """Serialize ``dataset`` as N-Quads with canonical blank-node labels and sorted lines.

    The same triples always give the same bytes, whatever order they were parsed in.
    """
    lines: list[str] = []
    for context in dataset.graphs():
        if len(context) == 0:
            continue
        graph: Graph = context
        if any(isinstance(t, BNode) for triple in context for t in triple):
            graph = to_canonical_graph(context)
        name = context.identifier
        suffix = f" <{name}> .\n" if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID else " .\n"
        for s, p, o in graph:
            lines.append(f"{s.n3()} {p.n3()} {_object_n3(o)}{suffix}")
    lines.sort()
    return "".join(lines).encode("utf-8")



def _object_n3(term: object) -> str:
    text: str = term.n3()  # type: ignore[attr-defined]
    # rdflib writes long strings with triple quotes; N-Quads needs one line.
    if text.startswith('"""'):
        from rdflib import Literal

        assert isinstance(term, Literal)
        body = (
            str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        )
        tail = f"@{term.language}" if term.language else (f"^^<{term.datatype}>" if term.datatype else "")
        text = f'"{body}"{tail}'
    return text


def _graph_count(nquads: bytes) -> int:
    names = set()
    for line in nquads.splitlines():
        if line.endswith(b"> ."):
            names.add(line[line.rfind(b" <", 0, len(line) - 2) :])
    return len(names)
