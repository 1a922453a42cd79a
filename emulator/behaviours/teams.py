"""Microsoft Teams: what Graph does besides storing teams, channels, chats and messages.

Server logic the specs cannot hold (G: the api/team-*, channel-*, chat-*, chatmessage-* and
presence-* pages of the Graph reference):

- A team is the team of a Microsoft 365 group and shares its id; its members *are* the
  group's members and owners (owners get the role `owner`): listing, adding and removing
  team members reads and changes the group's memberships (emulator.references keeps each
  user's `memberOf`). Membership ids are Graph's `base64("<container id>##<user id>")`.
- `joinedTeams` lists the teams whose group has the user (Graph returns only their id,
  displayName and description); `chats` lists the chats the user is a member of.
- Creating a team (POST /teams, from the standard template, or from an existing group with
  `group@odata.bind`), archiving and unarchiving answer 202 with `Location:
  /teams('<id>')/operations('<id>')`; the operation reports `inProgress` when first polled
  and `succeeded` from the second poll on (team-post.md, team-archive.md,
  resources/teamsasyncoperation.md). A new team has its group (with a document library), a
  General channel (its primaryChannel) and its creator as owner.
- Channel ids are `19:<32 hex>@thread.tacv2`, group chats `19:<32 hex>@thread.v2`,
  one-on-one chats `19:<user>_<user>@unq.gbl.spaces` (asking for a pair's chat again gives
  the one there); a channel's name is unique in its team;
  members are added only to private and shared channels (a standard channel's members are
  the team's) and only to group chats.
- A message gets an epoch-millisecond id and etag, its sender from the token (sending needs
  a signed-in user: Graph takes application permissions only for migration), its
  channelIdentity or chatId, `replyToId` for replies; the `<at id="N">` tags of its HTML body
  and its `mentions` array must agree; `hostedContents` (inline images) become hosted
  content entities and the body's `../hostedContents/<temporary id>/$value` their URLs
  (chatmessage-post.md examples 2 and 5). No message is sent to an archived team. Only the
  sender edits (PATCH) or soft-deletes a message.
- A channel's filesFolder is a folder named after it in the team's document library, made
  the first time it is asked for (channel-get-filesfolder.md).
- Presence: the base state is what a Teams client reports (the seeded one); setPresence
  sessions, the user's preferred presence and status messages combine as
  presence-setpresence.md says (user-configured over app-configured; among sessions
  DoNotDisturb > Busy > Available > Away); only the documented availability/activity pairs
  and expirations of PT5M to PT4H (setPresence) are taken.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, urlsplit

from ..errors import GraphError
from ..listing import list_response
from ..references import link, referenced, unlink
from ..seed import SeedContext, seeder
from . import ActionContext, Response, address_rule, behaviour
from .groups import GROUP, add_library, assigned
from .storage import DriveTree

if TYPE_CHECKING:
    from ..graph import GraphApp, GraphRequest
    from ..identity import IdentityPlatform
    from ..store import Record, Store


class Tenant(Protocol):
    """What the helpers below use of the app: its store and identity platform (also there
    while seeding, before any request)."""

    store: Store
    identity: IdentityPlatform

TEAM = "microsoft.graph.team"
CHANNEL = "microsoft.graph.channel"
CHAT = "microsoft.graph.chat"
MESSAGE = "microsoft.graph.chatMessage"
HOSTED = "microsoft.graph.chatMessageHostedContent"
MEMBER = "microsoft.graph.conversationMember"
AAD_MEMBER = "#microsoft.graph.aadUserConversationMember"
INSTALLATION = "microsoft.graph.teamsAppInstallation"
OPERATION = "microsoft.graph.teamsAsyncOperation"
PRESENCE = "microsoft.graph.presence"
USER = "microsoft.graph.user"
EARLIEST = "0001-01-01T00:00:00Z"  # visibleHistoryStartDateTime: the whole history

# The team settings Graph gives a new team of the standard template (team-get.md).
SETTINGS: dict[str, Any] = {
    "memberSettings": {"allowCreateUpdateChannels": True, "allowCreatePrivateChannels": True,
                       "allowDeleteChannels": True, "allowAddRemoveApps": True,
                       "allowCreateUpdateRemoveTabs": True, "allowCreateUpdateRemoveConnectors": True},
    "guestSettings": {"allowCreateUpdateChannels": False, "allowDeleteChannels": False},
    "messagingSettings": {"allowUserEditMessages": True, "allowUserDeleteMessages": True,
                          "allowOwnerDeleteMessages": True, "allowTeamMentions": True,
                          "allowChannelMentions": True},
    "funSettings": {"allowGiphy": True, "giphyContentRating": "moderate",
                    "allowStickersAndMemes": True, "allowCustomMemes": True},
}

# The tenant's app catalog: apps of Microsoft's documented examples (team-list-installedapps.md).
CATALOG: dict[str, dict[str, Any]] = {
    "00001016-de05-492e-9106-4828fc8a8687": {
        "displayName": "Power Automate Actions", "version": "1.0.2",
        "shortDescription": "Be more productive with Microsoft Flow",
        "description": "Automate time-consuming and repetitive tasks by integrating your "
                       "favorite apps and services with Microsoft Power Automate."},
    "0ae35b36-0fd7-422e-805b-d53af1579093": {
        "displayName": "SharePoint Pages", "version": "1.2",
        "shortDescription": "Add a tab for a SharePoint news article or page.",
        "description": "This app allows you to tab intranet pages from any SharePoint site so "
                       "that they can be viewed by your team inside Teams channels."},
    "0d820ecd-def2-4297-adad-78056cde7c78": {
        "displayName": "OneNote", "version": "1.0.0",
        "shortDescription": "Capture and share ideas, to-do lists and other notes with your team.",
        "description": "Capture and share ideas, to-do lists and other thoughts with your team. "
                       "You can also co-author anytime."},
}

# presence-setpresence.md and presence-setuserpreferredpresence.md: the pairs Graph takes.
SESSION_PAIRS = {("Available", "Available"), ("Busy", "InACall"), ("Busy", "InAConferenceCall"),
                 ("Away", "Away"), ("DoNotDisturb", "Presenting")}
PREFERRED_PAIRS = {("Available", "Available"), ("Busy", "Busy"), ("DoNotDisturb", "DoNotDisturb"),
                   ("BeRightBack", "BeRightBack"), ("Away", "Away"), ("Offline", "OffWork")}
PRECEDENCE = ("DoNotDisturb", "Busy", "Available", "Away")  # among app sessions
PRESENCE_STATE = "emulator.teams.presenceState"  # sessions and preferences, never served
_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
_AT_TAG = re.compile(r'<at id="(\d+)">(.*?)</at>', re.DOTALL)
_HOSTED_REF = re.compile(r"\.\./hostedContents/([^/\"']+)/\$value")


# -------------------------------------------------------------------------- small helpers

def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _stamp(when: dt.datetime | None = None) -> str:
    """Graph's timestamps of Teams entities: milliseconds, Z."""
    when = when or _now()
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _milliseconds(when: dt.datetime) -> int:
    return int(when.timestamp() * 1000)


def membership_id(container_id: str, user_id: str) -> str:
    """A membership's id: base64 of `<team, channel or chat id>##<user id>` (team-list-members.md)."""
    return base64.b64encode(f"{container_id}##{user_id}".encode()).decode()


def thread_id(store: Store, suffix: str) -> str:
    return f"19:{store.ids.guid().replace('-', '')}@{suffix}"


def _bad(message: str, code: str = "BadRequest") -> GraphError:
    return GraphError(400, code, message)


def _forbidden(message: str) -> GraphError:
    return GraphError(403, "Forbidden", message)


def _user_identity(user: Record) -> dict[str, Any]:
    """A user in a message's from, mentions and reactions: a teamworkUserIdentity
    (chatmessage-get.md)."""
    return {"@odata.type": "#microsoft.graph.teamworkUserIdentity", "id": user.id,
            "displayName": user.data.get("displayName"), "userIdentityType": "aadUser"}


def _caller(ctx: ActionContext, what: str) -> Record:
    """The signed-in user; Graph takes no application permissions for `what`."""
    token = ctx.request.token
    user = ctx.app.store.get(USER, token.user_id) if token is not None and token.user_id else None
    if user is None:
        raise _forbidden(f"{what} needs a signed-in user: application permissions are supported "
                         "only for migration.")
    return user


def _tenant(app: Tenant) -> str:
    return str(app.identity.tenant_id)


def member_data(app: Tenant, container_id: str, user: Record, roles: list[str],
                since: str = EARLIEST) -> dict[str, Any]:
    return {"@odata.type": AAD_MEMBER, "id": membership_id(container_id, user.id), "roles": roles,
            "displayName": user.data.get("displayName"), "visibleHistoryStartDateTime": since,
            "userId": user.id, "email": user.data.get("mail"), "tenantId": _tenant(app)}


def _user_of_bind(app: GraphApp, member: Any) -> Record:
    """The user a conversationMember body names (`user@odata.bind`)."""
    if not isinstance(member, dict) or not member.get("user@odata.bind"):
        raise _bad("A conversation member needs 'user@odata.bind', the URL of a user.")
    if member.get("@odata.type", AAD_MEMBER).lstrip("#").lower() != AAD_MEMBER.lstrip("#").lower():
        raise _bad("Only microsoft.graph.aadUserConversationMember members can be added here.")
    user = referenced(app, member["user@odata.bind"])
    if user.graph_type != USER:
        raise _bad("'user@odata.bind' must name a user.")
    return user


def _roles(member: dict[str, Any]) -> list[str]:
    roles = member.get("roles", [])
    if not isinstance(roles, list) or any(r not in ("owner", "guest") for r in roles):
        raise _bad("roles must be a list of 'owner' or 'guest' (or empty for a member).")
    return list(roles)


# -------------------------------------------------------------------------- team membership

def group_of(app: Tenant, team: Record) -> Record | None:
    return app.store.get(GROUP, team.id)


def team_members(app: Tenant, team: Record) -> list[Record]:
    """The team's membership entities, one per user member or owner of its group, kept in
    step with the group (owners first, then members, as the group lists them)."""
    store = app.store
    group = group_of(app, team)
    if group is None:
        return []
    owners = store.links(group.id, "owners")
    out = []
    for user_id in dict.fromkeys([*owners, *store.links(group.id, "members")]):
        user = store.get(USER, user_id)
        if user is None:
            continue  # a nested group is no team member
        roles = ["owner"] if user_id in owners else []
        record = store.get(MEMBER, membership_id(team.id, user_id))
        if record is None:
            record = store.insert(MEMBER, "", member_data(app, team.id, user, roles))
        elif record.data.get("roles") != roles:
            store.update(record, {"roles": roles})
        out.append(record)
    return out


def _container_members(app: GraphApp, container: Record, params: dict[str, str]) -> list[Record]:
    """The members of a team, channel or chat (a standard channel's are its team's)."""
    if container.graph_type == TEAM:
        return team_members(app, container)
    if container.graph_type == CHANNEL and container.data.get("membershipType") in (None, "standard"):
        team = app.store.get(TEAM, params.get("team_id", ""))
        return team_members(app, team) if team is not None else []
    return [r for r in (app.store.get(MEMBER, i) for i in app.store.links(container.id, "members"))
            if r is not None]


def _summary(app: Tenant, team: Record) -> None:
    members = team_members(app, team)
    owners = sum("owner" in (m.data.get("roles") or []) for m in members)
    app.store.update(team, {"summary": {"ownersCount": owners, "membersCount": len(members) - owners,
                                        "guestsCount": 0}})


@behaviour(MEMBER, "@list:members")
def list_members(ctx: ActionContext) -> Response:
    container = ctx.target
    records = _container_members(ctx.app, container, ctx.params) if container is not None else []
    return list_response(ctx.app, ctx.request, ctx.extra["route"], ctx.params, records)


@behaviour(MEMBER, "@get:members")
def get_member(ctx: ActionContext) -> Response:
    route = ctx.extra["route"]
    key = ctx.params.get(route.id_param or "", "")
    container = ctx.target
    found = next((m for m in _container_members(ctx.app, container, ctx.params) if m.id == key),
                 None) if container is not None else None
    if found is None:
        raise GraphError(404, "NotFound", f"Member '{key}' was not found.")
    return ctx.app.entity_response(found, ctx.app.entity_context(found, None), None)


@behaviour(TEAM, "members")
def team_membership(ctx: ActionContext) -> Response:
    """POST adds a member (or owner) to the team's group; DELETE removes one."""
    app = ctx.app
    team = ctx.target if ctx.target is not None else app.store.get(TEAM, ctx.params.get("id", ""))
    if team is None or team.graph_type != TEAM:
        raise GraphError(404, "NotFound", "The team was not found.")
    group = group_of(app, team)
    if group is None:
        raise GraphError(404, "NotFound", "The team's group was not found.")
    if ctx.request.method == "DELETE":
        key = ctx.params.get("member", "")
        found = next((m for m in team_members(app, team) if m.id == key), None)
        if found is None:
            raise GraphError(404, "NotFound", f"Member '{key}' was not found.")
        user_id = str(found.data.get("userId"))
        owners = app.store.links(group.id, "owners")
        if user_id in owners and len(owners) == 1:
            raise _bad("The last owner of a team cannot be removed.")
        for navigation in ("owners", "members"):
            if user_id in app.store.links(group.id, navigation):
                unlink(app, group, navigation, user_id)
        app.store.delete(found)
        _summary(app, team)
        return 204, {}, b""
    body = ctx.body if isinstance(ctx.body, dict) else {}
    user, roles = _user_of_bind(app, body), _roles(body)
    if membership_id(team.id, user.id) in {m.id for m in team_members(app, team)}:
        raise GraphError(409, "Conflict", f"{user.data.get('displayName')} is already a member.")
    link(app, group, "members", user)
    if "owner" in roles:
        link(app, group, "owners", user)
    record = next(m for m in team_members(app, team) if m.data.get("userId") == user.id)
    _summary(app, team)
    return app.entity_response(record, f"teams('{team.id}')/members/$entity", None, status=201)


def _new_member(app: GraphApp, container: Record, body: dict[str, Any]) -> tuple[Record, str]:
    """The user a new channel or chat membership names, refused when already a member."""
    user = _user_of_bind(app, body)
    if membership_id(container.id, user.id) in app.store.links(container.id, "members"):
        raise GraphError(409, "Conflict", f"{user.data.get('displayName')} is already a member.")
    return user, str(body.get("visibleHistoryStartDateTime") or EARLIEST)


@behaviour(MEMBER, "@creating")
def creating_member(ctx: ActionContext) -> Response:
    """A member of a private or shared channel (generic create)."""
    app, data = ctx.app, ctx.body
    route = ctx.extra["route"]
    container = app.object_at(route.parent_template, ctx.params, ctx.scope)
    if container is None:
        raise GraphError(404, "NotFound", "The channel was not found.")
    if container.graph_type == CHANNEL and container.data.get("membershipType") in (None, "standard"):
        raise _bad("Members can be added only to private and shared channels; a standard "
                   "channel's members are its team's.")
    user, since = _new_member(app, container, ctx.request.json_body() or {})
    data.update(member_data(app, container.id, user, _roles(data), since))
    return 201, {}, b""


@behaviour(CHAT, "members")
def chat_membership(ctx: ActionContext) -> Response:
    """POST adds someone to a group chat: 201 with only a Location (chat-post-members.md)."""
    app, chat = ctx.app, ctx.target
    if chat is None or chat.graph_type != CHAT:
        raise GraphError(404, "NotFound", "The chat was not found.")
    if chat.data.get("chatType") == "oneOnOne":
        raise _bad("Members cannot be added to a one-on-one chat.")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    user, since = _new_member(app, chat, body)
    member = app.store.insert(MEMBER, "", member_data(app, chat.id, user, _roles(body), since))
    app.store.add_link(chat.id, "members", member.id)
    app.store.update(chat, {"lastUpdatedDateTime": _stamp()})
    return 201, {"Location": f"/chats/{chat.id}/members/{member.id}"}, b""


@behaviour(TEAM, "@list:joinedTeams")
def joined_teams(ctx: ActionContext) -> Response:
    """The teams whose group has the user; Graph returns only id, displayName, description
    of each (user-list-joinedteams.md)."""
    user, app = ctx.target, ctx.app
    teams = [t for t in app.store.items(TEAM, "")
             if user is not None and any(m.data.get("userId") == user.id for m in team_members(app, t))]
    value = [{"id": t.id, "displayName": t.data.get("displayName"),
              "description": t.data.get("description")} for t in teams]
    from ..render import dumps

    context = app.context_url(f"users('{user.id if user else ''}')/joinedTeams")
    body = dumps({"@odata.context": context, "@odata.count": len(value), "value": value})
    return 200, {"Content-Type": "application/json; odata.metadata=minimal; charset=utf-8"}, body


@behaviour(CHAT, "@list:chats")
def my_chats(ctx: ActionContext) -> Response:
    user, app = ctx.target, ctx.app
    chats = [c for c in app.store.items(CHAT, "")
             if user is not None and membership_id(c.id, user.id) in app.store.links(c.id, "members")]
    return list_response(app, ctx.request, ctx.extra["route"], ctx.params, chats)


# -------------------------------------------------------------------------- teams and operations

def _operation(app: GraphApp, team: Record, kind: str) -> Response:
    """A teamsAsyncOperation on `team`, answered as Graph does: 202 and where to poll."""
    stamp = _stamp()
    operation = app.store.insert(OPERATION, "", {
        "operationType": kind, "createdDateTime": stamp, "status": "notStarted",
        "lastActionDateTime": stamp, "attemptsCount": 0, "targetResourceId": team.id,
        "targetResourceLocation": f"/teams('{team.id}')", "error": None})
    app.store.add_link(team.id, "operations", operation.id)
    return 202, {"Location": f"/teams('{team.id}')/operations('{operation.id}')",
                 "Content-Location": f"/teams('{team.id}')", "Content-Type": "text/plain"}, b""


@behaviour(OPERATION, "@get:operations")
def poll_operation(ctx: ActionContext) -> Response:
    """Each poll is an attempt: the first finds the operation in progress, later ones done."""
    app, team = ctx.app, ctx.target
    key = ctx.params.get("operation_id", "")
    if team is None or key not in app.store.links(team.id, "operations"):
        raise GraphError(404, "NotFound", f"Operation '{key}' was not found.")
    operation = app.store.get(OPERATION, key)
    assert operation is not None
    attempts = int(operation.data.get("attemptsCount") or 0) + 1
    status = "inProgress" if attempts == 1 else "succeeded"
    app.store.update(operation, {"attemptsCount": attempts, "status": status,
                                 "lastActionDateTime": _stamp()})
    return app.entity_response(operation, f"teams('{team.id}')/operations/$entity", None)


def _team_url(team_id: str, channel_id: str, tenant: str) -> str:
    return (f"https://teams.microsoft.com/l/team/{quote(channel_id, safe='')}/conversations"
            f"?groupId={team_id}&tenantId={tenant}")


def _channel_url(team_id: str, channel_id: str, name: str, tenant: str) -> str:
    return (f"https://teams.microsoft.com/l/channel/{quote(channel_id, safe=':@')}/{quote(name)}"
            f"?groupId={team_id}&tenantId={tenant}")


def add_channel(app: Tenant, team: Record, name: str, *, description: str | None = None,
                kind: str = "standard", created: str | None = None) -> Record:
    channel_id = thread_id(app.store, "thread.tacv2")
    record = app.store.insert(CHANNEL, "", {
        "id": channel_id, "displayName": name, "description": description,
        "isFavoriteByDefault": None, "email": "", "membershipType": kind,
        "webUrl": _channel_url(team.id, channel_id, name, _tenant(app)),
        "tenantId": _tenant(app), "createdDateTime": created or _stamp()})
    app.store.add_link(team.id, "channels", record.id)
    return record


def make_team(app: Tenant, group: Record, data: dict[str, Any], created: str) -> Record:
    """The team of `group` (same id), with its General channel as primaryChannel."""
    team = app.store.insert(TEAM, "", {
        "id": group.id, "displayName": data.get("displayName") or group.data.get("displayName"),
        "description": data.get("description", group.data.get("description")),
        "classification": data.get("classification"), "specialization": "none",
        "visibility": str(data.get("visibility") or group.data.get("visibility") or "public").lower(),
        "isArchived": False, "tenantId": _tenant(app), "createdDateTime": created,
        **{k: {**v, **(data.get(k) or {})} for k, v in SETTINGS.items()}})
    general = add_channel(app, team, "General", created=created)
    app.store.add_link(team.id, "primaryChannel", general.id)
    app.store.update(team, {"internalId": general.id,
                            "webUrl": _team_url(team.id, general.id, _tenant(app))})
    options = list(group.data.get("resourceProvisioningOptions") or [])
    app.store.update(group, {"resourceProvisioningOptions": sorted({*options, "Team"})})
    return team


@behaviour(TEAM, "teams")
def create_team(ctx: ActionContext) -> Response:
    app, body = ctx.app, ctx.body if isinstance(ctx.body, dict) else {}
    if not str(body.get("template@odata.bind") or "").rstrip("/)'").endswith(
            ("teamsTemplates('standard", "teamsTemplates/standard")):
        raise _bad("'template@odata.bind' must name a template: teamsTemplates('standard').")
    token = ctx.request.token
    owners = [_user_of_bind(app, m) for m in body.get("members") or [] if "owner" in _roles(m)]
    if token is not None and token.user_id and not owners:
        owners = [_caller(ctx, "Creating a team")]
    if not owners:
        raise _bad("With application permissions, a new team needs an owner in 'members'.")
    stamp = _stamp()
    if body.get("group@odata.bind"):
        group = referenced(app, body["group@odata.bind"])
        if group.graph_type != GROUP or "Unified" not in (group.data.get("groupTypes") or []):
            raise _bad("A team can be made only of a Microsoft 365 group.")
        if app.store.get(TEAM, group.id) is not None:
            raise GraphError(409, "Conflict", "The group already has a team.")
        if not app.store.links(group.id, "owners"):
            raise _bad("A group needs an owner to become a team.")
    else:
        name = str(body.get("displayName") or "")
        if not name.strip():
            raise _bad("A team needs a displayName.")
        nickname = re.sub(r"[^A-Za-z0-9]", "", name) or "team"
        data = {"displayName": name, "description": body.get("description"),
                "mailNickname": nickname, "groupTypes": ["Unified"], "mailEnabled": True,
                "securityEnabled": False, "visibility": str(body.get("visibility") or "Public").title()}
        data.update(assigned(app.store, data, stamp))
        group = app.store.insert(GROUP, "", data, id_style="guid")
        add_library(app.store, group)
        for user in owners:
            link(app, group, "owners", user)
            link(app, group, "members", user)
    team = make_team(app, group, body, stamp)
    for channel in body.get("channels") or []:
        if isinstance(channel, dict) and channel.get("displayName"):
            add_channel(app, team, str(channel["displayName"]), description=channel.get("description"))
    for app_bind in body.get("installedApps") or []:
        if isinstance(app_bind, dict) and app_bind.get("teamsApp@odata.bind"):
            _install(app, team, app_bind["teamsApp@odata.bind"])
    _summary(app, team)
    return _operation(app, team, "createTeam")


def _team(ctx: ActionContext) -> Record:
    if ctx.target is None or ctx.target.graph_type != TEAM:
        raise GraphError(404, "NotFound", "The team was not found.")
    return ctx.target


@behaviour(TEAM, "archive")
def archive(ctx: ActionContext) -> Response:
    team = _team(ctx)
    ctx.app.store.update(team, {"isArchived": True})
    return _operation(ctx.app, team, "archiveTeam")


@behaviour(TEAM, "unarchive")
def unarchive(ctx: ActionContext) -> Response:
    team = _team(ctx)
    ctx.app.store.update(team, {"isArchived": False})
    return _operation(ctx.app, team, "unarchiveTeam")


def _install(app: Tenant, team: Record, url: Any) -> Record:
    """Install the catalog app a `teamsApp@odata.bind` URL names (its last segment)."""
    path = urlsplit(str(url)).path.rstrip("/")
    key = path.rsplit("/", 1)[-1]
    if key.endswith("')") and "('" in key:
        key = key.split("('", 1)[1][:-2]
    definition = CATALOG.get(key)
    if definition is None:
        raise GraphError(404, "NotFound", f"The app '{key}' is not in the app catalog.")
    installation_id = membership_id(team.id, key)
    if installation_id in app.store.links(team.id, "installedApps"):
        raise GraphError(409, "Conflict", f"{definition['displayName']} is already installed.")
    version = definition["version"]
    record = app.store.insert(INSTALLATION, "", {
        "id": installation_id,
        "teamsApp": {"id": key, "externalId": None, "displayName": definition["displayName"],
                     "distributionMethod": "store"},
        "teamsAppDefinition": {
            "id": base64.b64encode(f"{key}##{version}".encode()).decode(), "teamsAppId": key,
            "publishingState": "published", "lastModifiedDateTime": None, "createdBy": None,
            **definition}})
    app.store.add_link(team.id, "installedApps", record.id)
    return record


@behaviour(TEAM, "installedApps")
def install_app(ctx: ActionContext) -> Response:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    if not body.get("teamsApp@odata.bind"):
        raise _bad("'teamsApp@odata.bind' must name an app of the catalog.")
    _install(ctx.app, _team(ctx), body["teamsApp@odata.bind"])
    return 200, {}, b""


# -------------------------------------------------------------------------- channels

@behaviour(CHANNEL, "@creating")
def creating_channel(ctx: ActionContext) -> Response:
    app, data = ctx.app, ctx.body
    team = app.object_at(ctx.extra["route"].parent_template, ctx.params, ctx.scope)
    if team is None or team.graph_type != TEAM:
        raise GraphError(404, "NotFound", "The team was not found.")
    if team.data.get("isArchived"):
        raise _forbidden("The team is archived: channels cannot be created.")
    name = str(data.get("displayName") or "")
    taken = {str(c.data.get("displayName") or "").casefold()
             for c in (app.store.get(CHANNEL, i) for i in app.store.links(team.id, "channels")) if c}
    if name.casefold() in taken:
        raise _bad("Channel name already existed, please use other name.", "NameAlreadyExists")
    kind = str(data.get("membershipType") or "standard")
    if kind not in ("standard", "private", "shared"):
        raise _bad(f"Invalid membershipType '{kind}'.")
    if str(data.get("@odata.type", "")).lstrip("#").casefold() == CHANNEL.casefold():
        del data["@odata.type"]  # channel-post.md Example 2 names the type (#Microsoft.Graph.channel)
    channel_id = thread_id(app.store, "thread.tacv2")
    data.update({"id": channel_id, "membershipType": kind, "email": data.get("email", ""),
                 "webUrl": _channel_url(team.id, channel_id, name, _tenant(app)),
                 "tenantId": _tenant(app), "createdDateTime": _stamp()})
    data.setdefault("isFavoriteByDefault", None)
    return 201, {}, b""


@behaviour(CHANNEL, "@created")
def channel_created(ctx: ActionContext) -> Response:
    """A private or shared channel made without members gets its creator as owner."""
    channel, app = ctx.target, ctx.app
    assert channel is not None
    body = ctx.request.json_body() or {}
    token = ctx.request.token
    if channel.data.get("membershipType") != "standard" and not body.get("members") and \
            token is not None and token.user_id:
        user = app.store.get(USER, token.user_id)
        if user is not None:
            member = app.store.insert(MEMBER, "", member_data(app, channel.id, user, ["owner"]))
            app.store.add_link(channel.id, "members", member.id)
    return 201, {}, b""


@behaviour("microsoft.graph.driveItem", "@get:filesFolder")
def files_folder(ctx: ActionContext) -> Response:
    """The channel's folder in its team's document library, made on first use."""
    app, channel = ctx.app, ctx.target
    team_id = ctx.params.get("team_id", "")
    drives = app.store.links(team_id, "drive")
    if channel is None or channel.graph_type != CHANNEL or not drives:
        raise GraphError(404, "itemNotFound", "The channel has no files folder.")
    tree = DriveTree(app.store)
    root = tree.root(drives[0])
    name = str(channel.data.get("displayName"))
    folder = tree.child_named(root, name) or tree.add(root, {"name": name, "folder": {"childCount": 0},
                                                             "size": 0})
    return app.entity_response(folder, app.entity_context(folder, None), None)


# -------------------------------------------------------------------------- messages

def _message_place(ctx: ActionContext) -> tuple[str, Record, Record | None]:
    """Where a new message goes: ("channel", channel, team), ("reply", root message, team) or
    ("chat", chat, None)."""
    app = ctx.app
    parent = app.object_at(ctx.extra["route"].parent_template, ctx.params, ctx.scope)
    if parent is None:
        raise GraphError(404, "NotFound", "The channel, message or chat was not found.")
    if parent.graph_type == CHAT:
        return "chat", parent, None
    team = app.store.get(TEAM, ctx.params.get("team_id", ""))
    if parent.graph_type == MESSAGE:
        if parent.data.get("replyToId"):
            raise _bad("A reply cannot be replied to: reply to the message it answers.")
        return "reply", parent, team
    return "channel", parent, team


def check_mentions(content: str, mentions: Any) -> None:
    """The `<at id="N">text</at>` tags and the mentions array agree (chatmessage-post.md)."""
    tags = {int(i): text for i, text in _AT_TAG.findall(content)}
    given = mentions if isinstance(mentions, list) else []
    ids: list[int] = [m["id"] for m in given if isinstance(m, dict) and isinstance(m.get("id"), int)]
    if sorted(tags) != sorted(ids) or len(ids) != len(given):
        raise _bad("The <at> tags of the body and the mentions array do not match.")
    for mention in given:
        mentioned = (mention.get("mentioned") or {})
        if mention.get("mentionText") != tags[mention["id"]]:
            raise _bad(f"mention {mention['id']}: mentionText is not the text of its <at> tag.")
        if not any(mentioned.get(k) for k in ("user", "application", "conversation", "tag")):
            raise _bad(f"mention {mention['id']} names nobody: give 'mentioned'.")


def _mentions(mentions: list[Any]) -> list[Any]:
    """The mentions as Graph stores them: every identity of the set named (null when not
    mentioned), a user as a teamworkUserIdentity (chatmessage-post.md, Example 2)."""
    out = []
    for mention in mentions:
        given = dict(mention.get("mentioned") or {})
        user = given.get("user")
        if isinstance(user, dict) and "@odata.type" not in user:
            given["user"] = {"@odata.type": "#microsoft.graph.teamworkUserIdentity", **user}
        out.append({**mention, "mentioned": {"application": None, "device": None,
                                             "conversation": None, **given}})
    return out


def _hosted(app: GraphApp, message_url: str, message_id: str, content: str,
            hosted: Any) -> str:
    """Store each inline image and point the body at it."""
    items = hosted if isinstance(hosted, list) else []
    by_temporary = {}
    for item in items:
        temporary = str((item or {}).get("@microsoft.graph.temporaryId") or "")
        try:
            raw = base64.b64decode(str(item.get("contentBytes") or ""), validate=True)
        except ValueError:
            raise _bad(f"hosted content '{temporary}': contentBytes is not base64.") from None
        if not temporary or not raw or not str(item.get("contentType") or "").startswith("image/"):
            raise _bad("Each hosted content needs a temporaryId, contentBytes and an image contentType.")
        hosted_id = base64.b64encode(
            f"id={hashlib.sha1(raw).hexdigest()},type=1,url={message_id}/{temporary}".encode()).decode()
        record = app.store.insert(HOSTED, "", {"id": hosted_id, "contentType": item["contentType"],
                                               "contentBytes": base64.b64encode(raw).decode()})
        app.store.add_link(message_id, "hostedContents", record.id)
        by_temporary[temporary] = record.id
    shown = set(_HOSTED_REF.findall(content))
    if shown != set(by_temporary):
        raise _bad("The body's ../hostedContents/<id>/$value images and the hostedContents "
                   "(by temporaryId) do not match.")
    return _HOSTED_REF.sub(lambda m: f"{message_url}/hostedContents/{by_temporary[m.group(1)]}/$value",
                           content)


@behaviour(HOSTED, "$value")
def hosted_content_bytes(ctx: ActionContext) -> Response:
    """GET {message}/hostedContents/{id}/$value: the image, its type in Content-Type
    (chatmessagehostedcontent-get.md, Example 2)."""
    found = ctx.target
    if found is None or found.graph_type != HOSTED:
        raise GraphError(404, "NotFound", "The hosted content was not found.")
    return 200, {"Content-Type": str(found.data.get("contentType"))}, \
        base64.b64decode(str(found.data.get("contentBytes") or ""))


def new_message_id(store: Store, when: dt.datetime) -> str:
    """Epoch milliseconds, unique (Teams' message ids and etags)."""
    value = _milliseconds(when)
    while store.get(MESSAGE, str(value)) is not None:
        value += 1
    return str(value)


@behaviour(MESSAGE, "@creating")
def creating_message(ctx: ActionContext) -> Response:
    app, data = ctx.app, ctx.body
    kind, parent, team = _message_place(ctx)
    sender = _caller(ctx, "Sending a message")
    if team is not None and team.data.get("isArchived"):
        raise _forbidden("The team is archived: messages cannot be sent.")
    body = data.get("body") if isinstance(data.get("body"), dict) else {}
    content = str(body.get("content") or "")
    if not content.strip():
        raise _bad("A message needs body content.")
    content_type = str(body.get("contentType") or "text").lower()
    mentions = data.get("mentions") or []
    if mentions or "<at " in content:
        if content_type != "html":
            raise _bad("Mentions need an html body.")
        check_mentions(content, mentions)
    when = _now()
    message_id = new_message_id(app.store, when)
    message_url = f"{app.base_url()}v1.0/{ctx.request.path.rstrip('/')}/{message_id}"
    if data.get("hostedContents") or "../hostedContents/" in content:
        content = _hosted(app, message_url, message_id, content, data.get("hostedContents"))
    data.pop("hostedContents", None)
    stamp = _stamp(when)
    channel = parent if kind == "channel" else None
    data.update({
        "id": message_id, "replyToId": parent.id if kind == "reply" else None, "etag": message_id,
        "messageType": "message", "createdDateTime": stamp, "lastModifiedDateTime": stamp,
        "lastEditedDateTime": None, "deletedDateTime": None, "subject": data.get("subject"),
        "summary": None, "chatId": parent.id if kind == "chat" else None,
        "importance": data.get("importance") or "normal", "locale": "en-us",
        "policyViolation": None, "eventDetail": None,
        "from": {"application": None, "device": None, "user": _user_identity(sender)},
        "body": {"contentType": content_type, "content": content},
        "attachments": data.get("attachments") or [], "mentions": _mentions(mentions),
        "reactions": [],
    })
    if kind == "chat":
        data["channelIdentity"] = None
        data["webUrl"] = None
    else:
        channel_id = channel.id if channel is not None else (parent.data.get("channelIdentity") or {}).get("channelId")
        root = parent.id if kind == "reply" else message_id
        data["channelIdentity"] = {"teamId": team.id if team else None, "channelId": channel_id}
        data["webUrl"] = (f"https://teams.microsoft.com/l/message/{quote(str(channel_id), safe='')}/"
                          f"{message_id}?groupId={team.id if team else ''}&tenantId={_tenant(app)}"
                          f"&createdTime={message_id}&parentMessageId={root}")
    return 201, {}, b""


@behaviour(MESSAGE, "@list:messages")
@behaviour(MESSAGE, "@list:replies")
def newest_first(ctx: ActionContext) -> Response:
    """Messages and replies list newest first, by lastModifiedDateTime (chat-list-messages.md:
    the default order; channel-list-messages.md's and chatmessage-list-replies.md's examples)."""
    route = ctx.extra["route"]
    records = sorted(ctx.app.collection_records(route, ctx.params, ctx.scope),
                     key=lambda r: str(r.data.get("lastModifiedDateTime") or ""), reverse=True)
    return list_response(ctx.app, ctx.request, route, ctx.params, records)


def _own_message(ctx: ActionContext, message: Record | None) -> Record:
    if message is None or message.graph_type != MESSAGE:
        raise GraphError(404, "NotFound", "The message was not found.")
    sender = _caller(ctx, "Changing a message")
    author = ((message.data.get("from") or {}).get("user") or {}).get("id")
    if author != sender.id:
        raise _forbidden("Only the sender can change or delete a message.")
    return message


@behaviour(MESSAGE, "@updating")
def updating_message(ctx: ActionContext) -> Response:
    """Only the sender edits a message, and only what Graph lets change (chatmessage-update.md)."""
    message = _own_message(ctx, ctx.target)
    changes: dict[str, Any] = ctx.body
    extra = set(changes) - {"body", "mentions", "attachments", "subject", "importance", "lastModifiedDateTime"}
    if extra:
        raise _bad(f"These properties of a message cannot change: {', '.join(sorted(extra))}.")
    body = changes.get("body")
    if isinstance(body, dict):
        merged = {**(message.data.get("body") or {}), **body}
        if not str(merged.get("content") or "").strip():
            raise _bad("A message needs body content.")
        changes["body"] = merged
        if "<at " in str(merged.get("content")) or changes.get("mentions"):
            check_mentions(str(merged.get("content")), changes.get("mentions", message.data.get("mentions")))
    changes["lastEditedDateTime"] = _stamp()
    return 200, {}, b""


def _message_for_action(ctx: ActionContext) -> Record | None:
    """The message an action names: its route's entity, or (for a chat's
    `users/{id}/chats/{chat_id}/messages/{id}/...`) the one linked under that chat."""
    if ctx.target is not None and ctx.target.graph_type == MESSAGE:
        return ctx.target
    chat = ctx.app.store.get(CHAT, ctx.params.get("chat_id", ""))
    key = ctx.params.get("id", "")
    if chat is None or key not in ctx.app.store.links(chat.id, "messages"):
        return None
    return ctx.app.store.get(MESSAGE, key)


@behaviour(MESSAGE, "softDelete")
def soft_delete(ctx: ActionContext) -> Response:
    message = _own_message(ctx, _message_for_action(ctx))
    stamp = _stamp()
    ctx.app.store.update(message, {"deletedDateTime": stamp, "lastModifiedDateTime": stamp})
    return 204, {}, b""


@behaviour(MESSAGE, "undoSoftDelete")
def undo_soft_delete(ctx: ActionContext) -> Response:
    message = _own_message(ctx, _message_for_action(ctx))
    ctx.app.store.update(message, {"deletedDateTime": None, "lastModifiedDateTime": _stamp()})
    return 204, {}, b""


# -------------------------------------------------------------------------- chats

@behaviour(CHAT, "chats")
def create_chat(ctx: ActionContext) -> Response:
    """POST /chats (chat-post.md): everyone in it, the caller among them; a one-on-one chat's
    id is its pair's, so the same pair cannot have two: asking again gives the one there."""
    app = ctx.app
    body = ctx.body if isinstance(ctx.body, dict) else {}
    caller = _caller(ctx, "Creating a chat")
    given = body.get("members")
    members: list[Any] = given if isinstance(given, list) else []
    users = [_user_of_bind(app, m) for m in members]
    kind, topic = str(body.get("chatType") or ""), body.get("topic")
    distinct = {u.id for u in users}
    if kind not in ("oneOnOne", "group"):
        raise _bad("chatType must be oneOnOne or group.")
    if caller.id not in distinct:
        raise _bad("The members of a new chat must include the user creating it.")
    if kind == "oneOnOne" and (len(distinct) != 2 or topic):
        raise _bad("A one-on-one chat has exactly two members and no topic.")
    if kind == "group" and len(distinct) < 3:
        raise _bad("A group chat has at least three members.")
    chat_id = (f"19:{'_'.join(sorted(distinct))}@unq.gbl.spaces" if kind == "oneOnOne"
               else thread_id(app.store, "thread.v2"))
    existing = app.store.get(CHAT, chat_id)
    if existing is not None:  # chat-post.md: the pair's chat is returned, not made twice
        return app.entity_response(existing, "chats/$entity", None, status=201)
    chat = add_chat(app, chat_id, kind, topic, _stamp(),
                    [(u, _roles(m)) for u, m in zip(users, members, strict=True)])
    return app.entity_response(chat, "chats/$entity", None, status=201)


def add_chat(app: Tenant, chat_id: str, kind: str, topic: Any, stamp: str,
             members: list[tuple[Record, list[str]]]) -> Record:
    chat = app.store.insert(CHAT, "", {
        "id": chat_id, "topic": topic, "chatType": kind, "createdDateTime": stamp,
        "lastUpdatedDateTime": stamp, "tenantId": _tenant(app),
        "webUrl": f"https://teams.microsoft.com/l/chat/{quote(chat_id, safe='')}/0?tenantId={_tenant(app)}",
        "viewpoint": {"isHidden": False, "lastMessageReadDateTime": stamp}})
    for user, roles in members:
        member = app.store.insert(MEMBER, "", member_data(app, chat.id, user, roles))
        app.store.add_link(chat.id, "members", member.id)
    return chat


def _chat_viewpoint(ctx: ActionContext, read_until: str | None) -> Response:
    chat, app = ctx.target, ctx.app
    if chat is None or chat.graph_type != CHAT:
        raise GraphError(404, "NotFound", "The chat was not found.")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    user_id = str(((body.get("user") or {}).get("id")) or "")
    if membership_id(chat.id, user_id) not in app.store.links(chat.id, "members"):
        raise _bad("The user is not a member of the chat.")
    app.store.update(chat, {"viewpoint": {"isHidden": False, "lastMessageReadDateTime": read_until}})
    return 204, {}, b""


@behaviour(CHAT, "markChatReadForUser")
def mark_read(ctx: ActionContext) -> Response:
    return _chat_viewpoint(ctx, _stamp())


@behaviour(CHAT, "markChatUnreadForUser")
def mark_unread(ctx: ActionContext) -> Response:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    return _chat_viewpoint(ctx, body.get("lastMessageReadDateTime") or EARLIEST)


# -------------------------------------------------------------------------- presence

def _presence_state(app: GraphApp, presence: Record) -> Record:
    state = app.store.get(PRESENCE_STATE, presence.id)
    if state is None:
        state = app.store.insert(PRESENCE_STATE, "", {
            "id": presence.id, "base": [presence.data.get("availability") or "Available",
                                        presence.data.get("activity") or "Available"],
            "sessions": {}, "preferred": None})
    return state


def _recompute(app: GraphApp, presence: Record, state: Record) -> None:
    """User-configured over app-configured; among sessions, by PRECEDENCE (setpresence.md)."""
    data = state.data
    shown = data["preferred"] or min(
        [tuple(data["base"]), *map(tuple, data["sessions"].values())],
        key=lambda pair: PRECEDENCE.index(pair[0]) if pair[0] in PRECEDENCE else len(PRECEDENCE))
    app.store.update(presence, {"availability": shown[0], "activity": shown[1]})


def _pair(body: dict[str, Any], allowed: set[tuple[str, str]]) -> tuple[str, str]:
    pair = (str(body.get("availability") or ""), str(body.get("activity") or ""))
    if pair not in allowed:
        raise _bad(f"The availability/activity pair {pair[0]}/{pair[1]} is not supported.")
    return pair


def _duration_minutes(value: Any) -> float | None:
    if value is None:
        return None
    found = _DURATION.match(str(value))
    if found is None or str(value) in ("P", "PT"):
        raise _bad(f"expirationDuration '{value}' is not an ISO 8601 duration.")
    days, hours, minutes, seconds = (int(v or 0) for v in found.groups())
    return days * 1440 + hours * 60 + minutes + seconds / 60


def _presence(ctx: ActionContext) -> tuple[Record, Record, dict[str, Any]]:
    if ctx.target is None or ctx.target.graph_type != PRESENCE:
        raise GraphError(404, "NotFound", "The presence was not found.")
    return ctx.target, _presence_state(ctx.app, ctx.target), ctx.body if isinstance(ctx.body, dict) else {}


@behaviour(PRESENCE, "setPresence")
def set_presence(ctx: ActionContext) -> Response:
    presence, state, body = _presence(ctx)
    session = str(body.get("sessionId") or "")
    if not session:
        raise _bad("sessionId is required: the application's id.")
    pair = _pair(body, SESSION_PAIRS)
    minutes = _duration_minutes(body.get("expirationDuration"))
    if minutes is not None and not 5 <= minutes <= 240:
        raise _bad("expirationDuration must be from PT5M to PT4H.")
    ctx.app.store.update(state, {"sessions": {**state.data["sessions"], session: list(pair)}})
    _recompute(ctx.app, presence, state)
    return 200, {}, b""


@behaviour(PRESENCE, "clearPresence")
def clear_presence(ctx: ActionContext) -> Response:
    presence, state, body = _presence(ctx)
    sessions = dict(state.data["sessions"])
    if sessions.pop(str(body.get("sessionId") or ""), None) is None:
        raise GraphError(404, "NotFound", "No presence session with this sessionId.")
    ctx.app.store.update(state, {"sessions": sessions})
    _recompute(ctx.app, presence, state)
    return 200, {}, b""


@behaviour(PRESENCE, "setUserPreferredPresence")
def set_preferred(ctx: ActionContext) -> Response:
    presence, state, body = _presence(ctx)
    pair = _pair(body, PREFERRED_PAIRS)
    _duration_minutes(body.get("expirationDuration"))
    ctx.app.store.update(state, {"preferred": list(pair)})
    _recompute(ctx.app, presence, state)
    return 200, {}, b""


@behaviour(PRESENCE, "clearUserPreferredPresence")
def clear_preferred(ctx: ActionContext) -> Response:
    presence, state, _ = _presence(ctx)
    ctx.app.store.update(state, {"preferred": None})
    _recompute(ctx.app, presence, state)
    return 200, {}, b""


@behaviour(PRESENCE, "setStatusMessage")
def set_status_message(ctx: ActionContext) -> Response:
    presence, _, body = _presence(ctx)
    status = body.get("statusMessage") if isinstance(body.get("statusMessage"), dict) else None
    message = (status or {}).get("message") or {}
    if not isinstance(message, dict) or "content" not in message:
        raise _bad("statusMessage needs a message with content.")
    ctx.app.store.update(presence, {"statusMessage": {
        "message": {"content": message.get("content"), "contentType": message.get("contentType") or "text"},
        "expiryDateTime": status.get("expiryDateTime") if status else None,
        "publishedDateTime": _stamp()}})
    return 200, {}, b""


@behaviour(PRESENCE, "getPresencesByUserId")
def presences_by_user_id(ctx: ActionContext) -> Response:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    ids = body.get("ids")
    if not isinstance(ids, list) or not ids or len(ids) > 650:
        raise _bad("ids must be a list of 1 to 650 user ids.")
    app = ctx.app
    found = [p for p in (app.store.get(PRESENCE, str(i)) for i in ids) if p is not None]
    renderer = app.renderer(PRESENCE)
    from ..render import dumps

    body_bytes = dumps({"@odata.context": app.context_url("Collection(microsoft.graph.presence)"),
                        "value": [renderer.entity(p, None) for p in found]})
    return 200, {"Content-Type": "application/json; odata.metadata=minimal; charset=utf-8"}, body_bytes


@address_rule(PRESENCE)
def presence_by_principal_name(app: GraphApp, request: GraphRequest, path: str) -> str:
    """`users/<userPrincipalName>/presence` is the presence of that user (whose id it has)."""
    head, found, rest = path.partition("/presence")
    if not found or rest[:1] not in ("", "/") or not head.startswith("users/") \
            or "/" in head[6:] or "@" not in head:
        return path
    user = app.store.get(USER, head[6:])
    return f"users/{user.id}/presence{rest}" if user is not None else path


# -------------------------------------------------------------------------- seed

# (team's group nickname, channels: (name, description, kind)); the first channel is General.
SEED_TEAMS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("leadership", (("Strategy", "Where the year's plans are argued.", "standard"),
                    ("Board prep", "Materials for the board, owners only.", "private"))),
    ("marketing", (("Campaigns", "Every campaign from brief to launch.", "standard"),
                   ("Brand", "Logo, colours and voice.", "standard"))),
)
SEED_MESSAGES = 300  # root messages in the first team's General channel
TOPICS = ("the quarterly numbers", "the launch plan", "next week's offsite", "the budget review",
          "the customer visit", "the hiring plan", "the retail roll-out", "the product demo")
SEED_START = dt.datetime(2024, 3, 4, 8, 0, tzinfo=dt.timezone.utc)


def _seed_message(store: Store, when: dt.datetime, sender: Record, content: str, *,
                  channel: tuple[str, str] | None = None, chat_id: str | None = None,
                  reply_to: str | None = None, mentions: list[Record] | None = None,
                  tenant: str = "", reacted: Record | None = None) -> Record:
    tags = ""
    mention_list = []
    for index, who in enumerate(mentions or []):
        name = str(who.data.get("displayName"))
        tags += f'<at id="{index}">{name}</at> '
        mention_list.append({"id": index, "mentionText": name,
                             "mentioned": {"application": None, "device": None, "conversation": None,
                                           "user": _user_identity(who)}})
    message_id = new_message_id(store, when)
    stamp = _stamp(when)
    team_id, channel_id = channel or (None, None)
    data = {
        "id": message_id, "replyToId": reply_to, "etag": message_id, "messageType": "message",
        "createdDateTime": stamp, "lastModifiedDateTime": stamp, "lastEditedDateTime": None,
        "deletedDateTime": None, "subject": None, "summary": None, "chatId": chat_id,
        "importance": "normal", "locale": "en-us", "policyViolation": None, "eventDetail": None,
        "from": {"application": None, "device": None, "user": _user_identity(sender)},
        "body": {"contentType": "html" if mentions else "text", "content": tags + content},
        "channelIdentity": {"teamId": team_id, "channelId": channel_id} if channel else None,
        "webUrl": (f"https://teams.microsoft.com/l/message/{quote(str(channel_id), safe='')}/{message_id}"
                   f"?groupId={team_id}&tenantId={tenant}&createdTime={message_id}"
                   f"&parentMessageId={reply_to or message_id}") if channel else None,
        "attachments": [], "mentions": mention_list, "messageHistory": [],
        "reactions": [{  # a colleague's like (chatmessage-get.md shows the shape)
            "reactionType": "like", "displayName": None, "reactionContentUrl": None,
            "createdDateTime": _stamp(when + dt.timedelta(minutes=5)),
            "user": {"application": None, "device": None, "user": _user_identity(reacted)},
        }] if reacted is not None else [],
    }
    return store.insert(MESSAGE, "", data)


@seeder(TEAM)
def seed_teams(ctx: SeedContext) -> None:
    """Two teams (of the seeded Leadership and Marketing groups) with channels and apps, 300
    messages in Leadership's General channel (replies and mentions among them), a dozen in
    Marketing's, and one-on-one and group chats with messages."""
    store = ctx.store
    app = _SeedApp(ctx)
    groups = {str(g.data.get("mailNickname")): g for g in store.items(GROUP, "")}
    people = {str(u.data.get("givenName")): u for u in store.items(USER, "")}
    rng = ctx.rng
    for index, (nickname, channels) in enumerate(SEED_TEAMS):
        group = groups.get(nickname)
        if group is None:
            continue
        created = _stamp(SEED_START - dt.timedelta(days=90 - index))
        team = make_team(app, group, {"description": group.data.get("description")}, created)
        general = store.get(CHANNEL, store.links(team.id, "primaryChannel")[0])
        assert general is not None
        for name, description, kind in channels:
            channel = add_channel(app, team, name, description=description, kind=kind, created=created)
            if kind == "private":
                for user_id in store.links(group.id, "owners"):
                    member = store.insert(MEMBER, "", member_data(app, channel.id, people_by_id(people, user_id), ["owner"]))
                    store.add_link(channel.id, "members", member.id)
        for key in list(CATALOG)[index:index + 2]:
            _install(app, team, f"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{key}")
        _summary(app, team)
        members = [people_by_id(people, m.data["userId"]) for m in team_members(app, team)]
        count = SEED_MESSAGES if index == 0 else 12
        when = SEED_START
        for number in range(count):
            when += dt.timedelta(minutes=37 + number % 11)
            sender = members[number % len(members)]
            others = [m for m in members if m.id != sender.id]
            mentioned = [others[number % len(others)]] if number % 5 == 0 and others else []
            root = _seed_message(store, when, sender, f"Update {number + 1} on {TOPICS[number % len(TOPICS)]}.",
                                 channel=(team.id, general.id), mentions=mentioned, tenant=_tenant(app),
                                 reacted=others[0] if number % 7 == 3 and others else None)
            store.add_link(general.id, "messages", root.id)
            for reply in range(number % 4 if number % 3 == 0 else 0):
                replier = members[(number + reply + 1) % len(members)]
                answer = _seed_message(store, when + dt.timedelta(minutes=reply + 1), replier,
                                       rng.choice(("Thanks!", "Agreed.", "Let's talk tomorrow.", "On it.")),
                                       channel=(team.id, general.id), reply_to=root.id, tenant=_tenant(app))
                store.add_link(root.id, "replies", answer.id)
    _seed_chats(ctx, app, people)


def people_by_id(people: dict[str, Record], user_id: str) -> Record:
    return next(u for u in people.values() if u.id == user_id)


def _seed_chats(ctx: SeedContext, app: Tenant, people: dict[str, Record]) -> None:
    store = ctx.store
    chats = ((("Patti", "Adele"), None), (("Megan", "Adele"), None), (("Patti", "Megan"), None),
             (("Patti", "Megan", "Adele", "Lee"), "Quarterly planning"))
    when = SEED_START + dt.timedelta(days=2)
    for names, topic in chats:
        users = [people[n] for n in names if n in people]
        if len(users) != len(names):
            continue
        kind = "group" if topic else "oneOnOne"
        chat_id = (f"19:{'_'.join(sorted(u.id for u in users))}@unq.gbl.spaces" if kind == "oneOnOne"
                   else thread_id(store, "thread.v2"))
        chat = add_chat(app, chat_id, kind, topic, _stamp(when), [(u, ["owner"]) for u in users])
        for number in range(8):
            when += dt.timedelta(minutes=13)
            message = _seed_message(store, when, users[number % len(users)],
                                    f"About {TOPICS[(number + len(names)) % len(TOPICS)]}: {number + 1}.",
                                    chat_id=chat.id)
            store.add_link(chat.id, "messages", message.id)


class _SeedApp:
    """What the helpers above use of the app, while seeding (no request yet)."""

    def __init__(self, ctx: SeedContext) -> None:
        self.store = ctx.store
        self.identity = ctx.identity
