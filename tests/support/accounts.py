"""An `Account` of the generated library signed in to a local emulator: app-only acting as
a user (`emulator_account`), or the user signed in (`delegated_account`)."""

from __future__ import annotations

from generated.o365 import Account
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.token_backends import MemoryTokenBackend
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.pytest_plugin import signed_in_account


def emulator_account(server: EmulatorServer, user: str) -> Account:
    """Client credentials of the emulator's app, acting for `user` (`resource=` defaults): what
    the pytest plugin's `o365_account` fixture is (one code path for the plugin and our tests)."""
    return signed_in_account(server, user)


def delegated_account(server: EmulatorServer, upn: str) -> Account:
    """A user signed in (ROPC, the emulator's public app): delegated-only APIs (Teams messages,
    chats, presence) see a signed-in user. Seeded users share emulator.seed.PASSWORD."""
    from generated.o365.emulator.seed import PASSWORD

    account = Account(("emulator-public-app",), auth_flow_type="password",
                      tenant_id=server.tenant_id,
                      protocol=MSGraphProtocol(protocol_url=server.url, timezone="UTC"),
                      authority_host=server.url.rstrip("/"), token_backend=MemoryTokenBackend())
    assert account.authenticate(username=upn, password=PASSWORD,
                                requested_scopes=["https://graph.microsoft.com/.default"])
    return account
