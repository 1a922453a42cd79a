"""Write tests/excel/cassettes/*.yaml from Microsoft's documented examples.

Every response body below is copied from microsoftgraph/microsoft-graph-docs-contrib
(api-reference/v1.0/api/<name>.md); the `source` of each interaction names the page. The
request paths are those our generated calls make for the documented request: the workbook of
a drive item reached as drives/{drive}/items/{item}/workbook (the docs write
me/drive/items/{id}/workbook), the documented placeholders filled with the ids below.

Run `python -m tests.excel.build_cassettes` after changing this file; commit the output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.storage.build_cassettes import interaction, write_cassettes

HERE = Path(__file__).parent / "cassettes"
DRIVE_ID = "b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7"
ITEM_ID = "01CYZLFJGUJ7JHBSZDFZFL25KSZGQTVAUN"
WORKBOOK = f"drives/b%21{DRIVE_ID[2:]}/items/{ITEM_ID}/workbook"

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
OPERATION_LOCATION = f"https://graph.microsoft.com/v1.0/{WORKBOOK}/operations/operation-id"


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
    }


def main() -> None:
    write_cassettes(HERE, cassettes(), "tests/excel/build_cassettes.py")


if __name__ == "__main__":
    main()
