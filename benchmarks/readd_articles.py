"""Curation benchmark: re-add each shipped article with the `spacekg article` commands and measure
how much of the curated data the tools give.

Each article is registered, linked, excluded and filled, one command per line as a person types
them from reading each sentence (tests/data/curation/aNNN.commands), into a project that has the
ontology, the entities and the background but no articles. Then, against data/:

    sentence tables      the sentence table (ids, offsets, text, exclusions) identical to the curated one
    template coverage    curated fact triples of the sentence graphs that the templates reproduce
    provenance           curated modalities and attributions reproduced
    linker top-1 share   curated entity links whose entity the linker ranks first for a mention of
                         that sentence, in a project without the articles; also among the links
                         whose entity the sentence names

    python benchmarks/readd_articles.py --out benchmarks/results/readd

tests/test_curation_e2e.py runs the same measurement, holds it to a floor and checks that
docs/adding-an-article.md states it.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner, Result

from spacekg.cli import cli
from spacekg.curation.catalogue import catalogue, project_quads
from spacekg.curation.linker import Linker
from spacekg.sources.project import Project
from spacekg.sources.segment import split_sentences
from spacekg.wikidata.client import normalise_label

REPO = Path(__file__).resolve().parents[1]
TEXTS = REPO / "data" / "articles"
COMMANDS = REPO / "tests" / "data" / "curation"
ARTICLES = ("a000", "a001", "a002")
GRAPH = "https://w3id.org/spacekg/graph/"
ID = "https://w3id.org/spacekg/id/"
SKG = "https://w3id.org/spacekg/ontology#"


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
            args = shlex.split(line.replace("{articles}", str(TEXTS)))
            result = run(project, *args)
            if result.exit_code != 0:
                raise RuntimeError(f"{line}\n{result.output}")
            results.append(result)
    return results


def quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def in_graph(qs: list[ox.Quad], name: str) -> set[ox.Triple]:
    return {q.triple for q in qs if q.graph_name == ox.NamedNode(name)}


def identical_sentence_tables(readded: dict[str, Project]) -> dict[str, bool]:
    return {article: in_graph(quads(project.data_dir / "facts" / f"{article}.trig"), GRAPH + "sources")
            == in_graph(quads(REPO / "data" / "facts" / f"{article}.trig"), GRAPH + "sources")
            for article, project in readded.items()}


@dataclass(frozen=True)
class Coverage:
    facts: int
    reproduced: int
    extra: int
    provenance: int
    provenance_reproduced: int


def template_coverage(readded: dict[str, Project]) -> Coverage:
    facts = reproduced = extra = provenance = provenance_reproduced = 0
    kept = ("modality", "attributedTo")
    for article, project in readded.items():
        made, shipped = quads(project.data_dir / "facts" / f"{article}.trig"), quads(REPO / "data/facts" / f"{article}.trig")
        prefix = f"{GRAPH}{article}-"
        ours = {q for q in made if q.graph_name.value.startswith(prefix)}
        theirs = {q for q in shipped if q.graph_name.value.startswith(prefix)}
        facts, reproduced, extra = facts + len(theirs), reproduced + len(ours & theirs), extra + len(ours - theirs)
        ours_p = {t for t in in_graph(made, GRAPH + "provenance") if t.predicate.value.rsplit("#", 1)[-1] in kept}
        theirs_p = {t for t in in_graph(shipped, GRAPH + "provenance") if t.predicate.value.rsplit("#", 1)[-1] in kept}
        provenance, provenance_reproduced = provenance + len(theirs_p), provenance_reproduced + len(ours_p & theirs_p)
    return Coverage(facts, reproduced, extra, provenance, provenance_reproduced)


@dataclass(frozen=True)
class Linking:
    links: int
    first: int
    named: int
    named_first: int


def linker_share(workdir: Path) -> Linking:
    """The curated entity links: each named thing (not an event, plan or claim; missions count) that
    a sentence's curated graph uses. A link is ranked first when a mention in that sentence has
    the entity as its best candidate, in a project without the articles. "Named" links are those
    whose entity has a name (in the curated graph) that the sentence contains."""
    shipped = project_quads(Project(REPO))
    full = catalogue(shipped)
    supers: dict[str, set[str]] = {}
    for q in shipped:
        if q.predicate.value.endswith("#subClassOf") and isinstance(q.object, ox.NamedNode):
            supers.setdefault(q.subject.value, set()).add(q.object.value)

    def ancestors(kind: str) -> set[str]:
        found, todo = {kind}, [kind]
        while todo:
            for parent in supers.get(todo.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    def named_thing(entity: str) -> bool:
        kinds = set().union(set(), *(ancestors(k) for k in full.types.get(entity, ())))
        return SKG + "SpaceMission" in kinds or not kinds & {SKG + c for c in ("Event", "Plan", "Claim", "Record")}

    names: dict[str, set[str]] = {}
    for n in full.names:
        names.setdefault(n.entity, set()).add(normalise_label(n.text))
    linker = Linker(catalogue(project_quads(empty_project(workdir / "names"))))
    links = first = named = named_first = 0
    for article in ARTICLES:
        sentences = {s.sentence_id: s for s in split_sentences((TEXTS / f"{article}.txt").read_text())}
        mentions = linker.mentions(sentences.values())
        curated = quads(REPO / "data/facts" / f"{article}.trig")
        for graph in sorted({q.graph_name.value for q in curated if q.graph_name.value.startswith(f"{GRAPH}{article}-")}):
            sid = graph.rsplit("-", 1)[1]
            used = {t.value for q in curated if q.graph_name.value == graph
                    for t in (q.subject, q.object) if isinstance(t, ox.NamedNode) and t.value.startswith(ID)}
            text = f" {normalise_label(sentences[sid].text)} "
            for entity in filter(named_thing, used):
                top = any(m.candidates and m.candidates[0].entity == entity for m in mentions if m.sentence_id == sid)
                is_named = any(f" {name} " in text for name in names.get(entity, ()))
                links, first = links + 1, first + top
                named, named_first = named + is_named, named_first + (top and is_named)
    return Linking(links, first, named, named_first)


def share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole)}%)"


def readd_all(workdir: Path) -> dict[str, Project]:
    projects = {}
    for article in ARTICLES:
        projects[article] = empty_project(workdir / article)
        replay(projects[article], article)
    return projects


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write OUT.md and OUT.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="spacekg-readd-") as temp:
        readded = readd_all(Path(temp))
        tables = identical_sentence_tables(readded)
        coverage = template_coverage(readded)
        linking = linker_share(Path(temp))
    lines = [
        "| measure | value |",
        "|---|---|",
        f"| sentence tables identical | {sum(tables.values())} of {len(tables)} |",
        f"| template coverage (curated fact triples reproduced) | {share(coverage.reproduced, coverage.facts)} |",
        f"| fact triples added that the curated data does not have | {coverage.extra} |",
        f"| provenance (modalities and attributions) | {share(coverage.provenance_reproduced, coverage.provenance)} |",
        f"| linker top-1 share, every curated link | {share(linking.first, linking.links)} |",
        f"| linker top-1 share, links the sentence names | {share(linking.named_first, linking.named)} |",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".md").write_text(text)
        args.out.with_suffix(".json").write_text(json.dumps(
            {"sentence_tables": tables, "coverage": asdict(coverage), "linking": asdict(linking)}, indent=1) + "\n")
    return 0 if all(tables.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
