"""A 50,000-row table written and read back in blocks, in bounded memory.

The emulator runs in a process of its own, so tracemalloc counts the client alone. The bar:
the peak while writing 50,000 rows and reading them back stays under twice the JSON of one
block (what Graph sends for `block_rows` rows), whatever the table's size. The modules the
block code runs are imported before measuring: their code is no block's memory.
"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator
from typing import Any

import openpyxl

import generated.o365._runtime.grid  # noqa: F401 - imported here so module code is not counted as block memory
from generated.o365 import Account
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.token_backends import MemoryTokenBackend
from tests.excel.conftest import PATTI
from tests.support.processes import emulator_process

ROWS = 50_000
BLOCK = 5_000


def row(number: int) -> list[Any]:
    return [f"item-{number:05d}", number, number * 0.25, f"note {number % 97}"]


def test_fifty_thousand_rows_written_and_read_back_in_blocks_in_bounded_memory() -> None:
    with emulator_process(seed=3) as found:
        account = Account((found["client_id"], found["secret"]), auth_flow_type="credentials",
                          tenant_id=found["tenant"],
                          protocol=MSGraphProtocol(protocol_url=found["url"], timezone="UTC"),
                          authority_host=found["url"].rstrip("/"), username=PATTI,
                          token_backend=MemoryTokenBackend())
        assert account.authenticate()
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Data"
        sheet.append(["Item", "Number", "Quarter", "Note"])
        sheet.append(row(0))
        content = io.BytesIO()
        book.save(content)
        content.seek(0)
        root = account.storage().get_default_drive().get_root_folder()
        file = root.upload_file(content, item_name="big.xlsx")
        with file.open_workbook() as wb:
            table = wb.get_worksheet("Data").add_table("A1:D2")
            written_progress: list[tuple[int, int | None]] = []
            read_progress: list[tuple[int, int | None]] = []

            def rows() -> Iterator[list[Any]]:  # made one at a time: nothing holds them all
                return (row(n) for n in range(1, ROWS))

            tracemalloc.start()
            try:
                tracemalloc.reset_peak()
                written = table.append_rows(rows(), block_rows=BLOCK,
                                            progress=lambda d, t: written_progress.append((d, t)))
                _, write_peak = tracemalloc.get_traced_memory()
                tracemalloc.reset_peak()
                count = 0
                for number, values in enumerate(table.iter_rows(
                        block_rows=BLOCK, progress=lambda d, t: read_progress.append((d, t)))):
                    assert values == row(number)
                    count += 1
                _, read_peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            # One block's JSON, as Graph sends it: the data body's first BLOCK rows.
            body = table.get_data_body_range()
            first = body.get_resized_range(BLOCK - body.row_count, 0)
            block_json = len(wb.con.request("GET", first._path("{self}"),
                                            params={"$select": "values"}).content)
    assert written == ROWS - 1 and count == ROWS
    assert written_progress[-1] == (ROWS - 1, None) and len(written_progress) == 10
    assert read_progress == [(n, ROWS) for n in range(BLOCK, ROWS + 1, BLOCK)]
    assert block_json > 150_000  # a real block: 5,000 rows of four cells
    print(f"block JSON {block_json} B, write peak {write_peak} B, read peak {read_peak} B")
    assert write_peak < 2 * block_json, (write_peak, block_json)
    assert read_peak < 2 * block_json, (read_peak, block_json)
