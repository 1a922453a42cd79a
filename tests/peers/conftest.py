"""`make test-peers`: Graph clients nobody here wrote, unmodified, against the emulator.

These tests run in bench/.peers-venv (python-o365, msgraph-sdk and azure-identity at the
versions pinned in bench/peers.py), never in the project's environment, and are not part of
`make test`. The emulator runs in its own process from the project's environment with
``--tls``; the clients reach it the way they would reach Microsoft: their default URLs
(https://graph.microsoft.com, https://login.microsoftonline.com), with only the environment
pointing them at it (HTTPS_PROXY = the emulator, REQUESTS_CA_BUNDLE / SSL_CERT_FILE = its CA).

A call that fails because of a bug in the client itself is marked with `client_bug`, which
names the client's issue; it is an expected failure that must keep failing (strict), so a
fixed client release shows up here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EMULATOR_PYTHON = os.environ.get("EMULATOR_PYTHON", str(ROOT / ".venv" / "bin" / "python"))
TENANT = "contoso.onmicrosoft.com"
CLIENT_ID, CLIENT_SECRET = "emulator-app", "emulator-secret"
PUBLIC_CLIENT_ID = "emulator-public-app"
PASSWORD = "P@ssw0rd!"
ADELE = "adele@contoso.onmicrosoft.com"
ALEX = "alex@contoso.onmicrosoft.com"
GRAPH_DEFAULT = "https://graph.microsoft.com/.default"


def client_bug(url: str, why: str) -> pytest.MarkDecorator:
    """An everyday call that fails because of the client's own bug (its issue: `url`)."""
    return pytest.mark.xfail(strict=True, reason=f"client bug {url}: {why}")


@dataclass(frozen=True)
class Emulator:
    url: str  # https://127.0.0.1:<port>/
    ca_file: Path

    @property
    def proxy(self) -> str:
        return self.url.replace("https:", "http:").rstrip("/")


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The emulator over TLS, and this process's environment pointing every client at it."""
    tls_dir = tmp_path_factory.mktemp("tls")
    process = subprocess.Popen(
        [EMULATOR_PYTHON, "-m", "emulator", "--port", "0", "--seed", "1", "--tls",
         "--tls-dir", str(tls_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    first = process.stdout.readline()
    if not first.startswith("Graph emulator listening on https://"):
        process.kill()
        raise RuntimeError(f"the emulator did not start: {first}{process.communicate()[1]}")
    server = Emulator(first.split()[4], tls_dir / "ca.pem")
    saved = dict(os.environ)
    ca = str(server.ca_file)
    os.environ.update(HTTPS_PROXY=server.proxy, https_proxy=server.proxy, NO_PROXY="",
                      no_proxy="", REQUESTS_CA_BUNDLE=ca, SSL_CERT_FILE=ca, CURL_CA_BUNDLE=ca)
    try:
        yield server
    finally:
        os.environ.clear()
        os.environ.update(saved)
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        _drain(process)


def _drain(process: subprocess.Popen[str]) -> None:
    """Show what the emulator logged (its own errors) when a test failed because of it."""
    _out, err = process.communicate()
    if err.strip():
        print("emulator stderr:\n" + err, file=sys.stderr)


@pytest.fixture()
def files(tmp_path: Path) -> Any:
    """`files(name, size)`: a file of `size` bytes with recognisable content."""

    def make(name: str, size: int) -> Path:
        path = tmp_path / name
        block = bytes(range(256))
        path.write_bytes((block * (size // 256 + 1))[:size])
        return path

    return make
