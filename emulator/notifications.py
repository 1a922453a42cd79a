"""Change notifications in the emulator: subscriptions that deliver, as Graph's do.

Generic server logic, the same for every resource (GRAPH_FACTS §10; G: concepts/change-
notifications-delivery-webhooks.md, concepts/change-notifications-lifecycle-events.md):

- Every store write (`Store.watch`) made while a Graph request runs is collected; when the
  request is done the changes are coalesced per entity (created then updated: created;
  created then deleted: nothing) and matched against the live subscriptions. A subscription's
  resource path is resolved with the routes the specs define: a collection covers its members
  (by scope, owner field or parent link), an entity covers itself and, when its resource has
  `context_from` keys, the entities in the same context (a drive root: the drive's items).
- A change of a type the subscription asked for becomes a notification POSTed to its
  notificationUrl, with its clientState. Only URLs on this machine (loopback hosts) are ever
  called. A delivery that fails (no 2xx, no answer) is retried after `RETRY_DELAYS`; after the
  last try it is given up and, with a lifecycleNotificationUrl, a ``missed`` lifecycle
  notification goes there (Graph retries for 4 hours; the emulator for seconds).
- `validate(url)` is the creation handshake: POST ``?validationToken=...`` (text/plain), which
  must come back, URL-decoded, as a 200 text/plain body within 10 seconds.
- Lifecycle notifications on demand (``POST /_emulator/subscriptions/{id}/lifecycle``), an
  expiry moved on demand (``PATCH /_emulator/subscriptions/{id}``), the delivery log
  (``GET /_emulator/notifications``). Expired subscriptions are deleted, as Graph deletes them;
  expiries are read on the service clock (`emulator.clock`), so moving it expires them.
"""

from __future__ import annotations

import datetime as dt
import heapq
import http.client
import itertools
import json
import logging
import ssl
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from generated.o365._generator.lifetime_table import lifetime_rules
from generated.o365._runtime.origin import is_loopback
from generated.o365._runtime.subscriptions import LimitsTable, normalized_resource
from generated.o365._runtime.timezones import format_datetime, parse_datetime

from .errors import GraphError
from .router import decode_path
from .store import Record, Tombstone

if TYPE_CHECKING:
    from .graph import GraphApp

__all__ = ["SUBSCRIPTION", "Notifier"]

log = logging.getLogger(__name__)

SUBSCRIPTION = "microsoft.graph.subscription"
RETRY_DELAYS = (0.05, 0.2, 0.5, 1.0, 2.0)  # seconds between tries; then the delivery is given up
HANDSHAKE_TIMEOUT = 10.0  # seconds Graph waits for the validation answer
DELIVERY_TIMEOUT = 3.0  # seconds Graph waits for a notification's 2xx
LOG_SIZE = 1000
Event = tuple[str, "Record | Tombstone"]
Response = tuple[int, dict[str, str], bytes]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def parse_time(value: Any) -> dt.datetime | None:
    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None


def graph_time(when: dt.datetime) -> str:
    return format_datetime(when)


def local_url(url: Any) -> bool:
    """http(s) to a loopback host: the only URLs the emulator calls."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and \
        is_loopback(parts.hostname or "") and "@" not in parts.netloc


@dataclass(frozen=True)
class Watch:
    """What a subscription's resource covers, resolved once from its path."""

    graph_types: frozenset[str]
    scope: str | None = None  # a collection: its scope
    owner_field: str | None = None  # ... its members' field naming the parent
    link: str | None = None  # ... or the link its parent lists them under
    parent_id: str | None = None
    entity_id: str | None = None  # an entity: itself
    context: tuple[tuple[str, Any], ...] = ()  # ... and the entities sharing these values

    @property
    def is_collection(self) -> bool:
        return self.entity_id is None

    def covers(self, entity: Record | Tombstone, store: Any) -> bool:
        if entity.graph_type not in self.graph_types:
            return False
        if self.entity_id is not None:
            return entity.id == self.entity_id or bool(self.context) and all(
                value_at(entity.data, path) == value for path, value in self.context)
        if entity.scope != self.scope:
            return False
        if self.owner_field is not None:
            return bool(entity.data.get(self.owner_field) == self.parent_id)
        if self.link is not None:
            if isinstance(entity, Tombstone):
                return (self.parent_id, self.link) in entity.parents
            return self.parent_id in store.parents(entity.id, self.link)
        return True


def value_at(data: Any, path: str) -> Any:
    for name in path.split("/"):
        data = data.get(name) if isinstance(data, dict) else None
    return data


@dataclass(order=True)
class Delivery:
    """One POST to a notification URL, and what became of it."""

    due: float
    number: int
    url: str = field(compare=False)
    payload: dict[str, Any] = field(compare=False)
    kind: str = field(compare=False)  # change | lifecycle
    subscription_ids: tuple[str, ...] = field(compare=False)
    statuses: list[int | str] = field(default_factory=list, compare=False)
    state: str = field(default="pending", compare=False)  # pending | delivered | given up | refused
    lifecycle_url: str | None = field(default=None, compare=False)  # for a `missed` on giving up

    def summary(self) -> dict[str, Any]:
        return {"number": self.number, "kind": self.kind, "url": self.url,
                "subscriptionIds": list(self.subscription_ids), "state": self.state,
                "attempts": len(self.statuses), "statuses": list(self.statuses),
                "notifications": [{k: v for k, v in item.items() if k != "clientState"}
                                  for item in self.payload.get("value", [])]}


class Notifier:
    """Subscriptions' deliveries for one emulator (see the module docstring)."""

    def __init__(self, app: GraphApp) -> None:
        self.app = app
        self.store = app.store
        # What may be subscribed to, for how long: the specs' subscribe operations.
        self.limits = LimitsTable(lifetime_rules(app.specset))
        self._local = threading.local()  # the request's pending changes
        self._watches: dict[str, tuple[int, Watch | None]] = {}  # id -> (version, watch)
        self._numbers = itertools.count(1)
        self._queue: list[Delivery] = []
        self._log: list[Delivery] = []
        self._cv = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def now(self) -> dt.datetime:
        """The service clock's time (`emulator.clock`: tests move it, expiries follow)."""
        return dt.datetime.fromtimestamp(self.app.clock.now(), dt.timezone.utc)

    def install(self) -> Notifier:
        self.app.notifications = self
        self.store.watch(self._changed)
        return self

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # ------------------------------------------------------------------ collecting changes
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Collect the store changes of one request; match them when it is done."""
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            self._local.events = []
            self.sweep()
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                events, self._local.events = self._local.events, None
                if events:
                    self.process(events)

    def _changed(self, change: str, entity: Record | Tombstone) -> None:
        if entity.graph_type == SUBSCRIPTION or self.store.count(SUBSCRIPTION) == 0:
            return
        pending = getattr(self._local, "events", None)
        if pending is not None:
            pending.append((change, entity))
        else:  # a write outside any request (a test seeding data): matched at once
            self.process([(change, entity)])

    # ------------------------------------------------------------------ matching
    def process(self, events: list[Event]) -> None:
        """Match coalesced changes against every live subscription and queue deliveries."""
        changes = coalesce(events)
        if not changes:
            return
        by_url: dict[str, list[dict[str, Any]]] = {}
        owners: dict[str, set[str]] = {}
        for subscription in self.live():
            watch = self.watch_of(subscription)
            if watch is None:
                continue
            wanted = set(str(subscription.data.get("changeType") or "").split(","))
            for change, entity in changes:
                if change in wanted and watch.covers(entity, self.store):
                    url = str(subscription.data.get("notificationUrl") or "")
                    by_url.setdefault(url, []).append(
                        self.notification(subscription, change, entity, watch))
                    owners.setdefault(url, set()).add(subscription.id)
        for url, items in by_url.items():
            self.enqueue(url, {"value": items}, "change", tuple(sorted(owners[url])))

    def live(self) -> list[Record]:
        return list(self.store.items(SUBSCRIPTION, ""))

    def sweep(self) -> None:
        """Delete the subscriptions past their expiry, as Graph does."""
        if self.store.count(SUBSCRIPTION) == 0:
            return
        now = self.now()
        for subscription in self.live():
            expires = parse_time(subscription.data.get("expirationDateTime"))
            if expires is not None and expires <= now:
                self.store.delete(subscription)

    def watch_of(self, subscription: Record) -> Watch | None:
        cached = self._watches.get(subscription.id)
        if cached is not None and cached[0] == subscription.version:
            return cached[1]
        try:
            watch = self.resolve(str(subscription.data.get("resource") or ""),
                                 subscription.data.get("creatorId"))
        except GraphError:
            watch = None
        self._watches[subscription.id] = (subscription.version, watch)
        return watch

    def resolve(self, resource: str, creator: Any) -> Watch | None:
        """What `resource` (a subscription's path) covers, or None when no route serves it.
        Raises GraphError when it names an entity that does not exist."""
        app = self.app
        path = decode_path(normalized_resource(resource))  # ids arrive percent-encoded
        head, _, rest = path.partition("/")
        if head.lower() == "me":
            if not creator:
                return None
            path = f"users/{creator}" + (f"/{rest}" if rest else "")
        found = app.router.match("GET", path)
        if found is None:
            return None
        route, params = found
        scope = app.scope_of(params)
        resource_spec = app.router.resource_for_type(route.graph_type)
        types = frozenset(app.router._family_types(resource_spec)) if resource_spec else \
            frozenset({route.graph_type})
        if route.kind == "collection":
            if route.parent_template in ("", "{resource}"):
                return Watch(types, scope=scope)  # `{resource}/events`, `users`: the whole scope
            parent = app.object_at(route.parent_template, params, scope)
            return Watch(types, scope=scope, owner_field=route.owner_field, link=route.link,
                         parent_id=parent.id if parent is not None else None)
        entity = app.object_at(route.template, params, scope)
        if entity is None:
            return None
        context = tuple((path_, value_at(entity.data, path_))
                        for _, path_ in (resource_spec.context_from if resource_spec else ()))
        if any(value is None for _, value in context):
            context = ()  # the entity says nothing of its context: it covers itself alone
        return Watch(types, entity_id=entity.id, context=context)

    def notification(self, subscription: Record, change: str, entity: Record | Tombstone,
                     watch: Watch) -> dict[str, Any]:
        """Graph's changeNotification for one change (G: concepts/change-notifications-
        delivery-webhooks.md, "Change notification example")."""
        if watch.is_collection:
            collection = self.app.router.collection_path(entity.graph_type) or \
                entity.graph_type.rsplit(".", 1)[-1] + "s"
            resource = "/".join(p for p in (entity.scope, collection, entity.id) if p)
        else:
            resource = str(subscription.data.get("resource") or "")
        name = entity.graph_type.rsplit(".", 1)[-1]
        data: dict[str, Any] = {"@odata.type": f"#Microsoft.Graph.{name[:1].upper()}{name[1:]}",
                                "@odata.id": resource, "id": entity.id}
        if isinstance(entity, Record):
            data["@odata.etag"] = entity.etag
        return {
            "id": uuid.uuid4().hex,
            "subscriptionId": subscription.id,
            "subscriptionExpirationDateTime": subscription.data.get("expirationDateTime"),
            "changeType": change,
            "resource": resource,
            "resourceData": data,
            "clientState": subscription.data.get("clientState"),
            "tenantId": self.app.identity.tenant_id,
        }

    # ------------------------------------------------------------------ lifecycle
    def lifecycle(self, subscription: Record, event: str) -> Delivery:
        """Send a lifecycle notification now; `subscriptionRemoved` also removes it."""
        url = subscription.data.get("lifecycleNotificationUrl")
        if not url:
            raise GraphError(400, "InvalidRequest", "The subscription has no "
                             "lifecycleNotificationUrl: lifecycle notifications go nowhere.")
        payload = {"value": [{
            "subscriptionId": subscription.id,
            "subscriptionExpirationDateTime": subscription.data.get("expirationDateTime"),
            "tenantId": self.app.identity.tenant_id,
            "clientState": subscription.data.get("clientState"),
            "lifecycleEvent": event,
        }]}
        delivery = self.enqueue(str(url), payload, "lifecycle", (subscription.id,))
        if event == "subscriptionRemoved":
            self.store.delete(subscription)
        return delivery

    # ------------------------------------------------------------------ the handshake
    def validate(self, url: str) -> None:
        """Graph's notificationUrl validation: the token must come back as plain text."""
        token = f"Validation: Testing client application reachability for subscription " \
                f"Request-Id: {uuid.uuid4()}"
        failed = GraphError(400, "InvalidRequest", "Subscription validation request failed. "
                            "Notification endpoint must respond with 200 OK to validation "
                            "request.")
        if not local_url(url):
            raise failed
        separator = "&" if urlsplit(url).query else "?"
        try:
            status, headers, body = post(url + separator + "validationToken=" + quote(token, safe=""),
                                         b"", "text/plain; charset=utf-8", HANDSHAKE_TIMEOUT)
        except OSError:
            raise failed from None
        kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if status != 200 or kind != "text/plain" or body.decode("utf-8", "replace") != token:
            raise failed

    # ------------------------------------------------------------------ delivering
    def enqueue(self, url: str, payload: dict[str, Any], kind: str,
                subscription_ids: tuple[str, ...]) -> Delivery:
        lifecycle_url = None
        if kind == "change":
            for sub_id in subscription_ids:
                found = self.store.get(SUBSCRIPTION, sub_id)
                if found is not None and found.data.get("lifecycleNotificationUrl"):
                    lifecycle_url = str(found.data["lifecycleNotificationUrl"])
        delivery = Delivery(0.0, next(self._numbers), url, payload, kind, subscription_ids,
                            lifecycle_url=lifecycle_url)
        with self._cv:
            self._log.append(delivery)
            del self._log[:-LOG_SIZE]
            if not local_url(url):
                delivery.state = "refused"  # never a call off this machine
                return delivery
            heapq.heappush(self._queue, delivery)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="graph-notifications",
                                                daemon=True)
                self._thread.start()
            self._cv.notify_all()
        return delivery

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._closed and (not self._queue or self._queue[0].due > _clock()):
                    wait = self._queue[0].due - _clock() if self._queue else None
                    self._cv.wait(wait)
                if self._closed:
                    return
                delivery = heapq.heappop(self._queue)
            self._attempt(delivery)

    def _attempt(self, delivery: Delivery) -> None:
        body = json.dumps(delivery.payload).encode("utf-8")
        try:
            status, _, _ = post(delivery.url, body, "application/json; charset=utf-8",
                                DELIVERY_TIMEOUT)
        except OSError as exc:
            status = 0
            delivery.statuses.append(type(exc).__name__)
        else:
            delivery.statuses.append(status)
        if 200 <= status < 300:
            delivery.state = "delivered"
            return
        tries = len(delivery.statuses)
        if tries <= len(RETRY_DELAYS):
            with self._cv:
                delivery.due = _clock() + RETRY_DELAYS[tries - 1]
                heapq.heappush(self._queue, delivery)
                self._cv.notify_all()
            return
        delivery.state = "given up"
        log.info("emulator: gave up delivering notification %s to its URL after %d tries",
                 delivery.number, tries)
        if delivery.kind == "change" and delivery.lifecycle_url:
            for sub_id in delivery.subscription_ids:
                found = self.store.get(SUBSCRIPTION, sub_id)
                if found is not None and found.data.get("lifecycleNotificationUrl"):
                    self.lifecycle(found, "missed")

    def deliveries(self) -> list[Delivery]:
        with self._cv:
            return list(self._log)

    def idle(self) -> bool:
        """No delivery waiting or in flight (for tests that want to see none happened)."""
        with self._cv:
            return all(d.state != "pending" for d in self._log)

    # ------------------------------------------------------------------ /_emulator
    def control(self, method: str, parts: list[str], body: bytes) -> Response:
        """``/_emulator/subscriptions[/{id}[/lifecycle]]`` and ``/_emulator/notifications``."""
        what, rest = parts[0], parts[1:]
        if what == "notifications":
            if method == "DELETE":
                with self._cv:
                    self._log = [d for d in self._log if d.state == "pending"]
            elif method != "GET":
                return _reply(405, {"error": "use GET or DELETE"})
            return _reply(200, {"value": [d.summary() for d in self.deliveries()]})
        if not rest:
            if method != "GET":
                return _reply(405, {"error": "use GET"})
            return _reply(200, {"value": [{k: v for k, v in s.data.items() if k != "clientState"}
                                          for s in self.live()]})
        subscription = self.store.get(SUBSCRIPTION, rest[0])
        if subscription is None:
            return _reply(404, {"error": f"no subscription {rest[0]!r}"})
        try:
            changes = json.loads(body or b"{}")
        except ValueError:
            return _reply(400, {"error": "the body must be JSON"})
        if not isinstance(changes, dict):
            return _reply(400, {"error": "the body must be a JSON object"})
        if rest[1:] == ["lifecycle"] and method == "POST":
            event = changes.get("lifecycleEvent")
            if event not in ("reauthorizationRequired", "subscriptionRemoved", "missed"):
                return _reply(400, {"error": "lifecycleEvent must be reauthorizationRequired, "
                                             "subscriptionRemoved or missed"})
            try:
                delivery = self.lifecycle(subscription, event)
            except GraphError as err:
                return _reply(err.status, {"error": err.message})
            return _reply(202, delivery.summary())
        if not rest[1:] and method == "PATCH":
            # Move the expiry (no rule applies: this is the test's hand, not a client's).
            when = changes.get("expirationDateTime")
            if "expiresInSeconds" in changes:
                when = graph_time(self.now() + dt.timedelta(seconds=float(changes["expiresInSeconds"])))
            if parse_time(when) is None:
                return _reply(400, {"error": "give expirationDateTime or expiresInSeconds"})
            self.store.update(subscription, {"expirationDateTime": when})
            return _reply(200, {k: v for k, v in subscription.data.items() if k != "clientState"})
        return _reply(405, {"error": "PATCH /_emulator/subscriptions/{id} or POST "
                                     ".../{id}/lifecycle"})


def coalesce(events: list[Event]) -> list[Event]:
    """One change per entity, the net effect of a request's writes, in first-change order."""
    net: dict[str, Event] = {}
    for change, entity in events:
        before = net.get(entity.id)
        if before is None:
            net[entity.id] = (change, entity)
        elif before[0] == "created" and change == "deleted":
            net[entity.id] = ("gone", entity)  # never seen by anyone
        elif before[0] == "created" or (before[0] == "gone" and change != "created"):
            net[entity.id] = (before[0], entity)  # still a creation, with the latest data
        else:
            net[entity.id] = ("deleted" if change == "deleted" else "updated", entity)
    return [event for event in net.values() if event[0] != "gone"]


def post(url: str, body: bytes, content_type: str, timeout: float) -> tuple[int, dict[str, str], bytes]:
    """POST to a loopback URL (http, or https without certificate checks: it is this machine)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname or "127.0.0.1"
    if parts.scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=context)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        connection.close()


def _clock() -> float:
    import time

    return time.monotonic()


def _reply(status: int, payload: Any) -> Response:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()
