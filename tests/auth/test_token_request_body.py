"""generated.o365._runtime.auth.token_request_body builds the POST /token body oauthlib's
prepare_token_request builds (what the library sent before), without importing oauthlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from oauthlib.oauth2.rfc6749.parameters import prepare_token_request  # type: ignore[import-untyped]

from generated.o365._runtime.auth import token_request_body

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("grant", "secret", "fields"), [
    ("client_credentials", "s3cr=t&+ü", {"scope": "https://graph.microsoft.com/.default"}),
    ("client_credentials", None, {"scope": "https://graph.microsoft.com/.default",
                                  "client_assertion_type": "urn:x", "client_assertion": "a.b.c"}),
    ("authorization_code", "secret", {"code": "0.AX", "redirect_uri": "http://localhost:5000/cb",
                                      "code_verifier": "v" * 50, "scope": "Mail.Read offline_access"}),
    ("authorization_code", None, {"code": "c", "redirect_uri": "", "code_verifier": "v" * 43,
                                  "scope": ["User.Read", "Mail.Send"]}),
    ("refresh_token", "", {"refresh_token": "r/t+", "scope": "User.Read"}),  # empty secret kept
    ("password", None, {"username": "adele@contoso.com", "password": "p ä&=", "scope": ""}),
    ("urn:ietf:params:oauth:grant-type:device_code", None, {"device_code": "GAAB", "scope": None}),
])
def test_the_body_is_what_oauthlib_builds(grant: str, secret: str | None,
                                          fields: dict[str, Any]) -> None:
    expected = prepare_token_request(grant, include_client_id=True, client_id="the-app",
                                     client_secret=secret, **dict(fields))
    assert token_request_body(grant, "the-app", secret, fields) == expected


def test_an_app_only_sign_in_does_not_import_oauthlib() -> None:
    """Signing in with client credentials against the emulator, in a fresh interpreter."""
    from generated.o365.emulator import EmulatorServer

    with EmulatorServer(seed=1) as server:
        code = (
            "import sys\n"
            "from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol\n"
            f"account = Account(({server.client_id!r}, {server.client_secret!r}),\n"
            f"    auth_flow_type='credentials', tenant_id={server.tenant_id!r},\n"
            f"    authority_host={server.url!r}, token_backend=MemoryTokenBackend(),\n"
            f"    protocol=MSGraphProtocol(protocol_url={server.url!r}))\n"
            "assert account.authenticate()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'oauthlib'))\n")
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
