"""Every number the README states about the ontology and the data is the number the project has.

Timings are stated without numbers in the README (docs/performance.md has the measurements).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from datetime import date

import pytest
from conftest import REPO

from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.limits import DEFAULT_BUILD_TIMEOUT, DEFAULT_MEMORY_MB, DEFAULT_QUERY_TIMEOUT

README = " ".join((REPO / "README.md").read_text("utf-8").split())


def stated(pattern: str) -> tuple[int, ...]:
    """The numbers the README states where ``pattern`` matches (``N`` stands for a number)."""
    regex = re.escape(pattern).replace("N", r"([\d,]+)")
    match = re.search(regex, README)
    assert match, f"the README no longer says: {pattern}"
    return tuple(int(n.replace(",", "")) for n in match.groups())


def count(kg: KnowledgeGraph, where: str) -> int:
    (row,) = kg.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows
    return int(row[0].value)


def about(n: int) -> int:
    """"about N": rounded to the hundred."""
    return round(n, -2)


def test_ontology_size():
    spec = importlib.util.spec_from_file_location("ontology_reference", REPO / "docs" / "ontology_reference.py")
    assert spec and spec.loader
    reference = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = reference  # its dataclasses look their module up
    spec.loader.exec_module(reference)
    size = reference.counts(reference.Ontology(REPO / "ontology" / "spacekg.ttl"))
    assert stated("N classes, N properties and N controlled vocabularies") == (
        size["classes"], size["properties"], size["vocabularies"])


def test_articles_sentences_and_graphs(project: Project, kg: KnowledgeGraph):
    sentences = count(kg, "SELECT DISTINCT ?s WHERE { ?s a skg:Sentence }")
    excluded = count(kg, "SELECT DISTINCT ?s WHERE { ?s a skg:Sentence ; skg:excluded true }")
    factual = count(kg, "SELECT DISTINCT ?g WHERE { ?g skg:statedIn ?s }")
    assert stated("- N articles, N sentences.") == (len(project.article_files()), sentences)
    assert stated("N sentences carry facts, one named graph each. N are left out") == (factual, excluded)


def test_quads_by_kind(kg: KnowledgeGraph, nquads: bytes):
    lines = nquads.decode("utf-8").splitlines()
    graphs = Counter(line[line.rindex(" <") + 2: -3] for line in lines)
    inferred = {g: n for g, n in graphs.items() if "/graph/inferred/" in g}
    schema = inferred.pop("https://w3id.org/spacekg/graph/inferred/schema")
    owl = inferred.pop("https://w3id.org/spacekg/graph/inferred/owl")
    rules = inferred.pop("https://w3id.org/spacekg/graph/inferred/rules")
    articles = sum(inferred.values())
    asserted = len(lines) - schema - owl - rules - articles
    assert stated("N named graphs and about N quads in all: N asserted, N in the closure of the schema, N that "
                  "the accepted view adds to it, N that the three article views add") == (
        len(graphs), about(len(lines)), asserted, schema, owl, articles)
    assert stated("and about N derived by the rules") == (about(rules),)
    assert stated("Each of the N inferred triples has its justification") == (schema + owl + articles + rules,)


def test_verdicts(kg: KnowledgeGraph):
    verdicts = Counter(row[0].value.rsplit("#", 1)[1] for row in kg.query(
        "SELECT ?v WHERE { ?a a skg:ClaimAssessment ; skg:verdict ?v }").rows)
    assert stated("N verdicts on the articles' checkable claims: N supported, N contradicted, N imprecise, "
                  "N unverifiable") == (sum(verdicts.values()), verdicts["Supported"], verdicts["Contradicted"],
                                        verdicts["Imprecise"], verdicts["Unverifiable"])


@pytest.mark.slow
def test_check_findings(project: Project, as_of: date):
    from spacekg.checks import run_checks

    findings = run_checks(project, as_of=as_of)
    by_severity = Counter(f.severity.value for f in findings)
    by_check = Counter(f.check for f in findings if f.severity.value == "info")
    assert stated("`N errors, N warnings, N infos`") == (by_severity["error"], by_severity["warning"],
                                                         by_severity["info"])
    assert stated("- N claims that spacekg's facts contradict.") == (by_check["contradicted-claims"],)
    assert stated("- N plans for which the source gives no target date.") == (by_check["shacl:Plan"],)
    assert stated("- N events that two sources date differently.") == (by_check["sources-disagree-on-window"],)


def test_safety_defaults():
    from spacekg.sources.files import MAX_INPUT_BYTES
    from spacekg.store.limits import MAX_MEMORY_MB, MAX_TIMEOUT, MIN_MEMORY_MB, MIN_TIMEOUT
    from spacekg.store.safety import MAX_QUERY_BYTES
    from spacekg.wikidata.client import MAX_DEPTH, WikidataClient

    client = WikidataClient(REPO / "unused")
    assert stated("Query text is capped at N KiB (N bytes of UTF-8)") == (MAX_QUERY_BYTES // 1024, MAX_QUERY_BYTES)
    assert stated("query text over N KiB") == (MAX_QUERY_BYTES // 1024,)
    assert stated("killed at the time limit (`--timeout`, default N s,") == (int(DEFAULT_QUERY_TIMEOUT),)
    assert stated("capped (`--memory-mb`, default N,") == (DEFAULT_MEMORY_MB,)
    assert stated("in one worker under `--timeout` (default N s,") == (int(DEFAULT_BUILD_TIMEOUT),)
    assert stated("regular UTF-8 files under N MiB") == (MAX_INPUT_BYTES // 2**20,)
    assert stated(f"a finite number from {MIN_TIMEOUT:g} to N s") == (int(MAX_TIMEOUT),)
    assert stated("a `--memory-mb` outside N to N") == (MIN_MEMORY_MB, MAX_MEMORY_MB)
    assert stated("Each attempt has one N s deadline") == (int(client.timeout),)
    assert stated("are retried up to N times") == (client.max_retries,)
    assert stated("a retry that could not end within N s of the request's start is not made, so one request takes "
                  "at most N s") == (int(client.total_time), int(client.total_time))
    assert stated("nests more than N levels deep") == (MAX_DEPTH,)
    assert stated("a `Retry-After` over N s fails at once") == (int(client.max_backoff),)
    assert stated("or a `Retry-After` longer than N s") == (int(client.max_backoff),)


def test_w3c_case_counts():
    w3c = pytest.importorskip("test_w3c")
    if not w3c.CASES:
        pytest.skip(f"the W3C suites are not at {w3c.SUITES}")
    kinds = Counter(case.kind for case in w3c.CASES)
    assert stated("N cases (N positive syntax, N negative syntax, N evaluation)") == (
        len(w3c.CASES), kinds["positive"], kinds["negative"], kinds["eval"])
