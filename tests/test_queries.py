"""Every stored query parses, runs, agrees with rdflib, and answers its question."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st
from rdflib import Dataset, Literal, URIRef
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from spacekg.cli import cli
from spacekg.errors import ExitCode, QueryError, QueryNotFoundError
from spacekg.namespaces import PREFIXES
from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph, View, inject_bindings
from spacekg.store.names import name_key, named, resolve_names
from spacekg.store.queries import (
    Parameter,
    ParamType,
    bind_parameters,
    get_query,
    load_queries,
    parse_query_file,
    to_term,
)

QUERIES = Path(__file__).resolve().parents[1] / "queries"
ALL = sorted(load_queries(QUERIES))
# Queries that reach the Wikidata Query Service run against a local replay (test_wikidata_links.py).
# Queries written for the Wikidata view run on it (test_wdqs.py).
LOCAL = sorted(name for name, q in load_queries(QUERIES).items() if not q.needs_network and q.view == "spacekg")


def rows(kg: KnowledgeGraph, name: str, **params: str) -> list[dict[str, str]]:
    """Run a stored query; each row maps variable to the term's plain value ('' if unbound)."""
    q = get_query(QUERIES, name)
    result = kg.query(q.text, bindings=resolve_names(kg.store, bind_parameters(q, params)))
    return [{v: ("" if t is None else t.value) for v, t in zip(result.variables, row)} for row in result.rows]


def column(found: list[dict[str, str]], var: str) -> set[str]:
    return {r[var] for r in found}


D = PREFIXES["d"]
XSD_STRING = PREFIXES["xsd"] + "string"
SKG = PREFIXES["skg"]


def test_there_are_at_least_fifteen_stored_queries():
    assert len(ALL) >= 15


@pytest.mark.parametrize("name", LOCAL)
def test_stored_query_has_header_and_runs(kg: KnowledgeGraph, name: str):
    q = get_query(QUERIES, name)
    assert q.title and q.description
    for p in q.parameters:
        assert p.default is not None and p.description, p
    result = kg.query(q.text, bindings=bind_parameters(q, {}))
    assert result.rows, f"{name} returned no rows on the shipped data"


def _rdflib_rows(reference: Dataset, text: str) -> list[tuple[str, ...]]:
    result = reference.query(text, initNs=PREFIXES)
    return sorted(tuple("" if t is None else t.n3() for t in row) for row in result)


def _as_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """The rdflib term for a pyoxigraph one; rdflib normalizes literals (e.g. Z to +00:00)."""
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return URIRef(term.value)


@pytest.mark.slow
@pytest.mark.parametrize("name", LOCAL)
def test_stored_query_gives_the_same_answer_in_rdflib(kg: KnowledgeGraph, reference: Dataset, name: str):
    """pyoxigraph answers; rdflib, the reference engine, must agree row for row."""
    q = get_query(QUERIES, name)
    bindings = bind_parameters(q, {})
    text = inject_bindings(q.text, bindings) if bindings else q.text
    ours = sorted(tuple("" if t is None else _as_rdflib(t).n3() for t in row) for row in kg.query(text).rows)
    assert ours == _rdflib_rows(reference, text)


def _algebra(text: str) -> CompValue:
    """A query's algebra as rdflib, the reference engine, parses it (the Wikidata view's prefixes
    declared too, for the wdqs queries)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from spacekg.wikidata.view import VIEW_PREFIXES

    declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in {**PREFIXES, **VIEW_PREFIXES}.items())
    return translateQuery(parseQuery(declared + text)).algebra


def _returned_columns(text: str) -> list[str]:
    return [str(v) for v in _algebra(text).get("PV", [])]


def _order_keys_and_columns(text: str) -> tuple[list[str], list[str]]:
    """The variables a query's outermost ORDER BY sorts on, and the columns it projects."""
    algebra = _algebra(text)
    node = algebra
    while node is not None and node.name != "OrderBy":
        node = node.get("p")
    keys = [str(condition["expr"]) for condition in node["expr"]] if node is not None else []
    return keys, [str(v) for v in algebra.get("PV", [])]


@pytest.mark.parametrize("name", ALL)
def test_every_stored_query_orders_its_rows_by_every_column(name: str):
    # Rows that tie on every key come in the store's order, which differs from the snapshot in
    # memory to the on-disk store or a store loaded in another order: same query, other bytes.
    text = get_query(QUERIES, name).text
    keys, columns = _order_keys_and_columns(text)
    assert not [c for c in columns if c not in keys], f"{name} orders its rows by {keys} only"
    before = set(re.findall(r"\?(\w+)", text.rpartition("ORDER BY")[0]))
    assert not [k for k in keys if k not in before], f"{name} orders its rows by a variable it never binds"


# --- The questions the stored queries must answer ---


def test_change4_launch_site_rocket_and_relay(kg: KnowledgeGraph):
    found = rows(kg, "change4-launch")
    assert column(found, "payload") == {D + "change-4-lander"}
    assert column(found, "site") == {D + "xichang"}
    assert column(found, "rocket") == {D + "long-march"}
    assert column(found, "relay") == {D + "queqiao"}
    assert column(found, "relayLaunched") == {"on Monday", "in May of this year"}
    assert all(r["relayEarliest"].startswith("2018-05") for r in found)


def test_change4_launch_window_is_a_parameter(kg: KnowledgeGraph):
    assert rows(kg, "change4-launch", **{"from": "2019-01-01T00:00:00Z", "to": "2019-12-31T23:59:59Z"}) == []


@pytest.mark.parametrize("start", ["2018-12-07T00:00:00", "2018-12-06T23:59:59", "2018-12-07T00:00:00.0",
                                   "2018-12-06T10:00:00"])
def test_a_launch_window_given_without_a_zone_is_read_at_utc_and_keeps_the_launch(kg: KnowledgeGraph, start: str):
    # The Chang'e 4 launch's window opens at 2018-12-07T00:00:00Z: a zoneless bound within 14 hours
    # of it would be neither before nor after it, and the row would go without a word.
    assert rows(kg, "change4-launch", **{"from": start}) == rows(kg, "change4-launch", **{"from": start + "Z"}) != []


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
       st.integers(-14 * 60, 14 * 60).map(lambda m: timedelta(minutes=m)))
def test_a_zoneless_date_or_time_parameter_is_ordered_against_every_zoned_time(moment: datetime, apart: timedelta):
    xsd = PREFIXES["xsd"]
    near = moment + apart
    for kind, zoneless, zoned in (
            (ParamType.DATETIME, moment.replace(microsecond=0).isoformat(), near.replace(microsecond=0).isoformat() + "Z"),
            (ParamType.DATE, moment.date().isoformat(), near.date().isoformat() + "Z")):
        term = to_term(Parameter("p", kind, None, ""), zoneless)
        other = ox.Literal(zoned, datatype=ox.NamedNode(xsd + kind.value))
        # An indeterminate order makes both comparisons errors: a FILTER would keep the row neither way.
        assert ox.Store().query(f"ASK {{ FILTER ({term} <= {other} || {term} > {other}) }}"), (zoneless, zoned)


def test_change4_landing_site_crater_basin_and_region(kg: KnowledgeGraph):
    found = rows(kg, "change4-landing-site")
    assert column(found, "site") == {D + "von-karman-crater"}
    assert column(found, "region") == {D + "south-pole-aitken-basin", D + "far-side-of-the-moon"}
    assert D + "moon" in column(found, "body")


def test_landing_site_names_each_place_once_with_its_most_specific_kind(kg: KnowledgeGraph):
    found = rows(kg, "change4-landing-site")
    # A crater is a surface region too; the inferred broader kind made a second row for each place.
    assert len(found) == len({r["region"] for r in found}) == 2
    assert column(found, "siteType") == {SKG + "Crater"}
    assert {r["region"]: r["regionType"] for r in found} == {
        D + "south-pole-aitken-basin": SKG + "ImpactBasin", D + "far-side-of-the-moon": SKG + "SurfaceRegion"}


def _spellings(name: str, separators: tuple[str, ...] = (" ", "-", "")) -> st.SearchStrategy[str]:
    """``name`` as a reader may type it: any letter in either case, each space or hyphen as one of
    ``separators``, an apostrophe straight, curly, as a backtick or acute accent, or left out."""
    def part(c: str) -> st.SearchStrategy[str]:
        if c in " -":
            return st.sampled_from(separators)
        if c in "'\u2019":
            return st.sampled_from(["'", "\u2019", "`", "\u00b4", "\u02bc", ""])
        return st.sampled_from(sorted({c.lower(), c.upper()}))
    return st.tuples(*(part(c) for c in name)).map("".join)


@pytest.mark.parametrize(("query", "param", "name", "entity"), [
    ("change4-landing-site", "mission", "Chang'e 4", "change-4"),
    ("plans-by-target", "target", "Moon", "moon"),
    ("rover-findings", "rover", "Jade Rabbit", "yutu"),
    ("attributed-sentences", "party", "Global Times", "global-times"),
])
@given(data=st.data())
def test_an_iri_parameter_takes_a_name_in_any_case_and_spacing(kg: KnowledgeGraph, query: str, param: str,
                                                                 name: str, entity: str, data: st.DataObject):
    typed = data.draw(_spellings(name))
    expected = rows(kg, query, **{param: "d:" + entity})
    assert expected
    assert rows(kg, query, **{param: typed}) == expected
    # A prefixed name in another case or hyphenation names the entity too, not nothing.
    local = data.draw(_spellings(entity, ("-", "")))
    assert rows(kg, query, **{param: "d:" + local}) == expected


def _labels(kg: KnowledgeGraph) -> list[tuple[str, str]]:
    found = kg.store.query("SELECT DISTINCT ?s ?l WHERE { VALUES ?p { rdfs:label skos:altLabel } ?s ?p ?l "
                           "FILTER (STRSTARTS(STR(?s), STR(d:))) } ORDER BY ?s ?l", prefixes=PREFIXES)
    return [(row[0].value, row[1].value) for row in found]


@given(data=st.data())
def test_a_leading_the_in_a_name_does_not_count(kg: KnowledgeGraph, data: st.DataObject):
    entity, label = data.draw(st.sampled_from(_labels(kg)))
    words = label.split(" ")
    bare = " ".join(words[1:]) if len(words) > 1 and words[0].lower() == "the" else label
    the = data.draw(st.sampled_from(["the", "The", "THE"])) + data.draw(st.sampled_from([" ", "  "]))
    assert entity in named(kg.store, bare) and named(kg.store, bare) == named(kg.store, the + bare)


def test_the_moon_names_the_moon(kg: KnowledgeGraph):
    assert rows(kg, "plans-by-target", target="the moon") == rows(kg, "plans-by-target", target="d:moon")


@pytest.mark.parametrize("value", ["Chang", "Marsh", "the blue planet"])
def test_a_name_parameter_naming_nothing_is_an_error_not_an_empty_answer(kg: KnowledgeGraph, value: str):
    with pytest.raises(QueryError, match="nothing in the graph has that name"):
        rows(kg, "plans-by-target", target=value)


@pytest.mark.parametrize(("query", "param", "slip", "entity"), [
    ("plans-by-target", "target", "Marz", "d:mars (Mars)"),
    ("sentences-about", "entity", "chyna", "d:china (China)"),
    ("sentences-about", "entity", "Quequiao", "d:queqiao (Queqiao)"),
    ("rover-findings", "rover", "jade rabit", "d:yutu (Jade Rabbit)"),
    ("attributed-sentences", "party", "Global Tims", "d:global-times (Global Times)"),
])
def test_a_name_no_entity_has_is_answered_with_the_closest_names(kg: KnowledgeGraph, query: str, param: str,
                                                                   slip: str, entity: str):
    with pytest.raises(QueryError, match=r"nothing in the graph has that name or label; did you mean .*") as error:
        rows(kg, query, **{param: slip})
    assert entity in str(error.value)


def test_a_name_close_to_nothing_says_how_to_name_an_entity(kg: KnowledgeGraph):
    with pytest.raises(QueryError, match="give a prefixed name such as d:change-4") as error:
        rows(kg, "sentences-about", entity="xyzzy plugh")
    assert "did you mean" not in str(error.value)


@pytest.mark.parametrize("name", ["Chang`e 4", "chang`e-4", "CHANG\u00b4E4", "chang\u02bce 4", "  Chang`e 4 "])
def test_an_apostrophe_typed_as_a_backtick_or_an_accent_is_an_apostrophe_in_a_name(kg: KnowledgeGraph, name: str):
    bound = resolve_names(kg.store, bind_parameters(get_query(QUERIES, "change4-landing-site"), {"mission": name}))
    assert bound == {"mission": ox.NamedNode(D + "change-4")}


@pytest.mark.parametrize(("name", "entity"), [
    ("2016 white paper: first Mars probe by 2020", "plan-white-paper-2016-mars"),
    ("CNSA, April 2018: first Mars probe in 2020", "plan-cnsa-2018-04-mars"),
    ("cnsa april 2018 : First Mars Probe in 2020", "plan-cnsa-2018-04-mars"),
    ("  2016 White Paper:first mars probe by 2020 ", "plan-white-paper-2016-mars"),
])
def test_a_name_with_a_colon_in_it_is_looked_up_as_a_name(kg: KnowledgeGraph, name: str, entity: str):
    # White space before the first ':' is in no prefix or scheme: the text is a label, not an IRI.
    bound = resolve_names(kg.store, bind_parameters(get_query(QUERIES, "sentences-about"), {"entity": name}))
    assert bound == {"entity": ox.NamedNode(D + entity)}


@pytest.mark.parametrize(("value", "error"), [
    ("d:change 4", "is not a valid iri"),
    ("dd:china", "dd: is not one of spacekg's prefixes"),
    ("no such plan: 2099", "nothing in the graph has that name"),
])
def test_a_colon_reads_as_a_prefix_unless_white_space_comes_before_it(kg: KnowledgeGraph, value: str,
                                                                      error: str):
    with pytest.raises(QueryError, match=error):
        resolve_names(kg.store, bind_parameters(get_query(QUERIES, "sentences-about"), {"entity": value}))


@pytest.mark.parametrize("local", ["spacecraft", "Verdict", "launch-site", "Country"])
def test_a_missing_d_iri_is_not_taken_for_a_class_or_property_of_that_name(kg: KnowledgeGraph, local: str):
    # The ontology's skg:Spacecraft and skg:spacecraft have that name; a d: IRI names neither.
    given = ox.NamedNode(D + local)
    assert resolve_names(kg.store, {"entity": given}) == {"entity": given}
    assert kg.absent(given)  # the command line warns about it, with the close names


@pytest.mark.parametrize(("local", "entity"), [("Change4", "change-4"), ("jade-rabbit", "yutu"),
                                               ("QUEQIAO", "queqiao")])
def test_a_missing_d_iri_is_taken_for_the_d_entity_it_names(kg: KnowledgeGraph, local: str, entity: str):
    assert resolve_names(kg.store, {"entity": ox.NamedNode(D + local)}) == {"entity": ox.NamedNode(D + entity)}


def test_a_wikidata_item_or_q_id_names_the_entity_linked_to_it(kg: KnowledgeGraph):
    linked: dict[str, set[str]] = {}
    for quad in kg.store.quads_for_pattern(None, ox.NamedNode(SKG + "wikidata"), None, None):
        linked.setdefault(quad.object.value, set()).add(quad.subject.value)
    once = {item: entities.pop() for item, entities in linked.items() if len(entities) == 1}
    assert len(once) >= 40
    param = Parameter("entity", ParamType.IRI, None, "")
    for item, entity in once.items():
        qid = item.removeprefix(PREFIXES["wd"])
        for form in (f"wd:{qid}", item, f"<{item}>", qid, qid.lower(), f" {qid} "):
            assert resolve_names(kg.store, {"p": to_term(param, form)}) == {"p": ox.NamedNode(entity)}, form


def test_a_q_id_answers_the_stored_query_as_the_entity_does(kg: KnowledgeGraph):
    assert rows(kg, "next-missions", mission="wd:Q723045") == rows(kg, "next-missions", mission="Q723045") \
        == rows(kg, "next-missions", mission="d:change-4") != []


@pytest.mark.parametrize("value", ["Q1", "wd:Q1", "Q0723045", "Q723045x"])
def test_a_q_id_no_entity_is_linked_to_is_no_entity(kg: KnowledgeGraph, value: str):
    term = to_term(Parameter("p", ParamType.IRI, None, ""), value)
    try:
        resolved = resolve_names(kg.store, {"p": term})
    except QueryError:
        return
    assert resolved == {"p": term}


@pytest.mark.parametrize("subject", [f"{D}Long-March-5", f"{D}long-march-5", f"{D}longmarch5"])
def test_a_local_name_is_matched_only_for_iris_of_the_entity_namespace(subject: str):
    from spacekg.store.names import named

    store = ox.Store()
    where, p = ox.NamedNode("urn:g"), ox.NamedNode(SKG + "p")
    store.extend([ox.Quad(ox.NamedNode(subject), p, ox.Literal("x"), where),
                  ox.Quad(ox.NamedNode("https://example.org/long-march-5"), p, ox.Literal("x"), where),
                  ox.Quad(ox.BlankNode("longmarch5"), p, ox.Literal("x"), where)])
    assert named(store, "long march 5") == [subject]
    assert named(store, "Long-March 5 rocket") == []


def test_a_name_parameter_is_given_as_an_iri_at_an_endpoint(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "plans-by-target", "-p", "target=Mars",
                                      "--endpoint", "http://127.0.0.1:9/sparql"])
    assert result.exit_code == ExitCode.QUERY, result.output
    assert "give an IRI or prefixed name" in result.output


def test_the_command_line_answers_a_name_as_it_answers_the_iri(project: Project):
    root = ["--root", str(project.root)]
    by_iri = CliRunner().invoke(cli, [*root, "query", "change4-landing-site", "-p", "mission=d:change-4"])
    by_name = CliRunner().invoke(cli, [*root, "query", "change4-landing-site", "-p", "mission=chang'e-4"])
    assert by_iri.exit_code == by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_iri.stdout and "Von Kármán crater" in by_iri.stdout


def test_change4_carries_rover_instruments_and_seeds(kg: KnowledgeGraph):
    items = column(rows(kg, "change4-payload"), "item")
    assert items == {D + n for n in ("yutu-2", "change-4-cameras", "change-4-ground-radar",
                                     "change-4-spectrometers", "change-4-seeds")}


def test_jade_rabbit_found_basalt_with_spectrometers(kg: KnowledgeGraph):
    (row,) = rows(kg, "rover-findings")
    assert row["found"] == D + "new-basaltic-rock-type"
    assert row["instrument"] == D + "yutu-spectrometers"
    assert row["operated"] == "more than two years"


def test_peng_liyuan_is_a_singer_married_to_xi(kg: KnowledgeGraph):
    found = {(r["property"], r["value"]) for r in rows(kg, "who-is")}
    assert (SKG + "spouse", D + "xi-jinping") in found
    assert (SKG + "description", "a famous singer") in found


def test_2016_crewed_mission_docked_with_tiangong2_two_crew_preferred_33_days(kg: KnowledgeGraph):
    """The preferred duration is the cited 33 days; the article's 30 (the stay aboard Tiangong-2) stays beside it."""
    (row,) = rows(kg, "crewed-mission-2016")
    assert row == {"mission": D + "shenzhou-11", "station": D + "tiangong-2", "crew": "2", "days": "33",
                   "articleDays": "30", "ordinal": "6"}


def test_mars_plans_disagree_source_by_source(kg: KnowledgeGraph):
    found = rows(kg, "plans-by-target")
    by_article = {(r["article"].rsplit("/", 1)[1], r["when"]) for r in found}
    assert {("a000", "by 2020"), ("a001", "by 2020"), ("a000", "by 2025"), ("a002", "mid-2020s")} <= by_article


def test_plans_for_a_target_take_in_plans_for_places_within_it_and_not_around_it(kg: KnowledgeGraph):
    moon = column(rows(kg, "plans-by-target", target="d:moon"), "plan")
    far_side = column(rows(kg, "plans-by-target", target="d:far-side-of-the-moon"), "plan")
    assert {D + "plan-a000-far-side-landing", D + "plan-a001-far-side-landing"} <= far_side < moon
    assert D + "plan-a000-crewed-moon-landing-2025" in moon - far_side  # the Moon is not within its far side


def test_station_and_core_module_plans(kg: KnowledgeGraph):
    found = {(r["object"], r["when"]) for r in rows(kg, "station-plans")}
    assert found == {(D + "tianhe", "by 2018"), (D + "tiangong-space-station", "by 2022"),
                     (D + "tiangong-space-station", "in 2022")}


def test_plans_name_who_announced_them(kg: KnowledgeGraph):
    found = rows(kg, "plans")
    announced = {r["plan"].rsplit("/", 1)[1]: (r["announcedBy"], r["announcement"]) for r in found}
    assert announced["plan-a000-asteroids-2022"][0] == D + "cnsa-official"
    assert announced["plan-a000-mars-sample-return-2028"][0] == D + "cnsa-official"
    assert announced["plan-a000-jupiter-2029"][0] == D + "cnsa-official"
    assert announced["plan-a000-lunar-research-station-2050"][0] == D + "cnsa-official"
    assert announced["plan-a000-crewed-moon-landing-xi"][0] == D + "xi-jinping"
    assert announced["plan-a001-jupiter-system"][1] == D + "white-paper-2016-release"


def test_missions_after_change4_aim_to_return_samples(kg: KnowledgeGraph):
    found = rows(kg, "next-missions")
    assert column(found, "next") == {D + "change-5", D + "change-6"}
    assert column(found, "purpose") == {"bringing samples from the moon"}


def test_facility_completed_in_2016_is_fast_in_guizhou_the_largest(kg: KnowledgeGraph):
    (row,) = rows(kg, "facilities-completed")
    assert row["facility"] == D + "fast"
    assert row["location"] == D + "guizhou"
    assert row["record"] == "the world's largest single-dish radio telescope"


def test_article_outlets_and_attribution_chain(kg: KnowledgeGraph):
    found = rows(kg, "article-attribution")
    outlets = {r["article"].rsplit("/", 1)[1]: r["outlet"] for r in found}
    assert outlets == {"a000": D + "new-york-times", "a001": D + "blasting-news", "a002": D + "the-independent"}
    a001 = {r["party"] for r in found if r["article"].endswith("a001") and r["relation"] == "reported via"}
    assert D + "international-business-times" in a001
    a002 = {r["party"] for r in found if r["article"].endswith("a002") and r["relation"] == "attributes statements to"}
    assert {D + "global-times", D + "new-york-times"} <= a002


def test_article_attribution_lists_each_party_once_not_paired_with_every_other(kg: KnowledgeGraph):
    found = rows(kg, "article-attribution")
    keys = [(r["article"], r["relation"], r["party"]) for r in found]
    assert len(keys) == len(set(keys))
    # a000 reports via two outlets and quotes three parties: five rows, not the six pairings.
    assert sum(r["article"].endswith("a000") for r in found) == 5


def test_attributed_sentences_say_what_an_outlet_or_speaker_reported(kg: KnowledgeGraph):
    assert [(r["sentenceId"], r["modality"]) for r in rows(kg, "attributed-sentences")] == \
        [("L15.1", SKG + "Reported")]
    official = rows(kg, "attributed-sentences", party="d:cnsa-official")
    assert [r["sentenceId"] for r in official] == ["L35.1", "L37.1"]
    assert all("a000" in r["article"] for r in official)
    assert column(official, "link") == {"attributed to"}


def test_what_xinhua_reported_follows_the_official_who_told_it(kg: KnowledgeGraph):
    # a000 L35.1: "a top official at the National Space Administration told the state news agency
    # Xinhua"; L37.1 goes on with the same interview ("he added").
    for party in ("d:xinhua", "Xinhua", "xinhua news agency"):
        found = rows(kg, "attributed-sentences", party=party)
        assert [(r["sentenceId"], r["link"]) for r in found] == [("L35.1", "told to"), ("L37.1", "told to")]
        assert all(r["article"].endswith("a000") for r in found)


def _chain(sentences: int, *, credited: bool, background: bool) -> KnowledgeGraph:
    """A graph with one article whose sentences report what a speaker told an outlet."""
    lines = ["@prefix skg: <%s> . @prefix x: <urn:x:> ." % SKG,
             "x:told a skg:Announcement ; skg:announcedBy x:speaker ; skg:hasParticipant x:outlet ."]
    for i in range(sentences):
        lines.append(f"x:g{i} skg:statedIn x:s{i} ; skg:attributedTo x:speaker"
                     + (" , x:outlet ." if credited else " ."))
        lines.append(f'x:s{i} skg:inDocument x:article ; skg:sentenceId "L{i}.1" ; skg:text "sentence {i}" .')
        lines.append(f"GRAPH x:g{i} {{ x:plan{i} skg:announcedIn x:told . }}")
    if background:
        lines.append("GRAPH x:background { x:cited skg:announcedIn x:told . }")
    store = ox.Store()
    store.load("\n".join(lines).encode(), ox.RdfFormat.TRIG)
    return KnowledgeGraph(store)


@pytest.mark.parametrize("sentences", [1, 2, 5])
@pytest.mark.parametrize("credited", [False, True])
def test_a_sentence_is_what_an_outlet_reported_when_its_speaker_told_that_outlet(sentences: int, credited: bool):
    graph = _chain(sentences, credited=credited, background=True)
    text = get_query(QUERIES, "attributed-sentences").text
    bound = {"party": ox.NamedNode("urn:x:outlet")}
    found = [{v: t.value for v, t in zip(r.variables, row) if t is not None}
             for r in [graph.query(text, bindings=bound)] for row in r.rows]
    # One row per sentence: credited directly it is "attributed to", else "told to"; the background
    # that dates the same announcement is no sentence and gives no row.
    assert [(r["sentenceId"], r["link"]) for r in found] == \
        [(f"L{i}.1", "attributed to" if credited else "told to") for i in range(sentences)]
    speaker = graph.query(text, bindings={"party": ox.NamedNode("urn:x:speaker")})
    assert len(speaker.rows) == sentences


def test_sentence_saying_china_was_third_to_land_on_the_moon(kg: KnowledgeGraph):
    found = [r for r in rows(kg, "ordinal-claims") if r["achievement"] == SKG + "LunarSoftLanding"]
    assert {r["sentenceId"] for r in found} == {"L19.1"}
    assert found[0]["article"].endswith("a000")
    assert found[0]["sentence"].startswith("In 2013, the year Mr. Xi first assumed power, China became the third")


def test_events_in_2013_and_2016(kg: KnowledgeGraph):
    assert column(rows(kg, "events-in-year", year="2013"), "event") == {D + "change-3-landing"}
    assert column(rows(kg, "events-in-year", year="2016"), "event") == {D + "shenzhou-11", D + "fast-construction"}


def test_events_in_a_year_give_one_row_per_event_and_sentence_with_all_its_kinds(kg: KnowledgeGraph):
    found = rows(kg, "events-in-year", year="2003")
    assert {(r["event"], r["sentenceId"], r["kinds"]) for r in found} == {
        (D + "shenzhou-5", "L27.1", "crewed mission, independent crewed spaceflight"),
        (D + "shenzhou-5", "L35.1", "crewed mission, independent crewed spaceflight")}
    for year in range(1957, 2031):
        keys = [(r["event"], r["article"], r["sentenceId"]) for r in rows(kg, "events-in-year", year=str(year))]
        assert len(keys) == len(set(keys)), year


def test_every_article_sentence_is_accounted_for(kg: KnowledgeGraph):
    found = {r["article"].rsplit("/", 1)[1]: (r["sentences"], r["withFacts"], r["leftOut"])
             for r in rows(kg, "sentence-coverage")}
    assert found == {"a000": ("28", "24", "4"), "a001": ("20", "17", "3"), "a002": ("23", "19", "4")}


# --- Query files, parameters, errors ---


@pytest.mark.parametrize("typed", ["ORDINALS", "Ordinals", "ordinalS", "ORDINAL"])
def test_a_query_name_in_other_capitals_suggests_the_name(typed: str):
    with pytest.raises(QueryNotFoundError, match=r"did you mean ordinals\b"):
        get_query(QUERIES, typed)


def test_unknown_query_suggests_close_names():
    with pytest.raises(QueryNotFoundError, match="did you mean change4-launch"):
        get_query(QUERIES, "change4-lunch")


_SUBSELECT_DATA = "".join(f"<urn:n{i}> <urn:v> {i} .\n" for i in range(6))


@given(depth=st.integers(0, 3), where=st.booleans(), exists_in_projection=st.booleans(),
       value=st.integers(-1, 6), outer_use=st.booleans(), projected=st.booleans(), filtered=st.booleans())
def test_a_parameter_reaches_every_sub_select(depth: int, where: bool, exists_in_projection: bool, value: int,
                                              outer_use: bool, projected: bool, filtered: bool):
    """A bound parameter is a constant of the whole query: the rows are those of the query with
    the value written in its place, however deep the sub-select that uses it, in its pattern or in
    its projection."""
    store = ox.Store()
    store.load(_SUBSELECT_DATA.encode(), format=ox.RdfFormat.TURTLE)
    inner = "?s <urn:v> ?n ." + (" FILTER (?n <= ?limit)" if filtered else "")
    for level in range(depth):
        projection = "?s ?n" + (f" (EXISTS {{ ?s <urn:v> ?m{level} }} AS ?e{level})" if exists_in_projection else "")
        if projected:
            projection += " (?n - ?limit AS ?d)" if level == 0 else " ?d"
        inner = f"{{ SELECT {projection} {'WHERE ' if where else ''}{{ {inner} }} ORDER BY ?n }}"
    shown = "?s ?n ?d" if projected and depth else "?s ?n"
    query = f"SELECT {shown} WHERE {{ {inner} {'FILTER (?limit >= 0)' if outer_use else ''} }} ORDER BY ?n"
    bound = inject_bindings(query, {"limit": ox.Literal(str(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))})
    expected = query.replace("?limit", str(value))
    assert [tuple(r) for r in store.query(bound)] == [tuple(r) for r in store.query(expected)]


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))


def _answer(store: ox.Store, text: str) -> object:
    answer = store.query(text)
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QueryTriples):
        return sorted(map(str, answer))
    return sorted(tuple(map(str, row)) for row in answer)


# Each query names the parameter ?limit where its value could also be written in place.
_SHAPES = {
    "a WHERE group that is one sub-select": "SELECT ?s WHERE { SELECT ?s WHERE { ?s <urn:v> ?n FILTER (?n <= ?limit) } }",
    "nested sub-selects, each alone in its group":
        "SELECT ?s WHERE { { SELECT ?s WHERE { SELECT ?s { ?s <urn:v> ?n FILTER (?n <= ?limit) } } } }",
    "HAVING of a sub-select":
        "SELECT ?s WHERE { { SELECT ?s WHERE { ?s <urn:v> ?n } GROUP BY ?s HAVING (MAX(?n) <= ?limit) } }",
    "HAVING of the query": "SELECT ?s WHERE { ?s <urn:v> ?n } GROUP BY ?s HAVING (MAX(?n) <= ?limit)",
    "an aggregate's expression in the projection":
        "SELECT ?s ?t WHERE { { SELECT ?s (SUM(?n + ?limit) AS ?t) WHERE { ?s <urn:v> ?n } GROUP BY ?s } }",
    "an expression in a sub-select's projection":
        "SELECT ?s ?t WHERE { { SELECT ?s (?n * ?limit AS ?t) WHERE { ?s <urn:v> ?n } } }",
    "CONSTRUCT WHERE": "CONSTRUCT WHERE { ?s <urn:v> ?limit }",
    "CONSTRUCT with a template": "CONSTRUCT { ?s <urn:w> ?limit } WHERE { ?s <urn:v> ?n FILTER (?n < ?limit) }",
    "ASK": "ASK { ?s <urn:v> ?limit }",
    "MINUS and EXISTS": "SELECT ?s WHERE { ?s <urn:v> ?n MINUS { ?s <urn:v> ?limit } "
                        "FILTER EXISTS { ?s <urn:v> ?m FILTER (?m < ?limit) } }",
}


@pytest.mark.parametrize("shape", sorted(_SHAPES))
@pytest.mark.parametrize("value", [0, 3, 5])
def test_a_parameter_binds_as_its_value_written_in_place_in_every_query_shape(shape: str, value: int):
    store = ox.Store()
    store.load(_SUBSELECT_DATA.encode(), format=ox.RdfFormat.TURTLE)
    query = _SHAPES[shape]
    bound = inject_bindings(query, {"limit": _integer(value)})
    assert _answer(store, bound) == _answer(store, query.replace("?limit", str(value)))


@pytest.mark.parametrize("where", ["", " LIMIT 5", " VALUES ?x { 1 }"])
def test_a_describe_without_where_describes_the_parameter(where: str):
    store = ox.Store()
    store.load(_SUBSELECT_DATA.encode(), format=ox.RdfFormat.TURTLE)
    query = f"DESCRIBE ?thing{where} # the thing"
    bound = inject_bindings(query, {"thing": ox.NamedNode("urn:n4")})
    assert _answer(store, bound) == _answer(store, query.replace("?thing", "<urn:n4>")) != []


@pytest.mark.parametrize("projected", [True, False])
@pytest.mark.parametrize("value", [1, 4])
def test_a_sub_select_that_binds_the_parameters_name_keeps_its_own_variable(projected: bool, value: int):
    """A sub-select's variables are its own: one that BINDs ?limit is not given the parameter
    (which would not parse), and what it projects joins with the parameter's value outside."""
    store = ox.Store()
    store.load(_SUBSELECT_DATA.encode(), format=ox.RdfFormat.TURTLE)
    projection = "?s ?limit" if projected else "?s"
    query = (f"SELECT ?s WHERE {{ {{ SELECT {projection} WHERE {{ ?s <urn:v> ?n BIND (?n + 1 AS ?limit) "
             "FILTER (?limit > 2) } } }")
    bound = inject_bindings(query, {"limit": _integer(value)})
    expected = f"SELECT ?s WHERE {{ ?s <urn:v> ?n FILTER (?n > 1 {f'&& ?n + 1 = {value}' if projected else ''}) }}"
    assert _answer(store, bound) == _answer(store, expected)


@pytest.mark.parametrize("assignment", ["BIND (?n AS ?limit)", "BIND(1 AS $limit)"])
def test_a_query_that_assigns_a_parameters_variable_itself_is_refused_naming_it(assignment: str):
    query = f"SELECT ?s WHERE {{\n  ?s <urn:v> ?n .\n  {assignment}\n}}"
    with pytest.raises(QueryError, match=r"\?limit is the parameter limit, and the query assigns it too "
                                         r"\(line 3, column \d+\)"):
        inject_bindings(query, {"limit": _integer(1)})


@pytest.mark.parametrize("query", ["SELECT ?s WHERE { ?s <urn:v> ?limit FILTER (?limit = ) }",
                                   "SELECT ?s WHERE {\n  ?s <urn:v> ?n .\n  FILTER (?n < ?limit\n}",
                                   "ASK { ?s <urn:v> ?limit } ORDER BY"])
def test_a_malformed_query_with_parameters_is_named_where_it_is_written(query: str):
    kg = KnowledgeGraph(ox.Store())
    with pytest.raises(QueryError) as unbound:
        kg.query(query)
    with pytest.raises(QueryError) as bound:
        kg.query(query, bindings={"limit": _integer(1)})
    assert str(bound.value) == str(unbound.value)


@pytest.mark.parametrize("kind", list(ParamType))
@pytest.mark.parametrize("value", ["\ud800", "d:china\udfff", "2018\udc80"])
def test_a_value_with_a_surrogate_is_refused_as_not_utf8(kind: ParamType, value: str):
    with pytest.raises(QueryError, match="parameter p: the value is not UTF-8"):
        to_term(Parameter("p", kind, None, ""), value)


def test_parameter_of_wrong_type_is_refused():
    q = get_query(QUERIES, "events-in-year")
    with pytest.raises(QueryError, match="year='twenty' is not a valid integer"):
        bind_parameters(q, {"year": "twenty"})


REFUSED_VALUES = {
    ParamType.INTEGER: ["2018.5", "1_000", "", "20 18", "1e3", "0x10", "٣", "+", "nan"],
    ParamType.DECIMAL: ["nan", "NaN", "INF", "-inf", "1e3", "1.5E-2", "1_000.5", ".", "", "1,5", "٣.٥", "+-1"],
    ParamType.DATE: ["2018-12-01T00:00:00Z", "2018-02-30", "2019-02-29", "18-12-01", "2018-13-01", "2018-12-1",
                     "2018-12-01+15:00", "today"],
    ParamType.DATETIME: ["2018-12-01", "2018-12-01T25:00:00Z", "2018-12-01T12:60:00", "2018-12-01 12:00:00",
                         "2018-12-01T12:00:00+14:01", "2018-12-01T24:00:01", "2018-12-01T12:00"],
    ParamType.BOOLEAN: ["yes", "True", "TRUE", "on", "2", ""],
}
ACCEPTED_VALUES = {
    ParamType.INTEGER: [("2018", "2018"), ("+07", "7"), ("-5", "-5"), (" 42\n", "42"), ("0", "0")],
    ParamType.DECIMAL: [("3.25", "3.25"), ("-0.5", "-0.5"), (".5", ".5"), ("5.", "5."), ("+1", "+1")],
    ParamType.DATE: [("2018-12-01", "2018-12-01Z"), ("2020-02-29", "2020-02-29Z"), ("2018-12-01Z", "2018-12-01Z"),
                     ("-0044-03-15", "-0044-03-15Z"), ("0000-01-01", "0000-01-01Z"), ("12018-01-01+14:00", "12018-01-01+14:00"),
                     ("2018-12-01-05:00", "2018-12-01-05:00"),
                     ("２０１８-12-01", "2018-12-01Z")],  # full-width digits are the digits they stand for
    ParamType.DATETIME: [("2018-12-01T00:00:00Z", "2018-12-01T00:00:00Z"),
                         ("2018-12-01T24:00:00", "2018-12-01T24:00:00Z"),
                         ("2018-12-01T12:30:05.5", "2018-12-01T12:30:05.5Z"),
                         ("2018-12-01T12:30:05.123+08:00", "2018-12-01T12:30:05.123+08:00")],
    ParamType.BOOLEAN: [("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")],
}


@pytest.mark.parametrize("kind,value", [(k, v) for k, values in REFUSED_VALUES.items() for v in values])
def test_a_value_outside_the_xsd_lexical_space_is_refused_with_the_expected_form(kind: ParamType, value: str):
    with pytest.raises(QueryError, match=f"is not a valid {kind.value}: expected "):
        to_term(Parameter("p", kind, None, ""), value)


@pytest.mark.parametrize("kind,value,lexical", [(k, v, w) for k, values in ACCEPTED_VALUES.items() for v, w in values])
def test_a_value_in_the_xsd_lexical_space_becomes_a_typed_literal(kind: ParamType, value: str, lexical: str):
    term = to_term(Parameter("p", kind, None, ""), value)
    assert term == ox.Literal(lexical, datatype=ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{kind.value}"))


@given(st.text(alphabet="0123456789+-.eEinfaN_ ", max_size=8))
def test_every_accepted_number_is_a_number_to_the_query_engine(value: str):
    for kind in (ParamType.INTEGER, ParamType.DECIMAL):
        try:
            term = to_term(Parameter("p", kind, None, ""), value)
        except QueryError:
            continue
        # The engine reads an ill-formed numeric literal as no number: isNumeric is false for it.
        assert ox.Store().query(f"ASK {{ FILTER(isNumeric({term}) && {term} = {term}) }}"), (kind, value)


@given(sign=st.sampled_from(["", "+", "-"]), zeros=st.integers(0, 3), digits=st.one_of(
    st.integers(0, 10**30).map(str), st.integers(4290, 6000).map(lambda n: "7" * n)))
def test_an_integer_of_any_length_gets_its_canonical_form(sign: str, zeros: int, digits: str):
    term = to_term(Parameter("p", ParamType.INTEGER, None, ""), f" {sign}{'0' * zeros}{digits}\n")
    assert term.value == ("-" if sign == "-" and digits.strip("0") else "") + (digits.lstrip("0") or "0")


@pytest.mark.parametrize("year", ["1" * 5000 + "2024", "-" + "9" * 4400 + "2000"])
def test_a_date_with_a_year_of_any_length_is_judged_by_its_leap_day_then_refused_as_too_long(year: str):
    with pytest.raises(QueryError, match="is a date the query engine cannot hold"):
        to_term(Parameter("p", ParamType.DATE, None, ""), f"{year}-02-29")
    with pytest.raises(QueryError, match="is not a valid date"):
        to_term(Parameter("p", ParamType.DATE, None, ""), f"{year[:-4]}2023-02-29")


@pytest.mark.parametrize(("kind", "value", "held"), [
    (ParamType.DATETIME, "2018-12-01T00:00:00.0000000000000000001Z", False),
    (ParamType.DATETIME, "2018-12-01T00:00:00.000000000000000001Z", True),
    (ParamType.DATETIME, "99999999999999999999-12-31T23:59:59Z", False),
    (ParamType.DATETIME, "-99999999999999999999-01-01T00:00:00Z", False),
    (ParamType.DATETIME, "999999999999-12-31T23:59:59Z", True),
    (ParamType.DATE, "99999999999999999999-01-01", False), (ParamType.DATE, "-0044-03-15Z", True),
    (ParamType.DECIMAL, "1" + "0" * 60, False), (ParamType.DECIMAL, "0." + "1" * 60, False),
    (ParamType.DECIMAL, "123.25", True),
])
def test_a_value_in_the_lexical_space_that_the_engine_cannot_hold_is_refused_not_silent(kind, value, held):
    parameter = Parameter("p", kind, None, "")
    if held:
        assert to_term(parameter, value).value == value
    else:
        with pytest.raises(QueryError, match=f"is a {kind.value} the query engine cannot hold"):
            to_term(parameter, value)


@pytest.mark.parametrize(("value", "refused"), [
    ("unknownprefix:china", "unknownprefix: is not one of spacekg's prefixes; they are d:, "),
    ("D:china", "D: is not one of spacekg's prefixes; did you mean d:?"), ("dd:china", "dd: is not one of"),
    ("d:china", None), ("urn:x:y", None), ("<foo:bar>", None), ("http://example.org/x", None), ("mailto:a@b", None),
])
def test_an_iri_parameter_with_a_prefix_spacekg_lacks_is_refused(value: str, refused: str | None):
    parameter = Parameter("entity", ParamType.IRI, None, "")
    if refused:
        with pytest.raises(QueryError, match=re.escape(refused)):
            to_term(parameter, value)
    else:
        assert isinstance(to_term(parameter, value), ox.NamedNode)


def test_unknown_parameter_is_refused():
    with pytest.raises(QueryError, match="has no parameter 'yaer'"):
        bind_parameters(get_query(QUERIES, "events-in-year"), {"yaer": "2016"})


def test_iri_parameter_accepts_prefixed_names():
    q = get_query(QUERIES, "who-is")
    assert bind_parameters(q, {"person": "d:xi-jinping"})["person"] == ox.NamedNode(D + "xi-jinping")


def test_header_without_title_is_an_error(tmp_path: Path):
    path = tmp_path / "untitled.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match="missing '#\\+ title:'"):
        parse_query_file(path)


def test_param_line_with_unknown_type_names_file_and_line(tmp_path: Path):
    path = tmp_path / "bad.rq"
    path.write_text("#+ title: t\n#+ param: x colour red -- no\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match=r"bad.rq:2: unknown parameter type 'colour'"):
        parse_query_file(path)


@pytest.mark.parametrize(("line", "default", "description"), [
    ("x iri d:a--b -- the thing", "d:a--b", "the thing"),
    ("x string a--b--c", "a--b--c", ""),
    ("x iri <urn:a--b>\t--\tthe thing -- with a dash", "<urn:a--b>", "the thing -- with a dash"),
    ("x integer 5 --", "5", ""),
    ("x integer -- no default", None, "no default"),
])
def test_a_default_may_hold_two_dashes_and_the_description_starts_at_a_lone_one(
        tmp_path: Path, line: str, default: str | None, description: str):
    path = tmp_path / "dashes.rq"
    path.write_text(f"#+ title: t\n#+ param: {line}\nSELECT * WHERE {{ ?s ?p ?x }}\n")
    (param,) = parse_query_file(path).parameters
    assert (param.default, param.description) == (default, description)


@pytest.mark.parametrize("name", ["format", "timeout", "truncate"])
def test_a_parameter_named_like_a_server_option_is_refused(tmp_path: Path, name: str):
    path = tmp_path / "taken.rq"
    path.write_text(f"#+ title: t\n#+ param: {name} string x -- no\nSELECT * WHERE {{ ?s ?p ?{name} }}\n")
    with pytest.raises(QueryError, match=rf"taken.rq:2: parameter name '{name}' is taken"):
        parse_query_file(path)


def test_a_parameter_without_a_default_must_be_given(scratch_project: Project):
    (scratch_project.queries_dir / "of-class.rq").write_text(
        "#+ title: Things of a class\n#+ param: class iri -- the class\n"
        "SELECT ?s WHERE { ?s a ?class } ORDER BY ?s\n")
    root = ["--root", str(scratch_project.root)]
    missing = CliRunner().invoke(cli, [*root, "query", "of-class"])
    assert missing.exit_code == ExitCode.QUERY, missing.output
    assert "needs a value for 'class', which has no default (-p class=VALUE)" in missing.output
    given = CliRunner().invoke(cli, [*root, "query", "of-class", "-p", "class=skg:Country", "-f", "csv"])
    assert given.exit_code == 0 and "/china" in given.stdout, given.output


@pytest.mark.parametrize(("line", "required"), [
    ("year integer -- the year", True),
    ("who iri -- a person", True),
    ("year integer 2016 -- the year", False),
    ("note string a--b", False),
])
def test_the_listings_say_which_parameters_must_be_given(tmp_path: Path, line: str, required: bool):
    import json

    from spacekg.http.page import queries_json, queries_page, query_page

    path = tmp_path / "listed.rq"
    path.write_text(f"#+ title: t\n#+ param: {line}\nSELECT * WHERE {{ ?s ?p ?o }}\n")
    stored = parse_query_file(path)
    name = stored.parameters[0].name
    (listed,) = json.loads(queries_json([stored], "http://127.0.0.1:8000"))
    assert listed["parameters"][0]["required"] is required
    field = re.search(rf'<label>{name}[^<]*<input name="{name}"[^>]*>', queries_page([stored]).decode())
    assert field is not None and (" required>" in field[0]) is required and ("(required)" in field[0]) is required
    config = re.search(rb'<script type="application/json" id="spacekg-config">(.*?)</script>',
                       query_page("http://127.0.0.1:8000/sparql", [stored], initial="ASK {}"), re.S)
    assert config is not None and json.loads(config[1])["queries"][0]["parameters"][0]["required"] is required


@pytest.mark.parametrize(("name", "params", "server_says", "api_says"), [
    ("of-class", {}, "(add class=VALUE to the URL)", "(give class=VALUE)"),
    ("of-clas", {}, "did you mean of-class", "did you mean of-class"),
    ("nothing-like-it", {}, "; /queries/ lists them", "; Graph.queries() lists them"),
])
def test_errors_say_how_the_server_and_the_api_take_what_is_missing(scratch_project: Project, kg: KnowledgeGraph,
                                                                    name: str, params: dict[str, str],
                                                                    server_says: str, api_says: str):
    import spacekg
    from spacekg.http.execute import Executor, Job

    (scratch_project.queries_dir / "of-class.rq").write_text(
        "#+ title: Things of a class\n#+ param: class iri -- the class\nSELECT ?s WHERE { ?s a ?class }\n")
    reply = Executor(kg, scratch_project.queries_dir)(Job(stored=name, params=params))
    assert reply.status in (400, 404) and server_says in reply.body.decode()
    assert "-p " not in reply.body.decode() and "spacekg queries" not in reply.body.decode()
    with pytest.raises(QueryError) as raised:
        spacekg.open_graph(scratch_project.root).query(name, params)
    assert api_says in str(raised.value) and "-p " not in str(raised.value)


def test_param_types_cover_what_headers_use():
    used = {p.type for q in load_queries(QUERIES).values() for p in q.parameters}
    assert used <= set(ParamType)


def test_malformed_query_names_the_position(kg: KnowledgeGraph):
    with pytest.raises(QueryError, match=r"error at 1:\d+"):
        kg.query("SELECT * WHERE { ?s ?p }")


@pytest.mark.parametrize("text", [
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
])
def test_queries_cannot_reach_files_or_network(kg: KnowledgeGraph, text: str):
    with pytest.raises(QueryError, match="not allowed"):
        kg.query(text)


def test_keywords_inside_strings_and_variables_are_not_refused(kg: KnowledgeGraph):
    result = kg.query('SELECT ?from WHERE { BIND("SERVICE FROM LOAD" AS ?from) }')
    assert result.rows[0][0].value == "SERVICE FROM LOAD"


def test_views_select_asserted_or_inferred_graphs(kg: KnowledgeGraph):
    asserted, inferred = kg.graph_names(View.ASSERTED), kg.graph_names(View.INFERRED)
    assert sorted(asserted + inferred, key=lambda g: g.value) == kg.graph_names(View.ALL)
    assert {g.value.rsplit("/", 1)[1] for g in inferred} == {"schema", "owl", "rules", "a000", "a001", "a002"}
    lunar = "ASK { d:change-3-landing a skg:LunarSoftLanding }"
    assert kg.query(lunar, view=View.ASSERTED).boolean is False
    assert kg.query(lunar, view=View.ALL).boolean is True


@pytest.mark.parametrize(("header", "view"), [("", "spacekg"), ("#+ view: spacekg\n", "spacekg"),
                                              ("#+ view: wikidata\n", "wikidata")])
def test_a_stored_query_runs_on_the_view_its_header_names(tmp_path: Path, header: str, view: str):
    path = tmp_path / "q.rq"
    path.write_text(f"#+ title: t\n{header}SELECT * WHERE {{ ?s ?p ?o }}\n", encoding="utf-8")
    assert parse_query_file(path).view == view


@pytest.mark.parametrize("value", ["Wikidata", "wdqs", "spacekg wikidata", ""])
def test_an_unknown_view_in_the_header_names_the_views_there_are(tmp_path: Path, value: str):
    path = tmp_path / "q.rq"
    path.write_text(f"#+ title: t\n#+ view: {value}\nSELECT * WHERE {{ ?s ?p ?o }}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="'#\\+ view:' must be one of spacekg, wikidata,"):
        parse_query_file(path)


@pytest.mark.parametrize("value", ["fatal", "Error", "warn", ""])
def test_an_unknown_severity_in_the_header_names_the_severities_there_are(tmp_path: Path, value: str):
    path = tmp_path / "check.rq"
    path.write_text(f"#+ title: t\n#+ severity: {value}\nSELECT * WHERE {{ ?s ?p ?o }}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="'#\\+ severity:' must be one of error, warning, info, not"):
        parse_query_file(path)


# The queries that read the sentences' own graphs; the others ask about the records of the articles
# (attribution, coverage), which every view holds whole.
FACTS_BY_SENTENCE = [name for name in LOCAL if re.search(r"(?<!EXISTS \{ )GRAPH \?g", get_query(QUERIES, name).text)]


@pytest.mark.parametrize("name", FACTS_BY_SENTENCE)
@pytest.mark.parametrize("article", ["a000", "a001", "a002"])
def test_one_articles_view_answers_from_that_article_only(kg: KnowledgeGraph, name: str, article: str):
    q = get_query(QUERIES, name)
    result = kg.query(q.text, bindings=bind_parameters(q, {}), source=article)
    places = [t.value for row in result.rows for v, t in zip(result.variables, row)
              if t is not None and t.value.startswith(PREFIXES["src"] + "a")]
    assert all(p.removeprefix(PREFIXES["src"]).split("-")[0] == article for p in places), (name, article)


@pytest.mark.parametrize("article", ["a000", "a001", "a002"])
def test_a_query_joining_sentences_gives_the_articles_share_under_its_view(kg: KnowledgeGraph, article: str):
    q = get_query(QUERIES, "events-in-year")
    everything = kg.query(q.text, bindings=bind_parameters(q, {"year": "2016"}))
    own = kg.query(q.text, bindings=bind_parameters(q, {"year": "2016"}), source=article)
    at = everything.variables.index("article")
    assert list(own.rows) == [r for r in everything.rows if r[at].value == PREFIXES["src"] + article]
    assert own.rows or article == "a002"  # a002 dates nothing in 2016


def test_fact_sources_says_which_facts_rest_on_one_article(kg: KnowledgeGraph):
    lander = rows(kg, "fact-sources", entity="Chang'e 4 lander")
    radar = [r for r in lander if r["value"] == D + "change-4-ground-radar"]
    assert [(r["articles"], r["source"], r["basis"]) for r in radar] == \
        [("1", "a002 (The Independent, Dec 2018) L21.1", "one article only")]
    # The seeds experiment the same article tells of is in the cited background too.
    seeds = [r for r in lander if r["value"] == D + "change-4-seeds"]
    assert {(r["articles"], r["basis"]) for r in seeds} == {("1", "articles and cited background")}
    assert {r["source"] for r in seeds} == {"a002 (The Independent, Dec 2018) L23.1", "https://en.bbook.top/news/sciandtech/10853",
                                            "http://www.leonarddavid.com/chinas-change-4-mini-biosphere-sprouts-confusion/"}


def test_fact_sources_names_every_sentence_and_cited_page_behind_a_fact(kg: KnowledgeGraph):
    found = rows(kg, "fact-sources", entity="d:change-3-landing")
    body = [r for r in found if r["property"] == SKG + "landingBody"]
    assert {r["source"] for r in body} >= {"a000 (The New York Times, May 2018) L19.1",
                                           "a001 (Blasting News via IBTimes, Dec 2016) L5.3",
                                           "a002 (The Independent, Dec 2018) L31.1",
                                           "http://108.161.137.60/piglix/Chang%27e_3"}
    assert column(body, "articles") == {"3"} and column(body, "basis") == {"articles and cited background"}
    time = [r for r in found if r["property"] == SKG + "time"]
    assert column(time, "basis") == {"cited background only"} and column(time, "articles") == {"0"}
    assert not {SKG + "citation", SKG + "citationQuote", SKG + "timeAnchor"} & column(found, "property")


BOOKKEEPING = {SKG + "citation", SKG + "citationQuote", SKG + "timeAnchor"}


def test_fact_sources_agrees_with_the_sentence_graphs_for_every_entity(kg: KnowledgeGraph):
    # Every subject any sentence states a fact about: the articles, sentences and basis agree with
    # the quads themselves, read without SPARQL.
    in_document = ox.NamedNode(SKG + "inDocument")
    sentence_of = {q.subject.value: q.object for q in kg.store.quads_for_pattern(
        None, ox.NamedNode(SKG + "statedIn"), None, None)}
    said: dict[str, dict[tuple[str, str], set[tuple[str, str]]]] = {}
    for q in kg.store.quads_for_pattern(None, None, None, None):
        graph = q.graph_name
        if (isinstance(graph, ox.NamedNode) and graph.value in sentence_of and isinstance(q.subject, ox.NamedNode)
                and q.predicate.value not in BOOKKEEPING):
            sentence = sentence_of[graph.value]
            doc = next(kg.store.quads_for_pattern(sentence, in_document, None, None)).object
            sid = next(kg.store.quads_for_pattern(sentence, ox.NamedNode(SKG + "sentenceId"), None, None)).object
            said.setdefault(q.subject.value, {}).setdefault((q.predicate.value, q.object.value), set()).add(
                (doc.value, f"{kg.label(doc)} {sid.value}"))
    background = ox.NamedNode(PREFIXES["g"] + "background")
    assert len(said) > 100
    for entity, facts in said.items():
        found: dict[tuple[str, str], list[dict[str, str]]] = {}
        for r in rows(kg, "fact-sources", entity=entity):
            found.setdefault((r["property"], r["value"]), []).append(r)
        for (p, o), stated in facts.items():
            got = found[(p, o)]
            articles = {doc for doc, _ in stated}
            assert column(got, "articles") == {str(len(articles))}, (entity, p, o)
            assert {where for _, where in stated} <= column(got, "source")
            cited = any(q.object.value == o for q in kg.store.quads_for_pattern(
                ox.NamedNode(entity), ox.NamedNode(p), None, background))
            expected = ("articles and cited background" if cited else
                        "one article only" if len(articles) == 1 else "several articles")
            assert column(got, "basis") == {expected}, (entity, p, o)


# Every stored query, the checks too, says what each column it returns holds: a reader of a table,
# and a finding's location (column=value), has only the names otherwise.
EVERY = [*((QUERIES, name) for name in ALL), *((QUERIES / "checks", name) for name in sorted(load_queries(QUERIES / "checks")))]


@pytest.mark.parametrize(("directory", "name"), EVERY, ids=[f"{d.name}/{n}" for d, n in EVERY])
def test_every_stored_query_describes_each_column_it_returns_and_no_other(directory: Path, name: str):
    q = get_query(directory, name)
    returned = _returned_columns(q.text)
    described = [c.name for c in q.columns]
    assert returned, f"{name} returns no columns"
    assert [c for c in returned if c not in described] == [], f"{name}: columns without '#+ column:'"
    assert [c for c in described if c not in returned] == [], f"{name}: '#+ column:' for a column it does not return"
    assert described == returned, f"{name}: describe the columns in the order the query returns them"
    assert all(c.description for c in q.columns)


@pytest.mark.parametrize(("header", "columns"), [
    ("#+ column: a -- the first\n#+ column: b -- the second", [("a", "the first"), ("b", "the second")]),
    ("#+ column: ?a -- what -- it holds", [("a", "what -- it holds")]),
    ("#+ column:  a\t--\tthe first ", [("a", "the first")]),
])
def test_a_column_line_names_a_variable_and_what_it_holds(tmp_path: Path, header: str, columns: list[tuple[str, str]]):
    path = tmp_path / "cols.rq"
    path.write_text(f"#+ title: t\n{header}\nSELECT ?a ?b WHERE {{ ?a ?p ?b }}\n")
    assert [tuple(c) for c in parse_query_file(path).columns] == columns


@pytest.mark.parametrize(("line", "error"), [
    ("#+ column: a", "column needs 'NAME -- description'"),
    ("#+ column: a --", "column needs 'NAME -- description'"),
    ("#+ column: -- the first", "column needs 'NAME -- description'"),
    ("#+ column: a b -- the first", "column needs 'NAME -- description'"),
    ("#+ column: a -- the first\n#+ column: a -- again", "column a is described again \\(first on line 2\\)"),
    ("#+ columns: a -- the first", "did you mean '#\\+ column:'"),
])
def test_a_malformed_column_line_is_refused_naming_file_and_line(tmp_path: Path, line: str, error: str):
    path = tmp_path / "cols.rq"
    path.write_text(f"#+ title: t\n{line}\nSELECT ?a WHERE {{ ?a ?p ?o }}\n")
    with pytest.raises(QueryError, match=rf"cols.rq:\d: .*{error}"):
        parse_query_file(path)


@pytest.mark.parametrize(("spec", "kind"), [
    ("iri(skg:SpaceMission) d:change-4", SKG + "SpaceMission"),
    ("iri(<https://schema.org/Place>)", "https://schema.org/Place"),
    ("iri d:change-4", None),
])
def test_an_iri_parameter_may_name_the_class_of_what_it_takes(tmp_path: Path, spec: str, kind: str | None):
    path = tmp_path / "kinded.rq"
    path.write_text(f"#+ title: t\n#+ param: x {spec} -- a thing\nSELECT * WHERE {{ ?x ?p ?o }}\n")
    assert parse_query_file(path).parameters[0].kind == kind


@pytest.mark.parametrize(("spec", "said"), [
    ("integer(skg:Year) 2016", "only an iri parameter names a class"),
    ("iri(skg:SpaceMission", "only an iri parameter names a class"),
    ("iri()", "only an iri parameter names a class"),
    ("iri(SpaceMission)", "iri(SpaceMission) names no class: give a prefixed name"),
    ("iri(skgg:SpaceMission)", "iri(skgg:SpaceMission) names no class"),
])
def test_a_malformed_class_of_a_parameter_is_refused_with_its_line(tmp_path: Path, spec: str, said: str):
    path = tmp_path / "kinded.rq"
    path.write_text(f"#+ title: t\n#+ param: x {spec} -- a thing\nSELECT * WHERE {{ ?x ?p ?o }}\n")
    with pytest.raises(QueryError, match=re.escape(f"kinded.rq:2: {said}")):
        parse_query_file(path)


@pytest.mark.parametrize(("written", "entity"), [
    ("lunar", "moon"), ("Lunar", "moon"), ("Martian", "mars"), ("martian", "mars"), ("Jovian", "jupiter"),
    ("Chinese", "china"), ("chinese", "china"), ("Soviet", "soviet-union"), ("Russian", "russia"),
    ("Japanese", "japan"), ("American", "united-states"), ("Italian", "italy"), ("the Soviets", "soviet-union"),
    ("The Americans", "united-states"), ("the Chinese", "china")])
def test_an_adjective_names_the_body_or_country_it_is_of(kg: KnowledgeGraph, written: str, entity: str):
    # "-p target=lunar", "-p country=Chinese", "the Soviets": a reader may give what the articles write.
    assert named(kg.store, written) == ["https://w3id.org/spacekg/id/" + entity]


def _named_with_kind(kg: KnowledgeGraph) -> list[tuple[str, str, str]]:
    found = kg.store.query(
        "SELECT DISTINCT ?s ?l ?k WHERE { ?s rdfs:label ?l ; a ?c . ?c a owl:Class ; rdfs:label ?k . "
        "FILTER (STRSTARTS(STR(?s), STR(d:)) && STRSTARTS(STR(?c), STR(skg:))) } ORDER BY ?s ?l ?k", prefixes=PREFIXES)
    return [(row[0].value, row[1].value, row[2].value) for row in found]


@given(data=st.data(), form=st.sampled_from(["the {kind} {name}", "{name} {kind}", "The {name} {Kind}", "{name} ({kind})",
                                            "the former {name}", "{Kind} {name}"]))
def test_a_name_with_a_word_for_its_kind_or_when_it_was_names_the_entity(kg: KnowledgeGraph, data: st.DataObject,
                                                                       form: str):
    # "the planet Mars", "Queqiao relay satellite", "Mars (planet)", "the former Soviet Union".
    entity, name, kind = data.draw(st.sampled_from(_named_with_kind(kg)))
    assume(named(kg.store, name) == [entity])
    written = form.format(name=name, kind=kind, Kind=kind.title())
    assume(not any(name_key(written) == name_key(label) for _, label in _labels(kg)))
    assert named(kg.store, written) == [entity]
