"""The bridge between workbooks and the emulator's drive: .xlsx bytes in, openpyxl books out.

A file uploaded through storage opens here; a changed workbook is written back into the file
before its content is read, so it downloads as an .xlsx that Excel and openpyxl open.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook as Book

    from .state import ExcelState, OpenBook

DRIVE_ITEM = "microsoft.graph.driveItem"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_book(state: ExcelState, item_id: str) -> OpenBook:
    """The item's workbook, loaded again when its stored content changed."""
    from openpyxl import load_workbook

    from .state import OpenBook, error

    transfers = state.app.transfers
    with transfers._lock:  # the stored bytes, without running the flush hooks (us)
        blob = transfers._blobs.get(item_id)
    content = blob.content if blob is not None else None
    found = state.books.get(item_id)
    if found is not None and (found.source is content or found.dirty):
        return found
    if content:
        try:
            book = load_workbook(io.BytesIO(content))
        except Exception:  # noqa: BLE001 - any unreadable file is "not a workbook"
            raise error(400, "InvalidArgument", "The file is not a valid .xlsx workbook.") from None
    else:
        book = sample_book()  # a seeded file with no content yet
    opened = OpenBook(book, content)
    state.books[item_id] = opened
    return opened


def flush_book(state: ExcelState, item_id: str) -> None:
    """Write a changed workbook back into the file (before its content is read)."""
    with state.lock:
        opened = state.books.get(item_id)
        if opened is None or not opened.dirty:
            return
        buffer = io.BytesIO()
        opened.book.save(buffer)
        content = buffer.getvalue()
        state.app.transfers.put_content(item_id, content, XLSX_TYPE)
        opened.source = state.app.transfers._blobs[item_id].content
        opened.dirty = False
        record = state.app.store.get(DRIVE_ITEM, item_id)
        if record is not None:
            state.app.store.update(record, {"size": len(content)})


def copy_book(state: ExcelState, item_id: str) -> Book:
    """A non-persistent session's private copy of the workbook."""
    from openpyxl import load_workbook

    buffer = io.BytesIO()
    state.open(item_id).book.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


def sample_book() -> Book:
    """What a seeded .xlsx without stored content opens as: a small budget with a table
    (Expenses), a total formula and a named range (Total), so every workbook object exists."""
    from openpyxl import Workbook as NewBook
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.table import Table, TableStyleInfo

    from .tables import refresh_columns

    book = NewBook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Budget"
    for row in (["Category", "Amount"], ["Rent", 1200], ["Food", 450], ["Travel", 300]):
        sheet.append(row)
    sheet["D1"], sheet["D2"] = "Total", "=SUM(B2:B4)"
    table = Table(id=1, displayName="Expenses", ref="A1:B4")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    refresh_columns(sheet, table)
    book.defined_names["Total"] = DefinedName(name="Total", attr_text="Budget!$D$2")
    return book

