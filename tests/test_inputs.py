"""Every file the project reads, inputs and caches alike, is checked before it is read; the
build's cache key is the hash of the bytes it read; broken files get one line naming them."""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from spacekg.cli import cli
from spacekg.errors import ExitCode, InputError, QueryError
from spacekg.sources.files import read_bytes, read_table
from spacekg.sources.project import Project
from spacekg.store import build as build_module
from spacekg.store.queries import parse_query_file
from spacekg.store.snapshot import current_snapshot

AS_OF = ("--as-of", "2026-11-21")
AS_OF_DATE = date(2026, 11, 21)
as_root = os.geteuid() == 0


def _run(project: Project, *args: str, timeout: int = 120) -> SimpleNamespace:
    """Run the CLI in this process, failing (not hanging) if it blocks, say on a FIFO."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"spacekg {' '.join(args)} was still running after {timeout} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(timeout)
    try:
        result = CliRunner().invoke(cli, ["--root", str(project.root), *args])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert not isinstance(result.exception, TimeoutError), result.exception
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def _directory(path: Path, outside: Path) -> str:
    path.mkdir()
    return "a directory"


def _fifo(path: Path, outside: Path) -> str:
    os.mkfifo(path)
    return "a FIFO"


def _dangling(path: Path, outside: Path) -> str:
    path.symlink_to(path.parent / "nowhere.ttl")
    return "a dangling symbolic link"


def _loop(path: Path, outside: Path) -> str:
    path.symlink_to(path)
    return "a loop of symbolic links"


def _dev_zero(path: Path, outside: Path) -> str:
    path.symlink_to("/dev/zero")
    return "outside the project"


def _outside(path: Path, outside: Path) -> str:
    target = outside / "elsewhere.ttl"
    target.write_text("<http://x/a> <http://x/b> <http://x/c> .\n")
    path.symlink_to(target)
    return "outside the project"


def _unreadable(path: Path, outside: Path) -> str:
    path.write_text("<http://x/a> <http://x/b> <http://x/c> .\n")
    path.chmod(0)
    return "Permission denied"


KINDS: dict[str, Callable[[Path, Path], str]] = {
    "directory": _directory, "fifo": _fifo, "dangling link": _dangling, "link loop": _loop,
    "link to /dev/zero": _dev_zero, "link outside the project": _outside, "unreadable": _unreadable}
PLACES = {"data file": "data/extra.ttl", "facts file": "data/facts/a009.trig", "article": "data/articles/a009.txt",
          "rule": "ontology/rules/99-extra.rq", "alignments": "ontology/alignments.ttl",
          "ontology": "ontology/spacekg.ttl"}  # the file that makes a directory a project


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("place", sorted(PLACES))
def test_every_input_is_checked_before_it_is_read(scratch_project: Project, tmp_path_factory: pytest.TempPathFactory,
                                                  kind: str, place: str):
    if kind == "unreadable" and as_root:
        pytest.skip("root reads any file")
    path = scratch_project.root / PLACES[place]
    if path.exists():
        path.unlink()
    why = KINDS[kind](path, tmp_path_factory.mktemp("outside"))
    done = _run(scratch_project, "query", "ordinals", *AS_OF)
    assert done.returncode == ExitCode.INPUT, done.stderr
    (line,) = done.stderr.strip().splitlines()[-1:]
    assert line.startswith("Error: ") and PLACES[place].rsplit("/", 1)[1] in line and why in line
    assert "Traceback" not in done.stderr


NOT_FILES = ["directory", "fifo", "dangling link", "link loop", "link to /dev/zero"]
CACHE_FILES = ["builds/*/snapshot.nq", "builds/*/justifications.bin", "builds/*/build.json", "closures/a001.nq",
               "inputs.json"]


@pytest.mark.slow
# Ten of the twenty-five pairings, two Latin squares' worth: every kind of non-file stands in for two
# cache files, and every cache file is replaced by two kinds.
@pytest.mark.parametrize(("kind", "cache"), [(kind, CACHE_FILES[(i + shift) % len(CACHE_FILES)])
                                             for shift in (0, 2) for i, kind in enumerate(NOT_FILES)])
def test_a_cache_file_that_is_not_a_regular_file_is_rebuilt_around(scratch_project: Project, kind: str, cache: str,
                                                                   tmp_path: Path):
    assert _run(scratch_project, "query", "ordinals", "-f", "csv", *AS_OF).returncode == 0  # the build is on disk
    (path,) = scratch_project.cache_dir.glob(cache)
    path.unlink()
    KINDS[kind](path, tmp_path)
    done = _run(scratch_project, "query", "ordinals", "-f", "csv", *AS_OF)
    assert done.returncode == 0, done.stderr
    assert "/china," in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("how", ["a file in its place", "read-only"])
def test_a_cache_that_cannot_be_written_still_answers_with_a_warning(scratch_project: Project, how: str):
    cache = scratch_project.cache_dir
    if how == "read-only":
        if as_root:
            pytest.skip("root writes into read-only directories")
        cache.chmod(0o500)
    else:
        shutil.rmtree(cache)
        cache.write_text("not a directory")
    try:
        done = _run(scratch_project, "query", "ordinals", "-f", "csv", *AS_OF)
    finally:
        if cache.is_dir():
            cache.chmod(0o700)
    assert done.returncode == 0, done.stderr
    assert "/china," in done.stdout
    assert "Warning: the cache was not written" in done.stderr
    # The snapshot stage says what became of the snapshot, not that it was written.
    assert re.search(r"^snapshot: \d+ quads kept in memory, not cached", done.stderr, re.M), done.stderr
    if how == "a file in its place":
        warnings = [line for line in done.stderr.splitlines() if line.startswith("Warning: the cache")]
        assert len(warnings) == len(set(warnings)) == 2, warnings  # the closures' and the build's, once each
        assert all(f"{cache}: not a directory, where {cache}/" in line for line in warnings)


@pytest.mark.parametrize("blocked", [".spacekg", ".spacekg/cache"])
def test_a_file_where_the_cache_directory_goes_is_named_by_the_article_commands(scratch_project: Project,
                                                                              blocked: str):
    shutil.rmtree(scratch_project.root / ".spacekg")
    (scratch_project.root / blocked).parent.mkdir(parents=True, exist_ok=True)
    (scratch_project.root / blocked).write_text("not a directory")
    before = (scratch_project.data_dir / "facts" / "a000.trig").read_bytes()
    done = _run(scratch_project, "article", "exclude", "a000", "L1.1", "--undo")
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert f"{scratch_project.root / blocked}: not a directory" in done.stderr and "move it away" in done.stderr
    assert (scratch_project.data_dir / "facts" / "a000.trig").read_bytes() == before


@pytest.mark.slow
def test_the_cache_key_is_the_hash_of_the_bytes_the_build_read(scratch_project: Project, monkeypatch):
    """An input edited during a build, then reverted, must not leave the edit's result current."""
    extra = scratch_project.data_dir / "extra.ttl"
    original = "<http://x/before> <http://x/p> \"as the file was\" .\n"
    extra.write_text(original)
    real_load = build_module.load_project

    def edit_then_load(project: Project):  # the edit lands after the cache was checked
        extra.write_text("<http://x/during> <http://x/p> \"edited during the build\" .\n")
        return real_load(project)

    monkeypatch.setattr(build_module, "load_project", edit_then_load)
    built = build_module.build(scratch_project, as_of=AS_OF_DATE, force=True)
    assert b"edited during the build" in built.snapshot.nquads
    monkeypatch.setattr(build_module, "load_project", real_load)
    extra.write_text(original)  # reverted
    current = current_snapshot(scratch_project, as_of=AS_OF_DATE)
    assert b"as the file was" in current.nquads and b"edited during the build" not in current.nquads


# Every command that reads the project's RDF: the build, and the article commands' catalogue.
READERS = [["build", *AS_OF], ["article", "mentions", "a000"], ["--version"]]


@pytest.mark.parametrize("command", READERS)
def test_a_literal_over_the_parsers_buffer_is_an_input_error_naming_the_file(scratch_project: Project,
                                                                             command: list[str]):
    with (scratch_project.data_dir / "huge.ttl").open("w") as handle:
        handle.write('<http://x/a> <http://x/b> "' + "x" * (17 * 1024 * 1024) + '" .\n')
    if command == ["--version"]:  # it reads the ontology alone
        (scratch_project.data_dir / "huge.ttl").rename(scratch_project.ontology_dir / "spacekg.ttl")
    done = _run(scratch_project, *command)
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert ".ttl: a term too large to load" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("command", READERS[:2])
def test_every_reader_of_the_rdf_names_a_syntax_error_alike(scratch_project: Project, command: list[str]):
    (scratch_project.data_dir / "bad.ttl").write_text("# one\r\n\t# two\r<http://x/a> <http://x/b> .\n")
    done = _run(scratch_project, *command)
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (f"Error: {scratch_project.data_dir / 'bad.ttl'}:3:27: bad syntax: "
                                                    ". is not a valid RDF object")


@pytest.mark.parametrize("table,problem", [
    ("key,label,qid\nchina,China,Q148\n", "lacks the columns evidence_note, evidence_url, status"),
    ("key,label,qid,status,evidence_url,evidence_note\nchina,China,Q148\n", "3 fields where the header has 6"),
    ("key,label,qid,status,evidence_url,evidence_note\nchina,China,Q148,verified,x,y,z\n", "7 fields"),
    ('key,label,qid,status,evidence_url,evidence_note\nchina,"China,Q148,verified,x,y\n', "malformed CSV"),
    (b"key,label,qid,status,evidence_url,evidence_note\nchina,Chin\xe1,Q148,verified,x,y\n", "not UTF-8"),
    ("key,label,qid,status,evidence_url,evidence_note\nchina,China,Q148,verified,x,y\nmoon,Moon,,no-iteem,x,y\n",
     "links.csv:3: status 'no-iteem' is none of verified, unverified, no-item"),
    ("key,label,qid,status,evidence_url,evidence_note\nchina,China,Q148,Verified,x,y\n", "links.csv:2: status"),
    ("key,label,qid,status,evidence_url,evidence_note\nchina,China,148,verified,x,y\n",
     "links.csv:2: qid '148' is no Wikidata id"),
    ('key,label,qid,status,evidence_url,evidence_note\nchina,China,Q148,verified,x,"two\nlines"\nmoon,Moon,Q0,'
     'verified,x,y\n', "links.csv:4: qid 'Q0' is no Wikidata id"),
    ("key,label,qid,status,evidence_url,evidence_note\nchina,China,,verified,x,y\n",
     "links.csv:2: a verified row names its item in qid"),
])
@pytest.mark.parametrize("command", [["link"], ["link", "--check"]])
def test_a_malformed_research_table_is_an_input_error_naming_file_and_line(scratch_project: Project,
                                                                          table: str | bytes, problem: str,
                                                                          command: list[str]):
    path = scratch_project.data_dir / "wikidata" / "links.csv"
    path.write_bytes(table if isinstance(table, bytes) else table.encode())
    done = _run(scratch_project, *command)
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert "links.csv:" in done.stderr and problem in done.stderr and "Traceback" not in done.stderr


def test_read_table_reads_rows_by_column(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text('a,b,extra\n1,"two, quoted",x\n')
    assert read_table(path, ("a", "b")) == [{"a": "1", "b": "two, quoted", "extra": "x"}]


@pytest.mark.parametrize("broken", [
    b"#+ description: no title\nSELECT * WHERE { ?s ?p ?o }\n",
    b"#+ title: bad param\n#+ param: year\nSELECT * WHERE { ?s ?p ?o }\n",
    b"#+ title: bad default\n#+ param: year integer soon -- a year\nSELECT * WHERE { ?s ?p ?o }\n",
    b"#+ title: not utf-8 \xff\nSELECT * WHERE { ?s ?p ?o }\n",
    b"#+ title: twice\n#+ param: year integer -- a year\n#+ param: year integer 2019 -- again\nSELECT * {}\n",
    b"#+ title: bad name\n#+ param: launch-year integer -- a year\nSELECT * {}\n",
    b"#+ title: bad name\n#+ param: ?year integer -- a year\nSELECT * {}\n",
    b"#+ title: two severities\n#+ severity: error\n#+ severity: warning\nSELECT * {}\n",
    b"#+ title: two views\n#+ view: spacekg\n#+ view: wikidata\nSELECT * {}\n",
])
def test_a_broken_query_file_is_named_and_the_others_still_listed(scratch_project: Project, broken: bytes):
    (scratch_project.queries_dir / "aaa-broken.rq").write_bytes(broken)
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "queries"])
    assert result.exit_code in (ExitCode.QUERY, ExitCode.INPUT), result.output
    assert "change4-launch" in result.stdout and "ordinals" in result.stdout
    assert "aaa-broken.rq:" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("header,line,says", [
    (["#+ title: t", "#+ severty: error"], 2, "unknown header '#+ severty:' (the keys are title, description, param, column, "
                                              "severity, network, view); did you mean '#+ severity:'?"),
    (["#+ Title: t"], 1, "unknown header '#+ Title:'"),
    (["#+ title: t", "#+ params: year integer -- a year"], 2, "did you mean '#+ param:'?"),
    (["#+ title: t", "#+ summary: grlc's"], 2, "unknown header '#+ summary:'"),
    (["#+ title: t", "#+ network: Yes"], 2, "'#+ network:' must be one of yes, no, not 'Yes'"),
    (["#+ title: t", "#+ description: d", "#+ view: Wikidata"], 3, "'#+ view:' must be one of spacekg, wikidata"),
    (["#+ title: t", "", "#+ severity: fatal"], 3, "'#+ severity:' must be one of error, warning, info"),
    (["#+ title: a\x0cform feed, U+2028\u2028and U+0085\x85 end no line", "#+ param: year integer soon -- y"], 2,
     "the default of parameter year='soon'"),
    (["\ufeff#+ title: t", "#+ network: maybe"], 2, "'#+ network:'"),
])
def test_a_malformed_header_line_is_named_with_its_line_whatever_ends_the_lines(tmp_path: Path, end: str,
                                                                              header: list[str], line: int, says: str):
    path = tmp_path / "q.rq"
    path.write_bytes(end.join([*header, "SELECT * WHERE { ?s ?p ?o }", ""]).encode())
    with pytest.raises(QueryError) as raised:
        parse_query_file(path)
    assert str(raised.value).startswith(f"{path}:{line}: ") and says in str(raised.value), str(raised.value)


@pytest.mark.parametrize("name", ["title", "description", "view", "network", "severity", "param"])
def test_a_parameter_may_have_the_name_of_a_header_key(tmp_path: Path, name: str):
    path = tmp_path / "q.rq"
    path.write_text(f"#+ title: t\n#+ view: spacekg\n#+ param: {name} string -- a text\nSELECT ?{name} WHERE {{ }}\n")
    assert [p.name for p in parse_query_file(path).parameters] == [name]


def test_a_query_file_that_is_a_fifo_is_named_and_the_others_still_listed(scratch_project: Project):
    os.mkfifo(scratch_project.queries_dir / "aaa-pipe.rq")
    done = _run(scratch_project, "queries", timeout=60)
    assert done.returncode == ExitCode.INPUT
    assert "aaa-pipe.rq: not a regular file (a FIFO)" in done.stderr and "ordinals" in done.stdout


def test_read_bytes_refuses_a_file_over_its_cap_before_reading_it(tmp_path: Path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    with pytest.raises(InputError, match="100 bytes is over the 10-byte limit"):
        read_bytes(path, max_bytes=10)



# --- What the build leaves out is reported ---


@pytest.mark.slow
def test_a_contradiction_in_an_excluded_sentence_is_a_finding_and_a_warning(scratch_project: Project):
    facts = scratch_project.data_dir / "facts" / "a000.trig"
    text = facts.read_text("utf-8")
    # L17.1 is an expectation, left out of the accepted view but part of a000's own view.
    facts.write_text(text.replace("    d:change-4 skg:destination d:far-side-of-the-moon .\n}",
                                  "    d:change-4 skg:destination d:far-side-of-the-moon .\n"
                                  "    d:plan-a000-mars-rover-2020 a skg:Event .\n}", 1), "utf-8")
    built = _run(scratch_project, "build", *AS_OF)
    assert built.returncode == 0, built.stderr
    assert "Warning: a000's own closure is left out" in built.stderr
    answer = _run(scratch_project, "query", "ordinals", "--source", "a000", "-f", "csv", *AS_OF)
    assert answer.returncode == 0
    assert "Warning: a000's own closure is left out of this answer" in answer.stderr
    other = _run(scratch_project, "query", "ordinals", "--source", "a001", "-f", "csv", *AS_OF)
    assert "closure is left out" not in other.stderr
    check = _run(scratch_project, "check", *AS_OF)
    assert check.returncode == ExitCode.FINDINGS
    assert "a000 view" in check.stdout and "its own closure is left out" in check.stdout
