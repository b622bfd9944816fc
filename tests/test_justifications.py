"""Justifications: recorded when a triple is derived, one for every inferred triple, citing only
graphs the deriving view read; ``why`` reads them; they are cached per view and queryable."""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.explain import Explanation, explain, index_records
from spacekg.namespaces import GRAPH, ID, RDF, SKG, XSD
from spacekg.reasoning.lineage import Lineage, plan, solutions
from spacekg.reasoning.records import Chunk, Justification, _ids, as_rdf, decode, encode
from spacekg.reasoning.terms import TermTable
from spacekg.reasoning.views import (
    ACCEPTED_OUTPUT,
    RULES_EXTRA,
    SCHEMA_GRAPHS,
    SCHEMA_OUTPUT,
    accepted_graph_names,
    article_views,
)
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project
from spacekg.store.build import RULES_GRAPH, build
from spacekg.store.engine import INFERRED_PREFIX, KnowledgeGraph, inject_bindings

AS_OF = "2026-11-21"


def inferred_quads(kg: KnowledgeGraph) -> list[ox.Quad]:
    return [q for q in kg.store if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(INFERRED_PREFIX)]


@pytest.fixture(scope="module")
def records(justifications: list[Justification]) -> dict[ox.Quad, Justification]:
    return index_records(justifications)


@pytest.fixture(scope="module")
def view_graphs(project: Project) -> dict[str, set[str]]:
    """The graphs each deriving view may cite."""
    loaded = load_project(project)
    schema = {*SCHEMA_GRAPHS, SCHEMA_OUTPUT}
    accepted = set(accepted_graph_names(loaded)) | schema | {ACCEPTED_OUTPUT}
    out = {SCHEMA_OUTPUT: schema, ACCEPTED_OUTPUT: accepted}
    for view in article_views(loaded):
        out[view.output] = {*view.graphs, GRAPH + "entities", *schema, view.output}
    out[RULES_GRAPH] = accepted | {GRAPH + n for n in RULES_EXTRA} | {RULES_GRAPH}
    return out


def test_every_inferred_triple_has_a_justification(kg: KnowledgeGraph, records: dict):
    inferred = inferred_quads(kg)
    assert len(inferred) > 2000
    missing = [q for q in inferred if q not in records]
    assert missing == [], f"{len(missing)} of {len(inferred)} inferred quads have no justification"


def test_every_premise_is_in_the_graph_it_is_cited_from(nquads: bytes, records: dict):
    built = ox.Store()  # blank-node labels as in the snapshot, literals in a store's canonical form
    built.extend(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    for quad, record in records.items():
        for premise in record.premises:
            assert premise in built, f"{premise} (premise of {quad}) is not in the built graph"


def test_justifications_form_no_cycle(records: dict):
    state: dict[ox.Quad, int] = {}

    def visit(quad: ox.Quad) -> None:
        state[quad] = 1
        for premise in records[quad].premises:
            if premise in records:
                assert state.get(premise) != 1, f"cycle through {premise}"
                if premise not in state:
                    visit(premise)
        state[quad] = 2

    for quad in records:
        if quad not in state:
            visit(quad)


def test_owl_justifications_cite_only_graphs_of_the_deriving_view(records: dict, view_graphs: dict):
    for quad, record in records.items():
        view = quad.graph_name.value
        if view == RULES_GRAPH:
            continue
        outside = {p.graph_name.value for p in record.premises} - view_graphs[view]
        assert outside == set(), f"{quad} cites {outside}, which its view does not read"


def test_a_rule_without_graph_patterns_cites_only_its_default_graph(project: Project, records: dict,
                                                                    view_graphs: dict):
    free = {p.stem for p in (project.ontology_dir / "rules").glob("*.rq") if "GRAPH" not in p.read_text()}
    assert free, "some rule should read only its default graph"
    for quad, record in records.items():
        if record.rule in free:
            outside = {p.graph_name.value for p in record.premises} - view_graphs[RULES_GRAPH]
            assert outside == set(), f"rule {record.rule} cites {outside} for {quad}"


def leaves(tree: Explanation) -> list[Explanation]:
    if not tree.premises:
        return [tree]
    return [leaf for p in tree.premises for leaf in leaves(p)]


def test_why_on_every_rule_derived_triple_ends_in_sources_of_the_deriving_view(kg: KnowledgeGraph, records: dict,
                                                                              view_graphs: dict):
    allowed = {g for graphs in view_graphs.values() for g in graphs}
    for quad in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(RULES_GRAPH)):
        tree = explain(kg, records, quad.subject, quad.predicate, quad.object)  # type: ignore[arg-type]
        assert tree is not None
        for leaf in leaves(tree):
            assert leaf.rule in ("asserted", ) or leaf.source == "(explained above)", (quad, leaf)
            if leaf.rule == "asserted":
                for cited in leaf.source.split("; also "):
                    name = cited.split(": ", 1)[0].replace("g:", GRAPH, 1)
                    # A rule's GRAPH pattern may read an article's claim graph; anything else is the view's.
                    assert name in allowed or re.fullmatch(GRAPH + r"a\d{3}-L[\d.]+", name), (quad, cited)


def test_the_far_side_record_rests_on_accepted_sentences_only(kg: KnowledgeGraph, records: dict, project: Project):
    """Sentence a002 L17.1 is an expectation; the accepted view leaves it out, and so must the tree."""
    record = ox.NamedNode(ID + "record-LunarFarSideSoftLanding-china")
    tree = explain(kg, records, record, ox.NamedNode(SKG + "ordinalRank"), ox.Literal("1", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")))
    assert tree is not None and tree.rule.startswith("10-ordinals")
    cited = {c.split(": ", 1)[0] for leaf in leaves(tree) if leaf.rule == "asserted" for c in leaf.source.split("; also ")}
    assert "g:a002-L17.1" not in cited
    assert "g:background" in cited


_CITED_SENTENCE = re.compile(r'article (?P<article>.+?), sentence (?P<id>\S+), characters (?P<begin>\d+)-(?P<end>\d+): '
                             r'"(?P<text>.*?)"(?:; also |$)')


def test_why_cites_every_sentence_with_its_outlet_date_and_offsets_into_the_article(kg: KnowledgeGraph,
                                                                                  records: dict, project: Project):
    # Every verdict's explanation, down to each article sentence it rests on: the citation names
    # the article's outlet and date (its label), and its offsets cut the quote out of the article.
    labels = {row[0].value.rsplit("/", 1)[1]: row[1].value
              for row in kg.query("SELECT ?d ?l WHERE { ?d a skg:SourceDocument ; rdfs:label ?l }").rows}
    texts = {name: (project.root / "data" / "articles" / f"{name}.txt").read_text("utf-8") for name in labels}
    verdicts = kg.query("SELECT ?a ?v WHERE { ?a skg:verdict ?v }").rows
    cited: set[tuple[str, str]] = set()
    for assessment, verdict in verdicts:
        tree = explain(kg, records, assessment, ox.NamedNode(SKG + "verdict"), verdict)
        assert tree is not None
        for leaf in leaves(tree):
            if "sentence L" not in leaf.source:
                continue
            found = list(_CITED_SENTENCE.finditer(leaf.source))
            assert found, leaf.source
            for m in found:
                name = next(n for n, label in labels.items() if m["article"] == f"{label}")
                assert texts[name][int(m["begin"]):int(m["end"])] == m["text"], leaf.source
                cited.add((name, m["id"]))
    assert {name for name, _ in cited} == set(labels)
    assert len(cited) >= 50


def test_why_follows_owl_rules_to_the_article_sentence(kg: KnowledgeGraph, records: dict):
    tree = explain(kg, records, ox.NamedNode(ID + "change-4-landing"), ox.NamedNode(RDF + "type"),
                   ox.NamedNode(SKG + "LunarFarSideSoftLanding"))
    assert tree is not None and tree.graph == ACCEPTED_OUTPUT
    assert tree.rule == "cax-sco with cls-int1, cls-hv2, scm-eqc1"
    chain = next(p for p in tree.premises if p.predicate.value == SKG + "inRegion")
    assert chain.rule == "prp-spo2"
    assert any("sentence L19.1" in leaf.source for leaf in leaves(chain))


def test_why_cli_explains_a_rank_down_to_citations(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:record-LunarSoftLanding-china",
                                      "skg:ordinalRank", "3", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("d:record-LunarSoftLanding-china skg:ordinalRank \"3\"^^xsd:integer   "
                                    "[10-ordinals in g:inferred/rules]")
    assert "sentence L19.1" in result.stdout
    assert "Luna 9 landing" in result.stdout and "cited from" in result.stdout


@pytest.mark.parametrize("subject", ["d:record-LunarSoftLanding-china",
                                     "<https://w3id.org/spacekg/id/record-LunarSoftLanding-china>",
                                     "https://w3id.org/spacekg/id/record-LunarSoftLanding-china"])
@pytest.mark.parametrize("rank", ["3", "03", "+3", "3.0", '"3"^^xsd:integer', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
                                  '"03"^^xsd:integer'])
def test_why_takes_a_term_as_turtle_or_a_pasted_iri_writes_it(project: Project, subject: str, rank: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", subject, "skg:ordinalRank", rank,
                                      "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("d:record-LunarSoftLanding-china skg:ordinalRank \"3\"^^xsd:integer   [10-ordinals")


@pytest.mark.parametrize("rank", ["4", '"3"^^xsd:string', "three", '"3'])
def test_why_does_not_take_another_value_for_the_one_held(project: Project, rank: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:record-LunarSoftLanding-china",
                                      "skg:ordinalRank", rank, "--as-of", AS_OF])
    assert "[10-ordinals" not in result.output


def test_why_accepts_labels_and_an_article_view(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "Chang'e 3 landing", "a",
                                      "skg:LunarSoftLanding", "--source", "a000", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("d:change-3-landing (Chang'e 3 landing) rdf:type skg:LunarSoftLanding   [cax-sco")
    assert first.endswith("in g:inferred/a000]")
    assert "g:a001-" not in result.stdout and "g:background" not in result.stdout


@pytest.mark.parametrize("article", ["a000", "a001", "a002"])
def test_why_with_an_article_explains_exactly_what_that_articles_view_holds(kg: KnowledgeGraph, records: dict,
                                                                           article: str):
    triples = sorted({(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(None, None, None, None)
                      if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(INFERRED_PREFIX)},
                     key=str)[::15]
    for s, p, o in triples:
        held = kg.query(f"ASK {{ {s} {p} {o} }}", source=article).boolean
        tree = explain(kg, records, s, p, o, source=article)  # type: ignore[arg-type]
        assert (tree is not None) == held, (article, s, p, o)
        if tree is not None and tree.rule != "asserted":
            view = {g.value for g in kg.graph_names(source=article)}
            assert tree.graph in view


@pytest.mark.parametrize("label", ["China", '"China"', "'China'", '"China"@en', '"""China"""'])
def test_why_takes_a_label_as_the_value_it_is_when_the_triple_asks_for_one(project: Project, label: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:china", "rdfs:label", label,
                                      "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Asserted, not derived: g:entities")


@pytest.mark.parametrize("label", ['"China"@fr', '"China"^^xsd:token', "Chinaa"])
def test_why_does_not_take_a_label_in_another_language_or_type(project: Project, label: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:china", "rdfs:label", label,
                                      "--as-of", AS_OF])
    assert "Asserted" not in result.output


@pytest.mark.parametrize("value", ["4", "4.5", '"3"', '"China"@fr', '"3"^^xsd:string', "true"])
def test_why_says_not_entailed_for_any_literal_the_graph_lacks(project: Project, value: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:record-LunarSoftLanding-china",
                                      "skg:ordinalRank", value, "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Not entailed: the knowledge graph does not hold")


def test_why_says_when_a_triple_is_asserted_or_not_entailed(project: Project):
    asserted = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:change-3-landing", "skg:achievedBy",
                                        "d:china", "--as-of", AS_OF])
    assert asserted.stdout.startswith("Asserted, not derived:")
    missing = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:china", "skg:achievedBy",
                                       "d:china", "--as-of", AS_OF])
    assert missing.stdout == "Not entailed: the knowledge graph does not hold d:china skg:achievedBy d:china.\n"


@pytest.mark.parametrize(("args", "reason"), [
    (("d:change-3-landing", "a", "skg:LunarSoftLandng"),
     "skg:LunarSoftLandng is in no triple of the graph; did you mean skg:LunarSoftLanding"),
    (("d:change-3-landng", "a", "skg:LunarSoftLanding"), "d:change-3-landng is in no triple of the graph; did you "
                                                         "mean d:change-3-landing"),
    (("d:change-3-landing", "skg:acheivedBy", "d:china"),
     "skg:acheivedBy is in no triple of the graph; did you mean skg:achievedBy"),
    (("d:change-3-landing", "skg:achievedBy", "d:zzz-nothing"), "d:zzz-nothing is in no triple of the graph."),
])
def test_why_names_a_term_the_graph_does_not_have_with_the_close_ones(project: Project, args, reason):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", *args, "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Not entailed: the knowledge graph does not hold {' '.join(args)}. {reason}")


@pytest.mark.parametrize(("args", "suggested"), [
    (("Chyna", "a", "skg:Country"), "no subject named or labelled 'Chyna'; did you mean d:china (China)?"),
    (("chang'e 3 landng", "a", "skg:LunarSoftLanding"), "did you mean d:change-3-landing (Chang'e 3 landing)"),
    (("d:change-3-landing", "skg:achievedBy", "Chinna"), "no object named, labelled or equal to 'Chinna'; did you "
                                                         "mean d:china (China)?"),
])
def test_why_answers_a_name_no_entity_has_with_the_closest_names(project: Project, args, suggested: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", *args, "--as-of", AS_OF])
    assert result.exit_code == ExitCode.QUERY, result.output
    assert suggested in result.stderr


def test_why_refuses_an_article_the_graph_does_not_have(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:change-3-landing", "a",
                                      "skg:LunarSoftLanding", "--source", "a999", "--as-of", AS_OF])
    assert result.exit_code == ExitCode.QUERY and "no article 'a999' in the graph" in result.output


def test_records_are_queryable_as_prov(project: Project):
    query = """SELECT ?rule (COUNT(*) AS ?n) WHERE {
        ?s rdf:subject d:change-4-landing ; rdf:predicate rdf:type ; rdf:object skg:LunarFarSideSoftLanding ;
           skg:inGraph <https://w3id.org/spacekg/graph/inferred/owl> ; prov:wasGeneratedBy ?d .
        ?d skg:derivedBy ?rule ; prov:used ?premise . } GROUP BY ?rule"""
    result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "--graphs", "justifications", query,
                                      "-f", "csv", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    # SoftLanding (stated in two graphs), the inRegion chain, and four axioms of the ontology
    assert result.stdout.splitlines()[1] == '"cax-sco with cls-int1, cls-hv2, scm-eqc1",7'


def test_records_round_trip_through_their_encoding():
    g = ox.NamedNode(GRAPH + "x")
    a, p = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p")
    record = Justification("rule\nover two lines", (ox.Quad(a, p, ox.Literal("tab\there\n"), g),),
                           (ox.Quad(ox.BlankNode("b1"), p, ox.Literal("x", language="en"), g),))
    (back,) = decode(encode([record]) + b"")
    assert back.conclusions == record.conclusions and back.premises == record.premises
    assert back.rule == "rule over two lines"
    # The activity (type, rule, used), the conclusion (type, s, p, o, graph, generated by), the premise.
    assert len(as_rdf([back])) == 3 + 6 + 5


def test_lineage_cites_the_default_graph_not_a_graph_it_left_out():
    store = ox.Store()
    fact = (ox.NamedNode("http://example.org/e"), ox.NamedNode(RDF + "type"), ox.NamedNode("http://example.org/E"))
    kept, left_out = ox.NamedNode(GRAPH + "kept"), ox.NamedNode(GRAPH + "left-out")
    store.extend([ox.Quad(*fact, kept), ox.Quad(*fact, left_out)])
    store.update(f"ADD {kept} TO DEFAULT")
    rule = plan("CONSTRUCT { ?e <http://example.org/seen> true } WHERE { ?e a <http://example.org/E> }")
    (row,) = list(solutions(store, rule.scope.text))
    assert Lineage(store, rule, [kept]).premises(row) == [ox.Quad(*fact, kept)]


def test_lineage_of_an_aggregate_is_its_whole_group():
    store = ox.Store()
    p = ox.NamedNode("http://example.org/t")
    g = ox.NamedNode(GRAPH + "kept")
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/e{i}"), p, ox.Literal(str(i)), g) for i in range(3))
    store.update(f"ADD {g} TO DEFAULT")
    rule = plan("CONSTRUCT { <http://example.org/first> <http://example.org/at> ?m } WHERE { "
                "{ SELECT (MIN(?t) AS ?m) WHERE { ?e <http://example.org/t> ?t } } }")
    (row,) = list(solutions(store, rule.scope.text))
    assert len(Lineage(store, rule, [g]).premises(row)) == 3


@pytest.mark.parametrize("limit", [1, 2, 5])
@pytest.mark.parametrize("nested", [False, True])
def test_lineage_binds_the_rules_parameters_in_its_sub_selects(limit: int, nested: bool):
    # A sub-SELECT that filters on a parameter (the plan rule's evaluation instant) matches only
    # with the parameter bound, as in the rule's own run; unbound, it cited no premise.
    store = ox.Store()
    p = ox.NamedNode("http://example.org/t")
    g = ox.NamedNode(GRAPH + "kept")
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/e{i}"), p, ox.Literal(str(i), datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), g) for i in range(6))
    store.update(f"ADD {g} TO DEFAULT")
    inner = "SELECT (MAX(?t) AS ?m) WHERE { ?e <http://example.org/t> ?t FILTER (?t < ?limit) }"
    if nested:
        inner = f"SELECT ?m WHERE {{ {{ {inner} }} FILTER (?m < ?limit) }}"
    rule = plan(f"CONSTRUCT {{ <http://example.org/last> <http://example.org/at> ?m }} WHERE {{ {{ {inner} }} }}")
    bindings = {"limit": ox.Literal(str(limit), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))}
    (row,) = list(solutions(store, inject_bindings(rule.scope.text, bindings)))
    assert row["m"] is not None and int(row["m"].value) == limit - 1
    found = Lineage(store, rule, [g], bindings).premises(row)
    assert sorted(int(q.object.value) for q in found) == list(range(limit))


def test_why_a_plan_was_met_cites_when_its_fulfilling_event_happened(kg: KnowledgeGraph, records: dict):
    # Every met plan: the explanation of its status reaches the cited time of the event that met it.
    met = kg.query("""SELECT ?plan ?status ?event WHERE { ?plan skg:planStatus ?status ; skg:fulfilledBy ?event .
        VALUES ?status { skg:MetLate skg:MetOnTime skg:MetEarly skg:MetUncertain } }""").rows
    assert len(met) >= 10
    times = {SKG + "time", SKG + "earliestTime", SKG + "latestTime"}
    for plan_node, status, event in met:
        tree = explain(kg, records, plan_node, ox.NamedNode(SKG + "planStatus"), status)
        assert tree is not None
        cited = [leaf for leaf in leaves(tree) if leaf.subject == event and leaf.predicate.value in times]
        assert cited and all("g:background: cited from http" in leaf.source for leaf in cited), plan_node


def test_why_gives_the_curators_reason_for_every_curated_link(kg: KnowledgeGraph, records: dict):
    # A plan's status rests on the curated link to the event that met it: the explanation quotes
    # the reason recorded for that link, and for a goal link the goal's, where there is one.
    statuses = kg.query("""SELECT ?plan ?status WHERE { ?plan skg:planStatus ?status .
        FILTER EXISTS { GRAPH g:curation { ?plan skg:fulfilledBy ?event } } }""").rows
    assert len(statuses) >= 15
    curated = ox.NamedNode(GRAPH + "curation")
    comment = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    for plan_node, status in statuses:
        tree = explain(kg, records, plan_node, ox.NamedNode(SKG + "planStatus"), status)
        assert tree is not None
        links = [leaf for leaf in leaves(tree) if leaf.predicate.value == SKG + "fulfilledBy"]
        assert links, plan_node
        for leaf in links:
            local = leaf.object.value.rsplit("/", 1)[1]
            (note,) = [q.object.value for q in kg.store.quads_for_pattern(leaf.subject, comment, None, curated)
                       if q.object.value.startswith(f"fulfilledBy {local}: ")]
            assert leaf.source == f'g:curation: curated because "{note.split(": ", 1)[1]}"'
        for leaf in leaves(tree):
            if leaf.predicate.value == SKG + "servesGoal":
                reasons = [q.object.value for q in kg.store.quads_for_pattern(leaf.object, comment, None, curated)]
                assert leaf.source == ('g:curation: curated because ' + " ".join(f'"{r}"' for r in sorted(reasons))
                                       if reasons else "g:curation: curated, no reason recorded")


def test_editing_one_article_recomputes_its_closure_and_the_accepted_one(scratch_project: Project):
    said: list[str] = []
    build(scratch_project, as_of=date(2026, 11, 21), progress=said.append)
    facts = scratch_project.data_dir / "facts" / "a001.trig"
    facts.write_text(facts.read_text() + "\n# a comment changes the file, not the article's graphs\n")
    said.clear()
    build(scratch_project, as_of=date(2026, 11, 21), force=True, progress=said.append)
    assert any("5 of 5 views from the cache" in line for line in said), said
    facts.write_text(facts.read_text() + "\ng:a001-L5.3 { d:extra-probe a skg:Spacecraft . }\n")
    said.clear()
    build(scratch_project, as_of=date(2026, 11, 21), force=True, progress=said.append)
    assert any("3 of 5 views from the cache" in line for line in said), said


def test_lineage_of_a_property_path_is_one_path_that_links_its_ends():
    store = ox.Store()
    g = ox.NamedNode(GRAPH + "kept")
    sco = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    a, b, c = (ox.NamedNode(f"http://example.org/{n}") for n in "abc")
    store.extend([ox.Quad(a, sco, b, g), ox.Quad(b, sco, c, g)])
    store.update(f"ADD {g} TO DEFAULT")
    rule = plan("CONSTRUCT { ?x <http://example.org/under> ?y } WHERE { "
                "?x rdfs:subClassOf+ ?y FILTER (?x = <http://example.org/a> && ?y = <http://example.org/c>) }")
    (row,) = list(solutions(store, rule.scope.text))
    assert Lineage(store, rule, [g]).premises(row) == sorted([ox.Quad(a, sco, b, g), ox.Quad(b, sco, c, g)], key=str)


def test_lineage_of_a_property_path_walks_past_literal_values():
    store = ox.Store()
    g = ox.NamedNode(GRAPH + "kept")
    part, name = ox.NamedNode("http://example.org/part"), ox.NamedNode("http://example.org/name")
    a, b = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b")
    store.extend([ox.Quad(a, part, b, g), ox.Quad(a, name, ox.Literal("A"), g), ox.Quad(b, name, ox.Literal("B"), g)])
    store.update(f"ADD {g} TO DEFAULT")
    # The search for a path reaches the literal "A" after one step, and must not step on from it.
    rule = plan("CONSTRUCT { ?x <http://example.org/named> ?n } WHERE { "
                "?x (<http://example.org/part>|<http://example.org/name>)+ ?n "
                'FILTER (?x = <http://example.org/a> && ?n = "B") }')
    (row,) = list(solutions(store, rule.scope.text))
    assert Lineage(store, rule, [g]).premises(row) == sorted([ox.Quad(a, part, b, g),
                                                               ox.Quad(b, name, ox.Literal("B"), g)], key=str)


@pytest.mark.parametrize("pad", [" ", "\t", "\n", " \u00a0"])
@pytest.mark.parametrize("where", [0, 1, 2])
def test_why_takes_terms_with_space_around_them(project: Project, pad: str, where: int):
    args = ["d:record-LunarSoftLanding-china", "skg:ordinalRank", "3"]
    plain = CliRunner().invoke(cli, ["--root", str(project.root), "why", *args, "--as-of", AS_OF])
    args[where] = f"{pad}{args[where]}{pad}"
    padded = CliRunner().invoke(cli, ["--root", str(project.root), "why", *args, "--as-of", AS_OF])
    assert padded.exit_code == 0, padded.output
    assert padded.stdout == plain.stdout and "[10-ordinals" in plain.stdout


def test_why_takes_the_blank_nodes_it_prints(project: Project):
    tree = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:change-4-landing", "a",
                                    "skg:LunarFarSideSoftLanding", "--as-of", AS_OF])
    triples = [re.sub(r" \([^)]*\)", "", line.strip().split("   [")[0]).split()
               for line in tree.stdout.splitlines() if "_:" in line]
    assert len(triples) >= 3 and all(len(t) == 3 for t in triples)
    for triple in triples:
        result = CliRunner().invoke(cli, ["--root", str(project.root), "why", *triple, "--as-of", AS_OF])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Asserted, not derived: g:ontology"), (triple, result.stdout)


@pytest.mark.parametrize(("args", "message"), [
    (("_:nothing", "a", "owl:Restriction"), "no blank node _:nothing is the subject of a triple in the graph"),
    (("skg:inRegion", "owl:propertyChainAxiom", "_:nothing"), "no blank node _:nothing is the object"),
    (("_:not a label", "a", "owl:Restriction"), "is not a valid IRI or blank node label"),
])
def test_why_names_a_blank_node_the_graph_does_not_have(project: Project, args, message: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", *args, "--as-of", AS_OF])
    assert result.exit_code == ExitCode.QUERY and message in result.stderr, result.output


@pytest.mark.slow
def test_builds_in_two_processes_give_the_same_records_and_snapshot(project: Project, tmp_path):
    """The rules' records follow the solutions they came from, in whatever order the engine gives
    them in one process; two processes with other hash seeds must still write the same bytes."""
    import os
    import subprocess
    import sys

    from conftest import copy_project

    made = []
    for seed in ("1", "2", "3"):
        copy = copy_project(tmp_path / seed, cache_from=project)
        subprocess.run([sys.executable, "-m", "spacekg", "--root", str(copy.root), "build", "--force", "--as-of",
                        "2019-06-01"], check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        (built,) = (copy.cache_dir / "builds").glob("*/justifications.bin")
        made.append((built.read_bytes(), (built.parent / "snapshot.nq").read_bytes()))
    assert made[0] == made[1] == made[2]


_TERMS = st.sampled_from([ox.NamedNode(f"http://x/{n}") for n in "abcdefg"] + [ox.BlankNode("b1"), ox.Literal("1"),
                          ox.Literal("x", language="en"), ox.Literal("2", datatype=ox.NamedNode(XSD + "integer"))])
_QUADS = st.builds(lambda s, p, o, g: ox.Quad(s, p, o, g), _TERMS.filter(lambda t: not isinstance(t, ox.Literal)),
                   st.sampled_from([ox.NamedNode(f"http://x/p{n}") for n in range(3)]), _TERMS,
                   st.sampled_from([ox.NamedNode(GRAPH + g) for g in ("a", "b")]))
_JUSTIFICATIONS = st.lists(st.builds(Justification, st.sampled_from(["cax-sco", "prp-dom with dt-type2", "r\nx"]),
                                     st.lists(_QUADS, min_size=1, max_size=2).map(tuple),
                                     st.lists(_QUADS, max_size=40).map(tuple)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(_JUSTIFICATIONS, st.randoms(use_true_random=False))
def test_a_chunk_reads_back_as_written_and_its_bytes_do_not_depend_on_the_term_numbers(justifications, random):
    written = encode(justifications)
    assert [(j.rule.replace("\n", " "), j.conclusions, j.premises) for j in justifications] == [
        (j.rule, j.conclusions, j.premises) for j in decode(written)]
    terms = [t for j in justifications for q in (*j.conclusions, *j.premises)
             for t in (q.subject, q.predicate, q.object, q.graph_name)]
    random.shuffle(terms)
    chunk = Chunk(TermTable([*terms, ox.NamedNode("http://x/unused")]))
    for j in justifications:
        chunk.add(j.rule, [_ids(chunk.terms, q) for q in j.conclusions], [_ids(chunk.terms, q) for q in j.premises])
    assert chunk.encode() == written
