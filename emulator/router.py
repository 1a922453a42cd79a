"""Routes for Graph v1.0, built from the specs' resource paths and operation paths.

No route is written by hand: every resource path (``users/{id}``), every operation path
(``{self}/manager``, ``{resource}/mailFolders/{folder_id}/messages``) becomes a regular
expression plus a *kind* that tells the generic handler what to do. A new YAML spec is
served without new emulator code.

Placeholders: ``{resource}`` matches ``users/<x>``, ``groups/<x>`` or ``sites/<x>`` (``me`` is
rewritten to ``users/<signed-in id>`` before routing); ``{parent}`` matches the path of any
entity; ``{self}`` is the owning resource's own path; anything else is one path segment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator import ir

__all__ = ["Route", "Router", "structural"]

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
RESOURCE_PATTERN = r"(?:users|groups|sites)/[^/]+"
# Kinds of operation whose path names one existing entity (the last placeholder is its id).
ITEM_KINDS = {"get", "refresh", "update", "save", "delete"}


def structural(template: str) -> str:
    """The template with placeholder names erased, so `users/{id}` == `users/{user_id}`."""
    return PLACEHOLDER.sub("{}", template)


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
    kind: str  # collection count create item resource navigation action delta download upload
    graph_type: str  # the entity type listed, returned, created or acted on
    operation: ir.Operation | None = None
    owner_field: str | None = None
    navigation: str | None = None
    action: str | None = None
    many: bool = True  # navigation: a collection (directReports) or one entity (manager)

    @property
    def id_param(self) -> str | None:
        return last_placeholder(self.template)

    @property
    def parent_template(self) -> str:
        return self.template.rsplit("/", 1)[0] if "/" in self.template else ""

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.match(path)
        return None if found is None else _params(found)


def _params(found: re.Match[str]) -> dict[str, str]:
    return {name.split("__", 1)[0]: value for name, value in found.groupdict().items()
            if value is not None and not name.endswith("__dup")}


def compile_template(template: str) -> re.Pattern[str]:
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
        elif name == "parent":
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
        self.resources: dict[str, ir.Resource] = {r.graph_type: r for r in specset.resources}
        self._by_name: dict[str, ir.Resource] = {r.name: r for r in specset.resources}
        # structural item template -> resource, to find the object a path hangs off
        self.item_templates: dict[str, ir.Resource] = {}
        routes: dict[tuple[str, str], Route] = {}
        for resource in specset.resources:
            self._add_resource(resource, routes)
        for service in specset.services:
            for op in service.operations:
                self._add_operation(op, None, routes)
        self.routes = sorted(routes.values(), key=_specificity)

    # ------------------------------------------------------------------ lookup
    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method == method:
                params = route.match(path)
                if params is not None:
                    return route, params
        return None

    def methods_for(self, path: str) -> list[str]:
        return sorted({r.method for r in self.routes if r.match(path) is not None})

    def resource_for_type(self, graph_type: str) -> ir.Resource | None:
        return self.resources.get(graph_type)

    def resource_for_item_template(self, template: str) -> ir.Resource | None:
        return self.item_templates.get(structural(template))

    def type_of(self, ref: ir.TypeRef | None) -> str | None:
        if ref is None or ref.kind != "resource":
            return None
        resource = self._by_name.get(ref.name)
        return resource.graph_type if resource else None

    # ------------------------------------------------------------------ building
    def _add_resource(self, resource: ir.Resource, routes: dict[tuple[str, str], Route]) -> None:
        if resource.path is not None:
            self.item_templates[structural(resource.path)] = resource
            kinds = {op.kind for op in resource.operations}
            self._put(routes, Route("GET", resource.path, compile_template(resource.path),
                                    "item", resource.graph_type))
            if kinds & {"update", "save"}:
                self._put(routes, Route("PATCH", resource.path, compile_template(resource.path),
                                        "item", resource.graph_type))
            if "delete" in kinds:
                self._put(routes, Route("DELETE", resource.path,
                                        compile_template(resource.path), "item",
                                        resource.graph_type))
        for op in resource.operations:
            self._add_operation(op, resource, routes)
        self._add_attachments(resource, routes)

    def _add_attachments(self, resource: ir.Resource,
                         routes: dict[tuple[str, str], Route]) -> None:
        """`attachments: {path, upload}` on a resource: list, add, and an upload session."""
        settings = dict(getattr(resource, "attachments", ()) or ())
        path = settings.get("path")
        target = self.resources_by_suffix("attachment")
        if not isinstance(path, str) or resource.path is None or target is None:
            return
        template = path.replace("{self}", resource.path)
        nav = template.rsplit("/", 1)[-1]
        pattern = compile_template(template)
        self._put(routes, Route("GET", template, pattern, "collection", target, navigation=nav))
        self._put(routes, Route("POST", template, pattern, "create", target, navigation=nav))
        item = template + "/{attachment_id}"
        self._put(routes, Route("GET", item, compile_template(item), "navigation_item", target,
                                navigation=nav))
        self._put(routes, Route("DELETE", item, compile_template(item), "navigation_item", target,
                                navigation=nav))
        if settings.get("upload"):
            session = template + "/createUploadSession"
            self._put(routes, Route("POST", session, compile_template(session), "upload", target,
                                    navigation=nav))

    def resources_by_suffix(self, name: str) -> str | None:
        graph_type = f"microsoft.graph.{name}"
        return graph_type if graph_type in self.resources else None

    def _add_operation(self, op: ir.Operation, owner: ir.Resource | None,
                       routes: dict[tuple[str, str], Route]) -> None:
        # `path_when: {switch: other path}`: the same operation is also served there.
        for _switch, other in getattr(op, "path_when", ()) or ():
            if isinstance(other, str) and other != op.path:
                self._add_operation(replace(op, path=other, path_when=()), owner, routes)
        if owner is not None and owner.path is not None:
            template = op.path.replace("{self}", owner.path)
        elif "{self}" in op.path:
            return  # a resource without a path has no {self} to call
        else:
            template = op.path
        returned = self.type_of(op.returns)
        own_type = owner.graph_type if owner is not None else None
        pattern = compile_template(template)
        kind = {"find": "list", "set": "update"}.get(op.kind, op.kind)
        if kind == "computed":
            return  # answered on the client, never sent to Graph
        if kind == "upload":
            self._add_upload(op, owner, template, returned or own_type or "", routes)
            return
        if kind == "list" and returned:
            nav = op.navigation if op.owner_field is None else None
            self._put(routes, Route("GET", template, pattern, "collection", returned, op,
                                    op.owner_field, nav))
            count_template = template + "/$count"
            self._put(routes, Route("GET", count_template, compile_template(count_template),
                                    "count", returned, op, op.owner_field, nav))
        elif kind in ("create", "new") and returned:
            self._put(routes, Route("POST", template, pattern, "create", returned, op,
                                    op.owner_field))
        elif kind in ITEM_KINDS:
            method = (op.http_method or "PATCH") if kind in ("update", "save", "delete") else "GET"
            target = returned or own_type
            if target is None:
                return
            if template == "{resource}":
                self._put(routes, Route(method, template, pattern, "resource", target, op))
            elif op.navigation:
                self._put(routes, Route(method, template, pattern, "navigation", target, op,
                                        navigation=op.navigation, many=False))
            elif last_placeholder(template):
                self._put(routes, Route(method, template, pattern, "item", target, op))
            elif structural(template.rsplit("/", 1)[0] + "/{id}") in self.item_templates:
                return  # `{resource}/mailFolders/inbox`: the item route serves it (alias)
            else:
                self._put(routes, Route(method, template, pattern, "navigation", target, op,
                                        navigation=template.rsplit("/", 1)[-1], many=False))
        elif kind in ("action", "function"):
            action = op.graph_action or template.rsplit("/", 1)[-1]
            self._put(routes, Route(op.http_method, template, pattern, "action",
                                    returned or own_type or "", op, action=action))
        elif kind == "delta" and returned:
            self._put(routes, Route("GET", template, pattern, "delta", returned, op,
                                    op.owner_field))
        elif kind == "download":
            self._put(routes, Route("GET", template, pattern, "download",
                                    returned or own_type or "", op))

    def _add_upload(self, op: ir.Operation, owner: ir.Resource | None, template: str,
                    graph_type: str, routes: dict[tuple[str, str], Route]) -> None:
        """`upload: {simple, session}` templates: a PUT of the bytes and a session POST."""
        settings = dict(getattr(op, "upload", ()) or ())
        targets = [("PUT", settings.get("simple")), ("POST", settings.get("session"))]
        if not settings:  # older specs: the operation's own path and method
            targets = [(op.http_method, template)]
        for method, path in targets:
            if not isinstance(path, str):
                continue
            if owner is not None and owner.path is not None:
                path = path.replace("{self}", owner.path)
            self._put(routes, Route(method, path, compile_template(path), "upload", graph_type,
                                    op, op.owner_field))

    @staticmethod
    def _put(routes: dict[tuple[str, str], Route], route: Route) -> None:
        key = (route.method, structural(route.template))
        routes.setdefault(key, route)
