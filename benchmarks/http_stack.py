"""Which HTTP stack `spacekg serve` runs on: the same trivial answer (a 30-byte SPARQL JSON boolean)
from each candidate, measured with the serve benchmark's client, 1 and 8 keep-alive clients.

Candidates: a bare ASGI application on uvicorn with httptools (the C parser) and with h11 (pure
Python), Starlette on uvicorn with httptools, and the standard library's ThreadingHTTPServer.
The query itself runs in a worker process in every design, so what differs here is the cost of
the server's own request handling.

    python benchmarks/http_stack.py --seconds 5 --json benchmarks/results/http_stack.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import free_port, load, start, stop  # noqa: E402

BODY = b'{"head": {}, "boolean": true}\n'
SERVERS = {
    "uvicorn + httptools, bare ASGI": ("asgi", "httptools"),
    "uvicorn + h11, bare ASGI": ("asgi", "h11"),
    "uvicorn + httptools, Starlette": ("starlette", "httptools"),
    "ThreadingHTTPServer (stdlib)": ("stdlib", ""),
}
PROGRAM = '''
import sys
kind, parser, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
BODY = {body!r}
if kind == "stdlib":
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
        def log_message(self, *args):
            pass
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
import uvicorn
if kind == "asgi":
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        await send({{"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/sparql-results+json"), (b"content-length", str(len(BODY)).encode())]}})
        await send({{"type": "http.response.body", "body": BODY}})
else:
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    async def endpoint(request):
        await request.body()
        return Response(BODY, media_type="application/sparql-results+json")
    app = Starlette(routes=[Route("/sparql", endpoint, methods=["POST"])])
uvicorn.run(app, host="127.0.0.1", port=port, http=parser, access_log=False, log_level="warning")
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    for name, (kind, http) in SERVERS.items():
        port = free_port()
        process = start([sys.executable, "-c", PROGRAM.format(body=BODY), kind, http or "-", str(port)], port)
        try:
            for clients in (1, 8):
                asyncio.run(load(port, "/sparql", "ASK {}", clients, 1.0))
                result = asyncio.run(load(port, "/sparql", "ASK {}", clients, args.seconds))
                rows.append({"server": name, "clients": clients, **{k: round(v, 3) for k, v in result.items()}})
                print(json.dumps(rows[-1]), flush=True)
        finally:
            stop(process)
    print("\n| server | clients | p50 | p99 | requests/s |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['server']} | {r['clients']} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms | {r['throughput_rps']:.0f} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"seconds": args.seconds, "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
