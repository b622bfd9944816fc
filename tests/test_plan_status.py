"""A plan's status as of a date uses only what was known by the end of that day (UTC):
docs/verdicts.md, "Plans: reporting and outcome"."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.cli import cli
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.engine import KnowledgeGraph

LANDING = '"2019-01-03T02:26:00Z"^^xsd:dateTime'  # Chang'e 4 on the far side, as data/background.trig cites it
FAR_SIDE_PLANS = ("plan-a000-far-side-landing", "plan-a001-far-side-landing", "plan-white-paper-2016-far-side-landing")


def graph_as_of(project: Project, when: date) -> KnowledgeGraph:
    # With records, as every other test builds: a build without them caches each view's closure
    # under another key, in the same file, and the tests that copy the shared project's closures
    # would find none of them current.
    return KnowledgeGraph.from_nquads(build(project, as_of=when).snapshot.nquads)


def statuses(kg: KnowledgeGraph) -> dict[str, tuple[str, int | None]]:
    """Each plan's status, with its slip in days when it has one."""
    rows = kg.query("SELECT ?plan ?status ?slip WHERE { ?plan skg:planStatus ?status OPTIONAL { ?plan skg:slipDays ?slip } }").rows
    return {plan.value.rsplit("/", 1)[1]: (status.value.rsplit("#", 1)[1], None if slip is None else int(slip.value))
            for plan, status, slip in rows}


def plan_status_rows(project: Project, when: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "plan-status", "-f", "csv", "--as-of", when])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def with_landing(project: Project, written: str) -> None:
    """Write the cited instant of the Chang'e 4 landing as ``written`` (an xsd:dateTime lexical form)."""
    background = project.data_dir / "background.trig"
    text = re.sub(r'(d:change-4-landing a skg:SoftLanding .*?skg:time )"[^"]*"', rf'\1"{written}"',
                  background.read_text("utf-8"), count=1, flags=re.S)
    assert f'"{written}"' in text
    background.write_text(text, "utf-8")


def test_an_announcement_made_after_the_evaluation_date_supersedes_nothing(project: Project):
    kg = graph_as_of(project, date(2018, 6, 1))
    status = statuses(kg)
    # The CMSA's 2023 target and CNSA's September 2018 targets were not yet announced.
    for plan in ("plan-a000-crewed-moon-landing-2025", "plan-a000-crewed-moon-landing-xi",
                 "plan-cnsa-2018-04-asteroids", "plan-cnsa-2018-04-jupiter"):
        assert status[plan] == ("Pending", None), plan
    assert not kg.query("ASK { ?outcome skg:planStatus skg:Superseded }").boolean


@pytest.mark.parametrize(("when", "expected"), [
    (date(2018, 9, 17), "Pending"),     # the day before CNSA's announcement of 18 September 2018
    (date(2018, 9, 18), "Superseded"),  # that day counts: as of a day is as of its end
])
def test_a_later_announcement_supersedes_from_its_day_on(project: Project, when: date, expected: str):
    status = statuses(graph_as_of(project, when))
    assert status["plan-cnsa-2018-04-asteroids"] == (expected, None)
    assert status["plan-cnsa-2018-04-jupiter"] == (expected, None)


def test_a_plan_not_yet_announced_or_reported_has_no_status(project: Project):
    status = statuses(graph_as_of(project, date(2018, 6, 1)))
    assert "plan-crewed-moon-landing-before-2030" not in status   # announced by the CMSA in May 2023
    assert "plan-cnsa-2018-09-jupiter" not in status               # announced in September 2018
    assert "plan-a002-space-station-2022" not in status            # reported in December 2018
    assert "plan-a000-far-side-landing" in status                  # reported in May 2018
    assert "plan-tianwen-4-jupiter-2030" not in status             # public by 5 September 2024


@pytest.mark.slow
@pytest.mark.parametrize(("announcement", "warned"), [
    ("", True),                                                      # nothing says when it was made
    ("; skg:announcedIn d:test-announcement", True),                 # an announcement with no date
    ('; skg:announcedIn d:test-announcement . d:test-announcement skg:latestTime "2024-09-05T23:59:59Z"^^xsd:dateTime',
     False),
    ('; skg:announcedIn d:test-announcement . d:test-announcement skg:time "2024-09-05T10:00:00Z"^^xsd:dateTime',
     False),
])
def test_a_plan_with_no_date_it_was_known_by_is_a_check_warning(scratch_project: Project, announcement: str,
                                                                 warned: bool):
    background = scratch_project.data_dir / "background.trig"
    plan = f'    d:test-plan a skg:Plan ; rdfs:label "a test plan"@en ; skg:plannedBy d:china {announcement} .\n'
    background.write_text(background.read_text("utf-8").replace("\n}\n", f"\n{plan}}}\n", 1), "utf-8")
    result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "check", "--as-of", "2026-01-01"])
    assert ("warning  undated-plan  plan=d:test-plan" in result.stdout) is warned, result.stdout


def test_a_pending_plan_shows_no_event_that_came_later(project: Project):
    rows = plan_status_rows(project, "2018-06-01")
    assert rows and {row["planStatus"] for row in rows} == {"https://w3id.org/spacekg/ontology#Pending"}
    assert [row["plan"] for row in rows if row["fulfilledBy"]] == []
    met = plan_status_rows(project, "2019-01-03")
    shown = {row["plan"].rsplit("/", 1)[1]: row["fulfilledBy"].rsplit("/", 1)[1] for row in met if row["fulfilledBy"]}
    assert shown == dict.fromkeys(FAR_SIDE_PLANS, "change-4-landing")


def test_the_evaluation_instant_is_the_end_of_the_day_in_utc(project: Project):
    (row,) = graph_as_of(project, date(2019, 1, 3)).query(
        "SELECT ?at WHERE { d:plan-a000-far-side-landing skg:asOfDate ?at }").rows
    assert row[0].value == "2019-01-03T23:59:59Z"


@pytest.mark.parametrize(("written", "day", "expected"), [
    # The shipped instant, 02:26 UTC on 3 January, written in three zones: the same instant.
    ("2019-01-03T02:26:00Z", date(2019, 1, 2), ("Overdue", None)),
    ("2019-01-03T02:26:00Z", date(2019, 1, 3), ("MetLate", 3)),
    ("2019-01-03T10:26:00+08:00", date(2019, 1, 3), ("MetLate", 3)),
    ("2019-01-02T21:26:00-05:00", date(2019, 1, 2), ("Overdue", None)),
    ("2019-01-02T21:26:00-05:00", date(2019, 1, 3), ("MetLate", 3)),
    # Late on 3 January in New York is 4 January in UTC; early on 4 January in Beijing is still 3 January.
    ("2019-01-03T23:30:00-05:00", date(2019, 1, 3), ("Overdue", None)),
    ("2019-01-03T23:30:00-05:00", date(2019, 1, 4), ("MetLate", 4)),
    ("2019-01-04T07:30:00+08:00", date(2019, 1, 3), ("MetLate", 3)),
    # The last second of the UTC day still counts for that day.
    ("2019-01-03T23:59:59Z", date(2019, 1, 3), ("MetLate", 3)),
    ("2019-01-04T00:00:00Z", date(2019, 1, 3), ("Overdue", None)),
])
def test_an_event_counts_from_the_end_of_its_utc_day(scratch_project: Project, written: str, day: date,
                                                     expected: tuple[str, int | None]):
    with_landing(scratch_project, written)
    status = statuses(graph_as_of(scratch_project, day))
    assert {plan: status[plan] for plan in FAR_SIDE_PLANS} == dict.fromkeys(FAR_SIDE_PLANS, expected)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(landed=st.datetimes(min_value=datetime(2018, 12, 30), max_value=datetime(2019, 1, 6)),
       offset=st.integers(-12 * 4, 14 * 4).map(lambda quarters: timedelta(minutes=15 * quarters)),
       day=st.dates(min_value=date(2018, 12, 29), max_value=date(2019, 1, 7)))
def test_a_plan_is_met_as_of_a_day_exactly_when_its_event_came_by_the_end_of_that_utc_day(
        scratch_project: Project, landed: datetime, offset: timedelta, day: date):
    instant = landed.replace(microsecond=0, tzinfo=timezone.utc)
    with_landing(scratch_project, instant.astimezone(timezone(offset)).isoformat())
    status = statuses(graph_as_of(scratch_project, day))["plan-white-paper-2016-far-side-landing"]
    if instant.date() <= day:
        # The plan's window is 2018; the slip counts calendar days in UTC.
        late = (instant.date() - date(2018, 12, 31)).days
        assert status == (("MetLate", late) if late > 0 else ("MetOnTime", None))
    else:
        assert status == (("Overdue", None) if day > date(2018, 12, 31) else ("Pending", None))


def test_an_event_whose_window_spans_the_evaluation_date_leaves_its_plan_pending(scratch_project: Project):
    """Known only to the month, the landing may have happened by 10 February, and surely had not by
    10 January: the plan is pending, not overdue, until the month is over."""
    background = scratch_project.data_dir / "background.trig"
    background.write_text(background.read_text("utf-8").replace(
        f"skg:time {LANDING} ; skg:timePrecision skg:PrecisionMinute ;",
        'skg:earliestTime "2019-02-01T00:00:00Z"^^xsd:dateTime ; skg:latestTime "2019-02-28T23:59:59Z"^^xsd:dateTime ;'
        " skg:timePrecision skg:PrecisionMonth ;"), "utf-8")
    for day, expected in ((date(2019, 1, 10), ("Overdue", None)), (date(2019, 2, 10), ("Pending", None)),
                          # Late, by 32 to 59 days: the month does not fix the slip, which is left out.
                          (date(2019, 2, 28), ("MetLate", None))):
        assert statuses(graph_as_of(scratch_project, day))["plan-a001-far-side-landing"] == expected, day


# --- Plans and events of other shapes: deadlines in any zone, windows, several events ------------

PREFIXES = """@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .
@prefix g: <https://w3id.org/spacekg/graph/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
Window = tuple[datetime, datetime]


def literal(at: datetime) -> str:
    return f'"{at.isoformat()}"^^xsd:dateTime'


def timed(window: Window | None) -> str:
    if window is None:
        return ""
    start, end = window
    return f" ; skg:time {literal(start)}" if start == end else f" ; skg:earliestTime {literal(start)} ; skg:latestTime {literal(end)}"


def with_plan(project: Project, target: Window | tuple[None, datetime] | None, events: list[tuple[Window | None, bool]]) -> None:
    """A cited plan of China's with the target window ``target``, fulfilled by ``events`` (each its
    cited window, and whether it failed)."""
    plan = "d:test-plan a skg:Plan ; skg:plannedBy d:china"
    if target is not None:
        plan += (f" ; skg:earliestTime {literal(target[0])}" if target[0] else "") + f" ; skg:latestTime {literal(target[1])}"
    facts = [plan + " .\n"]
    links = []
    for n, (window, failed) in enumerate(events):
        facts.append(f"d:test-event-{n} a skg:LaunchEvent ; skg:achievedBy d:china{timed(window)}"
                     f"{' ; skg:outcome skg:Failed' if failed else ''} .\n")
        links.append(f"d:test-plan skg:fulfilledBy d:test-event-{n} .\n")
    (project.data_dir / "test-plans.trig").write_text(
        PREFIXES + "g:background {\n" + "".join(facts) + "}\ng:curation {\n" + "".join(links) + "}\n", "utf-8")


def end_of_day(day: date, zone: timezone) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=zone)


DEADLINE = end_of_day(date(2030, 6, 15), timezone.utc)
LATE = date(2040, 1, 1)  # an evaluation date after every event below


def at(text: str) -> Window:
    instant = datetime.fromisoformat(text)
    return instant, instant


def days(first: str, last: str) -> Window:
    return datetime.fromisoformat(first + "T00:00:00+00:00"), datetime.fromisoformat(last + "T23:59:59+00:00")


@pytest.mark.slow
@pytest.mark.parametrize(("target", "events", "expected"), [
    # Met on the deadline's day, and one second after it.
    ((None, DEADLINE), [(at("2030-06-15T12:00:00+00:00"), False)], ("MetOnTime", None)),
    ((None, DEADLINE), [(at("2030-06-16T00:00:00+00:00"), False)], ("MetLate", 1)),
    # A deadline at the end of a day in Beijing: four hours after it is the next day there, one day late.
    ((None, end_of_day(date(2030, 6, 15), timezone(timedelta(hours=8)))), [(at("2030-06-15T20:00:00+00:00"), False)],
     ("MetLate", 1)),
    ((None, end_of_day(date(2030, 6, 15), timezone(timedelta(hours=8)))), [(at("2030-06-16T17:00:00+00:00"), False)],
     ("MetLate", 2)),
    # Two events fulfil it: the first counts, once.
    ((None, DEADLINE), [(at("2030-03-01T00:00:00+00:00"), False), (at("2030-09-01T00:00:00+00:00"), False)],
     ("MetOnTime", None)),
    # A failed attempt before the deadline does not meet it; the success after does.
    ((None, DEADLINE), [(at("2030-03-01T00:00:00+00:00"), True), (at("2030-06-20T00:00:00+00:00"), False)],
     ("MetLate", 5)),
    # Known only to the year: met, but on time or late is not known; late by an unknown number of days.
    ((None, DEADLINE), [(days("2030-01-01", "2030-12-31"), False)], ("MetUncertain", None)),
    ((None, DEADLINE), [(days("2030-07-01", "2030-07-31"), False)], ("MetLate", None)),
    ((None, DEADLINE), [(days("2030-06-16", "2030-06-16"), False)], ("MetLate", 1)),
    # Before the target window opened, or across its start.
    (days("2031-01-01", "2031-12-31"), [(at("2030-07-01T00:00:00+00:00"), False)], ("MetEarly", None)),
    (days("2030-06-01", "2030-06-30"), [(days("2030-05-01", "2030-06-30"), False)], ("MetUncertain", None)),
    # No cited date for the event: it may have come, so the plan stays pending.
    ((None, DEADLINE), [(None, False)], ("Pending", None)),
    # Never met, or no deadline.
    ((None, DEADLINE), [], ("Overdue", None)),
    (None, [], ("Pending", None)),
    (None, [(at("2030-03-01T00:00:00+00:00"), False)], ("MetOnTime", None)),
])
def test_a_plans_status_rests_on_its_first_fulfilling_event_and_says_only_what_the_dates_fix(
        scratch_project: Project, target: Window | tuple[None, datetime] | None,
        events: list[tuple[Window | None, bool]], expected: tuple[str, int | None]):
    with_plan(scratch_project, target, events)
    assert statuses(graph_as_of(scratch_project, LATE))["test-plan"] == expected


@pytest.mark.slow
@pytest.mark.parametrize(("day", "expected"), [
    (date(2030, 6, 14), ("Pending", None)),
    (date(2030, 6, 15), ("Pending", None)),   # the deadline's day is not over before its end
    (date(2030, 6, 16), ("Overdue", None)),
    (date(2030, 9, 1), ("MetLate", 78)),       # the second event came on 1 September
])
def test_a_plan_never_met_by_its_deadline_is_overdue_from_the_next_day(scratch_project: Project, day: date,
                                                                         expected: tuple[str, int | None]):
    with_plan(scratch_project, (None, DEADLINE), [(at("2030-03-01T00:00:00+00:00"), True),
                                                 (at("2030-09-01T00:00:00+00:00"), False)])
    assert statuses(graph_as_of(scratch_project, day))["test-plan"] == expected


@st.composite
def fulfilling_events(draw: st.DrawFn) -> list[Window]:
    """One to three events near the deadline, each an instant or a day, month or year in some zone."""
    found = []
    for _ in range(draw(st.integers(1, 3))):
        zone = timezone(timedelta(minutes=15 * draw(st.integers(-12 * 4, 14 * 4))))
        start = datetime(2030, 6, 15, tzinfo=zone) + timedelta(hours=draw(st.integers(-24 * 60, 24 * 60)))
        precision = draw(st.sampled_from(["instant", "day", "month", "year"]))
        if precision == "instant":
            found.append((start, start))
            continue
        if precision == "month":
            start = start.replace(day=1)
        if precision == "year":
            start = start.replace(month=1, day=1)
        start = start.replace(hour=0)
        end = {"day": start + timedelta(days=1),
               "month": (start + timedelta(days=32)).replace(day=1),
               "year": start.replace(year=start.year + 1)}[precision] - timedelta(seconds=1)
        found.append((start, end))
    return found


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=fulfilling_events(), offset=st.integers(-12 * 4, 14 * 4), opens=st.booleans())
def test_a_plans_status_and_slip_are_what_every_time_the_events_allow_gives(
        scratch_project: Project, events: list[Window], offset: int, opens: bool):
    zone = timezone(timedelta(minutes=15 * offset))
    deadline = end_of_day(date(2030, 6, 15), zone)
    start = datetime(2030, 6, 1, tzinfo=zone) if opens else None
    with_plan(scratch_project, (start, deadline), [(window, False) for window in events])
    # The first event came between the earliest start and the earliest end; the slip counts the
    # calendar days of the deadline's own zone.
    first, last = min(s for s, _ in events), min(e for _, e in events)
    slips = {(t.astimezone(zone).date() - deadline.date()).days for t in (first, last)}
    if first > deadline:
        expected = ("MetLate", slips.pop() if len(slips) == 1 else None)
    elif last > deadline or start is not None and first < start <= last:
        expected = ("MetUncertain", None)
    elif start is not None and last < start:
        expected = ("MetEarly", None)
    else:
        expected = ("MetOnTime", None)
    assert statuses(graph_as_of(scratch_project, LATE))["test-plan"] == expected
