"""`real_tenant()`: make a sample's Microsoft URLs reach a local emulator, for the pages (such as
Authentication) whose samples are the code readers run against their own tenant.

The emulator runs with `--tls` and becomes the HTTPS proxy of graph.microsoft.com and
login.microsoftonline.com (README, "Use the emulator with any Graph client"); the app
registrations the samples name exist in it; and the person at the console, who would open the
printed sign-in URL and paste back where the browser ended, is played by a few lines that do
exactly that. Only environment variables and the console prompt of the sign-in change: the
library under test runs with its defaults.
"""

from __future__ import annotations

import datetime
import inspect
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from generated.o365._runtime.account import BaseAccount
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.identity import RegisteredApp

# The app registrations the guides' samples name.
CLIENT_ID, CLIENT_SECRET = "client-id", "client-secret"
PUBLIC_CLIENT_ID = "desktop-client-id"


def real_tenant(stack: ExitStack, monkeypatch: pytest.MonkeyPatch) -> EmulatorServer:
    server = stack.enter_context(EmulatorServer(seed=1, tls=True, device_code_interval=0))
    server.identity.add_app(RegisteredApp(CLIENT_ID, CLIENT_SECRET))
    server.identity.add_app(RegisteredApp(PUBLIC_CLIENT_ID))
    assert server.ca_file is not None
    proxy, ca = server.url.replace("https:", "http:").rstrip("/"), str(server.ca_file)
    for name, value in {"HTTPS_PROXY": proxy, "NO_PROXY": "", "REQUESTS_CA_BUNDLE": ca,
                        "SSL_CERT_FILE": ca}.items():
        monkeypatch.setenv(name, value)
        monkeypatch.setenv(name.lower(), value)
    _answer_the_console(monkeypatch, ca)
    return server


def _answer_the_console(monkeypatch: pytest.MonkeyPatch, ca: str) -> None:
    """The default consent handler prints the sign-in URL and reads the redirect URL from
    `input()`: remember what it printed, and answer with where that URL redirects."""
    handler = inspect.signature(BaseAccount.authenticate).parameters["handle_consent"].default
    shown: list[str] = []

    def printed(*values: object, **_options: object) -> None:
        shown.extend(str(v) for v in values)

    def typed(_prompt: str = "") -> str:
        url = next(text for text in reversed(shown) if text.startswith("https://"))
        answer = requests.get(url, allow_redirects=False, timeout=10, verify=ca)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    monkeypatch.setitem(handler.__globals__, "print", printed)
    monkeypatch.setitem(handler.__globals__, "input", typed)


def register_certificate(server: EmulatorServer, folder: Path) -> None:
    """An RSA key and its self-signed certificate in `folder` (app-key.pem, app-cert.pem), the
    certificate uploaded to the app "client-id" (which keeps its secret too)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "docs daemon")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
                   .sign(key, hashes.SHA256()))
    cert_pem = certificate.public_bytes(serialization.Encoding.PEM)
    (folder / "app-cert.pem").write_bytes(cert_pem)
    (folder / "app-key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    server.identity.add_app(RegisteredApp(CLIENT_ID, CLIENT_SECRET, certificates=(cert_pem,)))
