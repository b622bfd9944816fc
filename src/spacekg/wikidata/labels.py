"""The Wikidata Query Service's label service, answered locally.

WDQS queries end with ``SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }`` and
select ``?itemLabel`` for an ``?item``. Here that block is found in the query's tokens (strings,
IRIs and comments are read as such, prefixes are resolved), it is recognised only when its IRI is
exactly ``http://wikiba.se/ontology#label``, and it is replaced by graph patterns that read the
view's own labels: ``rdfs:label`` in the languages asked for, else the item's id, as WDQS does;
``?xDescription`` from ``schema:description``; ``?xAltLabel`` as the comma-separated
``skos:altLabel`` values. Nothing reaches the network, and any other SERVICE stays in the query for
the safety check to refuse.

The block is blanked in place (every character but line breaks becomes a space), so the query that
is checked and parsed first has the user's own lines and columns; the label patterns are inserted
only after it parsed, at the end of the group that held the block, where WDQS evaluates the service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ..errors import QueryError
from ..namespaces import BD, RDF, RDFS, SKOS, WD, WD_SCHEMA, WIKIBASE
from ..sources.files import line_and_column

LABEL_SERVICE = WIKIBASE + "label"
SERVICE_PARAM = BD + "serviceParam"
LANGUAGE = WIKIBASE + "language"
RDFS_LABEL = RDFS + "label"
SCHEMA_DESCRIPTION = WD_SCHEMA + "description"
SKOS_ALT_LABEL = SKOS + "altLabel"
_SUFFIXES = {"Label": RDFS_LABEL, "Description": SCHEMA_DESCRIPTION, "AltLabel": SKOS_ALT_LABEL}

_TOKEN = re.compile(
    r'(?P<comment>#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)'
    r'|(?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w%-](?:[\w.%-]*[\w%-])?)?)'
    r'|(?P<word>[A-Za-z_]\w*)'
    r'|(?P<open>\{)|(?P<close>\})'
    r'|(?P<space>\s+)'
    r'|(?P<other>.)',
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


class Prepared(NamedTuple):
    """A query with its label services answered locally.

    Attributes:
        blanked: the query as given, with each label-service block blanked in place (same offsets):
            what is checked for refused features and parsed for syntax errors.
        text: ``blanked`` with the label patterns inserted: what is evaluated.
    """

    blanked: str
    text: str


def tokens(text: str) -> list[Token]:
    """The query's tokens, comments and whitespace dropped."""
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("comment", "space"):
            out.append(Token(kind, match.group(), match.start(), match.end()))
    return out


def _position(text: str, offset: int) -> str:
    line, column = line_and_column(text, offset)
    return f"line {line}, column {column}"


def _declared(toks: list[Token], prefixes: dict[str, str]) -> dict[str, str]:
    """The predeclared prefixes, overridden by the query's own PREFIX declarations."""
    out = dict(prefixes)
    for i, tok in enumerate(toks[:-2]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            out[toks[i + 1].text[:-1]] = toks[i + 2].text[1:-1]
    return out


def _iri(tok: Token, declared: dict[str, str], text: str) -> str | None:
    if tok.kind == "iri":
        return tok.text[1:-1]
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix not in declared:
            raise QueryError(f"{_position(text, tok.start)}: unknown prefix '{prefix}:' (declare it with PREFIX {prefix}: <...>)")
        return declared[prefix] + local
    if tok.kind == "word" and tok.text == "a":
        return RDF + "type"
    return None


def _matching(toks: list[Token], open_index: int, text: str) -> int:
    depth = 0
    for i in range(open_index, len(toks)):
        if toks[i].kind == "open":
            depth += 1
        elif toks[i].kind == "close":
            depth -= 1
            if depth == 0:
                return i
    raise QueryError(f"{_position(text, toks[open_index].start)}: this '{{' is never closed")


def _enclosing_close(toks: list[Token], index: int, text: str) -> int:
    """The index of the '}' that closes the group holding token ``index``."""
    depth = 0
    for i in range(index, len(toks)):
        if toks[i].kind == "open":
            depth += 1
        elif toks[i].kind == "close":
            if depth == 0:
                return i
            depth -= 1
    raise QueryError(f"{_position(text, toks[index].start)}: the label service is not inside a group pattern")


@dataclass
class _Block:
    start: int  # offset of SERVICE
    end: int  # offset just past the block's '}'
    group_close: int  # offset of the '}' that closes the enclosing group
    languages: tuple[str, ...]
    explicit: list[tuple[str, str, str]]  # (subject variable, predicate IRI, output variable)


def _parse_block(toks: list[Token], first: int, last: int, declared: dict[str, str], text: str) -> tuple[tuple[str, ...], list[tuple[str, str, str]]]:
    """Read the triples inside a label-service block: the language parameter and explicit labels."""
    languages: tuple[str, ...] = ()
    explicit: list[tuple[str, str, str]] = []
    i = first
    subject: Token | None = None
    while i <= last:
        tok = toks[i]
        if tok.kind == "other" and tok.text in ".;":
            subject = subject if tok.text == ";" else None
            i += 1
            continue
        if tok.kind == "word" and tok.text.upper() == "SERVICE":
            raise QueryError(f"{_position(text, tok.start)}: SERVICE inside the label service is not allowed")
        if subject is None:
            subject = tok
            i += 1
            continue
        if i + 1 > last:
            raise QueryError(f"{_position(text, tok.start)}: incomplete triple in the label service")
        predicate, obj = tok, toks[i + 1]
        i += 2
        if subject.kind == "var":
            where = _iri(predicate, declared, text)
            if where not in (RDFS_LABEL, SCHEMA_DESCRIPTION, SKOS_ALT_LABEL) or obj.kind != "var":
                raise QueryError(f"{_position(text, predicate.start)}: the label service reads only "
                                 "rdfs:label, schema:description and skos:altLabel into a variable")
            explicit.append((subject.text[1:], where, obj.text[1:]))
            continue
        if _iri(subject, declared, text) != SERVICE_PARAM or _iri(predicate, declared, text) != LANGUAGE:
            raise QueryError(f"{_position(text, subject.start)}: the label service takes only "
                             "'bd:serviceParam wikibase:language \"…\"' and label triples")
        if obj.kind != "string":
            raise QueryError(f"{_position(text, obj.start)}: the language must be a string such as \"en\"")
        value = obj.text.strip("\"'")
        languages = tuple(lang.strip() for lang in value.split(",") if lang.strip())
        if not languages or not all(re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*|\[AUTO_LANGUAGE\]", lang) for lang in languages):
            raise QueryError(f"{_position(text, obj.start)}: {value!r} is not a list of language codes")
    if not languages:
        raise QueryError(f"{_position(text, toks[first - 1].start)}: the label service needs "
                         "'bd:serviceParam wikibase:language \"en\"'")
    # WDQS answers [AUTO_LANGUAGE] with the browser's language; here there is none, so English.
    return tuple(dict.fromkeys("en" if lang == "[AUTO_LANGUAGE]" else lang.lower() for lang in languages)), explicit


def _blocks(text: str, prefixes: dict[str, str]) -> list[_Block]:
    toks = tokens(text)
    declared = _declared(toks, prefixes)
    blocks = []
    for i, tok in enumerate(toks):
        if not (tok.kind == "word" and tok.text.upper() == "SERVICE"):
            continue
        j = i + 1
        if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == "SILENT":
            j += 1
        if j >= len(toks):
            continue
        try:
            target = _iri(toks[j], declared, text)
        except QueryError:
            continue  # not the label service; the safety check and the parser report it
        if target != LABEL_SERVICE:
            continue
        if j + 1 >= len(toks) or toks[j + 1].kind != "open":
            raise QueryError(f"{_position(text, toks[j].start)}: expected '{{' after the label service")
        close = _matching(toks, j + 1, text)
        languages, explicit = _parse_block(toks, j + 2, close - 1, declared, text)
        group_close = _enclosing_close(toks, close + 1, text)
        blocks.append(_Block(tok.start, toks[close].end, toks[group_close].start, languages, explicit))
    return blocks


def _patterns(block: _Block, variables: set[str], number: int) -> str:
    """SPARQL that binds what the block asks for, from the store's own labels."""
    wanted: list[tuple[str, str, str]] = list(block.explicit)
    if not block.explicit:
        for name in sorted(variables):
            for suffix, predicate in _SUFFIXES.items():
                base = name[: -len(suffix)]
                if name.endswith(suffix) and base in variables and not (suffix == "Label" and name.endswith("AltLabel")):
                    wanted.append((base, predicate, name))
    parts = []
    for k, (subject, predicate, output) in enumerate(wanted):
        tag = f"_label{number}_{k}"
        # The pattern's own subject variable is matched to ?subject by a filter of the OPTIONAL,
        # so that an unbound ?subject stays unbound instead of being bound to every labelled node.
        if predicate == SKOS_ALT_LABEL:
            langs = " || ".join(f'LANGMATCHES(LANG(?{tag}), "{lang}")' for lang in block.languages)
            parts.append(f"OPTIONAL {{ {{ SELECT ?{tag}_of (GROUP_CONCAT(?{tag}; separator=\", \") AS ?{tag}_all) "
                         f"WHERE {{ ?{tag}_of <{predicate}> ?{tag} FILTER ({langs}) }} GROUP BY ?{tag}_of }} "
                         f"FILTER (?{tag}_of = ?{subject}) }} BIND (?{tag}_all AS ?{output})")
            continue
        names = []
        for n, lang in enumerate(block.languages):
            names.append(f"?{tag}_{n}")
            parts.append(f"OPTIONAL {{ ?{tag}_{n}_of <{predicate}> ?{tag}_{n} "
                         f'FILTER (?{tag}_{n}_of = ?{subject} && LANGMATCHES(LANG(?{tag}_{n}), "{lang}")) }}')
        if predicate == RDFS_LABEL:
            # Like WDQS: an item without a label in these languages is shown by its id.
            names.append(f'IF(isIRI(?{subject}) && STRSTARTS(STR(?{subject}), "{WD}"), '
                         f'STRAFTER(STR(?{subject}), "{WD}"), STR(?{subject}))')
        parts.append(f"BIND (COALESCE({', '.join(names)}) AS ?{output})")
    return " ".join(parts)


def answer_label_service(text: str, prefixes: dict[str, str]) -> Prepared:
    """Replace each label-service block of ``text`` by patterns over the local labels.

    Raises:
        QueryError: a label-service block is malformed (with its line and column).
    """
    blocks = _blocks(text, prefixes)
    if not blocks:
        return Prepared(text, text)
    blanked = list(text)
    for block in blocks:
        for offset in range(block.start, block.end):
            if blanked[offset] != "\n":
                blanked[offset] = " "
    blanked_text = "".join(blanked)
    variables = {tok.text[1:] for tok in tokens(blanked_text) if tok.kind == "var"}
    insertions: dict[int, list[str]] = {}
    for number, block in enumerate(blocks):
        insertions.setdefault(block.group_close, []).append(_patterns(block, variables, number))
    out = []
    last = 0
    for offset in sorted(insertions):
        out.append(blanked_text[last:offset])
        out.append(" " + " ".join(insertions[offset]) + " ")
        last = offset
    out.append(blanked_text[last:])
    return Prepared(blanked_text, "".join(out))
