"""`python -m bench` (make bench): measure, print the table and the goals, save the record.

Order: imports (no server), then the mail scenarios against one emulator process seeded with
the folders they page through, the whole scripts, the concurrency row against an emulator
answering late, then the transfers against a fresh emulator (uploaded files stay in its
memory). ``--peers`` adds python-o365 and msgraph-sdk rows (bench.peers).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from . import report
from .plan import (
    Sizes,
    download_seed_case,
    excel_cases,
    import_cases,
    mail_cases,
    mailbox_cases,
    script_cases,
    transfer_cases,
)
from .runner import CaseFailed, Result, run_cases, run_once
from .server import BenchServer

HERE = Path(__file__).resolve().parent
LATEST = HERE / "results" / "latest.json"
RESULTS_MD = HERE / "RESULTS.md"
GROUPS = ("imports", "mail", "script", "concurrency", "transfers", "excel")
MIB = 1024 * 1024


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--peers", action="store_true",
                        help="also measure python-o365 and msgraph-sdk (installs them into "
                             "bench/.peers-venv on first use)")
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes, one run, no warm-up: proves the harness works")
    parser.add_argument("--only", choices=GROUPS, action="append",
                        help="run only this group (repeatable)")
    parser.add_argument("--runs", type=int, default=None, help="measured runs per case")
    parser.add_argument("--save", action=argparse.BooleanOptionalAction, default=None,
                        help="write bench/results/latest.json and bench/RESULTS.md "
                             "(default: on for full runs, off with --quick or --only)")
    parser.add_argument("--results", type=Path, default=LATEST, help="JSON record to write")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 3 when a goal is missed (for CI)")
    return parser.parse_args(argv)


def write_source(path: Path, size: int) -> None:
    """``size`` bytes of deterministic, incompressible data, written 1 MiB at a time."""
    block = hashlib.shake_256(b"generated.o365 bench").digest(MIB)
    with path.open("wb") as out:
        for offset in range(0, size, MIB):
            chunk = offset.to_bytes(8, "big") + block[8:]
            out.write(chunk[: min(MIB, size - offset)])


def run_groups(groups: Sequence[str], sizes: Sizes, *, peers: bool, warmup: bool) -> list[Result]:
    results: list[Result] = []
    if "imports" in groups:
        print("imports", flush=True)
        results += run_cases(import_cases(sizes), None, warmup=warmup)
        if peers:
            from .peers import peer_import_cases

            results += run_cases(peer_import_cases(sizes), None, warmup=warmup)
    if "mail" in groups:
        print("mail (emulator in its own process)", flush=True)
        with BenchServer([sizes.messages, sizes.big]) as info:
            results += run_cases(mail_cases(sizes), info, warmup=warmup)
            if peers:
                from .peers import peer_paging_cases

                results += run_cases(peer_paging_cases(sizes), info, warmup=warmup)
    if "script" in groups:
        print("whole scripts (import, sign-in, paging as one process)", flush=True)
        with BenchServer([sizes.messages]) as info:
            results += run_cases(script_cases(sizes, info), info, warmup=warmup)
    if "concurrency" in groups:
        print(f"concurrency (an emulator answering {sizes.latency * 1000:g} ms late)", flush=True)
        with BenchServer([], mailboxes=sizes.mailboxes, latency=sizes.latency) as info:
            results += run_cases(mailbox_cases(sizes), info, warmup=warmup)
    if "transfers" in groups:
        print("transfers (a fresh emulator process)", flush=True)
        with tempfile.TemporaryDirectory(prefix="o365-bench-") as folder:
            source = Path(folder) / "source.bin"
            write_source(source, sizes.transfer_mib * MIB)
            with BenchServer([]) as info:
                item_id = str(run_once(download_seed_case(str(source)), info).work["id"])
                cases = transfer_cases(sizes, str(source), item_id, str(Path(folder) / "back"))
                # Uploads and downloads in separate rounds: the first file written after an
                # upload pays ~0.4 s of kernel time (the emulator just allocated and freed
                # hundreds of MiB), which interleaving would charge to one client.
                results += run_cases(cases[:2], info, warmup=warmup)
                results += run_cases(cases[2:], info, warmup=warmup)
    if "excel" in groups:
        print("excel (a fresh emulator process)", flush=True)
        with BenchServer([]) as info:
            results += run_cases(excel_cases(sizes), info, warmup=warmup)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = Sizes.quick() if args.quick else Sizes()
    if args.runs is not None:
        if args.runs < 1:
            print("--runs must be at least 1", file=sys.stderr)
            return 2
        sizes = Sizes(**{**sizes.__dict__, "runs": args.runs,
                         "slow_runs": min(args.runs, sizes.slow_runs),
                         "transfer_runs": min(args.runs, sizes.transfer_runs)})
    groups = args.only or list(GROUPS)
    save = args.save if args.save is not None else not (args.quick or args.only)
    started = time.perf_counter()
    try:
        results = run_groups(groups, sizes, peers=args.peers, warmup=not args.quick)
    except CaseFailed as failure:
        print(f"bench: {failure}", file=sys.stderr)
        return 1
    rows = report.rows_of(results, sizes)
    checks = report.checks_of(rows, sizes)
    print()
    print(report.table(rows))
    print("\ngoals")
    print(report.checks_text(checks))
    previous = json.loads(args.results.read_text()) if args.results.exists() else None
    if previous is not None:
        print(f"\nchange since the previous run ({previous.get('generated', '?')})")
        print(report.difference(previous, rows))
    data = report.record(rows, checks, sizes)
    report.carry_peers(data, previous)
    if save:
        report.write_json(args.results, data)
        RESULTS_MD.write_text(report.results_markdown(data, rows, checks))
        print(f"\nsaved {args.results} and {RESULTS_MD}")
    print(f"\nbench took {time.perf_counter() - started:.0f} s")
    missed = any(c.ok is False for c in checks)
    return 3 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
