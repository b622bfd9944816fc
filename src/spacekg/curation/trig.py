"""An article's facts file (``data/facts/aNNN.trig``), written and edited in the house style.

The file holds the sentence table (graph ``g:sources``), the provenance of each sentence graph
(graph ``g:provenance``) and one graph per sentence, each after a comment with the sentence's id,
its text and the mentions found in it. The commands rewrite the ``g:sources`` and ``g:provenance``
blocks from their triples (comments inside them are not kept), and only add to a sentence's
graph, so hand-written triples and comments there stay as they are. Every edit is checked by
parsing the whole file before it is written, atomically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..namespaces import GRAPH, PREFIXES, RDF, RDFS, SKG, SOURCE, XSD, shorten
from ..rdf import PlainQuad, Term, Terms, parse, plain, refuse_triple_terms
from ..sources.files import read_text, write_atomic
from ..sources.segment import Segment

# What the commands write: IRIs and literals.
Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]
# Article ids: "a" and three or more digits (a000, a003, a1234).
ARTICLE_ID = re.compile(r"a\d{3,}")
WIDTH = 110
_INDENT = "    "
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_HEADER_PREFIXES = ("skg", "d", "src", "g", "rdf", "rdfs", "skos", "xsd")
_SOURCES = ox.NamedNode(GRAPH + "sources")
_PROVENANCE = ox.NamedNode(GRAPH + "provenance")
CURATION = ox.NamedNode(GRAPH + "curation")
_TYPE = ox.NamedNode(RDF + "type")
_LABEL = ox.NamedNode(RDFS + "label")
_SENTENCE_ORDER = ("inDocument", "sentenceId", "beginIndex", "endIndex", "excluded", "exclusionReason", "text")
_PROVENANCE_ORDER = ("statedIn", "modality", "source", "attributedTo")


def iri(text: str) -> ox.NamedNode:
    return ox.NamedNode(text)


def skg(local: str) -> ox.NamedNode:
    return ox.NamedNode(SKG + local)


_SEGMENT_FIELDS = frozenset(skg(name) for name in ("sentenceId", "beginIndex", "endIndex", "text"))


def sentence_iri(article: str, sentence_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{SOURCE}{article}-{sentence_id}")


def graph_iri(article: str, sentence_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{GRAPH}{article}-{sentence_id}")


def term(node: ox.NamedNode | ox.Literal) -> str:
    """A term as the data files write it: a prefixed name, ``a``, a bare number or boolean, or a
    quoted literal with its language or a prefixed datatype.

    Example:
        >>> term(ox.NamedNode("https://w3id.org/spacekg/id/china"))
        'd:china'
        >>> term(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
        '3'
        >>> term(ox.Literal('say "hi"', language="en"))
        '"say \\\\"hi\\\\""@en'
    """
    if isinstance(node, ox.NamedNode):
        short = shorten(node.value)
        prefix, _, local = short.partition(":")
        return short if prefix in PREFIXES and _LOCAL.fullmatch(local) else f"<{node.value}>"
    datatype = node.datatype.value
    if datatype == XSD + "integer" and re.fullmatch(r"[+-]?\d+", node.value):
        return node.value
    if datatype == XSD + "decimal" and re.fullmatch(r"[+-]?\d*\.\d+", node.value):
        return node.value
    if datatype == XSD + "boolean" and node.value in ("true", "false"):
        return node.value
    quoted = str(ox.Literal(node.value))
    if node.language:
        return f"{quoted}@{node.language}"
    if datatype == XSD + "string":
        return quoted
    return f"{quoted}^^{term(node.datatype)}"


def render_triples(triples: Iterable[Triple], *, indent: str = _INDENT) -> str:
    """Triples grouped by subject (in order of first appearance), types first, one statement per
    subject, wrapped at about 110 characters as the data files are."""
    groups: dict[str, dict[str, list[str]]] = {}
    for s, p, o in triples:
        predicates = groups.setdefault(term(s), {})
        objects = predicates.setdefault("a" if p == _TYPE else term(p), [])
        if term(o) not in objects:
            objects.append(term(o))
    lines: list[str] = []
    for subject, predicates in groups.items():
        ordered = sorted(predicates.items(), key=lambda item: item[0] != "a")
        pieces = [f"{p} {' , '.join(objects)}" for p, objects in ordered]
        lines += _wrap(f"{indent}{subject} ", pieces, indent + _INDENT)
    return "".join(line + "\n" for line in lines)


def render_statement(triples: Iterable[Triple]) -> str:
    """Top-level statements, one per subject, one property per line (as ``data/sources.ttl``
    and ``data/entities.ttl`` are written), separated by blank lines."""
    groups: dict[str, dict[str, list[str]]] = {}
    for s, p, o in triples:
        objects = groups.setdefault(term(s), {}).setdefault("a" if p == _TYPE else term(p), [])
        if term(o) not in objects:
            objects.append(term(o))
    blocks = []
    for subject, predicates in groups.items():
        pieces = [f"{p} {' , '.join(objects)}" for p, objects in predicates.items()]
        blocks.append(f"{subject} " + " ;\n    ".join(pieces) + " .\n")
    return "\n".join(blocks)


def _wrap(head: str, pieces: Sequence[str], continuation: str) -> list[str]:
    lines = [head + pieces[0]]
    for piece in pieces[1:]:
        if len(lines[-1]) + 3 + len(piece) <= WIDTH:
            lines[-1] += " ; " + piece
        else:
            lines[-1] += " ;"
            lines.append(continuation + piece)
    lines[-1] += " ."
    return lines


@dataclass(frozen=True)
class SentenceGraph:
    """A sentence's id and what its graph states, read from the facts file."""

    sentence_id: str
    triples: tuple[Terms, ...]


class FactsFile:
    """One article's facts file, held as text and edited in place (see the module docstring)."""

    def __init__(self, path: Path, article: str, text: str, newline: str = "\n") -> None:
        self.path = path
        self.article = article
        self.text = text
        self.newline = newline
        self._parsed: tuple[str, Sequence[PlainQuad]] = ("", [])

    @classmethod
    def open(cls, path: Path, article: str) -> FactsFile:
        """Read ``path``.

        Raises:
            InputError: the file is missing, unreadable or not valid TriG.
        """
        facts = cls(path, article, *read_edited(path))
        facts.quads()
        return facts

    @classmethod
    def skeleton(cls, path: Path, article: str, sentences: Sequence[Segment],
                 comments: dict[str, list[str]]) -> FactsFile:
        """A new facts file: every sentence, a provenance stub per sentence graph, and one empty
        graph per sentence after its comments (``comments[sentence id]``)."""
        document = ox.NamedNode(SOURCE + article)
        sources: list[Triple] = []
        provenance: list[Triple] = []
        for s in sentences:
            node = sentence_iri(article, s.sentence_id)
            sources += [
                (node, _TYPE, skg("Sentence")),
                (node, skg("inDocument"), document),
                (node, skg("sentenceId"), ox.Literal(s.sentence_id)),
                (node, skg("beginIndex"), _integer(s.begin)),
                (node, skg("endIndex"), _integer(s.end)),
                (node, skg("text"), ox.Literal(s.text)),
            ]
            graph = graph_iri(article, s.sentence_id)
            provenance += [(graph, skg("statedIn"), node), (graph, skg("source"), document)]
        head = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in _HEADER_PREFIXES)
        head += (f"\n# Facts of article {article}: one named graph per sentence, provenance in g:provenance.\n"
                 "# Fill each sentence's graph with `spacekg article fact` or by hand, and exclude the sentences\n"
                 "# that state nothing with `spacekg article exclude`; `spacekg check` lists what is left to do.\n\n")
        body = "g:sources {\n}\n\ng:provenance {\n}\n"
        for s in sentences:
            body += "\n" + _sentence_header(s.sentence_id, s.text, comments.get(s.sentence_id, []))
            body += f"{term(graph_iri(article, s.sentence_id))} {{\n}}\n"
        facts = cls(path, article, head + body)
        facts._rewrite_block(_SOURCES, sources)
        facts._rewrite_block(_PROVENANCE, provenance)
        return facts

    # --- reading ---

    def quads(self) -> Sequence[PlainQuad]:
        """Parse the whole file.

        Raises:
            InputError: the text is not valid TriG (file, line and column), or holds a triple term.
        """
        if self._parsed[0] != self.text or not self.text:
            quads = parse(self.text, ox.RdfFormat.TRIG, self.path)
            refuse_triple_terms(str(self.path), quads)
            self._parsed = (self.text, plain(quads))
        return self._parsed[1]

    def sentence_ids(self) -> list[str]:
        """The sentences of the table, in text order."""
        return [s.sentence_id for s in self.segments()]

    def segments(self) -> list[Segment]:
        """The sentences of the table as they were recorded, in text order: their ids stay those
        the article was registered with, whatever a later splitter would make of its text."""
        fields: dict[Term, dict[ox.NamedNode, Term]] = {}
        for q in self.quads():
            if q.graph_name == _SOURCES and q.predicate in _SEGMENT_FIELDS:
                fields.setdefault(q.subject, {})[q.predicate] = q.object
        recorded = [Segment(f[skg("sentenceId")].value, self._index(f, "beginIndex"), self._index(f, "endIndex"),
                            f.get(skg("text"), ox.Literal("")).value)
                    for f in fields.values() if skg("sentenceId") in f]
        return sorted(recorded, key=lambda s: s.begin)

    def _index(self, fields: dict[ox.NamedNode, Term], name: str) -> int:
        """A recorded offset of a sentence (0 where it has none, which `spacekg check` names).

        Raises:
            InputError: the offset is no whole number.
        """
        value = fields.get(skg(name), _integer(0)).value
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise InputError(f"{self.path}: sentence {fields[skg('sentenceId')].value} has skg:{name} {value!r}, "
                             "not a whole number: write the code-point offset that `spacekg sentences FILE` gives "
                             "for its text")
        return int(value)

    def graph(self, sentence_id: str) -> SentenceGraph:
        name = graph_iri(self.article, sentence_id)
        triples = tuple((q.subject, q.predicate, q.object) for q in self.quads() if q.graph_name == name)
        return SentenceGraph(sentence_id, triples)

    def provenance(self, sentence_id: str) -> dict[str, list[Term]]:
        """The provenance of a sentence's graph: property local name -> values."""
        name = graph_iri(self.article, sentence_id)
        out: dict[str, list[Term]] = {}
        for q in self.quads():
            if q.graph_name == _PROVENANCE and q.subject == name:
                out.setdefault(q.predicate.value.rsplit("#", 1)[-1], []).append(q.object)
        return out

    # --- editing ---

    def require_sentence(self, sentence_id: str) -> None:
        """Raises UsageError, naming close ids, when the article has no such sentence."""
        ids = self.sentence_ids()
        if sentence_id not in ids:
            from rapidfuzz import process

            close = [i for i, _, _ in process.extract(sentence_id, ids, limit=3)]
            raise UsageError(f"{self.article} has no sentence {sentence_id!r}; did you mean {', '.join(close)}? "
                             f"(`spacekg sentences {self.article}` lists them)")

    def add_facts(self, sentence_id: str, triples: Sequence[Triple]) -> int:
        """Add ``triples`` to the sentence's graph (those it already states are skipped).

        Returns:
            How many triples were added.

        Raises:
            UsageError: the sentence is unknown or excluded.
        """
        self.require_sentence(sentence_id)
        if self._excluded(sentence_id):
            raise UsageError(f"{self.article} {sentence_id} is excluded; include it again before adding facts "
                             f"(`spacekg article exclude {self.article} {sentence_id} --undo`)")
        present = set(self.graph(sentence_id).triples)
        new = [t for t in dict.fromkeys(triples) if t not in present]
        if not new:
            return 0
        start, end = self._graph_block(sentence_id)
        lines = self.text.splitlines(keepends=True)
        written = "".join(lines[:end]) + render_triples(new) + "".join(lines[end:])
        if _parses(written, self.path):
            self.text = written
        else:
            # TriG lets the last statement of a graph end at its "}" without a "." (or after a
            # ";"), as a hand-written one may: the triples added after it need the "." it left out.
            self.text = "".join(_terminated(lines, start, end)) + render_triples(new) + "".join(lines[end:])
        self.quads()
        return len(new)

    def curation(self) -> list[Triple]:
        """The triples of the file's ``g:curation`` block: the links its plans were given."""
        return self._block_triples(CURATION) if any(q.graph_name == CURATION for q in self.quads()) else []

    def add_curation(self, triples: Sequence[Triple]) -> int:
        """Add ``triples`` to the file's ``g:curation`` block (made at the end when it has none;
        those it holds already are skipped).

        Returns:
            How many triples were added.
        """
        present = self.curation()
        new = [t for t in dict.fromkeys(triples) if t not in present]
        if new:
            self._rewrite_block(CURATION, [*present, *new])
            self.quads()
        return len(new)

    def set_provenance(self, sentence_id: str, values: dict[str, ox.NamedNode | ox.Literal | None]) -> None:
        """Set (or, with None, remove) provenance fields of the sentence's graph, e.g.
        ``{"modality": skg("Reported"), "attributedTo": iri(...)}``."""
        self.require_sentence(sentence_id)
        name = graph_iri(self.article, sentence_id)
        triples = self._block_triples(_PROVENANCE)
        for local, value in values.items():
            triples = [t for t in triples if not (t[0] == name and t[1] == skg(local))]
            if value is not None:
                triples.append((name, skg(local), value))
        if not any(t[0] == name for t in triples):
            triples += [(name, skg("statedIn"), sentence_iri(self.article, sentence_id)),
                        (name, skg("source"), ox.NamedNode(SOURCE + self.article))]
        self._rewrite_block(_PROVENANCE, triples)

    def exclude(self, sentence_id: str, reason: str | None) -> None:
        """Exclude a sentence with its reason (removing its empty graph and provenance stub), or
        with ``reason=None`` include it again (restoring both).

        Raises:
            UsageError: the sentence's graph states facts, the reason is blank, or a sentence to
                include again is not excluded.
        """
        self.require_sentence(sentence_id)
        if reason is None and not self._excluded(sentence_id):
            # Including it "again" would rewrite its provenance and lose its modality.
            raise UsageError(f"{self.article} {sentence_id} is not excluded; nothing to include again")
        node = sentence_iri(self.article, sentence_id)
        name = graph_iri(self.article, sentence_id)
        sources = [t for t in self._block_triples(_SOURCES)
                   if not (t[0] == node and t[1] in (skg("excluded"), skg("exclusionReason")))]
        provenance = [t for t in self._block_triples(_PROVENANCE) if t[0] != name]
        if reason is None:
            self._rewrite_block(_SOURCES, sources)
            self._rewrite_block(_PROVENANCE, provenance + [(name, skg("statedIn"), node),
                                                           (name, skg("source"), ox.NamedNode(SOURCE + self.article))])
            if self._find_graph_block(sentence_id) is None:
                text = next(t[2].value for t in sources if t[0] == node and t[1] == skg("text"))
                self.text = self.text.rstrip("\n") + "\n\n" + _sentence_header(sentence_id, text, [])
                self.text += f"{term(name)} {{\n}}\n"
            self.quads()
            return
        if not reason.strip():
            raise UsageError("give the reason for excluding the sentence (e.g. --reason opinion)")
        if self.graph(sentence_id).triples:
            raise UsageError(f"{self.article} {sentence_id} states facts in its graph; an excluded sentence states "
                             "none, so remove them first")
        said_by = [t[2] for t in self._block_triples(_PROVENANCE) if t[0] == name and t[1] == skg("attributedTo")]
        if said_by:
            raise UsageError(f"{self.article} {sentence_id} is attributed to {term(said_by[0])}: it reports what was "
                             "said, which an excluded sentence does not; if it says nothing to record, remove its "
                             f"skg:attributedTo from g:provenance in data/facts/{self.article}.trig first")
        sources += [(node, skg("excluded"), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
                    (node, skg("exclusionReason"), ox.Literal(reason.strip()))]
        self._rewrite_block(_SOURCES, sources)
        self._rewrite_block(_PROVENANCE, provenance)
        found = self._find_graph_block(sentence_id)
        if found is not None:
            start, end = found
            lines = self.text.splitlines(keepends=True)
            head = start
            while head > 0 and lines[head - 1].startswith("#"):
                head -= 1
            blank = 1 if head > 0 and not lines[head - 1].strip() else 0
            del lines[head - blank : end + 1]
            self.text = "".join(lines)
        self.quads()

    def set_comments(self, sentence_id: str, comments: list[str]) -> None:
        """Replace the mention comments above a sentence's graph (keeping its ``# Lx.y: text`` line)."""
        found = self._find_graph_block(sentence_id)
        if found is None:
            return
        start, _ = found
        lines = self.text.splitlines(keepends=True)
        head = start
        while head > 0 and lines[head - 1].startswith("#") and not lines[head - 1].startswith(f"# {sentence_id}: "):
            head -= 1
        lines[head:start] = [f"# {c}\n" for c in comments]
        self.text = "".join(lines)

    def save(self) -> None:
        """Check that the text parses, then write it atomically."""
        self.quads()
        write_atomic(self.path, self.text.replace("\n", self.newline).encode("utf-8"))

    # --- blocks ---

    def excluded_sentences(self) -> set[str]:
        """The ids of the sentences left out (``skg:excluded``)."""
        nodes = {t[0] for t in self._block_triples(_SOURCES) if t[1] == skg("excluded")}
        return {sid for sid in self.sentence_ids() if sentence_iri(self.article, sid) in nodes}

    def _excluded(self, sentence_id: str) -> bool:
        node = sentence_iri(self.article, sentence_id)
        return any(t[0] == node and t[1] == skg("excluded") for t in self._block_triples(_SOURCES))

    def _find_graph_block(self, sentence_id: str) -> tuple[int, int] | None:
        """Line numbers (0-based) of a sentence graph's opening line and its closing brace."""
        opening = re.search(_opening(graph_iri(self.article, sentence_id)), self.text, re.MULTILINE)
        if opening is None:
            return None
        number = self.text.count("\n", 0, opening.end())  # the line of the brace
        lines = self.text.splitlines()
        for close in range(number + 1, len(lines)):
            if _CLOSING.match(lines[close]):
                return number, close
        return None

    def _graph_block(self, sentence_id: str) -> tuple[int, int]:
        found = self._find_graph_block(sentence_id)
        if found is None:
            self.text = self.text.rstrip("\n") + f"\n\n{term(graph_iri(self.article, sentence_id))} {{\n}}\n"
            found = self._find_graph_block(sentence_id)
            assert found is not None
        return found

    def _block_triples(self, graph: ox.NamedNode) -> list[Triple]:
        """The triples of a block the commands rewrite (``g:sources``, ``g:provenance``).

        Raises:
            InputError: the block holds a blank node, which the commands could not write back.
        """
        out: list[Triple] = []
        for q in self.quads():
            if q.graph_name == graph:
                s, o = q.subject, q.object
                if not isinstance(s, ox.NamedNode) or isinstance(o, ox.BlankNode):
                    raise InputError(f"{self.path}: {shorten(graph.value)} holds a blank node ({s} {q.predicate} "
                                     f"{o}); the commands that rewrite it write only IRIs and literals")
                out.append((s, q.predicate, o))
        return out

    def _rewrite_block(self, graph: ox.NamedNode, triples: list[Triple]) -> None:
        """Write ``triples`` as the whole of ``graph``'s block, keeping its first and last lines as
        they are written (a comment after a brace, GRAPH, a full IRI)."""
        pattern = re.compile(rf"({_opening(graph)}\n).*?({_CLOSING.pattern}(?:\n|\Z))", re.MULTILINE | re.DOTALL)
        found = len(pattern.findall(self.text))
        if found == 0 and not any(q.graph_name == graph for q in self.quads()):
            self.text = self.text.rstrip("\n") + f"\n\n{term(graph)} {{\n}}\n"  # a file written without it
            found = 1
        if found != 1:
            layout = (f"the commands rewrite `{term(graph)} {{ … }}` where its name and `{{` begin a line and `}}` "
                      "stands on a line of its own; write it that way") if found == 0 else (
                f"{found} `{term(graph)} {{ … }}` blocks; merge them into one")
            raise InputError(f"{self.path}: {layout}")
        body = _render_sources(triples) if graph == _SOURCES else _render_provenance(triples) \
            if graph == _PROVENANCE else render_triples(sorted(triples, key=lambda t: (term(t[0]), t[1] != _TYPE)))
        self.text = pattern.sub(lambda m: f"{m[1]}{body}{m[2].rstrip(chr(10))}\n", self.text, count=1)


def _parses(text: str, path: Path) -> bool:
    try:
        list(ox.parse(text, format=ox.RdfFormat.TRIG, base_iri=path.resolve().as_uri()))  # parsed as it is read
    except SyntaxError:
        return False
    return True


def _terminated(lines: list[str], start: int, end: int) -> list[str]:
    """The lines of a graph's block up to its closing brace (at ``end``), with a "." after its
    last statement: at the end of its last line (for a trailing ";"), or on a line of its own when
    that line has a "#" (which may begin a comment)."""
    last = next((i for i in range(end - 1, start, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")),
                None)
    if last is None or "#" in lines[last]:
        return [*lines[:end], _INDENT + ".\n"]
    return [*lines[:last], lines[last].rstrip().removesuffix(";").rstrip() + " .\n", *lines[last + 1 : end]]


# The first and last lines of a graph's block as the commands find them: GRAPH or not, a prefixed
# name or the full IRI, indented or not, the brace on the name's line or the next, a comment after it.
_CLOSING = re.compile(r"^[ \t]*\}[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


def _opening(graph: ox.NamedNode) -> str:
    names = "|".join(re.escape(name) for name in (term(graph), f"<{graph.value}>"))
    return rf"^[ \t]*(?:(?i:GRAPH)[ \t]+)?(?:{names})[ \t]*(?:\n[ \t]*)?\{{[ \t]*(?:#[^\n]*)?$"


def read_edited(path: Path) -> tuple[str, str]:
    """The text of a data file the commands edit, with LF line ends, and the line end it is
    written with, which the edited file keeps (a checkout that converts line ends writes CRLF)."""
    text = read_text(path)
    return (text.replace("\r\n", "\n"), "\r\n") if "\r\n" in text else (text, "\n")


def _sentence_header(sentence_id: str, text: str, comments: list[str]) -> str:
    return f"# {sentence_id}: {' '.join(text.split())}\n" + "".join(f"# {c}\n" for c in comments)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _by_subject(triples: list[Triple]) -> dict[ox.NamedNode, list[Triple]]:
    groups: dict[ox.NamedNode, list[Triple]] = {}
    for t in dict.fromkeys(triples):
        groups.setdefault(t[0], []).append(t)
    return groups


def _ordered(triples: list[Triple], order: Sequence[str]) -> list[Triple]:
    def rank(t: Triple) -> tuple[int, str]:
        local = t[1].value.rsplit("#", 1)[-1]
        return (order.index(local) if t[1].value.startswith(SKG) and local in order else len(order), term(t[1]))
    return sorted(triples, key=rank)


def _render_sources(triples: list[Triple]) -> str:
    """The sentence table in the layout of the curated files, in text order."""
    groups = _by_subject(triples)

    def begin(subject: ox.NamedNode) -> tuple[int, str]:
        for t in groups[subject]:
            if t[1] == skg("beginIndex"):
                return int(t[2].value), subject.value
        return -1, subject.value

    out = ""
    for subject in sorted(groups, key=begin):
        rows = groups[subject]
        if (subject, _TYPE, skg("Sentence")) not in rows:
            out += render_triples(rows)
            continue
        fields = _ordered([t for t in rows if t != (subject, _TYPE, skg("Sentence"))], _SENTENCE_ORDER)
        pieces = {t[1].value.rsplit("#", 1)[-1]: f"{term(t[1])} {term(t[2])}" for t in fields}
        first = [pieces.pop(k) for k in ("inDocument", "sentenceId") if k in pieces]
        offsets = [pieces.pop(k) for k in ("beginIndex", "endIndex") if k in pieces]
        exclusion = [pieces.pop(k) for k in ("excluded", "exclusionReason") if k in pieces]
        text = [pieces.pop("text")] if "text" in pieces else []
        others = [f"{term(t[1])} {term(t[2])}" for t in fields if t[1].value.rsplit("#", 1)[-1] in pieces]
        lines = [" ; ".join([f"{_INDENT}{term(subject)} a skg:Sentence"] + first)]
        lines += [_INDENT * 2 + " ; ".join(group) for group in (offsets, exclusion, others, text) if group]
        out += " ;\n".join(lines) + " .\n"
    return out


def _render_provenance(triples: list[Triple]) -> str:
    """Each sentence graph's provenance in the layout of the curated files, in sentence order."""
    groups = _by_subject(triples)

    def order(subject: ox.NamedNode) -> list[int | str]:
        # g:a002-L15.1 sorts after g:a002-L5.1: compare the numbers of the sentence id.
        return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", subject.value)]

    out = ""
    for subject in sorted(groups, key=order):
        fields = _ordered(groups[subject], _PROVENANCE_ORDER)
        pieces = [f"{term(t[1])} {term(t[2])}" for t in fields]
        locals_ = [t[1].value.rsplit("#", 1)[-1] for t in fields]
        first = [p for p, k in zip(pieces, locals_) if k in ("statedIn", "modality")]
        rest = [p for p, k in zip(pieces, locals_) if k not in ("statedIn", "modality")]
        lines = [f"{_INDENT}{term(subject)} " + " ; ".join(first or rest[:1])]
        lines += [_INDENT * 2 + p for p in (rest if first else rest[1:])]
        out += " ;\n".join(lines) + " .\n"
    return out


def append_statements(path: Path, triples: list[Triple], header: str) -> str:
    """The text of Turtle file ``path`` with ``triples`` appended as statements (the file is
    created with the prefixes it needs); checked by parsing."""
    existing, newline = read_edited(path) if path.exists() else ("", "\n")
    statements = render_statement(triples)
    body = (existing or header).rstrip("\n") + "\n\n" + statements
    return _checked(path, _prefixed(existing, body, statements)).replace("\n", newline)


def review_block(article: str) -> tuple[str, str]:
    """The first and last lines around what the review of ``article`` added to a Turtle file."""
    return (f"# From the review of {article}: `spacekg article link {article}` rewrites this block.\n",
            f"# End of the review of {article}.\n")


def split_block(path: Path, text: str, article: str) -> tuple[str, str]:
    """``text`` without the review block of ``article`` (see :func:`review_block`), and the block.

    Raises:
        InputError: the block's first line is there and its last is not.
    """
    first, last = review_block(article)
    begin = _line_start(text, first)
    if begin is None:
        return text, ""
    end = _line_start(text, last, begin)
    if end is None:
        line = text.count("\n", 0, begin) + 1
        raise InputError(f"{path}:{line}: the block from the review of {article} has no end line "
                         f"({last.strip()!r}); put it back after the block's last statement")
    end += len(last)
    block = text[begin:end]
    if text.startswith("\n", end):  # the blank line that separated it from what follows
        end += 1
    return text[:begin] + text[end:], block


def with_block(path: Path, article: str, triples: list[Triple], header: str) -> str:
    """The text of Turtle file ``path`` with the review block of ``article`` holding ``triples``:
    rewritten where it was, appended when new, removed when there are none; checked by parsing.
    What the block held before is gone, so a link that is no longer confirmed takes its name
    and new entity with it."""
    existing, newline = read_edited(path) if path.exists() else ("", "\n")
    rest, old = split_block(path, existing, article)
    first, last = review_block(article)
    # In an order of their own, not the rows': the same confirmed links give the same block
    # whichever rows came first (a sentence excluded since, a row moved).
    ordered = sorted(triples, key=lambda t: (term(t[0]), t[1] != _TYPE, t[1] != _LABEL, term(t[1]), term(t[2])))
    statements = render_statement(ordered) if triples else ""
    block = first + statements + last if triples else ""
    if old:
        at = existing.index(old)
        body = rest[:at] + (block + "\n" if block and rest[at:] else block) + rest[at:]
    elif block:
        body = (rest or header).rstrip("\n") + "\n\n" + block
    else:
        body = rest
    return _checked(path, _prefixed(existing, body.rstrip("\n") + "\n", statements)).replace("\n", newline)


def _line_start(text: str, line: str, start: int = 0) -> int | None:
    """Where ``line`` (ending in a newline) begins a line of ``text``, from ``start`` on."""
    at = text.find(line, start)
    while at > 0 and text[at - 1] != "\n":
        at = text.find(line, at + 1)
    return None if at < 0 else at


def _prefixed(existing: str, body: str, statements: str) -> str:
    """``body`` with the prefixes ``statements`` use and ``existing`` does not declare yet."""
    needed = [p for p in ("skg", "d", "src", "rdfs", "xsd") if not re.search(rf"^@prefix {p}:", existing, re.M)
              and re.search(rf"(?<![\w:/#]){p}:", statements)]
    prefixes = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in needed)
    return prefixes + ("\n" if prefixes and not existing else "") + body


def _checked(path: Path, text: str) -> str:
    parse(text, ox.RdfFormat.TURTLE, path)
    return text


def comment_lines(head: str, items: list[str]) -> list[str]:
    """Comment text for a list of items, wrapped at about 110 characters."""
    out = [head + items[0]]
    for item in items[1:]:
        if len(out[-1]) + len(item) + 2 <= WIDTH - 4:
            out[-1] += "; " + item
        else:
            out.append("  " + item)
    return out
