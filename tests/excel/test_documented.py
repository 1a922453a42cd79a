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
from generated.o365.excel.range_border import RangeBorder
from generated.o365.excel.range_format import RangeFormat
from generated.o365.excel.table import Table
from generated.o365.excel.workbook import Workbook
from generated.o365.excel.worksheet import Worksheet
from generated.o365.excel.worksheet_protection import WorksheetProtection
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


def cells_at(con: Connection, address: str = "Sheet1!A1:B2") -> Range:
    cells: Range = bound(Range, con, {"address": address}, drive_id=DRIVE_ID, item_id=ITEM_ID)
    return cells


def sheet1(con: Connection) -> Worksheet:
    """Sheet1, addressed by its name as the docs' worksheets/{id|name} allows."""
    sheet: Worksheet = bound(Worksheet, con, {"id": "Sheet1", "name": "Sheet1"},
                             drive_id=DRIVE_ID, item_id=ITEM_ID)
    return sheet


def test_range_get_format_and_sort(graph_con: Connection) -> None:
    """range-get.md, rangeformat-get.md and rangesort-apply.md (its whole documented body)."""
    cells = cells_at(graph_con)
    with cassette("range_get.yaml", CASSETTES) as played:
        assert cells.refresh() is cells
        assert (cells.address, cells.address_local, cells.cell_count) == \
            ("address-value", "addressLocal-value", 99)
        cells = cells_at(graph_con)  # the documented address is a placeholder: start again
        fmt = cells.get_format()
        assert isinstance(fmt, RangeFormat)
        assert (fmt.column_width, fmt.horizontal_alignment, fmt.row_height) == \
            (99, "horizontalAlignment-value", 99)
        assert fmt.refresh() is fmt and fmt.row_height == 99
        cells.sort([{"key": 99, "sortOn": "sortOn-value", "ascending": True,
                     "color": "color-value", "dataOption": "dataOption-value",
                     "icon": {"set": "set-value", "index": 99}}],
                   match_case=True, has_headers=True, orientation="orientation-value",
                   method="method-value")
        assert played.all_played


def test_range_functions(graph_con: Connection) -> None:
    """range-cell.md, range-column.md, range-row.md, range-boundingrect.md,
    range-intersection.md, workbookrange-columnsafter.md, workbookrange-columnsbefore.md,
    workbookrange-rowsabove.md, workbookrange-rowsbelow.md, range-lastcolumn.md,
    range-lastrow.md, range-offsetrange.md, workbookrange-resizedrange.md and
    range-usedrange.md: each a GET of a function of the range, answered with a range."""
    cells, wide = cells_at(graph_con), cells_at(graph_con, "Sheet1!B2:C5")
    with cassette("range_derived.yaml", CASSETTES) as played:
        found = [cells.get_cell(5, 6), cells.get_column(5), cells.get_row(2),
                 wide.get_bounding_rect("D10:E15"), wide.get_intersection("D10:E15")]
        hidden = [cells.get_columns_after(columns=2), cells.get_columns_before(columns=2),
                  cells.get_rows_above(rows=2), cells.get_rows_below(rows=2)]
        found += [cells.get_last_column(), cells.get_last_row(), cells.get_offset_range(3, 5)]
        hidden.append(cells.get_resized_range(2, 1))
        used = cells.get_used_range(values_only=True)
        assert played.all_played
    for each in found:
        assert isinstance(each, Range)
        assert (each.address, each.column_index, each.value_types) == \
            ("address-value", 99, "valueTypes-value")
    for each in hidden:
        assert (each.address_local, each.column_hidden, each.cell_count) == \
            ("addressLocal-value", True, 99)
    assert (used.cell_count, used.column_count, used.column_index) == (90, 90, 90)


def test_range_iter_rows_reads_blocks(graph_con: Connection) -> None:
    """range-get.md per block: A1:B4 read two rows at a time is two documented GETs (the
    documented response has no values, so no row comes back: the requests are the test)."""
    cells = cells_at(graph_con, "Sheet1!A1:B4")
    seen: list[tuple[int, int | None]] = []
    with cassette("range_blocks.yaml", CASSETTES) as played:
        rows = list(cells.iter_rows(block_rows=2, progress=lambda done, total: seen.append(
            (done, total))))
        assert played.all_played
    assert rows == [] and seen == [(0, 4), (0, 4)]


def test_worksheet_blocks(graph_con: Connection) -> None:
    """range-update.md as blocks (update_cells, write_rows) and range-get.md as blocks
    (iter_rows): each block a documented request with the documented values."""
    sheet = sheet1(graph_con)
    with cassette("worksheet_blocks.yaml", CASSETTES) as played:
        assert sheet.update_cells("A1:B2", [["Hello", "100"], ["1/1/2016", None]]) == 2
        assert sheet.write_rows([["Hello", "100"], ["1/1/2016", None]], block_rows=1) == 2
        assert list(sheet.iter_rows(address="A1:B4", block_rows=2)) == []
        assert played.all_played


def test_range_format_font_fill_update(graph_con: Connection) -> None:
    """rangeformat-update.md: the first cell's format, font and fill, each to its own path."""
    cell = cells_at(graph_con, "Sheet1!$A$1")
    fmt = cell.format
    fmt.column_width, fmt.vertical_alignment, fmt.row_height, fmt.wrap_text = 135, "Top", 49, False
    with cassette("range_format.yaml", CASSETTES) as played:
        assert fmt.update() is True
        font = fmt.font
        font.bold, font.color, font.size = True, "#4B180E", 26
        assert font.update() is True
        fmt.fill.color = "#FF0000"
        assert fmt.fill.update() is True
        assert played.all_played
    assert (fmt.horizontal_alignment, fmt.column_width, fmt.wrap_text) == ("General", 135, False)
    assert (font.name, font.italic, font.underline) == ("Calibri", False, "None")
    assert fmt.fill.color == "#FF0000"


def test_range_font_fill_borders_autofit(graph_con: Connection) -> None:
    """rangefont-get.md, rangefill-get.md, rangeformat-list-borders.md, rangeborder-get.md,
    rangeborder-update.md, rangeformat-autofitcolumns.md and rangeformat-autofitrows.md."""
    fmt = cells_at(graph_con).format
    with cassette("range_format_parts.yaml", CASSETTES) as played:
        font = fmt.get_font()
        assert (font.bold, font.name, font.size, font.underline) == \
            (True, "name-value", 99, "underline-value")
        assert font.refresh() is font
        fill = fmt.get_fill()
        assert fill.color == "color-value" and fill.refresh() is fill
        borders = list(fmt.get_borders())
        assert [(b.side_index, b.style, b.weight) for b in borders] == \
            [("sideIndex-value", "style-value", "weight-value")]
        border = fmt.get_border("EdgeTop")
        assert isinstance(border, RangeBorder) and border.id == "id-value"
        assert border.refresh() is border  # by the side the documented response named
        border.color, border.style, border.weight = "color-value", "style-value", "weight-value"
        assert border.update() is True
        fmt.auto_fit_columns()
        fmt.auto_fit_rows()
        assert played.all_played


def test_worksheet_ranges_tables_names(graph_con: Connection) -> None:
    """worksheet-range.md, worksheet-list-tables.md, table-get.md, worksheet-post-tables.md,
    worksheet-list-names.md, nameditem-get.md and nameditem-add.md, on one sheet."""
    sheet = sheet1(graph_con)
    with cassette("worksheet_parts.yaml", CASSETTES) as played:
        cells = sheet.get_range("A1:B2")
        assert (cells.address, cells.column_count) == ("address-value", 99)
        tables = list(sheet.get_tables())
        assert [(t.id, t.name, t.style) for t in tables] == [("99", "name-value", "style-value")]
        assert sheet.get_table("99").show_totals is True
        added = sheet.add_table("A1:D8", has_headers=False)
        assert isinstance(added, Table) and added.id == "99"
        assert [(n.name, n.scope) for n in sheet.get_named_ranges()] == [("myrange", "worksheet")]
        named = sheet.get_named_range("name-value")
        assert (named.data_type, named.value, named.visible) == ("type-value", {}, True)
        named = sheet.add_named_range("test5", "=Sheet1!$F$15:$N$27",
                                      comment="Comment for the named item")
        assert (named.name, named.value, named.comment) == \
            ("test5", "Sheet1!$F$15:$N$27", "Comment for the named item")
        assert played.all_played


def test_worksheet_protection(graph_con: Connection) -> None:
    """worksheetprotection-get.md, worksheetprotection-protect.md (every documented option)
    and worksheetprotection-unprotect.md."""
    sheet = sheet1(graph_con)
    options = {name: True for name in (
        "allowFormatCells", "allowFormatColumns", "allowFormatRows", "allowInsertColumns",
        "allowInsertRows", "allowInsertHyperlinks", "allowDeleteColumns", "allowDeleteRows",
        "allowSort", "allowAutoFilter", "allowPivotTables")}
    with cassette("worksheet_protection.yaml", CASSETTES) as played:
        protection = sheet.get_protection()
        assert isinstance(protection, WorksheetProtection) and protection.protected is True
        assert protection.refresh() is protection and protection.protected is True
        sheet.protect(options)
        sheet.unprotect()
        assert played.all_played


def test_range_worksheet(graph_con: Connection) -> None:
    """The range's worksheet relationship (resources/range.md), answered with the worksheet
    worksheet-get.md documents: no page gives this navigation an example of its own."""
    with cassette("range_worksheet.yaml", CASSETTES) as played:
        sheet = cells_at(graph_con).get_worksheet()
        assert played.all_played
    assert isinstance(sheet, Worksheet)
    assert (sheet.id, sheet.name, sheet.position) == ("id-value", "name-value", 99)
