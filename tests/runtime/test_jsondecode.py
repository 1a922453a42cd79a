"""generated.o365._runtime.jsondecode: orjson and the standard library give the same values and errors.

The documented-example (cassette) tests run under both decoders too: tests/conftest.py
parametrizes every test that uses a `graph_con` with `json_decoder` = orjson and stdlib.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generated.o365._runtime import jsondecode

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def with_orjson() -> Iterator[None]:
    pytest.importorskip("orjson")  # a dev dependency: present under `make test`
    jsondecode.use("orjson")
    try:
        yield
    finally:
        jsondecode.use(None)


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down, NaN equal to NaN and -0.0 to -0.0 only."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


json_values = st.recursive(
    st.none() | st.booleans() | st.text() | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(min_value=-(2**63), max_value=2**64 - 1),  # Edm.Int64 and more
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=json_values, ensure_ascii=st.booleans())
def test_any_document_decodes_to_the_same_value(with_orjson: None, value: Any,
                                                ensure_ascii: bool) -> None:
    body = json.dumps(value, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")
    expected = json.loads(body)
    assert jsondecode.active() == "orjson"
    assert same(jsondecode.loads(body), expected)


@settings(max_examples=300, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=18),
       fraction=st.text(alphabet="0123456789", max_size=30),
       exponent=st.integers(min_value=-400, max_value=400) | st.none(), negative=st.booleans())
def test_number_literals_decode_to_the_same_value(with_orjson: None, digits: str, fraction: str,
                                                  exponent: int | None, negative: bool) -> None:
    # Up to 18 digits before the point: every integer that fits 64 bits (see the next test).
    literal = ("-" if negative else "") + (digits.lstrip("0") or "0")
    if fraction:
        literal += "." + fraction
    if exponent is not None:
        literal += f"e{exponent}"
    body = f'{{"n": {literal}, "l": [{literal}]}}'.encode()
    assert same(jsondecode.loads(body), json.loads(body)), literal


@pytest.mark.parametrize("body", [
    b'{"value": NaN, "other": -Infinity}',  # not JSON, but json reads it
    b'{"n": 18446744073709551615, "m": -9223372036854775808}',  # the 64-bit edges
    b'{"s": "\\ud800 lone surrogate"}',
    b'\xef\xbb\xbf{"bom": true}',
    b'{"a": 1, "a": 2}',  # duplicate keys: the last wins in both
    b'{"n": 1e400, "z": -0.0, "tiny": 5e-324}',
    b'  {"padded": [1, 2.5, "x", null, false]}  ',
    '{"text": "déjà vu"}'.encode("utf-16"),
    b'{"id": "AAMkAGI2TG93AAA=12345678901234567890"}',  # a long digit run inside a string
], ids=lambda body: body[:24].decode("latin-1"))
def test_edge_cases_decode_like_the_standard_library(with_orjson: None, body: bytes) -> None:
    assert same(jsondecode.loads(body), json.loads(body))


def test_an_integer_beyond_64_bits_is_the_one_value_that_differs(with_orjson: None) -> None:
    """Documented in generated.o365._runtime.jsondecode: Graph sends no such number (Edm.Int64 at most)."""
    body = b'{"n": 123456789012345678901234567890}'
    assert json.loads(body) == {"n": 123456789012345678901234567890}
    assert jsondecode.loads(body) == {"n": 1.2345678901234568e29}
    jsondecode.use("stdlib")
    try:
        assert jsondecode.loads(body) == json.loads(body)
    finally:
        jsondecode.use("orjson")


@pytest.mark.parametrize("body", [b"", b"{", b'{"a": }', b"[1, 2", b"\xff\xfe\x00", b"nul"])
def test_invalid_documents_raise_what_the_standard_library_raises(with_orjson: None,
                                                                   body: bytes) -> None:
    with pytest.raises(ValueError) as expected:  # JSONDecodeError, or UnicodeDecodeError
        json.loads(body)
    with pytest.raises(ValueError) as caught:
        jsondecode.loads(body)
    assert type(caught.value) is type(expected.value)
    assert str(caught.value) == str(expected.value)


def test_nesting_too_deep_for_both_raises_recursion_error(with_orjson: None) -> None:
    """orjson stops at 1,024 levels and hands over; json then runs out of recursion (at
    Python's default limit: some tools, hypothesis among them, raise it for a while)."""
    body = b"[" * 5000 + b"]" * 5000
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        with pytest.raises(RecursionError):
            json.loads(body)
        with pytest.raises(RecursionError):
            jsondecode.loads(body)
    finally:
        sys.setrecursionlimit(limit)


def test_the_stdlib_decoder_can_be_forced() -> None:
    jsondecode.use("stdlib")
    try:
        assert jsondecode.active() == "stdlib"
        assert jsondecode.loads(b'{"a": [1]}') == {"a": [1]}
    finally:
        jsondecode.use(None)
    with pytest.raises(ValueError, match="unknown JSON decoder"):
        jsondecode.use("simdjson")


def run(code: str, **env: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**_environment(), **env})
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != jsondecode.ENVIRONMENT}


def test_the_environment_switch_picks_the_decoder() -> None:
    pytest.importorskip("orjson")
    code = "from runtime import jsondecode; print(jsondecode.active())"
    assert run(code) == "orjson"
    assert run(code, O365_JSON_DECODER="stdlib") == "stdlib"
    assert run(code, O365_JSON_DECODER="orjson") == "orjson"


def test_without_orjson_installed_the_library_uses_json() -> None:
    """`sys.modules["orjson"] = None` makes `import orjson` fail, as when it is not installed."""
    code = ("import sys; sys.modules['orjson'] = None\n"
            "from runtime import jsondecode\n"
            "print(jsondecode.active(), jsondecode.loads(b'{\"a\": 1}'))\n"
            "try:\n"
            "    jsondecode.use('orjson')\n"
            "except ImportError as exc:\n"
            "    print('speedups' in str(exc))\n")
    assert run(code).splitlines() == ["stdlib {'a': 1}", "True"]
