"""Which asserted graphs each reasoning view is made of.

The schema view is the ontology and its alignments; it is closed once, and every other view is
closed on top of it. The accepted view is the consensus the derivations run on: every asserted
graph (ontology, entities, background facts, curated links, any other data file) except the
article records and sentence provenance, and, of the per-sentence graphs, those whose sentences
state facts, plans or reports (not expectations or hypotheticals); claims are left out because
they are judged, not believed. A per-article view holds one article's graphs, claims included,
with the ontology and the descriptions of the entities it (or the ontology) mentions: "according
to article X".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import GRAPH, RDF, RDFS, SKG

# Rules also read the article records and the sentence provenance; the OWL closure need not.
RULES_EXTRA = ("sources", "provenance")
SCHEMA_GRAPHS = (GRAPH + "ontology", GRAPH + "alignments")
INFERRED = GRAPH + "inferred/"
SCHEMA_OUTPUT = INFERRED + "schema"
ACCEPTED_OUTPUT = INFERRED + "owl"
ACCEPTED_MODALITIES = {SKG + m for m in ("Asserted", "Reported", "Planned", "Hedged")}
_TYPE = ox.NamedNode(RDF + "type")
_SCO = ox.NamedNode(RDFS + "subClassOf")
_CLAIM = ox.NamedNode(SKG + "Claim")
_ENTITIES = ox.NamedNode(GRAPH + "entities")


@dataclass(frozen=True)
class View:
    """A set of asserted quads the OWL closure is computed over, and the graph the closure goes to.

    ``graphs`` are read whole; ``entities`` adds the ``g:entities`` description of those IRIs;
    ``drop_claims`` leaves out every triple about a claim node."""

    output: str
    graphs: tuple[str, ...]
    entities: tuple[str, ...] = ()
    drop_claims: bool = False

    @property
    def name(self) -> str:
        return self.output.removeprefix(INFERRED)

    def quads(self, store: ox.Store) -> Iterator[ox.Quad]:
        """The view's quads beyond the schema graphs, in a fixed order."""
        claims = _claims(store, self.graphs) if self.drop_claims else set()
        for name in self.graphs:
            for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
                if quad.subject not in claims:
                    yield quad
        for iri in self.entities:
            yield from store.quads_for_pattern(ox.NamedNode(iri), None, None, _ENTITIES)


def sentence_graphs(store: ox.Store) -> dict[str, tuple[str | None, str | None]]:
    """Every per-sentence graph with its source document and modality, from ``g:provenance``."""
    provenance = ox.NamedNode(GRAPH + "provenance")
    out: dict[str, tuple[str | None, str | None]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(SKG + "modality"), None, provenance):
        graph = quad.subject
        if not isinstance(graph, ox.NamedNode):
            continue
        source = next(iter(store.quads_for_pattern(graph, ox.NamedNode(SKG + "source"), None, provenance)), None)
        out[graph.value] = (source.object.value if source is not None else None,  # type: ignore[union-attr]
                            quad.object.value if isinstance(quad.object, ox.NamedNode) else None)
    return out


def asserted_graph_names(store: ox.Store) -> list[str]:
    """Every named graph that holds asserted triples, sorted."""
    return sorted(g.value for g in store.named_graphs()
                  if isinstance(g, ox.NamedNode) and g.value.startswith(GRAPH) and not g.value.startswith(INFERRED))


def accepted_graph_names(store: ox.Store) -> list[str]:
    """Names of the graphs of the accepted view, sorted (the schema graphs included)."""
    sentences = sentence_graphs(store)
    left_out = {GRAPH + n for n in RULES_EXTRA}
    names = []
    for name in asserted_graph_names(store):
        if name in left_out or (name in sentences and sentences[name][1] not in ACCEPTED_MODALITIES):
            continue
        names.append(name)
    return names


def schema_view() -> View:
    return View(SCHEMA_OUTPUT, SCHEMA_GRAPHS)


def accepted_view(store: ox.Store) -> View:
    graphs = tuple(g for g in accepted_graph_names(store) if g not in SCHEMA_GRAPHS)
    return View(ACCEPTED_OUTPUT, graphs, drop_claims=True)


def article_views(store: ox.Store) -> list[View]:
    """Each article's view: its sentence graphs (claims included), and the entity descriptions of
    what the article or the ontology mentions, so that a view's size follows the article, not the
    whole corpus."""
    by_article: dict[str, list[str]] = {}
    for graph, (source, _) in sentence_graphs(store).items():
        if source is not None:
            by_article.setdefault(source, []).append(graph)
    in_schema = {i for i in _mentioned(store, SCHEMA_GRAPHS) if _has_description(store, i)}
    views = []
    for article, graphs in sorted(by_article.items()):
        names = tuple(sorted(graphs))
        mentioned = {i for i in _mentioned(store, names) - in_schema if _has_description(store, i)}
        views.append(View(INFERRED + article.rsplit("/", 1)[1], names, tuple(sorted(in_schema | mentioned))))
    return views


def _mentioned(store: ox.Store, graphs: tuple[str, ...]) -> set[str]:
    found = set()
    for name in graphs:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode):
                    found.add(term.value)
    return found


def _has_description(store: ox.Store, iri: str) -> bool:
    return next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None, _ENTITIES)), None) is not None


def _claims(store: ox.Store, graphs: tuple[str, ...]) -> set[ox.NamedNode | ox.BlankNode]:
    """Nodes typed, in ``graphs``, with skg:Claim or a subclass of it (by the subclass axioms of
    ``graphs`` and the schema)."""
    names = {ox.NamedNode(g) for g in (*SCHEMA_GRAPHS, *graphs)}
    kinds = {_CLAIM}
    frontier = [_CLAIM]
    while frontier:
        kind = frontier.pop()
        for quad in store.quads_for_pattern(None, _SCO, kind, None):
            if quad.graph_name in names and quad.subject not in kinds:
                kinds.add(quad.subject)  # type: ignore[arg-type]
                frontier.append(quad.subject)  # type: ignore[arg-type]
    claims = set()
    for kind in kinds:
        for quad in store.quads_for_pattern(None, _TYPE, kind, None):
            if quad.graph_name in names:
                claims.add(quad.subject)
    return claims  # type: ignore[return-value]
