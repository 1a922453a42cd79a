"""The two clients every scenario compares: the library's public API and raw ``requests``.

Both send the same requests: the same URLs and query strings, the same ``Prefer`` header,
a bearer token from the same client-credentials grant. Setup (sign-in, looking up the folder)
happens before the measured section in both.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import requests

from .server import ServerInfo

if TYPE_CHECKING:
    from generated.o365 import Account

PREFER = 'outlook.timezone="UTC"'  # what the library sends with timezone="UTC"


class Traffic:
    """Counts requests and response bytes through a ``requests`` response hook (from any
    thread: the concurrency row sends from many)."""

    def __init__(self, session: requests.Session) -> None:
        self.requests = 0
        self.bytes = 0
        self._lock = threading.Lock()
        session.hooks["response"].append(self._seen)

    def _seen(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        length = response.headers.get("Content-Length")
        with self._lock:
            self.requests += 1
            self.bytes += int(length) if length and length.isdigit() else 0

    def reset(self) -> None:
        self.requests = self.bytes = 0


def library_account(info: ServerInfo) -> Account:
    """A signed-in app-only Account on the emulator (no token file written)."""
    from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol

    account = Account((info.client_id, info.client_secret), auth_flow_type="credentials",
                      tenant_id=info.tenant_id, authority_host=info.url, username=info.user,
                      protocol=MSGraphProtocol(protocol_url=info.url, timezone="UTC"),
                      token_backend=MemoryTokenBackend())
    if not account.authenticate():
        raise RuntimeError("the library could not sign in to the emulator")
    return account


def preload(*modules: str) -> None:
    """Import modules the library would import on first use, before the measured section.

    First-use import cost belongs to the import scenario; the other scenarios measure the
    steady state a long-running program sees.
    """
    import importlib

    for name in modules:
        importlib.import_module(name)


MAIL_MODULES = ("generated.o365.mail.message", "generated.o365.mail.mail_folder",
                "generated.o365._runtime.paging", "generated.o365._runtime.batch", "generated.o365._runtime.request")
DRIVE_MODULES = ("generated.o365.storage.drive_item", "generated.o365.storage.file",
                 "generated.o365.storage.folder", "generated.o365._runtime.upload", "generated.o365._runtime.download")


def choose_decoder(params: dict[str, Any]) -> str:
    """Apply the row's ``decoder`` param ("stdlib", "orjson"; absent: the library's default,
    orjson when installed) and return the decoder the library uses (generated.o365._runtime.jsondecode)."""
    from generated.o365._runtime import jsondecode

    jsondecode.use(params.get("decoder"))
    return jsondecode.active()


def raw_session(info: ServerInfo) -> requests.Session:
    """A ``requests.Session`` with a client-credentials token and the library's headers."""
    session = requests.Session()
    reply = session.post(info.token_url, timeout=30, data={
        "grant_type": "client_credentials", "client_id": info.client_id,
        "client_secret": info.client_secret, "scope": "https://graph.microsoft.com/.default"})
    reply.raise_for_status()
    session.headers.update({"Authorization": f"Bearer {reply.json()['access_token']}",
                            "Accept": "application/json", "Prefer": PREFER})
    return session


def segment(value: str) -> str:
    """A path segment encoded the way the library encodes ids ("=" becomes %3D)."""
    return quote(value, safe="")
