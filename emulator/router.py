"""Routes for Graph v1.0, built from the specs' resource paths and operation paths.

No route is written by hand: every resource path (``users/{id}``), every operation path
(``{self}/manager``, ``{resource}/mailFolders/{folder_id}/messages``) becomes a regular
expression plus a *kind* that tells the generic handler what to do. A new YAML spec is
served without new emulator code.

Placeholders: ``{resource}`` matches ``users/<x>``, ``groups/<x>`` or ``sites/<x>`` (``me`` is
rewritten to ``users/<signed-in id>`` before routing); ``{parent}`` matches the path of a
collection the entity is listed in (for attachments, any path ending in ``/attachments``);
``{self}`` is the owning resource's own path; anything else is one path segment.

A collection whose members carry their owner's id (``owner_field``) also answers GET of one
member by id (``{resource}/mailFolders/{id}/childFolders/{member_id}``), as Graph does.

Parent-child rule: a collection below another entity (``{resource}/todo/lists/{list_id}/tasks``)
holds only what was created under (or linked to) that entity; the route's ``link`` names the
store link that records it (the navigation property, else the collection's last segment).
Collections directly under ``{resource}`` or tenant-wide are the whole scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import unquote

from generated.o365._generator import ir

from .families import GENERIC, Family, families_by_type

__all__ = ["Route", "Router", "decode_path", "hook_segment", "key_segments", "structural"]

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
RESOURCE_PATTERN = r"(?:users|groups|sites)/[^/]+"
# Kinds of operation whose path names one existing entity (the last placeholder is its id).
ITEM_KINDS = {"get", "refresh", "update", "save", "delete"}


# Placeholders that match differently from one path segment keep their names in `structural`.
SPECIAL = ("resource", "parent", "self")


def decode_path(raw: str) -> str:
    """A request path decoded segment by segment: an encoded ``/`` (``%2F``) inside an id
    stays ``%2F``, so a value never adds a segment (as Graph reads ids: one segment each)."""
    return "/".join(unquote(part).replace("/", "%2F") for part in raw.split("/"))


_KEY_SEGMENT = re.compile(r"^([A-Za-z][A-Za-z0-9]*)\('((?:[^']|'')*)'\)$")


def key_segments(path: str) -> str:
    """OData's key syntax read as key-as-segment: `teams('<id>')/operations('<id>')` is
    `teams/<id>/operations/<id>` (OData URL conventions §4.3.1, §4.3.6; Graph answers both, and
    Teams' long-running operations give the first in `Location`, G: api/team-post.md). A key
    with a `/` in it stays as it is written, so a value never adds a segment; nothing after
    a path-based address (`root:/a/b:`) is touched, where the segments are names."""
    out: list[str] = []
    for index, segment in enumerate(segments := path.split("/")):
        if ":" in segment:
            return "/".join(out + segments[index:])
        found = _KEY_SEGMENT.match(segment)
        key = found.group(2).replace("''", "'") if found else ""
        out.append(f"{found.group(1)}/{key}" if found and key and "/" not in key else segment)
    return "/".join(out)


def structural(template: str) -> str:
    """The template with placeholder names erased, so `users/{id}` == `users/{user_id}`.

    `{resource}` and `{parent}` keep their names: `{parent}/{id}` (any entity's child) is
    not the same route as `{resource}/{id}`.
    """
    return PLACEHOLDER.sub(lambda m: m.group(0) if m.group(1) in SPECIAL else "{}", template)


def hook_segment(template: str) -> str:
    """The template's last literal segment, without any `(...)` part and `:`.

    `drives/{id}/search(q='{text}')` -> "search", `drives/{id}/root:/{item_path}:` -> "root",
    `drives/{id}/special/{name}` -> "special". Behaviour hooks are named after it.
    """
    for segment in reversed(template.split("/")):
        text = segment.split("(", 1)[0].replace(":", "")
        if text and not PLACEHOLDER.fullmatch(text):
            return text
    return ""


def last_placeholder(template: str) -> str | None:
    names: list[str] = PLACEHOLDER.findall(template)
    if names and template.endswith("{" + names[-1] + "}"):
        return names[-1]
    return None


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    kind: str  # collection count create item resource navigation navigation_item member
    #            content action delta download upload ref
    graph_type: str  # the entity type listed, returned, created or acted on
    operation: ir.Operation | None = None
    owner_field: str | None = None
    navigation: str | None = None
    action: str | None = None
    many: bool = True  # navigation: a collection (directReports) or one entity (manager)
    # `{parent}/...` routes: the last segments a `{parent}` may end with (the names of the
    # collections the entity is listed in); empty = any path.
    parents: frozenset[str] = frozenset()
    # Upload sessions in the outlook style: the body member that describes the file (the
    # spec's `session_item`, AttachmentItem or attachmentInfo); None: the drive style.
    session_item: str | None = None
    # What createUploadSession answers there (the spec's `session_status`); None: the style's.
    session_status: int | None = None
    # collection, count, create, delta: the store link from the parent entity to its
    # children (None: the collection is the whole scope, or owner_field says)
    link: str | None = None

    @property
    def id_param(self) -> str | None:
        return last_placeholder(self.template)

    @property
    def parent_template(self) -> str:
        """The template of the entity this route hangs off; a type cast segment
        (`{parent}/{id}/microsoft.graph.itemAttachment/item`) names no entity of its own."""
        segments = self.template.split("/")[:-1]
        while segments and segments[-1].startswith("microsoft.graph."):
            segments.pop()
        return "/".join(segments)

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.match(path)
        if found is None:
            return None
        params = _params(found)
        parent = params.get("parent")
        if self.parents and parent is not None:
            if parent.rsplit("/", 1)[-1].casefold() not in self.parents:
                return None  # `.../childFolders/{id}` is no attachment
        return params


def _is_name(segment: str) -> bool:
    return re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", segment) is not None


def _params(found: re.Match[str]) -> dict[str, str]:
    return {name.split("__", 1)[0]: value for name, value in found.groupdict().items()
            if value is not None and not name.endswith("__dup")}


def compile_template(template: str, raw: frozenset[str] = frozenset()) -> re.Pattern[str]:
    """A regular expression for the template; placeholders named in `raw` span segments."""
    out = ["^"]
    seen: set[str] = set()
    pos = 0
    for found in PLACEHOLDER.finditer(template):
        out.append(re.escape(template[pos:found.start()]))
        name = found.group(1)
        group = name if name not in seen else f"{name}__dup"
        seen.add(name)
        if name == "resource":
            out.append(f"(?P<{group}>{RESOURCE_PATTERN})")
        elif name == "parent" or name in raw:
            out.append(f"(?P<{group}>.+?)")
        else:
            out.append(f"(?P<{group}>[^/]+?)")
        pos = found.end()
    out.append(re.escape(template[pos:]) + "$")
    return re.compile("".join(out))


def _specificity(route: Route) -> tuple[int, int, int]:
    literal = len(PLACEHOLDER.sub("", route.template))
    greedy = route.template.count("{parent}")
    return (greedy, -literal, -len(route.template))


class Router:
    """All routes of a spec set, most specific first."""

    def __init__(self, specset: ir.SpecSet) -> None:
        self.specset = specset
        # A graph type shared by a base resource and its `extends` subtypes (driveItem and its
        # facets) is served as the base; the subtypes' fields are known too (see fields_of).
        ordered = sorted(specset.resources, key=lambda r: r.base is not None)
        self.resources: dict[str, ir.Resource] = {}
        for resource in ordered:
            self.resources.setdefault(resource.graph_type, resource)
        self._by_name: dict[str, ir.Resource] = {r.name: r for r in specset.resources}
        self._complex: dict[str, ir.ComplexType] = {t.name: t for t in specset.complex_types}
        # structural item template -> resource, to find the object a path hangs off
        self.item_templates: dict[str, ir.Resource] = {}
        for resource in ordered:
            if resource.path is not None:
                self.item_templates.setdefault(structural(resource.path), resource)
        routes: dict[tuple[str, str], Route] = {}
        for resource in ordered:
            self._add_item_routes(resource, routes)
        for resource in ordered:
            for op in self._operations_of(resource):
                self._add_operation(op, resource, routes)
            self._add_attachments(resource, routes)
            self._add_session(resource, routes)
        for service in specset.services:
            for op in service.operations:
                self._add_operation(op, None, routes)
        self.routes = sorted(self._restrict_parents(list(routes.values())), key=_specificity)
        self.families = families_by_type(specset)
        # `{resource}` values name an entity of a tenant-wide collection: users/{id} -> user
        self.resource_collections = {
            r.path.split("/")[0]: r.graph_type for r in ordered
            if r.path is not None and re.fullmatch(r"\w+/\{\w+\}", r.path)}
        # structural collection template -> the link its members are kept under
        self.linked_collections = {structural(r.template): r.link for r in self.routes
                                   if r.method == "GET" and r.kind == "collection" and r.link}
        # structural collection template -> the field its members name their owner by
        self.owned_collections = {structural(r.template): r.owner_field for r in self.routes
                                  if r.method == "GET" and r.kind == "collection" and r.owner_field}
        self.routes = [self._listed_link(r) for r in self.routes]

    # ------------------------------------------------------------------ lookup
    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method == method:
                params = route.match(path)
                if params is not None:
                    return route, params
        return None

    def unmatched_segment(self, path: str) -> str:
        """The segment of an unserved `path` that Graph's "Resource not found for the segment"
        names: the one after the longest prefix some GET route serves (`users/{id}/frob` ->
        `frob`), else the first. A client can tell "no such thing" from a typo upstream."""
        segments = path.split("/")
        for end in range(len(segments) - 1, 0, -1):
            prefix = "/".join(segments[:end])
            if any(r.method == "GET" and r.match(prefix) is not None for r in self.routes):
                return segments[end]
        return segments[0]

    def has_navigation(self, graph_type: str, name: str) -> bool:
        """Whether an entity of `graph_type` has a navigation `name` some route serves."""
        return any(self._navigates(route, graph_type, name) for route in self.routes)

    def single_valued(self, graph_type: str, name: str) -> bool:
        """Whether that navigation names one entity (an eventMessage's `event`), not a list."""
        return any(route.kind == "navigation" and not route.many
                   and self._navigates(route, graph_type, name) for route in self.routes)

    def _navigates(self, route: Route, graph_type: str, name: str) -> bool:
        resource = self.resources.get(graph_type)
        if resource is None or resource.path is None:
            return False
        return (route.template.rsplit("/", 1)[-1] == name
                and structural(route.parent_template) == structural(resource.path))

    def methods_for(self, path: str) -> list[str]:
        return sorted({r.method for r in self.routes if r.match(path) is not None})

    def resource_for_type(self, graph_type: str) -> ir.Resource | None:
        return self.resources.get(graph_type)

    def resource_for_item_template(self, template: str) -> ir.Resource | None:
        return self.item_templates.get(structural(template))

    def collection_at(self, template: str) -> Route | None:
        """The GET collection route at this template (any placeholder names), if any."""
        wanted = structural(template)
        return next((r for r in self.routes if r.method == "GET" and r.kind == "collection"
                     and structural(r.template) == wanted), None)

    def family_of(self, graph_type: str) -> Family:
        return self.families.get(graph_type, GENERIC)

    def collection_path(self, graph_type: str) -> str | None:
        """The entity set path `@odata.context` names for a type's entities below their
        scope: the spec's `emulator: entity_set`, else the resource path without `{resource}/`
        and the final `/{id}` (`messages`, `outlook/masterCategories`). None when that path
        has placeholders left (`todo/lists/{list_id}/tasks`): the parent's path decides."""
        resource = self.resources.get(graph_type)
        if resource is None:
            return None
        if resource.emulator.entity_set is not None:
            return resource.emulator.entity_set
        path = resource.path or ""
        if not path.endswith("/{id}"):
            return None
        head = path.removesuffix("/{id}").removeprefix("{resource}/")
        return None if "{" in head else head

    def type_of(self, ref: ir.TypeRef | None) -> str | None:
        if ref is None or ref.kind != "resource":
            return None
        resource = self._by_name.get(ref.name)
        return resource.graph_type if resource else None

    def fields_of(self, graph_type: str) -> tuple[ir.Field, ...]:
        """The fields of every resource serving `graph_type` and of the resources extending
        them (facet subtypes), base fields first, one per graph name."""
        names = {r.name for r in self.specset.resources if r.graph_type == graph_type}
        # The derived types a spec lists as `subtypes` (a directoryObject's user and group):
        # their properties may be selected in its collections, as Graph allows.
        names |= {target for r in self.specset.resources if r.name in names
                  for _, target in r.subtypes if target in self._by_name}
        for _ in range(len(self.specset.resources)):  # extends chains, bounded
            more = {r.name for r in self.specset.resources if r.base in names} - names
            if not more:
                break
            names |= more
        seen: dict[str, ir.Field] = {}
        base = self.resources.get(graph_type)
        ordered = ([base] if base is not None else []) + [
            r for r in self.specset.resources if r.name in names and r is not base]
        for resource in ordered:
            for spec in resource.fields:
                seen.setdefault(spec.graph_name, spec)
        return tuple(seen.values())

    def zoned_paths(self, graph_type: str) -> tuple[tuple[str, ...], ...]:
        """Slash paths (as tuples) of the dateTimeTimeZone values of a type's entities,
        through complex types (lists included), e.g. ("start",), ("flag", "dueDateTime")."""
        out: list[tuple[str, ...]] = []
        self._zoned(self.fields_of(graph_type), (), out, depth=0)
        return tuple(out)

    def _zoned(self, fields: tuple[ir.Field, ...], prefix: tuple[str, ...],
               out: list[tuple[str, ...]], depth: int) -> None:
        for spec in fields:
            path = (*prefix, spec.graph_name)
            if spec.type.name == "zoned_datetime":
                out.append(path)
            elif spec.type.kind == "complex" and depth < 4:
                inner = self._complex.get(spec.type.name)
                if inner is not None:
                    self._zoned(inner.fields, path, out, depth + 1)

    # ------------------------------------------------------------------ building
    def _restrict_parents(self, routes: list[Route]) -> list[Route]:
        """`{parent}/{id}...` routes match only below a collection of the resource whose own
        path is `{parent}/{id}` (or of a subtype): `{parent}` ends with that collection's name."""
        names_by_type: dict[str, set[str]] = {}
        for route in routes:
            if route.method == "GET" and route.kind == "collection":
                names_by_type.setdefault(route.graph_type, set()).add(
                    route.template.rsplit("/", 1)[-1].casefold())
        out = []
        for route in routes:
            head = "/".join(route.template.split("/", 2)[:2])
            resource = self.item_templates.get(structural(head))
            if route.template.startswith("{parent}/") and resource is not None:
                names = {name for graph_type in self._family_types(resource)
                         for name in names_by_type.get(graph_type, ())}
                if names:
                    route = replace(route, parents=frozenset(names))
            out.append(route)
        return out

    def _family_types(self, resource: ir.Resource) -> set[str]:
        """The graph types of the resource and of every resource extending it."""
        names = {resource.name}
        for _ in range(len(self.specset.resources)):  # extends chains, bounded
            more = {r.name for r in self.specset.resources if r.base in names} - names
            if not more:
                break
            names |= more
        return {r.graph_type for r in self.specset.resources if r.name in names}

    def _operations_of(self, resource: ir.Resource) -> list[ir.Operation]:
        """The resource's operations and those it inherits (`extends`: the generated class is
        a subclass), its own first: a subclass at another path (a channel message, a chat
        message's kind) is served the inherited ones at its own path."""
        out, names = [], set()
        current: ir.Resource | None = resource
        for _ in range(len(self.specset.resources)):  # extends chains, bounded
            if current is None:
                break
            out += [op for op in current.operations if op.name not in names]
            names |= {op.name for op in current.operations}
            current = self._by_name.get(current.base or "")
        return out

    def _add_item_routes(self, resource: ir.Resource,
                         routes: dict[tuple[str, str], Route]) -> None:
        """GET (and PATCH/DELETE when the spec has them) on the resource's own path."""
        if resource.path is None:
            return
        kinds = {op.kind for op in self._operations_of(resource)}
        pattern = compile_template(resource.path)
        self._put(routes, Route("GET", resource.path, pattern, "item", resource.graph_type))
        if kinds & {"update", "save", "renew"}:
            self._put(routes, Route("PATCH", resource.path, pattern, "item", resource.graph_type))
        if "delete" in kinds:
            self._put(routes, Route("DELETE", resource.path, pattern, "item",
                                    resource.graph_type))

    def _add_attachments(self, resource: ir.Resource,
                         routes: dict[tuple[str, str], Route]) -> None:
        """`attachments: {path, upload, returns}`: list, add, get, delete, `$value`, session."""
        settings = dict(resource.attachments)
        path = settings.get("path")
        returns = settings.get("returns")
        named = self._by_name.get(returns) if isinstance(returns, str) else None
        target = named.graph_type if named is not None else "microsoft.graph.attachment"
        if not isinstance(path, str) or resource.path is None or target not in self.resources:
            return
        template = path.replace("{self}", resource.path)
        nav = template.rsplit("/", 1)[-1]
        pattern = compile_template(template)
        self._put(routes, Route("GET", template, pattern, "collection", target, navigation=nav,
                                link=nav))
        self._put(routes, Route("POST", template, pattern, "create", target, navigation=nav,
                                link=nav))
        item = template + "/{attachment_id}"
        for method in ("GET", "DELETE"):
            self._put(routes, Route(method, item, compile_template(item), "navigation_item",
                                    target, navigation=nav))
        value = item + "/$value"
        self._put(routes, Route("GET", value, compile_template(value), "content", target,
                                navigation=nav))
        if settings.get("upload"):
            session = template + "/createUploadSession"
            status = settings.get("session_status")
            self._put(routes, Route("POST", session, compile_template(session), "upload", target,
                                    navigation=nav, session_item=str(settings["session_item"]),
                                    session_status=int(status) if isinstance(status, int) else None))

    def _add_session(self, resource: ir.Resource, routes: dict[tuple[str, str], Route]) -> None:
        """`session: {create, refresh, close}`: POST actions on the resource's own path."""
        settings = dict(resource.session)
        if not settings or resource.path is None:
            return
        for key in ("create", "refresh", "close"):
            template = str(settings[key]).replace("{self}", resource.path)
            self._put(routes, Route("POST", template, compile_template(template), "action",
                                    resource.graph_type, action=hook_segment(template)))

    def _add_operation(self, op: ir.Operation, owner: ir.Resource | None,
                       routes: dict[tuple[str, str], Route]) -> None:
        # `path_when: {switch: other path}`: the operation is also served at the other path,
        # as the action its last segment names (accept -> tentativelyAccept).
        for _switch, other in op.path_when:
            if other != op.path:
                self._add_operation(replace(op, path=other, path_when=(), graph_action=None),
                                    owner, routes)
        # `unless: {switch: variant}`: the variant (its own path and action) is served too.
        for _switch, variant in op.unless:
            self._add_operation(variant, owner, routes)
        if owner is not None and owner.path is not None:
            template = op.path.replace("{self}", owner.path)
        elif "{self}" in op.path:
            return  # a resource without a path has no {self} to call
        else:
            template = op.path
        returned = self.type_of(op.returns)
        own_type = owner.graph_type if owner is not None else None
        raw = frozenset(p.graph_name for p in op.params if p.raw)
        pattern = compile_template(template, raw)
        # A subscription is created by POSTing it (subscribe) and renewed by a PATCH (renew).
        kind = {"find": "list", "subscribe": "create", "renew": "update"}.get(op.kind, op.kind)
        if kind in ("computed", "set", "open", "read_blocks", "write_blocks"):
            return  # answered on the client, or sent as requests other routes serve
        if kind == "save" and structural(template) not in self.item_templates:
            kind = "create"  # save() of a new object POSTs to its collection
        if kind == "upload":
            self._add_upload(op, owner, template, returned or own_type or "", routes)
            return
        if kind == "action" and template.endswith("/$ref"):
            # `{entity}/{navigation}/$ref` (POST adds) or `.../{navigation}/{key}/$ref` (DELETE
            # removes): references, not entities (emulator.references).
            segments = template.removesuffix("/$ref").split("/")
            navigation = segments[-2] if PLACEHOLDER.fullmatch(segments[-1]) else segments[-1]
            self._put(routes, Route(op.http_method, template, pattern, "ref",
                                    returned or own_type or "", op, navigation=navigation))
            return
        link = self._link(op, template) if kind in ("list", "create", "new", "delta") else None
        if kind == "list" and returned:
            nav = op.navigation if op.owner_field is None else None
            self._put(routes, Route("GET", template, pattern, "collection", returned, op,
                                    op.owner_field, nav, link=link))
            count_template = template + "/$count"
            self._put(routes, Route("GET", count_template, compile_template(count_template, raw),
                                    "count", returned, op, op.owner_field, nav, link=link))
            if op.owner_field is not None and not raw:
                member = template + "/{member_id}"
                self._put(routes, Route("GET", member, compile_template(member), "member",
                                        returned, op, op.owner_field))
        elif kind in ("create", "new") and (returned or own_type):
            self._put(routes, Route("POST", template, pattern, "create",
                                    returned or own_type or "", op, op.owner_field, link=link))
        elif kind in ITEM_KINDS:
            self._add_item_operation(op, template, pattern, returned or own_type, kind, routes)
        elif kind in ("action", "function"):
            action = op.graph_action or hook_segment(template)
            self._put(routes, Route(op.http_method, template, pattern, "action",
                                    returned or own_type or "", op, action=action))
        elif kind == "delta" and returned:
            # its link: the one of the list at the same collection (set in __init__)
            self._put(routes, Route("GET", template, pattern, "delta", returned, op,
                                    op.owner_field))
        elif kind == "download":
            self._put(routes, Route("GET", template, pattern, "download",
                                    returned or own_type or "", op))

    def _link(self, op: ir.Operation, collection: str) -> str | None:
        """The store link a collection's members hang off its parent by: the navigation the
        spec names, else (for a collection below another entity, not below `{resource}`) the
        collection's last segment, which is Graph's navigation property (`tasks`)."""
        if op.owner_field is not None:
            return None
        if op.navigation is not None:
            return op.navigation
        parent, _, segment = collection.rpartition("/")
        if parent in ("", "{resource}") or not _is_name(segment):
            return None
        return segment if structural(parent) in self.item_templates else None

    def _listed_link(self, route: Route) -> Route:
        """Creates and deltas use the link of the list at their collection, so what a POST
        adds is what that list shows (`navigation: tasks` on the list, nothing on `new_task`)
        and a delta tracks it (`.../tasks/delta`); `drives/{id}/root/delta` tracks a tree."""
        if route.kind not in ("create", "delta") or route.owner_field is not None:
            return route
        collection = structural(route.template.removesuffix("/delta") if route.kind == "delta"
                                else route.template)
        if route.kind == "delta" and collection.rpartition("/")[0] == "{resource}":
            return route  # `{resource}/calendarView/delta`: the whole scope, as the view is
        owned = self.owned_collections.get(collection)
        if owned is not None and route.link is None:
            # the list files its members by a field (`{resource}/contacts`: parentFolderId is
            # the owner's id), so a POST there fills it in and a delta reads it the same way
            return replace(route, owner_field=owned)
        link = self.linked_collections.get(collection) or route.link or (
            route.operation.navigation if route.operation and route.kind == "delta" else None)
        return replace(route, link=link) if link != route.link else route

    def _add_item_operation(self, op: ir.Operation, template: str, pattern: re.Pattern[str],
                            target: str | None, kind: str,
                            routes: dict[tuple[str, str], Route]) -> None:
        """get/update/delete on a path: the resource itself, an item, or a navigation."""
        method = (op.http_method or "PATCH") if kind in ("update", "save", "delete") else "GET"
        if target is None:
            return
        if template == "{resource}":
            self._put(routes, Route(method, template, pattern, "resource", target, op))
        elif structural(template) in self.item_templates:
            self._put(routes, Route(method, template, pattern, "item", target, op))
        elif op.navigation and last_placeholder(template):
            # `{self}/versions/{version_id}`: one entity of a navigation collection.
            self._put(routes, Route(method, template, pattern, "navigation_item", target, op,
                                    navigation=op.navigation))
        elif op.navigation:
            self._put(routes, Route(method, template, pattern, "navigation", target, op,
                                    navigation=op.navigation, many=False))
        elif last_placeholder(template):
            self._put(routes, Route(method, template, pattern, "item", target, op))
        elif structural(template.rsplit("/", 1)[0] + "/{id}") in self.item_templates:
            return  # `{resource}/mailFolders/inbox`: the item route serves it (store alias)
        else:
            self._put(routes, Route(method, template, pattern, "navigation", target, op,
                                    navigation=template.rsplit("/", 1)[-1], many=False))

    def _add_upload(self, op: ir.Operation, owner: ir.Resource | None, template: str,
                    graph_type: str, routes: dict[tuple[str, str], Route]) -> None:
        """`upload: {simple, session}` templates: the small-file request and a session POST.

        The spec's style decides: drive PUTs the bytes to `simple`; outlook POSTs the file as
        a JSON item there (a create) and names it in the session body member `session_item`.
        """
        settings = dict(op.upload)
        outlook = settings.get("style") == "outlook"
        targets = [("POST" if outlook else "PUT", settings.get("simple"), "create" if outlook
                    else "upload"), ("POST", settings.get("session"), "upload")]
        if not settings:  # older specs: the operation's own path and method
            targets = [(op.http_method, template, "upload")]
        member = settings.get("session_item")
        for method, path, kind in targets:
            if not isinstance(path, str):
                continue
            if owner is not None and owner.path is not None:
                path = path.replace("{self}", owner.path)
            self._put(routes, Route(method, path, compile_template(path), kind, graph_type,
                                    op, op.owner_field,
                                    session_item=str(member) if member else None))

    @staticmethod
    def _put(routes: dict[tuple[str, str], Route], route: Route) -> None:
        key = (route.method, structural(route.template))
        routes.setdefault(key, route)
