"""spacekg's facts in Wikidata's own terms: ``wdt:`` truthy triples and ``p:``/``ps:`` statement
nodes whose ``prov:wasDerivedFrom`` reference points at the article or the cited page the fact came
from, so that the view loads next to a Wikidata extract and WDQS queries run on it unchanged.

Only facts whose subject (and object, when it is an entity) has a verified Q-id, and whose
property has a Wikidata mapping (``skos:exactMatch wd:P…`` in the alignments), are written; the
others are counted as left out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import GRAPH, SKG
from ..store.engine import KnowledgeGraph

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PR = "http://www.wikidata.org/prop/reference/"
PROV = "http://www.w3.org/ns/prov#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
VIEW_PREFIXES = {"wd": WD, "wdt": WDT, "p": P, "ps": PS, "pr": PR, "prov": PROV,
                 "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
_STATEMENT = "https://w3id.org/spacekg/statement/"
_REFERENCE = "https://w3id.org/spacekg/reference/"

# Facts stated on events map to the spacecraft they concern: Wikidata records a launch date on
# the spacecraft or mission item (P619), not on a launch event.
_FACTS = f"""
SELECT DISTINCT ?item ?property ?value ?graph ?subject WHERE {{
  {{
    GRAPH ?graph {{ ?s ?p ?o }}
    BIND (?s AS ?subject)
    ?p skos:exactMatch ?wp . FILTER (STRSTARTS(STR(?wp), "{WD}P"))
    ?s <{SKG}wikidata> ?item .
    OPTIONAL {{ ?o <{SKG}wikidata> ?objectItem }}
    FILTER (isLiteral(?o) || BOUND(?objectItem))
    BIND (COALESCE(?objectItem, ?o) AS ?value)
    BIND (STRAFTER(STR(?wp), "{WD}") AS ?property)
  }} UNION {{
    GRAPH ?graph {{ ?event <{SKG}time> ?value }}
    BIND (?event AS ?subject)
    {{ ?event a <{SKG}LaunchEvent> ; <{SKG}payload> ?craft . BIND ("P619" AS ?property) }}
    UNION {{ ?event a <{SKG}LandingEvent> ; <{SKG}landedSpacecraft> ?craft . BIND ("P620" AS ?property) }}
    UNION {{ ?event a <{SKG}CrewedMission> . BIND (?event AS ?craft) BIND ("P619" AS ?property) }}
    ?craft <{SKG}wikidata> ?item .
  }} UNION {{
    GRAPH ?graph {{ ?event ?eventProperty ?target }}
    BIND (?event AS ?subject)
    VALUES (?eventProperty ?property) {{ (<{SKG}launchVehicle> "P375") (<{SKG}launchSite> "P448") }}
    ?event <{SKG}payload> ?craft . ?craft <{SKG}wikidata> ?item . ?target <{SKG}wikidata> ?value .
  }}
  FILTER (!STRSTARTS(STR(?graph), "{GRAPH}inferred/"))
}}"""

_TYPES = f"""
SELECT DISTINCT ?item ?class WHERE {{
  ?entity <{SKG}wikidata> ?item ; a ?type . ?type skos:exactMatch ?class .
  FILTER (STRSTARTS(STR(?class), "{WD}Q"))
}}"""

_LABELS = f"""
SELECT DISTINCT ?item ?label WHERE {{ GRAPH <{GRAPH}entities> {{ ?entity <{SKG}wikidata> ?item ; rdfs:label ?label }} }}"""

_ASSERTED_FACTS = f"""
SELECT (COUNT(*) AS ?n) WHERE {{
  GRAPH ?graph {{ ?s ?p ?o }}
  FILTER (STRSTARTS(STR(?p), "{SKG}"))
  FILTER (?graph = <{GRAPH}background> || EXISTS {{ ?graph <{SKG}statedIn> ?sentence }})
}}"""


@dataclass(frozen=True)
class WikidataView:
    """The Wikidata-shaped quads, and how many asserted facts had no Wikidata form."""

    quads: tuple[ox.Quad, ...]
    mapped: int
    left_out: int


def wikidata_view(kg: KnowledgeGraph) -> WikidataView:
    """Translate the knowledge graph's mapped facts into Wikidata's vocabulary."""
    out: set[ox.Quad] = set()
    default = ox.DefaultGraph()
    facts = kg.query(_FACTS).rows
    for item, prop, value, graph, subject in facts:
        assert item is not None and prop is not None and value is not None and graph is not None
        out.add(ox.Quad(item, ox.NamedNode(WDT + prop.value), value, default))
        key = f"{item}|{prop.value}|{value}"
        statement = ox.NamedNode(_STATEMENT + hashlib.sha256(key.encode()).hexdigest()[:20])
        out.add(ox.Quad(item, ox.NamedNode(P + prop.value), statement, default))
        out.add(ox.Quad(statement, ox.NamedNode(PS + prop.value), value, default))
        for source in _sources(kg, graph, subject):  # type: ignore[arg-type]
            reference = ox.NamedNode(_REFERENCE + hashlib.sha256(source.encode()).hexdigest()[:20])
            out.add(ox.Quad(statement, ox.NamedNode(PROV + "wasDerivedFrom"), reference, default))
            out.add(ox.Quad(reference, ox.NamedNode(PR + "P854"), ox.Literal(source), default))
    for item, cls in kg.query(_TYPES).rows:
        out.add(ox.Quad(item, ox.NamedNode(WDT + "P31"), cls, default))  # type: ignore[arg-type]
    for item, label in kg.query(_LABELS).rows:
        out.add(ox.Quad(item, ox.NamedNode(RDFS_LABEL), label, default))  # type: ignore[arg-type]
    mapped = len({(r[0], r[1], r[2]) for r in facts})
    total = int(kg.query(_ASSERTED_FACTS).rows[0][0].value)  # type: ignore[union-attr]
    ordered = tuple(sorted(out, key=lambda q: (str(q.subject), str(q.predicate), str(q.object))))
    return WikidataView(ordered, mapped, total - mapped)


def _sources(kg: KnowledgeGraph, graph: ox.NamedNode, subject: ox.NamedNode) -> list[str]:
    """Where a graph's facts about ``subject`` come from: the article they were extracted from, or the
    pages cited for that subject."""
    rows = kg.query(f"""SELECT DISTINCT ?source WHERE {{
        {{ <{graph.value}> <{SKG}source> ?source }}
        UNION {{ GRAPH <{graph.value}> {{ <{subject.value}> <{SKG}citation> ?source }} FILTER (<{graph.value}> = <{GRAPH}background>) }}
    }}""").rows
    return sorted(r[0].value for r in rows if r[0] is not None)


def view_store(view: WikidataView) -> KnowledgeGraph:
    """A queryable store of the view, with Wikidata's data in the default graph as WDQS has it."""
    store = ox.Store()
    store.extend(view.quads)
    return KnowledgeGraph(store, default_is_union=False)
