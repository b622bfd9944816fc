"""Claims are judged against what the cited facts allow: what could have happened by then, and
what the sources agree on.

Each test adds cited events to a scratch copy of the project, builds it, and reads a verdict: an
event that surely came after the reference date (the article's publication, or the event a record
claim says was beaten) never bears on the claim, one that surely came before decides it, and one
that may have come either side leaves it unverifiable.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.namespaces import ID, SKG
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.snapshot import current_snapshot

PREFIXES = f"""@prefix skg: <{SKG}> . @prefix d: <{ID}> . @prefix g: <https://w3id.org/spacekg/graph/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
CITE = 'skg:citation <https://example.org/test> ; skg:citationQuote "synthetic"@en'

# a001 (first published 2016-12-27, at the latest 2017-01-19) L13.2: "Only the United States ... has
# sent missions to the Jupiter system"; one joint mission (Cassini-Huygens, with Italy) makes it imprecise.
ONLY_US = "assessment-claim-a001-L13.2-only-us-jupiter"
# a000 (2018-05-21 to 2018-05-27) L29.1: Shenzhou 11 (launched 2016-10-16, 33 days) was "its longest
# manned mission to date"; L29.2: it "more than doubled the national record" (Shenzhou 10, 15 days, undated).
LONGEST = "assessment-claim-a000-L29.1-longest"
DOUBLED = "assessment-claim-a000-L29.2-record"


def verdict(project: Project, as_of: date, background: str, assessment: str) -> tuple[str, str]:
    (project.data_dir / "test-claim-dates.trig").write_text(PREFIXES + "g:background {\n" + background + "\n}\n")
    build(project, as_of=as_of)
    kg = KnowledgeGraph.from_nquads(current_snapshot(project, as_of=as_of).nquads)
    rows = kg.query(f"SELECT ?v ?d WHERE {{ d:{assessment} skg:verdict ?v ; skg:derivedValue ?d }}").rows
    assert len(rows) == 1, rows
    return rows[0][0].value.removeprefix(SKG), rows[0][1].value


def at(instant: str) -> str:
    return f'skg:time "{instant}"^^xsd:dateTime'


def between(start: str, end: str) -> str:
    return f'skg:earliestTime "{start}"^^xsd:dateTime ; skg:latestTime "{end}"^^xsd:dateTime'


# --- "Only X has done Y" -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("when", "expected"), [
    # Long after the article: it cannot refute what the article said.
    (at("2023-04-14T12:14:36Z"), "Imprecise"),
    # Its earliest instant is after the article's last possible publication instant.
    (between("2017-02-01T00:00:00Z", "2017-12-31T23:59:59Z"), "Imprecise"),
    # Surely before the article: it refutes the claim.
    (at("2016-12-01T00:00:00Z"), "Contradicted"),
    (between("2016-01-01T00:00:00Z", "2016-12-26T23:59:59Z"), "Contradicted"),
    # Between the first and the last possible publication instant, a window that reaches past the
    # first, or no date at all: it may have come before the article or after it.
    (at("2016-12-28T00:00:00Z"), "Unverifiable"),
    (between("2016-12-01T00:00:00Z", "2016-12-31T23:59:59Z"), "Unverifiable"),
    ("", "Unverifiable"),
])
def test_only_events_that_could_have_come_by_the_article_bear_on_an_exclusive_claim(
        scratch_project: Project, as_of: date, when: str, expected: str):
    mission = f"d:test-jupiter-probe a skg:RoboticMission ; skg:achievedBy d:japan ; skg:destination d:jupiter ; {CITE}"
    found, derived = verdict(scratch_project, as_of, f"{mission} {'; ' + when if when else ''} .", ONLY_US)
    assert found == expected, derived
    assert ("test-jupiter-probe without united-states" in derived) == (expected != "Imprecise")


@pytest.mark.slow
def test_an_exclusive_claim_names_the_event_that_may_have_come_after_the_article(
        scratch_project: Project, as_of: date):
    mission = f"d:test-jupiter-probe a skg:RoboticMission ; skg:achievedBy d:japan ; skg:destination d:jupiter ; {CITE} ."
    assert verdict(scratch_project, as_of, mission, ONLY_US)[1].endswith(
        "test-jupiter-probe without united-states, which may have come after the article; "
        "joint with italy: cassini-huygens")


# --- Superlatives with a measure -----------------------------------------------------------------


def mission(days: int, when: str) -> str:
    return (f"d:test-shenzhou a skg:CrewedMission ; skg:achievedBy d:china ; skg:durationDays {days} ; {CITE}"
            + (f" ; {when}" if when else "") + " .")


@pytest.mark.slow
@pytest.mark.parametrize(("days", "when", "longest", "doubled"), [
    # A longer mission after the article: the record stood at the time, and had not been broken by then.
    (92, at("2021-06-17T01:22:27Z"), "Supported", "Supported"),
    # A longer one between the record and the article: "to date" is wrong; the record was doubled all the same.
    (40, at("2017-06-17T01:22:27Z"), "Contradicted", "Supported"),
    # A longer one with no date: either may be wrong.
    (40, "", "Unverifiable", "Unverifiable"),
    # A 20-day mission before: 33 days is the longest, but not twice the record.
    (20, at("2010-06-17T01:22:27Z"), "Supported", "Contradicted"),
    # The same, known only to the year of the record: it may have come after it.
    (20, between("2016-01-01T00:00:00Z", "2016-12-31T23:59:59Z"), "Supported", "Unverifiable"),
    # Shorter than half of it: no order of the dates makes either wrong.
    (10, "", "Supported", "Supported"),
])
def test_a_measured_superlative_is_compared_with_the_others_that_could_have_come_before(
        scratch_project: Project, as_of: date, days: int, when: str, longest: str, doubled: str):
    assert verdict(scratch_project, as_of, mission(days, when), LONGEST)[0] == longest
    assert verdict(scratch_project, as_of, mission(days, when), DOUBLED)[0] == doubled


@pytest.mark.slow
def test_a_measured_superlative_left_open_says_which_value_may_have_come_after(scratch_project: Project, as_of: date):
    assert verdict(scratch_project, as_of, mission(40, ""), DOUBLED)[1] == (
        "33 against the previous best of 40, which may have come after; none surely came before")
    assert verdict(scratch_project, as_of, mission(40, at("2017-06-17T01:22:27Z")), LONGEST)[1] == (
        "33 against the best before the article of 40")


# --- Counts ------------------------------------------------------------------------------------

# a002 (first published 2018-12-07, at the latest 2018-12-31) L35.2: "It has brought a pair of space
# stations into orbit": Tiangong-1 and Tiangong-2, in a list complete until July 2019.
PAIR = "assessment-claim-a002-L35.2-station-count"


@pytest.mark.slow
@pytest.mark.parametrize(("when", "expected", "listed"), [
    (at("2017-01-01T00:00:00Z"), "Contradicted", "test-station"),
    (between("2018-01-01T00:00:00Z", "2018-12-06T23:59:59Z"), "Contradicted", "test-station"),
    # Between the first and the last publication instant, a window reaching past the first, or no
    # date: a third station may have been in orbit when the article was written, or not yet.
    (at("2018-12-20T00:00:00Z"), "Unverifiable", "test-station (may have come after the article)"),
    (between("2018-01-01T00:00:00Z", "2018-12-31T23:59:59Z"), "Unverifiable",
     "test-station (may have come after the article)"),
    ("", "Unverifiable", "test-station (may have come after the article)"),
    # After the last publication instant: the pair was right.
    (at("2019-01-01T00:00:00Z"), "Supported", None),
])
def test_a_count_counts_the_items_surely_by_the_article_and_leaves_open_those_that_may_be(
        scratch_project: Project, as_of: date, when: str, expected: str, listed: str | None):
    station = (f"d:test-station-launch a skg:LaunchEvent ; skg:achievedBy d:china ; skg:payload d:test-station ; {CITE}"
               + (f" ; {when}" if when else "") + " .\n d:test-station a skg:SpaceStation .")
    found, derived = verdict(scratch_project, as_of, station, PAIR)
    assert found == expected, derived
    if listed is None:
        assert derived == "2 cited (tiangong-1, tiangong-2) in a complete list by 2018-12-07"
    else:
        assert derived == f"3 cited ({listed}, tiangong-1, tiangong-2) in a complete list by 2018-12-07"



FIRST_PUBLISHED = datetime(2018, 12, 7, tzinfo=timezone.utc)
LAST_PUBLISHED = datetime(2018, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


@st.composite
def launches(draw: st.DrawFn) -> tuple[datetime, datetime] | None:
    """A station's launch window near a002's publication, at a random precision, or None for no date."""
    precision = draw(st.sampled_from(["none", "year", "month", "day", "minute"]))
    if precision == "none":
        return None
    start = draw(st.sampled_from([FIRST_PUBLISHED, LAST_PUBLISHED])) + timedelta(days=draw(st.integers(-40, 40)),
                                                                                 minutes=draw(st.integers(0, 1439)))
    start = start.replace(second=0)
    if precision == "minute":
        return start, start
    start = start.replace(hour=0, minute=0)
    if precision == "month":
        start = start.replace(day=1)
        return start, (start + timedelta(days=32)).replace(day=1) - timedelta(seconds=1)
    if precision == "year":
        start = start.replace(month=1, day=1)
        return start, start.replace(year=start.year + 1) - timedelta(seconds=1)
    return start, start + timedelta(days=1, seconds=-1)


def counts(windows: list[tuple[datetime, datetime] | None]) -> set[int]:
    """Every number of stations the article could have counted: Tiangong-1 and -2, and each extra one
    launched by the instant it was published, trying every order of the windows' ends and of the
    publication's first and last instants (enough to reach every order)."""
    never = (datetime(1, 1, 1, tzinfo=timezone.utc), datetime(9999, 12, 31, tzinfo=timezone.utc))
    spans = [w or never for w in windows]
    points = sorted({FIRST_PUBLISHED, LAST_PUBLISHED} | {t for w in spans for t in w})
    found = set()
    for published in (t for t in points if FIRST_PUBLISHED <= t <= LAST_PUBLISHED):
        for launched in itertools.product(*([t for t in points if start <= t <= end] for start, end in spans)):
            found.add(2 + sum(1 for t in launched if t <= published))
    return found


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(launches(), max_size=3))
def test_a_count_is_supported_only_when_every_instant_of_publication_gives_it(
        scratch_project: Project, as_of: date, drawn: list[tuple[datetime, datetime] | None]):
    stations = []
    for n, when in enumerate(drawn):
        dated = "" if when is None else (at(f"{when[0]:%Y-%m-%dT%H:%M:%SZ}") if when[0] == when[1]
                                         else between(f"{when[0]:%Y-%m-%dT%H:%M:%SZ}", f"{when[1]:%Y-%m-%dT%H:%M:%SZ}"))
        stations.append(f"d:test-launch-{n} a skg:LaunchEvent ; skg:achievedBy d:china ; skg:payload d:test-station-{n} ; "
                        f"{CITE}{' ; ' + dated if dated else ''} .\n d:test-station-{n} a skg:SpaceStation .")
    possible = counts(drawn)
    expected = "Supported" if possible == {2} else "Contradicted" if 2 not in possible else "Unverifiable"
    assert verdict(scratch_project, as_of, "\n".join(stations), PAIR)[0] == expected


# --- "First since YEAR" --------------------------------------------------------------------------

# a002 L31.1: Chang'e 3's rover "landed on the moon in 2013 – the first rover to do so since 1976".
# The last cited rover landing before it is Lunokhod 2's (1973), the last landing of any kind Luna 24's (1976).
SINCE = "assessment-claim-a002-L31.1-first-rover-since-1976"
ROVER_LANDING = ('d:test-rover-landing a skg:SoftLanding ; skg:landingBody d:moon ; skg:landedSpacecraft d:test-rover ; '
                 'skg:time "{year}-06-01T00:00:00Z"^^xsd:dateTime . d:test-rover a skg:Rover .')


@pytest.mark.slow
@pytest.mark.parametrize(("year", "expected"), [(1976, "Supported"), (1990, "Contradicted"), (1970, "Imprecise")])
def test_a_cited_rover_landing_decides_a_first_since_claim(scratch_project: Project, as_of: date, year: int,
                                                           expected: str):
    landing = ROVER_LANDING.format(year=year).replace(" . d:test-rover", f" ; {CITE} . d:test-rover")
    assert verdict(scratch_project, as_of, landing, SINCE)[0] == expected


@pytest.mark.slow
@pytest.mark.parametrize("year", [1976, 1990])
def test_a_landing_only_an_article_states_does_not_decide_a_first_since_claim(scratch_project: Project, as_of: date,
                                                                              year: int):
    with (scratch_project.data_dir / "facts" / "a000.trig").open("a") as facts:
        facts.write(f"\ng:a000-L21.1 {{ {ROVER_LANDING.format(year=year)} }}\n")
    assert verdict(scratch_project, as_of, "", SINCE) == (
        "Imprecise", "last earlier lunar soft landing by a rover 1973; by anyone 1976")


@pytest.mark.slow
@pytest.mark.parametrize(("craft", "expected", "derived"), [
    ("Rover", "Imprecise", "last earlier lunar soft landing by a rover 1973; by anyone 1976"),
    ("Lander", "Supported", "last earlier lunar soft landing by a lander 1976; by anyone 1976"),
    ("Spacecraft", "Supported", "last earlier lunar soft landing by a spacecraft 1976; by anyone 1976"),
])
def test_a_first_since_claim_is_judged_among_the_craft_its_words_name(scratch_project: Project, as_of: date,
                                                                      craft: str, expected: str, derived: str):
    """"The first rover since 1976" and "the first lander since 1976" are different claims about the
    same landing: Luna 24 (1976) landed no rover, Lunokhod 2 (1973) was the last to."""
    path = scratch_project.data_dir / "facts" / "a002.trig"
    text = path.read_text()
    assert text.count("skg:comparisonClass skg:Rover ; skg:sinceYear 1976") == 1
    path.write_text(text.replace("skg:comparisonClass skg:Rover ; skg:sinceYear 1976",
                                 f"skg:comparisonClass skg:{craft} ; skg:sinceYear 1976"))
    assert verdict(scratch_project, as_of, "", SINCE) == (expected, derived)


# --- Plan targets announced together ------------------------------------------------------------

# a002 L35.3: "The launch of a Mars Rover is planned for the mid-2020s", when the CNSA's latest
# announcement (18 September 2018) said 2020; a001 L7.1: "by 2020", as the 2016 white paper said.
MID_2020S = "assessment-plan-a002-mars-rover-mid-2020s-reporting"
BY_2020 = "assessment-plan-a001-mars-probe-2020-reporting"


def second_target(announcement: str, expression: str, window: str) -> str:
    return (f'd:test-second-target a skg:Plan ; skg:plannedBy d:china ; skg:announcedIn d:{announcement} ; '
            f'skg:plannedEventType skg:LaunchEvent ; skg:plannedTarget d:mars ; skg:timeExpression "{expression}"@en ; '
            f'{window} ; skg:timePrecision skg:PrecisionYear ; skg:servesGoal d:goal-first-mars-mission ; {CITE} .')


@pytest.mark.slow
@pytest.mark.parametrize(("announcement", "expression", "window", "assessment", "expected", "against"), [
    # The announcement that gave 2020 also gave 2025: "the mid-2020s" agrees with one target, loosely.
    ("announcement-cnsa-2018-09-18", "in 2025", between("2025-01-01T00:00:00Z", "2025-12-31T23:59:59Z"),
     MID_2020S, "Imprecise", "test-second-target"),
    # Or a second target no nearer: it is still misreported.
    ("announcement-cnsa-2018-09-18", "in 2022", between("2022-01-01T00:00:00Z", "2022-12-31T23:59:59Z"),
     MID_2020S, "Contradicted", "plan-cnsa-2018-09-mars"),
    # The white paper's "by 2020" beside another target: the report that follows one is right.
    ("white-paper-2016-release", "by 2022", 'skg:latestTime "2022-12-31T23:59:59Z"^^xsd:dateTime',
     BY_2020, "Supported", "plan-white-paper-2016-mars"),
])
def test_a_report_is_judged_against_the_target_of_the_latest_announcement_that_agrees_with_it_best(
        scratch_project: Project, as_of: date, announcement: str, expression: str, window: str, assessment: str,
        expected: str, against: str):
    found, derived = verdict(scratch_project, as_of, second_target(announcement, expression, window), assessment)
    assert found == expected, derived
    assert derived.endswith(f"({against})")


# --- Equally precise cited values that differ ----------------------------------------------------

# a000 L29.1: Shenzhou 11 flew "for 30 days"; the one cited value to the day is 33.
DURATION = "assessment-claim-a000-L29.1-duration"


def duration_statement(value: str, precision: str) -> str:
    return (f"d:test-value-shenzhou-11 a skg:ValueStatement ; skg:statementSubject d:shenzhou-11 ; "
            f"skg:statementProperty skg:durationDays ; skg:statementValue {value} ; skg:valuePrecision skg:{precision} ; {CITE} .")


def preferred(project: Project, as_of: date) -> list[str]:
    kg = KnowledgeGraph.from_nquads(current_snapshot(project, as_of=as_of).nquads)
    rows = kg.query("""SELECT ?v WHERE { ?s skg:statementSubject d:shenzhou-11 ; skg:statementProperty skg:durationDays ;
                       skg:valueSource g:background ; skg:rank skg:PreferredRank ; skg:statementValue ?v }""").rows
    return sorted(r[0].value for r in rows)


@pytest.mark.slow
@pytest.mark.parametrize(("value", "precision", "expected", "derived", "values"), [
    # Another source, as precise, gives another value: none is preferred, and the claim is not judged
    # against either one alone (30 is exact against 30 and imprecise against 33).
    ("30", "PrecisionDay", "Unverifiable", "equally precise cited values differ, and none is preferred", []),
    ("32", "PrecisionDay", "Unverifiable", "equally precise cited values differ, and none is preferred", []),
    # The same value again, however it is written: still the one preferred value.
    ("33.0", "PrecisionDay", "Imprecise", "33, within 10 %; 30 is the cited duration of the Shenzhou 11 crew's "
                                          "stay aboard Tiangong-2", ["33", "33"]),
    # A rounder value: the one given to the day is preferred.
    ("30", "PrecisionMonth", "Imprecise", "33, within 10 %; 30 is the cited duration of the Shenzhou 11 crew's "
                                          "stay aboard Tiangong-2", ["33"]),
])
def test_equally_precise_cited_values_that_differ_leave_no_preferred_value(
        scratch_project: Project, as_of: date, value: str, precision: str, expected: str, derived: str,
        values: list[str]):
    assert verdict(scratch_project, as_of, duration_statement(value, precision), DURATION) == (expected, derived)
    assert preferred(scratch_project, as_of) == values


# --- Cited times that disagree ------------------------------------------------------------------

# a002 L31.1 dates Chang'e 3's landing "in 2013"; another sentence graph gives a claim per case.
def dated(project: Project, claimed: tuple[str, str]) -> None:
    with (project.data_dir / "facts" / "a002.trig").open("a") as facts:
        facts.write(f"""\ng:a002-L31.1 {{ d:test-landing a skg:SoftLanding ; skg:timeExpression "test"@en ;
            {between(*claimed)} . }}\n""")


JAN_3 = ("2019-01-03T00:00:00Z", "2019-01-03T23:59:59Z")
JANUARY = ("2019-01-01T00:00:00Z", "2019-01-31T23:59:59Z")
MARCH = ("2019-03-01T00:00:00Z", "2019-03-31T23:59:59Z")


@pytest.mark.slow
@pytest.mark.parametrize(("cited", "claimed", "expected", "disagree"), [
    # Two exact times: a claim that holds for one of them only may be right or wrong.
    (f'{at("2019-01-03T02:26:00Z")} , "2019-01-05T02:26:00Z"^^xsd:dateTime', JAN_3, "Unverifiable", True),
    (f'{at("2019-01-03T02:26:00Z")} , "2019-01-03T10:26:00+08:00"^^xsd:dateTime', JAN_3, "Supported", False),  # one instant
    (f'{at("2019-01-03T02:26:00Z")} , "2019-01-05T02:26:00Z"^^xsd:dateTime', JANUARY, "Supported", True),
    (f'{at("2019-01-03T02:26:00Z")} , "2019-01-05T02:26:00Z"^^xsd:dateTime', MARCH, "Contradicted", True),
    # Windows that do not meet, and a window whose start is after its end.
    (f'{between(*JANUARY)} ; skg:earliestTime "2019-03-01T00:00:00Z"^^xsd:dateTime ; '
     'skg:latestTime "2019-03-31T23:59:59Z"^^xsd:dateTime ; skg:timePrecision skg:PrecisionMonth', JANUARY, "Unverifiable", True),
    (f'{between(*JANUARY)} ; skg:earliestTime "2019-03-01T00:00:00Z"^^xsd:dateTime ; '
     'skg:latestTime "2019-03-31T23:59:59Z"^^xsd:dateTime', ("2019-01-01T00:00:00Z", "2019-12-31T23:59:59Z"), "Supported", True),
    (between("2019-01-05T00:00:00Z", "2019-01-02T23:59:59Z"), JAN_3, "Unverifiable", True),
    # Sources that agree: the narrowest window they allow.
    (f'{between(*JANUARY)} ; skg:earliestTime "2019-01-03T00:00:00Z"^^xsd:dateTime ; '
     'skg:latestTime "2019-01-03T23:59:59Z"^^xsd:dateTime', JAN_3, "Supported", False),
])
def test_cited_times_that_disagree_give_one_verdict_hedged_over_the_span_they_give(
        scratch_project: Project, as_of: date, cited: str, claimed: tuple[str, str], expected: str,
        disagree: bool):
    dated(scratch_project, claimed)
    found, derived = verdict(scratch_project, as_of, f"d:test-landing {cited} .", "assessment-a002-L31.1-test-landing-date")
    assert found == expected
    assert derived.endswith("(the cited times disagree)") == disagree
