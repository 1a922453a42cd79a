"""Write tests/excel/cassettes/*.yaml from Microsoft's documented examples.

Every response body below is copied from microsoftgraph/microsoft-graph-docs-contrib
(api-reference/v1.0/api/<name>.md); the `source` of each interaction names the page. The
request paths are those our generated calls make for the documented request: the workbook of
a drive item reached as drives/{drive}/items/{item}/workbook (the docs write
me/drive/items/{id}/workbook), the documented placeholders filled with the ids below; where a test chains calls, a later request uses the
id an earlier documented response returned (worksheets/id-value, tables/99). Where a
page's example reaches a range through a named item (names/{name}/range/...), the request uses
the worksheet form the same page lists (worksheets/{id|name}/range(address='...')/...). Where a
documented body holds a placeholder for an enumerated value ("shift-value"), the request sends
one of the values the page's parameter table allows, named in the source.

Run `python -m tests.excel.build_cassettes` after changing this file; commit the output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.storage.build_cassettes import interaction, write_cassettes

HERE = Path(__file__).parent / "cassettes"
DRIVE_ID = "b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7"
ITEM_ID = "01CYZLFJGUJ7JHBSZDFZFL25KSZGQTVAUN"
WORKBOOK = f"drives/b%21{DRIVE_ID[2:]}/items/{ITEM_ID}/workbook"



def collection(entity: str) -> str:
    """A documented list response whose one element is the documented `entity`."""
    return json.dumps({"value": [json.loads(entity)]}, indent=2)


SESSION = """{
  "id": "id-value",
  "persistChanges": true
}"""
WORKSHEET = """{
  "id": "id-value",
  "position": 99,
  "name": "name-value",
  "visibility": "visibility-value"
}"""
RANGE = """{
  "address": "address-value",
  "addressLocal": "addressLocal-value",
  "cellCount": 99,
  "columnCount": 99,
  "columnIndex": 99,
  "valueTypes": "valueTypes-value"
}"""
BLOCK = """{
"values" : [["Hello", "100"],["1/1/2016", null]]
}"""  # range-update.md's body, values only: what a block of rows sends
BLOCK_ROW_1 = '{"values": [["Hello", "100"]]}'
BLOCK_ROW_2 = '{"values": [["1/1/2016", null]]}'
RANGE_UPDATE = """{
"values" : [["Hello", "100"],["1/1/2016", null]],
"formulas" : [[null, null], [null, "=B1*2"]],
"numberFormat" : [[null,null], ["m-ddd", null]]
}"""
FONT = """{
  "bold": true,
  "color": "color-value",
  "italic": true,
  "name": "name-value",
  "size": 99,
  "underline": "underline-value"
}"""
ROWS_ADD = """{
  "index": 5,
  "values": [
    [1, 2, 3],
    [4, 5, 6]
  ]
}"""
ROW = """{
  "index": 99,
  "values": "values-value"
}"""
NAME_ADD = """{
  "name": "test5",
  "reference": "=Sheet1!$F$15:$N$27",
  "comment": "Comment for the named item"
}"""
NAME = """{
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#workbookNamedItem",
    "@odata.type": "#microsoft.graph.workbookNamedItem",
    "@odata.id": "/users('ca41eb6e-5828-486b-ab52-c3bd1f7a4047')/drive/root/workbook/names(%27test5%27)",
    "comment": "Comment for the named item",
    "name": "test5",
    "scope": "Workbook",
    "type": "Range",
    "value": "Sheet1!$F$15:$N$27",
    "visible": true
}"""
SHEET_PATCH = """{
  "position": 99,
  "name": "name-value",
  "visibility": "visibility-value"
}"""
USED_RANGE = """{
  "address": "address-value",
  "addressLocal": "addressLocal-value"
}"""
CELL = """{
  "address": "address-value",
  "addressLocal": "addressLocal-value",
  "cellCount": 1,
  "columnCount": 1,
  "columnIndex": 3,
  "valueTypes": "valueTypes-value"
}"""
TABLE = """{
  "id": "99",
  "name": "name-value",
  "showHeaders": true,
  "showTotals": true,
  "style": "style-value"
}"""
TABLE_PATCH = """{
  "name": "name-value",
  "showHeaders": true,
  "showTotals": true,
  "style": "style-value"
}"""
NAMED_ITEM = """{
  "name": "name-value",
  "type": "type-value",
  "value": {
  },
  "visible": true
}"""
APPLICATION = """{
  "calculationMode": "calculationMode-value"
}"""
OPERATION_RUNNING = """{
  "id": "0195cfac-bd22-4f91-b276-dece0aa2378b",
  "status": "running"
}"""
SESSION_ID = (  # the documented session id, split only to fit the line length
    "Y2x1c3Rlcj1QU0c0JnNlc3Npb249MTUuU0cyUEVQRjAwMDI4RjI1MS5BMTE2LjEuVTM2LmM4MGRiNjkw"
    "LTQwMTktNGNkNS1hYWJiLTJmYzczM2YxZTQ5ZjE0LjUuZW4tVVM1LmVuLVVTMjQuMTAwM2JmZmRhYzUy"
    "MzkzOS1Qcml2YXRlMS5TMjQuJTJmUEI0JTJmWjJqZmt1aXhJZHBjeE8xYmclM2QlM2QxNi4xNi4wLjE0"
    "NDEwLjM1MDUwMTQuNS5lbi1VUzUuZW4tVVMxLk0xLk4wLjEuUyZ1c2lkPWExOTMyNTU0LTlhNDAtNzYz"
    "Ni1mNDU3LWEyNjExMmFkNDg2YQ=="
)
OPERATION_SUCCEEDED = """{
  "id": "0195cfac-bd22-4f91-b276-dece0aa2378b",
  "status": "succeeded",
  "resourceLocation":"https://graph.microsoft.com/beta/me/drive/items/01CCETFLK7GVZTZHSQNRD2AEI5XWTCU6FJ/workbook/sessionInfoResource(key='0195cfac-bd22-4f91-b276-dece0aa2378b')?sessionId=SESSION_ID"
}""".replace("SESSION_ID", SESSION_ID)
OPERATION_ID = "0195cfac-bd22-4f91-b276-dece0aa2378b"
RANGE_HIDDEN = """{
  "address": "address-value",
  "addressLocal": "addressLocal-value",
  "cellCount": 99,
  "columnCount": 99,
  "columnHidden": true,
  "columnIndex": 99
}"""
USED_RANGE_VALUES_ONLY = """{
  "address": "address-value",
  "addressLocal": "addressLocal-value",
  "cellCount": 90,
  "columnCount": 90,
  "columnIndex": 90,
  "valueTypes": "valueTypes-value"
}"""
SORT = """{
  "fields": [
    {
      "key": 99,
      "sortOn": "sortOn-value",
      "ascending": true,
      "color": "color-value",
      "dataOption": "dataOption-value",
      "icon": {
        "set": "set-value",
        "index": 99
      }
    }
  ],
  "matchCase": true,
  "hasHeaders": true,
  "orientation": "orientation-value",
  "method": "method-value"
}"""
FORMAT = """{
  "columnWidth": 99,
  "horizontalAlignment": "horizontalAlignment-value",
  "rowHeight": 99
}"""
FORMAT_PATCH = """{
  "columnWidth": 135,
  "verticalAlignment": "Top",
  "rowHeight": 49,
  "wrapText": false
}"""
FORMAT_UPDATED = """{
    "columnWidth": 135,
    "horizontalAlignment": "General",
    "rowHeight": 49,
    "verticalAlignment": "Top",
    "wrapText": false
}"""
FONT_PATCH = """{
  "bold": true,
  "color": "#4B180E",
  "size": 26
}"""
FONT_UPDATED = """{
    "bold": true,
    "color": "#4B180E",
    "italic": false,
    "name": "Calibri",
    "size": 26,
    "underline": "None"
}"""
FILL_PATCH = """{
  "color": "#FF0000"
}"""
FILL_UPDATED = """{
    "color": "#FF0000"
}"""
FILL = """{
  "color": "color-value"
}"""
BORDER = """{
  "id": "id-value",
  "color": "color-value",
  "style": "style-value",
  "sideIndex": "sideIndex-value",
  "weight": "weight-value"
}"""
BORDERS = collection(BORDER)  # rangeformat-list-borders.md: the same border, listed
BORDER_PATCH = """{
  "color": "color-value",
  "style": "style-value",
  "weight": "weight-value"
}"""
TABLES = collection(TABLE)  # worksheet-list-tables.md: the same table, listed
SHEET_NAMES = """{
  "value": [
    {
      "name": "myrange",
      "scope": "worksheet"
    }
  ]
}"""
PROTECTION = """{
  "protected": true
}"""
PROTECT = """{
  "options": {
    "allowFormatCells": true,
    "allowFormatColumns": true,
    "allowFormatRows": true,
    "allowInsertColumns": true,
    "allowInsertRows": true,
    "allowInsertHyperlinks": true,
    "allowDeleteColumns": true,
    "allowDeleteRows": true,
    "allowSort": true,
    "allowAutoFilter": true,
    "allowPivotTables": true
  }
}"""
SHEET = f"{WORKBOOK}/worksheets/Sheet1"
SHEET_BY_ID = f"{WORKBOOK}/worksheets/id-value"  # the id the documented GET returned
CELLS = f"{SHEET}/range(address='A1%3AB2')"
OPERATION_LOCATION = f"https://graph.microsoft.com/v1.0/{WORKBOOK}/operations/operation-id"
WIDE = f"{SHEET}/range(address='B2%3AC5')"  # the range of range-boundingrect.md's own example
FIRST = f"{SHEET}/range(address='%24A%241')"  # rangeformat-update.md's first cell
BORDER_PATH = f"{CELLS}/format/borders"
NAMED = "the page's example goes through names/{name}/range; the request is the worksheet form its HTTP request section lists"
FUNCTION = "a function in Graph's metadata, so its parameters go in the path of a GET"


def cassettes() -> dict[str, list[dict[str, Any]]]:
    return {
        "session.yaml": [
            interaction("POST", f"{WORKBOOK}/createSession", 201, SESSION,
                        request_body='{"persistChanges": true}',
                        source="workbook-createsession.md (example 2: basic session creation)"),
            interaction("POST", f"{WORKBOOK}/createSession", 202, "{\n}",
                        request_body='{"persistChanges": true}',
                        headers={"Location": OPERATION_LOCATION},
                        source="workbook-createsession.md (example 1: long-running operation)"),
        ],
        "worksheet_add.yaml": [
            interaction("POST", f"{WORKBOOK}/worksheets/add", 200, WORKSHEET,
                        request_body='{"name": "name-value"}', source="worksheetcollection-add.md"),
        ],
        "range_update.yaml": [
            interaction("PATCH", f"{WORKBOOK}/worksheets/Sheet1/range(address='A1%3AB2')", 200,
                        RANGE, request_body=RANGE_UPDATE, source="range-update.md"),
        ],
        "font_update.yaml": [
            interaction("PATCH", f"{WORKBOOK}/worksheets/Sheet1/range(address='F15%3AN27')/format/font",
                        200, FONT, request_body=FONT, source="rangefont-update.md"),
        ],
        "rows_add.yaml": [
            interaction("POST", f"{WORKBOOK}/tables/Table1/rows/add", 200, ROW,
                        request_body=ROWS_ADD, source="tablerowcollection-add.md"),
        ],
        "names_add.yaml": [
            interaction("POST", f"{WORKBOOK}/names/add", 200, NAME, request_body=NAME_ADD,
                        source="nameditem-add.md"),
        ],
        "worksheet.yaml": [
            interaction("GET", SHEET, 200, WORKSHEET, source="worksheet-get.md (by name)"),
            interaction("GET", SHEET_BY_ID, 200, WORKSHEET, source="worksheet-get.md (by id)"),
            interaction("PATCH", SHEET_BY_ID, 200, WORKSHEET, request_body=SHEET_PATCH,
                        source="worksheet-update.md"),
            interaction("GET", f"{SHEET_BY_ID}/usedRange(valuesOnly=true)", 200, USED_RANGE,
                        source="worksheet-usedrange.md (with valuesOnly)"),
            interaction("GET", f"{SHEET_BY_ID}/cell(row=2,column=3)", 200, CELL,
                        source="worksheet-cell.md"),
            interaction("DELETE", SHEET_BY_ID, 200, source="worksheet-delete.md"),
        ],
        "table.yaml": [
            interaction("GET", f"{WORKBOOK}/tables/Table1", 200, TABLE, source="table-get.md"),
            interaction("GET", f"{WORKBOOK}/tables/99", 200, TABLE, source="table-get.md (by id)"),
            interaction("PATCH", f"{WORKBOOK}/tables/99", 200, TABLE, request_body=TABLE_PATCH,
                        source="table-update.md"),
            interaction("POST", f"{WORKBOOK}/tables/99/convertToRange", 200, RANGE,
                        source="table-converttorange.md"),
        ],
        "range_actions.yaml": [
            interaction("POST", f"{CELLS}/clear", 204, request_body='{"applyTo": "Formats"}',
                        source="range-clear.md (applyTo: Formats)"),
            interaction("POST", f"{CELLS}/delete", 200, request_body='{"shift": "Left"}',
                        source="range-delete.md (shift: Left)"),
            interaction("POST", f"{CELLS}/insert", 200, RANGE, request_body='{"shift": "Right"}',
                        source="range-insert.md (shift: Right)"),
            interaction("POST", f"{CELLS}/merge", 200, request_body='{\n  "across": true\n}',
                        source="range-merge.md"),
            interaction("POST", f"{CELLS}/unmerge", 200, source="range-unmerge.md"),
        ],
        "table_ranges.yaml": [
            interaction("GET", f"{WORKBOOK}/tables/99/dataBodyRange", 200, RANGE,
                        source="table-databodyrange.md"),
            interaction("GET", f"{WORKBOOK}/tables/99/headerRowRange", 200, RANGE,
                        source="table-headerrowrange.md"),
            interaction("POST", f"{WORKBOOK}/tables/99/clearFilters", 200,
                        source="table-clearfilters.md"),
        ],
        "range_functions.yaml": [
            interaction("GET", f"{CELLS}/entireColumn", 200, RANGE, source="range-entirecolumn.md"),
            interaction("GET", f"{CELLS}/entireRow", 200, RANGE, source="range-entirerow.md"),
            interaction("GET", f"{CELLS}/lastCell", 200, RANGE, source="range-lastcell.md"),
            interaction("POST", f"{CELLS}/format/fill/clear", 200, source="rangefill-clear.md"),
        ],
        "names_get.yaml": [
            interaction("GET", f"{WORKBOOK}/names/name-value", 200, NAMED_ITEM,
                        source="nameditem-get.md"),
            interaction("GET", f"{WORKBOOK}/names/name-value", 200, NAMED_ITEM,
                        source="nameditem-get.md (reloaded)"),
        ],
        "application.yaml": [
            interaction("GET", f"{WORKBOOK}/application", 200, APPLICATION,
                        source="workbookapplication-get.md"),
            interaction("POST", f"{WORKBOOK}/application/calculate", 200,
                        request_body='{"calculationType": "Full"}',
                        source="workbookapplication-calculate.md (calculationType: Full)"),
        ],
        "operation.yaml": [
            interaction("GET", f"{WORKBOOK}/operations/{OPERATION_ID}", 200, OPERATION_RUNNING,
                        source="workbookoperation-get.md (response running)"),
            interaction("GET", f"{WORKBOOK}/operations/{OPERATION_ID}", 200, OPERATION_SUCCEEDED,
                        source="workbookoperation-get.md (response succeeded)"),
        ],
        "range_get.yaml": [
            interaction("GET", CELLS, 200, RANGE, source=f"range-get.md ({NAMED})"),
            interaction("GET", f"{CELLS}/format", 200, FORMAT, source=f"rangeformat-get.md ({NAMED})"),
            interaction("GET", f"{CELLS}/format", 200, FORMAT,
                        source=f"rangeformat-get.md (reloaded; {NAMED})"),
            interaction("POST", f"{CELLS}/sort/apply", 200, request_body=SORT,
                        source=f"rangesort-apply.md ({NAMED})"),
        ],
        "range_worksheet.yaml": [
            interaction("GET", f"{CELLS}/worksheet", 200, WORKSHEET,
                        source="worksheet-get.md's worksheet (the range's worksheet relationship, "
                        "resources/range.md, has no page with an example)"),
        ],
        "range_derived.yaml": [
            interaction("GET", f"{CELLS}/cell(row=5,column=6)", 200, RANGE,
                        source=f"range-cell.md ({NAMED})"),
            interaction("GET", f"{CELLS}/column(column=5)", 200, RANGE,
                        source=f"range-column.md ({NAMED})"),
            interaction("GET", f"{CELLS}/row(row=2)", 200, RANGE,
                        source=f"range-row.md ({NAMED}; the page writes POST with {{\"row\": 2}}: "
                        f"row is {FUNCTION}, as range-column.md calls column)"),
            interaction("GET", f"{WIDE}/boundingRect(anotherRange='D10%3AE15')", 200, RANGE,
                        source=f"range-boundingrect.md ({NAMED}; boundingRect is {FUNCTION}; "
                        "anotherRange-value is D10:E15, the page's own example beside B2:C5)"),
            interaction("GET", f"{WIDE}/intersection(anotherRange='D10%3AE15')", 200, RANGE,
                        source=f"range-intersection.md ({NAMED}; intersection is {FUNCTION}; "
                        "anotherRange-value is an address)"),
            interaction("GET", f"{CELLS}/columnsAfter(count=2)", 200, RANGE_HIDDEN,
                        source="workbookrange-columnsafter.md (the worksheet range at an address)"),
            interaction("GET", f"{CELLS}/columnsBefore(count=2)", 200, RANGE_HIDDEN,
                        source="workbookrange-columnsbefore.md (the worksheet range at an address)"),
            interaction("GET", f"{CELLS}/rowsAbove(count=2)", 200, RANGE_HIDDEN,
                        source="workbookrange-rowsabove.md (the worksheet range at an address; "
                        f"the page writes POST: rowsAbove is {FUNCTION})"),
            interaction("GET", f"{CELLS}/rowsBelow(count=2)", 200, RANGE_HIDDEN,
                        source="workbookrange-rowsbelow.md (the worksheet range at an address; "
                        f"the page writes POST: rowsBelow is {FUNCTION})"),
            interaction("GET", f"{CELLS}/lastColumn", 200, RANGE, source=f"range-lastcolumn.md ({NAMED})"),
            interaction("GET", f"{CELLS}/lastRow", 200, RANGE, source=f"range-lastrow.md ({NAMED})"),
            interaction("GET", f"{CELLS}/offsetRange(rowOffset=3,columnOffset=5)", 200, RANGE,
                        source=f"range-offsetrange.md ({NAMED}; offsetRange is {FUNCTION})"),
            interaction("GET", f"{CELLS}/resizedRange(deltaRows=2,deltaColumns=1)", 200,
                        RANGE_HIDDEN, source="workbookrange-resizedrange.md (the worksheet range at "
                        f"an address, {{n}} 2 and 1; the page writes POST: resizedRange is {FUNCTION})"),
            interaction("GET", f"{CELLS}/usedRange(valuesOnly=true)", 200, USED_RANGE_VALUES_ONLY,
                        source=f"range-usedrange.md (the example with valuesOnly; {NAMED})"),
        ],
        "range_blocks.yaml": [
            interaction("GET", f"{SHEET}/range(address='A1%3AB2')?%24select=values", 200, RANGE,
                        source=f"range-get.md (first block; {NAMED})"),
            interaction("GET", f"{SHEET}/range(address='A3%3AB4')?%24select=values", 200, RANGE,
                        source=f"range-get.md (second block; {NAMED})"),
        ],
        "worksheet_blocks.yaml": [
            interaction("PATCH", CELLS, 200, RANGE, request_body=BLOCK,
                        source="range-update.md (update_cells: the documented values)"),
            interaction("PATCH", f"{SHEET}/range(address='A1%3AB1')", 200, RANGE,
                        request_body=BLOCK_ROW_1, source="range-update.md (write_rows, block 1)"),
            interaction("PATCH", f"{SHEET}/range(address='A2%3AB2')", 200, RANGE,
                        request_body=BLOCK_ROW_2, source="range-update.md (write_rows, block 2)"),
            interaction("GET", f"{SHEET}/range(address='A1%3AB2')?%24select=values", 200, RANGE,
                        source="range-get.md (iter_rows, block 1)"),
            interaction("GET", f"{SHEET}/range(address='A3%3AB4')?%24select=values", 200, RANGE,
                        source="range-get.md (iter_rows, block 2)"),
        ],
        "range_format.yaml": [
            interaction("PATCH", f"{FIRST}/format", 200, FORMAT_UPDATED, request_body=FORMAT_PATCH,
                        source="rangeformat-update.md (the first cell's format)"),
            interaction("PATCH", f"{FIRST}/format/font", 200, FONT_UPDATED, request_body=FONT_PATCH,
                        source="rangeformat-update.md (the first cell's font)"),
            interaction("PATCH", f"{FIRST}/format/fill", 200, FILL_UPDATED, request_body=FILL_PATCH,
                        source="rangeformat-update.md (the first cell's fill)"),
        ],
        "range_format_parts.yaml": [
            interaction("GET", f"{CELLS}/format/font", 200, FONT, source=f"rangefont-get.md ({NAMED})"),
            interaction("GET", f"{CELLS}/format/font", 200, FONT,
                        source=f"rangefont-get.md (reloaded; {NAMED})"),
            interaction("GET", f"{CELLS}/format/fill", 200, FILL, source=f"rangefill-get.md ({NAMED})"),
            interaction("GET", f"{CELLS}/format/fill", 200, FILL,
                        source=f"rangefill-get.md (reloaded; {NAMED})"),
            interaction("GET", BORDER_PATH, 200, BORDERS,
                        source=f"rangeformat-list-borders.md ({NAMED})"),
            interaction("GET", f"{BORDER_PATH}/EdgeTop", 200, BORDER,
                        source=f"rangeborder-get.md ({NAMED}; {{sideIndex}} is EdgeTop)"),
            interaction("GET", f"{BORDER_PATH}/sideIndex-value", 200, BORDER,
                        source=f"rangeborder-get.md (reloaded by the sideIndex it returned; {NAMED})"),
            interaction("PATCH", f"{BORDER_PATH}/sideIndex-value", 200, BORDER,
                        request_body=BORDER_PATCH, source=f"rangeborder-update.md ({NAMED}; the "
                        "body's read-only sideIndex is not sent: the page's property table lists "
                        "color, style and weight, and the path names the side)"),
            interaction("POST", f"{CELLS}/format/autofitColumns", 200,
                        source=f"rangeformat-autofitcolumns.md ({NAMED})"),
            interaction("POST", f"{CELLS}/format/autofitRows", 200,
                        source=f"rangeformat-autofitrows.md ({NAMED})"),
        ],
        "worksheet_parts.yaml": [
            interaction("GET", CELLS, 200, RANGE, source="worksheet-range.md (with an address)"),
            interaction("GET", f"{SHEET}/tables", 200, TABLES, source="worksheet-list-tables.md"),
            interaction("GET", f"{SHEET}/tables/99", 200, TABLE,
                        source="table-get.md (the worksheet form its HTTP request section lists)"),
            interaction("POST", f"{SHEET}/tables/add", 201, TABLE,
                        request_body='{"address": "A1:D8", "hasHeaders": false}',
                        source="worksheet-post-tables.md (its HTTP request section's tables/add: "
                        "the example's path has a stray tables/{id})"),
            interaction("GET", f"{SHEET}/names", 200, SHEET_NAMES, source="worksheet-list-names.md"),
            interaction("GET", f"{SHEET}/names/name-value", 200, NAMED_ITEM,
                        source="nameditem-get.md (the worksheet form its HTTP request section lists)"),
            interaction("POST", f"{SHEET}/names/add", 200, NAME, request_body=NAME_ADD,
                        source="nameditem-add.md (the worksheet form its HTTP request section lists)"),
        ],
        "worksheet_protection.yaml": [
            interaction("GET", f"{SHEET}/protection", 200, PROTECTION,
                        source="worksheetprotection-get.md"),
            interaction("GET", f"{SHEET}/protection", 200, PROTECTION,
                        source="worksheetprotection-get.md (reloaded)"),
            interaction("POST", f"{SHEET}/protection/protect", 200, request_body=PROTECT,
                        source="worksheetprotection-protect.md"),
            interaction("POST", f"{SHEET}/protection/unprotect", 200,
                        source="worksheetprotection-unprotect.md"),
        ],
    }


def main() -> None:
    write_cassettes(HERE, cassettes(), "tests/excel/build_cassettes.py")


if __name__ == "__main__":
    main()
