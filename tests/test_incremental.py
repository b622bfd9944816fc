"""The incremental build: adding or editing one article closes that article's view again (and the
accepted view, which unites every article), reads every other view's closure from its cache, and
runs the rules again; the result is byte for byte what a build from nothing gives.

The article is The Independent's (a002), added with the curation commands to a project that holds
the other two articles and has been built.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import copy_project, store_quads
from curation_project import REPO, readd_articles, run

from spacekg.reasoning.closure import Reasoner
from spacekg.reasoning.views import View, accepted_view, article_views
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.engine import INFERRED_PREFIX

pytestmark = pytest.mark.slow
AS_OF = date(2026, 11, 21)
_FROM_CACHE = re.compile(r"(\d+) of (\d+) views from the cache")


def without_a002(target: Path) -> Project:
    for name in ("ontology", "queries", "data"):
        shutil.copytree(REPO / name, target / name)
    (target / "data" / "articles" / "a002.txt").unlink()
    (target / "data" / "facts" / "a002.trig").unlink()
    sources = target / "data" / "sources.ttl"
    text, count = re.subn(r"\nsrc:a002 a skg:SourceDocument ;.*?\.\n", "\n", sources.read_text(), flags=re.S)
    assert count == 1
    sources.write_text(text)
    return Project(target)


def built(project: Project) -> tuple[str, bytes]:
    """Build ``project`` with the CLI; its progress on stderr and its snapshot."""
    result = run(project, "build", "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    return result.stderr, build(project, as_of=AS_OF).snapshot.nquads


def from_scratch(project: Project, target: Path) -> bytes:
    """The snapshot a build of a copy of ``project`` without any cache gives."""
    shutil.copytree(project.root, target, ignore=shutil.ignore_patterns(".spacekg"))
    return built(Project(target))[1]


def views_from_cache(progress: str) -> tuple[int, int]:
    reason = [line for line in progress.splitlines() if line.startswith("reason:")]
    assert reason, progress
    match = _FROM_CACHE.search(reason[-1])
    assert match, reason[-1]
    return int(match[1]), int(match[2])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    kg = without_a002(tmp_path_factory.mktemp("incremental") / "kg")
    progress, _ = built(kg)
    assert views_from_cache(progress)[0] == 0  # schema, accepted view, a000, a001: all closed
    return kg


def test_adding_an_article_closes_only_its_view_and_the_accepted_view(project, tmp_path):
    readd_articles.replay(project, "a002")
    progress, snapshot = built(project)
    # schema, a000 and a001 from the cache; a002 and the accepted view closed
    assert views_from_cache(progress) == (3, 5)
    assert any(line.startswith("rules: ") for line in progress.splitlines())
    assert snapshot == from_scratch(project, tmp_path / "scratch")


def test_editing_an_article_closes_only_its_view_and_the_accepted_view(project, tmp_path):
    added = run(project, "article", "fact", "a001", "L5.1", "thing", "--entity", "d:queqiao",
                "--description", "a communications satellite")
    assert added.exit_code == 0, added.output
    progress, snapshot = built(project)
    from_cache, views = views_from_cache(progress)
    assert views - from_cache == 2  # a001 and the accepted view
    assert snapshot == from_scratch(project, tmp_path / "scratch")


def test_a_new_evaluation_date_reads_every_closure_from_the_cache(project):
    result = run(project, "build", "--as-of", "2027-01-01")
    assert result.exit_code == 0, result.output
    from_cache, views = views_from_cache(result.stderr)
    assert from_cache == views


def test_adding_an_article_patches_the_last_store_to_hold_exactly_the_new_snapshot(tmp_path, monkeypatch):
    from spacekg.store import snapshot

    monkeypatch.setattr(snapshot, "IN_MEMORY_QUADS", 0)  # every build writes its on-disk store
    kg = without_a002(tmp_path / "kg")
    built(kg)
    before = build(kg, as_of=AS_OF).build
    readd_articles.replay(kg, "a002")
    _, body = built(kg)
    after = build(kg, as_of=AS_OF).build
    assert before is not None and after is not None and after.has_store
    linked = {p.stat().st_ino for p in before.store_dir.glob("*.sst")}
    assert linked & {p.stat().st_ino for p in after.store_dir.glob("*.sst")}  # a patched copy
    assert store_quads(after.store_dir) == sorted(ox.parse(body, format=ox.RdfFormat.N_QUADS), key=str)
    assert body == from_scratch(kg, tmp_path / "scratch")


def _insert_after(path: Path, anchor: str, line: str) -> None:
    text = path.read_text()
    assert anchor in text
    path.write_text(text.replace(anchor, f"{anchor}\n    {line}", 1))


@pytest.mark.parametrize("elsewhere", [
    ("data/facts/a002.trig", "g:a002-L31.1 {", "d:queqiao skg:relaysFor d:change-4 ."),
    ("data/background.trig", "g:curation {", "d:queqiao skg:relaysFor d:change-4-lander ."),
])
def test_an_inconsistent_articles_note_names_only_graphs_of_its_own_view(tmp_path, elsewhere):
    """The note on an article whose own view is inconsistent is cached with that view's closure, on
    the view's inputs: describing the same individual in a graph outside the view changes neither."""
    kg = copy_project(tmp_path / "kg")
    # L5.2 is an expectation, outside the accepted view: only a001's own view is inconsistent.
    _insert_after(kg.root / "data" / "facts" / "a001.trig", "g:a001-L5.2 {", "d:queqiao a skg:OrbitInsertion , skg:Flyby .")
    built(kg)
    path, anchor, line = elsewhere
    _insert_after(kg.root / path, anchor, line)
    _, snapshot = built(kg)
    assert b"own view is inconsistent" in snapshot
    assert snapshot == from_scratch(kg, tmp_path / "scratch")


@pytest.mark.parametrize(("kept", "removed"), [
    ("1", '"01"^^xsd:integer'),
    ('"01"^^xsd:integer', "1"),
    ("1.0", '"1.00"^^xsd:decimal'),
    ("true", '"1"^^xsd:boolean'),
])
def test_a_patched_store_keeps_a_literal_whose_other_lexical_form_was_removed(tmp_path, monkeypatch, kept, removed):
    """The store holds one quad for two lines whose literals differ only in lexical form: removing
    one line must leave that quad for the other."""
    from spacekg.store import snapshot

    monkeypatch.setattr(snapshot, "IN_MEMORY_QUADS", 0)  # every build writes its on-disk store
    kg = copy_project(tmp_path / "kg")
    facts = kg.root / "data" / "facts" / "a001.trig"
    original = facts.read_text()
    _insert_after(facts, "g:a001-L5.1 {", f"d:queqiao skg:ordinalRank {kept} , {removed} .")
    built(kg)
    facts.write_text(original)
    _insert_after(facts, "g:a001-L5.1 {", f"d:queqiao skg:ordinalRank {kept} .")
    _, body = built(kg)
    after = build(kg, as_of=AS_OF).build
    assert after is not None and after.has_store
    loaded = ox.Store()  # holds each literal in the canonical form the on-disk store holds it in
    loaded.extend(ox.parse(body, format=ox.RdfFormat.N_QUADS))
    assert store_quads(after.store_dir) == sorted(loaded, key=str)


def _closed_as_a_build_closes(project: Project, views: list, monkeypatch) -> tuple[list, int]:
    """``views`` closed by the build's reasoning stage, and how many helper processes it forked."""
    from spacekg.store import build as building
    from spacekg.store.limits import in_two

    forks = []

    def counted(first, second):
        forks.append(second)
        return in_two(first, second)

    monkeypatch.setattr(building, "in_two", counted)
    return building._compute(load_project(project), views, "fast", True), len(forks)


@pytest.mark.parametrize(("beside_the_accepted_view", "helpers"), [
    ("one sentence", 0),  # what adding or editing a short article closes: not worth a fork
    ("every article", 1),
])
def test_the_reasoning_helper_is_forked_only_for_a_share_worth_it(project, monkeypatch, beside_the_accepted_view,
                                                                  helpers):
    loaded = load_project(project)
    articles = article_views(loaded)
    if beside_the_accepted_view == "one sentence":
        articles = [View(INFERRED_PREFIX + "one-sentence", articles[0].graphs[:1])]
    views = [accepted_view(loaded), *articles]
    results, forked = _closed_as_a_build_closes(project, views, monkeypatch)
    assert forked == helpers
    alone = Reasoner(load_project(project))
    assert [(r.nquads, r.records) for r in results] == [(c.nquads, c.records) for c in map(alone.close, views)]
