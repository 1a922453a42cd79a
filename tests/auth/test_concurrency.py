"""Many threads (and processes) sharing one token: exactly one refresh request."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from auth_support import APP, PASSWORD, PUBLIC_APP, TENANT, USER, IdentityServer, browser_consent

from generated.o365._runtime.account import BaseAccount
from generated.o365._runtime.auth import TokenManager
from generated.o365._runtime.token_backends import FileSystemTokenBackend
from generated.o365.emulator.identity import IdentityPlatform

THREADS = 16


def _hammer(account: BaseAccount) -> list[int]:
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(account.con.get("me").status_code)
        except BaseException as exc:  # collected and re-raised by the test
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return statuses


def test_16_threads_with_locally_expired_token_refresh_once(
    make_account: Callable[..., BaseAccount], identity: IdentityPlatform
) -> None:
    account = make_account(APP)
    account.authenticate(handle_consent=browser_consent, printer=lambda _: None)
    token = account.token_backend.token
    assert token is not None
    account.token_backend.save_token(dataclasses.replace(token, expires_at=0.0))
    account.token_manager._token = None  # as if a new process loaded the expired token
    assert _hammer(account) == [200] * THREADS
    assert identity.stats.refresh_requests == 1


def test_16_threads_all_rejected_with_401_refresh_once(
    make_account: Callable[..., BaseAccount], identity: IdentityPlatform
) -> None:
    account = make_account(APP)
    account.authenticate(handle_consent=browser_consent, printer=lambda _: None)
    identity.expire_all_access_tokens()  # the client still believes its token is valid
    assert _hammer(account) == [200] * THREADS
    assert identity.stats.refresh_requests == 1


WORKER = """
import sys
from generated.o365._runtime.auth import TokenManager
from generated.o365._runtime.token_backends import FileSystemTokenBackend
manager = TokenManager("emulator-public-app", auth_flow_type="password", tenant_id=sys.argv[3],
                       authority_host=sys.argv[1], token_backend=FileSystemTokenBackend(sys.argv[2]))
print(manager.get_access_token()[:12])
"""


def test_processes_sharing_a_token_file_refresh_once(
    server: IdentityServer, identity: IdentityPlatform, tmp_path: Path
) -> None:
    """FileSystemTokenBackend's flock: one of four worker processes refreshes, the rest reload."""
    backend = FileSystemTokenBackend(tmp_path)
    manager = TokenManager(
        PUBLIC_APP,
        auth_flow_type="password",
        tenant_id=TENANT,
        username=USER,
        password=PASSWORD,
        authority_host=server.url,
        token_backend=backend,
    )
    manager.request_token()
    token = backend.token
    assert token is not None
    backend.save_token(dataclasses.replace(token, expires_at=0.0))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, server.url, str(tmp_path), TENANT],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(4)
    ]
    outputs = [w.communicate(timeout=60) for w in workers]
    assert all(w.returncode == 0 for w in workers), [err.decode() for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1  # everyone ended up with the same token
    assert identity.stats.refresh_requests == 1


@pytest.mark.parametrize("decision", [False, None])
def test_should_refresh_token_hook_false_or_none_reloads_from_backend(
    server: IdentityServer, identity: IdentityPlatform, tmp_path: Path, decision: bool | None
) -> None:
    class ExternallyRefreshed(FileSystemTokenBackend):
        def should_refresh_token(self, con: object | None = None) -> bool | None:
            return decision

    backend = ExternallyRefreshed(tmp_path)
    manager = TokenManager(
        PUBLIC_APP,
        auth_flow_type="password",
        tenant_id=TENANT,
        username=USER,
        password=PASSWORD,
        authority_host=server.url,
        token_backend=backend,
    )
    manager.request_token()
    assert manager.refresh_token()
    assert identity.stats.refresh_requests == 0  # the backend said someone else refreshes
