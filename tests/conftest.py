"""Fixtures shared by every test directory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generated.o365._runtime import jsondecode


@pytest.fixture(params=["orjson", "stdlib"])
def json_decoder(request: pytest.FixtureRequest) -> Iterator[str]:
    """Runs the test once with each JSON decoder (generated.o365._runtime.jsondecode): orjson, the
    `[speedups]` extra, and the standard library, which is what runs without it.

    Every `graph_con` fixture (the documented-example cassette tests) depends on this, so
    the suite's parsing tests run under both decoders in `make test`.
    """
    name = str(request.param)
    if name == "orjson":
        pytest.importorskip("orjson")  # a dev dependency: present under `make test`
    jsondecode.use(name)
    try:
        yield name
    finally:
        jsondecode.use(None)
