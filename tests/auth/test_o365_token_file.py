"""A token file python-o365 2.x wrote (an msal token cache) keeps working here."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from auth_support import PUBLIC_APP, TENANT

from generated.o365._runtime.account import BaseAccount
from generated.o365._runtime.token_backends import FileSystemTokenBackend, MemoryTokenBackend
from generated.o365.emulator.identity import IdentityPlatform

AccountFactory = Callable[..., BaseAccount]


def msal_cache(refresh_token: str, scopes: str = "User.Read", *, users: int = 1) -> dict[str, object]:
    """The shape python-o365 2.1 saves: msal's SerializableTokenCache, one entry per kind."""
    cache: dict[str, dict[str, object]] = {
        "AccessToken": {}, "RefreshToken": {}, "IdToken": {}, "Account": {}, "AppMetadata": {}}
    for n in range(users):
        home = f"user{n}.tenant"
        cache["AccessToken"][f"{home}-at"] = {
            "credential_type": "AccessToken", "secret": "expired-access-token",
            "home_account_id": home, "environment": "login.microsoftonline.com",
            "client_id": PUBLIC_APP, "target": scopes, "realm": "tenant",
            "token_type": "Bearer", "cached_at": "1600000000", "expires_on": "1600003600"}
        cache["RefreshToken"][f"{home}-rt"] = {
            "credential_type": "RefreshToken", "secret": refresh_token,
            "home_account_id": home, "environment": "login.microsoftonline.com",
            "client_id": PUBLIC_APP}
        cache["Account"][home] = {
            "home_account_id": home, "environment": "login.microsoftonline.com",
            "realm": "tenant", "username": f"user{n}@contoso.com", "authority_type": "MSSTS"}
    return cache


def test_a_python_o365_token_file_signs_in_and_is_saved_in_this_format(
    make_account: AccountFactory, identity: IdentityPlatform, tmp_path: Path
) -> None:
    first = make_account(PUBLIC_APP, auth_flow_type="password", tenant_id=TENANT,
                         token_backend=MemoryTokenBackend())
    first.authenticate(username="adele@contoso.com", password="P@ssw0rd!")
    token = first.token_backend.load_token()
    assert token is not None and token.refresh_token
    path = tmp_path / "o365_token.txt"
    path.write_text(json.dumps(msal_cache(token.refresh_token, " ".join(token.scopes))))

    account = make_account(PUBLIC_APP, auth_flow_type="password", tenant_id=TENANT,
                           token_backend=FileSystemTokenBackend(tmp_path, "o365_token.txt"))
    assert account.is_authenticated()
    assert account.con.get("me").json()["userPrincipalName"] == "adele@contoso.com"
    assert identity.stats.token_requests() == 2  # the sign-in, then the refresh
    saved = json.loads(path.read_text())
    assert saved["access_token"] != "expired-access-token" and "RefreshToken" not in saved


def test_a_python_o365_cache_of_several_users_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "o365_token.txt"
    path.write_text(json.dumps(msal_cache("rt", users=2)))
    with pytest.raises(ValueError, match="tokens of 2 users.*one user's token"):
        FileSystemTokenBackend(tmp_path, "o365_token.txt").load_token()
