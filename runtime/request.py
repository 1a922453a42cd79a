"""A Graph call as data, so one call can be sent now or deferred into a JSON batch.

Generated methods build a :class:`GraphRequest` and hand it to ``Connection.execute``. While
``Connection.capture()`` is active on the current thread, ``execute`` does not send anything;
it raises :class:`Deferred` carrying the request, which ``generated.o365._runtime.batch`` collects.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, Literal, TypeVar

__all__ = ["EXPECTED_KINDS", "Deferred", "Expected", "GraphRequest", "capture", "capturing"]

T = TypeVar("T")

Expected = Literal["json", "none", "text", "bytes"]
EXPECTED_KINDS: frozenset[str] = frozenset({"json", "none", "text", "bytes"})
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_FIELDS = ("method", "url", "params", "json", "headers", "parse", "expected")


class GraphRequest(Generic[T]):
    """One Graph call.

    ``parse`` receives the decoded body (``expected`` says how to decode it: JSON, nothing,
    text or bytes; a 204 gives ``None``) and turns it into the typed result. Immutable and
    compared by value; a plain class because every call builds one (a frozen dataclass's
    ``__init__`` costs twice as much, and ``dataclasses`` is not otherwise needed to send).
    """

    __slots__ = ("expected", "headers", "json", "method", "params", "parse", "url")

    method: str
    url: str  # a path relative to the protocol's graph_url, or an absolute URL
    params: Mapping[str, Any] | None
    json: Any
    headers: Mapping[str, str] | None
    parse: Callable[[Any], T] | None
    expected: Expected

    def __init__(self, method: str, url: str, params: Mapping[str, Any] | None = None,
                 json: Any = None, headers: Mapping[str, str] | None = None,
                 parse: Callable[[Any], T] | None = None, expected: Expected = "json") -> None:
        upper = method.upper() if isinstance(method, str) else method
        if upper not in _METHODS:
            raise ValueError(f"unsupported HTTP method {method!r}")
        if not isinstance(url, str) or not url.strip():
            raise ValueError("GraphRequest.url must be a non-empty path or URL")
        if expected not in EXPECTED_KINDS:
            raise ValueError(f"expected must be one of {sorted(EXPECTED_KINDS)}")
        values = (upper, url, params, json, headers, parse, expected)
        for name, value in zip(_FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"GraphRequest is immutable; cannot set {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, GraphRequest)
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # params and json are usually dicts

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(_FIELDS, self._values(),
                                                                      strict=True))
        return f"GraphRequest({shown})"

    def result(self, body: Any) -> T:
        """The typed result for a decoded body (the body itself when there is no parser)."""
        if self.parse is None:
            return body  # type: ignore[no-any-return]
        return self.parse(body)


class Deferred(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised by ``Connection.execute`` in capture mode instead of sending ``request``."""

    def __init__(self, request: GraphRequest[Any]) -> None:
        self.request = request
        super().__init__(f"deferred {request.method} {request.url.split('?', 1)[0]}")


# Capture is per thread, not per connection: a deferred call must never be sent by accident,
# whichever connection object the captured function happens to use.
_capture_state = threading.local()


@contextlib.contextmanager
def capture() -> Iterator[None]:
    """While active on this thread, ``Connection.execute`` raises :class:`Deferred`."""
    previous = getattr(_capture_state, "active", False)
    _capture_state.active = True
    try:
        yield
    finally:
        _capture_state.active = previous


def capturing() -> bool:
    return bool(getattr(_capture_state, "active", False))


def new_guid() -> str:
    """A random (version 4) GUID for `client-request-id`, without importing `uuid`.

    `uuid` pulls in `platform` and more at import time; this is all we need of it.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
