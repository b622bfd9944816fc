"""What a SPARQL query reaches beyond the graph it runs on, decided from its tokens and structure.

A query may name other data: ``SERVICE`` calls a remote endpoint, ``FROM`` / ``FROM NAMED`` pick
the graphs it reads, and an update (``LOAD``, ``INSERT`` ...) changes the store or fetches a
document. :func:`inspect_query` finds each use, and :func:`check_query` applies a policy to them
in one call: the CLI's (refuse updates and dataset clauses, and SERVICE unless allowed), or a
server's (dataset clauses may name graphs the store holds).

How the decision is made, and why not with rdflib's parser. Two designs were weighed:

(a) rdflib's SPARQL parser and algebra (``parseQuery`` / ``translateQuery``), imported lazily,
    the verdict cached per query text. Its import alone takes about 0.5 s (five times a cold
    ``spacekg query``), pyparsing needs seconds for a large query and overflows Python's stack on
    deep nesting, in the process that has no limits, and a cache of verdicts needs a writable
    place. Above all, it is a different parser from the one that runs the query: pyoxigraph
    accepts SPARQL 1.2 syntax that rdflib refuses, and where the two read a text differently a
    verdict about rdflib's reading says nothing about what pyoxigraph does.
(b) A tokenizer that follows the SPARQL grammar's terminal productions exactly (IRIREF, PNAME_NS
    and PNAME_LN with PN_LOCAL_ESC and PLX, the four string forms with their escapes, comments,
    variables, blank nodes, numbers, language tags, keywords in any case), with the little
    structure needed where the grammar's reading depends on context. It costs well under a
    millisecond for a stored query, imports nothing, and runs before the query does.

This module is (b). Every SPARQL keyword is a reserved bare word: a prefixed name contains a
colon, a variable starts with ``?`` or ``$``, and strings, IRIs and comments are single tokens.
So SERVICE, FROM or LOAD is used exactly where a bare-word token says so, and
``skg:from``, ``d:service-module``, ``"SERVICE"``, ``?from`` and ``# FROM`` are not uses. Two
readings of pyoxigraph (the engine that runs the query) and of rdflib differ from the plain
grammar, and the tokenizer follows them because they are the ones that execute:

* Keywords are matched without a word boundary: ``SERVICE:x { ... }`` is SERVICE with the IRI
  ``:x``, and ``SERVICESILENT<...>`` is ``SERVICE SILENT <...>``. A bare word that begins with
  SERVICE or FROM is that keyword, and so is a prefixed name whose prefix begins with SERVICE and
  that is followed by ``{`` (unless GRAPH or SERVICE precedes it), or whose prefix begins with
  FROM between a query form and its WHERE clause. This can refuse a prefix such as ``services:``
  used as an object right before a group, or ``fromage:`` as a DESCRIBE target; both are rare,
  and a different prefix name avoids them.
* Inside an expression, ``<`` after an operand is the less-than operator even where the grammar
  would read an IRI (``FILTER(?a<?b)SERVICE?x#>``), so the tokenizer tracks which brackets hold
  expressions.

Escapes are read where the engine reads them: ``\\u`` and ``\\U`` inside strings and IRIs, never
as a pass over the whole text, so ``\\u0053ERVICE`` is not a keyword (it is a syntax error).
The tests hold this module to rdflib's algebra over the W3C SPARQL 1.1 syntax suite and over
generated queries that splice these tokens together.

The CLI's query worker is also denied internet sockets on Linux unless SERVICE is allowed
(:func:`spacekg.store.limits.deny_network`), so a use of SERVICE this reading missed would fail
rather than connect.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Mapping
from typing import NamedTuple

from ..errors import LimitError, QueryError
from ..namespaces import PREFIXES
from ..sources.files import line_and_column

MAX_QUERY_BYTES = 64 * 1024

# --- The SPARQL grammar's terminals (SPARQL 1.1 §19.8, with pyoxigraph's SPARQL 1.2 additions) ---

# The name classes let every non-ASCII character through, and _check_name then holds each name
# that has one to the grammar's exact Unicode ranges: Python takes about 0.1 s to compile those
# ranges, and a negated ASCII class costs nothing. Outside strings, IRIs and comments a non-ASCII
# character can only be part of a name, so the lax classes never merge what the grammar splits.
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DIGIT_CHARS = "0123456789"


def _lax(allowed: str) -> str:
    """A regex class of the ASCII characters in ``allowed`` and of every non-ASCII character,
    written as ranges of the ASCII characters it leaves out (one escape per character would
    cost every command a few milliseconds to compile)."""
    left_out = [c for c in range(128) if chr(c) not in allowed]
    runs: list[list[int]] = []
    for c in left_out:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "[^" + "".join(f"\\x{a:02x}" if a == b else f"\\x{a:02x}-\\x{b:02x}" for a, b in runs) + "]"


_BASE = _lax(_LETTERS)  # PN_CHARS_BASE
_U_DIGIT = _lax(_LETTERS + "_" + _DIGIT_CHARS)  # PN_CHARS_U or a digit
_PN = _lax(_LETTERS + "_-" + _DIGIT_CHARS)  # PN_CHARS
_PN_DOT = _lax(_LETTERS + "_-." + _DIGIT_CHARS)
_PN_COLON = _lax(_LETTERS + "_-:" + _DIGIT_CHARS)
_PN_DOT_COLON = _lax(_LETTERS + "_-.:" + _DIGIT_CHARS)
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"{_BASE}(?:{_PN_DOT}*{_PN})?"
_PN_LOCAL = f"(?:{_lax(_LETTERS + '_:' + _DIGIT_CHARS)}|{_PLX})(?:(?:{_PN_DOT_COLON}|{_PLX})*(?:{_PN_COLON}|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"""\\[tbnrf\\"']"""

_TERMINALS = {
    "IRI": re.compile(f"<(?:[^<>\"{{}}|^`\\\\\\x00-\\x20]|{_UCHAR})*>"),
    "PNAME": re.compile(f"(?P<prefix>{_PN_PREFIX})?:(?P<local>{_PN_LOCAL})?"),
    "BNODE": re.compile(f"_:{_U_DIGIT}(?:{_PN_DOT}*{_PN})?"),
    "VAR": re.compile(f"[?$]{_U_DIGIT}+"),
    "STRING": re.compile(
        f'"""(?:(?:"|"")?(?:[^"\\\\]|{_ECHAR}|{_UCHAR}))*"""'
        f"|'''(?:(?:'|'')?(?:[^'\\\\]|{_ECHAR}|{_UCHAR}))*'''"
        f'|"(?:[^"\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*"'
        f"|'(?:[^'\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*'"
    ),
    "LANGTAG": re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?"),
    "NUMBER": re.compile(
        r"[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+"
    ),
    "WORD": re.compile(r"[A-Za-z][A-Za-z0-9_]*"),
    "PUNCT": re.compile(r"\^\^|&&|\|\||!=|<=|>=|<<|>>|\{\||\|\}|[{}()\[\].,;*/|^+\-!=<>~?]"),
}
_NAME_RUN = re.compile(f"{_PN_DOT}*")
_DIGITS = frozenset(_DIGIT_CHARS)
# PN_CHARS_BASE beyond ASCII, and what PN_CHARS adds beyond ASCII, as (first, last) code points.
_BASE_RANGES = (
    (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF), (0x370, 0x37D), (0x37F, 0x1FFF), (0x200C, 0x200D),
    (0x2070, 0x218F), (0x2C00, 0x2FEF), (0x3001, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFFD), (0x10000, 0xEFFFF),
)
_INNER_RANGES = ((0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040))
_SPACE = re.compile(r"(?:[ \t\r\n]|#[^\r\n]*)*")
_ESCAPE = re.compile(f"{_UCHAR}|{_ECHAR}")
_BAD_ESCAPE = re.compile(r"\\(?![tbnrf\\\"']|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}).?")
_LOCAL_ESCAPE = re.compile(r"\\(.)")

# Bare words after which "(" opens an argument list rather than an expression.
_NOT_FUNCTIONS = frozenset({"VALUES", "A"})
_QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_KEYWORDS = frozenset(
    {"LOAD", "INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)
_ENDS_OPERAND = frozenset({"VAR", "IRI", "PNAME", "STRING", "NUMBER", "LANGTAG", "BNODE"})


# Records here are NamedTuples, not frozen dataclasses: a dataclass makes its methods with exec
# as the module is imported, near a millisecond each, and a cold query imports this module.
class Token(NamedTuple):
    """One terminal of a query: its kind (IRI, PNAME, BNODE, VAR, STRING, LANGTAG, NUMBER, WORD or
    PUNCT), its text as written, and the offset where it starts."""

    kind: str
    text: str
    start: int

    def word(self) -> str | None:
        """The keyword in upper case, for a bare word."""
        return self.text.upper() if self.kind == "WORD" else None


class Use(NamedTuple):
    """One use of a feature that reaches beyond the graph: what (``SERVICE``, ``FROM``,
    ``FROM NAMED`` or an update keyword), its target IRI (or ``?var``; empty when it has none),
    and the line it is on."""

    feature: str
    target: str
    line: int


class QueryFeatures(NamedTuple):
    """Everything in a query that reaches beyond the graph it runs on, in text order."""

    uses: tuple[Use, ...]

    @property
    def services(self) -> tuple[Use, ...]:
        return tuple(u for u in self.uses if u.feature == "SERVICE")

    @property
    def dataset(self) -> tuple[Use, ...]:
        """The FROM and FROM NAMED clauses."""
        return tuple(u for u in self.uses if u.feature in ("FROM", "FROM NAMED"))

    @property
    def updates(self) -> tuple[Use, ...]:
        """Update operations (LOAD, INSERT, CLEAR ...): the text is an update, not a query."""
        return tuple(u for u in self.uses if u.feature in UPDATE_KEYWORDS)

    @property
    def from_graphs(self) -> tuple[str, ...]:
        return tuple(u.target for u in self.uses if u.feature == "FROM")

    @property
    def from_named(self) -> tuple[str, ...]:
        return tuple(u.target for u in self.uses if u.feature == "FROM NAMED")


def check_query(
    text: str, *, allow_service: bool = False, graphs: Collection[str] | None = None,
    prefixes: Mapping[str, str] = PREFIXES, max_bytes: int | None = MAX_QUERY_BYTES,
) -> QueryFeatures:
    """Apply the query policy to ``text`` and return what it uses.

    The CLI's policy is the default: updates are refused, so are FROM and FROM NAMED, and SERVICE
    unless ``allow_service``. With ``graphs`` (the names of the graphs a store holds), FROM and
    FROM NAMED may select those graphs and no others. ``max_bytes`` caps the text's size (None:
    no cap, for a text derived from one already checked).

    Raises:
        QueryError: the text is not UTF-8, cannot be tokenized (with line and column), or uses a
            refused feature (the message names it and its line).
        LimitError: the text is over ``max_bytes`` bytes.
    """
    features = inspect_query(text, prefixes=prefixes, max_bytes=max_bytes)
    for use in features.updates:
        raise QueryError(
            f"line {use.line}: {use.feature} is not allowed: this runs queries only, never updates"
        )
    for use in features.dataset:
        if graphs is None:
            raise QueryError(f"line {use.line}: {use.feature} is not allowed: queries read only the knowledge graph")
        if use.target not in graphs:
            raise QueryError(f"line {use.line}: {use.feature} <{use.target}> names no graph of this store")
    if not allow_service:
        # A server's policy (``graphs``) has no switch for it; the command line has one, and the
        # Python API, which shares this policy, none.
        permit = ("this endpoint never reaches other services" if graphs is not None
                  else "only the command line reaches other services, with --allow-service")
        for use in features.services:
            raise QueryError(f"line {use.line}: SERVICE is not allowed: queries read only the knowledge graph "
                             f"({permit})")
    return features


def inspect_query(
    text: str, *, prefixes: Mapping[str, str] = PREFIXES, max_bytes: int | None = MAX_QUERY_BYTES
) -> QueryFeatures:
    """Find every SERVICE, FROM, FROM NAMED and update keyword in ``text``.

    ``prefixes`` are the prefixes declared outside the text (spacekg predeclares its own); they
    resolve the IRIs of prefixed names, as do the text's PREFIX and BASE declarations.

    Raises:
        QueryError: the text is not UTF-8 or cannot be tokenized.
        LimitError: the text is over ``max_bytes`` bytes.
    """
    check_size(text, max_bytes)
    tokens = tokenize(text)
    lines = _Lines(text)
    scope = _Scope(dict(prefixes))
    uses: list[Use] = []
    zone = _DatasetZone()

    def at(i: int) -> Token | None:
        return tokens[i] if 0 <= i < len(tokens) else None

    for i, token in enumerate(tokens):
        scope.declare(tokens, i)
        zone.step(token, at(i + 1))
        word = token.word()
        line = lines.line(token.start)
        if word is not None and word.startswith("SERVICE"):
            rest = word[len("SERVICE"):]
            silent = rest == "" and (after := at(i + 1)) is not None and after.word() == "SILENT"
            target = at(i + 2) if silent else (at(i + 1) if rest in ("", "SILENT") else None)
            uses.append(Use("SERVICE", scope.target(target), line))
        elif word is not None and word.startswith("FROM"):
            rest = word[len("FROM"):]
            named = rest == "" and (after := at(i + 1)) is not None and after.word() == "NAMED"
            if named:
                target = at(i + 2)
            else:
                named = rest.startswith("NAMED")
                target = at(i + 1) if rest in ("", "NAMED") else None
            uses.append(Use("FROM NAMED" if named else "FROM", scope.target(target), line))
        elif word in UPDATE_KEYWORDS:
            uses.append(Use(word, "", line))
        elif token.kind == "PNAME":
            prefix = token.text.split(":", 1)[0].upper()
            after, before = at(i + 1), at(i - 1)
            if (prefix.startswith("SERVICE") and after is not None and after.text == "{"
                    and (before is None or before.word() not in ("GRAPH", "SERVICE", "SILENT"))):
                # The engine reads SERVICE off the front of the name, and the rest as the endpoint.
                uses.append(Use("SERVICE", "", line))
            elif prefix.startswith("FROM") and zone.is_open:
                uses.append(Use("FROM NAMED" if prefix.startswith("FROMNAMED") else "FROM", "", line))
    return QueryFeatures(tuple(uses))


def where_group(text: str) -> int | None:
    """The offset just after the ``{`` that opens the query's WHERE group (the keyword WHERE is
    optional), or None when the query has none (``DESCRIBE <x>``).

    Raises:
        QueryError: the text cannot be tokenized.
    """
    tokens = tokenize(text)
    zone = _DatasetZone()
    for i, token in enumerate(tokens):
        was_open = zone.is_open or zone.after_where
        if was_open and zone.depth == 0 and token.word() == "VALUES":
            return None  # the trailing VALUES of a DESCRIBE without a WHERE clause; its "{" holds data
        zone.step(token, tokens[i + 1] if i + 1 < len(tokens) else None)
        if token.text == "{" and was_open and not zone.is_open and zone.depth == 1:
            return token.start + 1
    return None


class SelectScope(NamedTuple):
    """The query itself, or one of its sub-selects, as a parameter sees it: where a ``VALUES``
    block can go, and where the scope names or assigns variables.

    ``open`` is the offset just after the ``{`` that opens its WHERE group and ``close`` that of
    the matching ``}`` (None for a query without one); ``wraps`` says the group is a sub-select and
    nothing else, ``{ SELECT … }``, where nothing may stand beside the SELECT. ``names`` are the
    variables named in it from its SELECT to its end, nested sub-selects included; ``assigned``
    each variable it binds itself at its own level (``BIND (… AS ?v)`` in its WHERE group, ``(… AS
    ?v)`` in its projection or GROUP BY), with the offset of the first. ``expressions`` are the
    variables in the expressions of its projection and solution modifiers (``HAVING (COUNT(?x) >
    ?min)``), as (offset, text): after GROUP BY they no longer see the WHERE group's bindings.
    For the query itself, ``short`` is the offset of WHERE in ``CONSTRUCT WHERE { … }``, and
    ``head_end`` the end of a query without a WHERE group (``DESCRIBE ?x``).
    """

    open: int | None
    close: int | None
    wraps: bool
    names: frozenset[str]
    assigned: dict[str, int]
    expressions: tuple[tuple[int, str], ...]
    short: int | None = None
    head_end: int | None = None


def select_scopes(text: str) -> list[SelectScope]:
    """The query's own scope first, then each sub-select's, in text order (see :class:`SelectScope`).

    Raises:
        QueryError: the text cannot be tokenized.
    """
    tokens = tokenize(text)
    where = where_group(text)

    class Open:  # a scope being read
        def __init__(self, depth: int, parens: int) -> None:
            self.depth, self.parens = depth, parens  # the brace and paren depth its SELECT stands at
            self.group: int | None = None  # the brace depth of its WHERE group, while that is open
            self.open: int | None = None
            self.close: int | None = None
            self.wraps = False
            self.names: set[str] = set()
            self.assigned: dict[str, int] = {}
            self.expressions: list[tuple[int, str]] = []

    top = Open(0, 0)
    done: list[Open] = [top]
    active: list[Open] = [top]
    depth = parens = 0
    for i, token in enumerate(tokens):
        scope = active[-1]
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.text == "{":
            depth += 1
            starts = token.start + 1 == where if scope is top else (
                scope.open is None and parens == scope.parens and depth == scope.depth + 1)
            if starts and scope.open is None:
                scope.open, scope.group = token.start + 1, depth
                scope.wraps = after is not None and after.word() == "SELECT"
        elif token.text == "}":
            while len(active) > 1 and depth == active[-1].depth:
                active.pop()  # the brace around a sub-select ends it
            if depth == active[-1].group:
                active[-1].close, active[-1].group = token.start, None
            depth -= 1
        elif token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.word() == "SELECT" and depth > 0:
            active.append(Open(depth, parens))
            done.append(active[-1])
        elif token.kind == "VAR":
            name = token.text[1:]
            for each in active:
                each.names.add(name)
            own = depth == (scope.group if scope.group is not None else scope.depth)
            before = tokens[i - 2 : i]
            if own and i > 0 and tokens[i - 1].word() == "AS":
                scope.assigned.setdefault(name, token.start)
            elif (own and scope.group is None and parens > scope.parens
                  and not (len(before) == 2 and before[0].word() == "BOUND")):
                # BOUND takes a variable only; a constant there would not parse.
                scope.expressions.append((token.start, token.text))
    short = head_end = None
    first = next((t for t in tokens if t.word() in _QUERY_FORMS), None)
    following = tokens[tokens.index(first) + 1 : tokens.index(first) + 2] if first is not None else []
    if first is not None and first.word() == "CONSTRUCT" and following and following[0].word() == "WHERE":
        short = following[0].start
    if where is None and first is not None and first.word() == "DESCRIBE":
        head_end = tokens[-1].start + len(tokens[-1].text)
        for token in tokens:
            if token.word() in _SOLUTION_MODIFIERS:
                head_end = token.start
                break
    return [SelectScope(s.open, s.close, s.wraps, frozenset(s.names), s.assigned, tuple(s.expressions),
                        short if s is top else None, head_end if s is top else None) for s in done]


# What may follow a query's WHERE group (or, in a DESCRIBE without one, its targets).
_SOLUTION_MODIFIERS = frozenset({"GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"})


def redirect_service(text: str, endpoint: str, replacement: str) -> str:
    """``text`` with every ``SERVICE <endpoint>`` sent to ``replacement`` instead; nothing else
    changes (an IRI elsewhere, in a string or in a comment stays as written).

    Raises:
        QueryError: the text cannot be tokenized, or ``replacement`` is not an http(s) IRI.
    """
    if not re.fullmatch(r"https?://[^<>\"{}|^`\\\x00-\x20]+", replacement):
        raise QueryError(f"{replacement!r} is not an http:// or https:// address")
    tokens = tokenize(text)
    out, done = [], 0
    for i, token in enumerate(tokens):
        if token.word() != "SERVICE":
            continue
        target = tokens[i + 2] if i + 2 < len(tokens) and tokens[i + 1].word() == "SILENT" else (
            tokens[i + 1] if i + 1 < len(tokens) else None)
        if target is not None and target.kind == "IRI" and _unescape(target.text[1:-1]) == endpoint:
            out += [text[done : target.start], f"<{replacement}>"]
            done = target.start + len(target.text)
    return "".join(out) + text[done:]


def undeclared_prefix(text: str, prefixes: Mapping[str, str] = PREFIXES) -> tuple[str, int, int] | None:
    """The first prefix used in ``text`` but declared neither there nor in ``prefixes``, with its
    line and column, or None. A text that cannot be tokenized has none, and so has a name right
    after a "<": that is an IRI cut by a character IRIs cannot hold (``<http://a b>``)."""
    try:
        tokens = tokenize(text)
    except QueryError:
        return None
    declared = set(prefixes)
    for i, token in enumerate(tokens):
        if token.kind != "PNAME":
            continue
        prefix = token.text.split(":", 1)[0]
        if i > 0 and tokens[i - 1].word() == "PREFIX":
            declared.add(prefix)
        elif prefix not in declared and not (i > 0 and tokens[i - 1].text == "<"
                                             and tokens[i - 1].start + 1 == token.start):
            return (prefix, *position(text, token.start))
    return None


_CLOSES = {"}": "{", ")": "(", "]": "[", "|}": "{|"}


def unbalanced_bracket(text: str) -> tuple[int, int, str] | None:
    """The first bracket of ``text`` that closes nothing, closes a bracket of another kind, or is
    never closed: its line, column and what is wrong, or None. The engine's parser reports the
    furthest point it tried, which for a stray bracket can be lines later."""
    try:
        tokens = tokenize(text)
    except QueryError:
        return None
    opened: list[Token] = []
    for token in tokens:
        if token.kind != "PUNCT":
            continue
        if token.text in ("{", "(", "[", "{|"):
            opened.append(token)
        elif (wanted := _CLOSES.get(token.text)) is not None:
            if not opened:
                return (*position(text, token.start), f"'{token.text}' closes no open bracket")
            if opened[-1].text != wanted:
                line, column = position(text, opened[-1].start)
                return (*position(text, token.start),
                        f"'{token.text}' cannot close the '{opened[-1].text}' opened at line {line}, column {column}")
            opened.pop()
    if opened:
        return (*position(text, opened[-1].start), f"'{opened[-1].text}' is never closed")
    return None


# White space and comments only: a "#" that begins a comment, as any "#" outside an IRI or a
# string does, and a query with no other token has neither.
# Possessive: a long run of blanks before a query's first token must not be tried every way.
_BLANK = re.compile(r"(?:\s|#[^\n\r]*+)*+")


def blank(text: str) -> bool:
    """Whether ``text`` holds no query at all: nothing but white space and comments."""
    return _BLANK.fullmatch(text) is not None


def check_size(text: str, max_bytes: int | None = MAX_QUERY_BYTES) -> None:
    """Refuse a query that is not UTF-8 or is over ``max_bytes`` bytes (None: no cap).

    Raises:
        QueryError: the text holds bytes that are not UTF-8 (decoded with ``surrogateescape``).
        LimitError: the text is too long.
    """
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        line, column = position(text, exc.start)
        shown = f"byte 0x{ord(bad) - 0xDC00:02x}" if 0xDC80 <= ord(bad) <= 0xDCFF else f"U+{ord(bad):04X}"
        raise QueryError(f"line {line}, column {column}: the query is not UTF-8 ({shown})") from None
    if max_bytes is not None and size > max_bytes:
        raise LimitError(f"query is {size} bytes, over the {max_bytes}-byte limit")


def tokenize(text: str) -> list[Token]:
    """Split a query into the SPARQL grammar's terminals, skipping white space and comments.

    Raises:
        QueryError: a character starts no terminal (with line and column), e.g. an unterminated
            string.
    """
    tokens: list[Token] = []
    # Each open bracket: "{" a group, "(" an expression, "[" or ")" a list (collection,
    # path group, VALUES row, blank node), so that "<" after an operand reads as the engine does.
    brackets: list[str] = []
    pending_values = False
    mode = ["prologue"]  # per group level: prologue, select, head, modifier, pattern
    # A run of name characters with no colon after it is no prefixed name from any of its
    # positions; remembering where it ends keeps "a.a.a.a..." linear.
    no_pname_before = 0
    pos = _SPACE.match(text, 0).end()  # type: ignore[union-attr]  # matches the empty string too
    while pos < len(text):
        previous = tokens[-1] if tokens else None
        in_expression = bool(brackets) and brackets[-1] == "("
        tried_pname = pos >= no_pname_before
        kind, match = _next_terminal(text, pos, operator=in_expression and _ends_operand(previous),
                                     pname=tried_pname)
        if kind == "WORD" and tried_pname:
            no_pname_before = _NAME_RUN.match(text, pos).end()  # type: ignore[union-attr]  # matches the empty string too
        if match is None:
            line, column = position(text, pos)
            what = "unterminated string" if text[pos] in "\"'" else f"unexpected character {text[pos]!r}"
            if text[pos] in "\"'" and (bad := _BAD_ESCAPE.search(text, pos)) is not None:
                # The string is cut by an escape it cannot hold, not left open.
                end = text.find(text[pos], bad.end())
                if end >= 0 and "\n" not in text[pos:end]:
                    line, column = position(text, bad.start())
                    what = f"{bad.group()} is no escape a string can hold (\\t \\n \\r \\b \\f \\\" \\' \\\\ \\uXXXX)"
            raise QueryError(f"line {line}, column {column}: {what}")
        token = Token(kind, match.group(0), pos)
        if kind in ("PNAME", "BNODE", "VAR") and not token.text.isascii():
            _check_name(text, token)
        tokens.append(token)
        word = token.word()
        if word is not None:
            if word == "SELECT":
                mode[-1] = "select"
            elif word in ("CONSTRUCT", "DESCRIBE", "ASK", "WHERE"):
                mode[-1] = "head"
            elif word in ("GROUP", "ORDER", "HAVING"):
                mode[-1] = "modifier"
            elif word == "VALUES":
                pending_values = True
        elif token.text in ("{", "{|"):
            brackets.append("{")
            mode.append("values" if pending_values else "pattern")
            pending_values = False
        elif token.text in ("}", "|}"):
            if brackets and brackets[-1] == "{":
                brackets.pop()
                mode.pop()
        elif token.text == "(":
            at_group_level = not brackets or brackets[-1] == "{"
            expression = in_expression or (at_group_level and _opens_expression(mode[-1], tokens, pending_values))
            brackets.append("(" if expression else "[")
        elif token.text == "[":
            brackets.append("[")
        elif token.text in (")", "]"):
            if brackets and brackets[-1] in "([":
                brackets.pop()
        pos = _SPACE.match(text, match.end()).end()  # type: ignore[union-attr]  # matches the empty string too
    return tokens


def _next_terminal(text: str, pos: int, *, operator: bool, pname: bool) -> tuple[str, re.Match[str] | None]:
    char = text[pos]
    if char == "<" and operator:
        return "PUNCT", _TERMINALS["PUNCT"].match(text, pos)
    order: tuple[str, ...]
    if char == "<":
        order = ("IRI", "PUNCT")
    elif char in "\"'":
        order = ("STRING",)
    elif char in "?$":
        order = ("VAR", "PUNCT")
    elif char == "_":
        order = ("BNODE",)
    elif char == "@":
        order = ("LANGTAG",)
    elif char in _DIGITS or (char == "." and text[pos + 1 : pos + 2] in _DIGITS):
        order = ("NUMBER",)
    elif char == ":" or char.isalpha() or ord(char) > 127:
        order = ("PNAME", "WORD") if pname else ("WORD",)
    else:
        order = ("PUNCT",)
    for kind in order:
        match = _TERMINALS[kind].match(text, pos)
        if match is not None:
            return kind, match
    return "", None


def _check_name(text: str, token: Token) -> None:
    """Hold a name's non-ASCII characters to the grammar: PN_CHARS_BASE where a name (prefix,
    local part, variable or blank node label) starts, PN_CHARS inside it.

    Raises:
        QueryError: naming the character's line and column.
    """
    parts = token.text[1:] if token.kind == "VAR" else token.text[2:] if token.kind == "BNODE" else token.text
    offset = len(token.text) - len(parts)
    starts = {0}
    if token.kind == "PNAME":
        starts.add(parts.index(":") + 1)
    for i, char in enumerate(parts):
        code = ord(char)
        if code < 0x80:
            continue
        allowed = _BASE_RANGES if i in starts else _BASE_RANGES + _INNER_RANGES
        if not any(first <= code <= last for first, last in allowed):
            line, column = position(text, token.start + offset + i)
            raise QueryError(f"line {line}, column {column}: character U+{code:04X} is not allowed in a name")


def _ends_operand(token: Token | None) -> bool:
    if token is None:
        return False
    if token.kind in _ENDS_OPERAND:
        return True
    return token.text in (")", "]", ">>") or token.word() in ("TRUE", "FALSE")


def _opens_expression(mode: str, tokens: list[Token], pending_values: bool) -> bool:
    """Whether the "(" just read, at group level, opens an expression (or a function's arguments)."""
    if pending_values:
        return False
    if mode in ("select", "modifier"):
        return True
    if mode != "pattern" or len(tokens) < 2:
        return False
    before = tokens[-2]
    word = before.word()
    if word is not None:
        return word not in _NOT_FUNCTIONS
    # FILTER <fn>(...) and FILTER prefix:fn(...) are function calls.
    return before.kind in ("IRI", "PNAME") and len(tokens) >= 3 and tokens[-3].word() == "FILTER"


class _DatasetZone:
    """Follows the query form: dataset clauses stand after it and before its WHERE group."""

    def __init__(self) -> None:
        self.depth = 0
        self.is_open = False  # between a query form (and CONSTRUCT's template) and the WHERE group
        self.after_where = False  # the keyword WHERE was read; its "{" comes next
        self.template_next = False

    def step(self, token: Token, after: Token | None) -> None:
        word = token.word()
        if token.text == "{":
            if self.depth == 0:
                if self.template_next:
                    self.template_next = False  # CONSTRUCT's template; dataset clauses may follow it
                else:
                    self.is_open = self.after_where = False
            self.depth += 1
        elif token.text == "}":
            self.depth -= 1
        elif self.depth == 0 and word in _QUERY_FORMS:
            self.is_open = True
            self.template_next = word == "CONSTRUCT" and after is not None and after.text == "{"
        elif self.depth == 0 and word == "WHERE":
            self.is_open, self.after_where = False, True


class _Scope:
    """The PREFIX and BASE declarations seen so far, to resolve the IRIs the features name."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self.base: str | None = None

    def declare(self, tokens: list[Token], i: int) -> None:
        word = tokens[i].word()
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1].kind == "PNAME" and tokens[i + 2].kind == "IRI":
            self.prefixes[tokens[i + 1].text[:-1]] = self.resolve(_unescape(tokens[i + 2].text[1:-1]))
        elif word == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "IRI":
            self.base = self.resolve(_unescape(tokens[i + 1].text[1:-1]))

    def resolve(self, iri: str) -> str:
        return iri if self.base is None else resolve_iri(self.base, iri)

    def target(self, token: Token | None) -> str:
        """The IRI or variable a SERVICE or FROM names, or "" when it names nothing readable."""
        if token is None:
            return ""
        if token.kind == "IRI":
            return self.resolve(_unescape(token.text[1:-1]))
        if token.kind == "VAR":
            return "?" + token.text[1:]
        if token.kind == "PNAME":
            prefix, _, local = token.text.partition(":")
            namespace = self.prefixes.get(prefix)
            return "" if namespace is None else namespace + _LOCAL_ESCAPE.sub(r"\1", local)
        return ""


def _unescape(text: str) -> str:
    """Replace the ``\\u``/``\\U`` and character escapes of a string or IRI body."""
    simple = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", "\\": "\\", '"': '"', "'": "'"}
    return _ESCAPE.sub(lambda m: chr(int(m.group(0)[2:], 16)) if m.group(0)[1] in "uU" else simple[m.group(0)[1]],
                       text)


def string_value(token: Token) -> str:
    """The value of a STRING token, quotes removed and escapes replaced."""
    quote = 3 if token.text[:3] in ('"""', "'''") else 1
    return _unescape(token.text[quote:-quote])


class _Lines:
    """Line numbers of offsets, without rescanning the text for each one; lines end as
    :func:`position` counts them."""

    def __init__(self, text: str) -> None:
        self.starts = [m.end() for m in re.finditer(r"\r\n?|\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset) + 1


def position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (both from 1, columns in characters) of ``offset`` in ``text``; a line ends
    at LF, CR or CR LF, as the SPARQL grammar ends a comment."""
    return line_and_column(text, offset)


_IRI_PARTS = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.DOTALL)


def resolve_iri(base: str, reference: str) -> str:
    """Resolve ``reference`` against ``base`` as RFC 3986 §5.2 says.

    Example:
        >>> resolve_iri("http://a/b/c/d;p?q", "../g")
        'http://a/b/g'
        >>> resolve_iri("http://a/b/c/d;p?q", "//g")
        'http://g'
    """
    scheme, authority, path, query, fragment = _IRI_PARTS.match(reference).groups()  # type: ignore[union-attr]  # matches every string
    b_scheme, b_authority, b_path, b_query, _ = _IRI_PARTS.match(base).groups()  # type: ignore[union-attr]  # matches every string
    if scheme is not None:
        path = _remove_dots(path)
    elif authority is not None:
        scheme, path = b_scheme, _remove_dots(path)
    else:
        scheme, authority = b_scheme, b_authority
        if path == "":
            path = b_path
            query = query if query is not None else b_query
        elif path.startswith("/"):
            path = _remove_dots(path)
        else:
            if b_authority is not None and b_path == "":
                merged = "/" + path
            else:
                merged = b_path[: b_path.rfind("/") + 1] + path
            path = _remove_dots(merged)
    out = f"{scheme}:" if scheme is not None else ""
    out += f"//{authority}" if authority is not None else ""
    out += path
    out += f"?{query}" if query is not None else ""
    return out + (f"#{fragment}" if fragment is not None else "")


def _remove_dots(path: str) -> str:
    output: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../"):
            path = path[3:]
            if output:
                output.pop()
        elif path == "/..":
            path = "/"
            if output:
                output.pop()
        elif path in (".", ".."):
            path = ""
        else:
            cut = path.find("/", 1)
            segment, path = (path, "") if cut == -1 else (path[:cut], path[cut:])
            output.append(segment)
    return "".join(output)
