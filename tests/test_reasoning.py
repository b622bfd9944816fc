"""Reasoning: what a closure keeps, contradictions, and the results the articles must produce."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS
from rdflib.namespace import RDF as RDF_NS
from rdflib.term import Node
from test_parity import EX, loaded

from spacekg.errors import InconsistencyError
from spacekg.namespaces import GRAPH as SKG_GRAPH
from spacekg.namespaces import ID, RDF, SKG
from spacekg.reasoning.closure import Reasoner
from spacekg.reasoning.views import accepted_view, schema_view
from spacekg.sources.loader import Loaded
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.snapshot import current_snapshot


def test_closure_holds_only_new_meaningful_triples():
    """No input triple, literal subject, blank node, reflexive link or owl:Thing typing is kept."""
    source = loaded(":p rdfs:range :R . :C rdfs:subClassOf :D .", ":x :p 'v' ; a :C . :y :p :z .")
    reasoner = Reasoner(source)
    kept = [line for view in (schema_view(), accepted_view(source))
            for line in reasoner.close(view).nquads.decode().splitlines()]
    assert sorted(kept) == sorted([
        f"<{EX}x> <{RDF}type> <{EX}D> <{SKG_GRAPH}inferred/owl> .",
        f"<{EX}z> <{RDF}type> <{EX}R> <{SKG_GRAPH}inferred/owl> .",
    ])


def test_inconsistency_is_an_error_naming_the_conflict():
    """cax-dw: a plan typed as an event contradicts Plan disjointWith Event."""
    source = loaded(":Plan owl:disjointWith :Event .", ":p a :Plan , :Event .")
    with pytest.raises(InconsistencyError, match="contradiction: Disjoint classes"):
        Reasoner(source).close(accepted_view(source))


def test_an_inconsistent_data_file_fails_the_build(scratch_project: Project, as_of: date):
    (scratch_project.data_dir / "bad.ttl").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n"
        "d:plan-white-paper-2016-mars a skg:Event .\n"
    )
    with pytest.raises(InconsistencyError):
        build(scratch_project, as_of=as_of)


# --- What the articles must produce ---


def rank(kg: KnowledgeGraph, achievement: str, country: str) -> tuple[int, str, list[str]]:
    rows = kg.query(f"""SELECT ?rank ?first WHERE {{ ?r skg:recordType skg:{achievement} ;
        skg:recordHolder d:{country} ; skg:ordinalRank ?rank ; skg:firstAchievedOn ?first ; skg:rankUncertain false }}""").rows
    assert len(rows) == 1, rows
    before = kg.query(f"""SELECT DISTINCT ?b WHERE {{ ?r a skg:OrdinalAchievement ; skg:recordType skg:{achievement} ;
        skg:recordHolder d:{country} ; skg:precededBy ?b }} ORDER BY ?b""").rows
    return int(rows[0][0].value), rows[0][1].value, [b[0].value.rsplit("/", 1)[1] for b in before]


def verdicts(kg: KnowledgeGraph, claim: str) -> dict[str, str]:
    rows = kg.query(f"""SELECT ?aspect ?verdict WHERE {{ ?a skg:assesses d:{claim} ; skg:aspect ?aspect ;
        skg:verdict ?verdict }}""").rows
    return {r[0].value: r[1].value.rsplit("#", 1)[1] for r in rows}


def test_china_is_third_to_soft_land_on_the_moon_after_ussr_and_usa(kg: KnowledgeGraph):
    n, first, before = rank(kg, "LunarSoftLanding", "china")
    assert (n, first[:4], before) == (3, "2013", ["soviet-union", "united-states"])
    assert rank(kg, "LunarSoftLanding", "soviet-union")[1].startswith("1966-02-03")
    assert rank(kg, "LunarSoftLanding", "united-states")[1].startswith("1966-06-02")


def test_article_000_third_lunar_landing_claim_is_supported(kg: KnowledgeGraph):
    assert verdicts(kg, "claim-a000-L19.1-third-lunar-landing") == {
        "rank": "Supported", "preceded by soviet-union": "Supported", "preceded by united-states": "Supported"}


def test_china_is_first_to_land_on_the_far_side(kg: KnowledgeGraph):
    n, first, before = rank(kg, "LunarFarSideSoftLanding", "china")
    assert (n, first[:10], before) == (1, "2019-01-03", [])
    assert kg.query("ASK { d:record-LunarFarSideSoftLanding-china a skg:FirstRecord }").boolean


def test_china_is_third_to_fly_its_own_astronauts(kg: KnowledgeGraph):
    n, first, before = rank(kg, "IndependentCrewedSpaceflight", "china")
    assert (n, first[:4], before) == (3, "2003", ["soviet-union", "united-states"])


def test_article_002_after_russia_is_judged_on_both_parts(kg: KnowledgeGraph):
    assert verdicts(kg, "claim-a002-L35.1-third-crewed") == {
        "rank": "Supported", "preceded by russia": "Contradicted", "preceded by united-states": "Supported"}


def test_far_side_plan_by_2018_is_met_late_with_its_slip(kg: KnowledgeGraph):
    row = kg.query("SELECT ?s ?slip WHERE { d:plan-a001-far-side-landing skg:planStatus ?s ; skg:slipDays ?slip }").rows
    assert [(r[0].value.rsplit("#", 1)[1], r[1].value) for r in row] == [("MetLate", "3")]


def test_launch_time_of_2_23_pm_is_contradicted_with_beijing_and_utc_times(kg: KnowledgeGraph):
    (row,) = kg.query("""SELECT ?verdict ?derived WHERE { d:assessment-claim-a002-L15.1-launch-time
        skg:verdict ?verdict ; skg:derivedValue ?derived }""").rows
    assert row[0].value.endswith("#Contradicted")
    assert row[1].value == "02:23 at UTC+08:00 (2018-12-07T18:23:00Z)"


def test_every_claim_node_of_the_articles_has_a_verdict(kg: KnowledgeGraph):
    missing = kg.query("""SELECT ?c WHERE { GRAPH ?g { ?c a ?k } ?k rdfs:subClassOf* skg:Claim .
        FILTER NOT EXISTS { ?a skg:assesses ?c ; skg:verdict ?v } }""").rows
    assert missing == ()


def test_every_article_plan_and_dated_event_has_a_verdict(kg: KnowledgeGraph):
    plans = kg.query("""SELECT ?p WHERE { GRAPH ?g { ?p a skg:Plan } ?g skg:statedIn ?s .
        FILTER NOT EXISTS { ?a skg:assesses ?p ; skg:verdict ?v } }""").rows
    dated = kg.query("""SELECT ?g ?e WHERE { GRAPH ?g { ?e skg:timeExpression ?x ; skg:earliestTime ?t }
        ?g skg:statedIn ?s . FILTER NOT EXISTS { GRAPH ?g { ?e a skg:Plan } }
        FILTER NOT EXISTS { ?a skg:assesses ?g ; skg:aboutEvent ?e ; skg:aspect "date" } }""").rows
    assert (plans, dated) == ((), ())


@pytest.mark.slow
def test_plan_status_depends_on_the_evaluation_date(project: Project):
    def status(day: date) -> str:
        kg = KnowledgeGraph.from_nquads(current_snapshot(project, as_of=day).nquads)
        (row,) = kg.query("SELECT ?s WHERE { d:plan-a001-far-side-landing skg:planStatus ?s }").rows
        return row[0].value.rsplit("#", 1)[1]

    assert (status(date(2018, 6, 1)), status(date(2019, 1, 2)), status(date(2019, 2, 1))) == (
        "Pending", "Overdue", "MetLate")


def test_inferred_triples_live_in_their_own_graphs(kg: KnowledgeGraph):
    lunar = ox.Quad(ox.NamedNode(ID + "change-3-landing"), ox.NamedNode(RDF + "type"),
                    ox.NamedNode(SKG + "LunarSoftLanding"))
    graphs = {q.graph_name.value.rsplit("/", 1)[1] for q in kg.store.quads_for_pattern(lunar.subject, lunar.predicate, lunar.object)
              if isinstance(q.graph_name, ox.NamedNode)}
    assert graphs <= {"owl", "a000", "a001", "a002"} and "owl" in graphs


def test_article_view_keeps_what_one_article_says(kg: KnowledgeGraph):
    ask = "ASK { ?c skg:precededBy d:russia }"
    assert kg.query(ask, source="a002").boolean is True
    assert kg.query(ask, source="a000").boolean is False


def test_every_assessment_is_complete(kg: KnowledgeGraph):
    """Each assessment names what it judges, its aspect, verdict, the claimed and the derived value."""
    incomplete = kg.query("""SELECT ?a WHERE { ?a a skg:ClaimAssessment .
        FILTER NOT EXISTS { ?a skg:assesses ?c ; skg:aspect ?x ; skg:verdict ?v ; skg:claimedValue ?cv ;
                                 skg:derivedValue ?dv ; skg:derivedBy ?r } }""").rows
    assert incomplete == ()


@pytest.mark.slow
@pytest.mark.parametrize(("earliest", "latest", "expected"), [
    ("2023-08-22T00:00:00Z", "2023-08-22T23:59:59Z", ("4", "false")),   # within the declaration: certain
    ("2023-08-22T18:30:00Z", "2023-08-23T18:29:59Z", ("4", "true")),    # a day at UTC+05:30 runs past it
    ("2023-08-23T00:00:00Z", "2023-08-23T23:59:59Z", None),             # after it: not counted
])
def test_a_first_achievement_whose_window_runs_past_the_completeness_date_has_an_uncertain_rank(
        scratch_project: Project, as_of: date, earliest: str, latest: str, expected: tuple[str, str] | None):
    # The shipped declaration for lunar soft landings holds until 2023-08-22T23:59:59Z.
    (scratch_project.data_dir / "testland.ttl").write_text(f"""
@prefix skg: <{SKG}> . @prefix d: <{ID}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
d:testland a skg:Country .
d:testland-landing a skg:LunarSoftLanding ; skg:achievedBy d:testland ;
    skg:earliestTime "{earliest}"^^xsd:dateTime ; skg:latestTime "{latest}"^^xsd:dateTime .
""")
    build(scratch_project, as_of=as_of)
    kg = KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=as_of).nquads)
    rows = kg.query("SELECT ?rank ?uncertain WHERE { ?r a skg:OrdinalAchievement ; skg:recordHolder d:testland ; "
                    "skg:recordType skg:LunarSoftLanding ; skg:ordinalRank ?rank ; skg:rankUncertain ?uncertain }").rows
    assert [(r[0].value, r[1].value) for r in rows] == ([expected] if expected else [])


# --- What the ontology's axioms make of the data ---


def _ontology_classes(reference: Dataset) -> tuple[dict[URIRef, set[URIRef]], set[frozenset[URIRef]], set[URIRef]]:
    """Each named class's superclasses (itself included), the pairs declared disjoint, and the
    classes defined by an equivalence, all as the ontology graph states them."""
    ontology = reference.graph(URIRef(SKG_GRAPH + "ontology"))
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct.setdefault(sub, set()).add(sup)
    supers = {}
    for cls in set(direct) | {c for s in direct.values() for c in s}:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        supers[cls] = seen
    disjoint = {frozenset(pair) for pair in ontology.subject_objects(OWL.disjointWith)}
    for group in ontology.subjects(RDF_NS.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(group, OWL.members)))
        disjoint |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:]}
    defined = {c for c in ontology.subjects(OWL.equivalentClass, None) if isinstance(c, URIRef)}
    return supers, disjoint, defined


def _kinds(reference: Dataset, graphs: Callable[[str], bool]) -> dict[Node, set[URIRef]]:
    found: dict[Node, set[URIRef]] = {}
    for s, _, o, g in reference.quads((None, RDF_NS.type, None, None)):
        if isinstance(o, URIRef) and str(o).startswith(SKG) and graphs(str(g)):
            found.setdefault(s, set()).add(o)
    return found


def test_no_individual_in_the_graph_has_two_classes_declared_disjoint(reference: Dataset):
    """Asserted, inferred by OWL and made by the rules alike: every graph of the build together."""
    supers, disjoint, _ = _ontology_classes(reference)
    assert len(disjoint) > 100
    for individual, classes in _kinds(reference, lambda g: True).items():
        implied = set().union(*(supers.get(c, {c}) for c in classes))
        clashes = [sorted(pair) for pair in disjoint if pair <= implied]
        assert clashes == [], individual


def test_domains_and_ranges_give_no_individual_a_kind_its_asserted_classes_do_not_imply(reference: Dataset):
    """A domain or range types what lacks a type; on a typed individual it must only restate what its
    type implies, or it is a modelling error (a claim's scope once made every claim a record). The
    classes defined by an equivalence (a lunar soft landing) are what inference is for."""
    supers, _, defined = _ontology_classes(reference)
    asserted = _kinds(reference, lambda g: not g.startswith(SKG_GRAPH + "inferred")
                      and g not in (SKG_GRAPH + "ontology", SKG_GRAPH + "alignments"))
    owl = _kinds(reference, lambda g: g.startswith(SKG_GRAPH + "inferred/") and g != SKG_GRAPH + "inferred/rules")
    checked = 0
    for individual, classes in asserted.items():
        allowed = set().union(*(supers.get(c, {c}) for c in classes | (owl.get(individual, set()) & defined)))
        assert sorted(owl.get(individual, set()) - allowed) == [], individual
        checked += 1
    assert checked > 300


@pytest.mark.parametrize("kind", ["SurfaceRegion", "ImpactBasin", "CelestialBody", "AdministrativeRegion",
                                  "CompassRegion"])
def test_a_landing_is_in_every_place_its_site_is_part_of_whatever_its_kind(project: Project, kind: str):
    ontology = (project.ontology_dir / "spacekg.ttl").read_text("utf-8")
    data = f"""@prefix skg: <{SKG}> . @prefix d: <{ID}> .
        d:landing a skg:SoftLanding ; skg:landingSite d:site .
        d:site a skg:Crater ; skg:partOf d:region .
        d:region a skg:{kind} ."""
    quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(SKG_GRAPH + graph))
             for graph, text in (("ontology", ontology), ("facts", data))
             for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    source = Loaded.of(quads)
    reasoner = Reasoner(source)
    closure = reasoner.close(schema_view()).nquads + reasoner.close(accepted_view(source)).nquads
    region = f"<{ID}region>"
    assert f"<{ID}landing> <{SKG}inRegion> {region}".encode() in closure
    kinds = {line.split(b" ")[2].decode() for line in closure.splitlines()
             if line.startswith(f"{region} <{RDF}type> ".encode())}
    assert f"<{SKG}SurfaceRegion>" not in kinds or kind in ("SurfaceRegion", "ImpactBasin")


def _closed(project: Project, data: str) -> set[tuple[str, str, str]]:
    """The triples of the schema and accepted views' closures over the ontology and ``data``."""
    ontology = (project.ontology_dir / "spacekg.ttl").read_text("utf-8")
    quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(SKG_GRAPH + graph))
             for graph, text in (("ontology", ontology), ("facts", f"@prefix skg: <{SKG}> . @prefix d: <{ID}> .\n{data}"))
             for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    source = Loaded.of(quads)
    reasoner = Reasoner(source)
    closure = reasoner.close(schema_view()).nquads + reasoner.close(accepted_view(source)).nquads
    found = {(q.subject.value, q.predicate.value, q.object.value)
             for q in ox.parse(closure, format=ox.RdfFormat.N_QUADS)}
    return found | {(q.subject.value, q.predicate.value, q.object.value) for q in quads}


@settings(max_examples=12, deadline=None)
@given(depth=st.integers(min_value=0, max_value=4), sampled=st.booleans(), far=st.booleans())
def test_an_event_is_in_every_region_that_holds_its_site_however_deeply(project: Project, depth: int,
                                                                        sampled: bool, far: bool):
    """A landing's site, a launch's region and a sample return's region may lie any number of
    regions inside another; a sample return whose region lies on the far side is a far-side sample
    return, and one whose capsule only came down somewhere is not."""
    regions = [f"d:region-{n}" for n in range(depth + 1)] + (["d:far-side-of-the-moon"] if far else [])
    nesting = "".join(f"{inner} a skg:SurfaceRegion ; skg:partOf {outer} .\n" for inner, outer in zip(regions, regions[1:]))
    innermost = regions[0]
    data = nesting + f"""
        d:landing a skg:SoftLanding ; skg:landingSite {innermost} .
        d:launch a skg:LaunchEvent ; skg:inRegion {innermost} .
        d:return a skg:SampleReturn ; skg:samplesFrom d:moon ; skg:inRegion d:siziwang-banner ;
            {"skg:samplesFromRegion" if sampled else "skg:inRegion"} {innermost} ."""
    closed = _closed(project, data)
    for region in regions:
        iri = ID + region.removeprefix("d:")
        assert (ID + "landing", SKG + "inRegion", iri) in closed
        assert (ID + "launch", SKG + "inRegion", iri) in closed
        assert ((ID + "return", SKG + "samplesWithinRegion", iri) in closed) == sampled
    far_side_return = (ID + "return", RDF + "type", SKG + "LunarFarSideSampleReturn") in closed
    assert far_side_return == (sampled and far)
    assert ((ID + "landing", RDF + "type", SKG + "LunarFarSideSoftLanding") in closed) == far
