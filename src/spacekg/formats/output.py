"""Render query results: a labelled table for people, CSV/TSV/JSON/XML for programs, RDF for graphs.

Pure functions from a :class:`~spacekg.engine.QueryResult` to bytes; no I/O, no click.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import PREFIXES, XSD, shorten
from ..rdf import serialize
from ..store.engine import QueryResult
from .jsonld import compact_jsonld, expanded_jsonld
from .kinds import TABULAR, ResultFormat

Labeller = Callable[[ox.NamedNode], "str | None"]
MAX_CELL = 80


_RDF = {
    ResultFormat.TURTLE: ox.RdfFormat.TURTLE,
    ResultFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    ResultFormat.JSONLD: ox.RdfFormat.JSON_LD,
    ResultFormat.JSONLD_EXPANDED: ox.RdfFormat.JSON_LD,
    ResultFormat.RDFXML: ox.RdfFormat.RDF_XML,
    ResultFormat.TRIG: ox.RdfFormat.TRIG,
    ResultFormat.NQUADS: ox.RdfFormat.N_QUADS,
}


def _canonical(triples: Sequence[ox.Triple]) -> Sequence[ox.Triple]:
    """``triples`` with their blank nodes labelled by RDFC-1.0, so that the same answer is the
    same bytes: a CONSTRUCT template's blank nodes are new, with new labels, each time it runs.
    An answer whose blank nodes would take canonicalization too long keeps the engine's labels."""
    from .canonical import MAX_AMBIGUOUS_BLANK_NODES, ambiguous_blank_nodes, canonical_blank_nodes

    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples) \
            or ambiguous_blank_nodes(quads) > MAX_AMBIGUOUS_BLANK_NODES:
        return triples
    return [ox.Triple(q.subject, q.predicate, q.object) for q in canonical_blank_nodes(quads)]


_DATA_BLANK = re.compile(r"c14n[0-9a-f]{12}(?:_\d+)?")


def _numbered_new_blank_nodes(result: QueryResult) -> QueryResult:
    """``result`` with the blank nodes the query made (``BNODE()``, labelled anew each run)
    numbered in the order the rows give them (``_:b0``, ``_:b1``…); the graph's own keep their
    canonical labels (``_:c14ndee38bec3826``)."""
    numbers: dict[str, ox.BlankNode] = {}

    def stable(term: Any) -> Any:
        if not isinstance(term, ox.BlankNode) or _DATA_BLANK.fullmatch(term.value):
            return term
        return numbers.setdefault(term.value, ox.BlankNode(f"b{len(numbers)}"))

    if not any(isinstance(t, ox.BlankNode) and not _DATA_BLANK.fullmatch(t.value) for row in result.rows for t in row):
        return result
    return result._replace(rows=tuple(tuple(stable(t) for t in row) for row in result.rows))


def render(result: QueryResult, fmt: ResultFormat | None = None, *, labeller: Labeller | None = None) -> bytes:
    """Render ``result`` in ``fmt`` (default: table for SELECT/ASK, Turtle for graphs).

    Raises:
        QueryError: the format does not fit the kind of result.
    """
    if result.kind == "graph":
        fmt = fmt or ResultFormat.TURTLE
        if fmt not in _RDF:
            raise QueryError(f"format {fmt.value!r} is for SELECT/ASK results; use one of {_names(_RDF)}")
        triples = sorted(_canonical(result.triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        if fmt is ResultFormat.RDFXML:
            data = _rdfxml(triples)
        else:
            prefixes = PREFIXES if fmt in (ResultFormat.TURTLE, ResultFormat.TRIG) else None
            data = serialize(triples, _RDF[fmt], prefixes=prefixes)
            if fmt is ResultFormat.JSONLD:
                data = compact_jsonld(data, PREFIXES)
            elif fmt is ResultFormat.JSONLD_EXPANDED:
                data = expanded_jsonld(data)
        # Text ends with a line end, as every tabular format's does: without it a shell prompt, or
        # the next answer appended to the same file, starts on the document's last line.
        return data if not data or data.endswith(b"\n") else data + b"\n"
    fmt = fmt or ResultFormat.TABLE
    if fmt not in TABULAR:
        raise QueryError(f"format {fmt.value!r} is for CONSTRUCT/DESCRIBE results; use one of {_names(TABULAR)}")
    if result.kind == "ask":
        return _render_boolean(bool(result.boolean), fmt)
    result = _numbered_new_blank_nodes(result)
    renderers = {
        ResultFormat.TABLE: lambda r: _table(r, labeller),
        ResultFormat.CSV: _csv,
        ResultFormat.TSV: _tsv,
        ResultFormat.JSON: _json,
        ResultFormat.XML: _xml,
    }
    return renderers[fmt](result)


def _names(formats: Iterable[Enum]) -> str:
    return ", ".join(sorted(f.value for f in formats))


# Control characters a terminal acts on (C0 but tab, line feed and carriage return, which the
# table turns into spaces; DEL; C1) and the bidirectional overrides that reorder what is shown.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    r"""``text`` with every control character shown as an escape (``\x1b``, ``\u202e``), for
    the terminal views (the table, ``why``, messages); the data formats stay faithful.

    Example:
        >>> escape_controls("Moon\x1b]0;pwned\x07")
        'Moon\\x1b]0;pwned\\x07'
    """
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                         text)


def display(term: object, labeller: Labeller | None = None) -> str:
    """How a term appears in the table view: a label for IRIs that have one, else a short form."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        label = labeller(term) if labeller else None
        return label if label is not None else shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _table(result: QueryResult, labeller: Labeller | None) -> bytes:
    header = list(result.variables)
    body = [[_clip(display(t, labeller)) for t in row] for row in result.rows]
    widths = [max([width(h)] + [width(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return ("\n".join(lines) + "\n").encode()


def width(text: str) -> int:
    """The columns ``text`` takes in a terminal: East Asian wide and fullwidth characters take
    two, combining marks and zero-width characters none.

    Example:
        >>> width("嫦娥四号"), width("Chang'e"), width("e\u0301")
        (8, 7, 1)
    """
    return sum(_char_width(c) for c in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def _clip(text: str) -> str:
    text = " ".join(escape_controls(text).split())
    if width(text) <= MAX_CELL:
        return text
    kept, used = [], 0
    for char in text:
        used += _char_width(char)
        if used > MAX_CELL - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def _csv(result: QueryResult) -> bytes:
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value) for t in row])
    return buffer.getvalue().encode()


def _tsv(result: QueryResult) -> bytes:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode()


def _json(result: QueryResult) -> bytes:
    """SPARQL JSON results, laid out as ``json.dumps(..., ensure_ascii=False, indent=1)`` lays them
    out, written directly: the json module indents in pure Python, which took most of a short
    query's time in ``spacekg serve``."""
    from json.encoder import encode_basestring as quote  # the C encoder where there is one

    def block(items: list[str], depth: int, brackets: str) -> str:
        if not items:
            return brackets
        inner = "\n" + " " * (depth + 1)
        return brackets[0] + inner + ("," + inner).join(items) + "\n" + " " * depth + brackets[1]

    field, end = ',\n     "', "\n    }"
    string = XSD + "string"

    def term(t: object) -> str:
        if isinstance(t, ox.NamedNode):
            return '{\n     "type": "uri"' + field + 'value": ' + quote(t.value) + end
        if isinstance(t, ox.BlankNode):
            return '{\n     "type": "bnode"' + field + 'value": ' + quote(t.value) + end
        assert isinstance(t, ox.Literal)
        text = '{\n     "type": "literal"' + field + 'value": ' + quote(t.value)
        if t.language:
            return text + field + 'xml:lang": ' + quote(t.language) + end
        datatype = t.datatype.value
        return text + (field + 'datatype": ' + quote(datatype) if datatype != string else "") + end

    names = [quote(v) for v in result.variables]
    rows = [block([f"{name}: {term(t)}" for name, t in zip(names, row) if t is not None], 3, "{}")
            for row in result.rows]
    return (f'{{\n "head": {{\n  "vars": {block(names, 2, "[]")}\n }},\n'
            f' "results": {{\n  "bindings": {block(rows, 2, "[]")}\n }}\n}}\n').encode()


# Characters XML 1.0 cannot hold in any form, not even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _check_xml(text: str, what: str) -> str:
    bad = _NOT_XML.search(text)
    if bad is not None:
        raise QueryError(f"{what} holds U+{ord(bad.group()):04X}, which XML 1.0 cannot represent; "
                         "use -f json, csv or tsv (or turtle or ntriples for graphs)")
    return text


def _html_escape(text: str, *, quote: bool) -> str:
    """What ``html.escape`` does, without the cost of importing ``html`` (its entity tables)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


# xml.sax.saxutils would pull in urllib.request: a quarter of a cold query's time.
def escape(text: str) -> str:
    # A raw carriage return would reach the reader as a line feed.
    return _html_escape(text, quote=False).replace("\r", "&#13;")


def quoteattr(text: str) -> str:
    return '"' + _html_escape(text, quote=True).replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    assert isinstance(term, ox.Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD + "string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml(result: QueryResult) -> bytes:
    parts = [_XML_HEAD, " <head>\n"]
    parts += [f"  <variable name={quoteattr(v)}/>\n" for v in result.variables]
    parts.append(" </head>\n <results>\n")
    for number, row in enumerate(result.rows, start=1):
        parts.append("  <result>\n")
        for v, t in zip(result.variables, row):
            if t is not None:
                _check_xml(t.value, f"row {number}, ?{v}")
                parts.append(f"   <binding name={quoteattr(v)}>{_xml_term(t)}</binding>\n")
        parts.append("  </result>\n")
    parts.append(" </results>\n</sparql>\n")
    return "".join(parts).encode()


# The longest suffix of an IRI that is an XML name (NCName) becomes an RDF/XML element name.
_NAME_TAIL = re.compile(r"[^\W\d][\w.\-\u00b7\u0300-\u036f\u203f\u2040]*$")


def _rdfxml(triples: list[ox.Triple]) -> bytes:
    """RDF/XML, or a clear error when RDF/XML cannot express the triples: a predicate with no XML
    name at its end (``<http://ex/1>``), or text XML 1.0 cannot hold.

    The document is also checked with a strict XML parser before it is returned.
    """
    for number, triple in enumerate(triples, start=1):
        if not _NAME_TAIL.search(triple.predicate.value):
            raise QueryError(f"RDF/XML cannot express the predicate <{triple.predicate.value}>: it does not end in "
                             "an XML name; use -f turtle, ntriples or jsonld")
        for term in (triple.subject, triple.object):
            _check_xml(getattr(term, "value", ""), f"triple {number}")
    data = serialize(triples, ox.RdfFormat.RDF_XML).replace(b"\r", b"&#13;")
    import xml.parsers.expat

    try:
        xml.parsers.expat.ParserCreate(namespace_separator=" ").Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise QueryError(f"RDF/XML cannot express this answer ({exc}); use -f turtle, ntriples or jsonld") from None
    return data


def _render_boolean(value: bool, fmt: ResultFormat) -> bytes:
    word = "true" if value else "false"
    if fmt is ResultFormat.JSON:
        return (json.dumps({"head": {}, "boolean": value}) + "\n").encode()
    if fmt is ResultFormat.XML:
        return f"{_XML_HEAD} <head/>\n <boolean>{word}</boolean>\n</sparql>\n".encode()
    return f"{word}\n".encode()
