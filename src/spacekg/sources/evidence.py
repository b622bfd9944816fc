"""Check that every sentence quote equals its article's text at the recorded offsets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import SKG
from ..rdf import select
from .files import decode_utf8, read_bytes, read_text
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

    def difference(self) -> str:
        """Where the recorded quote and the article's text part, with the words around it: a
        quote cut at the first 50 characters would hide a difference at its end.

        Example:
            >>> QuoteMismatch("s", "a.txt", 0, 9, "far side.", "far side").difference()
            "the recorded quote (9 characters) and the article's text (8) part at character 8: the quote has 'far side.', the article 'far side'"
        """
        at = next((i for i, (a, b) in enumerate(zip(self.expected, self.found)) if a != b),
                  min(len(self.expected), len(self.found)))
        start = max(0, at - 25)

        def around(text: str) -> str:
            return ("…" if start else "") + text[start : at + 25] + ("…" if at + 25 < len(text) else "")

        return (f"the recorded quote ({len(self.expected)} characters) and the article's text ({len(self.found)}) "
                f"part at character {at}: the quote has {around(self.expected)!r}, the article {around(self.found)!r}")


_SENTENCES = f"""SELECT ?s ?doc ?begin ?end ?text ?file WHERE {{
  ?s a <{SKG}Sentence> .
  OPTIONAL {{ ?s <{SKG}inDocument> ?doc OPTIONAL {{ ?doc <{SKG}fileName> ?file }} }}
  OPTIONAL {{ ?s <{SKG}beginIndex> ?begin }} OPTIONAL {{ ?s <{SKG}endIndex> ?end }} OPTIONAL {{ ?s <{SKG}text> ?text }}
}}"""


def find_quote_mismatches(project: Project, store: ox.Store, *, unreadable: list[str] | None = None,
                          read: dict[str, bytes] | None = None) -> tuple[int, list[QuoteMismatch]]:
    """Compare every ``skg:Sentence``'s text with its article file.

    Args:
        unreadable: when given, a sentence without its document, offsets or text, and a
            document without its file name or whose file is missing, are not checked but listed
            here (their IRIs), for a check that reports them with the others.
        read: article files already read, their bytes by file name, not read again.

    Returns:
        The number of sentences checked and the mismatches found.

    Raises:
        InputError: a sentence lacks its document, offsets or text, or (without ``unreadable``)
            an article file is missing.
    """
    rows: dict[str, list[tuple]] = {}
    for row in select(store, _SENTENCES, use_default_graph_as_union=True):
        rows.setdefault(str(row[0]), []).append(tuple(row))
    texts: dict[str, str] = {}
    present: dict[str, bool] = {}  # by file name: an article has many sentences
    mismatches: list[QuoteMismatch] = []
    for key in sorted(rows):
        found = rows[key]
        sentence, doc, begin, end, quote, name = found[0] if len(found) == 1 else min(
            found, key=lambda r: tuple(map(str, r)))
        iri = sentence.value if isinstance(sentence, ox.NamedNode) else str(sentence)
        if not isinstance(doc, ox.NamedNode) or not all(isinstance(v, ox.Literal) for v in (begin, end, quote)):
            if unreadable is not None:  # the article checks name the field it lacks, at its sentence
                unreadable.append(iri)
                continue
            raise InputError(f"sentence <{iri}>: needs skg:inDocument, skg:beginIndex, skg:endIndex and skg:text")
        if isinstance(name, ox.Literal) and name.value not in present:
            present[name.value] = (project.root / name.value).exists()
        if not isinstance(name, ox.Literal) or not present[name.value]:
            if unreadable is not None:
                unreadable += [] if doc.value in unreadable else [doc.value]
                continue
            if not isinstance(name, ox.Literal):
                raise InputError(f"document <{doc.value}>: no skg:fileName, so its quotes cannot be checked; if "
                                 "`spacekg article add` was stopped, run it again")
            raise InputError(f"{name.value}: file not found; it is the text of <{doc.value}>, whose quotes cannot be "
                             "checked without it: restore it, or remove the article's record and facts file")
        if name.value not in texts:
            path = project.root / name.value
            data = (read or {}).get(name.value)
            texts[name.value] = read_text(path, root=project.root) if data is None else decode_utf8(data, str(path))
        text = texts[name.value]
        try:
            b, e = int(begin.value), int(end.value)
        except ValueError:
            raise InputError(f"sentence <{iri}>: offsets must be integers") from None
        if text[b:e] != quote.value:
            mismatches.append(QuoteMismatch(iri, name.value, b, e, quote.value, text[b:e]))
    return len(rows), mismatches


_TEXTS = f"""SELECT ?file ?sha WHERE {{ ?doc <{SKG}fileName> ?file ; <{SKG}textSha256> ?sha }} ORDER BY ?file"""


def verify_quotes(project: Project, store: ox.Store) -> int:
    """Raise :class:`InputError` on an article text that is not the one registered (its SHA-256
    differs: a change outside the recorded sentences is still a changed source), else on the first
    quote mismatch; return how many quotes were checked. A changed text is named first: it is why
    its quotes no longer match."""
    read: dict[str, bytes] = {}
    for name, sha in select(store, _TEXTS, use_default_graph_as_union=True):
        path = project.root / name.value
        if path.is_file():
            data = read[name.value] = read_bytes(path, root=project.root)
            if change := text_change(name.value, data, sha.value):
                raise InputError(change)
    checked, mismatches = find_quote_mismatches(project, store, read=read)
    if mismatches:
        m = mismatches[0]
        raise InputError(
            f"{m.article}[{m.begin}:{m.end}]: quote of <{m.sentence}> does not match the article: {m.difference()}"
            + (f" ({len(mismatches) - 1} more)" if len(mismatches) > 1 else "")
        )
    return checked


def text_change(name: str, data: bytes, sha: str) -> str | None:
    """Why the article text ``name`` (its bytes ``data``) is not the one registered with SHA-256
    ``sha``, or None when it is."""
    if hashlib.sha256(data).hexdigest() == sha:
        return None
    if b"\r\n" in data and hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest() == sha:
        return (f"{name} changed after it was registered: its line ends became CRLF (a checkout that converts "
                "line ends, such as git's core.autocrlf, does this; data/.gitattributes asks git not "
                "to): restore its LF line ends; offsets and quotes depend on them")
    return (f"{name} changed after it was registered (its SHA-256 differs from skg:textSha256): restore the text "
            "as published; offsets and quotes depend on it")
