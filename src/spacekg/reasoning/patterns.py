"""A reader for the triple patterns of a SPARQL group: what a derivation rule matches, and the
triples its CONSTRUCT template writes.

It reads the triple syntax (prefixed names, IRIs, variables, literals, ``a``, ``;`` and ``,``
lists, ``[ … ]`` blank nodes, property paths) and the group keywords OPTIONAL, GRAPH and UNION.
Expressions (FILTER, BIND), VALUES, MINUS and sub-SELECTs are blanked out before it reads a
group (:mod:`spacekg.reasoning.lineage`); pyoxigraph evaluates the rules, this only finds their
patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import RDF, XSD

# A pattern or template term: a variable (its name), a constant (a pyoxigraph term), a blank node
# (Blank), or a property path (Path).
Slot = object


@dataclass(frozen=True)
class Blank:
    """A blank node of a template (fresh in each solution) or of a pattern (never bound here)."""

    label: str


@dataclass(frozen=True)
class Path:
    """A property path: ``op`` is "seq", "alt", "inv", "*", "+", "?" or "!" over ``args``."""

    op: str
    args: tuple[object, ...]


@dataclass(frozen=True)
class Pattern:
    """A triple pattern and the graph it is matched in (None: the default graph)."""

    subject: Slot
    predicate: Slot
    object: Slot
    graph: Slot = None


_TOKEN = re.compile(r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$]\w+)
  | (?P<blank>_:[\w.-]*\w)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<datatype>\^\^)
  | (?P<number>[+-]?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+))
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w:%-]|\.(?=[\w:%-]))*)
  | (?P<word>[A-Za-z]\w*)
  | (?P<punct>[{}()\[\].;,/|^*+?!])
""", re.VERBOSE)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
def group_patterns(text: str, prefixes: dict[str, str], joined: list[list[Pattern]] | None = None) -> list[Pattern]:
    """The triple patterns of the group ``text`` (``{ … }``), OPTIONAL, UNION and GRAPH parts included.

    With ``joined``, each group's own patterns (not those of the groups inside it), which that
    group joins, are appended to it as one list.

    Raises:
        QueryError: the group uses syntax this reader does not know.
    """
    reader = _Reader(text, prefixes)
    out: list[Pattern] = []
    reader.group(None, out)
    if joined is not None:
        joined += reader.joined
    return out


def template_triples(text: str, prefixes: dict[str, str]) -> list[Pattern]:
    """The triples of a CONSTRUCT template ``{ … }``."""
    return group_patterns(text, prefixes)


class _Reader:
    def __init__(self, text: str, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self.tokens: list[tuple[str, str]] = []
        at = 0
        while at < len(text):
            match = _TOKEN.match(text, at)
            if match is None:
                raise QueryError(f"cannot read {text[at:at + 20]!r} in a rule's patterns")
            kind = match.lastgroup or ""
            if kind != "space":
                self.tokens.append((kind, match.group()))
            at = match.end()
        self.at = 0
        self.blanks = 0
        self.joined: list[list[Pattern]] = []

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, expected: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if expected is not None and token[1] != expected and token[1].upper() != expected:
            raise QueryError(f"expected {expected!r} in a rule's patterns, found {token[1]!r}")
        self.at += 1
        return token

    def group(self, graph: Slot, out: list[Pattern]) -> None:
        self.take("{")
        own: list[Pattern] = []
        self.joined.append(own)
        while self.peek()[1] != "}":
            kind, value = self.peek()
            word = value.upper() if kind == "word" else ""
            if kind == "end":
                raise QueryError("unbalanced braces in a rule's patterns")
            if value == ".":
                self.take()
            elif word == "OPTIONAL":
                self.take()
                self.group(graph, out)
            elif word == "GRAPH":
                self.take()
                name = self.term()
                self.group(name, out)
            elif word == "UNION":
                self.take()
            elif value == "{":
                self.group(graph, out)
            elif kind == "word" and word != "A":
                raise QueryError(f"{value} is not read in a rule's patterns")
            else:
                before = len(out)
                self.triples(graph, out)
                own += out[before:]
        self.take("}")

    def triples(self, graph: Slot, out: list[Pattern]) -> None:
        subject = self.node(graph, out)
        if self.peek()[1] in (".", "}") and isinstance(subject, Blank):
            return  # a [ … ] on its own
        self.properties(subject, graph, out)

    def properties(self, subject: Slot, graph: Slot, out: list[Pattern]) -> None:
        while True:
            verb = self.verb()
            while True:
                out.append(Pattern(subject, verb, self.node(graph, out), graph))
                if self.peek()[1] != ",":
                    break
                self.take()
            if self.peek()[1] != ";":
                return
            while self.peek()[1] == ";":
                self.take()
            if self.peek()[1] in (".", "}", "]"):
                return

    def verb(self) -> Slot:
        kind, value = self.peek()
        if kind == "var":
            self.take()
            return value[1:]
        return self.path()

    def path(self) -> Slot:
        first = self.sequence()
        options = [first]
        while self.peek()[1] == "|":
            self.take()
            options.append(self.sequence())
        return first if len(options) == 1 else Path("alt", tuple(options))

    def sequence(self) -> Slot:
        steps = [self.step()]
        while self.peek()[1] == "/":
            self.take()
            steps.append(self.step())
        return steps[0] if len(steps) == 1 else Path("seq", tuple(steps))

    def step(self) -> Slot:
        inverse = self.peek()[1] == "^"
        if inverse:
            self.take()
        kind, value = self.peek()
        if value == "(":
            self.take()
            inner = self.path()
            self.take(")")
        elif value == "!":
            self.take()
            inner = Path("!", (self.step(),))
        elif kind == "word" and value == "a":
            self.take()
            inner = ox.NamedNode(RDF + "type")
        else:
            inner = self.iri()
        if self.peek()[1] in ("*", "+", "?"):
            inner = Path(self.take()[1], (inner,))
        return Path("inv", (inner,)) if inverse else inner

    def iri(self) -> ox.NamedNode:
        kind, value = self.take()
        if kind == "iri":
            return ox.NamedNode(value[1:-1])
        if kind == "pname":
            prefix, _, local = value.partition(":")
            if prefix not in self.prefixes:
                raise QueryError(f"unknown prefix '{prefix}:' in a rule")
            return ox.NamedNode(self.prefixes[prefix] + local.replace("\\", ""))
        raise QueryError(f"expected an IRI in a rule's patterns, found {value!r}")

    def node(self, graph: Slot, out: list[Pattern]) -> Slot:
        kind, value = self.peek()
        if value == "[":
            self.take()
            self.blanks += 1
            blank = Blank(f"anon{self.blanks}")
            if self.peek()[1] != "]":
                self.properties(blank, graph, out)
            self.take("]")
            return blank
        if value == "(":
            raise QueryError("RDF collections are not read in a rule's patterns")
        return self.term()

    def term(self) -> Slot:
        kind, value = self.peek()
        if kind == "var":
            self.take()
            return value[1:]
        if kind == "blank":
            self.take()
            return Blank(value[2:])
        if kind == "string":
            self.take()
            text = _unescape(value[3:-3] if value[:3] in ('"""', "'''") else value[1:-1])
            if self.peek()[0] == "lang":
                return ox.Literal(text, language=self.take()[1][1:])
            if self.peek()[0] == "datatype":
                self.take()
                return ox.Literal(text, datatype=self.iri())
            return ox.Literal(text)
        if kind == "number":
            self.take()
            datatype = "double" if "e" in value.lower() else "decimal" if "." in value else "integer"
            return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))
        if kind == "word" and value in ("true", "false"):
            self.take()
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))
        return self.iri()


def _unescape(text: str) -> str:
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)",
                  lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" and len(m.group(1)) > 1
                  else _ESCAPES.get(m.group(1), m.group(1)), text)
