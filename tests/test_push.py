"""`spacekg push` against a real `oxigraph serve`: every graph arrives, twice gives the same
state, prune removes only stale spacekg graphs, a rejected document keeps the old graph, blank
nodes survive being split across graphs, and every conforming Graph Store answer is accepted."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from processes import interruptible
from rdflib import Graph, Namespace
from stores import Canned, Gateway, OxigraphServer

from spacekg.cli import cli
from spacekg.errors import ExitCode, LimitError, RemoteError, UsageError
from spacekg.http.client import HttpClient, find_credentials, parse_url
from spacekg.http.gsp import ABSENT, DELETE_OK, GET_OK, POST_OK, PUT_OK, GraphStore
from spacekg.http.push import graph_documents, push
from spacekg.http.remote import RemoteGraph, SparqlEndpoint
from spacekg.http.settings import Verify
from spacekg.http.skolem import skolemise
from spacekg.namespaces import GENID, GRAPH, shorten
from spacekg.sources.project import Project

AS_OF = "2026-11-21"
# Slow: a real oxigraph server and loopback gateways.
pytestmark = pytest.mark.slow
W3C = Path(os.environ.get("SPACEKG_W3C_TESTS") or Path(__file__).resolve().parents[2] / "shared" / "w3c-rdf-tests")


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No credentials reach a test unless it sets them: no variables, no netrc file."""
    for name in ("SPACEKG_REMOTE_TOKEN", "SPACEKG_REMOTE_USER", "SPACEKG_REMOTE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


@pytest.fixture
def run(project: Project):
    def invoke(*args: str, env: dict[str, str] | None = None):
        return CliRunner().invoke(cli, ["--root", str(project.root), *args], env=env)

    return invoke


def skolemised(nquads: bytes) -> set[ox.Quad]:
    return {ox.Quad(skolemise(q.subject), q.predicate, skolemise(q.object), q.graph_name)
            for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}


def test_push_puts_every_graph_and_verifies_it(run, nquads: bytes, oxigraph: OxigraphServer):
    result = run("push", oxigraph.store, "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.output
    assert oxigraph.quads() == skolemised(nquads)
    rows = json.loads(result.stdout)["results"]["bindings"]
    graphs = {q.graph_name.value for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}
    assert {r["graph"]["value"] for r in rows} == graphs
    assert all(r["action"]["value"] == "put" and r["result"]["value"] == "equal" for r in rows)
    assert all(r["local"]["value"] == r["remote"]["value"] for r in rows)
    n, quads = len(graphs), sum(1 for _ in ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    assert f"put {n}/{n} graphs, {quads:,}/{quads:,} triples, " in result.stderr
    assert re.search(rf"^pushed {n} graphs \({quads:,} triples\) in \d+\.\d\d s$", result.stderr, re.M)


def test_pushing_twice_gives_the_same_remote_state(run, oxigraph: OxigraphServer):
    assert run("push", oxigraph.store, "--as-of", AS_OF).exit_code == 0
    first = oxigraph.quads()
    again = run("push", oxigraph.store, "--as-of", AS_OF, "--verify", "counts", "--sparql-endpoint", oxigraph.query)
    assert again.exit_code == 0, again.output
    assert oxigraph.quads() == first


def test_prune_deletes_only_stale_graphs_in_spacekg_namespace(run, nquads: bytes, oxigraph: OxigraphServer):
    oxigraph.load(
        f'<http://example.org/s> <http://example.org/p> "stale" <{GRAPH}a000-L99.1> .\n'
        '<http://example.org/s> <http://example.org/p> "theirs" <http://example.org/their-graph> .\n'
        '<http://example.org/s> <http://example.org/p> "default" .\n'.encode()
    )
    kept = run("push", oxigraph.store, "--as-of", AS_OF, "--sparql-endpoint", oxigraph.query)
    assert kept.exit_code == 0, kept.output
    assert re.search(r"g:a000-L99\.1\s+keep\s+not in the build \(remove it with --prune\)", kept.stdout)
    assert any(q.graph_name == ox.NamedNode(f"{GRAPH}a000-L99.1") for q in oxigraph.quads())

    pruned = run("push", oxigraph.store, "--as-of", AS_OF, "--sparql-endpoint", oxigraph.query, "--prune")
    assert pruned.exit_code == 0, pruned.output
    assert re.search(r"g:a000-L99\.1\s+delete\s+deleted", pruned.stdout)
    others = {ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal(v), g)
              for v, g in (("theirs", ox.NamedNode("http://example.org/their-graph")), ("default", ox.DefaultGraph()))}
    assert oxigraph.quads() == skolemised(nquads) | others


def test_prune_needs_the_sparql_endpoint(run, oxigraph: OxigraphServer):
    result = run("push", oxigraph.store, "--as-of", AS_OF, "--prune")
    assert result.exit_code == ExitCode.USAGE
    assert "--sparql-endpoint" in result.stderr
    assert oxigraph.quads() == set()


def test_dry_run_says_what_would_be_sent_and_writes_nothing(run, nquads: bytes, oxigraph: OxigraphServer):
    oxigraph.load(f'<http://example.org/s> <http://example.org/p> "stale" <{GRAPH}gone> .\n'.encode())
    before = oxigraph.quads()
    result = run("push", oxigraph.store, "--as-of", AS_OF, "--dry-run", "--prune", "--sparql-endpoint", oxigraph.query)
    assert result.exit_code == 0, result.output
    assert oxigraph.quads() == before
    documents = graph_documents(nquads)
    assert len(re.findall(r"would put\s+\d+\s+dry run", result.stdout)) == len(documents)
    assert re.search(r"g:gone\s+would delete\s+dry run", result.stdout)
    triples = sum(d.triples for d in documents)
    assert f"dry run: {len(documents)} graphs ({triples:,} triples) would be sent; nothing was written" in result.stderr


def test_a_rejected_document_leaves_the_old_graph_in_place(nquads: bytes, oxigraph: OxigraphServer):
    documents = graph_documents(nquads)
    target = next(d for d in documents if d.graph == GRAPH + "entities")
    old = f'<http://example.org/s> <http://example.org/p> "the old entities graph" <{target.graph}> .\n'
    oxigraph.load(old.encode())
    broken = [d if d is not target else type(d)(d.graph, d.triples, d.body + b'<http://e/s> <http://e/p> "unclosed .\n')
              for d in documents]
    with HttpClient(timeout=30) as client, pytest.raises(RemoteError) as caught:
        push(broken, GraphStore(oxigraph.store, client))
    message = str(caught.value)
    assert f"PUT {oxigraph.store}?graph=" in message and "HTTP 400" in message
    assert "Parser error" in message  # the store's own message
    assert caught.value.exit_code == ExitCode.REMOTE
    remote = oxigraph.quads()
    assert {q for q in remote if q.graph_name.value == target.graph} == set(ox.parse(old.encode(), format=ox.RdfFormat.N_QUADS))
    earlier = [d.graph for d in documents if d.graph is not None and d.graph < target.graph]
    assert earlier and all(any(q.graph_name.value == g for q in remote) for g in earlier)
    assert not any(q.graph_name.value > target.graph for q in remote)  # the push stopped there


def test_a_4xx_stops_the_push_with_the_store_message(run, oxigraph: OxigraphServer):
    result = run("push", oxigraph.base + "/no-such-service", "--as-of", AS_OF)
    assert result.exit_code == ExitCode.REMOTE
    assert result.stderr.startswith(f"Error: PUT {oxigraph.base}/no-such-service?graph=")
    assert "HTTP 404 Not Found: PUT /no-such-service is not supported by this server" in result.stderr
    assert "Traceback" not in result.output


def test_whole_dataset_replaces_graphs_that_kept_older_triples(run, nquads: bytes, oxigraph: OxigraphServer):
    oxigraph.load(f'<http://example.org/s> <http://example.org/p> "from an older build" <{GRAPH}entities> .\n'.encode())
    result = run("push", oxigraph.store, "--as-of", AS_OF, "--whole-dataset", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert oxigraph.quads() == skolemised(nquads)
    assert f"{GRAPH}entities,\"post, put\"," in result.stdout
    assert result.stdout.count(",post,") == len(graph_documents(nquads)) - 1


def test_a_rejected_whole_dataset_changes_nothing(nquads: bytes, oxigraph: OxigraphServer):
    with HttpClient(timeout=30) as client:
        store = GraphStore(oxigraph.store, client)
        with pytest.raises(RemoteError, match="HTTP 400"):
            store.post_dataset(nquads + b'<http://e/s> <http://e/p> "unclosed <http://e/g> .\n')
    assert oxigraph.quads() == set()


def test_whole_dataset_cannot_skip_verification(run, oxigraph: OxigraphServer):
    result = run("push", oxigraph.store, "--as-of", AS_OF, "--whole-dataset", "--verify", "none")
    assert result.exit_code == ExitCode.USAGE
    assert "--whole-dataset" in result.stderr


def test_verification_catches_a_store_that_lies(run, gateway: Gateway, oxigraph: OxigraphServer):
    # The gateway says 204 to one PUT without passing it on: the store never got that graph.
    gateway.matches = lambda method, path: method == "PUT" and "entities" in path
    gateway.script = [Canned(204)]
    result = run("push", gateway.base + "/store", "--as-of", AS_OF)
    assert result.exit_code == ExitCode.REMOTE
    assert re.search(r"g:entities\s+put\s+\d+\s+missing", result.stdout)
    assert "verification failed: 1 graphs differ from the build (g:entities)" in result.stderr
    counted = run("push", gateway.base + "/store", "--as-of", AS_OF, "--verify", "counts",
                  "--sparql-endpoint", gateway.base + "/query")
    assert counted.exit_code == 0, counted.output


@pytest.mark.parametrize("literal", ['"1731.0"^^<http://www.w3.org/2001/XMLSchema#decimal>',
                                     '"01"^^<http://www.w3.org/2001/XMLSchema#integer>',
                                     '"+5"^^<http://www.w3.org/2001/XMLSchema#integer>',
                                     '"1E3"^^<http://www.w3.org/2001/XMLSchema#double>',
                                     '"1"^^<http://www.w3.org/2001/XMLSchema#boolean>'])
def test_a_value_the_store_writes_in_its_canonical_form_verifies_as_equal(oxigraph: OxigraphServer, literal: str):
    data = f'<http://example.org/s> <http://example.org/p> {literal} <{GRAPH}g1> .\n'.encode()
    with HttpClient(timeout=30) as client:
        report = push(graph_documents(data), GraphStore(oxigraph.store, client))
    assert [(o.graph, o.result) for o in report.outcomes] == [(GRAPH + "g1", "equal")]


def test_another_value_in_the_store_still_differs(oxigraph: OxigraphServer, gateway: Gateway):
    data = (f'<http://example.org/s> <http://example.org/p> "1731.0"^^<http://www.w3.org/2001/XMLSchema#decimal> '
            f'<{GRAPH}g1> .\n')
    with HttpClient(timeout=30) as client:
        push(graph_documents(data.encode()), GraphStore(oxigraph.store, client))
        # The gateway says 204 to the second PUT without passing it on: the store keeps 1731.
        gateway.matches = lambda method, path: method == "PUT"
        gateway.script = [Canned(204)]
        report = push(graph_documents(data.replace("1731.0", "1731.5").encode()),
                      GraphStore(gateway.base + "/store", client))
    assert [(o.graph, o.result) for o in report.outcomes] == [(GRAPH + "g1", "differs (1 triples missing, 1 unexpected)")]


def test_a_blank_node_shared_between_graphs_stays_one_node(oxigraph: OxigraphServer):
    data = (f'_:shared <http://example.org/name> "one node" <{GRAPH}g1> .\n'
            f'<http://example.org/a> <http://example.org/knows> _:shared <{GRAPH}g2> .\n'
            f'_:other <http://example.org/name> "another" <{GRAPH}g2> .\n').encode()
    documents = graph_documents(data)
    assert graph_documents(data) == documents  # the same labels give the same skolem IRIs
    with HttpClient(timeout=30) as client:
        push(documents, GraphStore(oxigraph.store, client))
        remote = RemoteGraph(SparqlEndpoint(oxigraph.query, client))
        joined = remote.query("SELECT ?x ?name WHERE { GRAPH g:g2 { <http://example.org/a> <http://example.org/knows> ?x }"
                              " GRAPH g:g1 { ?x <http://example.org/name> ?name } }")
    assert joined.rows == ((ox.BlankNode("shared"), ox.Literal("one node")),)
    stored = {q.subject for q in oxigraph.quads()} | {q.object for q in oxigraph.quads()}
    assert ox.NamedNode(GENID + "shared") in stored
    assert not any(isinstance(t, ox.BlankNode) for t in stored)


def test_the_shipped_graph_skolemises_the_same_way_in_every_build(nquads: bytes, scratch_project: Project):
    from spacekg.store.build import build

    rebuilt = build(scratch_project, force=True, as_of=__import__("datetime").date(2026, 11, 21)).snapshot.nquads
    assert graph_documents(rebuilt) == graph_documents(nquads)
    assert any(GENID.encode() in d.body for d in graph_documents(nquads))


def test_data_already_in_the_skolem_namespace_is_refused():
    from spacekg.errors import InputError

    with pytest.raises(InputError, match="namespace spacekg keeps for skolemised blank nodes"):
        graph_documents(f"<{GENID}x> <http://example.org/p> \"1\" <http://example.org/g> .\n".encode())


# --- What a conforming Graph Store may answer (W3C SPARQL 1.1 Graph Store Protocol tests) ---


def conforming_statuses() -> dict[str, set[int]]:
    """Each method's success statuses in the W3C Graph Store Protocol tests, and 404 for absence."""
    manifest = W3C / "sparql11-graph-store-protocol" / "manifest-indirect.ttl"
    if not manifest.is_file():
        pytest.skip(f"W3C test suites not found at {manifest.parent} (set SPACEKG_W3C_TESTS)")
    graph = Graph().parse(manifest, format="turtle")
    ht, mf = Namespace("http://www.w3.org/2011/http#"), Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
    codes = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404, "StatusCode2xx": 200}
    found: dict[str, set[int]] = {}
    for request in graph.subjects(ht.methodName, None):
        method = str(graph.value(request, ht.methodName))
        for response in graph.objects(request, ht.resp):
            for status in graph.objects(response, mf.expectedStatus):
                found.setdefault(method, set()).add(codes[str(status).rsplit("#", 1)[1]])
    return found


def test_the_client_accepts_every_status_the_w3c_tests_allow():
    allowed = conforming_statuses()
    assert allowed["PUT"] <= PUT_OK and allowed["POST"] <= POST_OK
    assert allowed["DELETE"] - {ABSENT} <= DELETE_OK and allowed["GET"] - {ABSENT} <= GET_OK
    assert ABSENT in allowed["GET"] and ABSENT in allowed["DELETE"]  # an absent graph is a 404


@pytest.mark.parametrize(("put_status", "delete_status"), [(200, 200), (201, 204), (204, 200)])
def test_a_push_through_any_conforming_answer_succeeds(run, gateway: Gateway, put_status: int, delete_status: int):
    assert put_status in PUT_OK and delete_status in DELETE_OK
    gateway.rewrite = lambda method, status: {"PUT": put_status, "DELETE": delete_status}.get(method, status) \
        if status < 300 else status
    gateway.backend.load(f'<http://example.org/s> <http://example.org/p> "stale" <{GRAPH}gone> .\n'.encode())
    for _ in range(2):  # the second push deletes a graph that is absent already: 404
        result = run("push", gateway.base + "/store", "--as-of", AS_OF, "--prune",
                     "--sparql-endpoint", gateway.base + "/query")
        assert result.exit_code == 0, result.output
    with HttpClient(timeout=10) as client:
        assert GraphStore(gateway.base + "/store", client).delete(GRAPH + "gone") is False
        assert GraphStore(gateway.base + "/store", client).get(GRAPH + "gone") is None


# --- A push that stops early says what reached the store ---


def answer_from(gateway: Gateway, method: str, nth: int, canned: Canned) -> None:
    """The gateway gives ``canned`` to the ``nth`` request of ``method``; the others reach the store."""
    counted = 0

    def matches(asked: str, path: str) -> bool:
        nonlocal counted
        counted += asked == method
        return asked == method and counted == nth

    gateway.matches = matches
    gateway.script = [canned]


def put_up_to(nquads: bytes, nth: int) -> str:
    """What the report says when the ``nth`` PUT was not confirmed and none after it was sent."""
    documents = graph_documents(nquads)
    done, total = documents[:nth - 1], sum(d.triples for d in documents)
    left = len(documents) - nth
    return (f"what reached the store: {nth - 1} of {len(documents)} graphs replaced "
            f"({sum(d.triples for d in done):,} of {total:,} triples), the PUT of {shorten(documents[nth - 1].graph or '')} "
            f"not confirmed" + (f", {left} not sent" if left else ""))


def graphs_in(oxigraph: OxigraphServer) -> set[str]:
    return {q.graph_name.value for q in oxigraph.quads() if isinstance(q.graph_name, ox.NamedNode)}


@pytest.mark.parametrize("nth", [1, 37, 73])
def test_a_push_the_store_fails_midway_says_which_graphs_reached_it(run, nquads: bytes, gateway: Gateway,
                                                                    oxigraph: OxigraphServer, nth: int):
    answer_from(gateway, "PUT", nth, Canned(500, b"the disk is full"))
    result = run("push", gateway.base + "/store", "--as-of", AS_OF, "--retries", "0")
    assert result.exit_code == ExitCode.REMOTE
    assert "HTTP 500 Internal Server Error: the disk is full; " + put_up_to(nquads, nth) in result.stderr
    assert "Traceback" not in result.output
    assert graphs_in(oxigraph) == {d.graph for d in graph_documents(nquads)[:nth - 1]}


@pytest.mark.parametrize("nth", [1, 40])
def test_a_push_the_store_answers_too_slowly_midway_says_which_graphs_reached_it(run, nquads: bytes,
                                                                                 gateway: Gateway, nth: int):
    answer_from(gateway, "PUT", nth, Canned(204, stall=3))
    result = run("push", gateway.base + "/store", "--as-of", AS_OF, "--retries", "0", "--timeout", "0.5")
    assert result.exit_code == ExitCode.LIMIT
    assert "no complete answer within the 0.5 s time limit (raise it with --timeout); " + put_up_to(nquads, nth) \
        in result.stderr


@pytest.mark.parametrize("nth", [1, 50])
def test_a_verification_the_store_fails_says_every_graph_was_replaced(run, nquads: bytes, gateway: Gateway,
                                                                      oxigraph: OxigraphServer, nth: int):
    answer_from(gateway, "GET", nth, Canned(503, b"restarting"))
    result = run("push", gateway.base + "/store", "--as-of", AS_OF, "--retries", "0")
    assert result.exit_code == ExitCode.REMOTE
    documents = graph_documents(nquads)
    total = sum(d.triples for d in documents)
    assert (f"restarting; what reached the store: {len(documents)} of {len(documents)} graphs replaced "
            f"({total:,} of {total:,} triples); {nth - 1} of {len(documents)} graphs verified when it stopped"
            in result.stderr)
    assert oxigraph.quads() == skolemised(nquads)


@pytest.mark.parametrize("nth", [1, 2])
def test_a_prune_the_store_fails_says_which_stale_graphs_went(run, nquads: bytes, gateway: Gateway,
                                                             oxigraph: OxigraphServer, nth: int):
    stale = [f"{GRAPH}a000-L98.1", f"{GRAPH}a000-L99.1"]
    oxigraph.load("".join(f'<http://example.org/s> <http://example.org/p> "stale" <{g}> .\n' for g in stale).encode())
    answer_from(gateway, "DELETE", nth, Canned(500, b"locked"))
    result = run("push", gateway.base + "/store", "--as-of", AS_OF, "--retries", "0", "--prune",
                 "--sparql-endpoint", gateway.base + "/query")
    assert result.exit_code == ExitCode.REMOTE
    gone = graphs_in(oxigraph)
    assert len(gone & set(stale)) == 3 - nth
    refused = stale[nth - 1]  # the store's graphs are listed in order
    assert refused in gone
    remaining = f", {2 - nth} not sent" if nth < 2 else ""
    assert (f"; {nth - 1} of 2 stale graphs deleted, the DELETE of {shorten(refused)} not confirmed{remaining}"
            in result.stderr)


@pytest.mark.parametrize("stage", ["post", "replace"])
def test_a_whole_dataset_push_the_store_fails_says_what_reached_it(run, nquads: bytes, gateway: Gateway,
                                                                   oxigraph: OxigraphServer, stage: str):
    old = f'<http://example.org/s> <http://example.org/p> "from an older build" <{GRAPH}entities> .\n'.encode()
    oxigraph.load(old)
    answer_from(gateway, "POST" if stage == "post" else "PUT", 1, Canned(500, b"out of space"))
    result = run("push", gateway.base + "/store", "--as-of", AS_OF, "--retries", "0", "--whole-dataset")
    assert result.exit_code == ExitCode.REMOTE
    documents = graph_documents(nquads)
    dataset = f"the dataset ({len(documents)} graphs, {sum(d.triples for d in documents):,} triples) was"
    if stage == "post":
        assert f"out of space; what reached the store: {dataset} sent and not confirmed\n" in result.stderr
        assert oxigraph.quads() == set(ox.parse(old, format=ox.RdfFormat.N_QUADS))
    else:
        assert (f"out of space; what reached the store: {dataset} posted; 0 of 1 graphs that kept older triples "
                "replaced, the PUT of g:entities not confirmed\n" in result.stderr)
        assert oxigraph.quads() == skolemised(nquads) | set(ox.parse(old, format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize(("name", "nth"), [("SIGINT", 1), ("SIGTERM", 2), ("SIGINT", 60), ("SIGTERM", 73)])
def test_a_push_stopped_by_a_signal_says_which_graphs_reached_the_store(project: Project, nquads: bytes,
                                                                        gateway: Gateway, oxigraph: OxigraphServer,
                                                                        name: str, nth: int):
    sent = signal.Signals[name]
    answer_from(gateway, "PUT", nth, Canned(204, stall=30))  # the store takes its time over this one
    child = subprocess.Popen([sys.executable, "-m", "spacekg", "--root", str(project.root), "push",
                              gateway.base + "/store", "--as-of", AS_OF], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, preexec_fn=interruptible)
    deadline = time.monotonic() + 60
    while sum(s.method == "PUT" for s in gateway.seen) < nth and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(sent)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == (ExitCode.INTERRUPTED if sent == signal.SIGINT else -sent), stderr
    assert f"stopped; {put_up_to(nquads, nth)}\n" in stderr and "Traceback" not in stderr
    assert graphs_in(oxigraph) == {d.graph for d in graph_documents(nquads)[:nth - 1]}


# --- Retries, time limits and credentials ---


def test_overload_is_retried_honouring_retry_after_up_to_the_cap(gateway: Gateway, nquads: bytes):
    gateway.matches = lambda method, path: method == "PUT"
    gateway.script = [Canned(503, b"busy", {"Retry-After": "2"}), Canned(429, b"slow down", {"Retry-After": "3600"}),
                      Canned(502, b"bad gateway")]
    waits: list[float] = []
    notes: list[str] = []
    with HttpClient(timeout=10, max_backoff=5, sleep=waits.append, on_retry=notes.append) as client:
        push(graph_documents(nquads), GraphStore(gateway.base + "/store", client), verify=Verify.NONE)
    assert waits == [2.0, 5.0, 2.0]  # Retry-After, then capped, then the third backoff step
    assert "HTTP 503 Service Unavailable; retry 1 of 4 in 2 s" in notes[0]
    puts = [s for s in gateway.seen if s.method == "PUT"]
    assert len(puts) == len(graph_documents(nquads)) + 3


def test_retries_end_with_the_server_message(run, gateway: Gateway):
    gateway.script = [Canned(503, b"the store is being restarted", {"Retry-After": "0"})] * 3
    result = run("push", gateway.base + "/store", "--as-of", AS_OF, "--retries", "2")
    assert result.exit_code == ExitCode.REMOTE
    assert "HTTP 503 Service Unavailable: the store is being restarted" in result.stderr
    assert len(gateway.seen) == 3
    assert result.stderr.count("retry ") == 2


def test_an_unreachable_store_is_exit_7_after_the_retries(run):
    from stores import free_port

    result = run("push", f"http://127.0.0.1:{free_port()}/store", "--as-of", AS_OF, "--retries", "1")
    assert result.exit_code == ExitCode.REMOTE
    assert "connection refused (is the server running?) (gave up after 2 attempts)" in result.stderr


def test_a_stalled_store_hits_the_time_limit(run, gateway: Gateway):
    gateway.script = [Canned(204, stall=3)]
    result = run("push", gateway.base + "/store", "--as-of", AS_OF, "--timeout", "0.5", "--retries", "0")
    assert result.exit_code == ExitCode.LIMIT
    assert "no complete answer within the 0.5 s time limit (raise it with --timeout)" in result.stderr


def test_the_time_limit_bounds_a_trickling_answer(gateway: Gateway):
    import time

    gateway.script = [Canned(200, b"x" * 100, {"Content-Type": "text/plain"}, trickle=0.05)]
    started = time.monotonic()
    with HttpClient(timeout=1, retries=0) as client, pytest.raises(LimitError):
        client.request("GET", gateway.base + "/anything")
    assert time.monotonic() - started < 2.5  # the whole answer would take 5 s


@pytest.mark.parametrize("kind", ["basic", "digest"])
def test_credentials_from_the_environment(run, gateway: Gateway, kind: str):
    gateway.auth = (kind, "dba", "s3cret pass")
    refused = run("push", gateway.base + "/store", "--as-of", AS_OF)
    assert refused.exit_code == ExitCode.REMOTE
    assert "HTTP 401" in refused.stderr and "SPACEKG_REMOTE_USER" in refused.stderr
    wrong = run("push", gateway.base + "/store", "--as-of", AS_OF,
                env={"SPACEKG_REMOTE_USER": "dba", "SPACEKG_REMOTE_PASSWORD": "wrong"})
    assert wrong.exit_code == ExitCode.REMOTE
    assert "the credentials from SPACEKG_REMOTE_USER were refused" in wrong.stderr
    assert "wrong" not in wrong.stderr
    right = run("push", gateway.base + "/store", "--as-of", AS_OF,
                env={"SPACEKG_REMOTE_USER": "dba", "SPACEKG_REMOTE_PASSWORD": "s3cret pass"})
    assert right.exit_code == 0, right.output
    assert sum(1 for s in gateway.seen if s.method == "PUT" and "Authorization" in s.headers) >= 70


def test_the_digest_gateway_agrees_with_the_standard_library(gateway: Gateway):
    """The test's Digest check is right: urllib's own Digest handler gets through it."""
    import urllib.request

    gateway.auth = ("digest", "dba", "s3cret")
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, gateway.base, "dba", "s3cret")
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
    url = gateway.base + "/store?graph=" + "http%3A%2F%2Fexample.org%2Fg"
    request = urllib.request.Request(url, data=b"<http://e/s> <http://e/p> <http://e/o> .", method="PUT",
                                     headers={"Content-Type": "text/turtle"})
    assert opener.open(request, timeout=10).status == 201


def test_credentials_from_a_netrc_file(run, gateway: Gateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    gateway.auth = ("basic", "reader", "from-netrc")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login reader password from-netrc\n")
    monkeypatch.setenv("NETRC", str(netrc))
    result = run("push", gateway.base + "/store", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    netrc.write_text("machine 127.0.0.1 login reader password from-netrc\nbogus entry\n")
    broken = run("push", gateway.base + "/store", "--as-of", AS_OF)
    assert broken.exit_code == ExitCode.INPUT
    assert f"{netrc}:2: bad follower token" in broken.stderr


def test_a_bearer_token_from_the_environment(run, gateway: Gateway):
    gateway.auth = ("bearer", "t0ken")
    result = run("push", gateway.base + "/store", "--as-of", AS_OF, env={"SPACEKG_REMOTE_TOKEN": "t0ken"})
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("url", ["http://dba:dba@127.0.0.1:1/store", "http://127.0.0.1:1/?access-token=abc",
                                 "ftp://127.0.0.1/store", "http:///store", "http://127.0.0.1:99999/store"])
def test_credentials_never_come_from_the_command_line(run, url: str):
    result = run("push", url, "--as-of", AS_OF)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "dba:dba" not in result.stderr and "abc" not in result.stderr


@pytest.mark.parametrize("query", ["graph=http://evil/", "default", "x=1&graph=urn:g", "default=&x=1"])
@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_a_store_url_that_names_a_graph_is_refused_before_anything_is_sent(run, query: str, dry_run):
    result = run("push", f"http://127.0.0.1:1/store?{query}", *dry_run, "--as-of", AS_OF)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "give the Graph Store's own URL, without ?" in result.stderr and "graphs would be sent" not in result.output


def test_credential_sources_in_order(tmp_path: Path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine store.example login n password p\n")
    url = "https://store.example/store"
    assert find_credentials(url, {"NETRC": str(netrc)}).user == "n"  # type: ignore[union-attr]
    both = {"NETRC": str(netrc), "SPACEKG_REMOTE_USER": "u", "SPACEKG_REMOTE_PASSWORD": "p"}
    assert find_credentials(url, both).user == "u"  # type: ignore[union-attr]
    assert find_credentials(url, {**both, "SPACEKG_REMOTE_TOKEN": "t"}).token == "t"  # type: ignore[union-attr]
    assert find_credentials("https://other.example/", {"NETRC": str(netrc)}) is None
    assert "p" not in repr(find_credentials(url, both))
    with pytest.raises(UsageError, match="set both"):
        find_credentials(url, {"SPACEKG_REMOTE_USER": "u"})
    assert parse_url(url).hostname == "store.example"
