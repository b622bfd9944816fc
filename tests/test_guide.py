"""docs/adding-an-article.md shows real output: its walkthrough is run, command by command, on the
shipped project without article a002, and every output, file excerpt and review edit it shows
must be what the commands print and write.

In a ``console`` block, ``$ spacekg …`` lines are commands and the lines up to the next command are
their output; a line ``…`` stands for lines left out. ``<!-- excerpt FILE -->`` before a block
says its lines are in FILE at that point; ``<!-- apply FILE -->`` before a ``tsv`` block says the
reader changes those rows of the review file (matched on sentence, begin and end).
"""

from __future__ import annotations

import csv
import io
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from spacekg.cli import cli

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "adding-an-article.md"
_BLOCK = re.compile(r"(?:<!-- (excerpt|apply|file) (\S+) -->\n)?```(\w*)\n(.*?)```", re.S)


def project_without_a002(target: Path) -> Path:
    for name in ("ontology", "queries", "data"):
        shutil.copytree(REPO / name, target / name)
    (target / "data" / "articles" / "a002.txt").unlink()
    (target / "data" / "facts" / "a002.trig").unlink()
    sources = target / "data" / "sources.ttl"
    text, count = re.subn(r"\nsrc:a002 a skg:SourceDocument ;.*?\.\n", "\n", sources.read_text(), flags=re.S)
    assert count == 1
    sources.write_text(text.rstrip("\n") + "\n")
    shutil.copy(REPO / "data" / "articles" / "a002.txt", target / "independent.txt")
    return target


def shown_in(expected: list[str], actual: list[str]) -> bool:
    """Whether ``expected`` (with ``…`` lines for left-out lines) is what ``actual`` has."""
    if "…" not in expected:
        return expected == actual
    parts, part = [], []
    for line in expected:
        if line == "…":
            parts.append(part)
            part = []
        else:
            part.append(line)
    parts.append(part)
    at = 0
    for index, chunk in enumerate(parts):
        if not chunk:
            continue
        starts = [i for i in range(at, len(actual) - len(chunk) + 1) if actual[i : i + len(chunk)] == chunk]
        if not starts or (index == 0 and starts[0] != 0):
            return False
        at = starts[0] + len(chunk)
    return not parts[-1] or at == len(actual)


def commands(block: str) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return out


def apply_rows(path: Path, block: str) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text()), delimiter="\t"))
    edits = list(csv.reader(io.StringIO(block), delimiter="\t"))
    for edit in edits:
        row = next(r for r in rows if [r["sentence"], r["begin"], r["end"]] == edit[:3])
        row.update(zip(list(rows[0]), edit))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue())


def test_the_guide_shows_what_the_commands_print_and_write(tmp_path, monkeypatch):
    root = project_without_a002(tmp_path / "kg")
    monkeypatch.chdir(root)
    ran = 0
    for directive, target, kind, body in _BLOCK.findall(GUIDE.read_text("utf-8")):
        if directive == "apply":
            apply_rows(root / target, body)
        elif directive == "file":  # the text of a made-up article, which the walkthrough then registers
            (root / target).write_text(body, encoding="utf-8")
        elif directive == "excerpt":
            lines, text = body.splitlines(), (root / target).read_text().splitlines()
            assert any(text[i : i + len(lines)] == lines for i in range(len(text))), f"not in {target}:\n{body}"
        elif kind == "console":
            for command, expected in commands(body):
                args = shlex.split(command)
                assert args[0] == "spacekg", command
                result = CliRunner().invoke(cli, args[1:])
                actual = (result.stdout if result.exit_code == 0 else result.output).splitlines()
                assert shown_in(expected, actual), f"$ {command}\n--- shown:\n" + "\n".join(expected) + \
                    "\n--- printed:\n" + "\n".join(actual)
                ran += 1
    assert ran >= 10
