"""The generated Excel API against Microsoft's documented example requests and responses.

Cassettes are written by tests/excel/build_cassettes.py; each interaction names its source
page of microsoftgraph/microsoft-graph-docs-contrib (api-reference/v1.0/api/*.md). Requests
must match the documented ones, bodies included, or playback fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365.excel.range import Range
from generated.o365.excel.table import Table
from generated.o365.excel.workbook import Workbook
from generated.o365.storage.file import File
from tests.excel.build_cassettes import DRIVE_ID, ITEM_ID, OPERATION_LOCATION
from tests.storage.conftest import bound, cassette

CASSETTES = Path(__file__).parent / "cassettes"


def workbook(con: Connection, *, use_session: bool = False) -> Workbook:
    item = bound(File, con, {"id": ITEM_ID, "name": "book.xlsx", "file": {},
                             "parentReference": {"driveId": DRIVE_ID}}, drive_id=DRIVE_ID)
    wb: Workbook = item.open_workbook(use_session=use_session)
    return wb


def test_create_session(graph_con: Connection) -> None:
    """workbook-createsession.md: 201 with the session, and the 202 long-running form."""
    wb = workbook(graph_con, use_session=True)
    with cassette("session.yaml", CASSETTES) as played:
        assert wb.session.create_session() == "id-value"
        assert wb.session.persist is True
        second = workbook(graph_con, use_session=True)
        with pytest.raises(Exception) as polled:  # 202: the Location is polled next
            second.session.create_session()
        assert OPERATION_LOCATION in str(polled.value)  # the poll is not in the cassette
    assert played.play_count == 2


def test_add_worksheet(graph_con: Connection) -> None:
    """worksheetcollection-add.md."""
    with cassette("worksheet_add.yaml", CASSETTES) as played:
        sheet = workbook(graph_con).add_worksheet("name-value")
        assert (sheet.id, sheet.name, sheet.position, sheet.visibility) == \
            ("id-value", "name-value", 99, "visibility-value")
        assert played.all_played


def test_update_range(graph_con: Connection) -> None:
    """range-update.md: values, formulas and number formats, null leaving a cell as it is."""
    cells = bound(Range, graph_con, {"address": "Sheet1!A1:B2"}, drive_id=DRIVE_ID,
                  item_id=ITEM_ID)
    cells.values = [["Hello", "100"], ["1/1/2016", None]]
    cells.formulas = [[None, None], [None, "=B1*2"]]
    cells.number_format = [[None, None], ["m-ddd", None]]
    with cassette("range_update.yaml", CASSETTES) as played:
        assert cells.update() is True
        assert played.all_played
    assert (cells.address, cells.cell_count, cells.column_index) == ("address-value", 99, 99)


def test_update_font(graph_con: Connection) -> None:
    """rangefont-update.md: the font's changed properties, to the font's own path."""
    cells = bound(Range, graph_con, {"address": "Sheet1!F15:N27"}, drive_id=DRIVE_ID,
                  item_id=ITEM_ID)
    font = cells.format.font
    font.bold, font.color, font.italic = True, "color-value", True
    font.name, font.size, font.underline = "name-value", 99, "underline-value"
    with cassette("font_update.yaml", CASSETTES) as played:
        assert cells.format.update() is True  # the format itself is unchanged: only the font
        assert played.all_played
    assert font.size == 99 and font.bold is True


def test_add_rows(graph_con: Connection) -> None:
    """tablerowcollection-add.md: two rows in one request, at index 5."""
    table = bound(Table, graph_con, {"id": "Table1", "name": "Table1"}, drive_id=DRIVE_ID,
                  item_id=ITEM_ID)
    with cassette("rows_add.yaml", CASSETTES) as played:
        row = table.add_rows([[1, 2, 3], [4, 5, 6]], index=5)
        assert played.all_played
    assert row.index == 99 and row.values == "values-value"


def test_add_named_range(graph_con: Connection) -> None:
    """nameditem-add.md."""
    with cassette("names_add.yaml", CASSETTES) as played:
        named = workbook(graph_con).add_named_range("test5", "=Sheet1!$F$15:$N$27",
                                                    comment="Comment for the named item")
        assert played.all_played
    assert (named.name, named.scope, named.data_type, named.value, named.visible) == \
        ("test5", "Workbook", "Range", "Sheet1!$F$15:$N$27", True)
