"""What python-o365 examples import in the compat suite: generated.o365, aimed at the emulator.

An example's `from O365 import Account` becomes `from tests.compat.emulated import Account`.
These are generated.o365's own classes; only their *defaults* differ: the Graph URL, the
login authority and the tenant are the emulator's that the running test started, instead of
Microsoft's cloud, and the protocol's time zone is UTC so dates are reproducible. Every
other name is generated.o365's, unchanged (`from tests.compat.emulated import Message`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import generated.o365 as _library
from generated.o365._runtime.connection import Connection as _Connection
from generated.o365._runtime.protocol import MSGraphProtocol as _MSGraphProtocol

if TYPE_CHECKING:
    from generated.o365.emulator import EmulatorServer

_server: EmulatorServer | None = None


def use(server: EmulatorServer | None) -> None:
    """Aim the classes below at this emulator (None: at nothing)."""
    global _server
    _server = server


def _emulator() -> EmulatorServer:
    if _server is None:
        raise RuntimeError("no emulator is running: tests.compat.emulated is for the compat suite")
    return _server


class MSGraphProtocol(_MSGraphProtocol):
    def __init__(self, api_version: str = "v1.0", default_resource: str | None = None,
                 **kwargs: Any) -> None:
        kwargs.setdefault("protocol_url", _emulator().url)
        kwargs.setdefault("timezone", "UTC")
        super().__init__(api_version, default_resource, **kwargs)


Protocol = MSGraphProtocol


def _identity_defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    server = _emulator()
    kwargs.setdefault("tenant_id", server.tenant_id)
    kwargs.setdefault("authority_host", server.url.rstrip("/"))
    if kwargs.get("protocol") is None:
        kwargs["protocol"] = MSGraphProtocol()
    return kwargs


class Account(_library.Account):
    def __init__(self, credentials: Any, **kwargs: Any) -> None:
        super().__init__(credentials, **_identity_defaults(kwargs))


class Connection(_Connection):
    def __init__(self, credentials: Any = None, **kwargs: Any) -> None:
        super().__init__(credentials, **_identity_defaults(kwargs))


def __getattr__(name: str) -> Any:
    return getattr(_library, name)
