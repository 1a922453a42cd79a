"""A1 notation and 2-D cell values, checked on the client before any request.

Graph addresses cells of a worksheet in Excel's A1 notation (`A1`, `B2:D10`, `Sheet1!A:A`,
`3:5`, `'My sheet'!$A$1`) and takes cell values as 2-D arrays (rows of columns) whose shape
must be that of the range (api-reference/v1.0/api/range-update.md). Columns are counted from
zero here, like python-o365's `col_index_to_label`: `col_index("A") == 0`,
`col_index("AA") == 26`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Address", "broadcast", "check_values", "col_index", "col_label", "parse_address",
           "sheet_of", "cells_of", "split_rows", "address_of"]

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
_CELL = r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?"
_PART = re.compile(rf"^{_CELL}$")
_SHEET_QUOTED = re.compile(r"^'((?:[^']|'')+)'!(.*)$")
_SHEET_PLAIN = re.compile(r"^([^!'\[\]:*?/\\]+)!(.*)$")


@dataclass(frozen=True)
class Address:
    """A rectangle of cells: 0-based first/last column, 1-based first/last row."""

    sheet: str | None
    first_column: int
    first_row: int
    last_column: int
    last_row: int

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1

    @property
    def columns(self) -> int:
        return self.last_column - self.first_column + 1

    @property
    def cells(self) -> str:
        """The address without its sheet: `B2:D10` (`B2` for one cell)."""
        first = f"{col_label(self.first_column)}{self.first_row}"
        last = f"{col_label(self.last_column)}{self.last_row}"
        return first if first == last else f"{first}:{last}"

    def with_rows(self, first_row: int, last_row: int) -> Address:
        return Address(self.sheet, self.first_column, first_row, self.last_column, last_row)


def col_index(label: str) -> int:
    """The 0-based index of a column label: `A` -> 0, `Z` -> 25, `AA` -> 26."""
    if not isinstance(label, str) or not re.fullmatch(r"[A-Za-z]{1,3}", label):
        raise ValueError(f"{label!r} is not a column label (A to XFD)")
    index = 0
    for char in label.upper():
        index = index * 26 + (ord(char) - 64)
    if index > MAX_COLUMNS:
        raise ValueError(f"column {label!r} is past XFD, Excel's last column")
    return index - 1


def col_label(index: int) -> str:
    """The label of a 0-based column index: 0 -> `A`, 26 -> `AA`."""
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < MAX_COLUMNS:
        raise ValueError(f"column index {index!r} is not from 0 to {MAX_COLUMNS - 1}")
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def _split_sheet(address: str) -> tuple[str | None, str]:
    quoted = _SHEET_QUOTED.match(address)
    if quoted:
        return quoted.group(1).replace("''", "'"), quoted.group(2)
    plain = _SHEET_PLAIN.match(address)
    if plain:
        return plain.group(1), plain.group(2)
    return None, address


def parse_address(address: str) -> Address:
    """Parse an A1 address; ValueError (before any request) when it is not one.

    Whole columns (`A:C`) span rows 1 to 1,048,576 and whole rows (`2:4`) columns A to XFD.
    """
    if not isinstance(address, str) or not address.strip():
        raise ValueError(f"{address!r} is not an A1 address such as 'A1' or 'B2:D10'")
    sheet, cells = _split_sheet(address.strip())
    parts = cells.split(":")
    if len(parts) > 2:
        raise ValueError(f"{address!r} is not an A1 address such as 'A1' or 'B2:D10'")
    found = [_PART.match(p) for p in parts]
    if any(m is None or (m.group(1) is None and m.group(2) is None) for m in found):
        raise ValueError(f"{address!r} is not an A1 address such as 'A1' or 'B2:D10'")
    columns = [m.group(1) for m in found if m]
    rows = [m.group(2) for m in found if m]
    if len(parts) == 1 and (columns[0] is None or rows[0] is None):
        raise ValueError(f"{address!r} is not an A1 address: a single cell needs a column and a row")
    if any(c is None for c in columns) != all(c is None for c in columns) or \
            any(r is None for r in rows) != all(r is None for r in rows):
        raise ValueError(f"{address!r} mixes a whole row or column with a cell")
    if columns[0] is None:  # 2:4
        first_col, last_col = 0, MAX_COLUMNS - 1
    else:
        first_col, last_col = col_index(str(columns[0])), col_index(str(columns[-1]))
    if rows[0] is None:  # A:C
        first_row, last_row = 1, MAX_ROWS
    else:
        first_row, last_row = int(str(rows[0])), int(str(rows[-1]))
        if not 1 <= first_row <= MAX_ROWS or not 1 <= last_row <= MAX_ROWS:
            raise ValueError(f"{address!r}: rows go from 1 to {MAX_ROWS}")
    if last_col < first_col or last_row < first_row:
        first_col, last_col = min(first_col, last_col), max(first_col, last_col)
        first_row, last_row = min(first_row, last_row), max(first_row, last_row)
    return Address(sheet, first_col, first_row, last_col, last_row)


def check_address(address: Any) -> Any:
    """An address argument, checked; `None` and unset arguments pass through."""
    if isinstance(address, str):
        parse_address(address)
    return address


def sheet_of(address: Any) -> str | None:
    """`Sheet1!A1:B2` -> `Sheet1` (None when the address names no sheet)."""
    return _split_sheet(str(address))[0] if address else None


def cells_of(address: Any) -> str | None:
    """`Sheet1!A1:B2` -> `A1:B2`."""
    return _split_sheet(str(address))[1] if address else None


def address_of(sheet: str | None, cells: str) -> str:
    """`Sheet1`, `A1:B2` -> `Sheet1!A1:B2`, quoting a sheet name that needs it."""
    if not sheet:
        return cells
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet):
        return f"{sheet}!{cells}"
    return "'" + sheet.replace("'", "''") + f"'!{cells}"


def check_values(values: Any, rows: int | None = None, columns: int | None = None,
                 *, what: str = "values") -> list[list[Any]]:
    """`values` as a rectangular 2-D list, of `rows` x `columns` when they are given.

    ValueError for ragged rows or a shape that is not the range's (Graph refuses both).
    """
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError(f"{what} must be a non-empty 2-D list (a list of rows)")
    grid = [list(row) if isinstance(row, (list, tuple)) else None for row in values]
    if any(row is None for row in grid):
        raise ValueError(f"{what} must be a 2-D list: every row a list of cell values")
    width = len(grid[0] or [])
    for number, row in enumerate(grid):
        if len(row or []) != width:
            raise ValueError(f"{what} is ragged: row {number} has {len(row or [])} cells, "
                             f"row 0 has {width}")
    if width == 0:
        raise ValueError(f"{what} has empty rows")
    if rows is not None and columns is not None and (len(grid), width) != (rows, columns):
        raise ValueError(f"{what} is {len(grid)} x {width} but the range is {rows} x {columns}")
    return grid  # type: ignore[return-value]


def broadcast(value: Any, rows: int, columns: int) -> list[list[Any]]:
    """One value for every cell of a `rows` x `columns` range."""
    return [[value] * columns for _ in range(rows)]


def fit(values: Any, address: str | None, *, what: str = "values") -> Any:
    """Values for the range at `address`: one value is broadcast, a 2-D list is checked."""
    shape = parse_address(address) if address else None
    if isinstance(values, (list, tuple)):
        if shape is None:
            return check_values(values, what=what)
        return check_values(values, shape.rows, shape.columns, what=what)
    if shape is None:
        return [[values]]
    if shape.rows * shape.columns > 1_000_000:
        raise ValueError(f"broadcasting one value over {address} would send "
                         f"{shape.rows * shape.columns} cells; give a smaller range")
    return broadcast(values, shape.rows, shape.columns)


def split_rows(address: str, block_rows: int) -> Iterator[Address]:
    """The range at `address` as consecutive blocks of at most `block_rows` rows."""
    if isinstance(block_rows, bool) or not isinstance(block_rows, int) or block_rows < 1:
        raise ValueError(f"block_rows must be a positive int, not {block_rows!r}")
    whole = parse_address(address)
    start = whole.first_row
    while start <= whole.last_row:
        end = min(whole.last_row, start + block_rows - 1)
        yield whole.with_rows(start, end)
        start = end + 1


def block_address(sheet: str | None, first_column: int, first_row: int,
                  rows: Sequence[Sequence[Any]]) -> str:
    """The address rows written from (`first_column`, `first_row`) cover."""
    width = len(rows[0])
    first = f"{col_label(first_column)}{first_row}"
    last = f"{col_label(first_column + width - 1)}{first_row + len(rows) - 1}"
    return address_of(sheet, first if first == last else f"{first}:{last}")


# python-o365's names (O365.utils.range).
col_index_to_label = col_label


def index_to_col_char(index: int) -> str:
    """The letter of a column index within one run of 26 (python-o365's helper): 27 -> `B`."""
    return chr(65 + index % 26)
