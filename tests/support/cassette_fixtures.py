"""Pytest fixtures for documented-example cassette tests (see tests.support.docs_cassettes).

An area's conftest imports `graph_con` and `sent` from here and adds its own
`docs_cassette = DocsPlayer(<its cassettes folder>, sent)`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.protocol import MSGraphProtocol
from tests.support.docs_cassettes import Sent


@pytest.fixture
def sent() -> Sent:
    return Sent()


@pytest.fixture
def graph_con(json_decoder: str) -> Iterator[Connection]:
    """A Connection to the real Graph host, used only with cassettes (never the network).
    Once with each JSON decoder (tests/conftest.py).
    """
    with Connection(protocol=MSGraphProtocol(timezone="UTC")) as con:
        yield con
