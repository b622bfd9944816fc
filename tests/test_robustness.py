"""Hostile and broken input: each case gets one readable line, a documented exit code, no traceback,
and loses nothing. Numbers refer to the cases in the project's robustness catalogue (groups A-J)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from processes import interruptible

from spacekg.cli import cli
from spacekg.errors import ExitCode, InputError
from spacekg.formats.canonical import canonical_blank_nodes, nquads
from spacekg.formats.export import ExportFormat, export
from spacekg.sources.files import read_text
from spacekg.sources.loader import parse_file
from spacekg.sources.project import Project

GRAPH = "https://w3id.org/spacekg/graph/test"


def parse(tmp_path: Path, text: str | bytes, suffix: str = ".ttl") -> ox.Store:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    store = ox.Store()
    store.extend(parse_file(path, graph=GRAPH if suffix == ".ttl" else None))
    return store


def run(project: Project, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args, "--as-of", "2026-11-21"]
                              if args and args[0] in ("query", "sparql", "export") else
                              ["--root", str(project.root), *args], input=input)


def assert_clean_error(result, code: ExitCode, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("Error: ")
    for fragment in fragments:
        assert fragment in result.stderr


# --- A. Bad input files ---


def test_a01_missing_query_file_is_an_input_error(project: Project, tmp_path: Path):
    assert_clean_error(run(project, "sparql", "--file", str(tmp_path / "nope.rq")), ExitCode.INPUT,
                       "nope.rq: file not found")


def test_a03_device_is_refused_before_reading():
    with pytest.raises(InputError, match="not a regular file"):
        read_text(Path("/dev/zero"))


def test_a04_oversized_file_is_refused_without_reading_it(tmp_path: Path):
    big = tmp_path / "big.ttl"
    with big.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: no real disk or memory used
    with pytest.raises(InputError, match="over the 268435456-byte limit"):
        read_text(big)


def test_a06_empty_and_comment_only_files_load_nothing(tmp_path: Path):
    assert len(parse(tmp_path, "")) == 0
    assert len(parse(tmp_path, "# nothing here\n# at all\n")) == 0


def test_a07_bom_and_crlf_are_accepted(tmp_path: Path):
    assert len(parse(tmp_path, b"\xef\xbb\xbf<http://x/a> <http://x/b> <http://x/c> .\r\n")) == 1


def test_a09_utf16_file_is_an_encoding_error(tmp_path: Path):
    with pytest.raises(InputError, match="not UTF-8"):
        parse(tmp_path, "<http://x/a> <http://x/b> \"c\" .\n".encode("utf-16"))


def test_a10_content_that_does_not_match_the_extension(tmp_path: Path):
    with pytest.raises(InputError, match=r"input\.ttl:1:\d+: bad syntax"):
        parse(tmp_path, '{"@id": "http://x/a", "http://x/b": "c"}')


def test_a12_undefined_prefix_is_named_with_its_line(tmp_path: Path):
    with pytest.raises(InputError, match=r"input\.ttl:2:\d+: .*ex"):
        parse(tmp_path, "# first line\nex:a ex:b ex:c .\n")


@pytest.mark.parametrize("text", ["@", "?:=", '<a> <b> "X"@0 .', "_:d'\"x);", "<http://x/a> <http://x/b> [",
                                  "@prefix : <http://x/> . :a :b ( :c", '"unterminated'])
def test_a13_fuzzer_crash_corpus_gives_input_errors(tmp_path: Path, text: str):
    with pytest.raises(InputError):
        parse(tmp_path, text)


@pytest.mark.parametrize("text", ["<http://ex/a b> <http://x/p> <http://x/o> .", "<http://ex/a>b> <http://x/p> <http://x/o> ."])
def test_a14_invalid_iris_that_rdflib_accepts_are_rejected(tmp_path: Path, text: str):
    with pytest.raises(InputError, match=r"input\.ttl:1:\d+"):
        parse(tmp_path, text)


@pytest.mark.parametrize("text", ['"x" <http://x/p> <http://x/o> .', "@prefix : <http://x/> . true :p :o .",
                                  "@prefix : <http://x/> . :s _:b :o ."])
def test_a15_structural_negatives_that_rdflib_accepts_are_rejected(tmp_path: Path, text: str):
    with pytest.raises(InputError):
        parse(tmp_path, text)


@pytest.mark.parametrize("tag", ["0", "en-", "-en"])
def test_a17_bad_language_tags_are_syntax_errors(tmp_path: Path, tag: str):
    with pytest.raises(InputError, match="bad syntax"):
        parse(tmp_path, f'<http://x/a> <http://x/b> "x"@{tag} .')


@pytest.mark.slow
def test_a18_lexical_forms_survive_build_and_export(scratch_project: Project):
    (scratch_project.data_dir / "numbers.ttl").write_text(
        '<http://x/s> <http://x/n> "01"^^<http://www.w3.org/2001/XMLSchema#integer> , '
        '"1e0"^^<http://www.w3.org/2001/XMLSchema#double> , +7 , 2.50 .\n')
    out = run(scratch_project, "export", "-f", "ntriples").stdout
    for lexical in ('"01"^^', '"1e0"^^', '"+7"^^', '"2.50"^^'):
        assert lexical in out


def test_a19_deep_nesting_is_an_input_error_not_a_crash(tmp_path: Path):
    deep = "@prefix : <http://x/> . :s :p " + "[ :p " * 5000 + ":o" + " ]" * 5000 + " ."
    try:
        parse(tmp_path, deep)
    except InputError as exc:
        assert "input.ttl" in str(exc)


@pytest.mark.slow
def test_a20_long_flat_list_loads_and_exports(tmp_path: Path):
    items = " ".join(str(i) for i in range(10_000))
    store = parse(tmp_path, f"<http://x/s> <http://x/list> ( {items} ) .\n")
    data = nquads(canonical_blank_nodes(list(store)))
    for fmt in ExportFormat:
        assert export(data, fmt)
    assert export(data, ExportFormat.NTRIPLES).count(b"22-rdf-syntax-ns#first") == 10_000


def test_a21_duplicate_triples_across_files_are_counted_once_per_graph(tmp_path: Path):
    triple = "<http://x/a> <http://x/b> <http://x/c> .\n"
    assert len(parse(tmp_path, triple * 3)) == 1


def test_a27_control_characters_in_literals_are_kept_exactly(tmp_path: Path):
    store = parse(tmp_path, '<http://x/a> <http://x/b> "a\\u0000b\\u0008\\u000c" .')
    (quad,) = store
    assert quad.object.value == "a\x00b\x08\x0c"


# --- B. Stored queries ---


def test_b28_syntax_error_in_a_stored_query_names_query_line_and_column(scratch_project: Project):
    (scratch_project.queries_dir / "broken.rq").write_text("#+ title: broken\nSELECT * WHERE { ?s ?p \n")
    result = run(scratch_project, "query", "broken")
    assert_clean_error(result, ExitCode.QUERY, "broken: malformed query: line 2, column 16: '{' is never closed")


@pytest.mark.parametrize("update", ["INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
                                    "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "LOAD <file:///etc/passwd>"])
def test_b29_updates_are_refused_by_read_only_commands(project: Project, update: str):
    result = run(project, "sparql", update)
    assert result.exit_code == ExitCode.QUERY
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE { ?s nope:p ?o }", "line 1, column 21: unknown prefix 'nope:'"),
    ("SELECT * WHERE {\n  ?s skg:p ?o .\n  ?o nope:q ?x }", "line 3, column 6: unknown prefix 'nope:'"),
])
def test_b30_undeclared_prefix_is_named_with_its_line_and_column(project: Project, text: str, message: str):
    assert_clean_error(run(project, "sparql", text), ExitCode.QUERY, message)


@pytest.mark.parametrize("iri", ["<http://a b>", "<http://a\tb>", "<urn:x y>"])
def test_an_iri_cut_by_a_space_is_no_unknown_prefix(project: Project, iri: str):
    result = run(project, "sparql", f"SELECT ?x {{ BIND({iri} AS ?x) }}")
    assert result.exit_code == ExitCode.QUERY and "unknown prefix" not in result.stderr


def test_b31_parameters_cannot_inject_sparql(project: Project):
    hostile = 'x> } . ?s ?p ?o . FILTER("'
    assert_clean_error(run(project, "query", "who-is", "-p", f"person={hostile}"), ExitCode.QUERY,
                       "is not a valid iri")


def test_b31_string_parameters_are_bound_as_literals(scratch_project: Project):
    (scratch_project.queries_dir / "echo.rq").write_text(
        '#+ title: echo\n#+ param: text string none -- a text\nSELECT ?text WHERE { }\n')
    hostile = '" } ; DROP ALL ; SELECT * { "'
    result = run(scratch_project, "query", "echo", "-p", f"text={hostile}", "-f", "json")
    assert result.exit_code == 0
    assert hostile in result.stdout.replace('\\"', '"')


def test_b32_empty_result_prints_the_header_and_exits_0(project: Project):
    result = run(project, "sparql", "SELECT ?s WHERE { ?s a <http://x/Nothing> }", "-f", "csv")
    assert (result.exit_code, result.stdout.strip()) == (0, "s")


def test_b33_failing_query_keeps_an_existing_output_file(project: Project, tmp_path: Path):
    out = tmp_path / "results.csv"
    out.write_text("precious\n")
    result = run(project, "sparql", "SELECT * WHERE { ?s ?p }", "-o", str(out))
    assert result.exit_code == ExitCode.QUERY
    assert out.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]


# --- C. Hostile queries and limits ---


@pytest.mark.parametrize("text", ["SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                                  "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
                                  "SELECT * WHERE { SERVICE ?svc { ?s ?p ?o } }",
                                  "select * where { service <http://127.0.0.1:9/> { ?s ?p ?o } }"])
def test_c34_service_in_every_form_is_refused(project: Project, text: str):
    assert_clean_error(run(project, "sparql", text), ExitCode.QUERY, "SERVICE is not allowed")


@pytest.mark.parametrize("text", ["SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
                                  "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }"])
def test_c35_from_and_from_named_are_refused(project: Project, text: str):
    assert_clean_error(run(project, "sparql", text), ExitCode.QUERY, "line 1: FROM", "is not allowed")


def test_c37_cartesian_product_is_stopped_at_the_time_limit(project: Project):
    started = time.perf_counter()
    result = run(project, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                 "--timeout", "1")
    assert_clean_error(result, ExitCode.LIMIT, "1 s time limit")
    assert time.perf_counter() - started < 10


def test_c38_memory_blow_up_is_stopped_at_the_cap(project: Project):
    result = run(project, "sparql", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
                 "--memory-mb", "300", "--timeout", "60")
    assert_clean_error(result, ExitCode.LIMIT, "memory")


def test_c39_catastrophic_regex_finishes_quickly(project: Project):
    started = time.perf_counter()
    result = run(project, "sparql", 'ASK { BIND("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" AS ?s) FILTER(REGEX(?s, "^(a+)+$")) }',
                 "--timeout", "10")
    assert result.stdout == "false\n"
    assert time.perf_counter() - started < 10


@pytest.mark.slow
def test_c40_recursive_path_over_a_long_chain(scratch_project: Project):
    chain = "".join(f"<http://x/n{i}> <http://x/next> <http://x/n{i + 1}> .\n" for i in range(2000))
    (scratch_project.data_dir / "chain.ttl").write_text(chain)
    result = run(scratch_project, "sparql", "SELECT (COUNT(?o) AS ?n) WHERE { <http://x/n0> <http://x/next>* ?o }",
                 "-f", "csv")
    assert result.stdout.splitlines()[1] == "2001"


def test_c41_deeply_nested_filter_is_handled(project: Project):
    text = "ASK { FILTER (" + "(" * 500 + "true" + ")" * 500 + ") }"
    result = run(project, "sparql", text, "--timeout", "20")
    assert result.exit_code == 0 and result.stdout.split() == ["true"], result.output


def test_c42_oversized_query_text_is_a_limit_error(project: Project):
    text = "SELECT * WHERE { VALUES ?x { " + '"x" ' * 20_000 + "} }"
    assert_clean_error(run(project, "sparql", text), ExitCode.LIMIT, "bytes, over the 65536-byte limit")


def test_c44_huge_literal_works(project: Project):
    text = 'SELECT (STRLEN(?x) AS ?n) WHERE { BIND("' + "x" * 1_000_000 + '" AS ?x) }'
    result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "-f", "csv", "--as-of", "2026-11-21"],
                                input=text)
    assert result.exit_code in (0, ExitCode.LIMIT)


def test_c45_unknown_extension_functions_are_errors(project: Project):
    result = run(project, "sparql", "SELECT (<http://example.org/fn>(1) AS ?y) WHERE { }")
    assert result.exit_code in (0, ExitCode.QUERY)
    assert "Traceback" not in result.output


def test_row_cap_truncates_explicitly(project: Project):
    result = run(project, "sparql", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "3", "-f", "csv")
    assert result.exit_code == ExitCode.LIMIT
    assert len(result.stdout.splitlines()) == 4
    assert "cut at 3 rows" in result.stderr


# --- E. Export, writes and cache integrity ---


@pytest.mark.slow
def test_e67_killed_export_leaves_the_previous_file_intact(project: Project, tmp_path: Path):
    out = tmp_path / "kg.nq"
    subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "export", "-f", "nquads",
                    "-o", str(out)], check=True, capture_output=True)
    good = out.read_bytes()
    for delay in (0.05, 0.1, 0.2, 0.3):
        child = subprocess.Popen([sys.executable, "-m", "spacekg", "--root", str(project.root), "export", "-f",
                                  "trig", "-o", str(out)], stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert out.read_bytes() in (good, out.read_bytes()) and len(out.read_bytes()) > 1000
        assert out.read_bytes() == good or out.read_bytes().startswith(b"@prefix")


_SLOW_WRITER = """
import os, sys, time
from pathlib import Path
from spacekg.sources.files import write_atomic

def slow_fsync(fd):  # the bytes are in the temporary file; the writer is stopped here
    print("writing", flush=True)
    time.sleep(30)

os.fsync = slow_fsync
write_atomic(Path(sys.argv[1]), b"new " * 100_000)
"""


def _default_signals() -> None:
    """As a shell starts a command: a runner started with nohup would have the child ignore SIGHUP."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_e68_a_write_ended_by_a_signal_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, sig: signal.Signals):
    out = tmp_path / "kg.ttl"
    out.write_text("old\n")
    child = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(out)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
                             preexec_fn=_default_signals)
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    assert len(list(tmp_path.iterdir())) == 2  # the temporary file is there
    child.send_signal(sig)
    assert child.wait(timeout=20) == -sig  # ended by the signal, as it would have been
    assert out.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


_SIGNALLED_AS_HANDLERS_RETURN = """
import os, signal, sys
from pathlib import Path
from spacekg.sources.files import write_atomic

sent, moment = signal.Signals[sys.argv[2]], sys.argv[3]
real_signal, real_mask = signal.signal, signal.pthread_sigmask

def put_back(number, handler):  # the signal arrives as the write's handlers are put back
    old = real_signal(number, handler)
    if moment == f"as {signal.Signals(number).name} is put back" and handler == signal.SIG_DFL:
        os.kill(os.getpid(), sent)
    return old

def mask(how, signals):  # the signal arrives as the write ends, before it is blocked
    if how == signal.SIG_BLOCK:
        os.kill(os.getpid(), sent)
    return real_mask(how, signals)

signal.signal = put_back
if moment == "as the write ends":
    signal.pthread_sigmask = mask
write_atomic(Path(sys.argv[1]), b"new\\n")
print("not ended", flush=True)
"""


@pytest.mark.parametrize("moment", ["as the write ends", "as SIGTERM is put back", "as SIGHUP is put back"])
@pytest.mark.parametrize("sent", ["SIGTERM", "SIGHUP"])
def test_e68_a_signal_as_a_write_ends_ends_the_process_by_that_signal(tmp_path: Path, sent: str, moment: str):
    out = tmp_path / "kg.ttl"
    out.write_text("old\n")
    child = subprocess.run([sys.executable, "-c", _SIGNALLED_AS_HANDLERS_RETURN, str(out), sent, moment],
                           capture_output=True, text=True, preexec_fn=_default_signals, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")})
    # Not a traceback and status 1, nor a signal lost: the process ends as the signal's default action ends it.
    assert child.returncode == -signal.Signals[sent], child.stderr
    assert "Traceback" not in child.stderr and child.stdout == ""
    assert out.read_text() == "new\n" and [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


@pytest.mark.parametrize("target", ["dir", "readonly/out.ttl"])
def test_e69_bad_output_targets_are_input_errors(project: Project, tmp_path: Path, target: str):
    (tmp_path / "dir").mkdir()
    (tmp_path / "readonly").mkdir()
    os.chmod(tmp_path / "readonly", 0o500)
    try:
        result = run(project, "export", "-o", str(tmp_path / target))
        if os.geteuid() == 0 and target.startswith("readonly"):
            pytest.skip("root can write into a read-only directory")
        if target == "dir":
            assert_clean_error(result, ExitCode.INPUT, "is a directory; give a file name to write to")
        else:
            assert_clean_error(result, ExitCode.INPUT, "readonly")
    finally:
        os.chmod(tmp_path / "readonly", 0o700)


# --- F. Concurrency ---


@pytest.mark.slow
def test_f76_two_builds_at_once_leave_a_valid_cache(scratch_project: Project):
    command = [sys.executable, "-m", "spacekg", "--root", str(scratch_project.root), "build", "--force",
               "--as-of", "2026-11-21"]
    children = [subprocess.Popen(command, stderr=subprocess.DEVNULL) for _ in range(2)]
    assert [c.wait() for c in children] == [0, 0]
    result = run(scratch_project, "query", "ordinals", "-f", "csv")
    assert result.exit_code == 0 and "china" in result.stdout


@pytest.mark.slow
def test_f77_readers_never_see_a_partial_export(project: Project, tmp_path: Path):
    out = tmp_path / "kg.nq"
    subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "export", "-f", "nquads",
                    "-o", str(out), "--as-of", "2026-11-21"], check=True, capture_output=True)
    failures: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                list(ox.parse(out.read_bytes(), format=ox.RdfFormat.N_QUADS))
            except SyntaxError as exc:
                failures.append(str(exc))

    thread = threading.Thread(target=reader)
    thread.start()
    for _ in range(5):
        subprocess.run([sys.executable, "-m", "spacekg", "--root", str(project.root), "export", "-f", "nquads",
                        "-o", str(out), "--as-of", "2026-11-21"], check=True, capture_output=True)
    stop.set()
    thread.join()
    assert failures == []


# --- G and H. Reasoning and shapes ---


def test_g83_inconsistent_data_exits_6_naming_the_individual(scratch_project: Project):
    (scratch_project.data_dir / "bad.ttl").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n"
        "d:plan-white-paper-2016-mars a skg:Event .\n")
    assert_clean_error(run(scratch_project, "build"), ExitCode.FINDINGS, "plan-white-paper-2016-mars", "graphs")


@pytest.mark.slow
def test_h86_malformed_shapes_file_is_reported(scratch_project: Project):
    (scratch_project.ontology_dir / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:x sh:y .\n")
    assert_clean_error(run(scratch_project, "check"), ExitCode.INPUT, "shapes.ttl:2:")


# --- J. CLI hygiene ---


def test_j95_help_needs_no_data(tmp_path: Path):
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "--help"])
    assert result.exit_code == 0 and "Commands:" in result.stdout
    assert CliRunner().invoke(cli, ["--nope"]).exit_code == ExitCode.USAGE


def test_j96_interrupt_kills_the_worker_and_exits_130(project: Project):
    child = subprocess.Popen([sys.executable, "-m", "spacekg", "--root", str(project.root), "sparql",
                              "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                              "--as-of", "2026-11-21"], stderr=subprocess.PIPE, start_new_session=True,
                             preexec_fn=interruptible)
    time.sleep(2)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=20)
    assert child.returncode == ExitCode.INTERRUPTED
    assert b"Traceback" not in err
    leftover = subprocess.run(["pgrep", "-s", str(child.pid)], capture_output=True, text=True).stdout.split()
    assert leftover == []


def test_j97_closed_pipe_gives_no_traceback(project: Project):
    command = f"{sys.executable} -m spacekg --root {project.root} query claim-verdicts --as-of 2026-11-21 | head -1"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert done.stdout.startswith("article")
    assert "Traceback" not in done.stderr


def test_j98_modules_planted_in_the_working_directory_are_not_imported(project: Project, tmp_path: Path):
    for name in ("rdflib", "owlrl", "click", "pyoxigraph"):
        (tmp_path / f"{name}.py").write_text("raise SystemExit('planted module imported')\n")
    done = subprocess.run(["spacekg", "--root", str(project.root), "query", "next-missions", "--as-of", "2026-11-21"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Chang'e 5" in done.stdout


@pytest.mark.parametrize("module", ["cli", "click", "pyoxigraph"])
def test_ctrl_c_while_the_command_line_imports_ends_it_as_the_signal_does_without_a_traceback(module: str):
    # The interrupt is sent from inside the import of ``module``, the moment a person's Ctrl-C
    # lands while the command starts.
    code = ("import builtins, os, signal, sys\n"
            "real = builtins.__import__\n"
            "def interrupting(name, *args, **kwargs):\n"
            f"    if name == {module!r}:\n"
            "        os.kill(os.getpid(), signal.SIGINT)\n"
            "    return real(name, *args, **kwargs)\n"
            "builtins.__import__ = interrupting\n"
            "sys.argv = ['spacekg', '--version']\n"
            "from spacekg.__main__ import main\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGINT, done.stderr
    assert done.stderr == ""


def test_an_ignored_interrupt_stays_ignored_while_the_command_line_imports():
    code = ("import signal, sys\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "sys.argv = ['spacekg', '--version']\nfrom spacekg.__main__ import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('still ignored:', signal.getsignal(signal.SIGINT) is signal.SIG_IGN)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == "still ignored: True", done.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
@pytest.mark.parametrize("query", [
    "SELECT ?t WHERE { BIND(<<( d:a d:b d:c )>> AS ?t) }",
    "SELECT ?x ?t WHERE { BIND(1 AS ?x) BIND(TRIPLE(d:a, d:b, d:c) AS ?t) }",
    "SELECT ?t WHERE { VALUES ?t { <<( d:a d:b 1 )>> } }",
])
def test_a_triple_term_a_query_makes_is_a_query_error_in_every_format(project: Project, fmt: str, query: str):
    assert_clean_error(run(project, "sparql", "-f", fmt, query), ExitCode.QUERY, "holds an RDF 1.2 triple term")


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml"])
def test_a_triple_term_a_construct_makes_is_a_query_error(project: Project, fmt: str):
    result = run(project, "sparql", "-f", fmt, "CONSTRUCT { d:a d:b <<( d:a d:b d:c )>> } WHERE {}")
    assert_clean_error(result, ExitCode.QUERY, "a triple holds an RDF 1.2 triple term")
