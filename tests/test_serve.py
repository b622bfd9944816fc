"""`spacekg serve`, the real server on a loopback port: the protocol, formats, errors, limits that
really stop work, logs and stored queries as URLs."""

from __future__ import annotations

import json
import re
import resource
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

from spacekg.formats.kinds import ALIASES
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


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "jsonld-expanded", "rdfxml", "trig", "nquads"])
def test_graph_answers_are_the_bytes_the_cli_writes(server: Served, project: Project, fmt: str):
    query = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a skg:Country ; rdfs:label ?l }"
    status, _, body = get(server, sparql_path(query, format=fmt))
    assert status == 200
    assert body == cli(project, "sparql", query, "-f", fmt)


@pytest.mark.parametrize("query", [
    "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a skg:Country ; rdfs:label ?l }",
    "DESCRIBE d:china",
])
@pytest.mark.parametrize(("family", "accept", "fmt"), [
    # What SPARQLWrapper sends: its return format thrice as format=, output= and results=,
    # with an Accept header for the kind of query or */*.
    ("xml", "application/rdf+xml", "rdfxml"),
    ("xml", "*/*", "rdfxml"),
    ("json", "*/*", "jsonld"),
    ("JSON", "", "jsonld"),
])
def test_format_json_or_xml_answers_a_graph_in_json_ld_or_rdf_xml(server: Served, project: Project, query: str,
                                                                   family: str, accept: str, fmt: str):
    path = sparql_path(query, format=family, output=family, results=family)
    status, _, body = get(server, path, Accept=accept)
    assert status == 200
    assert body == cli(project, "sparql", query, "-f", fmt)
    by_form = server.request("POST", "/sparql", urlencode({"query": query, "format": family}).encode(),
                             {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    assert (by_form[0], by_form[2]) == (200, body)


@pytest.mark.parametrize("family", ["json", "xml"])
def test_format_json_or_xml_still_answers_rows_and_booleans_in_sparql_results(server: Served, family: str):
    for query in (COUNTRIES, "ASK { d:china a skg:Country }"):
        status, headers, _ = get(server, sparql_path(query, format=family))
        assert status == 200 and headers["content-type"].startswith(f"application/sparql-results+{family}")


def test_the_service_description_is_rdf_xml_for_format_xml(server: Served):
    status, headers, body = get(server, "/sparql?format=xml")
    assert status == 200 and headers["content-type"].startswith("application/rdf+xml")
    assert list(ox.parse(body, format=ox.RdfFormat.RDF_XML))


MEDIA_TYPES = sorted(alias for alias in ALIASES if alias.partition("/")[0] in ("text", "application"))


@pytest.mark.parametrize("media_type", MEDIA_TYPES)
def test_a_media_type_that_format_takes_is_accepted_in_accept_too(server: Served, media_type: str):
    graph = ALIASES[media_type] in ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")
    query = "CONSTRUCT WHERE { d:china a ?c }" if graph else COUNTRIES
    by_format = get(server, sparql_path(query, format=media_type))
    by_accept = get(server, sparql_path(query), Accept=media_type)
    assert by_format[0] == by_accept[0] == 200
    assert by_format[1]["content-type"] == by_accept[1]["content-type"] and by_format[2] == by_accept[2]


EXPANDED = "http://www.w3.org/ns/json-ld#expanded"


@pytest.mark.parametrize(("accept", "fmt"), [
    (f'application/ld+json;profile="{EXPANDED}"', "jsonld-expanded"),
    (f'application/ld+json; profile="http://www.w3.org/ns/json-ld#flattened {EXPANDED}"', "jsonld-expanded"),
    (f'text/turtle;q=0.5, application/ld+json;profile="{EXPANDED}"', "jsonld-expanded"),
    (f'application/ld+json;profile="{EXPANDED}";q=0.5, application/ld+json', "jsonld"),
    ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "jsonld"),
    ("application/ld+json", "jsonld"),
])
def test_the_json_ld_profile_in_accept_chooses_the_expanded_or_compact_form(server: Served, project: Project,
                                                                              accept: str, fmt: str):
    query = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a skg:Country ; rdfs:label ?l }"
    status, headers, body = get(server, sparql_path(query), Accept=accept)
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    assert (EXPANDED in headers["content-type"]) == (fmt == "jsonld-expanded")
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


@pytest.mark.parametrize("query", [COUNTRIES, "ASK { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"])
def test_a_406_names_each_media_type_the_answer_can_have_once(server: Served, query: str):
    status, _, body = get(server, sparql_path(query), Accept="image/png")
    assert status == 406
    offered = body.decode().split("this one can be: ", 1)[1].split('"')[0].strip().rstrip(".").split(", ")
    assert len(offered) == len(set(offered)) > 1


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


@pytest.mark.parametrize("form", [b"", b"foo=bar", b"format=json",
                                  b"default-graph-uri=https%3A%2F%2Fw3id.org%2Fspacekg%2Fgraph%2Fentities"])
def test_a_form_post_without_a_query_is_400_not_the_service_description(server: Served, form: bytes):
    status, _, body = server.request("POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                               "Accept": "text/turtle"})
    assert status == 400 and b"no query" in body and b"query=" in body, body


@pytest.mark.parametrize("text", [b"", b"  \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\t"])
def test_an_empty_direct_post_is_400_and_is_not_told_to_use_query_parameters(server: Served, text: bytes):
    status, _, body = server.request("POST", "/sparql", text, {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"empty query" in body and b"request body" in body and b"query=" not in body, body


@pytest.mark.parametrize("query", ['ASK { FILTER("é" = "é") }',
                                   'SELECT ?l WHERE { d:china rdfs:label ?l FILTER(?l != "中国") }',
                                   'ASK { FILTER(STRLEN("🚀 Луна") = 6) }'])
def test_a_form_post_may_carry_raw_utf8_as_browsers_and_curl_send_it(server: Served, query: str):
    raw = server.request("POST", "/sparql", b"query=" + query.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    encoded = server.request("POST", "/sparql", urlencode({"query": query}).encode(),
                             {"Content-Type": "application/x-www-form-urlencoded"})
    assert raw[0] == encoded[0] == 200 and raw[2] == encoded[2], raw
    assert b"true" in raw[2] or b"China" in raw[2]


@pytest.mark.parametrize("form", [b"query=ASK%7B%7D%FF", b"query=ASK{FILTER(\"\xe9\"=\"\xe9\")}", b"query=ASK\xc3{}"])
def test_a_form_that_is_not_utf8_is_400_naming_the_byte(server: Served, form: bytes):
    status, _, body = server.request("POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"the form is not UTF-8" in body and b"(byte 0x" in body, body


@pytest.mark.parametrize("query", ["ASK {}", COUNTRIES, 'ASK { FILTER("é" = "é") }'])
def test_a_byte_order_mark_before_a_direct_post_is_no_part_of_the_query(server: Served, query: str):
    plain = server.request("POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
    marked = server.request("POST", "/sparql", b"\xef\xbb\xbf" + query.encode(),
                            {"Content-Type": "application/sparql-query"})
    assert marked[0] == plain[0] == 200 and marked[2] == plain[2], marked


# Queries under the 64 KiB query limit whose URL, percent-encoded, is over 64 KiB.
@pytest.mark.parametrize("query", [
    'ASK { FILTER("' + "月" * 7500 + '" != "") }',
    'ASK { FILTER("' + "🚀" * 6000 + '" != "") }',
    'ASK { FILTER("' + "Луна " * 6000 + '" != "") }',
    'ASK { FILTER("' + "<>{}" * 6000 + '" != "") }',
])
def test_a_query_under_the_query_limit_fits_in_a_url_however_it_is_encoded(server: Served, query: str):
    path = sparql_path(query)
    assert len(query.encode()) < 64 * 1024 < len(path)
    status, _, body = get(server, path)
    assert status == 200 and json.loads(body)["boolean"] is True, body


def test_a_query_over_the_query_limit_by_get_is_413(server: Served):
    status, headers, body = get(server, sparql_path('ASK { FILTER("' + "月" * 30000 + '" != "") }'))
    assert status == 413 and b"65536-byte limit" in body
    assert any(line.startswith(f"{headers['x-request-id']} GET /sparql") and " 413 " in line
               for line in server.read_log(until=f"{headers['x-request-id']} GET"))


@pytest.mark.parametrize("size", [1024 * 1024 + 1, 3 * 1024 * 1024])
def test_a_url_over_a_mebibyte_is_414_telling_to_post_and_is_logged(server: Served, size: int):
    path = "/sparql?query=" + "a" * (size - len("query="))
    status, headers, body = get(server, path)
    assert status == 414 and b"by POST" in body and f"{size} bytes".encode() in body, body
    request_id = headers["x-request-id"]
    assert any(line.startswith(f"{request_id} GET /sparql?{size}B 414 ")
               for line in server.read_log(until=f"{request_id} GET"))


@pytest.mark.parametrize("host", ["a b", "a>b", "a<script>", "evil.example/path", "a@b", "[zz]", "[::1", "x:99999",
                                  "x:8o", ""])
@pytest.mark.parametrize("path", ["/sparql?query=ASK%7B%7D", "/sparql", "/queries/", "/queries/ordinals"])
def test_a_host_header_that_is_no_host_and_port_is_400_naming_it_and_logged(server: Served, host: str, path: str):
    before = workers(server)
    status, headers, body = get(server, path, Host=host)
    assert status == 400 and f"the Host header {host!r} is not a host".encode() in body, body
    request_id = headers["x-request-id"]
    assert any(line.startswith(f"{request_id} GET /") and " 400 " in line
               for line in server.read_log(until=f"{request_id} GET"))
    assert workers(server) == before  # no query ran, so no worker died


@pytest.mark.parametrize("host", ["evil.example", "localhost:1", "[::1]:8080", "127.0.0.1"])
def test_answers_do_not_depend_on_the_host_header(server: Served, host: str):
    query = "SELECT ?x WHERE { BIND(<rel> AS ?x) }"
    status, _, body = get(server, sparql_path(query), Host=host, Accept="text/csv")
    assert status == 200 and body.decode().splitlines() == ["x", f"{server.base}/rel"]
    # The service description names the address the client used, which is all it is for.
    status, _, body = get(server, "/sparql", Host=host, Accept="application/n-triples")
    assert status == 200 and f"<http://{host}/sparql>".encode() in body


def test_a_query_nested_deeper_than_a_main_threads_stack_holds_is_answered(server: Served):
    deep = "SELECT (COUNT(*) AS ?n) WHERE " + "{" * 10_000 + " ?c a skg:Country " + "}" * 10_000
    shallow = "SELECT (COUNT(*) AS ?n) WHERE { ?c a skg:Country }"
    answers = [server.request("POST", "/sparql", q.encode(), {"Content-Type": "application/sparql-query",
                                                              "Accept": "text/csv"}) for q in (deep, shallow)]
    assert [status for status, _, _ in answers] == [200, 200], answers
    assert answers[0][2] == answers[1][2]


def test_a_query_that_crashes_its_worker_is_a_500_that_says_so_not_the_memory_cap(server: Served):
    deep = "SELECT * WHERE " + "{" * 30_000 + "}" * 30_000
    status, headers, body = server.request("POST", "/sparql", deep.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 500 and b"crashed (SIGSEGV)" in body and b"memory" not in body, body
    assert "retry-after" not in headers
    assert get(server, sparql_path("ASK {}"))[0] == 200


# --- Errors, each decided before the first byte ---


def test_a_malformed_query_is_400_with_line_and_column(server: Served):
    status, headers, body = get(server, sparql_path("SELECT ?x WHERE {\n  ?x ?y \n}"))
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.startswith(b"Error: malformed query") and b"3:2" in body and body.count(b"\n") == 1


def test_refused_features_and_updates(server: Served):
    status, _, body = get(server, sparql_path("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"))
    assert status == 400 and b"SERVICE is not allowed" in body
    assert b"this endpoint never reaches other services" in body and b"--allow-service" not in body
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


@pytest.mark.parametrize("kind", ["application/x-www-form-urlencoded", "application/sparql-query"])
@pytest.mark.parametrize(("charset", "status"), [("", 200), ("; charset=utf-8", 200), ("; Charset=\"UTF-8\"", 200),
                                                 ("; charset=iso-8859-1", 415), ("; charset=windows-1252", 415),
                                                 ("; charset=utf-16", 415)])
def test_a_query_body_in_another_charset_than_utf8_is_refused(server: Served, kind: str, charset: str, status: int):
    body = urlencode({"query": "ASK {}"}).encode() if kind.endswith("urlencoded") else b"ASK {}"
    answer, _, message = server.request("POST", "/sparql", body, {"Content-Type": kind + charset})
    assert answer == status, message
    if status == 415:
        assert b"must be sent in UTF-8" in message


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
    assert status == 503 and b"memory cap" in body and headers["retry-after"]
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
    ("/sparql?query=%23%20only%20a%20comment%0A%20%20%23%20and%20another", b"empty query"),
    ("/sparql?query=ASK%20%7B%7D%FF", b"the query string is not UTF-8, raw or percent-encoded (byte 0xff)"),
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


def stop(served: Served, how: str) -> None:
    """Send the signal ``how`` names: to the server alone, or to its process group as a service
    manager (systemd) or ``timeout`` does, so that the zygote and the workers get it too."""
    import os

    number = signal.Signals[how.split()[0]]
    if how.endswith("group"):
        os.killpg(served.process.pid, number)
    else:
        served.process.send_signal(number)


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGTERM to the group"])
def test_a_query_running_when_the_server_stops_gets_503_and_no_traceback_is_printed(project: Project, how: str):
    with serve(spacekg_serve(project.root, "--concurrency", "1", "--timeout", "30")) as one:
        answers: list[tuple[int, dict[str, str], bytes]] = []
        slow = threading.Thread(target=lambda: answers.append(one.request("GET", sparql_path(SLOW))))
        slow.start()
        # The slow query holds the one worker once a quick one is turned away as busy.
        busy = until(lambda: one.request("GET", sparql_path("ASK {}")), lambda r: r[0] == 503)
        assert busy[0] == 503
        stop(one, how)
        slow.join(timeout=30)
        assert one.process.wait(timeout=30) in ((0, 130) if how == "SIGINT" else (0,))
        log = "\n".join(one.read_log(timeout=1.0))
    assert answers and answers[0][0] == 503 and b"shutting down" in answers[0][2], answers
    assert answers[0][1]["retry-after"]
    assert any(line.startswith(f"{answers[0][1]['x-request-id']} GET /sparql?") and " 503 " in line
               for line in log.splitlines()), log
    assert "Traceback" not in log and "exception" not in log, log


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGTERM to the group"])
def test_an_idle_server_stops_cleanly(project: Project, how: str):
    with serve(spacekg_serve(project.root, "--concurrency", "3")) as idle:
        assert idle.request("GET", sparql_path("ASK {}"))[0] == 200
        stop(idle, how)
        assert idle.process.wait(timeout=30) in ((0, 130) if how == "SIGINT" else (0,))
        log = "\n".join(idle.read_log(timeout=1.0))
    assert "Traceback" not in log and "exception" not in log and "ERROR" not in log, log


# The soft limit only, which the test may raise again.
_LIMITED = "import os, resource as r, sys; r.setrlimit(r.RLIMIT_FSIZE, (int(sys.argv[1]), r.RLIM_INFINITY)); " \
           "os.execv(sys.executable, [sys.executable, *sys.argv[2:]])"


@pytest.mark.parametrize("room", [0, 300, 700])
def test_a_request_log_the_disk_has_no_room_for_keeps_whole_lines_and_the_server_answering(
        project: Project, tmp_path: Path, room: int):
    log_file = tmp_path / "requests.jsonl"
    command = spacekg_serve(project.root, "--log", str(log_file))
    # A file-size limit of ``room`` bytes stands for a disk that fills up while the server runs.
    with serve([sys.executable, "-c", _LIMITED, str(room), *command[1:]]) as full:
        assert [full.request("GET", sparql_path(f"ASK {{ ?s ?p {n} }}"))[0] for n in range(4)] == [200] * 4
        full.read_log(until="4 GET /sparql")  # logged after its answer is sent
        kept = [json.loads(line)["id"] for line in log_file.read_text().splitlines()]
        assert len(kept) < 4 and log_file.read_text().endswith("\n" if kept else "")
        resource.prlimit(full.process.pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)  # room again
        assert full.request("GET", sparql_path("ASK {}"))[0] == 200
        full.process.send_signal(signal.SIGINT)
        assert full.process.wait(timeout=30) in (0, 130)
        log = "\n".join(full.read_log(timeout=1.0))
    assert [json.loads(line)["id"] for line in log_file.read_text().splitlines()] == [*kept, 5]
    assert f"Warning: {log_file}: cannot write: File too large; lines are left out of it" in log
    assert f"Warning: {log_file}: written again; {4 - len(kept)} lines were left out of it" in log
    assert "Traceback" not in log and "internal error" not in log, log


# The server's graph as a large one is: an on-disk store, which each new query worker opens.
_STORED = "import sys; from spacekg.store import snapshot; snapshot.IN_MEMORY_QUADS = 0; " \
          "from spacekg.cli import main; main()"


def test_builds_made_while_the_server_runs_leave_the_store_its_new_workers_open(scratch_project: Project):
    from spacekg.store.snapshot import KEEP_BUILDS, builds_dir, write_build

    def another_build(n: int) -> None:  # small, but pruning the older builds as every build does
        write_build(scratch_project, f"{n}@2000-01-01", f"<http://e/s> <http://e/p> \"{n}\" <http://e/g> .\n".encode(),
                    graphs=1, store=False)

    command = [sys.executable, "-c", _STORED, *spacekg_serve(scratch_project.root, "--timeout", "1",
                                                               "--concurrency", "1")[3:]]
    with serve(command) as served:
        (serving,) = builds_dir(scratch_project).iterdir()
        assert (serving / "store").is_dir()
        for n in range(KEEP_BUILDS):  # enough newer builds to prune the served one
            another_build(n)
        assert serving.is_dir()
        # The worker stopped at its time limit is replaced by one that opens the store again.
        assert served.request("GET", sparql_path(SLOW))[0] == 503
        status, _, body = served.request("GET", sparql_path(COUNTRIES, format="csv"))
        assert status == 200 and b"China" in body, body
        served.process.send_signal(signal.SIGINT)
        served.process.wait(timeout=30)
    another_build(KEEP_BUILDS)  # the lock went with the server
    assert not serving.exists()


def test_a_store_removed_under_the_server_is_a_503_saying_what_to_do_until_it_is_built_again(
        scratch_project: Project):
    import shutil

    command = [sys.executable, "-c", _STORED, *spacekg_serve(scratch_project.root, "--timeout", "1",
                                                               "--concurrency", "1")[3:]]
    with serve(command) as served:
        shutil.rmtree(scratch_project.cache_dir)  # what no lock can stop: the cache deleted by hand
        assert served.request("GET", sparql_path(SLOW))[0] == 503  # the worker that had it open, stopped
        answers = [served.request("GET", path) for path in (sparql_path(COUNTRIES), "/queries/events-in-year")]
        log = "\n".join(served.read_log(until=f"{answers[-1][1]['x-request-id']} GET /queries/"))
        rebuilt = subprocess.run([sys.executable, "-c", _STORED, "--root", str(scratch_project.root), "build",
                                  "--as-of", "2026-11-21"],
                                 capture_output=True, text=True)
        again = served.request("GET", sparql_path(COUNTRIES))
    for status, headers, body in answers:
        assert status == 503 and body.decode().startswith("Error: the server cannot open its graph: its build was "
                                                          "removed from the project's cache while the server ran")
        assert b"run spacekg build --as-of 2026-11-21 in the project to build it again, or restart spacekg serve" \
            in body and b"Traceback" not in body
        line = next(line for line in log.splitlines() if line.startswith(f"{headers['x-request-id']} GET /"))
        assert " 503 " in line and "the query's worker failed: the graph could not be opened: " in line, line
    assert "Traceback" not in log
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert again[0] == 200 and b"China" in again[2]


def test_when_every_worker_is_busy_a_request_gets_503_with_retry_after(project: Project):
    with serve(spacekg_serve(project.root, "--concurrency", "1", "--timeout", "5")) as one:
        slow = threading.Thread(target=lambda: one.request("GET", sparql_path(SLOW)))
        slow.start()
        # Until the slow query holds the one worker, a quick one is still answered.
        status, headers, body = until(lambda: one.request("GET", sparql_path("ASK {}")), lambda r: r[0] != 200)
        slow.join()
        assert status == 503 and headers["retry-after"] and b"busy" in body


def test_when_the_wait_queue_is_full_a_request_gets_503_at_once(project: Project):
    with serve(spacekg_serve(project.root, "--concurrency", "1", "--timeout", "8")) as one:
        slow = threading.Thread(target=lambda: one.request("GET", sparql_path(SLOW)))
        slow.start()
        until(lambda: one.request("GET", sparql_path("ASK {}")), lambda r: r[0] == 503)
        answers: list[tuple[int, float]] = []

        def ask() -> None:
            started = time.monotonic()
            status = one.request("GET", sparql_path("ASK {}"))[0]
            answers.append((status, time.monotonic() - started))

        # One worker lets 8 requests wait for it, a second at most each; the others are turned away.
        askers = [threading.Thread(target=ask) for _ in range(16)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        slow.join()
    assert all(status == 503 for status, _ in answers)
    waited = sorted(seconds for _, seconds in answers)
    assert waited[0] < 0.5 and waited[-1] >= 0.9, waited


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


def test_the_server_lists_what_each_column_of_every_stored_query_holds(server: Served, project: Project):
    from spacekg.store.queries import load_queries

    stored = load_queries(project.queries_dir)
    _, _, body = get(server, "/queries/")
    listed = {q["name"]: [(c["name"], c["description"]) for c in q["columns"]] for q in json.loads(body)}
    assert listed == {name: [tuple(c) for c in q.columns] for name, q in stored.items()}
    _, _, page = get(server, "/queries/", Accept="text/html")
    for name, q in stored.items():
        item = page.decode().split(f'<li id="{name}">')[1].split("</li>")[0]
        assert re.findall(r"<dt>([^<]*)</dt>", item) == [c.name for c in q.columns], name
    _, _, sparql_page = get(server, "/sparql", Accept="text/html")
    config = re.search(rb'<script type="application/json" id="spacekg-config">(.*?)</script>', sparql_page, re.S)
    assert config is not None
    shown = {q["name"]: [c["name"] for c in q["columns"]] for q in json.loads(config[1])["queries"]}
    assert shown == {name: [c.name for c in q.columns] for name, q in stored.items() if not q.needs_network}


@pytest.mark.parametrize(("target", "warned"), [
    ("d:marz", "parameter target: d:marz is in no triple of the graph; did you mean d:mars (Mars)?"),
    ("d:marz\u00e9", "parameter target: d:marz%C3%A9 is in no triple of the graph; did you mean d:mars (Mars)?"),
    ("<urn:nothing>", "parameter target: <urn:nothing> is in no triple of the graph."),
    ("d:Mars", None), ("Mars", None),
])
def test_a_stored_querys_iri_parameter_the_graph_lacks_is_warned_of_in_a_header_and_on_the_page(
        server: Served, target: str, warned: str | None):
    status, headers, body = get(server, "/queries/plans-by-target?" + urlencode({"target": target}), Accept="text/csv")
    assert status == 200 and headers.get("spacekg-warning") == warned
    assert (body.count(b"\n") == 1) is (warned is not None)  # the header line alone
    _, _, page = get(server, "/queries/plans-by-target?" + urlencode({"target": target, "format": "html"}))
    assert (b'<p class="warning">Warning: parameter target: ' in page) is (warned is not None)


@pytest.mark.parametrize(("query", "params"), [
    ("plans-by-target", {"target": "d:von-karman-cratr"}),  # a close label with a letter beyond ASCII
    ("sentences-about", {"entity": "d:plan-cnsa-2018-04-marz"}),  # with a comma
    ("sentences-about", {"entity": "d:change-44"}),  # with an apostrophe
    ("next-missions", {"mission": "China"}),  # a thing of another class than the parameter's
    ("rover-findings", {"rover": "d:change-4-lander"}),
    ("plans-by-target", {"target": "d:change-4", "format": "csv"}),
])
def test_the_servers_warning_header_says_what_the_command_line_says(server: Served, project: Project, query: str,
                                                                    params: dict[str, str]):
    from urllib.parse import unquote

    status, headers, _ = get(server, f"/queries/{query}?" + urlencode(params))
    args = [arg for key, value in params.items() if key != "format" for arg in ("-p", f"{key}={value}")]
    said = subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "query", query, *args,
                           "-f", "csv", "--as-of", "2026-11-21"], capture_output=True, text=True, check=True).stderr
    warned = [line.removeprefix("Warning: ") for line in said.splitlines() if line.startswith("Warning: parameter ")]
    header = headers["spacekg-warning"]
    # A comma or a quote would be read as the end of a value where repeated headers are joined.
    assert status == 200 and header.isascii() and not set(header) & set(',"\\')
    assert warned == [unquote(header)] and " (" in warned[0], said


@pytest.mark.parametrize(("query", "said"), [
    ("year=2013&year=2016", "parameter year is given twice ('2013' and '2016')"),
    ("year=2013&format=csv&year=2013&year=2016", "parameter year is given twice ('2013' and '2016')"),
    ("year=2013&%20year=2016", "parameter year is given twice ('2013' and '2016')"),
    ("format=csv&format=tsv", "parameter format is given twice ('csv' and 'tsv')"),
])
def test_a_stored_query_parameter_given_twice_with_two_values_is_named(server: Served, query: str, said: str):
    status, _, body = get(server, f"/queries/events-in-year?{query}")
    assert status == 400 and body.decode() == f"Error: {said}: give it once\n"


@pytest.mark.parametrize("pairs", [
    [("year", "2016"), ("year", "2016")],
    [("year", "2016"), (" year", "2016"), ("year", "2016")],
    [("year", "2013"), ("year", "2016")],
    [("year", "2016"), ("year", "2016"), ("year", "2013")],
    [("year", "2016"), ("year", "2016 ")],
])
def test_a_parameter_given_twice_is_taken_or_refused_alike_on_the_command_line_and_at_the_server(
        server: Served, project: Project, pairs: list[tuple[str, str]]):
    status, _, body = get(server, "/queries/events-in-year?" + urlencode([*pairs, ("format", "csv")]))
    args = [arg for key, value in pairs for arg in ("-p", f"{key}={value}")]
    said = subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "query", "events-in-year",
                           *args, "-f", "csv", "--as-of", "2026-11-21"], capture_output=True)
    assert (status == 200) == (said.returncode == 0), (body, said.stderr)
    if status == 200:
        assert body == said.stdout and body.count(b"\n") > 1
    else:
        assert body.decode().removeprefix("Error: ") in said.stderr.decode(), (body, said.stderr)


@pytest.mark.parametrize(("option", "values"), [("format", ("csv", "json")), ("timeout", ("1", "5")),
                                                ("truncate", ("true", "false"))])
def test_an_endpoint_option_given_twice_is_named_not_the_last_taken(server: Served, option: str,
                                                                    values: tuple[str, str]):
    query = urlencode([("query", "ASK {}"), *((option, v) for v in values)])
    status, _, body = get(server, f"/sparql?{query}")
    shown = " and ".join(repr(v) for v in values)
    assert status == 400 and body == f"Error: parameter {option} is given twice ({shown}): give it once\n".encode()
    status, _, body = server.request("POST", "/sparql", body=query.encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and body.startswith(f"Error: parameter {option} is given twice".encode())


@pytest.mark.parametrize(("option", "value"), [("format", "csv"), ("timeout", "5"), ("truncate", "true")])
def test_an_endpoint_option_given_twice_with_one_value_is_taken_once(server: Served, option: str, value: str):
    once = get(server, sparql_path(COUNTRIES, **{option: value}))
    status, _, body = get(server, "/sparql?" + urlencode([("query", COUNTRIES), (option, value), (option, value)]))
    assert status == once[0] == 200 and body == once[2]


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


@pytest.mark.parametrize(("path", "allowed"), [
    ("/sparql", "GET, HEAD, POST, OPTIONS"), ("*", "GET, HEAD, POST, OPTIONS"), ("/queries/", "GET, HEAD, OPTIONS"),
    ("/queries/plans", "GET, HEAD, OPTIONS"), ("/static/yasgui/yasgui.min.js", "GET, HEAD, OPTIONS"),
])
def test_options_answers_the_methods_a_path_takes(server: Served, path: str, allowed: str):
    status, headers, body = server.request("OPTIONS", path)
    assert status == 204 and headers["allow"] == allowed and body == b""
    if path != "*":
        assert server.request("DELETE", path)[1]["allow"] == allowed  # a 405 lists the same


def test_options_on_no_page_is_404(server: Served):
    status, _, body = server.request("OPTIONS", "/nothing")
    assert status == 404 and body.startswith(b"Error: no such page: /nothing")


@pytest.mark.parametrize(("query", "same_as"), [
    ("%20year%20=2013", "year=2013"),  # a parameter's name with spaces, as -p " year=2013" takes it
    ("year=%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%93", "year=2013"),  # full-width digits
    ("year=%E2%88%92%32%30%31%33", "year=-2013"),  # a minus sign
])
def test_a_stored_query_parameter_written_as_people_type_it_is_the_plain_one(server: Served, query: str,
                                                                             same_as: str):
    status, _, body = get(server, f"/queries/events-in-year?{query}&format=csv")
    assert (status, body) == (200, get(server, f"/queries/events-in-year?{same_as}&format=csv")[2])


def test_a_parameter_given_to_a_query_without_any_is_400_saying_so_to_head_too(server: Served):
    status, _, body = get(server, "/queries/plans?year=2016")
    assert status == 400 and body == b"Error: query 'plans' takes no parameters; leave out year\n"
    status, headers, body = server.request("HEAD", "/queries/plans?year=2016")
    assert status == 400 and body == b"" and headers["content-length"] == "57"


def test_a_warning_that_quotes_a_long_value_is_cut_to_a_header_clients_read(server: Served):
    from urllib.parse import unquote

    from spacekg.http.execute import MAX_HEADER_TEXT

    slip = "d:" + "\u00e9" * 100_000  # beyond ASCII: each letter is six bytes in the header
    status, headers, _ = get(server, "/queries/plans-by-target?" + urlencode({"target": slip}))
    warned = headers["spacekg-warning"]
    assert status == 200 and len(warned) <= MAX_HEADER_TEXT and warned.isascii()
    assert unquote(warned).startswith("parameter target: d:\u00e9\u00e9")
    assert unquote(warned).endswith(" … (cut: the HTML page, format=html, has the whole warning)")
    _, _, page = get(server, "/queries/plans-by-target?" + urlencode({"target": slip, "format": "html"}))
    assert "\u00e9" * 100_000 + " is in no triple of the graph" in page.decode()


@pytest.mark.parametrize(("accept", "chosen"), [
    ("text/*;q=0.9, */*;q=0.1", "text/csv"), ("application/*", "application/sparql-results+json"),
    ("text/csv;q=0, */*", "application/sparql-results+json"), ("TEXT/CSV", "text/csv"),
    ("text/tab-separated-values;q=0.4, text/csv;q=0.5", "text/csv"), ("*/*;q=0", None),
])
def test_a_stored_querys_format_follows_q_values_and_wildcards(server: Served, accept: str, chosen: str | None):
    status, headers, _ = get(server, "/queries/events-in-year", Accept=accept)
    assert (status, headers["content-type"].split(";")[0]) == ((200, chosen) if chosen else (406, "text/plain"))


def test_cors_when_asked(server: Served):
    status, headers, _ = server.request("OPTIONS", "/sparql", headers={"Origin": "http://example.org",
                                                                      "Access-Control-Request-Method": "POST"})
    assert status == 204 and "POST" in headers["access-control-allow-methods"]
    headers = get(server, sparql_path("ASK {}"))[1]
    assert headers["access-control-allow-origin"] == "*"
    # A page must be able to read how long to wait after a 503.
    assert "retry-after" in [h.strip() for h in headers["access-control-expose-headers"].split(",")]


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


_POOL = """
import asyncio, json, os, signal, sys
from spacekg.http.workers import Pool, WorkerFailed, WorkerGone, Zygote

def handle(job):
    if job == "raise":
        raise ValueError("a bug in the handler")
    if job == "memory":
        raise MemoryError
    if job == "abort":
        os.abort()
    if job == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    if job == "exit":
        os._exit(7)
    return job

async def main():
    pool = Pool(Zygote(lambda: lambda: handle, memory_mb=None), size=1, queue_wait=5, max_waiting=4)
    await pool.start()
    try:
        await pool.run(sys.argv[1], timeout=10)
    except (WorkerFailed, WorkerGone) as exc:
        seen = {"error": type(exc).__name__, "text": str(exc), "memory": getattr(exc, "at_memory_cap", None)}
    print(json.dumps({**seen, "after": await pool.run("ping", timeout=10), "replaced": pool.replaced}))
    await pool.close()

asyncio.run(main())
"""


@pytest.mark.parametrize(("job", "error", "text", "memory", "replaced"), [
    ("raise", "WorkerFailed", "ValueError: a bug in the handler", None, 0),
    ("memory", "WorkerGone", "ran out of memory (MemoryError)", True, 1),
    ("abort", "WorkerGone", "was killed (SIGABRT)", True, 1),
    ("segv", "WorkerGone", "crashed (SIGSEGV), most likely its engine overflowed its stack on deep nesting", False, 1),
    ("exit", "WorkerGone", "exited (status 7)", False, 1),
])
def test_a_worker_that_fails_is_reported_as_what_happened_and_only_a_dead_one_is_replaced(
        job: str, error: str, text: str, memory: bool | None, replaced: int):
    done = subprocess.run([sys.executable, "-c", _POOL, job], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"error": error, "text": text, "memory": memory, "after": "ping",
                                       "replaced": replaced}
