"""The OWL 2 RL closure of each view, by either engine, with the justification of every triple.

:class:`Reasoner` numbers the store's terms once, closes the schema view once, and closes every
other view on top of it (:mod:`spacekg.reasoning.fastrl`). Only new, meaningful triples are kept
(:func:`spacekg.reasoning.fastrl.is_noise` says what is dropped). A noise triple that a kept triple
was derived from is replaced, in that triple's justification, by its own premises, and its rule is
named after the main one ("cax-sco with cls-int1, cls-hv2"). Each premise is cited with every graph
of the view that holds it: an asserted graph, the view's own output graph, or ``g:inferred/schema``.

With ``engine="owlrl"`` the closure is owlrl's (the reference), over the schema and the view
together; the fast engine's records justify the triples both engines derive, and a triple only
owlrl derives is recorded with the rule "owlrl" and no premises. This module is one of two that
import owlrl; the other, :mod:`spacekg.reasoning.datatypes`, lends both engines its lexical checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat

import pyoxigraph as ox

from ..errors import InconsistencyError, UnsupportedConstruct
from ..namespaces import RDFS
from ..rdf import serialize
from ..sources.loader import Loaded
from . import fastrl, records
from .engines import Engine
from .fastrl import Premises
from .terms import Term, Triple
from .views import SCHEMA_OUTPUT, View, schema_view

_IRI = re.compile(r"https?://[^\s'\",)>]+")
_ERROR = "http://www.daml.org/2002/03/agents/agent-ont#"


@dataclass(frozen=True)
class ViewClosure:
    """What one view's closure added: canonical N-Quads in the view's output graph, the
    justification chunk, and how many triples were kept and dropped as noise."""

    view: str
    nquads: bytes
    records: bytes
    kept: int
    dropped: int
    note: str = ""
    """Why the view's closure was left out (an article's view that is inconsistent), or empty."""

    @classmethod
    def left_out(cls, view: str, note: str) -> ViewClosure:
        """No closure for ``view``, only ``note`` as an ``rdfs:comment`` on its output graph, in that
        graph, where ``check`` and every answer from that view find it."""
        graph = ox.NamedNode(view)
        quad = ox.Quad(graph, ox.NamedNode(RDFS + "comment"), ox.Literal(note), graph)
        return cls(view, serialize([quad], ox.RdfFormat.N_QUADS), b"", 0, 0, note)


class Reasoner:
    """Closes the views of the loaded sources; the schema view is closed on first use and reused."""

    def __init__(self, loaded: Loaded, *, engine: str = Engine.FAST.value) -> None:
        if engine not in {e.value for e in Engine}:
            raise ValueError(f"unknown reasoner {engine!r} (use {' or '.join(e.value for e in Engine)})")
        self.loaded, self.engine = loaded, engine
        self.terms = loaded.terms
        self.vocab = fastrl.Vocab(self.terms)
        view = schema_view()
        self._schema_graphs = self._graphs_of(view)
        self._schema: fastrl.Closure | None = None
        self._schema_error: Exception | None = None

    def _graphs_of(self, view: View) -> dict[Triple, tuple[int, ...]]:
        """The view's triples and, for each, the graphs holding it."""
        graphs: dict[Triple, tuple[int, ...]] = {}
        for name, triples in view.parts(self.loaded):
            number = self.terms.iri(name)
            # Most triples are in one graph: each list is entered whole, then the few that were
            # already held by another graph get both.
            before = {t: graphs[t] for t in graphs.keys() & triples}
            graphs.update(zip(triples, repeat((number,))))
            for t, held in before.items():
                graphs[t] = held if number in held else (*held, number)
        return graphs

    def closed_schema(self) -> fastrl.Closure:
        """The fast engine's closure of the schema view.

        Raises:
            UnsupportedConstruct, InconsistencyError: as :func:`spacekg.reasoning.fastrl.close`.
        """
        if self._schema_error is not None:
            raise self._schema_error
        if self._schema is None:
            try:
                self._schema = fastrl.close(sorted(self._schema_graphs), self.terms)
            except (UnsupportedConstruct, InconsistencyError) as exc:
                self._schema_error = exc
                raise
        return self._schema

    def schema(self) -> ViewClosure:
        """The closure of the ontology and its alignments, in ``g:inferred/schema``."""
        return self.close(schema_view())

    def close(self, view: View, *, justify: bool = True) -> ViewClosure:
        """The closure of ``view`` on top of the closed schema (of the schema itself for
        :func:`~spacekg.reasoning.views.schema_view`); without ``justify``, without records (which
        the benchmarks use to measure what records cost).

        Raises:
            InconsistencyError: the view contradicts itself or the ontology.
            UnsupportedConstruct: the fast engine refuses a construct the view uses.
        """
        is_schema = view.output == SCHEMA_OUTPUT
        graphs = {} if is_schema else self._graphs_of(view)
        if self.engine == Engine.OWLRL.value:
            return self._owlrl(view, graphs, justify)
        if is_schema:
            return self._output(self.closed_schema(), view, graphs, justify=justify)
        closed = fastrl.close(sorted(graphs), self.terms, base=self.closed_schema())
        return self._output(closed, view, graphs, justify=justify)

    def _output(self, closed: fastrl.Closure | None, view: View, graphs: dict[Triple, tuple[int, ...]],
                only: set[Triple] | None = None, *, justify: bool = True) -> ViewClosure:
        """The kept triples of ``closed`` (or ``only`` those) and their justifications."""
        terms, v = self.terms, self.vocab
        schema_graphs = self._schema_graphs
        output, schema_output = terms.iri(view.output), terms.iri(SCHEMA_OUTPUT)
        derived = list(closed.derived()) if closed is not None else []
        if only is None:
            kept = [t for t in derived if not fastrl.is_noise(terms, v, t)]
        else:
            kept = sorted(only)
        kept_set = set(kept)
        own_graph = output if view.output != SCHEMA_OUTPUT else schema_output
        why = closed.why if closed is not None else {}
        record_of = closed.record if closed is not None else (lambda t: None)
        # A premise is cited alike wherever it is used: each is worked out once.
        cited_as: dict[Triple, tuple[list[str], list[records.IdQuad]]] = {}

        def cite(p: Triple) -> tuple[list[str], list[records.IdQuad]]:
            """Premise ``p`` as quads, each with every graph it was read from, or, when ``p`` is
            noise, its own premises (its step folded in), with the rules of the folded steps."""
            here, there = graphs.get(p), schema_graphs.get(p)
            if here is not None or there is not None:  # asserted
                where = (*(here or ()), *(there or ()))
                if len(where) > 1:  # in the order of the graphs' names
                    where = tuple(sorted(set(where), key=lambda g: terms.terms[g].value))
                found: tuple[list[str], list[records.IdQuad]] = ([], [(*p, g) for g in where])
            elif not fastrl.is_noise(terms, v, p):
                found = ([], [(*p, own_graph if p in why or p in kept_set else schema_output)])
            else:
                record = record_of(p)  # no record: a literal's own datatype (dt-type2)
                deeper_rules, deeper = cited(record[1]) if record is not None else ([], [])
                found = ([record[0] if record is not None else "dt-type2", *deeper_rules], deeper)
            cited_as[p] = found
            return found

        def cited(premises: Premises) -> tuple[list[str], list[records.IdQuad]]:
            """The premises as quads, once noise steps are folded in, and the rules of those steps."""
            rules: list[str] = []
            out: list[records.IdQuad] = []
            for p in premises:
                found = cited_as.get(p) or cite(p)
                rules += found[0]
                out += found[1]
            return rules, out

        chunk = records.Chunk(terms)
        for t in kept if justify else ():
            record = record_of(t)
            if record is None:
                chunk.add("owlrl", [(*t, output)], [])
                continue
            steps, premises = cited(record[1])
            rule = record[0] + (" with " + ", ".join(dict.fromkeys(steps)) if steps else "")
            chunk.add(rule, [(*t, output)], list(dict.fromkeys(premises)))
        string, graph = terms.string, f"<{view.output}> .\n"
        lines = sorted(f"{string(s)} {string(p)} {string(o)} {graph}" for s, p, o in kept)
        dropped = len(derived) - len(kept) if only is None else 0
        return ViewClosure(view.output, "".join(lines).encode(), chunk.encode() if justify else b"", len(kept), dropped)

    def _owlrl(self, view: View, graphs: dict[Triple, tuple[int, ...]], justify: bool) -> ViewClosure:
        terms = self.terms
        schema_found = self._owl_kept(sorted(self._schema_graphs))
        if view.output == SCHEMA_OUTPUT:
            kept = schema_found
        else:
            kept = self._owl_kept(sorted(set(self._schema_graphs) | set(graphs))) - schema_found - set(graphs)
        closed: fastrl.Closure | None
        try:
            schema = self.closed_schema()
            closed = schema if view.output == SCHEMA_OUTPUT else fastrl.close(sorted(graphs), terms, base=schema)
        except (UnsupportedConstruct, InconsistencyError):
            closed = None
        return self._output(closed, view, graphs, only=kept, justify=justify)

    def _owl_kept(self, triples: list[Triple]) -> set[Triple]:
        found = owl_closure([self.terms.triple(t) for t in triples])
        encoded = self.terms.encode(found)
        return {t for t in encoded if not fastrl.is_noise(self.terms, self.vocab, t)}


def owl_closure(triples: Iterable[tuple[Term, Term, Term]]) -> set[tuple[Term, Term, Term]]:
    """owlrl's OWL 2 RL closure of ``triples``: the new triples, noise included.

    Raises:
        InconsistencyError: owlrl reported a contradiction; the message quotes it.
    """
    import owlrl
    from rdflib import RDF, URIRef

    from ..adapter import from_rdflib, graph_of

    work = graph_of(triples)
    before = set(work)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    errors = sorted(str(work.value(node, URIRef(_ERROR + "error")))
                    for node in work.subjects(RDF.type, URIRef(_ERROR + "ErrorMessage")))
    if errors:
        raise InconsistencyError("the reasoner found a contradiction: " + " | ".join(errors))
    return {(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in work if (s, p, o) not in before}


def iris_in(message: str) -> list[str]:
    """The IRIs quoted in a reasoner's error message."""
    return _IRI.findall(message)
