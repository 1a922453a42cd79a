"""Big 2-D ranges read and written in row blocks, with a progress callback and bounded memory.

The Graph rule (concepts/workbook-best-practice.md, "reading or writing a large range"): a
request or response over Graph's size limit fails, so a large range is read and written as
several smaller ranges. Each block's response is parsed as it streams in (generated.o365._runtime.jsonstream):
memory holds one row and one network chunk, whatever the block size. Writes take any
iterable of rows and keep only the current block, as the JSON bytes it is sent as.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import a1
from .jsonstream import iter_member

if TYPE_CHECKING:
    from .resource import Resource

__all__ = ["read_blocks", "write_blocks"]

Progress = Callable[[int, "int | None"], None]
CHUNK = 16 * 1024  # bytes read from a block's response at a time
# A response up to this size is parsed in one json.loads (faster); a bigger one row by row as
# it arrives, so what a block costs in memory stays bounded whatever `block_rows` is.
SMALL_BLOCK = 64 * 1024


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
            size = response.headers.get("Content-Length")
            if size is not None and size.isdigit() and int(size) <= SMALL_BLOCK:
                rows = json.loads(response.content).get("values") or []  # small: parsed at once
            else:
                rows = iter_member(response.iter_content(CHUNK), "values")  # big: as it streams
            for row in rows:
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
    block = _Block(member)
    written = 0

    def send() -> None:
        nonlocal written
        if origin is not None:
            cells = a1.block_address(None, origin.first_column, origin.first_row + written,
                                     [[None] * block.width] * block.rows)
            path = obj._path(template, sheet=origin.sheet or "", cells=cells)
        else:
            path = obj._path(template)
        obj.con.request(method, path, data=block.body(),
                        headers={"Content-Type": "application/json"})
        written += block.rows
        block.clear()
        if progress is not None:
            progress(written, total)

    for row in rows:
        block.add(row, written + block.rows)
        if block.rows >= block_rows:
            send()
    if block.rows:
        send()
    return written


class _Block:
    """The rows of one block kept as the JSON body they become (`{"values": [...]}`), in
    pieces of at most PIECE bytes: a block costs its encoded size in memory (not the ~10x of
    Python lists of cell values), and growing it never copies more than one piece."""

    def __init__(self, member: str) -> None:
        self._head = b"{" + json.dumps(member).encode() + b":["
        self._pieces: list[bytearray] = []
        self._pending: list[Any] = []
        self._written = False
        self.rows = 0
        self.width = 0
        self.clear()

    def add(self, row: Any, number: int) -> None:
        if not isinstance(row, (list, tuple)):
            raise ValueError(f"rows must be a 2-D list: row {number} is {type(row).__name__}, "
                             "not a list of cell values")
        if not row:
            raise ValueError(f"row {number} has no cells")
        if self.width and len(row) != self.width:
            raise ValueError(f"rows are ragged: row {number} has {len(row)} cells, "
                             f"the rows before it {self.width}")
        self.width = len(row)
        self._pending.append(row)
        self.rows += 1
        if len(self._pending) >= ENCODE_ROWS:
            self._encode()

    def _encode(self) -> None:
        """Rows waiting as Python lists become JSON, a few hundred per json.dumps call."""
        if not self._pending:
            return
        encoded = json.dumps(self._pending, separators=(",", ":")).encode()[1:-1]
        self._write(b"," + encoded if self._written else encoded)
        self._written = True
        self._pending = []

    def _write(self, data: bytes) -> None:
        if len(self._pieces[-1]) + len(data) > PIECE:
            self._pieces.append(bytearray())
        self._pieces[-1] += data

    def body(self) -> bytes | io.RawIOBase:
        self._encode()
        self._write(b"]}")
        if len(self._pieces) == 1:
            return bytes(self._pieces[0])  # one piece (up to 64 KiB): plain bytes are cheapest
        return _Reader(self._pieces)

    def clear(self) -> None:
        self._pieces = [bytearray(self._head)]  # fresh pieces: the sent ones may still be read
        self._pending = []
        self._written = False
        self.rows = 0
        self.width = 0


PIECE = 64 * 1024
ENCODE_ROWS = 64  # rows encoded per json.dumps call (a few KiB of Python lists at a time)


class _Reader(io.RawIOBase):
    """A seekable, readable view of byte pieces, so the body is sent without joining them."""

    def __init__(self, pieces: list[bytearray]) -> None:
        self._pieces = pieces
        self._size = sum(len(p) for p in pieces)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        done, offset = 0, 0
        for piece in self._pieces:
            end = offset + len(piece)
            if offset <= self._pos < end and done < len(buffer):
                start = self._pos - offset
                size = min(len(buffer) - done, len(piece) - start)
                buffer[done:done + size] = memoryview(piece)[start:start + size]
                done += size
                self._pos += size
            offset = end
        return done

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos


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
