"""python-o365's call shapes on objects built offline (no request): the generic mechanisms
the specs switch on (aliases, nested names, autocreate, coercion, rules, enum member names,
retired values), the fluent query and python-o365's keyword arguments.

The documentation examples (test_examples.py) run these against the emulator; these tests
pin each mechanism down on its own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol, OutlookCategory
from generated.o365._runtime.compat import o365_keywords
from generated.o365._runtime.errors import RetiredValueError
from generated.o365._runtime.query_fluent import FluentQuery
from generated.o365.calendar import EventRecurrence
from generated.o365.mailbox import MailBox
from generated.o365.message import Message
from generated.o365.utils import ImportanceLevel, OneDriveWellKnowFolderNames, QueryBuilder


@pytest.fixture
def account() -> Account:
    return Account(("client-id", "secret"), token_backend=MemoryTokenBackend(),
                   protocol=MSGraphProtocol(timezone="UTC"))


def test_a_new_message_takes_python_o365_shapes(account: Account) -> None:
    message = account.mailbox().new_message()
    message.sender.address = "shared@contoso.com"      # autocreate: `from` made on first write
    message.body = "<b>Hi</b>"                          # a plain string is HTML
    message.to.add(["a@contoso.com", ("Bea", "b@contoso.com")])
    message.importance = ImportanceLevel.High            # member alias of Importance.HIGH
    assert message.changes() == {
        "from": {"emailAddress": {"address": "shared@contoso.com"}},
        "body": {"contentType": "html", "content": "<b>Hi</b>"},
        "toRecipients": [{"emailAddress": {"address": "a@contoso.com"}},
                         {"emailAddress": {"name": "Bea", "address": "b@contoso.com"}}],
        "importance": "high",
    }
    assert message.body_type == "html" and message.to[1].name == "Bea"   # nested names
    assert message.to[1].address == "b@contoso.com" and message.is_event_message is False
    assert message.sender == message.from_


def test_an_unset_autocreated_value_is_never_sent(account: Account) -> None:
    message = account.mailbox().new_message()
    assert message.sender.address is None
    assert "from" not in message.changes()


def test_python_o365_construction(account: Account) -> None:
    mailbox = MailBox(con=account.con, protocol=account.protocol, main_resource="me")
    message = Message(parent=mailbox)
    assert message.main_resource == "me" and message.con is account.con
    assert message.build_url("/messages") == account.protocol.service_url + "me/messages"


def test_event_rules_fill_the_end_and_the_series_start(account: Account) -> None:
    event = account.schedule().new_event("Standup")        # positional subject
    event.start = dt.datetime(2024, 5, 1, 9)               # naive: the protocol's zone (UTC)
    event.recurrence.set_daily(2, occurrences=3)           # python-o365's range keywords
    event.validate()
    data = event.to_api()
    assert data["end"] == {"dateTime": "2024-05-01T09:30:00.0000000", "timeZone": "UTC"}
    assert data["recurrence"]["range"]["startDate"] == "2024-05-01"
    assert data["recurrence"]["range"]["type"] == "numbered"
    assert isinstance(event.recurrence, EventRecurrence)


def test_a_retired_value_says_what_to_use_instead() -> None:
    with pytest.raises(RetiredValueError, match="no longer has an 'attachments' special folder"):
        OneDriveWellKnowFolderNames("attachments")
    assert OneDriveWellKnowFolderNames.CAMERA_ROLL.value == "cameraroll"


def test_the_query_builder_escapes_and_groups(account: Account) -> None:
    builder = account.mailbox().new_query()
    assert isinstance(builder, QueryBuilder)
    query = (builder.chain_or(builder.equals("subject", "O'Brien"),
                              builder.startswith("subject", "a"))
             & builder.greater("received_date_time", dt.datetime(2024, 1, 1)))
    assert str(query).startswith(
        "Filters: (subject eq 'O''Brien' or startswith(subject,'a')) and "
        "receivedDateTime gt 2024-01-01T00:00:00Z")


def test_the_fluent_query_of_python_o365_1() -> None:
    query = FluentQuery(protocol=MSGraphProtocol(timezone="UTC"))
    query.on_attribute("subject").contains("george").chain("or").startswith("quotes")
    assert query.get_filters() == "contains(subject,'george') or startswith(subject,'quotes')"


def test_python_o365_keyword_arguments() -> None:
    assert o365_keywords({"requested_scopes": ["a"], "proxy_server": "p", "proxy_port": 8080,
                          "request_retries": 2, "requests_delay": 200}) == {
        "scopes": ["a"], "proxies": {"http": "http://p:8080", "https": "https://p:8080"},
        "max_retries": 2}
    with pytest.raises(ValueError, match="raise_http_errors=False is not supported"):
        o365_keywords({"raise_http_errors": False})


def test_message_helpers_behave_as_python_o365s(account: Account) -> None:
    message = account.mailbox().new_message()
    category = OutlookCategory._factory(account.con, {"resource": "me"})(
        {"id": "c1", "displayName": "Red category"})
    message.add_category(category)                      # a Category object: its name
    message.add_category("Blue category")
    message.add_message_header("x-campaign", "1")
    message.add_message_header("x-campaign", "2")       # the same header gets the new value
    message.extended_properties = [{"id": "String {00020329-0000-0000-C000-000000000046} Name x",
                                    "value": "kept"}]
    message.delay_delivery(dt.datetime(2024, 5, 1, 9))   # naive: the protocol's zone (UTC)
    changes = message.changes()
    assert changes["categories"] == ["Red category", "Blue category"]
    assert changes["internetMessageHeaders"] == [{"name": "x-campaign", "value": "2"}]
    assert changes["singleValueExtendedProperties"][1] == {
        "id": "SystemTime 0x3FEF", "value": "2024-05-01T09:00:00Z"}
    before = dt.datetime.now(dt.timezone.utc)
    message.delay_delivery(3600)                         # seconds from now, as python-o365 takes
    (kept, deferred) = message.changes()["singleValueExtendedProperties"]
    assert kept["value"] == "kept"
    sent_at = dt.datetime.fromisoformat(deferred["value"].replace("Z", "+00:00"))
    assert dt.timedelta(minutes=59) < sent_at - before < dt.timedelta(minutes=61)
    with pytest.raises(TypeError, match="OutlookCategory or its displayName"):
        message.add_category(message)
