"""Big 2-D ranges read and written in row blocks, with a progress callback and bounded memory.

The Graph rule (concepts/workbook-best-practice.md, "reading or writing a large range"): a
request or response over Graph's size limit fails, so a large range is read and written as
several smaller ranges. Each block's response is parsed as it streams in (runtime.jsonstream):
memory holds one row and one network chunk, whatever the block size. Writes take any
iterable of rows and keep only the current block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import a1
from .jsonstream import iter_member

if TYPE_CHECKING:
    from .resource import Resource

__all__ = ["read_blocks", "write_blocks"]

Progress = Callable[[int, "int | None"], None]
DEFAULT_BLOCK_ROWS = 1000


def read_blocks(obj: Resource, template: str, address: str | None, *, block_rows: int,
                progress: Progress | None, address_from: str | None = None) -> Iterator[list[Any]]:
    """Rows of the range at `address` (or the one `address_from` names), block by block.

    `template` is the path of one block, with `{sheet}` and `{cells}` filled per block.
    """
    address = _address(obj, address, address_from)
    blocks = list(a1.split_rows(address, block_rows))  # checks the address before any request
    total = sum(block.rows for block in blocks)
    done = 0
    for block in blocks:
        path = obj._path(template, sheet=block.sheet or "", cells=block.cells)
        response = obj.con.request("GET", path, params={"$select": "values"}, stream=True)
        try:
            for row in iter_member(response.iter_content(64 * 1024), "values"):
                yield row
                done += 1
        finally:
            response.close()
        if progress is not None:
            progress(done, total)


def write_blocks(obj: Resource, template: str, rows: Iterable[Sequence[Any]], *, start: str | None,
                 block_rows: int, progress: Progress | None, method: str = "PATCH",
                 member: str = "values", total: int | None = None,
                 address_from: str | None = None) -> int:
    """Send `rows` in blocks of `block_rows`; returns how many rows were written.

    With `start` (an A1 cell), each block goes to the range below the previous one and
    `template` takes `{sheet}` and `{cells}`; without it every block goes to `template` as
    is (a table's `rows/add`). A `start` of more than one cell must be filled exactly
    (`rows` then has to be a list). With `address_from` (a used range) and no `start`, rows go
    below that range. Ragged rows raise ValueError before their block is sent.
    """
    if isinstance(block_rows, bool) or not isinstance(block_rows, int) or block_rows < 1:
        raise ValueError(f"block_rows must be a positive int, not {block_rows!r}")
    if not start and address_from is not None:
        start = _below(obj, address_from)
    origin = a1.parse_address(start) if start else None
    if total is None and isinstance(rows, Sequence):
        total = len(rows)
    if origin is not None and origin.rows * origin.columns > 1:
        if not isinstance(rows, Sequence):
            raise ValueError(f"writing to the range {start} takes a list of rows of its shape")
        a1.check_values(rows, origin.rows, origin.columns, what="rows")
    width: int | None = None
    written = 0
    block: list[list[Any]] = []

    def send() -> None:
        nonlocal written, width
        grid = a1.check_values(block, what=f"rows {written} to {written + len(block) - 1}")
        if width is None:
            width = len(grid[0])
        elif len(grid[0]) != width:
            raise ValueError(f"row {written} has {len(grid[0])} cells, the first row {width}")
        if origin is not None:
            cells = a1.block_address(None, origin.first_column, origin.first_row + written, grid)
            path = obj._path(template, sheet=origin.sheet or "", cells=cells)
        else:
            path = obj._path(template)
        obj.con.request(method, path, json={member: grid})
        written += len(grid)
        block.clear()
        if progress is not None:
            progress(written, total)

    for row in rows:
        if not isinstance(row, (list, tuple)):
            raise ValueError(f"rows must be a 2-D list: row {written + len(block)} is "
                             f"{type(row).__name__}, not a list of cell values")
        block.append(list(row))
        if len(block) >= block_rows:
            send()
    if block:
        send()
    return written


def _below(obj: Resource, used_range: str) -> str:
    """The first cell under a used range (`A1` when the sheet is empty)."""
    path = obj._path(used_range)
    found = obj.con.request("GET", path, params={"$select": "address"}).json()
    shape = a1.parse_address(str(found.get("address") or "A1"))
    column = a1.col_label(shape.first_column)
    if shape.rows == 1 and shape.columns == 1:  # one cell: an empty sheet says A1 too
        values = obj.con.request("GET", path, params={"$select": "values"}).json().get("values")
        if values in (None, [[""]], [[None]]):
            return f"{column}{shape.first_row}"
    return f"{column}{shape.last_row + 1}"


def _address(obj: Resource, address: str | None, address_from: str | None) -> str:
    if not address and address_from is not None:
        found = obj.con.request("GET", obj._path(address_from),
                                params={"$select": "address"}).json()
        address = found.get("address") if isinstance(found, dict) else None
    if not address:
        address = obj._data.get("address")
    if not address:
        raise ValueError("give the address of the range to read")
    return str(address)
