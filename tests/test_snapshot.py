"""The build cache: reused when nothing changed, rebuilt when anything did, never trusted when damaged,
checked by file stats on every command and by content at every build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import store_quads
from hypothesis import given, settings
from hypothesis import strategies as st

from spacekg.errors import ExitCode
from spacekg.formats.canonical import merge_sorted
from spacekg.formats.export import ExportFormat, export, quad_order
from spacekg.reasoning.records import Justification, decode, encode
from spacekg.sources.project import Project
from spacekg.store import snapshot
from spacekg.store.build import build
from spacekg.store.snapshot import (
    KEEP_BUILDS,
    builds_dir,
    cache_path,
    current_build,
    current_snapshot,
    find_build,
    input_hash,
    snapshot_key,
)


@pytest.fixture
def with_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds write their on-disk store, as builds larger than the shipped graph do."""
    monkeypatch.setattr(snapshot, "IN_MEMORY_QUADS", 0)


def test_second_build_uses_the_cache(scratch_project: Project, as_of: date):
    first = build(scratch_project, as_of=as_of)
    second = build(scratch_project, as_of=as_of)
    assert (first.cached, second.cached) == (False, True)
    assert first.snapshot.nquads == second.snapshot.nquads


@pytest.mark.slow
def test_a_small_build_keeps_its_snapshot_only_and_a_large_one_its_store(scratch_project: Project, as_of: date,
                                                                        monkeypatch: pytest.MonkeyPatch):
    small = build(scratch_project, as_of=as_of).build
    assert small is not None and not small.has_store and not small.store_dir.exists()
    monkeypatch.setattr(snapshot, "IN_MEMORY_QUADS", small.quads - 1)
    large = build(scratch_project, as_of=as_of, force=True).build
    assert large is not None and large.has_store and (large.store_dir / "spacekg-complete").is_file()
    assert find_build(scratch_project, large.key) == large


@pytest.mark.slow
def test_any_input_change_rebuilds(scratch_project: Project, as_of: date):
    before = build(scratch_project, as_of=as_of).snapshot
    entities = scratch_project.data_dir / "entities.ttl"
    entities.write_text(entities.read_text() + '\nd:china skos:altLabel "Zhongguo"@en .\n')
    assert find_build(scratch_project, snapshot_key(scratch_project, as_of)) is None
    after = current_snapshot(scratch_project, as_of=as_of)
    assert after.input_hash != before.input_hash
    assert b'"Zhongguo"@en' in after.nquads


def test_an_edited_article_invalidates_the_cache(scratch_project: Project, as_of: date):
    build(scratch_project, as_of=as_of)
    article = scratch_project.articles_dir / "a001.txt"
    article.write_text(article.read_text() + "\n")
    assert find_build(scratch_project, snapshot_key(scratch_project, as_of)) is None


def test_a_same_size_edit_right_after_the_record_is_seen(scratch_project: Project, as_of: date):
    """A file changed within the timestamp granularity of the stats record (same size, and an
    mtime the record cannot tell apart) is hashed again instead of trusted."""
    article = scratch_project.articles_dir / "a002.txt"
    article.write_text(article.read_text() + " ")
    first = input_hash(scratch_project)  # recorded right after that edit
    stat = article.stat()
    article.write_text(article.read_text().replace("the", "teh", 1))
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert article.stat().st_size == stat.st_size
    assert input_hash(scratch_project) != first


def _record_settled(project: Project) -> str:
    """Record the inputs' stats as if long after the files were written; return the hash."""
    digest = input_hash(project)
    record_path = project.cache_dir / "inputs.json"
    record = json.loads(record_path.read_text())
    record["written_ns"] += 10**10
    record_path.write_text(json.dumps(record))
    return digest


def test_an_unchanged_project_is_checked_by_stats_alone(scratch_project: Project, monkeypatch: pytest.MonkeyPatch):
    digest = _record_settled(scratch_project)

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged project was listed or hashed")

    monkeypatch.setattr(snapshot, "_content_hash", forbidden)
    monkeypatch.setattr(Project, "input_paths", forbidden)
    assert input_hash(scratch_project) == digest


def test_a_file_beside_the_inputs_costs_a_listing_not_a_hash(scratch_project: Project, monkeypatch: pytest.MonkeyPatch):
    digest = _record_settled(scratch_project)
    (scratch_project.data_dir / ".entities.ttl.swp").write_text("an editor's swap file")
    monkeypatch.setattr(snapshot, "_content_hash", lambda *a, **k: pytest.fail("unchanged inputs were hashed"))
    assert input_hash(scratch_project) == digest


def _edit_keeping_size_and_mtime(path: Path) -> None:
    stat = path.stat()
    path.write_text(path.read_text().replace("the", "teh", 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size


def _add(folder: str, name: str) -> Callable[[Project], None]:
    def change(project: Project) -> None:
        source = next(p for p in sorted((project.root / folder).iterdir()) if p.suffix == Path(name).suffix)
        (project.root / folder / name).write_bytes(source.read_bytes().replace(b"the", b"teh", 1))
    return change


def _first(folder: str, suffix: str) -> Callable[[Project], Path]:
    return lambda project: next(p for p in sorted((project.root / folder).iterdir()) if p.suffix == suffix)


CHANGES: dict[str, Callable[[Project], object]] = {
    "an article edited, size and mtime kept": lambda p: _edit_keeping_size_and_mtime(_first("data/articles", ".txt")(p)),
    "a data file edited, size and mtime kept": lambda p: _edit_keeping_size_and_mtime(p.data_dir / "entities.ttl"),
    "a rule edited, size and mtime kept": lambda p: _edit_keeping_size_and_mtime(_first("ontology/rules", ".rq")(p)),
    "an article added": _add("data/articles", "zz-new.txt"),
    "a rule added": _add("ontology/rules", "99-new.rq"),
    "a data file added": _add("data", "zz-new.ttl"),
    "an article removed": lambda p: _first("data/articles", ".txt")(p).unlink(),
    "an article renamed": lambda p: _first("data/articles", ".txt")(p).rename(p.articles_dir / "zz-renamed.txt"),
    "an article replaced by a link to another": lambda p: _link_to_another(p.articles_dir),
}


def _link_to_another(folder: Path) -> None:
    first, *_, last = sorted(folder.iterdir())
    last.unlink()
    last.symlink_to(first.name)


@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_input_change_is_seen_by_the_stats_check(scratch_project: Project, change: str):
    """However an input changes (in place with its size and mtime kept, added, removed, renamed,
    linked), the stats check sees it, even when the record is long settled."""
    digest = _record_settled(scratch_project)
    CHANGES[change](scratch_project)
    assert input_hash(scratch_project) != digest
    assert input_hash(scratch_project) == input_hash(scratch_project, verify=True)


def test_a_new_evaluation_date_reuses_the_closure(scratch_project: Project, as_of: date):
    report = build(scratch_project, as_of=date(2017, 1, 1))
    reason = next(s for s in report.stages if s.name == "reason")
    assert "from the cache" in reason.detail
    assert b'<https://w3id.org/spacekg/ontology#Pending> <https://w3id.org/spacekg/graph/inferred/rules>' in report.snapshot.nquads


@pytest.mark.slow
def test_builds_for_several_dates_are_kept_and_the_oldest_pruned(scratch_project: Project, as_of: date):
    days = [as_of - timedelta(days=n) for n in range(KEEP_BUILDS + 2)]
    for day in days:
        assert not build(scratch_project, as_of=day).cached
    kept = sorted(p.name[:10] for p in builds_dir(scratch_project).iterdir())
    assert kept == sorted(d.isoformat() for d in days[-KEEP_BUILDS:])
    # switching back to a kept date costs no build
    assert build(scratch_project, as_of=days[-1]).cached
    # using a build makes it recent: it survives the next pruning
    current_build(scratch_project, as_of=days[-KEEP_BUILDS])
    build(scratch_project, as_of=as_of + timedelta(days=1))
    kept = {p.name[:10] for p in builds_dir(scratch_project).iterdir()}
    assert days[-KEEP_BUILDS].isoformat() in kept and days[-KEEP_BUILDS + 1].isoformat() not in kept


@pytest.mark.slow
def test_corrupt_snapshot_is_detected_and_rebuilt(scratch_project: Project, as_of: date):
    good = build(scratch_project, as_of=as_of)
    assert good.build is not None
    expected = good.snapshot.nquads
    path = good.build.snapshot_file
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x20
    path.write_bytes(bytes(data))
    assert find_build(scratch_project, good.key) is None
    assert current_snapshot(scratch_project, as_of=as_of).nquads == expected


@pytest.mark.slow
@pytest.mark.parametrize("name", ["snapshot.nq", "justifications.bin"])
def test_a_cache_file_edited_in_place_with_its_old_times_is_not_trusted(scratch_project: Project, as_of: date,
                                                                         name: str):
    good = build(scratch_project, as_of=as_of)
    assert good.build is not None
    expected = good.snapshot.nquads
    path = good.build.directory / name
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    with path.open("r+b") as out:  # the same file, the same size
        out.write(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert find_build(scratch_project, good.key) is None  # its change time tells
    again = build(scratch_project, as_of=as_of)
    assert not again.cached and again.snapshot.nquads == expected


def _quad(s: str, o: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"urn:{s}"), ox.NamedNode("urn:p"), ox.Literal(o), ox.NamedNode("urn:g"))


_RECORDS = encode([Justification("rule-a", (_quad("x", "é"),), (_quad("y", "1"), _quad("z", "2"))),
                   Justification("rule-b", (_quad("w", "3"),), (_quad("x", "é"),))]) * 2


@pytest.mark.slow
def test_a_copied_project_uses_its_copied_cache_once_its_content_is_verified(scratch_project: Project, as_of: date,
                                                                             tmp_path: Path):
    import shutil

    good = build(scratch_project, as_of=as_of)
    assert good.build is not None
    copy = Project(tmp_path / "copy")
    shutil.copytree(scratch_project.root, copy.root)  # new inodes and change times, the same modification times
    found = find_build(copy, good.key)
    assert found is not None
    record = json.loads((found.directory / "build.json").read_text())
    info = (found.directory / "snapshot.nq").stat()
    assert record["snapshot_stat"] == [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
    again = build(copy, as_of=as_of)
    assert again.cached and again.snapshot.nquads == good.snapshot.nquads


@given(at=st.integers(0, 10**9), flip=st.integers(1, 255))
@settings(max_examples=200, deadline=None)
def test_damaged_justification_records_are_a_value_error_never_another(at: int, flip: int):
    data = bytearray(_RECORDS)
    data[at % len(data)] ^= flip
    try:
        list(decode(bytes(data)))
    except ValueError as exc:
        assert str(exc).startswith("the justification records are damaged")


@pytest.mark.slow
def test_a_store_without_its_completion_mark_is_rebuilt(scratch_project: Project, as_of: date, with_store: None):
    good = build(scratch_project, as_of=as_of)
    assert good.build is not None
    (good.build.store_dir / "spacekg-complete").unlink()
    assert find_build(scratch_project, good.key) is None
    assert current_build(scratch_project, as_of=as_of).store_dir.is_dir()


@pytest.mark.slow
def test_corrupt_closure_cache_is_recomputed(scratch_project: Project, as_of: date):
    closure = cache_path(scratch_project, "closures/a001")
    good = closure.read_bytes()
    closure.write_bytes(good[:-50])
    report = build(scratch_project, as_of=as_of)
    reason = next(s for s in report.stages if s.name == "reason")
    assert "4 of 5 views from the cache" in reason.detail
    assert closure.read_bytes() == good


@pytest.mark.slow
def test_cache_writes_leave_no_temporary_files(scratch_project: Project, as_of: date, with_store: None):
    report = build(scratch_project, as_of=as_of)
    assert report.build is not None
    # The lock files stay, as lock files do: a process that holds one must not see it replaced.
    assert sorted(p.name for p in scratch_project.cache_dir.iterdir()) == [
        "build.lock", "builds", "closures", "edit.lock", "inputs.json", "load.bin"]
    assert sorted(p.name for p in (scratch_project.cache_dir / "closures").iterdir()) == [
        "a000.nq", "a001.nq", "a002.nq", "owl.nq", "schema.nq"]
    assert [p.name for p in builds_dir(scratch_project).iterdir()] == [report.build.directory.name]
    assert sorted(p.name for p in report.build.directory.iterdir()) == [
        "build.json", "justifications.bin", "snapshot.nq", "store"]


@pytest.mark.slow
def test_the_store_holds_the_snapshot_with_its_blank_node_labels(scratch_project: Project, as_of: date,
                                                                  with_store: None):
    built = current_build(scratch_project, as_of=as_of)
    assert built.has_store
    in_store = store_quads(built.store_dir)
    in_snapshot = sorted(ox.parse(built.nquads(), format=ox.RdfFormat.N_QUADS), key=str)
    assert in_store == in_snapshot
    assert any(isinstance(q.subject, ox.BlankNode) for q in in_snapshot)


@pytest.mark.slow
def test_building_starts_no_thread_in_the_calling_process(scratch_project: Project, as_of: date):
    """Queries fork workers; a process with threads (RocksDB starts many) must not fork.

    Counted in a fresh interpreter: threads left by other tests in this process would blur the count."""
    probe = (
        "import os, sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from spacekg.sources.project import Project\n"
        "from spacekg.store import snapshot\n"
        "from spacekg.store.build import build\n"
        "snapshot.IN_MEMORY_QUADS = 0\n"
        "project = Project(Path(sys.argv[1]))\n"
        "before = len(os.listdir('/proc/self/task'))\n"
        "build(project, as_of=date.fromisoformat(sys.argv[2]), force=True)\n"
        "print(before, len(os.listdir('/proc/self/task')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(scratch_project.root), as_of.isoformat()],
                          capture_output=True, text=True, check=True)
    before, after = done.stdout.split()
    assert after == before


def _spacekg(project: Project, as_of: date, *args: str) -> list[str]:
    return [sys.executable, "-m", "spacekg", "--root", str(project.root), *args, "--as-of", as_of.isoformat()]


@pytest.mark.parametrize("command", [["build"], ["query", "plans", "-f", "csv"]])
def test_two_commands_that_find_the_cache_stale_at_once_build_it_once(scratch_project: Project, as_of: date,
                                                                      command: list[str]):
    runs = [subprocess.Popen(_spacekg(scratch_project, as_of, *command), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    building = [err for _, err in outputs if "load: " in err]
    assert len(building) == 1, [err for _, err in outputs]
    assert outputs[0][0] == outputs[1][0]


@pytest.mark.parametrize("force", [False, True])
def test_a_build_waits_for_another_build_of_its_project_then_does_what_is_left(scratch_project: Project,
                                                                               as_of: date, force: bool,
                                                                               monkeypatch: pytest.MonkeyPatch):
    import fcntl
    from contextlib import nullcontext

    from spacekg.store import build as building

    build(scratch_project, as_of=as_of)
    (scratch_project.data_dir / "entities.ttl").open("a").write("# edited\n")
    lock = scratch_project.cache_dir / "build.lock"
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = subprocess.Popen(_spacekg(scratch_project, as_of, "build", *(["--force"] if force else [])),
                                   stderr=subprocess.PIPE, text=True)
        assert waiting.stderr is not None
        first = waiting.stderr.readline()
        assert "waiting for another build of this project" in first
        assert waiting.poll() is None
        # This process is the other build, which holds the lock: it brings the cache up to date.
        monkeypatch.setattr(building, "_one_build_at_a_time", lambda *args: nullcontext(False))
        build(scratch_project, as_of=as_of, stale=True)
    rest = first + waiting.communicate(timeout=300)[1]
    assert waiting.returncode == 0, rest
    # A forced build builds again; another finds what the build it waited for wrote.
    assert ("load: " in rest) is force
    assert ("cache: up to date" in rest) is not force


def test_a_build_that_waits_past_its_time_limit_for_another_says_so(scratch_project: Project, as_of: date):
    import fcntl

    lock = scratch_project.cache_dir / "build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        done = subprocess.run(_spacekg(scratch_project, as_of, "build", "--timeout", "1"), capture_output=True,
                              text=True, timeout=120)
    assert done.returncode == ExitCode.LIMIT, done.stderr
    assert "another spacekg command has been building this project for over 1 s" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_snapshot_is_in_export_order_so_an_nquads_export_is_its_bytes(project: Project, as_of: date):
    body = current_build(project, as_of=as_of).nquads()
    quads = list(ox.parse(body, format=ox.RdfFormat.N_QUADS))
    assert quads == sorted(set(quads), key=quad_order)
    assert export(body, ExportFormat.NQUADS, in_order=True) == export(body, ExportFormat.NQUADS) == body


def test_after_a_file_beside_the_inputs_the_stats_check_is_fast_again(scratch_project: Project,
                                                                     monkeypatch: pytest.MonkeyPatch):
    digest = _record_settled(scratch_project)
    (scratch_project.data_dir / ".entities.ttl.swp").write_text("an editor's swap file")
    assert input_hash(scratch_project) == digest
    record_path = scratch_project.cache_dir / "inputs.json"
    record = json.loads(record_path.read_text())
    record["written_ns"] += 10**10
    record_path.write_text(json.dumps(record))
    monkeypatch.setattr(Project, "input_paths", lambda self: pytest.fail("the inputs were listed again"))
    assert input_hash(scratch_project) == digest


def test_the_key_covers_every_module_the_build_runs():
    """Every spacekg module a build imports shapes its result, except the limits it runs under,
    the error classes and the snapshot's own format (versioned apart): each is in the key."""
    code = "\n".join([
        "import sys",
        "import spacekg.store.build",
        "from spacekg.store.snapshot import _code_files",
        "loaded = {m.__file__ for n, m in sys.modules.items() if n.startswith('spacekg') and getattr(m, '__file__', None)}",
        "keyed = {str(p) for p in _code_files()}",
        "exempt = ('__init__.py', 'errors.py', 'limits.py', 'snapshot.py')",
        "print(sorted(f for f in loaded - keyed if not f.endswith(exempt)))",
    ])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_build_without_records_is_written_but_never_answers_a_query(scratch_project: Project, as_of: date,
                                                                      with_store: None):
    bare = build(scratch_project, as_of=as_of, justify=False)
    assert bare.build is not None and bare.build.has_store and not list(decode(bare.build.justifications()))
    assert find_build(scratch_project, snapshot_key(scratch_project, as_of)) is None
    full = build(scratch_project, as_of=as_of)
    assert not full.cached and full.build is not None and full.build.justifications()
    assert full.build.directory != bare.build.directory
    assert full.snapshot.nquads == bare.snapshot.nquads


def _body(lines: range, graph: str = "g") -> bytes:
    """N-Quads of one quad per number, a blank node among them, sorted as a snapshot is."""
    quads = [f'<http://e/s{n}> <http://e/p> "{n}" <http://e/{graph}> .\n' for n in lines]
    quads.append(f"_:c14n0 <http://e/p> <http://e/s{lines.start}> <http://e/{graph}> .\n")
    return "".join(sorted(quads)).encode()


def _store_quads(built: snapshot.Build) -> list[ox.Quad]:
    return store_quads(built.store_dir)


def _shares_files(a: snapshot.Build, b: snapshot.Build) -> bool:
    inodes = {p.stat().st_ino for p in a.store_dir.iterdir() if p.suffix == ".sst"}
    return any(p.stat().st_ino in inodes for p in b.store_dir.iterdir() if p.suffix == ".sst")


@pytest.mark.parametrize(("old", "new"), [
    (range(0, 400), range(0, 401)),  # a quad added
    (range(0, 400), range(1, 400)),  # a quad removed
    (range(0, 400), range(20, 420)),  # some removed, some added
])
def test_a_store_differing_little_from_the_last_is_a_patched_copy_of_it(tmp_path: Path, old: range, new: range):
    project = Project(tmp_path)
    base = snapshot.write_build(project, "a@2000-01-01", _body(old), graphs=1, store=True)
    body = _body(new)
    patched = snapshot.write_build(project, "b@2000-01-01", body, graphs=1, store=True)
    assert _store_quads(patched) == sorted(ox.parse(body, format=ox.RdfFormat.N_QUADS), key=str)
    assert _shares_files(base, patched)
    assert _store_quads(base) == sorted(ox.parse(_body(old), format=ox.RdfFormat.N_QUADS), key=str)
    assert sorted(p.name for p in patched.directory.iterdir()) == [
        "build.json", "justifications.bin", "snapshot.nq", "store"]


@pytest.mark.parametrize("used", [0, 1])
@pytest.mark.parametrize("later", [KEEP_BUILDS - 1, KEEP_BUILDS, KEEP_BUILDS + 2])
def test_a_build_in_use_outlives_the_prunes_of_later_builds_and_goes_at_the_first_after(tmp_path: Path, used: int,
                                                                                         later: int):
    project = Project(tmp_path)
    first = [snapshot.write_build(project, f"{n}@2000-01-01", _body(range(n, n + 3)), graphs=1, store=False)
             for n in range(2)]
    with snapshot.in_use(first[used]):
        for n in range(2, 2 + later):
            snapshot.write_build(project, f"{n}@2000-01-01", _body(range(n, n + 3)), graphs=1, store=False)
        assert first[used].nquads() == _body(range(used, used + 3))  # not found again: that would make it recent
        assert first[1 - used].directory.is_dir() == (later + 2 - (1 - used) <= KEEP_BUILDS)
    snapshot.write_build(project, "last@2000-01-01", _body(range(9, 12)), graphs=1, store=False)
    assert first[used].directory.is_dir() == (later + 3 - used <= KEEP_BUILDS)


def test_a_patched_stores_default_graph_keeps_a_triple_another_graph_still_holds(tmp_path: Path):
    project = Project(tmp_path)
    shared, alone = '<http://e/t> <http://e/p> "both"', '<http://e/u> <http://e/p> "one"'
    old = merge_sorted(_body(range(0, 400)) + f"{shared} <http://e/g> .\n{shared} <http://e/h> .\n{alone} <http://e/g> .\n"
                       .encode()).body
    new = merge_sorted(_body(range(0, 400)) + f"{shared} <http://e/h> .\n".encode()).body
    base = snapshot.write_build(project, "a@2000-01-01", old, graphs=2, store=True)
    patched = snapshot.write_build(project, "b@2000-01-01", new, graphs=2, store=True)
    assert _shares_files(base, patched)
    assert _store_quads(patched) == sorted(ox.parse(new, format=ox.RdfFormat.N_QUADS), key=str)


def test_a_store_differing_much_from_the_last_is_loaded_from_scratch(tmp_path: Path):
    project = Project(tmp_path)
    base = snapshot.write_build(project, "a@2000-01-01", _body(range(0, 400)), graphs=1, store=True)
    body = _body(range(0, 400), graph="other")
    fresh = snapshot.write_build(project, "b@2000-01-01", body, graphs=1, store=True)
    assert _store_quads(fresh) == sorted(ox.parse(body, format=ox.RdfFormat.N_QUADS), key=str)
    assert not _shares_files(base, fresh)


@pytest.mark.parametrize("damage", ["store files gone", "snapshot edited"])
def test_a_damaged_last_store_is_not_patched(tmp_path: Path, damage: str):
    import shutil

    project = Project(tmp_path)
    base = snapshot.write_build(project, "a@2000-01-01", _body(range(0, 400)), graphs=1, store=True)
    if damage == "store files gone":
        for path in base.store_dir.iterdir():
            if path.name != "spacekg-complete":
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    else:
        base.snapshot_file.write_bytes(base.snapshot_file.read_bytes().replace(b'"7"', b'"8"'))
    body = _body(range(0, 401))
    built = snapshot.write_build(project, "b@2000-01-01", body, graphs=1, store=True)
    assert _store_quads(built) == sorted(ox.parse(body, format=ox.RdfFormat.N_QUADS), key=str)


@pytest.mark.slow
def test_a_build_for_another_date_patches_the_last_store(scratch_project: Project, as_of: date, with_store: None):
    first = build(scratch_project, as_of=as_of).build
    second = build(scratch_project, as_of=as_of + timedelta(days=3650)).build
    assert first is not None and second is not None and first.key != second.key
    assert _shares_files(first, second)
    assert _store_quads(second) == sorted(ox.parse(second.nquads(), format=ox.RdfFormat.N_QUADS), key=str)


def test_a_written_build_reports_where_its_snapshot_is_not_its_bytes(scratch_project: Project, as_of: date):
    from spacekg.store import limits

    report = build(scratch_project, as_of=as_of, force=True)
    assert report.build is not None and report.body is None
    assert report.snapshot.nquads == report.build.snapshot_file.read_bytes()
    assert limits._KEPT == []  # the worker's state stayed in the worker


LINE_TERMS = {
    "subject": ["<http://e/s>", "_:c14n0"],
    "object": ["<http://e/o>", "_:c14n1", '"plain"', '"a b . c"', '"quote \\" <x> y"@en', '"1 2"^^<http://e/dt>',
               '""'],
    "graph": [None, "<http://e/g>", "<http://e/a>", "_:c14n2"],
}


@pytest.mark.parametrize("obj", LINE_TERMS["object"])
def test_the_merge_orders_graphs_as_exports_do_and_counts_named_graphs(obj: str):
    lines = [f"{s} <http://e/p> {obj}{'' if g is None else ' ' + g} .\n"
             for s in LINE_TERMS["subject"] for g in LINE_TERMS["graph"]]
    body, graphs, _ = merge_sorted("".join(lines[::2]).encode(), "".join(lines[1::2]).encode())
    quads = list(ox.parse(body, format=ox.RdfFormat.N_QUADS))
    assert quads == sorted(set(quads), key=quad_order) and len(quads) == len(lines)
    assert graphs == 3  # the default graph is no named graph


@pytest.mark.parametrize("failing", [1, 2])
def test_a_rebuild_that_fails_as_it_takes_its_keys_place_leaves_the_previous_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int):
    project = Project(tmp_path)
    before = snapshot.write_build(project, "a@2000-01-01", _body(range(0, 10)), graphs=1)
    kept = {p.name: p.read_bytes() for p in before.directory.iterdir()}
    replace, calls = os.replace, []

    def full_disk(source: str | Path, target: str | Path) -> None:  # the Nth rename of the write fails
        calls.append(source)
        if len(calls) == failing:
            raise OSError(28, "No space left on device")
        replace(source, target)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        snapshot.write_build(project, "a@2000-01-01", _body(range(5, 20)), graphs=1)
    assert {p.name: p.read_bytes() for p in before.directory.iterdir()} == kept
    assert [p.name for p in builds_dir(project).iterdir()] == [before.directory.name]


@pytest.mark.parametrize(("killed", "written"), [("closures/schema", "closures/schema"),
                                                 ("closures/a000", "closures/owl"),
                                                 ("closures/a.b-c", "closures/a000")])
def test_a_cache_file_a_kill_left_half_written_is_removed_by_the_next_write_into_its_directory(
        tmp_path: Path, killed: str, written: str):
    code = ("import os, signal, sys\n"
            "from pathlib import Path\n"
            "from spacekg.sources.project import Project\n"
            "from spacekg.store import snapshot\n"
            "os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # killed as it renames\n"
            "snapshot.write_cache(Project(Path(sys.argv[1])), sys.argv[2], 'k', b'body')\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), killed], capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    closures = cache_path(Project(tmp_path), killed).parent
    [left] = [p for p in closures.iterdir() if p.name.endswith(".tmp")]
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        in_flight = closures / f".{Path(killed).name}.nq.{alive.pid}.w0rk1n.tmp"
        in_flight.write_bytes(b"part")
        snapshot.write_cache(Project(tmp_path), written, "k", b"body")
        assert not left.exists() and in_flight.exists()
        assert [p.name for p in closures.iterdir() if not p.name.endswith(".tmp")] == [f"{Path(written).name}.nq"]
    finally:
        alive.kill()
        alive.wait()


@pytest.mark.parametrize("renames", [0, 1])
def test_what_a_build_killed_as_it_writes_left_is_removed_by_the_next_build(tmp_path: Path, renames: int):
    code = ("import os, signal, sys\n"
            "from pathlib import Path\n"
            "from spacekg.sources.project import Project\n"
            "from spacekg.store import snapshot\n"
            "real, done = os.replace, []\n"
            "def replace(*args):\n"
            f"    if len(done) == {renames}:\n"
            "        os.kill(os.getpid(), signal.SIGKILL)\n"
            "    done.append(args)\n"
            "    real(*args)\n"
            "os.replace = replace\n"
            "snapshot.write_build(Project(Path(sys.argv[1])), 'a@2000-01-01', b'<http://e/s> <http://e/p> <http://e/o> .\\n',"
            " graphs=1)\n")
    project = Project(tmp_path)
    snapshot.write_build(project, "a@2000-01-01", _body(range(0, 10)), graphs=1)
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    assert any(p.name.startswith(".") for p in builds_dir(project).iterdir())
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        in_flight = builds_dir(project) / f".new-{alive.pid}-w0rk1n"
        in_flight.mkdir()
        built = snapshot.write_build(project, "b@2000-01-01", _body(range(0, 10)), graphs=1)
        assert sorted(p.name for p in builds_dir(project).iterdir() if p != in_flight) == sorted(
            [built.directory.name, snapshot.build_dir(project, "a@2000-01-01").name])
        assert in_flight.exists()
    finally:
        alive.kill()
        alive.wait()


def _graph(name: str, lines: range, value: str = "{n}") -> str:
    return "".join(f'<http://e/s{n}> <http://e/p> "{value.format(n=n)}" <http://e/{name}> .\n' for n in lines)


@pytest.mark.parametrize(("old", "new"), [
    ({"a": range(0, 300), "b": range(0, 10)}, {"a": range(0, 300), "b": range(5, 15)}),  # one graph changed
    ({"a": range(0, 300), "b": range(0, 10)}, {"a": range(0, 300)}),  # the last graph removed
    ({"a": range(0, 300), "b": range(0, 10)}, {"b": range(0, 10), "a": range(0, 300), "c": range(0, 3)}),  # added
    ({"0": range(0, 3), "a": range(0, 300)}, {"a": range(0, 300)}),  # the first graph removed
    ({"a": range(0, 300), "b": range(0, 10)}, {"a": range(0, 300), "b": range(0, 11)}),  # a graph grown at its end
    ({"a": range(0, 300), "b": range(1, 10)}, {"a": range(0, 300), "b": range(0, 10)}),  # grown at its start
    ({"a": range(0, 300), "b": range(0, 10)}, {"a": range(0, 300), "b": range(0, 9)}),  # its last line removed
    ({"a": range(0, 300), "b": range(0, 10)}, {"a": range(0, 300), "b": range(0, 10, 2)}),  # lines removed
    ({"a": range(0, 300), "b": range(0, 10)}, {"a": range(0, 301), "b": range(0, 10)}),  # a line before the next graph
])
def test_the_patch_compares_the_snapshots_graph_by_graph(tmp_path: Path, old: dict[str, range],
                                                         new: dict[str, range]):
    """Graphs whose bytes are unchanged are passed over whole; the patch is the lines that differ."""
    project = Project(tmp_path)
    old_body = merge_sorted("".join(_graph(g, lines) for g, lines in old.items()).encode()).body
    new_merged = merge_sorted(*(_graph(g, lines).encode() for g, lines in new.items()))
    base = snapshot.write_build(project, "a@2000-01-01", old_body, graphs=len(old), store=True)
    assert snapshot._difference(base, new_merged.body, new_merged.spans, tmp_path)
    before, after = set(old_body.splitlines(keepends=True)), set(new_merged.body.splitlines(keepends=True))
    assert (tmp_path / "removed.nq").read_bytes() == b"".join(sorted(before - after))
    assert (tmp_path / "added.nq").read_bytes() == b"".join(sorted(after - before))
    patched = snapshot.write_build(project, "b@2000-01-01", new_merged.body, graphs=len(new), store=True,
                                   spans=new_merged.spans)
    assert _shares_files(base, patched)
    assert _store_quads(patched) == sorted(ox.parse(new_merged.body, format=ox.RdfFormat.N_QUADS), key=str)


@pytest.mark.parametrize("order", ["graphs out of order", "a graph in two places"])
def test_a_last_snapshot_out_of_export_order_is_not_patched(tmp_path: Path, order: str):
    project = Project(tmp_path)
    a, b = _graph("a", range(0, 300)), _graph("b", range(0, 10))
    old = b + a if order == "graphs out of order" else _graph("a", range(0, 150)) + b + _graph("a", range(150, 300))
    base = snapshot.write_build(project, "a@2000-01-01", old.encode(), graphs=2, store=True)
    new = merge_sorted((a + _graph("b", range(0, 11))).encode())
    assert not snapshot._difference(base, new.body, new.spans, tmp_path)
    built = snapshot.write_build(project, "b@2000-01-01", new.body, graphs=2, store=True, spans=new.spans)
    assert not _shares_files(base, built)
    assert _store_quads(built) == sorted(ox.parse(new.body, format=ox.RdfFormat.N_QUADS), key=str)


def test_a_default_triple_naming_the_last_graph_is_no_quad_of_it(tmp_path: Path):
    """A triple of the default graph whose object is a graph's name ends as that graph's quads do."""
    project = Project(tmp_path)
    triple = "<http://e/t> <http://e/p> <http://e/b> .\n"
    old = merge_sorted((_graph("a", range(0, 300)) + _graph("b", range(0, 10)) + triple).encode())
    new = merge_sorted((_graph("a", range(0, 300)) + _graph("b", range(0, 11)) + triple).encode())
    base = snapshot.write_build(project, "a@2000-01-01", old.body, graphs=2, store=True)
    assert not snapshot._difference(base, new.body, new.spans, tmp_path)


@pytest.mark.parametrize("obj", LINE_TERMS["object"])
def test_a_document_of_one_graph_merges_as_its_lines_would(obj: str):
    graphs = ["<http://e/g>", "<http://e/a>", "_:c14n2"]
    docs = ["".join(sorted(f"{s} <http://e/p> {obj} {g} .\n" for s in LINE_TERMS["subject"])).encode() for g in graphs]
    mixed = "".join(f"<http://e/m> <http://e/p> {obj}{'' if g is None else ' ' + g} .\n"
                    for g in LINE_TERMS["graph"]).encode()
    merged = merge_sorted(mixed, one_graph=[docs[0], b"", docs[1], docs[2]])
    assert merged == merge_sorted(mixed, *docs)
    for graph, start, end in merged.spans:
        assert {q.graph_name for q in ox.parse(merged.body[start:end], format=ox.RdfFormat.N_QUADS)} == {
            ox.DefaultGraph() if graph == b"DEFAULT" else next(ox.parse(b"<http://e/x> <http://e/y> <http://e/z> "
                                                                          + graph + b" .", format=ox.RdfFormat.N_QUADS)).graph_name}


@pytest.mark.parametrize("doc", [
    b"<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n<http://e/s> <http://e/p> <http://e/o> <http://e/h> .\n",
    b"<http://e/s> <http://e/p> <http://e/o> .\n",
])
def test_a_document_said_to_hold_one_graph_that_holds_others_is_refused(doc: bytes):
    with pytest.raises(ValueError, match="holds quads of others"):
        merge_sorted(one_graph=[doc])


_LINES = st.lists(st.sampled_from(["A", "AB", "B", "zAB", "x", "BA", "ABx", '"a b" <g>']), unique=True).map(
    lambda words: "".join(f"{w}\n" for w in sorted(words)).encode())


@given(_LINES, _LINES)
@settings(max_examples=300)
def test_a_changed_graph_is_compared_past_the_lines_it_starts_and_ends_with_alike(a: bytes, b: bytes):
    start, end = snapshot._common_ends(a, b)
    rest_a, rest_b = a[start:len(a) - end], b[start:len(b) - end]
    assert a[:start] == b[:start] and a[len(a) - end:] == b[len(b) - end:]
    assert all(part == b"" or part.endswith(b"\n") for part in (a[:start], rest_a, rest_b))
    lines_a, lines_b = set(a.splitlines(keepends=True)), set(b.splitlines(keepends=True))
    rest_a_lines, rest_b_lines = set(rest_a.splitlines(keepends=True)), set(rest_b.splitlines(keepends=True))
    assert (lines_a - lines_b, lines_b - lines_a) == (rest_a_lines - rest_b_lines, rest_b_lines - rest_a_lines)


@pytest.mark.parametrize("last", [True, False])
def test_a_build_that_fails_while_its_store_is_written_leaves_no_process_writing_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, last: bool):
    """With a last build, its store is being patched when the build fails; without, loaded."""
    project = Project(tmp_path)
    if last:
        snapshot.write_build(project, "a@2000-01-01", _body(range(0, 400)), graphs=1, store=True)
    started: list[subprocess.Popen[bytes]] = []
    start = snapshot._start
    monkeypatch.setattr(snapshot, "_start", lambda *args: started.append(start(*args)) or started[-1])

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        snapshot.write_build(project, "b@2000-01-01", _body(range(0, 401)), graphs=1, store=True)
    assert len(started) == 1 and started[0].poll() is not None
    assert [p.name for p in builds_dir(project).iterdir()] == (["2000-01-01-a"] if last else [])
