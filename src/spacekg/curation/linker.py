"""Find the entity mentions in an article's sentences and rank candidate entities for each.

Mentions are found two ways. First, every name the project knows (labels, other names, cached
Wikidata labels) is looked for in the sentence, longest first, ignoring case, punctuation and
apostrophes, so that "Chang'e-4" finds "Chang'e 4"; a name written in capitals ("US", "CNSA") must
be in capitals in the text too, so that "us" is not the United States. Second, every other run of
capitalised words ("Long March 5", "Wenchang") is a mention; it gets fuzzy candidates, and a
suggested new entity where nothing is close.

Candidates are scored exact label (100) > other name or Wikidata label (90) > a name in capitals
whose letters are the mention's initials, or a proper name whose initials the mention in capitals
is (80) = a country whose adjective the mention is ("Chinese")
= a country's things of the kind its possessive names ("China's space agency") >= fuzzy (at most
80, from rapidfuzz's WRatio without its score for sharing a single word). The ranking comes out as
rows for the review file and as a W3C reconciliation result batch (Reconciliation Service API
v0.2), for review in other tools.
"""

from __future__ import annotations

import calendar
import itertools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from ..adjectives import BODY_ADJECTIVES, country_adjectives
from ..namespaces import ID, SKG, shorten
from ..sources.segment import Segment, is_date_line
from ..wikidata.client import APOSTROPHES, INITIALISM, NUMERAL_JOIN, normalise_label, roman_number
from .catalogue import TITLE_WORDS, Catalogue, name_similarity, person_title, proper_initials
from .dates import is_zone_name

SCORES = {"label": 100, "alias": 90, "wikidata": 90, "dateline": 90, "short": 85, "initials": 80, "adjective": 80,
          "apposition": 80, "possessive": 80}
FUZZY_CUTOFF = 85
FUZZY_WEIGHT = 0.8
MAX_CANDIDATES = 5
_COMMON = 3  # a word in this many names or more ("launch", "space") does not tell them apart
_SLIP = 75  # rapidfuzz ratio of a word and its misspelling ("landr", "lander": 91)
_LESS_LIKELY = 10  # what a fuzzy match loses for each sign that it names something else
# After a body's adjective, what counts time by it and speaks of no body ("the lunar calendar").
_CALENDAR = re.compile(r"\s+(?:calendar|new\s+year|festival)\b", re.IGNORECASE)
# Every apostrophe joins the parts of a word ("Chang\u00b4e", "Chang`e").
_APOSTROPHE_CHARS = "".join(map(chr, APOSTROPHES))
# A hyphen for an apostrophe ("Chang-e 5") joins a word as an apostrophe does, as
# :func:`~spacekg.wikidata.client.normalise_label` reads it.
# A word has no underscore at either end: Markdown's emphasis ("_Tianwen-1_", "__Wukong__") is no
# part of it.
_WORD = r"[^\W_]+(?:_+[^\W_]+)*"
_TOKEN = re.compile(rf"{INITIALISM.pattern}|{_WORD}(?:(?:[{re.escape(_APOSTROPHE_CHARS)}]|(?<=[A-Za-z]{{3}})-(?=[A-Za-z](?![A-Za-z]))){_WORD})*")
# Capitalised words that start sentences or clauses without naming anything.
_FUNCTION_WORDS = frozenset(
    "a an and as at but by for from he her his if in it its of on once or our she some that the their "
    "these they this those to upon we when where whether which while who with within without although "
    "after before because during here there other others only also likened according additional "
    "mr mrs ms dr president one two three four five six seven eight nine ten "
    "then later now meanwhile however still thus yet instead earlier soon today tonight yesterday tomorrow "
    "last next both each every many most several such no".split()
) | {name.lower() for name in (*calendar.month_name, *calendar.day_name, *calendar.month_abbr, *calendar.day_abbr)
     if name} | {"sept", "tues", "thur", "thurs"}
_CONNECTORS = frozenset({"of", "the", "de", "von", "van", "and"})
# Common nouns whose possessive starts names ("People's Daily", "Women's World Cup"): no entity is
# named by the noun alone, so its "'s" stays in the name.
_COMMON_POSSESSORS = frozenset({"people", "women", "men", "children", "workers", "citizens", "farmers", "veterans"})
_QUALIFIERS = frozenset({"of", "de", "von", "van"})  # "Press Trust of India": what follows qualifies the head
# Words that end an organisation's name: an "and" before one is inside that name ("National
# Aeronautics and Space Administration", "China Aerospace Science and Technology Corp", "Lunar
# Exploration and Space Program Center").
_ORGANISATION_WORDS = frozenset(
    "administration agency authority bureau commission committee council department ministry office "
    "center centre program programme observatory services "
    "academy institute institution university college laboratory laboratories association society foundation "
    "corp corporation company co inc incorporated ltd limited llc plc group holdings industries".split())
# The words that end the name of a company, and of an agency for space: a new name that ends so
# is one ("China Aerospace Science and Technology Corp", "Japan Aerospace Exploration Agency");
# one that ends in another word of an organisation is an organisation ("Lunar Exploration and
# Space Engineering Center", "China Academy of Space Technology").
_COMPANY_WORDS = frozenset("corp corporation company co inc incorporated ltd limited llc plc group holdings "
                           "industries".split())
_AGENCY_WORDS = frozenset("agency administration".split())
_SPACE_WORDS = frozenset("space aerospace aeronautics astronautics".split())
_OTHER_ORGANISATION_WORDS = frozenset(
    "authority bureau commission committee council department ministry office center centre academy institute "
    "institution university college laboratory laboratories association society foundation".split())
# Nouns of a person's job that end a role written as a title ("Mike Wall, Senior Space Writer",
# "Science Editor"): a role, not the name of one thing.
_ROLE_NOUNS = frozenset("writer writers editor editors reporter reporters correspondent correspondents columnist "
                        "contributor contributors photographer producer analyst".split())
# What may stand between two words of one name: spaces, a hyphen or slash ("Long March-5"), or an
# abbreviation's dot ("St. Louis"); a comma, a bracket or a dash between spaces ends the name.
_JOINS = re.compile(r"\s+|[-/]|\.\s+")
# A dateline before an outlet in brackets: a place in capitals, a date, or both ("BEIJING, Dec. 15 (",
# "CAPE CANAVERAL, Fla. (", "May 15, 2021 ("), with no word in small letters but an abbreviation's;
# or, as TASS writes it, before an outlet between slashes ("MOSCOW, September 11. /TASS/.").
_DATELINE_BEFORE = re.compile(r"(?:[A-Z][\w'.]*|\d{1,4})(?:,? (?:[A-Z][\w'.]*|\d{1,4}))*(?:,? ?\(|\.? /)")
_DATELINE_AFTER = re.compile(r"\)\s*(?:[\u2014\u2013]|--?)|/\.?(?:\s|$)")
# The ends of web addresses that outlets are named by ("Space.com", "Xinhuanet.com").
_DOMAINS = frozenset("com org net gov edu int info news io tv cn uk in jp ru de fr eu au ca".split())


@dataclass(frozen=True)
class Candidate:
    """An entity that a mention may refer to, with how it matched."""

    entity: str
    name: str
    kind: str  # label, alias, wikidata, dateline, initials, adjective, apposition or fuzzy
    score: int


@dataclass(frozen=True)
class Mention:
    """Words of a sentence that may name an entity, with offsets in the article (code points)."""

    sentence_id: str
    begin: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]
    suggestion: str | None = None
    """The new entity proposed: for a mention without candidates, or a designated one ("Long
    March-10") whose candidates are only the family or series it belongs to."""
    kind: str | None = None
    """The class the words say the proposed new entity is, by a name of the class: the name's own
    last words ("Jiuquan Satellite Launch Center"), the words after it ("the Zhurong rover",
    "Sichuan province"), before it ("astronaut Donald Pettit", "the comet 311P/PANSTARRS") or in a
    description set off after it ("Kamo'oalewa, a small near-Earth asteroid"); else, for a member
    of a known family, the family's class ("Long March 10A")."""
    name: str | None = None
    """The name a mention stands for where it is not that name as written: the whole name of one
    written in part ("Chang'e-7" of the "-7" in "Chang'e-6, -7 and -8"), or the name another is
    given beside ("Oceanus Procellarum" of "Ocean of Storms" in "Oceanus Procellarum, or 'Ocean of
    Storms'"); ``None`` otherwise."""

    @property
    def how(self) -> str:
        """How the proposed link matched: ``new`` when a new entity is proposed, else the best
        candidate's kind."""
        return "new" if self.suggestion or not self.candidates else self.candidates[0].kind

    @property
    def key(self) -> str:
        """The reconciliation query id: sentence id and article offsets, e.g. ``L3.1:75-83``."""
        return f"{self.sentence_id}:{self.begin}-{self.end}"

    @property
    def certain(self) -> bool:
        """One candidate matches by label or other name, and no other scores as high."""
        if not self.candidates or self.candidates[0].kind in ("fuzzy", "initials", "adjective", "apposition", "possessive"):
            return False
        return len(self.candidates) == 1 or self.candidates[1].score < self.candidates[0].score


@dataclass(frozen=True)
class _Token:
    begin: int
    end: int
    text: str
    key: str


class Linker:
    """Finds mentions and candidates with the names of one :class:`Catalogue`."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._by_key: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
        for name in [*catalogue.names, *catalogue.short_names]:
            key = tuple(normalise_label(name.text).split())
            if key:
                self._by_key.setdefault(key, []).append((name.entity, name.text, name.kind))
        self._longest = max((len(k) for k in self._by_key), default=0)
        # The names by their words run together, numbers apart ("shenzhou 11"): a name written in
        # syllables ("Shen Zhou-11") is found by them.
        self._joined: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
        for key, names in self._by_key.items():
            if any(not w.isdigit() for w in key):
                self._joined.setdefault(_joined(key), []).extend(n for n in names if n[2] != "adjective")
        # Names in capitals ("NASA", "CNSA"), by their letters: the initials of a name written out.
        self._acronyms: dict[str, list[tuple[str, str]]] = {}
        for name in catalogue.names:
            letters = "".join(ch for ch in name.text if ch.isalpha())
            if len(letters) >= 3 and _capitals(name.text) and letters.isascii():
                self._acronyms.setdefault(letters.lower(), []).append((name.entity, name.text))
        # Proper names written out, by their initials: a name in capitals ("PRC", "U.S.A.") may
        # be the initials of one ("People's Republic of China"); a description ("microchip with
        # Chinese music") has none, nor does a qualifier in brackets.
        self._spelt_out: dict[str, list[tuple[str, str]]] = {}
        for name in catalogue.names:
            if initials := proper_initials(name.text):
                self._spelt_out.setdefault(initials, []).append((name.entity, name.text))
        self._choices = sorted({normalise_label(n.text): n for n in catalogue.names}.items())
        # How many names hold each word: a word few names share tells them apart.
        self._names_with: dict[str, int] = {}
        for choice in {k for k, _ in self._choices}:
            for word in set(choice.split()):
                self._names_with[word] = self._names_with.get(word, 0) + 1
        # The adjectives of the countries' one-word names ("Chinese" of China).
        self._adjectives: dict[str, list[tuple[str, str]]] = {}
        for name in catalogue.names:
            if catalogue.is_a(name.entity, SKG + "Country"):
                for adjective in country_adjectives(normalise_label(name.text).split()):
                    self._adjectives.setdefault(adjective, []).append((name.entity, name.text))
        # "China's space program" is the Chinese space program: a country's adjectives by country.
        self._adjectives_of: dict[str, list[str]] = {}
        for adjective, owners in self._adjectives.items():
            for entity, _ in owners:
                self._adjectives_of.setdefault(entity, []).append(adjective)
        # "a lunar mission", "Martian soil": a body's adjective says which body a thing is of or for.
        # It is a mention of the body, ranked as a country's adjective is; the longer names that
        # hold it ("Chinese Lunar Exploration Program") are found first, as names are.
        for name in catalogue.names:
            word = normalise_label(name.text)
            if name.kind == "label" and catalogue.is_a(name.entity, SKG + "CelestialBody"):
                for adjective in BODY_ADJECTIVES.get(word, ()):
                    self._by_key.setdefault((adjective,), []).append((name.entity, name.text, "adjective"))
        # The words of the ontology's kinds of thing ("rover", "station"): after a name they say
        # what it is ("a Mars Rover"), not a longer name.
        self._kind_words = {w for label in catalogue.classes.values() for w in normalise_label(label).split()}
        # The names of the kinds of thing a name names (labels and other names of the classes of
        # agents, artifacts, places, bodies, missions and programmes), singular and plural.
        self._kinds: dict[tuple[str, ...], str] = {}
        self._plural_kinds: dict[tuple[str, ...], str] = {}
        for cls, label in sorted(catalogue.classes.items()):
            if any(catalogue.subsumed(cls, SKG + root) for root in _NAMED_KINDS):
                for name in sorted({normalise_label(label), *catalogue.other_names.get(cls, ())}):
                    words = tuple(name.split())
                    self._kinds.setdefault(words, cls)
                    self._plural_kinds.setdefault((*words[:-1], words[-1] + "s"), cls)
        # The words for a kind of thing, and the adjectives that say whose or of which body it is
        # ("the Chang'e-6 lunar probe"): what may stand between a name and another name given it.
        self._describing_words = {w for words in self._kinds for w in words} | set(self._adjectives) \
            | {a for adjectives in BODY_ADJECTIVES.values() for a in adjectives}
        # A place's kind may lead its name ("Mare Imbrium", "Oceanus Procellarum", "Launch Complex
        # 39A"); a thing's kind before a name is another thing's ("Rocket Lab" is no rocket).
        self._place_kinds = {words: cls for words, cls in self._kinds.items() if catalogue.subsumed(cls, SKG + "Place")}
        # The words a numbered name has before its number ("shenzhou" of "Shenzhou 11", "march"
        # of "Long March 5"): in a headline in capitals, a Roman numeral is a number only after one.
        # Years ("white paper 2016") and the names of events and plans ("launch in 2020") number no series.
        self._series = {words[i - 1] for key, name in self._choices if not self._told_of(name.entity)
                        for words in [key.split()] for i in range(1, len(words))
                        if words[i].isdigit() and len(words[i]) < 4}
        # The classes every known member of a numbered series is of ("luna": Luna 9 and Luna 24 are
        # landers): a new member ("Luna-25") is proposed as one too.
        self._series_kinds: dict[str, set[str]] = {}
        for choice, name in self._choices:
            # The member itself ("Chang'e 4"), not a part named after it ("Chang'e 4 lander").
            if (head := _series_of(choice)) and choice.split()[-1].isdigit() and not self._told_of(name.entity):
                kinds = set(catalogue.types.get(name.entity, ()))
                self._series_kinds[head] = self._series_kinds.get(head, kinds) & kinds

    def mentions(self, segments: Iterable[Segment], outlets: Sequence[str] = ()) -> list[Mention]:
        """Every mention in ``segments`` (one article's sentences), in text order. ``outlets`` are
        the article's publisher and the outlets it reports from: the outlet in brackets after a
        dateline ("BEIJING, Dec. 15 (Xinhua) --", "May 15, 2021 (EIRNS)—") is one of them."""
        found: list[Mention] = []
        # A name's first or last word alone refers back to the name an earlier sentence gave in full
        # ("Lin Xiqiang ... Lin unveiled the plan"), by the key of that word: to each name that
        # word ends ("Tang" of Tang Hongbo and of Tang Shengjie).
        earlier: dict[str, list[Mention]] = {}
        segments = list(segments)
        # The words the article writes in small letters: capitalised first in a sentence, they are
        # still no name ("About 30 minutes after ..." beside "after about 3 hours").
        small = {normalise_label(w) for segment in segments for w in re.findall(r"\b[a-z]+\b", segment.text)}
        # The words it capitalises inside a sentence, after a word in small letters or a comma:
        # names, where a Title Case line capitalises every word ("Crew: Cai Xuzhe, Wang Haoze").
        named = {normalise_label(w) for segment in segments if not _title_case(_words(segment.text))
                 for w in _NAMED_INSIDE.findall(segment.text)} - small
        for segment in segments:
            mentions = [self._dateline_outlet(m, segment, outlets)
                        for m in self._sentence_mentions(segment, earlier, small, named, self._country_in(found))]
            if is_date_line(segment.text):
                # The page's date line says when, not what: a word before a day ("Published 16
                # December 2020") is no name, though a known name there (the outlet's) is one.
                mentions = [m for m in mentions if m.certain]
            elif region := _DATELINE_REGION.match(segment.text):
                # The region after a dateline's place ("WENCHANG, Hainan, Nov. 24 (Xinhua) --",
                # "CAPE CANAVERAL, Fla. (AP) —") is part of where the report was filed, as the place
                # is: a mention only where it names a known place.
                within = range(segment.begin + region.start("region"), segment.begin + region.end("region"))
                mentions = [m for m in mentions if m.begin not in within or m.certain]
            # A Long March's flight serial after its name ("Long March-2F Y18", "Long March 2F/G
            # Y20"; Y for yao) numbers one flight of that rocket, not a thing of its own.
            mentions = [m for i, m in enumerate(mentions) if not (
                i and _SERIAL.fullmatch(m.text)
                and segment.text[mentions[i - 1].end - segment.begin : m.begin - segment.begin] in (" ", "/"))]
            found += mentions
            for mention in mentions:
                for word in _ends(mention):
                    _add_referent(earlier.setdefault(word, []), mention)
        # "Two extravehicular activities (EVAs)": an abbreviation the text defines by words in
        # small letters names a kind of thing, not one thing, and so does each later use ("EVA").
        common = {m["abbreviation"].lower().removesuffix("s") for segment in segments
                  for m in _DEFINED_SMALL.finditer(segment.text)
                  if any(w[:1].lower() == m["abbreviation"][0].lower() for w in m["words"].split())}
        found = [m for m in found if m.text.lower().removesuffix("s") not in common
                 or any(c.kind in ("label", "alias") for c in m.candidates)]
        # An abbreviation the text defines names the thing it abbreviates wherever the article
        # uses it, in its headline before the definition too ("SLIM" of "Smart Lander for
        # Investigating Moon (SLIM)").
        defined = {m.text: m for m in found if m.name and _capitals(m.text) and (m.suggestion or m.candidates)
                   and all(c.kind == "initials" for c in m.candidates)}
        found = [replace(m, candidates=d.candidates, suggestion=d.suggestion, kind=d.kind, name=d.name)
                 if (d := defined.get(m.text)) is not None and m is not d
                 and not any(c.kind in ("label", "alias") for c in m.candidates) else m for m in found]
        # What the words leave open, a new member of a numbered series is of the one kind the
        # series' other members share ("Luna-25" beside the landers Luna 9 and Luna 24).
        found = [replace(m, kind=self._series_kind(m.name or m.text)) if m.suggestion and not m.kind else m
                 for m in found]
        # A name in capitals because of where it stands (a dateline's place, a headline in capitals)
        # is written as it is elsewhere ("XICHANG" is Xichang); in capitals inside a sentence, as it is.
        by_id = {segment.sentence_id: segment for segment in segments}
        found = [replace(m, name=as_name(m.text)) if m.name is None and shouted(by_id[m.sentence_id], m.begin, m.end)
                 else m for m in found]
        # One new entity is of one class: the one its mentions agree on ("the Tianwen-2 mission",
        # "the Tianwen-2 spacecraft" leave the choice to the review).
        kinds: dict[str, set[str]] = {}
        # And one name: the first mention's ("Shenzhou-XVIII"); a later one written otherwise
        # ("Shenzhou-18") stands for it, and the review makes it another name.
        names: dict[str, str] = {}
        for mention in found:
            if mention.suggestion and mention.kind:
                kinds.setdefault(mention.suggestion, set()).add(mention.kind)
            if mention.suggestion:
                names.setdefault(mention.suggestion, mention.name or mention.text)
        return [replace(m, kind=next(iter(kinds[m.suggestion])) if len(kinds.get(m.suggestion, ())) == 1 else None,
                        name=None if (m.name or m.text) == names[m.suggestion] and not m.name else names[m.suggestion])
                if m.suggestion else m for m in found]

    def candidates(self, text: str) -> list[Candidate]:
        """Rank the entities that ``text`` may name (exact, other name, then fuzzy)."""
        key = tuple(normalise_label(text).split())
        if _PROVISIONAL_JOINED.fullmatch(text.strip()):
            # "2016HO3" is "2016 HO3" run together: the year and the letters are two words.
            key = tuple(normalise_label(f"{text.strip()[:4]} {text.strip()[4:]}").split())
        ranked: dict[str, Candidate] = {}
        for entity, name, kind in self._by_key.get(key, ()):
            _keep(ranked, Candidate(entity, name, kind, SCORES[kind]))
        if not ranked and len(key) == 1 and key[0] in self._adjectives:
            # "a Chinese lunar probe": a country's adjective says whose a thing is; the names that
            # hold it ("Chinese space program") name other things, and it alone none of them.
            for entity, name in self._adjectives[key[0]]:
                _keep(ranked, Candidate(entity, name, "adjective", SCORES["adjective"]))
        if not ranked:  # fuzzy candidates only where no name matches as written
            for candidate in [*self._initials(key), *self._spelt(text), *self._syllables(key), *self._fuzzy(" ".join(key))]:
                _keep(ranked, candidate)
        return sorted(ranked.values(), key=lambda c: (-c.score, c.entity))[:MAX_CANDIDATES]

    def _sentence_mentions(self, segment: Segment, earlier: dict[str, list[Mention]], small: set[str],
                           named: set[str], country: frozenset[str] = frozenset()) -> list[Mention]:
        tokens: list[_Token] = []
        shouting = _capitals(segment.text)
        # A web address names nothing, whatever words its path has ("…/wiki/Long_March_3B"); nor
        # does a wire story's label before its headline ("FACTBOX-", "UPDATE 2-").
        addresses = [a.span() for a in _ADDRESS.finditer(segment.text)]
        if slug_label := _WIRE_LABEL.match(segment.text):
            addresses.append(slug_label.span())
        for m in _TOKEN.finditer(segment.text):
            if any(start <= m.start() < end for start, end in addresses):
                continue
            # "China's": the possessive is not part of the name, unless a common noun's is the
            # name's first word ("People's Daily", "People's Liberation Army").
            text = m.group()[:-2] if len(m.group()) > 2 and m.group()[-2] in _APOSTROPHE_CHARS \
                and m.group()[-1] in "sS" and m.group()[:-2].lower() not in _COMMON_POSSESSORS else m.group()
            key = normalise_label(text)
            if tokens and len(text) > 1 and (number := roman_number(text)) \
                    and re.search(rf"[^\W\d_]{NUMERAL_JOIN}\Z", segment.text[: m.start()]):
                # "Tiangong II": the numeral after a name, as the whole name's key reads it; in a
                # headline in capitals only after a series' name ("SHENZHOU XI", not "PRESIDENT XI").
                key = str(number) if not shouting or tokens[-1].key.rsplit(" ", 1)[-1] in self._series else key
            tokens.append(_Token(segment.begin + m.start(), segment.begin + m.start() + len(text), text, key))
        covered = [False] * len(tokens)
        mentions: list[Mention] = []
        held: list[Mention] = []
        titled = _title_case(tokens)
        i = 0
        while i < len(tokens):
            if (inverted := self._possessive_name(tokens, i, segment, self._country_in(mentions) or country)) is not None:
                mention, stop = inverted
                mentions.append(mention)
                covered[i:stop] = [True] * (stop - i)
                i = stop
                continue
            span = self._known_at(tokens, i, segment)
            if span and segment.text[tokens[i + span - 1].end - segment.begin :].startswith("$"):
                covered[i : i + span] = [True] * span  # "US$ 490 mln": a currency, not the country
                i += span
                continue
            if span and (region := self._designated_region(tokens, i, span, segment)) is not None:
                mention, stop = region
                mentions.append(mention)
                covered[i:stop] = [True] * (stop - i)
                i = stop
                continue
            if span and self._short_goes_on(tokens, i, span, segment):
                # "Xichang Launch Centre", "Tiangong Station": a short name with capitalised words
                # after it is the start of a name written out, the whole run a mention of its own.
                i += 1
                continue
            if span and not titled and self._goes_on(tokens, i + span, segment):
                # "China Daily", "United States Space Force": a known name at the head of a longer
                # one names another thing; the run is a name of its own (in a headline's Title
                # Case every word is capitalised, so there it is not).
                i += 1
                continue
            if span:
                # "Long March 5", "Apollo-11": a known name with a designator after it names another,
                # more specific thing, which no name the project knows (the longest match came first).
                known = span
                while i + span < len(tokens) and _designates(tokens, i + span, segment):
                    span += 1
                text = segment.text[tokens[i].begin - segment.begin : tokens[i + span - 1].end - segment.begin]
                if span == 1 and _CALENDAR.match(segment.text, tokens[i].end - segment.begin) \
                        and {kind for _, _, kind in self._by_key.get(tuple(tokens[i].key.split()), ())} == {"adjective"}:
                    covered[i] = True  # "the lunar calendar" counts time, and speaks of no body
                    i += 1
                    continue
                mentions.append(self._mention(segment, tokens[i].begin, tokens[i + span - 1].end, text,
                                              designated=span > known))
                covered[i : i + span] = [True] * span
                i += span
            else:
                i += 1
        runs = []
        for start, stop in _capitalised_runs(tokens, covered, segment):
            # "Roscosmos Director General Yuri Borisov": a title and a name after a name are the
            # name of a person of that organisation, a run of their own.
            cut = next((k for k in range(start + 1, stop - 1) if tokens[k - 1].key not in TITLE_WORDS
                        and self._titles_a_name(tokens, k, segment)), None)
            runs += [(start, stop)] if cut is None else [(start, cut), (cut, stop)]
        for start, stop in runs:
            # "Deputy Director Lin Xiqiang": the title before a name is no part of it. A run of
            # titles only ("the Director General") and one that heads a name of its own
            # ("Astronaut Office", "General Dynamics") stay whole.
            # "Senior Space Writer Mike Wall": a role written as a title before a name ends there,
            # as does a plural that says what the names after it are ("Crew members Li Cong and …").
            start = max([start, *(i + 1 for i in range(start, stop - 1) if tokens[i].key in _ROLE_NOUNS)])
            plural = next((n for n in (2, 1) if start + n < stop
                           and tuple(t.key for t in tokens[start:start + n]) in self._plural_kinds), 0)
            start += plural
            # A flight serial after a numbered rocket's new name ("Zhuque-2 Y2") is no part of it.
            if stop - start > 1 and _SERIAL.fullmatch(tokens[stop - 1].text) \
                    and any(ch.isdigit() for ch in tokens[stop - 2].text):
                stop -= 1
            name = start
            while name < stop - 1 and tokens[name].key in TITLE_WORDS:
                name += 1
            # "Minister of Foreign Affairs": a title that an "of" qualifies is the whole name.
            if {t.key for t in tokens[start:name]} - {"general"} and tokens[name].key not in TITLE_WORDS \
                    and tokens[name].key not in _ORGANISATION_WORDS and tokens[name].key not in self._kind_words \
                    and tokens[name].key not in _CONNECTORS:
                start = name
            if stop < len(tokens) and covered[stop] and all(t.key in self._kind_words for t in tokens[start:stop]) \
                    and segment.text[tokens[stop - 1].end - segment.begin : tokens[stop].begin - segment.begin] == " ":
                continue  # "the Mars Rover Zhurong": the kind of thing before a name is said of it, as a title is
            begin, end = tokens[start].begin, tokens[stop - 1].end
            text = segment.text[begin - segment.begin : end - segment.begin]
            after = segment.text[end - segment.begin :]
            if text == "I" or _names_zone(text, segment.text[: begin - segment.begin], after):
                continue  # the speaker of a quotation; the zone of a clock time ("11:49 p.m. Beijing Time")
            if tokens[start].text in _CURRENCIES and (stop - start == 1 or tokens[start + 1].text[:1].isdigit()) \
                    or after.startswith("$"):
                continue  # an amount ("Rs 615-crore", "RMB 3.5 billion", "HK$ 10")
            mention = self._mention(segment, begin, end, text)
            if tokens[stop - 1].key in _ROLE_NOUNS and not any(c.kind in ("label", "alias") for c in mention.candidates):
                continue
            before = segment.text[: begin - segment.begin]
            if mention.candidates and all(c.kind == "adjective" for c in mention.candidates) \
                    and _names_language(before, after):
                continue
            # ... or the same sentence gave before it ("The crew includes Cai Xuzhe …, with Cai serving
            # as the commander").
            referents: list[Mention] = []
            if stop - start == 1 and not mention.candidates:
                for m in (*earlier.get(tokens[start].key, ()), *(m for m in mentions if m.end <= begin
                                                                 and tokens[start].key in _ends(m))):
                    _add_referent(referents, m)
            full = referents[0] if len(referents) == 1 else None
            if full is not None:
                mention = replace(mention, candidates=full.candidates, suggestion=full.suggestion, kind=full.kind)
            elif referents:
                # Two names it may stand for: which one is the person's to say, and no new thing.
                mention = replace(mention, candidates=(), suggestion=None, kind=None,
                                  name=" or ".join(dict.fromkeys(m.name or m.text for m in referents)))
                mentions.append(mention)
                continue
            # A first word with only a number after it is a quantity when the article writes the
            # word in small letters too ("About 30 minutes"), and a name otherwise ("Apollo 11").
            # A clause after a dash, a colon or a bar starts as a sentence does ("(EIRNS)—Hello
            # friends", "Xinhua | Updated: 2021-05-15").
            first = start == 0 or re.search(
                r"[\u2014\u2013:|]", segment.text[tokens[start - 1].end - segment.begin : tokens[start].begin - segment.begin])
            at_start = bool(first) and (stop - start == 1 or (
                tokens[start].key in small and all(t.text.isdigit() for t in tokens[start + 1 : stop])))
            # A dateline's place of several words in capitals ("HONG KONG, June 25 (Reuters) -",
            # "SAN FRANCISCO —") is read as one of one word is.
            at_start = at_start or start == 0 and stop - start > 1 and not _capitals(segment.text) \
                and all(_capitals(t.text) for t in tokens[start:stop]) and bool(_DATELINE_REST.match(after))
            # A word of three or more capitals in a sentence that is not is an initialism, a name
            # wherever it stands ("ISRO chairman S Somanath said"), unless it is first in a sentence
            # and a dateline's rest follows it ("BENGALURU: India …", "MOSCOW, Sept. 11 --",
            # "HOUSTON, Texas —"); "JAXA, the agency, said" has none.
            initialism = stop - start == 1 and len(text) > 2 and _capitals(text) and not _capitals(segment.text) \
                and not (start == 0 and _DATELINE_REST.match(after))
            # So is a word with a capital inside it ("SpaceX", "LandSpace", "iSpace"): no ordinary
            # word is written so, first in a sentence either.
            initialism = initialism or (stop - start == 1 and bool(_INNER_CAPITAL.search(text))
                                        and not _capitals(segment.text))
            # What only resembles the words of an event's or a plan's label ("Officials" and "CNSA
            # official's interview with Xinhua") resembles no name.
            nameless = all(c.kind == "fuzzy" and self._told_of(c.entity) for c in mention.candidates)
            # One with a person's title and name after it is the organisation the title is of
            # ("Roscosmos head Yuri Borisov said").
            if (at_start or titled) and nameless and full is None and not initialism \
                    and not (titled and {t.key for t in tokens[start:stop]} & named) \
                    and not self._titles_a_name(tokens, stop, segment):
                # A lone capitalised first word is a mention only if it resembles a name; so is a run
                # in a Title Case line, whose every word is capitalised ("Looks Inward"), unless the
                # article writes one of its words as a name elsewhere, or it is listed with one.
                if not at_start:
                    held.append(mention)
                continue
            # A lone first word that only resembles a name is a word when the article writes it in
            # small letters too ("Crew: Cai Xuzhe…" beside "the crew"), or when a colon follows it,
            # as a list's label ("Launch: Oct. 30").
            if first and stop - start == 1 and mention.candidates and full is None \
                    and all(c.kind == "fuzzy" for c in mention.candidates) \
                    and (tokens[start].key in small or after.startswith(":")):
                continue
            mentions.append(mention)
        # "Crew: Cai Xuzhe, Song Lingdong and Wang Haoze": what a list in a Title Case line holds
        # with a name is a name too. A list has three items or an "and"; two clauses joined by a
        # comma are none ("As America Looks Inward, China Looks Up").
        chain: list[Mention] = []
        for item in sorted([*mentions, *held], key=lambda m: m.begin):
            if chain and not _LISTED.fullmatch(_between(segment, chain[-1], item)):
                mentions += _listed(chain, held, segment)
                chain = []
            chain.append(item)
        mentions += _listed(chain, held, segment)
        listed: list[Mention] = []
        for mention in sorted(mentions, key=lambda m: m.begin):
            members = self._elided(mention, segment)
            listed += self._kind_after_list([mention, *members], segment) if members else [mention]
        mentions = self._kind_after_names(self._kind_before_list(sorted(listed, key=lambda m: m.begin), segment),
                                          segment)
        return _appositions(_defined_initialisms(self._long_forms(mentions, segment), segment), segment,
                            self._describing_words)

    def _long_forms(self, mentions: list[Mention], segment: Segment) -> list[Mention]:
        """``mentions`` with the names before an abbreviation in brackets joined into the one name
        it abbreviates, where the words between them are only "of", "for", "and" and the like:
        "Smart Lander for Investigating Moon (SLIM)" is one name, not "Smart Lander",
        "Investigating" and the Moon."""
        out: list[Mention] = []
        for short in mentions:
            if _bracketed_capitals(short, segment) and not any(c.kind in ("label", "alias") for c in short.candidates):
                for k in range(len(out) - 2, max(-1, len(out) - 7), -1):
                    run = out[k:]
                    gaps = [_between(segment, a, b) for a, b in zip(run, run[1:])]
                    if not all(_JOINING_WORDS.fullmatch(gap) for gap in gaps) \
                            or _between(segment, run[-1], short) != " (":
                        break
                    text = segment.text[run[0].begin - segment.begin : run[-1].end - segment.begin]
                    if _abbreviates(short.text, text):
                        out[k:] = [self._mention(segment, run[0].begin, run[-1].end, text)]
                        break
            out.append(short)
        return out

    def _kind_before_list(self, mentions: list[Mention], segment: Segment) -> list[Mention]:
        """``mentions`` with the kind a plural before a list of names gives each new one of them
        ("astronauts Ye Guangfu, Li Cong and Li Guangsu", "crewmates Tang Shengjie and Jiang
        Xinlin"), as the plural gives the first; a plural set off by a comma gives it to a whole
        list ("The three astronauts, Tang Hongbo, Tang Shengjie and Jiang Xinlin, will stay"),
        not to one name ("the rovers, Zhurong said")."""
        out = list(mentions)
        for i, first in enumerate(out):
            before = segment.text[: first.begin - segment.begin]
            comma = _COMMA_BEFORE.search(before)
            found = _WORDS_BEFORE.search(_SET_OFF.sub(" ", before[: comma.start()] + " " if comma else before))
            words = normalise_label(found[1]).split() if found else []
            kind = next((self._plural_kinds[tuple(words[-n:])] for n in (3, 2, 1)
                         if len(words) >= n and tuple(words[-n:]) in self._plural_kinds), None)
            j = i + 1
            while kind and j < len(out) and _LISTED.fullmatch(_between(segment, out[j - 1], out[j])):
                j += 1
            if comma and j - i < 2:
                continue
            for k in range(i if comma else i + 1, j):
                if out[k].suggestion and not out[k].kind:
                    out[k] = replace(out[k], kind=kind)
        return out

    def _kind_after_names(self, mentions: list[Mention], segment: Segment) -> list[Mention]:
        """``mentions`` with the kind a plural after a list of names gives each new one of them
        ("the Chang'e-7 and Chang'e-8 missions", "the Tianzhou-6 and Tianzhou-7 cargo spacecraft"
        is singular, and says nothing). A plural for people after names says whose people they are
        ("NASA and ESA astronauts"), not what the names are."""
        out = list(mentions)
        i = 0
        while i < len(out):
            j = i + 1
            while j < len(out) and _LISTED_EITHER.fullmatch(_between(segment, out[j - 1], out[j])):
                j += 1
            if j - i > 1:
                after = segment.text[out[j - 1].end - segment.begin :]
                words = normalise_label(m[1]).split() if (m := _WORDS_AFTER.match(after)) else []
                kind = next((self._plural_kinds[tuple(words[:n])] for n in (3, 2, 1)
                             if len(words) >= n and tuple(words[:n]) in self._plural_kinds), None)
                if kind and not self.catalogue.subsumed(kind, _PERSON):
                    out[i:j] = [replace(m, kind=kind) if m.suggestion and not m.kind else m for m in out[i:j]]
            i = j
        return out

    def _elided(self, head: Mention, segment: Segment) -> list[Mention]:
        """The members of a numbered series listed after ``head`` by their numbers alone
        ("Chang'e-6, -7 and -8", "Shenzhou 16, 17 and 18 crews", "Long March 2C and 2D"), each a
        mention of the whole name it stands for (:attr:`Mention.name`). A number with the name's
        dash before it is one wherever it stands; one without is a member only where it does not
        go down ("Chang'e 5 and 2 rovers") and no word in small letters but a kind of thing follows
        it ("Long March 5 and 7 tonnes")."""
        numbered = _NUMBERED_NAME.fullmatch(head.text)
        if numbered is None:
            return []
        stem, join = numbered["stem"], numbered["join"]
        known = bool(self._by_key.get(tuple(normalise_label(stem).split())))
        family = head.kind or (self._one_class(head.candidates[0].entity) if head.certain else None)
        listed: list[re.Match[str]] = []
        at = head.end - segment.begin
        while (found := _ELIDED.match(segment.text, at)) is not None:
            listed.append(found)
            at = found.end()
        # Numbers without the dash are members only all together: none goes down, and what follows
        # the last is no count's unit or counted things ("7 tonnes", "6 years later").
        tail = word[1] if (word := re.match(r"\s*(%|[a-z][\w'-]*)", segment.text[at:])) else ""
        counts = tail == "%" or tail in _UNITS or (len(tail) > 3 and tail.endswith("s") and not tail.endswith("ss")
                                                   and tail not in _NOT_PLURAL and not self._names_a_kind(tail))
        out: list[Mention] = []
        last = (int(numbered["number"]), numbered["letter"])
        for found in listed:
            number = (int(found["number"]), found["letter"])
            if not found["dash"] and (counts or number <= last):
                break
            begin, end = segment.begin + found.start("member"), segment.begin + found.end()
            name = f"{stem}{found['dash'] or join}{found['number']}{found['letter']}"
            mention = self._mention(segment, begin, end, name, designated=known)
            out.append(replace(mention, text=segment.text[found.start("member"):found.end()], name=name,
                               kind=mention.kind or (family if mention.suggestion else None)))
            last = number
        return out

    def _kind_after_list(self, listed: list[Mention], segment: Segment) -> list[Mention]:
        """``listed`` (a name and the members listed after it) with the kind the words after the
        list name ("the Chang'e-7 and -8 missions") as the class proposed for each new one."""
        after = segment.text[listed[-1].end - segment.begin :]
        words = normalise_label(m[1]).split() if (m := _WORDS_AFTER.match(after)) else []
        kind = next((kinds[tuple(words[:n])] for n in (3, 2, 1) for kinds in (self._plural_kinds, self._kinds)
                     if len(words) >= n and tuple(words[:n]) in kinds), None)
        return [replace(m, kind=m.kind or kind) if m.suggestion and kind else m for m in listed]

    def _one_class(self, entity: str) -> str | None:
        types = self.catalogue.types.get(entity, ())
        return next(iter(types)) if len(types) == 1 else None

    def _names_a_kind(self, word: str) -> bool:
        key = (normalise_label(word),)
        return key in self._kinds or key in self._plural_kinds

    def _dateline_outlet(self, mention: Mention, segment: Segment, outlets: Sequence[str]) -> Mention:
        """``mention`` with the article's outlets as its first candidates where it is the outlet
        of a dateline: all that is in brackets after a place or a date in capitals and digits, and
        before a dash. Its letters need not be any name of the outlet ("EIRNS", the EIR News
        Service); an outlet a name of its own already matches keeps that match's kind."""
        at = mention.begin - segment.begin
        before, after = segment.text[:at], segment.text[mention.end - segment.begin :]
        if not outlets or not _DATELINE_BEFORE.fullmatch(before) or not _DATELINE_AFTER.match(after):
            return mention
        named = {c.entity for c in mention.candidates}
        # "(AP)" of the Associated Press, "(AFP)" of Agence France-Presse: the outlet whose name's
        # initials the bracket spells is the one it names.
        letters = "".join(ch for ch in mention.text if ch.isalpha()).lower() if _capitals(mention.text) else ""
        spelt = {n.entity for n in self.catalogue.names
                 if n.entity in outlets and letters and _initials_of(n.text) == letters}
        added = tuple(Candidate(o, self.catalogue.label(o), "initials" if o in spelt else "dateline",
                                SCORES["initials" if o in spelt else "dateline"])
                      for o in outlets if o not in named)
        # An outlet the words name comes first, then the others of the article, publisher first.
        ranked = sorted((*added, *mention.candidates),
                        key=lambda c: (c.entity not in outlets, c.kind == "dateline", -c.score,
                                       outlets.index(c.entity) if c.entity in outlets else 0, c.entity))
        return replace(mention, candidates=tuple(ranked[:MAX_CANDIDATES]), suggestion=None)

    def _designated_region(self, tokens: list[_Token], i: int, span: int,
                           segment: Segment) -> tuple[Mention, int] | None:
        """The mention of an administrative region named with its designation after it ("Guizhou
        Province", "Inner Mongolia Autonomous Region"), which is the region the name alone names,
        and the token after it; None where no designation follows, or the name names no such
        region ("Wenchang City" is not the launch site Wenchang)."""
        if i + span >= len(tokens) or segment.text[tokens[i + span - 1].end - segment.begin
                                                   : tokens[i + span].begin - segment.begin] != " ":
            return None
        designation = _DESIGNATION.match(segment.text, tokens[i + span].begin - segment.begin)
        if designation is None:
            return None
        begin, end = tokens[i].begin, tokens[i + span - 1].end
        named = self._mention(segment, begin, end, segment.text[begin - segment.begin : end - segment.begin])
        regions = tuple(c for c in named.candidates if self.catalogue.is_a(c.entity, _ADMINISTRATIVE_REGION))
        if not regions:
            return None
        stop = i + span + len(designation[0].split())
        return replace(named, end=segment.begin + designation.end(), text=segment.text[begin - segment.begin : designation.end()],
                       candidates=regions, suggestion=None), stop

    def _country_in(self, mentions: Sequence[Mention]) -> frozenset[str]:
        """The countries the last of ``mentions`` that names a country names."""
        for mention in reversed(mentions):
            countries = frozenset(c.entity for c in mention.candidates if c.kind in ("label", "alias", "adjective")
                                  and self.catalogue.is_a(c.entity, SKG + "Country"))
            if countries and mention.certain:
                return countries
        return frozenset()

    def _possessive_name(self, tokens: list[_Token], i: int, segment: Segment,
                         country: frozenset[str]) -> tuple[Mention, int] | None:
        """The mention of a name "<words> of <name>" written as "<name>'s <words>" ("the moon's far
        side" for "far side of the moon"), or of a country's thing ("China's space program", "China's
        space agency", "the country's space agency" of the ``country`` named last), and the token
        after it; None where no known name reads so."""
        return self._inverted_name(tokens, i, segment) or self._countrys_kind(tokens, i, segment, country)

    def _countrys_kind(self, tokens: list[_Token], i: int, segment: Segment,
                       country: frozenset[str]) -> tuple[Mention, int] | None:
        """ "China's space program": the thing named by the country's adjective before the words
        after its possessive name (the Chinese space program). "China's space agency", "the United
        States' space agency": else the things of the kind the words name whose country it is, those
        the project says most of first (a country's usual agency is the one its sources tell of).
        "The country's" is the country named last. None where it has none."""
        span = self._known_at(tokens, i, segment) or 1
        owner = tokens[i + span - 1]
        if not _possessive_after(owner, segment):
            return None
        key = tuple(word for t in tokens[i : i + span] for word in t.key.split())
        countries = {e for e, _, kind in self._by_key.get(key, ())
                     if kind in ("label", "alias") and self.catalogue.is_a(e, SKG + "Country")}
        if not countries and key in _THE_COUNTRY and i and tokens[i - 1].key in ("the", "this") and span == 1:
            countries = set(country)
        if not countries:
            return None
        if i + span >= len(tokens) or not _POSSESSIVE_GAP.fullmatch(
                segment.text[owner.end - segment.begin : tokens[i + span].begin - segment.begin]):
            return None

        def words_of(length: int) -> list[_Token] | None:
            """The ``length`` words after the possessive, where only spaces part them."""
            words = tokens[i + span : i + span + length]
            spaced = all(segment.text[a.end - segment.begin : b.begin - segment.begin] == " "
                         for a, b in zip(words, words[1:]))
            return words if spaced else None

        def mention(words: list[_Token], entities: list[str]) -> tuple[Mention, int]:
            begin, end = tokens[i].begin, words[-1].end
            candidates = tuple(Candidate(e, self.catalogue.labels.get(e, e), "possessive", SCORES["possessive"])
                               for e in entities[:MAX_CANDIDATES])
            return (Mention(segment.sentence_id, begin, end, segment.text[begin - segment.begin : end - segment.begin],
                            candidates), i + span + len(words))

        for length in range(min(4, len(tokens) - i - span), 0, -1):
            if (words := words_of(length)) is None:
                continue
            rest = tuple(w for t in words for w in t.key.split())
            named = sorted({e for c in sorted(countries) for adjective in self._adjectives_of.get(c, ())
                            for e, _, kind in self._by_key.get((adjective, *rest), ())
                            if kind in ("label", "alias") and not self.catalogue.is_a(e, SKG + "Country")})
            if named:
                return mention(words, named)
        for length in range(min(3, len(tokens) - i - span), 0, -1):
            if (words := words_of(length)) is None \
                    or (kind := self._kinds.get(tuple(w for t in words for w in t.key.split()))) is None:
                continue
            found = sorted((e for e, theirs in self.catalogue.countries.items()
                            if theirs & countries and self.catalogue.is_a(e, kind)),
                           key=lambda e: (-self.catalogue.said_of.get(e, 0), e))
            if found:
                return mention(words, found)
        return None

    def _inverted_name(self, tokens: list[_Token], i: int, segment: Segment) -> tuple[Mention, int] | None:
        token = tokens[i]
        if segment.text[token.end - segment.begin : token.end - segment.begin + 2] not in _POSSESSIVE_ENDINGS:
            return None
        for length in range(min(3, len(tokens) - i - 1), 0, -1):
            words = tokens[i + 1 : i + 1 + length]
            gaps = [segment.text[a.end - segment.begin : b.begin - segment.begin]
                    for a, b in zip(tokens[i : i + length], words)]
            if any(t.key in _FUNCTION_WORDS or not t.key for t in words) or gaps[0][2:] != " " \
                    or not all(_JOINS.fullmatch(gap) for gap in gaps[1:]):
                continue
            head = tuple(w for t in words for w in t.key.split())
            for key in ((*head, "of", "the", *token.key.split()), (*head, "of", *token.key.split())):
                names = self._by_key.get(key, ())
                if names and all(kind != "adjective" for _, _, kind in names):
                    begin, end = token.begin, words[-1].end
                    text = segment.text[begin - segment.begin : end - segment.begin]
                    candidates = tuple(sorted({Candidate(e, n, kind, SCORES[kind]) for e, n, kind in names},
                                              key=lambda c: (-c.score, c.entity)))
                    return Mention(segment.sentence_id, begin, end, text, candidates[:MAX_CANDIDATES]), i + 1 + length
        return None

    def _goes_on(self, tokens: list[_Token], at: int, segment: Segment) -> bool:
        """Whether the name before token ``at`` goes on into a capitalised word that starts no
        known name, past a plain space."""
        if at >= len(tokens):
            return False
        gap = segment.text[tokens[at - 1].end - segment.begin : tokens[at].begin - segment.begin]
        token = tokens[at]
        return (gap == " " and _capital(token) and token.key not in _FUNCTION_WORDS and not token.text.isupper()
                and token.key not in self._kind_words and not self._known_at(tokens, at, segment)
                and not self._titles_a_name(tokens, at, segment))

    def _titles_a_name(self, tokens: list[_Token], at: int, segment: Segment) -> bool:
        """Whether the words from token ``at`` are a person's title and then a capitalised name
        ("Administrator Bill Nelson", "head Yuri Borisov"): the name before them is the
        organisation or place the title is of ("NASA Administrator Bill Nelson"), not part of it."""
        end = at
        while end < len(tokens) and tokens[end].key in TITLE_WORDS and (
                end == at or segment.text[tokens[end - 1].end - segment.begin : tokens[end].begin - segment.begin] == " "):
            end += 1
        if end == at or end >= len(tokens) or \
                segment.text[tokens[end - 1].end - segment.begin : tokens[end].begin - segment.begin] != " ":
            return False
        name = tokens[end]
        return (_capital(name) and name.key not in _FUNCTION_WORDS and name.key not in _ORGANISATION_WORDS
                and name.key not in self._kind_words and name.key not in _CONNECTORS)

    def _short_goes_on(self, tokens: list[_Token], i: int, span: int, segment: Segment) -> bool:
        """Whether the known name of ``span`` tokens at ``i`` is only a short name, and goes on into a
        capitalised word past a plain space."""
        key = tuple(word for t in tokens[i : i + span] for word in t.key.split())
        if any(kind != "short" for _, _, kind in self._by_key.get(key, ())) or i + span >= len(tokens):
            return False
        gap = segment.text[tokens[i + span - 1].end - segment.begin : tokens[i + span].begin - segment.begin]
        return gap == " " and _capital(tokens[i + span]) and tokens[i + span].key not in _FUNCTION_WORDS

    def _known_at(self, tokens: list[_Token], i: int, segment: Segment) -> int:
        """The length of the longest known name starting at token ``i`` (0 if none)."""
        for length in range(min(self._longest, len(tokens) - i), 0, -1):
            # A token may hold more than one word of a name ("Chang'e4" is "change 4").
            key = tuple(word for t in tokens[i : i + length] for word in t.key.split())
            names = self._by_key.get(key)
            if not names or any(not t.key for t in tokens[i : i + length]):
                continue
            text = segment.text[tokens[i].begin - segment.begin : tokens[i + length - 1].end - segment.begin]
            if any(_case_fits(name, text) for _, name, _ in names):
                return length
        return 0

    def _mention(self, segment: Segment, begin: int, end: int, text: str, *, designated: bool = False) -> Mention:
        words = self._numerals_as_words(text) if _capitals(segment.text) else text
        candidates = tuple(c for c in self.candidates(words)
                           if (c.kind == "initials" or _case_fits(c.name, text)) and (c.kind != "fuzzy" or not _capitals(text)))
        # A designated name ("Long March-10") is a thing no name the project knows names: a new one
        # is proposed, and the family or series it belongs to stays a candidate to choose instead.
        # So is a name that only events, plans or goals named after it resemble ("Tianwen-1" beside
        # "Tianwen-1 landing"): it names the thing they are named after, which the project lacks.
        told = all(c.kind == "fuzzy" and self._told_of(c.entity) for c in candidates)
        # And a name without a number that only numbered names starting with it resemble names their
        # series ("Luna" beside "Luna 9" and "Luna 24 landing"), not one of them.
        series = all(c.kind == "fuzzy" and _series_of(normalise_label(c.name)) == normalise_label(text)
                     for c in candidates)
        # And a numbered name that only names without its number resemble ("ChinaSat-9B" beside
        # "China"): a number tells things apart.
        numbers = _number_words(text)
        apart = bool(numbers) and all(c.kind == "fuzzy" and _number_words(c.name) != numbers for c in candidates)
        suggestion = None if candidates and not ((designated or told or series or apart)
                                                 and candidates[0].kind == "fuzzy") \
            else ID + slug(_arabic(text))
        mention = Mention(segment.sentence_id, begin, end, text, candidates, suggestion)
        if not suggestion:
            return mention
        # A member of a known series or family is of the family's kind ("Long March 10A").
        family = sorted(self.catalogue.types.get(candidates[0].entity, ())) if designated and candidates else []
        return replace(mention, kind=self._kind_of(mention, segment) or (family[0] if len(family) == 1 else None))

    def _series_kind(self, name: str) -> str | None:
        head = _series_of(normalise_label(name))
        kinds = self._series_kinds.get(head, set()) if head else set()
        return next(iter(kinds)) if len(kinds) == 1 else None

    def _kind_of(self, mention: Mention, segment: Segment) -> str | None:
        """The class the words in and around ``mention`` name it as (:attr:`Mention.kind`)."""
        own = normalise_label(mention.text).split()
        before = segment.text[: mention.begin - segment.begin]
        after = segment.text[mention.end - segment.begin :]
        # "Tang Hongbo, 48, became …": an age set off after a name without a number in it is a
        # person's, and what is said of the name comes after it.
        aged = _AGE.match(after) if not any(ch.isdigit() for ch in mention.text) else None
        if aged:
            after = after[aged.end() + 1 :]
        next_words = normalise_label(m[1]).split() if (m := _WORDS_AFTER.match(after)) else []
        # "the Zhuque-2 Y2 rocket": the kind comes after the flight's serial ("y 2", normalised).
        if next_words[:1] == ["y"] and next_words[1:2] and next_words[1].isdigit():
            next_words = next_words[2:]
        # "Tianwen-1 Mars mission", "the Chang'e-6 lunar probe": the body a kind of thing is for
        # stands between the name and the kind.
        while next_words[1:] and any(self.catalogue.is_a(e, SKG + "CelestialBody")
                                     for e, _, kind in self._by_key.get((next_words[0],), ())
                                     if kind in ("label", "alias", "adjective")):
            next_words = next_words[1:]
        # A possessive before a name says whose it is ("the firm's Crew Dragon"), not what; a dash
        # or a colon may set the name off ("three astronauts -- Cai Xuzhe, …").
        before = _SET_OFF.sub(" ", before)
        previous = normalise_label(m[1]).split() if (m := _WORDS_BEFORE.search(before)) \
            and not re.search(rf"[{_APOSTROPHE_CHARS}]s?\s+$", before) else []
        described = []
        if m := _DESCRIPTION.match(after) or _RANKED_AS.match(after):
            for word in normalise_label(m[1]).split():
                if word in _CONNECTORS or word in _FUNCTION_WORDS:
                    break
                described.append(word)
        # A plural names what a list of names before or after it are ("cosmonauts Alexey Ovchinin
        # and Ivan Vagner"), but after a name it is what the name has ("Roscosmos cosmonauts").
        # "Smart Lander for Investigating Moon", "Mars Science Laboratory of NASA": the head of a
        # name that "for" or "of" goes on from is before it.
        head = own[: next((i for i, w in enumerate(own) if w in ("for", "of")), len(own))][1:]
        # "the Wenchang spacecraft launch site": the words for kinds after a name make one noun,
        # whose last words say what the thing is (a launch site, not a spacecraft).
        compound = list(itertools.takewhile(lambda w: w in self._describing_words, next_words))
        for words, at_end, kinds in ((own[1:], True, self._kinds), (head, True, self._kinds),
                                     (own[:-1], False, self._place_kinds),
                                     (compound, True, self._kinds),
                                     (next_words, False, self._kinds),
                                     (previous, True, {**self._plural_kinds, **self._kinds}),
                                     (described, True, self._kinds)):
            for n in (3, 2, 1):
                part = tuple(words[-n:] if at_end else words[:n])
                if len(part) == n and part in kinds:
                    return kinds[part]
        # "The satellite, ChinaSat-9B, will …": a kind that a sentence starts with, the name set off
        # after it.
        if (opening := _KIND_OPENING.match(before)) and after.startswith(","):
            words = normalise_label(opening[1]).split()
            if kind := next((self._kinds[tuple(words[-n:])] for n in (3, 2, 1)
                             if len(words) >= n and tuple(words[-n:]) in self._kinds), None):
                return kind
        # "The head of Roscosmos, Yuri Borisov, said": a sentence that opens with a title of an
        # organisation sets the person's name off after it.
        if (opening := _TITLE_OPENING.match(before)) and after.startswith(",") \
                and person_title(normalise_label(opening["title"])):
            return _PERSON
        # A title right before a name ("Deputy Director Lin Xiqiang", "said chief designer Wu
        # Weiren") or set off after it ("Ge Ping, deputy director of the …", "Wu Weiren, the
        # programme's chief designer,") says that the name is a person's.
        # So does a rank said of it that ends in one ("Wang Haoze is the country's first female
        # spaceflight engineer").
        role = _ROLE_AFTER.match(after)
        title = re.search(r"(?:^|\s)([^\W\d_]+)\.? $", before)
        if title and person_title(normalise_label(title[1])) or role and person_title(normalise_label(role["title"])) \
                or described and person_title(described[-1]) or aged:
            return _PERSON
        last = own[: next((i for i, w in enumerate(own) if w in ("for", "of")), len(own))][-1:]
        if len(own) > 1 and last:
            if last[0] in _COMPANY_WORDS:
                return SKG + "Company"
            if last[0] in _AGENCY_WORDS and _SPACE_WORDS & set(own):
                return SKG + "SpaceAgency"
            if last[0] in _AGENCY_WORDS or last[0] in _OTHER_ORGANISATION_WORDS:
                return SKG + "Organization"
        return None

    def _numerals_as_words(self, text: str) -> str:
        """``text`` of a headline in capitals with each Roman numeral that follows no series' name
        written as a word ("PRESIDENT Xi"), so that it is not read as a number ("President 11")."""
        return _NUMERAL_AFTER_WORD.sub(lambda m: m[0] if normalise_label(m["word"]).rsplit(" ", 1)[-1] in self._series
                                       else m["word"] + m["join"] + m["numeral"].capitalize(), text)

    def _syllables(self, key: tuple[str, ...]) -> list[Candidate]:
        """The names whose words are the mention's written apart, as pinyin is in some texts ("Shen
        Zhou-11" for Shenzhou 11, "Tian Gong-2" for Tiangong-2), as the best fuzzy candidates."""
        if len([w for w in key if not w.isdigit()]) < 2:
            return []
        return [Candidate(entity, name, "fuzzy", round(100 * FUZZY_WEIGHT))
                for entity, name, _ in self._joined.get(_joined(key), ())]

    def _initials(self, key: tuple[str, ...]) -> list[Candidate]:
        """The names in capitals whose letters are the initials of ``key``'s words, leaving out
        "of", "and", "the" and a place named before it: "(U.S.) National Aeronautics and Space
        Administration" is NASA, "China National Space Administration" CNSA."""
        words = [w for w in key if w not in _CONNECTORS and w != "for"]
        out = []
        for start in range(len(words) - 2):
            if start and not any(self.catalogue.is_a(entity, SKG + "Place") or self.catalogue.is_a(entity, SKG + "Country")
                                 for entity, _, _ in self._by_key.get(tuple(words[:start]), ())):
                continue
            initials = "".join(w[0] for w in words[start:])
            out += [Candidate(entity, name, "initials", SCORES["initials"])
                    for entity, name in self._acronyms.get(initials, ())]
        return out

    def _spelt(self, text: str) -> list[Candidate]:
        """The names written out whose initials ``text`` is, when it is one word in capitals of
        three letters or more, with or without stops ("USA", "U.S.A.", "PRC")."""
        letters = "".join(ch for ch in text if ch.isalpha())
        if len(letters) < 3 or not _capitals(text) or not re.fullmatch(r"[\w.]+", text):
            return []
        return [Candidate(entity, name, "initials", SCORES["initials"])
                for entity, name in self._spelt_out.get(letters.lower(), ())]

    def _fuzzy(self, key: str) -> list[Candidate]:
        from rapidfuzz import process

        if len(key) < 3:
            return []
        names = [k for k, _ in self._choices]
        found = process.extract(key, names, scorer=name_similarity, limit=len(names), score_cutoff=FUZZY_CUTOFF)
        numbered = _numbered(key)
        out = []
        for name_key, score, index in found:
            name = self._choices[index][1]
            if name_key == key or not self._words_agree(key, name_key) \
                    or not self._cut_as_names_are(key.split(), name_key.split(), name.entity):
                continue
            # A name without a number names a series or its station ("Tiangong"), not one of its
            # numbered members ("Tiangong-1"), and the reverse; and a name names a thing, while
            # events, plans and claims are told of in words ("Shenzhou 11 docking with Tiangong-2").
            penalty = _LESS_LIKELY * ((_numbered(name_key) != numbered) + self._told_of(name.entity))
            out.append(Candidate(name.entity, name.text, "fuzzy", round((score - penalty) * FUZZY_WEIGHT)))
        return sorted(out, key=lambda c: (-c.score, c.entity))[: MAX_CANDIDATES * 2]

    def _told_of(self, entity: str) -> bool:
        kinds = ("Event", "Plan", "Goal", "Claim", "Record")
        return (any(self.catalogue.is_a(entity, SKG + k) for k in kinds)
                and not self.catalogue.is_a(entity, SKG + "SpaceMission"))

    def _cut_as_names_are(self, words: list[str], name_words: list[str], entity: str) -> bool:
        """Whether a mention whose words are some of a longer name's is that name cut short as
        names are: to its first words ("Xichang" for the Xichang Satellite Launch Center), to the
        words after a country or place that qualifies it ("Academy of Sciences"), a person's to the
        surname ("Armstrong"), or a thing's to the word for its kind. Another word from a name's
        middle or its end is no short name of it: "Science" is no China Aerospace Science and
        Technology Corporation. A mention that is not part of the name is for the other rules."""
        if len(words) >= len(name_words):
            return True
        at = first = 0
        for n, word in enumerate(words):
            found = next((i for i in range(at, len(name_words)) if _slip(word, name_words[i])), None)
            if found is None:
                return True
            first = found if n == 0 else first
            at = found + 1
        if first == 0:
            return True
        if at == len(name_words):
            # A person's surname; or the word for a thing's kind that ends its description ("Rover"
            # of "China's planned Mars rover"), which refers to it as "the rover" does.
            kinds = (self._kinds.get(tuple(name_words[-n:])) for n in (1, 2, 3) if n <= len(words))
            if self.catalogue.is_a(entity, SKG + "Person") or any(k and self.catalogue.is_a(entity, k) for k in kinds):
                return True
        before = tuple(name_words[:first])
        return (len(before) == 1 and before[0] in self._adjectives) or any(
            self.catalogue.is_a(owner, SKG + "Place") or self.catalogue.is_a(owner, SKG + "Country")
            for owner, _, _ in self._by_key.get(before, ()))

    def _words_agree(self, mention: str, name: str) -> bool:
        """Whether a fuzzy match keeps the words that tell names apart: every number of the
        mention is in the name when the name has numbers ("Shenzhou 18" is no "Shenzhou 10"), and
        every word of the mention that few names share, or none, is in the name, or a slip or an
        abbreviation of one of its words ("Jiuquan Satellite Launch Center" is no "Xichang Satellite
        Launch Center"; "landr" is "lander", "Corp" "Corporation"); and a mention of only the words after a name's "of" names what
        qualifies the name, not the name ("India" is no "Press Trust of India")."""
        from rapidfuzz import fuzz

        words, name_words = mention.split(), name.split()
        at = next((i for i, w in enumerate(name_words) if w in _QUALIFIERS), None)
        if at and not set(words) & _QUALIFIERS and not any(
                fuzz.ratio(w, head) >= _SLIP for w in words for head in name_words[:at]):
            return False
        numbers = [w for w in words if any(c.isdigit() for c in w)]
        name_numbers = [w for w in name_words if any(c.isdigit() for c in w)]
        if numbers and name_numbers and sorted(numbers) != sorted(name_numbers):
            return False
        # A word that names hold is written as meant, not a slip of another word ("Luna" of "Luna 9"
        # is no "lunar"), but for its plural ("stations").
        known = [w for w in words if w not in numbers and len(w) > 2 and w in self._names_with and w not in name_words]
        if any(_slip(w, other) and other not in (w + "s", w + "es") and w not in (other + "s", other + "es")
               for w in known for other in name_words):
            return False
        rare = [w for w in words if w not in numbers and len(w) > 2 and self._names_with.get(w, 0) < _COMMON]
        # A word may be the name's word cut short, as an abbreviation is ("Corp", "Univ"), or misspelt.
        return all(any(_slip(w, other) for other in name_words) for w in rare)

    def reconciliation(self, mentions: Iterable[Mention]) -> dict[str, dict[str, list[dict[str, object]]]]:
        """The candidates as a reconciliation result batch (Reconciliation Service API v0.2):
        ``{query id: {"result": [{"id", "name", "type", "score", "match", "features"}]}}``.
        A mention with only a new-entity suggestion has an empty result, as the API prescribes
        for a name with no candidate."""
        batch: dict[str, dict[str, list[dict[str, object]]]] = {}
        for mention in mentions:
            results = []
            for rank, c in enumerate(mention.candidates):
                types = sorted(self.catalogue.types.get(c.entity, ()))
                results.append({
                    "id": c.entity,
                    "name": self.catalogue.label(c.entity),
                    "type": [{"id": t, "name": self.catalogue.label(t)} for t in types],
                    "score": c.score,
                    "match": rank == 0 and mention.certain,
                    "features": [{"id": f"{c.kind}_match", "value": True}, {"id": "name_similarity", "value": c.score}],
                })
            batch[mention.key] = {"result": results}
        return batch


# A name that ends in a number ("Chang'e-6", "Long March 2C"), and a later member of its series
# listed after it by its number alone, with the name's dash or without ("-7", "and 8", ", 2D").
_NUMBERED_NAME = re.compile(r"(?P<stem>.*?[^\W\d_][\w'\u2019]*?)(?P<join>[- ]?)(?P<number>\d{1,3})(?P<letter>[A-Z]?)")
_ELIDED = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+)"
                     r"(?P<member>(?P<dash>-)?(?P<number>\d{1,3})(?P<letter>[A-Z]?))\b(?![-./:]?\d)")

# The units a number is written with in news copy, short and long.
_UNITS = frozenset("kg g t m km cm mm mi ft lb lbs min mins h hr hrs sec secs ton tonne metre meter mile kilometre "
                   "kilometer kilogram gram hour minute second day week month year percent per".split())

# Words in "s" after a number that are no counted things ("Shenzhou 12 and 13 does").
_NOT_PLURAL = frozenset("does goes this thus plus also perhaps always across unless whereas besides towards "
                        "afterwards".split())

# What a wire service writes before a headline to say what kind of story it is: "FACTBOX-China's
# space milestones", "UPDATE 2-China lands …", "EXCLUSIVE-…", "ANALYSIS-…".
_WIRE_LABEL = re.compile(r"(?:FACTBOX|ANALYSIS|SNAP ANALYSIS|UPDATE(?: \d+)?|EXCLUSIVE|WRAPUP(?: \d+)?|INSIGHT|EXPLAINER"
                         r"|TIMELINE|QUOTEBOX|FEATURE|COLUMN|REFILE|CORRECTED|RPT|BREAKINGVIEWS|INTERVIEW|PREVIEW"
                         r"|GRAPHIC|FOCUS|SPECIAL REPORT)(?:-| - |\s*[\u2013\u2014]\s*)(?=[^\W\d_]|['\"\u201c])")
# A dateline's place in capitals, then its region ("WENCHANG, Hainan, Nov. 24 (Xinhua) --").
_DATELINE_REGION = re.compile(r"[A-Z][A-Z.'\- ]*[A-Z.],\s*(?P<region>[A-Z][\w.']*(?:\s+[A-Z][\w.']*)*)\s*"
                              r"(?:,\s*(?:\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)"
                              r"|\(|--?|[\u2013\u2014])")
# What follows a dateline's place: a colon, a dash ("BEIJING —"), the outlet in brackets before a
# dash, or a comma and a date or a region before a dash, a colon, a bracket or a date ("MOSCOW,
# Sept. 11 --", "HOUSTON, Texas —", "PARIS, France, May 3").
_DATELINE_REST = re.compile(r"\s*(?::|(?:--?|[\u2013\u2014])\s|\([^()]*\)\s*[-\u2013\u2014]|,\s*(?:\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                            r"[a-z]*\.?\s+\d|[A-Z][\w.']*(?:\s+[A-Z][\w.']*)*\s*(?:[-\u2013\u2014:(/]|,\s*(?:\d|[A-Z][a-z]{2}))))")

# A web or mail address, and the target of a Markdown link ("[Long March 3B](https://…)").
_ADDRESS = re.compile(r"(?:https?|ftp)://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                      r"|(?<=\]\()[^)\s]+(?=\))")

# A possessive after a word, with either apostrophe ("moon's", "moon’s").
_POSSESSIVE_ENDINGS = ("'s", "\u2019s", "'S", "\u2019S")
# Between a possessive name and the words after it: "China's space agency", "the United States'
# space agency".
# The words for a country that "the" makes the one an article named last ("the country's").
_THE_COUNTRY = frozenset({("country",), ("nation",)})
_POSSESSIVE_GAP = re.compile(rf"[{_APOSTROPHE_CHARS}][sS]? ")


def _possessive_after(token: _Token, segment: Segment) -> bool:
    """Whether ``token`` ends a possessive name: an apostrophe and "s" after it, or an apostrophe
    alone after a word that ends in "s" ("the United States'")."""
    after = segment.text[token.end - segment.begin : token.end - segment.begin + 2]
    return after in _POSSESSIVE_ENDINGS or (token.text[-1:] in "sS" and after[:1] in _APOSTROPHE_CHARS
                                            and after[1:] in ("", " "))

# Currencies as news copy writes them before an amount.
_CURRENCIES = frozenset("Rs INR USD RMB CNY EUR GBP JPY RUB CHF AUD CAD HKD SGD".split())
# A Chinese rocket's flight serial, alone or after its variant's letter ("Y18", "G Y20").
_SERIAL = re.compile(r"(?:[A-Z] )?Y\d{1,3}")
# The classes whose things have names that articles use.
_NAMED_KINDS = ("Agent", "Artifact", "Place", "CelestialBody", "SpaceMission", "SpaceProgram")
# Up to three words right after a name, before any mark; up to three before it; and a description
# set off after it ("Kamo'oalewa, a small near-Earth asteroid that …").
_WORDS_AFTER = re.compile(r"((?:\s+[^\W\d_][\w'-]*){1,3})")
_WORDS_BEFORE = re.compile(r"((?:[^\W\d_][\w'-]*\s+){1,3})$")
# A capital after a small letter inside a word: "SpaceX", "LandSpace", "iSpace".
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_SMALL_FIRST = re.compile(r"[a-z][A-Z][a-z]{2,}")
# A comma after a word, before a list of names that the word's plural says what they are.
_COMMA_BEFORE = re.compile(r"(?<=[^\W\d_]),\s+$")
# A dash or a colon that sets a name or a list off from the words before it.
# A title set off by a comma after a name, ending a role: "…, deputy director of the CNSA",
# "…, the mission's chief designer, said", "…, a spokesperson for the agency."
_ROLE_AFTER = re.compile(r",\s+(?:(?:the|an?)\s+)?(?:[^\W\d_][\w'\u2019-]*\s+){0,3}?(?P<title>[^\W\d_]+)"
                         r"(?=\s+(?:of|at|for|in|with|to|on)\b|\s*[,.;:]|\s*$)")
_PERSON = SKG + "Person"
_AGE = re.compile(r",\s+(?:aged\s+)?(?:[1-9]\d?|1[01]\d)\s*(?=,)")
_KIND_OPENING = re.compile(r"\s*(?:(?:the|a|an|its|their|this|that)\s+)?((?:[^\W\d_][\w'-]*\s+){0,2}[^\W\d_][\w'-]*),\s+$",
                           re.IGNORECASE)
_TITLE_OPENING = re.compile(r"\s*(?:the|an?)\s+(?:[^\W\d_][\w'-]*\s+){0,2}?(?P<title>[^\W\d_][\w'-]*)\s+of\s+"
                            r"[^,;:()]{1,80},\s+$", re.IGNORECASE)
_SET_OFF = re.compile(r"\s+(?:--?|[\u2013\u2014]|:)\s+$|:\s+$")
_DESCRIPTION = re.compile(r",\s+(?:an?|the)\s+([^,.;:()]{1,80})")
# A rank said of a name ("making India the fourth country to …", "Japan became the fifth
# country", "Wang Haoze is the country's first female spaceflight engineer", "became China's
# second …") describes it as a description set off does.
_RANKED_AS = re.compile(r"\s+(?:(?:became|becomes|become|becoming|is|was|as|remains|remained)\s+)?"
                        rf"(?:the\s+(?:[^\W\d_]+[{_APOSTROPHE_CHARS}]s\s+)?|[^\W\d_]+[{_APOSTROPHE_CHARS}]s\s+)"
                        r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
                        r"(?:-ever)?\s+([^,.;:()]{1,80})")
_NAMED_INSIDE = re.compile(r"(?:[a-z\d][,;]?|,[\"'”’]?)\s+([A-Z][\w'’-]*)")
_NUMERAL_AFTER_WORD = re.compile(rf"(?P<word>[^\W\d_][\w'\u2019]*)(?P<join>{NUMERAL_JOIN})"
                                 r"(?P<numeral>X{0,3}(?:IX|IV|VI{0,3}|I{1,3})|X{1,3})\b")


def _keep(ranked: dict[str, Candidate], candidate: Candidate) -> None:
    best = ranked.get(candidate.entity)
    if best is None or candidate.score > best.score:
        ranked[candidate.entity] = candidate


# An abbreviation in brackets after the words in small letters it stands for ("extravehicular
# activities (EVAs)", "low Earth orbit (LEO)").
_DEFINED_SMALL = re.compile(r"(?P<words>(?<![\w'-])(?:[\w'-]+\s+){0,3}(?<![\w'-])[a-z][\w-]*)\s+"
                            r"\((?P<abbreviation>[A-Z]{2,}s?)\)")

# A Roman numeral that ends a name, after a word and a space or a dash ("Shenzhou-XVIII").
_ROMAN_AT_END = re.compile(rf"(?<=[^\W\d_])({NUMERAL_JOIN})(X{{0,3}}(?:IX|IV|VI{{0,3}}|I{{1,3}})|X{{1,3}})$")


def _arabic(text: str) -> str:
    """``text`` with the Roman numeral that ends it in figures: a new entity's identifier is the
    same however the article numbers it ("Shenzhou-XVIII" and "Shenzhou-18": ``shenzhou-18``)."""
    return _ROMAN_AT_END.sub(lambda m: m[1] + str(roman_number(m[2])), text)


def _joined(key: tuple[str, ...]) -> tuple[str, ...]:
    """A name's key with the words between its numbers run together: ("shen", "zhou", "11") and
    ("shenzhou", "11") are both ("shenzhou", "11")."""
    out: list[str] = []
    for word in key:
        if out and not word.isdigit() and not out[-1].isdigit():
            out[-1] += word
        else:
            out.append(word)
    return tuple(out)


def _series_of(key: str) -> str | None:
    """The words of a numbered name before its number ("luna" of "luna 24 landing"), or ``None``."""
    words = key.split()
    at = next((i for i, w in enumerate(words) if any(c.isdigit() for c in w)), 0)
    return " ".join(words[:at]) if at else None


def _number_words(text: str) -> set[str]:
    """The words of a name that hold a digit ("9b" of "ChinaSat-9B")."""
    return {w for w in normalise_label(text).split() if any(ch.isdigit() for ch in w)}


def _add_referent(referents: list[Mention], mention: Mention) -> None:
    """Add ``mention`` to the names a word may refer back to, unless it names one of them again."""
    target = mention.suggestion or mention.candidates[0].entity
    if all((m.suggestion or m.candidates[0].entity) != target for m in referents):
        referents.append(mention)


def _ends(mention: Mention) -> tuple[str, ...]:
    """The first and last words of a name of several, new or certain, that either alone refers
    back to it ("Lin" of "Lin Xiqiang"); a title before the name is none of it ("President Xi
    Jinping": "Xi")."""
    words = normalise_label(mention.text).split()
    while len(words) > 2 and words[0] in TITLE_WORDS:
        words = words[1:]
    if len(words) < 2 or not (mention.suggestion or mention.certain):
        return ()
    return tuple(w for w in dict.fromkeys((words[0], words[-1]))
                 if len(w) > 1 and w not in _FUNCTION_WORDS and not w.isdigit())


def _slip(word: str, other: str) -> bool:
    """Whether ``word`` is ``other`` misspelt or cut short, as an abbreviation is ("Corp")."""
    from rapidfuzz import fuzz

    return fuzz.ratio(word, other) >= _SLIP or other.startswith(word)


def _numbered(key: str) -> bool:
    return any(ch.isdigit() for ch in key)


def _case_fits(name: str, text: str) -> bool:
    """A name written in capitals (an acronym) matches only text in capitals."""
    if _capitals(name):
        return [ch for ch in text if ch.isalpha()] == [ch for ch in name if ch.isalpha()]
    return True


def shouted(sentence: Segment, begin: int, end: int) -> bool:
    """Whether the words at ``begin``-``end`` (article offsets) of ``sentence`` are in capitals
    because of where they stand, not because the name is written so: in a sentence in capitals (a
    headline), or as a dateline's place, first in its sentence before the dateline's rest
    ("XICHANG, Nov. 5 (Xinhua) --"). "IGGCAS" inside a sentence is written so."""
    start, stop = begin - sentence.begin, end - sentence.begin
    if not _capitals(sentence.text[start:stop]):
        return False
    return _capitals(sentence.text) or (not sentence.text[:start].strip()
                                        and bool(_DATELINE_REST.match(sentence.text[stop:])))


def as_name(text: str) -> str:
    """A name in capitals as it is written where it is not shouted: each word with a capital and
    small letters after it (an apostrophe inside a word does not start another: "Chang'e"), but an
    initialism ("NASA", "CNSA": one word of four letters or fewer), which no letters tell from a
    shouted word.

    Example:
        >>> as_name("HONG KONG"), as_name("LONG MARCH-5"), as_name("CHANG\u2019E-7"), as_name("CNSA")
        ('Hong Kong', 'Long March-5', 'Chang’e-7', 'CNSA')
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or any(ch.islower() for ch in letters) or (" " not in text.strip() and len(letters) <= 4):
        return text
    return re.sub(rf"[^\W\d_]+(?:[{_APOSTROPHE_CHARS}][^\W\d_]+)*", lambda m: m[0][0] + m[0][1:].lower(), text)


def _capitals(text: str) -> bool:
    """Whether ``text`` is written in capitals, as an acronym is ("EST", "U.S."): it is no slip
    of a word ("west"), nor a slip of another acronym."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


# Every other preposition, and the adverbs that open a sentence to join it to the one before: no
# part of a run of capitalised words ("Over the past decade", "Moreover, …"), though in small
# letters some are part of what describes a thing ("a near-Earth asteroid").
_OPENERS = frozenset(
    "about above across against along amid amidst among amongst around behind below beneath beside besides "
    "between beyond despite down inside into like near off onto out outside over past per since through "
    "throughout till toward towards under underneath unlike until unto up via "
    "again already altogether always almost finally furthermore hence indeed initially moreover "
    "nevertheless nonetheless otherwise overall perhaps previously recently therefore".split()
)


def _capitalised_runs(tokens: list[_Token], covered: list[bool], segment: Segment) -> list[tuple[int, int]]:
    """Runs of capitalised words (with "of", "the"… and numbers inside) not already matched, each
    within one stretch of the text that punctuation does not cut ("Ye Guangfu, Li Cong" is two)."""
    shouting = _capitals(segment.text)

    def function(token: _Token) -> bool:
        # A word in capitals in a sentence that is not is a code, not that word ("Soyuz MS-26").
        return (token.key in _FUNCTION_WORDS or token.key in _OPENERS) and (shouting or not _capitals(token.text))

    def joined(a: int, b: int) -> bool:
        gap = segment.text[tokens[a].end - segment.begin : tokens[b].begin - segment.begin]
        # An en dash joins the names of a double-barrelled name ("Churyumov–Gerasimenko") as a
        # hyphen does; between numbers it is a range.
        return _JOINS.fullmatch(gap) is not None or gap == "\u2013" and _capital(tokens[a]) and _capital(tokens[b])

    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if covered[i] or function(tokens[i]) or not (_capital(tokens[i]) or _designation(tokens, i, segment)):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and not covered[j]:
            gap = segment.text[tokens[j - 1].end - segment.begin : tokens[j].begin - segment.begin]
            if gap == "." and tokens[j].text in _DOMAINS:
                j += 1  # "Space.com": a web address names its outlet, and is one name
            elif not joined(j - 1, j):
                break
            elif (_capital(tokens[j]) and not function(tokens[j])) or tokens[j].text.isdigit() \
                    or _designates(tokens, j, segment):
                j += 1  # a designator ("CZ-2F", "LM-3B") goes on the name as a number does
            elif (tokens[j].text in _CONNECTORS and j + 1 < len(tokens) and not covered[j + 1]
                  and _capital(tokens[j + 1]) and joined(j, j + 1) and not _two_names(tokens, j, i, joined)):
                j += 2
            elif (tokens[j].text == "of" and j + 2 < len(tokens) and tokens[j + 1].text == "the" and (i or j > 1)
                  and not covered[j + 2] and _capital(tokens[j + 2]) and not function(tokens[j + 2])
                  and joined(j, j + 1) and joined(j + 1, j + 2)):
                j += 3  # "Harmony of the Heavens"; a sentence's first word alone may be no name ("Crews of the …")
            else:
                break
        runs.append((i, j))
        i = j
    return runs


# What stands between two items of a list: a comma, "and", or both.
_LISTED = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
# Before a plural that says what they are, names may be alternatives ("the Zorvan-7 or -8 missions").
_LISTED_EITHER = re.compile(r",\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


def _between(segment: Segment, first: Mention, second: Mention) -> str:
    return segment.text[first.end - segment.begin : second.begin - segment.begin]


def _listed(chain: list[Mention], held: list[Mention], segment: Segment) -> list[Mention]:
    """The held mentions of ``chain`` (mentions one after another, a list's separators between
    them) when it is a list that holds a name."""
    gaps = [_between(segment, a, b) for a, b in zip(chain, chain[1:])]
    is_list = len(chain) >= 3 or any("and" in gap for gap in gaps)
    return [m for m in chain if m in held] if is_list and any(m not in held for m in chain) else []


def _words(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(), normalise_label(m.group())) for m in _TOKEN.finditer(text)]


def _title_case(tokens: list[_Token]) -> bool:
    """Whether a sentence is written in Title Case (a headline): several capitalised words, and no
    word in small letters but the short ones ("of", "on", "the") that Title Case leaves small."""
    words = [t for t in tokens if t.text[:1].isalpha()]
    small = [t for t in words if not _capital(t)]
    return sum(_capital(t) for t in words) >= 3 and all(t.key in _FUNCTION_WORDS for t in small)


def _designates(tokens: list[_Token], at: int, segment: Segment) -> bool:
    """Whether token ``at`` is a designator of the name before it: a short number or code ("5",
    "3B", "18") after a space, or any number after a hyphen ("-2020"); a year after a space is not
    one ("China 2019"), nor is a quantity ("China 5,000")."""
    token, gap = tokens[at], segment.text[tokens[at - 1].end - segment.begin : tokens[at].begin - segment.begin]
    after = segment.text[token.end - segment.begin : token.end - segment.begin + 2]
    if not token.text[:1].isdigit() or re.match(r"[,.]\d", after):  # "5,000", "1.5": a quantity
        return False
    return gap == "-" or (gap == " " and len(token.text) <= 3)


# An astronomical designation that starts with a number: a comet's before its name or year
# ("311P/PANSTARRS", "2I/Borisov"), and a minor planet's provisional designation ("2016 HO3", or
# run together as many articles write it: "2016HO3").
_NUMBERED_COMET = re.compile(r"\d+[PDI]")
_PROVISIONAL = re.compile(r"[A-Z]{2}\d+")
_PROVISIONAL_JOINED = re.compile(r"(?:1[89]\d\d|20\d\d)[A-Z]{2}\d+")


def _designation(tokens: list[_Token], at: int, segment: Segment) -> bool:
    """Whether token ``at``, which starts with a number, starts an astronomical designation."""
    if _PROVISIONAL_JOINED.fullmatch(tokens[at].text):
        return True
    if at + 1 >= len(tokens):
        return False
    token, after = tokens[at], tokens[at + 1]
    gap = segment.text[token.end - segment.begin : after.begin - segment.begin]
    if gap == "/" and _NUMBERED_COMET.fullmatch(token.text):
        return _capital(after) or after.text.isdigit()
    return gap == " " and re.fullmatch(r"1[89]\d\d|20\d\d", token.text) is not None and _PROVISIONAL.fullmatch(after.text) is not None


def _two_names(tokens: list[_Token], at: int, start: int, joined: Callable[[int, int], bool]) -> bool:
    """Whether the "and" at ``at`` joins two names ("Li Cong and Li Guangsu", "Austria and
    Argentina"), not two words of one: an "and" inside an "of" phrase of the name that starts at
    ``start`` ("Ministry of Science and Technology"), or before capitalised words that end in an
    organisation's word ("Science and Technology Corp"), is one name's."""
    if tokens[at].text != "and":
        return False
    end = at + 1
    while end < len(tokens) and _capital(tokens[end]) and tokens[end].key not in _FUNCTION_WORDS \
            and (end == at + 1 or joined(end - 1, end)):
        end += 1
    if tokens[end - 1].key in _ORGANISATION_WORDS:
        return False
    inside_of = any(t.key == "of" for t in tokens[start:at])
    return not inside_of or (at + 2 < len(tokens) and _capital(tokens[at + 2]) and tokens[at + 2].key not in _FUNCTION_WORDS)


# What follows a region's name as its designation: the name and the designation name one region.
_DESIGNATION = re.compile(r"(?:Special Administrative Region|Autonomous Region|Autonomous Prefecture|Province|"
                          r"Municipality|Prefecture|County|Oblast|Krai)\b")
_ADMINISTRATIVE_REGION = SKG + "AdministrativeRegion"


def _defined_initialisms(mentions: list[Mention], segment: Segment) -> list[Mention]:
    """``mentions`` with a name in capitals that no name the project knows matches, in brackets
    right after a name written out that it abbreviates (:func:`_abbreviates`: "Chinese Lunar
    Exploration Program (CLEP)"), proposed as that name's entity, or as the new entity proposed
    for it: the text defines it so."""
    out: list[Mention] = []
    for mention in mentions:
        written = out[-1] if out else None
        known = any(c.kind not in ("fuzzy", "initials") for c in mention.candidates)
        if written is not None and not known and _bracketed_capitals(mention, segment) \
                and written.end == mention.begin - 2 and _abbreviates(mention.text, written.text) \
                and (written.candidates or written.suggestion):
            mention = replace(mention, suggestion=written.suggestion, kind=written.kind, name=written.name or written.text,
                              candidates=tuple(Candidate(c.entity, c.name, "initials", SCORES["initials"])
                                               for c in written.candidates))
        out.append(mention)
    return out


# Between a name and another name the text gives it: "Oceanus Procellarum, or 'Ocean of Storms'",
# "Tiangong (\"Heavenly Palace\")", "the far side, also known as the dark side".
_OPENING_QUOTES = "\"'\u201c\u2018"
_CLOSING_QUOTES = "\"'\u201d\u2019"
_NAMING = r"(?:also\s+)?(?:known\s+as|a\.?k\.?a\.?|dubbed|nicknamed|called)"
_KIND_BEFORE_NAMING = re.compile(rf"((?:\s+[^\W\d_][\w-]*){{1,3}})(?=,?\s+\(?(?:{_NAMING})\s)", re.IGNORECASE)
_APPOSITION = re.compile(rf",?\s+\(?(?:{_NAMING})\s+(?:the\s+)?(?P<named>[{_OPENING_QUOTES}])?(?:the\s+)?"
                         rf"|(?:,\s+(?:or\s+)?|\s+\((?:or\s+)?)(?P<quoted>[{_OPENING_QUOTES}])(?:the\s+)?", re.IGNORECASE)


def _appositions(mentions: list[Mention], segment: Segment, kind_words: Collection[str]) -> list[Mention]:
    """``mentions`` with a name no name the project knows matches, set off right after a name as
    another name of it (in quotation marks after "or" or in brackets, or after "known as", "dubbed",
    "called"), proposed as that name's entity: the text names one thing twice. The words for the
    first name's kind (``kind_words``) may stand between ("the Kinetica-1 rocket, also known as
    Lijian-1", "the Chang'e-6 lunar probe, also called …"). Without the marks, "X, or Y" may offer
    another thing, and Y is its own."""
    out: list[Mention] = []
    for mention in mentions:
        # An adjective names no thing another name could be given to ("the lunar probe").
        named = next((m for m in reversed(out) if not m.candidates or any(c.kind != "adjective" for c in m.candidates)),
                     None)
        known = any(c.kind not in ("fuzzy", "initials") for c in mention.candidates)
        gap = segment.text[named.end - segment.begin : mention.begin - segment.begin] if named else ""
        if (kind := _KIND_BEFORE_NAMING.match(gap)) and all(w in kind_words for w in kind[1].lower().split()):
            gap = gap[kind.end(1):]
        found = _APPOSITION.fullmatch(gap)
        after = segment.text[mention.end - segment.begin :]
        if named is not None and found is not None and not known and (named.candidates or named.suggestion) \
                and (not (found["named"] or found["quoted"]) or after[:1] in _CLOSING_QUOTES) \
                and ("(" not in gap or re.match(rf"[{_CLOSING_QUOTES}]?\)", after)):
            # What only resembles the first name (a fuzzy candidate) only resembles the second.
            mention = replace(mention, suggestion=named.suggestion, kind=named.kind, name=named.name or named.text,
                              candidates=tuple(c if c.kind == "fuzzy" else
                                               Candidate(c.entity, c.name, "apposition", SCORES["apposition"])
                                               for c in named.candidates))
        out.append(mention)
    return out


# What may stand between the names that make one longer name: "Smart Lander for Investigating Moon".
_JOINING_WORDS = re.compile(r" (?:(?:of|for|and|the|de|on|in|to)(?= ) )*")


def _bracketed_capitals(mention: Mention, segment: Segment) -> bool:
    """Whether ``mention`` is a name in capitals in brackets of its own ("(SLIM)")."""
    at = mention.begin - segment.begin
    return _capitals(mention.text) and segment.text[at - 2 : at] == " (" \
        and segment.text[mention.end - segment.begin : mention.end - segment.begin + 1] == ")"


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` abbreviates ``long``, as Schwartz and Hearst (2003) match an abbreviation
    with the words before it: its first letter starts ``long``, and the rest of its letters and
    digits are found in the rest of ``long`` in order ("JAXA": Japan Aerospace eXploration Agency;
    "SLIM": Smart Lander for Investigating Moon); ``long`` has at most twice as many words but
    "of", "the", "for" and the like as ``short`` has letters (and at most five more)."""
    letters = [ch for ch in short.lower() if ch.isalnum()]
    text = long.lower()
    words = [w for w in text.split() if w not in _CONNECTORS and w != "for"]
    if not letters or not text.startswith(letters[0]) or len(words) > min(len(letters) + 5, 2 * len(letters)):
        return False
    rest = iter(text[1:])
    return all(letter in rest for letter in letters[1:])


def _initials_of(name: str) -> str:
    """The first letters of ``name``'s words, leaving out "of", "and", "the" and the like."""
    return "".join(w[0] for w in normalise_label(name).split() if w not in _CONNECTORS and w != "for")


def _names_zone(text: str, before: str, after: str) -> bool:
    """Whether a run of capitalised words names a time zone, with the "time" after it if it is
    in small letters ("EDT", "Beijing Time", "Beijing time", "2:07 a.m. Eastern")."""
    following = re.match(r" (?:standard |daylight )?time\b", after)
    return is_zone_name(text + (following.group() if following else ""), before)


def _names_language(before: str, after: str) -> bool:
    """Whether a country's adjective names a language ("means 'dream vessel' in Chinese",
    "translated from Russian and English"): after "in", "into" or "from", with no word after it
    that it would say is the country's ("in Chinese media")."""
    return bool(re.search(r"\b(?:in|into|from)\s+$", before, re.IGNORECASE)
                and re.match(r"\s*(?:$|[^\w\s]|(?:and|or)\b)", after))


def _capital(token: _Token) -> bool:
    # "iSpace", "eBay": a name whose capital comes second; not a unit ("kWh", "mAh").
    return token.text[:1].isupper() or _SMALL_FIRST.match(token.text) is not None


def slug(text: str) -> str:
    """An identifier for a new entity: lower-case ASCII words joined by hyphens.

    Example:
        >>> slug("Von Kármán Crater"), slug("Chang'e-4"), slug("67P/Churyumov\u2013Gerasimenko")
        ('von-karman-crater', 'change-4', '67p-churyumov-gerasimenko')
    """
    # A letter without an ASCII form drops out; a dash or other mark between words separates them.
    ascii_text = "".join(ch if ch.isascii() else "" if ch.isalpha() or unicodedata.combining(ch) else " "
                         for ch in unicodedata.normalize("NFKD", text.translate(APOSTROPHES)))
    return "-".join(w for w in re.split(r"[^a-z0-9]+", ascii_text.lower()) if w) or "entity"


def describe(mention: Mention) -> str:
    """One line for the skeleton's comments: the mention and its suggestion or best candidate."""
    if mention.how != "new":
        best = mention.candidates[0]
        return note(mention.text, shorten(best.entity), best.kind, best.score, named=mention.name)
    return note(mention.text, shorten(mention.suggestion or ""), "new", 0, named=mention.name)


def note(text: str, link: str, how: str, score: int | str, *, named: str | None = None) -> str:
    """How the skeleton's comments show a mention not yet confirmed, and the whole name it stands
    for when it is written in part.

    Example:
        >>> note("Long March rocket", "d:long-march", "alias", 90), note("Beijing", "d:beijing", "new", 0)
        ('"Long March rocket" d:long-march (alias 90)', '"Beijing" new? d:beijing')
        >>> note("-17", "d:shenzhou-17", "new", 0, named="Shenzhou-17")
        '"-17" (Shenzhou-17) new? d:shenzhou-17'
    """
    shown = f'"{text}"' + (f" ({named})" if named else "")
    return f"{shown} new? {link}" if how == "new" else f"{shown} {link} ({how} {score})"
