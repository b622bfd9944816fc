"""The steps of adding an article after registration, each on the project's files."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import GRAPH, ID, RDF, RDFS, SKG, SOURCE, shorten
from ..sources.files import taking_turns
from ..sources.project import Origin, Project
from .catalogue import catalogue, project_quads
from .linker import Linker, Mention
from .review import ReviewOutcome, apply_review
from .trig import ARTICLE_ID, CURATION, FactsFile, Triple, iri


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


@dataclass(frozen=True)
class GoalLinks:
    """What :func:`link_plan` wrote into the article's ``g:curation`` block."""

    plan: str
    goal: str | None
    goal_label: str | None
    event: str | None
    added: int
    path: str


def link_plan(project: Project, article: str, plan: str, *, serves: str | None = None, new_goal: str | None = None,
              fulfilled_by: str | None = None, because: str | None = None) -> GoalLinks:
    """Link a plan the article states to the goal it serves (``skg:servesGoal``; a new goal with
    its label), and to the event that carried it out (``skg:fulfilledBy``, with the reason as an
    ``rdfs:comment``), in the ``g:curation`` block of the article's facts file: the links are the
    curator's, not the article's words, and leave with the article.

    Raises:
        UsageError: no plan of the article, no goal or event of that name, a new goal named as a
            known thing, a second goal for a plan that serves one, or an event without its reason.
    """
    if new_goal is not None and serves is None:
        raise UsageError("--new-goal is the label of the goal --serves names: give --serves d:goal-NAME too")
    if serves is None and fulfilled_by is None:
        raise UsageError("give --serves GOAL, --fulfilled-by EVENT, or both")
    if (fulfilled_by is None) != (because is None or not because.strip()):
        raise UsageError("--fulfilled-by EVENT needs --because TEXT, why the event carried the plan out"
                         if fulfilled_by else "--because is the reason for --fulfilled-by EVENT: give the event too")
    with editing(project):
        facts = facts_file(project, article)
        quads = project_quads(project)
        cat = catalogue(quads)
        plans = sorted({q.subject.value for q in facts.quads() if q.predicate.value == RDF + "type"
                        and q.object.value == SKG + "Plan" and isinstance(q.subject, ox.NamedNode)})
        if not plans:
            raise UsageError(f"{article} states no plan yet: add one with `spacekg article fact {article} SENTENCE plan …`")
        listed = ", ".join(shorten(p) for p in plans)
        if sentence := re.fullmatch(r"[Ll]0*(\d+)\.0*(\d+)", plan.strip()):
            # A sentence that states one plan names it.
            sentence_id = f"L{int(sentence[1])}.{int(sentence[2])}"
            facts.require_sentence(sentence_id)
            graph = ox.NamedNode(GRAPH + f"{article}-{sentence_id}")
            stated = sorted({q.subject.value for q in facts.quads() if q.graph_name == graph
                             and q.subject.value in plans})
            if len(stated) != 1:
                raise UsageError(f"{article} {sentence_id} states {'no plan' if not stated else 'several plans'}: "
                                 f"give the plan as d:… ({article}'s plans: {listed})")
            found: str | None = stated[0]
        else:
            wanted = plan if ":" in plan or plan.startswith("<") else f"d:{plan}" if plan.startswith("plan-") else plan
            try:
                found = cat.entity(wanted, kind=SKG + "Plan")
            except UsageError:
                found = None
        if found not in plans:
            raise UsageError(f"{plan!r} is no plan of {article}; its plans: {listed}")
        assert found is not None
        triples: list[Triple] = []
        goal = label = event = None
        if serves is not None:
            goal = cat.entity(serves, kind=SKG + "Goal")
            if new_goal is not None:
                if not goal.startswith(ID):
                    raise UsageError(f"{shorten(goal)}: a new goal is named in the project's namespace, as d:goal-NAME")
                if cat.types.get(goal) or goal in cat.labels:
                    raise UsageError(f"{shorten(goal)} is a known thing ({cat.label(goal)}); a new goal needs a new "
                                     "name (d:goal-…), or leave out --new-goal to link the known goal")
                label = new_goal.strip()
                if not label:
                    raise UsageError("--new-goal needs the goal's label, e.g. \"China's first crewed Moon landing\"")
                triples += [(iri(goal), iri(RDF + "type"), iri(SKG + "Goal")),
                            (iri(goal), iri(RDFS + "label"), ox.Literal(label, language="en"))]
            elif not cat.is_a(goal, SKG + "Goal"):
                what = f"({cat.label(goal)}) is no skg:Goal" if goal in cat.types else "is in no file of the project"
                raise UsageError(f"{shorten(goal)} {what}: give a goal (`spacekg query entities-of-type -p class=Goal` "
                                 "lists them), or make a new one with --serves d:goal-NAME --new-goal LABEL")
            else:
                label = cat.label(goal)
            served = sorted({q.object.value for q in quads if q.subject == iri(found)
                             and q.predicate.value == SKG + "servesGoal" and isinstance(q.object, ox.NamedNode)} - {goal})
            if served:
                raise UsageError(f"{shorten(found)} serves {shorten(served[0])} ({cat.label(served[0])}) already; a "
                                 "plan serves one goal: remove that link first if it is wrong")
            triples.append((iri(found), iri(SKG + "servesGoal"), iri(goal)))
        if fulfilled_by is not None and because is not None:
            event = cat.entity(fulfilled_by, kind=SKG + "Event")
            if not cat.is_a(event, SKG + "Event"):
                what = f"({cat.label(event)}) is no event" if event in cat.types else "is in no file of the project"
                raise UsageError(f"{shorten(event)} {what}: --fulfilled-by takes the event that carried the plan out "
                                 "(a launch, a landing…), as the project names it")
            local = shorten(event).removeprefix("d:")
            triples += [(iri(found), iri(SKG + "fulfilledBy"), iri(event)),
                        (iri(found), iri(RDFS + "comment"),
                         ox.Literal(f"fulfilledBy {local}: {because.strip()}", language="en"))]
        # A link the project has already (the shipped curation of a text added again) is not
        # written twice.
        held: set[tuple[object, object, object]] = {(q.subject, q.predicate, q.object) for q in quads
                                                     if q.graph_name == CURATION}
        added = facts.add_curation([t for t in triples if t not in held])
        facts.save()
        return GoalLinks(found, goal, label, event, added, f"data/facts/{article}.trig")
