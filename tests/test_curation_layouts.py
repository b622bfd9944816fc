"""The article commands edit a facts file written in any layout the build reads for the blocks
they rewrite, keep the lines around them as written, and keep the file's line ends."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from curation_project import run

from spacekg.errors import ExitCode
from spacekg.sources.project import Project

PROVENANCE = "g:provenance {"
LAYOUTS = {
    "as written": lambda t: t,
    "GRAPH keyword": lambda t: t.replace(PROVENANCE, "GRAPH g:provenance {"),
    "lower-case graph keyword": lambda t: t.replace(PROVENANCE, "graph g:provenance {"),
    "no space before the brace": lambda t: t.replace(PROVENANCE, "g:provenance{"),
    "indented": lambda t: t.replace(PROVENANCE, "    g:provenance {"),
    "full IRI": lambda t: t.replace(PROVENANCE, "<https://w3id.org/spacekg/graph/provenance> {"),
    "brace on the next line": lambda t: t.replace(PROVENANCE, "g:provenance\n{"),
    "comments after the braces": lambda t: re.sub(r"(?m)^\}$", "} # end of block", t).replace(
        PROVENANCE, "g:provenance { # who said what"),
    "sentence graph with GRAPH and its brace below": lambda t: t.replace("g:a000-L1.1 {", "GRAPH g:a000-L1.1\n  {"),
}


def _quads(text: str) -> set[ox.Quad]:
    return set(ox.parse(text, format=ox.RdfFormat.TRIG, base_iri="http://x/"))


@pytest.mark.parametrize("crlf", [False, True], ids=["LF", "CRLF"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_article_commands_edit_a_facts_file_in_any_layout_of_its_blocks(scratch_project: Project, layout: str,
                                                                           crlf: bool):
    path = scratch_project.data_dir / "facts" / "a000.trig"
    canonical = path.read_text()
    written = LAYOUTS[layout](canonical)
    path.write_bytes((written.replace("\n", "\r\n") if crlf else written).encode())
    # L1.1, a headline, is excluded: including it again adds its provenance; excluding it again
    # takes the provenance out and gives the same quads as before.
    included = run(scratch_project, "article", "exclude", "a000", "L1.1", "--undo")
    assert included.exit_code == 0, included.output
    middle = path.read_bytes().decode()
    assert ("\r\n" in middle) == crlf and middle.replace("\r\n", "\n").count("\n") == middle.count("\n")
    excluded = run(scratch_project, "article", "exclude", "a000", "L1.1", "--reason", "headline")
    assert excluded.exit_code == 0, excluded.output
    after = path.read_bytes().decode().replace("\r\n", "\n")
    assert _quads(after) == _quads(canonical)
    kept = [line for line in written.splitlines() if "{" in line or "}" in line or line.startswith("#")]
    assert [line for line in after.splitlines() if "{" in line or "}" in line or line.startswith("#")] == kept


def test_a_block_the_commands_cannot_find_says_how_to_write_it(scratch_project: Project):
    path = scratch_project.data_dir / "facts" / "a000.trig"
    text = path.read_text()
    start = text.index(PROVENANCE)
    end = text.index("\n}\n", start) + 3
    one_line = " ".join(text[start:end].split())  # the whole block on one line: valid TriG
    path.write_text(text[:start] + one_line + "\n" + text[end:])
    before = path.read_bytes()
    result = run(scratch_project, "article", "exclude", "a000", "L1.1", "--undo")
    assert result.exit_code == ExitCode.INPUT
    assert "where its name and `{` begin a line and `}` stands on a line of its own" in result.output
    assert path.read_bytes() == before


def test_a_facts_file_without_a_provenance_block_gets_one(scratch_project: Project):
    path = scratch_project.data_dir / "facts" / "a000.trig"
    text = path.read_text()
    start = text.index(PROVENANCE)
    end = text.index("\n}\n", start) + 3
    path.write_text(text[:start] + text[end:])
    result = run(scratch_project, "article", "exclude", "a000", "L1.1", "--undo")
    assert result.exit_code == 0, result.output
    assert "g:provenance {\n    g:a000-L1.1 skg:statedIn src:a000-L1.1" in path.read_text()
