"""Building an Account loads only what building it needs (issue #23: import cost).

Each check runs in a fresh interpreter (`sys.modules` of this test process already holds
everything). What must stay out: the sign-in flows' state, certificate credentials (`uuid`,
`platform`), the token type and every other `dataclasses` user, time zone tables, models,
queries, subscriptions and the token backends not asked for. Each is loaded on first use,
which the last test shows for a few of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Modules `from generated.o365 import Account; Account(...)` must not import.
HEAVY = (
    "dataclasses", "inspect", "ast", "dis", "platform", "uuid", "zoneinfo", "secrets",
    "oauthlib", "requests_oauthlib",
    "generated.o365._runtime.auth_flows", "generated.o365._runtime.client_assertion", "generated.o365._runtime.timezones",
    "generated.o365._runtime._windows_zones", "generated.o365._runtime.model", "generated.o365._runtime.fields", "generated.o365._runtime.arguments",
    "generated.o365._runtime.query", "generated.o365._runtime.subscriptions", "generated.o365._runtime.resource", "generated.o365._runtime.paging",
    "generated.o365._runtime.batch", "generated.o365._runtime.token_backends.token", "generated.o365._runtime.token_backends.filesystem",
    "generated.o365._runtime.token_backends.aws", "generated.o365._runtime.token_backends.bitwarden",
    "generated.o365._runtime.token_backends.crypto", "generated.o365._runtime.token_backends.django",
    "generated.o365._runtime.token_backends.firestore", "generated.o365._runtime.token_backends.redis",
    "generated.o365._permissions", "generated.o365._lifetimes", "generated.o365.types",
)

APP_ONLY = ("Account(('client-id', 'client-secret'), auth_flow_type='credentials', "
            "tenant_id='contoso.onmicrosoft.com', username='adele@contoso.com', "
            "token_backend=o365.MemoryTokenBackend())")


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules
                  if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize(("construct", "needed"), [
    (APP_ONLY, []),
    # The authorization-code flow with the default backend: a token file (which needs
    # `secrets` for its temporary names).
    ("Account(('client-id', 'secret'))", ["generated.o365._runtime.token_backends.filesystem", "secrets"]),
], ids=["app-only, memory backend", "delegated, default backend"])
def test_building_an_account_loads_none_of_the_heavy_modules(construct: str,
                                                              needed: list[str]) -> None:
    modules = loaded_after(f"import generated.o365 as o365\nfrom generated.o365 import Account\n"
                           f"account = {construct}")
    assert heavy_in(modules) == needed
    services = sorted(m for m in modules if m.startswith("generated.o365.")
                      and not m.startswith("generated.o365._runtime"))
    assert services == ["generated.o365._version", "generated.o365.account"]


def test_public_names_resolve_on_first_use() -> None:
    """Every name in `__all__` is reachable, and reaching one loads its module then."""
    modules = loaded_after(
        "import sys, generated.o365 as o365\n"
        "assert 'generated.o365._runtime.query' not in sys.modules\n"
        "assert all(getattr(o365, name) is not None for name in o365.__all__)\n"
        "assert o365.Protocol is o365.MSGraphProtocol\n"
        "assert o365.NOT_GIVEN is __import__('generated.o365._runtime.model', fromlist=['NOT_GIVEN']).NOT_GIVEN\n")
    assert {"generated.o365._runtime.query", "generated.o365._runtime.token_backends.filesystem",
            "generated.o365._runtime.token_backends.token", "generated.o365.types"} <= modules


def test_the_heavy_modules_load_when_first_used() -> None:
    """The list above is not vacuous: using the account loads them."""
    modules = loaded_after(
        f"import generated.o365 as o365\nfrom generated.o365 import Account\n"
        f"account = {APP_ONLY}\n"
        "mailbox = account.mailbox()\n"
        "account.protocol.timezone\n")
    assert {"generated.o365._runtime.model", "generated.o365._runtime.resource", "zoneinfo", "dataclasses",
            "generated.o365.mail.mailbox"} <= modules
