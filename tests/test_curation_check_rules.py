"""Each article check as a rule: a mistake of its kind, made in any sentence of the shipped articles,
is reported at that article and sentence with its fix, and nothing else is.

The article checks read the asserted quads, so the mistakes are made on the shipped project's
quads and checked without a build (Hypothesis picks the sentence and the variant). The quote check,
the shapes of every claim kind and the report's text are checked once through ``spacekg check``.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime, timedelta

import pyoxigraph as ox
import pytest
from curation_project import REPO, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacekg.curation.catalogue import project_quads
from spacekg.curation.dates import resolve
from spacekg.curation.lint import BOUNDED_VALUES, JUDGED_VALUES, Problem, article_problems
from spacekg.errors import ExitCode, UsageError
from spacekg.namespaces import GRAPH, ID, RDF, SKG, SOURCE, shorten
from spacekg.sources.project import Project

PROJECT = Project(REPO)
SHIPPED = project_quads(PROJECT)
PROVENANCE = ox.NamedNode(GRAPH + "provenance")
SOURCES = ox.NamedNode(GRAPH + "sources")
_SENTENCE_GRAPH = re.compile(re.escape(GRAPH) + r"(a\d+)-(L\d+\.\d+)$")
RULES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sentence_of(graph: ox.NamedNode) -> tuple[str, str]:
    match = _SENTENCE_GRAPH.match(graph.value)
    assert match, graph
    return match[1], match[2]


def skg(local: str) -> ox.NamedNode:
    return ox.NamedNode(SKG + local)


def provenance_of(graph: ox.NamedNode, predicate: str) -> list[ox.Quad]:
    return [q for q in SHIPPED if q.graph_name == PROVENANCE and q.subject == graph and q.predicate == skg(predicate)]


FILLED = sorted({q.graph_name for q in SHIPPED if isinstance(q.graph_name, ox.NamedNode)
                 and _SENTENCE_GRAPH.match(q.graph_name.value)}, key=lambda n: n.value)
REPORTED = [g for g in FILLED if any(q.object == skg("Reported") for q in provenance_of(g, "modality"))]
EXCLUDED = sorted({q.subject for q in SHIPPED if q.graph_name == SOURCES and q.predicate == skg("excluded")},
                  key=lambda n: n.value)
DATED = sorted({(q.graph_name, q.subject) for q in SHIPPED if q.graph_name in FILLED
                and q.predicate == skg("timePrecision")}, key=lambda gs: (gs[0].value, gs[1].value))
WINDOWS = sorted({(q.graph_name, q.subject) for q in SHIPPED if q.graph_name in FILLED
                  and q.predicate == skg("earliestTime")
                  and any(r.graph_name == q.graph_name and r.subject == q.subject and r.predicate == skg("latestTime")
                          and r.object.value > q.object.value for r in SHIPPED)},
                 key=lambda gs: (gs[0].value, gs[1].value))
LINKS = [q for q in SHIPPED if q.graph_name in FILLED and isinstance(q.object, ox.NamedNode)
         and q.object.value.startswith(ID) and q.predicate.value != RDF + "type"]
PROPERTIES = [q for q in SHIPPED if q.graph_name in FILLED and q.predicate.value.startswith(SKG)]
TYPINGS = [q for q in SHIPPED if q.graph_name in FILLED and q.predicate.value == RDF + "type"
           and q.object.value.startswith(SKG)]
KNOWN = {t.value for q in SHIPPED for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}


def problems(quads: list[ox.Quad]) -> list[Problem]:
    return article_problems(PROJECT, quads)


def without(*removed: ox.Quad) -> list[ox.Quad]:
    gone = set(removed)
    return [q for q in SHIPPED if q not in gone]


def one(found: list[Problem], check: str, location: str, fix: str, *, severity: str = "error") -> None:
    """``found`` holds a problem of ``check`` at ``location`` whose message says ``fix``."""
    matching = [p for p in found if p.check == check and p.location == location]
    assert matching, (check, location, found)
    assert any(fix in p.message and p.severity == severity for p in matching), matching


def test_the_shipped_articles_have_no_article_problems():
    assert problems(SHIPPED) == []
    assert FILLED and REPORTED and EXCLUDED and DATED and WINDOWS and LINKS


@RULES
@given(graph=st.sampled_from(FILLED), variant=st.sampled_from(["dropped", "not a modality", "a precision"]))
def test_a_sentence_graph_without_a_modality_is_named_with_how_to_give_it(graph, variant):
    article, sid = sentence_of(graph)
    stated = provenance_of(graph, "modality")
    quads = without(*stated)
    if variant == "not a modality":
        quads.append(ox.Quad(graph, skg("modality"), skg("Certain"), PROVENANCE))
    elif variant == "a precision":
        quads.append(ox.Quad(graph, skg("modality"), skg("PrecisionDay"), PROVENANCE))
    found = problems(quads)
    if variant == "dropped":
        one(found, "article:provenance", f"{article} {sid}",
            f"has no skg:modality: say what kind of statement it is with `spacekg article fact {article} {sid} "
            "TEMPLATE … --modality …`")
    else:
        wrong = "skg:Certain" if variant == "not a modality" else "skg:PrecisionDay"
        one(found, "article:provenance", f"{article} {sid}", f"{wrong} is not a modality: use one of asserted,")
    assert {p.location for p in found} == {f"{article} {sid}"}


@RULES
@given(graph=st.sampled_from(FILLED), field=st.sampled_from(["statedIn", "source"]),
       other=st.sampled_from(FILLED), dropped=st.booleans())
def test_a_sentence_graph_without_its_sentence_or_source_is_named_with_the_triple_it_needs(graph, field, other, dropped):
    article, sid = sentence_of(graph)
    stated = provenance_of(graph, field)
    quads = without(*stated)
    if not dropped:  # pointing at another sentence's, or another article's
        wrong = provenance_of(other, field)[0].object
        if wrong == stated[0].object:
            return
        quads.append(ox.Quad(graph, skg(field), wrong, PROVENANCE))
    needed = f"src:{article}-{sid}" if field == "statedIn" else f"src:{article}"
    found = problems(quads)
    one(found, "article:provenance", f"{article} {sid}", f"g:{article}-{sid} needs `skg:{field} {needed}` in g:provenance")
    assert {p.location for p in found} == {f"{article} {sid}"}


@RULES
@given(graph=st.sampled_from(FILLED))
def test_a_reported_sentence_that_does_not_say_by_whom_is_a_warning(graph):
    article, sid = sentence_of(graph)
    quads = without(*provenance_of(graph, "modality"), *provenance_of(graph, "attributedTo"))
    quads.append(ox.Quad(graph, skg("modality"), skg("Reported"), PROVENANCE))
    one(problems(quads), "article:provenance", f"{article} {sid}",
        f"reported but says not by whom: name the source with `spacekg article fact {article} {sid} report --outlet",
        severity="warning")


@RULES
@given(node=st.sampled_from(DATED))
def test_a_date_without_its_precision_is_named_at_its_node(node):
    graph, subject = node
    article, sid = sentence_of(graph)
    precision = [q for q in SHIPPED if q.graph_name == graph and q.subject == subject
                 and q.predicate == skg("timePrecision")]
    found = problems(without(*precision))
    one(found, "article:dates", f"{article} {sid} {shorten(subject.value)}",
        "the date has no skg:timePrecision: give it (skg:PrecisionDay, …Month, …Year, …), or write the date with --when")
    assert {p.location for p in found} == {f"{article} {sid} {shorten(subject.value)}"}


def _words_resolve(graph: ox.NamedNode, subject: ox.NamedNode) -> bool:
    words = [q.object.value for q in SHIPPED if q.graph_name == graph and q.subject == subject
             and q.predicate == skg("timeExpression")]
    try:
        resolve(words[0], published=date(2018, 5, 21))
    except UsageError:
        return False  # "a year later", "has since": the words need another event to give a window
    return True


# Windows whose words give a period by themselves, relative ("on Monday") or not ("in 2013").
WORDED = [(g, s) for g, s in DATED if _words_resolve(g, s)]


@RULES
@given(node=st.sampled_from(WORDED), days=st.sampled_from([1, 31, 366]))
def test_a_window_outside_the_period_its_words_give_is_named_at_its_node(node, days):
    """A day or a year off ("on Monday" recorded as the Tuesday, "In 2013" as 2014) is named with its words."""
    graph, subject = node
    article, sid = sentence_of(graph)
    bounds = [q for q in SHIPPED if q.graph_name == graph and q.subject == subject
              and q.predicate in (skg("earliestTime"), skg("latestTime"))]
    # Later when the window has an end, earlier when it is open-ended: either way past the words'.
    shift = timedelta(days=days if any(q.predicate == skg("latestTime") for q in bounds) else -days)
    moved = [ox.Quad(q.subject, q.predicate, ox.Literal(
        (datetime.fromisoformat(q.object.value.replace("Z", "+00:00")) + shift).strftime("%Y-%m-%dT%H:%M:%SZ"),
        datatype=q.object.datatype), q.graph_name) for q in bounds]
    found = problems(without(*bounds) + moved)
    one(found, "article:dates", f"{article} {sid} {shorten(subject.value)}", "is not within what \"")
    # Only there: other checks may name what the moved day disagrees with (a weekday, a second value).
    assert {p.location for p in found if "is not within what" in p.message} == {f"{article} {sid} {shorten(subject.value)}"}


# Numbers a sentence states that a claim in the same graph restates ("its first manned mission").
RESTATED = sorted({(q.graph_name, q.subject, q.predicate) for q in SHIPPED if q.graph_name in FILLED
                   and q.predicate.value.removeprefix(SKG) in JUDGED_VALUES and q.predicate.value.startswith(SKG)},
                  key=lambda t: (t[0].value, t[1].value, t[2].value))


def test_the_numbers_checked_for_a_claim_are_the_numbers_the_verdicts_compare():
    rule = (REPO / "ontology" / "rules" / "50-verdict-values.rq").read_text()
    compared = set(re.findall(r"\(skg:(\w+) \"", rule)) | set(re.findall(r"rdf:predicate skg:(\w+) ;", rule))
    # A bound a sentence gives is checked as the hedged claim of the value it bounds.
    assert compared == set(JUDGED_VALUES) - set(BOUNDED_VALUES) and set(BOUNDED_VALUES.values()) <= compared


def _bounds_in_the_ontology() -> dict[str, str]:
    """Each property the ontology defines as a bound on another, with the value a claim states it as."""
    store = ox.Store()
    store.load(path=str(REPO / "ontology" / "spacekg.ttl"), format=ox.RdfFormat.TURTLE)
    definition = ox.NamedNode("http://www.w3.org/2004/02/skos/core#definition")
    return {q.subject.value.removeprefix(SKG): match[1]
            for q in store.quads_for_pattern(None, definition, None)
            if (match := re.search(r"states such a bound as skg:(\w+) with skg:claimedBound", q.object.value))}


def test_every_bound_the_ontology_defines_is_checked_as_the_hedged_value_it_bounds():
    bounds = _bounds_in_the_ontology()
    assert {"minDurationDays", "minMassTonnes"} <= set(bounds)
    assert BOUNDED_VALUES == bounds and set(bounds) <= set(JUDGED_VALUES)


@RULES
@given(stated=st.sampled_from(RESTATED))
def test_a_number_no_claim_restates_is_named_with_the_claim_to_add(stated):
    graph, subject, predicate = stated
    article, sid = sentence_of(graph)
    claims = {q.subject for q in SHIPPED if q.graph_name == graph and q.predicate.value == RDF + "subject"
              and q.object == subject}
    name = predicate.value.removeprefix(SKG)
    name = BOUNDED_VALUES.get(name, name)
    claims = {c for c in claims if ox.Quad(c, ox.NamedNode(RDF + "predicate"), skg(name), graph) in SHIPPED}
    assert claims, stated
    found = problems(without(*[q for q in SHIPPED if q.graph_name == graph and q.subject in claims]))
    one(found, "article:unclaimed", f"{article} {sid} {shorten(subject.value)}",
        f"`spacekg article fact {article} {sid} statement --about {shorten(subject.value)} --property {name} --number",
        severity="warning")


@RULES
@given(node=st.sampled_from(DATED), name=st.sampled_from(JUDGED_VALUES), value=st.integers(1, 1000))
def test_a_number_added_to_a_sentence_without_its_claim_is_named(node, name, value):
    graph, subject = node
    article, sid = sentence_of(graph)
    claims = {q.subject for q in SHIPPED if q.graph_name == graph and q.predicate.value == RDF + "subject"
              and q.object == subject}
    said = {skg(name), skg(BOUNDED_VALUES.get(name, name))}
    if any(q.graph_name == graph and (q.subject == subject or q.subject in claims) and said & {q.predicate, q.object}
           for q in SHIPPED):
        return  # the sentence gives that number already, or a claim of it ("for 30 days", "more than two years")
    found = problems(SHIPPED + [ox.Quad(subject, skg(name), ox.Literal(str(value), datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), graph)])
    one(found, "article:unclaimed", f"{article} {sid} {shorten(subject.value)}",
        f"the sentence gives skg:{name} {value} and no claim restates it", severity="warning")


def _with_offset(article: str, offset: str | None) -> list[ox.Quad]:
    doc = ox.NamedNode(SOURCE + article)
    quads = [q for q in SHIPPED if not (q.subject == doc and q.predicate == skg("utcOffset"))]
    return quads + ([ox.Quad(doc, skg("utcOffset"), ox.Literal(offset), q.graph_name)
                     for q in SHIPPED if q.subject == doc and q.predicate == skg("datePublished")] if offset else [])


@pytest.mark.parametrize(("article", "offset", "flagged"), [
    # a000 dates itself in Hong Kong: read at UTC, "on Monday" and "this week" begin eight hours late.
    ("a000", None, {"a000 L5.1 d:queqiao-launch", "a000 L11.1 d:queqiao-launch"}),
    ("a000", "+00:00", {"a000 L5.1 d:queqiao-launch", "a000 L11.1 d:queqiao-launch"}),
    ("a000", "-05:00", {"a000 L5.1 d:queqiao-launch", "a000 L11.1 d:queqiao-launch"}),
    ("a000", "+08:00", set()),
    # a002's "On Friday" is a London day; a month ("in May of this year") is the same at any offset.
    ("a002", "+08:00", {"a002 L3.1 d:change-4-launch"}),
    ("a002", "-05:00", {"a002 L3.1 d:change-4-launch"}),
    ("a002", "+00:00", set()),
])
def test_a_day_read_at_another_offset_than_the_articles_is_named(article, offset, flagged):
    found = [p for p in problems(_with_offset(article, offset)) if "is not within what" in p.message]
    assert {p.location for p in found} == flagged
    assert all(f"UTC{offset or '+00:00'}" in p.message and "skg:utcOffset" in p.message for p in found)


@RULES
@given(node=st.sampled_from(WINDOWS))
def test_an_inverted_window_is_named_at_its_node(node):
    graph, subject = node
    article, sid = sentence_of(graph)
    bounds = [q for q in SHIPPED if q.graph_name == graph and q.subject == subject
              and q.predicate in (skg("earliestTime"), skg("latestTime"))]
    swapped = [ox.Quad(q.subject, skg("latestTime" if q.predicate == skg("earliestTime") else "earliestTime"), q.object,
                       q.graph_name) for q in bounds]
    one(problems(without(*bounds) + swapped), "article:dates", f"{article} {sid} {shorten(subject.value)}",
        "skg:earliestTime is after skg:latestTime: the window is inverted: swap the two values")


def dated_in(graph: ox.NamedNode, subject: ox.NamedNode, first: str, last: str, words: str) -> list[ox.Quad]:
    stamp = lambda value: ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime"))  # noqa: E731
    return [ox.Quad(subject, skg("earliestTime"), stamp(first), graph), ox.Quad(subject, skg("latestTime"), stamp(last), graph),
            ox.Quad(subject, skg("timePrecision"), skg("PrecisionDay"), graph),
            ox.Quad(subject, skg("timeExpression"), ox.Literal(words, language="en"), graph)]


@RULES
@given(node=st.sampled_from(WINDOWS), data=st.data(), apart=st.booleans())
def test_two_sentences_of_one_article_that_date_an_event_apart_are_named_at_the_later(node, data, apart):
    graph, subject = node
    if ox.Quad(subject, ox.NamedNode(RDF + "type"), skg("ReportedPlan"), graph) in SHIPPED:
        return  # a plan's second target is article:second-value's
    article, sid = sentence_of(graph)
    others = [g for g in FILLED if sentence_of(g)[0] == article and g != graph
              and not any(q.graph_name == g and q.subject == subject for q in SHIPPED)]
    if not others:
        return
    other = data.draw(st.sampled_from(others))
    first, last = (q.object.value for name in ("earliestTime", "latestTime") for q in SHIPPED
                   if q.graph_name == graph and q.subject == subject and q.predicate == skg(name))
    # A day long after the window, or one inside it.
    day = "2099-01-01" if apart else first[:10]
    found = problems(SHIPPED + dated_in(other, subject, f"{day}T00:00:00Z", f"{day}T23:59:59Z", "on that day"))
    # Named where the second window comes (the shipped sentences may date the event more than once).
    later = max((sid, sentence_of(other)[1]), key=lambda s: [int(n) for n in re.findall(r"\d+", s)])
    if apart:
        one(found, "article:dates", f"{article} {later} {shorten(subject.value)}",
            "here, which do not overlap: if this sentence tells of another event, remove its facts and give it its "
            "own --id", severity="warning")
        assert {p.check for p in found} == {"article:dates"}
    else:
        assert found == []


@RULES
@given(sentence=st.sampled_from(EXCLUDED), reason=st.sampled_from(["dropped", "empty"]))
def test_an_excluded_sentence_without_a_reason_is_named_with_the_command_that_gives_it(sentence, reason):
    article, sid = sentence.value[len(SOURCE):].split("-")
    quads = without(*[q for q in SHIPPED if q.subject == sentence and q.predicate == skg("exclusionReason")])
    if reason == "empty":
        quads.append(ox.Quad(sentence, skg("exclusionReason"), ox.Literal(" "), SOURCES))
    found = problems(quads)
    one(found, "article:exclusion", f"{article} {sid}",
        f"the sentence is excluded without a reason: give it with `spacekg article exclude {article} {sid} --reason …`")
    assert {p.location for p in found} == {f"{article} {sid}"}


@RULES
@given(graph=st.sampled_from(FILLED), reason=st.booleans())
def test_an_excluded_sentence_that_still_states_facts_is_named(graph, reason):
    article, sid = sentence_of(graph)
    sentence = ox.NamedNode(f"{SOURCE}{article}-{sid}")
    quads = [*SHIPPED, ox.Quad(sentence, skg("excluded"), ox.Literal("true", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#boolean")), SOURCES)]
    if reason:
        quads.append(ox.Quad(sentence, skg("exclusionReason"), ox.Literal("opinion"), SOURCES))
    found = problems(quads)
    one(found, "article:exclusion", f"{article} {sid}",
        f"excluded but its graph states facts: remove them, or include the sentence again with "
        f"`spacekg article exclude {article} {sid} --undo`")
    assert any("without a reason" in p.message for p in found) is not reason


def typos(word: str) -> st.SearchStrategy[str]:
    """One slip of the keyboard in ``word``: a letter left out, doubled, or two letters swapped."""
    positions = st.integers(min_value=1, max_value=len(word) - 2)
    return st.one_of(
        positions.map(lambda i: word[:i] + word[i + 1:]),
        positions.map(lambda i: word[:i] + word[i] + word[i:]),
        positions.map(lambda i: word[:i] + word[i + 1] + word[i] + word[i + 2:]),
    ).filter(lambda w: w != word)


@RULES
@given(data=st.data(), quad=st.sampled_from(LINKS))
def test_a_misspelt_entity_is_named_with_the_entity_meant(data, quad):
    article, sid = sentence_of(quad.graph_name)
    local = quad.object.value[len(ID):]
    slip = data.draw(typos(local).filter(lambda w: ID + w not in KNOWN))
    quads = [q if q != quad else ox.Quad(q.subject, q.predicate, ox.NamedNode(ID + slip), q.graph_name) for q in SHIPPED]
    found = problems(quads)
    one(found, "article:unknown-term", f"{article} {sid} d:{slip}",
        f"d:{slip} is not an entity of the project; did you mean ")
    message = next(p.message for p in found if p.location == f"{article} {sid} d:{slip}")
    assert "If it is new, say what it is in this sentence's graph" in message
    if len(local) >= 8:
        assert f"d:{local} (" in message.split("?")[0], message


@RULES
@given(data=st.data(), quad=st.sampled_from(PROPERTIES), typing=st.sampled_from(TYPINGS))
def test_a_misspelt_property_or_class_is_named_with_the_term_meant(data, quad, typing):
    use_class = data.draw(st.booleans())
    chosen = typing if use_class else quad
    term = chosen.object if use_class else chosen.predicate
    local = term.value[len(SKG):]
    slip = data.draw(typos(local).filter(lambda w: SKG + w not in KNOWN))
    changed = (ox.Quad(chosen.subject, chosen.predicate, skg(slip), chosen.graph_name) if use_class
               else ox.Quad(chosen.subject, skg(slip), chosen.object, chosen.graph_name))
    article, sid = sentence_of(chosen.graph_name)
    found = problems([q if q != chosen else changed for q in SHIPPED])
    kind = "class" if use_class else "property"
    one(found, "article:unknown-term", f"{article} {sid} skg:{slip}",
        f"skg:{slip} is not a {kind} of the ontology; did you mean ")
    if len(local) >= 8:
        message = next(p.message for p in found if p.location == f"{article} {sid} skg:{slip}")
        assert f"skg:{local}" in message, message


# Through `spacekg check`: quotes that do not match their offsets, and a claim of every kind with
# nothing but its type, in a copy of the shipped project.
QUOTES = {  # sentence -> how its record is spoiled
    ("a001", "L3.1"): "a word changed",
    ("a001", "L5.1"): "begin moved",
    ("a001", "L7.1"): "end past the text",
    ("a000", "L13.1"): "another sentence's offsets",
}


def claim_kinds() -> list[str]:
    store = ox.Store()
    store.load(path=str(REPO / "ontology" / "spacekg.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query(f"SELECT ?c WHERE {{ ?c <{RDF}type> <http://www.w3.org/2002/07/owl#Class> ; "
                       f"<http://www.w3.org/2000/01/rdf-schema#subClassOf>+ <{SKG}Claim> }}")
    return sorted(row["c"].value[len(SKG):] for row in rows)


def spoil_quote(text: str, article: str, sid: str, how: str) -> str:
    node = re.compile(rf"(src:{article}-{re.escape(sid)} a skg:Sentence ;.*?skg:beginIndex )(\d+)( ; skg:endIndex )(\d+)"
                      rf"( ;.*?skg:text \")([^\"]*)", re.S)
    match = node.search(text)
    assert match, (article, sid)
    begin, end, quote = int(match[2]), int(match[4]), match[6]
    if how == "a word changed":
        quote = quote.replace(" ", "  ", 1)
    elif how == "begin moved":
        begin += 1
    elif how == "end past the text":
        end += 100_000
    else:
        begin, end = 0, end - begin
    return text[: match.start()] + f"{match[1]}{begin}{match[3]}{end}{match[5]}{quote}" + text[match.end():]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    root = tmp_path_factory.mktemp("rules") / "kg"
    for name in ("ontology", "queries", "data"):
        shutil.copytree(REPO / name, root / name)
    for (article, sid), how in QUOTES.items():
        path = root / "data" / "facts" / f"{article}.trig"
        path.write_text(spoil_quote(path.read_text(), article, sid, how))
    bare = {}
    path = root / "data" / "facts" / "a002.trig"
    text = path.read_text()
    graphs = [m[1] for m in re.finditer(r"^g:a002-(L[\d.]+) \{\n", text, re.M)]
    for kind, sid in zip(claim_kinds(), graphs):
        opening = f"g:a002-{sid} {{\n"
        at = text.index(opening) + len(opening)
        text = text[:at] + f"    d:bare-{kind} a skg:{kind} .\n" + text[at:]
        bare[kind] = sid
    assert len(bare) == len(claim_kinds())
    path.write_text(text)
    result = run(Project(root), "check", "--as-of", "2026-11-21")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    return result.stdout, bare


def findings(report: str) -> list[tuple[str, str, str]]:
    """(check, location, message) of each finding in a text report."""
    lines = report.splitlines()
    out = []
    for head, body in zip(lines, lines[1:]):
        if head[:1] in "ewi" and body.startswith(" "):
            _, check, location = head.split(None, 2)
            out.append((check, location, " ".join(body.split())))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("article", "sid"), sorted(QUOTES))
def test_a_quote_that_does_not_match_its_offsets_is_named_with_where_to_copy_it_from(checked, article, sid):
    found = [f for f in findings(checked[0]) if f[0] == "evidence-quotes" and f[1].startswith(f"{article} {sid} ")]
    assert len(found) == 1, checked[0]
    assert found[0][1].split()[2].startswith(f"data/articles/{article}.txt[")
    assert re.match(r"the recorded quote \(\d+ characters\) and the article's text \(\d+\) part at character \d+: "
                    r"the quote has '.+', the article '.*'", found[0][2])
    assert found[0][2].endswith(f"copy the sentence and its offsets from `spacekg sentences data/articles/{article}.txt`")


@pytest.mark.slow
def test_a_claim_of_every_kind_without_its_aspect_is_named_at_its_sentence(checked):
    report, bare = checked
    assert {"OrdinalClaim", "SuperlativeClaim", "CountClaim", "TimeClaim"} <= set(bare)
    for kind, sid in bare.items():
        found = [f for f in findings(report) if f[0].startswith("shacl:") and f[1].startswith(f"a002 {sid} d:bare-{kind}")]
        assert found, f"a bare skg:{kind} is not reported\n{report}"
        assert any(re.search(r"\badd (one )?(skg|rdf):\w", f[2]) for f in found), (kind, found)


@pytest.mark.parametrize("value", ['"2030-12-31T23:59:59Z"^^xsd:dateTime', '"2018-12-30T23:59:59Z"^^xsd:dateTime'])
def test_two_sentences_that_give_one_thing_two_values_it_has_one_of_are_named(scratch_project: Project, value: str):
    path = scratch_project.data_dir / "facts" / "a000.trig"
    text = path.read_text()
    start = text.index("g:a000-L11.1 {")
    at = text.index('skg:latestTime "2018-12-31T23:59:59Z"^^xsd:dateTime', start)
    old = 'skg:latestTime "2018-12-31T23:59:59Z"^^xsd:dateTime'
    path.write_text(text[:at] + f"skg:latestTime {value}" + text[at + len(old):])
    result = run(scratch_project, "check", "--article", "a000", "--as-of", "2026-11-21")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    found = [line for line in result.stdout.splitlines() if "article:second-value" in line]
    assert found == ["error    article:second-value  a000 L11.1 d:plan-a000-far-side-landing"], result.stdout
    assert f"{value.split('^^')[0]}^^xsd:dateTime in L11.1" in result.stdout.replace("\n         ", " ")


def _typed(datatype: str) -> list[ox.Quad]:
    return [q for q in SHIPPED if q.graph_name in FILLED and isinstance(q.object, ox.Literal)
            and q.object.datatype.value == "http://www.w3.org/2001/XMLSchema#" + datatype]


XSD = "http://www.w3.org/2001/XMLSchema#"
# Values written in their property's own range: an xsd:integer where the range is xsd:decimal is
# right as it is, and a fraction would be too.
RANGES = {q.subject: q.object for q in SHIPPED if q.predicate == ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#range")}
TYPED = [q for q in _typed("dateTime") + _typed("integer") + _typed("decimal")
         if RANGES.get(q.predicate) == q.object.datatype]


@RULES
@given(quad=st.sampled_from(TYPED), datatype=st.sampled_from(["string", "date", "decimal"]))
def test_a_value_of_the_wrong_datatype_is_named_at_its_sentence_with_how_to_write_it(quad, datatype):
    """A date as a string or an xsd:date, a count as a string or a fraction: the rules and the
    verdicts pass such a value by, and the shapes name only its node's first sentence."""
    article, sid = sentence_of(quad.graph_name)
    value = quad.object.value[:10] if datatype == "date" else quad.object.value
    if datatype == "decimal":
        value = re.sub(r"\D", "", value)[:4] + ".5"
    wrong = ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))
    if wrong.datatype == quad.object.datatype or quad.object.datatype.value == XSD + "decimal" and datatype != "date":
        return  # the same datatype, or a number a decimal takes
    changed = ox.Quad(quad.subject, quad.predicate, wrong, quad.graph_name)
    found = problems([q if q != quad else changed for q in SHIPPED])
    one(found, "article:datatype", f"{article} {sid} {shorten(quad.subject.value)}",
        f"{shorten(quad.predicate.value)} takes {shorten(quad.object.datatype.value)}, and ")
    assert "write it as" in next(p.message for p in found if p.check == "article:datatype")


NONCANONICAL = {"integer": ["0{}", "+{}"], "decimal": ["{}.0", "0{}", "{}.50"], "dateTime": ["{}"]}


@RULES
@given(quad=st.sampled_from(TYPED), form=st.integers(0, 2))
def test_a_value_a_store_writes_otherwise_is_named_with_its_canonical_form(quad, form):
    """A store keeps a number's value, not its words: "1731.0"^^xsd:decimal comes back as "1731",
    so the graph it serves or a push verifies would differ from the file's."""
    article, sid = sentence_of(quad.graph_name)
    kind = quad.object.datatype.value.removeprefix(XSD)
    written = NONCANONICAL[kind][form % len(NONCANONICAL[kind])].format(quad.object.value)
    if kind == "dateTime":  # the same instant with its seconds' fraction
        written = quad.object.value.replace("Z", ".000Z") if quad.object.value.endswith("Z") else written
    changed = ox.Quad(quad.subject, quad.predicate, ox.Literal(written, datatype=quad.object.datatype), quad.graph_name)
    found = [p for p in problems([q if q != quad else changed for q in SHIPPED]) if p.check == "article:datatype"]
    if written == quad.object.value:
        assert found == []
        return
    one(found, "article:datatype", f"{article} {sid} {shorten(quad.subject.value)}", "is written as", severity="warning")


@RULES
@given(quad=st.sampled_from(_typed("dateTime")))
def test_a_malformed_date_is_named_at_its_sentence_with_its_form(quad):
    article, sid = sentence_of(quad.graph_name)
    changed = ox.Quad(quad.subject, quad.predicate, ox.Literal(quad.object.value.replace("-", "/", 1),
                      datatype=quad.object.datatype), quad.graph_name)
    one(problems([q if q != quad else changed for q in SHIPPED]), "article:datatype",
        f"{article} {sid} {shorten(quad.subject.value)}", 'write it as "YYYY-MM-DDThh:mm:ssZ"^^xsd:dateTime')


EXPRESSED = sorted({(q.graph_name, q.subject) for q in SHIPPED if q.graph_name in FILLED
                    and q.predicate == skg("timeExpression")} & {gs for gs in DATED},
                   key=lambda gs: (gs[0].value, gs[1].value))


@RULES
@given(node=st.sampled_from(EXPRESSED))
def test_a_date_without_the_words_that_give_it_is_named_at_its_node(node):
    graph, subject = node
    article, sid = sentence_of(graph)
    words = [q for q in SHIPPED if q.graph_name == graph and q.subject == subject and q.predicate == skg("timeExpression")]
    found = problems(without(*words))
    one(found, "article:dates", f"{article} {sid} {shorten(subject.value)}",
        "the date has no skg:timeExpression: record the sentence's words for it", severity="warning")
    assert {p.location for p in found} == {f"{article} {sid} {shorten(subject.value)}"}


RECORDS = [q for q in SHIPPED if q.graph_name == SOURCES
           and q.predicate in (skg("inDocument"), skg("beginIndex"), skg("endIndex"), skg("text"))]


@RULES
@given(quad=st.sampled_from(RECORDS))
def test_a_sentence_record_without_its_offsets_or_text_is_named_with_where_to_copy_them_from(quad):
    article, sid = quad.subject.value[len(SOURCE):].split("-")
    found = problems(without(quad))
    one(found, "article:provenance", f"{article} {sid}",
        f"the sentence's record in g:sources has no {shorten(quad.predicate.value)}: copy the sentence and its "
        f"offsets from `spacekg sentences data/articles/{article}.txt`")


IDS = [q for q in SHIPPED if q.graph_name == SOURCES and q.predicate == skg("sentenceId")]


@RULES
@given(quad=st.sampled_from(IDS), other=st.sampled_from(IDS))
def test_a_sentence_record_whose_id_is_not_its_own_is_named_with_the_id_to_write(quad, other):
    article, sid = quad.subject.value[len(SOURCE):].split("-")
    # Another sentence's id, or none where the drawn one is the same.
    wrong = [] if other.object == quad.object else [ox.Quad(quad.subject, quad.predicate, other.object, quad.graph_name)]
    given = f"gives skg:sentenceId {other.object.value!r}" if wrong else "has no skg:sentenceId"
    one(problems(without(quad) + wrong), "article:provenance", f"{article} {sid}",
        f"the sentence's record in g:sources {given}: write skg:sentenceId \"{sid}\"")


@RULES
@given(quad=st.sampled_from([q for q in SHIPPED if q.graph_name == SOURCES and q.object == skg("Sentence")]))
def test_a_sentence_record_without_its_type_is_named(quad):
    article, sid = quad.subject.value[len(SOURCE):].split("-")
    one(problems(without(quad)), "article:provenance", f"{article} {sid}",
        f"the sentence's record in g:sources is not typed: write src:{article}-{sid} a skg:Sentence")


@pytest.mark.slow
@pytest.mark.parametrize(("article", "sid", "field"), [("a000", "L7.1", "beginIndex"), ("a001", "L9.2", "endIndex"),
                                                       ("a002", "L35.1", "text")])
def test_check_reports_a_sentence_record_without_its_offsets_instead_of_stopping(
        scratch_project: Project, article: str, sid: str, field: str):
    path = scratch_project.data_dir / "facts" / f"{article}.trig"
    text = path.read_text()
    start = text.index(f"src:{article}-{sid} a skg:Sentence ;")
    at = text.index(f"skg:{field} ", start)
    end = text.index(" ;", at) if field != "text" else text.index('" .', at) + 1
    path.write_text(text[:at] + text[end + 2:] if field != "text" else text[:at - 2] + " ." + text[end + 2:])
    result = run(scratch_project, "check", "--article", article, "--as-of", "2026-11-21")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    assert f"error    article:provenance  {article} {sid}\n" in result.stdout, result.stdout
    assert f"has no skg:{field}: copy the sentence" in result.stdout.replace("\n         ", " ")


@pytest.mark.slow
def test_a_count_claim_without_its_count_says_which_to_add(checked):
    report, bare = checked
    found = [f for f in findings(report) if f[0] == "shacl:CountClaim" and "d:bare-CountClaim" in f[1]]
    assert any("add skg:claimedCount (--count N, or --count \"more than N\"" in f[2] for f in found), found


@pytest.mark.slow
@pytest.mark.parametrize(("period", "fix"), [
    ('skg:periodStart "2013-01-01T00:00:00Z"^^xsd:dateTime', "add skg:periodExpression (--when)"),
    ('skg:periodExpression "from 2016 to 2013"@en ; skg:periodStart "2016-01-01T00:00:00Z"^^xsd:dateTime ; '
     'skg:periodEnd "2013-12-31T23:59:59Z"^^xsd:dateTime', "no later than its end"),
    ('skg:periodExpression "by 2013"@en ; skg:periodEnd "2013-12-31"^^xsd:date', "ends once, at an xsd:dateTime"),
    ('skg:periodExpression "in 2013"@en ; skg:periodStart "2012-01-01T00:00:00Z"^^xsd:dateTime ; '
     'skg:periodEnd "2013-12-31T23:59:59Z"^^xsd:dateTime', "the count's period: the window 2012-01-01"),
    ('skg:periodExpression "last year"@en ; skg:periodStart "2018-01-01T00:00:00Z"^^xsd:dateTime ; '
     'skg:periodEnd "2018-12-31T23:59:59Z"^^xsd:dateTime', "is not within what \"last year\" gives")])
def test_a_count_period_the_checks_cannot_trust_is_named_with_its_fix(scratch_project: Project, period: str, fix: str):
    path = scratch_project.data_dir / "facts" / "a002.trig"
    text = path.read_text()
    opening = "g:a002-L35.2 {\n"
    at = text.index(opening) + len(opening)
    path.write_text(text[:at] + "    d:claim-a002-L35.2-station-count " + period + " .\n" + text[at:])
    result = run(scratch_project, "check", "--article", "a002", "--as-of", "2026-11-21")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    assert any(f[0] in ("shacl:CountClaim", "shacl:CountPeriod", "article:dates") and fix in f[2].replace("\n", " ")
               for f in findings(result.stdout)), result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("given", ["", "skg:comparisonClass skg:Rover , skg:Lander ; "])
def test_a_first_since_claim_that_does_not_name_one_kind_of_craft_is_named_with_what_to_add(
        scratch_project: Project, given: str):
    """"The first rover to land since 1976": without the rover, the claim is about any landing."""
    path = scratch_project.data_dir / "facts" / "a002.trig"
    text = path.read_text()
    assert text.count("skg:comparisonClass skg:Rover ; ") == 1
    path.write_text(text.replace("skg:comparisonClass skg:Rover ; ", given))
    result = run(scratch_project, "check", "--article", "a002", "--as-of", "2026-11-21")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    found = [f for f in findings(result.stdout) if f[0] == "shacl:SinceSuperlative"]
    assert [f[1] for f in found] == ["a002 L31.1 d:claim-a002-L31.1-first-rover-since-1976 skg:comparisonClass"], found
    assert "add skg:comparisonClass (e.g. skg:Rover)" in found[0][2]


SH = "http://www.w3.org/ns/shacl#"
SHAPES = list(ox.parse(path=str(REPO / "ontology" / "shapes.ttl"), format=ox.RdfFormat.TURTLE))
# What the rules derive: a finding there is a fault of spacekg's, with nothing for a curator to write.
DERIVED = {"OrdinalAchievement", "ClaimAssessment"}


@pytest.mark.parametrize("shape", sorted({q.subject.value.rsplit("#", 1)[1] for q in SHAPES
                                          if q.predicate == ox.NamedNode(SH + "property")} - DERIVED))
def test_every_constraint_on_written_data_has_a_message_and_the_records_say_what_to_write(shape):
    """A finding must say what to do, not only what SHACL counted ("Less than 1 values"); on a
    sentence's or an article's record, written by `article add` and mended by hand, what to write."""
    node = ox.NamedNode("https://w3id.org/spacekg/shapes#" + shape)
    properties = [q.object for q in SHAPES if q.subject == node and q.predicate == ox.NamedNode(SH + "property")]
    messages = {q.subject: q.object.value for q in SHAPES if q.predicate == ox.NamedNode(SH + "message")}
    assert all(p in messages for p in properties), shape
    if shape in ("Sentence", "SourceDocument"):
        assert all(re.search(r"\bwrite\b|\bcopy\b|\bgives it\b", messages[p]) for p in properties), messages


@RULES
@given(graph=st.sampled_from(FILLED), field=st.sampled_from(["modality", "statedIn", "source", "attributedTo"]),
       value=st.sampled_from(["d:moon", "d:yutu-2", "d:change-4"]))
def test_a_provenance_value_of_the_wrong_kind_is_one_problem(graph, field, value):
    """One wrong value, one finding: the checks that say what to write for a modality, a sentence or
    a source, or the kind an attribution needs, never both."""
    article, sid = sentence_of(graph)
    node = ox.NamedNode(value.replace("d:", "https://w3id.org/spacekg/id/"))
    quads = without(*provenance_of(graph, field))
    quads.append(ox.Quad(graph, skg(field), node, PROVENANCE))
    found = [p for p in problems(quads) if p.location.startswith(f"{article} {sid}")]
    assert len(found) == 1, [p.message for p in found]
    assert found[0].check == "article:provenance"
