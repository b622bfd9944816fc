"""Online Wikidata reconciliation: look up linked items, report disagreements, propose links.

Every successful answer of the MediaWiki API is kept in an on-disk cache, so that a rerun, a CI job or
an ``--offline`` run gives the same findings without asking Wikidata again. Only an answer that was
read in full, parsed and found usable is cached, and a cached answer is checked again when read.
Nothing here prints or reads the environment; the CLI decides what to show.

Each attempt has one deadline for everything (connecting, the headers, the whole body): a watchdog
(:mod:`spacekg.http.watchdog`) shuts the connection down when it passes, so a server that sends one
byte at a time cannot hold the client. Redirects are followed only to the same host; a body shorter than its Content-Length
is an error; a server that asks to wait longer than ``max_backoff`` is not waited for.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal, TypeVar

from .. import __version__
from ..errors import InputError, WikidataError
from ..http.settings import DEFAULT_API_URL
from ..http.watchdog import Watchdog
from ..sources.files import read_bytes, write_atomic

T = TypeVar("T")
# Wikimedia's User-Agent policy asks for a name, version and a way to reach the operator.
DEFAULT_USER_AGENT = (
    f"spacekg/{__version__} (https://w3id.org/spacekg; knowledge graph of space exploration) python-urllib"
)
BATCH_SIZE = 50  # wbgetentities refuses more than 50 ids per request from ordinary accounts
MAX_SEARCH_LIMIT = 50  # the most wbsearchentities returns in one page
MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # 50 items with all their claims stay far below this
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})  # overload and gateway trouble pass
RETRY_API_CODES = frozenset({"maxlag", "ratelimited"})  # API errors that mean "later", not "never"

_QID = re.compile(r"Q[1-9][0-9]*")
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc`\u00b4"))

FindingKind = Literal["ok", "missing", "label-mismatch", "type-mismatch"]


@dataclass(frozen=True)
class EntityInfo:
    """What reconciliation needs to know about one Wikidata item.

    Attributes:
        qid: the id that was asked for.
        label: the English label, or None when the item has none.
        description: the English description, or None.
        instance_of: the items named by its non-deprecated "instance of" (P31) statements, in order.
        missing: True when no item has this id (never created, or deleted).
        redirected_to: the id this one was merged into, when Wikidata answered with a redirect.
    """

    qid: str
    label: str | None
    description: str | None
    instance_of: tuple[str, ...] = ()
    missing: bool = False
    redirected_to: str | None = None
    claims: tuple[tuple[str, tuple[ClaimValue, ...]], ...] = field(default=(), compare=False)

    def values(self, prop: str) -> tuple[ClaimValue, ...]:
        """The non-deprecated values of property ``prop`` (``P619``), in Wikidata's order."""
        return next((values for p, values in self.claims if p == prop), ())


@dataclass(frozen=True)
class ClaimValue:
    """One value of a non-deprecated statement, as text: an item id (``Q148``), a time
    (``+2018-12-07T00:00:00Z`` with its precision), an amount (``+33`` with its unit IRI), or a string."""

    text: str
    precision: int | None = None
    unit: str | None = None
    rank: str = "normal"


@dataclass(frozen=True)
class Candidate:
    """One search hit proposed as the Wikidata item of an unlinked entity.

    Attributes:
        qid: the item id.
        label: its English label, or None.
        description: its English description, or None.
        rank: 1 for the API's best hit, then 2, 3 ...
    """

    qid: str
    label: str | None
    description: str | None
    rank: int


@dataclass(frozen=True)
class Finding:
    """The verdict on one link from a spacekg entity to a Wikidata item.

    Attributes:
        entity: the spacekg entity IRI.
        qid: the linked Wikidata id.
        kind: "ok", "missing", "label-mismatch" or "type-mismatch"; one link can have both mismatches.
        detail: one readable line saying what was compared.
    """

    entity: str
    qid: str
    kind: FindingKind
    detail: str


@dataclass(frozen=True)
class WikidataClient:
    """A cached, polite client of the Wikidata MediaWiki API.

    Attributes:
        cache_dir: where answers are kept, one JSON file per request URL.
        api_url: the ``api.php`` endpoint (http or https).
        user_agent: sent with every request, as Wikimedia's policy requires.
        timeout: seconds one attempt may take in all (connecting, the headers, the whole body).
        max_retries: further attempts after a failed first one (timeouts, 429, 5xx, maxlag).
        offline: answer only from the cache; a miss raises WikidataError.
        sleep: how to wait between attempts; tests inject a recorder.
        max_backoff: the longest wait between attempts, in seconds; a ``Retry-After`` that asks for
            more fails the request at once instead.
        warn: told when an answer could not be cached (a read-only cache directory).

    Raises:
        ValueError: on construction, for a non-http(s) ``api_url`` (urllib would also open
            ``file:`` URLs) or a non-positive timeout or negative retry count.
    """

    cache_dir: Path
    api_url: str = DEFAULT_API_URL
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 30.0
    max_retries: int = 4
    offline: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    max_backoff: float = 60.0
    warn: Callable[[str], None] = field(default=lambda message: None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if urllib.parse.urlsplit(self.api_url).scheme not in ("http", "https"):
            raise ValueError(f"{self.api_url}: the Wikidata API URL must start with http:// or https://")
        if self.timeout <= 0 or self.max_retries < 0 or self.max_backoff < 0:
            raise ValueError("timeout must be positive, max_retries and max_backoff not negative")

    def get_entities(self, qids: Sequence[str]) -> dict[str, EntityInfo]:
        """Look up items with ``action=wbgetentities``, at most 50 ids per request.

        Args:
            qids: item ids such as ``Q148``; repeats are looked up once.

        Returns:
            Every requested id mapped to its EntityInfo (``missing`` set for ids with no item).

        Raises:
            InputError: an id is not ``Q`` followed by digits (the API would fail the whole batch).
            WikidataError: the API could not be reached or gave an error or unusable answer.
        """
        for qid in qids:
            if not _QID.fullmatch(qid):
                raise InputError(f"{qid!r}: not a Wikidata item id (Q followed by digits)")
        # Sorted so that the same set of ids always makes the same URLs, hence cache hits.
        wanted = sorted(set(qids), key=lambda qid: int(qid[1:]))
        found: dict[str, EntityInfo] = {}
        for start in range(0, len(wanted), BATCH_SIZE):
            batch = wanted[start : start + BATCH_SIZE]
            url = self._url(
                action="wbgetentities",
                ids="|".join(batch),
                props="labels|descriptions|claims",
                languages="en",
                format="json",
            )
            found.update(self._fetch(url, partial(_entities, url, batch=batch)))
        return found

    def search(self, text: str, *, limit: int = 5) -> list[Candidate]:
        """Search items by English label or alias with ``action=wbsearchentities``.

        Args:
            text: the name to look for; blank text finds nothing without a request.
            limit: how many hits to ask for, 1 to 50.

        Returns:
            The hits in the API's order, ranked from 1.

        Raises:
            ValueError: ``limit`` is outside 1..50.
            WikidataError: the API could not be reached or gave an error or unusable answer.
        """
        if not 1 <= limit <= MAX_SEARCH_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_SEARCH_LIMIT}, not {limit}")
        if not text.strip():
            return []
        url = self._url(
            action="wbsearchentities",
            search=text,
            language="en",
            # uselang fixes the language of the returned labels; otherwise it follows the account.
            uselang="en",
            type="item",
            limit=str(limit),
            format="json",
        )
        return self._fetch(url, lambda body: _candidates(url, body))

    def cache_path(self, url: str) -> Path:
        """Return the cache file of a request URL: the SHA-256 of the URL, as hex, plus ``.json``."""
        return self.cache_dir / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()}.json"

    def _url(self, **params: str) -> str:
        # Sorted parameters give one spelling, hence one cache key, per request.
        return f"{self.api_url}?{urllib.parse.urlencode(sorted(params.items()))}"

    def _fetch(self, url: str, read: Callable[[dict[str, Any]], T]) -> T:
        """Answer from the cache, or download; ``read`` turns the body into the result and raises
        WikidataError when it is unusable. Only a usable answer is cached, and a cached answer that
        is no longer usable is fetched again."""
        path = self.cache_path(url)
        cached = _read_cache(path, url)
        if cached is not None:
            try:
                return read(cached)
            except WikidataError:
                pass  # written by an older client that cached unchecked answers: fetch it again
        if self.offline:
            raise WikidataError(f"{url}: not in the cache and --offline was given")
        body = self._download(url)
        result = read(body)
        record = {
            "url": url,
            "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "body": body,
        }
        try:
            write_atomic(path, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        except InputError as exc:
            self.warn(f"the answer was not cached ({exc}); it will be asked for again")
        return result

    def _download(self, url: str) -> dict[str, Any]:
        """GET ``url``, retrying passing failures, and return the parsed JSON object."""
        request = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        attempt = 0
        while True:
            wait: float | None = None
            watchdog = Watchdog(self.timeout)
            # A fresh opener per request honours the current proxy settings, as urlopen's cached one does not.
            opener = urllib.request.build_opener(*_handlers(watchdog))
            try:
                with watchdog, opener.open(request, timeout=self.timeout) as response:
                    data = response.read(MAX_RESPONSE_BYTES + 1)
                    retry_after = response.headers.get("Retry-After")
                    content_type = response.headers.get("Content-Type", "no Content-Type")
                    length = response.headers.get("Content-Length")
                if watchdog.expired:
                    raise TimeoutError
                if length is not None and length.isdigit() and int(length) != len(data) <= MAX_RESPONSE_BYTES:
                    raise http.client.IncompleteRead(data, int(length) - len(data))
            except urllib.error.HTTPError as exc:
                with exc:
                    reason = f"HTTP {exc.code} {exc.reason}".rstrip()
                    if exc.code not in RETRY_STATUSES:
                        raise WikidataError(f"{url}: {reason}") from None
                    wait = _retry_after(exc.headers.get("Retry-After"))
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                reason = self._network_reason(TimeoutError() if watchdog.expired else exc)
            else:
                body = _parse_body(url, data, content_type)
                error = body.get("error")
                if error is None:
                    return body
                code, reason = _api_error(error)
                if code not in RETRY_API_CODES:
                    raise WikidataError(f"{url}: {reason}")
                wait = _retry_after(retry_after)
            if attempt >= self.max_retries:
                raise WikidataError(f"{url}: {reason} (gave up after {attempt + 1} attempts)")
            if wait is not None and wait > self.max_backoff:
                raise WikidataError(f"{url}: {reason}; the server asks to wait {wait:g} s, more than the "
                                    f"{self.max_backoff:g} s this client waits; try again later")
            # Exponential backoff (1, 2, 4 ... s) unless the server said how long to wait.
            self.sleep(min(wait if wait is not None else 2.0**attempt, self.max_backoff))
            attempt += 1

    def _network_reason(self, exc: BaseException) -> str:
        cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(cause, TimeoutError):
            return f"no complete answer within {self.timeout:g} s"
        if isinstance(cause, http.client.IncompleteRead):
            return f"the answer ended after {len(cause.partial)} bytes, short of its Content-Length"
        return " ".join(str(cause).split()) or type(cause).__name__


def _handlers(watchdog: Watchdog) -> list[urllib.request.BaseHandler]:
    """urllib handlers whose connections the watchdog can cut, and that follow a redirect only
    to the same host (http may become https, never the reverse)."""

    class Connection(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(SecureConnection, req, context=self._context)  # type: ignore[attr-defined]  # HTTPSHandler's own context, not in typeshed

    class SameHost(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                             newurl: str) -> urllib.request.Request | None:
            old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
            if new.hostname != old.hostname or (new.scheme, old.scheme) not in (("http", "http"), ("https", "https"),
                                                                             ("https", "http")):
                raise WikidataError(f"{req.full_url}: redirected to {newurl}, another host or a downgrade; "
                                    "not followed")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return [Handler(), SecureHandler(), SameHost()]


def normalise_label(text: str) -> str:
    """Reduce a label to lower-case words, so that case, punctuation and spacing do not count.

    Apostrophes vanish (so "People's" matches "Peoples"), and so do the dots of an initialism (so
    "U.S." matches "US"); other punctuation separates words.

    Example:
        >>> normalise_label("  People\u2019s Republic of  CHINA ")
        'peoples republic of china'
        >>> normalise_label("Long March-3B") == normalise_label("long march 3b")
        True
        >>> normalise_label("the U.S.") == normalise_label("the US")
        True
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    text = INITIALISM.sub(lambda m: m[0].replace(".", ""), text)
    return " ".join(word for word in re.split(r"[\W_]+", text) if word)


# Single letters joined by dots: "U.S.", "U.N", "a.m.".
INITIALISM = re.compile(r"(?<![\w.])(?:[^\W\d_]\.)+[^\W\d_]\.?(?![\w])")


def reconcile(
    links: Mapping[str, str],
    labels: Mapping[str, str],
    types: Mapping[str, tuple[str, ...]],
    client: WikidataClient,
    *,
    alt_labels: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Finding]:
    """Check each entity's Wikidata link against the item it names.

    Args:
        links: entity IRI -> linked item id.
        labels: entity IRI -> its spacekg (English) label; entities left out get no label check.
        types: entity IRI -> Wikidata classes it should be a direct instance of (P31; subclasses
            are not followed); entities left out, or with no classes, get no type check.
        client: the client that fetches the items.
        alt_labels: entity IRI -> other names; a Wikidata label equal to any of them also matches.

    Returns:
        Findings in the order of ``links``: "missing" alone for an id with no item; otherwise
        "label-mismatch" and/or "type-mismatch", or one "ok" when both checks pass.

    Raises:
        InputError: a linked id is malformed.
        WikidataError: the items could not be fetched.
    """
    infos = client.get_entities(list(links.values()))
    alt_labels = alt_labels or {}
    findings: list[Finding] = []
    for entity, qid in links.items():
        info = infos[qid]
        if info.missing:
            findings.append(Finding(entity, qid, "missing", f"{qid} does not exist on Wikidata"))
            continue
        # A merged item still answers, under its new id; the link works but should be updated.
        note = f" ({qid} redirects to {info.redirected_to})" if info.redirected_to else ""
        problems: list[Finding] = []
        names = [name for name in (labels.get(entity), *alt_labels.get(entity, ())) if name]
        if names:
            if info.label is None:
                problems.append(Finding(entity, qid, "label-mismatch", f"{qid} has no English label{note}"))
            elif normalise_label(info.label) not in {normalise_label(name) for name in names}:
                problems.append(
                    Finding(
                        entity,
                        qid,
                        "label-mismatch",
                        f'spacekg label "{names[0]}" does not match Wikidata label "{info.label}"{note}',
                    )
                )
        expected = types.get(entity, ())
        if expected and not set(expected) & set(info.instance_of):
            found = ", ".join(info.instance_of) or "no instance-of (P31) statement"
            problems.append(
                Finding(
                    entity,
                    qid,
                    "type-mismatch",
                    f"expected instance of {', '.join(expected)}; Wikidata has {found}{note}",
                )
            )
        findings.extend(problems or [Finding(entity, qid, "ok", f'Wikidata label "{info.label}"{note}')])
    return findings


def propose(
    unlinked: Mapping[str, str], client: WikidataClient, *, limit: int = 5
) -> dict[str, list[Candidate]]:
    """Search Wikidata for each entity that has no link yet.

    Args:
        unlinked: entity IRI -> the label to search for.
        client: the client that searches.
        limit: candidates per entity, 1 to 50.

    Returns:
        Entity IRI -> candidates ranked as the API returned them (possibly none).

    Raises:
        ValueError: ``limit`` is outside 1..50.
        WikidataError: a search failed.
    """
    return {entity: client.search(label, limit=limit) for entity, label in unlinked.items()}


def _entity_info(qid: str, data: dict[str, Any]) -> EntityInfo:
    """Read one entry of a wbgetentities answer; raises KeyError/TypeError/AttributeError if malformed."""
    if "missing" in data:
        return EntityInfo(qid, None, None, missing=True)
    claims = _obj(data.get("claims"))
    instance_of: list[str] = []
    for statement in claims.get("P31") or ():
        snak = statement["mainsnak"]
        # Deprecated statements are recorded as wrong; novalue/somevalue snaks name no class.
        if statement.get("rank") == "deprecated" or snak.get("snaktype") != "value":
            continue
        target = snak["datavalue"]["value"]["id"]
        if target not in instance_of:
            instance_of.append(target)
    redirect = _obj(data.get("redirects")).get("to")
    return EntityInfo(
        qid=qid,
        label=_term(data.get("labels")),
        description=_term(data.get("descriptions")),
        instance_of=tuple(instance_of),
        redirected_to=redirect if redirect and redirect != qid else None,
        claims=tuple(sorted((prop, _claim_values(statements)) for prop, statements in claims.items())),
    )


def _claim_values(statements: Any) -> tuple[ClaimValue, ...]:
    """The values of a property's non-deprecated, valued statements; unreadable ones are skipped."""
    out = []
    for statement in statements if isinstance(statements, list) else ():
        snak = _obj(_obj(statement).get("mainsnak"))
        if statement.get("rank") == "deprecated" or snak.get("snaktype") != "value":
            continue
        value = _obj(snak.get("datavalue")).get("value")
        rank = str(statement.get("rank", "normal"))
        if isinstance(value, str):
            out.append(ClaimValue(value, rank=rank))
        elif isinstance(value, dict) and isinstance(value.get("id"), str):
            out.append(ClaimValue(value["id"], rank=rank))
        elif isinstance(value, dict) and isinstance(value.get("time"), str):
            out.append(ClaimValue(value["time"], int(value.get("precision", 11)), rank=rank))
        elif isinstance(value, dict) and isinstance(value.get("amount"), str):
            unit = value.get("unit")
            out.append(ClaimValue(value["amount"], unit=unit if isinstance(unit, str) and unit != "1" else None, rank=rank))
        elif isinstance(value, dict) and isinstance(value.get("text"), str):
            out.append(ClaimValue(value["text"], rank=rank))
    return tuple(out)


def _obj(value: Any) -> dict[str, Any]:
    # The API (format version 1) writes an empty object as [], so treat any non-object as empty.
    return value if isinstance(value, dict) else {}


def _term(terms: Any) -> str | None:
    value = _obj(_obj(terms).get("en")).get("value")
    return value if isinstance(value, str) else None


def _display(hit: dict[str, Any], key: str) -> str | None:
    value = _obj(_obj(hit.get("display")).get(key)).get("value")
    return value if isinstance(value, str) else None


def _entities(url: str, body: dict[str, Any], *, batch: list[str]) -> dict[str, EntityInfo]:
    entities = body.get("entities")
    found = {}
    for qid in batch:
        try:
            found[qid] = _entity_info(qid, entities[qid])  # type: ignore[index]  # a malformed answer raises TypeError, reported below
        except (KeyError, TypeError, AttributeError) as exc:
            raise WikidataError(f"{url}: the answer has no usable entry for {qid} ({exc!r})") from None
    return found


def _candidates(url: str, body: dict[str, Any]) -> list[Candidate]:
    hits = body.get("search")
    try:
        return [
            Candidate(
                qid=hit["id"],
                label=hit.get("label") or _display(hit, "label"),
                description=hit.get("description") or _display(hit, "description"),
                rank=rank,
            )
            for rank, hit in enumerate(hits, start=1)  # type: ignore[arg-type]  # no list: TypeError, reported below
        ]
    except (KeyError, TypeError, AttributeError) as exc:
        raise WikidataError(f"{url}: the answer has no usable search hits ({exc!r})") from None


def _read_cache(path: Path, url: str) -> dict[str, Any] | None:
    """Return the cached body for ``url``, or None when absent, unreadable, corrupt or for another URL."""
    try:
        record = json.loads(read_bytes(path, max_bytes=2 * MAX_RESPONSE_BYTES))
    except (InputError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("url") != url:
        return None
    body = record.get("body")
    # Only successful answers are written, so an error body here means the file was tampered with.
    if not isinstance(body, dict) or "error" in body:
        return None
    return body


def _parse_body(url: str, data: bytes, content_type: str) -> dict[str, Any]:
    if len(data) > MAX_RESPONSE_BYTES:
        raise WikidataError(f"{url}: the answer is over {MAX_RESPONSE_BYTES} bytes")
    try:
        body = json.loads(data)
    except ValueError:
        raise WikidataError(f"{url}: the answer is not JSON ({content_type})") from None
    if not isinstance(body, dict):
        raise WikidataError(f"{url}: the answer is not a JSON object")
    return body


def _api_error(error: Any) -> tuple[str, str]:
    """Return the code and a one-line description of an API ``error`` member."""
    if isinstance(error, dict):
        code = str(error.get("code", "unknown"))
        info = " ".join(str(error.get("info", "")).split())
        return code, f"API error {code}: {info}" if info else f"API error {code}"
    return "unknown", "API error: " + " ".join(str(error).split())


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or HTTP-date), or None if unusable.

    Example:
        >>> _retry_after("2"), _retry_after("Thu, 01 Jan 1970 00:00:00 GMT"), _retry_after("soon")
        (2.0, 0.0, None)
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
