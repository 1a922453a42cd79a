"""Entity references: `$ref` requests and `@odata.bind` members (OData URL conventions §4.4,
OData JSON format §4.5.9 and §8.5; Graph's group-post-members.md, group-delete-members.md,
group-post-groups.md).

A collection-valued navigation property takes references, not copies:

- ``POST {entity}/{navigation}/$ref`` with ``{"@odata.id": "<service root>/<set>/<id>"}`` adds
  the entity the URL names (204; 400 if it is already there, 404 if it does not exist);
- ``DELETE {entity}/{navigation}/{id}/$ref`` removes it (204; 404 if it is not there);
- ``"<navigation>@odata.bind": [url, ...]`` in a create body links the new entity to each.

Links live in the store beside the records. Where a spec's `emulator: inverse:` pairs the
navigation with its partner (a group's `members` with the member's `memberOf`), the link back
is added and removed with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .errors import GraphError
from .router import Route, last_placeholder
from .store import Record

if TYPE_CHECKING:
    from .graph import GraphApp, GraphRequest, Response

__all__ = ["BIND_SUFFIX", "bind_links", "check_binds", "handle_ref", "link", "referenced", "unlink"]

BIND_SUFFIX = "@odata.bind"


def handle_ref(app: GraphApp, request: GraphRequest, route: Route,
               params: dict[str, str]) -> Response:
    """A `$ref` route: add (POST) or remove (DELETE) one reference."""
    scope = app.scope_of(params)
    navigation = route.navigation or ""
    removing = request.method == "DELETE"
    owner_template = route.template.removesuffix("/$ref")
    if removing:
        owner_template = owner_template.rsplit("/", 1)[0]
    owner = app.object_at(owner_template.rsplit("/", 1)[0], params, scope)
    if owner is None:
        raise GraphError(404, "Request_ResourceNotFound", "The owner of the reference was not found.")
    if removing:
        key = params.get(last_placeholder(route.template.removesuffix("/$ref")) or "", "")
        if key not in app.store.links(owner.id, navigation):
            raise _missing(key)
        unlink(app, owner, navigation, key)
        return 204, {}, b""
    body = request.json_body()
    url = body.get("@odata.id") if isinstance(body, dict) else None
    target = referenced(app, url)
    if target.id in app.store.links(owner.id, navigation):
        raise GraphError(400, "Request_BadRequest",
                         "One or more added object references already exist for the following "
                         f"modified properties: '{navigation}'.")
    link(app, owner, navigation, target)
    return 204, {}, b""


def referenced(app: GraphApp, url: Any) -> Record:
    """The entity an `@odata.id` / `@odata.bind` URL names: its last segment is the key."""
    if not isinstance(url, str) or not url.strip():
        raise GraphError(400, "Request_BadRequest",
                         "The request body needs '@odata.id', the URL of the entity to add.")
    path = urlsplit(url.strip()).path.rstrip("/")
    key = unquote(path.rsplit("/", 1)[-1]) if "/" in path else ""
    if key.endswith("')") and "('" in key:  # users('<id>')
        key = key.split("('", 1)[1][:-2]
    target = app.store.find(key) if key else None
    if target is None:
        raise _missing(key or url)
    return target


def link(app: GraphApp, owner: Record, navigation: str, target: Record) -> None:
    app.store.add_link(owner.id, navigation, target.id)
    back = _inverse(app, owner.graph_type, navigation)
    if back is not None:
        app.store.add_link(target.id, back, owner.id)


def unlink(app: GraphApp, owner: Record, navigation: str, target_id: str) -> None:
    app.store.remove_link(owner.id, navigation, target_id)
    back = _inverse(app, owner.graph_type, navigation)
    if back is not None:
        app.store.remove_link(target_id, back, owner.id)


def bind_links(app: GraphApp, record: Record, binds: dict[str, Any]) -> None:
    """`<navigation>@odata.bind` members of a create body, after the entity exists."""
    for name, urls in binds.items():
        navigation = name.removesuffix(BIND_SUFFIX)
        for url in urls if isinstance(urls, list) else [urls]:
            link(app, record, navigation, referenced(app, url))


def check_binds(app: GraphApp, binds: dict[str, Any]) -> None:
    """Every bound URL names an existing entity (before anything is created)."""
    for urls in binds.values():
        for url in urls if isinstance(urls, list) else [urls]:
            referenced(app, url)


def _inverse(app: GraphApp, graph_type: str, navigation: str) -> str | None:
    resource = app.router.resource_for_type(graph_type)
    return dict(resource.emulator.inverse).get(navigation) if resource is not None else None


def _missing(key: str) -> GraphError:
    return GraphError(404, "Request_ResourceNotFound",
                      f"Resource '{key}' does not exist or one of its queried reference-property "
                      "objects are not present.")
