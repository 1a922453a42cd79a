"""A1 notation, 2-D value checks, block splitting and the streaming JSON reader (no HTTP)."""

from __future__ import annotations

import json

import pytest

from generated.o365._runtime import a1
from generated.o365._runtime.jsonstream import iter_member


def test_column_labels_and_indexes() -> None:
    assert a1.col_index("A") == 0 and a1.col_index("Z") == 25 and a1.col_index("AA") == 26
    assert a1.col_index("xfd") == 16_383
    assert [a1.col_label(i) for i in (0, 25, 26, 51, 701, 702)] == \
        ["A", "Z", "AA", "AZ", "ZZ", "AAA"]
    assert all(a1.col_index(a1.col_label(i)) == i for i in range(0, 16_384, 97))
    assert a1.col_index_to_label(26) == "AA" and a1.index_to_col_char(27) == "B"
    for bad in ("", "A1", "XFE", "ABCD"):
        with pytest.raises(ValueError):
            a1.col_index(bad)
    with pytest.raises(ValueError):
        a1.col_label(16_384)


@pytest.mark.parametrize(("address", "sheet", "shape", "cells"), [
    ("B2", None, (1, 1), "B2"),
    ("b2:d10", None, (9, 3), "B2:D10"),
    ("$A$1:$C$4", None, (4, 3), "A1:C4"),
    ("Sheet1!A1:B2", "Sheet1", (2, 2), "A1:B2"),
    ("'My ''big'' sheet'!C3", "My 'big' sheet", (1, 1), "C3"),
    ("A:C", None, (1_048_576, 3), "A1:C1048576"),
    ("3:5", None, (3, 16_384), "A3:XFD5"),
    ("D10:B2", None, (9, 3), "B2:D10"),
])
def test_addresses(address: str, sheet: str | None, shape: tuple[int, int], cells: str) -> None:
    found = a1.parse_address(address)
    assert (found.sheet, (found.rows, found.columns), found.cells) == (sheet, shape, cells)
    assert a1.sheet_of(address) == sheet


@pytest.mark.parametrize("address", ["", "A", "1", "A0", "1A", "A1:B2:C3", "A1:B", "A:1",
                                     "XFE1", "A1048577", "Sheet1!", "!A1", "A1-B2"])
def test_not_a1(address: str) -> None:
    with pytest.raises(ValueError):
        a1.parse_address(address)


def test_values_shape_broadcast_and_blocks() -> None:
    assert a1.fit(7, "A1:B2") == [[7, 7], [7, 7]]
    assert a1.fit([[1, 2]], "Sheet1!A1:B1") == [[1, 2]]
    with pytest.raises(ValueError, match="ragged"):
        a1.check_values([[1, 2], [3]])
    with pytest.raises(ValueError, match="1 x 2 but the range is 2 x 2"):
        a1.fit([[1, 2]], "A1:B2")
    with pytest.raises(ValueError, match="2-D"):
        a1.check_values([1, 2])
    blocks = [b.cells for b in a1.split_rows("Data!A2:D11", 4)]
    assert blocks == ["A2:D5", "A6:D9", "A10:D11"]
    assert a1.address_of("My sheet", "A1") == "'My sheet'!A1"
    assert a1.block_address(None, 1, 5, [[1, 2, 3]] * 2) == "B5:D6"


def chunks(text: str, size: int) -> list[bytes]:
    data = text.encode()
    return [data[i:i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 10_000])
def test_streamed_array_members(size: int) -> None:
    rows = [["é", 1, 2.5, True, None, "a,]\"[b"], [], [{"x": [1, {"y": "}"}]}], [-1e-3, 12345]]
    body = {"@odata.context": "https://x/$metadata#range", "address": "A1", "values": rows,
            "number": 123456, "text": [["t"]]}
    assert list(iter_member(chunks(json.dumps(body), size), "values")) == rows
    assert list(iter_member(chunks(json.dumps({"values": []}), size), "values")) == []
    assert list(iter_member(chunks(json.dumps({"values": None, "n": 1}), size), "values")) == []
    assert list(iter_member(chunks("{}", size), "values")) == []


def test_streamed_reader_refuses_broken_json() -> None:
    with pytest.raises(ValueError):
        list(iter_member([b'{"values": [[1, 2], [3'], "values"))
    with pytest.raises(ValueError):
        list(iter_member([b'["values"]'], "values"))
