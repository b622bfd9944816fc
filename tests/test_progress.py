"""Long work reports progress while it runs, not only when a stage ends."""

from __future__ import annotations

import re
import time

import pytest

from spacekg.store.build import BuildReport, _Stages


def test_a_long_stage_reports_while_it_runs():
    lines: list[tuple[float, str]] = []
    stages = _Stages(lambda line: lines.append((time.perf_counter(), line)), heartbeat=0.1)
    started = time.perf_counter()
    with stages.stage("reason") as detail:
        detail.append("accepted view 887")
        # Wait for the beats rather than a fixed time: a loaded machine may delay the beating thread.
        while sum("running for" in line for _, line in lines) < 3 and time.perf_counter() - started < 10:
            time.sleep(0.01)
        ended = time.perf_counter()
    beats = [(t, line) for t, line in lines if "running for" in line]
    assert len(beats) >= 3
    assert all(t < ended for t, _ in beats)
    assert all(re.fullmatch(r"reason: running for \d+ s \(accepted view 887\)", line) for _, line in beats)
    took = re.fullmatch(r"reason: accepted view 887 in (\d+\.\d+) s", lines[-1][1])
    assert took is not None, lines[-1][1]
    assert float(took.group(1)) >= 3 * 0.1 - 0.005  # three heartbeats had passed


def test_a_short_stage_reports_once():
    lines: list[str] = []
    with _Stages(lines.append, heartbeat=10).stage("load") as detail:
        detail.append("3 files")
    assert len(lines) == 1 and lines[0].startswith("load: 3 files in ")


@pytest.mark.slow
@pytest.mark.xdist_group("owlrl-build")  # one worker builds it once
def test_build_beats_while_reasoning_workers_run(owlrl_build: tuple[BuildReport, list[str]]):
    # The reference engine's build: the fast one closes these views in tens of milliseconds, often
    # before a first beat is due, while owlrl's seconds leave a heartbeat of 0.2 s many chances to be late.
    lines = owlrl_build[1]
    assert sum(line.startswith("reason: running for") for line in lines) >= 3
    assert any(line.startswith("reason: schema") and "accepted view" in line for line in lines)
