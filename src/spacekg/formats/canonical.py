"""Canonical serialization: the one place quads become the bytes the caches and the snapshot hold.

Blank nodes are labelled by RDF Dataset Canonicalization (RDFC-1.0, pyoxigraph's implementation),
run on each set of linked blank nodes alone and named by a digest: a label depends only on the
statements that reach that blank node, so an edit elsewhere (a comment added to the ontology, a
blank node added to an article) leaves the labels, and the export, unchanged. Lines are N-Quads written by
pyoxigraph, sorted, so the same quads always give the same bytes; the snapshot is in export order.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple, TypeVar, cast

import pyoxigraph as ox

from ..rdf import serialize

# RDFC-1.0 tells blank nodes with the same statements apart by their neighbours, which costs about
# the cube of how many there are in a chain: 0.1 s for a list of 100 identical items, 6 s for 400.
MAX_AMBIGUOUS_BLANK_NODES = 100


def ambiguous_blank_nodes(quads: Iterable[ox.Quad]) -> int:
    """How many blank nodes share their own statements' shape (RDFC-1.0's first-degree hash) with
    another blank node while linked to other blank nodes: the ones canonicalization must search."""
    shapes: dict[ox.BlankNode, list[str]] = defaultdict(list)
    linked: set[ox.BlankNode] = set()
    for quad in quads:
        nodes = [t for t in (quad.subject, quad.object, quad.graph_name) if isinstance(t, ox.BlankNode)]
        for node in nodes:
            shapes[node].append(" ".join(
                "_:a" if t == node else "_:z" if isinstance(t, ox.BlankNode) else str(t)
                for t in (quad.subject, quad.predicate, quad.object, quad.graph_name)))
            if len(set(nodes)) > 1:
                linked.add(node)
    counts: dict[str, int] = defaultdict(int)
    first_degree = {}
    for node, lines in shapes.items():
        first_degree[node] = hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()
        counts[first_degree[node]] += 1
    return sum(1 for node in linked if counts[first_degree[node]] > 1)


def canonical_blank_nodes(quads: list[ox.Quad]) -> list[ox.Quad]:
    """``quads`` with every blank node relabelled canonically (``_:c14n`` and twelve hex digits).

    Only the quads that mention a blank node take part, and each set of blank nodes linked to one
    another through quads (a component) is labelled on its own: RDFC-1.0 labels the component,
    and each node is named by a digest of the component's canonical quads and its own label
    there. RDFC-1.0 over all of them at once numbers the nodes in the order of their hashes, so
    a blank node added anywhere renumbered every node after it, and an export's diff touched
    lines that had not changed. Components with the same quads (automorphic copies) take
    ``_1``, ``_2``... on their labels, in any order, which gives the same quads.
    """
    blank = [q for q in quads if _has_blank(q)]
    if not blank:
        return quads
    named: list[tuple[str, list[ox.Quad]]] = []
    for component in _components(blank):
        dataset = ox.Dataset(component)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        canonical = list(dataset)
        named.append((hashlib.sha256(nquads(canonical)).hexdigest(), canonical))
    labels: dict[str, int] = defaultdict(int)
    out = [q for q in quads if not _has_blank(q)]
    for digest, canonical in sorted(named, key=lambda item: item[0]):
        renamed: dict[str, ox.BlankNode] = {}
        for node in sorted({t.value for q in canonical for t in (q.subject, q.object, q.graph_name)
                            if isinstance(t, ox.BlankNode)}):
            base = "c14n" + hashlib.sha256(f"{digest} {node}".encode()).hexdigest()[:12]
            renamed[node] = ox.BlankNode(base + (f"_{labels[base]}" if labels[base] else ""))
            labels[base] += 1
        out += [ox.Quad(_renamed(q.subject, renamed), q.predicate, _renamed(q.object, renamed),
                        _renamed(q.graph_name, renamed)) for q in canonical]
    return out


_Term = TypeVar("_Term")


def _renamed(term: _Term, names: dict[str, ox.BlankNode]) -> _Term:
    return cast(_Term, names[term.value]) if isinstance(term, ox.BlankNode) else term


def _components(quads: list[ox.Quad]) -> list[list[ox.Quad]]:
    """``quads`` grouped by the blank nodes they link: two quads are in one group when a chain of
    quads, each sharing a blank node with the next, joins them."""
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for quad in quads:
        nodes = [t for t in (quad.subject, quad.object, quad.graph_name) if isinstance(t, ox.BlankNode)]
        for node in nodes[1:]:
            parent[root(node)] = root(nodes[0])
    groups: dict[ox.BlankNode, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        first = next(t for t in (quad.subject, quad.object, quad.graph_name) if isinstance(t, ox.BlankNode))
        groups[root(first)].append(quad)
    return list(groups.values())


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode) or isinstance(
        quad.graph_name, ox.BlankNode)


def nquads_lines(quads: Iterable[ox.Quad] | Iterable[ox.Triple]) -> list[bytes]:
    """The sorted N-Quads lines of ``quads`` (each ending in a newline), duplicates removed."""
    data = serialize(quads, ox.RdfFormat.N_QUADS)
    return sorted(set(data.splitlines(keepends=True)))


def nquads(quads: Iterable[ox.Quad] | Iterable[ox.Triple]) -> bytes:
    """``quads`` as canonical N-Quads: sorted lines, one per distinct quad."""
    return b"".join(nquads_lines(quads))


class Merged(NamedTuple):
    """A snapshot body in export order, how many named graphs it has, and where each graph's lines
    are in it: the graph's term as written (:data:`DEFAULT` for the default graph), its first byte
    and the byte after its last line."""

    body: bytes
    graphs: int
    spans: tuple[tuple[bytes, int, int], ...]


def merge_sorted(*parts: bytes, one_graph: Iterable[bytes] = ()) -> Merged:
    """N-Quads documents that share no quad merged into one document in export order (see
    :func:`spacekg.formats.export.quad_order`): graph by graph, graph names sorted, each graph's
    lines sorted. Sorting a graph's lines as bytes sorts them by subject, predicate and object,
    because the space that ends a term sorts below any character that could continue it.

    Each document of ``one_graph`` holds the quads of one graph only, in sorted lines (as
    :func:`nquads` writes them: a view's closure): it is that graph's lines as they are, unless
    another document has lines of that graph too. Sorting every line into its graph is most of
    what a merge costs.

    Raises:
        ValueError: a document of ``one_graph`` holds quads of more than one graph.
    """
    by_graph: dict[bytes, list[bytes]] = defaultdict(list)
    for part in parts:
        for line in part.splitlines(keepends=True):
            by_graph[graph_key(line)].append(line)
    alone: dict[bytes, bytes] = {}
    for part in one_graph:
        if not part:
            continue
        graph = graph_key(part[:part.index(b"\n") + 1])
        if graph == DEFAULT or part.count(b" %s .\n" % graph) != part.count(b"\n"):
            raise ValueError(f"a document of one graph holds quads of others: {part[:200]!r}")
        if graph in by_graph or graph in alone:
            by_graph[graph] += part.splitlines(keepends=True)
        else:
            alone[graph] = part
    out: list[bytes] = []
    spans = []
    at = 0
    for graph in sorted(by_graph.keys() | alone.keys()):
        if graph in by_graph:
            by_graph[graph] += alone.pop(graph, b"").splitlines(keepends=True)
            block = b"".join(sorted(by_graph[graph]))
        else:
            block = alone[graph]
        out.append(block)
        spans.append((graph, at, at + len(block)))
        at += len(block)
    return Merged(b"".join(out), len(spans) - (DEFAULT in by_graph), tuple(spans))


# How quad_order names the default graph (str(ox.DefaultGraph())), so that both sort it alike.
DEFAULT = b"DEFAULT"


def graph_key(line: bytes) -> bytes:
    """The graph term of an N-Quads line as written (:data:`DEFAULT` for a triple). Subject,
    predicate and graph hold no space, nor does an object that is not a literal; a literal may,
    but nothing after its closing quote (the last quote of the line) holds a quote. The graph is
    the term before the final " .": a line without a quote is a quad when it holds four spaces, a line
    with one when two spaces follow its last quote."""
    quote = line.rfind(b'"')
    if line.count(b" ", quote + 1) == (2 if quote >= 0 else 4):
        return line[line.rfind(b" ", 0, -3) + 1:-3]
    return DEFAULT
