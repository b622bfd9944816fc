"""Cold-start cost of `spacekg query` and `spacekg export -f nquads` after a build, against the
floors a bare process pays for the same work, measured in the same run.

Floors: a process that imports click and pyoxigraph (or rdflib) and runs one trivial query; a bare
pyoxigraph process that opens the same build the same way spacekg does (the snapshot loaded into
memory for a small graph, the on-disk store opened read-only for a large one) and runs the same
query; a bare pyoxigraph process that opens the on-disk store read-only and runs it (the store's
own floor); and a bare pyoxigraph serialization of the same quads to N-Quads.

Each command runs in a fresh process; the script reports the median of --runs runs, interleaved
so that machine load affects all commands alike. Absolute times drift on a shared machine; the
ratios are the figures to watch. Writes a Markdown table to stdout and JSON to --json.

    python benchmarks/cold_query.py --runs 11 --json benchmarks/results/cold_query.json
    python benchmarks/cold_query.py --root /tmp/kg1m --runs 5 --json benchmarks/results/cold_query-1m.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
AS_OF = "2026-11-21"
QUERY = "ordinals"


def _build_of(root: Path) -> tuple[Path, int, Path | None]:
    """The current build's directory, its quads, and its on-disk store (None for a small build)."""
    from datetime import date

    from spacekg.sources.project import Project
    from spacekg.store.snapshot import current_build

    build = current_build(Project(root.resolve()), as_of=date.fromisoformat(AS_OF))
    # A build made by an older spacekg (before small builds kept no store) always has one.
    return build.directory, build.quads, build.store_dir if getattr(build, "has_store", True) else None


def store_for(root: Path) -> Path:
    """An on-disk store of the current build: its own, or, for a small build that keeps none, one
    written from its snapshot beside it (in the benchmark's temporary directory)."""
    import tempfile
    from datetime import date

    from spacekg.sources.project import Project
    from spacekg.store.snapshot import current_build, write_build

    build = current_build(Project(root.resolve()), as_of=date.fromisoformat(AS_OF))
    if getattr(build, "has_store", True):
        return build.store_dir
    scratch = Project(Path(tempfile.mkdtemp(prefix="spacekg-bench-")))
    return write_build(scratch, build.key, build.nquads(), graphs=build.graphs, store=True).store_dir


def commands(root: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The commands, and for each spacekg command the floor it is compared with."""
    from spacekg.namespaces import PREFIXES

    build, quads, own_store = _build_of(root)
    text = (root / "queries" / f"{QUERY}.rq").read_text()
    prelude = f"import pyoxigraph as ox; P = {PREFIXES!r}; Q = {text!r}; "
    # The default graph is the merge of the named graphs: written into a store in memory as
    # spacekg does, already in an on-disk one.
    run = "list(s.query(Q, prefixes=P))"
    in_memory = (f"s = ox.Store(); s.extend(ox.parse(path={str(build / 'snapshot.nq')!r}, "
                 "format=ox.RdfFormat.N_QUADS, lenient=True)); "
                 "s.update('INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }'); ")
    on_disk = f"s = ox.Store.read_only({str(store_for(root))!r}); "
    same_way = in_memory if own_store is None else on_disk
    spacekg = [PY, "-m", "spacekg", "--root", str(root)]
    table = {
        "floor: click + rdflib + trivial query": [
            PY, "-c", "import click, rdflib; list(rdflib.Graph().query('SELECT * WHERE { ?s ?p ?o }'))"],
        "floor: click + pyoxigraph + trivial query": [
            PY, "-c", "import click, pyoxigraph; list(pyoxigraph.Store().query('SELECT * WHERE { ?s ?p ?o }'))"],
        f"floor: bare pyoxigraph, the build opened as spacekg opens it, {QUERY}": [PY, "-c", prelude + same_way + run],
        f"floor: bare pyoxigraph, the on-disk store read-only, {QUERY}": [PY, "-c", prelude + on_disk + run],
        f"spacekg query {QUERY}": [*spacekg, "query", QUERY, "--as-of", AS_OF],
        "floor: bare pyoxigraph, the store serialized to N-Quads": [
            PY, "-c", "import sys, pyoxigraph as ox; " + on_disk + "s.dump(sys.stdout.buffer, format=ox.RdfFormat.N_QUADS)"],
        "spacekg export -f nquads": [*spacekg, "export", "-f", "nquads", "--as-of", AS_OF],
    }
    floors = {f"spacekg query {QUERY}": f"floor: bare pyoxigraph, the build opened as spacekg opens it, {QUERY}",
              "spacekg export -f nquads": "floor: bare pyoxigraph, the store serialized to N-Quads"}
    return table, floors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this checkout)")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--skip-export", action="store_true",
                        help="leave out the N-Quads export and its floor (at 1M triples the floor serializes "
                             "2.2M quads each run: the heavy part of this benchmark)")
    parser.add_argument("--check", type=float, metavar="RATIO",
                        help="exit 1 if a spacekg command costs more than RATIO times the click + rdflib floor "
                             "(CI's generous bound, never a tight timing assertion)")
    args = parser.parse_args()
    # Measure spacekg as installed: pip compiles the bytecode at install time, so no run here may
    # pay for compiling a module (as it would whenever PYTHONDONTWRITEBYTECODE is set).
    import compileall

    import spacekg

    compileall.compile_dir(Path(spacekg.__file__).parent, quiet=1)
    subprocess.run([PY, "-m", "spacekg", "--root", str(args.root), "build", "--as-of", AS_OF, "--memory-mb", "16000"],
                   check=True, capture_output=True)
    table, floors = commands(args.root)
    if args.skip_export:
        table = {name: command for name, command in table.items() if "N-Quads" not in name and "export" not in name}
        floors = {name: floor for name, floor in floors.items() if name in table}
    times: dict[str, list[float]] = {name: [] for name in table}
    for command in table.values():  # one warm-up each: page cache, .pyc files
        subprocess.run(command, check=True, capture_output=True)
    for _ in range(args.runs):
        for name, command in table.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(t) for name, t in times.items()}
    click_floor = medians["floor: click + pyoxigraph + trivial query"]
    _, quads, _ = _build_of(args.root)
    rows = [{"command": name, "median_s": round(medians[name], 4), "min_s": round(min(t), 4), "max_s": round(max(t), 4),
             "ratio_to_click_pyoxigraph": round(medians[name] / click_floor, 2),
             "ratio_to_its_floor": round(medians[name] / medians[floors[name]], 2) if name in floors else None}
            for name, t in times.items()]
    print(f"Project {args.root} ({quads:,} quads), {args.runs} runs.\n")
    print("| command | median | min | max | ratio to click + pyoxigraph | ratio to its bare-pyoxigraph floor |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        own = "" if r["ratio_to_its_floor"] is None else f"{r['ratio_to_its_floor']:.2f}"
        print(f"| {r['command']} | {r['median_s'] * 1000:.0f} ms | {r['min_s'] * 1000:.0f} ms | {r['max_s'] * 1000:.0f} ms "
              f"| {r['ratio_to_click_pyoxigraph']:.2f} | {own} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"runs": args.runs, "quads": quads, "python": sys.version.split()[0],
                                         "rows": rows}, indent=1) + "\n")
    rdflib_floor = medians["floor: click + rdflib + trivial query"]
    worst = max(medians[name] / rdflib_floor for name in floors)
    if args.check is not None and worst > args.check:
        print(f"a spacekg command costs {worst:.2f}x the click + rdflib floor, over the {args.check}x bound",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
