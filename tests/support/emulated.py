"""Helpers for end-to-end tests against the local emulator (over real sockets).

- `signed_in(server, user)`: an Account of the emulator's app, signed in with client
  credentials and acting for `user` (a seeded UPN).
- `GraphCalls`: the Graph requests that reached the emulator while it was active, to assert
  that bad input was refused before anything was sent.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from emulator import EmulatorServer
from generated.o365 import Account
from runtime.protocol import MSGraphProtocol
from runtime.token_backends import MemoryTokenBackend


def signed_in(server: EmulatorServer, user: str) -> Account:
    account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                      tenant_id=server.tenant_id,
                      protocol=MSGraphProtocol(protocol_url=server.url, timezone="UTC"),
                      authority_host=server.url.rstrip("/"), username=user,
                      token_backend=MemoryTokenBackend())
    assert account.authenticate()
    return account


class GraphCalls:
    """`with GraphCalls(server) as calls:` ... `calls.seen` lists "METHOD path" per request."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.seen: list[str] = []
        self._original: Any = None

    def __enter__(self) -> GraphCalls:
        graph = self.server.graph
        self._original = graph.handle

        def counting(request: Any) -> Any:
            self.seen.append(f"{request.method} {request.path}")
            return self._original(request)

        graph.handle = counting  # type: ignore[method-assign]
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.server.graph.handle = self._original  # type: ignore[method-assign]
