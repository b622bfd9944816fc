"""Blank nodes on the wire: stable skolem IRIs (RDF 1.1 Concepts, section 3.5).

A Graph Store receives each named graph as a document of its own, so a blank node that two graphs
share would arrive as two unrelated blank nodes. Before a push every blank node becomes the IRI
``https://w3id.org/spacekg/.well-known/genid/`` + its label in the snapshot, percent-encoded. The
snapshot's labels are stable (the same inputs give the same labels), so the same blank node gets
the same IRI in every graph and in every push. RDF 1.1 puts ``/.well-known/genid/`` at the root of
an authority its minter controls; spacekg controls only its own namespace under w3id.org, so the
segment sits there. Remote answers are turned back: such an IRI becomes the blank node it stood
for, with the label the local graph gives it, so remote rows equal local ones.
"""

from __future__ import annotations

from typing import overload
from urllib.parse import quote, unquote

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import GENID

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
# What may stand as a subject: a skolem IRI turns back into a blank node, which may stand there too.
Subject = ox.NamedNode | ox.BlankNode | ox.Triple


def skolem_iri(node: ox.BlankNode) -> ox.NamedNode:
    """The skolem IRI standing for ``node``.

    Example:
        >>> skolem_iri(ox.BlankNode("b1")).value
        'https://w3id.org/spacekg/.well-known/genid/b1'
    """
    return ox.NamedNode(GENID + quote(node.value, safe=""))


@overload
def skolemise(term: Subject) -> Subject: ...
@overload
def skolemise(term: Term) -> Term: ...
def skolemise(term: Term) -> Term:
    """``term`` with a blank node replaced by its skolem IRI.

    Raises:
        InputError: ``term`` is already an IRI under the skolem namespace, which could not be told
            apart from a replaced blank node when answers come back.
    """
    if isinstance(term, ox.BlankNode):
        return skolem_iri(term)
    if isinstance(term, ox.NamedNode) and term.value.startswith(GENID):
        raise InputError(f"<{term.value}> is in the namespace spacekg keeps for skolemised blank nodes")
    return term


@overload
def deskolemise(term: Subject) -> Subject: ...
@overload
def deskolemise(term: Term) -> Term: ...
@overload
def deskolemise(term: Term | None) -> Term | None: ...
def deskolemise(term: Term | None) -> Term | None:
    """``term`` with a skolem IRI replaced by the blank node it stands for.

    Example:
        >>> deskolemise(skolem_iri(ox.BlankNode("b1")))
        <BlankNode value=b1>
    """
    if isinstance(term, ox.NamedNode) and term.value.startswith(GENID):
        try:
            return ox.BlankNode(unquote(term.value[len(GENID):]))
        except ValueError:  # not a label spacekg could have written: the IRI stays as it is
            return term
    return term


def term_tests_see_skolem_iris(text: str) -> str:
    """``text`` with the functions that tell a blank node from an IRI told that a skolem IRI
    stands for a blank node, so that a store holding the pushed graph answers them as the local
    graph does: ``isBlank(X)`` becomes ``(isBlank(X) || STRSTARTS(STR(X), GENID))``, ``isIRI(X)``
    (and ``isURI``) ``(isIRI(X) && !STRSTARTS(STR(X), GENID))``, and ``STR(X)`` is an error for a
    skolem IRI, as for a blank node. Any other X gives what it gave.

    Example:
        >>> term_tests_see_skolem_iris("ASK { ?s ?p ?o FILTER(!isBlank(?o)) }")
        'ASK { ?s ?p ?o FILTER(!(isBlank(?o) || STRSTARTS(STR(?o), "https://w3id.org/spacekg/.well-known/genid/"))) }'

    Each test repeats its argument two or three times, so the text grows that much with each
    level of nesting: a rewritten test longer than ``MAX_REWRITTEN`` is refused.

    Raises:
        QueryError: the text cannot be tokenized, or its tests are nested too deep to rewrite.
    """
    return _rewrite_tests(text, 0)


MAX_REWRITTEN = 1024 * 1024
# Nested deeper, a test's argument is repeated at least 2**21 times: over MAX_REWRITTEN.
_MAX_NESTED_TESTS = 20


def _too_long() -> Exception:
    from ..errors import QueryError

    return QueryError(f"at an endpoint, the query's blank-node tests would grow past {MAX_REWRITTEN // 1024 // 1024} "
                      "MiB once rewritten for the store; nest fewer of isBlank, isIRI, isURI and STR in one another")


def _rewrite_tests(text: str, nesting: int) -> str:
    from ..store.safety import tokenize

    tokens = tokenize(text)
    out, done = [], 0
    for i, token in enumerate(tokens):
        test = token.word()
        if test not in ("ISBLANK", "ISIRI", "ISURI", "STR") or token.start < done \
                or i + 1 >= len(tokens) or tokens[i + 1].text != "(":
            continue
        depth, close = 0, None
        for later in tokens[i + 1:]:
            depth += {"(": 1, ")": -1}.get(later.text, 0) if later.kind == "PUNCT" else 0
            if depth == 0:
                close = later
                break
        if close is None:
            continue
        if nesting >= _MAX_NESTED_TESTS:
            raise _too_long()
        argument = _rewrite_tests(text[tokens[i + 1].start + 1 : close.start], nesting + 1)
        skolem = f'STRSTARTS(STR({argument}), "{GENID}")'
        written = text[token.start : token.start + len(token.text)]
        if test == "ISBLANK":
            rewritten = f"({written}({argument}) || {skolem})"
        elif test == "STR":  # the string of a blank node is an error, and BNODE() makes one
            rewritten = f"{written}(IF(isIRI({argument}) && {skolem}, BNODE(), {argument}))"
        else:
            rewritten = f"({written}({argument}) && !{skolem})"
        if len(rewritten) > MAX_REWRITTEN:
            raise _too_long()
        out += [text[done : token.start], rewritten]
        done = close.start + 1
    return "".join(out) + text[done:]
