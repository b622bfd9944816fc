"""Start the real server in a child process on a free loopback port, and talk HTTP to it."""

from __future__ import annotations

import http.client
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

START_TIMEOUT = 120.0


@dataclass
class Served:
    """A running server: its endpoint URL and the log lines it has written so far."""

    url: str
    process: subprocess.Popen[bytes]
    log: list[str] = field(default_factory=list)
    _pending: bytes = b""

    @property
    def base(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def read_log(self, until: str | None = None, timeout: float = 10.0) -> list[str]:
        """Collect what the server logged; with ``until``, wait for a line containing it."""
        deadline = time.monotonic() + timeout
        assert self.process.stderr is not None
        fd = self.process.stderr.fileno()
        while True:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                chunk = os.read(fd, 65536)  # unbuffered: select() sees everything not yet read
                if chunk:
                    self._pending += chunk
                    *lines, self._pending = self._pending.split(b"\n")
                    self.log += [line.decode("utf-8", "replace") for line in lines]
                    continue
            if until is None or any(until in line for line in self.log) or time.monotonic() > deadline:
                return self.log

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float = 60.0) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()


@contextmanager
def serve(command: list[str], *, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Run ``command`` (a server that prints "serving ... at URL" on stderr) until the block ends."""
    environment = {**os.environ, **(env or {}), "NO_PROXY": "*", "no_proxy": "*"}
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               env=environment, start_new_session=True)
    served = Served("", process)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not served.url:
            assert process.poll() is None, f"the server exited: {served.read_log()}"
            assert time.monotonic() < deadline, f"the server did not start: {served.read_log()}"
            for line in served.read_log(until="serving", timeout=1.0):
                if "serving" in line and " at " in line:
                    served.url = line.split(" at ", 1)[1].split()[0]
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process.stderr is not None:
            process.stderr.close()


def spacekg_serve(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "spacekg", "--root", str(root), "serve", "--port", "0", "--as-of", "2026-11-21", *args]
