"""The benchmark runner writes only under the directory it is given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO


@pytest.mark.slow
def test_scale_runner_writes_only_under_its_output_directory(tmp_path: Path):
    temp, out = tmp_path / "tmp", tmp_path / "results"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "300", "--runs", "1",
                    "--skip-owlrl-above", "0", "--out", str(out / "scale")], env=env, check=True, capture_output=True,
                   cwd=tmp_path)
    assert sorted(p.name for p in out.iterdir()) == ["scale.json", "scale.md", "work"]
    assert not any(temp.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results", "tmp"]
