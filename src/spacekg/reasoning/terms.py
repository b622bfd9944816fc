"""Integer ids for RDF terms, so that the reasoner joins small ints instead of term objects.

A table is filled in a fixed order (the terms sorted by their N-Triples form), so the same input
always gives the same ids, and so the same derivations in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..rdf import Term

Triple = tuple[int, int, int]

IRI, BLANK, LITERAL = 0, 1, 2


class TermTable:
    """Terms and their ids; ``kind[i]`` says whether term ``i`` is an IRI, a blank node or a literal."""

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self.ids: dict[Term, int] = {}
        self.terms: list[Term] = []
        self.kind = bytearray()
        self._datatypes: dict[int, str] = {}
        self._lexical: dict[int, bool] = {}
        self._intrinsic: dict[int, tuple[int, ...]] = {}
        self.strings: list[str] = []  # N-Triples forms, for a table made by sorted()
        for term in terms:
            self.id(term)

    @classmethod
    def sorted(cls, terms: Iterable[Term]) -> TermTable:
        """A table of ``terms`` numbered in N-Triples order; ``strings`` holds that form of each."""
        pairs = sorted([(str(t), t) for t in set(terms)])
        return cls.ordered([text for text, _ in pairs], [term for _, term in pairs])

    @classmethod
    def ordered(cls, strings: list[str], terms: list[Term]) -> TermTable:
        """A table of ``terms``, distinct, numbered in the order given; ``strings`` holds their
        N-Triples forms."""
        table = cls()
        # Filled at once, not term by term through id(): a table of a whole project's terms is
        # made at every load.
        table.strings = strings
        table.terms = terms
        table.ids = dict(zip(terms, range(len(terms))))
        table.kind = bytearray(LITERAL if text[0] == '"' else BLANK if text[0] == "_" else IRI for text in strings)
        return table

    def sorted_copy(self, extra: Iterable[Term] = ()) -> tuple[TermTable, list[int]]:
        """This table's terms and ``extra``, numbered in N-Triples order, and each old number's new one."""
        table = TermTable.sorted([*self.terms, *extra])
        return table, [table.ids[term] for term in self.terms]

    def id(self, term: Term) -> int:
        """The id of ``term``, given a new one if it has none yet."""
        found = self.ids.get(term)
        if found is None:
            found = self.ids[term] = len(self.terms)
            self.terms.append(term)
            self.kind.append(LITERAL if isinstance(term, ox.Literal) else BLANK if isinstance(term, ox.BlankNode) else IRI)
        return found

    def iri(self, value: str) -> int:
        return self.id(ox.NamedNode(value))

    def triple(self, t: Triple) -> tuple[Term, Term, Term]:
        terms = self.terms
        return terms[t[0]], terms[t[1]], terms[t[2]]

    def encode(self, triples: Iterable[tuple[Term, Term, Term]]) -> list[Triple]:
        ids = self.ids
        get = self.id
        return [(ids.get(s) or get(s), ids.get(p) or get(p), ids.get(o) or get(o)) for s, p, o in triples]

    def string(self, i: int) -> str:
        """Term ``i`` in N-Triples, as pyoxigraph writes it."""
        strings = self.strings
        return strings[i] if i < len(strings) else str(self.terms[i])

    def datatype(self, i: int) -> str:
        """The datatype IRI of literal ``i``."""
        found = self._datatypes.get(i)
        if found is None:
            term = self.terms[i]
            assert isinstance(term, ox.Literal)
            found = self._datatypes[i] = term.datatype.value
        return found

    def intrinsic_types(self, i: int) -> tuple[int, ...]:
        """The datatypes literal ``i`` belongs to by itself (OWL 2 RL's dt-type2, as owlrl applies it)."""
        found = self._intrinsic.get(i)
        if found is None:
            from .datatypes import intrinsic_types

            found = self._intrinsic[i] = tuple(self.iri(d) for d in intrinsic_types(self.datatype(i)))
        return found

    def lexical_ok(self, i: int) -> bool:
        """Whether literal ``i`` is a valid value of its datatype, as owlrl's dt-not-type judges it."""
        found = self._lexical.get(i)
        if found is None:
            from .datatypes import lexical_form_ok

            term = self.terms[i]
            assert isinstance(term, ox.Literal)
            found = self._lexical[i] = lexical_form_ok(self.datatype(i), term.value)
        return found

    def __len__(self) -> int:
        return len(self.terms)
