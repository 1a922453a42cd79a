"""Recipes for the Excel placeholders of the documented replays (docs_examples/excel/).

A workbook is a real .xlsx (built with openpyxl in memory) that Adele uploads to her drive,
as a Graph user would; everything else is made on it with the documented Excel calls
(worksheetcollection-add.md, tablecollection-add.md, nameditem-add.md,
workbook-createsession.md). Paths address the workbook as the docs do:
`me/drive/items/{workbook}/workbook/...`.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from .fidelity import Caller

# Sheet1 as the docs' examples assume it: a header row and four rows of values (A1:D5).
SHEET1: list[list[Any]] = [
    ["Name", "Region", "Qty", "Price"],
    ["pen", "East", 2, 1.5],
    ["ink", "West", 3, 4.0],
    ["pad", "East", 5, 2.25],
    ["cap", "North", 1, 9.0],
]


def xlsx_bytes(rows: list[list[Any]], title: str = "Sheet1") -> bytes:
    """An .xlsx file with one sheet `title` holding `rows` from A1."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ExcelRecipes:
    """Adele's workbook and what the Excel pages act on, made with Graph calls."""

    me: Caller
    n: int

    def id(self, name: str) -> str:  # World's
        raise NotImplementedError

    def name(self, what: str) -> str:  # World's
        raise NotImplementedError

    def _book(self) -> str:
        """The Graph path of {workbook}'s workbook."""
        return f"me/drive/items/{self.id('workbook')}/workbook"

    def make_workbook(self) -> str:
        """The drive item id of book-<n>.xlsx: Sheet1 holds SHEET1 at A1:D5."""
        reply = self.me.call("PUT", f"me/drive/root:/book-{self.n}.xlsx:/content",
                             data=xlsx_bytes(SHEET1))
        assert reply.status_code in (200, 201), reply.text
        return str(reply.json()["id"])

    def make_sheet(self) -> str:
        """The id of {workbook}'s Sheet1 (the one with values)."""
        return str(self.me.get(f"{self._book()}/worksheets/Sheet1")["id"])

    def _added(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """What an Excel `add` action answered: the new entity, 200 OK (an action's result)."""
        return dict(self.me.ok("POST", f"{self._book()}/{path}", 200, json=body))

    def make_worksheet(self) -> str:
        """The id of a new, empty sheet of {workbook} (worksheetcollection-add.md)."""
        return str(self._added("worksheets/add", {"name": f"Added{self.n}"})["id"])

    def make_table(self) -> str:
        """The id of a table on Sheet1!A1:D5 with a header row (tablecollection-add.md)."""
        return str(self._added("tables/add", {"address": "Sheet1!A1:D5", "hasHeaders": True})["id"])

    def make_named_range(self) -> str:
        """The name `Prices`, naming Sheet1!$D$2:$D$5 in {workbook} (nameditem-add.md)."""
        return str(self._added("names/add", {"name": "Prices", "reference": "=Sheet1!$D$2:$D$5",
                                             "comment": "What each item costs"})["name"])

    def make_session(self) -> str:
        """A persistent session on {workbook} (workbook-createsession.md)."""
        return str(self.me.ok("POST", f"{self._book()}/createSession", 201,
                              json={"persistChanges": True})["id"])

    # ------------------------------------------------------------------ range and worksheet pages
    def make_sheet_name(self) -> str:
        """`Qty`, a name scoped to {workbook}'s Sheet1 (nameditem-add.md, worksheet form)."""
        return str(self._added(f"worksheets/{self.id('sheet')}/names/add",
                               {"name": "Qty", "reference": "=Sheet1!$C$2:$C$5"})["name"])

    def make_protected_sheet(self) -> str:
        """{worksheet}, protected (worksheetprotection-protect.md)."""
        sheet = self.id("worksheet")
        self.me.ok("POST", f"{self._book()}/worksheets/{sheet}/protection/protect", 204, json={})
        return sheet

    def make_data_name(self) -> str:
        """`Data`, a workbook name for Sheet1!$A$1:$H$10 (the values and blank cells around
        them): the {name} of the range pages' names/{name}/range examples."""
        return str(self._added("names/add", {"name": "Data", "reference": "=Sheet1!$A$1:$H$10"})
                   ["name"])
