"""Rendering answers: columns line up on the screen, whatever scripts the cells are in; JSON is laid out as
json.dumps lays it out; every answer ends with a line end."""

from __future__ import annotations

import re

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from spacekg.errors import QueryError
from spacekg.formats.output import MAX_CELL, TABULAR, ResultFormat, render, width
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


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_TERMS = st.one_of(
    st.none(),
    st.builds(lambda s: ox.NamedNode("http://example.org/" + s), st.text("abcé中-_", max_size=8)),
    st.builds(lambda s: ox.BlankNode("b" + s), st.text("abc123", max_size=6)),
    st.builds(ox.Literal, _TEXT),
    st.builds(lambda s, tag: ox.Literal(s, language=tag), _TEXT, st.sampled_from(["en", "zh-Hans", "fr-CA"])),
    st.builds(lambda s, dt: ox.Literal(s, datatype=ox.NamedNode(dt)), _TEXT,
              st.sampled_from(["http://www.w3.org/2001/XMLSchema#integer", "http://example.org/t"])),
)


@given(st.data())
def test_sparql_json_is_laid_out_as_the_json_module_indents_it(data: st.DataObject):
    """The JSON writer builds its text directly; the bytes are json.dumps(indent=1)'s, whatever
    the terms (escapes, non-ASCII, unbound variables, no rows, no variables)."""
    import json

    variables = tuple(data.draw(st.lists(st.text("abcxyz_", min_size=1, max_size=5), max_size=4, unique=True)))
    rows = tuple(tuple(data.draw(_TERMS) for _ in variables) for _ in range(data.draw(st.integers(0, 4))))
    result = QueryResult("select", variables, rows)
    # Blank nodes the query made are numbered in row order; the graph's own (c14n) keep their labels.
    numbered: dict[str, str] = {}
    for row in rows:
        for t in row:
            if isinstance(t, ox.BlankNode) and not re.fullmatch(r"c14n\d+", t.value):
                numbered.setdefault(t.value, f"b{len(numbered)}")

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
        if isinstance(t, ox.NamedNode):
            return {"type": "uri", "value": t.value}
        if isinstance(t, ox.BlankNode):
            return {"type": "bnode", "value": numbered.get(t.value, t.value)}
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = t.datatype.value
        return out

    doc = {"head": {"vars": list(variables)},
           "results": {"bindings": [{v: term(t) for v, t in zip(variables, row) if t is not None} for row in rows]}}
    assert render(result, ResultFormat.JSON) == (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()


_GRAPH_TERMS = st.builds(lambda s: ox.NamedNode("http://example.org/" + s), st.text("abc", min_size=1, max_size=4))


@given(st.data())
def test_every_non_empty_answer_ends_with_a_line_end(data: st.DataObject):
    variables = ("a", "b")
    rows = tuple((data.draw(_TERMS), data.draw(_TERMS)) for _ in range(data.draw(st.integers(0, 3))))
    triples = tuple(ox.Triple(data.draw(_GRAPH_TERMS), ox.NamedNode("http://example.org/p"), data.draw(
        st.one_of(_GRAPH_TERMS, st.builds(ox.Literal, st.text("xyz é", max_size=5))))) for _ in range(
        data.draw(st.integers(1, 3))))
    answers = [(QueryResult("select", variables, rows), f) for f in ResultFormat if f in TABULAR]
    answers += [(QueryResult("ask", boolean=data.draw(st.booleans())), f) for f in ResultFormat if f in TABULAR]
    answers += [(QueryResult("graph", triples=triples), f) for f in ResultFormat if f not in TABULAR]
    for result, fmt in answers:
        try:
            text = render(result, fmt)
        except QueryError:  # text XML 1.0 cannot hold, refused
            continue
        assert text.endswith(b"\n"), fmt
