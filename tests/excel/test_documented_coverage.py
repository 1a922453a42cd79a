"""Which Excel operations have a documented-example cassette (tests/excel/test_documented*.py).

Every operation the specs in specs/excel/ declare (new_query aside: it builds a query, it sends
nothing) is either played against Microsoft's documented example by a named test, or listed in
NOT_YET with the reason. A new Excel operation without a cassette fails here until it gets one
or an entry; the list only shrinks: an entry for an operation that is now covered, or that no
spec declares any more, fails too.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.excel import test_documented, test_documented_workbook

SPECS = Path(__file__).resolve().parents[2] / "specs" / "excel"

# operation -> the test in test_documented.py that plays its documented example
# ("test_documented_workbook::<test>": the test in test_documented_workbook.py)
DOCUMENTED = {
    "Workbook.add_worksheet": "test_add_worksheet",
    "Workbook.add_named_range": "test_add_named_range",
    "Workbook.get_worksheet": "test_worksheet_get_update_used_range_cell_delete",
    "Workbook.get_table": "test_table_get_update_convert_to_range",
    "Workbook.get_named_range": "test_named_item_get",
    "Workbook.get_workbookapplication": "test_application_get_and_calculate",
    "Workbook.get_operation": "test_operation_get",
    "Worksheet.refresh": "test_worksheet_get_update_used_range_cell_delete",
    "Worksheet.update": "test_worksheet_get_update_used_range_cell_delete",
    "Worksheet.get_used_range": "test_worksheet_get_update_used_range_cell_delete",
    "Worksheet.get_cell": "test_worksheet_get_update_used_range_cell_delete",
    "Worksheet.delete": "test_worksheet_get_update_used_range_cell_delete",
    "Table.refresh": "test_table_get_update_convert_to_range",
    "Table.update": "test_table_get_update_convert_to_range",
    "Table.convert_to_range": "test_table_get_update_convert_to_range",
    "Table.add_rows": "test_add_rows",
    "Range.update": "test_update_range",
    "Range.clear": "test_range_clear_delete_insert_merge_unmerge",
    "Range.delete": "test_range_clear_delete_insert_merge_unmerge",
    "Range.insert_range": "test_range_clear_delete_insert_merge_unmerge",
    "Range.merge": "test_range_clear_delete_insert_merge_unmerge",
    "Range.unmerge": "test_range_clear_delete_insert_merge_unmerge",
    "Range.format": "test_update_font",
    "RangeFormat.font": "test_update_font",
    "RangeFont.update": "test_update_font",
    "NamedRange.refresh": "test_named_item_get",
    "WorkbookApplication.get_details": "test_application_get_and_calculate",
    "WorkbookApplication.calculate": "test_application_get_and_calculate",
    "WorkbookOperation.refresh": "test_operation_get",
    "Table.get_data_body_range": "test_table_ranges_and_clear_filters",
    "Table.get_header_row_range": "test_table_ranges_and_clear_filters",
    "Table.clear_filters": "test_table_ranges_and_clear_filters",
    "Range.entire_column": "test_range_entire_column_row_last_cell_fill_clear",
    "Range.entire_row": "test_range_entire_column_row_last_cell_fill_clear",
    "Range.get_last_cell": "test_range_entire_column_row_last_cell_fill_clear",
    "RangeFormat.fill": "test_range_entire_column_row_last_cell_fill_clear",
    "RangeFill.clear": "test_range_entire_column_row_last_cell_fill_clear",
    "Range.refresh": "test_range_get_format_and_sort",
    "Range.sort": "test_range_get_format_and_sort",
    "Range.get_format": "test_range_get_format_and_sort",
    "RangeFormat.refresh": "test_range_get_format_and_sort",
    "Range.iter_rows": "test_range_iter_rows_reads_blocks",
    "Range.get_cell": "test_range_functions",
    "Range.get_column": "test_range_functions",
    "Range.get_row": "test_range_functions",
    "Range.get_bounding_rect": "test_range_functions",
    "Range.get_intersection": "test_range_functions",
    "Range.get_columns_after": "test_range_functions",
    "Range.get_columns_before": "test_range_functions",
    "Range.get_rows_above": "test_range_functions",
    "Range.get_rows_below": "test_range_functions",
    "Range.get_last_column": "test_range_functions",
    "Range.get_last_row": "test_range_functions",
    "Range.get_offset_range": "test_range_functions",
    "Range.get_resized_range": "test_range_functions",
    "Range.get_used_range": "test_range_functions",
    "Worksheet.update_cells": "test_worksheet_blocks",
    "Worksheet.write_rows": "test_worksheet_blocks",
    "Worksheet.iter_rows": "test_worksheet_blocks",
    "RangeFormat.update": "test_range_format_font_fill_update",
    "RangeFill.update": "test_range_format_font_fill_update",
    "RangeFont.refresh": "test_range_font_fill_borders_autofit",
    "RangeFormat.get_font": "test_range_font_fill_borders_autofit",
    "RangeFill.refresh": "test_range_font_fill_borders_autofit",
    "RangeFormat.get_fill": "test_range_font_fill_borders_autofit",
    "RangeFormat.get_borders": "test_range_font_fill_borders_autofit",
    "RangeFormat.get_border": "test_range_font_fill_borders_autofit",
    "RangeBorder.refresh": "test_range_font_fill_borders_autofit",
    "RangeBorder.update": "test_range_font_fill_borders_autofit",
    "RangeFormat.auto_fit_columns": "test_range_font_fill_borders_autofit",
    "RangeFormat.auto_fit_rows": "test_range_font_fill_borders_autofit",
    "Worksheet.get_range": "test_worksheet_ranges_tables_names",
    "Worksheet.get_tables": "test_worksheet_ranges_tables_names",
    "Worksheet.get_table": "test_worksheet_ranges_tables_names",
    "Worksheet.add_table": "test_worksheet_ranges_tables_names",
    "Worksheet.get_named_ranges": "test_worksheet_ranges_tables_names",
    "Worksheet.get_named_range": "test_worksheet_ranges_tables_names",
    "Worksheet.add_named_range": "test_worksheet_ranges_tables_names",
    "Worksheet.get_protection": "test_worksheet_protection",
    "Worksheet.protect": "test_worksheet_protection",
    "Worksheet.unprotect": "test_worksheet_protection",
    "WorksheetProtection.refresh": "test_worksheet_protection",
    "Range.get_worksheet": "test_range_worksheet",
    "Excel.get_workbooks": "test_documented_workbook::test_excel_service_finds_workbooks_through_the_drive",
    "Excel.get_workbook": "test_documented_workbook::test_excel_service_finds_workbooks_through_the_drive",
    "Excel.get_workbook_by_path": "test_documented_workbook::test_excel_service_finds_workbooks_through_the_drive",
    "NamedRange.update": "test_documented_workbook::test_named_item_update_and_range",
    "NamedRange.get_range": "test_documented_workbook::test_named_item_update_and_range",
    "Table.delete": "test_documented_workbook::test_table_ranges_sort_filters_delete",
    "Table.get_rows": "test_documented_workbook::test_table_rows",
    "Table.get_row": "test_documented_workbook::test_table_rows",
    "Table.delete_row": "test_documented_workbook::test_table_rows",
    "Table.append_rows": "test_documented_workbook::test_table_rows_in_blocks",
    "Table.iter_rows": "test_documented_workbook::test_table_rows_in_blocks",
    "Table.get_columns": "test_documented_workbook::test_table_columns",
    "Table.get_column": "test_documented_workbook::test_table_columns",
    "Table.get_column_at_index": "test_documented_workbook::test_table_columns",
    "Table.add_column": "test_documented_workbook::test_table_columns",
    "Table.delete_column": "test_documented_workbook::test_table_columns",
    "Table.get_total_row_range": "test_documented_workbook::test_table_ranges_sort_filters_delete",
    "Table.get_range": "test_documented_workbook::test_table_ranges_sort_filters_delete",
    "Table.reapply_filters": "test_documented_workbook::test_table_ranges_sort_filters_delete",
    "Table.sort": "test_documented_workbook::test_table_ranges_sort_filters_delete",
    "Table.clear_sort": "test_documented_workbook::test_table_ranges_sort_filters_delete",
    "TableColumn.update": "test_documented_workbook::test_table_column",
    "TableColumn.delete": "test_documented_workbook::test_table_column",
    "TableColumn.get_data_body_range": "test_documented_workbook::test_table_column",
    "TableColumn.get_header_row_range": "test_documented_workbook::test_table_column",
    "TableColumn.get_total_row_range": "test_documented_workbook::test_table_column",
    "TableColumn.get_range": "test_documented_workbook::test_table_column",
    "TableColumn.apply_filter": "test_documented_workbook::test_table_column",
    "TableColumn.clear_filter": "test_documented_workbook::test_table_column",
    "TableRow.update": "test_documented_workbook::test_table_rows",
    "TableRow.delete": "test_documented_workbook::test_table_rows",
    "TableRow.get_range": "test_documented_workbook::test_table_rows",
    "Workbook.get_worksheets": "test_documented_workbook::test_workbook_collections",
    "Workbook.delete_worksheet": "test_documented_workbook::test_workbook_collections",
    "Workbook.get_tables": "test_documented_workbook::test_workbook_collections",
    "Workbook.add_table": "test_documented_workbook::test_workbook_collections",
    "Workbook.get_named_ranges": "test_documented_workbook::test_workbook_collections",
    "Workbook.add_named_formula": "test_documented_workbook::test_workbook_collections",
    "Workbook.invoke_function": "test_documented_workbook::test_invoke_function",
    "Table.get_worksheet": "test_documented_workbook::test_table_ranges_sort_filters_delete",
    "Workbook.get_session_info": "test_documented_workbook::test_workbook_collections",
}

# operation -> why it has no documented-example cassette yet ("pending: <page>" = the page
# has an example and a cassette is still to be written)
NOT_YET = {
    "TableColumn.get_filter": "no example page of its own (filter-get.md is not in v1.0; only resources/filter.md)",
    "Workbook.application": "opens without a request: nothing to play",
    "Workbook.get_operations": "no example page: Graph's metadata says getting the operations collection is not supported (resources/workbookoperation.md has no request)",
    "Worksheet.append_rows": "asks usedRange where the rows end, and the documented usedRange response (worksheet-usedrange.md) has a placeholder address (address-value) that no block can start below; covered end to end in tests/excel and by the emulator replays of its two calls",
}


def spec_operations() -> set[str]:
    found = set()
    for path in sorted(SPECS.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        owner = spec.get("resource") or spec["service"]
        found |= {f"{owner}.{name}" for name in spec.get("operations", {}) if name != "new_query"}
    return found


def test_every_excel_operation_is_documented_or_listed() -> None:
    operations = spec_operations()
    missing = operations - DOCUMENTED.keys() - NOT_YET.keys()
    assert not missing, f"Excel operations without a documented cassette or a reason: {sorted(missing)}"
    assert not DOCUMENTED.keys() & NOT_YET.keys(), "covered operations must leave NOT_YET"
    stale = (DOCUMENTED.keys() | NOT_YET.keys()) - operations
    assert not stale, f"entries for operations no spec declares: {sorted(stale)}"


def test_documented_operations_name_real_tests() -> None:
    modules = {"test_documented": test_documented,
               "test_documented_workbook": test_documented_workbook}
    for operation, named in DOCUMENTED.items():
        module, _, test = named.rpartition("::")
        function = getattr(modules[module or "test_documented"], test, None)
        assert callable(function), f"{operation}: no test {test} in {module or 'test_documented'}.py"
        assert function.__doc__ and ".md" in function.__doc__, f"{test} names no source page"
