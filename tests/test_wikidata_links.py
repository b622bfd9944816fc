"""Wikidata links: the report, its checks, the Wikidata-shaped view, federated queries and the
online check, all against the real graph and local replay servers."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from replay import Replay, SparqlReplay

from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.namespaces import ID
from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph
from spacekg.wikidata.links import WD, coverage, evidence, id_problem, link_problems, link_report
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


_KINDS = {"Q": "an item", "P": "a property", "L": "a lexeme", "E": "an entity schema", "M": "a media file"}


@given(kind=st.sampled_from(sorted(_KINDS)), number=st.integers(1, 10**12), wanted=st.sampled_from("QP"),
       part=st.sampled_from(["", "-F1", "-S12"]))
def test_an_id_of_another_kind_of_entity_is_named_as_such(kind: str, number: int, wanted: str, part: str):
    value = f"{kind}{number}{part}"
    problem = id_problem(value, wanted)
    if kind == wanted and not part:
        assert problem is None
    else:
        assert problem is not None and f"not {_KINDS[wanted]}" in problem
        assert ("a lexeme's form or sense" if part else _KINDS[kind]) in problem


@given(value=st.from_regex(r"[QP]?0[0-9]*|[a-z][0-9]+|Q[1-9][0-9]*[ x]|", fullmatch=True))
def test_what_is_no_wikidata_id_is_said_to_be_none(value: str):
    assert id_problem(value, "Q") == f"{value!r} is no Wikidata id (Q then digits)"


def _replace_in(path, old: str, new: str) -> int:
    """Replace ``old`` once in the file, and return the line it was on."""
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.slow
@pytest.mark.parametrize(("written", "kind"), [
    ("wd:P619", "a property"), ("wd:L7", "a lexeme"), ("<http://www.wikidata.org/entity/L7-S2>", "a lexeme's form or sense"),
    ("wd:E10", "an entity schema"), ("wd:M5", "a media file"), ("wd:Q0148", "no Wikidata id"),
])
def test_a_link_to_no_item_is_named_with_its_file_line_and_kind(scratch_project: Project, written: str, kind: str):
    line = _replace_in(scratch_project.data_dir / "entities.ttl", "skg:wikidata wd:Q148 ;", f"skg:wikidata {written} ;")
    result = cli_run(scratch_project, "link", "--check")
    assert result.exit_code == ExitCode.FINDINGS
    found = [p for p in result.stdout.splitlines() if "malformed Wikidata link" in p]
    assert len(found) == 1 and found[0].startswith(f"data/entities.ttl:{line}: <{ID}china>:") and kind in found[0]


@pytest.mark.slow
@pytest.mark.parametrize("comment", ["", '# "the formal name" and wd:Q30, as cited\n',
                                     "# from <https://example.org/countries#us> (line 3)\n#\n"])
def test_a_shared_qid_names_the_line_of_each_link(scratch_project: Project, comment: str):
    entities = scratch_project.data_dir / "entities.ttl"
    if comment:  # comments before the statement, whatever they hold, change nothing
        _replace_in(entities, "d:united-states a skg:Country ;", comment + "d:united-states a skg:Country ;")
    china = entities.read_text("utf-8").split("\n").index("    skg:wikidata wd:Q148 ;") + 1
    line = _replace_in(entities, "skg:wikidata wd:Q30 ;", "skg:wikidata wd:Q148 ;")
    result = cli_run(scratch_project, "link", "--check")
    assert result.exit_code == ExitCode.FINDINGS
    assert (f"data/entities.ttl:{line}: {WD}Q148: shared by <{ID}china> (data/entities.ttl:{china}), "
            f"<{ID}united-states> (data/entities.ttl:{line})") in result.stdout.splitlines()


@pytest.mark.slow
@pytest.mark.parametrize(("table", "old", "new", "problem"), [
    ("links.csv", "china,People's Republic of China,Q148,", "china,People's Republic of China,P148,",
     "qid 'P148' is a property, not an item"),
    ("links.csv", "china,People's Republic of China,Q148,", "china,People's Republic of China,L148,",
     "qid 'L148' is a lexeme, not an item"),
    ("evidence.csv", "china,Q148,", "china,P17,", "qid 'P17' is a property, not an item"),
    ("properties.csv", "country,country,P17,", "country,country,Q17,", "qid 'Q17' is an item, not a property"),
])
def test_a_research_table_naming_the_wrong_kind_of_entity_is_refused_with_its_line(
        scratch_project: Project, table: str, old: str, new: str, problem: str):
    line = _replace_in(scratch_project.data_dir / "wikidata" / table, old, new)
    result = cli_run(scratch_project, "link", "--check")
    assert result.exit_code == ExitCode.INPUT
    assert f"{table}:{line}: {problem}" in result.output


@pytest.mark.slow
@pytest.mark.parametrize(("old", "new", "says"), [
    ("china,People's Republic of China,Q148,verified,", "china,People's Republic of China,Q149,verified,",
     "verified as Q149, but the graph links it to " + WD + "Q148 (data/entities.ttl:"),
    ("china,People's Republic of China,Q148,verified,", "china,People's Republic of China,,no-item,",
     "researched as no-item, but the graph links it to " + WD + "Q148 (data/entities.ttl:"),
    ("china,People's Republic of China,Q148,verified,", "china,People's Republic of China,,unverified,",
     "researched as unverified, but the graph links it to " + WD + "Q148 (data/entities.ttl:"),
])
def test_links_csv_that_disagrees_with_the_graph_fails_the_check(scratch_project: Project, old: str, new: str,
                                                                says: str):
    line = _replace_in(scratch_project.data_dir / "wikidata" / "links.csv", old, new)
    result = cli_run(scratch_project, "link", "--check")
    assert result.exit_code == ExitCode.FINDINGS
    assert any(p.startswith(f"data/wikidata/links.csv:{line}: <{ID}china>: {says}") for p in result.stdout.splitlines())


@pytest.mark.slow
def test_one_qid_verified_for_two_entities_of_the_graph_fails_the_check(scratch_project: Project):
    links = scratch_project.data_dir / "wikidata" / "links.csv"
    china = _replace_in(links, "china,People's Republic of China,Q148,", "china,People's Republic of China,Q148,")
    line = _replace_in(links, "united-states,United States of America,Q30,", "united-states,United States of America,Q148,")
    result = cli_run(scratch_project, "link", "--check")
    assert result.exit_code == ExitCode.FINDINGS
    assert (f"data/wikidata/links.csv:{line}: Q148 verified for <{ID}china> (line {china}), "
            f"<{ID}united-states> (line {line})") in result.stdout.splitlines()


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
