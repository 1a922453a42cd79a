"""The emulator's POST {resource}/sendMail behaviour (G: api/user-sendmail.md), called directly.

These drive the behaviour function with the emulator's app and store (bodies the generated
client never sends included), then read the result over HTTP through the generated API.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from generated.o365._runtime.query import Query
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.behaviours import ActionContext
from generated.o365.emulator.behaviours.mail import send_mail
from generated.o365.emulator.errors import GraphError
from generated.o365.mail.file_attachment import FileAttachment
from tests.mail.test_e2e import MEGAN, PATTI, account_for, folder


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=5) as emulator:
        yield emulator


def call_send_mail(server: EmulatorServer, user: str, body: Any) -> tuple[int, bytes]:
    ctx = ActionContext(server.graph, None, None, server.user_scope(user), {}, body)  # type: ignore[arg-type]
    status, _, payload = send_mail(ctx)
    return status, payload


def message(subject: str, **extra: Any) -> dict[str, Any]:
    return {"subject": subject, "body": {"contentType": "text", "content": "Hello"},
            "toRecipients": [{"emailAddress": {"address": MEGAN}}], **extra}


def sent_items(server: EmulatorServer, subject: str) -> list[Any]:
    mailbox = account_for(server, PATTI).mailbox()
    return list(folder(mailbox, "Sent Items").get_messages(
        query=Query().filter(f"subject eq '{subject}'")))


def test_send_mail_without_a_sent_copy(server: EmulatorServer) -> None:
    # user-sendmail.md example 1 writes the flag as the string "false"; Graph takes both.
    assert call_send_mail(server, PATTI, {"message": message("No copy"),
                                          "saveToSentItems": "false"}) == (202, b"")
    megan = account_for(server, MEGAN).mailbox()
    (received,) = list(folder(megan, "Inbox").get_messages(
        query=Query().filter("subject eq 'No copy'")))
    assert received.from_ is not None and received.from_.email_address.address == PATTI
    assert not received.is_draft
    assert sent_items(server, "No copy") == []
    drafts = folder(account_for(server, PATTI).mailbox(), "Drafts")
    assert not list(drafts.get_messages(query=Query().filter("subject eq 'No copy'")))


def test_send_mail_keeps_a_sent_copy_by_default_with_inline_attachments(
        server: EmulatorServer) -> None:
    attachment = {"@odata.type": "#microsoft.graph.fileAttachment", "name": "a.txt",
                  "contentType": "text/plain",
                  "contentBytes": base64.b64encode(b"attached").decode()}
    call_send_mail(server, PATTI, {"message": message("With copy", attachments=[attachment])})
    (copy,) = sent_items(server, "With copy")
    (stored,) = list(copy.attachments)
    assert isinstance(stored, FileAttachment) and stored.content == b"attached"
    assert copy.has_attachments


def test_send_mail_refuses_bad_bodies_and_stores_nothing(server: EmulatorServer) -> None:
    scope = server.user_scope(PATTI)
    before = len(server.store.items("microsoft.graph.message", scope))
    with pytest.raises(GraphError, match="recipient"):
        call_send_mail(server, PATTI, {"message": {"subject": "Nobody"}})
    with pytest.raises(GraphError, match="message is missing"):
        call_send_mail(server, PATTI, {"saveToSentItems": False})
    with pytest.raises(GraphError, match="boolean"):
        call_send_mail(server, PATTI, {"message": message("Odd"), "saveToSentItems": "no"})
    with pytest.raises(GraphError, match="@odata.type"):
        call_send_mail(server, PATTI, {"message": message("Odd", attachments=[{"name": "x"}])})
    assert len(server.store.items("microsoft.graph.message", scope)) == before
