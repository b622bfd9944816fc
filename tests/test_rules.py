"""The derivation rules' fixpoint: a rule runs again only while a round can find something new."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacekg.errors import QueryError
from spacekg.namespaces import ID as EX
from spacekg.namespaces import PREFIXES
from spacekg.reasoning.rules import MAX_ROUNDS, run_rules
from spacekg.store.queries import StoredQuery

DATA = ox.NamedNode(EX + "data")
ASIDE = ox.NamedNode(EX + "aside")
OUTPUT = ox.NamedNode(EX + "output")
EDGE = ox.NamedNode(EX + "edge")

# The rules use spacekg's prefixes (d: is EX), which every rule reads.
# Rules whose patterns can match what they derive: the reachability (or marking) they compute
# takes as many rounds as the longest chain, whichever way the rule reads its own conclusions.
READS_ITS_OWN = {
    "its own predicate": "CONSTRUCT { ?a d:reach ?c } WHERE { { ?a d:edge ?c } UNION { ?a d:edge ?b . ?b d:reach ?c } }",
    "a variable predicate": "CONSTRUCT { ?a d:reach ?c } WHERE { { ?a d:edge ?c } UNION "
                            "{ ?a d:edge ?b . ?b ?p ?c FILTER (?p = d:reach) } }",
    "a path through it": "CONSTRUCT { ?a d:reach ?c } WHERE { { ?a d:edge ?c } UNION { ?a d:edge/d:reach ?c } }",
    "an inverse path": "CONSTRUCT { ?a d:reach ?c } WHERE { { ?a d:edge ?c } UNION { ?a d:edge ?b . ?c ^d:reach ?b } }",
    "a sub-select": "CONSTRUCT { ?a d:reach ?c } WHERE { { ?a d:edge ?c } UNION "
                    "{ ?a d:edge ?b { SELECT ?b ?c WHERE { ?b d:reach ?c } } } }",
    "an EXISTS in an expression": "CONSTRUCT { ?a d:mark true } WHERE { ?a d:edge ?b "
                                  "FILTER (?b = d:n0 || EXISTS { ?b d:mark true }) }",
    "a class it writes, as a variable": "CONSTRUCT { ?a a d:Reached } WHERE { { ?a d:edge d:n0 } UNION "
                                        "{ ?a d:edge ?b . ?b a ?k FILTER (?k = d:Reached) } }",
    "a variable graph": "CONSTRUCT { ?a d:reach ?c } WHERE { { ?a d:edge ?c } UNION "
                        "{ ?a d:edge ?b GRAPH ?g { ?b d:reach ?c } } }",
    "its output graph by name": f"CONSTRUCT {{ ?a d:reach ?c }} WHERE {{ {{ ?a d:edge ?c }} UNION "
                                f"{{ ?a d:edge ?b GRAPH {OUTPUT} {{ ?b d:reach ?c }} }} }}",
    "a zero-length path": "CONSTRUCT { ?a d:reach ?c } WHERE { ?a d:edge ?b . ?b d:reach? ?c }",
}
# Rules none of whose patterns can match a triple they write.
READS_NOTHING_IT_WRITES = {
    "another predicate": "CONSTRUCT { ?a d:reach ?c } WHERE { ?a d:edge/d:edge+ ?c }",
    "another class": "CONSTRUCT { ?a a d:Reached } WHERE { ?a d:edge ?b . FILTER NOT EXISTS { ?b a d:Sink } }",
    "another object": "CONSTRUCT { ?a d:tag d:source } WHERE { ?a d:edge ?b FILTER NOT EXISTS { ?b d:tag d:sink } }",
    "another named graph": f"CONSTRUCT {{ ?a d:reach ?c }} WHERE {{ ?a d:edge ?c "
                           f"FILTER NOT EXISTS {{ GRAPH {ASIDE} {{ ?c d:reach ?a }} }} }}",
    "a path with a step of length one": "CONSTRUCT { ?a d:reach ?c } WHERE { ?a d:edge/d:back? ?c }",
    "a zero-length path its group joins": "CONSTRUCT { ?a d:reach ?c } WHERE { ?a d:edge ?b . ?b d:back? ?c }",
    "a zero-length path its group joins, new nodes written": (
        'CONSTRUCT { ?next d:madeFrom ?node } WHERE { ?node d:edge ?b . ?node d:back? ?node '
        'BIND (IRI(CONCAT(STR(?node), "x")) AS ?next) }'),
    "a zero-length path its optional group joins": (
        "CONSTRUCT { ?a d:reach ?c } WHERE { ?a d:edge ?b OPTIONAL { ?b d:edge ?c . ?c d:back* ?d } }"),
    "a zero-length path its sub-select joins": (
        "CONSTRUCT { ?a d:reach ?c } WHERE { { SELECT ?a ?c WHERE { ?a d:edge ?c . ?c d:back? ?d } } }"),
}
# Rules that write new nodes and read a path that may have length zero, which matches every node:
# each round makes another node, unless the path's group joins it with a pattern that cannot match
# what the rule writes.
NEVER_CONVERGE = {
    "a path alone": "?node d:edge? ?node",
    "a path joined in an optional group only": "?node d:edge? ?node OPTIONAL { ?node d:edge ?b }",
    "a path joined with what the rule writes": "?maker ?made ?node . ?node d:edge? ?node",
    "a path and a pattern sharing no variable": "?node d:edge? ?node . ?a d:edge ?b",
    "a path joined with another zero-length path": "?node d:edge? ?node . ?node d:back* ?b",
}

edges = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=12)


def _rule(text: str) -> StoredQuery:
    return StoredQuery("rule", Path("rule.rq"), "a rule", "", (), text)


def _store(pairs: list[tuple[int, int]]) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"{EX}n{a}"), EDGE, ox.NamedNode(f"{EX}n{b}"), DATA) for a, b in pairs)
    store.extend(ox.Quad(ox.NamedNode(f"{EX}n{b}"), ox.NamedNode(EX + "back"), ox.NamedNode(f"{EX}n{a}"), DATA)
                 for a, b in pairs)
    return store


def _derive(text: str, pairs: list[tuple[int, int]]) -> tuple[set[ox.Triple], int]:
    run = run_rules(_store(pairs), [_rule(text)], default_graph=[DATA], output=OUTPUT, parameters={})
    return {ox.Triple(q.subject, q.predicate, q.object) for q in run.derived["rule"]}, run.rounds


def _fixpoint(text: str, pairs: list[tuple[int, int]]) -> set[ox.Triple]:
    """What the rule derives when it runs again until a round adds nothing."""
    store = _store(pairs)
    store.update(f"ADD {DATA} TO DEFAULT")
    derived: set[ox.Triple] = set()
    while True:
        new = {t for t in store.query(text, prefixes=PREFIXES) if isinstance(t, ox.Triple)} - derived
        if not new:
            return derived
        derived |= new
        store.extend([q for t in new for q in (ox.Quad(t.subject, t.predicate, t.object, OUTPUT),
                                               ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))])


@pytest.mark.parametrize("text", READS_ITS_OWN.values(), ids=READS_ITS_OWN.keys())
@settings(max_examples=25, deadline=None)
@given(pairs=edges)
def test_a_rule_that_reads_what_it_derives_runs_to_its_fixpoint(text: str, pairs: list[tuple[int, int]]):
    assert _derive(text, pairs)[0] == _fixpoint(text, pairs)


@pytest.mark.parametrize("text", READS_ITS_OWN.values(), ids=READS_ITS_OWN.keys())
def test_a_rule_that_reads_what_it_derives_runs_a_round_per_link_of_a_chain(text: str):
    chain = [(1, 0), (2, 1), (3, 2)]
    derived, rounds = _derive(text, chain)
    assert derived == _fixpoint(text, chain) and rounds >= 3


@pytest.mark.parametrize("text", READS_NOTHING_IT_WRITES.values(), ids=READS_NOTHING_IT_WRITES.keys())
@settings(max_examples=25, deadline=None)
@given(pairs=edges)
def test_a_rule_that_cannot_read_what_it_derives_runs_one_round(text: str, pairs: list[tuple[int, int]]):
    derived, rounds = _derive(text, pairs)
    assert derived == _fixpoint(text, pairs) and rounds == 1


@pytest.mark.parametrize("where", NEVER_CONVERGE.values(), ids=NEVER_CONVERGE.keys())
def test_a_rule_that_never_converges_still_says_so(where: str):
    # Each round names a node the last one made, which a zero-length path reaches.
    text = (f'CONSTRUCT {{ d:maker d:made ?next }} WHERE {{ {where} '
            'FILTER (isIRI(?node)) BIND (IRI(CONCAT(STR(?node), "x")) AS ?next) }')
    with pytest.raises(QueryError, match=f"after {MAX_ROUNDS} rounds"):
        _derive(text, [(0, 1)])



@given(pairs=edges.filter(lambda p: len(p) > 1), data=st.data())
def test_the_records_do_not_depend_on_the_order_the_engine_gives_solutions_in(pairs: list[tuple[int, int]],
                                                                              data: st.DataObject):
    """Several solutions derive one triple (a node with several edges); the first to derive it
    justifies it, and the engine's order of solutions changes from process to process."""
    import spacekg.reasoning.rules as rules

    text = "CONSTRUCT { ?a d:linked true } WHERE { ?a d:edge ?b }"
    real = rules.solutions

    def records() -> list[object]:
        found = run_rules(_store(pairs), [_rule(text)], default_graph=[DATA], output=OUTPUT, parameters={})
        return list(found.justifications)

    expected = records()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rules, "solutions", lambda store, query: iter(data.draw(st.permutations(list(real(store, query))))))
        assert records() == expected


OWN_PREFIX = "http://example.org/own#"


@pytest.mark.parametrize("declared", [f"PREFIX ex: <{OWN_PREFIX}>", f"prefix  ex:<{OWN_PREFIX}>",
                                      f"# PREFIX ex: <http://wrong/>\nPREFIX ex: <{OWN_PREFIX}>",
                                      f"PREFIX d: <{OWN_PREFIX}>\nPREFIX ex: <{OWN_PREFIX}>",
                                      f"PREFIX : <{OWN_PREFIX}>\nPREFIX ex: <{OWN_PREFIX}>"])
@pytest.mark.parametrize("body", [
    "CONSTRUCT { ?a ex:linked ?b } WHERE { ?a <%sedge> ?b FILTER NOT EXISTS { ?b ex:blocked true } }",
    "CONSTRUCT { ?a ex:linked ?b } WHERE { { SELECT ?a ?b WHERE { ?a <%sedge> ?b } } }",
])
def test_a_rule_may_declare_its_own_prefixes(declared: str, body: str):
    text = f"{declared}\n{body % (EX, )}"
    run = run_rules(_store([(0, 1), (1, 2)]), [_rule(text)], default_graph=[DATA], output=OUTPUT, parameters={})
    linked = ox.NamedNode(OWN_PREFIX + "linked")
    assert {(q.subject.value, q.predicate, q.object.value) for q in run.derived["rule"]} == {
        (f"{EX}n0", linked, f"{EX}n1"), (f"{EX}n1", linked, f"{EX}n2")}
    # Each conclusion rests on the edge it came from.
    for record in run.justifications:
        (conclusion,) = record.conclusions
        assert [(p[0], p[2]) for p in record.premises] == [(conclusion.subject, conclusion.object)]
