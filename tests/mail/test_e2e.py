"""Mail end to end: the generated API against the local emulator over real sockets.

Each test starts an `EmulatorServer` on an ephemeral port (seeded Contoso tenant, app-only
client credentials) and signs in as a seeded user through `Account(username=...)`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator import EmulatorServer
from generated.o365 import Account
from generated.o365.mail.mail_folder import MailFolder
from generated.o365.mail.mailbox import Mailbox
from generated.o365.mail.message import Message
from runtime.errors import GraphError, NotFoundError
from runtime.protocol import MSGraphProtocol
from runtime.query import Query
from runtime.token_backends import MemoryTokenBackend

PATTI = "patti@contoso.onmicrosoft.com"
MEGAN = "megan@contoso.onmicrosoft.com"
ALEX = "alex@contoso.onmicrosoft.com"


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=3) as emulator:
        yield emulator


def account_for(server: EmulatorServer, user: str) -> Account:
    account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                      tenant_id=server.tenant_id,
                      protocol=MSGraphProtocol(protocol_url=server.url, timezone="UTC"),
                      authority_host=server.url.rstrip("/"), username=user,
                      token_backend=MemoryTokenBackend())
    assert account.authenticate()
    return account


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
    assert patti.get_folder("inbox").object_id == folder(patti, "Inbox").object_id
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
        patti.get_folder(moved.object_id or "")


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
    draft.body = {"contentType": "html", "content": "<p>See <b>attached</b>.</p>"}
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
    with pytest.raises(ValueError, match="folder_id is required"):
        patti.get_folder("")
    assert requests_sent(server) == before


def test_failed_send_keeps_the_draft_and_a_second_send_fails(patti: Mailbox) -> None:
    draft = patti.new_message()
    draft.subject = "No recipients yet"
    with pytest.raises(GraphError, match="recipient"):
        draft.send()
    kept = patti.get_message(draft.object_id or "")
    assert kept.is_draft and kept.subject == "No recipients yet"
    draft.to.add(MEGAN)
    draft.send()
    with pytest.raises((GraphError, ValueError)):
        draft.send()


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
