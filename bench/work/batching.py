"""100 single-message GETs: as 5 ``$batch`` POSTs of 20, and as 100 plain GETs.

Each is measured for the library (``generated.o365._runtime.batch.Batch`` around ``mailbox.get_message``;
plain ``mailbox.get_message``) and for raw ``requests`` sending the same JSON / URLs.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..clients import (
    MAIL_MODULES,
    PREFER,
    Traffic,
    library_account,
    preload,
    raw_session,
    segment,
)

if TYPE_CHECKING:
    from ..child import Stopwatch
    from ..server import ServerInfo

BATCH_SIZE = 20  # Graph's limit per $batch POST


def _ids(info: ServerInfo | None, params: dict[str, Any]) -> tuple[ServerInfo, list[str]]:
    if info is None:
        raise ValueError("batching needs the emulator")
    return info, info.batch_ids[: params["count"]]


def batch_library(clock: Stopwatch, info: ServerInfo | None,
                  params: dict[str, Any]) -> dict[str, Any]:
    from generated.o365._runtime.batch import Batch

    info, ids = _ids(info, params)
    account = library_account(info)
    traffic = Traffic(account.con.get_session())
    mailbox = account.mailbox(info.user)
    preload(*MAIL_MODULES)
    chars = 0
    with clock:
        with Batch(account.con) as batch:
            pending = [batch.call(mailbox.get_message, message_id) for message_id in ids]
        for item in pending:
            chars += len(item.result().subject or "")
    return {"items": len(pending), "chars": chars, "requests": traffic.requests}


def batch_raw(clock: Stopwatch, info: ServerInfo | None,
              params: dict[str, Any]) -> dict[str, Any]:
    info, ids = _ids(info, params)
    session = raw_session(info)
    traffic = Traffic(session)
    items = chars = 0
    with clock:
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start:start + BATCH_SIZE]
            body = {"requests": [
                {"id": str(start + n + 1), "method": "GET",
                 "url": f"/users/{info.user}/messages/{segment(message_id)}",
                 "headers": {"Prefer": PREFER}}
                for n, message_id in enumerate(chunk)]}
            response = session.post(f"{info.graph_url}$batch", json=body, timeout=60)
            response.raise_for_status()
            answers = {a["id"]: a for a in json.loads(response.content)["responses"]}
            for n in range(len(chunk)):
                answer = answers[str(start + n + 1)]
                if answer["status"] != 200:
                    raise RuntimeError(f"batched GET failed with {answer['status']}")
                chars += len(answer["body"]["subject"] or "")
                items += 1
    return {"items": items, "chars": chars, "requests": traffic.requests}


def get100_library(clock: Stopwatch, info: ServerInfo | None,
                   params: dict[str, Any]) -> dict[str, Any]:
    info, ids = _ids(info, params)
    account = library_account(info)
    traffic = Traffic(account.con.get_session())
    mailbox = account.mailbox(info.user)
    preload(*MAIL_MODULES)
    items = chars = 0
    with clock:
        for message_id in ids:
            chars += len(mailbox.get_message(message_id).subject or "")
            items += 1
    return {"items": items, "chars": chars, "requests": traffic.requests}


def get100_raw(clock: Stopwatch, info: ServerInfo | None,
               params: dict[str, Any]) -> dict[str, Any]:
    info, ids = _ids(info, params)
    session = raw_session(info)
    traffic = Traffic(session)
    base = f"{info.graph_url}users/{info.user}/messages/"
    items = chars = 0
    with clock:
        for message_id in ids:
            response = session.get(base + segment(message_id), timeout=60)
            response.raise_for_status()
            chars += len(json.loads(response.content)["subject"] or "")
            items += 1
    return {"items": items, "chars": chars, "requests": traffic.requests}
