"""The whole graph's default graph: pyoxigraph's per-query union of the named graphs against the
RDF merge that spacekg writes into the store's own default graph when it makes the store.

For each snapshot: the same N-Quads go into two on-disk stores, one with the named graphs only
(queried with ``use_default_graph_as_union``), one also with their merge in the default graph (as
``spacekg build`` writes it). Timed: writing each store, and each local stored query against each,
medians of --runs runs; the rows of every stored query must be the same both ways (they use
DISTINCT where a triple may repeat), though rows that ORDER BY leaves tied may come in another order. A count of a whole-graph join shows what the union counts
that the merge does not: a triple once per graph that holds it.

    python benchmarks/default_graph.py --snapshots benchmarks/results/work/snapshot-100000-seed1.nq \\
        --runs 3 --json benchmarks/results/default-graph-100k.json > benchmarks/results/default-graph-100k.md
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
SCAN = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type . ?s ?p ?o }"


def _store(snapshot: Path, directory: Path, *, merged: bool) -> float:
    """Write ``snapshot`` into an on-disk store, as spacekg's build does (merged) or did before
    it merged the named graphs; the seconds it took."""
    from spacekg.store.snapshot import _load_store

    started = time.perf_counter()
    if merged:
        _load_store(snapshot, directory)
        return time.perf_counter() - started
    store = ox.Store(str(directory))
    with snapshot.open("rb") as handle:
        store.bulk_extend(ox.parse(handle, format=ox.RdfFormat.N_QUADS, lenient=True))
    store.flush()
    store.optimize()
    del store
    return time.perf_counter() - started


def _run(store: ox.Store, text: str, *, union: bool) -> tuple[float, list[tuple[str, ...]]]:
    from spacekg.namespaces import PREFIXES

    started = time.perf_counter()
    answer = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=union)
    rows = [tuple(str(t) for t in row) for row in answer]
    return time.perf_counter() - started, rows


def measure(snapshot: Path, runs: int) -> dict[str, object]:
    from spacekg.store.engine import inject_bindings
    from spacekg.store.queries import bind_parameters, load_queries

    queries = {name: q for name, q in load_queries(ROOT / "queries").items()
               if q.view == "spacekg" and not q.needs_network}
    work = Path(tempfile.mkdtemp(prefix="spacekg-default-graph-"))
    try:
        written = {"union": _store(snapshot, work / "union", merged=False),
                   "merged": _store(snapshot, work / "merged", merged=True)}
        stores = {"union": ox.Store.read_only(str(work / "union")), "merged": ox.Store.read_only(str(work / "merged"))}
        rows: dict[str, dict[str, object]] = {}
        for name, q in sorted({**queries, "(whole-graph join)": None}.items()):
            text = SCAN if q is None else inject_bindings(q.text, bind_parameters(q, {})) if q.parameters else q.text
            times: dict[str, list[float]] = {"union": [], "merged": []}
            answers = {}
            for _ in range(runs):
                for how in ("union", "merged"):
                    seconds, answers[how] = _run(stores[how], text, union=how == "union")
                    times[how].append(seconds)
            # Rows that ORDER BY leaves tied may come in another order from another store.
            same = sorted(answers["union"]) == sorted(answers["merged"])
            if q is not None and not same:
                raise SystemExit(f"{name}: the stored query answers differently from the merge")
            rows[name] = {"union_s": statistics.median(times["union"]), "merged_s": statistics.median(times["merged"]),
                          "rows": len(answers["merged"]), "same_rows": same,
                          "same_order": answers["union"] == answers["merged"],
                          **({"counted": {k: v[0][0] for k, v in answers.items()}} if q is None else {})}
        quads = sum(1 for _ in ox.parse(snapshot.read_bytes(), format=ox.RdfFormat.N_QUADS, lenient=True))
        return {"snapshot": snapshot.name, "quads": quads, "store_write_s": written, "queries": rows}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(results: list[dict[str, object]]) -> str:
    lines = ["| snapshot | quads | store written, union | merged | query | union | merged | rows |",
             "|---|---:|---:|---:|---|---:|---:|---:|"]
    for result in results:
        written = result["store_write_s"]
        for name, row in result["queries"].items():
            counted = row.get("counted")
            rows = " / ".join(f"{int(_number(counted[k])):,}" for k in ("union", "merged")) if counted else str(row["rows"])
            lines.append(f"| {result['snapshot']} | {result['quads']:,} | {written['union']:.2f} s | "
                         f"{written['merged']:.2f} s | {name} | {row['union_s'] * 1000:.0f} ms | "
                         f"{row['merged_s'] * 1000:.0f} ms | {rows} |")
    return "\n".join(lines)


def _number(term: str) -> str:
    """The lexical form of an N-Triples literal ("3"^^xsd:integer)."""
    return term.split('"')[1] if term.startswith('"') else term


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", nargs="+", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = [measure(path, args.runs) for path in args.snapshots]
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
