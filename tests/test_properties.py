"""Property-based tests: random graphs survive export and re-import in every format, and random
bytes never crash the loader with anything but a clear InputError."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset
from rdflib.compare import isomorphic

from spacekg.errors import InputError
from spacekg.formats.export import ExportFormat, export
from spacekg.sources.loader import parse_file

FORMATS = {
    ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
    ExportFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
    ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
    ExportFormat.JSONLD: ox.RdfFormat.JSON_LD,
    ExportFormat.JSONLD_EXPANDED: ox.RdfFormat.JSON_LD,
}
XSD = "http://www.w3.org/2001/XMLSchema#"

iris = st.sampled_from(["http://x/a", "http://x/b", "https://w3id.org/spacekg/id/china", "http://x/ü/é",
                        "urn:isbn:0451450523", "http://x/with%20escape",
                        # IRIs a careless JSON-LD compaction breaks: a scheme named like a prefix, a bare
                        # namespace, "//" after a namespace.
                        "d:china", "g:x", "https://w3id.org/spacekg/ontology#", "https://w3id.org/spacekg/id///x",
                        "https://w3id.org/spacekg/id/a:b"]).map(ox.NamedNode)
blanks = st.sampled_from(["b1", "b2", "b3"]).map(ox.BlankNode)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
literals = st.one_of(
    texts.map(ox.Literal),
    st.tuples(texts, st.sampled_from(["en", "zh-Hans", "de-CH-1901"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.integers(-10**12, 10**12).map(lambda n: ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))),
    st.sampled_from(["2018-12-07T18:23:00Z", "1966-02-03T18:45:30+03:00"]).map(
        lambda v: ox.Literal(v, datatype=ox.NamedNode(XSD + "dateTime"))),
)
graph_names = st.sampled_from(["https://w3id.org/spacekg/graph/a", "https://w3id.org/spacekg/graph/inferred/b"]).map(ox.NamedNode)
quads = st.lists(
    st.builds(ox.Quad, st.one_of(iris, blanks), iris, st.one_of(iris, blanks, literals), graph_names),
    min_size=1, max_size=25,
)


def as_dataset(data: bytes, fmt: ox.RdfFormat, *, keep_graphs: bool) -> Dataset:
    dataset = Dataset()
    for quad in ox.parse(data, format=fmt):
        graph = quad.graph_name if keep_graphs and not isinstance(quad.graph_name, ox.DefaultGraph) else None
        nq = f"{quad.subject} {quad.predicate} {quad.object}" + (f" {graph}" if graph else "") + " .\n"
        dataset.parse(data=nq, format="nquads")
    return dataset


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quads)
def test_random_graphs_survive_export_and_reimport_in_every_format(generated: list[ox.Quad]):
    nquads = ox.serialize(sorted(set(generated), key=str), format=ox.RdfFormat.N_QUADS)
    for fmt, ox_fmt in FORMATS.items():
        keep = fmt in (ExportFormat.TRIG, ExportFormat.NQUADS, ExportFormat.JSONLD, ExportFormat.JSONLD_EXPANDED)
        written = export(nquads, fmt)
        assert written == export(nquads, fmt), f"{fmt.value} is not deterministic"
        expected = as_dataset(nquads, ox.RdfFormat.N_QUADS, keep_graphs=keep)
        found = as_dataset(written, ox_fmt, keep_graphs=keep)
        for name in {g.identifier for g in expected.graphs()} | {g.identifier for g in found.graphs()}:
            assert isomorphic(expected.graph(name), found.graph(name)), f"{fmt.value}: graph {name} changed"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200), st.sampled_from([".ttl", ".trig", ".nt", ".nq"]))
def test_random_bytes_never_crash_the_loader(tmp_path: Path, data: bytes, suffix: str):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        parse_file(path, graph="https://w3id.org/spacekg/graph/fuzz" if suffix in (".ttl", ".nt") else None)
    except InputError:
        pass


turtle_tokens = st.sampled_from(["@prefix", ":", "<http://x/a>", "<", ">", "\"", "'''", "_:b", "[", "]", "(", ")",
                                 ".", ";", ",", "a", "true", "1.5e3", "@en", "^^", "{", "}", "GRAPH", "\\u00e9", " ",
                                 "\n", "#", "ex:p"])


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(turtle_tokens, max_size=40).map("".join), st.sampled_from([".ttl", ".trig"]))
def test_random_turtle_like_text_never_crashes_the_loader(tmp_path: Path, text: str, suffix: str):
    path = tmp_path / f"fuzz{suffix}"
    path.write_text(text)
    try:
        parse_file(path, graph="https://w3id.org/spacekg/graph/fuzz" if suffix == ".ttl" else None)
    except InputError:
        pass
