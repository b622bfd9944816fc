"""`spacekg article remove`: an article's text, facts, source record and review block go, the rest
of the project stays byte for byte, and nothing goes while the rest still needs it."""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest
from curation_project import empty_project, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.errors import ExitCode
from spacekg.sources.project import Project

TEXTS = {
    "a000": "Xinhua said China launched a rocket from Wenchang on Friday.\n\nIt carried a probe.\n",
    "a001": "Reuters said the Tianwen-1 probe entered orbit around Mars on Wednesday.\n",
    "a002": "The CNSA said a crew docked with the station on Sunday.\n\nThey are well.\n",
}


def files(project: Project) -> dict[str, bytes]:
    return {p.relative_to(project.root).as_posix(): p.read_bytes()
            for p in sorted(project.data_dir.rglob("*")) if p.is_file()}


def add(project: Project, article: str, tmp: Path) -> None:
    source = tmp / f"{article}.txt"
    source.write_text(TEXTS[article], encoding="utf-8")
    result = run(project, "article", "add", str(source), "--outlet", "Xinhua", "--published", "2024-06-25",
                 "--id", article)
    assert result.exit_code == 0, result.output


def confirm(project: Project, article: str, kinds: dict[str, str]) -> None:
    """Confirm every proposed link of the article, giving each new entity its class."""
    path = project.data_dir / "curation" / f"{article}-links.tsv"
    rows = list(csv.reader(path.open(encoding="utf-8"), delimiter="\t"))
    for row in rows[1:]:
        if row[5] == "new":
            row[8] = kinds.get(row[3], "Place")
        row[10] = "yes"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter="\t", lineterminator="\n").writerows(rows)
    result = run(project, "article", "link", article)
    assert result.exit_code == 0, result.output


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return empty_project(tmp_path / "kg")


def test_removing_an_article_gives_back_the_project_it_was_added_to(project: Project, tmp_path: Path):
    before = files(project)
    add(project, "a000", tmp_path)
    confirm(project, "a000", {"Wenchang": "LaunchSite"})
    filled = run(project, "article", "fact", "a000", "L1.1", "launch", "--site", "Wenchang", "--when", "on Friday",
                 "--id", "wenchang-launch")
    assert filled.exit_code == 0, filled.output
    assert b"d:wenchang a skg:LaunchSite" in files(project)["data/entities.ttl"]
    result = run(project, "article", "remove", "a000")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "removed a000: its record in data/sources.ttl, the block its review added to data/entities.ttl, "
        "data/facts/a000.trig, data/articles/a000.txt",
        "kept data/curation/a000-links.tsv: registering the same text again keeps its decisions"]
    assert unchanged(before, files(project), "a000")


def unchanged(before: dict[str, bytes], after: dict[str, bytes], article: str) -> bool:
    """``after`` holds ``before``'s files as they were, the article's review file, and a sources file
    with no record where the project had none."""
    assert after.pop(f"data/curation/{article}-links.tsv")
    if "data/sources.ttl" not in before:
        assert not list(ox.parse(after.pop("data/sources.ttl"), format=ox.RdfFormat.TURTLE))
    return after == before


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(sorted(TEXTS)), which=st.sampled_from(sorted(TEXTS)))
def test_removing_one_article_leaves_the_others_files_as_they_were(tmp_path_factory: pytest.TempPathFactory,
                                                                    order: list[str], which: str):
    tmp = tmp_path_factory.mktemp("kg")
    project = empty_project(tmp / "kg")
    for article in order:
        add(project, article, tmp)
    before = files(project)
    result = run(project, "article", "remove", which)
    assert result.exit_code == 0, result.output
    after = files(project)
    gone = {f"data/articles/{which}.txt", f"data/facts/{which}.trig"}
    assert set(before) - set(after) == gone
    assert {k: v for k, v in before.items() if k not in gone and k != "data/sources.ttl"} == \
        {k: v for k, v in after.items() if k != "data/sources.ttl"}
    assert f"src:{which} ".encode() not in after["data/sources.ttl"]
    assert all(f"src:{other} ".encode() in after["data/sources.ttl"] for other in order if other != which)
    # What is left builds as a project of the others alone would: the check finds no unfinished article.
    checked = run(project, "check", "--fail-on", "error")
    assert "unfinished" not in checked.output


def test_an_article_whose_entity_another_uses_is_kept_whole(project: Project, tmp_path: Path):
    add(project, "a000", tmp_path)
    confirm(project, "a000", {"Wenchang": "LaunchSite"})
    add(project, "a001", tmp_path)
    uses = run(project, "article", "fact", "a001", "L1.1", "launch", "--site", "d:wenchang", "--id", "t1-launch")
    assert uses.exit_code == 0, uses.output
    before = files(project)
    result = run(project, "article", "remove", "a000")
    assert result.exit_code == ExitCode.USAGE
    assert "a000 gives what the rest of the project uses: d:wenchang in data/facts/a001.trig" in result.output
    assert "nothing was removed" in result.output
    assert files(project) == before


def test_a_removal_stopped_after_the_record_is_finished_by_removing_again(project: Project, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    before = files(project)
    add(project, "a000", tmp_path)

    def stop(self: Path, missing_ok: bool = False) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "unlink", stop)
    stopped = run(project, "article", "remove", "a000")
    assert stopped.exit_code != 0
    monkeypatch.undo()
    halfway = run(project, "check")
    assert "a000" in halfway.output and "unfinished" in halfway.output
    result = run(project, "article", "remove", "a000")
    assert result.exit_code == 0, result.output
    assert unchanged(before, files(project), "a000")


def test_a_record_written_with_crlf_line_ends_keeps_them(project: Project, tmp_path: Path):
    add(project, "a000", tmp_path)
    add(project, "a001", tmp_path)
    sources = project.data_dir / "sources.ttl"
    sources.write_bytes(sources.read_bytes().replace(b"\n", b"\r\n"))
    result = run(project, "article", "remove", "a000")
    assert result.exit_code == 0, result.output
    kept = sources.read_bytes()
    assert b"src:a001 " in kept and b"src:a000 " not in kept
    assert kept.count(b"\n") == kept.count(b"\r\n")


def test_a_record_written_in_two_statements_is_refused_with_the_line_of_the_second(project: Project, tmp_path: Path):
    add(project, "a000", tmp_path)
    sources = project.data_dir / "sources.ttl"
    sources.write_text(sources.read_text(encoding="utf-8") + '\nsrc:a000 rdfs:comment "added by hand" .\n',
                       encoding="utf-8")
    before = files(project)
    result = run(project, "article", "remove", "a000")
    assert result.exit_code == ExitCode.INPUT, result.output
    line = sources.read_text(encoding="utf-8").splitlines().index('src:a000 rdfs:comment "added by hand" .') + 1
    assert f"sources.ttl:{line}: a second statement about src:a000; remove its record by hand" in result.output
    assert files(project) == before


def test_a_record_followed_by_another_statement_leaves_that_one(project: Project, tmp_path: Path):
    add(project, "a000", tmp_path)
    sources = project.data_dir / "sources.ttl"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        'skg:fileName "data/articles/a000.txt" ;',
        'skg:fileName "data/articles/a000.txt" .\nd:xinhua rdfs:comment "a note. Kept." ;\n  rdfs:seeAlso <http://e.org/a.b> ;'),
        encoding="utf-8")
    result = run(project, "article", "remove", "a000")
    assert result.exit_code == 0, result.output
    kept = list(ox.parse(sources.read_bytes(), format=ox.RdfFormat.TURTLE))
    assert {q.subject.value.rsplit("/", 1)[1] for q in kept} == {"xinhua"} and len(kept) == 3


@pytest.mark.parametrize("article", ["a007", "x1"])
def test_an_article_that_is_not_there_is_refused(project: Project, article: str):
    result = run(project, "article", "remove", article)
    assert result.exit_code == ExitCode.USAGE
    assert "Traceback" not in result.output


def test_a_record_at_the_end_of_a_file_without_a_last_line_end_is_removed(project: Project, tmp_path: Path):
    add(project, "a000", tmp_path)
    add(project, "a001", tmp_path)
    sources = project.data_dir / "sources.ttl"
    sources.write_text(sources.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    result = run(project, "article", "remove", "a001")
    assert result.exit_code == 0, result.output
    kept = sources.read_bytes()
    assert b"src:a000 " in kept and b"src:a001 " not in kept
    assert {q.subject.value.rsplit("/", 1)[1] for q in ox.parse(kept, format=ox.RdfFormat.TURTLE)} == {"a000"}


def test_an_outlet_only_the_removed_article_named_is_kept_and_pointed_out(project: Project, tmp_path: Path):
    source = tmp_path / "pti.txt"
    source.write_text("PTI said India landed on the Moon on Wednesday.\n", encoding="utf-8")
    result = run(project, "article", "add", str(source), "--outlet", "Press Trust of India", "--new-outlet",
                 "--via", "Xinhua", "--published", "2023-08-23")
    assert result.exit_code == 0, result.output
    add(project, "a001", tmp_path)  # Xinhua's: still named after a000 goes
    removed = run(project, "article", "remove", "a000")
    assert removed.exit_code == 0, removed.output
    assert removed.stdout.splitlines()[-1] == ("kept d:press-trust-of-india (Press Trust of India) in "
                                               "data/entities.ttl, an outlet no article names now: remove it there "
                                               "if none will")
    assert "xinhua" not in removed.stdout
    assert "d:press-trust-of-india a skg:NewsOrganization" in (project.data_dir / "entities.ttl").read_text()
