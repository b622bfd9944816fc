"""The build cache: reused when nothing changed, rebuilt when anything did, never trusted when corrupt."""

from __future__ import annotations

from datetime import date

from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.snapshot import cache_path, current_snapshot, read_snapshot, snapshot_key, snapshot_path


def test_second_build_uses_the_cache(scratch_project: Project, as_of: date):
    first = build(scratch_project, as_of=as_of)
    second = build(scratch_project, as_of=as_of)
    assert (first.cached, second.cached) == (False, True)
    assert first.snapshot.nquads == second.snapshot.nquads


def test_any_input_change_rebuilds(scratch_project: Project, as_of: date):
    before = build(scratch_project, as_of=as_of).snapshot
    entities = scratch_project.data_dir / "entities.ttl"
    entities.write_text(entities.read_text() + '\nd:china skos:altLabel "Zhongguo"@en .\n')
    assert read_snapshot(scratch_project, snapshot_key(scratch_project, as_of)) is None
    after = current_snapshot(scratch_project, as_of=as_of)
    assert after.input_hash != before.input_hash
    assert b'"Zhongguo"@en' in after.nquads


def test_an_edited_article_invalidates_the_cache(scratch_project: Project, as_of: date):
    build(scratch_project, as_of=as_of)
    article = scratch_project.articles_dir / "a001.txt"
    article.write_text(article.read_text() + "\n")
    assert read_snapshot(scratch_project, snapshot_key(scratch_project, as_of)) is None


def test_a_new_evaluation_date_reuses_the_closure(scratch_project: Project, as_of: date):
    report = build(scratch_project, as_of=date(2017, 1, 1))
    reason = next(s for s in report.stages if s.name == "reason")
    assert "from the cache" in reason.detail
    assert b'<https://w3id.org/spacekg/ontology#Pending> <https://w3id.org/spacekg/graph/inferred/rules>' in report.snapshot.nquads


def test_corrupt_cache_is_detected_and_rebuilt(scratch_project: Project, as_of: date):
    good = build(scratch_project, as_of=as_of).snapshot
    path = snapshot_path(scratch_project)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x20
    path.write_bytes(bytes(data))
    assert read_snapshot(scratch_project, good.input_hash) is None
    assert current_snapshot(scratch_project, as_of=as_of).nquads == good.nquads


def test_corrupt_closure_cache_is_recomputed(scratch_project: Project, as_of: date):
    closure = cache_path(scratch_project, "closures/a001")
    good = closure.read_bytes()
    closure.write_bytes(good[:-50])
    report = build(scratch_project, as_of=as_of)
    reason = next(s for s in report.stages if s.name == "reason")
    assert "4 of 5 views from the cache" in reason.detail
    assert closure.read_bytes() == good


def test_truncated_cache_is_detected(scratch_project: Project, as_of: date):
    good = build(scratch_project, as_of=as_of).snapshot
    path = snapshot_path(scratch_project)
    path.write_bytes(path.read_bytes()[:1000])
    assert read_snapshot(scratch_project, good.input_hash) is None


def test_cache_writes_leave_no_temporary_files(scratch_project: Project, as_of: date):
    build(scratch_project, as_of=as_of)
    cache = snapshot_path(scratch_project).parent
    assert sorted(p.name for p in cache.iterdir()) == ["closures", "justifications.txt", "snapshot.nq"]
    assert sorted(p.name for p in (cache / "closures").iterdir()) == [
        "a000.nq", "a001.nq", "a002.nq", "owl.nq", "schema.nq"]
