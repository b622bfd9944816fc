"""Push and remote-query benchmark: `spacekg push` and `spacekg query --endpoint` against one
`oxigraph serve` per size, with the practical floors measured in the same run.

For each size, benchmarks/generate.py writes a synthetic project (reused when it is already
there, as in benchmarks/run.py), or `shipped` copies the repository's own project, and `spacekg
build` builds it. One Oxigraph server, its database
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

    python benchmarks/push.py --sizes shipped,100000,1000000:1 --out benchmarks/results/push
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
from run import AS_OF, QUERIES, ROOT, Size, extract_snapshot, freeze_code, prepare  # noqa: E402

PY = sys.executable
OXIGRAPH = shutil.which("oxigraph") or "oxigraph"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`oxigraph serve` on a free loopback port with its database at ``location``."""

    def __init__(self, location: Path, *, union: bool, wait: float = 600.0) -> None:
        self.port = free_port()
        command = [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"]
        # Its messages go to a file, so that a server that does not come up can say why.
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command + (["--union-default-graph"] if union else []),
                                        stdout=self.log, stderr=subprocess.STDOUT)
        # Reopening a large on-disk database replays its write-ahead log first: allow minutes.
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}: {self.output()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not start within {wait:.0f} s: {self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace").strip()[-2000:]

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
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=600)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def high_water_kib(pid: int) -> int:
    """The process's peak resident set so far (VmHWM), 0 once it has exited."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def timed(command: list[str], timeout: float) -> dict[str, object]:
    """Run ``command`` in a fresh process group; its wall time, peak RSS (of that process) and status.

    The peak is VmHWM sampled every 10 ms, not the rusage maximum: on Linux that one carries the
    benchmark's own size over the fork and exec into every child.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
        peak = 0
        while True:
            peak = max(peak, high_water_kib(process.pid))
            pid, status, _ = os.wait4(process.pid, os.WNOHANG)
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
    return {"status": "ok", "seconds": seconds, "rss_mib": peak / 1024}


def measure(runs: int, action) -> dict[str, object]:  # noqa: ANN001 (a callable returning a report)
    reports = []
    for _ in range(runs):
        reports.append(action())
        if reports[-1]["status"] == "timeout":
            break  # it would time out again: no point in waiting for that once more
    done = [r for r in reports if r["status"] == "ok"]
    if not done:
        return reports[-1]
    return {"status": "ok", "seconds": statistics.median(r["seconds"] for r in done), "runs": len(done),
            **({"rss_mib": max(r["rss_mib"] for r in done)} if "rss_mib" in done[0] else {})}


def in_process(action) -> dict[str, object]:  # noqa: ANN001
    started = time.perf_counter()
    action()
    return {"status": "ok", "seconds": time.perf_counter() - started}


def shipped(workdir: Path) -> Size:
    """A copy of the repository's own project (its inputs only, so its builds stay out of the tree)."""
    root = workdir / "spacekg-shipped"
    shutil.rmtree(root, ignore_errors=True)
    for part in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / part, root / part)
    from spacekg.sources.loader import parse_file
    from spacekg.sources.project import Project

    project = Project(root)
    data, everything = set(), set()
    for item in project.input_files():
        quads = parse_file(item.path, graph=item.graph)
        everything.update(quads)
        if item.path.is_relative_to(root / "data"):
            data.update(quads)
    return Size(0, root, len(data), len(everything), len(project.article_files()))


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


class Rows(dict):
    """The measurements of one size; each one is saved as soon as it is taken, so that a run that
    fails later (a server that does not restart, a command killed at its timeout) keeps them."""

    def __init__(self, save) -> None:  # noqa: ANN001 (a callable taking no argument)
        super().__init__()
        self.save = save

    def __setitem__(self, name: str, report: dict[str, object]) -> None:
        super().__setitem__(name, report)
        self.save()


def run_size(size: Size, workdir: Path, runs: int, timeout: float, memory_mb: int,
             query_timeout: float, report: dict[str, object], save, named_default: bool) -> None:  # noqa: ANN001
    print(f"building {size.root}", file=sys.stderr)
    build = subprocess.run(spacekg(size, "build", "--as-of", AS_OF, "--memory-mb", str(memory_mb)),
                           capture_output=True, text=True)
    if build.returncode != 0:
        raise RuntimeError(build.stderr)
    label = f"{size.nominal}" if size.nominal else "shipped"
    snapshot = workdir / f"push-snapshot-{label}.nq"
    extract_snapshot(size, snapshot)
    quads = sum(1 for _ in snapshot.open("rb"))
    graphs = len({line.rsplit(b" <", 1)[1] for line in snapshot.open("rb") if line.endswith(b"> .\n")})
    print(f"{label}: {quads:,} quads in {graphs:,} graphs", file=sys.stderr)
    rows = Rows(save)
    report.update({"size": label, "runs": runs, "data_triples": size.data_triples, "quads": quads, "graphs": graphs,
                   "snapshot_mib": round(snapshot.stat().st_size / 2**20, 1), "rows": rows})
    save()
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
        for union in (True, False) if named_default else (True,):
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


def seconds(report: dict[str, object]) -> str:
    if report.get("status") != "ok":
        return str(report.get("status"))
    value = float(report["seconds"])  # type: ignore[arg-type]
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s" if value < 100 else f"{value:.0f} s"


def write(out: Path, results: list[dict], *, seed: int, digest: str, version: str) -> None:
    """OUT.md (the table) and OUT.json, each replaced whole, with what has been measured so far."""
    if not results:
        return
    counts = ", ".join(f"{r['runs']} at {r['data_triples']:,}" for r in results)
    lines = [f"Medians of the runs ({counts}; the first push runs once); seed {seed}; Oxigraph server "
             f"{version}, on disk; spacekg code {digest[:12]}.", ""]
    header = "| operation | " + " | ".join(f"{'shipped, ' if r['size'] == 'shipped' else ''}{r['data_triples']:,} data "
                                            f"triples ({r['quads']:,} quads, {r['graphs']:,} graphs)"
                                            for r in results) + " |"
    lines += [header, "|---|" + "---:|" * len(results)]
    names = list(dict.fromkeys(name for r in results for name in r["rows"]))
    for name in names:
        cells = []
        for r in results:
            report = r["rows"].get(name, {"status": "n/a"})
            rss = f", {report['rss_mib']:.0f} MiB" if report.get("status") == "ok" and "rss_mib" in report else ""
            cells.append(seconds(report) + rss)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    out.parent.mkdir(parents=True, exist_ok=True)
    for path, text in ((out.with_suffix(".md"), "\n".join(lines) + "\n"),
                       (out.with_suffix(".json"), json.dumps({"code": digest[:12], "sizes": results}, indent=1) + "\n")):
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text)
        partial.replace(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000:1",
                        help="data triples per size; SIZE:RUNS sets the runs of one size")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (the first push runs once)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="writes OUT.md and OUT.json")
    parser.add_argument("--workdir", type=Path,
                        help="where generated projects are kept and reused (default: OUT's directory/work)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per command before it is killed")
    parser.add_argument("--query-timeout", type=float, default=600.0, help="the time limit of each query command")
    parser.add_argument("--memory-mb", type=int, default=16384, help="worker memory cap for builds and queries")
    parser.add_argument("--skip-named-default-above", type=int, default=100_000, metavar="N",
                        help="above N (the nominal size), leave out the queries that name every graph as the default "
                             "graph (Oxigraph evaluates them in minutes at 100k)")
    args = parser.parse_args()
    args.workdir = (args.workdir or args.out.parent / "work").resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    # Every child imports a copy of spacekg made now, so that edits during a long run do not mix versions.
    code, digest = freeze_code(args.workdir)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))
    version = subprocess.run([OXIGRAPH, "--version"], capture_output=True, text=True).stdout.strip()
    results: list[dict] = []

    def save() -> None:
        write(args.out, [r for r in results if "rows" in r], seed=args.seed, digest=digest, version=version)

    for item in args.sizes.split(","):
        size, _, runs = item.partition(":")
        project = shipped(args.workdir) if size == "shipped" else prepare(int(size), args.seed, args.workdir)
        results.append({})
        run_size(project, args.workdir, int(runs) if runs else args.runs, args.timeout, args.memory_mb,
                 args.query_timeout, results[-1], save, project.nominal <= args.skip_named_default_above)
    print(args.out.with_suffix(".md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
