"""Ordinal ranks count individuals, not IRIs, and range over every order the dates allow.

Each test adds a data file to a scratch copy of the project, builds it, and reads the records of
05-ordinal-windows, 10-ordinals and 20-ordinal-evidence and the verdicts of 50-verdict-ordinal.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from claim_project import CITE, write_claim_project
from claim_project import PREFIXES as CLAIM_PREFIXES
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.cli import cli
from spacekg.namespaces import ID, SKG
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.queries import get_query
from spacekg.store.snapshot import current_snapshot

PREFIXES = f"""@prefix skg: <{SKG}> . @prefix d: <{ID}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
# The shipped declaration for lunar soft landings, and the first landings it covers.
UNTIL = datetime(2023, 8, 22, 23, 59, 59, tzinfo=timezone.utc)
SHIPPED = {
    "soviet-union": datetime(1966, 2, 3, 18, 45, 30, tzinfo=timezone.utc),
    "united-states": datetime(1966, 6, 2, 6, 17, tzinfo=timezone.utc),
    "china": datetime(2013, 12, 14, 13, 11, tzinfo=timezone.utc),
}
# a000 L19.1 "the third country to land on the Moon, after the Soviet Union and the United States";
# a002 L9.1 "the first country to make a soft landing" (on the far side, recorded as any landing).
THIRD = "claim-a000-L19.1-third-lunar-landing"
FIRST = "claim-a002-L9.1-first-soft-landing"

Record = tuple[int, int | None, bool, frozenset[str], frozenset[str]]


def built(project: Project, as_of: date, turtle: str) -> KnowledgeGraph:
    (project.data_dir / "test-ordinals.ttl").write_text(PREFIXES + turtle)
    build(project, as_of=as_of)
    return KnowledgeGraph.from_nquads(current_snapshot(project, as_of=as_of).nquads)


def name(iri: str) -> str:
    return iri.removeprefix(ID)


def records(kg: KnowledgeGraph, achievement: str = "LunarSoftLanding") -> dict[str, Record]:
    """Each holder's (least rank, greatest rank or None, uncertain, surely before, possibly before)."""
    rows = kg.query(f"""SELECT ?holder ?rank ?max ?uncertain WHERE {{ ?r a skg:OrdinalAchievement ;
        skg:recordType skg:{achievement} ; skg:recordHolder ?holder ; skg:ordinalRank ?rank ; skg:rankUncertain ?uncertain .
        OPTIONAL {{ ?r skg:maxOrdinalRank ?max }} }}""").rows
    links = kg.query(f"""SELECT ?holder ?p ?other WHERE {{ ?r a skg:OrdinalAchievement ; skg:recordType skg:{achievement} ;
        skg:recordHolder ?holder ;
        ?p ?other . FILTER (?p IN (skg:precededBy, skg:possiblyPrecededBy)) }}""").rows
    found: dict[str, Record] = {}
    for holder, rank, most, uncertain in rows:
        assert name(holder.value) not in found, f"two records for {holder}"
        linked = [(p.value.rsplit("#", 1)[1], name(o.value)) for h, p, o in links if h == holder]
        found[name(holder.value)] = (int(rank.value), None if most is None else int(most.value), uncertain.value == "true",
                                     frozenset(o for p, o in linked if p == "precededBy"),
                                     frozenset(o for p, o in linked if p == "possiblyPrecededBy"))
    return found


def verdicts(kg: KnowledgeGraph, claim: str) -> dict[str, str]:
    rows = kg.query(f"SELECT ?aspect ?verdict WHERE {{ ?a skg:assesses d:{claim} ; skg:aspect ?aspect ; skg:verdict ?verdict }}").rows
    return {r[0].value: r[1].value.rsplit("#", 1)[1] for r in rows}


def certain(rank: int, *before: str) -> Record:
    return (rank, rank, False, frozenset(before), frozenset())


# --- Declarations narrower than the world rank nothing ------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("narrower", ["skg:coversAgent d:china", "skg:coversAgent d:soviet-union",
                                      "skg:coversDestination d:moon"])
def test_a_declaration_of_one_agents_or_places_events_ranks_nothing(scratch_project: Project, as_of: date,
                                                                   narrower: str):
    """Only the world's declaration holds every country's first landing: one of China's landings, or
    of landings at one place, would rank the countries again under a list that leaves others out."""
    kg = built(scratch_project, as_of, f"""d:scope-narrower a skg:CompletenessDeclaration ;
        skg:coversType skg:LunarSoftLanding ; {narrower} ; skg:completeUntil "2014-12-31T23:59:59Z"^^xsd:dateTime .""")
    assert records(kg) == {"soviet-union": certain(1), "united-states": certain(2, "soviet-union"),
                           "china": certain(3, "soviet-union", "united-states")}
    scopes = kg.query("SELECT DISTINCT ?scope WHERE { ?r skg:recordType skg:LunarSoftLanding ; skg:derivedUnderScope ?scope }").rows
    assert [name(row[0].value) for row in scopes] == ["scope-lunar-soft-landing"]


# --- owl:sameAs: one individual, one record ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("links", "canonical"), [
    ("d:russia owl:sameAs d:soviet-union .", "russia"),
    ("d:soviet-union owl:sameAs d:russia .", "russia"),
    ("d:soviet-union owl:sameAs d:test-ussr . d:test-ussr owl:sameAs d:russia .", "russia"),  # a chain of three
    ("d:soviet-union owl:sameAs d:test-cccp .", "soviet-union"),                         # the alias sorts after
])
def test_countries_that_same_as_makes_one_are_ranked_once_under_the_least_iri(
        scratch_project: Project, as_of: date, links: str, canonical: str):
    kg = built(scratch_project, as_of, links)
    assert records(kg) == {canonical: certain(1), "united-states": certain(2, canonical),
                           "china": certain(3, canonical, "united-states")}
    assert records(kg, "IndependentCrewedSpaceflight") == {
        canonical: certain(1), "united-states": certain(2, canonical), "china": certain(3, canonical, "united-states")}
    # A claim that names the country by any of its IRIs is judged against the one record.
    assert verdicts(kg, THIRD) == {"rank": "Supported", "preceded by soviet-union": "Supported",
                                   "preceded by united-states": "Supported"}
    assert verdicts(kg, FIRST) == {"rank": "Contradicted"}
    assert verdicts(kg, "claim-a000-L25.1-third-crewed") == {"rank": "Supported"}


@pytest.mark.slow
def test_the_ordinals_query_names_each_predecessor_once(scratch_project: Project, as_of: date):
    built(scratch_project, as_of, "d:russia owl:sameAs d:soviet-union .")
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "query", "ordinals", "-f", "csv",
                                      "--as-of", as_of.isoformat()])
    assert result.exit_code == 0, result.output
    china = [line for line in result.stdout.splitlines() if "LunarSoftLanding" in line and "/china" in line]
    assert len(china) == 1 and ',3,3,' in china[0] and '"Russia, United States"' in china[0]


@pytest.mark.slow
@pytest.mark.parametrize(("alias", "first"), [("test-luna-9", "luna-9-landing"), ("a-luna-9", "a-luna-9")])
def test_events_that_same_as_makes_one_are_one_first_instance(
        scratch_project: Project, as_of: date, alias: str, first: str):
    kg = built(scratch_project, as_of, f"d:luna-9-landing owl:sameAs d:{alias} .")
    rows = kg.query("SELECT ?e WHERE { d:record-LunarSoftLanding-soviet-union skg:firstInstance ?e }").rows
    assert [name(r[0].value) for r in rows] == [first]
    assert records(kg)["soviet-union"] == certain(1)


# --- Overlapping and missing dates ------------------------------------------------------------


def japan(project: Project, when: str) -> str:
    """A Japanese Moon landing dated ``when``, and a000 L19.1 naming Japan as a predecessor too."""
    with (project.data_dir / "facts" / "a000.trig").open("a") as facts:
        facts.write(f"\ng:a000-L19.1 {{ d:{THIRD} skg:precededBy d:japan . }}\n")
    return f"""d:test-japan-landing a skg:LunarSoftLanding ; rdfs:label "Test Japan landing"@en ;
        skg:achievedBy d:japan {when} .
"""


def window(start: str, end: str) -> str:
    return f'; skg:earliestTime "{start}"^^xsd:dateTime ; skg:latestTime "{end}"^^xsd:dateTime'


OPEN = (None, True)  # no greatest rank: the landing may have come after the declaration's date


@pytest.mark.slow
@pytest.mark.parametrize(("when", "expected", "third", "after_japan"), [
    # Known only to the year, the month or the day of Chang'e 3: China and Japan are third or fourth.
    (window("2013-01-01T00:00:00Z", "2013-12-31T23:59:59Z"),
     {"japan": (3, 4, True), "china": (3, 4, True)}, "Unverifiable", "Unverifiable"),
    (window("2013-12-01T00:00:00Z", "2013-12-31T23:59:59Z"),
     {"japan": (3, 4, True), "china": (3, 4, True)}, "Unverifiable", "Unverifiable"),
    (window("2013-12-14T00:00:00Z", "2013-12-14T23:59:59Z"),
     {"japan": (3, 4, True), "china": (3, 4, True)}, "Unverifiable", "Unverifiable"),
    # A day before or after: the order is known.
    (window("2013-12-13T00:00:00Z", "2013-12-13T23:59:59Z"),
     {"japan": (3, 3, False), "china": (4, 4, False)}, "Contradicted", "Supported"),
    (window("2013-12-15T00:00:00Z", "2013-12-15T23:59:59Z"),
     {"japan": (4, 4, False), "china": (3, 3, False)}, "Supported", "Contradicted"),
    # 1966 overlaps both Luna 9 and Surveyor 1, and surely came before China.
    (window("1966-01-01T00:00:00Z", "1966-12-31T23:59:59Z"),
     {"soviet-union": (1, 2, True), "united-states": (2, 3, True), "japan": (1, 3, True), "china": (4, 4, False)},
     "Contradicted", "Supported"),
    # An exact time, the same instant as Chang'e 3: a tie shares the rank.
    ('; skg:time "2013-12-14T13:11:00Z"^^xsd:dateTime', {"japan": (3, 3, False), "china": (3, 3, False)},
     "Supported", "Contradicted"),
    # No date at all: it could have come anywhere.
    ("", {"soviet-union": (1, 2, True), "united-states": (2, 3, True), "china": (3, 4, True), "japan": (1, *OPEN)},
     "Unverifiable", "Unverifiable"),
    # Only its start: it may have come before China, or after the declaration's date.
    ('; skg:earliestTime "2013-01-01T00:00:00Z"^^xsd:dateTime', {"china": (3, 4, True), "japan": (3, *OPEN)},
     "Unverifiable", "Unverifiable"),
    # A day read at UTC+05:30 that runs past the declaration's date.
    (window("2023-08-22T18:30:00Z", "2023-08-23T18:29:59Z"), {"japan": (4, *OPEN)}, "Supported", "Contradicted"),
])
def test_ranks_and_verdicts_range_over_every_order_the_dates_allow(
        scratch_project: Project, as_of: date, when: str, expected: dict[str, tuple[int, int | None, bool]],
        third: str, after_japan: str):
    kg = built(scratch_project, as_of, japan(scratch_project, when))
    found = {holder: record[:3] for holder, record in records(kg).items()}
    assert found == {"soviet-union": (1, 1, False), "united-states": (2, 2, False), "china": (3, 3, False)} | expected
    # The Soviet Union and the United States surely came before China in every case: supported.
    assert verdicts(kg, THIRD) == {"rank": third, "preceded by soviet-union": "Supported",
                                   "preceded by united-states": "Supported", "preceded by japan": after_japan}
    # China is never first under any order: contradicted, not unverifiable.
    assert verdicts(kg, FIRST) == {"rank": "Contradicted"}


@pytest.mark.slow
@pytest.mark.parametrize(("cited", "stated", "expected"), [
    # Cited to the year; an article narrows it to the day after Chang'e 3: still third or fourth.
    (window("2013-01-01T00:00:00Z", "2013-12-31T23:59:59Z"), window("2013-12-15T00:00:00Z", "2013-12-15T23:59:59Z"),
     {"japan": (3, 4, True), "china": (3, 4, True)}),
    # An article gives it a time that no source does: it stays undated.
    ("", '; skg:time "2013-12-15T00:00:00Z"^^xsd:dateTime', {"soviet-union": (1, 2, True), "united-states": (2, 3, True),
                                                            "china": (3, 4, True), "japan": (1, *OPEN)}),
    # An article's date outside the cited window does not empty it.
    (window("2013-01-01T00:00:00Z", "2013-12-31T23:59:59Z"), window("2012-06-01T00:00:00Z", "2012-06-30T23:59:59Z"),
     {"japan": (3, 4, True), "china": (3, 4, True)}),
])
def test_an_articles_date_for_an_event_never_places_it_among_the_others(
        scratch_project: Project, as_of: date, cited: str, stated: str, expected: dict[str, tuple[int, int | None, bool]]):
    with (scratch_project.data_dir / "facts" / "a002.trig").open("a") as facts:
        facts.write(f"\ng:a002-L31.1 {{ d:test-japan-landing a skg:LunarSoftLanding {stated} . }}\n")
    kg = built(scratch_project, as_of, japan(scratch_project, cited))
    found = {holder: record[:3] for holder, record in records(kg).items()}
    assert found == {"soviet-union": (1, 1, False), "united-states": (2, 2, False), "china": (3, 3, False)} | expected
    assert verdicts(kg, THIRD)["rank"] == "Unverifiable"


@pytest.mark.slow
def test_the_ordinals_table_names_the_countries_that_surely_and_possibly_came_before(
        scratch_project: Project, as_of: date):
    # Japan's landing has only its start: it may have come before China's, or after.
    kg = built(scratch_project, as_of,
               'd:test-japan-landing a skg:LunarSoftLanding ; skg:achievedBy d:japan ; '
               'skg:earliestTime "2013-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .')
    result = kg.query(get_query(scratch_project.queries_dir, "ordinals").text)
    table = {(row["country"], row["after"] or "", row["maybeAfter"] or "")
             for row in ({v: "" if t is None else t.value for v, t in zip(result.variables, r)} for r in result.rows)
             if row["achievement"] == SKG + "LunarSoftLanding"}
    assert table == {(ID + "soviet-union", "", ""), (ID + "united-states", "Soviet Union", ""),
                     (ID + "china", "Soviet Union, United States", "Japan"),
                     (ID + "japan", "Soviet Union, United States", "China")}


@pytest.mark.slow
def test_an_undated_event_of_a_ranked_achievement_is_a_check_warning(scratch_project: Project, as_of: date):
    (scratch_project.data_dir / "test-ordinals.ttl").write_text(
        PREFIXES + "d:test-japan-landing a skg:LunarSoftLanding ; skg:achievedBy d:japan .")
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "check", "--as-of", as_of.isoformat()])
    assert ("warning  undated-ordinal-event  event=d:test-japan-landing, achievement=skg:LunarSoftLanding, "
            "country=d:japan") in result.stdout


# --- The same, against every order of some random windows --------------------------------------

NEVER_BEFORE = datetime(1, 1, 1, tzinfo=timezone.utc)
NEVER_AFTER = datetime(9999, 12, 31, tzinfo=timezone.utc)


@st.composite
def landings(draw: st.DrawFn) -> tuple[datetime, datetime] | None:
    """A landing's window at a random precision, near the shipped landings and the declaration's
    date, or None for a landing with no date."""
    precision = draw(st.sampled_from(["none", "year", "month", "day", "minute"]))
    if precision == "none":
        return None
    at = draw(st.sampled_from([*SHIPPED.values(), UNTIL])) + timedelta(days=draw(st.integers(-400, 400)))
    at = at.replace(second=0)
    if precision == "minute":
        return at, at
    if precision == "day":
        start = at.replace(hour=0, minute=0)
        return start, start + timedelta(days=1, seconds=-1)
    if precision == "month":
        start = at.replace(day=1, hour=0, minute=0)
        return start, (start + timedelta(days=32)).replace(day=1) - timedelta(seconds=1)
    start = at.replace(month=1, day=1, hour=0, minute=0)
    return start, start.replace(year=start.year + 1) - timedelta(seconds=1)


def possible(windows: dict[str, tuple[datetime, datetime]]) -> dict[str, Record]:
    """Each holder's ranks and predecessors, found by trying every order of instants drawn from the
    windows' ends (enough to reach every order), with the holder's own first achievement by UNTIL."""
    points = sorted({t for w in windows.values() for t in w} | {UNTIL})
    found: dict[str, Record] = {}
    for holder, (start, end) in windows.items():
        others = [k for k in windows if k != holder]
        choices = [[t for t in points if windows[k][0] <= t <= windows[k][1]] for k in others]
        ranks, before, maybe = set(), set(others), set()
        for mine in (t for t in points if start <= t <= min(end, UNTIL)):
            for theirs in itertools.product(*choices):
                earlier = {k for k, t in zip(others, theirs) if t < mine}
                ranks.add(1 + len(earlier))
                before &= earlier
                maybe |= earlier
        bounded = end <= UNTIL
        found[holder] = (min(ranks), max(ranks) if bounded else None, not bounded or min(ranks) != max(ranks),
                         frozenset(before), frozenset(maybe - before))
    return found


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(landings(), min_size=1, max_size=3))
def test_ranks_are_the_least_and_greatest_over_every_order_of_random_windows(
        scratch_project: Project, as_of: date, drawn: list[tuple[datetime, datetime] | None]):
    turtle = []
    windows = {holder: (at, at) for holder, at in SHIPPED.items()}
    for n, when in enumerate(drawn):
        holder = f"test-country-{n}"
        turtle.append(f'd:{holder} a skg:Country ; rdfs:label "Test country {n}"@en .\n'
                      f"d:{holder}-landing a skg:LunarSoftLanding ; skg:achievedBy d:{holder}")
        if when is None:
            windows[holder] = (NEVER_BEFORE, NEVER_AFTER)
        elif when[0] <= UNTIL:  # a landing surely after the declaration's date is not ranked
            windows[holder] = when
        if when is not None:
            start, end = (f'"{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"^^xsd:dateTime' for t in when)
            turtle[-1] += f" ; skg:time {start}" if when[0] == when[1] else f" ; skg:earliestTime {start} ; skg:latestTime {end}"
        turtle[-1] += " .\n"
    kg = built(scratch_project, as_of, "".join(turtle))
    assert records(kg) == possible(windows)


# --- Failed attempts and organisations' events -------------------------------------------------


@st.composite
def attempts(draw: st.DrawFn) -> list[tuple[datetime, bool, bool]]:
    """A country's landing attempts near the shipped landings and the declaration's date: when, whether
    it failed, and whether the country's company made it (else the country itself)."""
    found = []
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.sampled_from([*SHIPPED.values(), UNTIL])) + timedelta(days=draw(st.integers(-400, 400)))
        found.append((at.replace(second=0), draw(st.booleans()), draw(st.booleans())))
    return found


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(attempts(), min_size=1, max_size=3))
def test_a_failed_attempt_counts_for_no_rank_and_a_companys_landing_is_its_countrys(
        scratch_project: Project, as_of: date, drawn: list[list[tuple[datetime, bool, bool]]]):
    turtle = []
    windows = {holder: (at, at) for holder, at in SHIPPED.items()}
    for n, country_attempts in enumerate(drawn):
        holder = f"test-country-{n}"
        turtle.append(f'd:{holder} a skg:Country ; rdfs:label "Test country {n}"@en .\n'
                      f'd:{holder}-company a skg:Company ; rdfs:label "Test company {n}"@en ; skg:country d:{holder} .\n')
        for k, (at, failed, by_company) in enumerate(country_attempts):
            outcome = " ; skg:outcome skg:Failed" if failed else (" ; skg:outcome skg:Succeeded" if k % 2 else "")
            agent = f"{holder}-company" if by_company else holder
            turtle.append(f'd:{holder}-landing-{k} a skg:LunarSoftLanding ; skg:achievedBy d:{agent}{outcome} ; '
                          f'skg:time "{at.strftime("%Y-%m-%dT%H:%M:%SZ")}"^^xsd:dateTime .\n')
        first = min((at for at, failed, _ in country_attempts if not failed), default=None)
        if first is not None and first <= UNTIL:
            windows[holder] = (first, first)
    kg = built(scratch_project, as_of, "".join(turtle))
    # One record per country, none per company, and none for a country whose every attempt failed.
    assert records(kg) == possible(windows)


@pytest.mark.slow
@pytest.mark.parametrize(("agents", "expected"), [
    # Japan's company landed the day before Chang'e 3: Japan is third, China fourth.
    ('skg:achievedBy d:test-company', {"japan": (3, 3, False), "china": (4, 4, False)}),
    # Credited to the company and its country at once: Japan still holds one record.
    ('skg:achievedBy d:test-company , d:japan', {"japan": (3, 3, False), "china": (4, 4, False)}),
    # A company of no country is no country's: China stays third.
    ('skg:achievedBy d:test-stateless', {"china": (3, 3, False)}),
])
def test_an_organisations_event_ranks_its_country_once(
        scratch_project: Project, as_of: date, agents: str, expected: dict[str, tuple[int, int | None, bool]]):
    kg = built(scratch_project, as_of, f"""d:test-company a skg:Company ; rdfs:label "Test company"@en ; skg:country d:japan .
        d:test-stateless a skg:Company ; rdfs:label "Stateless company"@en .
        d:test-company-landing a skg:LunarSoftLanding ; {agents} ;
            skg:time "2013-12-13T00:00:00Z"^^xsd:dateTime .
        d:test-japan-landing a skg:LunarSoftLanding ; skg:achievedBy d:japan ; skg:time "2020-01-01T00:00:00Z"^^xsd:dateTime .
        """)
    found = {holder: record[:3] for holder, record in records(kg).items()}
    assert found == {"soviet-union": (1, 1, False), "united-states": (2, 2, False), "china": (3, 3, False),
                     "japan": (4, 4, False)} | expected
    # The verdict on "the third country, after the Soviet Union and the United States" follows.
    assert verdicts(kg, THIRD)["rank"] == ("Supported" if expected["china"][0] == 3 else "Contradicted")


@pytest.mark.slow
@pytest.mark.parametrize(("in_article", "outcome", "third"), [
    # A crash the day before Chang'e 3, in the data or stated by an article: China is still third.
    (False, "skg:Failed", "Supported"),
    (True, "skg:Failed", "Supported"),
    # The same landing, succeeded: Japan came before China.
    (False, "skg:Succeeded", "Contradicted"),
])
def test_a_crash_before_a_countrys_landing_does_not_push_its_rank_back(
        scratch_project: Project, as_of: date, in_article: bool, outcome: str, third: str):
    if in_article:
        with (scratch_project.data_dir / "facts" / "a002.trig").open("a") as facts:
            facts.write(f"\ng:a002-L31.1 {{ d:test-japan-landing skg:outcome {outcome} . }}\n")
    landing = japan(scratch_project, window("2013-12-13T00:00:00Z", "2013-12-13T23:59:59Z"))
    kg = built(scratch_project, as_of, landing if in_article else landing.replace(" .\n", f" ; skg:outcome {outcome} .\n"))
    assert verdicts(kg, THIRD)["rank"] == third
    assert ("japan" in records(kg)) == (outcome == "skg:Succeeded")


@pytest.mark.slow
def test_an_undated_failed_attempt_is_no_check_warning(scratch_project: Project, as_of: date):
    (scratch_project.data_dir / "test-ordinals.ttl").write_text(
        PREFIXES + "d:test-japan-landing a skg:LunarSoftLanding ; skg:achievedBy d:japan ; skg:outcome skg:Failed .")
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "check", "--as-of", as_of.isoformat()])
    assert "undated-ordinal-event" not in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("when", [
    # Two sources, a day either side of Chang'e 3: two exact times, or two windows that do not meet.
    '; skg:time "2013-12-13T10:00:00Z"^^xsd:dateTime , "2013-12-15T10:00:00Z"^^xsd:dateTime',
    '; skg:time "2013-12-15T10:00:00+09:00"^^xsd:dateTime , "2013-12-13T10:00:00-05:00"^^xsd:dateTime',
    window("2013-12-13T00:00:00Z", "2013-12-13T23:59:59Z")
    + window("2013-12-15T00:00:00Z", "2013-12-15T23:59:59Z"),
])
def test_cited_times_that_disagree_leave_the_rank_uncertain_over_the_span_they_give(
        scratch_project: Project, as_of: date, when: str):
    kg = built(scratch_project, as_of, japan(scratch_project, when))
    found = {holder: record[:3] for holder, record in records(kg).items()}
    assert found["japan"] == (3, 4, True) and found["china"] == (3, 4, True)
    rows = kg.query("SELECT ?on ?by WHERE { d:record-LunarSoftLanding-japan skg:firstAchievedOn ?on ; "
                    "skg:firstAchievedBy ?by }").rows
    assert [(on.value[:10], by.value[:10]) for on, by in rows] in ([("2013-12-13", "2013-12-15")],
                                                                    [("2013-12-12", "2013-12-15")])
    assert verdicts(kg, THIRD) == {"rank": "Unverifiable", "preceded by soviet-union": "Supported",
                                   "preceded by united-states": "Supported", "preceded by japan": "Unverifiable"}


@pytest.mark.slow
@pytest.mark.parametrize(("graph", "achievement", "expected"), [
    # a000 (May 2018) asserts it; the soft-landing list is complete to August 2023: Japan had none.
    ("a000-L19.1", "LunarSoftLanding", "Contradicted"),
    # a002 L9.1 only expects it: a hope is not refuted by the past.
    ("a002-L9.1", "LunarSoftLanding", "Unverifiable"),
    # The crewed-flight list is complete to 2003 only: by 2018 Japan may have flown.
    ("a000-L19.1", "IndependentCrewedSpaceflight", "Unverifiable"),
])
def test_a_past_rank_claim_about_a_country_with_no_record_is_judged_by_the_complete_list(
        scratch_project: Project, as_of: date, graph: str, achievement: str, expected: str):
    with (scratch_project.data_dir / "facts" / f"{graph[:4]}.trig").open("a") as facts:
        facts.write(f"\ng:{graph} {{ d:test-claim a skg:OrdinalClaim ; skg:recordHolder d:japan ; "
                    f"skg:recordType skg:{achievement} ; skg:ordinalRank 4 . }}\n")
    kg = built(scratch_project, as_of, "")
    assert verdicts(kg, "test-claim") == {"rank": expected}
    derived = kg.query("SELECT ?d WHERE { d:assessment-test-claim-rank skg:derivedValue ?d }").rows[0][0].value
    assert ("japan had not achieved it by 2023-08-22" in derived) == (expected == "Contradicted")


# --- Every class a declared list of firsts covers is ranked --------------------------------------

# Sample returns in a synthetic world: Otherland's (1969), Farland's (1970) and Testland's (2020);
# "making Testland the third country to have achieved this" after its sample return.
RETURNS = [("return-o", "otherland", "1969-07-24"), ("return-f", "farland", "1970-09-24"),
           ("return-t", "testland", "2020-12-16")]
FIRST_RETURNS = ('d:scope-first-returns a skg:CompletenessDeclaration ; skg:coversType skg:SampleReturn ; '
                 'skg:completeUntil "2021-12-31T23:59:59Z"^^xsd:dateTime ; {cite} .')
TESTLAND_RETURNS = ('d:scope-testland-returns a skg:CompletenessDeclaration ; skg:coversType skg:SampleReturn ; '
                    'skg:coversAgent d:testland ; skg:completeUntil "2021-12-31T23:59:59Z"^^xsd:dateTime ; {cite} .')
UNDECLARED = "no ranks are derived for skg:SampleReturn: no completeness declaration of every country's covers it"


@pytest.mark.parametrize(("declarations", "rank", "derived"), [
    (FIRST_RETURNS, "Supported", "3"),
    # Testland's own returns list no other country's first: no rank rests on them.
    (TESTLAND_RETURNS, "Unverifiable", UNDECLARED),
    ("", "Unverifiable", UNDECLARED),
])
def test_any_achievement_a_declared_list_of_firsts_covers_is_ranked(tmp_path: Path, declarations: str, rank: str,
                                                                     derived: str):
    background = CLAIM_PREFIXES + "g:background {\n" + "\n".join(
        f'd:{event} a skg:SampleReturn ; skg:achievedBy d:{country} ; skg:earliestTime "{day}T00:00:00Z"^^xsd:dateTime ; '
        f'skg:latestTime "{day}T23:59:59Z"^^xsd:dateTime ; skg:timePrecision skg:PrecisionDay ; {CITE} .'
        for event, country, day in RETURNS) + "\n" + declarations.format(cite=CITE) + "\n}\n"
    project = write_claim_project(
        tmp_path, sentences=["Testland became the third country to return samples, after Otherland and Farland."],
        graphs=[("d:claim-third-return a skg:OrdinalClaim ; skg:recordHolder d:testland ; skg:recordType skg:SampleReturn ; "
                 "skg:ordinalRank 3 ; skg:precededBy d:otherland , d:farland .", "Asserted")],
        background=background,
        entities=CLAIM_PREFIXES + "".join(f'd:{c} a skg:Country ; rdfs:label "{c.title()}"@en .\n'
                                          for c in ("testland", "otherland", "farland"))
        + 'd:test-daily a skg:NewsOrganization ; rdfs:label "Test Daily"@en .\n')
    as_of = date(2026, 11, 21)
    build(project, as_of=as_of)
    kg = KnowledgeGraph.from_nquads(current_snapshot(project, as_of=as_of).nquads)
    ranked = rank == "Supported"
    assert verdicts(kg, "claim-third-return") == {
        "rank": rank, "preceded by otherland": "Supported" if ranked else "Unverifiable",
        "preceded by farland": "Supported" if ranked else "Unverifiable"}
    assert kg.query("SELECT ?d WHERE { d:assessment-claim-third-return-rank skg:derivedValue ?d }").rows[0][0].value == derived
    assert (records(kg, "SampleReturn") == {"otherland": certain(1), "farland": certain(2, "otherland"),
                                            "testland": certain(3, "farland", "otherland")}) == ranked


# --- Lunar sample returns: the shipped declaration and the workflow's templates --------------------

CHANGE_5 = ("A Chinese lunar capsule returned to Earth on Thursday with fresh samples from the moon.\n\n"
            "The mission has made China only the third country, after the United States and the former Soviet "
            "Union, to bring back samples from the moon.\n")


def registered(project: Project, tmp_path: Path, text: str, published: str) -> Callable[..., None]:
    """``project`` with ``text`` registered as a900, a Xinhua report dated ``published`` in Beijing;
    the function it returns runs one command there, which must succeed."""
    def run(*args: str) -> None:
        result = CliRunner().invoke(cli, ["--root", str(project.root), *args])
        assert result.exit_code == 0, result.output

    path = tmp_path / "a900.txt"
    path.write_text(text, encoding="utf-8")
    run("article", "add", str(path), "--outlet", "Xinhua", "--published", published, "--tz", "+08:00", "--id", "a900")
    return run


@pytest.mark.slow
@pytest.mark.parametrize(("rank", "verdict"), [("third", "Supported"), ("2nd", "Contradicted"), ("first", "Contradicted")])
def test_a_claimed_rank_among_lunar_sample_returns_is_judged_against_the_cited_returns(
        scratch_project: Project, as_of: date, tmp_path: Path, rank: str, verdict: str):
    run = registered(scratch_project, tmp_path, CHANGE_5, "2020-12-17")
    run("article", "fact", "a900", "L1.1", "sample-return", "--mission", "d:change-5", "--from", "moon", "--when",
        "on Thursday")
    run("article", "fact", "a900", "L3.1", "ordinal", "--id", "rank", "--holder", "China", "--record",
        "LunarSampleReturn", "--rank", rank, "--scope", "world", "--about", "d:change-5-return")
    build(scratch_project, as_of=as_of)
    kg = KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=as_of).nquads)
    assert records(kg, "LunarSampleReturn") == {"united-states": certain(1), "soviet-union": certain(2, "united-states"),
                                                "china": certain(3, "united-states", "soviet-union")}
    assert verdicts(kg, "claim-a900-L3.1-rank")["rank"] == verdict
    typed = kg.query(f"ASK {{ <{ID}change-5-return> a skg:LunarSampleReturn }}")
    assert typed.boolean


CHANGE_6 = ("The return capsule of China's Chang'e-6 probe touched down on Tuesday afternoon, bringing back the "
            "world's first samples from the far side of the Moon.\n")


@pytest.mark.slow
@pytest.mark.parametrize(("record", "place", "rank", "verdict"), [
    ("LunarSampleReturn", "far side of the Moon", "first", "Supported"),
    ("SampleReturn", "d:far-side-of-the-moon", "1st", "Supported"),
    ("LunarSampleReturn", "far side of the Moon", "second", "Contradicted"),
    # Among returns from anywhere on the Moon, China's first came third.
    ("LunarSampleReturn", None, "first", "Contradicted")])
def test_a_claimed_rank_among_returns_from_the_moons_far_side_is_judged_against_the_cited_return(
        scratch_project: Project, as_of: date, tmp_path: Path, record: str, place: str | None, rank: str,
        verdict: str):
    # Chang'e 6 (June 2024): "the world's first samples from the far side of the Moon".
    run = registered(scratch_project, tmp_path, CHANGE_6, "2024-06-25")
    run("article", "fact", "a900", "L1.1", "sample-return", "--mission", "Chang'e-6", "--from", "Moon", "--region",
        "far side of the Moon", "--when", "on Tuesday afternoon")
    run("article", "fact", "a900", "L1.1", "ordinal", "--id", "rank", "--holder", "China", "--record", record,
        *(("--place", place) if place else ()), "--rank", rank)
    build(scratch_project, as_of=as_of)
    kg = KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=as_of).nquads)
    assert records(kg, "LunarFarSideSampleReturn") == {"china": certain(1)}
    assert verdicts(kg, "claim-a900-L1.1-rank")["rank"] == verdict
    assert kg.query(f"ASK {{ <{ID}change-6-return> a skg:LunarFarSideSampleReturn }}").boolean



@pytest.mark.slow
@pytest.mark.parametrize("region", ["South Pole-Aitken basin", "Von Karman crater", "d:far-side-of-the-moon"])
def test_samples_from_a_region_inside_the_far_side_are_from_the_far_side(
        scratch_project: Project, as_of: date, tmp_path: Path, region: str):
    # Without the background's own statement of where Chang'e 6's samples came from, the region the
    # article gives is all there is: the far side holds the basin, and the basin the crater.
    background = scratch_project.data_dir / "background.trig"
    text = background.read_text()
    statement = re.search(r"\n    d:change-6-return skg:samplesFromRegion .*?\.\n", text, re.S)
    assert statement is not None
    background.write_text(text[:statement.start()] + "\n" + text[statement.end():])
    run = registered(scratch_project, tmp_path, CHANGE_6, "2024-06-25")
    run("article", "fact", "a900", "L1.1", "sample-return", "--mission", "Chang'e-6", "--from", "Moon", "--region",
        region, "--when", "on Tuesday afternoon")
    run("article", "fact", "a900", "L1.1", "ordinal", "--id", "rank", "--holder", "China", "--record",
        "LunarFarSideSampleReturn", "--rank", "first")
    build(scratch_project, as_of=as_of)
    kg = KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=as_of).nquads)
    assert records(kg, "LunarFarSideSampleReturn") == {"china": certain(1)}
    assert verdicts(kg, "claim-a900-L1.1-rank")["rank"] == "Supported"


LANDED_TWICE = "China soft-landed on the Moon once in 2013, and again this week on its far side.\n"


@pytest.mark.slow
@pytest.mark.parametrize(("count", "when", "verdict"), [
    ("once", "in 2013", "Supported"), ("twice", "in 2013", "Contradicted"), ("one", "in the 2010s", "Contradicted"),
    # Without its period, "once" counts both landings by the article's day.
    ("once", None, "Contradicted")])
def test_a_count_in_a_period_is_judged_on_the_events_of_that_period(
        scratch_project: Project, as_of: date, tmp_path: Path, count: str, when: str | None, verdict: str):
    # The background lists every Chinese lunar soft landing to Chang'e 4's (3 January 2019): Chang'e
    # 3's in December 2013 and Chang'e 4's.
    run = registered(scratch_project, tmp_path, LANDED_TWICE, "2019-01-05")
    run("article", "fact", "a900", "L1.1", "count", "--id", "landings", "--kind", "LunarSoftLanding", "--holder",
        "China", "--count", count, *(("--when", when) if when else ()))
    build(scratch_project, as_of=as_of)
    kg = KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=as_of).nquads)
    assert verdicts(kg, "claim-a900-L1.1-landings") == {"count": verdict}

# --- Mars: soft landings and rovers put to work, the shipped declarations and the templates -------

ZHURONG = ("China landed a spacecraft on Mars on Saturday, making it only the second country after the United States "
           "to put a rover on the Red Planet.\n\n"
           "The rover Zhurong drove down from its landing platform on Saturday.\n\n"
           "The former Soviet Union landed a probe on Mars in 1971, but it fell silent within seconds.\n")


@pytest.fixture
def zhurong(scratch_project: Project, tmp_path: Path) -> Callable[..., None]:
    """The project with a Zhurong report registered as a900; calling it runs one command there."""
    return registered(scratch_project, tmp_path, ZHURONG, "2021-05-22")


@pytest.mark.slow
@pytest.mark.parametrize(("record", "rank", "verdict", "derived"), [
    # "Put a rover on Mars": Mars 3 carried one that never left its lander, so the US came first.
    ("RoverDeployment", "second", "Supported", "2"), ("RoverDeployment", "first", "Contradicted", "2"),
    # Mars 3's landing was soft, though it fell silent seconds later: China landed third.
    ("SoftLanding", "second", "Contradicted", "3"), ("SoftLanding", "3rd", "Supported", "3"),
    ("MarsSoftLanding", "third", "Supported", "3")])
def test_a_claimed_rank_on_mars_is_judged_against_the_cited_landings_and_rovers(
        scratch_project: Project, as_of: date, zhurong: Callable[..., None], record: str, rank: str, verdict: str,
        derived: str):
    zhurong("article", "fact", "a900", "L1.1", "landing", "--id", "d:tianwen-1-landing", "--body", "Red Planet",
            "--when", "on Saturday")
    zhurong("article", "fact", "a900", "L3.1", "event", "--class", "RoverDeployment", "--id", "d:zhurong-deployment",
            "--on", "Mars", "--participant", "Zhurong", "--when", "on Saturday")
    zhurong("article", "fact", "a900", "L1.1", "ordinal", "--id", "rank", "--holder", "China", "--record", record,
            "--place", "Mars", "--rank", rank, "--preceded-by", "United States", "--about", "d:tianwen-1-landing")
    build(scratch_project, as_of=as_of)
    kg = KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=as_of).nquads)
    assert records(kg, "MarsSoftLanding") == {"soviet-union": certain(1), "united-states": certain(2, "soviet-union"),
                                              "china": certain(3, "soviet-union", "united-states")}
    assert records(kg, "MarsRoverDeployment") == {"united-states": certain(1), "china": certain(2, "united-states")}
    assert verdicts(kg, "claim-a900-L1.1-rank") == {"rank": verdict, "preceded by united-states": "Supported"}
    found = kg.query(f"SELECT ?d WHERE {{ ?a skg:assesses <{ID}claim-a900-L1.1-rank> ; skg:aspect 'rank' ; "
                     "skg:derivedValue ?d }")
    assert found.rows[0][0].value == derived


def test_a_rover_deployment_on_a_body_is_ranked_by_its_class_and_on_is_refused_for_other_events(
        scratch_project: Project, zhurong: Callable[..., None]):
    zhurong("article", "fact", "a900", "L3.1", "event", "--class", "RoverDeployment", "--id", "d:zhurong-deployment",
            "--on", "Mars")
    facts = (scratch_project.root / "data" / "facts" / "a900.trig").read_text(encoding="utf-8")
    assert "skg:deployedOn d:mars" in facts
    refused = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "article", "fact", "a900", "L3.1", "event",
                                       "--class", "OrbitEvent", "--id", "d:orbit", "--on", "Mars"])
    assert refused.exit_code == 2
    assert "--on is said of a rover's deployment" in refused.output


@pytest.mark.parametrize("dated", ['skg:timeExpression "in early January"@en ; skg:time "2019-01-03T02:26:00Z"^^xsd:dateTime ; '
                                   'skg:timePrecision skg:PrecisionMinute',
                                   'skg:timeExpression "in January"@en ; skg:earliestTime "2019-01-01T00:00:00Z"^^xsd:dateTime ; '
                                   'skg:latestTime "2019-01-31T23:59:59Z"^^xsd:dateTime ; '
                                   'skg:timePrecision skg:PrecisionMonth'])
def test_an_event_of_a_ranked_achievement_dated_only_by_an_article_sentence_is_a_check_warning(
        scratch_project: Project, as_of: date, dated: str):
    # The ranks read cited times only: a landing that a sentence alone dates could have come at any
    # time, as one with no date could.
    facts = scratch_project.data_dir / "facts" / "a002.trig"
    facts.write_text(facts.read_text().replace(
        "g:a002-L17.1 {\n", f"g:a002-L17.1 {{\n    d:test-japan-landing a skg:LunarSoftLanding ; skg:achievedBy d:japan ; "
                            f'skg:timeAnchor src:a002 ; {dated} .\n', 1))
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "check", "--as-of", as_of.isoformat()])
    assert re.search(r"warning  undated-ordinal-event  a002 L17\.1 event=d:test-japan-landing, "
                     r"achievement=skg:LunarSoftLanding, country=d:japan", result.stdout), result.stdout
    cited = scratch_project.data_dir / "test-ordinals.ttl"
    cited.write_text(PREFIXES + f"d:test-japan-landing {dated.split(' ; ', 1)[1]} .")
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "check", "--as-of", as_of.isoformat()])
    assert "event=d:test-japan-landing" not in result.stdout
