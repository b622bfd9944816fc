"""Parse the project's RDF files into one rdflib Dataset, one named graph per file or per TriG block."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError
from .files import read_text
from .project import InputFile, Project

# Characters RDF 1.1 forbids in IRIs; rdflib's parsers let some of them through.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


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


def parse_file(dataset: Dataset, path: Path, *, graph: str | None) -> None:
    """Parse one Turtle (into ``graph``) or TriG file (graphs as written) into ``dataset``.

    Raises:
        InputError: see :func:`load_project`.
    """
    text = read_text(path)
    fmt = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads"}.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)")
    # Parse into a scratch dataset first so that a failing file leaves the target untouched.
    scratch = Dataset()
    target = scratch.graph(URIRef(graph)) if graph else scratch
    try:
        with lexical_forms_kept():
            target.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        line, column = _position(text, exc)
        raise InputError(f"{path}:{line}:{column}: {_why(exc)}") from None
    except (SyntaxError, ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        # rdflib's parsers raise assorted built-in exceptions for malformed input.
        raise InputError(f"{path}: malformed {fmt}: {exc}") from None
    for s, p, o, g in scratch.quads((None, None, None, None)):
        for term in (s, p, o, g):
            if isinstance(term, URIRef) and _BAD_IRI.search(term):
                raise InputError(f"{path}:{_line_of(text, str(term))}: invalid IRI <{term}>")
        dataset.add((s, p, o, g if g is not None else DATASET_DEFAULT_GRAPH_ID))


@contextmanager
def lexical_forms_kept() -> Iterator[None]:
    """Parse literals as written: rdflib would otherwise rewrite lexical forms ("Z" to "+00:00"),
    so exports would no longer match the source files."""
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


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


def _line_of(text: str, iri: str) -> int:
    index = text.find(iri)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0
