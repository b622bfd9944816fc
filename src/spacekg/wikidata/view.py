"""spacekg's facts in Wikidata's own terms, shaped as the Wikidata Query Service holds them.

Every mapped fact becomes a statement node (``p:``/``ps:``, qualifiers under ``pq:``, a
``wikibase:rank``, references under ``prov:wasDerivedFrom`` with ``pr:P854`` giving the source
article or the cited page) and, when it has the best rank of its property on its item, a ``wdt:``
truthy triple. So the view loads next to a Wikidata extract and WDQS queries run on it unchanged.

A fact is mapped only when its subject (and object, when that is an entity) has a verified Q-id
and its property has a Wikidata form: a ``skos:exactMatch wd:P…`` alignment of the property or of a
property it specialises, or one of the mapping rules below, each of which says why Wikidata puts
the fact where it does (a launch time on the spacecraft, not on a launch event). Whatever has no
form is counted as left out.

Ranks follow the graph: a plan's target that was met late or superseded is deprecated; where one
property of one item has several values, the value cited from the background (the precise,
sourced one) is preferred over the articles' and the others stay normal, as Wikidata ranks a
precise date over a rounded one.
"""

from __future__ import annotations

import builtins
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import BASE, BD, GRAPH, PROV, RDF, RDFS, SKG, SKOS, WD, WD_SCHEMA, WDT, WIKIBASE, XSD
from ..rdf import Subject, Term
from ..store.engine import RULES_GRAPH, KnowledgeGraph
from .labels import answer_label_service
from .links import research_table

P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PSV = "http://www.wikidata.org/prop/statement/value/"
PQ = "http://www.wikidata.org/prop/qualifier/"
PR = "http://www.wikidata.org/prop/reference/"
VIEW_PREFIXES = {"wd": WD, "wdt": WDT, "p": P, "ps": PS, "psv": PSV, "pq": PQ, "pr": PR, "wikibase": WIKIBASE,
                 "bd": BD, "prov": PROV, "schema": WD_SCHEMA, "rdfs": RDFS, "skos": SKOS, "xsd": XSD}
_STATEMENT = BASE + "statement/"
_REFERENCE = BASE + "reference/"
_VALUE = BASE + "value/"

PREFERRED, NORMAL, DEPRECATED = "PreferredRank", "NormalRank", "DeprecatedRank"
# Wikidata's time precisions: 9 year, 10 month, 11 day, 12 hour, 13 minute, 14 second.
_PRECISION = {"PrecisionSecond": 14, "PrecisionMinute": 13, "PrecisionHour": 12, "PrecisionDay": 11,
              "PrecisionWeek": 11, "PrecisionPartOfMonth": 10, "PrecisionMonth": 10, "PrecisionPartOfYear": 9,
              "PrecisionYear": 9, "PrecisionPartOfDecade": 8, "PrecisionDecade": 8}
# Pairs that Wikidata keeps in both directions (inverse properties; spouse is symmetric).
_INVERSE = {"P361": "P527", "P527": "P361", "P156": "P155", "P155": "P156", "P26": "P26"}
# The unit of P2047 durations in days: Wikidata's item "day" (data/wikidata/links.csv, unit:day).
DAY_UNIT = WD + "Q573"
# Properties Wikidata uses as qualifiers of another statement, never as statements of their own.
_QUALIFIERS = {"P1545", "P1319", "P1326"}
_GRAPH_FILTER = f'FILTER (?graph = <{GRAPH}background> || STRSTARTS(STR(?graph), "{GRAPH}a"))'

# Each rule returns ?item ?property ?value ?graph, optionally ?time ?earliest ?latest ?precision
# (a time value, its window and precision), ?plan (a plan's target) and the source triple ?s ?p ?o.
_RULES: dict[str, str] = {
    # A property aligned to a Wikidata property, directly or through a property it specialises.
    "aligned": f"""
SELECT DISTINCT ?item ?property ?value ?graph ?s ?p ?o WHERE {{
  GRAPH ?graph {{ ?s ?p ?o }} {_GRAPH_FILTER}
  ?p rdfs:subPropertyOf* ?mapped . ?mapped skos:exactMatch ?wp .
  FILTER (STRSTARTS(STR(?wp), "{WD}P") && ?wp NOT IN ({", ".join("wd:" + p for p in sorted(_QUALIFIERS))}))
  ?s skg:wikidata ?item .
  OPTIONAL {{ ?o skg:wikidata ?objectItem }}
  FILTER (BOUND(?objectItem) || (isLiteral(?o) && DATATYPE(?o) != xsd:dateTime))
  BIND (COALESCE(?objectItem, ?o) AS ?value)
  BIND (STRAFTER(STR(?wp), "{WD}") AS ?property)
}}""",
    # Wikidata dates a launch on the spacecraft launched (P619), not on a launch event; a crewed
    # mission is its own launch. A payload without an item of its own stands for the mission
    # whose landing landed it (Wikidata has one item for Chang'e 4 and its lander).
    "launch-time": f"""
SELECT DISTINCT ?item ?property ?graph ?time ?earliest ?latest ?precision ?s ?p ?o WHERE {{
  {{ ?event a skg:LaunchEvent ; skg:payload ?craft . }} UNION {{ ?event a skg:CrewedMission . BIND (?event AS ?craft) }}
  {{ ?craft skg:wikidata ?item }} UNION {{
    FILTER NOT EXISTS {{ ?craft skg:wikidata ?any }}
    ?landing skg:landedSpacecraft ?craft ; skg:partOfMission ?mission . ?mission skg:wikidata ?item }}
  {{ GRAPH ?graph {{ ?event skg:time ?time }} BIND (skg:time AS ?p) BIND (?time AS ?o) }}
  UNION {{ GRAPH ?graph {{ ?event skg:earliestTime ?earliest ; skg:latestTime ?latest }} BIND (skg:latestTime AS ?p) BIND (?latest AS ?o) }}
  {_GRAPH_FILTER}
  OPTIONAL {{ GRAPH ?graph {{ ?event skg:timePrecision ?precision }} }}
  BIND (?event AS ?s) BIND ("P619" AS ?property)
}}""",
    # A landing is dated on the mission (P620), or on the landed craft when no mission is linked.
    "landing-time": f"""
SELECT DISTINCT ?item ?property ?graph ?time ?earliest ?latest ?precision ?s ?p ?o WHERE {{
  ?event a skg:LandingEvent .
  {{ ?event skg:partOfMission ?mission . ?mission skg:wikidata ?item }}
  UNION {{ FILTER NOT EXISTS {{ ?event skg:partOfMission/skg:wikidata ?any }} ?event skg:landedSpacecraft ?craft . ?craft skg:wikidata ?item }}
  {{ GRAPH ?graph {{ ?event skg:time ?time }} BIND (skg:time AS ?p) BIND (?time AS ?o) }}
  UNION {{ GRAPH ?graph {{ ?event skg:earliestTime ?earliest ; skg:latestTime ?latest }} BIND (skg:latestTime AS ?p) BIND (?latest AS ?o) }}
  {_GRAPH_FILTER}
  OPTIONAL {{ GRAPH ?graph {{ ?event skg:timePrecision ?precision }} }}
  BIND (?event AS ?s) BIND ("P620" AS ?property)
}}""",
    # The launch site (P448) and vehicle (P375) belong to the spacecraft launched, as P619 does.
    "launch-details": f"""
SELECT DISTINCT ?item ?property ?value ?graph ?s ?p ?o WHERE {{
  VALUES (?p ?property) {{ (skg:launchSite "P448") (skg:launchVehicle "P375") }}
  GRAPH ?graph {{ ?s ?p ?o }} {_GRAPH_FILTER}
  ?s skg:payload ?craft . ?o skg:wikidata ?value .
  {{ ?craft skg:wikidata ?item }} UNION {{
    FILTER NOT EXISTS {{ ?craft skg:wikidata ?any }}
    ?landing skg:landedSpacecraft ?craft ; skg:partOfMission ?mission . ?mission skg:wikidata ?item }}
}}""",
    # A crewed mission's docking target is its destination point (P1444), as Wikidata records
    # the station a Shenzhou flight went to.
    "docking-destination": f"""
SELECT DISTINCT ?item ?property ?value ?graph ?s ?p ?o WHERE {{
  BIND (skg:dockedWith AS ?p)
  GRAPH ?graph {{ ?s ?p ?o }} {_GRAPH_FILTER}
  ?s skg:partOfMission ?mission . ?mission skg:wikidata ?item . ?o skg:wikidata ?value .
  BIND ("P1444" AS ?property)
}}""",
    # A value one source gives for a ranked quantity (skg:ValueStatement), with the rank the graph
    # gives it among the values for that quantity. A cited value is stated in the background; an
    # article's value is its claim, which the rules make a value statement naming its sentence graph.
    "ranked-value": f"""
SELECT DISTINCT ?item ?property ?value ?graph ?rank ?s ?p ?o WHERE {{
  {{ GRAPH ?graph {{ ?s skg:statementSubject ?subject ; skg:statementProperty ?p ; skg:statementValue ?o }} }}
  UNION {{ GRAPH <{RULES_GRAPH}> {{ ?s a skg:ValueStatement ; skg:statementSubject ?subject ;
                                            skg:statementProperty ?p ; skg:statementValue ?o ; skg:valueSource ?graph }} }}
  {_GRAPH_FILTER}
  ?subject skg:wikidata ?item .
  OPTIONAL {{ ?p skos:exactMatch ?wp . FILTER (STRSTARTS(STR(?wp), "{WD}P") && ?wp NOT IN ({", ".join("wd:" + p for p in sorted(_QUALIFIERS))})) }}
  BIND (IF(?p = skg:durationDays, "P2047", STRAFTER(STR(?wp), "{WD}")) AS ?property)
  FILTER (BOUND(?property) && ?property != "")
  BIND (IF(?p = skg:durationDays, STRDT(STR(?o), xsd:decimal), ?o) AS ?value)
  OPTIONAL {{ ?s skg:rank ?rank }}
}}""",
    # A docking is dated on the crewed mission that docked (P622).
    "docking-time": f"""
SELECT DISTINCT ?item ?property ?graph ?time ?precision ?s ?p ?o WHERE {{
  ?s a skg:Docking ; skg:partOfMission ?mission . ?mission skg:wikidata ?item .
  BIND (skg:time AS ?p)
  GRAPH ?graph {{ ?s ?p ?time }} {_GRAPH_FILTER}
  OPTIONAL {{ GRAPH ?graph {{ ?s skg:timePrecision ?precision }} }}
  BIND (?time AS ?o) BIND ("P622" AS ?property)
}}""",
    # The country an event was achieved by is the country of origin (P495) of the craft or
    # mission it concerns, resolved as for its dates.
    "country-of-origin": f"""
SELECT DISTINCT ?item ?property ?value ?graph ?s ?p ?o WHERE {{
  BIND (skg:achievedBy AS ?p)
  GRAPH ?graph {{ ?s ?p ?o }} {_GRAPH_FILTER}
  ?o a skg:Country ; skg:wikidata ?value .
  {{ ?s skg:wikidata ?item }}
  UNION {{ ?s skg:payload ?craft . ?craft skg:wikidata ?item }}
  UNION {{ ?s skg:payload ?craft . FILTER NOT EXISTS {{ ?craft skg:wikidata ?any }}
           ?landing skg:landedSpacecraft ?craft ; skg:partOfMission ?mission . ?mission skg:wikidata ?item }}
  UNION {{ ?s a skg:LandingEvent . {{ ?s skg:partOfMission ?mission . ?mission skg:wikidata ?item }}
           UNION {{ FILTER NOT EXISTS {{ ?s skg:partOfMission/skg:wikidata ?any }} ?s skg:landedSpacecraft ?craft . ?craft skg:wikidata ?item }} }}
  BIND ("P495" AS ?property)
}}""",
    # A series ordinal is a qualifier (P1545) of the statement naming the series (P179).
    "series-ordinal": f"""
SELECT DISTINCT ?item ?property ?value ?ordinal ?graph ?s ?p ?o WHERE {{
  BIND (skg:seriesOrdinal AS ?p)
  GRAPH ?graph {{ ?s ?p ?o }} {_GRAPH_FILTER}
  ?s skg:wikidata ?item ; skg:partOfProgram ?series . ?series skg:wikidata ?value .
  BIND (?o AS ?ordinal) BIND ("P179" AS ?property)
}}""",
    # Wikidata records the programme a mission belongs to as part of (P361), the broader property:
    # every Chang'e mission is part of the Chinese Lunar Exploration Program there.
    "program": f"""
SELECT DISTINCT ?item ?property ?value ?graph ?s ?p ?o WHERE {{
  BIND (skg:partOfProgram AS ?p)
  GRAPH ?graph {{ ?s ?p ?o }} {_GRAPH_FILTER}
  ?s skg:wikidata ?item . ?o skg:wikidata ?value .
  BIND ("P361" AS ?property)
}}""",
    # A craft that a mission's landing set down is part of that mission (P361).
    "landed-part": f"""
SELECT DISTINCT ?item ?property ?value ?graph ?s ?p ?o WHERE {{
  BIND (skg:landedSpacecraft AS ?p)
  GRAPH ?graph {{ ?s ?p ?o }} {_GRAPH_FILTER}
  ?s skg:partOfMission ?mission . ?mission skg:wikidata ?value . ?o skg:wikidata ?item .
  FILTER (?item != ?value)
  BIND ("P361" AS ?property)
}}""",
    # Durations are quantities in days (P2047); skg:durationDays is a close match (a count of
    # days, not a quantity with a unit), so the unit is added here.
    "duration": f"""
SELECT DISTINCT ?item ?property ?value ?graph ?s ?p ?o WHERE {{
  BIND (skg:durationDays AS ?p)
  GRAPH ?graph {{ ?s ?p ?o }} {_GRAPH_FILTER}
  ?s skg:wikidata ?item .
  BIND (STRDT(STR(?o), xsd:decimal) AS ?value) BIND ("P2047" AS ?property)
}}""",
    # A landing on the Moon is a significant event (P793) of the mission: a "Moon landing", the
    # Wikidata class that spacekg's lunar landings are narrower than, at its point in time.
    "significant-event": f"""
SELECT DISTINCT ?item ?property ?value ?graph ?time ?earliest ?latest ?precision ?s ?p ?o WHERE {{
  ?event a ?class . ?class rdfs:subClassOf* skg:LandingEvent ; skos:broadMatch ?value .
  FILTER (STRSTARTS(STR(?value), "{WD}Q"))
  {{ ?event skg:partOfMission ?mission . ?mission skg:wikidata ?item }}
  UNION {{ FILTER NOT EXISTS {{ ?event skg:partOfMission/skg:wikidata ?any }} ?event skg:landedSpacecraft ?craft . ?craft skg:wikidata ?item }}
  # Its point in time, or the window sources give when none gives its time (Luna 21: a day).
  {{ GRAPH ?graph {{ ?event skg:time ?time }} BIND (skg:time AS ?p) BIND (?time AS ?o) }}
  UNION {{ GRAPH ?graph {{ ?event skg:earliestTime ?earliest ; skg:latestTime ?latest }}
          FILTER NOT EXISTS {{ GRAPH ?anywhere {{ ?event skg:time ?exact }} }}
          BIND (skg:latestTime AS ?p) BIND (?latest AS ?o) }}
  {_GRAPH_FILTER}
  OPTIONAL {{ GRAPH ?graph {{ ?event skg:timePrecision ?precision }} }}
  BIND (?event AS ?s) BIND ("P793" AS ?property)
}}""",
    # A plan to launch or land a linked object has Wikidata's form of a dated statement of that
    # object: its target window as the value and the latest (P1326) / earliest (P1319) dates.
    "plan-target": f"""
SELECT DISTINCT ?item ?property ?graph ?plan ?earliest ?latest ?precision ?s ?p ?o WHERE {{
  GRAPH ?graph {{ ?plan skg:plannedObject ?object ; skg:latestTime ?latest }} {_GRAPH_FILTER}
  ?object skg:wikidata ?item .
  ?plan skg:plannedEventType ?type .
  {{ ?type rdfs:subClassOf* skg:LaunchEvent BIND ("P619" AS ?property) }}
  UNION {{ ?type rdfs:subClassOf* skg:LandingEvent BIND ("P620" AS ?property) }}
  OPTIONAL {{ GRAPH ?graph {{ ?plan skg:earliestTime ?earliest }} }}
  OPTIONAL {{ GRAPH ?graph {{ ?plan skg:timePrecision ?precision }} }}
  BIND (?plan AS ?s) BIND (skg:latestTime AS ?p) BIND (?latest AS ?o)
}}""",
}

# An entity is an instance (P31) of the Wikidata class that its nearest mapped class (its own,
# or the closest superclass with an exact match) is the same as; broader classes are left implied.
_TYPES = f"""
SELECT DISTINCT ?item ?class ?graph WHERE {{
  GRAPH ?graph {{ ?entity a ?type }} FILTER (?graph = <{GRAPH}entities>)
  ?entity <{SKG}wikidata> ?item .
  ?type rdfs:subClassOf* ?mapped . ?mapped skos:exactMatch ?class .
  FILTER (STRSTARTS(STR(?class), "{WD}Q"))
  FILTER NOT EXISTS {{
    ?type rdfs:subClassOf* ?nearer . ?nearer rdfs:subClassOf+ ?mapped ; skos:exactMatch ?other .
    FILTER (?nearer != ?mapped && STRSTARTS(STR(?other), "{WD}Q"))
  }}
}}"""

_LABELS = f"""
SELECT DISTINCT ?item ?label ?alt WHERE {{
  GRAPH <{GRAPH}entities> {{ ?entity <{SKG}wikidata> ?item ; rdfs:label ?label OPTIONAL {{ ?entity skos:altLabel ?alt }} }}
  FILTER (isIRI(?item))
}}"""

_PLAN_STATUS = f"""SELECT ?plan ?status WHERE {{ ?plan <{SKG}planStatus> ?status }}"""

_ASSERTED_FACTS = f"""
SELECT ?s ?p ?o ?graph WHERE {{
  GRAPH ?graph {{ ?s ?p ?o }}
  FILTER (STRSTARTS(STR(?p), "{SKG}") && ?p NOT IN (<{SKG}timePrecision>, <{SKG}timeExpression>, <{SKG}wikidata>, <{SKG}wikidataEvidence>))
  FILTER (?graph = <{GRAPH}background> || EXISTS {{ ?graph <{SKG}statedIn> ?sentence }})
}}"""


@dataclass(frozen=True)
class Statement:
    """One Wikidata-shaped statement and the graph facts behind it."""

    item: str
    property: str
    value: ox.NamedNode | ox.Literal
    precision: int | None = None
    qualifiers: tuple[tuple[str, ox.NamedNode | ox.Literal], ...] = ()
    rank: str = NORMAL
    sources: tuple[str, ...] = ()
    cited: bool = False
    key: str = field(default="", compare=False)
    # The precision of a significant event's point in time (its P585 qualifier): a landing known
    # to the year is in that year, not on its 1 January.
    point_precision: int | None = None

    @builtins.property  # the field ``property`` hides the builtin in this class's body
    def node(self) -> ox.NamedNode:
        return ox.NamedNode(_STATEMENT + self.key)


@dataclass(frozen=True)
class WikidataView:
    """The Wikidata-shaped quads, their statements, and how many asserted facts had no Wikidata form."""

    quads: tuple[ox.Quad, ...]
    statements: tuple[Statement, ...]
    mapped: int
    left_out: int


def wikidata_view(kg: KnowledgeGraph, project_root: Path | None = None) -> WikidataView:
    """Translate the knowledge graph's mapped facts into Wikidata's vocabulary. ``project_root``
    adds the English labels of the classes and properties used (``data/wikidata/*.csv``)."""
    statuses = {row[0].value: row[1].value.removeprefix(SKG) for row in kg.query(_PLAN_STATUS).rows}  # type: ignore[union-attr]  # no OPTIONAL: both are bound
    drafts: dict[tuple, dict] = {}
    used: set[tuple[str, str, str, str]] = set()
    for query in _RULES.values():
        result = kg.query(query)
        names = result.variables
        for cells in result.rows:
            row = dict(zip(names, cells))
            if not _usable(row):
                continue
            draft = _draft(row, statuses)
            if draft is None:
                continue
            entry = drafts.setdefault(draft["identity"], {**draft, "sources": set(), "graphs": set()})
            entry["graph_rank"] = entry["graph_rank"] or draft["graph_rank"]
            entry["deprecated"] = entry["deprecated"] or draft["deprecated"]
            graph, source = row["graph"], row["s"]
            assert graph is not None and source is not None  # every rule binds them
            entry["graphs"].add((graph.value, source.value))
            used.add((str(source), str(row["p"]), str(row["o"]), str(graph)))
    for item, cls, graph in kg.query(_TYPES).rows:
        assert item is not None and graph is not None  # no OPTIONAL: all are bound
        if not _is_item(item):
            continue
        identity = (item.value, "P31", str(cls), None, ())
        entry = drafts.setdefault(identity, {"identity": identity, "item": item.value, "property": "P31",
                                             "value": cls, "precision": None, "qualifiers": (), "deprecated": False,
                                             "point_precision": None,
                                             "graph_rank": None,
                                             "sources": set(), "graphs": set()})
        entry["graphs"].add((graph.value, item.value))
    statements = _ranked([_finish(kg, entry) for entry in drafts.values()])
    statements += _inverses(statements)
    statements.sort(key=lambda s: (s.item, s.property, s.key))
    quads = _quads(kg, statements, project_root)
    total = {tuple(str(t) for t in row) for row in kg.query(_ASSERTED_FACTS).rows}
    mapped = sum(1 for s in statements if s.property != "P31")
    return WikidataView(tuple(sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))),
                        tuple(statements), mapped, len(total - used))


_ITEM = re.compile(re.escape(WD) + r"Q[1-9][0-9]*")


def _is_item(term: Term | None) -> bool:
    return isinstance(term, ox.NamedNode) and _ITEM.fullmatch(term.value) is not None


def _usable(row: dict) -> bool:
    """Whether a rule's row names Wikidata items only: a link (``skg:wikidata``) that is a literal,
    another site's IRI or not a Q-id is malformed (``spacekg link --check`` names it) and maps
    nothing. A literal value is the fact's own object (a duration's amount, a string)."""
    value, fact = row.get("value"), row.get("o")
    if not _is_item(row["item"]) or (isinstance(value, ox.NamedNode) and not _is_item(value)):
        return False
    return not (isinstance(value, ox.Literal) and (not isinstance(fact, ox.Literal) or value.value != fact.value))


def _draft(row: dict, statuses: dict[str, str]) -> dict | None:
    """One rule's answer row as a statement draft, or None when it has no usable value."""
    prop = row["property"].value
    qualifiers: list[tuple[str, ox.NamedNode | ox.Literal]] = []
    precision = _PRECISION.get(row["precision"].value.removeprefix(SKG)) if row.get("precision") else None
    deprecated = False
    value = row.get("value")
    earliest, latest, time = row.get("earliest"), row.get("latest"), row.get("time")
    # An exact time, or a window that ends at ``latest`` and may start at ``earliest``.
    window: tuple[datetime | None, datetime] | None = None
    if time is not None:
        moment: datetime | None = _parse(time.value)
    elif latest is not None:
        start, end = _parse(earliest.value) if earliest is not None else None, _parse(latest.value)
        window = (start, end)
        moment = start + (end - start) / 2 if start is not None else end
    else:
        moment = None
    if moment is not None:
        precision = stated = precision or (14 if window is None else 11)
        if window is not None and window[0] is not None:
            # The value is one Wikidata can state of the whole window: "this week" across 21 to 27
            # May is May 2018, not the day in its middle.
            while precision > 8 and _truncate(window[0], precision) != _truncate(window[1], precision):
                precision -= 1
            if _truncate(window[0], precision) != _truncate(window[1], precision):
                return None  # no decade holds it, and a coarser precision's years are read two ways
            moment = window[0]
        stamp = _truncate(moment, precision)
        if prop == "P793":
            qualifiers.append(("P585", stamp))
        else:
            value = stamp
        # A window other than the value's period keeps its bounds as earliest/latest dates.
        if window is not None:
            start, end = window
            if precision < stated or not (
                    start is not None and _truncate(start, precision) == stamp == _truncate(end, precision)):
                if start is not None:
                    qualifiers.append(("P1319", _literal_time(start)))
                qualifiers.append(("P1326", _literal_time(end)))
        if row.get("plan") is not None:
            deprecated = statuses.get(row["plan"].value) in ("MetLate", "Superseded", "Overdue")
    if value is None:
        return None
    if prop == "P2047":
        qualifiers.append(("unit", ox.NamedNode(DAY_UNIT)))
    if row.get("ordinal") is not None:
        qualifiers.append(("P1545", ox.Literal(row["ordinal"].value)))
    graph_rank = row["rank"].value.removeprefix(SKG) if row.get("rank") is not None else None
    identity = (row["item"].value, prop, str(value), precision if prop != "P793" else None, tuple(qualifiers))
    return {"identity": identity, "item": row["item"].value, "property": prop, "value": value,
            "precision": precision if prop != "P793" else None, "qualifiers": tuple(qualifiers),
            "point_precision": precision if prop == "P793" else None,
            "deprecated": deprecated or graph_rank == DEPRECATED, "graph_rank": graph_rank}


def _finish(kg: KnowledgeGraph, entry: dict) -> dict:
    sources: set[str] = set()
    for graph, subject in entry["graphs"]:
        sources.update(_sources(kg, graph, subject))
    entry["sources"] = tuple(sorted(sources))
    entry["cited"] = any(graph == f"{GRAPH}background" for graph, _ in entry["graphs"])
    return entry


def _ranked(entries: list[dict]) -> list[Statement]:
    """The graph's ranks where it ranks the values (skg:rank); otherwise deprecate unmet plan
    targets and prefer the cited value where one item's property has several."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for entry in entries:
        groups[(entry["item"], entry["property"])].append(entry)
    out = []
    for group in groups.values():
        live = [e for e in group if not e["deprecated"]]
        ranked_by_graph = any(e["graph_rank"] for e in group)
        contested = len(live) > 1 and any(e["cited"] for e in live) and not all(e["cited"] for e in live)
        for e in group:
            if e["deprecated"]:
                rank = DEPRECATED
            elif ranked_by_graph:
                rank = e["graph_rank"] or NORMAL
            else:
                rank = PREFERRED if contested and e["cited"] else NORMAL
            key = hashlib.sha256(repr(e["identity"]).encode()).hexdigest()[:20]
            out.append(Statement(e["item"], e["property"], e["value"], e["precision"], e["qualifiers"], rank,
                                 e["sources"], e["cited"], key, e["point_precision"]))
    return out


def best(statements: list[Statement] | tuple[Statement, ...]) -> list[Statement]:
    """The statements WDQS gives as ``wdt:`` triples: for each item and property, those of the best
    rank (preferred, else normal; never deprecated)."""
    order = {PREFERRED: 2, NORMAL: 1, DEPRECATED: 0}
    top: dict[tuple[str, str], int] = {}
    for s in statements:
        top[(s.item, s.property)] = max(top.get((s.item, s.property), 0), order[s.rank])
    return [s for s in statements if order[s.rank] and order[s.rank] == top[(s.item, s.property)]]


def _inverses(statements: list[Statement]) -> list[Statement]:
    """The other direction of each statement whose property Wikidata keeps both ways."""
    have = {(s.item, s.property, str(s.value)) for s in statements}
    out = []
    for s in statements:
        inverse = _INVERSE.get(s.property)
        if inverse is None or not isinstance(s.value, ox.NamedNode) or s.rank == DEPRECATED:
            continue
        if (s.value.value, inverse, str(ox.NamedNode(s.item))) in have:
            continue
        key = hashlib.sha256(f"inverse|{s.key}".encode()).hexdigest()[:20]
        out.append(Statement(s.value.value, inverse, ox.NamedNode(s.item), None, (), s.rank, s.sources, s.cited, key))
    return out


def _quads(kg: KnowledgeGraph, statements: list[Statement], project_root: Path | None) -> set[ox.Quad]:
    default = ox.DefaultGraph()
    out: set[ox.Quad] = set()

    def add(s: Subject, p: str, o: Term) -> None:
        out.add(ox.Quad(s, ox.NamedNode(p), o, default))

    truthy = set(best(statements))
    for s in statements:
        item = ox.NamedNode(s.item)
        node = s.node
        add(item, P + s.property, node)
        add(node, RDF_TYPE, ox.NamedNode(WIKIBASE + "Statement"))
        add(node, PS + s.property, s.value)
        add(node, WIKIBASE + "rank", ox.NamedNode(WIKIBASE + s.rank))
        if s in truthy:
            add(item, WDT + s.property, s.value)
            add(node, RDF_TYPE, ox.NamedNode(WIKIBASE + "BestRank"))
        if s.precision is not None:
            value_node = ox.NamedNode(_VALUE + hashlib.sha256(f"{s.value}|{s.precision}".encode()).hexdigest()[:20])
            add(node, PSV + s.property, value_node)
            add(value_node, RDF_TYPE, ox.NamedNode(WIKIBASE + "TimeValue"))
            add(value_node, WIKIBASE + "timeValue", s.value)
            add(value_node, WIKIBASE + "timePrecision", ox.Literal(str(s.precision), datatype=ox.NamedNode(XSD + "integer")))
        for qualifier, value in s.qualifiers:
            if qualifier == "unit":
                value_node = ox.NamedNode(_VALUE + hashlib.sha256(f"{s.value}|{value}".encode()).hexdigest()[:20])
                add(node, PSV + s.property, value_node)
                add(value_node, RDF_TYPE, ox.NamedNode(WIKIBASE + "QuantityValue"))
                add(value_node, WIKIBASE + "quantityAmount", s.value)
                add(value_node, WIKIBASE + "quantityUnit", value)
            else:
                add(node, PQ + qualifier, value)
        for source in s.sources:
            reference = ox.NamedNode(_REFERENCE + hashlib.sha256(source.encode()).hexdigest()[:20])
            add(node, PROV + "wasDerivedFrom", reference)
            add(reference, RDF_TYPE, ox.NamedNode(WIKIBASE + "Reference"))
            add(reference, PR + "P854", ox.Literal(source, datatype=ox.NamedNode(XSD + "anyURI")))
    used = {s.property for s in statements} | {q for s in statements for q, _ in s.qualifiers if q != "unit"} | {"P854"}
    for prop in used:
        # The property entity, as WDQS describes it, so that queries can go from p: to ps: and wd:.
        entity = ox.NamedNode(WD + prop)
        add(entity, RDF_TYPE, ox.NamedNode(WIKIBASE + "Property"))
        for link, namespace in (("directClaim", WDT), ("claim", P), ("statementProperty", PS),
                                ("statementValue", PSV), ("qualifier", PQ), ("reference", PR)):
            add(entity, WIKIBASE + link, ox.NamedNode(namespace + prop))
    for wikidata_item, label, alt in kg.query(_LABELS).rows:
        assert isinstance(wikidata_item, ox.NamedNode) and label is not None  # the query binds both, ?item to an IRI
        if not _is_item(wikidata_item):
            continue
        add(wikidata_item, RDFS + "label", label)
        if alt is not None:
            add(wikidata_item, SKOS + "altLabel", alt)
    if project_root is not None:
        for iri, text in _vocabulary_labels(project_root).items():
            add(ox.NamedNode(iri), RDFS + "label", ox.Literal(text, language="en"))
    return out


RDF_TYPE = RDF + "type"


def _vocabulary_labels(project_root: Path) -> dict[str, str]:
    """English labels of the verified Wikidata classes and properties (data/wikidata/*.csv)."""
    labels = {}
    for name in ("links.csv", "properties.csv"):
        for row in research_table(project_root, name):
            if row["status"] == "verified" and row["qid"] and (name == "properties.csv" or ":" in row["key"]):
                labels[WD + row["qid"]] = row["label"]
    return labels


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def _truncate(moment: datetime, precision: int) -> ox.Literal:
    """The moment as Wikidata writes a time of that precision: finer fields set to their start."""
    if precision <= 9:
        moment = moment.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
        if precision == 8:
            moment = moment.replace(year=moment.year - moment.year % 10)
    elif precision == 10:
        moment = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    elif precision == 11:
        moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    elif precision == 12:
        moment = moment.replace(minute=0, second=0, microsecond=0)
    elif precision == 13:
        moment = moment.replace(second=0, microsecond=0)
    return _literal_time(moment)


def _literal_time(moment: datetime) -> ox.Literal:
    moment = moment.astimezone(timezone.utc).replace(microsecond=0)
    return ox.Literal(moment.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=ox.NamedNode(XSD + "dateTime"))


def _sources(kg: KnowledgeGraph, graph: str, subject: str) -> list[str]:
    """Where a fact about ``subject`` in ``graph`` comes from: the article the sentence graph was
    extracted from, or the pages the background cites for that subject."""
    rows = kg.query(f"""SELECT DISTINCT ?source WHERE {{
        {{ <{graph}> <{SKG}source> ?source }}
        UNION {{ GRAPH <{graph}> {{ <{subject}> <{SKG}citation> ?source }} FILTER (<{graph}> = <{GRAPH}background>) }}
    }}""").rows
    return sorted(r[0].value for r in rows if r[0] is not None)


def view_store(view: WikidataView) -> KnowledgeGraph:
    """A queryable store of the view, with Wikidata's data in the default graph as WDQS has it."""
    store = ox.Store()
    store.extend(view.quads)
    return KnowledgeGraph(store, default_is_union=False, prefixes=VIEW_PREFIXES, local_service=answer_label_service)

