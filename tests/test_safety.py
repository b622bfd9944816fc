"""Query safety is decided on the query's tokens and structure, never on its text with patterns.

The oracle is rdflib's SPARQL algebra (a real parse, by an independent parser): over the W3C
SPARQL 1.1 syntax suite, and over generated queries that splice keywords, escaped prefixed
names, strings, comments and comparisons together, spacekg's verdict equals the algebra's and
the generator's own record of what it put in. Refused queries reach no server: a canary on
127.0.0.1 counts the connections.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyparsing import ParseException
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from replay import Canary

from spacekg.cli import cli
from spacekg.errors import ExitCode, LimitError, QueryError
from spacekg.namespaces import PREFIXES
from spacekg.sources.project import Project
from spacekg.store.engine import syntax_problem
from spacekg.store.safety import (
    MAX_QUERY_BYTES,
    Token,
    check_query,
    inspect_query,
    redirect_service,
    resolve_iri,
    tokenize,
    unbalanced_bracket,
    where_group,
)

REPO = Path(__file__).resolve().parents[1]
SUITES = Path(os.environ.get("SPACEKG_W3C_TESTS") or REPO.parent / "shared" / "w3c-rdf-tests")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
# pyoxigraph refuses port 9 before connecting, so a generated SERVICE can be parsed and run safely.
NOWHERE = "http://127.0.0.1:9/"


def algebra_uses(text: str, prefixes: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """What rdflib's algebra says the query uses: ("SERVICE", "") per service pattern, and
    ("FROM", iri) / ("FROM NAMED", iri) per dataset clause."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    query = translateQuery(parseQuery(text), initNs=prefixes or {})
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.append(("SERVICE", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(query.algebra)
    for clause in query.algebra.get("datasetClause") or []:
        feature, iri = ("FROM NAMED", clause["named"]) if "named" in clause else ("FROM", clause["default"])
        # rdflib keeps PN_LOCAL_ESC backslashes in the IRI (d:a\#b gives ...a\#b); the grammar
        # and pyoxigraph drop them.
        found.append((feature, re.sub(r"\\(.)", r"\1", str(iri))))
    return sorted(found)


def our_uses(text: str, prefixes: dict[str, str] | None = None) -> list[tuple[str, str]]:
    uses = inspect_query(text, prefixes=prefixes if prefixes is not None else PREFIXES).uses
    return sorted((u.feature, "" if u.feature == "SERVICE" else u.target) for u in uses)


# --- The W3C SPARQL 1.1 syntax suite ---


def _syntax_cases() -> list[tuple[str, Path]]:
    folder = SUITES / "sparql11-syntax-query"
    if not folder.is_dir():
        return []
    manifest = Graph().parse(folder / "manifest.ttl", format="turtle", publicID=f"{folder.as_uri()}/")
    top = manifest.value(predicate=RDF.type, object=MF.Manifest, any=False)
    cases = []
    for entry in Collection(manifest, manifest.value(top, MF.entries)):
        kind = str(manifest.value(entry, RDF.type)).rsplit("#", 1)[1]
        action = folder / str(manifest.value(entry, MF.action)).rsplit("/", 1)[1]
        cases.append((kind, action))
    return cases


SYNTAX_CASES = _syntax_cases()
needs_suite = pytest.mark.skipif(
    not SYNTAX_CASES, reason=f"W3C SPARQL syntax suite not found under {SUITES} (set SPACEKG_W3C_TESTS)")


def _base(path: Path) -> str:
    return f"http://www.w3.org/2009/sparql/docs/tests/data-sparql11/syntax-query/{path.name}"


@needs_suite
@pytest.mark.parametrize("kind,path", SYNTAX_CASES, ids=[p.name for _, p in SYNTAX_CASES])
def test_w3c_syntax_query_verdict_equals_rdflibs_algebra(kind: str, path: Path):
    text = "BASE <" + _base(path) + ">\n" + path.read_text("utf-8")
    if kind == "NegativeSyntaxTest11":
        # A bad query may be refused as malformed here or by the engine; it must never crash.
        try:
            inspect_query(text, prefixes={})
        except QueryError:
            pass
        return
    assert our_uses(text, {}) == algebra_uses(text)


@pytest.mark.slow
@needs_suite
@pytest.mark.parametrize("kind,path", [c for c in SYNTAX_CASES if c[0] == "PositiveSyntaxTest11"],
                         ids=[p.name for k, p in SYNTAX_CASES if k == "PositiveSyntaxTest11"])
def test_w3c_syntax_query_with_service_and_from_spliced_in(kind: str, path: Path):
    text = "BASE <" + _base(path) + ">\n" + path.read_text("utf-8")
    start = where_group(text)
    if start is None:
        pytest.skip("no WHERE group to splice into")
    head, body = text[: start - 1], text[start:]
    where = head.upper().rfind("WHERE")
    dataset_at = where if where > head.upper().rfind("}") and where != -1 else len(head)
    spliced = (head[:dataset_at] + f" from named <{NOWHERE}g> FROM <{NOWHERE}h> " + head[dataset_at:]
               + "{ Service SILENT <" + NOWHERE + "> { ?svcS ?svcP ?svcO } " + body)
    expected = sorted([("FROM NAMED", f"{NOWHERE}g"), ("FROM", f"{NOWHERE}h"), ("SERVICE", "")] + algebra_uses(text))
    assert our_uses(spliced, {}) == expected
    try:
        algebra = algebra_uses(spliced)
    except ParseException:  # rdflib's parser refuses some valid queries; its algebra then says nothing
        return
    assert algebra == expected


# --- Every spelling of a refused feature, and legal queries that merely look like one ---

REFUSED = {
    "escaped quote in a prefixed name": "SELECT * WHERE { ?s d:x\\' ?o . SERVICE <{url}> { ?s ?p ?o } }",
    "escaped hash in a prefixed name": "SELECT * WHERE { ?s d:a\\#b ?o . SERVICE <{url}> { ?s ?p ?o } }",
    "escaped quote then FROM": "SELECT * FROM <file:///etc/passwd> WHERE { ?s d:x\\' ?o }",
    "FROM after an escaped hash": "SELECT ?o FROM <file:///etc/passwd> WHERE { ?s d:a\\#b ?o }",
    "lower case": "select * where { service <{url}> { ?s ?p ?o } }",
    "mixed case": "SeLeCt * WhErE { sErViCe <{url}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "variable endpoint": "SELECT * WHERE { VALUES ?svc { <{url}> } SERVICE ?svc { ?s ?p ?o } }",
    "prefixed endpoint": "PREFIX e: <{url}> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
    "after a comment": "SELECT * WHERE { # a comment with \" and '\n SERVICE <{url}> { ?s ?p ?o } }",
    "after a string with keywords": 'SELECT * WHERE { BIND("SERVICE FROM \\" }" AS ?x) SERVICE <{url}> { ?s ?p ?o } }',
    "after a long string": "SELECT * WHERE { BIND('''a ' '' SERVICE''' AS ?x) SERVICE <{url}> { ?s ?p ?o } }",
    "in a sub-select": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "nested twice": "SELECT * WHERE { OPTIONAL { { SELECT * { MINUS { SERVICE <{url}> { ?s ?p ?o } } } } } }",
    "inside EXISTS": "ASK { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "inside UNION and GRAPH": "SELECT * { { ?a ?b ?c } UNION { GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } } }",
    "no spaces": "SELECT*WHERE{SERVICE<{url}>{?s ?p ?o}}",
    "keyword glued to a prefixed name": "PREFIX : <{url}> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
    "keyword glued to SILENT": "SELECT * WHERE { SERVICESILENT<{url}>{ ?s ?p ?o } }",
    "after a comparison the grammar reads as an IRI": "SELECT * WHERE { ?s ?p ?o FILTER(?a<?b)SERVICE<{url}>#>\n{ ?s ?p ?o } }",
    "variable after a comparison": "SELECT * WHERE { ?s ?p ?o FILTER(?a<?b)SERVICE?x#>\n{ ?s ?p ?o } }",
    "CONSTRUCT FROM": "CONSTRUCT { ?s ?p ?o } FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "FROM NAMED": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "FROM with a prefixed name": "PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }",
    "FROM glued to a prefixed name": "PREFIX : <file:///etc/> SELECT * FROM:passwd WHERE { ?s ?p ?o }",
    "FROM NAMED glued": "PREFIX : <file:///etc/> SELECT * FROMNAMED:passwd WHERE { ?s ?p ?o }",
    "from relative to BASE": "BASE <file:///etc/> SELECT * from <passwd> WHERE { ?s ?p ?o }",
    "ASK FROM": "ASK FROM <file:///etc/passwd> { ?s ?p ?o }",
    "DESCRIBE FROM": "DESCRIBE ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "LOAD": "LOAD <file:///etc/passwd>",
    "load silent into": "load silent <{url}> into graph <http://x/g>",
    "INSERT DATA": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE": "DELETE WHERE { ?s ?p ?o }",
    "CLEAR": "CLEAR ALL",
    "WITH": "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
}

LEGAL = {
    "skg:from": "SELECT * WHERE { ?s skg:from ?o } LIMIT 1",
    "d:service-module": "SELECT * WHERE { ?s ?p d:service-module } LIMIT 1",
    "keywords in a string": 'SELECT * WHERE { BIND("SERVICE <http://x/> { } FROM <file:///etc/passwd>" AS ?x) }',
    "keywords in a comment": "SELECT * WHERE { ?s ?p ?o # SERVICE <http://x/> { } FROM <f>\n } LIMIT 1",
    "keywords as variables": "SELECT ?from ?service WHERE { ?from ?service ?load } LIMIT 1",
    "keyword as a language tag": 'SELECT * WHERE { BIND("x"@from AS ?x) }',
    "keywords in an IRI": "SELECT * WHERE { ?s <http://example.org/SERVICE/FROM> ?o }",
    "escaped prefixed names": "SELECT * WHERE { ?s d:x\\' ?o . ?s d:a\\#b ?o }",
    "prefix named service": "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o . GRAPH service:g { ?a ?b ?c } }",
    "prefix named from": "PREFIX from: <http://x/> SELECT * WHERE { ?s from:p ?o }",
    "comparison before WHERE words": "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
    "function after a variable in ORDER BY": "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s <http://www.w3.org/2001/XMLSchema#string>(?o) LIMIT 1",
}


def _sparql(project: Project, text: str, *extra: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), "sparql", text, "--as-of", "2026-11-21", *extra])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_every_spelling_of_service_from_and_updates_is_refused(project: Project, canary: Canary, name: str):
    text = REFUSED[name].replace("{url}", canary.url)
    result = _sparql(project, text)
    assert result.exit_code == ExitCode.QUERY, (name, result.output)
    assert result.stderr.startswith("Error: line ") and "is not allowed" in result.stderr
    assert "Traceback" not in result.output
    assert canary.connections == 0


@pytest.mark.parametrize("name", sorted(LEGAL))
def test_queries_that_only_look_like_refused_features_run(project: Project, name: str):
    result = _sparql(project, LEGAL[name], "-f", "csv")
    assert result.exit_code == 0, (name, result.output)


def test_allow_service_permits_service_only(project: Project, canary: Canary):
    assert check_query(f"SELECT * {{ SERVICE <{canary.url}> {{ }} }}", allow_service=True).services
    with pytest.raises(QueryError, match="FROM is not allowed"):
        check_query("SELECT * FROM <http://x/g> { }", allow_service=True)
    with pytest.raises(QueryError, match="LOAD is not allowed"):
        check_query("LOAD <http://x/g>", allow_service=True)


def test_a_store_policy_lets_from_name_only_graphs_it_holds():
    graphs = {"https://w3id.org/spacekg/graph/entities"}
    features = check_query("SELECT * FROM g:entities FROM NAMED <https://w3id.org/spacekg/graph/entities> { }",
                           graphs=graphs)
    assert features.from_graphs == features.from_named == ("https://w3id.org/spacekg/graph/entities",)
    with pytest.raises(QueryError, match="names no graph of this store"):
        check_query("SELECT * FROM <file:///etc/passwd> { }", graphs=graphs)


def test_features_name_targets_resolved_against_prefixes_and_base():
    features = inspect_query(
        "BASE <http://a/b/c> PREFIX e: <../e/> SELECT * FROM <g> FROM NAMED e:x\\#y WHERE { SERVICE SILENT ?v { } "
        "SERVICE e:s { } }")
    assert features.from_graphs == ("http://a/b/g",)
    assert features.from_named == ("http://a/e/x#y",)
    assert [u.target for u in features.services] == ["?v", "http://a/e/s"]


def test_refusals_name_the_line():
    with pytest.raises(QueryError, match=r"^line 3: SERVICE is not allowed"):
        check_query("SELECT *\nWHERE {\n  SERVICE <http://x/> { } }")


def test_size_is_counted_in_bytes():
    text = "SELECT * WHERE { BIND(\"" + "é" * (MAX_QUERY_BYTES // 2) + "\" AS ?x) }"
    assert len(text) < MAX_QUERY_BYTES < len(text.encode())
    with pytest.raises(LimitError, match=r"bytes, over the 65536-byte limit"):
        check_query(text)


def test_text_that_is_not_utf8_is_a_query_error_with_its_position():
    text = "SELECT * WHERE {\n ?s ?p \"caf" + b"\xe9".decode("utf-8", "surrogateescape") + "\" }"
    with pytest.raises(QueryError, match=r"line 2, column 12: the query is not UTF-8 \(byte 0xe9\)"):
        check_query(text)


@pytest.mark.parametrize("text,where", [('SELECT * WHERE { ?s ?p "unterminated }', "line 1, column 24"),
                                        ("SELECT * WHERE { ?s ?p ?o } ` ", "line 1, column 29"),
                                        ("SELECT * WHERE { ?s d:\u00b7x ?o }", "line 1, column 23")])
def test_text_no_terminal_matches_is_malformed_with_line_and_column(text: str, where: str):
    with pytest.raises(QueryError, match=where):
        tokenize(text)


def test_codepoint_escapes_count_only_inside_strings_and_iris():
    # The engine reads \u escapes inside strings and IRIs, never as a pass over the whole text.
    assert our_uses('SELECT * { BIND("a\\u0022 SERVICE <http://x/> { }" AS ?x) }') == []
    with pytest.raises(QueryError, match="column 12: unexpected character"):
        inspect_query("SELECT * { \\u0053ERVICE <http://x/> { } }")


def test_redirect_touches_only_service_endpoints():
    text = f'SELECT * {{ SERVICE <{NOWHERE}> {{ ?s ?p "<{NOWHERE}>" }} }} # <{NOWHERE}>'
    out = redirect_service(text, NOWHERE, "http://127.0.0.1:8/x")
    assert out == text.replace(f"SERVICE <{NOWHERE}>", "SERVICE <http://127.0.0.1:8/x>", 1)
    with pytest.raises(QueryError, match="not an http"):
        redirect_service(text, NOWHERE, "http://x/> } ; DROP ALL")


def test_resolve_iri_follows_rfc3986_examples():
    base = "http://a/b/c/d;p?q"
    examples = {"g:h": "g:h", "g": "http://a/b/c/g", "./g": "http://a/b/c/g", "g/": "http://a/b/c/g/",
                "/g": "http://a/g", "?y": "http://a/b/c/d;p?y", "#s": "http://a/b/c/d;p?q#s", "": base,
                "../..": "http://a/", "../../../g": "http://a/g", "g;x=1/../y": "http://a/b/c/y"}
    for reference, resolved in examples.items():
        assert resolve_iri(base, reference) == resolved, reference


# --- Generated queries: the verdict equals what the generator put in, and rdflib's algebra ---

_CASES = ["SELECT", "select", "Select"]
_TRICKY_TRIPLES = [
    "?s skg:from ?o .", "?s d:service-module \"SERVICE <x> { }\" .", "?s d:x\\' ?o .", "?s d:a\\#b ?o .",
    "?s ?p \"FROM <file:///x>\"@en .", "?s ?p '''a ' '' SERVICE''' .", "?s ?p 1.5e3 .", "?from ?service ?load .",
    "?s ?p \"x\"@from .", "?s ?p ?o . # SERVICE <x> { } FROM <y>\n", "?s <http://x/service#from> ?o .",
    "FILTER(?a<?b)", "FILTER(?a < ?b && ?b > 1)", "FILTER(?s != <http://x/#>)", "FILTER regex(?o, \"SERVICE\")",
    "FILTER(\"}\" != \"{\")", "VALUES ?v { \"a\" <http://x/> }", "?s d:p (d:a d:b) .", "?s (d:p|d:q)/d:r ?o .",
]


def _keyword(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.lower(), word.capitalize()])


@st.composite
def _service(draw: st.DrawFn, inner: str) -> str:
    target = draw(st.sampled_from([f"<{NOWHERE}>", "?svc", "d:svc"]))
    silent = draw(st.sampled_from(["", " SILENT", " silent"]))
    gap = draw(st.sampled_from([" ", "  ", "\n", " # SERVICE FROM\n"]))
    if target.startswith("<") and draw(st.booleans()):
        gap = ""  # SERVICE<iri> is a keyword followed by an IRI
    return f"{draw(_keyword('SERVICE'))}{silent}{gap or ' ' if silent else gap}{target} {{ {inner} }}"


@st.composite
def _pattern(draw: st.DrawFn, depth: int = 0) -> tuple[str, int]:
    """A group's contents, and how many SERVICE patterns it holds."""
    parts: list[str] = []
    services = 0
    for _ in range(draw(st.integers(1, 3))):
        choice = draw(st.integers(0, 6 if depth < 2 else 0))
        if choice == 0:
            parts.append(draw(st.sampled_from(_TRICKY_TRIPLES)))
            continue
        inner, count = draw(_pattern(depth + 1))
        services += count
        if choice == 1:
            parts.append(draw(_service(inner)))
            services += 1
        elif choice == 2:
            parts.append(f"OPTIONAL {{ {inner} }}")
        elif choice == 3:
            parts.append(f"{{ {inner} }} UNION {{ ?u ?v ?w }}")
        elif choice == 4:
            parts.append(f"MINUS {{ {inner} }}")
        elif choice == 5:
            parts.append(f"FILTER EXISTS {{ {inner} }}")
        else:
            parts.append(f"{{ {draw(_keyword('SELECT'))} * WHERE {{ {inner} }} }}")
    return " ".join(parts), services


@st.composite
def _query(draw: st.DrawFn) -> tuple[str, int, list[tuple[str, str]]]:
    body, services = draw(_pattern())
    dataset: list[tuple[str, str]] = []
    clauses = []
    for _ in range(draw(st.integers(0, 2))):
        named = draw(st.booleans())
        target = draw(st.sampled_from([(f"<{NOWHERE}g>", f"{NOWHERE}g"), ("d:g", f"{NOWHERE}g"),
                                        ("d:a\\#b", f"{NOWHERE}a#b")]))
        glue = "" if target[0].startswith("<") and draw(st.booleans()) else " "
        word = draw(_keyword("FROM")) + (" " + draw(_keyword("NAMED")) if named else "")
        clauses.append(f"{word}{glue}{target[0]}")
        dataset.append(("FROM NAMED" if named else "FROM", target[1]))
    where = draw(st.sampled_from(["WHERE ", "where ", ""]))
    form = draw(st.sampled_from(["SELECT *", "SELECT ?s", "ASK", "CONSTRUCT { ?s ?p ?o }"]))
    form = form.replace("SELECT", draw(_keyword("SELECT")))
    text = f"PREFIX d: <{NOWHERE}> PREFIX skg: <http://x/skg#> {form} {' '.join(clauses)} {where}{{ {body} }}"
    return text, services, sorted(dataset)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_query())
def test_generated_queries_get_the_verdict_of_their_construction(generated: tuple[str, int, list]):
    text, services, dataset = generated
    try:
        ox.Store().query(text)
    except SyntaxError as exc:  # the generator must produce queries the engine accepts
        raise AssertionError(f"pyoxigraph refuses the generated query: {exc}\n{text}") from None
    except (OSError, RuntimeError):
        pass  # a SERVICE to port 9 or to an unbound variable failed to run: the query parsed
    expected = sorted(dataset + [("SERVICE", "")] * services)
    assert our_uses(text, {}) == expected, text
    try:
        algebra = algebra_uses(text)
    except (ParseException, RecursionError):  # rdflib's parser refuses some valid queries
        return
    assert algebra == expected, text


@pytest.mark.parametrize(("literal", "column"), [('"\\q"', 25), ("'a\\xb'", 26), ('"\\u12"', 25), ('"ok \\.x"', 28)])
def test_a_string_cut_by_an_escape_it_cannot_hold_names_the_escape_not_an_open_string(literal: str, column: int):
    with pytest.raises(QueryError, match=rf"line 1, column {column}: \\.* is no escape a string can hold"):
        tokenize(f"SELECT * {{ FILTER(?s = {literal}) }}")


def test_an_open_string_is_still_named_open():
    with pytest.raises(QueryError, match="line 1, column 24: unterminated string"):
        tokenize('SELECT * { FILTER(?s = "abc) }')


# --- Where a malformed query is wrong: a stray or unclosed bracket ---

_OPENERS = ("{", "(", "[", "{|")
# The wdqs-* queries are written with Wikidata's prefixes, which the Wikidata view declares.
_STORED = [p for p in sorted((REPO / "queries").glob("*.rq")) if not p.name.startswith("wdqs-")] + sorted(
    (REPO / "ontology" / "rules").glob("*.rq"))


def _brackets(text: str) -> list[Token]:
    return [t for t in tokenize(text) if t.kind == "PUNCT" and t.text in (*_OPENERS, "}", ")", "]", "|}")]


@needs_suite
@pytest.mark.parametrize("kind,path", SYNTAX_CASES, ids=[p.name for _, p in SYNTAX_CASES])
def test_no_query_of_the_w3c_syntax_suite_the_engine_parses_has_an_unbalanced_bracket(kind: str, path: Path):
    text = path.read_text("utf-8")
    if syntax_problem(text) is None:
        assert unbalanced_bracket(text) is None


@settings(max_examples=200, deadline=None)
@given(path=st.sampled_from(_STORED), data=st.data())
def test_a_stray_closing_bracket_is_named_at_its_own_line_and_column(path: Path, data: st.DataObject):
    text = path.read_text("utf-8")
    assert unbalanced_bracket(text) is None and syntax_problem(text) is None
    tokens = tokenize(text)
    at = data.draw(st.sampled_from([t.start for t in tokens[1:]]))
    # A closer of the innermost open bracket's kind would close it, and the error be elsewhere.
    depth: list[str] = []
    for token in _brackets(text[:at]):
        if token.text in _OPENERS:
            depth.append(token.text)
        else:
            depth.pop()
    closes = {"{": "}", "(": ")", "[": "]", "{|": "|}"}.get(depth[-1]) if depth else None
    closer = data.draw(st.sampled_from([c for c in ("}", ")", "]") if c != closes]))
    broken = text[:at] + " " + closer + " " + text[at:]  # spaced: glued to "|" it would read as "|}"
    line = broken.count("\n", 0, at) + 1
    column = at - (broken.rfind("\n", 0, at) + 1) + 2
    assert f"line {line}, column {column}: '{closer}' c" in (syntax_problem(broken) or "")


@settings(max_examples=100, deadline=None)
@given(path=st.sampled_from(_STORED), data=st.data())
def test_a_missing_closing_bracket_is_named_at_a_bracket_left_unmatched(path: Path, data: st.DataObject):
    text = path.read_text("utf-8")
    closers = [t for t in _brackets(text) if t.text not in _OPENERS]
    gone = data.draw(st.sampled_from(closers))
    broken = text[:gone.start] + " " * len(gone.text) + text[gone.start + len(gone.text):]
    problem = syntax_problem(broken) or ""
    # Either a bracket left unmatched, or the parser's own position when it comes first: never a
    # point before the bracket went missing, where the text still reads as the valid query.
    found = re.match(r"line (\d+), column (\d+): '(\S+)' (?:is never closed|cannot close)", problem) or re.match(
        r"error at (\d+):(\d+): ", problem)
    assert found, problem
    offset = sum(len(line) + 1 for line in broken.split("\n")[: int(found[1]) - 1]) + int(found[2]) - 1
    if found.lastindex == 3:
        assert broken.startswith(found[3], offset)
    else:
        assert offset >= gone.start


@settings(max_examples=40, deadline=None)
@given(path=st.sampled_from(_STORED), data=st.data())
def test_a_malformed_query_is_named_at_the_same_place_whatever_ends_its_lines(path: Path, data: st.DataObject):
    """A line ends at LF, CR or CR LF, as the SPARQL grammar ends a comment: the parser's own
    position, a stray bracket, a character no token starts, an unknown prefix and a byte that is
    not UTF-8 are told at the line and column an editor shows, whatever ends the lines."""
    text = path.read_text("utf-8")
    tokens = tokenize(text)
    at = data.draw(st.sampled_from(tokens[len(tokens) // 2:])).start  # in the query, not in a comment
    inserted = data.draw(st.sampled_from([" ) ", " \x00 ", " nope:x ", ' "open\n', " . ?s ?p ?o ?x . ", " \udcff "]))
    broken = text[:at] + inserted + text[at:]

    def told(end: str) -> str:
        text = broken.replace("\n", end)
        try:
            check_query(text, allow_service=True)
        except QueryError as exc:
            return str(exc)
        return syntax_problem(text) or ""

    places = {end: re.search(r"(line |error at )(\d+)(?:, column |:)(\d+)", told(end)) for end in ("\n", "\r\n", "\r")}
    assert all(places.values()), told("\n")
    lf, crlf, cr = (places[end].groups() for end in ("\n", "\r\n", "\r"))  # type: ignore[union-attr]
    assert cr == lf
    # The engine's own furthest point after a CR LF can fall a character earlier on its line.
    assert crlf[:2] == lf[:2] if lf[0] == "error at " else crlf == lf


@pytest.mark.parametrize("path", ["rdfs:subClassOf? ?o", "rdfs:subClassOf?  ?o", "rdfs:subClassOf?\n?o",
                                  "(rdfs:subClassOf)? ?o", "rdfs:subClassOf?<http://x/o>", "^rdfs:subClassOf? ?o",
                                  "rdfs:subClassOf?/rdfs:label ?o", "rdfs:subClassOf?|rdfs:label ?o"])
def test_a_zero_or_one_path_is_read_whatever_follows_it(project: Project, path: str):
    text = f"SELECT * WHERE {{ ?s {path} }} LIMIT 1"
    assert check_query(text, allow_service=False) is not None
    result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", text, "--as-of", "2026-11-21"])
    assert result.exit_code == 0, result.output
