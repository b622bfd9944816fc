"""Take a registered article out of a project: its text, its facts, its source record and the
block its review added to ``data/entities.ttl``; nothing of it while the rest of the project still
needs any of it.

The source record goes first, so that an interrupted removal leaves an unfinished registration
(which ``spacekg check`` names, and which removing again, or registering the same text again,
finishes), never a record of an article whose files are gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..namespaces import GRAPH, RDF, RDFS, SKG, SOURCE, shorten
from ..rdf import parse
from ..sources.files import write_atomic
from ..sources.project import Project
from .catalogue import quads_by_file
from .review import review_path
from .trig import ARTICLE_ID, read_edited, split_block
from .workflow import editing

_TYPE = RDF + "type"
_LABEL = RDFS + "label"
_PUBLISHER = SKG + "publisher"
_REPORTED_VIA = SKG + "reportedVia"


@dataclass(frozen=True)
class Removal:
    """What :func:`remove` took out (paths relative to the project), and the review file it kept."""

    article: str
    removed: tuple[str, ...]
    review_kept: str | None
    unnamed: tuple[str, ...] = ()
    """The outlets the article's record named that nothing left names and the project says no more
    of than `article add --new-outlet` writes (a class and a label), each with its label and file:
    they stay, for other articles to name."""


def remove(project: Project, article: str) -> Removal:
    """Remove ``article`` from ``project``.

    Raises:
        UsageError: no such article, or what is left of the project still uses something only the
            article gives (a sentence, its source, an entity its facts or its review define):
            nothing is removed then.
        InputError: a file cannot be read or parsed, or the record cannot be told apart from the
            statements around it.
    """
    with editing(project):
        if not ARTICLE_ID.fullmatch(article):
            raise UsageError(f"{article!r} is no article id (a and three or more digits, e.g. a003)")
        text_path = project.articles_dir / f"{article}.txt"
        facts_path = project.data_dir / "facts" / f"{article}.trig"
        sources_path = project.data_dir / "sources.ttl"
        entities_path = project.data_dir / "entities.ttl"
        sources, sources_newline = read_edited(sources_path) if sources_path.exists() else ("", "\n")
        entities, entities_newline = read_edited(entities_path) if entities_path.exists() else ("", "\n")
        kept_sources, record = _without_record(sources_path, sources, article)
        kept_entities, block = split_block(entities_path, entities, article)
        # What was appended last leaves the blank line before it at the end.
        kept_sources, kept_entities = (kept.rstrip("\n") + "\n" if kept.endswith("\n\n") and not was.endswith("\n\n")
                                       else kept for kept, was in ((kept_sources, sources), (kept_entities, entities)))
        if not (record or block or text_path.exists() or facts_path.exists()):
            raise UsageError(f"no article {article!r} in {project.root}: nothing was removed")

        before = quads_by_file(project)
        after = quads_by_file(project, parsed=dict(before),
                              texts={sources_path: kept_sources, entities_path: kept_entities,
                                     **({facts_path: ""} if facts_path.exists() else {})})
        _refuse_needed(project, article, [q for _, quads in before for q in quads], after)

        removed = []
        if record:
            write_atomic(sources_path, kept_sources.replace("\n", sources_newline).encode("utf-8"))
            removed.append(f"its record in {_relative(project, sources_path)}")
        if block:
            write_atomic(entities_path, kept_entities.replace("\n", entities_newline).encode("utf-8"))
            removed.append(f"the block its review added to {_relative(project, entities_path)}")
        for path in (facts_path, text_path):
            if path.exists():
                path.unlink()
                removed.append(_relative(project, path))
        review = review_path(project, article)
        return Removal(article, tuple(removed), _relative(project, review) if review.exists() else None,
                       _unnamed_outlets(project, article, before, after))


def _without_record(path: Path, text: str, article: str) -> tuple[str, str]:
    """``text`` without the statement of ``article``'s source record, and that statement ("" if
    there is none). The record is the statement that starts a line with the article's source
    IRI; it ends at the first line end after which what was taken parses as that statement alone.

    Raises:
        InputError: the record's IRI starts a statement that does not end, or more than one.
    """
    names = "|".join(re.escape(n) for n in (f"src:{article}", f"<{SOURCE}{article}>"))
    starts = [m.start() for m in re.finditer(rf"^(?:{names})(?=[ \t\n])", text, re.M)]
    if not starts:
        return text, ""
    if len(starts) > 1:
        line = text.count("\n", 0, starts[1]) + 1
        raise InputError(f"{path}:{line}: a second statement about src:{article}; remove its record by hand")
    begin = starts[0]
    prefixes = "".join(re.findall(r"^(?:@prefix|@base|prefix|base)\b[^\n]*\n", text, re.M | re.I))
    ends = [m.end() for m in re.finditer(r"\.[ \t]*(?:#[^\n]*)?(?:\n|\Z)", text[begin:])]
    for end in ends:
        chunk = text[begin:begin + end]
        try:
            triples = parse(prefixes + chunk, ox.RdfFormat.TURTLE, path)
        except InputError:
            continue  # the full stop of a literal, or of an IRI: the statement goes on
        if triples and all(q.subject == ox.NamedNode(SOURCE + article) or isinstance(q.subject, ox.BlankNode)
                           for q in triples):
            stop = begin + end
            if text.startswith("\n", stop):  # the blank line that separated it from what follows
                stop += 1
            return text[:begin] + text[stop:], chunk
        break
    line = text.count("\n", 0, begin) + 1
    raise InputError(f"{path}:{line}: the record of src:{article} is not one statement spacekg can take out; "
                     "remove it by hand")


def _refuse_needed(project: Project, article: str, before: list[ox.Quad],
                   after: list[tuple[Path, list[ox.Quad]]]) -> None:
    """Refuse the removal when what is left uses the article's sentences or source, or an entity
    only the removed statements gave a type to.

    Raises:
        UsageError: naming up to three of the uses, and the file that has each.
    """
    own = (SOURCE + article, GRAPH + article + "-")

    def typed(quads: list[ox.Quad]) -> set[str]:
        return {q.subject.value for q in quads if q.predicate.value == _TYPE and isinstance(q.subject, ox.NamedNode)}

    lost = typed(before) - typed([q for _, quads in after for q in quads])

    def needed(term: object) -> bool:
        return isinstance(term, ox.NamedNode) and (term.value in lost or term.value == own[0]
                                                    or term.value.startswith((own[0] + "-", own[1])))

    uses = {(_term(t), path) for path, quads in after for q in quads
            for t in (q.subject, q.object, q.graph_name) if needed(t)}
    if uses:
        shown = sorted(uses, key=lambda u: (str(u[1]), u[0]))
        listed = "; ".join(f"{name} in {_relative(project, path)}" for name, path in shown[:3])
        more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
        raise UsageError(f"{article} gives what the rest of the project uses: {listed}{more}; remove those uses "
                         "first (nothing was removed)")


def _unnamed_outlets(project: Project, article: str, before: list[tuple[Path, list[ox.Quad]]],
                     after: list[tuple[Path, list[ox.Quad]]]) -> tuple[str, ...]:
    record = ox.NamedNode(SOURCE + article)
    named = {q.object for _, quads in before for q in quads
             if q.subject == record and q.predicate.value in (_PUBLISHER, _REPORTED_VIA) and isinstance(q.object, ox.NamedNode)}
    still = {q.object for _, quads in after for q in quads} | {q.graph_name for _, quads in after for q in quads}
    # Only an outlet as `--new-outlet` writes one, a class and a label, is one a registration may
    # have added; one the project says more of (its Wikidata item, other names) is the project's.
    said: dict[ox.NamedNode, set[str]] = {}
    for _, quads in after:
        for q in quads:
            if isinstance(q.subject, ox.NamedNode):
                said.setdefault(q.subject, set()).add(q.predicate.value)
    named = {o for o in named if said.get(o) == {_TYPE, _LABEL}}
    labels = {q.subject: q.object.value for _, quads in after for q in quads
              if q.predicate.value == _LABEL and isinstance(q.object, ox.Literal)}
    homes = {q.subject: path for path, quads in after for q in quads if q.predicate.value == _TYPE}
    return tuple(f"{shorten(o.value)}" + (f" ({labels[o]})" if o in labels else "")
                 + (f" in {_relative(project, homes[o])}" if o in homes else "")
                 for o in sorted(named - still, key=lambda n: n.value))


def _term(term: object) -> str:
    return shorten(term.value) if isinstance(term, ox.NamedNode) else str(term)


def _relative(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()
