"""The spacekg command line: a thin click layer over the library. The only module that imports click."""

from __future__ import annotations

import errno
import gc
import io
import math
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .curation.mentions import MentionFormat
from .errors import ExitCode, InputError, LimitError, OutputError, QueryError, SpaceKGError, UsageError, WorkerFailure
from .formats.kinds import (
    TABULAR,
    ExportFormat,
    ExportView,
    ReportFormat,
    ResultFormat,
    close_formats,
    format_for_file,
    format_named,
)
from .http.settings import DEFAULT_API_URL, DEFAULT_PUSH_TIMEOUT, DEFAULT_RETRIES, MAX_RETRIES, WIKIDATA_SPARQL, Verify
from .namespaces import PREFIXES
from .reasoning.engines import Engine
from .sources.project import Origin, Project, editable, find_project
from .store.graphs import QueryView, View
from .store.limits import (
    DEFAULT_BUILD_TIMEOUT,
    DEFAULT_MEMORY_MB,
    DEFAULT_QUERY_TIMEOUT,
    MAX_MEMORY_MB,
    MAX_TIMEOUT,
    MIN_MEMORY_MB,
    MIN_TIMEOUT,
)
from .store.queries import Severity

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class SpaceKGGroup(click.Group):
    """Turns every SpaceKGError into one line on stderr and its documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        debug = "--debug" in sys.argv[1:] or bool(ctx.params.get("debug"))
        try:
            try:
                return super().invoke(ctx)
            finally:
                # Output still buffered is written now, so that a full disk is an error, not a loss.
                if sys.stdout is not None:
                    sys.stdout.flush()
        except SpaceKGError as exc:
            if debug:
                raise
            click.echo(f"Error: {_one_line(str(exc))}", err=True)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # a bug: one line and exit code 1, the traceback with --debug
            if debug:
                if isinstance(exc, WorkerFailure):
                    click.echo(exc.details, err=True)
                raise
            click.echo(f"Error: internal error (a bug; rerun with --debug and report it): "
                       f"{_one_line(f'{type(exc).__name__}: {exc}')}", err=True)
            ctx.exit(int(ExitCode.INTERNAL))


def _one_line(message: str, limit: int = 500) -> str:
    # Parser messages can span lines and list whole character classes; an error is one line, and
    # the data it quotes cannot drive the terminal.
    from .formats.output import escape_controls

    text = " ".join(escape_controls(message).split())
    # A long message loses its middle: the head says where, the end often why (a long URL's reason).
    half = (limit - 1) // 2
    return text if len(text) <= limit else text[:half] + "…" + text[-half:]


def _say(message: str) -> None:
    click.echo(message, err=True)


def _emit(ctx: click.Context, data: bytes, output: Path | None) -> None:
    from .sources.files import own_descriptor, write_output

    own = None if output is None else own_descriptor(output)
    if output is None or own == 1:
        # Standard output however it is named (-o -, /dev/stdout): closed, full, or left by its
        # reader (| head) is told alike.
        click.echo(data, nl=False)
        if output is None:
            return
        sys.stdout.flush()  # a failure is told before the note that the bytes were written
    elif own in _CLOSED:  # /dev/null stands in for it, which would take the bytes in silence
        raise OutputError(f"{output}: cannot write: the descriptor was closed when spacekg started")
    else:
        write_output(output, data, protected=_protected(ctx))
    _say(f"wrote {len(data)} bytes to {output}")


def _protected(ctx: click.Context) -> tuple[Path, ...]:
    """What no output may overwrite: the inputs and cache of the project here, if there is one
    (a remote query needs none)."""
    obj = ctx.find_root().obj
    try:
        project = obj.get("project") or find_project(obj.get("root"))
    except SpaceKGError:
        return ()
    return project.protected()


class _Finite(click.ParamType):
    """A finite number between two bounds: click's FloatRange lets ``nan`` through (every
    comparison with it is false), and ``inf`` when there is no upper bound."""

    def __init__(self, low: float, high: float, unit: str = "") -> None:
        self.low, self.high, self.unit = low, high, f" {unit}" if unit else ""
        self.name = unit or "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not (math.isfinite(number) and self.low <= number <= self.high):
            self.fail(f"{value} is not a finite number from {self.low:g} to {self.high:g}{self.unit}", param, ctx)
        return number


class _Day(click.ParamType):
    """A date written YYYY-MM-DD, as a datetime at midnight (click.DateTime's type)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from datetime import datetime  # click.DateTime would import strptime's locale machinery

        if isinstance(value, datetime):
            return value
        text = str(value).strip()  # space around a pasted date is how it was pasted
        if len(text) == 10 and text[4] == text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit():
            try:
                return datetime.fromisoformat(text)
            except ValueError as exc:
                self.fail(f"{text!r} is not a date: {exc}", param, ctx)
        self.fail(f"{text!r} is not a date written YYYY-MM-DD", param, ctx)


class _Format(click.Choice):
    """One of some formats, named in any case or by an extension or media type (ttl,
    text/turtle), as other RDF tools name them; the usage lists the formats' own names."""

    def __init__(self, formats: list[Any]) -> None:
        super().__init__([f.value for f in formats])
        self.formats = formats

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        found = format_named(str(value), self.formats)
        if found is not None:
            return found.value
        close = close_formats(str(value), self.formats)
        if close:
            self.fail(f"{value!r} is not one of {', '.join(map(repr, self.choices))}; did you mean "
                      f"{', '.join(close)}?", param, ctx)
        return super().convert(value, param, ctx)


class _Id(click.ParamType):
    """An article id (a003) or sentence id (L12.1), typed by hand: in any case and with stray
    spaces it is taken as the project writes it. Other text passes as given, for the command to
    refuse with the ids it has."""

    def __init__(self, name: str, pattern: str, written: Any) -> None:
        self.name, self.pattern, self.written = name, re.compile(pattern, re.IGNORECASE), written

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        return self.written(text) if self.pattern.fullmatch(text) else str(value)


class _SentenceId(click.ParamType):
    """A sentence id as people write it: ``L12.1`` in any case, without its ``L`` (``12.1``), with
    zeros before a number (``L12.01``), or as the name of its graph or record (``g:a003-L12.1``,
    ``src:a003-L12.1``, ``a003-L12.1``), which must be of the command's article. Other text passes
    as given, for the command to refuse with the ids it has."""

    name = "sentence"
    _FORM = re.compile(r"(?:(?:g:|src:)?(a\d{3,})-)?l?0*(\d+)\.0*(\d+)", re.IGNORECASE)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        match = self._FORM.fullmatch(str(value).strip())
        if match is None:
            return str(value)
        article = (ctx.params.get("article_id") if ctx is not None else None) or ""
        if match[1] and article and match[1].lower() != article:
            self.fail(f"{value!r} is a sentence of {match[1].lower()}, not of {article}", param, ctx)
        return f"L{int(match[2])}.{int(match[3])}"


SECONDS = _Finite(MIN_TIMEOUT, MAX_TIMEOUT, "seconds")
# An article named by its id: "a3" is a003, for an id has three digits or more and no other is meant.
ARTICLE_ID = _Id("article", r"a\d+", lambda text: f"a{int(text[1:]):03d}" if len(text) < 4 else text.lower())
# The id a new article is given is written one way only (register.py refuses "a12", "a0010").
NEW_ARTICLE_ID = _Id("article", r"a\d{3,}", str.lower)
SENTENCE_ID = _SentenceId()
DAY = _Day()
# One instance each: click looks up a translation of each path type's name as it is made.
# A directory given as a file is refused where the file is opened, as an input or output error (exit 3).
class _FileName(click.Path):
    """A file's name. click.Path takes "" for the current directory and drops a trailing "/": an
    empty -o had been told as the directory ".", and ``-o new/`` had written a file named new."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value:
            self.fail("an empty file name; give a file's name", param, ctx)
        if isinstance(value, str) and value.endswith("/"):
            self.fail(f"{value!r} ends in '/', so it names a directory; give a file's name", param, ctx)
        return super().convert(value, param, ctx)


class _DirectoryName(click.Path):
    """A directory's name. click.Path takes "" for the current directory: ``spacekg init "$DIR"``
    with DIR unset had made the current directory a project."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value:
            self.fail("an empty directory name; give a directory's name (. for the current one)", param, ctx)
        return super().convert(value, param, ctx)


FILE = _FileName(path_type=Path)
DIRECTORY = _DirectoryName(file_okay=False, path_type=Path)
MEGABYTES = click.IntRange(MIN_MEMORY_MB, MAX_MEMORY_MB)
MAX_ROWS = 1_000_000_000


# --- Standard streams ---

_CLOSED: set[int] = set()  # standard descriptors that were closed when spacekg started


class _StandardOutput(io.RawIOBase):
    """File descriptor 1, with every failure to write it as a one-line error. After the first
    failure the rest is dropped, so that Python's own flush at exit does not fail again."""

    failed = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.failed:
            return len(data)
        try:
            if 1 in _CLOSED:
                raise OutputError("cannot write the output: standard output is closed")
            return os.write(1, data)
        except BrokenPipeError:
            self.failed = True
            raise  # the reader left (| head): not an error
        except OSError as exc:
            self.failed = True
            raise OutputError(f"cannot write the output to standard output: {exc.strerror or exc}") from None
        except OutputError:
            self.failed = True
            raise


def _guard_standard_streams() -> None:
    """Keep descriptors 0-2 taken (by /dev/null when they were closed), so that no file spacekg
    opens lands on them, and send standard output through :class:`_StandardOutput`."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError as exc:
            if exc.errno != errno.EBADF:
                raise
            _CLOSED.add(fd)
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_StandardOutput()), encoding="utf-8", errors="surrogateescape",
                                  newline="\n", line_buffering=False, write_through=False)
    if 2 in _CLOSED or sys.stderr is None:
        sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)), encoding="utf-8",
                                      errors="backslashreplace")


def _is_file(text: str) -> bool:
    """Whether ``text`` names a file here (a query's text names none, or is too long to)."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def _read_stdin(max_bytes: int) -> str:
    """The query on standard input: at most ``max_bytes`` bytes of UTF-8.

    Raises:
        QueryError: standard input is closed, or the text is not UTF-8 (with line and column).
        LimitError: more than ``max_bytes`` bytes are waiting.
    """
    if 0 in _CLOSED or sys.stdin is None:
        raise QueryError("no query: give it as an argument or with --file (standard input is closed)")
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    data = stream.read(max_bytes + 1)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > max_bytes:
        raise LimitError(f"the query on standard input is over the {max_bytes}-byte limit")
    from .sources.files import decode_utf8

    try:  # a byte order mark is no part of the query (decode_utf8 drops it), as in a --file
        return decode_utf8(data, "standard input")
    except InputError as exc:
        raise QueryError(str(exc)) from None


@click.group(cls=SpaceKGGroup, context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.option("--version", "show_version", is_flag=True,
              help="Print spacekg's version and the version of the graph's sources, then exit.")
@click.option(
    "--root",
    type=_DirectoryName(path_type=Path),  # a file is "not a project" (exit 3), as any other wrong directory
    envvar="SPACEKG_ROOT",
    help="Project directory (holds ontology/, data/, queries/). Default: found from the current directory, "
         "else the graph packaged with spacekg.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, show_version: bool, root: Path | None, debug: bool) -> None:
    """spacekg: a knowledge graph of China's space program, with provenance, SPARQL and export.

    Without --root (or SPACEKG_ROOT), the project is found from the current directory upwards;
    when there is none, the graph packaged with spacekg answers. A note on stderr says which.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["root"] = root
    if show_version:
        from .sources.project import data_version

        click.echo(f"spacekg {__version__}")
        project = find_project(root)
        click.echo(f"graph: {project.describe()}; {data_version(project)}")
        ctx.exit(0)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _ensure_project(ctx: click.Context, doing: str = "answering from") -> Project:
    """The project the command works on; when it was not named, a note on stderr says which, and
    what the command does with it (``doing``: answering from it, editing it, copying it)."""
    obj = ctx.find_root().obj
    project = obj.get("project") or find_project(obj.get("root"))
    if doing == "editing":
        editable(project)
    if "project" not in obj:
        obj["project"] = project
        if project.origin is not Origin.GIVEN:
            _say(f"spacekg: {doing} {project.describe()}")
    return project


def _as_of_option(fn: Any) -> Any:
    return click.option("--as-of", "as_of", type=DAY,
                        help="Evaluate plans as of this date (YYYY-MM-DD). Default: today (UTC).")(fn)


def _build(ctx: click.Context, as_of: Any, *, timeout: float | None = None, memory_mb: int | None = None) -> Any:
    from .store.snapshot import current_build

    return current_build(_ensure_project(ctx), as_of=as_of.date() if as_of else None, progress=_say,
                         timeout=timeout, memory_mb=memory_mb)


# --- Building ---


@cli.command()
@click.option("--force", is_flag=True, help="Build again even if the built graph is current; each view's closure is still "
              "reused while that view's inputs are unchanged (it is what a build from nothing gives).")
@_as_of_option
@click.option("--timeout", type=SECONDS, default=DEFAULT_BUILD_TIMEOUT, show_default=True,
              help="Wall-clock limit in seconds for the whole build, which runs in a worker process.")
@click.option("--memory-mb", type=MEGABYTES, default=DEFAULT_MEMORY_MB, show_default=True,
              help="Memory cap of the build's worker, in MiB (never above an inherited ulimit -v).")
@click.option("--reasoner", type=click.Choice([e.value for e in Engine]), default=Engine.FAST.value, show_default=True,
              help="The OWL 2 RL engine: spacekg's semi-naive engine, or owlrl, the reference (same closure, slower).")
@click.pass_context
def build(ctx: click.Context, force: bool, as_of: Any, timeout: float, memory_mb: int, reasoner: str) -> None:
    """Load, check and reason over every source file, and cache the built graph.

    Progress, counts and timings go to stderr. Each view's OWL closure is cached on a hash of
    that view's inputs, so that a change is reasoned over again only in the views it touches; queries reuse the
    built graph until an input (or the evaluation date) changes.

    Example:

    \b
        spacekg build
        spacekg build --as-of 2019-01-01
        spacekg build --force --reasoner owlrl
    """
    from .store.build import build as run_build

    report = run_build(_ensure_project(ctx), as_of=as_of.date() if as_of else None, force=force, progress=_say,
                       timeout=timeout, memory_mb=memory_mb, reasoner=reasoner)
    state = "cached" if report.cached else "built"
    _say(f"{state}: {report.quads} quads in {report.graphs} named graphs")


def _justification_quads(built: Any) -> list[Any]:
    from .reasoning.records import as_rdf

    return as_rdf(_justifications(built))


def _justifications(built: Any) -> list[Any]:
    from .reasoning.records import decode

    try:
        return list(decode(built.justifications()))
    except ValueError as exc:
        raise InputError(f"{built.directory}: {exc}; remove that directory, and the next command builds "
                         "it again") from None


# --- Stored queries ---


def _completion_queries(ctx: click.Context) -> dict[str, Any]:
    """The stored queries of the project the command line names, or none: completion never fails."""
    from .store.queries import scan_queries

    try:
        return scan_queries(find_project(ctx.find_root().params.get("root")).queries_dir)[0]
    except SpaceKGError:
        return {}


def _complete_query_name(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    return [CompletionItem(name, help=q.title) for name, q in _completion_queries(ctx).items()
            if name.startswith(incomplete)]


def _complete_parameter(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    # While "-p" waits for its value the command line does not parse, and the name stays unassigned.
    name = ctx.params.get("name") or next(iter(ctx.args), "")
    stored = _completion_queries(ctx).get(name)
    if stored is None:
        return []
    given = {item.partition("=")[0] for item in ctx.params.get("params") or ()}
    return [CompletionItem(f"{p.name}=", help=p.description) for p in stored.parameters
            if f"{p.name}=".startswith(incomplete) and p.name not in given]

_FORMAT_CHOICES = _Format(list(ResultFormat))
_TABLE_CHOICES = _Format([f for f in ResultFormat if f in TABULAR])
_VIEW_CHOICES = [v.value for v in View]


def _limit_options(fn: Any) -> Any:
    fn = click.option("--memory-mb", type=MEGABYTES, default=DEFAULT_MEMORY_MB, show_default=True,
                      help="Memory cap of the worker process, in MiB (never above an inherited ulimit -v).")(fn)
    return click.option("--timeout", type=SECONDS, show_default=True, default=DEFAULT_QUERY_TIMEOUT,
                        help="Wall-clock limit in seconds for the whole command (a build it needs included); "
                             "the worker is killed when it is reached.")(fn)


def _query_options(fn: Any) -> Any:
    fn = _limit_options(fn)
    fn = click.option("--max-rows", type=click.IntRange(0, MAX_ROWS), default=100_000, show_default=True,
                      help="Return at most this many rows; more exits with code 5 after a warning.")(fn)
    fn = _as_of_option(fn)
    fn = click.option("--source", metavar="ARTICLE", type=ARTICLE_ID,
                      help="Answer according to one article only (its id, such as a000): its facts and what follows "
                           "from them.")(fn)
    fn = click.option("-o", "--output", type=FILE,
                      help="Write to FILE (atomically) instead of stdout.")(fn)
    fn = click.option("-f", "--format", "fmt", type=_FORMAT_CHOICES,
                      help="Output format. Default: the one the -o file's extension names (.csv, .json, .ttl, ...), else table "
                           "for SELECT/ASK and turtle for CONSTRUCT/DESCRIBE.")(fn)
    fn = click.option("--graphs", "view", type=click.Choice(_VIEW_CHOICES), default=View.ALL.value, show_default=True,
                      help="Which graphs the default graph unites: asserted, inferred or all; or the "
                           "justification records of every inferred triple.")(fn)
    fn = click.option("--view", "shape", type=click.Choice([v.value for v in QueryView]),
                      help="Query spacekg's own graph, or its facts in Wikidata's terms (wd:, wdt:, p:, ps:, pq:, "
                           "the WDQS label service). Default: spacekg; for a stored query, the view its header names "
                           "(#+ view: wikidata).")(fn)
    fn = click.option("--wikidata-endpoint", metavar="URL",
                      help=f"With --allow-service: send SERVICE <{WIKIDATA_SPARQL}> here instead.")(fn)
    fn = click.option("--endpoint", metavar="URL",
                      help="Ask this SPARQL 1.1 Protocol endpoint (a store you pushed to, or spacekg serve) "
                           "instead of the local graph. Credentials come from the environment or a netrc file.")(fn)
    return fn


def _run(ctx: click.Context, text: str, bindings: dict[str, Any], options: dict[str, Any],
         allow_service: bool = False, name: str | None = None, parameters: tuple[Any, ...] = ()) -> None:
    output, max_rows = options["output"], options["max_rows"]
    if options["shape"] == QueryView.WIKIDATA and (options["view"] != View.ALL.value or options["source"]):
        # The view translates the whole graph's facts; it has no article views or graph kinds.
        raise click.UsageError("the Wikidata view is one graph: it takes no --graphs or --source")
    if options["source"] and options["view"] == View.JUSTIFICATIONS.value:
        raise click.UsageError("the justification records are the whole build's; leave out --source")
    if options["wikidata_endpoint"]:
        from .store.safety import redirect_service

        text = redirect_service(text, WIKIDATA_SPARQL, options["wikidata_endpoint"])
    if options["endpoint"]:
        data, truncated, warnings = _answer_remotely(text, bindings, options, allow_service, name)
    else:
        data, truncated, warnings = _answer_locally(ctx, text, bindings, options, allow_service, name, parameters)
    for warning in warnings:
        _say(f"Warning: {warning}")
    _emit(ctx, data, output)
    if truncated:
        _say(f"Warning: the answer was cut at {max_rows} rows; raise --max-rows to get them all.")
        ctx.exit(int(ExitCode.LIMIT))


def _answer_locally(ctx: click.Context, text: str, bindings: dict[str, Any], options: dict[str, Any],
                    allow_service: bool, name: str | None, parameters: tuple[Any, ...]
                    ) -> tuple[bytes, bool, tuple[str, ...]]:
    import time

    from .store.limits import Unconfirmed, import_beside, run_limited
    from .store.snapshot import recorded_build, snapshot_key, today

    fmt, max_rows = options["fmt"], options["max_rows"]
    deadline = time.monotonic() + options["timeout"]
    project = _ensure_project(ctx)
    limits = {"timeout": options["timeout"], "deadline": deadline, "memory_mb": options["memory_mb"],
              "what": "query", "network": allow_service, "crash": QueryError}
    # The worker's graph, kept until the worker exits: freeing it would hold the answer back.
    kept: list[Any] = []

    def answer(built: Any) -> tuple[bytes, bool, tuple[str, ...]]:
        # Imported in the worker, the only process that needs them: this one waits for the answer.
        from .store.engine import KnowledgeGraph

        def meanwhile() -> None:  # while the graph loads, the renderer and the query checks import
            import_beside(("spacekg.formats.output", "spacekg.store.safety"))

        # Opened in the worker: an on-disk store starts threads, after which no fork is safe.
        if options["view"] == View.JUSTIFICATIONS.value:
            # The records are read into memory with the graph only when a query asks for them.
            kg = KnowledgeGraph.from_nquads(built.nquads(), meanwhile=meanwhile)
            kg.store.extend(_justification_quads(built))
        else:
            kg = KnowledgeGraph.open(built, meanwhile=meanwhile)
        if options["shape"] == QueryView.WIKIDATA:
            from .wikidata.view import view_store, wikidata_view

            kg = view_store(wikidata_view(kg, project.root))
        from .store.names import resolve_names

        resolved = resolve_names(kg.store, bindings, parameters)  # a name given for an IRI, on the graph that answers
        result = kg.query(text, view=View(options["view"]), source=options["source"], bindings=resolved,
                          allow_service=allow_service, max_rows=max_rows, name=name)
        kept.append(kg)
        from .formats.output import render  # imported beside the loading
        from .store.names import parameter_warnings

        # A slip in an IRI parameter, or a thing of another kind, answers with no rows and no error: say so.
        warnings = result.warnings + parameter_warnings(kg, parameters, resolved)
        chosen = _result_format(fmt, options["output"], result.kind)
        return render(result, chosen, labeller=kg.label), result.truncated, warnings + _no_rows(result, chosen)

    # The worker starts on the build the stats record names while this process checks the stats
    # (thousands of files at scale), and is killed if they disprove it.
    when = options["as_of"].date() if options["as_of"] else today()
    guess = recorded_build(project, when)
    if guess is not None:
        try:
            return run_limited(answer, guess, confirm=lambda: snapshot_key(project, when) == guess.key,
                               **limits)
        except Unconfirmed:
            pass
    built = _build(ctx, options["as_of"], timeout=options["timeout"], memory_mb=options["memory_mb"])
    return run_limited(answer, built, **limits)


def _no_rows(result: Any, chosen: ResultFormat | None) -> tuple[str, ...]:
    """Say that a SELECT has no answer where the output cannot: a table prints "(0 rows)", but
    CSV, TSV, JSON or XML with no rows is a header alone, which reads like a failure to answer."""
    if result.kind != "select" or result.rows or (chosen or ResultFormat.TABLE) is ResultFormat.TABLE:
        return ()
    return ("no rows: nothing in the graph answers this query",)


def _result_format(fmt: str | None, output: Path | None, kind: str) -> ResultFormat | None:
    """The format asked for, else the one the output file's extension names for this kind of
    result; None leaves the choice to the renderer."""
    if fmt or output is None:
        return ResultFormat(fmt) if fmt else None
    found, other = format_for_file(output, list(ResultFormat), graph=kind == "graph")
    if other is not None:
        what = "CONSTRUCT/DESCRIBE" if kind == "graph" else "SELECT/ASK"
        raise QueryError(f"{output.name}: a {output.suffix} file is for {other}, which a {what} result cannot be "
                         "written as; name the format with -f")
    return found


def _answer_remotely(text: str, bindings: dict[str, Any], options: dict[str, Any], allow_service: bool,
                     name: str | None) -> tuple[bytes, bool, tuple[str, ...]]:
    from .formats.output import render
    from .http.client import HttpClient, find_credentials
    from .http.remote import RemoteGraph, SparqlEndpoint, result_nodes
    from .store.limits import run_limited

    if options["as_of"]:
        raise click.UsageError("--as-of chooses the local build; an endpoint answers from the graph pushed to it")
    url, timeout, fmt = options["endpoint"], options["timeout"], options["fmt"]
    from .store.names import given_name

    for param, term in bindings.items():
        if (text_given := given_name(term)) is not None:
            # The names are looked up in the graph that answers, and an endpoint is asked nothing else.
            raise QueryError(f"parameter {param}={text_given!r}: at an endpoint, give an IRI or prefixed name "
                             "(d:change-4), not a name")
    credentials = find_credentials(url)
    shape: dict[str, Any] = {}
    if options["shape"] == QueryView.WIKIDATA:
        from .wikidata.labels import answer_label_service
        from .wikidata.view import VIEW_PREFIXES

        # The endpoint holds the view in its default graph (spacekg push --view wikidata).
        shape = {"default_is_union": False, "prefixes": VIEW_PREFIXES, "local_service": answer_label_service}

    def answer() -> tuple[bytes, bool, tuple[str, ...]]:
        # The worker's memory cap and the row cap bound what the answer may fill, as they do locally.
        with HttpClient(timeout=timeout, credentials=credentials, max_answer_bytes=None) as client:
            remote = RemoteGraph(SparqlEndpoint(url, client), deadline=client.clock() + timeout, **shape)
            result = remote.query(text, view=View(options["view"]), source=options["source"], bindings=bindings,
                                  allow_service=allow_service, max_rows=options["max_rows"], name=name)
            chosen = _result_format(fmt, options["output"], result.kind)
            labels: dict[str, str] = {}
            if result.kind == "select" and (chosen or ResultFormat.TABLE) is ResultFormat.TABLE:
                labels = remote.labels(result_nodes(result))
        return (render(result, chosen, labeller=lambda node: labels.get(node.value)), result.truncated,
                result.warnings + _no_rows(result, chosen))

    # The client stops itself at the time limit; the worker's own limit, a little later, is the backstop.
    return run_limited(answer, timeout=min(timeout + 5, MAX_TIMEOUT), memory_mb=options["memory_mb"],
                       what="remote query", network=True, crash=QueryError)


@cli.command("queries")
@click.argument("name", required=False, shell_complete=_complete_query_name)
@click.pass_context
def list_queries(ctx: click.Context, name: str | None) -> None:
    """List the stored queries, or show one query's text: its header gives its description, its
    parameters and what each column it returns holds.

    Example:

    \b
        spacekg queries
        spacekg queries change4-launch
    """
    from .formats.output import escape_controls
    from .store.queries import get_query, scan_queries

    project = _ensure_project(ctx)
    if name:
        q = get_query(project.queries_dir, name, root=project.root)
        click.echo(q.text, nl=not q.text.endswith("\n"))
        return
    queries, problems = scan_queries(project.queries_dir, root=project.root)
    for q in queries.values():
        params = " ".join(f"[{p.name}={p.default}]" if p.default else f"<{p.name}>" for p in q.parameters)
        network = "  (needs --allow-service)" if q.needs_network else "  (Wikidata view)" if q.view is QueryView.WIKIDATA else ""
        click.echo(escape_controls(f"{q.name:32} {q.title}" + (f"  {params}" if params else "") + network))
    for problem in problems:  # each broken file is named, and the others are still listed
        _say(f"Error: {_one_line(str(problem))}")
    if problems:
        ctx.exit(int(problems[0].exit_code))


@cli.command()
@click.argument("name", shell_complete=_complete_query_name)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", shell_complete=_complete_parameter,
              help="Set a query parameter; repeat for several.")
@click.option("--allow-service", is_flag=True,
              help="Permit SERVICE, for the stored queries marked as needing the network.")
@_query_options
@click.pass_context
def query(ctx: click.Context, name: str, params: tuple[str, ...], allow_service: bool, **options: Any) -> None:
    """Run a stored SPARQL query against the knowledge graph. `spacekg queries NAME` shows its
    parameters and what each column holds.

    Example:

    \b
        spacekg query change4-launch
        spacekg query events-in-year -p year=2016 -f csv
        spacekg query plan-status --as-of 2020-01-01
    """
    from .store.queries import bind_parameters, get_query, one_value_each

    project = _ensure_project(ctx)
    q = get_query(project.queries_dir, name, root=project.root)
    pairs = []
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"parameter {item!r} must be NAME=VALUE")
        pairs.append((key, value))
    values = one_value_each(pairs)
    options["shape"] = options["shape"] or q.view
    _run(ctx, q.text, bind_parameters(q, values), options, allow_service=allow_service, name=q.name,
         parameters=q.parameters)


_SPARQL_HELP = f"""Run an ad-hoc SPARQL query given as an argument, a file, or on stdin ("-" or no argument).

These prefixes are declared in every query:

\b
{chr(10).join(f"    {prefix + ':':8} <{namespace}>" for prefix, namespace in PREFIXES.items())}

With --view wikidata, Wikidata's p:, ps:, psv:, pq:, pr:, wikibase: and bd: are declared too.

Example:

\b
    spacekg sparql 'SELECT ?c WHERE {{ ?c a skg:Country }}'
    echo 'ASK {{ d:china a skg:Country }}' | spacekg sparql
"""


@cli.command(help=_SPARQL_HELP)
@click.argument("query_text", required=False, metavar="[QUERY]")
@click.option("--file", "query_file", type=FILE,
              help="Read the query from FILE.")
@click.option("--allow-service", is_flag=True, help="Permit SERVICE (federated queries reach the network).")
@_query_options
@click.pass_context
def sparql(ctx: click.Context, query_text: str | None, query_file: Path | None, allow_service: bool,
           **options: Any) -> None:
    from .store.safety import MAX_QUERY_BYTES, blank

    if query_file is not None and query_text is not None:
        raise UsageError("give the query once: as an argument, with --file, or on stdin (-)")
    if query_file is not None:
        from .sources.files import decode_utf8, read_bytes

        data = read_bytes(query_file)  # missing or unreadable: exit 3
        try:  # text that is not UTF-8 is a query error, as on standard input (exit 4)
            text = decode_utf8(data, str(query_file))
        except InputError as exc:
            raise QueryError(str(exc)) from None
    elif query_text is not None and query_text != "-":
        if "\n" not in query_text and _is_file(query_text):
            raise UsageError(f"{query_text} is a file: give it with --file {query_text} (the argument is the query "
                             "itself)")
        text = query_text
    else:
        text = _read_stdin(MAX_QUERY_BYTES)
    if blank(text):
        raise QueryError("empty query (nothing but white space and comments): give it as an argument, with --file, "
                         "or on stdin")
    _run(ctx, text, {}, options, allow_service)


# --- Quality gates ---


@cli.command()
# Info findings are notes: none fails a check.
@click.option("--fail-on", type=click.Choice([s.value for s in Severity if s is not Severity.INFO]),
              default=Severity.ERROR.value, show_default=True,
              help="The lowest severity that makes the check fail (exit code 6).")
@click.option("-f", "--format", "fmt", type=_Format(list(ReportFormat)),
              default=ReportFormat.TEXT.value, show_default=True,
              help="A readable report, or JSON for programs.")
@click.option("--article", metavar="ARTICLE", type=ARTICLE_ID, help="Report only the findings in one article (a003): its record and sentences.")
@_as_of_option
@click.pass_context
def check(ctx: click.Context, fail_on: str, fmt: str, article: str | None, as_of: Any) -> None:
    """Run every quality gate: SHACL shapes, check queries, OWL 2 RL guard, quotes, consistency,
    and the article checks (provenance, unknown terms, dates, exclusions, unfilled sentences).

    Each finding has a severity (error, warning, info), a location (an article's findings start
    with its id and sentence id) and what to do. Exit code 6 when a finding at or above
    --fail-on remains.

    Example:

    \b
        spacekg check
        spacekg check --fail-on warning -f json
        spacekg check --article a003
    """
    from .checks import report_json, report_text, run_checks
    from .formats.output import escape_controls

    findings = run_checks(_ensure_project(ctx), as_of=as_of.date() if as_of else None, article=article)
    as_json = ReportFormat(fmt) is ReportFormat.JSON
    click.echo(report_json(findings) if as_json else escape_controls(report_text(findings)), nl=False)
    threshold = Severity(fail_on).rank
    if any(f.severity.rank >= threshold for f in findings):
        ctx.exit(int(ExitCode.FINDINGS))


# --- Wikidata ---


def _client_options(fn: Any) -> Any:
    fn = click.option("--offline", is_flag=True, help="Answer only from the on-disk cache of Wikidata's answers.")(fn)
    return click.option("--api-url", default=DEFAULT_API_URL, show_default=True,
                        help="The MediaWiki API to read items from (nothing is ever written to it).")(fn)


def _client(project: Project, api_url: str, offline: bool) -> Any:
    from .wikidata.client import WikidataClient

    try:
        # The notices quote the server (a status line, an API error), so they are escaped like errors.
        return WikidataClient(project.cache_dir / "wikidata", api_url=api_url, offline=offline,
                              warn=lambda message: _say(f"Warning: {_one_line(message)}"),
                              on_retry=lambda message: _say(_one_line(message)))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--api-url") from None


@cli.command()
@click.option("--check", "check_links", is_flag=True,
              help="Fail (exit 6) on links to no item (a malformed IRI, a property, a lexeme), shared Q-ids, an "
                   "entity with two, links without evidence (a row of data/wikidata/evidence.csv with the excerpt "
                   "and a second agreeing fact), or a data/wikidata/links.csv row the link disagrees with; each "
                   "problem names its file and line.")
@click.option("--by-type", is_flag=True, help="Show the coverage by entity type instead of one row per entity.")
@click.option("--online", is_flag=True, help="Ask Wikidata for each linked item's label and type, and report mismatches.")
@click.option("--propose", is_flag=True, help="With --online: search Wikidata for candidates for unlinked entities.")
@click.option("--compare", is_flag=True,
              help="With --online: compare each fact of the Wikidata view with Wikidata's statement "
                   "(agrees, differs, or missing in Wikidata).")
@_client_options
@click.option("-f", "--format", "fmt", type=_TABLE_CHOICES, default=ResultFormat.TABLE.value,
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=FILE,
              help="Write to FILE (atomically) instead of stdout.")
@click.pass_context
def link(ctx: click.Context, check_links: bool, by_type: bool, online: bool, propose: bool, compare: bool,
         offline: bool, api_url: str, fmt: str, output: Path | None) -> None:
    """Report which entities link to a Wikidata item, which are unverified, and which have no item.

    With --online, check every link against Wikidata (labels and types), caching each answer
    under .spacekg/cache/wikidata so that a rerun, or --offline, needs no network. With
    --compare, compare the Wikidata view's statements with Wikidata's own.

    Example:

    \b
        spacekg link
        spacekg link --by-type
        spacekg link --check
        spacekg link --online --propose
        spacekg link --online --compare
    """
    from .formats.output import render
    from .store.engine import KnowledgeGraph
    from .wikidata.links import as_result, coverage, coverage_result, link_problems, link_report, online_report

    if (propose or compare) and not online:
        raise click.UsageError("--propose and --compare need --online")
    project = _ensure_project(ctx)
    kg = KnowledgeGraph.open(_build(ctx, None))
    if check_links:
        problems = link_problems(kg, project.root)
        for problem in problems:
            click.echo(problem)
        _say(f"{len(problems)} link problem{'s' if len(problems) != 1 else ''}")
        if problems:
            ctx.exit(int(ExitCode.FINDINGS))
        return
    if online and compare:
        from .wikidata.compare import compare as run_compare
        from .wikidata.compare import comparison_result
        from .wikidata.view import wikidata_view

        comparisons = run_compare(wikidata_view(kg, project.root), _client(project, api_url, offline))
        counts = {v: sum(1 for c in comparisons if c.verdict == v) for v in ("agrees", "differs", "missing")}
        _say(", ".join(f"{n} {v}" for v, n in counts.items()) + f" of {len(comparisons)} statements")
        result = comparison_result(comparisons)
    elif online:
        result = online_report(kg, project.root, _client(project, api_url, offline), propose=propose)
    else:
        rows = link_report(kg, project.root)
        total = coverage(rows)[-1]
        _say(f"{total.linked} linked, {total.unverified} unverified, {total.no_item} with no item, "
             f"{total.unlinked} not researched, of {len(rows)} entities; "
             f"{total.percent:.0f}% of the {total.with_item} that have or may have an item are linked")
        result = coverage_result(coverage(rows)) if by_type else as_result(rows)
    _emit(ctx, render(result, ResultFormat(fmt)), output)


# --- Explanations ---


@cli.command()
@click.argument("subject")
@click.argument("predicate")
@click.argument("object_", metavar="OBJECT")
@click.option("--source", metavar="ARTICLE", type=ARTICLE_ID,
              help="Explain the triple as one article's view derived it (its id, such as a000).")
@_as_of_option
@click.pass_context
def why(ctx: click.Context, subject: str, predicate: str, object_: str, source: str | None, as_of: Any) -> None:
    """Explain how a triple was derived, down to the article sentences and cited sources.

    The explanation is the justification recorded when the triple was derived: the rule and
    its premises, each from a graph the deriving view read. Each term is a prefixed name
    (d:china), an IRI with or without its <>, an English label ("Chang'e 3 landing"), or for
    the object a literal, as text or as Turtle writes it (3, '"3"^^xsd:integer'), matched by value.

    Example:

    \b
        spacekg why d:change-3-landing a skg:LunarSoftLanding
        spacekg why d:record-LunarSoftLanding-china skg:ordinalRank 3
    """
    from .explain import explain, index_records, render, resolve_term
    from .formats.output import escape_controls
    from .store.engine import KnowledgeGraph

    for position, text in (("subject", subject), ("predicate", predicate), ("object", object_)):
        if any(0xDC80 <= ord(c) <= 0xDCFF for c in text):
            raise QueryError(f"the {position} {escape_controls(text)!r} is not UTF-8")
    built = _build(ctx, as_of)
    kg = KnowledgeGraph.open(built)
    records = index_records(_justifications(built))

    def term(text: str, position: str, **context: Any) -> Any:
        try:
            return resolve_term(kg, text, position=position, **context)
        except ValueError as exc:  # pyoxigraph refuses a malformed IRI
            raise QueryError(f"the {position} {text!r} is not a valid IRI or blank node label: {exc}") from None

    s = term(subject, "subject")
    p = term(predicate, "predicate")
    o = term(object_, "object", subject=s, predicate=p)
    tree = explain(kg, records, s, p, o, source=source)
    if tree is None:
        why_not = [reason for t, position in ((s, "subject"), (p, "predicate"), (o, "object"))
                   if (reason := kg.absent(t, position))]
        holder = f"article {source}'s view" if source else "the knowledge graph"
        click.echo(escape_controls(f"Not entailed: {holder} does not hold {subject} {predicate} {object_}."
                                   + "".join(f" {reason}" for reason in why_not)))
        return
    if tree.rule == "asserted":
        click.echo(escape_controls(f"Asserted, not derived: {tree.source}"))
        return
    click.echo(escape_controls("\n".join(render(tree, kg))))


# --- Pictures ---


@cli.command()
@_as_of_option
@click.option("-o", "--output", type=FILE,
              help="Write to FILE.svg or FILE.png (atomically). Default: SVG on stdout.")
@click.pass_context
def timeline(ctx: click.Context, as_of: Any, output: Path | None) -> None:
    """Draw plans against what happened: each plan's target window, the fulfilling event, the slip.

    One row per goal holds every announcement of it, so the picture shows how targets moved
    between sources. Colour and marker give the status as of --as-of (a dashed line). The data
    is the stored query plan-timeline. Needs matplotlib: pip install 'spacekg[timeline]'.

    Example:

    \b
        spacekg timeline -o plans.svg
        spacekg timeline --as-of 2019-01-01 -o plans-2019.png
    """
    from .plots.timeline import QUERY, PictureFormat, draw, timeline_rows
    from .store.engine import KnowledgeGraph
    from .store.queries import get_query
    from .store.snapshot import today

    suffix = output.suffix.lower().lstrip(".") if output is not None else "svg"
    if suffix not in {f.value for f in PictureFormat}:
        raise click.BadParameter(f"{output}: the file name must end in .svg or .png", param_hint="'-o'")
    kg = KnowledgeGraph.open(_build(ctx, as_of))
    stored = get_query(_ensure_project(ctx).queries_dir, QUERY)
    rows = timeline_rows(kg.query(stored.text, name=stored.name))
    _emit(ctx, draw(rows, as_of=as_of.date() if as_of else today(), fmt=PictureFormat(suffix)), output)


# --- Export ---


@cli.command()
@click.option("-f", "--format", "fmt", type=_Format(list(ExportFormat)),
              help="RDF format; trig, nquads and jsonld keep named graphs. jsonld is compact, with an @context of "
                   "spacekg's prefixes; jsonld-expanded is the expanded form. Default: the one the -o file's "
                   "extension names (.ttl, .nt, .trig, .nq, .jsonld), else trig.")
@click.option("--graphs", "view", type=click.Choice(_VIEW_CHOICES), default=View.ALL.value, show_default=True,
              help="Export asserted graphs, inferred graphs, or all; or the justification records.")
@click.option("-o", "--output", type=FILE,
              help="Write to FILE (atomically) instead of stdout.")
@click.option("--view", "shape", type=click.Choice([v.value for v in ExportView]), default=ExportView.SPACEKG.value,
              show_default=True,
              help="Export spacekg's graphs; its mapped facts in Wikidata's terms (wd:, wdt:, p:, ps:, pq:, pr:); or, "
                   "as QuickStatements commands, the statements Wikidata lacks or states differently (read, never sent).")
@_client_options
@_as_of_option
@click.pass_context
def export(ctx: click.Context, fmt: str | None, view: str, output: Path | None, shape: str, api_url: str, offline: bool,
           as_of: Any) -> None:
    """Export the knowledge graph for other graph tools; the same inputs give the same bytes.

    Example:

    \b
        spacekg export -f turtle -o spacekg.ttl
        spacekg export -f nquads --graphs asserted
        spacekg export --view wikidata -f turtle
        spacekg export --view quickstatements -o for-wikidata.qs
    """
    from .formats.export import export as run_export

    if view == View.JUSTIFICATIONS.value and shape != ExportView.SPACEKG:
        raise click.UsageError("--graphs justifications exports spacekg's own records; leave out --view")
    if shape == ExportView.QUICKSTATEMENTS and (fmt or (output and any(format_for_file(output, list(ExportFormat),
                                                                                     graph=True)))):
        raise click.UsageError("--view quickstatements writes QuickStatements commands, not RDF: leave out -f and "
                               "name the file .qs or .txt")
    if fmt is None and output is not None and shape != ExportView.QUICKSTATEMENTS:
        found, other = format_for_file(output, list(ExportFormat), graph=True)
        if other is not None:
            raise click.UsageError(f"{output.name}: a {output.suffix} file is for {other}, which spacekg does not export; "
                                   f"name the format with -f ({', '.join(f.value for f in ExportFormat)})")
        fmt = found.value if found is not None else None
    built = _build(ctx, as_of)
    nquads: Any = built.nquads()
    in_order = shape == ExportView.SPACEKG
    if view == View.JUSTIFICATIONS.value:
        nquads, in_order = _justification_quads(built), False
    if shape in (ExportView.WIKIDATA, ExportView.QUICKSTATEMENTS):
        from .store.engine import KnowledgeGraph
        from .wikidata.view import wikidata_view

        project = _ensure_project(ctx)
        mapped = wikidata_view(KnowledgeGraph.open(built), project.root)
        _say(f"wikidata view: {mapped.mapped} facts mapped, {mapped.left_out} asserted facts have no Wikidata form")
        if shape == ExportView.QUICKSTATEMENTS:
            from .wikidata.compare import compare, quickstatements, unwritable

            comparisons = compare(mapped, _client(project, api_url, offline))
            text = quickstatements(comparisons)
            _say(f"quickstatements: {len(text.splitlines())} commands for statements Wikidata lacks or states differently")
            for s in unwritable(comparisons):
                _say(_one_line(f"Warning: left out {s.item.rsplit('/', 1)[1]} {s.property} {s.value}: a QuickStatements "
                               "value cannot hold a tab, a line break or space at either end"))
            _emit(ctx, text.encode("utf-8"), output)
            return
        nquads, in_order = mapped.quads, False
    _emit(ctx, run_export(nquads, ExportFormat(fmt or ExportFormat.TRIG), view=View(view), in_order=in_order), output)


# --- Serving ---


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--cors", is_flag=True, help="Let pages from any origin query the endpoint (Access-Control-Allow-Origin: *).")
@click.option("--timeout", type=SECONDS, default=DEFAULT_QUERY_TIMEOUT, show_default=True,
              help="Default time limit of a query in seconds; a request may ask for another with timeout=.")
@click.option("--max-timeout", type=SECONDS, default=300.0, show_default=True,
              help="The most a request's timeout= may ask for.")
@click.option("--memory-mb", type=MEGABYTES, default=DEFAULT_MEMORY_MB, show_default=True,
              help="Memory cap of each query worker, in MiB.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="A longer answer is an error (422), or cut with truncate=true.")
@click.option("--concurrency", type=click.IntRange(min=1, max=256), default=4, show_default=True,
              help="Query workers, so queries that run at once; more wait briefly, then get 503.")
@click.option("--log", "log_file", type=FILE,
              help="Also append one JSON line per request, with the query text, to FILE.")
@_as_of_option
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, cors: bool, timeout: float, max_timeout: float, memory_mb: int,
          max_rows: int, concurrency: int, log_file: Path | None, as_of: Any) -> None:
    """Serve the knowledge graph over the SPARQL 1.1 Protocol, with a query page for browsers.

    Queries run in worker processes that are killed at their time limit, at their memory cap or
    when their client disconnects. Every request is logged on stderr in one line.

    Example:

    \b
        spacekg serve
        spacekg serve --port 8080 --timeout 10 --concurrency 8 --log requests.jsonl
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s a skg:Country }' http://127.0.0.1:8000/sparql
    """
    from .http.server import ServeOptions
    from .http.server import serve as run_server

    project = _ensure_project(ctx)
    if log_file is not None:
        from .sources.files import refuse_protected

        refuse_protected(log_file, project.protected())
    built = _build(ctx, as_of)
    options = ServeOptions(host=host, port=port, timeout=timeout, max_timeout=max_timeout, memory_mb=memory_mb,
                           max_rows=max_rows, concurrency=concurrency, cors=cors)
    json_log = None
    if log_file is not None:
        from .sources.files import AppendLog

        try:
            json_log = AppendLog(log_file, lambda message: _say(f"Warning: {_one_line(message)}"))
        except OSError as exc:
            raise click.BadParameter(f"{log_file}: cannot write: {exc.strerror}", param_hint="--log") from None
    try:
        run_server(built, project.queries_dir, options, json_log=json_log,
                   ready=lambda url: _say(f"serving {built.quads} quads at {url} (Ctrl-C stops)"))
    except OSError as exc:
        raise click.BadParameter(f"cannot listen on {host}:{port}: {exc.strerror}", param_hint="--port") from None
    finally:
        if json_log is not None:
            json_log.close()


# --- Remote stores ---


@cli.command()
@click.argument("store_url", metavar="URL")
@click.option("--sparql-endpoint", metavar="URL",
              help="The store's SPARQL query endpoint, to list its graphs: needed by --prune and --verify counts.")
@click.option("--prune", is_flag=True,
              help="Delete the store's graphs in spacekg's graph namespace that the build no longer has.")
@click.option("--dry-run", is_flag=True, help="Say what would be sent and deleted; write nothing.")
@click.option("--whole-dataset", is_flag=True,
              help="Send every quad in one POST to URL (Oxigraph takes a whole dataset so), not one PUT per graph.")
@click.option("--verify", type=click.Choice([v.value for v in Verify]), default=Verify.TRIPLES.value,
              show_default=True,
              help="Compare each graph with the store's copy triple by triple (one GET per graph), by counts "
                   "(one SPARQL query), or not at all.")
@_as_of_option
@click.option("--timeout", type=SECONDS, default=DEFAULT_PUSH_TIMEOUT, show_default=True,
              help="Seconds each request may take, from connecting to the end of its answer.")
@click.option("--retries", type=click.IntRange(0, MAX_RETRIES), default=DEFAULT_RETRIES, show_default=True,
              help="Further attempts after a failure to connect, a timeout, 429 or 5xx (honouring Retry-After).")
@click.option("-f", "--format", "fmt", type=_TABLE_CHOICES, default=ResultFormat.TABLE.value,
              show_default=True, help="Format of the per-graph report.")
@click.option("-o", "--output", type=FILE,
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--view", "shape", type=click.Choice([v.value for v in QueryView]), default=QueryView.SPACEKG.value,
              show_default=True, help="Push spacekg's named graphs, or the Wikidata view into the store's default graph (for "
                   "WDQS-style queries with --endpoint; use a store of its own).")
@click.pass_context
def push(ctx: click.Context, store_url: str, sparql_endpoint: str | None, prune: bool, dry_run: bool,
         whole_dataset: bool, verify: str, as_of: Any, timeout: float, retries: int, fmt: str,
         output: Path | None, shape: str) -> None:
    """Upload the built graph to a SPARQL 1.1 Graph Store, one named graph per request, and verify it.

    URL is the Graph Store endpoint (Oxigraph: http://HOST:7878/store). Each named graph is
    replaced with a PUT to URL?graph=IRI; blank nodes become stable skolem IRIs under
    https://w3id.org/spacekg/.well-known/genid/. Pushing twice gives the same remote state.
    Credentials come from SPACEKG_REMOTE_TOKEN, SPACEKG_REMOTE_USER and SPACEKG_REMOTE_PASSWORD,
    or a netrc file; never from the command line. Progress goes to stderr, a per-graph report to
    stdout. Exit code 7 when the store refuses, cannot be reached, or holds something else after.

    Example:

    \b
        spacekg push http://localhost:7878/store
        spacekg push http://localhost:7878/store --sparql-endpoint http://localhost:7878/query --prune
        spacekg push http://localhost:7878/store --dry-run
    """
    from .errors import RemoteError
    from .formats.output import render
    from .http.client import HttpClient, find_credentials, parse_url
    from .http.gsp import GraphStore
    from .http.gsp import store_url as check_store_url
    from .http.push import graph_documents
    from .http.push import push as run_push
    from .http.remote import RemoteGraph, SparqlEndpoint
    from .namespaces import shorten

    # Before the build, which may take minutes.
    check_store_url(store_url)
    if sparql_endpoint is not None:
        parse_url(sparql_endpoint)
    built = _build(ctx, as_of)
    if shape == QueryView.WIKIDATA:
        if prune:
            raise click.UsageError("--prune removes spacekg's named graphs; it does not combine with --view wikidata")
        import pyoxigraph as ox

        from .rdf import serialize
        from .store.engine import KnowledgeGraph
        from .wikidata.view import wikidata_view

        view = wikidata_view(KnowledgeGraph.open(built), _ensure_project(ctx).root)
        nquads = serialize(view.quads, ox.RdfFormat.N_QUADS)
    else:
        nquads = built.nquads()
    documents = graph_documents(nquads)
    credentials = find_credentials(store_url)
    # A retry notice quotes the server's status line: escaped, as an Error: line is.
    with HttpClient(timeout=timeout, retries=retries, credentials=credentials,
                    on_retry=lambda line: _say(_one_line(line))) as client:
        store = GraphStore(store_url, client)
        remote = None
        if sparql_endpoint:
            remote = RemoteGraph(SparqlEndpoint(sparql_endpoint, client))
        report = run_push(documents, store, remote=remote, prune=prune, whole_dataset=whole_dataset,
                          verify=Verify(verify), dry_run=dry_run, progress=_say)
    _emit(ctx, render(report.as_result(), ResultFormat(fmt)), output)
    triples = sum(d.triples for d in documents)
    if dry_run:
        _say(f"dry run: {len(documents):,} graphs ({triples:,} triples) would be sent; nothing was written")
        return
    _say(f"pushed {len(documents):,} graphs ({triples:,} triples) in {report.seconds:.2f} s")
    if report.failures:
        names = ", ".join(shorten(o.graph) if o.graph else "(default graph)" for o in report.failures[:5])
        raise RemoteError(f"verification failed: {len(report.failures):,} graphs differ from the build ({names})")


# --- Authoring ---


@cli.command()
@click.argument("directory", type=DIRECTORY)
@click.pass_context
def init(ctx: click.Context, directory: Path) -> None:
    """Create an editable project in DIRECTORY: a copy of the graph's sources (ontology, data, queries).

    The copy is of the graph that would otherwise answer: --root's project, the project found
    from the current directory, or the graph packaged with spacekg. Run spacekg inside
    DIRECTORY (or pass --root DIRECTORY) to use it; add articles as the README describes.

    Example:

    \b
        spacekg init my-kg
        cd my-kg && spacekg query ordinals
    """
    from .sources.project import init_project

    created = init_project(directory, _ensure_project(ctx, "copying"))
    _say(f"created a spacekg project in {created.root}")


@cli.command()
@click.argument("article", metavar="ARTICLE|FILE")
@click.pass_context
def sentences(ctx: click.Context, article: str) -> None:
    """Split an article into sentences and print their ids, offsets and text (TSV): a registered
    article by its id (the sentences it was registered with, as its facts record them), or any
    text file. A line break or tab inside a sentence is written \\n, \\r or \\t (a backslash
    \\\\), as in a Turtle string.

    Example:

    \b
        spacekg sentences a002
        spacekg sentences draft.txt
    """
    from .sources.files import read_text
    from .sources.segment import split_sentences

    if not article.strip():
        raise UsageError("an empty ARTICLE: give an article's id (a002) or a text file's name")
    path = Path(article)
    known = ARTICLE_ID.convert(article, None, ctx)
    if not path.exists() and ARTICLE_ID.pattern.fullmatch(known):
        from .curation.workflow import facts_file

        # Refuses an article the project does not have, naming those it has.
        segments = facts_file(_ensure_project(ctx), known).segments()
    else:
        segments = split_sentences(read_text(path))
    for s in segments:
        click.echo(f"{s.sentence_id}\t{s.begin}\t{s.end}\t{_tsv_text(s.text)}")


def _tsv_text(text: str) -> str:
    """``text`` as one TSV field: a line break or a tab inside a sentence (a line wrapped in the
    file) is written as Turtle writes it in a string, so that each sentence stays one line."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# --- Adding an article ---


@cli.group()
def article() -> None:
    """Add a news article: register it, link its mentions, fill its sentences from templates.

    The guide is docs/adding-an-article.md. `spacekg check` then names every problem left, with
    the sentence it is in and how to fix it.
    """


def _once(*names: str, **options: Any) -> Any:
    """An option that takes one value, and refuses a second where click would keep the last."""
    return click.option(*names, multiple=True, callback=_one_value, **options)


def _one_value(ctx: click.Context, param: click.Parameter, values: tuple[Any, ...]) -> Any:
    if len(values) > 1:
        raise click.BadParameter(f"given {len(values)} times ({', '.join(map(repr, values))}), and it takes one value: "
                                 "give one (the options that take several say 'repeatable')")
    return values[0] if values else None


@article.command("add")
@click.argument("text_file", metavar="FILE", type=FILE)
@_once("--outlet", required=True, help="Who published it: a name the project knows (\"The Independent\") or d:….")
@_once("--published", required=True, metavar="DATE",
       help="The day: YYYY-MM-DD, written out (\"7 Dec 2018\") or a timestamp as the page's metadata or a "
            "feed gives it (2018-12-07T10:15:00+08:00); a period (YYYY-MM-DD..YYYY-MM-DD, \"December 2018\") "
            "when the date is inferred (then give --date-note).")
@_once("--date-note", help="How the publication date was found or inferred.")
@click.option("--via", multiple=True, metavar="OUTLET", help="An outlet or agency it reports from (repeatable).")
@_once("--url", help="Where it was published.")
@_once("--headline", help="Its headline.")
@_once("--dateline", help="The place named at its head, e.g. HONG KONG. Default: the one read from the text.")
@_once("--tz", "utc_offset", metavar="OFFSET",
       help="The UTC offset its dates are local to, e.g. +08:00 for a Beijing dateline; the fact templates "
            "read its days at it. Default: that of the dateline's place where spacekg knows its zone, else "
            "the --published timestamp's, else +00:00.")
@_once("--id", "article_id", metavar="aNNN", type=NEW_ARTICLE_ID, help="The id to give it. Default: the next free one.")
@click.option("--new-outlet", is_flag=True, help="Add outlets the project does not know yet as news organisations.")
@click.pass_context
def article_add(ctx: click.Context, text_file: Path, outlet: str, published: str, date_note: str | None,
                via: tuple[str, ...], url: str | None, headline: str | None, dateline: str | None,
                utc_offset: str | None, article_id: str | None, new_outlet: bool) -> None:
    """Register an article: copy its text, record its source, split it and write its skeleton.

    Writes data/articles/aNNN.txt, its record in data/sources.ttl, the skeleton
    data/facts/aNNN.trig (every sentence, an empty graph per sentence, the mentions found as
    comments) and the review file data/curation/aNNN-links.tsv. A text already registered is refused.

    Example:

    \b
        spacekg article add story.txt --outlet "The Independent" --published 2018-12-07
    """
    from .curation.register import Publication, register
    from .curation.templates import utc_offset as parse_offset

    project = _ensure_project(ctx, "editing")
    publication = Publication.parse(published, date_note, utc_offset=parse_offset(utc_offset) if utc_offset else None)
    done = register(project, text_file, outlet=outlet, published=publication,
                    via=via, url=url, headline=headline, dateline=dateline, utc_offset=utc_offset,
                    article=article_id, new_outlets=new_outlet)
    where = lambda path: path.relative_to(project.root).as_posix()  # noqa: E731
    click.echo(f"registered {done.article}: {where(done.text_path)}, {len(done.sentences)} sentences")
    if done.zone_from_stamp:
        click.echo(f"--tz: {done.zone_from_stamp}, the offset of the --published timestamp")
    if done.dateline:
        click.echo(f"--dateline: {done.dateline}, read from the text (give --dateline to say another)")
    if done.zone_from_dateline:
        click.echo(f"--tz: {done.zone_from_dateline}, the offset of the dateline's place ({dateline or done.dateline}) "
                   "on the day of publication (give --tz to say another)")
        if done.published is not None and done.published.first != publication.first:
            click.echo(f"--published: {done.published.first.isoformat()}, the day {published!r} is there")
    for entity in done.new_entities:
        click.echo(f"new outlet: {_short(entity)} (in data/entities.ttl)")
    if done.disagreements:
        places = len(done.disagreements)
        click.echo(f"sentence splits: pysbd disagrees at {places} place{'' if places == 1 else 's'} "
                   "(the ids keep spacekg's split):")
        for d in done.disagreements:
            click.echo(f"  {d.sentence_id} at {d.offset}, only {d.only} ends a sentence: {d.context}")
    else:
        click.echo(f"sentence splits: pysbd agrees on all {len(done.sentences)}")
    kinds = {k: sum(1 for m in done.mentions if m.how == k)
             for k in ("label", "alias", "wikidata", "dateline", "initials", "adjective", "fuzzy", "new")}
    click.echo(f"mentions: {len(done.mentions)} (" + ", ".join(f"{n} {k}" for k, n in kinds.items() if n) + ")"
               + (f"; {done.wikidata_labels} cached Wikidata labels used" if done.wikidata_labels else ""))
    click.echo(f"wrote {where(done.facts_path)} and {where(done.review_path)}")
    if done.kept_rows:
        click.echo(f"kept {done.kept_rows} decided rows of the earlier {where(done.review_path)}")
    click.echo(f"next: confirm the links in {where(done.review_path)}, then `spacekg article link {done.article}`")


@article.command("mentions")
@click.argument("article_id", metavar="ARTICLE", type=ARTICLE_ID)
@click.option("-f", "--format", "fmt", type=_Format(list(MentionFormat)),
              default=MentionFormat.TEXT.value, show_default=True,
              help="One line per mention, or a W3C reconciliation result batch (JSON).")
@click.pass_context
def article_mentions(ctx: click.Context, article_id: str, fmt: str) -> None:
    """List an article's mentions and their candidate entities, best first.

    `-f reconcile` writes the candidates as a reconciliation result batch (Reconciliation Service
    API v0.2: {"L3.1:75-92": {"result": [{"id", "name", "type", "score", "match"}]}}).

    Example:

    \b
        spacekg article mentions a003
        spacekg article mentions a003 -f reconcile > a003-candidates.json
    """
    import json

    from .curation.workflow import article_mentions as find

    linker, mentions = find(_ensure_project(ctx), article_id)
    if fmt == MentionFormat.RECONCILE:
        click.echo(json.dumps(linker.reconciliation(mentions), indent=1, ensure_ascii=False))
        return
    for m in mentions:
        proposed = [f"new: {_short(m.suggestion)}"] if m.suggestion else []
        best = ", ".join(proposed + [f"{_short(c.entity)} ({c.kind} {c.score})" for c in m.candidates])
        written = f"{m.text} ({m.name})" if m.name else m.text
        click.echo(f"{m.sentence_id}\t{m.begin}-{m.end}\t{written}\t{best}")


@article.command("link")
@click.argument("article_id", metavar="ARTICLE", type=ARTICLE_ID)
@click.pass_context
def article_link(ctx: click.Context, article_id: str) -> None:
    """Apply the confirmed rows of the article's review file (data/curation/ARTICLE-links.tsv).

    Confirmed links go into the facts file as comments and are used by `article fact` to
    resolve names; confirmed new entities and new names of known ones go into data/entities.ttl,
    in a block of the article's own that each run rewrites (a link no longer confirmed takes its
    new name or entity with it).

    Example:

    \b
        spacekg article link a003
    """
    from .curation.workflow import apply_links

    outcome = apply_links(_ensure_project(ctx, "editing"), article_id)
    click.echo(f"{outcome.confirmed} links confirmed, {outcome.rejected} rejected, {outcome.undecided} undecided")
    for entity in outcome.new_entities:
        click.echo(f"new entity: {_short(entity)}")
    for name in outcome.new_names:
        click.echo(f"new name: {name}")
    for kept in outcome.names_kept:
        click.echo(f"name kept: {kept}")
    for entity in outcome.withdrawn_entities:
        click.echo(f"entity withdrawn: {_short(entity)} (no confirmed row makes it any more)")
    for change in outcome.retyped_entities:
        click.echo(f"entity retyped: {change}")
    for name in outcome.withdrawn_names:
        click.echo(f"name withdrawn: {name}")
    if outcome.left_out:
        click.echo(f"left out: the confirmed links of excluded sentences ({', '.join(outcome.left_out)}); include a "
                   "sentence again to link its names")


@article.command("exclude")
@click.argument("article_id", metavar="ARTICLE", type=ARTICLE_ID)
@click.argument("sentence_id", metavar="SENTENCE", type=SENTENCE_ID)
@_once("--reason", help="Why the sentence states nothing to record (headline, opinion, advert…).")
@click.option("--undo", is_flag=True, help="Include the sentence again.")
@click.pass_context
def article_exclude(ctx: click.Context, article_id: str, sentence_id: str, reason: str | None, undo: bool) -> None:
    """Leave a sentence out, with the reason, or include it again with --undo.

    Example:

    \b
        spacekg article exclude a003 L7.1 --reason opinion
    """
    from .curation.workflow import exclude

    if undo == (reason is not None):
        raise UsageError("give either --reason TEXT or --undo")
    exclude(_ensure_project(ctx, "editing"), article_id, sentence_id, None if undo else reason)
    click.echo(f"{article_id} {sentence_id}: " + ("included again" if undo else f"excluded ({reason})"))


@article.command("goal")
@click.argument("article_id", metavar="ARTICLE", type=ARTICLE_ID)
@click.argument("plan", metavar="PLAN")
@_once("--serves", metavar="GOAL", help="The goal the plan serves: a goal's name or d:goal-….")
@_once("--new-goal", metavar="LABEL", help="Make --serves a new goal, with this label.")
@_once("--fulfilled-by", metavar="EVENT", help="The event that carried the plan out.")
@_once("--because", metavar="TEXT", help="Why the event carried it out (needed with --fulfilled-by).")
@click.pass_context
def article_goal(ctx: click.Context, article_id: str, plan: str, serves: str | None, new_goal: str | None,
                 fulfilled_by: str | None, because: str | None) -> None:
    """Link a plan the article states to the goal it serves, and to the event that carried it out.

    PLAN is the plan's IRI (d:plan-…), or the sentence that states it (L12.1). The links go
    into the g:curation block of data/facts/ARTICLE.trig: plans that serve one goal are compared,
    and a plan with its event is judged fulfilled.

    Example:

    \b
        spacekg article goal a003 d:plan-a003-crewed-moon-landing --serves "China's first crewed Moon landing"
        spacekg article goal a003 d:plan-a003-mars --fulfilled-by d:tianwen-1-launch --because "Tianwen-1 was it"
    """
    from .curation.workflow import link_plan

    done = link_plan(_ensure_project(ctx, "editing"), article_id, plan, serves=serves, new_goal=new_goal,
                     fulfilled_by=fulfilled_by, because=because)
    links = []
    if done.goal:
        links.append(f"serves {_short(done.goal)} ({done.goal_label})" + (" (a new goal)" if new_goal else ""))
    if done.event:
        links.append(f"fulfilled by {_short(done.event)}")
    said = "" if done.added else " (already linked so)"
    click.echo(f"{article_id}: {_short(done.plan)} {' and '.join(links)}, in g:curation of {done.path}{said}")


@article.command("remove")
@click.argument("article_id", metavar="ARTICLE", type=ARTICLE_ID)
@click.pass_context
def article_remove(ctx: click.Context, article_id: str) -> None:
    """Take an article out: its text, its facts, its record in data/sources.ttl and the block its
    review added to data/entities.ttl. Refused, removing nothing, while the rest of the project
    uses its sentences, its source or an entity only it defines. Its review file stays, so that
    registering the same text again keeps its decisions.

    Example:

    \b
        spacekg article remove a003
    """
    from .curation.remove import remove

    done = remove(_ensure_project(ctx, "editing"), article_id)
    click.echo(f"removed {done.article}: " + ", ".join(done.removed))
    if done.review_kept:
        click.echo(f"kept {done.review_kept}: registering the same text again keeps its decisions")
    for outlet in done.unnamed:
        click.echo(f"kept {outlet}, an outlet no article names now: remove it there if none will")


class _FactGroup(click.Group):
    """`article fact ARTICLE SENTENCE TEMPLATE`: one subcommand per template, made from its answers."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from .curation.templates import TEMPLATES

        return list(TEMPLATES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        from .curation.templates import TEMPLATES

        template = TEMPLATES.get(name)
        if template is None:
            return None
        params: list[click.Parameter] = [_answer_option(a) for a in template.all_answers()]
        return click.Command(name, params=params, help=template.help, callback=_fill(name),
                             context_settings=CONTEXT_SETTINGS)


def _answer_option(answer: Any) -> click.Option:
    names = [f"--{answer.name}", answer.name.replace("-", "_")]
    if answer.kind == "flag":
        return click.Option(names, is_flag=True, help=answer.help)
    if answer.kind == "pair":
        return click.Option(names, nargs=2, multiple=True, metavar="NAME CLASS", help=answer.help)
    # A count ("integer"), a length in days and a statement's number ("quantity") are read by the
    # template, which takes them in words too ("three", "90 days") and with a hedge ("more than 60").
    kinds = {"number": _Finite(0, 1e15)}
    metavars = {"entity": "NAME", "class": "CLASS", "integer": "N", "number": "N", "days": "N", "place": "N",
                "quantity": "N"}
    # Given twice, an answer that takes one would keep the last silently ("--by China --by
    # Russia" a plan of Russia's): every value is collected, and a second refused.
    return click.Option(names, type=kinds.get(answer.kind, str), multiple=True, required=answer.required,
                        metavar=metavars.get(answer.kind, "TEXT"), help=answer.help,
                        callback=None if answer.multiple else _one_value)


def _fill(template: str) -> Any:
    @click.pass_context
    def callback(ctx: click.Context, **values: Any) -> None:
        from .curation.templates import add_fact

        parent = ctx.parent.params  # type: ignore[union-attr]  # runs under its `article fact` group
        answers = {k.replace("_", "-"): v for k, v in values.items() if v not in (None, (), False)}
        result = add_fact(_ensure_project(ctx, "editing"), parent["article_id"], parent["sentence_id"], template, answers)
        click.echo(f"{parent['article_id']} {parent['sentence_id']}: {result.added} "
                   f"triple{'' if result.added == 1 else 's'} added"
                   + (" (the sentence states them already)" if not result.added and result.text else "")
                   + "".join(f", {k} {v}" for k, v in result.provenance.items()))
        click.echo(result.text, nl=False)
        for node in result.existing:
            click.echo(f"note: --id names {node}, already in the project: these facts are about it")
        for note in result.notes:
            click.echo(f"note: {note}")

    return callback


@article.group("fact", cls=_FactGroup)
@click.argument("article_id", metavar="ARTICLE", type=ARTICLE_ID)
@click.argument("sentence_id", metavar="SENTENCE", type=SENTENCE_ID)
def article_fact(article_id: str, sentence_id: str) -> None:
    """Fill a sentence's graph from a template (the commands below). `spacekg article fact a003
    L3.1 launch --help` lists a template's answers.

    Example:

    \b
        spacekg article fact a003 L3.1 launch --vehicle "Long March rocket" \\
            --site "Xichang Satellite Launch Center" --payload d:change-4-lander --when "On Friday"
        spacekg article fact a003 L9.1 plan --by China --goal "sending a mission to Mars" \\
            --target Mars --event-type LaunchEvent --when "by 2025"
    """


def _short(iri: str) -> str:
    from .namespaces import shorten

    return shorten(iri)


def main() -> None:
    # What the imports made lives until the process exits, so the garbage collector is told to
    # leave it out: every full collection, the interpreter's own as it exits among them, would go
    # over all of it again, and in a query's worker, forked from here, would copy each page it
    # touched. That was a tenth of a cold query's time.
    gc.freeze()
    _guard_standard_streams()
    cli(prog_name="spacekg")
