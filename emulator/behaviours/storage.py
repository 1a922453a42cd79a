"""OneDrive behaviours: the drive item tree and what Graph does with it.

Drive items live in scope "" (ids are unique across drives) and know their folder through
``parentReference`` ``{driveId, id, path}``; a folder's children are the items pointing at it,
so uploads made by the generic transfer code join the tree without extra bookkeeping. A drive
links to its top folder (navigation ``root``); users and groups link to their drives
(``drive``, ``drives``).

Implemented (GRAPH_FACTS §4, §5, §8 and the driveItem pages of the Graph reference):
children, path addressing ``root:/a/b:``, special folders (created on first use), search,
recent, moves (a folder never into itself or below itself: 400), renames with conflict
behaviour fail/replace/rename (409 ``nameAlreadyExists``), recursive delete (each removed item
is a tombstone, which delta reports with a ``deleted`` facet), copy answered with 202 and a
monitor URL, sharing links and invitations as permissions, versions and restoreVersion.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, unquote

from ..errors import GraphError
from ..router import Route
from ..seed import SEEDERS, SeedContext
from . import ActionContext, Response, address_rule, behaviour

if TYPE_CHECKING:
    from ..graph import GraphApp, GraphRequest
    from ..store import Record, Store

__all__ = ["DriveTree", "seed_drives"]

DRIVE = "microsoft.graph.drive"
ITEM = "microsoft.graph.driveItem"
PERMISSION = "microsoft.graph.permission"
VERSION = "microsoft.graph.driveItemVersion"
THUMBNAIL_SET = "microsoft.graph.thumbnailSet"
USER = "microsoft.graph.user"
# Special folder id -> the folder name OneDrive gives it (drive-get-specialfolder.md).
SPECIAL_FOLDERS = {"documents": "Documents", "photos": "Pictures", "cameraroll": "Camera Roll",
                   "approot": "Apps", "music": "Music", "recordings": "Recordings"}
CONFLICT = "@microsoft.graph.conflictBehavior"
# What a remoteItem facet tells of an item in another drive (G: resources/remoteitem.md).
REMOTE_ITEM = ("id", "name", "size", "file", "folder", "parentReference", "webUrl",
               "createdBy", "lastModifiedBy", "createdDateTime", "lastModifiedDateTime")
QUOTA_TOTAL = 1024 ** 4  # 1 TiB, like the documented business drives
# A business OneDrive's address: its "Documents" library on the tenant's -my site
# (driveitem-get.md: https://contoso-my.sharepoint.com/personal/rgregg_contoso_com/Documents).
DRIVE_URL = "https://contoso-my.sharepoint.com/personal/{alias}_contoso_onmicrosoft_com/Documents"


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def invalid(message: str) -> GraphError:
    return GraphError(400, "invalidRequest", message)


def not_found(what: str) -> GraphError:
    return GraphError(404, "itemNotFound", f"The resource could not be found: {what}")


class DriveTree:
    """Tree operations over the store's drive items."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------------ reading
    def item(self, item_id: str) -> Record:
        record = self.store.get(ITEM, item_id)
        if record is None:
            raise not_found(f"item '{item_id}'")
        return record

    def drive(self, drive_id: str) -> Record:
        record = self.store.get(DRIVE, drive_id)
        if record is None:
            raise not_found(f"drive '{drive_id}'")
        return record

    def root(self, drive_id: str) -> Record:
        found = self.store.links(self.drive(drive_id).id, "root")
        if not found:
            raise not_found(f"the root of drive '{drive_id}'")
        return self.item(found[0])

    def drive_of(self, item: Record) -> str:
        return str((item.data.get("parentReference") or {}).get("driveId") or "")

    def parent_id(self, item: Record) -> str | None:
        value = (item.data.get("parentReference") or {}).get("id")
        return str(value) if value else None

    def children(self, folder: Record) -> list[Record]:
        return [r for r in self.store.items(ITEM, "") if self.parent_id(r) == folder.id]

    def descendants(self, folder: Record) -> Iterator[Record]:
        for child in self.children(folder):
            yield child
            if "folder" in child.data:
                yield from self.descendants(child)

    def names_below_root(self, item: Record) -> list[str]:
        names: list[str] = []
        current = item
        for _ in range(1000):  # bounded: a corrupt tree must not hang the server
            if "root" in current.data:
                return list(reversed(names))
            names.append(str(current.data.get("name") or ""))
            parent = self.parent_id(current)
            if parent is None:
                return list(reversed(names))
            current = self.item(parent)
        raise GraphError(500, "generalException", "The folder tree is too deep.")

    def path_of_children(self, folder: Record) -> str:
        """`parentReference.path` of the items in `folder`: "/drive/root:/A/B"."""
        names = self.names_below_root(folder)
        return "/drive/root:" + "".join("/" + quote(n) for n in names)

    def web_url_in(self, folder: Record, name: str) -> str:
        """`webUrl` of an item called `name` in `folder`: the drive's address plus the path."""
        drive = self.store.get(DRIVE, self.drive_of(folder))
        base = str(drive.data.get("webUrl") or "") if drive is not None else ""
        names = [*self.names_below_root(folder), name]
        return base + "".join("/" + quote(n) for n in names)

    def by_path(self, drive_id: str, path: str, start: Record | None = None) -> Record:
        """The item at `path` below the drive's root, or below `start` (`items/{id}:/a/b:`)."""
        current = self.root(drive_id) if start is None else start
        for name in (p for p in unquote(path).split("/") if p):
            match = self.child_named(current, name)
            if match is None:
                raise not_found(f"path '{path}'")
            current = match
        return current

    def child_named(self, folder: Record, name: str) -> Record | None:
        wanted = name.casefold()  # OneDrive names are case-insensitive
        return next((c for c in self.children(folder)
                     if str(c.data.get("name", "")).casefold() == wanted), None)

    def is_within(self, item: Record, ancestor: Record) -> bool:
        """True when `item` is `ancestor` or lies below it."""
        current: Record | None = item
        for _ in range(1000):
            if current is None:
                return False
            if current.id == ancestor.id:
                return True
            parent = self.parent_id(current)
            current = self.store.get(ITEM, parent) if parent else None
        return False

    # ------------------------------------------------------------------ writing
    def resolve_name(self, folder: Record, name: str, behaviour_name: str,
                     *, moving: Record | None = None) -> str:
        """Apply a conflict behaviour for `name` in `folder`; returns the name to use."""
        if not name or "/" in name or name in (".", ".."):
            raise invalid(f"'{name}' is not a valid item name.")
        existing = self.child_named(folder, name)
        if existing is None or (moving is not None and existing.id == moving.id):
            return name
        if behaviour_name == "replace":
            self.remove(existing)
            return name
        if behaviour_name == "rename":
            stem, dot, ext = name.rpartition(".")
            stem, ext = (stem, dot + ext) if stem else (name, "")
            for number in range(1, 10_000):
                candidate = f"{stem} {number}{ext}"
                if self.child_named(folder, candidate) is None:
                    return candidate
        raise GraphError(409, "nameAlreadyExists",
                         f"An item named '{name}' already exists in this folder.")

    def add(self, folder: Record, data: dict[str, Any], *, who: dict[str, Any] | None = None,
            item_id: str | None = None) -> Record:
        stamp = now()
        record = {
            **({"id": item_id} if item_id else {}),
            "createdDateTime": stamp, "lastModifiedDateTime": stamp,
            **data,
            "parentReference": self.reference_into(folder),
            "webUrl": self.web_url_in(folder, str(data.get("name") or "")),
        }
        if who is not None:
            record.setdefault("createdBy", who)
            record.setdefault("lastModifiedBy", who)
        if "folder" in record:
            record["folder"] = {"childCount": 0}
            record.setdefault("size", 0)
        added = self.store.insert(ITEM, "", record, id_style="drive")
        self.stamp(added)
        self.recount(folder)
        return added

    def reference_into(self, folder: Record) -> dict[str, Any]:
        drive_id = self.drive_of(folder)
        return {"driveId": drive_id, "driveType": self.drive_type(drive_id), "id": folder.id,
                "path": self.path_of_children(folder)}

    def drive_type(self, drive_id: str) -> str:
        record = self.store.get(DRIVE, drive_id)
        return str(record.data.get("driveType", "business")) if record else "business"

    def stamp(self, item: Record) -> None:
        """Fresh eTag/cTag for an item whose metadata or content changed."""
        version = item.version
        tags: dict[str, Any] = {"eTag": f'"{{{item.id}}},{version}"',
                                "cTag": f'"c:{{{item.id}}},{version}"'}
        if "fileSystemInfo" not in item.data:  # unless the client gave its own times
            tags["fileSystemInfo"] = {"createdDateTime": item.data.get("createdDateTime"),
                                      "lastModifiedDateTime": item.data.get("lastModifiedDateTime")}
        self.store.update(item, tags)

    def recount(self, folder: Record | None) -> None:
        if folder is not None and "folder" in folder.data:
            self.store.update(folder, {"folder": {**folder.data["folder"],
                                                  "childCount": len(self.children(folder))}})

    def move(self, item: Record, target: Record, name: str, conflict: str) -> dict[str, Any]:
        """The changes that move/rename `item` into `target` (validated, conflicts applied)."""
        if "folder" not in target.data:
            raise invalid("The target of a move must be a folder.")
        if self.drive_of(target) != self.drive_of(item):
            raise invalid("Items cannot be moved between drives with this request.")
        if "root" in item.data:
            raise invalid("The root folder cannot be moved or renamed.")
        if "folder" in item.data and self.is_within(target, item):
            raise invalid("Cannot move a folder into itself or one of its subfolders.")
        final = self.resolve_name(target, name, conflict, moving=item)
        return {"name": final, "parentReference": self.reference_into(target),
                "webUrl": self.web_url_in(target, final), "lastModifiedDateTime": now()}

    def refresh_paths(self, folder: Record) -> None:
        """After a move or rename, the items below get their new parentReference.path."""
        for child in self.children(folder):
            self.store.update(child, {
                "parentReference": self.reference_into(folder),
                "webUrl": self.web_url_in(folder, str(child.data.get("name") or ""))})
            if "folder" in child.data:
                self.refresh_paths(child)

    def remove(self, item: Record) -> None:
        """Delete an item and everything below it (children first, so delta sees each)."""
        if "folder" in item.data:
            for child in self.children(item):
                self.remove(child)
        parent = self.parent_id(item)
        for link in ("permissions", "versions"):
            for linked in self.store.links(item.id, link):
                found = self.store.find(linked)
                if found is not None:
                    self.store.delete(found)
        self.store.delete(item)
        if parent:
            self.recount(self.store.get(ITEM, parent))

    def copy(self, item: Record, target: Record, name: str,
             content: ContentStore | None) -> Record:
        skip = {"id", "parentReference", "webUrl", "eTag", "cTag", "createdDateTime",
                "lastModifiedDateTime", "shared"}
        data = {k: v for k, v in item.data.items() if k not in skip}
        data["name"] = name
        copied = self.add(target, data)
        if content is not None:
            blob = content.content_of(item.id)
            if blob is not None:
                content.put_content(copied.id, blob)
        if "folder" in item.data:
            for child in self.children(item):
                self.copy(child, copied, str(child.data.get("name")), content)
            self.recount(copied)
        return copied


class ContentStore(Protocol):
    """The part of emulator.transfers.Transfers storage needs (stored file content)."""

    def content_of(self, entity_id: str) -> bytes | None: ...

    def put_content(self, entity_id: str, content: bytes,
                    content_type: str = "application/octet-stream") -> None: ...


def content_store(ctx: ActionContext) -> ContentStore | None:
    found: ContentStore | None = getattr(ctx.app, "transfers", None)
    return found


def identity_of(ctx: ActionContext) -> dict[str, Any]:
    """Who acts: the signed-in user, or for an app-only token the application
    (G: resources/identityset.md)."""
    token = ctx.request.token
    user_id = token.user_id if token is not None else None
    record = ctx.app.store.get(USER, user_id) if user_id else None
    if record is None:
        return {"application": application_of(ctx)}
    return {"user": {"id": record.id, "displayName": record.data.get("displayName")}}


def json_reply(status: int, payload: Any) -> Response:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()


def entity(ctx: ActionContext, record: Record, status: int = 200) -> Response:
    return ctx.app.entity_response(record, "drives/items/$entity", None, status=status)


def target_item(ctx: ActionContext) -> Record:
    if ctx.target is None or ctx.target.graph_type != ITEM:
        raise not_found("the drive item")
    return ctx.target


def folder_of(ctx: ActionContext) -> Record:
    """The folder a request is about: the target item, or a drive's root (`drives/{id}/root`)."""
    tree = DriveTree(ctx.app.store)
    target = ctx.target
    if target is not None and target.graph_type == ITEM:
        return target
    if target is not None and target.graph_type == DRIVE:
        return tree.root(target.id)
    drive_id = ctx.params.get("id") or ctx.params.get("drive_id") or ""
    return tree.root(drive_id)


def page(ctx: ActionContext, records: list[Record],
         shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> Response:
    """A page of `records`; `shown` turns each listed item into what this view shows of it
    (the search hit's facet, the recent file's access time...)."""
    from ..listing import list_response

    route = ctx.extra.get("route")
    if not isinstance(route, Route):
        raise GraphError(500, "generalException", "A list behaviour was called without a route.")
    status, headers, body = list_response(ctx.app, ctx.request, route, ctx.params, records)
    if shown is None or status != 200:
        return status, headers, body
    listed = json.loads(body)
    listed["value"] = [shown(item) for item in listed.get("value", [])]
    return status, headers, json.dumps(listed, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------- actions


@behaviour(ITEM, "children")
def create_folder(ctx: ActionContext) -> Response:
    """POST {item}/children: a new folder (driveitem-post-children.md)."""
    parent = folder_of(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    if "folder" not in body and "file" not in body:
        raise invalid("A new item needs a folder or file facet.")
    tree = DriveTree(ctx.app.store)
    name = tree.resolve_name(parent, str(body.get("name") or ""),
                             str(body.get(CONFLICT) or "fail"))
    data = {k: v for k, v in body.items() if not k.startswith("@") and k != "id"}
    data["name"] = name
    return entity(ctx, tree.add(parent, data, who=identity_of(ctx)), status=201)


@behaviour(ITEM, "copy")
def copy_item(ctx: ActionContext) -> Response:
    """POST {item}/copy: copied at once; 202 with a monitor URL that reports completion."""
    item = target_item(ctx)
    tree = DriveTree(ctx.app.store)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    reference = body.get("parentReference") or {}
    if not isinstance(reference, dict):
        raise invalid("parentReference must be an itemReference object.")
    parent_id = reference.get("id") or tree.parent_id(item)
    if not parent_id:
        raise invalid("The root folder cannot be copied.")
    target = tree.item(str(parent_id))
    if "folder" not in target.data:
        raise invalid("The target of a copy must be a folder.")
    if "folder" in item.data and tree.is_within(target, item):
        raise invalid("Cannot copy a folder into itself or one of its subfolders.")
    conflict = ctx.request.q(CONFLICT) or "fail"
    name = tree.resolve_name(target, str(body.get("name") or item.data.get("name")), conflict)
    copied = tree.copy(item, target, name, content_store(ctx))
    monitors = getattr(ctx.app, "monitors", None)
    if monitors is None:
        raise GraphError(501, "NotImplemented", "The emulator has no monitor endpoint yet.")
    status = {"status": "completed", "percentageComplete": 100.0, "resourceId": copied.id}
    return 202, {"Location": monitors.create(lambda: dict(status))}, b""


def application_of(ctx: ActionContext) -> dict[str, Any]:
    """The app that made a sharing link (G: api/driveitem-createlink.md: link.application)."""
    token = ctx.request.token
    client = token.client_id if token is not None else ""
    return {"id": client, "displayName": client}


@behaviour(ITEM, "createLink")
def create_link(ctx: ActionContext) -> Response:
    """POST {item}/createLink: one link per type and scope; 201 new, 200 existing."""
    item = target_item(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    link_type = body.get("type")
    scope = body.get("scope") or "anonymous"
    if link_type not in ("view", "edit", "embed"):
        raise invalid("The link type must be view, edit or embed.")
    if scope not in ("anonymous", "organization", "users"):
        raise invalid("The link scope must be anonymous, organization or users.")
    store = ctx.app.store
    for existing_id in store.links(item.id, "permissions"):
        existing = store.get(PERMISSION, existing_id)
        link = (existing.data.get("link") or {}) if existing else {}
        if existing is not None and link.get("type") == link_type and link.get("scope") == scope:
            return ctx.app.entity_response(existing, "permission", None)
    share = store.ids.guid().replace("-", "")[:22]
    data: dict[str, Any] = {
        "roles": ["write" if link_type == "edit" else "read"],
        "link": {"type": link_type, "scope": scope,
                 "webUrl": f"{ctx.app.base_url()}_emulator/share/{share}",
                 "application": application_of(ctx)},
        "shareId": "u!" + share, "hasPassword": bool(body.get("password")),
    }
    if body.get("expirationDateTime"):
        data["expirationDateTime"] = body["expirationDateTime"]
    created = store.insert(PERMISSION, "", data)
    store.add_link(item.id, "permissions", created.id)
    store.update(item, {"shared": {"scope": scope, "sharedDateTime": now()}})
    return ctx.app.entity_response(created, "permission", None, status=201)


def share_with_organization(store: Store, item: Record, share: str) -> None:
    """A view link for everyone in the organization, as createLink makes one (seed data)."""
    permission = store.insert(PERMISSION, "", {
        "roles": ["read"], "shareId": "u!" + share, "hasPassword": False,
        "link": {"type": "view", "scope": "organization",
                 "webUrl": f"https://contoso-my.sharepoint.com/:i:/g/{share}"}})
    store.add_link(item.id, "permissions", permission.id)
    store.update(item, {"shared": {"scope": "organization", "sharedDateTime": PHOTO_TAKEN}})


@behaviour(ITEM, "invite")
def invite(ctx: ActionContext) -> Response:
    """POST {item}/invite: a permission per recipient (driveitem-invite.md)."""
    item = target_item(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    recipients = body.get("recipients")
    roles = body.get("roles")
    if not isinstance(recipients, list) or not recipients:
        raise invalid("Give at least one recipient.")
    if not isinstance(roles, list) or not set(roles) <= {"read", "write"} or not roles:
        raise invalid("Roles must be read or write.")
    store = ctx.app.store
    out = []
    for recipient in recipients:
        email = str((recipient or {}).get("email") or "")
        if "@" not in email:
            raise invalid(f"'{email}' is not a valid email address.")
        user = store.get(USER, email)
        data: dict[str, Any] = {
            "roles": list(roles),
            "invitation": {"email": email, "signInRequired": bool(body.get("requireSignIn", True))},
            "hasPassword": bool(body.get("password")),
        }
        if user is not None:
            person = {"id": user.id, "displayName": user.data.get("displayName")}
            data["grantedTo"] = {"user": person}
            # grantedToV2 adds the SharePoint site user (G: api/driveitem-invite.md)
            data["grantedToV2"] = {"user": person, "siteUser": {
                "id": str(user.id), "displayName": person["displayName"],
                "loginName": user.data.get("userPrincipalName")}}
        if body.get("expirationDateTime"):
            data["expirationDateTime"] = body["expirationDateTime"]
        created = store.insert(PERMISSION, "", data)
        store.add_link(item.id, "permissions", created.id)
        out.append(ctx.app.renderer(PERMISSION).entity(created, None))
    store.update(item, {"shared": {"scope": "users", "sharedDateTime": now()}})
    return json_reply(200, {"value": out})


class Versions:
    """A file's versions: records linked from the item (navigation ``versions``), each with
    its own copy of the content, newest last. The current content is always the newest
    version, as Graph lists it (driveitem-list-versions.md).

    Graph labels versions "1.0", "2.0"... per file; the store keys every record by a
    tenant-wide id, so the labels here count up across the tenant ("7.0", "8.0" for a file).
    """

    def __init__(self, store: Store, content: ContentStore | None) -> None:
        self.store = store
        self.content = content

    def of(self, item: Record) -> list[Record]:
        """The item's versions, newest first."""
        found = [self.store.get(VERSION, v) for v in self.store.links(item.id, "versions")]
        return sorted((v for v in found if v is not None), key=_label, reverse=True)

    def keep_current(self, item: Record) -> Record:
        """Record the item's present content and metadata as a new (the newest) version."""
        data = item.data
        version = self.store.insert(VERSION, "", {
            "id": f"{self._next_label()}.0", "size": int(data.get("size") or 0),
            "lastModifiedBy": data.get("lastModifiedBy") or data.get("createdBy"),
            "lastModifiedDateTime": data.get("lastModifiedDateTime") or now(),
        })
        self.store.add_link(item.id, "versions", version.id)
        blob = self.content.content_of(item.id) if self.content is not None else None
        if blob is not None and self.content is not None:
            self.content.put_content(version.id, blob)
        return version

    def ensure(self, item: Record) -> None:
        """A file never replaced has one version, its present state (made on first need)."""
        if "file" in item.data and not self.store.links(item.id, "versions"):
            self.keep_current(item)

    def _next_label(self) -> int:
        return 1 + max((_label(v) for v in self.store.items(VERSION, "")), default=0)


def _label(version: Record) -> int:
    major = version.id.split(".", 1)[0]
    return int(major) if major.isdigit() else 0


def versions_of(ctx: ActionContext) -> Versions:
    return Versions(ctx.app.store, content_store(ctx))


@behaviour(VERSION, "restoreVersion")
def restore_version(ctx: ActionContext) -> Response:
    """POST {item}/versions/{id}/restoreVersion: that version's content becomes current, as a
    new version (the content it replaces stays a version too)."""
    version = ctx.target
    if version is None:
        raise not_found("the version")
    store = ctx.app.store
    owner = next((store.get(ITEM, src) for src, in _sources(store, version.id)), None)
    content = content_store(ctx)
    if owner is None:
        raise not_found(f"the item of version '{version.id}'")
    versions = versions_of(ctx)
    versions.ensure(owner)
    blob = content.content_of(version.id) if content is not None else None
    if blob is not None and content is not None:
        content.put_content(owner.id, blob)
    store.update(owner, {"size": int(version.data.get("size") or 0),
                         "lastModifiedBy": identity_of(ctx) or owner.data.get("lastModifiedBy"),
                         "lastModifiedDateTime": now()})
    DriveTree(store).stamp(owner)
    versions.keep_current(owner)
    return 204, {}, b""


def _sources(store: Store, version_id: str) -> Iterator[tuple[str]]:
    for item in store.items(ITEM, ""):
        if version_id in store.links(item.id, "versions"):
            yield (item.id,)


@behaviour(VERSION, "@list:versions")
def list_versions(ctx: ActionContext) -> Response:
    """GET {item}/versions: newest (the current content) first."""
    item = target_item(ctx)
    versions = versions_of(ctx)
    versions.ensure(item)
    return page(ctx, versions.of(item))


# ---------------------------------------------------------------------------- reads


@behaviour(ITEM, "@list:children")
def list_children(ctx: ActionContext) -> Response:
    return page(ctx, DriveTree(ctx.app.store).children(folder_of(ctx)))


@behaviour(ITEM, "@list:search")
def search(ctx: ActionContext) -> Response:
    """search(q='...'): names containing every word of the text, below the folder or drive."""
    text = ctx.params.get("text", "")
    words = [w.casefold() for w in text.replace("''", "'").split() if w]
    tree = DriveTree(ctx.app.store)
    found = [r for r in tree.descendants(folder_of(ctx))
             if all(w in str(r.data.get("name", "")).casefold() for w in words)]
    # Each hit carries the searchResult facet (G: api/driveitem-search.md response).
    return page(ctx, found, lambda item: {**item, "searchResult": {
        "onClickTelemetryUrl": f"{ctx.app.base_url()}_emulator/search/{item.get('id')}"}})


@behaviour(ITEM, "@list:recent")
def recent(ctx: ActionContext) -> Response:
    tree = DriveTree(ctx.app.store)
    files = [r for r in tree.descendants(folder_of(ctx)) if "file" in r.data]
    files.sort(key=lambda r: str(r.data.get("lastModifiedDateTime", "")), reverse=True)
    # When the owner last opened each file (G: api/drive-recent.md response).
    return page(ctx, files[:100], lambda item: {**item, "fileSystemInfo": {
        **(item.get("fileSystemInfo") or {}),
        "lastAccessedDateTime": item.get("lastModifiedDateTime")}})


@behaviour(ITEM, "@list:sharedWithMe")
def shared_with_me(ctx: ActionContext) -> Response:
    """Items in other drives with a permission granted to the signed-in user."""
    store = ctx.app.store
    token = ctx.request.token
    me = token.user_id if token is not None else None
    found = []
    for item in store.items(ITEM, ""):
        for permission_id in store.links(item.id, "permissions"):
            permission = store.get(PERMISSION, permission_id)
            granted = ((permission.data.get("grantedTo") or {}).get("user") or {}) \
                if permission else {}
            if me and granted.get("id") == me:
                found.append(item)
                break
    # Each is shown as a remoteItem: the item lives in another drive (drive-sharedwithme.md).
    return page(ctx, found, lambda item: {"id": item.get("id"), "name": item.get("name"),
                                          "remoteItem": {k: item[k] for k in REMOTE_ITEM
                                                         if k in item}})


@behaviour(THUMBNAIL_SET, "@list:thumbnails")
def thumbnails(ctx: ActionContext) -> Response:
    """Images get one thumbnail set in the standard sizes (driveitem-list-thumbnails.md)."""
    item = target_item(ctx)
    image = item.data.get("image") or {}
    if not image:
        return json_reply(200, {"value": []})
    width, height = int(image.get("width") or 1), int(image.get("height") or 1)

    def size(longest: int) -> dict[str, Any]:
        scale = min(1.0, longest / max(width, height))
        return {"width": max(1, round(width * scale)), "height": max(1, round(height * scale)),
                "url": f"{ctx.app.base_url()}_emulator/thumbnail/{item.id}/{longest}"}

    return json_reply(200, {"value": [{"id": "0", "small": size(96), "medium": size(176),
                                       "large": size(800)}]})


class _OnlyThese:
    """The app as the generic delta sees it, with the collection narrowed to `records`."""

    def __init__(self, app: Any, records: list[Record]) -> None:
        self._app = app
        self._records = records

    def collection_records(self, *_: Any) -> list[Record]:
        return self._records

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)


def _delta(ctx: ActionContext) -> Response:
    """Delta below a folder: the folder and everything under it, then changes and deletions.

    Deletions are the tombstones of all drive items (the store keeps no per-drive history);
    an id the client never saw is harmless to it, as Graph's docs allow.
    """
    from ..delta import delta_response

    folder = folder_of(ctx)
    records = [folder, *DriveTree(ctx.app.store).descendants(folder)]
    route = ctx.extra.get("route")
    if not isinstance(route, Route):
        raise GraphError(500, "generalException", "A delta behaviour was called without a route.")
    return delta_response(_OnlyThese(ctx.app, records), ctx.request, route,  # type: ignore[arg-type]
                          ctx.params)


@behaviour(ITEM, "@delta:root")
def drive_delta(ctx: ActionContext) -> Response:
    return _delta(ctx)


@behaviour(ITEM, "@delta:items")
def folder_delta(ctx: ActionContext) -> Response:
    return _delta(ctx)


@behaviour(ITEM, "@get:root")
def root_or_path(ctx: ActionContext) -> Response:
    """`drives/{id}/root` and path addressing `drives/{id}/root:/a/b:`."""
    tree = DriveTree(ctx.app.store)
    root = folder_of(ctx)
    path = ctx.params.get("item_path")
    if not path:
        return entity(ctx, root)
    return entity(ctx, tree.by_path(tree.drive_of(root), path))


# `drives/{drive}/items/{item}:/{path}` then `:` and the rest, or the path to the end. The
# path runs to the last colon (the request path is decoded: a name may hold a `%3A`).
PATH_ADDRESS = re.compile(r"^(?P<item>drives/[^/]+/items/[^/:]+):/(?P<path>.+?)"
                          r"(?::(?P<rest>/[^:]*)?)?$")


@address_rule(ITEM)
def path_address(app: GraphApp, request: GraphRequest, path: str) -> str:
    """OneDrive's path-based addressing (driveitem-get.md): `{item}:/a/b.txt:` (the closing
    colon may be left out) is the item at that path below {item}. An upload (PUT content,
    POST createUploadSession) names its file by the last name for the upload routes' conflict
    rules (`{folder}:/new.txt:/content`), except a PUT onto an existing file without a
    conflict behaviour, which replaces its content (driveitem-put-content.md: the default
    for PUT is replace); a missing folder is 404."""
    head, colon, tail = path.partition(":")
    # An SDK sends `items/root%3A%2Fa%2Fb.txt%3A` (the path inside one id segment); OneDrive
    # names cannot hold a slash, so an encoded one there is a path separator.
    found = PATH_ADDRESS.match(head + colon + re.sub("%2F", "/", tail, flags=re.IGNORECASE))
    if found is None:
        return path
    tree = DriveTree(app.store)
    current = tree.item(found["item"].rsplit("/", 1)[1])
    names = [n for n in found["path"].split("/") if n]
    rest = found["rest"] or ""
    base = found["item"].rsplit("/", 1)[0]
    method = request.method
    upload = method in ("PUT", "POST") and rest in ("/content", "/createUploadSession")
    folders, last = (names[:-1], names[-1]) if upload and names else (names, None)
    for name in folders:
        child = tree.child_named(current, unquote(name))
        if child is None:
            raise not_found(f"path '{found['path']}'")
        current = child
    if last is not None:
        existing = tree.child_named(current, unquote(last))
        replaces = method == "PUT" and request.q(CONFLICT) in (None, "replace")
        if existing is not None and replaces and "file" in existing.data:
            return f"{base}/{existing.id}{rest}"
        return f"{base}/{current.id}:/{last}:{rest}"
    return f"{base}/{current.id}{rest}"


@behaviour(ITEM, "@get:items")
def item_of_drive(ctx: ActionContext) -> Response:
    """`{resource}/drive/items/{item_id}`: an item of that drive only (404 for another's);
    `drives/{id}/items/{id}:/a/b:`: path addressing below that item."""
    tree = DriveTree(ctx.app.store)
    path = ctx.params.get("item_path")
    if path:
        start = tree.item(ctx.params.get("id", ""))
        if ctx.params.get("drive_id") not in (None, tree.drive_of(start)):
            raise not_found(f"item '{start.id}' in drive '{ctx.params.get('drive_id')}'")
        return entity(ctx, tree.by_path(tree.drive_of(start), path, start=start))
    drive = ctx.target
    item_id = ctx.params.get("item_id", "")
    if drive is None or drive.graph_type != DRIVE:
        raise not_found("the drive")
    item = tree.item(item_id)
    if tree.drive_of(item) != drive.id:
        raise not_found(f"item '{item_id}'")
    return entity(ctx, item)


@behaviour(ITEM, "@get:special")
def special_folder(ctx: ActionContext) -> Response:
    """`drives/{id}/special/{name}`: found by its specialFolder facet, created on first use."""
    name = ctx.params.get("name", "").lower()
    if name not in SPECIAL_FOLDERS:
        raise invalid(f"'{name}' is not a special folder name "
                      f"({', '.join(sorted(SPECIAL_FOLDERS))}).")
    tree = DriveTree(ctx.app.store)
    root = folder_of(ctx)
    for record in tree.descendants(root):
        if (record.data.get("specialFolder") or {}).get("name") == name:
            return entity(ctx, record)
    folder_name = tree.resolve_name(root, SPECIAL_FOLDERS[name], "rename")
    created = tree.add(root, {"name": folder_name, "folder": {}, "specialFolder": {"name": name}})
    return entity(ctx, created)


# ---------------------------------------------------------------------------- writes


@behaviour(ITEM, "@updating")
def before_update(ctx: ActionContext) -> Response:
    """PATCH an item: a move (parentReference) and/or rename, validated before it is written."""
    item = target_item(ctx)
    changes = ctx.body if isinstance(ctx.body, dict) else {}
    tree = DriveTree(ctx.app.store)
    drive_id = ctx.params.get("drive_id")
    if drive_id and tree.drive_of(item) != drive_id:
        raise not_found(f"item '{item.id}' in drive '{drive_id}'")
    if ctx.extra.get("content") is not None:  # PUT {item}/content: new content, same item
        if "folder" in item.data:
            raise invalid("A folder has no content to replace.")
        versions_of(ctx).ensure(item)  # what is replaced stays a version
        changes["lastModifiedBy"] = identity_of(ctx) or item.data.get("lastModifiedBy")
        ctx.extra["content_replaced"] = True
        return 200, {}, b""
    reference = changes.get("parentReference") or {}
    target_id = reference.get("id") or tree.parent_id(item)
    if "name" not in changes and not reference.get("id"):
        return 200, {}, b""
    if target_id is None:
        raise invalid("The root folder cannot be moved or renamed.")
    conflict = ctx.request.q(CONFLICT) or str(changes.pop(CONFLICT, "fail"))
    old_parent = tree.parent_id(item)
    moved = tree.move(item, tree.item(str(target_id)), str(changes.get("name")
                                                           or item.data.get("name")), conflict)
    changes.update(moved)
    ctx.extra["old_parent"] = old_parent
    return 200, {}, b""


@behaviour(ITEM, "@updated")
def after_update(ctx: ActionContext) -> Response:
    item = target_item(ctx)
    tree = DriveTree(ctx.app.store)
    tree.stamp(item)
    if ctx.extra.get("content_replaced"):
        versions_of(ctx).keep_current(item)
    if "folder" in item.data:
        tree.refresh_paths(item)
    for parent_id in {tree.parent_id(item), ctx.extra.get("old_parent")}:
        if parent_id:
            tree.recount(ctx.app.store.get(ITEM, str(parent_id)))
    return 200, {}, b""


@behaviour(ITEM, "@deleted")
def after_delete(ctx: ActionContext) -> Response:
    """DELETE an item: everything below it goes too (each a tombstone for delta)."""
    item = ctx.target
    if item is None:
        return 204, {}, b""
    tree = DriveTree(ctx.app.store)
    data = item.data
    if "folder" in data:
        for child in [r for r in ctx.app.store.items(ITEM, "")
                      if (r.data.get("parentReference") or {}).get("id") == item.id]:
            tree.remove(child)
    parent = (data.get("parentReference") or {}).get("id")
    if parent:
        tree.recount(ctx.app.store.get(ITEM, str(parent)))
    return 204, {}, b""


@behaviour(ITEM, "@created")
def after_upload(ctx: ActionContext) -> Response:
    """An item made by the generic upload: full parentReference, conflict behaviour, tags."""
    item = target_item(ctx)
    tree = DriveTree(ctx.app.store)
    parent_id = tree.parent_id(item)
    parent = ctx.app.store.get(ITEM, parent_id) if parent_id else None
    if parent is None:
        return 201, {}, b""
    conflict = ctx.request.q(CONFLICT) or "fail"
    body = ctx.request.json_body() if ctx.request.body.strip()[:1] == b"{" else None
    if isinstance(body, dict):
        conflict = str((body.get("item") or {}).get(CONFLICT) or conflict)
    name = str(item.data.get("name") or "")
    others = [c for c in tree.children(parent) if c.id != item.id
              and str(c.data.get("name", "")).casefold() == name.casefold()]
    if others and conflict == "fail":
        ctx.app.store.delete(item)
        raise GraphError(409, "nameAlreadyExists",
                         f"An item named '{name}' already exists in this folder.")
    if others and conflict == "replace":
        for other in others:
            tree.remove(other)
    elif others:
        ctx.app.store.update(item, {"name": "~"})  # out of the way while a free name is found
        name = tree.resolve_name(parent, name, "rename")
    stamp = now()
    ctx.app.store.update(item, {"name": name, "parentReference": tree.reference_into(parent),
                                "webUrl": tree.web_url_in(parent, name),
                                "createdDateTime": stamp, "lastModifiedDateTime": stamp,
                                "createdBy": identity_of(ctx), "lastModifiedBy": identity_of(ctx)})
    tree.stamp(item)
    tree.recount(parent)
    return 201, {}, b""


# ---------------------------------------------------------------------------- seed

# Folders and files of every seeded drive: (path below the root, size or None for a folder).
SEED_TREE: tuple[tuple[str, int | None], ...] = (
    ("Documents", None),
    ("Documents/Reports", None),
    ("Documents/Reports/Q1 report.docx", 48_213),
    ("Documents/Reports/Q2 report.docx", 51_877),
    ("Documents/Budget.xlsx", 23_552),
    ("Pictures", None),
    ("Pictures/Team offsite.jpg", 1_843_200),
    ("Notes.txt", 1_024),
)
PHOTO_TAKEN = "2024-05-17T14:32:08Z"
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "jpg": "image/jpeg", "txt": "text/plain"}


def seed_drives(ctx: SeedContext) -> None:
    """A OneDrive for every seeded user, with a few folders and files."""
    store = ctx.store
    tree = DriveTree(store)
    for user in list(store.items(USER, "")):
        owner = {"user": {"id": user.id, "displayName": user.data.get("displayName")}}
        alias = str(user.data.get("mailNickname") or user.id)
        drive = store.insert(DRIVE, "", {
            "id": "b!" + ctx.ids.guid().replace("-", "")[:30],
            "name": "OneDrive", "driveType": "business", "description": "",
            "createdDateTime": "2024-01-15T08:00:00Z",
            "lastModifiedDateTime": "2024-01-15T08:00:00Z",
            "owner": owner, "lastModifiedBy": owner,  # G: api/drive-list.md response
            "createdBy": {"user": {"displayName": "System Account"}},
            "webUrl": DRIVE_URL.format(alias=quote(alias)),
            "quota": {"total": QUOTA_TOTAL, "used": 0, "remaining": QUOTA_TOTAL, "deleted": 0,
                      "state": "normal"},
        })
        root = store.insert(ITEM, "", {
            "name": "root", "root": {}, "folder": {"childCount": 0}, "size": 0,
            "createdBy": owner, "createdDateTime": "2024-01-15T08:00:00Z",
            "lastModifiedBy": owner, "lastModifiedDateTime": "2024-01-15T08:00:00Z",
            "parentReference": {"driveId": drive.id, "driveType": "business"},
            "webUrl": drive.data["webUrl"],
        }, id_style="drive")
        tree.stamp(root)
        store.add_link(drive.id, "root", root.id)
        store.add_link(user.id, "drive", drive.id)
        store.add_link(user.id, "drives", drive.id)
        for path, size in SEED_TREE:
            parent_path, _, name = path.rpartition("/")
            parent = tree.by_path(drive.id, parent_path) if parent_path else root
            data: dict[str, Any] = {"name": name, "createdBy": owner, "lastModifiedBy": owner}
            if size is None:
                data["folder"] = {}
            else:
                ext = name.rsplit(".", 1)[-1]
                data.update(size=size, file={"mimeType": MIME.get(ext, "application/octet-stream")})
                if ext == "jpg":  # a camera photo: business drives give only takenDateTime
                    data["image"] = {"width": 1920, "height": 1080}
                    data["photo"] = {"takenDateTime": PHOTO_TAKEN}
            added = tree.add(parent, data)
            if "photo" in data:  # shared with the organization through a view link
                share_with_organization(store, added, ctx.ids.guid().replace("-", "")[:22])
        documents = tree.by_path(drive.id, "Documents")
        store.update(documents, {"specialFolder": {"name": "documents"}})
        used = sum(size or 0 for _, size in SEED_TREE)
        store.update(drive, {"quota": {**drive.data["quota"], "used": used,
                                       "remaining": QUOTA_TOTAL - used}})


if not any(seeder is seed_drives for _, seeder in SEEDERS):
    SEEDERS.append((DRIVE, seed_drives))
