"""Derivation rules: SPARQL CONSTRUCT files in ``ontology/rules/``, run to a fixpoint on pyoxigraph.

A rule file has the same ``#+`` header as a stored query. Rules derive what OWL cannot: ranks,
firsts, plan status and verdicts on claims. Rules use negation (OPTIONAL with !BOUND, NOT
EXISTS), so they are stratified: files run in name order (the numeric prefix is the stratum),
each to its own fixpoint, and a rule reads only what earlier strata derived. Their output is
written fully typed (a first record is also an ordinal achievement and a record), so the OWL
closure need not run again on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import PREFIXES
from ..store.engine import inject_bindings
from ..store.queries import StoredQuery, bind_parameters, load_queries

MAX_ROUNDS = 10


@dataclass(frozen=True)
class RuleRun:
    """The triples each rule derived, and how many rule runs the fixpoints took in all."""

    triples: dict[str, set[ox.Triple]]
    rounds: int


def load_rules(directory: Path) -> list[StoredQuery]:
    """The rule files of ``directory``, in name order."""
    return list(load_queries(directory).values())


def run_rules(
    store: ox.Store,
    rules: list[StoredQuery],
    *,
    default_graph: list[ox.NamedNode],
    output: ox.NamedNode,
    parameters: dict[str, str],
) -> RuleRun:
    """Run each of ``rules`` in order until it derives nothing new, adding triples to graph ``output``.

    The default graph of every rule is the union of ``default_graph`` and ``output``; named graphs
    stay reachable with GRAPH. ``store`` is the rules' own working copy: the union is written into
    its default graph once, because a query whose default graph is a list of tens of thousands of
    sentence graphs would make every pattern a union over them. Each rule receives the parameters
    it declares from ``parameters``.

    Raises:
        QueryError: a rule is malformed, or the rules have not converged after MAX_ROUNDS rounds.
    """
    derived: dict[str, set[ox.Triple]] = {rule.name: set() for rule in rules}
    texts = {}
    for rule in rules:
        wanted = {p.name: parameters[p.name] for p in rule.parameters if p.name in parameters}
        bindings = bind_parameters(rule, wanted)
        texts[rule.name] = inject_bindings(rule.text, bindings) if bindings else rule.text
    default = ox.DefaultGraph()
    for name in default_graph:
        store.extend(ox.Quad(q.subject, q.predicate, q.object, default)
                     for q in store.quads_for_pattern(None, None, None, name))
    total_rounds = 0
    for rule in rules:
        for _ in range(MAX_ROUNDS):
            total_rounds += 1
            try:
                answer = store.query(texts[rule.name], prefixes=PREFIXES)
            except SyntaxError as exc:
                raise QueryError(f"{rule.path}: {exc}") from None
            new = 0
            for triple in answer:  # type: ignore[union-attr]
                quad = ox.Quad(triple.subject, triple.predicate, triple.object, output)
                if quad not in store:
                    store.add(quad)
                    store.add(ox.Quad(triple.subject, triple.predicate, triple.object, default))
                    derived[rule.name].add(triple)
                    new += 1
            if new == 0:
                break
        else:
            raise QueryError(f"{rule.path}: still derives new triples after {MAX_ROUNDS} rounds")
    return RuleRun(derived, total_rounds)
