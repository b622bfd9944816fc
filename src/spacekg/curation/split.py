"""Cross-check spacekg's sentence splitter against pysbd, a maintained rule-based splitter.

spacekg's own splitter (:mod:`spacekg.sources.segment`) gives the ids and offsets the data records;
pysbd (Python Sentence Boundary Disambiguation, the Golden Rules of sentence splitting) reads each
paragraph independently. Where the two place a sentence end differently, the place is reported
so that a person can look: the recorded split stays spacekg's, whose ids the curated data uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.segment import paragraphs, split_sentences


@dataclass(frozen=True)
class Disagreement:
    """A sentence end that only one splitter sees, at ``offset`` in the article (code points)."""

    sentence_id: str
    offset: int
    only: str  # "spacekg" or "pysbd"
    context: str


def cross_check(text: str) -> list[Disagreement]:
    """Where pysbd and spacekg end sentences differently in ``text``.

    Example:
        >>> [(d.sentence_id, d.only, d.context) for d in cross_check("It cost 5 bn. yuan. It moved.")]
        [('L1.1', 'pysbd', 'It cost 5 bn.| yuan. It moved.')]
    """
    import pysbd

    ours = split_sentences(text)
    our_ends = {s.end: s.sentence_id for s in ours}
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    their_ends: set[int] = set()
    for _, start, paragraph in paragraphs(text):
        for span in segmenter.segment(paragraph):
            their_ends.add(start + span.start + len(span.sent.rstrip()))
    out = []
    for offset in sorted(set(our_ends) ^ their_ends):
        containing = next((s for s in ours if s.begin < offset <= s.end), None)
        sid = our_ends.get(offset) or (containing.sentence_id if containing else "?")
        context = text[max(0, offset - 30) : offset] + "|" + text[offset : offset + 30]
        out.append(Disagreement(sid, offset, "spacekg" if offset in our_ends else "pysbd",
                                " ".join(context.split())))
    return out
