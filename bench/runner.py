"""Run a case as separate processes: a warm-up, then N measured runs; keep the medians.

Process-level cases (imports) are measured whole by the parent: user + system CPU and peak
RSS from ``os.wait4``, wall from spawn to exit. Child cases report the CPU and wall of their
measured section themselves (bench.child); their peak RSS is still the whole process's.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .server import ROOT, ServerInfo

KIB = 1024


@dataclass(frozen=True)
class Case:
    """One row of the table: a scenario run by one client."""

    scenario: str  # e.g. "paging 5,000 ($top=100)"
    client: str  # "library", "raw requests", "python-o365", ...
    argv: tuple[str, ...] = ()  # a whole process to measure (imports) ...
    work: str = ""  # ... or a bench.child work function and its variant and params
    variant: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    runs: int = 5
    warmup: bool = True  # False for cases too slow to run twice (msgraph-sdk paging)
    python: str = sys.executable
    module: str = "bench.child"


@dataclass
class Sample:
    cpu: float
    wall: float
    rss_mib: float
    work: dict[str, Any]


@dataclass
class Result:
    case: Case
    samples: list[Sample]

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def rss_mib(self) -> float:
        return statistics.median(s.rss_mib for s in self.samples)

    @property
    def work(self) -> dict[str, Any]:
        return self.samples[-1].work


class CaseFailed(RuntimeError):
    """A measured process exited with an error (its stderr is in the message)."""


def command(case: Case, info: ServerInfo | None) -> list[str]:
    if case.argv:
        return [case.python, *case.argv]
    config = {"info": json.loads(info.to_json()) if info else None, "params": case.params}
    return [case.python, "-m", case.module, case.work, case.variant, json.dumps(config)]


def child_environment() -> dict[str, str]:
    """The environment of measured processes.

    PYTHONDONTWRITEBYTECODE is dropped: with it, every run would compile the project's
    modules from source while site-packages (requests) load from .pyc, which an installed
    library never pays. The warm-up run writes the bytecode caches.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_once(case: Case, info: ServerInfo | None) -> Sample:
    argv = command(case, info)
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=child_environment())
    stdout, stderr = process.stdout, process.stderr
    assert stdout is not None and stderr is not None
    out = stdout.read()  # one short line: reading to EOF before wait4 cannot deadlock ...
    err = stderr.read()  # ... and stderr is only large when something failed
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
    stdout.close()
    stderr.close()
    if process.returncode != 0:
        tail = err.decode(errors="replace")[-3000:]
        raise CaseFailed(f"{case.scenario} / {case.client} exited {process.returncode}:\n{tail}")
    rss_mib = usage.ru_maxrss * KIB / (1024 * 1024)  # ru_maxrss is in KiB on Linux
    if case.argv:
        return Sample(usage.ru_utime + usage.ru_stime, wall, rss_mib, {})
    reply = json.loads(out.decode().strip().splitlines()[-1])
    return Sample(float(reply["cpu"]), float(reply["wall"]), rss_mib, dict(reply["work"]))


def run_cases(cases: Sequence[Case], info: ServerInfo | None, *, verbose: bool = True,
              warmup: bool = True) -> list[Result]:
    """Warm every case up, then run them in rounds (case 1, case 2, ..., case 1, ...).

    Interleaving spreads slow drift (other processes, the emulator's growing memory) over
    every case instead of charging it to whichever ran last.
    """
    if verbose:
        rounds = max((case.runs for case in cases), default=0)
        print(f"  {len(cases)} cases: warm-up, then {rounds} interleaved rounds", flush=True)
    for case in cases:
        if warmup and case.warmup:
            run_once(case, info)  # fills bytecode, OS and emulator render caches
    samples: list[list[Sample]] = [[] for _ in cases]
    for round_number in range(max((case.runs for case in cases), default=0)):
        for case, taken in zip(cases, samples, strict=True):
            if round_number < case.runs:
                taken.append(run_once(case, info))
    results = [Result(case, taken) for case, taken in zip(cases, samples, strict=True)]
    if verbose:
        for result in results:
            print(f"  {result.case.scenario:<34} {result.case.client:<14} "
                  f"cpu {result.cpu:7.3f} s  wall {result.wall:7.3f} s  "
                  f"rss {result.rss_mib:6.1f} MiB", flush=True)
    return results
