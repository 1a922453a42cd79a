"""Fixtures: the identity platform served over real sockets on 127.0.0.1 (ephemeral port).

These tests serve the emulator's identity handler (``emulator.identity.IdentityPlatform``)
alone, through the tiny threaded ``http.server`` wrapper in ``auth_support.py``, so each flow
is exercised without the Graph side; the wrapper answers any ``/v1.0/...`` path like Graph
would for a bearer-token check (200 with the token's identity, or 401
``InvalidAuthenticationToken``). The full emulator is used by the other suites.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from auth_support import APP, IdentityServer

from generated.o365._runtime.account import BaseAccount
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.token_backends import MemoryTokenBackend
from generated.o365.emulator.identity import IdentityPlatform


@pytest.fixture
def identity() -> IdentityPlatform:
    return IdentityPlatform(device_code_interval=0)


@pytest.fixture
def server(identity: IdentityPlatform) -> Iterator[IdentityServer]:
    srv = IdentityServer(identity)
    yield srv
    srv.close()


@pytest.fixture
def make_account(server: IdentityServer) -> Callable[..., BaseAccount]:
    def factory(credentials: Any = APP, **kwargs: Any) -> BaseAccount:
        kwargs.setdefault("protocol", MSGraphProtocol(protocol_url=server.url))
        kwargs.setdefault("authority_host", server.url)
        kwargs.setdefault("token_backend", MemoryTokenBackend())
        kwargs.setdefault("timeout", 10.0)
        return BaseAccount(credentials, **kwargs)

    return factory
