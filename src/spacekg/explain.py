"""Explain a derived triple from the justification records the build made when it derived it.

Every inferred triple has one record (see :mod:`spacekg.reasoning.records`): the rule, an OWL 2 RL
rule or a derivation rule file, and the premises, each with the graph the deriving view read it
from. ``why`` follows the records down to asserted triples and cites their sentence (article with
its outlet and date, id, character offsets, verbatim text), their background citation, or the
reason a curator gave for a curated link. It searches nothing: a graph appears in the tree only
if the view that derived the triple read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NoReturn

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import GRAPH, PREFIXES, RDF, RDFS, SKG, SKOS, XSD, expand, shorten
from .rdf import Subject, Term, Terms, select, spo
from .reasoning.records import Justification
from .store.engine import ACCEPTED_OUTPUT, INFERRED_PREFIX, RULES_GRAPH, SCHEMA_OUTPUT, KnowledgeGraph

# Where a triple held in several inferred graphs is explained from first.
_PREFERRED = tuple(g.removeprefix(INFERRED_PREFIX) for g in (RULES_GRAPH, ACCEPTED_OUTPUT, SCHEMA_OUTPUT))


@dataclass(frozen=True)
class Explanation:
    """One step of a derivation tree: a triple in a graph, and how it holds there."""

    subject: Subject
    predicate: ox.NamedNode
    object: Term
    graph: str
    rule: str
    source: str = ""
    premises: tuple[Explanation, ...] = field(default=())


def index_records(justifications: Iterable[Justification]) -> dict[ox.Quad, Justification]:
    """Each conclusion's justification, with literals in the form a pyoxigraph store gives them
    ("01"^^xsd:integer as "1"), so that the quads of the built graph find their records."""
    items = list(justifications)
    literals = sorted({t for j in items for q in (*j.conclusions, *j.premises) for t in (q.subject, q.object)
                       if isinstance(t, ox.Literal)}, key=str)
    store = ox.Store()
    key = ox.NamedNode("urn:spacekg:literal")
    store.extend(ox.Quad(ox.NamedNode(f"urn:spacekg:literal:{i}"), key, lit) for i, lit in enumerate(literals))
    canonical = {literals[int(spo(q)[0].value.rsplit(":", 1)[1])]: q.object for q in store}

    def fix(quad: ox.Quad) -> ox.Quad:
        if isinstance(quad.object, ox.Literal):
            return ox.Quad(quad.subject, quad.predicate, canonical.get(quad.object, quad.object), quad.graph_name)
        return quad

    out: dict[ox.Quad, Justification] = {}
    for j in items:
        fixed = Justification(j.rule, tuple(map(fix, j.conclusions)), tuple(map(fix, j.premises)))
        for quad in fixed.conclusions:
            out.setdefault(quad, fixed)
    return out


def resolve_term(
    kg: KnowledgeGraph, text: str, *, position: str, subject: Subject | None = None,
    predicate: ox.NamedNode | None = None,
) -> Term:
    """Turn a prefixed name, ``<iri>`` or bare absolute IRI, label or literal into a term of the graph.

    An object may be a literal as Turtle writes it (``"3"^^xsd:integer``, ``3``, ``"Moon"@en``)
    or plain text; it is first matched against the values ``subject predicate`` has, by its text
    or by value (``03`` is the integer 3).

    A blank node is given by the label ``why`` and the exports print (``_:c14ndee38bec3826``).

    Raises:
        QueryError: nothing in the graph has that name or label.
    """
    # Space around a term is how it was pasted, never part of a name, label or value.
    text = text.strip()
    if text.startswith("_:") and position != "predicate":
        node = ox.BlankNode(text[2:])  # a malformed label is a ValueError, as a malformed IRI is
        quads = (kg.store.quads_for_pattern(node, None, None) if position == "subject"
                 else kg.store.quads_for_pattern(None, None, node))
        if next(iter(quads), None) is None:
            raise QueryError(f"no blank node {text} is the {position} of a triple in the graph")
        return node
    if text.startswith("<") or (":" in text and text.split(":", 1)[0] in PREFIXES) or _BARE_IRI.match(text):
        return ox.NamedNode(expand(text))
    if text == "a" and position == "predicate":
        return ox.NamedNode(RDF + "type")
    literal = _as_literal(text) if position == "object" else None
    if literal is not None and text.startswith(("\"", "'")):
        # Quoted: a literal, never a label. A bare quoted string ('"China"') is that text in any
        # language; a datatype or language given is kept ('"3"^^xsd:string' is not the number 3).
        bare = literal.datatype.value == XSD + "string" and "^^" not in text
        return _value_in_graph(kg, literal.value if bare else None, literal, subject, predicate, anywhere=True,
                               strings_only=True) or literal
    if position == "object" and (own := _value_in_graph(kg, text, literal, subject, predicate, anywhere=False)):
        return own  # "why d:china rdfs:label China": the label itself, not the thing it names
    label = ox.Literal(text, language="en")
    for prop in (RDFS + "label", SKOS + "altLabel"):
        found = sorted({q.subject.value for q in kg.store.quads_for_pattern(None, ox.NamedNode(prop), label, None)
                        if isinstance(q.subject, ox.NamedNode)})
        if len(found) == 1:
            return ox.NamedNode(found[0])
        if len(found) > 1:
            raise QueryError(f"{position} {text!r} is ambiguous: {', '.join(shorten(f) for f in found)}")
    # Then as a reader types a name: in any case, with or without hyphens, spaces and apostrophes.
    from .store.names import close_names, named

    found = named(kg.store, text)
    if len(found) == 1:
        return ox.NamedNode(found[0])
    if len(found) > 1:
        raise QueryError(f"{position} {text!r} is ambiguous: {', '.join(shorten(f) for f in found)}")
    if position == "object":
        # A literal the graph lacks ("4") is a triple the graph does not hold; other text names nothing.
        return _value_in_graph(kg, text, literal, subject, predicate, anywhere=True) or literal or _no_value(
            text, close_names(kg.store, text))
    close = close_names(kg.store, text)
    raise QueryError(f"no {position} named or labelled {text!r}; " + (
        f"did you mean {', '.join(close)}?" if close else "use a prefixed name such as d:china or an IRI"))


def _no_value(text: str, close: list[str]) -> NoReturn:
    raise QueryError(f"no object named, labelled or equal to {text!r}"
                     + (f"; did you mean {', '.join(close)}?" if close else ""))


# An absolute IRI as people paste it, without its angle brackets: a scheme, then "//" or an URN.
_BARE_IRI = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)\S+\Z", re.IGNORECASE)
_TURTLE_PREFIXES = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(PREFIXES.items()))


def _as_literal(text: str) -> ox.Literal | None:
    """``text`` read as a Turtle literal (a quoted string with its language or datatype, a number,
    a boolean), or None."""
    try:
        quads = list(ox.parse(f"{_TURTLE_PREFIXES}<urn:s> <urn:p> {text} .", format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError):
        return None
    found = quads[0].object if len(quads) == 1 else None
    return found if isinstance(found, ox.Literal) else None


def _value_in_graph(kg: KnowledgeGraph, text: str | None, literal: ox.Literal | None, subject: Subject | None,
                    predicate: ox.NamedNode | None, *, anywhere: bool, strings_only: bool = False
                    ) -> ox.Literal | None:
    """The literal of the graph that ``text`` and ``literal`` stand for: one of ``subject
    predicate``'s values if it has one, else (``anywhere``) any; matched by its text (a string in
    any language, with ``strings_only``), or by value as ``literal``."""
    tests = [f"?o = {literal}"] if literal is not None else []
    if text is not None:
        kind = f" && (LANG(?o) != '' || DATATYPE(?o) = <{XSD}string>)" if strings_only else ""
        tests.append(f"(STR(?o) = {ox.Literal(text)}{kind})")
    test = " || ".join(tests)
    pattern = f"{subject} {predicate} ?o" if isinstance(subject, ox.NamedNode) and predicate is not None else None
    for where in ([pattern] if pattern else []) + (["?s ?p ?o"] if anywhere else []):
        answer = select(kg.store, f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ {where} }} FILTER (isLiteral(?o) && "
                                  f"({test})) }}")
        values = sorted((row[0] for row in answer), key=str)
        if values:
            return values[0]
    return None


def explain(kg: KnowledgeGraph, records: dict[ox.Quad, Justification], s: Subject, p: ox.NamedNode, o: Term, *,
            source: str | None = None) -> Explanation | None:
    """The derivation tree of ``s p o``, or ``None`` when the graph does not hold it.

    An asserted triple is a leaf. A derived one is explained from the graph of the view that
    derived it: ``g:inferred/rules``, then ``g:inferred/owl``, then ``g:inferred/schema``, then
    the article views; with ``source`` (an article id), from that article's view only, and
    ``None`` when that view does not hold it.

    Raises:
        QueryError: ``source`` is not an article of the graph.
    """
    # Only the graphs the view reads: another view's derivation is no reason in this one.
    view = {g.value for g in kg.graph_names(source=source)} if source is not None else None
    graphs = sorted(q.graph_name.value for q in kg.store.quads_for_pattern(s, p, o, None)
                    if isinstance(q.graph_name, ox.NamedNode) and (view is None or q.graph_name.value in view))
    if not graphs:
        return None
    asserted = [g for g in graphs if not g.startswith(INFERRED_PREFIX)]
    if asserted and (source is None or INFERRED_PREFIX + source not in graphs):
        return _leaf(kg, s, p, o, asserted)
    graphs = [g for g in graphs if g.startswith(INFERRED_PREFIX)]
    order = ([source] if source else []) + list(_PREFERRED)
    graphs.sort(key=lambda g: (order.index(g[len(INFERRED_PREFIX):]) if g[len(INFERRED_PREFIX):] in order
                               else len(order), g))
    return _Tree(kg, records).node(ox.Quad(s, p, o, ox.NamedNode(graphs[0])))


class _Tree:
    def __init__(self, kg: KnowledgeGraph, records: dict[ox.Quad, Justification]) -> None:
        self.kg, self.records = kg, records
        self.shown: set[ox.Quad] = set()

    def node(self, quad: ox.Quad) -> Explanation:
        s, p, o = spo(quad)
        graph = _graph(quad)
        if not graph.startswith(INFERRED_PREFIX):
            return _leaf(self.kg, s, p, o, [graph])
        record = self.records.get(quad)
        if record is None:
            return Explanation(s, p, o, graph, "unjustified", "no justification was recorded")
        if quad in self.shown:
            return Explanation(s, p, o, graph, record.rule, "(explained above)")
        self.shown.add(quad)
        premises = []
        grouped: dict[Terms, list[ox.Quad]] = {}
        for premise in record.premises:
            grouped.setdefault(spo(premise), []).append(premise)
        for (ps, pp, po), quads in grouped.items():
            derived = [q for q in quads if _graph(q).startswith(INFERRED_PREFIX)]
            if derived:
                premises.append(self.node(derived[0]))
            else:
                premises.append(_leaf(self.kg, ps, pp, po, [_graph(q) for q in quads]))
        return Explanation(s, p, o, graph, record.rule, "", tuple(premises))


def _graph(quad: ox.Quad) -> str:
    """The graph of a quad in a derivation tree: a record cites each of its quads in a named graph."""
    name = quad.graph_name
    assert not isinstance(name, ox.DefaultGraph)
    return name.value


def _leaf(kg: KnowledgeGraph, s: Subject, p: ox.NamedNode, o: Term, graphs: list[str]) -> Explanation:
    return Explanation(s, p, o, graphs[0], "asserted", "; also ".join(_source(kg, g, s, p, o) for g in graphs))


def _one(kg: KnowledgeGraph, s: Subject, p: str) -> Term | None:
    values = sorted({spo(q)[2] for q in kg.store.quads_for_pattern(s, ox.NamedNode(p), None, None)}, key=str)
    return values[0] if values else None


def _comments(kg: KnowledgeGraph, node: Term, graph: str) -> list[str]:
    if isinstance(node, ox.Literal):
        return []
    return sorted({spo(q)[2].value for q in kg.store.quads_for_pattern(
        node, ox.NamedNode(RDFS + "comment"), None, ox.NamedNode(graph))})


def _curation_reason(kg: KnowledgeGraph, graph: str, s: Subject, p: ox.NamedNode, o: Term) -> str:
    """The reason a curator gave for a curated link: the subject's comment that names the link
    ("fulfilledBy change-4-landing: ..."), else the comment on what it links to (a goal's)."""
    local = (p.value.rsplit("#", 1)[-1], o.value.rsplit("/", 1)[-1] if isinstance(o, ox.NamedNode) else o.value)
    named = [c.split(": ", 1)[1] for c in _comments(kg, s, graph) if c.startswith(f"{local[0]} {local[1]}: ")]
    reasons = named or _comments(kg, o, graph)
    return "curated because " + " ".join(f'"{r}"' for r in reasons) if reasons else "curated, no reason recorded"


def _source(kg: KnowledgeGraph, graph: str, subject: Subject, predicate: ox.NamedNode, value: Term) -> str:
    name = shorten(graph)
    sentence = _one(kg, ox.NamedNode(graph), SKG + "statedIn")
    if sentence is not None and not isinstance(sentence, ox.Literal):
        text = _one(kg, sentence, SKG + "text")
        sid = _one(kg, sentence, SKG + "sentenceId")
        doc = _one(kg, sentence, SKG + "inDocument")
        article = "?"
        if isinstance(doc, ox.NamedNode):
            # The article's label names its outlet and date, which a reader checking the quote needs.
            article = kg.label(doc) or doc.value.rsplit("/", 1)[1]
        begin, end = _one(kg, sentence, SKG + "beginIndex"), _one(kg, sentence, SKG + "endIndex")
        span = f", characters {begin.value}-{end.value}" if begin is not None and end is not None else ""
        return (f'{name}: article {article}, sentence {sid.value if sid else "?"}{span}: '
                f'"{text.value if text else ""}"')
    if graph == GRAPH + "background":
        citations = sorted({spo(q)[2].value for q in kg.store.quads_for_pattern(
            subject, ox.NamedNode(SKG + "citation"), None, ox.NamedNode(graph))})
        if citations:
            return f"{name}: cited from " + ", ".join(citations)
    if graph == GRAPH + "curation":
        return f"{name}: {_curation_reason(kg, graph, subject, predicate, value)}"
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
    where = "" if tree.rule == "asserted" else f" in {shorten(tree.graph)}"
    lines = [f"{head}   [{tree.rule}{where}]" + (f" {tree.source}" if tree.source else "")]
    for premise in tree.premises:
        lines += render(premise, kg, indent + 1)
    return lines
