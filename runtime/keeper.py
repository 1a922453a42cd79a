"""Keeping change-notification subscriptions alive: renew before expiry, recreate when removed.

Graph deletes a subscription at its expirationDateTime unless it is renewed, may remove one
early (a ``subscriptionRemoved`` lifecycle notification) and asks for reauthorization
(``reauthorizationRequired``, answered by a renewal) (GRAPH_FACTS §10; G: concepts/change-
notifications-lifecycle-events.md). `SubscriptionKeeper` does the bookkeeping:

- `tick()` is one pass: each kept subscription whose expiry is near (`renew_before`), or that
  Graph asked to reauthorize, is renewed (to its resource's maximum, or by `minutes`); each one
  Graph removed (a lifecycle notification, or a 404 on renewal) is created again with the same
  resource, change types, URLs and client state. Call it from any scheduler;
- `start(interval)` runs a daemon thread that calls it every `interval` seconds, and at once
  when a lifecycle notification flags a subscription;
- `watch(receiver)` routes a `NotificationReceiver`'s lifecycle notifications here.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, cast

from .errors import NotFoundError
from .subscriptions import limits_for, recreate
from .timezones import parse_datetime

if TYPE_CHECKING:
    from .notifications import LifecycleNotification, NotificationReceiver
    from .resource import Resource

__all__ = ["SubscriptionKeeper", "TickReport"]

log = logging.getLogger(__name__)

MAX_RENEW_BEFORE = dt.timedelta(days=1)
UNKNOWN_RENEW_BEFORE = dt.timedelta(minutes=15)  # a resource of unknown maximum lifetime


class _Renewable(Protocol):
    """A subscription: the spec's `renew` operation (kind renew) is what the keeper calls."""

    def renew(self, minutes: int | None = None) -> Any: ...


@dataclass
class TickReport:
    """What one `tick()` did."""

    renewed: list[Any] = field(default_factory=list)
    recreated: list[tuple[Any, Any]] = field(default_factory=list)  # (removed, new)
    failed: list[tuple[Any, Exception]] = field(default_factory=list)


class SubscriptionKeeper:
    """Renews and recreates the subscriptions it keeps (see the module docstring).

    `renew_before`: renew once less than this is left (default: a quarter of the resource's
    maximum lifetime, at most one day; 15 minutes when the maximum is unknown). `minutes`: how
    long a renewal lasts (default: the maximum). `on_recreated(old, new)` hears of new ids;
    `on_error(subscription, error)` of failures, which are tried again on the next tick.
    """

    def __init__(self, subscriptions: Iterable[Resource] = (), *,
                 renew_before: dt.timedelta | None = None, minutes: int | None = None,
                 on_recreated: Callable[[Any, Any], Any] | None = None,
                 on_error: Callable[[Any, Exception], Any] | None = None,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.renew_before = renew_before
        self.minutes = minutes
        self.on_recreated = on_recreated
        self.on_error = on_error
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self._lock = threading.Lock()
        self._kept: dict[str, Resource] = {}
        self._flags: dict[str, str] = {}  # id -> "renew" | "recreate"
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        for subscription in subscriptions:
            self.keep(subscription)

    def __repr__(self) -> str:
        return f"SubscriptionKeeper({len(self._kept)} subscription(s))"

    # -- what is kept ------------------------------------------------------------------------
    def keep(self, subscription: Resource) -> Resource:
        """Keep `subscription` alive from now on; returns it."""
        key = subscription.object_id
        if not key:
            raise ValueError("keep a created subscription (it has no id yet)")
        with self._lock:
            self._kept[key] = subscription
        return subscription

    def forget(self, subscription: Resource | str) -> None:
        """Stop keeping a subscription (it is not deleted)."""
        key = subscription if isinstance(subscription, str) else subscription.object_id
        with self._lock:
            self._kept.pop(str(key), None)
            self._flags.pop(str(key), None)

    @property
    def subscriptions(self) -> list[Resource]:
        with self._lock:
            return list(self._kept.values())

    # -- lifecycle notifications -------------------------------------------------------------
    def watch(self, receiver: NotificationReceiver) -> None:
        """Act on `receiver`'s lifecycle notifications for the subscriptions kept here."""
        receiver.on_lifecycle(self.handle_lifecycle)

    def handle_lifecycle(self, notification: LifecycleNotification) -> None:
        """Flag the subscription: renewal for reauthorizationRequired, recreation for
        subscriptionRemoved (the work happens in the next tick, not in the request)."""
        action = {"reauthorizationRequired": "renew",
                  "subscriptionRemoved": "recreate"}.get(notification.lifecycle_event)
        with self._lock:
            if action is None or notification.subscription_id not in self._kept:
                return
            if self._flags.get(notification.subscription_id) != "recreate":
                self._flags[notification.subscription_id] = action
        self._wake.set()

    # -- the work --------------------------------------------------------------------------
    def tick(self) -> TickReport:
        """Renew what expires soon or was flagged, recreate what Graph removed."""
        report = TickReport()
        now = self._clock()
        with self._lock:
            work = [(key, sub, self._flags.pop(key, None)) for key, sub in self._kept.items()]
        for key, subscription, flag in work:
            try:
                if flag == "recreate":
                    self._recreate(key, subscription, report)
                elif flag == "renew" or self._due(subscription, now):
                    self._renew(key, subscription, report)
            except Exception as exc:  # kept, and tried again next tick
                log.warning("could not keep subscription %s alive: %s", key, exc)
                report.failed.append((subscription, exc))
                if flag is not None:
                    with self._lock:
                        self._flags.setdefault(key, flag)
                if self.on_error is not None:
                    self.on_error(subscription, exc)
        return report

    def _due(self, subscription: Resource, now: dt.datetime) -> bool:
        expires = _expiry(subscription)
        return expires is None or expires - now <= self._renew_before(subscription)

    def _renew_before(self, subscription: Resource) -> dt.timedelta:
        if self.renew_before is not None:
            return self.renew_before
        limits = limits_for(str(subscription.raw.get("resource") or ""))
        if limits is None or limits.max_lifetime is None:
            return UNKNOWN_RENEW_BEFORE
        return min(dt.timedelta(minutes=limits.max_lifetime) / 4, MAX_RENEW_BEFORE)

    def _renew(self, key: str, subscription: Resource, report: TickReport) -> None:
        try:
            cast(_Renewable, subscription).renew(self.minutes)
        except NotFoundError:  # Graph removed it (expired, or subscriptionRemoved unseen)
            self._recreate(key, subscription, report)
            return
        report.renewed.append(subscription)

    def _recreate(self, key: str, subscription: Resource, report: TickReport) -> None:
        made = recreate(subscription)
        with self._lock:
            self._kept.pop(key, None)
            self._kept[str(made.object_id)] = made
        report.recreated.append((subscription, made))
        if self.on_recreated is not None:
            self.on_recreated(subscription, made)

    # -- the thread ------------------------------------------------------------------------
    def start(self, interval: float = 60.0) -> SubscriptionKeeper:
        """Call `tick()` every `interval` seconds in a daemon thread (and when flagged)."""
        if interval <= 0:
            raise ValueError("interval must be a positive number of seconds")
        if self._thread is not None:
            raise RuntimeError("this keeper is already running")
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True,
                                        name="subscription-keeper")
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        thread, self._thread = self._thread, None
        self._stopping.set()
        self._wake.set()
        if thread is not None:
            thread.join(timeout)

    def _run(self, interval: float) -> None:
        while not self._stopping.is_set():
            try:
                self.tick()
            except Exception:  # never let the thread die: the next tick tries again
                log.exception("subscription keeper tick failed")
            self._wake.wait(interval)
            self._wake.clear()

    def __enter__(self) -> SubscriptionKeeper:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _expiry(subscription: Resource) -> dt.datetime | None:
    value = subscription.raw.get("expirationDateTime")
    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None
