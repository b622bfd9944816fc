"""Exports: every format parses in independent parsers to the same graph, byte-identically each run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from spacekg.formats.export import KEEPS_GRAPHS, ExportFormat, export
from spacekg.sources.project import Project
from spacekg.store.engine import View

OX_FORMAT = {
    ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
    ExportFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
    ExportFormat.NQUADS: ox.RdfFormat.N_QUADS,
    ExportFormat.JSONLD: ox.RdfFormat.JSON_LD,
    ExportFormat.JSONLD_EXPANDED: ox.RdfFormat.JSON_LD,
}
RDFLIB_FORMAT = {
    ExportFormat.TURTLE: "turtle",
    ExportFormat.NTRIPLES: "nt",
    ExportFormat.TRIG: "trig",
    ExportFormat.NQUADS: "nquads",
    ExportFormat.JSONLD: "json-ld",
    ExportFormat.JSONLD_EXPANDED: "json-ld",
}


def _canonical(quads: list[ox.Quad], keep_graphs: bool) -> set[str]:
    """Quads as N-Quads lines with graph names dropped when the format has none."""
    out = set()
    for q in quads:
        graph = f" {q.graph_name}" if keep_graphs and not isinstance(q.graph_name, ox.DefaultGraph) else ""
        out.add(f"{q.subject} {q.predicate} {q.object}{graph}")
    return out


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_parses_in_pyoxigraph_to_the_same_graph(nquads: bytes, fmt: ExportFormat):
    keep = fmt in KEEPS_GRAPHS
    expected = _canonical(list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)), keep)
    found = _canonical(list(ox.parse(export(nquads, fmt), format=OX_FORMAT[fmt])), keep)
    assert found == expected


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_parses_in_rdflib_to_an_isomorphic_graph(nquads: bytes, fmt: ExportFormat):
    source = Dataset()
    source.parse(data=nquads, format="nquads")
    target = Dataset()
    target.parse(data=export(nquads, fmt), format=RDFLIB_FORMAT[fmt])
    if fmt in KEEPS_GRAPHS:
        names = {g.identifier for g in source.graphs() if len(g)}
        assert names == {g.identifier for g in target.graphs() if len(g)}
        for name in names:
            assert isomorphic(source.graph(name), target.graph(name)), name
    else:
        union = Graph()
        for s, p, o, _ in source.quads((None, None, None, None)):
            union.add((s, p, o))
        flat = Graph()
        for s, p, o, _ in target.quads((None, None, None, None)):
            flat.add((s, p, o))
        assert isomorphic(union, flat)


def test_named_graphs_are_kept_in_trig(nquads: bytes):
    text = export(nquads, ExportFormat.TRIG).decode()
    assert "g:a002-L35.1 {" in text
    assert "g:provenance {" in text


def test_literal_lexical_forms_survive_export(nquads: bytes):
    assert b'"2018-12-31T23:59:59Z"^^xsd:dateTime' in export(nquads, ExportFormat.TURTLE)


def test_asserted_view_leaves_out_inferred_graphs():
    data = (b'<http://a/s> <http://a/p> <http://a/o> <https://w3id.org/spacekg/graph/entities> .\n'
            b'<http://a/s> <http://a/q> <http://a/o> <https://w3id.org/spacekg/graph/inferred/owl> .\n')
    assert export(data, ExportFormat.NQUADS, view=View.ASSERTED).count(b"\n") == 1
    assert b"/q>" in export(data, ExportFormat.NQUADS, view=View.INFERRED)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld", "nquads"])
def test_two_runs_give_byte_identical_output(project: Project, tmp_path: Path, fmt: str):
    """Separate processes with different hash seeds, as two users on two machines would run it."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.{fmt}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "spacekg", "--root", str(project.root), "export", "-f", fmt, "-o", str(out)],
            check=True, env=env, capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_a_comment_added_to_the_ontology_relabels_no_blank_node(scratch_project: Project):
    """Blank nodes are labelled by RDFC-1.0: a label depends on the blank node's own statements."""
    def blank_lines() -> list[str]:
        from click.testing import CliRunner

        from spacekg.cli import cli

        result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "export", "-f", "nquads",
                                          "--graphs", "asserted", "--as-of", "2026-11-21"])
        assert result.exit_code == 0, result.output
        return [line for line in result.stdout.splitlines() if "_:" in line]

    before = blank_lines()
    assert len(before) > 20
    ontology = scratch_project.ontology_dir / "spacekg.ttl"
    ontology.write_text(ontology.read_text() + '\nskg:Lander rdfs:comment "A comment added later."@en .\n')
    assert blank_lines() == before


def test_jsonld_is_compact_with_the_project_prefixes_and_expanded_stays_available(nquads: bytes):
    import json

    from spacekg.namespaces import PREFIXES

    compact = json.loads(export(nquads, ExportFormat.JSONLD))
    assert compact["@context"] == PREFIXES
    ids = {graph["@id"] for graph in compact["@graph"]}
    assert "g:entities" in ids and "g:inferred/owl" in ids
    entities = next(graph for graph in compact["@graph"] if graph["@id"] == "g:entities")["@graph"]
    china = next(node for node in entities if node["@id"] == "d:china")
    assert china["rdf:type"] == {"@id": "skg:Country"}
    assert china["rdfs:label"] == {"@language": "en", "@value": "China"}
    assert china["skg:wikidata"] == {"@id": "wd:Q148"}
    expanded = json.loads(export(nquads, ExportFormat.JSONLD_EXPANDED))
    assert isinstance(expanded, list) and expanded[0]["@id"].startswith("https://")


_BLANK_SHAPES = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["p", "q"]),
                                   st.one_of(st.text(max_size=3), st.sampled_from(["<o>", "_:1", "_:2"]))),
                         min_size=1, max_size=4)


def _blank_component(shape: list[tuple[str, str, str]], name: str) -> list[ox.Quad]:
    """A few quads about blank nodes named ``name``-something; objects may link to the others."""
    def node(label: str) -> ox.BlankNode:
        return ox.BlankNode(f"{name}x{label.removeprefix('_:')}")

    return [ox.Quad(node(s), ox.NamedNode(f"http://x/{p}"),
                    node(o) if o.startswith("_:") else ox.NamedNode("http://x/o") if o == "<o>" else ox.Literal(o),
                    ox.NamedNode("http://x/g")) for s, p, o in shape]


@settings(max_examples=60, deadline=None)
@given(before=st.lists(_BLANK_SHAPES, min_size=1, max_size=4), added=_BLANK_SHAPES)
def test_a_blank_node_added_relabels_no_other_blank_node(before: list, added: list):
    """The lines of an export that held a blank node before an unrelated blank node was added
    are still there after it: a label depends only on its own component's statements."""
    from spacekg.formats.canonical import canonical_blank_nodes, nquads

    old = [q for i, shape in enumerate(before) for q in _blank_component(shape, f"old{i}")]
    new = _blank_component(added, "new")
    lines_before = set(nquads(canonical_blank_nodes(old)).splitlines())
    relabelled = canonical_blank_nodes(old + new)
    lines_after = set(nquads(relabelled).splitlines())
    assert lines_before <= lines_after

    def blank_nodes(quads: list[ox.Quad]) -> set[str]:
        return {t.value for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}

    # Components with the same statements (the shapes repeat) stay as many distinct nodes.
    assert len(blank_nodes(relabelled)) == len(blank_nodes(old + new))
    assert len(lines_after - lines_before) <= len(set(nquads(new).splitlines()))


@pytest.mark.slow
def test_one_edit_to_an_article_changes_only_its_own_lines_in_every_text_format(scratch_project: Project):
    """Git diffs of an export: a triple with a blank node added to one sentence's graph, and a
    literal changed, touch only their own lines, whatever the format."""
    import difflib

    from click.testing import CliRunner

    from spacekg.cli import cli

    def exported(fmt: str) -> list[str]:
        result = CliRunner().invoke(cli, ["--root", str(scratch_project.root), "export", "-f", fmt,
                                          "--as-of", "2026-11-21"])
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()

    formats = ["turtle", "ntriples", "trig", "nquads", "jsonld", "jsonld-expanded"]
    before = {fmt: exported(fmt) for fmt in formats}
    facts = scratch_project.data_dir / "facts" / "a002.trig"
    text = facts.read_text()
    station = "    d:tiangong-space-station a skg:SpaceStation ; skg:minMassTonnes 60 ."
    description = '"one of which still serves as the forerunner of a station to go online in 2022"@en'
    assert station in text and description in text
    facts.write_text(text.replace(station, station[:-2] + ' ; rdfs:comment [ rdfs:label "a note"@en ] .')
                     .replace(description, description.replace("of a station", "of the station")))
    for fmt in formats:
        after = exported(fmt)
        changed = [line for line in difflib.unified_diff(before[fmt], after, lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        # Renumbered blank nodes change hundreds of lines; a document on one line changes a line
        # as long as the export.
        assert 2 <= len(changed) <= 24 and max(map(len, changed)) < 300, (fmt, len(changed), changed[:6])
