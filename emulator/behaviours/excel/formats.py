"""Range formats: alignment, column width and row height, font, fill and borders, mapped onto
openpyxl styles (G: rangeformat-*.md, rangefont-*.md, rangefill-*.md, rangeborder-*.md)."""

from __future__ import annotations

import re
from copy import copy
from typing import Any

from .. import Response
from .cells import Area, call_of, col_label, each_cell, used_area
from .state import Ctx, error, reply

BORDER_SIDES = ("EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical",
                "InsideHorizontal", "DiagonalDown", "DiagonalUp")
# (Graph style, weight) <-> openpyxl border style
_LINE_STYLES = {("Continuous", "Thin"): "thin", ("Continuous", "Medium"): "medium",
                ("Continuous", "Thick"): "thick", ("Continuous", "Hairline"): "hair",
                ("Dash", "Thin"): "dashed", ("Dash", "Medium"): "mediumDashed",
                ("Dot", "Thin"): "dotted", ("Double", "Thick"): "double",
                ("DashDot", "Thin"): "dashDot", ("DashDot", "Medium"): "mediumDashDot",
                ("DashDotDot", "Thin"): "dashDotDot",
                ("DashDotDot", "Medium"): "mediumDashDotDot",
                ("SlantDashDot", "Medium"): "slantDashDot"}
_GRAPH_LINES = {v: k for k, v in _LINE_STYLES.items()}
POINTS_PER_CHARACTER = 7.5  # Graph gives column widths in points, openpyxl in characters


def render_format(area: Area) -> dict[str, Any]:
    sheet = area.sheet
    cell = sheet.cell(row=area.top, column=area.left)
    letter = col_label(area.left)
    width = sheet.column_dimensions[letter].width if letter in sheet.column_dimensions else None
    height = sheet.row_dimensions[area.top].height if area.top in sheet.row_dimensions else None
    align = cell.alignment
    return {"columnWidth": round((width or 8.43) * POINTS_PER_CHARACTER, 2),
            "rowHeight": height if height is not None else 15.0,
            "horizontalAlignment": _cap(align.horizontal) or "General",
            "verticalAlignment": _cap(align.vertical) or "Bottom",
            "wrapText": bool(align.wrap_text)}


def _cap(text: str | None) -> str | None:
    if not text:
        return None
    return {"centerContinuous": "CenterAcrossSelection"}.get(text, text[0].upper() + text[1:])


def _low(text: Any) -> str | None:
    if not isinstance(text, str) or text in ("General", ""):
        return None
    return {"CenterAcrossSelection": "centerContinuous"}.get(text, text[0].lower() + text[1:])


def update_format(area: Area, body: dict[str, Any]) -> None:

    sheet = area.sheet
    if "columnWidth" in body:
        for column in range(area.left, min(area.right, area.left + 1000) + 1):
            sheet.column_dimensions[col_label(column)].width = \
                float(body["columnWidth"]) / POINTS_PER_CHARACTER
    if "rowHeight" in body:
        for row in range(area.top, min(area.bottom, area.top + 100_000) + 1):
            sheet.row_dimensions[row].height = float(body["rowHeight"])
    keys = {"horizontalAlignment": "horizontal", "verticalAlignment": "vertical",
            "wrapText": "wrap_text"}
    if any(k in body for k in keys):
        for cell in each_cell(area):
            align = copy(cell.alignment)
            for graph, attr in keys.items():
                if graph in body:
                    setattr(align, attr, bool(body[graph]) if attr == "wrap_text"
                            else _low(body[graph]))
            cell.alignment = align


def _color(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).lstrip("#")
    names = {"red": "FF0000", "green": "008000", "blue": "0000FF", "yellow": "FFFF00",
             "black": "000000", "white": "FFFFFF", "orange": "FFA500", "gray": "808080"}
    text = names.get(text.lower(), text)
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        raise error(400, "InvalidArgument", f"'{value}' is not a colour.")
    return "FF" + text.upper()


def _graph_color(color: Any) -> str | None:
    rgb = getattr(color, "rgb", None) if color is not None else None
    if not isinstance(rgb, str) or len(rgb) < 6:
        return None
    return "#" + rgb[-6:]


def render_font(area: Area) -> dict[str, Any]:
    font = area.sheet.cell(row=area.top, column=area.left).font
    underline = {"single": "Single", "double": "Double", "singleAccounting": "SingleAccountant",
                 "doubleAccounting": "DoubleAccountant"}.get(font.underline or "", "None")
    return {"bold": bool(font.b), "italic": bool(font.i), "color": _graph_color(font.color) or "#000000",
            "name": font.name or "Calibri", "size": float(font.sz or 11), "underline": underline}


def update_font(area: Area, body: dict[str, Any]) -> None:

    underline = {"None": None, "Single": "single", "Double": "double",
                 "SingleAccountant": "singleAccounting", "DoubleAccountant": "doubleAccounting"}
    if "underline" in body and body["underline"] not in underline:
        raise error(400, "InvalidArgument", f"'{body['underline']}' is not an underline style.")
    color = _color(body.get("color")) if "color" in body else None
    for cell in each_cell(area):
        font = copy(cell.font)
        if "bold" in body:
            font.b = bool(body["bold"])
        if "italic" in body:
            font.i = bool(body["italic"])
        if "name" in body:
            font.name = str(body["name"])
        if "size" in body:
            font.sz = float(body["size"])
        if "underline" in body:
            font.u = underline[body["underline"]]
        if "color" in body:
            font.color = color
        cell.font = font


def render_fill(area: Area) -> dict[str, Any]:
    fill = area.sheet.cell(row=area.top, column=area.left).fill
    solid = fill is not None and fill.fill_type == "solid"
    return {"color": _graph_color(fill.fgColor) if solid else None}


def update_fill(area: Area, color: Any) -> None:
    from openpyxl.styles import PatternFill

    rgb = _color(color)
    fill = PatternFill(fill_type="solid", fgColor=rgb) if rgb else PatternFill(fill_type=None)
    for cell in each_cell(area):
        cell.fill = fill


def _side_of(area: Area, side: str) -> Any:
    cell = area.sheet.cell(row=area.top, column=area.left)
    border = cell.border
    attr = {"EdgeTop": "top", "EdgeBottom": "bottom", "EdgeLeft": "left", "EdgeRight": "right",
            "InsideVertical": "right", "InsideHorizontal": "bottom",
            "DiagonalDown": "diagonal", "DiagonalUp": "diagonal"}[side]
    return getattr(border, attr)


def render_border(area: Area, side: str) -> dict[str, Any]:
    found = _side_of(area, side)
    style, weight = _GRAPH_LINES.get(found.style, ("None", "Thin")) if found is not None and \
        found.style else ("None", "Thin")
    return {"id": side, "sideIndex": side, "style": style, "weight": weight,
            "color": _graph_color(found.color) if found is not None else None}


def update_border(area: Area, side: str, body: dict[str, Any]) -> None:

    from openpyxl.styles import Side

    current = render_border(area, side)
    style = body.get("style", current["style"])
    weight = body.get("weight", current["weight"])
    if style == "None":
        line = None
    else:
        line = _LINE_STYLES.get((style, weight)) or _LINE_STYLES.get((style, "Thin"))
        if line is None:
            raise error(400, "InvalidArgument", f"'{style}' is not a border style.")
    color = _color(body.get("color", current["color"]) or "#000000")
    new = Side(style=line, color=color)  # type: ignore[arg-type]
    for cell in each_cell(area):
        row, column = cell.row, cell.column
        edges = {"EdgeTop": row == area.top, "EdgeBottom": row == area.bottom,
                 "EdgeLeft": column == area.left, "EdgeRight": column == area.right,
                 "InsideVertical": column < area.right, "InsideHorizontal": row < area.bottom,
                 "DiagonalDown": True, "DiagonalUp": True}
        if not edges[side]:
            continue
        border = copy(cell.border)
        attr = {"EdgeTop": "top", "EdgeBottom": "bottom", "EdgeLeft": "left",
                "EdgeRight": "right", "InsideVertical": "right", "InsideHorizontal": "bottom",
                "DiagonalDown": "diagonal", "DiagonalUp": "diagonal"}[side]
        setattr(border, attr, new)
        if side == "DiagonalDown":
            border.diagonalDown = True
        if side == "DiagonalUp":
            border.diagonalUp = True
        cell.border = border


def autofit(area: Area, columns: bool) -> None:
    sheet = area.sheet
    used = used_area(sheet, True)
    if columns:
        for column in range(area.left, min(area.right, used.right) + 1):
            longest = max((len(str(c.value)) for (r, col), c in sheet._cells.items()
                           if col == column and c.value is not None), default=8)
            sheet.column_dimensions[col_label(column)].width = longest + 2
    else:
        for row in range(area.top, min(area.bottom, used.bottom) + 1):
            sheet.row_dimensions[row].height = 15.0


def format_node(ctx: Ctx, area: Area, rest: list[str]) -> Response:
    body = ctx.body or {}
    patch = ctx.method == "PATCH"
    if not rest:
        if patch:
            update_format(area, body)
            ctx.changed()
        return reply(200, render_format(area))
    head = rest[0]
    if head == "font":
        if patch:
            update_font(area, body)
            ctx.changed()
        return reply(200, render_font(area))
    if head == "fill":
        if rest[1:] == ["clear"]:
            update_fill(area, None)
            ctx.changed()
            return 204, {}, b""
        if patch:
            update_fill(area, body.get("color"))
            ctx.changed()
        return reply(200, render_fill(area))
    if head == "borders":
        if len(rest) == 1:
            return reply(200, {"value": [render_border(area, s) for s in BORDER_SIDES]})
        side = call_of(rest[1])[1].get("index") if rest[1].startswith("itemAt(") else rest[1]
        if isinstance(side, int):
            side = BORDER_SIDES[side] if 0 <= side < len(BORDER_SIDES) else ""
        if side not in BORDER_SIDES:
            raise error(404, "ItemNotFound", f"'{rest[1]}' is not a border.")
        if patch:
            update_border(area, str(side), body)
            ctx.changed()
        return reply(200, render_border(area, str(side)))
    if head in ("autofitColumns", "autofitRows"):
        autofit(area, head == "autofitColumns")
        ctx.changed()
        return 204, {}, b""
    raise error(400, "BadRequest", f"Resource not found for the segment '{head}'.")

