"""Tables, table columns and rows, named items, workbook collections and functions, and the
Excel service, against Microsoft's documented example requests and responses.

Cassettes are written by tests/excel/build_cassettes_workbook.py; each interaction names its
source page of microsoftgraph/microsoft-graph-docs-contrib. Requests must match the documented
ones (method, path, body) or playback fails; where we send what Graph answers rather than
what an old page writes, the builder's docstring says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from vcr.errors import CannotOverwriteExistingCassetteException

from generated.o365._runtime.connection import Connection
from generated.o365.excel.excel import Excel
from generated.o365.excel.named_range import NamedRange
from generated.o365.excel.table import Table
from generated.o365.excel.table_column import TableColumn
from tests.excel.build_cassettes import DRIVE_ID, ITEM_ID, OPERATION_ID
from tests.excel.build_cassettes_workbook import SEARCH_NEXT
from tests.excel.test_documented import workbook
from tests.storage.conftest import bound, cassette

CASSETTES = Path(__file__).parent / "cassettes"
RANGE_FACTS = ("address-value", "addressLocal-value", 99, 99, 99)


def table(con: Connection) -> Table:
    """The table table-get.md returns (id 99), as the library builds it."""
    found: Table = bound(Table, con, {"id": "99", "name": "name-value"}, drive_id=DRIVE_ID,
                         item_id=ITEM_ID)
    return found


def range_facts(found: object) -> tuple[object, ...]:
    return tuple(getattr(found, name) for name in
                 ("address", "address_local", "cell_count", "column_count", "column_index"))


def test_table_rows(graph_con: Connection) -> None:
    """table-list-rows.md, tablerowcollection-itemat.md, tablerow-update.md, tablerow-range.md
    and tablerow-delete.md (by the row, then by the table)."""
    with cassette("wb_table_rows.yaml", CASSETTES) as played:
        rows = list(table(graph_con).get_rows())
        assert [(r.index, r.values) for r in rows] == [(99, "values-value")]
        row = table(graph_con).get_row(4)
        assert (row.index, row.values) == (99, "values-value")
        assert row.update([[1, 2, 3]]) is True
        assert range_facts(row.get_range()) == RANGE_FACTS
        assert row.delete() is True
        assert table(graph_con).delete_row(4) is True
        assert played.all_played


def test_table_rows_in_blocks(graph_con: Connection) -> None:
    """tablerowcollection-add.md (append_rows: one block of two rows at the end) and
    table-databodyrange.md (iter_rows: the data body's address, then its rows)."""
    with cassette("wb_table_blocks.yaml", CASSETTES) as played:
        assert table(graph_con).append_rows([[1, 2, 3], [4, 5, 6]], block_rows=2) == 2
        assert list(table(graph_con).iter_rows()) == [["", ""], ["", ""]]
        assert played.all_played


def test_table_columns(graph_con: Connection) -> None:
    """table-list-columns.md, tablecolumn-get.md, tablecolumncollection-itemat.md,
    tablecolumncollection-add.md (with resources/excel.md's column) and tablecolumn-delete.md."""
    with cassette("wb_table_columns.yaml", CASSETTES) as played:
        columns = list(table(graph_con).get_columns())
        assert [(c.id, c.name, c.index) for c in columns] == [("99", "name-value", 99)]
        column = table(graph_con).get_column("99")
        assert (column.id, column.values) == ("99", "values-value")
        at = table(graph_con).get_column_at_index(3)
        assert (at.name, at.index) == ("name-value", 99)
        added = table(graph_con).add_column(index=2, values=[["Status"], ["Open"], ["Closed"]])
        assert (added.id, added.name, added.index) == ("4", "Status", 2)
        assert table(graph_con).delete_column("name-value") is True
        assert played.all_played


def test_table_ranges_sort_filters_delete(graph_con: Connection) -> None:
    """table-totalrowrange.md, table-range.md, table-reapplyfilters.md, tablesort-apply.md,
    tablesort-clear.md, the table's worksheet (worksheet-get.md's worksheet: no page of its own)
    and table-delete.md (DELETE, as the page documents)."""
    sort_field = {"key": 99, "sortOn": "sortOn-value", "ascending": True,
                  "color": "color-value", "dataOption": "dataOption-value",
                  "icon": {"set": "set-value", "index": 99}}
    with cassette("wb_table_actions.yaml", CASSETTES) as played:
        subject = table(graph_con)
        assert range_facts(subject.get_total_row_range()) == RANGE_FACTS
        assert range_facts(subject.get_range()) == RANGE_FACTS
        subject.reapply_filters()
        subject.sort([sort_field], match_case=True, method="method-value")
        subject.clear_sort()
        sheet = subject.get_worksheet()
        assert (sheet.id, sheet.name, sheet.position) == ("id-value", "name-value", 99)
        assert subject.delete() is True
        assert played.all_played


def test_table_column(graph_con: Connection) -> None:
    """tablecolumn-update.md, tablecolumn-databodyrange.md, tablecolumn-headerrowrange.md,
    tablecolumn-totalrowrange.md, tablecolumn-range.md, filter-apply.md, filter-clear.md and
    tablecolumn-delete.md."""
    column: TableColumn = bound(TableColumn, graph_con, {"id": "99", "name": "name-value"},
                                drive_id=DRIVE_ID, item_id=ITEM_ID, table_id="99")
    criteria = {"criterion1": "criterion1-value", "criterion2": "criterion2-value",
                "color": "color-value", "operator": {}, "icon": {"set": "set-value", "index": 99},
                "dynamicCriteria": "dynamicCriteria-value", "values": {},
                "filterOn": "filterOn-value"}
    with cassette("wb_column.yaml", CASSETTES) as played:
        assert column.update(name="name-value", values=[["name-value"], [1]]) is True
        assert (column.index, column.values) == (99, "values-value")
        for found in (column.get_data_body_range(), column.get_header_row_range(),
                      column.get_total_row_range(), column.get_range()):
            assert range_facts(found) == RANGE_FACTS
        column.apply_filter(criteria)
        column.clear_filter()
        assert column.delete() is True
        assert played.all_played


def test_workbook_collections(graph_con: Connection) -> None:
    """workbook-list-worksheets.md, worksheet-delete.md, workbook-list-tables.md,
    tablecollection-add.md, workbook-list-names.md, nameditem-addformulalocal.md, and the
    session info at workbookoperation-get.md's resourceLocation (workbook-createsession.md's
    sessionInfo: no page documents that GET's answer)."""
    wb = workbook(graph_con)
    with cassette("wb_workbook.yaml", CASSETTES) as played:
        sheets = list(wb.get_worksheets())
        assert [(s.id, s.name, s.position) for s in sheets] == [("id-value", "name-value", 99)]
        assert wb.delete_worksheet(sheets[0].id) is True
        assert [(t.id, t.style) for t in wb.get_tables()] == [("99", "style-value")]
        added = wb.add_table("Sheet1!A1:D5", has_headers=True)
        assert (added.id, added.show_headers, added.show_totals) == ("99", True, True)
        assert [(n.name, n.data_type) for n in wb.get_named_ranges()] == \
            [("name-value", "type-value")]
        formula = wb.add_named_formula("test7", "=SUM(Sheet2!$A$1+Sheet2!$A$2)",
                                       comment="Comment for the named item")
        assert (formula.name, formula.data_type, formula.value) == ("test7", "String", "0")
        session = wb.get_session_info(OPERATION_ID)  # the key the documented location names
        assert (session.id, session.persist_changes) == ("id-value", True)
        assert played.all_played


def test_invoke_function(graph_con: Connection) -> None:
    """concepts/excel-use-functions.md: vlookup and median, the arguments by their Graph
    names, the result's value returned (its error is null)."""
    wb = workbook(graph_con)
    with cassette("wb_functions.yaml", CASSETTES) as played:
        assert wb.invoke_function("vlookup", lookupValue="Temperature",
                                  tableArray={"Address": "Sheet1!E1:G5"}, colIndexNum=2,
                                  rangeLookup=False) == "28.3"
        assert wb.invoke_function("median", values=[{"address": "Sheet2!A1:A5"},
                                                     {"address": "Sheet2!B1:B5"}]) == 30
        assert played.all_played


def test_named_item_update_and_range(graph_con: Connection) -> None:
    """nameditem-update.md and nameditem-range.md."""
    named: NamedRange = bound(NamedRange, graph_con, {"name": "name-value"}, drive_id=DRIVE_ID,
                              item_id=ITEM_ID)
    with cassette("wb_names.yaml", CASSETTES) as played:
        assert named.update(comment="comment-value", visible=True) is True
        assert (named.data_type, named.visible) == ("type-value", True)
        assert range_facts(named.get_range()) == RANGE_FACTS
        assert played.all_played


def test_excel_service_finds_workbooks_through_the_drive(graph_con: Connection) -> None:
    """driveitem-search.md and driveitem-get.md: the documented items are folders, so no
    workbook opens; the search's documented nextLink is followed (no second page is
    documented: the cassette refuses it)."""
    excel = Excel(graph_con, "me")
    with cassette("wb_excel.yaml", CASSETTES) as played:
        found = excel.get_workbooks()
        with pytest.raises(CannotOverwriteExistingCassetteException):
            list(found)  # both items are folders: dropped, then page two is asked for
        assert found.next_link == SEARCH_NEXT and found.pages_fetched == 1
        with pytest.raises(ValueError, match="expected a File, but Graph's item is a Folder"):
            excel.get_workbook("01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK")  # "OneDrive": a folder
        with pytest.raises(ValueError, match="expected a File, but Graph's item is a Folder"):
            excel.get_workbook_by_path("/Documents/report.xlsx")
        assert played.all_played


