"""Recipes for the table, column and operation placeholders of the Excel documented replays.

They build on world_excel.py's workbook and table ({workbook}, {table}) with the documented
calls: table-list-columns.md, table-update.md (showTotals), and workbook-createsession.md's
long-running form (Prefer: respond-async), whose operation workbookoperation-get.md reads.
"""

from __future__ import annotations

from urllib.parse import unquote

from .fidelity import Caller


class ExcelTableRecipes:
    """A table's column, a table with its totals row shown, a long-running session creation."""

    me: Caller

    def id(self, name: str) -> str:  # World's
        raise NotImplementedError

    def _workbook(self) -> str:
        """{workbook}'s Graph path (as world_excel.py's recipes address it)."""
        return f"me/drive/items/{self.id('workbook')}/workbook"

    def _first_column(self, table: str) -> str:
        columns = self.me.get(f"{self._workbook()}/tables/{table}/columns")["value"]
        assert columns, "a table has at least one column"
        return str(columns[0]["id"])

    def make_column(self) -> str:
        """The id of {table}'s first column (Name)."""
        return self._first_column(self.id("table"))

    def make_totals_table(self) -> str:
        """A table on {workbook}'s Sheet1 with its totals row shown (table-update.md)."""
        table = self.id("table")
        self.me.ok("PATCH", f"{self._workbook()}/tables/{table}", 200, json={"showTotals": True})
        return table

    def make_totals_column(self) -> str:
        return self._first_column(self.id("totals_table"))

    def _async_session(self) -> str:
        """The Location of a session created the long-running way (workbook-createsession.md,
        example 1): an operations/{id} URL."""
        reply = self.me.call("POST", f"{self._workbook()}/createSession",
                             json={"persistChanges": True}, headers={"Prefer": "respond-async"})
        assert reply.status_code == 202, reply.text
        return str(reply.headers["Location"])

    def make_workbook_operation(self) -> str:
        """The id of {workbook}'s session-creation operation."""
        return self._async_session().rsplit("/operations/", 1)[1]

    def make_session_key(self) -> str:
        """The key the operation's resourceLocation names: sessionInfoResource(key='...')."""
        found = self.me.get(f"{self._workbook()}/operations/{self.id('workbook_operation')}")
        location = unquote(str(found["resourceLocation"]))
        return location.split("key='", 1)[1].split("'", 1)[0]
