"""A failed attempt achieves nothing, and an organisation's event is its country's.

Each test adds cited events (g:background) and article statements to a scratch copy of the
project, builds it, and reads the verdicts, plan statuses and stored queries that depend on them.
The ranks are tested in test_ordinals.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from spacekg.namespaces import ID
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.queries import bind_parameters, get_query
from spacekg.store.snapshot import current_snapshot

CITE = 'skg:citation <https://example.org/test> ; skg:citationQuote "synthetic"@en'
AGENTS = f"""
    d:test-company a skg:Company ; skg:country d:italy ; {CITE} .
    d:test-us-company a skg:Company ; skg:country d:united-states ; {CITE} .
    d:test-chinese-company a skg:Company ; skg:country d:china ; {CITE} .
"""


def built(project: Project, as_of: date, background: str, stated: str = "") -> KnowledgeGraph:
    """The project with ``background`` added to g:background and ``stated`` to a002's sentence L31.1."""
    with (project.data_dir / "background.trig").open("a") as cited:
        cited.write(f"\ng:background {{ {AGENTS} {background} }}\n")
    if stated:
        with (project.data_dir / "facts" / "a002.trig").open("a") as facts:
            facts.write(f"\ng:a002-L31.1 {{ {stated} }}\n")
    build(project, as_of=as_of)
    return KnowledgeGraph.from_nquads(current_snapshot(project, as_of=as_of).nquads)


def assessment(kg: KnowledgeGraph, claim: str) -> tuple[str, str]:
    rows = kg.query(f"SELECT ?v ?d WHERE {{ d:assessment-{claim} skg:verdict ?v ; skg:derivedValue ?d }}").rows
    assert len(rows) == 1, rows
    return rows[0][0].value.rsplit("#", 1)[1], rows[0][1].value


def outcome_of(outcome: str | None) -> str:
    return f"; skg:outcome skg:{outcome} " if outcome else ""


@pytest.mark.slow
@pytest.mark.parametrize(("agents", "outcome", "expected"), [
    # "A number of countries (at least two) have sent probes to asteroids": Japan and China are cited.
    ("d:italy", "Failed", "2 cited (china, japan)"),
    ("d:italy", None, "3 cited (china, italy, japan)"),
    ("d:italy", "Succeeded", "3 cited (china, italy, japan)"),
    # An Italian company's probe is Italy's, counted once with Italy's own.
    ("d:test-company", None, "3 cited (china, italy, japan)"),
    ("d:test-company , d:italy", None, "3 cited (china, italy, japan)"),
    ("d:test-company", "Failed", "2 cited (china, japan)"),
])
def test_a_count_of_countries_counts_their_organisations_and_no_failed_attempt(
        scratch_project: Project, as_of: date, agents: str, outcome: str | None, expected: str):
    kg = built(scratch_project, as_of, f"""d:test-asteroid-probe a skg:RoboticMission ; skg:achievedBy {agents} ;
        skg:destination d:asteroids ; skg:time "2010-01-01T00:00:00Z"^^xsd:dateTime {outcome_of(outcome)}; {CITE} .""")
    verdict, derived = assessment(kg, "claim-a001-L11.2-asteroid-countries")
    assert (verdict, derived.split(";")[0]) == ("Supported", expected)


@pytest.mark.slow
@pytest.mark.parametrize(("agents", "outcome", "expected"), [
    # "Only the United States has sent missions to the Jupiter system" (Cassini-Huygens was joint with Italy).
    ("d:japan", "Failed", "Imprecise"),
    ("d:japan", None, "Contradicted"),
    # A mission of an American company is the United States'.
    ("d:test-us-company", None, "Imprecise"),
    ("d:test-us-company", "Succeeded", "Imprecise"),
])
def test_only_x_is_not_refuted_by_a_failed_attempt_or_by_xs_own_organisation(
        scratch_project: Project, as_of: date, agents: str, outcome: str | None, expected: str):
    kg = built(scratch_project, as_of, f"""d:test-jupiter-probe a skg:RoboticMission ; skg:achievedBy {agents} ;
        skg:destination d:jupiter ; skg:time "1990-01-01T00:00:00Z"^^xsd:dateTime {outcome_of(outcome)}; {CITE} .""")
    assert assessment(kg, "claim-a001-L13.2-only-us-jupiter")[0] == expected


@pytest.mark.slow
@pytest.mark.parametrize(("outcome", "expected"), [("Failed", "Overdue"), ("Succeeded", "MetLate"), (None, "MetLate")])
def test_a_failed_attempt_does_not_meet_a_plan(scratch_project: Project, as_of: date, outcome: str | None, expected: str):
    # The far-side landing plan (around 2018) is met by Chang'e 4's landing of 3 January 2019.
    kg = built(scratch_project, as_of, f"d:change-4-landing skg:outcome skg:{outcome} ; {CITE} ." if outcome else "")
    rows = kg.query("SELECT ?s WHERE { d:plan-a000-far-side-landing skg:planStatus ?s }").rows
    assert [r[0].value.rsplit("#", 1)[1] for r in rows] == [expected]


@pytest.mark.slow
@pytest.mark.parametrize(("claimed", "cited", "expected"), [
    # "A first attempt in December failed."
    ("Failed", "Failed", "Supported"),
    ("Failed", "Succeeded", "Contradicted"),
    # "It completed its flight according to plan."
    ("Succeeded", "Succeeded", "Supported"),
    ("Succeeded", "Failed", "Contradicted"),
    ("Failed", None, "Unverifiable"),
])
def test_a_claimed_outcome_is_judged_against_the_cited_one(
        scratch_project: Project, as_of: date, claimed: str, cited: str | None, expected: str):
    kg = built(scratch_project, as_of,
               f"d:test-launch a skg:LaunchEvent ; skg:achievedBy d:test-chinese-company {outcome_of(cited)}; {CITE} .",
               f"d:claim-test-outcome a skg:StatementClaim ; rdf:subject d:test-launch ; rdf:predicate skg:outcome ; "
               f"rdf:object skg:{claimed} .")
    assert assessment(kg, "claim-test-outcome")[0] == expected


@pytest.mark.slow
@pytest.mark.parametrize(("agent", "found"), [("d:test-chinese-company", True), ("d:casc", True), ("d:china", True),
                                              ("d:test-company", False), ("d:japan", False)])
def test_the_queries_of_chinas_events_include_its_organisations(
        scratch_project: Project, as_of: date, agent: str, found: bool):
    launch = (f'd:test-launch a skg:LaunchEvent ; skg:achievedBy {agent} ; skg:partOfMission d:test-mission ; '
              f'skg:timeExpression "in July 2023"@en ; skg:earliestTime "2023-07-01T00:00:00Z"^^xsd:dateTime ; '
              f'skg:latestTime "2023-07-31T23:59:59Z"^^xsd:dateTime . d:test-mission skg:destination d:far-side-of-the-moon .')
    kg = built(scratch_project, as_of, "", launch)
    events = get_query(scratch_project.queries_dir, "events-in-year")
    rows = kg.query(events.text, bindings=bind_parameters(events, {"year": "2023"})).rows
    assert (ID + "test-launch" in {r[0].value for r in rows}) == found
    launches = get_query(scratch_project.queries_dir, "change4-launch")
    rows = kg.query(launches.text, bindings=bind_parameters(launches, {"from": "2023-01-01T00:00:00Z",
                                                              "to": "2023-12-31T23:59:59Z"})).rows
    assert (ID + "test-mission" in {r[0].value for r in rows}) == found


@pytest.mark.slow
@pytest.mark.parametrize(("agent", "outcome", "expected"), [
    # Shenzhou 11 (33 days) was "its longest manned mission to date": a longer one of China's before it refutes it.
    ("d:china", None, "Contradicted"),
    ("d:china", "Failed", "Supported"),
    ("d:cmsa", None, "Contradicted"),
    ("d:cmsa", "Failed", "Supported"),
    ("d:japan", None, "Supported"),
])
def test_a_record_is_compared_with_its_countrys_organisations_successful_events(
        scratch_project: Project, as_of: date, agent: str, outcome: str | None, expected: str):
    kg = built(scratch_project, as_of, f"""d:test-crewed-mission a skg:CrewedMission ; skg:achievedBy {agent} ;
        skg:durationDays 40 ; skg:time "2010-01-01T00:00:00Z"^^xsd:dateTime {outcome_of(outcome)}; {CITE} .""")
    assert assessment(kg, "claim-a000-L29.1-longest")[0] == expected
