"""The plan timeline: each plan's announced target against what happened, one row per goal.

The data is the stored query ``plan-timeline``; this module only arranges and draws its rows.
matplotlib draws them (the choice and its measurements: docs/timeline.md). The picture is
deterministic: matplotlib's SVG ids come from a fixed salt instead of the process's hash seed,
the creation date is left out, text stays text, and fonts are matplotlib's bundled DejaVu Sans.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

import pyoxigraph as ox

from ..errors import MissingExtraError, QueryError
from ..namespaces import SKG
from ..store.engine import QueryResult

QUERY = "plan-timeline"


class PictureFormat(str, Enum):
    """Formats of ``spacekg timeline``: SVG keeps text as text; PNG is a raster image."""

    SVG = "svg"
    PNG = "png"


class Status(str, Enum):
    """A plan's status (``skg:planStatus``), with its colour and marker in the picture."""

    MET_EARLY = "MetEarly"
    MET_ON_TIME = "MetOnTime"
    MET_LATE = "MetLate"
    MET_UNCERTAIN = "MetUncertain"
    OVERDUE = "Overdue"
    PENDING = "Pending"
    SUPERSEDED = "Superseded"

    @property
    def words(self) -> str:
        return re.sub(r"(?<!^)([A-Z])", r" \1", self.value).lower()


# Okabe and Ito's palette, distinguishable with every common colour-vision deficiency; each
# status also has its own marker, so the picture reads in grey too.
STYLE: dict[Status, tuple[str, str]] = {
    Status.MET_EARLY: ("#56B4E9", "^"),
    Status.MET_ON_TIME: ("#009E73", "o"),
    Status.MET_LATE: ("#E69F00", "D"),
    Status.MET_UNCERTAIN: ("#000000", "P"),
    Status.OVERDUE: ("#D55E00", "X"),
    Status.PENDING: ("#0072B2", ">"),
    Status.SUPERSEDED: ("#CC79A7", "s"),
}
# How long a target window lasts when only its end is known ("by 2020" is the year 2020).
PRECISION_YEARS = {"PrecisionSecond": 1 / 31_557_600, "PrecisionMinute": 1 / 525_960, "PrecisionDay": 1 / 365.25,
                   "PrecisionWeek": 7 / 365.25, "PrecisionPartOfMonth": 10 / 365.25, "PrecisionMonth": 1 / 12,
                   "PrecisionPartOfYear": 1 / 3, "PrecisionYear": 1.0, "PrecisionPartOfDecade": 3.0,
                   "PrecisionDecade": 10.0}


@dataclass(frozen=True)
class Announcement:
    """One plan as its source states it: the target window, the status, and what happened."""

    plan: str
    source: str
    sentence_ids: tuple[str, ...]
    announced: datetime | None
    target: str
    precision: str | None
    earliest: datetime | None
    latest: datetime | None
    status: Status
    slip_days: int | None
    done_at: datetime | None

    @property
    def label(self) -> str:
        if self.sentence_ids:
            where = f"{self.source} {', '.join(self.sentence_ids)}"
        else:  # a background plan: the cited page's host says enough
            where = "cited: " + re.sub(r"^\w+://(www\.|m\.)?([^/]+).*$", r"\2", self.source)
        return f"{where} · {self.target or 'no target date'}"


@dataclass(frozen=True)
class GoalRow:
    """Every announcement of one goal: the event that fulfilled them, or the newest plan of a chain."""

    goal: str
    label: str
    announcements: tuple[Announcement, ...]


def timeline_rows(result: QueryResult) -> list[GoalRow]:
    """Group the rows of the ``plan-timeline`` query by goal, one announcement per plan (a plan
    stated in several sentences of one article, or in several wordings, is one announcement,
    labelled with each sentence and each wording).

    Raises:
        QueryError: the query does not give the columns the timeline needs.
    """
    needed = {"goal", "goalLabel", "plan", "source", "sentenceId", "announced", "when", "precision", "earliest",
              "latest", "status", "slipDays", "doneAt"}
    if missing := needed - set(result.variables):
        raise QueryError(f"{QUERY}: the query gives no {', '.join(sorted(missing))}")
    records = [dict(zip(result.variables, row)) for row in result.rows]
    goals: dict[str, tuple[str, dict[str, list[dict[str, Any]]]]] = {}
    for record in records:
        goal = _text(record["goal"])
        plans = goals.setdefault(goal, (_text(record["goalLabel"]), {}))[1]
        plans.setdefault(_text(record["plan"]), []).append(record)
    rows = []
    for goal, (label, plans) in goals.items():
        announcements = [_announcement(plan, found) for plan, found in plans.items()]
        # Background plans, which have no announcement date, come after the articles' plans.
        announcements.sort(key=lambda a: (a.announced is None, a.announced.isoformat() if a.announced else "",
                                          a.source, tuple(map(_natural, a.sentence_ids)), a.plan))
        rows.append(GoalRow(goal, label, tuple(announcements)))
    rows.sort(key=lambda r: (min(_first_year(a) for a in r.announcements), r.label, r.goal))
    return rows


def _announcement(plan: str, records: list[dict[str, Any]]) -> Announcement:
    first = records[0]
    sentences = sorted({_text(r["sentenceId"]) for r in records if r["sentenceId"] is not None}, key=_natural)
    status = Status(_text(first["status"]).removeprefix(SKG))
    slip = first["slipDays"]
    return Announcement(
        plan=plan, source=_text(first["source"]), sentence_ids=tuple(sentences),
        announced=_when(first["announced"]), target=" / ".join(sorted({_text(r["when"]) for r in records} - {""})),
        precision=_text(first["precision"]).removeprefix(SKG) if first["precision"] is not None else None,
        earliest=_when(first["earliest"]), latest=_when(first["latest"]), status=status,
        slip_days=int(slip.value) if slip is not None else None, done_at=_when(first["doneAt"]),
    )


def _text(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    return "" if term is None else term.value


def _when(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> datetime | None:
    if not isinstance(term, ox.Literal):
        return None
    try:
        return datetime.fromisoformat(term.value)
    except ValueError:
        return None


def _natural(sentence_id: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", sentence_id))


def _first_year(a: Announcement) -> float:
    points = [t for t in (a.announced, a.earliest, a.latest, a.done_at) if t is not None]
    return min(map(year_of, points)) if points else float("inf")


def year_of(moment: datetime | date) -> float:
    """A moment as a fractional year, the picture's x axis.

    Example:
        >>> year_of(date(2020, 1, 1)), round(year_of(date(2020, 7, 2)), 3)
        (2020.0, 2020.5)
    """
    day = moment.date() if isinstance(moment, datetime) else moment
    # The year's length from the calendar: the next 1 January does not exist after 9999.
    return day.year + (day - date(day.year, 1, 1)).days / (366 if calendar.isleap(day.year) else 365)


def draw(rows: Sequence[GoalRow], *, as_of: date, fmt: PictureFormat = PictureFormat.SVG) -> bytes:
    """Draw the timeline; the same rows and date give the same bytes.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    try:
        import matplotlib
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise MissingExtraError("spacekg timeline needs matplotlib: pip install 'spacekg[timeline]'") from None

    lanes = sum(max(1, len(r.announcements)) for r in rows)
    with matplotlib.rc_context({"svg.hashsalt": "spacekg-timeline", "svg.id": "spacekg-timeline", "svg.fonttype": "none",
                                "font.family": "DejaVu Sans", "font.size": 8}):
        figure = Figure(figsize=(12, 1.6 + 0.3 * lanes), layout="constrained")
        ax = figure.add_subplot()
        y, ticks, labels, right = 0.0, [], [], year_of(as_of)
        for row in rows:
            count = max(1, len(row.announcements))
            ticks.append(-(y + (count - 1) / 2))
            labels.append(row.label if len(row.label) <= 48 else row.label[:47] + "…")
            for lane, item in enumerate(row.announcements):
                right = max(right, _draw_announcement(ax, item, -(y + lane), as_of))
            y += count
            if row is not rows[-1]:
                ax.axhline(-(y - 0.5), color="#dddddd", linewidth=0.6)
        now = year_of(as_of)
        ax.axvline(now, color="black", linestyle="--", linewidth=1)
        ax.text(now, 0.9, f" as of {as_of.isoformat()}", va="bottom", ha="left")
        # Labels are the data's own text: "$5 and $6" is dollars, not mathtext (which may not even parse).
        ax.set_yticks(ticks, labels, parse_math=False)
        ax.set_ylim(-(y - 0.5), 1.6)
        left = min((_first_year(a) for r in rows for a in r.announcements), default=now - 1)
        ax.set_xlim(int(left) - 0.5, right + 7)
        # matplotlib's default locator (AutoLocator's settings), with whole years only.
        ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True))
        ax.grid(axis="x", color="#eeeeee")
        ax.set_axisbelow(True)
        ax.set_title("Plans against what happened: target windows, fulfilling events and slips, one row per goal")
        handles: list[Any] = [Line2D([], [], color=c, marker=m, linestyle="", label=s.words) for s, (c, m) in
                              STYLE.items()]
        handles += [Patch(facecolor="#bbbbbb", edgecolor="#555555", label="target window"),
                    Line2D([], [], color="#555555", linewidth=1, label="announced, until the window"),
                    Line2D([], [], color="#555555", marker=r"$\rightarrow$", linestyle="", label="slip")]
        figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False)
        buffer = io.BytesIO()
        if fmt is PictureFormat.SVG:
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        else:
            figure.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    return buffer.getvalue()


def _draw_announcement(ax: Any, item: Announcement, y: float, as_of: date) -> float:
    """Draw one announcement in its lane; return the rightmost x it reaches, for the label."""
    colour, marker = STYLE[item.status]
    announced = year_of(item.announced) if item.announced else None
    done = year_of(item.done_at) if item.done_at else None
    now = year_of(as_of)
    right = max(x for x in (announced, done, 0.0) if x is not None)
    if item.latest is not None:
        end = year_of(item.latest)
        start = year_of(item.earliest) if item.earliest else end - PRECISION_YEARS.get(item.precision or "", 1.0)
        ax.barh(y, end - start, left=start, height=0.55, color=colour, alpha=0.35, edgecolor=colour, linewidth=1)
        if announced is not None and item.earliest is None and announced < start:
            ax.plot([announced, start], [y, y], color=colour, linewidth=1)
        if item.status is Status.MET_LATE and done is not None:
            ax.annotate("", xy=(done, y), xytext=(end, y),
                        arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.4, "shrinkA": 0, "shrinkB": 4})
        elif item.status is Status.MET_EARLY and done is not None:
            ax.annotate("", xy=(done, y), xytext=(start, y),
                        arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.4, "shrinkA": 0, "shrinkB": 4})
        elif item.status is Status.OVERDUE:
            ax.annotate("", xy=(now, y), xytext=(end, y),
                        arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.2, "linestyle": "--",
                                    "shrinkA": 0, "shrinkB": 0})
        right = max(right, end)
        if done is None:
            ax.plot([end], [y], marker=marker, color=colour, markeredgecolor="black", markeredgewidth=0.6)
    elif announced is not None:
        ax.plot([announced, done if done is not None else now], [y, y], color=colour, linewidth=1, linestyle=":")
        right = max(right, now if done is None else done)
        if done is None:
            ax.plot([announced], [y], marker=marker, color=colour, markeredgecolor="black", markeredgewidth=0.6)
    if announced is not None:
        ax.plot([announced], [y], marker="|", color="black", markersize=7)
    if done is not None:
        ax.plot([done], [y], marker=marker, color=colour, markeredgecolor="black", markeredgewidth=0.6, markersize=7)
    ax.annotate(item.label, xy=(right, y), xytext=(7, 0), textcoords="offset points", va="center", ha="left",
                fontsize=7, parse_math=False)
    return right
