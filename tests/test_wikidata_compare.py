"""Giving back to Wikidata: the view's statements compared with Wikidata's items (replayed on
127.0.0.1), and the QuickStatements export of what Wikidata lacks or states differently."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import AS_OF
from replay import FIXTURES, Replay, json_reply

from spacekg.cli import cli
from spacekg.namespaces import XSD
from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.snapshot import current_snapshot
from spacekg.wikidata.client import WikidataClient
from spacekg.wikidata.compare import Comparison, _time_prefix, compare, quickstatements, unwritable
from spacekg.wikidata.view import DEPRECATED, WD, Statement, WikidataView, best, wikidata_view

QS_LINE = re.compile(r'^Q\d+\tP\d+\t(Q\d+|\+\d{4}-\d\d-\d\dT00:00:00Z/(9|10|11)|[\d.]+(U\d+)?|"[^"]*")'
                     r'(\tP\d+\t(Q\d+|\+\d{4}-\d\d-\d\dT00:00:00Z/(9|10|11)|"[^"]*"))*\tS854\t"https?://[^"]+"$')


def cli_run(project: Project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def _view(kg: KnowledgeGraph, project: Project) -> WikidataView:
    return wikidata_view(kg, project.root)


def test_compare_says_agrees_differs_or_missing(kg: KnowledgeGraph, project: Project, server: Replay, tmp_path: Path):
    view = _view(kg, project)
    comparisons = compare(view, WikidataClient(tmp_path / "cache", api_url=server.url))
    verdicts = {(c.qid, c.statement.property, str(c.statement.value)): c.verdict for c in comparisons}
    assert len(comparisons) == len(view.statements)
    # Chang'e 4's cited launch minute agrees with Wikidata's day; its deprecated plan date differs.
    assert verdicts[("Q723045", "P619", '"2018-12-07T18:23:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>')] == "agrees"
    assert verdicts[("Q5170154", "P619", '"2018-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>')] == "differs"
    assert verdicts[("Q9335995", "P1029", "<http://www.wikidata.org/entity/Q461840>")] == "missing"
    assert verdicts[("Q148", "P31", "<http://www.wikidata.org/entity/Q6256>")] == "agrees"
    # Only reads: every request asked for entities.
    assert {r.query["action"] for r in server.requests} == {"wbgetentities"}


def test_a_different_value_in_wikidata_is_reported_as_differs(kg: KnowledgeGraph, project: Project, server: Replay,
                                                               tmp_path: Path):
    view = _view(kg, project)
    items = sorted({s.item.rsplit("/", 1)[1] for s in view.statements}, key=lambda q: int(q[1:]))
    entities = {}
    for qid in items:
        entities.update(json.loads((FIXTURES / f"wbgetentities_{qid}.json").read_text("utf-8"))["entities"])
    # A test-only answer: Wikidata gives Shenzhou 11 a crew member spacekg does not have, and a
    # duration of 32 days.
    entities["Q9335995"]["claims"] = {
        "P1029": [{"mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": "Q147581"}}}, "rank": "normal"}],
        "P2047": [{"mainsnak": {"snaktype": "value", "datavalue": {"value": {
            "amount": "+32", "unit": "http://www.wikidata.org/entity/Q573"}}}, "rank": "normal"}],
    }
    server.then(json_reply({"entities": entities, "success": 1}))
    comparisons = compare(view, WikidataClient(tmp_path / "cache", api_url=server.url))
    shenzhou = {(c.statement.property, c.statement.value.value): c for c in comparisons if c.qid == "Q9335995"}
    assert shenzhou[("P1029", "http://www.wikidata.org/entity/Q461840")].verdict == "differs"
    assert shenzhou[("P1029", "http://www.wikidata.org/entity/Q461840")].wikidata == ("Q147581",)
    assert shenzhou[("P2047", "33")].verdict == "differs"
    assert shenzhou[("P2047", "33")].wikidata == ("+32 Q573",)
    lines = quickstatements(comparisons).splitlines()
    assert 'Q9335995\tP2047\t33U573\tS854\t"https://cosmos.wikisort.org/spacecraft/en/Spacecraft/Shenzhou_11"' in lines
    assert not any(line.startswith("Q9335995\tP2047\t30") for line in lines)  # the article's rounded value


def test_quickstatements_propose_only_the_best_missing_or_differing_statements(kg: KnowledgeGraph, project: Project,
                                                                              server: Replay, tmp_path: Path):
    view = _view(kg, project)
    comparisons = compare(view, WikidataClient(tmp_path / "cache", api_url=server.url))
    text = quickstatements(comparisons)
    lines = text.splitlines()
    assert lines and all(QS_LINE.match(line) for line in lines), [x for x in lines if not QS_LINE.match(x)][:3]
    assert lines == sorted(set(lines))
    proposed = {(line.split("\t")[0], line.split("\t")[1]) for line in lines}
    top = set(best(list(view.statements)))
    for c in comparisons:
        key = (c.qid, c.statement.property)
        if c.verdict == "agrees" and not any(o.verdict != "agrees" and (o.qid, o.statement.property) == key
                                            for o in comparisons):
            assert key not in proposed
        if c.statement.rank == DEPRECATED:
            assert c.statement in set(view.statements) and c.statement not in top
    assert "Q5170154\tP619\t+2018" not in text  # a missed plan target is never proposed
    assert 'Q9335995\tP1029\tQ461840\tS854\t"https://cosmos.wikisort.org/spacecraft/en/Spacecraft/Shenzhou_11"' in lines
    assert "Q1061879\tP620\t+2013-12-14T00:00:00Z/11\tS854\t" in text
    assert "Q1061879\tP620\t+2013-00-00" not in text  # the article's "in 2013" is not the best value


def test_cli_compares_and_exports_quickstatements_from_the_cache(project: Project, server: Replay, tmp_path: Path):
    compared = cli_run(project, "link", "--online", "--compare", "--api-url", server.url, "-f", "csv")
    assert compared.exit_code == 0, compared.output
    assert compared.stdout.splitlines()[0] == "item,property,value,rank,verdict,wikidata"
    assert re.search(r"\d+ agrees, \d+ differs, \d+ missing of \d+ statements", compared.stderr)
    out = tmp_path / "for-wikidata.qs"
    hits = len(server.requests)
    exported = cli_run(project, "export", "--view", "quickstatements", "--offline", "--api-url", server.url,
                       "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert len(server.requests) == hits  # --offline answered from the cache the comparison filled
    assert "commands for statements Wikidata lacks or states differently" in exported.stderr
    assert out.read_text("utf-8").splitlines()[0].startswith("Q")


def test_compare_needs_online(project: Project):
    result = cli_run(project, "link", "--compare")
    assert result.exit_code == 2 and "--online" in result.stderr


def test_readme_shows_real_quickstatements_lines(kg: KnowledgeGraph, project: Project, server: Replay, tmp_path: Path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    block = readme.split("$ spacekg export --view quickstatements", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines()[1:] if line.startswith("Q")]
    assert len(shown) >= 5
    lines = set(quickstatements(compare(_view(kg, project), WikidataClient(tmp_path / "c", api_url=server.url)))
                .splitlines())
    assert set(shown) <= lines


def test_an_offline_miss_says_why_however_long_the_address(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "export", "--view", "quickstatements", "--offline",
                                      "--api-url", "http://127.0.0.1:9/w/api.php", "--as-of", "2026-11-21"])
    assert result.exit_code == 7, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("Error: http://127.0.0.1:9/w/api.php?action=") and len(line) <= len("Error: ") + 500
    assert line.endswith("not in the cache and --offline was given")


def _proposal(value: ox.NamedNode | ox.Literal, *, property_: str = "P1545", point_precision: int | None = None,
              qualifiers: tuple = ()) -> Comparison:
    statement = Statement(WD + "Q1", property_, value, qualifiers=qualifiers, sources=("https://example.org/page",),
                          cited=True, key="k", point_precision=point_precision)
    return Comparison(statement, "missing", ())


def _read_v1_value(cell: str) -> tuple[str | None, str] | None:
    """A QuickStatements v1 string or monolingual text value as QuickStatements reads it: all
    between the first and the last quote, trimmed, with no escapes."""
    if found := re.fullmatch(r'"(.*)"', cell.strip()):
        return None, found[1].strip()
    if found := re.fullmatch(r'([a-z_-]+):"(.*)"', cell.strip(), re.IGNORECASE):
        return found[1], found[2].strip()
    return None


@pytest.mark.parametrize("text", ['a "quoted" name', 'ends with "', "back\\slash", "中国国家航天局", "Chang'e 4", '"'])
@pytest.mark.parametrize("language", [None, "en", "zh-hans"])
def test_quickstatements_strings_read_back_as_written(text: str, language: str | None):
    value = ox.Literal(text, language=language) if language else ox.Literal(text)
    (line,) = quickstatements([_proposal(value)]).splitlines()
    cells = line.split("\t")
    assert cells[:2] == ["Q1", "P1545"] and cells[3:] == ["S854", '"https://example.org/page"']
    assert _read_v1_value(cells[2]) == (language, text)


@pytest.mark.parametrize("text", ["tab\there", "two\nlines", "carriage\rreturn", " leading", "trailing ", "\tboth "])
def test_quickstatements_leave_out_values_they_cannot_carry(text: str):
    proposal = _proposal(ox.Literal(text))
    assert quickstatements([proposal]) == ""
    assert unwritable([proposal]) == [proposal.statement]


@pytest.mark.parametrize(("precision", "written"), [
    (9, "+2013-00-00T00:00:00Z/9"), (10, "+2013-01-00T00:00:00Z/10"), (11, "+2013-01-01T00:00:00Z/11"),
    (13, "+2013-01-01T00:00:00Z/11"), (None, "+2013-01-01T00:00:00Z/11")])
def test_a_point_in_time_qualifier_keeps_its_precision(precision: int | None, written: str):
    moment = ox.Literal("2013-01-01T00:00:00Z", datatype=ox.NamedNode(XSD + "dateTime"))
    proposal = _proposal(ox.NamedNode(WD + "Q495307"), property_="P793", point_precision=precision,
                         qualifiers=(("P585", moment),))
    assert quickstatements([proposal]).split("\t")[:5] == ["Q1", "P793", "Q495307", "P585", written]


@pytest.mark.slow
def test_a_landing_known_only_to_the_year_is_proposed_in_that_year(scratch_project: Project, server: Replay,
                                                                    tmp_path: Path):
    background = scratch_project.data_dir / "background.trig"
    text = background.read_text("utf-8")
    exact = ' skg:time "2013-12-14T13:11:00Z"^^xsd:dateTime ; skg:timePrecision skg:PrecisionMinute ;'
    assert exact in text
    background.write_text(text.replace(exact, ""), "utf-8")
    kg = KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=AS_OF).nquads)
    lines = quickstatements(compare(_view(kg, scratch_project), WikidataClient(tmp_path / "c", api_url=server.url)))
    landing = [line for line in lines.splitlines() if line.startswith("Q1061879\tP793\t")]
    assert landing and all("\tP585\t+2013-00-00T00:00:00Z/9\t" in line for line in landing), landing


@pytest.mark.parametrize(("ours", "theirs", "precision", "same"), [
    ("2010-01-01T00:00:00Z", "2010-00-00T00:00:00Z", 8, True),    # the 2010s, however the finer fields are written
    ("2013-06-01T00:00:00Z", "2010-00-00T00:00:00Z", 8, True),
    ("2020-01-01T00:00:00Z", "2010-00-00T00:00:00Z", 8, False),
    ("2013-00-00T00:00:00Z", "2013-12-31T00:00:00Z", 9, True),
    ("2013-12-01T00:00:00Z", "2013-11-30T00:00:00Z", 10, False),
    ("2013-12-14T13:11:00Z", "2013-12-14T00:00:00Z", 11, True),
])
def test_times_agree_when_they_name_the_same_period_at_the_coarser_precision(ours: str, theirs: str, precision: int,
                                                                            same: bool):
    assert (_time_prefix(ours, precision) == _time_prefix(theirs, precision)) is same
