"""Write then read 20,000 cells of a workbook in blocks (5,000 rows of 4 cells, 1,000 rows
per request), in a workbook session.

Library: ``Worksheet.write_rows`` then ``Worksheet.iter_rows``. Raw: ``requests`` sending the
same PATCHes of ``range(address=...)`` with the same JSON and the same GETs with
``$select=values``, each block decoded with ``json.loads``. Setup (uploading the .xlsx,
opening the session) happens before the measured section in both.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from ..clients import Traffic, library_account, preload, raw_session, segment

if TYPE_CHECKING:
    from ..child import Stopwatch
    from ..server import ServerInfo

EXCEL_MODULES = ("generated.o365.excel.workbook", "generated.o365.excel.worksheet",
                 "generated.o365._runtime.grid", "generated.o365._runtime.jsonstream", "generated.o365._runtime.sessions", "generated.o365._runtime.a1")


def _rows(count: int) -> list[list[Any]]:
    return [[f"item {n}", n, n * 0.25, n % 2 == 0] for n in range(count)]


def _workbook_file(info: ServerInfo) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _need(info: ServerInfo | None) -> ServerInfo:
    if info is None:
        raise ValueError("the Excel rows need the emulator")
    return info


def _checksum(rows: list[list[Any]]) -> int:
    return sum(int(row[1]) for row in rows)


def cells_library(clock: Stopwatch, info: ServerInfo | None,
                  params: dict[str, Any]) -> dict[str, Any]:
    info = _need(info)
    account = library_account(info)
    root = account.storage(info.user).get_default_drive().get_root_folder()
    from generated.o365.storage.file import File

    item = root.upload_file(io.BytesIO(_workbook_file(info)), "bench.xlsx",
                            conflict_handling="replace")
    assert isinstance(item, File)
    workbook = item.open_workbook()
    workbook.session.create_session()
    sheet = workbook.get_worksheet("Data")
    preload(*EXCEL_MODULES)
    rows, block = _rows(params["rows"]), params["block_rows"]
    traffic = Traffic(account.con.get_session())
    with clock:
        written = sheet.write_rows(rows, start="A1", block_rows=block)
        last = f"D{params['rows']}"
        read = list(sheet.iter_rows(address=f"A1:{last}", block_rows=block))
    assert written == len(read) == len(rows)
    return {"items": len(read), "checksum": _checksum(read), "requests": traffic.requests}


def cells_raw(clock: Stopwatch, info: ServerInfo | None,
              params: dict[str, Any]) -> dict[str, Any]:
    info = _need(info)
    session = raw_session(info)
    drive = f"{info.graph_url}drives/{segment(info.drive_id)}"
    uploaded = session.put(f"{drive}/items/{segment(info.root_id)}:/bench.xlsx:/content",
                           data=_workbook_file(info),
                           timeout=60, headers={"Content-Type": "application/octet-stream"},
                           params={"@microsoft.graph.conflictBehavior": "replace"})
    uploaded.raise_for_status()
    workbook = f"{drive}/items/{uploaded.json()['id']}/workbook"
    created = session.post(f"{workbook}/createSession", json={"persistChanges": True},
                           headers={"Prefer": "respond-async"}, timeout=60)
    created.raise_for_status()
    status = session.get(created.headers["Location"], timeout=60).json()
    session_id = session.get(status["resourceLocation"], timeout=60).json()["id"]
    session.headers["workbook-session-id"] = session_id
    sheet = f"{workbook}/worksheets/Data"
    rows, block = _rows(params["rows"]), params["block_rows"]
    traffic = Traffic(session)
    with clock:
        for start in range(0, len(rows), block):
            part = rows[start:start + block]
            address = f"A{start + 1}:D{start + len(part)}"
            reply = session.patch(f"{sheet}/range(address='{address}')", timeout=60,
                                  json={"values": part})
            reply.raise_for_status()
        read: list[list[Any]] = []
        for start in range(0, len(rows), block):
            address = f"A{start + 1}:D{min(start + block, len(rows))}"
            reply = session.get(f"{sheet}/range(address='{address}')", timeout=60,
                                params={"$select": "values"})
            reply.raise_for_status()
            read += json.loads(reply.content)["values"]
    assert len(read) == len(rows)
    return {"items": len(read), "checksum": _checksum(read), "requests": traffic.requests}
