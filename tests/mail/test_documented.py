"""The generated mail API against Microsoft's documented example responses (cassettes).

Each cassette in tests/mail/cassettes/ names its source pages (microsoftgraph/
microsoft-graph-docs-contrib, api-reference/v1.0/api/*.md and concepts/delta-query-messages.md);
tests/mail/make_cassettes.py builds them from tests/mail/docs_examples/. The matcher checks
the method, path, query options and JSON body of every request we send against the
documented request, so each test proves both what is sent and what is parsed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.query import Query
from generated.o365.mail.event_message import EventMessage
from generated.o365.mail.file_attachment import FileAttachment
from generated.o365.mail.mailbox import Mailbox
from generated.o365.mail.message import Message
from generated.o365.mail.outlook_categories import OutlookCategories
from generated.o365.types import (
    AutomaticRepliesStatus,
    BodyType,
    CategoryColor,
    ExternalAudienceScope,
    FollowupFlagStatus,
    Importance,
    MeetingMessageType,
)
from tests.mail.conftest import Sent

SELECT = Query().select("sender", "subject")


@pytest.fixture
def mailbox(graph_con: Connection) -> Mailbox:
    return Mailbox(graph_con, "me")


def first_message(mailbox: Mailbox) -> Message:
    """user-list-messages.md: one message, AAMkAGUAAAwTW09AAA=, 'You have late tasks!'."""
    (message,) = list(mailbox.get_messages(limit=1, query=SELECT))
    return message


def test_list_messages(mailbox: Mailbox, docs_cassette: Any) -> None:
    with docs_cassette("list_messages") as played:
        messages = list(mailbox.get_messages(query=SELECT))
    assert played.all_played
    (message,) = messages
    assert isinstance(message, Message)
    assert message.object_id == "AAMkAGUAAAwTW09AAA="
    assert message.subject == "You have late tasks!"
    assert message.sent_by is not None
    assert message.sent_by.email_address.address == "noreply@Planner.Office365.com"
    assert message.body is None  # not selected


def test_create_draft_sends_the_documented_body(mailbox: Mailbox, docs_cassette: Any,
                                                sent: Sent) -> None:
    draft = mailbox.new_message()
    draft.subject = "Did you see last night's game?"
    draft.importance = Importance.LOW
    draft.body = {"contentType": "html", "content": "They were <b>awesome</b>!"}
    draft.to.add("AdeleV@contoso.onmicrosoft.com")
    with docs_cassette("create_draft") as played:
        assert draft.save() is True
    assert played.all_played
    assert draft.object_id == "AAMkADNlNYjSAAA="
    assert draft.is_draft is True
    assert draft.to[0].email_address.name == "Adele Vance"
    assert draft.body is not None and draft.body.content_type is BodyType.HTML
    assert draft.created == dt.datetime(2017, 7, 22, 1, 53, 56, tzinfo=dt.timezone.utc)
    assert draft.get_body_text() == "They were awesome!"
    assert not draft.is_dirty
    assert sent.requests[0][0] == "POST"


def test_send_new_draft_saves_then_sends(mailbox: Mailbox, docs_cassette: Any,
                                         sent: Sent) -> None:
    """send(track=True): the seed's send and track, a draft first (needs Mail.ReadWrite)."""
    draft = mailbox.new_message()
    draft.subject = "Did you see last night's game?"
    draft.importance = Importance.LOW
    draft.body = {"contentType": "html", "content": "They were <b>awesome</b>!"}
    draft.to.add("AdeleV@contoso.onmicrosoft.com")
    with docs_cassette("send_new_draft") as played:
        assert draft.send(track=True) is True
    assert played.all_played
    assert [(m, u.rsplit("/v1.0/", 1)[1]) for m, u, _ in sent.requests] == [
        ("POST", "me/messages"), ("POST", "me/messages/AAMkADNlNYjSAAA%3D/send")]


def test_send_of_a_new_message_is_one_send_mail_call(mailbox: Mailbox, docs_cassette: Any,
                                                     sent: Sent, tmp_path: Any) -> None:
    """user-sendmail.md, Example 3: python-o365's send() of a message never saved, its
    attachment inline, in one call that needs only Mail.Send; True as python-o365 returns."""
    (tmp_path / "attachment.txt").write_bytes(b"Hello World!")
    message = mailbox.new_message()
    message.subject = "Meet for lunch?"
    message.body = {"contentType": "text", "content": "The new cafeteria is open."}
    message.to.add("meganb@contoso.com")
    message.attachments.add(tmp_path / "attachment.txt")
    with docs_cassette("send_mail_with_attachment") as played:
        assert message.send() is True
    assert played.all_played
    assert [(m, u.rsplit("/v1.0/", 1)[1]) for m, u, _ in sent.requests] == [("POST", "me/sendMail")]
    with pytest.raises(ValueError, match="isDraft"):
        message.send()


def test_send_without_saving_is_one_send_mail_call(mailbox: Mailbox, docs_cassette: Any,
                                                  sent: Sent) -> None:
    """user-sendmail.md, Example 1: the message JSON and saveToSentItems false, no draft."""
    message = mailbox.new_message()
    message.subject = "Meet for lunch?"
    message.body = {"contentType": "text", "content": "The new cafeteria is open."}
    message.to.add("frannis@contoso.com")
    message.cc.add("danas@contoso.com")
    with docs_cassette("send_mail_no_copy") as played:
        message.send(save_to_sent_folder=False)
    assert played.all_played
    assert [(m, u.rsplit("/v1.0/", 1)[1]) for m, u, _ in sent.requests] == [("POST", "me/sendMail")]
    assert message.is_draft is False and message.object_id is None
    with pytest.raises(ValueError, match="isDraft"):
        message.send(save_to_sent_folder=False)  # refused locally: nothing more is sent
    assert len(sent.requests) == 1


def test_draft_edited_twice_sends_only_changed_fields(mailbox: Mailbox, docs_cassette: Any,
                                                      sent: Sent) -> None:
    draft = mailbox.new_message()
    draft.subject = "Did you see last night's game?"
    draft.to.add("AdeleV@contoso.onmicrosoft.com")
    with docs_cassette("draft_edited_twice") as played:
        draft.save_draft()
        draft.inference_classification = "other"
        assert draft.save_message() is True
        draft.categories = ["Red category"]
        assert draft.save() is True
        assert draft.save() is False  # nothing changed: nothing sent
    assert played.all_played
    assert sent.bodies[1:] == [{"inferenceClassification": "other"},
                               {"categories": ["Red category"]}]


def test_reply_all_creates_a_draft(mailbox: Mailbox, docs_cassette: Any, sent: Sent) -> None:
    with docs_cassette("reply_all") as played:
        original = first_message(mailbox)
        reply = original.reply()
    assert played.all_played
    assert sent.requests[-1][1].endswith("/me/messages/AAMkAGUAAAwTW09AAA%3D/createReplyAll")
    assert isinstance(reply, Message)
    assert reply.object_id == "AAMkADA1MTAAAAqldOAAA=" and reply.is_draft
    assert [r.email_address.address for r in reply.to] == ["MeganB@contoso.com"]
    assert reply.flag is not None and reply.flag.status is FollowupFlagStatus.NOT_FLAGGED


def test_reply_and_forward_at_once(mailbox: Mailbox, docs_cassette: Any, sent: Sent) -> None:
    """message-reply.md, message-replyall.md, message-forward.md: 202, nothing comes back."""
    with docs_cassette("reply_now") as played:
        original = first_message(mailbox)
        assert original.send_reply(comment="Samantha, Randi, would you name the group please?") \
            is None
        assert original.send_reply(to_all=True, comment="comment-value") is None
        assert original.send_forward(["danas@contoso.com"], comment="comment-value") is None
    assert played.all_played
    assert [r[1].rsplit("/", 1)[1] for r in sent.requests[1:]] == ["reply", "replyAll", "forward"]
    assert sent.bodies[1:] == [
        {"comment": "Samantha, Randi, would you name the group please?"},
        {"comment": "comment-value"},
        {"toRecipients": [{"emailAddress": {"address": "danas@contoso.com"}}],
         "comment": "comment-value"}]


def test_move_returns_the_moved_message(mailbox: Mailbox, docs_cassette: Any,
                                        sent: Sent) -> None:
    with docs_cassette("move_message") as played:
        moved = first_message(mailbox).move("deleteditems")
    assert played.all_played
    assert sent.bodies[-1] == {"destinationId": "deleteditems"}
    assert moved.object_id == "AAMkADhAAAW-VPeAAA="
    assert moved.folder_id == "AAMkADhAAAAAAEKAAA="
    assert [r.email_address.address for r in moved.to] == ["fannyd@contoso.com",
                                                           "danas@contoso.com"]


def test_event_message_is_typed_by_odata_type(mailbox: Mailbox, docs_cassette: Any) -> None:
    with docs_cassette("event_message") as played:
        message = mailbox.get_message("AAMkADYAAAImV_lAAA=")
    assert played.all_played
    assert isinstance(message, EventMessage)
    assert message.meeting_message_type is MeetingMessageType.MEETING_REQUEST
    assert message.subject == "Debrief from meetup"
    assert "Let's debrief after community meetup." in (message.get_body_text() or "")


def test_list_folders(mailbox: Mailbox, docs_cassette: Any) -> None:
    with docs_cassette("list_folders") as played:
        folders = list(mailbox.get_folders())
    assert played.all_played
    by_name = {f.name: f for f in folders}
    assert len(folders) == 9
    assert by_name["Inbox"].unread_items_count == 70
    assert by_name["Inbox"].total_items_count == 71
    assert by_name["Inbox"].child_folders_count == 1
    assert by_name["Weekly digests"].raw["filterQuery"] == "contains(subject, 'weekly digest')"


def test_well_known_folder(mailbox: Mailbox, docs_cassette: Any) -> None:
    with docs_cassette("well_known_folder") as played:
        inbox = mailbox.inbox_folder()
    assert played.all_played
    assert inbox.object_id == "id-value" and inbox.total_items_count == 99


def test_folder_create_rename_copy_move(mailbox: Mailbox, docs_cassette: Any,
                                        sent: Sent) -> None:
    with docs_cassette("folder_operations") as played:
        inbox = mailbox.get_folder(folder_id="inbox")
        child = inbox.create_child_folder("displayName-value")
        assert child.name == "displayName-value"
        child.rename("Renamed")
        copied = child.copy_folder("archive")
        moved = child.move("archive")
    assert played.all_played
    assert sent.bodies[1:] == [{"displayName": "displayName-value"}, {"displayName": "Renamed"},
                               {"destinationId": "archive"}, {"destinationId": "archive"}]
    assert copied.parent_id == moved.parent_id == "parentFolderId-value"


def test_folder_message_delta_round_and_resume(mailbox: Mailbox, docs_cassette: Any) -> None:
    with docs_cassette("folder_delta") as played:
        inbox = next(f for f in mailbox.get_folders() if f.name == "Inbox")
        first = inbox.get_messages_delta(
            query=Query().select("subject", "sender", "is_read"), page_size=2)
        subjects = [m.subject for m in first]
        saved = first.delta_link
        second = list(inbox.get_messages_delta(saved))
    assert played.all_played
    assert subjects == ["Holiday hours update", "Holiday promotion sale",
                        "Microsoft Virtual Academy at Contoso",
                        "New or modified user account information", "Fabric CDN now available"]
    removed, changed = second
    assert isinstance(removed, Removed) and removed.reason == "deleted"
    assert isinstance(changed, Message) and changed.subject == "Holiday hours update"


def test_mailbox_settings(mailbox: Mailbox, docs_cassette: Any) -> None:
    with docs_cassette("mailbox_settings") as played:
        settings = mailbox.get_settings()
    assert played.all_played
    assert settings.time_zone == "UTC"
    assert settings.working_hours is not None
    assert settings.working_hours.start_time == dt.time(8, 0)
    assert settings.working_hours.time_zone is not None
    assert settings.working_hours.time_zone.name == "Pacific Standard Time"
    replies = settings.automatic_replies
    assert replies is not None
    # The documented example spells the enum "Scheduled"; unknown spellings stay strings.
    assert replies.status in (AutomaticRepliesStatus.SCHEDULED, "Scheduled")
    assert replies.scheduled_start == dt.datetime(2016, 3, 14, 7, tzinfo=dt.timezone.utc)


def test_scheduled_automatic_replies(mailbox: Mailbox, docs_cassette: Any, sent: Sent) -> None:
    start = dt.datetime(2016, 3, 20, 18, tzinfo=dt.timezone.utc)
    end = dt.datetime(2016, 3, 28, 18, tzinfo=dt.timezone.utc)
    with docs_cassette("automatic_replies_scheduled") as played:
        settings = mailbox.get_settings()
        settings.set_scheduled_automatic_reply("in", "out", start, end)
    assert played.all_played
    patch = sent.bodies[-1]
    assert list(patch) == ["automaticRepliesSetting"]  # only the changed top-level field
    replies = patch["automaticRepliesSetting"]
    assert replies["status"] == "scheduled"
    assert replies["internalReplyMessage"] == "in" and replies["externalReplyMessage"] == "out"
    assert replies["externalAudience"] == "all"
    assert replies["scheduledStartDateTime"]["dateTime"].startswith("2016-03-20T18:00:00")
    assert settings.automatic_replies is not None
    assert settings.automatic_replies.status is AutomaticRepliesStatus.SCHEDULED
    assert settings.automatic_replies.external_audience is ExternalAudienceScope.ALL


def test_categories(graph_con: Connection, docs_cassette: Any, sent: Sent) -> None:
    categories = OutlookCategories(graph_con, "me")
    with docs_cassette("categories") as played:
        listed = list(categories.get_categories())
        created = categories.create_category("Project expenses", color=CategoryColor.PRESET9)
    assert played.all_played
    assert [c.color for c in listed][:2] == [CategoryColor.PRESET0, CategoryColor.PRESET1]
    assert sent.bodies[-1] == {"displayName": "Project expenses", "color": "preset9"}
    assert created.object_id == "bac262b7-485d-4739-b436-e31467d64fac"


def test_list_attachments_typed(mailbox: Mailbox, docs_cassette: Any) -> None:
    with docs_cassette("list_attachments") as played:
        attachments = list(iter(first_message(mailbox).attachments))
    assert played.all_played
    (attachment,) = attachments
    # The page writes "microsoft.graph.fileAttachment" without the '#'.
    assert attachment.name == "name-value" and attachment.size == 99
    assert isinstance(attachment, FileAttachment) or attachment.raw["@odata.type"] == (
        "microsoft.graph.fileAttachment")
