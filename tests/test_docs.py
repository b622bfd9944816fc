"""The README documents every command, and its quick-start output is what the query prints."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from spacekg.cli import cli
from spacekg.errors import ExitCode
from spacekg.sources.project import Project

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text("utf-8")
CI = (REPO / ".ci" / "run").read_text("utf-8")


def test_every_command_has_help_and_is_in_the_readme():
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"spacekg {name}" in README, name


def test_the_readme_and_the_guide_list_every_fact_template():
    from spacekg.curation.templates import TEMPLATES

    listed = re.search(r"from a template: (.*?), with its modality", README)
    assert listed is not None
    assert re.findall(r"`([a-z-]+)`", listed[1]) == list(TEMPLATES)
    guide = (REPO / "docs" / "adding-an-article.md").read_text("utf-8")
    assert set(re.findall(r"^\| `([a-z-]+)` \| ", guide, re.M)) >= set(TEMPLATES)


def test_ci_runs_every_test_and_its_checks_as_the_readme_says():
    checks = [line for line in CI.splitlines() if line.startswith(("python -m pytest", "ruff ", "python -m mypy"))]
    assert 'python -m pytest -n auto -m "slow or not slow"' in checks
    for line in checks:
        assert f"$ {line}" in README, line


def test_the_default_test_run_leaves_out_the_slow_tests():
    import tomllib

    options = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]["ini_options"]
    assert '-m "not slow"' in options["addopts"]
    assert "$ python -m pytest -n auto\n" in README


def test_every_stored_query_is_in_the_readme(project: Project):
    for path in project.queries_dir.glob("*.rq"):
        assert f"`{path.stem}`" in README, path.stem


def test_readme_shows_the_real_output_of_the_quick_start_query(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "change4-launch"])
    assert result.stdout in README


def test_readme_shows_the_real_mars_plans_output(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "plans-by-target", "-p", "target=d:mars"])
    assert result.stdout in README


def test_readme_shows_the_real_contradicted_claims(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "claim-verdicts",
                                      "-p", "verdict=skg:Contradicted", "--as-of", "2026-11-21"])
    assert result.stdout in README


def test_readme_shows_the_real_ordinals(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "ordinals", "--as-of", "2026-11-21"])
    assert result.stdout in README


def test_readme_shows_the_real_plan_reporting_output(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "query", "plan-reporting", "-p", "source=src:a001",
                                      "--as-of", "2026-11-21"])
    assert result.stdout in README


def test_readme_shows_the_real_why_of_a_verdict(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:assessment-claim-a000-L21.1-orbited",
                                      "skg:verdict", "skg:Imprecise", "--as-of", "2026-11-21"])
    assert result.stdout in README


def test_readme_claim_node_count_holds(kg):
    (claims,) = kg.query("""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a ?k } ?g skg:statedIn ?s .
        ?k rdfs:subClassOf* skg:Claim }""").rows
    assert f"{claims[0].value} claim nodes" in README


def test_readme_shows_the_real_push_and_remote_query(project: Project, oxigraph, monkeypatch, tmp_path):
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    pushed = runner.invoke(cli, ["--root", str(project.root), "push", oxigraph.store, "--as-of", "2026-11-21",
                                 "-o", "push-report.txt"])
    assert pushed.exit_code == 0, pushed.output
    block = README.split("$ spacekg push http://127.0.0.1:7878/store -o push-report.txt\n", 1)[1].split("$ ", 1)[0]

    def timeless(text: str) -> str:
        """Without times, and without the progress lines a slow machine adds before the last one."""
        lines = [line for line in text.splitlines(keepends=True)
                 if not (m := re.match(r"(put|verified) ([\d,]+)/([\d,]+) graphs", line)) or m[2] == m[3]]
        return re.sub(r"\d+\.\d+ s\b", "T s", "".join(lines))

    assert timeless(block) == timeless(pushed.stderr)
    remote = runner.invoke(cli, ["--root", str(project.root), "query", "ordinals", "--endpoint", oxigraph.query])
    assert remote.exit_code == 0, remote.output
    assert f"$ spacekg query ordinals --endpoint http://127.0.0.1:7878/query\n{remote.stdout}```" in README


def test_readme_shows_what_the_server_examples_answer(project: Project, kg):
    # The server writes the bytes spacekg sparql and spacekg query write for the same format.
    block = README.split("$ spacekg serve\n", 1)[1].split("```", 1)[0]
    import pyoxigraph as ox

    quads = sum(1 for q in kg.store if isinstance(q.graph_name, ox.NamedNode))
    assert f"serving {quads} quads at " in block
    query = "SELECT ?country ?label WHERE { ?country a skg:Country ; rdfs:label ?label } ORDER BY ?label"
    csv = CliRunner().invoke(cli, ["--root", str(project.root), "sparql", query, "-f", "csv"]).stdout
    rows = len(csv.splitlines()) - 1
    assert f"1 POST /sparql 200 134.9ms rows={rows} " in block
    assert f"{query}' http://127.0.0.1:8000/sparql\n{csv.replace(chr(13), '')}$ " in README
    tsv = CliRunner().invoke(cli, ["--root", str(project.root), "query", "plans-by-target", "-p", "target=d:mars",
                                   "-f", "tsv"]).stdout
    cut = "".join("\t".join(line.split("\t")[i] for i in (0, 1, 2, 4)) + "\n" for line in tsv.splitlines())
    assert f"format=tsv' | cut -f 1-3,5\n{cut}$ " in README
    assert f"2 GET /queries/plans-by-target?24B 200 74.2ms rows={len(tsv.splitlines()) - 1} " in block


def test_readme_lists_every_declared_prefix():
    from spacekg.namespaces import PREFIXES

    sentence = README[README.index("The prefixes `skg:`"):README.index("are\ndeclared in every query")]
    assert re.findall(r"`(\w+):`", sentence) == list(PREFIXES)


def test_timeline_doc_shows_the_measured_library_table_where_it_says_it_does():
    table = (REPO / "benchmarks" / "results" / "plot-libraries.md").read_text("utf-8")
    assert "On a shared 2-core machine:\n\n" + table in (REPO / "docs" / "timeline.md").read_text("utf-8")


def test_every_doc_page_starts_with_its_title_and_every_bullet_with_its_first_line():
    for page in sorted((REPO / "docs").glob("*.md")):
        text = page.read_text("utf-8")
        assert text.startswith("# "), page.name
        # A continuation line with no bullet above it is what is left of a paragraph cut off.
        prose = re.sub(r"^```.*?^```$", "", text, flags=re.M | re.S).splitlines()
        for before, line in zip(prose, prose[1:]):
            if line.startswith("  ") and line.strip() and not line.startswith("   "):
                assert before.startswith(("- ", "  ")) or before[:1].isdigit(), (page.name, line)


def test_readme_shows_a_real_wdqs_query_and_its_output(project: Project):
    text = CliRunner().invoke(cli, ["--root", str(project.root), "queries", "wdqs-chinese-lunar-missions"]).stdout
    answer = CliRunner().invoke(cli, ["--root", str(project.root), "query", "wdqs-chinese-lunar-missions"]).stdout
    assert text in README and answer in README


def test_readme_gives_the_real_link_counts(project: Project, kg):
    from spacekg.wikidata.links import coverage, link_report

    rows = link_report(kg, project.root)
    total = coverage(rows)[-1]
    assert (f"Of the {len(rows)} named entities, {total.linked} are linked, {total.unverified} are unverified and "
            f"{total.no_item} have no item of their own") in " ".join(README.split())
    assert f"{total.percent:.0f}% of the entities that may have an item are linked" in " ".join(README.split())


def test_readme_shows_the_real_coverage_by_entity_type(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "link", "--by-type"])
    assert result.exit_code == 0, result.output
    assert f"$ spacekg link --by-type\n{result.stdout}```" in README


def test_readme_gives_the_real_number_of_facts_the_wikidata_view_maps(project: Project, tmp_path: Path):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "export", "--view", "wikidata",
                                      "-o", str(tmp_path / "view.ttl")])
    assert result.exit_code == 0, result.output
    [counts] = [line for line in result.stderr.splitlines() if line.startswith("wikidata view: ")]
    assert f"$ spacekg export --view wikidata -o view.ttl\n{counts}\n```" in README


def test_ontology_reference_page_is_current():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, str(root / "docs" / "ontology_reference.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "](docs/ontology.md)" in README


def test_the_exit_code_table_lists_every_exit_code_and_no_other():
    section = README.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    assert {int(code) for code in re.findall(r"^\| (\d+) \|", section, re.M)} == {code.value for code in ExitCode}


def test_the_exit_code_table_describes_every_error_under_its_code():
    import spacekg.errors as errors

    said = {
        "UsageError": "usage error", "MissingExtraError": "optional extra", "InputError": "input or output error",
        "OutputError": "an output that cannot be written", "QueryError": "query error",
        "QueryNotFoundError": "unknown stored query", "LimitError": "limit reached",
        "InconsistencyError": "the reasoner found a contradiction", "RemoteError": "remote service error",
        "WikidataError": "for Wikidata", "UnsupportedConstruct": "a construct the chosen reasoner does not implement",
    }
    classes = {name: cls for name, cls in vars(errors).items() if isinstance(cls, type)
               and issubclass(cls, errors.SpaceKGError) and cls is not errors.SpaceKGError}
    assert set(classes) == set(said)
    section = README.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    rows = {int(m[1]): m[2] for m in re.finditer(r"^\| (\d+) \| (.*) \|$", section, re.M)}
    for name, cls in classes.items():
        assert said[name] in rows[cls.exit_code], name


def test_the_architecture_page_gives_every_module_its_job():
    page = (REPO / "docs" / "architecture.md").read_text("utf-8")
    listed = {name for cell in re.findall(r"^\| (`[^|]+`) \|", page, re.M) for name in re.findall(r"`([\w/]+\.py)`", cell)}
    package = REPO / "src" / "spacekg"
    modules = {str(path.relative_to(package)) for path in package.rglob("*.py")
               if path.name not in ("__init__.py", "__main__.py")}
    assert modules == listed


def test_readme_quotes_the_measured_owlrl_build_time_against_the_fast_engines():
    said = re.search(r"tens of times longer with `--reasoner owlrl` \(at 10k data\s+triples, ([\d.]+) s against "
                     r"([\d.]+) s\)", README)
    assert said is not None and float(said[1]) / float(said[2]) >= 10
    page = " ".join((REPO / "docs" / "performance.md").read_text("utf-8").split())
    assert f"at 10k the fast engine builds in {said[2]} s what owlrl builds in {said[1]} s" in page


def test_the_performance_page_shows_the_push_benchmark_results_as_measured():
    results = sorted((REPO / "benchmarks" / "results").glob("push-*.md"))
    assert results
    page = (REPO / "docs" / "performance.md").read_text("utf-8")
    for result in results:
        assert result.read_text("utf-8") in page, result.name


def test_readme_shows_the_real_why(project: Project):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "why", "d:change-4-landing", "a",
                                      "skg:LunarFarSideSoftLanding", "--as-of", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert result.stdout in README


def test_the_performance_page_shows_the_incremental_build_results_as_measured():
    result = (REPO / "benchmarks" / "results" / "incremental-100k.md").read_text("utf-8")
    assert result in (REPO / "docs" / "performance.md").read_text("utf-8")


def test_the_ontology_page_lists_every_disjoint_class_whichever_axiom_states_it():
    """owl:disjointWith read both ways and owl:AllDisjointClasses, as an OWL tool reads them."""
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF

    root = Path(__file__).resolve().parents[1]
    ontology = Graph().parse(root / "ontology" / "spacekg.ttl")
    expected: dict[str, set[str]] = {}
    pairs = list(ontology.subject_objects(OWL.disjointWith))
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(group, OWL.members)))
        pairs += [(a, b) for a in members for b in members if a != b]
    for a, b in pairs:
        assert isinstance(a, URIRef) and isinstance(b, URIRef)
        expected.setdefault(a.fragment, set()).add(b.fragment)
        expected.setdefault(b.fragment, set()).add(a.fragment)
    page = (root / "docs" / "ontology.md").read_text("utf-8")
    listed = {}
    for section in page.split("\n### ")[1:]:
        name, _, body = section.partition(" (class)\n")
        row = re.search(r"^\| disjoint with \| (.*) \|$", body, re.M) if body else None
        if row:
            listed[name] = set(re.findall(r"`skg:(\w+)`", row.group(1)))
    assert listed == expected


def test_the_quality_gates_table_lists_every_check_with_its_severity():
    section = README.split("\n## Quality gates\n", 1)[1].split("\n## ", 1)[0]
    listed = {}
    for names, severity in re.findall(r"^  \| (`[^|]*`) \| [^|]* \| (\w+) \|$", section, re.M):
        for name in re.findall(r"`([\w-]+)`", names):
            listed[name] = severity
    checks = {}
    for path in sorted((REPO / "queries" / "checks").glob("*.rq")):
        [severity] = re.findall(r"^#\+ severity: (\w+)$", path.read_text("utf-8"), re.M)
        checks[path.stem] = severity
    assert listed == checks
