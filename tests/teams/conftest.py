"""Fixtures for the Teams tests: documented-example cassettes, and a recorder of the requests
the emulator gets (end-to-end and bad-input tests)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from emulator import EmulatorServer
from tests.support.cassette_fixtures import graph_con, sent  # noqa: F401  (fixtures)
from tests.support.docs_cassettes import DocsPlayer, Sent

CASSETTES = Path(__file__).parent / "cassettes"


@pytest.fixture
def docs_cassette(sent: Sent) -> DocsPlayer:  # noqa: F811  (the imported fixture)
    """`with docs_cassette("name") as played:` plays tests/teams/cassettes/name.yaml in order."""
    return DocsPlayer(CASSETTES, sent)


class Requests:
    """`with Requests(server) as seen:` records (method, path, query) of each Graph request."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.seen: list[tuple[str, str, dict[str, list[str]]]] = []
        self._original: Any = None

    def __enter__(self) -> Requests:
        graph = self.server.graph
        self._original = graph.handle

        def recording(request: Any) -> Any:
            self.seen.append((request.method, request.path, dict(request.query)))
            return self._original(request)

        graph.handle = recording  # type: ignore[method-assign]
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.server.graph.handle = self._original  # type: ignore[method-assign]
