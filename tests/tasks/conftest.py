"""Fixtures for the To Do tests: documented-example cassettes (the mail tests' matcher, which
checks method, path, query and JSON body of every request) and a live emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import vcr

from generated.o365.emulator import EmulatorServer
from generated.o365.tasks.todo import ToDo
from tests.mail.conftest import Sent, documented_request, graph_con, sent
from tests.support.accounts import emulator_account

__all__ = ["graph_con", "sent"]

CASSETTES = Path(__file__).parent / "cassettes"
ADELE = "adele@contoso.onmicrosoft.com"
MEGAN = "megan@contoso.onmicrosoft.com"


@pytest.fixture
def docs_cassette(sent: Sent) -> Any:
    """`with docs_cassette("name") as played:` plays tests/tasks/cassettes/name.yaml in order."""

    def use(name: str) -> Any:
        recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none")
        recorder.register_matcher("documented", documented_request(sent))
        return recorder.use_cassette(f"{name}.yaml", match_on=["documented"],
                                     allow_playback_repeats=False)

    return use


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=4) as emulator:
        yield emulator


@pytest.fixture
def adele(server: EmulatorServer) -> ToDo:
    return emulator_account(server, ADELE).tasks()
