"""Incremental build benchmark: adding or editing one article, against a full build, at several sizes.

For each size, benchmarks/generate.py writes a synthetic project (reused when it is there; see
run.py). Its last article is the one added. Every measurement is a `spacekg build` (or, between
two edits, `spacekg check`) in a fresh process, the command a person runs, timed by the parent: wall-clock time, and the CPU
time of the process and its reasoning workers (user + system), which a loaded machine disturbs
less. Runs are interleaved and the median is reported, with each operation's ratio to the full
build of the same run.

    operation            what is built or checked                                      caches
    full build           the project with every article, `build --force`               none
    add one article      the project after its last article's files are added          warm, from the project without it
    edit one article     the project after one sentence of one article gains a triple  warm
    new evaluation date  the same project at another --as-of (only the rules rerun)    warm
    check the added      `spacekg check --article` on the article just added            warm
      article
    check the whole      `spacekg check` on that project                               warm
      project
    floor                a bare process that parses every input file with pyoxigraph   -

    python benchmarks/incremental.py --sizes 10000,100000 --runs 3 --out benchmarks/results/incremental

Heavy sizes (100k and up) take minutes and most of a small machine: run them when nothing else does.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as scale  # noqa: E402  (the scale benchmark's generator and code-freezing helpers)

AS_OF = "2026-01-01"
OTHER_AS_OF = "2026-07-01"
FLOOR = """
import sys, time
from pathlib import Path
import pyoxigraph as ox
root = Path(sys.argv[1])
files = [p for p in sorted(root.rglob("*")) if p.suffix in (".ttl", ".trig") and ".spacekg" not in p.parts]
for path in files:
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
    store = list(ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()))
"""
OPERATIONS = ("full build", "add one article", "check the added article", "check the whole project",
              "edit one article", "new evaluation date", "floor")


STAGES = ("load", "check", "reason", "rules", "snapshot")
_STAGE = re.compile(r"^(\w+): (.*) in ([\d.]+) s$", re.M)
_FROM_CACHE = re.compile(r"(\d+ of \d+ views from the cache)")


@dataclass
class Cell:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    stages: dict[str, list[float]] = field(default_factory=dict)
    cache: str = ""

    def add(self, wall: float, cpu: float, stderr: str) -> None:
        """One run: its times, each stage's time from the build's progress, and how many views'
        closures came from the cache."""
        self.wall.append(wall)
        self.cpu.append(cpu)
        for name, detail, seconds in _STAGE.findall(stderr):
            if name in STAGES:
                self.stages.setdefault(name, []).append(float(seconds))
                if name == "reason" and (found := _FROM_CACHE.search(detail)):
                    self.cache = found[1]


def timed(command: list[str]) -> tuple[float, float, str]:
    """Run ``command``; return its wall time, its CPU time (with its children's) and its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=scale.CHILD_ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip().splitlines()[-1:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def build(root: Path, *extra: str) -> list[str]:
    return [scale.PY, "-m", "spacekg", "--root", str(root), "build", "--as-of", AS_OF, *extra]


def check(root: Path, *extra: str) -> list[str]:
    """`spacekg check` on a built project, as a person runs it between two edits."""
    return [scale.PY, "-m", "spacekg", "--root", str(root), "check", "--as-of", AS_OF, *extra]


def last_article(root: Path) -> str:
    return sorted(p.stem for p in (root / "data" / "articles").glob("a*.txt"))[-1]


def without(source: Path, target: Path, article: str) -> None:
    """A copy of ``source`` without ``article``'s text, facts and record."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".spacekg"))
    (target / "data" / "articles" / f"{article}.txt").unlink()
    (target / "data" / "facts" / f"{article}.trig").unlink()
    sources = target / "data" / "sources.ttl"
    text, count = re.subn(rf"\nsrc:{article} a skg:SourceDocument ;.*?\.\n", "\n", sources.read_text(), flags=re.S)
    if count != 1:
        raise SystemExit(f"no record of {article} in {sources}")
    sources.write_text(text)


def add_back(source: Path, target: Path, article: str) -> None:
    for sub in ("articles", "facts"):
        for path in (source / "data" / sub).glob(f"{article}.*"):
            shutil.copy(path, target / "data" / sub / path.name)
    shutil.copy(source / "data" / "sources.ttl", target / "data" / "sources.ttl")


def edit_one(root: Path) -> None:
    """Give the first sentence graph of the project's first article one more triple."""
    facts = sorted((root / "data" / "facts").glob("a*.trig"))[0]
    text = facts.read_text()
    match = re.search(r"^(g:a\d+-L[\d.]+) \{\n", text, re.M)
    if match is None:
        raise SystemExit(f"no sentence graph in {facts}")
    line = '    d:edited-in-benchmark skg:description "edited"@en .\n'
    facts.write_text(text[: match.end()] + line + text[match.end():])


def measure(size: scale.Size, workdir: Path, runs: int) -> dict[str, Cell]:
    article = last_article(size.root)
    before = workdir / f"before-{size.nominal}"
    without(size.root, before, article)
    timed(build(before))  # the project as it was before the article: built once, caches warm
    full = workdir / f"full-{size.nominal}"
    cells = {name: Cell() for name in OPERATIONS}
    for _ in range(runs):
        shutil.rmtree(full, ignore_errors=True)
        shutil.copytree(size.root, full, ignore=shutil.ignore_patterns(".spacekg"))
        cells["full build"].add(*timed(build(full, "--force")))

        added = workdir / f"added-{size.nominal}"
        shutil.rmtree(added, ignore_errors=True)
        shutil.copytree(before, added)
        add_back(size.root, added, article)
        cells["add one article"].add(*timed(build(added)))
        cells["check the added article"].add(*timed(check(added, "--article", article)))
        cells["check the whole project"].add(*timed(check(added)))

        edit_one(full)  # full's caches are warm from its build above
        cells["edit one article"].add(*timed(build(full)))

        cells["new evaluation date"].add(*timed([*build(full)[:-2], "--as-of", OTHER_AS_OF]))

        cells["floor"].add(*timed([scale.PY, "-c", FLOOR, str(full)]))
    shutil.rmtree(before, ignore_errors=True)
    return cells


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated data triple counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="writes OUT.md and OUT.json")
    parser.add_argument("--workdir", type=Path,
                        help="where generated projects are kept and reused (default: OUT's directory/work)")
    args = parser.parse_args()
    args.workdir = (args.workdir or args.out.parent / "work").resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    code, digest = scale.freeze_code(args.workdir)
    scale.CHILD_ENV["PYTHONPATH"] = str(code)
    rows, stage_rows, report = [], [], {"code": digest[:12], "runs": args.runs, "seed": args.seed, "sizes": {}}
    for nominal in (int(s) for s in args.sizes.split(",")):
        size = scale.prepare(nominal, args.seed, args.workdir)
        cells = measure(size, args.workdir, args.runs)
        full_wall = statistics.median(cells["full build"].wall)
        full_cpu = statistics.median(cells["full build"].cpu)
        report["sizes"][nominal] = {"data_triples": size.data_triples, "articles": size.articles,
                                    **{name: {"wall": c.wall, "cpu": c.cpu, "stages": c.stages, "cache": c.cache}
                                       for name, c in cells.items()}}
        for name, cell in cells.items():
            wall, cpu = statistics.median(cell.wall), statistics.median(cell.cpu)
            rows.append(f"| {name} | {size.data_triples:,} | {size.articles} | {wall:.2f} s | {wall / full_wall:.2f} "
                        f"| {cpu:.2f} s | {cpu / full_cpu:.2f} |")
            if cell.stages:
                stages = " | ".join(f"{statistics.median(cell.stages[s]):.2f} s" if s in cell.stages else "-"
                                    for s in STAGES)
                stage_rows.append(f"| {name} | {size.data_triples:,} | {stages} | {cell.cache} |")
    table = ["| operation | data triples | articles | wall | wall / full | CPU | CPU / full |",
             "|---|---:|---:|---:|---:|---:|---:|", *rows, "",
             "Each build's stages (wall time, median), as its progress reports them:", "",
             f"| operation | data triples | {' | '.join(STAGES)} | closures |",
             "|---|---:|" + "---:|" * len(STAGES) + "---|", *stage_rows]
    text = "\n".join(table) + f"\n\nMedians of {args.runs} runs; seed {args.seed}; spacekg code {digest[:12]}.\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text(text)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
