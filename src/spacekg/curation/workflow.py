"""The steps of adding an article after registration, each on the project's files."""

from __future__ import annotations

from contextlib import AbstractContextManager

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import SKG, SOURCE
from ..sources.files import taking_turns
from ..sources.project import Origin, Project
from .catalogue import catalogue, project_quads
from .linker import Linker, Mention
from .review import ReviewOutcome, apply_review
from .trig import ARTICLE_ID, FactsFile


def editing(project: Project) -> AbstractContextManager[bool]:
    """The project's edit lock: the commands that read, change and write its data files (article
    add, fact, link, exclude) take turns, so that two run at once lose neither's change."""
    elsewhere = " or set SPACEKG_CACHE_DIR to a writable directory," if project.origin is Origin.PACKAGED else ""
    # The lock is in the cache, which a project copied read-only or mounted so may not let be written.
    advice = (f"; commands that change the project's files take turns through this lock, so its directory "
              f"{project.cache_dir} must be writable: make it writable,{elsewhere} or work on a copy of the "
              "project where it is")
    return taking_turns(project.edit_lock, "changing the project's files", advice=advice)


def facts_file(project: Project, article: str) -> FactsFile:
    """The article's facts file.

    Raises:
        UsageError: the article is not registered.
    """
    path = project.data_dir / "facts" / f"{article}.trig"
    if not ARTICLE_ID.fullmatch(article) or not path.exists():
        known = ", ".join(p.stem for p in sorted((project.data_dir / "facts").glob("*.trig"))) or "none yet"
        raise UsageError(f"no article {article!r} (articles: {known}); register one with `spacekg article add`")
    return FactsFile.open(path, article)


def article_mentions(project: Project, article: str) -> tuple[Linker, list[Mention]]:
    """The mentions of a registered article with their current candidates."""
    recorded = facts_file(project, article).segments()
    quads = project_quads(project)
    cat = catalogue(quads, wikidata_cache=project.cache_dir / "wikidata")
    linker = Linker(cat)
    source = ox.NamedNode(SOURCE + article)

    def outlets_by(predicate: str) -> list[str]:
        return sorted(q.object.value for q in quads if q.subject == source and q.predicate.value == SKG + predicate
                      and isinstance(q.object, ox.NamedNode))

    outlets = [*outlets_by("publisher"), *outlets_by("reportedVia")]
    return linker, linker.mentions(recorded, outlets)


def apply_links(project: Project, article: str) -> ReviewOutcome:
    """Apply the article's review file (:func:`spacekg.curation.review.apply_review`)."""
    with editing(project):
        facts_file(project, article)
        return apply_review(project, article)


def exclude(project: Project, article: str, sentence_id: str, reason: str | None) -> None:
    """Exclude a sentence with its reason, or include it again (``reason=None``)."""
    with editing(project):
        facts = facts_file(project, article)
        facts.exclude(sentence_id, reason)
        facts.save()
