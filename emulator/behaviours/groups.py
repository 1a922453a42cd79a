"""Groups: what Graph does besides storing them, and a seeded set of groups.

- A new group gets what the directory assigns (G: api/group-post-groups.md, resources/
  group.md): its `mail` and `proxyAddresses` when mail-enabled, a `securityIdentifier`,
  creation and renewal times; a Microsoft 365 group (groupTypes Unified) gets a document
  library, reached as `groups/{id}/drive`.
- `transitiveMembers` of a group and `transitiveMemberOf` of a user or group walk nested
  memberships (G: api/group-list-transitivemembers.md, api/user-list-transitivememberof.md).

Members and owners themselves are links added and removed by `$ref` requests and
`@odata.bind` (emulator.references, generic); the Group spec's `emulator: inverse:` keeps
each member's `memberOf` in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..listing import list_response
from ..seed import complete_new
from . import ActionContext, Response, behaviour, seeder

if TYPE_CHECKING:
    from ..seed import SeedContext
    from ..store import Record, Store

GROUP = "microsoft.graph.group"
USER = "microsoft.graph.user"
OBJECT = "microsoft.graph.directoryObject"
DRIVE = "microsoft.graph.drive"
ITEM = "microsoft.graph.driveItem"
DOMAIN = "contoso.onmicrosoft.com"
SITES = "https://contoso.sharepoint.com/sites"

# (display name, mail nickname, kind, description, owners, members; names are given names,
# "group:<nickname>" a nested group). Kinds: m365 (Unified), security, distribution.
SEED_GROUPS: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Leadership", "leadership", "m365", "The executive team.",
     ("Patti",), ("Patti", "Megan", "Adele", "Lee", "Nestor")),
    ("Marketing", "marketing", "m365", "Campaigns, events and the brand.",
     ("Megan",), ("Megan", "Alex")),
    ("Engineering", "engineering", "m365", "Products and the platform behind them.",
     ("Lidia",), ("Lidia", "Johanna", "Grady")),
    ("Retail Managers", "retailmanagers", "distribution", "Store managers' mailing list.",
     ("Adele",), ("Adele", "Isaiah")),
    ("All Company Security", "allcompanysecurity", "security",
     "Everyone, for file and app permissions.",
     ("Patti",), ("group:leadership", "group:engineering", "Pradeep", "Diego")),
)
KINDS: dict[str, dict[str, Any]] = {
    "m365": {"groupTypes": ["Unified"], "mailEnabled": True, "securityEnabled": False,
             "visibility": "Private"},
    "security": {"groupTypes": [], "mailEnabled": False, "securityEnabled": True},
    "distribution": {"groupTypes": [], "mailEnabled": True, "securityEnabled": False},
}


def assigned(store: Store, data: dict[str, Any], stamp: str) -> dict[str, Any]:
    """What the directory sets on a new group that its creator does not."""
    nickname = str(data.get("mailNickname") or "")
    mail_enabled = bool(data.get("mailEnabled"))
    mail = f"{nickname}@{DOMAIN}" if mail_enabled and nickname else None
    unified = "Unified" in (data.get("groupTypes") or [])
    digits = store.ids.guid().replace("-", "")
    sid_tail = "-".join(str(int(digits[i:i + 8], 16)) for i in (0, 8, 16, 24))
    return {
        "mail": mail,
        "proxyAddresses": [f"SMTP:{mail}"] if mail else [],
        "securityIdentifier": f"S-1-12-1-{sid_tail}",
        "createdDateTime": data.get("createdDateTime") or stamp,
        "renewedDateTime": stamp,
        "expirationDateTime": None,
        "visibility": data.get("visibility") or ("Private" if unified else None),
        "resourceProvisioningOptions": data.get("resourceProvisioningOptions") or [],
    }


def add_library(store: Store, group: Record) -> None:
    """A Microsoft 365 group's document library: a drive with its root folder."""
    nickname = str(group.data.get("mailNickname") or group.id)
    url = f"{SITES}/{nickname}/Shared%20Documents"
    owner = {"group": {"id": group.id, "displayName": group.data.get("displayName")}}
    stamp = str(group.data.get("createdDateTime"))
    drive = store.insert(DRIVE, "", {
        "id": "b!" + store.ids.guid().replace("-", "")[:30],
        "name": "Documents", "driveType": "documentLibrary", "description": "",
        "createdDateTime": stamp, "lastModifiedDateTime": stamp, "owner": owner,
        "webUrl": url,
        "quota": {"total": 27487790694400, "used": 0, "remaining": 27487790694400,
                  "deleted": 0, "state": "normal"},
    })
    root = store.insert(ITEM, "", {
        "name": "root", "root": {}, "folder": {"childCount": 0}, "size": 0,
        "createdDateTime": stamp, "lastModifiedDateTime": stamp, "webUrl": url,
        "parentReference": {"driveId": drive.id, "driveType": "documentLibrary"},
    }, id_style="drive")
    store.add_link(drive.id, "root", root.id)
    store.add_link(group.id, "drive", drive.id)
    store.add_link(group.id, "drives", drive.id)


@behaviour(GROUP, "@created")
def group_created(ctx: ActionContext) -> Response:
    record = ctx.target
    assert record is not None
    store = ctx.app.store
    store.update(record, assigned(store, record.data, str(record.data.get("createdDateTime"))))
    if "Unified" in (record.data.get("groupTypes") or []):
        add_library(store, record)
    return 201, {}, b""


def _walk(store: Store, start: str, navigation: str) -> list[str]:
    """Ids reached from `start` through `navigation` links, nested ones included, once each
    (a membership cycle ends the walk)."""
    seen: list[str] = []
    pending = list(store.links(start, navigation))
    while pending:
        current = pending.pop(0)
        if current in seen or current == start:
            continue
        seen.append(current)
        pending += store.links(current, navigation)
    return seen


def _transitive(navigation: str) -> Callable[[ActionContext], Response]:
    def hook(ctx: ActionContext) -> Response:
        store = ctx.app.store
        owner = ctx.target
        ids = _walk(store, owner.id, navigation) if owner is not None else []
        records = [r for r in (store.find(i) for i in ids) if r is not None]
        return list_response(ctx.app, ctx.request, ctx.extra["route"], ctx.params, records)

    return hook


behaviour(OBJECT, "@list:transitiveMembers")(_transitive("members"))
behaviour(OBJECT, "@list:transitiveMemberOf")(_transitive("memberOf"))


@seeder(GROUP)
def seed_groups(ctx: SeedContext) -> None:
    """Microsoft 365 groups, a distribution list and a security group with a nested group,
    from the seeded people (emulator.seed.PEOPLE), with owners and members."""
    store = ctx.store
    spec = ctx.specset.resource("Group") if ctx.specset else None
    inverse = dict(spec.emulator.inverse) if spec is not None else {}
    users = {str(r.data.get("givenName")): r for r in store.items(USER, "")}
    groups: dict[str, Record] = {}
    for index, (name, nickname, kind, description, _owners, _members) in enumerate(SEED_GROUPS):
        stamp = f"2023-0{1 + index}-0{1 + index}T10:00:00Z"
        data = {"displayName": name, "mailNickname": nickname, "description": description,
                **KINDS[kind], "createdDateTime": stamp, "classification": None,
                "membershipRule": None, "membershipRuleProcessingState": None,
                "preferredLanguage": None, "theme": None, "isAssignableToRole": None,
                "onPremisesSyncEnabled": None, "deletedDateTime": None}
        data.update(assigned(store, data, stamp))
        complete_new(spec, frozenset(), data)  # the spec's defaults, as on create
        record = store.insert(GROUP, "", data, id_style="guid")
        groups[nickname] = record
        if kind == "m365":
            add_library(store, record)
    for _name, nickname, _kind, _description, owners, members in SEED_GROUPS:
        group = groups[nickname]
        for navigation, names in (("owners", owners), ("members", members)):
            for who in names:
                target = groups[who[6:]] if who.startswith("group:") else users.get(who)
                if target is not None:
                    store.add_link(group.id, navigation, target.id)
                    if navigation in inverse:
                        store.add_link(target.id, inverse[navigation], group.id)
