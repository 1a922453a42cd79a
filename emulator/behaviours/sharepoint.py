"""SharePoint behaviours: sites and their addresses, lists with typed columns, list items,
versions, document libraries (the storage drives) and the Contoso sites a tenant starts with.

Records live in the tenant scope; a site links its subsites (`sites`), `lists`, `drive`,
`drives`, `columns` and `contentTypes`; a list links its `columns`, `contentTypes`, `items`
and, for a document library, its `drive` (and the drive its `list`). An item keeps its values
in `fields` (served only on `$expand=fields`, the spec's `on_request`) and links its
`versions`; an item of a library links its `driveItem` and the file its `listItem`.

Implemented from the Graph reference (G: api/site-get.md, site-getbypath.md, list-create.md,
listitem-*.md, resources/fieldvalueset.md, columndefinition.md):
- addresses: `sites/root`, `sites/{hostname}` (the host's root site),
  `sites/{hostname}:/{server-relative path}[:]` and a list's title in place of its id;
- item values checked against the list's columns (unknown columns, read-only columns, values
  of the wrong type and choices the column does not offer answer 400), lookups written as
  `{name}LookupId` (their display value kept beside), calculated columns computed;
- `$filter`/`$orderby` on a column that is not indexed: 400 unless the request carries
  `Prefer: HonorNonIndexedQueriesWarningMayFailRandomly`;
- PATCH `{item}/fields` (only what is sent changes; each update is a new version),
  versions and restoreVersion, delta through the generic delta (deleted facet);
- a document library's files are its items (made when the library is read).

Item ids are numbers counted across the tenant (SharePoint counts per list): the store keys
every record by one id. Version labels count up per item, stored as "{item id}.{n}.0".
"""

from __future__ import annotations

import json
import re
import weakref
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import GraphError
from ..router import Route
from ..seed import SeedContext, seeder
from . import ActionContext, Response, address_rule, behaviour

if TYPE_CHECKING:
    from ..graph import GraphApp, GraphRequest
    from ..store import Record, Store

__all__ = ["Lists", "seed_sites"]

SITE = "microsoft.graph.site"
LIST = "microsoft.graph.list"
ITEM = "microsoft.graph.listItem"
COLUMN = "microsoft.graph.columnDefinition"
CONTENT_TYPE = "microsoft.graph.contentType"
VERSION = "microsoft.graph.listItemVersion"
DRIVE = "microsoft.graph.drive"
FILE = "microsoft.graph.driveItem"
USER = "microsoft.graph.user"
HOST = "contoso.sharepoint.com"
PREFER = "HonorNonIndexedQueriesWarningMayFailRandomly"
SEED_TIME = "2024-02-01T09:00:00Z"
# Column type facets; a definition carries one (columndefinition.md).
FACETS = ("text", "number", "currency", "boolean", "dateTime", "choice", "lookup",
          "personOrGroup", "hyperlinkOrPicture", "calculated")
LOOKUPS = ("lookup", "personOrGroup")
# SharePoint's user information list numbers people from here (AuthorLookupId "7").
FIRST_USER_LOOKUP_ID = 7


def bad(message: str) -> GraphError:
    return GraphError(400, "invalidRequest", message)


def not_found(what: str) -> GraphError:
    return GraphError(404, "itemNotFound", f"The resource could not be found: {what}")


def now(app: Any = None) -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def facet_of(column: Record) -> str | None:
    return next((f for f in FACETS if isinstance(column.data.get(f), dict)), None)


# ------------------------------------------------------------------------ lists and items


class Lists:
    """List, column and item operations over the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def linked(self, source: Record, name: str, graph_type: str) -> list[Record]:
        found = (self.store.get(graph_type, target) for target in self.store.links(source.id, name))
        return [r for r in found if r is not None]

    def columns(self, sp_list: Record) -> dict[str, Record]:
        return {str(c.data.get("name")): c for c in self.linked(sp_list, "columns", COLUMN)}

    def site_of(self, record: Record) -> Record | None:
        for parent_id in self.store.parents(record.id, "lists"):
            return self.store.get(SITE, parent_id)
        return None

    def list_of(self, item: Record) -> Record | None:
        for parent_id in self.store.parents(item.id, "items"):
            return self.store.get(LIST, parent_id)
        return None

    # -- people -----------------------------------------------------------------------------

    def people(self) -> list[Record]:
        return self.store.items(USER, "")

    def person_lookup_id(self, user_id: str | None) -> str:
        for index, person in enumerate(self.people()):
            if person.id == user_id:
                return str(FIRST_USER_LOOKUP_ID + index)
        return str(FIRST_USER_LOOKUP_ID)  # the app itself: the site's first user

    def person_named(self, lookup_id: str) -> Record | None:
        people = self.people()
        index = int(lookup_id) - FIRST_USER_LOOKUP_ID if lookup_id.isdigit() else -1
        return people[index] if 0 <= index < len(people) else None

    # -- values -----------------------------------------------------------------------------

    def checked(self, sp_list: Record, values: Any, *, creating: bool) -> dict[str, Any]:
        """The values as they are stored: each checked against its column (400 otherwise),
        lookups with their display value beside the id, the other members untouched."""
        if not isinstance(values, dict):
            raise bad("The fields must be a JSON object of column names and values.")
        columns = self.columns(sp_list)
        out: dict[str, Any] = {}
        for name, value in values.items():
            if "@" in name:
                continue  # annotations such as OwnerLookupId@odata.type
            column = columns.get(name)
            base = name.removesuffix("LookupId")
            if column is None and base != name and base in columns \
                    and facet_of(columns[base]) in LOOKUPS:
                column = columns[base]
            if column is None:
                raise bad(f"Field '{name}' is not recognized")
            if column.data.get("readOnly") or facet_of(column) == "calculated":
                raise bad(f"Field '{name}' is read-only")
            out.update(self._stored(column, name, value))
        if creating:
            for name, column in columns.items():
                if column.data.get("required") and name not in out and f"{name}LookupId" not in out:
                    raise bad(f"Field '{name}' is required")
        return out

    def _stored(self, column: Record, name: str, value: Any) -> dict[str, Any]:
        facet = facet_of(column)
        column_name = str(column.data.get("name"))
        if value is None:
            return {name: None}
        if facet in LOOKUPS:
            if name == column_name:
                raise bad(f"Field '{name}' is a lookup: set '{name}LookupId' to the id")
            ids = value if isinstance(value, list) else [value]
            if not all(isinstance(i, (str, int)) and str(i).isdigit() for i in ids):
                raise bad(f"Invalid lookup id for field '{name}'")
            shown = [self.display_of(column, str(i)) for i in ids]
            if isinstance(value, list):
                return {name: [str(i) for i in ids], column_name: shown}
            return {name: str(value), column_name: shown[0]}
        if facet in ("number", "currency") and (isinstance(value, bool)
                                               or not isinstance(value, (int, float))):
            raise bad(f"Invalid value for number field '{name}': {value!r}")
        if facet == "boolean" and not isinstance(value, bool):
            raise bad(f"Invalid value for boolean field '{name}': {value!r}")
        if facet == "dateTime" and not (isinstance(value, str) and _is_datetime(value)):
            raise bad(f"Invalid value for date field '{name}': {value!r}")
        if facet == "choice":
            body = column.data["choice"]
            picks = value if isinstance(value, list) else [value]
            for pick in picks:
                if not isinstance(pick, str) or (
                        pick not in body.get("choices", []) and not body.get("allowTextEntry")):
                    raise bad(f"'{pick}' is not a choice of field '{name}'")
        if facet == "text" and not isinstance(value, str):
            raise bad(f"Invalid value for text field '{name}': {value!r}")
        return {name: value}

    def display_of(self, column: Record, lookup_id: str) -> Any:
        """The value a lookup shows: the target item's column, or the person's name."""
        if facet_of(column) == "personOrGroup":
            person = self.person_named(lookup_id)
            return person.data.get("displayName") if person is not None else None
        lookup = column.data["lookup"]
        target = self.store.get(ITEM, lookup_id)
        if target is None or lookup.get("listId") not in self.store.parents(target.id, "items"):
            raise bad(f"Invalid lookup id '{lookup_id}': no such item in the looked-up list")
        return (target.data.get("fields") or {}).get(lookup.get("columnName") or "Title")

    def computed(self, sp_list: Record, fields: dict[str, Any]) -> dict[str, Any]:
        """Calculated columns of the form `=[A]<op>[B]` (+ - * /) over the item's values."""
        out = dict(fields)
        for name, column in self.columns(sp_list).items():
            if facet_of(column) != "calculated":
                continue
            formula = str(column.data["calculated"].get("formula") or "")
            found = re.fullmatch(r"=\s*\[(\w+)]\s*([-+*/])\s*\[(\w+)]\s*", formula)
            left, right = (out.get(found.group(1)), out.get(found.group(3))) if found else (None, None)
            if found is None or not all(isinstance(v, (int, float)) for v in (left, right)):
                out[name] = None
                continue
            assert isinstance(left, (int, float)) and isinstance(right, (int, float))
            op = found.group(2)
            out[name] = (left + right if op == "+" else left - right if op == "-" else
                         left * right if op == "*" else (left / right if right else None))
        return out

    # -- items ------------------------------------------------------------------------------

    def next_item_id(self) -> str:
        last = _LAST_ITEM_ID.get(self.store)
        if last is None:  # first use on this store (a tenant loaded from disk counts on)
            numbers = [int(r.id) for r in self.store.items(ITEM, "") if r.id.isdigit()]
            numbers += [int(t.id) for t in self.store.tombstones_since(ITEM, "", 0)
                        if t.id.isdigit()]
            last = max(numbers, default=0)
        _LAST_ITEM_ID[self.store] = last + 1
        return str(last + 1)

    def add_item(self, sp_list: Record, values: dict[str, Any], who: Record | None,
                 *, stamp: str, content_type: str = "Item", link: bool = True) -> Record:
        """A new item of `sp_list` (`link=False`: the caller links many at once)."""
        site = self.site_of(sp_list)
        item_id = self.next_item_id()
        author = self.person_lookup_id(who.id if who is not None else None)
        fields = self.computed(sp_list, {
            **values, "id": item_id, "ContentType": content_type, "Created": stamp,
            "Modified": stamp, "AuthorLookupId": author, "EditorLookupId": author,
            "_UIVersionString": "1.0", "Attachments": False,
        })
        identity = _identity(who)
        record = self.store.insert(ITEM, "", {
            "id": item_id, "eTag": f'"{sp_list.id},1"', "createdDateTime": stamp,
            "lastModifiedDateTime": stamp, "createdBy": identity, "lastModifiedBy": identity,
            "webUrl": f"{sp_list.data.get('webUrl')}/DispForm.aspx?ID={item_id}",
            "contentType": {"id": "0x0100" + sp_list.id.replace("-", "").upper()[:32],
                            "name": content_type},
            "parentReference": {"id": sp_list.id, "siteId": site.id if site else None},
            "sharepointIds": {"listId": sp_list.id, "listItemId": item_id,
                              "siteId": (site.data.get("sharepointIds") or {}).get("siteId")
                              if site else None},
            "fields": fields,
        })
        if link:
            self.store.add_link(sp_list.id, "items", record.id)
        self.keep_version(record)
        return record

    def update_item(self, item: Record, changes: dict[str, Any], who: Record | None) -> Record:
        sp_list = self.list_of(item)
        if sp_list is None:
            raise not_found(f"the list of item '{item.id}'")
        fields = dict(item.data.get("fields") or {})
        fields.update(changes)
        versions = len(self.store.links(item.id, "versions")) + 1
        stamp = now()
        fields.update({"Modified": stamp, "_UIVersionString": f"{versions}.0",
                       "EditorLookupId": self.person_lookup_id(who.id if who else None)})
        self.store.update(item, {
            "fields": self.computed(sp_list, fields), "lastModifiedDateTime": stamp,
            "lastModifiedBy": _identity(who) or item.data.get("lastModifiedBy"),
            "eTag": f'"{sp_list.id},{versions}"'})
        self.keep_version(item)
        return item

    def keep_version(self, item: Record) -> Record:
        """The item's present values as its newest version ("1.0", "2.0"...)."""
        number = len(self.store.links(item.id, "versions")) + 1
        version = self.store.insert(VERSION, "", {
            "id": f"{item.id}.{number}.0", "label": f"{number}.0",  # id: unique in the store
            "lastModifiedBy": item.data.get("lastModifiedBy"),
            "lastModifiedDateTime": item.data.get("lastModifiedDateTime"),
            "fields": dict(item.data.get("fields") or {}),
        })
        self.store.add_link(item.id, "versions", version.id)
        return version

    # -- document libraries -------------------------------------------------------------------

    def sync_library(self, sp_list: Record) -> None:
        """A document library's files are its items: each file without one gets one."""
        drives = self.store.links(sp_list.id, "drive")
        if not drives:
            return
        from .storage import DriveTree

        tree = DriveTree(self.store)
        try:
            root = tree.root(drives[0])
        except GraphError:
            return
        for file in tree.descendants(root):
            self.item_of_file(sp_list, file)

    def item_of_file(self, sp_list: Record, file: Record) -> Record:
        found = self.linked(file, "listItem", ITEM)
        if found:
            return found[0]
        name = str(file.data.get("name") or "")
        who = (file.data.get("createdBy") or {}).get("user") or {}
        person = self.store.get(USER, str(who.get("id") or "")) if who.get("id") else None
        item = self.add_item(sp_list, {"FileLeafRef": name, "Title": name.rsplit(".", 1)[0]},
                             person, stamp=str(file.data.get("createdDateTime") or SEED_TIME),
                             content_type="Folder" if "folder" in file.data else "Document")
        self.store.add_link(file.id, "listItem", item.id)
        self.store.add_link(item.id, "driveItem", file.id)
        return item


_LAST_ITEM_ID: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()


def _identity(who: Record | None) -> dict[str, Any] | None:
    if who is None:
        return None
    return {"user": {"id": who.id, "displayName": who.data.get("displayName")}}


def _is_datetime(text: str) -> bool:
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?",
                        text) is not None


def caller(ctx: ActionContext) -> Record | None:
    token = ctx.request.token
    user_id = token.user_id if token is not None else None
    return ctx.app.store.get(USER, user_id) if user_id else None


def entity(ctx: ActionContext, record: Record, status: int = 200) -> Response:
    return ctx.app.entity_response(record, ctx.app.entity_context(record, None), None,
                                   status=status)


def with_fields(ctx: ActionContext, record: Record, status: int = 200) -> Response:
    """An item with its values inline (what Graph answers a create with)."""
    code, headers, body = entity(ctx, record, status)
    payload = json.loads(body)
    payload["fields"] = record.data.get("fields") or {}
    return code, headers, json.dumps(payload).encode()


def page(ctx: ActionContext, records: list[Record]) -> Response:
    from ..listing import list_response

    route = ctx.extra.get("route")
    if not isinstance(route, Route):
        raise GraphError(500, "generalException", "A list behaviour was called without a route.")
    return list_response(ctx.app, ctx.request, route, ctx.params, records)


def target_of(ctx: ActionContext, graph_type: str, what: str) -> Record:
    if ctx.target is None or ctx.target.graph_type != graph_type:
        raise not_found(what)
    return ctx.target


# ------------------------------------------------------------------------ addresses

SITE_PATH = re.compile(r"^sites/(?P<host>[^/:,]+):(?P<path>/[^:]*?)(?::(?P<rest>/.*)?)?$")
SITE_KEY = re.compile(r"^sites/(?P<key>[^/:]+)(?P<rest>/.*)?$")
LIST_BY_NAME = re.compile(r"^(?P<site>sites/[^/]+)/lists/(?P<name>[^/]+)(?P<rest>/.*)?$")
VERSION_LABEL = re.compile(r"^(?P<item>sites/[^/]+/lists/[^/]+/items/(?P<id>[^/]+))/versions/"
                           r"(?P<label>\d+\.\d+)(?P<rest>/.*)?$")


@address_rule(SITE)
def site_address(app: GraphApp, request: GraphRequest, path: str) -> str:
    """`sites/root`, `sites/{hostname}` (that host's root site) and path-based addressing
    `sites/{hostname}:/{server-relative path}` with or without the closing colon
    (site-get.md, site-getbypath.md); then a list's title in place of its id (list-get.md)."""
    store = app.store
    by_path = SITE_PATH.match(path)
    if by_path is not None:
        host = HOST if by_path["host"].lower() == "root" else by_path["host"]
        wanted = f"https://{host}{by_path['path'].rstrip('/')}".casefold()
        site = next((s for s in store.items(SITE, "")
                     if str(s.data.get("webUrl") or "").casefold() == wanted), None)
        if site is None:
            raise not_found(f"site '{by_path['path']}' on '{host}'")
        return f"sites/{site.id}{by_path['rest'] or ''}"
    by_key = SITE_KEY.match(path)
    if by_key is not None and "," not in by_key["key"] and store.get(SITE, by_key["key"]) is None:
        key = by_key["key"].lower()
        if key == "root" or "." in key:  # the tenant's root site, or a host's
            host = HOST if key == "root" else key
            root = next((s for s in store.items(SITE, "") if "root" in s.data and
                         str(s.data.get("webUrl") or "").casefold() == f"https://{host}"), None)
            if root is None:
                raise not_found(f"site '{by_key['key']}'")
            return f"sites/{root.id}{by_key['rest'] or ''}"
    label = VERSION_LABEL.match(path)
    if label is not None and store.get(VERSION, f"{label['id']}.{label['label']}") is not None:
        return f"{label['item']}/versions/{label['id']}.{label['label']}{label['rest'] or ''}"
    by_name = LIST_BY_NAME.match(path)
    if by_name is not None and store.get(LIST, by_name["name"]) is None:
        site_id = by_name["site"].removeprefix("sites/")
        wanted = by_name["name"].casefold()
        for list_id in store.links(site_id, "lists"):
            found = store.get(LIST, list_id)
            if found is not None and wanted in (str(found.data.get("displayName")).casefold(),
                                                str(found.data.get("name")).casefold()):
                return f"{by_name['site']}/lists/{found.id}{by_name['rest'] or ''}"
    return path


# ------------------------------------------------------------------------ behaviours


@behaviour(SITE, "@list:sites")
def sites(ctx: ActionContext) -> Response:
    """`sites?search=...` (free text over names and descriptions, site-search.md), every site
    without it; below a site, its subsites."""
    route = ctx.extra["route"]
    if ctx.target is not None:
        return page(ctx, ctx.app.collection_records(route, ctx.params, ctx.scope))
    words = [w.casefold() for w in (ctx.request.q("search") or "").replace("*", " ").split()]
    found = [s for s in ctx.app.store.items(SITE, "")
             if all(w in " ".join(str(s.data.get(k) or "") for k in
                                  ("name", "displayName", "description", "webUrl")).casefold()
                    for w in words)]
    return page(ctx, found)


@behaviour(SITE, "lists")
def create_list(ctx: ActionContext) -> Response:
    """POST {site}/lists: a list with the template's columns and the given ones; a document
    library also gets its drive (list-create.md)."""
    site = target_of(ctx, SITE, "the site")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    title = body.get("displayName")
    if not isinstance(title, str) or not title.strip():
        raise bad("A list needs a displayName.")
    lists = Lists(ctx.app.store)
    if any(str(x.data.get("displayName")).casefold() == title.casefold()
           for x in lists.linked(site, "lists", LIST)):
        raise GraphError(409, "nameAlreadyExists", f"A list named '{title}' already exists.")
    found = body.get("list")
    info: dict[str, Any] = found if isinstance(found, dict) else {}
    columns = body.get("columns") or []
    if not isinstance(columns, list) or not all(isinstance(c, dict) and c.get("name")
                                                for c in columns):
        raise bad("columns must be column definitions, each with a name.")
    for column in columns:
        if sum(isinstance(column.get(f), dict) for f in FACETS) > 1:
            raise bad(f"Column '{column['name']}' has more than one type.")
    created = make_list(ctx.app.store, site, title, template=str(info.get("template") or "genericList"),
                        description=str(body.get("description") or ""), columns=columns,
                        who=caller(ctx), stamp=now())
    return entity(ctx, created, status=201)


@behaviour(LIST, "items")
def create_item(ctx: ActionContext) -> Response:
    """POST {list}/items with `fields` (listitem-create.md)."""
    sp_list = target_of(ctx, LIST, "the list")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    lists = Lists(ctx.app.store)
    values = lists.checked(sp_list, body.get("fields") or {}, creating=True)
    item = lists.add_item(sp_list, values, caller(ctx), stamp=now())
    return with_fields(ctx, item, status=201)


@behaviour(ITEM, "@patch:fields")
def update_fields(ctx: ActionContext) -> Response:
    """PATCH {item}/fields: the values sent change (and only those); the answer is the new
    fieldValueSet (listitem-update.md)."""
    item = target_of(ctx, ITEM, "the item")
    lists = Lists(ctx.app.store)
    sp_list = lists.list_of(item)
    if sp_list is None:
        raise not_found(f"the list of item '{item.id}'")
    ctx.app.check_if_match(ctx.request, item)
    changes = lists.checked(sp_list, ctx.request.json_body(), creating=False)
    lists.update_item(item, changes, caller(ctx))
    fields = {"@odata.etag": item.data.get("eTag"), **(item.data.get("fields") or {})}
    return 200, {"Content-Type": "application/json"}, json.dumps(fields).encode()


@behaviour(ITEM, "@list:items")
def list_items(ctx: ActionContext) -> Response:
    """GET {list}/items: a library's files first become items; a `$filter`/`$orderby` on a
    column that is not indexed needs the Prefer header (400 otherwise)."""
    sp_list = target_of(ctx, LIST, "the list")
    lists = Lists(ctx.app.store)
    lists.sync_library(sp_list)
    check_indexed(ctx, lists.columns(sp_list))
    return page(ctx, ctx.app.collection_records(ctx.extra["route"], ctx.params, ctx.scope))


def check_indexed(ctx: ActionContext, columns: dict[str, Record]) -> None:
    prefer = ctx.request.headers.get("prefer", "")
    if PREFER.casefold() in prefer.casefold():
        return
    texts = " ".join(ctx.request.q(k) or "" for k in ("$filter", "$orderby"))
    for name in re.findall(r"\bfields/([A-Za-z_][A-Za-z0-9_]*)", texts):
        column = columns.get(name.removesuffix("LookupId")) or columns.get(name)
        if column is not None and not column.data.get("indexed"):
            raise bad(f"Field '{name}' cannot be referenced in filter or orderby as it is not "
                      f"indexed. Provide the 'Prefer: {PREFER}' header to allow this, but be "
                      "warned that such queries may fail on large lists.")


@behaviour(ITEM, "@deleted")
def item_deleted(ctx: ActionContext) -> Response:
    """DELETE {item}: its versions go too; a library item's file stays (Graph deletes the file
    through the drive)."""
    item = ctx.target
    if item is not None:
        for version_id in ctx.app.store.links(item.id, "versions"):
            version = ctx.app.store.get(VERSION, version_id)
            if version is not None:
                ctx.app.store.delete(version)
    return 204, {}, b""


@behaviour(VERSION, "@list:versions")
def list_versions(ctx: ActionContext) -> Response:
    """GET {item}/versions: newest first, labelled "1.0", "2.0"... (listitem-list-versions.md);
    `versions/{label}` reaches one (see site_address)."""
    item = target_of(ctx, ITEM, "the item")
    renderer = ctx.app.renderer(VERSION)
    shown = []
    for version in reversed(Lists(ctx.app.store).linked(item, "versions", VERSION)):
        entity_json = renderer.entity(version, None)
        entity_json["id"] = entity_json.pop("label", version.id)
        shown.append(entity_json)
    context = ctx.app.context_url(f"sites('{ctx.params.get('site_id')}')/lists('"
                                  f"{ctx.params.get('list_id')}')/items('{item.id}')/versions")
    return 200, {"Content-Type": "application/json"}, json.dumps(
        {"@odata.context": context, "value": shown}).encode()


@behaviour(VERSION, "restoreVersion")
def restore_version(ctx: ActionContext) -> Response:
    """POST {version}/restoreVersion: its values become current, as a new version (204)."""
    version = target_of(ctx, VERSION, "the version")
    store = ctx.app.store
    owner = next((store.get(ITEM, p) for p in store.parents(version.id, "versions")), None)
    if owner is None:
        raise not_found(f"the item of version '{version.id}'")
    lists = Lists(store)
    kept = {k: v for k, v in (version.data.get("fields") or {}).items()
            if k not in ("Modified", "_UIVersionString", "EditorLookupId")}
    lists.update_item(owner, kept, caller(ctx))
    return 204, {}, b""


@behaviour(CONTENT_TYPE, "addCopy")
def add_content_type(ctx: ActionContext) -> Response:
    """POST {list}/contentTypes/addCopy {"contentType": URL of a site content type}
    (contenttype-addcopy.md): the list gets it (201)."""
    body = ctx.body if isinstance(ctx.body, dict) else {}
    url = body.get("contentType")
    found = re.search(r"/sites/([^/]+)/contentTypes/([^/?#]+)$", str(url or ""))
    if found is None:
        raise bad("contentType must be the URL of a site content type.")
    store = ctx.app.store
    site_id, type_id = (re.sub(r"%2C", ",", part, flags=re.IGNORECASE) for part in found.groups())
    if type_id not in store.links(site_id, "contentTypes"):
        raise not_found(f"content type '{type_id}' of site '{site_id}'")
    list_id = ctx.params.get("id", "")
    if store.get(LIST, list_id) is None:
        raise not_found(f"list '{list_id}'")
    store.add_link(list_id, "contentTypes", type_id)
    record = store.get(CONTENT_TYPE, type_id)
    assert record is not None
    return entity(ctx, record, status=201)


@behaviour(FILE, "@get:driveItem")
def drive_item_of(ctx: ActionContext) -> Response:
    """GET {item}/driveItem: the file behind an item of a document library."""
    item = target_of(ctx, ITEM, "the item")
    files = Lists(ctx.app.store).linked(item, "driveItem", FILE)
    if not files:
        raise not_found(f"a file behind item '{item.id}' (not a document library item)")
    return ctx.app.entity_response(files[0], "drives/items/$entity", None)


@behaviour(ITEM, "@get:listItem")
def list_item_of(ctx: ActionContext) -> Response:
    """GET {driveItem}/listItem: the item of a file in a document library (a OneDrive's too)."""
    file = target_of(ctx, FILE, "the drive item")
    store = ctx.app.store
    drive_id = str((file.data.get("parentReference") or {}).get("driveId") or "")
    drive = store.get(DRIVE, drive_id)
    if drive is None:
        raise not_found(f"the drive of '{file.id}'")
    lists = store.links(drive.id, "list")
    sp_list = store.get(LIST, lists[0]) if lists else None
    if sp_list is None:  # a OneDrive is a document library too (of its owner's personal site)
        stamp = str(drive.data.get("createdDateTime") or SEED_TIME)
        sp_list = make_list(store, personal_site(ctx.app, drive, stamp), "Documents",
                            template="documentLibrary", description="", columns=[], who=None,
                            stamp=stamp, drive=drive)
    return entity(ctx, Lists(store).item_of_file(sp_list, file))


def personal_site(app: GraphApp, drive: Record, stamp: str) -> Record:
    """The personal site a OneDrive belongs to (made on first use): its URL is the drive's
    without the library (https://contoso-my.sharepoint.com/personal/alias)."""
    url = str(drive.data.get("webUrl") or "").rsplit("/", 1)[0]
    store = app.store
    found = next((s for s in store.items(SITE, "") if s.data.get("webUrl") == url), None)
    if found is not None:
        return found
    site_guid, web_guid = store.ids.guid(), store.ids.guid()
    host = url.split("/")[2] if url.count("/") >= 2 else HOST
    owner_set = drive.data.get("owner") if isinstance(drive.data.get("owner"), dict) else {}
    owner = ((owner_set or {}).get("user") or {}).get("displayName") or "OneDrive"
    return store.insert(SITE, "", {
        "id": f"{host},{site_guid},{web_guid}", "name": url.rsplit("/", 1)[-1],
        "displayName": owner, "description": "", "webUrl": url, "createdDateTime": stamp,
        "lastModifiedDateTime": stamp, "isPersonalSite": True, "root": {},
        "siteCollection": {"hostname": host},
        "sharepointIds": {"siteId": site_guid, "webId": web_guid, "siteUrl": url}})


# What SharePoint fills in of a facet the request leaves out (textColumn: one line of at most
# 255 characters; columndefinition-get.md, list-post-columns.md show them on every text column).
FACET_DEFAULTS: dict[str, dict[str, Any]] = {
    "text": {"allowMultipleLines": False, "appendChangesToExistingText": False,
             "linesForEditing": 0, "maxLength": 255},
}


def with_facet_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """`data` (a column definition) with its facet's defaults filled in."""
    facet = facet_of_data(data)
    if facet in FACET_DEFAULTS:
        data = {**data, facet: {**FACET_DEFAULTS[facet], **data[facet]}}
    return data


@behaviour(COLUMN, "@created")
def column_created(ctx: ActionContext) -> Response:
    """A new column: shown by its name unless a display name is given; one type at most;
    its facet's defaults filled in."""
    column = ctx.target
    if column is not None:
        if sum(isinstance(column.data.get(f), dict) for f in FACETS) > 1:
            ctx.app.store.delete(column)
            raise bad(f"Column '{column.data.get('name')}' has more than one type.")
        ctx.app.store.update(column, {
            **with_facet_defaults(column.data),
            "displayName": column.data.get("displayName") or column.data.get("name")})
    return 201, {}, b""


# ------------------------------------------------------------------------ making lists

# Columns every list has (read-only), then the template's own.
SYSTEM_COLUMNS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("Created", "Created", {"dateTime": {"displayAs": "default", "format": "dateTime"}}),
    ("Modified", "Modified", {"dateTime": {"displayAs": "default", "format": "dateTime"}}),
    ("Author", "Created By", {"personOrGroup": {"chooseFromType": "peopleOnly"}}),
    ("Editor", "Modified By", {"personOrGroup": {"chooseFromType": "peopleOnly"}}),
)
TEMPLATE_COLUMNS: dict[str, tuple[tuple[str, str, dict[str, Any]], ...]] = {
    "genericList": (("Title", "Title", {"text": {"maxLength": 255}}),),
    "documentLibrary": (("FileLeafRef", "Name", {"text": {"maxLength": 255}}),
                        ("Title", "Title", {"text": {"maxLength": 255}})),
}


def make_list(store: Store, site: Record | None, title: str, *, template: str, description: str,
              columns: list[dict[str, Any]], who: Record | None, stamp: str,
              drive: Record | None = None) -> Record:
    """A list of `site` with its columns (system, template, given), its content type and,
    for a document library, its drive (`drive`: an existing one, a OneDrive's library)."""
    name = "Shared Documents" if template == "documentLibrary" and title == "Documents" else title
    if site is None and drive is not None:
        base = str(drive.data.get("webUrl") or "").rsplit("/", 1)[0]
    else:
        base = f"{site.data.get('webUrl') if site is not None else ''}"
    web_url = f"{base}/{quote(name)}" if template == "documentLibrary" else f"{base}/Lists/{quote(name)}"
    identity = _identity(who)
    sp_list = store.insert(LIST, "", {
        "name": name, "displayName": title, "description": description, "webUrl": web_url,
        "createdDateTime": stamp, "lastModifiedDateTime": stamp, "createdBy": identity,
        "lastModifiedBy": identity, "eTag": '"1"',
        "list": {"contentTypesEnabled": False, "hidden": False, "template": template},
        "parentReference": {"siteId": site.id if site is not None else None},
        "sharepointIds": {"siteId": (site.data.get("sharepointIds") or {}).get("siteId")
                          if site is not None else None, "siteUrl": base},
    }, id_style="guid")
    store.update(sp_list, {"sharepointIds": {**sp_list.data["sharepointIds"], "listId": sp_list.id}})
    if site is not None:
        store.add_link(site.id, "lists", sp_list.id)
    own = [(n, d, f) for n, d, f in TEMPLATE_COLUMNS.get(template, TEMPLATE_COLUMNS["genericList"])]
    for column_name, shown, facet in own:
        add_column(store, sp_list, {"name": column_name, "displayName": shown, **facet})
    for column in columns:
        add_column(store, sp_list, column)
    for column_name, shown, facet in SYSTEM_COLUMNS:
        add_column(store, sp_list, {"name": column_name, "displayName": shown,
                                    "readOnly": True, "indexed": column_name != "Author", **facet})
    for type_id in ("0x01",) if template != "documentLibrary" else ("0x0101", "0x0120"):
        if store.get(CONTENT_TYPE, type_id) is not None:
            store.add_link(sp_list.id, "contentTypes", type_id)
    if template == "documentLibrary":
        if drive is None:
            assert site is not None, "a new document library belongs to a site"
            drive = make_drive(store, site, sp_list, title, stamp)
        store.add_link(sp_list.id, "drive", drive.id)
        store.add_link(drive.id, "list", sp_list.id)
    return sp_list


def add_column(store: Store, sp_list: Record, definition: dict[str, Any]) -> Record:
    """A column of `sp_list`. A name the list already has gets a number (SharePoint makes
    `Author0` of a second `Author`, the system's Created By being the first)."""
    taken = set(Lists(store).columns(sp_list))
    name = str(definition.get("name"))
    unique = name
    for number in range(100):
        if unique not in taken:
            break
        unique = f"{name}{number}"
    definition = {**definition, "name": unique}
    data = with_facet_defaults({
        "columnGroup": "Custom Columns", "description": "", "enforceUniqueValues": False,
        "hidden": False, "indexed": False, "readOnly": False, "required": False,
        "displayName": definition.get("name"), **definition})
    if facet_of_data(data) == "calculated":
        data["readOnly"] = True
    column = store.insert(COLUMN, "", data, id_style="guid")
    store.add_link(sp_list.id, "columns", column.id)
    return column


def facet_of_data(data: dict[str, Any]) -> str | None:
    return next((f for f in FACETS if isinstance(data.get(f), dict)), None)


def make_drive(store: Store, site: Record, sp_list: Record, title: str, stamp: str) -> Record:
    """A document library's drive, with its top folder, linked from the site."""
    from .storage import DriveTree

    web_url = str(sp_list.data.get("webUrl"))
    drive = store.insert(DRIVE, "", {
        "id": "b!" + store.ids.guid().replace("-", "")[:30], "name": title,
        "driveType": "documentLibrary", "description": "", "createdDateTime": stamp,
        "lastModifiedDateTime": stamp, "webUrl": web_url,
        "createdBy": {"user": {"displayName": "System Account"}},
        "lastModifiedBy": {"user": {"displayName": "System Account"}},
        "owner": {"group": {"displayName": f"{site.data.get('displayName')} Owners"}},
        "quota": {"total": 1024 ** 4, "used": 0, "remaining": 1024 ** 4, "deleted": 0,
                  "state": "normal"},
    })
    root = store.insert(FILE, "", {
        "name": "root", "root": {}, "folder": {"childCount": 0}, "size": 0,
        "createdDateTime": stamp, "lastModifiedDateTime": stamp, "webUrl": web_url,
        "parentReference": {"driveId": drive.id, "driveType": "documentLibrary"},
    }, id_style="drive")
    DriveTree(store).stamp(root)
    store.add_link(drive.id, "root", root.id)
    store.add_link(site.id, "drives", drive.id)
    if not store.links(site.id, "drive"):
        store.add_link(site.id, "drive", drive.id)
    return drive


# ------------------------------------------------------------------------ seed

# (path, display name, description, parent path or None)
SITES: tuple[tuple[str, str, str, str | None], ...] = (
    ("", "Contoso", "The Contoso intranet", None),
    ("/sites/Marketing", "Marketing", "Campaigns, brand and events", None),
    ("/sites/Marketing/Campaigns", "Campaigns", "This year's campaigns", "/sites/Marketing"),
    ("/sites/Engineering", "Engineering", "Products, platform and releases", None),
    ("/sites/Engineering/Platform", "Platform", "The platform team", "/sites/Engineering"),
)
CONTENT_TYPES = (("0x01", "Item", "List Content Types", "0x"),
                 ("0x0101", "Document", "Document Content Types", "0x01"),
                 ("0x0120", "Folder", "Folder Content Types", "0x01"))
SITE_COLUMNS: tuple[dict[str, Any], ...] = (  # columns every site offers its lists
    {"name": "Department", "displayName": "Department", "text": {"maxLength": 255}},
    {"name": "Region", "displayName": "Region",
     "choice": {"choices": ["Americas", "Europe", "Asia Pacific"]}},
)
ORDERS = 1000  # items of the Orders list, for paging and filtering
STATUSES = ("New", "Active", "Closed")


@seeder(SITE)
def seed_sites(ctx: SeedContext) -> None:
    """The tenant's sites: the root site and two team sites with a subsite each, every one
    with a Documents library; Marketing's lists hold every column type (Inventory, looking up
    Categories) and 1,000 Orders; each user follows Marketing."""
    store = ctx.store
    for type_id, name, group, base_id in CONTENT_TYPES:
        shown = {"id": type_id, "name": name, "group": group, "description": "",
                 "hidden": False, "readOnly": False, "sealed": False}
        store.insert(CONTENT_TYPE, "", {**shown, "parentId": base_id, "isBuiltIn": True,
                                        "base": shown})
    made: dict[str, Record] = {}
    for path, title, description, parent in SITES:
        site_guid, web_guid = ctx.ids.guid(), ctx.ids.guid()
        url = f"https://{HOST}{path}"
        data: dict[str, Any] = {
            "id": f"{HOST},{site_guid},{web_guid}", "name": path.rsplit("/", 1)[-1] or "",
            "displayName": title, "description": description, "webUrl": url,
            "createdDateTime": "2021-06-01T08:00:00Z", "lastModifiedDateTime": SEED_TIME,
            "isPersonalSite": False, "siteCollection": {"hostname": HOST},
            "sharepointIds": {"siteId": site_guid, "webId": web_guid, "siteUrl": url},
        }
        if parent is None:
            data["root"] = {}
        site = store.insert(SITE, "", data)
        made[path] = site
        if parent is not None:
            store.add_link(made[parent].id, "sites", site.id)
        for type_id, *_ in CONTENT_TYPES:
            store.add_link(site.id, "contentTypes", type_id)
        for definition in SITE_COLUMNS:
            column = store.insert(COLUMN, "", with_facet_defaults({
                "columnGroup": "Contoso Columns", "description": "", "enforceUniqueValues": False,
                "hidden": False, "indexed": False, "readOnly": False, "required": False,
                **definition}), id_style="guid")
            store.add_link(site.id, "columns", column.id)
        make_list(store, site, "Documents", template="documentLibrary", description="",
                  columns=[], who=None, stamp=SEED_TIME)
    marketing = made["/sites/Marketing"]
    people = store.items(USER, "")
    for person in people:
        store.add_link(person.id, "followedSites", marketing.id)
    _seed_marketing_lists(ctx, marketing, people)
    issues = make_list(store, made["/sites/Engineering"], "Issues", template="genericList",
                       description="Open issues", stamp=SEED_TIME, who=None, columns=[
                           {"name": "Severity", "choice": {"choices": ["Low", "High"]}}])
    lists = Lists(store)
    for number, severity in enumerate(("High", "Low", "Low"), start=1):
        lists.add_item(issues, {"Title": f"Issue {number}", "Severity": severity},
                       people[number % len(people)] if people else None, stamp=SEED_TIME)
    _seed_library_files(ctx, marketing, people[0] if people else None)


def _seed_marketing_lists(ctx: SeedContext, site: Record, people: list[Record]) -> None:
    store, lists = ctx.store, Lists(ctx.store)
    categories = make_list(store, site, "Categories", template="genericList",
                           description="Product categories", columns=[], who=None, stamp=SEED_TIME)
    for title in ("Books", "Games", "Garden"):
        lists.add_item(categories, {"Title": title}, None, stamp=SEED_TIME)
    inventory = make_list(store, site, "Inventory", template="genericList",
                          description="Every column type", who=None, stamp=SEED_TIME, columns=[
        {"name": "Quantity", "number": {"decimalPlaces": "none", "minimum": 0}, "indexed": True},
        {"name": "Price", "currency": {"locale": "en-us"}},
        {"name": "InStock", "displayName": "In stock", "boolean": {}},
        {"name": "Color", "choice": {"choices": ["Red", "Blue", "Green", "Purple"],
                                     "displayAs": "dropDownMenu"}},
        {"name": "Due", "dateTime": {"displayAs": "default", "format": "dateOnly"}},
        {"name": "Category", "lookup": {"listId": categories.id, "columnName": "Title"}},
        {"name": "Owner", "personOrGroup": {"chooseFromType": "peopleOnly"}},
        {"name": "Website", "hyperlinkOrPicture": {"isPicture": False}},
        {"name": "Total", "calculated": {"formula": "=[Quantity]*[Price]", "outputType": "currency"}},
    ])
    category_ids = [i for i in store.links(categories.id, "items")]
    rows = (("Widget", 12, 2.5, True, "Red", "2024-03-01T00:00:00Z"),
            ("Gadget", 3, 19.99, True, "Blue", "2024-04-15T00:00:00Z"),
            ("Gizmo", 0, 7.0, False, "Green", "2024-05-30T00:00:00Z"),
            ("Doohickey", 40, 1.25, True, "Purple", "2024-06-01T00:00:00Z"))
    for index, (title, quantity, price, in_stock, color, due) in enumerate(rows):
        owner = lists.person_lookup_id(people[index % len(people)].id) if people else "7"
        values = lists.checked(inventory, {
            "Title": title, "Quantity": quantity, "Price": price, "InStock": in_stock,
            "Color": color, "Due": due, "CategoryLookupId": category_ids[index % 3],
            "OwnerLookupId": owner, "Website": {"Url": f"https://contoso.com/{title.lower()}",
                                                "Description": title}}, creating=True)
        lists.add_item(inventory, values, None, stamp=SEED_TIME)
    orders = make_list(store, site, "Orders", template="genericList", description="Sales orders",
                       who=None, stamp=SEED_TIME, columns=[
        {"name": "Status", "choice": {"choices": list(STATUSES)}},
        {"name": "Amount", "number": {}, "indexed": True},
        {"name": "OrderDate", "displayName": "Order date", "dateTime": {"format": "dateOnly"}},
        {"name": "Customer", "text": {}},
    ])
    customers = ("Fabrikam", "Northwind", "Tailspin", "Woodgrove", "Litware")
    added = [lists.add_item(orders, {
        "Title": f"Order {number:04d}", "Status": STATUSES[number % 3],
        "Amount": float(number * 10 % 997), "Customer": customers[number % 5],
        "OrderDate": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}T00:00:00Z",
    }, None, stamp=SEED_TIME, link=False).id for number in range(1, ORDERS + 1)]
    store.set_links(orders.id, "items", added)  # one link write for the thousand


def _seed_library_files(ctx: SeedContext, site: Record, author: Record | None) -> None:
    """Two files in Marketing's Documents library (its items appear when it is read),
    created by `author`."""
    from .storage import DriveTree

    store = ctx.store
    tree = DriveTree(store)
    drive_id = store.links(site.id, "drive")[0]
    root = tree.root(drive_id)
    for name, size in (("Brand guidelines.docx", 64_512), ("Campaign plan.xlsx", 20_480)):
        tree.add(root, {"name": name, "size": size, "file": {
            "mimeType": "application/vnd.openxmlformats-officedocument"}}, who=_identity(author))
