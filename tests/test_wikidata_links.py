"""Wikidata links: the report, its checks, the Wikidata-shaped view, federated queries and the
online check, all against the real graph and local replay servers."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest
from click.testing import CliRunner
from replay import Replay, SparqlReplay

from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.namespaces import ID
from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph
from spacekg.wikidata.links import WD, coverage, evidence, link_problems, link_report
from spacekg.wikidata.view import view_store, wikidata_view


def cli_run(project: Project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def test_report_gives_each_entity_linked_unverified_or_no_item_with_its_reason(project: Project, kg: KnowledgeGraph):
    rows = {r.entity.removeprefix(ID): r for r in link_report(kg, project.root)}
    assert rows["china"].status == "linked" and rows["china"].qid == "Q148"
    assert rows["china"].evidence.startswith("https://github.com/")
    assert rows["change-4"].status == "linked" and rows["change-4"].qid == "Q723045"
    assert rows["queqiao"].status == "linked" and rows["queqiao"].qid == "Q53829976"
    assert rows["xichang"].status == "unverified" and "searched" in rows["xichang"].evidence
    assert rows["change-4-launch"].status == "no-item" and "P619" in rows["change-4-launch"].evidence
    assert rows["asteroids"].status == "no-item"
    # Every entity the articles name has been researched: linked, unverified with what was searched,
    # or no item. Entities only the cited background brings in may wait ("unlinked").
    mentioned = {r[0].value.removeprefix(ID) for r in kg.query("""SELECT DISTINCT ?e WHERE {
        GRAPH ?g { { ?e ?p ?o } UNION { ?s ?q ?e } } ?g skg:statedIn ?sentence . FILTER (isIRI(?e)) }""").rows}
    assert {r.status for r in rows.values()} == {"linked", "unverified", "no-item", "unlinked"}
    assert all(rows[e].status != "unlinked" and rows[e].evidence for e in mentioned if e in rows)


def test_coverage_by_type_counts_only_entities_that_may_have_an_item(project: Project, kg: KnowledgeGraph):
    rows = link_report(kg, project.root)
    table = {c.kind: c for c in coverage(rows)}
    total = table.pop("all")
    assert total.linked == sum(c.linked for c in table.values()) == sum(r.status == "linked" for r in rows)
    assert total.with_item + total.no_item == len(rows)
    assert table["launch"].no_item == table["launch"].linked + table["launch"].no_item  # launches are events
    assert table["crewed mission"].percent == 100.0
    assert total.percent == 100.0 * total.linked / (total.linked + total.unverified + total.unlinked)
    result = cli_run(project, "link", "--by-type", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "kind,linked,unverified,unlinked,noItem,coverage"
    assert f"all,{total.linked},{total.unverified},{total.unlinked},{total.no_item},{total.percent:.0f}%" in result.stdout
    assert f"{total.percent:.0f}% of the {total.with_item}" in result.stderr


def test_report_is_a_table_and_csv(project: Project):
    result = cli_run(project, "link", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "entity,label,kind,status,qid,evidence"
    assert "linked, " in result.stderr and "unverified" in result.stderr and "with no item" in result.stderr


def test_shipped_links_pass_the_check(project: Project, kg: KnowledgeGraph):
    assert link_problems(kg, project.root) == []
    assert cli_run(project, "link", "--check").exit_code == 0


def test_every_link_has_an_excerpt_naming_its_qid_and_a_second_agreeing_fact(project: Project, kg: KnowledgeGraph):
    rows = evidence(project.root)
    linked = [r for r in link_report(kg, project.root) if r.status == "linked"]
    assert len(linked) >= 50
    for r in linked:
        row = rows[r.entity]
        assert row.qid == r.qid and r.evidence == row.url
        assert row.qid[1:] in row.excerpt and row.agreeing_kind and row.agreeing_value
        assert row.url.startswith("https://github.com/") and len(row.commit) == 40


def test_every_wikidata_class_in_the_alignments_is_a_verified_class_item(project: Project):
    """A class mapping names a Wikidata class only when research confirmed its Q-id (links.csv)."""
    import csv

    import rdflib

    aligned = {str(o).removeprefix(WD) for o in rdflib.Graph().parse(project.root / "ontology" / "alignments.ttl").objects()
               if str(o).startswith(WD + "Q")}
    with (project.root / "data" / "wikidata" / "links.csv").open(newline="", encoding="utf-8") as handle:
        classes = {row["qid"]: row for row in csv.DictReader(handle) if row["key"].startswith("class:")}
    assert {"Q763288", "Q928667", "Q184356", "Q18812508", "Q55818"} <= aligned
    for qid in aligned:
        row = classes[qid]
        assert row["status"] == "verified" and row["evidence_url"].startswith("https://github.com/"), row
        assert qid[1:] in row["evidence_note"], row


def _launch_or_landing_days(kg: KnowledgeGraph, entity: str) -> set[str]:
    found = kg.query(f"""SELECT ?t WHERE {{
        {{ <{entity}> skg:time ?t }} UNION {{ ?e skg:payload <{entity}> ; skg:time ?t }}
        UNION {{ ?e skg:partOfMission <{entity}> ; skg:time ?t }} UNION {{ ?e skg:landedSpacecraft <{entity}> ; skg:time ?t }}
        UNION {{ ?e skg:landedSpacecraft <{entity}> ; skg:earliestTime ?t }} }}""").rows
    return {row[0].value[:10] for row in found}


def test_the_agreeing_dates_agree_with_the_graph(project: Project, kg: KnowledgeGraph):
    """A launch date or COSPAR year offered as the second fact is one the graph itself holds."""
    checked = 0
    for entity, row in evidence(project.root).items():
        days = _launch_or_landing_days(kg, entity)
        if row.agreeing_kind == "launch-date":
            assert row.agreeing_value in days, (entity, row.agreeing_value, days)
            checked += 1
        elif row.agreeing_kind == "duration-days":
            graph = {r[0].value for r in kg.query(f"""SELECT ?d WHERE {{ {{ <{entity}> skg:durationDays ?d }}
                UNION {{ ?st skg:statementSubject <{entity}> ; skg:statementProperty skg:durationDays ;
                             skg:statementValue ?d }} }}""").rows}
            assert row.agreeing_value in graph, (entity, row.agreeing_value, graph)
            checked += 1
        elif row.agreeing_kind == "cospar-year":
            assert row.agreeing_value in {d[:4] for d in days} or not days, (entity, row.agreeing_value, days)
            assert row.agreeing_value in row.excerpt  # the COSPAR id starts with the launch year
            checked += 1
    assert checked >= 15


@pytest.mark.slow
def test_check_fails_when_a_link_lacks_evidence_in_the_csv(scratch_project: Project):
    table = scratch_project.data_dir / "wikidata" / "evidence.csv"
    kept = [line for line in table.read_text("utf-8").splitlines(keepends=True) if not line.startswith("zhurong,")]
    table.write_text("".join(kept), "utf-8")
    result = cli_run(scratch_project, "link", "--check")
    assert result.exit_code == ExitCode.FINDINGS
    assert "zhurong>: no row in data/wikidata/evidence.csv" in result.stdout


def test_check_fails_when_the_second_fact_or_the_qid_is_missing_from_the_evidence(scratch_project: Project):
    table = scratch_project.data_dir / "wikidata" / "evidence.csv"
    text = table.read_text("utf-8")
    text = text.replace(",cospar-year,2013,", ",,,", 1).replace('entity/Q723045"", ""itemLabel', 'entity/Q1"", ""itemLabel', 1)
    table.write_text(text, "utf-8")
    result = cli_run(scratch_project, "link", "--check")
    assert result.exit_code == ExitCode.FINDINGS
    assert "change-3>: evidence.csv row has no second agreeing fact" in result.stdout
    assert "change-4>: the evidence excerpt does not name Q723045" in result.stdout


@pytest.mark.slow
def test_check_fails_on_malformed_shared_double_and_unevidenced_links(scratch_project: Project):
    (scratch_project.data_dir / "bad-links.ttl").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n"
        "@prefix wd: <http://www.wikidata.org/entity/> .\n"
        "d:russia skg:wikidata wd:Q148 .\n"              # shares China's item, and Russia now has two
        "d:fast skg:wikidata <http://www.wikidata.org/entity/P619> ; skg:wikidataEvidence <http://x/> .\n"
        "d:xichang skg:wikidata wd:Q1 .\n")              # no evidence
    result = cli_run(scratch_project, "link", "--check")
    assert result.exit_code == ExitCode.FINDINGS
    out = result.stdout
    assert "shared by" in out and "linked to 2 items" in out
    assert "malformed Wikidata link" in out and "has no skg:wikidataEvidence" in out


def test_wikidata_view_answers_a_wdqs_query_unchanged(project: Project):
    result = cli_run(project, "sparql", "--view", "wikidata", "-f", "csv",
                     "SELECT ?item ?date WHERE { ?item wdt:P619 ?date }")
    assert result.exit_code == 0, result.output
    assert "http://www.wikidata.org/entity/Q182524,1961-04-12T06:07:00Z" in result.stdout


def test_wikidata_view_has_statements_with_references_to_the_source(kg: KnowledgeGraph):
    view = wikidata_view(kg)
    assert view.mapped >= 2 and view.left_out > 0
    rows = view_store(view).query("""
        PREFIX p: <http://www.wikidata.org/prop/> PREFIX ps: <http://www.wikidata.org/prop/statement/>
        PREFIX pr: <http://www.wikidata.org/prop/reference/> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?value ?source WHERE { wd:Q430911 p:P26 ?st . ?st ps:P26 ?value ; prov:wasDerivedFrom/pr:P854 ?source }""").rows
    assert sorted((r[0].value, r[1].value) for r in rows) == [
        ("http://www.wikidata.org/entity/Q15031", "https://w3id.org/spacekg/source/a000"),
        ("http://www.wikidata.org/entity/Q15031", "https://www.bbc.co.uk/music/artists/9358ac97-1028-4756-8726-fa1b8c4e1f90")]


def test_wikidata_view_exports_and_counts_what_it_left_out(project: Project):
    result = cli_run(project, "export", "--view", "wikidata", "-f", "turtle")
    assert result.exit_code == 0
    assert "wdt:P619" in result.stdout and "wdt:P26" in result.stdout
    assert "asserted facts have no Wikidata form" in result.stderr


def test_federated_query_is_refused_without_permission(project: Project):
    result = cli_run(project, "query", "wikidata-countries")
    assert result.exit_code == ExitCode.QUERY
    assert "--allow-service" in result.stderr


class _FailingEndpoint(http.server.BaseHTTPRequestHandler):
    how = "500"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        if self.how in ("500", "garbage"):
            self.send_response(500 if self.how == "500" else 200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b"{not json")
        else:  # hangs up without an answer
            self.connection.shutdown(socket.SHUT_RDWR)

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("how", ["refused", "500", "garbage", "hung up"])
def test_a_service_endpoint_that_fails_is_a_remote_error(project: Project, how: str):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("Endpoint", (_FailingEndpoint,), {"how": how}))
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    if how == "refused":
        server.server_close()  # nothing listens on the port any more
    else:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = cli_run(project, "sparql", "--allow-service", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    finally:
        if how != "refused":
            server.shutdown()
            server.server_close()
    assert result.exit_code == ExitCode.REMOTE, result.output
    assert "a SERVICE endpoint failed: " in result.stderr


def test_federated_query_joins_with_the_query_service(project: Project, wdqs: SparqlReplay):
    result = cli_run(project, "query", "wikidata-countries", "--allow-service", "--wikidata-endpoint", wdqs.url,
                     "-f", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "https://w3id.org/spacekg/id/china,http://www.wikidata.org/entity/Q148,People's Republic of China" in lines
    assert len(wdqs.queries) >= 1 and "Q6256" in wdqs.queries[0][1]


@pytest.mark.slow
def test_online_check_and_proposals_against_the_replayed_api(scratch_project: Project, server: Replay):
    # Keep the two links whose answers are recorded.
    entities = scratch_project.data_dir / "entities.ttl"
    kept = []
    for block in entities.read_text().split("\n\n"):
        if "skg:wikidata" in block and not any(f"d:{k} " in block for k in ("china", "moon")):
            block = "\n".join(line for line in block.splitlines()
                              if "skg:wikidata" not in line).rstrip(" ;\n") + " ."
        kept.append(block)
    entities.write_text("\n\n".join(kept))
    result = cli_run(scratch_project, "link", "--online", "--api-url", server.url, "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/spacekg/id/china,http://www.wikidata.org/entity/Q148" in result.stdout
    assert any("spacekg/" in r.headers["User-Agent"] for r in server.requests)
    hits = len(server.requests)
    again = cli_run(scratch_project, "link", "--online", "--offline", "--api-url", server.url, "-f", "csv")
    assert again.exit_code == 0 and again.stdout == result.stdout
    assert len(server.requests) == hits  # answered from the on-disk cache
