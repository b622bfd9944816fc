"""Cold-start cost of `spacekg query` after a build, as a ratio to the floor of a process that
imports click and rdflib and runs one trivial SPARQL query on an empty graph.

Each command runs in a fresh process; the script reports the median of --runs runs, interleaved
so that machine load affects all commands alike. Absolute times drift on a shared machine; the
ratio is the figure to watch. Writes a Markdown table to stdout and JSON to --json.

    python benchmarks/cold_query.py --runs 11 --json benchmarks/results/cold_query.json
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
COMMANDS = {
    "floor: click + rdflib + trivial query": [
        PY, "-c", "import click, rdflib; list(rdflib.Graph().query('SELECT * WHERE { ?s ?p ?o }'))"],
    "floor: click + pyoxigraph + trivial query": [
        PY, "-c", "import click, pyoxigraph; list(pyoxigraph.Store().query('SELECT * WHERE { ?s ?p ?o }'))"],
    "spacekg query change4-launch (cached build)": [
        PY, "-m", "spacekg", "--root", str(ROOT), "query", "change4-launch"],
    "spacekg query claim-verdicts (cached build)": [
        PY, "-m", "spacekg", "--root", str(ROOT), "query", "claim-verdicts"],
}
BASELINE = "floor: click + rdflib + trivial query"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--check", type=float, metavar="RATIO",
                        help="exit 1 if a spacekg query costs more than RATIO times the baseline")
    args = parser.parse_args()
    subprocess.run([PY, "-m", "spacekg", "--root", str(ROOT), "build"], check=True, capture_output=True)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for name, command in COMMANDS.items():  # one warm-up each: page cache, .pyc files
        subprocess.run(command, check=True, capture_output=True)
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times[name].append(time.perf_counter() - started)
    base = statistics.median(times[BASELINE])
    rows = [{"command": name, "median_s": round(statistics.median(t), 4), "min_s": round(min(t), 4),
             "max_s": round(max(t), 4), "ratio": round(statistics.median(t) / base, 2)} for name, t in times.items()]
    print(f"| command | median | min | max | ratio to `{BASELINE}` |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['command']} | {r['median_s'] * 1000:.0f} ms | {r['min_s'] * 1000:.0f} ms | "
              f"{r['max_s'] * 1000:.0f} ms | {r['ratio']:.2f} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"runs": args.runs, "python": sys.version.split()[0], "rows": rows}, indent=1) + "\n")
    worst = max(r["ratio"] for r in rows if r["command"].startswith("spacekg"))
    if args.check is not None and worst > args.check:
        print(f"spacekg query costs {worst:.2f}x the baseline, over the {args.check}x bound", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
