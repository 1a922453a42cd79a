"""Excel end to end: every operation of the generated API against the emulator over real sockets.

Each test uploads a real .xlsx (built with openpyxl) through the storage API, opens it as a
workbook, works on it, and where it matters downloads the file again and opens it with
openpyxl to see that the change is in the .xlsx itself.
"""

from __future__ import annotations

import pytest

from generated.o365 import Account
from generated.o365._runtime.errors import ConflictError, NotFoundError, ResultError
from generated.o365.excel.range import Range
from generated.o365.excel.table import Table
from generated.o365.excel.workbook import Workbook
from generated.o365.excel.worksheet import Worksheet
from generated.o365.storage.file import File
from tests.excel.conftest import download, upload, xlsx


def test_entry_points_open_the_same_workbook(account: Account, sales_file: File) -> None:
    excel = account.excel()
    upload(account, xlsx(), "notes.txt.xlsx.bak")  # not a workbook: search finds it, keep drops it
    found = list(excel.get_workbooks())
    assert [type(w) for w in found] == [Workbook] * len(found)
    assert len(found) >= 1
    by_id = excel.get_workbook(sales_file.id)
    by_path = excel.get_workbook_by_path("/sales.xlsx")
    for wb in (by_id, by_path, sales_file.open_workbook()):
        with wb:
            assert [s.name for s in wb.get_worksheets()] == ["Sales"]
            assert wb.session.session_id is not None
        assert wb.session.session_id is None  # `with` closed it


def test_worksheets_add_get_rename_reorder_hide_delete(workbook: Workbook) -> None:
    added = workbook.add_worksheet("Costs")
    assert isinstance(added, Worksheet) and added.name == "Costs" and added.position == 1
    default = workbook.add_worksheet()
    assert default.name == "Sheet3"
    assert workbook.get_worksheet("Costs").id == added.id
    assert workbook.get_worksheet(added.id).name == "Costs"
    assert added.update(name="Budget", position=0) is True
    assert added.name == "Budget" and added.position == 0
    assert [s.name for s in workbook.get_worksheets()] == ["Budget", "Sales", "Sheet3"]
    default.visibility = "Hidden"
    assert default.update() is True
    assert default.refresh().visibility == "Hidden"
    with pytest.raises(ConflictError):
        workbook.add_worksheet("Sales")
    assert workbook.delete_worksheet("Sheet3") is True
    assert added.delete() is True
    assert [s.name for s in workbook.get_worksheets()] == ["Sales"]
    with pytest.raises(NotFoundError):
        workbook.get_worksheet("Budget")


def test_range_values_formulas_text_and_number_formats(workbook: Workbook,
                                                        sales_file: File) -> None:
    sheet = workbook.get_worksheet("Sales")
    cells = sheet.get_range("A1:C4")
    assert isinstance(cells, Range)
    assert cells.address == "Sales!A1:C4"
    assert (cells.row_count, cells.column_count, cells.cell_count) == (4, 3, 12)
    assert cells.values[1] == ["pen", 2, 1.5]
    assert cells.value_types[1] == ["String", "Double", "Double"]
    totals = sheet.range("D2:D4")
    totals.formulas = [["=B2*C2"], ["=B3*C3"], ["=B4*C4"]]
    assert totals.update() is True
    assert totals.values == [[3], [12], [11.25]]
    total = sheet.get_range("D5")
    total.formulas = "=SUM(D2:D4)"
    total.number_format = "0.00"
    total.update()
    assert total.values == [[26.25]] and total.text == [["26.25"]]
    assert total.formulas == [["=SUM(D2:D4)"]]
    sheet.get_range("E2").formulas = "=VLOOKUP(A2,A1:C4,2)"  # not set: nothing sent
    other = sheet.get_range("E2")
    other.formulas = "=VLOOKUP(A2,A1:C4,2)"
    other.update()
    assert other.values == [["#NAME?"]] and other.value_types == [["Error"]]
    broadcast = sheet.get_range("F1:G2")
    broadcast.values = 7
    broadcast.update()
    assert broadcast.values == [[7, 7], [7, 7]]
    assert sheet.get_cell(1, 3).values == [[3]]  # row 1, column 3: D2
    workbook.session.close_session()
    saved = download(sales_file)["Sales"]
    assert saved["D5"].value == "=SUM(D2:D4)" and saved["D5"].number_format == "0.00"
    assert saved["D2"].value == "=B2*C2" and saved["F2"].value == 7


def test_used_range_and_range_navigation(workbook: Workbook) -> None:
    sheet = workbook.get_worksheet("Sales")
    used = sheet.get_used_range()
    assert used.address == "Sales!A1:C4"
    assert sheet.get_used_range(values_only=False).address == "Sales!A1:C4"
    block = sheet.get_range("B2:C3")
    assert block.get_cell(1, 1).address == "Sales!C3"
    assert block.get_column(0).address == "Sales!B2:B3"
    assert block.get_row(1).address == "Sales!B3:C3"
    assert block.get_bounding_rect("E5").address == "Sales!B2:E5"
    assert block.get_intersection("C1:D9").address == "Sales!C2:C3"
    assert block.intersection("A3:B3").address == "Sales!B3"
    assert block.get_columns_after().address == "Sales!D2:D3"
    assert block.get_columns_before(columns=1).address == "Sales!A2:A3"
    assert block.get_rows_above(rows=1).address == "Sales!B1:C1"
    assert block.get_rows_below(rows=2).address == "Sales!B4:C5"
    assert block.entire_column().address == "Sales!B:C"
    assert block.get_entire_row().address == "Sales!2:3"
    assert block.get_last_cell().address == "Sales!C3"
    assert block.get_last_column().address == "Sales!C2:C3"
    assert block.get_last_row().address == "Sales!B3:C3"
    assert block.get_offset_range(1, -1).address == "Sales!A3:B4"
    assert block.resize(1, 0).address == "Sales!B2:C4"
    assert sheet.get_range("A1:Z100").get_used_range().address == "Sales!A1:C4"
    assert block.get_worksheet().name == "Sales"
    assert block.get_cell(0, 0).values == [[2]]


def test_range_insert_delete_clear_merge_sort(workbook: Workbook, sales_file: File) -> None:
    sheet = workbook.get_worksheet("Sales")
    inserted = sheet.get_range("A2:C2").insert_range("Down")
    assert inserted.address == "Sales!A2:C2"
    assert sheet.get_range("A2:A3").values == [[""], ["pen"]]
    sheet.get_range("A2:C2").delete("Up")
    assert sheet.get_range("A2").values == [["pen"]]
    sheet.get_range("A2:C4").sort([{"key": 1, "ascending": False}])
    assert [r[0] for r in sheet.get_range("A2:A4").values] == ["pad", "ink", "pen"]
    sheet.get_range("C2:C4").clear("Contents")
    assert sheet.get_range("C2:C4").values == [[""], [""], [""]]
    sheet.get_range("E1:F2").merge()
    sheet.get_range("E4:F5").merge(across=True)
    workbook.session.close_session()
    merged = {str(r) for r in download(sales_file)["Sales"].merged_cells.ranges}
    assert merged == {"E1:F2", "E4:F4", "E5:F5"}
    again = sales_file.open_workbook()
    again.get_worksheet("Sales").get_range("E1:F5").unmerge()
    again.session.close_session()
    assert not download(sales_file)["Sales"].merged_cells.ranges


def test_formats_round_trip(workbook: Workbook, sales_file: File) -> None:
    cells = workbook.get_worksheet("Sales").get_range("A1:C1")
    fmt = cells.format
    fmt.font.bold = True
    fmt.font.italic = True
    fmt.font.color = "#FF0000"
    fmt.font.size = 14
    fmt.font.name = "Arial"
    fmt.font.underline = "Single"
    fmt.fill.color = "#FFFF00"
    fmt.horizontal_alignment = "Center"
    fmt.vertical_alignment = "Top"
    fmt.wrap_text = True
    fmt.column_width = 90
    fmt.row_height = 30
    assert fmt.changes() == {"columnWidth": 90, "horizontalAlignment": "Center", "rowHeight": 30,
                             "verticalAlignment": "Top", "wrapText": True}
    assert fmt.update() is True
    assert fmt.update() is False  # nothing changed since: nothing sent
    border = cells.get_format().get_border("EdgeBottom")
    border.style, border.weight, border.color = "Continuous", "Thick", "#0000FF"
    assert border.update() is True
    loaded = cells.get_format()
    assert (loaded.column_width, loaded.row_height) == (90, 30)
    assert (loaded.horizontal_alignment, loaded.vertical_alignment, loaded.wrap_text) == \
        ("Center", "Top", True)
    font = loaded.get_font()
    assert (font.bold, font.italic, font.color, font.size, font.name, font.underline) == \
        (True, True, "#FF0000", 14, "Arial", "Single")
    assert loaded.get_fill().color == "#FFFF00"
    assert loaded.font.refresh().bold is True
    sides = {b.side_index: b for b in loaded.get_borders()}
    assert (sides["EdgeBottom"].style, sides["EdgeBottom"].weight,
            sides["EdgeBottom"].color) == ("Continuous", "Thick", "#0000FF")
    assert sides["EdgeBottom"].refresh().style == "Continuous"
    loaded.auto_fit_columns()
    loaded.auto_fit_rows()
    loaded.fill.clear()
    assert loaded.fill.refresh().color is None
    workbook.session.close_session()
    saved = download(sales_file)["Sales"]
    assert saved["B1"].font.b and saved["B1"].font.color.rgb.endswith("FF0000")
    assert saved["A1"].alignment.horizontal == "center" and saved["C1"].alignment.wrap_text
    assert saved["A1"].border.bottom.style == "thick"


def test_tables_rows_columns_totals_sort_filter(workbook: Workbook) -> None:
    sheet = workbook.get_worksheet("Sales")
    table = sheet.add_table("A1:C4", has_headers=True)
    assert isinstance(table, Table) and table.show_headers and not table.show_totals
    assert [t.name for t in workbook.get_tables()] == [table.name]
    assert sheet.get_table(table.name).id == table.id
    assert workbook.get_table(table.id).name == table.name
    first = table.add_rows([["cap", 1, 9.0], ["mug", 4, 3.0]])
    assert first.index == 3 and first.values == [["cap", 1, 9]]
    table.add_rows(["hat", 2, 5.0], index=0)  # a flat list is one row
    rows = list(table.get_rows())
    assert [r.values[0][0] for r in rows] == ["hat", "pen", "ink", "pad", "cap", "mug"]
    row = table.get_row(1)
    row.update(["pencil", 7, 0.5])
    assert table.get_row_at_index(1).values == [["pencil", 7, 0.5]]
    assert row.get_range().address == "Sales!A3:C3"
    assert table.delete_row(0) is True
    table.get_row(0).delete()
    assert [r[0] for r in table.iter_rows()] == ["ink", "pad", "cap", "mug"]
    columns = list(table.get_columns())
    assert [c.name for c in columns] == ["Item", "Qty", "Price"]
    qty = table.get_column("Qty")
    assert qty.values == [["Qty"], [3], [5], [1], [4]]
    assert table.get_column_at_index(2).name == "Price"
    added = table.add_column(name="Note", values=[["Note"], ["a"], ["b"], ["c"], ["d"]])
    assert added.index == 3 and added.values[1] == ["a"]
    assert table.delete_column("Note") is True
    assert table.get_range().address == "Sales!A1:C5"
    assert table.get_header_row_range().values == [["Item", "Qty", "Price"]]
    assert table.get_data_body_range().address == "Sales!A2:C5"
    assert qty.get_data_body_range().address == "Sales!B2:B5"
    assert qty.get_header_row_range().values == [["Qty"]]
    assert qty.get_range().address == "Sales!B1:B5"
    assert table.update(show_totals=True, style="TableStyleLight9") is True
    assert table.get_total_row_range().address == "Sales!A6:C6"
    assert qty.get_total_row_range().address == "Sales!B6"
    table.sort([{"key": 1, "ascending": True}])
    assert [r[1] for r in table.iter_rows()] == [1, 3, 4, 5]
    table.clear_sort()
    qty.apply_filter({"filterOn": "Values", "values": ["3", "4"]})
    assert qty.get_filter() == {"filterOn": "Values", "values": ["3", "4"]}
    qty.clear_filter()
    assert qty.get_filter() is None
    qty.apply_filter({"filterOn": "Values", "values": ["1"]})
    table.reapply_filters()
    table.clear_filters()
    assert qty.get_filter() is None
    qty.update(values=[["Qty"], [30], [50], [10], [40], [""]])  # the totals row is shown
    assert qty.values == [["Qty"], [30], [50], [10], [40], [""]]
    assert table.get_worksheet().name == "Sales"
    plain = table.convert_to_range()
    assert plain.address == "Sales!A1:C6"
    assert list(workbook.get_tables()) == []
    again = sheet.add_table("E1:F3", has_headers=False)
    assert again.get_header_row_range().values == [["Column1", "Column2"]]
    assert again.delete() is True


def test_named_ranges(workbook: Workbook) -> None:
    sheet = workbook.get_worksheet("Sales")
    named = workbook.add_named_range("Prices", "=Sales!$C$2:$C$4", comment="unit prices")
    assert (named.name, named.value, named.comment, named.data_type) == \
        ("Prices", "Sales!$C$2:$C$4", "unit prices", "Range")  # as nameditem-add.md shows it
    assert [n.name for n in workbook.get_named_ranges()] == ["Prices"]
    assert workbook.get_named_range("Prices").get_range().values == [[1.5], [4], [2.25]]
    assert named.update(comment="per unit", visible=False) is True
    assert named.refresh().comment == "per unit" and named.visible is False
    scoped = sheet.add_named_range("Items", "=Sales!$A$2:$A$4")
    assert scoped.scope == "Sales"
    assert [n.name for n in sheet.get_named_ranges()] == ["Items"]
    assert sheet.get_named_range("Items").get_range().address == "Sales!A2:A4"
    formula = workbook.add_named_formula("Total", "=SUM(Sales!B2:B4)")
    assert formula.value == "SUM(Sales!B2:B4)"


def test_functions_and_calculation(workbook: Workbook) -> None:
    assert workbook.invoke_function("sum", values=[1, 2, [3, 4]]) == 10
    assert workbook.invoke_function("average", values=[{"address": "Sales!B2:B4"}]) == \
        pytest.approx(10 / 3)
    assert workbook.invoke_function("max", values=[1, 9, 4]) == 9
    assert workbook.invoke_function("count", values=[1, "x", 3]) == 2
    with pytest.raises(ResultError) as caught:
        workbook.invoke_function("pmt", rate=0.05, nper=12, pv=1000)
    assert str(caught.value) == "#NAME?"
    assert workbook.application.get_details().calculation_mode == "Automatic"
    workbook.application.calculate("full")
    workbook.get_workbookapplication().run_calculations("Recalculate")
    with pytest.raises(ValueError):
        workbook.application.calculate("sometimes")


def test_protection(workbook: Workbook) -> None:
    sheet = workbook.get_worksheet("Sales")
    assert sheet.get_protection().protected is False
    sheet.protect({"allowSort": True})
    state = sheet.get_protection()
    assert state.protected is True and state.options.allow_sort is True
    assert state.options.allow_format_cells is False
    sheet.unprotect()
    assert state.refresh().protected is False


def test_update_cells_write_rows_and_append_rows(workbook: Workbook, sales_file: File) -> None:
    sheet = workbook.get_worksheet("Sales")
    assert sheet.append_rows([["hat", 1, 3.0], ["cap", 2, 4.0]]) == 2
    assert [r[0] for r in sheet.iter_rows(address="A1:A6")] == \
        ["Item", "pen", "ink", "pad", "hat", "cap"]
    assert sheet.update_cells("E1:F2", [["a", "b"], [1, 2]]) == 2
    assert sheet.get_range("E1:F2").values == [["a", "b"], [1, 2]]
    seen: list[tuple[int, int | None]] = []
    written = sheet.write_rows(([i, i * i] for i in range(1, 8)), start="H1", block_rows=3,
                               progress=lambda done, total: seen.append((done, total)))
    assert written == 7 and seen == [(3, None), (6, None), (7, None)]
    assert sheet.get_range("H7:I7").values == [[7, 49]]
    empty = workbook.add_worksheet("Empty")
    assert empty.append_rows([["first"]]) == 1
    assert empty.get_used_range().values == [["first"]]
    progress: list[tuple[int, int | None]] = []
    rows = list(sheet.iter_rows(block_rows=4, progress=lambda d, t: progress.append((d, t))))
    assert rows[0] == ["Item", "Qty", "Price", "", "a", "b", "", 1, 1] and len(rows) == 7
    assert progress == [(4, 7), (7, 7)]
    assert list(sheet.get_range("B2:C3").iter_rows(block_rows=1)) == [[2, 1.5], [3, 4]]
    workbook.session.close_session()
    saved = download(sales_file)["Sales"]
    assert saved["A6"].value == "cap" and saved["I7"].value == 49
