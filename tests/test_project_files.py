"""What a project's files may be called and where, and the errors for files that break the rules:
each names the file and what to do, with the exit code for bad input, never a silent skip."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF as DAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.errors import ExitCode, InputError, QueryError
from spacekg.reasoning.rules import load_rules
from spacekg.sources.files import read_table
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project
from spacekg.store.queries import get_query, scan_queries

AS_OF = ("--as-of", DAY.isoformat())
TRIPLE = "@prefix d: <https://w3id.org/spacekg/id/> .\nd:x d:y d:z .\n"


def _run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), *args],
                          capture_output=True, text=True, timeout=300)


def _refused(project: Project, *fragments: str) -> None:
    with pytest.raises(InputError) as raised:
        load_project(project)
    assert all(f in str(raised.value) for f in fragments), str(raised.value)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=12).filter(
    lambda s: s not in (".", "..") and not s.startswith(".")))
def test_a_data_file_loads_when_its_name_makes_a_graph_name_and_is_refused_by_name_otherwise(
        scratch_project: Project, stem: str):
    path = scratch_project.data_dir / f"{stem}.ttl"
    path.write_text(TRIPLE)
    try:
        if all(c.isascii() and (c.isalnum() or c in "-_.") for c in stem) and not stem.startswith(("-", ".")):
            loaded = load_project(scratch_project)
            assert f"https://w3id.org/spacekg/graph/{stem}" in loaded.graphs
        else:
            _refused(scratch_project, str(path), "a data file's name is the name of its graph")
    finally:
        path.unlink()


@pytest.mark.parametrize("name,graph,owner", [
    ("ontology.ttl", "g:ontology", "ontology/spacekg.ttl"),
    ("alignments.ttl", "g:alignments", "ontology/alignments.ttl"),
    ("a000-L1.1.ttl", "g:a000-L1.1", "data/facts/a000.trig"),
    ("a012-extra.ttl", "g:a012-extra", "data/facts/a012.trig"),
])
def test_a_data_file_whose_name_is_another_files_graph_is_refused(scratch_project: Project, name: str, graph: str,
                                                                   owner: str):
    (scratch_project.data_dir / name).write_text(TRIPLE)
    _refused(scratch_project, name, f"its name makes its graph {graph}", str(scratch_project.root / owner),
             "rename the file")


@pytest.mark.parametrize("where", ["data/extra.trig", "data/facts/a001.trig"])
@pytest.mark.parametrize("graph,says", [
    ("inferred/owl", "a graph the build derives"),
    ("inferred/a000", "a graph the build derives"),
    ("inferred/rules", "a graph the build derives"),
    ("justifications", "a graph the build derives"),
    ("ontology", "only {root}/ontology/spacekg.ttl writes"),
    ("alignments", "only {root}/ontology/alignments.ttl writes"),
    ("a000-L1.1", "only {root}/data/facts/a000.trig writes"),
])
def test_a_trig_file_that_writes_a_graph_spacekg_gives_another_meaning_is_refused(
        scratch_project: Project, where: str, graph: str, says: str):
    path = scratch_project.root / where
    with path.open("a") as handle:
        handle.write(f"\n<https://w3id.org/spacekg/graph/{graph}> {{ <https://w3id.org/spacekg/id/x> "
                     "<http://www.w3.org/2000/01/rdf-schema#label> \"x\" . }\n")
    _refused(scratch_project, str(path), says.format(root=scratch_project.root))


@pytest.mark.parametrize("where,graph", [("data/a000.trig", "a000-L1.1"), ("data/facts/a001.trig", "a0001-L1.1"),
                                         ("data/facts/a001.trig", "a000-L99.9")])
def test_a_sentence_graph_is_written_only_by_the_facts_file_of_its_article(scratch_project: Project, where: str,
                                                                           graph: str):
    path = scratch_project.root / where
    with path.open("a") as handle:
        handle.write(f"\n<https://w3id.org/spacekg/graph/{graph}> {{ <https://w3id.org/spacekg/id/x> "
                     "<http://www.w3.org/2000/01/rdf-schema#label> \"x\" . }\n")
    owner = scratch_project.data_dir / "facts" / f"{graph.split('-')[0]}.trig"
    _refused(scratch_project, str(path), f"writes g:{graph}, which only {owner} writes")


def test_a_shared_graph_may_be_written_by_several_files(scratch_project: Project):
    (scratch_project.data_dir / "extra.trig").write_text(
        '<https://w3id.org/spacekg/graph/provenance> { <https://w3id.org/spacekg/graph/x> '
        '<http://www.w3.org/2000/01/rdf-schema#comment> "shared" . }\n')
    assert "https://w3id.org/spacekg/graph/provenance" in load_project(scratch_project).graphs


@pytest.mark.parametrize("directory,required", [
    ("ontology/rules", True), ("data/facts", False), ("data/articles", False), ("queries", False)])
@pytest.mark.parametrize("instead", ["a file", "nothing"])
def test_a_directory_replaced_by_a_file_or_missing_is_named_unless_it_may_be_absent(
        scratch_project: Project, directory: str, required: bool, instead: str):
    path = scratch_project.root / directory
    shutil.rmtree(path)
    if instead == "a file":
        path.write_text("")
    done = _run(scratch_project, "query", "ordinals", *AS_OF)
    if instead == "nothing" and not required:
        assert "Traceback" not in done.stderr
        return
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert f"{path}: {'not a directory' if instead == 'a file' else 'directory not found'}" in done.stderr


@pytest.mark.parametrize("stem,better", [
    ("my_ordinals", "my-ordinals"), ("Ordinals", "ordinals"), ("all.countries", "all-countries"),
    ("-lead", "lead"), ("two  words", "two-words"), ("_", "query")])
@pytest.mark.parametrize("kind", ["queries", "queries/checks", "ontology/rules"])
def test_a_query_file_whose_name_no_command_can_use_is_refused_with_a_name_it_could_have(
        scratch_project: Project, stem: str, better: str, kind: str):
    directory = scratch_project.root / kind
    source = next(iter(sorted(directory.glob("*.rq"))))
    (directory / f"{stem}.rq").write_bytes(source.read_bytes())
    if kind == "ontology/rules":
        with pytest.raises(InputError) as raised:
            load_rules(directory)
        message = str(raised.value)
    else:
        queries, problems = scan_queries(directory)
        assert stem not in queries and len(problems) == 1 and isinstance(problems[0], InputError)
        message = str(problems[0])
    assert f"{directory / stem}.rq: a query's name is its file's" in message
    assert f"rename it to {better}.rq" in message


@pytest.mark.parametrize("name,source", [
    ("data/extra.TTL", "data/entities.ttl"), ("data/more.Trig", "data/background.trig"),
    ("data/facts/a009.TRIG", "data/facts/a000.trig"), ("data/articles/a009.Txt", "data/articles/a000.txt"),
    ("ontology/rules/99-extra.RQ", "ontology/rules/30-firsts.rq"),
    ("ontology/rules/99-extra.sparql", "ontology/rules/30-firsts.rq")])
def test_an_input_whose_suffix_is_in_other_letters_is_refused_not_skipped(scratch_project: Project, name: str,
                                                                           source: str):
    path = scratch_project.root / name
    shutil.copy(scratch_project.root / source, path)
    done = _run(scratch_project, "query", "ordinals", *AS_OF)
    assert done.returncode == ExitCode.INPUT, done.stderr
    suffix = Path(source).suffix
    assert f"{path}: spacekg reads only the files whose names end in {suffix} here" in done.stderr
    assert f"rename it to {path.stem}{suffix}" in done.stderr


@pytest.mark.parametrize("name,says", [
    ("ontology/extra.ttl", "ontology/ holds spacekg.ttl, alignments.ttl and shapes.ttl only"),
    ("ontology/more.owl", "ontology/ holds"), ("data/dump.nt", "data/ holds Turtle (.ttl) and TriG (.trig)"),
    ("data/dump.NQ", "data/ holds Turtle"), ("data/context.jsonld", "data/ holds Turtle"),
    ("data/facts/a009.ttl", "data/facts/ holds each article's facts as TriG")])
def test_rdf_where_spacekg_does_not_read_it_is_refused_not_skipped(scratch_project: Project, name: str, says: str):
    (scratch_project.root / name).write_text(TRIPLE)
    (scratch_project.data_dir / "NOTES.md").write_text("other files are left alone\n")
    _refused(scratch_project, f"{scratch_project.root / name}: RDF that spacekg does not read, as {says}")


@pytest.mark.parametrize("kind", ["queries", "queries/checks"])
def test_a_query_file_whose_suffix_is_in_other_letters_is_named_and_the_others_still_read(
        scratch_project: Project, kind: str):
    directory = scratch_project.root / kind
    for name in ("mine.RQ", "other.sparql"):
        shutil.copy(next(iter(sorted(directory.glob("*.rq")))), directory / name)
    queries, problems = scan_queries(directory)
    assert "mine" not in queries and "other" not in queries and queries and [str(p) for p in problems] == [
        f"{directory}/mine.RQ: spacekg reads only the files whose names end in .rq here; rename it to mine.rq",
        f"{directory}/other.sparql: spacekg reads only the files whose names end in .rq here; rename it to other.rq"]
    if kind == "queries":
        with pytest.raises(InputError, match=r"mine\.RQ: .*rename it to mine\.rq"):
            get_query(directory, "mine")


def test_running_a_misnamed_stored_query_says_how_to_rename_it(scratch_project: Project):
    shutil.copy(scratch_project.queries_dir / "ordinals.rq", scratch_project.queries_dir / "my_ordinals.rq")
    with pytest.raises(InputError, match=r"my_ordinals\.rq: .*rename it to my-ordinals\.rq"):
        get_query(scratch_project.queries_dir, "my_ordinals")
    done = _run(scratch_project, "query", "my_ordinals", *AS_OF)
    assert done.returncode == ExitCode.INPUT and "rename it to my-ordinals.rq" in done.stderr, done.stderr


def test_a_malformed_rule_is_named_with_the_line_and_column_of_its_own_file(scratch_project: Project):
    rules = scratch_project.ontology_dir / "rules"
    path = rules / "30-firsts.rq"
    lines = path.read_text().splitlines()
    number, line = next((i, text) for i, text in enumerate(lines) if "skg:ordinalRank 1 ;" in text)
    lines[number] = line.replace("skg:ordinalRank 1 ;", "skg:ordinalRank 1 ) ;")
    path.write_text("\n".join(lines) + "\n")
    column = lines[number].index(")") + 1
    with pytest.raises(QueryError, match=rf"30-firsts\.rq: malformed rule: line {number + 1}, column {column}: "
                                         r"'\)' cannot close the '\{'"):
        load_rules(rules)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("inserted,what", [(" \x00 ", "unexpected character '\\x00'"), (' "open ', "unterminated string"),
                                           (" ) ", "')' cannot close the '{'")])
def test_a_rule_is_named_where_it_breaks_whatever_ends_its_lines(scratch_project: Project, end: str,
                                                                  inserted: str, what: str):
    rules = scratch_project.ontology_dir / "rules"
    path = rules / "30-firsts.rq"
    lines = path.read_text().splitlines()
    number = next(i for i, text in enumerate(lines) if "skg:ordinalRank 1 ;" in text)
    column = lines[number].index("skg:ordinalRank 1 ;")
    lines[number] = lines[number][:column] + inserted + lines[number][column:]
    path.write_bytes(end.join(lines).encode() + end.encode())
    with pytest.raises(QueryError) as raised:
        load_rules(rules)
    assert f"30-firsts.rq: malformed rule: line {number + 1}, column {column + 2}: {what}" in str(raised.value)


def test_a_malformed_check_query_names_its_file(scratch_project: Project):
    path = scratch_project.queries_dir / "checks" / "background-citation.rq"
    text = path.read_text()
    path.write_text(text.replace("WHERE {", "WHERE { )", 1))
    line = text[:text.index("WHERE {")].count("\n") + 1
    column = text.index("WHERE {") - (text.rfind("\n", 0, text.index("WHERE {")) + 1) + 9
    done = _run(scratch_project, "check", *AS_OF)
    assert done.returncode == ExitCode.QUERY, done.stderr
    assert f"{path}: malformed query: line {line}, column {column}: ')' cannot close the '{{'" in done.stderr, \
        done.stderr


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(min_value=0, max_value=8), broken=st.sampled_from(['"x"y', '"open']))
def test_a_malformed_csv_row_is_named_by_the_line_it_starts_on(tmp_path: Path, rows: int, broken: str):
    path = tmp_path / "t.csv"
    good = "".join(f"{i},v{i}\n" for i in range(rows))
    path.write_text(f"a,b\n{good}{broken},z\nlater,row\n")
    with pytest.raises(InputError, match=rf"t\.csv:{rows + 2}: malformed CSV"):
        read_table(path, ("a", "b"))


@pytest.mark.parametrize("command", [["build"], ["check"]])
def test_an_article_text_whose_line_ends_became_crlf_is_named_as_changed_with_the_cause(
        scratch_project: Project, command: list[str]):
    path = scratch_project.articles_dir / "a001.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    done = _run(scratch_project, *command, *AS_OF)
    assert done.returncode != 0, done.stderr
    assert "a001.txt changed after it was registered: its line ends became CRLF" in done.stdout + done.stderr
    assert "does not match the article" not in done.stderr


def test_an_article_text_changed_otherwise_is_named_as_changed_before_its_quotes(scratch_project: Project):
    path = scratch_project.articles_dir / "a001.txt"
    path.write_bytes(b"X" + path.read_bytes())
    done = _run(scratch_project, "build", *AS_OF)
    assert done.returncode == ExitCode.INPUT
    assert "a001.txt changed after it was registered (its SHA-256 differs" in done.stderr, done.stderr


def test_git_keeps_article_texts_byte_for_byte(project: Project):
    attributes = (project.data_dir / ".gitattributes").read_text().splitlines()
    assert "articles/*.txt -text" in attributes


@pytest.mark.parametrize("args,says", [
    (["sparql", "--file", "{dir}", *AS_OF], "{dir}: not a regular file (a directory)"),
    (["query", "ordinals", "-o", "{dir}", *AS_OF], "{dir}: is a directory; give a file name to write to"),
    (["export", "-o", "{dir}", *AS_OF], "{dir}: is a directory; give a file name to write to"),
    (["article", "add", "{dir}", "--outlet", "Xinhua", "--published", "2026-01-01"],
     "{dir}: not a regular file (a directory)"),
])
def test_a_directory_given_as_a_file_is_an_input_or_output_error_naming_it(scratch_project: Project, tmp_path: Path,
                                                                           args: list[str], says: str):
    done = _run(scratch_project, *(a.format(dir=tmp_path) for a in args))
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert says.format(dir=tmp_path) in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("name,says", [("", "an empty file name"), ("{tmp}/new/", "ends in '/', so it names a "
                                                                                "directory"),
                                       ("{tmp}/", "ends in '/'")])
@pytest.mark.parametrize("args", [["export", "-o", "{name}", *AS_OF], ["query", "ordinals", "-o", "{name}", *AS_OF],
                                  ["sparql", "--file", "{name}"]])
def test_a_file_name_that_is_empty_or_ends_in_a_slash_is_a_usage_error(scratch_project: Project, tmp_path: Path,
                                                                        name: str, says: str, args: list[str]):
    name = name.format(tmp=tmp_path)
    done = _run(scratch_project, *(a.format(name=name) for a in args))
    assert done.returncode == ExitCode.USAGE, done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("args", [["init", ""], ["--root", "", "query", "ordinals"], ["--root", "", "init", "copy"]])
def test_an_empty_directory_name_is_a_usage_error_not_the_current_directory(tmp_path: Path, args: list[str]):
    # "spacekg init "$DIR"" with DIR unset: the current directory, empty here, must not become a project.
    done = subprocess.run([sys.executable, "-m", "spacekg", *args], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == ExitCode.USAGE, done.stderr
    assert "an empty directory name" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["", " ", "\t"])
def test_an_empty_article_name_is_a_usage_error_not_the_current_directory(scratch_project: Project, name: str):
    done = _run(scratch_project, "sentences", name)
    assert done.returncode == ExitCode.USAGE, done.stderr
    assert "an empty ARTICLE" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["export", "-f", "nquads", *AS_OF], ["query", "ordinals", "-f", "csv", *AS_OF]])
def test_an_output_in_a_directory_that_does_not_exist_yet_makes_it(scratch_project: Project, tmp_path: Path,
                                                                   args: list[str]):
    target = tmp_path / "results" / "2026" / "out"
    done = _run(scratch_project, *args, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > 0
