"""Delta queries: rounds of pages ending in a deltaLink; later rounds return only changes.

Tokens are opaque and carry the original `$select` (GRAPH_FACTS §4). A round pages by a
version cursor, not an offset, so entities changing mid-round are neither skipped nor
shifted: they show up in the next round. Removed entities come back as
``{"id", "@removed": {"reason": "deleted"}}``, or with the marker the delta operation's spec
names (``removed: deleted``: OneDrive's ``deleted`` facet).
``$deltatoken=latest`` (``token=latest`` for OneDrive) returns only a deltaLink.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .errors import GraphError
from .listing import decode_token, encode_token, next_link, page_size, parse_select_option
from .render import dumps
from .router import Route
from .store import Record, Tombstone

if TYPE_CHECKING:
    from .graph import GraphApp, GraphRequest, Response

__all__ = ["delta_response"]


def _state(request: GraphRequest, code: str, current: int) -> tuple[dict[str, Any], bool]:
    """(state, latest): the round's since/upto/cursor/select, from a token or fresh."""
    delta_token = request.q("$deltatoken") or request.q("token")
    skip_token = request.q("$skiptoken")
    if delta_token == "latest":
        return {"since": current, "upto": current, "cursor": current,
                "select": request.q("$select")}, True
    if skip_token is not None:
        state = decode_token(skip_token, code)
    elif delta_token is not None:
        previous = decode_token(delta_token, code)
        state = {"since": previous.get("upto"), "select": previous.get("select")}
        state["upto"] = current
        state["cursor"] = state["since"]
    else:
        state = {"since": 0, "upto": current, "cursor": 0, "select": request.q("$select")}
    for name in ("since", "upto", "cursor"):
        if not isinstance(state.get(name), int):
            raise GraphError(400, "syncStateNotFound", "The delta token is not valid.")
    return state, False


def delta_response(app: GraphApp, request: GraphRequest, route: Route,
                   params: dict[str, str]) -> Response:
    renderer = app.renderer(route.graph_type)
    family = renderer.family
    collection = replace(route, template=route.template.removesuffix("/delta"))
    scope = app.scope_of(params)
    records = app.collection_records(collection, params, scope)
    state, latest = _state(request, family.bad_request_code, app.store.version)
    since, upto, cursor = state["since"], state["upto"], state["cursor"]
    select_text = state.get("select")
    if select_text:
        request.query["$select"] = [select_text]
    select = parse_select_option(app, request, route.graph_type)
    projection = renderer.projection(select)
    entries: list[Record | Tombstone] = []
    if not latest:
        entries = [r for r in records if cursor < r.version <= upto]
        if since > 0:
            belongs = _member_test(app, collection, params, scope)
            entries += [t for t in app.store.tombstones_since(route.graph_type, scope, cursor)
                        if t.version <= upto and belongs(t)]
        entries.sort(key=lambda e: e.version)
    size, headers = page_size(request, route, family)
    page = entries[:size]
    parts = [b'{"@odata.context":', dumps(app.context_url("delta")), b","]
    keep = {"$select": select_text} if select_text else {}
    request.query = {}
    if len(entries) > size:
        token = encode_token({"since": since, "upto": upto, "cursor": page[-1].version,
                              "select": select_text})
        parts.append(b'"@odata.nextLink":' + dumps(next_link(app, request, {
            **keep, "$skiptoken": token})))
    else:
        token = encode_token({"upto": upto, "select": select_text})
        name = "token" if family.name == "drive" else "$deltatoken"
        parts.append(b'"@odata.deltaLink":' + dumps(next_link(app, request, {
            **keep, name: token})))
    # The spec's removal marker (GRAPH_FACTS §4): @removed with a reason, or a facet such as
    # driveItem's `deleted` (microsoft.graph.deleted, which carries a state).
    marker = route.operation.removed if route.operation is not None else "@removed"
    items = []
    for entry in page:
        if isinstance(entry, Tombstone):
            removed: dict[str, Any] = {"id": entry.id}
            removed[marker] = {"reason": "deleted"} if marker == "@removed" else {"state": "deleted"}
            items.append(dumps(removed))
        else:
            items.append(renderer.entity_bytes(entry, projection,
                                               odata_type=family.typed_delta))
    parts.append(b',"value":[' + b",".join(items) + b"]}")
    return 200, {"Content-Type": "application/json", **headers}, b"".join(parts)


def _member_test(app: GraphApp, collection: Route, params: dict[str, str],
                 scope: str) -> Callable[[Tombstone], bool]:
    """Whether a removed entity was in this collection: its owner field named the parent,
    or the parent linked it (the parent-child rule); else the whole scope's removals count."""
    if collection.owner_field is None and collection.link is None:
        return lambda tombstone: True
    parent = app.object_at(collection.parent_template, params, scope)
    owner = parent.id if parent is not None else None
    if collection.owner_field is not None:
        field = collection.owner_field
        return lambda tombstone: tombstone.data.get(field) == owner
    key = (owner, collection.link)
    return lambda tombstone: key in tombstone.parents
