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
    return KnowledgeGraph.from_nquads(build(project, as_of=when, justify=False).snapshot.nquads)


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
                          (date(2019, 2, 28), ("MetLate", 32))):  # the slip runs to the window's first day
        assert statuses(graph_as_of(scratch_project, day))["plan-a001-far-side-landing"] == expected, day
