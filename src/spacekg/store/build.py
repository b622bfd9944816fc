"""Build the knowledge graph: load, check, reason, derive, and cache the result as a snapshot.

Stages, each reported with counts and timings: load the sources into an rdflib Dataset; check
every quote against its article; compute the OWL 2 RL closure of the accepted view and of each
article's view (cached on the input hash, since it does not depend on the evaluation date); run
the derivation rules to a fixpoint; write the canonical snapshot.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ..errors import InconsistencyError, InputError
from ..namespaces import GRAPH, RDFS, SKG
from ..reasoning.closure import closure as reason
from ..reasoning.closure import iris_in
from ..reasoning.rules import load_rules, run_rules
from ..reasoning.views import RULES_EXTRA, accepted_graph_names, article_views, reasoning_input
from ..sources.evidence import verify_quotes
from ..sources.files import recording
from ..sources.loader import load_project
from ..sources.project import Project
from .limits import DEFAULT_BUILD_TIMEOUT, DEFAULT_MEMORY_MB, run_limited
from .snapshot import Build, Snapshot, find_build, input_hash, read_cache, snapshot_key, today, write_build, write_cache

Progress = Callable[[str], None]
OWL_GRAPH = GRAPH + "inferred/owl"
RDFS_COMMENT = RDFS + "comment"
RULES_GRAPH = GRAPH + "inferred/rules"


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
    build: Build | None = None
    """The build directory (snapshot and on-disk store); ``None`` when the result was not cached."""


HEARTBEAT_SECONDS = 10.0
# Reasoning forks workers while the progress thread may be writing: a fork in mid-write would
# leave the child's stderr lock held. The fork waits for the write instead.
_WRITING = threading.Lock()
os.register_at_fork(before=_WRITING.acquire, after_in_parent=_WRITING.release, after_in_child=_WRITING.release)


class _Stages:
    """Runs the build's stages, reporting each when it ends and, while one runs longer than
    ``heartbeat`` seconds, how long it has run and what it has done so far."""

    def __init__(self, say: Progress, heartbeat: float = HEARTBEAT_SECONDS) -> None:
        self.say = say
        self.heartbeat = heartbeat
        self.done: list[Stage] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[list[str]]:
        detail: list[str] = []
        started = time.perf_counter()
        finished = threading.Event()

        def beat() -> None:
            while not finished.wait(self.heartbeat):
                so_far = f" ({'; '.join(detail)})" if detail else ""
                with _WRITING:
                    self.say(f"{name}: running for {time.perf_counter() - started:.0f} s{so_far}")

        ticker = threading.Thread(target=beat, name=f"spacekg-{name}-progress", daemon=True)
        ticker.start()
        try:
            yield detail
        finally:
            finished.set()
            ticker.join()
        self.done.append(Stage(name, time.perf_counter() - started, "; ".join(detail)))
        self.say(f"{name}: {self.done[-1].detail} in {self.done[-1].seconds:.2f} s")


def build(
    project: Project,
    *,
    as_of: date | None = None,
    force: bool = False,
    progress: Progress | None = None,
    timeout: float = DEFAULT_BUILD_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    reasoner: str = "fast",
    verify_quotes_first: bool = True,
    heartbeat: float = HEARTBEAT_SECONDS,
) -> BuildReport:
    """Load, check, reason and snapshot ``project``, reusing the cache when nothing changed.

    Every stage runs in one worker process under ``timeout`` and ``memory_mb``
    (:func:`spacekg.store.limits.run_limited`); its progress lines reach ``progress`` as they come.

    Args:
        project: the project to build.
        as_of: the date plans are evaluated at (default: today, UTC).
        force: rebuild the snapshot even when the cache is current (the closure cache is still
            used when its inputs are unchanged).
        progress: called with one line per stage, every ``heartbeat`` seconds while a stage runs,
            and with warnings (a cache that cannot be written).
        timeout: wall-clock limit in seconds for the whole build.
        memory_mb: memory cap of the build's worker, in MiB.
        reasoner: ``fast`` (spacekg's semi-naive engine, checked against owlrl) or ``owlrl``.
        verify_quotes_first: when False (``spacekg check`` reports mismatched quotes itself), build
            anyway, but do not cache the result: a snapshot is trusted only if its quotes were checked.

    Raises:
        LimitError: the build reached its time limit or memory cap.
        InputError: a source file is malformed or a quote does not match its article.
        InconsistencyError: the accepted view is inconsistent.
    """
    say = progress or (lambda message: None)
    when = as_of or today()
    if not force and verify_quotes_first:
        # The one full verification: every input and the snapshot body are hashed; queries later
        # compare file stats only.
        key = snapshot_key(project, when, verify=True)
        if (cached := find_build(project, key, verify=True)) is not None:
            say(f"cache: up to date ({cached.quads} quads)")
            return BuildReport(cached.snapshot(), True, cached.quads, cached.graphs, build=cached)
    stages = partial(_build_stages, project, when, reasoner=reasoner, verify=verify_quotes_first,
                     timeout=timeout, memory_mb=memory_mb, heartbeat=heartbeat)
    return run_limited(stages, timeout=timeout, memory_mb=memory_mb, what="build", progress=say)


def _build_stages(
    project: Project, when: date, *, reasoner: str, verify: bool, timeout: float, memory_mb: int | None,
    heartbeat: float, progress: Progress,
) -> BuildReport:
    """The build's stages, run in its worker. The cache keys are the hash of the bytes read here,
    so that a file edited during the build never makes its result current for other bytes."""
    stages = _Stages(progress, heartbeat)
    with recording() as read:
        with stages.stage("load") as detail:
            loaded = load_project(project)
            dataset = loaded.dataset
            asserted = canonical_lines(dataset)
            project.rule_files()  # each inside the project
            rules = load_rules(project.ontology_dir / "rules")
            detail.append(f"{len(asserted)} quads from {len(loaded.files)} files, {len(rules)} rule files")

        if verify:
            with stages.stage("check") as detail:
                detail.append(f"{verify_quotes(project, dataset)} sentence quotes verified")
        inputs = input_hash(project, digests=read)

    with stages.stage("reason") as detail:
        closure_key = f"{inputs}+{reasoner}"
        cached_closure = read_cache(project, "closure", closure_key)
        if cached_closure is not None:
            inferred = cached_closure.decode("utf-8").splitlines(keepends=True)
            detail.append(f"{len(inferred)} inferred quads from the cache")
        else:
            inferred = _closures(dataset, detail, timeout=timeout, memory_mb=memory_mb, reasoner=reasoner)
            _keep(progress, write_cache, project, "closure", closure_key, "".join(inferred).encode("utf-8"))

    notes = "".join(line for line in inferred if f"> <{RDFS_COMMENT}> " in line)
    for note in ox.parse(notes.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        progress(f"Warning: {note.subject.value.rsplit('/', 1)[1]}'s own closure is left out: {note.object.value}")

    with stages.stage("rules") as detail:
        store = ox.Store()
        store.bulk_load("".join(asserted + inferred).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        names = [ox.NamedNode(str(n)) for n in accepted_graph_names(dataset)]
        names += [ox.NamedNode(GRAPH + n) for n in RULES_EXTRA] + [ox.NamedNode(OWL_GRAPH)]
        run = run_rules(
            store, rules, default_graph=names, output=ox.NamedNode(RULES_GRAPH),
            parameters={"asOf": f"{when.isoformat()}T00:00:00Z"},
        )
        derived = sorted(
            f"{t.subject} {t.predicate} {t.object} <{RULES_GRAPH}> .\n" for ts in run.triples.values() for t in ts
        )
        counts = ", ".join(f"{name} {len(ts)}" for name, ts in run.triples.items())
        detail.append(f"{len(derived)} triples in {run.rounds} rounds ({counts})")

    with stages.stage("snapshot") as detail:
        key = f"{inputs}@{when.isoformat()}"
        nquads = export_order("".join(asserted + inferred + derived).encode("utf-8"))
        snapshot = Snapshot(key, nquads)
        quads, graphs = nquads.count(b"\n"), _graph_count(nquads)
        written = None
        if verify:
            try:
                written = write_build(project, key, nquads, graphs=graphs)
            except (InputError, OSError) as exc:
                progress(f"Warning: the cache was not written ({_reason(exc)}); the build is answered "
                         "from memory and computed again next time.")
                written = Build(key, project.cache_dir, quads, graphs, has_store=False, body=nquads)
        detail.append(f"{quads} quads written" + (" with their store" if written and written.has_store else ""))
    return BuildReport(snapshot, False, quads, graphs, tuple(stages.done), build=written)


def export_order(nquads: bytes) -> bytes:
    """N-Quads sorted as exports sort them (graph, subject, predicate, object, each in its N-Triples
    form) and written by pyoxigraph, so that an N-Quads export of the whole graph is these bytes."""
    from ..formats.export import quad_order

    quads = sorted(set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)), key=quad_order)
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def _keep(say: Progress, write: Callable[..., object], *args: object) -> None:
    """Write a cache file; a cache that cannot be written costs time, not the answer."""
    try:
        write(*args)
    except (InputError, OSError) as exc:
        say(f"Warning: the cache was not written ({_reason(exc)}); the result is computed again next time.")


def _reason(exc: Exception) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def _closures(
    dataset: Dataset, detail: list[str], *, timeout: float, memory_mb: int | None, reasoner: str
) -> list[str]:
    """OWL 2 RL closure of the accepted view and of each article's view, as N-Quads lines."""
    accepted = reasoning_input(dataset, accepted_graph_names(dataset), drop_claims=True)
    try:
        closure = run_limited(partial(reason, engine=reasoner), accepted, timeout=timeout, memory_mb=memory_mb,
                              what="reasoning (accepted view)")
    except InconsistencyError as exc:
        raise InconsistencyError(f"{exc} [{_asserted_in(dataset, iris_in(str(exc)))}]") from None
    lines = [f"{s.n3()} {p.n3()} {_nt(o)} <{OWL_GRAPH}> .\n" for s, p, o in closure.triples]
    detail.append(f"accepted view {len(closure.triples)} (+{closure.dropped} noise dropped, {reasoner})")
    # One worker for all article views: forking once per article would dominate on large corpora.
    results = run_limited(partial(_article_closures, dataset, reasoner), timeout=timeout,
                          memory_mb=memory_mb, what="reasoning (article views)")
    count = 0
    for name, triples, problem in results:
        if problem:
            # One article contradicting the ontology is a finding about that article; the
            # consensus and the other articles still get their closure. The note stays in the
            # snapshot, so that `check` and every answer from that article's view report it.
            detail.append(f"{name.rsplit('/', 1)[1]} skipped: {problem}")
            note = Literal(f"the article's own view is inconsistent: {problem}")
            lines.append(f"<{name}> <{RDFS_COMMENT}> {_nt(note)} <{name}> .\n")
            continue
        lines += [f"{s.n3()} {p.n3()} {_nt(o)} <{name}> .\n" for s, p, o in triples]
        count += len(triples)
    detail.append(f"{len(results)} article views {count}")
    return sorted(lines)


def _article_closures(dataset: Dataset, reasoner: str) -> list[tuple[str, frozenset, str]]:
    """Each article view's closure, keeping what it says of individuals: the schema-level
    consequences are the same for every view and are already in the accepted closure."""
    out: list[tuple[str, frozenset, str]] = []
    for article, view in article_views(dataset).items():
        name = GRAPH + "inferred/" + str(article).rsplit("/", 1)[1]
        try:
            triples = reason(view, engine=reasoner).triples
        except InconsistencyError as exc:
            out.append((name, frozenset(), f"{exc} [{_asserted_in(dataset, iris_in(str(exc)))}]"))
            continue
        out.append((name, frozenset(t for t in triples if not str(t[0]).startswith(SKG)), ""))
    return out


def _asserted_in(dataset: Dataset, iris: list[str]) -> str:
    """Where the individuals named in a reasoner message are described, for the error message."""
    parts = []
    for iri in sorted(set(iris)):
        graphs = sorted({str(g).rsplit("/", 1)[1] for _, _, _, g in dataset.quads((URIRef(iri), None, None, None))
                         if g is not None})
        if graphs and not iri.startswith(SKG):
            parts.append(f"<{iri}> is described in graphs {', '.join(graphs)}")
    return "; ".join(parts) or "no data graph describes the terms involved"




def canonical_lines(dataset: Dataset) -> list[str]:
    """The dataset as sorted N-Quads lines.

    Blank nodes keep the stable labels the loader gave them, so the same input files always give
    the same lines.
    """
    lines: list[str] = []
    for context in dataset.graphs():
        if len(context) == 0:
            continue
        graph: Graph = context
        name = context.identifier
        suffix = f" <{name}> .\n" if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID else " .\n"
        for s, p, o in graph:
            lines.append(f"{s.n3()} {p.n3()} {_nt(o)}{suffix}")
    lines.sort()
    return lines


def _nt(term: object) -> str:
    text: str = term.n3()  # type: ignore[attr-defined]
    # rdflib writes long strings with triple quotes; N-Quads needs one line.
    if text.startswith('"""'):
        from rdflib import Literal

        assert isinstance(term, Literal)
        body = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        tail = f"@{term.language}" if term.language else (f"^^<{term.datatype}>" if term.datatype else "")
        text = f'"{body}"{tail}'
    return text


def _graph_count(nquads: bytes) -> int:
    names = set()
    for line in nquads.splitlines():
        if line.endswith(b"> ."):
            names.add(line[line.rfind(b" <", 0, len(line) - 2) :])
    return len(names)
