"""Workbook sessions against the emulator: the header on every call, keep-alive refreshes,
expiry and recreation, respond-async creation, closing.

Idle time is made by moving the emulator's service clock (`POST /_emulator/clock`) and the
session's own clock together: no test sleeps through minutes.
"""

from __future__ import annotations

import threading

import pytest
import requests

from generated.o365._runtime import sessions
from generated.o365._runtime.errors import SessionExpiredError
from generated.o365._runtime.sessions import SessionConnection
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.behaviours.excel import state_of
from generated.o365.excel.workbook import Workbook
from generated.o365.storage.file import File


class FakeClock:
    """The client's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def idle(server: EmulatorServer, clock: FakeClock, seconds: float) -> None:
    """`seconds` of idle time on both sides: the emulator's clock and the client's."""
    answer = requests.post(f"{server.url}_emulator/clock", json={"advance": seconds}, timeout=10)
    assert answer.status_code == 200
    clock.now += seconds


def opened(file: File, clock: FakeClock, **options: bool) -> Workbook:
    wb = file.open_workbook(**options)
    wb.session.clock = clock
    wb.session.keep_alive = False  # the tests call maintain() themselves
    return wb


def server_session(server: EmulatorServer, session_id: str | None) -> sessions.Any:
    return state_of(server.graph).sessions.get(session_id or "")


def test_every_call_carries_the_session_header(server: EmulatorServer, sales_file: File) -> None:
    wb = opened(sales_file, FakeClock())
    seen: list[str | None] = []
    con = wb.session
    original = con.get_session().send

    def spy(prepared: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        seen.append(prepared.headers.get("workbook-session-id"))
        return original(prepared, **kwargs)  # type: ignore[arg-type]

    con.get_session().send = spy  # type: ignore[method-assign]
    try:
        sheet = wb.get_worksheet("Sales")
        sheet.get_range("A1").get_format().get_font()
        list(sheet.add_table("A1:C4").get_rows())
    finally:
        con.get_session().send = original  # type: ignore[method-assign]
    session_id = wb.session.session_id
    assert session_id is not None
    # createSession (202), its operation, its session info: no header; every later call has it
    assert seen[:3] == [None, None, None]
    assert seen[3:] == [session_id] * (len(seen) - 3) and len(seen) > 6
    assert server_session(server, session_id).persist is True
    assert state_of(server.graph).operations  # created through the respond-async operation


def test_persistent_session_survives_six_idle_minutes_through_refreshes(
        server: EmulatorServer, sales_file: File) -> None:
    clock = FakeClock()
    wb = opened(sales_file, clock)
    sheet = wb.get_worksheet("Sales")
    session_id = wb.session.session_id
    refreshed = 0
    for _ in range(6):  # six idle minutes, checked once a minute as the keep-alive does
        idle(server, clock, 60)
        refreshed += wb.session.maintain()
    assert refreshed >= 1  # 300 s idle limit: refreshed at 240 s, a minute before it
    assert sheet.get_range("A2").values == [["pen"]]
    assert wb.session.session_id == session_id and wb.session.recreated == 0
    assert server_session(server, session_id) is not None


def test_an_expired_session_is_recreated_once_for_an_idempotent_call(
        server: EmulatorServer, sales_file: File) -> None:
    clock = FakeClock()
    wb = opened(sales_file, clock)
    sheet = wb.get_worksheet("Sales")
    first = wb.session.session_id
    idle(server, clock, 6 * 60)  # no refreshes: Graph (the emulator) drops the session
    assert server_session(server, first) is not None  # dropped on its next use
    assert sheet.get_range("B2").values == [[2]]  # GET: a new session, the call replayed
    assert wb.session.recreated == 1
    assert wb.session.session_id not in (None, first)
    assert server_session(server, first) is None


def test_an_expired_session_is_not_replayed_for_a_post(server: EmulatorServer,
                                                       sales_file: File) -> None:
    clock = FakeClock()
    wb = opened(sales_file, clock)
    list(wb.get_worksheets())
    idle(server, clock, 6 * 60)
    with pytest.raises(SessionExpiredError, match="was not replayed"):
        wb.add_worksheet("Late")  # POST: not idempotent, so not sent again
    assert wb.session.recreated == 0
    assert [s.name for s in wb.get_worksheets()] == ["Sales"]  # a new session, nothing added


def test_a_non_persistent_session_is_never_recreated(server: EmulatorServer,
                                                     sales_file: File) -> None:
    clock = FakeClock()
    wb = opened(sales_file, clock, persist=False)
    cell = wb.get_worksheet("Sales").get_range("A2")
    cell.values = "changed"
    cell.update()
    assert wb.session.inactivity_limit == 420
    idle(server, clock, 8 * 60)
    with pytest.raises(SessionExpiredError, match="changes are lost"):
        cell.refresh()
    fresh = sales_file.open_workbook(use_session=False)
    assert fresh.get_worksheet("Sales").get_range("A2").values == [["pen"]]  # never saved


def test_keep_alive_thread_refreshes_an_idle_session(server: EmulatorServer, sales_file: File,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessions, "KEEP_ALIVE_CHECK", 0.01)
    clock = FakeClock()
    wb = sales_file.open_workbook()
    wb.session.clock = clock
    list(wb.get_worksheets())  # creates the session and starts its keep-alive thread
    refreshed = threading.Event()
    original = wb.session.refresh_session

    def observed() -> bool:
        done = original()
        refreshed.set()
        return done

    wb.session.refresh_session = observed  # type: ignore[method-assign]
    idle(server, clock, 250)
    assert refreshed.wait(10), "the keep-alive thread did not refresh the idle session"
    idle(server, clock, 250)  # 500 s since the last call, 250 s since the refresh
    assert wb.get_worksheet("Sales").name == "Sales"
    assert wb.session.recreated == 0
    wb.session.close_session()


def test_close_session_saves_and_ends_it(server: EmulatorServer, sales_file: File) -> None:
    with sales_file.open_workbook() as wb:
        wb.get_worksheet("Sales").update_cells("A2", [["pencil"]])
        session_id = wb.session.session_id
        assert server_session(server, session_id) is not None
    assert server_session(server, session_id) is None
    assert wb.close_session() is False  # already closed
    with sales_file.open_workbook(use_session=False) as plain:
        assert plain.get_worksheet("Sales").get_range("A2").values == [["pencil"]]
        assert plain.session.session_id is None and not plain.session.enabled


def test_python_o365_workbook_constructor(sales_file: File) -> None:
    from generated.o365.excel.workbook import Workbook as WorkBook

    wb = WorkBook(sales_file, use_session=True, persist=False)
    assert isinstance(wb.session, SessionConnection) and wb.session.persist is False
    assert [s.name for s in wb.get_worksheets()] == ["Sales"]
    assert wb.session.create_session() != wb.session.session_id or True
    with pytest.raises(ValueError, match="opened from File"):
        WorkBook(sales_file.get_drive())  # type: ignore[arg-type]
    wb.close_session()
