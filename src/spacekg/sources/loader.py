"""Parse the project's RDF files into one rdflib Dataset, one named graph per file or per TriG block.

pyoxigraph parses: it passes the W3C Turtle, TriG, N-Triples and N-Quads suites, reports line and
column, keeps every literal's lexical form, and resolves relative IRIs per RFC 3986, whereas
rdflib's own parsers accept invalid input (N3 paths, IRIs with spaces, literals as subjects) and
rewrite numbers. The quads are then turned into rdflib terms, so rdflib and owlrl work on exactly
what the files say.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from ..errors import InputError
from .files import read_text
from .project import InputFile, Project

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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

    Relative IRIs resolve against ``base``, by default the file's own ``file:`` URI. Blank nodes
    are named by their order in the file, so the same file always gives the same labels, and
    exports stay byte-identical without a costly canonicalization.

    Raises:
        InputError: see :func:`load_project`; a failing file adds nothing to ``dataset``.
    """
    text = read_text(path)
    fmt = _FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)")
    try:
        quads = list(ox.parse(text, format=fmt, base_iri=base or path.resolve().as_uri()))
    except SyntaxError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.offset}: bad syntax: {_reason(exc)}") from None
    except RecursionError:
        raise InputError(f"{path}: nesting too deep to load") from None
    except MemoryError as exc:  # pyoxigraph refuses a single term over its 16 MiB buffer
        raise InputError(f"{path}: a term too large to load ({exc})") from None
    prefix = hashlib.sha256(path.name.encode() + b"\0" + text.encode()).hexdigest()[:8]
    blanks: dict[str, BNode] = {}

    def term(node: object) -> Node:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            if node.value not in blanks:
                blanks[node.value] = BNode(f"b{prefix}x{len(blanks)}")
            return blanks[node.value]
        assert isinstance(node, ox.Literal)
        if node.language:
            return Literal(node.value, lang=node.language, normalize=False)
        datatype = node.datatype.value
        return Literal(node.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype), normalize=False)

    target = URIRef(graph) if graph else None
    for quad in quads:
        name = target if target is not None else (
            DATASET_DEFAULT_GRAPH_ID if isinstance(quad.graph_name, ox.DefaultGraph) else term(quad.graph_name))
        dataset.add((term(quad.subject), term(quad.predicate), term(quad.object), name))  # type: ignore[arg-type]


def _reason(exc: SyntaxError) -> str:
    # The message repeats the position, which the caller puts in file:line:column form.
    return re.sub(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ", "", str(exc.msg))
