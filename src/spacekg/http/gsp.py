"""A client of the SPARQL 1.1 Graph Store HTTP Protocol, with graphs named indirectly.

Every request names its graph: ``?graph=IRI`` for a named graph, ``?default`` for the default
graph. A request on the bare store URL is never sent for PUT or DELETE, because on some stores a
PUT there replaces the whole dataset. The client accepts every answer the protocol allows for a
success, not one store's habit: 200, 201 and 204 for PUT and POST, 200 and 204 for DELETE, and
404 for a graph that does not exist (the tests check these sets against the W3C protocol tests).
"""

from __future__ import annotations

from typing import IO, cast
from urllib.parse import SplitResult, parse_qsl, quote, urlunsplit

import pyoxigraph as ox

from ..errors import RemoteError, UsageError
from .client import HttpClient, parse_url

# What a conforming Graph Store answers when the operation succeeded.
PUT_OK = frozenset({200, 201, 204})
POST_OK = frozenset({200, 201, 204})
DELETE_OK = frozenset({200, 204})
GET_OK = frozenset({200})
ABSENT = 404
# N-Triples is a subset of Turtle, and every Graph Store reads Turtle.
TURTLE = "text/turtle; charset=utf-8"
N_QUADS = "application/n-quads"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


def store_url(url: str) -> SplitResult:
    """Check a Graph Store's URL: an endpoint URL (:func:`parse_url`) without the ``graph`` or
    ``default`` parameter, which each request sets itself.

    Raises:
        UsageError: the URL is not an endpoint URL, or names a graph.
    """
    parts = parse_url(url)
    named = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)} & {"graph", "default"})
    if named:
        raise UsageError(f"{url}: give the Graph Store's own URL, without ?{named[0]}: each request names its graph")
    return parts


class GraphStore:
    """The Graph Store at ``url`` (for example Oxigraph's ``http://host:7878/store``)."""

    def __init__(self, url: str, client: HttpClient) -> None:
        self.url = url
        self._parts: SplitResult = store_url(url)
        self.client = client

    def graph_url(self, graph: str | None) -> str:
        """The URL of ``graph`` (``None``: the default graph), keeping any query the store URL has.

        Example:
            >>> from spacekg.http.client import HttpClient
            >>> store = GraphStore("http://localhost:7878/store", HttpClient(timeout=1))
            >>> store.graph_url("https://w3id.org/spacekg/graph/a000-L5.1")
            'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fspacekg%2Fgraph%2Fa000-L5.1'
            >>> store.graph_url(None)
            'http://localhost:7878/store?default'
        """
        name = "default" if graph is None else f"graph={quote(graph, safe='')}"
        query = f"{self._parts.query}&{name}" if self._parts.query else name
        return urlunsplit(self._parts._replace(query=query))

    def put(self, graph: str | None, document: bytes, *, content_type: str = TURTLE) -> int:
        """Replace ``graph`` with ``document``; returns the store's status.

        Raises:
            RemoteError: the store refused (with its message) or could not be reached.
        """
        return self._write("PUT", self.graph_url(graph), document, content_type, PUT_OK)

    def post_dataset(self, document: bytes, *, content_type: str = N_QUADS) -> int:
        """Add every quad of ``document`` in one request to the store URL, for stores that load a
        whole dataset this way (Oxigraph). A conforming store without that extension creates a new
        graph instead and says where (201 with ``Location``): that is reported as an error.

        Raises:
            RemoteError: the store refused, or made a new graph of the dataset.
        """
        return self._write("POST", self.url, document, content_type, POST_OK, created_is_a_graph=True)

    def delete(self, graph: str) -> bool:
        """Remove ``graph``; False when the store says it did not exist.

        Raises:
            RemoteError: the store refused or could not be reached.
        """
        with self.client.open("DELETE", self.graph_url(graph)) as answer:
            if answer.status not in DELETE_OK and answer.status != ABSENT:
                raise answer.error()
            answer.discard()
        return answer.status != ABSENT

    def get(self, graph: str | None, *, max_bytes: int | None = None) -> set[ox.Triple] | None:
        """The triples of ``graph``, or None when the store says it does not exist.

        Args:
            max_bytes: the most read of the answer, instead of the client's cap.

        Raises:
            RemoteError: the store refused, could not be reached, or answered in a format that is
                not RDF, not parseable, or longer than ``max_bytes``.
        """
        url = self.graph_url(graph)
        with self.client.open("GET", url, headers={"Accept": GRAPH_ACCEPT}, max_bytes=max_bytes) as answer:
            if answer.status == ABSENT:
                answer.discard()
                return None
            if answer.status not in GET_OK:
                raise answer.error()
            fmt = ox.RdfFormat.from_media_type(answer.content_type)
            if fmt is None or fmt.supports_datasets:
                raise RemoteError(f"GET {url}: answered with {answer.content_type or 'no content type'}, "
                                  "not an RDF graph format")
            try:
                # pyoxigraph reads a file-like object through read() alone, which an Answer has.
                return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(cast(IO[bytes], answer), format=fmt)}
            except SyntaxError as exc:
                raise RemoteError(f"GET {url}: the answer is not valid {fmt.name}: {exc}") from None
            except MemoryError as exc:  # pyoxigraph refuses a single term over its 16 MiB buffer
                raise RemoteError(f"GET {url}: the answer holds a term too large to read ({exc})") from None

    def _write(self, method: str, url: str, document: bytes, content_type: str, ok: frozenset[int],
               *, created_is_a_graph: bool = False) -> int:
        with self.client.open(method, url, body=document, headers={"Content-Type": content_type}) as answer:
            if answer.status not in ok:
                raise answer.error()
            location = answer.headers.get("Location")
            answer.discard()
        if created_is_a_graph and answer.status == 201 and location:
            raise RemoteError(f"{method} {url}: the store made a new graph <{location}> of the dataset instead of "
                              "loading it; it does not take whole datasets, so push graph by graph")
        return answer.status
