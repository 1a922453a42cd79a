"""Mail end to end: the generated API against the local emulator over real sockets.

Each test starts an `EmulatorServer` on an ephemeral port (seeded Contoso tenant, app-only
client credentials) and signs in as a seeded user through `Account(username=...)`.
"""

from __future__ import annotations

import email
import hashlib
import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generated.o365 import Account
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.errors import GraphError, NotFoundError
from generated.o365._runtime.query import Query
from generated.o365.calendar.event import Event
from generated.o365.emulator import EmulatorServer
from generated.o365.mail.event_message import EventMessage
from generated.o365.mail.file_attachment import FileAttachment
from generated.o365.mail.item_attachment import ItemAttachment
from generated.o365.mail.mail_folder import MailFolder
from generated.o365.mail.mailbox import Mailbox
from generated.o365.mail.message import Message
from generated.o365.types import ItemBody
from tests.support.accounts import emulator_account

PATTI = "patti@contoso.onmicrosoft.com"
MEGAN = "megan@contoso.onmicrosoft.com"
ALEX = "alex@contoso.onmicrosoft.com"


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=3) as emulator:
        yield emulator


def account_for(server: EmulatorServer, user: str) -> Account:
    return emulator_account(server, user)


@pytest.fixture
def patti(server: EmulatorServer) -> Mailbox:
    return account_for(server, PATTI).mailbox()


@pytest.fixture
def megan(server: EmulatorServer) -> Mailbox:
    return account_for(server, MEGAN).mailbox()


def requests_sent(server: EmulatorServer) -> int:
    """Graph requests the emulator has stored changes for (a cheap 'was anything sent' probe)."""
    return server.store.version


def folder(mailbox: Mailbox, name: str) -> MailFolder:
    """A top-level folder by display name (find_folder: $filter on mailFolders)."""
    return mailbox.find_folder(name)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------- folders


def test_seeded_folders_and_messages(patti: Mailbox) -> None:
    names = {f.name for f in patti.get_folders()}
    assert {"Inbox", "Sent Items", "Drafts", "Deleted Items", "Archive", "Outbox"} <= names
    inbox = folder(patti, "Inbox")
    messages = list(inbox.get_messages(limit=None))
    assert inbox.total_items_count == len(messages) >= 4
    assert inbox.unread_items_count == sum(1 for m in messages if not m.is_read)
    assert all(isinstance(m, Message) and m.folder_id == inbox.object_id for m in messages)


WELL_KNOWN = {
    "inbox_folder": "Inbox", "sent_folder": "Sent Items", "drafts_folder": "Drafts",
    "deleted_folder": "Deleted Items", "junk_folder": "Junk Email", "outbox_folder": "Outbox",
    "archive_folder": "Archive", "clutter_folder": "Clutter", "conflicts_folder": "Conflicts",
    "conversationhistory_folder": "Conversation History", "localfailures_folder": "Local Failures",
    "recoverableitemsdeletions_folder": "Deletions", "scheduled_folder": "Scheduled",
    "searchfolders_folder": "Finder", "serverfailures_folder": "Server Failures",
    "syncissues_folder": "Sync Issues",
}


def test_every_well_known_folder_accessor(patti: Mailbox) -> None:
    inbox = folder(patti, "Inbox")
    assert patti.get_folder(folder_id="inbox").object_id == inbox.object_id
    assert patti.get_folder(folder_name="Inbox").object_id == inbox.object_id
    ids = set()
    for accessor, name in WELL_KNOWN.items():
        found = getattr(patti, accessor)()
        assert found.name == name, accessor
        ids.add(found.object_id)
    assert len(ids) == 16


def test_folder_lifecycle(patti: Mailbox) -> None:
    inbox = folder(patti, "Inbox")
    child = inbox.create_child_folder("Projects")
    assert folder(patti, "Inbox").find_folder("Projects").object_id == child.object_id
    assert inbox.get_folder(folder_name="Projects").object_id == child.object_id
    assert inbox.refresh().child_folders_count == 1
    child.rename("Projects 2025")
    assert inbox.find_folder("Projects 2025").object_id == child.object_id
    copied = child.copy("archive")
    moved = child.move("archive")
    archive = folder(patti, "Archive")
    assert {f.name for f in archive.get_folders()} == {"Projects 2025"} | {copied.name}
    assert moved.parent_id == archive.object_id
    moved.delete()
    with pytest.raises(NotFoundError):
        patti.get_folder(folder_id=moved.object_id)


def test_child_folder_by_id(patti: Mailbox) -> None:
    inbox = folder(patti, "Inbox")
    child = inbox.create_child_folder("Receipts")
    assert inbox.get_folder(folder_id=child.object_id).name == "Receipts"


def test_find_folder_that_does_not_exist_names_it(patti: Mailbox) -> None:
    with pytest.raises(NotFoundError, match="No such folder"):
        patti.find_folder("No such folder")


# ---------------------------------------------------------------------- sending


def send_big_attachment(patti: Mailbox, tmp_path: Path) -> Path:
    payload = tmp_path / "big.bin"
    with open(payload, "wb") as handle:
        for i in range(10):
            handle.write(hashlib.sha256(str(i).encode()).digest() * (1 << 15))  # 1 MiB each
    assert payload.stat().st_size == 10 * (1 << 20)
    draft = patti.new_message()
    draft.subject = "Quarterly numbers"
    draft.body = ItemBody(content_type="html", content="<p>See <b>attached</b>.</p>")
    draft.to.add(("Megan Bowen", MEGAN))
    draft.attachments.add(payload)  # over 3 MB: an attachment upload session
    draft.send()
    return payload


def received_big(megan: Mailbox) -> Message:
    return next(iter(folder(megan, "Inbox").get_messages(
        query=Query().filter("subject eq 'Quarterly numbers'"))))


def test_send_with_10_mb_attachment_to_another_user(patti: Mailbox, megan: Mailbox,
                                                    tmp_path: Path) -> None:
    payload = send_big_attachment(patti, tmp_path)
    received = received_big(megan)
    assert received.from_ is not None and received.from_.email_address.address == PATTI
    assert received.has_attachments and not received.is_read
    sent_items = list(folder(patti, "Sent Items").get_messages(
        query=Query().filter("subject eq 'Quarterly numbers'")))
    assert len(sent_items) == 1 and not sent_items[0].is_draft
    for message in (received, sent_items[0]):
        (attachment,) = list(iter(message.attachments))
        assert attachment.name == "big.bin" and attachment.size == payload.stat().st_size
    assert not list(folder(patti, "Drafts").get_messages(
        query=Query().filter("subject eq 'Quarterly numbers'")))


def test_downloaded_attachment_has_the_same_hash(patti: Mailbox, megan: Mailbox,
                                                 tmp_path: Path) -> None:
    payload = send_big_attachment(patti, tmp_path)
    written = received_big(megan).attachments.download_all(tmp_path / "downloaded")
    assert [os.path.basename(p) for p in written] == ["big.bin"]
    assert sha256(Path(written[0])) == sha256(payload)


def test_reply_all_keeps_the_recipients(patti: Mailbox, megan: Mailbox,
                                        server: EmulatorServer) -> None:
    draft = patti.new_message()
    draft.subject = "Offsite"
    draft.to.extend([MEGAN, ALEX])
    draft.cc.add("adele@contoso.onmicrosoft.com")
    draft.send()
    received = next(iter(folder(megan, "Inbox").get_messages(
        query=Query().filter("subject eq 'Offsite'"))))
    reply = received.reply(comment="Count me in")
    assert reply.is_draft and reply.subject == "RE: Offsite"
    assert {r.email_address.address for r in reply.to} == {PATTI, ALEX}
    assert {r.email_address.address for r in reply.cc} == {"adele@contoso.onmicrosoft.com"}
    only_sender = received.reply(to_all=False)
    assert [r.email_address.address for r in only_sender.to] == [PATTI]


def test_reply_and_forward_at_once_reach_the_people(patti: Mailbox, megan: Mailbox,
                                                    server: EmulatorServer) -> None:
    draft = patti.new_message()
    draft.subject = "Quarterly"
    draft.to.extend([MEGAN, ALEX])
    draft.send()
    received = next(iter(folder(megan, "Inbox").get_messages(
        query=Query().filter("subject eq 'Quarterly'"))))
    received.send_reply(comment="Thanks")
    received.send_reply(to_all=True, comment="Thanks all")
    received.send_forward([PATTI], comment="FYI")
    replies = sorted((m.subject, m.body_preview) for m in folder(patti, "Inbox").get_messages(
        query=Query().filter("startswith(subject, 'RE: Quarterly') or "
                             "startswith(subject, 'FW: Quarterly')")))
    assert [subject for subject, _ in replies] == ["FW: Quarterly", "RE: Quarterly",
                                                   "RE: Quarterly"]
    assert [preview.split(" ")[0] for _, preview in replies] == ["FYI", "Thanks", "Thanks"]
    assert sum(preview.startswith("Thanks all") for _, preview in replies) == 1
    sent = [m.subject for m in folder(megan, "Sent Items").get_messages()]
    assert sent.count("RE: Quarterly") == 2 and "FW: Quarterly" in sent


def test_a_draft_edited_twice_sends_only_changed_fields(patti: Mailbox,
                                                        server: EmulatorServer) -> None:
    draft = patti.new_message()
    draft.subject = "First"
    draft.to.add(MEGAN)
    draft.save_draft()
    drafts = folder(patti, "Drafts").get_messages(query=Query().filter("subject eq 'First'"))
    assert [m.object_id for m in drafts] == [draft.object_id]
    draft.subject = "Second"
    assert draft.changes() == {"subject": "Second"}
    assert draft.save_message()
    draft.importance = "high"
    assert draft.changes() == {"importance": "high"}
    assert draft.save()
    assert not draft.save()  # nothing left to send
    stored = patti.get_message(draft.object_id or "")
    assert (stored.subject, stored.importance) == ("Second", "high")


def test_mark_read_flag_move_copy_delete(patti: Mailbox) -> None:
    inbox = folder(patti, "Inbox")
    message = next(m for m in inbox.get_messages() if not m.is_read)
    message.mark_as_read()
    assert patti.get_message(message.object_id or "").is_read is True
    message.mark_as_unread()
    assert patti.get_message(message.object_id or "").is_read is False
    assert message.flag is not None
    message.flag.set_flagged()
    message.save()
    assert patti.get_message(message.object_id or "").flag.status == "flagged"
    copy = message.copy("archive")
    moved = message.move("deleteditems")
    assert copy.folder_id == folder(patti, "Archive").object_id
    assert moved.folder_id == folder(patti, "Deleted Items").object_id
    moved.delete()
    with pytest.raises(NotFoundError):
        patti.get_message(moved.object_id or "")


def test_mime_content_and_body_text(patti: Mailbox, tmp_path: Path) -> None:
    message = next(iter(patti.get_messages()))
    assert "details inside" in (message.get_body_text() or "")
    assert "<" not in (message.get_body_text() or "")
    mime = message.get_mime_content()
    assert isinstance(mime, bytes) and mime
    target = tmp_path / "message.eml"
    message.save_as_eml(target)
    assert target.read_bytes() == mime


def test_other_users_mailbox_by_resource(server: EmulatorServer) -> None:
    account = account_for(server, PATTI)
    shared = account.mailbox(MEGAN)
    assert shared.resource == f"users/{MEGAN}"
    assert list(folder(shared, "Inbox").get_messages())


# ---------------------------------------------------------------------- bad input


def test_bad_input_fails_before_any_request(patti: Mailbox, server: EmulatorServer,
                                            tmp_path: Path) -> None:
    draft = patti.new_message()
    before = requests_sent(server)
    with pytest.raises(ValueError, match="not-an-address"):
        draft.to.add("not-an-address")
    with pytest.raises(FileNotFoundError, match="missing.pdf"):
        draft.attachments.add(tmp_path / "missing.pdf")
    with pytest.raises(ValueError, match="give one of id, displayName"):
        patti.get_folder()
    with pytest.raises(ValueError, match="not both"):
        patti.get_folder(folder_id="inbox", folder_name="Inbox")
    for zero in ({"page_size": 0}, {"batch": 0}):  # 0 is a size, not "the default"
        with pytest.raises(ValueError, match="page_size must be positive, not 0"):
            patti.get_messages(**zero)
    assert requests_sent(server) == before


def test_failed_send_keeps_the_draft_and_a_second_send_fails(patti: Mailbox) -> None:
    """send(track=True) saves a draft first: a failed send leaves it in Drafts."""
    draft = patti.new_message()
    draft.subject = "No recipients yet"
    with pytest.raises(GraphError, match="recipient"):
        draft.send(track=True)
    kept = patti.get_message(draft.object_id or "")
    assert kept.is_draft and kept.subject == "No recipients yet"
    draft.to.add(MEGAN)
    assert draft.send() is True
    with pytest.raises((GraphError, ValueError)):
        draft.send()


def test_failed_send_of_a_new_message_can_be_sent_again(patti: Mailbox) -> None:
    """A never-saved message goes out in one sendMail; when Graph refuses it nothing is kept
    and the message can be corrected and sent."""
    message = patti.new_message()
    message.subject = "No recipients yet"
    with pytest.raises(GraphError, match="recipient"):
        message.send()
    assert message.object_id is None
    message.to.add(MEGAN)
    assert message.send() is True
    with pytest.raises(ValueError):
        message.send()


# ---------------------------------------------------------------------- settings, categories


def test_automatic_replies_and_categories(server: EmulatorServer) -> None:
    account = account_for(server, PATTI)
    settings = account.mailbox().get_settings()
    assert settings.time_zone == "Pacific Standard Time"
    settings.set_automatic_reply("Back Monday", "I am out of the office",
                                 external_audience="contactsOnly")
    again = account.mailbox().get_settings().automatic_replies
    assert again is not None
    assert (again.status, again.external_audience) == ("alwaysEnabled", "contactsOnly")
    settings.set_disable_reply()
    assert account.mailbox().get_settings().automatic_replies.status == "disabled"

    categories = account.outlook_categories()
    names = [c.name for c in categories.get_categories()]
    assert "Red category" in names
    created = categories.create_category("Budget", color="preset9")
    created.update_color("preset4")
    assert categories.get_category(created.object_id or "").color == "preset4"
    assert categories.find_category("Budget").object_id == created.object_id
    created.delete()
    assert "Budget" not in [c.name for c in categories.get_categories()]


def test_message_delta_reports_new_and_removed(patti: Mailbox, megan: Mailbox) -> None:
    inbox = folder(megan, "Inbox")
    first = inbox.get_messages_delta()
    initial = list(first)
    assert initial and first.delta_link
    draft = patti.new_message()
    draft.subject = "Delta check"
    draft.to.add(MEGAN)
    draft.send()
    gone = initial[0]
    assert isinstance(gone, Message)
    gone.delete()
    changes = list(inbox.get_messages_delta(first.delta_link))
    subjects = [getattr(c, "subject", None) for c in changes]
    assert "Delta check" in subjects
    assert any(getattr(c, "id", None) == gone.object_id for c in changes)


# ---------------------------------------------------------------------- follow-ups (issue #6)


def only(mailbox: Mailbox, folder_name: str, subject: str) -> Message:
    """The one message with this subject in a top-level folder."""
    (found,) = list(folder(mailbox, folder_name).get_messages(
        query=Query().filter(f"subject eq '{subject}'")))
    return found


def test_inline_image_keeps_its_content_id(patti: Mailbox, megan: Mailbox) -> None:
    logo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    draft = patti.new_message()
    draft.subject = "Inline logo"
    draft.body = ItemBody(content_type="html", content='<p>Our logo: <img src="cid:logo-1"></p>')
    draft.to.add(MEGAN)
    draft.attachments.add(logo, "logo.png", content_id="logo-1", inline=True)
    draft.attachments.add(b"minutes", "minutes.txt")
    draft.send()
    received = only(megan, "Inbox", "Inline logo")
    assert received.body is not None and 'src="cid:logo-1"' in (received.body.content or "")
    by_name = {a.name: a for a in received.attachments}
    image, text = by_name["logo.png"], by_name["minutes.txt"]
    assert isinstance(image, FileAttachment) and isinstance(text, FileAttachment)
    assert (image.content_id, image.is_inline, image.content_type) == ("logo-1", True, "image/png")
    assert image.content == logo and image.size == len(logo)
    assert text.is_inline is False and text.content_id is None
    assert received.has_attachments  # minutes.txt is not inline


def test_only_inline_attachments_do_not_count_as_attachments(patti: Mailbox,
                                                             megan: Mailbox) -> None:
    draft = patti.new_message()
    draft.subject = "Signature only"
    draft.body = ItemBody(content_type="html", content='<p>Thanks</p><img src="cid:sig">')
    draft.to.add(MEGAN)
    draft.attachments.add(b"GIF89a", "sig.gif", content_id="sig", inline=True)
    draft.send()
    received = only(megan, "Inbox", "Signature only")
    assert received.has_attachments is False
    (signature,) = list(received.attachments)
    assert isinstance(signature, FileAttachment) and signature.is_inline


def test_item_attachment_reads_back_as_a_message(patti: Mailbox, tmp_path: Path) -> None:
    holder = patti.new_message()
    holder.subject = "Holds a message"
    holder.save()
    # The client attaches files only; an attached message is posted as Graph documents it
    # (message-post-attachments.md, "Example 2: Add an item attachment").
    patti.con.post(f"{patti.resource}/messages/{holder.object_id}/attachments",
                   json={"@odata.type": "#microsoft.graph.itemAttachment", "name": "Agenda",
                         "item": {"@odata.type": "microsoft.graph.message",
                                  "subject": "Agenda for Monday",
                                  "body": {"contentType": "html",
                                           "content": "<p>1. Budget</p>"}}})
    (attachment,) = list(holder.attachments)
    assert isinstance(attachment, ItemAttachment) and attachment.name == "Agenda"
    assert "item" not in attachment.raw  # only with $expand=microsoft.graph.itemAttachment/item
    attached = attachment.get_item()
    assert isinstance(attached, Message)
    assert attachment.get_eml_as_object().subject == attached.subject  # python-o365 name
    assert attached.subject == "Agenda for Monday"
    assert attached.get_body_text() == "1. Budget"
    # Its $value is the attached message as MIME (attachment-get.md, "Get the raw contents of a
    # file or item attachment"), what python-o365's save_as_eml writes.
    holder.attachments.save_as_eml(attachment, to_path=tmp_path / "agenda.eml")
    saved = email.message_from_bytes((tmp_path / "agenda.eml").read_bytes())
    assert saved["Subject"] == "Agenda for Monday"
    assert "<p>1. Budget</p>" in saved.get_payload()
    # The attached message is not a message of the mailbox.
    assert not list(patti.get_messages(query=Query().filter("subject eq 'Agenda for Monday'")))


def test_meeting_request_leads_to_the_attendees_event(server: EmulatorServer) -> None:
    organizer = account_for(server, PATTI)
    event = organizer.schedule().new_event(subject="Design review")
    event.start = datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)
    event.end = datetime(2024, 5, 6, 10, 0, tzinfo=timezone.utc)
    event.attendees.add(MEGAN)
    assert event.save()
    request = only(account_for(server, MEGAN).mailbox(), "Inbox", "Design review")
    assert isinstance(request, EventMessage)
    assert request.meeting_message_type == "meetingRequest"
    assert request.start == datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)
    invited = request.get_event()
    assert isinstance(invited, Event)
    assert invited.subject == "Design review" and invited.object_id != event.object_id
    assert invited.is_organizer is False
    assert invited.start == event.start


def test_get_messages_order_by_and_batch(patti: Mailbox) -> None:
    inbox = folder(patti, "Inbox")
    urls: list[str] = []
    patti.con.get_session().hooks["response"].append(
        lambda response, *args, **kwargs: urls.append(response.request.url))
    oldest_first = list(inbox.get_messages(limit=None, order_by="receivedDateTime asc", batch=2))
    received = [m.received for m in oldest_first]
    assert len(received) >= 4 and received == sorted(received)
    pages = [u for u in urls if "/messages" in u]
    assert len(pages) == (len(oldest_first) + 1) // 2
    assert "%24top=2" in pages[0] and "receivedDateTime+asc" in pages[0]
    by_subject = [m.subject for m in inbox.get_messages(limit=3, order_by="subject desc")]
    assert by_subject == sorted((m.subject or "" for m in oldest_first), reverse=True)[:3]


def test_message_delta_per_folder_over_two_rounds(patti: Mailbox, megan: Mailbox) -> None:
    inbox, archive = folder(megan, "Inbox"), folder(megan, "Archive")
    first = inbox.get_messages_delta()
    initial = list(first)
    assert {m.object_id for m in initial if isinstance(m, Message)} == {
        m.object_id for m in inbox.get_messages(limit=None)}
    archive_round = archive.get_messages_delta()
    assert list(archive_round) == [] and archive_round.delta_link
    draft = patti.new_message()
    draft.subject = "Second round"
    draft.to.add(MEGAN)
    draft.send()
    gone, archived = [m for m in initial if isinstance(m, Message)][:2]
    gone.delete()
    moved = archived.move(archive)
    second = inbox.get_messages_delta(first.delta_link)
    changes = list(second)
    added = [c for c in changes if isinstance(c, Message)]
    removed = [c for c in changes if isinstance(c, Removed)]
    assert [m.subject for m in added] == ["Second round"]
    assert sorted(r.id for r in removed) == sorted([gone.object_id or "", archived.object_id or ""])
    # The Archive's own round sees only the message moved into it.
    assert [getattr(m, "object_id", None)
            for m in archive.get_messages_delta(archive_round.delta_link)] == [moved.object_id]
    assert list(inbox.get_messages_delta(second.delta_link)) == []


def test_automatic_replies_always_scheduled_and_disabled(server: EmulatorServer) -> None:
    mailbox = account_for(server, PATTI).mailbox()
    settings = mailbox.get_settings()
    settings.set_automatic_reply("Back Monday", "Out of office", external_audience="none")
    seen = mailbox.get_settings().automatic_replies
    assert seen is not None
    assert (seen.status, seen.external_audience) == ("alwaysEnabled", "none")
    assert (seen.internal_reply_message, seen.external_reply_message) == ("Back Monday",
                                                                          "Out of office")
    start = datetime(2025, 7, 1, 8, 0, tzinfo=timezone.utc)
    end = datetime(2025, 7, 14, 17, 0, tzinfo=timezone.utc)
    settings.set_scheduled_automatic_reply("On leave", "On leave until the 14th", start, end)
    seen = mailbox.get_settings().automatic_replies
    assert seen is not None and seen.status == "scheduled" and seen.external_audience == "all"
    assert (seen.scheduled_start, seen.scheduled_end) == (start, end)
    assert seen.internal_reply_message == "On leave"
    settings.disable_automatic_reply()
    seen = mailbox.get_settings().automatic_replies
    assert seen is not None and seen.status == "disabled"
    assert seen.scheduled_start == start  # Graph keeps the window while replies are off


def test_scheduled_reply_with_end_before_start_sends_nothing(patti: Mailbox,
                                                             server: EmulatorServer) -> None:
    settings = patti.get_settings()
    before = requests_sent(server)
    with pytest.raises(ValueError, match="scheduled_end .* is before scheduled_start"):
        settings.set_scheduled_automatic_reply(
            "x", "y", datetime(2025, 7, 14, tzinfo=timezone.utc),
            datetime(2025, 7, 1, tzinfo=timezone.utc))
    with pytest.raises(ValueError, match="contactsOnly"):
        settings.set_automatic_reply("x", "y", external_audience="everyone")
    assert requests_sent(server) == before


def test_categories_crud_and_use_on_a_message(server: EmulatorServer, patti: Mailbox) -> None:
    categories = account_for(server, PATTI).outlook_categories()
    created = categories.create_category("Budget", color="preset9")
    assert (created.name, created.color) == ("Budget", "preset9")
    assert categories.get_category(created.object_id or "").name == "Budget"
    created.color = "preset2"
    assert created.update()
    assert categories.find_category("Budget").color == "preset2"
    with pytest.raises(GraphError):
        categories.create_category("budget")  # names are unique, case-insensitively
    message = next(iter(patti.get_messages()))
    message.categories = ["Budget"]
    message.save()
    assert patti.get_message(message.object_id or "").categories == ["Budget"]
    assert created.delete()
    with pytest.raises(NotFoundError, match="Budget"):
        categories.find_category("Budget")


def test_account_new_message_shortcut_with_resource(server: EmulatorServer) -> None:
    account = account_for(server, PATTI)
    mine = account.new_message()
    mine.subject = "Mine"
    mine.save()
    assert only(account.mailbox(), "Drafts", "Mine").object_id == mine.object_id
    theirs = account.new_message(MEGAN)
    theirs.subject = "For Megan"
    theirs.save()
    assert only(account.mailbox(MEGAN), "Drafts", "For Megan").is_draft
    assert not list(folder(account.mailbox(), "Drafts").get_messages(
        query=Query().filter("subject eq 'For Megan'")))


def test_move_and_copy_take_a_folder_object(patti: Mailbox) -> None:
    inbox = folder(patti, "Inbox")
    project = inbox.create_child_folder("Project X")
    message = next(iter(inbox.get_messages()))
    unread_before = inbox.unread_items_count or 0
    moved = message.move(project)
    assert moved.folder_id == project.object_id
    copied = moved.copy(patti.archive_folder())
    assert copied.folder_id == folder(patti, "Archive").object_id
    assert [m.object_id for m in project.get_messages()] == [moved.object_id]
    assert project.refresh().total_items_count == 1
    assert inbox.refresh().unread_items_count == unread_before - (0 if message.is_read else 1)


def test_patch_is_read_updates_the_folder_counts(patti: Mailbox) -> None:
    inbox = folder(patti, "Inbox")
    unread = inbox.unread_items_count or 0
    message = next(m for m in inbox.get_messages() if not m.is_read)
    message.is_read = True
    assert message.save()
    assert inbox.refresh().unread_items_count == unread - 1
    message.mark_as_unread()
    assert inbox.refresh().unread_items_count == unread
    message.delete()
    assert inbox.refresh().unread_items_count == unread - 1


def test_delete_message_by_object_or_id(patti: Mailbox, server: EmulatorServer) -> None:
    inbox = folder(patti, "Inbox")
    first, second = list(inbox.get_messages(limit=2))
    inbox.delete_message(first)
    patti.delete_message(second.object_id or "")
    for gone in (first, second):
        with pytest.raises(NotFoundError):
            patti.get_message(gone.object_id or "")
    before = requests_sent(server)
    with pytest.raises(ValueError, match="no id"):
        patti.delete_message(patti.new_message())
    assert requests_sent(server) == before


def test_send_without_a_sent_copy(patti: Mailbox, megan: Mailbox, server: EmulatorServer) -> None:
    message = patti.new_message()
    message.subject = "Not kept"
    message.body = ItemBody(content_type="text", content="Gone once sent")
    message.to.add(MEGAN)
    message.send(save_to_sent_folder=False)
    received = only(megan, "Inbox", "Not kept")
    assert received.from_ is not None and received.from_.email_address.address == PATTI
    assert received.get_body_text() == "Gone once sent"
    for name in ("Sent Items", "Drafts"):
        assert not list(folder(patti, name).get_messages(
            query=Query().filter("subject eq 'Not kept'")))
    before = requests_sent(server)
    with pytest.raises(ValueError, match="isDraft"):
        message.send(save_to_sent_folder=False)  # already sent
    assert requests_sent(server) == before


def test_a_saved_draft_cannot_skip_sent_items(patti: Mailbox, server: EmulatorServer) -> None:
    draft = patti.new_message()
    draft.subject = "Saved first"
    draft.to.add(MEGAN)
    draft.save()
    before = requests_sent(server)
    with pytest.raises(ValueError, match="id="):
        draft.send(save_to_sent_folder=False)
    assert requests_sent(server) == before
    draft.send()
    assert only(patti, "Sent Items", "Saved first").is_draft is False


def test_send_without_a_sent_copy_carries_attachments(patti: Mailbox, megan: Mailbox) -> None:
    message = patti.new_message()
    message.subject = "Not kept, attached"
    message.to.add(MEGAN)
    message.attachments.add(b"numbers", "numbers.csv")
    message.send(save_to_sent_folder=False)
    received = only(megan, "Inbox", "Not kept, attached")
    assert [a.name for a in received.attachments] == ["numbers.csv"]


def test_parent_folder(patti: Mailbox) -> None:
    inbox = folder(patti, "Inbox")
    child = inbox.create_child_folder("Invoices")
    assert child.get_parent_folder().object_id == inbox.object_id
    root = inbox.get_parent_folder()
    assert root.name == "Top of Information Store"
    assert {f.object_id for f in root.get_folders()} == {f.object_id for f in patti.get_folders()}


def test_mailbox_level_automatic_reply_shortcuts(server: EmulatorServer) -> None:
    """python-o365's MailBox.set_automatic_reply / set_disable_reply: one PATCH each, nested."""
    mailbox = account_for(server, PATTI).mailbox()
    mailbox.set_automatic_reply("Back Monday", "Out of office", external_audience="contactsOnly")
    seen = mailbox.get_settings().automatic_replies
    assert seen is not None
    assert (seen.status, seen.external_audience) == ("alwaysEnabled", "contactsOnly")
    assert seen.internal_reply_message == "Back Monday"
    mailbox.set_disable_reply()
    seen = mailbox.get_settings().automatic_replies
    assert seen is not None and seen.status == "disabled"
    assert seen.external_reply_message == "Out of office"  # a PATCH merges, it does not erase
    with pytest.raises(ValueError, match="'everyone' is not one of"):
        mailbox.set_automatic_reply("a", "b", external_audience="everyone")
