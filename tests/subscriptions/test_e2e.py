"""Change notifications end to end, over real sockets: the generated API against the emulator,
which validates, stores and delivers to the library's NotificationReceiver on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.request
from typing import Any

import pytest

from generated.o365 import (
    Account,
    LifecycleNotification,
    MemoryTokenBackend,
    MSGraphProtocol,
    SubscriptionKeeper,
)
from generated.o365._runtime.errors import GraphError, NotFoundError
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.seed import PASSWORD
from generated.o365.subscriptions.subscription import Subscription
from tests.subscriptions.conftest import ADELE, MEGAN, WAIT, LiveReceiver, settle
from tests.support.accounts import emulator_account


def control(server: EmulatorServer, method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.url + "_emulator/" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b"null")


def send_mail(server: EmulatorServer, to: str, subject: str) -> None:
    message = emulator_account(server, MEGAN).mailbox().new_message()
    message.to.add(to)
    message.subject = subject
    message.send()


def test_create_performs_the_handshake_against_a_live_receiver(
        adele: Account, live_receiver: LiveReceiver) -> None:
    inbox = adele.mailbox().inbox_folder()
    subscription = inbox.subscribe(live_receiver.url, client_state=live_receiver.client_state)
    (handshake,) = live_receiver.hits
    assert handshake.method == "POST" and handshake.query.startswith("validationToken=")
    assert handshake.headers["content-type"].startswith("text/plain")
    assert "authorization" not in handshake.headers  # the URL is the user's own: no token
    assert isinstance(subscription, Subscription) and subscription.object_id
    assert subscription.client_state == live_receiver.client_state
    assert subscription.application_id == "emulator-app"  # the token's app
    lifetime = subscription.expiration_date_time - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(minutes=10070) < lifetime <= dt.timedelta(minutes=10080)
    listed = [s.object_id for s in adele.subscriptions().get_subscriptions()]
    assert subscription.object_id in listed


def test_an_endpoint_that_does_not_answer_the_handshake_gets_no_subscription(
        adele: Account, live_receiver: LiveReceiver) -> None:
    from tests.support.server import Reply, ScriptServer

    with ScriptServer() as silent:
        silent.enqueue(Reply(200, body="not the token"))
        with pytest.raises(GraphError, match="validation request failed"):
            adele.mailbox().subscribe(silent.url("/hook"))
    with ScriptServer() as failing:
        failing.enqueue(Reply(500))
        with pytest.raises(GraphError, match="validation request failed"):
            adele.subscriptions().create(failing.url("/hook"), f"users/{ADELE}/events")
    assert [s.resource for s in adele.subscriptions().get_subscriptions()] == ["users"]  # seeded


def test_a_mail_to_the_user_gives_exactly_one_notification(
        server: EmulatorServer, adele: Account, live_receiver: LiveReceiver) -> None:
    mailbox = adele.mailbox()
    subscription = mailbox.inbox_folder().subscribe(live_receiver.url,
                                                     client_state=live_receiver.client_state)
    send_mail(server, ADELE, "Quarterly numbers")
    assert live_receiver.wait_for(lambda: bool(live_receiver.changes))
    settle(server)
    (raw,) = live_receiver.notifications()
    assert raw["clientState"] == subscription.client_state
    assert raw["subscriptionId"] == subscription.object_id
    (notification,) = live_receiver.changes
    assert notification.change_type == "created"
    assert notification.resource_data is not None
    message = mailbox.get_message(notification.resource_data.id)
    assert message.subject == "Quarterly numbers"
    assert notification.resource.endswith("/messages/" + message.object_id)
    fetched = adele.con.get(notification.resource).json()
    assert fetched["subject"] == "Quarterly numbers"
    assert live_receiver.dropped == 0


def test_changes_outside_the_subscribed_resource_are_not_notified(
        server: EmulatorServer, adele: Account, live_receiver: LiveReceiver) -> None:
    adele.mailbox().inbox_folder().subscribe(live_receiver.url,
                                             client_state=live_receiver.client_state)
    send_mail(server, "alex@contoso.onmicrosoft.com", "Not for Adele")  # another mailbox
    draft = adele.mailbox().new_message()  # Adele's Drafts, not her Inbox
    draft.subject = "draft"
    draft.save()
    settle(server)
    assert live_receiver.notifications() == []


def test_updates_and_deletes_when_asked_for(server: EmulatorServer, adele: Account,
                                            live_receiver: LiveReceiver) -> None:
    mailbox = adele.mailbox()
    mailbox.subscribe(live_receiver.url, "updated,deleted", client_state=live_receiver.client_state)
    draft = mailbox.new_message()
    draft.subject = "first"
    draft.save()  # created: not asked for
    draft.subject = "second"
    draft.save()
    draft.delete()
    assert live_receiver.wait_for(lambda: len(live_receiver.changes) >= 2)
    settle(server)
    assert [n.change_type for n in live_receiver.changes] == ["updated", "deleted"]
    assert {n.resource_data.id for n in live_receiver.changes} == {draft.object_id}


def test_a_forged_notification_with_the_wrong_client_state_is_dropped(
        server: EmulatorServer, adele: Account, live_receiver: LiveReceiver) -> None:
    subscription = adele.mailbox().inbox_folder().subscribe(
        live_receiver.url, client_state=live_receiver.client_state)
    forged = {"value": [{"subscriptionId": subscription.object_id, "changeType": "created",
                         "clientState": "not-the-secret", "resource": "users/x/messages/y",
                         "tenantId": server.tenant_id}]}
    request = urllib.request.Request(live_receiver.url, data=json.dumps(forged).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 202
    assert live_receiver.changes == [] and live_receiver.dropped == 1


def test_a_failed_delivery_is_tried_again(server: EmulatorServer, adele: Account,
                                          live_receiver: LiveReceiver) -> None:
    adele.mailbox().inbox_folder().subscribe(live_receiver.url,
                                             client_state=live_receiver.client_state)
    live_receiver.fail_next = 2
    send_mail(server, ADELE, "Retry me")
    assert live_receiver.wait_for(lambda: bool(live_receiver.changes))
    settle(server)
    (delivery,) = [d for d in control(server, "GET", "notifications")["value"]
                   if d["kind"] == "change"]
    assert delivery["statuses"] == [503, 503, 202] and delivery["state"] == "delivered"
    assert "clientState" not in json.dumps(delivery)
    assert len(live_receiver.changes) == 1


def test_reauthorization_required_reaches_its_callback(
        server: EmulatorServer, adele: Account, live_receiver: LiveReceiver) -> None:
    reauthorize: list[Any] = []
    live_receiver.on_reauthorization_required(reauthorize.append)
    subscription = adele.mailbox().subscribe(live_receiver.url,
                                             lifecycle_notification_url=live_receiver.url,
                                             client_state=live_receiver.client_state)
    assert len(live_receiver.hits) == 2  # both URLs validated
    control(server, "POST", f"subscriptions/{subscription.object_id}/lifecycle",
            {"lifecycleEvent": "reauthorizationRequired"})
    assert live_receiver.wait_for(lambda: bool(reauthorize))
    (event,) = reauthorize
    assert event.subscription_id == subscription.object_id
    assert event.lifecycle_event == "reauthorizationRequired"
    subscription.reauthorize()  # Graph's answer to it


def test_the_keeper_renews_what_graph_asks_to_reauthorize(
        server: EmulatorServer, adele: Account, live_receiver: LiveReceiver) -> None:
    subscription = adele.mailbox().subscribe(live_receiver.url,
                                             lifecycle_notification_url=live_receiver.url,
                                             client_state=live_receiver.client_state,
                                             expiration_minutes=600)
    keeper = SubscriptionKeeper([subscription], renew_before=dt.timedelta(minutes=5))
    keeper.watch(live_receiver)
    assert keeper.tick().renewed == []  # ten hours left, nothing asked
    control(server, "POST", f"subscriptions/{subscription.object_id}/lifecycle",
            {"lifecycleEvent": "reauthorizationRequired"})
    assert live_receiver.wait_for(lambda: bool(live_receiver.lifecycle))
    assert keeper.tick().renewed == [subscription]  # renewing reauthorizes
    lifetime = subscription.expiration_date_time - dt.datetime.now(dt.timezone.utc)
    assert lifetime > dt.timedelta(minutes=10070)  # to the maximum
    assert keeper.tick().renewed == []  # the flag is spent


def test_a_listed_subscription_cannot_be_recreated_without_its_client_state(
        adele: Account, live_receiver: LiveReceiver) -> None:
    adele.mailbox().subscribe(live_receiver.url, client_state=live_receiver.client_state)
    listed = [s for s in adele.subscriptions().get_subscriptions() if s.resource != "users"]
    keeper = SubscriptionKeeper(listed, on_error=lambda s, e: None)
    keeper.handle_lifecycle(LifecycleNotification(listed[0].object_id, "subscriptionRemoved",
                                                  None, None, None, {}))
    (failed,) = keeper.tick().failed
    assert "no clientState" in str(failed[1])


def test_the_keeper_renews_a_subscription_whose_expiry_is_near(
        server: EmulatorServer, adele: Account, live_receiver: LiveReceiver) -> None:
    subscription = adele.mailbox().inbox_folder().subscribe(
        live_receiver.url, client_state=live_receiver.client_state)
    keeper = SubscriptionKeeper([subscription])
    assert keeper.tick().renewed == []  # a week left: nothing to do
    control(server, "PATCH", f"subscriptions/{subscription.object_id}", {"expiresInSeconds": 120})
    subscription.refresh()
    assert subscription.expiration_date_time - dt.datetime.now(dt.timezone.utc) < \
        dt.timedelta(minutes=3)
    report = keeper.tick()
    assert report.renewed == [subscription] and report.failed == []
    renewed = adele.subscriptions().get(subscription.object_id).expiration_date_time
    assert renewed - dt.datetime.now(dt.timezone.utc) > dt.timedelta(minutes=10070)


def test_the_keeper_thread_recreates_a_removed_subscription(
        server: EmulatorServer, adele: Account, live_receiver: LiveReceiver) -> None:
    subscription = adele.mailbox().inbox_folder().subscribe(
        live_receiver.url, lifecycle_notification_url=live_receiver.url,
        client_state=live_receiver.client_state)
    recreated: list[tuple[Any, Any]] = []
    done = threading.Event()

    def on_recreated(old: Any, new: Any) -> None:
        recreated.append((old, new))
        done.set()

    keeper = SubscriptionKeeper([subscription], on_recreated=on_recreated)
    keeper.watch(live_receiver)
    with keeper.start(interval=3600):  # only a lifecycle notification wakes it
        control(server, "POST", f"subscriptions/{subscription.object_id}/lifecycle",
                {"lifecycleEvent": "subscriptionRemoved"})
        assert done.wait(WAIT)
    ((old, new),) = recreated
    assert old is subscription and new.object_id != subscription.object_id
    assert new.client_state == subscription.client_state and new.resource == subscription.resource
    with pytest.raises(NotFoundError):
        subscription.refresh()
    assert keeper.subscriptions == [new]
    send_mail(server, ADELE, "After the recreation")  # the new one delivers
    assert live_receiver.wait_for(lambda: bool(live_receiver.changes))
    assert live_receiver.changes[0].subscription_id == new.object_id


def test_the_keeper_recreates_one_that_expired(server: EmulatorServer, adele: Account,
                                               live_receiver: LiveReceiver) -> None:
    subscription = adele.mailbox().subscribe(live_receiver.url,
                                             client_state=live_receiver.client_state)
    control(server, "PATCH", f"subscriptions/{subscription.object_id}", {"expiresInSeconds": -1})
    # The local copy still says a week; a keeper renewing a week ahead finds it gone (404).
    report = SubscriptionKeeper([subscription], renew_before=dt.timedelta(days=8)).tick()
    ((old, new),) = report.recreated
    assert old is subscription and new.object_id != subscription.object_id


def test_a_drive_folder_notifies_updates_below_it(server: EmulatorServer, adele: Account,
                                                  live_receiver: LiveReceiver,
                                                  tmp_path: Any) -> None:
    root = adele.storage().get_default_drive().get_root_folder()
    subscription = root.subscribe(live_receiver.url, client_state=live_receiver.client_state)
    assert subscription.change_type == "updated"
    assert (subscription.expiration_date_time - dt.datetime.now(dt.timezone.utc)) > \
        dt.timedelta(days=29)
    report = tmp_path / "report.txt"
    report.write_text("numbers")
    root.upload_file(report)
    assert live_receiver.wait_for(lambda: bool(live_receiver.changes))
    assert all(n.change_type == "updated" for n in live_receiver.changes)


def test_events_of_a_schedule(server: EmulatorServer, adele: Account,
                              live_receiver: LiveReceiver) -> None:
    schedule = adele.schedule()
    schedule.subscribe(live_receiver.url, client_state=live_receiver.client_state)
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(days=1)
    event = schedule.new_event(subject="Planning")
    event.start, event.end = start, start + dt.timedelta(hours=1)
    event.save()
    assert live_receiver.wait_for(lambda: bool(live_receiver.changes))
    settle(server)
    (notification,) = live_receiver.changes
    assert notification.resource_data is not None
    assert notification.resource_data.id == event.object_id


def test_python_o365_calls_against_the_emulator(server: EmulatorServer,
                                                live_receiver: LiveReceiver) -> None:
    """python-o365's methods, signed in as a user (the documented resource says `me`)."""
    me = Account((server.public_client_id,), auth_flow_type="password",
                 tenant_id=server.tenant_id, token_backend=MemoryTokenBackend(),
                 protocol=MSGraphProtocol(protocol_url=server.url, timezone="UTC"),
                 authority_host=server.url.rstrip("/"))
    assert me.authenticate(username=ADELE, password=PASSWORD)
    subscriptions = me.subscriptions()
    created = subscriptions.create_subscription(
        notification_url=live_receiver.url, resource="/me/mailFolders('inbox')/messages",
        change_type="created", expiration_minutes=10069, client_state=live_receiver.client_state)
    assert isinstance(created, dict) and created["clientState"] == live_receiver.client_state
    listed = list(subscriptions.list_subscriptions())
    assert created["id"] in {s["id"] for s in listed}
    assert all(s["clientState"] is None for s in listed)  # not returned by a list
    assert subscriptions.get_subscription(created["id"])["resource"] == created["resource"]
    renewed = subscriptions.renew_subscription(created["id"], expiration_minutes=55)
    assert renewed["expirationDateTime"] != created["expirationDateTime"]
    assert subscriptions.delete_subscription(created["id"]) is True
    with pytest.raises(NotFoundError):
        subscriptions.get(created["id"])


def test_the_emulator_enforces_graphs_rules(server: EmulatorServer, adele: Account,
                                            live_receiver: LiveReceiver) -> None:
    """What a client that skips the library's checks gets back (raw requests)."""
    def post(body: dict[str, Any]) -> int:
        try:
            adele.con.post("subscriptions", json=body)
        except GraphError as err:
            return err.status
        return 201

    good = {"changeType": "created", "notificationUrl": live_receiver.url,
            "resource": f"users/{ADELE}/messages", "clientState": "abc",
            "expirationDateTime": (dt.datetime.now(dt.timezone.utc)
                                   + dt.timedelta(hours=2)).isoformat()}
    assert post(good) == 201
    too_long = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=10100)
    assert post({**good, "expirationDateTime": too_long.isoformat()}) == 400
    assert post({**good, "notificationUrl": "https://example.com/hook"}) == 400
    assert post({**good, "clientState": "x" * 129}) == 400
    assert post({**good, "changeType": "created,moved"}) == 400
    assert post({**good, "resource": "me/unknownThings"}) == 400
    soon = adele.con.post("subscriptions", json={
        **good, "expirationDateTime": (dt.datetime.now(dt.timezone.utc)
                                       + dt.timedelta(minutes=5)).isoformat()}).json()
    lifetime = dt.datetime.fromisoformat(soon["expirationDateTime"].replace("Z", "+00:00")) - \
        dt.datetime.now(dt.timezone.utc)
    assert lifetime > dt.timedelta(minutes=44)  # "under 45 minutes ... set to 45 minutes"
