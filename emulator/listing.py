"""Collections: $filter, $search, $orderby, $select, $count, $top, paging and nextLinks.

Directory collections follow the advanced-query rules of GRAPH_FACTS §1 (ConsistencyLevel,
$count only on the first page, `$skip` unsupported, opaque `$skiptoken`); Outlook ones page
with `$skip`. Without a filter, search or sort a page is a slice of the cached list.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from .errors import GraphError
from .families import Family
from .odata import (
    FilterSyntax,
    UnknownProperty,
    compile_filter,
    compile_search,
    parse_orderby,
    parse_select,
    sort_items,
)
from .render import dumps
from .router import Route
from .store import Record

if TYPE_CHECKING:
    from .graph import GraphApp, GraphRequest, Response

__all__ = ["count_response", "list_response", "parse_select_option"]

ADVANCED_HINT = "Refer to https://aka.ms/graph-docs/advanced-queries for more information"


def _unknown(family: Family, graph_type: str, name: str) -> GraphError:
    return GraphError(400, family.bad_request_code,
                      f"Could not find a property named '{name}' on type '{graph_type}'.")


def parse_select_option(app: GraphApp, request: GraphRequest, graph_type: str) -> list[str] | None:
    text = request.q("$select")
    if text is None:
        return None
    renderer = app.renderer(graph_type)
    try:
        return parse_select(text, renderer.known)
    except UnknownProperty as err:
        raise _unknown(renderer.family, graph_type, err.name) from None
    except FilterSyntax as err:
        raise GraphError(400, renderer.family.bad_request_code, str(err)) from None


def _eventual(request: GraphRequest) -> bool:
    return request.headers.get("consistencylevel", "").strip().lower() == "eventual"


def _count_requested(request: GraphRequest) -> bool:
    value = request.q("$count")
    if value is None:
        return False
    if value.lower() not in ("true", "false"):
        raise GraphError(400, "BadRequest", f"Invalid value '{value}' for $count.")
    return value.lower() == "true"


def query_records(app: GraphApp, request: GraphRequest, route: Route,
                  records: list[Record]) -> list[Record]:
    """Apply $search, $filter and $orderby, with the directory's advanced-query rules."""
    renderer = app.renderer(route.graph_type)
    family = renderer.family
    resource = app.router.resource_for_type(route.graph_type)
    facts = resource.emulator if resource is not None else None
    eventual = _eventual(request)
    advanced = eventual and _count_requested(request)
    selected = records
    search = request.q("$search")
    if search is not None:
        if family.advanced_queries and not eventual:
            raise GraphError(400, "Request_UnsupportedQuery",
                             "Search is not supported because the 'ConsistencyLevel:eventual' "
                             f"header is missing. {ADVANCED_HINT}")
        try:
            matches = compile_search(search.strip(), sorted(renderer.known),
                                     directory=family.advanced_queries)
        except FilterSyntax as err:
            raise GraphError(400, family.bad_request_code, str(err)) from None
        selected = [r for r in selected if matches(r.data)]
    text = request.q("$filter")
    if text is not None:
        try:
            compiled = compile_filter(text, renderer.known)
        except UnknownProperty as err:
            raise _unknown(family, route.graph_type, err.name) from None
        except FilterSyntax as err:
            raise GraphError(400, family.bad_request_code, f"Invalid filter clause: {err}") from None
        if family.advanced_queries and not advanced and compiled.advanced_operators:
            operator = sorted(compiled.advanced_operators)[0]
            raise GraphError(400, "Request_UnsupportedQuery",
                             f"Operator '{operator}' is not supported because the required "
                             "parameters might be missing. Try adding $count=true query "
                             f"parameter and ConsistencyLevel:eventual header. {ADVANCED_HINT}")
        refused = sorted(compiled.properties - set(facts.filterable)) if (
            facts is not None and facts.filterable is not None) else []
        if refused:  # the spec's `emulator: filterable` (G: the resource's property table)
            raise GraphError(400, "Request_UnsupportedQuery" if family.advanced_queries
                             else family.bad_request_code,
                             "Unsupported or invalid query filter clause specified for property "
                             f"'{refused[0]}' of resource '{resource.name if resource else ''}'.")
        selected = [r for r in selected if compiled.predicate(r.data)]
    order = request.q("$orderby")
    if order is not None:
        try:
            keys = parse_orderby(order, renderer.known)
        except UnknownProperty as err:
            raise _unknown(family, route.graph_type, err.name) from None
        except FilterSyntax as err:
            raise GraphError(400, family.bad_request_code, str(err)) from None
        # The spec's `emulator: orderable` sort on a basic query; others need an advanced one.
        orderable = facts.orderable if facts is not None else None
        needs_advanced = text is not None or (
            orderable is not None and any(k[0][0] not in orderable for k in keys))
        if family.advanced_queries and needs_advanced and not advanced:
            raise GraphError(400, "Request_UnsupportedQuery",
                             f"Sorting not supported for current query. {ADVANCED_HINT}")
        by_data = {id(r.data): r for r in selected}
        selected = [by_data[id(d)] for d in sort_items([r.data for r in selected], keys)]
    return selected


def count_response(app: GraphApp, request: GraphRequest, route: Route,
                   records: list[Record]) -> Response:
    family = app.renderer(route.graph_type).family
    if family.advanced_queries and not _eventual(request):
        raise GraphError(400, "Request_BadRequest", "$count is not currently supported.")
    total = len(query_records(app, request, route, records))
    return 200, {"Content-Type": "text/plain"}, str(total).encode()


def page_size(request: GraphRequest, route: Route, family: Family) -> tuple[int, dict[str, str]]:
    """The page size from $top or `Prefer: odata.maxpagesize`, bounded by the spec."""
    op = route.operation
    default = (op.page_size if op and op.page_size else None) or (
        10 if family.paging == "skip" else 100)
    maximum = op.max_page_size if op else None
    headers: dict[str, str] = {}
    size = default
    prefer = request.headers.get("prefer", "")
    for part in prefer.split(","):
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "odata.maxpagesize" and value.strip().isdigit():
            size = max(1, int(value.strip()))
            if maximum:
                size = min(size, maximum)
            headers["Preference-Applied"] = f"odata.maxpagesize={size}"
    top = request.q("$top")
    if top is not None:
        if not top.strip().isdigit() or int(top) < 1 or (maximum and int(top) > maximum):
            bound = f" Must be between 1 and {maximum} inclusive." if maximum else ""
            raise GraphError(400, family.bad_request_code,
                             f"Invalid page size specified: '{top}'.{bound}")
        size = int(top)
    return size, headers


def encode_token(state: dict[str, Any]) -> str:
    raw = json.dumps(state, separators=(",", ":")).encode()
    return "RFNwdAIA" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, code: str) -> dict[str, Any]:
    try:
        if not token.startswith("RFNwdAIA"):
            raise ValueError(token)
        body = token[len("RFNwdAIA"):]
        state = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        if not isinstance(state, dict):
            raise ValueError(token)
        return state
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise GraphError(400, code, "The skip token is not valid.") from None


def next_link(app: GraphApp, request: GraphRequest, replace: dict[str, str]) -> str:
    """The request's own URL (all original options) with the paging option replaced."""
    drop = {"$skip", "$skiptoken", "$deltatoken", *replace}
    pairs = [(k, v) for k, values in request.query.items() if k not in drop for v in values]
    pairs += list(replace.items())
    query = urlencode(pairs, quote_via=quote, safe="$,()'=:")
    return f"{app.base_url()}v1.0/{request.original_path}?{query}"


def _offset(request: GraphRequest, family: Family) -> int:
    skip = request.q("$skip")
    if skip is not None:
        if family.paging == "skiptoken" and family.advanced_queries:
            raise GraphError(400, "Request_BadRequest",
                             "'$skip' is not supported by the service.")
        if not skip.isdigit():
            raise GraphError(400, family.bad_request_code, f"Invalid value '{skip}' for $skip.")
        return int(skip)
    token = request.q("$skiptoken")
    if token is not None:
        offset = decode_token(token, family.bad_request_code).get("offset")
        if not isinstance(offset, int) or offset < 0:
            raise GraphError(400, family.bad_request_code, "The skip token is not valid.")
        return offset
    return 0


def list_response(app: GraphApp, request: GraphRequest, route: Route, params: dict[str, str],
                  records: list[Record]) -> Response:
    renderer = app.renderer(route.graph_type)
    family = renderer.family
    select = parse_select_option(app, request, route.graph_type)
    projection = renderer.projection(select)
    selected = query_records(app, request, route, records)
    size, headers = page_size(request, route, family)
    offset = _offset(request, family)
    page = selected[offset:offset + size]
    first_page = request.q("$skip") is None and request.q("$skiptoken") is None
    directory_nav = route.navigation is not None and family.name == "directory"
    context = app.context_url(collection_context(route, params, select, directory_nav))
    parts = [b'{"@odata.context":', dumps(context)]
    counted = _count_requested(request) and (not family.advanced_queries or _eventual(request))
    if counted and first_page:
        parts.append(b',"@odata.count":' + str(len(selected)).encode())
    if offset + size < len(selected):
        following = offset + size
        if family.paging == "skip":
            link = next_link(app, request, {"$skip": str(following)})
        else:
            link = next_link(app, request, {"$skiptoken": encode_token({"offset": following})})
        parts.append(b',"@odata.nextLink":' + dumps(link))
    parts.append(b',"value":[')
    parts.append(b",".join(renderer.entity_bytes(r, projection, odata_type=directory_nav)
                           for r in page))
    parts.append(b"]}")
    return 200, {"Content-Type": "application/json; odata.metadata=minimal; charset=utf-8",
                 **headers}, b"".join(parts)


def collection_context(route: Route, params: dict[str, str], select: list[str] | None,
                       directory_nav: bool) -> str:
    if directory_nav:
        return "directoryObjects"
    segments: list[str] = []
    for segment in route.template.split("/"):
        if segment == "{parent}":
            segments.append(params.get("parent", ""))
        elif segment == "{resource}":
            collection, _, key = params.get("resource", "").partition("/")
            segments.append(f"{collection}('{key}')")
        elif segment.startswith("{") and segment.endswith("}") and segments:
            segments[-1] += f"('{params.get(segment[1:-1], '')}')"
        else:
            segments.append(segment)
    text = "/".join(s for s in segments if s)
    if select:
        text += "(" + ",".join(select) + ")"
    return text
