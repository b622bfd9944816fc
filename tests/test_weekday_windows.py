"""The weekday rule (50-verdict-weekday) reads a cited window as well as a cited instant.

The rule runs alone on a small store (a cited event in g:background, a claim in its own graph), so
that Hypothesis can try many windows, offsets and days against a reference computed in Python.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacekg.namespaces import GRAPH, ID, SKG
from spacekg.reasoning.rules import load_rules, run_rules

REPO = Path(__file__).resolve().parents[1]
RULE = next(r for r in load_rules(REPO / "ontology" / "rules") if r.name == "50-verdict-weekday")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
BACKGROUND = ox.NamedNode(GRAPH + "background")
CLAIMS = ox.NamedNode(GRAPH + "test-claims")
OUTPUT = ox.NamedNode(GRAPH + "inferred/rules")
EVENT, CLAIM = ox.NamedNode(ID + "launch"), ox.NamedNode(ID + "claim")


def skg(name: str) -> ox.NamedNode:
    return ox.NamedNode(SKG + name)


def offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def literal(at: datetime, written_at: int) -> ox.Literal:
    """``at`` as an xsd:dateTime written with the UTC offset ``written_at`` (minutes)."""
    return ox.Literal(at.astimezone(timezone(timedelta(minutes=written_at))).isoformat(), datatype=XSD_DATETIME)


def judged(day: str, offset: int, basis: str, cited: dict[str, ox.Literal]) -> tuple[str, str]:
    """The rule's verdict and derived value for a claim of ``day`` at ``offset`` minutes."""
    store = ox.Store()
    store.extend([ox.Quad(EVENT, skg(p), value, BACKGROUND) for p, value in cited.items()])
    store.extend([
        ox.Quad(CLAIM, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), skg("WeekdayClaim"), CLAIMS),
        ox.Quad(CLAIM, skg("aboutEvent"), EVENT, CLAIMS),
        ox.Quad(CLAIM, skg("claimedWeekday"), ox.Literal(day), CLAIMS),
        ox.Quad(CLAIM, skg("claimedUtcOffset"), ox.Literal(offset_text(offset)), CLAIMS),
        ox.Quad(CLAIM, skg("zoneBasis"), ox.Literal(basis), CLAIMS),
    ])
    run_rules(store, [RULE], default_graph=[BACKGROUND, CLAIMS], output=OUTPUT, parameters={}, justify=False)
    rows = list(store.query(f"""SELECT ?v ?d WHERE {{ GRAPH <{OUTPUT.value}> {{
        ?a <{SKG}assesses> <{CLAIM.value}> ; <{SKG}verdict> ?v ; <{SKG}derivedValue> ?d }} }}"""))
    assert len(rows) == 1, rows
    return rows[0]["v"].value.rsplit("#", 1)[1], rows[0]["d"].value


def days_between(first: date, last: date) -> set[str]:
    return {DAYS[(first + timedelta(days=n)).weekday()] for n in range(min((last - first).days + 1, 7))}


def reference(day: str, offset: int, stated: bool, start: datetime, end: datetime) -> str:
    """docs/verdicts.md's weekday calibration, for the instants from ``start`` to ``end``."""
    local_first, local_last = ((t + timedelta(minutes=offset)).date() for t in (start, end))
    utc_first, utc_last = start.date(), end.date()
    in_utc = not stated and day in days_between(utc_first, utc_last)
    if local_first == local_last:
        if DAYS[local_first.weekday()] == day:
            return "Supported"
        if in_utc:
            return "Imprecise" if utc_first == utc_last else "Unverifiable"
        return "Contradicted"
    return "Unverifiable" if day in days_between(local_first, local_last) or in_utc else "Contradicted"


# Offsets of real zones, in minutes: whole, half and three-quarter hours.
OFFSETS = st.integers(-48, 56).map(lambda quarters: 15 * quarters)
INSTANTS = st.datetimes(datetime(1957, 1, 1), datetime(2099, 12, 31), timezones=st.just(timezone.utc)).map(
    lambda t: t.replace(microsecond=0))


@st.composite
def windows(draw: st.DrawFn) -> tuple[datetime, datetime]:
    """A cited window: a day given in some zone (the usual case), or any span up to three days."""
    if draw(st.booleans()):
        zone = timezone(timedelta(minutes=draw(OFFSETS)))
        day = draw(INSTANTS).astimezone(zone).replace(hour=0, minute=0, second=0)
        return day.astimezone(timezone.utc), (day + timedelta(days=1, seconds=-1)).astimezone(timezone.utc)
    start = draw(INSTANTS)
    return start, start + timedelta(seconds=draw(st.integers(0, 3 * 86400)))


@settings(max_examples=300, deadline=None)
@given(windows(), OFFSETS, OFFSETS, st.sampled_from(DAYS), st.booleans())
def test_a_cited_window_is_judged_as_the_reference_reads_its_days(
        window: tuple[datetime, datetime], offset: int, written_at: int, day: str, stated: bool):
    start, end = window
    cited = {"earliestTime": literal(start, written_at), "latestTime": literal(end, written_at)}
    verdict, _ = judged(day, offset, "stated" if stated else "dateline", cited)
    assert verdict == reference(day, offset, stated, start, end)


@settings(max_examples=150, deadline=None)
@given(INSTANTS, OFFSETS, OFFSETS, st.sampled_from(DAYS), st.booleans())
def test_a_cited_instant_is_judged_as_a_window_of_one_instant(
        at: datetime, offset: int, written_at: int, day: str, stated: bool):
    verdict, _ = judged(day, offset, "stated" if stated else "publisher", {"time": literal(at, written_at)})
    assert verdict == reference(day, offset, stated, at, at)


@pytest.mark.parametrize(("day", "basis", "expected", "derived"), [
    # Zhuque-2 flew on 12 July 2023, a day a source gives in Beijing time: a Wednesday there.
    ("Wednesday", "stated", "Supported", "Wednesday at UTC+08:00, Tuesday to Wednesday in UTC"),
    # UTC is the other reading of a zone taken from the dateline; that day straddles two UTC days.
    ("Tuesday", "dateline", "Unverifiable", "Wednesday at UTC+08:00, Tuesday to Wednesday in UTC"),
    ("Tuesday", "stated", "Contradicted", "Wednesday at UTC+08:00, Tuesday to Wednesday in UTC"),
    ("Thursday", "dateline", "Contradicted", "Wednesday at UTC+08:00, Tuesday to Wednesday in UTC"),
])
def test_a_day_cited_in_its_own_zone_gives_the_weekday_there(day: str, basis: str, expected: str, derived: str):
    beijing = timezone(timedelta(hours=8))
    cited = {"earliestTime": literal(datetime(2023, 7, 12, tzinfo=beijing), 480),
             "latestTime": literal(datetime(2023, 7, 12, 23, 59, 59, tzinfo=beijing), 480)}
    verdict, value = judged(day, 480, basis, cited)
    assert (verdict, value.split(" (")[0]) == (expected, derived)


def test_a_window_over_two_days_at_the_claims_offset_says_which_days_it_spans():
    cited = {"earliestTime": literal(datetime(2023, 7, 12, tzinfo=timezone.utc), 0),
             "latestTime": literal(datetime(2023, 7, 12, 23, 59, 59, tzinfo=timezone.utc), 0)}
    verdict, value = judged("Wednesday", 480, "stated", cited)
    assert verdict == "Unverifiable"
    assert value.startswith("the cited window spans Wednesday to Thursday at UTC+08:00, Wednesday in UTC")


@pytest.mark.parametrize("cited", [{}, {"earliestTime": literal(datetime(2023, 7, 12, tzinfo=timezone.utc), 0)},
                                   {"latestTime": literal(datetime(2023, 7, 12, tzinfo=timezone.utc), 0)}])
def test_without_an_instant_or_both_ends_of_a_window_the_weekday_is_unverifiable(cited: dict[str, ox.Literal]):
    assert judged("Wednesday", 480, "stated", cited) == ("Unverifiable", "no cited instant or window")
