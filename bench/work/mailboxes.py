"""The 10 latest messages of each of 50 mailboxes, with every Graph answer 50 ms late.

Both variants use the library and send the same requests (one ``GET users/{upn}/messages``
with ``$top=10`` per mailbox): ``mailboxes_sequential`` is the loop a user writes first,
``mailboxes_concurrent`` the same calls through ``account.concurrent(...)``. The row compares wall
time: the emulator's latency (``bench.serve --latency``) stands for Graph's round trip.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from ..clients import MAIL_MODULES, Traffic, library_account, preload

if TYPE_CHECKING:
    from generated.o365.mail.message import Message

    from ..child import Stopwatch
    from ..server import ServerInfo

WORKERS = 16  # the connection's pool of sockets (generated.o365._runtime.concurrency.MAX_WORKERS)


def _read(boxes: Iterable[Iterable[Message]]) -> tuple[int, int]:
    items = chars = 0
    for box in boxes:
        for message in box:
            chars += len(message.subject or "")
            items += 1
    return items, chars


def _run(clock: Stopwatch, info: ServerInfo | None, params: dict[str, Any],
         concurrently: bool) -> dict[str, Any]:
    if info is None or len(info.mailboxes) < params["mailboxes"]:
        raise ValueError("the mailboxes row needs the emulator with --mailboxes")
    account = library_account(info)
    traffic = Traffic(account.con.get_session())
    boxes = info.mailboxes[: params["mailboxes"]]
    latest = params["latest"]
    preload(*MAIL_MODULES, "generated.o365._runtime.concurrency")
    with clock:
        if concurrently:
            read = account.concurrent([partial(account.mailbox(upn).get_messages, limit=latest)
                               for upn in boxes], max_workers=WORKERS)
        else:
            read = [list(account.mailbox(upn).get_messages(limit=latest)) for upn in boxes]
        items, chars = _read(read)
    return {"items": items, "chars": chars, "requests": traffic.requests}


def mailboxes_sequential(clock: Stopwatch, info: ServerInfo | None,
                         params: dict[str, Any]) -> dict[str, Any]:
    return _run(clock, info, params, concurrently=False)


def mailboxes_concurrent(clock: Stopwatch, info: ServerInfo | None,
                         params: dict[str, Any]) -> dict[str, Any]:
    return _run(clock, info, params, concurrently=True)
