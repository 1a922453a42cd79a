"""Mail behaviour that needs no server: builders, validation and change tracking.

Everything here runs inside `Connection.capture()`, where sending any request raises
`Deferred`; a test passing therefore also proves that nothing was sent.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365.mail.mailbox import Mailbox
from generated.o365.mail.message import Message
from generated.o365.types import FollowupFlag, FollowupFlagStatus, Importance

UTC = dt.timezone.utc


@pytest.fixture
def draft() -> Iterator[Message]:
    with Connection(protocol=MSGraphProtocol(timezone="UTC")) as con, con.capture():
        yield Mailbox(con, "me").new_message()


def test_flag_builders_set_status_and_dates() -> None:
    flag = FollowupFlag()
    start, due = dt.datetime(2025, 1, 6, 9, tzinfo=UTC), dt.datetime(2025, 1, 8, 17, tzinfo=UTC)
    flag.set_flagged(start_date=start, due_date=due)
    assert flag.status is FollowupFlagStatus.FLAGGED
    assert (flag.start_date, flag.due_date) == (start, due)
    flag.set_completed(completed_date=due)
    assert flag.status is FollowupFlagStatus.COMPLETE and flag.completed_date == due
    flag.clear()
    assert flag.status is FollowupFlagStatus.NOT_FLAGGED
    assert flag.start_date is None and flag.due_date is None and flag.completed_date is None


def test_flag_on_a_message_is_a_tracked_change(draft: Message) -> None:
    draft.flag = FollowupFlag()
    draft.clear_changes()
    assert draft.flag is not None
    draft.flag.set_flagged(due_date=dt.datetime(2025, 1, 8, 17, tzinfo=UTC))
    assert list(draft.changes()) == ["flag"]
    assert draft.changes()["flag"]["flagStatus"] == "flagged"
    assert draft.changes()["flag"]["dueDateTime"] == {"dateTime": "2025-01-08T17:00:00.0000000",
                                                      "timeZone": "UTC"}


def test_recipients_accept_strings_pairs_and_objects(draft: Message) -> None:
    draft.to.add("adele@contoso.com")
    draft.to.add(("Alex Wilber", "alex@contoso.com"))
    draft.cc.add({"emailAddress": {"address": "megan@contoso.com"}})
    draft.bcc.extend(["lee@contoso.com"])
    draft.reply_to.add("noreply@contoso.com")
    assert [r.email_address.address for r in draft.to] == ["adele@contoso.com", "alex@contoso.com"]
    assert draft.to[1].email_address.name == "Alex Wilber"
    draft.to.remove("ADELE@contoso.com")  # addresses compare case-insensitively
    assert [r.email_address.address for r in draft.to] == ["alex@contoso.com"]
    draft.cc.clear()
    assert len(draft.cc) == 0
    body = draft.changes()
    assert body["toRecipients"] == [{"emailAddress": {"name": "Alex Wilber",
                                                      "address": "alex@contoso.com"}}]
    assert body["bccRecipients"] == [{"emailAddress": {"address": "lee@contoso.com"}}]


@pytest.mark.parametrize("bad", ["not-an-address", "a@", "@b.com", "a b@c.com", ""])
def test_invalid_addresses_are_refused_clearly(draft: Message, bad: str) -> None:
    with pytest.raises(ValueError, match="address"):
        draft.to.add(bad)
    assert len(draft.to) == 0


def test_headers_importance_receipts_categories(draft: Message) -> None:
    draft.subject = "Launch"
    draft.importance = Importance.HIGH
    draft.is_read_receipt_requested = True
    draft.is_delivery_receipt_requested = True
    draft.categories = ["Red category"]
    draft.message_headers.add({"name": "x-custom-header-group-name", "value": "Washington"})
    body = draft.changes()
    assert body["importance"] == "high"
    assert body["isReadReceiptRequested"] is True and body["isDeliveryReceiptRequested"] is True
    assert body["internetMessageHeaders"] == [{"name": "x-custom-header-group-name",
                                               "value": "Washington"}]


def test_delay_delivery_sets_the_deferred_send_time(draft: Message) -> None:
    when = dt.datetime(2025, 3, 1, 8, 30, tzinfo=UTC)
    draft.delay_delivery(when)
    (prop,) = draft.changes()["singleValueExtendedProperties"]
    assert prop["id"] == "SystemTime 0x3FEF"
    assert dt.datetime.fromisoformat(str(prop["value"]).replace("Z", "+00:00")) == when


def test_body_text_strips_html(draft: Message) -> None:
    draft.body = {"contentType": "html",
                  "content": "<html><body><p>Hello&nbsp;<b>team</b></p><p>Bye</p></body></html>"}
    text = draft.get_body_text() or ""
    assert "Hello" in text and "team" in text and "Bye" in text and "<" not in text


def test_pending_attachments_from_bytes_file_and_inline(draft: Message, tmp_path: object) -> None:
    draft.attachments.add(b"%PDF-1.4", "notes.pdf")
    draft.attachments.add(io.BytesIO(b"\x89PNG...."), "logo.png", content_id="logo")
    names = [p.name for p in draft.attachments.pending]
    assert names == ["notes.pdf", "logo.png"]
    inline = draft.attachments.pending[1]
    assert inline.inline and inline.content_id == "logo"
    with pytest.raises(ValueError, match="name"):
        draft.attachments.add(b"no name")
    with pytest.raises(FileNotFoundError, match="missing.docx"):
        draft.attachments.add("missing.docx")


def test_new_message_is_not_sent_until_saved(draft: Message) -> None:
    draft.subject = "Draft only"
    assert draft.object_id is None and draft.is_dirty


def test_sending_a_sent_message_again_fails_before_any_request(draft: Message) -> None:
    draft.raw.update({"id": "AAMkSENT", "isDraft": False})
    with pytest.raises(ValueError, match="isDraft=False; this operation needs True"):
        draft.send()


def test_move_accepts_a_folder_object_or_an_id(draft: Message) -> None:
    from generated.o365._runtime.request import Deferred
    from generated.o365.mail.mail_folder import MailFolder

    draft.raw["id"] = "AAMkMSG"
    folder = MailFolder.from_api({"id": "AAMkFOLDER"})
    with pytest.raises(Deferred) as captured:
        draft.move(folder)
    assert captured.value.request.json == {"destinationId": "AAMkFOLDER"}
    with pytest.raises(Deferred) as captured:
        draft.move("archive")
    assert captured.value.request.json == {"destinationId": "archive"}


def test_account_offers_new_message_for_any_mailbox() -> None:
    from generated.o365 import Account

    account = Account(("client-id", "secret"), auth_flow_type="credentials", tenant_id="contoso.onmicrosoft.com")
    with account.con.capture():
        message = account.new_message(resource="shared@contoso.com")
    assert message._ctx["collection"] == "users/shared@contoso.com/messages"


def test_category_colours_take_python_o365_names() -> None:
    from generated.o365.mail.outlook_category import OutlookCategory
    from generated.o365.types import CategoryColor

    assert CategoryColor("red") is CategoryColor.PRESET0
    assert CategoryColor("DarkBlue") is CategoryColor.PRESET22
    category = OutlookCategory.from_api({"displayName": "Urgent", "color": "preset1"})
    category.color = "red"
    assert category.changes() == {"color": "preset0"}
    with pytest.raises(ValueError):
        CategoryColor("ultraviolet")
