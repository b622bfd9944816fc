"""What the project already knows by name: entities with their labels, other names and types, and
the ontology's classes, properties and controlled vocabularies.

The curation commands read it to link an article's mentions, to resolve the answers given to a fact
template ("Long March", ``d:xichang``, ``LunarSoftLanding``) and to check a new article's terms.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ..adjectives import singulars
from ..errors import UsageError
from ..namespaces import ID, OWL, PREFIXES, RDF, RDFS, SKG, expand, shorten
from ..rdf import parse
from ..sources.files import read_text
from ..sources.project import Project
from ..wikidata.client import WikidataClient, normalise_label

_TYPE = RDF + "type"
_LABEL = RDFS + "label"
_SUBCLASS = RDFS + "subClassOf"
_RANGE = RDFS + "range"
_DOMAIN = RDFS + "domain"
_ALT_LABEL = PREFIXES["skos"] + "altLabel"
_DEFINITION = PREFIXES["skos"] + "definition"
_WIKIDATA = SKG + "wikidata"
_DATE_PUBLISHED = SKG + "datePublished"
_TIMES = frozenset(SKG + local for local in ("earliestTime", "latestTime", "time", "timePrecision"))
_QUALIFIER = re.compile(r"\s*\(([^)]*)\)\s*$")
# Words of the titles an article puts before a person's name ("Deputy Director Lin Xiqiang",
# "Dr. Anil Bharadwaj", "Chief Designer Wu Weiren"): no part of the name.
_TITLES = ("mr mrs ms dr prof gen col capt sen rep gov sir dame president premier prime minister chairman chairwoman "
           "commander astronaut cosmonaut taikonaut director deputy vice chief designer spokesperson spokesman "
           "spokeswoman secretary general administrator professor academician engineer ambassador envoy head "
           # and the words for what a person does that a report puts there ("planetary scientist Long
           # Xiao", "Li Xianhua, a geochemist at IGGCAS").
           "scientist researcher astronomer astrophysicist physicist geologist geochemist geophysicist chemist "
           "official expert analyst historian economist journalist reporter correspondent editor lecturer "
           "founder").split()
# "Astronauts Ye Guangfu, Li Cong and Li Guangsu": a title before several names is in the plural.
_PLURAL_TITLES = ("astronauts cosmonauts taikonauts commanders engineers designers professors academicians "
                  "scientists researchers astronomers officials experts").split()
TITLE_WORDS = frozenset([*_TITLES, *_PLURAL_TITLES])
_PERSON_TITLES = frozenset(_TITLES)
# Verbs that end as the name of a person's trade does ("geochemist", "planetologist").
_NOT_TRADES = frozenset("consist persist insist resist assist subsist".split())
_TITLE = re.compile(rf"^(?:(?:{'|'.join(sorted(TITLE_WORDS))})\.?\s+)+", re.IGNORECASE)
_PREFIX = re.compile(r"^[a-z][a-z0-9]*:")
# A Long March's flight serial after its name ("Long March-2F Y18", "Long March 2F/G Y20"; Y for
# yao): one flight of the rocket, which the rocket's name names.
_SERIAL = re.compile(r"(?<=\w)(?:/[A-Z])?\s+Y\d{1,3}\b")
_FAMILY = re.compile(r"(?P<name>.+?)\s+(?:series|family|line)(?:\s+of\s+[^\W\d_][\w\s'-]*)?", re.IGNORECASE)
_FAMILY_WORDS = re.compile(r"\b(?:family|series|program|programme)\b", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# "its Chang'e-7 probe", "their Shenzhou-18 spacecraft": a possessive pronoun before a name, as "the".
_DETERMINER = re.compile(r"^(?:the|a|an|its|their|his|her|our)\s+", re.IGNORECASE)
# "the Moon's far side", "the United States' space agency": an owner's possessive before the owned.
_OWNED = re.compile(r"(?:the\s+)?(.+?)['\u2019]s\s+(.+)", re.IGNORECASE)
_WHERE = re.compile(r"\s*,?\s+(?:in|at|on|near)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])\s+", re.IGNORECASE)
_PERSON = SKG + "Person"
_PRONOUNS = frozenset("he she they it him her them his hers its their theirs we us i me you".split())
# "The former Soviet Union", "the then Soviet Union", "the original Queqiao" (beside Queqiao-2):
# when a thing was is no part of its name.
_WHEN = re.compile(r"^(?:former|erstwhile|then|now-defunct|defunct|late|original)\s+", re.IGNORECASE)


def person_title(word: str) -> bool:
    """Whether ``word`` (normalised) is a title or trade that says the name beside it is a person's:
    one of the titles a report puts before a name, or a trade named by its "-ist" ("selenologist",
    "volcanologist")."""
    return word in _PERSON_TITLES or (len(word) >= 7 and word.endswith("ist") and word not in _NOT_TRADES)


def _reaches(start: str, goal: str, edges: dict[str, set[str]]) -> bool:
    """Whether ``goal`` is ``start`` or is reached from it along ``edges``."""
    seen, todo = set(), [start]
    while todo:
        current = todo.pop()
        if current == goal:
            return True
        if current not in seen:
            seen.add(current)
            todo += edges.get(current, ())
    return False


@dataclass(frozen=True)
class Name:
    """One name of an entity: its label, another name it goes by, or its Wikidata label."""

    entity: str
    text: str
    kind: str  # "label", "alias" or "wikidata"


@dataclass(frozen=True)
class SecondValue:
    """A thing that one sentence gives two values of what it has one of."""

    subject: ox.NamedNode
    what: str
    """The single-valued property, or the claim class (a weekday claim about the subject)."""
    values: tuple[ox.NamedNode | ox.Literal, ...]
    """The values, or the claims about the subject."""

    @property
    def of_property(self) -> bool:
        return self.what not in _ONE_PER_EVENT

    def stating(self, value: ox.NamedNode | ox.Literal) -> tuple[object, ox.NamedNode, object]:
        """The triple that gives ``value``."""
        if self.of_property:
            return (self.subject, ox.NamedNode(self.what), value)
        return (value, ox.NamedNode(SKG + "aboutEvent"), self.subject)


# What an event is of: two events of one kind that share one of these may be one event.
EVENT_PARTS = frozenset(SKG + local for local in ("partOfMission", "payload", "landedSpacecraft", "hasParticipant"))
# What an event may be named after with a word for its kind: its parts, and the rocket a launch
# flew on ("the Zhuque-2 launch", where the rocket flew once).
_NAMING_PARTS = EVENT_PARTS | {SKG + "launchVehicle"}
# A sentence that dates an event says one weekday and one clock time for it.
_ONE_PER_EVENT = (SKG + "WeekdayClaim", SKG + "TimeClaim")


@dataclass
class Catalogue:
    """Names, types and vocabulary of a project's asserted graphs (see :func:`catalogue`)."""

    names: list[Name] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    individuals: dict[str, set[str]] = field(default_factory=dict)
    parts: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    """The events each (property, thing) of an event's mission, payload, craft, participant or
    rocket is said of: ``(skg:hasParticipant, d:zhurong)`` -> ``{d:zhurong-deployment}``."""
    other_names: dict[str, set[str]] = field(default_factory=dict)
    """The other names (skos:altLabel) of the ontology's terms, normalised: "conditional" for
    skg:Hypothetical."""
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The words a term's definition quotes as what sources write for it: ("plans to", "will",
    "by 2020") for skg:Planned."""
    published: dict[str, date] = field(default_factory=dict)
    offsets: dict[str, str] = field(default_factory=dict)
    """Each article's recorded UTC offset (skg:utcOffset), its dates' zone."""
    parents: dict[str, set[str]] = field(default_factory=dict)
    """Each class's direct superclasses (rdfs:subClassOf)."""
    ranges: dict[str, set[str]] = field(default_factory=dict)
    """Each property's named range classes (rdfs:range)."""
    domains: dict[str, set[str]] = field(default_factory=dict)
    """Each property's named domain classes (rdfs:domain)."""
    countries: dict[str, set[str]] = field(default_factory=dict)
    """Each thing's countries (skg:country): China's of the China Manned Space Agency."""
    said_of: dict[str, int] = field(default_factory=dict)
    """In how many triples each entity is the subject or the object: how much the project says of it."""
    within: dict[str, set[str]] = field(default_factory=dict)
    """Each place's places it lies in (skg:partOf, skg:locatedIn), wherever the project says so."""
    single_valued: set[str] = field(default_factory=set)
    """The properties a thing has one value of (skg:singleValued)."""
    ordinal_tracked: set[str] = field(default_factory=set)
    """The event classes the ordinal rules rank countries by: those a completeness declaration of
    every country's first achievements (one with no skg:coversAgent or skg:coversDestination) covers."""
    places_of: dict[str, set[str]] = field(default_factory=dict)
    """Each class whose definition ties it to places (an ``owl:hasValue`` restriction in the
    intersection it is equivalent to: a far-side landing's region): those places."""
    stated: dict[tuple[str, str], dict[str, ox.NamedNode | ox.Literal]] = field(default_factory=dict)
    """Each thing's value of each single-valued property, as each graph states it: ``(thing,
    property)``, then graph, then the value."""
    times: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """Each thing's time as each graph states it: graph, then ``earliestTime``, ``latestTime``,
    ``time`` or ``timePrecision`` and its value (an event dated by the background and an article)."""
    wikidata_labels: int = 0

    def is_a(self, iri: str, kind: str) -> bool:
        """Whether ``iri`` is typed ``kind`` or one of its subclasses."""
        return any(self.subsumed(cls, kind) for cls in self.types.get(iri, ()))

    def subsumed(self, cls: str, kind: str) -> bool:
        """Whether class ``cls`` is ``kind`` or one of its subclasses."""
        return _reaches(cls, kind, self.parents)

    def fits(self, iri: str, kind: str) -> bool:
        """Whether ``iri`` may be a ``kind``: it has no type yet, or one of its types is ``kind``,
        a subclass of it, or a superclass that ``kind`` narrows (a place may be a launch site)."""
        types = self.types.get(iri, set())
        return not types or any(self.subsumed(t, kind) or self.subsumed(kind, t) for t in types)

    def second_values(self, triples: Iterable[tuple[object, ox.NamedNode, object]]) -> list[SecondValue]:
        """Where ``triples`` (one sentence's facts) give a thing two values of a property it has
        one of (skg:singleValued), or an event two claims of its weekday or of its clock time:
        one sentence tells of one crew size and one launch vehicle, and each value would get its
        own verdict."""
        # Blank nodes are left out: the data files name what they describe.
        named = [(s, p, o) for s, p, o in triples
                 if isinstance(s, ox.NamedNode) and isinstance(o, (ox.NamedNode, ox.Literal))]
        values: dict[tuple[ox.NamedNode, str], set[ox.NamedNode | ox.Literal]] = {}
        for s, p, o in named:
            if p.value in self.single_valued:
                values.setdefault((s, p.value), set()).add(o)
        claims = {s: o.value for s, p, o in named if p.value == _TYPE and o.value in _ONE_PER_EVENT}
        for s, p, o in named:
            if s in claims and p.value == SKG + "aboutEvent" and isinstance(o, ox.NamedNode):
                values.setdefault((o, claims[s]), set()).add(s)
        # "Touched down in Inner Mongolia", "landed at Siziwang Banner": a place and a place within
        # it are one value at two precisions.
        return [SecondValue(subject, what, tuple(sorted(found, key=str)))
                for (subject, what), found in sorted(values.items(), key=lambda kv: (kv[0][0].value, kv[0][1]))
                if len(found) > 1 and not self._nested(found)]

    def lies_in(self, place: str, other: str) -> bool:
        """Whether ``place`` is ``other`` or lies in it, through skg:partOf and skg:locatedIn."""
        return _reaches(place, other, self.within)

    def _nested(self, values: set[ox.NamedNode | ox.Literal]) -> bool:
        """Whether every two of ``values`` are places one of which lies in the other."""
        named = sorted(v.value for v in values if isinstance(v, ox.NamedNode))
        return len(named) == len(values) and all(
            self.lies_in(a, b) or self.lies_in(b, a) for i, a in enumerate(named) for b in named[i + 1:])

    def case_variant(self, iri: str) -> str | None:
        """The entity the project has whose IRI is ``iri`` in other capitals (``d:Falcon-9`` for
        ``d:falcon-9``): a slip that would split one thing's facts over two nodes."""
        if self.known(iri) or not iri.startswith(ID):
            return None
        return self._by_folded_iri.get(iri.casefold())

    @cached_property
    def _by_folded_iri(self) -> dict[str, str]:
        return {e.casefold(): e for e in sorted({*self.types, *self.labels}, reverse=True) if e.startswith(ID)}

    @cached_property
    def short_names(self) -> list[Name]:
        """The labels of artifacts and places without the words at their end that say what the
        thing is ("Tiangong" of "Tiangong space station", "Von Kármán" of "Von Kármán crater",
        "Tianhe" of "Tianhe core module", whose other name is "core module"), which articles leave
        out or write otherwise ("the Tiangong station"). Only a name in capitals that names
        nothing else; kind ``short``. Not among :attr:`names`, which are the names the graph gives."""
        taken = {normalise_label(n.text) for n in self.names}
        kinds = {cls: {normalise_label(label), *self.other_names.get(cls, ())} for cls, label in self.classes.items()}
        found = []
        for name in self.names:
            types = self.types.get(name.entity, set())
            if name.kind != "label" or not types or not all(
                    self.subsumed(t, SKG + "Artifact") or self.subsumed(t, SKG + "Place") for t in types):
                continue
            said = {w for t in types for cls in kinds if self.subsumed(t, cls) for w in kinds[cls]}
            said |= {normalise_label(n.text) for n in self.names
                     if n.entity == name.entity and n.kind == "alias" and n.text == n.text.lower()}
            words = name.text.split()
            cut = next((c for c in range(1, len(words)) if normalise_label(" ".join(words[c:])) in said), None)
            if cut is None:
                continue
            rest = words[:cut]
            if all(w[:1].isupper() or w[:1].isdigit() for w in rest) and rest[0].lower().rstrip(".") not in TITLE_WORDS \
                    and normalise_label(" ".join(rest)) not in taken and not _ARTICLE.match(" ".join(rest) + " "):
                found.append(Name(name.entity, " ".join(rest), "short"))
        return sorted(set(found), key=lambda n: (n.entity, n.text))

    def known(self, iri: str) -> bool:
        """Whether ``iri`` is an entity the graph types or names, or an ontology term."""
        return iri in self.types or iri in self.labels or iri in self.classes or iri in self.properties

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or self.classes.get(iri) or self.properties.get(iri) or shorten(iri)

    def vocabulary(self, kind: str) -> dict[str, str]:
        """The members of a controlled vocabulary (``Modality``, ``TimePrecision``…): IRI -> label."""
        return {iri: self.labels.get(iri, shorten(iri)) for iri in sorted(self.individuals.get(SKG + kind, ()))}

    def ontology_class(self, text: str) -> str:
        """The ontology class named by ``text``: ``skg:Rover``, ``Rover`` or its label ("rover").

        Raises:
            UsageError: no class has that name; the closest names are suggested.
        """
        return self._term(text, self.classes, "class")

    def ontology_property(self, text: str) -> str:
        """The ontology property named by ``text``: ``skg:durationDays``, ``durationDays`` or its label.

        Raises:
            UsageError: no property has that name; the closest names are suggested.
        """
        return self._term(text, self.properties, "property")

    def vocabulary_term(self, kind: str, text: str) -> str:
        """The member of vocabulary ``kind`` named by ``text`` (``Reported``, ``reported``, ``skg:Reported``).

        Raises:
            UsageError: no member has that name; the members are listed.
        """
        members = self.vocabulary(kind)
        return self._term(text, members, re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower(), list_all=True)

    def _term(self, text: str, terms: dict[str, str], what: str, *, list_all: bool = False) -> str:
        wanted = text.strip()
        iri = expand(wanted) if ":" in wanted else SKG + wanted
        if iri in terms:
            return iri
        key = normalise_label(wanted)
        for candidate, label in terms.items():
            if normalise_label(label) == key or normalise_label(candidate.rsplit("#", 1)[-1]) == key \
                    or key in self.other_names.get(candidate, ()):
                return candidate
        # The same words in another order name the term when they name one only: "soft lunar
        # landing" is the "lunar soft landing".
        words = sorted(key.split())
        reordered = {candidate for candidate, label in terms.items()
                     if any(sorted(name.split()) == words
                            for name in (normalise_label(label), *self.other_names.get(candidate, ())))}
        if len(reordered) == 1:
            return reordered.pop()
        # A term's words but one that qualifies its last ("Mars landing" of the "Mars soft landing",
        # where "satellite launch" is no "satellite launch center"), or but the unit it is counted
        # in ("collected mass" of the "collected mass in grams"), in any order, name the term when
        # they name one only.
        given = set(words)

        def shortened(name: str) -> bool:
            have = name.split()
            unit = have[:-2] if len(have) > 2 and have[-2] == "in" else None
            return (given < set(have) and len(have) - len(words) == 1 and have[-1] in given) \
                or (unit is not None and sorted(unit) == words)

        near = {candidate for candidate, label in terms.items()
                if any(shortened(name) for name in (normalise_label(label), *self.other_names.get(candidate, ())))}
        if len(near) == 1:
            return near.pop()
        # "launches", "space stations": a plural names the term its singular does, as a stored
        # query's parameter reads it.
        for singular in singulars(wanted):
            try:
                return self._term(singular, terms, what, list_all=list_all)
            except UsageError:
                pass
        if list_all:
            # "plans to": the words a member's definition says sources write for it name it.
            cued = {t for t in terms if key in (normalise_label(c) for c in self.cues.get(t, ()))}
            if len(cued) == 1:
                return cued.pop()
            hint = "use one of " + ", ".join(t.rsplit("#", 1)[-1] + (f" ({', '.join(map(repr, self.cues[t]))})"
                                                                       if self.cues.get(t) else "") for t in terms)
        else:
            # Close to a term's label or other name too ("Mars landing missions": MarsSoftLanding).
            named = {name: t for t, label in terms.items()
                     for name in (label, *self.other_names.get(t, ()), t.rsplit("#", 1)[-1])}
            hint = suggest(wanted, named, shown_as={t: t.rsplit("#", 1)[-1] for t in terms})
        raise UsageError(f"{text!r} is not {'an' if what[:1] in 'aeiou' else 'a'} {what} of the ontology; {hint}")

    def entity(self, text: str, *, kind: str | None = None, compound: bool = True) -> str:
        """The entity named by ``text``: a prefixed name or ``<IRI>`` (taken as given, so that a new
        thing can be named), or a name that exactly one entity has as its label or other name.
        With ``kind`` (a class IRI), an unknown name is suggested only the names of things of
        that kind (an outlet's close names are organisations', not a rover's). Where no name
        matches, the words are read as a reader may have turned a name ("NASA's Perseverance
        rover", "… Space Centre in Sriharikota"), each part as a name only; ``compound=False``
        reads ``text`` so, and refuses it without suggestions.

        Raises:
            UsageError: the name is unknown or shared; candidates are suggested.
        """
        wanted = text.strip()
        given = None
        if wanted.startswith("<") and wanted.endswith(">"):
            given = wanted[1:-1]
        elif re.fullmatch(r"[A-Za-z][\w-]*:[^\s:/][^\s]*", wanted):
            if wanted.split(":", 1)[0] not in PREFIXES:
                raise UsageError(f"{text!r}: unknown prefix (use d:, src:, skg: or a full <IRI>)")
            given = expand(wanted)
        elif (spaced := re.fullmatch(r"([A-Za-z][\w-]*):(\S+(?:\s+\S+)+)", wanted)) and spaced[1] in PREFIXES \
                and not re.search(r"\b(?:and|or)\b|,|\w:", spaced[2]):  # a list is refused as one
            raise UsageError(f"{text!r}: an IRI has no spaces; write {spaced[1]}:{'-'.join(spaced[2].split())}")
        if given is not None:
            try:
                node = ox.NamedNode(given).value
            except ValueError:
                raise UsageError(f"{text!r} is not a valid IRI") from None
            if other := self.case_variant(node):
                raise UsageError(f"{text!r} differs from {shorten(other)} ({self.label(other)}) only in case, and "
                                 f"IRIs are case-sensitive: use {shorten(other)}, or another name for a new thing")
            return node
        key = normalise_label(wanted)
        found = sorted({n.entity for n in self.names if normalise_label(n.text) == key})
        bare = _SERIAL.sub("", _TITLE.sub("", _WHEN.sub("", _DETERMINER.sub("", wanted))))
        if not found and bare != wanted:
            # "Mr. Modi", "Dr. Anil Bharadwaj": a title is no part of the name, nor is
            # the grammatical article of "the United States" (unless a name has it: "The Independent").
            key = normalise_label(bare)
            found = sorted({n.entity for n in self.names if normalise_label(n.text) == key})
        # The name with its kind's word, as written, without its article, or without its title too.
        variants = list(dict.fromkeys(normalise_label(v) for v in (wanted, _WHEN.sub("", _DETERMINER.sub("", wanted)), bare)))
        for variant in variants if not found else ():
            found = found or self._named_with_its_kind(variant)
        if not found:
            found = sorted({n.entity for n in self.short_names if normalise_label(n.text) == normalise_label(bare)})
        if not found and (family := _FAMILY.fullmatch(bare)):
            # "the Long March series of carrier rockets", "the Shenzhou family": a series named by
            # its members' name is the family of that name ("Long March (rocket family)").
            key = normalise_label(family["name"])
            found = sorted({n.entity for n in self.names if normalise_label(n.text) == key
                            and _FAMILY_WORDS.search(self.labels.get(n.entity, ""))}
                           or {n.entity for n in self.names for word in ("program", "programme", "series", "family")
                               if normalise_label(n.text) == f"{key} {word}"})
        if not found:
            # "the Soviets", "lunar": the adjective of a country or a body, or the word for a
            # country's people, names it, as it does in a stored query's parameter.
            found = self._of_adjective(normalise_label(_ARTICLE.sub("", bare)))
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(f"{shorten(e)} ({self.label(e)})" for e in found)
            raise UsageError(f"{text!r} names several entities: {listed}; give the one you mean as d:…")
        if not compound:
            # A part of a compound reading is read as a name only: reading each part as a compound
            # again would cost time exponential in the answer's possessives and prepositions.
            raise UsageError(f"no entity is named {text!r}")
        if owner := re.fullmatch(r"(.+?)(?:['\u2019]s|s['\u2019])", wanted):
            # "CNSA's", "the Soviets'": an answer copied with the possessive of its sentence.
            try:
                return self.entity(owner[1] + ("s" if wanted[-1] in "'\u2019" else ""), kind=kind, compound=False)
            except UsageError:
                pass
        if owned := _OWNED.fullmatch(wanted):
            # "the Moon's far side" is the "far side of the Moon", as a stored query's parameter reads it.
            for reading in (f"{owned[2]} of the {owned[1]}", f"{owned[2]} of {owned[1]}"):
                try:
                    return self.entity(reading, kind=kind, compound=False)
                except UsageError:
                    pass
        # The owner is the name before the last possessive that names a country: "the People's
        # Republic of China's space agency".
        for owner in reversed(list(_POSSESSIVE.finditer(wanted))):
            if (countrys := self._countrys(wanted[: owner.start()], wanted[owner.end():], kind=kind)) is not None:
                if len(countrys) == 1:
                    return countrys[0]
                listed = ", ".join(f"{shorten(e)} ({self.label(e)})" for e in countrys)
                raise UsageError(f"{text!r} names several entities: {listed}; give the one you mean as d:…")
        for owner in reversed(list(_POSSESSIVE.finditer(wanted))):
            # "NASA's Perseverance rover": a known owner's possessive before a name says whose the
            # thing is, not what it is.
            if self._names_one(wanted[: owner.start()]) and self._names_one(wanted[owner.end():], kind=kind):
                return self.entity(wanted[owner.end():], kind=kind, compound=False)
        if bracketed := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", wanted):
            # "the Indian Space Research Organisation (ISRO)": a name with another of its names, or
            # its initials, in brackets, as an article introduces an initialism (or the other way).
            for one, other in ((bracketed[1], bracketed[2]), (bracketed[2], bracketed[1])):
                if not self._names_one(one, kind=kind):
                    continue
                named = self.entity(one, kind=kind, compound=False)
                if self._names_one(other) and self.entity(other, compound=False) == named \
                        or normalise_label(_ARTICLE.sub("", other)).replace(" ", "") == proper_initials(self.label(named)):
                    return named
        for where in _WHERE.finditer(wanted):
            # "the Satish Dhawan Space Centre in Sriharikota": a name with where the thing is.
            thing, place = wanted[: where.start()], wanted[where.end():]
            if self._names_one(thing, kind=kind) and self._names_one(place) \
                    and any(self.is_a(self.entity(place, compound=False), SKG + k) for k in ("Place", "CelestialBody", "Country")):
                return self.entity(thing, kind=kind, compound=False)
        words = _ARTICLE.sub("", wanted).split()
        for n in (1, 2):
            # "the Soviet Luna 24 probe", "the South Korean Danuri orbiter": so does a country's or
            # a body's adjective.
            if len(words) > n and self._of_adjective(normalise_label(" ".join(words[:n]))) \
                    and self._names_one(rest := " ".join(words[n:]), kind=kind):
                return self.entity(rest, kind=kind, compound=False)
        # "The probe", "the rover": the word for a kind of thing refers back to one, as a pronoun does.
        word = normalise_label(_ARTICLE.sub("", bare))
        kinds = sorted(cls for cls, label in self.classes.items()
                       if word in (normalise_label(label), *self.other_names.get(cls, ())))
        if kinds:
            named = ", ".join(shorten(k) for k in kinds)
            raise UsageError(f"{text!r} names a kind of thing ({named}), not one thing: give the name of the one it "
                             "refers to (an earlier sentence names it), or d:name for a new thing")
        meant = next((m for v in variants if (m := self._named_with_its_kind(v, any_kind=True))), [])
        if meant := [e for e in meant if kind is None or self.is_a(e, kind)]:
            # "the Chang'e-6 probe" of a mission the project has: the word says another kind of thing.
            listed = ", ".join(f"{shorten(e)} ({self.label(e)}; "
                               + ", ".join(self.classes.get(t, shorten(t)) for t in sorted(self.types.get(e, ()))) + ")"
                               for e in meant)
            raise UsageError(f"no entity is named {text!r}; the name without the word for its kind names {listed}, "
                             "which that word does not say: give it as d:… if the sentence means it "
                             "(a new thing is given as d:name)")
        # "JAXA official Hitoshi Kuninaka": words that say who a person is, which no class names.
        if people := self._person_after_words(bare):
            if len(people) == 1:
                return people[0]
            listed = ", ".join(f"{shorten(e)} ({self.label(e)})" for e in people)
            raise UsageError(f"{text!r} names several entities: {listed}; give the one you mean as d:…")
        if normalise_label(bare) in _PRONOUNS:
            raise UsageError(f"{text!r} stands for a name: give the name of the one it refers to (an earlier sentence "
                             "names them), or d:name for a new thing")
        close = {n.text: n.entity for n in [*self.names, *self.short_names] if kind is None or self.is_a(n.entity, kind)}
        # "SPA basin": the first words of a proper name in capitals, by their initials.
        close |= {shortened: entity for name, entity in list(close.items()) for shortened in _initialled(name)}
        if numbers := _numbers(wanted):
            # A number tells things apart, as it does for the linker: "Long March-10 rocket" is no
            # slip of "Long March rocket" (the family), nor "Shenzhou-18" of "Shenzhou 10".
            close = {name: entity for name, entity in close.items() if _numbers(name) == numbers}
        raise UsageError(f"no entity is named {text!r}; {suggest(bare, close, labels=self.labels)} "
                         "(a new thing is given as d:name)")

    def _names_one(self, text: str, *, kind: str | None = None) -> bool:
        """Whether ``text`` is a name of one entity (of ``kind``), read as a name only."""
        try:
            self.entity(text, kind=kind, compound=False)
        except UsageError:
            return False
        return True

    def _countrys(self, owner: str, words: str, *, kind: str | None) -> list[str] | None:
        """What a country's possessive before ``words`` names, as the linker reads it in a text:
        "China's space program" is the thing named by the country's adjective before the words (the
        Chinese space program); "China's space agency", "the United States' space agency" the things
        of the kind the words name whose country it is (every one of them: an answer is not
        guessed). None where ``owner`` is no country, or the words name neither a thing nor a kind
        of thing the project records of that country."""
        from ..adjectives import country_adjectives

        key = normalise_label(_ARTICLE.sub("", owner))
        countries = {n.entity for n in self.names if normalise_label(n.text) == key and self.is_a(n.entity, SKG + "Country")}
        if not countries:
            return None
        thing = normalise_label(words)
        adjectives = {a for n in self.names if n.entity in countries
                      for a in country_adjectives(normalise_label(n.text).split())}
        named = sorted({n.entity for n in self.names if normalise_label(n.text) in {f"{a} {thing}" for a in adjectives}
                        and (kind is None or self.is_a(n.entity, kind))})
        if named:
            return named
        classes = {cls for cls, label in self.classes.items()
                   if {normalise_label(label), *self.other_names.get(cls, ())} & {thing, *singulars(thing)}}
        if not classes:
            return None
        # None where the project records no such thing's country: the close names are suggested.
        return sorted(e for e, theirs in self.countries.items() if theirs & countries
                      and any(self.is_a(e, cls) for cls in classes) and (kind is None or self.is_a(e, kind))) or None

    def _of_adjective(self, word: str) -> list[str]:
        """The countries and celestial bodies ``word`` is the adjective of ("chinese", "lunar"), or
        whose people it names ("soviets")."""
        from ..adjectives import BODY_ADJECTIVES, country_adjectives

        bodies = {body for body, adjectives in BODY_ADJECTIVES.items() if word in adjectives}
        return sorted({n.entity for n in self.names if normalise_label(n.text) in bodies}
                      | {n.entity for n in self.names if self.is_a(n.entity, SKG + "Country")
                         and word in country_adjectives(normalise_label(n.text).split())})

    def _person_after_words(self, text: str) -> list[str]:
        """The person whose whole name ends ``text`` after words that say who they are ("JAXA
        official Hitoshi Kuninaka", "mission commander Jing Haipeng"): the longest such name. Words
        that list ("Jing Haipeng and Chen Dong") say who else, not who."""
        words = text.split()
        if re.search(r",|;|&|\b(?:and|or|with)\b", text, re.IGNORECASE):
            return []
        for start in range(1, len(words) - 1):
            key = normalise_label(" ".join(words[start:]))
            found = sorted({n.entity for n in self.names if normalise_label(n.text) == key and self.is_a(n.entity, _PERSON)})
            if found:
                return found
        return []

    def _named_with_its_kind(self, key: str, *, any_kind: bool = False) -> list[str]:
        """The entities that ``key`` names with a word for their kind before or after the name
        ("Queqiao relay satellite", "the Yutu rover", "rover Yutu 2", "Chang'e 4 mission"): the
        rest is one of their names, and they are of the class the word names (of any class, with
        ``any_kind``: what the words may have meant). A word for a kind of event after the name of
        a thing names the events of that kind it took part in ("SLIM landing", "Tianhe launch"),
        or that a rocket flew ("Zhuque-2 launch")."""
        kinds: dict[str, set[str]] = {}
        for cls, label in self.classes.items():
            for word in {normalise_label(label), *self.other_names.get(cls, ())}:
                kinds.setdefault(word, set()).add(cls)
        named: dict[str, set[str]] = {}
        for name in [*self.names, *self.short_names]:
            named.setdefault(normalise_label(name.text), set()).add(name.entity)
        found: set[str] = set()
        for word, classes in kinds.items():
            for rest in (key[:-len(word) - 1] if key.endswith(f" {word}") else "",
                         key[len(word) + 1:] if key.startswith(f"{word} ") else ""):
                found |= {e for e in named.get(rest, ()) if any_kind or any(self.is_a(e, c) for c in classes)}
            if not any_kind and key.endswith(f" {word}"):
                # A thing that is itself of that kind is what the words name ("Chang'e 4 event": the
                # mission), not the events it took part in.
                found |= {event for thing in named.get(key[:-len(word) - 1], ())
                          if not any(self.is_a(thing, c) for c in classes) for part in _NAMING_PARTS
                          for event in self.parts.get((part, thing), ()) if any(self.is_a(event, c) for c in classes)}
        return sorted(found)


def project_quads(project: Project, *, texts: Mapping[Path, str] | None = None) -> list[ox.Quad]:
    """Every asserted quad of ``project``, parsed with pyoxigraph (the curation commands need
    names and types, not an rdflib Dataset, and this is several times faster to read).
    ``texts`` gives some input files' text as a command is about to rewrite them.

    Raises:
        InputError: an input file is missing, unreadable or malformed (file, line and column).
    """
    return [q for _, quads in quads_by_file(project, texts=texts) for q in quads]


def quads_by_file(project: Project, *, texts: Mapping[Path, str] | None = None,
                  parsed: Mapping[Path, list[ox.Quad]] | None = None) -> list[tuple[Path, list[ox.Quad]]]:
    """:func:`project_quads`, file by file; a file in ``parsed`` (and not in ``texts``) is taken
    from it, not read again.

    Raises:
        InputError: as :func:`project_quads`.
    """
    found = []
    for item in project.input_files():
        if parsed and item.path in parsed and not (texts and item.path in texts):
            found.append((item.path, parsed[item.path]))
            continue
        fmt = ox.RdfFormat.TRIG if item.path.suffix == ".trig" else ox.RdfFormat.TURTLE
        text = texts[item.path] if texts and item.path in texts else read_text(item.path)
        graph = ox.NamedNode(item.graph) if item.graph else None
        found.append((item.path, [ox.Quad(q.subject, q.predicate, q.object, graph) if graph else q
                                  for q in parse(text, fmt, item.path)]))
    return found


def catalogue(quads: Iterable[ox.Quad], *, wikidata_cache: Path | None = None) -> Catalogue:
    """Read names, types and vocabulary from ``quads`` (the project's asserted graphs).

    Args:
        quads: the project's quads (:func:`project_quads`).
        wikidata_cache: the Wikidata client's cache directory; the English labels of the items
            the entities link to are read from it when ``spacekg link --online`` has stored them
            (never from the network).
    """
    cat = Catalogue()
    links: dict[str, str] = {}
    covers: dict[str, set[str]] = {}
    restricted: set[str] = set()
    quads = list(quads)
    cat.places_of = _restricted_places(quads)
    for q in quads:
        if not isinstance(q.subject, ox.NamedNode):
            continue
        subject, p, o = q.subject.value, q.predicate.value, q.object
        if p == _TYPE and isinstance(o, ox.NamedNode):
            cat.types.setdefault(subject, set()).add(o.value)
        elif p in (_LABEL, _ALT_LABEL) and isinstance(o, ox.Literal) and o.language in (None, "en"):
            if p == _LABEL:
                cat.labels.setdefault(subject, o.value)
            if subject.startswith(ID):
                _add_names(cat, subject, o.value, "label" if p == _LABEL else "alias")
            elif p == _ALT_LABEL:
                cat.other_names.setdefault(subject, set()).add(normalise_label(o.value))
        elif p == _DEFINITION and subject.startswith(SKG) and isinstance(o, ox.Literal) and o.language in (None, "en"):
            cat.cues[subject] = tuple(re.findall(r'"([^"]+)"', o.value))
        elif p == _SUBCLASS and isinstance(o, ox.NamedNode):
            cat.parents.setdefault(subject, set()).add(o.value)
        elif p == _RANGE and isinstance(o, ox.NamedNode):
            cat.ranges.setdefault(subject, set()).add(o.value)
        elif p == _DOMAIN and isinstance(o, ox.NamedNode):
            cat.domains.setdefault(subject, set()).add(o.value)
        elif p in (SKG + "partOf", SKG + "locatedIn") and isinstance(o, ox.NamedNode):
            cat.within.setdefault(subject, set()).add(o.value)
        elif p == SKG + "country" and isinstance(o, ox.NamedNode):
            cat.countries.setdefault(subject, set()).add(o.value)
        elif p == SKG + "singleValued" and isinstance(o, ox.Literal) and o.value in ("true", "1"):
            cat.single_valued.add(subject)
        elif p == SKG + "coversType" and isinstance(o, ox.NamedNode):
            covers.setdefault(subject, set()).add(o.value)
        elif p in (SKG + "coversAgent", SKG + "coversDestination"):
            restricted.add(subject)
        elif p == _DATE_PUBLISHED and isinstance(o, ox.Literal):
            cat.published[subject] = date.fromisoformat(o.value[:10])
        elif p == SKG + "utcOffset" and isinstance(o, ox.Literal):
            cat.offsets[subject] = o.value
        elif p in _TIMES and not isinstance(o, ox.Triple):
            cat.times.setdefault(subject, {}).setdefault(str(q.graph_name), {})[p.removeprefix(SKG)] = o.value
        elif p in _NAMING_PARTS and isinstance(o, ox.NamedNode):
            cat.parts.setdefault((p, o.value), set()).add(subject)
        elif p == _WIKIDATA and isinstance(o, ox.NamedNode):
            links[subject] = o.value.rsplit("/", 1)[-1]
    for q in quads:
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(ID):
                cat.said_of[term.value] = cat.said_of.get(term.value, 0) + 1
    cat.ordinal_tracked = {kind for declaration, kinds in covers.items() if declaration not in restricted for kind in kinds}
    for q in quads:
        if q.predicate.value in cat.single_valued and isinstance(q.subject, ox.NamedNode) \
                and isinstance(q.object, (ox.NamedNode, ox.Literal)):
            graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
            cat.stated.setdefault((q.subject.value, q.predicate.value), {})[graph] = q.object
    for iri, kinds in cat.types.items():
        if not iri.startswith(SKG):
            continue
        if OWL + "Class" in kinds:
            cat.classes[iri] = cat.labels.get(iri, iri)
        if kinds & {OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty"}:
            cat.properties[iri] = cat.labels.get(iri, iri)
        for kind in kinds:
            if kind.startswith(SKG):
                cat.individuals.setdefault(kind, set()).add(iri)
    for iri in cat.classes:
        cat.classes[iri] = cat.labels.get(iri, iri)
    if wikidata_cache is not None:
        _add_wikidata_labels(cat, links, wikidata_cache)
    cat.names.sort(key=lambda n: (n.entity, n.kind, n.text))
    return cat


_RESTRICTION_PARTS = frozenset({OWL + "equivalentClass", OWL + "intersectionOf", RDF + "first", RDF + "rest",
                                OWL + "hasValue"})


def _restricted_places(quads: list[ox.Quad]) -> dict[str, set[str]]:
    """For each class equivalent to an intersection, the values its ``owl:hasValue`` members
    restrict to (``skg:LunarFarSideSoftLanding``: ``d:far-side-of-the-moon``)."""
    edges: dict[tuple[str, str], list[ox.NamedNode | ox.BlankNode | ox.Literal]] = {}
    for q in quads:
        if q.predicate.value in _RESTRICTION_PARTS and isinstance(q.subject, (ox.NamedNode, ox.BlankNode)) \
                and isinstance(q.object, (ox.NamedNode, ox.BlankNode, ox.Literal)):
            edges.setdefault((str(q.subject), q.predicate.value), []).append(q.object)
    found: dict[str, set[str]] = {}
    for (subject, predicate), definitions in edges.items():
        if predicate != OWL + "equivalentClass" or not subject.startswith("<"):
            continue
        for definition in definitions:
            for members in edges.get((str(definition), OWL + "intersectionOf"), []):
                item: object = members
                while isinstance(item, ox.BlankNode):
                    for member in edges.get((str(item), RDF + "first"), []):
                        for value in edges.get((str(member), OWL + "hasValue"), []):
                            if isinstance(value, ox.NamedNode):
                                found.setdefault(subject[1:-1], set()).add(value.value)
                    rest = edges.get((str(item), RDF + "rest"), [])
                    item = rest[0] if rest else None
    return found


def _add_names(cat: Catalogue, entity: str, text: str, kind: str) -> None:
    cat.names.append(Name(entity, text, kind))
    # "Long March (rocket family)": the words before a disambiguating remark are a name too.
    match = _QUALIFIER.search(text)
    if match and match.start() > 0:
        cat.names.append(Name(entity, text[: match.start()], kind))


def _add_wikidata_labels(cat: Catalogue, links: dict[str, str], cache_dir: Path) -> None:
    if not links or not cache_dir.is_dir():
        return
    # What ``spacekg link --online`` cached; the graph's own names serve for the rest.
    infos = WikidataClient(cache_dir, offline=True).cached_entities(sorted(set(links.values())))
    for entity, qid in sorted(links.items()):
        info = infos.get(qid)
        if info is not None and info.label:
            cat.names.append(Name(entity, info.label, "wikidata"))
            cat.wikidata_labels += 1


def _bare(name: str) -> str:
    """``name`` as typed: without a prefix such as ``skg:`` (the slip is in the local name), case folded."""
    return _PREFIX.sub("", name).casefold()


def name_similarity(a: str, b: str, *, score_cutoff: float | None = None, processor: object = None) -> float:
    """rapidfuzz's WRatio without its partial token-set score, which rates two names 100 when they
    share one word: "Wenchang Space Launch Site" is no "space station" announcement. A name that
    holds the other whole ("Xichang" in "Xichang Satellite Launch Center") still scores high; one
    whose letters are only inside the other's words does not ("EU" in "Reuters").

    Example:
        >>> name_similarity("xichang", "xichang satellite launch center"), round(name_similarity("eu", "reuters"))
        (90.0, 44)
    """
    from rapidfuzz import fuzz

    shorter, longer = sorted((len(a), len(b)))
    length_ratio = longer / max(shorter, 1)
    if length_ratio < 1.5:
        score = max(fuzz.ratio(a, b), 0.95 * fuzz.token_sort_ratio(a, b), 0.95 * fuzz.token_set_ratio(a, b))
    else:
        scale = 0.9 if length_ratio <= 8 else 0.6
        in_order = " ".join(sorted(a.split())), " ".join(sorted(b.split()))
        score = max(fuzz.ratio(a, b), scale * _held_whole(a, b), scale * 0.95 * _held_whole(*in_order))
    return score if score_cutoff is None or score >= score_cutoff else 0.0


def _held_whole(a: str, b: str) -> float:
    """rapidfuzz's partial ratio of the shorter text within the longer, if the part it matches
    begins and ends at word edges there, give or take the one letter a slip moves them; else 0."""
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(a, b)
    if found is None:
        return 0.0
    text, start, end = (b, found.dest_start, found.dest_end) if len(a) <= len(b) else (a, found.src_start, found.src_end)

    def edge(i: int) -> bool:
        return i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum())

    return found.score if any(map(edge, (start - 1, start, start + 1))) and any(map(edge, (end - 1, end, end + 1))) else 0.0


def _numbers(name: str) -> list[str]:
    """The numbers in a name, in order ("Long March-10" -> ["10"], "Chang'e 4" -> ["4"])."""
    return re.findall(r"\d+", name)


# Words a proper name's initials leave out ("People's Republic of China" is PRC).
_NAME_CONNECTORS = frozenset({"of", "the", "de", "von", "van", "and", "for"})


def proper_initials(name: str) -> str:
    """The initials of ``name``, lower-cased, if it is a proper name written out: three words or
    more, each capitalised, leaving out "of", "and", "the", "for" and a qualifier in brackets;
    "" for a description ("microchip with Chinese music") or a name in capitals.

    Example:
        >>> proper_initials("People's Republic of China"), proper_initials("Long March (rocket family)")
        ('prc', '')
    """
    bare = re.sub(r"\s*\([^)]*\)", "", name)
    words = [w for w in bare.split() if w.lower() not in _NAME_CONNECTORS]
    letters = [ch for w in words for ch in w if ch.isalpha()]
    if len(words) < 3 or all(ch.isupper() for ch in letters) or not all(w[0].isupper() or w[0].isdigit() for w in words):
        return ""
    return "".join(w[0] for w in words).lower()


def _initialled(name: str) -> list[str]:
    """``name`` as texts shorten a proper name: its first two or more capitalised words written as
    their initials ("SPA Basin" of "South Pole Aitken Basin"), or all its initials, with or without
    stops ("PRC", "P.R.C." of "People's Republic of China").

    Example:
        >>> _initialled("South Pole Aitken Basin")
        ['SP Aitken Basin', 'SPA Basin', 'SPAB', 'S.P.A.B.']
    """
    words = name.split()
    capitalised = len(list(itertools.takewhile(lambda w: w[:1].isupper() and w.isalpha(), words)))
    out = [("".join(w[0] for w in words[:n]) + " " + " ".join(words[n:])).strip() for n in range(2, capitalised + 1)]
    if initials := proper_initials(name).upper():
        out += [initials, "".join(f"{letter}." for letter in initials)]
    return list(dict.fromkeys(out))


def suggest(text: str, names: Mapping[str, str], *, labels: Mapping[str, str] | None = None,
            shown_as: Mapping[str, str] | None = None) -> str:
    """"did you mean …?" with the names closest to ``text`` (``names``: name -> term); with
    ``labels``, each term is shown as its prefixed name and label, with ``shown_as`` as given there.

    Example:
        >>> suggest("launchVehicel", {"skg:launchVehicle": "x", "skg:launchSite": "y"})
        'did you mean skg:launchVehicle?'
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    # Keyboard slips are a letter left out, doubled, changed or two letters swapped: optimal string
    # alignment counts each as one edit, where an indel ratio counts a swap as two and lets every
    # sibling name ("change-3" for "change6-") tie with the name meant.
    found = process.extract(text, list(names), scorer=OSA.normalized_similarity, processor=_bare,
                            limit=10, score_cutoff=0.6)
    margin = 0.1
    if not found:
        # A part of a name ("Xichang" for "Xichang Satellite Launch Center") is no slip of the
        # keyboard but still names something: the linker's fuzzy scorer finds it.
        found = process.extract(text, list(names), scorer=name_similarity, processor=_bare, limit=10,
                                score_cutoff=85)
        margin = 5
    shown: dict[str, str] = {}
    for name, score, _ in found:
        if score >= found[0][1] - margin:
            term = names[name]
            shown.setdefault(term, shown_as[term] if shown_as is not None
                             else f"{shorten(term)} ({labels.get(term, name)})" if labels is not None else name)
    if not shown:
        return "no close name found"
    return "did you mean " + ", ".join(list(shown.values())[:3]) + "?"
