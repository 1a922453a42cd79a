"""Which cases run, with what sizes, against which emulator (a table of rows to measure)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .runner import Case
from .server import ServerInfo

LIBRARY = "library"
LIBRARY_STDLIB = "library, stdlib json"  # without the [speedups] extra (generated.o365._runtime.jsondecode)
RAW = "raw requests"
IMPORT_BASELINE = "import requests"
SEQUENTIAL = "sequential loop"
CONCURRENT = "concurrent()"
# The client each scenario's ratios are against, the first one of these it has.
BASELINES = (IMPORT_BASELINE, RAW, SEQUENTIAL)

# Importing the package and building an Account: no request is sent, no file is written.
LIBRARY_IMPORT = (
    "import generated.o365 as o365\n"
    "o365.Account(('client-id', 'client-secret'), auth_flow_type='credentials', "
    "tenant_id='contoso.onmicrosoft.com', token_backend=o365.MemoryTokenBackend())"
)


@dataclass(frozen=True)
class Sizes:
    messages: int = 5_000
    big: int = 100_000  # the memory scenario
    transfer_mib: int = 200
    batch: int = 100
    runs: int = 5
    slow_runs: int = 3  # the 100,000-message cases, which take seconds each
    transfer_runs: int = 5  # 200 MiB transfers: a loaded machine makes single runs jump
    import_runs: int = 10
    cells_rows: int = 5_000  # x 4 columns: 20,000 cells, 1,000 rows per request
    mailboxes: int = 50  # the concurrency row: the latest messages of this many mailboxes
    latest: int = 10
    latency: float = 0.05  # seconds the emulator waits before each Graph answer (that row)

    @classmethod
    def quick(cls) -> Sizes:
        """Tiny sizes for the smoke test: proves the harness, measures nothing useful.

        5 MiB, because files up to 4 MiB are uploaded with one PUT instead of a session.
        """
        return cls(messages=200, big=400, transfer_mib=5, batch=20, runs=1, slow_runs=1,
                   transfer_runs=1, import_runs=1, cells_rows=500, mailboxes=4, latest=3,
                   latency=0.01)


def scenario_names(sizes: Sizes) -> dict[str, str]:
    n = f"{sizes.messages:,}"
    return {
        "import": "import + Account",
        "paging100": f"paging {n} msgs, $top=100",
        "paging1000": f"paging {n} msgs, $top=1000",
        "parse": f"parse {n} msgs (no HTTP)",
        "memory": f"paging {sizes.big:,} msgs, $top=1000",
        "batch": f"{sizes.batch} GETs in {-(-sizes.batch // 20)} $batch",
        "get": f"{sizes.batch} plain GETs",
        "upload": f"upload {sizes.transfer_mib} MiB (session)",
        "download": f"download {sizes.transfer_mib} MiB (stream)",
        "cells": f"write+read {sizes.cells_rows * 4:,} cells (excel)",
        "script": f"script: import, sign in, page {n} msgs",
        "mailboxes": f"{sizes.latest} latest of {sizes.mailboxes} mailboxes, "
                     f"{sizes.latency * 1000:g} ms latency",
    }


def import_cases(sizes: Sizes) -> list[Case]:
    name = scenario_names(sizes)["import"]
    runs = sizes.import_runs
    return [Case(name, "python -c pass", argv=("-c", "pass"), runs=runs),
            Case(name, IMPORT_BASELINE, argv=("-c", "import requests"), runs=runs),
            Case(name, LIBRARY, argv=("-c", LIBRARY_IMPORT), runs=runs)]


def _pair(scenario: str, work: str, params: dict[str, Any], runs: int) -> list[Case]:
    return [Case(scenario, LIBRARY, work=work, variant="library", params=params, runs=runs),
            Case(scenario, RAW, work=work, variant="raw", params=params, runs=runs)]


def _with_stdlib(scenario: str, work: str, params: dict[str, Any], runs: int) -> list[Case]:
    """The library (orjson when installed), the library with the standard library's
    decoder (as without the [speedups] extra), and raw requests."""
    stdlib = Case(scenario, LIBRARY_STDLIB, work=work, variant="library",
                  params={**params, "decoder": "stdlib"}, runs=runs)
    library, raw = _pair(scenario, work, params, runs)
    return [library, stdlib, raw]


def mail_cases(sizes: Sizes) -> list[Case]:
    names = scenario_names(sizes)
    n = sizes.messages
    return [
        *_with_stdlib(names["paging100"], "paging", {"messages": n, "page_size": 100},
                      sizes.runs),
        *_pair(names["paging1000"], "paging", {"messages": n, "page_size": 1000}, sizes.runs),
        *_with_stdlib(names["parse"], "parse", {"messages": n, "page_size": 100}, sizes.runs),
        *_pair(names["batch"], "batch", {"count": sizes.batch}, sizes.runs),
        *_pair(names["get"], "get100", {"count": sizes.batch}, sizes.runs),
        *_pair(names["memory"], "paging", {"messages": sizes.big, "page_size": 1000},
               sizes.slow_runs),
    ]


def download_seed_case(source: str) -> Case:
    """A raw upload (run once, unmeasured) that creates the file the download rows fetch.

    Its own name, so the upload rows (which replace "bench-upload.bin") never delete it.
    """
    return Case("seed", RAW, work="upload", variant="raw",
                params={"source": source, "name": "bench-download.bin"}, runs=1)


def transfer_cases(sizes: Sizes, source: str, item_id: str, target: str) -> list[Case]:
    names = scenario_names(sizes)
    upload = {"source": source, "name": "bench-upload.bin"}
    download = {"item_id": item_id, "target": target}
    return [*_pair(names["upload"], "upload", upload, sizes.transfer_runs),
            *_pair(names["download"], "download", download, sizes.transfer_runs)]


def excel_cases(sizes: Sizes) -> list[Case]:
    name = scenario_names(sizes)["cells"]
    return _pair(name, "cells", {"rows": sizes.cells_rows, "block_rows": 1000}, sizes.runs)


def script_cases(sizes: Sizes, info: ServerInfo) -> list[Case]:
    """Whole processes (bench.script): import, sign in and page, library and raw."""
    config = json.dumps({**json.loads(info.to_json()), "messages": sizes.messages,
                         "page_size": 100})
    name = scenario_names(sizes)["script"]
    return [Case(name, client, argv=("-m", "bench.script", variant, config), runs=sizes.runs)
            for client, variant in ((LIBRARY, "library"), (RAW, "raw"))]


def mailbox_cases(sizes: Sizes) -> list[Case]:
    """The concurrency row: the same calls one after another and through concurrent()."""
    name = scenario_names(sizes)["mailboxes"]
    params = {"mailboxes": sizes.mailboxes, "latest": sizes.latest}
    return [Case(name, SEQUENTIAL, work="mailboxes", variant="sequential", params=params,
                 runs=sizes.runs),
            Case(name, CONCURRENT, work="mailboxes", variant="concurrent", params=params,
                 runs=sizes.runs)]
