"""Push and remote-query benchmark: `spacekg push` and `spacekg query --endpoint` against one
`oxigraph serve` per size, with the practical floors measured in the same run.

For each size, benchmarks/generate.py writes a synthetic project (reused when it is already
there, as in benchmarks/run.py) and `spacekg build` builds it. One Oxigraph server, its database
on disk, then takes, in order:

    push, first          spacekg push URL --verify none, into the empty store (one PUT per graph)
    push, again          the same, replacing every graph
    push + verify counts spacekg push URL --verify counts (one SPARQL count query after the PUTs)
    push + verify triples spacekg push URL (one GET per graph after the PUTs)
    push --whole-dataset spacekg push URL --whole-dataset --verify counts, into the emptied store
    floor: raw POST      the snapshot's N-Quads in one POST with http.client (no spacekg), emptied store
    floor: oxigraph load `oxigraph load` of the same file into a new database (bulk loader, no server)

and, with the server's default graph the union of its named graphs (`--union-default-graph`),
and again with its own default graph (spacekg then names the graphs in each request):

    query NAME --endpoint   a fresh `spacekg query NAME --endpoint URL` process
    floor: POST NAME        the same query text POSTed by a bare http.client (no spacekg, no process start)
    query NAME (local)      a fresh `spacekg query NAME` on the local build, for comparison

Every spacekg figure is a whole fresh process (its start, reading the build, the requests); the
server's own time is in the floors. Each figure is the median of --runs runs. Absolute times drift
on a shared machine; compare figures of one run.

    python benchmarks/push.py --sizes 100000,1000000:1 --out benchmarks/results/push
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import AS_OF, QUERIES, Size, extract_snapshot, freeze_code, prepare  # noqa: E402

PY = sys.executable
OXIGRAPH = shutil.which("oxigraph") or "oxigraph"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`oxigraph serve` on a free loopback port with its database at ``location``."""

    def __init__(self, location: Path, *, union: bool) -> None:
        self.port = free_port()
        command = [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(command + (["--union-default-graph"] if union else []),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not start")

    @property
    def store(self) -> str:
        return f"http://127.0.0.1:{self.port}/store"

    @property
    def query(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def post(self, path: str, body: bytes, content_type: str, accept: str = "*/*") -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=3600)
        connection.request("POST", path, body, {"Content-Type": content_type, "Accept": accept})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        if response.status >= 300:
            raise RuntimeError(f"POST {path}: {response.status} {data[:200]!r}")
        return data

    def empty(self) -> None:
        self.post("/update", b"DROP ALL", "application/sparql-update")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def timed(command: list[str], timeout: float) -> dict[str, object]:
    """Run ``command`` in a fresh process group; its wall time, peak RSS (of that process) and status."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                return {"status": "timeout"}
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            lines = [line for line in errors.read().decode("utf-8", "replace").splitlines() if line.strip()]
            return {"status": "failed", "error": lines[-1] if lines else f"exit {process.returncode}"}
    return {"status": "ok", "seconds": seconds, "rss_mib": usage.ru_maxrss / 1024}


def measure(runs: int, action) -> dict[str, object]:  # noqa: ANN001 (a callable returning a report)
    reports = [action() for _ in range(runs)]
    done = [r for r in reports if r["status"] == "ok"]
    if not done:
        return reports[-1]
    return {"status": "ok", "seconds": statistics.median(r["seconds"] for r in done), "runs": len(done),
            **({"rss_mib": max(r["rss_mib"] for r in done)} if "rss_mib" in done[0] else {})}


def in_process(action) -> dict[str, object]:  # noqa: ANN001
    started = time.perf_counter()
    action()
    return {"status": "ok", "seconds": time.perf_counter() - started}


def spacekg(size: Size, *args: str) -> list[str]:
    return [PY, "-m", "spacekg", "--root", str(size.root), *args]


def query_text(root: Path, name: str) -> str:
    """The stored query with its parameters bound and spacekg's prefixes declared, as sent."""
    from spacekg.namespaces import PREFIXES
    from spacekg.store.engine import inject_bindings
    from spacekg.store.queries import bind_parameters, get_query

    stored = get_query(root / "queries", name)
    text = inject_bindings(stored.text, bind_parameters(stored, QUERIES[name]))
    return "".join(f"PREFIX {p}: <{ns}> " for p, ns in PREFIXES.items()) + "\n" + text


def run_size(size: Size, workdir: Path, runs: int, timeout: float, memory_mb: int,
             query_timeout: float) -> dict[str, object]:
    rows: dict[str, dict[str, object]] = {}
    print(f"building {size.root}", file=sys.stderr)
    build = subprocess.run(spacekg(size, "build", "--as-of", AS_OF, "--memory-mb", str(memory_mb)),
                           capture_output=True, text=True)
    if build.returncode != 0:
        raise RuntimeError(build.stderr)
    snapshot = workdir / f"push-snapshot-{size.nominal}.nq"
    extract_snapshot(size, snapshot)
    quads = sum(1 for _ in snapshot.open("rb"))
    graphs = len({line.rsplit(b" <", 1)[1] for line in snapshot.open("rb") if line.endswith(b"> .\n")})
    print(f"{size.nominal}: {quads:,} quads in {graphs:,} graphs", file=sys.stderr)
    database = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=workdir))
    server = Server(database / "db", union=True)
    push = ["push", "--as-of", AS_OF, "--timeout", str(timeout)]
    try:
        rows["push, first (PUT per graph, no verification)"] = measure(
            1, lambda: timed(spacekg(size, *push, server.store, "--verify", "none"), timeout))
        rows["push, again (replacing every graph)"] = measure(
            runs, lambda: timed(spacekg(size, *push, server.store, "--verify", "none"), timeout))
        rows["push + verify counts"] = measure(runs, lambda: timed(spacekg(
            size, *push, server.store, "--verify", "counts", "--sparql-endpoint", server.query), timeout))
        rows["push + verify triples (GET per graph)"] = measure(
            runs, lambda: timed(spacekg(size, *push, server.store), timeout))

        def whole() -> dict[str, object]:
            server.empty()
            return timed(spacekg(size, *push, server.store, "--whole-dataset", "--verify", "counts",
                                 "--sparql-endpoint", server.query), timeout)

        rows["push --whole-dataset + verify counts"] = measure(runs, whole)
        body = snapshot.read_bytes()

        def raw_post() -> dict[str, object]:
            server.empty()
            return in_process(lambda: server.post("/store", body, "application/n-quads"))

        rows["floor: one raw POST of the N-Quads (no spacekg)"] = measure(runs, raw_post)

        def bulk_load() -> dict[str, object]:
            target = Path(tempfile.mkdtemp(prefix="oxigraph-load-", dir=workdir))
            try:
                return timed([OXIGRAPH, "load", "--location", str(target / "db"), "--file", str(snapshot)], timeout)
            finally:
                shutil.rmtree(target, ignore_errors=True)

        rows["floor: oxigraph load (bulk loader, no server)"] = measure(runs, bulk_load)
        refill = timed(spacekg(size, *push, server.store, "--verify", "counts", "--sparql-endpoint", server.query),
                       timeout)  # the store holds the dataset again, verified, for the queries
        if refill["status"] != "ok":
            raise RuntimeError(f"the push before the queries failed: {refill}")
        for union in (True, False):
            if not union:
                server.stop()
                server = Server(database / "db", union=False)
            mode = "union default graph" if union else "own default graph"
            for name, params in QUERIES.items():
                bound = [arg for key, value in params.items() for arg in ("-p", f"{key}={value}")]
                command = spacekg(size, "query", name, *bound, "--endpoint", server.query, "--timeout",
                                  str(query_timeout), "--memory-mb", str(memory_mb))
                rows[f"query {name} --endpoint ({mode})"] = measure(runs, lambda c=command: timed(c, query_timeout + 30))
                text = urlencode({"query": query_text(size.root, name)}).encode()
                if union:
                    rows[f"floor: POST {name} (no spacekg)"] = measure(runs, lambda t=text: in_process(
                        lambda: server.post("/query", t, "application/x-www-form-urlencoded",
                                            "application/sparql-results+json")))
                    local = spacekg(size, "query", name, *bound, "--as-of", AS_OF, "--memory-mb", str(memory_mb))
                    rows[f"query {name} (local build)"] = measure(runs, lambda c=local: timed(c, query_timeout + 30))
    finally:
        server.stop()
        shutil.rmtree(database, ignore_errors=True)
    return {"size": size.nominal, "runs": runs, "data_triples": size.data_triples, "quads": quads, "graphs": graphs,
            "snapshot_mib": round(snapshot.stat().st_size / 2**20, 1), "rows": rows}


def seconds(report: dict[str, object]) -> str:
    if report.get("status") != "ok":
        return str(report.get("status"))
    value = float(report["seconds"])  # type: ignore[arg-type]
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s" if value < 100 else f"{value:.0f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000:1",
                        help="data triples per size; SIZE:RUNS sets the runs of one size")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (the first push runs once)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="writes OUT.md and OUT.json")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "spacekg-bench")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per command before it is killed")
    parser.add_argument("--query-timeout", type=float, default=600.0, help="the time limit of each query command")
    parser.add_argument("--memory-mb", type=int, default=16384, help="worker memory cap for builds and queries")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    # Every child imports a copy of spacekg made now, so that edits during a long run do not mix versions.
    code, digest = freeze_code(args.workdir)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))
    results = []
    for item in args.sizes.split(","):
        size, _, runs = item.partition(":")
        results.append(run_size(prepare(int(size), args.seed, args.workdir), args.workdir,
                                int(runs) if runs else args.runs, args.timeout, args.memory_mb, args.query_timeout))
    counts = ", ".join(f"{r['runs']} at {r['data_triples']:,}" for r in results)
    lines = [f"Medians of the runs ({counts}; the first push runs once); seed {args.seed}; Oxigraph server "
             f"{subprocess.run([OXIGRAPH, '--version'], capture_output=True, text=True).stdout.strip()}, on disk; "
             f"spacekg code {digest[:12]}.", ""]
    header = "| operation | " + " | ".join(f"{r['data_triples']:,} data triples ({r['quads']:,} quads, "
                                            f"{r['graphs']:,} graphs)" for r in results) + " |"
    lines += [header, "|---|" + "---:|" * len(results)]
    for name in results[0]["rows"]:
        cells = []
        for r in results:
            report = r["rows"].get(name, {"status": "n/a"})
            rss = f", {report['rss_mib']:.0f} MiB" if report.get("status") == "ok" and "rss_mib" in report else ""
            cells.append(seconds(report) + rss)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text(text)
    args.out.with_suffix(".json").write_text(json.dumps({"code": digest[:12], "sizes": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
