"""Which asserted graphs each reasoning view is made of.

The accepted view is the consensus the derivations run on: every asserted graph (ontology,
entities, background facts, curated links, any other data file) except the article records and
sentence provenance, and, of the per-sentence graphs, those whose sentences state facts, plans or
reports (not expectations or hypotheticals); claims are left out because they are judged, not
believed. A per-article view holds one article's graphs, claims included, with the ontology and the
descriptions of the entities it mentions: "according to article X".
"""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from ..namespaces import GRAPH, SKG

# Rules also read the article records and the sentence provenance; the OWL closure need not.
RULES_EXTRA = ("sources", "provenance")
ACCEPTED_MODALITIES = {URIRef(SKG + m) for m in ("Asserted", "Reported", "Planned", "Hedged")}
_MODALITY = URIRef(SKG + "modality")
_SOURCE = URIRef(SKG + "source")
_CLAIM = URIRef(SKG + "Claim")


def sentence_graphs(dataset: Dataset) -> dict[URIRef, tuple[URIRef | None, URIRef | None]]:
    """Every per-sentence graph with its source document and modality, from ``g:provenance``."""
    provenance = dataset.graph(URIRef(GRAPH + "provenance"))
    out: dict[URIRef, tuple[URIRef | None, URIRef | None]] = {}
    for g in set(provenance.subjects(_MODALITY, None)):
        source, modality = provenance.value(g, _SOURCE), provenance.value(g, _MODALITY)
        out[g] = (source, modality)  # type: ignore[assignment]
    return out


def accepted_graph_names(dataset: Dataset) -> list[URIRef]:
    """Names of the graphs of the accepted view, sorted."""
    sentences = sentence_graphs(dataset)
    left_out = {URIRef(GRAPH + n) for n in RULES_EXTRA}
    names = []
    for context in dataset.graphs():
        name = context.identifier
        if not isinstance(name, URIRef) or not str(name).startswith(GRAPH) or name in left_out or not len(context):
            continue
        if name in sentences and sentences[name][1] not in ACCEPTED_MODALITIES:
            continue
        names.append(name)
    return sorted(names)


def article_views(dataset: Dataset) -> dict[URIRef, Graph]:
    """Each article's reasoning view: the ontology, the article's sentence graphs (claims included),
    and the entity descriptions of what the article mentions, so that a view's size follows the
    article, not the whole corpus."""
    by_article: dict[URIRef, list[URIRef]] = {}
    for graph, (source, _) in sentence_graphs(dataset).items():
        if source is not None:
            by_article.setdefault(source, []).append(graph)
    schema = reasoning_input(dataset, [URIRef(GRAPH + n) for n in ("ontology", "alignments")], drop_claims=False)
    entities = dataset.graph(URIRef(GRAPH + "entities"))
    views = {}
    for article, graphs in sorted(by_article.items()):
        view = Graph()
        view += schema
        for name in sorted(graphs):
            for triple in dataset.graph(name):
                view.add(triple)
        mentioned = {t for triple in view for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
        for entity in sorted(mentioned):
            for triple in entities.triples((entity, None, None)):
                view.add(triple)
        views[article] = view
    return views


def reasoning_input(dataset: Dataset, names: list[URIRef], *, drop_claims: bool) -> Graph:
    """The union of graphs ``names`` as one rdflib Graph, optionally without claim nodes."""
    union = Graph()
    for name in names:
        for triple in dataset.graph(name):
            union.add(triple)
    if drop_claims:
        claim_classes = {_CLAIM} | set(union.transitive_subjects(RDFS.subClassOf, _CLAIM))
        claims = {s for c in claim_classes for s in union.subjects(RDF.type, c)}
        for claim in claims:
            union.remove((claim, None, None))
    return union
