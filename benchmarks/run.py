"""Scale benchmark: parse, closure, build, export and stored queries at several graph sizes, as
ratios to rdflib and owlrl baselines measured in the same run.

For each size, benchmarks/generate.py writes a synthetic project (reused when it is already
there). Every measurement runs in a fresh Python process that times only the operation itself
(time.perf_counter) and reports its peak RSS (getrusage ru_maxrss, which includes the
interpreter and whatever the operation had to load first). Each figure is the median of --runs
runs, interleaved so that machine load affects all operations alike. Absolute times drift on a
shared machine; the ratio to the baseline is the figure to watch.

    operation         spacekg                                         baseline
    parse             spacekg.sources.loader.load_project                     rdflib Dataset.parse of each file
    closure (ENGINE)  spacekg.reasoning.closure.closure(accepted view, ENGINE) owlrl closure of the same view
    build             spacekg build --force (closure cache removed)   owlrl closure of the accepted view
    load snapshot     KnowledgeGraph.from_nquads                      rdflib Dataset.parse of the N-Quads
    export FORMAT     spacekg.formats.export.export(snapshot, FORMAT)         rdflib serialize of the same quads
    query NAME        KnowledgeGraph.query (pyoxigraph)               rdflib Dataset(default_union) query

A measurement that runs past --timeout (counted over the whole child process, including loading
what the operation needs) is killed and shown as ">timeout"; it is not tried at larger sizes.
owlrl is not run above --skip-owlrl-above triples ("skipped").

The growth exponent k of each operation is the least-squares slope of log(time) on log(size),
where size is every asserted quad the operation reads (data plus the 1,236 ontology triples).
Writes a Markdown table to stdout and OUT.md, and the figures to OUT.json. Nothing is written
outside OUT's directory: the generated projects and the frozen copy of spacekg go to --workdir,
by default OUT's directory/work.

    python benchmarks/run.py --sizes 1000,10000 --runs 3 --out benchmarks/results/scale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "benchmarks" / "generate.py"
PY = sys.executable
AS_OF = "2026-01-01"  # plans are evaluated at a fixed date, so every run builds the same snapshot
# Stored queries that need no parameters, or whose parameters are bound here.
QUERIES: dict[str, dict[str, str]] = {"ordinals": {}, "plans": {}, "events-in-year": {"year": "2013"}}
ENGINES = ("owlrl", "fast")
CHILD_ENV = dict(os.environ)  # PYTHONPATH is set to the frozen copy of spacekg in main()

# Every child starts with this: its arguments as JSON, and a way to report the timing and peak RSS.
PRELUDE = """
import json, resource, sys, time
from pathlib import Path
args = json.loads(sys.argv[1])
root = Path(args["root"])

def done(seconds, **detail):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": seconds, "rss_mib": rss, **detail}))
"""

SNIPPETS: dict[str, str] = {
    "parse/spacekg": """
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project
t = time.perf_counter()
loaded = load_project(Project(root))
seconds = time.perf_counter() - t
done(seconds, quads=sum(len(g) for g in loaded.dataset.graphs()))
""",
    # The baseline gets its file list from the parent, so that it imports nothing but rdflib.
    "parse/rdflib": """
from rdflib import Dataset, URIRef
t = time.perf_counter()
ds = Dataset()
for path, graph in args["files"]:
    if graph:
        ds.graph(URIRef(graph)).parse(path, format="turtle")
    else:
        ds.parse(path, format="trig")
seconds = time.perf_counter() - t
done(seconds, quads=sum(len(g) for g in ds.graphs()))
""",
    "closure": """
import hashlib
from spacekg.reasoning import closure as reasoning
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project
from spacekg.reasoning.views import accepted_graph_names, reasoning_input
engine = args["engine"]
dataset = load_project(Project(root)).dataset
view = reasoning_input(dataset, accepted_graph_names(dataset), drop_claims=True)
if hasattr(reasoning, "closure"):
    run = lambda: reasoning.closure(view, engine=engine)
elif engine == "owlrl":  # before the engine interface existed
    run = lambda: reasoning.owl_closure(view)
else:
    print(json.dumps({"unavailable": "spacekg.reasoning.closure.closure() does not exist yet"}))
    sys.exit(0)
t = time.perf_counter()
try:
    result = run()
except ValueError as exc:  # an unknown engine, or a construct it does not implement
    print(json.dumps({"unavailable": f"{type(exc).__name__}: {exc}"}))
    sys.exit(0)
seconds = time.perf_counter() - t
lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in result.triples)
done(seconds, input=len(view), inferred=len(lines), digest=hashlib.sha256("\\n".join(lines).encode()).hexdigest())
""",
    # The full pipeline in its own process; ru_maxrss of the children covers spacekg and the
    # reasoning workers it forks. The caches are removed, or every run after the first would
    # reuse the cached closure and skip reasoning.
    "build": """
import re, shutil, subprocess
shutil.rmtree(root / ".spacekg", ignore_errors=True)
command = [sys.executable, "-m", "spacekg", "--root", str(root), "build", "--force", "--as-of", args["as_of"],
           "--timeout", str(args["timeout"]), "--memory-mb", str(args["memory_mb"])]
t = time.perf_counter()
proc = subprocess.run(command, capture_output=True, text=True)
seconds = time.perf_counter() - t
if proc.returncode:
    sys.stderr.write(proc.stderr)
    sys.exit(proc.returncode)
stages = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\\w+): .* in ([0-9.]+) s$", proc.stderr, re.M)}
reasoner = re.search(r"noise dropped, (\\w+)\\)", proc.stderr)
quads = re.search(r"built: (\\d+) quads", proc.stderr)
print(json.dumps({"seconds": seconds, "rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "stages": stages, "reasoner": reasoner.group(1) if reasoner else "owlrl",
                  "snapshot_quads": int(quads.group(1)) if quads else None}))
""",
    "load/pyoxigraph": """
from spacekg.store.engine import KnowledgeGraph
data = Path(args["snapshot"]).read_bytes()
t = time.perf_counter()
kg = KnowledgeGraph.from_nquads(data)
seconds = time.perf_counter() - t
done(seconds, quads=len(kg.store))
""",
    "load/rdflib": """
from rdflib import Dataset
data = Path(args["snapshot"]).read_bytes()
t = time.perf_counter()
ds = Dataset(default_union=True)
ds.parse(data=data, format="nquads")
seconds = time.perf_counter() - t
done(seconds, quads=sum(len(g) for g in ds.graphs()))
""",
    "export/spacekg": """
from spacekg.formats.export import ExportFormat, export
data = Path(args["snapshot"]).read_bytes()
t = time.perf_counter()
out = export(data, ExportFormat(args["format"]))
seconds = time.perf_counter() - t
done(seconds, bytes=len(out))
""",
    # rdflib writes Turtle from a Graph (the union, as spacekg's Turtle export is) and N-Quads
    # from the Dataset; parsing the snapshot is not timed, as spacekg's export timing includes
    # only its own parse of the bytes it is given.
    "export/rdflib": """
from rdflib import Dataset, Graph
ds = Dataset()
ds.parse(data=Path(args["snapshot"]).read_bytes(), format="nquads")
if args["format"] == "turtle":
    target = Graph()
    for s, p, o, _ in ds.quads():
        target.add((s, p, o))
    for prefix, namespace in args["prefixes"].items():
        target.bind(prefix, namespace)
else:
    target = ds
t = time.perf_counter()
out = target.serialize(format=args["format"], encoding="utf-8")
seconds = time.perf_counter() - t
done(seconds, bytes=len(out))
""",
    "query/pyoxigraph": """
from spacekg.store.engine import KnowledgeGraph
kg = KnowledgeGraph.from_nquads(Path(args["snapshot"]).read_bytes())
kg.query("ASK {}")  # untimed, as for rdflib below
t = time.perf_counter()
result = kg.query(args["text"], name=args["query"])
seconds = time.perf_counter() - t
done(seconds, rows=len(result.rows))
""",
    "query/rdflib": """
from rdflib import Dataset
ds = Dataset(default_union=True)
ds.parse(data=Path(args["snapshot"]).read_bytes(), format="nquads")
ds.query("ASK {}").askAnswer  # untimed: rdflib builds its SPARQL grammar on the first query
t = time.perf_counter()
rows = list(ds.query(args["text"], initNs=args["prefixes"]))
seconds = time.perf_counter() - t
done(seconds, rows=len(rows))
""",
}


@dataclass(frozen=True)
class Measure:
    """One timed thing: which snippet, with which arguments, and whether it needs the snapshot."""

    key: str
    snippet: str
    args: dict[str, object] = field(default_factory=dict)
    needs_snapshot: bool = False


@dataclass(frozen=True)
class Operation:
    """A table row: spacekg's measurement and the baseline it is divided by."""

    name: str
    measure: str
    baseline: str
    baseline_label: str


@dataclass
class Cell:
    """The runs of one measurement at one size."""

    status: str = "ok"  # ok, timeout, skipped, failed, n/a, no snapshot
    times: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    detail: dict[str, object] = field(default_factory=dict)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.status == "ok" and self.times else None


def measures(prefixes: dict[str, str], texts: dict[str, str]) -> list[Measure]:
    """Every measurement, in the order each run makes them (build before what needs its snapshot)."""
    out = [Measure("parse/spacekg", "parse/spacekg"), Measure("parse/rdflib", "parse/rdflib")]
    out += [Measure(f"closure/{e}", "closure", {"engine": e}) for e in ENGINES]
    out.append(Measure("build", "build"))
    out += [Measure("load/pyoxigraph", "load/pyoxigraph", needs_snapshot=True),
            Measure("load/rdflib", "load/rdflib", needs_snapshot=True)]
    for fmt in ("turtle", "nquads"):
        out += [Measure(f"export-{fmt}/spacekg", "export/spacekg", {"format": fmt}, True),
                Measure(f"export-{fmt}/rdflib", "export/rdflib", {"format": fmt, "prefixes": prefixes}, True)]
    for name, text in texts.items():
        out += [Measure(f"query-{name}/pyoxigraph", "query/pyoxigraph", {"query": name, "text": text}, True),
                Measure(f"query-{name}/rdflib", "query/rdflib", {"query": name, "text": text, "prefixes": prefixes},
                        True)]
    return out


def operations() -> list[Operation]:
    ops = [Operation("parse", "parse/spacekg", "parse/rdflib", "rdflib parse")]
    ops += [Operation(f"closure ({e})", f"closure/{e}", "closure/owlrl", "owlrl closure") for e in ENGINES]
    ops.append(Operation("build", "build", "closure/owlrl", "owlrl closure"))
    ops.append(Operation("load snapshot", "load/pyoxigraph", "load/rdflib", "rdflib parse"))
    ops += [Operation(f"export {fmt}", f"export-{fmt}/spacekg", f"export-{fmt}/rdflib", "rdflib serialize")
            for fmt in ("turtle", "nquads")]
    ops += [Operation(f"query {name}", f"query-{name}/pyoxigraph", f"query-{name}/rdflib", "rdflib query")
            for name in QUERIES]
    return ops


def tree_hash(*directories: Path) -> str:
    """One digest of every file's relative path and bytes under ``directories``."""
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(p for p in directory.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(directory.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def freeze_code(workdir: Path) -> tuple[Path, str]:
    """Copy spacekg's source as it is now, so that every child of this run imports the same code.

    spacekg is edited while benchmarks run (a run up to 100k takes tens of minutes); without the copy,
    one run would mix versions. Children find the copy first on PYTHONPATH, ahead of the
    editable install's path entry.
    """
    source = ROOT / "src" / "spacekg"
    digest = tree_hash(source)
    target = workdir / f"code-{digest[:16]}"
    if not (target / "spacekg").is_dir():
        staging = workdir / f".staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(source, staging / "spacekg", ignore=shutil.ignore_patterns("__pycache__"))
        staging.rename(target)
    return target, digest


def run_child(measure: Measure, args: dict[str, object], timeout: float) -> tuple[str, dict[str, object]]:
    """Run one measurement in a fresh process; return its status and report.

    The child gets its own session so that on timeout the whole group (spacekg and its reasoning
    workers, for the build) is killed, not only the direct child.
    """
    code = PRELUDE + SNIPPETS[measure.snippet]
    proc = subprocess.Popen([PY, "-c", code, json.dumps(args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, env=CHILD_ENV)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return "timeout", {}
    if proc.returncode != 0:
        lines = [line for line in err.strip().splitlines() if line.strip()]
        return "failed", {"error": lines[-1] if lines else f"exit {proc.returncode}"}
    report = json.loads(out.strip().splitlines()[-1])
    return ("n/a" if "unavailable" in report else "ok"), report


@dataclass
class Size:
    """A generated project and what it holds."""

    nominal: int
    root: Path
    data_triples: int
    asserted: int
    articles: int
    snapshot_quads: int | None = None


def prepare(size: int, seed: int, workdir: Path) -> Size:
    """Generate the project for ``size`` unless an identical one (same seed, same generator) exists."""
    root = workdir / f"spacekg-{size}-seed{seed}"
    manifest = root / "generated.json"
    sha = hashlib.sha256(GENERATOR.read_bytes()).hexdigest()
    info = json.loads(manifest.read_text()) if manifest.exists() else {}
    stale = info and tree_hash(root / "ontology", root / "queries") != tree_hash(ROOT / "ontology", ROOT / "queries")
    if stale or info.get("generator_sha256") != sha or info.get("seed") != seed or info.get("target_triples") != size:
        print(f"generating {root}", file=sys.stderr)
        subprocess.run([PY, str(GENERATOR), "--triples", str(size), "--seed", str(seed), "--out", str(root),
                        "--force"], check=True, stdout=sys.stderr)
        info = json.loads(manifest.read_text())
    return Size(size, root, info["data_triples"], info["data_triples"] + info["ontology_triples"], info["articles"])


def extract_snapshot(size: Size, target: Path) -> bool:
    """Copy the snapshot the build just wrote: the newest build for AS_OF (an older layout kept one
    cache file whose first line was a header)."""
    builds = sorted((size.root / ".spacekg" / "cache" / "builds").glob(f"{AS_OF}-*/snapshot.nq"),
                    key=lambda p: p.stat().st_mtime_ns)
    if builds:
        target.write_bytes(builds[-1].read_bytes())
        return True
    cached = size.root / ".spacekg" / "cache" / "snapshot.nq"
    if not cached.exists():
        return False
    _, _, body = cached.read_bytes().partition(b"\n")
    target.write_bytes(body)
    return True


def growth(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) on log(size): time grows as size**k."""
    if len(points) < 2:
        return None
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else None


def seconds_text(cell: Cell, timeout: float) -> str:
    if cell.status == "ok" and cell.median is not None:
        m = cell.median
        return f"{m * 1000:.1f} ms" if m < 0.1 else f"{m:.2f} s" if m < 100 else f"{m:.0f} s"
    return {"timeout": f">timeout ({timeout:g} s)"}.get(cell.status, cell.status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000:1,1000000:1",
                        help="comma-separated asserted data triples per generated project; SIZE:RUNS overrides "
                             "--runs for that size")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="writes OUT.md and OUT.json")
    parser.add_argument("--workdir", type=Path,
                        help="where generated projects are kept and reused (default: OUT's directory/work)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per measurement before it is killed")
    parser.add_argument("--skip-owlrl-above", type=int, default=100_000, metavar="N",
                        help="do not run owlrl on sizes over N triples (it takes over 10 min at 1M)")
    parser.add_argument("--build-memory-mb", type=int, default=16384,
                        help="spacekg build --memory-mb: the reasoning workers' cap, raised so that the benchmark "
                             "measures time rather than the default 4 GiB safety cap")
    args = parser.parse_args()
    runs_of: dict[int, int] = {}
    for item in args.sizes.split(","):
        size_text, _, runs_text = item.strip().replace("_", "").partition(":")
        runs_of[int(size_text)] = int(runs_text) if runs_text else args.runs
    sizes = sorted(runs_of)
    out = args.out.with_suffix("") if args.out.suffix in (".md", ".json") else args.out
    args.workdir = args.workdir or out.parent / "work"
    args.workdir.mkdir(parents=True, exist_ok=True)
    frozen, code_sha = freeze_code(args.workdir)
    CHILD_ENV["PYTHONPATH"] = os.pathsep.join(filter(None, (str(frozen), os.environ.get("PYTHONPATH"))))
    sys.path.insert(0, str(frozen))
    where = subprocess.run([PY, "-c", "import spacekg; print(spacekg.__file__)"], env=CHILD_ENV, check=True,
                           capture_output=True, text=True).stdout.strip()
    if not where.startswith(str(frozen)):
        parser.error(f"children import spacekg from {where}, not from the frozen copy in {frozen}")

    from spacekg.namespaces import PREFIXES
    from spacekg.sources.project import Project
    from spacekg.store.engine import inject_bindings
    from spacekg.store.queries import bind_parameters, get_query

    texts = {}
    for name, params in QUERIES.items():
        stored = get_query(ROOT / "queries", name)
        texts[name] = inject_bindings(stored.text, bind_parameters(stored, params)) if params else stored.text
    plan = measures(PREFIXES, texts)
    ops = operations()
    projects = [prepare(size, args.seed, args.workdir) for size in sizes]
    # One warm-up process: .pyc files and the page cache, so the first timed child is not penalized.
    subprocess.run([PY, "-c", "import rdflib, owlrl, pyoxigraph, spacekg.store.build, spacekg.formats.export"], check=True,
                   env=CHILD_ENV)

    cells: dict[tuple[int, str], Cell] = {}
    timed_out: dict[str, int] = {}
    notes: list[str] = []
    started = time.perf_counter()
    for size in projects:
        snapshot = args.workdir / f"snapshot-{size.nominal}-seed{args.seed}.nq"
        snapshot.unlink(missing_ok=True)
        files = [[str(f.path), f.graph] for f in Project(size.root).input_files()]
        for m in plan:
            cell = cells[(size.nominal, m.key)] = Cell()
            if m.key == "closure/owlrl" and size.nominal > args.skip_owlrl_above:
                cell.status, cell.note = "skipped", f"owlrl not run above {args.skip_owlrl_above:,} triples"
            elif m.key in timed_out:
                cell.status, cell.note = "skipped", f"timed out at {timed_out[m.key]:,}"
        runs = runs_of[size.nominal]
        for run in range(runs):
            for m in plan:
                cell = cells[(size.nominal, m.key)]
                if cell.status != "ok":
                    continue
                if m.needs_snapshot and not snapshot.exists():
                    cell.status = "no snapshot"
                    continue
                child_args = {"root": str(size.root), "snapshot": str(snapshot), "as_of": AS_OF,
                              "timeout": args.timeout, "memory_mb": args.build_memory_mb, "files": files, **m.args}
                status, report = run_child(m, child_args, args.timeout)
                took = f"{report['seconds']:.3f} s " if "seconds" in report else ""
                print(f"[{size.nominal:,} run {run + 1}/{runs}] {m.key}: {status} {took}"
                      f"{report.get('error', report.get('unavailable', ''))}", file=sys.stderr)
                cell.status = status
                if status == "ok":
                    cell.times.append(float(report.pop("seconds")))
                    cell.rss.append(float(report.pop("rss_mib")))
                    cell.detail = report
                else:
                    cell.note = str(report.get("error") or report.get("unavailable") or "")
                    if status == "timeout":
                        timed_out[m.key] = size.nominal
                if m.key == "build" and status == "ok" and not snapshot.exists():
                    extract_snapshot(size, snapshot)
        fast, owl = cells[(size.nominal, "closure/fast")], cells[(size.nominal, "closure/owlrl")]
        if fast.status == owl.status == "ok":
            same = fast.detail.get("digest") == owl.detail.get("digest")
            notes.append(f"{size.nominal:,}: fast closure {'equals' if same else 'DIFFERS FROM'} owlrl's "
                         f"({fast.detail.get('inferred')} vs {owl.detail.get('inferred')} triples)")
        answers = []
        for name in QUERIES:
            a, b = cells[(size.nominal, f"query-{name}/pyoxigraph")], cells[(size.nominal, f"query-{name}/rdflib")]
            if a.status == "ok":
                answers.append(f"{name} {a.detail.get('rows')}")
            if a.status == b.status == "ok" and a.detail.get("rows") != b.detail.get("rows"):
                notes.append(f"{size.nominal:,}: query {name}: pyoxigraph {a.detail.get('rows')} rows, "
                             f"rdflib {b.detail.get('rows')} rows")
        if answers:
            notes.append(f"{size.nominal:,}: rows answered: {', '.join(answers)}")
        built = cells[(size.nominal, "build")]
        if built.status == "ok":
            size.snapshot_quads = built.detail.get("snapshot_quads")  # type: ignore[assignment]

    rows = []
    for op in ops:
        for size in projects:
            mine, base = cells[(size.nominal, op.measure)], cells[(size.nominal, op.baseline)]
            ratio = mine.median / base.median if mine.median is not None and base.median else None
            rows.append({
                "operation": op.name, "size": size.nominal, "data_triples": size.data_triples,
                "asserted_quads": size.asserted, "status": mine.status, "note": mine.note,
                "median_s": mine.median, "runs_s": mine.times,
                "peak_rss_mib": max(mine.rss) if mine.rss else None,
                "baseline": op.baseline_label, "baseline_status": base.status,
                "baseline_median_s": base.median, "baseline_peak_rss_mib": max(base.rss) if base.rss else None,
                "ratio": ratio, "detail": mine.detail,
            })
    fits = []
    for op in ops:
        mine = [(s.asserted, cells[(s.nominal, op.measure)].median) for s in projects]
        base = [(s.asserted, cells[(s.nominal, op.baseline)].median) for s in projects]
        mine_ok = [(x, y) for x, y in mine if y]
        base_ok = [(x, y) for x, y in base if y]
        fits.append({"operation": op.name, "k": growth(mine_ok), "k_baseline": growth(base_ok),
                     "baseline": op.baseline_label, "sizes": [x for x, _ in mine_ok]})

    described = [f"{s.nominal:,}: {s.data_triples:,} data + {s.asserted - s.data_triples:,} ontology triples, "
                 f"{s.articles:,} article{'s' if s.articles != 1 else ''}, {runs_of[s.nominal]} run"
                 f"{'s' if runs_of[s.nominal] != 1 else ''}"
                 + (f", snapshot {s.snapshot_quads:,} quads" if s.snapshot_quads else "") for s in projects]
    lines = [f"Medians of the runs, each in a fresh process; seed {args.seed}. Sizes ({'; '.join(described)}).", "",
             "| operation | size | spacekg | peak RSS | baseline | baseline time | baseline RSS | ratio |",
             "|---|---:|---:|---:|---|---:|---:|---:|"]
    for r in rows:
        cell = cells[(r["size"], next(o.measure for o in ops if o.name == r["operation"]))]
        base = cells[(r["size"], next(o.baseline for o in ops if o.name == r["operation"]))]
        rss = f"{r['peak_rss_mib']:.0f} MiB" if r["peak_rss_mib"] else ""
        brss = f"{r['baseline_peak_rss_mib']:.0f} MiB" if r["baseline_peak_rss_mib"] else ""
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "n/a"
        lines.append(f"| {r['operation']} | {r['data_triples']:,} | {seconds_text(cell, args.timeout)} | {rss} | "
                     f"{r['baseline']} | {seconds_text(base, args.timeout)} | {brss} | {ratio} |")
    lines += ["", "Growth exponent k (time grows as size^k; least squares over the sizes measured):", "",
              "| operation | k | k of baseline | baseline |", "|---|---:|---:|---|"]
    snap = growth([(s.asserted, float(s.snapshot_quads)) for s in projects if s.snapshot_quads])
    if snap is not None:
        lines.append(f"| (snapshot quads written by the build) | {snap:.2f} | | |")
    for f in fits:
        k = f"{f['k']:.2f}" if f["k"] is not None else "n/a"
        kb = f"{f['k_baseline']:.2f}" if f["k_baseline"] is not None else "n/a"
        lines.append(f"| {f['operation']} | {k} | {kb} | {f['baseline']} |")
    builds = [cells[(s.nominal, "build")] for s in projects]
    reasoners = sorted({str(c.detail.get("reasoner")) for c in builds if c.status == "ok"})
    if reasoners:
        notes.append(f"build used the {', '.join(reasoners)} reasoner (spacekg's default)")
    notes.append(f"spacekg code {code_sha[:12]} (copied at the start of the run)")
    if tree_hash(ROOT / "src" / "spacekg") != code_sha:
        notes.append("spacekg's source changed during the run; the figures are for the copy made at the start")
    skipped = sorted({f"{c.status}: {c.note}" for c in cells.values() if c.status != "ok" and c.note})
    lines += ["", *[f"- {n}" for n in notes + skipped]]
    table = "\n".join(lines) + "\n"
    print(table)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text(table)
    out.with_suffix(".json").write_text(json.dumps({
        "command": " ".join(["python", "benchmarks/run.py", *sys.argv[1:]]),
        # spacekg is under active development; figures compare only within one version of its code.
        "spacekg_code_sha256": code_sha,
        "python": sys.version.split()[0], "runs": {str(k): v for k, v in runs_of.items()}, "seed": args.seed,
        "timeout_s": args.timeout,
        "as_of": AS_OF, "queries": QUERIES, "elapsed_s": round(time.perf_counter() - started, 1),
        "sizes": [{"size": s.nominal, "data_triples": s.data_triples, "asserted_quads": s.asserted,
                   "articles": s.articles, "snapshot_quads": s.snapshot_quads} for s in projects],
        "rows": rows, "growth": fits, "notes": notes,
    }, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
