"""Deterministic Graph message documents, shared by the seeded emulator and the parse test.

A message looks like what ``GET /users/{id}/mailFolders/{id}/messages`` returns by default
(every property, a short HTML body), so parsing costs what it costs on real mail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["ATTRIBUTES", "message", "messages"]

#: What both clients read from every message (library attribute, JSON path).
ATTRIBUTES = (
    ("subject", ("subject",)),
    ("is_read", ("isRead",)),
    ("from_.address", ("from", "emailAddress", "address")),
    ("received", ("receivedDateTime",)),
)

_PEOPLE = [("Adele Vance", "adele"), ("Megan Bowen", "megan"), ("Alex Wilber", "alex"),
           ("Lee Gu", "lee"), ("Nestor Wilke", "nestor"), ("Diego Siciliani", "diego")]
_DOMAIN = "contoso.onmicrosoft.com"
_BODY = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
         "</head><body><p>Hi team,</p><p>Here are the notes from message {n}: the quarterly "
         "numbers are in, the review is on Thursday and the draft deck is attached to the "
         "thread. Please add your comments before Wednesday noon.</p><p>Thanks,<br>{name}</p>"
         "</body></html>")


def _recipient(index: int) -> dict[str, Any]:
    name, alias = _PEOPLE[index % len(_PEOPLE)]
    return {"emailAddress": {"name": name, "address": f"{alias}@{_DOMAIN}"}}


def message(n: int, folder_id: str = "") -> dict[str, Any]:
    """Message number ``n`` (without ``id``: the emulator assigns Outlook-like ids)."""
    sender = _recipient(n)
    minute, second = divmod(n % 3600, 60)
    stamp = f"2024-03-{1 + n % 28:02d}T{8 + n % 10:02d}:{minute:02d}:{second:02d}Z"
    return {
        "createdDateTime": stamp,
        "lastModifiedDateTime": stamp,
        "changeKey": f"CQAAABYAAAB{n:08d}",
        "categories": ["Blue category"] if n % 7 == 0 else [],
        "receivedDateTime": stamp,
        "sentDateTime": stamp,
        "hasAttachments": n % 5 == 0,
        "internetMessageId": f"<MSG{n:08d}@{_DOMAIN}>",
        "subject": f"Quarterly review notes #{n}",
        "bodyPreview": "Hi team, Here are the notes: the quarterly numbers are in, the review is "
                       "on Thursday and the draft deck is attached to the thread.",
        "importance": "normal",
        "parentFolderId": folder_id,
        "conversationId": f"AAQkAGI2TG93AAA{n // 3:010d}=",
        "isDeliveryReceiptRequested": False,
        "isReadReceiptRequested": False,
        "isRead": n % 3 == 0,
        "isDraft": False,
        "webLink": f"https://outlook.office365.com/owa/?ItemID=AAMk{n:010d}&viewmodel=ReadMessageItem",
        "inferenceClassification": "focused",
        "body": {"contentType": "html", "content": _BODY.format(n=n, name=sender["emailAddress"]["name"])},
        # Graph leaves uniqueBody out unless selected; the emulator would render it as null,
        # which python-o365 cannot read, so it gets an empty body.
        "uniqueBody": {"contentType": "html", "content": ""},
        "sender": sender,
        "from": sender,
        "toRecipients": [_recipient(n + 1), _recipient(n + 2)],
        "ccRecipients": [_recipient(n + 3)] if n % 2 else [],
        "bccRecipients": [],
        "replyTo": [],
        "flag": {"flagStatus": "notFlagged"},
    }


def messages(count: int, folder_id: str = "") -> Iterator[dict[str, Any]]:
    return (message(n, folder_id) for n in range(count))
