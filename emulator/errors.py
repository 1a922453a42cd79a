"""Graph's error envelope, and the exception the emulator raises to produce one.

Every failure a Graph route can have becomes a `GraphError`; the server turns it into
``{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}``
(G: concepts/errors.md). Unexpected exceptions become a 500 with the same envelope, never a
stack trace.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

__all__ = ["GraphError", "envelope", "utc_now_iso"]


class GraphError(Exception):
    """A Graph error response: HTTP status, Graph error code and message, extra headers."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        inner_code: str | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.inner_code = inner_code  # a more specific code Graph nests in innerError


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def envelope(code: str, message: str, request_id: str, client_request_id: str | None,
             inner_code: str | None = None) -> bytes:
    """The JSON body of a Graph error response."""
    inner: dict[str, str] = {"date": utc_now_iso(), "request-id": request_id}
    if inner_code:
        inner["code"] = inner_code
    if client_request_id:
        inner["client-request-id"] = client_request_id
    return json.dumps({"error": {"code": code, "message": message, "innerError": inner}}).encode()
