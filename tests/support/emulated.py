"""`GraphCalls`: the Graph requests that reached a local emulator while it was active, to
assert that bad input was refused before anything was sent (an Account for such tests:
tests.support.accounts.emulator_account)."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from generated.o365.emulator import EmulatorServer


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
