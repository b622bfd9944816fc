"""Wikidata links of spacekg's entities: the link report, its consistency checks, and the glue to
online reconciliation.

A link is ``entity skg:wikidata wd:Q… ; skg:wikidataEvidence <where it was confirmed>`` in the data.
Q-ids that could not be confirmed are not written; ``data/wikidata/links.csv`` lists them as
unverified, with the candidates seen and why they were not trusted.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import ID, SKG
from ..store.engine import KnowledgeGraph, QueryResult

if TYPE_CHECKING:
    from .client import WikidataClient

WD = "http://www.wikidata.org/entity/"
_QID_IRI = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$")


@dataclass(frozen=True)
class LinkRow:
    """One entity in the link report."""

    entity: str
    label: str
    kind: str
    status: str  # linked, unverified or unlinked
    qid: str
    evidence: str


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
    return [tuple("" if t is None else t.value for t in row) for row in rows]  # type: ignore[misc]


def unverified(project_root: Path) -> dict[str, str]:
    """Entity IRI -> note, for the Q-ids that research could not confirm (data/wikidata/links.csv)."""
    path = project_root / "data" / "wikidata" / "links.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {ID + row["key"]: row["evidence_note"] for row in csv.DictReader(handle)
                if row["status"] == "unverified" and not row["key"].startswith("class:")}


def link_report(kg: KnowledgeGraph, project_root: Path) -> list[LinkRow]:
    """Every named entity with its link status, Q-id and evidence (or the candidates seen)."""
    notes = unverified(project_root)
    report = []
    for entity, label, kind, items, evidence in _entities(kg):
        qid = " ".join(i.removeprefix(WD) for i in items.split())
        if qid:
            report.append(LinkRow(entity, label, kind, "linked", qid, evidence))
        elif entity in notes:
            report.append(LinkRow(entity, label, kind, "unverified", "", notes[entity]))
        else:
            report.append(LinkRow(entity, label, kind, "unlinked", "", ""))
    return report


def link_problems(kg: KnowledgeGraph) -> list[str]:
    """What makes the links unusable: malformed Q-ids, a Q-id shared by two entities, an entity
    with two Q-ids, a link without evidence."""
    problems = []
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
    for entity, items in sorted(links.items()):
        if len(items) > 1:
            problems.append(f"{entity}: linked to {len(items)} items: {', '.join(sorted(items))}")
        for item in items:
            owners.setdefault(item, []).append(entity)
    problems += [f"{item}: shared by {', '.join(es)}" for item, es in sorted(owners.items()) if len(es) > 1]
    return sorted(set(problems))


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
    return QueryResult("select", variables, tuple(cells))  # type: ignore[arg-type]


def _expected_classes(kg: KnowledgeGraph) -> dict[str, tuple[str, ...]]:
    """Entity -> the Wikidata classes its spacekg types map to exactly (skos:exactMatch)."""
    rows = kg.query(f"""SELECT ?entity ?class WHERE {{
        GRAPH g:entities {{ ?entity <{SKG}wikidata> ?item ; a ?type }}
        ?type skos:exactMatch ?class . FILTER (STRSTARTS(STR(?class), "{WD}Q")) }}""").rows
    out: dict[str, tuple[str, ...]] = {}
    for entity, cls in rows:
        out[entity.value] = (*out.get(entity.value, ()), cls.value.removeprefix(WD))  # type: ignore[union-attr]
    return out


def _alt_labels(kg: KnowledgeGraph) -> dict[str, tuple[str, ...]]:
    rows = kg.query("SELECT ?entity ?alt WHERE { GRAPH g:entities { ?entity skos:altLabel ?alt } }").rows
    out: dict[str, tuple[str, ...]] = {}
    for entity, alt in rows:
        out[entity.value] = (*out.get(entity.value, ()), alt.value)  # type: ignore[union-attr]
    return out
