"""A Graph call as data, so one call can be sent now or deferred into a JSON batch.

Generated methods build a :class:`GraphRequest` and hand it to ``Connection.execute``. While
``Connection.capture()`` is active on the current thread, ``execute`` does not send anything;
it raises :class:`Deferred` carrying the request, which ``runtime.batch`` collects.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

__all__ = ["EXPECTED_KINDS", "Deferred", "Expected", "GraphRequest", "capture", "capturing"]

T = TypeVar("T")

Expected = Literal["json", "none", "text", "bytes"]
EXPECTED_KINDS: frozenset[str] = frozenset({"json", "none", "text", "bytes"})
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class GraphRequest(Generic[T]):
    """One Graph call.

    ``parse`` receives the decoded body (``expected`` says how to decode it: JSON, nothing,
    text or bytes; a 204 gives ``None``) and turns it into the typed result.
    """

    method: str
    url: str  # a path relative to the protocol's graph_url, or an absolute URL
    params: Mapping[str, Any] | None = None
    json: Any = None
    headers: Mapping[str, str] | None = None
    parse: Callable[[Any], T] | None = None
    expected: Expected = "json"

    def __post_init__(self) -> None:
        method = self.method.upper() if isinstance(self.method, str) else self.method
        if method not in _METHODS:
            raise ValueError(f"unsupported HTTP method {self.method!r}")
        if not isinstance(self.url, str) or not self.url.strip():
            raise ValueError("GraphRequest.url must be a non-empty path or URL")
        if self.expected not in EXPECTED_KINDS:
            raise ValueError(f"expected must be one of {sorted(EXPECTED_KINDS)}")
        object.__setattr__(self, "method", method)

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
