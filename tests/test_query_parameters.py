"""Every stored query's parameters, given the ways people give them: other spellings of a name or
term, Wikidata ids, nothing, an unknown or misspelt parameter, a malformed value, text with quotes
or SPARQL in it. Each gives the right rows or an error naming the parameter, never a traceback or
an empty answer for a slip."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from spacekg.cli import cli
from spacekg.errors import ExitCode, QueryError
from spacekg.namespaces import ID, SKG, SOURCE, WD, expand, shorten
from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph
from spacekg.store.names import name_key, resolve_names
from spacekg.store.queries import LEXICAL_FORMS, Parameter, ParamType, StoredQuery, bind_parameters, load_queries

QUERIES = Path(__file__).resolve().parents[1] / "queries"
STORED = {**load_queries(QUERIES), **{f"checks/{n}": q for n, q in load_queries(QUERIES / "checks").items()}}
PARAMETERS = [(name, p) for name, q in sorted(STORED.items()) for p in q.parameters]
IDS = [f"{name}:{p.name}" for name, p in PARAMETERS]
# The queries that run on spacekg's own graph (the Wikidata view's are probed in test_wdqs.py).
LOCAL_IRI = [(name, p) for name, p in PARAMETERS
             if p.type is ParamType.IRI and STORED[name].view == "spacekg" and not STORED[name].needs_network]


def answer(kg: KnowledgeGraph, q: StoredQuery, values: dict[str, str]) -> list[tuple[str, ...]]:
    result = kg.query(q.text, bindings=resolve_names(kg.store, bind_parameters(q, values), q.parameters))
    return [tuple("" if t is None else t.value for t in row) for row in result.rows]


def test_the_stored_queries_have_parameters_of_each_kind_probed_here():
    assert {p.type for _, p in PARAMETERS} >= {ParamType.IRI, ParamType.INTEGER, ParamType.DATETIME}
    assert len(LOCAL_IRI) >= 15


@pytest.mark.parametrize(("name", "param"), PARAMETERS, ids=IDS)
@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_an_empty_value_is_refused_naming_the_parameter_its_form_and_default(name: str, param: Parameter,
                                                                              blank: str):
    with pytest.raises(QueryError) as error:
        bind_parameters(STORED[name], {param.name: blank})
    message = str(error.value)
    assert message.startswith(f"parameter {param.name} is empty: give ")
    form = "a prefixed name such as d:china" if param.type is ParamType.IRI else LEXICAL_FORMS[param.type][1]
    assert form in message
    assert (f"leave it out for its default, {param.default}" if param.default else "it has no default") in message


@pytest.mark.parametrize(("name", "param"), PARAMETERS, ids=IDS)
def test_a_parameter_named_in_other_capitals_or_with_a_slip_is_refused_with_its_name(name: str, param: Parameter):
    middle = len(param.name) // 2
    for slip in (param.name.upper(), param.name.capitalize() if param.name.islower() else param.name.lower(),
                 param.name[:middle] + param.name[middle] * 2 + param.name[middle + 1:]):
        with pytest.raises(QueryError, match=rf"has no parameter '{re.escape(slip)}' .*; did you mean {param.name}\?$"):
            bind_parameters(STORED[name], {slip: param.default or "1"})


@pytest.mark.parametrize("name", sorted(n for n, q in STORED.items() if not q.parameters))
def test_a_parameter_given_to_a_query_without_any_is_refused(name: str):
    with pytest.raises(QueryError, match=rf"^query '{STORED[name].name}' takes no parameters; leave out year, zone$"):
        bind_parameters(STORED[name], {"year": "2016", "zone": "Z"})
    with pytest.raises(QueryError, match=r"; leave out p0, p1, p10 and 97 more$"):
        bind_parameters(STORED[name], {f"p{i}": "1" for i in range(100)})


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


TYPED = [(n, p) for n, p in PARAMETERS if p.type not in (ParamType.IRI, ParamType.STRING) and p.default]


@pytest.mark.parametrize(("name", "param"), TYPED, ids=[f"{n}:{p.name}" for n, p in TYPED])
@pytest.mark.parametrize("typed", [_full_width, lambda v: f" {_full_width(v)}\u3000", lambda v: v.replace("-", "\u2212")])
def test_a_value_typed_in_full_width_forms_or_with_a_minus_sign_is_the_ascii_value(name: str, param: Parameter,
                                                                                 typed):
    from spacekg.store.queries import to_term

    assert to_term(param, typed(param.default)) == to_term(param, param.default)
    assert to_term(param, typed("-5" if param.type is ParamType.INTEGER else param.default)) == \
        to_term(param, "-5" if param.type is ParamType.INTEGER else param.default)


MALFORMED = {
    ParamType.INTEGER: ["ten", "2016.0", "2,016", "20 16", "1e3", "'2016'", "0x10", "٢٠١٦"],
    ParamType.DATETIME: ["2019-13-40T00:00:00Z", "2018-02-30T00:00:00Z", "2018-12-01", "2018-12-01T00:00",
                         "2018-12-01 00:00:00", "December 2018", "2018", "2018-12-01T00:00:00+0800"],
}


@pytest.mark.parametrize(("name", "param"), [(n, p) for n, p in PARAMETERS if p.type in MALFORMED],
                         ids=[i for i, (_, p) in zip(IDS, PARAMETERS) if p.type in MALFORMED])
def test_a_malformed_value_is_refused_naming_the_parameter_and_the_form(name: str, param: Parameter):
    for value in MALFORMED[param.type]:
        with pytest.raises(QueryError) as error:
            bind_parameters(STORED[name], {param.name: value})
        assert str(error.value) == (f"parameter {param.name}={value!r} is not a valid {param.type.value}: "
                                    f"expected {LEXICAL_FORMS[param.type][1]}")


# No IRI holds these, nor any number or date: a value with one in it cannot close the term it is
# written as and go on as SPARQL.
SYNTAX = '"{}|^\\'


@given(data=st.data())
@pytest.mark.parametrize(("name", "param"), PARAMETERS, ids=IDS)
def test_a_value_with_quotes_or_sparql_in_it_is_refused_naming_the_parameter(name: str, param: Parameter,
                                                                             data: st.DataObject):
    before = data.draw(st.sampled_from([param.default or "", "d:china", "2016", "x", ""]))
    injected = data.draw(st.sampled_from(['" } UNION { ?s ?p ?o } #', "} ; DROP ALL", '\\" .', "|", "^^xsd:integer",
                                          "{ ?s ?p ?o }", '"']))
    after = data.draw(st.text(st.characters(blacklist_characters='"'), max_size=8))  # "…" whole is a quoted name
    value = data.draw(st.sampled_from([before + injected + after, injected + before, before + injected]))
    assert any(c in value for c in SYNTAX)
    with pytest.raises(QueryError, match=rf"^parameter {param.name}[=: ]"):
        bind_parameters(STORED[name], {param.name: value})


def _spellings(kg: KnowledgeGraph, default: str) -> list[str]:
    """Other ways to write the default of an IRI parameter: its prefixed name in other capitals
    and hyphens, its full IRI, its label in other capitals, its Wikidata item by Q-id, prefixed
    name and page address."""
    iri = expand(default)
    prefix, _, local = default.partition(":")
    ways = [f"<{iri}>", f"{prefix}:{local.upper()}", f"{prefix}:{local.lower()}", f"{prefix}:{local.replace('-', '')}",
            f" {default} "]
    if prefix == "d":
        ways.append(f"{prefix}:{local.replace('-', ' ').title().replace(' ', '-')}")
    label = kg.label(ox.NamedNode(iri))
    if label and iri.startswith(ID):
        ways += [label, label.upper(), f"the {label.lower()}", label.replace(" ", "-")]
    for quad in kg.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(SKG + "wikidata"), None, None):
        qid = quad.object.value.removeprefix(WD)
        ways += [qid, qid.lower(), f"wd:{qid}", f"https://www.wikidata.org/wiki/{qid}", quad.object.value]
    return ways


def _namesakes(kg: KnowledgeGraph, iri: str) -> list[str]:
    """The IRIs of ``iri``'s namespace whose local name has its key: another spelling of ``iri``
    names all of them, and is ambiguous when there are several."""
    namespace = next(ns for ns in (ID, SKG, SOURCE) if iri.startswith(ns))
    key = name_key(iri.removeprefix(namespace))
    subjects = {q.subject.value for q in kg.store.quads_for_pattern(None, None, None, None)
                if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(namespace)}
    return sorted(s for s in subjects if name_key(s.removeprefix(namespace)) == key)


@pytest.mark.parametrize(("name", "param"), LOCAL_IRI, ids=[f"{n}:{p.name}" for n, p in LOCAL_IRI])
def test_an_iri_parameter_written_another_way_gives_the_rows_of_its_default(kg: KnowledgeGraph, name: str,
                                                                           param: Parameter):
    assert param.default is not None
    q = STORED[name]
    expected = answer(kg, q, {})
    assert expected, f"{name} has no rows for its default"
    namesakes = _namesakes(kg, expand(param.default))
    # A parameter that declares its class means the namesake of that class (the class skg:Verdict
    # for verdict=skg:VERDICT, not the property skg:verdict).
    meant = [n for n in namesakes if param.kind is None or _of_kind(kg, n, param.kind)]
    for way in _spellings(kg, param.default):
        exact = way.strip() in (param.default, f"<{expand(param.default)}>") or not way.partition(":")[1] \
            or way.startswith(("wd:", "http"))
        if not exact and expand(way) in namesakes:
            continue  # skg:verdict is a property of that name: the term written, not a slip
        if len(meant) > 1 and not exact:
            # skg:VERDICT is skg:Verdict or the property skg:verdict: which one is for the reader to say.
            with pytest.raises(QueryError, match=rf"parameter {param.name}=.* is ambiguous: .*{shorten(expand(param.default))}"):
                answer(kg, q, {param.name: way})
        else:
            assert answer(kg, q, {param.name: way}) == expected, way


def _of_kind(kg: KnowledgeGraph, iri: str, kind: str) -> bool:
    return iri == kind or bool(kg.store.query(f"ASK {{ <{iri}> a <{kind}> }}"))


NAMED = [(n, p) for n, p in LOCAL_IRI if expand(p.default or "").startswith((ID, SKG))]


@settings(max_examples=15)
@given(data=st.data())
@pytest.mark.parametrize(("name", "param"), NAMED, ids=[f"{n}:{p.name}" for n, p in NAMED])
def test_a_name_in_any_case_and_spacing_gives_the_rows_of_the_iri(kg: KnowledgeGraph, name: str, param: Parameter,
                                                                  data: st.DataObject):
    iri = expand(param.default or "")
    label = kg.label(ox.NamedNode(iri))
    assert label, iri
    cased = "".join(data.draw(st.sampled_from([c.lower(), c.upper()])) for c in label)
    spaced = re.sub(" ", lambda _: data.draw(st.sampled_from([" ", "-", "", "  ", "_"])), cased)
    typed = data.draw(st.sampled_from([spaced, f"the {spaced}", f"  {spaced}\t", f'"{spaced}"']))
    q = STORED[name]
    try:
        got = answer(kg, q, {param.name: typed})
    except QueryError as error:
        # The name of the class skg:Spacecraft is the name of the property skg:spacecraft too: where
        # the parameter declares the class it takes, that tells them apart.
        assert param.kind is None and "is ambiguous: " in str(error) and shorten(iri) in str(error), typed
    else:
        assert got == answer(kg, q, {}), typed


@pytest.mark.parametrize(("name", "param"), NAMED, ids=[f"{n}:{p.name}" for n, p in NAMED])
def test_a_misspelt_name_is_an_error_naming_the_entity_or_term_meant_not_an_empty_answer(kg: KnowledgeGraph,
                                                                                        name: str, param: Parameter):
    entity = expand(param.default or "")
    label = kg.label(ox.NamedNode(entity))
    assert label, entity
    at = next(i for i in range(len(label) // 2, len(label)) if label[i].isalpha())  # a space is no slip
    for slip in (label[:at] + label[at] + label[at:], label[:at] + label[at + 1:] if len(label) > 4 else label + "x"):
        with pytest.raises(QueryError) as error:
            answer(kg, STORED[name], {param.name: slip})
        assert str(error.value).startswith(f"parameter {param.name}={slip!r}: nothing in the graph has that name")
        assert f"did you mean {shorten(entity)} " in str(error.value) or f", {shorten(entity)} (" in str(error.value)


@pytest.mark.parametrize(("value", "meant"), [('"Chang\'e 4"', "d:change-4"), ('"d:change-4"', "d:change-4"),
                                              ('  " Q723045 " ', "d:change-4"), ('"<https://w3id.org/spacekg/id/change-4>"', "d:change-4")])
def test_a_value_in_double_quotes_is_what_they_hold(kg: KnowledgeGraph, value: str, meant: str):
    q = STORED["change4-landing-site"]
    assert answer(kg, q, {"mission": value}) == answer(kg, q, {"mission": meant}) != []


@pytest.mark.parametrize("value", ['"d:china" } UNION { ?s ?p ?o }"', '""', '"', '"d:china', '"a"b"'])
def test_quotes_that_do_not_hold_the_whole_value_are_no_name(kg: KnowledgeGraph, value: str):
    with pytest.raises(QueryError, match=r"^parameter mission="):
        answer(kg, STORED["change4-landing-site"], {"mission": value})


@pytest.mark.parametrize(("value", "meant"), [("skg:metlate", "MetLate"), ("skg:Met-Late", "MetLate"),
                                              ("skg:METEARLY", "MetEarly"), ("skg:pending", "Pending")])
def test_a_term_of_the_ontology_in_other_capitals_or_hyphens_is_that_term(kg: KnowledgeGraph, value: str, meant: str):
    q = STORED["plan-status"]
    assert answer(kg, q, {"status": value}) == answer(kg, q, {"status": f"skg:{meant}"}) != []


@pytest.mark.parametrize("value", ["src:A002", "src:a-002", "<https://w3id.org/spacekg/source/A002>"])
def test_an_article_iri_in_other_capitals_or_hyphens_is_that_article(kg: KnowledgeGraph, value: str):
    q = STORED["article-ordinals"]
    assert answer(kg, q, {"article": value}) == answer(kg, q, {"article": "src:a002"}) != []


# --- The command line: the documented exit code and an error, never a traceback ---


@pytest.mark.parametrize(("name", "param"), PARAMETERS, ids=IDS)
def test_the_command_line_refuses_a_bad_parameter_with_exit_4_and_one_line(project: Project, name: str,
                                                                          param: Parameter):
    bad = {ParamType.IRI: 'd:china" } UNION { ?s ?p ?o', ParamType.INTEGER: "ten",
           ParamType.DATETIME: "2019-13-40T00:00:00Z"}[param.type]
    for option in (f"{param.name}=", f"{param.name.upper()}={param.default}", f"{param.name}={bad}"):
        result = CliRunner().invoke(cli, ["--root", str(project.root), "query", name, "-p", option])
        assert result.exit_code == ExitCode.QUERY, (option, result.output)
        assert result.stderr.startswith("Error: ") and "Traceback" not in result.output, option
        assert f" {param.name}" in result.stderr and result.stdout == "", option


KINDED = [(name, p) for name, p in LOCAL_IRI if p.kind is not None]
# Things of several classes: for each parameter, the first not of its class is given to it.
OTHERS = ["d:china", "d:change-4", "d:mars", "src:a002", "skg:Supported", "d:peng-liyuan"]


def test_every_declared_class_of_a_parameter_is_one_the_ontology_defines():
    ontology = ox.Store()
    ontology.load(path=str(QUERIES.parent / "ontology" / "spacekg.ttl"), format=ox.RdfFormat.TURTLE)
    declared = {p.kind for _, p in PARAMETERS if p.kind is not None}
    assert len(KINDED) >= 10
    # owl:Class is the class of classes (entities-of-type takes one), which OWL itself defines.
    undefined = [kind for kind in sorted(declared) if kind != "http://www.w3.org/2002/07/owl#Class"
                 and not ontology.query(f"ASK {{ <{kind}> a <http://www.w3.org/2002/07/owl#Class> }}")]
    assert undefined == []


@pytest.mark.parametrize(("name", "param"), KINDED, ids=[f"{n}:{p.name}" for n, p in KINDED])
def test_each_default_is_a_thing_of_its_parameters_class_or_the_class_itself(kg: KnowledgeGraph, name: str,
                                                                              param: Parameter):
    from spacekg.store.names import parameter_warnings

    q = STORED[name]
    bound = resolve_names(kg.store, bind_parameters(q, {}), q.parameters)
    assert parameter_warnings(kg, q.parameters, bound) == ()


@pytest.mark.parametrize(("name", "param"), KINDED, ids=[f"{n}:{p.name}" for n, p in KINDED])
def test_a_thing_of_another_class_is_warned_of_with_its_class_and_the_closest_of_the_class_wanted(
        kg: KnowledgeGraph, name: str, param: Parameter):
    from spacekg.store.names import parameter_warnings

    q = STORED[name]
    given = next(o for o in OTHERS if not kg.store.query(f"ASK {{ {expand(o).join('<>')} a <{param.kind}> }}"))
    bound = resolve_names(kg.store, bind_parameters(q, {param.name: given}), q.parameters)
    notes = parameter_warnings(kg, q.parameters, bound)
    assert len(notes) == 1, notes
    said = re.fullmatch(rf"parameter {param.name}: {re.escape(given)} \(.+\) is (an? \S+(?: and an? \S+)*), and "
                        rf"{param.name} takes an? {re.escape(shorten(param.kind))}; did you mean (.+)\?", notes[0])
    assert said is not None, notes[0]
    classes = [expand(c.split(" ", 1)[1]) for c in said[1].split(" and ")]
    assert all(kg.store.query(f"ASK {{ {expand(given).join('<>')} a <{c}> }}") for c in classes)
    meant = [expand(m) for m in re.findall(r"(?:^|, )([a-z]+:[\w.-]+)(?: \(|,|$)", said[2])]
    assert meant and all(kg.store.query(f"ASK {{ <{m}> a <{param.kind}> }}") for m in meant), said[2]
    # Without the class declared, nothing says why the answer is empty.
    undeclared = [p._replace(kind=None) for p in q.parameters]
    assert parameter_warnings(kg, undeclared, bound) == ()


@pytest.mark.parametrize("value", ["Ｑ７２３０４５", " ｑ７２３０４５ ", "d：change-4", "ｄ：ｃｈａｎｇｅ－４", "wd：Q723045",
                                   "Ｃｈａｎｇ’ｅ　４"])
def test_a_name_prefixed_name_or_q_id_typed_in_full_width_forms_is_the_one_meant(kg: KnowledgeGraph, value: str):
    q = STORED["next-missions"]
    bound = resolve_names(kg.store, bind_parameters(q, {"mission": value}))
    assert bound["mission"] == ox.NamedNode(ID + "change-4")


def _classes_with_labels() -> list[tuple[str, str]]:
    ontology = ox.Store()
    ontology.load(path=str(QUERIES.parent / "ontology" / "spacekg.ttl"), format=ox.RdfFormat.TURTLE)
    rows = ontology.query("SELECT ?c ?l WHERE { ?c a owl:Class ; rdfs:label ?l FILTER(LANG(?l) = 'en') }",
                          prefixes={"owl": "http://www.w3.org/2002/07/owl#",
                                    "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    return sorted((row[0].value, row[1].value) for row in rows if row[0].value.startswith(SKG))


def _plural(name: str) -> str:
    """The regular English plural of ``name``'s last word."""
    if re.search(r"[^aeiou]y$", name):
        return name[:-1] + "ies"
    return name + ("es" if re.search(r"(?:[sxz]|ch|sh)$", name) else "s")


CLASSES = _classes_with_labels()


def test_the_ontology_names_classes_that_share_a_name_with_a_property():
    ontology = ox.Store()
    ontology.load(path=str(QUERIES.parent / "ontology" / "spacekg.ttl"), format=ox.RdfFormat.TURTLE)
    properties = {name_key(r[0].value) for r in ontology.query(
        "SELECT ?l WHERE { ?p a ?kind ; <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        "VALUES ?kind { <http://www.w3.org/2002/07/owl#ObjectProperty> <http://www.w3.org/2002/07/owl#DatatypeProperty> } }")}
    # The cases the next test is for: without the class a parameter takes, these would be ambiguous.
    assert len([label for _, label in CLASSES if name_key(label) in properties]) >= 2


@pytest.mark.parametrize(("iri", "label"), CLASSES, ids=[shorten(iri) for iri, _ in CLASSES])
def test_a_class_named_by_its_label_or_its_plural_in_any_case_is_that_class_where_a_parameter_takes_a_class(
        kg: KnowledgeGraph, iri: str, label: str):
    q = STORED["entities-of-type"]
    for typed in (label.upper(), f"the {_plural(label).title()}", _plural(label).replace(" ", "-")):
        bound = resolve_names(kg.store, bind_parameters(q, {"class": typed}), q.parameters)
        assert bound["class"] == ox.NamedNode(iri), typed


@pytest.mark.parametrize(("name", "param"), KINDED, ids=[f"{n}:{p.name}" for n, p in KINDED])
def test_the_class_itself_is_any_where_the_default_is_the_class_and_else_is_warned_of_as_the_class(
        kg: KnowledgeGraph, name: str, param: Parameter):
    from spacekg.store.names import parameter_warnings

    q = STORED[name]
    assert param.kind is not None
    bound = resolve_names(kg.store, bind_parameters(q, {param.name: shorten(param.kind)}), q.parameters)
    notes = parameter_warnings(kg, q.parameters, bound)
    if expand(param.default or "") == param.kind:
        assert notes == ()
    else:
        assert len(notes) == 1 and f"{shorten(param.kind)} is the class itself, and {param.name} takes one " in notes[0]
        members = re.findall(r"(?:example |, )([a-z]+:[\w.-]+) \(", notes[0])
        assert all(kg.store.query(f"ASK {{ {expand(m).join('<>')} a <{param.kind}> }}") for m in members), notes[0]
