"""Iterate every message of a seeded folder, reading the same few fields of each.

The library reads ``id``, ``subject``, ``is_read``, ``from_.email_address.address`` and
``received`` (an aware datetime); raw ``requests`` reads the same keys from the dicts. The
library decodes with orjson when installed, or the standard library with ``"decoder":
"stdlib"`` in the params (the row without the ``[speedups]`` extra).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..clients import (
    MAIL_MODULES,
    Traffic,
    choose_decoder,
    library_account,
    preload,
    raw_session,
    segment,
)

if TYPE_CHECKING:
    from ..child import Stopwatch
    from ..server import ServerInfo


def _folder(info: ServerInfo | None, params: dict[str, Any]) -> tuple[ServerInfo, str]:
    if info is None:
        raise ValueError("paging needs the emulator")
    return info, info.folders[str(params["messages"])]


def paging_library(clock: Stopwatch, info: ServerInfo | None,
                   params: dict[str, Any]) -> dict[str, Any]:
    info, folder_id = _folder(info, params)
    decoder = choose_decoder(params)
    account = library_account(info)
    traffic = Traffic(account.con.get_session())
    folder = account.mailbox(info.user).get_folder(folder_id=folder_id)
    preload(*MAIL_MODULES)
    traffic.reset()
    items = unread = chars = 0
    with clock:
        for message in folder.get_messages(limit=None, page_size=params["page_size"]):
            _ = message.id
            sender = message.from_
            email = sender.email_address if sender is not None else None
            address = email.address if email is not None else ""
            chars += len(message.subject or "") + len(address or "")
            unread += not message.is_read
            _ = message.received
            items += 1
    return {"items": items, "unread": unread, "chars": chars, "requests": traffic.requests,
            "decoder": decoder}


def paging_raw(clock: Stopwatch, info: ServerInfo | None,
               params: dict[str, Any]) -> dict[str, Any]:
    info, folder_id = _folder(info, params)
    session = raw_session(info)
    traffic = Traffic(session)
    base = f"{info.graph_url}users/{info.user}/mailFolders/{segment(folder_id)}"
    session.get(base, timeout=60).raise_for_status()  # the library's get_folder, unmeasured
    traffic.reset()
    items = unread = chars = 0
    with clock:
        url: str | None = f"{base}/messages"
        query: dict[str, Any] | None = {"$top": params["page_size"]}
        while url is not None:
            response = session.get(url, params=query, timeout=60)
            response.raise_for_status()
            page = json.loads(response.content)
            query = None  # the nextLink carries the query
            url = page.get("@odata.nextLink")
            for data in page["value"]:
                _ = data["id"]
                sender = data["from"]
                email = sender["emailAddress"] if sender is not None else None
                address = email["address"] if email is not None else ""
                chars += len(data["subject"] or "") + len(address or "")
                unread += not data["isRead"]
                _ = data["receivedDateTime"]
                items += 1
    return {"items": items, "unread": unread, "chars": chars, "requests": traffic.requests}
