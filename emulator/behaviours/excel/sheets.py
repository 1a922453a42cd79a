"""Worksheets as Graph names them: ids, positions, visibility, and the rules for names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .state import Ctx, error

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook as Book
    from openpyxl.worksheet.worksheet import Worksheet as Sheet


def sheet_position(book: Book, sheet: Sheet) -> int:
    return next(i for i, each in enumerate(book.worksheets) if each is sheet)


def sheet_id(ctx: Ctx, sheet: Sheet) -> str:
    ids = ctx.opened.ids
    if id(sheet) not in ids:
        number = len(ids) + 1
        ids[id(sheet)] = f"{{00000000-0001-0000-{number:04d}-000000000000}}"
    return ids[id(sheet)]


def find_sheet(ctx: Ctx, key: str) -> Sheet:
    for sheet in ctx.book.worksheets:
        if sheet.title == key or sheet_id(ctx, sheet) == key:
            return sheet
    raise error(404, "ItemNotFound", f"The worksheet '{key}' was not found.")


def render_sheet(ctx: Ctx, sheet: Sheet) -> dict[str, Any]:
    visibility = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}
    return {"id": sheet_id(ctx, sheet), "name": sheet.title,
            "position": sheet_position(ctx.book, sheet),
            "visibility": visibility.get(sheet.sheet_state, "Visible")}


_SHEET_NAME = re.compile(r"^[^\[\]:*?/\\]{1,31}$")


def check_sheet_name(ctx: Ctx, name: Any, current: Sheet | None = None) -> str:
    if not isinstance(name, str) or not _SHEET_NAME.match(name) or name.startswith("'"):
        raise error(400, "InvalidArgument", "The worksheet name is not valid: 1 to 31 "
                     "characters, none of [ ] : * ? / \\.")
    if any(s.title.casefold() == name.casefold() and s is not current for s in ctx.book.worksheets):
        raise error(409, "ItemAlreadyExists", f"A worksheet named '{name}' already exists.")
    return name

