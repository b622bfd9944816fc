"""Export the knowledge graph for other graph tools, byte-for-byte deterministic."""

from __future__ import annotations

import json
from enum import Enum

from rdflib import Dataset, Graph, URIRef

from .engine import INFERRED_PREFIX, View
from .namespaces import PREFIXES


class ExportFormat(str, Enum):
    """Formats of ``spacekg export``; TriG, N-Quads and JSON-LD keep named graphs."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    TRIG = "trig"
    NQUADS = "nquads"
    JSONLD = "jsonld"


KEEPS_GRAPHS = {ExportFormat.TRIG, ExportFormat.NQUADS, ExportFormat.JSONLD}


def select_lines(nquads: bytes, view: View) -> list[bytes]:
    """Pick the N-Quads lines of the graphs in ``view`` (lines are already sorted)."""
    inferred = f"<{INFERRED_PREFIX}".encode()
    out = []
    for line in nquads.splitlines(keepends=True):
        is_inferred = line[line.rfind(b" <", 0, len(line) - 3) + 1 :].startswith(inferred)
        if view is View.ALL or (view is View.INFERRED) == is_inferred:
            out.append(line)
    return out


def export(nquads: bytes, fmt: ExportFormat, *, view: View = View.ALL) -> bytes:
    """Serialize the graphs of ``view`` from a canonical snapshot in ``fmt``.

    Args:
        nquads: a canonical, sorted snapshot (see :func:`spacekg.build.canonical_nquads`).
        fmt: the output format.
        view: asserted graphs, inferred graphs, or both.

    Returns:
        The serialized bytes; equal inputs give equal bytes.
    """
    lines = select_lines(nquads, view)
    if fmt is ExportFormat.NQUADS:
        return b"".join(lines)
    if fmt is ExportFormat.NTRIPLES:
        triples = {line[: line.rfind(b" <", 0, len(line) - 3)] + b" .\n" for line in lines}
        return b"".join(sorted(triples))
    dataset = Dataset()
    dataset.parse(data=b"".join(lines), format="nquads")
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns, replace=True)
    if fmt is ExportFormat.TURTLE:
        union = Graph()
        for prefix, ns in PREFIXES.items():
            union.bind(prefix, ns, replace=True)
        for triple in dataset.triples((None, None, None)):
            union.add(triple)
        return union.serialize(format="turtle").encode()
    if fmt is ExportFormat.TRIG:
        return dataset.serialize(format="trig").encode()
    return _jsonld(dataset)


def _jsonld(dataset: Dataset) -> bytes:
    # rdflib's JSON-LD writer follows store order and gives blank nodes fresh labels; sort
    # the graph objects and their nodes so that the document is the same on every run.
    context = {prefix: ns for prefix, ns in sorted(PREFIXES.items())}
    doc = json.loads(dataset.serialize(format="json-ld", context=context, auto_compact=False))
    graphs = doc if isinstance(doc, list) else doc.get("@graph", [doc])
    graphs = sorted(graphs, key=lambda g: str(g.get("@id", "")))
    for graph in graphs:
        if isinstance(graph.get("@graph"), list):
            graph["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True))
    out = {"@context": context, "@graph": graphs}
    return (json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def graph_names(dataset: Dataset) -> list[URIRef]:
    """Names of the non-empty named graphs of ``dataset``, sorted."""
    return sorted(g.identifier for g in dataset.graphs() if len(g) and isinstance(g.identifier, URIRef))
