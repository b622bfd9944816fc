"""A semi-naive OWL 2 RL closure for the constructs spacekg's ontology uses, checked against owlrl.

owlrl re-applies every rule to every triple until nothing changes: about 2 ms per asserted triple.
This engine closes the schema (the small TBox) once, compiles it into lookup tables (superclasses,
domains, ranges, superproperties, chains, intersections, hasValue restrictions), and then runs the
instance rules semi-naively: each round joins only the triples new in the previous round. Rules
covered: scm-sco, scm-eqc1/2, scm-spo, scm-eqp1/2, scm-dom1/2, scm-rng1/2, scm-int, cax-sco,
cax-eqc1/2, cax-dw, prp-dom, prp-rng, prp-spo1, prp-spo2, prp-trp, prp-symp, prp-eqp1/2,
prp-inv1/2, cls-int1, cls-int2, cls-hv1, cls-hv2. The tests require its output to equal owlrl's
on the shipped data and on generated graphs; an ontology using a construct outside this list is
refused, so a silent difference cannot arise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import InconsistencyError, UnsupportedConstruct

Term = object
Triple = tuple[Term, Term, Term]

_TYPE, _SCO, _SPO, _DOM, _RNG = RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range
_EQC, _EQP, _INV = OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf
# Constructs whose rules this engine does not implement; owlrl must be used for such ontologies.
UNSUPPORTED = {OWL.sameAs, OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.hasKey, OWL.someValuesFrom,
               OWL.allValuesFrom, OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.unionOf, OWL.oneOf,
               OWL.complementOf, OWL.propertyDisjointWith, OWL.AsymmetricProperty, OWL.IrreflexiveProperty,
               OWL.differentFrom, OWL.AllDifferent, OWL.AllDisjointClasses, OWL.sourceIndividual}


def _items(graph: Graph, head: Term) -> list[Term]:
    out = []
    while head != RDF.nil and head is not None and len(out) < 1000:
        out.append(graph.value(head, RDF.first))  # type: ignore[arg-type]
        head = graph.value(head, RDF.rest)  # type: ignore[arg-type]
    return out


def _closure_of(pairs: set[tuple[Term, Term]]) -> dict[Term, set[Term]]:
    """Transitive closure of a relation given as pairs: node -> every node reachable from it."""
    direct: dict[Term, set[Term]] = defaultdict(set)
    for a, b in pairs:
        direct[a].add(b)
    reach: dict[Term, set[Term]] = {}
    for start in list(direct):
        seen: set[Term] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(direct.get(node, ()))
        reach[start] = seen
    return reach


def closure(graph: Graph) -> set[Triple]:
    """Every triple OWL 2 RL entails from ``graph`` beyond it (before noise filtering).

    Raises:
        UnsupportedConstruct: the graph uses a construct outside the implemented rules.
        InconsistencyError: an individual belongs to two disjoint classes (cax-dw).
    """
    for term in UNSUPPORTED:
        if (None, None, term) in graph or (None, term, None) in graph:
            raise UnsupportedConstruct(
                f"{term} is outside the OWL 2 RL rules the fast reasoner implements; outside OWL 2 RL altogether, "
                "it should go (see `spacekg check`); within it, build with --reasoner owlrl")
    asserted: set[Triple] = set(graph)

    # --- Schema: close subclass and subproperty relations and what follows from them ---
    sco = {(s, o) for s, o in graph.subject_objects(_SCO)}
    for a, b in graph.subject_objects(_EQC):
        sco |= {(a, b), (b, a)}
    intersections: dict[Term, list[Term]] = {}
    for c, head in graph.subject_objects(OWL.intersectionOf):
        intersections[c] = _items(graph, head)
        sco |= {(c, m) for m in intersections[c]}  # scm-int
    spo = {(s, o) for s, o in graph.subject_objects(_SPO)}
    for a, b in graph.subject_objects(_EQP):
        spo |= {(a, b), (b, a)}
    sup = _closure_of(sco)
    supp = _closure_of(spo)
    props = set(supp) | {p for ps in supp.values() for p in ps}
    dom: dict[Term, set[Term]] = defaultdict(set)
    rng: dict[Term, set[Term]] = defaultdict(set)
    for p, c in graph.subject_objects(_DOM):
        dom[p].add(c)
    for p, c in graph.subject_objects(_RNG):
        rng[p].add(c)
    for table in (dom, rng):  # scm-dom2/scm-rng2: a subproperty inherits domains and ranges
        for p in list(props | set(table)):
            for q in supp.get(p, ()):
                table[p] |= table.get(q, set())
        for p in list(table):  # scm-dom1/scm-rng1: and so do superclasses of a domain or range
            table[p] = table[p] | {s for c in table[p] for s in sup.get(c, ())}
    derived: set[Triple] = set()
    for a, bs in sup.items():
        derived |= {(a, _SCO, b) for b in bs}
        derived |= {(a, _EQC, b) for b in bs if a in sup.get(b, ())}  # scm-eqc2
    for a, bs in supp.items():
        derived |= {(a, _SPO, b) for b in bs}
        derived |= {(a, _EQP, b) for b in bs if a in supp.get(b, ())}  # scm-eqp2
    derived |= {(p, _DOM, c) for p, cs in dom.items() for c in cs}
    derived |= {(p, _RNG, c) for p, cs in rng.items() for c in cs}

    transitive = set(graph.subjects(_TYPE, OWL.TransitiveProperty))
    symmetric = set(graph.subjects(_TYPE, OWL.SymmetricProperty))
    inverse = [(a, b) for a, b in graph.subject_objects(_INV)]
    chains = [(p, _items(graph, head)) for p, head in graph.subject_objects(OWL.propertyChainAxiom)]
    has_value = {r: (graph.value(r, OWL.onProperty), v) for r, v in graph.subject_objects(OWL.hasValue)}
    restriction_of: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
    for r, (p, v) in has_value.items():
        restriction_of[(p, v)].add(r)
    needs: dict[Term, list[Term]] = defaultdict(list)  # member class -> intersections it takes part in
    for c, members in intersections.items():
        for m in members:
            needs[m].append(c)
    disjoint = {(a, b) for a, b in graph.subject_objects(OWL.disjointWith)}

    # --- Instances: semi-naive evaluation ---
    types: dict[Term, set[Term]] = defaultdict(set)
    by_sp: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
    by_po: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
    known: set[Triple] = set()

    def add(triples: Iterable[Triple], into: set[Triple]) -> None:
        for t in triples:
            if t not in known:
                known.add(t)
                into.add(t)
                s, p, o = t
                if p == _TYPE:
                    types[s].add(o)
                by_sp[(s, p)].add(o)
                by_po[(p, o)].add(s)

    delta: set[Triple] = set()
    add(asserted, delta)
    add(derived, delta)
    while delta:
        new: set[Triple] = set()
        for s, p, o in delta:
            out: list[Triple] = []
            if p == _TYPE:
                out += [(s, _TYPE, c) for c in sup.get(o, ())]  # cax-sco, cax-eqc
                if o in has_value:  # cls-hv1
                    q, v = has_value[o]
                    out.append((s, q, v))
                for c in needs.get(o, ()):  # cls-int1
                    if all((m in types[s]) if m not in has_value else (has_value[m][1] in by_sp[(s, has_value[m][0])])
                           for m in intersections[c]):
                        out.append((s, _TYPE, c))
                if o in intersections:  # cls-int2
                    out += [(s, _TYPE, m) for m in intersections[o]]
            else:
                out += [(s, _TYPE, c) for c in dom.get(p, ())]  # prp-dom
                if not isinstance(o, Literal):  # a typed literal as subject is noise, dropped anyway
                    out += [(o, _TYPE, c) for c in rng.get(p, ())]  # prp-rng
                out += [(s, q, o) for q in supp.get(p, ())]  # prp-spo1, prp-eqp
                out += [(s, _TYPE, r) for r in restriction_of.get((p, o), ())]  # cls-hv2
                if p in symmetric:
                    out.append((o, p, s))  # prp-symp
                for a, b in inverse:  # prp-inv1/2
                    if p == a:
                        out.append((o, b, s))
                    if p == b:
                        out.append((o, a, s))
                if p in transitive:  # prp-trp, joining the new triple on either side
                    out += [(s, p, z) for z in list(by_sp[(o, p)])]
                    out += [(w, p, o) for w in list(by_po[(p, s)])]
                for q, steps in chains:  # prp-spo2, for two-step chains
                    if len(steps) == 2:
                        first, second = steps
                        if p == first:
                            out += [(s, q, z) for z in list(by_sp[(o, second)])]
                        if p == second:
                            out += [(w, q, o) for w in list(by_po[(first, s)])]
            add(out, new)
        delta = new
    for a, b in disjoint:  # cax-dw
        for x in by_po[(_TYPE, a)] & by_po[(_TYPE, b)]:
            raise InconsistencyError(f"the reasoner found a contradiction: Disjoint classes {a} and {b} have a "
                                     f"common individual {x}")
    return known - asserted
