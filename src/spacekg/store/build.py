"""Build the knowledge graph: load, check, reason, derive, and cache the result as a snapshot.

Stages, each reported with counts and timings: load the sources into a pyoxigraph store (the one
term model of the build); check every quote against its article; close the schema view, the
accepted view and each article's view (each closure cached on that view's own inputs, see
:mod:`spacekg.store.closures`); run the derivation rules to a fixpoint; write the canonical snapshot
and the justification records of every inferred triple.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial

import pyoxigraph as ox

from ..errors import InconsistencyError, InputError, OutputError, UnsupportedConstruct
from ..formats.canonical import merge_sorted, nquads
from ..namespaces import GRAPH, RDFS, SKG
from ..reasoning.closure import Reasoner, ViewClosure, iris_in
from ..reasoning.engines import Engine
from ..reasoning.records import encode
from ..reasoning.rules import load_rules, run_rules
from ..reasoning.views import (
    ACCEPTED_OUTPUT,
    ENTITIES,
    RULES_EXTRA,
    SCHEMA_GRAPHS,
    SCHEMA_OUTPUT,
    View,
    accepted_graph_names,
    accepted_view,
    article_views,
    schema_view,
)
from ..sources.evidence import verify_quotes
from ..sources.files import recording, taking_turns
from ..sources.loader import Loaded, load_project
from ..sources.project import Project, no_edit_under_way
from .closures import read_closure, view_keys, write_closure
from .engine import RULES_GRAPH
from .limits import DEFAULT_BUILD_TIMEOUT, DEFAULT_MEMORY_MB, in_two, keep_until_exit, run_limited
from .snapshot import Build, Snapshot, find_build, input_hash, snapshot_key, today, write_build

Progress = Callable[[str], None]
RDFS_COMMENT = RDFS + "comment"


@dataclass(frozen=True)
class Stage:
    """What one build stage did and how long it took."""

    name: str
    seconds: float
    detail: str


@dataclass(frozen=True)
class BuildReport:
    """The outcome of :func:`build`: counts and timings per stage, and whether the cache was used."""

    key: str
    cached: bool
    quads: int
    graphs: int
    stages: tuple[Stage, ...] = field(default=())
    build: Build | None = None
    """The build directory (snapshot and on-disk store); ``None`` when the result was not cached."""
    body: bytes | None = None
    """The snapshot when no build directory holds it (the result was not cached)."""

    @cached_property
    def snapshot(self) -> Snapshot:
        """The snapshot, read when first asked for: the build's worker sends back only where it is."""
        if self.body is not None:
            return Snapshot(self.key, self.body)
        if self.build is None:
            raise ValueError("a build report holds its snapshot or its build")
        return Snapshot(self.key, self.build.nquads())


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
    reasoner: str = Engine.FAST.value,
    verify_quotes_first: bool = True,
    loaded: Loaded | None = None,
    justify: bool = True,
    heartbeat: float = HEARTBEAT_SECONDS,
    stale: bool = False,
) -> BuildReport:
    """Load, check and reason over ``project``, and write the snapshot and its justifications,
    reusing the caches when nothing changed.

    Every stage runs in one worker process under ``timeout`` and ``memory_mb``
    (:func:`spacekg.store.limits.run_limited`); its progress lines reach ``progress`` as they come.

    Args:
        project: the project to build.
        as_of: the date plans are evaluated at (default: today, UTC).
        force: rebuild the snapshot even when the cache is current (each view's closure is still
            read from its cache when that view's inputs are unchanged).
        progress: called with one line per stage, every ``heartbeat`` seconds while a stage runs,
            and with warnings (a cache that cannot be written).
        timeout: wall-clock limit in seconds for the whole build.
        memory_mb: memory cap of the build's worker, in MiB.
        reasoner: ``fast`` (spacekg's semi-naive engine, checked against owlrl) or ``owlrl``.
        verify_quotes_first: when False (``spacekg check`` reports mismatched quotes itself), build
            anyway, but do not cache the result: a snapshot is trusted only if its quotes were checked.
        loaded: the project already loaded (``spacekg check`` loads it once for every gate).
        justify: make the justification records (``spacekg why`` reads them); the benchmarks turn
            them off to measure what they cost. A build without them is written under a key of its
            own, so it never answers a query.
        stale: the caller has just found the cache stale, and it is not checked again, unless
            another build of the project ran meanwhile (builds of one project take turns).

    Raises:
        LimitError: the build reached its time limit or memory cap.
        InputError: a source file is malformed or a quote does not match its article.
        InconsistencyError: the accepted view is inconsistent.
    """
    say = progress or (lambda message: None)
    when = as_of or today()
    started = time.monotonic()
    cacheable = verify_quotes_first and justify

    def up_to_date() -> BuildReport | None:
        # The one full verification: every input and the snapshot body are hashed; queries later
        # compare file stats only.
        cached = find_build(project, snapshot_key(project, when, verify=True), verify=True)
        if cached is None:
            return None
        say(f"cache: up to date ({cached.quads} quads)")
        return BuildReport(cached.key, True, cached.quads, cached.graphs, build=cached)

    if not force and not stale and cacheable and (report := up_to_date()) is not None:
        return report
    stages = partial(_build_stages, project, when, reasoner=reasoner, verify=verify_quotes_first, loaded=loaded,
                     justify=justify, heartbeat=heartbeat)
    with _one_build_at_a_time(project, say, timeout) as waited:
        # Another build of the project has just ended: it may have built what this one would.
        if waited and not force and cacheable and (report := up_to_date()) is not None:
            return report
        return run_limited(stages, timeout=timeout, deadline=started + timeout, memory_mb=memory_mb, what="build",
                           progress=say)


@contextmanager
def _one_build_at_a_time(project: Project, say: Progress, timeout: float) -> Iterator[bool]:
    """Builds of one project take turns (the lock ``build.lock`` in its cache), so that two commands
    that find the cache stale at once build it once. Yields whether another build held the lock
    first. A project whose cache cannot be written builds without the lock: it caches nothing."""
    with ExitStack() as turn:
        try:
            waited = turn.enter_context(taking_turns(
                project.cache_dir / "build.lock", "building this project", wait=timeout,
                waiting=lambda: say("build: waiting for another build of this project to end")))
        except OutputError:
            waited = False
        yield waited


def _build_stages(
    project: Project, when: date, *, reasoner: str, verify: bool, loaded: Loaded | None, justify: bool,
    heartbeat: float, progress: Progress,
) -> BuildReport:
    """The build's stages, run in its worker. The cache keys are the hash of the bytes read here,
    so that a file edited during the build never makes its result current for other bytes."""
    stages = _Stages(progress, heartbeat)
    with no_edit_under_way(project, lambda line: progress(f"build: {line}")), recording() as read:
        with stages.stage("load") as detail:
            if loaded is None:
                loaded = load_project(project)
            project.rule_files()  # each inside the project
            rules = load_rules(project.ontology_dir / "rules")
            detail.append(f"{len(loaded)} quads from {len(loaded.files)} files, {len(rules)} rule files")

        if verify:
            with stages.stage("check") as detail:
                detail.append(f"{verify_quotes(project, loaded.store)} sentence quotes verified")
        inputs = input_hash(project, digests=read)

    with stages.stage("reason") as detail:
        closures = _closures(project, loaded, detail, reasoner=reasoner, justify=justify, say=progress)
    for closure in closures:
        if closure.note:
            progress(f"Warning: {closure.view.rsplit('/', 1)[1]}'s own closure is left out: {closure.note}")

    with stages.stage("rules") as detail:
        # What the earlier stages made is kept until the worker exits (keep_until_exit below): the
        # collector's full passes, which the rules' many small objects set off, need not go over it.
        gc.freeze()
        store = loaded.store
        # spacekg wrote these N-Quads (or a cache entry whose hash matched holds them): one parse
        # of them all, without checking their IRIs again.
        store.load(b"".join(c.nquads for c in closures), format=ox.RdfFormat.N_QUADS, lenient=True)
        names = [ox.NamedNode(n) for n in accepted_graph_names(loaded)]
        names += [ox.NamedNode(GRAPH + n) for n in RULES_EXTRA]
        names += [ox.NamedNode(SCHEMA_OUTPUT), ox.NamedNode(ACCEPTED_OUTPUT)]
        run = run_rules(
            store, rules, default_graph=names, output=ox.NamedNode(RULES_GRAPH),
            # "As of a day" includes what happened that day: the rules see the day's last instant in
            # UTC, written as the data writes the end of a day-precision window.
            parameters={"asOf": f"{when.isoformat()}T23:59:59Z"}, justify=justify,
        )
        counts = ", ".join(f"{name} {len(quads)}" for name, quads in run.derived.items())
        derived = sum(len(quads) for quads in run.derived.values())
        detail.append(f"{derived} triples in {run.rounds} rounds ({counts})")

    with stages.stage("snapshot") as detail:
        # A build without records is written like any other (so that what the records cost is
        # measured like for like), under a key of its own that no query looks up.
        key = f"{inputs}@{when.isoformat()}" + ("" if justify else "+no-records")
        # Asserted and OWL-inferred quads keep their lexical forms; the rules' come from the store.
        rules_quads = nquads(store.quads_for_pattern(None, None, None, ox.NamedNode(RULES_GRAPH)))
        body, graphs, spans = merge_sorted(loaded.nquads, one_graph=[*(c.nquads for c in closures), rules_quads])
        records = b"".join(c.records for c in closures) + encode(run.justifications)
        quads = body.count(b"\n")
        written = None
        cached = verify
        if verify:
            try:
                written = write_build(project, key, body, graphs=graphs, records=records, spans=spans)
            except (InputError, OSError) as exc:
                progress(f"Warning: the cache was not written ({_reason(exc)}); the build is answered "
                         "from memory and computed again next time.")
                written = Build(key, project.cache_dir, quads, graphs, has_store=False, body=body, records=records)
                cached = False
        detail.append(f"{quads} quads " + ("written" if cached else "kept in memory, not cached")
                      + (" with their store" if written and written.has_store else "")
                      + f", {len(records) // 1024:,} KiB of justifications")
    keep_until_exit(loaded, closures, run, body, records)
    return BuildReport(key, False, quads, graphs, tuple(stages.done), build=written,
                       body=None if written is not None and written.body is None else body)


def _keep(say: Progress, write: Callable[..., object], *args: object, warned: set[str]) -> None:
    """Write a cache file; a cache that cannot be written costs time, not the answer. Each reason
    is said once (``warned``), however many files it stops."""
    try:
        write(*args)
    except (InputError, OSError) as exc:
        if (reason := _reason(exc)) not in warned:
            warned.add(reason)
            say(f"Warning: the cache was not written ({reason}); the result is computed again next time.")


def _reason(exc: Exception) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def _closures(project: Project, loaded: Loaded, detail: list[str], *, reasoner: str, justify: bool,
              say: Progress) -> list[ViewClosure]:
    """The closure of the schema view, the accepted view and each article's view, from the cache
    where a view's inputs are unchanged, else computed here."""
    # What the load made lives until the worker exits: the garbage collector's full collections
    # need not go over it again and again while the closures make their many small objects.
    gc.freeze()
    try:
        return _closures_of(project, loaded, detail, reasoner=reasoner, justify=justify, say=say)
    finally:
        gc.unfreeze()


def _closures_of(project: Project, loaded: Loaded, detail: list[str], *, reasoner: str, justify: bool,
                 say: Progress) -> list[ViewClosure]:
    views = [schema_view(), accepted_view(loaded), *article_views(loaded)]
    keys = view_keys(loaded, views, engine=reasoner if justify else f"{reasoner}, no records")
    cached = {v.output: c for v in views if (c := read_closure(project, v, keys[v.output])) is not None}
    missing = [v for v in views if v.output not in cached]
    computed = _compute(loaded, missing, reasoner, justify) if missing else []
    warned: set[str] = set()
    for view, result in zip(missing, computed):
        if isinstance(result, str):
            problem = f"{result} [{_asserted_in(loaded, view, iris_in(result))}]"
            if view.output in (SCHEMA_OUTPUT, ACCEPTED_OUTPUT):
                raise InconsistencyError(problem)
            # One article contradicting the ontology is a finding about that article; the
            # consensus and the other articles still get their closure. The note stays in the
            # snapshot, so that `check` and every answer from that article's view report it.
            result = ViewClosure.left_out(view.output, f"the article's own view is inconsistent: {problem}")
        _keep(say, write_closure, project, result, keys[view.output], warned=warned)
        cached[view.output] = result
    ordered = [cached[v.output] for v in views]
    by_view = {c.view: c for c in ordered}
    articles = [c for c in ordered if c.view not in (SCHEMA_OUTPUT, ACCEPTED_OUTPUT)]
    detail.append(f"schema {by_view[SCHEMA_OUTPUT].kept}, accepted view {by_view[ACCEPTED_OUTPUT].kept} "
                  f"(+{by_view[SCHEMA_OUTPUT].dropped + by_view[ACCEPTED_OUTPUT].dropped} noise dropped, {reasoner})")
    detail.append(f"{len(articles)} article views {sum(c.kept for c in articles)}")
    detail.append(f"{len(views) - len(missing)} of {len(views)} views from the cache")
    detail.extend(f"{c.view.rsplit('/', 1)[1]} skipped: {c.note}" for c in articles if c.note)
    return ordered


# Forking a helper costs in proportion to the worker's size (its page tables, and the pages copied
# on write while both run), as closing the largest view does: a share under an eighth of the other
# (one article's view beside the accepted view) is closed sooner here than in a helper.
_HELPER_SHARE = 8


def _compute(loaded: Loaded, views: list[View], reasoner: str, justify: bool) -> list[ViewClosure | str]:
    """Each view's closure, or the contradiction it holds (as text). The views are shared between
    this process and a helper it forks, the largest first to whichever has less work: the
    schema's closure is made before the fork, so both use it. When the lighter share is too
    small to pay for the fork (after adding or editing one article), this process closes all."""
    engine = Reasoner(loaded, engine=reasoner)
    try:
        engine.closed_schema()
    except (InconsistencyError, UnsupportedConstruct):
        pass  # each view meets the error again, and reports it
    sizes = {v.output: sum(len(loaded.graphs.get(g, ())) for g in v.graphs) + 4 * len(v.entities) for v in views}
    halves: tuple[list[View], list[View]] = ([], [])
    loads = [0, 0]
    for view in sorted(views, key=lambda v: -sizes[v.output]):
        lighter = loads.index(min(loads))
        halves[lighter].append(view)
        loads[lighter] += sizes[view.output]

    def close_all(part: list[View]) -> dict[str, ViewClosure | str]:
        done: dict[str, ViewClosure | str] = {}
        for view in part:
            try:
                done[view.output] = engine.close(view, justify=justify)
            except InconsistencyError as exc:
                done[view.output] = str(exc)
        return done

    if halves[1] and loads[1] * _HELPER_SHARE >= loads[0]:
        results = in_two(partial(close_all, halves[0]), partial(close_all, halves[1]))
    else:
        results = [close_all([*halves[0], *halves[1]]), {}]
    merged = {**results[0], **results[1]}
    return [merged[v.output] for v in views]


def _asserted_in(loaded: Loaded, view: View, iris: list[str]) -> str:
    """Where the individuals named in a reasoner message are described, for the error message.

    Only the graphs ``view`` reads are named: an article's note is cached with its closure, on that
    view's own inputs, so a graph outside them must not change it."""
    read = {*SCHEMA_GRAPHS, *view.graphs}
    parts = []
    for iri in sorted(set(iris)):
        number = loaded.terms.ids.get(ox.NamedNode(iri), -1)
        graphs = {name for name in read if number in loaded.subjects_in(name)}
        if iri in view.entities and number in loaded.subjects_in(ENTITIES):
            graphs.add(ENTITIES)
        if graphs and not iri.startswith(SKG):
            parts.append(f"<{iri}> is described in graphs {', '.join(sorted(g.rsplit('/', 1)[1] for g in graphs))}")
    return "; ".join(parts) or "no data graph describes the terms involved"
