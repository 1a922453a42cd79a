"""The Graph v1.0 side of the emulator: a generic, spec-driven request handler.

`GraphApp.handle` authenticates the bearer token, rewrites ``me``, finds the route the specs
define for the path and runs the generic operation for its kind (list, get, create, update,
delete, navigation, action, delta, upload, download). It never raises: every failure is a
Graph error envelope with ``request-id`` and the echoed ``client-request-id``.

Behaviour hooks (emulator.behaviours, keyed by the route's graph type) replace or extend the
generic operation: ``@list:<segment>``, ``@get:<segment>`` and ``@delta:<segment>`` answer
collection routes, GET routes other than a resource's own path, and delta routes (<segment>:
router.hook_segment of the template; for delta, of the collection's template); ``@created``, ``@updating`` (may refuse with a GraphError),
``@updated`` and ``@deleted`` run around the generic writes; ``@creating`` (target None, body:
the new entity's data, which it may complete or refuse with a GraphError) runs before a create. Route hooks get as target the
entity at the route's parent template, or the closest entity above it.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from generated.o365._generator import ir

from . import behaviours, zones
from .addresses import Addresses
from .clock import Clock
from .errors import GraphError, envelope
from .expand import expanded
from .families import Family
from .identity import IdentityPlatform, TokenInfo
from .monitors import Monitors
from .render import Renderer, dumps
from .router import (
    PLACEHOLDER,
    Route,
    Router,
    hook_segment,
    key_segments,
    last_placeholder,
    structural,
)
from .seed import child_link, complete_new
from .store import Record, Store

__all__ = ["GraphApp", "GraphRequest", "Response"]

log = logging.getLogger(__name__)
Response = tuple[int, dict[str, str], bytes]
JSON = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8"


DOLLAR_OPTIONAL = ("select", "expand", "filter", "orderby", "top", "skip", "count")


@dataclass
class GraphRequest:
    method: str
    path: str  # after "/v1.0/", without the query string, percent-decoded
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    request_id: str
    original_path: str = ""  # as sent (with "me"), for nextLinks
    token: TokenInfo | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Graph takes the OData system query options without their `$` (G: concepts/
        # query-parameters.md, "the $ prefix is optional"; the SharePoint and OneDrive pages
        # write `?expand=fields`). `search` stays as sent: `sites?search=` is site-search.md's
        # own parameter.
        for name in DOLLAR_OPTIONAL:
            if name in self.query and f"${name}" not in self.query:
                self.query[f"${name}"] = self.query.pop(name)

    def q(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def json_body(self) -> Any:
        """The body as JSON; 400 (as Graph answers) for anything that is not JSON text in
        UTF-8, lone surrogates included (raw, or escaped as ``\\ud800``: RFC 8259 §8.2)."""
        if not self.body.strip():
            return None
        try:
            text = self.body.decode("utf-8")  # strict: encoded surrogates are refused here
            value = json.loads(text)
            if "\\u" in text:  # escapes may spell a lone surrogate
                json.dumps(value, ensure_ascii=False).encode("utf-8")
            return value
        except (ValueError, UnicodeError):
            raise GraphError(400, "BadRequest", "Unable to read JSON request payload. "
                             "Please ensure Content-Type header is set and payload is of "
                             "valid JSON format.") from None


class GraphApp:
    """Everything Graph: routes from the specs, the store, and the identity platform."""

    def __init__(self, specset: ir.SpecSet, store: Store, identity: IdentityPlatform,
                 base_url: Callable[[], str]) -> None:
        self.specset = specset
        self.router = Router(specset)
        self.addresses = Addresses(specset)
        self.store = store
        self.identity = identity
        self.base_url = base_url  # "http://127.0.0.1:PORT/"
        self._renderers: dict[str, Renderer] = {}
        # Hooks for generic capabilities provided by other modules (uploads, downloads).
        self.special: dict[str, Callable[[GraphApp, GraphRequest, Route, dict[str, str]],
                                         Response]] = {}
        self.monitors = Monitors(base_url)
        self.clock = Clock()  # moved forward by tests: idle limits (workbook sessions)
        self._subtrees: dict[str, behaviours.Behaviour | None] = {}
        self._subtree_routes: list[Route] | None = None  # item routes of `@subtree` entities
        self.transfers: Any = None  # emulator.transfers.Transfers, set by its install()
        # emulator.notifications.Notifier, set by its install(): a request's store changes are
        # matched against subscriptions once the request is done (its links are in place).
        self.notifications: Any = None
        behaviours.load_all()

    # ------------------------------------------------------------------ entry
    def handle(self, request: GraphRequest) -> Response:
        client_request_id = request.headers.get("client-request-id")
        reset_token = zones.use(None)
        try:
            preference = zones.preference_from(request.headers)
            zones.use(preference)
            with self.notifications.batch() if self.notifications is not None else nullcontext():
                status, headers, body = expanded(self, request, self._handle(request))
            if preference.asked and preference.applied:
                applied = headers.get("Preference-Applied", "")
                if "outlook.timezone" not in applied:
                    headers["Preference-Applied"] = ", ".join(
                        p for p in (applied, preference.header) if p)
        except GraphError as err:
            status, headers = err.status, {"Content-Type": "application/json", **err.headers}
            body = envelope(err.code, err.message, request.request_id, client_request_id,
                            err.inner_code)
        except Exception:  # never a stack trace on the wire
            log.exception("emulator: unhandled error for %s %s", request.method, request.path)
            status, headers = 500, {"Content-Type": "application/json"}
            body = envelope("generalException", "An internal server error occurred.",
                            request.request_id, client_request_id)
        finally:
            zones.reset(reset_token)
        headers.setdefault("request-id", request.request_id)
        if client_request_id:
            headers.setdefault("client-request-id", client_request_id)
        return status, headers, body

    def _handle(self, request: GraphRequest) -> Response:
        request.token = self.authenticate(request.headers)
        request.original_path = request.original_path or request.path
        if request.path == "$batch":
            from .batch import run_batch

            return run_batch(self, request)
        request.path = self.addresses.resolve(self, request, self.rewrite_me(
            key_segments(request.path), request.token))
        found = self.router.match(request.method, request.path)
        if found is None or self.subtree_owner(found[0].template) is None:
            found = self.subtree_route(request.path) or found  # a `{parent}` route can't claim it
        if found is None:
            if self.router.methods_for(request.path):
                raise GraphError(405, "Request_BadRequest",
                                 f"The HTTP method '{request.method}' is not allowed for "
                                 "this resource.")
            segment = self.router.unmatched_segment(request.path)
            raise GraphError(400, "BadRequest",
                             f"Resource not found for the segment '{segment}'.")
        route, params = found
        return self.dispatch(request, route, params)

    def authenticate(self, headers: Mapping[str, str]) -> TokenInfo:
        value = headers.get("authorization", "")
        scheme, _, token = value.partition(" ")
        if not token.strip() or scheme.lower() != "bearer":
            raise GraphError(401, "InvalidAuthenticationToken", "Access token is empty.",
                             headers={"WWW-Authenticate": 'Bearer realm=""'})
        info = self.identity.validate(token.strip())
        if info is None:
            raise GraphError(401, "InvalidAuthenticationToken",
                             "Access token has expired or is not yet valid.",
                             headers={"WWW-Authenticate": 'Bearer realm="", error="invalid_token"'})
        return info

    @staticmethod
    def rewrite_me(path: str, token: TokenInfo | None) -> str:
        head, _, rest = path.partition("/")
        if head != "me":
            return path
        if token is None or token.user_id is None:
            raise GraphError(400, "BadRequest",
                             "/me request is only valid with delegated authentication flow.")
        return f"users/{token.user_id}" + (f"/{rest}" if rest else "")

    # ------------------------------------------------------------------ dispatch
    def dispatch(self, request: GraphRequest, route: Route, params: dict[str, str]) -> Response:
        from . import delta, listing

        owner = self.subtree_owner(route.template)
        if owner is not None:
            return owner(behaviours.ActionContext(self, request, None, self.scope_of(params),
                                                  params, None, extra={"route": route}))
        if route.kind in self.special:
            return self.special[route.kind](self, request, route, params)
        hooked = self.run_route_hook(request, route, params)
        if hooked is not None:
            return hooked
        if route.kind in ("collection", "count"):
            scope = self.scope_of(params)
            listed = replace(route, template=route.template.removesuffix("/$count"))
            records = self.collection_records(listed, params, scope)
            if route.kind == "count":
                return listing.count_response(self, request, route, records)
            return listing.list_response(self, request, route, params, records)
        if route.kind == "create":
            return self.create(request, route, params)
        if route.kind in ("item", "resource"):
            record = self.object_at(route.template, params, self.scope_of(params))
            if record is None:
                raise self.not_found(route.graph_type, params.get(route.id_param or "", ""))
            return self.on_entity(request, route, params, record)
        if route.kind == "navigation":
            return self.navigation(request, route, params)
        if route.kind == "navigation_item":
            return self.navigation_item(request, route, params)
        if route.kind == "member":
            return self.on_entity(request, route, params, self.member_record(route, params))
        if route.kind == "content":
            return self.navigation_content(request, route, params)
        if route.kind == "action":
            return self.action(request, route, params)
        if route.kind == "delta":
            return delta.delta_response(self, request, route, params)
        if route.kind == "ref":
            from .references import handle_ref

            return handle_ref(self, request, route, params)
        raise GraphError(501, "NotImplemented",
                         f"The emulator does not implement '{route.kind}' operations here.")

    def subtree_owner(self, template: str) -> behaviours.Behaviour | None:
        """The `@subtree` behaviour of a resource whose own path starts `template`, if any.

        An entity whose state lives outside the store (a workbook: the cells of an .xlsx file)
        serves every route below it itself.
        """
        if template not in self._subtrees:
            found = None
            segments = template.split("/")
            for end in range(len(segments), 0, -1):
                resource = self.router.resource_for_item_template("/".join(segments[:end]))
                if resource is not None:
                    found = behaviours.find(resource.graph_type, "@subtree")
                    if found is not None:
                        break
            self._subtrees[template] = found
        return self._subtrees[template]

    def subtree_route(self, path: str) -> tuple[Route, dict[str, str]] | None:
        """The item route of an entity that serves `path` below it itself, if any.

        OData composition (Graph rule: a composable function's result, and any navigation of
        it, can be addressed further, e.g. a workbook's names/{name}/range/format/font or
        range(...)/rowsBelow with the function's default parameters): such paths are too many
        to list, so the entity whose state lives outside the store (`@subtree`) gets them all.
        """
        if self._subtree_routes is None:
            self._subtree_routes = []
            for route in self.router.routes:
                resource = self.router.resource_for_item_template(route.template)
                if route.method == "GET" and resource is not None and \
                        behaviours.find(resource.graph_type, "@subtree") is not None:
                    self._subtree_routes.append(route)
        if not self._subtree_routes:
            return None
        segments = path.split("/")
        for end in range(len(segments), 0, -1):
            prefix = "/".join(segments[:end])
            for route in self._subtree_routes:
                params = route.match(prefix)
                if params is not None:
                    return route, params
        return None

    def run_route_hook(self, request: GraphRequest, route: Route,
                       params: dict[str, str]) -> Response | None:
        """The `@list:`/`@get:`/`@delta:`/`@patch:` behaviour of the route, if registered."""
        parent_template = route.parent_template
        if route.kind == "collection":
            name = "@list:" + hook_segment(route.template)
        elif route.kind == "delta":
            collection = route.template.removesuffix("/delta")
            name = "@delta:" + hook_segment(collection)
            parent_template = collection.rsplit("/", 1)[0] if "/" in collection else ""
        elif (request.method == "GET" and route.kind in ("item", "navigation", "navigation_item")
              and self.router.resource_for_item_template(route.template) is None):
            # Not a resource's own path: `drives/{id}/root`, `special/{name}`, `root:/{path}:`.
            name = "@get:" + hook_segment(route.template)
        elif request.method == "PATCH" and route.kind == "navigation":
            # A part of an entity updated at a path of its own (a list item's `fields`).
            name = "@patch:" + hook_segment(route.template)
        else:
            return None
        hook = behaviours.find(route.graph_type, name)
        if hook is None:
            return None
        scope = self.scope_of(params)
        target = self.nearest_object(parent_template, params, scope)
        return hook(behaviours.ActionContext(self, request, target, scope, params, None,
                                             extra={"route": route}))

    def nearest_object(self, template: str, params: dict[str, str], scope: str) -> Record | None:
        """The entity at `template` or, if it names none (`drives/{id}/special`,
        `.../tasks`), at the closest template above it that does."""
        while template:
            record = self.object_at(template, params, scope)
            if record is not None:
                return record
            template = template.rsplit("/", 1)[0] if "/" in template else ""
        return None

    # ------------------------------------------------------------------ resolution
    def renderer(self, graph_type: str) -> Renderer:
        found = self._renderers.get(graph_type)
        if found is None:
            resource = self.router.resource_for_type(graph_type)
            canonical = resource is not None and resource.emulator.odata_id
            found = Renderer(graph_type, resource, self.router.fields_of(graph_type),
                             self.router.zoned_paths(graph_type),
                             self.canonical_url if canonical else None,
                             self.family_of(graph_type))
            self._renderers[graph_type] = found
        return found

    def family_of(self, graph_type: str) -> Family:
        return self.router.family_of(graph_type)

    def canonical_url(self, record: Record) -> str | None:
        """`@odata.id` of an entity in a user's mailbox whose spec says `odata_id: true`:
        `users('<user id>@<tenant id>')/calendars('<id>')` (G: api/calendar-get.md,
        api/user-list-calendars.md). Other Outlook and directory entities carry none."""
        entity_set = self.router.collection_path(record.graph_type)
        collection, _, owner = record.scope.partition("/")
        if entity_set is None or collection != "users" or not owner:
            return None
        user = f"{owner}@{self.identity.tenant_id}"
        return f"{self.base_url()}v1.0/users('{user}')/{entity_set}('{record.id}')"

    def entity_context(self, record: Record, select: list[str] | None) -> str:
        """`users/$entity`, `users('<id>')/messages/$entity`, `users(displayName)/$entity`,
        `users('<id>')/todo/lists('<list id>')/tasks/$entity`."""
        base = self.context_path(record)
        if select:
            base += "(" + ",".join(select) + ")"
        return base + "/$entity"

    def context_path(self, record: Record, depth: int = 0) -> str:
        """The entity set path of a record: its scope and collection path, or, for an entity
        whose path runs through its parent (a task in a list, an attachment), the parent's
        path, its key and the link it is listed under."""
        path = self.router.collection_path(record.graph_type)
        if path is None and depth < 8:
            for parent_id, segment in self.store.linked_from(record.id):
                # Of entities sharing an id (a team and its group), the one listing this kind.
                found = self.store.find_all(parent_id)
                parent = next((f for f in found if self.router.has_navigation(f.graph_type, segment)),
                              found[0] if found else None)
                if parent is not None:
                    return (f"{self.context_path(parent, depth + 1)}('{parent.id}')/"
                            f"{segment}")
        if path is None:
            path = _entity_set(record.graph_type)
        if record.scope:
            collection, _, key = record.scope.partition("/")
            return f"{collection}('{key}')/{path}"
        return path

    def not_found(self, graph_type: str, key: str) -> GraphError:
        family = self.family_of(graph_type)
        if family.name == "directory":
            message = (f"Resource '{key}' does not exist or one of its queried "
                       "reference-property objects are not present.")
        else:
            message = "The specified object was not found in the store."
        return GraphError(404, family.not_found_code, message)

    def resource_record(self, value: str) -> Record | None:
        """The entity a `{resource}` segment names (`users/<id or upn>`), if its type is served."""
        collection, _, key = value.partition("/")
        graph_type = self.router.resource_collections.get(collection, "")
        if self.router.resource_for_type(graph_type) is None:
            return None
        record = self.store.get(graph_type, key)
        if record is None:
            raise self.not_found(graph_type, key)
        return record

    def scope_of(self, params: dict[str, str]) -> str:
        if "resource" in params:
            record = self.resource_record(params["resource"])
            if record is None:
                return params["resource"]
            return f"{params['resource'].split('/', 1)[0]}/{record.id}"
        if "parent" in params:
            return self.scope_of_path(params["parent"])
        return ""

    def scope_of_path(self, path: str) -> str:
        """The scope of the entity at `path`, or of the collection it names
        (`{parent}` of an attachment is `users/x/messages/y/attachments`)."""
        try:
            return self.object_by_path(path).scope
        except GraphError:
            for route in self.router.routes:
                if route.method == "GET" and route.kind == "collection":
                    params = route.match(path)
                    if params is not None and "parent" not in params:
                        return self.scope_of(params)
            raise

    def object_at(self, template: str, params: dict[str, str], scope: str) -> Record | None:
        """The entity a (partial) route template points at, or None if it names none."""
        if template in ("", "{resource}"):
            return self.resource_record(params["resource"]) if template else None
        if template == "{parent}":
            return self.object_by_path(params["parent"])
        resource = self.router.resource_for_item_template(template)
        if resource is None:
            return self.linked_member(template, params, scope) or self.navigated(
                template, params, scope)
        # A path that ends in a name below its owner's id (`planner/tasks/{id}/details`, a
        # user's presence `users/{id}/presence`) is an entity with its owner's id.
        id_param = last_placeholder(template) or owner_key(template)
        key = params.get(id_param or "", "")
        record = self.store.get(resource.graph_type, key, scope or None)
        if record is None and not scope:
            record = self.store.get(resource.graph_type, key)
        if record is None and id_param in (None, "resource"):
            # A path without an id (`{resource}/mailboxSettings`): one entity per scope.
            record = next(iter(self.store.items(resource.graph_type, scope)), None)
        if (record is None or not in_context(resource, template, params, record)
                or not self.under_parent(record, template, params, scope)):
            raise self.not_found(resource.graph_type, key)
        return record

    def under_parent(self, record: Record, template: str, params: dict[str, str],
                     scope: str) -> bool:
        """The parent-child rule for an item path (`.../lists/{list_id}/tasks/{id}`): an
        entity created under (linked to) parents is reachable only below one of them."""
        collection = template.rsplit("/", 1)[0]
        parent_template, _, segment = collection.rpartition("/")
        if parent_template in ("", "{resource}", "{parent}"):
            return True  # the scope (or the route's own `{parent}` check) decides
        parents = self.store.parents(record.id, segment)
        if not parents:
            return True  # not a linked child: owner_field or context_from decide
        parent = self.object_at(parent_template, params, scope)
        return parent is None or parent.id in parents

    def linked_member(self, template: str, params: dict[str, str], scope: str) -> Record | None:
        """The entity `<linked collection>/{key}` names (`calendars/{id}/events/{event_id}`),
        if it is linked there; None when the template names no linked collection member."""
        key_name = last_placeholder(template)
        collection = template.rsplit("/", 1)[0]
        link = self.router.linked_collections.get(structural(collection))
        if key_name is None or link is None:
            return None
        parent = self.object_at(collection.rsplit("/", 1)[0], params, scope)
        key = params.get(key_name, "")
        record = self.store.find(key) if parent is not None else None
        if record is None or parent is None or parent.id not in self.store.parents(key, link):
            raise self.not_found(self.route_type(collection), key)
        return record

    def navigated(self, template: str, params: dict[str, str], scope: str) -> Record | None:
        """The entity a single-valued navigation template names (`{resource}/calendar`,
        `drives/{id}/root`), or None when the template names no entity."""
        wanted = structural(template)
        for route in self.router.routes:
            if (route.method == "GET" and route.kind == "navigation" and not route.many
                    and route.navigation and structural(route.template) == wanted):
                parent = self.object_at(route.parent_template, params, scope)
                found = self.linked(parent, route.navigation, route.graph_type) if parent else []
                return found[0] if found else None
        return None

    def object_by_path(self, path: str) -> Record:
        for route in self.router.routes:
            if route.method == "GET" and route.kind in ("item", "resource"):
                params = route.match(path)
                if params is not None:
                    record = self.object_at(route.template, params, self.scope_of(params))
                    if record is not None:
                        return record
        raise GraphError(404, "itemNotFound", f"Resource not found for the path '{path}'.")

    def collection_records(self, route: Route, params: dict[str, str], scope: str) -> list[Record]:
        if route.owner_field is not None:
            parent = self.object_at(route.parent_template, params, scope)
            owner_value = parent.id if parent is not None else params.get(
                _last_param(route.parent_template), "")
            return self.store.items_where(route.graph_type, scope, route.owner_field, owner_value)
        if route.link is not None:
            parent = self.object_at(route.parent_template, params, scope)
            if parent is None:
                return []
            return self.linked(parent, route.link, route.graph_type)
        return self.store.items(route.graph_type, scope)

    def route_type(self, collection: str) -> str:
        """The graph type a collection template lists (for a 404's error code)."""
        for route in self.router.routes:
            if route.kind == "collection" and structural(route.template) == structural(collection):
                return route.graph_type
        return ""

    def linked(self, parent: Record, navigation: str, graph_type: str) -> list[Record]:
        out = []
        for target in self.store.links(parent.id, navigation):
            record = self.store.get(graph_type, target) or self.store.find(target)
            if record is not None:
                out.append(record)
        return out

    # ------------------------------------------------------------------ entities
    def context_url(self, fragment: str) -> str:
        return f"{self.base_url()}v1.0/$metadata#{fragment}"

    def entity_response(self, record: Record, context: str, select: list[str] | None,
                        *, status: int = 200, odata_type: bool = False,
                        headers: dict[str, str] | None = None) -> Response:
        renderer = self.renderer(record.graph_type)
        projection = renderer.projection(select)
        body = renderer.entity_bytes(record, projection, odata_type=odata_type)
        prefix = b'{"@odata.context":' + dumps(self.context_url(context))
        body = prefix + (b"," + body[1:] if len(body) > 2 else b"}")
        out = {"Content-Type": JSON, **(headers or {})}
        if renderer.family.sends_etag:
            out["ETag"] = record.etag
        return status, out, body

    def parse_select(self, request: GraphRequest, graph_type: str) -> list[str] | None:
        from .listing import parse_select_option

        return parse_select_option(self, request, graph_type)

    def on_entity(self, request: GraphRequest, route: Route, params: dict[str, str],
                  record: Record) -> Response:
        if request.method == "GET":
            select = self.parse_select(request, record.graph_type)
            return self.entity_response(record, self.entity_context(record, select), select)
        self.check_if_match(request, record)
        scope = self.scope_of(params)
        if request.method == "DELETE":
            self.store.delete(record)
            self.run_hook("@deleted", request, record, scope, params, None, {"route": route})
            return 204, {}, b""
        changes = self.validated_body(request, record.graph_type, creating=False)
        extra: dict[str, Any] = {"route": route}  # shared by @updating and @updated
        self.run_hook("@updating", request, record, scope, params, changes, extra)
        changes = without_instructions(changes)
        stamp_modified(self.renderer(record.graph_type), changes)
        self.store.update(record, changes)
        self.run_hook("@updated", request, record, scope, params, changes, extra)
        family = self.family_of(record.graph_type)
        if family.patch_no_content:
            return 204, {}, b""
        if family.patch_returns_on_request and not wants_representation(request):
            return 204, {"ETag": record.etag}, b""
        headers = {"Preference-Applied": "return=representation"} if family.patch_returns_on_request else None
        return self.entity_response(record, self.entity_context(record, None), None,
                                    headers=headers)

    def run_hook(self, name: str, request: GraphRequest, record: Record, scope: str,
                 params: dict[str, str], body: Any, extra: dict[str, Any]) -> None:
        """Run the `@created`/`@updating`/`@updated`/`@deleted` hook of the record's type."""
        hook = behaviours.find(record.graph_type, name)
        if hook is not None:
            hook(behaviours.ActionContext(self, request, record, scope, params, body, extra))

    def check_if_match(self, request: GraphRequest, record: Record) -> None:
        expected = request.headers.get("if-match")
        if expected is None:
            if self.family_of(record.graph_type).requires_if_match:
                raise GraphError(400, self.family_of(record.graph_type).bad_request_code,
                                 "The If-Match header must be specified for this kind of request.")
            return
        wanted = {tag.strip().removeprefix("W/") for tag in expected.split(",")}
        if "*" in wanted or record.etag.removeprefix("W/") in wanted:
            return
        family = self.family_of(record.graph_type)
        raise GraphError(412, family.precondition_code,
                         "The ETag value in the If-Match header does not match the "
                         "current version of the object.")

    def validated_body(self, request: GraphRequest, graph_type: str, *,
                       creating: bool) -> dict[str, Any]:
        body = request.json_body()
        if not isinstance(body, dict):
            raise GraphError(400, "BadRequest", "The request body must be a JSON object.")
        resource = self.router.resource_for_type(graph_type)
        family = self.family_of(graph_type)
        if resource is None:
            return body
        fields = {f.graph_name: f for f in self.router.fields_of(graph_type)}
        for name in body:
            if name.startswith("@") or "@" in name:
                continue
            spec = fields.get(name)
            if spec is None and creating and self.router.has_navigation(graph_type, name):
                continue  # a deep insert (`attachments` of a new message): `create` adds them
            if spec is None:
                raise GraphError(400, family.bad_request_code,
                                 f"Property '{name}' does not exist on type '{graph_type}'.")
            if spec.read_only and name != "id":
                raise GraphError(400, family.bad_request_code,
                                 f"Property '{name}' is read-only and cannot be set.")
        if creating:
            required = [f.graph_name for f in resource.fields if f.required_on_create]
            for name in required:
                if body.get(name) in (None, ""):
                    raise GraphError(400, family.bad_request_code,
                                     f"Invalid value specified for property '{name}' of "
                                     f"resource '{resource.name}'.")
        return {k: v for k, v in body.items() if k != "id"}

    def create(self, request: GraphRequest, route: Route, params: dict[str, str]) -> Response:
        from .references import BIND_SUFFIX, bind_links, check_binds

        scope = self.scope_of(params)
        data = self.validated_body(request, route.graph_type, creating=True)
        # `owners@odata.bind: [url, ...]`: links to existing entities, never stored as data.
        binds = {k: data.pop(k) for k in list(data) if k.endswith(BIND_SUFFIX)}
        check_binds(self, binds)
        renderer = self.renderer(route.graph_type)
        nested = {name: data.pop(name) for name in list(data)
                  if name not in renderer.known and not name.startswith("@")}
        self.complete_new(route.graph_type, data)
        creating = behaviours.find(route.graph_type, "@creating")
        if creating is not None:  # may refuse (GraphError) or complete the data
            creating(behaviours.ActionContext(self, request, None, scope, params, data,
                                              {"route": route}))
        if route.owner_field is not None:
            parent = self.object_at(route.parent_template, params, scope)
            data[route.owner_field] = parent.id if parent is not None else params.get(
                _last_param(route.parent_template), "")
        record = self.store.insert(route.graph_type, scope, without_instructions(data),
                                   id_style=renderer.family.id_style)
        if route.link is not None:
            parent = self.object_at(route.parent_template, params, scope)
            if parent is not None:
                self.store.add_link(parent.id, route.link, record.id)
        bind_links(self, record, binds)
        self.run_hook("@created", request, record, scope, params, data, {"route": route})
        for name, members in nested.items():
            self.deep_insert(request, record, name, members)
        return self.entity_response(record, self.entity_context(record, None), None, status=201)

    def deep_insert(self, request: GraphRequest, record: Record, navigation: str,
                    members: Any) -> None:
        """OData deep insert (G: api/user-post-messages.md, "with file attachments"): each
        member given for a collection navigation of a new entity is created in it, as a POST
        to that collection would create it."""
        resource = self.router.resource_for_type(record.graph_type)
        if not isinstance(members, list) or resource is None or resource.path is None:
            raise GraphError(400, "BadRequest", f"'{navigation}' must be an array of entities.")
        own = PLACEHOLDER.sub(lambda m: record.scope if m.group(1) == "resource" else (
            record.id if m.group(1) == "id" else m.group(0)), resource.path)
        if "{" in own and request.method == "POST":
            # A path through its parent (`teams/{team_id}/channels/{id}`): the new entity is
            # the collection the create was sent to, then its id.
            own = f"{request.path.rstrip('/')}/{record.id}"
        for member in members:
            child = GraphRequest("POST", f"{own}/{navigation}", {}, request.headers,
                                 json.dumps(member).encode(), request.request_id,
                                 original_path=f"{own}/{navigation}", token=request.token)
            found = self.router.match("POST", child.path)
            if found is None or "{" in own:
                raise GraphError(400, "BadRequest", f"'{navigation}' cannot be created here.")
            self.dispatch(child, *found)

    def complete_new(self, graph_type: str, data: dict[str, Any]) -> None:
        """Fill in what Graph does on create (the spec's `emulator: defaults`, timestamps)."""
        complete_new(self.router.resource_for_type(graph_type), self.renderer(graph_type).known,
                     data)

    def navigation(self, request: GraphRequest, route: Route, params: dict[str, str]) -> Response:
        scope = self.scope_of(params)
        parent = self.object_at(route.parent_template, params, scope)
        nav = route.navigation or ""
        targets = self.linked(parent, nav, route.graph_type) if parent is not None else []
        if not targets and parent is not None:
            # No link of its own: the entity that contains this one, if of the type asked for
            # (an event's `calendar` is the calendar whose `events` hold it).
            own = self.router.resource_for_type(parent.graph_type)
            segment = child_link(own) if own is not None else ""
            targets = [found for source in sorted(self.store.parents(parent.id, segment))
                       if (found := self.store.get(route.graph_type, source)) is not None]
        if not targets:
            key = nav if parent is None else nav
            raise self.not_found(route.graph_type, key)
        record = targets[0]
        select = self.parse_select(request, record.graph_type)
        directory = self.family_of(record.graph_type).name == "directory"
        context = "directoryObjects/$entity" if directory else self.entity_context(record, select)
        return self.entity_response(record, context, select, odata_type=directory)

    def navigation_item(self, request: GraphRequest, route: Route,
                        params: dict[str, str]) -> Response:
        """One entity of a navigation collection (`{self}/attachments/{attachment_id}`)."""
        record = self.navigation_record(route.template, route, params)
        return self.on_entity(request, route, params, record)

    def navigation_record(self, item_template: str, route: Route,
                          params: dict[str, str]) -> Record:
        """The entity `item_template` (`.../attachments/{attachment_id}`) names, if linked."""
        scope = self.scope_of(params)
        parent_template = item_template.rsplit("/", 2)[0]
        parent = self.object_at(parent_template, params, scope)
        key = params.get(last_placeholder(item_template) or "", "")
        nav = route.navigation or ""
        if parent is None or key not in self.store.links(parent.id, nav):
            raise self.not_found(route.graph_type, key)
        record = self.store.get(route.graph_type, key) or self.store.find(key)
        if record is None:
            raise self.not_found(route.graph_type, key)
        return record

    def member_record(self, route: Route, params: dict[str, str]) -> Record:
        """The entity `{collection}/{member_id}` names, if its owner field says it is listed
        there (`.../mailFolders/{id}/childFolders/{member_id}`: parentFolderId == {id})."""
        scope = self.scope_of(params)
        key = params.get(route.id_param or "", "")
        collection = route.parent_template
        owner = self.object_at(collection.rsplit("/", 1)[0], params, scope)
        record = self.store.get(route.graph_type, key, scope or None)
        if (record is None or owner is None or route.owner_field is None
                or record.data.get(route.owner_field) != owner.id):
            raise self.not_found(route.graph_type, key)
        return record

    def navigation_content(self, request: GraphRequest, route: Route,
                           params: dict[str, str]) -> Response:
        """`.../attachments/{id}/$value`: the raw bytes (uploaded content or contentBytes).

        An entity whose raw value Graph derives rather than stores (an item attachment's
        `$value` is the attached item as MIME) has a `$value` behaviour for its type."""
        record = self.navigation_record(route.parent_template, route, params)
        # a derived type (itemAttachment) is stored under its base type with its @odata.type
        declared = str(record.data.get("@odata.type") or "").lstrip("#") or record.graph_type
        derived = behaviours.find(declared, "$value")
        if derived is not None:
            return derived(behaviours.ActionContext(self, request, record, self.scope_of(params),
                                                    params, None))
        content = self.transfers.content_of(record.id) if self.transfers is not None else None
        encoded = record.data.get("contentBytes")
        if content is None and isinstance(encoded, str):
            try:
                content = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                content = None
        if content is None:
            raise GraphError(404, self.family_of(record.graph_type).not_found_code,
                             "The attachment has no content.")
        content_type = str(record.data.get("contentType") or "application/octet-stream")
        return 200, {"Content-Type": content_type}, content

    def action(self, request: GraphRequest, route: Route, params: dict[str, str]) -> Response:
        scope = self.scope_of(params)
        target = self.object_at(route.parent_template, params, scope)
        bound_type = target.graph_type if target is not None else route.graph_type
        action = route.action or ""
        function = behaviours.find(bound_type, action)
        listed = self.router.collection_at(route.template)
        # An entity set that is only ever POSTed to (`planner/tasks`: a resource's own path
        # without its id, never listed) takes a create as well.
        own_set = self.router.resource_for_item_template(route.template + "/{id}")
        if (function is None and request.method == "POST" and (
                (listed is not None and listed.graph_type == route.graph_type)
                or (own_set is not None and own_set.graph_type == route.graph_type))):
            # A POST to an entity collection creates a member of it (OData's rule), whatever
            # the spec calls the operation (`new_list` is an action returning the new list).
            return self.create(request, replace(
                route, kind="create", link=listed.link if listed else None,
                owner_field=listed.owner_field if listed else None), params)
        if function is None:
            raise GraphError(501, "NotImplemented",
                             f"The emulator has no behaviour for '{action}' on "
                             f"'{bound_type}' yet.")
        # A JSON body is parsed; raw bytes (a photo, `Content-Type: image/jpeg`) are left to
        # the behaviour, in `request.body`.
        raw = not request.headers.get("content-type", "json").split(";")[0].strip().endswith("json")
        body = (request.json_body() if request.method in ("POST", "PATCH", "PUT") and not raw
                else None)
        return function(behaviours.ActionContext(self, request, target, scope, params, body))


def in_context(resource: ir.Resource, template: str, params: dict[str, str],
               record: Record) -> bool:
    """False when the path names a parent the entity is not in: `drives/{A}/items/{id}` for
    an item of drive B. `context_from: {drive_id: parentReference/driveId}` says where the
    entity keeps each key; `template` may name its placeholders differently from the
    resource's own path (`drives/{id}/items/{item_id}`), so they are paired by position."""
    if not resource.context_from or resource.path is None:
        return True
    named = dict(zip(PLACEHOLDER.findall(resource.path), PLACEHOLDER.findall(template),
                     strict=True))
    for key, path in resource.context_from:
        wanted = params.get(named.get(key, key))
        value = value_at(record.data, path)
        if wanted is not None and value is not None and str(value) != wanted:
            return False
    return True


def value_at(data: Mapping[str, Any], path: str) -> Any:
    """The value at a slash path (`parentReference/driveId`), or None."""
    value: Any = data
    for name in path.split("/"):
        value = value.get(name) if isinstance(value, Mapping) else None
    return value


def wants_representation(request: GraphRequest) -> bool:
    """`Prefer: return=representation` among the request's preferences (RFC 7240)."""
    preferences = request.headers.get("prefer", "")
    return any(p.strip().lower() == "return=representation" for p in preferences.split(","))


def owner_key(template: str) -> str | None:
    """The last placeholder of a template that ends in a literal segment, other than
    `{resource}`/`{parent}` (those name a scope or a collection, not an id)."""
    names = [n for n in PLACEHOLDER.findall(template) if n not in ("resource", "parent")]
    return names[-1] if names else None


def _last_param(template: str) -> str:
    return last_placeholder(template) or ""


def without_instructions(data: dict[str, Any]) -> dict[str, Any]:
    """`data` without request-only instance annotations (`@microsoft.graph.conflictBehavior`,
    `@microsoft.graph.sourceUrl`...): Graph acts on them and never stores them."""
    return {k: v for k, v in data.items() if not k.startswith("@microsoft.graph.")}


def _entity_set(graph_type: str) -> str:
    name = graph_type.rsplit(".", 1)[-1]
    return name + "s" if not name.endswith("s") else name


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp_modified(renderer: Renderer, changes: dict[str, Any]) -> None:
    if "lastModifiedDateTime" in renderer.known:
        changes["lastModifiedDateTime"] = utc_now()
