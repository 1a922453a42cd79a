"""HTTP to Microsoft Graph over one pooled ``requests.Session``: auth, headers, retries, logs.

Retry policy (GRAPH_FACTS §2):

* 429 and 503 wait ``Retry-After`` (seconds, fractional, or an HTTP-date) and retry; without
  it, exponential backoff with full jitter. 503 retries go over a new connection.
* 500, 502, 504 and dropped connections / timeouts are retried for idempotent methods only.
* A 401 asks the token provider once for a different token and retries once.
* Every loop is bounded by ``max_retries`` and ``max_retry_seconds``; a ``Retry-After`` longer
  than the remaining budget ends the loop at once with the :class:`~generated.o365._runtime.errors.ThrottledError`.
* Nothing waits between successful requests.

Where requests go (``generated.o365._runtime.origin``): the token only to the Graph origin; an absolute URL
on another origin is refused when it would carry the token (``UnsafeURLError``), and sent
without ``Authorization`` when the call is pre-authenticated (``authorize=False``: upload
sessions, monitors) or is a redirect (Graph's 302 from ``/content`` to a download URL).
Redirects are followed for GET and HEAD only, at most five.

Deadline: every call has one (``deadline=`` seconds, default :data:`DEFAULT_DEADLINE`, set
per connection / Account or per call) covering connecting, retries, waits and reading the
body; a body that trickles is stopped at the deadline (``generated.o365._runtime.body``) with
:class:`~generated.o365._runtime.errors.DeadlineExceededError`.

Errors: any non-2xx status left after retrying raises a :class:`~generated.o365._runtime.errors.GraphError`
subclass; transport failures left after retrying raise a :class:`~generated.o365._runtime.errors.TransportError`
(``NetworkError``, ``TLSError``, ``ReadTimeoutError``...; each also the ``requests`` exception
it stands for) with a redacted message and no chained original (which would print the raw URL).
Text that is not valid Unicode (lone surrogates) in a body or query is refused before
anything is sent.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from typing import IO, Any, Protocol, TypeVar, cast, runtime_checkable
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter

from . import redact
from .body import DEFAULT_DEADLINE, Deadline, decode_body, mark_shown, read_body
from .compat import ConnectionNames, o365_keywords
from .errors import (
    TRANSPORT_FAILURES,
    MalformedResponseError,
    error_from_response,
    parse_retry_after,
    transport_error,
)
from .origin import Origin
from .protocol import MSGraphProtocol
from .redact import redact_text, redact_url
from .request import Deferred, GraphRequest, capturing, new_guid
from .request import capture as capture_requests
from .values import check_text

__all__ = ["DEFAULT_DEADLINE", "Connection", "Deadline", "TokenProvider", "decode_body",
           "merge_prefer"]

T = TypeVar("T")

log = logging.getLogger("generated.o365")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
_THROTTLE_STATUSES = frozenset({429, 503})
_IDEMPOTENT_RETRY_STATUSES = frozenset({500, 502, 504})
_BACKOFF_BASE = 0.5  # seconds; attempt n waits uniform(0, min(cap, base * 2**n))
_BACKOFF_CAP = 30.0
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
_TOKEN_NAME = "Graph access token"

redact.install_filter()  # urllib3 logs request lines: never with a secret in them

Timeout = float | tuple[float, float]


@runtime_checkable
class TokenProvider(Protocol):
    """What the connection needs from authentication. Implementations must be thread-safe."""

    def get_access_token(self) -> str:
        """A currently valid access token, refreshed first if needed."""
        ...

    def handle_unauthorized(self, rejected_token: str) -> bool:
        """Called on a 401; True if a different valid token is now available."""
        ...

    def refresh_token(self) -> bool:
        """Force a refresh; True on success."""
        ...


def merge_prefer(base: list[str], extra: str | None) -> str | None:
    """One ``Prefer`` header from the protocol's values and a caller's value.

    A caller preference with the same name (e.g. ``outlook.timezone``) replaces the base one.
    """
    extra_values = [v.strip() for v in extra.split(",") if v.strip()] if extra else []
    if not extra_values:
        return ", ".join(base) if base else None
    overridden = {_preference_name(v) for v in extra_values}
    merged = [v for v in base if _preference_name(v) not in overridden] + extra_values
    return ", ".join(merged)


def _preference_name(value: str) -> str:
    return value.split("=", 1)[0].strip().lower()


def _default_user_agent() -> str:
    # Imported here: the version is generated into the package that imports this module.
    from generated.o365._version import __version__

    return f"generated-o365/{__version__} python-requests/{requests.__version__}"


class Connection(ConnectionNames):
    """Sends requests to Graph. Also the escape hatch: ``con.get("me/messages").json()``.

    ``token_provider`` (see :class:`TokenProvider`) supplies access tokens. When it is None
    and ``credentials`` is given, a ``generated.o365._runtime.auth.TokenManager`` is built on first use with
    ``auth_kwargs``. With neither, requests go out without ``Authorization``.
    """

    def __init__(
        self,
        credentials: tuple[str, str] | str | None = None,
        *,
        protocol: MSGraphProtocol | None = None,
        token_provider: TokenProvider | None = None,
        timeout: Timeout = (5.0, 60.0),
        proxies: Mapping[str, str] | None = None,
        verify_ssl: bool = True,
        max_retries: int = 5,
        max_retry_seconds: float = 120.0,
        deadline: float = DEFAULT_DEADLINE,
        user_agent: str | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **auth_kwargs: Any,
    ) -> None:
        if auth_kwargs:  # python-o365's keyword names (requested_scopes, proxy_*...)
            auth_kwargs = o365_keywords(auth_kwargs)
            proxies = {**auth_kwargs.pop("proxies", {}), **(proxies or {})} or None
            max_retries = auth_kwargs.pop("max_retries", max_retries)
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError("max_retries must be an int >= 0")
        if not isinstance(max_retry_seconds, (int, float)) or max_retry_seconds < 0:
            raise ValueError("max_retry_seconds must be a number >= 0")
        _check_timeout(timeout)
        Deadline(deadline)  # validates
        if token_provider is not None and not isinstance(token_provider, TokenProvider):
            raise TypeError(
                "token_provider needs get_access_token(), handle_unauthorized() and "
                "refresh_token()"
            )
        self.protocol = protocol or MSGraphProtocol()
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_seconds = float(max_retry_seconds)
        #: seconds any one call may take, retries and body included (per call: deadline=)
        self.deadline = float(deadline)
        self._sleep = sleep
        self._random = random.Random()
        self._credentials = credentials
        self._auth_kwargs = auth_kwargs
        self._token_provider = token_provider
        self._provider_lock = threading.Lock()
        self._owns_session = session is None
        self._session = session if session is not None else _new_session()
        self._session.verify = verify_ssl
        if proxies:
            self._session.proxies.update(proxies)
        self._session.headers["User-Agent"] = user_agent or _default_user_agent()
        self._session.headers["Accept"] = "application/json"

    def __repr__(self) -> str:  # never shows credentials or tokens
        return f"Connection(graph_url={self.protocol.graph_url!r})"

    # -- lifecycle -----------------------------------------------------------------------
    def get_session(self) -> requests.Session:
        return self._session

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- auth ----------------------------------------------------------------------------
    @property
    def token_provider(self) -> TokenProvider | None:
        if self._token_provider is None and self._credentials is not None:
            with self._provider_lock:
                if self._token_provider is None:
                    from .auth import TokenManager  # auth is optional at import time

                    manager = TokenManager(
                        self._credentials, protocol=self.protocol, **self._auth_kwargs
                    )
                    self._token_provider = cast(TokenProvider, manager)
        return self._token_provider

    def refresh_token(self) -> bool:
        provider = self.token_provider
        return provider.refresh_token() if provider is not None else False

    # -- deferred execution (batching) ---------------------------------------------------
    def capture(self) -> contextlib.AbstractContextManager[None]:
        """While active on this thread, :meth:`execute` raises ``Deferred`` instead of sending.

        The switch is per thread, so it holds for every Connection used inside it.
        """
        return capture_requests()

    def execute(self, req: GraphRequest[T]) -> T:
        """Send ``req`` and return ``req.parse(decoded body)``."""
        if capturing():
            raise Deferred(req)
        response = self.request(req.method, req.url, params=req.params, json=req.json,
                                headers=req.headers)
        location = response.headers.get("Location")
        if (response.status_code == 201 and not response.content and location
                and req.parse is not None and req.expected == "json"):
            # "201 Created" with only a Location (a chat's new member): the object is read
            # there; a path is relative to the service root, as Graph's operations are.
            response.close()
            response = self.request("GET", self.protocol.url(location))
        return req.result(decode_body(response, req.expected))

    # -- HTTP ----------------------------------------------------------------------------
    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", url, **kwargs)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        stream: bool = False,
        authorize: bool = True,
        timeout: Timeout | None = None,
        retry: bool = True,
        deadline: float | Deadline | None = None,
    ) -> requests.Response:
        """Send one request (retrying per the module policy) and return the 2xx response.

        ``authorize=False`` marks a pre-authenticated URL (its path is the credential): no
        token is sent and the URL is never shown whole. ``deadline`` is seconds for this
        call (or a running :class:`Deadline` shared with a body read after it).
        """
        if not isinstance(method, str) or not method.strip():
            raise ValueError("method must be a non-empty string such as 'GET'")
        if not isinstance(url, str) or not url.strip():
            raise ValueError("url must be a non-empty path or absolute URL")
        if json is not None and data is not None:
            raise ValueError("pass either json= or data=, not both")
        if timeout is not None:
            _check_timeout(timeout)
        check_text(url, "the URL")
        check_text(params, "the query")
        check_text(json, "the body")
        limit = deadline if isinstance(deadline, Deadline) else Deadline(
            self.deadline if deadline is None else deadline)
        method = method.upper()
        hop = _Hop(self.protocol.url(url), token=authorize, preauthenticated=not authorize)
        hop.check(self.protocol.graph_origin)  # refused before anything is sent
        send_headers = self._headers(headers)
        provider = self.token_provider if authorize else None
        rewind = _rewinder(data)
        can_retry = retry and rewind is not None
        budget = _RetryBudget(self.max_retries, self.max_retry_seconds, limit)
        unauthorized_retried = False
        redirects = 0

        while True:
            token = provider.get_access_token() if provider is not None and hop.token else None
            failure: Exception | None = None
            try:
                response, stale = self._send_once(
                    method, hop, token, params=params, json=json, data=data,
                    headers=send_headers, stream=stream, timeout=timeout or self.timeout,
                    deadline=limit,
                )
            except TRANSPORT_FAILURES as exc:
                failure = _sanitized(exc, method, hop)
            if failure is not None:
                delay = self.backoff(budget.attempt)
                if not (can_retry and method in IDEMPOTENT_METHODS and budget.allows(delay)):
                    if limit.remaining() <= 0:
                        raise limit.exceeded(f"{method} {hop.shown}")
                    raise failure  # outside the except block: no chained raw exception
                log.debug("%s %s failed (%s); retry %d in %.2f s", method, hop.shown,
                          type(failure).__name__, budget.attempt + 1, delay)
            else:
                status = response.status_code
                if status < 300:
                    return response
                location = response.headers.get("Location")
                if status in _REDIRECT_STATUSES and method in ("GET", "HEAD") and location:
                    response.close()
                    redirects += 1
                    if redirects > _MAX_REDIRECTS:
                        raise MalformedResponseError(
                            method=method, url=hop.shown, status=status, code="tooManyRedirects",
                            message=f"more than {_MAX_REDIRECTS} redirects")
                    hop = hop.redirect(location, self.protocol.graph_origin)
                    params = None  # the Location is a complete URL
                    continue
                if (status == 401 and token is not None and provider is not None
                        and rewind is not None and not unauthorized_retried):
                    unauthorized_retried = True  # one fresh token, one retry: no loops
                    if provider.handle_unauthorized(token):
                        response.close()
                        rewind()
                        continue
                planned = self._retry_delay(method, response, budget.attempt) if can_retry else None
                if planned is None or not budget.allows(planned):
                    raise error_from_response(response, method=method, url=hop.shown)
                delay = planned
                if stale is not None:
                    stale.close()  # Graph: retry a 503 over a new connection
                response.close()
                log.debug("%s %s -> %d; retry %d in %.2f s", method, hop.shown,
                          status, budget.attempt + 1, delay)
            budget.spend(self._wait(delay))
            if rewind is not None:
                rewind()

    def _send_once(
        self, method: str, hop: _Hop, token: str | None, *, params: Mapping[str, Any] | None,
        json: Any, data: Any, headers: dict[str, str], stream: bool, timeout: Timeout,
        deadline: Deadline,
    ) -> tuple[requests.Response, Any]:
        """One attempt. Returns the response and, for a 503, its socket (to be dropped)."""
        what = f"{method} {hop.shown}"
        connect_timeout, read_timeout = deadline.clamp(timeout, what)
        session = self._session
        prepared = session.prepare_request(requests.Request(
            method, hop.url, params=params, json=json, data=data, headers=headers))
        # The rule is checked again on the URL exactly as it will go out.
        hop.check(self.protocol.graph_origin, prepared.url)
        hop.sent(prepared.url or hop.url)
        prepared.headers.pop("Authorization", None)  # only ever the token, and only here
        if token is not None:
            prepared.headers["Authorization"] = f"Bearer {token}"
        settings = session.merge_environment_settings(prepared.url, {}, True, None, None)
        sent_at = time.perf_counter()
        with redact.hiding(hop.sent_url) if hop.preauthenticated else _NOTHING_HIDDEN:
            response = session.send(prepared, allow_redirects=False,
                                    timeout=(connect_timeout, read_timeout), **settings)
            mark_shown(response, hop.shown)
            status = response.status_code
            # Grab the socket before the body is read: reading hands it back to the pool.
            stale = getattr(response.raw, "connection", None) if status == 503 else None
            if not stream or status >= 300:
                # A body cut short raises here, where it can be retried.
                read_body(response, deadline, what, read_timeout=read_timeout)
        self._log(method, hop.shown, response, sent_at)
        return response, stale

    # -- helpers -------------------------------------------------------------------------
    def _headers(self, caller: Mapping[str, str] | None) -> dict[str, str]:
        headers = {"client-request-id": new_guid()}
        caller_prefer = None
        for name, value in (caller or {}).items():
            if name.lower() == "prefer":
                caller_prefer = value
            elif name.lower() == "authorization":
                raise ValueError("set tokens through a token provider, not an Authorization header")
            else:
                headers[name] = value
        prefer = merge_prefer(self.protocol.prefer_headers(), caller_prefer)
        if prefer:
            headers["Prefer"] = prefer
        return headers

    def _retry_delay(
        self, method: str, response: requests.Response, attempt: int
    ) -> float | None:
        """Seconds to wait before retrying this response, or None if it must not be retried."""
        status = response.status_code
        if status in _THROTTLE_STATUSES:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            return retry_after if retry_after is not None else self.backoff(attempt)
        if status in _IDEMPOTENT_RETRY_STATUSES and method in IDEMPOTENT_METHODS:
            return self.backoff(attempt)
        return None

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter for retry number ``attempt`` (0-based)."""
        return self._random.uniform(0.0, min(_BACKOFF_CAP, _BACKOFF_BASE * 2**attempt))

    def pause(self, seconds: float) -> float:
        """Sleep through the injected ``sleep`` (tests replace it); returns ``seconds``."""
        return self._wait(seconds)

    def _wait(self, seconds: float) -> float:
        if seconds > 0:
            self._sleep(seconds)
        return seconds

    @staticmethod
    def _log(method: str, shown: str, response: requests.Response, sent_at: float) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s -> %d in %.1f ms (request-id %s, client-request-id %s)",
                method, shown, response.status_code,
                (time.perf_counter() - sent_at) * 1000.0,
                response.headers.get("request-id"),
                response.request.headers.get("client-request-id") if response.request else None,
            )


class _Hop:
    """Where one attempt goes: the URL, whether it may carry the token, how it is shown."""

    __slots__ = ("preauthenticated", "sent_url", "shown", "token", "url")

    def __init__(self, url: str, *, token: bool, preauthenticated: bool) -> None:
        self.url = url
        self.sent_url = url
        self.token = token
        self.preauthenticated = preauthenticated
        self.shown = redact_url(url, preauthenticated=preauthenticated)

    def sent(self, url: str) -> None:
        """The URL as prepared (query included) is what messages show from now on."""
        self.sent_url = url
        self.shown = redact_url(url, preauthenticated=self.preauthenticated)

    def check(self, graph: Origin, sent: str | None = None) -> None:
        """The origin rule (generated.o365._runtime.origin) for this hop's URL, as given and as sent."""
        url = sent or self.url
        if self.token:
            graph.require(url, credential=_TOKEN_NAME)
        else:
            Origin.of(url)  # no credential goes with it, but still no http:// off loopback

    def redirect(self, location: str, graph: Origin) -> _Hop:
        """The next hop: Graph's redirects lead to pre-authenticated download URLs, which
        get the token only if they are on the Graph origin."""
        target = urljoin(self.url, location)
        same_origin = graph.holds(target)  # raises for http:// off loopback, user info
        return _Hop(target, token=self.token and same_origin, preauthenticated=True)


_NOTHING_HIDDEN = contextlib.nullcontext()


def _sanitized(exc: Exception, method: str, hop: _Hop) -> Exception:
    """The library's transport error of the same kind, its message redacted, without the
    original chained (its text and its urllib3 cause would print the raw URL)."""
    text = str(exc)
    with redact.hiding(hop.url, hop.sent_url) if hop.preauthenticated else _NOTHING_HIDDEN:
        text = redact_text(text)
    if text.startswith(f"{method} {hop.shown}"):  # already ours (a body read inside the try)
        return transport_error(exc, text)
    return transport_error(exc, f"{method} {hop.shown} failed: {text}")


class _RetryBudget:
    """Bounds one request's retries by count and by total time (real or injected sleep)."""

    def __init__(self, max_retries: int, max_seconds: float, deadline: Deadline) -> None:
        self.attempt = 0
        self._max_retries = max_retries
        self._max_seconds = max_seconds
        self._deadline = deadline
        self._started = time.monotonic()
        self._slept = 0.0

    def allows(self, delay: float) -> bool:
        """True if one more attempt after waiting ``delay`` fits the count, the retry time
        budget and the call's deadline (a wait that would end past it is not started)."""
        used = max(self._slept, time.monotonic() - self._started)
        return (self.attempt < self._max_retries and delay <= self._max_seconds - used
                and delay < self._deadline.remaining())

    def spend(self, delay: float) -> None:
        self.attempt += 1
        self._slept += delay


def _new_session() -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=16, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _check_timeout(timeout: object) -> None:
    values = timeout if isinstance(timeout, tuple) else (timeout,)
    if not 1 <= len(values) <= 2 or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in values
    ):
        raise ValueError("timeout must be seconds > 0 or a (connect, read) tuple of them")


def _rewinder(data: Any) -> Callable[[], None] | None:
    """A callable that resets ``data`` for a resend, or None if it cannot be sent twice."""
    if data is None or isinstance(data, (bytes, bytearray, str, dict, list, tuple)):
        return _no_rewind
    if hasattr(data, "read"):
        stream = cast(IO[Any], data)
        try:
            if not stream.seekable():
                return None
            start = stream.tell()
        except (AttributeError, OSError, ValueError):
            return None

        def seek_back() -> None:
            stream.seek(start)

        return seek_back
    return None  # generators and other iterables are consumed by the first attempt


def _no_rewind() -> None:
    return None
