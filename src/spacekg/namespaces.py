"""IRIs and prefixes used across spacekg, as plain strings so that no RDF library is needed to use them."""

from __future__ import annotations

import re

BASE = "https://w3id.org/spacekg/"
SKG = BASE + "ontology#"
ONTOLOGY = BASE + "ontology"
ID = BASE + "id/"
SOURCE = BASE + "source/"
GRAPH = BASE + "graph/"
# Skolem IRIs stand for blank nodes on the wire (RDF 1.1 Concepts, section 3.5).
GENID = BASE + ".well-known/genid/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
# Wikidata's entities and direct properties (its RDF dump format).
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
# Wikibase's ontology, the query service's service parameters, and schema.org as Wikidata writes it.
WIKIBASE = "http://wikiba.se/ontology#"
BD = "http://www.bigdata.com/rdf#"
WD_SCHEMA = "http://schema.org/"

PREFIXES: dict[str, str] = {
    "skg": SKG,
    "d": ID,
    "src": SOURCE,
    "g": GRAPH,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": "http://purl.org/dc/terms/",
    "prov": PROV,
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "wd": WD,
    "wdt": WDT,
    "vann": "http://purl.org/vocab/vann/",
}


# The graphs a build derives: the schema's closure, the accepted view's, each article's
# (INFERRED_PREFIX + its id) and the derivation rules'; and the justification records. No input
# file may write them.
INFERRED_PREFIX = GRAPH + "inferred/"
JUSTIFICATIONS_GRAPH = GRAPH + "justifications"


def graph_iri(name: str) -> str:
    """Return the IRI of the named graph ``name``.

    Example:
        >>> graph_iri("sources")
        'https://w3id.org/spacekg/graph/sources'
    """
    return GRAPH + name


def shorten(iri: str) -> str:
    """Write ``iri`` as a prefixed name when a known prefix covers it.

    Example:
        >>> shorten("https://w3id.org/spacekg/id/china")
        'd:china'
        >>> shorten("http://example.org/x")
        '<http://example.org/x>'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]):]}"
    return f"<{iri}>"


def expand(name: str) -> str:
    """Expand a prefixed name (``d:china``) or ``<iri>`` to a full IRI; return other text unchanged.
    A Wikidata item is its entity IRI however it is written: ``wd:q42``, its page's address.

    Example:
        >>> expand("skg:Lander")
        'https://w3id.org/spacekg/ontology#Lander'
        >>> expand("wd:q42") == expand("<https://www.wikidata.org/wiki/Q42>") == WD + "Q42"
        True
    """
    if name.startswith("<") and name.endswith(">"):
        return _wikidata_item(name[1:-1])
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return _wikidata_item(PREFIXES[prefix] + local)
    return _wikidata_item(name)


def _wikidata_item(iri: str) -> str:
    item = _WIKIDATA_ITEM.fullmatch(iri)
    return f"{WD}Q{item[1]}" if item else iri


# An item's entity IRI with a lower-case "q", or its page (desktop or mobile, http or https).
_WIKIDATA_ITEM = re.compile(r"https?://(?:www\.|m\.)?wikidata\.org/(?:entity|wiki)/[Qq]([1-9][0-9]*)")
