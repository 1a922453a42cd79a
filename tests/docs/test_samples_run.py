"""Every Python sample of the guides and the README runs against a fresh emulator.

The convention (what each page's namespace holds, the hidden setup and the markers for
blocks that cannot run) is in tests/docs/samples.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol
from generated.o365.emulator import EmulatorServer
from tests.docs.samples import HIDDEN_PREFIX, MAX_NOT_RUN, USER, Page, pages
from tests.docs.tenant import real_tenant

PAGES = pages()
RUNNABLE = [page for page in PAGES if page.runnable]


def signed_in(server: EmulatorServer) -> Account:
    """Adele, signed in with the device code flow (approved as her, as she would in a browser)."""
    account = Account((server.public_client_id,), auth_flow_type="public",
                      tenant_id=server.tenant_id, protocol=MSGraphProtocol(protocol_url=server.url),
                      authority_host=server.url, username=USER,
                      token_backend=MemoryTokenBackend())
    assert account.token_manager.device_code_flow(
        printer=lambda _message: None,
        on_challenge=lambda challenge: server.identity.approve_device_code(challenge.user_code,
                                                                           USER))
    assert account.get_current_user().user_principal_name == USER
    return account


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=1, device_code_interval=0, device_code_auto_approve=False) as server:
        yield server


@pytest.mark.parametrize("page", RUNNABLE, ids=[p.path for p in RUNNABLE])
def test_samples_run(page: Page, emulator: EmulatorServer, tmp_path: object,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    with ExitStack() as stack:
        namespace: dict[str, object] = {
            "__name__": "__docs__", "account": signed_in(emulator),
            f"{HIDDEN_PREFIX}emulator": emulator,
            f"{HIDDEN_PREFIX}real_tenant": lambda: real_tenant(stack, monkeypatch),
            f"{HIDDEN_PREFIX}monkeypatch": monkeypatch}
        for block in page.blocks:
            if not block.runs:
                continue
            try:
                exec(block.compiled(), namespace)  # noqa: S102 - the docs' own samples
            except Exception as exc:
                raise AssertionError(
                    f"the sample at {page.path}:{block.line} failed: {type(exc).__name__}: {exc}"
                ) from exc


def test_visible_samples_use_only_what_readers_see() -> None:
    """Hidden setup may reach into the emulator; what readers copy may not."""
    leaks = [f"{b.page}:{b.line}" for p in PAGES for b in p.blocks
             if b.kind != "setup" and re.search(rf"\b{HIDDEN_PREFIX}", b.code)]
    assert leaks == []


def test_blocks_that_do_not_run_are_few_and_explained() -> None:
    skipped = [b for p in PAGES for b in p.blocks if not b.runs]
    assert all(b.reason for b in skipped)
    assert len(skipped) <= MAX_NOT_RUN, [f"{b.page}:{b.line} ({b.reason})" for b in skipped]


def test_every_block_compiles() -> None:
    for page in PAGES:
        for block in page.blocks:
            block.compiled()  # SyntaxError names the page and line
