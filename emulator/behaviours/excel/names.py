"""Named items, workbook functions and the application (G: nameditem-*.md,
resources/workbook.md "Functions", workbookapplication-*.md)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .. import Response
from .cells import Area, _graph_value, parse_area
from .formulas import FormulaError, function_result
from .ranges import range_node
from .state import Ctx, error, reply

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet as Sheet


def all_names(ctx: Ctx, sheet: Sheet | None) -> dict[str, Any]:
    return dict(sheet.defined_names if sheet is not None else ctx.book.defined_names)


def render_name(name: Any, scope: str) -> dict[str, Any]:
    text = str(name.attr_text or "")
    is_range = bool(re.match(r"^(?:'[^']+'|[^!=]+)!\$?[A-Z]+\$?\d+", text))
    return {"name": name.name, "comment": name.comment, "scope": scope,
            "type": "Range" if is_range else "String", "value": text.lstrip("="),
            "visible": not bool(name.hidden)}


def add_name(ctx: Ctx, sheet: Sheet | None, body: dict[str, Any], formula: bool) -> dict[str, Any]:
    from openpyxl.workbook.defined_name import DefinedName

    name = body.get("name")
    reference = body.get("formula" if formula else "reference")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_\\][A-Za-z0-9_.]*", name) or \
            not isinstance(reference, str) or not reference:
        raise error(400, "InvalidArgument", "A name and a reference are required.")
    names = sheet.defined_names if sheet is not None else ctx.book.defined_names
    if name in names:
        raise error(409, "ItemAlreadyExists", f"The name '{name}' already exists.")
    defined = DefinedName(name=name, attr_text=reference.lstrip("="),
                          comment=body.get("comment") or None)
    names[name] = defined
    return render_name(defined, sheet.title if sheet is not None else "Workbook")


def find_name(ctx: Ctx, key: str, sheet: Sheet | None) -> tuple[Any, str]:
    if sheet is not None:
        found = sheet.defined_names.get(key)
        if found is not None:
            return found, sheet.title
    found = ctx.book.defined_names.get(key)
    if found is None:
        for each in ctx.book.worksheets:
            if key in each.defined_names:
                return each.defined_names[key], each.title
        raise error(404, "ItemNotFound", f"The name '{key}' was not found.")
    return found, "Workbook"


def name_area(ctx: Ctx, name: Any) -> Area:
    text = str(name.attr_text or "").lstrip("=")
    if "!" not in text:
        raise error(400, "InvalidArgument", f"The name '{name.name}' is not a range.")
    return parse_area(ctx.book.worksheets[0], text.replace("$", ""), ctx.book)


def names(ctx: Ctx, sheet: Sheet | None, rest: list[str]) -> Response:
    if not rest:
        scope = sheet.title if sheet is not None else "Workbook"
        return reply(200, {"value": [render_name(n, scope) for n in all_names(ctx, sheet).values()]})
    if rest[0] in ("add", "addFormulaLocal") and len(rest) == 1:
        added = add_name(ctx, sheet, ctx.body or {}, rest[0] == "addFormulaLocal")
        ctx.changed()
        # An action's entity result: 200 OK, annotated with its context and type, as
        # nameditem-add.md documents.
        return reply(200, {"@odata.context": ctx.app.context_url("workbookNamedItem"),
                           "@odata.type": "#microsoft.graph.workbookNamedItem", **added})
    name, scope = find_name(ctx, rest[0], sheet)
    if rest[1:2] == ["range"]:  # and what is reached from it: range/format/font, range/cell(...)
        return range_node(ctx, name_area(ctx, name), rest[2:])
    if len(rest) == 1 and ctx.method == "PATCH":
        body = ctx.body or {}
        if "comment" in body:
            name.comment = body["comment"]
        if "visible" in body:
            name.hidden = not bool(body["visible"])
        ctx.changed()
    if len(rest) > 1:
        raise error(400, "BadRequest", f"Resource not found for the segment '{rest[1]}'.")
    return reply(200, render_name(name, scope))


def function(ctx: Ctx, name: str) -> Response:
    calc = ctx.calc
    args = ctx.body if isinstance(ctx.body, dict) else {}
    try:
        value = function_result(name, args, lambda s, t, lf, b, r: calc.cells(
            s or ctx.book.worksheets[0].title, t, lf, b, r))
        return reply(200, _function_result(ctx, None, _graph_value(value)))
    except FormulaError as err:
        return reply(200, _function_result(ctx, err.code, None))


def _function_result(ctx: Ctx, error_code: str | None, value: Any) -> dict[str, Any]:
    """A workbookFunctionResult, annotated as concepts/excel-use-functions.md shows it."""
    return {"@odata.context": ctx.app.context_url("workbookFunctionResult"),
            "@odata.type": "#microsoft.graph.workbookFunctionResult",
            "error": error_code, "value": value}



def application(ctx: Ctx, rest: list[str]) -> Response:
    if rest == ["calculate"]:
        kind = (ctx.body or {}).get("calculationType", "Recalculate")
        if kind not in ("Recalculate", "Full", "FullRebuild"):
            raise error(400, "InvalidArgument", f"'{kind}' is not a calculation type.")
        return 204, {}, b""
    return reply(200, {"calculationMode": "Automatic"})
