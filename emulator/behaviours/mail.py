"""Outlook mail behaviours: sending, replies, moves and copies, folder creation, and seed data.

What Graph does here, and the emulator copies (G: api/message-send.md, message-move.md,
message-createreply*.md, user-post-messages.md, mailfolder-*.md):

- A new draft (POST .../messages) is a draft in Drafts unless posted into another folder.
- `send` answers 202, removes the draft and puts the sent message in the sender's Sent Items;
  each recipient who is a user of the tenant finds a copy in their Inbox, attachments included.
  A draft cannot be sent twice: its id no longer exists (404 ErrorItemNotFound).
- `move` creates the message in the destination under a new id and removes the original;
  `copy` leaves the original. Folders keep their id when moved.
- `createReply`, `createReplyAll` and `createForward` answer 201 with a new draft.

Folder item counts are stored values, recomputed whenever these behaviours change a folder.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import json
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote

from .. import seed as seed_module
from ..errors import GraphError
from ..graph import GraphApp
from ..store import Record, Store
from . import ActionContext, Behaviour, Response, behaviour

MESSAGE = "microsoft.graph.message"
FOLDER = "microsoft.graph.mailFolder"
USER = "microsoft.graph.user"
CATEGORY = "microsoft.graph.outlookCategory"
SETTINGS = "microsoft.graph.mailboxSettings"
ATTACHMENT = "microsoft.graph.attachment"
ITEM_ATTACHMENT = "microsoft.graph.itemAttachment"
EVENT = "microsoft.graph.event"
RECIPIENT_LISTS = ("toRecipients", "ccRecipients", "bccRecipients", "replyTo")



def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------- helpers


def owner_of(store: Store, scope: str) -> Record:
    user = store.get(USER, scope.partition("/")[2])
    if user is None:
        raise GraphError(404, "ErrorItemNotFound", "The mailbox owner was not found.")
    return user


def as_recipient(user: Record) -> dict[str, Any]:
    return {"emailAddress": {"name": user.data.get("displayName"),
                             "address": user.data.get("mail") or user.data.get("userPrincipalName")}}


def folder(store: Store, scope: str, key: str) -> Record:
    """A folder of the mailbox by id or well-known name (404 like Graph when there is none)."""
    found = store.get(FOLDER, key, scope) if key else None
    if found is None:
        raise GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.")
    return found


def recount(store: Store, scope: str, folder_ids: Iterable[str | None]) -> None:
    """Store a folder's totalItemCount, unreadItemCount and childFolderCount again."""
    for folder_id in {f for f in folder_ids if f}:
        record = store.get(FOLDER, folder_id, scope)
        if record is None:
            continue
        messages = store.items_where(MESSAGE, scope, "parentFolderId", folder_id)
        children = store.items_where(FOLDER, scope, "parentFolderId", folder_id)
        store.update(record, {
            "totalItemCount": len(messages),
            "unreadItemCount": sum(1 for m in messages if not m.data.get("isRead")),
            "childFolderCount": len(children),
        })


def destination(ctx: ActionContext) -> Record:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    target = body.get("destinationId") or body.get("DestinationId")
    if not isinstance(target, str) or not target:
        raise GraphError(400, "ErrorInvalidIdMalformed", "Id is malformed.")
    return folder(ctx.app.store, ctx.scope, target)


def transfers_of(app: GraphApp) -> Any:
    """The emulator's content store for uploaded bytes (large attachments live there)."""
    found = getattr(app, "transfers", None)
    if found is None:  # installed as the generic download route's owner
        found = getattr(app.special.get("download"), "__self__", None)
    return found


def copy_message(store: Store, source: Record, scope: str, changes: dict[str, Any],
                 transfers: Any = None) -> Record:
    """A new message (new id) with the source's data and attachments, plus `changes`."""
    data = {k: copy.deepcopy(v) for k, v in source.data.items() if k != "id"}
    data.update(changes)
    created = insert_message(store, scope, data)
    for attachment_id in store.links(source.id, "attachments"):
        attachment = store.find(attachment_id)
        if attachment is None:
            continue
        clone = {k: copy.deepcopy(v) for k, v in attachment.data.items() if k != "id"}
        new = store.insert(attachment.graph_type, scope, clone, id_style="outlook")
        store.add_link(created.id, "attachments", new.id)
        store.set_links(new.id, "item", store.links(attachment.id, "item"))  # shared, read-only
        content = transfers.content_of(attachment.id) if transfers is not None else None
        if content is not None:
            transfers.put_content(new.id, content)
    return created


def outlook_links(record: Record) -> dict[str, Any]:
    """`webLink` and `conversationIndex`, which Graph returns on every message (G:
    resources/message.md; api/message-get.md shows both). The link names the item's own id,
    so a copy (new id) gets a new one; the index stays with the conversation."""
    index = record.data.get("conversationIndex") or base64.b64encode(
        hashlib.sha256(record.id.encode()).digest()[:22]).decode()
    return {"webLink": "https://outlook.office365.com/owa/?ItemID="
                       f"{quote(record.id, safe='')}&exvsurl=1&viewmodel=ReadMessageItem",
            "conversationIndex": index}


EMPTY_BODY = {"contentType": "text", "content": ""}  # a message always has a body


def insert_message(store: Store, scope: str, data: dict[str, Any]) -> Record:
    """A new message record, completed with its Outlook links (and a body, empty if none)."""
    record = store.insert(MESSAGE, scope, {**data, "body": data.get("body") or EMPTY_BODY},
                          id_style="outlook")
    return store.update(record, outlook_links(record))


def created(app: GraphApp, record: Record, status: int = 201, *,
            odata_type: bool = False) -> Response:
    return app.entity_response(record, app.entity_context(record, None), None, status=status,
                               odata_type=odata_type or record.graph_type != MESSAGE)


def named_address(store: Store, address: Any) -> Any:
    """An emailAddress as Exchange answers it when the request gave no name: a tenant user's
    display name, else the address itself (G: api/user-post-messages.md response)."""
    if not isinstance(address, dict) or address.get("name"):
        return address
    text = str(address.get("address") or "").strip().lower()
    user = store.get(USER, text) if text else None
    name = user.data.get("displayName") if user is not None else None
    return {**address, "name": name or address.get("address")}


def named_recipients(store: Store, recipients: Any) -> Any:
    if not isinstance(recipients, list):
        return recipients
    return [{**r, "emailAddress": named_address(store, r.get("emailAddress"))}
            if isinstance(r, dict) else r for r in recipients]


def addresses(recipients: Any) -> list[str]:
    out = []
    for item in recipients or []:
        address = ((item or {}).get("emailAddress") or {}).get("address")
        if isinstance(address, str) and address:
            out.append(address)
    return out


def preview(body: Any) -> str:
    content = (body or {}).get("content") or ""
    if str((body or {}).get("contentType", "")).lower() == "html":
        content = html.unescape(re.sub(r"<[^>]+>", " ", content))
    return " ".join(content.split())[:255]


# ---------------------------------------------------------------------- messages


@behaviour(MESSAGE, "@created")
def new_draft(ctx: ActionContext) -> Response:
    """A message created through POST is a draft from the mailbox owner, in Drafts by default."""
    store, record = ctx.app.store, ctx.target
    assert record is not None
    owner = owner_of(store, ctx.scope)
    changes: dict[str, Any] = {
        "isDraft": True,
        "isRead": True,
        "hasAttachments": False,
        "conversationId": record.data.get("conversationId") or store.ids.outlook(),
        "bodyPreview": preview(record.data.get("body")),
        "receivedDateTime": record.data.get("createdDateTime") or now(),
        "sentDateTime": None,
        "changeKey": store.ids.change_key(),
        **outlook_links(record),
    }
    for name in RECIPIENT_LISTS:
        changes[name] = named_recipients(store, record.data.get(name) or [])
    changes["categories"] = record.data.get("categories") or []
    changes["from"] = record.data.get("from") or as_recipient(owner)
    changes["sender"] = record.data.get("sender") or changes["from"]
    changes["flag"] = record.data.get("flag") or {"flagStatus": "notFlagged"}
    changes["body"] = record.data.get("body") or EMPTY_BODY
    changes["importance"] = record.data.get("importance") or "normal"
    if not record.data.get("parentFolderId"):
        changes["parentFolderId"] = folder(store, ctx.scope, "drafts").id
    store.update(record, changes)
    recount(store, ctx.scope, [changes.get("parentFolderId") or record.data.get("parentFolderId")])
    return 201, {}, b""


@behaviour(MESSAGE, "@updated")
def message_changed(ctx: ActionContext) -> Response:
    """A PATCH that marks a message read or unread changes its folder's unreadItemCount."""
    record, changes = ctx.target, ctx.body if isinstance(ctx.body, dict) else {}
    assert record is not None
    store = ctx.app.store
    if "isRead" in changes or "parentFolderId" in changes:
        recount(store, ctx.scope, [record.data.get("parentFolderId")])
    named = {name: named_recipients(store, record.data.get(name)) for name in RECIPIENT_LISTS
             if name in changes}
    if named:
        store.update(record, named)
    return 200, {}, b""


@behaviour(MESSAGE, "@deleted")
def message_deleted(ctx: ActionContext) -> Response:
    """A deleted message no longer counts in its folder."""
    record = ctx.target
    assert record is not None
    recount(ctx.app.store, ctx.scope, [record.data.get("parentFolderId")])
    return 204, {}, b""


def attachment_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """What Graph fills in on a new attachment the client left out: size, isInline, and for
    a file contentId and contentLocation (null)."""
    changes: dict[str, Any] = {}
    if data.get("isInline") is None:
        changes["isInline"] = False
    if data.get("size") is None:
        changes["size"] = attachment_size(data)
    changes.update({name: None for name in ("contentType", "contentId", "contentLocation")
                    if name not in data and (name == "contentType" or is_file(data))})
    return changes


@behaviour(ATTACHMENT, "@created")
def attachment_added(ctx: ActionContext) -> Response:
    """Graph fills in what a client does not send on a new attachment (G:
    api/message-post-attachments.md, api/attachment-get.md): size, isInline, and for a file
    contentId and contentLocation (null); the message or event now has attachments."""
    store, record = ctx.app.store, ctx.target
    assert record is not None
    changes = attachment_defaults(record.data)
    if changes:
        store.update(record, changes)
    embed_item(store, ctx.scope, record)
    route = ctx.extra.get("route")
    parent = ctx.app.object_at(route.parent_template, ctx.params, ctx.scope) if route else None
    if parent is not None and parent.graph_type in (MESSAGE, EVENT) and not record.data.get(
            "isInline"):
        store.update(parent, {"hasAttachments": True})
    return 201, {}, b""


def embed_item(store: Store, scope: str, attachment: Record) -> None:
    """An item attachment's message becomes a record of its own, reachable only through the
    attachment's `item` navigation (GET .../microsoft.graph.itemAttachment/item, G:
    api/attachment-get.md example 3); Graph leaves `item` out of a plain GET."""
    item = attachment.data.get("item")
    if not isinstance(item, dict):
        return
    item_type = str(item.get("@odata.type") or "#microsoft.graph.message").lstrip("#")
    data = {k: copy.deepcopy(v) for k, v in item.items() if k != "id"}
    if item_type == MESSAGE:
        stamp = attachment.data.get("lastModifiedDateTime") or now()
        data.pop("@odata.type", None)
        for name in ("toRecipients", "ccRecipients", "bccRecipients", "replyTo", "categories"):
            data.setdefault(name, [])
        data.update({"isDraft": data.get("isDraft", False), "hasAttachments": False,
                     "bodyPreview": preview(data.get("body")),
                     "createdDateTime": data.get("createdDateTime", stamp),
                     "lastModifiedDateTime": data.get("lastModifiedDateTime", stamp),
                     "changeKey": store.ids.change_key()})
    # A scope of its own keeps the attached item out of the mailbox's message lists.
    embedded = store.insert(item_type, f"{scope}/attachments/{attachment.id}", data,
                            id_style="outlook")
    store.set_links(attachment.id, "item", [embedded.id])
    # Drop the key (not null it): the renderer then leaves `item` out, as Graph does.
    attachment.data = {k: v for k, v in attachment.data.items() if k != "item"}
    store.update(attachment, {})


# The next two routes end in a type cast and a navigation (`.../microsoft.graph.itemAttachment/
# item`): the cast segment names no entity, so the generic navigation cannot find the parent and
# these hooks get the closest entity above it (the attachment, the meeting message) as target.


def linked_entity(ctx: ActionContext, navigation: str, missing: str) -> Response:
    source = ctx.target
    linked = ctx.app.store.links(source.id, navigation) if source is not None else []
    found = ctx.app.store.find(linked[0]) if linked else None
    if found is None:
        raise GraphError(404, "ErrorItemNotFound", missing)
    return ctx.app.entity_response(found, ctx.app.entity_context(found, None), None,
                                   odata_type=True)


@behaviour(MESSAGE, "@get:item")
def attached_item(ctx: ActionContext) -> Response:
    """GET .../attachments/{id}/microsoft.graph.itemAttachment/item: the attached message."""
    return linked_entity(ctx, "item", "The attachment holds no item.")


@behaviour(EVENT, "@get:event")
def meeting_event(ctx: ActionContext) -> Response:
    """GET .../messages/{id}/microsoft.graph.eventMessage/event: the invitee's copy of the
    meeting (G: api/eventmessage-get.md, example 2)."""
    return linked_entity(ctx, "event", "The message is not about a meeting.")


def is_file(attachment: dict[str, Any]) -> bool:
    return str(attachment.get("@odata.type") or "").lstrip("#") == "microsoft.graph.fileAttachment"


def attachment_size(attachment: dict[str, Any]) -> int:
    """Bytes of a file's content; for an attached item, the size of its JSON (an estimate)."""
    content = attachment.get("contentBytes")
    if isinstance(content, str) and content:
        try:
            return len(base64.b64decode(content, validate=True))
        except ValueError:
            return len(content)
    item = attachment.get("item")
    return len(json.dumps(item).encode()) if item is not None else 0


@behaviour(MESSAGE, "send")
def send(ctx: ActionContext) -> Response:
    draft = ctx.target
    assert draft is not None
    if not draft.data.get("isDraft"):
        raise GraphError(400, "ErrorInvalidOperation", "Only a draft message can be sent.")
    deliver(ctx, draft, save_copy=True)
    return 202, {}, b""


@behaviour(USER, "sendMail")
def send_mail(ctx: ActionContext) -> Response:
    """POST {resource}/sendMail {message, saveToSentItems}: send a message that is never a
    draft (G: api/user-sendmail.md); attachments come inline in `message.attachments`."""
    store = ctx.app.store
    body = ctx.body if isinstance(ctx.body, dict) else {}
    message = body.get("message") or body.get("Message")
    if not isinstance(message, dict):
        raise GraphError(400, "ErrorInvalidRequest", "The message is missing from the request.")
    save_copy = body.get("saveToSentItems", body.get("SaveToSentItems", True))
    if isinstance(save_copy, str) and save_copy.lower() in ("true", "false"):
        save_copy = save_copy.lower() == "true"  # the documented example sends "false"
    if not isinstance(save_copy, bool):
        raise GraphError(400, "ErrorInvalidRequest", "saveToSentItems must be a boolean.")
    data = {k: copy.deepcopy(v) for k, v in message.items()
            if k not in ("attachments", "id") and not k.startswith("@")}
    stamp = now()
    data.update({"isDraft": True, "createdDateTime": stamp, "lastModifiedDateTime": stamp,
                 "changeKey": store.ids.change_key(), "conversationId": store.ids.outlook(),
                 "bodyPreview": preview(data.get("body")),
                 "internetMessageId": f"<{store.ids.guid()}@contoso.onmicrosoft.com>"})
    pending = insert_message(store, ctx.scope, data)
    for attachment in message.get("attachments") or []:
        if not isinstance(attachment, dict):
            raise GraphError(400, "ErrorInvalidRequest", "An attachment must be an object.")
        graph_type = str(attachment.get("@odata.type") or "").lstrip("#")
        if graph_type not in ("microsoft.graph.fileAttachment", "microsoft.graph.itemAttachment"):
            store.delete(pending)
            raise GraphError(400, "ErrorInvalidRequest", "An attachment needs its @odata.type.")
        stored = {**attachment, **attachment_defaults(attachment)}
        record = store.insert(graph_type, ctx.scope, stored, id_style="outlook")
        store.add_link(pending.id, "attachments", record.id)
        embed_item(store, ctx.scope, record)
    try:
        deliver(ctx, pending, save_copy=save_copy)
    finally:
        if store.find(pending.id) is not None:
            store.delete(pending)
    return 202, {}, b""


def has_visible_attachments(store: Store, message: Record) -> bool:
    """Graph's hasAttachments leaves out inline attachments (G: resources/message.md)."""
    found = (store.find(a) for a in store.links(message.id, "attachments"))
    return any(a is not None and not a.data.get("isInline") for a in found)


def deliver(ctx: ActionContext, draft: Record, *, save_copy: bool) -> None:
    """Send `draft`: a copy in each tenant recipient's Inbox, one in the sender's Sent Items
    when `save_copy`, then the draft is gone."""
    store = ctx.app.store
    recipients = [*addresses(draft.data.get("toRecipients")), *addresses(draft.data.get("ccRecipients")),
                  *addresses(draft.data.get("bccRecipients"))]
    if not recipients:
        raise GraphError(400, "ErrorInvalidRecipients",
                         "At least one recipient isn't valid., A message can't be sent because "
                         "it contains no recipients.")
    owner = owner_of(store, ctx.scope)
    stamp = now()
    sent_changes: dict[str, Any] = {"isDraft": False, "isRead": True, "sentDateTime": stamp,
                    "receivedDateTime": stamp, "lastModifiedDateTime": stamp,
                    "from": draft.data.get("from") or as_recipient(owner),
                    "sender": draft.data.get("sender") or as_recipient(owner),
                    "hasAttachments": has_visible_attachments(store, draft)}
    old_folder = draft.data.get("parentFolderId")
    transfers = transfers_of(ctx.app)
    sent_folder = folder(store, ctx.scope, "sentitems")
    if save_copy:
        copy_message(store, draft, ctx.scope, {**sent_changes, "parentFolderId": sent_folder.id},
                     transfers)
    delivered: set[str] = set()
    for address in recipients:
        user = store.get(USER, address)
        if user is None or user.id in delivered:
            continue  # outside the tenant: Graph would route it to the internet
        delivered.add(user.id)
        scope = f"users/{user.id}"
        inbox = folder(store, scope, "inbox")
        received: dict[str, Any] = {**sent_changes, "isRead": False, "parentFolderId": inbox.id,
                    "bccRecipients": [],
                    "internetMessageHeaders": transport_headers(draft, owner, stamp)}
        copy_message(store, draft, scope, received, transfers)
        recount(store, scope, [inbox.id])
    store.delete(draft)
    recount(store, ctx.scope, [old_folder, sent_folder.id])


def transport_headers(draft: Record, sender: Record, stamp: str) -> list[dict[str, str]]:
    """The Internet message headers a delivered message carries (G: resources/message.md,
    internetMessageHeaders: returned only on $select), after the client's own `x-` ones."""
    data = draft.data
    moment = datetime.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    mailed = [h for h in data.get("internetMessageHeaders") or [] if isinstance(h, dict)]
    return [*mailed,
            {"name": "Received", "value": f"from emulator by emulator; {format_datetime(moment)}"},
            {"name": "From", "value": str(as_recipient(sender)["emailAddress"]["address"])},
            {"name": "To", "value": ", ".join(addresses(data.get("toRecipients")))},
            {"name": "Subject", "value": str(data.get("subject") or "")},
            {"name": "Date", "value": format_datetime(moment)},
            {"name": "Message-ID", "value": str(data.get("internetMessageId") or "")},
            {"name": "Content-Type", "value": "text/html; charset=utf-8"}]


def _reply_draft(ctx: ActionContext, *, to_all: bool, forward: bool) -> Response:
    return created(ctx.app, _new_reply(ctx, to_all=to_all, forward=forward))


def _new_reply(ctx: ActionContext, *, to_all: bool, forward: bool) -> Record:
    """The reply (to all) or forward of the target, a draft in Drafts; the body's `message`
    adds recipients (G: api/message-reply.md, Example 1)."""
    store, original = ctx.app.store, ctx.target
    assert original is not None
    owner = owner_of(store, ctx.scope)
    me = (owner.data.get("mail") or "").lower()
    body = ctx.body if isinstance(ctx.body, dict) else {}
    comment = body.get("comment") or body.get("Comment") or ""
    given = body.get("message")
    changes: dict[str, Any] = given if isinstance(given, dict) else {}
    data = original.data
    if forward:
        to = body.get("toRecipients") or body.get("ToRecipients") or []
        cc: list[Any] = []
        prefix = "FW: "
    else:
        to = list(data.get("replyTo") or [])
        if not to and data.get("from"):
            to = [data["from"]]
        cc = []
        if to_all:
            seen = {a.lower() for a in addresses(to)} | {me}
            for item in data.get("toRecipients") or []:
                address = addresses([item])
                if address and address[0].lower() not in seen:
                    to.append(item)
                    seen.add(address[0].lower())
            cc = [c for c in data.get("ccRecipients") or []
                  if addresses([c]) and addresses([c])[0].lower() not in seen]
        prefix = "RE: "
    quoted = html.escape(preview(data.get("body")))
    content = f"<html><body><p>{html.escape(comment)}</p><hr><p>{quoted}</p></body></html>"
    drafts = folder(store, ctx.scope, "drafts")
    stamp = now()
    draft = insert_message(store, ctx.scope, {
        "createdDateTime": stamp, "lastModifiedDateTime": stamp, "receivedDateTime": stamp,
        "sentDateTime": None, "changeKey": store.ids.change_key(), "categories": [],
        "subject": prefix + (data.get("subject") or ""),
        "body": {"contentType": "html", "content": content},
        "bodyPreview": " ".join(f"{comment} {preview(data.get('body'))}".split())[:255],
        "importance": "normal", "isDraft": True, "isRead": True, "hasAttachments": False,
        "conversationId": data.get("conversationId"), "parentFolderId": drafts.id,
        "from": as_recipient(owner), "sender": as_recipient(owner),
        "toRecipients": named_recipients(store, [*to, *(changes.get("toRecipients") or [])]),
        "ccRecipients": named_recipients(store, [*cc, *(changes.get("ccRecipients") or [])]),
        "bccRecipients": [], "replyTo": [], "flag": {"flagStatus": "notFlagged"},
    })
    recount(store, ctx.scope, [drafts.id])
    return draft


@behaviour(MESSAGE, "createReply")
def create_reply(ctx: ActionContext) -> Response:
    # One spec op serves both paths (path_when), so the path says which one was called.
    to_all = ctx.request.path.rstrip("/").endswith("/createReplyAll")
    return _reply_draft(ctx, to_all=to_all, forward=False)


# action -> (to everyone, a forward, sent at once): create* make a draft to edit; reply,
# replyAll and forward send it straight away, 202 with no body (G: api/message-reply.md,
# message-replyall.md, message-forward.md).
REPLIES = {"createReplyAll": (True, False, False), "createForward": (False, True, False),
           "reply": (False, False, True), "replyAll": (True, False, True),
           "forward": (False, True, True)}


def _replying(to_all: bool, forward: bool, at_once: bool) -> Behaviour:
    def answer(ctx: ActionContext) -> Response:
        if not at_once:
            return _reply_draft(ctx, to_all=to_all, forward=forward)
        deliver(ctx, _new_reply(ctx, to_all=to_all, forward=forward), save_copy=True)
        return 202, {}, b""

    return answer


for _action, (_to_all, _forward, _at_once) in REPLIES.items():
    behaviour(MESSAGE, _action)(_replying(_to_all, _forward, _at_once))


@behaviour(MESSAGE, "move")
def move_message(ctx: ActionContext) -> Response:
    store, message = ctx.app.store, ctx.target
    assert message is not None
    target = destination(ctx)
    old = message.data.get("parentFolderId")
    moved = copy_message(store, message, ctx.scope, {"parentFolderId": target.id,
                                                     "lastModifiedDateTime": now()},
                         transfers_of(ctx.app))
    store.delete(message)
    recount(store, ctx.scope, [old, target.id])
    return created(ctx.app, moved, odata_type=True)  # as message-move.md answers


@behaviour(MESSAGE, "copy")
def copy_message_action(ctx: ActionContext) -> Response:
    store, message = ctx.app.store, ctx.target
    assert message is not None
    target = destination(ctx)
    copied = copy_message(store, message, ctx.scope, {"parentFolderId": target.id},
                          transfers_of(ctx.app))
    recount(store, ctx.scope, [target.id])
    return created(ctx.app, copied)


# ---------------------------------------------------------------------- folders


def _new_folder(ctx: ActionContext, parent_id: str) -> Response:
    store = ctx.app.store
    body = ctx.body if isinstance(ctx.body, dict) else {}
    name = body.get("displayName")
    if not isinstance(name, str) or not name.strip():
        raise GraphError(400, "ErrorInvalidRequest", "The folder name is missing or empty.")
    for sibling in store.items_where(FOLDER, ctx.scope, "parentFolderId", parent_id):
        if str(sibling.data.get("displayName", "")).lower() == name.lower():
            raise GraphError(409, "ErrorFolderExists", "A folder with the specified name already exists.")
    record = store.insert(FOLDER, ctx.scope, {
        "displayName": name, "parentFolderId": parent_id, "childFolderCount": 0,
        "unreadItemCount": 0, "totalItemCount": 0, "isHidden": False,
    }, id_style="outlook")
    recount(store, ctx.scope, [parent_id])
    return created(ctx.app, record)


@behaviour(USER, "mailFolders")
def create_top_folder(ctx: ActionContext) -> Response:
    return _new_folder(ctx, owner_of(ctx.app.store, ctx.scope).id)


@behaviour(FOLDER, "childFolders")
def create_child_folder(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    return _new_folder(ctx, ctx.target.id)


@behaviour(FOLDER, "move")
def move_folder(ctx: ActionContext) -> Response:
    store, record = ctx.app.store, ctx.target
    assert record is not None
    target = destination(ctx)
    old = record.data.get("parentFolderId")
    store.update(record, {"parentFolderId": target.id})
    recount(store, ctx.scope, [old, target.id])
    return created(ctx.app, record, status=200)


@behaviour(FOLDER, "copy")
def copy_folder(ctx: ActionContext) -> Response:
    store, record = ctx.app.store, ctx.target
    assert record is not None
    target = destination(ctx)
    clone = store.insert(FOLDER, ctx.scope, {**record.data, "parentFolderId": target.id},
                         id_style="outlook")
    for message in store.items_where(MESSAGE, ctx.scope, "parentFolderId", record.id):
        copy_message(store, message, ctx.scope, {"parentFolderId": clone.id},
                     transfers_of(ctx.app))
    recount(store, ctx.scope, [clone.id, target.id])
    return created(ctx.app, clone, status=200)


@behaviour(SETTINGS, "@updating")
def merge_settings(ctx: ActionContext) -> Response:
    """PATCH mailboxSettings keeps what the body leaves out, inside complex values too
    (G: api/user-update-mailboxsettings.md: "Existing properties that are not included in the
    request body will maintain their previous values"; example 1 sends only the status and the
    window of automaticRepliesSetting and gets the reply messages back)."""
    record, changes = ctx.target, ctx.body
    assert record is not None
    if isinstance(changes, dict):
        for name, value in list(changes.items()):
            if isinstance(value, dict) and isinstance(record.data.get(name), dict):
                changes[name] = merged(record.data[name], value)
    return 200, {}, b""


def merged(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(old)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and "@odata.type" not in value:
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@behaviour(CATEGORY, "masterCategories")
def create_category(ctx: ActionContext) -> Response:
    store = ctx.app.store
    body = ctx.body if isinstance(ctx.body, dict) else {}
    name = body.get("displayName")
    if not isinstance(name, str) or not name:
        raise GraphError(400, "ErrorInvalidRequest", "displayName is required.")
    if any(str(c.data.get("displayName", "")).lower() == name.lower()
           for c in store.items(CATEGORY, ctx.scope)):
        raise GraphError(409, "ErrorDuplicateCategoryName",
                         "A category with the specified name already exists.")
    record = store.insert(CATEGORY, ctx.scope, {"displayName": name,
                                                "color": body.get("color", "preset0")})
    return ctx.app.entity_response(record, ctx.app.entity_context(record, None), None,
                                   status=201)


# ---------------------------------------------------------------------- seed data

SUBJECTS = (
    "Quarterly sales review", "Lunch on Friday?", "Updated brand guidelines",
    "Invoice 2024-0117", "Team offsite agenda", "Re: Launch checklist",
    "New hire orientation", "Security training reminder",
)


def seed_mail(ctx: seed_module.SeedContext) -> None:
    """A few messages per mailbox (some with attachments) and the mailbox settings; the
    folders and categories are the specs' seed rows (mail_folder.yaml, outlook_category.yaml)."""
    store = ctx.store
    people = sorted(ctx.user_ids.items())
    for index, (address, user_id) in enumerate(people):
        scope = f"users/{user_id}"
        inbox = folder(store, scope, "inbox").id
        me = store.get(USER, user_id)
        assert me is not None
        for n, subject in enumerate(SUBJECTS[: 4 + index % 4]):
            _, sender_id = people[(index + n + 1) % len(people)]
            sender = store.get(USER, sender_id)
            assert sender is not None
            day = f"2024-03-{1 + (index * 3 + n) % 27:02d}T{8 + n:02d}:15:00Z"
            body = f"<html><body><p>Hi {me.data.get('givenName')},</p><p>{subject}: details " \
                   f"inside.</p></body></html>"
            message = insert_message(store, scope, {
                "createdDateTime": day, "lastModifiedDateTime": day, "receivedDateTime": day,
                "sentDateTime": day, "changeKey": store.ids.change_key(), "categories": [],
                "subject": subject, "body": {"contentType": "html", "content": body},
                "bodyPreview": preview({"contentType": "html", "content": body}),
                "importance": "high" if n == 0 else "normal", "isDraft": False,
                "isRead": n % 2 == 0, "isReadReceiptRequested": False,
                "isDeliveryReceiptRequested": False, "hasAttachments": n == 1,
                "inferenceClassification": "focused", "internetMessageId":
                    f"<{store.ids.guid()}@contoso.onmicrosoft.com>",
                "conversationId": store.ids.outlook(), "parentFolderId": inbox,
                "from": as_recipient(sender), "sender": as_recipient(sender),
                "toRecipients": [as_recipient(me)], "ccRecipients": [], "bccRecipients": [],
                "replyTo": [], "flag": {"flagStatus": "flagged" if n == 2 else "notFlagged"},
            })
            if n == 1:
                content = f"Report for {address}\n".encode() * 40
                attachment = store.insert("microsoft.graph.fileAttachment", scope, {
                    "@odata.type": "#microsoft.graph.fileAttachment", "name": "report.txt",
                    "contentType": "text/plain", "size": len(content), "isInline": False,
                    "lastModifiedDateTime": day, "contentId": None, "contentLocation": None,
                    "contentBytes": base64.b64encode(content).decode(),
                }, id_style="outlook")
                store.add_link(message.id, "attachments", attachment.id)
                # ...and the earlier message it answers, as an item attachment.
                earlier = store.insert(ATTACHMENT, scope, {
                    "@odata.type": "#microsoft.graph.itemAttachment", "name": "Re: " + subject,
                    "contentType": None, "size": 2048, "isInline": False,
                    "lastModifiedDateTime": day, "item": {
                        "@odata.type": "#microsoft.graph.message", "subject": "Re: " + subject,
                        "body": {"contentType": "text", "content": "See the report."},
                        "from": as_recipient(sender), "sender": as_recipient(sender),
                        "toRecipients": [as_recipient(me)], "sentDateTime": day,
                        "receivedDateTime": day, "importance": "normal", "isRead": True}},
                    id_style="outlook")
                embed_item(store, scope, earlier)
                store.add_link(message.id, "attachments", earlier.id)
        store.insert(SETTINGS, scope, {
            "timeZone": "Pacific Standard Time", "dateFormat": "M/d/yyyy", "timeFormat": "h:mm tt",
            "language": {"locale": "en-US", "displayName": "English (United States)"},
            "archiveFolder": folder(store, scope, "archive").id,
            "workingHours": {"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                             "startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000",
                             "timeZone": {"name": "Pacific Standard Time"}},
            # Graph returns the scheduled window even while replies are disabled.
            "automaticRepliesSetting": {"status": "disabled", "externalAudience": "all",
                                        "internalReplyMessage": "", "externalReplyMessage": "",
                                        "scheduledStartDateTime": {
                                            "dateTime": "2024-01-01T08:00:00.0000000",
                                            "timeZone": "UTC"},
                                        "scheduledEndDateTime": {
                                            "dateTime": "2024-01-02T08:00:00.0000000",
                                            "timeZone": "UTC"}},
            "userPurpose": {"value": "user"},
            "delegateMeetingMessageDeliveryOptions": "sendToDelegateAndInformationToPrincipal",
        })
        recount(store, scope, [f.id for f in store.items(FOLDER, scope)])


if not any(seeder is seed_mail or getattr(seeder, "__name__", "") == "seed_mail"
           for _, seeder in seed_module.SEEDERS):
    seed_module.SEEDERS.append((MESSAGE, seed_mail))


@behaviour(MESSAGE, "$value")
def mime_content(ctx: ActionContext) -> Response:
    """GET {message}/$value: the message as RFC 822 MIME (G: api/message-get.md, example 4)."""
    message = ctx.target
    assert message is not None
    return 200, {"Content-Type": "text/plain"}, to_mime(ctx.app.store, message)


@behaviour(ITEM_ATTACHMENT, "$value")
def item_attachment_mime(ctx: ActionContext) -> Response:
    """GET {message}/attachments/{id}/$value of an attached message: that message as MIME
    (G: api/attachment-get.md, "Get the raw contents of a file or item attachment")."""
    attachment = ctx.target
    assert attachment is not None
    linked = ctx.app.store.links(attachment.id, "item")
    item = ctx.app.store.find(linked[0]) if linked else None
    if item is None or item.graph_type != MESSAGE:
        raise GraphError(404, "ErrorItemNotFound", "The attached item has no MIME content.")
    return 200, {"Content-Type": "text/plain"}, to_mime(ctx.app.store, item)


def to_mime(store: Store, message: Record) -> bytes:
    from email.message import EmailMessage

    data = message.data
    mime = EmailMessage()

    def header(recipients: Any) -> str:
        parts = []
        for item in recipients or []:
            address = (item or {}).get("emailAddress") or {}
            name, mail = address.get("name"), address.get("address")
            parts.append(f'"{name}" <{mail}>' if name else str(mail))
        return ", ".join(parts)

    sender = data.get("from")
    if sender:
        mime["From"] = header([sender])
    for name, key in (("To", "toRecipients"), ("Cc", "ccRecipients")):
        if data.get(key):
            mime[name] = header(data[key])
    mime["Subject"] = data.get("subject") or ""
    if data.get("internetMessageId"):
        mime["Message-ID"] = data["internetMessageId"]
    body = data.get("body") or {}
    subtype = "html" if str(body.get("contentType", "")).lower() == "html" else "plain"
    mime.set_content(body.get("content") or "", subtype=subtype)
    for attachment_id in store.links(message.id, "attachments"):
        attachment = store.find(attachment_id)
        content = (attachment.data.get("contentBytes") if attachment else None) or ""
        if attachment is None or not content:
            continue
        maintype, _, subtype = str(attachment.data.get("contentType") or
                                   "application/octet-stream").partition("/")
        mime.add_attachment(base64.b64decode(content), maintype=maintype,
                            subtype=subtype or "octet-stream",
                            filename=attachment.data.get("name") or "attachment")
    return bytes(mime)
