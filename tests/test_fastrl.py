"""spacekg's fast closure engine gives exactly owlrl's closure (after the same noise filtering)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import OWL, RDF, RDFS

from spacekg.errors import InconsistencyError, UnsupportedConstruct
from spacekg.reasoning.closure import closure
from spacekg.reasoning.views import accepted_graph_names, article_views, reasoning_input
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project
from spacekg.store.build import build

EX = Namespace("http://example.org/")
SOURCE = "https://w3id.org/spacekg/source/"


def views(project: Project) -> dict[str, Graph]:
    dataset = load_project(project).dataset
    out = {"accepted": reasoning_input(dataset, accepted_graph_names(dataset), drop_claims=True)}
    for article, view in article_views(dataset).items():
        out[str(article).removeprefix(SOURCE)] = view
    return out


@pytest.mark.slow
@pytest.mark.parametrize("view", ["accepted", "a000", "a001", "a002"])
def test_fast_engine_equals_owlrl_on_the_shipped_views(project: Project, view: str):
    graph = views(project)[view]
    fast, reference = closure(graph, engine="fast"), closure(graph, engine="owlrl")
    assert fast.triples == reference.triples
    assert len(fast.triples) > 400


@pytest.mark.slow
def test_builds_with_either_engine_give_the_same_snapshot(scratch_project: Project, as_of: date):
    fast = build(scratch_project, as_of=as_of, force=True, reasoner="fast").snapshot.nquads
    reference = build(scratch_project, as_of=as_of, force=True, reasoner="owlrl").snapshot.nquads
    assert fast == reference


def test_fast_engine_refuses_constructs_it_does_not_implement():
    graph = Graph()
    graph.add((EX.p, RDF.type, OWL.FunctionalProperty))
    with pytest.raises(UnsupportedConstruct, match="FunctionalProperty"):
        closure(graph, engine="fast")


def test_fast_engine_reports_disjointness_violations():
    graph = Graph()
    for triple in ((EX.A, OWL.disjointWith, EX.B), (EX.x, RDF.type, EX.A), (EX.x, RDF.type, EX.C),
                   (EX.C, RDFS.subClassOf, EX.B)):
        graph.add(triple)
    with pytest.raises(InconsistencyError, match="Disjoint classes"):
        closure(graph, engine="fast")


def test_fast_engine_chains_transitivity_and_symmetry_like_owlrl():
    graph = Graph()
    graph.parse(data="""
        @prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:partOf a owl:TransitiveProperty . ex:spouse a owl:SymmetricProperty .
        ex:inRegion owl:propertyChainAxiom ( ex:site ex:partOf ) . ex:site rdfs:subPropertyOf ex:inRegion .
        ex:crater ex:partOf ex:basin . ex:basin ex:partOf ex:farSide . ex:landing ex:site ex:crater .
        ex:a ex:spouse ex:b . ex:inRegion rdfs:domain ex:Event .""", format="turtle")
    assert closure(graph, engine="fast").triples == closure(graph, engine="owlrl").triples


@pytest.mark.slow
@pytest.mark.parametrize("size", [1_000, 10_000])
def test_fast_engine_equals_owlrl_on_generated_graphs(tmp_path_factory: pytest.TempPathFactory, size: int):
    out = tmp_path_factory.mktemp(f"generated-{size}") / "project"
    generator = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(generator), "--triples", str(size), "--seed", "7", "--out", str(out)],
                   check=True, capture_output=True)
    graph = views(Project(out))["accepted"]
    fast, reference = closure(graph, engine="fast"), closure(graph, engine="owlrl")
    assert fast.triples == reference.triples
    assert len(fast.triples) > size / 10
