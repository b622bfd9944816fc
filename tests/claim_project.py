"""A project of one synthetic article (a900) whose sentences each state one claim, for tests that
judge many claims against background values they write themselves."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path

from spacekg.sources.project import Project
from spacekg.sources.segment import split_sentences

REPO = Path(__file__).resolve().parents[1]

PREFIXES = """@prefix skg: <https://w3id.org/spacekg/ontology#> .
@prefix d: <https://w3id.org/spacekg/id/> .
@prefix src: <https://w3id.org/spacekg/source/> .
@prefix g: <https://w3id.org/spacekg/graph/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
CITE = 'skg:citation <https://example.org/testland> ; skg:citationQuote "synthetic"@en'


def write_claim_project(root: Path, *, sentences: Sequence[str], graphs: Sequence[tuple[str, str]],
                        background: str, entities: str) -> Project:
    """Sentence n of the article states graphs[n]: its TriG body and its modality (Asserted, Planned)."""
    for name in ("ontology", "queries"):
        shutil.copytree(REPO / name, root / name)
    (root / "data" / "articles").mkdir(parents=True)
    (root / "data" / "facts").mkdir()
    text = "\n\n".join(sentences)
    (root / "data" / "articles" / "a900.txt").write_text(text, "utf-8")
    (root / "data" / "background.trig").write_text(background, "utf-8")
    (root / "data" / "entities.ttl").write_text(entities, "utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (root / "data" / "sources.ttl").write_text(PREFIXES + f"""
src:a900 a skg:SourceDocument ; rdfs:label "a900 (Test Daily)"@en ; skg:publisher d:test-daily ;
    skg:fileName "data/articles/a900.txt" ; skg:textSha256 "{digest}" ;
    skg:datePublished "2021-06-01T00:00:00Z"^^xsd:dateTime ; skg:datePublishedLatest "2021-06-01T23:59:59Z"^^xsd:dateTime ;
    skg:dateInference "synthetic" .
""", "utf-8")
    rows, provenance, bodies = [], [], []
    for s, (body, modality) in zip(split_sentences(text), graphs, strict=True):
        sid = s.sentence_id
        quoted = s.text.replace('"', '\\"')
        rows.append(f'src:a900-{sid} a skg:Sentence ; skg:inDocument src:a900 ; skg:sentenceId "{sid}" ; '
                    f'skg:beginIndex {s.begin} ; skg:endIndex {s.end} ; skg:text "{quoted}" .')
        provenance.append(f"g:a900-{sid} skg:statedIn src:a900-{sid} ; skg:modality skg:{modality} ; skg:source src:a900 .")
        bodies.append(f"g:a900-{sid} {{ {body} }}")
    (root / "data" / "facts" / "a900.trig").write_text(
        PREFIXES + "g:sources {\n" + "\n".join(rows) + "\n}\ng:provenance {\n" + "\n".join(provenance)
        + "\n}\n" + "\n".join(bodies) + "\n", "utf-8")
    return Project(root)
