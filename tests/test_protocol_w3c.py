"""The W3C SPARQL 1.1 Protocol test suite and the Service Description tests, against the real
server on a loopback port.

The harness reads the suite's manifest: each test's ht:Request exchanges are sent in order, with
the request path's ``/sparql/`` prefix mapped to the server's endpoint, and each response is held
to mf:expectedStatus, mf:expectedFormat and mf:expectedBoolean. The ut:graphData files are the
store's named graphs. ``data0.rdf``, which several requests name but no test gives data, is a
graph of one triple saying so: the server selects only graphs it holds, and none of those
requests reads that graph's content. The seven exchanges that perform updates apply only to a
server that accepts updates; this one is read-only, so each must get a 4xx instead.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from httpserver import Served, serve
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

from spacekg.sources.project import Project
from spacekg.store.snapshot import write_build

pytestmark = pytest.mark.slow

SUITES = Path(os.environ.get("SPACEKG_W3C_TESTS", Path(__file__).resolve().parents[2] / "shared" / "w3c-rdf-tests"))
PROTOCOL = SUITES / "sparql11-protocol"
SERVICE_DESCRIPTION = SUITES / "sparql11-service-description"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = "http://www.w3.org/ns/sparql-service-description#"
DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
             "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}

if not (PROTOCOL / "manifest.ttl").is_file():
    pytest.skip(f"the W3C SPARQL protocol suite is not at {PROTOCOL} (set SPACEKG_W3C_TESTS)", allow_module_level=True)

MANIFEST = Graph().parse(PROTOCOL / "manifest.ttl", format="turtle", publicID=(PROTOCOL / "manifest.ttl").as_uri())
ENTRIES = list(Collection(MANIFEST, next(MANIFEST.objects(None, MF.entries))))
UPDATES = {t for t in ENTRIES if str(t).rsplit("#", 1)[1].startswith("update_")}


def _requests(test: URIRef) -> list[URIRef]:
    action = next(MANIFEST.objects(test, MF.action))
    return list(Collection(MANIFEST, next(MANIFEST.objects(action, HT.requests))))


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Iterator[Served]:
    quads = [ox.Quad(ox.NamedNode(DATA0), ox.NamedNode(str(RDFS.comment)),
                     ox.Literal("named by the protocol suite's requests, which give it no data"), ox.NamedNode(DATA0))]
    for test in ENTRIES:
        for data in MANIFEST.objects(test, UT.graphData):
            name = str(next(MANIFEST.objects(data, RDFS.label)))
            source = Path(str(next(MANIFEST.objects(data, UT.graph))).removeprefix("file://"))
            quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
                      for t in ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES)]
    nquads = ox.serialize(sorted(set(quads), key=str), format=ox.RdfFormat.N_QUADS)
    root = tmp_path_factory.mktemp("w3c")
    build = write_build(Project(root), "w3c-protocol@2000-01-01", nquads, graphs=len({q.graph_name for q in quads}))
    code = (
        "import sys; from pathlib import Path; from spacekg.store.snapshot import Build; "
        "from spacekg.http.server import ServeOptions, serve; "
        f"build = Build({build.key!r}, Path({str(build.directory)!r}), {build.quads}, {build.graphs}, {build.has_store}); "
        f"serve(build, Path({str(project.queries_dir)!r}), ServeOptions(port=0, concurrency=2), "
        "ready=lambda url: print('serving at', url, file=sys.stderr, flush=True))"
    )
    with serve([sys.executable, "-c", code]) as served:
        yield served


def _send(endpoint: Served, request: URIRef) -> tuple[int, dict[str, str], bytes]:
    path = str(next(MANIFEST.objects(request, HT.absolutePath)))
    assert path.startswith("/sparql/")
    path = "/sparql" + path[len("/sparql/"):]  # the suite's /sparql/ is this server's /sparql
    headers = {}
    for header_list in MANIFEST.objects(request, HT.headers):
        for header in Collection(MANIFEST, header_list):
            headers[str(next(MANIFEST.objects(header, HT.fieldName)))] = str(next(MANIFEST.objects(header, HT.fieldValue)))
    body = None
    for content in MANIFEST.objects(request, HT.body):
        encoding = str(next(MANIFEST.objects(content, CNT.characterEncoding), "UTF-8"))
        body = str(next(MANIFEST.objects(content, CNT.chars))).encode(encoding)
    method = str(next(MANIFEST.objects(request, HT.methodName)))
    return endpoint.request(method, path, body=body, headers=headers)


def _boolean(content_type: str, body: bytes) -> bool:
    kind = content_type.split(";")[0]
    if kind == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    assert kind == "application/sparql-results+xml", kind
    return b"<boolean>true</boolean>" in body


@pytest.mark.parametrize("test", [t for t in ENTRIES if t not in UPDATES], ids=lambda t: str(t).rsplit("#", 1)[1])
def test_protocol(endpoint: Served, test: URIRef):
    for request in _requests(test):
        status, headers, body = _send(endpoint, request)
        response = next(MANIFEST.objects(request, HT.resp))
        expected = {str(s).rsplit("StatusCode", 1)[1] for s in MANIFEST.objects(response, MF.expectedStatus)}
        assert f"{status // 100}xx" in expected, (status, body[:300])
        kind = headers.get("content-type", "").split(";")[0]
        fmt = next(MANIFEST.objects(response, MF.expectedFormat), None)
        if fmt is not None and str(fmt) == "tabular":
            assert kind in TABULAR
        elif fmt is not None and str(fmt) == "RDF":
            assert kind in RDF_TYPES
            list(ox.parse(body, format=RDF_TYPES[kind]))
        elif fmt is not None and str(fmt) == "boolean":
            assert kind in ("application/sparql-results+json", "application/sparql-results+xml")
        boolean = next(MANIFEST.objects(response, MF.expectedBoolean), None)
        if boolean is not None:
            assert _boolean(kind, body) is boolean.toPython()


@pytest.mark.parametrize("test", sorted(UPDATES), ids=lambda t: str(t).rsplit("#", 1)[1])
def test_update_exchanges_are_refused_by_a_read_only_server(endpoint: Served, test: URIRef):
    status, _, body = _send(endpoint, _requests(test)[0])
    assert 400 <= status < 500, body


def test_the_suite_has_the_expected_exchanges():
    assert len(ENTRIES) == 34 and len(UPDATES) == 7


# --- Service description (the suite's three tests are prose; these are their checks) ---

# The SPARQL 1.1 Service Description vocabulary: each property's domain and range class, and the
# instances the specification defines.
_PROPERTIES = {
    "endpoint": ("Service", None), "feature": ("Service", "Feature"),
    "defaultEntailmentRegime": ("Service", "EntailmentRegime"), "supportedEntailmentProfile": ("Service", "EntailmentProfile"),
    "defaultSupportedEntailmentProfile": ("Service", "EntailmentProfile"), "extensionFunction": ("Service", "Function"),
    "extensionAggregate": ("Service", "Aggregate"), "languageExtension": ("Service", "Feature"),
    "supportedLanguage": ("Service", "Language"), "propertyFeature": ("Service", "Feature"),
    "defaultDataset": ("Service", "Dataset"), "availableGraphs": ("Service", "GraphCollection"),
    "resultFormat": ("Service", None), "inputFormat": ("Service", None), "defaultGraph": ("Dataset", "Graph"),
    "namedGraph": ("GraphCollection", "NamedGraph"), "name": ("NamedGraph", None), "graph": ("NamedGraph", "Graph"),
    "entailmentRegime": ("NamedGraph", "EntailmentRegime"),
}
_INSTANCES = {"SPARQL10Query": "Language", "SPARQL11Query": "Language", "SPARQL11Update": "Language",
              "DereferencesURIs": "Feature", "UnionDefaultGraph": "Feature", "RequiresDataset": "Feature",
              "EmptyGraphs": "Feature", "BasicFederatedQuery": "Feature"}
_SUBCLASSES = {"Dataset": {"GraphCollection"}}


@pytest.fixture(scope="module")
def description(endpoint: Served) -> Graph:
    status, headers, body = endpoint.request("GET", "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    return Graph().parse(data=body, format="turtle")


def test_sd_get_on_the_endpoint_returns_rdf(endpoint: Served):
    for media_type, fmt in RDF_TYPES.items():
        status, headers, body = endpoint.request("GET", "/sparql", headers={"Accept": media_type})
        assert status == 200 and headers["content-type"].split(";")[0] == media_type
        assert list(ox.parse(body, format=fmt))


def test_sd_has_a_matching_endpoint_triple(endpoint: Served, description: Graph):
    assert set(description.objects(None, URIRef(SD + "endpoint"))) == {URIRef(endpoint.url)}


def test_sd_conforms_to_the_schema(description: Graph):
    types = {}
    for s, o in description.subject_objects(RDF.type):
        types.setdefault(s, set()).add(str(o).removeprefix(SD))
    for node, classes in list(types.items()):
        for cls in list(classes):
            classes |= _SUBCLASSES.get(cls, set())
    for s, p, o in description:
        name = str(p).removeprefix(SD)
        if p == RDF.type:
            assert str(o).startswith(SD), o
            continue
        assert name in _PROPERTIES, p
        domain, range_ = _PROPERTIES[name]
        assert domain in types.get(s, set()), (s, p)
        assert isinstance(o, URIRef), (p, o)
        if range_ is not None:
            known = _INSTANCES.get(str(o).removeprefix(SD)) if str(o).startswith(SD) else None
            assert known == range_ or range_ in types.get(o, set()), (p, o)
    assert len(list(description.subjects(RDF.type, URIRef(SD + "Service")))) == 1
