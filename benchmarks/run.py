"""Scale benchmark: parse, closure, build, export and stored queries at several graph sizes, each
against a baseline doing the same work in the same run, and against the practical floor.

For each size, benchmarks/generate.py writes a synthetic project (reused when it is already
there). Every measurement runs in a fresh Python process that times only the operation itself
(time.perf_counter) and reports its peak RSS (getrusage ru_maxrss of the process and of the
workers it forked, which includes the interpreter and whatever the operation had to load first).
Each figure is the median of --runs runs, interleaved so that machine load affects all operations
alike. Absolute times drift on a shared machine; the ratio to the baseline is the figure to watch.

    operation         spacekg                                   baseline                          floor
    parse             loader.load_project                       rdflib Dataset.parse of each file  pyoxigraph parse
    closure           Reasoner(fast): schema + accepted view    Reasoner(owlrl): the same views
    build             build(force) with caches removed          the same build with --reasoner owlrl  pyoxigraph
                                                                                                    bulk load
    build, no records build(force, justify=False)               build (with records)
    rebuild           build after one article's graph changed   build (everything from scratch)
    load snapshot     KnowledgeGraph.from_nquads                rdflib Dataset.parse of the N-Quads
    export FORMAT     formats.export.export(snapshot, FORMAT)   rdflib serialize of the same quads
    query NAME        KnowledgeGraph.query (pyoxigraph)         rdflib Dataset(default_union) query

A measurement that runs past --timeout (counted over the whole child process, including loading
what the operation needs) is killed and shown as ">timeout"; it is not tried at larger sizes.
owlrl is not run above --skip-owlrl-above triples ("skipped"). The build runs under spacekg's
default limits unless --build-memory-mb is given.

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
args = json.loads(sys.stdin.read())  # on stdin: at 1M the file list exceeds what one argument may hold
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
done(seconds, quads=len(loaded))
""",
    # The baselines get their file list from the parent, so that they import nothing but their library.
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
    "parse/pyoxigraph": """
import pyoxigraph as ox
t = time.perf_counter()
quads = []
for path, graph in args["files"]:
    quads += ox.parse(path=path, format=ox.RdfFormat.TURTLE if graph else ox.RdfFormat.TRIG)
seconds = time.perf_counter() - t
done(seconds, quads=len(quads))
""",
    "closure": """
import hashlib
from spacekg.reasoning.closure import Reasoner
from spacekg.reasoning.views import accepted_view, schema_view
from spacekg.sources.loader import load_project
from spacekg.sources.project import Project
loaded = load_project(Project(root))
views = [schema_view(), accepted_view(loaded)]
t = time.perf_counter()
reasoner = Reasoner(loaded, engine=args["engine"])
closures = [reasoner.close(view) for view in views]
seconds = time.perf_counter() - t
body = b"".join(c.nquads for c in closures)
done(seconds, inferred=sum(c.kept for c in closures), digest=hashlib.sha256(body).hexdigest())
""",
    # The whole build in its own process; the peak RSS covers the reasoning worker it forks. The
    # caches are removed first, or every run after the first would reuse the cached closures.
    "build": """
import datetime, os, re, shutil
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.limits import DEFAULT_MEMORY_MB
shutil.rmtree(root / ".spacekg", ignore_errors=True)
lines = []
t = time.perf_counter()
report = build(Project(root), as_of=datetime.date.fromisoformat(args["as_of"]), force=True, progress=lines.append,
               timeout=args["timeout"], memory_mb=args["memory_mb"] or DEFAULT_MEMORY_MB,
               reasoner=args["engine"], justify=args["justify"])
seconds = time.perf_counter() - t
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
stages = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\\w+): .* in ([0-9.]+) s$", "\\n".join(lines), re.M)}
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, children)
print(json.dumps({"seconds": seconds, "rss_mib": rss, "stages": stages, "reasoner": args["engine"],
                  "snapshot_quads": report.quads, "snapshot_bytes": len(report.snapshot.nquads),
                  "records_bytes": len(report.build.justifications()) if report.build else 0}))
""",
    # One article's graphs change (a triple added to one sentence graph of the first article):
    # only that article's closure and the accepted view's are computed again.
    "rebuild": """
import datetime, re
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.limits import DEFAULT_MEMORY_MB
facts = sorted((root / "data" / "facts").glob("*.trig"))[0]
original = facts.read_bytes()
# a sentence graph (g:aNNN-L...): the metadata graphs before it are in no reasoning view
graph = re.search(rb"^(g:a\\d+-L\\S+) \\{", original, re.M).group(1).decode()
facts.write_bytes(original + f"\\n{graph} {{ d:rebuild-probe a skg:Spacecraft . }}\\n".encode())
lines = []
try:
    t = time.perf_counter()
    build(Project(root), as_of=datetime.date.fromisoformat(args["as_of"]), force=True, progress=lines.append,
          timeout=args["timeout"], memory_mb=args["memory_mb"] or DEFAULT_MEMORY_MB)
    seconds = time.perf_counter() - t
finally:
    facts.write_bytes(original)
cached = re.search(r"(\\d+) of (\\d+) views from the cache", "\\n".join(lines))
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": seconds, "rss_mib": rss / 1024, "views_cached": cached.group(0) if cached else None}))
""",
    "build/floor": """
import pyoxigraph as ox
t = time.perf_counter()
store = ox.Store()
for path, graph in args["files"]:
    if graph:
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    else:
        store.bulk_load(path=path, format=ox.RdfFormat.TRIG)
seconds = time.perf_counter() - t
done(seconds, quads=len(store))
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
    """A table row: spacekg's measurement, the baseline it is divided by, and the practical floor."""

    name: str
    measure: str
    baseline: str
    baseline_label: str
    floor: str | None = None


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
    out = [Measure("parse/spacekg", "parse/spacekg"), Measure("parse/rdflib", "parse/rdflib"),
           Measure("parse/pyoxigraph", "parse/pyoxigraph")]
    out += [Measure(f"closure/{e}", "closure", {"engine": e}) for e in ENGINES]
    out += [Measure("build/owlrl", "build", {"engine": "owlrl", "justify": True}),
            Measure("build/no-records", "build", {"engine": "fast", "justify": False}),
            Measure("build/floor", "build/floor"),
            Measure("build", "build", {"engine": "fast", "justify": True}),
            Measure("rebuild", "rebuild")]
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
    ops = [Operation("parse", "parse/spacekg", "parse/rdflib", "rdflib parse", "parse/pyoxigraph")]
    ops.append(Operation("closure", "closure/fast", "closure/owlrl", "owlrl closure of the same views"))
    ops.append(Operation("build", "build", "build/owlrl", "build --reasoner owlrl", "build/floor"))
    ops.append(Operation("build, no records", "build/no-records", "build", "build with records"))
    ops.append(Operation("rebuild, one article edited", "rebuild", "build", "build from scratch"))
    ops.append(Operation("load snapshot", "load/pyoxigraph", "load/rdflib", "rdflib parse"))
    ops += [Operation(f"export {fmt}", f"export-{fmt}/spacekg", f"export-{fmt}/rdflib", "rdflib serialize")
            for fmt in ("turtle", "nquads")]
    ops += [Operation(f"query {name}", f"query-{name}/pyoxigraph", f"query-{name}/rdflib", "rdflib query")
            for name in QUERIES]
    return ops


def family(key: str) -> str:
    """The family of a measurement key (``export-turtle/rdflib`` is an ``export``), for --only."""
    return key.split("/")[0].split("-")[0]


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
    proc = subprocess.Popen([PY, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, env=CHILD_ENV)
    try:
        out, err = proc.communicate(json.dumps(args), timeout=timeout)
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
    parser.add_argument("--only", default="", metavar="FAMILIES",
                        help="comma-separated families of measurements to run (parse, closure, build, rebuild, load, "
                             "export, query); default: all")
    parser.add_argument("--build-memory-mb", type=int, default=None,
                        help="the build's --memory-mb (its reasoning worker's cap); default: spacekg's default")
    args = parser.parse_args()
    runs_of: dict[int, int] = {}
    for item in args.sizes.split(","):
        size_text, _, runs_text = item.strip().replace("_", "").partition(":")
        runs_of[int(size_text)] = int(runs_text) if runs_text else args.runs
    sizes = sorted(runs_of)
    out = args.out.with_suffix("") if args.out.suffix in (".md", ".json") else args.out
    args.workdir = (args.workdir or out.parent / "work").resolve()
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
    only = {f.strip() for f in args.only.split(",") if f.strip()}
    ops = [op for op in operations() if not only or family(op.measure) in only]
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
            if only and family(m.key) not in only:
                cell.status, cell.note = "not run", "not among --only"
            elif m.key in ("closure/owlrl", "build/owlrl") and size.nominal > args.skip_owlrl_above:
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
        built, bare = cells[(size.nominal, "build")], cells[(size.nominal, "build/no-records")]
        if built.status == bare.status == "ok":
            notes.append(f"{size.nominal:,}: snapshot {built.detail.get('snapshot_bytes', 0):,} bytes; justification "
                         f"records {built.detail.get('records_bytes', 0):,} bytes")
        again = cells[(size.nominal, "rebuild")]
        if again.status == "ok":
            notes.append(f"{size.nominal:,}: rebuild after one article's edit: {again.detail.get('views_cached')}")
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
            floor = cells[(size.nominal, op.floor)] if op.floor else Cell("n/a")
            ratio = mine.median / base.median if mine.median is not None and base.median else None
            rows.append({
                "operation": op.name, "size": size.nominal, "data_triples": size.data_triples,
                "asserted_quads": size.asserted, "status": mine.status, "note": mine.note,
                "median_s": mine.median, "runs_s": mine.times,
                "peak_rss_mib": max(mine.rss) if mine.rss else None,
                "baseline": op.baseline_label, "baseline_status": base.status,
                "baseline_median_s": base.median, "baseline_peak_rss_mib": max(base.rss) if base.rss else None,
                "ratio": ratio, "floor_median_s": floor.median, "detail": mine.detail,
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
             "| operation | size | spacekg | peak RSS | baseline | baseline time | baseline RSS | ratio | floor |",
             "|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    for r in rows:
        op = next(o for o in ops if o.name == r["operation"])
        cell, base = cells[(r["size"], op.measure)], cells[(r["size"], op.baseline)]
        floor = seconds_text(cells[(r["size"], op.floor)], args.timeout) if op.floor else ""
        rss = f"{r['peak_rss_mib']:.0f} MiB" if r["peak_rss_mib"] else ""
        brss = f"{r['baseline_peak_rss_mib']:.0f} MiB" if r["baseline_peak_rss_mib"] else ""
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "n/a"
        lines.append(f"| {r['operation']} | {r['data_triples']:,} | {seconds_text(cell, args.timeout)} | {rss} | "
                     f"{r['baseline']} | {seconds_text(base, args.timeout)} | {brss} | {ratio} | {floor} |")
    lines += ["", "Growth exponent k (time grows as size^k; least squares over the sizes measured):", "",
              "| operation | k | k of baseline | baseline |", "|---|---:|---:|---|"]
    snap = growth([(s.asserted, float(s.snapshot_quads)) for s in projects if s.snapshot_quads])
    if snap is not None:
        lines.append(f"| (snapshot quads written by the build) | {snap:.2f} | | |")
    for f in fits:
        k = f"{f['k']:.2f}" if f["k"] is not None else "n/a"
        kb = f"{f['k_baseline']:.2f}" if f["k_baseline"] is not None else "n/a"
        lines.append(f"| {f['operation']} | {k} | {kb} | {f['baseline']} |")
    notes.append("floor: a bare pyoxigraph process parsing the inputs (parse) or bulk-loading them into a store (build)")
    if args.build_memory_mb:
        notes.append(f"builds ran with --memory-mb {args.build_memory_mb}")
    else:
        notes.append("builds ran under spacekg's default limits")
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
