"""Loading: malformed inputs fail with file, line and a clear message, and load nothing."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacekg.errors import InputError
from spacekg.reasoning.terms import BLANK, IRI, LITERAL
from spacekg.sources import evidence
from spacekg.sources.evidence import verify_quotes
from spacekg.sources.loader import Loaded, load_project, parse_file
from spacekg.sources.project import Project, find_project
from spacekg.store.build import build


def test_real_project_loads_into_named_graphs(project: Project):
    store = load_project(project).store
    names = {g.value.rsplit("/", 1)[1] for g in store.named_graphs()}
    assert {"ontology", "alignments", "entities", "sources", "provenance", "a000-L19.1", "a002-L35.1"} <= names


def test_syntax_error_names_file_line_and_column(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b x:c .\nx:a x:b .\n")
    with pytest.raises(InputError, match=r"bad\.ttl:3:\d+: bad syntax"):
        parse_file(bad, graph="http://example.org/g")


def test_trig_syntax_error_names_the_line(tmp_path: Path):
    bad = tmp_path / "bad.trig"
    bad.write_text("@prefix x: <http://x/> .\nx:g {\n  x:a x:b x:c .\n  x:a x:b \"unterminated .\n}\n")
    with pytest.raises(InputError, match=r"bad\.trig:4:\d+"):
        parse_file(bad, graph=None)


def test_a_failing_file_fails_the_whole_load(scratch_project: Project):
    (scratch_project.data_dir / "half.ttl").write_text(
        "<http://x/a> <http://x/b> <http://x/c> .\n<http://x/a> <http://x/b> .\n")
    with pytest.raises(InputError, match=r"half\.ttl:2:"):
        load_project(scratch_project)


def test_invalid_utf8_names_line_and_column(tmp_path: Path):
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes('<http://x/a> <http://x/b> "ok" .\n<http://x/a> <http://x/b> "caf\xe9" .\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.ttl:2:\d+: not UTF-8"):
        parse_file(bad, graph="http://example.org/g")


# Lines of text a Turtle string holds: any character, multi-byte ones and tabs included, but no
# line end, quote or escape.
_LINES = st.lists(st.text(st.characters(codec="utf-8", exclude_characters='\n\r"\\'), max_size=12),
                  min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(lines=_LINES, end=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans(), data=st.data())
def test_a_bad_byte_is_named_at_the_line_and_column_the_parser_counts(
        tmp_path_factory: pytest.TempPathFactory, lines: list[str], end: str, bom: bool, data: st.DataObject):
    """Columns are characters, lines end at LF, CR or CR LF, a byte order mark is no column, and the
    offset is the byte's in the file: a bad byte and a syntax error at one place are named alike."""
    where = data.draw(st.integers(0, len(lines) - 1))
    column = data.draw(st.integers(0, len(lines[where])))
    before = "".join(f"#{line}{end}" for line in lines[:where]) + '<http://x/a> <http://x/b> "' + lines[where][:column]
    head = (b"\xef\xbb\xbf" if bom else b"") + before.encode()
    folder = tmp_path_factory.mktemp("positions")
    (folder / "bad.ttl").write_bytes(head + b"\xff" + f'{lines[where][column:]}" .{end}'.encode())
    (folder / "syntax.ttl").write_bytes(head + f'" <http://x/c> .{end}'.encode())  # a second object, no comma
    line, character = where + 1, len('<http://x/a> <http://x/b> "') + column + 1
    with pytest.raises(InputError, match=rf"bad\.ttl:{line}:{character}: not UTF-8 \(byte 0xff at offset "
                                         rf"{len(head)}\)"):
        parse_file(folder / "bad.ttl", graph="http://example.org/g")
    with pytest.raises(InputError, match=rf"syntax\.ttl:{line}:{character + 2}: bad syntax"):
        parse_file(folder / "syntax.ttl", graph="http://example.org/g")


def test_iri_with_a_space_is_rejected(tmp_path: Path):
    bad = tmp_path / "space.ttl"
    bad.write_text("<http://x/a b> <http://x/b> <http://x/c> .\n")
    with pytest.raises(InputError, match="space.ttl"):
        parse_file(bad, graph="http://example.org/g")


_RELATIVE = st.sampled_from(["", "#x", "x", "../x", "?q=1", "//host/x", "%41", "ü", "a/b"])


@settings(max_examples=40, deadline=None)
@given(relative=_RELATIVE, place=st.sampled_from(["subject", "object", "graph"]),
       suffix=st.sampled_from([".ttl", ".trig", ".nt", ".nq"]), data=st.data())
def test_a_relative_iri_is_refused_with_its_line_and_column(tmp_path_factory: pytest.TempPathFactory,
                                                             relative: str, place: str, suffix: str,
                                                             data: st.DataObject):
    """Resolved against the file's own location, a relative IRI would put a path of this machine
    into the graph, and every export would differ from machine to machine."""
    if place == "graph" and suffix in (".ttl", ".nt"):
        place = "object"
    blank_lines = data.draw(st.integers(0, 3))
    iri = f"<{relative}>"
    s, o = (iri, "<http://x/o>") if place == "subject" else ("<http://x/s>", iri)
    statement = f"{s} <http://x/p> {o}"
    if place == "graph":
        statement = f"{iri} {{ {statement} }}" if suffix == ".trig" else f"{statement} {iri}"
    elif suffix == ".trig":
        statement = f"<http://x/g> {{ {statement} }}"
    path = tmp_path_factory.mktemp("relative") / f"data{suffix}"
    path.write_text("\n" * blank_lines + statement + (" .\n" if suffix != ".trig" else "\n"))
    with pytest.raises(InputError, match=rf"data\{suffix}:{blank_lines + 1}:\d+: bad syntax: a relative IRI") as caught:
        parse_file(path, graph=None if suffix in (".trig", ".nq") else "http://example.org/g")
    assert "file:" not in str(caught.value)


@pytest.mark.parametrize("suffix", [".ttl", ".trig"])
def test_a_relative_iri_resolves_against_the_files_own_base(tmp_path: Path, suffix: str):
    path = tmp_path / f"based{suffix}"
    body = "<s> <p> <../o> ."
    path.write_text(f"@base <http://x/a/> .\n{body if suffix == '.ttl' else '<g> { ' + body + ' }'}\n")
    quads = parse_file(path, graph="http://example.org/g" if suffix == ".ttl" else None)
    assert [(q.subject.value, q.object.value) for q in quads] == [("http://x/a/s", "http://x/o")]


def test_directory_where_a_file_should_be(tmp_path: Path):
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        parse_file(tmp_path / "dir.ttl", graph="http://example.org/g")


def test_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        parse_file(fifo, graph="http://example.org/g")


def test_missing_ontology_is_reported(tmp_path: Path):
    with pytest.raises(InputError, match=r"spacekg\.ttl: file not found"):
        load_project(Project(tmp_path))


def test_broken_data_file_in_project_fails_the_build(scratch_project: Project, as_of: date):
    facts = scratch_project.data_dir / "facts" / "a001.trig"
    facts.write_text(facts.read_text() + "\ng:oops { d:x d:y }\n")
    with pytest.raises(InputError, match=r"a001\.trig:\d+:\d+"):
        build(scratch_project, as_of=as_of)


def test_edited_quote_fails_the_build(scratch_project: Project, as_of: date):
    facts = scratch_project.data_dir / "facts" / "a002.trig"
    facts.write_text(facts.read_text().replace("third country after Russia and the US", "third country after the USSR and the US"))
    with pytest.raises(InputError, match=r"a002\.txt\[2228:2336\]: quote of .* does not match"):
        build(scratch_project, as_of=as_of)


@pytest.mark.parametrize("loose", ["d:vikram skg:country d:india .", "d:china skg:crewSize 3 .",
                                   "@prefix ex: <http://example.org/> .\nex:a ex:b \"a { b } c\" .",
                                   "<http://example.org/s> a skg:Rover ;\n    rdfs:label \"x\" ."])
def test_a_triple_outside_every_graph_of_a_facts_file_fails_the_build_with_its_line(scratch_project: Project,
                                                                                   as_of: date, loose: str):
    facts = scratch_project.data_dir / "facts" / "a001.trig"
    text = facts.read_text()
    facts.write_text(text + "\n" + loose + "\n")
    line = text.count("\n") + 2 + (1 if loose.startswith("@prefix") else 0)
    with pytest.raises(InputError, match=rf"a001\.trig:{line}: .* is outside every graph, so no sentence states it"):
        build(scratch_project, as_of=as_of)


@pytest.mark.parametrize("change", [lambda t: t + "NASA said the crew is healthy.\n", lambda t: t.rstrip("\n"),
                                    lambda t: "\ufeff" + t, lambda t: t.replace("\n\n", "\n \n", 1),
                                    lambda t: t.replace("\n", "\r\n")])
def test_an_article_text_changed_outside_its_sentences_fails_the_build_until_restored(scratch_project: Project,
                                                                                     as_of: date, change):
    path = scratch_project.articles_dir / "a001.txt"
    original = path.read_bytes()
    changed = change(original.decode("utf-8"))
    assert changed.encode("utf-8") != original
    path.write_bytes(changed.encode("utf-8"))
    with pytest.raises(InputError, match=r"data/articles/a001\.txt( changed after it was registered|\[\d+:\d+\]: quote)"):
        build(scratch_project, as_of=as_of)
    path.write_bytes(original)
    assert build(scratch_project, as_of=as_of).snapshot.nquads


@pytest.mark.parametrize("text", [
    '<http://x/a> <http://x/b> <http://x/c> {| <http://x/source> "the article" |} .\n',  # an annotation
    '<http://x/s> <http://x/said> <<( <http://x/a> <http://x/b> <http://x/c> )>> .\n',  # a triple term
    '<< <http://x/a> <http://x/b> <http://x/c> >> <http://x/source> "the article" .\n',  # a reified triple
])
@pytest.mark.parametrize("before", ["", '# << a comment\n<http://x/q> <http://x/r> "a << b {| c" .\n\n',
                                    "# a form feed \x0c and U+2028 \u2028 end no line\r\n"])
def test_a_triple_term_is_refused_naming_the_file_and_line(scratch_project: Project, text: str, before: str):
    (scratch_project.data_dir / "said.ttl").write_text(before + text)
    line = before.count("\n") + 1
    with pytest.raises(InputError, match=rf"said\.ttl:{line}: holds an RDF 1\.2 triple term"):
        load_project(scratch_project)


def test_a_literal_that_reads_like_a_triple_term_loads(scratch_project: Project):
    (scratch_project.data_dir / "note.ttl").write_text('<http://x/a> <http://x/b> "<<( not a triple )>>" .\n')
    assert any(s.endswith('"<<( not a triple )>>"') for s in load_project(scratch_project).terms.strings)


# Literals whose values read like another kind of term: a term's kind comes from how it is written
# whole, never from its value.
_TERMS = st.one_of(
    st.builds(lambda v: ox.NamedNode(f"http://x/{v}"), st.sampled_from(["a", "_b", "%22c", "é"])),
    st.builds(ox.BlankNode, st.sampled_from(["b0", "b1", "x_"])),
    st.builds(ox.Literal, st.sampled_from(["", "_:b0", "<http://x/a>", '"q"', "1", "é"])),
    st.builds(lambda v: ox.Literal(v, language="en"), st.sampled_from(["_:b0", "<a>"])),
    st.builds(lambda v: ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
              st.sampled_from(["01", "1"])),
)


@settings(max_examples=60, deadline=None)
@given(quads=st.lists(st.tuples(_TERMS, st.sampled_from(["p", "_q"]), _TERMS,
                                st.sampled_from(["", "http://x/g", "http://x/_g"])), min_size=1, max_size=8))
def test_every_term_is_numbered_in_n_triples_order_with_its_kind(quads):
    def subject(term):
        return term if not isinstance(term, ox.Literal) else ox.NamedNode("http://x/literal")

    loaded = Loaded.of(ox.Quad(subject(s), ox.NamedNode(f"http://x/{p}"), o,
                               ox.NamedNode(g) if g else ox.DefaultGraph()) for s, p, o, g in quads)
    terms = loaded.terms
    assert terms.strings == sorted(terms.strings) == [str(t) for t in terms.terms]
    assert [terms.ids[t] for t in terms.terms] == list(range(len(terms)))
    kinds = {ox.NamedNode: IRI, ox.BlankNode: BLANK, ox.Literal: LITERAL}
    assert bytes(terms.kind) == bytes(kinds[type(t)] for t in terms.terms)
    held = {t for name, triples in loaded.graphs.items() for triple in triples for t in terms.triple(triple)}
    assert held <= set(terms.terms)


def test_the_quote_check_reads_each_article_once(project: Project, monkeypatch: pytest.MonkeyPatch):
    loaded = load_project(project)
    reads: list[Path] = []
    for name in ("read_bytes", "read_text"):
        real = getattr(evidence, name)
        monkeypatch.setattr(evidence, name, lambda path, *a, real=real, **k: reads.append(path) or real(path, *a, **k))
    assert verify_quotes(project, loaded.store) == 71
    assert sorted(reads) == sorted(set(reads)) == project.article_files()


def test_find_project_from_a_subdirectory(project: Project, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project.queries_dir)
    assert find_project().root == project.root
