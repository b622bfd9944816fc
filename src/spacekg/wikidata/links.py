"""Wikidata links of spacekg's entities: the link report, its consistency checks, and the glue to
online reconciliation.

A link is ``entity skg:wikidata wd:Q… ; skg:wikidataEvidence <where it was confirmed>`` in the data,
and ``data/wikidata/evidence.csv`` holds, for every link, the excerpt that pairs the label with the
Q-id (repository, path, commit) and a second fact that agrees. Q-ids that could not be confirmed
are not written; ``data/wikidata/links.csv`` lists them as unverified, with what was searched, and
lists the entities that have no item of their own (events, generic phrases) with the reason.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import ID, SKG, WD, XSD, graph_iri
from ..rdf import Term
from ..sources.files import read_table_lines, read_text, split_lines
from ..store.engine import KnowledgeGraph, QueryResult

if TYPE_CHECKING:
    from .client import WikidataClient

_QID_IRI = re.compile("^" + re.escape(WD) + "Q[1-9][0-9]*$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_INTEGER = ox.NamedNode(XSD + "integer")


@dataclass(frozen=True)
class LinkRow:
    """One entity in the link report."""

    entity: str
    label: str
    kind: str
    status: str  # linked, unverified, no-item or unlinked (not yet researched)
    qid: str
    evidence: str


@dataclass(frozen=True)
class Coverage:
    """How many entities of one kind are linked, of those that have (or may have) an item."""

    kind: str
    linked: int
    unverified: int
    unlinked: int
    no_item: int

    @property
    def with_item(self) -> int:
        """Entities that have, or may have, an item: all but those researched as having none."""
        return self.linked + self.unverified + self.unlinked

    @property
    def percent(self) -> float | None:
        return 100.0 * self.linked / self.with_item if self.with_item else None


@dataclass(frozen=True)
class Evidence:
    """One row of ``data/wikidata/evidence.csv``: where a link's Q-id was confirmed, and what agrees."""

    key: str
    qid: str
    repository: str
    path: str
    commit: str
    excerpt: str
    agreeing_kind: str
    agreeing_value: str
    second_source: str
    second_excerpt: str

    @property
    def url(self) -> str:
        """The address of the excerpt's file at its commit, as ``skg:wikidataEvidence`` gives it."""
        return f"https://github.com/{self.repository}/blob/{self.commit}/{self.path}"


def _entities(kg: KnowledgeGraph) -> list[tuple[str, str, str, str, str]]:
    rows = kg.query(f"""
        SELECT ?entity (MIN(STR(?label)) AS ?name) (MIN(STR(?kindLabel)) AS ?kind)
               (GROUP_CONCAT(DISTINCT STR(?item); separator=" ") AS ?items)
               (GROUP_CONCAT(DISTINCT STR(?evidence); separator=" ") AS ?evidences)
        WHERE {{
          GRAPH g:entities {{ ?entity a ?type ; rdfs:label ?label }}
          GRAPH g:ontology {{ ?type rdfs:label ?kindLabel }}
          OPTIONAL {{ ?entity <{SKG}wikidata> ?item }}
          OPTIONAL {{ ?entity <{SKG}wikidataEvidence> ?evidence }}
        }} GROUP BY ?entity ORDER BY ?entity""").rows
    return [tuple("" if t is None else t.value for t in row) for row in rows]  # type: ignore[misc]  # the SELECT has five columns


def research_table(project_root: Path, name: str) -> list[dict[str, str]]:
    """The rows of a research table in ``data/wikidata/``; a missing table has none.

    Raises:
        InputError: the table is unreadable or malformed (file and line named).
    """
    return [row for _, row in research_lines(project_root, name)]


def research_lines(project_root: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a research table, each with the line it starts on.

    Raises:
        InputError: the table is unreadable or malformed (file and line named).
    """
    path = project_root / "data" / "wikidata" / name
    if not os.path.lexists(path):
        return []
    return read_table_lines(path, TABLE_COLUMNS[name], root=project_root, check=_ROW_CHECKS[name])


RESEARCH_COLUMNS = ("key", "label", "qid", "status", "evidence_url", "evidence_note")
STATUSES = ("verified", "unverified", "no-item")
# Wikidata's entity ids: items, properties, lexemes (with their forms and senses), entity schemas
# and media files; a link or a table names only the first two, each where it belongs.
_ENTITY_ID = re.compile(r"[QPLEM][1-9][0-9]*(?:-[FS][1-9][0-9]*)?")
_ID_KINDS = {"Q": "an item", "P": "a property", "L": "a lexeme", "E": "an entity schema", "M": "a media file"}


def id_problem(value: str, wanted: str) -> str | None:
    """What keeps ``value`` from being the id of a Wikidata entity of the kind ``wanted`` (``Q``
    for an item, ``P`` for a property), or None."""
    if not _ENTITY_ID.fullmatch(value):
        return f"{value!r} is no Wikidata id ({wanted} then digits)"
    if value[0] != wanted or "-" in value:
        kind = "a lexeme's form or sense" if "-" in value else _ID_KINDS[value[0]]
        return f"{value!r} is {kind}, not {_ID_KINDS[wanted]} ({wanted} then digits)"
    return None


def _research_row(wanted: str) -> Callable[[dict[str, str]], str | None]:
    """What makes a research row unreadable: a status the report would take for "not yet
    researched", or an id that is not of the kind the table names (items in ``links.csv``,
    properties in ``properties.csv``)."""
    def check(row: dict[str, str]) -> str | None:
        if row["status"] not in STATUSES:
            return f"status {row['status']!r} is none of {', '.join(STATUSES)}"
        if row["qid"] and (problem := id_problem(row["qid"], wanted)):
            return f"qid {problem}"
        if row["status"] == "verified" and not row["qid"]:
            return "a verified row names its item in qid"
        return None
    return check


def _evidence_row(row: dict[str, str]) -> str | None:
    problem = id_problem(row["qid"], "Q")
    return f"qid {problem}" if problem else None


TABLE_COLUMNS = {"links.csv": RESEARCH_COLUMNS, "properties.csv": RESEARCH_COLUMNS,
                 "evidence.csv": tuple(f.name for f in fields(Evidence))}
_ROW_CHECKS = {"links.csv": _research_row("Q"), "properties.csv": _research_row("P"), "evidence.csv": _evidence_row}


def research(project_root: Path) -> dict[str, tuple[str, str]]:
    """Entity IRI -> (status, note) for the entities research left without a link: ``unverified``
    (what was searched, the candidates seen) or ``no-item`` (why the entity has no item of its own)."""
    return {ID + row["key"]: (row["status"], row["evidence_note"]) for row in research_table(project_root, "links.csv")
            if row["status"] in ("unverified", "no-item") and not row["key"].startswith("class:")}


def evidence(project_root: Path) -> dict[str, Evidence]:
    """Entity IRI -> the evidence of its link (``data/wikidata/evidence.csv``)."""
    columns = TABLE_COLUMNS["evidence.csv"]
    return {ID + row["key"]: Evidence(**{c: row[c] for c in columns}) for row in research_table(project_root, "evidence.csv")}


def link_report(kg: KnowledgeGraph, project_root: Path) -> list[LinkRow]:
    """Every named entity with its link status, Q-id and evidence (or what was searched, or why it
    has no item)."""
    notes = research(project_root)
    report = []
    for entity, label, kind, items, where in _entities(kg):
        qid = " ".join(i.removeprefix(WD) for i in items.split())
        if qid:
            report.append(LinkRow(entity, label, kind, "linked", qid, where))
        elif entity in notes:
            status, note = notes[entity]
            report.append(LinkRow(entity, label, kind, status, "", note))
        else:
            report.append(LinkRow(entity, label, kind, "unlinked", "", ""))
    return report


def coverage(rows: list[LinkRow]) -> list[Coverage]:
    """Link coverage by entity kind, then the total (kind ``all``)."""
    kinds = sorted({r.kind for r in rows})

    def count(subset: list[LinkRow], kind: str) -> Coverage:
        n = {s: sum(1 for r in subset if r.status == s) for s in ("linked", "unverified", "unlinked", "no-item")}
        return Coverage(kind, n["linked"], n["unverified"], n["unlinked"], n["no-item"])

    return [count([r for r in rows if r.kind == k], k) for k in kinds] + [count(rows, "all")]


def coverage_result(table: list[Coverage]) -> QueryResult:
    """The coverage table as a query result, for every output format of ``spacekg link``."""
    variables = ("kind", "linked", "unverified", "unlinked", "noItem", "coverage")
    cells = tuple(
        (ox.Literal(c.kind), *(ox.Literal(str(n), datatype=_INTEGER) for n in (c.linked, c.unverified, c.unlinked, c.no_item)),
         ox.Literal(f"{c.percent:.0f}%") if c.percent is not None else None)
        for c in table
    )
    return QueryResult("select", variables, cells)


def link_problems(kg: KnowledgeGraph, project_root: Path | None = None) -> list[str]:
    """What makes the links unusable: a link to no item (a malformed IRI, a property, a lexeme), a
    Q-id shared by two entities, an entity with two Q-ids, a link without evidence. With
    ``project_root``, each problem starts with the file and line that state the link, and these
    are problems too: a link whose Q-id has no row in ``data/wikidata/evidence.csv``, a row
    without an excerpt or an agreeing fact, an ``skg:wikidataEvidence`` that is not the row's
    address, and a row of ``data/wikidata/links.csv`` that disagrees with the graph (a verified
    Q-id the entity is not linked to, an entity linked although researched as unverified or
    without an item, one Q-id verified for two entities).

    Raises:
        InputError: with ``project_root``, a research table no command could read (file and line).
    """
    problems = []
    locate = _Locator(project_root) if project_root is not None else None
    if project_root is not None:  # a table no command could read is a problem of the links too
        research_table(project_root, "properties.csv")

    def at(entity: ox.NamedNode | ox.BlankNode, item: Term, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
        return locate(entity, item, graph) + ": " if locate is not None else ""

    links: dict[str, list[str]] = {}
    places: dict[tuple[str, str], str] = {}
    quads = list(kg.store.quads_for_pattern(None, ox.NamedNode(SKG + "wikidata"), None, None))
    # A built store repeats every named graph's triples in its default graph; the named graph
    # says which file the link comes from.
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    for quad in named or quads:
        entity, item = quad.subject, quad.object
        if isinstance(entity, ox.Triple) or isinstance(item, ox.Triple):
            continue  # spacekg refuses triple terms as it loads
        where = at(entity, item, quad.graph_name)
        if not (isinstance(item, ox.NamedNode) and _QID_IRI.match(item.value)):
            local = item.value.removeprefix(WD) if isinstance(item, ox.NamedNode) and item.value.startswith(WD) else ""
            why = id_problem(local, "Q") if local else f"{item} is not a Wikidata entity ({WD}Q…)"
            problems.append(f"{where}{entity}: malformed Wikidata link {item}: {why}; skg:wikidata names an item")
            continue
        links.setdefault(str(entity), [])
        places.setdefault((str(entity), item.value), where)
        if item.value not in links[str(entity)]:
            links[str(entity)].append(item.value)
        if next(iter(kg.store.quads_for_pattern(entity, ox.NamedNode(SKG + "wikidataEvidence"), None, None)), None) is None:
            problems.append(f"{where}{entity}: link to {item.value} has no skg:wikidataEvidence")
    owners: dict[str, list[str]] = {}
    for key, qids in sorted(links.items()):
        if len(qids) > 1:
            problems.append(f"{places[key, qids[-1]]}{key}: linked to {len(qids)} items: {', '.join(sorted(qids))}")
        for qid in qids:
            owners.setdefault(qid, []).append(key)
    for qid, es in sorted(owners.items()):
        if len(es) > 1:
            shown = ", ".join(f"{e} ({places[e, qid].removesuffix(': ')})" if places[e, qid] else e for e in es)
            problems.append(f"{places[es[-1], qid]}{qid}: shared by {shown}")
    if project_root is not None:
        problems += _evidence_problems(kg, links, places, project_root)
        problems += _research_problems(links, places, {row[0] for row in _entities(kg)}, project_root)
    return sorted(set(problems), key=_by_place)


def _by_place(problem: str) -> tuple[str, int, str]:
    """File, then line in number order, then the message."""
    place = re.match(r"([^\s:]+):(\d+): ", problem)
    return (place[1], int(place[2]), problem) if place else ("", 0, problem)


def _evidence_problems(kg: KnowledgeGraph, links: dict[str, list[str]], places: dict[tuple[str, str], str],
                       project_root: Path) -> list[str]:
    columns = TABLE_COLUMNS["evidence.csv"]
    rows = {ID + row["key"]: (line, Evidence(**{c: row[c] for c in columns}))
            for line, row in research_lines(project_root, "evidence.csv")}
    problems = []
    for entity, items in links.items():
        iri = entity.strip("<>")  # the keys are written as N-Triples terms
        where = places[entity, items[0]]
        if iri not in rows:
            problems.append(f"{where}{entity}: no row in data/wikidata/evidence.csv")
            continue
        line, row = rows[iri]
        table = f"data/wikidata/evidence.csv:{line}: "
        if WD + row.qid not in items:
            problems.append(f"{where}{entity}: linked to {', '.join(items)} but data/wikidata/evidence.csv confirms "
                            f"{row.qid} (line {line})")
        if not (row.excerpt.strip() and row.repository and row.path and _COMMIT.match(row.commit)):
            problems.append(f"{table}{entity}: evidence.csv row lacks the repository, path, commit or excerpt")
        elif not re.search(rf"\b{row.qid}\b|\b{row.qid[1:]}\b", row.excerpt):
            problems.append(f"{table}{entity}: the evidence excerpt does not name {row.qid}")
        if not (row.agreeing_kind.strip() and row.agreeing_value.strip()):
            problems.append(f"{table}{entity}: evidence.csv row has no second agreeing fact")
        given = {q.object.value for q in kg.store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(SKG + "wikidataEvidence"), None, None) if not isinstance(q.object, ox.Triple)}
        if given and row.url not in given:
            problems.append(f"{where}{entity}: skg:wikidataEvidence is not the evidence.csv address {row.url}")
    return problems


def _research_problems(links: dict[str, list[str]], places: dict[tuple[str, str], str], entities: set[str],
                       project_root: Path) -> list[str]:
    """Where ``data/wikidata/links.csv`` and the graph's links disagree about one of the graph's
    entities: the report reads its statuses from one and its Q-ids from the other, so both must
    say the same. Rows about things the graph does not name yet are research kept for later."""
    problems = []
    verified: dict[str, list[tuple[int, str]]] = {}
    for line, row in research_lines(project_root, "links.csv"):
        if row["key"].startswith("class:") or ID + row["key"] not in entities:
            continue
        entity = f"<{ID}{row['key']}>"
        table = f"data/wikidata/links.csv:{line}: "
        items = links.get(entity, [])
        linked = ", ".join(f"{item} ({places[entity, item].removesuffix(': ')})" if places[entity, item] else item
                           for item in items)
        if row["status"] == "verified":
            verified.setdefault(row["qid"], []).append((line, entity))
            if not items:
                problems.append(f"{table}{entity}: verified as {row['qid']}, but the graph links it to no item")
            elif WD + row["qid"] not in items:
                problems.append(f"{table}{entity}: verified as {row['qid']}, but the graph links it to {linked}")
        elif items:
            problems.append(f"{table}{entity}: researched as {row['status']}, but the graph links it to {linked}")
    for qid, rows in sorted(verified.items()):
        if len(rows) > 1:
            problems.append(f"data/wikidata/links.csv:{rows[-1][0]}: {qid} verified for "
                            + ", ".join(f"{entity} (line {line})" for line, entity in rows))
    return problems


class _Locator:
    """Finds the file and line that state an ``skg:wikidata`` link, for the messages: the line of
    the item's IRI (written in full or with any of the file's prefixes) in a statement about the
    entity, in the Turtle file that fills the link's graph, or in the TriG files."""

    def __init__(self, project_root: Path) -> None:
        self.root = project_root
        self.texts: dict[Path, tuple[list[str], dict[str, str]]] = {}

    def __call__(self, entity: ox.NamedNode | ox.BlankNode, item: Term,
                 graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
        data = self.root / "data"
        turtle = [p for p in sorted(data.glob("*.ttl")) if isinstance(graph, ox.NamedNode) and graph_iri(p.stem) == graph.value]
        candidates = turtle or sorted(data.glob("*.trig")) + sorted((data / "facts").glob("*.trig"))
        fallback = ""
        for path in candidates:
            lines, prefixes = self._read(path)
            shown = path.relative_to(self.root).as_posix()
            item_at = _term_pattern(item, prefixes)
            entity_at = _term_pattern(entity, prefixes)
            subject = ""
            for number, line in enumerate(lines, start=1):
                # A comment line is no statement's subject, whatever it holds ("…", <…>); in a
                # statement line, a string stays a term and a trailing comment goes.
                bare = "" if line.lstrip().startswith("#") else \
                    re.sub(r'"(?:[^"\\]|\\.)*"|#[^>\n]*$', lambda m: '""' if m[0].startswith('"') else "", line)
                if not subject and bare.strip() and not re.match(r"\s*(?:@?prefix|@?base)\b", bare, re.I):
                    subject = bare
                if item_at is not None and item_at.search(bare):
                    if entity_at is not None and entity_at.match(subject.strip()):
                        return f"{shown}:{number}"
                    fallback = fallback or f"{shown}:{number}"
                if bare.rstrip().endswith((".", "{", "}")):
                    subject = ""
        return fallback or (candidates[0].relative_to(self.root).as_posix() if len(candidates) == 1 else "")

    def _read(self, path: Path) -> tuple[list[str], dict[str, str]]:
        if path not in self.texts:
            text = read_text(path, root=self.root)
            parser = ox.parse(text.encode(), format=ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.TRIG)
            for _ in parser:
                pass
            self.texts[path] = (split_lines(text), dict(parser.prefixes))
        return self.texts[path]


def _term_pattern(term: Term, prefixes: dict[str, str]) -> re.Pattern[str] | None:
    """The ways a Turtle file can write an IRI: in full, or as a prefixed name of its prefixes."""
    if not isinstance(term, ox.NamedNode):
        return None
    forms = [f"<{term.value}>"] + [f"{name}:{term.value[len(ns):]}" for name, ns in prefixes.items()
                                     if term.value.startswith(ns) and re.fullmatch(r"[\w-]*", term.value[len(ns):])]
    return re.compile(r"(?<![\w:.-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w:-])")


def as_result(rows: list[LinkRow]) -> QueryResult:
    """The report as a query result, so that every output format of ``spacekg query`` applies."""
    variables = ("entity", "label", "kind", "status", "qid", "evidence")
    cells = tuple(
        (ox.NamedNode(r.entity), ox.Literal(r.label), ox.Literal(r.kind), ox.Literal(r.status),
         ox.NamedNode(WD + r.qid) if r.qid and " " not in r.qid else (ox.Literal(r.qid) if r.qid else None),
         ox.Literal(r.evidence) if r.evidence else None)
        for r in rows
    )
    return QueryResult("select", variables, cells)


def online_report(kg: KnowledgeGraph, project_root: Path, client: WikidataClient, *, propose: bool) -> QueryResult:
    """Check every link against Wikidata; with ``propose``, rank candidates for unlinked entities.

    Raises:
        WikidataError: Wikidata could not be reached (or, offline, an answer is not cached).
    """
    from .client import propose as propose_candidates
    from .client import reconcile

    rows = link_report(kg, project_root)
    linked = {r.entity: r.qid for r in rows if r.status == "linked" and " " not in r.qid}
    labels = {r.entity: r.label for r in rows}
    findings = reconcile(linked, labels, _expected_classes(kg), client, alt_labels=_alt_labels(kg))
    variables = ("entity", "qid", "finding", "detail")
    cells = [(ox.NamedNode(f.entity), ox.NamedNode(WD + f.qid), ox.Literal(f.kind), ox.Literal(f.detail))
             for f in findings]
    if propose:
        unlinked = {r.entity: r.label for r in rows if r.status != "linked"}
        for entity, candidates in sorted(propose_candidates(unlinked, client).items()):
            cells += [(ox.NamedNode(entity), ox.NamedNode(WD + c.qid), ox.Literal(f"candidate {c.rank}"),
                       ox.Literal(f"{c.label or ''}: {c.description or ''}")) for c in candidates]
    return QueryResult("select", variables, tuple(cells))


def _expected_classes(kg: KnowledgeGraph) -> dict[str, tuple[str, ...]]:
    """Entity -> the Wikidata classes its spacekg types map to exactly (skos:exactMatch)."""
    rows = kg.query(f"""SELECT ?entity ?class WHERE {{
        GRAPH g:entities {{ ?entity <{SKG}wikidata> ?item ; a ?type }}
        ?type skos:exactMatch ?class . FILTER (STRSTARTS(STR(?class), "{WD}Q")) }}""").rows
    out: dict[str, tuple[str, ...]] = {}
    for entity, cls in rows:
        out[entity.value] = (*out.get(entity.value, ()), cls.value.removeprefix(WD))  # type: ignore[union-attr]  # no OPTIONAL: both are bound
    return out


def _alt_labels(kg: KnowledgeGraph) -> dict[str, tuple[str, ...]]:
    rows = kg.query("SELECT ?entity ?alt WHERE { GRAPH g:entities { ?entity skos:altLabel ?alt } }").rows
    out: dict[str, tuple[str, ...]] = {}
    for entity, alt in rows:
        out[entity.value] = (*out.get(entity.value, ()), alt.value)  # type: ignore[union-attr]  # no OPTIONAL: both are bound
    return out
