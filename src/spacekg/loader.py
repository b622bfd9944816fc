"""Parse the project's RDF files into one rdflib Dataset, one named graph per file or per TriG block."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import Dataset, URIRef
from rdflib.exceptions import ParserError
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.parsers import notation3
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError
from .files import read_text
from .project import InputFile, Project

_FORMATS = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE),
    ".trig": ("trig", ox.RdfFormat.TRIG),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
    ".nq": ("nquads", ox.RdfFormat.N_QUADS),
}


@dataclass(frozen=True)
class Loaded:
    """The asserted dataset and where its triples came from."""

    dataset: Dataset
    files: tuple[InputFile, ...]


def load_project(project: Project) -> Loaded:
    """Parse every input file of ``project`` into a new Dataset.

    Raises:
        InputError: a file is missing, not UTF-8, or malformed; the message names file, line and column.
    """
    # default_union: pattern look-ups (subjects(), value()) see every named graph.
    dataset = Dataset(default_union=True)
    files = tuple(project.input_files())
    for item in files:
        parse_file(dataset, item.path, graph=item.graph)
    return Loaded(dataset, files)


def parse_file(dataset: Dataset, path: Path, *, graph: str | None, base: str | None = None) -> None:
    """Parse one Turtle (into ``graph``) or TriG file (graphs as written) into ``dataset``.

    Relative IRIs resolve against ``base``, by default the file's own ``file:`` URI.

    Raises:
        InputError: see :func:`load_project`.
    """
    text = read_text(path)
    formats = _FORMATS.get(path.suffix)
    if formats is None:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)")
    fmt, ox_format = formats
    base = base or path.resolve().as_uri()
    _check_syntax(path, text, ox_format, base)
    # Parse into a scratch dataset first so that a failing file leaves the target untouched.
    scratch = Dataset()
    target = scratch.graph(URIRef(graph)) if graph else scratch
    try:
        with lexical_forms_kept(), _relative_iris_resolved_per_rfc3986():
            target.parse(data=text, format=fmt, publicID=base)
    except BadSyntax as exc:
        line, column = _position(text, exc)
        raise InputError(f"{path}:{line}:{column}: {_why(exc)}") from None
    except (
        SyntaxError, ValueError, TypeError, AttributeError, IndexError, KeyError, AssertionError, ParserError
    ) as exc:
        # rdflib's parsers raise assorted exceptions for malformed input, including failed asserts.
        raise InputError(f"{path}: malformed {fmt}: {exc}") from None
    for s, p, o, g in scratch.quads((None, None, None, None)):
        dataset.add((s, p, o, g if g is not None else DATASET_DEFAULT_GRAPH_ID))


def _check_syntax(path: Path, text: str, fmt: ox.RdfFormat, base: str) -> None:
    """Reject input that is not valid RDF 1.1 in ``fmt``.

    rdflib's parsers accept much that the grammars forbid (N3 paths and keywords, IRIs with spaces or
    bad escapes, literals as subjects, surrogate escapes, ...) and would load it as data. pyoxigraph's
    parsers pass the W3C Turtle, TriG, N-Triples and N-Quads suites and report line and column, so they
    decide validity; rdflib still builds the dataset.
    """
    try:
        for _ in ox.parse(text, format=fmt, base_iri=base):
            pass
    except SyntaxError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.offset}: bad syntax: {_oxigraph_reason(exc)}") from None


def _oxigraph_reason(exc: SyntaxError) -> str:
    # The message repeats the position, which the caller puts in file:line:column form.
    return re.sub(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ", "", str(exc.msg))


@contextmanager
def lexical_forms_kept() -> Iterator[None]:
    """Parse literals as written: rdflib would otherwise rewrite lexical forms ("Z" to "+00:00",
    "+1" to "1", "01.5" to "1.5"), so exports would no longer match the source files."""
    # rdflib's Turtle reader turns numeric tokens into int and Decimal objects (through the module's
    # names long_type and Decimal) and later writes str() of them as the literal; string subclasses
    # in their place carry the token text through unchanged.
    with (
        _swapped(rdflib, "NORMALIZE_LITERALS", False),
        _swapped(notation3, "long_type", _IntegerToken),
        _swapped(notation3, "Decimal", _DecimalToken),
    ):
        yield


class _IntegerToken(str):
    """An xsd:integer token exactly as written."""


class _DecimalToken(str):
    """An xsd:decimal token exactly as written."""


@contextmanager
def _relative_iris_resolved_per_rfc3986() -> Iterator[None]:
    """rdflib's Turtle reader resolves relative IRIs with its own ``join``, which mishandles queries and
    dot segments (``<?y>``, ``<g/.>``, ``<../g>`` above the root), so swap in RFC 3986 resolution."""
    with _swapped(notation3, "join", _resolve_iri):
        yield


@contextmanager
def _swapped(owner: object, name: str, value: object) -> Iterator[None]:
    # Module-level switches are all rdflib offers; like any global change this is not thread-safe.
    saved = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, saved)


# RFC 3986 appendix B; groups that do not take part are None, which tells "absent" from "empty".
_IRI_PARTS = re.compile(r"(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?", re.DOTALL)


def _resolve_iri(base: str, reference: str) -> str:
    """Resolve ``reference`` against ``base`` as RFC 3986 section 5.2 says (Turtle and TriG require it).

    An absolute reference is returned as written, as Turtle does not normalize IRIs.

    >>> _resolve_iri("http://a/b/c/d;p?q", "../../g")
    'http://a/g'
    >>> _resolve_iri("http://a/b/c/d;p?q", "?y")
    'http://a/b/c/d;p?y'
    >>> _resolve_iri("http://a/b/c/d;p?q", "g/./h/..")
    'http://a/b/c/g/'
    """
    scheme, authority, path, query, fragment = _iri_parts(reference)
    if scheme is not None:
        return reference
    base_scheme, base_authority, base_path, base_query, _ = _iri_parts(base)
    if authority is not None:
        path = _remove_dot_segments(path)
    else:
        authority = base_authority
        if not path:
            path = base_path
            query = base_query if query is None else query
        elif path.startswith("/"):
            path = _remove_dot_segments(path)
        elif base_authority is not None and not base_path:
            path = _remove_dot_segments("/" + path)
        else:
            path = _remove_dot_segments(base_path[: base_path.rfind("/") + 1] + path)
    return (
        (f"{base_scheme}:" if base_scheme is not None else "")
        + (f"//{authority}" if authority is not None else "")
        + path
        + (f"?{query}" if query is not None else "")
        + (f"#{fragment}" if fragment is not None else "")
    )


def _iri_parts(iri: str) -> tuple[str | None, str | None, str, str | None, str | None]:
    match = _IRI_PARTS.fullmatch(iri)
    assert match is not None, "every part of the pattern is optional"
    scheme, authority, path, query, fragment = match.groups()
    return scheme, authority, path, query, fragment


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4."""
    output: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./") or path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:]
            if output:
                output.pop()
        elif path in (".", ".."):
            path = ""
        else:
            end = path.find("/", 1)
            end = len(path) if end < 0 else end
            output.append(path[:end])
            path = path[end:]
    return "".join(output)


def _position(text: str, exc: BadSyntax) -> tuple[int, int]:
    index = getattr(exc, "_i", None)
    if isinstance(index, int) and 0 <= index <= len(text):
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return line, column
    return getattr(exc, "lines", 0) + 1, 1


def _why(exc: BadSyntax) -> str:
    why = str(getattr(exc, "_why", "") or exc)
    return f"bad syntax: {why}"
