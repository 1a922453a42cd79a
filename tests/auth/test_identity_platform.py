"""The identity platform handler on its own (pure function calls, no sockets): the error
paths that the client-side flow tests do not reach."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from auth_support import TENANT, FakeClock

from generated.o365.emulator.identity import IdentityPlatform, RegisteredApp

BASE = f"/{TENANT}/oauth2/v2.0"


def post(
    idp: IdentityPlatform, path: str, form: dict[str, str], tenant_path: str = BASE
) -> tuple[int, dict[str, object]]:
    status, _, body = idp.handle("POST", f"{tenant_path}/{path}", {}, {}, urlencode(form).encode())
    return status, json.loads(body)


def authorize(idp: IdentityPlatform, **params: str) -> tuple[int, dict[str, str]]:
    query = {
        "client_id": "emulator-app",
        "response_type": "code",
        "redirect_uri": "https://app/cb",
        "scope": "openid offline_access User.Read",
        **params,
    }
    status, headers, _ = idp.handle(
        "GET", f"{BASE}/authorize", {k: [v] for k, v in query.items()}, {}, b""
    )
    location = urlsplit(headers.get("Location", ""))
    return status, {k: v[0] for k, v in parse_qs(location.query or location.fragment).items()}


def test_error_shape_follows_the_identity_platform() -> None:
    status, err = post(
        IdentityPlatform(),
        "token",
        {
            "grant_type": "client_credentials",
            "client_id": "emulator-app",
            "client_secret": "emulator-secret",
            "scope": "User.Read",
        },
    )
    assert status == 400 and err["error"] == "invalid_scope" and err["error_codes"] == [70011]
    assert str(err["error_description"]).startswith("AADSTS70011: ")
    assert "Trace ID:" in str(err["error_description"])
    assert {"timestamp", "trace_id", "correlation_id", "error_uri"} <= set(err)


@pytest.mark.parametrize(
    ("form", "tenant_path", "status", "error", "code"),
    [
        (
            {
                "grant_type": "client_credentials",
                "client_id": "emulator-app",
                "client_secret": "emulator-secret",
                "scope": "https://graph.microsoft.com/.default",
            },
            "/common/oauth2/v2.0",
            400,
            "invalid_request",
            9001023,
        ),
        (
            {
                "grant_type": "client_credentials",
                "client_id": "emulator-app",
                "client_secret": "emulator-secret",
                "scope": "https://graph.microsoft.com/.default https://outlook.office.com/.default",
            },
            BASE,
            400,
            "invalid_scope",
            700022,
        ),
        (
            {
                "grant_type": "password",
                "client_id": "emulator-public-app",
                "client_secret": "x",
                "username": "adele@contoso.com",
                "password": "P@ssw0rd!",
                "scope": "User.Read",
            },
            BASE,
            401,
            "invalid_client",
            700025,
        ),
        (
            {
                "grant_type": "client_credentials",
                "client_id": "emulator-app",
                "scope": "https://graph.microsoft.com/.default",
            },
            BASE,
            401,
            "invalid_client",
            7000218,
        ),
        (
            {
                "grant_type": "password",
                "client_id": "emulator-public-app",
                "username": "ghost@contoso.com",
                "password": "x",
                "scope": "User.Read",
            },
            BASE,
            400,
            "invalid_grant",
            50034,
        ),
        (
            {
                "grant_type": "password",
                "client_id": "emulator-public-app",
                "username": "adele@contoso.com",
                "password": "P@ssw0rd!",
                "scope": "User.Read",
            },
            "/common/oauth2/v2.0",
            400,
            "invalid_request",
            9001023,
        ),
        (
            {"grant_type": "implicit", "client_id": "emulator-app"},
            BASE,
            400,
            "unsupported_grant_type",
            70003,
        ),
        (
            {
                "grant_type": "refresh_token",
                "client_id": "emulator-public-app",
                "refresh_token": "bogus",
            },
            BASE,
            400,
            "invalid_grant",
            70000,
        ),
        (
            {"client_id": "emulator-app"},
            "/nowhere.example/oauth2/v2.0",
            400,
            "invalid_request",
            90002,
        ),
    ],
)
def test_token_endpoint_errors(
    form: dict[str, str], tenant_path: str, status: int, error: str, code: int
) -> None:
    got_status, err = post(IdentityPlatform(), "token", form, tenant_path)
    assert (got_status, err["error"], err["error_codes"]) == (status, error, [code])


def test_token_endpoint_only_accepts_post() -> None:
    status, _, body = IdentityPlatform().handle("GET", f"{BASE}/token", {}, {}, b"")
    assert status == 400 and json.loads(body)["error_codes"] == [900561]


def test_auth_code_expires_after_ten_minutes_and_plain_pkce_works() -> None:
    clock = FakeClock()
    idp = IdentityPlatform(clock=clock)
    redeem = {
        "grant_type": "authorization_code",
        "client_id": "emulator-app",
        "client_secret": "emulator-secret",
        "redirect_uri": "https://app/cb",
    }
    _, params = authorize(
        idp, code_challenge="plain-verifier-" + "x" * 30, code_challenge_method="plain", state="s1"
    )
    assert params["state"] == "s1"
    status, ok = post(
        idp,
        "token",
        {**redeem, "code": params["code"], "code_verifier": "plain-verifier-" + "x" * 30},
    )
    assert status == 200 and ok["token_type"] == "Bearer" and ok["refresh_token"] and ok["id_token"]
    _, params = authorize(idp)
    clock.advance(601)
    status, err = post(idp, "token", {**redeem, "code": params["code"]})
    assert (status, err["error"], err["error_codes"]) == (400, "invalid_grant", [70008])


def test_authorize_errors_come_back_on_the_redirect_uri_and_modes() -> None:
    idp = IdentityPlatform()
    status, params = authorize(idp, response_type="token", state="s")
    assert (
        status == 302 and params["error"] == "unsupported_response_type" and params["state"] == "s"
    )
    status, params = authorize(idp, response_mode="fragment")
    assert status == 302 and "code" in params
    status, headers, body = idp.handle(
        "GET",
        f"{BASE}/authorize",
        {
            "client_id": ["emulator-app"],
            "response_type": ["code"],
            "redirect_uri": ["https://app/cb"],
            "scope": ["User.Read"],
            "response_mode": ["form_post"],
        },
        {},
        b"",
    )
    assert status == 200 and b'name="code"' in body


def test_registered_redirect_uris_are_enforced_without_redirecting() -> None:
    idp = IdentityPlatform(apps=[RegisteredApp("strict", "s", redirect_uris=("https://ok/cb",))])
    status, headers, body = idp.handle(
        "GET",
        f"{BASE}/authorize",
        {
            "client_id": ["strict"],
            "response_type": ["code"],
            "redirect_uri": ["https://evil/cb"],
            "scope": ["User.Read"],
        },
        {},
        b"",
    )
    assert (
        status == 400 and "Location" not in headers and json.loads(body)["error_codes"] == [50011]
    )


def test_validate_rejects_expired_and_unknown_tokens() -> None:
    clock = FakeClock()
    idp = IdentityPlatform(clock=clock, token_lifetime=100)
    _, ok = post(
        idp,
        "token",
        {
            "grant_type": "client_credentials",
            "client_id": "emulator-app",
            "client_secret": "emulator-secret",
            "scope": "https://graph.microsoft.com/.default",
        },
    )
    info = idp.validate(str(ok["access_token"]))
    assert (
        info is not None
        and info.is_app_only
        and info.tenant == TENANT
        and "refresh_token" not in ok
    )
    clock.advance(100)
    assert idp.validate(str(ok["access_token"])) is None
    assert idp.validate("made-up") is None
    assert idp.stats.token_requests("client_credentials") == 1
