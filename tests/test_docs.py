"""The README documents every command, and its quick-start output is what the query prints."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from spacekg.cli import cli
from spacekg.sources.project import Project

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def test_every_command_has_help_and_is_in_the_readme():
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"spacekg {name}" in README, name


def test_every_stored_query_is_in_the_readme(project: Project):
    for path in project.queries_dir.glob("*.rq"):
        assert f"`{path.stem}`" in README, path.stem


def test_readme_shows_the_real_output_of_the_quick_start_query(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "change4-launch"])
    assert result.stdout in README


def test_readme_shows_the_real_mars_plans_output(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "plans-by-target", "-p", "target=d:mars"])
    assert result.stdout in README


def test_readme_shows_the_real_contradicted_claims(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "claim-verdicts",
                                      "-p", "verdict=skg:Contradicted", "--as-of", "2026-11-21"])
    assert result.stdout in README


def test_readme_shows_the_real_ordinals(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "ordinals", "--as-of", "2026-11-21"])
    assert result.stdout in README


def test_readme_shows_the_real_plan_reporting_output(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "plan-reporting", "-p", "source=src:a001",
                                      "--as-of", "2026-11-21"])
    assert result.stdout in README


def test_readme_shows_the_real_why_of_a_verdict(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:assessment-claim-a000-L21.1-orbited",
                                      "skg:verdict", "skg:Imprecise", "--as-of", "2026-11-21"])
    assert result.stdout in README


def test_readme_verdict_and_ontology_numbers_hold(project: Project, kg):
    counts = {r[0].value.rsplit("#", 1)[1].lower(): int(r[1].value) for r in kg.query(
        "SELECT ?v (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a skg:ClaimAssessment ; skg:verdict ?v } GROUP BY ?v").rows}
    line = (f"{sum(counts.values())} verdicts on the articles' checkable claims: {counts['supported']} supported, "
            f"{counts['contradicted']} contradicted, {counts['imprecise']} imprecise, {counts['unverifiable']}")
    assert line in " ".join(README.split())
    (claims,) = kg.query("""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a ?k } ?g skg:statedIn ?s .
        ?k rdfs:subClassOf* skg:Claim }""").rows
    assert f"{claims[0].value} claim nodes" in README
    kinds = {r[0].value: int(r[1].value) for r in kg.query("""SELECT ?k (COUNT(DISTINCT ?t) AS ?n) WHERE {
        GRAPH g:ontology { ?t a ?k } FILTER (STRSTARTS(STR(?t), STR(skg:))) } GROUP BY ?k""").rows}
    owl = "http://www.w3.org/2002/07/owl#"
    properties = sum(kinds.get(owl + k, 0) for k in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty"))
    vocabularies = sum(1 for k in kinds if k.startswith("https://w3id.org/spacekg/ontology#"))
    assert f"{kinds[owl + 'Class']} classes, {properties} properties and {vocabularies} controlled vocabularies" in README


def test_readme_shows_a_real_wdqs_query_and_its_output(project: Project):
    text = CliRunner().invoke(cli, ["--root", str(project.root), "queries", "wdqs-chinese-lunar-missions"]).stdout
    answer = CliRunner().invoke(cli, ["--root", str(project.root), "query", "wdqs-chinese-lunar-missions"]).stdout
    assert text in README and answer in README


def test_readme_gives_the_real_link_counts(project: Project, kg):
    from spacekg.wikidata.links import coverage, link_report

    rows = link_report(kg, project.root)
    total = coverage(rows)[-1]
    assert (f"Of the {len(rows)} named entities, {total.linked} are linked, {total.unverified} are unverified and "
            f"{total.no_item} have no item of their own") in " ".join(README.split())
    assert f"{total.percent:.0f}% of the entities that may have an item are linked" in " ".join(README.split())
