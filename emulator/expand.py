"""`$expand`: related entities returned inside the entity (OData, G: concepts/query-parameters.md).

Applied to any GET answer after its route has run, on the entity or on each entity of a page:
`$expand=attachments` (what the entity links under that name: a list, or one entity for a
single-valued navigation such as an eventMessage's `event`),
`$expand=singleValueExtendedProperties($filter=id eq 'String {guid} Name x')` (what the entity
holds inline and serves only on request, filtered by id), and type casts
(`microsoft.graph.eventMessage/event`). Options inside the parentheses: `$select`, and
`$filter=id eq '...'`, the form Graph documents for extended properties; `$select` cuts
an inline value too (a list item's `fields($select=Name,Color)`).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from .errors import GraphError

if TYPE_CHECKING:
    from .graph import GraphApp, GraphRequest, Response
    from .store import Record

__all__ = ["expanded", "parse_expand"]

_ID_EQUALS = re.compile(r"^\s*id\s+eq\s+'((?:[^']|'')*)'\s*$", re.IGNORECASE)


def parse_expand(text: str) -> list[tuple[str, dict[str, str]]]:
    """`a,b($select=x;$filter=id eq 'y')` -> [("a", {}), ("b", {"$select": "x", ...})]
    (`b(select=x)` alike)."""
    items: list[tuple[str, dict[str, str]]] = []
    depth, start = 0, 0
    for index, char in enumerate(text + ","):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            part = text[start:index].strip()
            start = index + 1
            if not part:
                continue
            name, _, options = part.partition("(")
            pairs = (o.partition("=") for o in options.rstrip(")").split(";") if "=" in o)
            items.append((name.strip(), {_dollar(k): v.strip() for k, _, v in pairs}))
        if depth < 0:
            break
    if depth != 0:
        raise GraphError(400, "BadRequest", "Invalid $expand: unbalanced parentheses.")
    return items


def _dollar(option: str) -> str:
    """`select` -> `$select`: the `$` of a nested option is optional too, as at the top."""
    name = option.strip().lower()
    return name if name.startswith("$") else f"${name}"


def expanded(app: GraphApp, request: GraphRequest, reply: Response) -> Response:
    """`reply` with the `$expand` of the request applied (a GET answered 200 with JSON)."""
    text = request.q("$expand")
    status, headers, body = reply
    if not text or request.method != "GET" or status != 200 or not body.startswith(b"{"):
        return reply
    wanted = parse_expand(text)
    answer = json.loads(body)
    entities = answer["value"] if isinstance(answer.get("value"), list) else [answer]
    for entity in entities:
        record = app.store.find(str(entity.get("id"))) if isinstance(entity, dict) else None
        if record is not None:
            for name, options in wanted:
                _expand(app, record, entity, name, options)
    return status, headers, json.dumps(answer, separators=(",", ":")).encode()


def _expand(app: GraphApp, record: Record, entity: dict[str, Any], path: str,
            options: dict[str, str]) -> None:
    name = path.rsplit("/", 1)[-1]  # `microsoft.graph.eventMessage/event`: a cast, then `event`
    renderer = app.renderer(record.graph_type)
    held = record.data.get(name)
    if name in renderer.known and (held is not None or not app.store.links(record.id, name)):
        # Held inline; a navigation the spec also declares as a field (to read it once
        # expanded: a channel message's `replies`) is served from its links instead.
        entity[name] = _filtered(_selected(held if held is not None else [], options), options)
        return
    linked = [app.store.find(target) for target in app.store.links(record.id, name)]
    targets = [t for t in linked if t is not None]
    if not targets and not app.router.has_navigation(record.graph_type, name):
        raise GraphError(400, "BadRequest", f"Could not find a property named '{name}' on "
                         f"type '{record.graph_type}'.")
    select = [s.strip() for s in options.get("$select", "").split(",") if s.strip()] or None
    shown = [app.renderer(t.graph_type).entity(t, app.renderer(t.graph_type).projection(select))
             for t in targets]
    if app.router.single_valued(record.graph_type, name):
        entity[name] = shown[0] if shown else None
    else:
        entity[name] = _filtered(shown, options)


def _selected(value: Any, options: dict[str, str]) -> Any:
    """An inline value (an item's `fields`) cut to a nested `$select`, annotations kept
    (OData: `$select` inside `$expand` names what the expanded value carries)."""
    names = {s.strip() for s in options.get("$select", "").split(",") if s.strip()}
    if not names:
        return value
    if isinstance(value, list):
        return [_selected(v, options) for v in value]
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k in names or k.startswith("@")}
    return value


def _filtered(values: Any, options: dict[str, str]) -> Any:
    condition = options.get("$filter")
    if not condition or not isinstance(values, list):
        return values
    found = _ID_EQUALS.match(condition)
    if found is None:
        raise GraphError(400, "BadRequest", "$filter inside $expand supports id eq '...'.")
    wanted = found.group(1).replace("''", "'").casefold()
    return [v for v in values if isinstance(v, dict) and str(v.get("id", "")).casefold() == wanted]
