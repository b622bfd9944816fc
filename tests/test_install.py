"""spacekg as an installed product: the packaged graph, ``spacekg init``, ``--root`` and ``--version``."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AS_OF, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg import __version__
from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.sources.project import Origin, Project, find_project, packaged_project
from spacekg.store.snapshot import builds_dir

WHEEL_SOURCES = ("ontology/spacekg.ttl", "ontology/rules/10-ordinals.rq", "data/facts/a000.trig",
                 "data/articles/a000.txt", "queries/ordinals.rq", "queries/checks/rl-guard-forbidden.rq")


@pytest.fixture
def packaged(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The packaged graph with its cache in a temporary directory, seeded with the closures cached
    for the project (their keys hash the views' contents, which the copy shares)."""
    monkeypatch.setenv("SPACEKG_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.delenv("SPACEKG_ROOT", raising=False)
    graph = packaged_project()
    graph.cache_dir.mkdir(parents=True)
    shutil.copytree(project.cache_dir / "closures", graph.cache_dir / "closures")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return graph


def test_outside_any_project_the_packaged_graph_answers_and_says_so(packaged: Project, project: Project):
    result = CliRunner().invoke(cli, ["query", "ordinals", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert "spacekg: answering from the packaged graph" in result.stderr
    expected = CliRunner().invoke(cli, ["--root", str(project.root), "query", "ordinals", "--as-of", AS_OF.isoformat()])
    assert result.stdout == expected.stdout
    assert "answering from" not in expected.stderr
    assert any(builds_dir(packaged).glob("*/snapshot.nq"))  # the build went to the user's cache


def test_packaged_graph_is_built_in_the_user_cache_directory(packaged: Project, tmp_path: Path):
    assert packaged.origin is Origin.PACKAGED
    assert packaged.cache_dir.parent == tmp_path / "user-cache"
    assert packaged.root != packaged.cache_dir.parent


def test_init_copies_the_sources_into_an_editable_project(packaged: Project, tmp_path: Path):
    target = tmp_path / "my-kg"
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    for name in WHEEL_SOURCES:
        assert (target / name).read_bytes() == (packaged.root / name).read_bytes()
    assert not (target / ".spacekg").exists()
    os.chdir(target / "data")
    found = find_project()
    assert found.origin is Origin.FOUND and found.root == target.resolve()
    assert found.content_hash() == packaged.content_hash()


def test_init_says_which_graph_it_copies_and_an_edit_which_project_it_edits(packaged: Project, tmp_path: Path):
    target = tmp_path / "my-kg"
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert "spacekg: copying the packaged graph" in result.stderr and "answering" not in result.stderr
    os.chdir(target)
    edited = CliRunner().invoke(cli, ["article", "exclude", "a000", "L1.1", "--undo"])
    assert f"spacekg: editing the project in {target.resolve()}" in edited.stderr
    assert "answering" not in edited.stderr


@pytest.mark.parametrize("command", [
    ["article", "add", "{text}", "--outlet", "No Such Outlet", "--published", "2026-02-11"],
    ["article", "link", "a999"], ["article", "exclude", "a999", "L1.1", "--reason", "headline"],
    ["article", "fact", "a999", "L1.1", "thing", "--entity", "d:x"],
])
def test_outside_any_project_the_editing_commands_refuse_to_edit_the_packaged_graph(packaged: Project, tmp_path: Path,
                                                                                   command: list[str]):
    # In an editable install the packaged graph is the source checkout: an article added there
    # would have been written into it.
    text = tmp_path / "story.txt"
    text.write_text("China tested a rocket on Wednesday.\n")
    result = CliRunner().invoke(cli, [part.format(text=text) for part in command])
    assert result.exit_code == ExitCode.USAGE
    assert "no project to edit here" in result.stderr and "spacekg init DIR" in result.stderr
    assert "editing" not in result.stderr


def test_init_refuses_a_directory_that_is_not_empty(packaged: Project, tmp_path: Path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n")
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == ExitCode.INPUT
    assert "not an empty directory" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("what", ["empty directory", "file", "missing"])
@pytest.mark.parametrize("how", ["option", "environment"])
def test_root_that_is_not_a_project_exits_3_and_says_so(tmp_path: Path, how: str, what: str):
    root = {"empty directory": tmp_path, "file": tmp_path / "notes.txt", "missing": tmp_path / "nowhere"}[what]
    if what == "file":
        root.write_text("a note\n")
    args, env = (["--root", str(root)], {}) if how == "option" else ([], {"SPACEKG_ROOT": str(root)})
    result = CliRunner().invoke(cli, [*args, "query", "ordinals"], env=env)
    assert result.exit_code == ExitCode.INPUT
    assert f"{root}: not a spacekg project" in result.stderr
    assert "stored query" not in result.stderr


def test_root_selects_a_project_and_no_note_is_printed(project: Project):
    result = CliRunner().invoke(cli, ["queries"], env={"SPACEKG_ROOT": str(project.root)})
    assert result.exit_code == 0 and "answering from" not in result.stderr


def test_version_names_the_package_and_the_data(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "--version"])
    assert result.exit_code == 0
    first, second = result.stdout.splitlines()
    assert first == f"spacekg {__version__}"
    assert "ontology 0.1.0" in second and f"sources sha256:{project.content_hash()[:12]}" in second


@pytest.mark.parametrize("change,code,says", [
    (lambda b: b"\xef\xbb\xbf" + b, ExitCode.OK, "ontology 0.1.0"),
    (lambda b: b.replace(b"\n", b"\r\n"), ExitCode.OK, "ontology 0.1.0"),
    (lambda b: b + b"<http://x/a> <http://x/b> .\n", ExitCode.INPUT, "spacekg.ttl:{lines}:27: bad syntax"),
    (lambda b: b + b"# caf\xe9\n", ExitCode.INPUT, "spacekg.ttl:{lines}:6: not UTF-8"),
])
def test_version_reads_the_ontology_as_the_build_does(scratch_project: Project, change, code: ExitCode, says: str):
    path = scratch_project.ontology_dir / "spacekg.ttl"
    original = path.read_bytes()
    path.write_bytes(change(original))
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "--version"])
    assert result.exit_code == code, result.output
    assert says.format(lines=original.count(b"\n") + 1) in result.output and "Traceback" not in result.output


def test_changelog_records_the_current_version():
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in changelog
    released = [line.split("]")[0].removeprefix("## [") for line in changelog.splitlines()
                if line.startswith("## [") and not line.startswith("## [Unreleased]")]
    assert released[0] == __version__


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=True, **kwargs)  # type: ignore[call-overload]


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_answers_in_any_directory(tmp_path: Path, project: Project):
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(REPO)])
    (wheel,) = (tmp_path / "dist").glob("spacekg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in WHEEL_SOURCES:
        assert f"spacekg/packaged/{name}" in names
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("SPACEKG_ROOT", "PYTHONPATH", "VIRTUAL_ENV")}
    env["SPACEKG_CACHE_DIR"] = str(tmp_path / "user-cache")
    answer = _run([str(bin_dir / "spacekg"), "query", "ordinals", "--as-of", AS_OF.isoformat()], cwd=elsewhere, env=env)
    expected = CliRunner().invoke(cli, ["--root", str(project.root), "query", "ordinals", "--as-of", AS_OF.isoformat()])
    assert answer.stdout == expected.stdout
    assert "answering from the packaged graph" in answer.stderr
    assert not any(elsewhere.iterdir())
    _run([str(bin_dir / "spacekg"), "init", "kg"], cwd=elsewhere, env=env)
    inside = _run([str(bin_dir / "spacekg"), "query", "ordinals", "--as-of", AS_OF.isoformat()], cwd=elsewhere / "kg",
                  env=env)
    assert inside.stdout == expected.stdout
    assert f"the project in {(elsewhere / 'kg').resolve()}" in inside.stderr


def test_init_refuses_a_directory_inside_the_project_it_copies(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "init", str(project.data_dir / "copy")])
    assert result.exit_code == ExitCode.INPUT and "inside the project" in result.stderr
    assert not (project.data_dir / "copy").exists()


def test_init_reports_an_unwritable_place_as_an_input_error(packaged: Project, tmp_path: Path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "file").write_text("x")
    result = CliRunner().invoke(cli, ["init", str(locked / "file" / "kg")])
    assert result.exit_code == ExitCode.INPUT and f"{locked / 'file'}: not a directory" in result.stderr


class _Failing:
    """Makes the Nth file-system write of a block fail, counting every kind ``init`` makes."""

    KINDS = ((os, "mkdir"), (os, "replace"), (os, "fsync"), (os, "chmod"), (shutil, "copy2"), (Path, "write_text"))

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: int, error: int) -> None:
        self.calls, self.at, self.error = 0, at, error
        for owner, name in self.KINDS:
            monkeypatch.setattr(owner, name, self._wrapped(getattr(owner, name)))

    def _wrapped(self, real):
        def write(*args, **kwargs):
            self.calls += 1
            if self.calls == self.at:
                raise OSError(self.error, os.strerror(self.error))
            return real(*args, **kwargs)
        return write


def _small_origin(root: Path) -> Project:
    for name in ("ontology/spacekg.ttl", "ontology/rules/10-x.rq", "data/facts/a000.trig", "queries/q.rq"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"# {name}\n")
    return Project(root)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.integers(min_value=1, max_value=40), error=st.sampled_from([errno.ENOSPC, errno.EIO, errno.EROFS]),
       existing=st.booleans())
def test_an_init_that_fails_at_any_write_leaves_nothing_and_can_be_run_again(
        tmp_path_factory: pytest.TempPathFactory, at: int, error: int, existing: bool):
    place = tmp_path_factory.mktemp("init")
    origin = _small_origin(place / "origin")
    target = place / "kg"
    if existing:  # an empty directory is a place init may fill
        target.mkdir()
    with pytest.MonkeyPatch.context() as monkeypatch:
        failing = _Failing(monkeypatch, at, error)
        result = CliRunner().invoke(cli, ["--root", str(origin.root), "init", str(target)])
    # A write that fails harmlessly (making a directory that exists) lets init succeed.
    if failing.calls >= at and result.exit_code != 0:
        assert result.exit_code == ExitCode.INPUT, result.output
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
        assert os.strerror(error) in result.stderr
        assert sorted(p.name for p in place.iterdir()) == (["kg", "origin"] if existing else ["origin"])
        assert not existing or not any(target.iterdir())
        again = CliRunner().invoke(cli, ["--root", str(origin.root), "init", str(target)])
        assert again.exit_code == 0, again.output
    assert _files(target) == {**_files(origin.root), ".gitignore": b".spacekg/\n"}


@pytest.mark.parametrize("copies", [1, 3])
def test_an_init_killed_midway_leaves_no_project_and_the_next_init_removes_what_it_left(tmp_path: Path, copies: int):
    origin = _small_origin(tmp_path / "origin")
    target = tmp_path / "kg"
    killed = subprocess.run([sys.executable, "-c", (
        "import os, shutil, signal, sys\n"
        "from spacekg.cli import cli\n"
        "real, done = shutil.copy2, []\n"
        "def copy2(*args, **kwargs):\n"
        f"    if len(done) == {copies}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    done.append(args)\n"
        "    return real(*args, **kwargs)\n"
        "shutil.copy2 = copy2\n"
        "cli(sys.argv[1:])\n"), "--root", str(origin.root), "init", str(target)], capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    assert not target.exists()
    result = CliRunner().invoke(cli, ["--root", str(origin.root), "init", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg", "origin"]
    assert _files(target) == {**_files(origin.root), ".gitignore": b".spacekg/\n"}
