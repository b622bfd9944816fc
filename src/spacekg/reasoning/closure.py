"""OWL 2 RL closure with owlrl: reason on a copy, keep only new useful triples, report inconsistencies.

This is the only module that imports owlrl. Every reasoner behind spacekg's interface takes a
graph and returns the triples it entails beyond it; owlrl is the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..errors import InconsistencyError

_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
_ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
_BUILTIN = (str(OWL), str(RDF), str(RDFS), str(XSD))
# owlrl states that every class is its own subclass and equivalent, every property its own
# subproperty: true, and useless in an export.
_REFLEXIVE_NOISE = (OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf)
_IRI = re.compile(r"https?://[^\s'\",)>]+")


@dataclass(frozen=True)
class Closure:
    """What the reasoner entailed beyond its input, after noise was removed."""

    triples: frozenset[tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]]
    dropped: int


def closure(view: Graph, *, engine: str = "owlrl") -> Closure:
    """The OWL 2 RL closure of ``view`` by ``engine``: ``owlrl`` (the reference) or ``fast``
    (spacekg's semi-naive engine, see :mod:`spacekg.fastrl`); both drop the same noise.

    Raises:
        InconsistencyError: the view is inconsistent.
        ValueError: an unknown engine, or a construct the fast engine does not implement.
    """
    if engine == "owlrl":
        return owl_closure(view)
    if engine == "fast":
        from .fastrl import closure as fast_closure

        found = fast_closure(view)
        kept = frozenset(t for t in found if not _is_noise(*t))
        return Closure(kept, len(found) - len(kept))  # type: ignore[arg-type]
    raise ValueError(f"unknown reasoner {engine!r} (use owlrl or fast)")


def owl_closure(view: Graph) -> Closure:
    """Compute the OWL 2 RL closure of ``view`` and return only the new, meaningful triples.

    ``view`` is not modified: owlrl expands a copy. Dropped as noise: triples with a literal
    subject, reflexive ``owl:sameAs`` and class or property self-links, ``owl:Thing`` as a type,
    superclass, domain or range (true of everything), and
    statements about the RDF, RDFS, OWL and XSD vocabularies themselves.

    Raises:
        InconsistencyError: owlrl reported a contradiction; the message quotes it and names the
            graphs that assert facts about the individuals involved (when ``view`` is a
            ``Dataset`` union, see :func:`explain_inconsistency`).
    """
    work = Graph()
    for triple in view:
        work.add(triple)
    before = set(work)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    errors = sorted(str(work.value(node, _ERROR_TEXT)) for node in work.subjects(RDF.type, _ERROR))
    if errors:
        raise InconsistencyError("the reasoner found a contradiction: " + " | ".join(errors))
    kept = set()
    dropped = 0
    for s, p, o in work:
        if (s, p, o) in before:
            continue
        if _is_noise(s, p, o):
            dropped += 1
        else:
            kept.add((s, p, o))
    return Closure(frozenset(kept), dropped)  # type: ignore[arg-type]


def _is_noise(s: object, p: object, o: object) -> bool:
    # Blank nodes are the ontology's own class expressions; typing individuals with them says
    # nothing that the named classes do not, and their labels do not survive canonicalization.
    if isinstance(s, (Literal, BNode)) or isinstance(o, BNode):
        return True
    if s == o and p in _REFLEXIVE_NOISE:
        return True
    if o in (OWL.Thing, RDFS.Resource) and p in (RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range):
        return True
    if p == RDF.type and o == OWL.NamedIndividual:
        return True
    return isinstance(s, URIRef) and str(s).startswith(_BUILTIN)


def iris_in(message: str) -> list[str]:
    """The IRIs quoted in an owlrl error message."""
    return _IRI.findall(message)
