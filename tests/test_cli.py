"""The command line: output formats, files, stdin, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import click
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.cli import cli
from spacekg.curation.mentions import MentionFormat
from spacekg.errors import ExitCode
from spacekg.formats.kinds import TABULAR, ExportFormat, ExportView, ReportFormat, ResultFormat
from spacekg.http.settings import Verify
from spacekg.reasoning.engines import Engine
from spacekg.sources.project import Project
from spacekg.store.graphs import QueryView, View
from spacekg.store.queries import Severity
from spacekg.store.safety import blank


@pytest.fixture
def run(project: Project):
    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, ["--root", str(project.root), *args], input=input)

    return invoke


def test_queries_lists_every_stored_query_with_its_title(run):
    result = run("queries")
    assert result.exit_code == 0
    assert "change4-launch" in result.stdout and "Chang'e 4 launch and its relay satellite" in result.stdout
    assert len(result.stdout.splitlines()) >= 15


def test_queries_name_shows_the_query_text(run):
    result = run("queries", "who-is")
    assert result.exit_code == 0
    assert result.stdout.startswith("#+ title: Who is this person")


def test_table_shows_labels_not_iris(run):
    result = run("query", "change4-launch")
    assert result.exit_code == 0, result.output
    assert "Xichang Satellite Launch Center" in result.stdout
    assert "https://w3id.org" not in result.stdout
    assert result.stdout.rstrip().endswith("(2 rows)")


def test_csv_output(run):
    result = run("query", "crewed-mission-2016", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [{"mission": "https://w3id.org/spacekg/id/shenzhou-11",
                     "station": "https://w3id.org/spacekg/id/tiangong-2", "crew": "2", "days": "33",
                     "articleDays": "30", "ordinal": "6"}]


NO_ROWS = "Warning: no rows: nothing in the graph answers this query"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
@pytest.mark.parametrize("args", [("events-in-year", "-p", "year=1999"),
                                  ("attributed-sentences", "-p", "party=d:state-council-information-office"),
                                  ("plans-by-target", "-p", "target=d:ceres")])
def test_an_empty_answer_in_a_data_format_says_on_stderr_that_it_has_no_rows(run, fmt: str, args: tuple[str, ...]):
    # The table prints "(0 rows)"; CSV, TSV, JSON and XML with no rows are a header alone.
    result = run("query", *args, "-f", fmt, "--as-of", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert NO_ROWS in result.stderr
    table = run("query", *args, "--as-of", "2026-01-01")
    assert "(0 rows)" in table.stdout and NO_ROWS not in table.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_an_answer_with_rows_gives_no_empty_answer_note(run, fmt: str):
    result = run("query", "events-in-year", "-p", "year=2013", "-f", fmt, "--as-of", "2026-01-01")
    assert result.exit_code == 0 and NO_ROWS not in result.stderr


def test_an_empty_answer_written_to_a_file_says_so_too(run, tmp_path: Path):
    result = run("query", "events-in-year", "-p", "year=1999", "-o", str(tmp_path / "none.csv"), "--as-of", "2026-01-01")
    assert result.exit_code == 0 and NO_ROWS in result.stderr
    assert (tmp_path / "none.csv").read_text().splitlines() == ["event,kinds,when,article,sentenceId"]


def test_tsv_output_uses_rdf_term_syntax(run):
    lines = run("query", "crewed-mission-2016", "-f", "tsv").stdout.splitlines()
    assert lines[0] == "?mission\t?station\t?crew\t?days\t?articleDays\t?ordinal"
    assert lines[1].startswith("<https://w3id.org/spacekg/id/shenzhou-11>\t")


def test_json_output_is_sparql_results_json(run):
    doc = json.loads(run("query", "next-missions", "-f", "json").stdout)
    assert doc["head"]["vars"] == ["next", "purpose"]
    assert {b["next"]["value"].rsplit("/", 1)[1] for b in doc["results"]["bindings"]} == {"change-5", "change-6"}


def test_xml_output_is_sparql_results_xml(run):
    root = ET.fromstring(run("query", "next-missions", "-f", "xml").stdout)
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert len(root.findall("s:results/s:result", ns)) == 2


def test_json_and_xml_parse_in_pyoxigraph(run):
    for fmt, ox_fmt in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML)):
        parsed = ox.parse_query_results(run("query", "next-missions", "-f", fmt).stdout_bytes, ox_fmt)
        assert len(list(parsed)) == 2


def test_parameters_are_passed_with_p(run):
    result = run("query", "events-in-year", "-p", "year=2016", "-f", "csv")
    assert "fast-construction" in result.stdout and "change-3-landing" not in result.stdout


def test_output_file_is_written(run, tmp_path: Path):
    out = tmp_path / "plans.csv"
    result = run("query", "plans", "-f", "csv", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text().startswith("plan,goal,when,latest")
    assert f"wrote {out.stat().st_size} bytes" in result.stderr


def test_sparql_from_argument_file_and_stdin(run, tmp_path: Path):
    text = "SELECT ?c WHERE { ?c a skg:Country } ORDER BY ?c"
    by_arg = run("sparql", text, "-f", "csv").stdout
    query_file = tmp_path / "q.rq"
    query_file.write_text(text)
    assert run("sparql", "--file", str(query_file), "-f", "csv").stdout == by_arg
    assert run("sparql", "-f", "csv", input=text).stdout == by_arg
    assert "soviet-union" in by_arg


@pytest.mark.parametrize("also", ["ASK { d:china a skg:Country }", "-", ""])
def test_a_query_given_both_as_a_file_and_an_argument_is_refused(run, tmp_path: Path, also: str):
    query_file = tmp_path / "q.rq"
    query_file.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    result = run("sparql", "--file", str(query_file), also, input="ASK {}")
    assert result.exit_code == ExitCode.USAGE and "give the query once" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [
    ("sparql", "--view", "wikidata", "--source", "a000", "ASK {}"),
    ("sparql", "--view", "wikidata", "--graphs", "asserted", "ASK {}"),
    ("query", "wdqs-moon-landings", "--graphs", "inferred"),
    ("query", "wdqs-moon-landings", "--source", "a002"),
    ("sparql", "--graphs", "justifications", "--source", "a000", "ASK {}"),
])
def test_a_view_with_a_choice_it_cannot_make_is_refused_not_ignored(run, args):
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert "takes no --graphs or --source" in result.stderr or "leave out --source" in result.stderr


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml"])
@pytest.mark.parametrize("template", ["_:x skg:about ?c ; skg:named ?l", "?c skg:names [ skg:text ?l ; skg:again [] ]"])
def test_a_construct_answer_with_new_blank_nodes_is_the_same_bytes_every_run(project: Project, fmt: str,
                                                                              template: str):
    query = f"CONSTRUCT {{ {template} }} WHERE {{ ?c a skg:Country ; rdfs:label ?l }}"
    runs = [subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "sparql", query, "-f", fmt,
                            "--as-of", "2026-11-21"], capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed},
                           timeout=120) for seed in ("1", "2")]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert b"w3id.org/spacekg" in runs[0].stdout or b"skg:" in runs[0].stdout


@pytest.mark.parametrize("name", ["q.rq", "query.sparql", "ask"])
def test_a_query_file_given_as_the_argument_is_pointed_to_file(run, tmp_path: Path, monkeypatch, name: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text("ASK { d:china a skg:Country }")
    result = run("sparql", name)
    assert result.exit_code == ExitCode.USAGE and f"{name} is a file: give it with --file {name}" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_a_select_answers_new_blank_nodes_are_numbered_the_same_every_run(project: Project, fmt: str):
    query = ("SELECT ?c (BNODE() AS ?x) (BNODE(STR(?c)) AS ?y) ?b WHERE { ?c a skg:Country "
             "OPTIONAL { ?b owl:onProperty skg:inRegion } } ORDER BY ?c ?b")
    runs = [subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "sparql", query, "-f", fmt,
                            "--as-of", "2026-11-21"], capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed},
                           timeout=120) for seed in ("1", "2")]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert b"b0" in runs[0].stdout and b"c14n" in runs[0].stdout  # the graph's own keep their labels


def test_ask_prints_a_boolean(run):
    assert run("sparql", "ASK { d:china a skg:Country }").stdout == "true\n"


def test_construct_prints_turtle_and_other_rdf_formats(run):
    text = "CONSTRUCT { ?m skg:followedBy ?n } WHERE { ?m skg:followedBy ?n }"
    turtle = run("sparql", text).stdout
    assert "d:change-4 skg:followedBy d:change-5" in turtle
    nt = run("sparql", text, "-f", "ntriples").stdout_bytes
    assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) == 2


def test_select_with_an_rdf_format_is_a_query_error(run):
    result = run("query", "plans", "-f", "turtle")
    assert result.exit_code == ExitCode.QUERY
    assert "is for CONSTRUCT/DESCRIBE" in result.stderr


def test_unknown_query_suggests_names_and_exits_4(run):
    result = run("query", "change4-lunch")
    assert result.exit_code == ExitCode.QUERY
    assert result.stderr.startswith("Error: no stored query named 'change4-lunch'; did you mean change4-launch")


@pytest.mark.parametrize(("param", "warning"), [
    ("entity=d:chna", "Warning: parameter entity: d:chna is in no triple of the graph; did you mean d:china"),
    ("entity=d:change-3-landng", "Warning: parameter entity: d:change-3-landng is in no triple of the graph; "
                                 "did you mean d:change-3-landing"),
    ("entity=<https://example.org/nothing-like-it>", "Warning: parameter entity: "
                                                     "<https://example.org/nothing-like-it> is in no triple of the graph."),
])
def test_an_iri_parameter_the_graph_does_not_have_is_warned_about_with_the_close_ones(run, param, warning):
    result = run("query", "sentences-about", "-p", param, "--as-of", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert "(0 rows)" in result.stdout
    assert warning in result.stderr


def test_an_iri_parameter_the_graph_has_gives_no_warning(run):
    result = run("query", "sentences-about", "-p", "entity=d:china", "--as-of", "2026-01-01")
    assert result.exit_code == 0 and "Warning" not in result.stderr


def test_malformed_sparql_names_the_position_without_traceback(run):
    result = run("sparql", "SELECT * WHERE { ?s ?p }")
    assert result.exit_code == ExitCode.QUERY
    assert result.stderr.startswith("Error: malformed query: error at 1:")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("text", "rule"), [
    ('SELECT ?k (CONCAT(STR(?x), "") AS ?y) WHERE { ?x a ?k } GROUP BY ?k', "an expression with a variable that is unbound"),
    ("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?p", "a variable that is unbound"),
    ("SELECT (COUNT(*) AS ?n) ?p WHERE { ?x ?p ?o }", "a variable that is unbound"),
    ("SELECT ?x (1 AS ?x) WHERE { ?x ?p ?o }", "overrides an existing variable"),
])
def test_a_query_breaking_a_rule_of_sparql_is_told_the_rule_not_the_parsers_character_classes(run, text: str,
                                                                                              rule: str):
    result = run("sparql", text)
    assert result.exit_code == ExitCode.QUERY
    assert result.stderr.startswith("Error: malformed query: error at 1:") and rule in result.stderr
    assert "\\u{" not in result.stderr and "[_]" not in result.stderr


@pytest.mark.parametrize("text", ["   \n", "# only a comment", "  # one\n\t# two\r\n", "#"])
def test_empty_query_is_a_query_error(run, text: str):
    result = run("sparql", input=text)
    assert result.exit_code == ExitCode.QUERY and "empty query" in result.stderr


@given(st.lists(st.one_of(st.text(" \t\r\n", min_size=1), st.text(alphabet=st.characters(
    blacklist_characters="\r\n", blacklist_categories=["Cs"])).map(lambda t: "#" + t)), max_size=6))
def test_white_space_and_comments_alone_are_blank_and_a_query_is_not(parts: list[str]):
    text = "\n".join(parts)
    assert blank(text)
    assert not blank(text + "\nASK { <urn:x#y> ?p '#' }")


def test_unknown_format_is_a_usage_error(run):
    result = run("query", "plans", "-f", "yaml")
    assert result.exit_code == ExitCode.USAGE


def test_bad_data_file_exits_3_with_file_and_line(scratch_project: Project):
    (scratch_project.data_dir / "broken.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b .\n")
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "query", "plans"])
    assert result.exit_code == ExitCode.INPUT
    assert "broken.ttl:2:" in result.stderr
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(scratch_project: Project):
    (scratch_project.data_dir / "broken.ttl").write_text("x:a x:b .\n")
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "--debug", "build"])
    assert result.exit_code != 0
    assert result.exception is not None


_BUGS = [ValueError("boom"), KeyError("a 'quoted' key"), RuntimeError("two\nlines"), ZeroDivisionError()]


@pytest.mark.parametrize("bug", _BUGS, ids=lambda e: type(e).__name__)
def test_a_bug_in_the_build_worker_is_one_line_and_exit_code_1(scratch_project: Project,
                                                              monkeypatch: pytest.MonkeyPatch, bug: Exception):
    def broken(*args: object, **kwargs: object) -> None:
        raise bug

    monkeypatch.setattr("spacekg.store.build.verify_quotes", broken)  # the worker is forked with it
    args = ["--root", str(scratch_project.root), "build", "--force"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == ExitCode.INTERNAL and "Traceback" not in result.output
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Error: internal error (a bug; rerun with --debug and report it): WorkerFailure: build "
                           f"failed in its worker process: {type(bug).__name__}")
    debugged = CliRunner().invoke(cli, ["--debug", *args])
    assert type(debugged.exception).__name__ == "WorkerFailure"
    assert "Traceback" in debugged.stderr and f"{type(bug).__name__}" in debugged.stderr


@pytest.mark.parametrize("bug", _BUGS, ids=lambda e: type(e).__name__)
def test_a_bug_in_the_command_itself_is_one_line_and_exit_code_1(run, monkeypatch: pytest.MonkeyPatch,
                                                                 bug: Exception):
    def broken(*args: object, **kwargs: object) -> None:
        raise bug

    monkeypatch.setattr("spacekg.store.queries.scan_queries", broken)
    result = run("queries")
    assert result.exit_code == ExitCode.INTERNAL and "Traceback" not in result.output
    assert result.stderr.startswith(f"Error: internal error (a bug; rerun with --debug and report it): "
                                    f"{type(bug).__name__}") and result.stderr.count("\n") == 1


def test_export_writes_file_atomically_and_keeps_old_file_on_error(scratch_project: Project, tmp_path: Path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "kg.trig"
    ok = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "export", "-o", str(out)])
    assert ok.exit_code == 0
    before = out.read_bytes()
    (scratch_project.data_dir / "broken.ttl").write_text("<a> <b> .\n")
    failed = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "export", "-o", str(out)])
    assert failed.exit_code == ExitCode.INPUT
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["kg.trig"]


def test_build_reports_stages_on_stderr(scratch_project: Project):
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "build"])
    assert result.exit_code == 0
    assert result.stdout == ""
    for stage in ("load:", "check: 71 sentence quotes verified", "snapshot:"):
        assert stage in result.stderr


def test_sentences_prints_ids_and_offsets(run, project: Project):
    result = run("sentences", str(project.articles_dir / "a002.txt"))
    first = result.stdout.splitlines()[0].split("\t")
    assert first[:3] == ["L1.1", "0", "73"]



_WORDS = st.sampled_from(["China", "landed.", "It", "rolled", "out.", "Yes!", "Mr.", "Wu", "said", "a\\b", "Why?"])


@given(st.lists(st.tuples(_WORDS, st.sampled_from([" ", "\n", "\r\n", "\t", "\n\n", " \t"])), min_size=1, max_size=14))
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])  # run holds no state
def test_sentences_prints_one_line_per_sentence_whose_field_unescapes_to_its_span(run, tmp_path_factory, parts):
    text = "".join(word + gap for word, gap in parts).strip() or "China"
    path = tmp_path_factory.mktemp("text") / "draft.txt"
    path.write_bytes(text.encode("utf-8"))
    lines = run("sentences", str(path)).stdout.splitlines()
    assert lines
    for line in lines:
        sid, begin, end, field = line.split("\t")
        unescaped = re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}[m[1]], field)
        assert unescaped == text[int(begin):int(end)], sid

def test_sentences_takes_a_registered_article_by_its_id(run, project: Project):
    by_file = run("sentences", str(project.articles_dir / "a002.txt"))
    assert run("sentences", "a002").stdout == by_file.stdout
    unknown = run("sentences", "a009")
    assert unknown.exit_code == ExitCode.USAGE
    assert "no article 'a009' (articles: a000, a001, a002)" in unknown.stderr


@given(st.sampled_from(["a000", "a001", "a002"]).flatmap(lambda a: st.tuples(
    st.tuples(*(st.sampled_from([c.lower(), c.upper()]) for c in a)).map("".join),
    st.sampled_from(["", " ", "\t"]), st.sampled_from(["", " "]))).map(lambda t: t[1] + t[0] + t[2]))
@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])  # run holds no state
def test_an_article_id_is_taken_in_any_case_and_with_stray_spaces(run, typed: str):
    assert run("sentences", typed).stdout == run("sentences", typed.strip().lower()).stdout
    asked = run("query", "ordinal-claims", "--source", typed, "-f", "csv", "--as-of", "2026-11-21")
    assert asked.exit_code == 0, asked.output
    assert asked.stdout == run("query", "ordinal-claims", "--source", typed.strip().lower(), "-f", "csv",
                               "--as-of", "2026-11-21").stdout


@pytest.mark.parametrize("args", [
    ("query", "ordinal-claims", "--source", "a009"),
    ("sparql", "--source", "a7", "ASK {}"),
    ("why", "d:change-3-landing", "a", "skg:LunarSoftLanding", "--source", "b000"),
])
def test_an_article_the_graph_lacks_is_refused_with_the_articles_it_has(run, args):
    result = run(*args, "--as-of", "2026-11-21")
    assert result.exit_code == ExitCode.QUERY, result.output
    assert "in the graph (articles: a000, a001, a002)" in result.stderr


def test_python_dash_m_runs_the_cli(project: Project):
    done = subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "query", "next-missions"],
                          capture_output=True, text=True, check=True)
    assert "Chang'e 5" in done.stdout


def test_console_script_is_installed():
    done = subprocess.run(["spacekg", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("spacekg ")


def _choices(command: click.Command, path: str, ctx: click.Context) -> Iterator[tuple[tuple[str, str], list[str]]]:
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from _choices(sub, f"{path} {name}".strip(), click.Context(sub, parent=ctx, info_name=name))
    for param in command.params:
        if isinstance(param.type, click.Choice):
            yield (path, str(param.name)), [str(c) for c in param.type.choices]


def test_every_choice_of_the_command_line_is_the_library_enum_it_names():
    def values(members: list[Enum] | type[Enum]) -> list[str]:
        return [m.value for m in members]

    tables = [f for f in ResultFormat if f in TABULAR]
    expected = {
        ("article mentions", "fmt"): values(MentionFormat),
        ("build", "reasoner"): values(Engine),
        ("check", "fail_on"): values([s for s in Severity if s is not Severity.INFO]),  # info fails no check
        ("check", "fmt"): values(ReportFormat),
        ("export", "fmt"): values(ExportFormat),
        ("export", "view"): values(View),
        ("export", "shape"): values(ExportView),
        ("link", "fmt"): values(tables),
        ("push", "verify"): values(Verify),
        ("push", "fmt"): values(tables),
        ("push", "shape"): values(QueryView),
        **{(command, "fmt"): values(ResultFormat) for command in ("query", "sparql")},
        **{(command, "view"): values(View) for command in ("query", "sparql")},
        **{(command, "shape"): values(QueryView) for command in ("query", "sparql")},
    }
    found = dict(_choices(cli, "", click.Context(cli, info_name="spacekg")))
    assert sorted(found) == sorted(expected), "a new choice needs the enum it lists here"
    assert {key: found[key] for key in expected} == expected
