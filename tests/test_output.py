"""The labelled table: columns line up on the screen, whatever scripts the cells are in."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from spacekg.formats.output import MAX_CELL, ResultFormat, render, width
from spacekg.store.engine import QueryResult

# Latin, accented (precomposed and combining), CJK ideographs, fullwidth forms and kana.
CELL = st.text(st.sampled_from("aZ9éü\u0301嫦娥四号月球Ｆｕｌｌカナ-"), min_size=1, max_size=12).filter(
    lambda t: not t.startswith("\u0301"))


def table(rows: list[tuple[str, str]]) -> list[str]:
    result = QueryResult("select", ("a", "b"), tuple((ox.Literal(a), ox.Literal(b)) for a, b in rows))
    return render(result, ResultFormat.TABLE).decode().splitlines()


@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=6))
def test_second_column_starts_at_the_same_screen_column_in_every_row(rows):
    lines = table(rows)
    header, rule, body = lines[0], lines[1], lines[2:-1]
    starts = {width(line[: len(line) - len(line.split()[-1])]) for line in [header, *body]}
    assert len(starts) == 1
    assert width(rule) == max(width(line) for line in [header, *body])


def test_wide_characters_count_twice():
    lines = table([("嫦娥四号", "x"), ("Chang'e 4", "y")])
    assert lines[2] == "嫦娥四号   x"
    assert lines[3] == "Chang'e 4  y"


@given(CELL.map(lambda t: t * 20))
def test_long_cells_are_clipped_by_screen_width(text):
    cell = table([(text, "x")])[2].rsplit("  ", 1)[0].rstrip()
    assert width(cell) <= MAX_CELL
