"""Bad input gets a clear error before any request: each case plays a cassette and asserts
that nothing was sent (the matcher records every request that reaches it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import UnsafeURLError
from generated.o365.mail.mail_folder import MailFolder
from generated.o365.storage.drive import Drive
from generated.o365.subscriptions.subscriptions import Subscriptions
from tests.mail.conftest import Sent

URL = "https://webhook.azurewebsites.net/api/send/myNotifyClient"


@pytest.fixture
def subscriptions(graph_con: Connection) -> Subscriptions:
    return Subscriptions(graph_con, "me")


@pytest.fixture
def inbox(graph_con: Connection) -> MailFolder:
    folder = MailFolder._factory(graph_con, {"resource": "me"})({"id": "AAMkInbox="})
    assert isinstance(folder, MailFolder)
    return folder


def refused(docs_cassette: Any, sent: Sent, error: type[Exception], match: str) -> Any:
    """Run the call given to the returned function; it must raise before sending anything."""

    def run(call: Any) -> None:
        with docs_cassette("create"), pytest.raises(error, match=match):
            call()
        assert sent.requests == []

    return run


@pytest.mark.parametrize("url", ["http://webhook.example.com/notify",
                                 "http://10.0.0.5/notify", "ftp://127.0.0.1/x", "webhook/notify",
                                 "https://user@webhook.example.com/notify"])
def test_notification_url_must_be_https_or_loopback(subscriptions: Subscriptions,
                                                    docs_cassette: Any, sent: Sent,
                                                    url: str) -> None:
    refused(docs_cassette, sent, UnsafeURLError, "http|https|user info|URL")(
        lambda: subscriptions.create(url, "me/messages"))


def test_lifecycle_url_follows_the_same_rule(inbox: MailFolder, docs_cassette: Any,
                                             sent: Sent) -> None:
    refused(docs_cassette, sent, UnsafeURLError, "loopback")(
        lambda: inbox.subscribe(URL, lifecycle_notification_url="http://example.com/lifecycle"))


def test_expiration_beyond_the_resources_maximum_is_refused(inbox: MailFolder,
                                                            docs_cassette: Any, sent: Sent) -> None:
    refused(docs_cassette, sent, ValueError, "at most 10080 minutes")(
        lambda: inbox.subscribe(URL, expiration_minutes=10081))
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=8)
    refused(docs_cassette, sent, ValueError, "at most 10080 minutes")(
        lambda: inbox.subscribe(URL, expiration_datetime=later))


def test_a_raw_resource_string_gets_its_spec_limits(subscriptions: Subscriptions,
                                                    docs_cassette: Any, sent: Sent) -> None:
    """The documented resource spellings match the specs' templates (MailFolder.subscribe)."""
    for resource in ("/me/mailFolders('inbox')/messages", "users/adele@contoso.com/messages"):
        refused(docs_cassette, sent, ValueError, "at most 10080 minutes")(
            lambda resource=resource: subscriptions.create(URL, resource, expiration_minutes=20000))


def test_resource_data_has_a_shorter_maximum(inbox: MailFolder, docs_cassette: Any,
                                             sent: Sent) -> None:
    refused(docs_cassette, sent, ValueError, "with resource data lives at most 1440 minutes")(
        lambda: inbox.subscribe(URL, include_resource_data=True, encryption_certificate="MIIB",
                                expiration_minutes=2000))
    refused(docs_cassette, sent, ValueError, "needs encryption_certificate")(
        lambda: inbox.subscribe(URL, include_resource_data=True))


def test_client_state_over_128_characters_is_refused(inbox: MailFolder, docs_cassette: Any,
                                                     sent: Sent) -> None:
    refused(docs_cassette, sent, ValueError, "1 to 128 characters")(
        lambda: inbox.subscribe(URL, client_state="x" * 129))


@pytest.mark.parametrize("change_type", ["moved", "created,renamed", ["created", "read"], ""])
def test_unknown_change_type_is_refused(inbox: MailFolder, docs_cassette: Any, sent: Sent,
                                        change_type: Any) -> None:
    refused(docs_cassette, sent, ValueError, "change type|change_type is empty")(
        lambda: inbox.subscribe(URL, change_type))


def test_a_change_type_the_resource_does_not_take(graph_con: Connection, docs_cassette: Any,
                                                  sent: Sent) -> None:
    """Drive roots take only `updated` (G: resources/subscription.md, changeType)."""
    drive = Drive._factory(graph_con, {"resource": "me"})({"id": "b!drive"})
    refused(docs_cassette, sent, ValueError, "takes only change types updated")(
        lambda: drive.subscribe(URL, "created"))


def test_other_options_are_checked(inbox: MailFolder, docs_cassette: Any, sent: Sent) -> None:
    run = refused(docs_cassette, sent, ValueError, "not both|v1_0|positive|not in the future|replace")
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    run(lambda: inbox.subscribe(URL, expiration_minutes=60, expiration_datetime=soon))
    run(lambda: inbox.subscribe(URL, latest_supported_tls_version="v2"))
    run(lambda: inbox.subscribe(URL, expiration_minutes=0))
    run(lambda: inbox.subscribe(URL, expiration_datetime=dt.datetime(2020, 1, 1)))
    run(lambda: inbox.subscribe(URL, additional_data={"resource": "me/events"}))


def test_renew_beyond_the_maximum_is_refused(subscriptions: Subscriptions, docs_cassette: Any,
                                             sent: Sent) -> None:
    with docs_cassette("get_and_renew"):
        subscription = subscriptions.get("7f105c7d-2dc5-4530-97cd-4e7ae6534c07")  # me/messages
        with pytest.raises(ValueError, match="at most 10080 minutes"):
            subscription.renew(minutes=10081)
        with pytest.raises(ValueError, match="not both"):
            subscription.renew(minutes=10, expiration_minutes=10)
        with pytest.raises(UnsafeURLError):
            subscription.renew(notification_url="http://example.com/x")
        assert [m for m, _, _ in sent.requests] == ["GET"]  # nothing after the get
        subscription.renew(minutes=10080)  # the maximum itself is allowed
