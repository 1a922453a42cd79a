"""Fixtures for calendar tests: documented-example cassettes and a live emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import vcr

from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.seed import PASSWORD

CASSETTES = Path(__file__).parent / "cassettes"
PATTI = "patti@contoso.onmicrosoft.com"  # organizer of the seeded team sync
MEGAN = "megan@contoso.onmicrosoft.com"
ALEX = "alex@contoso.onmicrosoft.com"
ADELE = "adele@contoso.onmicrosoft.com"


class Recording:
    """The requests the code under test really sent while a cassette played."""

    def __init__(self) -> None:
        self.requests: list[vcr.request.Request] = []


@contextmanager
def cassette(name: str) -> Iterator[Recording]:
    """Play a committed cassette; a request it does not hold fails the test.

    Query strings are not matched (tests assert them from `Recording.requests`).
    """
    recording = Recording()
    recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none")
    with recorder.use_cassette(name, match_on=["method", "scheme", "host", "port",
                                               "path"]) as played:
        play = played.play_response

        def play_and_record(request: vcr.request.Request) -> object:
            recording.requests.append(request)  # called once per request sent
            return play(request)

        played.play_response = play_and_record
        yield recording


@pytest.fixture
def graph_account() -> Account:
    """A delegated (/me) account aimed at the real Graph host (cassette playback only).

    A token is stored up front so no sign-in request is made.
    """
    from generated.o365._runtime.token_backends import MemoryTokenBackend

    backend = MemoryTokenBackend()
    account = Account(("client-id", "client-secret"),
                      tenant_id="contoso.onmicrosoft.com", token_backend=backend,
                      timezone="America/Los_Angeles")
    _store_fake_token(account)
    return account


def _store_fake_token(account: Account) -> None:
    import time

    from generated.o365._runtime.token_backends.token import Token

    account.token_backend.save_token(Token(access_token="cassette-token",
                                           expires_at=time.time() + 3600,
                                           scopes=("https://graph.microsoft.com/.default",)))


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=11) as emulator:
        yield emulator


@pytest.fixture
def sign_in(server: EmulatorServer) -> Callable[..., Account]:
    """An Account signed in as one seeded user (ROPC), in the given protocol time zone."""

    def make(user: str, timezone: str = "UTC") -> Account:
        account = Account((server.public_client_id,), auth_flow_type="password",
                          tenant_id=server.tenant_id,
                          protocol=MSGraphProtocol(protocol_url=server.url, timezone=timezone),
                          authority_host=server.url.rstrip("/"), token_backend=MemoryTokenBackend())
        assert account.authenticate(username=user, password=PASSWORD)
        return account

    return make
