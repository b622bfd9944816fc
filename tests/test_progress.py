"""Long work reports progress while it runs, not only when a stage ends."""

from __future__ import annotations

import shutil
import time
from datetime import date

import pytest

from spacekg.sources.project import Project
from spacekg.store.build import _Stages, build


def test_a_long_stage_reports_while_it_runs():
    lines: list[tuple[float, str]] = []
    stages = _Stages(lambda line: lines.append((time.perf_counter(), line)), heartbeat=0.1)
    with stages.stage("reason") as detail:
        detail.append("accepted view 887")
        time.sleep(0.45)
        ended = time.perf_counter()
    beats = [(t, line) for t, line in lines if "running for" in line]
    assert len(beats) >= 3
    assert all(t < ended for t, _ in beats)
    assert beats[0][1] == "reason: running for 0 s (accepted view 887)"
    assert lines[-1][1].startswith("reason: accepted view 887 in 0.4")


def test_a_short_stage_reports_once():
    lines: list[str] = []
    with _Stages(lines.append, heartbeat=10).stage("load") as detail:
        detail.append("3 files")
    assert len(lines) == 1 and lines[0].startswith("load: 3 files in ")


@pytest.mark.slow
def test_build_beats_while_reasoning_workers_run(scratch_project: Project, as_of: date):
    lines: list[str] = []
    shutil.rmtree(scratch_project.cache_dir)
    build(scratch_project, as_of=as_of, progress=lines.append, heartbeat=0.05)
    assert any(line.startswith("reason: running for") for line in lines)
    assert any(line.startswith("reason: schema") and "accepted view" in line for line in lines)
