"""spacekg's fast closure engine gives exactly owlrl's closure on whole views (after the same noise
filtering), refuses what it does not implement, and is equal to owlrl on random ontologies."""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st
from test_parity import loaded, run

from spacekg.errors import InconsistencyError, UnsupportedConstruct
from spacekg.reasoning.closure import Reasoner
from spacekg.reasoning.views import accepted_view, schema_view
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project
from spacekg.store.build import BuildReport
from spacekg.store.engine import ACCEPTED_OUTPUT, INFERRED_PREFIX, SCHEMA_OUTPUT


@pytest.mark.slow
@pytest.mark.xdist_group("owlrl-build")  # one worker builds it once
def test_builds_with_either_engine_give_the_same_snapshot(nquads: bytes, owlrl_build: tuple[BuildReport, list[str]]):
    reference = owlrl_build[0].snapshot.nquads
    # Each view's closure is a graph of its own: name the graphs that differ, not only that they do.
    differ = sorted({line.rsplit(b" ", 2)[-2] for line in set(nquads.splitlines()) ^ set(reference.splitlines())})
    assert differ == []
    assert nquads == reference
    for view in (SCHEMA_OUTPUT, ACCEPTED_OUTPUT, *(INFERRED_PREFIX + a for a in ("a000", "a001", "a002"))):
        assert nquads.count(f"<{view}> .".encode()) > 100, view


def test_refusal_names_the_construct_and_points_to_owlrl():
    source = loaded(":C owl:hasKey ( :k ) .", ":a a :C ; :k 1 .")
    with pytest.raises(UnsupportedConstruct, match=r"owl:hasKey.*--reasoner owlrl"):
        Reasoner(source).close(schema_view())


def test_fast_engine_reports_disjointness_violations_with_owlrls_message():
    source = loaded(":A owl:disjointWith :B . :C rdfs:subClassOf :B .", ":x a :A , :C .")
    with pytest.raises(InconsistencyError, match="Disjoint classes http://example.org/A and http://example.org/B "
                                                 "have a common individual http://example.org/x"):
        Reasoner(source).close(accepted_view(source))


@pytest.mark.slow
@pytest.mark.parametrize("size", [1_000, 10_000])
def test_fast_engine_equals_owlrl_on_generated_graphs(tmp_path_factory: pytest.TempPathFactory, size: int):
    out = tmp_path_factory.mktemp(f"generated-{size}") / "project"
    generator = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(generator), "--triples", str(size), "--seed", "7", "--out", str(out)],
                   check=True, capture_output=True)
    source = load_project(Project(out))
    view = accepted_view(source)
    fast, reference = Reasoner(source, engine="fast"), Reasoner(source, engine="owlrl")
    assert fast.close(view).nquads == reference.close(view).nquads
    assert fast.close(view).kept > size / 10


# --- Random ontologies and data: both engines agree, or the fast one refuses ---

CLASSES = [f":C{i}" for i in range(5)]
PROPERTIES = [f":p{i}" for i in range(4)]
NODES = [f":n{i}" for i in range(5)]
LITERALS = ['1', '"2"^^xsd:integer', '"x"', '"2019-01-03T00:00:00Z"^^xsd:dateTime', '"abc"^^xsd:integer',
            '"1.5"^^xsd:decimal', 'true']
cls, prop, node = st.sampled_from(CLASSES), st.sampled_from(PROPERTIES), st.sampled_from(NODES)
lists = st.lists(cls, min_size=1, max_size=3).map(lambda xs: "( " + " ".join(xs) + " )")
datatype = st.sampled_from(["xsd:integer", "xsd:decimal", "xsd:string", "xsd:dateTime"])

axioms = st.one_of(
    st.tuples(cls, cls).map(lambda t: f"{t[0]} rdfs:subClassOf {t[1]} ."),
    st.tuples(cls, cls).map(lambda t: f"{t[0]} owl:equivalentClass {t[1]} ."),
    st.tuples(cls, cls).map(lambda t: f"{t[0]} owl:disjointWith {t[1]} ."),
    st.tuples(prop, prop).map(lambda t: f"{t[0]} rdfs:subPropertyOf {t[1]} ."),
    st.tuples(prop, prop).map(lambda t: f"{t[0]} owl:equivalentProperty {t[1]} ."),
    st.tuples(prop, prop).map(lambda t: f"{t[0]} owl:inverseOf {t[1]} ."),
    st.tuples(prop, cls).map(lambda t: f"{t[0]} rdfs:domain {t[1]} ."),
    st.tuples(prop, st.one_of(cls, datatype)).map(lambda t: f"{t[0]} rdfs:range {t[1]} ."),
    prop.map(lambda p: f"{p} a owl:TransitiveProperty ."),
    prop.map(lambda p: f"{p} a owl:SymmetricProperty ."),
    prop.map(lambda p: f"{p} a owl:FunctionalProperty ."),
    prop.map(lambda p: f"{p} a owl:InverseFunctionalProperty ."),
    prop.map(lambda p: f"{p} a owl:IrreflexiveProperty ."),
    prop.map(lambda p: f"{p} a owl:AsymmetricProperty ."),
    st.tuples(prop, prop).map(lambda t: f"{t[0]} owl:propertyDisjointWith {t[1]} ."),
    st.tuples(prop, st.lists(prop, min_size=1, max_size=4)).map(
        lambda t: f"{t[0]} owl:propertyChainAxiom ( {' '.join(t[1])} ) ."),
    st.tuples(cls, lists).map(lambda t: f"{t[0]} owl:intersectionOf {t[1]} ."),
    st.tuples(cls, lists).map(lambda t: f"{t[0]} owl:unionOf {t[1]} ."),
    st.tuples(cls, cls).map(lambda t: f"{t[0]} owl:complementOf {t[1]} ."),
    st.tuples(cls, prop, node).map(lambda t: f"{t[0]} owl:onProperty {t[1]} ; owl:hasValue {t[2]} ."),
    st.tuples(cls, prop, st.one_of(cls, datatype, st.sampled_from(["owl:Thing", "owl:Nothing"]))).map(
        lambda t: f"{t[0]} owl:onProperty {t[1]} ; owl:someValuesFrom {t[2]} ."),
    st.tuples(cls, prop, st.one_of(cls, st.sampled_from(["owl:Thing", "owl:Nothing"]))).map(
        lambda t: f"{t[0]} owl:onProperty {t[1]} ; owl:allValuesFrom {t[2]} ."),
    st.tuples(cls, prop, st.sampled_from([0, 1])).map(
        lambda t: f"{t[0]} owl:onProperty {t[1]} ; owl:maxCardinality {t[2]} ."),
    st.tuples(cls, prop, st.sampled_from([0, 1]), cls).map(
        lambda t: f"{t[0]} owl:onProperty {t[1]} ; owl:maxQualifiedCardinality {t[2]} ; owl:onClass {t[3]} ."),
    st.tuples(cls, st.lists(node, min_size=1, max_size=3)).map(lambda t: f"{t[0]} owl:oneOf ( {' '.join(t[1])} ) ."),
    cls.map(lambda c: f"{c} rdfs:subClassOf owl:Nothing ."),
)
facts = st.one_of(
    st.tuples(node, cls).map(lambda t: f"{t[0]} a {t[1]} ."),
    st.tuples(node, prop, node).map(lambda t: f"{t[0]} {t[1]} {t[2]} ."),
    st.tuples(node, prop, st.sampled_from(LITERALS)).map(lambda t: f"{t[0]} {t[1]} {t[2]} ."),
    st.tuples(node, node).map(lambda t: f"{t[0]} owl:sameAs {t[1]} ."),
    st.tuples(node, node).map(lambda t: f"{t[0]} owl:differentFrom {t[1]} ."),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(axioms, max_size=6), st.lists(facts, max_size=8))
@example([":C0 owl:onProperty :p0 ; owl:someValuesFrom owl:Thing .",  # cases this test has found
          ":C1 owl:onProperty :p0 ; owl:someValuesFrom owl:Thing ."], [])
@example([":p2 a owl:FunctionalProperty ."], [":n1 :p2 :n0 .", ":n1 :p2 1 ."])
@example([":p0 a owl:FunctionalProperty ."], [":n2 :p0 1 .", ':n2 :p0 "2019-01-03T00:00:00Z"^^xsd:dateTime .'])
@example([":p0 owl:inverseOf :p0 .", ":p0 a owl:FunctionalProperty ."],
         [":n0 :p0 :n1 .", ":n1 :p0 1 .", ':n1 :p0 "2"^^xsd:integer .'])
def test_random_ontologies_give_owlrls_closure(schema: list[str], data: list[str]):
    fast = run("fast", " ".join(schema), " ".join(data))
    if isinstance(fast, str) and fast.startswith("refused"):
        return
    try:
        reference = run("owlrl", " ".join(schema), " ".join(data))
    except Exception as exc:
        # owlrl itself fails on some inputs: when an individual is the same as the literal of a
        # cardinality, eq-rep-o rewrites the axiom's number into that individual and owlrl reads
        # .value off an IRI. Such an input has no reference closure to compare with.
        if not _raised_in_owlrl(exc):
            raise
        reject()
    if isinstance(fast, str) or isinstance(reference, str):
        assert fast == reference
    else:
        assert fast[0] == reference[0], f"fast only: {fast[0] - reference[0]}, owlrl only: {reference[0] - fast[0]}"


def _raised_in_owlrl(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and f"{os.sep}owlrl{os.sep}" in frames[-1].filename
