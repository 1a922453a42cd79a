"""Bad input raises a clear error before any request is sent (the HTTP pool refuses to send)."""

from __future__ import annotations

import pytest

from generated.o365 import Account
from generated.o365.excel.workbook import Workbook
from generated.o365.storage.file import File
from tests.excel.conftest import no_requests, upload, xlsx

BAD_ADDRESSES = ["not an address", "A0", "1A", "A1:B2:C3", "A1:B", "XFE1", "A1048577", ""]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_an_address_that_is_not_a1_notation(workbook: Workbook, address: str) -> None:
    sheet = workbook.get_worksheet("Sales")
    cells = sheet.get_range("A1:B2")
    with no_requests(workbook.con), pytest.raises(ValueError, match="A1|address|column|rows"):
        sheet.get_range(address)
    with no_requests(workbook.con), pytest.raises(ValueError):
        sheet.add_table(address)
    with no_requests(workbook.con), pytest.raises(ValueError):
        cells.get_intersection(address)
    with no_requests(workbook.con), pytest.raises(ValueError):
        list(sheet.iter_rows(address=address or "?"))
    with no_requests(workbook.con), pytest.raises(ValueError):
        sheet.update_cells(address or "?", [[1]])


def test_ragged_rows_and_the_wrong_shape(workbook: Workbook) -> None:
    sheet = workbook.get_worksheet("Sales")
    cells = sheet.get_range("A1:B2")
    table = sheet.add_table("A1:C4")
    with no_requests(workbook.con):
        cells.values = [[1, 2], [3]]
        with pytest.raises(ValueError, match="ragged"):
            cells.update()
        cells.values = [[1, 2, 3], [4, 5, 6]]
        with pytest.raises(ValueError, match="2 x 3 but the range is 2 x 2"):
            cells.update()
        cells.formulas = [["=1"], ["=2"]]
        with pytest.raises(ValueError):
            cells.update()
        with pytest.raises(ValueError, match="ragged"):
            table.add_rows([["a", 1, 2.0], ["b", 1]])
        with pytest.raises(ValueError, match="ragged"):
            sheet.update_cells("A1:B2", [[1, 2], [3]])
        with pytest.raises(ValueError, match="2 x 3 but the range is 2 x 2"):
            sheet.update_cells("A1:B2", [[1, 2, 3], [4, 5, 6]])
        with pytest.raises(ValueError, match="ragged"):
            sheet.write_rows([[1, 2], [3, 4, 5]], start="H1")
        with pytest.raises(ValueError, match="2-D"):
            sheet.write_rows([1, 2], start="H1")  # type: ignore[list-item]
        with pytest.raises(ValueError, match="block_rows"):
            list(sheet.iter_rows(address="A1:B2", block_rows=0))


@pytest.mark.parametrize("name", ["x" * 32, "a/b", "a\\b", "[a]", "a:b", "a*", "a?", ""])
def test_a_worksheet_name_excel_refuses(workbook: Workbook, name: str) -> None:
    sheet = workbook.get_worksheet("Sales")
    with no_requests(workbook.con):
        with pytest.raises(ValueError, match="1 to 31 characters"):
            workbook.add_worksheet(name)
        with pytest.raises(ValueError, match="1 to 31 characters"):
            sheet.update(name=name)
    assert workbook.add_worksheet("y" * 31).name == "y" * 31  # the longest allowed


def test_a_workbook_opened_on_a_file_that_is_not_xlsx(account: Account) -> None:
    from generated.o365.excel.workbook import Workbook as WorkBook

    text = upload(account, xlsx(), "notes.csv")
    assert isinstance(text, File)
    with no_requests(account.con):
        with pytest.raises(ValueError, match=r"\.xlsx"):
            text.open_workbook()
        with pytest.raises(ValueError, match=r"\.xlsx"):
            WorkBook(text)
        with pytest.raises(ValueError, match=r"\.xlsx"):
            account.excel().get_workbook_by_path("/notes.csv")
    with pytest.raises(ValueError, match=r"\.xlsx"):
        account.excel().get_workbook(text.id)  # one GET tells it is no workbook: none is opened
