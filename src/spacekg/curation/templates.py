"""Fact templates: fill a sentence's graph from a few answers, in the shape of the curated data.

Each template names the answers it takes (:class:`Answer`) and turns them into triples: an event
node (launch, landing, crewed flight, docking, sample return), a plan, an ordinal or "first" claim, or the
attribution of a sentence to a speaker or to another outlet. Shared answers: ``when`` (the words
of the article, resolved against its publication date by :mod:`spacekg.curation.dates`, or
``date`` given by hand), ``modality`` (what kind of statement the sentence makes), ``id`` (the
node's name) and ``is`` (type a thing the sentence names).

Names in answers are resolved through the links confirmed in the review file for that sentence,
then through the project's names; a ``d:name`` that the project does not know yet names a new
thing (``spacekg check`` reports it until it is typed or labelled).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import ID, RDF, RDFS, SKG, SKOS, SOURCE, XSD, shorten
from ..rdf import Term
from ..sources.project import Project
from ..wikidata.client import normalise_label
from .catalogue import EVENT_PARTS, Catalogue, catalogue, project_quads
from .dates import (
    ABBREVIATED,
    MONTHS,
    WEEKDAYS,
    TimeWindow,
    Zone,
    after_event,
    bare_clock,
    clock_time,
    converted,
    explicit,
    resolve,
    time_of_day,
    words_zone,
    zone_hint,
)
from .linker import slug
from .review import confirmed_links, review_path
from .trig import Triple, graph_iri, iri, render_triples, skg, term
from .workflow import editing, facts_file

FUTURE_MODALITIES = ("Planned", "Expected", "Hypothetical")


@dataclass(frozen=True)
class Answer:
    """One answer a template takes: its option name, what it holds, and whether it repeats."""

    name: str
    kind: str  # entity, class, text, integer, number, days, place, flag
    help: str
    required: bool = False
    multiple: bool = False
    takes: tuple[str, ...] = ()
    """The classes of the things it takes, where its name does not say them ("--object": a mission
    or a craft), so that a thing given for another answer is pointed to it."""


@dataclass(frozen=True)
class Template:
    """A kind of statement and how its answers become triples."""

    name: str
    help: str
    answers: tuple[Answer, ...]
    fill: Callable[[Filling], None]
    modality: str = "Asserted"
    forces_modality: bool = False
    future: bool | None = None  # None: follow the sentence's modality
    timed: bool = False
    """Whether it takes the sentence's time (--when, --date, --tz): an event's node does, and a count
    its period; a claim's time is its event's."""

    def all_answers(self) -> tuple[Answer, ...]:
        return (*self.answers, *(TIME if self.timed else ()), *COMMON)


TIME = (
    Answer("when", "text", "the article's words for the time, e.g. \"On Friday\", \"by 2025\""),
    Answer("date", "text", "the period by hand (YYYY, YYYY-MM, YYYY-MM-DD, A..B) when the words need context"),
    Answer("tz", "text", "the UTC offset for day and week windows, e.g. +08:00 (default: the article's --tz, else "
                         "+00:00)"),
    Answer("after", "entity", "the event that --when counts from (\"a week later\", \"two days before\": the "
                              "launch), dated in the project"),
)
COMMON = (
    Answer("modality", "text", "what kind of statement the sentence is, e.g. asserted, planned, expected"),
    Answer("id", "text", "name of the new node (d:name, or a short name)"),
    Answer("is", "pair", "the sentence says what a thing it names is, e.g. --is d:xichang LaunchSite (repeatable)",
           multiple=True),
)


@dataclass
class Filling:
    """The answers given, the context they are read in, and the triples and provenance made."""

    template: Template
    article: str
    sentence_id: str
    values: Mapping[str, object]
    catalogue: Catalogue
    links: dict[str, str]
    published: date | None
    modality: str
    triples: list[Triple] = field(default_factory=list)
    provenance: dict[str, ox.NamedNode | ox.Literal | None] = field(default_factory=dict)
    named: list[ox.NamedNode] = field(default_factory=list)
    """The nodes named with ``--id``."""
    notes: list[str] = field(default_factory=list)
    """What the person should know about how the answers were read."""
    defaulted: list[ox.NamedNode] = field(default_factory=list)
    """The events named after their mission, payload or craft, for want of ``--id``."""
    named_after: dict[ox.NamedNode, tuple[ox.NamedNode, str]] = field(default_factory=dict)
    """For each of those, the thing it is named after and what it is (``launch``), to label it."""
    claims: list[ox.NamedNode] = field(default_factory=list)
    """The claims named after their sentence and words, for want of ``--id``."""

    def value(self, name: str) -> object:
        return self.values.get(name)

    def entity(self, text: str) -> ox.NamedNode:
        """The entity named by ``text``: a link confirmed for this sentence, else a project name or IRI."""
        linked = self.links.get(normalise_label(text))
        return iri(linked) if linked else iri(self.catalogue.entity(text))

    def many(self, name: str) -> tuple[object, ...]:
        """The values of an answer that may repeat (click gives them as a tuple)."""
        raw = self.values.get(name) or ()
        return tuple(raw) if isinstance(raw, (list, tuple)) else (raw,)

    def pairs(self, name: str) -> list[tuple[str, str]]:
        """The values of a pair answer, such as ``--is NAME CLASS`` (click gives each as a 2-tuple)."""
        found = []
        for pair in self.many(name):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise UsageError(f"--{name} takes two values each time, not {pair!r}")
            found.append((str(pair[0]), str(pair[1])))
        return found

    def entities(self, name: str) -> list[ox.NamedNode]:
        """The things an answer names. A repeatable answer may list them as a sentence does
        ("Ye Guangfu, Li Cong and Li Guangsu"), where the whole names nothing and each part names
        a thing."""
        repeats = any(a.name == name and a.multiple for a in self.template.all_answers())
        found = []
        for value in map(str, self.many(name)):
            try:
                found.append(self.entity(value))
            except UsageError:
                parts = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", value.strip()) if p]
                if len(parts) < 2 or not all(self.names_one(p) for p in parts):
                    raise
                if not repeats:
                    listed = ", ".join(shorten(self.entity(p).value) for p in parts)
                    raise UsageError(f"--{name} {value!r} names {len(parts)} things ({listed}), and --{name} takes one: "
                                     "give one of them") from None
                found += [self.entity(p) for p in parts]
        return found

    def names_one(self, text: str) -> bool:
        """Whether ``text`` names one thing (see :meth:`entity`)."""
        try:
            self.entity(text)
        except UsageError:
            return False
        return True

    def one(self, name: str) -> ox.NamedNode | None:
        found = self.entities(name)
        return found[0] if found else None

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal | None) -> None:
        """Add ``subject predicate obj``; a thing the project knows must be of a kind the property
        takes: OWL would otherwise make a rover a celestial body when it is given as --body."""
        if obj is None:
            return
        prop = skg(predicate) if ":" not in predicate else iri(predicate)
        self.refuse_misfit(obj, prop, self.catalogue.ranges, "takes")
        self.triples.append((subject, prop, obj))

    def refuse_misfit(self, thing: ox.NamedNode | ox.Literal, prop: ox.NamedNode, kinds: dict[str, set[str]],
                      role: str) -> None:
        """Refuse ``thing`` where ``prop`` needs another kind (its range, or its domain): a thing
        the project knows must be of a kind that ``prop`` takes or is said of."""
        if not isinstance(thing, ox.NamedNode):
            return
        cat = self.catalogue
        for kind in sorted(kinds.get(prop.value, ())):
            if not cat.fits(thing.value, kind):
                what = "; ".join(sorted(shorten(t) for t in cat.types.get(thing.value, ())))
                options = self._options_for(thing.value)
                raise UsageError(f"{shorten(thing.value)} ({cat.label(thing.value)}; {what}) is not a "
                                 f"{shorten(kind)}, which {shorten(prop.value)} {role}: give another answer"
                                 + (f", or give it with {' or '.join(options)}" if options else ""))

    def _options_for(self, thing: str) -> list[str]:
        """The template's answers for a thing that its kind's words name ("--mission" for a
        crewed mission, "--vehicle" for a launch vehicle), or that take its kind (a plan's
        "--object" a mission)."""
        cat = self.catalogue
        words = {w for cls in cat.classes if cat.is_a(thing, cls) for w in normalise_label(cat.classes[cls]).split()}
        return [f"--{a.name}" for a in self.template.all_answers() if a.kind == "entity" and (
            a.name in words or any(cat.is_a(thing, SKG + kind) for kind in a.takes))]

    def add_all(self, subject: ox.NamedNode, predicate: str, name: str) -> None:
        for obj in self.entities(name):
            self.add(subject, predicate, obj)

    def node(self, default: str | None, *, prefix: str = "", what: str = "", event: bool = False,
             after: tuple[ox.NamedNode, str] | None = None) -> ox.NamedNode:
        """The IRI of the template's node: ``--id`` (a d: name, or a short name that gets
        ``prefix``), else ``default``; ``what`` says what needs naming when neither is there. An
        ``event`` named by default is one a sentence tells of once (see :func:`_refuse_second_event`),
        named ``after`` a thing and what it is (the mission and "launch")."""
        given = self.values.get("id")
        if given:
            text = str(given)
            node = self.entity(text) if ":" in text or text.startswith("<") else iri(ID + prefix + slug(text))
            self.named.append(node)
            return node
        if default is None:
            raise UsageError(f"the {self.template.name} template needs --id to name {what or 'its node'}")
        node = iri(ID + prefix + default)
        if event:
            self.defaulted.append(node)
        if after is not None:
            self.named_after[node] = after
        return node

    def claimed_fact(self, node: ox.NamedNode, local: str, value: ox.NamedNode | ox.Literal) -> None:
        """State a value the sentence also claims, unless another graph of the project already
        gives ``node`` another value of that single-valued property: the sentence's value is then
        its claim only, which the verdict judges against the other, and the accepted view does not
        hold two values of one thing."""
        here = graph_iri(self.article, self.sentence_id).value
        others = {graph: other for graph, other in self.catalogue.stated.get((node.value, SKG + local), {}).items()
                  if graph != here and not _same_value(other, value)}
        if not others:
            self.add(node, local, value)
            return
        graph, other = min(others.items())
        self.notes.append(f"{shorten(node.value)} has skg:{local} {term(other)} in {shorten(graph)}: the sentence's "
                          f"{term(value)} is recorded as its claim only, which the verdict judges against it")

    def typed(self, node: ox.NamedNode, *classes: str) -> None:
        for local in classes:
            self.triples.append((node, iri(RDF + "type"), skg(local)))

    def time(self, node: ox.NamedNode) -> None:
        """The time of ``node`` from ``--when``/``--date``, as the curated data records it."""
        window = self.window()
        if window is None:
            return
        self.add(node, "timeExpression", ox.Literal(window.expression, language="en"))
        if self.values.get("after"):
            self._refuse_count_on_a_non_event(node)
            # Which event, so that `spacekg check` can tell when that event is re-dated under it.
            self.add(node, "countedFrom", self.entity(str(self.values["after"])))
        if window.anchored:
            self.add(node, "timeAnchor", iri(SOURCE + self.article))
        for predicate, instant in (("earliestTime", window.earliest), ("latestTime", window.latest)):
            self.add(node, predicate, _instant(instant))
        self.add(node, "timePrecision", skg(window.precision))
        self.read_at(node, window)

    def read_at(self, node: ox.NamedNode, window: TimeWindow) -> None:
        """Say at which UTC offset ``window``'s days or weeks were read, where --tz gave another
        than the article's: `spacekg check` reads the words again at the article's offset unless
        the fact says otherwise, and the day --tz gave would be an error there."""
        offset, own = self._offset()
        if own and window.precision in _ZONED_PRECISIONS and not window.zone:
            self.add(node, "windowUtcOffset", ox.Literal(offset_text(offset)))

    def _offset(self) -> tuple[timedelta, bool]:
        """The UTC offset the words' days and weeks are read at: --tz, else the article's, else
        UTC; and whether --tz gave one other than the article's."""
        given = self.values.get("tz")
        article = self.article_offset()
        offset = utc_offset(str(given)) if given else article if article is not None else \
            utc_offset(str(self.catalogue.offsets.get(SOURCE + self.article)))  # malformed: say so
        return offset, bool(given) and offset != article

    def article_offset(self) -> timedelta | None:
        """The article's UTC offset (UTC when it records none), or None when it is malformed."""
        try:
            return utc_offset(self.catalogue.offsets.get(SOURCE + self.article) or "+00:00", "utcOffset")
        except UsageError:
            return None

    def _publication_days(self, offset: timedelta) -> list[date]:
        assert self.published is not None
        return publication_days(self.published, self.article_offset() or timedelta(0), offset)

    def window(self) -> TimeWindow | None:
        when, by_hand = self.values.get("when"), self.values.get("date")
        if self.values.get("after") and not when:
            raise UsageError("--after needs the words that count from the event, with --when (\"a week later\")")
        if not when and not by_hand:
            return None
        if by_hand and not when:
            raise UsageError("--date gives the period of the article's words: give those words with --when too")
        if self.values.get("after"):
            if by_hand:
                raise UsageError("--after dates the words from another event's time, and --date by hand: give one")
            anchor = self.entity(str(self.values["after"]))
            window = after_event(str(when), *event_window(self.catalogue, anchor.value))
            self.notes.append(f"{str(when)!r} is counted from the time of {shorten(anchor.value)}")
            return window
        recorded = self.catalogue.offsets.get(SOURCE + self.article)
        offset, _ = self._offset()
        future = self.template.future
        if future is None:
            future = self.modality in FUTURE_MODALITIES
        if by_hand:
            given = explicit(str(when), str(by_hand), utc_offset=offset, zone=words_zone(str(when), utc_offset=offset))
            readings = self._words_windows(str(when), offset, future)
            _refuse_outside(given, readings, str(by_hand))
            self._note_zone(str(when), given, offset)
            # Words that count from the publication day ("early Saturday") still do when --date
            # says which of their readings is meant.
            return replace(given, anchored=True) if any(r.anchored for r in readings) else given
        if self.published is None:
            raise UsageError(f"{self.article} has no skg:datePublished, so relative dates cannot be resolved; "
                             "register it with `spacekg article add` or give --date")
        window = resolve(str(when), published=self.published, utc_offset=offset, future=future)
        if window.anchored and not window.zone and window.precision in _ZONED_PRECISIONS:
            window = self._one_reading(str(when), window, offset, future)
        if window.zone:
            self._note_zone(str(when), window, offset)
        elif not window.zone and not self.values.get("tz") and not recorded \
                and window.precision in _ZONED_PRECISIONS:
            # A day or week in Beijing starts eight hours before the UTC one: a verdict on the
            # date would compare the wrong day.
            self.notes.append(f"{str(when)!r} is read as a {window.precision.removeprefix('Precision').lower()} "
                              "at UTC+00:00; if the article dates it in another zone (a BEIJING dateline), "
                              f"remove the window from data/facts/{self.article}.trig and answer again with "
                              "--tz, e.g. --tz +08:00 (or register the article with its --tz)")
        return window


    def _note_zone(self, when: str, window: TimeWindow, offset: timedelta) -> None:
        if window.zone and window.precision in _ZONED_PRECISIONS and window.zone_offset != offset:
            self.notes.append(f"{when!r} is read as a day at {window.zone}, the zone its words name, not at "
                              f"UTC{offset_text(offset)}")

    def _refuse_count_on_a_non_event(self, node: ox.NamedNode) -> None:
        """A time counted from another event is an event's (skg:countedFrom says so of an event);
        a plan's target or a statement counted from one is given by hand."""
        kinds = {o.value for s, p, o in self.triples if s == node and p.value == RDF + "type"}
        kinds |= self.catalogue.types.get(node.value, set())
        if not any(self.catalogue.subsumed(kind, SKG + "Event") for kind in kinds):
            raise UsageError(f"--after counts an event's time from another event's, and {shorten(node.value)} is "
                             f"no event ({', '.join(sorted(shorten(k) for k in kinds)) or 'untyped'}): give its "
                             "period with --date")

    def _one_reading(self, when: str, window: TimeWindow, offset: timedelta, future: bool) -> TimeWindow:
        """The day or week ``when`` gives, read at another offset than the article's, where the
        publication day is two days ("early Saturday" in a Friday's New York paper is Saturday in
        Beijing): read from each, the words may give two. Words that name a day (a weekday, a
        month's day) that one of those days is name that day; otherwise the person says which
        with --date.

        Raises:
            UsageError: the readings differ and the words name no day that settles them.
        """
        days = self._publication_days(offset)
        readings = [window, *(resolve(when, published=day, utc_offset=offset, future=future) for day in days[1:])]
        distinct = list({(w.earliest, w.latest): w for w in readings}.values())
        if len(distinct) == 1:
            return window

        def local(w: TimeWindow) -> str:
            return "..".join(dict.fromkeys(f"{t + offset:%Y-%m-%d}" for t in (w.earliest, w.latest) if t is not None))

        # Words that name the day itself (a weekday, a month's day) name the one of those days
        # they fit, if one does; "yesterday" or "this week" count from it, and fit either.
        words = [ABBREVIATED.get(w, w) for w in re.findall(r"[a-z]+", when.lower())]
        weekdays = {WEEKDAYS[w] for w in words if w in WEEKDAYS}
        names_day = bool(weekdays) or (any(w in MONTHS for w in words) and re.search(r"\b\d{1,2}\b", when) is not None)
        on_a_day = [w for w in distinct if names_day and w.precision == "PrecisionDay" and w.earliest is not None
                    and (day := (w.earliest + offset).date()) in days and (not weekdays or day.weekday() in weekdays)]
        if len(on_a_day) == 1:
            if on_a_day[0] is not window:
                self.notes.append(f"{when!r} is read as {local(on_a_day[0])}, a day the publication day "
                                  f"{self.published} also is at UTC{offset_text(offset)}, not {local(window)}")
            return on_a_day[0]
        raise UsageError(
            f"{when!r} is {local(window)} read from the publication day {self.published}, but "
            f"{local(distinct[1])} from {days[1]}, which that day also is at UTC{offset_text(offset)}: give the "
            f"period the article means with --date ({local(window)} or {local(distinct[1])})")

    def _words_windows(self, when: str, offset: timedelta, future: bool) -> list[TimeWindow]:
        """The windows the words give by themselves, read from each calendar day the publication
        day is at ``offset``, where they resolve."""
        if self.published is None:
            return []
        found = []
        for day in self._publication_days(offset):
            try:
                found.append(resolve(when, published=day, utc_offset=offset, future=future))
            except UsageError:
                pass
        return found


def publication_days(published: date, article: timedelta, offset: timedelta) -> list[date]:
    """The calendar days at ``offset`` that the publication day (a day at the article's offset
    ``article``) overlaps: that day first, then the day after or before where the offsets differ."""
    start = datetime.combine(published, datetime.min.time()) + (offset - article)
    end = start + timedelta(days=1) - timedelta(seconds=1)
    return sorted({published, start.date(), end.date()}, key=lambda d: (d != published, d))


def _refuse_outside(given: TimeWindow, readings: list[TimeWindow], by_hand: str) -> None:
    """--date makes precise what the words leave open; it may not say another time than they do
    (in any of their ``readings``, from each day the publication day is where they are read).

    Raises:
        UsageError: the period given by hand is not within the one the words give.
    """
    def within(said: TimeWindow) -> bool:
        starts_in = said.earliest is None or (given.earliest is not None and given.earliest >= said.earliest)
        ends_in = said.latest is None or (given.latest is not None and given.latest <= said.latest)
        return starts_in and ends_in

    if not readings or any(within(said) for said in readings):
        return
    said = readings[0]
    ends = " .. ".join(t.strftime("%Y-%m-%d") if t else "open" for t in (said.earliest, said.latest))
    raise UsageError(f"--date {by_hand} is not within {said.expression!r}, which gives {ends}: --date "
                     "makes precise what the words leave open; leave it out, or give a period within theirs")


@dataclass(frozen=True)
class FactResult:
    """What :func:`add_fact` did: the triples added (as written) and the provenance set."""

    added: int
    text: str
    provenance: dict[str, str]
    existing: tuple[str, ...] = ()
    """For each node named with ``--id`` that the project already had: what it is."""
    notes: tuple[str, ...] = ()
    """How the answers were read, and what of the sentence's facts this template changed."""


def add_fact(project: Project, article: str, sentence_id: str, template_name: str,
             values: Mapping[str, object]) -> FactResult:
    """Fill ``article``'s sentence ``sentence_id`` with template ``template_name``.

    Raises:
        UsageError: an unknown template, sentence, name, class or modality, a missing answer, or
            an unresolvable time.
        InputError: the facts file or another project file is malformed.
    """
    template = TEMPLATES.get(template_name)
    if template is None:
        raise UsageError(f"no template {template_name!r}; use one of {', '.join(TEMPLATES)}")
    with editing(project):
        return _add_fact(project, article, sentence_id, template, values)


def _add_fact(project: Project, article: str, sentence_id: str, template: Template,
              values: Mapping[str, object]) -> FactResult:
    facts = facts_file(project, article)
    facts.require_sentence(sentence_id)
    if unknown := sorted(set(values) - {a.name for a in template.all_answers()}):
        timing = "" if template.timed else " (a claim's time is its event's: date the event with its own template)"
        raise UsageError(f"the {template.name} template takes no --{', --'.join(unknown)}{timing}")
    for answer in template.answers:
        if answer.required and not values.get(answer.name):
            raise UsageError(f"the {template.name} template needs --{answer.name} ({answer.help})")
    cat = catalogue(project_quads(project), wikidata_cache=project.cache_dir / "wikidata")
    current = facts.provenance(sentence_id).get("modality", [])
    if values.get("modality"):
        modality = cat.vocabulary_term("Modality", str(values["modality"]))
    elif template.forces_modality or not current:
        modality = skg(template.modality).value
    else:
        modality = current[0].value
    filling = Filling(template, article, sentence_id, values, cat,
                      confirmed_links(review_path(project, article)).get(sentence_id, {}),
                      cat.published.get(SOURCE + article), modality.rsplit("#", 1)[-1])
    template.fill(filling)
    for entity, kind in filling.pairs("is"):
        filling.triples.append((filling.entity(entity), iri(RDF + "type"), iri(cat.ontology_class(kind))))
    _label_new_events(filling, facts.graph(sentence_id).triples)
    filling.provenance.setdefault("modality", iri(modality))
    # The OWL closure does not read g:provenance: a rover given as a speaker would meet no range there.
    for name, value in filling.provenance.items():
        if value is not None:
            filling.refuse_misfit(value, skg(name), cat.ranges, "takes")
    _refuse_second_value(facts.graph(sentence_id).triples, filling.triples, cat, f"{article} {sentence_id}",
                         facts.path.name)
    _refuse_second_event(facts.graph(sentence_id).triples, filling, f"{article} {sentence_id}")
    _refuse_changed_claim(facts.graph(sentence_id).triples, filling, f"{article} {sentence_id}", facts.path.name)
    before = {s for s, _, _ in facts.graph(sentence_id).triples}
    stated = facts.provenance(sentence_id)
    changed = _changed_provenance(stated, filling.provenance, f"{article} {sentence_id}", facts.path.name,
                                  bool(facts.graph(sentence_id).triples))
    added = facts.add_facts(sentence_id, filling.triples)
    facts.set_provenance(sentence_id, filling.provenance)
    facts.save()
    shown = {k: shorten(v.value) for k, v in filling.provenance.items() if v is not None}

    def described(node: ox.NamedNode) -> str:
        return (f"{shorten(node.value)} ({cat.label(node.value)}"
                + "".join(f"; {shorten(kind)}" for kind in sorted(cat.types.get(node.value, ()))) + ")")

    existing = tuple(described(node) for node in dict.fromkeys(filling.named) if cat.known(node.value))
    # An event named after its mission is the one the project has under that name: right for the
    # same event, and a slip for another of the mission's (a return to Earth after a landing on
    # the Moon), which only a note here shows before `check` finds its two bodies or dates.
    shared = tuple(f"{described(node)} is the name the template gives the event, and the project has it already: "
                   "these facts are about it; if the sentence tells of another event, remove them from "
                   f"data/facts/{facts.path.name} and give it its own --id"
                   for node in dict.fromkeys(filling.defaulted)
                   if cat.known(node.value) and node not in before)
    return FactResult(added, render_triples(dict.fromkeys(filling.triples)), shown, existing,
                      (*filling.notes, *shared, *_same_kind_elsewhere(filling, before, facts.path.name, described),
                       *changed))


def _same_kind_elsewhere(filling: Filling, before: set[ox.NamedNode | ox.BlankNode], file_name: str,
                         described: Callable[[ox.NamedNode], str]) -> list[str]:
    """Notes on each new event of the sentence that the project may have under another name: an
    event of its kind (or a narrower or broader one) of the same mission, payload, craft or
    participant. A claim is judged by the facts cited for the event it names, so an event named
    anew ("--id zhurong-on-mars" beside the background's d:zhurong-deployment) leaves it
    unverifiable; two such events may also be two (a probe's two orbit insertions), so it is a note."""
    cat = filling.catalogue
    event = SKG + "Event"
    kinds: dict[ox.NamedNode, set[str]] = {}
    for s, p, o in filling.triples:
        if p == iri(RDF + "type") and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode) \
                and cat.subsumed(o.value, event) and not cat.known(s.value) and s not in before:
            kinds.setdefault(s, set()).add(o.value)
    notes = []
    for node, classes in kinds.items():
        shared = {(p.value, o.value) for s, p, o in filling.triples
                  if s == node and p.value in EVENT_PARTS and isinstance(o, ox.NamedNode)}
        others: dict[str, list[tuple[str, str]]] = {}
        for part in sorted(shared):
            for other in sorted(cat.parts.get(part, ())):
                if other != node.value and any(cat.subsumed(mine, theirs) or cat.subsumed(theirs, mine)
                                               for mine in classes for theirs in cat.types.get(other, ())):
                    others.setdefault(other, []).append(part)
        for other, parts in others.items():
            said = " and ".join(f"{shorten(p)} {shorten(o)}" for p, o in parts)
            notes.append(f"{described(ox.NamedNode(other))} is also an event of this kind with {said}: if the "
                         f"sentence tells of it, remove {shorten(node.value)} from data/facts/{file_name} and give "
                         f"--id {shorten(other)}, so that the facts cited for it judge the sentence")
    return notes


def _label_new_events(filling: Filling, present: Sequence[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, object]]
                      ) -> None:
    """Name a new event after what it was named after ("Shenzhou 20 docking"), as the curated
    events are named, so that tables show a name and ``check`` has no unlabelled event to report.
    An event the project or the sentence names already keeps its name."""
    label = iri(RDFS + "label")
    labelled = {s for s, p, _ in (*present, *filling.triples) if p == label}
    # A name another thing has already (an event given its own --id beside one named by default)
    # would name two things: the event is left for `check` to ask a name of.
    taken = {normalise_label(n.text) for n in filling.catalogue.names}
    for node, (thing, what) in filling.named_after.items():
        name = filling.catalogue.labels.get(thing.value)
        if name and node not in labelled and node.value not in filling.catalogue.labels \
                and normalise_label(f"{name} {what}") not in taken:
            filling.triples.append((node, label, ox.Literal(f"{name} {what}", language="en")))


def _changed_provenance(stated: Mapping[str, list[Term]], setting: Mapping[str, ox.NamedNode | ox.Literal | None],
                        where: str, file: str, has_facts: bool) -> tuple[str, ...]:
    """What a template changes in the provenance of the facts a sentence already states. A
    sentence's facts have one attribution: a second (a quote's speaker, then a report's outlet)
    would take the first's facts from their speaker, so it is refused. A new modality is right
    for all of them ("We landed," he said: the landing is reported), and is said.

    Raises:
        UsageError: the sentence's facts are attributed to someone else.
    """
    before = {key: shorten(values[0].value) for key, values in stated.items() if values and key in setting}
    after = {key: shorten(value.value) for key, value in setting.items() if value is not None}
    who, now = before.get("attributedTo"), after.get("attributedTo")
    if who and now and who != now:
        raise UsageError(f"{where}: its facts are attributed to {who}; a sentence's facts have one attribution, "
                         f"so they cannot also be {now}'s (a chain of outlets is the article's --via; a wrong "
                         f"attribution is changed in its skg:attributedTo in {file})")
    if not has_facts:
        return ()
    return tuple(f"{key} was {before[key]}, now {after[key]}, for every fact of the sentence" for key in sorted(after)
                 if before.get(key) and before[key] != after[key])


def event_window(cat: Catalogue, event: str) -> tuple[datetime, datetime, str]:
    """The window of ``event`` that words counting from it start from: where every window a graph
    of the project gives it meets (a cited minute inside an article's day; the hours that a day at
    +08:00 and a day at -04:00 share), at the precision of the narrowest. The template records a
    count from it, and `spacekg check` counts again from it, so that a re-dated event is seen.

    Raises:
        UsageError: the project does not date it, or dates it at times that do not meet.
    """
    windows = []
    for graph, stated in sorted(cat.times.get(event, {}).items()):
        first, last = stated.get("time") or stated.get("earliestTime"), stated.get("time") or stated.get("latestTime")
        if first and last:
            windows.append((datetime.fromisoformat(first), datetime.fromisoformat(last),
                            stated.get("timePrecision", SKG + "PrecisionDay").removeprefix(SKG), graph))
    if not windows:
        raise UsageError(f"--after {shorten(event)}: the project gives it no time with both ends to count "
                         "from; date it first (its template's --when, in its sentence), or give the period with "
                         "--date")
    if max(w[0] for w in windows) > min(w[1] for w in windows):
        raise UsageError(f"--after {shorten(event)}: the project dates it at times that do not meet ("
                         + "; ".join(f"{shorten(g.strip('<>'))}: {w[0]:%Y-%m-%dT%H:%M:%SZ}..{w[1]:%Y-%m-%dT%H:%M:%SZ}"
                                     for *w, g in windows)
                         + "): correct one, or give the period with --date")
    narrowest = min(windows, key=lambda w: (w[1] - w[0], w[3]))
    return max(w[0] for w in windows), min(w[1] for w in windows), narrowest[2]


_ZONED_PRECISIONS = ("PrecisionDay", "PrecisionWeek")
_WINDOW = tuple(skg(local) for local in ("timeExpression", "earliestTime", "latestTime", "timePrecision",
                                         "windowUtcOffset"))


def _refuse_second_value(present: Sequence[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, object]],
                         adding: list[Triple], cat: Catalogue, where: str, file: str) -> None:
    """A sentence gives an event one time window, and a thing one value of what it has one of
    (a launch vehicle, a crew size, a claim's clock time; an event's weekday): a template run
    again with a corrected answer would leave both, and a verdict for each.

    Raises:
        UsageError: the sentence already gives another value; the old one is named.
    """
    fix = f"remove the old one from data/facts/{file}, or answer as before"
    for subject, predicate, value in adding:
        if predicate in _WINDOW:
            stated = sorted(term(o) for s, p, o in present
                            if s == subject and p == predicate and o != value and isinstance(o, (ox.NamedNode, ox.Literal)))
            if stated:
                raise UsageError(f"{where} already gives {shorten(subject.value)} {shorten(predicate.value)} {stated[0]}, "
                                 f"not {term(value)}: a sentence gives an event one time window; {fix}")
    added = set(adding)
    for clash in cat.second_values([*present, *adding]):
        old = sorted(term(v) for v in clash.values if clash.stating(v) not in added)
        new = sorted(term(v) for v in clash.values if clash.stating(v) in added)
        if old and new:
            thing = shorten(clash.subject.value)
            if clash.of_property:
                what = shorten(clash.what)
                raise UsageError(f"{where} already gives {thing} {what} {old[0]}, not {new[0]}: a sentence gives "
                                 f"a thing one {what} ({what} is single-valued); {fix}")
            kind = shorten(clash.what)
            raise UsageError(f"{where} already has {kind} {old[0]} about {thing}, not {new[0]}: a sentence gives an "
                             f"event one {kind}; {fix}")


_IDENTIFYING = {skg(local) for local in ("partOfMission", "payload", "landedSpacecraft")}


def _refuse_second_event(present: Sequence[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, object]],
                         filling: Filling, where: str) -> None:
    """A template run again with other answers (a landing's site added without its --mission)
    would name the same event anew after another of its parts: two events, where the sentence
    tells of one. It is the same event when it has the same class and shares its mission, a
    payload or a craft; launches of two payloads ("Tiangong-1 and Tiangong-2") are two.

    Raises:
        UsageError: the sentence has that event under another name, and no --id says which.
    """
    kinds = {(s, o) for s, p, o in filling.triples if p == iri(RDF + "type")}
    parts = {(s, p, o) for s, p, o in filling.triples if p in _IDENTIFYING}
    for node in filling.defaulted:
        shares = {(p, o) for s, p, o in parts if s == node}
        stated = {s for s, p, o in present if p == iri(RDF + "type") and (node, o) in kinds and s != node
                  and any((s, p2, o2) in present for p2, o2 in shares)}
        if stated and node not in {s for s, _, _ in present}:
            other = sorted(shorten(s.value) for s in stated if isinstance(s, ox.NamedNode))
            raise UsageError(f"{where} already tells of {', '.join(other)}; this would make {shorten(node.value)} a "
                             f"second one: give --id {other[0]} to add to it, or --id for another event")


def _refuse_changed_claim(present: Sequence[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, object]],
                          filling: Filling, where: str, file: str) -> None:
    """A claim named after its sentence and words is the one the template made for them: run again
    with other answers (another --holder, another --among), it would gain a second holder or class
    beside the first, and be judged on neither. The same answers again add nothing.

    Raises:
        UsageError: the sentence has the claim, and the answers would add to it.
    """
    stated = set(present)
    for node in dict.fromkeys(filling.claims):
        if any(s == node for s, _, _ in present) and any(t[0] == node and t not in stated for t in filling.triples):
            raise UsageError(f"{where} already has the claim {shorten(node.value)}, made with other answers: a "
                             f"sentence's claim in the same words is one claim; remove it from data/facts/{file} to "
                             "answer again, or give --id to record another claim")


_UTC_OFFSET = re.compile(r"(?:(?:UTC|GMT)\s*)?([+\-\u2212])(\d{1,2})(?::?(\d{2}))?|UTC|GMT|Z", re.I)


def utc_offset(text: str, option: str = "tz") -> timedelta:
    """A UTC offset as people write it: +08:00, +0800, +8, UTC+8, GMT-05:30, or Z / UTC for none."""
    match = _UTC_OFFSET.fullmatch(text.strip())
    if not match:
        # A zone's name is not taken where an offset is wanted: an abbreviation may name several
        # (IST: India, Ireland, Israel), and a zone with daylight saving time has two.
        usual = zone_hint(text)
        hint = f" ({usual[1]})" if usual else ""
        raise UsageError(f"--{option} {text!r}: give the UTC offset as +HH:MM, e.g. {usual[0] if usual else '+08:00'}"
                         + hint)
    if match[1] is None:
        return timedelta(0)
    hours, minutes = int(match[2]), int(match[3] or 0)
    if minutes > 59:
        raise UsageError(f"--{option} {text!r}: the minutes of a UTC offset go up to 59")
    if hours * 60 + minutes > 14 * 60:
        raise UsageError(f"--{option} {text!r}: a UTC offset lies between -14:00 and +14:00")
    return (1 if match[1] == "+" else -1) * timedelta(hours=hours, minutes=minutes)


def offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# Digits grouped in threes, by commas or by spaces as SI style and other languages write them
# ("1,731", "1 731", "1\u202f731"; "1,935.3").
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:(?:,|[ \u00a0\u2009\u202f])\d{3})+(?![\d,])")


def _ungrouped(text: str) -> str:
    """``text`` with its numbers' group separators taken out: "1 731 grams" is "1731 grams"."""
    return _GROUPED.sub(lambda m: re.sub(r"\D", "", m[0]), text)


def _numeric(value: object) -> int | float | str:
    """A number answer as given: an int or a float from click, a number or numeric text from the API."""
    if isinstance(value, (int, float, str)):
        return value
    raise UsageError(f"{value!r} is not a number")


def _integer(value: object) -> ox.Literal | None:
    if value is None:
        return None
    return ox.Literal(str(int(_numeric(value))), datatype=iri(XSD + "integer"))


_ORDINALS = {word: n for n, word in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)}


_ORDINALS |= {tens.replace("y", "ieth"): 10 * n for n, tens in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}


# "The world's third", "Asia's first": the possessive before a place names the scope it is a place in.
_SCOPED_PLACE = re.compile(r"(?:the )?(?P<scope>[^\W\d_][\w .-]*?)['\u2019]s (?P<place>.+)", re.IGNORECASE)


def _place(value: object, option: str) -> int | None:
    """A place in an order as people write it: 3, 3rd, third, the third, No. 3, thirty-first,
    second-ever, just the third, the very first, the world's third; a whole number from 1.

    Example:
        >>> [_place(v, "rank") for v in ("3", "3rd", "Third", "the third", "No. 3", "thirty-first", "second-ever",
        ...                              "just the third", "only the 3rd", "the very first", "the world's third",
        ...                              "number three")]
        [3, 3, 3, 3, 3, 31, 2, 3, 3, 1, 3, 3]
    """
    if value is None:
        return None
    text = " ".join(str(value).lower().split())
    if scoped := _SCOPED_PLACE.fullmatch(text):
        text = scoped["place"]
    # "Just", "only" and "very" stress the place and do not move it.
    numbered = re.match(r"^(?:no\.? ?|number |#)(?=\S)", text)
    text = re.sub(r"^(?:(?:just|only|merely|simply|also) )?(?:the (?:very )?|no\.? ?|number |#)?", "", text)
    text = re.sub(r"[- ]ever$", "", text)
    if numbered and (number := cardinal(text)) is not None:  # "No. 3", "number three"
        text = str(number)
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", text)
    compound = re.fullmatch(r"(\w+?)[- ](\w+)", text)
    place = int(match[1]) if match else _ORDINALS.get(text)
    if place is None and compound and compound[1] in _TENS and _ORDINALS.get(compound[2], 10) < 10:
        place = _TENS[compound[1]] + _ORDINALS[compound[2]]  # "thirty-first"
    if place is None or place < 1:
        raise UsageError(f"--{option} {value!r}: give a place from 1, as 3, 3rd or third")
    return place


_UNITS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {word: n * 10 for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}


def cardinal(text: str) -> int | None:
    """A whole number as people write it: 3, 1,200, three, twenty-one, a dozen, two dozen, two
    hundred and five, three thousand two hundred (None if it is none).

    Example:
        >>> cardinal("three"), cardinal("Twenty-one"), cardinal("1,200"), cardinal("a hundred and six"), cardinal("x")
        (3, 21, 1200, 106, None)
        >>> cardinal("two dozen"), cardinal("three thousand two hundred"), cardinal("a million")
        (24, 3200, 1000000)
        >>> cardinal("a pair of"), cardinal("twice"), cardinal("three times"), cardinal("both")
        (2, 2, 3, 2)
        >>> cardinal("the second time"), cardinal("for the 3rd time"), cardinal("a second time")
        (2, 3, 2)
    """
    words = re.sub(r"\s+of$", "", " ".join(text.strip().lower().split()))  # "a pair of"
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", words):
        return int(words.replace(",", ""))
    if words in _TIMES:  # "launched twice": a count of events
        return _TIMES[words]
    if times := re.fullmatch(r"(.+) times", words):
        return cardinal(times[1])
    # "It is the second time China has brought back samples": the n-th time counts n.
    if nth := re.fullmatch(r"(?:for )?(?:(?:the|a) )?(.+?)[- ]time", words):
        try:
            return _place(nth[1], "count")
        except UsageError:
            return None
    # ``group`` counts below a thousand; ``total`` holds the thousands and millions said before it.
    total = group = 0
    tokens = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    if not tokens:
        return None
    for i, token in enumerate(tokens):
        if token in ("a", "an") and i == 0 and len(tokens) > 1:
            group = 1
        elif token in _UNITS and (group % 100 == 0 or (_UNITS[token] < 10 and group % 10 == 0)):
            group += _UNITS[token]  # "one", "twenty-one", "a hundred and six", not "twenty-eleven"
        elif token in _TENS and group % 100 == 0:
            group += _TENS[token]
        elif token == "hundred" and 0 < group < 10:
            group *= 100
        elif token in _SCALES and 0 < group < 1000 and (total == 0 or total >= _SCALES[token] * 1000):
            total, group = total + group * _SCALES[token], 0
        elif token in ("dozen", "pair", "pairs") and group < 10 and i == len(tokens) - 1:  # "a pair", "two pairs"
            group = (12 if token.startswith("dozen") else 2) * max(group, 1)
        else:
            return None
    return total + group


_SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
_TIMES = {"once": 1, "twice": 2, "thrice": 3, "both": 2}


def _crew_count(value: object) -> object:
    """The number of a crew as a sentence writes it, without what it counts ("three astronauts",
    "a three-member crew", "a crew of three"), also where the answer leaves the crew out.

    Example:
        >>> [_crew_count(v) for v in ("a three-member crew", "three-member", "a 3-person", "a crew of three")]
        ['three', 'three', '3', 'three']
    """
    if not isinstance(value, str):
        return value
    text = " ".join(value.lower().split())
    text = re.sub(r"^(?:a|the) crew of ", "", text)
    text = re.sub(r"^(?:a |the )?(.+?)[- ](?:member|person|man|woman|strong)(?: crew)?$", r"\1", text)
    text = re.sub(r" (?:astronauts|taikonauts|cosmonauts|crew members|members|people|crew)$", "", text)
    # "the three", "all three", "a trio", "three Chinese": the number, without what leads or
    # qualifies it.
    text = re.sub(r"^(?:all the|all|the|both the) (?=\S)", "", text)
    text = _GROUPS.get(re.sub(r"^(?:a|the) ", "", text), text)
    if cardinal(text) is None and cardinal(text.rsplit(" ", 1)[0]) is not None and " " in text:
        text = text.rsplit(" ", 1)[0]
    return text if cardinal(text) is not None else value  # else refused as written


# A crew named by its size.
_GROUPS = {"duo": "two", "pair": "two", "trio": "three", "threesome": "three", "quartet": "four"}


def _whole(value: object, option: str) -> int | None:
    """A count answer: an int from click or the API, or a number written in digits or words."""
    if value is None or isinstance(value, int):
        return value
    number = cardinal(str(value))
    if number is None:
        try:
            place = _place(value, option)
        except UsageError:
            place = None
        hint = (f" ({value!r} is a place in an order: \"the {_ordinal_word(place)} time\" it was done counts {place}, "
                f"and a rank is the ordinal template's)" if place else "")
        raise UsageError(f"--{option} {value!r}: give a whole number, as 3 or three{hint}")
    return number


def _ordinal_word(place: int) -> str:
    return next((word for word, n in _ORDINALS.items() if n == place), f"{place}th")


def _number(value: object) -> ox.Literal | None:
    if value is None:
        return None
    number = float(_numeric(value))
    if number.is_integer():
        return _integer(int(number))
    # xsd:decimal has no exponent: 1e-07 is written 0.0000001.
    return ox.Literal(format(Decimal(repr(number)), "f"), datatype=iri(XSD + "decimal"))


_MAX_NUMBER = 1e15
# "90 days", "a 90-day mission", "a 192-day stay in orbit": the count and unit, without what they measure.
_DURATION = re.compile(r"(?:an? (?=\d))?(?P<count>.+?)[\s-]+(?P<unit>day|week|fortnight|month|year)s?(?: long)?"
                       r"(?:[\s-](?:stay|mission|flight|spaceflight|trip|voyage|journey|expedition)"
                       r"(?: (?:in orbit|in space|aboard \S.*|on \S.*))?)?")
# The bound each hedge word makes of the number it qualifies (skg:ValueBound in the ontology).
_HEDGES = {"more than": "MoreThan", "over": "MoreThan", "upwards of": "MoreThan", "in excess of": "MoreThan",
           "well over": "MoreThan", "just over": "MoreThan", "a little over": "MoreThan",
           "at least": "AtLeast", "no fewer than": "AtLeast", "no less than": "AtLeast", "a minimum of": "AtLeast",
           "up to": "AtMost", "at most": "AtMost", "no more than": "AtMost", "as many as": "AtMost",
           "as much as": "AtMost", "a maximum of": "AtMost",
           "less than": "LessThan", "fewer than": "LessThan", "under": "LessThan",
           "about": "About", "around": "About", "roughly": "About", "approximately": "About", "some": "About",
           "an estimated": "About", "estimated": "About", "an approximate": "About", "approx.": "About",
           "close to": "About", "circa": "About", "c.": "About", "~": "About",
           "nearly": "Nearly", "almost": "Nearly", "just under": "Nearly", "a little under": "Nearly",
           "just shy of": "Nearly"}
# Longest first, so that "just under" is not read as "under".
_HEDGE = re.compile("(" + "|".join(sorted(map(re.escape, _HEDGES), key=len, reverse=True)) + r")\s*(?<=[\s.~])(\S.*)",
                    re.IGNORECASE)
# The bound a hedge after the number makes: joined to it ("2,000-plus", "60-odd", "60+"), or after
# the whole ("60 tonnes or more").
_HEDGES_AFTER = {"plus": "AtLeast", "+": "AtLeast", "odd": "About", "or so": "About", "or more": "AtLeast",
                 "or over": "AtLeast", "or fewer": "AtMost", "or less": "AtMost", "or under": "AtMost"}
_HEDGE_AFTER = re.compile(r"(?P<number>\d[\d,]*(?:\.\d+)?)(?P<joined>-?plus|\+|-odd)(?P<rest>\s\S.*)?"
                          r"|(?P<body>\S.*?)\s(?P<last>or (?:so|more|over|fewer|less|under))(?P<rest3>\s\S.*)?",
                          re.IGNORECASE)
# Vague counts, the bound each makes and the number it bounds ("of" after one is left out).
_VAGUE = {"a number": ("AtLeast", 2), "several": ("AtLeast", 3), "a few": ("AtLeast", 2),
          "a handful": ("AtLeast", 2), "a couple": ("About", 2), "dozens": ("AtLeast", 24),
          "scores": ("AtLeast", 40), "hundreds": ("AtLeast", 200), "thousands": ("AtLeast", 2000)}
# A hedged length in months or years bounds the value loosely enough for a fixed number of days each.
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}


# Words that frame a number without bounding it: "a record 67", "a total of 67", "67 in all".
_FRAMING = re.compile(r"^(?:(?:an? )?(?:record|total of|combined|new high of|all-time high of|unprecedented) )"
                      r"| (?:in total|in all|all told|altogether)$", re.IGNORECASE)


def hedge(value: object) -> tuple[str | None, object]:
    """The bound a hedge word makes of a number (a skg:ValueBound's local name), and the number
    without it; no bound for a number as it is.

    Words that frame a number without bounding it are not part of it ("a record 67", "a total of
    more than 60", "67 in all").

    Example:
        >>> hedge("more than 60"), hedge("Almost two years"), hedge("several"), hedge(3)
        (('MoreThan', '60'), ('Nearly', 'two years'), ('AtLeast', 3), (None, 3))
        >>> hedge("a record 67"), hedge("a total of more than 60"), hedge("67 launches in all")
        ((None, '67'), ('MoreThan', '60'), (None, '67 launches'))
    """
    if not isinstance(value, str):
        return None, value
    text = " ".join(value.split())
    while (framed := _FRAMING.sub("", text)) != text:
        text = framed
    value = text if text != " ".join(value.split()) else value
    if (vague := _VAGUE.get(re.sub(r" of$", "", text.lower()))) is not None:
        return vague
    match = _HEDGE.fullmatch(text)
    if match:
        return _HEDGES[match[1].lower()], match[2]
    if after := _HEDGE_AFTER.fullmatch(text):  # "2,000-plus kg", "60 tonnes or more"
        word = (after["joined"] or after["last"]).lower().lstrip("-")
        return _HEDGES_AFTER[word], (after["number"] or after["body"]) + (after["rest"] or after["rest3"] or "")
    return None, value


def _days(value: object, option: str = "days", *, hedged: bool = False) -> float | None:
    """A length in days as an article gives it: a number (90, 2.5), in words (ninety), or with its
    unit (90 days, a 90-day mission's "90-day", three weeks). A month or a year has no fixed number
    of days, so "six months" is refused with the reason rather than read as some number of days;
    a hedged one ("more than two years") is a bound, read as 30 days a month and 365 a year.

    Example:
        >>> _days("ninety"), _days("90-day"), _days("three weeks"), _days("2.5 days"), _days(30)
        (90.0, 90.0, 21.0, 2.5, 30.0)
        >>> _days("two years", hedged=True)
        730.0
    """
    if value is None:
        return None
    text = _ungrouped(" ".join(str(_numeric(value)).split()))
    if not hedged and hedge(text)[0]:
        raise UsageError(f"--{option} {value!r}: a hedged length is a claim about the value, not the value: record "
                         "it with the statement template (--property durationDays --number "
                         f"{text!r}), which judges it as a bound")
    unit, count = "day", text
    if match := _DURATION.fullmatch(text.lower()):
        unit, count = match["unit"], match["count"]
        if (article := re.fullmatch(r"an? (\S.*)", count)) and cardinal(article[1]) is not None:
            count = article[1]  # "a ninety-day mission"
    if unit in ("month", "year") and not hedged:
        raise UsageError(f"--{option} {value!r}: a {unit} has no fixed number of days, and durations are recorded and "
                         "judged in days: give the days only where the sentence gives them (90 days, three weeks), "
                         "and otherwise leave the length out; a hedged length (\"more than two years\") is a bound "
                         "and may be given in months or years")
    try:
        number = float(count)
    except ValueError:
        whole = 1 if count in ("a", "an") else cardinal(count)  # "a week"
        number = float(whole) if whole is not None else math.nan
    else:
        if not math.isfinite(number) or not 0 <= number <= _MAX_NUMBER:
            raise UsageError(f"--{option} {value!r}: give a finite number of days from 0 to {_MAX_NUMBER:g}")
    if math.isnan(number):
        raise UsageError(f"--{option} {value!r}: give the number of days, as 90, ninety, 90 days or three weeks")
    return number * _UNIT_DAYS[unit]


def _quantity(value: object, option: str) -> float:
    """A number a statement gives: digits (3,000 or 2.5) or words (sixty), finite, from 0."""
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = _ungrouped(str(value).strip()).replace(",", "")
        scaled = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(thousand|million|billion)", text, re.IGNORECASE)
        try:
            number = float(scaled[1]) * _SCALES[scaled[2].lower()] if scaled else float(text)
        except ValueError:
            whole = cardinal(text)
            if whole is None:
                raise UsageError(f"--{option} {value!r}: give a number, as 3000, 3,000, 2.5 or sixty, with a hedge "
                                 "before it if the sentence has one (more than, at least, up to, less than, about, "
                                 "nearly)") from None
            number = float(whole)
    if not math.isfinite(number) or not 0 <= number <= _MAX_NUMBER:
        raise UsageError(f"--{option} {value!r}: give a finite number from 0 to {_MAX_NUMBER:g}")
    return number


def _boolean(value: object) -> ox.Literal:
    if str(value).lower() not in ("true", "false"):
        raise UsageError(f"--boolean {value!r}: give true or false")
    return ox.Literal(str(value).lower(), datatype=iri(XSD + "boolean"))


def _text(value: object) -> ox.Literal | None:
    return ox.Literal(str(value), language="en") if value else None


def _local(node: ox.NamedNode) -> str:
    return node.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# --- the templates ---


def _launch(f: Filling) -> None:
    mission, payloads, vehicle = f.one("mission"), f.entities("payload"), f.one("vehicle")
    named_after = mission or (payloads[0] if payloads else None)
    base = _local(named_after) if named_after else None
    node = f.node(f"{base}-launch" if base else None, what="the launch (or --mission or --payload to name it after)",
                  event=True, after=(named_after, "launch") if named_after else None)
    if named_after is None and vehicle is not None:
        # A launch that carries nothing the sentence names needs --id (a rocket flies many times),
        # and is labelled after its rocket ("Zhuque-3 launch").
        f.named_after[node] = (vehicle, "launch")
    f.typed(node, "LaunchEvent")
    f.add(node, "achievedBy", f.one("by"))
    f.add(node, "partOfMission", mission)
    f.add(node, "launchVehicle", vehicle)
    for payload in payloads:
        f.add(node, "payload", payload)
    f.add(node, "launchSite", f.one("site"))
    f.add_all(node, "destination", "destination")
    _outcome(f, node)
    f.time(node)


def _landing(f: Filling) -> None:
    mission, craft = f.one("mission"), f.entities("spacecraft")
    named_after = mission or (craft[0] if craft else None)
    base = _local(named_after) if named_after else None
    node = f.node(f"{base}-landing" if base else None,
                  what="the landing (or --mission or --spacecraft to name it after)", event=True,
                  after=(named_after, "landing") if named_after else None)
    f.typed(node, "SoftLanding" if not f.value("crewed") else "CrewedLanding")
    for c in craft:
        f.add(node, "landedSpacecraft", c)
    f.add(node, "landingBody", f.one("body"))
    f.add(node, "achievedBy", f.one("by"))
    f.add(node, "partOfMission", mission)
    site = f.one("site")
    if site is not None and f.catalogue.is_a(site.value, skg("CelestialBody").value):
        # A site is a place on the body landed on; the body itself is another answer.
        raise UsageError(f"--site {shorten(site.value)} ({f.catalogue.label(site.value)}) is a celestial body: "
                         "give it as --body, and as --site the place on it (a crater, a region)")
    f.add(node, "landingSite", site)
    _outcome(f, node)
    f.time(node)


# The words an article uses for an outcome, beside the vocabulary's own names (succeeded, failed).
_OUTCOME_WORDS = {"success": "Succeeded", "successful": "Succeeded", "succeed": "Succeeded",
                  "failure": "Failed", "fail": "Failed", "unsuccessful": "Failed",
                  **dict.fromkeys(("partial", "partial success", "partly successful", "partially successful",
                                   "partly succeeded", "partially succeeded"), "PartialSuccess")}


def _same_value(a: ox.NamedNode | ox.Literal, b: ox.NamedNode | ox.Literal) -> bool:
    """Whether two values are one: numbers by their value ("1731" and "1731.0"), else as terms."""
    if isinstance(a, ox.Literal) and isinstance(b, ox.Literal):
        try:
            return Decimal(a.value) == Decimal(b.value)
        except ArithmeticError:
            pass
    return a == b


def _outcome(f: Filling, node: ox.NamedNode) -> None:
    """Record whether the event succeeded or failed: a failed attempt counts for no rank or plan."""
    given = f.value("outcome")
    if given is None:
        return
    f.add(node, "outcome", _outcome_term(f, given))


def _outcome_term(f: Filling, given: object) -> ox.NamedNode:
    text = " ".join(str(given).split())
    # "was a success", "ended in failure", "proved a partial success": the outcome without the
    # words that lead to it; "exploded", "failed to reach orbit": the ways sentences say it failed
    # ("crashed" is not one: an impactor or a probe at its mission's end is crashed by design).
    bare = _OUTCOME_LEAD.sub("", text.lower())
    # A landing that crashed failed ("Luna-25 crashed into the Moon"): it was to land softly.
    crashed = f.template.name == "landing" and _CRASHED.fullmatch(bare)
    word = _OUTCOME_WORDS.get(bare) or ("Failed" if _FAILED.fullmatch(bare) or crashed else text)
    return iri(f.catalogue.vocabulary_term("EventOutcome", word))


_OUTCOME_LEAD = re.compile(r"^(?:(?:was|were|is|proved|ended(?: in)?|ended up|turned out(?: to be)?)\s+)?(?:(?:a|an|the)\s+)?")
_FAILED = re.compile(r"fail(?:ed|s)?\b.*|explo(?:ded|sion)(?: .*)?|(?:was )?lost|did not reach .*")
_CRASHED = re.compile(r"(?:crash(?:ed|es)?|crash[- ]land(?:ed|ing)?|hard[- ]land(?:ed|ing)?|smashed|impacted)(?: .*)?")


def _mission_outcome(f: Filling) -> None:
    """A mission's (or an event's) overall outcome as the sentence gives it: the fact, and the
    claim that the verdicts judge against the cited outcome."""
    mission = f.entity(str(f.value("mission")))
    outcome = _outcome_term(f, f.value("outcome"))
    f.refuse_misfit(mission, skg("outcome"), f.catalogue.domains, "is said of")
    f.claimed_fact(mission, "outcome", outcome)
    node = _claim_node(f, f"{_local(mission)}-outcome")
    f.typed(node, "StatementClaim")
    f.triples += [(node, iri(RDF + "subject"), mission), (node, iri(RDF + "predicate"), skg("outcome")),
                  (node, iri(RDF + "object"), outcome)]
    f.add(node, "description", _text(f.value("description")))


def _crewed_flight(f: Filling) -> None:
    node = f.entity(str(f.value("mission")))
    f.typed(node, "CrewedMission", *(["IndependentCrewedSpaceflight"] if f.value("independent") else []))
    f.add(node, "achievedBy", f.one("by"))
    f.add_all(node, "crewMember", "astronaut")
    f.add(node, "crewSize", _integer(_whole(_crew_count(f.value("crew")), "crew")))
    f.add(node, "durationDays", _number(_days(f.value("days"))))
    f.add(node, "seriesOrdinal", _integer(_place(f.value("series"), "series")))
    _outcome(f, node)
    f.time(node)


def _docking(f: Filling) -> None:
    mission = f.entity(str(f.value("mission")))
    node = f.node(f"{_local(mission)}-docking", event=True, after=(mission, "docking"))
    f.typed(node, "Docking")
    f.add(node, "achievedBy", f.one("by"))
    f.add(node, "partOfMission", mission)
    f.add(node, "dockedWith", f.one("with"))
    _outcome(f, node)
    f.time(node)


def _sample_return(f: Filling) -> None:
    mission = f.entity(str(f.value("mission")))
    # Named as the background names the returns it cites (d:change-5-return).
    node = f.node(f"{_local(mission)}-return", event=True, after=(mission, "sample return"))
    f.typed(node, "SampleReturn")
    f.add(node, "achievedBy", f.one("by"))
    f.add(node, "partOfMission", mission)
    site = f.one("site")
    if site is not None and f.catalogue.is_a(site.value, skg("CelestialBody").value):
        # Samples are returned to Earth: the answer is where on it they came down.
        raise UsageError(f"--site {shorten(site.value)} ({f.catalogue.label(site.value)}) is a celestial body: "
                         "give the place on Earth the capsule came down in (a region, e.g. Siziwang Banner)")
    if site is not None and f.catalogue.is_a(site.value, skg("SurfaceRegion").value):
        raise UsageError(f"--site {shorten(site.value)} ({f.catalogue.label(site.value)}) is a region of a body's "
                         "surface: give where the samples were collected with --region, and the place on Earth the "
                         "capsule came down in with --site")
    f.add(node, "inRegion", site)
    f.add(node, "samplesFrom", f.one("from"))
    f.add(node, "samplesFromRegion", f.one("region"))
    _outcome(f, node)
    f.time(node)


# The kinds of event that a template of their own records, with the answers that kind needs.
_EVENT_TEMPLATES = {"LaunchEvent": "launch", "LandingEvent": "landing", "CrewedMission": "crewed-flight",
                    "Docking": "docking", "SampleReturn": "sample-return",
                    "TestEvent": "test", "Recovery": "recovery", "Sampling": "sampling"}


def _event_class(f: Filling, answer: str) -> str:
    """The class answer ``answer`` names, which must be a kind of event: a plan brings one about,
    and a record, a rank or an exclusive claim is about achieving one.

    Raises:
        UsageError: the class is no event class ("Rover" for "landing a rover").
    """
    kind = f.catalogue.ontology_class(str(f.value(answer)))
    if not f.catalogue.subsumed(kind, skg("Event").value):
        raise UsageError(f"--{answer} {shorten(kind)} is no kind of event: give the event class of what is done "
                         "(LaunchEvent, SoftLanding, RoverDeployment, SampleReturn…)")
    return kind


# "soft landing on the far side of the Moon": an achievement's class, then the place it was at.
_AT_PLACE = re.compile(r"\s+(?:on|at|to|in|from|near)\s+", re.IGNORECASE)


def _record_at(f: Filling, place_answer: str | None, *, required: bool = False, answer: str = "record",
               event: bool = True) -> tuple[ox.NamedNode, ox.NamedNode | None]:
    """The achievement ``answer`` (--record) names, and where it was: the place ``place_answer``
    names, or the place the words name after the class ("soft landing on the Moon", as an article writes
    it; words that name a class whole are that class: "landing on Mars").

    Raises:
        UsageError: the words name no event class (no class, where ``event`` is False), or name a
            place that ``place_answer`` contradicts; or ``required`` and neither gives a place.
    """
    place = f.one(place_answer) if place_answer else None
    words = str(f.value(answer))
    try:
        kind = _event_class(f, answer) if event else f.catalogue.ontology_class(words)
        return _placed(f, iri(kind), place, place_answer, required=required)
    except UsageError as refused:
        # The first split whose words before it name a class: a place's name may hold these words
        # ("Launch Complex at …"); a class named with them whole ("landing on Mars") was read above.
        for split in _AT_PLACE.finditer(words):
            try:
                kind = f.catalogue.ontology_class(words[: split.start()])
            except UsageError:
                continue
            if event and not f.catalogue.subsumed(kind, skg("Event").value):
                raise UsageError(f"--{answer} {words!r}: {shorten(kind)} is no kind of event: give the event class of "
                                 "what is done (SoftLanding, RoverDeployment, SampleReturn…)") from None
            try:
                said = f.entity(words[split.end():])
            except UsageError as unknown:
                raise UsageError(f"--{answer} {words!r} is {shorten(kind)} at a place: {unknown}") from None
            if place is not None and place != said:
                raise UsageError(f"--{answer} {words!r} says the place is {shorten(said.value)} "
                                 f"({f.catalogue.label(said.value)}), and --{place_answer} says "
                                 f"{shorten(place.value)}: give the one the sentence says") from None
            return iri(kind), said
        raise refused


def _places_with(f: Filling, said: ox.NamedNode | None, answer: str, words_answer: str) -> list[ox.NamedNode]:
    """The places ``answer`` names, or else the one the words of ``words_answer`` name ("crewed
    landing on the Moon": the Moon).

    Raises:
        UsageError: ``answer`` names places and leaves out the one the words name.
    """
    given = f.entities(answer)
    if said is not None and given and said not in given:
        raise UsageError(f"--{words_answer} {str(f.value(words_answer))!r} says the place is {shorten(said.value)} "
                         f"({f.catalogue.label(said.value)}), and --{answer} does not: give the places the sentence says")
    return given or ([said] if said is not None else [])


def _placed(f: Filling, record: ox.NamedNode, place: ox.NamedNode | None, place_answer: str | None, *,
            required: bool) -> tuple[ox.NamedNode, ox.NamedNode | None]:
    if required and place is None:
        raise UsageError(f"the {f.template.name} template needs --{place_answer}, or the place in --record's words "
                         "(\"soft landing on the far side of the Moon\")")
    return record, place


def _event(f: Filling) -> None:
    kind = f.catalogue.ontology_class(str(f.value("class")))
    if not f.catalogue.subsumed(kind, skg("Event").value):
        raise UsageError(f"--class {shorten(kind)} is no kind of event: give an event class (OrbitInsertion, "
                         "Construction, Operation…), and say what a thing is with the thing template")
    for local, template in _EVENT_TEMPLATES.items():
        if f.catalogue.subsumed(kind, skg(local).value):
            raise UsageError(f"--class {shorten(kind)}: the {template} template records this kind of event")
    participants, mission = f.entities("participant"), f.one("mission")
    # Labelled after the one thing it is of and its kind ("Tianwen-1 orbit insertion").
    of = mission or (participants[0] if len(participants) == 1 else None)
    words = f.catalogue.classes.get(kind, _words(iri(kind)))
    # Named after it too ("zhurong-rover-deployment"), as a launch is after what it launched.
    node = f.node(f"{_local(of)}-{slug(words)}" if of is not None else None, event=True,
                  what="the event (e.g. --id tianwen-1-deorbit), or --mission or one --participant to name it after")
    if of is not None:
        f.named_after[node] = (of, words)
    f.triples.append((node, iri(RDF + "type"), iri(kind)))
    for participant in participants:
        f.add(node, "hasParticipant", participant)
    f.add(node, "partOfMission", mission)
    orbited = f.one("orbited")
    if orbited is not None and not f.catalogue.subsumed(kind, skg("OrbitEvent").value):
        raise UsageError(f"--orbited is said of an orbit: give --class OrbitEvent or OrbitInsertion, not "
                         f"{shorten(kind)}")
    f.add(node, "orbitedBody", orbited)
    body = f.one("on")
    if body is not None and not f.catalogue.subsumed(kind, skg("RoverDeployment").value):
        raise UsageError(f"--on is said of a rover's deployment: give --class RoverDeployment, not {shorten(kind)} "
                         "(a landing's body is the landing template's --body)")
    f.add(node, "deployedOn", body)
    f.add(node, "achievedBy", f.one("by"))
    f.add(node, "description", _text(f.value("description")))
    _outcome(f, node)
    f.time(node)


# The kinds of test an article names, and the ontology's classes for them.
_TEST_KINDS = {"flight": "TestFlight", "test flight": "TestFlight", "abort": "AbortTest", "pad abort": "AbortTest",
               "in flight abort": "AbortTest", "abort test": "AbortTest"}
_TEST_WORDS = {"TestFlight": "test flight", "AbortTest": "abort test", "TestEvent": "test"}


def _test(f: Filling) -> None:
    tested = f.entity(str(f.value("tested")))
    given = f.value("kind")
    kind = _TEST_KINDS.get(normalise_label(str(given))) if given else "TestEvent"
    if kind is None:
        raise UsageError(f"--kind {given!r}: give flight (a test flight) or abort (a pad-abort or in-flight abort "
                         "test), or leave it out for another test")
    if kind != "TestFlight" and (f.value("vehicle") or f.value("site")):
        # A launch vehicle and site make the test a launch (their domain): a pad abort is none.
        raise UsageError("--vehicle and --site are a launch's: give --kind flight for a test flight; the rocket "
                         "that carries an in-flight abort test is the launch template's")
    node = f.node(f"{_local(tested)}-{slug(_TEST_WORDS[kind])}", event=True, after=(tested, _TEST_WORDS[kind]))
    f.typed(node, kind)
    f.add(node, "testedItem", tested)
    f.add(node, "achievedBy", f.one("by"))
    f.add(node, "partOfMission", f.one("mission"))
    vehicle = f.one("vehicle")
    rocket = skg("LaunchVehicle").value
    if vehicle is None and kind == "TestFlight" and (f.catalogue.is_a(tested.value, rocket) or any(
            f.entity(name) == tested and f.catalogue.subsumed(f.catalogue.ontology_class(cls), rocket)
            for name, cls in f.pairs("is"))):
        vehicle = tested  # a rocket's test flight is flown by that rocket
    f.add(node, "launchVehicle", vehicle)
    f.add(node, "launchSite", f.one("site"))
    _outcome(f, node)
    f.time(node)


# How a stage or capsule came back, and the ontology's classes for it.
_RECOVERY_KINDS = {"splashdown": "Splashdown", "splash down": "Splashdown", "landing": "PropulsiveLanding",
                   "propulsive landing": "PropulsiveLanding"}
_RECOVERY_WORDS = {"Splashdown": "splashdown", "PropulsiveLanding": "propulsive landing", "Recovery": "recovery"}


def _recovery(f: Filling) -> None:
    item = f.entity(str(f.value("item")))
    given = f.value("kind")
    kind = _RECOVERY_KINDS.get(normalise_label(str(given))) if given else "Recovery"
    if kind is None:
        raise UsageError(f"--kind {given!r}: give splashdown (on water) or landing (under engine thrust, on a pad "
                         "or a ship), or leave it out for another recovery")
    node = f.node(f"{_local(item)}-{slug(_RECOVERY_WORDS[kind])}", event=True, after=(item, _RECOVERY_WORDS[kind]))
    f.typed(node, kind)
    f.add(node, "recoveredItem", item)
    f.add(node, "achievedBy", f.one("by"))
    f.add(node, "partOfMission", f.one("mission"))
    f.add(node, "inRegion", f.one("site"))
    _outcome(f, node)
    f.time(node)


_SAMPLING_KINDS = {"drilling": "Drilling", "drill": "Drilling", "drilled": "Drilling", "scooping": "Scooping",
                   "scoop": "Scooping", "scooped": "Scooping"}
# Grams in each unit a mass is written in; the avoirdupois pound and ounce are defined in grams.
_GRAMS = {**dict.fromkeys(("g", "gram", "grams"), Decimal(1)), **dict.fromkeys(("kg", "kilogram", "kilograms", "kilo", "kilos"), Decimal(1000)),
          **dict.fromkeys(("t", "tonne", "tonnes", "metric ton", "metric tons"), Decimal(10) ** 6),
          **dict.fromkeys(("lb", "lbs", "pound", "pounds"), Decimal("453.59237")),
          **dict.fromkeys(("oz", "ounce", "ounces"), Decimal("28.349523125"))}
# A mass restated in brackets in other units ("2 kilograms (4.4 pounds)") is the same mass rounded.
_RESTATED = Decimal("0.05")


# The number of a mass, in figures or words, and its unit, also joined by a hyphen ("a 100-tonne
# station").
_MASS = re.compile(r"(.+?)[\s-]*(?<![a-z])((?:metric )?tons?|[a-z]+)")


def _grams(value: object, option: str = "mass") -> Decimal:
    """A mass as an article gives it ("1,935.3 grams", "1.7 kg", "4.4 pounds"), in grams; the same
    mass restated in brackets in another unit is checked and left out.

    Raises:
        UsageError: no mass with a unit, a "ton" that could be short, long or metric, or a
            bracket that is another mass.

    Example:
        >>> _grams("1,935.3 grams"), _grams("1.731 kg"), _grams("2 kilograms (4.4 pounds)")
        (Decimal('1935.3'), Decimal('1731.000'), Decimal('2000'))
    """
    text = " ".join(str(value).split()).lower()
    if bracket := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text):
        # The bracket may round with a hedge of its own ("2 kg (about 4.4 pounds)").
        own, other = _grams(bracket[1], option), _grams(hedge(bracket[2])[1], option)
        if abs(own - other) > _RESTATED * own:
            raise UsageError(f"--{option} {value!r}: the bracket's {bracket[2]!r} is {other.normalize():f} grams, not the "
                             f"{own.normalize():f} grams before it: give the mass as the sentence does")
        return own
    match = _MASS.fullmatch(text)
    if match and match[2] in ("ton", "tons"):
        raise UsageError(f"--{option} {value!r}: a ton may be short (907 kg), long (1,016 kg) or metric (1,000 kg): give "
                         "it in tonnes or kilograms")
    number = _mass_number(match[1]) if match and match[2] in _GRAMS else None
    if match is None or number is None:
        raise UsageError(f"--{option} {value!r}: give the mass with its unit (1,935.3 grams, 1.7 kg, 4.4 pounds), as "
                         "the sentence gives it, and a hedge before it if it has one (about 2 kilograms)")
    return number * _GRAMS[match[2]]


def _mass_step(value: object) -> Decimal:
    """The step, in grams, that a mass is written to: its last written digit in its unit ("2 kg":
    1000, "1,935.3 grams": 0.1). The zeros that end a whole number may round it or not ("2,000
    grams", "a 100-tonne station"), and are taken as written.

    Example:
        >>> [_decimal(_mass_step(m)).value for m in ("2 kg", "1,935.3 grams", "1.5 million tonnes")]
        ['1000', '0.1', '100000000000']
    """
    _grams(value)  # a mass, or the reason it is none
    text = " ".join(str(value).split()).lower()
    text = bracket[1] if (bracket := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)) else text
    match = _MASS.fullmatch(text)
    assert match is not None  # _grams read it
    scaled = re.fullmatch(r"(\S+) (thousand|million|billion)", match[1])
    number = _mass_number(scaled[1] if scaled else match[1]) or Decimal(1)
    step = Decimal(1).scaleb(min(int(number.as_tuple().exponent), 0))
    return step * (_SCALES[scaled[2]] if scaled else 1) * _GRAMS[match[2]]


def _mass_number(text: str) -> Decimal | None:
    """The number of a mass: in figures ("1,935.3", "1 731"), scaled ("1.5 million") or in words ("sixty")."""
    text = _ungrouped(text)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    if scaled := re.fullmatch(r"(\d+(?:\.\d+)?) (thousand|million|billion)", text):
        return Decimal(scaled[1]) * _SCALES[scaled[2]]
    whole = 1 if text in ("a", "an") else cardinal(text)  # "a tonne"
    return None if whole is None else Decimal(whole)


def _sampling(f: Filling) -> None:
    """A sampling, and the mass collected: the fact, and the claim of the mass, which the verdicts
    judge against the cited mass."""
    mission, craft = f.one("mission"), f.one("spacecraft")
    named_after = mission or craft
    given = f.value("method")
    kind = _SAMPLING_KINDS.get(normalise_label(str(given))) if given else "Sampling"
    if kind is None:
        raise UsageError(f"--method {given!r}: give drilling or scooping, or leave it out for another sampling")
    words = kind.lower()
    node = f.node(f"{_local(named_after)}-{words}" if named_after else None, event=True,
                  what="the sampling (or --mission or --spacecraft to name it after)",
                  after=(named_after, words) if named_after else None)
    f.typed(node, kind)
    f.add(node, "hasParticipant", craft)
    f.add(node, "partOfMission", mission)
    f.add(node, "achievedBy", f.one("by"))
    f.add(node, "inRegion", f.one("site"))
    mass = f.value("mass")
    if mass is not None:
        bound, amount = hedge(mass)
        grams = ox.Literal(format(_grams(amount).normalize(), "f"), datatype=iri(XSD + "decimal"))
        # A hedged mass ("about 2 kilograms") bounds the mass; the claim says how, and the fact is
        # left to a source that gives the mass itself.
        if not bound:
            f.claimed_fact(node, "collectedMassGrams", grams)
        # Named after the sampling, not by --id, which names the sampling.
        claim = iri(f"{ID}claim-{f.article}-{f.sentence_id}-{_local(node)}-mass")
        f.typed(claim, "StatementClaim")
        f.triples += [(claim, iri(RDF + "subject"), node), (claim, iri(RDF + "predicate"), skg("collectedMassGrams")),
                      (claim, iri(RDF + "object"), grams)]
        f.add(claim, "claimedBound", skg(bound) if bound else None)
        f.add(claim, "claimedPrecision", _decimal(_mass_step(amount)))
        f.add(claim, "description", _text(mass))
    _outcome(f, node)
    f.time(node)


def _plan(f: Filling) -> None:
    goal = str(f.value("goal"))
    node = f.node(_short_slug(goal, 60), prefix=f"plan-{f.article}-")
    f.typed(node, "Plan", "ReportedPlan")
    f.add(node, "plannedBy", f.one("by"))
    f.add(node, "announcedBy", f.one("announced-by"))
    f.add(node, "announcedIn", f.one("announced-in"))
    # "--event-type 'crewed landing on the Moon'": the kind of event, and a target the words give.
    kind, said = _record_at(f, None, answer="event-type") if f.value("event-type") else (None, None)
    f.add(node, "plannedEventType", kind)
    for target in _places_with(f, said, "target", "event-type"):
        f.add(node, "plannedTarget", target)
    f.add_all(node, "plannedObject", "object")
    f.add(node, "goal", _text(goal))
    f.time(node)


def _ordinal(f: Filling) -> None:
    rank = _place(f.value("rank"), "rank")
    if f.value("first") and rank not in (None, 1):
        raise UsageError(f"--first is rank 1, and --rank says {rank}: give one of them")
    rank = 1 if f.value("first") else rank
    if rank is None:
        raise UsageError("the ordinal template needs --rank N, or --first")
    said = _SCOPED_PLACE.fullmatch(" ".join(str(f.value("rank") or "").split()))
    _ranked(f, rank, scope=said["scope"] if said else None)


def _first(f: Filling) -> None:
    """A first at a place ("the first to land on the far side of the Moon"): an ordinal claim of
    rank 1 at that place."""
    _ranked(f, 1)


def _ranked(f: Filling, rank: int, *, scope: str | None = None) -> None:
    """An ordinal claim of ``rank`` about the achievement the ontology defines at ``--place`` ("the
    second to put a rover on Mars": a skg:MarsRoverDeployment), which the rules rank. Where it
    defines none, the claim keeps the achievement and the place (skg:destination), and the verdict
    says that no ranks are derived there rather than judge the achievement anywhere."""
    given, place = _record_at(f, "place", required=f.template.name == "first")
    record = given if place is None else _achievement_at(f.catalogue, given, place)
    words = {1: "first", 2: "second", 3: "third"}.get(rank, f"rank-{rank}")
    default = f"{words}-{slug(_words(record or given))}" + (f"-{_local(place)}" if record is None and place else "")
    node = _claim_node(f, default)
    _ordinal_claim(f, node, record or given, rank, scope=scope)
    if record is not None or place is None:
        _note_unranked(f, record or given, f.one("holder"))
        return
    f.add(node, "destination", place)
    cat = f.catalogue
    defined = sorted(f"{shorten(c)} ({' or '.join(sorted(cat.label(p) for p in places))})"
                     for c, places in cat.places_of.items() if cat.subsumed(c, given.value))
    f.notes.append(f"no class of the ontology is a {shorten(given.value)} at {shorten(place.value)} "
                   f"({cat.label(place.value)}); the kinds of {shorten(given.value)} it ties to a place are "
                   f"{', '.join(defined) or 'none'}: the claim keeps the place and will be unverifiable")


# The words for the whole world as a scope ("a world first", "the world's first", "globally"): the
# verdicts compare with the derived records under the scope "world".
# The ranks are derived among every country: "the third nation", "of all space-faring countries"
# compare within the world too ("national" and "in the country", within one country, do not).
_WORLD = re.compile(r"(?:an? |the )?(?:world(?:'s|-?wide)?|global(?:ly)?|in the world|anywhere(?: in the world)?"
                    r"|on (?:earth|the planet)|international(?:ly)?|(?:(?:around|across|on) )?the globe"
                    # "the first ever", "in human history": all time, and so every country.
                    r"|ever|of all time|(?:in )?(?:(?:human|recorded|world) )?history|(?:humanity|mankind)'s)"
                    r"(?:[- ](?:first|record|level))?"
                    r"|(?:(?:(?:among|of|of all) )?(?:(?:the|all) )?(?:space[- ]?faring )?(?:nations|countries)"
                    r"|(?:space[- ]?faring )?(?:nation|country))(?: (?:in|of|on) the (?:world|planet))?", re.IGNORECASE)


def _scope(f: Filling, said: str | None = None) -> ox.Literal | None:
    """The scope of a comparison as the claim records it: ``world`` for any words for the world,
    else the words; from --scope, or else from the rank's words (``said``: "the world's third").

    Raises:
        UsageError: --scope and the rank's words name two scopes.
    """
    def recorded(words: str) -> str:
        words = " ".join(words.replace("\u2019", "'").split())
        return "world" if _WORLD.fullmatch(words) else words

    scope = recorded(str(f.value("scope") or ""))
    if said and scope and recorded(said).lower() != scope.lower():
        raise UsageError(f"--scope {f.value('scope')!r} and --rank {f.value('rank')!r} name two scopes: give the "
                         "one the sentence says")
    scope = scope or recorded(said or "")
    return ox.Literal(scope) if scope else None


def _ordinal_claim(f: Filling, node: ox.NamedNode, record: ox.NamedNode, rank: int, *,
                   scope: str | None = None) -> None:
    f.typed(node, "OrdinalClaim")
    f.add(node, "recordHolder", f.one("holder"))
    f.add(node, "recordType", record)
    f.add(node, "ordinalRank", _integer(rank))
    f.add(node, "recordScope", _scope(f, scope))
    f.add_all(node, "precededBy", "preceded-by")
    f.add(node, "aboutEvent", f.one("about"))
    f.add(node, "description", _text(f.value("description")))


def _achievement_at(cat: Catalogue, record: ox.NamedNode, place: ox.NamedNode) -> ox.NamedNode | None:
    """The class of ``record`` (or ``record`` itself) that the ontology defines at ``place``: a
    soft landing at the far side of the Moon is a skg:LunarFarSideSoftLanding.

    Raises:
        UsageError: two such classes, neither narrower than the other.
    """
    found = {c for c, places in cat.places_of.items() if place.value in places and cat.subsumed(c, record.value)}
    narrowest = sorted(c for c in found if not any(o != c and cat.subsumed(o, c) for o in found))
    if len(narrowest) > 1:
        raise UsageError(f"{shorten(record.value)} at {shorten(place.value)} is {' and '.join(map(shorten, narrowest))}: "
                         "give the one the sentence means as --record")
    return iri(narrowest[0]) if narrowest else None


def _note_unranked(f: Filling, record: ox.NamedNode, holder: ox.NamedNode | None) -> None:
    """Point out an ordinal claim the rules can never rank: they rank countries, by the event
    classes a completeness declaration of every country's first achievements covers, so any other
    claim stays unverifiable whatever is cited."""
    cat = f.catalogue
    instead = ("a first of a kind of thing is the superlative template (--kind first, with a cited "
               "skg:SuperlativeRecord in the background)")
    if record.value not in cat.ordinal_tracked:
        tracked = ", ".join(sorted(shorten(c) for c in cat.ordinal_tracked)) or "none"
        f.notes.append(f"no ranks are derived for {shorten(record.value)} (only for {tracked}): the claim will be "
                       f"unverifiable; {instead}")
    elif holder is not None and holder.value in cat.types and not cat.is_a(holder.value, skg("Country").value):
        kinds = ", ".join(sorted(shorten(c) for c in cat.types[holder.value]))
        f.notes.append(f"ranks are derived among countries, and {shorten(holder.value)} is a {kinds}: the claim "
                       f"will be unverifiable; {instead}")


def _short_slug(words: str, limit: int) -> str:
    """The slug of ``words`` cut after its last whole word within ``limit`` characters (a first
    word longer than that is cut).

    Example:
        >>> _short_slug("left a Chinese mark on Mars for the first time", 40)
        'left-a-chinese-mark-on-mars-for-the'
    """
    whole = slug(words)
    if len(whole) <= limit:
        return whole
    cut = whole[: limit + 1].rsplit("-", 1)[0]
    return cut if "-" in whole[: limit + 1] else whole[:limit]


def _claim_node(f: Filling, default: str) -> ox.NamedNode:
    node = f.node(default, prefix=f"claim-{f.article}-{f.sentence_id}-")
    if not f.value("id"):
        f.claims.append(node)
    return node


def _count(f: Filling) -> None:
    # "--kind 'soft landings on the Moon'": what is counted, and where they went.
    kind, said = _record_at(f, None, answer="kind", event=False)
    destinations = _places_with(f, said, "destination", "kind")
    if (f.value("count") is None) == (f.value("at-least") is None):
        raise UsageError("the count template needs --count N, with its hedge if the sentence has one (\"more than 60\", "
                         "\"about 20\", \"several\"), or --at-least N for \"a number of\", \"several\"")
    if f.value("after"):
        raise UsageError("a count's period is the article's words (--when \"in 2023\"), or the period by hand "
                         "(--date): --after dates an event from another, not a period")
    node = _claim_node(f, f"{slug(_words(kind))}-count")
    f.typed(node, "CountClaim")
    f.add(node, "recordHolder", f.one("holder"))
    agents = f.value("agents")
    f.add(node, "countedClass", iri(f.catalogue.ontology_class(str(agents))) if agents else None)
    f.add(node, "recordType", kind)
    option = "count" if f.value("at-least") is None else "at-least"
    bound, count = hedge(f.value("count")) if option == "count" else ("AtLeast", f.value("at-least"))
    f.add(node, "claimedCount", _integer(_whole(count, option)))
    f.add(node, "claimedBound", skg(bound) if bound else None)
    if f.value("attempts"):
        f.add(node, "countsAttempts", ox.Literal("true", datatype=iri(XSD + "boolean")))
    for destination in destinations:
        f.add(node, "destination", destination)
    f.add(node, "description", _text(f.value("description")))
    # "67 launches in 2023": what is counted is what the period the words give holds, not all of
    # it ever achieved by the article's day.
    period = f.window()
    if period is not None:
        f.add(node, "periodExpression", ox.Literal(period.expression, language="en"))
        f.add(node, "periodStart", _instant(period.earliest))
        f.add(node, "periodEnd", _instant(period.latest))
        f.read_at(node, period)


def _instant(instant: datetime | None) -> ox.Literal | None:
    """An instant as the curated data writes it: an xsd:dateTime in UTC, to the second."""
    if instant is None:
        return None
    return ox.Literal(instant.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=iri(XSD + "dateTime"))


# "the first moon samples in 44 years", "the first in over four decades": a count of years back.
_YEARS_BACK = re.compile(r"(?:(?:in|for)\s+)?(?P<count>.+?)\s+(?P<unit>years?|decades?)(?:\s+ago)?", re.IGNORECASE)


def _since_year(f: Filling) -> int | None:
    """The year of "the first since YEAR": a year, or the years back from the publication's year
    that the words count ("in 44 years" in 2020 is since 1976).

    Raises:
        UsageError: the answer is neither, or a count of years the article's date cannot anchor.
    """
    value = f.value("since")
    if value is None or isinstance(value, int):
        return value
    back = _YEARS_BACK.fullmatch(str(value).strip())
    refused = UsageError(f"--since {value!r}: give the year (1976), or the years back as the words count them "
                         "(\"44 years\", \"four decades\"), without a hedge; a hedged count (\"over 40 years\") gives "
                         "no year: give the year of the last one instead")
    if back is None:
        if (number := cardinal(str(value))) is not None:
            return number
        # "since the Soviet Union's Luna 24 mission in 1976": the words of the event, with its year.
        named = set(re.findall(r"\b(?:1[89]|2[01])\d\d\b", str(value)))
        if len(named) != 1:
            raise refused
        year = int(named.pop())
        f.notes.append(f"--since {value!r} is read as since {year}, the year it names")
        return year
    count = 1 if back["count"].lower() in ("a", "an") else cardinal(back["count"])  # "in a decade"
    if count is None:
        raise refused
    if f.published is None:
        raise UsageError(f"--since {value!r}: {f.article} has no publication date to count the years back from; "
                         "give the year")
    years = count * (10 if back["unit"].lower().startswith("decade") else 1)
    year = f.published.year - years
    f.notes.append(f"--since {value!r} is read as since {year}: {f.published.year}, the year of publication, "
                   f"less {years}")
    return year


def _superlative(f: Filling) -> None:
    words = str(f.value("words"))
    node = _claim_node(f, _short_slug(words, 40))
    f.typed(node, "SuperlativeClaim")
    f.add(node, "recordHolder", f.one("holder"))
    f.add(node, "recordType", _superlative_record(f) if f.value("record") else None)
    f.add(node, "sinceYear", _integer(_since_year(f)))
    f.add(node, "superlative", _text(words))
    f.add(node, "recordScope", _scope(f))
    kind = f.value("kind")
    if kind is not None:
        if str(kind) not in _SUPERLATIVE_KINDS:
            raise UsageError(f"--kind {kind!r}: give first or largest")
        f.add(node, "superlativeKind", skg(_SUPERLATIVE_KINDS[str(kind)]))
    measure = f.value("measure")
    if measure:
        prop = f.catalogue.ontology_property(str(measure))
        f.add(node, "measure", iri(prop))
    among = f.value("among")
    f.add(node, "comparisonClass", iri(f.catalogue.ontology_class(str(among))) if among else None)
    f.add(node, "comparisonAgent", f.one("of"))
    f.add(node, "exceedsFactor", _number(f.value("factor")))
    # Each aspect is judged only with what it is compared within (ontology/shapes.ttl): without
    # it the claim would be a `spacekg check` error rather than a refused answer.
    for aspect, needed in _SUPERLATIVE_NEEDS.items():
        missing = [f"--{answer}" for answer in needed if f.value(aspect) is not None and f.value(answer) is None]
        if missing:
            raise UsageError(f"--{aspect} needs {' and '.join(missing)}: {_SUPERLATIVE_NEEDS_WHY[aspect]}")


def _clock(text: str) -> str:
    """A clock time as people write it (14:23, 2:23, 2:23 pm, 2.23 p.m., 9 am, 0223), as HH:MM on
    a 24-hour clock."""
    found = clock_time(text)
    if found is None:
        raise UsageError(f"--clock {text!r}: give the time as HH:MM on a 24-hour clock (e.g. 14:23) or with "
                         "a.m. or p.m. (e.g. 2:23 pm)")
    return f"{found[0]:02d}:{found[1]:02d}"


def _clock_and_zone(f: Filling) -> str:
    """--clock as HH:MM. A zone written with it ("7:18 a.m. Beijing time", "2318 GMT") is the
    claim's --utc-offset, stated in the sentence.

    Raises:
        UsageError: the words are no clock time, the zone has no one offset, or --utc-offset
            gives another.
    """
    text = str(f.value("clock"))
    if clock_time(text) is not None:
        return _clock(text)
    try:
        rest, zone, said = time_of_day(" ".join(text.lower().split()), text, home=f.article_offset())
    except UsageError as exc:
        # Its advice is for --when: only what it found is kept.
        raise UsageError(f"--clock {str(exc).split(';')[0]}; give the clock time alone and its offset with "
                         "--utc-offset") from None
    if rest or zone is None or not said:
        return _clock(text)  # its error says how to write a clock time
    offset = _one_offset(zone, said, str(f.value("words") or ""))
    if offset is None:
        raise UsageError(f"--clock {text!r}: that zone has more than one UTC offset in a year; give the clock time "
                         "alone and its offset with --utc-offset, or --words with the same time in another zone "
                         "(\"2:07 a.m. Eastern (0607 GMT)\")")
    given = f.value("utc-offset")
    if given and utc_offset(str(given), "utc-offset") != offset:
        raise UsageError(f"--clock {text!r} is at UTC{offset_text(offset)}, and --utc-offset says {given}: give one "
                         "of them")
    f.values = {**f.values, "utc-offset": offset_text(offset), "zone-basis": f.value("zone-basis") or "stated"}
    return _clock(bare_clock(said))


def _time_of_day(f: Filling) -> None:
    clock = _clock_and_zone(f)
    offset, basis = _default_zone(f)
    _refuse_other_words(f, clock, offset)
    event = f.entity(str(f.value("about")))
    node = _claim_node(f, f"{_local(event)}-time")
    f.typed(node, "TimeClaim")
    f.add(node, "aboutEvent", event)
    f.add(node, "claimedTimeOfDay", ox.Literal(clock))
    _zone(f, node, offset, basis)
    # The words stay on the claim: a wrong clock time is not a fact about the event.
    f.add(node, "localTimeExpression", _text(f.value("words")))
    f.add(node, "description", _text(f.value("description")))


def _default_zone(f: Filling) -> tuple[str | None, str | None]:
    """The offset and basis of a clock time given without --utc-offset: the zone its words name,
    when that zone has one offset ("at 7:18 Beijing time"), else the article's UTC offset from its
    registration (--tz, its dateline's or publisher's); without one the claim could only be
    unverifiable."""
    given, basis = f.value("utc-offset"), f.value("zone-basis")
    if given:
        return str(given), str(basis) if basis else None
    words = str(f.value("words") or "")
    try:
        _, zone, said = time_of_day(" ".join(words.lower().split()), words, home=f.article_offset())
    except UsageError:
        return None, str(basis) if basis else None  # "CST": a zone only --utc-offset settles
    if zone is not None:
        offset = _one_offset(zone, said, words)
        if offset is None:
            return None, str(basis) if basis else None
        return offset_text(offset), str(basis) if basis else "stated"
    recorded = f.catalogue.offsets.get(SOURCE + f.article)
    if (implied := _restated_offset(words, str(f.value("clock")), recorded)) is not None:
        if recorded is not None and implied != recorded:
            f.notes.append(f"the bracket's time puts the clock time at UTC{implied}, not at the article's --tz "
                           f"UTC{recorded}")
        return implied, str(basis) if basis else "stated: the bracket restates the time in another zone"
    if recorded is None:
        return None, str(basis) if basis else None
    return _article_zone(f, "the clock time", recorded, basis)


def _article_zone(f: Filling, what: str, recorded: str, basis: object) -> tuple[str, str]:
    """The article's UTC offset (its --tz, its dateline's or publisher's) for a time read in no
    zone the answers give, with a note that says so."""
    f.notes.append(f"{what} is read at UTC{recorded}, the article's --tz; if the sentence means another "
                   "zone, remove the claim and answer again with --utc-offset and --zone-basis")
    return recorded, str(basis) if basis else "the article's UTC offset (--tz), its dateline's or publisher's"


def _restated_offset(words: str, clock: str, recorded: str | None) -> str | None:
    """The UTC offset at which the clock time is the one its words restate in brackets in a zone
    of one offset ("at about 2:07 p.m. (0607 GMT)" is at +08:00); where two offsets between -12:00
    and +14:00 fit, the article's own (``recorded``) if it is one; else None."""
    ours = clock_time(clock)
    fits: set[str] | None = None
    # Each restatement in a zone of one offset gives the offsets that fit; they must agree.
    for restated in converted(" ".join(words.lower().split()))[1]:
        theirs = clock_time(restated.clock)
        if ours is None or theirs is None or len(restated.zone.offsets()) != 1:
            continue
        gap = (timedelta(hours=ours[0] - theirs[0], minutes=ours[1] - theirs[1]) + next(iter(restated.zone.offsets()))) \
            % timedelta(days=1)
        here = {offset_text(o) for o in (gap, gap - timedelta(days=1)) if timedelta(hours=-12) <= o <= timedelta(hours=14)}
        fits = here if fits is None else fits & here
    if not fits:
        return None
    if len(fits) == 1:
        return next(iter(fits))
    return recorded if recorded in fits else None


def _one_offset(zone: Zone, said: str, words: str) -> timedelta | None:
    """The one UTC offset of ``zone`` at the clock time ``said``: its own, or, where it has
    daylight saving time, the one at which ``words`` restate that time in brackets in another zone
    ("at 2:07 a.m. Eastern (0607 UTC)" is at -04:00); None where nothing settles it.

    Raises:
        UsageError: the bracket restates another time than any of the zone's offsets gives ("at
            9:00 a.m. Eastern (0100 GMT)"): one of the two is a slip.
    """
    offsets = zone.offsets()
    if len(offsets) == 1:
        return next(iter(offsets))
    ours = clock_time(bare_clock(said))
    fits = set(offsets)
    settled = False
    for restated in converted(" ".join(words.lower().split()))[1]:
        theirs = clock_time(restated.clock)
        if ours is None or theirs is None or len(restated.zone.offsets()) != 1:
            continue
        gap = timedelta(hours=ours[0] - theirs[0], minutes=ours[1] - theirs[1]) + next(iter(restated.zone.offsets()))
        fits = {o for o in fits if (gap - o) % timedelta(days=1) == timedelta(0)}
        settled = True
    if settled and not fits:
        raise UsageError(f"--words {words!r}: the bracket's time is not {said} at any UTC offset of its zone "
                         f"({', '.join(offset_text(o) for o in sorted(offsets))}); one of the two is a slip")
    return next(iter(fits)) if settled and len(fits) == 1 else None


def _refuse_other_words(f: Filling, clock: str, offset: str | None) -> None:
    """--words are the article's words for the time: a clock time or zone in them that is not
    --clock or --utc-offset ("at 7:27 p.m. EST" with --clock 7:27) is a slip in one of the two.

    Raises:
        UsageError: the words give another clock time, or a zone that never has --utc-offset.
    """
    words = f.value("words")
    if not words:
        return
    lowered = " ".join(str(words).lower().split())
    try:
        rest, zone, said = time_of_day(lowered.replace("\u2019", "'"), str(words), home=f.article_offset())
        restatements = converted(lowered)[1]
    except UsageError:
        return  # "10:26 a.m. CST": a zone the words leave open, which --utc-offset settles
    said = bare_clock(said)
    # Several restatements in a bracket are one instant, each in its zone ("0226 GMT; 9:26 p.m. EST").
    instants = {(_minutes(_clock(r.clock)) - next(iter(r.zone.offsets())) // timedelta(minutes=1)) % 1440: r.clock
                for r in restatements if len(r.zone.offsets()) == 1 and clock_time(r.clock) is not None}
    if len(instants) > 1:
        raise UsageError(f"--words {words!r}: the bracket's times {' and '.join(sorted(instants.values()))} are not "
                         "one instant in their zones; one of them is a slip")
    if restatements and (not said or clock != _clock(said)) \
            and (chosen := next((r for r in restatements if clock == _clock(r.clock)), None)):
        said, zone = chosen.clock, chosen.zone  # "9 am (0100 GMT)" with --clock 01:00: the time in the bracket's zone
    readings = _readings(said, rest)
    if readings and clock not in readings:
        raise UsageError(f"--words {words!r} say {' or '.join(readings)}, --clock {clock}: give the clock time the "
                         "words give")
    if zone is not None and offset and utc_offset(str(offset), "utc-offset") not in zone.offsets():
        shown = " or ".join(sorted(offset_text(o) for o in zone.offsets()))
        raise UsageError(f"--words {words!r} name {zone.describe(date(2001, 1, 15)).split(' (')[0]}, which is UTC"
                         f"{shown}, not --utc-offset {offset}")
    for other in restatements if offset else ():
        if other.clock == said:
            continue
        # The bracket gives the same instant in its zone: 9 a.m. at +08:00 is 0100 GMT.
        instant = _minutes(clock) - utc_offset(str(offset), "utc-offset") // timedelta(minutes=1)
        given = {(_minutes(_clock(other.clock)) - o // timedelta(minutes=1)) % 1440 for o in other.zone.offsets()}
        if instant % 1440 not in given:
            raise UsageError(f"--words {words!r}: {clock} at --utc-offset {offset} is not the bracket's "
                             f"{other.clock} {other.zone.describe(date(2001, 1, 15)).split(' (')[0]}; give the "
                             "offset at which the two are the same time")


def _readings(said: str, rest: str) -> list[str]:
    """The clock times that the words of a clock time can be, on a 24-hour clock: one from 1 to
    12 without a.m. or p.m. ("at 7 o'clock", "at 4:30") is on a 12-hour clock in the half of the
    day that the words around it say ("in the morning", "in the afternoon"); else an hour on its
    own is in either, and one with its minutes as written."""
    if not said:
        return []
    twelve = re.fullmatch(r"([1-9]|1[0-2])(?:[:.](\d{2}))?", said)
    if twelve is None:
        return [_clock(said)]
    hour, minute = int(twelve[1]) % 12, twelve[2] or "00"
    if re.search(r"\b(?:morning|a\.?m\.?)\b", rest):
        return [f"{hour:02d}:{minute}"]
    if re.search(r"\b(?:afternoon|evening|night|tonight|p\.?m\.?)\b", rest):
        return [f"{hour + 12:02d}:{minute}"]
    return [_clock(said)] if twelve[2] else [f"{hour:02d}:00", f"{hour + 12:02d}:00"]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _zone(f: Filling, node: ox.NamedNode, offset: str | None, basis: str | None) -> None:
    """The UTC offset a time claim is read at, and why (stated, dateline or publisher)."""
    if offset:
        f.add(node, "claimedUtcOffset", ox.Literal(offset_text(utc_offset(offset, "utc-offset"))))
    if basis is not None and not _ZONE_BASIS.search(str(basis)) and _SAID_ZONE.search(str(basis)):
        # "local time", "the sentence says Beijing time": the sentence states the zone.
        basis = f"stated ({' '.join(str(basis).split())})"
    if basis is not None and not _ZONE_BASIS.search(str(basis)):
        raise UsageError(f"--zone-basis {basis!r}: say which zone it is: stated (in the sentence), the dateline's or "
                         "the publisher's, e.g. \"the article's dateline, Beijing (UTC+8)\"")
    f.add(node, "zoneBasis", ox.Literal(str(basis).strip()) if basis else None)


# skg:zoneBasis names its basis, in a word or in a sentence (the shape in ontology/shapes.ttl).
_ZONE_BASIS = re.compile(r"stated|states|dateline|publisher", re.IGNORECASE)
_SAID_ZONE = re.compile(r"\b(?:local|sentence|says|said|names|named|gives|given|written)\b", re.IGNORECASE)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SUPERLATIVE_KINDS = {"first": "FirstOfKind", "largest": "LargestOfKind"}
_SUPERLATIVE_NEEDS = {"kind": ("among", "scope"), "measure": ("among", "of"), "since": ("record", "among")}
_SUPERLATIVE_NEEDS_WHY = {
    "kind": "the class of things it is the first or largest of (an ontology class), and the scope (\"world\"); "
            "where the ontology has no class for them, leave out --kind: the claim is recorded and unverifiable",
    "measure": "what is compared (an ontology class, e.g. CrewedMission) and whose (e.g. China)",
    "since": "the kind of event (e.g. LunarSoftLanding) and what was the first (e.g. Rover; Spacecraft for any "
             "craft)",
}


def _weekday(f: Filling) -> None:
    # "Thursday", "thurs", "Thu.": a day is named by its first three letters or more.
    given = str(f.value("day")).strip().rstrip(".").lower()
    day = next((d for d in _WEEKDAYS if len(given) >= 3 and d.lower().startswith(given)), "")
    if not day:
        raise UsageError(f"--day {f.value('day')!r}: give a day of the week, e.g. Monday")
    event = f.entity(str(f.value("about")))
    node = _claim_node(f, f"on-{day.lower()}")
    # "Launched on Saturday and landed on Saturday": the same day of another event is a claim of
    # its own, named after that event too.
    about = f.catalogue.stated.get((node.value, SKG + "aboutEvent"), {}).get(graph_iri(f.article, f.sentence_id).value)
    if about is not None and about != event and not f.value("id"):
        node = _claim_node(f, f"{_local(event)}-on-{day.lower()}")
    f.typed(node, "WeekdayClaim")
    f.add(node, "aboutEvent", event)
    f.add(node, "claimedWeekday", ox.Literal(day))
    offset, basis = f.value("utc-offset"), f.value("zone-basis")
    if offset and not basis:
        raise UsageError("--zone-basis: say why the day is read at --utc-offset: stated (in the sentence), the "
                         "dateline's or the publisher's")
    if not offset:
        if (recorded := f.catalogue.offsets.get(SOURCE + f.article)) is None:
            raise UsageError("--utc-offset: the article was registered without --tz, so give the zone the day is "
                             "read in, with --zone-basis, e.g. --utc-offset +08:00 --zone-basis stated")
        offset, basis = _article_zone(f, "the day", recorded, basis)
    _zone(f, node, str(offset), str(basis))


def _statement(f: Filling) -> None:
    subject = f.entity(str(f.value("about")))
    given = [name for name in ("entity", "class", "number", "boolean", "text") if f.value(name) is not None]
    if len(given) != 1:
        raise UsageError("the statement template needs one value: --entity, --class, --number, --boolean or --text")
    prop = str(f.value("property"))
    predicate = iri(RDF + "type") if prop == "type" else iri(f.catalogue.ontology_property(prop))
    value = {
        "entity": lambda: _statement_entity(f, predicate),
        "class": lambda: iri(f.catalogue.ontology_class(str(f.value("class")))),
        "number": lambda: _statement_number(f, predicate),
        "boolean": lambda: _boolean(f.value("boolean")),
        "text": lambda: _text(f.value("text")),
    }[given[0]]()
    if value is None:
        raise UsageError(f"--{given[0]} is empty: the statement template needs its value")
    # The statement is a claim, not a fact, so OWL draws nothing from it; checked here, a
    # landing site said of a sample return is refused instead of staying unverifiable.
    f.refuse_misfit(subject, predicate, f.catalogue.domains, "is said of")
    f.refuse_misfit(value, predicate, f.catalogue.ranges, "takes")
    node = _claim_node(f, f"{_local(subject)}-{slug(prop)}")
    f.typed(node, "StatementClaim")
    f.triples += [(node, iri(RDF + "subject"), subject), (node, iri(RDF + "predicate"), predicate),
                  (node, iri(RDF + "object"), value)]
    bound = hedge(f.value("number"))[0] if given == ["number"] else None
    f.add(node, "claimedBound", skg(bound) if bound else None)
    if given == ["number"] and (mass := _mass_with_unit(predicate, hedge(f.value("number"))[1])) is not None:
        f.add(node, "claimedPrecision", _decimal(_mass_step(mass) / _MASS_UNITS[predicate]))
    f.add(node, "description", _text(f.value("description")))


def _statement_number(f: Filling, predicate: ox.NamedNode) -> ox.Literal | None:
    """The --number of a statement, without its hedge (which the claim records as its bound); a
    duration in days, or in months or years when hedged."""
    bound, number = hedge(f.value("number"))
    if predicate == skg("durationDays"):
        return _number(_days(number, "number", hedged=bound is not None))
    if predicate == skg("seriesOrdinal") and bound is None:
        return _integer(_place(number, "number"))  # "the sixth mission": 6, 6th or sixth
    if (mass := _mass_with_unit(predicate, number)) is not None:
        # A mass with its unit ("66 tonnes", "180,000 pounds") in the property's unit.
        return _number(float(_grams(mass, "number") / _MASS_UNITS[predicate]))
    return _number(_quantity(number, "number"))


_MASS_UNITS = {skg("massTonnes"): Decimal(10) ** 6, skg("collectedMassGrams"): Decimal(1)}


def _mass_with_unit(predicate: ox.NamedNode, number: object) -> str | None:
    """``number`` when it is a mass with its unit and ``predicate`` a mass, else ``None``."""
    if predicate in _MASS_UNITS and isinstance(number, str) \
            and (unit := re.search(r"(?<![a-z])([a-z]+)\s*(?:\([^()]*\))?$", number.strip().lower())) \
            and unit[1] in {*_GRAMS, "ton", "tons"}:
        return number
    return None


def _decimal(value: Decimal) -> ox.Literal:
    """``value`` as an xsd:decimal, which has no exponent (1E+3 is written 1000)."""
    return ox.Literal(format(value.normalize(), "f"), datatype=iri(XSD + "decimal"))


def _statement_entity(f: Filling, predicate: ox.NamedNode) -> ox.NamedNode | None:
    """The --entity of a statement: a term of the property's controlled vocabulary when its range is
    one (``--property outcome --entity failed``), else a thing."""
    for kind in sorted(f.catalogue.ranges.get(predicate.value, ())):
        if kind.startswith(SKG) and f.catalogue.vocabulary(kind.removeprefix(SKG)):
            return iri(f.catalogue.vocabulary_term(kind.removeprefix(SKG), str(f.value("entity"))))
    return f.one("entity")


def _assessment(f: Filling) -> None:
    words = str(f.value("words"))
    if not (f.value("holder") or f.value("about")):
        raise UsageError("the assessment template needs --holder (whose achievement it judges) or --about (which "
                         "event)")
    node = _claim_node(f, _short_slug(words, 40))
    f.typed(node, "AssessmentClaim")
    f.add(node, "recordHolder", f.one("holder"))
    f.add(node, "aboutEvent", f.one("about"))
    f.add(node, "description", _text(words))


def _name(f: Filling) -> None:
    words = str(f.value("name"))
    node = _claim_node(f, slug(words))
    f.typed(node, "NameClaim")
    f.add(node, "claimedName", _text(words))
    f.add(node, "namedPlace", f.one("place"))
    f.add(node, "nameMarked", ox.Literal("true" if f.value("marked") else "false", datatype=iri(XSD + "boolean")))
    sense = f.value("sense")
    f.add(node, "claimedSense", skg(str(sense)) if sense else None)
    f.add(node, "description", _text(f.value("description")))


def _superlative_record(f: Filling) -> ox.NamedNode:
    """The kind of event of "the first since YEAR": --record's class, or the class the ontology
    defines at the place its words name ("sample return from the Moon": skg:LunarSampleReturn).

    Raises:
        UsageError: the words name a place where the ontology defines no such class.
    """
    record, place = _record_at(f, None)
    if place is None:
        return record
    if (defined := _achievement_at(f.catalogue, record, place)) is None:
        raise UsageError(f"--record {str(f.value('record'))!r}: no class of the ontology is a {shorten(record.value)} "
                         f"at {shorten(place.value)} ({f.catalogue.label(place.value)}): give the kind of event alone")
    return defined


def _only(f: Filling) -> None:
    record, destination = _record_at(f, "destination", required=True)
    node = _claim_node(f, f"only-{slug(_words(record))}")
    f.typed(node, "ExclusiveClaim")
    f.add_all(node, "recordHolder", "holder")
    f.add(node, "countedClass", iri(f.catalogue.ontology_class(str(f.value("among")))))
    f.add(node, "recordType", record)
    f.add(node, "destination", destination)
    f.add(node, "description", _text(f.value("description")))


def _words(node: ox.NamedNode) -> str:
    """A class's local name as words: LunarSoftLanding -> "Lunar Soft Landing"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", _local(node))


def _announcement(f: Filling, by: ox.NamedNode) -> None:
    """The occasion of a report or quote, when the sentence dates it or names who was told."""
    if not (f.value("id") or f.value("when") or f.value("to")):
        return
    # Named after who spoke and in which sentence: two sentences may tell of two occasions.
    node = f.node(f"{_local(by)}-{slug(f.sentence_id)}", prefix=f"announcement-{f.article}-")
    f.typed(node, "Announcement")
    f.add(node, "announcedBy", by)
    f.add_all(node, "hasParticipant", "to")
    # Named after who spoke and to whom ("Pei Zhaoyu statement to Xinhua News Agency"), as
    # an event is after what it was of; a name the project gives it stays.
    who = f.catalogue.labels.get(by.value) or f.value("speaker-label")
    told = [name for e in f.entities("to") if (name := f.catalogue.labels.get(e.value))]
    if who and node.value not in f.catalogue.labels:
        f.add(node, RDFS + "label", _text(f"{who} statement" + (f" to {' and '.join(told)}" if told else "")))
    f.time(node)


def _quote(f: Filling) -> None:
    given = str(f.value("speaker"))
    try:
        speaker = f.entity(given)
    except UsageError:
        # "Zhang Kejian, head of the CNSA": a name with what the sentence says of its speaker.
        name, comma, role = (part.strip() for part in given.partition(","))
        if not comma or not name or not role:
            raise
        alone = (f"--speaker {name!r}" if f.names_one(name)
                 else f"--speaker d:{slug(name)} --speaker-label {name!r}, a new speaker")
        raise UsageError(f"--speaker {given!r}: give the name alone ({alone}) and what the sentence says of them "
                         f"with --role {role!r}") from None
    label = f.value("speaker-label")
    named = f.catalogue.labels.get(speaker.value)
    # A second label would make the title a name of the person ("Lin Xiqiang" and "Deputy Director").
    if label and named and normalise_label(named) != normalise_label(str(label)):
        raise UsageError(f"--speaker-label {str(label)!r}: {shorten(speaker.value)} is already named {named!r}; "
                         f"give a named speaker's role or title with --role (\"deputy director of the CMSA\")")
    if label:
        f.typed(speaker, "Person")
        f.add(speaker, RDFS + "label", _text(label))
    f.add(speaker, "affiliation", f.one("affiliation"))
    f.add(speaker, "description", _text(f.value("role")))
    f.provenance["attributedTo"] = speaker
    _announcement(f, speaker)


def _report(f: Filling) -> None:
    outlet = f.entity(str(f.value("outlet")))
    f.provenance["attributedTo"] = outlet
    _announcement(f, outlet)


def _thing(f: Filling) -> None:
    node = f.entity(str(f.value("entity")))
    kind = f.value("class")
    if kind:
        f.triples.append((node, iri(RDF + "type"), iri(f.catalogue.ontology_class(str(kind)))))
    for answer, name in [("label", f.value("label")), *(("other-name", n) for n in f.many("other-name"))]:
        # A name of two things resolves to neither: every answer that gives it would be refused.
        if name and (others := sorted({n.entity for n in f.catalogue.names
                                        if normalise_label(n.text) == normalise_label(str(name))} - {node.value})):
            raise UsageError(f"--{answer} {str(name)!r} already names {', '.join(shorten(o) for o in others)}: a "
                             f"name names one thing; give {shorten(node.value)} its own")
    f.add(node, RDFS + "label", _text(f.value("label")))
    for name in f.many("other-name"):
        f.add(node, SKOS + "altLabel", _text(name))
    for answer, predicate in _THING_LINKS:
        f.add_all(node, predicate, answer)
    f.add(node, "description", _text(f.value("description")))
    f.add(node, "purpose", _text(f.value("purpose")))


# The answers of the thing template that link to other entities, and their properties.
_THING_LINKS = (("part-of", "partOf"), ("located-in", "locatedIn"), ("located-on", "locatedOnBody"),
                ("program", "partOfProgram"), ("carries", "carries"), ("country", "country"),
                ("operator", "operator"), ("followed-by", "followedBy"), ("relays-for", "relaysFor"),
                ("based-on", "basedOnDesign"))


def _e(name: str, help: str, *, takes: tuple[str, ...] = (), **kw: bool) -> Answer:
    return Answer(name, "entity", help, takes=takes, **kw)


OUTCOME = Answer("outcome", "text", "whether it succeeded: succeeded, failed or partial (a failed attempt counts "
                                    "for no rank, first, count or plan)")

TEMPLATES: dict[str, Template] = {t.name: t for t in (
    Template("launch", "A launch: what was launched, on which vehicle, from where, when.", (
        _e("vehicle", "the launch vehicle"), _e("site", "the launch site"),
        _e("payload", "what was launched (repeatable)", multiple=True),
        _e("mission", "the mission the launch belongs to"), _e("by", "the country or agency that launched"),
        _e("destination", "the place or body it was headed to (repeatable; a station it reached: the docking "
                           "template)", multiple=True), OUTCOME), _launch, timed=True),
    Template("landing", "A landing: which craft landed where, on which body, when.", (
        _e("spacecraft", "the craft that landed (repeatable)", multiple=True), _e("mission", "its mission"),
        _e("site", "the landing site (crater, region)"), _e("body", "the body landed on"),
        _e("by", "the country or agency"), Answer("crewed", "flag", "a crewed landing"), OUTCOME), _landing,
        timed=True),
    Template("crewed-flight", "A crewed flight: the mission, its crew, length and place in the series.", (
        _e("mission", "the crewed mission", required=True), _e("by", "the country that flew it"),
        _e("astronaut", "a crew member (repeatable)", multiple=True),
        Answer("crew", "integer", "how many flew: 3 or three"),
        Answer("days", "days", "how many days it lasted: 90, ninety, 90 days or three weeks"),
        Answer("series", "place", "its place in the country's series: 1, 1st or first"),
        Answer("independent", "flag", "flown with the country's own rocket (an independent crewed spaceflight)"),
        OUTCOME), _crewed_flight, timed=True),
    Template("docking", "A docking: which mission docked with which station or module.", (
        _e("mission", "the mission that docked", required=True),
        _e("with", "the station or module docked with", required=True),
        _e("by", "the country or agency that docked"), OUTCOME), _docking, timed=True),
    Template("sample-return", "A sample return: a mission's samples brought to Earth, when.", (
        _e("mission", "the mission that brought them back", required=True),
        _e("by", "the country or agency"),
        _e("site", "where the capsule came down (a region on Earth)"),
        _e("from", "the body the samples were collected on (the Moon: a lunar sample return, which is ranked)",
           takes=("CelestialBody",)),
        _e("region", "the region of the body they were collected in (the far side of the Moon: a far-side sample "
                     "return, which is ranked)"),
        OUTCOME), _sample_return, timed=True),
    Template("event", "An event no other template records (an orbit, a manoeuvre, a construction, an operation): "
             "its kind, what took part, when.", (
        Answer("class", "class", "the kind of event, an event class (OrbitEvent, OrbitInsertion, Construction, "
                                 "Operation…)", required=True),
        _e("participant", "a craft or agent that took part (repeatable)", multiple=True),
        _e("mission", "the mission it belongs to"), _e("orbited", "for an orbit: the body orbited or flown past"),
        _e("on", "for a RoverDeployment: the body the rover was put to work on (Mars: a Mars rover deployment, "
                 "which is ranked)"),
        _e("by", "the country or agency"), Answer("description", "text", "the event in the article's words"),
        OUTCOME), _event, timed=True),
    Template("test", "A test or abort event: a rocket's test flight, a spacecraft's pad-abort test, another test.", (
        _e("tested", "what was tested: the rocket, spacecraft or system", required=True),
        Answer("kind", "text", "flight (a test flight, a launch) or abort (a pad-abort or in-flight abort test); "
                               "leave it out for another test"),
        _e("mission", "the mission it belongs to"), _e("by", "the country or agency that tested it"),
        _e("vehicle", "the rocket that flew a test flight (default: --tested, when it is a rocket)"),
        _e("site", "where a test flight was launched from"), OUTCOME), _test, timed=True),
    Template("recovery", "A rocket stage's or capsule's recovery: a splashdown, a landing on a pad or a ship.", (
        _e("item", "what came back: the stage, booster or capsule", required=True),
        Answer("kind", "text", "splashdown (on water) or landing (under engine thrust, on a pad or a ship); leave "
                               "it out for another recovery"),
        _e("mission", "the mission it flew on"), _e("by", "the country or agency that recovered it"),
        _e("site", "the place it came down in (a sea, a region)"), OUTCOME), _recovery, timed=True),
    Template("sampling", "A sampling: a craft's drilling or scooping of a body's surface, and how much it collected.", (
        _e("mission", "the mission that sampled"), _e("spacecraft", "the craft that took the samples"),
        Answer("method", "text", "drilling or scooping; leave it out for another sampling"),
        _e("site", "where the samples were taken (a crater, a basin, a body)"),
        _e("by", "the country or agency"),
        Answer("mass", "text", "how much was collected, with its unit: 1,935.3 grams or 1.7 kg"), OUTCOME),
        _sampling, timed=True),
    Template("outcome", "A mission's overall outcome: it succeeded, failed or partly succeeded.", (
        _e("mission", "the mission (or event) the sentence judges", required=True),
        Answer("outcome", "text", "succeeded (success), failed (failure) or partial (partly successful)",
               required=True),
        Answer("description", "text", "the outcome in the article's words")), _mission_outcome),
    Template("plan", "A plan with a target: who plans what, towards which body, by when.", (
        Answer("goal", "text", "the plan in the article's words", required=True),
        _e("by", "who plans it", required=True), _e("announced-by", "who announced it"),
        _e("announced-in", "the announcement or document it was announced in"),
        Answer("event-type", "class", "the kind of event planned (LaunchEvent, SampleReturn…)", required=True),
        _e("target", "the body or region it is aimed at (repeatable)", multiple=True,
           takes=("CelestialBody", "Place")),
        _e("object", "the thing to be built, launched or flown (repeatable)", multiple=True,
           takes=("SpaceMission", "Artifact"))),
        _plan, modality="Planned", future=True, timed=True),
    Template("ordinal", "An ordinal or \"first\" claim: X was the n-th to achieve something.", (
        _e("holder", "who the claim is about", required=True),
        Answer("record", "class", "the achievement, as an event class (LunarSoftLanding…)", required=True),
        Answer("rank", "place", "the rank claimed: 3, 3rd or third"), Answer("first", "flag", "the claim is a first (rank 1)"),
        Answer("scope", "text", "the scope of the comparison, e.g. world, or nation (\"the third nation\": among "
                                "every country); a narrower one has no derived record: the claim is then unverifiable"),
        _e("place", "where it was achieved, when the sentence says (Mars: --record RoverDeployment is then a "
                    "MarsRoverDeployment)"),
        _e("preceded-by", "who the sentence says came before (repeatable)", multiple=True),
        _e("about", "the event the claim is about"), Answer("description", "text", "the claim in the article's words")),
        _ordinal),
    Template("first", "A first at a place: X was the first to achieve something there (\"the first to land on "
             "the far side of the Moon\").", (
        _e("holder", "who the claim is about", required=True),
        Answer("record", "class", "the achievement, as an event class (SoftLanding…)", required=True),
        _e("place", "where it was achieved (d:far-side-of-the-moon), unless --record says (\"soft landing on the "
                    "far side of the Moon\")"),
        Answer("scope", "text", "the scope of the comparison, e.g. world, or nation (\"the third nation\": among "
                                "every country); a narrower one has no derived record: the claim is then unverifiable"),
        _e("about", "the event the claim is about"), Answer("description", "text", "the claim in the article's words")),
        _first),
    Template("count", "A count claim: how many things of a kind someone has (\"a pair of space stations\"), or "
             "did in a period (\"67 launches in 2023\": --when \"in 2023\").", (
        Answer("kind", "class", "what is counted, as a class (SpaceStation, Orbiter…), or the kind of event "
                                "(SoftLanding: the events, or with --agents who did them)", required=True),
        Answer("count", "integer", "the number claimed: 2 or two, with the sentence's hedge: \"more than 60\", "
               "\"at least three\", \"up to 8\", \"fewer than five\", \"about 20\", \"nearly 100\", \"several\"; \"the "
               "second time\" counts 2"),
        Answer("at-least", "integer", "the least number a vague count claims (\"a number of\": 2, \"several\": 3)"),
        Answer("attempts", "flag", "count attempts, failed ones too (\"21 landing missions carried out\")"),
        Answer("agents", "class", "count who did it, agents of this class (Country), not the things"),
        _e("holder", "whose things are counted"),
        _e("destination", "where they went (repeatable)", multiple=True),
        Answer("description", "text", "the claim in the article's words")), _count, timed=True),
    Template("superlative", "A superlative claim: the largest, longest, first of its kind (since a year).", (
        _e("holder", "what holds the record", required=True),
        Answer("words", "text", "the superlative in the article's words", required=True),
        Answer("scope", "text", "the scope, e.g. world or national"),
        Answer("kind", "text", "what a record claims its holder is: first or largest (of --among)"),
        Answer("measure", "text", "the property compared, e.g. durationDays"),
        Answer("among", "class", "the class compared within, e.g. CrewedMission; for \"the first since YEAR\", "
               "what was the first, e.g. Rover"),
        _e("of", "whose things are compared, e.g. China"),
        Answer("factor", "number", "by how much it beats the record (\"more than doubled\": 2)"),
        Answer("record", "class", "for \"the first since YEAR\": the kind of event"),
        Answer("since", "text", "for \"the first since YEAR\": the year, or the years back the words count "
                                "(\"44 years\")")), _superlative),
    Template("time-of-day", "A clock time claimed for an event (\"at 2:23 pm local time\").", (
        _e("about", "the event timed", required=True),
        Answer("clock", "text", "the time claimed: HH:MM on a 24-hour clock, or with a.m./p.m.", required=True),
        Answer("utc-offset", "text", "the zone it is read in, e.g. +08:00"),
        Answer("zone-basis", "text", "why that zone: stated (\"local time\"), the dateline's, or the publisher's"),
        Answer("words", "text", "the time in the article's words, with a hedge such as \"shortly after\", "
               "which widens the minute the verdict allows"),
        Answer("description", "text", "the claim in the article's words")), _time_of_day),
    Template("weekday", "A day of the week claimed for an event (\"on Monday\"), read in a zone.", (
        _e("about", "the event dated", required=True),
        Answer("day", "text", "the day claimed, e.g. Monday", required=True),
        Answer("utc-offset", "text", "the zone it is read in, e.g. +08:00 (default: the article's --tz)"),
        Answer("zone-basis", "text", "why that zone: stated, the dateline's, or the publisher's")),
        _weekday),
    Template("statement", "A statement to check against the cited background: where a thing is or went, what "
             "it is or did, a relation, a value.", (
        _e("about", "the thing the statement is about", required=True),
        Answer("property", "text", "the property stated (locatedIn, destination, …), or type", required=True),
        _e("entity", "the value, a thing"), Answer("class", "class", "the value, a class (for type)"),
        Answer("number", "quantity", "the value, a number, with the sentence's hedge: 730, \"more than 60\", "
               "\"about 3,000\", \"nearly two years\" (a duration in days, or months or years when hedged), "
               "\"about 100 tonnes\" (a mass with its unit)"), Answer("boolean", "text", "the value, true or false"),
        Answer("text", "text", "the value, words"), Answer("description", "text", "the statement in the article's words")),
        _statement),
    Template("assessment", "An assessment: the article judges what someone or an event achieved (\"made major "
             "breakthroughs\"), in its words; no cited fact settles it.", (
        Answer("words", "text", "the judgement in the article's words", required=True),
        _e("holder", "whose achievement it judges"), _e("about", "the event it judges")), _assessment),
    Template("name", "A name the article uses or explains for a place (\"the dark side\").", (
        Answer("name", "text", "the name in the article's words", required=True),
        _e("place", "the place it names", required=True),
        Answer("marked", "flag", "the article marks it as a name (quotation marks, \"referred to as\")"),
        Answer("sense", "text", "the sense the article explains it in (SenseHiddenFromEarth, SenseUnlit)"),
        Answer("description", "text", "the use in the article's words")), _name),
    Template("only", "An exclusive claim: only X has done something (\"only the US has sent missions to …\").", (
        _e("holder", "an agent claimed to have done it, each of them where several are (\"X joins A and B as the "
                     "only nations to …\"; repeatable)", required=True, multiple=True),
        Answer("among", "class", "the kind of agent excluded (Country)", required=True),
        Answer("record", "class", "what was done, as an event class (SpaceMission…)", required=True),
        _e("destination", "the place or body where it was done or sent (not a station: skg:destination "
                           "takes a place), unless --record says (\"soft landing on the far side of the Moon\")"),
        Answer("description", "text", "the claim in the article's words")), _only),
    Template("quote", "A statement quoted from a person: the sentence is reported, attributed to them.", (
        _e("speaker", "who said it", required=True),
        Answer("speaker-label", "text", "describe a new, unnamed speaker (\"a top official at …\")"),
        Answer("role", "text", "the speaker's role or title as the article gives it (\"deputy director of the "
                               "CMSA\")"),
        _e("affiliation", "the speaker's organisation"), _e("to", "who they said it to (repeatable)", multiple=True)),
        _quote, modality="Reported", forces_modality=True, future=False, timed=True),
    Template("report", "A report by another outlet: the sentence is reported, attributed to it.", (
        _e("outlet", "the outlet or agency reported from", required=True),
        _e("to", "who else took part (repeatable)", multiple=True)),
        _report, modality="Reported", forces_modality=True, future=False, timed=True),
    Template("thing", "What the sentence says about one thing: its class, names, parts, place, payload, purpose.", (
        _e("entity", "the thing described", required=True), Answer("class", "class", "what it is (Rover, Crater…)"),
        Answer("label", "text", "its name, for a new thing"),
        Answer("other-name", "text", "another name the article uses for it (repeatable)", multiple=True),
        _e("part-of", "a place it is part of (repeatable)", multiple=True), _e("located-in", "where it is"),
        _e("located-on", "the body it is on"), _e("program", "the programme it belongs to"),
        _e("carries", "what it carries (repeatable)", multiple=True), _e("country", "its country"),
        _e("operator", "who operates it"), _e("followed-by", "the mission that follows it"),
        _e("relays-for", "what it relays for"), _e("based-on", "the craft whose design it is based on"),
        Answer("description", "text", "how the article describes it, in its words"),
        Answer("purpose", "text", "what it is for, in the article's words")), _thing),
)}
