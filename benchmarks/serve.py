"""`spacekg serve` against `oxigraph serve-read-only` on the same store, in the same run, on loopback.

For each project (the shipped one, and synthetic ones from generate.py), both servers answer the
same short stored query, sent as a direct POST, by 1, 8 and 32 concurrent keep-alive clients
(one asyncio client process, the same for both). Reported: p50 and p99 latency and throughput,
and spacekg's p50 as a ratio to Oxigraph's. Then a query that never finishes, with a 2 s limit on
each server: when the answer comes, and how much CPU the server still burns in the 5 s after.

    python benchmarks/serve.py --sizes shipped,100000 --seconds 10 --json benchmarks/results/serve.json

Figures come from a 2-core machine that the clients share with the servers; compare the ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
PY = sys.executable
AS_OF = "2026-11-21"
QUERY_NAME = "ordinals"
NEVER_ENDS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIMIT_S = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def query_text(root: Path) -> str:
    """The stored query with spacekg's prefixes declared, so that any SPARQL server can run it."""
    from spacekg.namespaces import PREFIXES

    body = (root / "queries" / f"{QUERY_NAME}.rq").read_text()
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + body


def store_of(root: Path) -> Path:
    """Build the project, and return an on-disk store of the build for Oxigraph to serve."""
    subprocess.run([PY, "-m", "spacekg", "--root", str(root), "build", "--as-of", AS_OF, "--memory-mb", "16000"],
                   check=True, capture_output=True)
    from cold_query import store_for

    return store_for(root)


def start(command: list[str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{command[0]} did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and all its descendants (Linux /proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                pids += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    fields = dict(line.lower().split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line)
    if b"content-length" in fields:
        await reader.readexactly(int(fields[b"content-length"]))
    else:  # chunked (Oxigraph streams its answers)
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status


async def load(port: int, path: str, query: str, clients: int, seconds: float) -> dict[str, float]:
    body = query.encode()
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
               f"Accept: application/sparql-results+json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            if await _exchange(reader, writer, request) != 200:
                errors += 1
            latencies.append(time.perf_counter() - started)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"requests": len(latencies), "errors": errors, "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
            "throughput_rps": len(latencies) / elapsed}


def never_ending(port: int, path: str, pid: int, timeout_param: bool) -> dict[str, float]:
    """Send a query that never finishes; when does the answer come, and does the server stop working?"""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    target = path + (f"?timeout={LIMIT_S}" if timeout_param else "")
    started = time.perf_counter()
    try:
        connection.request("POST", target, NEVER_ENDS.encode(), {"Content-Type": "application/sparql-query"})
        response = connection.getresponse()
        status = response.status
        response.read()
    except (OSError, http.client.HTTPException):
        status = 0
    answered = time.perf_counter() - started
    connection.close()
    before = cpu_seconds(pid)
    time.sleep(5)
    return {"status": status, "answered_s": round(answered, 2), "cpu_s_in_next_5s": round(cpu_seconds(pid) - before, 2)}


def project_for(size: str, workdir: Path) -> Path:
    """The shipped project, or the generated one of ``size`` triples (seed 1, shared with the other benchmarks)."""
    if size == "shipped":
        return ROOT
    from run import prepare

    return prepare(int(size), 1, workdir).root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,100000")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--json", type=Path, required=True, help="where the figures are written")
    parser.add_argument("--workdir", type=Path,
                        help="where generated projects are kept and reused (default: the JSON's directory/work)")
    args = parser.parse_args()
    args.workdir = (args.workdir or args.json.parent / "work").resolve()
    results: list[dict[str, object]] = []
    for size in args.sizes.split(","):
        root = project_for(size, args.workdir)
        store = store_of(root)
        query = query_text(ROOT)
        servers = {}
        ours, theirs = free_port(), free_port()
        servers["spacekg"] = (start([PY, "-m", "spacekg", "--root", str(root), "serve", "--port", str(ours), "--as-of",
                                     AS_OF, "--timeout", str(LIMIT_S), "--max-timeout", str(LIMIT_S)], ours), ours)
        servers["oxigraph"] = (start(["oxigraph", "serve-read-only", "--location", str(store), "--bind",
                                      f"127.0.0.1:{theirs}", "--union-default-graph", "--timeout-s", str(LIMIT_S)],
                                     theirs), theirs)
        try:
            for clients in (int(c) for c in args.clients.split(",")):
                row: dict[str, object] = {"size": size, "clients": clients}
                for name, (_, port) in servers.items():
                    path = "/sparql" if name == "spacekg" else "/query"
                    asyncio.run(load(port, path, query, clients, 1.0))  # warm-up
                    row[name] = asyncio.run(load(port, path, query, clients, args.seconds))
                row["p50_ratio"] = round(row["spacekg"]["p50_ms"] / row["oxigraph"]["p50_ms"], 2)  # type: ignore[index]
                row["throughput_ratio"] = round(row["spacekg"]["throughput_rps"] / row["oxigraph"]["throughput_rps"], 2)  # type: ignore[index]
                results.append(row)
                print(json.dumps(row), flush=True)
            for name, (process, port) in servers.items():
                path = "/sparql" if name == "spacekg" else "/query"
                outcome = {"size": size, "server": name, "never_ending_query": never_ending(port, path, process.pid,
                                                                                              name == "spacekg")}
                results.append(outcome)
                print(json.dumps(outcome), flush=True)
        finally:
            for process, _ in servers.values():
                stop(process)
    print("\n| size | clients | spacekg p50 | p99 | req/s | Oxigraph p50 | p99 | req/s | p50 ratio | throughput ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        if "clients" in r:
            s, o = r["spacekg"], r["oxigraph"]
            print(f"| {r['size']} | {r['clients']} | {s['p50_ms']:.1f} ms | {s['p99_ms']:.1f} ms | {s['throughput_rps']:.0f} | "  # type: ignore[index]
                  f"{o['p50_ms']:.1f} ms | {o['p99_ms']:.1f} ms | {o['throughput_rps']:.0f} | {r['p50_ratio']} | {r['throughput_ratio']} |")  # type: ignore[index]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"python": sys.version.split()[0], "seconds": args.seconds, "results": results},
                                    indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
