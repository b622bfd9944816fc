"""The public Python API, used as in a notebook: open a graph, query it, look at the answer."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import typing
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import AS_OF
from deep_queries import COUNTRIES, DEEP, expected
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
    assert list(frame.columns) == ["achievement", "rank", "maxRank", "country", "firstAchieved", "after", "maybeAfter",
                                   "uncertain", "scope"]
    assert len(frame) == 16
    china = frame[(frame["country"] == "China") & (frame["achievement"] == "lunar soft landing")]
    assert china["rank"].tolist() == [3]
    assert china["firstAchieved"].tolist() == [datetime(2013, 12, 14, 13, 11, tzinfo=timezone.utc)]
    html = table._repr_html_()
    assert html.startswith("<table><caption>16 rows</caption>")
    assert f'<span title="{ID}china">China</span>' in html
    assert html.count("<tr>") == 17
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
    assert all(getattr(spacekg, name) is not None for name in spacekg.__all__)
    assert sorted(dir(spacekg)) == sorted(spacekg.__all__)


def test_the_types_a_caller_meets_are_public(graph: spacekg.Graph):
    stored = graph.queries()["events-in-year"]
    assert isinstance(stored, spacekg.StoredQuery) and isinstance(stored.parameters[0], spacekg.Parameter)
    assert all(isinstance(c, spacekg.Column) for c in stored.columns) and stored.columns
    assert all(isinstance(v, typing.get_args(spacekg.Value)) for row in graph.query("ordinals").rows for v in row
               if v is not None)


@pytest.mark.parametrize("graphs", list(spacekg.View))
def test_a_choice_is_given_as_its_enum_or_its_value(graph: spacekg.Graph, graphs: spacekg.View):
    text = "SELECT ?p WHERE { d:china ?p ?o } ORDER BY ?p"
    assert graph.sparql(text, graphs=graphs).rows == graph.sparql(text, graphs=graphs.value).rows
    wikidata = "SELECT ?x WHERE { ?x wdt:P31 wd:Q6256 } ORDER BY ?x"
    assert graph.sparql(wikidata, view=spacekg.QueryView.WIKIDATA).rows == graph.sparql(wikidata, view="wikidata").rows


_TYPED = [("integer", st.integers().map(str), int), ("decimal", st.decimals(allow_nan=False, allow_infinity=False)
          .map(lambda d: format(d, "f")), Decimal), ("boolean", st.sampled_from(["true", "false", "1", "0"]), bool),
          ("date", st.dates().map(date.isoformat), date)]


@given(st.sampled_from(_TYPED).flatmap(lambda t: st.tuples(st.just(t), t[1])))
def test_typed_literals_become_python_values(case):
    (datatype, _, kind), text = case
    value = to_python(ox.Literal(text, datatype=ox.NamedNode(XSD + datatype)))
    assert isinstance(value, kind)


@given(st.text(), st.sampled_from(["integer", "decimal", "double", "boolean", "date", "dateTime"]))
def test_a_literal_outside_its_xsd_lexical_space_stays_text(text: str, datatype: str):
    value = to_python(ox.Literal(text, datatype=ox.NamedNode(XSD + datatype)))
    # pyoxigraph reads the same literal as a value of its type exactly when it is well formed.
    literal = ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))
    well_formed = ox.Store().query(f"ASK {{ VALUES ?x {{ {literal} }} FILTER(?x = ?x) }}")
    if not well_formed:
        assert value == text


@pytest.mark.parametrize(("text", "datatype", "expected"), [
    ("1_000", "integer", "1_000"), ("\u0663", "integer", "\u0663"), ("1_0.5", "decimal", "1_0.5"),
    ("infinity", "double", "infinity"), ("INF", "double", float("inf")), (" 7", "integer", 7),
    ("2018-12-01T00:00:00", "dateTime", "2018-12-01T00:00:00"),
    ("2018-12-01T00:00:00.1234567Z", "dateTime", "2018-12-01T00:00:00.1234567Z"),
    ("2018-12-01T08:00:00+08:00", "dateTime", datetime(2018, 12, 1, tzinfo=timezone.utc)),
    ("-0044-03-15", "date", "-0044-03-15"),
])
def test_a_literal_becomes_a_python_value_only_as_written_in_xsd(text: str, datatype: str, expected: object):
    value = to_python(ox.Literal(text, datatype=ox.NamedNode(XSD + datatype)))
    assert value == expected and type(value) is type(expected)
    if isinstance(value, datetime):
        assert value.tzinfo is not None


def test_a_wikidata_view_query_runs_through_the_api_as_on_the_command_line(graph: spacekg.Graph, project: Project):
    from click.testing import CliRunner

    from spacekg.cli import cli

    names = [name for name, q in graph.queries().items() if q.view == "wikidata" and not q.needs_network]
    assert names
    for name in names:
        rows = graph.query(name).rows
        shown = CliRunner().invoke(cli, ["--root", str(project.root), "query", name, "-f", "csv", "--as-of",
                                         AS_OF.isoformat()])
        assert shown.exit_code == 0, shown.output
        assert len(rows) == len(shown.stdout.splitlines()) - 1, name
    assert graph.sparql("SELECT (COUNT(*) AS ?n) { ?s wdt:P31 ?o }", view="wikidata").rows[0][0] > 0


@pytest.mark.parametrize(("call", "message"), [
    (lambda g: g.sparql("ASK {}", graphs="bogus"), "graphs='bogus': use one of"),
    (lambda g: g.sparql("ASK {}", view="dbpedia"), "view='dbpedia': use one of"),
    (lambda g: g.sparql("ASK {}", view="wikidata", source="a000"), "takes no graphs= or source="),
    (lambda g: g.sparql("ASK {}", view="wikidata", graphs="asserted"), "takes no graphs= or source="),
    (lambda g: g.sparql(None), "the query is text, not NoneType"),
    (lambda g: g.sparql(b"ASK {}"), "the query is text, not bytes"),
])
def test_a_bad_argument_is_a_usage_error(graph: spacekg.Graph, call, message: str):
    with pytest.raises(spacekg.UsageError, match=re.escape(message)):
        call(graph)


@pytest.mark.parametrize("as_of", ["2020-13-01", "20200101", 20200101, datetime(2020, 1, 1, 23, 0), "2020-02-30"])
def test_an_as_of_that_is_not_a_day_is_a_usage_error(project: Project, as_of: object):
    with pytest.raises(spacekg.UsageError, match="as_of"):
        spacekg.open_graph(project.root, as_of=as_of)  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_a_deeply_nested_query_is_answered_not_a_crash_of_the_caller(project: Project, shape: str):
    # In a child process: were the engine to overflow the caller's stack, only the child would die.
    code = (f"import spacekg; kg = spacekg.open_graph({str(project.root)!r}, as_of={AS_OF.isoformat()!r}); "
            f"print(kg.sparql({DEEP[shape]!r}).rows[0][0]); print(kg.sparql({COUNTRIES!r}).rows[0][0])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    answer, countries = done.stdout.split()
    assert answer.lower() == expected(shape, int(countries))


def test_a_parameter_given_twice_is_refused(graph: spacekg.Graph):
    with pytest.raises(spacekg.QueryError, match="parameter year is given twice"):
        graph.query("events-in-year", {"year": "2016"}, year=2019)


def test_the_justification_records_are_queried_as_on_the_command_line(graph: spacekg.Graph):
    count = graph.sparql("SELECT (COUNT(*) AS ?n) { ?s a prov:Activity }", graphs="justifications").rows[0][0]
    assert isinstance(count, int) and count > 0


def test_without_pandas_to_dataframe_names_the_extra(graph: spacekg.Graph, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'spacekg\[pandas\]'"):
        graph.query("ordinals").to_dataframe()


def test_a_query_that_fails_on_its_deep_stack_drops_the_engines_objects_there(project: Project):
    # pyoxigraph's answers may be dropped only on the thread that made them; a failure's traceback
    # carried them to the caller, which reported "unsendable" on stderr when it let them go.
    code = (f"import gc, spacekg; kg = spacekg.open_graph({str(project.root)!r}, as_of={AS_OF.isoformat()!r})\n"
            "for form in ('SELECT *', 'CONSTRUCT { ?s ?p ?o } WHERE', 'ASK'):\n"
            "    try:\n"
            "        kg._kg.query(form + ' { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }', allow_service=True)\n"
            "    except spacekg.RemoteError as exc:\n"
            "        print(type(exc).__name__)\n"
            "gc.collect()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.split() == ["RemoteError"] * 3, done.stderr
    assert "unsendable" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


@pytest.mark.parametrize(("start", "end"), [
    (datetime(2018, 12, 1, tzinfo=timezone.utc), datetime(2018, 12, 31, 23, 59, 59, tzinfo=timezone.utc)),
    (datetime(2018, 12, 1, 8, tzinfo=timezone(timedelta(hours=8))), "2018-12-31T23:59:59Z"),
    (datetime(2018, 12, 1, 0, 0, 0, 500, tzinfo=timezone.utc), datetime(2019, 1, 1, tzinfo=timezone.utc)),
])
def test_a_parameter_may_be_given_as_a_python_datetime(graph: spacekg.Graph, start: datetime, end: object):
    """A datetime is written as XSD writes it, with its "T", not as str() writes it."""
    expected = graph.query("change4-launch", {"from": "2018-12-01T00:00:00Z", "to": "2018-12-31T23:59:59Z"}).rows
    assert graph.query("change4-launch", {"from": start, "to": end}).rows == expected != ()


@pytest.mark.parametrize(("kind", "value", "lexical"), [
    ("boolean", True, "true"), ("boolean", False, "false"), ("integer", 2013, "2013"),
    ("decimal", Decimal("1E+3"), "1000"), ("decimal", Decimal("-0.50"), "-0.50"), ("decimal", 1e-07, "0.0000001"),
    ("date", date(2016, 2, 29), "2016-02-29Z"), ("dateTime", datetime(2018, 12, 1, 12, 30), "2018-12-01T12:30:00Z"),
    ("dateTime", datetime(2018, 12, 1, 12, 30, tzinfo=timezone(timedelta(hours=8))), "2018-12-01T12:30:00+08:00"),
])
def test_a_python_value_is_bound_as_the_command_line_writes_it(kind: str, value: object, lexical: str):
    from spacekg.api import _lexical
    from spacekg.store.queries import Parameter, ParamType, to_term

    term = to_term(Parameter("p", ParamType(kind), None, ""), _lexical(value))
    assert term == ox.Literal(lexical, datatype=ox.NamedNode(XSD + kind))


@pytest.mark.parametrize(("name", "params"), [("who-is", {"person": "d:peng\ud800"}),
                                               ("events-in-year", {"year": "\udfff2013"})])
def test_a_parameter_that_is_no_unicode_text_is_a_query_error(graph: spacekg.Graph, name: str, params: dict):
    with pytest.raises(spacekg.QueryError, match="the value is not UTF-8"):
        graph.query(name, params)


@pytest.mark.parametrize(("name", "given"), [
    ("claim-verdicts", {"verdict": None}),
    ("events-in-year", {"year": None}),
    ("change4-launch", {"from": None, "to": "2018-12-31T23:59:59Z"}),
    ("plans-by-target", {"target": None}),
])
def test_a_parameter_given_as_none_takes_its_default(graph: spacekg.Graph, name: str, given: dict):
    left_out = {key: value for key, value in given.items() if value is not None}
    assert graph.query(name, given).rows == graph.query(name, left_out).rows != ()
    assert graph.query(name, **given).rows == graph.query(name, **left_out).rows


def test_a_required_parameter_given_as_none_is_missing(graph: spacekg.Graph, tmp_path: Path):
    import shutil

    root = tmp_path / "kg"
    shutil.copytree(graph.project.root, root, ignore=shutil.ignore_patterns(".spacekg", ".git"))
    (root / "queries" / "labelled.rq").write_text(
        "#+ title: Labelled\n#+ param: thing iri -- the thing\nSELECT ?l WHERE { ?thing rdfs:label ?l }\n")
    kg = spacekg.open_graph(root, as_of=AS_OF)
    assert kg.query("labelled", thing="d:china").rows == (("China",),)
    with pytest.raises(spacekg.QueryError, match="needs a value for 'thing', which has no default"):
        kg.query("labelled", thing=None)


@pytest.mark.parametrize("call", [
    lambda g: g.sparql("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"),
    lambda g: g.sparql("ASK { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }"),
    lambda g: g.query("wikidata-countries"),
])
def test_a_federated_query_is_refused_without_a_switch_the_api_lacks(graph: spacekg.Graph, call):
    with pytest.raises(spacekg.QueryError, match="SERVICE is not allowed") as refused:
        call(graph)
    assert "pass --allow-service" not in str(refused.value)
    assert "only the command line reaches other services, with --allow-service" in str(refused.value)


@pytest.mark.parametrize(("params", "warning"), [
    ({"target": "d:marz"}, "parameter target: d:marz is in no triple of the graph; did you mean d:mars (Mars)?"),
    ({"target": "<https://example.org/nothing-like-it>"},
     "parameter target: <https://example.org/nothing-like-it> is in no triple of the graph."),
    ({"target": "d:change-4"}, "parameter target: d:change-4 (Chang'e 4) is a skg:RoboticMission, and target takes "
                               "a skg:Place; did you mean "),
])
def test_an_iri_parameter_the_graph_lacks_or_of_another_class_answers_with_a_warning(graph: spacekg.Graph,
                                                                                    params: dict, warning: str):
    with pytest.warns(UserWarning) as caught:
        result = graph.query("plans-by-target", params)
    assert len(result) == 0 and len(caught) == 1
    assert str(caught[0].message) == warning or (warning.endswith("mean ") and str(caught[0].message).startswith(warning))


def test_an_iri_parameter_the_graph_has_answers_without_a_warning(graph: spacekg.Graph):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(graph.query("plans-by-target", target="d:Mars")) > 0
