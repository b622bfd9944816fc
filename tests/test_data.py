"""The shipped data: provenance, quotes, coverage, and the ontology's hygiene."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from spacekg.adapter import graph_of
from spacekg.namespaces import GRAPH, SKG, SOURCE
from spacekg.sources.evidence import find_quote_mismatches
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project
from spacekg.sources.segment import split_sentences
from spacekg.store.engine import KnowledgeGraph

REPO = Path(__file__).resolve().parents[1]
PROVENANCE = URIRef(GRAPH + "provenance")


def test_every_quote_equals_the_article_text_at_its_offsets(project: Project, kg: KnowledgeGraph):
    checked, mismatches = find_quote_mismatches(project, kg.store)
    assert mismatches == []
    assert checked == 71


def test_quotes_checked_independently_of_spacekg_code():
    """Read the TriG with pyoxigraph and slice the article files directly."""
    store = ox.Store()
    for trig in sorted((REPO / "data" / "facts").glob("*.trig")):
        store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    rows = list(store.query(
        "SELECT ?doc ?b ?e ?t WHERE { GRAPH ?g { ?s <%sinDocument> ?doc ; <%sbeginIndex> ?b ; "
        "<%sendIndex> ?e ; <%stext> ?t } }" % (SKG, SKG, SKG, SKG)
    ))
    assert len(rows) == 71
    for doc, b, e, t in rows:
        text = (REPO / "data" / "articles" / (doc.value.removeprefix(SOURCE) + ".txt")).read_text("utf-8")
        assert text[int(b.value) : int(e.value)] == t.value


def test_every_sentence_is_either_covered_or_excluded(reference: Dataset):
    for sentence in set(reference.subjects(RDF.type, URIRef(SKG + "Sentence"))):
        covered = (None, URIRef(SKG + "statedIn"), sentence) in reference
        excluded = (sentence, URIRef(SKG + "excluded"), Literal(True)) in reference
        assert covered != excluded, sentence


def test_sentence_tables_match_the_segmenter():
    for article in sorted((REPO / "data" / "articles").glob("*.txt")):
        trig = (REPO / "data" / "facts" / f"{article.stem}.trig").read_text("utf-8")
        for s in split_sentences(article.read_text("utf-8")):
            assert f"src:{article.stem}-{s.sentence_id} a skg:Sentence" in trig


def test_every_assertion_graph_has_sentence_modality_and_source(reference: Dataset):
    graphs = {g.identifier for g in reference.graphs() if str(g.identifier).startswith(GRAPH + "a0")}
    assert len(graphs) == 60
    for g in graphs:
        assert reference.value(g, URIRef(SKG + "statedIn")) is not None, g
        assert reference.value(g, URIRef(SKG + "modality")) is not None, g
        assert reference.value(g, URIRef(SKG + "source")) is not None, g


def test_claims_are_kept_as_the_article_states_them(reference: Dataset):
    """Article 002 says "after Russia and the US"; Russia stays (corrections are assessments)."""
    claim = URIRef("https://w3id.org/spacekg/id/claim-a002-L35.1-third-crewed")
    before = set(reference.objects(claim, URIRef(SKG + "precededBy")))
    assert URIRef("https://w3id.org/spacekg/id/russia") in before
    assert URIRef("https://w3id.org/spacekg/id/soviet-union") not in before


def ontology_graph(project: Project) -> Graph:
    store = load_project(project).store
    return graph_of(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH + "ontology")))


def test_every_skg_term_used_in_data_is_declared(project: Project):
    store = load_project(project).store
    ontology = ontology_graph(project)
    declared = set(ontology.subjects(RDF.type, None))
    used = set()
    for s, p, o in graph_of(store):
        used |= {t for t in (p, o) if isinstance(t, URIRef) and str(t).startswith(SKG)}
        if p == RDF.type and isinstance(o, URIRef) and str(o).startswith(SKG):
            used.add(o)
    assert sorted(used - declared) == []


def test_every_ontology_term_has_an_english_label_and_a_definition(project: Project):
    ontology = ontology_graph(project)
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(SKG)}
    assert len(terms) > 150
    for term in terms:
        labels = [label for label in ontology.objects(term, RDFS.label) if getattr(label, "language", None) == "en"]
        assert labels, term
        assert ontology.value(term, SKOS.definition) is not None, term


def test_ontology_header_has_title_version_and_licence(project: Project):
    ontology = ontology_graph(project)
    header = URIRef("https://w3id.org/spacekg/ontology")
    assert ontology.value(header, OWL.versionIRI) == URIRef("https://w3id.org/spacekg/ontology/0.1.0")
    assert ontology.value(header, URIRef("http://purl.org/dc/terms/license")) is not None
    assert ontology.value(header, URIRef("http://purl.org/dc/terms/title")) is not None


def test_ontology_stays_in_owl2_rl(project: Project):
    """No construct that OWL 2 RL forbids: unions, someValuesFrom or cardinalities as superclasses, imports."""
    ontology = ontology_graph(project)
    assert not list(ontology.query("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?c WHERE {
          { ?c rdfs:subClassOf ?r . { ?r owl:someValuesFrom ?x } UNION { ?r owl:unionOf ?x }
            UNION { ?r owl:minCardinality ?x } UNION { ?r owl:cardinality ?x } }
          UNION { ?c owl:imports ?x } UNION { ?c a owl:ReflexiveProperty }
          UNION { ?c rdfs:domain|rdfs:range ?b . FILTER isBlank(?b) }
          UNION { ?c owl:equivalentClass ?e . FILTER isBlank(?e)
                  FILTER NOT EXISTS { ?e owl:intersectionOf ?l } FILTER NOT EXISTS { ?e owl:hasValue ?v } }
        }"""))


def test_no_owl_same_as_in_data(reference: Dataset):
    assert not list(reference.triples((None, OWL.sameAs, None)))


def test_article_copies_are_identical_to_the_recorded_hashes(reference: Dataset):
    import hashlib

    for doc in reference.subjects(RDF.type, URIRef(SKG + "SourceDocument")):
        name = reference.value(doc, URIRef(SKG + "fileName"))
        digest = hashlib.sha256((REPO / str(name)).read_bytes()).hexdigest()
        assert str(reference.value(doc, URIRef(SKG + "textSha256"))) == digest


BUILT_IN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
PROPERTY_KINDS = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


def declarations(project: Project) -> dict[URIRef, set[URIRef]]:
    """Each IRI's declared kinds, from the ontology and the alignments together."""
    store = load_project(project).store
    found: dict[URIRef, set[URIRef]] = {}
    for name in ("ontology", "alignments"):
        graph = graph_of(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH + name)))
        for s, o in graph.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                found.setdefault(s, set()).add(o)
    return found


def test_every_property_and_class_any_input_uses_is_declared_with_its_kind(project: Project):
    """OWL 2 DL's typing constraint, over the data, the ontology and the alignments: each property
    and class of any vocabulary but RDF's, RDFS's, OWL's and XSD's own has a declaration, so an
    OWL tool reads every triple as the axiom or assertion it is."""
    kinds = declarations(project)
    graph = graph_of(load_project(project).store)
    undeclared = set()
    for s, p, o in graph:
        if not str(p).startswith(BUILT_IN) and not kinds.get(p, set()) & PROPERTY_KINDS:
            undeclared.add(p)
        classes = [o] if p == RDF.type else [s, o] if p in (RDFS.subClassOf, OWL.disjointWith) else []
        if p == RDF.type and (s, RDF.type, OWL.Class) in graph:
            classes = []
        undeclared |= {c for c in classes if isinstance(c, URIRef) and not str(c).startswith(BUILT_IN)
                       and OWL.Class not in kinds.get(c, set()) and not kinds.get(c, set()) & PROPERTY_KINDS}
    assert sorted(undeclared) == []


def test_every_property_is_used_with_the_kind_of_value_it_is_declared_for(project: Project):
    """An object property links to IRIs, a data property to literals of its range (an integer is a
    decimal), in every graph the build reads."""
    kinds = declarations(project)
    ontology = ontology_graph(project)
    ranges = {p: r for p, r in ontology.subject_objects(RDFS.range) if str(r).startswith(str(XSD))}
    within = {XSD.integer: {XSD.decimal}, XSD.dateTimeStamp: {XSD.dateTime}}
    wrong = []
    for s, p, o in graph_of(load_project(project).store):
        kind = kinds.get(p, set())
        if OWL.ObjectProperty in kind and isinstance(o, Literal):
            wrong.append((s, p, o))
        if OWL.DatatypeProperty in kind:
            if not isinstance(o, Literal):
                wrong.append((s, p, o))
            elif p in ranges and o.datatype != ranges[p] and ranges[p] not in within.get(o.datatype, set()):
                wrong.append((s, p, o))
    assert wrong == []


def test_a_property_of_an_event_other_than_a_mission_has_no_exact_wikidata_match(project: Project):
    """Wikidata has items for missions and craft, not for their launches, landings or dockings, and
    puts those events' sites, vehicles and times on the craft or mission: the concepts are close,
    not the same, and an exact match would tell a mapping tool to copy them as they are."""
    store = load_project(project).store
    graph = graph_of(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH + "ontology")))
    graph += graph_of(store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH + "alignments")))
    rows = graph.query("""
        PREFIX skg: <https://w3id.org/spacekg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?property ?wikidata WHERE {
          ?property rdfs:domain ?domain ; skos:exactMatch ?wikidata .
          ?domain rdfs:subClassOf* skg:Event .
          FILTER NOT EXISTS { ?domain rdfs:subClassOf* skg:SpaceMission }
          FILTER STRSTARTS(STR(?wikidata), "http://www.wikidata.org/entity/P")
        }""")
    assert sorted((str(p), str(w)) for p, w in rows) == []
