"""Online Wikidata reconciliation: look up linked items, report disagreements, propose links.

Every successful answer of the MediaWiki API is kept in an on-disk cache, so that a rerun, a CI job or
an ``--offline`` run gives the same findings without asking Wikidata again. Only an answer that was
read in full, parsed and found usable is cached, and a cached answer is checked again when read.
Nothing here prints or reads the environment; the CLI decides what to show.

Each attempt has one deadline for everything (connecting, the headers, the whole body): a watchdog
(:mod:`spacekg.http.watchdog`) shuts the connection down when it passes, so a server that sends one
byte at a time cannot hold the client. A request, its retries and the waits between them included,
ends within ``total_time``. Redirects are followed only to the same host; a body shorter than its
Content-Length is an error; a server that asks to wait longer than ``max_backoff`` is not waited for.

Every value read from an answer is checked against the type and form Wikidata gives it (item and
property ids, times, precisions, amounts, units, ranks, strings) before it is used or cached: a
malformed answer is a WikidataError naming the place of the bad value, never a crash further on.
"""

from __future__ import annotations

import functools
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
# Wikidata's answers nest about 13 deep (entities, claims, statements, references, snaks, values);
# json.loads fails near 1,000 levels with a RecursionError, and json.dumps sooner when caching.
MAX_DEPTH = 64

# Wikibase's own forms of what the client reads: entity ids, TimeValue times and their precisions
# (0 a billion years .. 14 a second), DecimalValue amounts, and units (an item's concept IRI, or 1).
_QID = re.compile(r"Q[1-9][0-9]*")
_PID = re.compile(r"P[1-9][0-9]*")
_ENTITY_ID = re.compile(r"[QPLME][1-9][0-9]*|L[1-9][0-9]*-[FS][1-9][0-9]*")
_TIME = re.compile(r"[+-][0-9]{1,16}-(0[0-9]|1[0-2])-([0-2][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|6[01])Z")
_AMOUNT = re.compile(r"[+-](0|[1-9][0-9]*)(\.[0-9]+)?")
_UNIT = re.compile(r"1|https?://[^\s/]+/entity/Q[1-9][0-9]*")
_PRECISIONS = range(15)
_RANK = re.compile("preferred|normal|deprecated")
_SNAK_TYPE = re.compile("value|somevalue|novalue")
_SURROGATE = re.compile("[\ud800-\udfff]")
# The apostrophes and the marks typed for one: turned and modifier commas, primes, the acute
# accent, the grave accent of a keyboard without "'", and the full-width apostrophe.
APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u201b\u02b9\u02bb\u02bc\u2032`\u00b4\uff07"))

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
        cache_dir: where answers are kept, one JSON file per request URL (an item's under the URL
            that asks for it alone, however many ids the request that fetched it named).
        api_url: the ``api.php`` endpoint (http or https).
        user_agent: sent with every request, as Wikimedia's policy requires.
        timeout: seconds one attempt may take in all (connecting, the headers, the whole body).
        max_retries: further attempts after a failed first one (timeouts, 429, 5xx, maxlag).
        total_time: seconds one request may take with its retries and the waits between them; a
            retry that could not end within it is not made.
        offline: answer only from the cache; a miss raises WikidataError.
        sleep: how to wait between attempts; tests inject a recorder.
        max_backoff: the longest wait between attempts, in seconds; a ``Retry-After`` that asks for
            more fails the request at once instead.
        warn: told when an answer could not be cached (a read-only cache directory).
        on_retry: told, in one line, about each retry: what failed and how long the wait is.
        clock: seconds on a monotonic clock; tests inject one that counts the injected sleeps.

    Raises:
        ValueError: on construction, for a non-http(s) ``api_url`` (urllib would also open
            ``file:`` URLs), a non-positive timeout, a negative retry count or backoff, or a
            ``total_time`` shorter than one attempt's ``timeout``.
    """

    cache_dir: Path
    api_url: str = DEFAULT_API_URL
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 30.0
    max_retries: int = 4
    total_time: float = 120.0
    offline: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    max_backoff: float = 60.0
    warn: Callable[[str], None] = field(default=lambda message: None, repr=False, compare=False)
    on_retry: Callable[[str], None] = field(default=lambda message: None, repr=False, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)

    def __post_init__(self) -> None:
        if urllib.parse.urlsplit(self.api_url).scheme not in ("http", "https"):
            raise ValueError(f"{self.api_url}: the Wikidata API URL must start with http:// or https://")
        if self.timeout <= 0 or self.max_retries < 0 or self.max_backoff < 0 or self.total_time < self.timeout:
            raise ValueError("timeout must be positive, max_retries and max_backoff not negative, "
                             "total_time at least timeout")

    def get_entities(self, qids: Sequence[str]) -> dict[str, EntityInfo]:
        """Look up items with ``action=wbgetentities``, at most 50 ids per request.

        Args:
            qids: item ids such as ``Q148``; repeats are looked up once.

        Returns:
            Every requested id mapped to its EntityInfo (``missing`` set for ids with no item).

        Raises:
            InputError: an id is not ``Q`` followed by digits (the API would fail the whole batch).
            WikidataError: the API could not be reached or gave an error or unusable answer; or,
                offline, the cache lacks an id (the message's URL asks for those it lacks).
        """
        found = self.cached_entities(qids)
        # Only the ids the cache lacks are asked for, and each answer is kept per id: a run that
        # links one more entity, or was stopped halfway, asks again for nothing it already has.
        wanted = [qid for qid in sorted(set(qids), key=qid_order) if qid not in found]
        for start in range(0, len(wanted), BATCH_SIZE):
            batch = wanted[start : start + BATCH_SIZE]
            url = self._entities_url(batch)
            if self.offline:
                raise WikidataError(f"{url}: not in the cache and --offline was given")
            body = self._download(url)
            found.update(_entities(url, body, batch=batch))
            for qid in batch:
                self._store(self._entities_url([qid]), {"entities": {qid: body["entities"][qid]}, "success": 1})
        return found

    def cached_entities(self, qids: Sequence[str]) -> dict[str, EntityInfo]:
        """The items among ``qids`` whose answer the cache holds and that still read as valid;
        never asks the network.

        Raises:
            InputError: an id is not ``Q`` followed by digits (the API would fail the whole batch).
        """
        for qid in qids:
            if not _QID.fullmatch(qid):
                raise InputError(f"{qid!r}: not a Wikidata item id (Q followed by digits)")
        found: dict[str, EntityInfo] = {}
        for qid in sorted(set(qids), key=qid_order):
            url = self._entities_url([qid])
            cached = _read_cache(self.cache_path(url), url)
            if cached is None:
                continue
            try:
                found[qid] = _entities(url, cached, batch=[qid])[qid]
            except WikidataError:
                pass  # written by an older client that cached unchecked answers: fetch it again
        return found

    def _entities_url(self, qids: list[str]) -> str:
        return self._url(action="wbgetentities", ids="|".join(qids), props="labels|descriptions|claims",
                         languages="en", format="json")

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
        self._store(url, body)
        return result

    def _store(self, url: str, body: dict[str, Any]) -> None:
        """Cache a usable answer under its request URL."""
        record = {
            "url": url,
            "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "body": body,
        }
        try:
            write_atomic(self.cache_path(url), json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        except InputError as exc:
            self.warn(f"the answer was not cached ({exc}); it will be asked for again")

    def _download(self, url: str) -> dict[str, Any]:
        """GET ``url``, retrying passing failures, and return the parsed JSON object."""
        request = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        attempt = 0
        started = self.clock()
        # A notice names the endpoint and the action: the whole URL, with 50 ids, would fill the screen.
        action = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query)).get("action")
        asked = f"{self.api_url} ({action})" if action else self.api_url
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
            delay = min(wait if wait is not None else 2.0**attempt, self.max_backoff)
            if self.clock() - started + delay + self.timeout > self.total_time:
                raise WikidataError(f"{url}: {reason} (gave up after {attempt + 1} attempts: another could end "
                                    f"past the {self.total_time:g} s a request may take)")
            attempt += 1
            self.on_retry(f"{asked}: {reason}; retry {attempt} of {self.max_retries} in {delay:g} s")
            self.sleep(delay)

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


# A name looked up is compared with the key of every label, and a linker reads every label for
# each mention: the keys are kept, not made again.
@functools.lru_cache(maxsize=1 << 16)
def normalise_label(text: str) -> str:
    """Reduce a label to lower-case words, so that case, punctuation, spacing, accents and spelling
    do not count.

    Apostrophes vanish (so "People's" matches "Peoples"), and so do the dots of an initialism (so
    "U.S." matches "US") and the accents of Latin letters (so "Yùtù" matches "Yutu"); other
    punctuation separates words, and so does a number after letters ("Chang'e4" is "Chang'e 4"); a
    hyphen before one letter that ends a word is an apostrophe ("Chang-e 4"). A
    Roman numeral in capitals after a name is its number ("Tiangong II" is "Tiangong 2"), and a
    British spelling the American one ("Launch Centre" is "Launch Center").

    Example:
        >>> normalise_label("  People\u2019s Republic of  CHINA ")
        'peoples republic of china'
        >>> normalise_label("Long March-3B") == normalise_label("long march 3b")
        True
        >>> normalise_label("the U.S.") == normalise_label("the US")
        True
        >>> normalise_label("Chang\u00b4e4"), normalise_label("Tia\u0301ngo\u0304ng II"), normalise_label("Xi Jinping")
        ('change 4', 'tiangong 2', 'xi jinping')
    """
    # The apostrophes go first: the compatibility decomposition makes an acute accent (U+00B4) a
    # space and a combining accent.
    text = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    text = unicodedata.normalize("NFKC", _ACCENTS.sub("", text))
    text = _ROMAN.sub(lambda m: f"{m[1]}{roman_number(m[2])}", text)
    text = _HYPHEN_APOSTROPHE.sub("", text)
    text = text.casefold().translate(APOSTROPHES)
    text = INITIALISM.sub(lambda m: m[0].replace(".", ""), text)
    words = re.split(r"[\W_]+", _NUMBER_AFTER_LETTERS.sub(" ", text))
    return " ".join(_SPELLINGS.get(word, word) for word in words if word)


# A hyphen for the apostrophe of a romanised name, before one letter that ends its word ("Chang-e
# 5" is "Chang'e 5", "Chang-e5" and "CHANG-E 5" too); not after one or two ("X-ray", "Wi-Fi").
_HYPHEN_APOSTROPHE = re.compile(r"(?<=[A-Za-z]{3})-(?=[A-Za-z](?![A-Za-z]))")


def roman_number(numeral: str) -> int | None:
    """The number a Roman numeral in capitals writes (``"XIV"`` is 14), if it is one below 40.

    Example:
        >>> roman_number("IV"), roman_number("XXXIX"), roman_number("IIII"), roman_number("Xi")
        (4, 39, None, None)
    """
    if not re.fullmatch(r"X{0,3}(?:IX|IV|VI{0,3}|I{1,3})|X{1,3}", numeral):
        return None
    values = [{"I": 1, "V": 5, "X": 10}[c] for c in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


# Combining accents of Latin letters (not the marks other scripts write vowels with).
_ACCENTS = re.compile("[\u0300-\u036f]")
# A Roman numeral in capitals after a word of a name and a space or hyphen ("Shenzhou XI",
# "Chang'e-IV"): of two letters or more, or one that ends the text ("Tiangong I"), so that the
# pronoun "I" inside a sentence stays a word.
NUMERAL_JOIN = r"[\s\-\u2010-\u2014]+"  # white space, a hyphen or a dash
_ROMAN = re.compile(r"(?<=[^\W\d_])(" + NUMERAL_JOIN + r")(X{0,3}(?:IX|IV|VI{0,3}|I{1,3})|X{1,3})"
                    r"(?=\s*$|(?<=[IVX][IVX])(?![\w'\u2019]))")
_NUMBER_AFTER_LETTERS = re.compile(r"(?<=[^\W\d_])(?=\d)")
# British spellings in names, as the American ones ("Xichang Satellite Launch Centre").
_SPELLINGS = {"centre": "center", "centres": "centers", "programme": "program", "programmes": "programs",
              "defence": "defense", "organisation": "organization", "metre": "meter", "kilometre": "kilometer"}


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


def qid_order(qid: str) -> tuple[int, str]:
    """Sort key putting item ids in numeric order without int(), which refuses over 4,300 digits.

    Example:
        >>> sorted(["Q10", "Q9", "Q100"], key=qid_order)
        ['Q9', 'Q10', 'Q100']
    """
    return len(qid), qid


# --- Reading answers: each value is checked for the type and form Wikidata gives it ---


class _Unusable(Exception):
    """A value of an answer that is not of Wikidata's type or form; the message says where it is
    (``entities.Q148.claims.P619[0].mainsnak``) and what it is."""


def _shown(value: Any) -> str:
    """A value as the answer spelled it, short and escaped (JSON escapes control characters)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "absent"
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _object(value: Any, where: str) -> dict[str, Any]:
    """An object member, or {} when it is absent or [] (how format version 1 writes an empty object)."""
    if value is None or value == []:
        return {}
    if not isinstance(value, dict):
        raise _Unusable(f"{where} is {_shown(value)}, not an object")
    return value


def _array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Unusable(f"{where} is {_shown(value)}, not an array")
    return value


def _string(value: Any, where: str, form: re.Pattern[str] | None = None, what: str = "a string") -> str:
    if not isinstance(value, str) or (form is not None and not form.fullmatch(value)):
        raise _Unusable(f"{where} is {_shown(value)}, not {what}")
    return value


def _optional_string(value: Any, where: str, form: re.Pattern[str] | None = None, what: str = "a string") -> str | None:
    return None if value is None else _string(value, where, form, what)


def _entity_info(qid: str, data: Any, where: str) -> EntityInfo:
    """Read one entry of a wbgetentities answer."""
    if not isinstance(data, dict):
        raise _Unusable(f"{where} is {_shown(data)}, not an object")
    if "missing" in data:
        return EntityInfo(qid, None, None, missing=True)
    claims: dict[str, tuple[ClaimValue, ...]] = {}
    for prop, statements in _object(data.get("claims"), f"{where}.claims").items():
        _string(prop, f"a key of {where}.claims", _PID, "a property id")
        claims[prop] = _claim_values(statements, f"{where}.claims.{prop}")
    instance_of = tuple(dict.fromkeys(value.text for value in claims.get("P31", ())))
    for target in instance_of:
        if not _QID.fullmatch(target):
            raise _Unusable(f"{where}.claims.P31 (instance of) has {_shown(target)}, not an item id")
    redirect = _optional_string(_object(data.get("redirects"), f"{where}.redirects").get("to"),
                                f"{where}.redirects.to", _QID, "an item id")
    return EntityInfo(
        qid=qid,
        label=_term(data, "labels", where),
        description=_term(data, "descriptions", where),
        instance_of=instance_of,
        redirected_to=redirect if redirect and redirect != qid else None,
        claims=tuple(sorted(claims.items())),
    )


def _claim_values(statements: Any, where: str) -> tuple[ClaimValue, ...]:
    """The values of a property's non-deprecated, valued statements. A kind of value spacekg does
    not compare (a globe coordinate) is left out; a value of a kind it reads must be well formed."""
    out = []
    for n, statement in enumerate(_array(statements, where)):
        at = f"{where}[{n}]"
        if not isinstance(statement, dict):
            raise _Unusable(f"{at} is {_shown(statement)}, not an object")
        rank = _string(statement.get("rank", "normal"), f"{at}.rank", _RANK, "a rank (preferred, normal, deprecated)")
        snak = _object(statement.get("mainsnak"), f"{at}.mainsnak")
        kind = _string(snak.get("snaktype"), f"{at}.mainsnak.snaktype", _SNAK_TYPE, "a snak type (value, somevalue, novalue)")
        # Deprecated statements are recorded as wrong; novalue/somevalue snaks name no value.
        if rank == "deprecated" or kind != "value":
            continue
        value = _object(snak.get("datavalue"), f"{at}.mainsnak.datavalue").get("value")
        at += ".mainsnak.datavalue.value"
        if isinstance(value, str):
            out.append(ClaimValue(_string(value, at), rank=rank))
        elif not isinstance(value, dict):
            raise _Unusable(f"{at} is {_shown(value)}, not a string or an object")
        elif "id" in value:
            out.append(ClaimValue(_string(value["id"], f"{at}.id", _ENTITY_ID, "an entity id"), rank=rank))
        elif "time" in value:
            precision = value.get("precision")
            if type(precision) is not int or precision not in _PRECISIONS:  # bool is an int too
                raise _Unusable(f"{at}.precision is {_shown(precision)}, not an integer from 0 to 14")
            out.append(ClaimValue(_string(value["time"], f"{at}.time", _TIME, "a Wikidata time (+YYYY-MM-DDT00:00:00Z)"),
                                  precision, rank=rank))
        elif "amount" in value:
            unit = _optional_string(value.get("unit"), f"{at}.unit", _UNIT, "1 or an item's IRI")
            out.append(ClaimValue(_string(value["amount"], f"{at}.amount", _AMOUNT, "a signed decimal"),
                                  unit=unit if unit != "1" else None, rank=rank))
        elif "text" in value:
            out.append(ClaimValue(_string(value["text"], f"{at}.text"), rank=rank))
    return tuple(out)


def _term(data: dict[str, Any], member: str, where: str) -> str | None:
    """The English label or description of an entry."""
    english = _object(_object(data.get(member), f"{where}.{member}").get("en"), f"{where}.{member}.en")
    return _optional_string(english.get("value"), f"{where}.{member}.en.value")


def _entities(url: str, body: dict[str, Any], *, batch: list[str]) -> dict[str, EntityInfo]:
    found = {}
    for qid in batch:
        try:
            entities = _object(body.get("entities"), "entities")
            if qid not in entities:
                raise _Unusable(f"entities has no {qid}")
            found[qid] = _entity_info(qid, entities[qid], f"entities.{qid}")
        except _Unusable as exc:
            raise WikidataError(f"{url}: the answer has no usable entry for {qid}: {exc}") from None
    return found


def _candidates(url: str, body: dict[str, Any]) -> list[Candidate]:
    try:
        candidates = []
        for rank, hit in enumerate(_array(body.get("search"), "search"), start=1):
            at = f"search[{rank - 1}]"
            if not isinstance(hit, dict):
                raise _Unusable(f"{at} is {_shown(hit)}, not an object")
            # The API gives the matched term in label/description, the shown one under display.
            display = _object(hit.get("display"), f"{at}.display")
            label, description = (
                _optional_string(hit.get(key), f"{at}.{key}")
                or _optional_string(_object(display.get(key), f"{at}.display.{key}").get("value"),
                                    f"{at}.display.{key}.value")
                for key in ("label", "description"))
            candidates.append(Candidate(_string(hit.get("id"), f"{at}.id", _QID, "an item id"),
                                        label, description, rank))
        return candidates
    except _Unusable as exc:
        raise WikidataError(f"{url}: the answer has no usable search hits: {exc}") from None


def _read_cache(path: Path, url: str) -> dict[str, Any] | None:
    """Return the cached body for ``url``, or None when absent, unreadable, corrupt or for another URL."""
    try:
        # The record holds the answer one level down.
        record = _parse_json(read_bytes(path, max_bytes=2 * MAX_RESPONSE_BYTES), MAX_DEPTH + 1)
    except (InputError, _Unusable):
        return None
    if not isinstance(record, dict) or record.get("url") != url:
        return None
    body = record.get("body")
    # Only successful answers are written, so an error body here means the file was tampered with.
    if not isinstance(body, dict) or "error" in body:
        return None
    return body


def _parse_json(data: bytes, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of ``data``. Raises _Unusable for anything that is not JSON the client can
    use, however json.loads fails (ValueError, or RecursionError for deep nesting); for JSON
    nested deeper than ``max_depth``; and for a lone surrogate escape (no text: UTF-8 cannot hold it)."""
    try:
        value = json.loads(data)
    except ValueError:
        raise _Unusable("not JSON") from None
    except RecursionError:
        raise _Unusable(f"JSON nested more than {max_depth} deep") from None
    # Walked with a stack, not recursion, so that the check cannot fail the way json.loads does.
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, (dict, list)) and depth > max_depth:
            raise _Unusable(f"JSON nested more than {max_depth} deep")
        if isinstance(item, dict):
            pending += [(key, depth) for key in item]
            pending += [(member, depth + 1) for member in item.values()]
        elif isinstance(item, list):
            pending += [(member, depth + 1) for member in item]
        elif isinstance(item, str) and not item.isascii() and _SURROGATE.search(item):
            raise _Unusable("JSON with a lone surrogate escape, which is no text")
    return value


def _parse_body(url: str, data: bytes, content_type: str) -> dict[str, Any]:
    if len(data) > MAX_RESPONSE_BYTES:
        raise WikidataError(f"{url}: the answer is over {MAX_RESPONSE_BYTES} bytes")
    try:
        body = _parse_json(data)
    except _Unusable as exc:
        raise WikidataError(f"{url}: the answer is {exc} ({content_type})") from None
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
