"""Find an entity by the name a reader types: its label, another name, or its IRI's local name,
in any case and with or without spaces, hyphens, apostrophes and a leading "the" ("Chang'e 4",
"chang'e-4", "change4" and d:Change-4 all name d:change-4, "the moon" names d:moon).

A stored query's IRI parameter may be given as a name; :func:`to_term` writes it as an IRI
under :data:`NAME_PREFIX`, and :func:`resolve_names` replaces it, on the graph that answers, with
the one entity of that name. A ``d:`` IRI that is in no triple is looked up the same way, among the
entities (not the ontology's classes and properties), so that a slip of case or hyphen names the
entity rather than giving an empty answer; a ``skg:`` or ``src:`` IRI in no triple, among the terms
of its own namespace (skg:metlate is skg:MetLate, src:A002 is src:a002). A Q-id names the item
itself where the graph describes it (the Wikidata view), else the entity linked to it.
"""

from __future__ import annotations

import functools
import itertools
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import ID, OWL, RDF, RDFS, SKG, SKOS, SOURCE, WD, expand, shorten

if TYPE_CHECKING:
    from .engine import KnowledgeGraph
    from .queries import Parameter

# A name waiting to be looked up, as an IRI so that a parameter's value has one type until then.
NAME_PREFIX = "urn:spacekg:name:"


def as_name(text: str) -> ox.NamedNode:
    """The placeholder for a name given where an IRI is expected."""
    return ox.NamedNode(NAME_PREFIX + urllib.parse.quote(text, safe=""))


def given_name(term: ox.NamedNode | ox.Literal) -> str | None:
    """The name ``term`` stands for, if it is a placeholder made by :func:`as_name`."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(NAME_PREFIX):
        return urllib.parse.unquote(term.value.removeprefix(NAME_PREFIX))
    return None


# A name looked up is compared with the key of every label of the graph: each key is made once.
@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """What is left of a name when case, spacing, hyphens, apostrophes and a leading "the" do not
    count: a reader writes "the Moon" and "The Independent" with or without it.

    Example:
        >>> name_key("Chang'e-4") == name_key("chang\u2019e 4") == name_key("change4")
        True
        >>> name_key("the Moon") == name_key("Moon") and name_key("The") == "the"
        True
    """
    from ..wikidata.client import normalise_label  # only when a name is looked up

    words = normalise_label(text).split(" ")
    return "".join(words[1:] if len(words) > 1 and words[0] == "the" else words)


def linked_to(store: ox.Store, item: str) -> set[str]:
    """The entities that ``skg:wikidata`` links to the Wikidata item ``item``."""
    return {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(SKG + "wikidata"), ox.NamedNode(item))
            if isinstance(q.subject, ox.NamedNode)}


def named(store: ox.Store, text: str, *, kind: str | None = None) -> list[str]:
    """The IRIs whose label, other name (``skos:altLabel``) or ``d:`` local name has the key of
    ``text``, or, for a Q-id ("Q723045"), that are linked to that Wikidata item; in order.

    Where none has, the name is read as a reader may have turned it: a possessive ("the Moon's")
    names its owner, "the Moon's far side" is "far side of the Moon", a label's part in brackets
    ("Long March (rocket family)") may be left out, a plural names what its singular does, an
    adjective the body or country it is of ("lunar": the Moon, "Chinese": China), a country's
    possessive its things ("China's space program", "the United States' space agency"), and a
    known owner's possessive or a country's adjective before a name that name ("NASA's
    Perseverance rover", "the Soviet Luna 24 probe").
    Given the ``kind`` (a class) of the thing wanted, the first reading that names things of that
    kind gives them: "asteroids" wanted as a class is skg:Asteroid, not the entity d:asteroids;
    where none does, the first reading that names anything."""
    import unicodedata

    # A Q-id typed in full-width forms ("Ｑ７２３０４５") is that Q-id, as a name so typed is that name.
    if re.fullmatch(r"\s*[Qq][1-9][0-9]*\s*", qid := unicodedata.normalize("NFKC", text)):
        item = WD + qid.strip().upper()
        # The item itself where the graph describes it (the Wikidata view), else what links to it.
        linked = linked_to(store, item) | ({item} if _is_subject(store, ox.NamedNode(item)) else set())
        if linked:
            return sorted(linked)
    first: list[str] = []
    # Every name of the graph is gone over once, for all the readings.
    index = _name_index(store)
    readings = itertools.chain((sorted(index.get(wanted, ())) for wanted in _readings(text)),
                               (sorted(iri for iri in index.get(rest, ()) if _is_a(store, iri, word_kind))
                                for rest, word_kind in _with_a_kind(store, text)),
                               (_of_adjective(store, index, text) for _ in range(1)),
                               (_countrys(store, index, text) for _ in range(1)),
                               # "Russia's space agency" is no name of the class either.
                               (sorted(iri for iri in index.get(key, ()) if not _is_a(store, iri, ox.NamedNode(OWL + "Class"))
                                       and (word_kind is None or _is_a(store, iri, word_kind)))
                                for owned in [*_owned(index, text), *_after_adjective(store, index, text)]
                                for key, word_kind in [(name_key(owned), None), *_with_a_kind(store, owned)]))
    for found in readings:
        if kind is None:
            if found:
                return found
            continue
        if of_kind := [iri for iri in found if iri == kind or _is_a(store, iri, ox.NamedNode(kind))]:
            return of_kind
        first = first or found
    return first


def _with_a_kind(store: ox.Store, text: str) -> list[tuple[str, ox.NamedNode]]:
    """The readings of ``text`` as a name with a word for its kind before or after it ("the planet
    Mars", "Queqiao relay satellite"): the key of the rest, and the class the word names."""
    from ..wikidata.client import normalise_label

    words = normalise_label(re.sub(r"^\s*the\s+", "", text, flags=re.IGNORECASE)).split()
    found = []
    for kind, name in _class_names(store):
        size = len(name)
        if len(words) > size and tuple(words[-size:]) == name:
            found.append((name_key(" ".join(words[:-size])), kind))
        if len(words) > size and tuple(words[:size]) == name:
            found.append((name_key(" ".join(words[size:])), kind))
    return found


def _of_adjective(store: ox.Store, index: Mapping[str, set[str]], text: str) -> list[str]:
    """The celestial bodies or countries whose adjective ``text`` is ("lunar": the Moon,
    "Chinese": China)."""
    from ..adjectives import BODY_ADJECTIVES, country_adjectives
    from ..wikidata.client import normalise_label

    word = normalise_label(re.sub(r"^\s*the\s+", "", text, flags=re.IGNORECASE))  # "the Soviets"
    # The body's own name, whatever view answers (the asserted one types the Moon a natural
    # satellite only, not a celestial body).
    found = {iri for body, adjectives in BODY_ADJECTIVES.items() if word in adjectives
             for iri in index.get(name_key(body), ())}
    countries = {quad.subject.value for quad in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"),
                                                                         ox.NamedNode(SKG + "Country"), None)
                 if isinstance(quad.subject, ox.NamedNode)}
    for iri in sorted(countries):
        for prop in (RDFS + "label", SKOS + "altLabel"):
            for quad in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(prop), None, None):
                if isinstance(quad.object, ox.Literal) and word in country_adjectives(normalise_label(quad.object.value).split()):
                    found.add(iri)
    return sorted(found)


def _owned(index: Mapping[str, set[str]], text: str) -> list[str]:
    """The words after each possessive of ``text`` whose owner the graph names, the last first:
    "NASA's Perseverance rover" says whose the rover is, not what it is."""
    return [text[mark.end():].strip() for mark in _possessives(text) if index.get(name_key(text[: mark.start()]))]


def _possessives(text: str) -> list[re.Match[str]]:
    """The possessive endings of ``text`` ("'s ", "s' "), the last first."""
    from ..wikidata.client import APOSTROPHES

    apostrophe = f"[{''.join(map(chr, APOSTROPHES))}]"
    return list(reversed(list(re.finditer(rf"(?:{apostrophe}s|(?<=s){apostrophe})\s+", text, re.IGNORECASE))))


def _after_adjective(store: ox.Store, index: Mapping[str, set[str]], text: str) -> list[str]:
    """The words after a country's or a body's adjective that starts ``text``: "the Soviet Luna 24
    probe" says whose the probe is, and "Luna 24 probe" which."""
    words = re.sub(r"^\s*the\s+", "", text, flags=re.IGNORECASE).split()
    return [" ".join(words[n:]) for n in (1, 2) if len(words) > n and _of_adjective(store, index, " ".join(words[:n]))]


def _countrys(store: ox.Store, index: Mapping[str, set[str]], text: str) -> list[str]:
    """What a country's possessive names, as the linker reads it in a text: "China's space
    program" the thing named by the country's adjective before the words (the Chinese space
    program), "China's space agency" or "the United States' space agency" the things of the kind
    the words name whose country (``skg:country``) it is."""
    from ..adjectives import country_adjectives, singulars
    from ..wikidata.client import normalise_label

    # The owner is the name before the last possessive that names a country: "the People's
    # Republic of China's space agency".
    owned, countries = None, set()
    for mark in _possessives(text):
        owner = re.sub(r"^\s*the\s+", "", text[: mark.start()], flags=re.IGNORECASE)
        countries = {ox.NamedNode(iri) for iri in index.get(name_key(owner), ())
                     if _is_a(store, iri, ox.NamedNode(SKG + "Country"))}
        if countries:
            owned = (owner, text[mark.end():].strip())
            break
    if owned is None:
        return []
    adjectives = {adjective for country in countries for prop in (RDFS + "label", SKOS + "altLabel")
                  for quad in store.quads_for_pattern(country, ox.NamedNode(prop), None, None)
                  if isinstance(quad.object, ox.Literal)
                  for adjective in country_adjectives(normalise_label(quad.object.value).split())}
    if named := sorted({iri for adjective in adjectives for iri in index.get(name_key(f"{adjective} {owned[1]}"), ())}):
        return named
    words = {tuple(normalise_label(form).split()) for form in (owned[1], *singulars(owned[1]))}
    kinds = [kind for kind, name in _class_names(store) if name in words]
    return sorted({quad.subject.value for country in countries
                   for quad in store.quads_for_pattern(None, ox.NamedNode(SKG + "country"), country, None)
                   if isinstance(quad.subject, ox.NamedNode) and any(_is_a(store, quad.subject.value, k) for k in kinds)})


def _class_names(store: ox.Store) -> list[tuple[ox.NamedNode, tuple[str, ...]]]:
    """The ontology's classes with the words of each of their names."""
    from ..wikidata.client import normalise_label

    classes = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"),
                                                          ox.NamedNode(OWL + "Class"), None)}
    names = set()
    for prop in (RDFS + "label", SKOS + "altLabel"):
        for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            if quad.subject in classes and isinstance(quad.subject, ox.NamedNode) \
                    and isinstance(quad.object, ox.Literal):
                names.add((quad.subject, tuple(normalise_label(quad.object.value).split())))
    return sorted(names, key=lambda kn: (-len(kn[1]), kn[0].value, kn[1]))


def _is_a(store: ox.Store, iri: str, kind: ox.NamedNode) -> bool:
    return next(iter(store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(RDF + "type"), kind, None)), None) \
        is not None


def _readings(text: str) -> list[str]:
    """The keys ``text`` is looked up by, in turn: as written, then as a reader may have turned
    it (see :func:`named`)."""
    from ..wikidata.client import APOSTROPHES

    keys = [name_key(text)]
    # "Mars (planet)": a part in brackets that tells a name apart, as labels have; "the former
    # Soviet Union": a word for when the thing was.
    keys.append(name_key(re.sub(r"\s*\([^()]*\)\s*", " ", text).strip()))
    keys.append(name_key(re.sub(r"^\s*(?:the\s+)?(?:former|erstwhile|then|now-defunct)\s+", "", text,
                                flags=re.IGNORECASE)))
    apostrophe = f"[{''.join(map(chr, APOSTROPHES))}]"
    owner = re.fullmatch(rf"\s*(?:the\s+)?(.+?){apostrophe}s?\s*", text, re.IGNORECASE)
    if owner:
        keys.append(name_key(owner[1]))
    owned = re.fullmatch(rf"\s*(?:the\s+)?(.+?){apostrophe}s?\s+(.+?)\s*", text, re.IGNORECASE)
    if owned:
        keys.append(name_key(f"{owned[2]} of the {owned[1]}"))
    # "rockets", "launch vehicles", "countries": a plural names the things its singular does.
    from ..adjectives import singulars

    keys.extend(name_key(singular) for singular in singulars(text))
    return [key for i, key in enumerate(keys) if key and key not in keys[:i]]


def _name_index(store: ox.Store) -> dict[str, set[str]]:
    """The IRIs by the keys of their labels, other names (``skos:altLabel``) and ``d:`` local
    names."""
    index: dict[str, set[str]] = {}
    for prop in (RDFS + "label", SKOS + "altLabel"):
        for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                for key in _label_keys(quad.object.value):
                    index.setdefault(key, set()).add(quad.subject.value)
    # Filtered here, not in the query: a FILTER on STR(?x) costs the engine a string for every
    # triple of the graph (about a second at 100,000 triples), DISTINCT alone a fifth of that.
    for row in store.query("SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x ?p ?o } }"):  # type: ignore[union-attr]
        subject = row[0]
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(ID):
            index.setdefault(name_key(subject.value.removeprefix(ID)), set()).add(subject.value)
    return index


@functools.lru_cache(maxsize=1 << 16)
def _label_keys(label: str) -> tuple[str, ...]:
    """The keys a label is found by: its own, and without a part in brackets that tells it apart
    ("Long March (rocket family)" is found as "Long March")."""
    bare = re.sub(r"\s*\([^()]*\)\s*", " ", label).strip()
    return (name_key(label), name_key(bare)) if bare and bare != label else (name_key(label),)


def close_names(store: ox.Store, text: str, *, count: int = 3) -> list[str]:
    """The entities, items of the Wikidata view and terms of the ontology (a class, a verdict, a
    plan status) whose label or other name is closest to ``text`` (a slip: "Chyna", "Quequiao",
    "overdeu"), as ``d:china (China)``, closest first; names are compared as :func:`name_key`
    writes them."""
    import difflib

    wanted = name_key(text)
    if not wanted:
        return []
    by_key: dict[str, set[tuple[str, str]]] = {}
    for prop in (RDFS + "label", SKOS + "altLabel"):
        for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith((ID, WD, SKG)) \
                    and isinstance(quad.object, ox.Literal):
                by_key.setdefault(name_key(quad.object.value), set()).add((quad.subject.value, quad.object.value))
    shown: dict[str, str] = {}
    for key in difflib.get_close_matches(wanted, sorted(by_key), n=count * 2, cutoff=0.75):
        for iri, name in sorted(by_key[key]):
            shown.setdefault(iri, f"{shorten(iri)} ({name})")
    return list(shown.values())[:count]


def no_such_name(store: ox.Store, text: str) -> str:
    """What to say of a name that no entity has: the close names, or how to name one."""
    close = close_names(store, text)
    if close:
        return f"nothing in the graph has that name or label; did you mean {', '.join(close)}?"
    return "nothing in the graph has that name or label; give a prefixed name such as d:change-4 (wd:Q723045 in " \
           "the Wikidata view) or a label such as \"Chang'e 4\""


def _is_subject(store: ox.Store, term: ox.NamedNode) -> bool:
    return next(iter(store.quads_for_pattern(term, None, None)), None) is not None


def same_local_name(store: ox.Store, term: ox.NamedNode, namespace: str) -> list[str]:
    """The IRIs of ``namespace`` that are the subject of a triple and whose local name has the
    key of ``term``'s (skg:metlate, skg:Met-Late: skg:MetLate; src:A002: src:a002)."""
    wanted = name_key(term.value.removeprefix(namespace))
    found = {row[0].value for row in store.query(  # type: ignore[union-attr]
        "SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x ?p ?o } }")
        if isinstance(row[0], ox.NamedNode) and row[0].value.startswith(namespace)
        and name_key(row[0].value.removeprefix(namespace)) == wanted}
    return sorted(found) if wanted else []


def in_graph(store: ox.Store, term: ox.NamedNode) -> bool:
    """Whether ``term`` is the subject, predicate or object of a triple in ``store``."""
    return any(next(iter(quads), None) is not None
               for quads in (store.quads_for_pattern(term, None, None), store.quads_for_pattern(None, term, None),
                             store.quads_for_pattern(None, None, term)))


def _own_namespace(iri: str) -> str | None:
    """The namespace of spacekg's ontology or articles that ``iri`` is in, if either."""
    return next((ns for ns in (SKG, SOURCE) if iri.startswith(ns) and len(iri) > len(ns)), None)


def resolve_names(store: ox.Store, bindings: Mapping[str, ox.NamedNode | ox.Literal],
                  parameters: Iterable[Parameter] = ()) -> dict[str, ox.NamedNode | ox.Literal]:
    """Replace each name given for an IRI parameter, each ``d:`` IRI that is in no triple of
    ``store`` but names an entity (not a term of the ontology) in another case or hyphenation, each
    ``skg:`` or ``src:`` IRI in no triple whose local name is another's in another case or
    hyphenation, and each Wikidata item that ``store`` only links to, with the one IRI of that name
    or link. Where a name has several, those of the class the parameter takes (``parameters``
    declare it, as ``iri(owl:Class)``) are the ones it means: "spacecraft" given for a class is the
    class skg:Spacecraft, not the property skg:spacecraft.

    Raises:
        QueryError: no entity has a name given, or more than one has it.
    """
    kinds = {p.name: p.kind for p in parameters if p.kind}
    out = dict(bindings)
    for param, term in bindings.items():
        text = given_name(term)
        if text is not None:
            found = named(store, text, kind=kinds.get(param))
            if not found:
                raise QueryError(f"parameter {param}={text!r}: {no_such_name(store, text)}")
        elif isinstance(term, ox.NamedNode) and term.value.startswith(WD) \
                and next(iter(store.quads_for_pattern(term, None, None)), None) is None:
            # A Wikidata item that is no subject here (the Wikidata view describes it; this view
            # only links to it) stands for the entity linked to it: wd:Q723045 is d:change-4.
            found = sorted(linked_to(store, term.value))
            text = shorten(term.value)
        elif isinstance(term, ox.NamedNode) and term.value.startswith(ID) and not in_graph(store, term):
            # Unmatched, it stays as given: the command line warns about it with the close names.
            # Only an entity is taken (in the Wikidata view, d:change-4 is its item): d:spacecraft
            # is no slip for the class skg:Spacecraft or the property skg:spacecraft.
            found = [iri for iri in named(store, term.value.removeprefix(ID), kind=kinds.get(param))
                     if not iri.startswith(SKG)]
            text = shorten(term.value)
        elif isinstance(term, ox.NamedNode) and (namespace := _own_namespace(term.value)) \
                and not in_graph(store, term):
            # A term of the ontology or an article written in another case or hyphenation
            # (skg:metlate, src:A002) is that term, as a d: name is its entity.
            found = same_local_name(store, term, namespace)
            text = shorten(term.value)
        else:
            continue
        if len(found) > 1 and (kind := kinds.get(param)):
            found = [iri for iri in found if iri == kind or _is_a(store, iri, ox.NamedNode(kind))] or found
        if len(found) > 1:
            raise QueryError(f"parameter {param}={text!r} is ambiguous: {', '.join(shorten(f) for f in found)}; "
                             "give one of them")
        if found:
            out[param] = ox.NamedNode(found[0])
    return out


def parameter_warnings(kg: KnowledgeGraph, parameters: Iterable[Parameter],
                       bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> tuple[str, ...]:
    """What an IRI parameter of a stored query would otherwise leave an answer empty without a
    word for: an IRI in no triple of the graph (with the closest IRIs it has), or a thing of another
    class than the one the parameter declares (with the things of that class named closest). The
    command line, the server and the API say the same."""
    kinds = {p.name: p.kind for p in parameters}
    # A query takes the class itself for "any" where the parameter's default is the class.
    any_of = {p.name for p in parameters if p.kind and p.default and expand(p.default) == p.kind}
    notes = []
    for key, term in sorted(bindings.items()):
        reason = kg.absent(term)
        if reason is None and isinstance(term, ox.NamedNode) and (kind := kinds.get(key)):
            reason = other_kind(kg, term, kind, key, class_for_any=key in any_of)
        if reason:
            notes.append(f"parameter {key}: {reason}")
    return tuple(notes)


_TYPE = ox.NamedNode(RDF + "type")


def other_kind(kg: KnowledgeGraph, term: ox.NamedNode, kind: str, key: str, *, class_for_any: bool = True
               ) -> str | None:
    """Why ``term`` is no thing of the class ``kind`` that the parameter ``key`` takes, if it is
    not: its own classes, and the three things of ``kind`` whose names are closest to its own.
    The class itself stands for "any" where a query takes it so (``status=skg:PlanStatus``,
    ``class_for_any``); elsewhere it is named as the class (``rover=rovers``, the class
    skg:Rover, where one rover is wanted)."""
    store = kg.store
    if next(iter(store.quads_for_pattern(term, _TYPE, ox.NamedNode(kind))), None):
        return None
    wanted = _a(shorten(kind))
    if term.value == kind:
        if class_for_any:
            return None
        close = sorted({q.subject.value for q in store.quads_for_pattern(None, _TYPE, term)
                        if isinstance(q.subject, ox.NamedNode)})[:3]
        return (f"{shorten(kind)} is the class itself, and {key} takes one {shorten(kind)}; "
                + (f"for example {', '.join(_shown(kg, ox.NamedNode(iri)) for iri in close)}" if close
                   else f"the graph has no {shorten(kind)}"))
    return (f"{_shown(kg, term)} {_classes(store, term)}, and {key} takes {wanted}; "
            + (f"did you mean {', '.join(_shown(kg, ox.NamedNode(iri)) for iri in close)}?"
               if (close := _closest_of(kg, term, kind)) else f"the graph has no {shorten(kind)}"))


def _shown(kg: KnowledgeGraph, node: ox.NamedNode) -> str:
    label = kg.label(node)
    return f"{shorten(node.value)} ({label})" if label else shorten(node.value)


def _classes(store: ox.Store, term: ox.NamedNode) -> str:
    """``is a skg:Country``: the most specific of ``term``'s classes, spacekg's own where it has one."""
    types = {q.object.value for q in store.quads_for_pattern(term, _TYPE, None) if isinstance(q.object, ox.NamedNode)}
    sub = ox.NamedNode(RDFS + "subClassOf")

    def below(a: str, b: str) -> bool:
        return next(iter(store.quads_for_pattern(ox.NamedNode(a), sub, ox.NamedNode(b))), None) is not None

    # A class equivalent to another (skg:Country and schema:Country) is below it both ways: both stay.
    specific = {t for t in types if not any(s != t and below(s, t) and not below(t, s) for s in types)}
    specific = {t for t in specific if t.startswith(SKG)} or specific
    if not specific:
        return "has no class in the graph"
    return "is " + " and ".join(_a(shorten(t)) for t in sorted(specific))


def _a(name: str) -> str:
    """``name`` with its indefinite article: "a skg:Country", "an owl:Class"."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _closest_of(kg: KnowledgeGraph, term: ox.NamedNode, kind: str, count: int = 3) -> list[str]:
    """The things of class ``kind`` whose label, other name or ``d:`` local name is closest to
    ``term``'s, closest first (ties by IRI)."""
    import difflib

    store = kg.store
    members = {q.subject.value for q in store.quads_for_pattern(None, _TYPE, ox.NamedNode(kind))
               if isinstance(q.subject, ox.NamedNode) and q.subject != term}
    wanted = name_key(kg.label(term) or term.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1])

    def score(iri: str) -> float:
        node = ox.NamedNode(iri)
        names = [q.object.value for prop in (RDFS + "label", SKOS + "altLabel")
                 for q in store.quads_for_pattern(node, ox.NamedNode(prop), None) if isinstance(q.object, ox.Literal)]
        names.append(iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        return max(difflib.SequenceMatcher(None, wanted, name_key(n)).ratio() for n in names)

    return sorted(members, key=lambda iri: (-score(iri), iri))[:count]
