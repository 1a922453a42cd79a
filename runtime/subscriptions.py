"""Change-notification subscriptions: Graph's rules for one, checked before anything is sent.

The generic mechanism behind the `subscribe` and `renew` operation kinds (GRAPH_FACTS §10;
G: api/subscription-post-subscriptions.md, api/subscription-update.md, resources/subscription.md):

- ``notificationUrl`` and ``lifecycleNotificationUrl``: ``https://``, or plain ``http://`` to
  a loopback host only (the runtime's one rule for URLs, generated.o365._runtime.origin). They are the
  caller's own endpoints: Graph POSTs there; this library never sends them a request or token.
- ``changeType``: ``created``, ``updated``, ``deleted``, comma separated, each one the resource
  accepts (its spec's ``change_types``: a drive root only ``updated``, users ``updated,deleted``).
- ``clientState``: at most 128 characters. Made with `secrets` when not given, so that every
  notification can be checked (the webhooks page calls it required in practice).
- ``expirationDateTime``: in the future and at most the resource's maximum lifetime (its
  spec's ``max_lifetime``, from Microsoft's table; ``max_lifetime_with_data`` when notifications
  carry resource data). A later one is **refused** with ValueError, never clamped: Graph says
  such requests fail, and silently shortening what the caller asked for hides the mistake.
  Without an expiration the subscription gets the maximum less one minute (for clock skew), or
  60 minutes (python-o365's default) on a resource no spec describes.
- ``includeResourceData`` needs ``encryptionCertificate``; ``latestSupportedTlsVersion`` is one
  of ``v1_0`` to ``v1_3``.

A resource string the caller writes (``"/me/mailFolders('inbox')/messages"``) is matched
against the resource templates of every spec's subscribe operations (the table the generated
package registers with `register_rules`) to find its limits. One that no spec describes is sent
with the checks that need no limits; Graph decides the rest.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from . import tables
from .origin import Origin
from .timezones import format_datetime

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .resource import Bound, Resource

__all__ = ["CHANGE_TYPES", "Limits", "LimitsTable", "change_types", "checked_url", "limits_for",
           "new_client_state", "normalized_resource", "recreate", "register_rules", "renew",
           "renew_json", "subscribe", "subscribe_json"]

R = TypeVar("R", bound="Resource")

CHANGE_TYPES = ("created", "updated", "deleted")
MAX_CLIENT_STATE = 128  # characters (G: resources/subscription.md, clientState)
TLS_VERSIONS = ("v1_0", "v1_1", "v1_2", "v1_3")
DEFAULT_MINUTES = 60  # python-o365's default lifetime, for a resource of unknown maximum
SKEW = dt.timedelta(minutes=1)  # "to the maximum" stays this far inside it
# Properties a recreated subscription copies besides those subscribe() takes by name.
_COPIED = ("notificationQueryOptions", "notificationUrlAppId")


@dataclass(frozen=True)
class Limits:
    """What Graph allows for a subscribed resource: lifetimes in minutes and change types."""

    max_lifetime: int | None
    max_lifetime_with_data: int | None = None
    change_types: tuple[str, ...] = CHANGE_TYPES

    def maximum(self, with_data: bool) -> int | None:
        if with_data and self.max_lifetime_with_data is not None:
            return self.max_lifetime_with_data
        return self.max_lifetime


class SubscribeOptions(TypedDict):
    """The keyword arguments of a `subscribe` operation (python-o365's names)."""

    max_lifetime: int | None
    max_lifetime_with_data: int | None
    change_types: tuple[str, ...]
    expiration_datetime: dt.datetime | None
    expiration_minutes: int | None
    client_state: str | None
    lifecycle_notification_url: str | None
    include_resource_data: bool | None
    encryption_certificate: str | None
    encryption_certificate_id: str | None
    latest_supported_tls_version: str | None
    additional_data: Mapping[str, Any] | None


# -- the table of limits -------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_KEY_SEGMENT = re.compile(r"\(\s*(?:'([^']*)'|\"([^\"]*)\"|([^()'\"/]*))\s*\)")
Rule = tuple[str, int, "int | None", Iterable[str]]


class LimitsTable:
    """Resource templates with their limits; `lookup` finds those of a resource string.

    The string is read the way Graph reads it: no leading slash, no query, case-insensitive,
    a key in parentheses the same as a segment (``mailFolders('inbox')`` is
    ``mailFolders/inbox``). `{resource}` in a template is ``me`` or an owner and its id
    (``users/x``), any other placeholder one segment. When several templates match, the
    shortest lifetime applies.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules = [(_compile(template), Limits(maximum, with_data, tuple(kinds)))
                       for template, maximum, with_data, kinds in rules]

    def lookup(self, resource: str) -> Limits | None:
        path = normalized_resource(resource)
        found = [limits for pattern, limits in self._rules if pattern.fullmatch(path)]
        return min(found, key=lambda limits: limits.max_lifetime or 0) if found else None


def normalized_resource(resource: str) -> str:
    """A resource string as a plain path: ``/me/mailFolders('inbox')/messages?$x`` ->
    ``me/mailFolders/inbox/messages``."""
    path = resource.strip().split("?", 1)[0].strip("/")
    return _KEY_SEGMENT.sub(lambda m: "/" + next(g for g in m.groups() if g is not None), path)


def _compile(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position:match.start()]))
        parts.append(r"(?:me|[^/]+/[^/]+)" if match.group(1) == "resource" else r"[^/]+")
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.IGNORECASE)


_table: tuple[str, LimitsTable] | None = None


def register_rules(module: str) -> None:
    """Use the `RULES` of `module` (imported on first use) to find a resource's limits."""
    global _table
    tables.register("lifetimes", module)
    _table = None


def limits_for(resource: str) -> Limits | None:
    """The limits of the spec'd resource template `resource` matches, or None."""
    global _table
    source = tables.module_for("lifetimes")
    if source is None:
        return None
    if _table is None or _table[0] != source:
        _table = (source, LimitsTable(getattr(importlib.import_module(source), "RULES", ())))
    return _table[1].lookup(resource)


# -- the checks ----------------------------------------------------------------------------

def new_client_state() -> str:
    """A random clientState (43 URL-safe characters), for checking every notification."""
    return secrets.token_urlsafe(32)


def checked_url(url: str, what: str) -> str:
    """A notification URL Graph may POST to: https://, or http:// to this machine."""
    if not isinstance(url, str) or not url.strip():
        raise ValueError(f"{what} is required: the https:// URL Graph posts notifications to")
    Origin.of(url)  # UnsafeURLError (a ValueError) for http:// elsewhere, user info, no host
    return url


def change_types(value: str | Iterable[str], allowed: tuple[str, ...], resource: str) -> str:
    """`value` as Graph's comma-separated changeType, each one known and allowed here."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    names: list[str] = []
    for part in parts:
        name = str(part).strip()
        if name and name not in names:
            names.append(name)
    if not names:
        raise ValueError("change_type is empty: give created, updated and/or deleted")
    for name in names:
        if name not in CHANGE_TYPES:
            raise ValueError(f"unknown change type {name!r}: Graph knows {', '.join(CHANGE_TYPES)}")
        if name not in allowed:
            raise ValueError(f"{resource!r} takes only change types {', '.join(allowed)} "
                             f"(not {name!r})")
    return ",".join(names)


def expiration(limits: Limits | None, *, minutes: int | None, at: dt.datetime | None,
               with_data: bool = False, resource: str = "the resource",
               now: dt.datetime | None = None) -> str:
    """The expirationDateTime to send: UTC, in the future, within the resource's maximum.

    `at` naive is UTC (python-o365's rule). Neither given: the maximum less a minute, else
    60 minutes when the maximum is unknown.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    maximum = limits.maximum(with_data) if limits is not None else None
    if minutes is not None and at is not None:
        raise ValueError("give expiration_minutes or expiration_datetime, not both")
    if minutes is not None:
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
            raise ValueError(f"expiration minutes must be a positive whole number, not {minutes!r}")
        at = now + dt.timedelta(minutes=minutes)
    elif at is not None:
        if not isinstance(at, dt.datetime):
            raise TypeError(f"expiration_datetime must be a datetime, not {type(at).__name__}")
        at = at.replace(tzinfo=dt.timezone.utc) if at.tzinfo is None else at.astimezone(dt.timezone.utc)
        if at <= now:
            raise ValueError(f"expiration_datetime {at.isoformat()} is not in the future")
    elif maximum is not None:
        at = now + dt.timedelta(minutes=maximum) - SKEW
    else:
        at = now + dt.timedelta(minutes=DEFAULT_MINUTES)
    if maximum is not None and at - now > dt.timedelta(minutes=maximum):
        kind = " with resource data" if with_data and limits and limits.max_lifetime_with_data else ""
        raise ValueError(
            f"a subscription to {resource!r}{kind} lives at most {maximum} minutes (Graph's "
            f"maximum); {_minutes(at - now)} asked. Leave the expiration out for the maximum")
    return format_datetime(at)


def _minutes(delta: dt.timedelta) -> str:
    return f"{delta.total_seconds() / 60:.0f} minutes"


def creation_body(resource: str, notification_url: str, change_type: str | Iterable[str],
                  limits: Limits | None, options: SubscribeOptions) -> dict[str, Any]:
    """The POST /subscriptions body, every rule above checked."""
    if not isinstance(resource, str) or not resource.strip():
        raise ValueError("resource is required: the Graph path to watch, e.g. me/messages")
    resource = resource.strip()
    body: dict[str, Any] = {
        "changeType": change_types(change_type, limits.change_types if limits else CHANGE_TYPES,
                                   resource),
        "notificationUrl": checked_url(notification_url, "notification_url"),
        "resource": resource,
    }
    with_data = bool(options["include_resource_data"])
    body["expirationDateTime"] = expiration(
        limits, minutes=options["expiration_minutes"], at=options["expiration_datetime"],
        with_data=with_data, resource=resource)
    state = options["client_state"]
    if state is None:
        state = new_client_state()
    if not isinstance(state, str) or not state or len(state) > MAX_CLIENT_STATE:
        raise ValueError(f"client_state must be 1 to {MAX_CLIENT_STATE} characters (Graph's "
                         f"limit); this one has {len(state) if isinstance(state, str) else 0}")
    body["clientState"] = state
    lifecycle = options["lifecycle_notification_url"]
    if lifecycle is not None:
        body["lifecycleNotificationUrl"] = checked_url(lifecycle, "lifecycle_notification_url")
    if options["include_resource_data"] is not None:
        body["includeResourceData"] = bool(options["include_resource_data"])
    if with_data and not options["encryption_certificate"]:
        raise ValueError("include_resource_data needs encryption_certificate (the base64 public "
                         "key Graph encrypts the resource data with)")
    if options["encryption_certificate"] is not None:
        body["encryptionCertificate"] = options["encryption_certificate"]
    if options["encryption_certificate_id"] is not None:
        body["encryptionCertificateId"] = options["encryption_certificate_id"]
    tls = options["latest_supported_tls_version"]
    if tls is not None:
        if tls not in TLS_VERSIONS:
            raise ValueError(f"latest_supported_tls_version must be one of {', '.join(TLS_VERSIONS)}, "
                             f"not {tls!r}")
        body["latestSupportedTlsVersion"] = tls
    for key, value in (options["additional_data"] or {}).items():
        if key in body:
            raise ValueError(f"additional_data may not replace {key!r}; use its own argument")
        body[str(key)] = value
    return body


def _limits(resource: str, options: SubscribeOptions) -> Limits | None:
    """The operation's own limits (a spec'd resource), else those of the template it matches."""
    if options["max_lifetime"] is not None:
        return Limits(options["max_lifetime"], options["max_lifetime_with_data"],
                      options["change_types"])
    found = limits_for(resource)
    if found is None and options["change_types"] != CHANGE_TYPES:
        return Limits(None, None, options["change_types"])
    return found


# -- the operation kinds ---------------------------------------------------------------------

def _create(owner: Bound, notification_url: str, resource: str | None,
            change_type: str | Iterable[str], options: SubscribeOptions) -> dict[str, Any]:
    if resource is None:
        resource = owner._ctx["resource"]  # python-o365: the service's own resource
    return creation_body(resource, notification_url, change_type, _limits(resource, options),
                         options)


def subscribe(owner: Bound, path: str, cls: type[R], notification_url: str,
              resource: str | None, change_type: str | Iterable[str],
              **options: Unpack[SubscribeOptions]) -> R:
    """POST a new subscription to `path` (Graph's `subscriptions`); the created `cls`."""
    body = _create(owner, notification_url, resource, change_type, options)
    made: R = owner._call("POST", path, json=body,
                          parse=owner._parser(cls, owner._child_context(path)))
    return made


def subscribe_json(owner: Bound, path: str, notification_url: str, resource: str | None,
                   change_type: str | Iterable[str], **options: Unpack[SubscribeOptions]) -> Any:
    """As `subscribe`, returning Graph's JSON (python-o365's create_subscription)."""
    body = _create(owner, notification_url, resource, change_type, options)
    return owner._call("POST", path, json=body)


def _renewal(limits: Limits | None, minutes: int | None, expiration_datetime: dt.datetime | None,
             expiration_minutes: int | None, notification_url: str | None, *,
             with_data: bool = False, resource: str = "the resource") -> dict[str, Any]:
    """The PATCH body: a new expirationDateTime and/or notificationUrl."""
    if minutes is not None and expiration_minutes is not None:
        raise ValueError("give minutes or expiration_minutes (python-o365's name), not both")
    minutes = minutes if minutes is not None else expiration_minutes
    body: dict[str, Any] = {}
    if notification_url is not None:
        body["notificationUrl"] = checked_url(notification_url, "notification_url")
    if minutes is not None or expiration_datetime is not None or not body:
        body["expirationDateTime"] = expiration(limits, minutes=minutes, at=expiration_datetime,
                                                with_data=with_data, resource=resource)
    return body


def renew(obj: R, path: str, minutes: int | None = None, *,
          expiration_datetime: dt.datetime | None = None, expiration_minutes: int | None = None,
          notification_url: str | None = None) -> R:
    """PATCH the subscription `obj` to a new expiry (default: its resource's maximum) and/or
    notification URL; `obj` takes Graph's answer."""
    obj._bound()
    resource = str(obj._data.get("resource") or "")
    body = _renewal(limits_for(resource) if resource else None, minutes, expiration_datetime,
                    expiration_minutes, notification_url,
                    with_data=bool(obj._data.get("includeResourceData")),
                    resource=resource or "the resource")
    obj._update_from(obj._call("PATCH", path, json=body))
    return obj


def renew_json(owner: Bound, path: str, minutes: int | None = None, *,
               expiration_datetime: dt.datetime | None = None,
               expiration_minutes: int | None = None, notification_url: str | None = None) -> Any:
    """PATCH a subscription named by its id (python-o365's renew_subscription and
    update_subscription): its resource is not known here, so Graph checks the maximum, and
    the default lifetime is 60 minutes."""
    body = _renewal(None, minutes, expiration_datetime, expiration_minutes, notification_url)
    return owner._call("PATCH", path, json=body)


def recreate(subscription: R) -> R:
    """A new subscription like `subscription` (same resource, change types, URLs, client
    state), for one Graph removed; it lives for its resource's maximum."""
    subscription._bound()
    data = subscription._data
    if not data.get("clientState"):  # a new one would make the receiver drop every notification
        raise ValueError("this subscription has no clientState to recreate it with (Graph's "
                         "list leaves it out): keep the object create() or get() returned")
    resource = str(data.get("resource") or "")
    template = type(subscription).PATH or ""
    collection = template.rsplit("/", 1)[0]
    body = creation_body(resource, str(data.get("notificationUrl") or ""),
                         str(data.get("changeType") or ""), limits_for(resource), {
                             "max_lifetime": None, "max_lifetime_with_data": None,
                             "change_types": CHANGE_TYPES, "expiration_datetime": None,
                             "expiration_minutes": None,
                             "client_state": data.get("clientState"),
                             "lifecycle_notification_url": data.get("lifecycleNotificationUrl"),
                             "include_resource_data": data.get("includeResourceData"),
                             "encryption_certificate": data.get("encryptionCertificate"),
                             "encryption_certificate_id": data.get("encryptionCertificateId"),
                             "latest_supported_tls_version": data.get("latestSupportedTlsVersion"),
                             "additional_data": {k: data[k] for k in _COPIED
                                                 if data.get(k) is not None},
                         })
    made: R = subscription._call("POST", collection, json=body,
                                 parse=subscription._parser(type(subscription),
                                                            subscription._child_context(collection)))
    return made
