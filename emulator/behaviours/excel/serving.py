"""The one entry point: every route below `drives/{drive}/items/{item}/workbook` (an
`@subtree` hook). The path is walked segment by segment
(`worksheets/Sheet1/range(address='A1:B2')/format/font`) to a node, and the node answers the
method."""

from __future__ import annotations

import re

from .. import ActionContext, Response, behaviour
from .cells import Calculator, split_path
from .names import application, function, names
from .sessions import lifecycle, session_for
from .state import WORKBOOK, Ctx, error, reply, state_of
from .tables import tables
from .worksheets import worksheets


@behaviour(WORKBOOK, "@subtree")
def serve(ctx: ActionContext) -> Response:
    app, request = ctx.app, ctx.request
    state = state_of(app)
    found = re.match(r"^(drives/[^/]+/items/([^/]+)/workbook)(?:/(.*))?$", request.path)
    if found is None:
        raise error(400, "BadRequest", "Workbooks are reached as drives/{id}/items/{id}/workbook.")
    base, item_id, rest = found.group(1), found.group(2), found.group(3) or ""
    record = app.object_by_path(f"drives/{ctx.params.get('drive_id', '')}/items/{item_id}")
    name = str(record.data.get("name") or "")
    if record.data.get("folder") is not None or not name.lower().endswith(".xlsx"):
        raise error(400, "InvalidArgument", "The item is not an Excel workbook (.xlsx).")
    segments = split_path(rest)
    with state.lock:
        answered = lifecycle(state, request, item_id, base, segments)
        if answered is not None:
            return answered
        session = session_for(state, item_id, request.headers.get("workbook-session-id"))
        opened = state.open(item_id)
        book = opened.book
        if session is not None and not session.persist:
            if session.book is None:
                session.book = state.private_copy(item_id)
            book = session.book
        select = request.q("$select")
        body = request.json_body() if request.method in ("POST", "PATCH", "PUT") else None
        work = Ctx(state, app, item_id, base, opened, book, session, request.method, body,
                   set(select.split(",")) if select else None, Calculator(book),
                   request.headers)
        return walk(work, segments)



def walk(ctx: Ctx, segments: list[str]) -> Response:
    """Follow the path from the workbook to the node it names, and answer the method there."""
    method = ctx.method
    if not segments:
        return reply(200, {"id": ctx.item_id})
    head, rest = segments[0], segments[1:]
    if head == "worksheets":
        return worksheets(ctx, rest)
    if head == "tables":
        return tables(ctx, None, rest)
    if head == "names":
        return names(ctx, None, rest)
    if head == "application":
        return application(ctx, rest)
    if head == "functions" and len(rest) == 1 and method == "POST":
        return function(ctx, rest[0])
    raise error(400, "BadRequest", f"Resource not found for the segment '{head}'.")
