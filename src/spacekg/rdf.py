"""pyoxigraph's types narrowed to what spacekg's graphs hold.

pyoxigraph types a subject or object as possibly an RDF 1.2 triple term, a query's answer as any
of its three kinds, and ``serialize`` as returning None (as it does when it writes to a file).
spacekg reads no triple term: :func:`refuse_triple_terms` turns away every input that holds one
(the build's files, the SHACL shapes, a facts file being edited), the derivation rules leave them
out (:func:`spacekg.reasoning.lineage.instantiate`) and the reasoner makes none. So a statement of
one of spacekg's graphs is made of :data:`Term` s, and :func:`spo` and :func:`plain` say so where
it is read; :func:`select` and :func:`serialize` narrow the other two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeAlias, cast

import pyoxigraph as ox

from .errors import InputError
from .sources.files import split_lines

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
Subject: TypeAlias = ox.NamedNode | ox.BlankNode
Terms: TypeAlias = tuple[Subject, ox.NamedNode, Term]


class PlainQuad(Protocol):
    """A quad of one of spacekg's graphs, as the type checker is to see it (see :func:`plain`)."""

    @property
    def subject(self) -> Subject: ...
    @property
    def predicate(self) -> ox.NamedNode: ...
    @property
    def object(self) -> Term: ...
    @property
    def graph_name(self) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph: ...


def plain(quads: Sequence[ox.Quad]) -> Sequence[PlainQuad]:
    """``quads`` of one of spacekg's graphs, typed as such: one cast for the whole sequence, so that
    a loop over them costs nothing more."""
    return cast("Sequence[PlainQuad]", quads)


def spo(statement: ox.Quad | ox.Triple) -> Terms:
    """The subject, predicate and object of a quad or triple of one of spacekg's graphs."""
    return cast(Terms, (statement.subject, statement.predicate, statement.object))


def select(store: ox.Store, query: str, *, prefixes: dict[str, str] | None = None,
           use_default_graph_as_union: bool = False) -> ox.QuerySolutions:
    """The solutions of ``query``, a SELECT (pyoxigraph types an answer as any of the three kinds)."""
    answer = store.query(query, prefixes=prefixes, use_default_graph_as_union=use_default_graph_as_union)
    assert isinstance(answer, ox.QuerySolutions)
    return answer


def serialize(statements: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat, *,
              prefixes: dict[str, str] | None = None) -> bytes:
    """``statements`` written in ``fmt``, in memory."""
    data = ox.serialize(statements, format=fmt, prefixes=prefixes)
    assert data is not None  # given no output, serialize returns what it wrote
    return data


def parse(text: str, fmt: ox.RdfFormat, path: Path, *, base: str | None = None,
          rename_blank_nodes: bool = False) -> list[ox.Quad]:
    """The quads of ``text``, written in ``fmt``: the content of ``path``, or what a command is
    about to write there. Relative IRIs resolve against ``base``, or the file's own ``@base``;
    without either they are refused: resolved against where the file lies, they would put a path
    of this machine into the graph, and every export would differ from machine to machine.

    Raises:
        InputError: the text is malformed (naming the file, line and column), nests too deep, or
            holds a term over pyoxigraph's 16 MiB buffer.
    """
    try:
        return list(ox.parse(text, format=fmt, base_iri=base, rename_blank_nodes=rename_blank_nodes))
    except SyntaxError as exc:
        # The message repeats the position, which is put in file:line:column form.
        reason = re.sub(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ", "", str(exc.msg))
        if reason.startswith("No scheme found in an absolute IRI"):
            reason = "a relative IRI; write it in full, or declare the @base it resolves against"
        raise InputError(f"{path}:{exc.lineno}:{exc.offset}: bad syntax: {reason}") from None
    except RecursionError:
        raise InputError(f"{path}: nesting too deep to load") from None
    except MemoryError as exc:
        raise InputError(f"{path}: a term too large to load ({exc})") from None


def refuse_triple_terms(where: str, quads: list[ox.Quad], serialized: bytes | None = None, *,
                        text: str | None = None) -> None:
    """Refuse RDF 1.2 triple terms: OWL 2 RL and the derivation rules give them no meaning, and
    neither owlrl nor pySHACL reads them. Given the quads' N-Quads, which write a triple term as
    ``<<(``, the quads are looked at only when that is there. Given the source ``text``, the
    message names the line of its first triple term.

    Raises:
        InputError: a quad holds a triple term.
    """
    if serialized is not None and b"<<(" not in serialized:
        return
    for quad in quads:
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            line = _triple_term_line(text) if text is not None else None
            raise InputError(f"{where}{f':{line}' if line else ''}: holds an RDF 1.2 triple term, which spacekg "
                             f"does not support: {quad.triple}")


def _triple_term_line(text: str) -> int | None:
    """The first line that writes a triple term (``<<``) or an annotation (``{|``), strings and
    comments left aside (an IRI cannot hold "<")."""
    for number, line in enumerate(split_lines(text), start=1):
        bare = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#.*$', "", line)
        if "<<" in bare or "{|" in bare:
            return number
    return None
