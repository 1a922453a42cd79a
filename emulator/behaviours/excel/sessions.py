"""Workbook sessions (G: workbook-createsession.md, concepts/workbook-best-practice.md).

Persistent sessions share the file's workbook; a non-persistent one works on a private copy
that is dropped when it ends. A session idle longer than the spec's limit (300 s persistent,
420 s not, on the emulator's clock, which tests move forward with `POST /_emulator/clock`) is
gone: calls in it answer 404 with innerError `invalidSessionReCreatable`. Calls without a
session change the file directly. With `Prefer: respond-async`, createSession answers 202 and
a `Location` to `workbook/operations/{id}`, whose `resourceLocation` is the session info.
"""

from __future__ import annotations

import secrets
from typing import Any

from ...errors import GraphError
from .. import Response
from .cells import call_of
from .state import EXPIRED, ExcelState, Session, error, reply


def lifecycle(state: ExcelState, request: Any, item_id: str, base: str,
              segments: list[str]) -> Response | None:
    """Answer the session and operation calls (createSession, operations, sessionInfoResource,
    refreshSession, closeSession); None for every other call."""
    if segments and segments[0] == "createSession":
        return create_session(state, request, item_id, base)
    if segments and segments[0] == "operations" and len(segments) == 2:
        return _operation(state, segments[1])
    if segments == ["operations"]:
        return reply(200, {"value": state.operations_of(item_id)})
    if segments and segments[0].startswith("sessionInfoResource("):
        return reply(200, state.session_keys.get(call_of(segments[0])[1].get("key", ""))
                     or _missing("session"))
    if segments and segments[0] in ("refreshSession", "closeSession"):
        session = session_for(state, item_id, request.headers.get("workbook-session-id"))
        if session is None:
            raise error(400, "InvalidArgument", "The workbook-session-id header is missing.")
        if segments[0] == "closeSession":
            state.sessions.pop(session.id, None)
            if session.persist:
                state.flush(item_id)
        return 204, {}, b""
    return None


def session_for(state: ExcelState, item_id: str, session_id: str | None) -> Session | None:
    """The live session a call names (its idle clock restarted), None without one; an
    expired or unknown session is Graph's 404 invalidSessionReCreatable."""
    if not session_id:
        return None
    session = state.sessions.get(session_id)
    now = state.app.clock.now()
    if session is not None and session.item_id == item_id:
        limit = state.idle_persistent if session.persist else state.idle_transient
        if now - session.last_activity <= limit:
            session.last_activity = now
            return session
        del state.sessions[session_id]  # expired: gone, like Graph's
    raise GraphError(404, "itemNotFound", EXPIRED, inner_code="invalidSessionReCreatable")



def _missing(what: str) -> dict[str, Any]:
    raise error(404, "ItemNotFound", f"The {what} was not found.")


def create_session(state: ExcelState, request: Any, item_id: str, base: str) -> Response:
    body = request.json_body() or {}
    persist = bool(body.get("persistChanges", True)) if isinstance(body, dict) else True
    session_id = secrets.token_urlsafe(24)
    state.open(item_id)  # a file that is no workbook fails here, before a session exists
    state.sessions[session_id] = Session(session_id, item_id, persist, state.app.clock.now())
    info = {"id": session_id, "persistChanges": persist}
    if "respond-async" not in request.headers.get("prefer", ""):
        return reply(201, info)
    key = secrets.token_urlsafe(12)
    operation = secrets.token_urlsafe(12)
    root = f"{state.app.base_url()}v1.0/{base}"
    state.session_keys[key] = info
    state.operations[operation] = {
        "id": operation, "status": "succeeded", "item": item_id,
        "resourceLocation": f"{root}/sessionInfoResource(key='{key}')"}
    return 202, {"Location": f"{root}/operations/{operation}"}, b""


def _operation(state: ExcelState, operation_id: str) -> Response:
    found = state.operations.get(operation_id)
    if found is None:
        raise error(404, "ItemNotFound", "The operation was not found.")
    return reply(200, {k: v for k, v in found.items() if k != "item"})


