"""python-o365 (O365 on PyPI), unmodified, doing everyday work against the emulator.

Everything goes through python-o365's own classes and methods with their defaults: sign-in
through its MSAL-based `Account.authenticate`, Graph at https://graph.microsoft.com/v1.0
(through the emulator's proxy), attachments over 3 MB and files over 4 MB through its own
upload sessions. Usage follows python-o365's documentation (docs/source/usage/*.rst).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from O365 import Account
from O365.utils.token import MemoryTokenBackend

from .conftest import (
    ADELE,
    ALEX,
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    PUBLIC_CLIENT_ID,
    TENANT,
    Emulator,
)

MB = 1024 * 1024
ZONE = ZoneInfo("Europe/Madrid")


def consent(url: str) -> str:
    """What a user does in the browser: open the consent URL, come back on the redirect."""
    answer = requests.get(url, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text
    return str(answer.headers["Location"])


@pytest.fixture(scope="module")
def app(emulator: Emulator) -> Account:
    """App-only (client credentials): python-o365's way to work on any user's mailbox."""
    account = Account((CLIENT_ID, CLIENT_SECRET), auth_flow_type="credentials",
                      tenant_id=TENANT, token_backend=MemoryTokenBackend())
    assert account.authenticate()
    return account


@pytest.fixture(scope="module")
def me(emulator: Emulator) -> Account:
    """Delegated: the authorization code flow, the consent page answered by `consent`."""
    account = Account((CLIENT_ID, CLIENT_SECRET), token_backend=MemoryTokenBackend())
    assert account.authenticate(requested_scopes=["basic", "message_all", "calendar_all",
                                                  "onedrive_all", "users"],
                                handle_consent=consent)
    return account


@pytest.fixture()
def mailbox(app: Account) -> Any:
    return app.mailbox(resource=ADELE)


@pytest.fixture()
def schedule(app: Account) -> Any:
    return app.schedule(resource=ADELE)


@pytest.fixture()
def drive(app: Account) -> Any:
    return app.storage(resource=ADELE).get_default_drive(request_drive=True)


def wait_for(find: Any, tries: int = 20) -> Any:
    """Outlook delivers asynchronously; the emulator at once, but don't depend on it."""
    for _ in range(tries):
        found = find()
        if found:
            return found
    raise AssertionError("not found")


# ---------------------------------------------------------------------- sign-in
def test_sign_in_client_credentials(app: Account) -> None:
    assert app.is_authenticated
    assert app.con.token_backend.get_access_token() is not None


def test_sign_in_authorization_code(me: Account) -> None:
    assert me.is_authenticated
    assert me.get_current_user_data().mail == me.con.username


def test_sign_in_password(emulator: Emulator) -> None:
    account = Account(PUBLIC_CLIENT_ID, auth_flow_type="password", tenant_id=TENANT,
                      username=ADELE, password=PASSWORD, token_backend=MemoryTokenBackend())
    with pytest.warns(DeprecationWarning):  # MSAL's warning about ROPC
        assert account.authenticate(requested_scopes=["basic", "message_all"])
    assert account.directory(resource="me").get_current_user().mail == ADELE


# ---------------------------------------------------------------------- directory
def test_users_paged(app: Account) -> None:
    users = list(app.directory().get_users(limit=None, batch=5))
    assert len(users) == 12
    assert ADELE in {user.mail for user in users}


def test_user_by_email_with_manager_and_reports(app: Account) -> None:
    directory = app.directory()
    alex = directory.get_user(ALEX)
    assert alex.full_name == "Alex Wilber"
    assert directory.get_user_manager(alex.object_id).full_name == "Megan Bowen"
    reports = directory.get_user_direct_reports(directory.get_user(ADELE).object_id)
    assert list(reports) == []


def test_current_user(me: Account) -> None:
    assert me.directory(resource="me").get_current_user().full_name


# ---------------------------------------------------------------------- mail
def test_inbox_paged(mailbox: Any) -> None:
    messages = list(mailbox.inbox_folder().get_messages(limit=6, batch=2))
    assert len(messages) == 6
    assert all(m.subject is not None and m.received for m in messages)


def test_get_message_by_id(mailbox: Any) -> None:
    first = next(iter(mailbox.inbox_folder().get_messages(limit=1)))
    again = mailbox.get_message(first.object_id)
    assert (again.object_id, again.subject) == (first.object_id, first.subject)


def test_filter_messages(mailbox: Any) -> None:
    subject = next(iter(mailbox.inbox_folder().get_messages(limit=1))).subject
    query = mailbox.new_query().equals("subject", subject)
    found = list(mailbox.inbox_folder().get_messages(query=query))
    assert found and all(m.subject == subject for m in found)


def test_folders_create_rename_delete(mailbox: Any) -> None:
    names = {f.name for f in mailbox.get_folders()}
    assert {"Inbox", "Drafts", "Sent Items"} <= names
    folder = mailbox.create_child_folder("Peers o365")
    assert folder.update_folder_name("Peers o365 renamed")
    assert mailbox.get_folder(folder_name="Peers o365 renamed").folder_id == folder.folder_id
    assert folder.delete()


def test_send_mail(app: Account, mailbox: Any) -> None:
    message = mailbox.new_message()
    message.to.add(ALEX)
    message.subject = "Peers: plain send"
    message.body = "<p>Hello from python-o365</p>"
    assert message.send()
    inbox = app.mailbox(resource=ALEX).inbox_folder()
    query = inbox.new_query().equals("subject", "Peers: plain send")
    received = wait_for(lambda: list(inbox.get_messages(query=query)))
    assert received[0].sender.address == ADELE


def test_draft_with_small_attachment(mailbox: Any, files: Any) -> None:
    draft = mailbox.new_message()
    draft.to.add(ALEX)
    draft.subject = "Peers: small attachment"
    draft.attachments.add(files("agenda.txt", 2048))
    assert draft.save_draft()
    stored = mailbox.get_message(draft.object_id, download_attachments=True)
    assert [a.name for a in stored.attachments] == ["agenda.txt"]


def test_draft_with_large_attachment(mailbox: Any, files: Any, tmp_path: Path) -> None:
    draft = mailbox.new_message()
    draft.to.add(ALEX)
    draft.subject = "Peers: large attachment"
    big = files("video.bin", 7 * MB + 12345)  # over 3 MB: python-o365's upload session
    draft.attachments.add(big)
    assert draft.save_draft()
    stored = mailbox.get_message(draft.object_id, download_attachments=True)
    (attachment,) = stored.attachments
    assert attachment.name == "video.bin"
    out = tmp_path / "out"
    out.mkdir()  # python-o365 saves into an existing folder
    assert attachment.save(out)
    assert (out / "video.bin").read_bytes() == big.read_bytes()


def test_send_draft_with_attachment(app: Account, mailbox: Any, files: Any) -> None:
    draft = mailbox.new_message()
    draft.to.add(ALEX)
    draft.subject = "Peers: draft then send"
    draft.attachments.add(files("notes.txt", 512))
    assert draft.save_draft()
    assert draft.send()
    inbox = app.mailbox(resource=ALEX).inbox_folder()
    query = inbox.new_query().equals("subject", "Peers: draft then send")
    received = wait_for(lambda: list(inbox.get_messages(query=query)))
    assert received[0].has_attachments


def test_reply_and_forward(mailbox: Any) -> None:
    original = next(iter(mailbox.inbox_folder().get_messages(limit=1)))
    reply = original.reply()
    reply.body = "Thanks!"
    assert reply.send()
    forward = original.forward()
    forward.to.add(ALEX)
    assert forward.send()


def test_mark_as_read_move_copy_delete(app: Account, mailbox: Any) -> None:
    sent = app.mailbox(resource=ALEX).new_message()
    sent.to.add(ADELE)
    sent.subject = "Peers: to be moved"
    assert sent.send()
    inbox = mailbox.inbox_folder()
    query = inbox.new_query().equals("subject", "Peers: to be moved")
    (message,) = wait_for(lambda: list(inbox.get_messages(query=query)))
    assert message.mark_as_read()  # python-o365 refuses this on a draft, so: a received one
    archive = mailbox.create_child_folder("Peers archive")
    copy = message.copy(archive)
    assert copy and copy.object_id != message.object_id
    assert message.move(archive)
    assert [m.subject for m in archive.get_messages()] == ["Peers: to be moved"] * 2
    assert message.delete()
    assert archive.delete()


def test_mailbox_settings(mailbox: Any) -> None:
    settings = mailbox.get_settings()
    assert settings.timezone


# ---------------------------------------------------------------------- calendar
def test_calendars(schedule: Any) -> None:
    default = schedule.get_default_calendar()
    assert default.name
    created = schedule.new_calendar("Peers calendar")
    assert created.name == "Peers calendar"
    assert created.name in {c.name for c in schedule.list_calendars()}
    assert created.delete()


def test_single_event_create_update_delete(schedule: Any) -> None:
    event = schedule.new_event()
    event.subject = "Peers: review"
    event.location = "Room 1"
    event.start = dt.datetime(2030, 5, 6, 10, 0, tzinfo=ZONE)
    event.end = dt.datetime(2030, 5, 6, 11, 0, tzinfo=ZONE)
    event.attendees.add(ALEX)
    assert event.save()
    stored = schedule.get_default_calendar().get_event(event.object_id)
    assert stored.subject == "Peers: review" and stored.location["displayName"] == "Room 1"
    stored.subject = "Peers: review (moved)"
    assert stored.save()
    assert schedule.get_default_calendar().get_event(event.object_id).subject.endswith("(moved)")
    assert stored.delete()


def test_recurring_event_and_its_occurrences(schedule: Any) -> None:
    event = schedule.new_event()
    event.subject = "Peers: daily stand-up"
    event.start = dt.datetime(2030, 6, 3, 9, 0, tzinfo=ZONE)
    event.end = dt.datetime(2030, 6, 3, 9, 15, tzinfo=ZONE)
    # python-o365 starts a recurrence today unless told; Graph wants the event's first day
    event.recurrence.set_daily(1, start=dt.date(2030, 6, 3), end=dt.date(2030, 6, 7))
    assert event.save()
    # save() keeps the local object as it was (a single event): read the series back
    event = schedule.get_default_calendar().get_event(event.object_id)
    start, end = dt.datetime(2030, 6, 1, tzinfo=ZONE), dt.datetime(2030, 6, 30, tzinfo=ZONE)
    occurrences = list(event.get_occurrences(start, end))
    assert len(occurrences) == 5
    view = schedule.get_default_calendar().get_events(
        limit=50, include_recurring=True, start_recurring=start, end_recurring=end)
    assert sum(e.subject == "Peers: daily stand-up" for e in view) == 5
    assert event.delete()


def test_accept_an_invitation(app: Account) -> None:
    organizer = app.schedule(resource=ALEX)
    event = organizer.new_event()
    event.subject = "Peers: invitation"
    event.start = dt.datetime(2030, 7, 1, 14, 0, tzinfo=ZONE)
    event.end = dt.datetime(2030, 7, 1, 15, 0, tzinfo=ZONE)
    event.attendees.add(ADELE)
    assert event.save()
    calendar = app.schedule(resource=ADELE).get_default_calendar()
    start, end = dt.datetime(2030, 7, 1, tzinfo=ZONE), dt.datetime(2030, 7, 2, tzinfo=ZONE)
    invited = wait_for(lambda: [e for e in calendar.get_events(
        include_recurring=True, start_recurring=start, end_recurring=end)
        if e.subject == "Peers: invitation"])
    assert invited[0].accept_event("See you there")


def test_availability(schedule: Any) -> None:
    start = dt.datetime(2030, 5, 6, 8, 0, tzinfo=ZONE)
    answer = schedule.get_availability([ADELE, ALEX], start, start + dt.timedelta(hours=8))
    assert {entry["scheduleId"] for entry in answer} == {ADELE, ALEX}


# ---------------------------------------------------------------------- drive
@pytest.fixture()
def folder(drive: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    created = drive.get_root_folder().create_child_folder(f"peers-{request.node.name}")
    yield created
    created.delete()


def test_drive_and_root(drive: Any) -> None:
    assert drive.object_id
    root = drive.get_root_folder()
    assert root.is_folder
    assert isinstance(list(root.get_items()), list)


def test_upload_small_and_download(folder: Any, files: Any, tmp_path: Path) -> None:
    source = files("report.txt", 10_000)
    uploaded = folder.upload_file(source)
    assert uploaded.name == "report.txt" and uploaded.size == 10_000
    (tmp_path / "down").mkdir()  # python-o365 downloads into an existing folder
    uploaded.download(tmp_path / "down")
    assert (tmp_path / "down" / "report.txt").read_bytes() == source.read_bytes()


def test_upload_large_in_chunks_and_download(folder: Any, files: Any, tmp_path: Path) -> None:
    source = files("big.bin", 9 * MB + 7)  # over 4 MB: python-o365's upload session
    uploaded = folder.upload_file(source)
    assert uploaded.size == source.stat().st_size
    (tmp_path / "down").mkdir()
    uploaded.download(tmp_path / "down", chunk_size=MB)
    assert (tmp_path / "down" / "big.bin").read_bytes() == source.read_bytes()


def test_item_by_path_children_search(drive: Any, folder: Any, files: Any) -> None:
    folder.upload_file(files("needle.txt", 100))
    item = drive.get_item_by_path(f"/{folder.name}/needle.txt")
    assert item.name == "needle.txt"
    assert [i.name for i in folder.get_items()] == ["needle.txt"]
    assert "needle.txt" in {i.name for i in drive.search("needle")}


def test_rename_move_copy_delete(drive: Any, folder: Any, files: Any) -> None:
    item = folder.upload_file(files("draft.txt", 100))
    assert item.update(name="final.txt")
    target = folder.create_child_folder("sub")
    assert item.move(target)
    operation = item.copy(target=folder, name="copy.txt")
    for _status, _percent in operation.check_status():  # follows Graph's monitor URL
        pass
    copied = operation.get_item()
    assert copied.name == "copy.txt"
    assert sorted(i.name for i in folder.get_items()) == ["copy.txt", "sub"]
    assert item.delete()


def test_share_and_versions(folder: Any, files: Any) -> None:
    item = folder.upload_file(files("shared.txt", 100))
    link = item.share_with_link(share_type="view")
    assert link.share_link
    assert item.get_versions()


def test_recent_and_shared_with_me(me: Account) -> None:
    drive = me.storage().get_default_drive()
    assert isinstance(list(drive.get_recent()), list)
    assert isinstance(list(drive.get_shared_with_me()), list)
