"""Fixtures for the security and reliability tests (issue 13).

Two real-socket servers on 127.0.0.1: ``graph`` is the configured Graph origin, ``hostile``
listens on another port, which is another origin (RFC 6454: scheme, host and port). Every
request either receives is recorded, so a test can show that nothing (or no token) reached
the hostile one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from generated.o365 import Account
from generated.o365._runtime.connection import Connection
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365.emulator import EmulatorServer
from generated.o365.mail.message import Message
from tests.support import ScriptServer, accounts

TOKEN = "secret-access-token-1"
PATTI = "patti@contoso.onmicrosoft.com"


class StaticTokens:
    """A token provider with one well-known token, to look for in places it must not be."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.handed_out = 0

    def get_access_token(self) -> str:
        with self.lock:
            self.handed_out += 1
        return TOKEN

    def handle_unauthorized(self, rejected_token: str) -> bool:
        return False

    def refresh_token(self) -> bool:
        return False


def no_sleep(seconds: float) -> None:
    """Retries in these tests must not wait."""


@pytest.fixture
def graph() -> Iterator[ScriptServer]:
    with ScriptServer() as server:
        yield server


@pytest.fixture
def hostile() -> Iterator[ScriptServer]:
    with ScriptServer() as server:
        yield server


@pytest.fixture
def con(graph: ScriptServer) -> Iterator[Connection]:
    protocol = MSGraphProtocol(protocol_url=graph.base_url, timezone="UTC")
    with Connection(protocol=protocol, token_provider=StaticTokens(), sleep=no_sleep,
                    timeout=(2.0, 5.0)) as connection:
        yield connection


def assert_no_token(server: ScriptServer) -> None:
    """No request that reached ``server`` carried the bearer token (in any header)."""
    for request in server.requests:
        assert "authorization" not in request.headers
        assert TOKEN not in " ".join(request.headers.values())


class SentLog:
    """The request targets a connection sent, as they went on the wire (path and query)."""

    def __init__(self) -> None:
        self.targets: list[tuple[str, str]] = []

    def __call__(self, response: object, *args: object, **kwargs: object) -> None:
        request = getattr(response, "request", None)
        if request is not None:
            self.targets.append((str(request.method), str(request.path_url)))


def emulator_account(server: EmulatorServer, user: str) -> tuple[Account, SentLog]:
    """An app-only Account for ``user`` on the emulator, and the log of what it sends."""
    account = accounts.emulator_account(server, user)
    log = SentLog()
    account.con.get_session().hooks["response"].append(log)
    return account, log


def new_draft(server: EmulatorServer, subject: str) -> Message:
    """An unsaved message in Patti's mailbox on the emulator."""
    account, _ = emulator_account(server, PATTI)
    draft = account.mailbox().new_message()
    draft.subject = subject
    return draft


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=3) as server:
        yield server
