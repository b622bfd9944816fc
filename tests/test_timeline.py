"""spacekg timeline: plans against what happened, drawn deterministically from a stored query."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AS_OF, REPO

from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.plots.timeline import STYLE, PictureFormat, Status, draw, timeline_rows
from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.queries import get_query

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def rows(project: Project, kg: KnowledgeGraph):
    stored = get_query(project.queries_dir, "plan-timeline")
    return timeline_rows(kg.query(stored.text))


def by_label(rows, label: str):
    (row,) = [r for r in rows if r.label == label]
    return row


def test_every_plan_is_in_exactly_one_row(rows, kg: KnowledgeGraph):
    assert len(rows) == 12
    plans = {p[0].value for p in kg.query("SELECT DISTINCT ?p WHERE { ?p a skg:Plan ; skg:planStatus ?s }").rows}
    drawn = [a.plan for r in rows for a in r.announcements]
    assert sorted(drawn) == sorted(plans)
    assert len({r.goal for r in rows}) == len(rows)


def test_announcements_of_one_goal_share_a_row(rows):
    landing = by_label(rows, "Chang'e 4 landing")
    assert [a.label for a in landing.announcements] == ["a001 L1.2, L3.1 · by 2018",
                                                         "a000 L5.1, L11.1 · by the end of the year / later this year",
                                                         "cited: global.chinadaily.com.cn · around 2018"]
    assert {a.status for a in landing.announcements} == {Status.MET_LATE}
    assert {a.slip_days for a in landing.announcements} == {3}
    crewed = by_label(rows, "crewed expeditions to the lunar surface")
    assert [a.status for a in crewed.announcements] == [Status.PENDING, Status.SUPERSEDED, Status.SUPERSEDED,
                                                        Status.PENDING]
    assert crewed.announcements[-1].label == "cited: onenewspage.com · before 2030"


def test_a_plan_met_late_keeps_its_window_and_event(rows):
    (rover,) = [a for a in by_label(rows, "Tianwen-1 landing with the Zhurong rover").announcements
                if a.plan.endswith("/plan-a000-mars-rover-2020")]
    assert rover.latest is not None and rover.done_at is not None and rover.done_at > rover.latest
    assert rover.slip_days == (rover.done_at.date() - rover.latest.date()).days


def test_a_plan_met_early_has_its_event_before_its_window(rows):
    (rover,) = [a for a in by_label(rows, "Tianwen-1 landing with the Zhurong rover").announcements
                if a.plan.endswith("/plan-a002-mars-rover-mid-2020s")]
    assert rover.status is Status.MET_EARLY
    assert rover.earliest is not None and rover.done_at is not None and rover.done_at < rover.earliest


def test_statuses_have_distinct_colours_and_markers():
    assert len({c for c, _ in STYLE.values()}) == len({m for _, m in STYLE.values()}) == len(Status)
    # Okabe and Ito's colour-blind-safe palette.
    assert {c for c, _ in STYLE.values()} <= {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                                              "#CC79A7", "#000000"}


@pytest.mark.slow
def test_svg_keeps_text_as_text_and_labels_plans_with_article_and_sentence(rows):
    svg = draw(rows, as_of=AS_OF).decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "a000 L33.1 · by 2020" in texts
    assert f"as of {AS_OF.isoformat()}" in " ".join(texts)
    assert "Chang&#39;e 4 landing" in texts or "Chang'e 4 landing" in texts
    assert "<dc:date>" not in svg


@pytest.mark.slow
def test_png_is_a_png(rows):
    assert draw(rows, as_of=AS_OF, fmt=PictureFormat.PNG).startswith(b"\x89PNG\r\n\x1a\n")


def test_an_unknown_picture_suffix_is_a_usage_error(project: Project, tmp_path: Path):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "timeline", "-o", str(tmp_path / "plans.pdf")])
    assert result.exit_code == ExitCode.USAGE and ".svg or .png" in result.stderr
    assert not any(tmp_path.iterdir())


def test_without_matplotlib_the_command_names_the_extra(project: Project, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "timeline", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == ExitCode.USAGE
    assert "pip install 'spacekg[timeline]'" in result.stderr


@pytest.mark.slow
def test_svg_is_byte_identical_across_runs_and_hash_seeds(project: Project, tmp_path: Path):
    outputs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"plans-{seed}.svg"
        subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "timeline", "--as-of",
                        AS_OF.isoformat(), "-o", str(out)], env={**os.environ, "PYTHONHASHSEED": seed},
                       check=True, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.slow
def test_readme_picture_is_what_the_command_draws(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "timeline", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.stderr
    committed = (REPO / "docs" / "timeline.svg").read_bytes()
    assert result.stdout_bytes == committed, (
        f"docs/timeline.svg is stale: spacekg timeline --as-of {AS_OF.isoformat()} -o docs/timeline.svg")
    assert "![Plans against what happened](docs/timeline.svg)" in (REPO / "README.md").read_text("utf-8")


@pytest.mark.slow
def test_plans_linked_by_same_goal_share_a_row(scratch_project: Project):
    from spacekg.store.snapshot import current_snapshot

    (scratch_project.data_dir / "goal-links.ttl").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> .\n@prefix d: <https://w3id.org/spacekg/id/> .\n"
        "d:plan-a001-europa-mission skg:sameGoalAs d:plan-a000-jupiter-2029 .\n")
    kg = KnowledgeGraph.from_nquads(current_snapshot(scratch_project, as_of=AS_OF).nquads)
    stored = get_query(scratch_project.queries_dir, "plan-timeline")
    rows = timeline_rows(kg.query(stored.text))
    (jupiter,) = [r for r in rows if any(a.plan.endswith("/plan-a000-jupiter-2029") for a in r.announcements)]
    assert [a.plan.rsplit("/", 1)[1] for a in jupiter.announcements] == [
        "plan-a001-jupiter-system", "plan-a001-europa-mission", "plan-a000-jupiter-2029", "plan-cnsa-2018-09-jupiter",
        "plan-cnsa-2018-04-jupiter", "plan-tianwen-4-jupiter-2030", "plan-white-paper-2016-jupiter-system"]
    assert len(rows) == 11


@pytest.mark.parametrize("label", ["costs $5{ or $6", "between $1 and $2 billion", "a $\\frac{$ b", "$x^2$"])
def test_labels_with_dollar_signs_are_drawn_as_written(label: str):
    from datetime import datetime

    from spacekg.plots.timeline import Announcement, GoalRow

    plan = Announcement("d:plan", "a000", ("L1.1",), datetime(2016, 1, 1), label, "PrecisionYear", None,
                        datetime(2020, 12, 31), Status.PENDING, None, None)
    svg = draw([GoalRow("d:goal", label, (plan,))], as_of=AS_OF).decode()
    texts = [t.replace("&#39;", "'") for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert label in texts and f"a000 L1.1 · {label}" in texts


@pytest.mark.parametrize("as_of", ["0001-01-01", "2020-12-31", "9999-12-31"])
def test_any_as_of_date_draws(project: Project, tmp_path: Path, as_of: str):
    out = tmp_path / "plans.svg"
    result = CliRunner().invoke(cli, ["--root", str(project.root), "timeline", "--as-of", as_of, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"as of {as_of}" in out.read_text("utf-8")
