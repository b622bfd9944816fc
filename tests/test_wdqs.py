"""Wikidata Query Service queries run unchanged on the Wikidata view: the label service is answered
locally, every WDQS-style stored query answers on the real view (and rdflib agrees), and the view
holds ranked, referenced statements."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode
from rdflib import Dataset

from spacekg.cli import cli
from spacekg.errors import QueryError
from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.queries import bind_parameters, get_query, load_queries, parse_query_file
from spacekg.wikidata.labels import answer_label_service
from spacekg.wikidata.view import PREFERRED, VIEW_PREFIXES, WikidataView, _draft, view_store, wikidata_view

QUERIES = Path(__file__).resolve().parents[1] / "queries"
WDQS = sorted(name for name, q in load_queries(QUERIES).items() if q.view == "wikidata")
LABEL = 'SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }'


@pytest.fixture(scope="session")
def view(kg: KnowledgeGraph, project: Project) -> WikidataView:
    return wikidata_view(kg, project.root)


@pytest.fixture(scope="session")
def wd(view: WikidataView) -> KnowledgeGraph:
    return view_store(view)


def table(kg: KnowledgeGraph, text: str) -> list[tuple[str, ...]]:
    result = kg.query(text)
    return [tuple("" if t is None else t.value for t in row) for row in result.rows]


def cli_run(project: Project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def test_there_are_at_least_ten_wdqs_stored_queries():
    assert len(WDQS) >= 10


@pytest.mark.parametrize("name", WDQS)
def test_wdqs_query_runs_on_the_view_with_the_label_service(wd: KnowledgeGraph, name: str):
    q = get_query(QUERIES, name)
    assert q.title and q.description and "SERVICE wikibase:label" in q.text
    result = wd.query(q.text, bindings=bind_parameters(q, {}))
    assert result.rows, f"{name} returned no rows on the view"
    for n, variable in enumerate(result.variables):
        base = variable.removesuffix("Label")
        if variable.endswith("Label") and base in result.variables:
            # Like WDQS, a bound item always has a label (its own, or its id).
            assert all(row[n] is not None for row in result.rows if row[result.variables.index(base)] is not None)


@pytest.mark.parametrize(("expression", "params", "expected"), [
    ("(CONCAT(?tag, STR(?year)) AS ?shown)", {"tag": "y"}, "y2016"),
    ("(CONCAT(?tag, STR(?year)) AS ?shown)", {"tag": '中 "}'}, '中 "}2016'),
    ("(IF(?year = ?on, \"that year\", \"\") AS ?shown)", {"on": "2016"}, "that year"),
])
def test_a_parameter_after_group_by_binds_with_the_label_service(wd: KnowledgeGraph, tmp_path: Path, expression: str,
                                                                 params: dict[str, str], expected: str):
    # The label service rewrites the query: what the user wrote is parsed first, and must be
    # parsed bound, for a grouped projection may hold a parameter only as a constant.
    path = tmp_path / "tagged.rq"
    path.write_text("#+ title: t\n#+ view: wikidata\n#+ param: tag string x -- a tag\n"
                    "#+ param: on integer 1900 -- a year\n"
                    f"SELECT ?year (COUNT(DISTINCT ?item) AS ?n) {expression} WHERE {{\n"
                    f"  ?item wdt:P619 ?time . BIND (YEAR(?time) AS ?year)\n  {LABEL}\n}} GROUP BY ?year\n")
    stored = parse_query_file(path)
    result = wd.query(stored.text, bindings=bind_parameters(stored, params))
    shown = {row[0].value: row[2].value for row in result.rows}
    assert shown["2016"] == expected


@pytest.fixture(scope="session")
def reference_view(view: WikidataView) -> Dataset:
    """The view in rdflib, the reference engine."""
    from pyoxigraph import RdfFormat, serialize

    dataset = Dataset()
    dataset.parse(data=serialize(view.quads, format=RdfFormat.N_QUADS), format="nquads")
    return dataset


def _norm(term) -> str:
    if term is None:
        return ""
    text = str(term)
    if re.match(r"\d{4}-\d\d-\d\dT", text):
        return text.replace("+00:00", "Z")
    # SPARQL leaves the order of GROUP_CONCAT unspecified.
    return ", ".join(sorted(text.split(", ")))


@pytest.mark.slow
@pytest.mark.parametrize("name", WDQS)
def test_wdqs_query_gives_the_same_answer_in_rdflib(reference_view: Dataset, wd: KnowledgeGraph, name: str):
    """The label patterns are plain SPARQL: rdflib, the reference engine, gives the same rows."""
    q = get_query(QUERIES, name)
    text = q.text
    if q.parameters:
        from spacekg.store.engine import inject_bindings

        text = inject_bindings(text, bind_parameters(q, {}))
    _, evaluated = answer_label_service(text, wd.prefixes)
    ours = sorted(tuple(_norm(t.value if t is not None else None) for t in row) for row in wd.query(text).rows)
    theirs = sorted(tuple(_norm(t) for t in row) for row in reference_view.query(evaluated, initNs=wd.prefixes))
    assert ours == theirs


def test_chinese_lunar_missions_with_launch_and_landing(wd: KnowledgeGraph):
    rows = table(wd, get_query(QUERIES, "wdqs-chinese-lunar-missions").text)
    assert ("http://www.wikidata.org/entity/Q723045", "Chang'e 4", "2018-12-07T18:23:00Z", "2019-01-03T02:26:00Z") in rows
    assert ("http://www.wikidata.org/entity/Q1061879", "Chang'e 3", "", "2013-12-14T13:11:00Z") in rows
    assert len(rows) == 2  # Luna 9, Surveyor 1 and Luna 24 landed too, but are not China's


def test_crewed_flight_with_its_crew_and_station(wd: KnowledgeGraph):
    rows = table(wd, get_query(QUERIES, "wdqs-crewed-flights").text)
    assert {(r[1], r[3], r[4]) for r in rows} == {("Shenzhou 11", "Chen Dong", "Tiangong-2"),
                                                 ("Shenzhou 11", "Jing Haipeng", "Tiangong-2")}


def test_durations_follow_the_graph_ranks(wd: KnowledgeGraph):
    rows = table(wd, get_query(QUERIES, "wdqs-durations").text)
    assert ("Shenzhou 11", "33", "day", "http://wikiba.se/ontology#PreferredRank") in rows
    assert ("Shenzhou 11", "30", "day", "http://wikiba.se/ontology#NormalRank") in rows
    # Only the best-ranked value is a truthy wdt: triple.
    assert table(wd, "SELECT ?d WHERE { wd:Q9335995 wdt:P2047 ?d }") == [("33",)]


def test_missed_plan_targets_are_deprecated_and_never_truthy(wd: KnowledgeGraph):
    rows = table(wd, get_query(QUERIES, "wdqs-planned-dates").text)
    assert ("Tianhe core module", "time of spacecraft launch", "2018-01-01T00:00:00Z", "2018-12-31T23:59:59Z",
            "2021-04-29T03:23:00Z") in rows
    assert table(wd, """SELECT ?item WHERE { ?item ?p ?st . ?st wikibase:rank wikibase:DeprecatedRank ;
                        ?ps ?v . ?prop wikibase:statementProperty ?ps ; wikibase:directClaim ?wdt . ?item ?wdt ?v }""") == []


def test_a_missions_programme_is_its_part_of_and_has_it_as_a_part(wd: KnowledgeGraph):
    """Wikidata records a mission's programme as part of (P361); the programme has the mission (P527)."""
    rows = table(wd, """SELECT ?mission WHERE { ?mission wdt:P361 wd:Q860037 . wd:Q860037 wdt:P527 ?mission }""")
    assert sorted(r[0].removeprefix("http://www.wikidata.org/entity/") for r in rows) == ["Q10944018", "Q18346001",
                                                                                         "Q723045"]
    # A programme without a verified item (the Chinese space program) gives no statement.
    assert table(wd, "SELECT ?m WHERE { wd:Q723045 wdt:P361 ?m }") == [("http://www.wikidata.org/entity/Q860037",)]


def test_moon_landings_first_to_last_with_countries(wd: KnowledgeGraph):
    rows = table(wd, get_query(QUERIES, "wdqs-moon-landings").text)
    assert [(r[1], r[3]) for r in rows][:4] == [("Luna 9", "Soviet Union"), ("Surveyor 1", "United States"),
                                               ("Lunokhod 2", "Soviet Union"), ("Luna 24", "Soviet Union")]
    # A landing known to the day (Luna 21's) is a day, stated with no time of day it might have had.
    assert rows[2][2] == "1973-01-15T00:00:00Z"


def test_every_dated_moon_landing_of_a_linked_mission_or_craft_is_a_moon_landing_in_the_view(
        wd: KnowledgeGraph, kg: KnowledgeGraph):
    landings = {row[0].value for row in kg.query("""SELECT DISTINCT ?item WHERE {
        ?event a skg:SoftLanding ; skg:landingBody d:moon .
        { ?event skg:partOfMission/skg:wikidata ?item }
        UNION { FILTER NOT EXISTS { ?event skg:partOfMission/skg:wikidata ?any } ?event skg:landedSpacecraft/skg:wikidata ?item }
        { ?event skg:time ?t } UNION { ?event skg:latestTime ?t } }""").rows}
    stated = {row[0] for row in table(wd, "SELECT DISTINCT ?m WHERE { ?m p:P793/ps:P793 wd:Q495307 }")}
    assert landings and landings <= stated


def test_every_statement_but_instance_of_has_a_reference(view: WikidataView):
    unreferenced = [s for s in view.statements if not s.sources and s.property != "P31"]
    assert unreferenced == []
    assert view.mapped >= 60 and view.left_out > 0


def test_every_property_the_view_uses_is_a_verified_wikidata_property(view: WikidataView, project: Project):
    with (project.root / "data" / "wikidata" / "properties.csv").open(newline="", encoding="utf-8") as handle:
        verified = {row["qid"] for row in csv.DictReader(handle) if row["status"] == "verified"}
    used = {s.property for s in view.statements} | {q for s in view.statements for q, _ in s.qualifiers if q != "unit"}
    assert used <= verified, used - verified
    assert "P854" in verified


def test_the_unit_of_durations_is_the_verified_day_item(project: Project, view: WikidataView):
    from spacekg.wikidata.view import DAY_UNIT

    with (project.root / "data" / "wikidata" / "links.csv").open(newline="", encoding="utf-8") as handle:
        day = next(row for row in csv.DictReader(handle) if row["key"] == "unit:day")
    assert day["status"] == "verified" and DAY_UNIT.endswith("/" + day["qid"])


def test_preferred_rank_goes_to_the_cited_value_where_values_conflict(view: WikidataView):
    launches = [s for s in view.statements if s.item.endswith("/Q723045") and s.property == "P619"]
    assert {s.rank for s in launches} == {PREFERRED, "NormalRank"}
    assert next(s for s in launches if s.rank == PREFERRED).cited


def test_view_is_deterministic(kg: KnowledgeGraph, project: Project, view: WikidataView):
    assert wikidata_view(kg, project.root).quads == view.quads


# --- The label service ---


def test_label_service_falls_back_to_the_id_and_reads_explicit_labels(wd: KnowledgeGraph):
    rows = table(wd, f"""SELECT ?class ?classLabel WHERE {{ wd:Q9335995 wdt:P31 ?class . {LABEL} }}""")
    assert rows == [("http://www.wikidata.org/entity/Q2133344", "space mission")]
    rows = table(wd, """SELECT ?x ?name WHERE { VALUES ?x { wd:Q99999999 wd:Q148 }
        SERVICE wikibase:label { bd:serviceParam wikibase:language "fr,en" . ?x rdfs:label ?name . } } ORDER BY ?name""")
    assert rows == [("http://www.wikidata.org/entity/Q148", "China"), ("http://www.wikidata.org/entity/Q99999999", "Q99999999")]
    rows = table(wd, f"SELECT ?xLabel WHERE {{ VALUES ?x {{ wd:Q99999999 }} {LABEL} }}")
    assert rows == [("Q99999999",)]


def test_label_service_gives_alternative_labels_and_leaves_unbound_subjects_alone(wd: KnowledgeGraph):
    rows = table(wd, f"SELECT ?xAltLabel WHERE {{ BIND (wd:Q148 AS ?x) {LABEL} }}")
    assert rows == [("People's Republic of China",)]
    rows = table(wd, f"SELECT ?x ?xLabel WHERE {{ OPTIONAL {{ wd:Q148 wdt:P999 ?x }} {LABEL} }}")
    assert rows == [("", "")]


def test_label_service_works_through_the_cli_with_user_positions_in_errors(project: Project):
    good = cli_run(project, "sparql", "--view", "wikidata", "-f", "csv",
                   f"SELECT ?flightLabel WHERE {{\n ?flight wdt:P1029 wd:Q461840 .\n {LABEL}\n}}")
    assert good.exit_code == 0, good.output
    assert good.stdout.splitlines() == ["flightLabel", "Shenzhou 11"]
    bad = cli_run(project, "sparql", "--view", "wikidata",
                  f"SELECT ?x WHERE {{\n ?x wdt:P31 ?c .\n {LABEL}\n ?x wdt:P17 ) }}")
    assert bad.exit_code == 4
    assert "line 4, column 13: ')' cannot close" in bad.stderr, bad.stderr  # the ")" on the user's own fourth line


@pytest.mark.parametrize(("query", "message"), [
    ('SELECT ?x WHERE { ?x ?p ?o SERVICE wikibase:label { bd:serviceParam wikibase:language 3 } }',
     "line 1, column 87: the language must be a string"),
    ('SELECT ?x WHERE {\n ?x ?p ?o\n SERVICE wikibase:label { ?x wdt:P31 ?y } }',
     "line 3, column 30: the label service reads only"),
    ('SELECT ?x WHERE { ?x ?p ?o SERVICE wikibase:label { } }', "needs 'bd:serviceParam"),
    ('SELECT ?x WHERE { ?x ?p ?o SERVICE wikibase:label { bd:serviceParam wikibase:language "en" .\n'
     '  SERVICE <http://example.org/sparql> { ?x ?p ?o } } }', "line 2, column 3: SERVICE inside the label service"),
])
def test_malformed_label_service_is_refused_with_its_position(wd: KnowledgeGraph, query: str, message: str):
    with pytest.raises(QueryError, match=re.escape(message)):
        wd.query(query)


@pytest.mark.parametrize("service", [
    "<https://query.wikidata.org/sparql>", "<http://wikiba.se/ontology#labels>", "<http://wikiba.se/ontology#Label>",
    "wikibase:labelx", "<http://example.org/wikibase:label>",
])
def test_only_the_exact_label_service_iri_is_answered_locally(wd: KnowledgeGraph, service: str):
    query = f'SELECT ?x WHERE {{ ?x ?p ?o SERVICE {service} {{ bd:serviceParam wikibase:language "en" }} }}'
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        wd.query(query)


def test_a_redeclared_prefix_decides_what_the_service_is(wd: KnowledgeGraph):
    query = f'PREFIX wikibase: <http://example.org/>\nSELECT ?x WHERE {{ ?x ?p ?o {LABEL} }}'
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        wd.query(query)


def test_label_service_text_in_strings_and_comments_is_not_a_service(wd: KnowledgeGraph):
    rows = table(wd, 'SELECT ?s WHERE { BIND ("SERVICE wikibase:label { }" AS ?s) } # SERVICE wikibase:label {')
    assert rows == [("SERVICE wikibase:label { }",)]


def test_the_label_service_block_is_blanked_in_place():
    text = f"SELECT ?xLabel WHERE {{\n  ?x a ?y .\n  {LABEL}\n}}"
    blanked, evaluated = answer_label_service(text, VIEW_PREFIXES)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert "SERVICE" not in blanked and "SERVICE" not in evaluated and "?xLabel)" in evaluated


_separators = st.lists(st.sampled_from([" ", "\n", "\t", " # a comment\n", "\n\n"]), min_size=1, max_size=3).map("".join)


@settings(max_examples=40, deadline=None)
@given(gaps=st.lists(_separators, min_size=9, max_size=9), keyword=st.sampled_from(["SERVICE", "service", "Service"]),
       language=st.sampled_from(['"en"', "'en'", '"[AUTO_LANGUAGE],en"', '"EN"']))
def test_label_service_answer_does_not_depend_on_layout(wd: KnowledgeGraph, gaps: list[str], keyword: str,
                                                        language: str):
    parts = [keyword, "wikibase:label", "{", "bd:serviceParam", "wikibase:language", language, ".", "}"]
    block = "".join(p + g for p, g in zip(parts, gaps))
    rows = table(wd, f"SELECT ?flight ?flightLabel WHERE {{ ?flight wdt:P1029 wd:Q461840 .{gaps[-1]}{block} }}")
    assert rows == [("http://www.wikidata.org/entity/Q9335995", "Shenzhou 11")]


@pytest.mark.slow
def test_the_view_follows_the_ranks_the_graph_gives_to_conflicting_values(scratch_project: Project, as_of):
    """Where the graph ranks the values given for one quantity (skg:ValueStatement with skg:rank),
    the view's statements take those ranks, whatever the cited-value default would say."""
    from spacekg.store.build import build
    from spacekg.store.snapshot import current_snapshot

    (scratch_project.data_dir / "ranked.trig").write_text("""
@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .
@prefix g: <https://w3id.org/spacekg/graph/> .
g:background {
  d:value-a a skg:ValueStatement ; skg:statementSubject d:shenzhou-11 ; skg:statementProperty skg:durationDays ;
      skg:statementValue 33 ; skg:rank skg:NormalRank ; skg:citation <https://example.org/a> .
  d:value-b a skg:ValueStatement ; skg:statementSubject d:shenzhou-11 ; skg:statementProperty skg:durationDays ;
      skg:statementValue 32.5 ; skg:rank skg:PreferredRank ; skg:citation <https://example.org/b> .
  d:value-c a skg:ValueStatement ; skg:statementSubject d:shenzhou-11 ; skg:statementProperty skg:durationDays ;
      skg:statementValue 31 ; skg:rank skg:DeprecatedRank ; skg:citation <https://example.org/c> .
}
""", "utf-8")
    build(scratch_project, as_of=as_of)
    kg = KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=as_of).nquads)
    view = wikidata_view(kg, scratch_project.root)
    ranks = {s.value.value: (s.rank, s.sources) for s in view.statements
             if s.item.endswith("/Q9335995") and s.property == "P2047"}
    assert ranks["32.5"] == ("PreferredRank", ("https://example.org/b",))
    assert ranks["33"][0] == "NormalRank" and "https://example.org/a" in ranks["33"][1]
    assert ranks["31"][0] == "DeprecatedRank"
    assert ranks["30"][0] == "NormalRank"  # the article's value, which the graph does not rank
    assert table(view_store(view), "SELECT ?d WHERE { wd:Q9335995 wdt:P2047 ?d }") == [("32.5",)]


def _period(value: str, precision: int) -> tuple[str, str]:
    """The first and last instants a Wikidata time of that precision stands for, as ISO text."""
    year, month, day = value[:4], value[5:7], value[8:10]
    if precision <= 9:
        first = f"{int(year) - int(year) % 10 if precision == 8 else int(year):04d}"
        last = f"{int(first) + (9 if precision == 8 else 0):04d}"
        return f"{first}-01-01T00:00:00Z", f"{last}-12-31T23:59:59Z"
    if precision == 10:
        return f"{year}-{month}-01T00:00:00Z", f"{year}-{month}-31T23:59:59Z"  # a month's days end by the 31st
    return f"{year}-{month}-{day}T00:00:00Z", f"{year}-{month}-{day}T23:59:59Z"


def test_a_time_stated_of_a_window_stands_for_all_of_it_and_invents_no_day(wd: KnowledgeGraph):
    rows = table(wd, """SELECT ?value ?precision ?earliest ?latest WHERE {
        ?item ?claim ?statement . ?statement ?ps ?node .
        ?node wikibase:timeValue ?value ; wikibase:timePrecision ?precision .
        ?statement pq:P1326 ?latest . OPTIONAL { ?statement pq:P1319 ?earliest } }""")
    assert rows
    for value, precision, earliest, latest in rows:
        first, last = _period(value, int(precision))
        if earliest:  # a window from earliest to latest: the value's period holds it whole
            assert first <= earliest and latest <= last, (value, precision, earliest, latest)



_INSTANTS = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2060, 12, 31))


@given(st.tuples(_INSTANTS, _INSTANTS).map(sorted))
def test_a_window_is_stated_at_a_precision_that_holds_it_or_not_at_all(window: list[datetime]):
    start, end = (t.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ") for t in window)
    stamp = NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
    when = {"earliest": Literal(start, datatype=stamp), "latest": Literal(end, datatype=stamp)}
    draft = _draft({"item": NamedNode("http://www.wikidata.org/entity/Q1"), "property": Literal("P619"), **when}, {})
    if draft is None:  # only when no decade holds the window
        assert start[:3] != end[:3]
        return
    first, last = _period(draft["value"].value, draft["precision"])
    assert first <= start and end <= last, (start, end, draft["value"], draft["precision"])


@pytest.mark.slow
@pytest.mark.parametrize("link", ['"Q723045"', "<https://example.org/Q723045>", "wd:Q723045x", "wd:P31"])
def test_an_entity_whose_link_is_not_a_wikidata_item_maps_nothing(scratch_project: Project, link: str):
    from conftest import AS_OF

    from spacekg.store.snapshot import current_snapshot

    entities = scratch_project.data_dir / "entities.ttl"
    text = entities.read_text("utf-8")
    assert text.count("skg:wikidata wd:Q723045 ;") == 1  # Chang'e 4
    entities.write_text(text.replace("skg:wikidata wd:Q723045 ;", f"skg:wikidata {link} ;"), "utf-8")
    view = wikidata_view(KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=AS_OF).nquads))
    item = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9]\d*")
    assert view.statements
    for s in view.statements:
        assert item.fullmatch(s.item), s
        assert (item.fullmatch(s.value.value) if isinstance(s.value, NamedNode) else s.value.value != "Q723045"), s
    assert "Q723045" not in {s.item.rsplit("/", 1)[1] for s in view.statements}


@pytest.mark.parametrize(("given", "item"), [("d:change-4", "Q723045"), ("d:Change4", "Q723045"),
                                             ("d:QUEQIAO", "Q53829976"), ("Chang'e 4", "Q723045")])
def test_a_d_entity_given_to_a_view_query_is_its_item(wd: KnowledgeGraph, given: str, item: str):
    from spacekg.store.names import resolve_names

    stored = get_query(Path(__file__).resolve().parents[1] / "queries", "wdqs-references")
    bound = resolve_names(wd.store, bind_parameters(stored, {"item": given}))
    assert bound == {"item": NamedNode("http://www.wikidata.org/entity/" + item)}


WDQS_ITEMS = [(name, p.name, p.default) for name in WDQS for p in get_query(QUERIES, name).parameters
              if p.type.value == "iri" and p.default and p.default.startswith("wd:")]


@pytest.mark.parametrize(("name", "param", "default"), WDQS_ITEMS)
def test_a_wikidata_view_query_takes_its_item_by_q_id_page_address_or_name(wd: KnowledgeGraph, name: str, param: str,
                                                                         default: str):
    from spacekg.store.names import resolve_names

    q = get_query(QUERIES, name)
    qid = default.removeprefix("wd:")
    label = next(t.object.value for t in wd.store.quads_for_pattern(NamedNode(VIEW_PREFIXES["wd"] + qid),
                                                                     NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                                                     None, None))

    def answer(value: str | None) -> list[tuple[str, ...]]:
        bindings = resolve_names(wd.store, bind_parameters(q, {param: value} if value is not None else {}))
        return [tuple("" if t is None else t.value for t in row) for row in wd.query(q.text, bindings=bindings).rows]

    expected = answer(None)
    assert expected
    for way in (qid, qid.lower(), f" {qid} ", f"wd:{qid.lower()}", f"https://www.wikidata.org/wiki/{qid}",
                f"https://m.wikidata.org/wiki/{qid}", label, label.upper()):
        assert answer(way) == expected, way
    slip = label[:2] + label[2] * 2 + label[3:]
    with pytest.raises(QueryError, match=rf"parameter {param}={re.escape(repr(slip))}: nothing in the graph has that "
                                         rf"name or label; did you mean .*{default} \("):
        answer(slip)
