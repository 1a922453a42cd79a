"""Every OAuth flow end to end over real sockets against the emulated identity platform."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from auth_support import (
    APP,
    PASSWORD,
    PUBLIC_APP,
    TENANT,
    USER,
    FakeClock,
    IdentityServer,
    browser_consent,
)

from generated.o365._runtime.account import BaseAccount
from generated.o365._runtime.auth import TokenManager
from generated.o365._runtime.errors import (
    AuthenticationError,
    DeviceCodeDeclinedError,
    DeviceCodeExpiredError,
    InvalidCredentialsError,
    NoUserContextError,
    StateMismatchError,
    TokenExpiredError,
)
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.token_backends import MemoryTokenBackend
from generated.o365.emulator.identity import IdentityPlatform

AccountFactory = Callable[..., BaseAccount]


def test_authorization_code_flow_with_pkce_signs_in_and_calls_graph(
    make_account: AccountFactory, identity: IdentityPlatform
) -> None:
    account = make_account(APP)
    assert not account.is_authenticated
    assert account.authenticate(
        scopes=["basic", "message_all"], handle_consent=browser_consent, printer=lambda _: None
    )
    assert account.is_authenticated and account.is_authenticated() is True
    token = account.token_backend.load_token()
    assert token is not None and token.refresh_token  # offline_access added automatically
    assert "https://graph.microsoft.com/Mail.Send" in token.scopes
    assert account.username == USER  # from the id token
    assert account.con.get("me").json()["userPrincipalName"] == USER
    info = identity.validate(token.access_token)
    assert info is not None and info.scopes == {"User.Read", "Mail.ReadWrite", "Mail.Send"}


def test_authorization_url_carries_s256_challenge_state_and_scopes(
    make_account: AccountFactory,
) -> None:
    account = make_account(APP)
    url, flow = account.get_authorization_url(["mailbox"], login_hint="alex@contoso.com")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["code_challenge_method"] == "S256"
    assert query["state"] == flow.state and query["response_type"] == "code"
    assert (
        "offline_access" in flow.scopes and "https://graph.microsoft.com/Mail.Read" in flow.scopes
    )
    assert account.request_token(browser_consent(url), flow=flow)
    assert account.username == "alex@contoso.com"


def test_public_client_flow_sends_no_secret(make_account: AccountFactory) -> None:
    account = make_account(PUBLIC_APP, auth_flow_type="public")
    assert account.authenticate(handle_consent=browser_consent, printer=lambda _: None)
    assert account.con.get("me").status_code == 200


def test_state_mismatch_is_rejected_before_any_token_request(
    make_account: AccountFactory, identity: IdentityPlatform
) -> None:
    account = make_account(APP)
    url, flow = account.get_authorization_url(["basic"])
    redirected = browser_consent(url).replace(f"state={flow.state}", "state=forged")
    with pytest.raises(StateMismatchError) as caught:
        account.request_token(redirected, flow=flow)
    assert isinstance(caught.value, AuthenticationError)
    assert identity.stats.token_requests() == 0


def test_wrong_pkce_verifier_is_rejected_by_the_identity_platform(
    make_account: AccountFactory,
) -> None:
    account = make_account(APP)
    url, flow = account.get_authorization_url(["basic"])
    forged = dataclasses.replace(flow, code_verifier="x" * 64)
    with pytest.raises(AuthenticationError) as caught:
        account.request_token(browser_consent(url), flow=forged)
    err = caught.value
    assert err.error == "invalid_grant" and err.error_codes == [501481]
    assert not isinstance(err, TokenExpiredError)  # not a refresh: no "sign in again" type
    assert err.trace_id and err.correlation_id and err.status == 400


def test_authorization_code_is_single_use(make_account: AccountFactory) -> None:
    account = make_account(APP)
    url, flow = account.get_authorization_url(["basic"])
    redirected = browser_consent(url)
    account.request_token(redirected, flow=flow)
    with pytest.raises(AuthenticationError) as caught:
        account.request_token(redirected, flow=flow)
    assert caught.value.error_codes == [54005]


def test_error_in_redirect_url_raises(make_account: AccountFactory) -> None:
    account = make_account(APP)
    _, flow = account.get_authorization_url(["basic"])
    with pytest.raises(AuthenticationError) as caught:
        account.request_token(
            f"https://x/cb?error=access_denied&error_description=denied&state={flow.state}",
            flow=flow,
        )
    assert caught.value.error == "access_denied"


def test_aborted_consent_returns_false(make_account: AccountFactory) -> None:
    assert (
        make_account(APP).authenticate(handle_consent=lambda url: "", printer=lambda _: None)
        is False
    )


def test_client_credentials_flow_is_app_only(
    make_account: AccountFactory, identity: IdentityPlatform
) -> None:
    account = make_account(APP, auth_flow_type="credentials", tenant_id=TENANT)
    assert account.authenticate()
    token = account.token_backend.token
    assert token is not None and token.refresh_token is None
    info = identity.validate(token.access_token)
    assert info is not None and info.is_app_only
    with pytest.raises(NoUserContextError, match='resource="user@contoso.com"'):
        account.resolve_resource()
    with pytest.raises(NoUserContextError):
        account.resolve_resource("me")
    assert account.resolve_resource("adele@contoso.com") == "users/adele@contoso.com"
    assert account.con.get("users/adele@contoso.com").json()["appId"] == "emulator-app"


def test_client_credentials_rejects_non_default_scope_before_sending(
    make_account: AccountFactory, identity: IdentityPlatform
) -> None:
    account = make_account(APP, auth_flow_type="credentials", tenant_id=TENANT)
    with pytest.raises(ValueError, match=r"\.default"):
        account.authenticate(scopes=["Mail.Read"])
    assert identity.stats.token_requests() == 0


def test_client_credentials_refresh_requests_a_new_app_token(
    make_account: AccountFactory, identity: IdentityPlatform
) -> None:
    account = make_account(APP, auth_flow_type="credentials", tenant_id=TENANT)
    account.authenticate()
    identity.expire_all_access_tokens()
    assert account.con.get("users/adele@contoso.com").status_code == 200
    assert identity.stats.token_requests("client_credentials") == 2


def test_wrong_client_secret_raises_invalid_credentials(make_account: AccountFactory) -> None:
    account = make_account(
        ("emulator-app", "wrong-secret"), auth_flow_type="credentials", tenant_id=TENANT
    )
    with pytest.raises(InvalidCredentialsError) as caught:
        account.authenticate()
    err = caught.value
    assert err.error == "invalid_client" and err.error_codes == [7000215] and err.status == 401
    assert err.error_description and err.error_description.startswith("AADSTS7000215:")
    assert "wrong-secret" not in str(err)


def test_unknown_client_raises_authentication_error(make_account: AccountFactory) -> None:
    account = make_account(("nobody", "s"), auth_flow_type="credentials", tenant_id=TENANT)
    with pytest.raises(AuthenticationError) as caught:
        account.authenticate()
    assert caught.value.error == "unauthorized_client" and caught.value.error_codes == [700016]


def test_password_flow(make_account: AccountFactory) -> None:
    account = make_account(PUBLIC_APP, auth_flow_type="password", tenant_id=TENANT)
    assert account.authenticate(username=USER, password=PASSWORD, scopes=["basic"])
    assert account.main_resource == f"users/{USER}"
    assert account.con.get("me").json()["userPrincipalName"] == USER
    assert account.token_backend.get_refresh_token()


def test_password_flow_wrong_password(make_account: AccountFactory) -> None:
    account = make_account(PUBLIC_APP, auth_flow_type="password", tenant_id=TENANT, username=USER)
    with pytest.raises(InvalidCredentialsError) as caught:
        account.authenticate(password="nope")
    assert caught.value.error == "invalid_grant" and caught.value.error_codes == [50126]


def test_password_flow_missing_password_fails_before_sending(
    make_account: AccountFactory, identity: IdentityPlatform
) -> None:
    account = make_account(PUBLIC_APP, auth_flow_type="password", tenant_id=TENANT)
    with pytest.raises(ValueError, match="password"):
        account.authenticate(username=USER)
    assert identity.stats.token_requests() == 0


# ------------------------------------------------------------------------ device code
def test_device_code_flow_auto_approved(make_account: AccountFactory) -> None:
    printed: list[str] = []
    account = make_account(PUBLIC_APP, auth_flow_type="public")
    assert account.authenticate(device_code=True, printer=printed.append)
    assert "devicelogin" in printed[0]
    assert account.con.get("me").status_code == 200


def _device_manager(
    server: IdentityServer, clock: FakeClock, sleep: Callable[[float], None]
) -> TokenManager:
    return TokenManager(
        PUBLIC_APP,
        auth_flow_type="public",
        authority_host=server.url,
        token_backend=MemoryTokenBackend(),
        clock=clock,
        sleep=sleep,
    )


@pytest.fixture
def slow_identity_server() -> tuple[IdentityServer, IdentityPlatform, FakeClock]:
    clock = FakeClock()
    identity = IdentityPlatform(clock=clock, device_code_auto_approve=False, device_code_interval=2)
    srv = IdentityServer(identity)
    yield srv, identity, clock  # type: ignore[misc]
    srv.close()


def test_device_code_pending_then_slow_down_then_approved(
    slow_identity_server: tuple[IdentityServer, IdentityPlatform, FakeClock],
) -> None:
    srv, identity, clock = slow_identity_server
    sleeps: list[float] = []
    codes: list[str] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) != 2:  # the second wait is cut short: the poll comes too early
            clock.advance(seconds)
        if len(sleeps) == 3:
            assert identity.approve_device_code(codes[0], "alex@contoso.com")

    manager = _device_manager(srv, clock, sleep)
    assert manager.device_code_flow(
        ["basic"], printer=lambda _: None, on_challenge=lambda c: codes.append(c.user_code)
    )
    assert sleeps == [2, 2, 7]  # slow_down added 5 seconds (RFC 8628 §3.5)
    assert manager.username == "alex@contoso.com"
    assert identity.stats.token_requests("urn:ietf:params:oauth:grant-type:device_code") == 3


def test_device_code_declined(
    slow_identity_server: tuple[IdentityServer, IdentityPlatform, FakeClock],
) -> None:
    srv, identity, clock = slow_identity_server
    codes: list[str] = []

    def sleep(seconds: float) -> None:
        clock.advance(seconds)
        identity.deny_device_code(codes[0])

    manager = _device_manager(srv, clock, sleep)
    with pytest.raises(DeviceCodeDeclinedError) as caught:
        manager.device_code_flow(
            printer=lambda _: None, on_challenge=lambda c: codes.append(c.user_code)
        )
    assert caught.value.error == "authorization_declined"


def test_device_code_expires(
    slow_identity_server: tuple[IdentityServer, IdentityPlatform, FakeClock],
) -> None:
    srv, _, clock = slow_identity_server
    manager = _device_manager(srv, clock, lambda s: clock.advance(max(s, 1) * 100))
    with pytest.raises(DeviceCodeExpiredError) as caught:
        manager.device_code_flow(printer=lambda _: None)
    assert caught.value.error == "expired_token" and caught.value.error_codes == [70019]


def test_device_code_approval_over_http(
    slow_identity_server: tuple[IdentityServer, IdentityPlatform, FakeClock],
) -> None:
    srv, identity, clock = slow_identity_server
    codes: list[str] = []

    def sleep(seconds: float) -> None:
        clock.advance(seconds)
        url = f"{srv.url}/{TENANT}/oauth2/v2.0/devicecode/approve"
        requests.post(url, params={"user_code": codes[0]}, timeout=10)

    manager = _device_manager(srv, clock, sleep)
    assert manager.device_code_flow(
        printer=lambda _: None, on_challenge=lambda c: codes.append(c.user_code)
    )


# ---------------------------------------------------------------- refresh & rotation
def test_refresh_on_401_rotates_and_persists_refresh_token(
    make_account: AccountFactory, identity: IdentityPlatform, server: IdentityServer
) -> None:
    account = make_account(APP)
    account.authenticate(handle_consent=browser_consent, printer=lambda _: None)
    old = account.token_backend.load_token()
    assert old is not None
    identity.expire_all_access_tokens()
    assert account.con.get("me").status_code == 200
    assert identity.stats.refresh_requests == 1
    new = account.token_backend.load_token()
    assert new is not None and new.refresh_token != old.refresh_token  # rotated and saved
    # The old refresh token no longer works.
    reuse = requests.post(
        f"{server.url}/common/oauth2/v2.0/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": old.refresh_token,
            "client_id": APP[0],
            "client_secret": APP[1],
        },
        timeout=10,
    )
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"


def test_proactive_refresh_before_expiry(
    server: IdentityServer, identity: IdentityPlatform
) -> None:
    clock = FakeClock()
    backend = MemoryTokenBackend()
    manager = TokenManager(
        PUBLIC_APP,
        auth_flow_type="password",
        tenant_id=TENANT,
        username=USER,
        password=PASSWORD,
        authority_host=server.url,
        token_backend=backend,
        clock=clock,
    )
    manager.request_token()
    first = manager.get_access_token()
    clock.advance(3600 - 119)  # inside the 120 s safety margin
    second = manager.get_access_token()
    assert second != first and identity.stats.refresh_requests == 1
    assert manager.get_access_token() == second  # fresh now: no new request
    assert identity.stats.refresh_requests == 1


def test_revoked_refresh_token_raises_token_expired(
    make_account: AccountFactory, identity: IdentityPlatform
) -> None:
    account = make_account(APP)
    account.authenticate(handle_consent=browser_consent, printer=lambda _: None)
    identity.revoke_refresh_tokens()
    with pytest.raises(TokenExpiredError) as caught:
        account.con.refresh_token()
    assert caught.value.error == "invalid_grant" and caught.value.error_codes == [70008]


def test_no_refresh_token_raises_token_expired(server: IdentityServer) -> None:
    clock = FakeClock()
    manager = TokenManager(
        PUBLIC_APP,
        auth_flow_type="password",
        tenant_id=TENANT,
        username=USER,
        password=PASSWORD,
        authority_host=server.url,
        token_backend=MemoryTokenBackend(),
        clock=clock,
    )
    manager.request_token()
    token = manager.token
    assert token is not None
    manager.token_backend.save_token(dataclasses.replace(token, refresh_token=None))
    manager._token = None  # reload from the backend, as a new process would
    clock.advance(7200)
    with pytest.raises(TokenExpiredError, match="offline_access"):
        manager.get_access_token()


def test_connection_builds_token_manager_from_credentials(server: IdentityServer) -> None:
    """Advanced use: ``Connection(credentials, **kwargs)`` with get_session()/refresh_token()."""
    from generated.o365._runtime.connection import Connection

    con = Connection(
        APP,
        protocol=MSGraphProtocol(protocol_url=server.url),
        auth_flow_type="credentials",
        tenant_id=TENANT,
        authority_host=server.url,
        token_backend=MemoryTokenBackend(),
    )
    manager = con.token_provider
    assert isinstance(manager, TokenManager)
    assert manager.request_token()
    assert con.refresh_token() is True
    assert con.get("users/adele@contoso.com").status_code == 200
    assert con.get_session() is not None


def test_not_authenticated_raises_clear_error(make_account: AccountFactory) -> None:
    with pytest.raises(AuthenticationError, match="authenticate"):
        make_account(APP).con.get("me")
