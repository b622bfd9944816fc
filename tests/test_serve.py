"""`spacekg serve`, the real server on a loopback port: the protocol, formats, errors, limits that
really stop work, logs and stored queries as URLs."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest
from httpserver import Served, serve, spacekg_serve

from spacekg.sources.project import Project

pytestmark = pytest.mark.slow

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
T = TypeVar("T")
HUGE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
COUNTRIES = "SELECT ?c ?label WHERE { ?c a skg:Country ; rdfs:label ?label } ORDER BY ?label"


@pytest.fixture(scope="module")
def log_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("log") / "requests.jsonl"


@pytest.fixture(scope="module")
def server(project: Project, log_file: Path) -> Iterator[Served]:
    command = spacekg_serve(project.root, "--timeout", "3", "--max-timeout", "6", "--concurrency", "2",
                            "--memory-mb", "400", "--max-rows", "50", "--cors", "--log", str(log_file))
    with serve(command) as served:
        yield served


def get(server: Served, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    return server.request("GET", path, headers=headers)


def sparql_path(query: str, **params: str) -> str:
    return "/sparql?" + urlencode({"query": query, **params})


def cli(project: Project, *args: str) -> bytes:
    return subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), *args, "--as-of", "2026-11-21"],
                          capture_output=True, check=True).stdout


def until(probe: Callable[[], T], done: Callable[[T], bool], within: float = 10.0) -> T:
    """What ``probe`` gives once ``done`` holds of it, or its last answer after ``within`` seconds:
    a loaded machine may take longer than any fixed pause."""
    deadline = time.monotonic() + within
    while not done(seen := probe()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return seen


def workers(server: Served) -> set[int]:
    """The query workers: the children of the zygote, the server's one child."""
    def children(pid: int) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]
    return {w for z in children(server.process.pid) for w in children(z)}


# --- Protocol ---


def test_query_by_get_form_post_and_direct_post_give_the_same_answer(server: Served):
    by_get = get(server, sparql_path(COUNTRIES))
    by_form = server.request("POST", "/sparql", urlencode({"query": COUNTRIES}).encode(),
                             {"Content-Type": "application/x-www-form-urlencoded"})
    direct = server.request("POST", "/sparql", COUNTRIES.encode(), {"Content-Type": "application/sparql-query"})
    assert by_get[0] == by_form[0] == direct[0] == 200
    assert by_get[2] == by_form[2] == direct[2]
    assert by_get[1]["content-type"] == "application/sparql-results+json; charset=utf-8"
    names = [b["label"]["value"] for b in json.loads(by_get[2])["results"]["bindings"]]
    assert "China" in names and names == sorted(names)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv", "table"])
def test_answers_are_the_bytes_the_cli_writes(server: Served, project: Project, fmt: str):
    status, _, body = get(server, f"/queries/ordinals?format={fmt}")
    assert status == 200
    assert body == cli(project, "query", "ordinals", "-f", fmt)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"])
def test_graph_answers_are_the_bytes_the_cli_writes(server: Served, project: Project, fmt: str):
    query = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a skg:Country ; rdfs:label ?l }"
    status, _, body = get(server, sparql_path(query, format=fmt))
    assert status == 200
    assert body == cli(project, "sparql", query, "-f", fmt)


def test_the_default_graph_is_the_union_and_the_protocol_can_pick_graphs(server: Served):
    ask = "ASK { d:china a skg:Country }"
    assert json.loads(get(server, sparql_path(ask))[2])["boolean"] is True
    entities = "https://w3id.org/spacekg/graph/entities"
    ontology = "https://w3id.org/spacekg/graph/ontology"
    assert json.loads(get(server, sparql_path(ask, **{"default-graph-uri": entities}))[2])["boolean"] is True
    assert json.loads(get(server, sparql_path(ask, **{"default-graph-uri": ontology}))[2])["boolean"] is False
    status, _, body = get(server, sparql_path(ask, **{"default-graph-uri": "http://example.org/elsewhere"}))
    assert status == 400 and b"names no graph of this store" in body


def test_content_negotiation_follows_q_values_and_406_when_nothing_fits(server: Served):
    path = sparql_path(COUNTRIES)
    status, headers, _ = get(server, path, Accept="text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+xml")
    status, headers, _ = get(server, path, Accept="text/*;q=0.2, text/tab-separated-values")
    assert headers["content-type"].startswith("text/tab-separated-values")
    status, headers, body = get(server, path, Accept="text/turtle")
    assert status == 406 and b"no acceptable format" in body
    status, headers, _ = get(server, sparql_path(COUNTRIES, format="csv"), Accept="application/sparql-results+json")
    assert headers["content-type"].startswith("text/csv")


def test_a_browser_gets_a_table_with_labels(server: Served):
    status, headers, body = get(server, sparql_path(COUNTRIES), Accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"<td title=\"https://w3id.org/spacekg/id/china\">China <small>d:china</small></td>" in body


def test_get_without_a_query_describes_the_service(server: Served):
    status, headers, body = get(server, "/sparql", Accept="text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = {t.object.value for t in graph if t.predicate.value == sd + "endpoint"}
    assert endpoints == {server.url}
    status, headers, body = get(server, "/sparql", Accept="text/html")
    assert headers["content-type"].startswith("text/html") and b"yasgui.min.js" in body


# --- Errors, each decided before the first byte ---


def test_a_malformed_query_is_400_with_line_and_column(server: Served):
    status, headers, body = get(server, sparql_path("SELECT ?x WHERE {\n  ?x ?y \n}"))
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.startswith(b"Error: malformed query") and b"3:2" in body and body.count(b"\n") == 1


def test_refused_features_and_updates(server: Served):
    status, _, body = get(server, sparql_path("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"))
    assert status == 400 and b"SERVICE is not allowed" in body
    status, _, _ = server.request("POST", "/sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = server.request("POST", "/sparql", b"update=CLEAR%20ALL",
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, headers, _ = server.request("PUT", "/sparql", b"x", {"Content-Type": "text/turtle"})
    assert status == 405 and "POST" in headers["allow"]


def test_bodies_over_a_mebibyte_unknown_types_and_bad_encodings(server: Served):
    status, _, body = server.request("POST", "/sparql", b"#" * (1024 * 1024 + 1), {"Content-Type": "application/sparql-query"})
    assert status == 413
    status, _, body = server.request("POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = server.request("POST", "/sparql", "ASK {}".encode("utf-16"),
                                  {"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert status == 415
    status, _, body = server.request("POST", "/sparql", b"ASK { ?s ?p \"\xff\" }", {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"not UTF-8" in body
    assert get(server, "/sparql?query=ASK%7B%7D&query=ASK%7B%7D")[0] == 400


def test_an_answer_over_max_rows_is_an_error_unless_truncation_is_asked_for(server: Served):
    query = "SELECT ?s WHERE { ?s a ?type } ORDER BY ?s"
    status, _, body = get(server, sparql_path(query))
    assert status == 422 and b"more than 50 rows" in body
    status, headers, body = get(server, sparql_path(query, truncate="true", format="csv"))
    assert status == 200 and headers["spacekg-rows-exported"] == "50"
    assert int(headers["spacekg-rows-total"]) > 50
    assert body.count(b"\r\n") == 51


# --- Limits that really stop work ---


def test_a_timeout_stops_the_query_at_its_deadline(server: Served):
    before = workers(server)
    started = time.monotonic()
    status, headers, body = get(server, sparql_path(SLOW, timeout="1"))
    elapsed = time.monotonic() - started
    assert status == 503 and headers["retry-after"] and b"1 s time limit" in body
    assert 1.0 <= elapsed < 4.0
    after = until(lambda: workers(server), lambda now: len(now) == 2 and bool(before - now))
    assert len(after) == len(before) == 2 and before - after  # the killed worker was replaced
    assert get(server, sparql_path("ASK {}"))[0] == 200


def test_a_request_cannot_raise_its_timeout_past_the_maximum(server: Served):
    started = time.monotonic()
    status, _, body = get(server, sparql_path(SLOW, timeout="1000"))
    assert status == 503 and b"6 s time limit" in body
    assert time.monotonic() - started < 10


def test_a_query_at_its_memory_cap_is_stopped(server: Served):
    status, headers, body = get(server, sparql_path(HUGE, timeout="6"))
    assert status == 503 and b"memory cap" in body
    assert get(server, sparql_path("ASK {}"))[0] == 200


def test_a_client_that_disconnects_stops_its_query(server: Served):
    before = workers(server)
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port)) as client:
        client.sendall(f"GET {sparql_path(SLOW, timeout='6')} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        time.sleep(1.0)
    time.sleep(1.0)
    assert any(" 499 " in line for line in server.read_log(until=" 499 "))
    assert before - workers(server)  # the worker that ran it is gone
    # both workers are free again: two quick queries at once answer without waiting
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(get(server, sparql_path("ASK {}"))[0])) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200, 200]


def test_a_worker_killed_by_hand_is_replaced(server: Served):
    import os
    import signal

    victim = min(workers(server))
    os.kill(victim, signal.SIGKILL)
    time.sleep(1.0)
    assert victim not in workers(server) and len(workers(server)) == 2
    assert all(get(server, sparql_path("ASK {}"))[0] == 200 for _ in range(4))


@pytest.mark.parametrize(("path", "message"), [
    ("/sparql?query=", b"empty query"), ("/sparql?query=%20%0A", b"empty query"),
    ("/sparql?query=ASK%20%7B%7D%FF", b"the query string is not UTF-8, percent-encoded (byte 0xff)"),
])
def test_an_empty_query_or_bytes_that_are_not_utf8_are_named(server: Served, path: str, message: bytes):
    status, _, body = get(server, path)
    assert status == 400 and message in body, body


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_each_header_is_sent_once(server: Served, method: str):
    import http.client

    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, "/sparql", headers={"Accept": "text/turtle"})
        names = [name.lower() for name, _ in connection.getresponse().getheaders()]
    finally:
        connection.close()
    assert len(names) == len(set(names)), names


def test_a_query_running_when_the_server_stops_gets_503_and_no_traceback_is_printed(project: Project):
    with serve(spacekg_serve(project.root, "--concurrency", "1", "--timeout", "30")) as one:
        answers: list[tuple[int, dict[str, str], bytes]] = []
        slow = threading.Thread(target=lambda: answers.append(one.request("GET", sparql_path(SLOW))))
        slow.start()
        # The slow query holds the one worker once a quick one is turned away as busy.
        busy = until(lambda: one.request("GET", sparql_path("ASK {}")), lambda r: r[0] == 503)
        assert busy[0] == 503
        one.process.send_signal(signal.SIGINT)
        slow.join(timeout=30)
        assert one.process.wait(timeout=30) in (0, 130)
        log = "\n".join(one.read_log(timeout=1.0))
    assert answers and answers[0][0] == 503 and b"shutting down" in answers[0][2], answers
    assert "Traceback" not in log, log


def test_when_every_worker_is_busy_a_request_gets_503_with_retry_after(project: Project):
    with serve(spacekg_serve(project.root, "--concurrency", "1", "--timeout", "5")) as one:
        slow = threading.Thread(target=lambda: one.request("GET", sparql_path(SLOW)))
        slow.start()
        # Until the slow query holds the one worker, a quick one is still answered.
        status, headers, body = until(lambda: one.request("GET", sparql_path("ASK {}")), lambda r: r[0] != 200)
        slow.join()
        assert status == 503 and headers["retry-after"] and b"busy" in body


# --- Logs ---


def test_each_request_is_logged_in_one_line_and_in_json_with_its_text(server: Served, log_file: Path):
    status, headers, _ = get(server, sparql_path(COUNTRIES))
    request_id = headers["x-request-id"]
    lines = [line for line in server.read_log(until=f"{request_id} GET") if line.startswith(f"{request_id} ")]
    assert len(lines) == 1
    fields = lines[0].split()
    assert fields[1:3] == ["GET", fields[2]] and fields[3] == "200" and fields[4].endswith("ms")
    assert fields[5].startswith("rows=") and fields[6].startswith("query=")
    record = next(json.loads(line) for line in log_file.read_text().splitlines()
                  if json.loads(line)["id"] == int(request_id))
    assert record["query"] == COUNTRIES and record["status"] == 200 and record["rows"] == int(fields[5][5:])


# --- Stored queries as URLs ---


def test_stored_queries_are_listed_in_json_and_html(server: Served, project: Project):
    status, headers, body = get(server, "/queries/")
    listed = {q["name"]: q for q in json.loads(body)}
    assert {p.stem for p in project.queries_dir.glob("*.rq")} == set(listed)
    assert listed["plans-by-target"]["parameters"][0]["name"] == "target"
    status, headers, body = get(server, "/queries/", Accept="text/html")
    assert headers["content-type"].startswith("text/html") and b'action="/queries/plans-by-target"' in body


def test_a_stored_query_runs_with_typed_parameters_and_the_cli_errors(server: Served, project: Project):
    status, _, body = get(server, "/queries/plans-by-target?target=d:mars&format=table")
    assert status == 200 and body == cli(project, "query", "plans-by-target", "-p", "target=d:mars")
    status, _, body = get(server, "/queries/events-in-year?year=twenty")
    assert status == 400 and b"not a valid integer" in body
    status, _, body = get(server, "/queries/plans-by-target?colour=red")
    assert status == 400 and b"no parameter 'colour'" in body
    status, _, body = get(server, "/queries/ordinal")
    assert status == 404 and b"did you mean ordinals" in body
    status, _, body = get(server, "/queries/" + quote("../etc/passwd", safe=""))
    assert status == 404


def test_cors_when_asked(server: Served):
    status, headers, _ = server.request("OPTIONS", "/sparql", headers={"Origin": "http://example.org",
                                                                      "Access-Control-Request-Method": "POST"})
    assert status == 204 and "POST" in headers["access-control-allow-methods"]
    assert get(server, sparql_path("ASK {}"))[1]["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("family,host", [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")])
def test_the_server_turns_nagle_off_on_every_connection(family: socket.AddressFamily, host: str):
    # With Nagle on, a response body written after its head waits for the client's delayed ACK.
    import asyncio

    from spacekg.http.server import tcp_socket

    try:
        listening = tcp_socket(socket.create_server((host, 0), family=family))
    except OSError:
        pytest.skip(f"no {family.name} loopback here")
    seen: list[int] = []

    async def main() -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            seen.append(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(handle, sock=listening)
        _, writer = await asyncio.open_connection(host, listening.getsockname()[1])
        while not seen:
            await asyncio.sleep(0.01)
        writer.close()
        server.close()

    asyncio.run(main())
    assert seen and seen[0] != 0
