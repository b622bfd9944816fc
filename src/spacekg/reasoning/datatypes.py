"""The OWL 2 RL datatype map as owlrl applies it (dt-type1, dt-type2, dt-not-type, datatype disjointness).

Both engines must judge a literal alike, so the lexical check is owlrl's own: the converter owlrl
uses for dt-not-type. The tables below are owlrl's (``tests/test_parity.py`` compares them), written
out so that the fast engine need not import owlrl unless a view holds a typed literal.
"""

from __future__ import annotations

from functools import cache

from ..namespaces import RDF, RDFS, XSD

# Literals typed xsd:string or language-tagged reach owlrl as rdflib literals without a datatype,
# which its datatype rules skip; so does the fast engine.
UNTYPED = frozenset({XSD + "string", RDF + "langString"})
DATATYPES = frozenset(XSD + n for n in (
    "integer", "decimal", "nonNegativeInteger", "nonPositiveInteger", "negativeInteger", "positiveInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "float",
    "double", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "boolean",
    "hexBinary", "base64Binary", "anyURI", "dateTimeStamp", "dateTime", "time", "date",
)) | {RDFS + "Literal", RDF + "XMLLiteral", RDF + "HTML", RDF + "langString", RDF + "PlainLiteral"}
_SUPER: dict[str, tuple[str, ...]] = {
    "dateTimeStamp": ("dateTime",), "integer": ("decimal",), "long": ("integer", "decimal"),
    "int": ("long", "integer", "decimal"), "short": ("int", "long", "integer", "decimal"),
    "byte": ("short", "int", "long", "integer", "decimal"), "nonNegativeInteger": ("integer", "decimal"),
    "positiveInteger": ("nonNegativeInteger", "integer", "decimal"),
    "unsignedLong": ("nonNegativeInteger", "integer", "decimal"),
    "unsignedInt": ("unsignedLong", "nonNegativeInteger", "integer", "decimal"),
    "unsignedShort": ("unsignedInt", "unsignedLong", "nonNegativeInteger", "integer", "decimal"),
    "unsignedByte": ("unsignedShort", "unsignedInt", "unsignedLong", "nonNegativeInteger", "integer", "decimal"),
    "nonPositiveInteger": ("integer", "decimal"), "negativeInteger": ("nonPositiveInteger", "integer", "decimal"),
    "normalizedString": ("string",), "token": ("normalizedString", "string"),
    "language": ("token", "normalizedString", "string"), "Name": ("token", "normalizedString", "string"),
    "NCName": ("Name", "token", "normalizedString", "string"), "NMTOKEN": ("Name", "token", "normalizedString", "string"),
}
SUBSUMED_BY: dict[str, tuple[str, ...]] = {XSD + k: tuple(XSD + s for s in v) for k, v in _SUPER.items()}
# owlrl declares these top-level datatypes pairwise disjoint, for the pairs a graph uses.
_DISJOINT_TOP = ("anyURI", "base64Binary", "boolean", "dateTime", "decimal", "double", "float", "hexBinary", "string")
_OTHERS = (RDF + "PlainLiteral", RDF + "XMLLiteral")


def _disjoint_pairs() -> frozenset[tuple[str, str]]:
    tops = [XSD + n for n in _DISJOINT_TOP]
    pairs = {(a, b) for i, a in enumerate(tops) for b in tops[i + 1:]}
    pairs |= {(a, other) for a in tops for other in _OTHERS}
    pairs.discard((XSD + "string", RDF + "PlainLiteral"))
    return frozenset(pairs)


DISJOINT = _disjoint_pairs()


def intrinsic_types(datatype: str) -> tuple[str, ...]:
    """The datatypes a literal of ``datatype`` belongs to (dt-type2 and the subsumptions), or none."""
    if datatype in UNTYPED or datatype not in DATATYPES:
        return ()
    return (datatype, *SUBSUMED_BY.get(datatype, ()))


@cache
def _converter(datatype: str):  # type: ignore[no-untyped-def]
    from owlrl.DatatypeHandling import AltXSDToPYTHON
    from rdflib import URIRef

    return AltXSDToPYTHON.get(URIRef(datatype))


def lexical_form_ok(datatype: str, lexical: str) -> bool:
    """Whether owlrl's dt-not-type accepts ``lexical`` as a value of ``datatype``."""
    if datatype in UNTYPED or datatype not in DATATYPES:
        return True
    convert = _converter(datatype)
    if convert is None:
        return True
    try:
        convert(lexical)
    except ValueError:
        return False
    return True
