"""Every limit holds without the work's cooperation: a worker dies with its parent, stops at its
own deadline, never opens an internet socket it was not allowed, and a crash is named a crash.
The build's every stage, the derivation rules included, runs under the documented limits."""

from __future__ import annotations

import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from deep_queries import COUNTRIES, DEEP, expected
from processes import interruptible
from replay import Canary

from spacekg.cli import cli
from spacekg.errors import ExitCode, LimitError, QueryError, RemoteError, WorkerFailure
from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.limits import GRACE_SECONDS, Unconfirmed, check_limits, import_beside, in_two, run_limited

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
AS_OF = ("--as-of", "2026-11-21")
linux = pytest.mark.skipif(platform.system() != "Linux", reason="needs Linux (prctl, /proc)")


def _spacekg(project: Project, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "spacekg", "--root", str(project.root), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=interruptible, **kwargs)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _worker_of(pid: int, within: float = 60) -> int:
    started = time.monotonic()
    while time.monotonic() - started < within:
        children = _children(pid)
        if children:
            return children[0]
        time.sleep(0.05)
    raise AssertionError(f"process {pid} started no worker within {within} s")


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _ends(pid: int, within: float) -> bool:
    started = time.monotonic()
    while time.monotonic() - started < within:
        if not _running(pid):
            return True
        time.sleep(0.05)
    return False


@linux
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT], ids=["SIGTERM", "SIGKILL", "SIGINT"])
def test_a_query_worker_dies_with_its_parent(project: Project, how: signal.Signals):
    parent = _spacekg(project, "sparql", CARTESIAN, "--timeout", "600", *AS_OF)
    worker = _worker_of(parent.pid)
    try:
        parent.send_signal(how)
        parent.wait(timeout=20)
        assert _ends(worker, within=10), "the worker outlived its parent"
    finally:
        if _running(worker):
            os.kill(worker, signal.SIGKILL)


@pytest.mark.slow
@linux
def test_a_worker_stops_at_its_own_deadline_when_its_parent_cannot_stop_it(project: Project):
    parent = _spacekg(project, "sparql", CARTESIAN, "--timeout", "1", *AS_OF)
    worker = _worker_of(parent.pid)
    os.kill(parent.pid, signal.SIGSTOP)  # the parent can no longer kill anything
    try:
        assert _ends(worker, within=1 + GRACE_SECONDS + 10), "the worker ran past its own deadline"
    finally:
        os.kill(parent.pid, signal.SIGCONT)
        parent.wait(timeout=20)
    assert parent.returncode == ExitCode.LIMIT


def _session(sid: int) -> list[int]:
    return [pid for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if _running(pid) and _sid(pid) == sid]


def _sid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[4])
    except (OSError, ValueError, IndexError):
        return None


@linux
def test_a_build_leaves_no_process_behind_when_it_is_killed(scratch_project: Project):
    (scratch_project.ontology_dir / "rules" / "99-endless.rq").write_text(_ENDLESS_RULE)
    shutil.rmtree(scratch_project.cache_dir / "closures")  # so that the reasoning helper runs too
    parent = _spacekg(scratch_project, "build", "--force", "--timeout", "600", *AS_OF)
    _worker_of(parent.pid)
    time.sleep(1.5)  # into the reasoning workers
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=20)
    started = time.monotonic()
    while _session(parent.pid) and time.monotonic() - started < 10:
        time.sleep(0.05)
    left = _session(parent.pid)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


_ENDLESS_RULE = """#+ title: a rule that never ends
CONSTRUCT { <http://x/s> <http://x/p> ?n }
WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } } }
"""


@pytest.mark.slow
@pytest.mark.parametrize("command", [["build", "--force"], ["query", "ordinals"]], ids=["build", "query"])
def test_a_slow_derivation_rule_stops_at_the_time_limit(scratch_project: Project, command: list[str]):
    (scratch_project.ontology_dir / "rules" / "99-endless.rq").write_text(_ENDLESS_RULE)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "spacekg", "--root", str(scratch_project.root), *command,
                           "--timeout", "3", *AS_OF], capture_output=True, text=True, timeout=120)
    assert done.returncode == ExitCode.LIMIT, done.stderr
    assert "3 s time limit" in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - started < 3 + 30


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_a_deeply_nested_query_is_answered_by_the_command_line(project: Project, shape: str):
    def first_value(query: str) -> str:
        result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "-f", "csv", query, *AS_OF])
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()[-1]

    assert first_value(DEEP[shape]) == expected(shape, int(first_value(COUNTRIES)))


def test_a_query_that_overflows_the_stack_a_small_memory_cap_leaves_is_reported_as_a_crash(project: Project):
    # A fresh process: the cap counts from the address space the worker starts with, which a test
    # process that has run others has grown and may give back.
    done = subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "sparql", "--memory-mb", "200",
                           DEEP["groups"], *AS_OF], capture_output=True, text=True, timeout=120)
    assert done.returncode == ExitCode.QUERY, done.stderr
    assert "crashed (SIGSEGV)" in done.stderr and "a larger --memory-mb gives it a deeper stack" in done.stderr
    assert "ran out of memory" not in done.stderr


_BAD_NUMBERS = [("--timeout", "inf"), ("--timeout", "nan"), ("--timeout", "-inf"), ("--timeout", "1e20"),
                ("--timeout", "0"), ("--timeout", "-1"), ("--timeout", "soon"), ("--memory-mb", "99999999999"),
                ("--memory-mb", "10"), ("--memory-mb", "1e3")]
_BAD_ROWS = [("--max-rows", "1e20"), ("--max-rows", "100000000000000000000"), ("--max-rows", "-1")]


@pytest.mark.parametrize("command,option,value", [(["sparql", "ASK {}"], o, v) for o, v in _BAD_NUMBERS + _BAD_ROWS]
                         + [(["build"], o, v) for o, v in _BAD_NUMBERS])
def test_numeric_options_outside_what_a_worker_can_enforce_are_usage_errors(project: Project, command: list[str],
                                                                            option: str, value: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), *command, option, value])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("timeout,memory", [(float("inf"), 64), (float("nan"), 64), (0.01, 64), (1.0, 10), (1.0, 2**40)])
def test_the_library_refuses_limits_it_cannot_enforce(timeout: float, memory: int):
    with pytest.raises(ValueError):
        check_limits(timeout, memory)


def _hard_address_space(limit: int):  # noqa: ANN202 (a preexec_fn)
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


@linux
@pytest.mark.parametrize("memory", [[], ["--memory-mb", "8192"]], ids=["default", "above the hard limit"])
def test_an_inherited_hard_memory_limit_is_respected(project: Project, memory: list[str]):
    done = subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "query", "ordinals", "-f", "csv",
                           *memory, *AS_OF], capture_output=True, text=True, timeout=120,
                          preexec_fn=_hard_address_space(1536 * 1024 * 1024))
    assert done.returncode == 0, done.stderr
    assert "/china," in done.stdout


@pytest.mark.slow
@linux
def test_running_out_of_an_inherited_hard_limit_names_it(project: Project):
    blow_up = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    done = subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "sparql", blow_up, *AS_OF],
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=_hard_address_space(1536 * 1024 * 1024))
    assert done.returncode == ExitCode.LIMIT, done.stderr
    assert "inherited address-space limit of 1536 MiB (ulimit -v)" in done.stderr


network_filter = pytest.mark.skipif(
    platform.system() != "Linux" or platform.machine() not in ("x86_64", "aarch64"),
    reason="the seccomp network filter is for Linux on x86-64 and AArch64")


@network_filter
def test_a_query_worker_cannot_open_an_internet_socket_even_if_a_service_slipped_through(kg: KnowledgeGraph,
                                                                                       canary: Canary):
    text = f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"

    def federated() -> object:
        return kg.query(text, allow_service=True)  # as if the check had let it through

    with pytest.raises(RemoteError, match="a SERVICE endpoint failed: Permission denied"):
        run_limited(federated, timeout=30, memory_mb=1024, what="query", crash=QueryError)
    assert canary.connections == 0
    with pytest.raises(RemoteError):  # allowed the network, the same worker reaches the canary
        run_limited(federated, timeout=30, memory_mb=1024, what="query", crash=QueryError, network=True)
    assert canary.connections >= 1


@network_filter
def test_a_worker_imports_beside_its_work_under_the_same_network_filter():
    def wait_for_the_probe() -> tuple[bool, float]:
        import_beside(("beside_probe",))
        started = time.monotonic()
        while not hasattr(sys.modules.get("beside_probe"), "OPENED") or sys.getswitchinterval() != interval:
            assert time.monotonic() - started < 20, "the probe was never preloaded"
            time.sleep(0.01)
        return sys.modules["beside_probe"].OPENED, sys.getswitchinterval()

    interval = sys.getswitchinterval()
    opened, after = run_limited(wait_for_the_probe, timeout=30, memory_mb=1024, what="query")
    assert not opened, "the importing thread could open an internet socket"
    assert after == interval
    assert "beside_probe" not in sys.modules


def test_progress_reaches_the_parent_while_the_work_runs():
    seen: list[str] = []

    def work(progress) -> int:  # noqa: ANN001
        progress("first")
        progress("second")
        return 7

    assert run_limited(work, timeout=30, memory_mb=None, what="work", progress=seen.append) == 7
    assert seen == ["first", "second"]


def test_a_deadline_already_used_up_is_a_limit_error():
    with pytest.raises(LimitError, match="time limit is used up"):
        run_limited(lambda: 1, timeout=5, deadline=time.monotonic(), memory_mb=None, what="query")



@linux
def test_work_begun_on_a_guess_the_check_disproves_is_killed():
    def slow() -> int:
        time.sleep(600)
        return 1

    checked: list[int] = []

    def disprove() -> bool:
        checked.extend(_children(os.getpid()))  # the worker is already running
        return False

    with pytest.raises(Unconfirmed):
        run_limited(slow, timeout=600, memory_mb=None, what="query", confirm=disprove)
    assert len(checked) == 1
    assert not _running(checked[0]) and checked[0] not in _children(os.getpid())
    assert run_limited(lambda: 2, timeout=30, memory_mb=None, what="query", confirm=lambda: True) == 2


@pytest.mark.slow
def test_a_query_after_an_input_changed_answers_from_the_new_inputs(scratch_project: Project):
    """The query's worker starts on the build the stats record names; the stats then show the
    edit, and the answer comes from a new build."""
    runner = CliRunner()
    query = ["--root", str(scratch_project.root), "sparql", *AS_OF, "-f", "csv",
             'SELECT ?l WHERE { d:china skos:altLabel ?l } ORDER BY ?l']
    before = runner.invoke(cli, query)
    assert before.exit_code == 0, before.output
    assert "Zhongguo" not in before.stdout
    entities = scratch_project.data_dir / "entities.ttl"
    entities.write_text(entities.read_text() + '\nd:china skos:altLabel "Zhongguo"@en .\n')
    after = runner.invoke(cli, query)
    assert after.exit_code == 0, after.output
    assert "Zhongguo" in after.stdout


def _fails(exc: Exception):
    def call() -> None:
        raise exc
    return call


@pytest.mark.parametrize("exc", [ValueError("bad value"), KeyError("k"), RuntimeError("two\nlines")],
                         ids=lambda e: type(e).__name__)
def test_a_bug_in_a_worker_or_a_reasoning_helper_reaches_the_parent_with_its_kind_and_traceback(exc: Exception):
    with pytest.raises(WorkerFailure) as failed:
        in_two(lambda: 1, _fails(exc))
    assert str(failed.value).startswith(f"a reasoning helper failed: {type(exc).__name__}: ")
    assert "Traceback" in failed.value.details and str(exc) in failed.value.details
    with pytest.raises(WorkerFailure) as failed:
        run_limited(_fails(exc), timeout=60, memory_mb=None, what="work")
    assert str(failed.value).startswith(f"work failed in its worker process: {type(exc).__name__}: ")
    assert "Traceback" in failed.value.details


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_from_outside_is_a_limit_error_that_names_every_killer():
    with pytest.raises(LimitError, match=r"work was killed \(SIGKILL\): by its CPU time limit, by the system when "
                                         r"short of memory, or by another process"):
        run_limited(_killed, timeout=60, memory_mb=None, what="work")
