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
from tests.excel.build_cassettes import DRIVE_ID, ITEM_ID, OPERATION_ID, OPERATION_LOCATION
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


def test_worksheet_get_update_used_range_cell_delete(graph_con: Connection) -> None:
    """worksheet-get.md, worksheet-update.md, worksheet-usedrange.md, worksheet-cell.md and
    worksheet-delete.md, chained on the id the documented GET returned."""
    with cassette("worksheet.yaml", CASSETTES) as played:
        sheet = workbook(graph_con).get_worksheet("Sheet1")
        assert (sheet.id, sheet.name, sheet.position, sheet.visibility) == \
            ("id-value", "name-value", 99, "visibility-value")
        assert sheet.refresh() is sheet and sheet.position == 99
        assert sheet.update(position=99, name="name-value", visibility="visibility-value") is True
        used = sheet.get_used_range(values_only=True)
        assert (used.address, used.address_local) == ("address-value", "addressLocal-value")
        cell = sheet.get_cell(2, 3)
        assert (cell.cell_count, cell.column_count, cell.column_index) == (1, 1, 3)
        assert cell.value_types == "valueTypes-value"
        assert sheet.delete() is True
        assert played.all_played


def test_table_get_update_convert_to_range(graph_con: Connection) -> None:
    """table-get.md, table-update.md and table-converttorange.md."""
    with cassette("table.yaml", CASSETTES) as played:
        table = workbook(graph_con).get_table("Table1")
        assert (table.id, table.name, table.show_headers, table.show_totals, table.style) == \
            ("99", "name-value", True, True, "style-value")
        assert table.refresh() is table and table.style == "style-value"
        assert table.update(name="name-value", show_headers=True, show_totals=True,
                            style="style-value") is True
        cells = table.convert_to_range()
        assert (cells.address, cells.cell_count, cells.column_count) == ("address-value", 99, 99)
        assert played.all_played


def test_range_clear_delete_insert_merge_unmerge(graph_con: Connection) -> None:
    """range-clear.md (204), range-delete.md, range-insert.md, range-merge.md, range-unmerge.md:
    each request must match the documented one (path and body) and play in order."""
    cells = bound(Range, graph_con, {"address": "Sheet1!A1:B2"}, drive_id=DRIVE_ID,
                  item_id=ITEM_ID)
    with cassette("range_actions.yaml", CASSETTES) as played:
        cells.clear("Formats")
        cells.delete("Left")
        inserted = cells.insert_range("Right")
        assert (inserted.address_local, inserted.column_index) == ("addressLocal-value", 99)
        assert inserted.value_types == "valueTypes-value"
        cells.merge(across=True)
        cells.unmerge()
        assert played.all_played


def test_named_item_get(graph_con: Connection) -> None:
    """nameditem-get.md: the documented value is an (empty) object, kept as JSON."""
    with cassette("names_get.yaml", CASSETTES) as played:
        named = workbook(graph_con).get_named_range("name-value")
        assert (named.name, named.data_type, named.value, named.visible) == \
            ("name-value", "type-value", {}, True)
        assert named.refresh() is named and named.data_type == "type-value"
        assert played.all_played


def test_application_get_and_calculate(graph_con: Connection) -> None:
    """workbookapplication-get.md and workbookapplication-calculate.md."""
    with cassette("application.yaml", CASSETTES) as played:
        app = workbook(graph_con).get_workbookapplication()
        assert app.get_details() is app
        assert app.calculation_mode == "calculationMode-value"
        app.calculate("Full")
        assert played.all_played


def test_operation_get(graph_con: Connection) -> None:
    """workbookoperation-get.md: running, then succeeded with the result's location."""
    with cassette("operation.yaml", CASSETTES) as played:
        operation = workbook(graph_con).get_operation(OPERATION_ID)
        assert (operation.id, operation.status) == (OPERATION_ID, "running")
        assert operation.resource_location is None
        assert operation.refresh() is operation and operation.status == "succeeded"
        location = operation.resource_location
        assert location is not None and location.startswith(
            "https://graph.microsoft.com/beta/me/drive/items/01CCETFLK7GVZTZHSQNRD2AEI5XWTCU6FJ/")
        assert played.all_played


def test_table_ranges_and_clear_filters(graph_con: Connection) -> None:
    """table-databodyrange.md, table-headerrowrange.md and table-clearfilters.md."""
    table = bound(Table, graph_con, {"id": "99", "name": "name-value"}, drive_id=DRIVE_ID,
                  item_id=ITEM_ID)
    with cassette("table_ranges.yaml", CASSETTES) as played:
        body = table.get_data_body_range()
        assert (body.address, body.cell_count, body.value_types) == \
            ("address-value", 99, "valueTypes-value")
        header = table.get_header_row_range()
        assert (header.address_local, header.column_count) == ("addressLocal-value", 99)
        table.clear_filters()
        assert played.all_played


def test_range_entire_column_row_last_cell_fill_clear(graph_con: Connection) -> None:
    """range-entirecolumn.md, range-entirerow.md, range-lastcell.md and rangefill-clear.md."""
    cells = bound(Range, graph_con, {"address": "Sheet1!A1:B2"}, drive_id=DRIVE_ID,
                  item_id=ITEM_ID)
    with cassette("range_functions.yaml", CASSETTES) as played:
        for found in (cells.entire_column(), cells.entire_row(), cells.get_last_cell()):
            assert (found.address, found.column_index, found.cell_count) == \
                ("address-value", 99, 99)
        cells.format.fill.clear()
        assert played.all_played
