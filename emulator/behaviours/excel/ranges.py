"""Ranges: reading and writing cells, the composable functions that derive one range from
another (cell, row, offsetRange, usedRange...), and the range actions (clear, insert, delete,
merge, sort) (G: range-*.md, workbookrange-*.md, rangesort-apply.md)."""

from __future__ import annotations

from typing import Any

from .. import Response
from .cells import (
    MAX_COLUMNS,
    MAX_ROWS,
    Area,
    Calculator,
    call_of,
    each_cell,
    parse_area,
    render_range,
    shift_rows,
    used_area,
    write_grid,
)
from .formats import format_node
from .sheets import render_sheet
from .state import Ctx, error, reply


def sort_rows(ctx: Ctx, area: Area, fields: Any, has_headers: bool = False) -> None:
    if not isinstance(fields, list) or not fields:
        raise error(400, "InvalidArgument", "fields is required.")
    top = area.top + (1 if has_headers else 0)
    if top > area.bottom:
        return
    body = area.moved(top, area.left, area.bottom, area.right)
    sheet = area.sheet
    rows = [[sheet._cells.get((r, c)).value if (r, c) in sheet._cells else None  # type: ignore[union-attr]
             for c in range(body.left, body.right + 1)] for r in range(body.top, body.bottom + 1)]

    def key_of(row: list[Any], index: int) -> tuple[int, Any]:
        value = row[index]
        if value is None:
            return (2, "")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (0, value)
        return (1, str(value).casefold())

    for spec in reversed(fields):
        index = int(spec.get("key", 0)) if isinstance(spec, dict) else 0
        if not 0 <= index < body.columns:
            raise error(400, "InvalidArgument", "A sort key is outside the range.")
        rows.sort(key=lambda row: key_of(row, index),
                  reverse=isinstance(spec, dict) and spec.get("ascending") is False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.cell(row=body.top + r, column=body.left + c, value=value)


def range_node(ctx: Ctx, area: Area, rest: list[str]) -> Response:
    """A range, or something reached from it (`cell(...)`, `format/font`, `sort/apply`...)."""
    while rest:
        name, args = call_of(rest[0])
        moved = derived_range(ctx, area, name, args)
        if moved is None:
            break
        area, rest = moved, rest[1:]
    method = ctx.method
    if not rest:
        if method == "PATCH":
            body = ctx.body or {}
            for key in ("values", "formulas", "formulasLocal", "formulasR1C1", "numberFormat"):
                if key in body:
                    write_grid(area, body[key], key)
            ctx.changed()
            ctx.calc = Calculator(ctx.book)
        return reply(200, render_range(area, ctx.calc, ctx.select))
    head, tail = rest[0], rest[1:]
    body = ctx.body or {}
    if head == "format":
        return format_node(ctx, area, tail)
    if head == "worksheet":
        return reply(200, render_sheet(ctx, area.sheet))
    if head == "clear":
        apply_to = str(body.get("applyTo", "All"))
        if apply_to not in ("All", "Formats", "Contents"):
            raise error(400, "InvalidArgument", "applyTo is All, Formats or Contents.")
        from openpyxl.styles.cell_style import StyleArray

        for cell in each_cell(area):
            if apply_to in ("All", "Contents"):
                cell.value = None
            if apply_to in ("All", "Formats"):
                cell._style = StyleArray()
        ctx.changed()
        return 204, {}, b""
    if head in ("delete", "insert"):
        shift = str(body.get("shift", "Up" if head == "delete" else "Down"))
        allowed = ("Up", "Left") if head == "delete" else ("Down", "Right")
        if shift not in allowed:
            raise error(400, "InvalidArgument", f"shift is {' or '.join(allowed)}.")
        sheet = area.sheet
        if shift in ("Up", "Down"):
            if head == "delete":
                for cell in each_cell(area):
                    cell.value = None
                shift_rows(sheet, area.bottom + 1, area.left, area.right, -area.rows)
            else:
                shift_rows(sheet, area.top, area.left, area.right, area.rows)
        else:
            width = area.columns
            used = used_area(sheet, False)
            for row in range(area.top, area.bottom + 1):
                if head == "delete":
                    for col in range(area.left, used.right + 1):
                        sheet.cell(row=row, column=col).value = \
                            sheet.cell(row=row, column=col + width).value
                else:
                    for col in range(used.right, area.left - 1, -1):
                        sheet.cell(row=row, column=col + width).value = \
                            sheet.cell(row=row, column=col).value
                    for col in range(area.left, area.right + 1):
                        sheet.cell(row=row, column=col).value = None
        ctx.changed()
        if head == "insert":
            return reply(200, render_range(area, ctx.calc, ctx.select))
        return 204, {}, b""
    if head == "merge":
        if body.get("across"):
            for row in range(area.top, area.bottom + 1):
                area.sheet.merge_cells(start_row=row, start_column=area.left, end_row=row,
                                       end_column=area.right)
        else:
            area.sheet.merge_cells(area.cells)
        ctx.changed()
        return 204, {}, b""
    if head == "unmerge":
        for merged in list(area.sheet.merged_cells.ranges):
            if merged.min_row >= area.top and merged.max_row <= area.bottom and \
                    merged.min_col >= area.left and merged.max_col <= area.right:
                area.sheet.unmerge_cells(str(merged))
        ctx.changed()
        return 204, {}, b""
    if head == "sort" and tail == ["apply"]:
        sort_rows(ctx, area, body.get("fields"), bool(body.get("hasHeaders", False)))
        ctx.changed()
        return 204, {}, b""
    raise error(400, "BadRequest", f"Resource not found for the segment '{head}'.")


def derived_range(ctx: Ctx, area: Area, name: str, args: dict[str, Any]) -> Area | None:
    """The range a composable function of a range names, or None if `name` is not one."""
    top, left, bottom, right = area.top, area.left, area.bottom, area.right
    count = int(args.get("count", 1)) if name in ("columnsAfter", "columnsBefore",
                                                   "rowsAbove", "rowsBelow") else 0
    if name == "cell":
        row, column = top + int(args["row"]), left + int(args["column"])
        return area.moved(row, column, row, column)
    if name == "column":
        column = left + int(args["column"])
        return area.moved(top, column, bottom, column)
    if name == "row":
        row = top + int(args["row"])
        return area.moved(row, left, row, right)
    if name in ("boundingRect", "intersection"):
        other = parse_area(area.sheet, str(args.get("anotherRange", "")), ctx.book)
        if other.sheet is not area.sheet:
            raise error(400, "InvalidArgument", "The ranges are on different worksheets.")
        if name == "boundingRect":
            return area.moved(min(top, other.top), min(left, other.left),
                              max(bottom, other.bottom), max(right, other.right))
        box = (max(top, other.top), max(left, other.left), min(bottom, other.bottom),
               min(right, other.right))
        if box[0] > box[2] or box[1] > box[3]:
            raise error(404, "ItemNotFound", "The ranges do not intersect.")
        return area.moved(*box)
    if name == "columnsAfter":
        return area.moved(top, right + 1, bottom, right + count)
    if name == "columnsBefore":
        return area.moved(top, left - count, bottom, left - 1)
    if name == "rowsAbove":
        return area.moved(top - count, left, top - 1, right)
    if name == "rowsBelow":
        return area.moved(bottom + 1, left, bottom + count, right)
    if name == "entireColumn":
        return area.moved(1, left, MAX_ROWS, right)
    if name == "entireRow":
        return area.moved(top, 1, bottom, MAX_COLUMNS)
    if name == "lastCell":
        return area.moved(bottom, right, bottom, right)
    if name == "lastColumn":
        return area.moved(top, right, bottom, right)
    if name == "lastRow":
        return area.moved(bottom, left, bottom, right)
    if name == "offsetRange":
        rows, columns = int(args.get("rowOffset", 0)), int(args.get("columnOffset", 0))
        return area.moved(top + rows, left + columns, bottom + rows, right + columns)
    if name == "resizedRange":
        return area.moved(top, left, bottom + int(args.get("deltaRows", 0)),
                          right + int(args.get("deltaColumns", 0)))
    if name == "usedRange":
        used = used_area(area.sheet, bool(args.get("valuesOnly", False)))
        box = (max(top, used.top), max(left, used.left), min(bottom, used.bottom),
               min(right, used.right))
        if box[0] > box[2] or box[1] > box[3]:
            return area.moved(top, left, top, left)
        return area.moved(*box)
    return None


