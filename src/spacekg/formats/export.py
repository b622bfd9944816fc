"""Export the knowledge graph for other graph tools, byte-for-byte deterministic.

The snapshot already has canonical blank-node labels; the export sorts the quads and writes
them with pyoxigraph's serializers, which keep every literal's lexical form as written.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..rdf import serialize
from ..store.engine import INFERRED_PREFIX, JUSTIFICATIONS_GRAPH
from ..store.graphs import View
from .jsonld import compact_jsonld, expanded_jsonld
from .kinds import ExportFormat

_FORMATS = {
    ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
    ExportFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
    ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
    ExportFormat.JSONLD: ox.RdfFormat.JSON_LD,
    ExportFormat.JSONLD_EXPANDED: ox.RdfFormat.JSON_LD,
}
KEEPS_GRAPHS = {ExportFormat.TRIG, ExportFormat.NQUADS, ExportFormat.JSONLD, ExportFormat.JSONLD_EXPANDED}


def _in_view(quad: ox.Quad, view: View) -> bool:
    graph = quad.graph_name
    name = graph.value if isinstance(graph, ox.NamedNode) else ""
    if (view is View.JUSTIFICATIONS) != (name == JUSTIFICATIONS_GRAPH):
        return False
    return view in (View.ALL, View.JUSTIFICATIONS) or (view is View.INFERRED) == name.startswith(INFERRED_PREFIX)


def quad_order(quad: ox.Quad) -> tuple[str, str, str, str]:
    """The order of quads in exports and in the snapshot: graph, subject, predicate, object
    (:func:`spacekg.formats.canonical.export_order` gives the same order from N-Quads lines)."""
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def triple_order(triple: ox.Triple) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def export(quads: bytes | Iterable[ox.Quad], fmt: ExportFormat, *, view: View = View.ALL,
           in_order: bool = False) -> bytes:
    """Serialize the graphs of ``view`` in ``fmt``.

    Args:
        quads: N-Quads, or quads (the justification records); with ``in_order``, a snapshot
            already sorted by :func:`quad_order` and written by pyoxigraph (see
            :mod:`spacekg.formats.canonical`), whose bytes are then the N-Quads export of all graphs.
        fmt: the output format.
        view: asserted graphs, inferred graphs, or both.

    Returns:
        The serialized bytes; equal inputs give equal bytes.

    Example:
        >>> data = b'<http://a/s> <http://a/p> "1" <https://w3id.org/spacekg/graph/x> .\\n'
        >>> export(data, ExportFormat.NTRIPLES)
        b'<http://a/s> <http://a/p> "1" .\\n'
    """
    if in_order and fmt is ExportFormat.NQUADS and view is View.ALL and isinstance(quads, bytes):
        return quads
    source = ox.parse(quads, format=ox.RdfFormat.N_QUADS, lenient=in_order) if isinstance(quads, bytes) else quads
    chosen = [q for q in source if _in_view(q, view)]
    if fmt in KEEPS_GRAPHS:
        if not in_order:
            chosen = sorted(set(chosen), key=quad_order)
        items: list[ox.Quad] | list[ox.Triple] = chosen
    else:
        items = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in chosen}, key=triple_order)
    prefixes = PREFIXES if fmt in (ExportFormat.TURTLE, ExportFormat.TRIG) else None
    data = serialize(items, _FORMATS[fmt], prefixes=prefixes)
    if fmt is ExportFormat.JSONLD:
        return compact_jsonld(data, PREFIXES)
    return expanded_jsonld(data) if fmt is ExportFormat.JSONLD_EXPANDED else data
