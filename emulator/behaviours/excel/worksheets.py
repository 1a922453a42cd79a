"""The worksheets collection and one worksheet: list, add, rename, move, hide, delete,
protection, and the ranges, tables and names below a sheet (G: worksheet-*.md,
worksheetprotection-*.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import Response
from .cells import MAX_COLUMNS, MAX_ROWS, Area, call_of, parse_area, used_area
from .names import names
from .ranges import range_node
from .sheets import check_sheet_name, find_sheet, render_sheet, sheet_id, sheet_position
from .state import ADDED, Ctx, error, reply
from .tables import tables

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet as Sheet


def worksheets(ctx: Ctx, rest: list[str]) -> Response:
    book = ctx.book
    if not rest:
        if ctx.method == "POST":  # POST /worksheets (python-o365) creates one too
            return add_sheet(ctx, 201)
        return reply(200, {"value": [render_sheet(ctx, s) for s in book.worksheets]})
    if rest == ["add"]:
        return add_sheet(ctx, ADDED)
    sheet = find_sheet(ctx, rest[0])
    rest = rest[1:]
    if not rest:
        if ctx.method == "DELETE":
            if len(book.worksheets) == 1:
                raise error(400, "InvalidArgument", "A workbook must keep one worksheet.")
            book.remove(sheet)
            ctx.changed()
            return 204, {}, b""
        if ctx.method == "PATCH":
            body = ctx.body or {}
            if "name" in body:
                sheet.title = check_sheet_name(ctx, body["name"], sheet)
            if "position" in body:
                position = body["position"]
                if not isinstance(position, int) or not 0 <= position < len(book.worksheets):
                    raise error(400, "InvalidArgument", "The position is out of range.")
                book.move_sheet(sheet, position - sheet_position(book, sheet))
            if "visibility" in body:
                states = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}
                if body["visibility"] not in states:
                    raise error(400, "InvalidArgument", "visibility is Visible, Hidden or VeryHidden.")
                sheet.sheet_state = states[body["visibility"]]  # type: ignore[assignment]
            ctx.changed()
        return reply(200, render_sheet(ctx, sheet))
    name, args = call_of(rest[0])
    if name == "range":
        area = parse_area(sheet, args["address"]) if "address" in args else \
            Area(sheet, 1, 1, MAX_ROWS, MAX_COLUMNS)
        return range_node(ctx, area, rest[1:])
    if name == "usedRange":
        return range_node(ctx, used_area(sheet, bool(args.get("valuesOnly", False))), rest[1:])
    if name == "cell":
        row, column = int(args.get("row", 0)), int(args.get("column", 0))
        return range_node(ctx, Area(sheet, 1, 1, 1, 1).moved(row + 1, column + 1, row + 1,
                                                             column + 1), rest[1:])
    if name == "tables":
        return tables(ctx, sheet, rest[1:])
    if name == "names":
        return names(ctx, sheet, rest[1:])
    if name == "protection":
        return protection(ctx, sheet, rest[1:])
    raise error(400, "BadRequest", f"Resource not found for the segment '{rest[0]}'.")


def add_sheet(ctx: Ctx, status: int) -> Response:
    body = ctx.body or {}
    name = body.get("name")
    if name is None:
        number = len(ctx.book.worksheets) + 1
        while f"Sheet{number}" in ctx.book.sheetnames:
            number += 1
        name = f"Sheet{number}"
    sheet = ctx.book.create_sheet(check_sheet_name(ctx, name))
    ctx.changed()
    return reply(status, render_sheet(ctx, sheet))


def protection(ctx: Ctx, sheet: Sheet, rest: list[str]) -> Response:
    key = sheet_id(ctx, sheet)
    current = ctx.opened.protection.setdefault(key, {})
    if rest == ["protect"]:
        if sheet.protection.sheet:
            raise error(409, "InvalidOperation", "The worksheet is already protected.")
        sheet.protection.sheet = True
        options = (ctx.body or {}).get("options") or {}
        current.clear()
        current.update(options if isinstance(options, dict) else {})
        ctx.changed()
        return 204, {}, b""
    if rest == ["unprotect"]:
        sheet.protection.sheet = False
        current.clear()
        ctx.changed()
        return 204, {}, b""
    names_ = ("allowAutoFilter", "allowDeleteColumns", "allowDeleteRows", "allowFormatCells",
              "allowFormatColumns", "allowFormatRows", "allowInsertColumns",
              "allowInsertHyperlinks", "allowInsertRows", "allowPivotTables", "allowSort")
    options = {n: bool(current.get(n, False)) for n in names_}
    return reply(200, {"protected": bool(sheet.protection.sheet), "options": options})


