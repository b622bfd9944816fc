"""The build cache: reused when nothing changed, rebuilt when anything did, never trusted when corrupt."""

from __future__ import annotations

from spacekg.build import build
from spacekg.project import Project
from spacekg.snapshot import current_snapshot, input_hash, read_snapshot, snapshot_path


def test_second_build_uses_the_cache(scratch_project: Project):
    first = build(scratch_project)
    second = build(scratch_project)
    assert (first.cached, second.cached) == (False, True)
    assert first.snapshot.nquads == second.snapshot.nquads


def test_any_input_change_rebuilds(scratch_project: Project):
    before = build(scratch_project).snapshot
    entities = scratch_project.data_dir / "entities.ttl"
    entities.write_text(entities.read_text() + '\nd:china skos:altLabel "Zhongguo"@en .\n')
    assert read_snapshot(scratch_project, input_hash(scratch_project)) is None
    after = current_snapshot(scratch_project)
    assert after.input_hash != before.input_hash
    assert b'"Zhongguo"@en' in after.nquads


def test_an_edited_article_rebuilds_and_is_checked(scratch_project: Project):
    build(scratch_project)
    article = scratch_project.articles_dir / "a001.txt"
    article.write_text(article.read_text() + "\n")
    assert read_snapshot(scratch_project, input_hash(scratch_project)) is None


def test_corrupt_cache_is_detected_and_rebuilt(scratch_project: Project):
    good = build(scratch_project).snapshot
    path = snapshot_path(scratch_project)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x20
    path.write_bytes(bytes(data))
    assert read_snapshot(scratch_project, good.input_hash) is None
    assert current_snapshot(scratch_project).nquads == good.nquads


def test_truncated_cache_is_detected(scratch_project: Project):
    good = build(scratch_project).snapshot
    path = snapshot_path(scratch_project)
    path.write_bytes(path.read_bytes()[:1000])
    assert read_snapshot(scratch_project, good.input_hash) is None


def test_cache_write_leaves_no_temporary_files(scratch_project: Project):
    build(scratch_project)
    assert [p.name for p in snapshot_path(scratch_project).parent.iterdir()] == ["snapshot.nq"]
