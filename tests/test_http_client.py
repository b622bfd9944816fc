"""The remote clients' HTTP (push and --endpoint) under hostile servers and hostile arguments:
each is a clear error with its exit code, never a traceback and never an answer taken as whole."""

from __future__ import annotations

import math
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from replay import Endpoint, Flood, Raw

from spacekg.cli import cli
from spacekg.errors import ExitCode, LimitError, RemoteError, UsageError
from spacekg.http.client import MAX_ANSWER_BYTES, HttpClient, parse_url
from spacekg.http.gsp import GraphStore
from spacekg.http.remote import QueryForm, RemoteGraph, SparqlEndpoint
from spacekg.namespaces import GRAPH, XSD
from spacekg.sources.project import Project

AS_OF = "2026-11-21"

_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: {type}\r\nContent-Length: {length}\r\n\r\n"
_TSV = b'?launch\n<http://x/a>\n<http://x/b>\n'
_JSON = b'{"head": {"vars": ["launch"]}, "results": {"bindings": []}}'


@pytest.mark.parametrize("kind,body", [
    ("text/tab-separated-values", _TSV),  # cut at a line's end: every line read is well formed
    ("application/sparql-results+json", _JSON),
    ("application/n-triples", b"<http://x/a> <http://x/p> <http://x/b> .\n"),
])
@pytest.mark.parametrize("missing", [1, 1000])
def test_a_body_shorter_than_its_content_length_is_a_remote_error(no_proxy: None, kind: str, body: bytes,
                                                                  missing: int):
    head = _HEAD.format(type=kind, length=len(body) + missing).encode()
    raw = Raw([(0, head + body)])
    try:
        with HttpClient(timeout=5, retries=0) as client, pytest.raises(RemoteError, match=(
                f"the answer ended {missing:,} bytes short of its Content-Length")):
            client.request("GET", raw.url)
    finally:
        raw.close()


def test_a_whole_body_is_read_as_it_came(no_proxy: None):
    raw = Raw([(0, _HEAD.format(type="text/tab-separated-values", length=len(_TSV)).encode() + _TSV)])
    try:
        with HttpClient(timeout=5, retries=0) as client:
            assert client.request("GET", raw.url).body == _TSV
    finally:
        raw.close()


def test_a_short_answer_to_an_endpoint_query_exits_7(project: Project, no_proxy: None):
    raw = Raw([(0, _HEAD.format(type="text/tab-separated-values", length=len(_TSV) + 20).encode() + _TSV)])
    try:
        # --graphs asserted asks no ASK of the endpoint's default graph first: the first request,
        # listing the graphs, is a SELECT, which this answer fits.
        result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "SELECT ?launch WHERE { ?launch a skg:LaunchEvent }",
                                          "--graphs", "asserted", "--endpoint", raw.url.replace("/w/api.php", "/sparql"),
                                          "--timeout", "10"])
    finally:
        raw.close()
    assert result.exit_code == ExitCode.REMOTE, result.output
    assert "short of its Content-Length" in result.stderr


BAD_URLS = ["http://[::1", "http://[::1]:99999/sparql", "http://127.0.0.1:port/sparql", "http://127.0.0.1/a b",
            "http://127.0.0.1/\x1b]0;title\x07", "http://127.0.0.1/x\r\nX-Injected: 1", "file:///etc/passwd",
            "ftp://127.0.0.1/", "//127.0.0.1/sparql", "http:///sparql"]
# Hosts and ports the socket layer would take, or take for another: port 0, a label that starts or
# ends with a hyphen, full-width digits (which reach 127.0.0.1), other non-ASCII letters, an IPv4
# address out of range or abbreviated, an empty label, a label over 63 characters, a bracketed
# host that is not IPv6.
BAD_HOSTS = ["http://127.0.0.1:0/store", "http://-bad-/store", "http://bad-.example/store",
             "http://\uff11\uff12\uff17.0.0.1/store", "http://b\u00fccher.example/store", "http://999.0.0.1/store",
             "http://127.1/store", "http://a..b/store", f"http://{'a' * 64}.example/store", "http://[v1.x]/store"]
GOOD_URLS = ["http://localhost:7878/query", "http://127.0.0.1:65535/store", "http://[::1]:7878/store",
             "https://example.org./sparql", "http://db_1:3030/ds/query", "http://xn--bcher-kva.example/store",
             "http://Example.ORG/sparql", f"http://{'a' * 63}.example/store"]


@pytest.mark.parametrize("url", BAD_URLS + BAD_HOSTS)
def test_a_malformed_url_is_refused_before_any_connection(url: str):
    with pytest.raises(UsageError):
        parse_url(url)


@pytest.mark.parametrize("url", GOOD_URLS)
def test_a_plain_host_name_or_address_and_port_are_accepted(url: str):
    assert parse_url(url).hostname


@given(st.text(min_size=1, max_size=70).filter(lambda host: not set("/?#") & set(host)))
def test_an_accepted_host_is_ascii_and_the_host_written(host: str):
    url = f"http://{host}/store"  # "/", "?" and "#" end the authority: what follows is not the host
    try:
        parts = parse_url(url)
    except UsageError:
        return
    assert parts.hostname is not None and parts.hostname.isascii()
    assert parts.hostname == host.lower().removeprefix("[").removesuffix("]")


@given(st.integers(min_value=0, max_value=99999))
def test_a_port_is_accepted_from_1_to_65535(port: int):
    try:
        parse_url(f"http://127.0.0.1:{port}/store")
    except UsageError:
        assert not 1 <= port <= 65535
    else:
        assert 1 <= port <= 65535


@pytest.mark.parametrize("command", [["sparql", "ASK {}", "--endpoint"], ["push", "--dry-run"]], ids=["sparql", "push"])
@pytest.mark.parametrize("url", BAD_HOSTS[:4])
def test_a_bad_host_or_port_is_a_usage_error_naming_it(project: Project, command: list[str], url: str):
    args = [*command, url] if command[0] != "push" else ["push", url, "--dry-run"]
    result = CliRunner().invoke(cli, ["--root", str(project.root), *args])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.startswith("Error: ") and ("port 0" in result.stderr or "the host" in result.stderr)


@pytest.mark.parametrize("command", [["sparql", "ASK {}", "--endpoint"], ["query", "ordinals", "--endpoint"],
                                     ["push", "--dry-run"]], ids=["sparql", "query", "push"])
@pytest.mark.parametrize("url", BAD_URLS[:3] + BAD_URLS[4:5])
def test_a_malformed_url_on_the_command_line_is_a_usage_error(project: Project, command: list[str], url: str):
    args = [*command, url] if command[0] != "push" else ["push", url, "--dry-run"]
    done = subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == ExitCode.USAGE, done.stderr
    assert "Traceback" not in done.stderr and "\x1b" not in done.stderr
    assert done.stderr.startswith("Error: "), done.stderr  # refused before any build or request


@pytest.mark.parametrize("option,value", [("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "-inf"),
                                          ("--timeout", "1e20"), ("--timeout", "0"), ("--retries", "101"),
                                          ("--retries", "-1")])
def test_push_refuses_numbers_it_cannot_honour(project: Project, option: str, value: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "push", "http://127.0.0.1:9/store", option, value])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert option in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("settings", [{"timeout": math.nan}, {"timeout": math.inf}, {"timeout": 0},
                                      {"timeout": 1, "backoff": math.nan}, {"timeout": 1, "max_backoff": math.inf},
                                      {"timeout": 1, "retries": -1}])
def test_the_client_refuses_settings_it_cannot_honour(settings: dict):
    with pytest.raises(ValueError):
        HttpClient(**settings)


# --- One deadline for the whole request ---

_DRIBBLE = [(0.1, b"a")] * 300  # 30 s of it, a byte at a time


@pytest.mark.parametrize("script", [
    [(0.1, bytes([byte])) for byte in b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 300],
    [(0, b"HTTP/1.1 200 OK\r\nX-Long: ")] + _DRIBBLE,
    [(0, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")] + [(0.1, b"0")] * 300,
    [(0, b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")] + _DRIBBLE,
    [(0, b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")] + _DRIBBLE,
], ids=["status line", "a header", "a chunk's size", "a body", "a body that ends with the connection"])
def test_a_server_that_dribbles_is_stopped_at_the_deadline(no_proxy: None, script: list):
    raw = Raw(script)
    try:
        started = time.monotonic()
        with HttpClient(timeout=1, retries=0) as client, pytest.raises(LimitError, match="within the 1 s time limit"):
            client.request("GET", raw.url)
        assert time.monotonic() - started < 2.5
    finally:
        raw.close()


def test_a_tls_handshake_that_dribbles_is_stopped_at_the_deadline(no_proxy: None):
    # A handshake record of 16 KiB announced, then a byte at a time.
    raw = Raw([(0, b"\x16\x03\x03\x40\x00")] + [(0.1, b"\x00")] * 300, reads=False)
    try:
        started = time.monotonic()
        with HttpClient(timeout=1, retries=0) as client, pytest.raises(LimitError):
            client.request("GET", raw.url.replace("http://", "https://"))
        assert time.monotonic() - started < 2.5
    finally:
        raw.close()


@pytest.fixture
def slow_resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A name server that does not answer for hosts under ``.slow.test``: there is none to ask
    here, so the lookup itself waits (30 s). Other names resolve as usual."""
    real, asked, released = socket.getaddrinfo, [], threading.Event()

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> list:
        if isinstance(host, str) and host.endswith(".slow.test") and not kwargs.get("flags"):
            asked.append(host)
            released.wait(30)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield asked
    released.set()


@pytest.mark.parametrize("timeout", [0.5, 1, 2])
def test_a_name_lookup_that_hangs_is_stopped_at_the_deadline(no_proxy: None, slow_resolver: list[str],
                                                             timeout: float):
    started = time.monotonic()
    with HttpClient(timeout=timeout, retries=0) as client, pytest.raises(LimitError, match="time limit"):
        client.request("GET", "http://endpoint.slow.test:7878/query")
    assert slow_resolver == ["endpoint.slow.test"]
    assert timeout <= time.monotonic() - started < timeout + 1


def test_a_query_to_a_host_whose_lookup_hangs_ends_with_its_exit_code(no_proxy: None, slow_resolver: list[str],
                                                                       project: Project):
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "change4-launch", "--endpoint",
                                      "http://endpoint.slow.test/sparql", "--timeout", "1"])
    assert result.exit_code == ExitCode.LIMIT, result.output
    assert "Traceback" not in result.output and time.monotonic() - started < 5


@pytest.fixture
def dribbler(no_proxy: None) -> Iterator[Raw]:
    raw = Raw([(0, b"HTTP/1.1 200 OK\r\nX-Long: ")] + _DRIBBLE)
    yield raw
    raw.close()


def test_push_stops_at_its_time_limit_when_the_headers_dribble(project: Project, dribbler: Raw):
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["--root", str(project.root), "push", dribbler.url, "--as-of", AS_OF,
                                      "--timeout", "1", "--retries", "0"])
    assert result.exit_code == ExitCode.LIMIT, result.output
    assert "no complete answer within the 1 s time limit" in result.stderr
    assert time.monotonic() - started < 5


def test_an_endpoint_query_stops_at_its_time_limit_when_the_headers_dribble(project: Project, dribbler: Raw):
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "ASK {}", "--endpoint", dribbler.url,
                                      "--timeout", "2"])
    assert result.exit_code == ExitCode.LIMIT, result.output
    assert "no complete answer within the 2 s time limit" in result.stderr  # not the worker's later backstop
    assert time.monotonic() - started < 5


# --- What is read of an answer ---


@pytest.mark.parametrize("extra", [-1, 0, 1, 100_000])
def test_an_answer_is_read_up_to_the_cap_and_no_further(no_proxy: None, extra: int):
    body = b"x" * (1000 + extra)
    raw = Raw([(0, _HEAD.format(type="text/plain", length=len(body)).encode() + body)])
    try:
        with HttpClient(timeout=5, retries=0, max_answer_bytes=1000) as client:
            if extra <= 0:
                assert client.request("GET", raw.url).body == body
            else:
                with pytest.raises(RemoteError, match="the answer goes on past 1,000 bytes"):
                    client.request("GET", raw.url)
    finally:
        raw.close()


@pytest.fixture
def flood(no_proxy: None) -> Iterator[Flood]:
    server = Flood()
    yield server
    server.close()


def test_an_endless_answer_nobody_needs_is_left_unread(flood: Flood):
    with HttpClient(timeout=5, retries=0) as client:
        store = GraphStore(flood.url + "/store", client)
        assert store.put(f"{GRAPH}a", b"") == 200
        assert store.delete(f"{GRAPH}a")
    assert flood.sent < 16 * 1024 * 1024  # what the socket buffers took, not the body


def test_push_to_a_store_whose_answers_never_end_is_exit_7(project: Project, flood: Flood):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "push", flood.url + "/store", "--as-of", AS_OF,
                                      "--retries", "0"])
    assert result.exit_code == ExitCode.REMOTE, result.output
    # The PUTs' endless answers were left unread; the first graph to verify is refused at its cap.
    assert "GET " in result.stderr and "the answer goes on past" in result.stderr


def test_an_endless_graph_listing_stops_at_the_documented_cap(no_proxy: None):
    row = b'{"g": {"type": "uri", "value": "%sx"}},' % GRAPH.encode()
    listing = Flood(content_type="application/sparql-results+json", head=b'{"head": {"vars": ["g"]}, '
                    b'"results": {"bindings": [', unit=row * 1000)
    try:
        with HttpClient(timeout=60, retries=0) as client, pytest.raises(RemoteError, match="goes on past 64 MiB"):
            RemoteGraph(SparqlEndpoint(listing.url + "/query", client)).graph_names()
        assert MAX_ANSWER_BYTES == 64 * 1024 * 1024  # as the README says
    finally:
        listing.close()


# --- Answers that do not fit the question ---


@pytest.fixture
def endpoint(no_proxy: None) -> Iterator[Endpoint]:
    server = Endpoint()
    yield server
    server.close()


def _solutions(variables: list[str], *rows: dict[str, dict[str, str]]) -> bytes:
    import json

    return json.dumps({"head": {"vars": variables}, "results": {"bindings": list(rows)}}).encode()


def _iri(value: str) -> dict[str, str]:
    return {"type": "uri", "value": value}


def _integer(value: str, datatype: str = XSD + "integer") -> dict[str, str]:
    return {"type": "literal", "value": value, "datatype": datatype}


_G = f"{GRAPH}a000-L1.1"


@pytest.mark.parametrize(("answer", "message"), [
    (_solutions(["g", "n"], {"g": _iri(_G), "n": _integer("3")}), "came with the columns ?g ?n, not ?g"),
    (_solutions(["graph"], {"graph": _iri(_G)}), "came with the columns ?graph, not ?g"),
    (_solutions([]), "came with the columns none, not ?g"),
    (_solutions(["g"], {"g": {"type": "literal", "value": _G}}), "not an IRI in spacekg's graph namespace"),
    (_solutions(["g"], {"g": {"type": "bnode", "value": "b0"}}), "not an IRI in spacekg's graph namespace"),
    (_solutions(["g"], {"g": _iri("http://example.org/other")}), "<http://example.org/other>, not an IRI in"),
    (_solutions(["g"], {}), "hold nothing, not an IRI"),
    (b'{"head": {}, "boolean": true}', "answered the SELECT query with a boolean"),
])
def test_a_graph_listing_of_another_shape_is_a_remote_error(endpoint: Endpoint, answer: bytes, message: str):
    endpoint.body = answer
    with HttpClient(timeout=5, retries=0) as client, pytest.raises(RemoteError, match=re.escape(message)):
        RemoteGraph(SparqlEndpoint(endpoint.url, client)).graph_names()


@given(lexical=st.one_of(st.text(max_size=25), st.integers(min_value=-10, max_value=10**20).map(str)),
       datatype=st.sampled_from(["integer", "long", "decimal", "double", "string"]))
def test_a_triple_count_is_a_whole_number_or_a_remote_error(lexical: str, datatype: str):
    endpoint = Endpoint()
    try:
        endpoint.body = _solutions(["g", "n"], {"g": _iri(_G), "n": _integer(lexical, XSD + datatype)})
        with HttpClient(timeout=5, retries=0) as client:
            graph = RemoteGraph(SparqlEndpoint(endpoint.url, client))
            if re.fullmatch(r"[0-9]{1,18}", lexical) and datatype in ("integer", "long"):
                assert graph.graph_sizes() == {_G: int(lexical)}
            else:
                with pytest.raises(RemoteError, match="not a count of triples"):
                    graph.graph_sizes()
    finally:
        endpoint.close()


@pytest.mark.parametrize(("answer", "message"), [
    (_solutions(["g", "n"], {"g": _iri(_G), "n": _integer("lots")}), '"lots"^^<http://www.w3.org/2001/XMLSchema#integer>, not a count'),
    (_solutions(["g", "n"], {"g": _iri(_G), "n": _integer("3.0", XSD + "decimal")}), "not a count of triples"),
    (_solutions(["g", "n"], {"g": _iri(_G)}), "nothing, not a count of triples"),
    (_solutions(["g", "n"], {"g": _iri(_G), "n": _integer("3")}, {"g": _iri(_G), "n": _integer("4")}), "twice"),
    (_solutions(["g"], {"g": _iri(_G)}), "came with the columns ?g, not ?g ?n"),
])
def test_triple_counts_of_another_shape_are_a_remote_error(endpoint: Endpoint, answer: bytes, message: str):
    endpoint.body = answer
    with HttpClient(timeout=5, retries=0) as client, pytest.raises(RemoteError, match=re.escape(message)):
        RemoteGraph(SparqlEndpoint(endpoint.url, client)).graph_sizes()


@pytest.mark.parametrize("verify", ["triples", "counts"])
def test_push_with_a_bad_graph_listing_is_exit_7_without_a_traceback(project: Project, endpoint: Endpoint,
                                                                      verify: str):
    endpoint.body = _solutions(["a", "b"], {"a": _iri("http://x"), "b": _integer("lots")})
    result = CliRunner().invoke(cli, ["--root", str(project.root), "push", endpoint.url.replace("/sparql", "/store"),
                                      "--sparql-endpoint", endpoint.url, "--verify", verify, "--as-of", AS_OF,
                                      "--retries", "0"])
    assert result.exit_code == ExitCode.REMOTE, result.output
    assert "the list of graphs came with the columns ?a ?b, not ?g" in result.stderr


_TRIPLE_TERM = {"type": "triple", "value": {"subject": _iri("http://a"), "predicate": _iri("http://b"),
                                             "object": _iri("http://c")}}


@pytest.mark.parametrize(("form", "content_type", "answer", "message"), [
    (QueryForm.SELECT, "application/sparql-results+json", b'{"head": {}, "boolean": true}',
     "answered the SELECT query with a boolean"),
    (QueryForm.ASK, "application/sparql-results+json", _solutions(["s"]), "answered the ASK query with solutions"),
    (QueryForm.SELECT, "text/turtle", b"<http://a> <http://b> <http://c> .", "not a SPARQL results format"),
    (QueryForm.CONSTRUCT, "application/sparql-results+json", _solutions(["s"]), "not an RDF graph format"),
    (QueryForm.CONSTRUCT, "application/n-quads", b"<http://a> <http://b> <http://c> <http://g> .\n",
     "answered the CONSTRUCT query with application/n-quads, not an RDF graph format"),
    (QueryForm.SELECT, "application/sparql-results+json", _solutions(["s"], {"s": _TRIPLE_TERM}),
     "triple term (bound to ?s), which spacekg does not support: <<( <http://a> <http://b> <http://c> )>>"),
    (QueryForm.SELECT, "application/sparql-results+xml",
     b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/></head><results><result>'
     b'<binding name="s"><triple><subject><uri>http://a</uri></subject><predicate><uri>http://b</uri></predicate>'
     b'<object><uri>http://c</uri></object></triple></binding></result></results></sparql>', "triple term"),
    (QueryForm.CONSTRUCT, "application/n-triples", b"<http://a> <http://b> <<( <http://a> <http://b> <http://c> )>> .\n",
     "triple term, which spacekg does not support"),
    (QueryForm.DESCRIBE, "text/turtle", b"<http://a> <http://b> <<( <http://a> <http://b> <http://c> )>> .\n",
     "triple term"),
])
def test_an_answer_that_does_not_fit_the_query_is_a_remote_error(endpoint: Endpoint, form: QueryForm,
                                                                  content_type: str, answer: bytes, message: str):
    endpoint.content_type, endpoint.body, endpoint.ask = content_type, answer, None
    query = {"SELECT": "SELECT * {}", "ASK": "ASK {}", "CONSTRUCT": "CONSTRUCT {} WHERE {}", "DESCRIBE": "DESCRIBE <x:a>"}
    with HttpClient(timeout=5, retries=0) as client, pytest.raises(RemoteError, match=re.escape(message)):
        SparqlEndpoint(endpoint.url, client).run(query[form.value], form)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_a_triple_term_from_an_endpoint_is_exit_7_in_every_format(project: Project, endpoint: Endpoint, fmt: str):
    endpoint.body = _solutions(["s"], {"s": _TRIPLE_TERM})
    result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "SELECT ?s WHERE { ?s ?p ?o }",
                                      "--endpoint", endpoint.url, "-f", fmt])
    assert result.exit_code == ExitCode.REMOTE, result.output
    assert "RDF 1.2 triple term" in result.stderr and result.stdout == ""


def test_a_stored_select_answered_with_a_boolean_is_exit_7(project: Project, endpoint: Endpoint):
    endpoint.body = b'{"head": {}, "boolean": true}'
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "ordinals", "--endpoint", endpoint.url])
    assert result.exit_code == ExitCode.REMOTE, result.output
    assert "answered the SELECT query with a boolean" in result.stderr and result.stdout == ""


# --- Remote text on the terminal ---


@pytest.mark.parametrize("status_line", [b"\x1b]0;owned\x07\x1b[31mHELLO\r\n",
                                         b"HTTP/1.1 503 \x1b]0;owned\x07 busy\r\nContent-Length: 0\r\n",
                                         b"HELLO THERE\r\n"], ids=["garbage", "reason", "plain garbage"])
def test_a_retry_notice_escapes_what_the_server_said(project: Project, no_proxy: None, status_line: bytes):
    raw = Raw([(0, status_line + b"\r\n")])
    try:
        result = CliRunner().invoke(cli, ["--root", str(project.root), "push", raw.url, "--as-of", AS_OF,
                                          "--retries", "1"])
    finally:
        raw.close()
    assert result.exit_code == ExitCode.REMOTE, result.output
    notices = [line for line in result.stderr.splitlines() if "retry 1 of 1" in line]
    assert len(notices) == 1, result.stderr  # one line, whatever line breaks the server sent
    assert not any(c in result.stderr for c in "\x1b\x07\r")
    if b"\x1b" in status_line:
        assert "\\x1b]0;owned\\x07" in notices[0]
