"""Everyday command-line paths: help, shell completion, error positions in the Wikidata view."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.namespaces import PREFIXES
from spacekg.sources.project import Project
from spacekg.wikidata.view import VIEW_PREFIXES


def complete(project: Project, words: str) -> list[str]:
    """What bash completion offers for the last word of ``words`` (click's bash protocol)."""
    line = f"spacekg --root {project.root} {words}"
    env = {"_SPACEKG_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(line.split()) - (
        0 if line.endswith(" ") else 1))}
    result = CliRunner().invoke(cli, [], env=env, prog_name="spacekg")
    return [item.split(",", 1)[1] for item in result.stdout.splitlines() if item]


def test_sparql_help_shows_query_optional_and_every_declared_prefix():
    result = CliRunner().invoke(cli, ["sparql", "--help"])
    assert "sparql [OPTIONS] [QUERY]\n" in result.stdout
    for prefix, namespace in PREFIXES.items():
        assert f"{prefix}:" in result.stdout and f"<{namespace}>" in result.stdout
    for prefix in VIEW_PREFIXES:
        assert f" {prefix}:" in result.stdout


@pytest.mark.parametrize("command", ["query", "sparql"])
def test_the_view_option_gives_the_default_each_command_has(command: str):
    # An ad-hoc query has no header to name a view; a stored query's header may.
    text = " ".join(CliRunner().invoke(cli, [command, "--help"]).stdout.split())
    assert "Default: spacekg; for a stored query, the view its header names (#+ view: wikidata)." in text


def test_completion_offers_query_names(project: Project):
    assert complete(project, "query ord") == ["ordinal-claims", "ordinals"]
    assert "change4-launch" in complete(project, "queries ")


def test_completion_offers_the_parameters_of_the_named_query(project: Project):
    declared = [line.split()[2] + "=" for line in (project.queries_dir / "change4-launch.rq").read_text().splitlines()
                if line.startswith("#+ param:")]
    assert len(declared) >= 2 and complete(project, "query change4-launch -p ") == declared
    assert complete(project, f"query change4-launch -p {declared[0]}x -p ") == declared[1:]
    assert complete(project, "query events-in-year -p y") == ["year="]
    assert complete(project, "query no-such-query -p ") == []


def test_completion_outside_a_project_never_fails(tmp_path):
    line = f"spacekg --root {tmp_path} query o"
    env = {"_SPACEKG_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": "4"}
    result = CliRunner().invoke(cli, [], env=env, prog_name="spacekg")
    assert result.exit_code == 0 and result.stdout.strip() == ""


def test_completion_script_is_what_the_readme_says_to_source():
    done = subprocess.run(["spacekg"], env={"_SPACEKG_COMPLETE": "bash_source", "PATH": "/usr/bin:/bin:" + (
        __import__("os").environ["PATH"])}, capture_output=True, text=True)
    assert "_SPACEKG_COMPLETE=bash_complete" in done.stdout


@pytest.mark.parametrize("text, position", [
    ("SELECT ?x WHERE {\n  ?x wdt:P31 }", "2:14"),
    ("SELECT ?x\nWHERE {\n\n  ?x zz:P31 ?y }", "line 4"),
])
def test_wikidata_view_errors_point_at_the_users_lines(project: Project, text: str, position: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "--view", "wikidata", text])
    assert result.exit_code == ExitCode.QUERY
    assert position in result.stderr


def test_wikidata_view_still_declares_its_prefixes(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "--view", "wikidata",
                                      "SELECT ?s WHERE { ?s p:P31 ?st . ?st ps:P31 ?o } LIMIT 1"])
    assert result.exit_code == 0, result.stderr
