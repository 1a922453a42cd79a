"""Smoke test of the benchmark harness (`make bench`) at tiny sizes. Measures nothing.

One emulator process, the paging scenario for both clients on 200 messages (one run each,
no warm-up), then the table, the goal checks and the JSON difference. No timing is asserted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import report
from bench.plan import (
    CONCURRENT,
    LIBRARY,
    RAW,
    SEQUENTIAL,
    Sizes,
    mailbox_cases,
    scenario_names,
    script_cases,
)
from bench.runner import Case, CaseFailed, run_cases
from bench.server import BenchServer

SIZES = Sizes.quick()


@pytest.fixture(scope="module")
def paging_rows() -> list[report.Row]:
    name = scenario_names(SIZES)["paging100"]
    params = {"messages": SIZES.messages, "page_size": 100}
    cases = [Case(name, LIBRARY, work="paging", variant="library", params=params, runs=1),
             Case(name, RAW, work="paging", variant="raw", params=params, runs=1)]
    with BenchServer([SIZES.messages]) as info:
        results = run_cases(cases, info, verbose=False, warmup=False)
    return report.rows_of(results, SIZES)


def test_both_clients_read_the_same_messages_with_the_same_requests(
        paging_rows: list[report.Row]) -> None:
    library, raw = paging_rows
    assert library.work["items"] == raw.work["items"] == SIZES.messages
    assert library.work["requests"] == raw.work["requests"] == SIZES.messages // 100
    assert library.work["decoder"] in ("orjson", "stdlib")  # generated.o365._runtime.jsondecode's
    assert {k: v for k, v in library.work.items() if k != "decoder"} == raw.work
    assert report.same_work_checks(paging_rows) == []


def test_rows_carry_measurements_and_a_ratio_against_raw(paging_rows: list[report.Row]) -> None:
    library, raw = paging_rows
    assert raw.cpu_ratio == 1.0 and library.cpu_ratio is not None
    assert library.cpu > 0 and library.rss_mib > 10  # a Python process is never smaller
    text = report.table(paging_rows)
    assert text.splitlines()[0].split()[:2] == ["scenario", "client"]
    assert f"paging {SIZES.messages} msgs, $top=100" in text


def test_checks_without_the_other_scenarios_are_not_applicable(
        paging_rows: list[report.Row]) -> None:
    checks = {c.goal: c for c in report.checks_of(paging_rows, SIZES)}
    library = paging_rows[0]
    orjson = checks["paging $top=100 with orjson CPU <= 0.9x raw"].value
    assert orjson == (library.cpu_ratio if library.work["decoder"] == "orjson" else None)
    assert checks["parse with stdlib json CPU <= 1.15x raw"].ok is None


@pytest.fixture(scope="module")
def script_and_mailbox_rows() -> list[report.Row]:
    with BenchServer([SIZES.messages], mailboxes=SIZES.mailboxes, latency=SIZES.latency) as info:
        cases = script_cases(SIZES, info) + mailbox_cases(SIZES)
        results = run_cases(cases, info, verbose=False, warmup=False)
    return report.rows_of(results, SIZES)


def test_whole_scripts_and_the_concurrency_row_run(
        script_and_mailbox_rows: list[report.Row]) -> None:
    rows = {(row.scenario.split(":")[0] if row.scenario.startswith("script") else "mailboxes",
             row.client): row for row in script_and_mailbox_rows}
    # Whole processes: measured by the parent, a ratio against the raw script.
    assert rows["script", LIBRARY].cpu > 0 and rows["script", RAW].cpu_ratio == 1.0
    sequential, together = rows["mailboxes", SEQUENTIAL], rows["mailboxes", CONCURRENT]
    assert sequential.work == together.work  # the same messages, the same requests
    assert together.work["requests"] == SIZES.mailboxes
    assert together.work["items"] == SIZES.mailboxes * SIZES.latest
    assert together.wall_ratio is not None and sequential.wall_ratio == 1.0
    checks = report.checks_of(script_and_mailbox_rows, SIZES)
    assert not [c for c in checks if c.ok is False and "same work" in c.goal]
    goal = next(c for c in checks if "concurrent() wall" in c.goal)
    assert goal.value == together.wall_ratio and f"{SIZES.mailboxes} requests each" in goal.goal


def test_the_record_round_trips_and_the_difference_names_each_row(
        paging_rows: list[report.Row], tmp_path: Path) -> None:
    path = tmp_path / "latest.json"
    data = report.record(paging_rows, report.checks_of(paging_rows, SIZES), SIZES)
    report.write_json(path, data)
    previous = json.loads(path.read_text())
    assert previous["machine"]["nproc"] >= 1
    diff = report.difference(previous, paging_rows)
    assert diff.count("(+0%)") == 2 * len(paging_rows)  # same numbers: no change


def test_a_failing_child_reports_its_error() -> None:
    case = Case("broken", RAW, work="paging", variant="raw", params={}, runs=1)
    with pytest.raises(CaseFailed, match="paging needs the emulator"):
        run_cases([case], None, verbose=False, warmup=False)


def test_unknown_work_is_refused_before_running() -> None:
    from bench.child import resolve

    with pytest.raises(ValueError, match="unknown work"):
        resolve("nothing", "library")
    with pytest.raises(ValueError, match="no variant"):
        resolve("paging", "nobody")


def test_peers_are_held_to_what_they_read_not_to_a_request_count() -> None:
    def row(client: str, **work: int) -> report.Row:
        return report.Row("paging", client, 1.0, 1.0, 30.0, 1, None, None, None, dict(work))

    raw = row("raw requests", items=5, unread=2, chars=9, requests=1)
    same = row("python-o365", items=5, unread=2, chars=9)  # counts no requests of its own
    short = row("msgraph-sdk", items=4, unread=2, chars=9)
    quiet = row("library", items=5, unread=2, chars=9)  # the library must count them
    goals = [c.goal for c in report.same_work_checks([raw, same, short, quiet])]
    assert goals == ["paging / msgraph-sdk: same work as raw requests (differs in items)",
                     "paging / library: same work as raw requests (differs in requests)"]
