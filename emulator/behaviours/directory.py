"""The directory's server logic: profile photos and guest invitations.

Profile photos (G: resources/profilephoto.md, api/profilephoto-get.md, -update.md) of users
and contacts: `{owner}/photo` is what the photo is (its size), `{owner}/photo/$value` its
bytes, `{owner}/photos/{size}/$value` one of the sizes Graph keeps (48x48 to 648x648, never
larger than the original), and a PUT or PATCH of `photo/$value` replaces it. A photo is kept
as a record linked to its owner (`photo`), holding either the uploaded bytes or, for the
seeded people, the colour it is drawn in (emulator.images makes a real JPEG of any size).
An uploaded photo is kept as it came: only its own size is served.

Invitations (G: api/invitation-post.md): `POST invitations` adds a guest user (userType
Guest, creationType Invitation, externalUserState PendingAcceptance) and answers the
invitation with its redeem URL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from generated.o365._runtime.media import image_type

from ..errors import GraphError
from ..images import dimensions, solid_jpeg
from . import ActionContext, Response, behaviour, seeder

if TYPE_CHECKING:
    from ..seed import SeedContext
    from ..store import Record, Store

USER = "microsoft.graph.user"
CONTACT = "microsoft.graph.contact"
PHOTO = "microsoft.graph.profilePhoto"
INVITATION = "microsoft.graph.invitation"
SIZES = (48, 64, 96, 120, 240, 360, 432, 504, 648)  # the square sizes Graph keeps
SEEDED_SIZE = 240
DOMAIN = "contoso.onmicrosoft.com"
# "photos/48x48/$value" or "photo/$value" at the end of a request path
PHOTO_PATH = re.compile(r"^(?P<owner>.+)/(?:photo|photos/(?P<size>[^/]+))/\$value$")


def _reply(status: int, payload: Any) -> Response:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()


def photo_of(store: Store, owner: Record) -> Record | None:
    found = store.links(owner.id, "photo")
    return store.find(found[0]) if found else None


def set_photo(store: Store, owner: Record, data: dict[str, Any]) -> Record:
    """Replace the owner's photo record (kept in the owner's scope, linked as `photo`)."""
    old = photo_of(store, owner)
    if old is not None:
        store.delete(old)
    record = store.insert(PHOTO, owner.scope, {"id": f"{owner.id}.photo", **data})
    store.set_links(owner.id, "photo", [record.id])
    return record


def seeded_photo(rgb: tuple[int, int, int]) -> dict[str, Any]:
    return {"width": SEEDED_SIZE, "height": SEEDED_SIZE, "contentType": "image/jpeg",
            "color": list(rgb)}


def _no_photo(ctx: ActionContext) -> GraphError:
    family = ctx.app.family_of(ctx.target.graph_type if ctx.target is not None else USER)
    if family.name == "directory":
        return GraphError(404, "ImageNotFound", "Exception of type "
                          "'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.")
    return GraphError(404, family.not_found_code, "The photo wasn't found.")


def _sizes(photo: Record) -> list[tuple[int, int]]:
    width, height = int(photo.data["width"]), int(photo.data["height"])
    if "color" not in photo.data:
        return [(width, height)]  # uploaded: served as it came
    return [(s, s) for s in SIZES if s <= min(width, height)]


def _etag(photo: Record) -> str:
    return '"' + hashlib.sha1(f"{photo.id}:{photo.version}".encode()).hexdigest()[:8].upper() + '"'


def _metadata(photo: Record, size: tuple[int, int]) -> dict[str, Any]:
    return {"@odata.mediaContentType": photo.data["contentType"], "@odata.mediaEtag": _etag(photo),
            "id": f"{size[0]}X{size[1]}", "width": size[0], "height": size[1]}


# What `{owner}/photo` says when no photo was uploaded (profilephoto-get.md): a 1x1 GIF.
NO_PHOTO = {"@odata.mediaContentType": "image/gif", "@odata.mediaEtag": "", "id": "1X1",
            "width": 1, "height": 1}


@behaviour(PHOTO, "@get:photo")
def photo_metadata(ctx: ActionContext) -> Response:
    """`{owner}/photo`: the largest size there is (1X1 when there is no photo; only its
    `$value` is then 404)."""
    photo = photo_of(ctx.app.store, ctx.target) if ctx.target is not None else None
    facts = NO_PHOTO if photo is None else _metadata(photo, _sizes(photo)[-1])
    return _reply(200, {"@odata.context": ctx.app.context_url(
        f"{ctx.request.path}/$entity"), **facts})


def photo_value(ctx: ActionContext) -> Response:
    """`{owner}/photo/$value` and `{owner}/photos/{size}/$value`: read (GET) or replace (PUT,
    PATCH) the picture."""
    match = PHOTO_PATH.match(ctx.request.path)
    if match is None:
        raise GraphError(400, "BadRequest", "Not a photo path.")
    owner = ctx.app.object_by_path(match.group("owner"))
    ctx.target = owner
    store = ctx.app.store
    if ctx.request.method in ("PUT", "PATCH"):
        if match.group("size"):
            raise GraphError(405, "BadRequest", "Set the photo at photo/$value; Graph makes the sizes.")
        content = ctx.request.body
        content_type = image_type(content)
        size = dimensions(content) if content_type else None
        if content_type is None or size is None:
            raise GraphError(400, "ErrorInvalidImage", "The photo is not a JPEG, PNG, GIF or BMP image.")
        set_photo(store, owner, {"width": size[0], "height": size[1], "contentType": content_type,
                                 "content": base64.b64encode(content).decode()})
        return 200, {}, b""
    photo = photo_of(store, owner)
    if photo is None:
        raise _no_photo(ctx)
    sizes = _sizes(photo)
    wanted = sizes[-1]
    if match.group("size"):
        asked = match.group("size").lower().split("x")
        wanted = next((s for s in sizes if [str(s[0]), str(s[1])] == asked), (0, 0))
        if wanted == (0, 0):
            raise _no_photo(ctx)
    if "color" in photo.data:
        red, green, blue = photo.data["color"]
        content = solid_jpeg(wanted[0], wanted[1], (red, green, blue))
    else:
        content = base64.b64decode(photo.data["content"])
    return 200, {"Content-Type": str(photo.data["contentType"]), "ETag": _etag(photo)}, content


for _owner in (USER, CONTACT, PHOTO):
    behaviour(_owner, "$value")(photo_value)


@behaviour(INVITATION, "invitations")
def invite(ctx: ActionContext) -> Response:
    """`POST invitations`: a guest user, and the invitation with its redeem URL."""
    body = ctx.body if isinstance(ctx.body, dict) else {}
    email = body.get("invitedUserEmailAddress")
    redirect = body.get("inviteRedirectUrl")
    if not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise GraphError(400, "BadRequest", "The invited user email address is invalid.")
    if not isinstance(redirect, str) or not redirect.startswith(("https://", "http://")):
        raise GraphError(400, "BadRequest", "The invite redirect URL is invalid.")
    store = ctx.app.store
    if any(str(u.data.get("mail", "")).lower() == email.lower() for u in store.items(USER, "")):
        raise GraphError(400, "BadRequest", "The invited user already exists in the directory "
                         f"as a user with the address '{email}'.")
    alias = email.replace("@", "_")
    name = body.get("invitedUserDisplayName") or email.split("@")[0]
    guest = store.insert(USER, "", {
        "displayName": name, "mail": email, "otherMails": [email],
        "userPrincipalName": f"{alias}#EXT#@{DOMAIN}", "mailNickname": f"{alias}#EXT#",
        "userType": body.get("invitedUserType") or "Guest", "creationType": "Invitation",
        "externalUserState": "PendingAcceptance", "accountEnabled": True,
        "businessPhones": [], "givenName": None, "surname": None, "jobTitle": None,
        "mobilePhone": None, "officeLocation": None, "preferredLanguage": None,
    }, id_style="guid")
    invitation_id = guest.id  # Graph's invitation id is the new user's
    ticket = base64.urlsafe_b64encode(hashlib.sha256(f"{guest.id}:{email}".encode()).digest()).decode()
    redeem = (f"{ctx.app.base_url()}redeem?rd=" + quote(
        f"https://invitations.microsoft.com/redeem/?tenant={ctx.app.identity.tenant_id}"
        f"&user={invitation_id}&ticket={ticket}&ver=2.0", safe=""))
    sent = body.get("sendInvitationMessage", False)
    invitation = {
        "@odata.context": ctx.app.context_url("invitations/$entity"), "id": invitation_id,
        "inviteRedeemUrl": redeem, "invitedUserDisplayName": body.get("invitedUserDisplayName"),
        "invitedUserType": guest.data["userType"], "invitedUserEmailAddress": email,
        "sendInvitationMessage": bool(sent), "resetRedemption": bool(body.get("resetRedemption")),
        "inviteRedirectUrl": redirect, "status": "PendingAcceptance",
        # as invitation-post.md answers when none is given: one empty cc recipient
        "invitedUserMessageInfo": body.get("invitedUserMessageInfo") or {
            "messageLanguage": None, "customizedMessageBody": None,
            "ccRecipients": [{"emailAddress": {"name": None, "address": None}}]},
        "invitedUser": {"id": guest.id},
    }
    return _reply(201, invitation)


@seeder(USER)
def seed_user_photos(ctx: SeedContext) -> None:
    """Most seeded people have a photo (a colour each); two have none (Graph's 404)."""
    users = sorted(ctx.store.items(USER, ""), key=lambda r: str(r.data.get("userPrincipalName")))
    for index, user in enumerate(users):
        if index % 6 == 5:
            continue
        rgb = (ctx.rng.randrange(40, 220), ctx.rng.randrange(40, 220), ctx.rng.randrange(40, 220))
        set_photo(ctx.store, user, seeded_photo(rgb))
