"""Quality gates: SHACL shapes, "must return no rows" SPARQL checks, quote verification and the
reasoner's consistency, reported as findings with a severity, a location and what to do.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date

import pyoxigraph as ox

from .errors import InconsistencyError, UnsupportedConstruct, UsageError
from .namespaces import RDF, RDFS, SKG, shorten
from .sources.evidence import find_quote_mismatches
from .sources.project import Project
from .store.engine import KnowledgeGraph, merge_named_graphs
from .store.queries import Severity, load_queries


@dataclass(frozen=True)
class Finding:
    """One problem (or noteworthy fact) found by a check."""

    severity: Severity
    check: str
    location: str
    message: str


def run_checks(project: Project, *, as_of: date | None = None, article: str | None = None) -> list[Finding]:
    """Run every quality gate on ``project``; findings are sorted by severity, check and location.

    With ``article`` (``a003``), only the findings located in that article are returned: its
    record, its sentences, the nodes its sentence graphs describe first, the verdicts on them,
    and the check-query rows that name any of these.

    When the reasoner cannot run (a contradiction, or a construct outside OWL 2 RL), that is a
    finding, and the other gates still run on the asserted data.

    Raises:
        InputError: a data file, the shapes file or a check query cannot be read.
        UsageError: ``article`` is not an article of the project (a typo would pass every check).
    """
    from .sources.project import no_edit_under_way

    # The gates read the articles' texts and records too, not only the quads the build reads.
    with no_edit_under_way(project):
        return _run_checks(project, as_of=as_of, article=article)


def _run_checks(project: Project, *, as_of: date | None, article: str | None) -> list[Finding]:
    from .curation.lint import article_problems, places, text_problems, unfinished
    from .sources.loader import load_project
    from .store.build import build

    loaded = load_project(project)  # once: every gate and the build read these quads
    quads = list(loaded.quads())
    if article is not None:
        _require_article(project, quads, article)
    where = places(quads)
    unreadable: list[str] = []
    findings = _quote_findings(project, loaded.store, where, unreadable)
    # An article whose text is missing or changed is reported by the article checks; the others
    # are checked, and the build runs without the sources check that would stop it.
    quotes_match = not findings and not unreadable and not text_problems(project, quads)
    findings += [Finding(Severity(p.severity), p.check, p.location, p.message)
                 for p in article_problems(project, quads, only=article)]
    # An unfinished registration's sentences lack their article's record: its one finding says
    # so, not a shape violation per sentence.
    stopped = {p.article for p in unfinished(project, quads)}
    try:
        # With mismatched quotes (reported above) the build still runs for the other gates, uncached;
        # other findings (an unfilled sentence) leave it cached, for the next check and build.
        built = build(project, as_of=as_of, verify_quotes_first=quotes_match, loaded=loaded)
        kg = KnowledgeGraph.from_nquads(built.snapshot.nquads)
        quads = list(ox.parse(built.snapshot.nquads, format=ox.RdfFormat.N_QUADS))
        where.update(_assessment_places(quads, where))
    except (InconsistencyError, UnsupportedConstruct) as exc:
        # The reasoner stopped before adding anything: the store holds the asserted quads.
        findings.append(Finding(Severity.ERROR, "reasoner", "accepted view", str(exc)))
        merge_named_graphs(loaded.store)
        kg = KnowledgeGraph(loaded.store, merged=True)
    findings += [Finding(Severity.ERROR, "reasoner", f"{article} view", f"{problem}; its own closure is left out, "
                         f"so answers with --source {article} lack its inferred facts")
                 for article, problem in kg.closure_problems()]
    findings += _query_findings(project, kg, where)
    # One article's findings are those placed in it: only its nodes need validating.
    focus = None if article is None else [n for n, place in where.items() if place.split(" ", 1)[0] == article]
    findings += [f for f in _shacl_findings(project, quads, where, focus)
                 if f.location.split(" ", 1)[0] not in stopped]
    if article is not None:
        findings = [f for f in findings if f.location.split(" ", 1)[0] == article]
    # Numbers in locations sort as numbers, so that sentence L5.1 comes before L11.1; a finding
    # two shapes (or two checks) make alike is said once.
    return sorted(dict.fromkeys(findings), key=lambda f: (-f.severity.rank, f.check, _natural(f.location)))


def _natural(text: str) -> list[tuple[int, int | str]]:
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text)]


def _quote_findings(project: Project, store: ox.Store, where: dict[str, str], unreadable: list[str]) -> list[Finding]:
    _, mismatches = find_quote_mismatches(project, store, unreadable=unreadable)
    return [
        Finding(Severity.ERROR, "evidence-quotes", f"{where.get(m.sentence, shorten(m.sentence))} "
                f"{m.article}[{m.begin}:{m.end}]",
                f"{m.difference()}; "
                f"copy the sentence and its offsets from `spacekg sentences {m.article}`")
        for m in mismatches
    ]


def _assessment_places(quads: list[ox.Quad], where: dict[str, str]) -> dict[str, str]:
    """A verdict's place: that of the sentence graph or claim it assesses."""
    from .curation.lint import graph_place

    assesses = ox.NamedNode(SKG + "assesses")
    found = {}
    for q in quads:
        if q.predicate == assesses and isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            place = graph_place(q.object.value) or where.get(q.object.value)
            if place:
                found[q.subject.value] = place
    return found


def _require_article(project: Project, quads: list[ox.Quad], article: str) -> None:
    """``article`` is an article of the project if anything of it is there: its text, its facts
    file or its record; a registration stopped half-way is one, and its check says so.

    Raises:
        UsageError: nothing of it is there (a typo would pass every check).
    """
    from .curation.lint import ARTICLE_IRI

    known = {p.stem for p in project.article_files()} | {
        p.stem for p in sorted((project.data_dir / "facts").glob("a*.trig"))} | {
        m[1] for q in quads if isinstance(q.subject, ox.NamedNode) and (m := ARTICLE_IRI.fullmatch(q.subject.value))}
    if article not in known:
        listed = ", ".join(sorted(known)) or "none yet"
        raise UsageError(f"no article {article!r} (articles: {listed}); register one with `spacekg article add`")


def _query_findings(project: Project, kg: KnowledgeGraph, where: dict[str, str]) -> list[Finding]:
    """The rows of the check queries, each placed in the sentence it concerns when one of its
    values is a sentence graph or a node a sentence describes (a sentence graph first)."""
    from .curation.lint import graph_place

    findings = []
    for check in load_queries(project.queries_dir / "checks").values():
        severity = Severity(check.severity or "error")
        result = kg.query(check.text, name=str(check.path))
        for row in result.rows:
            location = ", ".join(f"{v}={_short(t)}" for v, t in zip(result.variables, row) if t is not None)
            iris = [t.value for t in row if isinstance(t, ox.NamedNode)]
            place = next((p for iri in iris if (p := graph_place(iri))), None) or next(
                (where[iri] for iri in iris if iri in where), None)
            findings.append(Finding(severity, check.name, f"{place} {location}" if place else location,
                                    f"{check.title}: {check.description}"))
    return findings


def _shacl_findings(project: Project, quads: list[ox.Quad], where: dict[str, str],
                    focus: list[str] | None = None) -> list[Finding]:
    from pyshacl import validate
    from rdflib import URIRef
    from rdflib.namespace import SH

    from .adapter import graph_of
    from .rdf import refuse_triple_terms
    from .sources.loader import parse_file

    if focus is not None and not focus:
        return []
    if focus is not None:
        quads = _around(quads, {ox.NamedNode(n) for n in focus})
    data = graph_of(quads)
    path = project.ontology_dir / "shapes.ttl"
    shape_quads = parse_file(path, graph="urn:spacekg:shapes")
    refuse_triple_terms(str(path), shape_quads)
    shapes = graph_of(shape_quads)
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                            focus_nodes=None if focus is None else [URIRef(n) for n in sorted(focus)])
    severities = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}
    findings = []
    for result in report.subjects(URIRef(str(SH.resultSeverity)), None):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        shape = report.value(result, SH.sourceShape)
        if not isinstance(shape, URIRef):  # a property shape: name the node shape that holds it
            shape = shapes.value(None, SH.property, shape) or shape
        place = where.get(str(focus), "")
        location = (f"{place} " if place and place != shorten(str(focus)) else "") + shorten(str(focus))
        location += f" {shorten(str(path))}" if isinstance(path, URIRef) else ""
        name = "shacl" + (f":{str(shape).rsplit('#', 1)[1]}" if isinstance(shape, URIRef) else "")
        findings.append(Finding(severities[report.value(result, SH.resultSeverity)], name, location, str(message)))
    return findings


def _around(quads: list[ox.Quad], focus: set[ox.NamedNode]) -> list[ox.Quad]:
    """What the shapes read about ``focus``: every shape constrains a node's own values (paths of
    one step) and the classes of those values, so the nodes' triples, their values' types and the
    class hierarchy are all it takes, and validating them is a fraction of validating the graph."""
    own = [q for q in quads if q.subject in focus]
    values = {q.object for q in own}
    rdf_type, sub_class = ox.NamedNode(RDF + "type"), ox.NamedNode(RDFS + "subClassOf")
    return own + [q for q in quads if q.subject not in focus and (
        (q.predicate == rdf_type and q.subject in values) or q.predicate == sub_class)]


def _short(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    return term.value if isinstance(term, ox.Literal) else str(term)


def report_text(findings: list[Finding]) -> str:
    """A readable report: one line per finding, then the counts."""
    lines = [f"{f.severity.value:7}  {f.check}  {f.location}\n         {f.message}" for f in findings]
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    lines.append(", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items()))
    return "\n".join(lines) + "\n"


def report_json(findings: list[Finding]) -> str:
    """The findings as JSON: a list of objects and the counts per severity."""
    counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    body = {"findings": [asdict(f) | {"severity": f.severity.value} for f in findings], "counts": counts}
    return json.dumps(body, indent=1, ensure_ascii=False) + "\n"
