"""The remote clients' HTTP (push and --endpoint) under hostile servers and hostile arguments:
each is a clear error with its exit code, never a traceback and never an answer taken as whole."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from click.testing import CliRunner
from replay import Raw

from spacekg.cli import cli
from spacekg.errors import ExitCode, RemoteError, UsageError
from spacekg.http.client import HttpClient, parse_url
from spacekg.sources.project import Project

_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: {type}\r\nContent-Length: {length}\r\n\r\n"
_TSV = b'?launch\n<http://x/a>\n<http://x/b>\n'
_JSON = b'{"head": {"vars": ["launch"]}, "results": {"bindings": []}}'


@pytest.mark.parametrize("kind,body", [
    ("text/tab-separated-values", _TSV),  # cut at a line's end: every line read is well formed
    ("application/sparql-results+json", _JSON),
    ("application/n-triples", b"<http://x/a> <http://x/p> <http://x/b> .\n"),
])
@pytest.mark.parametrize("missing", [1, 1000])
def test_a_body_shorter_than_its_content_length_is_a_remote_error(no_proxy: None, kind: str, body: bytes,
                                                                  missing: int):
    head = _HEAD.format(type=kind, length=len(body) + missing).encode()
    raw = Raw([(0, head + body)])
    try:
        with HttpClient(timeout=5, retries=0) as client, pytest.raises(RemoteError, match=(
                f"the answer ended {missing:,} bytes short of its Content-Length")):
            client.request("GET", raw.url)
    finally:
        raw.close()


def test_a_whole_body_is_read_as_it_came(no_proxy: None):
    raw = Raw([(0, _HEAD.format(type="text/tab-separated-values", length=len(_TSV)).encode() + _TSV)])
    try:
        with HttpClient(timeout=5, retries=0) as client:
            assert client.request("GET", raw.url).body == _TSV
    finally:
        raw.close()


def test_a_short_answer_to_an_endpoint_query_exits_7(project: Project, no_proxy: None):
    raw = Raw([(0, _HEAD.format(type="text/tab-separated-values", length=len(_TSV) + 20).encode() + _TSV)])
    try:
        result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "SELECT ?launch WHERE { ?launch a skg:LaunchEvent }",
                                          "--endpoint", raw.url.replace("/w/api.php", "/sparql"), "--timeout", "10"])
    finally:
        raw.close()
    assert result.exit_code == ExitCode.REMOTE, result.output
    assert "short of its Content-Length" in result.stderr


BAD_URLS = ["http://[::1", "http://[::1]:99999/sparql", "http://127.0.0.1:port/sparql", "http://127.0.0.1/a b",
            "http://127.0.0.1/\x1b]0;title\x07", "http://127.0.0.1/x\r\nX-Injected: 1", "file:///etc/passwd",
            "ftp://127.0.0.1/", "//127.0.0.1/sparql", "http:///sparql"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_malformed_url_is_refused_before_any_connection(url: str):
    with pytest.raises(UsageError):
        parse_url(url)


@pytest.mark.parametrize("command", [["sparql", "ASK {}", "--endpoint"], ["query", "ordinals", "--endpoint"],
                                     ["push", "--dry-run"]], ids=["sparql", "query", "push"])
@pytest.mark.parametrize("url", BAD_URLS[:3] + BAD_URLS[4:5])
def test_a_malformed_url_on_the_command_line_is_a_usage_error(project: Project, command: list[str], url: str):
    args = [*command, url] if command[0] != "push" else ["push", url, "--dry-run"]
    done = subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == ExitCode.USAGE, done.stderr
    assert "Traceback" not in done.stderr and "\x1b" not in done.stderr
    assert done.stderr.startswith("Error: "), done.stderr  # refused before any build or request


@pytest.mark.parametrize("option,value", [("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "-inf"),
                                          ("--timeout", "1e20"), ("--timeout", "0"), ("--retries", "101"),
                                          ("--retries", "-1")])
def test_push_refuses_numbers_it_cannot_honour(project: Project, option: str, value: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "push", "http://127.0.0.1:9/store", option, value])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert option in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("settings", [{"timeout": math.nan}, {"timeout": math.inf}, {"timeout": 0},
                                      {"timeout": 1, "backoff": math.nan}, {"timeout": 1, "max_backoff": math.inf},
                                      {"timeout": 1, "retries": -1}])
def test_the_client_refuses_settings_it_cannot_honour(settings: dict):
    with pytest.raises(ValueError):
        HttpClient(**settings)
