"""Outputs are what they claim: never written over the project's own inputs, through FIFOs and
devices rather than in their place, with the file modes a user expects; standard streams that
are closed, full or not UTF-8 are clear errors; each format either holds the answer or says why
it cannot; parameters are checked against their XSD lexical space."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
import xml.dom.minidom
import xml.parsers.expat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.formats.kinds import ALIASES, ExportFormat, ResultFormat, format_named
from spacekg.sources.project import Project

AS_OF = ("--as-of", "2026-11-21")
SPACEKG = [sys.executable, "-m", "spacekg"]


def _cli(project: Project, *args: str, input: str | bytes | None = None):  # noqa: A002
    return CliRunner().invoke(cli, ["--root", str(project.root), *args], input=input)


def _shell(project: Project, command: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    spacekg = " ".join([*SPACEKG, "--root", str(project.root)])
    return subprocess.run(["bash", "-c", command.replace("spacekg", spacekg, 1)], capture_output=True, timeout=120,
                          **kwargs)


# --- Where outputs may go ---


@pytest.mark.parametrize("target", ["data/entities.ttl", "ontology/spacekg.ttl", "queries/ordinals.rq",
                                    "data/new-input.ttl", "data/facts/a000.trig", ".spacekg/cache/other.nq"])
def test_export_refuses_to_write_over_or_beside_the_projects_inputs(scratch_project: Project, target: str):
    path = scratch_project.root / target
    before = path.read_bytes() if path.exists() else None
    result = _cli(scratch_project, "export", "-o", str(path), *AS_OF)
    assert result.exit_code == ExitCode.INPUT, result.output
    assert "which spacekg reads as input" in result.stderr
    assert (path.read_bytes() if path.exists() else None) == before


@pytest.mark.parametrize("target", ["data/requests.ttl", "queries/x.rq", "ontology/log.jsonl",
                                    ".spacekg/cache/log.jsonl", "data/entities.ttl"])
def test_the_servers_request_log_is_refused_beside_the_projects_inputs(scratch_project: Project, target: str):
    path = scratch_project.root / target
    before = path.read_bytes() if path.exists() else None
    result = _cli(scratch_project, "serve", "--port", "0", "--log", str(path))
    assert result.exit_code == ExitCode.INPUT, result.output
    assert "which spacekg reads as input" in result.stderr
    assert (path.read_bytes() if path.exists() else None) == before


@pytest.mark.parametrize("points_to", ["project input", "file elsewhere", "missing file"])
def test_a_symbolic_link_to_a_file_is_refused_and_its_target_untouched(scratch_project: Project, tmp_path: Path,
                                                                       points_to: str):
    target = {"project input": scratch_project.data_dir / "entities.ttl", "file elsewhere": tmp_path / "passwd",
              "missing file": tmp_path / "new.ttl"}[points_to]
    if points_to == "file elsewhere":
        target.write_text("root:x:0:0\n")
    before = target.read_bytes() if target.exists() else None
    link = tmp_path / "out.ttl"
    link.symlink_to(target)
    result = _cli(scratch_project, "export", "-f", "turtle", "-o", str(link), *AS_OF)
    assert result.exit_code == ExitCode.INPUT, result.output
    assert (target.read_bytes() if target.exists() else None) == before and link.is_symlink()


def test_a_symbolic_link_to_a_device_is_written_through(project: Project, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "to-pipe"
    link.symlink_to(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _cli(project, "query", "ordinals", "-f", "csv", "-o", str(link), *AS_OF)
    reader.join(timeout=60)
    assert result.exit_code == 0 and received[0].startswith(b"achievement,") and link.is_symlink()


def test_a_fifo_is_written_through_and_stays_a_fifo(project: Project, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _cli(project, "query", "ordinals", "-f", "csv", "-o", str(fifo), *AS_OF)
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert received and received[0].startswith(b"achievement,")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_character_device_is_written_through(project: Project):
    if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        pytest.skip("this machine's /dev/null is not a character device")
    result = _cli(project, "export", "-f", "nquads", "-o", "/dev/null", *AS_OF)
    assert result.exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("output", ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/dev/./stdout"])
@pytest.mark.parametrize("redirect", ["| cat", "> {file}", ">> {file}"])
def test_the_commands_own_standard_output_is_written_where_the_shell_left_it(project: Project, tmp_path: Path,
                                                                              output: str, redirect: str):
    file = tmp_path / "answer.csv"
    file.write_text("kept\n")
    done = _shell(project, f"spacekg query ordinals -f csv -o {output} {' '.join(AS_OF)} "
                  + redirect.format(file=file))
    assert done.returncode == 0, done.stderr
    written = done.stdout if redirect == "| cat" else file.read_bytes()
    assert written.startswith(b"kept\nachievement," if redirect.startswith(">>") else b"achievement,")
    shown = output if output == "-" else os.path.normpath(output)
    assert f"wrote {len(written.split(b'kept', 1)[-1].lstrip())} bytes to {shown}".encode() in done.stderr


def test_a_process_substitution_is_written_through(project: Project, tmp_path: Path):
    done = _shell(project, f"spacekg query ordinals -f csv -o >(cat > {tmp_path / 'got'}) {' '.join(AS_OF)}; wait")
    assert done.returncode == 0, done.stderr
    for _ in range(100):
        if (tmp_path / "got").exists() and (tmp_path / "got").read_bytes().endswith(b"\n"):
            break
        threading.Event().wait(0.05)
    assert (tmp_path / "got").read_bytes().startswith(b"achievement,")


def test_a_full_device_is_a_clear_error(project: Project):
    result = _cli(project, "export", "-f", "nquads", "-o", "/dev/full", *AS_OF)
    assert result.exit_code == ExitCode.INPUT
    assert "No space left on device" in result.stderr


def test_a_killed_writers_temporary_file_is_removed_at_the_next_write_and_a_live_ones_kept(tmp_path: Path):
    from spacekg.sources.files import write_atomic

    target = tmp_path / "sources.ttl"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        orphan = tmp_path / f".sources.ttl.{gone.stdout.strip()}.k1ll3d.tmp"
        in_flight = tmp_path / f".sources.ttl.{alive.pid}.w0rk1n.tmp"
        others = [tmp_path / ".entities.ttl.1.x.tmp", tmp_path / ".sources.ttl.old"]
        for path in (orphan, in_flight, *others):
            path.write_bytes(b"part")
        write_atomic(target, b"whole\n")
        assert target.read_bytes() == b"whole\n"
        assert not orphan.exists() and in_flight.exists() and all(p.exists() for p in others)
    finally:
        alive.kill()
        alive.wait()


def test_an_existing_file_keeps_its_mode(project: Project, tmp_path: Path):
    out = tmp_path / "kg.ttl"
    out.write_text("old")
    out.chmod(0o640)
    assert _cli(project, "export", "-f", "turtle", "-o", str(out), *AS_OF).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text() != "old"


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_follows_the_umask(project: Project, tmp_path: Path, umask: int, mode: int):
    out = tmp_path / "kg.nq"
    subprocess.run([*SPACEKG, "--root", str(project.root), "export", "-f", "nquads", "-o", str(out), *AS_OF],
                   check=True, capture_output=True, timeout=120, preexec_fn=lambda: os.umask(umask))
    assert stat.S_IMODE(out.stat().st_mode) == mode


# --- Standard streams ---


@pytest.mark.parametrize("command", ["query ordinals", "export -f nquads", "queries", "sparql 'ASK {}'",
                                     "why d:change-4-landing a skg:LunarFarSideSoftLanding",
                                     pytest.param("check", marks=pytest.mark.slow)])
def test_a_closed_standard_output_is_an_error(project: Project, command: str):
    done = _shell(project, f"spacekg {command} --as-of 2026-11-21 >&-".replace(
        "queries --as-of 2026-11-21", "queries"))
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert b"standard output is closed" in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["query claim-verdicts", "export -f trig", "queries"])
def test_a_full_disk_on_standard_output_is_an_error(project: Project, command: str):
    done = _shell(project, f"spacekg {command} > /dev/full")
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert b"No space left on device" in done.stderr and b"Traceback" not in done.stderr


def test_a_closed_pipe_is_still_quiet(project: Project):
    done = _shell(project, "spacekg query claim-verdicts --as-of 2026-11-21 | head -c 10")
    assert done.stdout == b"article   " and b"Traceback" not in done.stderr and b"Exception" not in done.stderr


@pytest.mark.parametrize("target", ["-", "/dev/stdout", "/dev/fd/1"])
@pytest.mark.parametrize("shell,code,says", [
    ("spacekg export -f nquads -o {target} --as-of 2026-11-21 >&-", ExitCode.INPUT, b"standard output is closed"),
    ("spacekg export -f nquads -o {target} --as-of 2026-11-21 > /dev/full", ExitCode.INPUT, b"No space left"),
    ("spacekg export -f nquads -o {target} --as-of 2026-11-21 | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}",
     ExitCode.OK, b""),
])
def test_standard_output_named_as_an_output_is_standard_output(project: Project, target: str, shell: str,
                                                               code: ExitCode, says: bytes):
    """Closed, full, or left by its reader: told as when no -o is given, never written to the
    /dev/null that stands in for a closed descriptor."""
    done = _shell(project, shell.format(target=target))
    assert done.returncode == code, done.stderr
    assert says in done.stderr and b"Traceback" not in done.stderr and b"Exception" not in done.stderr
    assert (b"wrote " in done.stderr) == (code == ExitCode.OK and "head" not in shell)


def test_a_process_substitution_whose_reader_stops_is_quiet(project: Project):
    done = _shell(project, "spacekg export -f nquads --as-of 2026-11-21 -o >(head -c 1 >/dev/null); exit $?")
    assert done.returncode == 0 and b"Error" not in done.stderr and b"Traceback" not in done.stderr, done.stderr


def test_a_closed_standard_input_is_an_error(project: Project):
    done = _shell(project, "spacekg sparql --as-of 2026-11-21 <&-")
    assert done.returncode == ExitCode.QUERY, done.stderr
    assert b"standard input is closed" in done.stderr


def test_standard_input_is_read_only_up_to_the_query_size_limit(project: Project):
    done = _shell(project, "ulimit -v 4000000; spacekg sparql --as-of 2026-11-21 < /dev/zero")
    assert done.returncode == ExitCode.LIMIT, done.stderr
    assert b"over the 65536-byte limit" in done.stderr


@pytest.mark.parametrize("size", [65_537, 200_000])
def test_a_long_query_on_standard_input_is_a_limit_error(project: Project, size: int):
    text = "ASK { " + "#" * (size - 8) + "\n}"
    result = _cli(project, "sparql", *AS_OF, input=text)
    assert result.exit_code == ExitCode.LIMIT
    assert "65536-byte limit" in result.stderr


@pytest.mark.parametrize("where", ["standard input", "file"])
def test_bytes_that_are_not_utf8_on_standard_input_or_in_a_file_are_a_query_error(project: Project, tmp_path: Path,
                                                                                  where: str):
    query = b"ASK {\n  ?s ?p \"caf\xe9\" }"
    if where == "file":
        (tmp_path / "q.rq").write_bytes(b"\xef\xbb\xbf" + query)
        result = _cli(project, "sparql", *AS_OF, "--file", str(tmp_path / "q.rq"))
    else:
        result = _cli(project, "sparql", *AS_OF, input=b"\xef\xbb\xbf" + query)
    assert result.exit_code == ExitCode.QUERY
    assert f"{'standard input' if where != 'file' else tmp_path / 'q.rq'}:2:" in result.stderr
    assert "0xe9" in result.stderr


def test_a_query_file_that_cannot_be_read_is_an_input_error(project: Project, tmp_path: Path):
    result = _cli(project, "sparql", "--file", str(tmp_path / "missing.rq"), *AS_OF)
    assert result.exit_code == ExitCode.INPUT and "missing.rq" in result.stderr


def test_bytes_that_are_not_utf8_in_an_argument_are_named(project: Project):
    done = subprocess.run([*SPACEKG, "--root", str(project.root), "sparql", b'ASK { ?s ?p "caf\xe9" }', *AS_OF],
                          capture_output=True, timeout=120)
    assert done.returncode == ExitCode.QUERY, done.stderr
    assert b"not UTF-8 (byte 0xe9)" in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.parametrize("args", [[b"<http://x/a b>", b"a", b"skg:Event"], [b"<not an iri>", b"a", b"skg:Event"],
                                  [b"d:china", b"<http://[::1>", b"d:x"], [b"d:caf\xe9", b"a", b"skg:Event"],
                                  [b"d:china", b"a", b"<http://x/\xff>"]])
def test_why_refuses_malformed_iris_and_bytes_that_are_not_utf8(project: Project, args: list[bytes]):
    done = subprocess.run([*SPACEKG, "--root", str(project.root), "why", *args, *AS_OF], capture_output=True,
                          timeout=120)
    assert done.returncode == ExitCode.QUERY, done.stderr
    assert b"Traceback" not in done.stderr and done.stderr.startswith(b"Error: the ")


# --- What each format can hold ---

HOSTILE = "Moon\\u001b]0;pwned\\u0007\\u001b[2J\\u009b\\u202e"


def test_the_table_escapes_control_characters_and_the_data_formats_keep_them(project: Project):
    text = f'SELECT ?x WHERE {{ BIND("{HOSTILE}" AS ?x) }}'
    table = _cli(project, "sparql", text, *AS_OF)
    assert table.exit_code == 0
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout and "\u202e" not in table.stdout
    assert "Moon\\x1b]0;pwned\\x07\\x1b[2J\\x9b\\u202e" in table.stdout
    csv = _cli(project, "sparql", text, "-f", "csv", *AS_OF)
    assert "Moon\x1b]0;pwned\x07\x1b[2J\x9b\u202e" in csv.stdout


def test_error_messages_escape_control_characters(project: Project):
    result = _cli(project, "query", "no-such-query\x1b[2J", *AS_OF)
    assert result.exit_code == ExitCode.QUERY and "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


@pytest.mark.parametrize("character", ["\\u0001", "\\u0008", "\\u000B", "\\u001F", "\\uFFFE"])
def test_xml_results_refuse_characters_xml_cannot_hold(project: Project, character: str):
    result = _cli(project, "sparql", f'SELECT ?x WHERE {{ BIND("a{character}b" AS ?x) }}', "-f", "xml", *AS_OF)
    assert result.exit_code == ExitCode.QUERY
    assert "XML 1.0 cannot represent" in result.stderr and result.stdout == ""


def test_xml_results_keep_a_carriage_return(project: Project):
    result = _cli(project, "sparql", 'SELECT ?x WHERE { BIND("a\\r\\nb\\tc" AS ?x) }', "-f", "xml", *AS_OF)
    document = xml.dom.minidom.parseString(result.stdout_bytes)
    (literal,) = document.getElementsByTagName("literal")
    assert literal.firstChild.data == "a\r\nb\tc"  # type: ignore[union-attr]


@pytest.mark.parametrize("construct,reason", [
    ('CONSTRUCT { <http://ex/s> <http://ex/1> "x" } WHERE { }', "cannot express the predicate <http://ex/1>"),
    ('CONSTRUCT { <http://ex/s> <http://ex/a#1> "x" } WHERE { }', "cannot express the predicate"),
    ('CONSTRUCT { <http://ex/s> <http://ex/p> "a\\u0001b" } WHERE { }', "XML 1.0 cannot represent"),
])
def test_rdfxml_refuses_what_it_cannot_express(project: Project, construct: str, reason: str):
    result = _cli(project, "sparql", construct, "-f", "rdfxml", *AS_OF)
    assert result.exit_code == ExitCode.QUERY, result.output
    assert reason in result.stderr and result.stdout == ""


def test_rdfxml_output_is_well_formed_xml(project: Project):
    construct = 'CONSTRUCT { ?s rdfs:label ?l . <http://ex/s> <http://ex/p> "a\\rb" } WHERE { ?s rdfs:label ?l }'
    result = _cli(project, "sparql", construct, "-f", "rdfxml", *AS_OF)
    assert result.exit_code == 0
    xml.parsers.expat.ParserCreate(namespace_separator=" ").Parse(result.stdout_bytes, True)
    assert b"a&#13;b" in result.stdout_bytes


# --- Parameters are checked against the XSD lexical space of their type ---


@pytest.mark.parametrize("query,value,expected", [
    ("events-in-year", "year=2018.5", "expected an integer"),
    ("events-in-year", "year=1_000", "expected an integer"),
    ("events-in-year", "year=", "parameter year is empty: give an integer"),
    ("events-in-year", "year= 20 18", "expected an integer"),
    ("change4-launch", "from=2018-12-01", "expected a date and time YYYY-MM-DDThh:mm:ss"),
    ("change4-launch", "from=2018-02-30T00:00:00Z", "expected a date and time"),
    ("change4-launch", "from=2018-12-01T25:00:00Z", "expected a date and time"),
    ("change4-launch", "to=2018-12-31T23:59:59+15:00", "expected a date and time"),
    ("change4-launch", "to=yesterday", "expected a date and time"),
    ("next-missions", "mission=d:change 4", "expected an IRI"),
    ("next-missions", "mission=<http://x/a>b>", "expected an IRI"),
])
def test_parameters_outside_their_lexical_space_say_what_form_is_expected(project: Project, query: str, value: str,
                                                                          expected: str):
    result = _cli(project, "query", query, "-p", value, *AS_OF)
    assert result.exit_code == ExitCode.QUERY, result.output
    assert expected in result.stderr and "Traceback" not in result.output


def test_a_parameter_given_twice_with_two_values_is_refused(project: Project):
    result = _cli(project, "query", "events-in-year", "-p", "year=2016", "-p", "year=2017", *AS_OF)
    assert result.exit_code == ExitCode.QUERY, result.output
    assert "parameter year is given twice ('2016' and '2017')" in result.stderr
    same = _cli(project, "query", "events-in-year", "-p", "year=2016", "-p", "year=2016", "-f", "csv", *AS_OF)
    assert same.stdout == _cli(project, "query", "events-in-year", "-p", "year=2016", "-f", "csv", *AS_OF).stdout


# --- Naming formats as other tools do ---


def _spellings(name: str) -> st.SearchStrategy[str]:
    """``name`` with each letter in either case."""
    return st.tuples(*(st.sampled_from(sorted({c.lower(), c.upper()})) for c in name)).map("".join)


@given(st.sampled_from(sorted(ALIASES.items()) + [(f.value, f.value) for f in ResultFormat]).flatmap(
    lambda pair: st.tuples(_spellings(pair[0]), st.just(pair[1]))))
def test_a_format_is_named_by_its_name_extension_or_media_type_in_any_case(pair: tuple[str, str]):
    spelled, meant = pair
    assert format_named(f" {spelled} ", ResultFormat) is ResultFormat(meant)
    if meant not in {f.value for f in ExportFormat} and meant != "json":
        assert format_named(spelled, ExportFormat) is None


@pytest.mark.parametrize("spelled,meant", [("CSV", "csv"), ("text/tab-separated-values", "tsv"),
                                           ("SRJ", "json"), ("application/sparql-results+xml", "xml")])
def test_the_command_line_takes_every_name_of_a_result_format(project: Project, spelled: str, meant: str):
    as_named = _cli(project, "query", "events-in-year", "-p", "year=2016", "-f", spelled, *AS_OF)
    assert as_named.exit_code == 0, as_named.output
    assert as_named.stdout_bytes == _cli(project, "query", "events-in-year", "-p", "year=2016", "-f", meant,
                                         *AS_OF).stdout_bytes


@pytest.mark.parametrize("suffix,meant", [(".nt", "ntriples"), (".TTL", "turtle"), (".nq", "nquads"),
                                          (".jsonld", "jsonld"), (".trig", "trig"), (".out", "trig"),
                                          (".txt", "trig"), (".n3", "turtle"), (".N3", "turtle")])
def test_export_writes_the_format_its_file_name_names(project: Project, tmp_path: Path, suffix: str, meant: str):
    named, asked = tmp_path / f"graph{suffix}", tmp_path / "asked"
    assert _cli(project, "export", "-o", str(named), *AS_OF).exit_code == 0
    assert _cli(project, "export", "-f", meant, "-o", str(asked), *AS_OF).exit_code == 0
    assert named.read_bytes() == asked.read_bytes()


ROWS = ["query", "events-in-year", "-p", "year=2016"]
GRAPH = ["sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = d:change-4) }"]


@pytest.mark.parametrize("asking,suffix,meant", [
    (ROWS, ".csv", "csv"), (ROWS, ".json", "json"), (ROWS, ".srx", "xml"), (ROWS, ".tsv", "tsv"),
    (ROWS, ".unknown", "table"), (ROWS, ".txt", "table"), (GRAPH, ".txt", "turtle"), (GRAPH, ".json", "jsonld"), (GRAPH, ".nt", "ntriples"), (GRAPH, ".xml", "rdfxml"),
    (GRAPH, ".unknown", "turtle"), (GRAPH, ".n3", "turtle"),
])
def test_a_query_writes_the_format_its_file_name_names_for_its_kind_of_result(project: Project, tmp_path: Path,
                                                                               asking: list[str], suffix: str,
                                                                               meant: str):
    named, asked = tmp_path / f"answer{suffix}", tmp_path / "asked"
    assert _cli(project, *asking, "-o", str(named), *AS_OF).exit_code == 0
    assert _cli(project, *asking, "-f", meant, "-o", str(asked), *AS_OF).exit_code == 0
    assert named.read_bytes() == asked.read_bytes() and len(named.read_bytes()) > 100


@pytest.mark.parametrize("args,message", [
    (["query", "events-in-year", "-p", "year=2016", "-o", "{dir}/rows.ttl"],
     "rows.ttl: a .ttl file is for turtle, which a SELECT/ASK result cannot be written as; name the format with -f"),
    ([*GRAPH, "-o", "{dir}/graph.csv"],
     "graph.csv: a .csv file is for csv, which a CONSTRUCT/DESCRIBE result cannot be written as"),
    (["export", "-o", "{dir}/graph.rdf"], "graph.rdf: a .rdf file is for rdfxml, which spacekg does not export"),
    (["query", "events-in-year", "-p", "year=2016", "-o", "{dir}/rows.n3"],
     "rows.n3: a .n3 file is for turtle, which a SELECT/ASK result cannot be written as"),
])
def test_a_file_name_for_another_kind_of_output_is_refused_and_nothing_written(project: Project, tmp_path: Path,
                                                                               args: list[str], message: str):
    result = _cli(project, *(a.replace("{dir}", str(tmp_path)) for a in args), *AS_OF)
    # A query's answer that the file's format cannot hold is a query error, as with -f.
    assert result.exit_code == (ExitCode.USAGE if args[0] == "export" else ExitCode.QUERY), result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args,slip,meant", [
    (ROWS, "cvs", "csv"), (ROWS, "tvs", "tsv"), (ROWS, "JSNO", "json"), (GRAPH, "tutle", "turtle"),
    (GRAPH, "ntripels", "ntriples"), (["export"], "nquad", "nquads"), (["export"], "jsnold", "jsonld"),
    (["check"], "jsn", "json"), (["link"], "tabel", "table"),
])
def test_a_misspelt_format_is_refused_with_the_formats_it_is_close_to(project: Project, args: list[str], slip: str,
                                                                      meant: str):
    result = _cli(project, *args, "-f", slip)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert re.search(rf"did you mean ([a-z-]+, )*{meant}\b", result.stderr), result.stderr


def test_a_format_close_to_none_is_refused_with_the_list_alone(project: Project):
    result = _cli(project, *ROWS, "-f", "spreadsheet")
    assert result.exit_code == ExitCode.USAGE and "is not one of" in result.stderr
    assert "did you mean" not in result.stderr


def test_a_format_asked_for_wins_over_the_file_name(project: Project, tmp_path: Path):
    target = tmp_path / "graph.nt"
    assert _cli(project, "export", "-f", "turtle", "-o", str(target), *AS_OF).exit_code == 0
    assert target.read_text().startswith("@prefix")


@given(st.sampled_from(sorted(ALIASES.items())).flatmap(lambda pair: st.tuples(_spellings(pair[0]), st.just(pair[1]))))
def test_the_server_takes_the_names_the_command_line_takes(pair: tuple[str, str]):
    from spacekg.http.negotiate import BY_NAME, choose

    spelled, meant = pair
    kind = next(iter(sorted(BY_NAME[meant].kinds)))
    chosen = choose(kind, fmt=spelled, accept="text/html")
    assert chosen is not None and chosen.name == meant


@pytest.mark.parametrize(("kind", "accept", "media_type"), [
    ("select", "text/*", "text/"), ("select", "text/*;q=0.9, application/sparql-results+json;q=0.1", "text/"),
    ("graph", "application/*", "application/"), ("ask", "text/*", "text/"), ("select", "text/xml", "application/"),
])
def test_a_wildcard_is_answered_with_a_media_type_inside_it(kind: str, accept: str, media_type: str):
    from spacekg.http.negotiate import choose

    chosen = choose(kind, accept=accept)
    assert chosen is not None and chosen.media_type.startswith(media_type)


@pytest.mark.parametrize("given", ["text/csv;charset=utf-8", "text/csv; charset=UTF-8", " CSV "])
def test_the_servers_format_takes_a_media_type_with_parameters(given: str):
    from spacekg.http.negotiate import choose

    chosen = choose("select", fmt=given)
    assert chosen is not None and chosen.name == "csv"


@pytest.mark.parametrize("args", [["-f", "ntriples"], ["-o", "{dir}/commands.ttl"], ["-o", "{dir}/commands.nt"]])
def test_quickstatements_are_not_written_as_rdf(project: Project, tmp_path: Path, args: list[str]):
    result = _cli(project, "export", "--view", "quickstatements", "--offline",
                  *(a.replace("{dir}", str(tmp_path)) for a in args), *AS_OF)
    assert result.exit_code == ExitCode.USAGE
    assert "--view quickstatements writes QuickStatements commands, not RDF" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_takes_json_for_json_ld_as_a_json_file_name_does(project: Project, tmp_path: Path):
    written = {}
    for name, args in (("asked", ["-f", "JSON"]), ("graph.json", []), ("jsonld", ["-f", "jsonld"])):
        assert _cli(project, "export", *args, "-o", str(tmp_path / name), *AS_OF).exit_code == 0
        written[name] = (tmp_path / name).read_bytes()
    assert written["asked"] == written["graph.json"] == written["jsonld"]
