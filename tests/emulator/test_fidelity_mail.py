"""Outlook mail: emulator responses against Microsoft's documented example responses.

Each test makes the documented call (as a signed-in user, the way the examples call `/me`)
against the seeded tenant and compares property names and JSON shapes with the example in
docs_examples/mail/ (see fidelity.py for the rules). The source page is named in each test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generated.o365.emulator import EmulatorServer

from .fidelity import Caller, assert_matches, example, foreign_properties, shape_problems, signed_in

MESSAGE = "microsoft.graph.message"
ADELE = "adele@contoso.onmicrosoft.com"
PATTI = "patti@contoso.onmicrosoft.com"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=21) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def adele(server: EmulatorServer) -> Caller:
    return signed_in(server, ADELE)


def inbox_message(me: Caller, *, with_attachments: bool) -> dict[str, Any]:
    page = me.get("me/mailFolders/inbox/messages?$top=50")
    found = [m for m in page["value"] if m["hasAttachments"] is with_attachments]
    assert found, "the seed gives every inbox messages with and without attachments"
    return dict(found[0])


def test_message_get(adele: Caller) -> None:
    """api-reference/v1.0/api/message-get.md, Example 1: GET /me/messages/{id}."""
    doc = example("mail", "message-get")
    message = inbox_message(adele, with_attachments=False)
    body = adele.get(f"me/messages/{message['id']}")
    assert_matches(doc["response"], body, MESSAGE)
    assert body["@odata.context"].endswith("/messages/$entity")


def test_mailfolder_get(adele: Caller) -> None:
    """api-reference/v1.0/api/mailfolder-get.md: GET /me/mailFolders/{id} (here: inbox)."""
    doc = example("mail", "mailfolder-get")
    body = adele.get("me/mailFolders/inbox")
    assert_matches(doc["response"], body, "microsoft.graph.mailFolder")
    assert body["displayName"] == "Inbox"


def test_user_list_mailfolders(adele: Caller) -> None:
    """api-reference/v1.0/api/user-list-mailfolders.md, Example 1: GET /me/mailFolders."""
    doc = example("mail", "user-list-mailfolders")
    body = adele.get("me/mailFolders")
    assert_matches(doc["response"], body, "microsoft.graph.mailFolder", collection=True)
    names = {folder["displayName"] for folder in body["value"]}
    assert {"Inbox", "Drafts", "Sent Items", "Deleted Items"} <= names


def test_file_attachment_get(adele: Caller) -> None:
    """api-reference/v1.0/api/attachment-get.md, Example 1: a file attachment on a message."""
    doc = example("mail", "attachment-get", "file")
    message = inbox_message(adele, with_attachments=True)
    listed = adele.get(f"me/messages/{message['id']}/attachments")["value"]
    body = adele.get(f"me/messages/{message['id']}/attachments/{listed[0]['id']}")
    assert_matches(doc["response"], body, "microsoft.graph.attachment")


def test_item_attachment_get(adele: Caller) -> None:
    """api-reference/v1.0/api/attachment-get.md, Example 2: an item attachment on a message.

    The attachment is added as message-post-attachments.md shows (an itemAttachment holding
    a message), then read back.
    """
    doc = example("mail", "attachment-get", "item")
    draft = adele.ok("POST", "me/messages", 201, json={"subject": "Item attachment holder"})
    adele.ok("POST", f"me/messages/{draft['id']}/attachments", 201, json={
        "@odata.type": "#microsoft.graph.itemAttachment", "name": "Holiday event",
        "item": {"@odata.type": "microsoft.graph.message", "subject": "Reminder",
                 "body": {"contentType": "html", "content": "<p>Bring a laptop.</p>"}}})
    listed = adele.get(f"me/messages/{draft['id']}/attachments")["value"]
    body = adele.get(f"me/messages/{draft['id']}/attachments/{listed[0]['id']}")
    assert_matches(doc["response"], body, "microsoft.graph.attachment")


def test_mailboxsettings_get_has_documented_properties(adele: Caller) -> None:
    """api-reference/v1.0/api/user-get-mailboxsettings.md, Example 1: GET /me/mailboxSettings."""
    doc = example("mail", "user-get-mailboxsettings")
    body = adele.get("me/mailboxSettings")
    assert not shape_problems(doc["response"], body), shape_problems(doc["response"], body)


def test_mailboxsettings_get_adds_no_foreign_properties(adele: Caller) -> None:
    """api-reference/v1.0/api/user-get-mailboxsettings.md, Example 1: no property beyond Graph's."""
    body = adele.get("me/mailboxSettings")
    assert not foreign_properties(body, "microsoft.graph.mailboxSettings"), body


def test_outlookuser_list_mastercategories(adele: Caller) -> None:
    """api-reference/v1.0/api/outlookuser-list-mastercategories.md:
    GET /me/outlook/masterCategories."""
    doc = example("mail", "outlookuser-list-mastercategories")
    body = adele.get("me/outlook/masterCategories")
    assert_matches(doc["response"], body, "microsoft.graph.outlookCategory", collection=True)


def test_eventmessage_get(server: EmulatorServer, adele: Caller) -> None:
    """api-reference/v1.0/api/eventmessage-get.md, Example 1: a meeting request in the Inbox.

    Patti invites Adele (user-post-events.md); Graph delivers a meeting request, an
    eventMessage, to each invited user's Inbox.
    """
    doc = example("mail", "eventmessage-get")
    patti = signed_in(server, PATTI)
    patti.ok("POST", "me/events", 201, json={
        "subject": "Debrief from meetup",
        "body": {"contentType": "html", "content": "Let's debrief after community meetup."},
        "start": {"dateTime": "2025-02-03T10:00:00", "timeZone": "Pacific Standard Time"},
        "end": {"dateTime": "2025-02-03T11:00:00", "timeZone": "Pacific Standard Time"},
        "attendees": [{"emailAddress": {"address": ADELE, "name": "Adele Vance"},
                       "type": "required"}]})
    page = adele.get("me/mailFolders/inbox/messages?$top=100")
    requests_ = [m for m in page["value"] if m.get("@odata.type") == doc["response"][
        "@odata.type"] and m["subject"] == "Debrief from meetup"]
    assert len(requests_) == 1, [m.get("@odata.type") for m in page["value"]]
    body = adele.get(f"me/messages/{requests_[0]['id']}")
    assert_matches(doc["response"], body, MESSAGE)
    assert body["meetingMessageType"] == "meetingRequest"


def test_properties_graph_returns_only_on_request(server: EmulatorServer, adele: Caller) -> None:
    """resources/message.md: uniqueBody and internetMessageHeaders come only with $select,
    the extended properties only with $expand; asked for, they hold real values."""
    received = inbox_message(adele, with_attachments=False)
    plain = adele.get(f"me/messages/{received['id']}")
    assert not {"uniqueBody", "internetMessageHeaders",
                "singleValueExtendedProperties"} & set(plain), sorted(plain)
    listed = adele.get("me/mailFolders/inbox/messages?$top=5")["value"]
    assert all("uniqueBody" not in m for m in listed)
    patti = signed_in(server, PATTI)
    patti.ok("POST", "me/sendMail", 202, json={"message": {
        "subject": "Headers please", "body": {"contentType": "html", "content": "<p>Hi</p>"},
        "toRecipients": [{"emailAddress": {"address": ADELE}}],
        "internetMessageHeaders": [{"name": "x-custom-header-group-name", "value": "Nevada"}]}})
    found = adele.get("me/messages?$filter=subject eq 'Headers please'")["value"][0]
    asked = adele.get(f"me/messages/{found['id']}?$select=uniqueBody,internetMessageHeaders")
    assert asked["uniqueBody"] == {"contentType": "html", "content": "<p>Hi</p>"}
    names = [h["name"] for h in asked["internetMessageHeaders"]]
    assert names[0] == "x-custom-header-group-name" and "Message-ID" in names


def test_attachments_given_with_a_new_message_and_expanded(adele: Caller) -> None:
    """user-post-messages.md, "Create a message with file attachments": a deep insert;
    `$expand=attachments` brings them back with the message, in a list too."""
    draft = adele.ok("POST", "me/messages", 201, json={
        "subject": "With attachments", "attachments": [
            {"@odata.type": "#microsoft.graph.fileAttachment", "name": "menu.txt",
             "contentBytes": "bWFjIGFuZCBjaGVlc2UgdG9kYXk="}]})
    assert draft["hasAttachments"] is True and "attachments" not in draft
    got = adele.get(f"me/messages/{draft['id']}?$expand=attachments")
    assert [a["name"] for a in got["attachments"]] == ["menu.txt"]
    assert got["attachments"][0]["@odata.type"] == "#microsoft.graph.fileAttachment"
    page = adele.get("me/mailFolders/drafts/messages?$expand=attachments&$top=50")["value"]
    assert [a["name"] for m in page if m["id"] == draft["id"] for a in m["attachments"]] == [
        "menu.txt"]
    bad = adele.call("GET", f"me/messages/{draft['id']}?$expand=frobnicators")
    assert bad.status_code == 400 and "frobnicators" in bad.json()["error"]["message"]


def test_extended_properties_set_on_create_come_back_with_expand(adele: Caller) -> None:
    """singlevaluelegacyextendedproperty-post-singlevalueextendedproperties.md: an event
    created with a property; get-singlevalueextendedproperty: $expand with $filter=id eq."""
    property_id = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color"
    event = adele.ok("POST", "me/events", 201, json={
        "subject": "Coloured", "start": {"dateTime": "2030-02-01T10:00:00", "timeZone": "UTC"},
        "end": {"dateTime": "2030-02-01T11:00:00", "timeZone": "UTC"},
        "singleValueExtendedProperties": [{"id": property_id, "value": "Green"},
                                          {"id": "Integer 0x1234", "value": "7"}]})
    assert "singleValueExtendedProperties" not in event
    got = adele.get(f"me/events/{event['id']}?$expand=singleValueExtendedProperties"
                    f"($filter=id eq '{property_id}')")
    assert got["singleValueExtendedProperties"] == [{"id": property_id, "value": "Green"}]
