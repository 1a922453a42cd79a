"""Subscriptions: Graph's checks on create and renew, and the validation handshake.

Server logic the spec cannot hold (GRAPH_FACTS §10; G: api/subscription-post-subscriptions.md,
api/subscription-update.md, api/subscription-list.md, resources/subscription.md):

- create: the change types are ones the resource takes; the resource is one the specs can
  subscribe to (a `subscribe` operation's template, with its maximum lifetime) and exists;
  the expiry is in the future and within that maximum (an expiry under 45 minutes away is
  moved to 45 minutes, as Graph does); clientState has at most 128 characters;
  includeResourceData needs encryptionCertificate; both URLs are on this machine and answer
  the validation handshake (emulator.notifications), else 400. applicationId and creatorId
  come from the token.
- renew (PATCH): only expirationDateTime and notificationUrl change, with the same checks.
- list: the calling app's subscriptions (a delegated caller: the signed-in user's only),
  clientState left out "for security purposes".
- a fresh tenant holds one subscription of the app, Microsoft's documented example
  (api/subscription-list.md), so that listing shows something; its URL is not on this
  machine, so nothing is ever delivered to it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from generated.o365._runtime.subscriptions import MAX_CLIENT_STATE, TLS_VERSIONS, change_types

from ..errors import GraphError
from ..listing import list_response
from ..notifications import SUBSCRIPTION, graph_time, local_url, parse_time, utc_now
from ..seed import SeedContext, seeder
from ..store import Record
from . import ActionContext, Response, behaviour

MINIMUM = dt.timedelta(minutes=45)  # "Any value under 45 minutes ... is set to 45 minutes"
TOLERANCE = dt.timedelta(seconds=30)  # the request's own travel time


def invalid(message: str) -> GraphError:
    return GraphError(400, "InvalidRequest", message)


def _notifier(ctx: ActionContext) -> Any:
    notifier = ctx.app.notifications
    if notifier is None:
        raise GraphError(501, "NotImplemented", "This emulator delivers no notifications.")
    return notifier


def _expiry(ctx: ActionContext, value: Any, maximum: int | None, resource: str) -> str:
    """The expirationDateTime to store: in the future, within the maximum, at least 45 min."""
    when = parse_time(value)
    now = _notifier(ctx).now()
    if when is None:
        raise invalid("expirationDateTime must be a date and time (UTC).")
    if when <= now:
        raise invalid("Subscription expiration can only be in the future.")
    if maximum is not None and when - now > dt.timedelta(minutes=maximum) + TOLERANCE:
        raise invalid(f"Subscription expiration can only be {maximum} minutes in the future "
                      f"for resource '{resource}'.")
    return graph_time(max(when, now + MINIMUM))


def _checked_url(ctx: ActionContext, data: dict[str, Any], key: str) -> None:
    url = data.get(key)
    if url is None:
        return
    if not local_url(url):
        raise invalid(f"{key} must be an http(s) URL on this machine (a loopback host): the "
                      "emulator never calls out.")
    _notifier(ctx).validate(str(url))


@behaviour(SUBSCRIPTION, "@creating")
def creating(ctx: ActionContext) -> Response:
    data: dict[str, Any] = ctx.body
    resource = str(data.get("resource") or "")
    limits = _notifier(ctx).limits.lookup(resource)
    if limits is None:
        raise invalid(f"Resource '{resource}' is not supported for subscriptions here: the "
                      "specs have no subscribe operation for it.")
    token = ctx.request.token
    assert token is not None
    creator = token.user_id or str(uuid.uuid5(uuid.NAMESPACE_URL, token.client_id))
    try:
        watched = _notifier(ctx).resolve(resource, token.user_id)
    except GraphError as err:
        raise invalid(f"Resource '{resource}' cannot be resolved: {err.message}") from None
    if watched is None:
        raise invalid(f"Resource '{resource}' cannot be resolved" + (
            ": /me is only valid with delegated authentication." if token.user_id is None else "."))
    try:
        data["changeType"] = change_types(str(data.get("changeType") or ""), limits.change_types,
                                          resource)
    except ValueError as err:
        raise invalid(str(err)) from None
    state = data.get("clientState")
    if state is not None and (not isinstance(state, str) or len(state) > MAX_CLIENT_STATE):
        raise invalid(f"clientState can have at most {MAX_CLIENT_STATE} characters.")
    with_data = bool(data.get("includeResourceData"))
    if with_data and not data.get("encryptionCertificate"):
        raise invalid("includeResourceData needs an encryptionCertificate.")
    if data.get("latestSupportedTlsVersion") not in (None, *TLS_VERSIONS):
        raise invalid("latestSupportedTlsVersion must be v1_0, v1_1, v1_2 or v1_3.")
    data["expirationDateTime"] = _expiry(ctx, data.get("expirationDateTime"),
                                         limits.maximum(with_data), resource)
    data["applicationId"] = token.client_id
    data["creatorId"] = creator
    _checked_url(ctx, data, "notificationUrl")
    _checked_url(ctx, data, "lifecycleNotificationUrl")
    return 201, {}, b""


@behaviour(SUBSCRIPTION, "@updating")
def updating(ctx: ActionContext) -> Response:
    changes: dict[str, Any] = ctx.body
    record = ctx.target
    assert record is not None
    extra = set(changes) - {"expirationDateTime", "notificationUrl"}
    if extra:
        raise invalid(f"Only expirationDateTime and notificationUrl can be updated, not "
                      f"{', '.join(sorted(extra))}.")
    resource = str(record.data.get("resource") or "")
    if "expirationDateTime" in changes:
        limits = _notifier(ctx).limits.lookup(resource)
        maximum = limits.maximum(bool(record.data.get("includeResourceData"))) if limits else None
        changes["expirationDateTime"] = _expiry(ctx, changes["expirationDateTime"], maximum,
                                                resource)
    _checked_url(ctx, changes, "notificationUrl")
    return 200, {}, b""


@behaviour(SUBSCRIPTION, "reauthorize")
def reauthorize(ctx: ActionContext) -> Response:
    """POST subscriptions/{id}/reauthorize: 204, the subscription unchanged (its expiry too)."""
    return 204, {}, b""


@behaviour(SUBSCRIPTION, "@list:subscriptions")
def list_subscriptions(ctx: ActionContext) -> Response:
    token = ctx.request.token
    assert token is not None
    _notifier(ctx).sweep()
    mine = [Record(r.graph_type, r.scope, {**r.data, "clientState": None}, r.version)
            for r in ctx.app.store.items(SUBSCRIPTION, "")
            if r.data.get("applicationId") == token.client_id
            and (token.user_id is None or r.data.get("creatorId") == token.user_id)]
    return list_response(ctx.app, ctx.request, ctx.extra["route"], ctx.params, mine)


@seeder(SUBSCRIPTION)
def seed_subscription(ctx: SeedContext) -> None:
    """Microsoft's example subscription (api/subscription-list.md), owned by the emulator's app."""
    from ..server import CLIENT_ID

    ctx.store.insert(SUBSCRIPTION, "", {
        "resource": "users",
        "changeType": "updated,deleted",
        "clientState": None,
        "notificationUrl": "https://webhookappexample.azurewebsites.net/api/notifications",
        "lifecycleNotificationUrl": "https://webhook.azurewebsites.net/api/send/lifecycleNotifications",
        "expirationDateTime": graph_time(utc_now() + dt.timedelta(minutes=41760)),
        "applicationId": CLIENT_ID,
        "creatorId": str(uuid.uuid5(uuid.NAMESPACE_URL, CLIENT_ID)),
        "latestSupportedTlsVersion": "v1_2",
        "encryptionCertificate": "",
        "encryptionCertificateId": "",
        "includeResourceData": False,
    })
