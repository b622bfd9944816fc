"""The review file of an article's mention links (``data/curation/aNNN-links.tsv``).

One row per mention: where it is, the proposed entity and how it matched, the other candidates,
and a ``confirm`` column that a person fills with ``yes`` or ``no`` (after changing ``link`` to
another candidate or IRI if the proposal is wrong). A new entity is proposed with ``how`` = new;
confirming it needs its class in the ``type`` column (``Rover``, ``skg:LaunchSite``…) and takes
``name`` as its label, or the mention when another entity has that name.

Applying the file (:func:`apply_review`) writes the confirmed links into the article's facts file
as comments, adds confirmed new entities to ``data/entities.ttl``, and records a mention that is
not yet one of its entity's names as another name (``skos:altLabel``), as the curated entities
keep "the other names the articles use"; an entity the facts brought in without a label takes the
first such name as its label. What one article's review adds there is one block,
rewritten by each application: a link confirmed by mistake and then rejected takes its name and
its new entity with it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..namespaces import ID, RDF, RDFS, SKG, SKOS, expand, shorten
from ..rdf import parse, spo
from ..sources.files import read_text, write_atomic
from ..sources.project import Project
from ..sources.segment import Segment
from ..wikidata.client import normalise_label
from .catalogue import Catalogue, catalogue, project_quads
from .linker import Linker, Mention, as_name, note, shouted, slug

COLUMNS = ("sentence", "begin", "end", "mention", "link", "how", "score", "name", "type", "others", "confirm")
_SKOS_ALT = SKOS + "altLabel"
_RDFS_LABEL = RDFS + "label"
_PERSON = SKG + "Person"


@dataclass(frozen=True)
class ReviewRow:
    """One mention as the review file has it (after a person's edits)."""

    line: int
    sentence: str
    begin: int
    end: int
    mention: str
    link: str
    how: str
    score: str
    name: str
    type: str
    confirm: str
    others: str = ""


@dataclass(frozen=True)
class ReviewOutcome:
    """What applying a review file did."""

    confirmed: int
    rejected: int
    undecided: int
    new_entities: tuple[str, ...]
    new_names: tuple[str, ...]
    names_kept: tuple[str, ...] = ()
    """Mentions not added as another name of their entity, because another entity has that name."""
    withdrawn_entities: tuple[str, ...] = ()
    """New entities the last application added that the file no longer confirms."""
    retyped_entities: tuple[str, ...] = ()
    """New entities the file now confirms with another class than the last application did."""
    withdrawn_names: tuple[str, ...] = ()
    """Other names the last application added that the file no longer confirms."""
    left_out: tuple[str, ...] = ()
    """Excluded sentences with confirmed rows, which were not applied."""


# What a spreadsheet writes for a ticked or crossed box.
_CONFIRMS = {"true": "yes", "false": "no", "\u2713": "yes", "\u2714": "yes", "\u2611": "yes",
             "\u2717": "no", "\u2718": "no", "\u2612": "no"}


def review_path(project: Project, article: str) -> Path:
    return project.data_dir / "curation" / f"{article}-links.tsv"


def write_review(path: Path, mentions: list[Mention], linker: Linker, *, earlier: Sequence[ReviewRow] = ()) -> int:
    """Write the review file of ``mentions``, proposals filled in and ``confirm`` left empty. A
    row of ``earlier`` that a person answered (the file of an article registered again) keeps its
    link, name, type and answer for the same mention, and one that names no mention now is kept
    as it was: a decision is never lost. Returns how many earlier rows were kept."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    decided = {(r.sentence, r.begin, r.end, r.mention): r for r in earlier if r.confirm}
    kept = 0
    for m in mentions:
        if (row := decided.pop((m.sentence_id, m.begin, m.end, m.text), None)) is not None:
            writer.writerow(_cells(row))
            kept += 1
            continue
        if m.how != "new":
            best = m.candidates[0]
            link, how, score, name = shorten(best.entity), best.kind, str(best.score), linker.catalogue.label(best.entity)
            types = ", ".join(sorted(shorten(t) for t in linker.catalogue.types.get(best.entity, ())))
        else:
            # No suggestion: a word that may refer back to several names, which its name column lists.
            link, how, score, name = shorten(m.suggestion) if m.suggestion else "", "new", "0", m.name or m.text
            types = shorten(m.kind) if m.kind else ""
        others = " | ".join(f"{shorten(c.entity)} ({c.kind} {c.score})" for c in m.candidates[how != "new":])
        writer.writerow((m.sentence_id, m.begin, m.end, _cell(m.text), link, how, score, _cell(name), types, others, ""))
    for row in decided.values():
        writer.writerow(_cells(row))
    write_atomic(path, out.getvalue().encode("utf-8"))
    return kept + len(decided)


def _cells(row: ReviewRow) -> tuple[object, ...]:
    return (row.sentence, row.begin, row.end, _cell(row.mention), row.link, row.how, row.score, _cell(row.name),
            row.type, row.others, row.confirm)


def read_review(path: Path) -> list[ReviewRow]:
    """Read a review file.

    Raises:
        InputError: the file is missing, lacks a column, or has a malformed row (with its line).
    """
    reader = csv.reader(io.StringIO(read_text(path)), delimiter="\t")
    header = next(reader, None)
    if header is None or any(c not in header for c in COLUMNS):
        # A spreadsheet saves "CSV" with commas or semicolons: the columns are all one cell.
        other = next((d for d in ";,|" if header and len(header) == 1 and d in header[0]), None)
        raise InputError(f"{path}:1: the header must name the columns {', '.join(COLUMNS)}"
                         + (f", separated by tabs, not {other!r}: save it as tab-separated text" if other else ""))
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise InputError(f"{path}:{number}: the row has {len(cells)} of the {len(header)} tab-separated columns "
                             f"({', '.join(header)})")
        record = dict(zip(header, cells))
        try:
            begin, end = int(record["begin"]), int(record["end"])
        except (KeyError, ValueError):
            raise InputError(f"{path}:{number}: begin and end must be numbers") from None
        confirm = record.get("confirm", "").strip().lower()
        # A spreadsheet's check box is saved as TRUE or FALSE, a tick or a cross as its character.
        confirm = _CONFIRMS.get(confirm, confirm)
        if confirm not in ("", "yes", "y", "no", "n"):
            raise InputError(f"{path}:{number}: confirm is {record['confirm']!r}; write yes, no, or leave it empty")
        rows.append(ReviewRow(number, record["sentence"].strip(), begin, end, record["mention"],
                              record["link"].strip(), record["how"].strip(), record["score"].strip(),
                              record["name"].strip(),
                              record["type"].strip(), confirm[:1] and {"y": "yes", "n": "no"}[confirm[0]],
                              record.get("others", "").strip()))
    return rows


def confirmed_links(path: Path) -> dict[str, dict[str, str]]:
    """The confirmed links of a review file: sentence id -> normalised mention -> entity IRI."""
    if not path.exists():
        return {}
    links: dict[str, dict[str, str]] = {}
    for row in read_review(path):
        if row.confirm == "yes":
            links.setdefault(row.sentence, {})[normalise_label(row.mention)] = expand(row.link)
    return links


def _named_link(row: ReviewRow, cat: Catalogue, path: Path) -> ReviewRow:
    """``row`` with a link written as a name ("Long March rocket") as the IRI of the one entity
    that has it, as the fact templates read names.

    Raises:
        UsageError: a confirmed row's name is unknown or names several entities.
    """
    if row.confirm != "yes" or not row.link:
        return row
    if row.link.startswith("<") and row.link.endswith(">"):
        return replace(row, link=shorten(row.link[1:-1]))
    if ":" in row.link:
        return row
    try:
        return replace(row, link=shorten(cat.entity(row.link)))
    except UsageError as exc:
        raise UsageError(f"{path}:{row.line}: link {row.link!r}: {exc}") from None


def apply_review(project: Project, article: str) -> ReviewOutcome:
    """Apply the article's review file (see the module docstring). The names and entities are
    those of the project without what the last application for this article added, so that the
    file's rows decide them again.

    Raises:
        InputError: the review file or a project file is malformed.
        UsageError: a confirmed row names no usable entity, or a new entity has no valid class.
    """
    from .trig import FactsFile, comment_lines, split_block, with_block

    path = review_path(project, article)
    rows = read_review(path)
    entities_path = project.data_dir / "entities.ttl"
    entities_before = read_text(entities_path) if entities_path.exists() else ""
    rest, block = split_block(entities_path, entities_before, article)
    quads = project_quads(project, texts={entities_path: rest})
    cat = catalogue(quads, wikidata_cache=project.cache_dir / "wikidata")
    rows = [_named_link(row, cat, path) for row in rows]
    before = _statements(entities_path, entities_before, block)
    # What the last application made stays the review's to make: the facts may type it since
    # (`--is`, a template's class), which is no reason to take its label and class away.
    made = {s for s, p, _ in before if p == RDF + "type"}
    named_by: dict[str, set[str]] = {}
    for name in cat.names:
        named_by.setdefault(normalise_label(name.text), set()).add(name.entity)
    _refuse_disagreeing_rows(rows, cat, made, named_by, path)
    facts = FactsFile.open(project.data_dir / "facts" / f"{article}.trig", article)
    excluded = facts.excluded_sentences()
    applied = [r for r in rows if r.confirm == "yes" and r.sentence not in excluded and ":" in r.link]
    given: dict[str, str] = {}
    linked_to: dict[str, set[str]] = {}
    for row in applied:
        if named := _given_name(row, named_by):
            given.setdefault(expand(row.link), named)
        linked_to.setdefault(normalise_label(row.mention), set()).add(expand(row.link))
    additions: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = []
    new_entities: list[str] = []
    made_as: dict[str, tuple[str, str]] = {}  # a new entity's class and label
    new_names: list[str] = []
    alt_triples: list[tuple[str, str, str]] = []
    names_kept: list[str] = []
    comments: dict[str, tuple[list[str], list[str]]] = {sid: ([], []) for sid in facts.sentence_ids()}
    sentences = {s.sentence_id: s for s in facts.segments()}

    @cache
    def texts() -> tuple[str, ...]:
        return tuple(read_text(path) for path in sorted(project.articles_dir.glob("*.txt")))
    left_out: list[str] = []
    for row in rows:
        if row.confirm == "no":
            continue
        _check_place(row, sentences, path)
        if row.sentence in excluded:
            # The sentence states nothing: its names (a byline's author) make no entity.
            left_out += [row.sentence] if row.confirm == "yes" else []
            continue
        links, pending = comments[row.sentence]
        if row.confirm == "":
            pending.append(note(row.mention, row.link, row.how, row.score))
            continue
        if not row.link:
            raise UsageError(f"{path}:{row.line}: {row.mention!r} is confirmed without a link: give the entity it "
                             f"names in the link column (it may be {row.name}), or reject it with no")
        entity = expand(row.link) if ":" in row.link else ""
        if not entity.startswith(("http://", "https://")):
            raise UsageError(f"{path}:{row.line}: link {row.link!r} is not an IRI such as d:xichang")
        if (other := cat.case_variant(entity)) and entity not in new_entities:
            raise UsageError(f"{path}:{row.line}: link {row.link} differs from {shorten(other)} ({cat.label(other)}) "
                             f"only in case, and IRIs are case-sensitive: link {shorten(other)}, or give a new thing "
                             "another name")
        node = ox.NamedNode(entity)
        if (not cat.known(entity) or entity in made) and entity not in new_entities:
            if not row.type:
                raise UsageError(f"{path}:{row.line}: the new entity {row.link} needs its class in the type "
                                 "column (e.g. Rover, LaunchSite, Person)")
            try:
                kind = cat.ontology_class(row.type)
            except UsageError as exc:
                raise UsageError(f"{path}:{row.line}: {exc}") from None
            label = _new_label(row, entity, named_by, path, given.get(entity, ""))
            additions += [(node, ox.NamedNode(RDF + "type"), ox.NamedNode(kind)),
                          (node, ox.NamedNode(RDFS + "label"), ox.Literal(label, language="en"))]
            new_entities.append(entity)
            made_as[entity] = (kind, label)
            named_by.setdefault(normalise_label(label), set()).add(entity)
            names = {normalise_label(label)}
        else:
            names = {normalise_label(n.text) for n in cat.names if n.entity == entity}
            names |= {normalise_label(t[2].value) for t in additions if t[0] == node and isinstance(t[2], ox.Literal)}
        mentioned = normalise_label(row.mention)
        others = named_by.get(mentioned, set()) - {entity}
        if mentioned not in names and (twins := linked_to.get(mentioned, set()) - {entity}):
            # "Chen, Chen and Wang": one name for two crew members would name both, and resolve
            # to neither after.
            names_kept.append(f"{row.mention!r} is also linked to {', '.join(shorten(t) for t in sorted(twins))} "
                              f"in this review, so it is not made a name of {row.link}")
        elif mentioned not in names and not any(ch.isalpha() for ch in row.mention):
            # "-7" of "Chang'e-6, -7 and -8" stands for a name the sentence writes in part; as a
            # name it would link every such number.
            names_kept.append(f"{row.mention!r} is a number that stands for a name written in part, so it is not "
                              f"made a name of {row.link}")
        elif mentioned not in names and row.how == "adjective":
            # "Chinese", "lunar": an adjective says whose or of which body a thing is; as a name it
            # would take the place of the adjective rules, and link the language "in Chinese" too.
            word_for = "the word for the people of" if row.mention[-1:].lower() == "s" else "an adjective of"
            names_kept.append(f"{row.mention!r} is {word_for} {row.name or row.link}, not a name of it, "
                              f"so it is not made a name of {row.link}")
        elif mentioned not in names and row.how == "possessive":
            # "China's space agency" says whose and of what kind the thing is; as a name it would
            # link the words to one agency even where the country has another.
            names_kept.append(f"{row.mention!r} describes {row.name or row.link} by its country and kind, not a name "
                              f"of it, so it is not made a name of {row.link}")
        elif mentioned not in names and others:
            # The link stands; the name would name two things, and resolve to neither after.
            names_kept.append(f"{row.mention!r} names {', '.join(shorten(o) for o in sorted(others))}, "
                              f"so it is not made a name of {row.link}")
        elif mentioned not in names and _one_word_of(mentioned, names) and (
                cat.is_a(entity, _PERSON) or cat.subsumed(made_as.get(entity, ("", ""))[0], _PERSON)):
            # "Tang" for Tang Hongbo refers back to his whole name in its article (the linker finds
            # it so); as a name it would link every Tang, his crewmate Tang Shengjie too, to him.
            whole = made_as[entity][1] if entity in made_as else cat.label(entity)
            names_kept.append(f"{row.mention!r} is one word of a person's name ({whole}), so it is not made a name "
                              f"of {row.link}: it would name everyone called {row.mention}")
        elif mentioned not in names and (plain := ordinary_use(row.mention, texts())):
            # Names are matched ignoring case ("the moon"): a name that is also ordinary words
            # ("Space" cut from "Space.com") would link every "space" of every article to it.
            names_kept.append(f"{row.mention!r} is also written as ordinary words ({plain!r}), so it is not made "
                              f"a name of {row.link}: it would link them")
        elif mentioned not in names:
            written = as_name(row.mention) if shouted(sentences[row.sentence], row.begin, row.end) else row.mention
            labelled = entity in cat.labels or any(s == node and p.value == _RDFS_LABEL for s, p, _ in additions)
            # A thing the facts brought in by its IRI alone (`--is d:utopia-planitia Place`) has no
            # label: the first name the review confirms for it is its label, as for a new entity.
            first = (written, _SKOS_ALT) if labelled else (given.get(entity) or written, _RDFS_LABEL)
            for called, prop in dict.fromkeys([first, (written, _SKOS_ALT)]):
                if prop == _SKOS_ALT and normalise_label(called) in names:
                    continue
                additions.append((node, ox.NamedNode(prop), ox.Literal(called, language="en")))
                new_names.append(f"{row.link} {called!r}" + ("" if prop == _SKOS_ALT else " (its label: it had none)"))
                alt_triples.append((entity, prop, called))
                names.add(normalise_label(called))
        links.append(f'"{row.mention}" = {row.link}')
    for sid, (links, pending) in comments.items():
        lines = (comment_lines("links: ", links) if links else []) + (comment_lines("mentions: ", pending) if pending else [])
        facts.set_comments(sid, lines)
    after = {(str(s.value), str(p.value), o.value) for s, p, o in additions}
    withdrawn = sorted(before - after)
    # A new entity confirmed with another class is the same entity retyped, not one taken out.
    kinds = {s: sorted(shorten(o) for t, p, o in after if t == s and p == RDF + "type") for s, _, _ in after}
    untyped = sorted({s for s, p, _ in withdrawn if p == RDF + "type" and not kinds.get(s)})
    retyped = [f"{shorten(s)} is a {', '.join(kinds[s])} (was a {shorten(o)})"
               for s, p, o in withdrawn if p == RDF + "type" and kinds.get(s)]
    _refuse_withdrawing_what_is_used(untyped, quads, path)
    entities_text = (with_block(entities_path, article, additions, "# Named things.\n")
                     if additions or block else None)
    # The entities go first: stopped between the two writes, the project has the new entities and
    # the facts file its old comments, which check accepts and the same command finishes. The
    # other way round, the comments would link to entities that are not there yet.
    if entities_text is not None and entities_text != entities_before:
        write_atomic(entities_path, entities_text.encode("utf-8"))
    facts.save()
    confirmed = sum(1 for r in rows if r.confirm == "yes")
    rejected = sum(1 for r in rows if r.confirm == "no")
    return ReviewOutcome(
        confirmed, rejected, len(rows) - confirmed - rejected,
        tuple(e for e in new_entities if (e, RDF + "type") not in {t[:2] for t in before}),
        tuple(n for n, t in zip(new_names, alt_triples) if t not in before), tuple(dict.fromkeys(names_kept)),
        withdrawn_entities=tuple(untyped), retyped_entities=tuple(retyped),
        withdrawn_names=tuple(f"{shorten(s)} {o!r}" for s, p, o in withdrawn
                              if p == _SKOS_ALT or (p == _RDFS_LABEL and (s, RDF + "type") not in {t[:2] for t in before})),
        left_out=tuple(dict.fromkeys(left_out)),
    )


def _one_word_of(mentioned: str, names: set[str]) -> bool:
    """Whether ``mentioned`` is one word of a name of several words ("tang" of "tang hongbo")."""
    return len(mentioned.split()) == 1 and any(len(n.split()) > 1 and mentioned in n.split() for n in names)


def _refuse_disagreeing_rows(rows: Sequence[ReviewRow], cat: Catalogue, made: set[str],
                             named_by: dict[str, set[str]], path: Path) -> None:
    """One mention has one answer, and the rows that make one new entity give it one class and
    one name: two confirmed rows that disagree would leave which one wins to their order.

    Raises:
        UsageError: naming both rows' lines.
    """
    by_span: dict[tuple[str, int, int], ReviewRow] = {}
    by_entity: dict[str, ReviewRow] = {}
    by_name: dict[str, ReviewRow] = {}
    for row in rows:
        if row.confirm != "yes":
            continue
        other = by_span.setdefault((row.sentence, row.begin, row.end), row)
        if other.link != row.link:
            raise UsageError(f"{path}:{other.line} and {row.line}: the mention {row.mention!r} is linked to "
                             f"{other.link} and to {row.link}; confirm one of the two")
        if not row.type or ":" not in row.link or (cat.known(expand(row.link)) and expand(row.link) not in made):
            continue  # the rows of a thing the project has show its class and name; they make nothing
        typer = by_entity.setdefault(row.link, row)
        # A name left from the proposal the link replaced says nothing of this entity.
        name = _given_name(row, named_by)
        namer = by_name.setdefault(row.link, row) if name else row
        for column, first, mine, theirs in (("type", typer, row.type, typer.type),
                                            ("name", namer, name, _given_name(namer, named_by))):
            if mine and theirs and _said(column, mine, cat) != _said(column, theirs, cat):
                raise UsageError(f"{path}:{first.line} and {row.line}: the new entity {row.link} is given the "
                                 f"{column} {theirs!r} and {mine!r}; give it one")


def _said(column: str, value: str, cat: Catalogue) -> str:
    """What a cell says: a class by the class it names ("Country" is skg:Country), a name as
    normalised."""
    if column == "type":
        try:
            return cat.ontology_class(value)
        except UsageError:
            return value  # refused with its line when the row is applied
    return normalise_label(value)


def _refuse_withdrawing_what_is_used(entities: Sequence[str], quads: Sequence[ox.Quad], path: Path) -> None:
    """A new entity the file no longer confirms is taken out; not while a fact still uses it,
    which would be left naming a thing the project no longer has (a header whose columns were
    swapped reads every answer as empty).

    Raises:
        UsageError: naming the entities and a sentence that uses the first.
    """
    from .lint import graph_place

    if not entities:
        return
    wanted = {ox.NamedNode(e) for e in entities}
    used: dict[str, str] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode) and (place := graph_place(q.graph_name.value)):
            for node in (q.subject, q.object):
                if isinstance(node, ox.NamedNode) and node in wanted:
                    used.setdefault(node.value, place)
    if used:
        first = sorted(used)[0]
        raise UsageError(f"{path}: {', '.join(shorten(e) for e in sorted(used))} would be taken out (no confirmed "
                         f"row makes {'them' if len(used) > 1 else 'it'} any more), but facts still use "
                         f"{shorten(first)} ({used[first]}): confirm {'their rows' if len(used) > 1 else 'its row'} "
                         "again, or remove those facts first")


def _statements(path: Path, text: str, block: str) -> set[tuple[str, str, str]]:
    """The triples of ``block``, a part of Turtle file ``path`` (whose text is ``text``), as
    (subject, predicate, object value)."""
    if not block:
        return set()
    prefixes = "".join(line + "\n" for line in text.splitlines() if line.startswith("@prefix"))
    parsed = parse(prefixes + block, ox.RdfFormat.TURTLE, path)
    return {(s.value, p.value, o.value) for s, p, o in map(spo, parsed)}


def _check_place(row: ReviewRow, sentences: dict[str, Segment], path: Path) -> None:
    """A row's mention is where it says: in its sentence, at its offsets.

    Raises:
        InputError: the sentence is not the article's, or the text at the offsets is not the mention.
    """
    sentence = sentences.get(row.sentence)
    if sentence is None:
        raise InputError(f"{path}:{row.line}: the article has no sentence {row.sentence!r}")
    found = sentence.text[row.begin - sentence.begin : row.end - sentence.begin]
    if not sentence.begin <= row.begin < row.end <= sentence.end or _cell(found) != _cell(row.mention):
        raise InputError(f"{path}:{row.line}: {row.mention!r} is not at {row.begin}-{row.end} of {row.sentence} "
                         f"(the text there is {found!r}); keep the sentence and offsets the row was written with")


def _given_name(row: ReviewRow, named_by: dict[str, set[str]]) -> str:
    """The name a confirmed row gives the entity it links, or "" where its ``name`` cell is what
    the file was written with for another proposal and ``link`` was changed since: the label of
    the entity first proposed ("Chen Dong", for a "Chen" now linked to Chen Zhongrui), or the
    mention itself for a suggested new entity now linked to another ("Wang", for Wang Jie)."""
    if not row.name:
        return ""
    if row.how == "new":
        moved = expand(row.link) != ID + slug(row.mention)
        return "" if moved and normalise_label(row.name) == normalise_label(row.mention) else row.name
    return "" if named_by.get(normalise_label(row.name), set()) - {expand(row.link)} else row.name


def _new_label(row: ReviewRow, entity: str, named_by: dict[str, set[str]], path: Path, given: str = "") -> str:
    """The label of a new entity: the name a row of the file gives it (``given``), else this
    row's ``name`` unless another entity has that name. The name is then the label of the
    entity first proposed, left in the row when ``link`` was changed to a new IRI; the mention
    names the new entity instead, if nothing else has it as a name. A row that proposed a new
    entity has no such leftover: a taken name there is refused.

    Raises:
        UsageError: both the name and the mention already name other entities.
    """
    # A name typed for a suggested new entity is the person's choice, and is not replaced.
    if given:
        choices: tuple[str, ...] = (given,)
    else:
        choices = (row.name,) if row.how == "new" and row.name else (row.name, row.mention)
    for label in dict.fromkeys(filter(None, choices)):
        if not named_by.get(normalise_label(label), set()) - {entity}:
            return label
    wanted = given or row.name or row.mention
    holders = sorted(named_by.get(normalise_label(wanted), set()) - {entity})
    raise UsageError(f"{path}:{row.line}: the new entity {row.link} would be named {wanted!r}, "
                     f"which already names {', '.join(shorten(h) for h in holders)}; write its own name in the "
                     "name column")


def ordinary_use(name: str, texts: Iterable[str]) -> str | None:
    """Where ``texts`` write the words of ``name`` in small letters, as ordinary words ("space"
    for "Space", "launch complex" for "Launch Complex"): the first such use, or None."""
    words = [re.escape(w) for w in re.findall(r"\w+", name)]
    if not words or any(ch.isdigit() for ch in name):
        return None
    pattern = re.compile(r"(?<![\w.])" + r"[\s\-]+".join(words) + r"(?![\w]|\.\w)", re.IGNORECASE)
    for text in texts:
        for match in pattern.finditer(text):
            if not any(ch.isupper() for ch in match.group()):
                return match.group()
    return None


def _cell(text: str) -> str:
    return " ".join(text.split())
