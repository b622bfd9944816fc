"""Check that every sentence quote equals its article's text at the recorded offsets."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF

from ..errors import InputError
from ..namespaces import SKG
from .files import read_text
from .project import Project

_SENTENCE = URIRef(SKG + "Sentence")
_IN_DOCUMENT = URIRef(SKG + "inDocument")
_BEGIN = URIRef(SKG + "beginIndex")
_END = URIRef(SKG + "endIndex")
_TEXT = URIRef(SKG + "text")
_FILE = URIRef(SKG + "fileName")


@dataclass(frozen=True)
class QuoteMismatch:
    """A sentence whose recorded quote is not the article text at its offsets."""

    sentence: str
    article: str
    begin: int
    end: int
    expected: str
    found: str


def find_quote_mismatches(project: Project, dataset: Dataset) -> tuple[int, list[QuoteMismatch]]:
    """Compare every ``skg:Sentence``'s text with its article file.

    Returns:
        The number of sentences checked and the mismatches found.

    Raises:
        InputError: a sentence lacks its document, offsets or text, or an article file is missing.
    """
    texts: dict[URIRef, tuple[str, str]] = {}
    checked = 0
    mismatches: list[QuoteMismatch] = []
    for sentence in sorted(set(dataset.subjects(RDF.type, _SENTENCE))):
        doc = dataset.value(sentence, _IN_DOCUMENT)
        begin, end, quote = (dataset.value(sentence, p) for p in (_BEGIN, _END, _TEXT))
        if not isinstance(doc, URIRef) or not all(isinstance(v, Literal) for v in (begin, end, quote)):
            raise InputError(f"sentence <{sentence}>: needs skg:inDocument, skg:beginIndex, skg:endIndex and skg:text")
        if doc not in texts:
            name = dataset.value(doc, _FILE)
            if name is None:
                raise InputError(f"document <{doc}>: no skg:fileName, so its quotes cannot be checked")
            texts[doc] = (str(name), read_text(project.root / str(name), root=project.root))
        name, text = texts[doc]
        b, e = int(begin.toPython()), int(end.toPython())  # type: ignore[union-attr]
        checked += 1
        if text[b:e] != str(quote):
            mismatches.append(QuoteMismatch(str(sentence), name, b, e, str(quote), text[b:e]))
    return checked, mismatches


def verify_quotes(project: Project, dataset: Dataset) -> int:
    """Raise :class:`InputError` on the first quote mismatch; return how many quotes were checked."""
    checked, mismatches = find_quote_mismatches(project, dataset)
    if mismatches:
        m = mismatches[0]
        raise InputError(
            f"{m.article}[{m.begin}:{m.end}]: quote of <{m.sentence}> does not match the article: "
            f"recorded {m.expected[:60]!r}, article has {m.found[:60]!r}"
            + (f" ({len(mismatches) - 1} more)" if len(mismatches) > 1 else "")
        )
    return checked
