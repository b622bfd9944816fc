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
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import ID, SKG, WD, XSD
from ..sources.files import read_table
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
    path = project_root / "data" / "wikidata" / name
    if not os.path.lexists(path):
        return []
    return read_table(path, TABLE_COLUMNS[name], root=project_root,
                      check=_research_row if TABLE_COLUMNS[name] is RESEARCH_COLUMNS else None)


RESEARCH_COLUMNS = ("key", "label", "qid", "status", "evidence_url", "evidence_note")
STATUSES = ("verified", "unverified", "no-item")
_WIKIDATA_ID = re.compile(r"[QP][1-9][0-9]*")


def _research_row(row: dict[str, str]) -> str | None:
    """What makes a research row unreadable: a status the report would take for "not yet
    researched", or an id that is no Wikidata id."""
    if row["status"] not in STATUSES:
        return f"status {row['status']!r} is none of {', '.join(STATUSES)}"
    if row["qid"] and not _WIKIDATA_ID.fullmatch(row["qid"]):
        return f"qid {row['qid']!r} is no Wikidata id (Q or P, then digits)"
    if row["status"] == "verified" and not row["qid"]:
        return "a verified row names its item in qid"
    return None
TABLE_COLUMNS = {"links.csv": RESEARCH_COLUMNS, "properties.csv": RESEARCH_COLUMNS,
                 "evidence.csv": tuple(f.name for f in fields(Evidence))}


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
    """What makes the links unusable: malformed Q-ids, a Q-id shared by two entities, an entity
    with two Q-ids, a link without evidence. With ``project_root``, also a link whose Q-id has no
    row in ``data/wikidata/evidence.csv``, a row without an excerpt or an agreeing fact, or an
    ``skg:wikidataEvidence`` that is not the row's address.

    Raises:
        InputError: with ``project_root``, a research table no command could read (file and line).
    """
    problems = []
    rows = evidence(project_root) if project_root is not None else None
    if project_root is not None:  # a table no command could read is a problem of the links too
        research_table(project_root, "links.csv")
        research_table(project_root, "properties.csv")
    links: dict[str, list[str]] = {}
    for quad in kg.store.quads_for_pattern(None, ox.NamedNode(SKG + "wikidata"), None, None):
        entity, item = quad.subject, quad.object
        if not (isinstance(item, ox.NamedNode) and _QID_IRI.match(item.value)):
            problems.append(f"{entity}: malformed Wikidata link {item}")
            continue
        links.setdefault(str(entity), [])
        if item.value not in links[str(entity)]:
            links[str(entity)].append(item.value)
        if next(iter(kg.store.quads_for_pattern(entity, ox.NamedNode(SKG + "wikidataEvidence"), None, None)), None) is None:
            problems.append(f"{entity}: link to {item.value} has no skg:wikidataEvidence")
    owners: dict[str, list[str]] = {}
    for key, qids in sorted(links.items()):
        if len(qids) > 1:
            problems.append(f"{key}: linked to {len(qids)} items: {', '.join(sorted(qids))}")
        for qid in qids:
            owners.setdefault(qid, []).append(key)
    problems += [f"{item}: shared by {', '.join(es)}" for item, es in sorted(owners.items()) if len(es) > 1]
    if rows is not None:
        problems += _evidence_problems(kg, links, rows)
    return sorted(set(problems))


def _evidence_problems(kg: KnowledgeGraph, links: dict[str, list[str]], rows: dict[str, Evidence]) -> list[str]:
    problems = []
    for entity, items in links.items():
        iri = entity.strip("<>")  # the keys are written as N-Triples terms
        row = rows.get(iri)
        if row is None:
            problems.append(f"{entity}: no row in data/wikidata/evidence.csv")
            continue
        if WD + row.qid not in items:
            problems.append(f"{entity}: linked to {', '.join(items)} but data/wikidata/evidence.csv confirms {row.qid}")
        if not (row.excerpt.strip() and row.repository and row.path and _COMMIT.match(row.commit)):
            problems.append(f"{entity}: evidence.csv row lacks the repository, path, commit or excerpt")
        elif not re.search(rf"\b{row.qid}\b|\b{row.qid[1:]}\b", row.excerpt):
            problems.append(f"{entity}: the evidence excerpt does not name {row.qid}")
        if not (row.agreeing_kind.strip() and row.agreeing_value.strip()):
            problems.append(f"{entity}: evidence.csv row has no second agreeing fact")
        given = {q.object.value for q in kg.store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(SKG + "wikidataEvidence"), None, None) if not isinstance(q.object, ox.Triple)}
        if given and row.url not in given:
            problems.append(f"{entity}: skg:wikidataEvidence is not the evidence.csv address {row.url}")
    return problems


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
