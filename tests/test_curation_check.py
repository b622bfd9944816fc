"""`spacekg check` names each problem of a new article with its sentence id and how to fix it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from curation_project import ARTICLES, empty_project, run
from hypothesis import given
from hypothesis import strategies as st

from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.sources.project import Project


def replace_block(text: str, sentence_id: str, body: str) -> str:
    opening = f"g:a000-{sentence_id} {{\n"
    start = text.index(opening) + len(opening)
    return text[:start] + body + text[start:]


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A project whose one article has one of each mistake a person can make by hand."""
    project = empty_project(tmp_path_factory.mktemp("check") / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    run(project, "article", "exclude", "a000", "L7.1", "--reason", "opinion")
    run(project, "article", "fact", "a000", "L35.3", "plan", "--by", "China", "--goal", "the launch of a Mars Rover",
        "--event-type", "LaunchEvent", "--target", "Mars", "--when", "mid-2020s")
    # A clock time in an article registered without --tz: no zone to read it in.
    run(project, "article", "fact", "a000", "L15.1", "time-of-day", "--about", "d:change-4-launch", "--clock", "14:23")
    path = project.data_dir / "facts" / "a000.trig"
    text = path.read_text()
    text = text.replace('skg:text "China has launched', 'skg:text "China launched')           # quote
    text = replace_block(text, "L3.1", "    d:change-4-launch a skg:LaunchEvent ; skg:launchSite d:xichnag ;\n"
                                       "        skg:launchVehicel d:long-march .\n")              # unknown terms
    text = replace_block(text, "L9.1", "    d:claim-x a skg:OrdinalClaim ; skg:recordHolder d:china ;\n"
                                       "        skg:recordType skg:LunarSoftLanding .\n")         # no rank
    text = replace_block(text, "L31.1", "    d:claim-y a skg:SuperlativeClaim ; skg:recordHolder d:yutu ;\n"
                                        '        skg:superlative "the first rover"@en .\n')       # no measure
    text = replace_block(text, "L17.1", "    d:change-4-landing a skg:SoftLanding ;\n"
                                        '        skg:earliestTime "2019-01-01T00:00:00Z"^^xsd:dateTime .\n')  # no precision
    text = replace_block(text, "L25.1", '    d:queqiao-launch a skg:LaunchEvent ; skg:timeExpression "in May of this year"@en ;\n'
                                        '        skg:earliestTime "2018-05-01T00:00:00Z"^^xsd:dateTime ;\n'
                                        '        skg:latestTime "2018-05-31T23:59:59Z"^^xsd:dateTime ;\n'
                                        "        skg:timePrecision skg:PrecisionMonth .\n")       # no anchor
    text = replace_block(text, "L21.1", '    d:change-4-landing skg:timeExpression "On Thursday"@en ;\n'
                                        '        skg:earliestTime "2019-01-03T00:00:00Z"^^xsd:dateTime , '
                                        '"2019-01-02T16:00:00Z"^^xsd:dateTime ;\n'
                                        '        skg:latestTime "2019-01-03T23:59:59Z"^^xsd:dateTime ;\n'
                                        "        skg:timePrecision skg:PrecisionDay ; skg:timeAnchor src:a000 .\n")  # two windows
    text = text.replace('skg:excluded true ; skg:exclusionReason "opinion" ;', "skg:excluded true ;")  # no reason
    path.write_text(text)
    return project


@pytest.fixture(scope="module")
def report(mistaken: Project) -> str:
    """The text report of the article with the mistakes."""
    result = run(mistaken, "check", "--article", "a000", "--as-of", "2026-11-21")
    assert result.exit_code == ExitCode.FINDINGS
    return result.stdout


def test_one_articles_check_finds_what_the_whole_check_finds_in_it(mistaken: Project):
    from datetime import date

    from spacekg.checks import run_checks

    everything = run_checks(mistaken, as_of=date(2026, 11, 21))
    assert run_checks(mistaken, as_of=date(2026, 11, 21), article="a000") == [
        f for f in everything if f.location.split(" ", 1)[0] == "a000"]
    assert any(f.check.startswith("shacl:") for f in everything)


@pytest.mark.parametrize(("location", "message"), [
    ("evidence-quotes  a000 L1.1 data/articles/a000.txt[0:73]",
     "the recorded quote (69 characters) and the article's text (73) part at character 6: the quote has "
     "'China launched a historic space…', the article 'China has launched a historic s…'; copy the sentence and "
     "its offsets from `spacekg sentences data/articles/a000.txt`"),
    ("article:unknown-term  a000 L3.1 d:xichnag",
     "d:xichnag is not an entity of the project; did you mean d:xichang (Xichang Satellite Launch Center)? If it is new, say what it is"),
    ("article:unknown-term  a000 L3.1 skg:launchVehicel",
     "skg:launchVehicel is not a property of the ontology; did you mean skg:launchVehicle?"),
    ("article:provenance  a000 L3.1",
     "the sentence's graph has no skg:modality: say what kind of statement it is with "
     "`spacekg article fact a000 L3.1 TEMPLATE … --modality …` (asserted, expected, hedged, hypothetical, planned, "
     "reported), or in g:provenance"),
    ("shacl:OrdinalClaim  a000 L9.1 d:claim-x skg:ordinalRank",
     "an ordinal claim states one rank, a whole number from 1: add skg:ordinalRank (--rank N or --first)"),
    ("article:dates  a000 L17.1 d:change-4-landing",
     "the date has no skg:timePrecision: give it"),
    ("article:exclusion  a000 L7.1",
     "the sentence is excluded without a reason: give it with `spacekg article exclude a000 L7.1 --reason …`"),
    ("article:unfilled  a000 L1.1",
     "the sentence states no facts yet: add them (`spacekg article fact a000 L1.1 TEMPLATE …`, or by hand), "
     "or exclude it (`spacekg article exclude a000 L1.1 --reason …`)"),
    ("article:dates  a000 L25.1 d:queqiao-launch",
     "\"in May of this year\" is relative to the publication date: record it with `skg:timeAnchor src:a000`"),
    ("article:dates  a000 L21.1 d:change-4-landing",
     "the sentence gives the event two time windows (skg:earliestTime twice), and each would get a verdict"),
    ("shacl:TimeClaim  a000 L15.1 d:claim-a000-L15.1-change-4-launch-time skg:claimedUtcOffset",
     "can only be judged unverifiable: remove it and answer its template again with --utc-offset and --zone-basis"),
    ("shacl:TimeClaim  a000 L15.1 d:claim-a000-L15.1-change-4-launch-time skg:zoneBasis",
     "a time claim says why it is read in its zone: stated, dateline or publisher (--zone-basis of its template"),
    ("shacl:SuperlativeAspect  a000 L31.1 d:claim-y",
     "the superlative names no aspect, so it can only be judged unverifiable: add skg:measure"),
])
def test_each_problem_is_named_with_its_sentence_and_fix(report: str, location: str, message: str):
    lines = report.splitlines()
    found = [i for i, line in enumerate(lines) if line.split(None, 1)[-1] == location]
    assert found, f"{location!r} not in\n{report}"
    assert any(message in " ".join(lines[i + 1].split()) for i in found), lines[found[0] + 1]


def test_the_article_filter_keeps_only_the_article_and_counts_by_severity(report: str):
    locations = [line.split()[2] for line in report.splitlines() if line[:1] in "eiw" and "  " in line]
    assert locations and set(locations) == {"a000"}
    assert report.rstrip().splitlines()[-1].startswith(("1", "2", "3", "4", "5", "6", "7", "8", "9"))


@pytest.mark.slow
def test_a_changed_article_text_is_an_error(tmp_path: Path):
    project: Project = empty_project(tmp_path / "kg")
    run(project, "article", "add", str(ARTICLES / "a001.txt"), "--outlet", "Blasting News", "--published", "2016-12-27")
    text = project.articles_dir / "a000.txt"
    text.write_text(text.read_text() + "\nA line added later.\n")
    result = run(project, "check", "--article", "a000")
    assert "error    article:text  a000" in result.stdout
    assert "data/articles/a000.txt changed after it was registered" in result.stdout


def _two_articles(tmp_path: Path) -> Project:
    project: Project = empty_project(tmp_path / "kg")
    for article, outlet, day in (("a001.txt", "Blasting News", "2016-12-27"), ("a002.txt", "The Independent", "2018-12-07")):
        assert run(project, "article", "add", str(ARTICLES / article), "--outlet", outlet,
                   "--published", day).exit_code == 0
    return project


def test_a_missing_article_text_is_a_finding_and_the_other_articles_are_still_checked(tmp_path: Path):
    project = _two_articles(tmp_path)
    (project.articles_dir / "a000.txt").unlink()
    result = run(project, "check")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    assert "error    article:text  a000" in result.stdout and "data/articles/a000.txt is missing" in result.stdout
    assert "a001 L1.1" in result.stdout  # the other article's sentences are still checked
    built = run(project, "build")
    assert built.exit_code == ExitCode.INPUT
    assert ("data/articles/a000.txt: file not found; it is the text of <https://w3id.org/spacekg/source/a000>"
            in built.stderr and "Traceback" not in built.output)


@pytest.mark.parametrize("how", ["removed", "renamed"])
def test_a_registered_article_without_its_facts_file_is_an_error_not_left_out(tmp_path: Path, how: str):
    project = _two_articles(tmp_path)
    facts = project.data_dir / "facts" / "a001.trig"
    if how == "removed":
        facts.unlink()
    else:
        facts.rename(facts.with_name("a001-old.trig.bak"))
    result = run(project, "check")
    assert "error    article:facts  a001" in result.stdout
    assert "restore data/facts/a001.trig" in result.stdout


@given(st.text(min_size=1, max_size=120), st.text(max_size=120))
def test_a_mismatch_is_shown_where_the_quote_and_the_text_part(quote, found):
    from spacekg.sources.evidence import QuoteMismatch

    if quote == found:
        return
    at = next((i for i, (a, b) in enumerate(zip(quote, found)) if a != b), min(len(quote), len(found)))
    message = QuoteMismatch("s", "a.txt", 0, len(found), quote, found).difference()
    assert f"part at character {at}:" in message
    shown_quote, shown_found = message.split(": the quote has ", 1)[1].split(", the article ", 1)
    for shown, text in ((shown_quote, quote), (shown_found, found)):
        assert text[max(0, at - 5) : at + 5] in ast.literal_eval(shown)  # the characters around the difference are shown


@pytest.mark.parametrize(("article", "named"), [("a009", "a009"), ("a0000", "a0000"), ("a1", "a001"), ("L1.1", "L1.1")])
def test_checking_an_article_the_project_does_not_have_is_refused_not_passed(article: str, named: str, tmp_path: Path):
    project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    result = run(project, "check", "--article", article)
    assert result.exit_code == ExitCode.USAGE
    assert f"no article {named!r} (articles: a000)" in result.output


def test_a_check_with_findings_but_matching_quotes_leaves_its_build_for_the_next_command(tmp_path: Path):
    project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    checked = run(project, "check", "--as-of", "2026-11-21")
    assert "article:unfilled" in checked.stdout  # a warning: the sentences are not filled yet
    built = CliRunner().invoke(cli, ["--root", str(project.root), "build", "--as-of", "2026-11-21"])
    assert built.exit_code == 0 and "cache: up to date" in built.stderr, built.stderr


def test_a_plan_whose_goal_an_event_of_its_kind_met_elsewhere_is_pointed_at_until_linked(tmp_path: Path):
    project: Project = empty_project(tmp_path / "kg")
    _asteroid_plan(project)
    goals = project.data_dir / "goals.ttl"
    serves = "<https://w3id.org/spacekg/id/plan-a000-asteroid-launch> <https://w3id.org/spacekg/ontology#servesGoal> " \
             "<https://w3id.org/spacekg/id/goal-asteroid-exploration> .\n"
    goals.write_text(serves)
    found = run(project, "check", "--article", "a000", "--fail-on", "warning")
    assert ("warning  plan-goal-met-elsewhere  a000 L3.1 plan=d:plan-a000-asteroid-launch, "
            "goal=d:goal-asteroid-exploration, event=d:tianwen-2-launch") in found.stdout
    goals.write_text(serves + serves.replace("servesGoal> <https://w3id.org/spacekg/id/goal-asteroid-exploration",
                                             "fulfilledBy> <https://w3id.org/spacekg/id/tianwen-2-launch"))
    assert "plan-goal-met-elsewhere" not in run(project, "check", "--article", "a000").stdout


def _asteroid_plan(project: Project) -> None:
    assert run(project, "article", "add", str(ARTICLES / "a001.txt"), "--outlet", "Blasting News",
               "--published", "2016-12-27").exit_code == 0
    assert run(project, "article", "fact", "a000", "L3.1", "plan", "--id", "asteroid-launch", "--by", "China",
               "--event-type", "LaunchEvent", "--target", "d:asteroids", "--goal", "an asteroid mission",
               "--when", "around 2025").exit_code == 0


@pytest.mark.parametrize(("plan", "goal"), [
    ("d:plan-a000-asteroid-launch", "China's asteroid exploration mission"),
    ("plan-a000-asteroid-launch", "d:goal-asteroid-exploration"),
    ("<https://w3id.org/spacekg/id/plan-a000-asteroid-launch>", "china’s asteroid exploration mission"),
    ("L3.1", "China's asteroid exploration mission"), ("l03.01", "d:goal-asteroid-exploration")])
def test_article_goal_links_a_plan_to_its_goal_and_event_until_check_is_satisfied(tmp_path: Path, plan, goal):
    project: Project = empty_project(tmp_path / "kg")
    _asteroid_plan(project)
    before = run(project, "check", "--article", "a000").stdout
    assert "shacl:PlanGoal  a000 L3.1 d:plan-a000-asteroid-launch" in before and "spacekg article goal" in before
    linked = run(project, "article", "goal", "a000", plan, "--serves", goal)
    assert linked.exit_code == 0, linked.output
    assert "serves d:goal-asteroid-exploration (China's asteroid exploration mission)" in linked.stdout
    found = run(project, "check", "--article", "a000").stdout
    assert "shacl:PlanGoal" not in found
    assert "plan-goal-met-elsewhere  a000 L3.1 plan=d:plan-a000-asteroid-launch" in found
    # The same link again changes nothing and says so.
    facts = project.data_dir / "facts" / "a000.trig"
    text = facts.read_bytes()
    again = run(project, "article", "goal", "a000", plan, "--serves", goal)
    assert again.exit_code == 0 and "already linked so" in again.stdout and facts.read_bytes() == text
    done = run(project, "article", "goal", "a000", plan, "--fulfilled-by", "d:tianwen-2-launch",
               "--because", "Tianwen-2 is China's asteroid mission")
    assert done.exit_code == 0, done.output
    assert "plan-goal-met-elsewhere" not in run(project, "check", "--article", "a000").stdout
    curation = [q for q in ox.parse(path=str(facts), format=ox.RdfFormat.TRIG) if q.graph_name.value.endswith("/curation")]
    assert {(q.predicate.value.rsplit("#", 1)[-1], str(q.object)) for q in curation} == {
        ("servesGoal", "<https://w3id.org/spacekg/id/goal-asteroid-exploration>"),
        ("fulfilledBy", "<https://w3id.org/spacekg/id/tianwen-2-launch>"),
        ("comment", '"fulfilledBy tianwen-2-launch: Tianwen-2 is China\'s asteroid mission"@en')}
    # The links are the article's: they leave with it.
    assert run(project, "article", "remove", "a000").exit_code == 0
    assert not any("plan-a000-asteroid-launch" in f.read_text() for f in project.data_dir.rglob("*.t*")
                   if f.suffix in (".ttl", ".trig"))


def test_article_goal_makes_a_new_goal_that_other_plans_then_serve_by_its_label(tmp_path: Path):
    project: Project = empty_project(tmp_path / "kg")
    _asteroid_plan(project)
    assert run(project, "article", "fact", "a000", "L7.1", "plan", "--id", "asteroid-sample", "--by", "China",
               "--event-type", "SampleReturn", "--target", "d:asteroids", "--goal", "asteroid samples",
               "--when", "around 2030").exit_code == 0
    made = run(project, "article", "goal", "a000", "d:plan-a000-asteroid-sample", "--serves", "d:goal-asteroid-samples",
               "--new-goal", "China's asteroid sample return")
    assert made.exit_code == 0 and "(a new goal)" in made.stdout, made.output
    second = run(project, "article", "goal", "a000", "d:plan-a000-asteroid-launch", "--serves",
                 "China's asteroid sample return")
    assert second.exit_code == 0 and "d:goal-asteroid-samples" in second.stdout, second.output
    assert "shacl:PlanGoal" not in run(project, "check", "--article", "a000").stdout


@pytest.mark.parametrize(("answers", "said"), [
    (("d:plan-a000-nothing", "--serves", "d:goal-asteroid-exploration"), "is no plan of a000; its plans: d:plan-a000-asteroid-launch"),
    (("d:plan-a000-asteroid-launch", "--serves", "d:goal-unknown"), "d:goal-unknown is in no file of the project"),
    (("d:plan-a000-asteroid-launch", "--serves", "Moon"), "d:moon (Moon) is no skg:Goal"),
    (("d:plan-a000-asteroid-launch", "--serves", "d:moon", "--new-goal", "x"), "d:moon is a known thing (Moon)"),
    (("d:plan-a000-asteroid-launch", "--new-goal", "x"), "--new-goal is the label of the goal --serves names"),
    (("d:plan-a000-asteroid-launch", "--serves", "skg:MyGoal", "--new-goal", "x"), "a new goal is named in the project's"),
    (("d:plan-a000-asteroid-launch", "--fulfilled-by", "d:tianwen-2-launch"), "--fulfilled-by EVENT needs --because"),
    (("d:plan-a000-asteroid-launch", "--serves", "d:goal-asteroid-exploration", "--because", "so"),
     "--because is the reason for --fulfilled-by"),
    (("d:plan-a000-asteroid-launch", "--fulfilled-by", "Moon", "--because", "so"), "d:moon (Moon) is no event"),
    (("d:plan-a000-asteroid-launch",), "give --serves GOAL, --fulfilled-by EVENT, or both"),
    (("L5.1", "--serves", "d:goal-asteroid-exploration"), "a000 L5.1 states no plan: give the plan as d:…"),
    (("L99.1", "--serves", "d:goal-asteroid-exploration"), "a000 has no sentence 'L99.1'")])
def test_article_goal_refuses_what_it_cannot_link_and_writes_nothing(tmp_path: Path, answers, said):
    project: Project = empty_project(tmp_path / "kg")
    _asteroid_plan(project)
    facts = project.data_dir / "facts" / "a000.trig"
    text = facts.read_bytes()
    refused = run(project, "article", "goal", "a000", *answers)
    assert refused.exit_code == ExitCode.USAGE and said in refused.output, refused.output
    assert facts.read_bytes() == text


def test_article_goal_writes_no_link_the_project_has_already(tmp_path: Path):
    # The shipped curation links the plans of the shipped articles: adding one again and linking
    # its plan as the shipped data does writes nothing.
    project: Project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07", "--id", "a002").exit_code == 0
    assert run(project, "article", "fact", "a002", "L35.3", "plan", "--id", "mars-rover-mid-2020s", "--by", "China",
               "--event-type", "LaunchEvent", "--target", "Mars", "--goal", "the launch of a Mars Rover",
               "--when", "mid-2020s").exit_code == 0
    facts = project.data_dir / "facts" / "a002.trig"
    text = facts.read_bytes()
    linked = run(project, "article", "goal", "a002", "d:plan-a002-mars-rover-mid-2020s", "--serves",
                 "d:goal-first-mars-mission")
    assert linked.exit_code == 0 and "already linked so" in linked.stdout, linked.output
    assert facts.read_bytes() == text


def test_article_goal_refuses_a_second_goal_for_a_plan(tmp_path: Path):
    project: Project = empty_project(tmp_path / "kg")
    _asteroid_plan(project)
    assert run(project, "article", "goal", "a000", "d:plan-a000-asteroid-launch", "--serves",
               "d:goal-asteroid-exploration").exit_code == 0
    refused = run(project, "article", "goal", "a000", "d:plan-a000-asteroid-launch", "--serves", "d:goal-mars-sample-return")
    assert refused.exit_code == ExitCode.USAGE
    assert "serves d:goal-asteroid-exploration (China's asteroid exploration mission) already" in refused.output


@pytest.mark.parametrize(("scope", "warned"), [((), True), (("--scope", "near the Moon's south pole"), False),
                                               (("--scope", "World"), True)])
def test_one_article_ranking_a_holder_two_ways_for_one_achievement_is_pointed_at(tmp_path: Path, scope, warned):
    project: Project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    ordinal = ("ordinal", "--holder", "China", "--record", "LunarSoftLanding")
    assert run(project, "article", "fact", "a000", "L9.1", *ordinal, "--rank", "3").exit_code == 0
    assert run(project, "article", "fact", "a000", "L35.1", *ordinal, "--first", *scope).exit_code == 0
    found = run(project, "check", "--article", "a000").stdout
    assert ("warning  ordinal-claims-disagree  a000 article=src:a000, holder=d:china, type=skg:LunarSoftLanding, "
            "first=1, second=3" in found) == warned


@pytest.mark.parametrize(("written", "warned"), [("d:change-4-landr", True), ("d:chang-4-lander", True),
                                                 ("d:change-5-lander", False), ("d:yutu-3", False),
                                                 ("d:new-relay-satellite", False)])
def test_a_new_thing_whose_name_is_a_slip_of_a_known_one_is_pointed_at(tmp_path: Path, written: str, warned: bool):
    project: Project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    assert run(project, "article", "fact", "a000", "L3.1", "thing", "--entity", written, "--class", "Lander",
               "--label", "a lander").exit_code == 0
    found = run(project, "check", "--article", "a000").stdout
    assert (f"warning  article:near-duplicate  a000 L3.1 {written}" in found) == warned
    if warned:
        assert "is new here and close to d:change-4-lander (Chang'e 4 lander): if it is the same thing" in found


NEW_REGIONS = {"d:inner-mongolia", "d:siziwang"}  # places the project does not know yet


@pytest.mark.parametrize(("first", "then", "refused"), [
    ("d:south-pole-aitken-basin", "d:von-karman-crater", False),   # the crater lies in the basin
    ("d:von-karman-crater", "d:south-pole-aitken-basin", False),   # in either order
    ("d:von-karman-crater", "d:far-side-of-the-moon", False),
    ("d:inner-mongolia", "d:siziwang", True),                      # nothing says where the banner lies
    ("d:guizhou", "d:von-karman-crater", True),                    # two places apart
])
def test_two_sentences_may_give_a_landing_a_site_and_a_place_within_it(tmp_path: Path, first, then, refused):
    project: Project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    for sentence, site in (("L3.1", first), ("L5.1", then)):
        assert run(project, "article", "fact", "a000", sentence, "landing", "--id", "d:capsule-landing", "--site", site,
                   *(("--is", site, "AdministrativeRegion") if site in NEW_REGIONS else ())).exit_code == 0
    found = run(project, "check", "--article", "a000").stdout
    assert ("article:second-value  a000 L5.1 d:capsule-landing" in found) == refused, found
    if then == "d:siziwang":
        # Once a sentence says the banner lies in the region, the two sites are one.
        assert run(project, "article", "fact", "a000", "L5.1", "thing", "--entity", then, "--located-in",
                   first).exit_code == 0
        assert "article:second-value" not in run(project, "check", "--article", "a000").stdout


@pytest.mark.parametrize(("written", "kind", "warned"), [
    ("d:change-6-returner", "Spacecraft", False),   # a craft, beside the mission's sample return: another thing
    ("d:change-6-returner", "Lander", False),
    ("d:change-6-returns", "SampleReturn", True),   # the same kind: a slip
    ("d:change-6-retrn", "Event", True),            # a kind the known one narrows: may be it
    ("d:change-4-landers", "SoftLanding", False),   # an event, beside the Chang'e 4 lander
])
def test_a_name_close_to_a_thing_of_another_kind_is_no_slip(tmp_path: Path, written: str, kind: str, warned: bool):
    project: Project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    assert run(project, "article", "fact", "a000", "L3.1", "thing", "--entity", written, "--class", kind,
               "--label", "a new thing").exit_code == 0
    found = run(project, "check", "--article", "a000").stdout
    assert (f"warning  article:near-duplicate  a000 L3.1 {written}" in found) == warned, found


@pytest.mark.parametrize(("first", "then", "warned"), [
    ("d:chandrayaan-3-landing", "d:chandrayan-3-landing", True), ("d:queqiao-relay-launch", "d:queqiao-relay-lanch", True),
    ("d:chandrayaan-3-landing", "d:chandrayaan-2-landing", False), ("d:vikram-landing", "d:pragyan-landing", False),
])
def test_a_slip_of_a_thing_an_earlier_sentence_brought_in_is_pointed_at(tmp_path: Path, first: str, then: str,
                                                                           warned: bool):
    project: Project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    for sentence, node in (("L3.1", first), ("L5.1", then)):
        assert run(project, "article", "fact", "a000", sentence, "thing", "--entity", node, "--class", "SoftLanding",
                   "--label", f"landing {sentence}").exit_code == 0
    found = run(project, "check", "--article", "a000").stdout
    assert (f"warning  article:near-duplicate  a000 L5.1 {then}" in found) == warned, found
    assert f"article:near-duplicate  a000 L3.1 {first}" not in found  # the first one is the one to keep


def test_a_finding_two_shapes_make_alike_is_said_once(tmp_path: Path):
    project: Project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    assert run(project, "article", "fact", "a000", "L9.1", "ordinal", "--holder", "China", "--record",
               "LunarSoftLanding", "--rank", "3").exit_code == 0
    facts = project.data_dir / "facts" / "a000.trig"
    facts.write_text(facts.read_text().replace("skg:ordinalRank 3", 'skg:ordinalRank "four"'))
    lines = run(project, "check", "--article", "a000").stdout.splitlines()
    found = [line for line in lines if line.startswith("error    shacl:OrdinalClaim")]
    assert found and len(found) == len(set(found))


def _attributed_sentence(tmp_path: Path, template: tuple[str, ...]) -> Project:
    """A project with one article (a000) whose sentence L15.1 is filled by ``template`` alone."""
    project: Project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    assert run(project, "article", "fact", "a000", "L15.1", *template).exit_code == 0
    return project


@pytest.mark.parametrize("template", [("quote", "--speaker", "Xi Jinping"), ("report", "--outlet", "Global Times")])
def test_a_sentence_only_attributed_says_what_of_it_is_missing(tmp_path: Path, template):
    project = _attributed_sentence(tmp_path, template)
    found = run(project, "check", "--article", "a000").stdout
    assert "the sentence is attributed to d:" in found and "but states none of what was said yet" in found


@pytest.mark.parametrize(("template", "who"), [
    (("quote", "--speaker", "Xi Jinping", "--role", "President"), "d:xi-jinping"),
    (("quote", "--speaker", "Xi Jinping", "--affiliation", "Global Times"), "d:xi-jinping"),
    (("quote", "--speaker", "d:a-spokesperson", "--speaker-label", "a spokesperson"), "d:a-spokesperson"),
])
def test_what_a_quote_says_of_its_speaker_is_none_of_what_was_said(tmp_path: Path, template, who):
    project = _attributed_sentence(tmp_path, template)
    found = [line for line in run(project, "check", "--article", "a000").stdout.splitlines()
             if "a000 L15.1" in line or "states none of what was said" in line]
    assert any(f"attributed to {who} but states none of what was said yet" in line for line in found), found
    assert any(f"remove the facts about {who} in its graph and its skg:attributedTo in g:provenance" in line
               for line in found), found


@pytest.mark.parametrize("template", [("quote", "--speaker", "Xi Jinping"), ("report", "--outlet", "Global Times")])
def test_the_way_out_an_attributed_sentence_is_given_works(tmp_path: Path, template):
    project = _attributed_sentence(tmp_path, template)
    hint = next(line for line in run(project, "check", "--article", "a000").stdout.splitlines()
                if "states none of what was said" in line)
    assert "remove its skg:attributedTo in g:provenance of data/facts/a000.trig and exclude it" in hint
    refused = run(project, "article", "exclude", "a000", "L15.1", "--reason", "praise")
    assert "remove its skg:attributedTo from g:provenance in data/facts/a000.trig first" in refused.stderr
    facts = project.data_dir / "facts" / "a000.trig"
    text, removed = re.subn(r"\s*;\s*skg:attributedTo d:[\w-]+", "", facts.read_text())
    assert removed == 1
    facts.write_text(text)
    assert run(project, "article", "exclude", "a000", "L15.1", "--reason", "praise").exit_code == 0
    assert "a000 L15.1" not in run(project, "check", "--article", "a000").stdout


NOT_AGENTS = [("d:yutu-2", "skg:Rover"), ("d:moon", "skg:NaturalSatellite"), ("d:xichang", "skg:LaunchSite"),
              ("d:change-4", "skg:RoboticMission")]


@pytest.mark.parametrize(("thing", "kind"), NOT_AGENTS)
@pytest.mark.parametrize("answer", [("quote", "--speaker"), ("report", "--outlet")])
def test_a_template_refuses_to_attribute_a_sentence_to_what_is_no_agent(tmp_path: Path, thing, kind, answer):
    project = empty_project(tmp_path / "kg")
    assert run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    facts = project.data_dir / "facts" / "a000.trig"
    before = facts.read_bytes()
    refused = run(project, "article", "fact", "a000", "L15.1", *answer, thing)
    assert refused.exit_code == ExitCode.USAGE
    assert f"{thing} (" in refused.stderr and f"{kind}) is not a skg:Agent, which skg:attributedTo takes" in refused.stderr
    assert facts.read_bytes() == before


@pytest.mark.parametrize(("thing", "kind"), NOT_AGENTS)
def test_check_finds_a_sentence_attributed_by_hand_to_what_is_no_agent(tmp_path: Path, thing, kind):
    project = _attributed_sentence(tmp_path, ("quote", "--speaker", "Xi Jinping"))
    facts = project.data_dir / "facts" / "a000.trig"
    text, changed = re.subn(r"skg:attributedTo d:xi-jinping", f"skg:attributedTo {thing}", facts.read_text())
    assert changed == 1
    facts.write_text(text)
    found = run(project, "check", "--article", "a000")
    assert found.exit_code == ExitCode.FINDINGS
    problem = next(line for line in found.stdout.splitlines() if f"{kind}) is not a skg:Agent" in line)
    assert "quote --speaker" in problem and "report --outlet" in problem
    assert re.search(rf"error\s+article:provenance\s+a000 L15.1 {thing}", found.stdout)


@pytest.mark.parametrize(("line", "kind"), [
    ("China's Chang'e-6 brings back first samples from moon's far side", "headline"),
    ("By Jonathan Amos", "byline credit"), ("BBC Science Correspondent", "byline credit"),
    ("(Reporting by Ryan Woo and Liz Lee; Editing by Christian Schmollinger)", "byline credit"),
    ("*By Andrew Jones, May 29, 2025*", "byline credit"),
    ("Written by Jane Doe and John Roe.", "byline credit"),
    ("Associated Press writer Ken Moritsugu in Beijing contributed to this report.", "byline credit"),
    ("Mike Wall, Senior Space Writer", "byline credit"), ("By Mike Wall, Senior Space Writer", "byline credit"),
    ("Science Editor", "byline credit"), ("Staff and agencies", "byline credit"), ("Reuters Staff", "byline credit"),
    ("Guardian staff and agencies", "byline credit"), ("Agencies", "byline credit"), ("News Desk", "byline credit"),
    ("published January 3, 2019", "date line"), ("Sat 15 May 2021 04.32 BST", "date line"),
    ("Support free-thinking journalism and subscribe to Independent Minds", "advertisement"),
    ("Sign up for our free space newsletter", "advertisement"), ("Follow us on Twitter", "advertisement"),
    ("Read more: China lands its Zhurong rover on Mars", "link to another page"),
    ("Related: Shenzhou-18 crew returns", "link to another page"),
    ("Photo: CNSA", "photo caption"), ("(Image credit: Xinhua)", "photo caption"), ("Updated: 2019-01-03 10:26 GMT", "date line"),
    ("*last updated 3 Jan 2019*", "date line"),
])
def test_an_unfilled_headline_or_credit_is_named_with_the_reason_to_exclude_it(tmp_path, line, kind):
    from curation_project import empty_project

    project = empty_project(tmp_path / "kg")
    path = tmp_path / "article.txt"
    lines = [line, "The probe landed on the moon."] if kind == "headline" else \
        ["The probe landed on the moon.", line, "It returned on Tuesday."]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    assert run(project, "article", "add", str(path), "--outlet", "The Independent",
               "--published", "2024-06-25").exit_code == 0
    # The article's own checks, which `spacekg check --article` reports (the whole check is tested
    # above; pySHACL adds seconds and nothing here).
    from spacekg.curation.catalogue import project_quads
    from spacekg.curation.lint import article_problems

    said = {p.sentence_id: p.message for p in article_problems(project, project_quads(project), only="a000")
            if p.check == "article:unfilled"}
    sid = "L1.1" if kind == "headline" else "L3.1"
    assert said.pop(sid).startswith(f"the sentence states no facts yet; it reads as a {kind}: exclude it "
                                    f"(`spacekg article exclude a000 {sid} --reason \"{kind}\"`)")
    assert len(said) == len(lines) - 1 and all(m.startswith("the sentence states no facts yet: add them")
                                               for m in said.values())


@pytest.mark.parametrize("text", ["By 2030, China plans to land astronauts.", "By the way, it flew.",
                                  "By Friday the probe had landed.", "Written by hand, the plan was sent.",
                                  "Staff at the launch site cheered.", "Ground staff and agencies worked all night.",
                                  "two staff", "Follow-up missions will launch in 2025.",
                                  "Support for the program grew in 2019.", "Follow the mission as it travels to Mars.",
                                  "Photos of the far side reached Earth.", "Related missions will follow."])
def test_a_sentence_that_goes_on_in_words_is_no_credit_advert_link_or_caption(text):
    from spacekg.curation.lint import _kind_of_line

    assert _kind_of_line({"text": [ox.Literal(text)]}, first=False) is None


@pytest.mark.parametrize("text", ["The agency named Wang Li its new Science Editor", "She was a writer",
                                  "China hired a Chief Editor", "He told the Reporter"])
def test_a_sentence_that_ends_in_a_role_is_no_credit_unless_the_line_is_names_and_the_role(text):
    from spacekg.curation.lint import _credit

    assert not _credit(text)
