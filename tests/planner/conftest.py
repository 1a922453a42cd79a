"""Fixtures for the Planner tests: documented-example cassettes (played in order, every
request checked against the documented one) and a live emulator with its seeded plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generated.o365.emulator import EmulatorServer
from generated.o365.planner.planner import Planner
from tests.support.accounts import emulator_account
from tests.support.cassette_fixtures import graph_con, sent  # noqa: F401  (fixtures)
from tests.support.docs_cassettes import DocsPlayer, Sent

CASSETTES = Path(__file__).parent / "cassettes"
ADELE = "adele@contoso.onmicrosoft.com"
MEGAN = "megan@contoso.onmicrosoft.com"


@pytest.fixture
def docs_cassette(sent: Sent) -> DocsPlayer:  # noqa: F811  (the imported fixture)
    """`with docs_cassette("name") as played:` plays tests/planner/cassettes/name.yaml in order."""
    return DocsPlayer(CASSETTES, sent)


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=4) as emulator:
        yield emulator


@pytest.fixture
def adele(server: EmulatorServer) -> Planner:
    return emulator_account(server, ADELE).planner()


@pytest.fixture
def megan(server: EmulatorServer) -> Planner:
    return emulator_account(server, MEGAN).planner()
