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
from weakref import WeakKeyDictionary

import pyoxigraph as ox

from ..namespaces import GRAPH, RDF, RDFS, SKG
from ..sources.loader import Loaded
from ..store.engine import ACCEPTED_OUTPUT, INFERRED_PREFIX, SCHEMA_OUTPUT
from .terms import IRI, Triple

# Rules also read the article records and the sentence provenance; the OWL closure need not.
RULES_EXTRA = ("sources", "provenance")
SCHEMA_GRAPHS = (GRAPH + "ontology", GRAPH + "alignments")
ACCEPTED_MODALITIES = {SKG + m for m in ("Asserted", "Reported", "Planned", "Hedged")}
ENTITIES = GRAPH + "entities"


@dataclass(frozen=True)
class View:
    """A set of asserted triples the OWL closure is computed over, and the graph the closure goes to.

    ``graphs`` are read whole; ``entities`` adds the ``g:entities`` description of those IRIs;
    ``drop_claims`` leaves out every triple about a claim node."""

    output: str
    graphs: tuple[str, ...]
    entities: tuple[str, ...] = ()
    drop_claims: bool = False

    @property
    def name(self) -> str:
        return self.output.removeprefix(INFERRED_PREFIX)

    def parts(self, loaded: Loaded) -> Iterator[tuple[str, list[Triple]]]:
        """The view's triples (term numbers of ``loaded``), a list for each graph it reads and for
        each entity description, with the graph that list is read from."""
        claims = _claims(loaded, self.graphs) if self.drop_claims else set()
        for name in self.graphs:
            triples = loaded.graphs.get(name, [])
            yield name, [t for t in triples if t[0] not in claims] if claims else triples
        described = loaded.subjects_in(ENTITIES)
        ids = loaded.terms.ids
        for iri in self.entities:
            yield ENTITIES, described.get(ids.get(ox.NamedNode(iri), -1), [])

    def triples(self, loaded: Loaded) -> Iterator[tuple[Triple, str]]:
        """The view's triples (term numbers of ``loaded``), each with the graph it is read from."""
        for name, triples in self.parts(loaded):
            for triple in triples:
                yield triple, name

    def digests(self, loaded: Loaded) -> list[str]:
        """What the view reads, as hashes: its graphs', and its entities' descriptions'."""
        return ([f"{g} {loaded.digest(g)}" for g in self.graphs]
                + [f"{e} {loaded.digest(ENTITIES, e)}" for e in self.entities] + [f"claims={self.drop_claims}"])


def sentence_graphs(loaded: Loaded) -> dict[str, tuple[str | None, str | None]]:
    """Every per-sentence graph with its source document and modality, from ``g:provenance``."""
    found = _SENTENCES.get(loaded)
    if found is None:
        found = _SENTENCES[loaded] = _sentence_graphs(loaded)
    return dict(found)


# Each build reads them three times (the accepted view, the articles' views, the rules' graphs).
_SENTENCES: WeakKeyDictionary[Loaded, dict[str, tuple[str | None, str | None]]] = WeakKeyDictionary()


def _sentence_graphs(loaded: Loaded) -> dict[str, tuple[str | None, str | None]]:
    terms = loaded.terms.terms
    ids = loaded.terms.ids
    modality, source = ids.get(ox.NamedNode(SKG + "modality"), -1), ids.get(ox.NamedNode(SKG + "source"), -1)
    out: dict[str, tuple[str | None, str | None]] = {}
    for subject, triples in loaded.subjects_in(GRAPH + "provenance").items():
        graph = terms[subject]
        values = {p: terms[o] for _, p, o in sorted(triples)}
        said, came = values.get(modality), values.get(source)
        if isinstance(graph, ox.NamedNode) and said is not None:
            out[graph.value] = (came.value if isinstance(came, ox.NamedNode) else None,
                                said.value if isinstance(said, ox.NamedNode) else None)
    return out


def asserted_graph_names(loaded: Loaded) -> list[str]:
    """Every named graph that holds asserted triples, sorted."""
    return sorted(g for g in loaded.graphs if g.startswith(GRAPH) and not g.startswith(INFERRED_PREFIX))


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
    described = set(loaded.subjects_in(ENTITIES))
    in_schema = _mentioned(loaded, SCHEMA_GRAPHS) & described
    terms = loaded.terms.terms
    views = []
    for article, graphs in sorted(by_article.items()):
        names = tuple(sorted(graphs))
        mentioned = in_schema | (_mentioned(loaded, names) & described)
        iris = tuple(sorted(terms[i].value for i in mentioned))
        views.append(View(INFERRED_PREFIX + article.rsplit("/", 1)[1], names, iris))
    return views


def _mentioned(loaded: Loaded, graphs: tuple[str, ...]) -> set[int]:
    """The IRIs that are subjects or objects in ``graphs``, as term numbers."""
    kind = loaded.terms.kind
    found = set()
    for name in graphs:
        for s, _, o in loaded.graphs.get(name, ()):
            found.add(s)
            found.add(o)
    return {i for i in found if kind[i] == IRI}


def _claims(loaded: Loaded, graphs: tuple[str, ...]) -> set[int]:
    """Nodes typed, in ``graphs``, with skg:Claim or a subclass of it (by the subclass axioms of
    ``graphs`` and the schema), as term numbers."""
    ids = loaded.terms.ids
    sco, typ, claim = (ids.get(ox.NamedNode(iri), -1) for iri in (RDFS + "subClassOf", RDF + "type", SKG + "Claim"))
    subclasses: dict[int, set[int]] = {}
    for name in (*SCHEMA_GRAPHS, *graphs):
        for s, p, o in loaded.graphs.get(name, ()):
            if p == sco:
                subclasses.setdefault(o, set()).add(s)
    kinds = {claim}
    frontier = [claim]
    while frontier:
        for sub in subclasses.get(frontier.pop(), ()):
            if sub not in kinds:
                kinds.add(sub)
                frontier.append(sub)
    return {s for name in graphs for s, p, o in loaded.graphs.get(name, ()) if p == typ and o in kinds}
