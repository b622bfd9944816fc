"""Check that every sentence quote equals its article's text at the recorded offsets."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import RDF, SKG
from .files import read_text
from .project import Project

_SENTENCE = ox.NamedNode(SKG + "Sentence")
_TYPE = ox.NamedNode(RDF + "type")
_IN_DOCUMENT = ox.NamedNode(SKG + "inDocument")
_BEGIN = ox.NamedNode(SKG + "beginIndex")
_END = ox.NamedNode(SKG + "endIndex")
_TEXT = ox.NamedNode(SKG + "text")
_FILE = ox.NamedNode(SKG + "fileName")


@dataclass(frozen=True)
class QuoteMismatch:
    """A sentence whose recorded quote is not the article text at its offsets."""

    sentence: str
    article: str
    begin: int
    end: int
    expected: str
    found: str


def _value(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> object:
    found = sorted((q.object for q in store.quads_for_pattern(subject, predicate, None, None)), key=str)
    return found[0] if found else None


def find_quote_mismatches(project: Project, store: ox.Store) -> tuple[int, list[QuoteMismatch]]:
    """Compare every ``skg:Sentence``'s text with its article file.

    Returns:
        The number of sentences checked and the mismatches found.

    Raises:
        InputError: a sentence lacks its document, offsets or text, or an article file is missing.
    """
    texts: dict[ox.NamedNode, tuple[str, str]] = {}
    checked = 0
    mismatches: list[QuoteMismatch] = []
    sentences = {q.subject for q in store.quads_for_pattern(None, _TYPE, _SENTENCE, None)}
    for sentence in sorted(sentences, key=str):
        doc = _value(store, sentence, _IN_DOCUMENT)
        begin, end, quote = (_value(store, sentence, p) for p in (_BEGIN, _END, _TEXT))
        iri = sentence.value if isinstance(sentence, ox.NamedNode) else str(sentence)
        if not isinstance(doc, ox.NamedNode) or not all(isinstance(v, ox.Literal) for v in (begin, end, quote)):
            raise InputError(f"sentence <{iri}>: needs skg:inDocument, skg:beginIndex, skg:endIndex and skg:text")
        if doc not in texts:
            name = _value(store, doc, _FILE)
            if not isinstance(name, ox.Literal):
                raise InputError(f"document <{doc.value}>: no skg:fileName, so its quotes cannot be checked")
            texts[doc] = (name.value, read_text(project.root / name.value))
        name, text = texts[doc]
        try:
            b, e = int(begin.value), int(end.value)  # type: ignore[union-attr]
        except ValueError:
            raise InputError(f"sentence <{iri}>: offsets must be integers") from None
        checked += 1
        if text[b:e] != quote.value:  # type: ignore[union-attr]
            mismatches.append(QuoteMismatch(iri, name, b, e, quote.value, text[b:e]))  # type: ignore[union-attr]
    return checked, mismatches


def verify_quotes(project: Project, store: ox.Store) -> int:
    """Raise :class:`InputError` on the first quote mismatch; return how many quotes were checked."""
    checked, mismatches = find_quote_mismatches(project, store)
    if mismatches:
        m = mismatches[0]
        raise InputError(
            f"{m.article}[{m.begin}:{m.end}]: quote of <{m.sentence}> does not match the article: "
            f"recorded {m.expected[:60]!r}, article has {m.found[:60]!r}"
            + (f" ({len(mismatches) - 1} more)" if len(mismatches) > 1 else "")
        )
    return checked
