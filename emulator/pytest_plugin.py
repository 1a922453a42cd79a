"""pytest fixtures that run your own tests against a local Microsoft Graph emulator.

Installed with the library's `emulator` extra (``pip install "generated-o365[emulator]"``) and
registered through the ``pytest11`` entry point, so no import or ``conftest.py`` is needed:

    def test_sends_mail(o365_account):
        mailbox = o365_account.mailbox()
        ...

Fixtures (docs/testing.md has the guide):

- ``o365_emulator``: a fresh emulator (a new tenant) for one test, on 127.0.0.1, any free port.
- ``o365_emulator_session``: one emulator shared by every test of the session.
- ``o365_account``: an `Account` signed in to ``o365_emulator``, acting for ``o365_user``.
- ``o365_user``: the user ``o365_account`` acts for (override it in a conftest.py).
- ``o365_faults``: the fault switches of ``o365_emulator`` (throttling, outages, dropped
  answers, expiring tokens), cleared after the test.

The tenant is generated from a seed: the ``o365_emulator_seed`` ini option or
``--o365-emulator-seed`` (default 1), or per test ``@pytest.mark.o365_emulator(seed=7)``.
This module imports the emulator only when a fixture is used, so installing the library
without the extra costs a pytest run nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from generated.o365 import Account

    from .faults import Faults
    from .server import EmulatorServer

__all__ = ["DEFAULT_USER", "signed_in_account"]

DEFAULT_USER = "patti@contoso.onmicrosoft.com"  # the tenant's first user, in every seed
SEED_OPTION = "o365_emulator_seed"
MARKER = "o365_emulator"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(SEED_OPTION, "seed of the tenant the o365 emulator fixtures generate", default="1")
    parser.addoption("--o365-emulator-seed", type=int, default=None,
                     help="seed of the tenant the o365 emulator fixtures generate (default: ini or 1)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}(seed=N): the tenant seed of this test's o365_emulator")


def _seed(config: pytest.Config, marker: pytest.Mark | None = None) -> int:
    if marker is not None and "seed" in marker.kwargs:
        return int(marker.kwargs["seed"])
    option = config.getoption("--o365-emulator-seed")
    return int(option) if option is not None else int(config.getini(SEED_OPTION))


def _server(seed: int) -> EmulatorServer:
    try:
        from .server import EmulatorServer
    except ImportError as exc:  # the extra's packages (PyYAML, jsonschema, openpyxl) are missing
        raise pytest.UsageError(
            f"the o365 emulator fixtures need the emulator extra: pip install "
            f"\"generated-o365[emulator]\" ({exc})") from exc
    return EmulatorServer(seed=seed)


def signed_in_account(server: EmulatorServer, user: str = DEFAULT_USER) -> Account:
    """An `Account` signed in to `server` with its app's client credentials, acting for `user`
    (the `resource` of mailbox(), storage()...). Tokens stay in memory."""
    from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol

    account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                      tenant_id=server.tenant_id,
                      protocol=MSGraphProtocol(protocol_url=server.url, timezone="UTC"),
                      authority_host=server.url.rstrip("/"), username=user,
                      token_backend=MemoryTokenBackend())
    if not account.authenticate():
        raise RuntimeError(f"the emulator at {server.url} refused its own app's credentials")
    return account


@pytest.fixture(scope="session")
def o365_emulator_session(pytestconfig: pytest.Config) -> Iterator[EmulatorServer]:
    """One emulator for the whole session: tests see each other's changes."""
    with _server(_seed(pytestconfig)) as server:
        yield server


@pytest.fixture
def o365_emulator(request: pytest.FixtureRequest) -> Iterator[EmulatorServer]:
    """A fresh emulator, with a tenant of its own, for one test."""
    with _server(_seed(request.config, request.node.get_closest_marker(MARKER))) as server:
        yield server


@pytest.fixture
def o365_user() -> str:
    """The user `o365_account` acts for; override this fixture to pick another."""
    return DEFAULT_USER


@pytest.fixture
def o365_account(o365_emulator: EmulatorServer, o365_user: str) -> Account:
    """An `Account` signed in to this test's emulator, acting for `o365_user`."""
    return signed_in_account(o365_emulator, o365_user)


@pytest.fixture
def o365_faults(o365_emulator: EmulatorServer) -> Iterator[Faults]:
    """`o365_emulator`'s faults: ``o365_faults.set(throttle_every=2)``; cleared afterwards."""
    yield o365_emulator.faults
    o365_emulator.faults.clear()
