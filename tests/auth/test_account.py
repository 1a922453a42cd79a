"""BaseAccount construction, argument checks, resource resolution and is_authenticated."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from auth_support import APP, PUBLIC_APP, TENANT

from generated.o365._runtime.account import BaseAccount, CallableBool
from generated.o365._runtime.errors import NoUserContextError
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.token_backends import MemoryTokenBackend
from generated.o365.emulator.identity import IdentityPlatform

AccountFactory = Callable[..., BaseAccount]


def test_defaults_and_routing_of_keyword_arguments() -> None:
    account = BaseAccount(APP, token_backend=MemoryTokenBackend(), cloud="china", timeout=7.0)
    assert account.main_resource == "me"
    assert account.protocol.cloud == "china"
    assert account.token_manager.authority_host == "https://login.chinacloudapi.cn"
    assert account.token_manager.endpoints["token"] == (
        "https://login.chinacloudapi.cn/common/oauth2/v2.0/token"
    )
    assert account.con.timeout == 7.0 and account.connection is account.con


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"auth_flow_type": "implicit"},
            ValueError,
            "authorization, public, credentials, password",
        ),
        ({"auth_flow_type": "credentials"}, ValueError, "specific tenant_id"),
        (
            {"auth_flow_type": "password", "tenant_id": "organizations"},
            ValueError,
            "specific tenant_id",
        ),
        ({"bogus": 1}, TypeError, "bogus"),
        ({"authority_host": "http://login.example.com"}, ValueError, "loopback"),
        ({"token_backend": object()}, TypeError, "BaseTokenBackend"),
        ({"protocol": object()}, TypeError, "MSGraphProtocol"),
    ],
)
def test_constructor_errors_are_immediate(
    kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        BaseAccount(APP, **kwargs)  # type: ignore[arg-type]


def test_confidential_flow_without_secret_says_so() -> None:
    with pytest.raises(ValueError, match="client_secret"):
        BaseAccount(("only-id",))
    with pytest.raises(ValueError, match="client_secret"):
        BaseAccount("only-id", auth_flow_type="credentials", tenant_id=TENANT)
    assert BaseAccount("only-id", auth_flow_type="public", token_backend=MemoryTokenBackend())
    with pytest.raises(TypeError):
        BaseAccount(("a", "b", "c"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        (None, "me"),
        ("me", "me"),
        ("user:alex@contoso.com", "users/alex@contoso.com"),
        ("group:g1", "groups/g1"),
        ("site:root", "sites/root"),
        ("alex@contoso.com", "users/alex@contoso.com"),
        ("users/123", "users/123"),
        ("/groups/abc/", "groups/abc"),
        ("sites/contoso.sharepoint.com,1,2", "sites/contoso.sharepoint.com,1,2"),
    ],
)
def test_resolve_resource(resource: str | None, expected: str) -> None:
    account = BaseAccount(APP, token_backend=MemoryTokenBackend())
    assert account.resolve_resource(resource) == expected


def test_resolve_resource_in_app_only_flow() -> None:
    account = BaseAccount(
        APP, auth_flow_type="credentials", tenant_id=TENANT, token_backend=MemoryTokenBackend()
    )
    assert account.main_resource is None
    with pytest.raises(NoUserContextError) as caught:
        account.resolve_resource(None)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(NoUserContextError, match='resource="user@contoso.com"'):
        account.resolve_resource("me")
    with pytest.raises(TypeError):
        account.resolve_resource(42)  # type: ignore[arg-type]
    with_user = BaseAccount(
        APP,
        auth_flow_type="credentials",
        tenant_id=TENANT,
        username="alex@contoso.com",
        token_backend=MemoryTokenBackend(),
    )
    assert with_user.resolve_resource() == "users/alex@contoso.com"
    explicit = BaseAccount(
        APP,
        auth_flow_type="credentials",
        tenant_id=TENANT,
        main_resource="group:g1",
        token_backend=MemoryTokenBackend(),
    )
    assert explicit.resolve_resource() == "groups/g1"


def test_is_authenticated_is_both_property_and_callable(make_account: AccountFactory) -> None:
    account = make_account(PUBLIC_APP, auth_flow_type="password", tenant_id=TENANT)
    assert isinstance(account.is_authenticated, CallableBool)
    assert not account.is_authenticated and account.is_authenticated() is False
    assert account.is_authenticated == False  # noqa: E712 - the comparison users write
    account.authenticate(username="adele@contoso.com", password="P@ssw0rd!")
    assert account.is_authenticated and account.is_authenticated() is True
    assert repr(account.is_authenticated) == "True"
    account.clear_token_cache()
    assert not account.is_authenticated()
    assert account.token_backend.load_token() is None


def test_token_survives_a_new_account_with_the_same_backend(
    make_account: AccountFactory, identity: IdentityPlatform
) -> None:
    backend = MemoryTokenBackend()
    first = make_account(
        PUBLIC_APP, auth_flow_type="password", tenant_id=TENANT, token_backend=backend
    )
    first.authenticate(username="adele@contoso.com", password="P@ssw0rd!")
    second = make_account(
        PUBLIC_APP, auth_flow_type="password", tenant_id=TENANT, token_backend=backend
    )
    assert second.is_authenticated()
    assert second.con.get("me").status_code == 200
    assert identity.stats.token_requests() == 1


def test_scopes_and_requested_scopes_together_rejected() -> None:
    account = BaseAccount(APP, token_backend=MemoryTokenBackend())
    with pytest.raises(ValueError, match="not both"):
        account.authenticate(scopes=["basic"], requested_scopes=["basic"])
    with pytest.raises(ValueError, match="public"):
        account.authenticate(device_code=True)


def test_repr_has_no_secret() -> None:
    account = BaseAccount(("id-1", "super-secret-value"), token_backend=MemoryTokenBackend())
    text = repr(account) + repr(account.token_manager) + repr(account.token_manager.credentials)
    assert "super-secret-value" not in text and "id-1" in text


def test_protocol_class_gets_protocol_kwargs() -> None:
    account = BaseAccount(
        APP, protocol=MSGraphProtocol, api_version="beta", token_backend=MemoryTokenBackend()
    )
    assert account.protocol.graph_url.endswith("/beta/")
