"""Stored and ad-hoc queries with --endpoint against a real `oxigraph serve` after a push: the
same rows as the local graph, with the same parameters, formats, limits and errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from httpserver import Served, serve, spacekg_serve
from replay import Canary
from stores import Canned, Gateway, OxigraphServer

from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.sources.project import Project
from spacekg.store.queries import load_queries

AS_OF = "2026-11-21"
# Slow: real servers: an oxigraph store and spacekg serve.
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SPACEKG_REMOTE_TOKEN", "SPACEKG_REMOTE_USER", "SPACEKG_REMOTE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


@pytest.fixture
def run(project: Project):
    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, ["--root", str(project.root), *args], input=input)

    return invoke


@pytest.fixture(scope="module")
def local(project: Project):
    """The local answer to a command, computed once for both kinds of server."""
    answers: dict[tuple[str, ...], object] = {}

    def invoke(*args: str):
        if args not in answers:
            answers[args] = CliRunner().invoke(cli, ["--root", str(project.root), *args, "--as-of", AS_OF])
        return answers[args]

    return invoke


@pytest.fixture(scope="module", params=["own default graph", "union default graph"])
def servers(request: pytest.FixtureRequest, project: Project,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, OxigraphServer]]:
    """Two Oxigraph servers, one holding the pushed graph and one the pushed Wikidata view: once
    with default graphs of their own (the client names spacekg's graphs in each request), once
    with the union of the named graphs as default graph (the client relies on it)."""
    union = request.param == "union default graph"
    started = {}
    for shape in ("spacekg", "wikidata"):
        server = OxigraphServer(tmp_path_factory.mktemp(shape) / "db", union_default_graph=union)
        started[shape] = server
        result = CliRunner().invoke(cli, ["--root", str(project.root), "push", server.store, "--as-of", AS_OF,
                                          "--view", shape])
        assert result.exit_code == 0, result.output
    yield started
    for server in started.values():
        server.stop()


@pytest.fixture
def pushed(servers: dict[str, OxigraphServer]) -> OxigraphServer:
    return servers["spacekg"]


STORED = load_queries(Path(__file__).resolve().parents[1] / "queries")
OFFLINE = sorted(name for name, q in STORED.items() if not q.needs_network)


@pytest.mark.parametrize("name", sorted(STORED))
def test_every_stored_query_gives_the_same_rows_remotely(run, local, servers, request: pytest.FixtureRequest,
                                                         name: str):
    endpoint = servers[STORED[name].view or "spacekg"].query
    reach: tuple[str, ...] = ()
    if STORED[name].needs_network:
        # The Oxigraph server itself makes the SERVICE call, here to the replayed Wikidata Query Service.
        wdqs = request.getfixturevalue("wdqs")
        reach = ("--allow-service", "--wikidata-endpoint", wdqs.url)
    for fmt in ("json", "table"):
        here = local("query", name, "-f", fmt, *reach)
        remote = run("query", name, "-f", fmt, *reach, "--endpoint", endpoint)
        assert here.exit_code == 0, here.output
        assert remote.exit_code == 0, remote.output
        assert remote.stdout == here.stdout, (name, fmt)
    if reach:
        assert len(wdqs.queries) == 4  # local and remote, each format: the rows came from the service


@pytest.mark.parametrize("args", [
    ["query", "claim-verdicts", "-p", "verdict=skg:Contradicted"],
    ["query", "events-in-year", "-p", "year=2016", "-f", "csv"],
    ["query", "plans", "--graphs", "asserted", "-f", "tsv"],
    ["query", "ordinals", "--graphs", "inferred", "-f", "xml"],
    ["query", "plans", "--source", "a001"],
    ["sparql", "SELECT ?class ?expression WHERE { ?class owl:equivalentClass ?expression } ORDER BY ?class", "-f", "json"],
    ["sparql", "ASK { d:china a skg:Country }", "-f", "json"],
    ["sparql", "CONSTRUCT { ?c owl:equivalentClass ?e . ?e ?p ?o } WHERE { ?c owl:equivalentClass ?e . ?e ?p ?o }"],
    ["sparql", "DESCRIBE d:change-4 ", "-f", "ntriples"],
])
def test_parameters_views_formats_and_blank_nodes_match(run, local, pushed: OxigraphServer, args: list[str]):
    here = local(*args)
    remote = run(*args, "--endpoint", pushed.query)
    assert here.exit_code == 0, here.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == here.stdout


@pytest.mark.parametrize("text", [
    "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isBlank(?s)) } ORDER BY ?s",
    "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isBlank(?s) && !ISBLANK( ?o )) } ORDER BY ?o",
    "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }",
    "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o FILTER(isUri(?o) || isLiteral(?o)) }",
    "SELECT DISTINCT ?c ?kind WHERE { ?c owl:equivalentClass ?e BIND(IF(isBlank(?e), 'blank', 'named') AS ?kind) }"
    " ORDER BY ?c",
    "SELECT DISTINCT ?named WHERE { ?c owl:equivalentClass ?e BIND(isIRI(IF(isBlank(?e), ?e, ?c)) AS ?named) }",
    "ASK { ?s ?p ?o FILTER(isBlank(?s) && STR(?s) != 'isBlank(?s)') }",
    "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o BIND(Str(?s) AS ?text) FILTER(!BOUND(?text)) }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isBLANK(?s)) }",
])
def test_blank_node_tests_answer_remotely_as_locally(run, local, pushed: OxigraphServer, text: str):
    """The store holds the pushed blank nodes as skolem IRIs; isBlank, isIRI and isURI still see
    blank nodes, wherever they stand and however they are spelt."""
    here = local("sparql", text, "-f", "ntriples" if text.startswith("CONSTRUCT") else "tsv")
    remote = run("sparql", text, "-f", "ntriples" if text.startswith("CONSTRUCT") else "tsv",
                 "--endpoint", pushed.query)
    assert here.exit_code == 0, here.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == here.stdout


@pytest.mark.parametrize("test", ["isBlank", "isIRI", "STR"])
@pytest.mark.parametrize("depth", [21, 60, 200])
def test_blank_node_tests_nested_too_deep_to_rewrite_are_refused_before_any_request(run, canary: Canary, test: str,
                                                                                      depth: int):
    # Each level repeats its argument: the rewritten text would grow threefold per level.
    text = "ASK { ?s ?p ?o FILTER(" + f"{test}(" * depth + "?o" + ")" * depth + ") }"
    done = run("sparql", text, "--endpoint", canary.url)
    assert done.exit_code == ExitCode.QUERY, done.output
    assert "nest fewer of isBlank, isIRI, isURI and STR" in done.output
    assert canary.connections == 0


def test_blank_nodes_come_back_with_their_local_labels(run, pushed: OxigraphServer, nquads: bytes):
    text = "SELECT DISTINCT ?e WHERE { ?c owl:equivalentClass ?e } ORDER BY ?e"
    remote = run("sparql", text, "-f", "tsv", "--endpoint", pushed.query)
    labels = remote.stdout.split()[1:]
    assert labels and all(label.startswith("_:") for label in labels)
    assert all(label.encode() + b" " in nquads for label in labels)


def test_the_row_cap_cuts_as_locally(run, pushed: OxigraphServer):
    local = run("query", "plans", "--max-rows", "3", "-f", "csv", "--as-of", AS_OF)
    remote = run("query", "plans", "--max-rows", "3", "-f", "csv", "--endpoint", pushed.query)
    assert remote.exit_code == local.exit_code == ExitCode.LIMIT
    assert remote.stdout == local.stdout and len(remote.stdout.splitlines()) == 4
    assert "cut at 3 rows" in remote.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["sparql", "SELECT ?x WHERE {\n  ?x a skg:Country .\n  ?x skg:nope ?y"], "malformed query"),
    (["sparql", "SELECT ?x FROM <http://example.org/g> WHERE { ?x ?p ?o }"], "FROM is not allowed"),
    (["sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], "SERVICE is not allowed"),
    (["sparql", "SELECT ?x WHERE { ?x nope:thing ?y }"], "unknown prefix 'nope:'"),
    (["query", "events-in-year", "-p", "year=twenty"], "not a valid integer"),
    (["query", "ordinalz"], "did you mean ordinals"),
])
def test_bad_queries_fail_as_locally_before_anything_is_sent(run, gateway: Gateway, args: list[str], message: str):
    local = run(*args, "--as-of", AS_OF)
    remote = run(*args, "--endpoint", gateway.base + "/query")
    assert remote.exit_code == local.exit_code == ExitCode.QUERY
    assert message in remote.stderr
    assert remote.stderr == local.stderr
    assert gateway.seen == []


def test_the_endpoint_error_is_exit_7_with_its_message(run, oxigraph: OxigraphServer, gateway: Gateway):
    wrong_path = run("query", "ordinals", "--endpoint", oxigraph.base + "/nowhere")
    assert wrong_path.exit_code == ExitCode.REMOTE
    assert "HTTP 404 Not Found: POST /nowhere is not supported by this server" in wrong_path.stderr
    gateway.script = [Canned(400, b"<html><body><h1>Query refused</h1><p>too costly</p></body></html>",
                             {"Content-Type": "text/html"})]
    refused = run("sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", gateway.base + "/query")
    assert refused.exit_code == ExitCode.REMOTE
    assert refused.stderr.strip().endswith("HTTP 400 Bad Request: Query refused too costly")


def test_an_empty_store_says_push_first(run, oxigraph: OxigraphServer):
    result = run("query", "ordinals", "--endpoint", oxigraph.query)
    assert result.exit_code == ExitCode.REMOTE
    assert "holds no graph in spacekg's namespace" in result.stderr and "spacekg push" in result.stderr


def test_the_time_limit_holds_remotely(run, gateway: Gateway):
    gateway.script = [Canned(200, b"{}", {"Content-Type": "application/sparql-results+json"}, stall=5)]
    result = run("sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", gateway.base + "/query", "--timeout", "1")
    assert result.exit_code == ExitCode.LIMIT
    assert "1 s time limit (raise it with --timeout)" in result.stderr


def test_overload_is_retried_within_the_time_limit(run, pushed: OxigraphServer):
    gateway = Gateway(pushed)
    try:
        gateway.script = [Canned(503, b"busy", {"Retry-After": "1"})]
        result = run("sparql", "ASK { d:china a skg:Country }", "--endpoint", gateway.base + "/query")
        assert result.exit_code == 0, result.output
        assert result.stdout == "true\n"
        assert [s.method for s in gateway.seen][:2] == ["POST", "POST"]  # the first answer was 503
        gateway.script = [Canned(503, b"busy", {"Retry-After": "10"})]
        late = run("sparql", "ASK { d:china a skg:Country }", "--endpoint", gateway.base + "/query", "--timeout", "3")
        assert late.exit_code == ExitCode.LIMIT
        assert "no time left to retry within the 3 s time limit" in late.stderr
    finally:
        gateway.close()


def test_as_of_needs_the_local_graph(run):
    result = run("query", "ordinals", "--endpoint", "http://127.0.0.1:9/query", "--as-of", "2020-01-01")
    assert result.exit_code == ExitCode.USAGE
    assert "--as-of chooses the local build" in result.stderr


def test_wdqs_queries_with_the_label_service_match_on_the_pushed_view(run, local, servers):
    text = ("SELECT ?item ?itemLabel ?date WHERE { ?item wdt:P619 ?date . "
            'SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } } ORDER BY ?date ?item')
    here = local("sparql", text, "--view", "wikidata", "-f", "csv")
    remote = run("sparql", text, "--view", "wikidata", "-f", "csv", "--endpoint", servers["wikidata"].query)
    assert here.exit_code == 0, here.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == here.stdout and len(here.stdout.splitlines()) > 2


# --- spacekg serve as the remote endpoint ---


@pytest.fixture(scope="module")
def served(project: Project) -> Iterator[Served]:
    with serve(spacekg_serve(project.root)) as server:
        yield server


SPACEKG_VIEW = [name for name in OFFLINE if STORED[name].view == "spacekg"]


def test_every_stored_query_gives_the_same_rows_through_spacekg_serve(run, local, served: Served):
    for name in SPACEKG_VIEW:
        for fmt in ("json", "table"):
            here = local("query", name, "-f", fmt)
            remote = run("query", name, "-f", fmt, "--endpoint", served.url)
            assert remote.exit_code == 0, (name, remote.output)
            assert remote.stdout == here.stdout, (name, fmt)


@pytest.mark.parametrize("args", [["--graphs", "asserted"], ["--graphs", "inferred"], ["--source", "a002"]])
def test_views_through_spacekg_serve_name_the_graphs_in_the_request(run, local, served: Served, args: list[str]):
    here = local("query", "plans", "-f", "csv", *args)
    remote = run("query", "plans", "-f", "csv", *args, "--endpoint", served.url)
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == here.stdout


@pytest.mark.parametrize(("expression", "tag"), [
    ("(CONCAT(?tag, STR(COUNT(?e))) AS ?shown)", "n="),
    ("(CONCAT(?tag, STR(COUNT(?e))) AS ?shown)", '中 "} .'),
    ("(SAMPLE(?tag) AS ?shown)", "s"),
])
def test_a_parameter_after_group_by_binds_remotely_as_locally(served: Served, scratch_project: Project,
                                                               expression: str, tag: str):
    # Checked before it was bound, such a query had been refused as malformed before it was sent.
    (scratch_project.queries_dir / "tagged.rq").write_text(
        "#+ title: Kinds, tagged\n#+ param: tag string x -- a tag\n"
        f"SELECT ?kind (COUNT(?e) AS ?n) {expression} WHERE {{ ?e a ?kind ; skg:earliestTime ?s }}\n"
        "GROUP BY ?kind HAVING (COUNT(?e) > 1) ORDER BY DESC(?n) ?kind\n")
    args = ["--root", str(scratch_project.root), "query", "tagged", "-p", f"tag={tag}", "-f", "csv"]
    here = CliRunner().invoke(cli, [*args, "--as-of", AS_OF])
    remote = CliRunner().invoke(cli, [*args, "--endpoint", served.url])
    assert here.exit_code == 0, here.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == here.stdout and tag.replace('"', '""') in remote.stdout  # as CSV quotes it
