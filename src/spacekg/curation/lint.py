"""The article checks of ``spacekg check``: each problem with its article, sentence id and fix.

They read the asserted quads (not the built graph), so that they run even when the build fails,
and cover what a person adding an article gets wrong: a sentence graph without its provenance, a
sentence with no facts that is not excluded, an excluded sentence without its reason or still
stating facts, an IRI or ontology term that does not exist (with the closest names), a date
without its precision, an unresolved or inverted time window, a window outside the period its words
give at the article's publication date and UTC offset, a relative date without its anchor, a time
counted from an event that the event's window in the project no longer gives,
two values of what a thing has one of, a number the verdicts compare that no claim restates, and an
article text that changed after registration.
Claims without their aspect are caught by the SHACL shapes (``ontology/shapes.ttl``), whose
findings ``spacekg check`` also places by sentence (:func:`places`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import BASE, GRAPH, ID, RDF, SKG, SOURCE, shorten
from ..sources.evidence import text_change
from ..sources.project import Project
from ..sources.segment import is_date_line
from .catalogue import Catalogue, SecondValue, catalogue, suggest
from .dates import TimeWindow, after_event, names_a_zone, resolve
from .templates import event_window, offset_text, publication_days, utc_offset
from .trig import term

_SENTENCE_GRAPH = re.compile(re.escape(GRAPH) + r"(a\d+)-(L\d+\.\d+)$")
_SENTENCE_NODE = re.compile(re.escape(SOURCE) + r"(a\d+)-(L\d+\.\d+)$")
ARTICLE_IRI = re.compile(re.escape(SOURCE) + r"(a\d+)$")
_SOURCES = GRAPH + "sources"
_PROVENANCE = GRAPH + "provenance"
_FACT = "spacekg article fact"


@dataclass(frozen=True)
class Problem:
    """One problem in an article: where it is and what to do."""

    severity: str  # error, warning or info
    check: str
    article: str
    sentence_id: str
    subject: str
    message: str

    @property
    def location(self) -> str:
        return " ".join(part for part in (self.article, self.sentence_id, self.subject) if part)


@dataclass
class _Article:
    sentences: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]]
    graphs: dict[str, list[ox.Quad]]
    provenance: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]]


def article_problems(project: Project, quads: list[ox.Quad], *, only: str | None = None) -> list[Problem]:
    """Every problem the article checks find in ``quads`` (the project's asserted quads); with
    ``only``, that article's problems."""
    cat = catalogue(quads)
    articles = _articles(quads, only)
    problems: list[Problem] = []
    for article, data in sorted(articles.items()):
        if only is not None and article != only:
            continue
        problems += _sentence_problems(article, data, cat)
        problems += _second_values_across(article, data, cat)
        problems += _windows_across(article, data)
        for sid, graph in sorted(data.graphs.items()):
            problems += _term_problems(article, sid, graph, cat)
            problems += _date_problems(article, sid, graph, cat)
            problems += _literal_problems(article, sid, graph, cat)
            problems += _second_values(article, sid, graph, cat)
            problems += _unclaimed_values(article, sid, graph)
            problems += _weekday_problems(article, sid, graph)
            problems += _zone_problems(article, sid, graph, data)
    problems += [p for p in text_problems(project, quads) if only is None or p.article == only]
    problems += [p for p in _facts_problems(quads) if only is None or p.article == only]
    problems += [p for p in unfinished(project, quads) if only is None or p.article == only]
    problems += _near_duplicates(quads, cat, only)
    return problems


def places(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """Where each node is stated: IRI -> ``a003 L5.1`` (the first sentence graph that describes
    it), ``a003 L5.1`` for a sentence node, ``a003`` for an article record."""
    out: dict[str, str] = {}
    for q in quads:
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        match = _SENTENCE_GRAPH.match(name)
        if match and isinstance(q.subject, ox.NamedNode):
            place = f"{match[1]} {match[2]}"
            if q.subject.value not in out or _order(place) < _order(out[q.subject.value]):
                out[q.subject.value] = place
    for q in quads:
        if isinstance(q.subject, ox.NamedNode):
            if m := _SENTENCE_NODE.match(q.subject.value):
                out[q.subject.value] = f"{m[1]} {m[2]}"
            elif m := ARTICLE_IRI.match(q.subject.value):
                out[q.subject.value] = m[1]
    return out


def graph_place(iri: str) -> str | None:
    """The sentence a sentence graph holds (``a003 L5.1``), or None for any other IRI."""
    match = _SENTENCE_GRAPH.match(iri)
    return f"{match[1]} {match[2]}" if match else None


# A byline or a credit line: "By Jane Doe", "(Reporting by …; Editing by …)", "BBC Science
# Correspondent", "… contributed to this report". After "by" come names, not a clause ("By 2030, …").
_CREDIT_LEAD = re.compile(r"^[(\[*_]*(?:by|(?:additional |with )?reporting by|writing by|editing by|compiled by|"
                          r"written by|photos? by)\s", re.IGNORECASE)
_CREDIT_END = re.compile(r"\b(?:correspondent|staff writer|staff reporter|contributor)$"
                         r"|\bcontributed (?:to )?(?:this|the) (?:report|story|article)$", re.IGNORECASE)
# A role written as a title after the names: "Mike Wall, Senior Space Writer", "Science Editor".
_CREDIT_TITLE = re.compile(r"(?:^|,\s*)(?:[A-Z][\w'&.-]*\s+)*(?:Writer|Reporter|Editor|Correspondent|Columnist|Contributor)$")
# A credit to the outlet's staff or the wire services rather than to a person: "Staff and agencies",
# "Reuters Staff", "Agencies", "News Desk".
_CREDIT_STAFF = re.compile(r"(?:(?:By\s+)?[A-Z][\w.&'-]*\s+){0,2}(?i:staff|agencies|wires|wire services|(?:news|web|online) desk"
                           r"|newsroom)(?i:\s+(?:and|&)\s+(?:agencies|wires|wire services|reporters))?")
_CREDIT_WORDS = frozenset("and of the in for with by at from additional reporting writing editing compiled written "
                          "photo photos staff agencies wires".split())


def _credit(text: str) -> bool:
    if _CREDIT_END.search(text) or _CREDIT_TITLE.search(text) or _CREDIT_STAFF.fullmatch(text):
        return True
    return bool(_CREDIT_LEAD.match(text)) and all(
        not w[0].islower() or w in _CREDIT_WORDS for w in re.findall(r"[^\W\d_][\w'-]*", text))


# What a page around an article adds: a call to the reader ("Support free-thinking journalism and
# subscribe to …", "Sign up for our newsletter"), a link to another page ("Read more: …",
# "Related: …"), a photo's caption or credit ("Photo: CNSA", "(Image credit: Xinhua)").
_ADVERT = re.compile(r"(?:support|subscribe|sign up|join|follow|download|donate|get|register|try|click|tap)\b.*"
                     r"\b(?:subscri\w*|newsletters?|sign up|follow us|app|membership|donat\w*|journalism|premium"
                     r"|free trial|inbox|twitter|facebook|instagram|youtube|linkedin|whatsapp|telegram|social media)\b",
                     re.IGNORECASE)
_LINK_LINE = re.compile(r"(?:read more|related(?: stories| articles| coverage)?|see also|more on this(?: story)?"
                        r"|recommended|most read|watch|listen)\s*(?::|\||-|\u2014|\u2013)", re.IGNORECASE)
_CAPTION = re.compile(r"\(?(?:photo|image|picture|video|graphic|file photo|illustration)(?:\s+credit)?\s*(?::|/|\|)"
                      r"|\(?credit\s*:", re.IGNORECASE)


def _kind_of_line(fields: Mapping[str, list[ox.NamedNode | ox.Literal]], *, first: bool) -> str | None:
    """What a sentence with no facts reads as: a byline credit, the page's date line, a call to
    subscribe or the like, a link to another page, a photo caption, or the headline (the first
    sentence, without a mark at its end); None for a sentence that may state something."""
    text = " ".join(str(v.value) for v in fields.get("text", [])).strip()
    if _credit(text.rstrip(".*_)]")):
        return "byline credit"
    if is_date_line(text):
        return "date line"
    if _ADVERT.match(text):
        return "advertisement"
    if _LINK_LINE.match(text):
        return "link to another page"
    if _CAPTION.match(text):
        return "photo caption"
    if first and text and text[-1] not in ".!?\"\u201d\u2019)":
        return "headline"
    return None


# A project's places repeat: each is split once.
@functools.lru_cache(maxsize=1 << 16)
def _order(place: str) -> tuple[int | str, ...]:
    return tuple(int(x) if x.isdigit() else x for x in re.split(r"(\d+)", place))


def _articles(quads: list[ox.Quad], only: str | None = None) -> dict[str, _Article]:
    """Each article's sentences, provenance and sentence graphs (``only``'s, if given)."""
    articles: dict[str, _Article] = {}

    def article(name: str) -> _Article:
        return articles.setdefault(name, _Article({}, {}, {}))

    # Another article's quads are passed over on their graph's and subject's names alone.
    mine = None if only is None else (f"{GRAPH}{only}-", f"{SOURCE}{only}-")
    for q in quads:
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        if mine is not None and not graph.startswith(mine[0]) and not (
                isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(mine)):
            continue
        # A sentence's record and provenance are IRIs and values about an IRI.
        subject = q.subject.value if isinstance(q.subject, ox.NamedNode) else ""
        value = q.object if isinstance(q.object, (ox.NamedNode, ox.Literal)) else None
        if graph == _SOURCES and value is not None and (m := _SENTENCE_NODE.match(subject)):
            article(m[1]).sentences.setdefault(m[2], {}).setdefault(_local(q.predicate), []).append(value)
        elif graph == _PROVENANCE and value is not None and (m := _SENTENCE_GRAPH.match(subject)):
            article(m[1]).provenance.setdefault(m[2], {}).setdefault(_local(q.predicate), []).append(value)
        elif m := _SENTENCE_GRAPH.match(graph):
            article(m[1]).graphs.setdefault(m[2], []).append(q)
    return articles


def _local(node: ox.NamedNode) -> str:
    return node.value.rsplit("#", 1)[-1]


def _sentence_problems(article: str, data: _Article, cat: Catalogue) -> list[Problem]:
    out: list[Problem] = []
    modalities = cat.vocabulary("Modality")
    listed = ", ".join(modalities.values())
    fact = f"{_FACT} {article}"
    headline = min(data.sentences, key=_order, default=None)
    for sid, fields in sorted(data.sentences.items(), key=lambda item: _order(item[0])):
        excluded = any(v.value == "true" for v in fields.get("excluded", []))
        # Without them the sentence's quote cannot be checked, nor its facts placed in the article.
        lacking = [f"skg:{name}" for name in ("inDocument", "beginIndex", "endIndex", "text") if not fields.get(name)]
        if lacking:
            out.append(Problem("error", "article:provenance", article, sid, "",
                               f"the sentence's record in g:sources has no {' or '.join(lacking)}: copy the sentence "
                               f"and its offsets from `spacekg sentences data/articles/{article}.txt`"))
        # The id is how every command and answer names the sentence: it must be the one its IRI ends in.
        ids = sorted({v.value for v in fields.get("sentenceId", [])})
        if ids != [sid]:
            given = f"gives skg:sentenceId {', '.join(repr(i) for i in ids)}" if ids else "has no skg:sentenceId"
            out.append(Problem("error", "article:provenance", article, sid, "",
                               f"the sentence's record in g:sources {given}: write skg:sentenceId \"{sid}\", the id "
                               f"its IRI src:{article}-{sid} ends in"))
        # Untyped, the record is no sentence to the quote check or the queries, which find sentences by type.
        if not any(v.value == SKG + "Sentence" for v in fields.get("type", [])):
            out.append(Problem("error", "article:provenance", article, sid, "",
                               f"the sentence's record in g:sources is not typed: write src:{article}-{sid} a skg:Sentence"))
        # A blank reason is no reason: `article exclude` refuses one, and a hand edit must too.
        if excluded and not any(v.value.strip() for v in fields.get("exclusionReason", [])):
            out.append(Problem("error", "article:exclusion", article, sid, "",
                               "the sentence is excluded without a reason: give it with "
                               f"`spacekg article exclude {article} {sid} --reason …`"))
        if excluded and sid in data.graphs:
            out.append(Problem("error", "article:exclusion", article, sid, "",
                               "the sentence is excluded but its graph states facts: remove them, or include "
                               f"the sentence again with `spacekg article exclude {article} {sid} --undo`"))
        speakers = data.provenance.get(sid, {}).get("attributedTo", [])
        graph = data.graphs.get(sid, [])
        # Who said it and who they are (a quote's --role or --affiliation) is no part of what they said.
        if not excluded and (not graph or (speakers and all(q.subject in speakers for q in graph))):
            exclude = f"exclude it (`spacekg article exclude {article} {sid} --reason …`)"
            if speakers:
                who = shorten(speakers[0].value)
                # `article exclude` refuses an attributed sentence, so that who said it is never dropped unseen.
                drop = (f"the facts about {who} in its graph and its skg:attributedTo in g:provenance" if graph
                        else "its skg:attributedTo in g:provenance")
                said = (f"the sentence is attributed to {who} but states none of what was said yet: add it with a "
                        f"template (`{fact} {sid} statement …`, `plan …`), or, if it says nothing to record, remove "
                        f"{drop} of data/facts/{article}.trig and {exclude}")
            elif (kind := _kind_of_line(fields, first=sid == headline)) is not None:
                said = (f"the sentence states no facts yet; it reads as a {kind}: exclude it (`spacekg article exclude "
                        f"{article} {sid} --reason \"{kind}\"`), or add its facts (`{fact} {sid} TEMPLATE …`)")
            else:
                said = f"the sentence states no facts yet: add them (`{fact} {sid} TEMPLATE …`, or by hand), or {exclude}"
            out.append(Problem("warning", "article:unfilled", article, sid, "", said))
    for sid in sorted(data.graphs, key=_order):
        prov = data.provenance.get(sid, {})
        if sid not in data.sentences:
            out.append(Problem("error", "article:provenance", article, sid, "",
                               f"g:{article}-{sid} states facts but {article} has no sentence {sid}: "
                               "fix the graph's name (`spacekg sentences` lists the ids)"))
            continue
        if not prov.get("modality"):
            out.append(Problem("error", "article:provenance", article, sid, "",
                               "the sentence's graph has no skg:modality: say what kind of statement it is with "
                               f"`{fact} {sid} TEMPLATE … --modality …` ({listed}), or in g:provenance"))
        elif not any(m.value in modalities for m in prov["modality"]):
            shown = ", ".join(shorten(m.value) for m in prov["modality"])
            out.append(Problem("error", "article:provenance", article, sid, "",
                               f"{shown} is not a modality: use one of {listed}"))
        if [v.value for v in prov.get("statedIn", [])] != [f"{SOURCE}{article}-{sid}"]:
            out.append(Problem("error", "article:provenance", article, sid, "",
                               f"g:{article}-{sid} needs `skg:statedIn src:{article}-{sid}` in g:provenance"))
        if [v.value for v in prov.get("source", [])] != [SOURCE + article]:
            out.append(Problem("error", "article:provenance", article, sid, "",
                               f"g:{article}-{sid} needs `skg:source src:{article}` in g:provenance"))
        if any(_local(m) == "Reported" for m in prov.get("modality", []) if isinstance(m, ox.NamedNode)) \
                and not prov.get("attributedTo"):
            out.append(Problem("warning", "article:provenance", article, sid, "",
                               "the sentence is reported but says not by whom: name the source with "
                               f"`{fact} {sid} report --outlet …` or `quote --speaker …`"))
    out += _misfit_provenance(article, data, cat)
    return out


def _misfit_provenance(article: str, data: _Article, cat: Catalogue) -> list[Problem]:
    """A provenance value of a kind its property does not take (a rover as a speaker). The OWL
    closure does not read g:provenance, so no range or disjointness axiom would ever meet it."""
    out = []
    for sid, fields in sorted(data.provenance.items(), key=lambda item: _order(item[0])):
        # The modality, the sentence and the source have checks of their own above, which say
        # what to write instead.
        for name, values in sorted((n, v) for n, v in fields.items() if n not in ("modality", "statedIn", "source")):
            for value in values:
                kinds = cat.ranges.get(SKG + name, set()) if isinstance(value, ox.NamedNode) else set()
                for kind in sorted(k for k in kinds if not cat.fits(value.value, k)):
                    what = "; ".join(sorted(shorten(t) for t in cat.types.get(value.value, ())))
                    fix = (f"attribute the sentence to who said it (`{_FACT} {article} {sid} quote --speaker …`) or to the "
                           f"outlet that reported it (`report --outlet …`)" if name == "attributedTo"
                           else f"give a {shorten(kind)} in g:provenance of data/facts/{article}.trig")
                    out.append(Problem("error", "article:provenance", article, sid, shorten(value.value),
                                       f"{shorten(value.value)} ({cat.label(value.value)}; {what}) is not a "
                                       f"{shorten(kind)}, which skg:{name} takes: {fix}"))
    return out


def _term_problems(article: str, sid: str, graph: list[ox.Quad], cat: Catalogue) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    for q in graph:
        for position, node in (("subject", q.subject), ("predicate", q.predicate), ("object", q.object)):
            if not isinstance(node, ox.NamedNode) or not node.value.startswith(BASE) or node.value in seen:
                continue
            seen.add(node.value)
            problem = _unknown(node.value, position, q, cat)
            if problem:
                out.append(Problem("error", "article:unknown-term", article, sid, shorten(node.value), problem))
    return out


def _unknown(iri: str, position: str, q: ox.Quad, cat: Catalogue) -> str | None:
    if iri.startswith(SKG):
        local = iri[len(SKG):]
        if position == "predicate" and iri not in cat.properties:
            return f"skg:{local} is not a property of the ontology; {suggest(local, _locals(cat.properties))}"
        if q.predicate.value == RDF + "type" and position == "object" and iri not in cat.classes:
            return f"skg:{local} is not a class of the ontology; {suggest(local, _locals(cat.classes))}"
        if not cat.known(iri) and iri not in cat.types:
            return f"skg:{local} is not a term of the ontology; {suggest(local, _locals({**cat.classes, **cat.properties}))}"
        return None
    if iri.startswith(ID) and not cat.known(iri):
        names = {n.text: n.entity for n in cat.names}
        names.update({e[len(ID):]: e for e in cat.labels if e.startswith(ID)})
        hint = suggest(iri[len(ID):], names, labels=cat.labels)
        return (f"{shorten(iri)} is not an entity of the project; {hint}{'' if hint.endswith('?') else '.'} "
                f"If it is new, say what it is in this sentence's graph (`--is {shorten(iri)} CLASS` on a template) "
                "or in data/entities.ttl")
    return None


def _locals(terms: dict[str, str]) -> dict[str, str]:
    return {f"skg:{t[len(SKG):]}": t for t in terms}


def _date_problems(article: str, sid: str, graph: list[ox.Quad], cat: Catalogue) -> list[Problem]:
    out: list[Problem] = []
    nodes: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]] = {}
    for q in graph:
        if (isinstance(q.subject, ox.NamedNode) and isinstance(q.object, (ox.NamedNode, ox.Literal))
                and q.predicate.value.startswith(SKG)):
            nodes.setdefault(q.subject.value, {}).setdefault(_local(q.predicate), []).append(q.object)
    published = cat.published.get(SOURCE + article)
    for node, fields in sorted(nodes.items()):
        where = shorten(node)
        has_window = any(k in fields for k in ("earliestTime", "latestTime", "time"))
        if has_window and "timePrecision" not in fields:
            out.append(Problem("error", "article:dates", article, sid, where,
                               "the date has no skg:timePrecision: give it (skg:PrecisionDay, …Month, …Year, …), "
                               "or write the date with --when so the template records it"))
        # On a node with a duration ("more than two years"), the words are the duration's.
        if "timeExpression" in fields and not has_window and not {"durationDays", "minDurationDays"} & set(fields):
            out.append(Problem("warning", "article:dates", article, sid, where,
                               "the time expression is not resolved to a window: give --when (or --date for words "
                               "that need context) so that the dates can be checked"))
        # The words are the date's evidence: without them a window cannot be checked against its sentence.
        if has_window and "timeExpression" not in fields:
            out.append(Problem("warning", "article:dates", article, sid, where,
                               "the date has no skg:timeExpression: record the sentence's words for it, or write "
                               "the date with --when so the template records them"))
        twice = [f"skg:{name}" for name in ("timeExpression", "earliestTime", "latestTime", "timePrecision")
                 if len(set(fields.get(name, []))) > 1]
        if twice:
            out.append(Problem("error", "article:dates", article, sid, where,
                               f"the sentence gives the event two time windows ({', '.join(twice)} twice), and each "
                               "would get a verdict: keep the one its words give and remove the other"))
        earliest, latest = fields.get("earliestTime", []), fields.get("latestTime", [])
        if earliest and latest and min(e.value for e in earliest) > max(v.value for v in latest):
            out.append(Problem("error", "article:dates", article, sid, where,
                               "skg:earliestTime is after skg:latestTime: the window is inverted: swap the two "
                               "values, or give the words again with --when"))
        if published and "timeAnchor" not in fields and fields.get("timeExpression"):
            if _relative(fields["timeExpression"][0].value, published):
                out.append(Problem("warning", "article:dates", article, sid, where,
                                   f"\"{fields['timeExpression'][0].value}\" is relative to the publication date: "
                                   f"record it with `skg:timeAnchor src:{article}` (templates do this with --when)"))
        if published and has_window and len(fields.get("timeExpression", [])) == 1 and not twice:
            # A window read at another offset than the article's (--tz) says which.
            own = fields.get("windowUtcOffset")
            recorded = cat.offsets.get(SOURCE + article, "+00:00")
            outside = _outside_its_words(fields, published, own[0].value if own else recorded, recorded)
            if outside:
                out.append(Problem("error", "article:dates", article, sid, where, outside))
        if published and len(fields.get("periodExpression", [])) == 1:
            # A count's period is checked against its words as an event's window is.
            own = fields.get("windowUtcOffset")
            recorded = cat.offsets.get(SOURCE + article, "+00:00")
            period = {"timeExpression": fields["periodExpression"], "earliestTime": fields.get("periodStart", []),
                      "latestTime": fields.get("periodEnd", [])}
            outside = _outside_its_words(period, published, own[0].value if own else recorded, recorded)
            if outside:
                out.append(Problem("error", "article:dates", article, sid, where, "the count's period: " + outside))
        if "countedFrom" in fields and has_window and len(fields.get("timeExpression", [])) == 1 and not twice:
            recount = _recounted(fields, cat, f"{shorten(GRAPH)}{article}-{sid}", article)
            if recount:
                out.append(Problem("warning", "article:dates", article, sid, where, recount))
    return out


def _outside_its_words(fields: dict[str, list[ox.NamedNode | ox.Literal]], published: date, offset: str,
                       article_offset: str) -> str:
    """Why a recorded window lies outside the period its words give, read against the article's
    publication date and UTC offset ("on Monday" recorded as another day, or as a UTC day in an
    article dated in Beijing); empty when it lies within, or when the words need context to resolve
    ("a year later"). A window given by hand may be narrower than the words (a day for "in 2016").
    Read at another offset than the article's, the words are read from each day the publication
    day is there, as the templates read them."""
    expression = fields["timeExpression"][0].value
    try:
        zone = utc_offset(offset, "utcOffset")
        days = publication_days(published, utc_offset(article_offset, "utcOffset"), zone)
        # A bare weekday or month lies before the publication date or after it, by the tense: either is the words'.
        windows = [resolve(expression, published=day, utc_offset=zone, future=future)
                   for day in days for future in (False, True)]
        starts = [_zoned_instant(v) for v in fields.get("earliestTime", []) + fields.get("time", [])]
        ends = [_zoned_instant(v) for v in fields.get("latestTime", []) + fields.get("time", [])]
    except (UsageError, ValueError):
        return ""  # a malformed time or offset: the datatype check and the shapes say so
    start, end = min(starts, default=None), max(ends, default=None)

    def within(window: TimeWindow) -> bool:
        return ((window.earliest is None or (start is not None and start >= window.earliest))
                and (window.latest is None or (end is not None and end <= window.latest)))

    if any(within(w) for w in windows):
        return ""
    said = " to ".join(_stamp(i) for i in (windows[0].earliest, windows[0].latest))
    recorded = " to ".join(_stamp(i) for i in (start, end))
    return (f"the window {recorded} is not within what \"{expression}\" gives against the publication date "
            f"{published.isoformat()} at UTC{offset_text(zone)}, {said}: record the window its words give (the "
            "template does this with --when), or, if the article dates itself in another zone, give its "
            "skg:utcOffset in data/sources.ttl (or this fact's skg:windowUtcOffset: the template's --tz writes it)")


def _recounted(fields: dict[str, list[ox.NamedNode | ox.Literal]], cat: Catalogue, graph: str, article: str) -> str:
    """Why a window counted from another event (skg:countedFrom) is not what that event's window in
    the project now gives, counted again the template's way; empty when it is. The event was
    re-dated (a narrower or corrected time in another sentence, or the background) after the
    window was recorded, and its verdicts would judge the old count."""
    anchor = shorten(fields["countedFrom"][0].value)
    expression = fields["timeExpression"][0].value
    refresh = (f"remove its skg:earliestTime, skg:latestTime and skg:timePrecision from {graph} in "
               f"data/facts/{article}.trig and give the words again with --when \"{expression}\" --after {anchor}")
    try:
        counted = after_event(expression, *event_window(cat, fields["countedFrom"][0].value))
        starts = {_zoned_instant(v) for v in fields.get("earliestTime", [])}
        ends = {_zoned_instant(v) for v in fields.get("latestTime", [])}
    except ValueError:
        return ""  # a malformed instant: the datatype check names it
    except UsageError as exc:
        return f"\"{expression}\" is counted from {anchor}, which no longer gives a window to count from ({exc})"
    precision = fields.get("timePrecision")
    recorded = (min(starts, default=None), max(ends, default=None), shorten(precision[0].value) if precision else "")
    now = (counted.earliest, counted.latest, f"skg:{counted.precision}")
    if recorded == now:
        return ""
    return (f"\"{expression}\" is counted from {anchor}, whose window in the project now gives "
            f"{_stamp(now[0])}..{_stamp(now[1])} ({now[2]}), not the recorded {_stamp(recorded[0])}..{_stamp(recorded[1])}"
            f" ({recorded[2] or 'no precision'}): {anchor} was dated anew after this was recorded; {refresh}")


def _zoned_instant(value: ox.NamedNode | ox.Literal) -> datetime:
    instant = datetime.fromisoformat(value.value.replace("Z", "+00:00"))
    if instant.tzinfo is None:
        # A date or a time without its zone is no instant: the datatype check names it.
        raise ValueError(value.value)
    return instant


def _stamp(instant: datetime | None) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ") if instant else "open"


_XSD = "http://www.w3.org/2001/XMLSchema#"
# A literal's lexical form, and how to write it, by datatype: a malformed value is dropped by the
# reasoner, or ends it.
_LEXICAL = {
    _XSD + "dateTime": (re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"),
                        '"YYYY-MM-DDThh:mm:ssZ"^^xsd:dateTime'),
    _XSD + "integer": (re.compile(r"[+-]?\d+"), "a whole number"),
    _XSD + "decimal": (re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"), "a number"),
    _XSD + "boolean": (re.compile(r"true|false|1|0"), "true or false"),
}
# A whole number is a decimal: xsd:integer is derived from xsd:decimal.
_ALSO = {_XSD + "decimal": {_XSD + "integer"}}


def _literal_problems(article: str, sid: str, graph: list[ox.Quad], cat: Catalogue) -> list[Problem]:
    """A value whose datatype is not its property's range ("2020-12-31"^^xsd:date for an
    xsd:dateTime, a count as a string), or whose words are not of its datatype: the shapes name
    only the node (at the sentence that describes it first), and the rules and verdicts pass it by."""
    out = []
    for q in graph:
        wanted = sorted(r for r in cat.ranges.get(q.predicate.value, ()) if r in _LEXICAL)
        if not isinstance(q.object, ox.Literal) or not wanted:
            continue
        where = shorten(q.subject.value) if isinstance(q.subject, ox.NamedNode) else ""
        prop, datatype = shorten(q.predicate.value), q.object.datatype.value
        pattern, form = _LEXICAL[wanted[0]]
        fix = (term(ox.Literal(q.object.value, datatype=ox.NamedNode(wanted[0])))
               if pattern.fullmatch(q.object.value) else form)
        if datatype not in wanted and not any(datatype in _ALSO.get(w, ()) for w in wanted):
            out.append(Problem("error", "article:datatype", article, sid, where,
                               f"{prop} takes {shorten(wanted[0])}, and {term(q.object)} is {shorten(datatype)}: "
                               f"write it as {fix}"))
        elif not _LEXICAL[datatype][0].fullmatch(q.object.value):
            out.append(Problem("error", "article:datatype", article, sid, where,
                               f"{term(q.object)} is not a valid {shorten(datatype)} for {prop}: "
                               f"write it as {_LEXICAL[datatype][1]}"))
        elif (canonical := _canonical(q.object)) != q.object:
            out.append(Problem("warning", "article:datatype", article, sid, where,
                               f"{term(q.object)} of {prop} is written as {term(canonical)} by a store, which keeps "
                               f"the value, not the words: write it so, or the graph a store serves differs from "
                               f"the file's"))
    return out


def _canonical(literal: ox.Literal) -> ox.Literal:
    """``literal`` as a store writes its value ("1731.0"^^xsd:decimal is "1731")."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), literal))
    found = next(iter(store)).object
    return found if isinstance(found, ox.Literal) else literal


# The numbers ontology/rules/50-verdict-values.rq compares with the cited ones, when a claim states them.
JUDGED_VALUES = ("durationDays", "minDurationDays", "massTonnes", "minMassTonnes", "crewSize", "seriesOrdinal",
                 "collectedMassGrams")
# A lower bound a sentence gives ("more than two years", "a more than 60-tonne station") is claimed
# as the value it bounds, hedged; the ontology names each bound's value in its definition.
BOUNDED_VALUES = {"minDurationDays": "durationDays", "minMassTonnes": "massTonnes"}


def _unclaimed_values(article: str, sid: str, graph: list[ox.Quad]) -> list[Problem]:
    """A number the sentence states ("its first manned mission", "two astronauts") that no claim
    restates: the verdicts judge claims only, so the number would never be checked."""
    restated = {(about.object, said.object) for about in graph for said in graph
                if about.predicate.value == RDF + "subject" and said.predicate.value == RDF + "predicate"
                and said.subject == about.subject}
    out = []
    for q in graph:
        name = q.predicate.value.removeprefix(SKG)
        claimed = BOUNDED_VALUES.get(name, name)
        if name in JUDGED_VALUES and q.predicate.value.startswith(SKG) and isinstance(q.subject, ox.NamedNode) \
                and isinstance(q.object, ox.Literal) and (q.subject, ox.NamedNode(SKG + claimed)) not in restated:
            number = f'"more than {q.object.value}"' if claimed != name else q.object.value
            out.append(Problem("warning", "article:unclaimed", article, sid, shorten(q.subject.value),
                               f"the sentence gives skg:{name} {q.object.value} and no claim restates it, so no "
                               f"verdict checks it: add one with `spacekg article fact {article} {sid} statement "
                               f"--about {shorten(q.subject.value)} --property {claimed} --number {number}`"))
    return out


def _second_values(article: str, sid: str, graph: list[ox.Quad], cat: Catalogue) -> list[Problem]:
    out = []
    for clash in cat.second_values((q.subject, q.predicate, q.object) for q in graph):
        values = ", ".join(term(v) for v in clash.values)
        subject, what = term(clash.subject), shorten(clash.what)
        if clash.of_property:
            message = (f"the sentence gives {subject} {len(clash.values)} values of {what} ({values}), which a thing "
                       "has one of, and each would get a verdict: keep the one its words give")
        else:
            message = (f"the sentence has {len(clash.values)} {what}s about {subject} ({values}), and each "
                       "would get a verdict: keep the one its words give")
        out.append(Problem("error", "article:second-value", article, sid, subject, message))
    return out


_REPORTED_PLAN = ox.NamedNode(SKG + "ReportedPlan")


def _second_values_across(article: str, data: _Article, cat: Catalogue) -> list[Problem]:
    """Two sentences of one article that give one thing two values of a property it has one of
    (a plan's target "by the end of the year" and "by 2030"): the thing would get both, and a
    verdict on each against the other sentence's words. One sentence's own second value is
    reported with that sentence."""
    where: dict[tuple[str, ox.NamedNode | ox.Literal], list[str]] = {}
    triples = []
    for sid, graph in sorted(data.graphs.items(), key=lambda item: _order(item[0])):
        for q in graph:
            triples.append((q.subject, q.predicate, q.object))
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, (ox.NamedNode, ox.Literal)):
                where.setdefault((q.subject.value, q.object), []).append(sid)
    out = []
    clashes = [c for c in cat.second_values(triples) if c.of_property]  # two sentences' weekday claims are two claims
    # A reported plan is judged once, on its one target: two sentences' targets would get two verdicts.
    plans = {s for s, p, o in triples if p.value == RDF + "type" and o == _REPORTED_PLAN}
    for bound in ("earliestTime", "latestTime"):
        values: dict[ox.NamedNode, set[ox.NamedNode | ox.Literal]] = {}
        for s, p, o in triples:
            if s in plans and p.value == SKG + bound:
                values.setdefault(s, set()).add(o)  # type: ignore[arg-type]
        clashes += [SecondValue(s, SKG + bound, tuple(sorted(vs, key=str))) for s, vs in sorted(
            values.items(), key=lambda item: item[0].value) if len(vs) > 1]
    for clash in clashes:
        stated = {value: where.get((clash.subject.value, value), []) for value in clash.values}
        sentences = {sid for sids in stated.values() for sid in sids}
        if any(sum(sid in stated[v] for v in clash.values) > 1 for sid in sentences):
            continue  # one sentence holds two of them: reported with that sentence
        listed = "; ".join(f"{term(v)} in {', '.join(stated[v])}" for v in clash.values)
        last = max(sentences, key=_order)
        out.append(Problem("error", "article:second-value", article, last, term(clash.subject),
                           f"the article's sentences give {term(clash.subject)} {len(clash.values)} values of "
                           f"{shorten(clash.what)} ({listed}), which a thing has one of: if the sentences say "
                           "different things, give each its own node, else keep the value the words give"))
    return out


def _windows_across(article: str, data: _Article) -> list[Problem]:
    """Two sentences of one article that date one event to windows that do not overlap ("on
    Oct. 26" and "on Sunday (Oct. 29)"): one of them tells of another event that a template gave
    the same name (a handover is no docking), or the article contradicts itself. Windows of other
    precisions that overlap ("in October", "on Oct. 26") are one date told twice."""
    windows: dict[str, dict[str, tuple[str, str, str]]] = {}
    plans = set()
    for sid, graph in data.graphs.items():
        fields: dict[str, dict[str, str]] = {}
        for q in graph:
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, (ox.NamedNode, ox.Literal)):
                fields.setdefault(q.subject.value, {})[_local(q.predicate)] = q.object.value
                if q.predicate.value == RDF + "type" and q.object == _REPORTED_PLAN:
                    plans.add(q.subject.value)
        for node, values in fields.items():
            if "earliestTime" in values or "latestTime" in values:
                windows.setdefault(node, {})[sid] = (values.get("earliestTime", ""), values.get("latestTime", ""),
                                                     values.get("timeExpression", ""))
    out = []
    for node, by_sentence in sorted(windows.items()):
        if node in plans:
            continue  # a reported plan's two targets are a second value (article:second-value)
        sids = sorted(by_sentence, key=_order)
        for i, later in enumerate(sids):
            clash = next((s for s in sids[:i] if _apart(by_sentence[s], by_sentence[later])), None)
            if clash is None:
                continue
            words = lambda sid: by_sentence[sid][2] or "its window"  # noqa: E731
            out.append(Problem("warning", "article:dates", article, later, shorten(node),
                               f"the article dates {shorten(node)} to {words(clash)!r} in {clash} and to "
                               f"{words(later)!r} here, which do not overlap: if this sentence tells of another "
                               "event, remove its facts and give it its own --id; if the article contradicts "
                               "itself, keep both"))
            break
    return out


def _apart(one: tuple[str, str, str], other: tuple[str, str, str]) -> bool:
    """Whether two windows (earliest, latest; "" for an open end) surely do not overlap."""
    try:
        start = [_instant(w[0]) for w in (one, other)]
        end = [_instant(w[1]) for w in (one, other)]
    except ValueError:
        return False  # a malformed time: article:datatype says so
    return any(s is not None and e is not None and s > e for s, e in ((start[0], end[1]), (start[1], end[0])))


def _instant(value: str) -> datetime | None:
    if not value:
        return None
    instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    # A time without its offset (a date written as an xsd:date, which article:datatype names) is read at UTC.
    return instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)


def _weekday_problems(article: str, sid: str, graph: list[ox.Quad]) -> list[Problem]:
    """A weekday claim about an event that the same sentence dates to a day of another weekday
    ("on Thursday, Nov. 16" and a claim of Friday): one of the two answers is a slip."""
    fields: dict[str, dict[str, str]] = {}
    for q in graph:
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, (ox.NamedNode, ox.Literal)):
            fields.setdefault(q.subject.value, {})[_local(q.predicate)] = q.object.value
    out = []
    for claim, claimed in sorted(fields.items()):
        event = fields.get(claimed.get("aboutEvent", ""), {})
        if "claimedWeekday" not in claimed or "claimedUtcOffset" not in claimed \
                or event.get("timePrecision") != SKG + "PrecisionDay" or "earliestTime" not in event:
            continue
        try:
            start = datetime.fromisoformat(event["earliestTime"].replace("Z", "+00:00"))
            sign = -1 if claimed["claimedUtcOffset"].startswith("-") else 1
            hours, minutes = claimed["claimedUtcOffset"][1:].split(":")
        except ValueError:
            continue  # a malformed time or offset: the shapes say so
        # The middle of the dated day, at the claim's zone: a few hours between the two zones
        # leave it on the same day.
        day = (start + timedelta(hours=12) + sign * timedelta(hours=int(hours), minutes=int(minutes))).strftime("%A")
        if day != claimed["claimedWeekday"]:
            out.append(Problem("warning", "article:dates", article, sid, shorten(claim),
                               f"the sentence dates {shorten(claimed['aboutEvent'])} to a {day}, and this claim "
                               f"says {claimed['claimedWeekday']}: one of the two answers is a slip"))
    return out


def _zone_problems(article: str, sid: str, graph: list[ox.Quad], data: _Article) -> list[Problem]:
    """A time or weekday claim read in a zone it says the sentence states, where the sentence
    names none: the verdict would leave out the reading (UTC) that the words leave open."""
    texts = data.sentences.get(sid, {}).get("text", [])
    if not texts or names_a_zone(texts[0].value):
        return []
    out = []
    for q in graph:
        if q.predicate.value == SKG + "zoneBasis" and isinstance(q.object, ox.Literal) and \
                isinstance(q.subject, ox.NamedNode) and re.search(r"stat", q.object.value, re.I) \
                and not re.search(r"dateline|publisher", q.object.value, re.I):
            out.append(Problem("warning", "article:dates", article, sid, shorten(q.subject.value),
                               "the claim's zone is said to be stated, but the sentence names no zone: give the "
                               "dateline's or the publisher's as --zone-basis"))
    return out


def _relative(expression: str, published: date) -> bool:
    try:
        return resolve(expression, published=published).anchored
    except UsageError:
        return False


def text_problems(project: Project, quads: list[ox.Quad]) -> list[Problem]:
    """Each registered article whose text is missing, or not the one registered (skg:textSha256)."""
    records: dict[str, dict[str, str]] = {}
    for q in quads:
        if not (isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)):
            continue
        if (m := ARTICLE_IRI.match(q.subject.value)) and q.predicate.value in (SKG + "fileName", SKG + "textSha256"):
            records.setdefault(m[1], {})[_local(q.predicate)] = q.object.value
    out: list[Problem] = []
    for article, record in sorted(records.items()):
        if "fileName" not in record or "textSha256" not in record:
            continue  # the shapes report a record without them
        path = project.root / record["fileName"]
        if not path.is_file():
            out.append(Problem("error", "article:text", article, "", "",
                               f"{record['fileName']} is missing: restore the article's text, or remove the "
                               f"article (its record in data/sources.ttl and data/facts/{article}.trig)"))
        elif change := text_change(record["fileName"], path.read_bytes(), record["textSha256"]):
            out.append(Problem("error", "article:text", article, "", "", change))
    return out


def _facts_problems(quads: list[ox.Quad]) -> list[Problem]:
    """A registered article whose sentences are in no graph: its facts file is missing or renamed,
    and the article would drop out of every answer without a word."""
    registered = {m[1] for q in quads if isinstance(q.subject, ox.NamedNode) and q.predicate.value == SKG + "fileName"
                  and (m := ARTICLE_IRI.match(q.subject.value))}
    with_sentences = {m[1] for q in quads if q.predicate.value == SKG + "inDocument"
                      and isinstance(q.object, ox.NamedNode) and (m := ARTICLE_IRI.match(q.object.value))}
    return [Problem("error", "article:facts", article, "", "",
                    f"registered in data/sources.ttl, but none of its sentences is in the project: restore "
                    f"data/facts/{article}.trig (a facts file is named after its article)")
            for article in sorted(registered - with_sentences)]


def unfinished(project: Project, quads: list[ox.Quad]) -> list[Problem]:
    """An article whose text or sentences are in the project but whose source record is not: its
    registration was stopped before it wrote the record, its last step."""
    registered = {m[1] for q in quads if isinstance(q.subject, ox.NamedNode) and q.predicate.value == RDF + "type"
                  and q.object == ox.NamedNode(SKG + "SourceDocument") and (m := ARTICLE_IRI.match(q.subject.value))}
    started = {p.stem for p in project.article_files()} | {
        m[1] for q in quads if q.predicate.value == SKG + "inDocument" and isinstance(q.object, ox.NamedNode)
        and (m := ARTICLE_IRI.match(q.object.value))}
    return [Problem("error", "article:unfinished", article, "", "",
                    f"its text or sentences are in the project but data/sources.ttl has no record of it: its "
                    f"registration was stopped; run the same `spacekg article add` again to finish it, or remove "
                    f"data/articles/{article}.txt and data/facts/{article}.trig")
            for article in sorted(started - registered)]


def _near_duplicates(quads: list[ox.Quad], cat: Catalogue, only: str | None) -> list[Problem]:
    """A thing that an article's sentence brings in with its type, that nothing outside the
    articles describes, and whose name is a slip of a thing described before it, outside the
    articles or in an earlier sentence ("d:chandrayan-3" beside "d:chandrayaan-3"): two nodes for
    one thing split its facts. A slip keeps the name's
    numbers and words, and changes a word of five letters or more only a little ("landr" is
    "lander"; "Bone 2" and "Gone 2", "Koval" and "Boval" are other names), or only its case."""
    from rapidfuzz import fuzz, process

    introduced: dict[str, str] = {}
    typed_at: dict[str, str] = {}
    described_elsewhere: set[str] = set()
    for q in quads:
        if not (isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ID)):
            continue
        place = graph_place(q.graph_name.value) if isinstance(q.graph_name, ox.NamedNode) else None
        if place is None:
            described_elsewhere.add(q.subject.value)
        elif q.predicate.value == RDF + "type":
            if q.subject.value not in typed_at or _order(place) < _order(typed_at[q.subject.value]):
                typed_at[q.subject.value] = place
            if only is None or place.split(" ")[0] == only:
                introduced.setdefault(q.subject.value, place)
    # A slip is of a thing described before it: outside the articles, or in an earlier sentence
    # (an event a template named: "d:chandrayan-3-landing" after "d:chandrayaan-3-landing").
    groups: dict[tuple[object, ...], list[str]] = {}
    for iri in sorted(e for e in cat.types if e.startswith(ID) and (e in described_elsewhere or e in typed_at)):
        groups.setdefault(_shape(iri[len(ID):]), []).append(iri[len(ID):])

    def before(other: str, iri: str) -> bool:
        return other in described_elsewhere or (other in typed_at and _order(typed_at[other]) < _order(typed_at[iri]))
    out = []
    # IRIs are case-sensitive: "d:Falcon-9" beside "d:falcon-9" is two things, however short the
    # name. The first one described (elsewhere, then in the articles' order) is the one to keep.
    first: dict[str, str] = {}
    for iri in [*sorted(described_elsewhere), *sorted(typed_at, key=lambda i: (_order(typed_at[i]), i))]:
        first.setdefault(iri.casefold(), iri)
    for iri, place in sorted(introduced.items()):
        local = iri[len(ID):]
        if iri in described_elsewhere:
            continue
        if (kept := first[iri.casefold()]) != iri:
            article, sid = place.split(" ")
            out.append(Problem("warning", "article:near-duplicate", article, sid, shorten(iri),
                               f"{shorten(iri)} differs from {shorten(kept)} ({cat.label(kept)}) only in case, and "
                               f"IRIs are case-sensitive: if it is the same thing, use {shorten(kept)}"))
            continue
        near = process.extract(local, groups.get(_shape(local), []), scorer=fuzz.ratio, score_cutoff=85, limit=5)
        close = [name for name, _, _ in near if name != local and _slip_of(local, name) and before(ID + name, iri)
                 and _may_be_one(cat, iri, ID + name)]
        if close:
            article, sid = place.split(" ")
            other = ID + close[0]
            out.append(Problem("warning", "article:near-duplicate", article, sid, shorten(iri),
                               f"{shorten(iri)} is new here and close to {shorten(other)} "
                               f"({cat.label(other)}): if it is the same thing, use {shorten(other)}"))
    return out


def _may_be_one(cat: Catalogue, iri: str, other: str) -> bool:
    """Whether two things may be one by their kinds: a kind of one is, or narrows, a kind of the
    other. A craft is no event, so "d:change-6-returner" is no slip of "d:change-6-return"."""
    kinds, others = cat.types.get(iri, set()), cat.types.get(other, set())
    return not kinds or not others or any(cat.subsumed(a, b) or cat.subsumed(b, a) for a in kinds for b in others)


def _shape(local: str) -> tuple[object, ...]:
    """A name's numbers and its count of words: a slip keeps both."""
    words = re.split(r"[-_]", local)
    return (tuple(w for w in words if w.isdigit()), len(words))


def _slip_of(local: str, other: str) -> bool:
    from rapidfuzz import fuzz

    pairs = [(a, b) for a, b in zip(re.split(r"[-_]", local), re.split(r"[-_]", other)) if a != b]
    return bool(pairs) and all(len(a) >= 5 and len(b) >= 5 and fuzz.ratio(a, b) >= 85 for a, b in pairs)
