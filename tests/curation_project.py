"""A project with the ontology, queries, entities and background but no articles, for adding one."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from spacekg.cli import cli
from spacekg.sources.project import Project

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "data" / "articles"
COMMANDS = Path(__file__).resolve().parent / "data" / "curation"


def empty_project(target: Path) -> Project:
    """Copy everything but the articles, their facts and their records to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "queries"):
        shutil.copytree(REPO / name, target / name)
    (target / "data").mkdir()
    for name in ("entities.ttl", "background.trig"):
        shutil.copy(REPO / "data" / name, target / "data" / name)
    for name in ("wikidata", "background"):
        shutil.copytree(REPO / "data" / name, target / "data" / name)
    return Project(target)


def run(project: Project, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def replay(project: Project, article: str) -> list[Result]:
    """Run the commands of ``tests/data/curation/ARTICLE.commands`` (one per line) on ``project``."""
    results = []
    for line in (COMMANDS / f"{article}.commands").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            args = shlex.split(line.replace("{articles}", str(ARTICLES)))
            result = run(project, *args)
            assert result.exit_code == 0, f"{line}\n{result.output}"
            results.append(result)
    return results
