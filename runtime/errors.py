"""Every exception the library raises, in one tree; catch ``O365Error`` to catch them all::

    O365Error
     ├── GraphError                      any non-2xx answer from Microsoft Graph
     │    ├── BadRequestError            400
     │    ├── UnauthorizedError          401  (message adds a permission hint)
     │    ├── ForbiddenError             403  (message adds a permission hint)
     │    ├── NotFoundError              404
     │    ├── MethodNotAllowedError      405
     │    ├── ConflictError              409
     │    ├── GoneError                  410  (delta: resync from the Location header)
     │    ├── PreconditionFailedError    412  (ETag / If-Match mismatch)
     │    ├── PayloadTooLargeError       413
     │    ├── RangeNotSatisfiableError   416
     │    ├── LockedError                423
     │    ├── FailedDependencyError      424  (batch: a request this one depends on failed)
     │    ├── ThrottledError             429  (``retry_after`` in seconds)
     │    ├── ServerError                5xx
     │    │    ├── ServiceUnavailableError   503
     │    │    ├── GatewayTimeoutError       504
     │    │    ├── InsufficientStorageError  507
     │    │    └── BandwidthExceededError    509
     │    └── MalformedResponseError     a 2xx (or 3xx) whose body or headers are not what the
     │         │                         call expects: not JSON, truncated, not an object...
     │         └── PagingLoopError       a nextLink leading back to a page already read
     ├── TransportError                  no answer came back whole (also requests'
     │    │                              RequestException, so code catching that still works)
     │    ├── NetworkError               connection refused, reset or dropped (also
     │    │    │                         requests.ConnectionError)
     │    │    ├── TLSError              the TLS handshake or certificate failed
     │    │    └── ConnectTimeoutError   no connection within the connect timeout
     │    ├── ReadTimeoutError           no bytes within the read timeout (also requests.Timeout)
     │    └── BrokenResponseError        the body was cut short or could not be decoded
     ├── AuthenticationError             the identity platform refused a token request
     │    ├── TokenExpiredError          refresh failed (invalid_grant): sign in again
     │    ├── InvalidCredentialsError    invalid_client: wrong client id/secret/certificate
     │    ├── StateMismatchError         the redirect's ``state`` is not the one sent (CSRF?)
     │    ├── DeviceCodeDeclinedError    the user declined the device code sign-in
     │    └── DeviceCodeExpiredError     the device code expired before the user signed in
     ├── BatchError                      a $batch answer that cannot be matched to its requests
     ├── UploadError                     an upload session failed (may be resumable)
     ├── IncompleteDownloadError         a download shorter or longer than its known size
     ├── OperationFailedError            a long-running operation (AsyncOperation) ended failed
     ├── SessionExpiredError             Graph dropped a workbook session and the call
     │                                   could not be replayed in a new one
     ├── ResultError                     a 2xx answer whose `error` member says it failed
     │                                   (Excel functions: "#NUM!"; python-o365: FunctionException)
     ├── DeadlineExceededError           (also a TimeoutError) a call outlived its deadline
     ├── UnsafeURLError                  (also a ValueError) a URL refused before sending: a
     │                                   credential to another origin, plain http:// to a
     │                                   host that is not loopback, user info in a URL
     ├── NoUserContextError              (also a ValueError) app-only flow used a ``me`` path
     ├── RetiredValueError               (also a ValueError) a value Graph no longer takes
     └── MissingDependencyError          (also an ImportError) an optional extra is not
                                         installed; the message names it

A status without its own class maps to its nearest parent (an unknown 4xx is a plain
``GraphError``, an unknown 5xx a ``ServerError``). Branch on ``err.code`` (Graph's error code)
and ``err.inner_codes`` (the nested, more specific codes), never on the message text.
Transport errors are retried first where that is safe (``generated.o365._runtime.connection``); the one
raised names the method and the redacted URL, and chains nothing that could print the raw one.

No exception carries a token, secret, password or pre-authenticated URL: URLs and texts
go through :mod:`generated.o365._runtime.redact` and request headers are never stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from .permissions import permission_hint
from .redact import redact_url

# The exception classes only: `generated.o365` re-exports exactly these.
__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "BandwidthExceededError",
    "BatchError",
    "BrokenResponseError",
    "ConflictError",
    "ConnectTimeoutError",
    "DeadlineExceededError",
    "DeviceCodeDeclinedError",
    "DeviceCodeExpiredError",
    "FailedDependencyError",
    "ForbiddenError",
    "GatewayTimeoutError",
    "GoneError",
    "GraphError",
    "IncompleteDownloadError",
    "InsufficientStorageError",
    "InvalidCredentialsError",
    "LockedError",
    "MalformedResponseError",
    "MethodNotAllowedError",
    "MissingDependencyError",
    "NetworkError",
    "NoUserContextError",
    "NotFoundError",
    "O365Error",
    "OperationFailedError",
    "PagingLoopError",
    "PayloadTooLargeError",
    "PreconditionFailedError",
    "RangeNotSatisfiableError",
    "ReadTimeoutError",
    "ResultError",
    "RetiredValueError",
    "ServerError",
    "ServiceUnavailableError",
    "SessionExpiredError",
    "StateMismatchError",
    "TLSError",
    "ThrottledError",
    "TokenExpiredError",
    "TransportError",
    "UnauthorizedError",
    "UnsafeURLError",
    "UploadError",
]

def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: integer, fractional or HTTP-date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        from datetime import datetime, timezone

        now = datetime.now(timezone.utc)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return max(0.0, (when - now).total_seconds())
    return seconds if seconds >= 0 else None


class O365Error(Exception):
    """Root of every exception raised by this library."""


class GraphError(O365Error):
    """Microsoft Graph answered with a non-2xx status.

    Attributes: ``method``, ``url`` (secrets redacted), ``status``, ``code`` (Graph's error
    code), ``message``, ``inner_codes`` (codes of the nested innerError chain, outermost first),
    ``request_id``, ``client_request_id``, ``date``, ``retry_after`` (seconds, when the server
    sent ``Retry-After``), ``headers`` (response headers) and ``raw`` (the decoded body).
    """

    def __init__(
        self,
        *,
        method: str,
        url: str,
        status: int,
        code: str | None = None,
        message: str | None = None,
        inner_codes: list[str] | None = None,
        request_id: str | None = None,
        client_request_id: str | None = None,
        date: str | None = None,
        retry_after: float | None = None,
        headers: Mapping[str, str] | None = None,
        raw: Any = None,
    ) -> None:
        self.method = method.upper()
        self.url = redact_url(url)
        self.status = status
        self.code = code
        self.message = message
        self.inner_codes = list(inner_codes or [])
        self.request_id = request_id
        self.client_request_id = client_request_id
        self.date = date
        self.retry_after = retry_after
        self.headers: Mapping[str, str] = dict(headers or {})
        self.raw = raw
        super().__init__(self._describe())

    def _describe(self) -> str:
        path = urlsplit(self.url).path or "/"
        text = f"{self.method} {path} -> {self.status}"
        if self.code:
            text += f" {self.code}"
        if self.message:
            text += f": {self.message}"
        if self.request_id:
            text += f" (request-id {self.request_id})"
        hint = permission_hint(self.method, path) if self.status in (401, 403) else None
        return f"{text} {hint}" if hint else text

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only __init__: rebuild from the attribute dict when pickled.
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[GraphError], state: dict[str, Any]) -> GraphError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error._describe())
    return error


class BadRequestError(GraphError):
    """400: the request is malformed or not supported for this resource."""


class UnauthorizedError(GraphError):
    """401: the access token is missing, invalid or expired."""


class ForbiddenError(GraphError):
    """403: the token is valid but lacks a permission for this operation."""


class NotFoundError(GraphError):
    """404: the resource does not exist (or is not visible to the caller)."""


class MethodNotAllowedError(GraphError):
    """405."""


class ConflictError(GraphError):
    """409: e.g. ``nameAlreadyExists`` or a Planner version conflict."""


class GoneError(GraphError):
    """410: e.g. a delta token that needs a full resync (see ``headers['Location']``)."""


class PreconditionFailedError(GraphError):
    """412: the If-Match ETag no longer matches: the item changed elsewhere since it was read.

    When the failed write was an object's own update or delete, ``item`` is that object and
    ``refresh()`` loads its current version (and ETag): apply the change again and save.
    """

    item: Any = None

    def about(self, item: Any) -> PreconditionFailedError:
        """This error, naming the object whose write it refused."""
        self.item = item
        self.args = (self._describe(),)
        return self

    def refresh(self) -> Any:
        """Load the current version of the object that changed elsewhere; returns it."""
        if self.item is None:
            raise ValueError("this error names no object to refresh; read the resource again")
        return self.item.refresh()

    def _describe(self) -> str:
        text = super()._describe()
        if self.item is None:
            return text
        return (f"{text}. This {type(self.item).__name__} changed elsewhere since it was read: "
                "call refresh() (on the error or the object) to load the current version, "
                "then apply your change again")


class PayloadTooLargeError(GraphError):
    """413."""


class RangeNotSatisfiableError(GraphError):
    """416: an upload fragment the server already has, or a bad byte range."""


class LockedError(GraphError):
    """423."""


class FailedDependencyError(GraphError):
    """424: in a batch, a request this one ``dependsOn`` failed."""


class ThrottledError(GraphError):
    """429: throttled; ``retry_after`` holds the server's suggested wait in seconds."""


class ServerError(GraphError):
    """5xx: a failure on Microsoft's side."""


class ServiceUnavailableError(ServerError):
    """503."""


class GatewayTimeoutError(ServerError):
    """504: often a page too large; try ``$select`` or a smaller page size."""


class InsufficientStorageError(ServerError):
    """507: quota exceeded."""


class BandwidthExceededError(ServerError):
    """509: bandwidth limit reached (throttled)."""


class MalformedResponseError(GraphError):
    """A successful status whose body is not what the call expects.

    A truncated or non-JSON body (an HTML page from a proxy, an empty body), or JSON of the
    wrong shape (``null``, a list, a string where Graph always sends an object). ``status``
    is the status received; ``message`` says what was wrong.
    """


class PagingLoopError(MalformedResponseError):
    """A collection's ``@odata.nextLink`` led back to a page already read (endless paging)."""


STATUS_ERRORS: Mapping[int, type[GraphError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: ConflictError,
    410: GoneError,
    412: PreconditionFailedError,
    413: PayloadTooLargeError,
    416: RangeNotSatisfiableError,
    423: LockedError,
    424: FailedDependencyError,
    429: ThrottledError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
    507: InsufficientStorageError,
    509: BandwidthExceededError,
}


def error_class(status: int) -> type[GraphError]:
    """The exception class for an HTTP status."""
    return STATUS_ERRORS.get(status) or (ServerError if status >= 500 else GraphError)


def graph_error(
    *,
    method: str,
    url: str,
    status: int,
    headers: Mapping[str, str] | None = None,
    body: Any = None,
) -> GraphError:
    """Build the right :class:`GraphError` from a status, headers and decoded body.

    Used for whole responses and for the sub-responses of a JSON batch.
    """
    headers = _lower_keys(headers or {})
    envelope = body.get("error") if isinstance(body, dict) else None
    error = envelope if isinstance(envelope, dict) else {}
    inner_codes: list[str] = []
    details: dict[str, Any] = {}
    inner = _inner(error)
    while inner is not None:
        details = {**inner, **details}  # the outermost innerError wins for ids and dates
        if isinstance(inner.get("code"), str):
            inner_codes.append(inner["code"])
        inner = _inner(inner)
    message = error.get("message")  # the envelope {"error": {code, message, innerError}} (§6)
    if message is None and isinstance(body, str) and body.strip():
        message = body.strip()[:200]
    return error_class(status)(
        method=method,
        url=url,
        status=status,
        code=_str_or_none(error.get("code")),
        message=_str_or_none(message),
        inner_codes=inner_codes,
        request_id=headers.get("request-id") or _str_or_none(details.get("request-id")),
        client_request_id=headers.get("client-request-id")
        or _str_or_none(details.get("client-request-id")),
        date=_str_or_none(details.get("date")) or headers.get("date"),
        retry_after=parse_retry_after(headers.get("retry-after")),
        headers=headers,
        raw=body,
    )


def error_from_response(
    response: requests.Response, *, method: str | None = None, url: str | None = None
) -> GraphError:
    """The :class:`GraphError` for a non-2xx ``requests.Response``.

    ``url`` is the request's URL as it may be shown (the connection passes it redacted).
    """
    request_method = method or (response.request.method if response.request else None) or "GET"
    return graph_error(
        method=request_method,
        url=url or response.url or (response.request.url if response.request else "") or "",
        status=response.status_code,
        headers=response.headers,
        body=_decode(response),
    )


def _decode(response: requests.Response) -> Any:
    content = response.content or b""
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return content.decode(response.encoding or "utf-8", errors="replace")


def _inner(error: Mapping[str, Any]) -> dict[str, Any] | None:
    inner = error.get("innerError", error.get("innererror"))
    return inner if isinstance(inner, dict) else None


def _lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


class AuthenticationError(O365Error):
    """The identity platform refused a token request (OAuth 2.0 error response).

    ``error`` is the OAuth error (``invalid_grant``...), ``error_codes`` the AADSTS numbers.
    Branch on ``error``; Microsoft warns that AADSTS numbers may change.
    """

    def __init__(
        self,
        error: str,
        error_description: str | None = None,
        *,
        error_codes: list[int] | None = None,
        trace_id: str | None = None,
        correlation_id: str | None = None,
        status: int | None = None,
    ) -> None:
        self.error = error
        self.error_description = error_description
        self.error_codes = list(error_codes or [])
        self.trace_id = trace_id
        self.correlation_id = correlation_id
        self.status = status
        # The description's first line names the AADSTS error; the rest repeats the ids.
        summary = (error_description or "").strip().splitlines()
        text = f"{error}: {summary[0]}" if summary else error
        if trace_id or correlation_id:
            text += f" (trace-id {trace_id}, correlation-id {correlation_id})"
        super().__init__(text)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_auth, (type(self), self.__dict__.copy(), str(self)))


def _rebuild_auth(
    cls: type[AuthenticationError], state: dict[str, Any], text: str
) -> AuthenticationError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, text)
    return error


class TokenExpiredError(AuthenticationError):
    """Refreshing failed (``invalid_grant``): the user has to sign in again."""


class InvalidCredentialsError(AuthenticationError):
    """``invalid_client``: the client id, secret or certificate was rejected."""


class StateMismatchError(AuthenticationError):
    """The ``state`` in the redirect URL is not the one we sent (possible CSRF)."""


class DeviceCodeDeclinedError(AuthenticationError):
    """The user declined the device code sign-in (``authorization_declined``)."""


class DeviceCodeExpiredError(AuthenticationError):
    """The device code expired before the user signed in (``expired_token``)."""


def auth_error_from_response(response: requests.Response) -> AuthenticationError:
    """The :class:`AuthenticationError` subclass for an OAuth error response."""
    try:
        body = json.loads(response.content or b"{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    error = str(body.get("error") or f"http_{response.status_code}")
    cls: type[AuthenticationError] = AuthenticationError
    if error == "invalid_grant":
        cls = TokenExpiredError
    elif error == "invalid_client":
        cls = InvalidCredentialsError
    codes = body.get("error_codes")
    return cls(
        error,
        _str_or_none(body.get("error_description")),
        error_codes=[int(c) for c in codes] if isinstance(codes, list) else [],
        trace_id=_str_or_none(body.get("trace_id")),
        correlation_id=_str_or_none(body.get("correlation_id")),
        status=response.status_code,
    )


class BatchError(O365Error):
    """A JSON batch answer that cannot be matched to its requests (e.g. a missing id)."""


class ResultError(O365Error):
    """A call succeeded over HTTP but its result says it failed (an Excel function's `error`).

    ``str(err)`` is Graph's error value, e.g. ``#NUM!``.
    """


FunctionException = ResultError  # python-o365's name (O365.excel.FunctionException)


class UploadError(O365Error):
    """An upload failed. If ``resumable``, resume at ``next_expected_ranges``.

    ``upload_url`` is pre-authenticated, so it is kept as an attribute only and never
    appears in the message.
    """

    def __init__(
        self,
        message: str,
        *,
        upload_url: str | None = None,
        next_expected_ranges: list[str] | None = None,
    ) -> None:
        self.upload_url = upload_url
        self.next_expected_ranges = list(next_expected_ranges or [])
        super().__init__(message)

    @property
    def resumable(self) -> bool:
        return self.upload_url is not None

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_upload, (self.args[0], self.upload_url, self.next_expected_ranges))


def _rebuild_upload(message: str, upload_url: str | None, ranges: list[str]) -> UploadError:
    return UploadError(message, upload_url=upload_url, next_expected_ranges=ranges)


class IncompleteDownloadError(O365Error):
    """A download ended before (or went past) the size Graph gave for the content."""


class OperationFailedError(O365Error):
    """A long-running operation (``AsyncOperation``) ended in ``failed``."""


class SessionExpiredError(O365Error):
    """Graph dropped the session and the call could not be replayed in a new one.

    Raised for a call that is not idempotent (a POST) or that failed again in a new session,
    and for a non-persistent session, whose changes died with it.
    """


class DeadlineExceededError(O365Error, TimeoutError):
    """A call (retries, waits and the body included) ran past its deadline.

    Set the deadline per connection (``Account(..., deadline=seconds)``) or per call
    (``con.request(..., deadline=seconds)``); see ``generated.o365._runtime.connection``.
    """


class UnsafeURLError(O365Error, ValueError):
    """A URL refused before anything was sent (see ``generated.o365._runtime.origin`` for the rule)."""


class NoUserContextError(O365Error, ValueError):
    """An app-only (client credentials) flow called a path that needs ``me``."""

    DEFAULT_MESSAGE = (
        "This call needs a user, but an app-only token has no 'me'. "
        'Pass resource="user@contoso.com" (a user principal name or id).'
    )

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.DEFAULT_MESSAGE)


class RetiredValueError(O365Error, ValueError):
    """A value Graph took once and no longer does (the message says what to use instead)."""


class MissingDependencyError(O365Error, ImportError):
    """An optional feature's client library is not installed; names the extra to install."""


# -- transport ------------------------------------------------------------------------------
# Each also derives from the `requests` exception it stands for, so code written for
# python-o365 (which lets those escape) keeps catching them.


class TransportError(O365Error, requests.exceptions.RequestException):
    """No answer came back whole: the connection, TLS, a timeout or the body failed.

    The message names the method and the URL with secrets redacted; nothing is chained
    (the original's text would print the raw URL). Idempotent calls were retried first.
    """


class NetworkError(TransportError, requests.exceptions.ConnectionError):
    """The connection was refused, reset or dropped (DNS, proxy, socket errors)."""


class TLSError(NetworkError, requests.exceptions.SSLError):
    """The TLS handshake or the server's certificate check failed."""


class ConnectTimeoutError(NetworkError, requests.exceptions.ConnectTimeout):
    """No connection could be made within the connect timeout."""


class ReadTimeoutError(TransportError, requests.exceptions.ReadTimeout):
    """The server sent nothing within the read timeout."""


class BrokenResponseError(TransportError, requests.exceptions.ChunkedEncodingError,
                          requests.exceptions.ContentDecodingError):
    """The response body was cut short or could not be decoded."""


# What a send or a body read raises when no answer came back whole (retried where safe).
TRANSPORT_FAILURES: tuple[type[Exception], ...] = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)

# Most specific first: a requests exception maps to the first class it is an instance of.
_TRANSPORT_CLASSES: tuple[tuple[type[Exception], type[TransportError]], ...] = (
    (requests.exceptions.SSLError, TLSError),
    (requests.exceptions.ConnectTimeout, ConnectTimeoutError),
    (requests.exceptions.Timeout, ReadTimeoutError),
    (requests.exceptions.ConnectionError, NetworkError),
    (requests.exceptions.ChunkedEncodingError, BrokenResponseError),
    (requests.exceptions.ContentDecodingError, BrokenResponseError),
)


def transport_error(exc: BaseException, message: str) -> TransportError:
    """The library's error for a ``requests`` transport failure, with ``message`` (already
    redacted by the caller) as its only text."""
    if isinstance(exc, TransportError):
        return type(exc)(message)
    for raw, ours in _TRANSPORT_CLASSES:
        if isinstance(exc, raw):
            return ours(message)
    return TransportError(message)
