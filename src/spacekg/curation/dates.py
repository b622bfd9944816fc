"""Turn an article's time expression ("on Friday", "in early January", "by 2025") into a window.

A window is an earliest and a latest instant (either may be open) with the precision the words
give. Relative expressions are resolved against the article's publication date and marked as
anchored, so that the graph records what they were resolved against (``skg:timeAnchor``).

Conventions, as the curated articles use them:

- Phrases that set a deadline ("by 2025", "before 2030", "by the end of the year", "later this
  year") give only a latest instant: the end of the period a "by" names, the instant before the
  start of the one a "before" names ("before 2030" ends with 2029). "since 2003" gives only an
  earliest one. An event "(not) until January 2019" came in January 2019; told of the future, it
  comes then or later. "around 2022" and "sometime in the 2020s" give the whole period they name,
  and so does a hedge after a deadline's word ("by around 2035" is "by 2035"). "The decade" and
  "this decade" are the decade of publication ("by the end of the decade" written in 2026 ends
  with 2029).
- A weekday, a month or a day of a month without a year ("on May 3") is the nearest one on or
  before the publication date, or on or after it for statements about the future (plans,
  expectations, hypotheticals). A weekday given with a date ("Tuesday, June 25") must be its day.
- Months and weekdays may be abbreviated ("Sept. 3", "Tue"), days written as ordinals ("the 3rd
  of May"); "three days ago", "two weeks ago", "a year ago" count back from the publication date.
- "last July" is the July before the publication's month, "next July" the one after it, "this
  July" the publication year's. A time of the day around a day leaves the day ("early on
  Saturday", "Friday night", "at 7:27 p.m. on Nov. 16"). A zone the words name ("on May 15
  Beijing time", "EST", "ET") is the day's zone instead of the article's UTC offset. The same time
  restated in another zone in brackets ("at 1:59 a.m. Thursday (1759 GMT Wednesday)") leaves the
  day in the words' own zone, and its day must make it the same instant.
- The article's UTC offset shifts day and week windows only; for a month, a year or longer the
  calendar period in UTC is recorded (an eight-hour shift is below that precision).
- "early", "mid" and "late" split a month into days 1-10, 11-20 and 21 to the end, a year into
  January-April, May-August and September-December ("late 2024"; also "the first half of 2025"),
  and a decade into its years 0-3, 4-6 and 7-9. "At the end of" a month or a year is late in it.
  A quarter without its year ("in the third quarter") is the nearest, as a month is; a part of
  the next or last decade ("early next decade") is that part of the calendar decade; a part of a
  century ("by mid-century") gives no years and is refused, as a century is.
- "Earlier today" and "later today" are the day of publication, as "this morning" is.
- An occasion named with its time ("in a 2023 interview", "at Monday's briefing") is that time.
- A weekend is a Saturday and a Sunday ("over the weekend", "last weekend", "this weekend"); "the
  30th" the nearest 30th in the sentence's direction; shorthand ("year-end", "H2 2025"), fixed
  holidays and days in figures ("30/10/2024") read as written out, and so do bounds ("2030 at
  the latest", "as early as 2027", "from 2026 onwards"); "in the past week" runs back from the day
  of publication. A schedule's verb before them ("pushed back to", "slated for", "due to launch
  in") leaves them, as an event's verb does ("arriving in 2035"); "NET" is "no earlier than",
  and "starting in 2026" is "since 2026".
- A range ("between 2028 and 2030", "2028-30", "in 2029 or 2030") runs from the start of its first
  period to the end of its last, at the precision its length has; "within five years" and "in the
  next two to three years" from the day of publication to the end of the longest count ahead.

Expressions that count from another event ("a week later", "about 3 hours after the launch") are
resolved against that event's window (:func:`after_event`); others that depend on one are given
explicitly (:func:`explicit`).
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction

from ..errors import UsageError

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
# News style abbreviates months ("Jan. 3", "Sept. 2019") and days ("Tue."): an abbreviation is
# read as its full name before anything else.
ABBREVIATED = {**{name[:3]: name for name in (*MONTHS, *WEEKDAYS)}, "sept": "september", "tues": "tuesday",
               "thur": "thursday", "thurs": "thursday"}
_MONTH = "|".join(MONTHS)
_UNIT_DAYS = "first second third fourth fifth sixth seventh eighth ninth".split()
_DAYS_IN_WORDS = {word: str(n) for n, word in enumerate(
    [*_UNIT_DAYS, "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
     "seventeenth", "eighteenth", "nineteenth", "twentieth", *(f"twenty-{w}" for w in _UNIT_DAYS), "thirtieth",
     "thirty-first"], 1)}
_DAYS_IN_WORDS.update({word.replace("-", " "): n for word, n in _DAYS_IN_WORDS.items() if "-" in word})
_DAY_WORDS = "|".join(sorted(_DAYS_IN_WORDS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_PART = r"(?:(early|mid|late)[- ]?)?"
_YEAR = r"(\d{4}|this year|next year|last year)"
_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBERS = {word: n for n, word in enumerate(_UNITS, 1)} | {"a": 1, "an": 1}
_NUMBERS |= {tens: 10 * i for i, tens in enumerate(_TENS, 2)}
_NUMBERS |= {f"{tens}{join}{unit}": 10 * i + j for i, tens in enumerate(_TENS, 2) for j, unit in enumerate(_UNITS[:9], 1)
             for join in ("-", " ")}
# Longest first, so that a pattern that lists them takes "twenty-five" whole, not its "twenty".
_NUMBERS = dict(sorted(_NUMBERS.items(), key=lambda item: -len(item[0])))


@dataclass(frozen=True)
class TimeWindow:
    """What a time expression says: ``[earliest, latest]`` (either open), its precision, and
    whether it was resolved against the publication date."""

    expression: str
    earliest: datetime | None
    latest: datetime | None
    precision: str
    anchored: bool
    zone: str = ""
    """The zone the words name ("Beijing time (UTC+08:00)"), whose offset the window is read at
    instead of the article's; empty when they name none."""
    zone_offset: timedelta | None = None


@dataclass(frozen=True)
class _Period:
    first: date
    last: date
    precision: str
    anchored: bool

    def window(self, expression: str, offset: timedelta, *, open_start: bool = False,
               open_end: bool = False, zone: Zone | None = None, before: bool = False) -> TimeWindow:
        if zone is not None:
            offset = zone.offset_on(self.first)  # the words' zone, not the article's
        shift = offset if self.precision in ("PrecisionDay", "PrecisionWeek") else timedelta(0)
        start = datetime.combine(self.first, time(0, 0, 0), timezone.utc) - shift
        end = datetime.combine(self.last, time(23, 59, 59), timezone.utc) - shift
        if before:  # "before 2030" excludes 2030 itself, where "by 2030" includes it
            end = start - timedelta(seconds=1)
        return TimeWindow(expression, None if open_start else start, None if open_end else end,
                          self.precision, self.anchored, zone.describe(self.first) if zone else "",
                          offset if zone else None)


def resolve(expression: str, *, published: date, utc_offset: timedelta = timedelta(0),
            future: bool = False) -> TimeWindow:
    """Resolve ``expression`` as an article published on ``published`` uses it.

    Args:
        expression: the words of the article, e.g. ``"On Friday"`` (kept as written).
        published: the publication date (the article's local calendar date).
        utc_offset: the article's local time zone, for day and week windows.
        future: the sentence speaks of the future, so a bare weekday or month comes next.

    Raises:
        UsageError: the words do not name a period this resolver knows.

    Example:
        >>> w = resolve("in early January", published=date(2018, 12, 7), future=True)
        >>> w.earliest.isoformat(), w.latest.isoformat(), w.precision, w.anchored
        ('2019-01-01T00:00:00+00:00', '2019-01-10T23:59:59+00:00', 'PrecisionPartOfMonth', True)
        >>> resolve("by 2025", published=date(2018, 5, 21)).earliest is None
        True
    """
    text = _normalised(expression)
    # "Thursday (April 24)": the house style of Space.com and collectSPACE puts the date after
    # its weekday in brackets, where others write a comma.
    # A bracket with a clock time and a zone restates the time in another zone ("Thursday (1759
    # GMT Wednesday)") and stays one.
    text = re.sub(rf"\b({_WEEKDAY}) \(([^()]+)\)", lambda m: m[0] if _restatements(m[2]) else f"{m[1]}, {m[2]}", text)
    window = _window(text, expression, published, utc_offset, future)
    for restated in converted(text)[1]:
        if restated.day:
            _same_instant(window, text, restated, expression, utc_offset)
    return window


def words_zone(expression: str, *, utc_offset: timedelta = timedelta(0)) -> Zone | None:
    """The zone ``expression`` names with its clock time ("at 10.40am Beijing time (0240 GMT)":
    Beijing time), None where it names none: a day given by hand beside such words is that
    zone's day.

    Raises:
        UsageError: the words name a zone that could be several, or one that is not known.
    """
    return time_of_day(_normalised(expression), expression, home=utc_offset)[1]


def clock_of(expression: str, *, home: timedelta | None = None) -> tuple[int, int] | None:
    """The hour and minute of the clock time ``expression`` gives with its day ("December 16,
    2020, 9:58 PM EST": 21:58), None where it gives none; ``home`` is the article's offset, at
    which a zone that names several is its own."""
    return clock_time(bare_clock(time_of_day(_normalised(expression), expression, home=home)[2]))


def _normalised(expression: str) -> str:
    """``expression`` in the one spelling :func:`resolve` reads: small letters, abbreviations
    written out, and a month's day in figures."""
    text = " ".join(expression.replace("\u2013", "-").replace("\u2019", "'").lower().split())
    # "Sunday's", "last year's": the time of the launch the words go on to name.
    text = re.sub(r"(?<=[a-z])'s$", "", text)
    text = re.sub(r"\b([a-z]+)\b\.?", lambda m: ABBREVIATED.get(m[1], m[1]) if m[1] in ABBREVIATED else m[0], text)
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", text)  # "May 3rd", "the 3rd of May"
    # "the third of January", "January the 3rd": a day of a month in words, or with "the".
    text = re.sub(rf"\bthe ({_DAY_WORDS}) of ({_MONTH})\b", lambda m: f"the {_DAYS_IN_WORDS[m[1]]} of {m[2]}", text)
    text = re.sub(rf"\b({_MONTH}),? the (\d{{1,2}}|{_DAY_WORDS})\b",
                  lambda m: f"{m[1]} {_DAYS_IN_WORDS.get(m[2], m[2])}", text)
    for pattern, written in _OTHER_WORDS:
        text = pattern.sub(written, text)
    return text


def _window(text: str, expression: str, published: date, utc_offset: timedelta, future: bool) -> TimeWindow:
    """:func:`resolve`'s window of ``text``, the words ``expression`` in one spelling."""
    words = text
    text, zone, clock = time_of_day(text, expression, home=utc_offset)
    if clock and not text and (day := _day_restated(words, expression, zone, published, utc_offset, future)):
        return day
    if clock and not text:
        raise UsageError(f"{expression!r} gives a time of the day but no day: give the day with --when (the words "
                         "that date it), or with --date YYYY-MM-DD beside these words where another sentence dates "
                         "it, and the clock time with the time-of-day template")
    for pattern, kind in _QUALIFIERS:
        match = re.fullmatch(pattern, text)
        if match:
            period = _period(match.group("rest"), published, future)
            if period is not None and kind == "after":
                following = period.last + timedelta(days=1)
                return _Period(following, following, period.precision, period.anchored).window(
                    expression, utc_offset, open_end=True, zone=zone)
            if period is not None:
                return period.window(expression, utc_offset, open_start=kind in ("deadline", "before"),
                                     open_end=kind == "since" or (kind == "until" and future), zone=zone,
                                     before=kind == "before")
    # A season's months depend on the hemisphere and on the convention (astronomical or
    # meteorological), and a winter spans two years: the words alone do not say which.
    season = re.search(r"\b(spring|summer|autumn|fall|winter)\b", text)
    hint = (f"; a {season[1]}'s months depend on the hemisphere and the convention, so give them as a range "
            "such as 2020-12..2021-02" if season else "")
    if _LATER.fullmatch(_count_written_out(text)) or _NEXT_DAY.fullmatch(text) or _PREVIOUS_DAY.fullmatch(text):
        hint = "; the words count from another event: name it with --after, and its time in the project is counted from"
    if not future and re.match(r"within (?!the next|the coming)", text):
        hint = "; \"within\" in a statement about the past counts from another event, which the words do not date"
    if bracket := re.search(r"\((\d{4})(?:\s*-\s*(\d{2}|\d{4}))?\)", text):
        # "the 14th Five-Year Plan (2021-2025)": the bracket gives the years the name stands for.
        last = bracket[2] if bracket[2] is None or len(bracket[2]) == 4 else bracket[1][:2] + bracket[2]
        hint = f"; the bracket gives the years: --date {bracket[1]}" + (f"..{last}" if last else "")
    raise UsageError(
        f"cannot resolve the time expression {expression!r}: give the period with --date "
        f"(YYYY, YYYY-MM, YYYY-MM-DD, or a range such as 2024..2026, ..2025 or 2003..){hint}"
    )


def explicit(expression: str, value: str, *, utc_offset: timedelta = timedelta(0), zone: Zone | None = None) -> TimeWindow:
    """The window of ``value`` given by hand for ``expression``: ``YYYY``, ``YYYY-MM``,
    ``YYYY-MM-DD``, or a range ``A..B`` of those with either end left open; its days at ``zone``
    where the words name one (:func:`words_zone`), else at ``utc_offset``.

    Raises:
        UsageError: ``value`` is not of that form, or its range runs backwards.

    Example:
        >>> w = explicit("A year later", "2014")
        >>> w.earliest.isoformat(), w.latest.isoformat(), w.precision, w.anchored
        ('2014-01-01T00:00:00+00:00', '2014-12-31T23:59:59+00:00', 'PrecisionYear', False)
        >>> explicit("has since", "2003..").latest is None
        True
    """
    first_text, dots, last_text = value.strip().partition("..")
    try:
        if not dots:
            return _calendar(first_text).window(expression, utc_offset, zone=zone)
        first = _calendar(first_text) if first_text else None
        last = _calendar(last_text) if last_text else None
    except ValueError:
        first = last = None
        dots = "bad"
    if dots == "bad" or (first is None and last is None):
        raise UsageError(f"--date {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or a range such as 2024..2026")
    if first is not None and last is not None and first.first > last.last:
        raise UsageError(f"--date {value!r}: the range ends before it starts")
    coarse = max((p for p in (first, last) if p is not None), key=lambda p: _COARSENESS.index(p.precision))
    if first is not None and last is not None:
        precision = window_precision(first.first, last.last, coarse.precision)
        return _Period(first.first, last.last, precision, False).window(expression, utc_offset, zone=zone)
    only = first or last
    assert only is not None
    return only.window(expression, utc_offset, open_start=first is None, open_end=last is None, zone=zone)


# "a week later", "about 3 hours after the launch", "two days after it", "the next day".
_LATER = re.compile(rf"(?:(?P<hedge>about|around|roughly|approximately|some|nearly|almost|more than|over|less than"
                    rf"|under|just under|just over) )?(?P<count>\d+(?:\.\d+)?|{'|'.join(_NUMBERS)}) "
                    r"(?P<unit>minute|hour|day|week|month|year)s? (?:later|after\b.*|(?P<before>earlier|before\b.*|prior to\b.*))")
_UNIT = r"(minute|hour|day|week|month|year)"
# A half in a count, as people write it: "6.5 hours" is also "6 1/2", "6-1/2", "6½", "six and a
# half hours", "an hour and a half"; "half an hour" is 0.5.
_HALVES = ((re.compile(rf"\bhalf an? {_UNIT}\b"), lambda m: f"0.5 {m[1]}"),
           (re.compile(r"\b(\d+)(?:[ -]1/2|\u00bd)"), lambda m: f"{m[1]}.5"),
           (re.compile(rf"\b(\d+|{'|'.join(_NUMBERS)}) and a half {_UNIT}s?\b"), lambda m: f"{_number(m[1])}.5 {m[2]}s"),
           (re.compile(rf"\b(\d+|{'|'.join(_NUMBERS)}) {_UNIT}s? and a half\b"), lambda m: f"{_number(m[1])}.5 {m[2]}s"))
# Units as news copy abbreviates them: "10 min. after liftoff", "6 hrs later", "2 wks later".
_UNIT_ABBREVIATIONS = {"min": "minutes", "mins": "minutes", "hr": "hours", "hrs": "hours", "h": "hours",
                       "wk": "weeks", "wks": "weeks", "mo": "months", "mos": "months", "yr": "years", "yrs": "years"}
_UNIT_ABBREVIATION = re.compile(rf"\b(\d+(?:\.\d+)?|{'|'.join(_NUMBERS)}) ?({'|'.join(_UNIT_ABBREVIATIONS)})\b\.?")
_VAGUE = re.compile(rf"\b(?:a few|few|several|a couple of|a couple|many|a number of|some) {_UNIT}s\b")
_NEXT_DAY = re.compile(r"(?:the|on the) (?:next|following) day|the day after\b.*")
_PREVIOUS_DAY = re.compile(r"(?:the|on the) (?:previous|preceding) day|the day (?:before|prior)\b.*")
_ABOUT = ("about", "around", "roughly", "approximately", "some")
_UNDER = ("nearly", "almost", "less than", "under", "just under")
_OVER = ("more than", "over", "just over")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def after_event(expression: str, earliest: datetime, latest: datetime, precision: str) -> TimeWindow:
    """The window of words that count from another event, whose window is ``[earliest, latest]``
    at ``precision``: that window shifted by the count, forward ("a week later", "3 hours after
    the launch") or back ("two days earlier", "about six and a half hours before the docking"). A
    count of weeks, months or years, or one the words hedge ("about"), is a rounded one: the window
    widens by half a unit each side (a day for days), at the precision its length has. "Nearly"
    and "less than" run from the event to the count, "more than" from the count on, away from the
    event.

    Raises:
        UsageError: the words do not count from an event.

    Example:
        >>> launch = datetime(2020, 11, 23, 16, tzinfo=timezone.utc), datetime(2020, 11, 24, 15, 59, 59, tzinfo=timezone.utc)
        >>> w = after_event("a week later", *launch, "PrecisionDay")
        >>> w.earliest.isoformat(), w.latest.isoformat(), w.precision
        ('2020-11-27T16:00:00+00:00', '2020-12-04T15:59:59+00:00', 'PrecisionWeek')
    """
    text = _count_written_out(" ".join(expression.replace("\u2019", "'").lower().split()))
    m = _LATER.fullmatch(text)
    if m is None and _NEXT_DAY.fullmatch(text):
        m = _LATER.fullmatch("1 day later")
    if m is None and _PREVIOUS_DAY.fullmatch(text):
        m = _LATER.fullmatch("1 day earlier")
    if m is None and _VAGUE.search(text):
        raise UsageError(f"{expression!r} gives no count to add to the event's time: give the period with --date")
    if m is None:
        raise UsageError(f"--after dates words that count from another event (\"a week later\", \"two days later\", "
                         f"\"about 3 hours after the launch\", \"the next day\", \"the day before\"), and {expression!r} counts none: give "
                         "--when alone for words that date themselves, or the period with --date")
    count = Fraction(m["count"]) if m["count"][0].isdigit() else Fraction(_NUMBERS[m["count"]])
    unit, hedge = m["unit"], m["hedge"] or ""
    back = m["before"] is not None
    first, last = _later(earliest, -count if back else count, unit), _later(latest, -count if back else count, unit)
    rounded = unit in ("week", "month", "year") or hedge in _ABOUT
    if rounded and hedge not in _UNDER + _OVER:
        half = (_later(earliest, Fraction(1), unit) - earliest) / 2
        if unit not in ("minute", "hour"):
            half = timedelta(days=max(1, half.days))  # whole days, so that a day's window stays whole days
        first, last = first - half, last + half
    if hedge in _UNDER:
        first, last = (first, latest) if back else (earliest, last)
    if hedge in _OVER:
        return TimeWindow(expression, None if back else first, last if back else None,
                          _kept(first, last, earliest, latest, precision), False)
    return TimeWindow(expression, first, last, _kept(first, last, earliest, latest, precision), False)


def _count_written_out(text: str) -> str:
    """``text`` (in small letters) with its units written out and its halves in figures: "6 hrs
    later" is "6 hours later", "six and a half hours before" "6.5 hours before"."""
    text = _UNIT_ABBREVIATION.sub(lambda m: f"{m[1]} {_UNIT_ABBREVIATIONS[m[2]]}", text)
    for pattern, written in _HALVES:
        text = pattern.sub(written, text)
    return text


def _kept(first: datetime, last: datetime, earliest: datetime, latest: datetime, precision: str) -> str:
    """The precision of a window counted from an event's: the event's, where the window is no
    longer, else the one its length has."""
    if last - first <= latest - earliest:
        return precision  # an exact count of days, hours or minutes keeps the event's precision
    finest = precision if precision in _COARSENESS else "PrecisionDay"
    days = math.ceil(((last - first).total_seconds() + 1) / 86400)  # whole days as long, in any zone
    return window_precision(first.date(), first.date() + timedelta(days=days - 1), finest)


def _later(instant: datetime, count: Fraction, unit: str) -> datetime:
    """``count`` minutes, hours, days, weeks, months or years after ``instant``. A part of a day or
    a week is counted in minutes, of a year in months, of a month in days (thirty to the month)."""
    if unit in ("minute", "hour") or (unit in ("day", "week") and count.denominator != 1):
        return instant + timedelta(minutes=float(count) * {"minute": 1, "hour": 60, "day": 1440, "week": 10080}[unit])
    if unit == "year" and count.denominator != 1:
        count, unit = count * 12, "month"
    whole = math.floor(count)
    day = _ahead(instant.date(), whole, unit)
    return datetime.combine(day, instant.timetz()) + timedelta(days=float(count - whole) * 30)


_COARSENESS = ("PrecisionDay", "PrecisionWeek", "PrecisionPartOfMonth", "PrecisionMonth", "PrecisionPartOfYear",
               "PrecisionYear", "PrecisionPartOfDecade", "PrecisionDecade")

# Other words for periods the resolver reads: business and news shorthand ("by year-end",
# "end-2025", "H2 2025"), "this past" for "last", and the holidays on a fixed day.
_OTHER_WORDS = tuple((re.compile(pattern), written) for pattern, written in (
    # A date in Chinese characters, as a press release quotes it ("2020年12月17日", "12月17日",
    # "2020年12月"): year, month and day by their characters.
    (r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", r"\1-\2-\3"),
    (r"(\d{4})\s*年\s*(\d{1,2})\s*月", lambda m: f"{calendar.month_name[int(m[2])].lower()} {m[1]}"
     if 1 <= int(m[2]) <= 12 else m[0]),
    (r"(\d{1,2})\s*月\s*(\d{1,2})\s*日", lambda m: f"{calendar.month_name[int(m[1])].lower()} {m[2]}"
     if 1 <= int(m[1]) <= 12 else m[0]),
    (r"(\d{4})\s*年", r"\1"),
    (r"\b(year|month)[- ]end\b", r"the end of the \1"),
    (r"\bend[- ](\d{4})\b", r"the end of \1"),
    (r"\b(?:h([12])|([12])h) (\d{4})\b", lambda m: f"{'first' if (m[1] or m[2]) == '1' else 'second'} half of {m[3]}"),
    (r"\bthis past (?=(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)\b)", "last "),
    (r"^(?:by |in |no later than )?(.+?),? at the latest$", r"no later than \1"),
    (r"^(?:in |from |not before )?(.+?),? at the earliest$", r"no earlier than \1"),
    # "by 2030 or earlier", "in 2026 or later": a bound said after the period.
    (r"^(?:by |in |no later than )?(.+?),? or (?:earlier|sooner|before)$", r"no later than \1"),
    (r"^(?:in |from |not before )?(.+?),? or (?:later|after|beyond)$", r"no earlier than \1"),
    (r"^(?:from |since |starting (?:in |from )?)?(.+?) onwards?$", r"since \1"),
    (r"^(?:as early as|as soon as) (.+)$", r"no earlier than \1"),
    (r"^at some (?:point|stage|time) (?:in |during )?(.+)$", r"in \1"),
    # A schedule's verb before its time ("pushed back to September 2026", "slated for 2027", "due in
    # 2026", "postponed until next year"): the time is what follows, with its own "until", "by"…
    (r"^(?:(?:was|were|is|are|has|have|had|been|be|now|since|again) )*"
     r"(?:pushed back|pushed|delayed|postponed|put off|deferred|rescheduled|re-scheduled|slipped|moved up|"
     r"moved forward|moved back|moved|brought forward|shifted|scheduled|slated|planned|targeted|targeting|set|due|"
     r"expected|penciled in|pencilled in)(?: (?:to|for|into))?(?: (?:an?|the) (?:launch|liftoff|lift-off|flight|"
     r"landing|mission|return|debut)| (?:launch|fly|land|lift off|return|arrive|debut|take place|happen|occur))?"
     r" (?=\S)", ""),
    (r"^net (?=\S)", "no earlier than "),  # "NET September 2026", as launch schedules write it
    # "For 2024", the schedule's time without its verb ("is scheduled for 2024"); "for two weeks"
    # and "for the next year" are durations, which no time words are.
    (rf"^for (?!(?:the (?:next|coming|past|last) )?(?:\d+|several|a few|many|{'|'.join(_NUMBERS)})(?:[ -]\S+)? "
     r"(?:second|minute|hour|day|night|week|month|year|decade)s?\b)"
     r"(?!the (?:next|coming|past|last) (?:second|minute|hour|day|night|week|month|year|decade)\b)(?=\S)", ""),
    # "Beijing time 6:23 on June 2", as Chinese press releases put the zone first.
    (r"^((?:[a-z]+ ){1,2}time|utc|gmt|bjt),? (?:at )?(\d{1,2}[:.]\d{2}(?: ?[ap]\.? ?m\.?)?|[0-2]\d[0-5]\d hours)(?!\w)",
     r"\2 \1"),
    (r"^((?:[a-z]+ ){1,2}time|utc|gmt|bjt),? (on \S.*)$", r"\2 \1"),
    # "starting in 2026": from then on; "arriving in 2035", "to launch by 2030": the event's verb
    # before the time words leaves them.
    (r"^(?:starting|beginning|commencing|effective) (?:in |from |on )?(?!of )(?=\S)", "since "),
    (r"^(?:[a-z]+ing|to [a-z]+) (?=(?:in|on|at|by|around|about|before|until|till|no later than|no earlier than|"
     r"between|within|during|sometime|some time|as early as|as soon as) )", ""),
    # "25-Jun-2024", as tables and wire copy write a day.
    (rf"\b(\d{{1,2}})-({'|'.join(MONTHS)})-(\d{{4}})\b", r"\1 \2 \3"),
    (r"\b(?:a|one) fortnight\b", "two weeks"), (r"\bfortnight\b", "two weeks"),
    # Days of one month as a range ("June 1-3", "1-3 June", "between June 1 and 3", "on the night
    # of June 1-2"): from the first day to the last.
    (rf"^(?:on |from )?(?:the night of )?({_MONTH}) (\d{{1,2}}) ?(?:-|to|and) ?(\d{{1,2}})(,? \d{{4}})?$",
     r"between \1 \2\4 and \1 \3\4"),
    (rf"^(?:on |from )?(?:the night of )?(\d{{1,2}}) ?(?:-|to|and) ?(\d{{1,2}}) ({_MONTH})(,? \d{{4}})?$",
     r"between \3 \1\4 and \3 \2\4"),
    (rf"^between ({_MONTH}) (\d{{1,2}}) and (\d{{1,2}})(,? \d{{4}})?$", r"between \1 \2\4 and \1 \3\4"),
    (r"^(?:on|in) or about ", "around "), (r"^(?:on|in) or before ", "by "), (r"^(?:on|in) or after ", "no earlier than "),
    (r"^overnight (?:into |on |of )?(?=\S)", ""),  # "overnight into Tuesday": the day it ends on
    (r"\bthe (?:first|opening) (?:few )?(?:days|weeks) of\b", "early"),
    (r"\bthe (?:last|closing|final) (?:few )?(?:days|weeks) of\b", "late"),
    (r"\bmid-?year\b", "the middle of this year"),
    # "Before the decade is out", "by the time the year ends": the end of that period.
    (r"^(?:before|by the time) (?:the|this) (decade|year|month|week) (?:is out|is over|ends|closes|finishes)$",
     r"by the end of this \1"),
    (r"\bthe day before yesterday\b", "two days ago"), (r"\bthe day after tomorrow\b", "in two days"),
    # "two years from now", "a month from today": counted ahead, as "in two years" is; "the year
    # after next" is the one two years on; "2030 or so" is "around 2030".
    (r"^(?:in )?(.+?) (?:from (?:now|today)|hence)$", r"in \1"),
    (r"\bthe (year|month|week) after next\b", r"in two \1s"),
    (r"^(?:in )?(.+?),? or so$", r"around \1"),
    (r"\bnew year's day\b", "january 1"), (r"\bnew year's eve\b", "december 31"),
    (r"\bchristmas eve\b", "december 24"), (r"\bchristmas(?: day)?\b", "december 25"),
))

# (pattern, kind): a deadline and a "before" keep only the latest instant, "since" only the earliest.
_HEDGE = r"(?:some ?time|around|about|circa|approximately|roughly)"
_QUALIFIERS = (
    # An event does not last "until" a time: it came then ("did not land until January 2019"), or,
    # told of the future, not before then ("will not launch until 2026").
    (r"(?:(?:not|never|only) )?(?:until|till|'til) (?P<rest>.+)", "until"),
    (r"(?:by|before|no later than) (?:the end of )(?P<rest>.+)", "deadline"),
    (r"(?:by|no later than) (?P<rest>.+)", "deadline"),
    (r"before (?P<rest>.+)", "before"),
    (r"(?:the )?end of (?P<rest>.+)", "deadline"),
    (r"later (?P<rest>this (?:year|month|week|decade))", "deadline"),
    # "From 2028 to 2030", "between 2028 and 2030": a range, where "from 2028" alone is "since".
    (rf"(?:{_HEDGE} )?(?P<rest>(?:from|between) .+)", "period"),
    # "Within five years", "in the next two to three years": counted ahead from publication.
    (r"(?P<rest>(?:(?:within|in|over|during) the (?:next|coming)|within) .+)", "period"),
    (r"(?:since|from|no earlier than|not earlier than|not before) (?P<rest>.+)", "since"),
    # "after 2030", "beyond 2030": from the end of the period on, the period itself left out.
    (r"(?:after|beyond|later than) (?P<rest>.+)", "after"),
    # "in two weeks": counted ahead, where "two weeks" alone is a duration.
    # "in two to three years", "in 2-3 years": from the first count's period to the last's.
    (rf"(?P<rest>in (?:{_HEDGE} )?(?:\d+|{'|'.join(_NUMBERS)})(?:(?: to | or |-)(?:\d+|{'|'.join(_NUMBERS)}))? "
     r"(?:day|week|month|year)s?'?(?: time)?)", "period"),
    # "Earlier in April" is that April; "earlier" before no "in" or "on" ("earlier this month") is
    # a period of its own, up to the day of publication.
    (rf"(?:(?:{_HEDGE}|back) |earlier (?=in |on ))?(?:in |on |at |during |throughout |within |of )?(?P<rest>.+)",
     "period"),
)


def _period(text: str, published: date, future: bool) -> _Period | None:
    # A hedge after a deadline's or a period's word ("by around 2035", "in about 2030") hedges the
    # period it names, as one before the word does ("around 2030").
    text = re.sub(rf"^{_HEDGE} (?:in )?", "", text.strip())
    original = text
    if m := re.fullmatch(r"the (\d{1,2})( of (?:this|the) month)?", text):
        return _day_of_month(int(m[1]), published, future, this_month=bool(m[2]))
    text = re.sub(r"^the ", "", text)
    # Other words for a period's parts: "at the start of 2027" is early in it, "in the middle of
    # 2027" mid, "towards the end of 2027" its end.
    text = re.sub(r"^(?:at |in )?(?:the )?(?:very )?(?:start|beginning|outset) of (?:the )?(?=\S)", "early ", text)
    text = re.sub(r"^(?:in )?(?:the )?middle of (?:the )?(?=\S)", "mid ", text)
    text = re.sub(r"^towards? (?:the )?end of ", "end of ", text)
    # "At the start of the year", "at the end of the year": of the year of publication.
    text = re.sub(r"^(early|mid|end of) (?:the )?year$", r"\1 this year", text)
    # A part of the day of publication, or of the day before.
    if m := re.fullmatch(r"(?:(?:early|late) )?(this (?:morning|afternoon|evening)|tonight|last night)"
                         r"|(?:earlier|later) today", text):
        day = published - timedelta(days=m[1] == "last night")
        return _Period(day, day, "PrecisionDay", True)
    # "Earlier this month": the part of the period up to the day of publication.
    if m := re.fullmatch(r"earlier this (week|month|year)", text):
        whole = _relative_unit(m[1], 0, published)
        return _Period(whole.first, published, whole.precision, True)
    if (ahead := _counted_ahead(text, published, future)) is not None:
        return ahead
    if (between := _range(text, published, future)) is not None:
        return between
    if m := re.fullmatch(rf"in (?:{_HEDGE} )?{_COUNT}(?:(?: to | or |-){_COUNT})? (day|week|month|year)s?'?(?: time)?", text):
        counts = [_number(c) for c in (m[1], m[2]) if c]
        if counts != sorted(counts):
            return None
        first, last = (_counted(count, m[3], published) for count in (counts[0], counts[-1]))
        return first if len(counts) == 1 else _span(first, last)
    if m := re.fullmatch(r"(early|mid|late)[- ]?(last|this|next) month", text):
        index = published.year * 12 + published.month - 1 + _RELATIVE[m[2]]
        return _month(index // 12, index % 12 + 1, m[1], anchored=True)
    # A part of the day leaves the day as it is: "early on Saturday", "Friday night".
    # So does one said with "in the" or "at" before or after the day's words, as a clock time's
    # "in the morning" is ("at 1 o'clock in the morning today", "in the evening on Friday").
    text = re.sub(r"^(?:(?:early |late )?(?:morning|afternoon|evening)|night),? (?:on )?(?!of )(?=\S)", "", text)
    # "At dawn on Wednesday", "shortly after midnight Wednesday", "at noon on May 3": the day.
    text = re.sub(r"^(?:(?:shortly |just |right |soon )?(?:after|before) |around |about |at )?"
                  r"(?:dawn|dusk|daybreak|sunrise|sunset|noon|midday|midnight),? (?:on )?(?!of )(?=\S)", "", text)
    text = re.sub(r",? (?:in the (?:early |late )?(?:morning|afternoon|evening)|at night)$", "", text)
    text = re.sub(r" (?:morning|afternoon|evening|night)$", "", text)
    text = re.sub(r"^(?:the )?(?:(?:early|small|wee) hours|(?:early |late )?(?:morning|afternoon|evening|night)) of "
                  r"(?:the )?", "", text)
    text = re.sub(rf"^(?:early|late)(?: on)?(?: the)? (?=(?:{_WEEKDAY}|today|yesterday|tomorrow|(?:{_MONTH}) \d{{1,2}}"
                  rf"|\d{{1,2}} (?:of )?(?:{_MONTH}))\b)", "", text)
    if m := re.fullmatch(rf"(last|this|next) ({_MONTH})", text):
        return _month(_named_month_year(MONTHS[m[2]], m[1], published), MONTHS[m[2]], None, anchored=True)
    if m := re.fullmatch(r"(?:year )?(\d{4})", text):  # "by the year 2030"
        return _year(int(m[1]))
    if (plan := _five_year_plan(text)) is not None:
        return plan
    # A quarter of a year: "Q3 2026", "the third quarter of next year"; without its year ("in the
    # third quarter"), the nearest in the sentence's direction, as a month's is; "next quarter"
    # the one after the quarter of publication.
    if m := re.fullmatch(r"(?:q([1-4])|(first|second|third|fourth) quarter)"
                         r"(?:,?(?: of)? (\d{4}|this year|last year|next year))?", text):
        quarter = int(m[1]) if m[1] else ("first", "second", "third", "fourth").index(m[2]) + 1
        if m[3] is None:
            year = _nearest_month_year(quarter * 3 if future else quarter * 3 - 2, published, future)
        else:
            year = int(m[3]) if m[3].isdigit() else published.year + _RELATIVE[m[3].split()[0]]
        return _quarter(year, quarter, anchored=m[3] is None or not m[3].isdigit())
    if m := re.fullmatch(r"(last|this|next) quarter", text):
        index = published.year * 4 + (published.month - 1) // 3 + _RELATIVE[m[1]]
        return _quarter(index // 4, index % 4 + 1, anchored=True)
    if m := re.fullmatch(rf"(?:(early|mid|late)[- ]?|(first|second) half of |(?:the )?(end) of (?:the )?){_YEAR}", text):
        return _year_part(m, published)
    # "The end of the decade", "this decade": the decade of publication, as "the 2020s" names it.
    if m := re.fullmatch(r"(?:(early|mid|late)[- ]?(?:in )?|(?:the )?(end) of )?(?:(?:the|this) )?decade", text):
        return _decade(published.year // 10 * 10, m[1] or ("late" if m[2] else None), anchored=True)
    # "Early next decade", "late in the last decade": a part of a decade is a calendar decade's.
    if m := re.fullmatch(r"(early|mid|late)[- ]?(?:in )?(?:the )?(next|coming|last|past|previous) decade", text):
        start = published.year // 10 * 10 + (10 if m[2] in ("next", "coming") else -10)
        return _decade(start, m[1], anchored=True)
    # "The next decade" is the next ten years or the next calendar decade: the words do not say which.
    if m := re.fullmatch(r"(?:(?:over|during|within|in) (?:the )?)?(next|coming|last|past) decade", text):
        forward = m[1] in ("next", "coming")
        start = published.year // 10 * 10 + (10 if forward else -10)
        years = (f"{published.isoformat()}..{_shifted(published, 10).isoformat()}" if forward
                 else f"{_shifted(published, -10).isoformat()}..{published.isoformat()}")
        raise UsageError(f"{text!r} is the {start}s or the ten years {'from' if forward else 'to'} publication: give "
                         f"the one the sentence means with --date ({start}..{start + 9} or {years})")
    # "By mid-century", "by the middle of this century": some sources mean 2050 (or 2049), others
    # a span around it; the words give no years.
    if m := re.fullmatch(r"(early|mid|late)[- ]?(?:(?:the|this|last|next|(\d{1,2})(?:st|nd|rd|th)?) )?century", text):
        part = {"early": "early part", "mid": "middle", "late": "late part"}[m[1]]
        raise UsageError(f"the {part} of a century gives no years (a source may mean one year, such as 2050, or a "
                         "span): give the years the sentence means with --date, such as ..2050 for a deadline")
    # A century is counted from its year 1 or from its year 0 ("the 20th century": 1901 to 2000, or
    # the 1900s): the words do not say which.
    if m := re.fullmatch(r"(?:the )?(?:(\d{1,2}) century|(this|last|next) century)", text):
        number = int(m[1]) if m[1] else (published.year - 1) // 100 + 1 + _RELATIVE[m[2]]
        hundreds = (number - 1) * 100
        suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        raise UsageError(f"the {number}{suffix} century is {hundreds + 1}..{hundreds + 100} or the {hundreds}s "
                         f"({hundreds}..{hundreds + 99}), as a century is counted from its year 1 or from its year 0: "
                         "give the one the sentence means with --date")
    # Either half of the decade of publication.
    if m := re.fullmatch(r"(first|second) half of (?:the |this )?decade", text):
        start = published.year // 10 * 10 + (5 if m[1] == "second" else 0)
        return _Period(date(start, 1, 1), date(start + 4, 12, 31), "PrecisionPartOfDecade", True)
    if m := re.fullmatch(_PART + r"(\d{3}0)s", text):
        return _decade(int(m[2]), m[1], anchored=False)
    # "At the end of November" is late in it, as "at the end of 2024" is late in that year.
    if m := re.fullmatch(rf"(?:(early|mid|late)[- ]?|(?:the )?(end) of (?:the month of )?)?({_MONTH})"
                         r"(?:,? (?:of )?(\d{4}|this year|last year|next year))?", text):
        month, year_word = MONTHS[m[3]], m[4]
        if year_word is None:
            year = _nearest_month_year(month, published, future)
        else:
            year = int(year_word) if year_word.isdigit() else published.year + _RELATIVE[year_word.split()[0]]
        return _month(year, month, m[1] or ("late" if m[2] else None),
                      anchored=year_word is None or not year_word.isdigit())
    on = rf"(?:(?P<weekday>{_WEEKDAY}),? (?:the )?)?"
    of = r"(?:,? (?:of )?(?P<year>\d{4}|this year|last year|next year))?"
    if m := (re.fullmatch(rf"{on}(?P<day>\d{{1,2}}) (?:of )?(?P<month>{_MONTH}){of}", text)
             or re.fullmatch(rf"{on}(?P<month>{_MONTH}) (?P<day>\d{{1,2}}){of}", text)):
        return _date(m, published, future)
    if re.fullmatch(r"\d{4}-\d{1,2}(?:-\d{1,2})?", text):
        try:
            return _calendar(text)
        except ValueError:
            return None
    if m := re.fullmatch(rf"(?:(last|this|next) )?({_WEEKDAY})", text):
        return _weekday(WEEKDAYS[m[2]], m[1], published, future)
    # "Tuesday last week", "on Tuesday of next week", "last week on Tuesday": that weekday of the
    # calendar week (Monday to Sunday) the words name.
    if m := (re.fullmatch(rf"(?:on )?(?P<weekday>{_WEEKDAY}),? (?:of )?(?P<which>last|this|next) week", text)
             or re.fullmatch(rf"(?P<which>last|this|next) week,? on (?P<weekday>{_WEEKDAY})", text)):
        monday = _relative_unit("week", _RELATIVE[m["which"]], published).first
        day = monday + timedelta(days=WEEKDAYS[m["weekday"]])
        return _Period(day, day, "PrecisionDay", True)
    if m := re.fullmatch(r"(today|yesterday|tomorrow)", text):
        day = published + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[m[1]])
        return _Period(day, day, "PrecisionDay", True)
    if m := re.fullmatch(r"(last|this|next) (week|month|year)", text):
        return _relative_unit(m[2], _RELATIVE[m[1]], published)
    if m := re.fullmatch(rf"(\d+|{'|'.join(_NUMBERS)}) (day|week|month|year)s? ago", text):
        count = _number(m[1])
        if m[2] == "day":
            day = published - timedelta(days=count)
            return _Period(day, day, "PrecisionDay", True)
        return _relative_unit(m[2], -count, published)
    if text in ("year", "month"):  # "by the end of the year", "by month-end"
        return _relative_unit(text, 0, published)
    # "In the past week", "over the last two years": counted back to the day of publication.
    if (m := re.fullmatch(rf"(?:in |over |during |within )?the (?:past|last) (?:{_COUNT} )?(day|week|month|year|decade)s?",
                          original)) and (m[1] or m[2] != "decade"):
        back_to = _ahead(published, -(_number(m[1]) if m[1] else 1), m[2]) + timedelta(days=1)
        return _Period(back_to, published, window_precision(back_to, published, "PrecisionDay"), True)
    if m := re.fullmatch(r"(?:(last|this|this coming|next|over the) )?weekend", text):
        return _weekend(m[1], published, future)
    if numeric := numeric_day(text):
        return _Period(numeric, numeric, "PrecisionDay", False)
    # An occasion dated by its time ("in a 2023 interview", "at a May 2019 news conference", "at
    # Monday's briefing"): the time of the occasion, whatever it is.
    if (m := _OCCASION.fullmatch(text)) and not set(m["what"].split()) & _NO_OCCASION \
            and (time := m["time"] or m["owner"]) not in ("day", "week", "month", "year"):
        return _period(time, published, future)
    return None


_OCCASION = re.compile(r"(?:(?:an?|its|his|her|their|our) )?(?:(?P<owner>.+?)'s|(?P<time>.+?)) "
                       r"(?P<what>[a-z][a-z-]*(?: [a-z][a-z-]*){0,2})")
# Words after a time that say how an event relates to it, and are no occasion ("a year later",
# "a decade on").
_NO_OCCASION = frozenset("ago later earlier before after since hence from onwards onward prior time old long away back "
                         "out earliest latest or and to at the on in of by until till through now today tonight morning "
                         "afternoon evening night day days week weeks month months year years".split())


_RELATIVE = {"last": -1, "this": 0, "next": 1}
_COUNT = rf"(\d+|{'|'.join(_NUMBERS)})"
# The words between the two ends of a range: "2028 to 2030", "2029 or 2030", "between 2028 and
# 2030"; "and" only after "between" ("in 2028 and 2030" tells of two times, not a range).
_RANGE = re.compile(r"(?:(?P<from>from|between) )?(?P<first>.+?)(?: (?P<word>to|until|till|through|or|and) )(?P<last>.+)")


def _range(text: str, published: date, future: bool) -> _Period | None:
    """A range whose ends are periods ("2028 to 2030", "Friday or Saturday", "between 2028 and
    2030"; years also "2028-2030", "2028-30"): from the start of the first to the end of the last,
    at the precision its length has. A range that runs backwards is none."""
    if years := re.fullmatch(r"(?:(?:from|between) )?(\d{4})[-/](\d{2}|\d{4})", text):
        end = int(years[2]) if len(years[2]) == 4 else int(years[1][:2] + years[2])
        return _span(_year(int(years[1])), _year(end)) if end > int(years[1]) else None
    m = _RANGE.fullmatch(text)
    if m is None or (m["word"] == "and") != (m["from"] == "between") or (m["from"] == "from" and m["word"] == "or"):
        return None
    first, last = _period(m["first"], published, future), _period(m["last"], published, future)
    if first is None or last is None or first.first > last.last:
        return None
    return _span(first, last)


def _span(first: _Period, last: _Period) -> _Period:
    coarse = max(first.precision, last.precision, key=_COARSENESS.index)
    return _Period(first.first, last.last, window_precision(first.first, last.last, coarse),
                   first.anchored or last.anchored)


def _counted_ahead(text: str, published: date, future: bool) -> _Period | None:
    """"Within five years", "in the next two to three years": from the day of publication to the
    end of the longest count ahead. A bare "within" is counted from publication only in a
    statement about the future; of the past ("within five years, it had …") it counts from
    another event, which the words do not date."""
    m = re.fullmatch(rf"(?:(?P<next>(?:within|in|over|during) the (?:next|coming))|within) {_COUNT}"
                     rf"(?: (?:to|or) {_COUNT})? (day|week|month|year|decade)s?", text)
    if m is None or not (future or m["next"]):
        return None
    counts = [_number(c) for c in (m[2], m[3]) if c]
    if counts != sorted(counts):
        return None
    last = _ahead(published, counts[-1], m[4])
    return _Period(published, last, window_precision(published, last, "PrecisionDay"), True)


def _counted(count: int, unit: str, published: date) -> _Period:
    """The day, week, month or year ``count`` of them after the publication's ("in three days")."""
    if unit == "day":
        day = published + timedelta(days=count)
        return _Period(day, day, "PrecisionDay", True)
    return _relative_unit(unit, count, published)


def _ahead(day: date, count: int, unit: str) -> date:
    """``count`` days, weeks, months, years or decades after ``day`` (a 29 February that the year
    counted to lacks is its 28th)."""
    if unit in ("day", "week"):
        return day + timedelta(days=count * (7 if unit == "week" else 1))
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Zone:
    """A zone that words name: a fixed offset ("EST", "UTC", "Beijing time") or a place's
    zone whose offset changes with daylight saving time ("ET", "Eastern time")."""

    words: str
    fixed: timedelta | None = None
    place: str | None = None  # an IANA zone, for a zone with daylight saving time

    def offset_on(self, day: date) -> timedelta:
        if self.fixed is not None:
            return self.fixed
        from zoneinfo import ZoneInfo

        assert self.place is not None
        offset = datetime.combine(day, time(12, 0), ZoneInfo(self.place)).utcoffset()
        assert offset is not None
        return offset

    def offsets(self) -> set[timedelta]:
        """Every offset the zone may have (both of a zone with daylight saving time)."""
        if self.fixed is not None:
            return {self.fixed}
        return {self.offset_on(date(2001, 1, 15)), self.offset_on(date(2001, 7, 15))}

    def describe(self, day: date) -> str:
        offset = int(self.offset_on(day).total_seconds()) // 60
        written = f"UTC{'-' if offset < 0 else '+'}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
        if self.words.isalpha() and len(self.words) <= 4 or _WRITTEN.match(self.words):  # "EST", "UTC+8"; "UK time"
            name = self.words.upper() + (" time" if self.words == "uk" else "")
        else:
            name = self.words.title() + ("" if self.words.endswith(" time") else " time")
        return f"{name} ({written})"


def _hours(h: float) -> timedelta:
    return timedelta(hours=h)


# The zones news copy names. An abbreviation that names several (CST: China or US Central; IST:
# India, Ireland or Israel) is refused with its readings, not guessed.
_ZONES = {
    **{w: Zone(w, fixed=timedelta(0)) for w in ("utc", "gmt", "z", "zulu", "universal time", "greenwich mean time",
                                                "coordinated universal time")},
    **{w: Zone(w, fixed=_hours(8)) for w in ("beijing", "china", "china standard", "bjt", "hong kong", "hkt",
                                             "shanghai", "taipei", "singapore", "wenchang", "jiuquan", "xichang",
                                             "taiyuan", "hainan")},
    **{w: Zone(w, fixed=_hours(9)) for w in ("japan", "tokyo", "jst", "korea", "seoul", "kst")},
    **{w: Zone(w, fixed=_hours(5.5)) for w in ("india", "indian standard", "new delhi")},
    **{w: Zone(w, fixed=_hours(3)) for w in ("moscow", "msk")},
    **{w: Zone(w, fixed=_hours(5)) for w in ("kazakhstan", "baikonur")},
    "est": Zone("est", fixed=_hours(-5)), "edt": Zone("edt", fixed=_hours(-4)),
    "cdt": Zone("cdt", fixed=_hours(-5)), "mst": Zone("mst", fixed=_hours(-7)), "mdt": Zone("mdt", fixed=_hours(-6)),
    "pst": Zone("pst", fixed=_hours(-8)), "pdt": Zone("pdt", fixed=_hours(-7)),
    "cet": Zone("cet", fixed=_hours(1)), "cest": Zone("cest", fixed=_hours(2)), "bst": Zone("bst", fixed=_hours(1)),
    **{w: Zone(w, place="America/New_York") for w in ("et", "eastern", "eastern standard", "eastern daylight",
                                                      "florida", "cape canaveral", "washington", "new york")},
    **{w: Zone(w, place="America/Chicago") for w in ("ct", "central", "houston", "texas")},
    **{w: Zone(w, place="America/Denver") for w in ("mt", "mountain")},
    **{w: Zone(w, place="America/Los_Angeles") for w in ("pt", "pacific", "california")},
    **{w: Zone(w, place="Europe/London") for w in ("uk", "british", "london")},
    **{w: Zone(w, place="Europe/Paris") for w in ("central european", "paris")},
}
_AMBIGUOUS = {"cst": "China Standard Time (+08:00) or US Central Standard Time (-06:00)",
              "ist": "India (+05:30), Irish (+01:00) or Israel (+02:00) Standard Time"}
# Their readings' offsets: the one at the article's own offset is the one its writer meant (IST in
# an article registered at +05:30).
_AMBIGUOUS_OFFSETS = {"cst": (_hours(8), _hours(-6)), "ist": (_hours(5.5), _hours(1), _hours(2))}
# An abbreviation is a zone by itself ("10 p.m. ET"); a place is one with "time" ("Beijing time"),
# as "on May 3, Florida" says where, not in which zone.
_ABBREVIATED_ZONES = sorted((n for n in [*_ZONES, *_AMBIGUOUS] if n.isalpha() and len(n) <= 4 and n != "uk"),
                            key=len, reverse=True)
_PLACE_ZONES = sorted({*_ZONES, "local"} - set(_ABBREVIATED_ZONES), key=len, reverse=True)
# An offset written out ("UTC+8", "GMT-05:00") names its own zone.
_WRITTEN_OFFSET = r"(?:utc|gmt) ?(?P<sign>[+-]) ?(?P<hours>\d{1,2})(?::?(?P<minutes>[0-5]\d))?"
_WRITTEN = re.compile(_WRITTEN_OFFSET)
_ZONE = (rf"\(?(?:(?P<offset>{_WRITTEN_OFFSET})"
         rf"|(?P<zone>{'|'.join(_ABBREVIATED_ZONES)})\.?(?: (?:standard |daylight )?time)?"
         rf"|(?P<place>{'|'.join(re.escape(n) for n in _PLACE_ZONES)})(?: (?:standard |daylight )?time)"
         rf"|(?P<named>{'|'.join(re.escape(n) for n in _PLACE_ZONES if n.endswith(' time'))}))\)?")
_OTHER_ZONE = r"\(?(?P<other>[a-z]+) time\)?"
# A clock time: "7:27 p.m.", "9 am", "14:23", "10 o'clock", or the four digits wire copy writes with
# a zone or "hours" ("2318 GMT", "0942 hours"), which would otherwise read as a year.
_FOUR_DIGITS = r"(?:[01]\d|2[0-3])[0-5]\d"
_MILITARY = (_FOUR_DIGITS + r"(?: ?(?:hours|hrs|h)\b|(?= \(?(?:"
             + "|".join([*_ABBREVIATED_ZONES, *(rf"{re.escape(n)}(?: standard| daylight)? time" for n in _PLACE_ZONES)])
             + r")\b))")
# The words before a clock time that hedge or bound it ("shortly before 02:00", "moments after 9 a.m.").
_CLOCK_WORDS = (r"(?:(?:at|around|about|by|approximately|roughly|nearly|almost|exactly|precisely|some"
                r"|(?:(?:shortly|just|right|soon|not long|a little|moments|minutes|seconds|some ?time) )?(?:after|before|past)) )*")
_CLOCK = (rf"{_CLOCK_WORDS}(?:{_MILITARY}|\d{{1,2}}(?:[:.]\d{{2}}(?: ?[ap]\.? ?m\.?| hours| ?h)?"
          r"|(?: ?[ap]\.? ?m\.?| ?o'clock)))")
# A US zone's region on its own after a clock time, as AP style writes it ("2:07 a.m. Eastern"),
# though not elsewhere ("splashed down in the Pacific").
_REGION = r"(?: (?P<region>eastern|central|mountain|pacific)\b(?! time))"
_TIME_AT_END = re.compile(rf"(?:(?:^|,? )(?P<clock>{_CLOCK}){_REGION}?)?(?:,? {_ZONE}|,? {_OTHER_ZONE})?$")
_TIME_AT_START = re.compile(rf"^(?P<clock>{_CLOCK})(?:{_REGION}| {_ZONE})?,? (?=\S)")
_ENDS_IN_CLOCK = re.compile(rf"(?:^|\s)(?:{_CLOCK})(?:{_REGION}| {_ZONE})?$")


def zone_hint(name: str) -> tuple[str, str] | None:
    """For a zone's name given where a UTC offset is wanted ("EST", "Beijing time", "IST"): an
    offset to suggest, and what the name says, or None for a name this module does not know."""
    key = re.sub(r"(?: standard| daylight)? time$", "", " ".join(name.lower().replace(".", "").split()))
    if key in _AMBIGUOUS:
        first = re.search(r"[+-]\d\d:\d\d", _AMBIGUOUS[key])
        return (first.group() if first else "+00:00"), f"{key.upper()} names {_AMBIGUOUS[key]}"
    zone = _ZONES.get(key)
    if zone is None:
        return None
    offsets = sorted(zone.offsets(), reverse=True)
    shown = [f"{'-' if o < timedelta(0) else '+'}{abs(o) // timedelta(hours=1):02d}:"
             f"{abs(o) % timedelta(hours=1) // timedelta(minutes=1):02d}" for o in offsets]
    label = zone.describe(date(2001, 1, 15)).split(" (")[0]
    return shown[-1], f"{label} is {' or '.join(reversed(shown))}" + (" (summer)" if len(shown) > 1 else "")


def place_offset(name: str, day: date) -> timedelta | None:
    """The UTC offset on ``day`` of the place ``name`` names ("BEIJING", "Cape Canaveral", "Hong
    Kong"), or None where it names no place this module knows the zone of (an abbreviation, "EST",
    is a zone's name, not a place's)."""
    key = " ".join(name.lower().replace(".", "").split())
    zone = _ZONES.get(key)
    if zone is None or key in _ABBREVIATED_ZONES or key.endswith((" standard", " daylight")):
        return None
    return zone.offset_on(day)


# A US zone's region after a clock time, as AP style writes it ("2:07 a.m. Eastern").
_CLOCK_REGION = r"(?:\d\s?[ap]\.?\s?m\.?|\b\d{1,2}:\d{2})\s(?:Eastern|Central|Mountain|Pacific)"


def names_a_zone(sentence: str) -> bool:
    """Whether ``sentence`` names the zone of a time: an abbreviation in capitals ("EST", "IST"),
    "<place> time" or "local time", a UTC offset ("UTC+8", "GMT"), or a US zone's region after a
    clock time ("2:07 a.m. Eastern")."""
    abbreviations = "|".join(n.upper() for n in _ABBREVIATED_ZONES)
    places = "|".join(re.escape(n) for n in _PLACE_ZONES)
    return bool(re.search(rf"\b(?:{abbreviations})\b", sentence)
                or re.search(rf"\b(?:{places})(?: standard| daylight)? time\b", sentence, re.IGNORECASE)
                or re.search(_CLOCK_REGION + r"\b", sentence))


def is_zone_name(words: str, before: str = "") -> bool:
    """Whether ``words``, as an article writes them after ``before``, are a time zone's name: an
    abbreviation in capitals ("EDT", "GMT", "IST"), "<place> time" ("Beijing Time"), not a place
    ("Beijing"), or a US zone's region after a clock time ("2:07 a.m. Eastern")."""
    abbreviations = "|".join(n.upper() for n in _ABBREVIATED_ZONES)
    places = "|".join(re.escape(n) for n in _PLACE_ZONES)
    return bool(re.fullmatch(rf"(?:{abbreviations})", words) or re.search(rf"{_CLOCK_REGION}$", before + words)
                or re.fullmatch(rf"(?:{places})(?: standard| daylight)? time", " ".join(words.split()), re.IGNORECASE))


def time_of_day(text: str, original: str = "", *, home: timedelta | None = None) -> tuple[str, Zone | None, str]:
    """``text`` without the clock time and the zone said with it ("on Nov. 16 at 7:27 p.m. EST"
    is "on nov. 16" at EST), the zone, and the clock time's words ("" if none). A clock time is
    a claim of its own (the time-of-day template); the day it falls on is what the words date.
    "<Name> time" is a zone when ``original`` (the words as written) capitalises the name.

    Raises:
        UsageError: the words name a zone that could be several, or one that is not known.
    """
    text, _ = converted(text)
    if re.fullmatch(_CLOCK, text):
        return "", None, text
    at_end = _TIME_AT_END.search(text)
    at_start = _TIME_AT_START.match(text)
    found = at_end if at_end is not None and at_end.group() else at_start
    if found is None or not found.group():
        return text, None, ""
    other = found["other"] if "other" in found.groupdict() else None
    if other and re.search(rf"\b{other[0].upper()}{re.escape(other[1:])} time\b", original):
        raise UsageError(f"{original!r}: the zone {other.capitalize() + ' time'!r} is not one spacekg knows; leave "
                         "it out of --when and give its UTC offset with --tz")
    if other:  # "at the same time": no zone, and no time of the day
        return text, None, ""
    name = next((found[g] for g in ("zone", "place", "named", "region") if found[g]), None)
    if name in _AMBIGUOUS and home in _AMBIGUOUS_OFFSETS[name]:
        zone: Zone | None = Zone(name, fixed=home)  # the article's own reading
    elif name in _AMBIGUOUS:
        raise UsageError(f"{original or text!r}: {name.upper()} names {_AMBIGUOUS[name]}; give --tz with the offset "
                         "and leave the zone out of --when")
    else:
        zone = _ZONES.get(name) if name else None
    rest = (text[:found.start()] if found is at_end else text[found.end():]).strip(" ,")
    clock = (found["clock"] or "").strip()
    if clock and re.fullmatch(_CLOCK_WORDS, rest + " "):
        clock, rest = f"{rest} {clock}".strip(), ""  # "at about 2318 GMT": the words before it are the clock's
    if not clock and (re.fullmatch(_CLOCK, rest) or (name and re.fullmatch(_CLOCK_WORDS + _FOUR_DIGITS, rest))):
        clock, rest = rest, ""  # "19:27 ET", "at 2318 GMT": a clock time and no day
    if not clock and found is at_end and (first := _TIME_AT_START.match(rest)) and not first["zone"] \
            and not first["place"] and not first["named"] and not first["region"]:
        clock, rest = first["clock"].strip(), rest[first.end():]  # "at 1:59 a.m. Thursday Beijing time"
    if found["offset"]:
        return rest, _written_zone(found), clock
    return rest, zone, clock


def _written_zone(found: re.Match[str]) -> Zone:
    """The zone of an offset written out ("UTC+8").

    Raises:
        UsageError: it lies outside -14:00 to +14:00.
    """
    offset = timedelta(hours=int(found["hours"]), minutes=int(found["minutes"] or 0))
    if offset > timedelta(hours=14):
        raise UsageError(f"{found['offset'].upper()!r}: a UTC offset lies between -14:00 and +14:00")
    return Zone(found["offset"], fixed=offset if found["sign"] == "+" else -offset)


@dataclass(frozen=True)
class Restated:
    """The same time in another zone, as wire copy gives it in brackets: its clock time, its zone,
    and the day it names there ("" if none: "at 9 a.m. (0100 GMT) on Wednesday")."""

    clock: str
    zone: Zone
    day: str = ""


def converted(text: str) -> tuple[str, list[Restated]]:
    """``text`` without the same time in other zones that wire copy puts in brackets after a
    clock time or a day ("at 9 a.m. (0100 GMT) on Wednesday", "at 1:59 a.m. Thursday (1759 GMT
    Wednesday)", "at 10:26 a.m. (0226 GMT; 9:26 p.m. EST on Jan. 2)"), and those restatements
    (none if the words give none). The words' own clock time and zone are the ones they date the
    event in; the bracket restates them and may not be read as their zone, nor its day as theirs."""
    for bracket in re.finditer(r" \(([^()]+)\)", text):
        parts = _restatements(bracket[1])
        if not parts:
            continue
        before = text[:bracket.start()]
        if any(rest for rest, _, _ in parts) or _ENDS_IN_CLOCK.search(before):
            return before + text[bracket.end():], [Restated(bare_clock(clock), zone, rest) for rest, zone, clock in parts]
    return text, []


# Several restatements in one bracket are set apart by a semicolon, a slash, "or", or a comma
# before the next clock time ("0226 GMT; 9:26 p.m. EST on Jan. 2").
_NEXT_RESTATEMENT = re.compile(r"\s*(?:;|/|\bor\b|,(?=\s*\d))\s*")


def _restatements(bracket: str) -> list[tuple[str, Zone, str]]:
    """The clock times in zones a bracket restates, each with the day it names ("" if none); none
    unless every part of the bracket is one."""
    found = []
    for part in [bracket] if _restates(bracket) else _NEXT_RESTATEMENT.split(bracket):
        if not _restates(part):
            return []
        rest, zone, clock = time_of_day(part)
        if zone is None:
            return []
        found.append((rest, zone, clock))
    return found


def _restates(bracket: str) -> bool:
    """Whether a bracket's words are a clock time in a zone, on a day or not ("1759 GMT Wednesday")."""
    try:
        rest, zone, clock = time_of_day(bracket)
    except UsageError:
        return False
    return zone is not None and bool(clock) and (not rest or _A_DAY.fullmatch(rest) is not None)


# The day a bracket restates a clock time on, in its zone: a weekday, a date, or both.
_A_DAY = re.compile(rf"(?:on )?(?:(?:{_WEEKDAY})(?:,? (?:{_MONTH}) \d{{1,2}})?|(?:{_MONTH}) \d{{1,2}}|\d{{1,2}} (?:{_MONTH}))"
                    rf"(?:,? \d{{4}})?")


def clock_time(said: str) -> tuple[int, int] | None:
    """The hour (0-23) and minute of a clock time as people write it (14:23, 2:23 pm, 2.23 p.m.,
    9 am, 0223), or None for words that give no one time of the day ("7 o'clock", "14:23 pm")."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?", said.strip(), re.IGNORECASE)
    if match is None or not (match[2] or match[3]):
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half and 1 <= hour <= 12:
        hour = hour % 12 + (12 if half == "p" else 0)
    elif half:
        return None  # "14:23 pm" says two different things
    return (hour, minute) if hour < 24 and minute < 60 else None


def _day_restated(words: str, expression: str, zone: Zone | None, published: date, utc_offset: timedelta,
                  future: bool) -> TimeWindow | None:
    """The day of words that give a clock time and no day, from a bracket that restates the time
    on its own day ("at 7:18 a.m. Beijing time (2318 GMT Friday)"): the day, in the words' zone,
    of the instant the bracket names; None if no bracket names a day. Whether the words' clock
    time is that instant there is :func:`_same_instant`'s check."""
    for restated in converted(words)[1]:
        theirs = clock_time(restated.clock)
        if theirs is None or not restated.day:
            continue
        there = restated.zone.offset_on(published)
        # West of the words' zone the bracket's day may be the one after the publication's ("at 9
        # p.m. EDT (0100 GMT Friday)" in Thursday's paper): a past day is read from that one.
        day = _window(restated.day, restated.day, published + timedelta(days=0 if future else 1), there, future)
        if day.earliest is None or day.precision != "PrecisionDay":
            continue
        instant = day.earliest + timedelta(hours=theirs[0], minutes=theirs[1])
        own_day = (instant + (zone.offset_on(published) if zone else utc_offset)).date()
        return _Period(own_day, own_day, "PrecisionDay", day.anchored).window(expression, utc_offset, zone=zone)
    return None


def _same_instant(window: TimeWindow, text: str, restated: Restated, expression: str, utc_offset: timedelta) -> None:
    """Refuse words whose bracket restates their time on a day that makes it another instant ("at
    1:59 a.m. Thursday (1759 GMT Friday)") or puts it outside their day ("early Thursday (1759 GMT
    Thursday)"): one of the two is a slip.

    Raises:
        UsageError: the bracket's time on its day is not the words' own.
    """
    theirs = clock_time(restated.clock)
    if theirs is None or window.earliest is None or window.latest is None or window.precision != "PrecisionDay":
        return
    offset = window.zone_offset if window.zone_offset is not None else utc_offset
    own_day = (window.earliest + offset).date()
    stated = set()
    for zone_offset in {restated.zone.offset_on(own_day), *restated.zone.offsets()}:
        # The bracket's day is the words' own or one either side of it: read it from the day after.
        day = _window(restated.day, restated.day, own_day + timedelta(days=1), zone_offset, False)
        if day.earliest is not None and day.precision == "PrecisionDay":
            stated.add(day.earliest + timedelta(hours=theirs[0], minutes=theirs[1]))
    own = clock_time(bare_clock(time_of_day(converted(text)[0], expression)[2]))
    if own is not None:
        instant = window.earliest + timedelta(hours=own[0], minutes=own[1])
        if not stated or instant in stated:
            return
        said = f"its own time is {instant:%Y-%m-%d %H:%M} UTC"
    elif not stated or any(window.earliest <= at <= window.latest for at in stated):
        return
    else:
        said = f"its own day runs from {window.earliest:%Y-%m-%d %H:%M} to {window.latest:%Y-%m-%d %H:%M} UTC"
    bracket = next((b for b in re.findall(r"\(([^()]+)\)", expression) if restated.clock in b.lower()), restated.clock)
    raise UsageError(f"{expression!r}: {said}, and the bracket's {bracket!r} is {min(stated):%Y-%m-%d %H:%M} UTC; "
                     "the bracket restates the same time in another zone, so one of the two days or clock times "
                     f"is a slip{_zone_that_fits(window, own, own_day, stated)}")


def _zone_that_fits(window: TimeWindow, own: tuple[int, int] | None, own_day: date, stated: set[datetime]) -> str:
    """The hint for words that name no zone and whose clock time on their day is the bracket's
    instant at one UTC offset: "02:00 local time on Thursday (18:00 GMT Wednesday)" in an article
    registered in London is read at China's +08:00, the place's own time."""
    if own is None or window.zone_offset is not None or len(stated) != 1:
        return ""
    local = datetime.combine(own_day, time(*own), tzinfo=timezone.utc)
    offset = local - next(iter(stated))
    if not timedelta(hours=-12) <= offset <= timedelta(hours=14) or offset % timedelta(minutes=15):
        return ""
    sign, size = ("-" if offset < timedelta(0) else "+"), abs(offset)
    written = f"{sign}{size // timedelta(hours=1):02d}:{size % timedelta(hours=1) // timedelta(minutes=1):02d}"
    return (f"; at UTC{written} the two are the same instant: where the words' time is the place's own (\"local "
            f"time\"), give --tz {written}")


def bare_clock(said: str) -> str:
    """The clock time of :func:`time_of_day`'s words without the words around it ("at about
    2318 hours" is "2318")."""
    return re.sub(rf"^{_CLOCK_WORDS}|\s*(?:o'clock|hours|hrs|h)$", "", said).strip()


_FIVE_YEAR_PLAN = re.compile(rf"(?:over (?:the )?)?(?:(?P<part>early|late|end of|the end of)(?: in)? (?:the )?)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)?"
                             rf"|(?P<words>{_DAY_WORDS}))[ -]five[ -]year[ -]plan(?P<period> period)?"
                             r"(?: \((?P<from>\d{4})\s*-\s*(?P<to>\d{2}|\d{4})\))?(?(period)| period)?")


def _five_year_plan(text: str) -> _Period | None:
    """The years of one of China's five-year plans ("the 14th Five-Year Plan period", "the
    fifteenth five-year plan (2026-2030)"), or of its first two or last two ("early", "late", "the
    end of"). Each plan is five calendar years: the first from
    1953, the second from 1958; after three years of readjustment the third from 1966, and each
    since from the end of the one before (the 14th is 2021 to 2025, the 15th 2026 to 2030). Years
    in brackets after the name that are not the plan's give none: the words disagree.

    Example:
        >>> _five_year_plan("15th five-year plan period")
        _Period(first=datetime.date(2026, 1, 1), last=datetime.date(2030, 12, 31), precision='PrecisionYear', anchored=False)
    """
    if (m := _FIVE_YEAR_PLAN.fullmatch(text)) is None:
        return None
    n = int(m["n"] or _DAYS_IN_WORDS[m["words"]])
    if n < 1:
        return None
    first = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    if m["from"] and (int(m["from"]), int(m["to"][-2:])) != (first, (first + 4) % 100):
        return None
    start, stop = {"early": (0, 1), None: (0, 4)}.get(m["part"], (3, 4))
    return _Period(date(first + start, 1, 1), date(first + stop, 12, 31), "PrecisionYear", False)


def _year(year: int, *, anchored: bool = False) -> _Period:
    return _Period(date(year, 1, 1), date(year, 12, 31), "PrecisionYear", anchored)


def _shifted(day: date, years: int) -> date:
    """``day`` ``years`` later (29 February becomes 28 February where the year has none)."""
    return day.replace(year=day.year + years, day=min(day.day, calendar.monthrange(day.year + years, day.month)[1]))


def _decade(start: int, part: str | None, *, anchored: bool) -> _Period:
    span = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part or "", (0, 9))
    precision = "PrecisionPartOfDecade" if part else "PrecisionDecade"
    return _Period(date(start + span[0], 1, 1), date(start + span[1], 12, 31), precision, anchored)


def _month(year: int, month: int, part: str | None, *, anchored: bool) -> _Period:
    last_day = calendar.monthrange(year, month)[1]
    if part is None:
        return _Period(date(year, month, 1), date(year, month, last_day), "PrecisionMonth", anchored)
    first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, last_day)}[part]
    return _Period(date(year, month, first), date(year, month, last), "PrecisionPartOfMonth", anchored)


def _day(year: int, month: int, day: int, *, anchored: bool) -> _Period | None:
    try:
        when = date(year, month, day)
    except ValueError:
        return None
    return _Period(when, when, "PrecisionDay", anchored)


def _date(m: re.Match[str], published: date, future: bool) -> _Period | None:
    """A day of a month, of the year given (a number, or "last year" and the like, counted from the
    publication) or else the nearest one in the sentence's direction;
    a weekday given with it must be that day's."""
    month, day = MONTHS[m["month"]], int(m["day"])
    if day > (longest := 29 if month == 2 else calendar.monthrange(2001, month)[1]):
        raise UsageError(f"{calendar.month_name[month]} has no day {day}: it has {longest}"
                         + (" in a leap year, 28 in others" if month == 2 else "") + "; give the period with --date")
    if m["year"]:
        # A number, or "December 14, last year".
        year = int(m["year"]) if m["year"].isdigit() else published.year + _RELATIVE[m["year"].split()[0]]
        period = _day(year, month, day, anchored=not m["year"].isdigit())
        if period is None:
            raise UsageError(f"{year} is no leap year: its February has 28 days; give the period with --date")
    else:
        period = _nearest_day(month, day, published, future)
    if period is not None and m["weekday"] and period.first.weekday() != WEEKDAYS[m["weekday"]]:
        # The same day on the other side of the publication may be that weekday: a sentence that
        # speaks of the future reads it forward, one of the past back.
        other = _nearest_day(month, day, published, not future) if not m["year"] else None
        hint = (f"; {_day_name(other.first)}, {'before' if future else 'after'} the publication, is one: if the "
                f"sentence tells of it, give --modality {'asserted' if future else 'planned (or expected)'};"
                if other is not None and other.first.weekday() == WEEKDAYS[m["weekday"]] else ":")
        raise UsageError(f"{_day_name(period.first)} is a {period.first:%A}, not a {m['weekday'].title()}{hint} "
                         "give the period with --date")
    return period


def _nearest_day(month: int, day: int, published: date, future: bool) -> _Period | None:
    """The nearest such day on or before publication (on or after it for the future); 29 February
    looks up to four years away."""
    years = range(published.year, published.year + 5) if future else range(published.year, published.year - 5, -1)
    found = [p for y in years if (p := _day(y, month, day, anchored=True)) is not None
             and (p.first >= published if future else p.first <= published)]
    return found[0] if found else None


def _year_part(m: re.Match[str], published: date) -> _Period:
    """"early", "mid" or "late" in a year (its thirds: January to April, May to August,
    September to December; "at the end of" is late), or its first or second half."""
    named = m[4]
    year = int(named) if named.isdigit() else published.year + _RELATIVE[named.split()[0]]
    part = m[1] or m[2] or "late"  # "at the end of 2024" is late in it
    first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "first": (1, 6), "second": (7, 12)}[part]
    return _Period(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), "PrecisionPartOfYear",
                   not named.isdigit())


def _named_month_year(month: int, which: str, published: date) -> int:
    """The year of "last July" (the July before the publication's month), "this July" (the
    publication's year) or "next July" (the July after it)."""
    if which == "this":
        return published.year
    if which == "last":
        return published.year if month < published.month else published.year - 1
    return published.year if month > published.month else published.year + 1


def _quarter(year: int, quarter: int, *, anchored: bool) -> _Period:
    ends = quarter * 3
    return _Period(date(year, ends - 2, 1), date(year, ends, calendar.monthrange(year, ends)[1]),
                   "PrecisionPartOfYear", anchored)


def _nearest_month_year(month: int, published: date, future: bool) -> int:
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _weekday(weekday: int, which: str | None, published: date, future: bool) -> _Period:
    if which == "this":
        day = published + timedelta(days=weekday - published.weekday())
    elif which == "last" or (which is None and not future):
        back = (published.weekday() - weekday) % 7
        day = published - timedelta(days=back or (7 if which == "last" else 0))
    else:
        ahead = (weekday - published.weekday()) % 7
        day = published + timedelta(days=ahead or (7 if which == "next" else 0))
    return _Period(day, day, "PrecisionDay", True)


def _weekend(which: str | None, published: date, future: bool) -> _Period:
    """A Saturday and the Sunday after it: "over the weekend" the one on or before the publication
    (after it for the future), "last weekend" one that is over by then, "this weekend" the one of
    the publication's week. "Next weekend" may be the coming one or the one after: refused."""
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)  # on or before publication
    if which == "next":
        raise UsageError(f"'next weekend' is the weekend of {_day_name(saturday + timedelta(days=7))} or of "
                         f"{_day_name(saturday + timedelta(days=14))}: give the one the sentence means with --date")
    if which == "last" and published.weekday() >= 5:
        saturday -= timedelta(days=7)
    elif which in ("this", "this coming") or (which in (None, "over the") and future):
        if which == "this coming" or published.weekday() < 5:
            saturday = published + timedelta(days=(5 - published.weekday()) % 7 or 7 * (published.weekday() == 6))
    return _Period(saturday, saturday + timedelta(days=1), "PrecisionWeek", True)


def _day_of_month(day: int, published: date, future: bool, *, this_month: bool = False) -> _Period:
    """"On the 30th": the nearest day of that number on or before the publication (on or after it
    for the future), in the publication's month or the nearest month that has it; "the 15th of
    this month" is the publication's month's."""
    if this_month:
        period = _day(published.year, published.month, day, anchored=True)
        if period is None:
            raise UsageError(f"{published:%B %Y} has no day {day}: give the period with --date")
        return period
    step = 1 if future else -1
    index = published.year * 12 + published.month - 1
    for months in range(13):
        year, month = divmod(index + step * months, 12)
        if day <= calendar.monthrange(year, month + 1)[1]:
            when = date(year, month + 1, day)
            if (when >= published) if future else (when <= published):
                return _Period(when, when, "PrecisionDay", True)
    raise UsageError(f"no month has a day {day}: give the period with --date")


def _day_name(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# A day in figures: year first (2020-12-17, 2020/12/17, 2020.12.17, 20201217), or last, after
# the day and the month in either order (17/12/2020, 12/17/2020, 17.12.2020).
_NUMERIC_DAY = re.compile(r"(?P<year>\d{4})(?:(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
                          r"|(?P<month2>\d{2})(?P<day2>\d{2}))"
                          r"|(?P<a>\d{1,2})(?P<sep2>[-/.])(?P<b>\d{1,2})(?P=sep2)(?P<y>\d{4})")


def numeric_day(text: str) -> date | None:
    """The day ``text`` writes in figures, or None when it is no day in figures.

    Raises:
        UsageError: the day and the month may come in either order (``03/04/2020``), or there
            is no such day.

    Example:
        >>> numeric_day("17/12/2020"), numeric_day("2020.12.17"), numeric_day("May 2020")
        (datetime.date(2020, 12, 17), datetime.date(2020, 12, 17), None)
    """
    numeric = _NUMERIC_DAY.fullmatch(text.strip())
    if numeric is None:
        return None
    if numeric["year"]:
        parts = int(numeric["year"]), int(numeric["month"] or numeric["month2"]), int(numeric["day"] or numeric["day2"])
    else:
        a, b, year = int(numeric["a"]), int(numeric["b"]), int(numeric["y"])
        if a <= 12 and b <= 12 and a != b:
            raise UsageError(f"{text.strip()!r} is {_named(year, b, a)} or {_named(year, a, b)}, as the day or the month "
                             "comes first: write it YYYY-MM-DD")
        parts = (year, a, b) if b > 12 else (year, b, a)
    try:
        return date(*parts)
    except ValueError as exc:
        raise UsageError(f"{text.strip()!r}: no such day ({exc})") from None


def _named(year: int, month: int, day: int) -> str:
    try:
        return _day_name(date(year, month, day))
    except ValueError:
        return f"{year}-{month:02d}-{day:02d}"


def _relative_unit(unit: str, step: int, published: date) -> _Period:
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return _Period(monday, monday + timedelta(days=6), "PrecisionWeek", True)
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return _month(index // 12, index % 12 + 1, None, anchored=True)
    return _year(published.year + step, anchored=True)


def _calendar(text: str) -> _Period:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a period (a month or day of one digit too,
    ``2019-1-3``); raises ValueError otherwise."""
    if m := re.fullmatch(r"(\d{4})", text):
        return _year(int(m[1]))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        if not 1 <= int(m[2]) <= 12:
            raise ValueError(text)
        return _month(int(m[1]), int(m[2]), None, anchored=False)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        period = _day(int(m[1]), int(m[2]), int(m[3]), anchored=False)
        if period is None:
            raise ValueError(text)
        return period
    raise ValueError(text)


# The longest window each precision covers, in days: a part of a month is up to 11 days (21 to 31),
# a part of a year four months, a part of a decade four years.
_LONGEST = {"PrecisionDay": 1, "PrecisionWeek": 7, "PrecisionPartOfMonth": 11, "PrecisionMonth": 31,
            "PrecisionPartOfYear": 123, "PrecisionYear": 366, "PrecisionPartOfDecade": 1461, "PrecisionDecade": 3653}


def window_precision(first: date, last: date, finest: str) -> str:
    """The precision of the window from ``first`` to ``last`` (whole days): the finest, and not finer
    than ``finest`` (that of its ends), whose periods are as long. Two days apart are a week,
    2028 to 2030 a part of a decade; longer than a decade is a decade's.

    Example:
        >>> window_precision(date(2019, 1, 3), date(2019, 1, 20), "PrecisionDay")
        'PrecisionMonth'
        >>> window_precision(date(2020, 1, 1), date(2029, 12, 31), "PrecisionYear")
        'PrecisionDecade'
    """
    days = (last - first).days + 1
    return next((p for p in _COARSENESS[_COARSENESS.index(finest):] if days <= _LONGEST[p]), _COARSENESS[-1])
