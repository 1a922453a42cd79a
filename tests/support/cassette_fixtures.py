"""Pytest fixtures for documented-example cassette tests (see tests.support.docs_cassettes).

An area's conftest imports `graph_con` and `sent` from here and makes its `docs_cassette`
with `docs_cassette_for(<its cassettes folder>)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.protocol import MSGraphProtocol
from tests.support.docs_cassettes import DocsPlayer, Sent


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


def docs_cassette_for(folder: Path) -> Any:
    """An area's `docs_cassette` fixture: `with docs_cassette("name") as played:` plays
    folder/name.yaml in order, recording what was sent into `sent`."""

    @pytest.fixture
    def docs_cassette(sent: Sent) -> DocsPlayer:
        return DocsPlayer(folder, sent)

    return docs_cassette
