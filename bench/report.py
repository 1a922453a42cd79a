"""The table, the goal checks, the JSON record and the difference from the previous run."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .plan import BASELINES, CONCURRENT, LIBRARY, LIBRARY_STDLIB, RAW, Sizes, scenario_names
from .runner import Result

PEERS = ("python-o365", "msgraph-sdk")

# Work fields both clients must agree on (anything else, like an item id, may differ).
SAME_WORK = ("items", "unread", "chars", "requests", "bytes")


@dataclass(frozen=True)
class Row:
    scenario: str
    client: str
    cpu: float
    wall: float
    rss_mib: float
    runs: int
    cpu_ratio: float | None  # against the scenario's baseline client
    wall_ratio: float | None
    throughput_mib_s: float | None
    work: dict[str, Any]

    def key(self) -> str:
        return f"{self.scenario} | {self.client}"


@dataclass(frozen=True)
class Check:
    goal: str
    value: float | None
    ok: bool | None  # None: could not be computed (a case is missing), or no limit is set


def baseline_of(result: Result, results: Sequence[Result]) -> Result | None:
    """The scenario's baseline: `import requests`, raw requests or the sequential loop."""
    for wanted in BASELINES:
        for other in results:
            if other.case.scenario == result.case.scenario and other.case.client == wanted:
                return other
    return None


def rows_of(results: Sequence[Result], sizes: Sizes) -> list[Row]:
    rows = []
    for result in results:
        base = baseline_of(result, results)
        mib = result.work.get("bytes", 0) / (1024 * 1024)
        rows.append(Row(
            scenario=result.case.scenario, client=result.case.client, cpu=result.cpu,
            wall=result.wall, rss_mib=result.rss_mib, runs=len(result.samples),
            cpu_ratio=_ratio(result.cpu, base.cpu) if base else None,
            wall_ratio=_ratio(result.wall, base.wall) if base else None,
            throughput_mib_s=mib / result.wall if mib and result.wall > 0 else None,
            work=result.work))
    return rows


def _ratio(value: float, base: float) -> float | None:
    return value / base if base > 0 else None


def checks_of(rows: Sequence[Row], sizes: Sizes) -> list[Check]:
    """Issue #23's goals first, then issue #9's that still hold."""
    names = scenario_names(sizes)
    by_key = {row.key(): row for row in rows}

    def get(scenario: str, client: str = LIBRARY) -> Row | None:
        return by_key.get(f"{names[scenario]} | {client}")

    def at_most(goal: str, value: float | None, limit: float) -> Check:
        return Check(goal, value, None if value is None else value <= limit)

    def at_least(goal: str, value: float | None, limit: float) -> Check:
        return Check(goal, value, None if value is None else value >= limit)

    def cpu(scenario: str, client: str = LIBRARY) -> float | None:
        row = get(scenario, client)
        return row.cpu_ratio if row else None

    def with_orjson(scenario: str) -> float | None:
        """The library row's ratio when it decoded with orjson (the [speedups] extra)."""
        row = get(scenario)
        return row.cpu_ratio if row and row.work.get("decoder") == "orjson" else None

    def throughput(scenario: str) -> float | None:
        mine, raw = get(scenario), get(scenario, RAW)
        if not (mine and raw and mine.throughput_mib_s and raw.throughput_mib_s):
            return None
        return mine.throughput_mib_s / raw.throughput_mib_s

    big, small = get("memory"), get("paging1000")
    growth = big.rss_mib / small.rss_mib if big and small and small.rss_mib else None
    together = get("mailboxes", CONCURRENT)
    requests = f", {together.work.get('requests')} requests each" if together else ""
    return [
        at_most("import + Account CPU <= 1.1x `import requests` (whole process)",
                cpu("import"), 1.1),
        at_most("paging $top=100 with orjson CPU <= 0.9x raw", with_orjson("paging100"), 0.9),
        at_most("paging $top=100 with stdlib json CPU <= 1.1x raw",
                cpu("paging100", LIBRARY_STDLIB), 1.1),
        at_most("parse with orjson CPU <= 1.15x raw", with_orjson("parse"), 1.15),
        at_most("parse with stdlib json CPU <= 1.15x raw", cpu("parse", LIBRARY_STDLIB), 1.15),
        Check("whole script (import, sign-in, paging) CPU vs the raw script: no limit set",
              cpu("script"), None),
        at_most(f"{names['mailboxes']}: concurrent() wall <= 0.15x the sequential loop"
                f"{requests}", together.wall_ratio if together else None, 0.15),
        at_most("paging $top=1000 CPU <= 1.3x raw", cpu("paging1000"), 1.3),
        at_least("upload throughput >= 0.9x raw", throughput("upload"), 0.9),
        at_least("download throughput >= 0.9x raw", throughput("download"), 0.9),
        at_most(f"peak RSS {sizes.big:,} msgs <= 1.2x {sizes.messages:,} msgs", growth, 1.2),
        at_most("excel write+read cells CPU <= 1.2x raw", cpu("cells"), 1.2),
        *same_work_checks(rows),
    ]


def same_work_checks(rows: Sequence[Row]) -> list[Check]:
    """Every client must have read the same data with the same number of requests as its
    scenario's baseline (whole-process rows report no work and are not compared)."""
    out = []
    for row in rows:
        if row.client in BASELINES or not row.work:
            continue
        base = next((r for name in BASELINES for r in rows
                     if r.scenario == row.scenario and r.client == name), None)
        if base is None or not base.work:
            continue
        # Peers count what they read but cannot count their own requests from outside.
        compared = [k for k in SAME_WORK if k in row.work or row.client not in PEERS]
        differs = {k for k in compared if row.work.get(k) != base.work.get(k)}
        if differs:
            out.append(Check(f"{row.scenario} / {row.client}: same work as {base.client} "
                             f"(differs in {', '.join(sorted(differs))})", None, False))
    return out


# ---------------------------------------------------------------------- text
def _x(value: float | None) -> str:
    return f"{value:.2f}x" if value is not None else "-"


def table(rows: Sequence[Row]) -> str:
    header = ("scenario", "client", "CPU s", "wall s", "peak RSS MiB", "CPU vs base",
              "wall vs base", "MiB/s")
    lines = [header]
    for row in rows:
        lines.append((row.scenario, row.client, f"{row.cpu:.3f}", f"{row.wall:.3f}",
                      f"{row.rss_mib:.1f}", _x(row.cpu_ratio), _x(row.wall_ratio),
                      f"{row.throughput_mib_s:.0f}" if row.throughput_mib_s else "-"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = []
    for n, line in enumerate(lines):
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        text.append("  ".join(cells).rstrip())
        if n == 0:
            text.append("  ".join("-" * w for w in widths))
    return "\n".join(text)


def markdown_table(rows: Sequence[Row]) -> str:
    lines = ["| scenario | client | CPU s | wall s | peak RSS MiB | CPU vs base | wall vs base | MiB/s |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row.scenario} | {row.client} | {row.cpu:.3f} | {row.wall:.3f} | "
                     f"{row.rss_mib:.1f} | {_x(row.cpu_ratio)} | {_x(row.wall_ratio)} | "
                     f"{f'{row.throughput_mib_s:.0f}' if row.throughput_mib_s else '-'} |")
    return "\n".join(lines)


def _mark(check: Check, marks: dict[bool | None, str], info: str) -> str:
    return info if check.ok is None and check.value is not None else marks[check.ok]


def checks_text(checks: Sequence[Check]) -> str:
    marks = {True: "PASS", False: "MISS", None: "n/a "}
    return "\n".join(
        f"  {_mark(c, marks, 'info')}  {c.goal}" + (f": {c.value:.2f}" if c.value is not None else "")
        for c in checks)


# ---------------------------------------------------------------------- record
def machine() -> dict[str, Any]:
    lscpu = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        pass
    model = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines()
                  if line.startswith("Model name")), platform.processor())
    return {"nproc": os.cpu_count(), "cpu": model, "system": platform.platform(),
            "python": platform.python_version(), "lscpu_head": lscpu.splitlines()[:10]}


def record(rows: Sequence[Row], checks: Sequence[Check], sizes: Sizes) -> dict[str, Any]:
    return {
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "sizes": sizes.__dict__,
        "rows": [row.__dict__ for row in rows],
        "checks": [check.__dict__ for check in checks],
    }


def carry_peers(data: dict[str, Any], previous: dict[str, Any] | None) -> None:
    """Keep the last measured peer rows (``make bench-peers``) when this run had none."""
    measured = [r for r in data["rows"] if r["client"] in PEERS]
    if measured:
        data["peers"] = {"generated": data["generated"], "rows": measured}
    elif previous is not None and previous.get("peers"):
        data["peers"] = previous["peers"]


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=1) + "\n")
    os.replace(temporary, path)


def difference(previous: dict[str, Any], rows: Sequence[Row]) -> str:
    """CPU and wall of each row against the same row of the previous record."""
    before = {f"{r['scenario']} | {r['client']}": r for r in previous.get("rows", [])}
    lines = []
    for row in rows:
        old = before.get(row.key())
        if old is None or not old.get("cpu") or not old.get("wall"):
            continue
        cpu_change = (row.cpu / old["cpu"] - 1) * 100
        wall_change = (row.wall / old["wall"] - 1) * 100
        lines.append(f"  {row.scenario:<34} {row.client:<16} CPU {old['cpu']:.3f} -> "
                     f"{row.cpu:.3f} s ({cpu_change:+.0f}%)   wall {old['wall']:.3f} -> "
                     f"{row.wall:.3f} s ({wall_change:+.0f}%)")
    if not lines:
        return "  (no row in common with the previous run)"
    return "\n".join(lines)


def results_markdown(data: dict[str, Any], rows: Sequence[Row], checks: Sequence[Check]) -> str:
    """bench/RESULTS.md: the latest table, the goals and how and where it was measured."""
    box = data["machine"]
    lscpu = "\n".join(box.get("lscpu_head") or ["(lscpu not available)"])
    marks = {True: "pass", False: "**miss**", None: "n/a"}
    goals = "\n".join(f"- {_mark(c, marks, 'measured')}: {c.goal}" + (f" (measured {c.value:.2f})"
                                                      if c.value is not None else "")
                      for c in checks)
    return f"""# Benchmark results

Written by `make bench` (`python -m bench`) on {data['generated']}; the same numbers are in
`bench/results/latest.json`. Regenerate with `make bench`; `make bench-peers` adds rows for
python-o365 and msgraph-sdk.

## How it is measured

- The Graph emulator runs on 127.0.0.1 in its own process (`python -m bench.serve`), seeded
  with deterministic messages (`bench/data.py`, ~2 KB of JSON each), fault injection off.
- Every run is a separate client process: one warm-up run per row, then the rows of a
  group run in interleaved rounds; a row shows the median of {data['sizes']['runs']} runs
  ({data['sizes']['slow_runs']} for the 100,000-message and transfer rows,
  {data['sizes']['import_runs']} for imports; python-o365 and msgraph-sdk paging: 1 run).
- CPU is user + system time of the client process in the measured section only
  (`time.process_time`); sign-in and looking up the folder happen before it, for both
  clients. Import rows measure the whole process (`os.wait4`). Peak RSS is the whole
  client process's `ru_maxrss`.
- "raw requests" does exactly the same HTTP requests (same URLs, query, `Prefer` header,
  token) with `requests` + `json.loads` and reads the same keys from the dicts; the library
  reads the same fields as typed attributes (`received` as an aware `datetime`). The
  harness checks that both read the same data with the same number of requests.
- "library" decodes JSON with orjson when it is installed (the `[speedups]` extra; `make
  install` installs it with the dev tools), "library, stdlib json" with the standard
  library, as without the extra (`generated.o365._runtime.jsondecode`).
- The script rows are whole processes (`bench/script.py`, measured with `os.wait4`):
  interpreter start, imports, sign-in, finding the folder and paging, written once with the
  library and once with `requests` + `json`.
- The concurrency row runs against an emulator that answers every Graph request 50 ms late
  (its `delay` fault), standing for Graph's round trip: the same 50 calls (10 latest
  messages of each of 50 mailboxes) in a sequential loop and through `concurrent()` with 16
  workers; its ratio is wall time against the loop, and both must send the same requests.
- Ratios are library / baseline (raw requests; `import requests` for imports; the sequential
  loop for the concurrency row). Transfer throughput is bytes / wall time; transfers are
  bound by the emulator, which copies every uploaded byte several times.
- The machine is shared: other processes may run at the same time, so single figures move
  by 10-30% between runs; compare ratios, and rerun before trusting a small change.

## Machine

- `nproc`: {box['nproc']}
- CPU: {box['cpu']}
- OS: {box['system']}
- Python: {box['python']}

```
{lscpu}
```

## Latest table

{markdown_table(rows)}

{_peers_section(data, rows)}## Goals

{goals}
"""


def _peers_section(data: dict[str, Any], rows: Sequence[Row]) -> str:
    """Peer rows carried over from the last `make bench-peers`, if this run had none."""
    peers = data.get("peers")
    if not peers or any(row.client in PEERS for row in rows):
        return ""
    carried = [Row(**row) for row in peers["rows"]]
    return (f"Peers, from the last `make bench-peers` ({peers['generated']}; their ratios are "
            f"against that run's raw rows):\n\n{markdown_table(carried)}\n\n")
