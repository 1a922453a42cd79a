"""Checked by mypy in test_typing.py, not run: the types users see on generated models."""

from __future__ import annotations

import datetime

from typing_extensions import assert_type

from generated.o365._runtime.fields import ModelList
from generated.o365._runtime.paging import Paginator
from generated.o365.mail.message import Message
from generated.o365.types import Importance, Recipient


def reads(message: Message) -> None:
    assert_type(message.subject, str | None)
    assert_type(message.received, datetime.datetime | None)
    assert_type(message.importance, Importance | str | None)
    assert_type(message.from_, Recipient | None)
    assert_type(message.to, ModelList[Recipient])
    assert_type(message.reply(), Message)


def pages(folder_messages: Paginator[Message]) -> None:
    for item in folder_messages:
        assert_type(item, Message)
