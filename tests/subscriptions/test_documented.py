"""The subscription API against Microsoft's documented examples (cassettes).

Each cassette in tests/subscriptions/cassettes/ names its source page (microsoftgraph/
microsoft-graph-docs-contrib, api-reference/v1.0/api/subscription-*.md); make_cassettes.py
builds them from docs_examples/. The matcher checks method, path and query of every request;
bodies with a computed expiry are compared here with the documented request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365.subscriptions.subscription import Subscription
from generated.o365.subscriptions.subscriptions import Subscriptions
from tests.mail.conftest import Sent
from tests.subscriptions.make_cassettes import documented

ID = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07"


@pytest.fixture
def subscriptions(graph_con: Connection) -> Subscriptions:
    return Subscriptions(graph_con, "me")


def minutes_ahead(value: str) -> float:
    when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (when - dt.datetime.now(dt.timezone.utc)).total_seconds() / 60


def test_create(subscriptions: Subscriptions, docs_cassette: Any, sent: Sent) -> None:
    asked = documented("subscription-post-subscriptions")["request"]["body"]
    with docs_cassette("create"):
        subscription = subscriptions.create(
            asked["notificationUrl"], asked["resource"], asked["changeType"],
            client_state=asked["clientState"],
            latest_supported_tls_version=asked["latestSupportedTlsVersion"])
    ((method, _, body),) = sent.requests
    assert method == "POST"
    # The documented request, but for its expiry (2016): ours is the maximum for messages.
    assert {k: v for k, v in body.items() if k != "expirationDateTime"} == \
        {k: v for k, v in asked.items() if k != "expirationDateTime"}
    assert 10080 - 2 < minutes_ahead(body["expirationDateTime"]) <= 10080
    assert isinstance(subscription, Subscription)
    assert subscription.object_id == ID
    assert subscription.resource == "me/mailFolders('Inbox')/messages"
    assert subscription.change_type == "created"
    assert subscription.client_state == "secretClientValue"
    assert subscription.application_id == "24d3b144-21ae-4080-943f-7067b395b913"
    assert subscription.expiration_date_time == dt.datetime(2016, 11, 20, 18, 23, 45, 935691,
                                                            tzinfo=dt.timezone.utc)
    assert "secretClientValue" not in repr(subscription)


def test_create_subscription_returns_graphs_json(subscriptions: Subscriptions,
                                                 docs_cassette: Any, sent: Sent) -> None:
    """python-o365's create_subscription: the same request, the documented JSON back."""
    response = documented("subscription-post-subscriptions")["response"]
    with docs_cassette("create"):
        result = subscriptions.create_subscription(
            notification_url="https://webhook.azurewebsites.net/api/send/myNotifyClient",
            resource="me/mailFolders('Inbox')/messages", change_type="created",
            expiration_minutes=60, client_state="secretClientValue")
    assert result == response
    ((_, _, body),) = sent.requests
    assert 58 < minutes_ahead(body["expirationDateTime"]) <= 60


def test_get(subscriptions: Subscriptions, docs_cassette: Any) -> None:
    with docs_cassette("get"):
        subscription = subscriptions.get(ID)
    assert subscription.resource == "me/messages"
    assert subscription.change_type == "created,updated"
    assert subscription.lifecycle_notification_url == \
        "https://webhook.azurewebsites.net/api/send/lifecycleNotifications"
    assert subscription.include_resource_data is False


def test_get_subscription_returns_graphs_json(subscriptions: Subscriptions,
                                              docs_cassette: Any) -> None:
    with docs_cassette("get"):
        assert subscriptions.get_subscription(ID) == documented("subscription-get")["response"]


def test_list(subscriptions: Subscriptions, docs_cassette: Any) -> None:
    with docs_cassette("list"):
        (found,) = list(subscriptions.get_subscriptions())
    assert found.object_id == "0fc0d6db-0073-42e5-a186-853da75fb308"
    assert found.resource == "Users"
    assert found.change_type == "updated,deleted"
    assert found.client_state is None  # "not returned for security purposes"


def test_list_subscriptions_returns_graphs_json(subscriptions: Subscriptions,
                                                docs_cassette: Any) -> None:
    with docs_cassette("list"):
        found = list(subscriptions.list_subscriptions(limit=5))
    assert found == documented("subscription-list")["response"]["value"]


def test_renew_to_the_maximum(subscriptions: Subscriptions, docs_cassette: Any, sent: Sent) -> None:
    with docs_cassette("get_and_renew"):
        subscription = subscriptions.get(ID)
        assert subscription.renew() is subscription
    (_, (method, _, body)) = sent.requests
    assert method == "PATCH" and list(body) == ["expirationDateTime"]
    assert 10080 - 2 < minutes_ahead(body["expirationDateTime"]) <= 10080  # me/messages' maximum
    assert subscription.expiration_date_time == dt.datetime(2016, 11, 22, 18, 23, 45, 935691,
                                                            tzinfo=dt.timezone.utc)
    assert subscription.client_state == "subscription-identifier"


def test_renew_by_minutes(subscriptions: Subscriptions, docs_cassette: Any, sent: Sent) -> None:
    with docs_cassette("get_and_renew"):
        subscriptions.get(ID).renew(minutes=90)
    (_, (_, _, body)) = sent.requests
    assert 88 < minutes_ahead(body["expirationDateTime"]) <= 90


def test_renew_subscription_by_id(subscriptions: Subscriptions, docs_cassette: Any,
                                  sent: Sent) -> None:
    """python-o365's renew_subscription and update_subscription (the same method)."""
    with docs_cassette("renew_by_id"):
        result = subscriptions.renew_subscription(ID, expiration_minutes=120)
    assert result == documented("subscription-update")["response"]
    ((_, _, body),) = sent.requests
    assert 118 < minutes_ahead(body["expirationDateTime"]) <= 120
    assert Subscriptions.update_subscription is Subscriptions.renew_subscription


def test_reauthorize(subscriptions: Subscriptions, docs_cassette: Any, sent: Sent) -> None:
    with docs_cassette("get_and_reauthorize"):
        assert subscriptions.get(ID).reauthorize() is None
    assert [(m, u.rsplit("/", 1)[-1]) for m, u, _ in sent.requests] == [("GET", ID),
                                                                      ("POST", "reauthorize")]


@pytest.mark.parametrize("call", ["delete", "delete_subscription"])
def test_delete(subscriptions: Subscriptions, docs_cassette: Any, call: str) -> None:
    with docs_cassette("delete"):
        assert getattr(subscriptions, call)(ID) is True
