"""Generate a synthetic spacekg project shaped like the real data, at a chosen size, from a seed.

The project uses spacekg's real ontology, stored queries and rules (copied from this checkout)
and writes a data/ directory in the layout of the shipped one:

- data/articles/aNNN.txt: synthetic news articles, one sentence per paragraph, so that
  `spacekg sentences` gives the same ids (L1.1, L3.1, ...) and offsets the facts record;
- data/sources.ttl: each article's outlet, dates, how the date was inferred, file name and the
  SHA-256 of its text;
- data/entities.ttl: countries, agencies, outlets, programs, missions, spacecraft, launch
  vehicles and their families, launch sites, celestial bodies and nested surface regions
  (crater partOf basin partOf a side of the body, each locatedOnBody);
- data/background.trig: completeness declarations for the three tracked achievements (so the
  ordinal rules have work to do) and curated links from plans to the events that met them;
- data/facts/aNNN.trig: per article, the sentence nodes in g:sources (verbatim text at its
  offsets, which `spacekg build` verifies), one named graph per factual sentence stating
  launches, landings, orbits, crews, programs, regions and plans with exact times or
  earliest/latest windows, and each graph's provenance in g:provenance.

The asserted triple count of data/ (the ontology's 1,236 triples come on top and do not depend
on the size) lands within a few percent of --triples. The same seed and size give
byte-identical files. Every identifier, name and date is invented except the countries,
agencies, launch sites, the Moon, Mars and Jupiter, and d:far-side-of-the-moon, which the
ontology's LunarFarSideSoftLanding definition names. No owl:sameAs, no skg:wikidata.

    python benchmarks/generate.py --triples 10000 --seed 1 --out /tmp/spacekg-10k
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SKG = "https://w3id.org/spacekg/ontology#"
ID = "https://w3id.org/spacekg/id/"
SRC = "https://w3id.org/spacekg/source/"
GRAPH = "https://w3id.org/spacekg/graph/"
PREFIX_LINES = (
    "@prefix skg: <https://w3id.org/spacekg/ontology#> .\n"
    "@prefix d: <https://w3id.org/spacekg/id/> .\n"
    "@prefix src: <https://w3id.org/spacekg/source/> .\n"
    "@prefix g: <https://w3id.org/spacekg/graph/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
SYLLABLES = ("ka", "ran", "tu", "mi", "lo", "shen", "xing", "yue", "hai", "po", "ri", "an", "ze", "ko",
             "val", "der", "mor", "en", "ta", "li", "qiao", "fen", "go", "bel", "sa", "vo", "rin", "tel",
             "mar", "os", "du", "wen", "zhi", "ne", "kar", "is", "bo", "lun", "tia", "hu")
# Accented letters in some crater names, so that quotes are checked on code-point offsets (as
# in "Von Kármán crater"), not byte offsets.
ACCENTS = {"a": "á", "e": "é", "o": "ö", "u": "ü"}
# Timeline of the synthetic missions; a country launches only within its years.
START, END = datetime(1962, 1, 1, tzinfo=timezone.utc), datetime(2025, 6, 30, tzinfo=timezone.utc)
# Data triples one mission brings on average (its facts, sentences, provenance and entities);
# sets the mission timeline's step so that every size spans the same decades.
TRIPLES_PER_MISSION = 60


@dataclass(frozen=True)
class CountrySpec:
    key: str
    label: str
    agency: str
    agency_label: str
    agency_alt: str
    years: tuple[int, int]
    weight: int
    sites: tuple[tuple[str, str], ...]
    family: tuple[str, str]


COUNTRIES = (
    CountrySpec("china", "China", "cnsa", "China National Space Administration", "CNSA", (1970, 2100), 40,
                (("xichang", "Xichang Satellite Launch Center"), ("jiuquan", "Jiuquan Satellite Launch Center"),
                 ("taiyuan", "Taiyuan Satellite Launch Center"), ("wenchang", "Wenchang Space Launch Site")),
                ("long-march", "Long March")),
    CountrySpec("united-states", "United States", "nasa", "NASA", "National Aeronautics and Space Administration",
                (1958, 2100), 20, (("cape-canaveral", "Cape Canaveral Space Force Station"),
                                   ("vandenberg", "Vandenberg Space Force Base")), ("atlas", "Atlas")),
    CountrySpec("soviet-union", "Soviet Union", "glavkosmos", "Glavkosmos", "Soviet space program", (1957, 1991),
                20, (("baikonur", "Baikonur Cosmodrome"), ("plesetsk", "Plesetsk Cosmodrome")),
                ("proton", "Proton")),
    CountrySpec("russia", "Russia", "roscosmos", "Roscosmos", "Russian space agency", (1992, 2100), 8,
                (("vostochny", "Vostochny Cosmodrome"), ("baikonur-russia", "Baikonur Cosmodrome launch pads")),
                ("soyuz", "Soyuz")),
    CountrySpec("india", "India", "isro", "Indian Space Research Organisation", "ISRO", (1980, 2100), 8,
                (("sriharikota", "Satish Dhawan Space Centre"),), ("gslv", "GSLV")),
    CountrySpec("japan", "Japan", "jaxa", "Japan Aerospace Exploration Agency", "JAXA", (1970, 2100), 6,
                (("tanegashima", "Tanegashima Space Center"),), ("h-ii", "H-II")),
    CountrySpec("south-korea", "South Korea", "kari", "Korea Aerospace Research Institute", "KARI",
                (2013, 2100), 3, (("naro", "Naro Space Center"),), ("nuri", "Nuri")),
)
BODIES = {  # key: (label, class, the two top-level regions)
    "moon": ("Moon", "NaturalSatellite", (("far-side-of-the-moon", "far side of the Moon"),
                                          ("near-side-of-the-moon", "near side of the Moon"))),
    "mars": ("Mars", "Planet", (("northern-lowlands-of-mars", "northern lowlands of Mars"),
                                ("southern-highlands-of-mars", "southern highlands of Mars"))),
}
IN_TEXT = {"Moon": "the Moon", "Soviet Union": "the Soviet Union", "United States": "the United States"}


def in_text(label: str) -> str:
    """A name as running text uses it ("the Moon", "Mars")."""
    return IN_TEXT.get(label, label)
# Kinds of program, with their share of missions.
KINDS = (("lunar", 35), ("mars", 15), ("crewed", 15), ("satellite", 35))


def slugify(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    out = "".join(c if c.isalnum() else "-" for c in plain.lower())
    return "-".join(part for part in out.split("-") if part)


def lit(text: str, lang: str | None = "en") -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def when_lit(moment: datetime) -> str:
    return f'"{moment.strftime("%Y-%m-%dT%H:%M:%SZ")}"^^xsd:dateTime'


def human_day(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


@dataclass
class Mission:
    index: int
    iri: str
    label: str
    kind: str
    country: CountrySpec
    program: str
    series: str
    body: str | None
    launch: datetime
    arrival: datetime | None  # landing or orbit insertion
    lander: str | None = None
    rover: str | None = None
    orbiter: str | None = None
    craft: str | None = None  # the payload of the launch
    crew: int = 0
    duration: int = 0
    crater: str | None = None
    exact_time_used: set[str] = field(default_factory=set)
    plans: list[tuple[str, str]] = field(default_factory=list)  # (plan IRI, planned event type)
    covered: bool = False


@dataclass
class Sentence:
    text: str
    excluded: str | None = None
    modality: str = "Asserted"
    attributed: str | None = None
    facts: list[tuple[str, str, str]] = field(default_factory=list)


class Quads:
    """The generated triples, by file, graph and subject, in insertion order (so output is
    deterministic), deduplicated within each graph as the loader does, and counted."""

    def __init__(self) -> None:
        self.files: dict[str, dict[str, dict[str, list[tuple[str, str]]]]] = {}
        self.seen: set[str] = set()
        self.count = 0

    def add(self, path: str, graph: str, s: str, p: str, o: str) -> None:
        key = f"{graph} {s} {p} {o}"
        if key in self.seen:
            return
        self.seen.add(key)
        self.files.setdefault(path, {}).setdefault(graph, defaultdict(list))[s].append((p, o))
        self.count += 1


def turtle_block(subjects: dict[str, list[tuple[str, str]]], indent: str) -> str:
    """Subjects with their predicate-object lists, in Turtle's `s p o ; p o .` form."""
    out = []
    for s, pos in subjects.items():
        grouped: dict[str, list[str]] = {}
        for p, o in pos:
            grouped.setdefault(p, []).append(o)
        parts = [f"{p} {' , '.join(os_)}" for p, os_ in grouped.items()]
        out.append(f"{indent}{s} " + f" ;\n{indent}    ".join(parts) + " .\n")
    return "".join(out)


class Generator:
    """Writes articles and their facts until the data holds about ``target`` triples."""

    def __init__(self, target: int, seed: int) -> None:
        self.target = target
        self.rng = random.Random(seed)
        self.q = Quads()
        self.done_entities: set[str] = set()
        self.names: set[str] = set()
        self.missions: list[Mission] = []
        self.cursor = 0  # next mission not yet covered by an article
        estimated = max(4, target // TRIPLES_PER_MISSION)
        self.step = (END - START) / estimated
        # (country, kind) -> (program IRI, series name, missions so far, missions it will have)
        self.programs: dict[tuple[str, str], tuple[str, str, int, int]] = {}
        self.craters: dict[str, list[str]] = {b: [] for b in BODIES}
        self.basins: dict[str, list[tuple[str, str, str]]] = {b: [] for b in BODIES}  # (iri, label, side iri)
        self.labels: dict[str, str] = {}
        self.outlets: list[str] = []
        self.variants: dict[str, list[str]] = {}
        self.articles: list[str] = []
        self.sentences = 0
        width = 3 if estimated < 2000 else (4 if estimated < 20000 else 5)
        self.article_id = lambda n: f"a{n:0{width}d}"

    # --- names and entities ---

    def new_name(self, syllables: int, *, accents: bool = False) -> str:
        for _ in range(1000):
            name = "".join(self.rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()
            if accents and self.rng.random() < 0.25:
                vowel = next((c for c in name[1:] if c in ACCENTS), None)
                if vowel:
                    name = name[0] + name[1:].replace(vowel, ACCENTS[vowel], 1)
            if slugify(name) not in self.names:
                self.names.add(slugify(name))
                return name
            syllables += 1 if self.rng.random() < 0.2 else 0
        raise RuntimeError("ran out of names")

    def entity(self, iri: str, label: str, cls: str, *more: tuple[str, str]) -> str:
        """Describe ``iri`` in g:entities the first time it is used; return it."""
        if iri not in self.done_entities:
            self.done_entities.add(iri)
            self.labels[iri] = label
            for p, o in (("a", f"skg:{cls}"), ("rdfs:label", lit(label)), *more):
                self.q.add("data/entities.ttl", "entities", iri, p, o)
        return iri

    def agency(self, spec: CountrySpec) -> str:
        self.country(spec)
        return self.entity(f"d:{spec.agency}", spec.agency_label, "SpaceAgency",
                           ("skos:altLabel", lit(spec.agency_alt)), ("skg:country", f"d:{spec.key}"))

    def country(self, spec: CountrySpec) -> str:
        return self.entity(f"d:{spec.key}", spec.label, "Country")

    def body(self, key: str) -> str:
        label, cls, _ = BODIES[key]
        return self.entity(f"d:{key}", label, cls)

    def site(self, spec: CountrySpec) -> str:
        key, label = self.rng.choice(spec.sites)
        self.country(spec)
        return self.entity(f"d:{key}", label, "LaunchSite", ("skg:country", f"d:{spec.key}"))

    def vehicle(self, spec: CountrySpec, when: datetime) -> str:
        family_key, family_label = spec.family
        family = self.entity(f"d:{family_key}", f"{family_label} (rocket family)", "LaunchVehicle")
        # A family gains a variant every few years, and launches use the newer ones.
        era = (when.year - START.year) // 6
        variants = self.variants.setdefault(spec.key, [])
        while len(variants) <= era:
            variants.append(f"{len(variants) + 1}{'ABCDEF'[len(variants) % 6]}")
        variant = variants[max(0, era - self.rng.choice((0, 0, 1)))]
        return self.entity(f"d:{family_key}-{variant.lower()}", f"{family_label} {variant}", "LaunchVehicle",
                           ("skg:memberOfFamily", family))

    def outlet(self) -> str:
        # Outlets grow with the number of articles, about one per five.
        if not self.outlets or (len(self.outlets) < 2 + len(self.articles) // 5 and self.rng.random() < 0.3):
            name = f"The {self.new_name(2)} {self.rng.choice(('Times', 'Post', 'Herald', 'Observer', 'Ledger'))}"
            self.outlets.append(self.entity(f"d:{slugify(name)}", name, "NewsOrganization"))
        return self.rng.choice(self.outlets)

    def crater(self, key: str) -> str:
        """A crater on body ``key``: often one seen before, else a new one in a (new) basin."""
        body = self.body(key)
        if self.craters[key] and self.rng.random() < 0.4:
            return self.rng.choice(self.craters[key])
        basins = self.basins[key]
        if not basins or self.rng.random() < 0.25:
            side_key, side_label = self.rng.choice(BODIES[key][2])
            side = self.entity(f"d:{side_key}", side_label, "SurfaceRegion", ("skg:locatedOnBody", body))
            name = self.new_name(2)
            basin = self.entity(f"d:{slugify(name)}-basin", f"{name} Basin", "ImpactBasin",
                                ("skg:partOf", side), ("skg:locatedOnBody", body))
            basins.append((basin, f"{name} Basin", side))
        basin, _, _ = self.rng.choice(basins)
        name = self.new_name(self.rng.choice((2, 3)), accents=True)
        crater = self.entity(f"d:{slugify(name)}-crater", f"{name} crater", "Crater",
                             ("skg:partOf", basin), ("skg:locatedOnBody", body))
        self.craters[key].append(crater)
        return crater

    # --- missions ---

    def mission(self, index: int) -> Mission:
        """Mission ``index`` of the timeline, created (without its entities) on first use."""
        while len(self.missions) <= index:
            self.missions.append(self._new_mission(len(self.missions)))
        return self.missions[index]

    def _new_mission(self, index: int) -> Mission:
        rng = self.rng
        launch = START + self.step * (index + rng.random())
        launch = launch.replace(second=0, microsecond=0)
        open_ = [c for c in COUNTRIES if c.years[0] <= launch.year <= c.years[1]]
        spec = rng.choices(open_, weights=[c.weight for c in open_])[0]
        kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
        iri, series, used, size = self.programs.get((spec.key, kind), ("", "", 0, 0))
        if used >= size:  # a program runs for a while, then the country starts a new one
            series = self.new_name(2)
            iri, used, size = f"d:{slugify(series)}-program", 0, rng.randint(4, 20)
        used += 1
        self.programs[(spec.key, kind)] = (iri, series, used, size)
        label = f"{series} {used}"
        slug = f"d:{slugify(series)}-{used}"
        body = {"lunar": "moon", "mars": "mars"}.get(kind)
        arrival = None
        m = Mission(index, slug, label, kind, spec, iri, series, body, launch, arrival)
        if kind in ("lunar", "mars"):
            travel = rng.randint(4, 25) if kind == "lunar" else rng.randint(190, 300)
            m.arrival = (launch + timedelta(days=travel, minutes=rng.randint(0, 1439))).replace(second=0)
            shape = rng.random()
            if shape < 0.7:
                m.lander = f"{slug}-lander"
                m.craft = m.lander
                if rng.random() < 0.6:
                    m.rover = f"d:{slugify(self.new_name(2))}-rover"
            else:
                m.orbiter = f"{slug}-orbiter"
                m.craft = m.orbiter
        elif kind == "crewed":
            m.craft = f"{slug}-spacecraft"
            m.crew, m.duration = rng.randint(1, 3), rng.randint(1, 180)
        else:
            m.craft = f"{slug}-satellite"
        return m

    def mission_entities(self, m: Mission) -> None:
        spec = m.country
        agency = self.agency(spec)
        self.entity(m.program, f"{m.series} program", "SpaceProgram", ("skg:operator", agency))
        cls = "CrewedMission" if m.kind == "crewed" else "RoboticMission"
        self.entity(m.iri, m.label, cls)
        if m.lander:
            self.entity(m.lander, f"{m.label} lander", "Lander")
        if m.rover:
            name = m.rover[2:-len("-rover")].replace("-", " ").title()
            self.entity(m.rover, name, "Rover", ("skos:altLabel", lit(f"{m.label} rover")))
        if m.orbiter:
            self.entity(m.orbiter, f"{m.label} orbiter", "Orbiter")
        if m.kind == "crewed":
            self.entity(m.craft, f"{m.label} spacecraft", "CrewedSpacecraft")  # type: ignore[arg-type]
        if m.kind == "satellite":
            self.entity(m.craft, f"{m.label} satellite", "CommunicationsSatellite",  # type: ignore[arg-type]
                        ("skg:operator", agency))

    # --- time ---

    def time_facts(self, event: str, moment: datetime, *, exact_ok: bool,
                   choices: tuple[str, ...] = ("exact", "day", "day", "month", "year")) -> tuple[str, list]:
        """The words for ``moment`` at a random precision, and the facts that record them."""
        precision = self.rng.choice(choices if exact_ok else tuple(c for c in choices if c != "exact"))
        expression = {"exact": f"at {moment:%H:%M} UTC on {human_day(moment)}", "day": f"on {human_day(moment)}",
                      "month": f"in {MONTHS[moment.month - 1]} {moment.year}", "year": f"in {moment.year}"}[precision]
        facts: list[tuple[str, str, str]] = [(event, "skg:timeExpression", lit(expression))]
        if precision == "exact":
            facts += [(event, "skg:time", when_lit(moment)), (event, "skg:timePrecision", "skg:PrecisionMinute")]
            return expression, facts
        if precision == "day":
            first = moment.replace(hour=0, minute=0)
            last = first + timedelta(days=1)
        elif precision == "month":
            first = moment.replace(day=1, hour=0, minute=0)
            last = (first + timedelta(days=32)).replace(day=1)
        else:
            first = moment.replace(month=1, day=1, hour=0, minute=0)
            last = first.replace(year=first.year + 1)
        name = {"day": "PrecisionDay", "month": "PrecisionMonth", "year": "PrecisionYear"}[precision]
        facts += [(event, "skg:earliestTime", when_lit(first)),
                  (event, "skg:latestTime", when_lit(last - timedelta(seconds=1))),
                  (event, "skg:timePrecision", f"skg:{name}")]
        return expression, facts

    # --- sentences ---

    def launch_sentence(self, m: Mission) -> Sentence:
        spec = m.country
        event = f"{m.iri}-launch"
        vehicle, site = self.vehicle(spec, m.launch), self.site(spec)
        exact = event not in m.exact_time_used
        expression, facts = self.time_facts(event, m.launch, exact_ok=exact)
        if any(p == "skg:time" for _, p, _ in facts):
            m.exact_time_used.add(event)
        craft_label = self.labels[m.craft]  # type: ignore[index]
        country = in_text(spec.label)
        templates = (
            f"A {self.labels[vehicle]} rocket launched the {craft_label} from {self.labels[site]} {expression}",
            f"The {m.label} mission lifted off {expression} on a {self.labels[vehicle]} from {self.labels[site]}, "
            f"carrying the {craft_label}",
            f"{country[0].upper()}{country[1:]} launched the {craft_label} aboard a {self.labels[vehicle]} "
            f"from {self.labels[site]} "
            f"{expression}",
        )
        text = self.rng.choice(templates)
        s = Sentence("")
        if self.rng.random() < 0.12:
            outlet = self.outlet()
            text = f"According to {self.labels[outlet]}, {text[0].lower() + text[1:]}"
            s.modality, s.attributed = "Reported", outlet
        s.text = text + "."
        s.facts = [(event, "a", "skg:LaunchEvent"), (event, "rdfs:label", lit(f"{m.label} launch")),
                   (event, "skg:payload", m.craft),  # type: ignore[list-item]
                   (event, "skg:launchVehicle", vehicle), (event, "skg:launchSite", site),
                   (event, "skg:achievedBy", f"d:{spec.key}"), (event, "skg:partOfMission", m.iri), *facts]
        self.fulfil(m, event, "skg:LaunchEvent")
        self.cite(event, "LaunchEvent", m.launch, m, "lifted off")
        return s

    def program_sentence(self, m: Mission) -> Sentence:
        program_label = self.labels[m.program]
        agency = self.labels[f"d:{m.country.agency}"]
        cls = "CrewedMission" if m.kind == "crewed" else "RoboticMission"
        facts = [(m.iri, "a", f"skg:{cls}"), (m.iri, "skg:partOfProgram", m.program)]
        if m.body:
            facts.append((m.iri, "skg:destination", self.body(m.body)))
            body = in_text(self.labels[self.body(m.body)])
            text = f"{m.label} is part of the {program_label}, which {agency} runs to explore {body}."
        else:
            text = f"{m.label} is part of the {program_label}, run by {agency}."
        return Sentence(text, facts=facts)

    def landing_sentence(self, m: Mission, *, revisit: bool = False) -> Sentence:
        assert m.body and m.lander and m.arrival
        event = f"{m.iri}-landing"
        if m.crater is None:
            m.crater = self.crater(m.body)
        exact = not revisit and event not in m.exact_time_used
        expression, timing = self.time_facts(event, m.arrival, exact_ok=exact,
                                             choices=("month", "year") if revisit else
                                             ("exact", "day", "day", "month", "year"))
        if any(p == "skg:time" for _, p, _ in timing):
            m.exact_time_used.add(event)
        crater, body = self.labels[m.crater], in_text(self.labels[self.body(m.body)])
        if revisit:
            text = f"{m.label} landed in {crater} on {body} {expression}."
        else:
            text = self.rng.choice((
                f"The {m.label} lander soft-landed in {crater} on {body} {expression}.",
                f"The lander of {m.label} touched down {expression} in {crater}, on {body}.",
            ))
        facts = [(event, "a", "skg:SoftLanding"), (event, "rdfs:label", lit(f"{m.label} landing")),
                 (event, "skg:landedSpacecraft", m.lander), (event, "skg:landingSite", m.crater),
                 (event, "skg:landingBody", f"d:{m.body}"),
                 (event, "skg:partOfMission", m.iri), (event, "skg:achievedBy", f"d:{m.country.key}"), *timing]
        if not revisit:
            self.fulfil(m, event, "skg:SoftLanding")
        self.cite(event, "SoftLanding", m.arrival, m, "landed")
        return Sentence(text, facts=facts)

    def orbit_sentence(self, m: Mission) -> Sentence:
        assert m.body and m.orbiter and m.arrival
        event = f"{m.iri}-orbit-insertion"
        expression, timing = self.time_facts(event, m.arrival, exact_ok=True)
        text = f"The {m.label} orbiter entered orbit around {in_text(self.labels[self.body(m.body)])} {expression}."
        facts = [(event, "a", "skg:OrbitEvent"), (event, "rdfs:label", lit(f"{m.label} orbit insertion")),
                 (event, "skg:orbitedBody", f"d:{m.body}"),
                 (event, "skg:hasParticipant", m.orbiter), (event, "skg:partOfMission", m.iri),
                 (event, "skg:achievedBy", f"d:{m.country.key}"), *timing]
        self.fulfil(m, event, "skg:OrbitEvent")
        return Sentence(text, facts=facts)

    def rover_sentence(self, m: Mission) -> Sentence:
        assert m.lander and m.rover
        rover = self.labels[m.rover]
        text = f"The {m.label} lander carried {rover}, a rover that will drive across the surface."
        return Sentence(text, facts=[(m.lander, "skg:carries", m.rover), (m.rover, "a", "skg:Rover")])

    def region_sentence(self, m: Mission) -> Sentence:
        assert m.crater
        basin = next(o for p, o in self._entity_links(m.crater) if p == "skg:partOf")
        side = next(o for p, o in self._entity_links(basin) if p == "skg:partOf")
        text = (f"{self.labels[m.crater][0].upper()}{self.labels[m.crater][1:]} lies in the {self.labels[basin]}, "
                f"on the {self.labels[side]}.")
        return Sentence(text, facts=[(m.crater, "skg:partOf", basin), (basin, "skg:partOf", side),
                                     (basin, "a", "skg:ImpactBasin")])

    def _entity_links(self, iri: str) -> list[tuple[str, str]]:
        return self.q.files["data/entities.ttl"]["entities"][iri]

    def crew_sentence(self, m: Mission) -> Sentence:
        expression, timing = self.time_facts(m.iri, m.launch, exact_ok=False, choices=("day", "month", "year"))
        people = {1: "one astronaut", 2: "two astronauts", 3: "three astronauts"}[m.crew]
        text = f"{m.label} flew {people} {expression}, and the mission lasted {m.duration} days."
        facts = [(m.iri, "a", "skg:CrewedMission"), (m.iri, "a", "skg:IndependentCrewedSpaceflight"),
                 (m.iri, "skg:achievedBy", f"d:{m.country.key}"), (m.iri, "skg:crewSize", str(m.crew)),
                 (m.iri, "skg:durationDays", str(m.duration)), *timing]
        return Sentence(text, facts=facts)

    def plan_sentence(self, aid: str, k: int, m: Mission, published: datetime) -> Sentence:
        spec = m.country
        agency = self.agency(spec)
        body = in_text(self.labels[self.body(m.body)]) if m.body else None
        if m.lander:
            event_type, goal = "skg:SoftLanding", f"land {m.label} on {body}"
        elif m.orbiter:
            event_type, goal = "skg:OrbitEvent", f"put the {m.label} orbiter around {body}"
        elif m.kind == "crewed":
            event_type, goal = "skg:LaunchEvent", f"fly the crewed mission {m.label}"
        else:
            event_type, goal = "skg:LaunchEvent", f"launch the {m.label} satellite"
        target = (m.arrival or m.launch).year + self.rng.choice((-1, 0, 0, 1, 2))
        target = max(target, published.year)
        plan = f"d:plan-{aid}-{k}-{m.iri[2:]}"
        style = self.rng.random()
        facts = [(plan, "a", "skg:Plan"), (plan, "skg:plannedBy", f"d:{spec.key}"), (plan, "skg:announcedBy", agency),
                 (plan, "skg:plannedEventType", event_type), (plan, "skg:plannedObject", m.iri),
                 (plan, "skg:goal", lit(goal))]
        if m.body:
            facts.append((plan, "skg:plannedTarget", f"d:{m.body}"))
        if style < 0.5:
            expression = f"by {target}"
            facts += [(plan, "skg:latestTime", when_lit(datetime(target, 12, 31, 23, 59, 59))),
                      (plan, "skg:timePrecision", "skg:PrecisionYear")]
        elif style < 0.85:
            expression = f"in {target}"
            facts += [(plan, "skg:earliestTime", when_lit(datetime(target, 1, 1))),
                      (plan, "skg:latestTime", when_lit(datetime(target, 12, 31, 23, 59, 59))),
                      (plan, "skg:timePrecision", "skg:PrecisionYear")]
        else:
            decade = target // 10 * 10
            expression = f"in the mid-{decade}s"
            facts += [(plan, "skg:earliestTime", when_lit(datetime(decade + 4, 1, 1))),
                      (plan, "skg:latestTime", when_lit(datetime(decade + 6, 12, 31, 23, 59, 59))),
                      (plan, "skg:timePrecision", "skg:PrecisionPartOfDecade")]
        facts.append((plan, "skg:timeExpression", lit(expression)))
        m.plans.append((plan, event_type))
        text = f"{self.labels[agency]} plans to {goal} {expression}."
        return Sentence(text, modality="Planned", facts=facts)

    def expectation_sentence(self, m: Mission) -> Sentence:
        """A hope about a future landing: stated, but left out of the accepted view."""
        assert m.body and m.lander and m.arrival
        event = f"{m.iri}-landing"
        region = self.rng.choice(BODIES[m.body][2])
        side = self.entity(f"d:{region[0]}", region[1], "SurfaceRegion", ("skg:locatedOnBody", self.body(m.body)))
        text = f"Engineers expect {m.label} to reach the {region[1]} in {MONTHS[m.arrival.month - 1]} {m.arrival.year}."
        first = m.arrival.replace(day=1, hour=0, minute=0)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(seconds=1)
        facts = [(event, "a", "skg:SoftLanding"), (event, "skg:landingSite", side),
                 (event, "skg:timeExpression", lit(f"in {MONTHS[m.arrival.month - 1]} {m.arrival.year}")),
                 (event, "skg:earliestTime", when_lit(first)), (event, "skg:latestTime", when_lit(last)),
                 (event, "skg:timePrecision", "skg:PrecisionMonth")]
        return Sentence(text, modality="Expected", facts=facts)

    def cite(self, event: str, cls: str, moment: datetime, m: Mission, verb: str) -> None:
        """For some events, a cited background time, as data/background.trig gives the real ones;
        the verdict rules compare the articles' windows with it."""
        if event in self.cited or self.rng.random() >= 0.25:
            return
        self.cited.add(event)
        quote = f"{self.labels[m.iri]} {verb} at {moment:%H:%M} UTC on {human_day(moment)}."
        for p, o in (("a", f"skg:{cls}"), ("skg:achievedBy", f"d:{m.country.key}"), ("skg:time", when_lit(moment)),
                     ("skg:timePrecision", "skg:PrecisionMinute"),
                     ("skg:citation", f"<https://example.org/spacekg-synthetic/{event[2:]}>"),
                     ("skg:citationQuote", lit(quote))):
            self.q.add("data/background.trig", "background", event, p, o)

    def fulfil(self, m: Mission, event: str, event_type: str) -> None:
        """Curate the link from each earlier plan for this event to the event, as g:curation does."""
        for plan, wanted in m.plans:
            if wanted == event_type:
                self.q.add("data/background.trig", "curation", plan, "skg:fulfilledBy", event)
                self.q.add("data/background.trig", "curation", plan, "rdfs:comment",
                           lit(f"fulfilledBy {event[2:]}: {m.label} did what the plan announced."))

    # --- articles ---

    def article(self, number: int) -> None:
        rng = self.rng
        aid = self.article_id(number)
        new = [self.mission(self.cursor + i) for i in range(rng.randint(3, 7))]
        self.cursor += len(new)
        lead = new[0]
        self.mission_entities(lead)
        sentences = [Sentence(f"{lead.country.label} launches {lead.label} as its space program grows",
                              excluded="headline")]
        self.pending = 0
        for m in new:
            if self.full() and len(sentences) > 1:
                break
            self.mission_entities(m)
            m.covered = True
            group = [self.launch_sentence(m)]
            if rng.random() < 0.6:
                group.append(self.program_sentence(m))
            if m.kind == "crewed":
                group.append(self.crew_sentence(m))
            if m.lander and rng.random() < 0.85:
                group.append(self.landing_sentence(m))
                if m.rover and rng.random() < 0.7:
                    group.append(self.rover_sentence(m))
                if rng.random() < 0.4:
                    group.append(self.region_sentence(m))
            if m.orbiter and rng.random() < 0.8:
                group.append(self.orbit_sentence(m))
            for sentence in group:
                if self.full() and len(sentences) > 1:
                    break
                self.push(sentences, sentence)
        published = max((m.arrival or m.launch) for m in new) + timedelta(days=rng.randint(1, 20))
        published = published.replace(hour=0, minute=0, second=0)
        earlier = [m for m in self.missions[: new[0].index] if m.covered and m.lander and m.crater]
        if earlier and rng.random() < 0.5 and not self.full():
            self.push(sentences, self.landing_sentence(rng.choice(earlier), revisit=True))
        if rng.random() < 0.4:
            ambitions = f"The mission shows the growing ambitions of {in_text(lead.country.label)} in space."
            sentences.append(Sentence(ambitions,
                                      excluded="opinion"))
        for k in range(rng.randint(0, 3)):
            if self.full():
                break
            future = self.mission(self.cursor + rng.randint(0, 8))
            self.mission_entities(future)
            self.push(sentences, self.plan_sentence(aid, k + 1, future, published))
        future = self.mission(self.cursor + rng.randint(0, 3))
        if future.lander and rng.random() < 0.15 and not self.full():
            self.mission_entities(future)
            self.push(sentences, self.expectation_sentence(future))
        sentences.append(Sentence("Additional reporting by agencies", excluded="byline credit"))
        self.write_article(aid, sentences, published, lead)

    def push(self, sentences: list[Sentence], sentence: Sentence) -> None:
        sentences.append(sentence)
        # Sentence node (6, or 8 if excluded), provenance (3, or 4 if attributed), the facts.
        self.pending += 8 if sentence.excluded else 9 + bool(sentence.attributed) + len(sentence.facts)

    def full(self) -> bool:
        # 20: the article's record in sources.ttl, its headline and its byline.
        return self.q.count + self.pending + 20 >= self.target

    def write_article(self, aid: str, sentences: list[Sentence], published: datetime, lead: Mission) -> None:
        facts_file = f"data/facts/{aid}.trig"
        text_parts: list[str] = []
        offset = 0
        for i, s in enumerate(sentences):
            line = 2 * i + 1
            sid = f"L{line}.1"
            node = f"src:{aid}-{sid}"
            begin, end = offset, offset + len(s.text)
            offset = end + 2
            text_parts.append(s.text)
            add = self.q.add
            for p, o in (("a", "skg:Sentence"), ("skg:inDocument", f"src:{aid}"), ("skg:sentenceId", lit(sid, None)),
                         ("skg:beginIndex", str(begin)), ("skg:endIndex", str(end))):
                add(facts_file, "sources", node, p, o)
            if s.excluded:
                add(facts_file, "sources", node, "skg:excluded", "true")
                add(facts_file, "sources", node, "skg:exclusionReason", lit(s.excluded, None))
            add(facts_file, "sources", node, "skg:text", lit(s.text, None))
            self.sentences += 1
            if s.excluded:
                continue
            graph = f"g:{aid}-{sid}"
            for p, o in (("skg:statedIn", node), ("skg:modality", f"skg:{s.modality}"), ("skg:source", f"src:{aid}")):
                add(facts_file, "provenance", graph, p, o)
            if s.attributed:
                add(facts_file, "provenance", graph, "skg:attributedTo", s.attributed)
            for subject, p, o in s.facts:
                add(facts_file, graph, subject, p, o)
        text = "\n\n".join(text_parts) + "\n"
        self.texts[aid] = text
        outlet = self.outlet()
        doc = f"src:{aid}"
        month = MONTHS[published.month - 1][:3]  # not strftime's %b, which follows the locale
        for p, o in (("a", "skg:SourceDocument"),
                     ("rdfs:label", lit(f"{aid} ({self.labels[outlet]}, {month} {published.year})")),
                     ("skg:headline", lit(sentences[0].text)), ("skg:publisher", outlet),
                     ("skg:datePublished", when_lit(published)),
                     ("skg:datePublishedLatest", when_lit(published + timedelta(days=7, seconds=-1))),
                     ("skg:dateInference", lit(f"Synthetic: set a few days after the latest event the article reports "
                                               f"({lead.label} and the missions after it), within a week.")),
                     ("skg:fileName", lit(f"data/articles/{aid}.txt", None)),
                     ("skg:textSha256", lit(hashlib.sha256(text.encode("utf-8")).hexdigest(), None))):
            self.q.add("data/sources.ttl", "sources", doc, p, o)
        self.articles.append(aid)
        self.pending = 0  # now counted in self.q

    def background(self) -> None:
        """Completeness declarations, so that the ordinal rules rank the countries."""
        for key, cls, until in (("lunar-soft-landing", "LunarSoftLanding", "2020-12-31T23:59:59Z"),
                                ("lunar-far-side-soft-landing", "LunarFarSideSoftLanding", "2020-12-31T23:59:59Z"),
                                ("independent-crewed-spaceflight", "IndependentCrewedSpaceflight",
                                 "2020-12-31T23:59:59Z")):
            scope = f"d:scope-{key}"
            for p, o in (("a", "skg:CompletenessDeclaration"), ("skg:coversType", f"skg:{cls}"),
                         ("skg:completeUntil", f'"{until}"^^xsd:dateTime'),
                         ("skg:citation", f"<https://example.org/spacekg-synthetic/{key}>"),
                         ("skg:citationQuote", lit(f"Synthetic declaration: every country's first {cls} up to 2020 "
                                                   "is in the data."))):
                self.q.add("data/background.trig", "background", scope, p, o)

    def run(self) -> None:
        self.texts: dict[str, str] = {}
        self.cited: set[str] = set()
        self.pending = 0
        self.background()
        number = 0
        while not self.full():
            self.article(number)
            number += 1

    # --- output ---

    def write(self, out: Path) -> None:
        data = out / "data"
        (data / "articles").mkdir(parents=True)
        (data / "facts").mkdir()
        for aid, text in self.texts.items():
            (data / "articles" / f"{aid}.txt").write_bytes(text.encode("utf-8"))
        for path, graphs in self.q.files.items():
            header = PREFIX_LINES + "\n" + {
                "data/entities.ttl": "# Synthetic named entities (benchmarks/generate.py): type, label, links.\n",
                "data/sources.ttl": "# Synthetic source articles: outlet, dates, file and text hash.\n",
                "data/background.trig": "# Completeness declarations and curated plan links for the synthetic data.\n",
            }.get(path, f"# Facts of synthetic article {Path(path).stem}: one named graph per sentence, "
                        "provenance in g:provenance.\n")
            parts = [header]
            if path.endswith(".ttl"):
                parts.append("\n" + turtle_block(next(iter(graphs.values())), ""))
            else:
                article = Path(path).stem
                texts = {f"g:{article}-L{2 * i + 1}.1": t for i, t in
                         enumerate(self.texts.get(article, "").split("\n\n"))}
                for graph, subjects in graphs.items():
                    name = graph if graph.startswith("g:") else f"g:{graph}"
                    if name in texts:
                        parts.append(f"\n# {name[len(f'g:{article}-'):]}: {texts[name].strip()}\n")
                    else:
                        parts.append("\n")
                    parts.append(f"{name} {{\n{turtle_block(subjects, '    ')}}}\n")
            (out / path).write_bytes("".join(parts).encode("utf-8"))


def count_quads(root: Path) -> tuple[int, int]:
    """Distinct asserted quads of data/ and of ontology/, parsed as spacekg's loader reads them."""
    import pyoxigraph as ox

    def load(paths: list[tuple[Path, str | None]]) -> int:
        store = ox.Store()
        for path, graph in paths:
            fmt = ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.TRIG
            target = ox.NamedNode(GRAPH + graph) if graph else None
            store.bulk_load(path=str(path), format=fmt, to_graph=target) if target else \
                store.bulk_load(path=str(path), format=fmt)
        return len(store)

    ontology = [(root / "ontology" / "spacekg.ttl", "ontology"), (root / "ontology" / "alignments.ttl", "alignments")]
    data = [(p, p.stem) for p in sorted((root / "data").glob("*.ttl"))]
    data += [(p, None) for p in sorted((root / "data").glob("*.trig"))]
    data += [(p, None) for p in sorted((root / "data" / "facts").glob("*.trig"))]
    return load(data), load([(p, g) for p, g in ontology if p.exists()])


def check_segmentation(root: Path, texts: dict[str, str]) -> None:
    """Every article must split, with spacekg's own segmenter, into exactly the sentences recorded."""
    from spacekg.sources.segment import split_sentences

    for aid, text in texts.items():
        expected = [(f"L{2 * i + 1}.1", t) for i, t in enumerate(text.rstrip("\n").split("\n\n"))]
        found = [(s.sentence_id, s.text) for s in split_sentences(text)]
        if found != expected:
            raise SystemExit(f"{aid}: the segmenter splits the generated text differently: {found[:3]}...")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, required=True, help="asserted triples wanted in data/ (about)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="project directory to create")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = parser.parse_args()
    if args.triples < 100:
        parser.error("--triples must be at least 100")
    if args.out.exists():
        if not args.force:
            parser.error(f"{args.out} exists (pass --force to replace it)")
        shutil.rmtree(args.out)
    gen = Generator(args.triples, args.seed)
    gen.run()
    args.out.mkdir(parents=True)
    # The real ontology, rules and stored queries, so that every spacekg command works unchanged.
    shutil.copytree(ROOT / "ontology", args.out / "ontology")
    shutil.copytree(ROOT / "queries", args.out / "queries")
    gen.write(args.out)
    check_segmentation(args.out, gen.texts)
    data, ontology = count_quads(args.out)
    manifest = {
        "generator": "benchmarks/generate.py",
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "seed": args.seed, "target_triples": args.triples, "data_triples": data, "ontology_triples": ontology,
        "articles": len(gen.articles), "sentences": gen.sentences, "missions": sum(m.covered for m in gen.missions),
    }
    (args.out / "generated.json").write_text(json.dumps(manifest, indent=1) + "\n")
    off = 100 * (data - args.triples) / args.triples
    print(f"{args.out}: {data:,} asserted triples in data/ (target {args.triples:,}, {off:+.1f}%), "
          f"plus {ontology:,} in ontology/; {len(gen.articles):,} articles, {gen.sentences:,} sentences, "
          f"{manifest['missions']:,} missions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
