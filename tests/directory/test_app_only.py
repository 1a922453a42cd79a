"""App-only (client credentials) use of services whose paths mostly need no user: the
accessor resolves `{resource}` only for the paths that use it, end to end against the
emulator over real sockets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generated.o365 import Account, MSGraphProtocol, NoUserContextError
from generated.o365.emulator import EmulatorServer


@pytest.fixture(scope="module")
def app_only() -> Iterator[tuple[Account, EmulatorServer]]:
    with EmulatorServer(seed=7) as server:
        account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                          tenant_id=server.tenant_id,
                          protocol=MSGraphProtocol(protocol_url=server.url),
                          authority_host=server.url.rstrip("/"))
        assert account.authenticate()
        assert account.main_resource is None  # no user: nothing to resolve `me` to
        yield account, server


def test_directory_lists_and_gets_users_without_a_user(
    app_only: tuple[Account, EmulatorServer]
) -> None:
    account, server = app_only
    directory = account.directory()
    names = {user.user_principal_name for user in directory.get_users()}
    assert set(server.users) <= names
    assert directory.get_user(server.users[0]).user_principal_name == server.users[0]


def test_groups_list_without_a_user(app_only: tuple[Account, EmulatorServer]) -> None:
    account, _ = app_only
    groups = list(account.groups().get_groups(limit=5))
    assert groups and all(group.id for group in groups)


def test_a_path_that_needs_the_user_still_fails_before_sending() -> None:
    # Credentials no token endpoint would accept: reaching the network would fail otherwise.
    account = Account(("x", "y"), auth_flow_type="credentials", tenant_id="t")
    directory = account.directory()
    with pytest.raises(NoUserContextError, match='resource="user@contoso.com"'):
        directory.get_current_user()
    with pytest.raises(NoUserContextError):
        account.mailbox()  # every mailbox path names the user: it fails at the accessor
