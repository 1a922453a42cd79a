"""No token, secret or password in any log record, repr or exception message."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator

import pytest
from auth_support import TENANT, IdentityServer, browser_consent

from generated.o365._runtime.account import BaseAccount
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.token_backends import MemoryTokenBackend
from generated.o365.emulator.identity import EmulatedUser, IdentityPlatform, RegisteredApp

CLIENT_SECRET = "cs-Value-7f3a9c1e"
PASSWORD = "pw-Value-2b8d4e6f"
USER = "leak@contoso.com"


@pytest.fixture
def leak_server() -> Iterator[tuple[IdentityServer, IdentityPlatform]]:
    identity = IdentityPlatform(
        apps=[RegisteredApp("leak-app", CLIENT_SECRET), RegisteredApp("leak-public")],
        users=[EmulatedUser(USER, PASSWORD)],
        device_code_interval=0,
    )
    srv = IdentityServer(identity)
    yield srv, identity
    srv.close()


def test_flows_never_reveal_tokens_or_secrets(
    leak_server: tuple[IdentityServer, IdentityPlatform], caplog: pytest.LogCaptureFixture
) -> None:
    srv, identity = leak_server
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []

    def account(credentials: object, **kwargs: object) -> BaseAccount:
        acc = BaseAccount(
            credentials,
            protocol=MSGraphProtocol(protocol_url=srv.url),  # type: ignore[arg-type]
            authority_host=srv.url,
            token_backend=MemoryTokenBackend(),
            **kwargs,
        )
        texts.append(repr(acc) + repr(acc.token_manager) + repr(acc.token_backend))
        return acc

    def expect_error(fn: object, *args: object, **kwargs: object) -> None:
        try:
            fn(*args, **kwargs)  # type: ignore[operator]
        except Exception as exc:  # every message and repr in the chain is inspected
            while exc is not None:
                texts.extend([str(exc), repr(exc), repr(exc.args), repr(vars(exc))])
                exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
        else:
            raise AssertionError("expected an error")

    web = account(("leak-app", CLIENT_SECRET))
    url, flow = web.get_authorization_url(["basic"])
    texts.append(repr(flow))
    redirected = browser_consent(url)
    expect_error(web.request_token, redirected.replace("state=", "state=x"), flow=flow)
    expect_error(
        web.request_token, redirected, flow=dataclasses.replace(flow, code_verifier="v" * 50)
    )
    url, flow = web.get_authorization_url(["basic"])
    web.request_token(browser_consent(url), flow=flow)
    token = web.token_backend.token
    texts.append(repr(token))
    identity.expire_all_access_tokens()
    web.con.get("me")  # 401 -> refresh -> retry
    texts.append(repr(web.token_backend.token))
    identity.revoke_refresh_tokens()
    expect_error(web.con.refresh_token)

    expect_error(
        account(
            ("leak-app", CLIENT_SECRET + "x"), auth_flow_type="credentials", tenant_id=TENANT
        ).authenticate
    )
    expect_error(
        account("leak-public", auth_flow_type="password", tenant_id=TENANT).authenticate,
        username=USER,
        password=PASSWORD + "x",
    )
    ropc = account("leak-public", auth_flow_type="password", tenant_id=TENANT, password=PASSWORD)
    ropc.authenticate(username=USER)
    texts.append(repr(ropc.token_backend.token))
    device = account("leak-public", auth_flow_type="public")
    challenges: list[object] = []
    device.token_manager.device_code_flow(printer=lambda _: None, on_challenge=challenges.append)
    texts.append(repr(challenges[0]))

    texts.extend(record.getMessage() for record in caplog.records)
    texts.extend(record.exc_text or "" for record in caplog.records)
    secrets = {CLIENT_SECRET, PASSWORD, flow.code_verifier}
    with identity._lock:
        secrets |= set(identity._access_tokens) | set(identity._refresh_tokens)
        secrets |= (
            identity._spent_refresh_tokens | set(identity._codes) | set(identity._device_codes)
        )
    assert len(secrets) > 10
    blob = "\n".join(texts)
    assert "AADSTS" in blob and "leak-app" in blob  # the inspected text is real
    leaked = [s for s in secrets if s in blob]
    assert not leaked
