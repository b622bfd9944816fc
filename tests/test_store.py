"""Whichever store answers (the snapshot in memory, loaded in any order, or the on-disk store),
every stored query gives the same bytes in every format."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from spacekg.formats.output import TABULAR, render
from spacekg.sources.project import Project
from spacekg.store.engine import KnowledgeGraph, merge_named_graphs
from spacekg.store.queries import bind_parameters, get_query, load_queries
from spacekg.store.snapshot import Build, current_build, write_build
from spacekg.wikidata.view import view_store, wikidata_view

QUERIES = Path(__file__).resolve().parents[1] / "queries"
LOCAL = sorted(name for name, q in load_queries(QUERIES).items() if not q.needs_network)


@pytest.fixture(scope="module")
def built(project: Project, as_of: date, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The shipped build, written again with its on-disk store (a graph this small has none)."""
    shipped = current_build(project, as_of=as_of)
    return write_build(Project(tmp_path_factory.mktemp("stored")), shipped.key, shipped.nquads(),
                       graphs=shipped.graphs, store=True)


@pytest.fixture(scope="module")
def stores(built: Build) -> dict[str, KnowledgeGraph]:
    stores = {
        "memory": KnowledgeGraph.from_nquads(built.nquads()),
        "disk": KnowledgeGraph.open(built),
    }
    quads = list(ox.parse(built.nquads(), format=ox.RdfFormat.N_QUADS))
    for seed in (1, 2, 3):
        random.Random(seed).shuffle(quads)
        shuffled = ox.Store()
        shuffled.extend(quads)
        merge_named_graphs(shuffled)
        stores[f"memory, loaded in shuffled order {seed}"] = KnowledgeGraph(shuffled, merged=True)
    return stores


def _answers(kg: KnowledgeGraph, name: str, **params: str) -> dict[str, bytes]:
    q = get_query(QUERIES, name)
    if q.view == "wikidata":
        kg = view_store(wikidata_view(kg, QUERIES.parent))
    result = kg.query(q.text, bindings=bind_parameters(q, params))
    return {fmt.value: render(result, fmt, labeller=kg.label) for fmt in TABULAR}


@pytest.mark.slow
@pytest.mark.parametrize("name", LOCAL)
def test_every_store_gives_the_same_bytes(stores: dict[str, KnowledgeGraph], name: str):
    answers = {label: _answers(kg, name) for label, kg in stores.items()}
    reference = answers.pop("memory")
    for label, got in answers.items():
        assert got == reference, f"{name}: the {label} store answers differently"


@pytest.mark.slow
@pytest.mark.parametrize(("name", "params"), [
    # Chang'e 5 and 6 share a sentence and have no target date: only the plan's IRI tells them apart.
    ("plans-by-target", {"target": "d:moon"}), ("plans-by-target", {"target": "d:jupiter-system"}),
    ("change4-launch", {"from": "2018-05-01T00:00:00Z"}), ("who-is", {"person": "d:xi-jinping"}),
    ("sentences-about", {"entity": "d:change-4"}), ("events-in-year", {"year": "2018"}),
])
def test_every_store_gives_the_same_bytes_for_other_parameters(stores: dict[str, KnowledgeGraph], name: str,
                                                               params: dict[str, str]):
    answers = {label: _answers(kg, name, **params) for label, kg in stores.items()}
    reference = answers.pop("memory")
    for label, got in answers.items():
        assert got == reference, f"{name} {params}: the {label} store answers differently"


def test_a_snapshot_in_memory_keeps_its_blank_node_labels_and_its_order():
    g = "<http://x/g>"
    data = "".join([
        f"_:c14n0 <http://x/p> <http://x/o> {g} .\n",
        *(f"<http://x/s{i}> <http://x/p> <http://x/o{i}> {g} .\n" for i in range(3)),
        f'<http://x/s> <http://x/says> "_: is no blank node" {g} .\n',
        f"<http://x/s> <http://x/p> _:c14n1 {g} .\n",
        f"_:c14n1 <http://x/p> _:c14n0 {g} .\n",
        *(f"<http://x/s> <http://x/p> <http://x/o{i}> {g} .\n" for i in range(3)),
        f"<http://x/s> <http://x/q> _:c14n1 {g} .",
    ]).encode()
    parsed = ox.Store()
    parsed.extend(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    # A store lists its quads in the order they went in (last first); its default graph is their merge.
    loaded = list(KnowledgeGraph.from_nquads(data).store)
    assert [q for q in loaded if isinstance(q.graph_name, ox.NamedNode)] == list(parsed)
    assert sorted(str(ox.Triple(q.subject, q.predicate, q.object)) for q in loaded
                  if isinstance(q.graph_name, ox.DefaultGraph)) == sorted({str(q.triple) for q in parsed})


def test_a_build_with_a_store_is_answered_from_it_read_only(built: Build):
    assert built.has_store
    disk = KnowledgeGraph.open(built)
    small = Build(built.key, built.directory, built.quads, built.graphs, has_store=False)
    memory = KnowledgeGraph.open(small)
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    count = ((ox.Literal(str(built.quads), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),),)
    assert memory.query(query).rows == disk.query(query).rows == count
    with pytest.raises(RuntimeError, match="read-write"):
        disk.store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/o")))


@pytest.mark.parametrize("on_disk", [False, True], ids=["in memory", "on disk"])
def test_the_default_graph_is_the_merge_a_triple_in_several_graphs_counts_once(tmp_path: Path, on_disk: bool):
    held = '<http://x/s> <http://x/p> "v"'
    body = "".join(sorted(f"{held} <http://x/g{i}> .\n" for i in range(3))).encode()
    body += b'<http://x/s> <http://x/p> "w" <http://x/g0> .\n'
    build = write_build(Project(tmp_path), "k@2000-01-01", body, graphs=3, store=on_disk)
    kg = KnowledgeGraph.open(build)
    counted = kg.query("SELECT (COUNT(*) AS ?n) (SUM(STRLEN(?o)) AS ?len) WHERE { ?s ?p ?o }")
    assert [(r[0].value, r[1].value) for r in counted.rows] == [("2", "2")]
    per_graph = kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert per_graph.rows[0][0].value == "4"


def test_an_ad_hoc_query_matches_a_triple_stated_in_many_sentences_once(project: Project):
    from click.testing import CliRunner

    from spacekg.cli import cli

    result = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", "-f", "csv", "--as-of", "2026-11-21",
                                      "SELECT (COUNT(*) AS ?n) WHERE { d:change-3-landing a skg:SoftLanding }"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["n", "1"]
