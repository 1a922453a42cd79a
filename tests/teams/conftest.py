"""Fixtures for the Teams tests: documented-example cassettes, and a recorder of the requests
the emulator gets (end-to-end and bad-input tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from generated.o365 import Account
from generated.o365.emulator import EmulatorServer
from generated.o365.teams.teams import Teams
from tests.support.accounts import delegated_account
from tests.support.cassette_fixtures import graph_con, sent  # noqa: F401  (fixtures)
from tests.support.docs_cassettes import DocsPlayer, Sent

CASSETTES = Path(__file__).parent / "cassettes"
MEGAN = "megan@contoso.onmicrosoft.com"  # the end-to-end tests' user: a member of both seeded teams


@pytest.fixture
def docs_cassette(sent: Sent) -> DocsPlayer:  # noqa: F811  (the imported fixture)
    """`with docs_cassette("name") as played:` plays tests/teams/cassettes/name.yaml in order."""
    return DocsPlayer(CASSETTES, sent)


# -- end to end: one emulator per test module, Megan signed in (messages, chats and presence
# need a signed-in user, as in Graph)
@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=18) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def account(server: EmulatorServer) -> Account:
    return delegated_account(server, MEGAN)


@pytest.fixture(scope="module")
def teams(account: Account) -> Teams:
    return account.teams()


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
