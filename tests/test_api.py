"""The public Python API, used as in a notebook: open a graph, query it, look at the answer."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import AS_OF
from hypothesis import given
from hypothesis import strategies as st

import spacekg
from spacekg.api import to_python
from spacekg.namespaces import ID, SKG, XSD
from spacekg.sources.project import Project


@pytest.fixture(scope="module")
def graph(project: Project) -> spacekg.Graph:
    return spacekg.open_graph(project.root, as_of=AS_OF.isoformat())


def run_notebook(cells: list[str]) -> list[object]:
    """Run cells as Jupyter does: each in one namespace, the value of a final expression is shown."""
    namespace: dict[str, object] = {}
    shown = []
    for cell in cells:
        tree = ast.parse(cell)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<cell>", "exec"), namespace)
        if last is not None:
            shown.append(eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace))
    return shown


def test_notebook_shows_a_dataframe_and_an_html_table(project: Project):
    frame, table = run_notebook([
        "import spacekg",
        f"kg = spacekg.open_graph({str(project.root)!r}, as_of={AS_OF.isoformat()!r})",
        "ranks = kg.query('ordinals')\nranks.to_dataframe(labels=True)",
        "ranks",
    ])
    assert list(frame.columns) == ["achievement", "rank", "country", "firstAchieved", "after", "uncertain", "scope"]
    assert len(frame) == 7
    china = frame[(frame["country"] == "China") & (frame["achievement"] == "lunar soft landing")]
    assert china["rank"].tolist() == [3]
    assert china["firstAchieved"].tolist() == [datetime(2013, 12, 14, 13, 11, tzinfo=timezone.utc)]
    html = table._repr_html_()
    assert html.startswith("<table><caption>7 rows</caption>")
    assert f'<span title="{ID}china">China</span>' in html
    assert html.count("<tr>") == 8
    plain = table.to_dataframe()
    assert set(plain["country"]) == {ID + "china", ID + "soviet-union", ID + "united-states"}


def test_stored_query_parameters_by_keyword_or_mapping(graph: spacekg.Graph):
    by_keyword = graph.query("events-in-year", year=2016)
    assert by_keyword.rows == graph.query("events-in-year", {"year": "2016"}).rows
    assert len(by_keyword) == 3 and by_keyword.rows != graph.query("events-in-year", year=2013).rows
    window = graph.query("change4-launch", {"from": "2018-12-01T00:00:00Z", "to": "2018-12-02T00:00:00Z"})
    assert len(window) == 0


def test_stored_queries_are_listed_with_their_parameters(graph: spacekg.Graph):
    queries = graph.queries()
    assert "ordinals" in queries and queries["events-in-year"].parameters[0].name == "year"
    assert "as of 2026-11-21" in repr(graph)


def test_rows_hold_python_values(graph: spacekg.Graph):
    (row,) = [r for r in graph.query("ordinals").records() if r["achievement"] == SKG + "LunarFarSideSoftLanding"]
    assert row["rank"] == 1 and isinstance(row["rank"], int)
    assert row["uncertain"] is False
    assert row["country"] == ID + "china"
    assert row["after"] is None


def test_sparql_select_ask_and_construct(graph: spacekg.Graph):
    assert graph.sparql("ASK { d:china a skg:Country }").boolean is True
    assert graph.sparql("ASK { d:china a skg:Planet }").rows == ((False,),)
    constructed = graph.sparql("CONSTRUCT { d:china a ?c } WHERE { d:china a ?c }")
    assert constructed.variables == ("subject", "predicate", "object")
    assert (ID + "china", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
            "https://w3id.org/spacekg/ontology#Country") in constructed.rows
    asserted = graph.sparql("SELECT ?c WHERE { d:china a ?c }", graphs="asserted")
    assert len(asserted) < len(graph.sparql("SELECT ?c WHERE { d:china a ?c }"))


def test_errors_are_spacekg_errors(graph: spacekg.Graph, tmp_path: Path):
    with pytest.raises(spacekg.QueryNotFoundError, match="ordinals"):
        graph.query("ordinal")
    with pytest.raises(spacekg.QueryError, match="1:26"):
        graph.sparql("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(spacekg.InputError, match="not a spacekg project"):
        spacekg.open_graph(tmp_path)


def test_html_escapes_values(graph: spacekg.Graph):
    html = graph.sparql('SELECT ?x WHERE { BIND("<b>&" AS ?x) }')._repr_html_()
    assert "<td>&lt;b&gt;&amp;</td>" in html


def test_importing_and_querying_never_imports_pandas(project: Project):
    code = (f"import sys, spacekg; kg = spacekg.open_graph({str(project.root)!r}, as_of={AS_OF.isoformat()!r}); "
            "kg.query('ordinals')._repr_html_(); print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_package_root_exports_only_the_public_api():
    assert set(spacekg.__all__) >= {"open_graph", "Graph", "Result", "__version__", "SpaceKGError"}
    assert "KnowledgeGraph" not in spacekg.__all__


_TYPED = [("integer", st.integers().map(str), int), ("decimal", st.decimals(allow_nan=False, allow_infinity=False)
          .map(lambda d: format(d, "f")), Decimal), ("boolean", st.sampled_from(["true", "false", "1", "0"]), bool),
          ("date", st.dates().map(date.isoformat), date)]


@given(st.sampled_from(_TYPED).flatmap(lambda t: st.tuples(st.just(t), t[1])))
def test_typed_literals_become_python_values(case):
    (datatype, _, kind), text = case
    value = to_python(ox.Literal(text, datatype=ox.NamedNode(XSD + datatype)))
    assert isinstance(value, kind)


@given(st.text())
def test_ill_formed_literals_stay_text(text: str):
    value = to_python(ox.Literal(text, datatype=ox.NamedNode(XSD + "integer")))
    assert value == text or (isinstance(value, int) and value == int(text))


def test_without_pandas_to_dataframe_names_the_extra(graph: spacekg.Graph, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'spacekg\[pandas\]'"):
        graph.query("ordinals").to_dataframe()
