"""spacekg check: the shipped data passes every gate, and each kind of problem is found and located."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from spacekg.checks import Severity, run_checks
from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.sources.project import Project


def check(project: Project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), "check", "--as-of", "2026-11-21", *args])


def test_shipped_data_has_no_errors_or_warnings(project: Project):
    result = check(project, "--fail-on", "warning")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.rstrip().endswith("0 errors, 0 warnings, 36 infos")


@pytest.mark.slow
def test_every_info_left_is_an_expected_kind(project: Project):
    findings = run_checks(project)
    assert {f.check for f in findings} == {"contradicted-claims", "shacl:Plan", "sources-disagree-on-window",
                                          "plans-disagree-on-target", "shacl:SuperlativeAspect"}
    assert all(f.severity is Severity.INFO for f in findings)


@pytest.mark.slow
def test_json_report_lists_findings_and_counts(project: Project):
    report = json.loads(check(project, "-f", "json").stdout)
    assert report["counts"] == {"error": 0, "warning": 0, "info": 36}
    assert {"severity", "check", "location", "message"} <= set(report["findings"][0])


@pytest.mark.slow
def test_shape_violations_are_errors_with_their_node(scratch_project: Project):
    (scratch_project.data_dir / "bad.ttl").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n"
        "d:some-plan a skg:Plan ; skg:timeExpression \"soon\" .\n"              # no planner
        "d:change-4-launch skg:time \"2018-12-08T14:23:00+08:00\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n")
    result = check(scratch_project)
    assert result.exit_code == ExitCode.FINDINGS
    assert "error    shacl:Plan  d:some-plan skg:plannedBy" in result.stdout
    assert "error    shacl:Event  a002 L1.1 d:change-4-launch skg:time" in result.stdout
    assert "error    event-time-conflict  a002 L1.1 event=d:change-4-launch" in result.stdout


@pytest.mark.slow
def test_a_time_counted_from_an_event_named_in_words_is_a_shape_error(scratch_project: Project):
    (scratch_project.data_dir / "bad.ttl").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n"
        "d:change-4-launch skg:countedFrom \"the launch of Chang'e 3\" .\n")
    result = check(scratch_project)
    assert result.exit_code == ExitCode.FINDINGS
    assert re.search(r"error +shacl:Event .*d:change-4-launch skg:countedFrom\n +a time is counted from an event: name "
                     r"the event by its IRI", result.stdout), result.stdout


@pytest.mark.slow
def test_warnings_fail_only_with_fail_on_warning(scratch_project: Project):
    with (scratch_project.data_dir / "facts" / "a002.trig").open("a") as facts:
        facts.write("\ng:a002-L1.1 { d:change-4 skg:spacecraft d:mystery-probe . d:mystery-probe a skg:Spacecraft . }\n")
    assert check(scratch_project).exit_code == 0
    result = check(scratch_project, "--fail-on", "warning")
    assert result.exit_code == ExitCode.FINDINGS
    assert "warning  shacl:LabelledEntity  a002 L1.1 d:mystery-probe rdfs:label" in result.stdout


@pytest.mark.slow
def test_an_unlabelled_entity_is_reported_once_by_the_shape_or_the_query_whichever_covers_its_kind(
        scratch_project: Project):
    kinds = ["Spacecraft", "Country", "Rover", "LaunchSite", "Place", "SurfaceRegion", "LaunchEvent"]
    with (scratch_project.data_dir / "facts" / "a002.trig").open("a") as facts:
        facts.write("\ng:a002-L1.1 { " + " ".join(f"d:mystery-{k.lower()} a skg:{k} ." for k in kinds) + " }\n")
    found = check(scratch_project).stdout
    for kind in kinds:
        mystery = f"d:mystery-{kind.lower()}"
        reports = re.findall(rf"^warning +(\S+) +a002 L1\.1 (?:entity=)?{mystery}\b", found, flags=re.M)
        assert len(reports) == 1, (mystery, reports)


@pytest.mark.slow
def test_a_quote_that_no_longer_matches_its_article_is_an_error(scratch_project: Project):
    article = scratch_project.articles_dir / "a001.txt"
    article.write_text(article.read_text().replace("white paper", "whitepaper", 1))
    result = check(scratch_project)
    assert result.exit_code == ExitCode.FINDINGS
    assert "error    evidence-quotes  a001 L1.1 data/articles/a001.txt[0:131]" in result.stdout
    assert "error    article:text  a001" in result.stdout
    # Every a001 sentence after the edit, and the text's hash.
    assert result.stdout.rstrip().endswith("21 errors, 0 warnings, 36 infos")


@pytest.mark.slow
@pytest.mark.parametrize(("axiom", "found"), [
    ("skg:Lander rdfs:subClassOf [ owl:someValuesFrom skg:Rover ; owl:onProperty skg:carries ] .",
     "error    rl-guard-superclass  class=skg:Lander"),
    # The same existential inside an intersection, or under a universal: still a superclass.
    ("skg:Lander rdfs:subClassOf [ owl:intersectionOf ( skg:Spacecraft "
     "[ owl:someValuesFrom skg:Rover ; owl:onProperty skg:carries ] ) ] .", "error    rl-guard-superclass  class=skg:Lander"),
    ("skg:Lander rdfs:subClassOf [ owl:onProperty skg:carries ; owl:allValuesFrom "
     "[ owl:unionOf ( skg:Rover skg:Instrument ) ] ] .", "error    rl-guard-superclass  class=skg:Lander"),
    ('skg:Lander rdfs:subClassOf [ owl:onProperty skg:carries ; owl:maxCardinality "2"^^xsd:nonNegativeInteger ] .',
     "error    rl-guard-superclass  class=skg:Lander"),
    # A universal or a cardinality as a subclass, or as a side of a disjointness.
    ("[ owl:onProperty skg:carries ; owl:allValuesFrom skg:Instrument ] rdfs:subClassOf skg:Lander .",
     "error    rl-guard-subclass  expression="),
    ('skg:Rover owl:disjointWith [ owl:onProperty skg:carries ; owl:maxCardinality "0"^^xsd:nonNegativeInteger ] .',
     "error    rl-guard-subclass  expression="),
    # An equivalence whose intersection holds an existential.
    ("skg:Lander owl:equivalentClass [ owl:intersectionOf ( skg:Spacecraft "
     "[ owl:someValuesFrom skg:Rover ; owl:onProperty skg:carries ] ) ] .", "error    rl-guard-equivalence  class=skg:Lander"),
])
def test_an_ontology_outside_owl2_rl_is_an_error(scratch_project: Project, axiom: str, found: str):
    (scratch_project.ontology_dir / "alignments.ttl").write_text(
        (scratch_project.ontology_dir / "alignments.ttl").read_text()
        + "\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + axiom + "\n")
    result = check(scratch_project)
    assert result.exit_code == ExitCode.FINDINGS
    assert found in result.stdout
    # The reasoner applies what OWL 2 RL says of the rest (cls-svf1, as owlrl does); the guard reports it.
    assert "reasoner" not in result.stdout
    # The reasoner applies what OWL 2 RL says of the rest (cls-svf1, as owlrl does); the guard reports it.
    assert "reasoner" not in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("change,modality,found", [
    ("fact and claim", None, True),    # the sentence believes what its claim's verdict rejects
    ("claim only", None, False),       # the fact stays right; only the claim is wrong, and judged
    ("fact and claim", "skg:Expected", False),  # an expectation is not believed
])
def test_a_contradicted_statement_also_stated_as_a_believed_fact_is_an_error(
        scratch_project: Project, change: str, modality: str | None, found: bool):
    facts = scratch_project.data_dir / "facts" / "a002.trig"
    text = facts.read_text()
    claim = "rdf:subject d:change-4-launch ; rdf:predicate skg:launchSite ; rdf:object d:xichang ;"
    text = text.replace(claim, claim.replace("d:xichang", "d:jiuquan"))
    if change == "fact and claim":
        text = text.replace("skg:launchSite d:xichang ;", "skg:launchSite d:jiuquan ;", 1)
    if modality:
        start = text.index("g:a002-L3.1 skg:")
        text = text[:start] + text[start:].replace("skg:modality skg:Asserted", f"skg:modality {modality}", 1)
    facts.write_text(text)
    with (scratch_project.data_dir / "entities.ttl").open("a") as entities:
        entities.write('\nd:jiuquan a skg:LaunchSite ; rdfs:label "Jiuquan Satellite Launch Center"@en .\n')
    result = check(scratch_project)
    assert ("error    contradicted-fact  a002 L3.1" in result.stdout) is found, result.stdout
    assert "launch-site" in result.stdout  # the claim is judged either way (contradicted-claims, an info)


CITED = ('d:cited-launch a skg:LaunchEvent ; skg:time "2023-07-12T01:00:00Z"^^xsd:dateTime ; '
         'skg:timePrecision skg:PrecisionMinute ; skg:citation <https://example.org/launch> ; '
         'skg:citationQuote "It blasted off at 9 am (0100 GMT)."@en .\n')


@pytest.mark.slow
@pytest.mark.parametrize(("where", "location"), [
    ("end", "subject=d:cited-launch, graph=g:curation"), ("background", None),
    ("sentence", "a002 L1.1 subject=d:cited-launch, graph=g:a002-L1.1"),
])
def test_a_cited_fact_outside_the_background_is_a_warning(scratch_project: Project, where: str,
                                                          location: str | None):
    """The verdict rules read cited facts from g:background only; the last block of
    data/background.trig is g:curation, where a fact appended at the end of the file is never read."""
    background = scratch_project.data_dir / "background.trig"
    text = background.read_text()
    if where == "end":
        end = text.rindex("}")
        background.write_text(text[:end] + CITED + text[end:])
    elif where == "background":
        background.write_text(text.replace("g:background {\n", "g:background {\n" + CITED, 1))
    else:
        with (scratch_project.data_dir / "facts" / "a002.trig").open("a") as facts:
            facts.write("\ng:a002-L1.1 { " + CITED + "}\n")
    result = check(scratch_project)
    found = [line for line in result.stdout.splitlines() if "cited-outside-background" in line]
    assert found == ([f"warning  cited-outside-background  {location}"] if location else [])


@pytest.mark.slow
def test_a_claim_judged_two_ways_at_once_is_an_error_naming_its_rule(scratch_project: Project):
    # A second cited crew size for Shenzhou 11, not ranked against the first: a000 L29.1's "two
    # astronauts" is judged against each.
    (scratch_project.data_dir / "second-crew-size.trig").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n"
        "@prefix g: <https://w3id.org/spacekg/graph/> .\n"
        "g:background { d:shenzhou-11 skg:crewSize 3 ; skg:citation <https://example.org/test> ;"
        ' skg:citationQuote "synthetic"@en . }\n')
    result = check(scratch_project)
    assert result.exit_code == ExitCode.FINDINGS
    assert ("error    claim-two-verdicts  a000 L29.1 assessment=d:assessment-claim-a000-L29.1-crew-size, "
            "rule=verdict-values, first=skg:Contradicted, second=skg:Supported") in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["PrecisionDay", "PrecisionMonth", "PrecisionYear"])
def test_an_exact_time_known_only_to_a_day_or_coarser_is_an_error(scratch_project: Project, precision: str):
    # Queqiao's launch cited only to its UTC day: read as an instant, 00:00 UTC would be a Sunday in
    # Beijing, and a000's "on Monday" contradicted, when the launch may have come on either day there.
    background = scratch_project.data_dir / "background.trig"
    exact = 'skg:time "2018-05-20T21:28:00Z"^^xsd:dateTime ; skg:timePrecision skg:PrecisionMinute ;'
    assert exact in background.read_text()
    background.write_text(background.read_text().replace(
        exact, f'skg:time "2018-05-20T00:00:00Z"^^xsd:dateTime ; skg:timePrecision skg:{precision} ;'))
    result = check(scratch_project)
    assert result.exit_code == ExitCode.FINDINGS
    assert (f"error    coarse-exact-time  a000 L5.1 event=d:queqiao-launch, time=2018-05-20T00:00:00Z, "
            f"precision=skg:{precision}") in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(("path", "zoned", "subject", "prop"), [
    ("background.trig", '"2018-05-20T21:28:00Z"^^xsd:dateTime', "d:queqiao-launch", "skg:time"),
    ("background.trig", '"2016-12-27T00:00:00Z"^^xsd:dateTime', "d:white-paper-2016-release", "skg:earliestTime"),
    ("sources.ttl", '"2018-05-21T00:00:00Z"^^xsd:dateTime', "src:a000", "skg:datePublished"),
])
def test_a_date_and_time_without_a_zone_is_an_error(scratch_project: Project, path: str, zoned: str,
                                                    subject: str, prop: str):
    file = scratch_project.data_dir / path
    assert zoned in file.read_text()
    file.write_text(file.read_text().replace(zoned, zoned.replace('Z"', '"'), 1))
    result = check(scratch_project)
    assert result.exit_code == ExitCode.FINDINGS
    value = zoned.split('"')[1].removesuffix("Z")
    assert any(line.startswith("error    zoneless-datetime") and f"subject={subject}, property={prop}, "
               f"value={value}" in line for line in result.stdout.splitlines()), result.stdout


def test_a_date_and_time_with_an_offset_is_no_error(scratch_project: Project):
    file = scratch_project.data_dir / "background.trig"
    zoned = '"2018-05-20T21:28:00Z"^^xsd:dateTime'
    file.write_text(file.read_text().replace(zoned, '"2018-05-21T05:28:00+08:00"^^xsd:dateTime', 1))
    assert "zoneless-datetime" not in check(scratch_project).stdout


@pytest.mark.slow
@pytest.mark.parametrize(("fact", "found"), [
    ('d:moon skg:country "China" .', "subject=d:moon, property=skg:country, value=China"),
    ('d:xichang skg:locatedIn "Sichuan"@en .', "subject=d:xichang, property=skg:locatedIn, value=Sichuan"),
    ("d:moon skg:description d:far-side-of-the-moon .",
     "subject=d:moon, property=skg:description, value=d:far-side-of-the-moon"),
])
def test_a_value_of_the_wrong_kind_for_its_property_is_an_error(scratch_project: Project, fact: str, found: str):
    (scratch_project.data_dir / "extra.ttl").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n" + fact)
    result = check(scratch_project)
    assert result.exit_code == ExitCode.FINDINGS
    assert any(line.startswith("error    property-value-kind") and found in line
               for line in result.stdout.splitlines()), result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(("label", "warned"), [
    ('"Moon"@en', False),
    ('"Moon"@en-GB', False),
    ('"月球"@zh', True),
    ('"Moon"', True),
])
def test_a_named_entity_without_an_english_label_is_a_warning(scratch_project: Project, label: str, warned: bool):
    entities = scratch_project.data_dir / "entities.ttl"
    entities.write_text(entities.read_text().replace('d:moon a skg:NaturalSatellite ;\n    rdfs:label "Moon"@en ;',
                                                     f"d:moon a skg:NaturalSatellite ;\n    rdfs:label {label} ;"))
    result = check(scratch_project)
    assert ("warning  shacl:LabelledEntity  d:moon rdfs:label" in result.stdout) == warned, result.stdout


@pytest.mark.slow
def test_a_plan_whose_window_opens_at_a_date_without_a_time_is_an_error(scratch_project: Project):
    (scratch_project.data_dir / "extra.ttl").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n"
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        'd:plan-white-paper-2016-mars skg:earliestTime "2020-01-01"^^xsd:date .\n')
    assert "error    shacl:Plan  d:plan-white-paper-2016-mars skg:earliestTime" in check(scratch_project).stdout


@pytest.mark.slow
@pytest.mark.parametrize("value", ['"2033-01-01"^^xsd:date', '"2033"^^xsd:gYear', '"2033-01-01T00:00:00Z"'])
def test_an_event_time_that_is_no_instant_is_an_error_that_says_so(scratch_project: Project, value: str):
    (scratch_project.data_dir / "extra.ttl").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n"
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        f'd:test-landing a skg:SoftLanding ; skg:achievedBy d:japan ; skg:time {value} .\n')
    output = check(scratch_project).stdout
    finding = output[output.index("error    shacl:Event  d:test-landing skg:time"):].split("\n", 2)[1]
    # One value is no disagreement between sources: the message says what to write instead.
    assert "a time is an instant" in finding and "disagree" not in finding
