"""Check that every sentence quote equals its article's text at the recorded offsets."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import SKG
from ..rdf import select
from .files import read_text
from .project import Project


@dataclass(frozen=True)
class QuoteMismatch:
    """A sentence whose recorded quote is not the article text at its offsets."""

    sentence: str
    article: str
    begin: int
    end: int
    expected: str
    found: str


_SENTENCES = f"""SELECT ?s ?doc ?begin ?end ?text ?file WHERE {{
  ?s a <{SKG}Sentence> .
  OPTIONAL {{ ?s <{SKG}inDocument> ?doc OPTIONAL {{ ?doc <{SKG}fileName> ?file }} }}
  OPTIONAL {{ ?s <{SKG}beginIndex> ?begin }} OPTIONAL {{ ?s <{SKG}endIndex> ?end }} OPTIONAL {{ ?s <{SKG}text> ?text }}
}}"""


def find_quote_mismatches(project: Project, store: ox.Store) -> tuple[int, list[QuoteMismatch]]:
    """Compare every ``skg:Sentence``'s text with its article file.

    Returns:
        The number of sentences checked and the mismatches found.

    Raises:
        InputError: a sentence lacks its document, offsets or text, or an article file is missing.
    """
    rows: dict[str, list[tuple]] = {}
    for row in select(store, _SENTENCES, use_default_graph_as_union=True):
        rows.setdefault(str(row[0]), []).append(tuple(row))
    texts: dict[str, str] = {}
    mismatches: list[QuoteMismatch] = []
    for key in sorted(rows):
        sentence, doc, begin, end, quote, name = min(rows[key], key=lambda r: tuple(map(str, r)))
        iri = sentence.value if isinstance(sentence, ox.NamedNode) else str(sentence)
        if not isinstance(doc, ox.NamedNode) or not all(isinstance(v, ox.Literal) for v in (begin, end, quote)):
            raise InputError(f"sentence <{iri}>: needs skg:inDocument, skg:beginIndex, skg:endIndex and skg:text")
        if not isinstance(name, ox.Literal):
            raise InputError(f"document <{doc.value}>: no skg:fileName, so its quotes cannot be checked")
        if name.value not in texts:
            texts[name.value] = read_text(project.root / name.value, root=project.root)
        text = texts[name.value]
        try:
            b, e = int(begin.value), int(end.value)
        except ValueError:
            raise InputError(f"sentence <{iri}>: offsets must be integers") from None
        if text[b:e] != quote.value:
            mismatches.append(QuoteMismatch(iri, name.value, b, e, quote.value, text[b:e]))
    return len(rows), mismatches


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
