"""The one bridge between spacekg's terms (pyoxigraph) and rdflib's, for owlrl and pySHACL.

Literals keep their lexical form (rdflib would otherwise normalize "01"^^xsd:integer to "1").
An ``xsd:string`` literal becomes an rdflib literal without a datatype, as rdflib writes plain
literals; the way back restores ``xsd:string``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import XSD
from .rdf import Term, spo

_XSD_STRING = XSD + "string"
# rdflib logs a traceback for every ill-typed literal it is handed; the reasoners report those.
logging.getLogger("rdflib.term").addFilter(
    lambda record: not record.getMessage().startswith("Failed to convert Literal lexical form"))


def to_rdflib(term: Term) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language, normalize=False)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype), normalize=False)


def from_rdflib(term: Node) -> Term:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or _XSD_STRING)))


def graph_of(triples: Iterable[tuple[Term, Term, Term] | ox.Triple | ox.Quad]) -> Graph:
    """An rdflib Graph holding ``triples`` (quads lose their graph name)."""
    graph = Graph()
    for t in triples:
        s, p, o = spo(t) if isinstance(t, (ox.Triple, ox.Quad)) else t
        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return graph
