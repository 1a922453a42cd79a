"""NotificationReceiver on Microsoft's documented payloads (G: concepts/change-notifications-
delivery-webhooks.md, concepts/change-notifications-lifecycle-events.md; docs_examples/), and
its WSGI, ASGI and http.server adapters."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import logging
import threading
import urllib.request
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

import pytest

from generated.o365 import ChangeNotification, LifecycleNotification, NotificationReceiver
from tests.subscriptions.make_cassettes import documented

TOKEN = "Validation: Testing client application reachability for subscription Request-Id: 1"


def change_payload(state: str = "secretClientValue") -> bytes:
    payload = documented("change-notification")["payload"]
    payload["value"][0]["clientState"] = state
    return json.dumps(payload).encode()


def lifecycle_payload(event: str, state: str = "<secretClientState>") -> bytes:
    payload = documented("lifecycle-notification")["payload"]
    payload["value"][0].update(lifecycleEvent=event, clientState=state)  # the doc lists all three
    return json.dumps(payload).encode()


def test_the_validation_handshake_echoes_the_decoded_token_as_plain_text() -> None:
    receiver = NotificationReceiver("secretClientValue")
    status, headers, body = receiver.handle("POST", "validationToken=" + quote(TOKEN), {}, b"")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body.decode() == TOKEN  # URL-decoded: an encoded token fails Graph's check
    status, _, body = receiver.handle("POST", {"validationToken": [TOKEN]}, {}, b"")
    assert (status, body.decode()) == (200, TOKEN)


def test_a_documented_change_notification_becomes_a_typed_object() -> None:
    receiver = NotificationReceiver("secretClientValue")
    seen: list[ChangeNotification] = []
    receiver.on_change(seen.append)
    status, _, body = receiver.handle("POST", "", {"content-type": "application/json"},
                                      change_payload())
    assert (status, body) == (202, b"")
    (notification,) = seen
    assert notification.subscription_id == "{subscription_guid}"
    assert notification.change_type == "created"
    assert notification.resource == "users/{user_guid}@{tenant_guid}/messages/{long_id_string}"
    assert notification.tenant_id == "84bd8158-6d4d-4958-8b9f-9d6445542f95"
    assert notification.id == "lsgTZMr9KwAAA"
    assert notification.subscription_expiration == dt.datetime(2016, 3, 19, 22, 11, 9, 952000,
                                                               tzinfo=dt.timezone.utc)
    assert notification.resource_data is not None
    assert notification.resource_data.id == "{long_id_string}"
    assert notification.resource_data.odata_type == "#Microsoft.Graph.Message"
    assert notification.resource_data.etag == 'W/"CQAAABYAAADkrWGo7bouTKlsgTZMr9KwAAAUWRHf"'
    assert "clientState" not in notification.raw and "secretClientValue" not in repr(notification)


def test_a_wrong_client_state_is_dropped_and_logged_without_it(
        caplog: pytest.LogCaptureFixture) -> None:
    receiver = NotificationReceiver("secretClientValue")
    seen: list[Any] = []
    receiver.on_change(seen.append)
    with caplog.at_level(logging.WARNING, logger="generated.o365._runtime.notifications"):
        for forged in (change_payload("guessed-state"), change_payload("")):
            status, _, _ = receiver.handle("POST", "", {}, forged)
            assert status == 202  # a forger learns nothing
        missing = json.loads(change_payload())
        del missing["value"][0]["clientState"]
        receiver.handle("POST", "", {}, json.dumps(missing).encode())
    assert seen == [] and receiver.dropped == 3
    assert "{subscription_guid}" in caplog.text and "does not match" in caplog.text
    assert "guessed-state" not in caplog.text and "secretClientValue" not in caplog.text


def test_several_client_states_and_one_made_with_secrets() -> None:
    made = NotificationReceiver()
    assert len(made.client_state) >= 40 and made.client_state not in repr(made)
    receiver = NotificationReceiver(["first", "secretClientValue"])
    seen: list[Any] = []
    receiver.on_change(seen.append)
    receiver.handle("POST", "", {}, change_payload())
    receiver.accept("third")
    receiver.handle("POST", "", {}, change_payload("third"))
    assert len(seen) == 2 and receiver.client_state == "first"


@pytest.mark.parametrize("event", ["reauthorizationRequired", "subscriptionRemoved", "missed"])
def test_lifecycle_notifications_reach_their_callbacks(event: str) -> None:
    receiver = NotificationReceiver("<secretClientState>")
    specific: list[LifecycleNotification] = []
    every: list[LifecycleNotification] = []
    changes: list[Any] = []
    register = {"reauthorizationRequired": receiver.on_reauthorization_required,
                "subscriptionRemoved": receiver.on_subscription_removed,
                "missed": receiver.on_missed}
    register[event](specific.append)
    for other, add in register.items():
        if other != event:
            add(lambda n, other=other: pytest.fail(f"{other} callback called for {n}"))
    receiver.on_lifecycle(every.append)
    receiver.on_change(changes.append)
    assert receiver.handle("POST", "", {}, lifecycle_payload(event))[0] == 202
    assert specific == every and changes == []
    (notification,) = specific
    assert notification.lifecycle_event == event
    assert notification.subscription_id == "<subscription_guid>"
    assert notification.subscription_expiration == dt.datetime(2019, 3, 20, 11, 0,
                                                               tzinfo=dt.timezone.utc)
    with pytest.raises(ValueError, match="unknown lifecycle event"):
        receiver.on_lifecycle(every.append, "renamed")


def test_a_failing_callback_asks_graph_to_deliver_again(caplog: pytest.LogCaptureFixture) -> None:
    receiver = NotificationReceiver("secretClientValue")
    seen: list[Any] = []

    @receiver.on_change
    def broken(notification: ChangeNotification) -> None:
        raise RuntimeError("database down")

    receiver.on_change(seen.append)  # the other callbacks still run
    with caplog.at_level(logging.ERROR, logger="generated.o365._runtime.notifications"):
        status, _, _ = receiver.handle("POST", "", {}, change_payload())
    assert status == 500 and len(seen) == 1 and "database down" in caplog.text


def test_what_is_not_a_notification() -> None:
    receiver = NotificationReceiver("secretClientValue")
    assert receiver.handle("GET", "", {}, b"")[0] == 405
    assert receiver.handle("POST", "", {}, b"not json")[0] == 400
    assert receiver.handle("POST", "", {}, b'{"items": []}')[0] == 400


def test_the_wsgi_adapter() -> None:
    receiver = NotificationReceiver("secretClientValue")
    seen: list[Any] = []
    receiver.on_change(seen.append)
    started: list[Any] = []

    def call(method: str, query: str, body: bytes) -> tuple[str, bytes]:
        environ = {"REQUEST_METHOD": method, "QUERY_STRING": query,
                   "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
                   "HTTP_CONTENT_TYPE": "application/json"}
        out = b"".join(receiver.wsgi_app(environ, lambda status, headers: started.append(
            (status, dict(headers)))))
        return started[-1][0], out

    assert call("POST", "validationToken=" + quote(TOKEN), b"") == ("200 OK", TOKEN.encode())
    assert started[-1][1]["Content-Type"].startswith("text/plain")
    assert call("POST", "", change_payload())[0] == "202 Accepted" and len(seen) == 1


def test_the_asgi_adapter() -> None:
    receiver = NotificationReceiver("secretClientValue")
    seen: list[Any] = []
    receiver.on_change(seen.append)

    async def call(query: bytes, body: bytes) -> list[dict[str, Any]]:
        parts = [{"type": "http.request", "body": body[:10], "more_body": True},
                 {"type": "http.request", "body": body[10:], "more_body": False}]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return parts.pop(0)

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "query_string": query,
                 "headers": [(b"content-type", b"application/json")]}
        await receiver.asgi_app(scope, receive, send)
        return sent

    start, body = asyncio.run(call(b"validationToken=" + quote(TOKEN).encode(), b""))
    assert start["status"] == 200 and body["body"] == TOKEN.encode()
    start, _ = asyncio.run(call(b"", change_payload()))
    assert start["status"] == 202 and len(seen) == 1


def test_the_http_server_adapter_over_a_socket() -> None:
    receiver = NotificationReceiver("secretClientValue")
    seen: list[Any] = []
    receiver.on_change(seen.append)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), receiver.http_handler())
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/graph/notify"
    try:
        request = urllib.request.Request(url + "?validationToken=" + quote(TOKEN), data=b"",
                                         method="POST")
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200 and answer.read().decode() == TOKEN
        request = urllib.request.Request(url, data=change_payload(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 202
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert len(seen) == 1
