"""Write docs/ontology.md, the reference page of the spacekg ontology, from ontology/spacekg.ttl.

    python docs/ontology_reference.py            # rewrite docs/ontology.md
    python docs/ontology_reference.py --check    # exit 1 if docs/ontology.md is stale (CI runs this)

Every class, property and controlled vocabulary gets an entry with its label, definition and
axioms (superclasses and subclasses, equivalent classes, disjoint classes, domain and range,
subproperties, characteristics, property chains), each term linked to its own entry. The page
depends only on the ontology file, so the same file always gives the same page.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "ontology" / "spacekg.ttl"
TARGET = ROOT / "docs" / "ontology.md"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
VANN = "http://purl.org/vocab/vann/"
KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "object property",
         OWL + "DatatypeProperty": "datatype property", OWL + "AnnotationProperty": "annotation property"}
CHARACTERISTICS = {OWL + n + "Property": n.lower() for n in
                   ("Transitive", "Symmetric", "Asymmetric", "Functional", "InverseFunctional", "Reflexive",
                    "Irreflexive")}
PREFIXES = {"skg": "https://w3id.org/spacekg/ontology#", "d": "https://w3id.org/spacekg/id/", "rdf": RDF,
            "rdfs": RDFS, "owl": OWL, "xsd": "http://www.w3.org/2001/XMLSchema#", "skos": SKOS,
            "dcterms": DCTERMS, "schema": "https://schema.org/"}


@dataclass
class Term:
    iri: str
    types: set[str] = field(default_factory=set)
    values: dict[str, list[ox.Term]] = field(default_factory=lambda: defaultdict(list))

    def one(self, predicate: str) -> str:
        found = sorted(t.value for t in self.values.get(predicate, []))
        return found[0] if found else ""

    def all(self, predicate: str) -> list[ox.Term]:
        return sorted(self.values.get(predicate, []), key=lambda t: (short(t.value), t.value))


class Ontology:
    def __init__(self, path: Path) -> None:
        self.quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        self.terms: dict[str, Term] = {}
        self.blank: dict[str, dict[str, list[ox.Term]]] = defaultdict(lambda: defaultdict(list))
        for quad in self.quads:
            subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
            if isinstance(subject, ox.BlankNode):
                self.blank[subject.value][predicate].append(obj)
                continue
            term = self.terms.setdefault(subject.value, Term(subject.value))
            if predicate == RDF + "type":
                term.types.add(obj.value)
            term.values[predicate].append(obj)
        self.namespace = PREFIXES["skg"]
        self.header = next(t for t in self.terms.values() if OWL + "Ontology" in t.types)
        KIND_OF.clear()
        for term in self.terms.values():
            kinds = [label for kind, label in KINDS.items() if kind in term.types]
            if kinds and term.iri.startswith(self.namespace):
                KIND_OF[term.iri] = kinds[0]
        for members in self.vocabularies().values():
            for member in members:
                KIND_OF.setdefault(member.iri, "term")

    def named(self, kind: str) -> list[Term]:
        return sorted((t for t in self.terms.values() if kind in t.types and t.iri.startswith(self.namespace)),
                      key=lambda t: t.iri.lower())

    @property
    def classes(self) -> list[Term]:
        return self.named(OWL + "Class")

    @property
    def properties(self) -> list[Term]:
        kinds = [k for k in KINDS if k != OWL + "Class"]
        return sorted({t.iri: t for k in kinds for t in self.named(k)}.values(), key=lambda t: t.iri.lower())

    def vocabularies(self) -> dict[str, list[Term]]:
        """Classes of the ontology whose members the ontology names: its controlled vocabularies."""
        out: dict[str, list[Term]] = defaultdict(list)
        for term in self.terms.values():
            for kind in term.types:
                if kind.startswith(self.namespace) and term.iri.startswith(self.namespace):
                    out[kind].append(term)
        return {k: sorted(v, key=lambda t: t.iri.lower()) for k, v in sorted(out.items())}

    def inverse(self, predicate: str, iri: str) -> list[str]:
        return sorted({q.subject.value for q in self.quads if q.predicate.value == predicate
                       and q.object.value == iri and isinstance(q.subject, ox.NamedNode)}, key=short)

    def disjoint(self, term: Term) -> list[str]:
        """Every class the ontology declares disjoint with ``term``: either side of owl:disjointWith,
        and every other member of an owl:AllDisjointClasses that lists it."""
        found = {t.value for t in term.all(OWL + "disjointWith")} | set(self.inverse(OWL + "disjointWith", term.iri))
        for node in self.blank.values():
            if OWL + "AllDisjointClasses" in {t.value for t in node.get(RDF + "type", [])}:
                members = {m.value for m in self.items(node[OWL + "members"][0])}
                if term.iri in members:
                    found |= members - {term.iri}
        return sorted(found, key=short)

    def items(self, head: ox.Term) -> list[ox.Term]:
        out = []
        while isinstance(head, ox.BlankNode) and self.blank[head.value].get(RDF + "first"):
            out.append(self.blank[head.value][RDF + "first"][0])
            head = self.blank[head.value][RDF + "rest"][0]
        return out

    def expression(self, term: ox.Term) -> str:
        """A class expression in Manchester-like words, with links to named terms."""
        if not isinstance(term, ox.BlankNode):
            return link(term.value)
        node = self.blank[term.value]
        if node.get(OWL + "intersectionOf"):
            return " and ".join(self.expression(t) for t in self.items(node[OWL + "intersectionOf"][0]))
        if node.get(OWL + "unionOf"):
            return " or ".join(self.expression(t) for t in self.items(node[OWL + "unionOf"][0]))
        if node.get(OWL + "onProperty"):
            prop = link(node[OWL + "onProperty"][0].value)
            for key, word in ((OWL + "hasValue", "value"), (OWL + "someValuesFrom", "some"),
                              (OWL + "allValuesFrom", "only")):
                if node.get(key):
                    value = node[key][0]
                    shown = self.expression(value) if not isinstance(value, ox.Literal) else f'"{value.value}"'
                    return f"({prop} {word} {shown})"
        return "(an anonymous class)"


def short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


KIND_OF: dict[str, str] = {}  # IRI -> what its entry's heading calls it, filled by Ontology


def anchor(iri: str) -> str:
    """The anchor of a term's entry. Headings carry the kind, because GitHub's anchors ignore case
    and the ontology has both skg:Country (a class) and skg:country (a property)."""
    local = iri.rsplit("#", 1)[1].lower()
    return f"{local}-{KIND_OF[iri].replace(' ', '-')}" if iri in KIND_OF else local


def link(iri: str) -> str:
    name = short(iri)
    if name.startswith("skg:") and iri in KIND_OF:
        return f"[`{name}`](#{anchor(iri)})"
    return f"`{name}`" if name != iri else f"<{iri}>"


def entry(onto: Ontology, term: Term, rows: list[tuple[str, str]]) -> list[str]:
    name = short(term.iri)
    lines = [f"### {name[4:]} ({KIND_OF[term.iri]})", "", f"`{name}` ({term.one(RDFS + 'label')})", ""]
    definition = term.one(SKOS + "definition")
    if definition:
        lines += [definition, ""]
    comment = term.one(RDFS + "comment")
    if comment:
        lines += [comment, ""]
    # Other names are what the fact templates and the review also take for the term.
    rows = [("other names", ", ".join(t.value for t in term.all(SKOS + "altLabel"))), *rows]
    rows = [(k, v) for k, v in rows if v]
    if rows:
        lines += ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows] + [""]
    return lines


def class_entry(onto: Ontology, term: Term) -> list[str]:
    named = [t for t in term.all(RDFS + "subClassOf") if isinstance(t, ox.NamedNode)]
    return entry(onto, term, [
        ("subclass of", ", ".join(link(t.value) for t in named)),
        ("superclass of", ", ".join(link(s) for s in onto.inverse(RDFS + "subClassOf", term.iri))),
        ("equivalent to", "; ".join(onto.expression(t) for t in term.all(OWL + "equivalentClass"))),
        ("disjoint with", ", ".join(link(iri) for iri in onto.disjoint(term))),
        ("domain of", ", ".join(link(s) for s in onto.inverse(RDFS + "domain", term.iri))),
        ("range of", ", ".join(link(s) for s in onto.inverse(RDFS + "range", term.iri))),
        ("members", ", ".join(link(t.iri) for t in onto.vocabularies().get(term.iri, []))),
    ])


def property_entry(onto: Ontology, term: Term) -> list[str]:
    kinds = [KINDS[k] for k in KINDS if k in term.types] + sorted(CHARACTERISTICS[k] for k in term.types
                                                                   if k in CHARACTERISTICS)
    chains = [" o ".join(link(t.value) for t in onto.items(head)) for head in term.all(OWL + "propertyChainAxiom")]
    return entry(onto, term, [
        ("kind", ", ".join(kinds)),
        ("domain", ", ".join(onto.expression(t) for t in term.all(RDFS + "domain"))),
        ("range", ", ".join(onto.expression(t) for t in term.all(RDFS + "range"))),
        ("subproperty of", ", ".join(link(t.value) for t in term.all(RDFS + "subPropertyOf"))),
        ("superproperty of", ", ".join(link(s) for s in onto.inverse(RDFS + "subPropertyOf", term.iri))),
        ("inverse of", ", ".join(link(t.value) for t in term.all(OWL + "inverseOf"))),
        ("chain", "; ".join(chains)),
    ])


def counts(onto: Ontology) -> dict[str, int]:
    """What the README states about the ontology's size."""
    vocabularies = onto.vocabularies()
    return {"classes": len(onto.classes), "properties": len(onto.properties), "vocabularies": len(vocabularies),
            "vocabulary terms": sum(map(len, vocabularies.values()))}


def render(onto: Ontology) -> str:
    head = onto.header
    size = counts(onto)
    by_kind = {label: sum(1 for p in onto.properties if kind in p.types) for kind, label in KINDS.items()
               if kind != OWL + "Class"}
    lines = [
        f"# {head.one(DCTERMS + 'title')}", "",
        "<!-- Generated by `python docs/ontology_reference.py` from ontology/spacekg.ttl; do not edit. -->", "",
        head.one(DCTERMS + "description"), "",
        "| | |", "|---|---|",
        f"| IRI | <{head.iri}> |",
        f"| version | {head.one(OWL + 'versionInfo')} (<{head.one(OWL + 'versionIRI')}>) |",
        f"| namespace | `{head.one(VANN + 'preferredNamespacePrefix')}:` <{head.one(VANN + 'preferredNamespaceUri')}> |",
        f"| licence | <{head.one(DCTERMS + 'license')}> |",
        f"| created, modified | {head.one(DCTERMS + 'created')}, {head.one(DCTERMS + 'modified')} |",
        f"| terms | {size['classes']} classes; {size['properties']} properties ("
        + ", ".join(f"{n} {k.removesuffix(' property')}" for k, n in by_kind.items())
        + f"); {size['vocabularies']} controlled vocabularies with {size['vocabulary terms']} terms |",
        "",
        "## Contents", "",
        "Classes: " + ", ".join(link(t.iri) for t in onto.classes), "",
        "Properties: " + ", ".join(link(t.iri) for t in onto.properties), "",
        "Controlled vocabularies: " + ", ".join(link(k) for k in onto.vocabularies()), "",
        "## Classes", "",
    ]
    for term in onto.classes:
        lines += class_entry(onto, term)
    lines += ["## Properties", ""]
    for term in onto.properties:
        lines += property_entry(onto, term)
    lines += ["## Controlled vocabularies", ""]
    for kind, members in onto.vocabularies().items():
        lines += [f"Members of {link(kind)}:", "", "| term | names | definition |", "|---|---|---|"]
        lines += [f"| <a id=\"{anchor(t.iri)}\"></a>`{short(t.iri)}` | {t.one(RDFS + 'label')}"
                  + "".join(f", {n.value}" for n in t.all(SKOS + "altLabel"))
                  + f" | {t.one(SKOS + 'definition')} |" for t in members]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/ontology.md is not what it would write")
    args = parser.parse_args()
    page = render(Ontology(SOURCE))
    if args.check:
        if not TARGET.exists() or TARGET.read_text("utf-8") != page:
            print(f"{TARGET.relative_to(ROOT)} is stale: run python docs/ontology_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(page, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
