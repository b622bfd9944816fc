"""Hedged numbers ("more than 60", "about 3,000", "nearly two years") are bounds, judged as
docs/verdicts.md says: on a small project whose cited values each claim is put on both sides of,
near and far, and at; and recorded from the curation command's words."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from claim_project import CITE, PREFIXES, write_claim_project
from curation_project import ARTICLES, empty_project, run
from hypothesis import given
from hypothesis import strategies as st

from spacekg.curation.templates import hedge
from spacekg.errors import ExitCode
from spacekg.sources.project import Project
from spacekg.store.build import build
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.snapshot import current_snapshot

REPO = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 21)

STATIONS = 10

# Each kind of quantity: its cited value, the claim's pattern for a number, and the claimed numbers
# that put the cited value far below, just below (within the hedge's band), at, just above and far
# above the claim's number. Durations and masses have a tolerance (10 %), crew sizes none, counts
# no imprecise verdict.
KINDS = {
    "duration cited in days": (100, "a skg:StatementClaim ; rdf:subject d:flight ; rdf:predicate skg:durationDays ; rdf:object {n}",
                               (200, 105, 100, 95, 50), True),
    "duration from a cited span": (100, "a skg:StatementClaim ; rdf:subject d:operation ; rdf:predicate skg:durationDays ; rdf:object {n}",
                                   (200, 105, 100, 95, 50), True),
    "mass in tonnes": (60, "a skg:StatementClaim ; rdf:subject d:module ; rdf:predicate skg:massTonnes ; rdf:object {n}",
                       (120, 63, 60, 57, 30), True),
    "crew size": (3, "a skg:StatementClaim ; rdf:subject d:crewed-flight ; rdf:predicate skg:crewSize ; rdf:object {n}",
                  (6, 4, 3, 2, 1), False),
    "count": (STATIONS, "a skg:CountClaim ; skg:recordHolder d:testland ; skg:recordType skg:SpaceStation ; skg:claimedCount {n}",
              (20, 11, 10, 9, 5), False),
}
POSITIONS = ("far below", "just below", "at", "just above", "far above")  # where the cited value lies

# The verdict of each bound at each position, as docs/verdicts.md defines it.
S, IM, C = "Supported", "Imprecise", "Contradicted"
EXPECTED = {
    "MoreThan": (C, C, C, S, S),
    "AtLeast": (C, C, S, S, S),
    "LessThan": (S, S, C, C, C),
    "AtMost": (S, S, S, C, C),
    "About": (C, S, S, S, C),
    "Nearly": (C, S, IM, C, C),
    None: (C, "near", S, "near", C),  # unhedged: near is imprecise where the aspect has a tolerance
}


def claim_name(kind: str, bound: str | None, position: str) -> str:
    return "claim-" + "-".join(w for w in (kind, bound or "exact", position) for w in w.lower().split())


def claims() -> list[str]:
    out = []
    for kind, (_, pattern, numbers, _) in KINDS.items():
        for bound in EXPECTED:
            for number in numbers:
                position = POSITIONS[numbers.index(number)]
                hedge = f" ; skg:claimedBound skg:{bound}" if bound else ""
                out.append(f"d:{claim_name(kind, bound, position)} {pattern.format(n=number)}{hedge} .")
    # Nothing cited about the probe's duration: a bound is no evidence of itself.
    out.append("d:claim-uncited a skg:StatementClaim ; rdf:subject d:probe-flight ; rdf:predicate skg:durationDays ;"
               " rdf:object 730 ; skg:claimedBound skg:MoreThan .")
    return out


BACKGROUND = PREFIXES + "g:background {\n" + "\n".join(
    f'    d:station-{i}-launch a skg:LaunchEvent ; skg:achievedBy d:testland ; skg:payload d:station-{i} ;'
    f' skg:time "2015-03-{i:02d}T00:00:00Z"^^xsd:dateTime ; {CITE} .' for i in range(1, STATIONS + 1)) + f"""
    d:scope-stations a skg:CompletenessDeclaration ; skg:coversType skg:SpaceStation ; skg:coversAgent d:testland ;
        skg:completeUntil "2021-12-31T23:59:59Z"^^xsd:dateTime ; {CITE} .
    d:flight skg:durationDays 100 ; {CITE} .
    d:operation skg:earliestTime "2020-01-01T00:00:00Z"^^xsd:dateTime ; skg:latestTime "2020-04-10T12:00:00Z"^^xsd:dateTime ;
        skg:timePrecision skg:PrecisionDay ; {CITE} .
    d:module skg:massTonnes 60 ; {CITE} .
    d:crewed-flight skg:crewSize 3 ; {CITE} .
}}
"""

ENTITIES = PREFIXES + """
d:testland a skg:Country ; rdfs:label "Testland"@en .
d:test-daily a skg:NewsOrganization ; rdfs:label "Test Daily"@en .
d:flight a skg:CrewedMission ; rdfs:label "the flight"@en .
d:probe-flight a skg:RoboticMission ; rdfs:label "the probe's flight"@en .
d:operation a skg:Operation ; rdfs:label "the operation"@en .
d:module a skg:SpaceStationModule ; rdfs:label "the module"@en .
d:crewed-flight a skg:CrewedMission ; rdfs:label "the crewed flight"@en .
""" + "\n".join(f'd:station-{i} a skg:SpaceStation ; rdfs:label "Station {i}"@en .' for i in range(1, STATIONS + 1))


def write_project(root: Path) -> Project:
    """One synthetic article whose sentences each state one of the claims."""
    said = claims()
    return write_claim_project(root, sentences=[f"Sentence {n} states a number." for n in range(1, len(said) + 1)],
                               graphs=[(claim, "Asserted") for claim in said], background=BACKGROUND,
                               entities=ENTITIES)


@pytest.fixture(scope="module")
def hedged(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    project = write_project(tmp_path_factory.mktemp("hedged"))
    build(project, as_of=AS_OF)
    return KnowledgeGraph.from_nquads(current_snapshot(project, as_of=AS_OF).nquads)


def judged(kg: KnowledgeGraph, claim: str) -> tuple[str, str, str]:
    rows = kg.query(f"SELECT ?v ?c ?d WHERE {{ ?a skg:assesses d:{claim} ; skg:verdict ?v ; "
                    "skg:claimedValue ?c ; skg:derivedValue ?d }").rows
    assert len(rows) == 1, (claim, rows)
    return rows[0][0].value.rsplit("#", 1)[1], rows[0][1].value, rows[0][2].value


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("bound", list(EXPECTED), ids=lambda b: b or "exact")
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_hedged_number_is_judged_as_the_bound_its_words_give(hedged: KnowledgeGraph, kind: str,
                                                              bound: str | None, position: str):
    tolerant = KINDS[kind][3]
    expected = EXPECTED[bound][POSITIONS.index(position)]
    if expected == "near":
        expected = IM if tolerant else C
    verdict, claimed, _ = judged(hedged, claim_name(kind, bound, position))
    assert verdict == expected, (kind, bound, position, claimed)


@pytest.mark.parametrize(("claim", "claimed", "derived"), [
    ("claim-duration-from-a-cited-span-morethan-just-above", "more than 95", "100 (2020-01-01 to 2020-04-10)"),
    ("claim-duration-cited-in-days-about-just-below", "about 105", "100, within 10.5 of 105"),
    ("claim-count-atmost-at", "at most 10", "10 cited"),
])
def test_a_hedged_claim_shows_its_bound_and_what_it_was_judged_against(hedged: KnowledgeGraph, claim: str,
                                                                       claimed: str, derived: str):
    _, shown, against = judged(hedged, claim)
    assert shown == claimed and against.startswith(derived), (shown, against)


def test_a_bound_without_a_cited_value_or_span_is_unverifiable(hedged: KnowledgeGraph):
    assert judged(hedged, "claim-uncited") == ("Unverifiable", "more than 730", "no cited value or span")


def test_a_hedged_number_is_no_ranked_value(hedged: KnowledgeGraph):
    """"More than 95 days" bounds the flight's length: it is no value beside the cited 100."""
    rows = hedged.query("SELECT ?s WHERE { ?s a skg:ValueStatement ; skg:statementSubject d:flight }").rows
    ranked = {row[0].value.rsplit("/", 1)[1] for row in rows}
    assert ranked and all("exact" in name or not name.startswith("claim-") for name in ranked), ranked


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "count"])
def test_a_value_verdict_is_about_its_subject_only_when_that_is_an_event(hedged: KnowledgeGraph, kind: str):
    """A flight's length is an event's; a module's mass is a thing's, and naming the module as what the
    verdict is about (skg:aboutEvent, whose range is skg:Event) would make it an event."""
    subject = re.search(r"rdf:subject d:([\w-]+)", KINDS[kind][1])[1]
    is_event = hedged.query(f"ASK {{ d:{subject} a skg:Event }}").boolean
    assert is_event == (kind != "mass in tonnes")
    rows = hedged.query(f"""SELECT DISTINCT ?about WHERE {{ ?a skg:assesses ?claim ; skg:aboutEvent ?about .
        GRAPH ?g {{ ?claim rdf:subject d:{subject} }} }}""").rows
    assert [row[0].value.rsplit("/", 1)[1] for row in rows] == ([subject] if is_event else [])


# --- Recording the hedge from the curation command's words ---

# Each hedge word, and the bound it makes of the number after it.
WORDS = [("more than", "MoreThan"), ("over", "MoreThan"), ("upwards of", "MoreThan"), ("at least", "AtLeast"),
         ("no fewer than", "AtLeast"), ("up to", "AtMost"), ("at most", "AtMost"), ("no more than", "AtMost"),
         ("fewer than", "LessThan"), ("less than", "LessThan"), ("under", "LessThan"), ("about", "About"),
         ("around", "About"), ("roughly", "About"), ("approximately", "About"), ("some", "About"),
         ("nearly", "Nearly"), ("almost", "Nearly"), ("just under", "Nearly"), ("More  Than", "MoreThan"),
         # What news copy also writes.
         ("in excess of", "MoreThan"), ("well over", "MoreThan"), ("just over", "MoreThan"),
         ("a minimum of", "AtLeast"), ("as many as", "AtMost"), ("as much as", "AtMost"), ("a maximum of", "AtMost"),
         ("an estimated", "About"), ("estimated", "About"), ("approx.", "About"), ("close to", "About"),
         ("circa", "About"), ("~", "About"), ("a little under", "Nearly"), ("just shy of", "Nearly")]


@pytest.mark.parametrize("words", ["overall 60", "sometimes 5", "underway 3", "abouts 2", "estimates 2"])
def test_a_word_that_only_starts_with_a_hedge_is_none(words: str):
    assert hedge(words) == (None, words)


def test_a_hedge_written_against_its_number_is_one_only_after_a_mark():
    assert hedge("~2 kg") == ("About", "2 kg") and hedge("approx.2 kg") == ("About", "2 kg")


@given(said=st.sampled_from(WORDS), number=st.integers(0, 10**9), gap=st.sampled_from([" ", "  ", "\t", " \n "]))
def test_a_hedge_word_before_any_number_gives_its_bound_and_leaves_the_number(said: tuple[str, str], number: int,
                                                                                gap: str):
    word, bound = said
    assert hedge(f"{word}{gap}{number:,}") == (bound, f"{number:,}")
    assert hedge(f"{number:,}") == (None, f"{number:,}")


@pytest.fixture
def added(tmp_path: Path) -> Project:
    project = empty_project(tmp_path / "kg")
    result = run(project, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
                 "--published", "2018-12-07..2018-12-31", "--date-note", "inferred from the launch it reports")
    assert result.exit_code == 0, result.output
    return project


def claimed(project: Project) -> dict[str, str]:
    """The fields of the claim the command wrote into sentence L9.1, by local name."""
    quads = ox.parse(path=str(project.data_dir / "facts" / "a000.trig"), format=ox.RdfFormat.TRIG)
    return {q.predicate.value.rsplit("#", 1)[-1]: q.object.value for q in quads
            if q.graph_name == ox.NamedNode("https://w3id.org/spacekg/graph/a000-L9.1")
            and "/claim-" in q.subject.value}


COUNT = ("count", ("--holder", "China", "--kind", "SpaceStation", "--count"))
DURATION = ("statement", ("--about", "d:change-4", "--property", "durationDays", "--number"))
MASS = ("statement", ("--about", "d:change-4-lander", "--property", "massTonnes", "--number"))


@pytest.mark.parametrize(("word", "bound", "template", "args", "number", "value"), [
    # Every hedge word on a count and on a duration in years; every way of writing the number with a few.
    *((word, bound, *COUNT, "60", "60") for word, bound in WORDS),
    *((word, bound, *DURATION, "two years", "730") for word, bound in WORDS),
    *((word, bound, *how) for word, bound in WORDS[::6] for how in [
        (*COUNT, "three", "3"), (*DURATION, "six months", "180"), (*DURATION, "10 days", "10"),
        (*MASS, "3,000", "3000"), (*MASS, "2.5", "2.5")]),
])
def test_the_curation_command_records_a_hedge_as_the_claims_bound(added: Project, word: str, bound: str,
                                                                   template: str, args: tuple[str, ...],
                                                                   number: str, value: str):
    result = run(added, "article", "fact", "a000", "L9.1", template, *args, f"{word} {number}")
    assert result.exit_code == 0, result.output
    fields = claimed(added)
    assert fields["claimedBound"] == f"https://w3id.org/spacekg/ontology#{bound}"
    assert fields.get("claimedCount", fields.get("object")) == value


@pytest.mark.parametrize(("words", "least", "bound"), [
    ("several", "3", "AtLeast"), ("a number of", "2", "AtLeast"), ("Several", "3", "AtLeast"), ("a few", "2", "AtLeast"),
    ("a handful of", "2", "AtLeast"), ("dozens of", "24", "AtLeast"), ("Hundreds", "200", "AtLeast"),
    ("a couple of", "2", "About"), ("a number", "2", "AtLeast"),
])
def test_a_vague_count_is_recorded_as_the_bound_of_its_least_number(added: Project, words: str, least: str, bound: str):
    result = run(added, "article", "fact", "a000", "L9.1", "count", "--holder", "China", "--kind", "SpaceStation",
                 "--count", words)
    assert result.exit_code == 0, result.output
    assert claimed(added).items() >= {("claimedCount", least),
                                      ("claimedBound", f"https://w3id.org/spacekg/ontology#{bound}")}


@pytest.mark.parametrize(("words", "count"), [("a pair of", "2"), ("a pair", "2"), ("both", "2"), ("twice", "2"),
                                              ("three times", "3"), ("once", "1"), ("two pairs", "4")])
def test_a_count_in_words_of_pairs_or_times_is_that_number(added: Project, words: str, count: str):
    result = run(added, "article", "fact", "a000", "L9.1", "count", "--holder", "China", "--kind", "SpaceStation",
                 "--count", words)
    assert result.exit_code == 0, result.output
    assert claimed(added).get("claimedCount") == count and "claimedBound" not in claimed(added)


@given(framing=st.sampled_from([("a record ", ""), ("a total of ", ""), ("an unprecedented ", ""), ("", " in all"),
                                ("", " in total"), ("A total of ", " altogether"), ("record ", "")]),
       hedged=st.sampled_from(["67", "sixty-seven", "more than 60", "about 70", "nearly 70", "at least 3", "several",
                               "33 days", "2,000-plus kg"]))
def test_words_that_frame_a_number_do_not_change_it_or_its_bound(framing, hedged):
    # "China carried out a record 67 launches", "a total of more than 60 satellites", "67 in all".
    before, after = framing
    assert hedge(before + hedged + after) == hedge(hedged)


@pytest.mark.parametrize("words", ["a record 67", "a total of 67", "67 in total"])
def test_a_count_framed_as_a_record_or_a_total_is_that_count(added: Project, words: str):
    result = run(added, "article", "fact", "a000", "L9.1", "count", "--holder", "China", "--kind", "LaunchEvent",
                 "--count", words)
    assert result.exit_code == 0, result.output
    assert claimed(added).get("claimedCount") == "67" and "claimedBound" not in claimed(added)

@pytest.mark.parametrize("number", ["730", "two"])
def test_an_unhedged_number_is_recorded_without_a_bound(added: Project, number: str):
    result = run(added, "article", "fact", "a000", "L9.1", "statement", "--about", "d:change-4", "--property",
                 "durationDays", "--number", f"{number} days" if number == "two" else number)
    assert result.exit_code == 0, result.output
    assert "claimedBound" not in claimed(added)


@pytest.mark.parametrize(("template", "args", "message"), [
    ("statement", ("--about", "d:change-4", "--property", "durationDays", "--number", "two years"),
     "a year has no fixed number of days"),
    ("statement", ("--about", "d:change-4", "--property", "durationDays", "--number", "more than many days"),
     "give the number of days"),
    ("statement", ("--about", "d:change-4-lander", "--property", "massTonnes", "--number", "about lots"),
     "give a number, as 3000, 3,000, 2.5 or sixty"),
    ("crewed-flight", ("--mission", "d:change-4", "--days", "more than 30 days"),
     "a hedged length is a claim about the value"),
])
def test_a_number_that_cannot_be_read_is_refused_with_what_to_give(added: Project, template: str,
                                                                   args: tuple[str, ...], message: str):
    result = run(added, "article", "fact", "a000", "L9.1", template, *args)
    assert result.exit_code == ExitCode.USAGE and message in " ".join(result.output.split()), result.output


@pytest.mark.parametrize(("was", "now", "message"), [
    ("skg:claimedCount 2 ; skg:claimedBound skg:AtLeast ;", "skg:claimedCount 2 ; skg:claimedBound skg:Roughly ;",
     "a claim's number has one bound: skg:MoreThan, skg:AtLeast"),
    ("rdf:object d:vesta ;", "rdf:object d:vesta ; skg:claimedBound skg:About ;",
     "a bound (skg:claimedBound) is a hedge on a number"),
])
def test_a_bound_that_is_no_bound_or_bounds_no_number_is_an_error_naming_what_to_give(
        scratch_project: Project, was: str, now: str, message: str):
    facts = scratch_project.data_dir / "facts" / "a001.trig"
    text = facts.read_text("utf-8")
    assert text.count(was) == 1
    facts.write_text(text.replace(was, now), "utf-8")
    result = run(scratch_project, "check", "--article", "a001", "--as-of", "2026-11-21")
    assert result.exit_code == ExitCode.FINDINGS, result.output
    assert "error    shacl:BoundedClaim  a001 L11.2" in result.stdout
    assert message in " ".join(result.stdout.split())


# Hedges after the number, joined to it or after the whole.
AFTER = [("{n}-plus", "AtLeast"), ("{n}+", "AtLeast"), ("{n}-odd", "About"), ("{n} or so", "About"),
         ("{n} or more", "AtLeast"), ("{n} or fewer", "AtMost"), ("{n} or less", "AtMost")]


@given(said=st.sampled_from(AFTER), number=st.integers(0, 10**9), unit=st.sampled_from(["", " tonnes", " days"]))
def test_a_hedge_after_a_number_gives_its_bound_and_leaves_the_number_with_its_unit(said: tuple[str, str],
                                                                                  number: int, unit: str):
    form, bound = said
    written = form.format(n=f"{number:,}")
    joined = not form.startswith("{n} or")
    text = written + unit if joined else f"{number:,}{unit}" + form.removeprefix("{n}")
    assert hedge(text) == (bound, f"{number:,}{unit}")


@pytest.mark.parametrize("words", ["60 orbits", "1960s", "plus 60", "or more", "60 ordinary days"])
def test_words_after_a_number_that_hedge_nothing_leave_it_as_it_is(words: str):
    assert hedge(words) == (None, words)
