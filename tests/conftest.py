"""Shared fixtures: a private copy of the real project, built once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import settings
from rdflib import Dataset
from replay import Canary, Replay, SparqlReplay
from stores import Gateway, OxigraphServer

from spacekg.reasoning.engines import Engine
from spacekg.reasoning.records import Justification, decode
from spacekg.sources.project import Project
from spacekg.store.build import BuildReport, build
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.snapshot import current_justifications, current_snapshot

# CI draws the same examples on every run, so that it fails only for a change; a run without
# HYPOTHESIS_PROFILE draws new ones, which is how the property tests keep finding cases.
# No example has a deadline: a loaded machine slows some past Hypothesis's 200 ms, which is a
# fact about the machine, not the code (timing is measured in benchmarks/, not in tests).
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("default", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]


AS_OF = date(2026, 11, 21)


def copy_project(target: Path, *, cache_from: Project | None = None) -> Project:
    """Copy the project's inputs to ``target``, and the closures cached by ``cache_from`` if given."""
    for name in ("ontology", "data", "queries"):
        shutil.copytree(REPO / name, target / name)
    copied = Project(target)
    if cache_from is not None:
        shutil.copytree(cache_from.cache_dir / "closures", copied.cache_dir / "closures")
    return copied


def store_quads(store_dir: Path) -> list[ox.Quad]:
    """An on-disk store's named-graph quads, sorted, having checked that its default graph is their
    merge (each triple once)."""
    quads = list(ox.Store.read_only(str(store_dir)).quads_for_pattern(None, None, None, None))
    named = [q for q in quads if isinstance(q.graph_name, ox.NamedNode)]
    default = [q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    assert len(default) == len(set(default)) and set(default) == {q.triple for q in named}
    return sorted(named, key=str)


@pytest.fixture(scope="session")
def as_of() -> date:
    """The evaluation date of every test build, so that plan statuses do not change with the calendar."""
    return AS_OF


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    built = copy_project(tmp_path_factory.mktemp("kg"))
    build(built, as_of=AS_OF)
    return built


@pytest.fixture(scope="session")
def owlrl_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildReport, list[str]]:
    """The project built from nothing with the reference engine (owlrl), and its progress lines with
    a heartbeat of 0.2 s. Built once: owlrl takes seconds per view, which the engine comparison
    needs and which give the heartbeat its chances to beat."""
    lines: list[str] = []
    report = build(copy_project(tmp_path_factory.mktemp("owlrl")), as_of=AS_OF, force=True,
                   reasoner=Engine.OWLRL.value, progress=lines.append, heartbeat=0.2)
    return report, lines


@pytest.fixture(scope="session")
def nquads(project: Project) -> bytes:
    return current_snapshot(project, as_of=AS_OF).nquads


@pytest.fixture(scope="session")
def kg(nquads: bytes) -> KnowledgeGraph:
    return KnowledgeGraph.from_nquads(nquads)


@pytest.fixture(scope="session")
def justifications(project: Project) -> list[Justification]:
    """The justification records of the session's build."""
    return list(decode(current_justifications(project, as_of=AS_OF)))


@pytest.fixture(scope="session")
def reference(nquads: bytes) -> Dataset:
    """The built graph in rdflib, the reference engine."""
    dataset = Dataset(default_union=True)
    dataset.parse(data=nquads, format="nquads")
    return dataset


@pytest.fixture
def scratch_project(tmp_path: Path, project: Project) -> Project:
    """A fresh copy of the project that a test may modify; it starts with the reasoner's cache."""
    return copy_project(tmp_path, cache_from=project)



# --- A local replay of the Wikidata API (the live service is never reached from tests) ---


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every request straight to 127.0.0.1, never through a configured proxy."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


@pytest.fixture
def server(no_proxy: None) -> Iterator[Replay]:
    replay = Replay()
    replay.thread.start()
    yield replay
    replay.release.set()
    replay.server.shutdown()
    replay.server.server_close()




@pytest.fixture
def wdqs(no_proxy: None) -> Iterator[SparqlReplay]:
    """A local stand-in for the Wikidata Query Service that replays a recorded answer."""
    replay = SparqlReplay(Path(__file__).resolve().parent / "data" / "wikidata" / "wdqs_countries.json")
    replay.thread.start()
    yield replay
    replay.server.shutdown()
    replay.server.server_close()


@pytest.fixture
def canary(no_proxy: None) -> Iterator[Canary]:
    """An HTTP server on 127.0.0.1 that counts the connections made to it."""
    server = Canary()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


# --- Real triple stores: `oxigraph serve` on a free loopback port, and a gateway in front of it ---


@pytest.fixture
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A fresh, empty Oxigraph server whose default graph is its own (not the union)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db")
    yield server
    server.stop()


@pytest.fixture
def gateway(oxigraph: OxigraphServer) -> Iterator[Gateway]:
    front = Gateway(oxigraph)
    yield front
    front.close()
