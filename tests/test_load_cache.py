"""The load kept in the cache: a load that starts from it gives what a load from scratch gives,
whatever changed since, and parses only the files that changed; a damaged or unwritable cache
costs time, never the answer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import copy_project
from hypothesis import given, settings
from hypothesis import strategies as st

from spacekg.errors import InputError
from spacekg.sources import loader
from spacekg.sources.loader import Loaded, load_project
from spacekg.sources.project import Project

EXTRA = "<https://w3id.org/spacekg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" ."


def _add_article(root: Path) -> None:
    facts = root / "data" / "facts"
    (facts / "a003.trig").write_text((facts / "a002.trig").read_text().replace("a002", "a003"))


def _edit_article(root: Path) -> None:
    path = root / "data" / "facts" / "a001.trig"
    text = path.read_text()
    at = text.index("g:a001-L")
    at = text.index("{\n", at) + 2
    path.write_text(text[:at] + '    <https://w3id.org/spacekg/id/x> skg:description "edited"@en .\n' + text[at:])


def _write(relative: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).write_text(text)


def _append(relative: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).write_text((root / relative).read_text() + text)


# Each change, and the files a load that starts from the cache parses (None: every file, the
# project being loaded from scratch).
CHANGES: dict[str, tuple[Callable[[Path], None], set[str] | None]] = {
    "an article added": (_add_article, {"a003.trig"}),
    "an article edited": (_edit_article, {"a001.trig"}),
    "an article removed": (lambda root: (root / "data" / "facts" / "a000.trig").unlink(), set()),
    "a triple added to a graph other files write too": (_append("data/sources.ttl", f"\n{EXTRA}\n"), {"sources.ttl"}),
    "an empty data file added": (_write("data/empty.ttl", ""), {"empty.ttl"}),
    "a file writing shared graphs added": (_write("data/extra.trig", f"<https://w3id.org/spacekg/graph/provenance> "
                                                                     f"{{ {EXTRA} }}\n{EXTRA}\n"), {"extra.trig"}),
    "a file renamed": (lambda root: (root / "data" / "background.trig").rename(root / "data" / "more.trig"),
                       {"more.trig"}),
    "nothing": (lambda root: None, set()),
    "the ontology, with its blank nodes, changed": (_append("ontology/spacekg.ttl", "\n# a comment\n"), None),
}


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []
    real = loader._parse_text

    def parse(text: str, path: Path, **options: str | None) -> list[ox.Quad]:
        names.append(path.name)
        return real(text, path, **options)

    monkeypatch.setattr(loader, "_parse_text", parse)
    return names


def _assert_same(loaded: Loaded, scratch: Loaded) -> None:
    assert loaded.terms.strings == scratch.terms.strings
    assert loaded.terms.terms == scratch.terms.terms
    assert loaded.terms.kind == scratch.terms.kind
    assert loaded.graphs == scratch.graphs
    assert loaded.nquads == scratch.nquads
    assert len(loaded.store) == len(scratch.store)

    def named(store: ox.Store) -> list[ox.Quad]:  # blank nodes' quads come in no fixed order
        return [q for q in store if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)]

    assert named(loaded.store) == named(scratch.store)


def _from_scratch(project: Project) -> Loaded:
    shutil.rmtree(project.cache_dir)
    return load_project(project)


@pytest.mark.parametrize("change", CHANGES)
def test_a_load_from_the_cache_is_the_load_from_scratch_and_parses_only_what_changed(
        scratch_project: Project, monkeypatch: pytest.MonkeyPatch, change: str):
    edit, parsed = CHANGES[change]
    load_project(scratch_project)
    edit(scratch_project.root)
    names = _parsed(monkeypatch)
    loaded = load_project(scratch_project)
    files = [item.path.name for item in scratch_project.input_files()]
    assert sorted(names) == sorted(files if parsed is None else parsed)
    _assert_same(loaded, _from_scratch(scratch_project))



def test_changes_past_the_reparse_limit_are_loaded_from_scratch_and_kept(
        scratch_project: Project, monkeypatch: pytest.MonkeyPatch):
    load_project(scratch_project)
    facts = scratch_project.data_dir / "facts"
    for article in ("a003", "a004"):  # together over a tenth of the project, the limit once the floor is 0
        (facts / f"{article}.trig").write_text((facts / "a002.trig").read_text().replace("a002", article))
    monkeypatch.setattr(loader, "REPARSED_QUADS", 0)
    names = _parsed(monkeypatch)
    loaded = load_project(scratch_project)
    assert sorted(names) == sorted(item.path.name for item in scratch_project.input_files())
    names.clear()
    again = load_project(scratch_project)  # that load was kept: nothing changed since
    assert names == []
    _assert_same(loaded, again)
    _assert_same(again, _from_scratch(scratch_project))


def test_changes_within_the_reparse_limit_start_from_the_cache(scratch_project: Project,
                                                               monkeypatch: pytest.MonkeyPatch):
    load_project(scratch_project)
    _add_article(scratch_project.root)
    quads = len(load_project(scratch_project))
    monkeypatch.setattr(loader, "REPARSED_QUADS", quads)  # more than a tenth, but within the floor
    names = _parsed(monkeypatch)
    load_project(scratch_project)
    assert names == ["a003.trig"]

@pytest.mark.slow
@settings(max_examples=12, deadline=None)
@given(changes=st.lists(st.sampled_from([name for name, (_, parsed) in CHANGES.items() if parsed is not None]),
                        min_size=1, max_size=4, unique=True))
def test_changes_together_load_as_from_scratch(tmp_path_factory: pytest.TempPathFactory, changes: list[str]):
    project = copy_project(tmp_path_factory.mktemp("together"))
    load_project(project)
    for change in changes:
        CHANGES[change][0](project.root)
    _assert_same(load_project(project), _from_scratch(project))


def test_a_changed_file_that_no_longer_parses_is_named(scratch_project: Project):
    load_project(scratch_project)
    _append("data/facts/a001.trig", "\ng:a001-L1.1 { <http://x/a> <http://x/b> . }\n")(scratch_project.root)
    with pytest.raises(InputError, match=r"a001\.trig:\d+:\d+: bad syntax"):
        load_project(scratch_project)


@pytest.mark.parametrize("damage", ["cut short", "a byte changed", "emptied", "a directory in its place",
                                    "another format"])
def test_a_damaged_cache_costs_a_load_from_scratch_not_the_answer(scratch_project: Project,
                                                                   monkeypatch: pytest.MonkeyPatch, damage: str):
    load_project(scratch_project)
    path = scratch_project.cache_dir / "load.bin"
    data = path.read_bytes()
    if damage == "a directory in its place":
        path.unlink()
        path.mkdir()
    elif damage == "another format":
        header, _, body = data.partition(b"\n")
        path.write_bytes(header + b"\n" + body.replace(b'"files"', b'"filez"', 1))
    else:
        path.write_bytes({"cut short": data[:-100], "emptied": b"",
                          "a byte changed": data[:-100] + bytes([data[-100] ^ 1]) + data[-99:]}[damage])
    _add_article(scratch_project.root)
    names = _parsed(monkeypatch)
    loaded = load_project(scratch_project)
    assert len(names) == len(scratch_project.input_files())
    if damage != "a directory in its place":  # written again for the next load
        names.clear()
        load_project(scratch_project)
        assert names == []
    _assert_same(loaded, _from_scratch(scratch_project))


def test_a_cache_that_cannot_be_written_costs_time_not_the_answer(scratch_project: Project):
    shutil.rmtree(scratch_project.cache_dir, ignore_errors=True)
    scratch_project.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch_project.cache_dir.write_text("not a directory")
    loaded = load_project(scratch_project)
    scratch_project.cache_dir.unlink()
    _assert_same(loaded, load_project(scratch_project))
