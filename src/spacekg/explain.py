"""Explain a derived triple: the rules that produce it, down to asserted triples and their sources.

OWL 2 RL steps are reconstructed from the closure: for a derived triple, find an instance of an
OWL 2 RL rule (cax-sco, cls-int1/cls-hv1, prp-dom, prp-rng, prp-spo1, prp-spo2, prp-trp, prp-symp)
whose premises hold, and explain each premise in turn. Triples made by derivation rules are
explained through the record or assessment they describe: its rule name (skg:derivedBy) and the
facts it rests on (skg:evidence). Asserted triples end the chain with their sentence (article,
id, verbatim text) or their background citation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import GRAPH, OWL, PREFIXES, RDF, RDFS, SKG, XSD, expand, shorten
from .store.engine import INFERRED_PREFIX, KnowledgeGraph

Term = ox.NamedNode | ox.BlankNode | ox.Literal
MAX_DEPTH = 12
RULES_GRAPH = GRAPH + "inferred/rules"


@dataclass(frozen=True)
class Explanation:
    """One step of a derivation tree."""

    subject: Term
    predicate: ox.NamedNode
    object: Term
    rule: str
    source: str = ""
    premises: tuple[Explanation, ...] = field(default=())


def resolve_term(
    kg: KnowledgeGraph, text: str, *, position: str, subject: Term | None = None, predicate: ox.NamedNode | None = None
) -> Term:
    """Turn a prefixed name, ``<iri>``, label or literal text into a term of the graph.

    An object given as plain text is first matched against the values ``subject predicate`` has.

    Raises:
        QueryError: nothing in the graph has that name or label.
    """
    if text.startswith("<") or (":" in text and text.split(":", 1)[0] in PREFIXES):
        return ox.NamedNode(expand(text))
    if text == "a" and position == "predicate":
        return ox.NamedNode(RDF + "type")
    label = ox.Literal(text, language="en")
    for prop in (RDFS + "label", "http://www.w3.org/2004/02/skos/core#altLabel"):
        found = sorted({q.subject.value for q in kg.store.quads_for_pattern(None, ox.NamedNode(prop), label, None)
                        if isinstance(q.subject, ox.NamedNode)})
        if len(found) == 1:
            return ox.NamedNode(found[0])
        if len(found) > 1:
            raise QueryError(f"{position} {text!r} is ambiguous: {', '.join(shorten(f) for f in found)}")
    if position == "object":
        if subject is not None and predicate is not None:
            for quad in kg.store.quads_for_pattern(subject, predicate, None, None):
                if isinstance(quad.object, ox.Literal) and quad.object.value == text:
                    return quad.object
        return _literal_in_graph(kg, text)
    raise QueryError(f"no {position} named or labelled {text!r}; use a prefixed name such as d:china")


def _literal_in_graph(kg: KnowledgeGraph, text: str) -> ox.Literal:
    answer = kg.store.query(
        f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (isLiteral(?o) && STR(?o) = {ox.Literal(text)}) }}"
    )
    values = sorted((row[0] for row in answer), key=str)  # type: ignore[union-attr]
    if not values:
        raise QueryError(f"no object named, labelled or equal to {text!r}")
    return values[0]  # type: ignore[return-value]


def explain(kg: KnowledgeGraph, s: Term, p: ox.NamedNode, o: Term) -> Explanation | None:
    """The derivation tree of ``s p o``, or ``None`` when the graph does not hold it."""
    graphs = _graphs_of(kg, s, p, o)
    if not graphs:
        return None
    return _explain(kg, s, p, o, frozenset(), 0)


def _graphs_of(kg: KnowledgeGraph, s: Term, p: ox.NamedNode, o: Term) -> list[str]:
    return sorted({q.graph_name.value for q in kg.store.quads_for_pattern(s, p, o, None)
                   if isinstance(q.graph_name, ox.NamedNode)})


def _explain(kg: KnowledgeGraph, s: Term, p: ox.NamedNode, o: Term, path: frozenset, depth: int) -> Explanation:
    graphs = _graphs_of(kg, s, p, o)
    asserted = [g for g in graphs if not g.startswith(INFERRED_PREFIX)]
    if asserted:
        return Explanation(s, p, o, "asserted", "; also ".join(_source(kg, g, s) for g in asserted))
    if depth >= MAX_DEPTH:
        return Explanation(s, p, o, "derived", "(depth limit reached)")
    here = path | {(str(s), str(p), str(o))}
    if RULES_GRAPH in graphs:
        return _explain_rule(kg, s, p, o, here, depth)
    for rule, premises in _owl_candidates(kg, s, p, o):
        if all((str(a), str(b), str(c)) not in here for a, b, c in premises):
            return Explanation(s, p, o, rule, "", tuple(_explain(kg, a, b, c, here, depth + 1) for a, b, c in premises))
    return Explanation(s, p, o, "owlrl", "no single-step OWL 2 RL justification found")


def _explain_rule(kg: KnowledgeGraph, s: Term, p: ox.NamedNode, o: Term, path: frozenset, depth: int) -> Explanation:
    node = s
    derived_by = _one(kg, node, SKG + "derivedBy")
    if derived_by is None:  # stated on the thing itself (a plan's status): the rule's node that states it too
        node = _rule_node_stating(kg, s, p, o) or s
        derived_by = _one(kg, node, SKG + "derivedBy")
    premises: list[Explanation] = []

    def add(subject: Term, prop: str, value: Term) -> None:
        if (str(subject), prop, str(value)) not in path:
            premises.append(_explain(kg, subject, ox.NamedNode(prop), value, path, depth + 1))

    for claim in _all(kg, node, SKG + "assesses"):  # what is judged, down to its sentence
        for subject, prop, value in _claim_statement(kg, node, claim):
            add(subject, prop, value)
    claimed_props = {v.value for c in _all(kg, node, SKG + "assesses") for v in _all(kg, c, RDF + "predicate")}
    for scope in _all(kg, node, SKG + "derivedUnderScope"):
        for until in _all(kg, scope, SKG + "completeUntil"):
            add(scope, SKG + "completeUntil", until)
    for evidence in _all(kg, node, SKG + "evidence"):
        rank = _one(kg, evidence, SKG + "ordinalRank")
        if rank is not None:  # an earlier record: explain its rank in turn
            add(evidence, SKG + "ordinalRank", rank)
            continue
        before = len(premises)
        cited = _cited_statements(kg, evidence, claimed_props)
        for subject, prop, value in cited:
            add(subject, prop, value)
        if cited:
            continue
        tracked = {t for t in _subjects(kg, SKG + "ordinalTracked", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))}
        for kind in _all(kg, evidence, RDF + "type"):
            if kind in tracked:
                add(evidence, RDF + "type", kind)
        for prop in ("achievedBy", "time", "earliestTime", "latestTime", "durationDays", "fulfilledBy"):
            for value in _all(kg, evidence, SKG + prop):
                add(evidence, SKG + prop, value)
        if len(premises) == before:  # a record, a declaration, a value statement: its cited statement
            for subject, prop, value in _cited_statements(kg, evidence, {RDF + "type"}):
                add(subject, prop, value)
    if not premises:  # a derived fact about a record: the record itself is the evidence
        for evidence in _all(kg, node, SKG + "firstInstance"):
            for value in _all(kg, evidence, SKG + "time"):
                add(evidence, SKG + "time", value)
    name = derived_by.value if isinstance(derived_by, ox.Literal) else "rule"
    return Explanation(s, p, o, f"rule {name}", "", tuple(premises))


def _rule_node_stating(kg: KnowledgeGraph, s: Term, p: ox.NamedNode, o: Term) -> Term | None:
    """A node made by a derivation rule that states ``p o`` too and refers to ``s``."""
    rules = ox.NamedNode(RULES_GRAPH)
    for quad in sorted(kg.store.quads_for_pattern(None, p, o, rules), key=lambda q: str(q.subject)):
        node = quad.subject
        if node != s and _one(kg, node, SKG + "derivedBy") is not None and _holds_link(kg, node, s):
            return node
    return None


def _holds_link(kg: KnowledgeGraph, node: Term, target: Term) -> bool:
    return next(iter(kg.store.quads_for_pattern(node, None, target, None)), None) is not None


def _claim_statement(kg: KnowledgeGraph, assessment: Term, claim: Term) -> list[tuple[Term, str, Term]]:
    """The asserted statement that makes ``claim`` a claim: its type in its sentence graph, or, when the
    assessment judges a sentence graph itself, the words in that graph that it judges."""
    if isinstance(claim, ox.NamedNode) and _one(kg, claim, SKG + "statedIn") is not None:
        claimed = {v.value for v in _all(kg, assessment, SKG + "claimedValue")}
        out = []
        for quad in kg.store.quads_for_pattern(None, None, None, claim):
            if isinstance(quad.object, ox.Literal) and quad.object.value in claimed:
                out.append((quad.subject, quad.predicate.value, quad.object))
        return sorted(out, key=str)[:1]
    for quad in sorted(kg.store.quads_for_pattern(claim, ox.NamedNode(RDF + "type"), None, None), key=str):
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and _one(kg, graph, SKG + "statedIn") is not None:
            return [(claim, RDF + "type", quad.object)]
    return []


def _cited_statements(kg: KnowledgeGraph, subject: Term, props: set[str]) -> list[tuple[Term, str, Term]]:
    """Statements about ``subject`` in the cited background, of the properties ``props``."""
    background = ox.NamedNode(GRAPH + "background")
    return sorted({(q.subject, q.predicate.value, q.object) for prop in props
                   for q in kg.store.quads_for_pattern(subject, ox.NamedNode(prop), None, background)}, key=str)


def _owl_candidates(kg: KnowledgeGraph, s: Term, p: ox.NamedNode, o: Term) -> list[tuple[str, list[tuple[Term, ox.NamedNode, Term]]]]:
    type_ = ox.NamedNode(RDF + "type")
    out: list[tuple[str, list[tuple[Term, ox.NamedNode, Term]]]] = []
    if p == type_:
        for d in _subjects(kg, RDFS + "subClassOf", o):
            if d != o and _holds(kg, s, type_, d):
                out.append(("cax-sco", [(s, type_, d), (d, ox.NamedNode(RDFS + "subClassOf"), o)]))
        for expression in _all(kg, o, OWL + "equivalentClass"):
            members = _intersection(kg, expression)
            if members is None:
                continue
            premises: list[tuple[Term, ox.NamedNode, Term]] = []
            for member in members:
                restriction = _one(kg, member, OWL + "onProperty")
                if restriction is not None:
                    value = _one(kg, member, OWL + "hasValue")
                    premises.append((s, restriction, value))  # type: ignore[arg-type]
                else:
                    premises.append((s, type_, member))
            if all(_holds(kg, *t) for t in premises):
                out.append(("cls-int1 with cls-hv1", premises))
        for q in _subjects(kg, RDFS + "domain", o):
            for value in _all(kg, s, q.value):  # type: ignore[union-attr]
                out.append(("prp-dom", [(s, q, value), (q, ox.NamedNode(RDFS + "domain"), o)]))  # type: ignore[list-item]
                break
        for q in _subjects(kg, RDFS + "range", o):
            subject = _subject_of(kg, q.value, s)  # type: ignore[union-attr]
            if subject is not None:
                out.append(("prp-rng", [(subject, q, s), (q, ox.NamedNode(RDFS + "range"), o)]))  # type: ignore[list-item]
        return out
    for q in _subjects(kg, RDFS + "subPropertyOf", p):
        if q != p and _holds(kg, s, q, o):  # type: ignore[arg-type]
            out.append(("prp-spo1", [(s, q, o), (q, ox.NamedNode(RDFS + "subPropertyOf"), p)]))  # type: ignore[list-item]
    if _holds(kg, p, type_, ox.NamedNode(OWL + "SymmetricProperty")) and _holds(kg, o, p, s):
        out.append(("prp-symp", [(o, p, s)]))
    if _holds(kg, p, type_, ox.NamedNode(OWL + "TransitiveProperty")):
        for middle in _all(kg, s, p.value):
            if middle != o and _holds(kg, middle, p, o):
                out.append(("prp-trp", [(s, p, middle), (middle, p, o)]))
    for chain in _all(kg, p, OWL + "propertyChainAxiom"):
        steps = _list(kg, chain)
        if len(steps) == 2:
            for middle in _all(kg, s, steps[0].value):  # type: ignore[union-attr]
                if _holds(kg, middle, steps[1], o):  # type: ignore[arg-type]
                    out.append(("prp-spo2", [(s, steps[0], middle), (middle, steps[1], o)]))  # type: ignore[list-item]
    return out


def _holds(kg: KnowledgeGraph, s: Term, p: ox.NamedNode, o: Term) -> bool:
    return next(iter(kg.store.quads_for_pattern(s, p, o, None)), None) is not None


def _all(kg: KnowledgeGraph, s: Term, p: str) -> list[Term]:
    return sorted({q.object for q in kg.store.quads_for_pattern(s, ox.NamedNode(p), None, None)}, key=str)


def _one(kg: KnowledgeGraph, s: Term, p: str) -> Term | None:
    values = _all(kg, s, p)
    return values[0] if values else None


def _subjects(kg: KnowledgeGraph, p: str, o: Term) -> list[Term]:
    return sorted({q.subject for q in kg.store.quads_for_pattern(None, ox.NamedNode(p), o, None)}, key=str)


def _subject_of(kg: KnowledgeGraph, p: str, o: Term) -> Term | None:
    found = _subjects(kg, p, o)
    return found[0] if found else None


def _list(kg: KnowledgeGraph, head: Term) -> list[Term]:
    items: list[Term] = []
    while head != ox.NamedNode(RDF + "nil") and len(items) < 50:
        first = _one(kg, head, RDF + "first")
        if first is None:
            break
        items.append(first)
        head = _one(kg, head, RDF + "rest") or ox.NamedNode(RDF + "nil")
    return items


def _intersection(kg: KnowledgeGraph, expression: Term) -> list[Term] | None:
    head = _one(kg, expression, OWL + "intersectionOf")
    return None if head is None else _list(kg, head)


def _source(kg: KnowledgeGraph, graph: str, subject: Term) -> str:
    name = shorten(graph)
    sentence = _one(kg, ox.NamedNode(graph), SKG + "statedIn")
    if sentence is not None:
        text = _one(kg, sentence, SKG + "text")
        sid = _one(kg, sentence, SKG + "sentenceId")
        doc = _one(kg, sentence, SKG + "inDocument")
        article = doc.value.rsplit("/", 1)[1] if isinstance(doc, ox.NamedNode) else "?"
        return f'{name}: article {article}, sentence {sid.value if sid else "?"}: "{text.value if text else ""}"'
    citations = _all(kg, subject, SKG + "citation") if graph.endswith("/background") else []
    if citations:
        return f"{name}: cited from " + ", ".join(c.value for c in citations)  # type: ignore[union-attr]
    return name


def render(tree: Explanation, kg: KnowledgeGraph, indent: int = 0) -> list[str]:
    """The tree as indented lines: each step's triple, its rule, and where an asserted triple comes from."""
    def term(t: Term) -> str:
        if isinstance(t, ox.NamedNode):
            label = kg.label(t)
            short = shorten(t.value)
            return f"{short} ({label})" if label and not short.startswith("skg:") else short
        if isinstance(t, ox.Literal) and not t.language and t.datatype.value != XSD + "string":
            return f'"{t.value}"^^{shorten(t.datatype.value)}'
        return str(t)

    pad = "  " * indent
    head = f"{pad}{term(tree.subject)} {shorten(tree.predicate.value)} {term(tree.object)}"
    lines = [f"{head}   [{tree.rule}]" + (f" {tree.source}" if tree.source else "")]
    for premise in tree.premises:
        lines += render(premise, kg, indent + 1)
    return lines
