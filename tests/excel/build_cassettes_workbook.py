"""Write the table, named-item and workbook cassettes of tests/excel/test_documented_workbook.py.

Same rules as tests/excel/build_cassettes.py (whose ids, paths and shared documented bodies
this module imports): every response body is copied from
microsoftgraph/microsoft-graph-docs-contrib, the `source` of each interaction names the page.
Requests are the ones our generated calls make for the documented request. Where the page's
request differs from what Graph answers, the request follows Graph and the source says why:

- `rows/itemAt`, `columns/itemAt`, `dataBodyRange`: Graph's metadata declares these bound
  *functions* (GET with the parameter in the path); some older pages still write POST with a
  JSON body.
- a table row is addressed `rows/itemAt(index=N)`: the `rows/{index}` form of
  tablerow-delete.md / tablerow-update.md answers ApiNotFound
  (microsoftgraph/microsoft-graph-docs-contrib#8828, microsoft-graph-docs#12985); resources/excel.md
  documents `Rows/$/ItemAt(index=6)`.
- table-delete.md: DELETE tables/{id|name}, as the current page documents (an older version
  wrote POST .../delete, which Graph answers 400: microsoft-graph-docs#4188).
- documented bodies that list read-only properties (`index` of a row or column; `type`,
  `scope`, `value` of a named item) are sent without them; a placeholder that stands for a
  2-D array (`"values-value"`) is sent as one.

Run `python -m tests.excel.build_cassettes_workbook` after changing this file; commit the output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.excel.build_cassettes import (
    NAMED_ITEM,
    OPERATION_ID,
    RANGE,
    ROW,
    SESSION,
    TABLE,
    WORKBOOK,
    WORKSHEET,
)
from tests.excel.build_cassettes import (
    SORT as RANGE_SORT,
)
from tests.storage.build_cassettes import ITEM_GET, SEARCH_DRIVE, interaction, write_cassettes

HERE = Path(__file__).parent / "cassettes"


def listed(body: str) -> str:
    """A documented list response whose one element is the page's documented object (the
    list pages of tables, columns, rows, worksheets and names show exactly their get pages'
    object)."""
    return '{"value": [' + body + "]}"

TABLE_PATH = f"{WORKBOOK}/tables/99"  # the id table-get.md returns
COLUMN_PATH = f"{TABLE_PATH}/columns/99"  # the id tablecolumn-get.md returns
ROW_PATH = f"{TABLE_PATH}/rows/itemAt(index=99)"  # the index tablerowcollection-itemat.md returns
SEARCH_NEXT = ("https://graph.microsoft.com/v1.0/me/drive/root/search(query='contoso project')"
               "&skipToken=1asdlnjnkj1nalkm!asd")  # driveitem-search.md's documented nextLink

COLUMN = """{
  "id": "99",
  "name": "name-value",
  "index": 99,
  "values": "values-value"
}"""
ROWS = listed(ROW)  # table-list-rows.md
COLUMNS = listed(COLUMN)  # table-list-columns.md
WORKSHEETS = listed(WORKSHEET)  # workbook-list-worksheets.md
TABLES = listed(TABLE)  # workbook-list-tables.md
NAMES = listed(NAMED_ITEM)  # workbook-list-names.md
# tablecolumncollection-itemat.md and tablecolumn-update.md document the id as a number
COLUMN_NUMERIC_ID = COLUMN.replace('"id": "99"', '"id": 99')
# resources/excel.md, "Add a table column": tablecolumncollection-add.md's own body has a
# placeholder (`"values": [{}]`) where Graph takes a 2-D array of cells, header first.
COLUMN_ADD = '{ "values": [ [ "Status" ], [ "Open" ], [ "Closed" ] ], "index": 2 }'
COLUMN_ADDED = """{
  "@odata.context": "https://graph.microsoft.com/beta/$metadata#users('f6d92604-4b76-4b70-9a4c-93dfbcc054d5')/drive/items('01CYZLFJDYBLIGAE7G5FE3I4VO2XP7BLU4')/workbook/tables('2')/columns/$entity",
  "@odata.id": "/users('f6d92604-4b76-4b70-9a4c-93dfbcc054d5')/drive/items('01CYZLFJDYBLIGAE7G5FE3I4VO2XP7BLU4')/workbook/tables(%272%27)/columns(%274%27)",
  "id": "4",
  "index": 2,
  "name": "Status",
  "values": [
    [
      "Status"
    ],
    [
      "Open"
    ],
    [
      "Closed"
    ]
  ]
}"""
# tablesort-apply.md's body is rangesort-apply.md's (build_cassettes.RANGE_SORT) without the
# two range-only parameters, hasHeaders and orientation.
SORT = json.dumps({key: value for key, value in json.loads(RANGE_SORT).items()
                   if key not in ("hasHeaders", "orientation")}, indent=2)
FILTER = """{
  "criteria": {
    "criterion1": "criterion1-value",
    "criterion2": "criterion2-value",
    "color": "color-value",
    "operator": {
    },
    "icon": {
      "set": "set-value",
      "index": 99
    },
    "dynamicCriteria": "dynamicCriteria-value",
    "values": {
    },
    "filterOn": "filterOn-value"
  }
}"""
TABLE_ADD = """{
  "address": "Sheet1!A1:D5",
  "hasHeaders": true
}"""
FORMULA_ADD = """{
  "name": "test7",
  "formula": "=SUM(Sheet2!$A$1+Sheet2!$A$2)",
  "comment": "Comment for the named item"
}"""
FORMULA_NAME = """{
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#workbookNamedItem",
    "@odata.type": "#microsoft.graph.workbookNamedItem",
    "@odata.id": "/users('ca41eb6e-5828-486b-ab52-c3bd1f7a4047')/drive/root/workbook/names(%27test7%27)",
    "comment": "Comment for the named item",
    "name": "test7",
    "scope": "Workbook",
    "type": "String",
    "value": "0",
    "visible": true
}"""
VLOOKUP = """{
    "lookupValue": "Temperature",
    "tableArray": { "Address": "Sheet1!E1:G5" },
    "colIndexNum": 2,
    "rangeLookup": false
}"""
VLOOKUP_RESULT = """{
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#workbookFunctionResult",
    "@odata.type": "#microsoft.graph.workbookFunctionResult",
    "@odata.id": "/users('f6d92604-4b76-4b70-9a4c-93dfbcc054d5')/drive/root/workbook/functions/vlookup()",
    "error": null,
    "value": "28.3"
}"""
MEDIAN = """{
"values" :  [
        { "address": "Sheet2!A1:A5" },
        { "address": "Sheet2!B1:B5" }
      ]
}"""
MEDIAN_RESULT = """{
  "@odata.context": "https://graph.microsoft.com/beta/$metadata#workbookFunctionResult",
  "@odata.type": "#microsoft.graph.workbookFunctionResult",
  "@odata.id": "/users('2abcad6a-2fca-4b6e-9577-e358a757d77d')/drive/root/workbook/functions/median()",
  "error": null,
  "value": 30
}"""
# resources/excel.md, "Get Range": the one documented range whose address is a real A1
# address (the *-range.md pages answer "address-value"), so the blocks can be planned from it.
GET_RANGE = """{
  "@odata.context": "https://graph.microsoft.com/beta/$metadata#range",
  "@odata.type": "#microsoft.graph.range",
  "@odata.id": "/users('f6d92604-4b76-4b70-9a4c-93dfbcc054d5')/drive/items('01CYZLFJDYBLIGAE7G5FE3I4VO2XP7BLU4')/workbook/worksheets(%27%7B00000000-0001-0000-0300-000000000000%7D%27)/range(address=%27A1:B2%27)",
  "address": "test!A1:B2",
  "addressLocal": "test!A1:B2",
  "cellCount": 4,
  "columnCount": 2,
  "columnHidden": false,
  "columnIndex": 0,
  "formulas": [["", ""], ["", ""]],
  "formulasLocal": [["", ""], ["", ""]],
  "formulasR1C1": [["", ""], ["", ""]],
  "hidden": false,
  "numberFormat": [["General", "General"], ["General", "General"]],
  "rowCount": 2,
  "rowHidden": false,
  "rowIndex": 0,
  "text": [["", ""], ["", ""]],
  "values": [["", ""], ["", ""]],
  "valueTypes": [["Empty", "Empty"], ["Empty", "Empty"]]
}"""
ITEMAT_NOTE = "itemAt is a function in Graph's metadata: GET itemAt(index=N), not the page's POST"
ROW_NOTE = "rows/itemAt(index=N): the page's rows/{index} answers ApiNotFound (docs-contrib#8828)"


def cassettes() -> dict[str, list[dict[str, Any]]]:
    return {
        "wb_table_rows.yaml": [
            interaction("GET", f"{TABLE_PATH}/rows", 200, ROWS,
                        source="table-list-rows.md (without $top/$skip)"),
            interaction("GET", f"{TABLE_PATH}/rows/itemAt(index=4)", 200, ROW,
                        source=f"tablerowcollection-itemat.md (index 4; {ITEMAT_NOTE})"),
            interaction("PATCH", ROW_PATH, 200, ROW, request_body='{"values": [[1, 2, 3]]}',
                        source=f"tablerow-update.md (index is read-only; {ROW_NOTE})"),
            interaction("GET", f"{ROW_PATH}/range", 200, RANGE, source="tablerow-range.md"),
            interaction("DELETE", ROW_PATH, 200, source=f"tablerow-delete.md ({ROW_NOTE})"),
            interaction("DELETE", f"{TABLE_PATH}/rows/itemAt(index=4)", 200,
                        source=f"tablerow-delete.md (by the table; {ROW_NOTE})"),
        ],
        "wb_table_blocks.yaml": [
            interaction("POST", f"{TABLE_PATH}/rows/add", 200, ROW,
                        request_body='{"values": [[1, 2, 3], [4, 5, 6]]}',
                        source="tablerowcollection-add.md (without index: at the end)"),
            interaction("GET", f"{TABLE_PATH}/dataBodyRange?%24select=address", 200, GET_RANGE,
                        source="table-databodyrange.md (request); response from "
                               "resources/excel.md, Get Range"),
            interaction("GET", f"{WORKBOOK}/worksheets/test/range(address='A1%3AB2')"
                               "?%24select=values", 200, GET_RANGE,
                        source="resources/excel.md, Get Range (the block of rows read)"),
        ],
        "wb_table_columns.yaml": [
            interaction("GET", f"{TABLE_PATH}/columns", 200, COLUMNS,
                        source="table-list-columns.md (without $top/$skip)"),
            interaction("GET", COLUMN_PATH, 200, COLUMN, source="tablecolumn-get.md"),
            interaction("GET", f"{TABLE_PATH}/columns/itemAt(index=3)", 200, COLUMN_NUMERIC_ID,
                        source=f"tablecolumncollection-itemat.md (index 3; {ITEMAT_NOTE})"),
            interaction("POST", f"{TABLE_PATH}/columns/add", 200, COLUMN_ADDED,
                        request_body=COLUMN_ADD,
                        source="tablecolumncollection-add.md (request path and status); body "
                               "and response from resources/excel.md, Add a table column"),
            interaction("DELETE", f"{TABLE_PATH}/columns/name-value", 200,
                        source="tablecolumn-delete.md (by the table, by name)"),
        ],
        "wb_table_actions.yaml": [
            interaction("GET", f"{TABLE_PATH}/totalRowRange", 200, RANGE,
                        source="table-totalrowrange.md"),
            interaction("GET", f"{TABLE_PATH}/range", 200, RANGE, source="table-range.md"),
            interaction("POST", f"{TABLE_PATH}/reapplyFilters", 200,
                        source="table-reapplyfilters.md"),
            interaction("POST", f"{TABLE_PATH}/sort/apply", 200, request_body=SORT,
                        source="tablesort-apply.md"),
            interaction("POST", f"{TABLE_PATH}/sort/clear", 200, source="tablesort-clear.md"),
            interaction("GET", f"{TABLE_PATH}/worksheet", 200, WORKSHEET,
                        source="worksheet-get.md's worksheet (no page documents the table's "
                               "worksheet relationship, resources/table.md, with an example)"),
            interaction("DELETE", TABLE_PATH, 200, source="table-delete.md"),
        ],
        "wb_column.yaml": [
            interaction("PATCH", COLUMN_PATH, 200, COLUMN_NUMERIC_ID,
                        request_body='{"name": "name-value", "values": [["name-value"], [1]]}',
                        source="tablecolumn-update.md (index is read-only)"),
            interaction("GET", f"{COLUMN_PATH}/dataBodyRange", 200, RANGE,
                        source="tablecolumn-databodyrange.md (dataBodyRange is a function "
                               "in Graph's metadata: GET, not the page's POST)"),
            interaction("GET", f"{COLUMN_PATH}/headerRowRange", 200, RANGE,
                        source="tablecolumn-headerrowrange.md"),
            interaction("GET", f"{COLUMN_PATH}/totalRowRange", 200, RANGE,
                        source="tablecolumn-totalrowrange.md"),
            interaction("GET", f"{COLUMN_PATH}/range", 200, RANGE, source="tablecolumn-range.md"),
            interaction("POST", f"{COLUMN_PATH}/filter/apply", 200, request_body=FILTER,
                        source="filter-apply.md"),
            interaction("POST", f"{COLUMN_PATH}/filter/clear", 200, source="filter-clear.md"),
            interaction("DELETE", COLUMN_PATH, 200, source="tablecolumn-delete.md"),
        ],
        "wb_workbook.yaml": [
            interaction("GET", f"{WORKBOOK}/worksheets", 200, WORKSHEETS,
                        source="workbook-list-worksheets.md"),
            interaction("DELETE", f"{WORKBOOK}/worksheets/id-value", 200,
                        source="worksheet-delete.md"),
            interaction("GET", f"{WORKBOOK}/tables", 200, TABLES, source="workbook-list-tables.md"),
            interaction("POST", f"{WORKBOOK}/tables/add", 200, TABLE, request_body=TABLE_ADD,
                        source="tablecollection-add.md"),
            interaction("GET", f"{WORKBOOK}/names", 200, NAMES, source="workbook-list-names.md"),
            interaction("POST", f"{WORKBOOK}/names/addFormulaLocal", 200, FORMULA_NAME,
                        request_body=FORMULA_ADD, source="nameditem-addformulalocal.md"),
            interaction("GET", f"{WORKBOOK}/sessionInfoResource(key='{OPERATION_ID}')", 200,
                        SESSION, source="workbookoperation-get.md's resourceLocation (the URL), "
                                        "answered with workbook-createsession.md's sessionInfo "
                                        "(no page documents this GET's own answer)"),
        ],
        "wb_functions.yaml": [
            interaction("POST", f"{WORKBOOK}/functions/vlookup", 200, VLOOKUP_RESULT,
                        request_body=VLOOKUP,
                        source="concepts/excel-use-functions.md (Example: vlookup)"),
            interaction("POST", f"{WORKBOOK}/functions/median", 200, MEDIAN_RESULT,
                        request_body=MEDIAN,
                        source="concepts/excel-use-functions.md (Example: median; the "
                               "trailing comma after the last range removed)"),
        ],
        "wb_names.yaml": [
            interaction("PATCH", f"{WORKBOOK}/names/name-value", 200, NAMED_ITEM,
                        request_body='{"comment": "comment-value", "visible": true}',
                        source="nameditem-update.md (type, scope and value are read-only)"),
            interaction("GET", f"{WORKBOOK}/names/name-value/range", 200, RANGE,
                        source="nameditem-range.md"),
        ],
        "wb_excel.yaml": [
            interaction("GET", "me/drive/root/search(q='.xlsx')", 200, SEARCH_DRIVE,
                        source="driveitem-search.md (the response of its second example: the "
                               "first one's items, one with a remoteItem)"),
            interaction("GET", "me/drive/items/01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK", 200,
                        ITEM_GET, source="driveitem-get.md (GET /me/drive/items/{item-id})"),
            interaction("GET", "me/drive/root:/Documents/report.xlsx:", 200, ITEM_GET,
                        source="driveitem-get.md (GET /me/drive/root:/{item-path})"),
        ],
    }



def main() -> None:
    write_cassettes(HERE, cassettes(), "tests/excel/build_cassettes_workbook.py")


if __name__ == "__main__":
    main()
