"""Shared fixtures: a private copy of the real project, built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset

from spacekg.build import build
from spacekg.engine import KnowledgeGraph
from spacekg.project import Project
from spacekg.snapshot import current_snapshot

REPO = Path(__file__).resolve().parents[1]


def copy_project(target: Path) -> Project:
    """Copy the project's inputs (not its cache) to ``target``."""
    for name in ("ontology", "data", "queries"):
        shutil.copytree(REPO / name, target / name)
    return Project(target)


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    built = copy_project(tmp_path_factory.mktemp("kg"))
    build(built)
    return built


@pytest.fixture(scope="session")
def nquads(project: Project) -> bytes:
    return current_snapshot(project).nquads


@pytest.fixture(scope="session")
def kg(nquads: bytes) -> KnowledgeGraph:
    return KnowledgeGraph.from_nquads(nquads)


@pytest.fixture(scope="session")
def reference(nquads: bytes) -> Dataset:
    """The built graph in rdflib, the reference engine."""
    dataset = Dataset(default_union=True)
    dataset.parse(data=nquads, format="nquads")
    return dataset


@pytest.fixture
def scratch_project(tmp_path: Path) -> Project:
    """A fresh copy of the project that a test may modify."""
    return copy_project(tmp_path)
