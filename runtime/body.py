"""Response bodies: read under a deadline, decoded into what a call expects or a typed error.

* :class:`Deadline` is the moment a call must be over by. Every read of a body sets the
  socket timeout to ``min(read timeout, time left)`` and reads what has arrived (one
  ``recv``), so a server that trickles a body byte by byte is stopped at the deadline with
  :class:`~generated.o365._runtime.errors.DeadlineExceededError`, not after each byte's read timeout.
* :func:`json_object` turns a body into a JSON object or raises
  :class:`~generated.o365._runtime.errors.MalformedResponseError` naming the request: Graph answers JSON
  calls with an object (collections are ``{"value": [...]}``), so ``null``, a list, a string,
  HTML from a proxy, a truncated or an empty body are errors, never an empty result.
"""

from __future__ import annotations

import json as jsonlib
import math
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import requests
from urllib3.exceptions import DecodeError, ProtocolError, SSLError
from urllib3.exceptions import ReadTimeoutError as SocketReadTimeout
from urllib3.response import BaseHTTPResponse

from .errors import (
    BrokenResponseError,
    DeadlineExceededError,
    MalformedResponseError,
    NetworkError,
    TLSError,
)
from .redact import redact_url

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["DEFAULT_DEADLINE", "Deadline", "decode_body", "describe_json", "iter_body", "json_object", "read_body", "shown_url"]

DEFAULT_DEADLINE = 300.0  # seconds a call may take in all (retries, waits and body included)
_READ_SIZE = 1 << 20  # at most this much per read; a read returns what has arrived
_SHOWN = "_o365_shown_url"
# Statuses whose answer may have no body even where JSON is expected.
_EMPTY_OK = frozenset({202, 204, 205})


class Deadline:
    """The moment (monotonic clock) a call must be over by; ``inf`` seconds for none."""

    __slots__ = ("_at", "seconds")

    def __init__(self, seconds: float) -> None:
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0:
            raise ValueError(f"deadline must be a number of seconds > 0, not {seconds!r}")
        self.seconds = float(seconds)
        self._at = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return self._at - time.monotonic()

    def check(self, what: str) -> float:
        """Seconds left; :class:`DeadlineExceededError` naming ``what`` when none are."""
        left = self.remaining()
        if left <= 0:
            raise self.exceeded(what)
        return left

    def exceeded(self, what: str) -> DeadlineExceededError:
        return DeadlineExceededError(
            f"{what}: the call's deadline of {self.seconds:g} s passed (retries, waits and "
            "the body included); raise it with deadline= on the call or the Account"
        )

    def clamp(self, timeout: float | tuple[float, float], what: str) -> tuple[float, float]:
        """The ``(connect, read)`` timeouts, each at most the time left."""
        left = self.check(what)
        connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
        return min(connect, left), min(read, left)

    def __repr__(self) -> str:
        return f"Deadline({self.seconds:g} s, {max(self.remaining(), 0.0):.3g} s left)"


def iter_body(
    response: requests.Response, deadline: Deadline, what: str, *, read_timeout: float = math.inf,
    size: int = _READ_SIZE,
) -> Iterator[bytes]:
    """The body's bytes as they arrive, ending at the deadline.

    A piece never crosses a multiple of ``size`` bytes (so callers can report progress per
    whole chunk without copying). Transport failures raise the library's
    :class:`~generated.o365._runtime.errors.TransportError` kinds (``BrokenResponseError`` for a cut body,
    ``NetworkError`` for a read timeout), which are also the matching ``requests`` exceptions.
    """
    raw = response.raw
    if not isinstance(raw, BaseHTTPResponse):  # a test double (vcrpy): no socket to bound
        for data in response.iter_content(size):
            deadline.check(what)
            yield data
        return
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    consumed = 0
    while True:
        left = deadline.check(what)
        if sock is not None:
            sock.settimeout(min(read_timeout, left))
        try:
            data = raw.read1(size - consumed % size, decode_content=True)
        except SocketReadTimeout:
            if deadline.remaining() <= 0:
                raise deadline.exceeded(what) from None
            raise NetworkError(f"{what}: the body stopped arriving (read timeout)") from None
        except (ProtocolError, DecodeError) as exc:
            raise BrokenResponseError(f"{what}: the body was cut short or is not decodable "
                                      f"({type(exc).__name__})") from None
        except SSLError:
            raise TLSError(f"{what}: the TLS connection failed while reading the body") from None
        if not data:
            return
        consumed += len(data)
        yield data


def read_body(response: requests.Response, deadline: Deadline, what: str, *,
              read_timeout: float = math.inf) -> bytes:
    """Read the whole body under ``deadline``; ``response.content`` then returns it."""
    content = b"".join(iter_body(response, deadline, what, read_timeout=read_timeout))
    response._content = content  # what requests' own .content would have stored
    response._content_consumed = True  # type: ignore[attr-defined]
    return content


def mark_shown(response: requests.Response, url: str) -> None:
    """Remember how the request's URL may be shown (redacted) for errors about its body."""
    setattr(response, _SHOWN, url)


def shown_url(response: requests.Response) -> str:
    """The response's URL as it may appear in a message (see :func:`mark_shown`)."""
    shown = getattr(response, _SHOWN, None)
    return shown if isinstance(shown, str) else redact_url(response.url or "")


def malformed(response: requests.Response, reason: str, *,
              cls: type[MalformedResponseError] = MalformedResponseError) -> MalformedResponseError:
    """The typed error for a body that is not what the call expects."""
    request = response.request
    return cls(
        method=(request.method if request is not None else None) or "GET",
        url=shown_url(response),
        status=response.status_code,
        code="malformedResponse",
        message=reason,
        request_id=response.headers.get("request-id"),
        client_request_id=response.headers.get("client-request-id"),
        headers=response.headers,
    )


def json_object(response: requests.Response) -> dict[str, Any]:
    """The body as a JSON object, or :class:`MalformedResponseError` saying what it was."""
    content = response.content or b""
    if not content.strip():
        raise malformed(response, "the body is empty where a JSON object was expected")
    try:
        body = jsonlib.loads(content)
    except (ValueError, RecursionError):
        kind = response.headers.get("Content-Type", "no Content-Type").split(";", 1)[0]
        raise malformed(
            response, f"the body is not valid JSON ({kind}, {len(content)} bytes; truncated, "
                      "or a page from a proxy?)"
        ) from None
    if not isinstance(body, dict):
        raise malformed(response, f"expected a JSON object, got {describe_json(body)}")
    return body


def decode_body(response: requests.Response, expected: str) -> Any:
    """Decode a response body as a :class:`~generated.o365._runtime.request.GraphRequest` ``expected`` says."""
    if expected == "none":
        return None
    if expected == "bytes":
        return response.content
    if expected == "text":
        return response.text
    if response.status_code in _EMPTY_OK and not response.content:
        return None
    return json_object(response)


def list_member(response: requests.Response, page: dict[str, Any], key: str) -> list[Any]:
    """``page[key]`` (absent: empty) as a list, else :class:`MalformedResponseError`."""
    value = page.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise malformed(response, f"{key!r} must be a JSON array, got {describe_json(value)}")
    return value


def link_member(response: requests.Response, page: dict[str, Any], key: str) -> str | None:
    """``page[key]`` (an ``@odata.*Link``) as a non-empty string or None."""
    value = page.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise malformed(response, f"{key!r} must be a URL, got {describe_json(value)}")
    return value


def describe_json(value: Any) -> str:
    names: dict[type, Callable[[Any], str]] = {
        list: lambda v: f"a JSON array of {len(v)} item(s)",
        str: lambda v: "a JSON string",
        bool: lambda v: "a JSON boolean",
        int: lambda v: "a JSON number",
        float: lambda v: "a JSON number",
        dict: lambda v: "a JSON object",
    }
    if value is None:
        return "null"
    describe = names.get(type(value))
    return describe(value) if describe else type(value).__name__
