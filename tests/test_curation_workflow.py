"""The article commands on a project without articles: register, review links, templates, exclusions."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from curation_project import ARTICLES, empty_project, run
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from spacekg.curation.catalogue import project_quads
from spacekg.curation.lint import Problem, article_problems
from spacekg.curation.review import ordinary_use
from spacekg.errors import ExitCode, UsageError
from spacekg.sources.project import Project
from spacekg.sources.segment import split_sentences

GRAPH = "https://w3id.org/spacekg/graph/"
D = "https://w3id.org/spacekg/id/"
SKG = "https://w3id.org/spacekg/ontology#"
INDEPENDENT = ("--outlet", "The Independent", "--via", "Global Times", "--via", "New York Times",
               "--published", "2018-12-07..2018-12-31", "--date-note", "inferred from the launch it reports")


@pytest.fixture
def fresh(tmp_path: Path) -> Project:
    return empty_project(tmp_path / "kg")


@pytest.fixture(scope="session")
def registered(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Project]:
    """A project with one article registered, at a test's own path: registered once per worker
    for each text and answers, and copied for each test, which costs a tenth of registering."""
    made: dict[tuple[bytes | str, ...], Path] = {}

    def copy(target: Path, text: bytes, *args: str) -> Project:
        key = (text, *args)
        if key not in made:
            project = empty_project(tmp_path_factory.mktemp("registered") / "kg")
            source = project.root.parent / "article.txt"
            source.write_bytes(text)
            result = run(project, "article", "add", str(source), *args)
            assert result.exit_code == 0, result.output
            made[key] = project.root
        shutil.copytree(made[key], target, symlinks=True)
        return Project(target)

    return copy


@pytest.fixture
def added(registered: Callable[..., Project], tmp_path: Path) -> Project:
    return registered(tmp_path / "kg", (ARTICLES / "a002.txt").read_bytes(), *INDEPENDENT)


def files(project: Project) -> dict[str, bytes]:
    return {str(p.relative_to(project.root)): p.read_bytes() for p in sorted(project.data_dir.rglob("*")) if p.is_file()}


def graph(project: Project, article: str, sentence_id: str) -> set[tuple[str, str, str]]:
    quads = ox.parse(path=str(project.data_dir / "facts" / f"{article}.trig"), format=ox.RdfFormat.TRIG)
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads
            if q.graph_name == ox.NamedNode(f"{GRAPH}{article}-{sentence_id}")}


def curated(article: str, sentence_id: str) -> set[tuple[str, str, str]]:
    quads = ox.parse(path=str(ARTICLES.parent / "facts" / f"{article}.trig"), format=ox.RdfFormat.TRIG)
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads
            if q.graph_name == ox.NamedNode(f"{GRAPH}{article}-{sentence_id}")}


# --- registration ---


def test_add_copies_the_text_records_its_source_and_writes_the_skeleton(added: Project):
    assert (added.articles_dir / "a000.txt").read_bytes() == (ARTICLES / "a002.txt").read_bytes()
    record = (added.data_dir / "sources.ttl").read_text()
    digest = hashlib.sha256((ARTICLES / "a002.txt").read_bytes()).hexdigest()
    for line in ('src:a000 a skg:SourceDocument ;', 'rdfs:label "a000 (The Independent, Dec 2018)"@en ;',
                 "skg:publisher d:the-independent ;", "skg:reportedVia d:global-times , d:new-york-times ;",
                 'skg:datePublished "2018-12-07T00:00:00Z"^^xsd:dateTime ;',
                 'skg:datePublishedLatest "2018-12-31T23:59:59Z"^^xsd:dateTime ;',
                 'skg:dateInference "inferred from the launch it reports"@en ;',
                 'skg:fileName "data/articles/a000.txt" ;', f'skg:textSha256 "{digest}" .'):
        assert line in record
    facts = (added.data_dir / "facts" / "a000.trig").read_text()
    for s in split_sentences((ARTICLES / "a002.txt").read_text()):
        assert f'skg:sentenceId "{s.sentence_id}" ;\n        skg:beginIndex {s.begin} ; skg:endIndex {s.end} ;' in facts
        assert f"\ng:a000-{s.sentence_id} {{\n" in facts
        assert f"g:a000-{s.sentence_id} skg:statedIn src:a000-{s.sentence_id} ;\n        skg:source src:a000 ." in facts
    assert '# mentions: "China" d:china (label 100)' in facts
    assert (added.data_dir / "curation" / "a000-links.tsv").exists()


def test_add_reports_splits_mentions_and_the_next_step(fresh: Project):
    result = run(fresh, "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT)
    assert result.stdout.splitlines() == [
        "registered a000: data/articles/a000.txt, 23 sentences",
        "sentence splits: pysbd agrees on all 23",
        "mentions: 44 (29 label, 8 alias, 2 adjective, 3 fuzzy, 2 new)",
        "wrote data/facts/a000.trig and data/curation/a000-links.tsv",
        "next: confirm the links in data/curation/a000-links.tsv, then `spacekg article link a000`",
    ]


@pytest.mark.parametrize("saved", ["crlf", "cr", "trailing spaces", "blank line after", "byte-order mark"])
def test_the_same_text_saved_differently_is_refused_as_a_duplicate(added: Project, tmp_path, saved: str):
    text = (ARTICLES / "a002.txt").read_text()
    variant = {"crlf": text.replace("\n", "\r\n"), "cr": text.replace("\n", "\r"),
               "trailing spaces": text.replace(".\n", ". \n"), "blank line after": text + "\n\n",
               "byte-order mark": "\ufeff" + text}[saved]
    path = tmp_path / "again.txt"
    path.write_bytes(variant.encode())
    before = files(added)
    result = run(added, "article", "add", str(path), *INDEPENDENT)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "this text is already in data/articles/a000.txt but for line ends or spaces" in result.stderr
    assert files(added) == before


@pytest.mark.parametrize("address", ["HTTPS://EXAMPLE.org/news/1", "https://example.org/news/1/",
                                     "http://example.org/news/1", "https://example.org/news/1?utm_source=tw",
                                     "https://example.org:443/news/1#comments"])
def test_the_same_address_written_differently_is_refused_as_a_duplicate(added: Project, tmp_path, address: str):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("China launched a rocket on Friday.\n")
    second.write_text("A different text.\n")
    assert run(added, "article", "add", str(first), "--outlet", "Global Times", "--published", "2019-01-04",
               "--url", "https://example.org/news/1").exit_code == 0
    again = run(added, "article", "add", str(second), "--outlet", "Global Times", "--published", "2019-01-04",
                "--url", address)
    assert again.exit_code == ExitCode.USAGE
    assert "already registered as src:a001 (https://example.org/news/1)" in again.stderr
    other = run(added, "article", "add", str(second), "--outlet", "Global Times", "--published", "2019-01-04",
                "--url", "https://example.org/news/2")
    assert other.exit_code == 0, other.output


def test_the_ids_follow_on_and_a_duplicate_text_or_address_is_refused_leaving_everything(added: Project, tmp_path):
    before = files(added)
    again = run(added, "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT)
    assert again.exit_code == ExitCode.USAGE
    assert "this text is already registered as src:a000; nothing was added" in again.output
    assert files(added) == before
    other = tmp_path / "other.txt"
    other.write_text("China launched a rocket on Friday.\n")
    first = run(added, "article", "add", str(other), "--outlet", "Global Times", "--published", "2019-01-04",
                "--url", "https://example.org/news/1")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("registered a001:")
    other.write_text("A different text.\n")
    same_url = run(added, "article", "add", str(other), "--outlet", "Global Times", "--published", "2019-01-04",
                   "--url", "https://example.org/news/1")
    assert same_url.exit_code == ExitCode.USAGE and "already registered as src:a001" in same_url.output
    record = (added.data_dir / "sources.ttl").read_text()
    assert 'skg:dateInference "Stated: published on 2019-01-04."@en ;' in record
    assert "skg:webAddress <https://example.org/news/1> ." in record


@pytest.mark.parametrize(("args", "message"), [
    (("--outlet", "The Independant", "--published", "2018-12-07"),
     "no entity is named 'The Independant'; did you mean d:the-independent (The Independent)?"),
    (("--outlet", "The Independent", "--published", "2018-12-07..2018-12-31"),
     "a publication date range is inferred: say how with --date-note"),
    (("--outlet", "The Independent", "--published", "12/07/2018"),
     "--published '12/07/2018' is 12 July 2018 or 7 December 2018, as the day or the month comes first"),
    (("--outlet", "The Independent", "--published", "Thursday, 7 Dec 2018"),
     "--published 'Thursday, 7 Dec 2018': 7 December 2018 is a Friday, not a Thursday"),
    (("--outlet", "The Independent", "--published", "on Friday"), "--published 'on Friday': give the calendar date"),
    (("--outlet", "The Independent", "--published", "December 2018"),
     "a publication date range is inferred ('December 2018' is 2018-12-01..2018-12-31): say how with --date-note"),
    (("--outlet", "The Independent", "--published", "2023-02-30"), "--published '2023-02-30': no such day"),
    (("--outlet", "The Independent", "--published", "June 31, 2018"),
     "--published 'June 31, 2018': June has no day 31: it has 30"),
    (("--outlet", "The Independent", "--published", "29 February 2018"),
     "--published '29 February 2018': 2018 is no leap year: its February has 28 days"),
    (("--outlet", "The Independent", "--published", "2999-01-01"),
     "--published '2999-01-01' is after today"),
    (("--outlet", "The Independent", "--published", "2018-12-07", "--id", "article-1"),
     "--id 'article-1': article ids are 'a' and three or more digits"),
    (("--outlet", "The Independent", "--outlet", "Global Times", "--published", "2018-12-07"),
     "'--outlet': given 2 times ('The Independent', 'Global Times'), and it takes one value"),
    (("--outlet", "The Independent", "--published", "2018-12-07", "--published", "2018-12-08"),
     "'--published': given 2 times"),
    (("--outlet", "The Independent", "--published", "2018-12-07", "--url", "not an address"),
     "--url 'not an address' is not a valid address"),
    (("--outlet", "Xichang Satellite Launch Center", "--published", "2018-12-07"),
     "d:xichang (Xichang Satellite Launch Center) is a skg:LaunchSite, not an outlet or agency"),
    (("--outlet", "Global Times", "--via", "Moon", "--published", "2018-12-07"),
     "d:moon (Moon) is a skg:NaturalSatellite, not an outlet or agency"),
    (("--outlet", "Xichang Satelite Launch Centre", "--published", "2018-12-07"),  # only outlets are suggested
     "no entity is named 'Xichang Satelite Launch Centre'; no close name found"),
])
def test_bad_registration_answers_are_usage_errors_that_write_nothing(fresh: Project, args, message):
    before = files(fresh)
    result = run(fresh, "article", "add", str(ARTICLES / "a002.txt"), *args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert message in result.output
    assert files(fresh) == before



@pytest.mark.parametrize("day", ["2018-12-07", "2018-12-7", "7 Dec 2018", "7 December 2018", "Dec. 7, 2018",
                                 "December 7, 2018", "Friday, Dec. 7, 2018", " 2018-12-07 "])
def test_a_publication_day_in_any_usual_spelling_is_recorded_alike(fresh: Project, day: str):
    result = run(fresh, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent", "--published", day)
    assert result.exit_code == 0, result.output
    record = (fresh.data_dir / "sources.ttl").read_text()
    assert 'skg:datePublished "2018-12-07T00:00:00Z"^^xsd:dateTime ;' in record
    assert 'skg:dateInference "Stated: published on 2018-12-07."@en' in record and "datePublishedLatest" not in record


@pytest.mark.parametrize(("period", "first", "last"), [
    ("December 2018", "2018-12-01T00:00:00Z", "2018-12-31T23:59:59Z"), ("2018", "2018-01-01T00:00:00Z", "2018-12-31T23:59:59Z"),
    ("Dec. 7, 2018..Dec. 31, 2018", "2018-12-07T00:00:00Z", "2018-12-31T23:59:59Z"),
    ("2018-11..2018-12", "2018-11-01T00:00:00Z", "2018-12-31T23:59:59Z"),
])
def test_a_publication_period_in_words_is_recorded_as_its_range(fresh: Project, period, first, last):
    result = run(fresh, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent", "--published",
                 period, "--date-note", "inferred from the launch it reports")
    assert result.exit_code == 0, result.output
    record = (fresh.data_dir / "sources.ttl").read_text()
    assert f'skg:datePublished "{first}"^^xsd:dateTime' in record
    assert f'skg:datePublishedLatest "{last}"^^xsd:dateTime' in record

def test_a_new_outlet_is_added_as_a_news_organisation_when_asked(fresh: Project):
    result = run(fresh, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Daily Planet",
                 "--published", "2018-12-07", "--new-outlet")
    assert result.exit_code == 0, result.output
    assert "new outlet: d:the-daily-planet (in data/entities.ttl)" in result.stdout
    assert 'd:the-daily-planet a skg:NewsOrganization ;\n    rdfs:label "The Daily Planet"@en .' in \
        (fresh.data_dir / "entities.ttl").read_text()


def test_a_new_outlet_named_in_its_own_text_is_linked_there(fresh: Project, tmp_path):
    text = tmp_path / "story.txt"
    text.write_text("BEIJING (Star Wire) - China launched a probe. Star Wire saw it.\n")
    result = run(fresh, "article", "add", str(text), "--outlet", "Star Wire", "--published", "2019-01-04",
                 "--new-outlet")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((fresh.data_dir / "curation" / "a000-links.tsv").read_text()),
                               delimiter="\t"))
    assert [(r["mention"], r["link"], r["how"]) for r in rows if "Star" in r["mention"]] == [
        ("Star Wire", "d:star-wire", "label"), ("Star Wire", "d:star-wire", "label")]


def test_where_pysbd_splits_differently_the_place_is_reported(fresh: Project, tmp_path):
    text = tmp_path / "story.txt"
    text.write_text("China launched probes worth 5 bn. yuan. It landed.\n")
    result = run(fresh, "article", "add", str(text), "--outlet", "Global Times", "--published", "2019-01-04")
    assert result.exit_code == 0, result.output
    assert "sentence splits: pysbd disagrees at 1 place (the ids keep spacekg's split):" in result.stdout
    assert "  L1.1 at 33, only pysbd ends a sentence: na launched probes worth 5 bn.| yuan. It landed." \
        in result.stdout


# --- mentions and their review ---


def test_mentions_come_out_as_lines_or_as_a_reconciliation_batch(added: Project):
    lines = run(added, "article", "mentions", "a000").stdout.splitlines()
    assert "L3.1\t157-188\tXichang Satellite Launch Center\td:xichang (label 100)" in lines
    batch = json.loads(run(added, "article", "mentions", "a000", "-f", "reconcile").stdout)
    assert batch["L3.1:157-188"]["result"][0]["id"] == D + "xichang"
    assert len(batch) == len(lines) == 44


@pytest.mark.parametrize("rocket", ["Long March-10", "Long March 2F", "Long March-7A"])
def test_a_designated_name_is_listed_and_proposed_as_a_new_entity_before_its_family(fresh: Project, tmp_path, rocket):
    text = tmp_path / "story.txt"
    text.write_text(f"China tested a {rocket} rocket on Friday.\n")
    added = run(fresh, "article", "add", str(text), "--outlet", "Global Times", "--published", "2019-01-04")
    assert "mentions: 2 (1 label, 1 new)" in added.stdout
    slug = "d:" + rocket.lower().replace(" ", "-")
    (line,) = [m for m in run(fresh, "article", "mentions", "a000").stdout.splitlines() if rocket in m]
    assert line.split("\t")[3].startswith(f"new: {slug}, d:long-march (fuzzy ")
    rows = list(csv.DictReader(io.StringIO((fresh.data_dir / "curation" / "a000-links.tsv").read_text()),
                               delimiter="\t"))
    assert [(r["link"], r["how"]) for r in rows if r["mention"] == rocket] == [(slug, "new")]
    assert f'"{rocket}" new? {slug}' in (fresh.data_dir / "facts" / "a000.trig").read_text()


def test_a_headline_on_the_line_above_the_text_is_a_sentence_of_its_own(fresh: Project, tmp_path):
    text = tmp_path / "story.txt"
    body = ["China launched the Chang'e 4 probe from Xichang on Friday.", "It carried a rover to the Moon.",
            "The lander is expected to touch down in early January.", "Xinhua reported the launch."]
    text.write_text("\n".join(["China Launches Chang'e 4", "By a staff reporter", *body]) + "\n")
    assert run(fresh, "article", "add", str(text), "--outlet", "Global Times", "--published", "2018-12-08").exit_code == 0
    sentences = run(fresh, "sentences", "a000").stdout.splitlines()
    assert [line.split("\t")[3] for line in sentences] == ["China Launches Chang'e 4", "By a staff reporter", *body]


def test_an_articles_recorded_sentences_keep_their_ids_whatever_the_splitter_makes_of_its_text(fresh: Project, tmp_path):
    # An article registered when the splitter joined its headline to its first sentence keeps
    # that table: its mentions and review rows name the sentences it was registered with.
    from spacekg.curation.trig import FactsFile
    from spacekg.sources.segment import Segment

    text = tmp_path / "story.txt"
    text.write_text("China Launches Chang'e 4\nChina launched the probe from Xichang on Friday.\n"
                    "It carried a rover to the Moon.\nThe Global Times reported it.\n")
    assert run(fresh, "article", "add", str(text), "--outlet", "Global Times", "--published", "2018-12-08").exit_code == 0
    stored = (fresh.articles_dir / "a000.txt").read_text()
    first = split_sentences(stored)[1].end
    older = [Segment("L1.1", 0, first, stored[:first]), *split_sentences(stored)[2:]]
    path = fresh.data_dir / "facts" / "a000.trig"
    FactsFile.skeleton(path, "a000", older, {}).save()
    recorded = {s.sentence_id for s in older}
    listed = run(fresh, "article", "mentions", "a000").stdout.splitlines()
    assert {line.split("\t")[0] for line in listed} <= recorded
    assert any(line.startswith("L1.1\t") and "Xichang" in line for line in listed)
    table = run(fresh, "sentences", "a000").stdout.splitlines()
    assert [line.split("\t")[0] for line in table] == [s.sentence_id for s in older]
    review = fresh.data_dir / "curation" / "a000-links.tsv"  # as the older registration wrote it
    rows = [["L1.1" if r[0] == "L1.2" else r[0], *r[1:]] for r in csv.reader(io.StringIO(review.read_text()),
                                                                              delimiter="\t")]
    xichang = next(r for r in rows if r[3] == "Xichang")
    xichang[10] = "no"
    review.write_text("".join("\t".join(r) + "\n" for r in rows))
    linked = run(fresh, "article", "link", "a000")
    assert linked.exit_code == 0, linked.output


# The JSON Schema of a result batch in the Reconciliation Service API v0.2, as the W3C Entity
# Reconciliation Community Group publishes it: reconciliation-api/specs on GitHub,
# 0.2/schemas/reconciliation-result-batch.json at commit 76328a4dccd57ee0f7e74be5e955019e9dbfdba9.
RESULT_BATCH_SCHEMA = Path(__file__).parent / "data" / "reconciliation" / "reconciliation-result-batch-0.2.json"


@pytest.mark.parametrize("article", ["a000.txt", "a001.txt", "a002.txt"])
def test_the_reconciliation_batch_validates_against_the_published_schema(fresh: Project, article: str):
    import jsonschema

    # The schema names no draft ("http://json-schema.org/schema#"); its keywords are draft 7's.
    validator = jsonschema.Draft7Validator(json.loads(RESULT_BATCH_SCHEMA.read_text("utf-8")))
    assert run(fresh, "article", "add", str(ARTICLES / article), "--outlet", "The Independent",
               "--published", "2018-12-07").exit_code == 0
    batch = json.loads(run(fresh, "article", "mentions", "a000", "-f", "reconcile").stdout)
    validator.validate(batch)
    assert any(query["result"] for query in batch.values())
    wrong = {"q": {"result": [{**next(r for q in batch.values() for r in q["result"]), "score": "high"}]}}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(wrong)


def edit_review(project: Project, decide) -> None:
    path = project.data_dir / "curation" / "a000-links.tsv"
    rows = list(csv.DictReader(io.StringIO(path.read_text()), delimiter="\t"))
    for row in rows:
        decide(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue())


def test_a_surname_two_names_end_is_left_for_the_person_to_link(fresh: Project, tmp_path):
    text = tmp_path / "story.txt"
    text.write_text("The crew, Tang Hongbo and Tang Shengjie, landed on Tuesday.\n\nTang said it went well.\n")
    assert run(fresh, "article", "add", str(text), "--outlet", "Xinhua", "--published", "2024-04-30").exit_code == 0

    def confirm(link: str):
        def decide(row):
            row["confirm"] = "yes"
            row["type"] = row["type"] or ("Astronaut" if row["link"] else "")
            if row["mention"] == "Tang":
                row["link"] = link
        return decide

    rows = list(csv.DictReader(io.StringIO((fresh.data_dir / "curation" / "a000-links.tsv").read_text()),
                               delimiter="\t"))
    assert [(r["link"], r["name"]) for r in rows if r["mention"] == "Tang"] == [("", "Tang Hongbo or Tang Shengjie")]
    edit_review(fresh, confirm(""))
    refused = run(fresh, "article", "link", "a000")
    assert refused.exit_code == ExitCode.USAGE
    assert "'Tang' is confirmed without a link: give the entity it names in the link column (it may be Tang Hongbo " \
           "or Tang Shengjie)" in refused.stderr
    edit_review(fresh, confirm("d:tang-shengjie"))
    linked = run(fresh, "article", "link", "a000")
    assert linked.exit_code == 0, linked.output
    assert "name kept: 'Tang' is one word of a person's name (Tang Shengjie)" in linked.stdout

@pytest.mark.parametrize(("dateline", "name"), [("XICHANG", "Xichang"), ("HONG KONG", None)])
def test_a_name_a_dateline_writes_in_capitals_is_made_a_name_as_it_is_written_elsewhere(
        fresh: Project, tmp_path: Path, dateline: str, name: str | None):
    # "XICHANG, Nov. 5 (Xinhua) --": the place is Xichang, not XICHANG, wherever it is named.
    text = tmp_path / "launch.txt"
    text.write_text(f"A launch\n\n{dateline}, Nov. 5 (Xinhua) -- A rocket flew.\n")
    assert run(fresh, "article", "add", str(text), "--outlet", "Xinhua", "--published", "2023-11-05").exit_code == 0
    edit_review(fresh, lambda row: row.update(confirm="yes", type=row["type"] or "Place"))
    linked = run(fresh, "article", "link", "a000")
    assert linked.exit_code == 0, linked.output
    entities = (fresh.data_dir / "entities.ttl").read_text()
    assert dateline not in entities.split("# From the review of a000")[-1]
    if name:
        assert f'"{name}"@en' in entities


@pytest.mark.parametrize("initialism", ["IGGCAS", "ZORVANSAT", "ZRI"])
def test_an_initialism_inside_a_sentence_is_made_a_name_as_it_is_written(fresh: Project, tmp_path: Path,
                                                                           initialism: str):
    # "… of the Chinese Academy of Sciences (IGGCAS) in Beijing": no capitals to undo, whatever its length.
    text = tmp_path / "study.txt"
    text.write_text(f"A study\n\nThe study was led by the Zorvan Research Institute ({initialism}) on Friday. "
                    f"A team at {initialism} measured the samples.\n")
    assert run(fresh, "article", "add", str(text), "--outlet", "Xinhua", "--published", "2023-11-05").exit_code == 0
    edit_review(fresh, lambda row: row.update(confirm="yes", type=row["type"] or "Organization"))
    linked = run(fresh, "article", "link", "a000")
    assert linked.exit_code == 0, linked.output
    added = (fresh.data_dir / "entities.ttl").read_text().split("# From the review of a000")[-1]
    assert f'"{initialism}"@en' in added and f'"{initialism.capitalize()}"@en' not in added


def test_confirmed_links_go_into_the_skeleton_and_new_names_and_entities_into_the_entities(added: Project):
    def decide(row):
        if row["mention"] == "Beijing":
            row.update(type="AdministrativeRegion", confirm="yes")
        elif row["mention"] == "Global":
            row["confirm"] = "no"
        elif row["mention"] == "Rover":
            row.update(link="d:yutu-2", confirm="yes")
        elif row["sentence"] in ("L1.1", "L3.1"):
            row["confirm"] = "yes"

    edit_review(added, decide)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "9 links confirmed, 1 rejected, 34 undecided", "new entity: d:beijing",
        # "the first rover to do so": the word would link to Yutu-2 wherever it is written.
        "name kept: 'Rover' is also written as ordinary words ('rover'), so it is not made a name of d:yutu-2: it "
        "would link them"]
    facts = (added.data_dir / "facts" / "a000.trig").read_text()
    assert '# L3.1: On Friday, a Long March rocket' in facts
    assert '# links: "Long March rocket" = d:long-march; "moon landing craft Chang\'e-4" = d:change-4-lander' in facts
    assert '# mentions: "Russia" d:russia (label 100)' in facts
    entities = (added.data_dir / "entities.ttl").read_text()
    assert 'd:beijing a skg:AdministrativeRegion ;\n    rdfs:label "Beijing"@en .' in entities
    assert '"Rover"' not in entities
    # A confirmed link resolves a name in a template answer for that sentence.
    fact = run(added, "article", "fact", "a000", "L35.3", "thing", "--entity", "Rover", "--class", "Rover")
    assert "d:yutu-2 a skg:Rover ." in fact.stdout


def test_adding_to_the_entities_declares_only_the_prefixes_it_uses(added: Project):
    entities = added.data_dir / "entities.ttl"
    declared = {line.split()[1] for line in entities.read_text().splitlines() if line.startswith("@prefix")}
    edit_review(added, lambda row: row.update(type="AdministrativeRegion", confirm="yes")
                if row["mention"] == "Beijing" else None)
    assert run(added, "article", "link", "a000").exit_code == 0
    now = {line.split()[1] for line in entities.read_text().splitlines() if line.startswith("@prefix")}
    assert now == declared  # d:, skg: and rdfs: were there; src: and xsd: are not used


def test_a_link_to_another_entity_does_not_give_it_a_name_that_names_one_already(added: Project):
    def decide(row):
        if row["sentence"] == "L1.1" and row["mention"] == "China":
            row.update(link="d:united-states", confirm="yes")

    edit_review(added, decide)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert "name kept: 'China' names d:china, so it is not made a name of d:united-states" in result.stdout
    assert 'altLabel "China"' not in (added.data_dir / "entities.ttl").read_text()
    assert '"China" = d:united-states' in (added.data_dir / "facts" / "a000.trig").read_text()
    fact = run(added, "article", "fact", "a000", "L3.1", "thing", "--entity", "China", "--description", "a country")
    assert fact.exit_code == 0 and "d:china skg:description" in fact.stdout  # "China" still names one thing


@pytest.mark.parametrize("written", ["Yutu-2", "yutu 2", "Yutu 2", "<https://w3id.org/spacekg/id/yutu-2>", "d:yutu-2"])
def test_a_link_may_be_written_as_a_name_that_one_entity_has(added: Project, written):
    edit_review(added, lambda row: row.update(link=written, confirm="yes") if row["mention"] == "Rover" else None)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert '"Rover" = d:yutu-2' in (added.data_dir / "facts" / "a000.trig").read_text()


@pytest.mark.parametrize(("written", "message"), [
    ("Yutu-3", "link 'Yutu-3': no entity is named 'Yutu-3'; no close name found (a new thing is given as d:name)"),
    ("Long Marsh rocket", "link 'Long Marsh rocket': no entity is named 'Long Marsh rocket'; did you mean d:long-march"),
])
def test_a_link_written_as_a_name_no_entity_has_is_refused_with_the_close_names(added: Project, written, message):
    before = files(added)
    edit_review(added, lambda row: row.update(link=written, confirm="yes") if row["mention"] == "Rover" else None)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "a000-links.tsv:" in result.output and message in result.output
    assert {k: v for k, v in files(added).items() if not k.endswith("a000-links.tsv")} == \
        {k: v for k, v in before.items() if not k.endswith("a000-links.tsv")}


# "BEIJING, Dec. 15 (Xinhua) -- As the Chang'e-5 probe will bring moon samples back to Earth ..."
# (People's Daily, 15 December 2020), and a dateline's outlet that no name matches ("(EIRNS)—").
@pytest.mark.parametrize(("dateline", "outlet", "via", "link", "how"), [
    ("BEIJING, Dec. 15 (Xinhua) -- ", "Xinhua", ("--via", "Xinhua"), "d:xinhua", "alias"),
    ("May 15, 2021 (EIRNS)\u2014", "EIRNS", (), "d:the-independent", "dateline"),
    ("BEIJING (GT) \u2014 ", "GT", ("--via", "Global Times"), "d:global-times", "initials"),  # its initials
])
def test_article_add_proposes_the_articles_outlet_for_a_datelines_brackets(fresh: Project, tmp_path: Path, dateline,
                                                                           outlet, via, link, how):
    path = tmp_path / "dateline.txt"
    path.write_text(f"Probe readies for homecoming\n\n{dateline}The Chang'e-5 probe will land in China.\n",
                    encoding="utf-8")
    result = run(fresh, "article", "add", str(path), "--outlet", "The Independent", *via, "--published", "2020-12-15")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((fresh.data_dir / "curation" / "a000-links.tsv").read_text()), delimiter="\t"))
    row = next(r for r in rows if r["mention"] == outlet)
    assert (row["link"], row["how"]) == (link, how)
    mentions = run(fresh, "article", "mentions", "a000")
    assert f"{outlet}\t{link} ({how}" in mentions.stdout


@pytest.mark.parametrize(("text", "word", "entity"), [
    ("The Chinese probe completed its 23-day space mission.\n", "Chinese", "d:china"),
    ("A Russian crew flew.\n", "Russian", "d:russia"),
    ("The Chang'e 5 lunar mission returned to Earth.\n", "lunar", "d:moon"),
    ("It studied Martian soil.\n", "Martian", "d:mars"),
    ("The Americans and Soviets last brought back lunar samples in the 1970s.\n", "Soviets", "d:soviet-union"),
    ("The Americans last brought back lunar samples in 1972.\n", "Americans", "d:united-states"),
])
def test_a_confirmed_adjective_is_not_made_a_name_of_its_country_or_body(fresh: Project, tmp_path: Path, text, word,
                                                                        entity):
    path = tmp_path / "adjective.txt"
    path.write_text(text, encoding="utf-8")
    assert run(fresh, "article", "add", str(path), "--outlet", "The Independent",
               "--published", "2020-12-17").exit_code == 0
    edit_review(fresh, lambda row: row.update(confirm="yes") if row["mention"] == word else None)
    result = run(fresh, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    made = "the word for the people of" if word.endswith("s") else "an adjective of"
    assert f"name kept: {word!r} is {made} " in result.stdout
    assert f'altLabel "{word}"' not in (fresh.data_dir / "entities.ttl").read_text()
    assert f'"{word}" = {entity}' in (fresh.data_dir / "facts" / "a000.trig").read_text()


@pytest.mark.parametrize("words", ["China's space agency", "China\u2019s Space Agency"])
def test_a_countrys_agency_is_linked_to_its_agencies_and_made_no_name_of_the_one_confirmed(fresh: Project,
                                                                                         tmp_path: Path, words):
    path = tmp_path / "agency.txt"
    path.write_text(f"{words} said the Chang'e 5 probe returned to Earth.\n", encoding="utf-8")
    assert run(fresh, "article", "add", str(path), "--outlet", "The Independent",
               "--published", "2020-12-17").exit_code == 0
    rows = list(csv.DictReader(io.StringIO((fresh.data_dir / "curation" / "a000-links.tsv").read_text()), delimiter="\t"))
    row = next(r for r in rows if r["mention"] == words)
    # The project says more of the CNSA (its other names, its Wikidata item) than of the CMSA.
    assert (row["link"], row["how"], row["others"]) == ("d:cnsa", "possessive", "d:cmsa (possessive 80)")
    edit_review(fresh, lambda r: r.update(confirm="yes") if r["mention"] == words else None)
    result = run(fresh, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert f"name kept: {words!r} describes China National Space Administration by its country and kind" in result.stdout
    assert f'"{words}"@en' not in (fresh.data_dir / "entities.ttl").read_text()
    assert f'"{words}" = d:cnsa' in (fresh.data_dir / "facts" / "a000.trig").read_text()


@pytest.mark.parametrize(("text", "members"), [
    ("China flew Chang'e-4, -5 and -6 to the Moon.\n", {"-5": "d:change-5", "-6": "d:change-6"}),
    ("China flew Chang'e 4, 5 and 6 to the Moon.\n", {"5": "d:change-5", "6": "d:change-6"}),
])
def test_a_series_member_written_as_its_number_links_its_entity_and_the_number_is_made_no_name(
        fresh: Project, tmp_path: Path, text, members):
    path = tmp_path / "members.txt"
    path.write_text(text, encoding="utf-8")
    assert run(fresh, "article", "add", str(path), "--outlet", "The Independent",
               "--published", "2024-07-01").exit_code == 0
    rows = list(csv.DictReader(io.StringIO((fresh.data_dir / "curation" / "a000-links.tsv").read_text()), delimiter="\t"))
    assert {r["mention"]: r["link"] for r in rows if r["mention"] in members} == members
    edit_review(fresh, lambda row: row.update(confirm="yes"))
    result = run(fresh, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    facts = (fresh.data_dir / "facts" / "a000.trig").read_text()
    entities = (fresh.data_dir / "entities.ttl").read_text()
    for number, entity in members.items():
        assert f"name kept: {number!r} is a number that stands for a name written in part" in result.stdout
        assert f'"{number}" = {entity}' in facts
        assert f'"{number}"@en' not in entities


@pytest.mark.parametrize(("typed", "name"), [
    (("thing", "--entity", "d:utopia-planitia", "--class", "Place"), None),
    (("thing", "--entity", "d:utopia-planitia", "--class", "SurfaceRegion"), "Utopia Plain"),
    (("landing", "--id", "mars-landing", "--site", "d:utopia-planitia", "--is", "d:utopia-planitia", "Place"), ""),
])
def test_a_thing_the_facts_brought_in_without_a_label_takes_the_confirmed_name_as_its_label(
        fresh: Project, tmp_path: Path, typed, name):
    path = tmp_path / "mars.txt"
    path.write_text("The lander touched down in Utopia Planitia on Mars.\n\nUtopia Planitia is a plain.\n", encoding="utf-8")
    assert run(fresh, "article", "add", str(path), "--outlet", "The Independent", "--published", "2021-05-15").exit_code == 0
    assert run(fresh, "article", "fact", "a000", "L1.1", *typed).exit_code == 0

    def decide(row):
        row.update(confirm="yes")
        if row["mention"] == "Utopia Planitia" and name is not None:
            row.update(name=name)

    edit_review(fresh, decide)
    result = run(fresh, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    label = name or "Utopia Planitia"
    assert f"new name: d:utopia-planitia {label!r} (its label: it had none)" in result.stdout
    entities = (fresh.data_dir / "entities.ttl").read_text()
    assert f'd:utopia-planitia rdfs:label "{label}"@en' in entities
    # The mention stays a name of it beside a label of other words, and is not given twice.
    assert entities.count('"Utopia Planitia"@en') == 1
    assert ("skos:altLabel" in entities.split("d:utopia-planitia", 2)[-1].split("# End")[0]) == (label != "Utopia Planitia")
    before = files(fresh)
    again = run(fresh, "article", "link", "a000")
    assert again.exit_code == 0 and again.stdout.splitlines()[1:] == [], again.output
    assert files(fresh) == before
    assert "d:utopia-planitia" not in run(fresh, "check", "--article", "a000").stdout


def test_a_new_thing_numbered_two_ways_is_one_entity_named_as_first_written(fresh: Project, tmp_path: Path):
    path = tmp_path / "numbered.txt"
    path.write_text("The Zhuhai-XVIII craft flew.\n\nLater Zhuhai-18 landed in China.\n", encoding="utf-8")
    assert run(fresh, "article", "add", str(path), "--outlet", "The Independent",
               "--published", "2024-07-01").exit_code == 0
    edit_review(fresh, lambda row: row.update(confirm="yes", type=row["type"] or "Spacecraft"))
    result = run(fresh, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert "new entity: d:zhuhai-18" in result.stdout
    assert 'd:zhuhai-18 a skg:Spacecraft ;\n    rdfs:label "Zhuhai-XVIII"@en .' in (fresh.data_dir / "entities.ttl").read_text()
    # Names match with their numerals read as numbers: the figures are the label already.
    assert "L3.1\t" in (listed := run(fresh, "article", "mentions", "a000").stdout)
    assert "Zhuhai-18\td:zhuhai-18 (label 100)" in listed


@pytest.mark.parametrize("name", ["", "keep"])
def test_a_new_entity_left_with_the_proposals_name_is_named_by_its_mention(added: Project, name: str):
    def decide(row):
        if row["mention"] == "Global":
            # The proposal (Global Times) was wrong: the row points at a new entity and keeps (or
            # clears) the proposal's name.
            assert row["name"] == "Global Times"
            row.update(link="d:global-survey", type="Organization", confirm="yes",
                       name=row["name"] if name == "keep" else "")

    edit_review(added, decide)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    entities = (added.data_dir / "entities.ttl").read_text()
    assert 'd:global-survey a skg:Organization ;\n    rdfs:label "Global"@en .' in entities


@given(words=st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8), min_size=1, max_size=3),
       joiner=st.sampled_from([" ", "-", "\n"]), before=st.sampled_from(["", "the ", "(", "a 12 "]),
       after=st.sampled_from(["", ".", " of it", "'s", ")"]))
def test_a_name_is_ordinary_words_only_where_the_texts_write_all_of_it_in_small_letters(words, joiner, before, after):
    name = " ".join(w.capitalize() for w in words)
    plain = joiner.join(words)
    assert ordinary_use(name, [f"{before}{plain}{after}"]) == plain
    assert ordinary_use(name, [f"{before}{joiner.join(w.capitalize() for w in words)}{after}"]) is None
    # A longer word, a web address or a number is not the name's words.
    assert ordinary_use(name, [f"{before}{plain}x{after}", f"x{plain}", f"{plain}.com"]) is None
    assert ordinary_use(name + " 2", [plain + " 2"]) is None


@pytest.mark.parametrize(("text", "word", "person", "kind"), [
    # A new person, and one the project knows, each named in full and then by one word of the name.
    ("Commander Tang Hongbo received the key.\n\nTang, 48, is a veteran of Shenzhou 12.\n", "Tang",
     "d:tang-hongbo", "Astronaut"),
    ("Li Qiang Wei spoke first.\n\nThen Wei answered the questions.\n", "Wei", "d:li-qiang-wei", "Person"),
    ("Jing Haipeng spoke.\n\nHaipeng then flew home.\n", "Haipeng", "d:jing-haipeng", ""),
])
def test_one_word_of_a_persons_name_is_not_made_a_name_of_the_person(fresh: Project, tmp_path: Path, text, word,
                                                                      person, kind):
    path = tmp_path / "names.txt"
    path.write_text(text, encoding="utf-8")
    assert run(fresh, "article", "add", str(path), "--outlet", "The Independent",
               "--published", "2023-10-31").exit_code == 0

    def decide(row):
        row.update(link=person, type=kind if row["how"] == "new" else row["type"], confirm="yes")

    edit_review(fresh, decide)
    result = run(fresh, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert f"name kept: {word!r} is one word of a person's name (" in result.stdout
    assert f"so it is not made a name of {person}: it would name everyone called {word}" in result.stdout
    assert f'altLabel "{word}"' not in (fresh.data_dir / "entities.ttl").read_text()
    # The sentence's confirmed link still resolves the word there.
    fact = run(fresh, "article", "fact", "a000", "L3.1", "quote", "--speaker", word)
    assert fact.exit_code == 0, fact.output


def test_one_word_of_the_name_of_a_thing_is_made_its_name(fresh: Project, tmp_path: Path):
    path = tmp_path / "station.txt"
    path.write_text("The Tiangong space station grew.\n\nTiangong is in orbit.\n", encoding="utf-8")
    assert run(fresh, "article", "add", str(path), "--outlet", "The Independent",
               "--published", "2023-10-31").exit_code == 0
    edit_review(fresh, lambda row: row.update(link="d:tiangong-space-station", confirm="yes"))
    result = run(fresh, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert "new name: d:tiangong-space-station 'Tiangong'" in result.stdout


CREW = ("Shenzhou-20 commander Chen Dong led Chen Zhongrui and Wang Jie on their first mission.\n\n"
        "Chen, Chen and Wang lifted off from the Jiuquan Satellite Launch Center.\n")


@pytest.fixture
def crew(registered: Callable[..., Project], tmp_path: Path) -> Project:
    return registered(tmp_path / "kg", CREW.encode(), "--outlet", "The Independent", "--published", "2025-04-24")


def reorder(project: Project, reverse: bool) -> None:
    path = project.data_dir / "curation" / "a000-links.tsv"
    header, *rows = path.read_text().splitlines(keepends=True)
    path.write_text(header + "".join(reversed(rows) if reverse else rows))


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize(("other", "kind"), [("d:chen-zhongrui", "Astronaut"), ("d:jing-haipeng", "")])
def test_a_mention_linked_to_two_entities_in_one_review_is_made_a_name_of_neither(crew: Project, other, kind,
                                                                                   reverse: bool):
    def decide(row):
        if row["mention"] == "Chen":
            second = row["begin"] == "94"
            row.update(link=other if second else row["link"], type=kind if second else row["type"],
                       name="Chen Zhongrui" if second and kind else row["name"], confirm="yes")

    edit_review(crew, decide)
    reorder(crew, reverse)
    result = run(crew, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert f"name kept: 'Chen' is also linked to {other} in this review, so it is not made a name of " \
           "d:chen-dong" in result.stdout
    assert 'altLabel "Chen"' not in (crew.data_dir / "entities.ttl").read_text()
    # "Chen" names neither, so a template answer "Chen" is not read as one of them.
    fact = run(crew, "article", "fact", "a000", "L1.1", "crewed-flight", "--mission", "d:shenzhou-20",
               "--astronaut", "Chen")
    assert fact.exit_code == ExitCode.USAGE and "no entity is named 'Chen'" in fact.stderr


@pytest.mark.parametrize("reverse", [False, True])
def test_a_name_left_from_the_proposal_a_link_replaced_gives_no_name_to_the_new_entity(crew: Project,
                                                                                        reverse: bool):
    # "Chen" proposed as Chen Dong and "Wang" as a new d:wang are linked to the crew members
    # that the rows of their full names make; their name cells still hold the proposals' names.
    edit_review(crew, decisions({("L1.1", "Chen Zhongrui"): ("", "Astronaut", "yes"),
                                 ("L1.1", "Wang Jie"): ("", "Astronaut", "yes"),
                                 ("L3.1", "Wang"): ("d:wang-jie", "Astronaut", "yes")}))
    edit_review(crew, lambda row: row.update(link="d:chen-zhongrui", type="Astronaut", confirm="yes")
                if row["begin"] == "94" else None)
    reorder(crew, reverse)
    result = run(crew, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    entities = (crew.data_dir / "entities.ttl").read_text()
    assert 'd:chen-zhongrui a skg:Astronaut ;\n    rdfs:label "Chen Zhongrui"@en' in entities
    # "Wang", one word of his name, refers back to it and is no name of his own.
    assert 'd:wang-jie a skg:Astronaut ;\n    rdfs:label "Wang Jie"@en .' in entities


def test_a_new_entity_is_not_named_what_names_another(added: Project):
    def decide(row):
        if row["mention"] == "Global":
            row.update(link="d:global-survey", type="Organization", confirm="yes", name="China")
        if row["sentence"] == "L1.1" and row["mention"] == "China":
            row.update(link="d:china-2", type="Country", confirm="yes", name="")

    edit_review(added, decide)
    before = (added.data_dir / "entities.ttl").read_bytes()
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "the new entity d:china-2 would be named 'China', which already names d:china" in result.stderr
    assert (added.data_dir / "entities.ttl").read_bytes() == before


def decisions(choices: dict[str, tuple[str, ...]]):
    """A review edit: each (sentence, mention) in ``choices`` gets the (link, type, confirm) given
    (an empty link keeps the row's)."""
    def decide(row):
        if (row["sentence"], row["mention"]) in choices:
            link, kind, confirm = choices[row["sentence"], row["mention"]]
            row.update(link=link or row["link"], type=kind, confirm=confirm)
    return decide


MISTAKE = {("L15.1", "Global"): ("", "", "yes"),  # a new name of Global Times, wrongly
           ("L7.1", "Beijing"): ("d:beijing", "AdministrativeRegion", "yes")}  # a new entity


def test_a_link_rejected_after_it_was_applied_takes_its_name_and_new_entity_with_it(added: Project):
    entities = added.data_dir / "entities.ttl"
    original = entities.read_text()
    edit_review(added, decisions(MISTAKE))
    first = run(added, "article", "link", "a000")
    assert "new name: d:global-times 'Global'" in first.stdout and "new entity: d:beijing" in first.stdout
    edit_review(added, decisions({key: ("", "", "no") for key in MISTAKE}))
    second = run(added, "article", "link", "a000")
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines()[1:] == [
        "entity withdrawn: d:beijing (no confirmed row makes it any more)", "name withdrawn: d:global-times 'Global'"]
    assert entities.read_text() == original
    # The name no longer sends "Global" to Global Times.
    mentions = run(added, "article", "mentions", "a000").stdout
    assert not any('"Global"' in line and "d:global-times (alias" in line for line in mentions.splitlines())


@pytest.mark.parametrize(("kind", "again"), [("LaunchSite", "AdministrativeRegion"), ("Place", "LaunchSite"),
                                           ("AdministrativeRegion", "Place")])
def test_a_new_entity_confirmed_again_with_another_class_is_retyped_not_withdrawn(added: Project, kind, again):
    # A proposal's class corrected after it was applied ("Wenchang": a spacecraft, then a launch
    # site) changes the entity's class, even while a fact uses it.
    edit_review(added, decisions({("L7.1", "Beijing"): ("d:beijing", kind, "yes")}))
    assert run(added, "article", "link", "a000").exit_code == 0
    assert run(added, "article", "fact", "a000", "L7.1", "thing", "--entity", "d:beijing",
               "--description", "the capital").exit_code == 0
    edit_review(added, decisions({("L7.1", "Beijing"): ("d:beijing", again, "yes")}))
    result = run(added, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [f"entity retyped: d:beijing is a skg:{again} (was a skg:{kind})"]
    entities = ox.parse(path=str(added.data_dir / "entities.ttl"), format=ox.RdfFormat.TURTLE)
    assert {t.object.value for t in entities if t.subject == ox.NamedNode(D + "beijing")
            and t.predicate.value.endswith("#type")} == {SKG + again}


def test_applying_the_same_review_again_changes_nothing_and_reports_nothing_new(added: Project):
    edit_review(added, decisions(MISTAKE))
    assert run(added, "article", "link", "a000").exit_code == 0
    before = files(added)
    again = run(added, "article", "link", "a000")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[1:] == []
    assert files(added) == before


@pytest.mark.parametrize("stop_at", ["entities", "facts"])
def test_a_link_stopped_between_its_writes_leaves_a_project_check_accepts_and_a_rerun_finishes(
        added: Project, tmp_path_factory, monkeypatch, stop_at: str):
    edit_review(added, decisions(MISTAKE))
    finished = empty_project(tmp_path_factory.mktemp("finished") / "kg")
    shutil.rmtree(finished.root)
    shutil.copytree(added.root, finished.root)
    assert run(finished, "article", "link", "a000").exit_code == 0
    errors_before = _errors(run(added, "check", "--article", "a000").stdout)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    if stop_at == "entities":
        monkeypatch.setattr("spacekg.curation.review.write_atomic", killed)
    else:
        monkeypatch.setattr("spacekg.curation.trig.FactsFile.save", killed)
    stopped = run(added, "article", "link", "a000")
    assert stopped.exit_code != 0
    monkeypatch.undo()
    # Stopped before the entities, nothing was written; stopped after them, the new entity is there
    # and no comment links to anything that is not.
    assert ("d:beijing" in (added.data_dir / "entities.ttl").read_text()) == (stop_at == "facts")
    assert _errors(run(added, "check", "--article", "a000").stdout) == errors_before
    assert run(added, "article", "link", "a000").exit_code == 0
    assert files(added) == files(finished)


def _errors(report: str) -> list[str]:
    return [line for line in report.splitlines() if ": error" in line or line.startswith("error")]


@pytest.mark.parametrize("typed", [("thing", "--entity", "d:beijing", "--class", "AdministrativeRegion"),
                                   ("thing", "--entity", "d:beijing", "--class", "Place"),
                                   ("statement", "--about", "d:china", "--property", "locatedIn", "--entity",
                                    "d:beijing", "--is", "d:beijing", "AdministrativeRegion")])
def test_applying_the_review_again_after_facts_typed_its_new_entity_changes_nothing(added: Project, typed):
    edit_review(added, decisions(MISTAKE))
    assert run(added, "article", "link", "a000").exit_code == 0
    assert run(added, "article", "fact", "a000", "L7.1", *typed).exit_code == 0
    before = files(added)
    again = run(added, "article", "link", "a000")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[1:] == []
    assert files(added) == before


def test_a_new_entitys_class_changed_in_the_review_is_changed_in_the_entities(added: Project):
    edit_review(added, decisions(MISTAKE))
    run(added, "article", "link", "a000")
    edit_review(added, decisions({("L7.1", "Beijing"): ("", "Place", "yes")}))
    assert run(added, "article", "link", "a000").exit_code == 0
    entities = (added.data_dir / "entities.ttl").read_text()
    assert "d:beijing a skg:Place" in entities and "d:beijing a skg:AdministrativeRegion" not in entities


def duplicate_row(project: Project, sentence: str, mention: str, **changes: str) -> None:
    """Append a copy of the review row of ``mention`` in ``sentence``, with ``changes``."""
    path = project.data_dir / "curation" / "a000-links.tsv"
    rows = list(csv.DictReader(io.StringIO(path.read_text()), delimiter="\t"))
    copy = {**next(r for r in rows if (r["sentence"], r["mention"]) == (sentence, mention)), **changes}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, copy])
    path.write_text(out.getvalue())


@pytest.mark.parametrize(("changes", "message"), [
    ({"link": "d:china", "confirm": "yes"}, "is linked to d:beijing and to d:china; confirm one of the two"),
    ({"type": "Country", "confirm": "yes"}, "the new entity d:beijing is given the type 'AdministrativeRegion' and "
                                             "'Country'; give it one"),
    ({"name": "Peking", "confirm": "yes"}, "the new entity d:beijing is given the name 'Beijing' and 'Peking'"),
])
def test_confirmed_rows_that_disagree_are_refused_with_both_lines(added: Project, changes, message):
    edit_review(added, decisions({("L7.1", "Beijing"): ("d:beijing", "AdministrativeRegion", "yes")}))
    duplicate_row(added, "L7.1", "Beijing", **changes)
    before = files(added)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "a000-links.tsv:9 and 46: " in result.stderr and message in result.stderr
    assert files(added) == before


@pytest.mark.parametrize("kind", ["skg:AdministrativeRegion", "administrative region", "AdministrativeRegion"])
def test_rows_that_say_one_class_in_other_words_agree(added: Project, kind: str):
    edit_review(added, decisions({("L7.1", "Beijing"): ("d:beijing", "AdministrativeRegion", "yes")}))
    duplicate_row(added, "L7.1", "Beijing", type=kind, confirm="yes")
    result = run(added, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert "new entity: d:beijing" in result.stdout


def test_a_name_typed_for_a_suggested_new_entity_that_names_another_is_refused(added: Project):
    edit_review(added, lambda row: row.update(type="AdministrativeRegion", name="China", confirm="yes")
                if row["mention"] == "Beijing" else None)
    before = files(added)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.USAGE
    assert "the new entity d:beijing would be named 'China', which already names d:china" in result.stderr
    assert files(added) == before


@pytest.mark.parametrize("undo", ["no", "", "swap the header"])
def test_a_new_entity_that_facts_use_is_not_taken_out_by_the_review(added: Project, undo: str):
    edit_review(added, decisions(MISTAKE))
    assert run(added, "article", "link", "a000").exit_code == 0
    assert run(added, "article", "fact", "a000", "L7.1", "thing", "--entity", "d:beijing", "--description",
               "the state").exit_code == 0
    if undo == "swap the header":
        path = added.data_dir / "curation" / "a000-links.tsv"
        header, rest = path.read_text().split("\n", 1)
        path.write_text(header.replace("others", "@").replace("confirm", "others").replace("@", "confirm") + "\n"
                        + rest)
    else:
        edit_review(added, decisions({("L7.1", "Beijing"): ("", "AdministrativeRegion", undo)}))
    before = files(added)
    result = run(added, "article", "link", "a000")
    if undo == "swap the header":  # the answers under "others" read as no answer, or as no yes or no
        assert result.exit_code in (ExitCode.USAGE, ExitCode.INPUT), result.output
    else:
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "d:beijing would be taken out (no confirmed row makes it any more), but facts still use d:beijing " \
               "(a000 L7.1)" in result.stderr
    assert files(added) == before


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.randoms(use_true_random=False))
def test_the_same_answers_in_any_row_order_give_the_same_entities(added: Project, tmp_path_factory, order):
    chosen = {**MISTAKE, ("L35.3", "Rover"): ("d:mars-rover-2020s", "Rover", "yes"),
              ("L29.1", "Independent Minds"): ("d:independent-minds", "Organization", "yes")}
    project = empty_project(tmp_path_factory.mktemp("order") / "kg")
    shutil.copytree(added.root, project.root, dirs_exist_ok=True)
    edit_review(project, decisions(chosen))
    assert run(project, "article", "link", "a000").exit_code == 0
    applied = (project.data_dir / "entities.ttl").read_bytes()
    path = project.data_dir / "curation" / "a000-links.tsv"
    header, *rows = path.read_text().splitlines(keepends=True)
    order.shuffle(rows)
    path.write_text(header + "".join(rows))
    assert run(project, "article", "link", "a000").exit_code == 0
    assert (project.data_dir / "entities.ttl").read_bytes() == applied


def test_the_confirmed_links_of_an_excluded_sentence_are_left_out_until_it_is_included(added: Project):
    entities = added.data_dir / "entities.ttl"
    original = entities.read_text()
    edit_review(added, decisions(MISTAKE))
    assert run(added, "article", "exclude", "a000", "L7.1", "--reason", "a byline").exit_code == 0
    result = run(added, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert "left out: the confirmed links of excluded sentences (L7.1)" in result.stdout
    assert "d:beijing" not in entities.read_text() and "new name: d:global-times 'Global'" in result.stdout
    assert run(added, "article", "exclude", "a000", "L7.1", "--undo").exit_code == 0
    again = run(added, "article", "link", "a000")
    assert "new entity: d:beijing" in again.stdout and "left out" not in again.stdout
    assert entities.read_text() != original


def test_a_review_block_without_its_end_line_is_an_input_error_that_writes_nothing(added: Project):
    edit_review(added, decisions(MISTAKE))
    run(added, "article", "link", "a000")
    entities = added.data_dir / "entities.ttl"
    broken = entities.read_text().replace("# End of the review of a000.\n", "")
    entities.write_text(broken)
    before = files(added)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.INPUT, result.output
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if text.startswith("# From the review of a000"))
    assert f"entities.ttl:{line}: the block from the review of a000 has no end line" in result.stderr
    assert files(added) == before


@pytest.mark.parametrize("broken", ["d:x rdfs:label \"X\"@en", "d:x rdfs:label .", "d:x \"X\"@en ."])
def test_a_turtle_file_that_would_not_parse_after_the_review_is_refused_not_written(tmp_path: Path, broken: str):
    from spacekg.curation.trig import append_statements, iri, with_block
    from spacekg.errors import InputError

    path = tmp_path / "entities.ttl"
    path.write_text(f"@prefix d: <{D}> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n{broken}\n")
    triple = (iri(D + "y"), iri("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Y", language="en"))
    for write in (lambda: with_block(path, "a000", [triple], ""), lambda: append_statements(path, [triple], "")):
        with pytest.raises(InputError, match=r"entities\.ttl:\d+:\d+: bad syntax"):
            write()


PROPOSED = {("L15.1", "Global"): "d:global-times", ("L7.1", "Beijing"): "d:beijing",
            ("L31.1", "Rover"): "d:yutu-2", ("L35.1", "US"): "d:united-states"}
CHOICES = {("L15.1", "Global"): [("d:global-survey", "Organization", "yes")],
           ("L7.1", "Beijing"): [("d:beijing", "AdministrativeRegion", "yes"), ("d:beijing", "Place", "yes")],
           ("L31.1", "Rover"): [], ("L35.1", "US"): []}
ROW_CHOICE = {key: st.sampled_from([*options, *((PROPOSED[key], "", c) for c in ("yes", "no", "")
                                                 if c != "yes" or key != ("L7.1", "Beijing"))])
              for key, options in CHOICES.items()}


@given(st.lists(st.fixed_dictionaries(ROW_CHOICE), min_size=1, max_size=3))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_entities_follow_the_last_review_whatever_came_before(added: Project, tmp_path_factory, history):
    """Applying a sequence of review edits leaves the entities and facts as the last one alone does."""
    results = []
    for steps in (history, history[-1:]):
        project = Project(tmp_path_factory.mktemp("kg") / "kg")
        shutil.copytree(added.root, project.root)
        for step in steps:
            edit_review(project, decisions(step))
            result = run(project, "article", "link", "a000")
            assert result.exit_code == 0, result.output
        results.append(((project.data_dir / "entities.ttl").read_bytes(),
                        (project.data_dir / "facts" / "a000.trig").read_bytes()))
    assert results[0] == results[1]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda row: row.update(sentence="L99.1"), "the article has no sentence 'L99.1'"),
    (lambda row: row.update(begin="5000", end="10"), "'Beijing' is not at 5000-10 of L7.1"),
    (lambda row: row.update(mention="Shanghai"), "'Shanghai' is not at 336-343 of L7.1 (the text there is 'Beijing')"),
    (lambda row: row.update(sentence="L3.1"), "'Beijing' is not at 336-343 of L3.1"),
])
def test_a_row_whose_mention_is_not_where_it_says_is_refused_with_its_line(added: Project, edit, message: str):
    def decide(row):
        if row["mention"] == "Beijing":
            row.update(type="AdministrativeRegion", confirm="yes")
            edit(row)

    edit_review(added, decide)
    before = files(added)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.INPUT, result.output
    assert "a000-links.tsv:" in result.stderr and message in result.stderr and "Traceback" not in result.output
    assert files(added) == before


@pytest.mark.parametrize("row", ["L5.1\t1\t2\n", "\t".join(["x"] * 12) + "\n"])
def test_a_row_with_too_few_or_too_many_columns_is_an_input_error(added: Project, row: str):
    path = added.data_dir / "curation" / "a000-links.tsv"
    path.write_text(path.read_text() + row)
    lines = len(path.read_text().splitlines())
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.INPUT, result.output
    assert f"a000-links.tsv:{lines}: the row has " in result.stderr and "of the 11 tab-separated columns" in result.stderr


def test_a_misspelt_class_in_the_review_file_is_named_with_its_line(added: Project):
    edit_review(added, lambda row: row.update(type="AdministrativeRegon", confirm="yes")
                if row["mention"] == "Beijing" else None)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.USAGE
    assert ("a000-links.tsv:9: 'AdministrativeRegon' is not a class of the ontology; did you mean AdministrativeRegion"
            in result.stderr)


@pytest.mark.parametrize("link", ["d:China", "d:CHINA", "d:Global-Times"])
def test_a_review_link_that_differs_from_a_known_thing_only_in_case_is_refused_with_its_line(added: Project, link):
    edit_review(added, lambda row: row.update(link=link, type="Country", confirm="yes")
                if row["mention"] == "Beijing" else None)
    before = files(added)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert f"a000-links.tsv:9: link {link} differs from {link.lower()} (" in result.stderr
    assert "only in case" in result.stderr and files(added) == before


def test_a_confirmed_new_entity_needs_its_class_and_confirm_takes_yes_or_no(added: Project):
    edit_review(added, lambda row: row.update(confirm="yes") if row["mention"] == "Beijing" else None)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.USAGE
    assert "a000-links.tsv:9: the new entity d:beijing needs its class in the type column" in result.output
    edit_review(added, lambda row: row.update(confirm="maybe") if row["mention"] == "Beijing" else None)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.INPUT
    assert "a000-links.tsv:9: confirm is 'maybe'; write yes, no, or leave it empty" in result.output


# --- templates ---


def test_a_launch_fills_the_sentence_graph_in_the_curated_shape(added: Project):
    result = run(added, "article", "fact", "a000", "L3.1", "launch", "--id", "d:change-4-launch",
                 "--vehicle", "Long March rocket", "--payload", "moon landing craft Chang'e-4",
                 "--site", "Xichang Satellite Launch Center", "--when", "On Friday",
                 "--is", "moon landing craft Chang'e-4", "Lander")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "a000 L3.1: 10 triples added, modality skg:Asserted"
    made = {(s, p, o.replace("source/a000", "source/a002")) for s, p, o in graph(added, "a000", "L3.1")}
    # The curated graph also places the launch site (a thing, not a launch) and holds the sentence's
    # claims (weekday, rocket, site, place), which other templates make.
    assert made == {t for t in curated("a002", "L3.1") if not t[0].endswith("/xichang>") and "/claim-" not in t[0]}


# Each event template, the answers it needs, and the event it makes.
EVENT_TEMPLATES = [
    ("launch", ("--mission", "d:shenzhou-11"), "shenzhou-11-launch"),
    ("landing", ("--mission", "d:change-4"), "change-4-landing"),
    ("crewed-flight", ("--mission", "d:shenzhou-11"), "shenzhou-11"),
    ("docking", ("--mission", "d:shenzhou-11", "--with", "d:tiangong-2"), "shenzhou-11-docking"),
    ("sample-return", ("--mission", "d:change-5"), "change-5-return"),
    ("test", ("--tested", "d:long-march", "--kind", "flight"), "long-march-test-flight"),
    ("test", ("--tested", "d:change-4-lander", "--kind", "abort"), "change-4-lander-abort-test"),
    ("recovery", ("--item", "d:long-march", "--kind", "splashdown"), "long-march-splashdown"),
    ("recovery", ("--item", "d:long-march"), "long-march-recovery"),
    ("sampling", ("--mission", "d:change-4", "--method", "scooping"), "change-4-scooping"),
]


@pytest.mark.parametrize(("template", "answers", "event"), EVENT_TEMPLATES)
@pytest.mark.parametrize("by", ["China", "d:cmsa"])
def test_every_event_template_credits_its_event_to_who_the_sentence_says(added: Project, template, answers, event,
                                                                         by: str):
    # The queries of a country's events (events-in-year, the ordinals) find an event by skg:achievedBy.
    result = run(added, "article", "fact", "a000", "L3.1", template, *answers, "--by", by)
    assert result.exit_code == 0, result.output
    agent = {"China": "china"}.get(by, by.removeprefix("d:"))
    assert (f"<{D}{event}>", f"<{SKG}achievedBy>", f"<{D}{agent}>") in graph(added, "a000", "L3.1")


@pytest.mark.parametrize(("template", "answers", "event"), EVENT_TEMPLATES)
@pytest.mark.parametrize(("words", "outcome"), [("failed", "Failed"), ("Failure", "Failed"), ("skg:Failed", "Failed"),
                                                ("unsuccessful", "Failed"), ("succeeded", "Succeeded"),
                                                ("SUCCESS", "Succeeded"), ("successful", "Succeeded")])
def test_every_event_template_records_whether_the_attempt_failed(added: Project, template, answers, event, words,
                                                                  outcome):
    result = run(added, "article", "fact", "a000", "L3.1", template, *answers, "--outcome", words)
    assert result.exit_code == 0, result.output
    assert (f"<{D}{event}>", f"<{SKG}outcome>", f"<{SKG}{outcome}>") in graph(added, "a000", "L3.1")


@pytest.mark.parametrize(("words", "outcome"), [("failed", "Failed"), ("Failed", "Failed"), ("skg:Failed", "Failed"),
                                                ("succeeded", "Succeeded"), ("SUCCEEDED", "Succeeded")])
def test_a_statement_on_a_vocabulary_property_takes_the_terms_name(added: Project, words, outcome):
    result = run(added, "article", "fact", "a000", "L3.1", "statement", "--about", "d:change-4-launch",
                 "--property", "outcome", "--entity", words, "--id", "first-attempt")
    assert result.exit_code == 0, result.output
    claim = f"<{D}claim-a000-L3.1-first-attempt>"
    assert (claim, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>", f"<{SKG}{outcome}>") in graph(added, "a000", "L3.1")


def test_a_statement_on_a_vocabulary_property_refuses_a_term_outside_it(added: Project):
    result = run(added, "article", "fact", "a000", "L3.1", "statement", "--about", "d:change-4-launch",
                 "--property", "outcome", "--entity", "d:china")
    assert result.exit_code != 0 and "use one of Failed, PartialSuccess, Succeeded" in result.output


@pytest.mark.parametrize("words", ["crashed", "Crashed into the Moon", "crash-landed", "was a crash landing",
                                   "hard-landed", "smashed into the surface", "impacted"])
def test_a_landing_that_crashed_failed(added: Project, words):
    # "Russia's Luna-25 crashed into the Moon": it was to land softly (an impactor's crash, by
    # design, is no landing's outcome: elsewhere "crashed" is refused).
    result = run(added, "article", "fact", "a000", "L3.1", "landing", "--spacecraft", "d:change-4-lander",
                 "--body", "Moon", "--outcome", words)
    assert result.exit_code == 0, result.output
    assert (f"<{D}change-4-lander-landing>", f"<{SKG}outcome>", f"<{SKG}Failed>") in graph(added, "a000", "L3.1")


@pytest.mark.parametrize("words", ["crashed", "half", "skg:Supported"])
@pytest.mark.parametrize("template", ["launch", "outcome"])
def test_an_outcome_outside_the_vocabulary_is_refused_with_its_terms(added: Project, words, template):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", template, "--mission", "d:shenzhou-11", "--outcome", words)
    assert result.exit_code != 0
    assert "use one of Failed, PartialSuccess, Succeeded" in result.output and files(added) == before


@pytest.mark.parametrize(("words", "outcome"), [
    ("success", "Succeeded"), ("successful", "Succeeded"), ("Failure", "Failed"), ("unsuccessful", "Failed"),
    ("partial", "PartialSuccess"), ("partly successful", "PartialSuccess"), ("Partially  successful", "PartialSuccess"),
    ("partial success", "PartialSuccess"), ("skg:PartialSuccess", "PartialSuccess"), ("partly succeeded", "PartialSuccess"),
])
@pytest.mark.parametrize("mission", ["d:shenzhou-11", "d:change-4-landing"])
def test_a_missions_outcome_is_recorded_and_claimed(added: Project, words, outcome, mission):
    result = run(added, "article", "fact", "a000", "L3.1", "outcome", "--mission", mission, "--outcome", words)
    assert result.exit_code == 0, result.output
    facts, node = graph(added, "a000", "L3.1"), f"<{D}{mission[2:]}>"
    claim = f"<{D}claim-a000-L3.1-{mission[2:]}-outcome>"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    assert facts == {(node, f"<{SKG}outcome>", f"<{SKG}{outcome}>"),
                     (claim, f"<{rdf}type>", f"<{SKG}StatementClaim>"), (claim, f"<{rdf}subject>", node),
                     (claim, f"<{rdf}predicate>", f"<{SKG}outcome>"), (claim, f"<{rdf}object>", f"<{SKG}{outcome}>")}


def test_an_outcome_of_what_is_no_event_is_refused(added: Project):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", "outcome", "--mission", "d:china", "--outcome", "failed")
    assert result.exit_code == ExitCode.USAGE and files(added) == before
    assert "is not a skg:Event" in result.output


@pytest.mark.parametrize(("tested", "kind", "event", "recorded", "vehicle"), [
    ("d:long-march", "flight", "long-march-test-flight", "TestFlight", "long-march"),
    ("Long March rocket", "Test flight", "long-march-test-flight", "TestFlight", "long-march"),
    ("d:change-4-lander", "flight", "change-4-lander-test-flight", "TestFlight", None),
    ("d:change-4-lander", "abort", "change-4-lander-abort-test", "AbortTest", None),
    ("d:change-4-lander", "pad-abort", "change-4-lander-abort-test", "AbortTest", None),
    ("d:change-4-lander", "in-flight abort", "change-4-lander-abort-test", "AbortTest", None),
    ("d:long-march", None, "long-march-test", "TestEvent", None),
])
def test_a_test_is_named_after_what_it_tested_and_a_rockets_test_flight_is_flown_by_it(
        added: Project, tested, kind, event, recorded, vehicle):
    result = run(added, "article", "fact", "a000", "L3.1", "test", "--tested", tested,
                 *(("--kind", kind) if kind else ()), "--when", "in 2017")
    assert result.exit_code == 0, result.output
    facts, node = graph(added, "a000", "L3.1"), f"<{D}{event}>"
    assert (node, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{SKG}{recorded}>") in facts
    assert {o for s, p, o in facts if s == node and p == f"<{SKG}testedItem>"} == {f"<{D}{tested.removeprefix('d:')}>"
                                                                                  if ":" in tested else f"<{D}long-march>"}
    assert {o for s, p, o in facts if s == node and p == f"<{SKG}launchVehicle>"} == (
        {f"<{D}{vehicle}>"} if vehicle else set())
    assert (node, f"<{SKG}timeExpression>", '"in 2017"@en') in facts


@pytest.mark.parametrize(("is_", "vehicle"), [(("--is", "d:long-march-10", "LaunchVehicle"), True),
                                             (("--is", "d:long-march-10", "Spacecraft"), False), ((), False)])
def test_a_new_thing_said_to_be_a_rocket_flies_its_own_test_flight(added: Project, is_, vehicle):
    result = run(added, "article", "fact", "a000", "L3.1", "test", "--tested", "d:long-march-10", "--kind", "flight",
                 *is_)
    assert result.exit_code == 0, result.output
    flown = (f"<{D}long-march-10-test-flight>", f"<{SKG}launchVehicle>", f"<{D}long-march-10>")
    assert (flown in graph(added, "a000", "L3.1")) == vehicle


@pytest.mark.parametrize(("answers", "refusal"), [
    (("--tested", "d:change-4-lander", "--kind", "abort", "--site", "d:xichang"), "--vehicle and --site are a launch's"),
    (("--tested", "d:change-4-lander", "--vehicle", "d:long-march"), "--vehicle and --site are a launch's"),
    (("--tested", "d:long-march", "--kind", "static fire"), "--kind 'static fire': give flight"),
    (("--tested", "China", "--kind", "flight"), "is not a skg:Artifact, which skg:testedItem takes"),
    (("--kind", "flight"), "Missing option '--tested'"),
])
def test_a_test_that_is_no_launch_or_of_no_artifact_is_refused(added: Project, answers, refusal):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", "test", *answers)
    assert result.exit_code == ExitCode.USAGE and refusal in result.output and files(added) == before


def test_a_test_passes_the_checks_and_one_without_what_it_tested_does_not(added: Project):
    for kind in ("flight", "abort"):
        assert run(added, "article", "fact", "a000", "L3.1", "test", "--tested", "d:change-4-lander", "--kind", kind,
                   "--outcome", "failed").exit_code == 0
    clean = run(added, "check", "--article", "a000")
    assert "shacl:TestEvent" not in clean.output and "article:unknown-term" not in clean.output, clean.output
    path = added.root / "data" / "facts" / "a000.trig"
    path.write_text(path.read_text(encoding="utf-8") + "\ng:a000-L3.1 {\n    d:untested a skg:AbortTest .\n}\n",
                    encoding="utf-8")
    found = run(added, "check", "--article", "a000").output
    assert "shacl:TestEvent" in found and "add skg:testedItem (--tested)" in found


@pytest.mark.parametrize(("kind", "recorded", "how"), [
    ("splashdown", "Splashdown", "splashdown"), ("Splash down", "Splashdown", "splashdown"),
    ("landing", "PropulsiveLanding", "propulsive landing"), ("propulsive landing", "PropulsiveLanding", "propulsive landing"),
    (None, "Recovery", "recovery"),
])
def test_a_recovery_is_named_after_what_came_back_and_how(added: Project, kind, recorded, how):
    result = run(added, "article", "fact", "a000", "L3.1", "recovery", "--item", "Long March rocket",
                 *(("--kind", kind) if kind else ()), "--site", "d:southern-china", "--mission", "d:change-4")
    assert result.exit_code == 0, result.output
    node, rdf_type = f"<{D}long-march-{how.replace(' ', '-')}>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    assert {(p, o) for s, p, o in graph(added, "a000", "L3.1") if s == node} == {
        (rdf_type, f"<{SKG}{recorded}>"), (f"<{SKG}recoveredItem>", f"<{D}long-march>"),
        (f"<{SKG}inRegion>", f"<{D}southern-china>"), (f"<{SKG}partOfMission>", f"<{D}change-4>"),
        ("<http://www.w3.org/2000/01/rdf-schema#label>", f'"Long March (rocket family) {how}"@en')}


@pytest.mark.parametrize(("answers", "refusal"), [
    (("--item", "d:long-march", "--kind", "catch"), "--kind 'catch': give splashdown"),
    (("--item", "China"), "is not a skg:Artifact, which skg:recoveredItem takes"),
    (("--item", "d:long-march", "--site", "d:change-4-lander"), "is not a skg:Place, which skg:inRegion takes"),
])
def test_a_recovery_of_no_artifact_or_in_no_place_is_refused(added: Project, answers, refusal):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", "recovery", *answers)
    assert result.exit_code == ExitCode.USAGE and refusal in result.output and files(added) == before


def test_a_recovery_passes_the_checks_and_one_without_what_came_back_does_not(added: Project):
    assert run(added, "article", "fact", "a000", "L3.1", "recovery", "--item", "d:long-march", "--kind", "splashdown",
               "--when", "in 2017").exit_code == 0
    clean = run(added, "check", "--article", "a000")
    assert "shacl:Recovery" not in clean.output and "article:unknown-term" not in clean.output, clean.output
    path = added.root / "data" / "facts" / "a000.trig"
    path.write_text(path.read_text(encoding="utf-8") + "\ng:a000-L3.1 {\n    d:nothing-back a skg:Splashdown .\n}\n",
                    encoding="utf-8")
    found = run(added, "check", "--article", "a000").output
    assert "shacl:Recovery" in found and "add skg:recoveredItem (--item)" in found


@pytest.mark.parametrize(("method", "recorded"), [("drilling", "Drilling"), ("drilled", "Drilling"), ("Scooping", "Scooping"),
                                                 ("scoop", "Scooping"), (None, "Sampling")])
@pytest.mark.parametrize(("mass", "grams"), [("1,935.3 grams", "1935.3"), ("1935.3 g", "1935.3"), ("1.7 kg", "1700"),
                                             ("2 kilograms", "2000"), ("731g", "731"), ("0.5 Kg", "500")])
def test_a_sampling_records_how_and_how_many_grams_with_the_claim_of_the_mass(added: Project, method, recorded, mass,
                                                                                grams):
    result = run(added, "article", "fact", "a000", "L3.1", "sampling", "--mission", "d:change-4", "--spacecraft",
                 "d:change-4-lander", *(("--method", method) if method else ()), "--mass", mass)
    assert result.exit_code == 0, result.output
    node = f"<{D}change-4-{recorded.lower()}>"
    claim, rdf = f"<{D}claim-a000-L3.1-change-4-{recorded.lower()}-mass>", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    weight = f'"{grams}"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    facts = graph(added, "a000", "L3.1")
    assert {(node, f"<{rdf}type>", f"<{SKG}{recorded}>"), (node, f"<{SKG}collectedMassGrams>", weight),
            (node, f"<{SKG}hasParticipant>", f"<{D}change-4-lander>"), (node, f"<{SKG}partOfMission>", f"<{D}change-4>"),
            (claim, f"<{rdf}subject>", node), (claim, f"<{rdf}predicate>", f"<{SKG}collectedMassGrams>"),
            (claim, f"<{rdf}object>", weight)} <= facts


@given(st.decimals(min_value=1, max_value=99999, places=1),
       st.sampled_from([("g", 1), ("kilograms", 1000), ("pounds", Decimal("453.59237")), ("oz", Decimal("28.349523125")),
                        ("tonnes", 10**6)]), st.sampled_from(["", "about ", "more than ", "nearly "]))
def test_a_mass_in_any_unit_is_its_grams_and_a_hedge_its_bound(number, unit, hedged):
    from spacekg.curation.templates import _grams, hedge

    bound, amount = hedge(f"{hedged}{number} {unit[0]}")
    assert _grams(amount) == number * unit[1]
    assert bound == {"": None, "about ": "About", "more than ": "MoreThan", "nearly ": "Nearly"}[hedged]
    # The same mass restated in brackets in other units, rounded as articles round it, is left out.
    other = (number * unit[1] / Decimal("453.59237")).quantize(Decimal("0.1"))
    if other >= 10:
        assert _grams(f"{number} {unit[0]} ({other} lb)") == _grams(f"{number} {unit[0]} (about {other} lb)") \
            == number * unit[1]


@given(st.integers(1, 999), st.sampled_from([("kg", 1000), ("kilos", 1000), ("t", 10**6), ("tonne", 10**6),
                                                ("lb", Decimal("453.59237"))]),
       st.sampled_from(["{n} {u}", "{n}{u}", "{n}-{u}", "{w} {u}", "{w}-{u}"]),
       st.sampled_from(["", "about ", "{}-plus", "{} or so"]))
def test_a_mass_is_read_as_news_copy_writes_it(number, unit, form, hedged):
    """Figures or words, the unit after a space, against the number or joined by a hyphen ("a
    100-tonne station"), and a hedge before or after."""
    from spacekg.curation.templates import _grams, hedge

    words = " ".join(num2words(number))
    written = form.format(n=number, w=words, u=unit[0])
    if "{}" in hedged:
        if "{w}" in form or "{n}{u}" in form or "{n}-" in form:
            return  # a hedge after the number joins figures spaced from their unit
        written = hedged.format(number) + written.removeprefix(str(number))
    else:
        written = hedged + written
    bound, amount = hedge(written)
    assert _grams(amount) == number * unit[1]
    assert bound == ({"": None, "about ": "About", "{}-plus": "AtLeast", "{} or so": "About"}[hedged])


def num2words(number: int) -> list[str]:
    """``number`` (under a thousand) in English words, as cardinal() reads them."""
    units = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
             "sixteen seventeen eighteen nineteen").split()
    tens = "twenty thirty forty fifty sixty seventy eighty ninety".split()
    out = []
    if number >= 100:
        out += [units[number // 100], "hundred"] + (["and"] if number % 100 else [])
        number %= 100
        if not number:
            return out
    if number < 20:
        return out + [units[number]]
    return out + [tens[number // 10 - 2] + ("-" + units[number % 10] if number % 10 else "")]


@pytest.mark.parametrize(("words", "number"), [("two dozen", 24), ("a dozen", 12), ("three thousand two hundred", 3200),
                                               ("a million", 10**6), ("one million two thousand and five", 1002005),
                                               ("two thousand thousand", None), ("twenty eleven", None)])
def test_a_whole_number_in_words_is_read_with_its_scale(words, number):
    from spacekg.curation.templates import cardinal

    assert cardinal(words) == number


@pytest.mark.parametrize(("mass", "message"), [
    ("2 kilograms (6 pounds)", "the bracket's '6 pounds' is 2721.55422 grams, not the 2000 grams before it"),
    ("2 tons", "a ton may be short (907 kg), long (1,016 kg) or metric (1,000 kg)"),
    ("2 bags", "give the mass with its unit (1,935.3 grams, 1.7 kg, 4.4 pounds)"),
])
def test_a_mass_the_template_cannot_read_as_one_mass_is_refused(added: Project, mass, message):
    result = run(added, "article", "fact", "a000", "L3.1", "sampling", "--mission", "d:change-4", "--mass", mass)
    assert result.exit_code == ExitCode.USAGE and message in result.output


def test_a_hedged_mass_is_a_bound_of_the_claim_not_the_samplings_mass(added: Project):
    result = run(added, "article", "fact", "a000", "L3.1", "sampling", "--mission", "d:change-4", "--mass",
                 "about 2 kilograms (4.4 pounds)")
    assert result.exit_code == 0, result.output
    facts = graph(added, "a000", "L3.1")
    claim = f"<{D}claim-a000-L3.1-change-4-sampling-mass>"
    assert (claim, f"<{SKG}claimedBound>", f"<{SKG}About>") in facts
    assert (claim, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>",
            '"2000"^^<http://www.w3.org/2001/XMLSchema#decimal>') in facts
    assert not any(p == f"<{SKG}collectedMassGrams>" for _, p, _ in facts)


def test_a_sampling_given_its_name_keeps_the_claim_of_its_mass_apart(added: Project):
    result = run(added, "article", "fact", "a000", "L3.1", "sampling", "--id", "d:change-4-drill", "--mission",
                 "d:change-4", "--mass", "2 kg")
    assert result.exit_code == 0, result.output
    kinds = {(s, o) for s, p, o in graph(added, "a000", "L3.1") if p.endswith("#type>")}
    assert kinds == {(f"<{D}change-4-drill>", f"<{SKG}Sampling>"),
                     (f"<{D}claim-a000-L3.1-change-4-drill-mass>", f"<{SKG}StatementClaim>")}


@pytest.mark.parametrize(("answers", "refusal"), [
    (("--mission", "d:change-4", "--mass", "4 stone"), "--mass '4 stone': give the mass with its unit"),
    (("--mission", "d:change-4", "--mass", "1935.3"), "--mass '1935.3': give the mass with its unit"),
    (("--mission", "d:change-4", "--method", "coring"), "--method 'coring': give drilling or scooping"),
    (("--mass", "2 kg",), "the sampling template needs --id to name the sampling (or --mission or --spacecraft"),
    (("--mission", "d:change-4", "--site", "d:change-4-lander"), "is not a skg:Place, which skg:inRegion takes"),
])
def test_a_sampling_without_a_mass_unit_or_a_name_is_refused(added: Project, answers, refusal):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", "sampling", *answers)
    assert result.exit_code == ExitCode.USAGE and refusal in result.output and files(added) == before


@pytest.mark.parametrize(("template", "answers", "hint"), [
    ("launch", ("--payload", "d:change-4"), ", or give it with --mission"),
    ("launch", ("--site", "d:long-march"), ", or give it with --vehicle"),
    ("landing", ("--spacecraft", "d:change-4"), ", or give it with --mission"),
    ("landing", ("--body", "d:long-march"), None),
    ("docking", ("--mission", "d:shenzhou-11", "--with", "d:long-march"), None),
    # "Chang'e-6 aims to return samples": the mission is what the plan is of, not who plans it.
    ("plan", ("--by", "d:change-6", "--goal", "return samples", "--event-type", "SampleReturn"),
     ", or give it with --object"),
    ("plan", ("--by", "d:change-4-lander", "--goal", "land", "--event-type", "SoftLanding"),
     ", or give it with --object"),
    ("plan", ("--by", "d:moon", "--goal", "land", "--event-type", "SoftLanding"), ", or give it with --target"),
    ("sample-return", ("--mission", "d:change-5", "--region", "d:moon"), ", or give it with --from"),
])
def test_a_thing_given_for_an_answer_of_another_kind_is_refused_naming_the_answer_its_kind_fits(
        added: Project, template, answers, hint):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", template, "--id", "d:some-event", *answers)
    assert result.exit_code == ExitCode.USAGE and "give another answer" in result.stderr, result.output
    assert (hint in result.stderr) if hint else ", or give it with" not in result.stderr
    assert files(added) == before


def test_a_sample_returns_site_on_the_moon_is_refused_pointing_to_where_the_samples_came_from(added: Project):
    # --site is where on Earth the capsule came down; the far side is where the samples were collected.
    before = files(added)
    result = run(added, "article", "fact", "a000", "L5.1", "sample-return", "--mission", "Chang'e 6", "--site",
                 "far side of the Moon")
    assert result.exit_code == ExitCode.USAGE and "give where the samples were collected with --region" in result.stderr
    assert files(added) == before


@pytest.mark.parametrize(("mission", "when", "event"), [("Chang'e 6", "on June 25, 2024", "change-6-return"),
                                                        ("d:change-5", "on Dec. 17, 2020", "change-5-return")])
def test_a_sample_return_is_the_missions_return_in_the_shape_the_background_cites(added: Project, mission, when, event):
    result = run(added, "article", "fact", "a000", "L5.1", "sample-return", "--mission", mission, "--by", "China",
                 "--when", when, "--tz", "+08:00")
    assert result.exit_code == 0, result.output
    made = {(p, o) for s, p, o in graph(added, "a000", "L5.1") if s == f"<{D}{event}>"}
    assert {(f"<{SKG}partOfMission>", f"<{D}{event.removesuffix('-return')}>"), (f"<{SKG}achievedBy>", f"<{D}china>"),
            ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{SKG}SampleReturn>"),
            (f"<{SKG}timePrecision>", f"<{SKG}PrecisionDay>")} <= made


# "was launched ... on November 24, touched down on the moon a week later" (South China Morning
# Post, 17 December 2020); here counted from Chang'e 4's launch, which the background dates to the
# minute (2018-12-07T18:23Z).
@pytest.mark.parametrize(("when", "earliest", "latest", "precision"), [
    ("a week later", "2018-12-11T18:23:00Z", "2018-12-17T18:23:00Z", "PrecisionWeek"),
    ("about 3 hours after the launch", "2018-12-07T20:53:00Z", "2018-12-07T21:53:00Z", "PrecisionDay"),
    ("two days later", "2018-12-09T18:23:00Z", "2018-12-09T18:23:00Z", "PrecisionMinute"),
])
def test_a_time_counted_from_another_event_is_that_events_window_shifted(added: Project, when, earliest, latest,
                                                                       precision):
    result = run(added, "article", "fact", "a000", "L5.1", "landing", "--spacecraft", "d:change-4-lander",
                 "--when", when, "--after", "d:change-4-launch")
    assert result.exit_code == 0, result.output
    assert f"{when!r} is counted from the time of d:change-4-launch" in result.stdout
    made = {(p.removeprefix(f"<{SKG}").rstrip(">"), o.split('"')[1] if '"' in o else o)
            for s, p, o in graph(added, "a000", "L5.1") if s == f"<{D}change-4-lander-landing>"}
    assert {("earliestTime", earliest), ("latestTime", latest), ("timeExpression", when)} <= made
    assert ("timePrecision", f"<{SKG}{precision}>") in made
    assert ("countedFrom", f"<{D}change-4-launch>") in made
    assert not any(p == "timeAnchor" for p, _ in made)


def redate(project: Project, instant: str) -> None:
    """Date Chang'e 4's launch at ``instant`` in the project's background, as a correction would."""
    background = project.data_dir / "background.trig"
    text = background.read_text(encoding="utf-8")
    assert text.count('"2018-12-07T18:23:00Z"') == 1
    background.write_text(text.replace('"2018-12-07T18:23:00Z"', f'"{instant}"'), encoding="utf-8")


def recounts(project: Project) -> list[Problem]:
    return [p for p in article_problems(project, project_quads(project), only="a000")
            if p.location == "a000 L5.1 d:change-4-lander-landing"]


# The count, its unit and its hedge each decide the window; re-dating the launch by a minute, an
# hour or a day moves every one of them.
@pytest.mark.parametrize("when", ["a week later", "two days later", "about 3 hours after the launch", "the next day",
                                  "nearly a month later", "more than 40 minutes later", "a year later",
                                  "roughly 2 days after the launch"])
@pytest.mark.parametrize("instant", ["2018-12-07T18:24:00Z", "2018-12-07T19:23:00Z", "2018-12-08T18:23:00Z"])
def test_a_time_counted_from_an_event_re_dated_since_is_named_with_how_to_count_again(added: Project, when, instant):
    result = run(added, "article", "fact", "a000", "L5.1", "landing", "--spacecraft", "d:change-4-lander",
                 "--when", when, "--after", "d:change-4-launch")
    assert result.exit_code == 0, result.output
    assert recounts(added) == []
    redate(added, instant)
    found = recounts(added)
    assert [(p.severity, p.check) for p in found] == [("warning", "article:dates")], found
    assert f'"{when}" is counted from d:change-4-launch, whose window in the project now gives' in found[0].message
    assert (f'from g:a000-L5.1 in data/facts/a000.trig and give the words again with --when "{when}" '
            "--after d:change-4-launch") in found[0].message


def test_spacekg_check_warns_of_a_count_from_an_event_no_longer_dated(added: Project):
    result = run(added, "article", "fact", "a000", "L5.1", "landing", "--spacecraft", "d:change-4-lander",
                 "--when", "a week later", "--after", "d:change-4-launch")
    assert result.exit_code == 0, result.output
    background = added.data_dir / "background.trig"
    text = background.read_text(encoding="utf-8")
    background.write_text(text.replace('skg:time "2018-12-07T18:23:00Z"^^xsd:dateTime ; ', ""), encoding="utf-8")
    checked = run(added, "check", "--article", "a000")
    assert ("warning article:dates a000 L5.1 d:change-4-lander-landing \"a week later\" is counted from d:change-4-launch, which no "
            "longer gives a window to count from (--after d:change-4-launch: the project gives it no time"
            in " ".join(checked.output.split())), checked.output


def test_a_time_of_a_plan_is_not_counted_from_an_event(added: Project):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L5.1", "plan", "--goal", "land again", "--by", "China", "--event-type", "Landing",
                 "--when", "a year later", "--after", "d:change-4-launch")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "d:plan-a000-land-again is no event (skg:Plan, skg:ReportedPlan): give its period with --date" in result.output
    assert files(added) == before


@pytest.mark.parametrize(("answers", "refusal"), [
    (("--when", "a week later", "--after", "d:yutu-2"), "--after d:yutu-2: the project gives it no time"),
    (("--when", "a week later", "--after", "d:change-4-launch", "--date", "2018-12"), "give one"),
    (("--after", "d:change-4-launch",), "--after needs the words that count from the event"),
    (("--when", "in January", "--after", "d:change-4-launch"), "'in January' counts none"),
])
def test_a_count_from_an_event_the_project_cannot_date_from_is_refused(added: Project, answers, refusal):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L5.1", "landing", "--spacecraft", "d:change-4-lander", *answers)
    assert result.exit_code == ExitCode.USAGE and refusal in result.output, result.output
    assert files(added) == before


# "The Chinese probe completed its 23-day space mission and landed in Siziwang Banner of the Inner
# Mongolia region" (South China Morning Post, 17 December 2020).
@pytest.mark.parametrize(("mission", "site"), [("d:change-5", "d:inner-mongolia"), ("Chang'e 6", "d:siziwang-banner"),
                                               ("d:change-5", "d:dongfeng-landing-site")])
def test_a_sample_return_says_where_the_capsule_came_down(added: Project, mission, site):
    result = run(added, "article", "fact", "a000", "L5.1", "sample-return", "--mission", mission, "--site", site,
                 "--is", site, "AdministrativeRegion")
    assert result.exit_code == 0, result.output
    event = f"{mission.removeprefix('d:').replace(chr(39), '').replace(' ', '-').lower()}-return"
    made = {(p, o) for s, p, o in graph(added, "a000", "L5.1") if s == f"<{D}{event}>"}
    slug_ = site.removeprefix("d:").replace(" ", "-").lower()
    assert (f"<{SKG}inRegion>", f"<{D}{slug_}>") in made


@pytest.mark.parametrize("body", ["Earth", "Moon", "d:mars"])
def test_a_sample_returns_site_is_no_celestial_body(added: Project, body):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L5.1", "sample-return", "--mission", "d:change-5", "--site", body)
    assert result.exit_code == ExitCode.USAGE and "is a celestial body: give the place on Earth" in result.output
    assert files(added) == before


@pytest.mark.parametrize(("template", "answers", "event", "label"), [
    ("launch", ("--mission", "d:shenzhou-11"), "shenzhou-11-launch", "Shenzhou 11 launch"),
    ("launch", ("--payload", "d:yutu-2"), "yutu-2-launch", "Yutu-2 launch"),
    ("landing", ("--spacecraft", "d:yutu-2"), "yutu-2-landing", "Yutu-2 landing"),
    ("docking", ("--mission", "d:shenzhou-11", "--with", "d:tiangong-1"), "shenzhou-11-docking", None),  # curated
    ("landing", ("--mission", "d:change-4"), "change-4-landing", None),                                # curated
    ("sample-return", ("--mission", "d:shenzhou-11"), "shenzhou-11-return", "Shenzhou 11 sample return"),
    ("sample-return", ("--mission", "d:change-6"), "change-6-return", None),                           # cited
    ("launch", ("--id", "d:test-launch", "--mission", "d:shenzhou-11"), "test-launch", None),          # its own name
    ("launch", ("--id", "d:test-launch", "--vehicle", "d:long-march-3b"), "test-launch", "Long March 3B launch"),
    ("event", ("--id", "d:test-orbit", "--class", "OrbitInsertion", "--participant", "d:yutu-2"), "test-orbit",
     "Yutu-2 orbit insertion"),
    ("event", ("--id", "d:test-orbit", "--class", "OrbitInsertion", "--participant", "d:yutu-2", "--participant",
               "d:change-4-lander"), "test-orbit", None),                                                # two: no one name
])
def test_a_new_event_a_template_names_is_labelled_after_what_it_is_named_after(
        added: Project, template, answers, event, label: str | None):
    result = run(added, "article", "fact", "a000", "L3.1", template, *answers)
    assert result.exit_code == 0, result.output
    labels = {o for s, p, o in graph(added, "a000", "L3.1") if s == f"<{D}{event}>" and p.endswith("#label>")}
    assert labels == ({f'"{label}"@en'} if label else set())


@pytest.mark.parametrize(("node", "note"), [
    ("d:xichang", "note: --id names d:xichang (Xichang Satellite Launch Center; skg:LaunchSite), already in the "
                  "project: these facts are about it"),
    ("launch-of-something-new", None),
])
def test_an_id_that_names_a_known_entity_is_pointed_out(added: Project, node, note):
    result = run(added, "article", "fact", "a000", "L3.1", "launch", "--id", node, "--vehicle", "Long March rocket")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stdout.splitlines() if line.startswith("note:")]
    assert notes == ([note] if note else [])


@pytest.mark.parametrize(("first", "second", "event"), [
    (("L3.1", "landing", "--mission", "d:shenzhou-11", "--body", "Moon"),
     ("L5.1", "landing", "--mission", "d:shenzhou-11", "--body", "Earth"), "shenzhou-11-landing"),
    (("L3.1", "launch", "--mission", "d:shenzhou-11", "--vehicle", "Long March rocket"),
     ("L9.1", "launch", "--mission", "d:shenzhou-11"), "shenzhou-11-launch"),
    (None, ("L5.1", "landing", "--mission", "d:change-4"), "change-4-landing"),  # the background's
])
def test_an_event_named_after_its_mission_that_the_project_has_is_pointed_out(added: Project, first, second,
                                                                               event: str):
    def notes(*answers: str) -> list[str]:
        result = run(added, "article", "fact", "a000", *answers)
        assert result.exit_code == 0, result.output
        return [line for line in result.stdout.splitlines() if line.startswith(f"note: d:{event} (")]

    assert not first or notes(*first) == []
    said = notes(*second)
    assert len(said) == 1 and said[0].endswith(
        "is the name the template gives the event, and the project has it already: these facts are about it; if the "
        "sentence tells of another event, remove them from data/facts/a000.trig and give it its own --id")
    assert notes(*second) == []  # run again, the template adds to what it made in the sentence


def test_templates_set_the_modality_and_attribution_of_the_sentence(added: Project):
    run(added, "article", "fact", "a000", "L15.1", "report", "--outlet", "Global Times")
    run(added, "article", "fact", "a000", "L35.3", "plan", "--id", "mars-rover-mid-2020s", "--by", "China",
        "--event-type", "LaunchEvent", "--target", "Mars", "--goal", "the launch of a Mars Rover", "--when", "mid-2020s")
    run(added, "article", "fact", "a000", "L9.1", "ordinal", "--id", "first-soft-landing", "--holder", "China",
        "--record", "lunar soft landing", "--first", "--modality", "Expected")
    provenance = (added.data_dir / "facts" / "a000.trig").read_text()
    assert ("g:a000-L15.1 skg:statedIn src:a000-L15.1 ; skg:modality skg:Reported ;\n        skg:source src:a000 ;\n"
            "        skg:attributedTo d:global-times .") in provenance
    assert "g:a000-L35.3 skg:statedIn src:a000-L35.3 ; skg:modality skg:Planned ;" in provenance
    assert "g:a000-L9.1 skg:statedIn src:a000-L9.1 ; skg:modality skg:Expected ;" in provenance
    made = {(s.replace("a000", "a002"), p, o) for s, p, o in graph(added, "a000", "L35.3")}
    assert made == curated("a002", "L35.3")


@pytest.mark.parametrize("second", [("report", "--outlet", "Global Times"), ("quote", "--speaker", "d:xi-jinping")])
def test_a_second_attribution_of_a_sentences_facts_is_refused_and_the_file_kept(added: Project, second):
    first = ("report", "--outlet", "d:xinhua") if second[0] == "quote" else ("quote", "--speaker", "d:xi-jinping")
    facts = added.data_dir / "facts" / "a000.trig"
    assert run(added, "article", "fact", "a000", "L15.1", *first).exit_code == 0
    before = facts.read_bytes()
    result = run(added, "article", "fact", "a000", "L15.1", *second)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "a000 L15.1: its facts are attributed to " in result.stderr and "one attribution" in result.stderr
    assert facts.read_bytes() == before
    again = run(added, "article", "fact", "a000", "L15.1", *first)
    assert again.exit_code == 0 and " was " not in again.stdout


def test_a_template_that_changes_a_sentences_modality_says_so(added: Project):
    landing = ("landing", "--id", "d:change-4-landing", "--body", "Moon")
    assert " was " not in run(added, "article", "fact", "a000", "L3.1", *landing).stdout
    result = run(added, "article", "fact", "a000", "L3.1", *landing, "--modality", "expected")
    assert result.exit_code == 0, result.output
    assert "note: modality was skg:Asserted, now skg:Expected, for every fact of the sentence" in result.stdout
    quoted = run(added, "article", "fact", "a000", "L3.1", "quote", "--speaker", "d:xi-jinping")
    assert "note: modality was skg:Expected, now skg:Reported" in quoted.stdout


@pytest.mark.parametrize("args", [
    ("plan", "--by", "China", "--by", "Russia", "--event-type", "Construction", "--target", "Moon", "--goal", "a base"),
    ("launch", "--id", "d:x", "--vehicle", "d:long-march", "--vehicle", "d:long-march-3b"),
    ("count", "--holder", "China", "--kind", "SpaceStation", "--count", "2", "--count", "3"),
    ("landing", "--id", "d:x", "--when", "On Friday", "--when", "On Monday"),
    ("ordinal", "--holder", "China", "--record", "LunarSoftLanding", "--rank", "3", "--rank", "2"),
])
def test_an_answer_that_takes_one_value_given_twice_is_refused_not_overwritten(added: Project, args):
    # Click keeps the last of an option given twice: "--by China --by Russia" was a plan of Russia's.
    before = files(added)
    result = run(added, "article", "fact", "a000", "L9.1", *args)
    assert result.exit_code == ExitCode.USAGE and "given 2 times" in result.output, result.output
    assert files(added) == before


@pytest.mark.parametrize("args", [("exclude", "a000", "L1.1", "--reason", "headline", "--reason", "advert"),
                                  ("goal", "a000", "d:plan", "--serves", "a", "--serves", "b")])
def test_a_curation_option_that_takes_one_value_given_twice_is_refused(added: Project, args):
    before = files(added)
    result = run(added, "article", *args)
    assert result.exit_code == ExitCode.USAGE and "given 2 times" in result.output, result.output
    assert files(added) == before


def test_answers_that_repeat_still_take_several(added: Project):
    result = run(added, "article", "fact", "a000", "L9.1", "only", "--holder", "China", "--holder", "United States",
                 "--among", "Country", "--record", "SoftLanding", "--destination", "Moon", "--is", "d:x", "Place",
                 "--is", "d:y", "Place")
    assert result.exit_code == 0, result.output
    assert "skg:recordHolder d:china , d:united-states" in result.stdout


@pytest.mark.parametrize("basis", ["local time", "Local time", "the sentence says Beijing time", "as written"])
def test_a_zone_basis_that_says_the_sentence_gives_the_zone_is_stated(added: Project, basis):
    # "at 2:07 p.m. local time": the help's own example of a stated zone.
    result = run(added, "article", "fact", "a000", "L15.1", "time-of-day", "--about", "d:change-4-launch", "--clock",
                 "2pm", "--utc-offset", "+08:00", "--zone-basis", basis)
    assert result.exit_code == 0, result.output
    assert f'skg:zoneBasis "stated ({basis})"' in result.stdout


@pytest.mark.parametrize(("written", "outcome"), [
    ("a success", "Succeeded"), ("was a success", "Succeeded"), ("proved successful", "Succeeded"),
    ("ended in failure", "Failed"), ("a failure", "Failed"), ("exploded", "Failed"),
    ("failed to reach orbit", "Failed"), ("did not reach orbit", "Failed"), ("was lost", "Failed"),
    ("a partial success", "PartialSuccess"), ("turned out to be a partial success", "PartialSuccess")])
def test_an_outcome_in_the_sentences_words_is_that_outcome(added: Project, written, outcome):
    # "A first attempt in December failed", "the rocket exploded": what sentences write.
    result = run(added, "article", "fact", "a000", "L3.1", "launch", "--id", "d:x", "--outcome", written)
    assert result.exit_code == 0, result.output
    assert (f"<{D}x>", f"<{SKG}outcome>", f"<{SKG}{outcome}>") in graph(added, "a000", "L3.1")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("L99.1", "plan", "--by", "China", "--goal", "x", "--event-type", "LaunchEvent"), ExitCode.USAGE,
     "a000 has no sentence 'L99.1'; did you mean"),
    (("L3.1", "launch", "--id", "d:x", "--when", "a year later"), ExitCode.USAGE,
     "cannot resolve the time expression 'a year later': give the period with --date"),
    (("L3.1", "plan", "--by", "China", "--goal", "x", "--event-type", "LaunchEvnt"), ExitCode.USAGE,
     "'LaunchEvnt' is not a class of the ontology; did you mean LaunchEvent"),
    (("L15.1", "time-of-day", "--about", "d:change-4-launch", "--clock", "2pm", "--utc-offset", "IST"), ExitCode.USAGE,
     "--utc-offset 'IST': give the UTC offset as +HH:MM, e.g. +05:30 (IST names India (+05:30), Irish (+01:00) or Israel (+02:00) Standard Time)"),
    (("L15.1", "time-of-day", "--about", "d:change-4-launch", "--clock", "2pm", "--utc-offset", "+08:00",
      "--zone-basis", "banana"), ExitCode.USAGE, "--zone-basis 'banana': say which zone it is"),
    (("L3.1", "launch", "--when", "On Friday"), ExitCode.USAGE,
     "the launch template needs --id to name the launch (or --mission or --payload to name it after)"),
    (("L3.1", "launch", "--id", "d:x", "--when", "7 December 2018", "--date", "2019-01-01"), ExitCode.USAGE,
     "--date 2019-01-01 is not within '7 December 2018', which gives 2018-12-07 .. 2018-12-07"),
    (("L3.1", "launch", "--id", "d:x", "--when", "in December 2018", "--date", "2018-11..2018-12"), ExitCode.USAGE,
     "--date 2018-11..2018-12 is not within 'in December 2018'"),
    (("L9.1", "ordinal", "--holder", "China", "--record", "LunarSoftLanding", "--first", "--rank", "3"),
     ExitCode.USAGE, "--first is rank 1, and --rank says 3: give one of them"),
    (("L3.1", "report", "--outlet", "Global Times", "--modality", "rumoured"), ExitCode.USAGE,
     "'rumoured' is not a modality of the ontology; use one of Asserted, Expected ('it is expected that', "
     "'is expected to', 'hopes to'), Hedged ('is thought to'), Hypothetical ('if successful, would'), Planned "
     "('plans to', 'aims to', 'is scheduled to', 'is set to', 'will', 'by 2020'), Reported ('state news media "
     "reported', 'according to')"),
    (("L3.1", "launch", "--id", "d:x", "--outcome", "unclear"), ExitCode.USAGE,
     "'unclear' is not an event outcome of the ontology; use one of Failed, PartialSuccess, Succeeded"),
    (("L3.1", "launch", "--id", "d:x", "--site", "Xichang Centre"), ExitCode.USAGE,
     "no entity is named 'Xichang Centre'; did you mean d:xichang (Xichang Satellite Launch Center)?"),
    (("L3.1", "launch", "--id", "d:x", "--site", "Xichang Satelite Launch Centre"), ExitCode.USAGE,
     "did you mean d:xichang (Xichang Satellite Launch Center)?"),
    (("L3.1", "landing", "--id", "d:x", "--when", "On Friday", "--tz", "8"), ExitCode.USAGE,
     "--tz '8': give the UTC offset as +HH:MM"),
    (("L3.1", "rocket"), ExitCode.USAGE, "No such command 'rocket'"),
    (("L3.1", "thing", "--entity", "d:change-4>"), ExitCode.USAGE, "'d:change-4>' is not a valid IRI"),
    (("L3.1", "docking", "--with", "d:tiangong-2"), ExitCode.USAGE, "Missing option '--mission'"),
])
def test_bad_answers_are_usage_errors_that_leave_the_file_as_it_was(added: Project, args, code, message):
    before = files(added)
    result = run(added, "article", "fact", "a000", *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert files(added) == before


@pytest.mark.parametrize(("sentence_id", "answers"), [
    ("L15.1", ("time-of-day", "--id", "launch-time", "--about", "d:change-4-launch", "--clock", "14:23",
               "--utc-offset", "+08:00", "--zone-basis", "the zone the sentence states: local time in China (UTC+8)",
               "--words", "2:23 pm local time",
               "--description", "the launch took place in China at 2:23 pm local time")),
    ("L31.1", ("superlative", "--id", "first-rover-since-1976", "--holder", "Chang'e 3 vehicle",
               "--words", "the first rover to land on the moon since 1976", "--record", "LunarSoftLanding",
               "--among", "Rover", "--since", "1976")),
    ("L35.2", ("count", "--id", "station-count", "--holder", "China", "--kind", "SpaceStation", "--count", "2",
               "--description", "space stations brought into orbit")),
])
def test_claim_templates_give_the_curated_claim_nodes(added: Project, sentence_id, answers):
    result = run(added, "article", "fact", "a000", sentence_id, *answers)
    assert result.exit_code == 0, result.output
    made = {(s.replace("a000", "a002"), p, o) for s, p, o in graph(added, "a000", sentence_id)}
    # The claim node the template made, as curated; the sentence may hold other claims besides.
    claims = {t for t in curated("a002", sentence_id) if t[0] in {s for s, _, _ in made}}
    assert made == claims and all("/claim-" in s for s, _, _ in made)


@pytest.mark.parametrize(("clock", "offset"), [
    ("14:23", "+08:00"), ("2:23 pm", "+8"), ("2.23 p.m.", "UTC+8"), ("2:23 PM", "+0800"), ("1423", "GMT+08"),
])
def test_a_clock_time_and_an_offset_in_any_usual_spelling_give_the_same_claim(added: Project, clock, offset):
    result = run(added, "article", "fact", "a000", "L15.1", "time-of-day", "--id", "t", "--about",
                 "d:change-4-launch", "--clock", clock, "--utc-offset", offset)
    assert result.exit_code == 0, result.output
    made = {(p.rsplit("#", 1)[-1].rstrip(">"), o) for _, p, o in graph(added, "a000", "L15.1")}
    assert {("claimedTimeOfDay", '"14:23"'), ("claimedUtcOffset", '"+08:00"')} <= made


@pytest.mark.parametrize(("clock", "offset"), [
    ("7:18 a.m. Beijing time", "+08:00"), ("at 0718 hours Beijing time", "+08:00"), ("7.18am BJT", "+08:00"),
    ("2318 GMT", "+00:00"), ("23:18 UTC", "+00:00"), ("6:18 p.m. EST", "-05:00"), ("at 11:18 pm GMT+0", "+00:00"),
])
def test_a_zone_written_with_the_clock_time_is_its_stated_offset(added: Project, clock, offset):
    result = run(added, "article", "fact", "a000", "L15.1", "time-of-day", "--id", "t", "--about",
                 "d:change-4-launch", "--clock", clock)
    assert result.exit_code == 0, result.output
    made = {(p.rsplit("#", 1)[-1].rstrip(">"), o) for _, p, o in graph(added, "a000", "L15.1")}
    assert {("claimedUtcOffset", f'"{offset}"'), ("zoneBasis", '"stated"')} <= made
    assert {o for p, o in made if p == "claimedTimeOfDay"} <= {'"07:18"', '"23:18"', '"18:18"'}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2030, 1, 1)),
       # Between -10:00 and +12:00 one offset alone fits (+13:00 is -11:00 a day on).
       quarters=st.integers(-10 * 4 + 1, 12 * 4 - 1),
       zone=st.sampled_from(["GMT", "UTC"]),
       form=st.sampled_from(["at {clock} ({other} {zone})", "at about {clock} ({other} {zone})",
                             "{clock} local time ({other} {zone})"]))
def test_a_clock_time_restated_in_gmt_is_stated_at_the_offset_between_the_two(added: Project, at, quarters, zone,
                                                                               form):
    # Reuters: "at about 2:07 p.m. (0607 GMT)" is at +08:00, whatever the article's --tz.
    offset = datetime.timedelta(minutes=15 * quarters)
    local = at + offset
    words = form.format(clock=f"{local:%I:%M} {'p.m.' if local.hour >= 12 else 'a.m.'}", other=f"{at:%H%M}", zone=zone)
    result = _timed_launch(added, f"{local:%H:%M}", words)
    assert result.exit_code == 0, result.output
    assert f'skg:claimedUtcOffset "{_offset_text(offset)}"' in result.stdout
    assert "skg:zoneBasis \"stated: the bracket restates the time in another zone\"" in result.stdout


def _timed_launch(added: Project, clock: str, words: str):
    """The time-of-day template's answer for a000 L15.1's launch, the facts file left as it was."""
    graph_file = added.data_dir / "facts" / "a000.trig"
    before = graph_file.read_bytes()
    result = run(added, "article", "fact", "a000", "L15.1", "time-of-day", "--id", "t", "--about",
                 "d:change-4-launch", "--clock", clock, "--words", words)
    graph_file.write_bytes(before)
    return result


def _offset_text(offset: datetime.timedelta) -> str:
    sign, size = ("-" if offset < datetime.timedelta(0) else "+"), abs(offset)
    hours, minutes = divmod(size // datetime.timedelta(minutes=1), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


@pytest.mark.parametrize(("clock", "more", "message"), [
    ("7:18 a.m. Beijing time", ("--utc-offset", "+00:00"), "is at UTC+08:00, and --utc-offset says +00:00"),
    ("7:18 Eastern time", (), "that zone has more than one UTC offset in a year"),
    ("7:18 CST", (), "CST names China Standard Time (+08:00) or US Central Standard Time (-06:00); give the clock "
                     "time alone and its offset with --utc-offset"),
    ("7:18 Martian time", (), "is not one spacekg knows; give the clock time alone"),
    ("soon Beijing time", (), "give the time as HH:MM on a 24-hour clock"),
])
def test_a_zone_with_the_clock_time_that_gives_no_one_offset_is_refused(added: Project, clock, more, message):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L15.1", "time-of-day", "--about", "d:change-4-launch",
                 "--clock", clock, *more)
    assert result.exit_code == ExitCode.USAGE and message in result.output, result.output
    assert files(added) == before


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--clock", "14:23 pm", "give the time as HH:MM on a 24-hour clock"),
    ("--clock", "noon", "give the time as HH:MM on a 24-hour clock"),
    ("--clock", "24:00", "give the time as HH:MM on a 24-hour clock"),
    ("--utc-offset", "8", "--utc-offset '8': give the UTC offset as +HH:MM"),
    ("--utc-offset", "+15:00", "--utc-offset '+15:00': a UTC offset lies between -14:00 and +14:00"),
])
def test_a_clock_time_or_offset_that_says_no_one_time_is_refused(added: Project, option, value, message):
    before = files(added)
    answers = {"--clock": "14:23", "--utc-offset": "+08:00", option: value}
    result = run(added, "article", "fact", "a000", "L15.1", "time-of-day", "--about", "d:change-4-launch",
                 *(x for pair in answers.items() for x in pair))
    assert result.exit_code == ExitCode.USAGE and message in result.output
    assert files(added) == before


@pytest.mark.parametrize(("clock", "offset", "words", "refused"), [
    ("7:27", "-05:00", "at 7:27 p.m. EST", "say 19:27, --clock 07:27"),
    ("19:27", "+08:00", "at 7:27 p.m. EST", "name EST, which is UTC-05:00, not --utc-offset +08:00"),
    ("19:28", "-05:00", "7:27 pm", "say 19:27, --clock 19:28"),
    ("10:26", "+08:00", "10:26 a.m. Beijing time", None), ("19:27", "-04:00", "7:27 p.m. ET", None),
    ("19:27", "-05:00", "at 7:27 p.m. ET", None), ("14:23", "+08:00", "at 14:23", None),
    ("14:23", "+08:00", "in the afternoon", None), ("10:26", "+08:00", "10:26 a.m. CST", None),
    ("10:26", "-06:00", "10:26 a.m. CST", None),
    # Wire copy writes a clock time as four digits before its zone or "hours".
    ("07:18", "+00:00", "2318 GMT", "say 23:18, --clock 07:18"), ("23:18", "+08:00", "at 2318 GMT", "not --utc-offset"),
    ("23:18", "+00:00", "at about 2318 GMT", None), ("09:42", "+00:00", "0942 hours", None),
    # Wire copy gives a local time with the same instant in GMT in brackets: either reading is the
    # claim, at the offset that makes the two one instant.
    ("09:00", "+08:00", "at 9 am (0100 GMT)", None), ("01:00", "+00:00", "at 9 am (0100 GMT)", None),
    ("19:30", "+08:00", "7:30 p.m. Beijing time (1130 GMT)", None),
    ("22:15", "-04:00", "at 10:15 p.m. EDT (0215 GMT)", None),
    ("09:00", "+09:00", "at 9 am (0100 GMT)", "09:00 at --utc-offset +09:00 is not the bracket's 0100 GMT"),
    ("01:00", "+08:00", "at 9 am (0100 GMT)", "name GMT, which is UTC+00:00, not --utc-offset +08:00"),
    ("10:00", "+08:00", "at 9 am (0100 GMT)", "say 09:00, --clock 10:00"),
    ("19:30", "+00:00", "7:30 p.m. Beijing time (1130 GMT)", "name Beijing time, which is UTC+08:00"),
    # An hour on its own is on a 12-hour clock, in the half of the day the words say, or in either
    # (a Weibo post of the Zhurong rover, in English: "At 1 o’clock in the morning today").
    ("01:00", "+08:00", "At 1 o’clock in the morning today", None),
    ("13:00", "+08:00", "At 1 o’clock in the morning today", "say 01:00, --clock 13:00"),
    ("19:00", "+08:00", "at 7 o'clock in the evening on Friday", None),
    ("07:00", "+08:00", "at 7 o'clock in the evening", "say 19:00, --clock 07:00"),
    ("07:00", "+08:00", "at 7 o'clock", None), ("19:00", "+08:00", "at 7 o'clock", None),
    ("08:00", "+08:00", "around 7 o'clock", "say 07:00 or 19:00, --clock 08:00"),
    ("12:00", "+08:00", "at 12 o'clock in the afternoon", None),
    # So is one with its minutes, which otherwise reads as written.
    ("16:30", "+08:00", "at 4:30 in the afternoon", None), ("04:30", "+08:00", "at 4:30 in the afternoon",
                                                            "say 16:30, --clock 04:30"),
    ("09:15", "+08:00", "at 9:15 in the morning on Tuesday", None), ("23:05", "+08:00", "at 11:05 at night", None),
    ("04:30", "+08:00", "at 4:30", None), ("16:30", "+08:00", "at 4:30", "say 04:30, --clock 16:30"),
])
def test_a_time_claims_words_must_give_its_clock_time_and_zone(added: Project, clock, offset, words, refused):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L15.1", "time-of-day", "--about", "d:change-4-launch",
                 "--clock", clock, "--utc-offset", offset, "--words", words)
    if refused:
        assert result.exit_code == ExitCode.USAGE and refused in result.stderr, result.output
        assert files(added) == before
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("when", "note"), [
    ("on Friday Beijing time", "'on Friday Beijing time' is read as a day at Beijing time (UTC+08:00), the zone its "
                               "words name, not at UTC-05:00"),
    ("on Friday, 10:26 GMT", "is read as a day at GMT (UTC+00:00)"),
    ("on Friday EST", None),
])
def test_a_day_dated_in_the_zone_its_words_name_says_so_when_it_is_not_the_articles(added: Project, when, note):
    result = run(added, "article", "fact", "a000", "L3.1", "launch", "--id", "d:change-4-launch", "--when", when,
                 "--tz", "-05:00")
    assert result.exit_code == 0, result.output
    assert (note in result.output) if note else ("is read as a day" not in result.output)


@pytest.mark.parametrize(("when", "tz", "day", "warned"), [
    ("On Friday", "+00:00", "Friday", False), ("On Friday", "+00:00", "Thursday", True),
    ("on Dec. 7", "+08:00", "Friday", False), ("on Dec. 7", "+08:00", "Saturday", True),
    ("on Thursday, Dec. 6", "-05:00", "Thursday", False), ("on Thursday, Dec. 6", "-05:00", "Friday", True),
])
def test_check_points_at_a_weekday_claim_that_is_not_the_day_its_sentence_dates(added: Project, when, tz, day,
                                                                              warned):
    assert run(added, "article", "fact", "a000", "L3.1", "launch", "--id", "d:change-4-launch", "--when", when,
               "--tz", tz).exit_code == 0
    assert run(added, "article", "fact", "a000", "L3.1", "weekday", "--about", "d:change-4-launch", "--day", day,
               "--utc-offset", tz, "--zone-basis", "stated").exit_code == 0
    found = run(added, "check", "--article", "a000").stdout
    assert (f"and this claim says {day}: one of the two answers is a slip" in found) == warned


@pytest.mark.parametrize(("answers", "refused"), [
    (("--label", "China"), "--label 'China' already names d:china"),
    (("--label", "MOON"), "--label 'MOON' already names d:moon"),
    (("--label", "Rover X", "--other-name", "Yutu-2"), "--other-name 'Yutu-2' already names d:yutu-2"),
    (("--label", "Rover X", "--other-name", "Jade Rabbit X"), None),
])
def test_a_new_things_name_that_names_another_thing_is_refused(added: Project, answers, refused):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L31.1", "thing", "--entity", "d:rover-x", "--class", "Rover",
                 *answers)
    if refused:
        assert result.exit_code == ExitCode.USAGE and refused in result.stderr, result.output
        assert files(added) == before
    else:
        assert result.exit_code == 0, result.output
        again = run(added, "article", "fact", "a000", "L31.1", "thing", "--entity", "d:rover-x", *answers)
        assert again.exit_code == 0, again.output  # its own names are no one else's


@pytest.mark.parametrize("speaker", ["Xi Jinping", "Mr. Xi Jinping", "President Xi Jinping", "mr xi jinping",
                                     "Dr. Xi Jinping"])
def test_a_persons_title_is_no_part_of_their_name(added: Project, speaker: str):
    result = run(added, "article", "fact", "a000", "L15.1", "quote", "--speaker", speaker)
    assert result.exit_code == 0, result.output
    assert "d:xi-jinping" in result.stdout


@pytest.mark.parametrize("role", ["deputy director of the CMSA", "Deputy Director", "spokesperson"])
def test_a_named_speakers_role_is_kept_as_a_description_not_a_name(added: Project, role: str):
    result = run(added, "article", "fact", "a000", "L15.1", "quote", "--speaker", "Xi Jinping", "--role", role)
    assert result.exit_code == 0, result.output
    assert f'd:xi-jinping skg:description "{role}"@en' in result.stdout
    assert not [t for t in graph(added, "a000", "L15.1") if t[1].endswith("#label")]


@pytest.mark.parametrize("label", ["Deputy Director", "President", "a top official"])
def test_a_speaker_label_for_a_named_speaker_is_refused_with_the_role_answer(added: Project, label: str):
    facts = added.data_dir / "facts" / "a000.trig"
    before = facts.read_bytes()
    result = run(added, "article", "fact", "a000", "L15.1", "quote", "--speaker", "Xi Jinping",
                 "--speaker-label", label)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "is already named 'Xi Jinping'" in result.stderr and "--role" in result.stderr
    assert facts.read_bytes() == before


def test_a_new_speakers_label_may_be_given_again(added: Project):
    answers = ("quote", "--speaker", "d:cnsa-aide", "--speaker-label", "a top official at the agency")
    assert run(added, "article", "fact", "a000", "L15.1", *answers).exit_code == 0
    again = run(added, "article", "fact", "a000", "L15.1", *answers)
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize(("sentence", "basis", "warned"), [
    ("L3.1", "stated", True), ("L3.1", "the zone the sentence states", True), ("L3.1", "the dateline's", False),
    ("L3.1", "the publisher's; the sentence states none", False), ("L15.1", "stated", False),
])
def test_check_points_at_a_zone_said_to_be_stated_that_the_sentence_does_not_name(added: Project, sentence, basis,
                                                                                 warned):
    assert run(added, "article", "fact", "a000", sentence, "weekday", "--about", "d:change-4-launch", "--day",
               "Friday", "--utc-offset", "+08:00", "--zone-basis", basis).exit_code == 0
    found = run(added, "check", "--article", "a000").stdout
    assert ("but the sentence names no zone" in found) == warned


@pytest.mark.parametrize(("tz", "given", "offset", "refused"), [
    (("--tz", "+09:00"), (), "+09:00", None),
    ((), (), None, "--utc-offset: the article was registered without --tz"),
    (("--tz", "+09:00"), ("--utc-offset", "+08:00"), None, "--zone-basis: say why the day is read at --utc-offset"),
    (("--tz", "+09:00"), ("--utc-offset", "+08:00", "--zone-basis", "stated"), "+08:00", None),
])
def test_a_weekday_is_read_at_the_articles_utc_offset_unless_another_zone_is_given_with_its_basis(
        fresh: Project, tmp_path: Path, tz, given, offset, refused):
    path = tmp_path / "landing.txt"
    path.write_text("On Saturday, Japan's SLIM probe landed on the Moon.\n", encoding="utf-8")
    assert run(fresh, "article", "add", str(path), "--outlet", "The Independent", "--published", "2024-01-20",
               *tz).exit_code == 0
    assert run(fresh, "article", "fact", "a000", "L1.1", "landing", "--id", "d:slim-landing", "--body", "Moon",
               "--when", "On Saturday", "--is", "d:slim", "Lander", "--spacecraft", "d:slim").exit_code == 0
    before = files(fresh)
    result = run(fresh, "article", "fact", "a000", "L1.1", "weekday", "--about", "d:slim-landing", "--day", "Saturday",
                 *given)
    if refused:
        assert result.exit_code == ExitCode.USAGE and refused in result.stderr, result.output
        assert files(fresh) == before
        return
    assert result.exit_code == 0, result.output
    assert f'skg:claimedUtcOffset "{offset}"' in result.stdout
    assert ("the day is read at UTC+09:00, the article's --tz" in result.output) == (not given)


def test_the_same_weekday_of_two_events_of_one_sentence_is_two_claims_each_about_its_event(added: Project):
    weekday = ("article", "fact", "a000", "L3.1", "weekday", "--day", "Friday", "--utc-offset", "+00:00",
               "--zone-basis", "the publisher's")
    assert run(added, *weekday, "--about", "d:change-4-launch").exit_code == 0
    second = run(added, *weekday, "--about", "d:queqiao-launch")
    assert second.exit_code == 0, second.output
    about = {(s, o) for s, p, o in graph(added, "a000", "L3.1") if p.endswith("#aboutEvent>")}
    assert about == {(f"<{D}claim-a000-L3.1-on-friday>", f"<{D}change-4-launch>"),
                     (f"<{D}claim-a000-L3.1-queqiao-launch-on-friday>", f"<{D}queqiao-launch>")}
    before = files(added)
    assert run(added, *weekday, "--about", "d:queqiao-launch").exit_code == 0 and files(added) == before
    # A claim is about one event: an --id that names the other's claim is refused.
    clash = run(added, *weekday, "--about", "d:queqiao-launch", "--id", "on-friday")
    assert clash.exit_code == ExitCode.USAGE and "a sentence gives a thing one skg:aboutEvent" in clash.stderr, clash.output
    assert files(added) == before


@pytest.mark.parametrize("day", ["Monday", "monday", "Mon", "mon.", "MONDAY"])
def test_a_weekday_is_named_by_its_first_three_letters_or_more(added: Project, day):
    result = run(added, "article", "fact", "a000", "L15.1", "weekday", "--about", "d:change-4-launch", "--day", day,
                 "--utc-offset", "+08:00", "--zone-basis", "the dateline")
    assert result.exit_code == 0, result.output
    assert ("claimedWeekday", '"Monday"') in {(p.rsplit("#", 1)[-1].rstrip(">"), o) for _, p, o in graph(added, "a000", "L15.1")}


def test_a_template_run_again_with_another_window_is_refused_and_the_same_one_is_not(added: Project):
    answers = ("article", "fact", "a000", "L3.1", "launch", "--id", "d:change-4-launch", "--when", "On Friday")
    assert run(added, *answers).exit_code == 0
    before = files(added)
    other_zone = run(added, *answers, "--tz", "+08:00")
    assert other_zone.exit_code == ExitCode.USAGE
    assert ('a000 L3.1 already gives d:change-4-launch skg:earliestTime "2018-12-07T00:00:00Z"^^xsd:dateTime, not '
            '"2018-12-06T16:00:00Z"^^xsd:dateTime: a sentence gives an event one time window') in other_zone.output
    assert files(added) == before
    assert run(added, *answers).exit_code == 0 and files(added) == before


def test_a_template_run_again_without_the_name_it_gave_its_event_is_refused_not_a_second_event(added: Project):
    first = run(added, "article", "fact", "a000", "L3.1", "landing", "--mission", "d:change-4",
                "--spacecraft", "d:change-4-lander")
    assert first.exit_code == 0, first.output
    before = files(added)
    again = run(added, "article", "fact", "a000", "L3.1", "landing", "--spacecraft", "d:change-4-lander",
                "--site", "d:von-karman-crater")
    assert again.exit_code == ExitCode.USAGE
    assert ("a000 L3.1 already tells of d:change-4-landing; this would make d:change-4-lander-landing a second one: "
            "give --id d:change-4-landing to add to it") in again.stderr
    assert files(added) == before
    added_to = run(added, "article", "fact", "a000", "L3.1", "landing", "--id", "d:change-4-landing",
                   "--site", "d:von-karman-crater")
    assert added_to.exit_code == 0, added_to.output
    # Two payloads are two launches, and a launch beside the landing is another kind of event.
    for payload in ("d:tiangong-1", "d:tiangong-2"):
        assert run(added, "article", "fact", "a000", "L3.1", "launch", "--payload", payload).exit_code == 0


@pytest.mark.parametrize(("first", "second"), [
    (("time-of-day", "--clock", "6:04 pm"), ("time-of-day", "--clock", "6:40 pm")),
    (("weekday", "--day", "Friday", "--utc-offset", "+08:00", "--zone-basis", "stated"),
     ("weekday", "--day", "Saturday", "--utc-offset", "+08:00", "--zone-basis", "stated")),
    (("time-of-day", "--clock", "6:04 pm", "--utc-offset", "+08:00"), ("time-of-day", "--clock", "6:04 pm",
                                                                     "--utc-offset", "+05:30")),
])
def test_a_claim_run_again_with_another_value_is_refused_and_the_same_one_is_not(added: Project, first, second):
    claim = ("--id", "t", "--about", "d:change-4-launch")
    assert run(added, "article", "fact", "a000", "L15.1", *first, *claim).exit_code == 0
    before = files(added)
    other = run(added, "article", "fact", "a000", "L15.1", *second, *claim)
    assert other.exit_code == ExitCode.USAGE
    assert "is single-valued); remove the old one" in other.stderr and files(added) == before
    assert run(added, "article", "fact", "a000", "L15.1", *first, *claim).exit_code == 0 and files(added) == before


@pytest.mark.parametrize(("template", "first", "second", "message"), [
    ("launch", ("--vehicle", "d:long-march-3b"), ("--vehicle", "d:long-march-5"),
     "already gives d:change-4-launch skg:launchVehicle d:long-march-3b, not d:long-march-5"),
    ("launch", ("--site", "d:xichang"), ("--site", "d:wenchang"),
     "already gives d:change-4-launch skg:launchSite d:xichang, not d:wenchang"),
    ("crewed-flight", ("--crew", "3"), ("--crew", "2"), "already gives d:change-4 skg:crewSize 3, not 2"),
    ("crewed-flight", ("--days", "180"), ("--days", "182.5"), "skg:durationDays 180, not 182.5"),
    ("crewed-flight", ("--series", "9"), ("--series", "10th"), "skg:seriesOrdinal 9, not 10"),
    ("docking", ("--with", "d:tiangong-1"), ("--with", "d:tiangong-2"), "skg:dockedWith d:tiangong-1, not d:tiangong-2"),
    ("weekday", ("--day", "Fri"), ("--day", "thursday"),
     "already has skg:WeekdayClaim d:claim-a000-L3.1-on-friday about d:change-4-launch, not "
     "d:claim-a000-L3.1-on-thursday: a sentence gives an event one skg:WeekdayClaim"),
    ("time-of-day", ("--clock", "7:27 pm", "--id", "d:one"), ("--clock", "19:28", "--id", "d:other"),
     "already has skg:TimeClaim d:one about d:change-4-launch, not d:other"),
])
def test_a_template_run_again_with_a_second_value_of_what_a_thing_has_one_of_is_refused(
        added: Project, template, first, second, message):
    about = {"launch": ("--id", "d:change-4-launch"), "crewed-flight": ("--mission", "d:change-4"),
             "docking": ("--mission", "d:change-4"),
             "weekday": ("--about", "d:change-4-launch", "--utc-offset", "-05:00", "--zone-basis", "stated"),
             "time-of-day": ("--about", "d:change-4-launch")}[template]
    fact = ("article", "fact", "a000", "L3.1", template, *about)
    assert run(added, *fact, *first).exit_code == 0
    before = files(added)
    again = run(added, *fact, *second)
    assert again.exit_code == ExitCode.USAGE, again.output
    assert message in again.stderr and "remove the old one from data/facts/a000.trig" in again.stderr
    assert files(added) == before
    assert run(added, *fact, *first).exit_code == 0 and files(added) == before


@pytest.mark.parametrize(("statement", "shown"), [
    ("d:change-4-launch skg:launchVehicle d:long-march-3b, d:long-march-5 .",
     "gives d:change-4-launch 2 values of skg:launchVehicle (d:long-march-3b, d:long-march-5)"),
    ('d:change-4 skg:crewSize 3, 4 .', "gives d:change-4 2 values of skg:crewSize (3, 4)"),
    ('d:w1 a skg:WeekdayClaim ; skg:aboutEvent d:change-4-launch ; skg:claimedWeekday "Friday" .\n'
     '    d:w2 a skg:WeekdayClaim ; skg:aboutEvent d:change-4-launch ; skg:claimedWeekday "Monday" .',
     "has 2 skg:WeekdayClaims about d:change-4-launch (d:w1, d:w2)"),
])
def test_check_names_a_sentence_that_gives_a_thing_two_values_of_what_it_has_one_of(added: Project, statement,
                                                                                      shown):
    path = added.root / "data" / "facts" / "a000.trig"
    path.write_text(path.read_text(encoding="utf-8") + f"\ng:a000-L3.1 {{\n    {statement}\n}}\n",
                    encoding="utf-8")
    result = run(added, "check", "--article", "a000")
    assert result.exit_code != 0
    line = next((x for x in result.output.splitlines() if "article:second-value" in x), result.output)
    assert "a000 L3.1" in line and shown in result.output


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(known=st.sampled_from(["d:change-4-launch", "d:long-march-3b", "d:xichang", "d:yutu-2"]),
       flips=st.lists(st.booleans(), min_size=20, max_size=20).filter(any))
def test_a_name_that_differs_from_a_known_thing_only_in_case_is_refused_whatever_the_answer(added: Project, known,
                                                                                         flips):
    local = known[2:]
    cased = "d:" + "".join(c.upper() if flip else c for c, flip in zip(local, flips)) + local[len(flips):]
    if cased == known:
        return  # the flips fell on digits and hyphens only
    before = files(added)
    for answers in (("launch", "--id", cased), ("launch", "--mission", "d:change-4", "--vehicle", cased),
                    ("thing", "--entity", cased, "--class", "Rover", "--label", "a rover")):
        result = run(added, "article", "fact", "a000", "L3.1", *answers)
        assert result.exit_code == ExitCode.USAGE, result.output
        assert f"{cased!r} differs from {known} (" in result.stderr and "only in case" in result.stderr
    assert files(added) == before


def test_check_points_at_a_thing_written_in_other_capitals_than_one_an_article_has(added: Project):
    assert run(added, "article", "fact", "a000", "L3.1", "thing", "--entity", "d:relay-craft", "--class",
               "Spacecraft", "--label", "a relay craft").exit_code == 0
    path = added.root / "data" / "facts" / "a000.trig"
    path.write_text(path.read_text(encoding="utf-8") + "\ng:a000-L5.1 {\n    d:Relay-Craft a skg:Spacecraft .\n}\n",
                    encoding="utf-8")
    found = run(added, "check", "--article", "a000").stdout
    assert ("warning  article:near-duplicate  a000 L5.1 d:Relay-Craft\n         d:Relay-Craft differs from "
            "d:relay-craft (a relay craft) only in case") in found
    assert "near-duplicate  a000 L3.1" not in found


@pytest.mark.parametrize(("answer", "given", "message"), [
    ("--body", "d:yutu-2", "d:yutu-2 (Yutu-2; skg:Rover) is not a skg:CelestialBody, which skg:landingBody takes"),
    ("--spacecraft", "d:change-4-launch", "is not a skg:Spacecraft, which skg:landedSpacecraft takes"),
    ("--mission", "d:xichang", "is not a skg:SpaceMission, which skg:partOfMission takes"),
    ("--site", "d:china", "is not a skg:Place, which skg:landingSite takes"),
    ("--site", "d:yutu-2", "is not a skg:Place, which skg:landingSite takes"),
    ("--site", "d:moon", "--site d:moon (Moon) is a celestial body: give it as --body"),
    ("--site", "d:mars", "--site d:mars (Mars) is a celestial body: give it as --body"),
    ("--by", "d:moon", "is not a skg:Agent, which skg:achievedBy takes"),
])
def test_a_known_thing_of_another_kind_than_the_answer_takes_is_refused(added: Project, answer, given, message):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", "landing", "--id", "d:change-4-landing", answer, given)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert message in result.stderr and files(added) == before


@pytest.mark.parametrize(("answer", "given"), [("--body", "d:moon"), ("--site", "d:von-karman-crater"),
                                               ("--spacecraft", "d:new-lander"), ("--by", "d:china")])
def test_a_thing_of_the_kind_the_answer_takes_or_a_new_one_is_taken(added: Project, answer: str, given: str):
    result = run(added, "article", "fact", "a000", "L3.1", "landing", "--id", "d:change-4-landing", answer, given)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("site", [("d:guizhou",), ("d:siziwang", "--is", "d:siziwang", "AdministrativeRegion"),
                                  ("d:landing-zone", "--is", "d:landing-zone", "Place")])
def test_a_capsule_landing_on_earth_takes_the_region_it_came_down_in_as_its_site(added: Project, site):
    result = run(added, "article", "fact", "a000", "L3.1", "landing", "--id", "d:capsule-landing", "--body", "d:earth",
                 "--site", *site)
    assert result.exit_code == 0, result.output
    assert f"skg:landingSite {site[0]}" in (added.root / "data" / "facts" / "a000.trig").read_text(encoding="utf-8")


@pytest.mark.parametrize(("when", "date"), [("in December 2018", "2018-12-07"), ("a year later", "2019"),
                                           ("7 December 2018", "2018-12-07"), ("in 2018", "2018-06..2018-07")])
def test_a_date_given_by_hand_within_the_words_or_for_words_that_give_none_is_taken(added: Project, when, date):
    result = run(added, "article", "fact", "a000", "L3.1", "launch", "--id", "d:change-4-launch", "--when", when,
                 "--date", date)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("tz", ["+08:00", "+8", "UTC+8", "+0800"])
def test_an_article_registered_with_its_zone_has_its_days_read_there(fresh: Project, tz: str):
    assert run(fresh, "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT, "--tz", tz).exit_code == 0
    assert 'skg:utcOffset "+08:00"' in (fresh.data_dir / "sources.ttl").read_text()
    result = run(fresh, "article", "fact", "a000", "L3.1", "launch", "--id", "d:change-4-launch", "--when", "On Friday")
    assert result.exit_code == 0, result.output
    assert 'skg:earliestTime "2018-12-06T16:00:00Z"^^xsd:dateTime' in result.stdout
    assert "is read as a day at UTC" not in result.stdout
    # A template's own --tz still wins, for a sentence that dates in another zone.
    other = run(fresh, "article", "fact", "a000", "L15.1", "launch", "--id", "d:other-launch", "--when", "On Friday",
                "--tz", "+00:00")
    assert 'skg:earliestTime "2018-12-07T00:00:00Z"^^xsd:dateTime' in other.stdout


def test_a_registration_with_a_zone_that_is_no_utc_offset_is_refused_and_writes_nothing(fresh: Project):
    before = files(fresh)
    result = run(fresh, "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT, "--tz", "IST")
    assert result.exit_code == ExitCode.USAGE
    assert "--tz 'IST': give the UTC offset as +HH:MM, e.g. +05:30 (IST names India (+05:30), Irish (+01:00) or Israel (+02:00) Standard Time)" in result.stderr
    assert files(fresh) == before


@pytest.mark.parametrize("article_tz", [None, "+08:00", "-05:00"])
def test_every_window_a_template_reads_at_any_offset_passes_the_date_check(fresh: Project, article_tz):
    from spacekg.curation.templates import add_fact

    zone = ("--tz", article_tz) if article_tz else ()
    assert run(fresh, "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT, *zone).exit_code == 0
    written = {}
    for n, (when, tz) in enumerate((w, t) for w in ("On Friday", "on Dec. 7", "this week", "in December")
                                   for t in (None, "+08:00", "-05:00", "+05:30", "+00:00")):
        answers = {"id": f"d:launch-{n}", "when": when, **({"tz": tz} if tz else {})}
        add_fact(fresh, "a000", "L3.1", "launch", answers)
        written[f"d:launch-{n}"] = (when, tz)
    facts = graph(fresh, "a000", "L3.1")
    for node, (when, tz) in written.items():
        recorded = {o for s, p, o in facts if s == f"<{D}{node[2:]}>" and p == f"<{SKG}windowUtcOffset>"}
        # Only a day or week read at another offset than the article's says which.
        other = tz is not None and tz != (article_tz or "+00:00") and when != "in December"
        assert recorded == ({f'"{tz}"'} if other else set()), (node, when, tz)
    found = [p for p in article_problems(fresh, project_quads(fresh), only="a000") if p.check == "article:dates"]
    assert found == []


def test_a_window_read_at_another_offset_than_its_fact_says_is_an_error(fresh: Project):
    assert run(fresh, "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT).exit_code == 0
    assert run(fresh, "article", "fact", "a000", "L3.1", "launch", "--id", "d:x", "--when", "On Friday",
               "--tz", "+08:00").exit_code == 0
    path = fresh.data_dir / "facts" / "a000.trig"
    path.write_text(path.read_text().replace('skg:windowUtcOffset "+08:00"', 'skg:windowUtcOffset "-05:00"'))
    found = [p for p in article_problems(fresh, project_quads(fresh), only="a000") if p.check == "article:dates"]
    assert len(found) == 1 and "at UTC-05:00" in found[0].message and "skg:windowUtcOffset" in found[0].message


@pytest.fixture
def friday(registered: Callable[..., Project], tmp_path: Path) -> Project:
    """An article dated Friday 14 May 2021 at UTC, as a paper in the west dates one."""
    return registered(tmp_path / "kg", (ARTICLES / "a002.txt").read_bytes(), "--outlet",
                      "The Independent", "--published", "2021-05-14")


@pytest.mark.parametrize(("when", "tz", "day", "noted"), [
    ("early Saturday", "+08:00", "2021-05-15", True),  # Saturday in Beijing while it is Friday in London
    ("on Saturday", "+10:00", "2021-05-15", True), ("on May 15", "+08:00", "2021-05-15", True),
    ("on Friday", "+08:00", "2021-05-14", False), ("last Saturday", "+08:00", "2021-05-08", False),
    ("on Thursday", "-05:00", "2021-05-13", False), ("on Friday", "-05:00", "2021-05-14", False),
    ("this week", "-05:00", "2021-05-10", False),
])
def test_a_day_read_where_the_publication_day_is_two_days_is_the_one_its_words_name(friday, when, tz, day, noted):
    from spacekg.curation.templates import add_fact

    done = add_fact(friday, "a000", "L3.1", "landing", {"id": "d:x", "when": when, "tz": tz})
    facts = {p.rsplit("#", 1)[-1].rstrip(">"): o for s, p, o in graph(friday, "a000", "L3.1") if s == f"<{D}x>"}
    offset = datetime.timedelta(hours=int(tz[:3]), minutes=int(tz[0] + tz[4:]))
    start = datetime.datetime.fromisoformat(facts["earliestTime"].split('"')[1].replace("Z", "+00:00")) + offset
    assert start.date().isoformat() == day
    assert any("a day the publication day 2021-05-14 also is" in n for n in done.notes) == noted
    assert [p for p in article_problems(friday, project_quads(friday), only="a000") if p.check == "article:dates"] == []


@pytest.mark.parametrize(("when", "days"), [("yesterday", ("2021-05-13", "2021-05-14")),
                                            ("today", ("2021-05-14", "2021-05-15"))])
def test_words_that_count_from_a_publication_day_that_is_two_days_are_given_by_hand(friday, when, days):
    answers = ("article", "fact", "a000", "L3.1", "landing", "--id", "d:x", "--when", when, "--tz", "+08:00")
    refused = run(friday, *answers)
    assert refused.exit_code == ExitCode.USAGE
    assert f"give the period the article means with --date ({days[0]} or {days[1]})" in refused.output
    assert run(friday, *answers, "--date", "2021-05-16").exit_code == ExitCode.USAGE  # neither reading
    for day in days:
        path = friday.data_dir / "facts" / "a000.trig"
        before = path.read_text()
        given = run(friday, *answers, "--date", day)
        assert given.exit_code == 0, given.output
        assert "skg:timeAnchor src:a000" in given.stdout  # the words still count from the publication day
        assert [p for p in article_problems(friday, project_quads(friday), only="a000")
                if p.check == "article:dates"] == []
        path.write_text(before)


@pytest.mark.parametrize(("when", "tz", "noted"), [
    ("On Friday", (), True), ("on Dec. 7", (), True), ("On Friday", ("--tz", "+08:00"), False),
    ("On Friday", ("--tz", "+00:00"), False), ("in 2018", (), False), ("in December", (), False),
])
def test_a_day_read_at_utc_by_default_is_noted(added: Project, when: str, tz: tuple[str, ...], noted: bool):
    result = run(added, "article", "fact", "a000", "L3.1", "launch", "--id", "d:change-4-launch", "--when", when, *tz)
    assert result.exit_code == 0, result.output
    assert ("is read as a day at UTC+00:00" in result.stdout and "--tz, e.g. --tz +08:00" in result.stdout) == noted


@pytest.mark.parametrize("rank", ["3", "3rd", "third", "Third", " 3 ", "the third", "No. 3", "#3", "third-ever"])
def test_a_rank_in_any_usual_spelling_gives_the_same_claim(added: Project, rank):
    result = run(added, "article", "fact", "a000", "L9.1", "ordinal", "--holder", "China", "--record",
                 "LunarSoftLanding", "--rank", rank)
    assert result.exit_code == 0, result.output
    assert ("ordinalRank", "3") in {(p.rsplit("#", 1)[-1].rstrip(">"), o.split("^^")[0].strip('"'))
                                    for _, p, o in graph(added, "a000", "L9.1")}



@pytest.mark.parametrize(("rank", "scope", "recorded"), [
    ("the world's third", None, "world"), ("the world\u2019s 3rd", None, "world"), ("Asia's third", None, "Asia"),
    ("the world's third", "globally", "world"), ("third", "world", "world"), ("the third", None, None)])
def test_a_rank_with_a_possessive_before_it_is_a_rank_in_that_scope(added: Project, rank, scope, recorded):
    # "making China the world's third country to …": the possessive is the comparison's scope.
    result = run(added, "article", "fact", "a000", "L9.1", "ordinal", "--holder", "China", "--record",
                 "LunarSoftLanding", "--rank", rank, *(("--scope", scope) if scope else ()))
    assert result.exit_code == 0, result.output
    made = {(p.rsplit("#", 1)[-1].rstrip(">"), o.split("^^")[0].strip('"')) for _, p, o in graph(added, "a000", "L9.1")}
    assert ("ordinalRank", "3") in made
    assert {o for p, o in made if p == "recordScope"} == ({recorded} if recorded else set())


def test_a_rank_whose_possessive_names_another_scope_than_scope_is_refused(added: Project):
    result = run(added, "article", "fact", "a000", "L9.1", "ordinal", "--holder", "China", "--record",
                 "LunarSoftLanding", "--rank", "Asia's first", "--scope", "world")
    assert result.exit_code == ExitCode.USAGE
    assert "--scope 'world' and --rank \"Asia's first\" name two scopes" in result.stderr

@pytest.mark.parametrize(("holder", "record", "noted"), [
    ("China", "LunarSoftLanding", None),
    ("United States", "IndependentCrewedSpaceflight", None),
    ("China", "LaunchEvent", "no ranks are derived for skg:LaunchEvent (only for skg:IndependentCrewedSpaceflight, "
                             "skg:LunarFarSideSampleReturn, skg:LunarFarSideSoftLanding, skg:LunarSampleReturn, "
                             "skg:LunarSoftLanding, "
                             "skg:MarsRoverDeployment, skg:MarsSoftLanding)"),
    ("d:long-march", "SoftLanding", "no ranks are derived for skg:SoftLanding"),
    ("d:long-march", "LunarSoftLanding", "ranks are derived among countries, and d:long-march is a skg:LaunchVehicle"),
    ("CNSA", "lunar soft landing", "ranks are derived among countries, and d:cnsa is a skg:SpaceAgency"),
])
def test_an_ordinal_claim_no_rule_can_rank_is_noted_with_the_superlative_template_instead(
        added: Project, holder: str, record: str, noted: str | None):
    result = run(added, "article", "fact", "a000", "L9.1", "ordinal", "--holder", holder, "--record", record,
                 "--first")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stdout.splitlines() if line.startswith("note: ") and "ranks" in line]
    if noted is None:
        assert notes == []
    else:
        assert len(notes) == 1 and noted in notes[0] and "the claim will be unverifiable" in notes[0]
        assert "superlative template (--kind first" in notes[0]


@pytest.mark.parametrize(("restriction", "noted"), [
    ("", False),                            # a list of every country's first sample return: ranked
    ("skg:coversAgent d:china ;", True),    # China's own returns rank nobody
    ("skg:coversDestination d:moon ;", True),
])
def test_an_ordinal_claim_is_ranked_for_any_achievement_a_declared_list_of_firsts_covers(
        added: Project, restriction: str, noted: bool):
    (added.data_dir / "test-declaration.trig").write_text(
        "@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/spacekg/graph/background> { d:test-scope a skg:CompletenessDeclaration ; "
        f'skg:coversType skg:SampleReturn ; {restriction} skg:completeUntil "2021-12-31T23:59:59Z"^^xsd:dateTime ; '
        'skg:citation <https://example.org/test> ; skg:citationQuote "synthetic"@en . }\n')
    result = run(added, "article", "fact", "a000", "L9.1", "ordinal", "--holder", "China", "--record", "SampleReturn",
                 "--rank", "3")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stdout.splitlines() if line.startswith("note: ") and "ranks" in line]
    assert bool(notes) == noted, notes
    assert not notes or "no ranks are derived for skg:SampleReturn" in notes[0]


@pytest.mark.parametrize(("record", "place", "recorded", "kept"), [
    ("SoftLanding", "d:far-side-of-the-moon", "LunarFarSideSoftLanding", False),
    ("soft landing", "d:far-side-of-the-moon", "LunarFarSideSoftLanding", False),
    ("LunarSoftLanding", "d:far-side-of-the-moon", "LunarFarSideSoftLanding", False),
    ("LandingEvent", "d:far-side-of-the-moon", "LunarFarSideSoftLanding", False),
    ("LunarFarSideSoftLanding", "d:far-side-of-the-moon", "LunarFarSideSoftLanding", False),
    ("SoftLanding", "Moon", "LunarSoftLanding", False),
    ("SoftLanding", "Red Planet", "MarsSoftLanding", False),
    ("RoverDeployment", "Mars", "MarsRoverDeployment", False),
    # Defined at no such place: the claim keeps what was said, and the place.
    ("SoftLanding", "Jupiter", "SoftLanding", True),
    ("RoverDeployment", "Moon", "RoverDeployment", True),
    ("LunarSoftLanding", "d:von-karman-crater", "LunarSoftLanding", True),
    ("LunarFarSideSoftLanding", "d:moon", "LunarFarSideSoftLanding", True),
    ("LaunchEvent", "d:far-side-of-the-moon", "LaunchEvent", True),
])
def test_a_first_at_a_place_records_the_achievement_the_ontology_defines_there(added: Project, record, place,
                                                                                  recorded, kept):
    result = run(added, "article", "fact", "a000", "L5.1", "first", "--id", "far-side", "--holder", "China",
                 "--record", record, "--place", place)
    assert result.exit_code == 0, result.output
    claim, facts = f"<{D}claim-a000-L5.1-far-side>", graph(added, "a000", "L5.1")
    assert {(p, o) for s, p, o in facts if s == claim and p != f"<{SKG}destination>"} == {
        ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{SKG}OrdinalClaim>"),
        (f"<{SKG}recordHolder>", f"<{D}china>"), (f"<{SKG}recordType>", f"<{SKG}{recorded}>"),
        (f"<{SKG}ordinalRank>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>')}
    places = {o for s, p, o in facts if s == claim and p == f"<{SKG}destination>"}
    assert len(places) == kept and ("the claim keeps the place and will be unverifiable" in result.stdout) == kept


def test_a_first_at_a_place_is_named_after_the_achievement(added: Project):
    for place in ("d:far-side-of-the-moon", "Jupiter"):
        result = run(added, "article", "fact", "a000", "L5.1", "first", "--holder", "China", "--record", "SoftLanding",
                     "--place", place)
        assert result.exit_code == 0, result.output
    result = run(added, "article", "fact", "a000", "L5.1", "ordinal", "--holder", "China", "--record", "RoverDeployment",
                 "--place", "Mars", "--rank", "second")
    assert result.exit_code == 0, result.output
    subjects = {s for s, _, _ in graph(added, "a000", "L5.1")}
    assert subjects == {f"<{D}claim-a000-L5.1-first-lunar-far-side-soft-landing>",
                        f"<{D}claim-a000-L5.1-first-soft-landing-jupiter>",
                        f"<{D}claim-a000-L5.1-second-mars-rover-deployment>"}


def test_a_first_at_a_place_that_two_classes_define_asks_which(added: Project):
    ontology = added.ontology_dir / "spacekg.ttl"
    ontology.write_text(ontology.read_text() + """
skg:CraterSoftLanding a owl:Class ; rdfs:label "crater soft landing"@en ; rdfs:subClassOf skg:SoftLanding ;
    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( skg:SoftLanding
        [ a owl:Restriction ; owl:onProperty skg:inRegion ; owl:hasValue d:far-side-of-the-moon ] ) ] .
""")
    before = files(added)
    result = run(added, "article", "fact", "a000", "L5.1", "first", "--holder", "China", "--record", "SoftLanding",
                 "--place", "d:far-side-of-the-moon")
    assert result.exit_code == ExitCode.USAGE and files(added) == before
    assert ("skg:SoftLanding at d:far-side-of-the-moon is skg:CraterSoftLanding and skg:LunarFarSideSoftLanding: give "
            "the one the sentence means as --record") in result.output
    narrower = run(added, "article", "fact", "a000", "L5.1", "first", "--holder", "China", "--record",
                   "LunarSoftLanding", "--place", "d:far-side-of-the-moon")
    assert narrower.exit_code == 0 and "skg:recordType skg:LunarFarSideSoftLanding" in narrower.stdout


@pytest.mark.parametrize(("answers", "about"), [
    (("--holder", "China"), ("recordHolder", "china")),
    (("--about", "d:change-4-landing"), ("aboutEvent", "change-4-landing")),
])
@pytest.mark.parametrize(("words", "node"), [
    ("made major breakthroughs", "made-major-breakthroughs"),
    ("a significant scientific achievement as well as useful propaganda tool",
     "a-significant-scientific-achievement-as"),
])
def test_an_assessment_keeps_the_articles_words_and_whose_achievement_it_judges(added: Project, answers, about, words,
                                                                                 node):
    result = run(added, "article", "fact", "a000", "L15.1", "assessment", "--words", words, *answers)
    assert result.exit_code == 0, result.output
    claim = f"<{D}claim-a000-L15.1-{node}>"
    assert graph(added, "a000", "L15.1") == {
        (claim, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{SKG}AssessmentClaim>"),
        (claim, f"<{SKG}{about[0]}>", f"<{D}{about[1]}>"), (claim, f"<{SKG}description>", f'"{words}"@en')}


def test_an_assessment_of_nobody_is_refused_and_one_without_its_words_fails_the_checks(added: Project):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L15.1", "assessment", "--words", "made major breakthroughs")
    assert result.exit_code == ExitCode.USAGE and files(added) == before
    assert "needs --holder (whose achievement it judges) or --about (which event)" in result.output
    path = added.root / "data" / "facts" / "a000.trig"
    path.write_text(path.read_text(encoding="utf-8") + "\ng:a000-L15.1 {\n    d:judged a skg:AssessmentClaim .\n}\n",
                    encoding="utf-8")
    found = run(added, "check", "--article", "a000").output
    assert "shacl:AssessmentClaim" in found and "keeps the source's words" in found and "add skg:recordHolder" in found


_ORDINAL_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINAL_TEENS = "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _ordinal_words(n: int) -> str:
    if n < 10:
        return _ORDINAL_UNITS[n - 1]
    if n < 20:
        return _ORDINAL_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return _TENS_WORDS[tens - 2].replace("y", "ieth") if unit == 0 else f"{_TENS_WORDS[tens - 2]}-{_ORDINAL_UNITS[unit - 1]}"


@given(st.integers(1, 99), st.sampled_from(["{}", "the {}", "{}-ever", "No. {}", "just the {}", "only the {}",
                                            "the very {}", "only {}"]), st.booleans())
def test_a_place_written_in_words_or_figures_up_to_ninety_nine_is_its_number(n, form, figures):
    from spacekg.curation.templates import _place

    written = form.format(str(n) if figures or form == "No. {}" else _ordinal_words(n))
    assert _place(written, "rank") == _place(written.upper(), "rank") == n


@pytest.mark.parametrize("rank", ["0", "-1", "zeroth", "3.5", "many", "twenty-eleven", "thirty-tenth", "just",
                                  "the very", "only the"])
def test_a_rank_that_is_no_place_is_refused(added: Project, rank):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L9.1", "ordinal", "--holder", "China", "--record",
                 "LunarSoftLanding", "--rank", rank)
    assert result.exit_code == ExitCode.USAGE and "give a place from 1, as 3, 3rd or third" in result.output
    assert files(added) == before


@pytest.mark.parametrize(("written", "count"), [("2", 2), ("two", 2), ("Two", 2), ("twenty-one", 21), ("1,200", 1200),
                                              ("a dozen", 12), ("a hundred and six", 106), (" 3 ", 3),
                                              ("the second time", 2), ("for the 3rd time", 3)])
@pytest.mark.parametrize(("template", "option", "predicate", "extra"), [
    ("count", "--count", "claimedCount", ("--holder", "China", "--kind", "SpaceStation")),
    ("count", "--at-least", "claimedCount", ("--holder", "China", "--kind", "SpaceStation")),
    ("crewed-flight", "--crew", "crewSize", ("--mission", "d:change-4")),
])
def test_a_count_in_digits_or_words_gives_the_same_number(added: Project, written, count, template, option, predicate,
                                                           extra):
    result = run(added, "article", "fact", "a000", "L9.1", template, *extra, option, written)
    assert result.exit_code == 0, result.output
    assert (predicate, str(count)) in {(p.rsplit("#", 1)[-1].rstrip(">"), o.split("^^")[0].strip('"'))
                                       for _, p, o in graph(added, "a000", "L9.1")}


@pytest.mark.parametrize("written", ["-3", "2.5", "twenty-eleven", "many", "", "more than many", "about", "second", "the 3rd"])
def test_a_count_that_is_no_whole_number_is_refused(added: Project, written):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L9.1", "count", "--holder", "China", "--kind", "SpaceStation",
                 "--count", written)
    assert result.exit_code == ExitCode.USAGE and "give a whole number, as 3 or three" in result.output
    assert files(added) == before
    if written in ("second", "the 3rd"):
        assert "is a place in an order: \"the" in result.output


def _ordinal_words(number: int) -> str:
    """``number`` (1 to 99) as an ordinal in words: "first", "twenty-first", "fortieth"."""
    irregular = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
                 "twelve": "twelfth"}
    *head, last = num2words(number)[-1].split("-")
    last = irregular.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return "-".join([*head, last])


@given(number=st.integers(1, 99), form=st.sampled_from(["the {} time", "for the {} time", "a {} time", "{} time",
                                                          "The {}-time"]),
       digits=st.booleans())
def test_the_nth_time_something_was_done_counts_n(number, form, digits):
    from spacekg.curation.templates import cardinal

    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    assert cardinal(form.format(f"{number}{suffix}" if digits else _ordinal_words(number))) == number


@pytest.mark.parametrize(("sentence", "answers", "changed"), [
    ("L31.1", ("superlative", "--holder", "d:yutu", "--words", "the first rover"), ("--holder", "d:yutu-2")),
    ("L31.1", ("superlative", "--holder", "d:yutu", "--words", "the first rover", "--scope", "world", "--kind",
               "first", "--among", "Rover"), ("--among", "Spacecraft")),
    ("L9.1", ("ordinal", "--holder", "China", "--record", "LunarSoftLanding", "--rank", "3"),
     ("--holder", "United States")),
    ("L9.1", ("first", "--holder", "China", "--record", "LunarSoftLanding", "--place", "d:far-side-of-the-moon"),
     ("--holder", "United States"))])
def test_a_claim_answered_again_with_other_answers_is_refused_and_with_the_same_ones_unchanged(
        added: Project, sentence: str, answers: tuple[str, ...], changed: tuple[str, str]):
    # Run again with another --holder, the claim named after its words would have two holders.
    first = run(added, "article", "fact", "a000", sentence, *answers)
    assert first.exit_code == 0, first.output
    before = files(added)
    option, value = changed
    at = answers.index(option) if option in answers else len(answers)
    other = (*answers[:at], option, value, *answers[at + 2:])
    again = run(added, "article", "fact", "a000", sentence, *other)
    assert again.exit_code == ExitCode.USAGE, again.output
    assert "already has the claim" in again.output and "give --id to record another claim" in again.output
    assert files(added) == before
    same = run(added, "article", "fact", "a000", sentence, *answers)
    assert same.exit_code == 0, same.output
    assert files(added) == before


def test_a_claim_takes_no_time_of_its_own(added: Project):
    from spacekg.curation.templates import add_fact
    from spacekg.errors import UsageError

    cli = run(added, "article", "fact", "a000", "L9.1", "ordinal", "--holder", "China", "--record",
              "LunarSoftLanding", "--first", "--when", "in 2019")
    assert cli.exit_code == ExitCode.USAGE and "No such option '--when'" in cli.output
    with pytest.raises(UsageError, match=r"the ordinal template takes no --when \(a claim's time is its event's"):
        add_fact(added, "a000", "L9.1", "ordinal", {"holder": "China", "record": "LunarSoftLanding", "first": True,
                                                    "when": "in 2019"})


def test_a_measure_is_a_property(added: Project):
    bad_measure = run(added, "article", "fact", "a000", "L31.1", "superlative", "--holder", "d:yutu", "--words", "x",
                      "--measure", "durationHours")
    assert bad_measure.exit_code == ExitCode.USAGE
    assert "'durationHours' is not a property of the ontology; did you mean durationDays" in bad_measure.output
    # A property's label without the unit it is counted in names it ("duration in days").
    measured = run(added, "article", "fact", "a000", "L31.1", "superlative", "--holder", "d:yutu", "--words", "x",
                   "--measure", "duration")
    assert "--measure needs --among and --of" in measured.output


# "with the first moon samples in 44 years" (South China Morning Post, 17 December 2020); the
# article here is The Independent's of December 2018.
@pytest.mark.parametrize(("since", "year"), [
    ("1976", 1976), ("42 years", 1976), ("in 42 years", 1976), ("forty-two years", 1976), ("42 years ago", 1976),
    ("for 42 Years", 1976), ("four decades", 1978), ("a decade", 2008),
    ("the Soviet Union's Luna 24 mission in 1976", 1976), ("Luna 24 (1976)", 1976),
])
def test_the_first_since_a_year_takes_the_years_back_the_words_count(added: Project, since, year):
    result = run(added, "article", "fact", "a000", "L31.1", "superlative", "--holder", "d:yutu", "--words",
                 "the first rover in years", "--record", "LunarSoftLanding", "--among", "Rover", "--since", since)
    assert result.exit_code == 0, result.output
    assert (f"<{SKG}sinceYear>", f'"{year}"^^<http://www.w3.org/2001/XMLSchema#integer>') in \
        {(p, o) for _, p, o in graph(added, "a000", "L31.1")}
    assert ("is read as since" in result.stdout) == (since != "1976")


@pytest.mark.parametrize("since", ["over 40 years", "many years", "recent years", "the 1970s", "Luna 24",
                                   "Luna 24 in 1976 and Chang'e 3 in 2013"])
def test_a_since_the_words_give_no_year_of_is_refused(added: Project, since):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L31.1", "superlative", "--holder", "d:yutu", "--words",
                 "the first rover in years", "--record", "LunarSoftLanding", "--among", "Rover", "--since", since)
    assert result.exit_code == ExitCode.USAGE and f"--since {since!r}" in result.stderr, result.output
    assert files(added) == before


@pytest.mark.parametrize(("answers", "missing"), [
    (("--kind", "first", "--scope", "world"), "--kind needs --among"),
    (("--kind", "largest", "--among", "Rover"), "--kind needs --scope"),
    (("--kind", "first"), "--kind needs --among and --scope"),
    (("--measure", "durationDays", "--of", "China"), "--measure needs --among"),
    (("--measure", "durationDays", "--among", "CrewedMission"), "--measure needs --of"),
    (("--since", "1976", "--among", "Rover"), "--since needs --record"),
    (("--since", "1976", "--record", "LunarSoftLanding"), "--since needs --among"),
    (("--kind", "first", "--scope", "world", "--among", "Rover"), None),
    (("--measure", "durationDays", "--of", "China", "--among", "CrewedMission"), None),
    (("--scope", "national"), None),
])
def test_a_superlative_aspect_without_what_it_is_compared_within_is_refused(added: Project, answers, missing):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L31.1", "superlative", "--holder", "d:yutu", "--words",
                 "the first of its kind", *answers)
    if missing:
        assert result.exit_code == ExitCode.USAGE and missing in result.stderr, result.output
        assert files(added) == before
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("holders", [["China"], ["China", "US", "Soviet Union"], ["US", "China"]])
def test_an_exclusive_claim_takes_each_agent_it_names(added: Project, holders):
    # "China now joins the US and the Soviet Union as the only nations to have retrieved samples
    # from the Moon" (BBC, 17 December 2020).
    answers = [arg for holder in holders for arg in ("--holder", holder)]
    result = run(added, "article", "fact", "a000", "L31.1", "only", *answers, "--among", "Country",
                 "--record", "SampleReturn", "--destination", "Moon")
    assert result.exit_code == 0, result.output
    named = {o for _, p, o in graph(added, "a000", "L31.1") if p == f"<{SKG}recordHolder>"}
    entities = {"China": "china", "US": "united-states", "Soviet Union": "soviet-union"}
    assert named == {f"<{D}{entities[h]}>" for h in holders}


@pytest.mark.parametrize(("mission", "mass", "stated"), [
    ("d:change-5", "2kg", False),           # the background cites 1,731 grams: the claim only
    ("d:change-5", "1,731 grams", True),     # the same value: the fact too
    ("d:change-5", "1.731 kilograms", True),
    ("d:change-6", "1935.30 g", True),
    ("d:change-6", "2 kg", False),
])
def test_a_claimed_value_another_graph_gives_otherwise_is_recorded_as_a_claim_only(added: Project, mission, mass,
                                                                                     stated):
    result = run(added, "article", "fact", "a000", "L31.1", "sampling", "--mission", mission, "--mass", mass)
    assert result.exit_code == 0, result.output
    sampling = f"<{D}{mission.removeprefix('d:')}-sampling>"
    triples = graph(added, "a000", "L31.1")
    assert any(s == sampling and p == f"<{SKG}collectedMassGrams>" for s, p, _ in triples) == stated
    assert any(p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>" for _, p, _ in triples)
    assert ("is recorded as its claim only, which the verdict judges against it" in result.stdout) == (not stated)
    assert ("in g:background" in result.stdout) == (not stated)


def test_an_outcome_another_sentence_gives_otherwise_is_recorded_as_a_claim_only(added: Project):
    first = run(added, "article", "fact", "a000", "L31.1", "outcome", "--mission", "d:change-4", "--outcome", "succeeded")
    assert first.exit_code == 0 and "claim only" not in first.stdout, first.output
    second = run(added, "article", "fact", "a000", "L29.1", "outcome", "--mission", "d:change-4", "--outcome", "failed")
    assert second.exit_code == 0, second.output
    assert "d:change-4 has skg:outcome skg:Succeeded in g:a000-L31.1: the sentence's skg:Failed is recorded as its " \
           "claim only" in second.stdout
    assert not any(p == f"<{SKG}outcome>" for s, p, _ in graph(added, "a000", "L29.1") if s == f"<{D}change-4>")
    again = run(added, "article", "fact", "a000", "L9.1", "outcome", "--mission", "d:change-4", "--outcome", "success")
    assert again.exit_code == 0 and "claim only" not in again.stdout, again.output


def test_every_template_lists_its_answers(added: Project):
    from spacekg.curation.templates import TEMPLATES

    for name, template in TEMPLATES.items():
        text = run(added, "article", "fact", "a000", "L1.1", name, "--help").stdout
        assert template.help.split(":")[0] in " ".join(text.split())
        assert all(f"--{a.name}" in text for a in template.all_answers()) and "--modality" in text
        assert ("--when" in text) == template.timed


# --- exclusions ---


def test_excluding_records_the_reason_and_undo_restores_the_sentence_graph(added: Project):
    result = run(added, "article", "exclude", "a000", "L7.1", "--reason", "opinion")
    assert result.stdout == "a000 L7.1: excluded (opinion)\n"
    facts = (added.data_dir / "facts" / "a000.trig").read_text()
    assert 'skg:excluded true ; skg:exclusionReason "opinion" ;' in facts
    assert "g:a000-L7.1 {" not in facts and "g:a000-L7.1 skg:statedIn" not in facts
    assert run(added, "article", "fact", "a000", "L7.1", "report", "--outlet", "Global Times").exit_code == ExitCode.USAGE
    run(added, "article", "exclude", "a000", "L7.1", "--undo")
    facts = (added.data_dir / "facts" / "a000.trig").read_text()
    assert "g:a000-L7.1 {" in facts and "skg:excluded" not in facts and "g:a000-L7.1 skg:statedIn" in facts


@pytest.mark.parametrize("filled", [False, True])
def test_including_a_sentence_that_is_not_excluded_is_refused_and_keeps_its_provenance(added: Project, filled: bool):
    if filled:
        assert run(added, "article", "fact", "a000", "L15.1", "report", "--outlet", "Global Times").exit_code == 0
    before = files(added)
    result = run(added, "article", "exclude", "a000", "L15.1", "--undo")
    assert result.exit_code == ExitCode.USAGE and "a000 L15.1 is not excluded; nothing to include again" in result.stderr
    assert files(added) == before


@pytest.mark.parametrize("typed", [("A000", "l1.1"), (" a000", "L1.1 "), ("a000", "l1.1")])
def test_article_and_sentence_ids_are_taken_in_any_case_and_with_stray_spaces(added: Project, typed: tuple[str, str]):
    result = run(added, "article", "exclude", *typed, "--reason", "a headline")
    assert result.exit_code == 0, result.output
    assert "a000 L1.1: excluded (a headline)" in result.output


def test_a_reported_sentence_cannot_be_excluded_and_lose_who_said_it(added: Project):
    assert run(added, "article", "fact", "a000", "L15.1", "report", "--outlet", "Global Times").exit_code == 0
    before = files(added)
    result = run(added, "article", "exclude", "a000", "L15.1", "--reason", "opinion")
    assert result.exit_code == ExitCode.USAGE
    assert "a000 L15.1 is attributed to d:global-times" in result.stderr and files(added) == before


def test_a_template_run_again_says_the_sentence_states_it_already(added: Project):
    answers = ("article", "fact", "a000", "L3.1", "thing", "--entity", "China", "--description", "a country")
    first = run(added, *answers).stdout
    assert "(the sentence states them already)" not in first
    assert first.splitlines()[0] == "a000 L3.1: 1 triple added, modality skg:Asserted"  # one, not "1 triples"
    assert "1 triple added" not in run(added, *answers).stdout.splitlines()[0]
    assert run(added, *answers).stdout.startswith("a000 L3.1: 0 triples added (the sentence states them already)")


@pytest.mark.parametrize("written", [
    "    d:china skg:description \"a country\"@en",  # TriG lets a graph's last statement end at its "}"
    "    d:china skg:description \"a country\"@en ;",
    "    d:china skg:description \"a country; a #1\"@en ;\n    # written by hand",
    "    d:china skg:description \"a country\"@en   # written by hand",
    "    d:china skg:description \"a country\"@en .",
])
def test_facts_are_added_after_a_hand_written_statement_whatever_it_ends_with(added: Project, written: str):
    path = added.data_dir / "facts" / "a000.trig"
    path.write_text(path.read_text().replace("g:a000-L3.1 {\n}", f"g:a000-L3.1 {{\n{written}\n}}"))
    result = run(added, "article", "fact", "a000", "L3.1", "thing", "--entity", "China", "--class", "Country")
    assert result.exit_code == 0, result.output
    assert {(s, p) for s, p, _ in graph(added, "a000", "L3.1")} == {
        (f"<{D}china>", f"<{SKG}description>"), (f"<{D}china>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>")}
    assert written.split("\n")[-1].split("#")[0].rstrip(" .;") in path.read_text()


def test_a_sentence_that_states_facts_cannot_be_excluded(added: Project):
    run(added, "article", "fact", "a000", "L35.1", "crewed-flight", "--mission", "d:shenzhou-5", "--series", "1")
    result = run(added, "article", "exclude", "a000", "L35.1", "--reason", "opinion")
    assert result.exit_code == ExitCode.USAGE and "states facts in its graph" in result.output
    assert run(added, "article", "exclude", "a000", "L35.2").exit_code == ExitCode.USAGE


def test_a_blank_node_in_the_provenance_block_is_an_input_error_not_a_crash(added: Project):
    path = added.data_dir / "facts" / "a000.trig"
    text = path.read_text()
    path.write_text(text.replace("g:provenance {\n", "g:provenance {\n    g:a000-L7.1 skg:attributedTo [ a skg:Person ] .\n", 1))
    before = files(added)
    result = run(added, "article", "exclude", "a000", "L7.1", "--reason", "opinion")
    assert result.exit_code == ExitCode.INPUT and "g:provenance holds a blank node" in result.output
    assert files(added) == before


@pytest.mark.parametrize("article", ["../background", "a999", "a0000", "a000.trig"])
def test_an_article_id_names_a_registered_article_and_nothing_else(added: Project, article: str):
    before = files(added)
    result = run(added, "article", "exclude", article, "L1.1", "--reason", "opinion")
    assert result.exit_code == ExitCode.USAGE
    assert f"no article {article!r} (articles: a000)" in result.output
    assert files(added) == before


@pytest.mark.parametrize("days", ["nan", "inf", "-inf", "1e16", "-1"])
def test_a_number_answer_must_be_finite_and_in_range(added: Project, days: str):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", "crewed-flight", "--mission", "d:shenzhou-5",
                 "--days", days)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "--days" in result.output and files(added) == before


@pytest.mark.parametrize(("days", "recorded"), [("90", "90"), ("ninety", "90"), ("90 days", "90"), ("90-day", "90"),
                                                ("Ninety Days", "90"), ("three weeks", "21"), ("a week", "7"),
                                                ("2.5 days", "2.5"), ("a fortnight", "14"), ("one day", "1"),
                                                ("a 192-day stay", "192"), ("a ninety-day mission", "90"),
                                                ("a 33-day stay aboard Tiangong-2", "33"), ("an 8-day trip", "8")])
def test_a_length_in_days_is_taken_as_the_article_writes_it(added: Project, days: str, recorded: str):
    result = run(added, "article", "fact", "a000", "L3.1", "crewed-flight", "--mission", "d:shenzhou-5",
                 "--days", days)
    assert result.exit_code == 0, result.output
    values = {o for _, p, o in graph(added, "a000", "L3.1") if p.endswith("#durationDays>")}
    assert values and {v.split('"')[1] for v in values} == {recorded}, values


@pytest.mark.parametrize(("days", "unit"), [("six months", "month"), ("six-month", "month"), ("3 months", "month"),
                                            ("a year", "year"), ("two years", "year")])
def test_a_length_in_months_or_years_is_refused_with_the_reason(added: Project, days: str, unit: str):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", "crewed-flight", "--mission", "d:shenzhou-5",
                 "--days", days)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert f"--days {days!r}: a {unit} has no fixed number of days, and durations are recorded and judged in " \
           "days" in result.stderr and files(added) == before


def test_a_length_that_is_no_number_of_days_says_how_to_write_one(added: Project):
    result = run(added, "article", "fact", "a000", "L3.1", "crewed-flight", "--mission", "d:shenzhou-5",
                 "--days", "soon")
    assert result.exit_code == ExitCode.USAGE
    assert "--days 'soon': give the number of days, as 90, ninety, 90 days or three weeks" in result.stderr


@pytest.mark.parametrize("days,written", [("0.0000001", '"0.0000001"'), ("1e-3", '"0.001"'), ("2.5", '"2.5"'),
                                          ("1e3", '"1000"')])
def test_a_number_is_written_in_the_lexical_form_of_its_datatype(added: Project, days: str, written: str):
    result = run(added, "article", "fact", "a000", "L3.1", "crewed-flight", "--mission", "d:shenzhou-5",
                 "--days", days)
    assert result.exit_code == 0, result.output
    values = {o for _, p, o in graph(added, "a000", "L3.1") if p.endswith("#durationDays>")}
    assert len(values) == 1 and next(iter(values)).startswith(written), values


# --- commands that change the same files at once, and registrations that stop half way ---


def test_curation_commands_run_at_once_keep_every_change(added: Project):
    sentences = [s.sentence_id for s in split_sentences((added.articles_dir / "a000.txt").read_text())][:6]
    commands = [subprocess.Popen([sys.executable, "-m", "spacekg", "--root", str(added.root), "article", "fact", "a000",
                                  sid, "thing", "--entity", "d:china", "--description", f"said in {sid}"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for sid in sentences]
    assert [c.wait(timeout=120) for c in commands] == [0] * len(commands)
    for sid in sentences:
        assert (D + "china", SKG + "description") in {(s.strip("<>"), p.strip("<>")) for s, p, _ in
                                                      graph(added, "a000", sid)}, sid


def test_a_command_waits_for_the_edit_lock_and_then_writes(added: Project):
    from spacekg.curation.workflow import editing

    held = threading.Event()
    released: list[float] = []

    def hold() -> None:
        with editing(added):
            held.set()
            time.sleep(0.5)
            released.append(time.monotonic())

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    result = run(added, "article", "exclude", "a000", "L1.1", "--reason", "a headline")
    finished = time.monotonic()
    holder.join()
    assert result.exit_code == 0, result.output
    assert released and finished >= released[0]  # it wrote only once the holder let go
    assert "a headline" in (added.data_dir / "facts" / "a000.trig").read_text()


@pytest.mark.parametrize("cache", ["made", "unmade"])
def test_a_read_only_cache_stops_an_edit_saying_which_directory_must_be_writable(added: Project, cache: str):
    """A real read-only file system (a bind mount in a mount namespace of its own): as root, no
    permission bit stops a write."""
    if cache == "made":
        added.edit_lock.unlink(missing_ok=True)
        mounted = added.cache_dir
    else:
        shutil.rmtree(added.root / ".spacekg", ignore_errors=True)
        (added.root / ".spacekg").mkdir()
        mounted = added.root / ".spacekg"
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    probe = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(mounted), "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no read-only mount here: {probe.stderr.decode().strip()}")
    before = (added.data_dir / "facts" / "a000.trig").read_bytes()
    done = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(mounted), sys.executable, "-m", "spacekg",
                           "--root", str(added.root), "article", "exclude", "a000", "L1.1", "--reason", "a headline"],
                          capture_output=True, text=True)
    assert done.returncode == ExitCode.INPUT and done.stdout == "", done.stderr
    assert done.stderr.startswith("Error: ") and "Read-only file system" in done.stderr, done.stderr
    assert f"so its directory {added.cache_dir} must be writable: make it writable, or work on a copy" in done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert (added.data_dir / "facts" / "a000.trig").read_bytes() == before


def test_a_lock_held_too_long_is_a_limit_error_naming_the_lock(tmp_path: Path):
    from spacekg.errors import LimitError
    from spacekg.sources.files import taking_turns

    lock = tmp_path / "edit.lock"
    with taking_turns(lock, "changing files"):
        with pytest.raises(LimitError, match=rf"has been changing files for over 0 s \(it holds {lock}\)"):
            with taking_turns(lock, "changing files", wait=0.1):
                pass
    with taking_turns(lock, "changing files", wait=0.1):  # released when the holder ended
        pass


_PAUSED_REGISTRATION = """
import sys
from spacekg.curation import register
from spacekg.cli import main

where = sys.argv[1].split(".")
owner = register
for name in where[:-1]:
    owner = getattr(owner, name)
real = getattr(owner, where[-1])

def paused(*args, **kwargs):  # the registration waits here until the test lets it go on
    if where != ["write_atomic"] or args[0].name == "sources.ttl":
        print("paused", flush=True)
        sys.stdin.readline()
    return real(*args, **kwargs)

setattr(owner, where[-1], paused)
sys.argv = ["spacekg", *sys.argv[2:]]
main()
"""


@pytest.mark.slow
@pytest.mark.parametrize(("command", "where"), [
    ("build", "FactsFile.save"),  # its text written
    ("build", "write_atomic"),  # all but its source record written
    ("check", "write_atomic"),
])
def test_a_build_or_check_while_an_article_is_registered_waits_for_it_and_reads_it_whole(fresh: Project, command: str,
                                                                                         where: str):
    adding = subprocess.Popen([sys.executable, "-c", _PAUSED_REGISTRATION, where, "--root", str(fresh.root),
                               "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert adding.stdin is not None and adding.stdout is not None and adding.stdout.readline() == "paused\n"
    reading = subprocess.Popen([sys.executable, "-m", "spacekg", "--root", str(fresh.root), command, "--as-of",
                                "2026-11-21"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    waiting = "build: waiting for a command that is changing the project's files to end"
    before = []
    if command == "build":
        # Until the build says it waits, or ends without waiting: a fixed pause lost the race on a busy machine.
        assert reading.stderr is not None
        while (line := reading.stderr.readline()) and waiting not in line:
            before.append(line)
        before.append(line)
    else:
        time.sleep(1.0)  # it reads the project meanwhile, or waits
    adding.stdin.write("go on\n")
    adding.stdin.close()
    assert adding.wait(timeout=120) == 0
    out, err = reading.communicate(timeout=120)
    err = "".join(before) + err
    if command == "build":
        assert reading.returncode == 0, err
        assert waiting in err
        assert run(fresh, "sparql", "ASK { ?a skg:fileName \"data/articles/a000.txt\" }", "-f", "csv", "--as-of",
                   "2026-11-21").stdout == "true\n"
    else:
        assert "Traceback" not in err and "article:unfinished" not in out, out  # it read the registration whole


@pytest.mark.parametrize("text", ["a002.txt", "a001.txt"])
def test_an_article_removed_and_added_again_keeps_the_decisions_of_its_review(fresh: Project, text: str):
    sources = fresh.data_dir / "sources.ttl"
    before = sources.read_bytes() if sources.exists() else None
    assert run(fresh, "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT).exit_code == 0
    edit_review(fresh, decisions({**MISTAKE, ("L1.1", "China"): ("", "", "no")}))
    review = fresh.data_dir / "curation" / "a000-links.tsv"
    decided = [line for line in review.read_text().splitlines() if line.endswith(("\tyes", "\tno"))]
    assert len(decided) == 3
    # Removed as check advises: its record, its facts file and its text.
    if before is None:
        sources.unlink()
    else:
        sources.write_bytes(before)
    (fresh.data_dir / "facts" / "a000.trig").unlink()
    (fresh.articles_dir / "a000.txt").unlink()
    again = run(fresh, "article", "add", str(ARTICLES / text), *INDEPENDENT)
    assert again.exit_code == 0, again.output
    kept = [line for line in review.read_text().splitlines() if line.endswith(("\tyes", "\tno"))]
    if text == "a002.txt":  # the same text: every decision stays, where it was
        assert kept == decided and "kept 3 decided rows of the earlier data/curation/a000-links.tsv" in again.stdout
    else:  # another text under the same id: the decisions were about other words
        assert kept == [] and "kept" not in again.stdout


@pytest.mark.parametrize(("written", "sentence"), [
    ("L3.1", "L3.1"), ("l3.1", "L3.1"), ("3.1", "L3.1"), ("L03.01", "L3.1"), (" L3.1 ", "L3.1"),
    ("a000-L3.1", "L3.1"), ("g:a000-L3.1", "L3.1"), ("src:A000-l3.1", "L3.1")])
@pytest.mark.parametrize("article", ["a000", "A000", "a0", "a00", " a0 "])
def test_a_sentence_of_an_article_is_named_in_any_usual_spelling(added: Project, article: str, written: str,
                                                                 sentence: str):
    result = run(added, "article", "exclude", article, written, "--reason", "test")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"a000 {sentence}: excluded")


def test_a_sentence_named_as_another_articles_is_refused(added: Project):
    before = files(added)
    result = run(added, "article", "exclude", "a000", "g:a001-L3.1", "--reason", "test")
    assert result.exit_code == ExitCode.USAGE and "'g:a001-L3.1' is a sentence of a001, not of a000" in result.output
    assert files(added) == before


@pytest.mark.parametrize(("given", "refused"), [("a0010", "write it a010"), ("a00003", "write it a003"),
                                                ("a01000", "write it a1000"), ("a12", "three or more digits"),
                                                ("a010", None), ("a1000", None)])
def test_an_article_id_is_written_one_way_only(fresh: Project, given: str, refused: str | None):
    result = run(fresh, "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT, "--id", given)
    if refused:
        assert result.exit_code == ExitCode.USAGE and refused in result.stderr, result.output
        assert not fresh.articles_dir.exists() or not any(fresh.articles_dir.iterdir())
    else:
        assert result.exit_code == 0 and result.stdout.startswith(f"registered {given}:"), result.output


@pytest.mark.parametrize("chain", [("--via", "The Independent"), ("--via", "Global Times", "--via", "global times"),
                                   ("--via", "d:global-times", "--via", "New York Times", "--via", "Global Times")])
def test_an_attribution_chain_names_each_outlet_once_and_not_the_publisher(fresh: Project, chain):
    before = files(fresh)
    result = run(fresh, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent", *chain,
                 "--published", "2018-12-07")
    assert result.exit_code == ExitCode.USAGE and "twice in the chain" in result.stderr, result.output
    assert files(fresh) == before


@pytest.mark.parametrize("stop_at", ["facts", "entities.ttl", "links.tsv", "sources.ttl"])
def test_a_registration_stopped_half_way_is_finished_by_adding_the_text_again(
        fresh: Project, monkeypatch: pytest.MonkeyPatch, stop_at: str):
    from spacekg.curation import register as registration
    from spacekg.curation import review
    from spacekg.errors import OutputError

    real = registration.write_atomic

    def failing(path: Path, data: bytes, **kw) -> None:
        if path.name.endswith(stop_at) or (stop_at == "facts" and path.suffix == ".trig"):
            raise OutputError(f"{path}: cannot write: No space left on device")
        real(path, data, **kw)

    monkeypatch.setattr(registration, "write_atomic", failing)
    monkeypatch.setattr(review, "write_atomic", failing)
    if stop_at == "facts":
        monkeypatch.setattr(registration.FactsFile, "save", lambda self: failing(self.path, b""))
    args = ("article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Daily Planet", "--new-outlet",
            "--published", "2018-12-07")
    assert run(fresh, *args).exit_code == ExitCode.INPUT
    monkeypatch.undo()
    for checked in (run(fresh, "check"), run(fresh, "check", "--article", "a000")):
        assert checked.exit_code == ExitCode.FINDINGS, checked.output
        assert "error    article:unfinished  a000" in checked.stdout and "run the same `spacekg article add` again" \
            in checked.stdout
        assert "shacl:Sentence" not in checked.stdout
    again = run(fresh, *args)
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("registered a000:")
    assert sorted(p.name for p in fresh.articles_dir.iterdir()) == ["a000.txt"]
    assert (fresh.data_dir / "sources.ttl").read_text().count("src:a000 a skg:SourceDocument") == 1
    assert (fresh.data_dir / "entities.ttl").read_text().count("d:the-daily-planet a skg:NewsOrganization") == 1
    assert run(fresh, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Daily Planet",
               "--published", "2018-12-07").exit_code == ExitCode.USAGE  # now registered: a duplicate


def test_sentence_coverage_counts_only_sentences_whose_graph_states_a_fact(added: Project):
    def covered() -> str:
        result = run(added, "query", "sentence-coverage", "-f", "csv", "--as-of", "2026-11-21")
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()[1].split(",")[2]

    assert covered() == "0"  # the skeleton gives each sentence an empty graph
    assert run(added, "article", "fact", "a000", "L3.1", "thing", "--entity", "China",
               "--description", "a country").exit_code == 0
    assert covered() == "1"


@pytest.mark.parametrize("words", ["left a Chinese mark on Mars for the first time",
                                   "the most ambitious interplanetary exploration programme ever attempted",
                                   "Supercalifragilisticexpialidociousnessfulness beyond measure"])
@pytest.mark.parametrize(("template", "option", "extra", "prefix"), [
    ("superlative", "--words", ("--holder", "China"), "claim-a000-L9.1-"),
    ("plan", "--goal", ("--by", "China", "--event-type", "LaunchEvent", "--target", "Mars"), "plan-a000-"),
])
def test_a_node_named_after_long_words_is_cut_after_a_whole_word(added: Project, words, template, option, extra,
                                                                 prefix):
    from spacekg.curation.linker import slug

    result = run(added, "article", "fact", "a000", "L9.1", template, option, words, *extra)
    assert result.exit_code == 0, result.output
    (node,) = {s.strip("<>").removeprefix(D + prefix) for s, _, _ in graph(added, "a000", "L9.1")
               if s.startswith(f"<{D}{prefix}")}
    limit = 40 if template == "superlative" else 60
    assert 0 < len(node) <= limit
    whole = slug(words).split("-")
    assert node.split("-") == whole[: len(node.split("-"))] or (len(whole[0]) > limit and whole[0].startswith(node))


@pytest.mark.parametrize(("about", "prop", "answer", "refused"), [
    ("d:change-4-landing", "landingSite", ("--entity", "d:von-karman-crater"), ""),
    ("d:change-4-launch", "landingSite", ("--entity", "d:von-karman-crater"), "is said of"),
    ("d:china", "landingSite", ("--entity", "d:von-karman-crater"), "is said of"),
    ("d:change-4-landing", "launchSite", ("--entity", "d:xichang"), "is said of"),
    ("d:change-4-launch", "launchSite", ("--entity", "d:xichang"), ""),
    ("d:change-4-launch", "launchSite", ("--entity", "d:change-4-lander"), "takes"),
    ("d:change-4-landing", "landingSite", ("--entity", "d:change-4-launch"), "takes"),
    ("d:china", "crewSize", ("--number", "2"), "is said of"),
])
def test_a_statement_about_a_thing_its_property_is_not_said_of_is_refused(added: Project, about, prop, answer,
                                                                          refused):
    """A statement claim is reified, so OWL draws no kind from it: the template checks the
    property's domain against what the claim is about, and its range against the value."""
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", "statement", "--about", about, "--property", prop, *answer)
    if refused:
        assert result.exit_code == ExitCode.USAGE and f"which skg:{prop} {refused}" in result.output
        assert files(added) == before
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("kind", ["OrbitEvent", "OrbitInsertion", "Flyby", "Construction", "Operation", "Discovery"])
def test_an_event_no_other_template_records_is_filled_with_its_kind_participants_and_time(added: Project, kind):
    # "At 1 o'clock in the morning today, the Tianwen-1 probe was de-orbited in its parked orbit"
    # (a Weibo post of the Zhurong rover, in English): an orbit, dated, had to be written by hand.
    orbit = ("--orbited", "d:moon") if kind in ("OrbitEvent", "OrbitInsertion", "Flyby") else ()
    result = run(added, "article", "fact", "a000", "L17.1", "event", "--id", "change-4-arrival", "--class", kind,
                 "--participant", "d:change-4-lander", *orbit, "--by", "China", "--when", "in early January",
                 "--modality", "expected", "--description", "will reach the finish of Von Kármán Crater")
    assert result.exit_code == 0, result.output
    made = {(p.rsplit("#", 1)[-1], o) for s, p, o in graph(added, "a000", "L17.1") if s == f"<{D}change-4-arrival>"}
    assert {("type>", f"<{SKG}{kind}>"), ("hasParticipant>", f"<{D}change-4-lander>"), ("achievedBy>", f"<{D}china>"),
            ("earliestTime>", '"2019-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>'),
            ("timePrecision>", f"<{SKG}PrecisionPartOfMonth>")} <= made
    assert (("orbitedBody>", f"<{D}moon>") in made) == bool(orbit)


@pytest.mark.parametrize(("answers", "message"), [
    (("--class", "LaunchEvent"), "the launch template records this kind of event"),
    (("--class", "LunarSoftLanding"), "the landing template records this kind of event"),
    (("--class", "CrewedMission"), "the crewed-flight template records this kind of event"),
    (("--class", "Docking"), "the docking template records this kind of event"),
    (("--class", "SampleReturn"), "the sample-return template records this kind of event"),
    (("--class", "Rover"), "--class skg:Rover is no kind of event"),
    (("--class", "Construction", "--orbited", "d:moon"), "--orbited is said of an orbit"),
])
def test_an_event_of_another_templates_kind_or_no_event_is_refused_with_the_way(added: Project, answers, message):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L17.1", "event", "--id", "change-4-arrival", *answers)
    assert result.exit_code == ExitCode.USAGE and message in result.stderr, result.output
    assert files(added) == before


def test_an_event_needs_its_name(added: Project):
    result = run(added, "article", "fact", "a000", "L17.1", "event", "--class", "OrbitInsertion")
    assert result.exit_code == ExitCode.USAGE and "the event template needs --id" in result.stderr
    result = run(added, "article", "fact", "a000", "L17.1", "event", "--class", "OrbitInsertion",
                 "--participant", "d:queqiao", "--participant", "d:change-4")
    assert result.exit_code == ExitCode.USAGE and "or --mission or one --participant to name it after" in result.stderr


@pytest.mark.parametrize(("answers", "node", "label"), [
    (("--participant", "d:queqiao"), "queqiao-orbit-insertion", "Queqiao orbit insertion"),
    (("--mission", "d:change-4", "--participant", "d:queqiao"), "change-4-orbit-insertion", "Chang'e 4 orbit insertion"),
])
def test_an_event_of_one_thing_is_named_after_it_and_its_kind(added: Project, answers, node, label):
    # "Zhurong rolled down a ramp": the event template names the event as a launch is named.
    result = run(added, "article", "fact", "a000", "L17.1", "event", "--class", "OrbitInsertion", *answers)
    assert result.exit_code == 0, result.output
    facts = graph(added, "a000", "L17.1")
    assert (f"<{D}{node}>", "<http://www.w3.org/2000/01/rdf-schema#label>", f'"{label}"@en') in facts


@pytest.mark.parametrize(("words", "tz", "earliest"), [
    ("at 10.40am Beijing time (0240 GMT)", "+01:00", "2018-12-11T16:00:00Z"),
    ("at 0240 GMT (10.40am Beijing time)", "+08:00", "2018-12-12T00:00:00Z"),
    ("at 10:40 a.m. Moscow time", "-05:00", "2018-12-11T21:00:00Z"),
    ("at 10:40 a.m.", "-05:00", "2018-12-12T05:00:00Z"),
])
def test_a_day_given_by_hand_beside_a_clock_time_is_the_day_of_the_zone_its_words_name(added: Project, words, tz,
                                                                                      earliest):
    # A British paper's "rolled down a ramp at 10.40am Beijing time (0240 GMT)", dated by another
    # sentence: --date is the day of the words' own clock, as a day in the words would be.
    result = run(added, "article", "fact", "a000", "L17.1", "event", "--class", "OrbitInsertion", "--participant",
                 "d:queqiao", "--when", words, "--date", "2018-12-12", "--tz", tz)
    assert result.exit_code == 0, result.output
    starts = {o for _, p, o in graph(added, "a000", "L17.1") if p == f"<{SKG}earliestTime>"}
    assert starts == {f'"{earliest}"^^<http://www.w3.org/2001/XMLSchema#dateTime>'}


@pytest.mark.parametrize(("tz", "words", "offset", "basis"), [
    # A Weibo post of the Zhurong rover, in English, registered at Beijing's offset: "it
    # successfully soft-landed at 7:18 this morning"; the claim had been left without a zone.
    (("--tz", "+08:00"), "at 7:18 this morning", "+08:00", "dateline's or publisher's"),
    (("--tz", "-05:00"), "at 7:18", "-05:00", "dateline's or publisher's"),
    (("--tz", "-05:00"), "at 7:18 a.m. Beijing time", "+08:00", "stated"),
    (("--tz", "+08:00"), "7:18 GMT", "+00:00", "stated"),
    (("--tz", "+08:00"), "at 7:18 a.m. ET", None, None),  # daylight saving time: which offset is the words'
    ((), "at 7:18 this morning", None, None),              # no zone registered: none is guessed
])
def test_a_clock_time_without_an_offset_is_read_in_the_zone_of_its_words_or_of_the_article(fresh: Project, tz,
                                                                                            words, offset, basis):
    assert run(fresh, "article", "add", str(ARTICLES / "a002.txt"), *INDEPENDENT, *tz).exit_code == 0
    result = run(fresh, "article", "fact", "a000", "L15.1", "time-of-day", "--about", "d:change-4-launch",
                 "--clock", "7:18", "--words", words)
    assert result.exit_code == 0, result.output
    made = {p.rsplit("#", 1)[-1].rstrip(">"): o for _, p, o in graph(fresh, "a000", "L15.1")}
    assert made.get("claimedUtcOffset") == (f'"{offset}"' if offset else None)
    assert (basis in made["zoneBasis"]) if basis else ("zoneBasis" not in made)
    assert ("the article's --tz" in result.output) == (basis == "dateline's or publisher's")


@pytest.mark.parametrize("words", ["At 4 o\u2019clock", "at 10 p.m.", "Shortly after 9 am"])
def test_a_clock_time_without_its_day_is_dated_by_hand_as_the_refusal_says(added: Project, words):
    # "At 4 o'clock, the landing patrol and the orbiter separated." (a Weibo post of the Zhurong
    # rover, in English): the day is the previous sentence's "today".
    answers = ("article", "fact", "a000", "L17.1", "event", "--id", "separation", "--class", "Event", "--when", words)
    refused = run(added, *answers)
    assert refused.exit_code == ExitCode.USAGE and "or with --date YYYY-MM-DD beside these words" in refused.stderr
    done = run(added, *answers, "--date", "2018-12-08")
    assert done.exit_code == 0, done.output
    made = {(p.rsplit("#", 1)[-1], o) for s, p, o in graph(added, "a000", "L17.1") if s == f"<{D}separation>"}
    assert ("timePrecision>", f"<{SKG}PrecisionDay>") in made


@pytest.mark.parametrize(("flag", "attempts"), [(("--attempts",), True), ((), False)])
def test_a_count_of_attempts_says_so_on_its_claim(added: Project, flag, attempts):
    # "only 9 of the 21 Mars landing missions that have been carried out in the world have been
    # successful" (a Weibo post of the Zhurong rover, in English): the 21 include the failures.
    result = run(added, "article", "fact", "a000", "L35.2", "count", "--id", "landings", "--kind", "SoftLanding",
                 "--count", "21", "--destination", "Mars", *flag)
    assert result.exit_code == 0, result.output
    made = {p.rsplit("#", 1)[-1].rstrip(">"): o for _, p, o in graph(added, "a000", "L35.2")}
    assert (made.get("countsAttempts") == '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>') == attempts



@pytest.mark.parametrize(("words", "start", "end"), [
    ("in 2017", "2017-01-01T00:00:00Z", "2017-12-31T23:59:59Z"),
    ("between 2013 and 2016", "2013-01-01T00:00:00Z", "2016-12-31T23:59:59Z"),
    ("in the 2010s", "2010-01-01T00:00:00Z", "2019-12-31T23:59:59Z"),
    ("in the first half of 2018", "2018-01-01T00:00:00Z", "2018-06-30T23:59:59Z"),
    ("since 2013", "2013-01-01T00:00:00Z", None), ("by 2017", None, "2017-12-31T23:59:59Z")])
def test_a_count_in_a_period_records_the_period_its_words_give(added: Project, words, start, end):
    # "China carried out 39 launches in 2018": what is counted is what that year holds.
    result = run(added, "article", "fact", "a000", "L35.2", "count", "--id", "launches", "--kind", "LaunchEvent",
                 "--holder", "China", "--count", "39", "--when", words)
    assert result.exit_code == 0, result.output
    made = {p.rsplit("#", 1)[-1].rstrip(">"): o for s, p, o in graph(added, "a000", "L35.2")
            if s == f"<{D}claim-a000-L35.2-launches>"}
    assert made["periodExpression"] == f'"{words}"@en'
    for name, instant in (("periodStart", start), ("periodEnd", end)):
        assert made.get(name) == (f'"{instant}"^^<http://www.w3.org/2001/XMLSchema#dateTime>' if instant else None)
    assert "earliestTime" not in made and "timeExpression" not in made


@pytest.mark.parametrize("when", ["last week", "on Friday", "in 2017"])
def test_a_count_period_read_at_another_offset_says_so_and_passes_the_date_check(added: Project, when):
    result = run(added, "article", "fact", "a000", "L35.2", "count", "--id", "launches", "--kind", "LaunchEvent",
                 "--count", "3", "--when", when, "--tz", "+08:00")
    assert result.exit_code == 0, result.output
    made = {p.rsplit("#", 1)[-1].rstrip(">"): o for s, p, o in graph(added, "a000", "L35.2")
            if s == f"<{D}claim-a000-L35.2-launches>"}
    assert (made.get("windowUtcOffset") == '"+08:00"') == (when != "in 2017")
    checked = run(added, "check", "--article", "a000", "--as-of", "2026-11-21")
    assert "the count's period" not in checked.stdout and "shacl:WindowOffset" not in checked.stdout, checked.stdout

def test_a_count_is_not_counted_from_an_event(added: Project):
    result = run(added, "article", "fact", "a000", "L35.2", "count", "--id", "launches", "--kind", "LaunchEvent",
                 "--count", "3", "--when", "a year later", "--after", "d:change-4-launch")
    assert result.exit_code == ExitCode.USAGE and "--after dates an event from another, not a period" in result.stderr
    assert not [s for s, _, _ in graph(added, "a000", "L35.2") if s == f"<{D}claim-a000-L35.2-launches>"]

# --- publication dates as pages and feeds give them ---

_DAYS = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2025, 12, 31))


@given(_DAYS, st.sampled_from(["{d:%Y/%m/%d}", "{d:%Y.%m.%d}", "{d:%Y%m%d}", "{d.year}-{d.month}-{d.day}"]))
def test_a_publication_day_in_figures_year_first_is_that_day(day, form):
    from spacekg.curation.register import Publication

    assert Publication.parse(form.format(d=day), None).first == day


@given(_DAYS, st.sampled_from(["3:04 PM", "3:04 p.m.", "08:00", "11:59 pm"]),
       st.sampled_from([("EST", -5), ("Beijing time", 8), ("GMT+8", 8), ("UTC", 0), ("GMT", 0)]),
       st.sampled_from(["{d:%b} {d.day} {d.year} {clock} {zone}", "{d:%B} {d.day}, {d.year}, {clock} {zone}",
                        "{d.day} {d:%b} {d.year} {clock} {zone}"]))
def test_a_publication_day_written_with_its_clock_and_zone_is_that_day_in_that_zone(day, clock, zone, form):
    # "Dec 5, 2024 3:04 p.m. EST" was read as the two UTC days the day at UTC-05:00 spans.
    from spacekg.curation.register import Publication

    name, hours = zone
    published = Publication.parse(form.format(d=day, clock=clock, zone=name), None)
    assert (published.first, published.last) == (day, None)
    assert published.stated_offset == (datetime.timedelta(hours=hours) if hours else None)


@given(_DAYS, st.sampled_from(["Published", "published on", "Published:", "Posted", "First published", "POSTED ON"]),
       st.sampled_from(["{d:%B} {d.day}, {d.year}", "{clock} EDT, {d:%B} {d.day}, {d.year}", "{d:%Y-%m-%d}",
                        "{d.day} {d:%b} {d.year} {clock} GMT"]))
def test_a_publication_day_copied_with_the_pages_word_for_it_is_that_day(day, word, form):
    # AP's pages print "Published 2:07 AM EDT, June 25, 2024".
    from spacekg.curation.register import Publication

    written = form.format(d=day, clock="2:07 AM")
    assert Publication.parse(f"{word} {written}", None) == Publication.parse(written, None)


@pytest.mark.parametrize("word", ["Updated", "Last updated:", "updated on", "Modified", "Last modified:"])
def test_an_update_time_given_as_the_publication_day_is_refused(word):
    # The page's update time is when the article changed, after it appeared.
    from spacekg.curation.register import Publication

    with pytest.raises(UsageError, match="an update's time is when the article was changed, not when it appeared"):
        Publication.parse(f"{word} 6:07 AM GMT, June 25, 2024", None)


def test_a_publication_day_in_another_zone_than_tz_asks_for_the_instant():
    from spacekg.curation.register import Publication

    with pytest.raises(UsageError, match="is a day at UTC\\+08:00, and --tz says UTC-05:00: give the instant"):
        Publication.parse("Dec 5, 2024, Beijing time", None, utc_offset=datetime.timedelta(hours=-5))
    # With its clock time, the day is an instant's: its day at --tz.
    stamped = Publication.parse("Dec 5, 2024 3:04 p.m. EST", None, utc_offset=datetime.timedelta(hours=8))
    assert stamped.first == datetime.date(2024, 12, 6)

@given(_DAYS, st.sampled_from(["/", ".", "-"]))
def test_a_publication_day_in_figures_year_last_is_read_only_when_its_order_is_certain(day, sep):
    from spacekg.curation.register import Publication

    day_first, month_first = f"{day.day}{sep}{day.month}{sep}{day.year}", f"{day.month}{sep}{day.day}{sep}{day.year}"
    if day.day > 12 or day.day == day.month:
        assert Publication.parse(day_first, None).first == Publication.parse(month_first, None).first == day
    else:
        for value in (day_first, month_first):
            with pytest.raises(UsageError, match="as the day or the month comes first: write it YYYY-MM-DD"):
                Publication.parse(value, None)


@given(st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2025, 12, 31)),
       st.integers(-12 * 4, 14 * 4).map(lambda q: datetime.timedelta(minutes=15 * q)),
       st.one_of(st.none(), st.integers(-12, 14).map(lambda h: datetime.timedelta(hours=h))),
       st.sampled_from(["iso", "iso-z", "iso-basic", "feed"]))
def test_a_timestamp_gives_its_day_at_the_articles_offset_or_else_at_its_own(moment, offset, tz, form):
    from email.utils import format_datetime

    from spacekg.curation.register import Publication

    instant = moment.replace(microsecond=0, tzinfo=datetime.timezone(offset))
    if form == "iso-z":
        instant = instant.astimezone(datetime.timezone.utc)
    value = format_datetime(instant) if form == "feed" else instant.isoformat().replace("+00:00", "Z" if form == "iso-z" else "+00:00")
    if form == "iso-basic":  # the offset without its colon, or without its minutes when they are 00
        value = value[:-3] if value.endswith(":00") else value[:-3] + value[-2:]
    published = Publication.parse(value, None, utc_offset=tz)
    own = instant.utcoffset()
    assert published.first == instant.astimezone(datetime.timezone(tz if tz is not None else own)).date()
    assert published.stated_offset == (own or None) and published.last is None


def test_a_feed_timestamp_whose_weekday_is_not_its_days_is_refused():
    from spacekg.curation.register import Publication

    with pytest.raises(UsageError, match="17 Dec 2020 is a Thursday, not Fri"):
        Publication.parse("Fri, 17 Dec 2020 01:30:00 +0000", None)


def test_a_timestamp_sets_the_articles_offset_when_tz_is_not_given(fresh: Project):
    result = run(fresh, "article", "add", str(ARTICLES / "a002.txt"), "--outlet", "The Independent",
                 "--published", "2018-12-07T23:30:00-05:00")
    assert result.exit_code == 0, result.output
    assert "--tz: -05:00, the offset of the --published timestamp" in result.stdout
    record = (fresh.data_dir / "sources.ttl").read_text()
    assert 'skg:datePublished "2018-12-07T00:00:00Z"^^xsd:dateTime' in record
    assert 'skg:utcOffset "-05:00"' in record


@given(st.sampled_from([("BEIJING", None, 8), ("HONG KONG", None, 8), ("WENCHANG", "China", 8),
                        ("WENCHANG", "Hainan", 8), ("JIUQUAN", None, 8), ("MOSCOW", None, 3), ("TOKYO", None, 9),
                        ("CAPE CANAVERAL", "Fla.", None), ("HOUSTON", "Texas", None), ("BENGALURU", None, None),
                        ("SAN FRANCISCO", None, None)]),
       st.sampled_from(["{head} (Xinhua) -- ", "{head}, {date} (Xinhua) -- ", "{head} \u2014 ", "{head} -- ",
                        "{head}, {date} -- ", "{head}: ", "{head} (AP) \u2014 ", "{head}, {date}. /TASS/. "]),
       st.sampled_from(["May 15", "Nov. 24", "15 May", "September 11"]),
       st.sampled_from(["", "China lands on Mars\n\n", "China lands on Mars\n\nBy Staff Writers\n\n"]))
def test_a_dateline_at_the_head_of_the_report_is_read_with_its_places_offset(dateline, form, day, before):
    from spacekg.curation.register import read_dateline

    place, region, hours = dateline
    # TASS writes the place alone and the month first ("MOSCOW, September 11. /TASS/.").
    assume(not ("TASS" in form and (region or day[0].isdigit())))
    head = place + (f", {region}" if region else "")
    text = before + form.format(head=head, date=day) + "The lander touched down on Saturday."
    found = read_dateline(text, split_sentences(text), datetime.date(2021, 1, 15))
    assert found is not None and found.place == head
    # US places keep their daylight saving time: Eastern and Central in January.
    expected = {"CAPE CANAVERAL": -5, "HOUSTON": -6}.get(place, hours)
    assert found.offset == (None if expected is None else datetime.timedelta(hours=expected))


@pytest.mark.parametrize(("text", "place", "hours"), [
    ("Beijing, May 15 (Xinhua) -- The lander landed.", "Beijing", 8), ("Hong Kong (CNN) \u2014 It flew.", "Hong Kong", 8),
    ("Cape Canaveral, Fla. (AP) \u2014 It flew.", "Cape Canaveral, Fla.", -5), ("Tokyo, Jan. 3 (Kyodo) - It flew.", "Tokyo", 9)])
def test_a_dateline_in_small_letters_is_read_with_its_outlet_in_brackets(text, place, hours):
    from spacekg.curation.register import read_dateline

    found = read_dateline(text, split_sentences(text), datetime.date(2021, 1, 15))
    assert found == type(found)(place, datetime.timedelta(hours=hours))


@pytest.mark.parametrize("text", ["BREAKING: China lands on Mars\n\nThe lander touched down.",
                                  "EXCLUSIVE - China lands on Mars\n\nThe lander touched down.",
                                  "CHINA LANDS ON MARS\n\nThe lander touched down.", "NASA and ESA agreed \u2014 and so.",
                                  "UPDATE 2-China launches probe - sources say.", "China launched it. BEIJING -- no.",
                                  "Officials said (Reuters) - no.", "The Moon (pictured) - a body.", "Beijing -- no outlet.",
                                  "A\n\nB\n\nC\n\nD.\n\nE\n\nBEIJING -- Too far down."])
def test_words_that_only_resemble_a_dateline_are_none(text):
    from spacekg.curation.register import read_dateline

    found = read_dateline(text, split_sentences(text), datetime.date(2021, 1, 15))
    assert found is None


@pytest.mark.parametrize(("country", "tz"), [("d:china", "+08:00"), ("d:japan", "+09:00"), ("d:united-states", None)])
def test_a_dateline_place_the_project_knows_is_in_its_countrys_zone(fresh: Project, tmp_path: Path, country, tz):
    # "ZORVAN BASE, Nov. 5 (Xinhua) --": a launch site the project records in China is at +08:00;
    # one in the United States, a country of several zones, gives none.
    with (fresh.data_dir / "entities.ttl").open("a") as entities:
        entities.write(f'\nd:zorvan-base a skg:LaunchSite ; rdfs:label "Zorvan Base"@en ; skg:country {country} .\n')
    text = tmp_path / "base.txt"
    text.write_text("A launch\n\nZORVAN BASE, Nov. 5 (Xinhua) -- A rocket flew.\n")
    result = run(fresh, "article", "add", str(text), "--outlet", "Xinhua", "--published", "2023-11-05")
    assert result.exit_code == 0 and "--dateline: ZORVAN BASE" in result.stdout, result.output
    assert (f"--tz: {tz}" in result.stdout) if tz else "--tz" not in result.stdout


@pytest.mark.parametrize("head", ["NASA: Artemis II slips", "CNSA \u2014 a new plan"])
def test_an_organisations_name_heading_a_headline_is_no_dateline(fresh: Project, tmp_path: Path, head: str):
    text = tmp_path / "head.txt"
    text.write_text(f"{head}\n\nThe agency said so on Monday.\n")
    result = run(fresh, "article", "add", str(text), "--outlet", "Xinhua", "--published", "2021-05-15")
    assert result.exit_code == 0 and "--dateline" not in result.stdout, result.output
    assert "skg:dateline" not in (fresh.data_dir / "sources.ttl").read_text()


def test_a_dateline_read_from_the_text_gives_the_articles_offset_unless_given(fresh: Project, tmp_path: Path):
    text = tmp_path / "mars.txt"
    text.write_text("China lands on Mars\n\nBEIJING, May 15 (Xinhua) -- The lander touched down on Saturday.\n")
    result = run(fresh, "article", "add", str(text), "--outlet", "Xinhua", "--published", "2021-05-15")
    assert result.exit_code == 0, result.output
    assert "--dateline: BEIJING, read from the text" in result.stdout and "--tz: +08:00" in result.stdout
    record = (fresh.data_dir / "sources.ttl").read_text()
    assert 'skg:dateline "BEIJING"' in record and 'skg:utcOffset "+08:00"' in record
    landed = run(fresh, "article", "fact", "a000", "L3.1", "landing", "--spacecraft", "d:tianwen-1-lander",
                 "--body", "Mars", "--when", "on Saturday", "--is", "d:tianwen-1-lander", "Lander")
    assert landed.exit_code == 0, landed.output
    assert '"2021-05-14T16:00:00Z"' in landed.stdout
    # A dateline given sets the offset as one read does.
    given = empty_project(tmp_path / "given")
    said = run(given, "article", "add", str(text), "--outlet", "Xinhua", "--published", "2021-05-15",
               "--dateline", "MOSCOW")
    assert said.exit_code == 0 and "--tz: +03:00, the offset of the dateline's place (MOSCOW)" in said.stdout, said.output
    # What the command gives wins.
    other = empty_project(tmp_path / "other")
    given_ = run(other, "article", "add", str(text), "--outlet", "Xinhua", "--published", "2021-05-15",
                 "--tz", "+00:00", "--dateline", "WENCHANG")
    assert given_.exit_code == 0 and "read from the text" not in given_.stdout, given_.output
    record = (other.data_dir / "sources.ttl").read_text()
    assert 'skg:dateline "WENCHANG"' in record and 'skg:utcOffset "+00:00"' in record


@given(moment=st.datetimes(datetime.datetime(2000, 1, 1), datetime.datetime(2025, 12, 31)),
       zone=st.sampled_from([("EST", -5), ("EDT", -4), ("GMT", 0), ("Beijing time", 8), ("JST", 9)]),
       form=st.sampled_from(["{month} {day}, {year}, {clock} {zone}", "{day} {month} {year} {clock} {zone}",
                             "Published {clock} {zone}, {month} {day}, {year}"]),
       tz=st.one_of(st.none(), st.integers(-12, 14).map(lambda h: datetime.timedelta(hours=h))))
def test_a_day_with_a_clock_time_and_its_zone_is_an_instant_read_at_the_articles_offset(moment, zone, form, tz):
    # "December 16, 2020, 9:58 PM EST", as AP prints it: an instant, whose day at the article's
    # offset (a BEIJING dateline's) may be the next one.
    from spacekg.curation.register import Publication

    name, hours = zone
    instant = moment.replace(second=0, microsecond=0, tzinfo=datetime.timezone(datetime.timedelta(hours=hours)))
    clock = instant.strftime("%I:%M %p").lstrip("0")
    value = form.format(month=instant.strftime("%B"), day=instant.day, year=instant.year, clock=clock, zone=name)
    published = Publication.parse(value, None, utc_offset=tz)
    assert published.instant == instant
    assert published.first == instant.astimezone(datetime.timezone(tz if tz is not None else instant.utcoffset())).date()
    for offset in (datetime.timedelta(hours=h) for h in (-8, 0, 8, 14)):
        assert published.at(offset).first == instant.astimezone(datetime.timezone(offset)).date()


@given(zone=st.sampled_from([("IST", h) for h in (5.5, 1, 2)] + [("CST", h) for h in (8, -6)]),
       moment=st.datetimes(datetime.datetime(2000, 1, 1), datetime.datetime(2025, 12, 31)),
       form=st.sampled_from(["{month} {day}, {year} {clock} {zone}", "{day} {month} {year}, {clock} {zone}"]))
def test_a_publication_stamped_in_a_zone_of_several_names_is_read_at_the_articles_offset(zone, moment, form):
    # "August 23, 2023 18:04 IST" with --tz +05:30, as the fact templates read IST in such an article.
    from spacekg.curation.register import Publication

    name, hours = zone
    offset = datetime.timedelta(hours=hours)
    instant = moment.replace(second=0, microsecond=0, tzinfo=datetime.timezone(offset))
    value = form.format(month=instant.strftime("%B"), day=instant.day, year=instant.year,
                        clock=instant.strftime("%H:%M"), zone=name)
    published = Publication.parse(value, None, utc_offset=offset)
    assert (published.first, published.instant) == (instant.date(), instant)
    with pytest.raises(UsageError, match=f"{name} names .*; give --tz with the offset \\(the article's\\)"):
        Publication.parse(value, None)


@pytest.mark.parametrize(("published", "day"), [
    ("December 16, 2020, 9:58 PM EST", "2020-12-17"), ("2020-12-16T21:58:00-05:00", "2020-12-17"),
    ("Wed, 16 Dec 2020 21:58:00 -0500", "2020-12-17"), ("December 16, 2020, 9:58 AM EST", "2020-12-16"),
    ("2020-12-16", "2020-12-16"),
])
def test_a_datelined_storys_day_and_zone_are_its_datelines_whatever_zone_its_page_is_stamped_in(
        fresh: Project, tmp_path: Path, published, day):
    # "BEIJING (AP) — A Chinese lunar capsule returned to Earth on Thursday", stamped 9:58 PM EST
    # on Wednesday: Thursday in Beijing, the day the capsule landed, not the Thursday before.
    text = tmp_path / "change5.txt"
    text.write_text("China's Chang'e 5 returns moon rocks\n\nBEIJING (AP) \u2014 A Chinese lunar capsule returned "
                    "to Earth on Thursday.\n")
    result = run(fresh, "article", "add", str(text), "--outlet", "Xinhua", "--published", published)
    assert result.exit_code == 0, result.output
    assert "--tz: +08:00, the offset of the dateline's place (BEIJING)" in result.stdout
    record = (fresh.data_dir / "sources.ttl").read_text()
    assert f'skg:datePublished "{day}T00:00:00Z"^^xsd:dateTime' in record and 'skg:utcOffset "+08:00"' in record
    returned = run(fresh, "article", "fact", "a000", "L3.1", "sample-return", "--mission", "d:change-5",
                   "--when", "on Thursday")
    assert returned.exit_code == 0, returned.output
    thursday = datetime.date.fromisoformat(day) - datetime.timedelta(days=(datetime.date.fromisoformat(day).weekday() - 3) % 7)
    assert f'"{thursday - datetime.timedelta(days=1)}T16:00:00Z"' in returned.stdout


@pytest.mark.parametrize("tz", [None, datetime.timedelta(hours=-5), datetime.timedelta(hours=8)])
def test_a_timestamp_without_an_offset_gives_the_day_it_writes(tz):
    from spacekg.curation.register import Publication

    published = Publication.parse("2020-12-17T23:30:00", None, utc_offset=tz)
    assert (published.first, published.stated_offset) == (datetime.date(2020, 12, 17), None)


@pytest.mark.parametrize(("number", "tonnes", "bound"), [
    ("66", "66", None), ("about 100 tonnes", "100", "About"), ("more than 66 t", "66", "MoreThan"),
    ("180,000 pounds", "81.6466266", None), ("66,000 kg", "66", None), ("100 tonnes (220,000 pounds)", "100", None),
])
def test_a_mass_statement_takes_the_mass_with_its_unit_in_the_propertys(added: Project, number, tonnes, bound):
    result = run(added, "article", "fact", "a000", "L3.1", "statement", "--about", "d:tiangong-space-station",
                 "--property", "massTonnes", "--number", number)
    assert result.exit_code == 0, result.output
    facts = graph(added, "a000", "L3.1")
    (value,) = [o for s, p, o in facts if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>"]
    assert float(value.split('"')[1] if '"' in value else value) == float(tonnes)
    bounds = [o for s, p, o in facts if p == f"<{SKG}claimedBound>"]
    assert bounds == ([f"<{SKG}{bound}>"] if bound else [])


def test_a_mass_statement_in_tons_is_refused_as_ambiguous(added: Project):
    result = run(added, "article", "fact", "a000", "L3.1", "statement", "--about", "d:tiangong-space-station",
                 "--property", "massTonnes", "--number", "about 100 tons")
    assert result.exit_code == ExitCode.USAGE and "--number '100 tons': a ton may be short" in result.output


@pytest.mark.parametrize("command", [("sentences", "a000"), ("article", "mentions", "a000"), ("article", "link", "a000")])
def test_a_recorded_sentence_offset_that_is_no_number_is_named_with_its_file(added: Project, command):
    path = added.data_dir / "facts" / "a000.trig"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("skg:beginIndex 0 ;", 'skg:beginIndex "x"^^xsd:integer ;', 1), encoding="utf-8")
    result = run(added, *command)
    assert result.exit_code == ExitCode.INPUT, result.output
    assert f"{path}: sentence L1.1 has skg:beginIndex 'x', not a whole number" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("clock", "words", "offset"), [
    ("02:07", "at 2:07 a.m. Eastern (0607 UTC)", "-04:00"), ("2:07 a.m. Eastern", "at 2:07 a.m. Eastern (0607 UTC)",
                                                             "-04:00"),
    ("02:07", "at 2:07 a.m. Eastern (0707 GMT)", "-05:00"), ("22:15", "at 10:15 p.m. ET (0215 GMT)", "-04:00"),
    ("10:15", "at 10:15 a.m. Pacific time (1815 UTC)", "-08:00"), ("02:07", "at 2:07 a.m. Eastern", None),
])
def test_a_zone_with_daylight_saving_time_takes_the_offset_its_bracket_restates(added: Project, clock, words, offset):
    result = run(added, "article", "fact", "a000", "L15.1", "time-of-day", "--id", "t", "--about",
                 "d:change-4-launch", "--clock", clock, "--words", words)
    assert result.exit_code == 0, result.output
    made = {(p.rsplit("#", 1)[-1].rstrip(">"), o) for _, p, o in graph(added, "a000", "L15.1")}
    # Nothing settles a zone with daylight saving time alone: the claim then has no offset.
    assert {o for p, o in made if p == "claimedUtcOffset"} == ({f'"{offset}"'} if offset else set())


@pytest.mark.parametrize(("number", "place"), [("6", 6), ("6th", 6), ("sixth", 6), ("Sixth", 6), ("21st", 21),
                                                ("twentieth", 20)])
def test_a_series_ordinal_statement_takes_the_place_as_the_sentence_writes_it(added: Project, number, place):
    result = run(added, "article", "fact", "a000", "L3.1", "statement", "--about", "d:change-4", "--property",
                 "seriesOrdinal", "--number", number)
    assert result.exit_code == 0, result.output
    assert (f"<{SKG}seriesOrdinal>" in {o for _, _, o in graph(added, "a000", "L3.1")}
            and f'"{place}"^^<http://www.w3.org/2001/XMLSchema#integer>' in {o for _, _, o in graph(added, "a000", "L3.1")})


@pytest.mark.parametrize("number", ["sixth", "6th"])
def test_an_ordinal_is_no_number_of_another_property(added: Project, number):
    result = run(added, "article", "fact", "a000", "L3.1", "statement", "--about", "d:shenzhou-11", "--property",
                 "crewSize", "--number", number)
    assert result.exit_code == ExitCode.USAGE and "give a number" in result.output


@pytest.mark.parametrize(("listed", "crew"), [
    ("Jing Haipeng and Chen Dong", {"jing-haipeng", "chen-dong"}),
    ("Jing Haipeng, Chen Dong", {"jing-haipeng", "chen-dong"}),
    ("Jing Haipeng, and Chen Dong", {"jing-haipeng", "chen-dong"}),
    ("d:jing-haipeng and d:chen-dong", {"jing-haipeng", "chen-dong"}),
])
def test_a_repeatable_answer_may_list_its_things_as_a_sentence_does(added: Project, listed, crew):
    result = run(added, "article", "fact", "a000", "L3.1", "crewed-flight", "--mission", "d:shenzhou-11",
                 "--astronaut", listed)
    assert result.exit_code == 0, result.output
    assert {o.removeprefix(f"<{D}").rstrip(">") for _, p, o in graph(added, "a000", "L3.1")
            if p == f"<{SKG}crewMember>"} == crew


@pytest.mark.parametrize(("option", "value"), [("--astronaut", "Jing Haipeng and Nobody Known"),
                                               ("--mission", "d:shenzhou-11 and d:shenzhou-5")])
def test_a_list_with_an_unknown_part_or_for_a_single_answer_is_refused(added: Project, option, value):
    answers = {"--mission": "d:shenzhou-11", option: value}
    result = run(added, "article", "fact", "a000", "L3.1", "crewed-flight",
                 *(x for pair in answers.items() for x in pair))
    assert result.exit_code == ExitCode.USAGE and f"no entity is named '{value}'" in result.output


@pytest.mark.parametrize(("crew", "size"), [("three astronauts", 3), ("a three-member crew", 3), ("a crew of three", 3),
                                            ("the 3-person crew", 3), ("two taikonauts", 2), ("six crew members", 6),
                                            ("The three astronauts", 3), ("all three astronauts", 3), ("the trio", 3),
                                            ("three Chinese astronauts", 3), ("both astronauts", 2), ("a duo", 2),
                                            # the adjective without its crew, as an answer copies it
                                            ("three-member", 3), ("a three-member", 3), ("a 3-person", 3),
                                            ("six-strong", 6)])
def test_a_crew_size_is_read_as_the_sentence_writes_it(added: Project, crew, size):
    result = run(added, "article", "fact", "a000", "L3.1", "crewed-flight", "--mission", "d:shenzhou-11",
                 "--crew", crew)
    assert result.exit_code == 0, result.output
    assert (f"<{D}shenzhou-11>", f"<{SKG}crewSize>", f'"{size}"^^<http://www.w3.org/2001/XMLSchema#integer>') \
        in graph(added, "a000", "L3.1")


def test_a_crew_of_things_that_are_no_number_is_refused_as_written(added: Project):
    result = run(added, "article", "fact", "a000", "L3.1", "crewed-flight", "--mission", "d:shenzhou-11",
                 "--crew", "many astronauts")
    assert result.exit_code == ExitCode.USAGE and "--crew 'many astronauts': give a whole number" in result.output


@pytest.mark.parametrize(("speaker", "told"), [
    ("Xi Jinping, China's president", "give the name alone (--speaker 'Xi Jinping') and what the sentence says of them "
                                      "with --role \"China's president\""),
    ("Wu Yanhua, deputy head of the CNSA", "give the name alone (--speaker d:wu-yanhua --speaker-label 'Wu Yanhua', a "
                                           "new speaker) and what the sentence says of them with --role 'deputy head of "
                                           "the CNSA'"),
])
def test_a_speaker_given_with_their_role_is_refused_with_the_two_answers(added: Project, speaker, told):
    result = run(added, "article", "fact", "a000", "L3.1", "quote", "--speaker", speaker)
    assert result.exit_code == ExitCode.USAGE and told in result.output, result.output


@pytest.mark.parametrize(("written", "modality"), [
    ("conditional", "Hypothetical"), ("Conditional", "Hypothetical"), ("hypothetical", "Hypothetical"),
    ("scheduled", "Planned"), ("intended", "Planned"), ("anticipated", "Expected"), ("believed", "Hedged"),
    ("attributed", "Reported"), ("stated", "Asserted"), ("skg:Expected", "Expected"),
])
def test_a_modality_is_named_by_its_label_its_other_names_or_its_iri(added: Project, written, modality):
    result = run(added, "article", "fact", "a000", "L3.1", "report", "--outlet", "Global Times", "--id", "x",
                 "--modality", written)
    assert result.exit_code == 0, result.output
    assert f"modality skg:{modality}" in result.output


@pytest.mark.parametrize(("answers", "noted"), [
    (("launch", "--payload", "d:change-4-lander", "--id", "liftoff"), "d:change-4-launch"),
    (("launch", "--mission", "Chang'e 4", "--id", "liftoff"), "d:change-4-launch"),
    (("landing", "--spacecraft", "d:change-4-lander", "--id", "touchdown"), "d:change-4-landing"),
    (("landing", "--mission", "Chang'e 4", "--body", "Moon", "--id", "touchdown"), "d:change-4-landing"),
    (("event", "--class", "OrbitEvent", "--participant", "d:queqiao", "--id", "relay-orbit"), None),
    (("launch", "--payload", "d:yutu-2", "--id", "liftoff"), None),
])
def test_a_new_event_of_a_kind_and_part_the_project_has_points_to_that_event(added: Project, answers, noted):
    result = run(added, "article", "fact", "a000", "L3.1", *answers)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "is also an event of this kind" in line]
    if noted is None:
        assert notes == []
    else:  # Chang'e 4 had two launches (Queqiao's and the lander's): each is pointed to
        assert any(note.startswith(f"note: {noted} (") and f"give --id {noted}," in note for note in notes)


@pytest.mark.parametrize(("answers", "option"), [
    (("plan", "--by", "China", "--goal", "a rover", "--event-type", "Rover"), "--event-type skg:Rover"),
    (("plan", "--by", "China", "--goal", "a station", "--event-type", "space station"), "--event-type skg:SpaceStation"),
    (("ordinal", "--holder", "China", "--record", "Lander", "--rank", "3"), "--record skg:Lander"),
    (("first", "--holder", "China", "--record", "Rover", "--place", "d:far-side-of-the-moon"), "--record skg:Rover"),
    (("only", "--holder", "China", "--record", "Country", "--among", "Country", "--destination", "Mars"),
     "--record skg:Country"),
    (("superlative", "--holder", "China", "--words", "the first rover since 1976", "--record", "Rover",
      "--among", "Rover", "--since", "1976"), "--record skg:Rover"),
])
def test_a_kind_of_thing_where_a_kind_of_event_is_asked_for_is_refused(added: Project, answers, option):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", *answers)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert f"{option} is no kind of event: give the event class of what is done" in result.output
    assert files(added) == before


@pytest.mark.parametrize("kind", ["landing", "sample return", "SoftLanding", "skg:LaunchEvent", "rover deployment"])
def test_an_event_class_is_named_by_its_label_or_its_name(added: Project, kind):
    result = run(added, "article", "fact", "a000", "L3.1", "plan", "--by", "China", "--goal", "x", "--event-type", kind)
    assert result.exit_code == 0, result.output


def test_the_review_proposes_the_class_the_words_give_a_new_entity_and_confirming_applies_it(fresh: Project,
                                                                                              tmp_path: Path):
    text = tmp_path / "probe.txt"
    text.write_text("Probe rises\n\nThe Hongmeng probe rose from Sichuan province on Friday.\n", encoding="utf-8")
    assert run(fresh, "article", "add", str(text), "--outlet", "Global Times", "--published", "2025-01-03").exit_code == 0
    path = fresh.data_dir / "curation" / "a000-links.tsv"
    rows = {r["mention"]: r for r in csv.DictReader(io.StringIO(path.read_text()), delimiter="\t")}
    assert (rows["Hongmeng"]["how"], rows["Hongmeng"]["type"]) == ("new", "skg:Spacecraft")
    assert (rows["Sichuan"]["how"], rows["Sichuan"]["type"]) == ("new", "skg:AdministrativeRegion")
    edit_review(fresh, lambda row: row.update(confirm="yes"))
    result = run(fresh, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    entities = (fresh.data_dir / "entities.ttl").read_text()
    assert "d:hongmeng a skg:Spacecraft" in entities and "d:sichuan a skg:AdministrativeRegion" in entities


@pytest.mark.parametrize(("tz", "clock", "offset"), [("+05:30", "6.04 pm IST", "+05:30"), ("+08:00", "10:26 a.m. CST", "+08:00")])
def test_a_clock_times_zone_of_several_readings_is_the_articles_own(fresh: Project, tmp_path: Path, tz, clock, offset):
    text = tmp_path / "landing.txt"
    text.write_text(f"Lander lands\n\nThe Vikram lander touched down at {clock} on Wednesday.\n", encoding="utf-8")
    assert run(fresh, "article", "add", str(text), "--outlet", "Global Times", "--published", "2023-08-23",
               "--tz", tz).exit_code == 0
    result = run(fresh, "article", "fact", "a000", "L3.1", "time-of-day", "--about", "d:vikram-landing",
                 "--clock", clock, "--words", f"at {clock}")
    assert result.exit_code == 0, result.output
    assert f'skg:claimedUtcOffset "{offset}" ; skg:zoneBasis "stated"' in result.output
    elsewhere = tmp_path / "other.txt"
    elsewhere.write_text(f"Lander lands\n\nThe Luna lander touched down at {clock} on Friday.\n", encoding="utf-8")
    assert run(fresh, "article", "add", str(elsewhere), "--outlet", "Global Times", "--published", "2023-08-25",
               "--tz", "+00:00").exit_code == 0
    refused = run(fresh, "article", "fact", "a001", "L3.1", "time-of-day", "--about", "d:luna-landing",
                  "--clock", clock, "--words", f"at {clock}")
    assert refused.exit_code == ExitCode.USAGE and "names" in refused.output


@given(st.lists(st.tuples(st.integers(0, 48), st.integers(1, 72)), min_size=1, max_size=4), st.randoms())
def test_an_event_is_counted_from_where_all_its_windows_meet(spans, shuffle):
    from spacekg.curation.catalogue import Catalogue
    from spacekg.curation.templates import event_window

    start = datetime.datetime(2025, 5, 28, tzinfo=datetime.timezone.utc)
    hour = datetime.timedelta(hours=1)
    windows = [(start + a * hour, start + (a + length) * hour) for a, length in spans]
    assume(max(w[0] for w in windows) <= min(w[1] for w in windows))  # they meet
    precisions = ["PrecisionMinute", "PrecisionDay", "PrecisionWeek", "PrecisionMonth"]
    graphs = {f"<https://w3id.org/spacekg/graph/g{i}>": {
        "earliestTime": w[0].isoformat(), "latestTime": w[1].isoformat(), "timePrecision": SKG + precisions[i % 4]}
        for i, w in enumerate(windows)}
    items = list(graphs.items())
    shuffle.shuffle(items)
    cat = Catalogue()
    cat.times[D + "launch"] = dict(items)
    first, last, precision = event_window(cat, D + "launch")
    assert (first, last) == (max(w[0] for w in windows), min(w[1] for w in windows))
    narrowest = min(range(len(windows)), key=lambda i: (windows[i][1] - windows[i][0], sorted(graphs)[i]))
    assert precision == precisions[narrowest % 4]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2030, 1, 1)),
       quarters=st.integers(-10 * 4 + 1, 12 * 4 - 1), between=st.sampled_from(["; ", ", ", " / "]))
def test_a_clock_time_restated_in_two_zones_in_one_bracket_is_stated_at_the_offset_both_give(added: Project, at,
                                                                                            quarters, between):
    # Space.com: "at 10:26 a.m. Beijing time (0226 GMT; 9:26 p.m. EST on Jan. 2)".
    offset = datetime.timedelta(minutes=15 * quarters)
    local, eastern = at + offset, at - datetime.timedelta(hours=5)
    words = (f"at {local:%I:%M} {'p.m.' if local.hour >= 12 else 'a.m.'} ({at:%H%M} GMT{between}"
             f"{eastern:%I:%M} {'p.m.' if eastern.hour >= 12 else 'a.m.'} EST)")
    result = _timed_launch(added, f"{local:%H:%M}", words)
    assert result.exit_code == 0, result.output
    assert f'skg:claimedUtcOffset "{_offset_text(offset)}"' in result.stdout
    # Two restatements that are not one instant: one of them is a slip, and nothing is written.
    before = files(added)
    later = eastern + datetime.timedelta(hours=1)
    wrong = words.replace(f"{eastern:%I:%M} {'p.m.' if eastern.hour >= 12 else 'a.m.'}",
                          f"{later:%I:%M} {'p.m.' if later.hour >= 12 else 'a.m.'}")
    result = _timed_launch(added, f"{local:%H:%M}", wrong)
    assert result.exit_code == ExitCode.USAGE and "are not one instant in their zones" in result.output, result.output
    assert files(added) == before


@pytest.mark.parametrize("scope", ["world", "a world first", "the world's first", "World-first", "globally",
                                   "in the world", "worldwide", "anywhere", "internationally", "on Earth",
                                   "nation", "countries", "among nations", "of all space-faring countries",
                                   "the spacefaring nations", "country in the world", "ever", "in history",
                                   "in human history", "of all time", "humanity's", "around the globe"])
def test_a_scope_written_as_any_words_for_the_world_is_recorded_as_the_world(added: Project, scope):
    # "…, a world first": the verdicts compare a claim of the world's firsts with the derived records.
    from spacekg.curation.templates import _WORLD

    assert _WORLD.fullmatch(" ".join(scope.replace("\u2019", "'").split()))
    result = run(added, "article", "fact", "a000", "L9.1", "ordinal", "--holder", "China", "--record",
                 "LunarSoftLanding", "--rank", "3", "--scope", scope)
    assert result.exit_code == 0, result.output
    assert 'skg:recordScope "world"' in result.stdout


@pytest.mark.parametrize("scope", ["national", "in Asia", "among China's missions", "the world of robotics",
                                   "nations in Asia", "among Asian countries", "in the country", "the nation",
                                   "in the nation", "the country", "in Chinese history", "in the history of robotics"])
def test_a_narrower_scope_keeps_its_words(added: Project, scope):
    result = run(added, "article", "fact", "a000", "L9.1", "ordinal", "--holder", "China", "--record",
                 "LunarSoftLanding", "--rank", "3", "--scope", scope)
    assert result.exit_code == 0, result.output
    assert f'skg:recordScope "{scope}"' in result.stdout


@given(st.integers(1, 99999), st.integers(0, 3), st.sampled_from(["g", "grams", "kg", "kilograms", "tonnes", "pounds"]),
       st.sampled_from(["", "about ", "more than ", "nearly "]))
def test_a_mass_claim_records_the_step_its_number_is_written_to(digits, decimals, unit, hedged):
    # "about 2kg" of 1,731 grams is written to the nearest kilogram: 1000 in grams, the property's unit.
    from decimal import Decimal

    from spacekg.curation.templates import _GRAMS, _mass_step

    number = Decimal(digits).scaleb(-decimals)
    written = f"{number:,f} {unit}"
    assert _mass_step(written) == Decimal(1).scaleb(-decimals) * _GRAMS[unit]
    assert _mass_step(f"{written} (about {number} {unit})") == _mass_step(written)


@pytest.mark.parametrize(("template", "words", "step"), [
    (("sampling", "--mission", "d:change-6", "--mass"), "about 2kg", "1000"),
    (("sampling", "--mission", "d:change-6", "--mass"), "1,935.3 grams", "0.1"),
    (("statement", "--about", "d:tiangong-space-station", "--property", "massTonnes", "--number"), "more than 60.5 tonnes", "0.1"),
    (("statement", "--about", "d:tiangong-space-station", "--property", "massTonnes", "--number"), "66 tonnes", "1"),
    (("statement", "--about", "d:tiangong-space-station", "--property", "massTonnes", "--number"), "more than 60", None),
])
def test_the_mass_templates_record_the_step_the_sentence_writes_the_mass_to(added: Project, template, words, step):
    result = run(added, "article", "fact", "a000", "L9.1", *template, words)
    assert result.exit_code == 0, result.output
    recorded = re.findall(r'skg:claimedPrecision (?:"([\d.]+)"\^\^xsd:decimal|([\d.]+\.[\d]+))', result.stdout)
    assert ["".join(r) for r in recorded] == ([step] if step else [])


@pytest.mark.parametrize(("told", "named"), [(("--to", "Xinhua"), "Test Speaker statement to Xinhua News Agency"),
                                             (("--to", "Xinhua", "--to", "Global Times"),
                                              "Test Speaker statement to Xinhua News Agency and Global Times"),
                                             (("--when", "on Friday"), "Test Speaker statement")])
def test_a_quotes_occasion_is_named_after_who_spoke_and_to_whom(added: Project, told, named):
    # `check` warned of an unlabelled node the template itself had made.
    result = run(added, "article", "fact", "a000", "L9.1", "quote", "--speaker", "d:test-speaker",
                 "--speaker-label", "Test Speaker", "--id", "briefing", *told)
    assert result.exit_code == 0, result.output
    assert f'rdfs:label "{named}"@en' in " ".join(result.stdout.split())


@pytest.mark.parametrize("delimiter", [";", ",", "|"])
def test_a_review_file_saved_with_another_separator_is_refused_naming_it(added: Project, delimiter):
    # A spreadsheet's "CSV" puts every column in one tab-separated cell.
    path = added.data_dir / "curation" / "a000-links.tsv"
    rows = list(csv.reader(io.StringIO(path.read_text()), delimiter="\t"))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue())
    before = files(added)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == ExitCode.INPUT, result.output
    assert "a000-links.tsv:1: the header must name the columns" in result.stderr
    assert f"separated by tabs, not {delimiter!r}: save it as tab-separated text" in result.stderr
    assert files(added) == before


@given(st.integers(1000, 10**9), st.sampled_from([",", " ", "\u00a0", "\u2009", "\u202f"]),
       st.sampled_from(["", ".5"]), st.sampled_from(["grams", "kg", "tonnes"]))
def test_a_number_grouped_by_commas_or_spaces_is_read_as_its_digits(number, separator, decimals, unit):
    # "1 731 grams" (SI style, often with a narrow no-break space) is 1,731 grams.
    from decimal import Decimal

    from spacekg.curation.templates import _GRAMS, _days, _grams, _mass_step, _quantity

    grouped = f"{number:,}".replace(",", separator) + decimals
    plain = f"{number}{decimals}"
    assert _grams(f"{grouped} {unit}") == Decimal(plain) * _GRAMS[unit]
    assert _mass_step(f"{grouped} {unit}") == _mass_step(f"{plain} {unit}")
    assert _quantity(grouped, "number") == float(plain)
    assert _days(f"{grouped} days") == float(plain)


@pytest.mark.parametrize(("written", "confirmed", "rejected"), [("TRUE", 1, 0), ("True", 1, 0), ("FALSE", 0, 1),
                                                                ("Y", 1, 0), ("no ", 0, 1), ("", 0, 0),
                                                                ("\u2713", 1, 0), (" \u2714 ", 1, 0), ("\u2611", 1, 0),
                                                                ("\u2717", 0, 1), ("\u2718", 0, 1), ("\u2612", 0, 1)])
def test_a_confirm_cell_reads_yes_no_or_a_spreadsheets_true_false_tick_and_cross(added: Project, written, confirmed,
                                                                                 rejected):
    def decide(row):
        if row["mention"] == "Global":
            row.update(confirm=written)
    edit_review(added, decide)
    result = run(added, "article", "link", "a000")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{confirmed} links confirmed, {rejected} rejected,")


@given(st.sampled_from([("Eastern", (-5, -4)), ("Pacific", (-8, -7)), ("Central", (-6, -5))]),
       st.integers(0, 23), st.integers(0, 59), st.integers(-12, 12))
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_zone_with_two_offsets_is_settled_by_its_bracket_or_the_slip_is_refused(added: Project, zone, hour, minute,
                                                                                  shift):
    # "at 9:00 a.m. Eastern (0100 GMT July 12)" fits neither -05:00 nor -04:00: it was recorded
    # without an offset, where "EDT" was refused.
    name, offsets = zone
    local = datetime.datetime(2020, 1, 1, hour, minute)
    gmt = local - datetime.timedelta(hours=offsets[1]) + datetime.timedelta(hours=shift)
    words = f"at {local:%I:%M} {'p.m.' if hour >= 12 else 'a.m.'} {name} ({gmt:%H%M} GMT)"
    before = files(added)
    result = _timed_launch(added, f"{local:%H:%M}", words)
    if shift in (0, offsets[1] - offsets[0]):
        fits = offsets[1] if shift == 0 else offsets[0]
        assert result.exit_code == 0, result.output
        assert f'skg:claimedUtcOffset "{fits:+03d}:00"' in result.stdout
    else:
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "the bracket's time is not" in result.output and "one of the two is a slip" in result.output
    assert files(added) == before


@pytest.mark.parametrize(("kind", "preposition", "the", "place", "recorded", "destination"), [
    ("soft landing", "on", "the ", "Moon", "LunarSoftLanding", None),
    ("Soft Landings", "ON", "the ", "moon", "LunarSoftLanding", None),
    ("SoftLanding", "on", "the ", "far side of the Moon", "LunarFarSideSoftLanding", None),
    ("soft-landing", "at", "", "d:far-side-of-the-moon", "LunarFarSideSoftLanding", None),
    ("soft landing", "near", "the ", "far side of the Moon", "LunarFarSideSoftLanding", None),
    ("rover deployment", "on", "", "Mars", "MarsRoverDeployment", None),
    ("soft landings", "in", "", "Von K\u00e1rm\u00e1n crater", "SoftLanding", "von-karman-crater"),
])
@pytest.mark.parametrize("template", ["ordinal", "first"])
def test_a_record_written_with_its_place_is_the_achievement_at_that_place(added: Project, template, kind, preposition,
                                                                        the, place, recorded, destination):
    # "--record \"soft landing on the Moon\"", as the sentence writes the achievement, is --record
    # SoftLanding --place Moon: the class the ontology defines there, else the class and the place.
    rank = ("--rank", "third") if template == "ordinal" else ()
    result = run(added, "article", "fact", "a000", "L5.1", template, "--holder", "China", *rank,
                 "--record", f"{kind} {preposition} {the}{place}")
    assert result.exit_code == 0, result.output
    facts = graph(added, "a000", "L5.1")
    assert {o for _, p, o in facts if p == f"<{SKG}recordType>"} == {f"<{SKG}{recorded}>"}
    assert {o for _, p, o in facts if p == f"<{SKG}destination>"} == ({f"<{D}{destination}>"} if destination else set())


def test_an_exclusive_claims_record_may_say_where_it_was_done(added: Project):
    result = run(added, "article", "fact", "a000", "L31.1", "only", "--holder", "China", "--among", "Country",
                 "--record", "sample return from the Moon")
    assert result.exit_code == 0, result.output
    facts = graph(added, "a000", "L31.1")
    assert (f"<{SKG}recordType>", f"<{SKG}SampleReturn>") in {(p, o) for _, p, o in facts}
    assert (f"<{SKG}destination>", f"<{D}moon>") in {(p, o) for _, p, o in facts}


@pytest.mark.parametrize(("template", "answers", "says"), [
    ("first", ("--record", "soft landing on the far side of the Moon", "--place", "Mars"),
     "says the place is d:far-side-of-the-moon (far side of the Moon), and --place says d:mars"),
    ("first", ("--record", "SoftLanding"), "the first template needs --place, or the place in --record's words"),
    ("only", ("--among", "Country", "--record", "SampleReturn"),
     "the only template needs --destination, or the place in --record's words"),
    ("ordinal", ("--rank", "2", "--record", "rover on Mars"), "skg:Rover is no kind of event"),
    ("ordinal", ("--rank", "2", "--record", "soft landing on Planet Nine"),
     "--record 'soft landing on Planet Nine' is skg:SoftLanding at a place: no entity is named 'Planet Nine'"),
    ("ordinal", ("--rank", "2", "--record", "landing of Chang'e 4"), "is not a class of the ontology"),
])
def test_a_record_with_a_place_that_says_no_event_or_another_place_is_refused(added: Project, template, answers, says):
    before = files(added)
    result = run(added, "article", "fact", "a000", "L5.1", template, "--holder", "China", *answers)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert says in " ".join(result.output.split()) and files(added) == before


@pytest.mark.parametrize(("template", "who", "answers"), [
    ("quote", "xi-jinping", ("--speaker", "d:xi-jinping", "--to", "Xinhua")),
    ("quote", "xi-jinping", ("--speaker", "Xi Jinping", "--when", "On Friday")),
    ("report", "xinhua", ("--outlet", "d:xinhua", "--when", "On Friday")),
])
def test_the_occasion_of_a_dated_or_addressed_statement_is_named_after_who_spoke_and_the_sentence(added: Project,
                                                                                                   template, who, answers):
    # "said Liu Jizhong … in an interview with state broadcaster CCTV": no --id needed; the
    # occasions of two sentences stay two, as the sentences may tell of two.
    for sentence in ("L15.1", "L3.1"):
        result = run(added, "article", "fact", "a000", sentence, template, *answers)
        assert result.exit_code == 0, result.output
        occasion = f"<{D}announcement-a000-{who}-{sentence.lower().replace('.', '-')}>"
        assert (occasion, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{SKG}Announcement>") \
            in graph(added, "a000", sentence)


@pytest.mark.parametrize(("record", "recorded", "refused"), [
    ("sample return from the Moon", "LunarSampleReturn", None),
    ("Sample Returns from the moon", "LunarSampleReturn", None),
    ("soft landing on the far side of the Moon", "LunarFarSideSoftLanding", None),
    ("sample return from Mars", None, "no class of the ontology is a skg:SampleReturn at d:mars (Mars)"),
])
def test_a_first_since_a_year_takes_the_record_with_its_place(added: Project, record, recorded, refused):
    # "the first fresh samples … from the moon in more than 40 years" (AP, 16 December 2020).
    before = files(added)
    result = run(added, "article", "fact", "a000", "L5.1", "superlative", "--holder", "d:change-5", "--words",
                 "the first fresh samples from the moon since 1976", "--record", record, "--since", "1976",
                 "--scope", "world", "--among", "Spacecraft")
    if refused:
        assert result.exit_code == ExitCode.USAGE and refused in result.stderr and files(added) == before
        return
    assert result.exit_code == 0, result.output
    assert {o for _, p, o in graph(added, "a000", "L5.1") if p == f"<{SKG}recordType>"} == {f"<{SKG}{recorded}>"}


@pytest.mark.parametrize("listed", ["China and Russia", "China, Russia", "China, the US and Russia"])
@pytest.mark.parametrize(("template", "answer", "others"), [
    ("plan", "--by", ("--goal", "build a station", "--event-type", "Construction")),
    ("launch", "--vehicle", ("--id", "d:x")),
    ("ordinal", "--holder", ("--record", "LunarSoftLanding", "--rank", "3")),
])
def test_a_list_given_where_an_answer_takes_one_thing_is_refused_naming_each(added: Project, listed, template, answer,
                                                                            others):
    # "--by 'China and Russia'": each name is known, and the answer takes one of them.
    before = files(added)
    result = run(added, "article", "fact", "a000", "L3.1", template, answer, listed, *others)
    assert result.exit_code == ExitCode.USAGE, result.output
    count = len(re.split(r",\s*(?:and\s+)?|\s+and\s+", listed))
    assert f"--{answer[2:]} {listed!r} names {count} things (d:china" in result.stderr
    assert f"and --{answer[2:]} takes one: give one of them" in result.stderr and files(added) == before


@pytest.mark.parametrize("cue", ["aims to", "is scheduled to", "is set to", "Is Scheduled To", "plans to", "will"])
def test_the_words_a_plan_is_said_in_name_its_modality(added: Project, cue):
    # "Chang'e-7 is scheduled to launch around 2026" (Reuters): the words the definition quotes.
    result = run(added, "article", "fact", "a000", "L9.1", "plan", "--by", "China", "--goal", "launch a probe",
                 "--event-type", "LaunchEvent", "--modality", cue)
    assert result.exit_code == 0, result.output
    assert "modality skg:Planned" in result.stdout


@pytest.mark.parametrize(("template", "answers", "words", "places", "kind", "place"), [
    ("plan", ("--by", "China", "--goal", "land astronauts"), "crewed landing on the Moon", (), "CrewedLanding", "moon"),
    ("plan", ("--by", "China", "--goal", "land astronauts"), "Crewed Landings on the moon", ("--target", "Moon"),
     "CrewedLanding", "moon"),
    ("plan", ("--by", "China", "--goal", "fly"), "launch to Mars", (), "LaunchEvent", "mars"),
    ("plan", ("--by", "China", "--goal", "land astronauts"), "crewed landing on the Moon", ("--target", "Mars"),
     None, "moon"),
    ("count", ("--count", "2", "--holder", "China"), "soft landings on the Moon", (), "SoftLanding", "moon"),
    ("count", ("--count", "2", "--holder", "China"), "Rovers on Mars", (), "Rover", "mars"),
    ("count", ("--count", "2", "--holder", "China"), "rovers on Mars", ("--destination", "Mars"), "Rover", "mars"),
    ("count", ("--count", "2", "--holder", "China"), "rovers on Mars", ("--destination", "Moon"), None, "mars"),
])
def test_a_plans_or_counts_kind_may_say_its_place(added: Project, template, answers, words, places, kind, place):
    # "China aims to land astronauts on the moon before 2030", "two soft landings on the Moon":
    # --event-type or --kind as the sentence says it, with the target or destination in its words.
    kinds = {"plan": ("--event-type", "plannedEventType", "plannedTarget"), "count": ("--kind", "recordType", "destination")}
    option, kind_property, place_property = kinds[template]
    before = files(added)
    result = run(added, "article", "fact", "a000", "L9.1", template, *answers, option, words, *places)
    if kind is None:
        said = f"says the place is d:{place} ({place.capitalize()}), and {places[0]} does not"
        assert result.exit_code == ExitCode.USAGE and said in result.stderr and files(added) == before
        return
    assert result.exit_code == 0, result.output
    facts = graph(added, "a000", "L9.1")
    assert {o for _, p, o in facts if p == f"<{SKG}{kind_property}>"} == {f"<{SKG}{kind}>"}
    assert {o for _, p, o in facts if p == f"<{SKG}{place_property}>"} == {f"<{D}{place}>"}
