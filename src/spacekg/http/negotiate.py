"""Content negotiation: which format answers a request, from its ``Accept`` header (with q-values)
or its ``format=`` parameter, given the kind of result.

Example:
    >>> choose("select", accept="text/csv;q=0.5, application/sparql-results+xml").name
    'xml'
    >>> choose("graph", accept="application/sparql-results+json") is None
    True
    >>> choose("graph", accept='application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"').name
    'jsonld-expanded'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formats.kinds import ALIASES, FOR_GRAPHS

JSONLD_NS = "http://www.w3.org/ns/json-ld#"


@dataclass(frozen=True)
class Format:
    """A format the server writes: its ``format=`` name, media type and the kinds of result it fits.
    ``profile`` tells apart formats of one media type, as JSON-LD's ``profile`` parameter does."""

    name: str
    media_type: str
    kinds: frozenset[str]
    aliases: tuple[str, ...] = ()
    profile: str | None = None

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "/json"))
        profile = f'; profile="{self.profile}"' if self.profile is not None else ""
        return self.media_type + profile + ("; charset=utf-8" if text else "")

    @property
    def label(self) -> str:
        """The media type, and the profile's name where another format shares that media type."""
        return self.media_type if self.profile is None else f"{self.media_type} ({self.profile.rsplit('#', 1)[1]})"


_TABULAR = frozenset({"select", "ask"})
_GRAPH = frozenset({"graph"})
_ALL = _TABULAR | _GRAPH
# In order of preference: the first acceptable one answers a request that accepts several equally.
FORMATS = (
    Format("json", "application/sparql-results+json", _TABULAR, ("application/json",)),
    Format("xml", "application/sparql-results+xml", _TABULAR, ("application/xml", "text/xml")),
    Format("csv", "text/csv", frozenset({"select"})),
    Format("tsv", "text/tab-separated-values", frozenset({"select"})),
    # Turtle is a subset of Notation3: a client that reads N3 reads it (ALIASES, for -f, says so too).
    Format("turtle", "text/turtle", _GRAPH, ("application/x-turtle", "text/n3")),
    Format("ntriples", "application/n-triples", _GRAPH),
    Format("jsonld", "application/ld+json", _GRAPH, profile=JSONLD_NS + "compacted"),
    Format("jsonld-expanded", "application/ld+json", _GRAPH, profile=JSONLD_NS + "expanded"),
    Format("rdfxml", "application/rdf+xml", _GRAPH),
    Format("trig", "application/trig", _GRAPH),
    Format("nquads", "application/n-quads", _GRAPH),
    Format("html", "text/html", _ALL, ("application/xhtml+xml",)),
    Format("table", "text/plain", _TABULAR),
)
BY_NAME = {f.name: f for f in FORMATS}


@dataclass(frozen=True)
class _Range:
    kind: str
    subtype: str
    q: float
    profiles: frozenset[str] = frozenset()

    def specificity(self, media_type: str, profile: str | None = None) -> int:
        """-1 if this range does not match ``media_type`` (of a format with ``profile``), else how
        specifically it does. A range that names profiles matches only a format with one of them."""
        kind, _, subtype = media_type.partition("/")
        if self.kind == "*" and self.subtype == "*":
            return 0
        if self.kind == kind and self.subtype == "*":
            return 1
        if self.kind == kind and self.subtype == subtype:
            if not self.profiles or profile is None:
                return 2
            return 3 if profile in self.profiles else -1
        return -1


def parse_accept(header: str) -> list[_Range]:
    """The media ranges of an Accept header; malformed parts are skipped, a bad q counts as 1. A
    ``profile`` parameter is a space-separated list of IRIs (JSON-LD's, RFC 6906).

    Example:
        >>> [(r.kind, r.subtype, r.q) for r in parse_accept("text/*;q=0.3, */*;q=0")]
        [('text', '*', 0.3), ('*', '*', 0.0)]
    """
    ranges = []
    for part in _split_outside_quotes(header, ","):
        media, *params = (p.strip() for p in _split_outside_quotes(part, ";"))
        kind, slash, subtype = media.lower().partition("/")
        if not slash or not kind or not subtype:
            continue
        q, profiles = 1.0, frozenset[str]()
        for param in params:
            key, _, value = param.partition("=")
            key = key.strip().lower()
            if key == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 1.0
            elif key == "profile":
                profiles = frozenset(value.strip().strip('"').split())
        ranges.append(_Range(kind, subtype, q, profiles))
    return ranges


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` where it is not inside a quoted string (a profile's IRIs
    may hold commas and semicolons)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def quality(ranges: list[_Range], fmt: Format) -> float:
    """The q-value the client gives ``fmt``: that of the most specific range that matches it. An
    alias counts only when named in full: the answer's content type is the format's own, so
    ``text/*`` must not reach SPARQL XML through its ``text/xml`` alias."""
    best, best_q = -1, 0.0
    for media_type in (fmt.media_type, *fmt.aliases):
        for r in ranges:
            specificity = r.specificity(media_type, fmt.profile)
            if media_type != fmt.media_type and specificity < 2:
                continue
            if specificity > best or (specificity == best and specificity >= 0 and r.q > best_q):
                best, best_q = specificity, r.q
    return best_q if best >= 0 else 0.0


def choose(kind: str, *, accept: str | None = None, fmt: str | None = None) -> Format | None:
    """The format for a result of ``kind`` (``select``, ``ask`` or ``graph``), or None if none
    fits (406). ``fmt`` (a ``format=`` name or media type) wins over ``accept``; with neither, the
    first format of the kind (SPARQL JSON, or Turtle). For a graph, ``json`` and ``xml`` mean
    JSON-LD and RDF/XML, as a file's extension does on the command line.

    Example:
        >>> choose("graph", fmt="xml").name
        'rdfxml'
    """
    fitting = [f for f in FORMATS if kind in f.kinds]
    if fmt:
        wanted = fmt.split(";")[0].strip().lower()
        if "/" in wanted and "*" not in wanted and wanted not in ALIASES:  # "rdf/xml" is a name
            # A media type chooses as in Accept: "text/csv; charset=utf-8" names text/csv, and a
            # JSON-LD profile picks the expanded or the compacted form.
            return choose(kind, accept=fmt)
        if kind == "graph":
            # Clients name the family and leave the kind to the server: SPARQLWrapper sends
            # format=xml (its default) for a CONSTRUCT, as Virtuoso's format= takes it.
            wanted = FOR_GRAPHS.get(wanted, wanted)
        wanted = ALIASES.get(wanted, wanted)  # the names `spacekg query -f` takes: ttl, nt, srj
        for f in fitting:
            if wanted == f.name or wanted == f.media_type or wanted in f.aliases:
                return f
        return None
    if not accept or not accept.strip():
        return fitting[0]
    ranges = parse_accept(accept)
    scored = [(quality(ranges, f), -i, f) for i, f in enumerate(fitting)]
    q, _, best = max(scored, key=lambda t: (t[0], t[1]))
    return best if q > 0 else None


def wants_html(accept: str | None) -> bool:
    """Whether a browser asks for a page: HTML is acceptable and preferred to Turtle."""
    if not accept:
        return False
    ranges = parse_accept(accept)
    html = quality(ranges, BY_NAME["html"])
    return html > 0 and html >= quality(ranges, BY_NAME["turtle"]) and any(r.kind == "text" and r.subtype == "html" for r in ranges)
