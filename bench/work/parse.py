"""Parse only: pages of message JSON already in memory, no HTTP in the measured part.

Setup fetches the seeded folder's pages from the emulator as bytes (both variants alike).
Library: the decoder the paginator uses (``generated.o365._runtime.jsondecode.loads``: orjson when installed,
the standard library with ``"decoder": "stdlib"`` in the params) + the builder it uses per
item + the same reads as the paging scenario. Raw: ``json.loads`` + the same keys from the dicts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..clients import choose_decoder, raw_session, segment

if TYPE_CHECKING:
    from ..child import Stopwatch
    from ..server import ServerInfo


def fetch_pages(info: ServerInfo | None, messages: int, page_size: int) -> list[bytes]:
    """The raw bodies of every page of the seeded folder holding ``messages`` messages."""
    if info is None:
        raise ValueError("parse needs the emulator to fetch its documents")
    import json

    session = raw_session(info)
    folder = segment(info.folders[str(messages)])
    url: str | None = f"{info.graph_url}users/{info.user}/mailFolders/{folder}/messages"
    query: dict[str, Any] | None = {"$top": page_size}
    pages: list[bytes] = []
    while url is not None:
        response = session.get(url, params=query, timeout=60)
        response.raise_for_status()
        pages.append(response.content)
        query = None
        url = json.loads(response.content).get("@odata.nextLink")
    session.close()
    return pages


def parse_library(clock: Stopwatch, info: ServerInfo | None,
                  params: dict[str, Any]) -> dict[str, Any]:
    from generated.o365 import Connection, MSGraphProtocol
    from generated.o365._runtime.jsondecode import loads
    from generated.o365.mail.message import Message

    pages = fetch_pages(info, params["messages"], params["page_size"])
    assert info is not None
    decoder = choose_decoder(params)
    con = Connection(protocol=MSGraphProtocol(protocol_url=info.url, timezone="UTC"))
    resource = f"users/{info.user}"
    collection = f"{resource}/mailFolders/{segment(info.folders[str(params['messages'])])}/messages"
    # The same builder Paginator gets from a folder's get_messages (Resource._factory).
    build = Message._factory(con, {"resource": resource, "parent": collection,
                                   "collection": collection})
    items = unread = chars = 0
    with clock:
        for body in pages:
            for message in map(build, loads(body)["value"]):
                _ = message.id
                sender = message.from_
                email = sender.email_address if sender is not None else None
                address = email.address if email is not None else ""
                chars += len(message.subject or "") + len(address or "")
                unread += not message.is_read
                _ = message.received
                items += 1
    return {"items": items, "unread": unread, "chars": chars, "requests": 0, "decoder": decoder}


def parse_raw(clock: Stopwatch, info: ServerInfo | None,
              params: dict[str, Any]) -> dict[str, Any]:
    import json

    pages = fetch_pages(info, params["messages"], params["page_size"])
    items = unread = chars = 0
    with clock:
        for body in pages:
            for data in json.loads(body)["value"]:
                _ = data["id"]
                sender = data["from"]
                email = sender["emailAddress"] if sender is not None else None
                address = email["address"] if email is not None else ""
                chars += len(data["subject"] or "") + len(address or "")
                unread += not data["isRead"]
                _ = data["receivedDateTime"]
                items += 1
    return {"items": items, "unread": unread, "chars": chars, "requests": 0}
