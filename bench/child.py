"""`python -m bench.child WORK VARIANT CONFIG`: one measured run, in its own process.

CONFIG is JSON: ``{"info": ServerInfo JSON or null, "params": {...}}``. The work function
does its setup, wraps the measured part in the :class:`Stopwatch` and returns what it did
(items, requests, a checksum of what it read) so the parent can check that both clients did
the same work. The result is one JSON line on stdout; peak RSS comes from the parent
(``os.wait4``).

With ``BENCH_PROFILE=<file>`` in the environment the measured sections also run under
cProfile and the stats are dumped to that file (``python -m pstats <file>`` to read):

    BENCH_PROFILE=/tmp/parse.prof python -m bench.child parse library '<config>'
"""

from __future__ import annotations

import cProfile
import gc
import importlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

from .server import ServerInfo

# work name -> module holding one function per variant (imported only when run, so the raw
# variants never import the library).
WORK = {
    "paging": "bench.work.paging",
    "parse": "bench.work.parse",
    "batch": "bench.work.batching",
    "get100": "bench.work.batching",
    "upload": "bench.work.transfer",
    "download": "bench.work.transfer",
    "cells": "bench.work.excel",
    "mailboxes": "bench.work.mailboxes",
    "o365": "bench.peer_work",  # python-o365 and msgraph-sdk, in bench/.peers-venv
    "msgraph": "bench.peer_work",
}

WorkFunction = Callable[["Stopwatch", "ServerInfo | None", dict[str, Any]], dict[str, Any]]


class Stopwatch:
    """CPU (user + system, this process) and wall seconds spent inside ``with`` blocks.

    ``time.process_time`` is user + system CPU at nanosecond resolution (``os.times`` ticks
    in 10 ms steps, too coarse for sub-second work).
    """

    def __init__(self, profiler: cProfile.Profile | None = None) -> None:
        self.cpu = 0.0
        self.wall = 0.0
        self._cpu0 = 0.0
        self._wall0 = 0.0
        self.profiler = profiler

    def __enter__(self) -> Stopwatch:
        # Setup (imports, fixtures, fetching pages) leaves the collector a debt of objects
        # to scan; collecting it here keeps it out of the measured work, for every client
        # alike (timeit goes further and disables the collector). The whole-process rows
        # (import, script) have no Stopwatch and keep every cost.
        gc.collect()
        if self.profiler is not None:
            self.profiler.enable()
        self._cpu0 = time.process_time()
        self._wall0 = time.perf_counter()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.wall += time.perf_counter() - self._wall0
        self.cpu += time.process_time() - self._cpu0
        if self.profiler is not None:
            self.profiler.disable()


def resolve(work: str, variant: str) -> WorkFunction:
    if work not in WORK:
        raise ValueError(f"unknown work {work!r}; known: {', '.join(sorted(WORK))}")
    module = importlib.import_module(WORK[work])
    function = getattr(module, f"{work}_{variant}", None)
    if function is None:
        raise ValueError(f"work {work!r} has no variant {variant!r}")
    return function  # type: ignore[no-any-return]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3:
        print("usage: python -m bench.child WORK VARIANT CONFIG_JSON", file=sys.stderr)
        return 2
    work, variant, config_text = args
    config = json.loads(config_text)
    info = ServerInfo(**config["info"]) if config.get("info") else None
    profile_to = os.environ.get("BENCH_PROFILE")
    clock = Stopwatch(cProfile.Profile() if profile_to else None)
    done = resolve(work, variant)(clock, info, dict(config.get("params") or {}))
    if profile_to and clock.profiler is not None:
        clock.profiler.dump_stats(profile_to)
    print(json.dumps({"cpu": clock.cpu, "wall": clock.wall, "work": done}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
