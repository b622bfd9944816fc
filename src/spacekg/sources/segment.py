"""Split an article into sentences with character offsets.

Offsets are Python ``str`` indices (Unicode code points), half-open ``[begin, end)``, as
RFC 5147 and Web Annotation use them; they differ from byte offsets wherever the text has
non-ASCII characters. Sentence ids are ``L{line}.{k}``: the k-th sentence of the paragraph
that starts on line ``line`` of the file (1-based, as ``cat -n`` prints it), so an id stays
readable next to the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? or an ellipsis (optionally followed by a closing quote) before whitespace or
# the end of the paragraph, unless the next word starts with a small letter or a digit: then the
# mark ended an abbreviation ("1:31 a.m. local time", "2:07 p.m. (0607 GMT)", "Jan. 3") or a
# quoted question ("“Why?” he asked"); or a clock time's "p.m." before its zone; or a dateline's
# place before its outlet. Titles, initialisms ("U.S.", "U.K.") and a name's initials ("John F.
# Kennedy") come before capitalised names, so they never end one.
_END = re.compile(r"[.!?\u2026][\"'”’)]?(?=\s|$)")
_NEXT = re.compile(r"\s*[(\[\"'“‘«]*(\S)")  # the next word's first character, past opening marks
# A name's initial ("John F. Kennedy") or an initialism ("U.S.", "U.K.", "D.C.") before a name.
_INITIAL = re.compile(r"(?:^|[\s(])(?:[A-Z]\.)+$")
# A dateline's place before its outlet or its dash: "CAPE CANAVERAL, Fla. (Reuters) —",
# "CAPE CANAVERAL, Fla. —". A dash after a mark goes on with the sentence, which no dash starts.
_DATELINE = re.compile(r"\s*\([A-Z][\w .&/-]{0,40}\)\s*[\u2014\u2013-]|[ \t]+(?:[\u2014\u2013]|--?)[ \t]")
# After a clock time's "a.m."/"p.m.", a time zone, "<Place> time", a US zone's region as AP style
# writes it, or a weekday goes on with the time ("6:04 p.m. IST, officials said", "7 a.m. Beijing
# time", "Eastern Daylight Time", "2:07 a.m. Eastern", "9 a.m. EDT Friday"), also written against
# its digits ("6.30a.m. IST").
_CLOCK = re.compile(r"(?:^|[\s(\d])[ap]\.m\.$", re.IGNORECASE)
_ZONES = ("UTC GMT IST EDT EST ET CDT CST CT MDT MST MT PDT PST PT AKST AKDT HST BST CET CEST EET EEST WET WEST "
          "MSK JST KST HKT SGT BJT AEST AEDT ACST AWST NZST NZDT PHT ICT PKT WIB").split()
_AFTER_CLOCK = re.compile(
    rf"\s*[(\[]?(?:(?:{'|'.join(_ZONES)})(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?(?![A-Za-z])|(?!(?:The|A|An|This|That) )[A-Z][a-z]+(?: [A-Z][a-z]+)? [Tt]ime\b"
    r"|(?:Eastern|Central|Mountain|Pacific)\b(?! [A-Z])"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)")
# A dateline with its outlet between slashes, as TASS writes it ("MOSCOW, September 11. /TASS/."):
# its marks end no sentence.
_SLASHED_DATELINE = re.compile(r"[A-Z][A-Z .'-]*[A-Z],(?: [A-Z][a-z]+\.?)? \d{1,2}\. /[A-Z][\w .&-]{0,40}/\.")
# A short bracket that the sentence's punctuation follows belongs to the sentence before it, also
# after an abbreviation's dot: "the China Aerospace Science and Technology Corp. (CASC)."
_BRACKET_BEFORE_MARK = re.compile(r"\s*\([^().!?]{1,40}\)[.,;:!?]")
# A list item's marker at the start of a line ("- ", "• "): the item is a sentence of its own even
# where the line before ends without a mark (a headline above summary bullets), and the marker
# is no part of it.
_ITEM = re.compile(r"^[ \t]*[-•*–·][ \t]+(?=\S)", re.MULTILINE)
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Col.", "Lt.", "Capt.", "Gov.", "Sen.", "Rep.",
                  "Rev.", "St.", "Mt.", "Jr.", "Sr.", "vs.", "e.g.", "i.e.")


@dataclass(frozen=True)
class Segment:
    """One sentence of an article, with its position in the text."""

    sentence_id: str
    begin: int
    end: int
    text: str


def split_sentences(text: str) -> list[Segment]:
    """Split ``text`` into sentences, paragraph by paragraph.

    Args:
        text: the whole article, as stored.

    Returns:
        The sentences in text order; ``text[s.begin:s.end] == s.text`` for every one.

    Example:
        >>> [s.sentence_id for s in split_sentences("Hi Mr. Xi. Bye.\\n\\nNew para")]
        ['L1.1', 'L1.2', 'L3.1']
    """
    segments: list[Segment] = []
    short = _layout(text)
    for line_no, start, whole in paragraphs(text):
        k = 0
        for offset, paragraph in _items(whole):
            cursor = 0
            for stop in _ends(paragraph, short):
                k += 1
                segments.append(_segment(text, start + offset, paragraph, cursor, stop, f"L{line_no}.{k}"))
                cursor = stop
            if paragraph[cursor:].strip():
                k += 1
                segments.append(_segment(text, start + offset, paragraph, cursor, len(paragraph), f"L{line_no}.{k}"))
    return segments


def _ends(paragraph: str, short: int) -> list[int]:
    """Where the sentences of ``paragraph`` end: after a sentence's mark (see ``_END``), or at the
    end of a line with none, shorter than ``short``, before a capitalised one (``_line_ends``)."""
    ends = set(_line_ends(paragraph, short))
    dateline = _SLASHED_DATELINE.match(paragraph)
    for match in _END.finditer(paragraph):
        stop = match.end()
        if dateline and stop <= dateline.end():
            continue
        following = _NEXT.match(paragraph, stop)
        goes_on = following is not None and (following[1].islower() or following[1].isdigit())
        goes_on = goes_on or bool(_CLOCK.search(paragraph, 0, stop) and _AFTER_CLOCK.match(paragraph, stop))
        goes_on = goes_on or bool(_DATELINE.match(paragraph, stop) or _BRACKET_BEFORE_MARK.match(paragraph, stop))
        if not (goes_on or _abbreviation(paragraph[:stop]) or _INITIAL.search(paragraph, 0, stop)):
            ends.add(stop)
    return sorted(ends)


# A line break ends a sentence without a mark before a capitalised line in a text that breaks its
# lines between paragraphs (most of the lines that another follows end with a mark): after a
# headline, a byline or a subheading. A text wrapped by hand breaks most lines inside sentences,
# near one width (a line is shorter only by the word that did not fit): there only a line much
# shorter than most ends one.
_SHORT_LINE = 0.6
# Text is wrapped by hand at a width of thirty characters or more: lines mostly shorter are each a
# headline, a byline, a date or an item, not pieces of wrapped sentences.
_WRAP_WIDTH = 30
# A line that ends in one of these goes on, as do its words ("He said:", "from Xichang,").
_GOES_ON = re.compile(r"[:;,(\[\u2014\u2013\-/&]$|\b(?:and|or|of|the|a|an|to|in|on|at|by|for|with|from)$", re.IGNORECASE)
_MARKED = re.compile(r"[.!?\u2026][\"'”’)]?$")
# A line that gives only when the page was published or updated is a line of its own, in small
# letters too and after a line of any length ("published January 3, 2019", "updated 10:42 GMT",
# "2019-01-03 10:26"): a wrapped sentence's last line has more words, or its mark.
_DATE_LINE = re.compile(r"[*_]*(?:((?i:(?:first |last )?(?:published|updated|posted|modified)(?:\s+(?:on|at))?))\s*:?\s*)?"
                        r"((?:[\d:./,|()-]+|[A-Z][a-z]*\.?|at|on|[ap]\.?m\.?|\s+)+?)[*_]*")
_DATE_WORDS = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b|\d{4}-\d{1,2}-\d{1,2}"
                         r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}:\d{2}")


def is_date_line(line: str) -> bool:
    """Whether ``line`` gives only when the page was published or updated, with no mark at its end.

    Example:
        >>> is_date_line("published January 3, 2019"), is_date_line("published in Nature last week.")
        (True, False)
    """
    found = _DATE_LINE.fullmatch(line.strip())
    return found is not None and any(c.isdigit() for c in found[2]) and bool(found[1] or _DATE_WORDS.search(found[2])) \
        and not _MARKED.search(line.rstrip("*_ "))


def _layout(text: str) -> int:
    """The length under which a line without a mark ends its sentence: any length where most lines
    that another follows in their paragraph end with a mark, or where that length is too short for
    text wrapped by hand (:data:`_WRAP_WIDTH`), else under :data:`_SHORT_LINE` of the length three
    in four lines are no longer than (one long line, a web address, changes nothing)."""
    lines = [line.rstrip() for line in text.split("\n")]
    broken = [line for line, after in zip(lines, lines[1:]) if line.strip() and after.strip()]
    if 2 * sum(bool(_MARKED.search(line)) for line in broken) > len(broken):
        return len(text) + 1
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return 0
    width = lengths[min(len(lengths) - 1, len(lengths) * 3 // 4)]
    return len(text) + 1 if width < _WRAP_WIDTH else int(_SHORT_LINE * width)


def _line_ends(paragraph: str, short: int) -> list[int]:
    ends, at = [], 0
    for line in paragraph.split("\n")[:-1]:
        at += len(line) + 1
        kept = line.rstrip()
        following = _NEXT.match(paragraph, at)
        if not kept.strip() or _MARKED.search(kept) or _GOES_ON.search(kept) or following is None:
            continue
        if len(kept) < short and following[1].isupper() or is_date_line(paragraph[at:].split("\n", 1)[0]):
            ends.append(at - 1 - (len(line) - len(kept)))
    return ends


def _items(paragraph: str) -> list[tuple[int, str]]:
    """The paragraph cut before each list item, without the items' markers: ``(offset, text)``."""
    cuts = [(m.start(), m.end()) for m in _ITEM.finditer(paragraph)]
    if not cuts:
        return [(0, paragraph)]
    pieces = [(0, paragraph[: cuts[0][0]])] if cuts[0][0] else []
    for (_, begin), (end, _) in zip(cuts, [*cuts[1:], (len(paragraph), len(paragraph))], strict=True):
        pieces.append((begin, paragraph[begin:end]))
    return pieces


def _abbreviation(before: str) -> bool:
    """Whether ``before`` ends with one of the abbreviations, as a whole word."""
    for abbr in _ABBREVIATIONS:
        if before.endswith(abbr):
            start = len(before) - len(abbr)
            if start == 0 or not before[start - 1].isalnum():
                return True
    return False


def _segment(text: str, start: int, paragraph: str, cursor: int, stop: int, sid: str) -> Segment:
    chunk = paragraph[cursor:stop]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    begin, end = start + cursor + lead, start + stop - trail
    return Segment(sid, begin, end, text[begin:end])


def paragraphs(text: str) -> list[tuple[int, int, str]]:
    """Return ``(first line number, offset, text)`` for each non-blank run of lines."""
    out: list[tuple[int, int, str]] = []
    offset = 0
    current: tuple[int, int] | None = None
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if current is None:
                current = (number, offset)
        elif current is not None:
            out.append((current[0], current[1], text[current[1] : offset - 1]))
            current = None
        offset += len(line) + 1
    if current is not None:
        out.append((current[0], current[1], text[current[1] :].rstrip("\n")))
    return out
