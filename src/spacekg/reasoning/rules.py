"""Derivation rules: SPARQL CONSTRUCT files in ``ontology/rules/``, run to a fixpoint on pyoxigraph.

A rule file has the same ``#+`` header as a stored query. Rules derive what OWL cannot: ranks,
firsts, plan status and verdicts on claims. Rules use negation (OPTIONAL with !BOUND, NOT
EXISTS), so they are stratified: files run in name order (the numeric prefix is the stratum),
each to its own fixpoint, and a rule reads only what earlier strata derived. Their output is
written fully typed (a first record is also an ordinal achievement and a record), so the OWL
closure need not run again on it.

Each rule runs as ``SELECT *`` over its WHERE clause and instantiates its template per solution,
so that the solution that derives a triple also gives that triple's justification
(:mod:`spacekg.reasoning.lineage`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path as FilePath

import pyoxigraph as ox

from ..errors import QueryError
from ..store.engine import inject_bindings, syntax_problems
from ..store.queries import StoredQuery, bind_parameters, load_queries
from .lineage import Binding, Lineage, RulePlan, instantiate, plan, solutions
from .patterns import Blank, Path, Pattern
from .records import Justification

MAX_ROUNDS = 10
# The rules' default graph is materialized once in the store's default graph: a default graph
# listing tens of thousands of sentence graphs would make every pattern a union over them.
UNION = ox.DefaultGraph()


@dataclass(frozen=True)
class RuleRun:
    """The quads each rule derived into the output graph, their justifications, and how many rule
    runs it took."""

    derived: dict[str, list[ox.Quad]]
    justifications: list[Justification]
    rounds: int


def load_rules(directory: FilePath) -> list[StoredQuery]:
    """The rule files of ``directory``, in name order.

    Raises:
        QueryError: a rule is malformed, with its line and column in its own file (the rule runs
            rewritten, and the rewritten text's positions would name none of its lines).
        InputError: a rule file cannot be read, or is misnamed.
    """
    rules = list(load_queries(directory).values())
    for rule, problem in zip(rules, syntax_problems([rule.text for rule in rules])):
        if problem is not None:
            raise QueryError(f"{rule.path}: malformed rule: {problem}")
    return rules


def run_rules(
    store: ox.Store,
    rules: list[StoredQuery],
    *,
    default_graph: list[ox.NamedNode],
    output: ox.NamedNode,
    parameters: dict[str, str],
    justify: bool = True,
) -> RuleRun:
    """Run each of ``rules`` in order until it derives nothing new, adding triples to graph ``output``.

    The default graph of every rule is the union of ``default_graph`` and ``output``; named graphs
    stay reachable with GRAPH. The union is written once into the store's default graph (what the
    store held there is left out: no view reads it), and cleared at the end. Each rule receives the
    parameters it declares from ``parameters``.

    Raises:
        QueryError: a rule is malformed, or the rules have not converged after MAX_ROUNDS rounds.
    """
    derived: dict[str, list[ox.Quad]] = {rule.name: [] for rule in rules}
    justified: list[Justification] = []
    # One INSERT over the listed graphs costs about half what an ADD per graph costs.
    graphs = " ".join(str(name) for name in default_graph)
    store.update(f"CLEAR DEFAULT ; INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    reads = frozenset([*default_graph, output])
    total_rounds = 0
    try:
        for rule in rules:
            try:
                rule_plan = plan(rule.text)
            except QueryError as exc:
                raise QueryError(f"{rule.path}: {exc}") from None
            wanted = {p.name: parameters[p.name] for p in rule.parameters if p.name in parameters}
            bindings = bind_parameters(rule, wanted)
            top = inject_bindings(rule_plan.scope.text, bindings) if bindings else rule_plan.scope.text
            # A solution instantiates the same conclusions in every round (unless the template makes
            # fresh blank nodes), and they are in the store after its first: only new solutions count.
            seen_rows: set[tuple[object, ...]] | None = None if _makes_blank_nodes(rule_plan.template) else set()
            # A round differs from the one before only by what that one added, all of it written by
            # this rule's template: a rule none of whose patterns can match its own conclusions
            # finds the same solutions again, so its first round is its fixpoint. (With fresh blank
            # nodes every round derives anew, and the rounds run to tell that it never converges.)
            once = seen_rows is not None and not _reads_own_output(rule_plan, output)
            for _ in range(MAX_ROUNDS):
                total_rounds += 1
                lineage = Lineage(store, rule_plan, reads, bindings)
                try:
                    rows = list(solutions(store, top))
                except QueryError as exc:
                    raise QueryError(f"{rule.path}: {exc}") from None
                # The engine's order of solutions (GROUP BY's above all) changes from process to
                # process, and the first solution to derive a triple is its justification: taken in
                # one order, the same inputs give the same records.
                rows.sort(key=_row_key)
                # The whole round reads the store as it was before it, as a CONSTRUCT would; the
                # premises are found in that same state, before the conclusions are added.
                fresh: list[tuple[list[ox.Quad], Binding]] = []
                seen: set[ox.Quad] = set()
                added: list[ox.Quad] = []
                union: list[ox.Quad] = []
                for row in rows:
                    if seen_rows is not None:
                        values = tuple(row.values())
                        if values in seen_rows:
                            continue
                        seen_rows.add(values)
                    conclusions = []
                    for s, p, o in instantiate(rule_plan.template, row):
                        quad = ox.Quad(s, p, o, output)
                        if quad not in seen and quad not in store:
                            seen.add(quad)
                            conclusions.append(quad)
                            # Into UNION: pyoxigraph builds a quad given no graph faster than one
                            # given the default graph.
                            union.append(ox.Quad(s, p, o))
                    if conclusions:
                        fresh.append((conclusions, row))
                        added += conclusions
                for conclusions, row in fresh if justify else ():
                    justified.append(Justification(rule.name, tuple(conclusions), tuple(lineage.premises(row))))
                store.extend([*added, *union])
                derived[rule.name] += added
                if not seen or once:
                    break
            else:
                raise QueryError(f"{rule.path}: still derives new triples after {MAX_ROUNDS} rounds")
    finally:
        store.clear_graph(UNION)
    return RuleRun(derived, justified, total_rounds)


def _row_key(row: Binding) -> tuple[str, ...]:
    return tuple("" if term is None else str(term) for term in row.values())


def _reads_own_output(rule_plan: RulePlan, output: ox.NamedNode) -> bool:
    """Whether any pattern the rule reads may match a triple its template writes into ``output``
    (which the default graph includes). Told apart only by what is certain: a named graph other
    than ``output``, a predicate the path or pattern does not use, a different IRI in the subject
    or object. A path that may have length zero matches any node of its graph, a conclusion's new
    node too, unless its group joins it with a pattern that can match no conclusion (which binds
    it to the nodes that were there before)."""
    if _EMPTY_VARIABLE_GRAPH.search(rule_plan.scope.text):
        return True  # it lists the named graphs, and the output graph may be new among them
    if not rule_plan.template:
        return False
    if any(_may_match(read, written, output) for read in rule_plan.reads for written in rule_plan.template):
        return True
    return any(_nullable(read.predicate) and _may_hold(read, output) and not _anchored(read, rule_plan, output)
               for read in rule_plan.reads)


_EMPTY_VARIABLE_GRAPH = re.compile(r"\bGRAPH\s*[?$]\w+\s*\{\s*\}", re.IGNORECASE)


def _may_hold(read: Pattern, output: ox.NamedNode) -> bool:
    """Whether the graph ``read`` is matched in may hold what the rule writes."""
    return not isinstance(read.graph, ox.NamedNode) or read.graph == output


def _may_match(read: Pattern, written: Pattern, output: ox.NamedNode) -> bool:
    if not _may_hold(read, output):
        return False
    if isinstance(read.predicate, Path):
        return _path_uses(read.predicate, written.predicate)
    if isinstance(read.predicate, ox.NamedNode) and isinstance(written.predicate, ox.NamedNode) \
            and read.predicate != written.predicate:
        return False
    # A literal may be written in another lexical form of the same value: only IRIs tell apart.
    return not any(isinstance(r, ox.NamedNode) and (isinstance(w, Blank) or isinstance(w, ox.NamedNode) and w != r)
                   for r, w in ((read.subject, written.subject), (read.object, written.object)))


def _path_uses(path: object, predicate: object) -> bool:
    """Whether a step of ``path`` may follow an edge labelled ``predicate``."""
    if not isinstance(path, Path):
        return not isinstance(predicate, ox.NamedNode) or path == predicate
    if path.op == "!":
        return True
    return any(_path_uses(arg, predicate) for arg in path.args)


def _nullable(path: object) -> bool:
    """Whether ``path`` (a pattern's predicate) may have length zero."""
    if not isinstance(path, Path):
        return False
    if path.op in ("*", "?"):
        return True
    if path.op == "seq":
        return all(_nullable(arg) for arg in path.args)
    if path.op in ("alt", "+", "inv"):
        return any(_nullable(arg) for arg in path.args)
    return False


def _anchored(read: Pattern, rule_plan: RulePlan, output: ox.NamedNode) -> bool:
    """Whether the group that holds ``read`` also joins one of its end variables with a pattern
    that has no path of length zero and can match no conclusion. A pattern of a negated part is
    in no such group, and is never anchored."""
    ends = {slot for slot in (read.subject, read.object) if type(slot) is str}
    for group in rule_plan.joined:
        if any(pattern is read for pattern in group):
            return any(other is not read and ends & {other.subject, other.object} and not _nullable(other.predicate)
                       and not any(_may_match(other, written, output) for written in rule_plan.template)
                       for other in group)
    return False


def _makes_blank_nodes(template: list[Pattern]) -> bool:
    return any(isinstance(slot, Blank) for pattern in template for slot in (pattern.subject, pattern.object))
