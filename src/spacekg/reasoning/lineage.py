"""What a derivation rule's conclusions rest on, found from the rule's own query.

A rule is a SPARQL CONSTRUCT. It is run as ``SELECT *`` over its WHERE clause, and each solution
instantiates the template: those are the conclusions. Their premises are the rule's triple
patterns instantiated by the same solution (each found in the graph it was matched in): in the
rule's own group, including OPTIONAL, UNION and GRAPH parts, and, through every sub-SELECT the
solution joined, the patterns of every row of that sub-SELECT that produced the joined row. A
sub-SELECT with GROUP BY thus contributes the rows of its whole group: an aggregate depends on all
of them. Negated parts (NOT EXISTS, MINUS) contribute nothing: an absence has no triple to cite.
Property paths contribute the triples of one path that links their ends. Nothing here is specific
to a rule: a new or changed rule file is justified the same way.

The rule text is split into its groups by matching braces; :mod:`spacekg.reasoning.patterns`
reads each group's triple patterns, and pyoxigraph evaluates every group.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import PREFIXES
from ..rdf import Subject, Term, Terms, select, spo
from ..store.engine import inject_bindings
from .patterns import Blank, Path, Pattern, Slot, group_patterns, template_triples

# A solution: the value of each variable of the query's SELECT * by name, None when unbound. A
# dictionary, read many times per solution, costs far less per read than pyoxigraph's QuerySolution.
Binding = dict[str, Term | None]
# Strings, IRIs and comments, blanked before braces and keywords are looked for (offsets kept).
_LITERALS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_ALIAS = re.compile(r"\(\s*[?$](\w+)\s+AS\s+[?$](\w+)\s*\)", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$](\w+)")


@dataclass
class Scope:
    """A group evaluated on its own (the rule's WHERE clause, or a sub-SELECT's): its text as
    ``SELECT * WHERE {…}``, its triple patterns, and the sub-SELECTs it joins with the variables
    they project (outer name -> inner name; ``None`` for every variable, with ``SELECT *``)."""

    text: str
    patterns: list[Pattern]
    children: list[tuple[Scope, dict[str, str] | None]] = field(default_factory=list)


@dataclass(frozen=True)
class RulePlan:
    """A rule's template, the scope of its WHERE clause, and every triple pattern that clause reads
    (``reads``: its negated parts' too, which premises leave out). ``joined`` lists, for each group
    of the scopes (not of the negated parts), the patterns that group itself joins."""

    template: list[Pattern]
    scope: Scope
    reads: list[Pattern]
    joined: list[list[Pattern]] = field(default_factory=list)


@cache
def plan(text: str) -> RulePlan:
    """Split a CONSTRUCT rule into its template and its scopes (once per text: the plan is only read).

    Raises:
        QueryError: the text is not a CONSTRUCT query spacekg can read.
    """
    code = _LITERALS.sub(lambda m: " " * len(m.group(0)), text)
    found = re.search(r"\bCONSTRUCT\b", code, re.IGNORECASE)
    if found is None:
        raise QueryError("a rule must be a CONSTRUCT query")
    at = _skip(code, found.end())
    if code[at:at + 5].upper() == "WHERE":
        body_start = _skip(code, at + 5)
        template_start = body_start
    else:
        template_start = at
        if code[at:at + 1] != "{":
            raise QueryError("a rule's CONSTRUCT needs a template in braces")
        after = _skip(code, _close(code, at) + 1)
        if code[after:after + 5].upper() == "WHERE":
            after = _skip(code, after + 5)
        body_start = after
    if code[body_start:body_start + 1] != "{":
        raise QueryError("a rule needs a WHERE clause in braces")
    declared = _declared(text, code, found.start())
    prefixes = {**PREFIXES, **declared}
    template = template_triples(text[template_start:_close(code, template_start) + 1], prefixes)
    # Each scope runs as a query of its own: the rule's own prefixes go with it.
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in declared.items())
    joined: list[list[Pattern]] = []
    scope = _scope(text, code, body_start, prefixes, prologue, joined)
    return RulePlan(template, scope, [*_scope_patterns(scope), *_negated_patterns(text, code, body_start, prefixes)],
                    joined)


_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_IRI = re.compile(r"\s*<([^<>\s]*)>")


def _declared(text: str, code: str, end: int) -> dict[str, str]:
    """The prefixes the rule's prologue (before ``end``) declares. ``code`` locates them (comments
    and literals blanked); the IRIs, blanked there too, are read from ``text``."""
    found = {}
    for declaration in _PREFIX.finditer(code, 0, end):
        if (iri := _IRI.match(text, declaration.end())) is not None:
            found[declaration[1] or ""] = iri[1]
    return found


def _skip(code: str, at: int) -> int:
    while at < len(code) and code[at].isspace():
        at += 1
    return at


_BRACES = re.compile(r"[{}]")
_PARENTHESES = re.compile(r"[()]")


def _close(code: str, at: int) -> int:
    """The index of the brace closing the one at ``at``."""
    return _closing(_BRACES, code, at, "unbalanced braces in a rule")


def _closing(marks: re.Pattern[str], code: str, at: int, problem: str) -> int:
    depth = 0
    for mark in marks.finditer(code, at):
        depth += 1 if mark.group() in "{(" else -1
        if depth == 0:
            return mark.start()
    raise QueryError(problem)


def _scope(text: str, code: str, body_start: int, prefixes: dict[str, str], prologue: str,
           joined: list[list[Pattern]]) -> Scope:
    body_end = _close(code, body_start)
    body = text[body_start:body_end + 1]
    scope = Scope(f"{prologue}SELECT * WHERE {body}",
                  group_patterns(_only_patterns(text, code, body_start, body_end), prefixes, joined))
    at = body_start + 1
    while (found := _SUB_SELECT.search(code, at, body_end)) is not None:
        select = found.end() - 6
        inner = code.index("{", select)
        projection = code[select + 6:inner]
        child = _scope(text, code, inner, prefixes, prologue, joined)
        scope.children.append((child, _keys(projection)))
        at = _close(code, found.start()) + 1
    return scope


_SUB_SELECT = re.compile(r"\{\s*SELECT", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:EXISTS|MINUS)\s*\{", re.IGNORECASE)


def _scope_patterns(scope: Scope) -> list[Pattern]:
    return [*scope.patterns, *(p for child, _ in scope.children for p in _scope_patterns(child))]


def _negated_patterns(text: str, code: str, body_start: int, prefixes: dict[str, str]) -> list[Pattern]:
    """The triple patterns of every EXISTS, NOT EXISTS and MINUS group in the WHERE clause at
    ``body_start`` (in a FILTER's expression too), which premises leave out. Each is read as if in
    the default graph, whatever GRAPH encloses it: that reads at least what it reads."""
    return [pattern for found in _NEGATED.finditer(code, body_start, _close(code, body_start))
            for pattern in group_patterns(_only_patterns(text, code, found.end() - 1, _close(code, found.end() - 1)),
                                          prefixes)]


_NOT_NEWLINE = re.compile(r"[^\n]")
_NOT_PATTERNS = re.compile(r"\b(FILTER|BIND|VALUES|MINUS)\b|\{\s*SELECT\b", re.IGNORECASE)


def _only_patterns(text: str, code: str, start: int, end: int) -> str:
    """The group at ``start``..``end`` with what holds no positive triple pattern blanked: FILTER
    and BIND expressions, VALUES and MINUS blocks, and sub-SELECTs (scopes of their own)."""
    out = list(text[start:end + 1])

    def blank(a: int, b: int) -> None:
        out[a - start:b - start + 1] = _NOT_NEWLINE.sub(" ", text[a:b + 1])

    at = start + 1
    while (found := _NOT_PATTERNS.search(code, at, end)) is not None:
        word = (found.group(1) or "SELECT").upper()
        i = found.end()
        if word == "SELECT":  # keep an empty group where the sub-SELECT was
            close = _close(code, found.start())
            blank(found.start() + 1, close - 1)
            at = close + 1
            continue
        i = _skip(code, i)
        if word == "FILTER" and code[i:i + 3].upper() == "NOT":
            i = _skip(code, i + 3)
        if word == "FILTER" and code[i:i + 6].upper() == "EXISTS" or word == "MINUS":
            i = code.index("{", i)
            close = _close(code, i)
        elif word == "VALUES":
            i = code.index("{", i)
            close = _close(code, i)
        else:
            i = code.index("(", i)
            close = _close_paren(code, i)
        blank(found.start(), close)
        at = close + 1
    return "".join(out)


def _close_paren(code: str, at: int) -> int:
    return _closing(_PARENTHESES, code, at, "unbalanced parentheses in a rule")


def _keys(projection: str) -> dict[str, str] | None:
    """The projected variables a sub-SELECT is joined on: outer name -> inner name. Aggregates and
    computed values are not keys; plain variables and renamed variables are."""
    if projection.strip().upper().removeprefix("DISTINCT").removeprefix("REDUCED").strip() == "*":
        return None
    keys = {outer: inner for inner, outer in _ALIAS.findall(projection)}
    depth, plain = 0, []
    for char in projection:  # the variables outside every (expression AS ?name)
        depth += (char == "(") - (char == ")")
        plain.append(char if depth == 0 and char != ")" else " ")
    keys.update({name: name for name in _VARIABLE.findall("".join(plain))})
    return keys


# --- evaluation ---------------------------------------------------------------------------------


class Lineage:
    """Finds the premises of a rule's solutions in ``store``: its default graph unites the graphs
    ``default`` (a premise matched there is cited with each of them that holds it), and GRAPH
    patterns reach its named graphs."""

    def __init__(self, store: ox.Store, plan: RulePlan, default: Collection[ox.NamedNode],
                 bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> None:
        # frozenset() of a frozenset is that set: a caller that makes one Lineage per round passes
        # the same graphs every time without their being hashed again.
        self.store, self.plan, self.default = store, plan, frozenset(default)
        # The rule's parameters (the evaluation instant), bound in every scope as in the rule's run:
        # a sub-SELECT that filters on one would otherwise match no row, and cite no premise.
        self.bindings = bindings or {}
        self._rows: dict[int, dict[tuple, list[Binding]]] = {}
        self._memo: dict[tuple[int, tuple], list[ox.Quad]] = {}

    def premises(self, solution: Binding) -> list[ox.Quad]:
        """Every quad the rule read to reach ``solution``, sorted, without repeats."""
        found = dict.fromkeys(self._lineage(self.plan.scope, solution))
        return sorted(found, key=str)

    def _lineage(self, scope: Scope, row: Binding) -> Iterator[ox.Quad]:
        for pattern in scope.patterns:
            yield from self._instances(pattern, row)
        for child, keys in scope.children:
            names = sorted(keys) if keys is not None else sorted(_variables(child))
            key = tuple(row.get(n) for n in names)
            memo = (id(child), key)
            if memo not in self._memo:
                rows = self._child_rows(child, keys, names).get(key, [])
                self._memo[memo] = [q for r in rows for q in self._lineage(child, r)]
            yield from self._memo[memo]

    def _child_rows(self, child: Scope, keys: dict[str, str] | None, names: list[str]) -> dict[tuple, list[Binding]]:
        found = self._rows.get(id(child))
        if found is None:
            found = defaultdict(list)
            inner = [keys[n] if keys is not None else n for n in names]
            text = inject_bindings(child.text, self.bindings) if self.bindings else child.text
            for row in solutions(self.store, text):
                found[tuple(row.get(n) for n in inner)].append(row)
            self._rows[id(child)] = found
        return found

    def _instances(self, pattern: Pattern, row: Binding) -> Iterator[ox.Quad]:
        s, o = _bind(pattern.subject, row), _bind(pattern.object, row)
        if s is None or o is None or isinstance(s, ox.Literal):
            return
        graph: ox.NamedNode | None = None
        if pattern.graph is not None:
            named = _bind(pattern.graph, row)
            if not isinstance(named, ox.NamedNode):
                return
            graph = named
        p = _bind(pattern.predicate, row)
        if isinstance(p, ox.NamedNode):
            yield from self._quads(s, p, o, graph)
        elif isinstance(pattern.predicate, Path):
            path = _path_witness(self, pattern.predicate, s, o, graph)
            if path:
                yield from path

    def _quads(self, s: Subject, p: ox.NamedNode, o: Term, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
        if graph is not None:
            quad = ox.Quad(s, p, o, graph)
            if quad in self.store:
                yield quad
            return
        for quad in self.store.quads_for_pattern(s, p, o, None):
            if quad.graph_name in self.default:
                yield quad

    def step(self, s: Term, p: ox.NamedNode, graph: ox.NamedNode | None, inverse: bool) -> Iterator[ox.Quad]:
        """Quads leaving (or, with ``inverse``, reaching) ``s`` by ``p`` in the rule's view."""
        target = graph if graph is not None else ox.DefaultGraph()
        if inverse:
            found = self.store.quads_for_pattern(None, p, s, target)
        elif isinstance(s, ox.Literal):
            return  # no edge leaves a literal
        else:
            found = self.store.quads_for_pattern(s, p, None, target)
        for quad in found:
            subject, _, value = spo(quad)
            yield from self._quads(subject, p, value, graph)


def _variables(scope: Scope) -> set[str]:
    return {t for p in scope.patterns for t in (p.subject, p.predicate, p.object, p.graph) if isinstance(t, str)}


def _bind(slot: Slot, row: Binding) -> Term | None:
    """A pattern or template slot's term under ``row``: None for an unbound variable or a path."""
    if type(slot) is str:
        return row.get(slot)
    if isinstance(slot, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return slot
    return None


def solutions(store: ox.Store, text: str) -> Iterator[Binding]:
    """The solutions of a ``SELECT *`` over ``store``, whose default graph holds the union of the
    graphs the rule reads (see :func:`spacekg.reasoning.rules.run_rules`).

    Raises:
        QueryError: the query is malformed.
    """
    try:
        answer = select(store, text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(str(exc)) from None
    names = [variable.value for variable in answer.variables]
    return (dict(zip(names, row)) for row in answer)


def instantiate(template: list[Pattern], row: Binding) -> list[Terms]:
    """The template's triples under ``row``, as CONSTRUCT forms them: a triple with an unbound
    variable or an ill-placed term is left out, and so is one with a triple term (spacekg's graphs
    hold none); blank nodes are fresh for each solution."""
    blanks: dict[Blank, ox.BlankNode] = {}
    out = []
    for pattern in template:
        s, p, o = pattern.subject, pattern.predicate, pattern.object
        a = row.get(s) if type(s) is str else s
        b = row.get(p) if type(p) is str else p
        c = row.get(o) if type(o) is str else o
        if isinstance(a, Blank):
            a = blanks.setdefault(a, ox.BlankNode())
        if isinstance(c, Blank):
            c = blanks.setdefault(c, ox.BlankNode())
        if (not isinstance(a, (ox.NamedNode, ox.BlankNode)) or not isinstance(b, ox.NamedNode)
                or not isinstance(c, (ox.NamedNode, ox.BlankNode, ox.Literal))):
            continue
        out.append((a, b, c))
    return out


def _path_witness(lineage: Lineage, path: Path, s: Term, o: Term, graph: ox.NamedNode | None) -> list[ox.Quad] | None:
    """The quads of one shortest path from ``s`` to ``o`` along ``path``, or None."""

    def walk(p: object, start: Term) -> Iterator[tuple[Term, list[ox.Quad]]]:
        if isinstance(p, ox.NamedNode):
            for quad in lineage.step(start, p, graph, False):
                yield spo(quad)[2], [quad]
        elif not isinstance(p, Path) or p.op == "!":
            return  # a negated property set: no witness
        elif p.op == "inv":
            if isinstance(p.args[0], ox.NamedNode):
                for quad in lineage.step(start, p.args[0], graph, True):
                    yield spo(quad)[0], [quad]
        elif p.op == "alt":
            for arg in p.args:
                yield from walk(arg, start)
        elif p.op == "seq":
            frontier: list[tuple[Term, list[ox.Quad]]] = [(start, [])]
            for arg in p.args:
                frontier = [(end, used + more) for node, used in frontier for end, more in walk(arg, node)]
            yield from frontier
        else:  # *, + or ?
            if p.op in ("*", "?"):
                yield start, []
            seen = {start}
            frontier = [(start, [])]
            while frontier:
                grown = []
                for node, used in frontier:
                    for end, more in walk(p.args[0], node):
                        if end not in seen:
                            seen.add(end)
                            grown.append((end, used + more))
                yield from grown
                if p.op == "?":
                    break
                frontier = grown

    for end, used in walk(path, s):
        if end == o:
            return used
    return None
