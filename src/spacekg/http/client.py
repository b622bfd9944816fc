"""HTTP for spacekg's remote clients: one open connection per server, a total deadline per
request, retries with backoff that honour ``Retry-After``, and credentials from the environment
or a netrc file.

The standard library's ``http.client`` is used directly, not ``urllib.request`` or a third-party
client. It keeps the connection to a server open across requests: a push sends one request per
named graph, tens of thousands at scale, and a new connection (a TLS handshake) for each would
dominate. A watchdog (:mod:`.watchdog`) bounds each request as a whole, from connecting to the
end of its answer, where socket timeouts alone bound only each wait. It follows no redirect, so
credentials never reach another host, and it adds no dependency. Proxy environment variables are
not consulted.

What is read of an answer is bounded too: a body the client does not need (a success's, a
retried answer's) is drained up to :data:`DRAIN_BYTES` for the connection's sake and otherwise
left unread, an error's up to the first 4 KiB of its message, and one it reads whole up to the
client's ``max_answer_bytes`` (:data:`MAX_ANSWER_BYTES` unless told otherwise).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import ipaddress
import math
import netrc
import os
import queue
import re
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import Message
from email.utils import parsedate_to_datetime
from urllib.parse import SplitResult, parse_qsl, urlsplit

from .. import __version__
from ..errors import InputError, LimitError, RemoteError, UsageError
from .settings import DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_RETRIES
from .watchdog import Watchdog

USER_AGENT = f"spacekg/{__version__}"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})  # overload and gateway trouble pass; other answers do not
ENV_TOKEN = "SPACEKG_REMOTE_TOKEN"
ENV_USER = "SPACEKG_REMOTE_USER"
ENV_PASSWORD = "SPACEKG_REMOTE_PASSWORD"
_MESSAGE_BYTES = 4096  # how much of an error answer is read for the server's message
DRAIN_BYTES = 64 * 1024  # the most read of a body nobody needs, so that its connection serves the next request
# An answer read whole (the store's graph listing and counts) is held in memory: 64 MiB holds the
# listing of a million graphs, and is what the Wikidata client reads of an answer too.
MAX_ANSWER_BYTES = 64 * 1024 * 1024
_SECRET_PARAMS = frozenset({"access-token", "access_token", "token", "password", "apikey", "api-key", "api_key"})
_PARAM = re.compile(r'([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)')


def parse_url(url: str) -> SplitResult:
    """Check that ``url`` is an http(s) URL that names its host plainly and carries no credentials.

    Raises:
        UsageError: another scheme, no host, a host that is not a DNS name, IPv4 address or
            bracketed IPv6 address in ASCII, a port outside 1 to 65535, spaces or control
            characters, a fragment, or credentials in the URL (as user:password@ or a token
            parameter).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # a malformed port or IPv6 address
        raise UsageError(f"{url}: {exc}") from None
    if re.search(r"[\x00-\x20\x7f]", url):
        raise UsageError(f"{url!r}: a URL holds no spaces or control characters (percent-encode them)")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url}: an endpoint URL starts with http:// or https:// and names a host")
    if port == 0:
        raise UsageError(f"{url}: port 0 cannot be connected to; a port is 1 to 65535")
    problem = _host_problem(parts.hostname, bracketed=parts.netloc.rpartition("@")[2].startswith("["))
    if problem:
        raise UsageError(f"{url}: the host {parts.hostname!r} {problem}")
    secret = parts.username is not None or any(
        key.lower() in _SECRET_PARAMS for key, _ in parse_qsl(parts.query, keep_blank_values=True)
    )
    if secret:
        raise UsageError(
            f"{parts.scheme}://{parts.hostname}: credentials do not go in the URL; set {ENV_TOKEN}, or "
            f"{ENV_USER} and {ENV_PASSWORD}, or put the host in a netrc file"
        )
    if parts.fragment:
        raise UsageError(f"{url}: an endpoint URL has no #fragment")
    return parts


# A label of a host name: letters, digits and hyphens, not at either end (RFC 1123); the underscore
# too, which names such as Docker's service names hold and resolvers accept.
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


def _host_problem(host: str, *, bracketed: bool) -> str | None:
    """What is wrong with a URL's host (lower-cased, without brackets), or None.

    The socket layer would take more: full-width digits (``１２７.0.0.1`` reaches 127.0.0.1), other
    non-ASCII letters, ``127.1``. Refused, the host shown is always the host reached.

    Example:
        >>> [_host_problem(h, bracketed=False) is None for h in ("localhost", "db_1.example", "127.0.0.1", "-bad-")]
        [True, True, True, False]
    """
    if bracketed:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return "is not an IPv6 address"
        return None
    if not host.isascii():
        return "is not ASCII: write an internationalised name in its xn-- form, and digits as 0-9"
    labels = host.removesuffix(".").split(".")
    if labels[-1].isdigit():  # a name's last label is never all digits: this is meant as an IPv4 address
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return "is not an IPv4 address (four numbers 0 to 255, with dots)"
        return None
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return ("is not a host name: dot-separated labels of letters, digits and hyphens, a label at most "
                "63 characters and not starting or ending with a hyphen")
    return None


@dataclass(frozen=True, repr=False)
class Credentials:
    """A bearer token, or a user name and password for Basic or Digest authentication.

    Attributes:
        origin: where they were found (an environment variable or a netrc file), for messages;
            the secret itself never appears in a message.
    """

    user: str | None = None
    password: str | None = None
    token: str | None = None
    origin: str = ""

    def __repr__(self) -> str:
        return f"Credentials(from {self.origin})"


def find_credentials(url: str, environ: Mapping[str, str] = os.environ) -> Credentials | None:
    """The credentials for ``url``'s host: ``SPACEKG_REMOTE_TOKEN``, else ``SPACEKG_REMOTE_USER`` and
    ``SPACEKG_REMOTE_PASSWORD``, else the host's entry in the netrc file (``$NETRC`` or
    ``~/.netrc``), else none.

    Raises:
        UsageError: only one of the user and password variables is set.
        InputError: the netrc file is malformed (with its line) or unreadable.
    """
    if environ.get(ENV_TOKEN):
        return Credentials(token=environ[ENV_TOKEN], origin=ENV_TOKEN)
    user, password = environ.get(ENV_USER), environ.get(ENV_PASSWORD)
    if user is not None or password is not None:
        if not user or password is None:
            raise UsageError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither")
        return Credentials(user=user, password=password, origin=ENV_USER)
    path = environ.get("NETRC")
    default = os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path or default):
        return None
    try:
        # Without NETRC, netrc applies its check that the default file is private to its owner.
        entry = netrc.netrc(path).authenticators(parse_url(url).hostname or "")
    except netrc.NetrcParseError as exc:
        raise InputError(f"{exc.filename}:{exc.lineno}: {exc.msg}") from None
    except OSError as exc:
        raise InputError(f"{path or default}: {exc.strerror or exc}") from None
    if entry is None:
        return None
    login, _account, secret = entry
    return Credentials(user=login, password=secret or "", origin=path or default)


def retry_delay(attempt: int, retry_after: str | None, *, backoff: float, cap: float,
                now: datetime | None = None) -> float:
    """Seconds to wait before retry number ``attempt`` (1, 2, ...).

    The server's ``Retry-After`` (seconds or an HTTP date) wins when it is given and readable;
    otherwise the wait doubles from ``backoff``. Either way it is at most ``cap``.

    Example:
        >>> [retry_delay(n, None, backoff=0.5, cap=3) for n in (1, 2, 3, 4)]
        [0.5, 1.0, 2.0, 3]
        >>> retry_delay(1, "120", backoff=0.5, cap=30)
        30
    """
    wanted = backoff * 2 ** (attempt - 1)
    if retry_after is not None:
        text = retry_after.strip()
        if text.isdigit():
            wanted = float(text)
        else:
            try:
                when = parsedate_to_datetime(text)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                moment = now or datetime.now(timezone.utc)
                wanted = max(0.0, (when - moment).total_seconds())
    return min(cap, wanted)


class Answer:
    """A server's answer whose body is read under the request's deadline, and up to ``max_bytes``
    (None: no cap)."""

    def __init__(self, client: HttpClient, key: tuple[str, str, int], method: str, url: str,
                 response: http.client.HTTPResponse, watchdog: Watchdog, deadline: float,
                 max_bytes: int | None) -> None:
        self.method, self.url = method, url
        self.status, self.reason = response.status, response.reason
        self.headers: Message = response.headers
        self._client, self._key, self._response = client, key, response
        self._watchdog, self._deadline, self._max_bytes = watchdog, deadline, max_bytes
        self._received = 0

    @property
    def content_type(self) -> str:
        """The media type, lower-cased, without parameters."""
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes of the body (all of it when ``size`` is negative); ``b""`` at its end.

        Raises:
            LimitError: the deadline passed.
            RemoteError: the connection failed, or the body goes on past ``max_bytes``.
        """
        if size is None or size < 0:
            parts = []
            while chunk := self.read(64 * 1024):
                parts.append(chunk)
            return b"".join(parts)
        if self._watchdog.expired or self._deadline <= self._client.clock():
            self.close(reuse=False)
            raise self._client.deadline_error(self.method, self.url)
        if self._max_bytes is not None:
            size = min(size, self._max_bytes + 1 - self._received)  # one byte more tells that there is more
        try:
            data = self._response.read1(size)
        except (OSError, http.client.HTTPException) as exc:
            self.close(reuse=False)
            if self._watchdog.expired or isinstance(exc, TimeoutError):
                raise self._client.deadline_error(self.method, self.url) from None
            raise RemoteError(f"{self.method} {self.url}: the connection failed while reading: {_describe(exc)}") from None
        if self._watchdog.expired:  # its shutdown may read as the end of the body
            self.close(reuse=False)
            raise self._client.deadline_error(self.method, self.url)
        self._received += len(data)
        if self._max_bytes is not None and self._received > self._max_bytes:
            self.close(reuse=False)
            raise RemoteError(f"{self.method} {self.url}: the answer goes on past {_size(self._max_bytes)}, the most "
                              "spacekg reads of this answer")
        # http.client ends a body quietly when the connection closes before Content-Length is
        # reached, and keeps the count of what is missing.
        missing = self._response.length
        if not data and size and missing:
            self.close(reuse=False)
            raise RemoteError(f"{self.method} {self.url}: the answer ended {missing:,} bytes short of its "
                              "Content-Length")
        return data

    def message(self) -> str:
        """The server's explanation: the start of the body as one line, markup stripped."""
        data = b""
        try:
            while len(data) < _MESSAGE_BYTES and (chunk := self.read(_MESSAGE_BYTES - len(data))):
                data += chunk
        except (RemoteError, LimitError):
            pass
        self.close(reuse=False)
        text = data.decode("utf-8", "replace")
        if "html" in self.content_type or text.lstrip().startswith("<"):
            text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]*>", " ", text, flags=re.S | re.I)
        return " ".join(text.split()) or "(no message)"

    def discard(self) -> None:
        """Finish with an answer whose body is not needed: what is left of it is read, up to
        ``DRAIN_BYTES``, only so that the connection can serve the next request; a longer body,
        or one that fails, closes the connection instead."""
        drained = 0
        try:
            while drained < DRAIN_BYTES and (chunk := self.read(DRAIN_BYTES - drained)):
                drained += len(chunk)
        except (RemoteError, LimitError):
            pass
        self.close()

    def error(self) -> RemoteError:
        """A RemoteError quoting this answer's status and the server's message."""
        hint = ""
        if self.status in (401, 403):
            origin = self._client.credentials.origin if self._client.credentials else None
            hint = (f" (the credentials from {origin} were refused)" if origin else
                    f" (set {ENV_TOKEN}, or {ENV_USER} and {ENV_PASSWORD}, or add the host to a netrc file)")
        elif 300 <= self.status < 400:
            hint = f" (redirects are not followed; use {self.headers.get('Location', 'the new address')})"
        return RemoteError(f"{self.method} {self.url}: HTTP {self.status} {self.reason}: {self.message()}{hint}")

    def close(self, *, reuse: bool = True) -> None:
        """Finish with the answer; the connection stays open for the next request only when the
        body was read to its end and the server keeps connections."""
        self._watchdog.cancel()
        if not (reuse and self._response.isclosed() and not self._watchdog.expired):
            self._response.close()
            self._client.drop(self._key)

    def __enter__(self) -> Answer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close(reuse=self._response.isclosed())


@dataclass(frozen=True)
class Response:
    """A whole answer: status, headers and body."""

    status: int
    reason: str
    headers: Message
    body: bytes


class HttpClient:
    """Sends requests with a total deadline, retrying overload and connection failures.

    Args:
        timeout: seconds each request may take, from connecting to the end of its answer.
        retries: further attempts after a failed first one (connection failures, timeouts, 429
            and 5xx gateway or overload answers).
        backoff: the first wait before a retry; it doubles with each further one.
        max_backoff: the longest wait, whatever ``Retry-After`` asks for.
        credentials: sent only to the hosts this client is asked to reach; a bearer token with
            every request, a user and password when the server asks (Basic or Digest).
        max_answer_bytes: the most read of an answer read whole; None for no cap (a query's
            worker, whose memory cap bounds what it reads).
        sleep, clock: injected by tests.
        on_retry: told, in one line, about each retry.
    """

    def __init__(
        self,
        *,
        timeout: float,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        max_backoff: float = DEFAULT_MAX_BACKOFF,
        credentials: Credentials | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_retry: Callable[[str], None] | None = None,
        max_answer_bytes: int | None = MAX_ANSWER_BYTES,
    ) -> None:
        if not (0 < timeout < math.inf and 0 <= backoff < math.inf and 0 <= max_backoff < math.inf) or retries < 0:
            raise ValueError("timeout must be positive, backoff and max_backoff not negative, all three finite; "
                             "retries not negative")
        self.timeout, self.retries, self.backoff, self.max_backoff = timeout, retries, backoff, max_backoff
        self.credentials, self.max_answer_bytes = credentials, max_answer_bytes
        self.sleep, self.clock, self.on_retry = sleep, clock, on_retry
        self._connections: dict[tuple[str, str, int], http.client.HTTPConnection] = {}
        self._tls: ssl.SSLContext | None = None
        self._challenge: dict[str, str] | None = None  # the Digest or Basic challenge the server gave
        self._nonce_count = 0

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        for key in list(self._connections):
            self.drop(key)

    def drop(self, key: tuple[str, str, int]) -> None:
        connection = self._connections.pop(key, None)
        if connection is not None:
            connection.close()

    def deadline_error(self, method: str, url: str) -> LimitError:
        return LimitError(f"{method} {url}: no complete answer within the {self.timeout:g} s time limit "
                          "(raise it with --timeout)")

    def request(self, method: str, url: str, *, body: bytes = b"", headers: Mapping[str, str] | None = None,
                deadline: float | None = None) -> Response:
        """Send a request and read its whole answer, whatever its status (see :meth:`open`)."""
        with self.open(method, url, body=body, headers=headers, deadline=deadline) as answer:
            data = answer.read()
        return Response(answer.status, answer.reason, answer.headers, data)

    def open(self, method: str, url: str, *, body: bytes = b"", headers: Mapping[str, str] | None = None,
             deadline: float | None = None, max_bytes: int | None = None) -> Answer:
        """Send a request and return its answer with the body still to be read.

        Args:
            deadline: a ``clock()`` time that bounds every attempt and wait together (a query's
                time limit); without it, each attempt gets ``timeout`` seconds of its own.
            max_bytes: the most read of this answer, instead of ``max_answer_bytes``.

        Raises:
            UsageError: a malformed URL or one carrying credentials.
            LimitError: no answer in time, on the last attempt.
            RemoteError: the server could not be reached after every attempt.
        """
        parts = parse_url(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        attempt = 0
        answered_challenge = False
        while True:
            started = self.clock()
            limit = started + self.timeout if deadline is None else min(deadline, started + self.timeout)
            try:
                answer = self._exchange(parts, method, url, target, body, headers or {}, limit,
                                        self.max_answer_bytes if max_bytes is None else max_bytes)
            except LimitError:
                if deadline is not None or attempt >= self.retries:
                    raise
                attempt += 1
                self._pause(attempt, None, f"{method} {url}: no answer in time", deadline)
                continue
            except RemoteError as exc:
                if attempt >= self.retries:
                    raise RemoteError(f"{exc} (gave up after {attempt + 1} attempts)") from None
                attempt += 1
                self._pause(attempt, None, str(exc), deadline)
                continue
            if answer.status == 401 and self.credentials and not answered_challenge and self._take_challenge(answer):
                answered_challenge = True
                answer.discard()
                continue
            if answer.status in RETRY_STATUSES and attempt < self.retries:
                attempt += 1
                retry_after = answer.headers.get("Retry-After")
                message = f"{method} {url}: HTTP {answer.status} {answer.reason}"
                answer.close(reuse=False)
                self._pause(attempt, retry_after, message, deadline)
                continue
            return answer

    def _pause(self, attempt: int, retry_after: str | None, why: str, deadline: float | None) -> None:
        delay = retry_delay(attempt, retry_after, backoff=self.backoff, cap=self.max_backoff)
        if deadline is not None and self.clock() + delay >= deadline:
            raise LimitError(f"{why}; no time left to retry within the {self.timeout:g} s time limit "
                             "(raise it with --timeout)")
        if self.on_retry is not None:
            self.on_retry(f"{why}; retry {attempt} of {self.retries} in {delay:g} s")
        self.sleep(delay)

    def _exchange(self, parts: SplitResult, method: str, url: str, target: str, body: bytes,
                  headers: Mapping[str, str], limit: float, max_bytes: int | None) -> Answer:
        """One attempt; a stale kept-alive connection is replaced once without counting as one."""
        key = (parts.scheme, parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        for fresh in (False, True):
            reused = key in self._connections and not fresh
            remaining = limit - self.clock()
            if remaining <= 0:
                raise self.deadline_error(method, url)
            connection = self._connection(key)
            sent = {"User-Agent": USER_AGENT, **headers}
            authorization = self._authorization(method, target)
            if authorization:
                sent["Authorization"] = authorization
            watchdog = Watchdog(remaining)
            try:
                if connection.sock is None:
                    self._connect(connection, key, limit, watchdog)
                else:
                    watchdog.watch(connection.sock)
                connection.request(method, target, body=body, headers=sent)
                response = connection.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                watchdog.cancel()
                self.drop(key)
                if watchdog.expired or isinstance(exc, TimeoutError):
                    raise self.deadline_error(method, url) from None
                if reused and isinstance(exc, (ConnectionError, http.client.RemoteDisconnected, BrokenPipeError)):
                    continue
                raise RemoteError(f"{method} {url}: {_describe(exc)}") from None
            except BaseException:
                watchdog.cancel()
                self.drop(key)
                raise
            if watchdog.expired:  # its shutdown may read as the end of the headers
                response.close()
                self.drop(key)
                raise self.deadline_error(method, url)
            return Answer(self, key, method, url, response, watchdog, limit, max_bytes)
        raise AssertionError("unreachable: the fresh connection either answers or raises")

    def _connection(self, key: tuple[str, str, int]) -> http.client.HTTPConnection:
        connection = self._connections.get(key)
        if connection is None:
            scheme, host, port = key
            if scheme == "https":
                # The class gives the Host header its default port; _connect makes the socket itself.
                connection = http.client.HTTPSConnection(host, port, context=self._tls_context())
            else:
                connection = http.client.HTTPConnection(host, port)
            self._connections[key] = connection
        return connection

    def _connect(self, connection: http.client.HTTPConnection, key: tuple[str, str, int], limit: float,
                 watchdog: Watchdog) -> None:
        """Connect ``connection`` to one of its host's addresses by ``limit``, under ``watchdog``
        from the TLS handshake on."""
        scheme, host, port = key
        failure: OSError = OSError(f"{host} has no address")
        for family, kind, proto, _, address in self._resolve(host, port, limit):
            remaining = limit - self.clock()
            if remaining <= 0:
                raise TimeoutError
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(remaining)
                sock.connect(address)
                break
            except OSError as exc:
                sock.close()
                failure = exc
        else:
            raise failure
        # http.client writes the headers and the body in two sends; with Nagle's algorithm the body may
        # wait for the server's delayed ACK of the headers (urllib3 sets the same option for the same reason).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if scheme == "https":
            sock = self._tls_context().wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
        connection.sock = sock
        watchdog.watch(sock)
        if isinstance(sock, ssl.SSLSocket):
            sock.do_handshake()

    def _resolve(self, host: str, port: int, limit: float) -> list[tuple]:
        """The addresses of ``host``, by ``limit``. Nothing can cut a name lookup short, so it runs in
        a thread of its own, left to end by itself when the time is up; an address needs none."""
        try:
            return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        except socket.gaierror:
            pass
        found: queue.SimpleQueue[list[tuple] | OSError] = queue.SimpleQueue()

        def look_up() -> None:
            try:
                found.put(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
            except OSError as exc:
                found.put(exc)

        threading.Thread(target=look_up, name="spacekg-resolve", daemon=True).start()
        try:
            addresses = found.get(timeout=max(0.0, limit - self.clock()))
        except queue.Empty:
            raise TimeoutError from None
        if isinstance(addresses, OSError):
            raise addresses
        return addresses

    def _tls_context(self) -> ssl.SSLContext:
        # One for every connection: loading the certificate authorities takes time.
        if self._tls is None:
            self._tls = ssl.create_default_context()
        return self._tls

    def _take_challenge(self, answer: Answer) -> bool:
        """Keep the server's Digest (preferred) or Basic challenge; False when it offers neither."""
        challenges = {}
        for value in answer.headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = value.strip().partition(" ")
            params = {k.lower(): v[1:-1].replace('\\"', '"') if v.startswith('"') else v
                      for k, v in _PARAM.findall(rest)}
            challenges[scheme.lower()] = {"scheme": scheme.lower(), **params}
        credentials = self.credentials
        if credentials is None or credentials.user is None:
            return False
        chosen = challenges.get("digest") or challenges.get("basic")
        if chosen is None:
            return False
        self._challenge, self._nonce_count = chosen, 0
        return True

    def _authorization(self, method: str, target: str) -> str | None:
        credentials = self.credentials
        if credentials is None:
            return None
        if credentials.token is not None:
            return f"Bearer {credentials.token}"
        if self._challenge is None or credentials.user is None:
            return None
        user, password = credentials.user, credentials.password or ""
        if self._challenge["scheme"] == "basic":
            return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._nonce_count += 1
        return digest_authorization(self._challenge, user, password, method, target, self._nonce_count,
                                    secrets.token_hex(8))


def digest_authorization(challenge: Mapping[str, str], user: str, password: str, method: str, target: str,
                         count: int, cnonce: str) -> str:
    """The ``Authorization`` value answering an HTTP Digest challenge (RFC 7616: MD5, SHA-256 and
    their -sess forms, with qop=auth or without qop).

    Raises:
        RemoteError: the server asks for an algorithm or qop this client does not implement.
    """
    algorithm = challenge.get("algorithm", "MD5")
    base = algorithm.upper().removesuffix("-SESS")
    functions = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
    if base not in functions:
        raise RemoteError(f"the server asks for Digest algorithm {algorithm}, which spacekg does not implement")

    def digest(text: str) -> str:
        return functions[base](text.encode("utf-8")).hexdigest()

    realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
    ha1 = digest(f"{user}:{realm}:{password}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = digest(f"{ha1}:{nonce}:{cnonce}")
    ha2 = digest(f"{method}:{target}")
    qops = [q.strip() for q in challenge.get("qop", "").split(",") if q.strip()]
    nc = f"{count:08x}"
    fields = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{target}"',
              f"algorithm={algorithm}"]
    if qops:
        if "auth" not in qops:
            raise RemoteError(f"the server asks for Digest qop {', '.join(qops)}; spacekg implements qop=auth")
        fields.append(f'response="{digest(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")}"')
        fields += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        fields.append(f'response="{digest(f"{ha1}:{nonce}:{ha2}")}"')
    if "opaque" in challenge:
        fields.append(f'opaque="{challenge["opaque"]}"')
    return "Digest " + ", ".join(fields)


def _size(count: int) -> str:
    """A byte count as the README gives it.

    Example:
        >>> _size(64 * 1024 * 1024), _size(65536), _size(1000)
        ('64 MiB', '64 KiB', '1,000 bytes')
    """
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if count % scale == 0:
            return f"{count // scale} {unit}"
    return f"{count:,} bytes"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or exc}"
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve the host name ({exc.strerror})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
