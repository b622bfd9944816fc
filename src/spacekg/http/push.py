"""``spacekg push``: put the built graph into a SPARQL 1.1 Graph Store, then check that it arrived.

The quads are the snapshot's (what ``spacekg export -f nquads`` writes), blank nodes skolemised
(``skolem.py``). Each named graph is one PUT with ``?graph=IRI`` that replaces it whole, so a
document the store rejects leaves that graph as it was, and pushing twice gives the same remote
state. The default graph is sent (``?default``) only when the build has triples in it, so a
store's own default graph is otherwise left alone. ``prune`` deletes the remote graphs in
spacekg's graph namespace that the build no longer has, and nothing else. ``whole_dataset`` sends
every quad in one POST to the store URL (an Oxigraph extension), which adds rather than replaces;
the verification that follows finds graphs that kept older triples and replaces them with a PUT.

Verification compares each pushed graph with the store's copy: triple by triple (a GET per graph,
graph isomorphism, exact since no blank node is left) or by counts (one SPARQL query).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import SpaceKGError, UsageError
from ..namespaces import XSD, shorten
from ..rdf import serialize
from ..sources.files import unwound_by_signals
from ..store.engine import QueryResult
from .gsp import GraphStore
from .remote import RemoteGraph
from .settings import Verify
from .skolem import skolemise

Progress = Callable[[str], None]


@dataclass(frozen=True)
class GraphDocument:
    """One graph as it goes on the wire: sorted N-Triples lines, blank nodes skolemised.

    Attributes:
        graph: the graph's IRI, or None for the default graph.
    """

    graph: str | None
    triples: int
    body: bytes

    def parsed(self) -> set[ox.Triple]:
        return {ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(self.body, format=ox.RdfFormat.N_TRIPLES, lenient=True)}


def graph_documents(nquads: bytes) -> list[GraphDocument]:
    """Split N-Quads into one document per graph, the default graph first, then by IRI.

    Example:
        >>> data = b'_:b1 <http://e/p> "x" <http://e/g2> .\\n<http://e/s> <http://e/p> _:b1 <http://e/g1> .\\n'
        >>> [(d.graph, d.body) for d in graph_documents(data)]  # doctest: +NORMALIZE_WHITESPACE
        [('http://e/g1', b'<http://e/s> <http://e/p> <https://w3id.org/spacekg/.well-known/genid/b1> .\\n'),
         ('http://e/g2', b'<https://w3id.org/spacekg/.well-known/genid/b1> <http://e/p> "x" .\\n')]

    Raises:
        InputError: the data already uses the skolem namespace.
    """
    graphs: dict[str | None, set[ox.Triple]] = defaultdict(set)
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS, lenient=True):
        name = quad.graph_name
        key = None if isinstance(name, ox.DefaultGraph) else skolemise(name).value
        graphs[key].add(ox.Triple(skolemise(quad.subject), quad.predicate, skolemise(quad.object)))
    documents = []
    for key in sorted(graphs, key=lambda g: (g is not None, g or "")):
        lines = sorted(serialize(graphs[key], ox.RdfFormat.N_TRIPLES).splitlines(keepends=True))
        documents.append(GraphDocument(key, len(lines), b"".join(lines)))
    return documents


def dataset_document(documents: Iterable[GraphDocument]) -> bytes:
    """All documents as one N-Quads document (each N-Triples line gains its graph)."""
    parts = []
    for document in documents:
        suffix = b" .\n" if document.graph is None else f" <{document.graph}> .\n".encode()
        parts += [line[:-2] + suffix for line in document.body.splitlines(keepends=True)]
    return b"".join(parts)


@dataclass(frozen=True)
class GraphOutcome:
    """What happened to one graph.

    Attributes:
        graph: the graph's IRI, or None for the default graph.
        action: "put", "post", "post, put" (posted, then replaced), "delete", "keep" (a stale
            remote graph left alone), or with a dry run "would put", "would post", "would delete".
        local: triples in the build (None for a graph the build does not have).
        remote: triples in the store afterwards, when verified.
        result: "equal", "differs (...)", "missing", "deleted", "not in the build (remove it with
            --prune)", "not verified", or "dry run".
    """

    graph: str | None
    action: str
    local: int | None
    remote: int | None
    result: str

    @property
    def failed(self) -> bool:
        return self.result.startswith(("differs", "missing"))


@dataclass(frozen=True)
class PushReport:
    outcomes: tuple[GraphOutcome, ...]
    seconds: float

    @property
    def failures(self) -> list[GraphOutcome]:
        return [o for o in self.outcomes if o.failed]

    def as_result(self) -> QueryResult:
        """The report as rows to render: graph, action, triples in the build and in the store, result."""

        def count(n: int | None) -> ox.Literal | None:
            return None if n is None else ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))

        rows = tuple(
            (ox.NamedNode(o.graph) if o.graph is not None else ox.Literal("(default graph)"), ox.Literal(o.action),
             count(o.local), count(o.remote), ox.Literal(o.result))
            for o in self.outcomes
        )
        return QueryResult("select", ("graph", "action", "local", "remote", "result"), rows)


@dataclass
class _Reached:
    """What a push has done to the store so far, to say when it stops before its end (a refusal,
    a lost connection, a time limit, Ctrl-C, SIGTERM): which requests the store confirmed, the
    one it was sent and did not confirm, and those never sent."""

    documents: list[GraphDocument]
    whole_dataset: bool
    stage: str = ""
    pending: str | None = None
    posted: bool = False
    put: list[GraphDocument] = field(default_factory=list)
    to_put: list[GraphDocument] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    verified: int = 0

    def begin(self, stage: str) -> None:
        self.stage, self.pending = stage, None

    def request(self, method: str, graph: str | None) -> None:
        self.pending = f"the {method} of {'(default graph)' if graph is None else shorten(graph)}"

    def sentence(self) -> str:
        total = sum(d.triples for d in self.documents)
        if self.whole_dataset:
            parts = [f"the dataset ({len(self.documents):,} graphs, {total:,} triples) was "
                     + ("posted" if self.posted else "sent and not confirmed")]
            if self.to_put:
                parts.append(self._run("replace", "graphs that kept older triples", "replaced", len(self.to_put),
                                       len(self.put)))
        else:
            sent = sum(d.triples for d in self.put)
            parts = [self._run("put", "graphs", "replaced", len(self.documents), len(self.put),
                               f" ({sent:,} of {total:,} triples)")]
        if self.stage == "delete" or self.deleted:
            parts.append(self._run("delete", "stale graphs", "deleted", len(self.stale), len(self.deleted)))
        if self.stage == "verify":
            parts.append(f"{self.verified:,} of {len(self.documents):,} graphs verified when it stopped")
        return "what reached the store: " + "; ".join(parts)

    def _run(self, stage: str, what: str, done: str, total: int, confirmed: int, extra: str = "") -> str:
        """One sequence of requests: how many the store confirmed, the one in flight, the rest."""
        text = f"{confirmed:,} of {total:,} {what} {done}{extra}"
        left = total - confirmed
        if stage == self.stage and self.pending is not None and left:
            text += f", {self.pending} not confirmed"
            left -= 1
        if left:
            text += f", {left:,} not sent"
        return text


@contextmanager
def _saying_what_reached(reached: _Reached, progress: Progress | None) -> Iterator[None]:
    """A push that stops early says what reached the store: in the error's message, or (for
    Ctrl-C, SIGTERM or SIGHUP, which end the command as they do) on a progress line first."""
    with unwound_by_signals():
        try:
            yield
        except SpaceKGError as exc:
            exc.args = (f"{exc}; {reached.sentence()}",)
            raise
        except BaseException:
            if progress is not None:
                progress(f"stopped; {reached.sentence()}")
            raise


class _Meter:
    """Progress on long uploads: one line at most every ``every`` seconds, and one at the end."""

    def __init__(self, say: Progress | None, verb: str, total: int, triples: int, clock: Callable[[], float],
                 every: float = 2.0) -> None:
        self.say, self.verb, self.total, self.triples, self.clock, self.every = say, verb, total, triples, clock, every
        self.started = self.last = clock()

    def step(self, done: int, triples: int) -> None:
        now = self.clock()
        if self.say is not None and (done == self.total or now - self.last >= self.every):
            self.last = now
            self.say(f"{self.verb} {done:,}/{self.total:,} graphs, {triples:,}/{self.triples:,} triples, "
                     f"{now - self.started:.1f} s")


def push(
    documents: list[GraphDocument],
    store: GraphStore,
    *,
    remote: RemoteGraph | None = None,
    prune: bool = False,
    whole_dataset: bool = False,
    verify: Verify = Verify.TRIPLES,
    dry_run: bool = False,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> PushReport:
    """Upload ``documents`` to ``store``; then delete stale graphs (``prune``) and verify.

    Args:
        remote: the store's SPARQL endpoint; needed to list its graphs (``prune``, stale graphs)
            and for ``Verify.COUNTS``.
        dry_run: read what is needed to say what would be sent, and write nothing.

    Raises:
        UsageError: options that need ``remote`` without it, or ``whole_dataset`` unverified.
        RemoteError: the store refused a document (earlier graphs stay replaced, that graph and
            the later ones keep their old content) or could not be reached.
        LimitError: a request found no answer within its time limit.

    A push that stops early, by one of these or by Ctrl-C, SIGTERM or SIGHUP, says what reached
    the store: how many graphs the store confirmed, the request it did not confirm, and how many
    were never sent (in the error's message, or on a ``progress`` line before the signal ends
    the process).
    """
    if remote is None and (prune or verify is Verify.COUNTS):
        raise UsageError("--prune and --verify counts list the store's graphs: give --sparql-endpoint")
    if whole_dataset and verify is Verify.NONE:
        raise UsageError("--whole-dataset adds to the graphs already there; it needs --verify triples or counts "
                         "to find and replace the graphs the build changed")
    started = clock()
    local = {d.graph: d for d in documents}
    stale = [g for g in remote.graph_names() if g not in local] if remote is not None else []
    if dry_run:
        verb = "would post" if whole_dataset else "would put"
        outcomes = [GraphOutcome(d.graph, verb, d.triples, None, "dry run") for d in documents]
        outcomes += [GraphOutcome(g, "would delete" if prune else "keep", None, None,
                                  "dry run" if prune else _STALE) for g in stale]
        return PushReport(tuple(outcomes), clock() - started)

    total = sum(d.triples for d in documents)
    meter = _Meter(progress, "posted" if whole_dataset else "put", len(documents), total, clock)
    reached = _Reached(documents, whole_dataset, stale=stale)
    with _saying_what_reached(reached, progress):
        if whole_dataset:
            reached.begin("post")
            store.post_dataset(dataset_document(documents))
            reached.posted = True
            meter.step(len(documents), total)
        else:
            reached.begin("put")
            sent = 0
            for done, document in enumerate(documents, start=1):
                reached.request("PUT", document.graph)
                store.put(document.graph, document.body)
                reached.put.append(document)
                sent += document.triples
                meter.step(done, sent)
        deleted = reached.deleted
        if prune:
            reached.begin("delete")
            for graph in stale:
                reached.request("DELETE", graph)
                store.delete(graph)
                deleted.append(graph)
            if progress is not None and deleted:
                progress(f"deleted {len(deleted):,} graphs the build no longer has")

        action = "post" if whole_dataset else "put"
        reached.begin("verify")
        results = _verify(documents, store, remote, verify, progress, clock, reached)
        changed: list[GraphDocument] = []
        if whole_dataset:
            changed = reached.to_put = [d for d in documents if results[d.graph][1] != "equal"]
            reached.begin("replace")
            for document in changed:
                reached.request("PUT", document.graph)
                store.put(document.graph, document.body)
                reached.put.append(document)
            if changed and progress is not None:
                progress(f"replaced {len(changed):,} graphs that kept triples from before")
            reached.begin("verify")
            reached.verified = len(documents) - len(changed)
            results.update(_verify(changed, store, remote, verify, None, clock, reached))
    replaced = {d.graph for d in changed}
    outcomes = [
        GraphOutcome(d.graph, f"{action}, put" if d.graph in replaced else action, d.triples,
                     *results[d.graph])
        for d in documents
    ]
    outcomes += [GraphOutcome(g, "delete", None, None, "deleted") for g in deleted]
    outcomes += [GraphOutcome(g, "keep", None, None, _STALE) for g in stale if g not in deleted]
    return PushReport(tuple(outcomes), clock() - started)


_STALE = "not in the build (remove it with --prune)"


def _verify(documents: list[GraphDocument], store: GraphStore, remote: RemoteGraph | None, verify: Verify,
            progress: Progress | None, clock: Callable[[], float],
            reached: _Reached) -> dict[str | None, tuple[int | None, str]]:
    """Each document's graph in the store: (its triple count, "equal" or what differs)."""
    if verify is Verify.NONE:
        return {d.graph: (None, "not verified") for d in documents}
    sizes = remote.graph_sizes() if verify is Verify.COUNTS and remote is not None else {}
    meter = _Meter(progress, "verified", len(documents), sum(d.triples for d in documents), clock)
    results: dict[str | None, tuple[int | None, str]] = {}
    checked = 0
    for done, document in enumerate(documents, start=1):
        if verify is Verify.COUNTS and document.graph is not None:
            count = sizes.get(document.graph)
            results[document.graph] = (count, _compare_counts(document.triples, count))
        else:
            # The default graph cannot be counted apart from the others on a store whose default
            # graph is their union, so it is always compared triple by triple.
            there = store.get(document.graph, max_bytes=answer_cap(document))
            results[document.graph] = (None if there is None else len(there), _compare(document.parsed(), there))
        checked += document.triples
        reached.verified += 1
        meter.step(done, checked)
    return results


def answer_cap(document: GraphDocument) -> int:
    """The most read of the store's copy of ``document``'s graph: four times the document, and a
    MiB more, leaves room for any RDF syntax the store answers in, and bounds what a store that
    sends more than it was given can make this process hold.

    Example:
        >>> answer_cap(GraphDocument("https://w3id.org/spacekg/graph/a", 2, b"x" * 100))
        1048976
    """
    return 4 * len(document.body) + 1024 * 1024


def _compare_counts(local: int, remote: int | None) -> str:
    if remote is None:
        return "missing"
    return "equal" if remote == local else f"differs ({remote:,} triples in the store, {local:,} in the build)"


def _compare(local: set[ox.Triple], remote: set[ox.Triple] | None) -> str:
    if remote is None:
        return "missing"
    local, remote = _stored(local), _stored(remote)
    if remote == local:
        return "equal"
    return f"differs ({len(local - remote):,} triples missing, {len(remote - local):,} unexpected)"


def _stored(triples: set[ox.Triple]) -> set[ox.Triple]:
    """``triples`` with each literal of a datatype a store may write in its canonical form so
    written ("1731.0"^^xsd:decimal is "1731"): a store that keeps the value, as Oxigraph does,
    holds the same triples as the build, in another lexical form."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return {q.triple for q in store}

