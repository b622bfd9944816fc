"""Time expressions resolve to windows the way the curated articles record them."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spacekg.curation.dates import (
    _AMBIGUOUS_OFFSETS,
    MONTHS,
    WEEKDAYS,
    after_event,
    explicit,
    resolve,
    time_of_day,
    words_zone,
)
from spacekg.errors import UsageError

UTC8 = timedelta(hours=8)


def window(expression: str, published: date, **kw):
    w = resolve(expression, published=published, **kw)
    stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None  # noqa: E731
    return stamp(w.earliest), stamp(w.latest), w.precision, w.anchored


@pytest.mark.parametrize(("expression", "published", "kw", "expected"), [
    # The windows of data/facts/*.trig, from the words and the publication dates of the articles.
    ("On Friday", date(2018, 12, 7), {}, ("2018-12-07T00:00:00Z", "2018-12-07T23:59:59Z", "PrecisionDay", True)),
    ("on Monday", date(2018, 5, 21), {"utc_offset": UTC8},
     ("2018-05-20T16:00:00Z", "2018-05-21T15:59:59Z", "PrecisionDay", True)),
    ("this week", date(2018, 5, 21), {"utc_offset": UTC8},
     ("2018-05-20T16:00:00Z", "2018-05-27T15:59:59Z", "PrecisionWeek", True)),
    ("in May of this year", date(2018, 12, 7), {},
     ("2018-05-01T00:00:00Z", "2018-05-31T23:59:59Z", "PrecisionMonth", True)),
    ("in early January", date(2018, 12, 7), {"future": True},
     ("2019-01-01T00:00:00Z", "2019-01-10T23:59:59Z", "PrecisionPartOfMonth", True)),
    ("in April", date(2018, 5, 21), {}, ("2018-04-01T00:00:00Z", "2018-04-30T23:59:59Z", "PrecisionMonth", True)),
    ("by the end of the year", date(2018, 5, 21), {"utc_offset": UTC8},
     (None, "2018-12-31T23:59:59Z", "PrecisionYear", True)),
    ("later this year", date(2018, 5, 21), {}, (None, "2018-12-31T23:59:59Z", "PrecisionYear", True)),
    ("by 2025", date(2018, 5, 21), {}, (None, "2025-12-31T23:59:59Z", "PrecisionYear", False)),
    ("In 2013", date(2018, 5, 21), {}, ("2013-01-01T00:00:00Z", "2013-12-31T23:59:59Z", "PrecisionYear", False)),
    ("around 2022", date(2018, 5, 21), {}, ("2022-01-01T00:00:00Z", "2022-12-31T23:59:59Z", "PrecisionYear", False)),
    ("mid-2020s", date(2018, 12, 7), {}, ("2024-01-01T00:00:00Z", "2026-12-31T23:59:59Z", "PrecisionPartOfDecade", False)),
    ("sometime in the 2020s", date(2016, 12, 27), {},
     ("2020-01-01T00:00:00Z", "2029-12-31T23:59:59Z", "PrecisionDecade", False)),
    ("since 2003", date(2018, 5, 21), {}, ("2003-01-01T00:00:00Z", None, "PrecisionYear", False)),
    ("on 8 December 2018", date(2018, 12, 7), {"utc_offset": UTC8},
     ("2018-12-07T16:00:00Z", "2018-12-08T15:59:59Z", "PrecisionDay", False)),
    ("December 8, 2018", date(2018, 12, 7), {}, ("2018-12-08T00:00:00Z", "2018-12-08T23:59:59Z", "PrecisionDay", False)),
    ("next month", date(2018, 12, 7), {}, ("2019-01-01T00:00:00Z", "2019-01-31T23:59:59Z", "PrecisionMonth", True)),
    ("yesterday", date(2018, 1, 1), {}, ("2017-12-31T00:00:00Z", "2017-12-31T23:59:59Z", "PrecisionDay", True)),
])
def test_expressions_resolve_as_the_curated_data_records_them(expression, published, kw, expected):
    assert window(expression, published, **kw) == expected


@pytest.mark.parametrize("expression", ["A year later", "has since", "more than two years", "soon", "30 February 2018"])
def test_words_that_need_context_are_refused_with_the_way_out(expression):
    with pytest.raises(UsageError, match="--date"):
        resolve(expression, published=date(2018, 5, 21))


published_dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@given(published_dates, st.sampled_from(sorted(WEEKDAYS)), st.booleans())
def test_a_weekday_is_the_nearest_one_in_the_sentence_direction(published, name, future):
    w = resolve(f"on {name.title()}", published=published, future=future)
    day = w.earliest.date()
    assert day.weekday() == WEEKDAYS[name] and w.latest == w.earliest + timedelta(days=1, seconds=-1)
    assert (0 <= (day - published).days < 7) if future else (0 <= (published - day).days < 7)


@given(published_dates, st.sampled_from(sorted(MONTHS)), st.booleans(), st.sampled_from(["", "early ", "mid ", "late "]))
def test_a_month_without_a_year_is_the_nearest_one_in_the_sentence_direction(published, name, future, part):
    w = resolve(f"in {part}{name}", published=published, future=future)
    first = w.earliest.date()
    assert first.month == MONTHS[name] and w.anchored
    months_apart = (first.year - published.year) * 12 + first.month - published.month
    assert (0 <= months_apart < 12) if future else (-12 < months_apart <= 0)
    assert w.latest.month == first.month and w.latest > w.earliest


@given(published_dates, st.integers(min_value=-12 * 60, max_value=14 * 60))
def test_the_utc_offset_shifts_day_windows_only(published, minutes):
    offset = timedelta(minutes=minutes)
    day = resolve("today", published=published, utc_offset=offset)
    assert day.earliest == datetime(published.year, published.month, published.day, tzinfo=timezone.utc) - offset
    year = resolve("this year", published=published, utc_offset=offset)
    assert year.earliest == datetime(published.year, 1, 1, tzinfo=timezone.utc)


@given(st.integers(min_value=1900, max_value=2200),
       st.sampled_from(["by", "no later than", "by the end of", "before the end of"]))
def test_deadlines_leave_the_window_open_at_the_start(year, word):
    w = resolve(f"{word} {year}", published=date(2018, 1, 1))
    assert w.earliest is None and w.latest == datetime(year, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


@given(st.integers(min_value=1900, max_value=2200), st.sampled_from(["", "January ", "May ", "December ", "late "]),
       st.sampled_from(["before", "Before", "BEFORE"]))
def test_before_a_period_ends_the_instant_before_it_starts(year, part, word):
    # "before 2030" leaves 2030 out, where "by 2030" includes it.
    before = resolve(f"{word} {part}{year}", published=date(2018, 1, 1), future=True)
    period = resolve(f"in {part}{year}", published=date(2018, 1, 1), future=True)
    assert period.earliest is not None
    assert before.earliest is None and before.latest == period.earliest - timedelta(seconds=1)
    assert before.precision == period.precision


@given(published_dates, st.sampled_from(sorted(WEEKDAYS)))
def test_before_a_weekday_ends_the_day_before_it(published, day):
    before = resolve(f"before {day}", published=published, future=True)
    on = resolve(f"on {day}", published=published, future=True)
    assert on.earliest is not None and before.latest == on.earliest - timedelta(seconds=1)


@given(st.integers(min_value=1900, max_value=2200), st.sampled_from(["until", "not until", "never until", "only until",
                                                                     "till", "Until", "NOT UNTIL"]),
       st.sampled_from(["{}", "January {}", "early {}"]))
def test_an_event_until_a_time_came_then_or_comes_then_or_later(year, word, period):
    published = date(2018, 6, 1)
    plain = resolve(period.format(year), published=published)
    past = resolve(f"{word} {period.format(year)}", published=published)
    assert (past.earliest, past.latest, past.precision) == (plain.earliest, plain.latest, plain.precision)
    ahead = resolve(f"{word} {period.format(year)}", published=published, future=True)
    assert ahead.earliest == resolve(period.format(year), published=published, future=True).earliest
    assert ahead.latest is None


def test_explicit_periods_give_their_precision_and_open_ends():
    assert explicit("A year later", "2014").precision == "PrecisionYear"
    assert explicit("x", "2018-05").precision == "PrecisionMonth"
    assert explicit("x", "2018-05-21").precision == "PrecisionDay"
    assert explicit("x", "2020..2029").precision == "PrecisionDecade"
    assert explicit("x", "2024..2026").precision == "PrecisionPartOfDecade"
    assert explicit("x", "..2025").earliest is None
    assert explicit("x", "2003..").latest is None
    for bad in ("2026..2024", "May", "2018-13", "..", "2018-02-30"):
        with pytest.raises(UsageError):
            explicit("x", bad)


@pytest.mark.parametrize("words", ["on May 3", "May 3rd", "the 3rd of May", "3 May", "on Fri., May 3",
                                   "Friday, the 3rd of May", "on May 3, 2024", "3 May 2024", "on Friday, May 3",
                                   "Friday (May 3)", "on Friday (May 3, 2024)", "Fri. (May 3) at 7:27 p.m. GMT"])
def test_a_day_of_a_month_in_any_usual_spelling_gives_that_day(words):
    w = resolve(words, published=date(2024, 6, 25))
    assert (w.earliest.date(), w.latest.date(), w.precision) == (date(2024, 5, 3), date(2024, 5, 3), "PrecisionDay")
    assert w.anchored == ("2024" not in words)


@given(published_dates, st.dates(min_value=date(1952, 1, 1), max_value=date(2088, 12, 31)), st.booleans(),
       st.sampled_from(["{month} {day}", "{day} {month}", "the {day}th of {month}", "{abbr}. {day}"]))
def test_a_day_of_a_month_without_a_year_is_the_nearest_one_in_the_sentence_direction(published, day, future, form):
    month = day.strftime("%B")
    words = "on " + form.format(month=month, day=day.day, abbr=month[:3])
    w = resolve(words, published=published, future=future)
    found = w.earliest.date()
    assert (found.month, found.day) == (day.month, day.day) and w.anchored
    assert (0 <= (found - published).days < 366 * 4) if future else (0 <= (published - found).days < 366 * 4)
    if (day.month, day.day) != (2, 29):
        assert abs((found - published).days) < 366


@pytest.mark.parametrize(("words", "first", "last", "precision"), [
    ("three days ago", date(2024, 6, 22), date(2024, 6, 22), "PrecisionDay"),
    ("2 weeks ago", date(2024, 6, 10), date(2024, 6, 16), "PrecisionWeek"),
    ("a month ago", date(2024, 5, 1), date(2024, 5, 31), "PrecisionMonth"),
    ("two years ago", date(2022, 1, 1), date(2022, 12, 31), "PrecisionYear"),
    ("in Sept. 2019", date(2019, 9, 1), date(2019, 9, 30), "PrecisionMonth"),
    ("on Tue", date(2024, 6, 25), date(2024, 6, 25), "PrecisionDay"),
])
def test_counted_back_periods_and_abbreviations_resolve(words, first, last, precision):
    w = resolve(words, published=date(2024, 6, 25))
    assert (w.earliest.date(), w.latest.date(), w.precision) == (first, last, precision)
    assert w.anchored == ("2019" not in words)


@pytest.mark.parametrize(("words", "first", "last", "precision"), [
    ("this morning", date(2024, 6, 25), date(2024, 6, 25), "PrecisionDay"),
    ("this evening", date(2024, 6, 25), date(2024, 6, 25), "PrecisionDay"),
    ("tonight", date(2024, 6, 25), date(2024, 6, 25), "PrecisionDay"),
    ("last night", date(2024, 6, 24), date(2024, 6, 24), "PrecisionDay"),
    ("early this morning", date(2024, 6, 25), date(2024, 6, 25), "PrecisionDay"),
    ("earlier today", date(2024, 6, 25), date(2024, 6, 25), "PrecisionDay"),
    ("Later today", date(2024, 6, 25), date(2024, 6, 25), "PrecisionDay"),
    ("at the end of May", date(2024, 5, 21), date(2024, 5, 31), "PrecisionPartOfMonth"),
    ("at the end of November last year", date(2023, 11, 21), date(2023, 11, 30), "PrecisionPartOfMonth"),
    ("at the end of the month of June", date(2024, 6, 21), date(2024, 6, 30), "PrecisionPartOfMonth"),
    ("late last night", date(2024, 6, 24), date(2024, 6, 24), "PrecisionDay"),
    ("earlier this week", date(2024, 6, 24), date(2024, 6, 25), "PrecisionWeek"),
    ("earlier this month", date(2024, 6, 1), date(2024, 6, 25), "PrecisionMonth"),
    ("earlier this year", date(2024, 1, 1), date(2024, 6, 25), "PrecisionYear"),
    ("in three days", date(2024, 6, 28), date(2024, 6, 28), "PrecisionDay"),
    ("in two weeks", date(2024, 7, 8), date(2024, 7, 14), "PrecisionWeek"),
    ("in two weeks' time", date(2024, 7, 8), date(2024, 7, 14), "PrecisionWeek"),
    ("in 6 months", date(2024, 12, 1), date(2024, 12, 31), "PrecisionMonth"),
    ("in a year", date(2025, 1, 1), date(2025, 12, 31), "PrecisionYear"),
    ("early next month", date(2024, 7, 1), date(2024, 7, 10), "PrecisionPartOfMonth"),
    ("late last month", date(2024, 5, 21), date(2024, 5, 31), "PrecisionPartOfMonth"),
])
def test_parts_of_the_day_earlier_periods_and_counted_ahead_periods_resolve(words, first, last, precision):
    w = resolve(words, published=date(2024, 6, 25))
    assert (w.earliest.date(), w.latest.date(), w.precision, w.anchored) == (first, last, precision, True)


@pytest.mark.parametrize("year", [1970, 2003, 2020])
def test_back_in_a_year_is_that_year(year: int):
    assert window(f"back in {year}", date(2024, 6, 25)) == window(f"in {year}", date(2024, 6, 25))


@pytest.mark.parametrize("words", ["two weeks", "for two weeks", "three days", "in weeks"])
def test_a_duration_is_no_time(words):
    with pytest.raises(UsageError, match="cannot resolve the time expression"):
        resolve(words, published=date(2024, 6, 25))


@pytest.mark.parametrize("words", ["in the winter of 2020", "this spring", "last Summer", "in autumn 2019",
                                   "by the fall", "Winter 2021-22"])
def test_a_season_is_refused_with_how_to_give_its_months(words):
    with pytest.raises(UsageError, match=r"cannot resolve the time expression .*months depend on the hemisphere.*"
                                         r"2020-12\.\.2021-02"):
        resolve(words, published=date(2024, 6, 25))


@pytest.mark.parametrize("words", ["on Monday, June 25", "Monday (June 25)"])
def test_a_weekday_that_is_not_the_dates_day_is_refused(words):
    with pytest.raises(UsageError, match="25 June 2024 is a Tuesday, not a Monday: give the period with --date"):
        resolve(words, published=date(2024, 6, 27))


@pytest.mark.parametrize(("words", "first", "last", "anchored"), [
    ("in early 2025", date(2025, 1, 1), date(2025, 4, 30), False),
    ("mid-2025", date(2025, 5, 1), date(2025, 8, 31), False),
    ("in late 2024", date(2024, 9, 1), date(2024, 12, 31), False),
    ("at the end of 2024", date(2024, 9, 1), date(2024, 12, 31), False),
    ("in the first half of 2025", date(2025, 1, 1), date(2025, 6, 30), False),
    ("the second half of this year", date(2024, 7, 1), date(2024, 12, 31), True),
    ("early next year", date(2025, 1, 1), date(2025, 4, 30), True),
])
def test_a_part_of_a_year_gives_its_third_or_half(words, first, last, anchored):
    w = resolve(words, published=date(2024, 6, 25))
    assert (w.earliest.date(), w.latest.date(), w.precision, w.anchored) == (first, last, "PrecisionPartOfYear", anchored)


@given(st.integers(min_value=1900, max_value=2200), st.sampled_from(["early", "mid", "late"]))
def test_the_thirds_of_a_year_cover_it_without_gaps(year, part):
    w = resolve(f"{part} {year}", published=date(2024, 6, 25))
    thirds = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    assert (w.earliest.month, w.latest.month, w.earliest.year, w.latest.year) == (*thirds, year, year)
    assert w.latest + timedelta(seconds=1) == datetime(year + (part == "late"), thirds[1] % 12 + 1, 1, tzinfo=timezone.utc)


def test_a_deadline_in_a_part_of_a_year_keeps_only_its_end():
    w = resolve("by mid-2025", published=date(2024, 6, 25))
    assert w.earliest is None and w.latest == datetime(2025, 8, 31, 23, 59, 59, tzinfo=timezone.utc)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from(sorted(MONTHS)),
       st.sampled_from(["last", "this", "next"]))
def test_last_this_and_next_month_name_the_one_before_in_and_after_the_publication_year(published, name, which):
    w = resolve(f"{which} {name.capitalize()}", published=published)
    month = MONTHS[name]
    start = w.earliest.date()
    assert (start.month, start.day, w.precision, w.anchored) == (month, 1, "PrecisionMonth", True)
    published_month = (published.year, published.month)
    if which == "last":
        assert (start.year, month) < published_month and (start.year + 1, month) >= published_month
    elif which == "next":
        assert (start.year, month) > published_month and (start.year - 1, month) <= published_month
    else:
        assert start.year == published.year


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from(sorted(WEEKDAYS)),
       st.sampled_from(["early {}", "early on {}", "late {}", "late on {}", "{} morning", "on {} night",
                        "on {} (local time)", "{} evening", "on {} at 7:27 p.m.", "at 10 a.m. on {}",
                        "{}, 14:23", "on {} around 9 o'clock"]))
def test_a_time_of_day_around_a_weekday_leaves_its_day(published, name, form):
    assert window(form.format(name.capitalize()), published) == window(f"on {name.capitalize()}", published)


@pytest.mark.parametrize("hedge", ["shortly before", "just before", "a little before", "moments before",
                                   "not long before", "shortly after", "soon after", "right after", "minutes after",
                                   "just past", "after", "before", "nearly", "almost", "exactly", "at about",
                                   "at roughly", "at precisely", "sometime after", "some time before"])
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from(sorted(WEEKDAYS)),
       st.sampled_from(["02:00", "2 a.m.", "9:41 pm", "0200 hours", "14.23"]),
       st.sampled_from(["{hedge} {clock} on {day}", "{hedge} {clock} local time on {day}", "on {day}, {hedge} {clock}",
                        "{day} {hedge} {clock}", "{hedge} {clock} {day}"]))
def test_a_hedged_clock_time_around_a_weekday_leaves_its_day(hedge, published, name, clock, form):
    # "shortly before 02:00 local time on Thursday": the words before a clock time bound or hedge
    # it, and the day is what they date.
    words = form.format(hedge=hedge, clock=clock, day=name.capitalize())
    assert window(words, published) == window(f"on {name.capitalize()}", published)


@pytest.mark.parametrize("words", ["early on May 3", "on the morning of May 3", "in the early hours of Monday, May 3",
                                   "May 3 at 7:27 p.m.", "on Monday, May 3, at 10:26", "at 6 a.m. on May 3"])
def test_a_time_of_day_around_a_date_leaves_its_day(words):
    assert window(words, date(2021, 5, 15)) == window("on May 3", date(2021, 5, 15))


ZONES_SAID = {"Beijing time": 8, "(Beijing Time)": 8, "BJT": 8, "GMT": 0, "(GMT time)": 0, "UTC": 0, "EST": -5,
              "EDT": -4, "PDT": -7, "Moscow time": 3, "IST": None, "CST": None,
              # An offset written out is a zone of its own.
              "UTC+8": 8, "(UTC+8)": 8, "GMT+08:00": 8, "(UTC+0800)": 8, "UTC-5": -5, "GMT -05": -5, "UTC+0": 0}


@given(said=st.sampled_from(sorted(ZONES_SAID)), tz=st.integers(-12, 14),
       day=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
       form=st.sampled_from(["{day} {zone}", "on {day}, {zone}", "on {day} at 7:27 p.m. {zone}",
                             "at 10:26 {zone} on {day}", "{day}, 10:26 {zone}"]))
def test_a_zone_the_words_name_is_the_days_zone_whatever_the_articles(said, tz, day, form):
    words = form.format(day=f"{day:%B} {day.day}, {day.year}", zone=said)
    published = day + timedelta(days=30)
    offset = ZONES_SAID[said]
    if offset is None:
        # A name of several zones is the article's own when one of them is (CST at -06:00).
        if timedelta(hours=tz) not in _AMBIGUOUS_OFFSETS[said.lower()]:
            with pytest.raises(UsageError, match=f"{said} names .* give --tz with the offset"):
                resolve(words, published=published, utc_offset=timedelta(hours=tz))
            return
        offset = tz
    got = resolve(words, published=published, utc_offset=timedelta(hours=tz))
    at_zone = resolve(f"on {day:%B} {day.day}, {day.year}", published=published,
                      utc_offset=timedelta(hours=offset))
    assert (got.earliest, got.latest, got.precision) == (at_zone.earliest, at_zone.latest, at_zone.precision)
    assert got.zone.endswith(f"(UTC{offset:+03d}:00)")


@pytest.mark.parametrize(("place", "offset"), [("Florida", -5), ("Beijing", 8), ("Moscow", 3), ("UK", 0)])
def test_a_place_names_a_zone_only_with_time(place: str, offset: int):
    got = resolve(f"on January 4, 2021, {place} time", published=date(2021, 12, 31))
    assert got.earliest is not None and got.earliest == datetime(2021, 1, 4, tzinfo=timezone.utc) - timedelta(hours=offset)
    with pytest.raises(UsageError, match="cannot resolve the time expression"):
        resolve(f"on January 4, 2021, {place}", published=date(2021, 12, 31))


@pytest.mark.parametrize(("words", "offset"), [("on July 4 ET", -4), ("on January 4 ET", -5),
                                               ("on July 4 Pacific time", -7), ("on December 4, 10 a.m. PT", -8),
                                               # AP style names the region alone after a clock time.
                                               ("on July 4 at 10 a.m. Eastern", -4), ("Dec. 4, 10 p.m. Pacific", -8),
                                               ("at 2:07 a.m. Eastern (0607 UTC) on June 25", -4),
                                               ("at 9 a.m. Central on January 4", -6)])
def test_a_zone_with_daylight_saving_time_has_the_offset_of_that_day(words, offset):
    got = resolve(words, published=date(2021, 12, 31))
    assert got.earliest is not None and got.earliest.hour == -offset


@pytest.mark.parametrize(("words", "message"), [
    ("19:27 ET", "gives a time of the day but no day"), ("at 10 p.m.", "gives a time of the day but no day"),
    ("on Friday Mars time", "the zone 'Mars time' is not one spacekg knows"),
    ("on Friday in the Pacific", "cannot resolve the time expression"),
    ("May 3, 10 a.m. IST", "IST names India (+05:30), Irish (+01:00) or Israel (+02:00)"),
])
def test_a_time_without_a_day_or_a_zone_that_is_not_one_is_refused_with_the_reason(words, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        resolve(words, published=date(2021, 5, 15))


@pytest.mark.parametrize(("sentence", "named"), [
    ("It launched at 2:23 pm local time.", True), ("It landed at 6:04 p.m. IST.", True),
    ("It flew at 10 p.m. ET on Monday.", True), ("It launched at 7 a.m. Beijing Time.", True),
    ("It landed at 2:07 a.m. Eastern (0607 UTC).", True), ("It splashed down in the Pacific at 10 a.m.", False),
    ("The 3 Pacific islands voted.", False), ("It docked at 14:07 Central.", True),
    ("It launched on Friday in southern China.", False), ("The best time to launch is now.", False),
    ("Estimates vary.", False), ("He met the CEO at the UN.", False),
])
def test_a_sentence_names_a_zone_only_with_a_zones_name(sentence: str, named: bool):
    from spacekg.curation.dates import names_a_zone

    assert names_a_zone(sentence) == named


@pytest.mark.parametrize(("name", "offset", "said"), [
    ("IST", "+05:30", "IST names India (+05:30), Irish (+01:00) or Israel (+02:00)"), ("est", "-05:00", "EST is -05:00"),
    ("ET", "-05:00", "ET is -05:00 or -04:00 (summer)"), ("Beijing Time", "+08:00", "Beijing time is +08:00"),
    ("Mars", None, None),
])
def test_a_zones_name_where_an_offset_is_wanted_gets_its_offset_suggested(name: str, offset, said):
    from spacekg.curation.dates import zone_hint

    hint = zone_hint(name)
    assert (hint is None) if offset is None else (hint is not None and hint[0] == offset and said in hint[1])


@given(published_dates, st.integers(min_value=1, max_value=28), st.integers(min_value=1, max_value=12),
       st.sampled_from([("last year", -1), ("this year", 0), ("next year", 1)]),
       st.sampled_from(["on {month} {day}, {year}", "on {day} {month} {year}", "on the {day}th of {month} {year}",
                        "{abbr}. {day} of {year}"]))
def test_a_day_of_a_month_of_last_this_or_next_year_is_counted_from_the_publication(published, day, month, year,
                                                                                    form):
    name = date(2000, month, 1).strftime("%B")
    words = form.format(month=name, day=day, year=year[0], abbr=name[:3])
    w = resolve(words, published=published)
    assert w.earliest.date() == date(published.year + year[1], month, day)
    assert (w.precision, w.anchored) == ("PrecisionDay", True)


@pytest.mark.parametrize(("words", "first", "last"), [
    ("Earlier in April", date(2024, 4, 1), date(2024, 4, 30)),
    ("earlier in March 2023", date(2023, 3, 1), date(2023, 3, 31)),
    ("earlier on June 3", date(2024, 6, 3), date(2024, 6, 3)),
])
def test_earlier_in_a_named_period_is_that_period(words, first, last):
    w = resolve(words, published=date(2024, 6, 25))
    assert (w.earliest.date(), w.latest.date()) == (first, last)


@given(hour=st.integers(0, 23), minute=st.integers(0, 59), zone=st.sampled_from(["GMT", "UTC", "EDT", "BJT"]),
       form=st.sampled_from(["at {clock} {zone} on {day}", "{clock} {zone} {day}", "at about {clock} {zone} {day}",
                             "{day} at {clock} {zone}", "on {day}, {clock} ({zone})"]))
def test_four_digits_before_a_zone_are_a_clock_time_not_a_year(hour, minute, zone, form):
    clock = f"{hour:02d}{minute:02d}"
    words = form.format(clock=clock, zone=zone, day="May 14")
    assert window(words, date(2021, 5, 16)) == window(f"on May 14 {zone}", date(2021, 5, 16))
    for alone in (f"at {clock} {zone}", f"{clock} {zone}", f"at about {clock} ({zone})"):
        with pytest.raises(UsageError, match="gives a time of the day but no day"):
            resolve(alone, published=date(2021, 5, 16))


@pytest.mark.parametrize("words", ["0942 hours on May 14", "at 2318h on May 14", "on May 14 at 1549 hrs"])
def test_four_digits_before_hours_are_a_clock_time(words):
    assert window(words, date(2021, 5, 16)) == window("on May 14", date(2021, 5, 16))


@pytest.mark.parametrize(("words", "year"), [("in 2318", 2318), ("by 2030", 2030), ("in 1976", 1976)])
def test_four_digits_without_a_zone_are_still_a_year(words, year):
    w = resolve(words, published=date(2021, 5, 16))
    assert w.latest is not None and w.latest.year == year and w.precision == "PrecisionYear"


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
       form=st.sampled_from(["early on {month} {d}", "late on {month} {d}", "early {month} {d}",
                             "late on {d} {month}", "early on the {d} of {month}", "in the wee hours of {month} {d}",
                             "in the small hours of {d} {month}"]))
def test_a_time_of_day_around_any_day_of_a_month_leaves_its_day(day, form):
    published = day + timedelta(days=3)
    words = form.format(month=f"{day:%B}", d=day.day)
    assert window(words, published) == window(f"on {day:%B} {day.day}", published)


@pytest.mark.parametrize("words", ["in the wee hours of Saturday", "in the small hours of Saturday",
                                   "in the early hours of Saturday"])
def test_the_hours_of_a_weekday_are_that_day(words):
    assert window(words, date(2021, 5, 16), utc_offset=UTC8) == window("on Saturday", date(2021, 5, 16), utc_offset=UTC8)


@given(st.integers(min_value=1900, max_value=2200), st.sampled_from(sorted(MONTHS)))
def test_the_end_of_a_month_is_late_in_it_as_the_end_of_a_year_is(year, month):
    at_end = resolve(f"at the end of {month.capitalize()} {year}", published=date(2024, 6, 25))
    late = resolve(f"late {month.capitalize()} {year}", published=date(2024, 6, 25))
    assert (at_end.earliest, at_end.latest, at_end.precision) == (late.earliest, late.latest, "PrecisionPartOfMonth")
    assert at_end.earliest.day == 21 and at_end.latest.month == MONTHS[month]


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from(["earlier", "later"]),
       st.sampled_from([timedelta(0), UTC8, -timedelta(hours=5)]))
def test_earlier_or_later_today_is_the_day_of_publication_in_the_articles_zone(published, which, offset):
    w = resolve(f"{which} today", published=published, utc_offset=offset)
    today = resolve("today", published=published, utc_offset=offset)
    assert (w.earliest, w.latest, w.precision, w.anchored) == (today.earliest, today.latest, "PrecisionDay", True)
    assert (w.earliest + offset).date() == published


@given(hour=st.integers(0, 23), minute=st.integers(0, 59), tz=st.integers(-12, 14),
       zone=st.sampled_from(["GMT", "UTC", "EDT"]),
       form=st.sampled_from(["at {clock} ({other}) on {day}", "on {day} at {clock} ({other})",
                             "{day}, {clock} ({other})", "at about {clock} ({other}) {day}"]))
def test_the_same_time_in_another_zone_in_brackets_leaves_the_day_in_the_words_zone(hour, minute, tz, zone, form):
    # "at 9 a.m. (0100 GMT) on Wednesday": the bracket restates the local time, so the day stays
    # the article's (or the zone the clock time names), not the bracket's.
    other = f"{(hour - 8) % 24:02d}{minute:02d} {zone}"
    clock = f"{hour % 12 or 12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}"
    words = form.format(clock=clock, other=other, day="May 14")
    offset = timedelta(hours=tz)
    assert window(words, date(2021, 5, 16), utc_offset=offset) == window("on May 14", date(2021, 5, 16),
                                                                        utc_offset=offset)
    named = form.format(clock=f"{clock} Beijing time", other=other, day="May 14")
    assert window(named, date(2021, 5, 16), utc_offset=offset) == window("on May 14 Beijing time", date(2021, 5, 16))


_FIXED_ZONES = {"GMT": 0, "UTC": 0, "EST": -5, "EDT": -4, "PDT": -7}


@given(instant=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
       tz=st.integers(-12, 14), zone=st.sampled_from(sorted(_FIXED_ZONES)), later=st.integers(0, 5),
       form=st.sampled_from(["at {clock} {day} ({other} {zone} {other_day})", "{day} at {clock} ({other} {zone} on {other_day})",
                             "{day} ({other} {zone} {other_day})", "at {clock} on {date} ({other} {zone} {other_date})"]))
def test_a_bracket_that_restates_the_time_on_its_own_day_leaves_the_day_in_the_words_zone(instant, tz, zone, later, form):
    # Wire copy: "at 1:59 a.m. Thursday (1759 GMT Wednesday)". The bracket's day is its zone's,
    # which may be the day before or after the words' own.
    at = instant.replace(second=0, microsecond=0, tzinfo=timezone.utc)
    local, there = at + timedelta(hours=tz), at + timedelta(hours=_FIXED_ZONES[zone])
    words = form.format(clock=f"{local:%I:%M} {'a.m.' if local.hour < 12 else 'p.m.'}", day=f"{local:%A}",
                        date=f"{local:%b}. {local.day}", other=f"{there:%H%M}", zone=zone, other_day=f"{there:%A}",
                        other_date=f"{there:%b}. {there.day}")
    published, offset = local.date() + timedelta(days=later), timedelta(hours=tz)
    assert window(words, published, utc_offset=offset) == window(f"on {local:%A}" if "{day}" in form else
                                                                  f"on {local:%b}. {local.day}", published,
                                                                  utc_offset=offset)
    slipped = words.replace(f"{there:%A})", f"{there + timedelta(days=1):%A})").replace(
        f"{there.day})", f"{(there + timedelta(days=1)).day})")
    with pytest.raises(UsageError, match="the bracket restates the same time in another zone"):
        resolve(slipped, published=published + timedelta(days=1), utc_offset=offset)


@given(instant=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
       tz=st.integers(-12, 14), zone=st.sampled_from(sorted(_FIXED_ZONES)), later=st.integers(0, 4),
       named=st.booleans(), slip=st.sampled_from([0, 1, -60]),
       form=st.sampled_from(["at {clock} ({other} {zone} {other_day})", "{clock} ({other} {zone} on {other_day})",
                             "at {clock} ({other} {zone} {other_date})", "at about {clock} ({other} {zone}, {other_day})"]))
def test_a_clock_time_without_a_day_takes_its_day_from_the_bracket_that_restates_it_on_one(
        instant, tz, zone, later, named, slip, form):
    # Reuters: "at 7:18 a.m. Beijing time (2318 GMT Friday)". The bracket's day is its own zone's;
    # the words' day is the one their clock time falls on at that instant, in their zone.
    at = instant.replace(second=0, microsecond=0, tzinfo=timezone.utc)
    local, there = at + timedelta(hours=8 if named else tz), at + timedelta(hours=_FIXED_ZONES[zone])
    said = local + timedelta(minutes=slip)
    clock = f"{said:%I:%M} {'a.m.' if said.hour < 12 else 'p.m.'}" + (" Beijing time" if named else "")
    words = form.format(clock=clock, other=f"{there:%H%M}", zone=zone, other_day=f"{there:%A}",
                        other_date=f"{there:%B} {there.day}")
    published, offset = local.date() + timedelta(days=later), timedelta(hours=tz)
    if slip:
        with pytest.raises(UsageError, match="the bracket restates the same time in another zone"):
            resolve(words, published=published, utc_offset=offset)
        return
    day = f"on {local:%A}" + (" Beijing time" if named else "")
    assert window(words, published, utc_offset=offset) == window(day, published, utc_offset=offset)


@given(instant=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
       place=st.integers(-12 * 4, 14 * 4).map(lambda quarters: timedelta(minutes=15 * quarters)),
       registered=st.integers(-12, 14).map(lambda hours: timedelta(hours=hours)),
       form=st.sampled_from(["shortly before {clock} local time on {day} ({other} GMT {other_day})",
                             "at {clock} on {day} ({other} GMT {other_day})", "{day} at {clock} ({other} UTC {other_day})"]))
def test_a_restated_time_read_at_the_wrong_offset_names_the_offset_at_which_it_fits(instant, place, registered, form):
    # A London paper's "02:00 local time on Thursday (18:00 GMT Wednesday)" about a landing in
    # China: the two are one instant at China's offset, which the error names.
    at = instant.replace(second=0, microsecond=0, tzinfo=timezone.utc)
    local = at + place
    words = form.format(clock=f"{local:%H:%M}", day=f"{local:%A}", other=f"{at:%H%M}", other_day=f"{at:%A}")
    published = local.date() + timedelta(days=2)
    sign, size = ("-" if place < timedelta(0) else "+"), abs(place)
    offset = f"{sign}{size // timedelta(hours=1):02d}:{size % timedelta(hours=1) // timedelta(minutes=1):02d}"
    assert window(words, published, utc_offset=place) == window(f"on {local:%A}", published, utc_offset=place)
    if (at + registered).strftime("%A %H:%M") != local.strftime("%A %H:%M"):
        with pytest.raises(UsageError, match=re.escape(f"give --tz {offset}")):
            resolve(words, published=published, utc_offset=registered)


@given(hour=st.integers(0, 23), minute=st.integers(0, 59), zone=st.sampled_from(["Beijing time", "Beijing Time", "GMT",
                                                                                  "UTC", "Moscow time", "BJT"]),
       form=st.sampled_from(["{zone} {clock} on Thursday", "{zone}, {clock} on Thursday", "{zone} at {clock} on Thursday",
                             "{zone} on Thursday"]),
       twelve=st.booleans())
def test_a_zone_named_before_the_clock_time_is_its_zone(hour, minute, zone, form, twelve):
    # A press release's "Beijing time 6:23 on June 2".
    clock = f"{hour % 12 or 12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}" if twelve else f"{hour:02d}:{minute:02d}"
    words = form.format(clock=clock, zone=zone)
    assert window(words, date(2020, 12, 17)) == window(f"on Thursday {zone}", date(2020, 12, 17))


@given(hour=st.integers(0, 23), minute=st.integers(0, 59), zone=st.sampled_from(["Beijing time", "EST", "GMT", "UTC"]),
       form=st.sampled_from(["at {clock} Thursday {zone}", "Thursday at {clock} {zone}", "{clock} Thursday, {zone}",
                             "at {clock} on Thursday {zone}"]),
       twelve=st.booleans())
def test_a_zone_named_after_the_day_is_the_zone_of_the_clock_time_before_it(hour, minute, zone, form, twelve):
    clock = f"{hour % 12 or 12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}" if twelve else f"{hour:02d}:{minute:02d}"
    words = form.format(clock=clock, zone=zone)
    assert window(words, date(2020, 12, 17)) == window(f"on Thursday {zone}", date(2020, 12, 17))


@given(st.integers(min_value=1900, max_value=2200),
       st.sampled_from(["by", "before", "no later than", "in", "since", "until", "By", "BEFORE"]),
       st.sampled_from(["around", "about", "approximately", "roughly", "circa", "Around"]),
       st.sampled_from(["{}", "late {}", "the 2030s"]), st.booleans())
def test_a_hedge_after_a_deadline_or_period_word_hedges_the_period(year, word, hedge, period, future):
    # "by around 2035", "in about 2030": the hedge is about the period, which it leaves as named.
    named = period.format(year)
    hedged = resolve(f"{word} {hedge} {named}", published=date(2026, 2, 11), future=future)
    plain = resolve(f"{word} {named}", published=date(2026, 2, 11), future=future)
    assert (hedged.earliest, hedged.latest, hedged.precision) == (plain.earliest, plain.latest, plain.precision)


@given(published_dates, st.sampled_from(["by the end of the decade", "before the end of the decade",
                                         "by the end of this decade", "By The End Of The Decade",
                                         "no later than the end of the decade"]))
def test_the_end_of_the_decade_as_a_deadline_is_the_last_instant_of_the_publications_decade(published, words):
    w = resolve(words, published=published, future=True)
    last = published.year // 10 * 10 + 9
    assert w.earliest is None and w.latest == datetime(last, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    assert w.anchored and w.precision == "PrecisionDecade"


@given(published_dates, st.sampled_from(["decade", "year", "month", "week"]),
       st.sampled_from(["before the {} is out", "before the {} is over", "by the time the {} ends",
                        "Before This {} Is Out", "before the {} ends"]))
def test_before_a_period_is_out_is_a_deadline_at_its_end(published, unit, form):
    assert window(form.format(unit), published, future=True) == \
        window(f"by the end of this {unit}", published, future=True)


@given(published_dates, st.sampled_from(["this decade", "within this decade", "during this decade"]))
def test_this_decade_is_the_decade_of_publication_as_its_tens_name_it(published, words):
    w = resolve(words, published=published)
    tens = resolve(f"in the {published.year // 10 * 10}s", published=published)
    assert (w.earliest, w.latest, w.precision, w.anchored) == (tens.earliest, tens.latest, tens.precision, True)


@given(published_dates)
def test_the_end_of_the_decade_is_late_in_it_as_the_end_of_a_year_is(published):
    w = resolve("at the end of the decade", published=published)
    late = resolve(f"late {published.year // 10 * 10}s", published=published)
    assert (w.earliest, w.latest, w.precision) == (late.earliest, late.latest, late.precision)


@given(published=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
       day=st.sampled_from(["today", "yesterday", "on Friday", "Friday", "on May 3"]),
       part=st.sampled_from(["in the morning", "in the early morning", "in the afternoon", "in the evening",
                             "in the late evening", "at night"]),
       form=st.sampled_from(["{part} {day}", "{part}, {day}", "{day} {part}", "{day}, {part}",
                             "at 1 o'clock {part} {day}", "At 1 o\u2019clock {part} {day}", "at 7 p.m. {day} {part}"]))
def test_a_part_of_the_day_said_with_in_the_or_at_leaves_its_day(published, day, part, form):
    # A Weibo post of the Zhurong rover, in English (EIR, 15 May 2021): "At 1 o'clock in the
    # morning today, the Tianwen-1 probe was de-orbited in its parked orbit ..."; the words had
    # been refused.
    words = form.format(part=part, day=day)
    assert window(words, published, utc_offset=UTC8) == window(day, published, utc_offset=UTC8)


# --- ranges of years and windows counted ahead, in words ---------------------------------------

# The longest window, in days, that each precision covers (a decade covers any longer one too).
LONGEST = [("PrecisionDay", 1), ("PrecisionWeek", 7), ("PrecisionPartOfMonth", 11), ("PrecisionMonth", 31),
           ("PrecisionPartOfYear", 123), ("PrecisionYear", 366), ("PrecisionPartOfDecade", 1461)]


def precision_of(days: int, finest: str = "PrecisionDay") -> str:
    names = [name for name, _ in LONGEST]
    return next((name for name, longest in LONGEST[names.index(finest) if finest in names else len(names):]
                 if days <= longest), "PrecisionDecade")


@given(st.integers(min_value=1950, max_value=2090), st.integers(min_value=1, max_value=15), published_dates,
       st.booleans(), st.sampled_from(["between {a} and {b}", "from {a} to {b}", "{a} to {b}", "in {a} or {b}",
                                       "{a} through {b}", "sometime between {a} and {b}", "{a}-{b}", "in {a}-{b2}",
                                       "from {a} until {b}"]))
def test_a_range_of_years_in_words_runs_from_the_first_to_the_end_of_the_last(first, gap, published, future, form):
    last = first + gap
    if "{b2}" in form and first // 100 != last // 100:
        return  # "2098-03" is no range
    w = resolve(form.format(a=first, b=last, b2=f"{last % 100:02d}"), published=published, future=future)
    assert w.earliest == datetime(first, 1, 1, tzinfo=timezone.utc)
    assert w.latest == datetime(last, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    assert w.precision == precision_of((date(last, 12, 31) - date(first, 1, 1)).days + 1, "PrecisionYear")
    assert not w.anchored


@given(st.integers(min_value=1950, max_value=2090), st.integers(min_value=1, max_value=15),
       st.sampled_from(["by", "no later than"]))
def test_a_deadline_of_one_year_or_another_ends_with_the_later(first, gap, word):
    w = resolve(f"{word} {first} or {first + gap}", published=date(2026, 1, 5), future=True)
    assert w.earliest is None and w.latest == datetime(first + gap, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


@given(st.integers(min_value=1950, max_value=2090), st.integers(min_value=1, max_value=15),
       st.sampled_from(["between {b} and {a}", "from {b} to {a}", "in {a} and {b}", "{b}-{a}"]))
def test_a_range_that_runs_backwards_or_two_times_joined_by_and_are_refused(first, gap, form):
    with pytest.raises(UsageError, match="give the period with --date"):
        resolve(form.format(a=first, b=first + gap), published=date(2026, 1, 5), future=True)


def counted(published: date, count: int, unit: str) -> date:
    if unit in ("day", "week"):
        return published + timedelta(days=count * (7 if unit == "week" else 1))
    months = published.month - 1 + count * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = published.year + months // 12, months % 12 + 1
    last_day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(published.day, last_day))


NUMBER_WORDS = ["a", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


@given(published_dates, st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=5),
       st.sampled_from(["day", "week", "month", "year", "decade"]), st.booleans(), st.booleans(),
       st.sampled_from(["within {n} {u}s", "within the next {n} {u}s", "in the next {n} to {m} {u}s",
                        "over the next {n} {u}s", "in the coming {n} or {m} {u}s", "during the next {n} {u}s"]))
def test_a_window_counted_ahead_runs_from_publication_to_the_end_of_the_longest_count(
        published, count, more, unit, in_words, future, form):
    if form.startswith("within {n}") and not future:
        return  # of the past, a bare "within" counts from another event
    most = count + more if "{m}" in form else count
    said = (lambda n: NUMBER_WORDS[n - 1] if n <= 12 else str(n)) if in_words else str
    w = resolve(form.format(n=said(count), m=said(most), u=unit), published=published, future=future)
    last = counted(published, most, unit)
    assert w.earliest == datetime.combine(published, datetime.min.time(), timezone.utc)
    assert w.latest == datetime(last.year, last.month, last.day, 23, 59, 59, tzinfo=timezone.utc)
    assert w.precision == precision_of((last - published).days + 1) and w.anchored


@pytest.mark.parametrize("words", ["within five years", "within a decade", "within 18 months"])
def test_a_bare_within_of_the_past_is_refused_with_the_reason(words):
    with pytest.raises(UsageError, match="counts from another event, which the words do not date"):
        resolve(words, published=date(2024, 6, 25), future=False)
    assert resolve(words, published=date(2024, 6, 25), future=True).earliest is not None


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=0, max_value=5000))
def test_a_period_given_by_hand_has_the_precision_of_its_length(start, length):
    end = start + timedelta(days=length)
    w = explicit("x", f"{start.isoformat()}..{end.isoformat()}")
    assert w.precision == precision_of(length + 1)
    assert (w.precision == "PrecisionDay") == (length == 0)


@pytest.mark.parametrize(("given", "precision"), [
    ("2019-01-03..2019-01-20", "PrecisionMonth"), ("2019-01-03..2019-01-04", "PrecisionWeek"),
    ("2019-01-21..2019-01-31", "PrecisionPartOfMonth"), ("2019-01..2019-02", "PrecisionPartOfYear"),
    ("2019-05..2019-12", "PrecisionYear"), ("2029..2031", "PrecisionPartOfDecade"), ("2016..2030", "PrecisionDecade"),
    ("2019-01-01..2019-12-31", "PrecisionYear"), ("2019..2019", "PrecisionYear"),
])
def test_a_range_given_by_hand_is_no_finer_than_its_window(given, precision):
    assert explicit("x", given).precision == precision


# "was launched ... on November 24, touched down on the moon a week later" (South China Morning
# Post, 17 December 2020): the launch's day in Beijing, and a cited minute.
_DAY = (datetime(2020, 11, 23, 16, tzinfo=timezone.utc), datetime(2020, 11, 24, 15, 59, 59, tzinfo=timezone.utc),
        "PrecisionDay")
_MINUTE = (datetime(2020, 11, 23, 20, 30, tzinfo=timezone.utc), datetime(2020, 11, 23, 20, 30, tzinfo=timezone.utc),
           "PrecisionMinute")


@pytest.mark.parametrize(("words", "anchor", "expected"), [
    # An exact count of days, hours or minutes shifts the event's window and keeps its precision.
    ("two days later", _DAY, ("2020-11-25T16:00:00Z", "2020-11-26T15:59:59Z", "PrecisionDay")),
    ("2 days after the launch", _DAY, ("2020-11-25T16:00:00Z", "2020-11-26T15:59:59Z", "PrecisionDay")),
    ("the next day", _DAY, ("2020-11-24T16:00:00Z", "2020-11-25T15:59:59Z", "PrecisionDay")),
    ("the day before", _DAY, ("2020-11-22T16:00:00Z", "2020-11-23T15:59:59Z", "PrecisionDay")),
    ("on the previous day", _DAY, ("2020-11-22T16:00:00Z", "2020-11-23T15:59:59Z", "PrecisionDay")),
    ("the day prior to the landing", _DAY, ("2020-11-22T16:00:00Z", "2020-11-23T15:59:59Z", "PrecisionDay")),
    ("3 hours later", _MINUTE, ("2020-11-23T23:30:00Z", "2020-11-23T23:30:00Z", "PrecisionMinute")),
    ("ten minutes later", _MINUTE, None),
    # A week, a month or a year, or a hedged count, is rounded: half a unit either side.
    ("a week later", _DAY, ("2020-11-27T16:00:00Z", "2020-12-04T15:59:59Z", "PrecisionWeek")),
    ("A Week Later", _DAY, ("2020-11-27T16:00:00Z", "2020-12-04T15:59:59Z", "PrecisionWeek")),
    ("about 3 hours after the launch", _MINUTE, ("2020-11-23T23:00:00Z", "2020-11-24T00:00:00Z", "PrecisionDay")),
    ("about two days later", _DAY, ("2020-11-24T16:00:00Z", "2020-11-27T15:59:59Z", "PrecisionWeek")),
    ("a year later", _DAY, ("2021-05-25T16:00:00Z", "2022-05-25T15:59:59Z", "PrecisionYear")),
    # "Nearly" runs from the event to the count, "more than" from the count on.
    ("nearly two days later", _DAY, ("2020-11-23T16:00:00Z", "2020-11-26T15:59:59Z", "PrecisionWeek")),
    ("more than two days later", _DAY, ("2020-11-25T16:00:00Z", None, "PrecisionDay")),
])
def test_words_that_count_from_another_event_shift_its_window(words, anchor, expected):
    w = after_event(words, *anchor)
    stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None  # noqa: E731
    if expected is None:  # a count in words
        assert (w.earliest, w.latest) == (anchor[0] + timedelta(minutes=10), anchor[1] + timedelta(minutes=10))
        return
    assert (stamp(w.earliest), stamp(w.latest), w.precision) == expected
    assert w.expression == words and not w.anchored


@given(days=st.integers(0, 3650), count=st.integers(1, 12), unit=st.sampled_from(["day", "week", "month", "year"]),
       hedge=st.sampled_from(["", "about "]))
def test_a_count_from_an_event_lands_inside_the_window_it_gives(days, count, unit, hedge):
    start = datetime(2015, 1, 1, 16, tzinfo=timezone.utc) + timedelta(days=days)
    end = start + timedelta(days=1, seconds=-1)
    w = after_event(f"{hedge}{count} {unit}s later", start, end, "PrecisionDay")
    assert w.earliest is not None and w.latest is not None
    step = {"day": timedelta(days=count), "week": timedelta(weeks=count)}.get(unit)
    if step is not None:
        assert w.earliest <= start + step and end + step <= w.latest
    assert w.latest - w.earliest >= end - start


@pytest.mark.parametrize("words", ["on November 24", "later", "before", "weeks later", "soon after", "shortly before"])
def test_words_that_count_from_no_event_are_refused_with_what_to_give(words):
    with pytest.raises(UsageError, match="--after dates words that count from another event"):
        after_event(words, *_DAY)


@given(count=st.integers(1, 40), unit=st.sampled_from(["minute", "hour", "day", "week"]),
       hedge=st.sampled_from(["", "about ", "nearly ", "more than ", "less than "]),
       back=st.sampled_from(["earlier", "before", "before the docking", "prior to the landing"]),
       days=st.integers(0, 1000), hours=st.integers(0, 47))
def test_a_count_before_an_event_mirrors_the_same_count_after_it(count, unit, hedge, back, days, hours):
    start = datetime(2015, 1, 1, 16, tzinfo=timezone.utc) + timedelta(days=days)
    end = start + timedelta(hours=hours, seconds=59)
    later = after_event(f"{hedge}{count} {unit}s later", start, end, "PrecisionMinute")
    earlier = after_event(f"{hedge}{count} {unit}s {back}", start, end, "PrecisionMinute")
    # What "later" adds after the event's window, "before" takes before it, each end for the other.
    assert (later.latest is None) == (earlier.earliest is None)
    if later.latest is not None and earlier.earliest is not None:
        assert later.latest - end == start - earlier.earliest
    assert later.earliest is not None and earlier.latest is not None
    assert later.earliest - start == end - earlier.latest
    assert earlier.precision == later.precision


@pytest.mark.parametrize("words", ["a week later", "Two days later", "about 3 hours after the launch", "the next day",
                                   "two days earlier", "about six and a half hours before the docking",
                                   "the day before", "the preceding day"])
def test_words_that_count_from_an_event_without_it_say_to_name_it(words):
    with pytest.raises(UsageError, match="count from another event: name it with --after"):
        resolve(words, published=date(2020, 12, 17))


@given(published=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), weekday=st.sampled_from(list(WEEKDAYS)),
       which=st.sampled_from(["last", "this", "next"]), future=st.booleans(),
       form=st.sampled_from(["{day} {which} week", "on {day} of {which} week", "{Day}, {which} week",
                             "{which} week on {day}", "On {Day} of {which} week"]))
def test_a_weekday_of_last_this_or_next_week_is_that_day_of_that_calendar_week(published, weekday, which, future, form):
    # "on Tuesday last week": weeks run Monday to Sunday, as "last week" alone does.
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks={"last": -1, "this": 0, "next": 1}[which])
    day = monday + timedelta(days=WEEKDAYS[weekday])
    words = form.format(day=weekday, Day=weekday.capitalize(), which=which)
    assert window(words, published, future=future) == window(day.isoformat(), published)[:3] + (True,)


@given(year=st.integers(1950, 2100), month=st.integers(1, 12), word=st.sampled_from(["after", "beyond", "later than", "After"]),
       future=st.booleans(), by_month=st.booleans())
def test_after_a_period_runs_from_its_end_on(year, month, word, future, by_month):
    # "a crewed landing after 2030": the period itself is left out, and no end is given.
    published = date(2024, 5, 15)
    if by_month:
        following = date(year + (month == 12), month % 12 + 1, 1)
        said, since = f"{word} {calendar.month_name[month]} {year}", f"since {calendar.month_name[following.month]} {following.year}"
    else:
        said, since = f"{word} {year}", f"since {year + 1}"
    assert window(said, published, future=future) == window(since, published, future=future)


@given(published=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), apostrophe=st.sampled_from("'\u2019"),
       words=st.sampled_from(["Sunday", "Friday", "yesterday", "today", "last year", "this month", "last week", "last Friday",
                              "early May", "next year"]))
def test_a_time_written_as_a_possessive_is_that_time(published, apostrophe, words):
    # "Sunday's launch": the --when words people copy may keep the possessive (not after a figure:
    # "the 1990's" is a decade).
    assert window(f"{words}{apostrophe}s", published) == window(words, published)


@pytest.mark.parametrize("joined", ["to", "or", "-", "\u2013"])
@pytest.mark.parametrize(("first", "last"), [("two", "three"), ("2", "3"), ("one", "five"), ("2", "ten")])
@pytest.mark.parametrize(("unit", "days"), [("year", None), ("month", None), ("week", None), ("day", 1)])
@pytest.mark.parametrize("hedge", ["", "about "])
def test_in_a_range_of_counts_ahead_runs_from_the_first_counts_period_to_the_last(joined, first, last, unit, days,
                                                                                  hedge):
    gap = "" if joined in ("-", "\u2013") else " "
    words = f"in {hedge}{first}{gap}{joined}{gap}{last} {unit}s"
    published = date(2020, 12, 17)
    whole = resolve(words, published=published, future=True)
    alone = [resolve(f"in {n} {unit}s", published=published, future=True) for n in (first, last)]
    assert (whole.earliest, whole.latest) == (alone[0].earliest, alone[1].latest)
    assert whole.anchored


@pytest.mark.parametrize("words", ["in three to two years", "in 3-2 years"])
def test_a_range_of_counts_that_runs_backwards_is_refused(words):
    with pytest.raises(UsageError):
        resolve(words, published=date(2020, 12, 17), future=True)


def _spelt(n: int) -> str:
    units = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
             "seventeen eighteen nineteen").split()
    tens = "twenty thirty forty fifty sixty seventy eighty ninety".split()
    return units[n - 1] if n < 20 else tens[n // 10 - 2] + (f"-{units[n % 10 - 1]}" if n % 10 else "")


@given(st.integers(1, 99), st.sampled_from(["{n} days ago", "in {n} years", "within the next {n} months"]),
       st.sampled_from(["-", " "]))
def test_a_count_spelt_out_in_words_is_its_number(n, form, join):
    published = date(2023, 10, 26)
    spelt = form.format(n=_spelt(n).replace("-", join))
    assert window(spelt, published, future=True) == window(form.format(n=n), published, future=True)


LAUNCH = datetime(2023, 10, 26, 3, 14, tzinfo=timezone.utc)


def _after(words: str) -> tuple[datetime | None, datetime | None, str]:
    w = after_event(words, LAUNCH, LAUNCH, "PrecisionMinute")
    return w.earliest, w.latest, w.precision


@given(st.integers(0, 40), st.sampled_from(["minute", "hour", "day", "week"]),
       st.sampled_from(["{n} and a half {unit}s later", "{n} 1/2 {unit}s later", "{n}-1/2 {unit}s later",
                        "{n}\u00bd {unit}s later", "{n} {unit}s and a half after the launch"]), st.booleans())
def test_a_half_in_a_count_is_half_its_unit_however_it_is_written(n, unit, form, spelt):
    words = form.format(n=_spelt(n) if spelt and n and "and a half" in form else n, unit=unit)
    assert _after(words) == _after(f"{n}.5 {unit}s later")
    earliest, latest, _ = _after(words)
    minutes = {"minute": 1, "hour": 60, "day": 1440, "week": 10080}[unit]
    # A count of weeks is a rounded one, which widens evenly around its instant.
    assert earliest + (latest - earliest) / 2 == LAUNCH + timedelta(minutes=(n + 0.5) * minutes)


@pytest.mark.parametrize(("words", "same"), [("half an hour later", "30 minutes later"),
                                             ("an hour and a half later", "90 minutes later"),
                                             ("a day and a half later", "36 hours later"),
                                             ("about six and a half hours after the launch", "about 6.5 hours later")])
def test_a_half_counted_in_words_is_the_count_in_smaller_units(words, same):
    assert _after(words) == _after(same)


@pytest.mark.parametrize("words", ["a few hours later", "several days later", "a couple of weeks later",
                                   "some days after the launch"])
def test_a_count_without_a_number_is_refused_with_what_to_give(words):
    with pytest.raises(UsageError, match="gives no count .* give the period with --date"):
        after_event(words, LAUNCH, LAUNCH, "PrecisionMinute")


@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)), extra=st.integers(1, 3),
       form=st.sampled_from(["on {month} {day}, {year}", "{day} {month} {year}", "on {month} {day}"]))
def test_a_day_past_its_months_end_is_refused_with_the_months_length(day, extra, form):
    month_end = calendar.monthrange(day.year, day.month)[1]
    words = form.format(month=f"{day:%B}", day=month_end + extra, year=day.year)
    if month_end + extra > 31:
        return  # no day of any month: no day at all
    if "{year}" not in form and day.month == 2 and month_end + extra == 29:
        # 29 February without its year is the last one before publication, up to four years back.
        got = resolve(words, published=day + timedelta(days=400))
        assert got.earliest is not None and (got.earliest.month, got.earliest.day) == (2, 29)
        assert 0 <= (day + timedelta(days=400)).year - got.earliest.year < 5
        return
    with pytest.raises(UsageError, match=r"has no day \d+: it has|is no leap year: its February has 28 days"):
        resolve(words, published=day + timedelta(days=400))
    assert resolve(form.format(month=f"{day:%B}", day=month_end, year=day.year), published=day + timedelta(days=400))


@given(year=st.integers(1990, 2060), quarter=st.integers(1, 4),
       form=st.sampled_from(["in Q{q} {y}", "in the {o} quarter of {y}", "by the {o} quarter of {y}", "Q{q}, {y}"]))
def test_a_quarter_is_its_three_months(year, quarter, form):
    words = form.format(q=quarter, y=year, o=("first", "second", "third", "fourth")[quarter - 1])
    got = resolve(words, published=date(1989, 1, 1), future=True)
    last = quarter * 3
    end = datetime(year, last, calendar.monthrange(year, last)[1], 23, 59, 59, tzinfo=timezone.utc)
    assert got.latest == end and got.precision == "PrecisionPartOfYear"
    if not words.startswith("by"):
        assert got.earliest == datetime(year, last - 2, 1, tzinfo=timezone.utc)


@given(published=published_dates, quarter=st.integers(1, 4), future=st.booleans(),
       form=st.sampled_from(["in Q{q}", "in the {o} quarter", "during the {o} quarter", "In The {O} Quarter"]))
def test_a_quarter_without_its_year_is_the_nearest_in_the_sentences_direction(published, quarter, future, form):
    ordinal = ("first", "second", "third", "fourth")[quarter - 1]
    got = resolve(form.format(q=quarter, o=ordinal, O=ordinal.title()), published=published, future=future)
    first, last = got.earliest.date(), got.latest.date()
    assert (first.month, last.month, first.year == last.year) == (quarter * 3 - 2, quarter * 3, True)
    assert got.anchored and got.precision == "PrecisionPartOfYear"
    # The quarter of publication is the one meant either way; another is the next one ahead
    # (told of the future) or the last one before.
    assert (last >= published if future else first <= published)
    assert abs((first - published).days) < 366


@given(published=published_dates, which=st.sampled_from(["last", "this", "next"]))
def test_last_this_and_next_quarter_are_counted_from_the_quarter_of_publication(published, which):
    got = resolve(f"{which} quarter", published=published)
    index = published.year * 4 + (published.month - 1) // 3 + {"last": -1, "this": 0, "next": 1}[which]
    assert (got.earliest.year, got.earliest.month) == (index // 4, index % 4 * 3 + 1)
    assert got.latest.month == got.earliest.month + 2 and got.anchored


@given(published=published_dates, part=st.sampled_from(["early", "mid", "late"]),
       which=st.sampled_from(["next", "coming", "last", "past", "previous"]),
       form=st.sampled_from(["{p} {w} decade", "{p}-{w} decade", "{p} in the {w} decade"]))
def test_a_part_of_the_next_or_last_decade_is_that_part_of_the_calendar_decade(published, part, which, form):
    got = resolve(form.format(p=part, w=which), published=published, future=which in ("next", "coming"))
    start = published.year // 10 * 10 + (10 if which in ("next", "coming") else -10)
    years = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[part]
    assert (got.earliest.year, got.latest.year) == (start + years[0], start + years[1])
    assert got.precision == "PrecisionPartOfDecade" and got.anchored


@pytest.mark.parametrize("words", ["by mid-century", "by the middle of the century", "by the middle of this century",
                                   "in the mid-21st century", "early this century", "by the late 21st century"])
def test_a_part_of_a_century_is_refused_asking_for_the_years(words):
    with pytest.raises(UsageError, match=r"of a century gives no years .*: give the years the sentence means with --date"):
        resolve(words, published=date(2021, 4, 29), future=True)


@pytest.mark.parametrize(("words", "first", "last"), [
    ("by the year 2030", None, "2030-12-31"), ("in the second half of the decade", "2025-01-01", "2029-12-31"),
    ("in the first half of this decade", "2020-01-01", "2024-12-31"),
    ("in the first quarter of next year", "2027-01-01", "2027-03-31"),
])
def test_words_for_a_part_of_a_year_or_decade_give_its_days(words, first, last):
    got = resolve(words, published=date(2026, 3, 1), future=True)
    assert (got.earliest and got.earliest.date().isoformat(), got.latest and got.latest.date().isoformat()) == (first, last)


@pytest.mark.parametrize(("words", "message"), [
    ("in the next decade", "is the 2030s or the ten years from publication: give the one the sentence means with "
                           "--date (2030..2039 or 2026-03-01..2036-03-01)"),
    ("in the past decade", "is the 2010s or the ten years to publication"),
    ("in the coming decade", "is the 2030s or the ten years from publication"),
])
def test_words_that_read_two_ways_are_refused_with_both(words, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        resolve(words, published=date(2026, 3, 1), future=True)


@given(year=st.integers(1990, 2060), part=st.sampled_from([
    ("at the start of {y}", "early {y}"), ("at the beginning of {y}", "early {y}"), ("in the middle of {y}", "mid-{y}"),
    ("towards the end of {y}", "late {y}"), ("toward the end of {y}", "late {y}"), ("at the end of {y}", "late {y}"),
    ("throughout {y}", "in {y}"), ("no earlier than {y}", "from {y}"), ("not before {y}", "from {y}")]))
def test_other_words_for_a_part_of_a_year_give_the_same_window(year, part):
    words, same = (form.format(y=year) for form in part)
    published = date(year, 6, 1)
    assert window(words, published) == window(same, published)


@pytest.mark.parametrize(("words", "same"), [("at the start of the year", "early this year"),
                                             ("in the middle of the year", "mid this year"),
                                             ("towards the end of the year", "late this year"),
                                             ("at the end of the year", "late this year")])
def test_a_part_of_the_year_without_its_number_is_of_the_year_of_publication(words, same):
    assert window(words, date(2026, 3, 1)) == window(same, date(2026, 3, 1))



_OCCASIONS = st.sampled_from(["interview", "news conference", "white paper", "briefing", "speech", "state-media report"])


@given(published_dates, st.booleans(), _OCCASIONS, st.one_of(
    st.tuples(st.sampled_from(["2023", "May 2019", "December", "late 2021", "June 3, 2020", "Monday"]),
              st.sampled_from(["in a {time} {what}", "in its {time} {what}", "in the {time} {what}",
                               "during his {time} {what}"])),
    st.tuples(st.sampled_from(["Monday", "last week", "yesterday", "2019", "last year"]),
              st.just("at {time}'s {what}"))))
def test_an_occasion_is_dated_by_the_time_it_is_named_with(published, future, what, time_and_form):
    time, form = time_and_form
    words = form.format(time=time, what=what)
    assert window(words, published, future=future) == window(time, published, future=future)


@pytest.mark.parametrize("words", ["a year later", "two days after launch", "a decade on"])
def test_words_that_relate_an_event_to_a_time_are_no_occasion(words):
    with pytest.raises(UsageError):
        resolve(words, published=date(2025, 5, 28))


@pytest.mark.parametrize(("abbreviated", "written"), [
    ("About 10 min. after liftoff", "About 10 minutes after liftoff"), ("ten mins later", "ten minutes later"),
    ("6 hrs later", "6 hours later"), ("about 3h after the launch", "about 3 hours after the launch"),
    ("1.5 hrs later", "1.5 hours later"), ("2 wks later", "2 weeks later"), ("3 mos later", "3 months later"),
    ("2 yrs later", "2 years later"), ("1 hr. later", "1 hour later"),
])
def test_a_unit_counted_from_an_event_may_be_abbreviated(abbreviated, written):
    launch = datetime(2024, 10, 29, 20, 27, tzinfo=timezone.utc)
    short, long = (after_event(words, launch, launch, "PrecisionMinute") for words in (abbreviated, written))
    assert (short.earliest, short.latest, short.precision) == (long.earliest, long.latest, long.precision)


@pytest.mark.parametrize(("shorthand", "written"), [
    ("by year-end", "by the end of the year"), ("by end-2025", "by the end of 2025"), ("by month-end", "by the end of this month"),
    ("in H2 2025", "in the second half of 2025"), ("1H 2026", "the first half of 2026"),
    ("this past Sunday", "last Sunday"), ("this past weekend", "last weekend"),
    ("on New Year's Day", "on January 1"), ("on New Year\u2019s Eve", "on December 31"),
    ("on Christmas Eve", "on December 24"), ("on Christmas Day 2023", "on December 25, 2023"),
    ("at dawn on Wednesday", "on Wednesday"), ("shortly after midnight Wednesday", "Wednesday"),
    ("at noon on May 3", "on May 3"), ("just before sunset, Oct. 3", "Oct. 3"),
    ("30/10/2024", "2024-10-30"), ("on 2024/10/30", "on 2024-10-30"), ("on 2024.10.30", "on 2024-10-30"),
    ("25-Jun-2024", "25 June 2024"), ("on 3-Sept-2024", "on 3 September 2024"), ("a fortnight ago", "two weeks ago"),
    ("in a fortnight", "in two weeks"), ("over the past fortnight", "over the past two weeks"),
    ("the day before yesterday", "two days ago"), ("the day after tomorrow", "in two days"),
    ("June 1-3", "between June 1 and June 3"), ("1-3 June", "between June 1 and June 3"),
    ("between June 1 and 3", "between June 1 and June 3"), ("on the night of June 1-2", "between June 1 and June 2"),
    ("Oct. 1-3, 2024", "between October 1, 2024 and October 3, 2024"), ("on or about June 2", "around June 2"),
    ("on or before June 30", "by June 30"), ("on or after June 2", "no earlier than June 2"),
    ("in or after 2026", "no earlier than 2026"), ("in or before 2026", "by 2026"), ("in or about 2026", "around 2026"),
    ("by 2030 or earlier", "by 2030"), ("in 2026 or later", "no earlier than 2026"), ("May 2026 or later", "since May 2026"),
    ("by the end of 2030 or sooner", "by the end of 2030"), ("in 2024 or 2025", "between 2024 and 2025"),
    ("overnight Monday", "Monday"), ("overnight into Tuesday", "Tuesday"),
    ("in the first days of June", "in early June"), ("in the last few days of May", "in late May"),
    ("by mid-year", "by the middle of this year"), ("around midyear", "in the middle of this year"),
])
@pytest.mark.parametrize("future", [False, True])
def test_shorthand_holidays_and_parts_of_the_day_read_as_their_written_out_forms(shorthand, written, future):
    assert window(shorthand, date(2024, 10, 30), future=future) == window(written, date(2024, 10, 30), future=future)


@pytest.mark.parametrize("verb", ["pushed back to", "delayed to", "postponed to", "rescheduled for", "slipped to",
                                  "moved up to", "brought forward to", "scheduled for", "slated for", "planned for",
                                  "targeted for", "set for", "set for a launch", "due", "expected", "has been pushed back to",
                                  "was delayed to", "is now expected", "Pencilled in for", "due to launch",
                                  "expected to land", "scheduled to take place", "has since been delayed to"])
@pytest.mark.parametrize("rest", ["September 2026", "late 2026", "2027", "the second half of 2026", "next year",
                                  "in 2026", "by 2030", "until next year", "May 3", "around 2028"])
@pytest.mark.parametrize("future", [False, True])
def test_a_schedules_verb_before_the_time_words_leaves_them(verb, rest, future):
    # Reuters: "Artemis 3, which NASA has pushed back to September 2026".
    published = date(2024, 6, 25)
    assert window(f"{verb} {rest}", published, future=future) == window(rest, published, future=future)


@pytest.mark.parametrize("verb", ["arriving", "launching", "landing", "returning", "to launch", "to arrive"])
@pytest.mark.parametrize("rest", ["in 2035", "by 2030", "around 2027", "no later than 2028", "in late 2026",
                                  "during the 2030s", "between 2028 and 2030", "on May 3", "in the second half of 2026"])
def test_an_events_verb_before_the_time_words_leaves_them(verb, rest):
    # "Travel on to main-belt comet 311P/PANSTARRS, arriving in 2035".
    assert window(f"{verb} {rest}", date(2025, 5, 29), future=True) == window(rest, date(2025, 5, 29), future=True)


@pytest.mark.parametrize("start", ["starting", "beginning", "starting in", "starting from", "beginning in",
                                   "commencing in", "effective"])
@pytest.mark.parametrize("rest", ["2026", "late 2026", "May 2026", "next year"])
def test_starting_at_a_time_is_since_it(start, rest):
    assert window(f"{start} {rest}", date(2025, 5, 29), future=True) == window(f"since {rest}", date(2025, 5, 29),
                                                                               future=True)


def test_the_beginning_of_a_year_is_still_its_early_part():
    assert window("beginning of 2026", date(2025, 5, 29)) == window("early 2026", date(2025, 5, 29))


@pytest.mark.parametrize(("net", "written"), [("NET 2026", "no earlier than 2026"),
                                              ("NET September 2026", "no earlier than September 2026")])
def test_net_in_a_launch_schedule_is_no_earlier_than(net, written):
    assert window(net, date(2024, 6, 25), future=True) == window(written, date(2024, 6, 25), future=True)


@given(published_dates, st.sampled_from(["weekend", "the weekend", "over the weekend", "last weekend", "this weekend",
                                         "this coming weekend"]), st.booleans())
def test_a_weekend_is_the_saturday_and_sunday_nearest_the_publication_in_the_words_direction(published, words, future):
    w = resolve(words, published=published, future=future)
    saturday, sunday = w.earliest.date(), w.latest.date()
    assert (saturday.weekday(), (sunday - saturday).days, w.precision) == (5, 1, "PrecisionWeek")
    ahead = words.startswith("this") or (future and words != "last weekend")
    if ahead:  # the weekend of the publication's week, or the coming one
        assert sunday >= published and (saturday - published).days < 7
    else:  # one that has begun by the publication; "last weekend" one that is over
        assert saturday <= published and (published - saturday).days < (14 if words == "last weekend" else 7)
        if words == "last weekend":
            assert sunday < published


def test_next_weekend_is_refused_with_both_readings():
    with pytest.raises(UsageError, match="'next weekend' is the weekend of 2 November 2024 or of 9 November 2024"):
        resolve("next weekend", published=date(2024, 10, 30))


@given(published_dates, st.integers(1, 31), st.booleans())
def test_the_nth_is_the_nearest_day_of_that_number_in_the_words_direction(published, day, future):
    w = resolve(f"on the {day}{'st' if day % 10 == 1 and day != 11 else 'th'}", published=published, future=future)
    found = w.earliest.date()
    assert found.day == day and (found >= published if future else found <= published)
    between = [published + timedelta(days=k if future else -k) for k in range(abs((found - published).days))]
    assert not [d for d in between if d.day == day]


@pytest.mark.parametrize(("words", "future", "message"), [
    ("on Sunday, Nov. 3", False, "3 November 2023 is a Friday, not a Sunday; 3 November 2024, after the publication, is "
     "one: if the sentence tells of it, give --modality planned (or expected); give the period with --date"),
    ("on Sunday, Oct. 27", True, "27 October 2025 is a Monday, not a Sunday; 27 October 2024, before the publication, "
     "is one: if the sentence tells of it, give --modality asserted; give the period with --date"),
    ("on Monday, Nov. 3", False, "3 November 2023 is a Friday, not a Monday: give the period with --date"),
])
def test_a_weekday_that_fits_the_day_on_the_other_side_of_the_publication_says_which_modality_reads_it(
        words, future, message):
    with pytest.raises(UsageError) as caught:
        resolve(words, published=date(2024, 10, 30), future=future)
    assert str(caught.value) == message


@pytest.mark.parametrize(("zone", "home", "offset"), [
    ("IST", timedelta(hours=5, minutes=30), timedelta(hours=5, minutes=30)), ("IST", timedelta(hours=1), timedelta(hours=1)),
    ("IST", timedelta(hours=2), timedelta(hours=2)), ("CST", UTC8, UTC8), ("CST", timedelta(hours=-6), timedelta(hours=-6)),
])
@pytest.mark.parametrize("form", ["on May 15 at 6.04 pm {}", "at 6:04 p.m. {} on May 15", "May 15, 18:04 {}"])
def test_an_abbreviation_of_several_zones_is_the_one_at_the_articles_offset(zone, home, offset, form):
    words = form.format(zone)
    w = resolve(words, published=date(2023, 8, 23), utc_offset=home)
    assert (w.earliest, w.latest) == (datetime(2023, 5, 15, tzinfo=timezone(offset)),
                                      datetime(2023, 5, 15, 23, 59, 59, tzinfo=timezone(offset)))
    assert time_of_day(words.lower(), words, home=home)[1].offsets() == {offset}


@pytest.mark.parametrize("zone", ["IST", "CST"])
@pytest.mark.parametrize("home", [timedelta(0), timedelta(hours=-5), None])
def test_an_abbreviation_of_several_zones_none_at_the_articles_offset_is_refused(zone, home):
    with pytest.raises(UsageError, match=f"{zone} names"):
        time_of_day(f"at 6:04 p.m. {zone}".lower(), f"at 6:04 p.m. {zone}", home=home)


@pytest.mark.parametrize(("words", "written"), [
    ("by 2030 at the latest", "by 2030"), ("2030 at the latest", "no later than 2030"),
    ("in 2030 at the earliest", "no earlier than 2030"), ("2030, at the earliest", "no earlier than 2030"),
    ("from 2026 onwards", "since 2026"), ("2026 onward", "since 2026"), ("starting in 2026 onwards", "since 2026"),
    ("as early as 2027", "no earlier than 2027"), ("as soon as next year", "no earlier than next year"),
    ("at some point in 2027", "in 2027"), ("at some stage next year", "next year"),
    ("later this decade", "by the end of the decade"),
])
@pytest.mark.parametrize("future", [False, True])
def test_words_that_bound_a_time_read_as_their_plain_forms(words, written, future):
    assert window(words, date(2024, 5, 3), future=future) == window(written, date(2024, 5, 3), future=future)


@given(published_dates, st.integers(1, 12), st.sampled_from(["day", "week", "month", "year", "decade"]),
       st.sampled_from(["in the past {}", "over the last {}", "during the past {}", "within the last {}"]))
def test_the_past_n_units_run_back_from_the_day_of_publication(published, count, unit, form):
    words = form.format(f"{count} {unit}s" if count > 1 else unit)
    if words.endswith(" decade"):  # the last calendar decade or the last ten years
        with pytest.raises(UsageError, match="decade' is the"):
            resolve(words, published=published)
        return
    w = resolve(words, published=published)
    first, last = w.earliest.date(), w.latest.date()
    assert last == published and first <= published
    days = (last - first).days + 1  # as long as the count of units, the day of publication its last
    shortest, longest = {"day": (1, 1), "week": (7, 7), "month": (28, 31), "year": (365, 366), "decade": (3652, 3653)}[unit]
    assert count * shortest <= days <= count * longest


@pytest.mark.parametrize(("words", "first"), [("in the 20th century", 1901), ("this century", 2001),
                                              ("during the 21st century", 2001), ("the last century", 1901),
                                              ("in the 11th century", 1001)])
def test_a_century_is_refused_with_both_of_its_readings(words, first):
    with pytest.raises(UsageError, match=rf"is {first}\.\.{first + 99} or the {first - 1}s \({first - 1}\.\.{first + 98}\)"):
        resolve(words, published=date(2024, 6, 25))


@pytest.mark.parametrize(("words", "given"), [("during the Apollo program (1961-1972)", "1961..1972"),
                                              ("in the lunar programme's third phase (2021-25)", "2021..2025"),
                                              ("under the programme (2030)", "2030"),
                                              ("over the plan's span (2021\u20132025)", "2021..2025")])
def test_words_that_name_a_period_by_its_years_in_brackets_are_refused_with_those_years(words, given):
    # "the Apollo program (1961-1972)": the bracket dates the name, which no calendar does.
    with pytest.raises(UsageError, match=re.escape(f"the bracket gives the years: --date {given}")):
        resolve(words, published=date(2024, 6, 25))


@given(instant=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
       tz=st.integers(-12, 14), zones=st.lists(st.sampled_from(sorted(_FIXED_ZONES)), min_size=2, max_size=3, unique=True),
       between=st.sampled_from(["; ", ", ", " / ", " or "]), slip=st.integers(0, 2))
def test_a_bracket_that_restates_the_time_in_several_zones_is_read_as_each(instant, tz, zones, between, slip):
    # Space.com: "on Jan. 3 at 10:26 a.m. Beijing time (0226 GMT; 9:26 p.m. EST on Jan. 2)".
    at = instant.replace(second=0, microsecond=0, tzinfo=timezone.utc)
    local = at + timedelta(hours=tz)
    parts = []
    for zone in zones:
        there = at + timedelta(hours=_FIXED_ZONES[zone])
        parts.append(f"{there:%H%M} {zone}" if there.date() == local.date() else
                     f"{there:%I:%M} {'a.m.' if there.hour < 12 else 'p.m.'} {zone} on {there:%b}. {there.day}")
    words = f"on {local:%b}. {local.day} at {local:%H:%M} ({between.join(parts)})"
    published, offset = local.date() + timedelta(days=1), timedelta(hours=tz)
    assert window(words, published, utc_offset=offset) == window(f"on {local:%b}. {local.day}", published,
                                                                  utc_offset=offset)
    # One restatement a day off is a slip, whichever it is.
    zone = zones[slip % len(zones)]
    there = at + timedelta(hours=_FIXED_ZONES[zone]) + timedelta(days=1)
    parts[slip % len(zones)] = f"{there:%I:%M} {'a.m.' if there.hour < 12 else 'p.m.'} {zone} on {there:%b}. {there.day}"
    slipped = f"on {local:%b}. {local.day} at {local:%H:%M} ({between.join(parts)})"
    with pytest.raises(UsageError, match="the bracket restates the same time in another zone"):
        resolve(slipped, published=published + timedelta(days=1), utc_offset=offset)


_DAY_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                 "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first "
                 "twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth twenty-seventh twenty-eighth "
                 "twenty-ninth thirtieth thirty-first").split()


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), spaced=st.booleans(),
       form=st.sampled_from(["{month} the {nth}", "the {words} of {month}", "on {month}, the {nth}", "{Month} the {words}",
                             "on the {words} of {Month}, {year}", "{month} the {nth}, {year}"]))
def test_a_day_of_a_month_in_ordinal_words_or_with_the_is_that_day(day, spaced, form):
    # "January the 3rd", "the third of January", "the twenty-first of December".
    words = _DAY_ORDINALS[day.day - 1].replace("-", " " if spaced else "-")
    nth = f"{day.day}{'th' if 10 <= day.day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day.day % 10, 'th')}"
    month = calendar.month_name[day.month]
    written = form.format(month=month, Month=month.upper(), nth=nth, words=words, year=day.year)
    published = day + timedelta(days=3)
    year = f", {day.year}" if "{year}" in form else ""
    assert window(written, published) == window(f"on {month} {day.day}{year}", published)


@pytest.mark.parametrize("rest", ["September 2026", "late 2026", "2027", "the second half of 2026", "next year",
                                  "May 3", "the 2030s", "early next month", "mid-2025"])
@pytest.mark.parametrize("future", [False, True])
def test_for_a_time_is_the_schedules_time_without_its_verb(rest, future):
    # "Chang'e-6 ... is scheduled for 2024": a person copies "for 2024".
    published = date(2024, 6, 25)
    assert window(f"for {rest}", published, future=future) == window(rest, published, future=future)
    assert window(f"For {rest}", published, future=future) == window(rest, published, future=future)


@pytest.mark.parametrize("duration", ["for two weeks", "for 10 days", "for a few months", "for the next year",
                                      "for several years", "for six-and-a-half hours", "for the coming decade"])
def test_for_a_length_of_time_is_a_duration_not_a_time(duration):
    with pytest.raises(UsageError, match="cannot resolve the time expression"):
        window(duration, date(2024, 6, 25), future=True)


@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)), spaced=st.booleans())
def test_a_date_in_chinese_characters_is_the_same_date(day, spaced):
    # "2020年12月17日", as an English press release of the CNSA may quote it.
    sep = " " if spaced else ""
    published = day + timedelta(days=30)
    assert window(f"{day.year}{sep}年{sep}{day.month}{sep}月{sep}{day.day}{sep}日", published) == window(
        day.isoformat(), published)
    assert window(f"{day.year}年{day.month}月", published) == window(f"{day:%B} {day.year}", published)
    assert window(f"{day.month}月{day.day}日", published) == window(f"{day:%B} {day.day}", published)
    assert window(f"{day.year}年", published) == window(str(day.year), published)


# China's five-year plans, whose years the news gives beside them: "the 11th Five-Year Plan
# (2006-2010)", "the 14th Five-Year Plan (2021-2025)", "the 15th Five-Year Plan (2026-2030)".
_PLAN_YEARS = {1: 1953, 2: 1958, 3: 1966, 11: 2006, 13: 2016, 14: 2021, 15: 2026}
_IN_WORDS = {1: "first", 2: "second", 3: "third", 11: "eleventh", 13: "thirteenth", 14: "fourteenth",
             15: "fifteenth"}


@given(st.sampled_from(sorted(_PLAN_YEARS)), st.booleans(), st.sampled_from(["during the {} period", "in the {}",
       "over the {} period", "the {}", "within the {} period"]), st.booleans(), st.booleans())
def test_a_five_year_plan_is_its_five_calendar_years_however_it_is_written(n, spelt, form, years, capitals):
    number = _IN_WORDS[n] if spelt else f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}"
    name = f"{number} {'Five-Year Plan' if capitals else 'five-year plan'}"
    first = _PLAN_YEARS[n]
    name += f" ({first}-{first + 4})" if years else ""
    name = name.replace(" (", " period (", 1) if years and "period" not in form else name
    earliest, latest, _, anchored = window(form.format(name), date(2021, 3, 1))
    assert (earliest, latest, anchored) == (f"{first}-01-01T00:00:00Z", f"{first + 4}-12-31T23:59:59Z", False)


@pytest.mark.parametrize(("words", "first", "last"), [
    ("early in the 15th Five-Year Plan period", "2026-01-01T00:00:00Z", "2027-12-31T23:59:59Z"),
    ("late in the 13th Five-Year Plan period", "2019-01-01T00:00:00Z", "2020-12-31T23:59:59Z"),
    ("by the end of the 14th Five-Year Plan period", None, "2025-12-31T23:59:59Z"),
    ("before the 15th Five-Year Plan", None, "2025-12-31T23:59:59Z")])
def test_a_part_of_a_five_year_plan_or_a_deadline_by_it_takes_its_years(words, first, last):
    assert window(words, date(2021, 3, 1))[:2] == (first, last)


def test_a_five_year_plan_whose_bracket_gives_other_years_is_refused_with_the_brackets_years():
    with pytest.raises(UsageError, match=r"the bracket gives the years: --date 2016\.\.2020"):
        resolve("in the 14th Five-Year Plan (2016-2020)", published=date(2021, 3, 1))


@given(zone=st.sampled_from([("Beijing time", 8), ("GMT", 0), ("Moscow time", 3), ("JST", 9), ("EDT", -4), ("UTC+3", 3),
                             ("UTC-05:00", -5)]),
       clock=st.sampled_from(["at 10.40am {}", "at 10:40 a.m. {}", "at 0240 {}", "at 2318 {} (7:18 a.m. Saturday)"]),
       day=st.dates(date(1990, 1, 1), date(2030, 12, 31)), home=st.integers(-11, 12))
def test_a_day_given_by_hand_beside_a_clock_time_and_its_zone_is_that_zones_day(zone, clock, day, home):
    # "at 10.40am Beijing time (0240 GMT)" with --date 2021-05-22: the day of the words' own clock,
    # not the article's (a British paper's +01:00).
    name, hours = zone
    words = clock.format(name)
    window = explicit(words, day.isoformat(), utc_offset=timedelta(hours=home), zone=words_zone(words, utc_offset=timedelta(hours=home)))
    start = datetime.combine(day, datetime.min.time(), timezone.utc) - timedelta(hours=hours)
    assert (window.earliest, window.latest) == (start, start + timedelta(days=1, seconds=-1))


@given(clock=st.sampled_from(["at 10:40", "at 3 p.m. local time", "early on", "at dawn"]), home=st.integers(-11, 12))
def test_a_day_given_by_hand_beside_words_that_name_no_zone_is_the_articles_day(clock, home):
    window = explicit(clock, "2021-05-22", utc_offset=timedelta(hours=home), zone=words_zone(clock, utc_offset=timedelta(hours=home)))
    assert window.earliest == datetime(2021, 5, 22, tzinfo=timezone.utc) - timedelta(hours=home)


@given(count=st.sampled_from(["two", "2", "three", "a", "one", "five"]), unit=st.sampled_from(["day", "week", "month", "year"]),
       after=st.sampled_from(["from now", "from today", "hence"]), published=st.dates(date(1990, 1, 1), date(2030, 12, 31)),
       future=st.booleans())
def test_a_count_from_now_is_the_count_ahead(count, unit, after, published, future):
    # "two years from now", "a month from today": counted ahead from the publication, as "in two years" is.
    plural = unit if count in ("a", "one") else unit + "s"
    said = resolve(f"{count} {plural} {after}", published=published, future=future)
    assert said == replace(resolve(f"in {count} {plural}", published=published, future=future),
                           expression=f"{count} {plural} {after}")


@given(year=st.integers(1960, 2100), published=st.dates(date(1990, 1, 1), date(2030, 12, 31)), lead=st.sampled_from(["", "in "]))
def test_a_year_or_so_is_around_that_year(year, published, lead):
    said = resolve(f"{lead}{year} or so", published=published, future=True)
    assert (said.earliest, said.latest) == (lambda w: (w.earliest, w.latest))(resolve(f"around {year}", published=published,
                                                                                    future=True))


@given(unit=st.sampled_from(["year", "month", "week"]), published=st.dates(date(1990, 1, 1), date(2030, 12, 31)))
def test_the_one_after_next_is_two_on(unit, published):
    said = resolve(f"the {unit} after next", published=published, future=True)
    assert (said.earliest, said.latest) == (lambda w: (w.earliest, w.latest))(resolve(f"in two {unit}s", published=published,
                                                                                    future=True))
