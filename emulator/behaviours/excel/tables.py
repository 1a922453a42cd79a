"""Tables, their rows and their columns (G: table-*.md, tablerow-*.md, tablecolumn-*.md).

A table is an openpyxl table over a rectangle of its sheet: a header row (unless hidden), the
data body, and a totals row when shown. Filters are kept beside the file (criteria per column).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import Response
from .cells import Area, call_of, each_cell, parse_area, render_range, shift_rows, write_grid
from .ranges import range_node, sort_rows
from .sheets import render_sheet
from .state import ADDED, Ctx, error, reply

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet as Sheet


def all_tables(ctx: Ctx, sheet: Sheet | None = None) -> Iterator[tuple[Sheet, Any]]:
    for each in ctx.book.worksheets:
        if sheet is None or each is sheet:
            for table in each.tables.values():
                yield each, table


def find_table(ctx: Ctx, key: str, sheet: Sheet | None = None) -> tuple[Sheet, Any]:
    for each, table in all_tables(ctx, sheet):
        if str(table.id) == key or table.displayName == key:
            return each, table
    raise error(404, "ItemNotFound", f"The table '{key}' was not found.")


def table_area(sheet: Sheet, table: Any) -> Area:
    return parse_area(sheet, table.ref)


def _header_rows(table: Any) -> int:
    return 0 if table.headerRowCount == 0 else 1


def _totals_rows(table: Any) -> int:
    return 1 if table.totalsRowCount else 0


def body_area(sheet: Sheet, table: Any) -> Area | None:
    whole = table_area(sheet, table)
    top, bottom = whole.top + _header_rows(table), whole.bottom - _totals_rows(table)
    return whole.moved(top, whole.left, bottom, whole.right) if bottom >= top else None


def render_table(table: Any) -> dict[str, Any]:
    style = table.tableStyleInfo
    return {"id": str(table.id), "name": table.displayName,
            "showHeaders": _header_rows(table) == 1, "showTotals": _totals_rows(table) == 1,
            "style": style.name if style is not None else None,
            "highlightFirstColumn": bool(style.showFirstColumn) if style else False,
            "highlightLastColumn": bool(style.showLastColumn) if style else False,
            "showBandedRows": bool(style.showRowStripes) if style else False,
            "showBandedColumns": bool(style.showColumnStripes) if style else False,
            "showFilterButton": table.autoFilter is not None, "legacyId": str(table.id)}


def set_ref(sheet: Sheet, table: Any, area: Area) -> None:
    table.ref = area.cells
    if table.autoFilter is not None:
        table.autoFilter.ref = area.moved(area.top, area.left,
                                          area.bottom - _totals_rows(table), area.right).cells


def add_table(ctx: Ctx, sheet: Sheet, address: Any, has_headers: Any) -> tuple[Sheet, Any]:
    from openpyxl.worksheet.table import Table, TableStyleInfo

    if not isinstance(address, str):
        raise error(400, "InvalidArgument", "address is required.")
    area = parse_area(sheet, address, ctx.book)
    sheet = area.sheet
    for other_sheet, other in all_tables(ctx, sheet):
        o = table_area(other_sheet, other)
        if not (o.bottom < area.top or area.bottom < o.top or o.right < area.left
                or area.right < o.left):
            raise error(400, "InvalidArgument", "A table can't overlap another table.")
    if not has_headers:  # Graph inserts a header row above the data
        shift_rows(sheet, area.top, area.left, area.right, 1)
        area = area.moved(area.top, area.left, area.bottom + 1, area.right)
        for offset in range(area.columns):
            sheet.cell(row=area.top, column=area.left + offset, value=f"Column{offset + 1}")
    else:
        seen: set[str] = set()
        for offset in range(area.columns):  # headers are unique texts
            cell = sheet.cell(row=area.top, column=area.left + offset)
            text = str(cell.value) if cell.value not in (None, "") else f"Column{offset + 1}"
            while text in seen:
                text += "2"
            seen.add(text)
            cell.value = text
    number = 1 + max((int(t.id) for _, t in all_tables(ctx)), default=0)
    table = Table(id=number, displayName=f"Table{number}", ref=area.cells)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True,
                                          showColumnStripes=False)
    sheet.add_table(table)
    refresh_columns(sheet, table)
    return sheet, table


def table_rows(ctx: Ctx, sheet: Sheet, table: Any) -> list[list[Any]]:
    body = body_area(sheet, table)
    if body is None:
        return []
    rendered = render_range(body, ctx.calc, {"values"})
    return rendered["values"]  # type: ignore[no-any-return]


def add_rows(ctx: Ctx, sheet: Sheet, table: Any, values: Any, index: Any) -> int:
    if isinstance(values, list) and values and not isinstance(values[0], list):
        values = [values]
    whole = table_area(sheet, table)
    if not isinstance(values, list) or not values or \
            any(not isinstance(v, list) or len(v) != whole.columns for v in values):
        raise error(400, "InvalidArgument", f"Each row must have {whole.columns} values.")
    body = body_area(sheet, table)
    count = body.rows if body is not None else 0
    if index is None:
        index = count
    if not isinstance(index, int) or not 0 <= index <= count:
        raise error(400, "InvalidArgument", "The index is out of range.")
    first = whole.top + _header_rows(table) + index
    below = first
    shift_rows(sheet, below, whole.left, whole.right, len(values))
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            sheet.cell(row=first + r, column=whole.left + c, value=None if value == "" else value)
    set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom + len(values),
                                      whole.right))
    return int(index)


def render_row(ctx: Ctx, sheet: Sheet, table: Any, index: int) -> dict[str, Any]:
    body = body_area(sheet, table)
    if body is None or not 0 <= index < body.rows:
        raise error(404, "ItemNotFound", f"The row {index} was not found.")
    row = body.moved(body.top + index, body.left, body.top + index, body.right)
    return {"index": index, "values": render_range(row, ctx.calc, {"values"})["values"]}


def render_column(ctx: Ctx, sheet: Sheet, table: Any, index: int) -> dict[str, Any]:
    whole = table_area(sheet, table)
    if not 0 <= index < whole.columns:
        raise error(404, "ItemNotFound", f"The column {index} was not found.")
    column = whole.moved(whole.top, whole.left + index, whole.bottom, whole.left + index)
    values = render_range(column, ctx.calc, {"values"})["values"]
    name = table.tableColumns[index].name if index < len(table.tableColumns) else values[0][0]
    return {"id": str(index + 1), "index": index, "name": name, "values": values}


def find_column(sheet: Sheet, table: Any, key: Any) -> int:
    whole = table_area(sheet, table)
    names = [str(sheet.cell(row=whole.top, column=whole.left + i).value) for i in range(whole.columns)]
    text = str(key)
    if text in names:
        return names.index(text)
    if text.isdigit() and 1 <= int(text) <= whole.columns:
        return int(text) - 1
    raise error(404, "ItemNotFound", f"The column '{key}' was not found.")


def refresh_columns(sheet: Sheet, table: Any) -> None:
    from openpyxl.worksheet.table import TableColumn

    whole = table_area(sheet, table)
    table.tableColumns = [
        TableColumn(id=i + 1, name=str(sheet.cell(row=whole.top, column=whole.left + i).value
                                       or f"Column{i + 1}"))
        for i in range(whole.columns)]



def tables(ctx: Ctx, sheet: Sheet | None, rest: list[str]) -> Response:
    status = ADDED
    if not rest:
        if ctx.method == "POST":
            rest, status = ["add"], 201  # POST to the collection: created
        else:
            return reply(200, {"value": [render_table(t) for _, t in all_tables(ctx, sheet)]})
    if rest == ["add"]:
        body = ctx.body or {}
        where = sheet or ctx.book.worksheets[0]
        added_sheet, table = add_table(ctx, where, body.get("address"), body.get("hasHeaders", True))
        ctx.changed()
        return reply(status, render_table(table))
    owner, table = find_table(ctx, rest[0], sheet)
    return table_node(ctx, owner, table, rest[1:])


def table_node(ctx: Ctx, sheet: Sheet, table: Any, rest: list[str]) -> Response:
    method = ctx.method
    if not rest:
        if method == "DELETE":
            area = table_area(sheet, table)
            for cell in each_cell(area):
                cell.value = None
            del sheet.tables[table.displayName]
            ctx.changed()
            return 204, {}, b""
        if method == "PATCH":
            update_table(ctx, sheet, table, ctx.body or {})
        return reply(200, render_table(table))
    name, args = call_of(rest[0])
    tail = rest[1:]
    body = body_area(sheet, table)
    whole = table_area(sheet, table)
    if name == "rows":
        return rows_node(ctx, sheet, table, tail)
    if name == "columns":
        return columns_node(ctx, sheet, table, tail)
    if name == "dataBodyRange":
        area = body or whole.moved(whole.top + 1, whole.left, whole.top + 1, whole.right)
        return range_node(ctx, area, tail)
    if name == "headerRowRange":
        return range_node(ctx, whole.moved(whole.top, whole.left, whole.top, whole.right), tail)
    if name == "totalRowRange":
        if not _totals_rows(table):
            raise error(404, "ItemNotFound", "The table has no totals row.")
        return range_node(ctx, whole.moved(whole.bottom, whole.left, whole.bottom, whole.right), tail)
    if name == "range":
        return range_node(ctx, whole, tail)
    if name == "worksheet":
        return reply(200, render_sheet(ctx, sheet))
    if name == "convertToRange":
        del sheet.tables[table.displayName]
        ctx.changed()
        return reply(200, render_range(whole, ctx.calc, ctx.select))
    if name in ("clearFilters", "reapplyFilters"):
        if name == "clearFilters":
            for key in [k for k in ctx.opened.filters if k[0] == str(table.id)]:
                del ctx.opened.filters[key]
        return 204, {}, b""
    if name == "sort" and tail in (["apply"], ["clear"], ["reapply"]):
        if tail == ["apply"] and body is not None:
            sort_rows(ctx, body, (ctx.body or {}).get("fields"))
            ctx.changed()
        return 204, {}, b""
    raise error(400, "BadRequest", f"Resource not found for the segment '{rest[0]}'.")


def update_table(ctx: Ctx, sheet: Sheet, table: Any, body: dict[str, Any]) -> None:
    if "name" in body:
        new = str(body["name"])
        if any(t.displayName == new and t is not table for _, t in all_tables(ctx)):
            raise error(409, "ItemAlreadyExists", f"A table named '{new}' already exists.")
        del sheet.tables[table.displayName]
        table.displayName = table.name = new
        sheet.tables[new] = table
    if "style" in body and table.tableStyleInfo is not None:
        table.tableStyleInfo.name = str(body["style"])
    flags = {"highlightFirstColumn": "showFirstColumn", "highlightLastColumn": "showLastColumn",
             "showBandedRows": "showRowStripes", "showBandedColumns": "showColumnStripes"}
    for graph, attr in flags.items():
        if graph in body and table.tableStyleInfo is not None:
            setattr(table.tableStyleInfo, attr, bool(body[graph]))
    if "showTotals" in body and bool(body["showTotals"]) != bool(_totals_rows(table)):
        whole = table_area(sheet, table)
        if body["showTotals"]:
            shift_rows(sheet, whole.bottom + 1, whole.left, whole.right, 1)
            sheet.cell(row=whole.bottom + 1, column=whole.left, value="Total")
            table.totalsRowCount = 1
            set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom + 1, whole.right))
        else:
            for column in range(whole.left, whole.right + 1):
                sheet.cell(row=whole.bottom, column=column).value = None
            table.totalsRowCount = None
            set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom - 1, whole.right))
    if "showHeaders" in body:
        table.headerRowCount = 1 if body["showHeaders"] else 0
    ctx.changed()


def rows_node(ctx: Ctx, sheet: Sheet, table: Any, rest: list[str]) -> Response:
    status = ADDED
    if not rest:
        if ctx.method == "POST":
            rest, status = ["add"], 201  # POST to the collection: created
        else:
            values = table_rows(ctx, sheet, table)
            return reply(200, {"value": [{"index": i, "values": [v]} for i, v in enumerate(values)]})
    if rest == ["add"]:
        body = ctx.body or {}
        index = add_rows(ctx, sheet, table, body.get("values"), body.get("index"))
        ctx.changed()
        return reply(status, render_row(ctx, sheet, table, index))
    name, args = call_of(rest[0])
    index = int(args.get("index", -1)) if name == "itemAt" else int(name) if name.isdigit() else -1
    body = body_area(sheet, table)
    if body is None or not 0 <= index < body.rows:
        raise error(404, "ItemNotFound", f"The row '{rest[0]}' was not found.")
    row = body.moved(body.top + index, body.left, body.top + index, body.right)
    tail = rest[1:]
    if tail == ["range"]:
        return range_node(ctx, row, [])
    if tail == ["delete"] or (not tail and ctx.method == "DELETE"):
        whole = table_area(sheet, table)
        for cell in each_cell(row):
            cell.value = None
        shift_rows(sheet, row.top + 1, whole.left, whole.right, -1)
        set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom - 1, whole.right))
        ctx.changed()
        return 204, {}, b""
    if not tail and ctx.method == "PATCH":
        new_values = (ctx.body or {}).get("values")
        if isinstance(new_values, list) and new_values and not isinstance(new_values[0], list):
            new_values = [new_values]
        write_grid(row, new_values, "values")
        ctx.changed()
    return reply(200, render_row(ctx, sheet, table, index))


def columns_node(ctx: Ctx, sheet: Sheet, table: Any, rest: list[str]) -> Response:
    whole = table_area(sheet, table)
    status = ADDED
    if not rest:
        if ctx.method == "POST":
            rest, status = ["add"], 201  # POST to the collection: created
        else:
            return reply(200, {"value": [render_column(ctx, sheet, table, i)
                                         for i in range(whole.columns)]})
    if rest == ["add"]:
        body = ctx.body or {}
        index = body.get("index")
        index = whole.columns if index is None else int(index)
        if not 0 <= index <= whole.columns:
            raise error(400, "InvalidArgument", "The index is out of range.")
        column = whole.left + index
        for row in range(whole.top, whole.bottom + 1):  # move the columns right of it over
            for col in range(whole.right, column - 1, -1):
                sheet.cell(row=row, column=col + 1).value = sheet.cell(row=row, column=col).value
            sheet.cell(row=row, column=column).value = None
        set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom, whole.right + 1))
        values = body.get("values")
        if isinstance(values, list):
            for offset, value in enumerate(values[: whole.rows]):
                value = value[0] if isinstance(value, list) and value else value
                sheet.cell(row=whole.top + offset, column=column, value=value)
        header = body.get("name") or sheet.cell(row=whole.top, column=column).value or \
            f"Column{index + 1}"
        sheet.cell(row=whole.top, column=column, value=str(header))
        refresh_columns(sheet, table)
        ctx.changed()
        return reply(status, render_column(ctx, sheet, table, index))
    name, args = call_of(rest[0])
    index = int(args["index"]) if name == "itemAt" and "index" in args else \
        find_column(sheet, table, rest[0])
    if not 0 <= index < whole.columns:
        raise error(404, "ItemNotFound", f"The column '{rest[0]}' was not found.")
    area = whole.moved(whole.top, whole.left + index, whole.bottom, whole.left + index)
    tail = rest[1:]
    if not tail:
        if ctx.method == "DELETE":
            for row in range(whole.top, whole.bottom + 1):
                for col in range(area.left, whole.right):
                    sheet.cell(row=row, column=col).value = sheet.cell(row=row, column=col + 1).value
                sheet.cell(row=row, column=whole.right).value = None
            set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom, whole.right - 1))
            refresh_columns(sheet, table)
            ctx.changed()
            return 204, {}, b""
        if ctx.method == "PATCH":
            body = ctx.body or {}
            if "values" in body:
                write_grid(area, body["values"], "values")
            if "name" in body:
                sheet.cell(row=whole.top, column=area.left, value=str(body["name"]))
            refresh_columns(sheet, table)
            ctx.changed()
        return reply(200, render_column(ctx, sheet, table, index))
    head = tail[0]
    body_rows = body_area(sheet, table)
    if head == "filter":
        key = (str(table.id), index)
        if tail[1:] == ["apply"]:
            criteria = (ctx.body or {}).get("criteria")
            if not isinstance(criteria, dict):
                raise error(400, "InvalidArgument", "criteria is required.")
            ctx.opened.filters[key] = criteria
            return 204, {}, b""
        if tail[1:] == ["clear"]:
            ctx.opened.filters.pop(key, None)
            return 204, {}, b""
        return reply(200, {"criteria": ctx.opened.filters.get(key)})
    if head == "dataBodyRange" and body_rows is not None:
        return range_node(ctx, area.moved(body_rows.top, area.left, body_rows.bottom, area.left), tail[1:])
    if head == "headerRowRange":
        return range_node(ctx, area.moved(whole.top, area.left, whole.top, area.left), tail[1:])
    if head == "totalRowRange" and _totals_rows(table):
        return range_node(ctx, area.moved(whole.bottom, area.left, whole.bottom, area.left), tail[1:])
    if head == "range":
        return range_node(ctx, area, tail[1:])
    raise error(404, "ItemNotFound", f"Resource not found for the segment '{head}'.")


