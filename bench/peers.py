"""The peers' virtual environment (python-o365, msgraph-sdk, azure-identity), and the
`make bench-peers` rows run from it.

The packages go into bench/.peers-venv (git-ignored) on first use, with pip from PyPI, so the
project's own environment never sees them. The versions are pinned: `make test-peers`
(tests/peers/) checks these exact releases against the emulator, and the bench rows name
them. Their rows use the same emulator, folders and fields as the library's; msgraph-sdk
takes over a minute per 5,000 messages here, so peer paging rows run once, without a warm-up.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from .plan import Sizes, scenario_names
from .runner import Case

VENV = Path(__file__).resolve().parent / ".peers-venv"
# distribution name -> pinned version
PINS = {"O365": "2.1.10", "msgraph-sdk": "1.65.0", "azure-identity": "1.27.0",
        "pytest": "9.2.0"}
PACKAGES = tuple(f"{name}=={version}" for name, version in PINS.items())
O365 = "python-o365"
MSGRAPH = "msgraph-sdk"

O365_IMPORT = (
    "import O365\n"
    "O365.Account(('client-id', 'client-secret'), auth_flow_type='credentials', "
    "tenant_id='contoso.onmicrosoft.com')"
)
MSGRAPH_IMPORT = (
    "from azure.identity import ClientSecretCredential\n"
    "from msgraph import GraphServiceClient\n"
    "GraphServiceClient(credentials=ClientSecretCredential('contoso.onmicrosoft.com', "
    "'client-id', 'client-secret'), scopes=['https://graph.microsoft.com/.default'])"
)


def peers_python() -> str:
    """The peers' interpreter, creating the environment and installing them if needed."""
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV} and installing {', '.join(PACKAGES)} (once)", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    probe = ("import importlib.metadata as m, sys; pins = dict(a.split('==') for a in "
             "sys.argv[1:]); sys.exit(any(m.version(n) != v for n, v in pins.items()))")
    check = subprocess.run([str(python), "-c", probe, *PACKAGES], capture_output=True)
    if check.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PACKAGES], check=True)
    return str(python)


def peer_import_cases(sizes: Sizes) -> list[Case]:
    python = peers_python()
    name = scenario_names(sizes)["import"]
    return [Case(name, O365, argv=("-c", O365_IMPORT), runs=sizes.import_runs, python=python),
            Case(name, MSGRAPH, argv=("-c", MSGRAPH_IMPORT), runs=sizes.import_runs,
                 python=python)]


def peer_paging_cases(sizes: Sizes) -> list[Case]:
    python = peers_python()
    names = scenario_names(sizes)
    cases = []
    for key, page_size in (("paging100", 100), ("paging1000", 1000)):
        params = {"messages": sizes.messages, "page_size": page_size}
        cases += [Case(names[key], O365, work="o365", variant="paging", params=params,
                       runs=1, python=python, warmup=False),
                  Case(names[key], MSGRAPH, work="msgraph", variant="paging", params=params,
                       runs=1, python=python, warmup=False)]
    return cases


if __name__ == "__main__":  # `python -m bench.peers`: just prepare the environment
    print(peers_python())
    sys.exit(0)
