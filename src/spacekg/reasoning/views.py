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
from ..sources.loader import Loaded

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
ENTITIES = GRAPH + "entities"


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

    def quads(self, loaded: Loaded) -> Iterator[ox.Quad]:
        """The view's quads (the schema graphs only for the schema view), in a fixed order."""
        claims = _claims(loaded, self.graphs) if self.drop_claims else set()
        for name in self.graphs:
            for quad in loaded.graphs.get(name, ()):
                if quad.subject not in claims:
                    yield quad
        described = loaded.subjects_in(ENTITIES)
        for iri in self.entities:
            yield from described.get(ox.NamedNode(iri), ())


def sentence_graphs(loaded: Loaded) -> dict[str, tuple[str | None, str | None]]:
    """Every per-sentence graph with its source document and modality, from ``g:provenance``."""
    described = loaded.subjects_in(GRAPH + "provenance")
    out: dict[str, tuple[str | None, str | None]] = {}
    for graph, quads in described.items():
        values = {q.predicate.value: q.object for q in sorted(quads, key=str)}
        modality, source = values.get(SKG + "modality"), values.get(SKG + "source")
        if isinstance(graph, ox.NamedNode) and modality is not None:
            out[graph.value] = (source.value if isinstance(source, ox.NamedNode) else None,
                                modality.value if isinstance(modality, ox.NamedNode) else None)
    return out


def asserted_graph_names(loaded: Loaded) -> list[str]:
    """Every named graph that holds asserted triples, sorted."""
    return sorted(g for g in loaded.graphs if g.startswith(GRAPH) and not g.startswith(INFERRED))


def accepted_graph_names(loaded: Loaded) -> list[str]:
    """Names of the graphs of the accepted view, sorted (the schema graphs included)."""
    sentences = sentence_graphs(loaded)
    left_out = {GRAPH + n for n in RULES_EXTRA}
    names = []
    for name in asserted_graph_names(loaded):
        if name in left_out or (name in sentences and sentences[name][1] not in ACCEPTED_MODALITIES):
            continue
        names.append(name)
    return names


def schema_view() -> View:
    return View(SCHEMA_OUTPUT, SCHEMA_GRAPHS)


def accepted_view(loaded: Loaded) -> View:
    graphs = tuple(g for g in accepted_graph_names(loaded) if g not in SCHEMA_GRAPHS)
    return View(ACCEPTED_OUTPUT, graphs, drop_claims=True)


def article_views(loaded: Loaded) -> list[View]:
    """Each article's view: its sentence graphs (claims included), and the entity descriptions of
    what the article or the ontology mentions, so that a view's size follows the article, not the
    whole corpus."""
    by_article: dict[str, list[str]] = {}
    for graph, (source, _) in sentence_graphs(loaded).items():
        if source is not None:
            by_article.setdefault(source, []).append(graph)
    described = {s.value for s in loaded.subjects_in(ENTITIES) if isinstance(s, ox.NamedNode)}
    in_schema = _mentioned(loaded, SCHEMA_GRAPHS) & described
    views = []
    for article, graphs in sorted(by_article.items()):
        names = tuple(sorted(graphs))
        mentioned = in_schema | (_mentioned(loaded, names) & described)
        views.append(View(INFERRED + article.rsplit("/", 1)[1], names, tuple(sorted(mentioned))))
    return views


def _mentioned(loaded: Loaded, graphs: tuple[str, ...]) -> set[str]:
    found = set()
    for name in graphs:
        for quad in loaded.graphs.get(name, ()):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode):
                    found.add(term.value)
    return found


def _claims(loaded: Loaded, graphs: tuple[str, ...]) -> set[ox.NamedNode | ox.BlankNode]:
    """Nodes typed, in ``graphs``, with skg:Claim or a subclass of it (by the subclass axioms of
    ``graphs`` and the schema)."""
    store = loaded.store
    names = {ox.NamedNode(g) for g in (*SCHEMA_GRAPHS, *graphs)}
    kinds: set[object] = {_CLAIM}
    frontier: list[object] = [_CLAIM]
    while frontier:
        for quad in store.quads_for_pattern(None, _SCO, frontier.pop(), None):  # type: ignore[arg-type]
            if quad.graph_name in names and quad.subject not in kinds:
                kinds.add(quad.subject)
                frontier.append(quad.subject)
    data = names - {ox.NamedNode(g) for g in SCHEMA_GRAPHS}
    return {q.subject for kind in kinds for q in store.quads_for_pattern(None, _TYPE, kind, None)  # type: ignore[arg-type]
            if q.graph_name in data}
