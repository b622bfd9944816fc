"""Reasoning: the owlrl wrapper, the derivation rules, and the results the articles must produce."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS

from spacekg.cli import cli
from spacekg.errors import InconsistencyError
from spacekg.explain import explain
from spacekg.namespaces import ID, SKG
from spacekg.reasoning.closure import owl_closure
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.snapshot import current_snapshot

EX = Namespace("http://example.org/")
S = Namespace(SKG)
D = Namespace(ID)


def closure_of(*triples) -> set:
    graph = Graph()
    for t in triples:
        graph.add(t)
    return set(owl_closure(graph).triples)


# --- The owlrl wrapper, one test per OWL 2 RL rule spacekg relies on ---


def test_cax_sco():
    """cax-sco: x a C, C subClassOf D  =>  x a D."""
    assert (EX.x, RDF.type, EX.D) in closure_of((EX.x, RDF.type, EX.C), (EX.C, RDFS.subClassOf, EX.D))


def test_prp_dom():
    """prp-dom: p domain C, x p y  =>  x a C."""
    assert (EX.x, RDF.type, EX.C) in closure_of((EX.p, RDFS.domain, EX.C), (EX.x, EX.p, EX.y))


def test_prp_trp():
    """prp-trp: p transitive, x p y, y p z  =>  x p z."""
    found = closure_of((EX.p, RDF.type, OWL.TransitiveProperty), (EX.x, EX.p, EX.y), (EX.y, EX.p, EX.z))
    assert (EX.x, EX.p, EX.z) in found


def test_prp_spo2():
    """prp-spo2: p chain (p1 p2), x p1 y, y p2 z  =>  x p z (landing site, then part of)."""
    graph = Graph()
    graph.parse(data="""
        @prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        ex:p owl:propertyChainAxiom ( ex:p1 ex:p2 ) . ex:x ex:p1 ex:y . ex:y ex:p2 ex:z .""", format="turtle")
    assert (EX.x, EX.p, EX.z) in owl_closure(graph).triples


def test_cls_int1_with_hasvalue_classifies_lunar_landings():
    """cls-int1 + cls-hv1: SoftLanding and landingBody value Moon  =>  LunarSoftLanding."""
    graph = Graph()
    graph.parse(data="""
        @prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        skg:LunarSoftLanding owl:equivalentClass [ owl:intersectionOf ( skg:SoftLanding
            [ a owl:Restriction ; owl:onProperty skg:landingBody ; owl:hasValue d:moon ] ) ] .
        d:e a skg:SoftLanding ; skg:landingBody d:moon .""", format="turtle")
    assert (D.e, RDF.type, S.LunarSoftLanding) in owl_closure(graph).triples


def test_closure_returns_only_new_triples_and_leaves_input_alone():
    graph = Graph()
    graph.add((EX.x, RDF.type, EX.C))
    graph.add((EX.C, RDFS.subClassOf, EX.D))
    before = set(graph)
    found = owl_closure(graph).triples
    assert set(graph) == before
    assert not (found & before)


def test_noise_is_dropped():
    """No literal subjects, reflexive sameAs, owl:Thing typings or blank nodes reach the output."""
    found = closure_of((EX.x, EX.p, Literal("v")), (EX.x, RDF.type, EX.C), (EX.p, RDFS.range, EX.R))
    for s, p, o in found:
        assert not isinstance(s, (Literal, BNode)) and not isinstance(o, BNode)
        assert not (p == OWL.sameAs and s == o)
        assert o != OWL.Thing


def test_inconsistency_is_an_error_naming_the_conflict():
    """cax-dw: a plan typed as an event contradicts Plan disjointWith Event."""
    with pytest.raises(InconsistencyError, match="contradiction"):
        closure_of((S.Plan, OWL.disjointWith, S.Event), (EX.p, RDF.type, S.Plan), (EX.p, RDF.type, S.Event))


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
    lunar = ox.Quad(ox.NamedNode(ID + "change-3-landing"), ox.NamedNode(str(RDF.type)),
                    ox.NamedNode(SKG + "LunarSoftLanding"))
    graphs = {q.graph_name.value.rsplit("/", 1)[1] for q in kg.store.quads_for_pattern(lunar.subject, lunar.predicate, lunar.object)}
    assert graphs <= {"owl", "a000", "a001", "a002"} and "owl" in graphs


def test_article_view_keeps_what_one_article_says(kg: KnowledgeGraph):
    ask = "ASK { ?c skg:precededBy d:russia }"
    assert kg.query(ask, source="a002").boolean is True
    assert kg.query(ask, source="a000").boolean is False


# --- why ---


def test_why_reaches_the_article_sentence_through_owl_rules(kg: KnowledgeGraph):
    tree = explain(kg, ox.NamedNode(ID + "change-4-landing"), ox.NamedNode(str(RDF.type)),
                   ox.NamedNode(SKG + "LunarFarSideSoftLanding"))
    assert tree is not None and tree.rule == "cls-int1 with cls-hv1"
    rules = set()
    sources = set()

    def walk(node):
        rules.add(node.rule)
        sources.add(node.source)
        for p in node.premises:
            walk(p)

    walk(tree)
    assert {"prp-spo2", "asserted"} <= rules or {"prp-spo1", "asserted"} <= rules
    assert any("sentence L19.1" in s for s in sources) or any("a002, sentence L" in s for s in sources)


def test_why_cli_explains_a_rank_down_to_citations(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:record-LunarSoftLanding-china",
                                      "skg:ordinalRank", "3", "--as-of", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert "[rule ordinals]" in result.stdout
    assert "sentence L19.1" in result.stdout
    assert "Luna 9 landing" in result.stdout and "cited from" in result.stdout


def test_why_accepts_labels(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "Chang'e 3 landing", "a",
                                      "skg:LunarSoftLanding", "--as-of", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("d:change-3-landing (Chang'e 3 landing) rdf:type skg:LunarSoftLanding   [cls-int1")


def test_why_says_when_a_triple_is_asserted_or_not_entailed(project: Project):
    asserted = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:change-3-landing", "skg:achievedBy",
                                        "d:china", "--as-of", "2026-11-21"])
    assert asserted.stdout.startswith("Asserted, not derived:")
    missing = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:china", "skg:achievedBy",
                                       "d:china", "--as-of", "2026-11-21"])
    assert missing.stdout.startswith("Not entailed")


def test_every_assessment_is_complete(kg: KnowledgeGraph):
    """Each assessment names what it judges, its aspect, verdict, the claimed and the derived value."""
    incomplete = kg.query("""SELECT ?a WHERE { ?a a skg:ClaimAssessment .
        FILTER NOT EXISTS { ?a skg:assesses ?c ; skg:aspect ?x ; skg:verdict ?v ; skg:claimedValue ?cv ;
                                 skg:derivedValue ?dv ; skg:derivedBy ?r } }""").rows
    assert incomplete == ()
