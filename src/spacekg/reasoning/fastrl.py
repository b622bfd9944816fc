"""spacekg's OWL 2 RL engine: owlrl's closure, computed semi-naively on integer ids, with a record of
how every triple was derived.

owlrl re-applies every rule to every triple until nothing changes (about 2 ms per triple). This
engine first closes the schema with the scm-* rules (a naive fixpoint over the small TBox),
compiles the closed schema into lookup tables, and then runs the instance rules semi-naively: a
work list holds the triples not yet joined, and each is joined only with what is already known.
When the instance rules derive a schema triple (a property typed transitive through a subclass
axiom, say), the schema is closed and compiled again and every triple is joined again.

Every derived triple keeps its first derivation: the OWL 2 RL rule and the premise triples, all
known before it, so the records form no cycle. A closed schema can serve as the base of other
views: :func:`close` over a view's own triples starts from the schema's closure and runs only the
instance rules on what the view adds.

Rules implemented: every rule of the OWL 2 RL tables (eq-*, prp-*, cls-*, cax-*, dt-*, scm-*) except
prp-key, which is refused (owlrl compares only the first n-1 key properties, so no engine equal to
it can be right). The tests hold the closure equal to owlrl's rule by rule and on random ontologies.
The rules whose every consequence spacekg drops as noise (eq-ref, cls-thing, cls-nothing1, prp-ap,
dt-type1, scm-op and scm-dp) add nothing visible apart from their use by other schema rules;
eq-diff2/3 and prp-adp compare every pair of members, where owlrl skips the last member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Set
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

import pyoxigraph as ox

from ..errors import InconsistencyError, UnsupportedConstruct
from ..namespaces import OWL, RDF, RDFS, XSD
from . import datatypes
from .terms import BLANK, LITERAL, TermTable, Triple

Premises = tuple[Triple, ...]
Record = tuple[str, Premises]

# The rules' names as recorded.
CAX_SCO, PRP_DOM, PRP_RNG, PRP_SPO1, PRP_SPO2, PRP_SYMP, PRP_TRP = (
    "cax-sco", "prp-dom", "prp-rng", "prp-spo1", "prp-spo2", "prp-symp", "prp-trp")
_BUILTIN = (OWL, RDF, RDFS, XSD)
_CLOSED_UPWARDS = frozenset({CAX_SCO, PRP_DOM, PRP_RNG})
_NO_MEMBERS: frozenset[int] = frozenset()



class Vocab:
    """The ids of the RDF, RDFS and OWL terms the rules mention."""

    def __init__(self, terms: TermTable) -> None:
        iri = terms.iri
        self._terms = terms
        self._datatypes: dict[int, str] | None = None
        self.type, self.first, self.rest, self.nil = (iri(RDF + n) for n in ("type", "first", "rest", "nil"))
        self.sco, self.spo, self.domain, self.range = (
            iri(RDFS + n) for n in ("subClassOf", "subPropertyOf", "domain", "range"))
        self.rdf_property, self.resource = iri(RDF + "Property"), iri(RDFS + "Resource")

        # Each OWL term is named here, so that a misspelt one is a type error; a fresh table numbers
        # them in this order.
        def owl(name: str) -> int:
            return iri(OWL + name)

        self.same_as, self.equivalent_class = owl("sameAs"), owl("equivalentClass")
        self.equivalent_property, self.inverse_of = owl("equivalentProperty"), owl("inverseOf")
        self.property_chain_axiom, self.intersection_of = owl("propertyChainAxiom"), owl("intersectionOf")
        self.union_of, self.complement_of = owl("unionOf"), owl("complementOf")
        self.one_of, self.has_value = owl("oneOf"), owl("hasValue")
        self.on_property, self.some_values_from = owl("onProperty"), owl("someValuesFrom")
        self.all_values_from, self.max_cardinality = owl("allValuesFrom"), owl("maxCardinality")
        self.max_qualified_cardinality, self.on_class = owl("maxQualifiedCardinality"), owl("onClass")
        self.disjoint_with, self.property_disjoint_with = owl("disjointWith"), owl("propertyDisjointWith")
        self.members, self.distinct_members = owl("members"), owl("distinctMembers")
        self.different_from, self.has_key = owl("differentFrom"), owl("hasKey")
        self.source_individual, self.assertion_property = owl("sourceIndividual"), owl("assertionProperty")
        self.target_individual, self.target_value = owl("targetIndividual"), owl("targetValue")
        self.thing, self.nothing = owl("Thing"), owl("Nothing")
        self.class_, self.object_property = owl("Class"), owl("ObjectProperty")
        self.datatype_property, self.transitive_property = owl("DatatypeProperty"), owl("TransitiveProperty")
        self.symmetric_property, self.functional_property = owl("SymmetricProperty"), owl("FunctionalProperty")
        self.inverse_functional_property, self.irreflexive_property = owl("InverseFunctionalProperty"), owl("IrreflexiveProperty")
        self.asymmetric_property, self.all_disjoint_classes = owl("AsymmetricProperty"), owl("AllDisjointClasses")
        self.all_disjoint_properties, self.all_different = owl("AllDisjointProperties"), owl("AllDifferent")
        self.named_individual = owl("NamedIndividual")
        self.schema_predicates = frozenset({
            self.sco, self.spo, self.domain, self.range, self.equivalent_class, self.equivalent_property,
            self.inverse_of, self.property_chain_axiom, self.intersection_of, self.union_of, self.complement_of,
            self.one_of, self.has_value, self.on_property, self.some_values_from, self.all_values_from,
            self.max_cardinality, self.max_qualified_cardinality, self.on_class, self.disjoint_with,
            self.property_disjoint_with, self.members, self.distinct_members, self.has_key,
            self.source_individual, self.assertion_property, self.target_individual, self.target_value,
            self.first, self.rest})
        self.schema_classes = frozenset({
            self.class_, self.object_property, self.datatype_property, self.rdf_property,
            self.transitive_property, self.symmetric_property, self.functional_property,
            self.inverse_functional_property, self.irreflexive_property, self.asymmetric_property,
            self.all_disjoint_classes, self.all_disjoint_properties, self.all_different})
        self.reflexive_noise = frozenset({self.same_as, self.equivalent_class, self.equivalent_property,
                                          self.sco, self.spo})

    def datatypes(self) -> dict[int, str]:
        """The OWL 2 RL datatypes by id (numbered when first asked for: a fresh table numbers the
        vocabulary first)."""
        if self._datatypes is None:
            self._datatypes = {self._terms.iri(d): d for d in datatypes.DATATYPES}
        return self._datatypes

    def is_schema(self, t: Triple) -> bool:
        """Whether ``t`` is read by the schema rules or compiled into the tables."""
        return t[1] in self.schema_predicates or (t[1] == self.type and t[2] in self.schema_classes)


@dataclass
class Tables:
    """The closed schema as lookup tables; every entry keeps the schema triple that licenses it."""

    sup: dict[int, list[int]] = field(default_factory=dict)
    dom: dict[int, list[int]] = field(default_factory=dict)
    rng: dict[int, list[int]] = field(default_factory=dict)
    supp: dict[int, list[int]] = field(default_factory=dict)
    symmetric: set[int] = field(default_factory=set)
    transitive: set[int] = field(default_factory=set)
    functional: set[int] = field(default_factory=set)
    inverse_functional: set[int] = field(default_factory=set)
    irreflexive: set[int] = field(default_factory=set)
    asymmetric: set[int] = field(default_factory=set)
    inverse: dict[int, list[tuple[int, Triple]]] = field(default_factory=dict)
    chains: dict[int, list[tuple[int, int, list[int], Triple]]] = field(default_factory=dict)
    hv: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    hv_by_pv: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    hv_props: set[int] = field(default_factory=set)
    svf_by_p: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    svf_by_filler: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    avf: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    avf_by_p: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    maxc: dict[int, list[tuple[int, int, int | None]]] = field(default_factory=dict)  # r -> (p, n, onClass)
    maxc_by_p: dict[int, list[tuple[int, int, int | None]]] = field(default_factory=dict)
    intersections: dict[int, list[tuple[list[int], Triple]]] = field(default_factory=dict)
    int_of_member: dict[int, list[int]] = field(default_factory=dict)
    uni_of_member: dict[int, list[tuple[int, Triple]]] = field(default_factory=dict)
    one_of: list[tuple[int, list[int], Triple]] = field(default_factory=list)
    disjoint: list[tuple[int, int]] = field(default_factory=list)
    complement: list[tuple[int, int]] = field(default_factory=list)
    pdw: dict[int, list[int]] = field(default_factory=dict)
    all_disjoint_properties: list[list[int]] = field(default_factory=list)
    all_different: list[list[int]] = field(default_factory=list)
    negative: list[tuple[int, int, int, bool]] = field(default_factory=list)  # (source, property, target, is_value)
    watched: set[int] = field(default_factory=set)  # properties that need subject and object indexes
    watched_classes: set[int] = field(default_factory=set)  # classes whose members the final checks list
    # The engine's plans per predicate and class, and what it knows of owl:Thing, by whether
    # equality holds (see _Engine._bind_add).
    plans: dict[bool, tuple[dict, dict, dict]] = field(default_factory=dict)
    active_datatypes: set[int] | None = None  # see _Engine._active_datatypes, made once for every view
    mentions_same_as: bool = False
    equality: bool = False  # whether owl:sameAs can arise, so that eq-rep-* need full indexes


@dataclass
class Closure:
    """Everything known after closing: the input, every derived triple (noise included) and how it
    was derived. ``base`` is the closure this one was started from (a view's closed schema)."""

    terms: TermTable
    vocab: Vocab
    input: set[Triple]
    known: set[Triple]
    why: dict[Triple, Record]
    tables: Tables
    schema: set[Triple]
    by_sp: dict[int, dict[int, dict[int, None]]]
    by_po: dict[int, dict[int, dict[int, None]]]
    literals: set[int]
    equality: bool
    base: Closure | None = None

    def holds(self, t: Triple) -> bool:
        return t in self.known or (self.base is not None and self.base.holds(t))

    def members_of(self, c: int) -> set[int]:
        """What this closure types with class ``c``."""
        index = self.__dict__.get("_members")
        if index is None:
            index = self.__dict__["_members"] = defaultdict(set)
            for s, p, o in self.known:
                if p == self.vocab.type:
                    index[o].add(s)
        return index.get(c, set())

    def used_datatypes(self) -> set[str]:
        """owlrl's "used" datatypes of this closure's input (see :func:`used_datatypes`)."""
        found = self.__dict__.get("_used")
        if found is None:
            found = self.__dict__["_used"] = used_datatypes(self.terms, self.vocab, self.literals, self.input)
        return found

    def record(self, t: Triple) -> Record | None:
        found = self.why.get(t)
        if found is None and self.base is not None:
            return self.base.record(t)
        return found

    def derived(self) -> Iterable[Triple]:
        """The triples this closure derived beyond its input and its base."""
        return self.why.keys()



def is_noise(terms: TermTable, v: Vocab, t: Triple) -> bool:
    """What spacekg keeps out of a closure: a literal or blank-node subject, a blank-node object (the
    ontology's own class expressions, whose labels say nothing), reflexive ``owl:sameAs`` and class
    or property self-links, ``owl:Thing`` or ``rdfs:Resource`` as a type, superclass, domain or
    range (true of everything), ``owl:NamedIndividual`` typings, and statements about the RDF,
    RDFS, OWL and XSD vocabularies themselves."""
    s, p, o = t
    kind = terms.kind
    if kind[s] != 0 or kind[o] == BLANK:
        return True
    if s == o and p in v.reflexive_noise:
        return True
    if o in (v.thing, v.resource) and p in (v.type, v.sco, v.domain, v.range):
        return True
    if p == v.type and o == v.named_individual:
        return True
    subject = terms.terms[s]
    return isinstance(subject, ox.NamedNode) and subject.value.startswith(_BUILTIN)


def close(triples: Iterable[Triple], terms: TermTable, *, base: Closure | None = None) -> Closure:
    """Close ``triples`` under the OWL 2 RL rules.

    With ``base`` (the closure of a schema), ``triples`` are a view's own triples on top of it:
    when they hold no schema triple, only the instance rules run, on the new triples; otherwise
    the whole view is closed again from the base's input.

    Raises:
        UnsupportedConstruct: the triples use a construct this engine refuses.
        InconsistencyError: the closure contradicts itself (owlrl's error messages, sorted).
    """
    data = list(triples)
    v = base.vocab if base is not None else Vocab(terms)
    if base is not None and (not v.schema_predicates.isdisjoint(map(itemgetter(1), data))
                             or not v.schema_classes.isdisjoint(_classes_typed(v, data))):
        return close(sorted(base.input | set(data)), terms)
    engine = _Engine(terms, v, data, base)
    if not engine.run():
        assert base is not None  # only a view on a base gives up
        return close(sorted(base.input | set(data)), terms)
    return engine.result()


class _Engine:
    def __init__(self, terms: TermTable, v: Vocab, data: list[Triple], base: Closure | None) -> None:
        self.terms, self.v, self.base = terms, v, base
        self.input = set(data)
        self.data = data  # as given: a view's triples come sorted, and sorting them again is then cheap
        self.known: set[Triple] = set(data)
        self.why: dict[Triple, Record] = {}
        self.queue: list[Triple] = []
        self.add: Callable[[Triple, str, Premises], None]  # see _bind_add
        self.grown: list[Triple] = []
        # Index values are dicts used as ordered sets: their order is the order triples became
        # known, so which derivation comes first depends on the view's content, not on id values.
        self.by_sp: dict[int, dict[int, dict[int, None]]] = defaultdict(lambda: defaultdict(dict))
        self.by_po: dict[int, dict[int, dict[int, None]]] = defaultdict(lambda: defaultdict(dict))
        self.by_s: dict[int, dict[tuple[int, int], None]] = defaultdict(dict)
        self.by_p: dict[int, dict[tuple[int, int], None]] = defaultdict(dict)
        self.by_o: dict[int, dict[tuple[int, int], None]] = defaultdict(dict)
        self.members: dict[int, set[int]] = defaultdict(set)
        kind = terms.kind
        self.own_literals = {o for o in set(map(itemgetter(2), data)) if kind[o] == LITERAL}
        self.literals = set(self.own_literals)
        if base is not None:
            self.schema = base.schema
            self.tables = base.tables
            self.equality = self._needs_equality(data) or bool(base.equality)
            self.literals |= base.literals
            for p in self.tables.watched:
                for s, os in base.by_sp.get(p, {}).items():
                    self.by_sp[p][s].update(os)
                for o, ss in base.by_po.get(p, {}).items():
                    self.by_po[p][o].update(ss)
            self._seed_members_from(base)
            self._seed_equality_from(base)
        else:
            if v.has_key in map(itemgetter(1), data):
                raise UnsupportedConstruct(_refusal("owl:hasKey (rule prp-key)"))
            self.schema = {t for t in data if v.is_schema(t)}
            self.tables = Tables()
            self._close_schema()
            self.equality = self._needs_equality(data)
        self.typed_datatypes = self._active_datatypes()

    # --- bookkeeping -------------------------------------------------------------------------

    def _needs_equality(self, data: list[Triple]) -> bool:
        """Whether owl:sameAs can hold here, so that eq-rep-* need subject, predicate and object indexes."""
        same = self.v.same_as
        return self.tables.equality or self.tables.mentions_same_as or same in map(itemgetter(1), data)

    def holds(self, t: Triple) -> bool:
        return t in self.known or (self.base is not None and self.base.holds(t))

    def _bind_add(self) -> None:
        """Make ``self.add``: record a new triple, queue it and index it. A closure over locals,
        because it runs once per derivation."""
        known, why, queue, grown = self.known, self.why, self.queue, self.grown
        base_known = self.base.known if self.base is not None else frozenset()
        v, tables = self.v, self.tables
        watched, watched_classes, typ = tables.watched, tables.watched_classes, v.type
        schema_predicates, schema_classes = v.schema_predicates, v.schema_classes
        by_sp, by_po, members = self.by_sp, self.by_po, self.members
        equality, by_s, by_p, by_o = self.equality, self.by_s, self.by_p, self.by_o

        def add(t: Triple, rule: str, premises: Premises) -> None:
            if t in known or t in base_known:
                return
            known.add(t)
            why[t] = (rule, premises)
            queue.append(t)
            s, p, o = t
            if p in watched:
                by_sp[p][s][o] = None
                by_po[p][o][s] = None
            if p == typ:
                if o in watched_classes:
                    members[o].add(s)
                if o in schema_classes:
                    grown.append(t)
            elif p in schema_predicates:
                grown.append(t)
            if equality:
                by_s[s][(p, o)] = None
                by_p[p][(s, o)] = None
                by_o[o][(s, p)] = None

        self.add = add
        # What each predicate and class can fire depends only on the tables (shared by every view
        # closed on the same schema) and on whether equality holds: computed once for each.
        cache = self.tables.plans.setdefault(self.equality, ({}, {}, {}))
        self._plans, self._class_plans, self._inert = cache

    def _firing(self) -> Callable[[Triple], None]:
        """What joins one triple with what is known: a closure over locals, like ``add``, because
        it runs once per triple. It is not kept on the engine, which it refers to: the engine is
        then freed as soon as it is dropped, not by a garbage collection."""
        plans, class_plans, plan_of, class_plan_of = self._plans, self._class_plans, self._plan, self._class_plan
        add, why, typ, equality = self.add, self.why, self.v.type, self.equality
        kind, lit_types = self.terms.kind, self._lit_types
        # Most typings the tables make are known already: they are looked up before ``add`` is
        # called, which saves the call and the premises' tuple.
        known = self.known
        base_known = self.base.known if self.base is not None else frozenset()
        fire_rare, fire_equality, fire_type_joins = self._fire_rare, self._equality, self._fire_type_joins

        def fire(t: Triple) -> None:
            s, p, o = t
            dom, rng, sup, rare = plans.get(p) or plan_of(p)
            for c, axiom in dom:
                new = (s, typ, c)
                if new not in known and new not in base_known:
                    add(new, PRP_DOM, (t, axiom))
            if rng:
                is_literal = kind[o] == LITERAL
                for c, axiom in rng:
                    new = (o, typ, c)
                    # A literal already belongs to its own datatype (dt-type2): no triple needed for that.
                    if new not in known and new not in base_known and (not is_literal or c not in lit_types(o)):
                        add(new, PRP_RNG, (t, axiom))
            for q, axiom in sup:
                add((s, q, o), PRP_SPO1, (t, axiom))
            if rare:
                fire_rare(t)
            if equality:
                fire_equality(t)
            if p == typ:
                supers, direct, values, joins = class_plans.get(o) or class_plan_of(o)
                # The superclass, domain and range tables are closed, so a typing made by cax-sco,
                # prp-dom or prp-rng came with every superclass's typing already.
                for d, rule, axiom in direct:
                    add((s, typ, d), rule, (t, axiom))
                made = why.get(t)
                if made is None or made[0] not in _CLOSED_UPWARDS:
                    for d, axiom in supers:
                        new = (s, typ, d)
                        if new not in known and new not in base_known:
                            add(new, CAX_SCO, (t, axiom))
                for p2, value, axiom1, axiom2 in values:
                    add((s, p2, value), "cls-hv1", (t, axiom1, axiom2))
                if joins:
                    fire_type_joins(t)

        return fire

    def _index(self, t: Triple) -> None:
        s, p, o = t
        tables = self.tables
        if p in tables.watched:
            self.by_sp[p][s][o] = None
            self.by_po[p][o][s] = None
        if p == self.v.type and o in tables.watched_classes:
            self.members[o].add(s)
        if self.equality:
            self.by_s[s][(p, o)] = None
            self.by_p[p][(s, o)] = None
            self.by_o[o][(s, p)] = None

    def _seed_members_from(self, base: Closure) -> None:
        for c in self.tables.watched_classes:
            found = base.members_of(c)
            if found:
                self.members[c] |= found

    def _seed_equality_from(self, base: Closure) -> None:
        if self.equality:
            for s, p, o in sorted(base.known):
                self.by_s[s][(p, o)] = None
                self.by_p[p][(s, o)] = None
                self.by_o[o][(s, p)] = None

    # --- the schema --------------------------------------------------------------------------

    def _close_schema(self) -> None:
        """Close the schema triples with the scm-* rules (a naive fixpoint: the TBox is small),
        then compile the tables. New schema triples join ``known`` and the work list."""
        v = self.v
        schema = self.schema
        while True:
            new: dict[Triple, Record] = {}

            def put(t: Triple, rule: str, premises: Premises) -> None:
                if t not in schema and t not in new and not self.holds(t):
                    new[t] = (rule, premises)

            # cls-thing, cls-nothing1: noise themselves, but through scm-cls owl:Thing and
            # owl:Nothing become their own subclasses, which scm-svf1 and scm-avf1 read.
            put((v.thing, v.type, v.class_), "cls-thing", ())
            put((v.nothing, v.type, v.class_), "cls-nothing1", ())

            by_p: dict[int, list[tuple[int, int]]] = defaultdict(list)
            # Asserted triples first, so that a list reads as written even when owl:sameAs has
            # copied other members onto its nodes.
            for s, p, o in sorted(schema, key=lambda t: (t not in self.input, t)):
                by_p[p].append((s, o))
            objects: dict[tuple[int, int], list[int]] = defaultdict(list)
            subjects: dict[tuple[int, int], list[int]] = defaultdict(list)
            for p, pairs in by_p.items():
                for s, o in pairs:
                    objects[(s, p)].append(o)
                    subjects[(p, o)].append(s)
            for c, kind in by_p.get(v.type, ()):
                if kind == v.class_:  # scm-cls
                    premise = ((c, v.type, v.class_),)
                    put((c, v.sco, c), "scm-cls", premise)
                    put((c, v.equivalent_class, c), "scm-cls", premise)
                    put((c, v.sco, v.thing), "scm-cls", premise)
                    put((v.nothing, v.sco, c), "scm-cls", premise)
                elif kind in (v.object_property, v.datatype_property, v.rdf_property):  # scm-op, scm-dp
                    premise = ((c, v.type, kind),)
                    put((c, v.spo, c), "scm-op" if kind == v.object_property else "scm-dp", premise)
                    put((c, v.equivalent_property, c), "scm-op" if kind == v.object_property else "scm-dp", premise)
            sco = by_p.get(v.sco, [])
            for c1, c2 in sco:
                if c1 != c2:  # scm-sco
                    for c3 in objects.get((c2, v.sco), ()):
                        if c1 != c3:
                            put((c1, v.sco, c3), "scm-sco", ((c1, v.sco, c2), (c2, v.sco, c3)))
                if (c2, v.sco, c1) in schema:  # scm-eqc2
                    put((c1, v.equivalent_class, c2), "scm-eqc2", ((c1, v.sco, c2), (c2, v.sco, c1)))
            for c1, c2 in by_p.get(v.equivalent_class, ()):
                if c1 != c2:  # scm-eqc1
                    put((c1, v.sco, c2), "scm-eqc1", ((c1, v.equivalent_class, c2),))
                    put((c2, v.sco, c1), "scm-eqc1", ((c1, v.equivalent_class, c2),))
            for p1, p2 in by_p.get(v.spo, ()):
                if p1 != p2:  # scm-spo, scm-eqp2
                    for p3 in objects.get((p2, v.spo), ()):
                        if p1 != p3:
                            put((p1, v.spo, p3), "scm-spo", ((p1, v.spo, p2), (p2, v.spo, p3)))
                    if (p2, v.spo, p1) in schema:
                        put((p1, v.equivalent_property, p2), "scm-eqp2", ((p1, v.spo, p2), (p2, v.spo, p1)))
            for p1, p2 in by_p.get(v.equivalent_property, ()):
                if p1 != p2:  # scm-eqp1
                    put((p1, v.spo, p2), "scm-eqp1", ((p1, v.equivalent_property, p2),))
                    put((p2, v.spo, p1), "scm-eqp1", ((p1, v.equivalent_property, p2),))
            for prop, rule1, rule2 in ((v.domain, "scm-dom1", "scm-dom2"), (v.range, "scm-rng1", "scm-rng2")):
                for p, c1 in by_p.get(prop, ()):
                    for c2 in objects.get((c1, v.sco), ()):
                        if c1 != c2:
                            put((p, prop, c2), rule1, ((p, prop, c1), (c1, v.sco, c2)))
                    for p1 in subjects.get((v.spo, p), ()):
                        if p1 != p:
                            put((p1, prop, c1), rule2, ((p, prop, c1), (p1, v.spo, p)))
            on = {c: objects.get((c, v.on_property), []) for c, _ in
                  by_p.get(v.has_value, []) + by_p.get(v.some_values_from, []) + by_p.get(v.all_values_from, [])}
            for c1, i in by_p.get(v.has_value, ()):  # scm-hv
                for p1 in on[c1]:
                    for c2 in subjects.get((v.has_value, i), ()):
                        for p2 in on.get(c2, ()):
                            if (p1, v.spo, p2) in schema:
                                put((c1, v.sco, c2), "scm-hv", ((c1, v.has_value, i), (c1, v.on_property, p1),
                                                                (c2, v.has_value, i), (c2, v.on_property, p2),
                                                                (p1, v.spo, p2)))
            for prop, rule1, rule2 in ((v.some_values_from, "scm-svf1", "scm-svf2"),
                                       (v.all_values_from, "scm-avf1", "scm-avf2")):
                for c1, y1 in by_p.get(prop, ()):
                    for p in on[c1]:
                        for c2 in subjects.get((v.on_property, p), ()):
                            for y2 in objects.get((c2, prop), ()):
                                if (y1, v.sco, y2) in schema:
                                    put((c1, v.sco, c2), rule1, ((c1, prop, y1), (c1, v.on_property, p),
                                                                   (c2, v.on_property, p), (c2, prop, y2),
                                                                   (y1, v.sco, y2)))
                    for p1 in on[c1]:
                        for c2 in subjects.get((prop, y1), ()):
                            for p2 in on.get(c2, ()):
                                if (p1, v.spo, p2) in schema:
                                    sub, sup = (c1, c2) if prop == v.some_values_from else (c2, c1)
                                    put((sub, v.sco, sup), rule2, ((c1, prop, y1), (c1, v.on_property, p1),
                                                                   (c2, prop, y1), (c2, v.on_property, p2),
                                                                   (p1, v.spo, p2)))
            for c, head in by_p.get(v.intersection_of, ()):  # scm-int
                for member in self._list(head, objects):
                    put((c, v.sco, member), "scm-int", ((c, v.intersection_of, head),))
            for c, head in by_p.get(v.union_of, ()):  # scm-uni
                for member in self._list(head, objects):
                    put((member, v.sco, c), "scm-uni", ((c, v.union_of, head),))
            if not new:
                break
            for t, record in new.items():
                schema.add(t)
                self.known.add(t)
                self.why[t] = record
        self._compile(objects)

    def _list(self, head: int, objects: dict[tuple[int, int], list[int]]) -> list[int]:
        out: list[int] = []
        seen = set()
        v = self.v
        while head != v.nil and head not in seen:
            seen.add(head)
            firsts = objects.get((head, v.first))
            if not firsts:
                break
            out.append(firsts[0])
            rests = objects.get((head, v.rest))
            if not rests:
                break
            head = rests[0]
        return out

    def _compile(self, objects: dict[tuple[int, int], list[int]]) -> None:
        v = self.v
        t = Tables()
        by_p: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for s, p, o in sorted(self.schema):
            by_p[p].append((s, o))
        for table, prop in ((t.sup, v.sco), (t.dom, v.domain), (t.rng, v.range), (t.supp, v.spo)):
            for s, o in by_p.get(prop, ()):
                if s != o or prop in (v.domain, v.range):
                    table.setdefault(s, []).append(o)
        kinds = {v.symmetric_property: t.symmetric, v.transitive_property: t.transitive,
                 v.functional_property: t.functional, v.inverse_functional_property: t.inverse_functional,
                 v.irreflexive_property: t.irreflexive, v.asymmetric_property: t.asymmetric}
        for s, o in by_p.get(v.type, ()):
            if o in kinds:
                kinds[o].add(s)
        for p1, p2 in by_p.get(v.inverse_of, ()):
            t.inverse.setdefault(p1, []).append((p2, (p1, v.inverse_of, p2)))
            t.inverse.setdefault(p2, []).append((p1, (p1, v.inverse_of, p2)))
        for q, head in by_p.get(v.property_chain_axiom, ()):
            steps = self._list(head, objects)
            for i, step in enumerate(steps):
                t.chains.setdefault(step, []).append((q, i, steps, (q, v.property_chain_axiom, head)))
        on = {c: objects.get((c, v.on_property), []) for c in
              {s for pr in (v.has_value, v.some_values_from, v.all_values_from, v.max_cardinality,
                            v.max_qualified_cardinality) for s, _ in by_p.get(pr, ())}}
        for r, value in by_p.get(v.has_value, ()):
            for p in on[r]:
                t.hv.setdefault(r, []).append((p, value))
                t.hv_by_pv.setdefault((p, value), []).append(r)
                t.hv_props.add(p)
        for r, y in by_p.get(v.some_values_from, ()):
            for p in on[r]:
                t.svf_by_p.setdefault(p, []).append((r, y))
                t.svf_by_filler.setdefault(y, []).append((r, p))
                t.watched.add(p)
        for r, y in by_p.get(v.all_values_from, ()):
            for p in on[r]:
                t.avf.setdefault(r, []).append((p, y))
                t.avf_by_p.setdefault(p, []).append((r, y))
                t.watched.add(p)
        for prop in (v.max_cardinality, v.max_qualified_cardinality):
            for r, n in by_p.get(prop, ()):
                count = _cardinality(self.terms, n)
                if count not in (0, 1):
                    continue
                classes: list[int | None] = [None]
                if prop == v.max_qualified_cardinality:
                    classes = list(objects.get((r, v.on_class), []))
                for p in on[r]:
                    for c in classes:
                        t.maxc.setdefault(r, []).append((p, count, c))
                        t.maxc_by_p.setdefault(p, []).append((r, count, c))
                        t.watched.add(p)
                        if c is not None:
                            t.watched_classes.add(c)
                    t.watched_classes.add(r)
        for c, head in by_p.get(v.intersection_of, ()):
            members = self._list(head, objects)
            if members:
                t.intersections.setdefault(c, []).append((members, (c, v.intersection_of, head)))
                for m in set(members):
                    t.int_of_member.setdefault(m, []).append(c)
        for c, head in by_p.get(v.union_of, ()):
            for m in self._list(head, objects):
                t.uni_of_member.setdefault(m, []).append((c, (c, v.union_of, head)))
        for c, head in by_p.get(v.one_of, ()):
            t.one_of.append((c, self._list(head, objects), (c, v.one_of, head)))
        t.disjoint = [(a, b) for a, b in by_p.get(v.disjoint_with, ())]
        for x, kind in by_p.get(v.type, ()):
            if kind == v.all_disjoint_classes:
                for head in objects.get((x, v.members), []):
                    group = self._list(head, objects)
                    t.disjoint += [(a, b) for i, a in enumerate(group) for b in group[i + 1:]]
            elif kind == v.all_disjoint_properties:
                for head in objects.get((x, v.members), []):
                    t.all_disjoint_properties.append(self._list(head, objects))
            elif kind == v.all_different:
                for prop in (v.members, v.distinct_members):
                    for head in objects.get((x, prop), []):
                        t.all_different.append(self._list(head, objects))
        t.complement = list(by_p.get(v.complement_of, ()))
        for p1, p2 in by_p.get(v.property_disjoint_with, ()):
            t.pdw.setdefault(p1, []).append(p2)
            t.pdw.setdefault(p2, []).append(p1)
        for x, source in by_p.get(v.source_individual, ()):
            for p in objects.get((x, v.assertion_property), []):
                t.negative += [(source, p, target, False) for target in objects.get((x, v.target_individual), [])]
                t.negative += [(source, p, target, True) for target in objects.get((x, v.target_value), [])]
        for a, b in t.disjoint + t.complement:
            t.watched_classes |= {a, b}
        t.watched_classes.add(v.nothing)
        t.watched_classes |= {self.terms.iri(d) for pair in datatypes.DISJOINT for d in pair}
        t.watched |= t.transitive | set(t.chains) | t.functional | t.inverse_functional | set(t.pdw)
        t.watched |= {p for props in t.all_disjoint_properties for p in props}
        t.mentions_same_as = any(v.same_as in triple for triple in self.schema)
        t.equality = bool(t.functional or t.inverse_functional or any(n == 1 for rs in t.maxc.values()
                                                                        for _, n, _ in rs))
        # The final checks read these properties' pairs from the indexes.
        t.watched |= t.irreflexive | t.asymmetric | {v.same_as, v.different_from}
        t.watched |= {p for rules in t.maxc.values() for p, n, _ in rules if n == 0}
        self.tables = t

    # --- the instance rules ------------------------------------------------------------------

    def _active_datatypes(self) -> set[int]:
        """Datatypes whose literals must be typed explicitly (dt-type2) because a schema rule reads
        their members: a datatype that has a superclass, or takes part in an intersection or union."""
        t = self.tables
        if t.active_datatypes is None:
            t.active_datatypes = {c for c in set(t.sup) | set(t.int_of_member) | set(t.uni_of_member)
                                  if self.terms.kind[c] == 0 and self.terms.terms[c].value in datatypes.DATATYPES}
        return t.active_datatypes

    def _lit_types(self, lit: int) -> tuple[int, ...]:
        return self.terms.intrinsic_types(lit)

    def has_type(self, x: int, c: int) -> bool:
        if self.terms.kind[x] == LITERAL and c in self._lit_types(x):
            return True
        return self.holds((x, self.v.type, c))

    def _type_premise(self, x: int, c: int) -> Triple:
        return (x, self.v.type, c)

    def run(self) -> bool:
        """Close; False when a view on a base derived a schema triple and must be closed whole."""
        self._bind_add()
        self._seed()
        while True:
            self._drain()
            # A schema triple derived by an instance rule changes the tables: close and compile
            # the schema again and join every triple again.
            grown = set(self.grown) - self.schema
            self.grown.clear()
            if not grown:
                break
            if self.base is not None:
                return False
            self.schema |= grown
            self._close_schema()
            self.equality = self.equality or self._needs_equality([])
            self.typed_datatypes = self._active_datatypes()
            self.queue[:] = sorted(self.known)
            self._bind_add()
            self._seed(reindex=True)
        self._check()
        return True

    def _seed(self, reindex: bool = False) -> None:
        v = self.v
        if reindex:
            self.by_sp.clear()
            self.by_po.clear()
            self.members.clear()
            self.by_s.clear()
            self.by_p.clear()
            self.by_o.clear()
            if self.base is not None:
                self._seed_members_from(self.base)
                self._seed_equality_from(self.base)
        else:
            self.queue[:] = sorted(self.known) if self.base is None else sorted(dict.fromkeys(self.data))
        for c, members, axiom in self.tables.one_of:  # cls-oo
            for y in members:
                self.add((y, v.type, c), "cls-oo", (axiom,))
        if self.typed_datatypes:  # dt-type2 for the literals a schema rule reads as members
            for lit in sorted(self.literals):
                for d in self._lit_types(lit):
                    if d in self.typed_datatypes:
                        self.add((lit, v.type, d), "dt-type2", ())
        for t in self.queue:
            self._index(t)

    def _drain(self) -> None:
        queue, fire = self.queue, self._firing()
        i = 0
        while i < len(queue):
            t = queue[i]
            i += 1
            fire(t)
            if i > 65536 and i > len(queue) // 2:
                del queue[:i]
                i = 0
        queue.clear()

    def _plan(self, p: int) -> tuple:
        """What a triple with predicate ``p`` can fire: prp-dom, prp-rng and prp-spo1 with the
        schema triple of each, and whether any rarer rule applies."""
        v, t = self.v, self.tables
        rare = (p in t.symmetric or p in t.inverse or p in t.transitive or p in t.chains or p in t.hv_props
                or p in t.svf_by_p or p in t.avf_by_p or p in t.functional or p in t.inverse_functional
                or p in t.maxc_by_p)
        plan = ([(c, (p, v.domain, c)) for c in t.dom.get(p, ())], [(c, (p, v.range, c)) for c in t.rng.get(p, ())],
                [(q, (p, v.spo, q)) for q in t.supp.get(p, ())], rare)
        self._plans[p] = plan
        return plan

    def _fire_rare(self, t: Triple) -> None:  # noqa: C901 - one branch per rule keeps the rules visible
        s, p, o = t
        v, tables, add = self.v, self.tables, self.add
        if p in tables.symmetric:
            add((o, p, s), PRP_SYMP, (t, (p, v.type, v.symmetric_property)))
        for q, axiom in tables.inverse.get(p, ()):
            add((o, q, s), "prp-inv1" if axiom[0] == p else "prp-inv2", (t, axiom))
        if p in tables.transitive:
            axiom = (p, v.type, v.transitive_property)
            for z in list(self.by_sp[p].get(o, ())):
                add((s, p, z), PRP_TRP, (t, (o, p, z), axiom))
            for w in list(self.by_po[p].get(s, ())):
                add((w, p, o), PRP_TRP, ((w, p, s), t, axiom))
        for q, i, steps, axiom in tables.chains.get(p, ()):
            for path in self._chain_paths(steps, i, s, o):
                add((path[0][0], q, path[-1][2]), PRP_SPO2, (*path, axiom))
        for r in tables.hv_by_pv.get((p, o), ()):
            add((s, v.type, r), "cls-hv2", (t, (r, v.has_value, o), (r, v.on_property, p)))
        for r, y in tables.svf_by_p.get(p, ()):
            if y == v.thing:
                add((s, v.type, r), "cls-svf2", (t, (r, v.some_values_from, y), (r, v.on_property, p)))
            elif self.has_type(o, y):
                add((s, v.type, r), "cls-svf1", (t, (o, v.type, y), (r, v.some_values_from, y),
                                                 (r, v.on_property, p)))
        for r, y in tables.avf_by_p.get(p, ()):
            if self.holds((s, v.type, r)):
                add((o, v.type, y), "cls-avf", ((s, v.type, r), t, (r, v.all_values_from, y),
                                                (r, v.on_property, p)))
        if p in tables.functional:
            for y2 in list(self.by_sp[p].get(s, ())):
                if y2 != o:
                    add((o, v.same_as, y2), "prp-fp", (t, (s, p, y2), (p, v.type, v.functional_property)))
                    add((y2, v.same_as, o), "prp-fp", ((s, p, y2), t, (p, v.type, v.functional_property)))
        if p in tables.inverse_functional:
            for x2 in list(self.by_po[p].get(o, ())):
                if x2 != s:
                    axiom = (p, v.type, v.inverse_functional_property)
                    add((s, v.same_as, x2), "prp-ifp", (t, (x2, p, o), axiom))
                    add((x2, v.same_as, s), "prp-ifp", ((x2, p, o), t, axiom))
        for r, n, c in tables.maxc_by_p.get(p, ()):
            if n == 1 and self.holds((s, v.type, r)):
                self._max_one(r, p, c, s)

    def _chain_paths(self, steps: list[int], i: int, s: int, o: int) -> list[list[Triple]]:
        """Every path through ``steps`` that uses the triple (s, steps[i], o) at position i."""
        lefts: list[list[Triple]] = [[]]
        node_paths: list[tuple[int, list[Triple]]] = [(s, [])]
        for j in range(i - 1, -1, -1):
            grown = []
            for node, path in node_paths:
                for w in self.by_po[steps[j]].get(node, ()):
                    grown.append((w, [(w, steps[j], node), *path]))
            node_paths = grown
            if not node_paths:
                return []
        lefts = [path for _, path in node_paths]
        rights: list[tuple[int, list[Triple]]] = [(o, [])]
        for j in range(i + 1, len(steps)):
            grown2 = []
            for node, path in rights:
                for z in self.by_sp[steps[j]].get(node, ()):
                    grown2.append((z, [*path, (node, steps[j], z)]))
            rights = grown2
            if not rights:
                return []
        return [[*left, (s, steps[i], o), *right] for left in lefts for _, right in rights]

    def _class_plan(self, c: int) -> tuple:
        """What (x rdf:type c) can fire: cax-sco with each superclass's schema triple; cls-int2,
        cls-uni and cls-hv1 with theirs; and whether a rule that joins with other data applies."""
        v, t = self.v, self.tables
        # (x rdf:type owl:Thing) is noise; when no rule reads it, it is not made at all.
        supers = [(d, (c, v.sco, d)) for d in t.sup.get(c, ()) if d != v.thing or not self._thing_is_inert()]
        direct = [(m, "cls-int2", axiom) for members, axiom in t.intersections.get(c, ()) for m in members]
        direct += [(u, "cls-uni", axiom) for u, axiom in t.uni_of_member.get(c, ())]
        values = [(p, value, (c, v.has_value, value), (c, v.on_property, p)) for p, value in t.hv.get(c, ())]
        joins = c in t.int_of_member or c in t.svf_by_filler or c in t.avf or c in t.maxc or c in t.watched_classes
        plan = (supers, direct, values, joins)
        self._class_plans[c] = plan
        return plan

    def _thing_is_inert(self) -> bool:
        """Whether no rule reads (x rdf:type owl:Thing): owl:Thing takes part in no class
        expression, axiom or check, and rdf:type itself has no domain, range or other property
        axiom, nor can equality rewrite it."""
        found = self._inert.get("thing")
        if found is None:
            v, t = self.v, self.tables
            uses = (t.sup, t.int_of_member, t.uni_of_member, t.svf_by_filler, t.avf, t.maxc, t.hv, t.intersections)
            dom, rng, sup, rare = self._plans.get(v.type) or self._plan(v.type)
            found = self._inert["thing"] = not (
                any(v.thing in table for table in uses) or v.thing in t.watched_classes or dom or rng or sup or rare
                or self.equality)
        return found

    def _fire_type_joins(self, t: Triple) -> None:
        x, _, c = t
        v, tables, add = self.v, self.tables, self.add
        for i in tables.int_of_member.get(c, ()):
            for members, axiom in tables.intersections[i]:
                if all(self.has_type(x, m) for m in members):
                    add((x, v.type, i), "cls-int1", (*((x, v.type, m) for m in members), axiom))
        for r, p in tables.svf_by_filler.get(c, ()):
            for u in list(self.by_po[p].get(x, ())):
                add((u, v.type, r), "cls-svf1", ((u, p, x), t, (r, v.some_values_from, c), (r, v.on_property, p)))
        for p, y in tables.avf.get(c, ()):
            for value in list(self.by_sp[p].get(x, ())):
                add((value, v.type, y), "cls-avf", (t, (x, p, value), (c, v.all_values_from, y),
                                                    (c, v.on_property, p)))
        for p, n, qualifier in tables.maxc.get(c, ()):
            if n == 1:
                self._max_one(c, p, qualifier, x)
        # A typed member of a qualified class may complete a cls-maxqc3 pair.
        if c in tables.watched_classes:
            for r, rules in tables.maxc.items():
                for p, n, qualifier in rules:
                    if n == 1 and qualifier == c:
                        for u in list(self.by_po[p].get(x, ())):
                            if self.holds((u, v.type, r)):
                                self._max_one(r, p, qualifier, u)

    def _max_one(self, r: int, p: int, qualifier: int | None, u: int) -> None:
        """cls-maxc2 and cls-maxqc3/4: two values of ``p`` on a member ``u`` of ``r`` are the same."""
        v = self.v
        values = sorted(self.by_sp[p].get(u, ()))
        if qualifier is not None and qualifier != v.thing:
            values = [y for y in values if self.has_type(y, qualifier)]
        rule = "cls-maxc2" if qualifier is None else ("cls-maxqc4" if qualifier == v.thing else "cls-maxqc3")
        for y1 in values:
            for y2 in values:
                if y1 != y2:
                    premises: tuple[Triple, ...] = ((u, v.type, r), (u, p, y1), (u, p, y2))
                    if qualifier is not None and qualifier != v.thing:
                        premises += ((y1, v.type, qualifier), (y2, v.type, qualifier))
                    self.add((y1, v.same_as, y2), rule, premises)

    def _equality(self, t: Triple) -> None:
        """eq-sym, eq-trans and eq-rep-s/p/o."""
        s, p, o = t
        v, add = self.v, self.add
        if p == v.same_as:
            add((o, v.same_as, s), "eq-sym", (t,))
            for z in list(self.by_sp[v.same_as].get(o, ())):
                add((s, v.same_as, z), "eq-trans", (t, (o, v.same_as, z)))
            for w in list(self.by_po[v.same_as].get(s, ())):
                add((w, v.same_as, o), "eq-trans", ((w, v.same_as, s), t))
            if s != o:
                for p2, o2 in list(self.by_s.get(s, ())):
                    add((o, p2, o2), "eq-rep-s", (t, (s, p2, o2)))
                # A literal's own types (dt-type2) are no triples here; another literal has its own.
                if self.terms.kind[s] == LITERAL and self.terms.kind[o] != LITERAL:
                    for d in self._lit_types(s):
                        add((o, v.type, d), "eq-rep-s", (t, (s, v.type, d)))
                for s2, o2 in list(self.by_p.get(s, ())):
                    add((s2, o, o2), "eq-rep-p", (t, (s2, s, o2)))
                for s2, p2 in list(self.by_o.get(s, ())):
                    add((s2, p2, o), "eq-rep-o", (t, (s2, p2, s)))
        same = self.by_sp[v.same_as]
        for s2 in list(same.get(s, ())):
            if s2 != s:
                add((s2, p, o), "eq-rep-s", ((s, v.same_as, s2), t))
        for p2 in list(same.get(p, ())):
            if p2 != p:
                add((s, p2, o), "eq-rep-p", ((p, v.same_as, p2), t))
        for o2 in list(same.get(o, ())):
            if o2 != o:
                add((s, p, o2), "eq-rep-o", ((o, v.same_as, o2), t))

    # --- inconsistencies ---------------------------------------------------------------------

    def _check(self) -> None:
        """Raise :class:`InconsistencyError` with owlrl's messages for every contradiction found."""
        v, tables, terms = self.v, self.tables, self.terms
        errors: set[str] = set()

        def name(i: int) -> str:
            term = terms.terms[i]
            return term.value if not isinstance(term, ox.BlankNode) else str(term)

        def members(c: int) -> Set[int]:  # the base's members were copied in at the start
            return self.members.get(c, _NO_MEMBERS)

        for a, b in tables.disjoint:  # cax-dw, cax-adc
            for x in members(a) & members(b):
                errors.add(f"Disjoint classes {name(a)} and {name(b)} have a common individual {name(x)}")
        self._check_datatype_disjointness(errors, name)
        for a, b in tables.complement:  # cls-com
            for x in members(a) & members(b):
                errors.add(f"Violation of complementarity for classes {name(a)} and {name(b)} on element {name(x)}")
        for x in members(v.nothing):  # cls-nothing2
            errors.add(f"{name(x)} is defined of type 'Nothing'")
        wanted = tables.irreflexive | tables.asymmetric | set(tables.pdw) | {v.same_as, v.different_from}
        wanted |= {p for props in tables.all_disjoint_properties for p in props}
        wanted |= {p for rules in tables.maxc.values() for p, n, _ in rules if n == 0}
        pairs = self._pairs(wanted)
        for p in tables.irreflexive:  # prp-irp
            for s, o in pairs[p]:
                if s == o:
                    errors.add(f"Irreflexive property used on {name(s)} with {name(p)}")
        for p in tables.asymmetric:  # prp-asyp
            for s, o in pairs[p]:
                if (o, s) in pairs[p]:
                    errors.add(f"Erroneous usage of asymmetric property {name(p)} on {name(s)} and {name(o)}")
        for p1, others in tables.pdw.items():  # prp-pdw
            for p2 in others:
                for s, o in pairs[p1] & pairs[p2]:
                    a, b = sorted((p1, p2), key=name)
                    errors.add(f"Erroneous usage of disjoint properties {name(a)} and {name(b)} on {name(s)} and {name(o)}")
        for props in tables.all_disjoint_properties:  # prp-adp
            for i, p1 in enumerate(props):
                for p2 in props[i + 1:]:
                    for s, o in pairs[p1] & pairs[p2]:
                        errors.add(f"Disjoint properties in an 'AllDisjointProperties' are not really disjoint: "
                                   f"({name(s)}, {name(p1)},{name(o)}) and ({name(s)},{name(p2)},{name(o)})")
        for source, p, target, _ in tables.negative:  # prp-npa1, prp-npa2
            if self.holds((source, p, target)):
                errors.add(f"Negative property assertion violated for: ({name(source)}, {name(p)}, {name(target)})")
        for r, rules in tables.maxc.items():  # cls-maxc1, cls-maxqc1, cls-maxqc2
            for p, n, qualifier in rules:
                for u, y in pairs[p] if n == 0 else ():
                    if self.holds((u, v.type, r)) and (qualifier in (None, v.thing) or self.has_type(y, qualifier)):
                        errors.add(f"Erroneous usage of maximum cardinality with {name(r)} and {name(y)}")
        same = pairs[v.same_as]
        for s, o in pairs[v.different_from]:  # eq-diff1, with eq-ref's x sameAs x
            if s == o or (s, o) in same or (o, s) in same:
                errors.add(f"'sameAs' and 'differentFrom' cannot be used on the same subject-object pair: "
                           f"({name(s)}, {name(o)})")
        for group in tables.all_different:  # eq-diff2, eq-diff3
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if a != b and ((a, b) in same or (b, a) in same):
                        errors.add(f"'sameAs' and 'AllDifferent' cannot be used on the same subject-object "
                                   f"pair: ({name(a)}, {name(b)})")
        for lit in sorted(self.own_literals):  # dt-not-type
            if not self.terms.lexical_ok(lit):
                term = terms.terms[lit]
                assert isinstance(term, ox.Literal)
                errors.add(f"Lexical value of the literal '{term.value}' does not match its datatype "
                           f"({term.datatype.value})")
        if errors:
            raise InconsistencyError("the reasoner found a contradiction: " + " | ".join(sorted(errors)))

    def _check_datatype_disjointness(self, errors: set[str], name: Callable[[int], str]) -> None:
        """cax-dw over owlrl's disjoint datatypes: a value given a type its own datatype is
        disjoint with (a range or allValuesFrom that does not fit). Only the datatypes used in the
        view count, as in owlrl."""
        used = self._used_datatypes()
        pairs = [(a, b) for a, b in datatypes.DISJOINT if a in used and b in used]
        if not pairs:
            return
        iri = self.terms.iri
        ids = {d: iri(d) for pair in pairs for d in pair}
        typed: dict[int, set[int]] = defaultdict(set)
        for d, i in ids.items():
            for x in self.members.get(i, ()):
                typed[x].add(i)
        # A literal the same as another has that one's types too (eq-rep-s over dt-type2), which
        # owlrl writes as triples and this engine does not: "1" the same as a dateTime is both.
        same = self.by_sp.get(self.v.same_as, {})
        for x in [x for x in same if self.terms.kind[x] == LITERAL]:
            for y in same[x]:
                if self.terms.kind[y] == LITERAL:
                    typed[x] |= set(self._lit_types(y))
        for x, given in typed.items():
            have = given | (set(self._lit_types(x)) if self.terms.kind[x] == LITERAL else set())
            for a, b in pairs:
                if ids[a] in have and ids[b] in have:
                    errors.add(f"Disjoint classes {a} and {b} have a common individual {name(x)}")

    def _pairs(self, props: set[int]) -> dict[int, set[tuple[int, int]]]:
        """Subject and object of every known triple of each property (all of them are watched)."""
        found: dict[int, set[tuple[int, int]]] = defaultdict(set)
        for p in props:
            for s, objects in self.by_sp.get(p, {}).items():
                found[p].update((s, o) for o in objects)
        return found

    def _used_datatypes(self) -> set[str]:
        """owlrl's "used" datatypes: those of the view's literals and what they are subsumed by, and
        those the input types a resource with."""
        return used_datatypes(self.terms, self.v, self.own_literals, self.input) | (
            self.base.used_datatypes() if self.base is not None else set())

    def result(self) -> Closure:
        return Closure(self.terms, self.v, self.input, self.known, self.why, self.tables, self.schema,
                       {p: dict(d) for p, d in self.by_sp.items()}, {p: dict(d) for p, d in self.by_po.items()},
                       self.literals, self.equality, self.base)


def used_datatypes(terms: TermTable, v: Vocab, literals: set[int], triples: Collection[Triple]) -> set[str]:
    """owlrl's "used" datatypes: those of the literals and what they are subsumed by, and those the
    triples type a resource with."""
    used: set[str] = set()
    for d in {terms.datatype(lit) for lit in literals}:
        used.update(datatypes.intrinsic_types(d))
    named = v.datatypes()
    for o in named.keys() & set(_classes_typed(v, triples)):
        used.add(named[o])
        used.update(datatypes.SUBSUMED_BY.get(named[o], ()))
    return used


def _classes_typed(v: Vocab, triples: Collection[Triple]) -> Iterator[int]:
    """The objects of the ``rdf:type`` triples among ``triples`` (read twice, in the same order),
    picked out at C speed: a view holds tens of thousands of triples."""
    return compress(map(itemgetter(2), triples), map(v.type.__eq__, map(itemgetter(1), triples)))


def _cardinality(terms: TermTable, n: int) -> int | None:
    term = terms.terms[n]
    if not isinstance(term, ox.Literal):
        return None
    try:
        value = float(term.value)
    except ValueError:
        return None
    return int(value) if value in (0.0, 1.0) else None


def _refusal(construct: str) -> str:
    return (f"{construct} is outside the OWL 2 RL rules the fast reasoner implements; "
            "build with --reasoner owlrl")

