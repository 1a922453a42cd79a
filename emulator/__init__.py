"""A local Microsoft Graph v1.0 + identity platform emulator, driven by the specs.

    from generated.o365.emulator import EmulatorServer
    with EmulatorServer(seed=1) as server:
        ...  # point MSGraphProtocol(protocol_url=server.url) at it

Run it for your own code with ``python -m generated.o365.emulator --port 8765`` (in this
repository, ``python -m emulator`` too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import CLIENT_ID, CLIENT_SECRET, PUBLIC_CLIENT_ID, EmulatorServer

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "PUBLIC_CLIENT_ID", "EmulatorServer"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: pytest imports the plugin module of this package at start-up
    # (the `pytest11` entry point), also where the `emulator` extra is not installed.
    if name in __all__:
        from . import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
