"""The loader against the W3C RDF 1.1 Turtle and TriG test suites: good input parses to the
expected dataset, bad input fails with InputError and nothing else."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from spacekg.errors import InputError
from spacekg.sources.loader import parse_file

REPO = Path(__file__).resolve().parents[1]
SUITES = Path(os.environ.get("SPACEKG_W3C_TESTS") or REPO.parent / "shared" / "w3c-rdf-tests")

if not SUITES.is_dir():
    pytest.skip(
        f"W3C RDF test suites not found at {SUITES} (set SPACEKG_W3C_TESTS to their directory)",
        allow_module_level=True,
    )

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
Quad = tuple[Node, Node, Node, Node]
# Turtle files load into a named graph; any IRI will do for the tests.
TURTLE_GRAPH = "https://example.org/w3c-test-graph"
# Links a quad, written as a blank node, to its graph name (see _isomorphic_datasets).
QUAD_GRAPH = URIRef("urn:x-spacekg-test:graph")
XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")

SUITE_FOLDERS = {"turtle": "rdf-turtle", "trig": "rdf-trig"}
KINDS = {
    RDFT.TestTurtlePositiveSyntax: "positive",
    RDFT.TestTurtleNegativeSyntax: "negative",
    RDFT.TestTurtleEval: "eval",
    RDFT.TestTurtleNegativeEval: "negative",
    RDFT.TestTrigPositiveSyntax: "positive",
    RDFT.TestTrigNegativeSyntax: "negative",
    RDFT.TestTrigEval: "eval",
    RDFT.TestTrigNegativeEval: "negative",
}


@dataclass(frozen=True)
class Case:
    """One manifest entry, with its files resolved to the local copy of the suite."""

    suite: str
    name: str
    kind: str | None
    action: Path
    base: str
    result: Path | None

    @property
    def id(self) -> str:
        # Both suites share many test names, so the suite prefixes the name.
        return f"{self.suite}:{self.name}"


def _manifest_cases(suite: str) -> Iterator[Case]:
    folder = SUITES / SUITE_FOLDERS[suite]
    manifest = Graph().parse(folder / "manifest.ttl", format="turtle", publicID=f"{folder.as_uri()}/")
    top = manifest.value(predicate=RDF.type, object=MF.Manifest, any=False)
    # Per the suites' READMEs, each test file parses with its published IRI as base: the suite's
    # mf:assumedTestBase followed by the file name.
    test_base = str(manifest.value(top, MF.assumedTestBase))
    for entry in Collection(manifest, manifest.value(top, MF.entries)):
        action = _local_name(manifest.value(entry, MF.action))
        result = manifest.value(entry, MF.result)
        yield Case(
            suite=suite,
            # Not mf:name: a few entries repeat another's (copy slips); the fragment is unique and
            # otherwise the same.
            name=entry.fragment,
            kind=KINDS.get(manifest.value(entry, RDF.type)),
            action=folder / action,
            base=test_base + action,
            result=folder / _local_name(result) if result is not None else None,
        )


def _local_name(iri: Node | None) -> str:
    return str(iri).rsplit("/", 1)[1]


CASES = [case for suite in SUITE_FOLDERS for case in _manifest_cases(suite)]


def _of_kind(*kinds: str) -> list[Case]:
    return [case for case in CASES if case.kind in kinds]


def _parse(case: Case) -> list[Quad]:
    graph = TURTLE_GRAPH if case.suite == "turtle" else None
    return list(_as_rdflib(parse_file(case.action, graph=graph, base=case.base)))


def test_every_manifest_entry_is_a_known_kind_with_its_files():
    assert {case.suite for case in CASES} == set(SUITE_FOLDERS)
    assert [case.id for case in CASES if case.kind is None] == []
    assert [case.id for case in CASES if not case.action.is_file()] == []
    results = [case.result for case in CASES if case.kind == "eval"]
    assert all(result is not None and result.is_file() for result in results)


@pytest.mark.parametrize("case", _of_kind("positive"), ids=attrgetter("id"))
def test_positive_syntax_parses(case: Case):
    _parse(case)


@pytest.mark.parametrize("case", _of_kind("negative"), ids=attrgetter("id"))
def test_negative_syntax_and_eval_raise_input_error_with_file_line_and_column(case: Case):
    with pytest.raises(InputError, match=rf"{re.escape(case.action.name)}:\d+:\d+: "):
        _parse(case)


@pytest.mark.parametrize("case", _of_kind("eval"), ids=attrgetter("id"))
def test_eval_gives_the_expected_dataset(case: Case):
    assert case.result is not None
    actual = _parse(case)
    expected = list(_expected_quads(case.result))
    if case.suite == "turtle":
        expected = [(s, p, o, URIRef(TURTLE_GRAPH)) for s, p, o, _ in expected]
    assert _isomorphic_datasets(actual, expected), _difference(actual, expected)


def _expected_quads(path: Path) -> Iterator[Quad]:
    # pyoxigraph is a conformant N-Triples/N-Quads reader that keeps lexical forms as written.
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.N_TRIPLES
    return _as_rdflib(ox.parse(path=path, format=fmt))


def _as_rdflib(quads: Iterable[ox.Quad]) -> Iterator[Quad]:
    for quad in quads:
        default = isinstance(quad.graph_name, ox.DefaultGraph)
        # rdflib's Dataset names its default graph DATASET_DEFAULT_GRAPH_ID.
        graph = DATASET_DEFAULT_GRAPH_ID if default else _rdflib_term(quad.graph_name)
        yield _rdflib_term(quad.subject), _rdflib_term(quad.predicate), _rdflib_term(quad.object), graph


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language, normalize=False)
    # rdflib writes plain literals without a datatype; RDF 1.1 gives them xsd:string.
    datatype = None if term.datatype == XSD_STRING else URIRef(term.datatype.value)
    return Literal(term.value, datatype=datatype, normalize=False)


def _isomorphic_datasets(actual: Iterable[Quad], expected: Iterable[Quad]) -> bool:
    """Dataset isomorphism as RDF 1.1 defines it: one blank-node mapping across all graphs and graph names.

    Comparing graph by graph would map blank nodes independently per graph and could not pair graphs
    named by blank nodes, so each quad becomes a blank node with its four parts, and the two
    resulting graphs are compared.
    """
    return isomorphic(_quads_as_graph(actual), _quads_as_graph(expected))


def _quads_as_graph(quads: Iterable[Quad]) -> Graph:
    graph = Graph()
    for s, p, o, g in quads:
        quad = BNode()
        graph.add((quad, RDF.subject, s))
        graph.add((quad, RDF.predicate, p))
        graph.add((quad, RDF.object, _case_folded(o)))
        graph.add((quad, QUAD_GRAPH, g))
    return graph


def _case_folded(term: Node) -> Node:
    # Language tags compare case-insensitively (RDF 1.1 Concepts, 3.3) and pyoxigraph lowercases them,
    # but rdflib.compare hashes them as written.
    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower(), normalize=False)
    return term


def _difference(actual: list[Quad], expected: list[Quad]) -> str:
    """Point at the mismatch: the quads only one side has, with blank nodes blurred to ``_:b``."""
    parsed, wanted = _blurred(actual), _blurred(expected)
    return f"only parsed: {sorted(parsed - wanted)[:5]}, only expected: {sorted(wanted - parsed)[:5]}"


def _blurred(quads: list[Quad]) -> set[str]:
    return {" ".join("_:b" if isinstance(t, BNode) else _case_folded(t).n3() for t in quad) for quad in quads}
