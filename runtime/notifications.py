"""Receiving Graph's change notifications: the webhook endpoint, framework-neutral.

`NotificationReceiver.handle(method, query, headers, body) -> (status, headers, body)` does
what Graph asks of a notification URL (GRAPH_FACTS §10; G: concepts/change-notifications-
delivery-webhooks.md, concepts/includes/change-notifications-delivery-notificationurl-
validation.md, concepts/change-notifications-lifecycle-events.md):

- The validation handshake: a POST with ``?validationToken=...`` is answered at once with 200,
  ``Content-Type: text/plain`` and the URL-decoded token (Graph waits at most 10 seconds and
  creates the subscription only then). The same URL can serve as lifecycle URL.
- Every notification's ``clientState`` is compared (in constant time) with the states the
  receiver accepts. A mismatch is not from Graph: it is dropped and logged by subscription id,
  never with the state, and never reaches a callback.
- Change notifications become `ChangeNotification` objects; lifecycle notifications
  (``reauthorizationRequired``, ``subscriptionRemoved``, ``missed``) `LifecycleNotification`
  objects, each passed to the callbacks registered for it.
- The answer is 202 Accepted (Graph wants a 2xx within 3 seconds: keep callbacks short, or
  queue the work). A callback that raises makes it 500, which asks Graph to deliver again.

Thin adapters put the receiver behind a WSGI server (`wsgi_app`), an ASGI server
(`asgi_app`) or the standard library's `http.server` (`http_handler`).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qs

__all__ = ["ChangeNotification", "LifecycleNotification", "NotificationReceiver", "ResourceData"]

log = logging.getLogger(__name__)

LIFECYCLE_EVENTS = ("reauthorizationRequired", "subscriptionRemoved", "missed")
MAX_BODY = 4 * 1024 * 1024  # bytes the adapters read; a notification batch is far smaller
Reply = tuple[int, dict[str, str], bytes]
C = TypeVar("C", bound=Callable[..., Any])


def _when(value: Any) -> dt.datetime | None:
    """A DateTimeOffset of the payload, or None when absent or unreadable."""
    from .timezones import parse_datetime

    try:
        return parse_datetime(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class ResourceData:
    """What a change notification says about the changed item (`resourceData`)."""

    id: str | None
    odata_type: str | None
    odata_id: str | None
    etag: str | None
    raw: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ResourceData:
        return cls(_text(data.get("id")), _text(data.get("@odata.type")),
                   _text(data.get("@odata.id")), _text(data.get("@odata.etag")), dict(data))


@dataclass(frozen=True)
class ChangeNotification:
    """One change Graph reports: which subscription, what kind of change, to what.

    `resource` is the changed item's path below the Graph root (fetch it with
    ``account.con.get(notification.resource)``, or by `resource_data.id`). `raw` is Graph's JSON
    without the clientState.
    """

    subscription_id: str
    change_type: str
    resource: str
    resource_data: ResourceData | None
    tenant_id: str | None
    subscription_expiration: dt.datetime | None
    id: str | None
    raw: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ChangeNotification:
        resource_data = data.get("resourceData")
        return cls(
            subscription_id=str(data.get("subscriptionId") or ""),
            change_type=str(data.get("changeType") or ""),
            resource=str(data.get("resource") or ""),
            resource_data=ResourceData.from_api(resource_data)
            if isinstance(resource_data, Mapping) else None,
            tenant_id=_text(data.get("tenantId")),
            subscription_expiration=_when(data.get("subscriptionExpirationDateTime")),
            id=_text(data.get("id")),
            raw=_without_state(data),
        )


@dataclass(frozen=True)
class LifecycleNotification:
    """A notification about the subscription itself (`lifecycleEvent`): reauthorize it
    (``reauthorizationRequired``: renew or reauthorize), recreate it (``subscriptionRemoved``),
    or catch up on changes Graph could not deliver (``missed``: use a delta query)."""

    subscription_id: str
    lifecycle_event: str
    tenant_id: str | None
    subscription_expiration: dt.datetime | None
    resource: str | None
    raw: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> LifecycleNotification:
        return cls(
            subscription_id=str(data.get("subscriptionId") or ""),
            lifecycle_event=str(data.get("lifecycleEvent") or ""),
            tenant_id=_text(data.get("tenantId")),
            subscription_expiration=_when(data.get("subscriptionExpirationDateTime")),
            resource=_text(data.get("resource")),
            raw=_without_state(data),
        )


def _without_state(data: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "clientState"}


class NotificationReceiver:
    """The notification URL's logic, for any web framework (see the module docstring).

    >>> receiver = NotificationReceiver(client_state=subscription.client_state)
    >>> @receiver.on_change
    ... def changed(notification): print(notification.change_type, notification.resource)
    >>> status, headers, body = receiver.handle("POST", query, headers, body)

    `client_state`: the clientState of the subscriptions this URL serves (one, or several).
    Without one the receiver makes one with `secrets`: pass `receiver.client_state` to
    `subscribe(...)`, so notifications that arrive right after the subscription is created
    are already trusted.
    """

    def __init__(self, client_state: str | Iterable[str] | None = None, *,
                 logger: logging.Logger | None = None) -> None:
        self._states: list[bytes] = []
        if client_state is None:
            import secrets

            client_state = secrets.token_urlsafe(32)
        if isinstance(client_state, str):
            self.accept(client_state)
        else:
            for state in client_state:
                self.accept(state)
        self._log = logger or log
        self._on_change: list[Callable[[ChangeNotification], Any]] = []
        self._on_lifecycle: list[tuple[str | None, Callable[[LifecycleNotification], Any]]] = []
        self.dropped = 0  # notifications refused because of their clientState

    def __repr__(self) -> str:  # never the states
        return f"NotificationReceiver({len(self._states)} client state(s))"

    @property
    def client_state(self) -> str:
        """The (first) clientState accepted: give it to `subscribe(client_state=...)`."""
        if not self._states:
            raise ValueError("this receiver accepts no client state yet; call accept()")
        return self._states[0].decode("utf-8")

    # -- configuration ---------------------------------------------------------------------
    def accept(self, client_state: str) -> None:
        """Also accept notifications carrying this clientState (another subscription's)."""
        if not isinstance(client_state, str) or not client_state:
            raise ValueError("a client state is a non-empty string")
        self._states.append(client_state.encode("utf-8"))

    def on_change(self, callback: C) -> C:
        """Call `callback(ChangeNotification)` for each verified change (usable as decorator)."""
        self._on_change.append(callback)
        return callback

    def on_lifecycle(self, callback: C, event: str | None = None) -> C:
        """Call `callback(LifecycleNotification)` for each verified lifecycle notification, or
        only for `event` (reauthorizationRequired, subscriptionRemoved, missed)."""
        if event is not None and event not in LIFECYCLE_EVENTS:
            raise ValueError(f"unknown lifecycle event {event!r}: Graph sends "
                             f"{', '.join(LIFECYCLE_EVENTS)}")
        self._on_lifecycle.append((event, callback))
        return callback

    def on_reauthorization_required(self, callback: C) -> C:
        return self.on_lifecycle(callback, "reauthorizationRequired")

    def on_subscription_removed(self, callback: C) -> C:
        return self.on_lifecycle(callback, "subscriptionRemoved")

    def on_missed(self, callback: C) -> C:
        return self.on_lifecycle(callback, "missed")

    # -- the endpoint ----------------------------------------------------------------------
    def handle(self, method: str, query: str | Mapping[str, Any], headers: Mapping[str, str],
               body: bytes | str) -> Reply:
        """Answer one request to the notification URL: (status, headers, body)."""
        if method.upper() != "POST":
            return 405, {"Allow": "POST", "Content-Type": "text/plain; charset=utf-8"}, b""
        token = _query_value(query, "validationToken")
        if token is not None:
            # Plain text and nosniff: the echoed token can never be read as HTML.
            return 200, {"Content-Type": "text/plain; charset=utf-8",
                         "X-Content-Type-Options": "nosniff"}, token.encode("utf-8")
        try:
            payload = json.loads(body or b"")
        except (ValueError, UnicodeDecodeError):
            return _plain(400, "the body is not JSON")
        items = payload.get("value") if isinstance(payload, dict) else None
        if not isinstance(items, list):
            return _plain(400, "expected Graph's {\"value\": [...]} notification collection")
        failed = False
        for item in items:
            if not isinstance(item, dict):
                continue
            if not self._trusted(item):
                self.dropped += 1
                self._log.warning("dropped a notification for subscription %r: its clientState "
                                  "does not match (not sent by Graph)",
                                  str(item.get("subscriptionId") or "?"))
                continue
            failed |= not self._dispatch(item)
        if failed:
            return _plain(500, "a callback failed; Graph will deliver again")
        return 202, {}, b""

    def _trusted(self, item: Mapping[str, Any]) -> bool:
        state = item.get("clientState")
        if not isinstance(state, str) or not self._states:
            return False
        given = state.encode("utf-8")
        found = False
        for accepted in self._states:  # every one compared: no early exit to time
            found |= hmac.compare_digest(given, accepted)
        return found

    def _dispatch(self, item: Mapping[str, Any]) -> bool:
        """Run the callbacks for one verified notification; False if one raised."""
        ok = True
        if item.get("lifecycleEvent"):
            event = LifecycleNotification.from_api(item)
            targets: list[Callable[[Any], Any]] = [
                callback for wanted, callback in self._on_lifecycle
                if wanted is None or wanted == event.lifecycle_event]
            notification: Any = event
        else:
            notification = ChangeNotification.from_api(item)
            targets = list(self._on_change)
        for callback in targets:
            try:
                callback(notification)
            except Exception:  # a callback's failure must not lose the others' notifications
                self._log.exception("a notification callback failed for subscription %r",
                                    notification.subscription_id)
                ok = False
        return ok

    # -- adapters ----------------------------------------------------------------------------
    def wsgi_app(self, environ: Mapping[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        """The receiver as a WSGI application (mount it at the notification URL's path)."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            status, headers, body = _plain(413, "body too large")
        else:
            data = environ["wsgi.input"].read(length) if length else b""
            headers_in = {key[5:].replace("_", "-").lower(): str(value)
                          for key, value in environ.items() if key.startswith("HTTP_")}
            status, headers, body = self.handle(str(environ.get("REQUEST_METHOD", "GET")),
                                                str(environ.get("QUERY_STRING", "")),
                                                headers_in, data)
        start_response(f"{status} {_REASONS.get(status, '')}".strip(),
                       [*headers.items(), ("Content-Length", str(len(body)))])
        return [body]

    async def asgi_app(self, scope: Mapping[str, Any], receive: Callable[[], Any],
                       send: Callable[[Mapping[str, Any]], Any]) -> None:
        """The receiver as an ASGI application (HTTP only)."""
        if scope.get("type") != "http":
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size <= MAX_BODY:
                chunks.append(chunk)
            more = bool(message.get("more_body"))
        if size > MAX_BODY:
            status, headers, body = _plain(413, "body too large")
        else:
            raw_headers = scope.get("headers") or []
            headers_in = {bytes(k).decode("latin-1").lower(): bytes(v).decode("latin-1")
                          for k, v in raw_headers}
            query = bytes(scope.get("query_string") or b"").decode("latin-1")
            status, headers, body = self.handle(str(scope.get("method", "GET")), query,
                                                headers_in, b"".join(chunks))
        await send({"type": "http.response.start", "status": status,
                    "headers": [(k.lower().encode("latin-1"), v.encode("latin-1"))
                                for k, v in [*headers.items(), ("Content-Length", str(len(body)))]]})
        await send({"type": "http.response.body", "body": body})

    def http_handler(self) -> type[Any]:
        """A `http.server.BaseHTTPRequestHandler` class serving this receiver at every path."""
        from http.server import BaseHTTPRequestHandler

        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                self._answer()

            def do_GET(self) -> None:  # noqa: N802
                self._answer()

            def _answer(self) -> None:
                path, _, query = self.path.partition("?")
                try:
                    length = int(self.headers.get("Content-Length") or 0)
                except ValueError:
                    length = -1
                if length < 0 or length > MAX_BODY:
                    status, headers, body = _plain(413, "body too large")
                    self.close_connection = True
                else:
                    data = self.rfile.read(length) if length else b""
                    status, headers, body = receiver.handle(
                        self.command, query, {k.lower(): v for k, v in self.headers.items()}, data)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet: request lines would carry validation tokens."""

        return Handler


def _query_value(query: str | Mapping[str, Any], name: str) -> str | None:
    """A query parameter, URL-decoded (Graph sends the token encoded; it must come back plain)."""
    if isinstance(query, str):
        values: Any = parse_qs(query.lstrip("?"), keep_blank_values=True).get(name)
    else:
        values = query.get(name)
    if values is None:
        return None
    if isinstance(values, (list, tuple)):
        return str(values[0]) if values else None
    return str(values)


def _plain(status: int, text: str) -> Reply:
    return status, {"Content-Type": "text/plain; charset=utf-8"}, text.encode("utf-8")


_REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 405: "Method Not Allowed",
            413: "Content Too Large", 500: "Internal Server Error"}
