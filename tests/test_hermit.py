"""An independent OWL reasoner (HermiT, bundled with owlready2, run on Java) agrees that the ontology
plus the accepted facts are consistent, and catches a contradiction when one is added."""

from __future__ import annotations

import io
import shutil

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from spacekg.adapter import graph_of
from spacekg.namespaces import ID, SKG
from spacekg.reasoning.views import accepted_view as accepted
from spacekg.reasoning.views import schema_view
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project

owlready2 = pytest.importorskip("owlready2", reason="owlready2 (HermiT) is a test extra: pip install -e '.[test]'")
pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime on PATH")


def accepted_view(project: Project) -> Graph:
    loaded = load_project(project)
    terms = loaded.terms.terms
    triples = [t for view in (schema_view(), accepted(loaded)) for t, _ in view.triples(loaded)]
    return graph_of([(terms[s], terms[p], terms[o]) for s, p, o in triples])


def hermit(graph: Graph) -> None:
    """Run HermiT on ``graph``; raises owlready2's inconsistency error when it finds one."""
    data = graph.serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    ontology = world.get_ontology("https://w3id.org/spacekg/check").load(fileobj=io.BytesIO(data), format="ntriples")
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


@pytest.mark.slow
def test_hermit_finds_the_ontology_and_accepted_facts_consistent(project: Project):
    hermit(accepted_view(project))


@pytest.mark.slow
@pytest.mark.parametrize(("individual", "kind"), [
    ("plan-white-paper-2016-mars", "Event"),
    ("change-4-landing", "SpaceMission"),
    ("moon", "SurfaceRegion"),
    ("cnsa", "Country"),
])
def test_hermit_finds_an_individual_typed_with_a_disjoint_kind_inconsistent(project: Project, individual: str,
                                                                          kind: str):
    graph = accepted_view(project)
    graph.add((URIRef(ID + individual), RDF.type, URIRef(SKG + kind)))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        hermit(graph)


@pytest.mark.slow
def test_the_ontology_files_load_into_owlready2_as_declared_without_warnings(project: Project):
    """Each file alone and with the other: no warning, every spacekg term of the kind its declaration
    gives (an undeclared or doubly declared term would be read otherwise), and HermiT finds it
    consistent."""
    import warnings

    from rdflib.namespace import OWL

    files = [project.ontology_dir / "spacekg.ttl", project.ontology_dir / "alignments.ttl"]
    for chosen in ([files[0]], files):
        graph = Graph()
        for path in chosen:
            graph.parse(path)
        world = owlready2.World()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ontology = world.get_ontology("https://w3id.org/spacekg/ontology").load(
                fileobj=io.BytesIO(graph.serialize(format="nt", encoding="utf-8")), format="ntriples")
        assert [str(w.message) for w in caught] == []
        read = {
            OWL.Class: {c.iri for c in world.classes()},
            OWL.ObjectProperty: {p.iri for p in world.object_properties()},
            OWL.DatatypeProperty: {p.iri for p in world.data_properties()},
            OWL.AnnotationProperty: {p.iri for p in world.annotation_properties()},
        }
        for kind, found in read.items():
            declared = {str(s) for s in graph.subjects(RDF.type, kind) if str(s).startswith(SKG)}
            assert declared and declared <= found, (kind, sorted(declared - found))
        kinds = list(read.values())
        twice = {iri for i, a in enumerate(kinds) for b in kinds[i + 1:] for iri in a & b if iri.startswith(SKG)}
        assert sorted(twice) == []
        with ontology:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


@pytest.mark.slow
def test_hermit_finds_the_export_a_protege_user_opens_consistent(nquads: bytes):
    """`spacekg export -f ntriples` (every graph merged, as an OWL tool reads it): the rules' output
    too is of the kinds the ontology's domains and ranges give (an assessment had been about a
    spacecraft as an event)."""
    from spacekg.formats.export import export
    from spacekg.formats.kinds import ExportFormat

    data = export(nquads, ExportFormat.NTRIPLES)
    world = owlready2.World()
    ontology = world.get_ontology("https://w3id.org/spacekg/export").load(fileobj=io.BytesIO(data), format="ntriples")
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
