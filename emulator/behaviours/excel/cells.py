"""Cells: A1 addresses, rectangles of a sheet (`Area`), computed values, and the 2-D grids
(values, text, formulas, number formats, value types) a workbookRange carries.

Also the path helpers every node uses: `split_path` and `call_of` read a segment such as
`range(address='A1:B2')` or `cell(row=1,column=2)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .formulas import FormulaError, evaluate
from .state import error

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook as Book
    from openpyxl.worksheet.worksheet import Worksheet as Sheet

MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
MAX_RENDERED_CELLS = 1_000_000  # bigger ranges answer without their 2-D properties


# ---------------------------------------------------------------------------------- paths
_SEGMENT = re.compile(r"^([A-Za-z$][A-Za-z0-9]*)\((.*)\)$")
_ARG = re.compile(r"\s*([A-Za-z]+)\s*=\s*('(?:[^']|'')*'|[^,]*)\s*(?:,|$)")


def split_path(rest: str) -> list[str]:
    """`worksheets/x/range(address='a/b')` -> segments, keeping quoted text whole."""
    out, current, quoted = [], "", False
    for char in rest:
        if char == "'":
            quoted = not quoted
        if char == "/" and not quoted:
            if current:
                out.append(current)
            current = ""
        else:
            current += char
    if current:
        out.append(current)
    return out


def call_of(segment: str) -> tuple[str, dict[str, Any]]:
    """`cell(row=1,column=2)` -> ("cell", {"row": 1, "column": 2})."""
    found = _SEGMENT.match(segment)
    if found is None:
        return segment, {}
    args: dict[str, Any] = {}
    for name, raw in _ARG.findall(found.group(2)):
        if raw.startswith("'"):
            args[name] = raw[1:-1].replace("''", "'")
        elif raw.lower() in ("true", "false"):
            args[name] = raw.lower() == "true"
        else:
            try:
                args[name] = int(raw)
            except ValueError:
                args[name] = raw
    return found.group(1), args


# ---------------------------------------------------------------------------------- cells
def col_label(index: int) -> str:  # 1-based
    label = ""
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def col_number(label: str) -> int:
    index = 0
    for char in label.upper():
        index = index * 26 + ord(char) - 64
    return index


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?$")


@dataclass(frozen=True)
class Area:
    """A rectangle of a sheet, 1-based and inclusive."""

    sheet: Sheet
    top: int
    left: int
    bottom: int
    right: int

    @property
    def rows(self) -> int:
        return self.bottom - self.top + 1

    @property
    def columns(self) -> int:
        return self.right - self.left + 1

    @property
    def cells(self) -> str:
        if self.left == 1 and self.right == MAX_COLUMNS:
            return f"{self.top}:{self.bottom}"
        if self.top == 1 and self.bottom == MAX_ROWS:
            return f"{col_label(self.left)}:{col_label(self.right)}"
        first = f"{col_label(self.left)}{self.top}"
        last = f"{col_label(self.right)}{self.bottom}"
        return first if first == last else f"{first}:{last}"

    @property
    def address(self) -> str:
        title = self.sheet.title
        name = title if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", title) else \
            "'" + title.replace("'", "''") + "'"
        return f"{name}!{self.cells}"

    def moved(self, top: int, left: int, bottom: int, right: int) -> Area:
        if not (1 <= top <= bottom <= MAX_ROWS and 1 <= left <= right <= MAX_COLUMNS):
            raise error(400, "InvalidArgument", "The range would leave the worksheet.")
        return Area(self.sheet, top, left, bottom, right)


def parse_area(sheet: Sheet, text: str, book: Book | None = None) -> Area:
    """An A1 address on `sheet` (or the sheet it names, when `book` is given)."""
    text = text.strip()
    if "!" in text:
        named, _, text = text.rpartition("!")
        named = named[1:-1].replace("''", "'") if named.startswith("'") else named
        if book is None or named not in book.sheetnames:
            raise error(400, "InvalidArgument", f"The worksheet '{named}' does not exist.")
        sheet = book[named]
    parts = text.split(":")
    if not 1 <= len(parts) <= 2:
        raise error(400, "InvalidArgument", f"'{text}' is not a valid address.")
    found = [_A1.match(p) for p in parts]
    if any(m is None or (m.group(1) is None and m.group(2) is None) for m in found):
        raise error(400, "InvalidArgument", f"'{text}' is not a valid address.")
    cols = [col_number(m.group(1)) if m and m.group(1) else None for m in found]
    rows = [int(m.group(2)) if m and m.group(2) else None for m in found]
    if len(parts) == 1 and (cols[0] is None or rows[0] is None):
        raise error(400, "InvalidArgument", f"'{text}' is not a valid address.")
    left, right = (cols[0], cols[-1]) if cols[0] is not None else (1, MAX_COLUMNS)
    top, bottom = (rows[0], rows[-1]) if rows[0] is not None else (1, MAX_ROWS)
    left, right = min(left or 1, right or 1), max(left or 1, right or 1)
    top, bottom = min(top or 1, bottom or 1), max(top or 1, bottom or 1)
    return Area(sheet, top, left, bottom, right)


def used_area(sheet: Sheet, values_only: bool) -> Area:
    rows = [r for (r, c), cell in sheet._cells.items()
            if not values_only or cell.value not in (None, "")]
    if not rows:
        return Area(sheet, 1, 1, 1, 1)
    cols = [c for (r, c), cell in sheet._cells.items()
            if not values_only or cell.value not in (None, "")]
    return Area(sheet, min(rows), min(cols), max(rows), max(cols))


class Calculator:
    """Cell values with simple formulas computed (memoised for one request)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.memo: dict[tuple[str, int, int], Any] = {}
        self.active: set[tuple[str, int, int]] = set()

    def value(self, sheet: Sheet, row: int, column: int) -> Any:
        cell = sheet._cells.get((row, column))
        raw = cell.value if cell is not None else None
        if not (isinstance(raw, str) and raw.startswith("=")):
            return raw
        key = (sheet.title, row, column)
        if key in self.memo:
            return self.memo[key]
        if key in self.active:
            return FormulaError("#REF!")
        self.active.add(key)
        try:
            result: Any = evaluate(raw, sheet.title, self.cell, self.cells)
        except FormulaError as err:
            result = err
        finally:
            self.active.discard(key)
        self.memo[key] = result
        return result

    def _sheet(self, name: str | None) -> Sheet:
        if name is None or name not in self.book.sheetnames:
            raise FormulaError("#REF!")
        return self.book[name]

    def cell(self, name: str | None, row: int, column: int) -> Any:
        found = self.value(self._sheet(name), row, column)
        if isinstance(found, FormulaError):
            raise found
        return found

    def cells(self, name: str | None, top: int, left: int, bottom: int, right: int) -> list[Any]:
        sheet = self._sheet(name)
        out = []
        for (row, column) in list(sheet._cells):
            if top <= row <= bottom and left <= column <= right:
                found = self.value(sheet, row, column)
                if isinstance(found, FormulaError):
                    raise found
                out.append(found)
        return out


def _graph_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, FormulaError):
        return value.code
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if hasattr(value, "isoformat"):  # dates: Excel serial numbers
        from openpyxl.utils.datetime import to_excel

        return to_excel(value)  # type: ignore[no-untyped-call]
    return value


def _value_type(value: Any) -> str:
    if value is None or value == "":
        return "Empty"
    if isinstance(value, FormulaError):
        return "Error"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, (int, float)):
        return "Double"  # Graph reports every number as Double
    return "String"


def _text(value: Any, number_format: str) -> str:
    if isinstance(value, FormulaError):
        return value.code
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        decimals = re.fullmatch(r"#?,?#*0(?:\.(0+))?", number_format or "")
        if decimals is not None:
            places = len(decimals.group(1) or "")
            return f"{value:,.{places}f}" if "," in number_format else f"{value:.{places}f}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return str(value)


def render_range(area: Area, calc: Calculator, select: set[str] | None) -> dict[str, Any]:
    """A workbookRange, its 2-D properties only as far as `select` asks (or all)."""
    out: dict[str, Any] = {}

    def wanted(name: str) -> bool:
        return select is None or name in select

    plain = {"address": area.address, "addressLocal": area.address,
             "cellCount": area.rows * area.columns, "columnCount": area.columns,
             "rowCount": area.rows, "columnIndex": area.left - 1, "rowIndex": area.top - 1,
             "columnHidden": False, "rowHidden": False, "hidden": False}
    out.update({k: v for k, v in plain.items() if wanted(k)})
    grids = [n for n in ("values", "text", "formulas", "formulasLocal", "formulasR1C1",
                         "numberFormat", "valueTypes") if wanted(n)]
    if not grids:
        return out
    if area.rows * area.columns > MAX_RENDERED_CELLS:
        if select is not None:
            raise error(413, "requestSizeExceeded",
                         "The range is too large for one response; read it in smaller ranges.")
        return out
    sheet = area.sheet
    cells = sheet._cells
    result: dict[str, list[list[Any]]] = {name: [] for name in grids}
    for row in range(area.top, area.bottom + 1):
        rows: dict[str, list[Any]] = {name: [] for name in grids}
        for column in range(area.left, area.right + 1):
            cell = cells.get((row, column))
            raw = cell.value if cell is not None else None
            value = calc.value(sheet, row, column) if cell is not None else None
            fmt = cell.number_format if cell is not None else "General"
            if "values" in rows:
                rows["values"].append(_graph_value(value))
            if "text" in rows:
                rows["text"].append(_text(value, fmt))
            for name in ("formulas", "formulasLocal", "formulasR1C1"):
                if name in rows:
                    rows[name].append(raw if isinstance(raw, str) and raw.startswith("=")
                                      else _graph_value(raw))
            if "numberFormat" in rows:
                rows["numberFormat"].append(fmt)
            if "valueTypes" in rows:
                rows["valueTypes"].append(_value_type(value))
        for name in grids:
            result[name].append(rows[name])
    out.update(result)
    return out


def write_grid(area: Area, values: Any, kind: str) -> None:
    """PATCH a range's `values`/`formulas`/`numberFormat`: a 2-D list of its shape (or one
    value for every cell); null leaves a cell as it is."""
    if not isinstance(values, list):
        values = [[values] * area.columns for _ in range(area.rows)]
    if len(values) != area.rows or any(not isinstance(r, list) or len(r) != area.columns
                                       for r in values):
        raise error(400, "InvalidArgument",
                     f"The number of rows or columns in the input array doesn't match the size "
                     f"or dimensions of the range ({area.rows} x {area.columns}).")
    sheet = area.sheet
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value is None:
                continue
            cell = sheet.cell(row=area.top + r, column=area.left + c)
            if kind == "numberFormat":
                cell.number_format = str(value)
            elif value == "":
                cell.value = None
            else:
                cell.value = value




def each_cell(area: Area) -> Iterator[Any]:
    if area.rows * area.columns > MAX_RENDERED_CELLS:
        raise error(400, "InvalidArgument", "Formats can be set on up to a million cells.")
    for row in range(area.top, area.bottom + 1):
        for column in range(area.left, area.right + 1):
            yield area.sheet.cell(row=row, column=column)


def shift_rows(sheet: Sheet, from_row: int, left: int, right: int, count: int) -> None:
    """Move the cells of columns left..right at and below `from_row` down (count > 0) or up."""
    rows = sorted({r for (r, c) in sheet._cells if r >= from_row and left <= c <= right},
                  reverse=count > 0)
    for row in rows:
        for column in range(left, right + 1):
            source: Any = sheet._cells.get((row, column))
            target: Any = sheet.cell(row=row + count, column=column)
            target.value = source.value if source is not None else None
            if source is not None:
                target._style = copy(source._style)
                source.value = None


