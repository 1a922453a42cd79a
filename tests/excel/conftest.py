"""Fixtures for the Excel tests: an emulator, a signed-in account, and .xlsx files in its drive.

Workbooks are real .xlsx files built with openpyxl, uploaded through the storage API, so the
emulator serves them the way Graph serves a user's files.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest

from generated.o365 import Account
from generated.o365._runtime.connection import Connection
from generated.o365.emulator import EmulatorServer
from generated.o365.excel.workbook import Workbook
from generated.o365.storage.file import File
from tests.storage.conftest import graph_con  # noqa: F401 - the cassette tests' connection
from tests.support.accounts import emulator_account

PATTI = "patti@contoso.onmicrosoft.com"


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=3) as emulator:
        yield emulator


@pytest.fixture
def account(server: EmulatorServer) -> Account:
    return emulator_account(server, PATTI)


def xlsx(rows: list[list[Any]] | None = None, title: str = "Sales",
         more_sheets: tuple[str, ...] = ()) -> io.BytesIO:
    """An .xlsx file in memory: one sheet holding `rows` (a small sales list by default)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows if rows is not None else SALES:
        sheet.append(row)
    for name in more_sheets:
        book.create_sheet(name)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


SALES = [["Item", "Qty", "Price"], ["pen", 2, 1.5], ["ink", 3, 4.0], ["pad", 5, 2.25]]


def upload(account: Account, content: io.BytesIO, name: str = "sales.xlsx") -> File:
    root = account.storage().get_default_drive().get_root_folder()
    item = root.upload_file(content, item_name=name, conflict_handling="replace")
    assert isinstance(item, File)
    return item


@pytest.fixture
def sales_file(account: Account) -> File:
    return upload(account, xlsx())


@pytest.fixture
def workbook(sales_file: File) -> Iterator[Workbook]:
    wb = sales_file.open_workbook()
    yield wb
    wb.session.close_session()


def download(item: File) -> openpyxl.Workbook:
    out = io.BytesIO()
    item.download(out)
    out.seek(0)
    return openpyxl.load_workbook(out)


@contextlib.contextmanager
def no_requests(con: Connection) -> Iterator[None]:
    """Fail the test if anything is sent through `con`'s HTTP pool inside the block."""
    session = con.get_session()
    original = session.send

    def refuse(prepared: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a request went out: {prepared.method} {prepared.url}")

    session.send = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        session.send = original  # type: ignore[method-assign]
