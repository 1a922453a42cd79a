"""The emulator's recurrence expansion (G: resources/recurrencepattern.md, recurrencerange.md)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from generated.o365.emulator.behaviours.recurrence import RecurrenceError, occurrence_starts

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.timezone.utc
HOUR = dt.timedelta(hours=1)
START = dt.datetime(2024, 3, 18, 9, 0, tzinfo=BERLIN)
YEARS = (dt.datetime(2020, 1, 1, tzinfo=UTC), dt.datetime(2040, 1, 1, tzinfo=UTC))


def _rec(pattern: dict[str, object], **range_: object) -> dict[str, object]:
    return {"pattern": pattern, "range": {"type": "noEnd", "startDate": "2024-03-18", **range_}}


def test_weekly_keeps_wall_clock_across_dst() -> None:
    rec = _rec({"type": "weekly", "interval": 1, "daysOfWeek": ["monday", "wednesday"]})
    starts = occurrence_starts(START, rec, dt.datetime(2024, 3, 25, tzinfo=UTC),
                               dt.datetime(2024, 4, 4, tzinfo=UTC), HOUR)
    assert [s.astimezone(UTC).isoformat() for s in starts] == [
        "2024-03-25T08:00:00+00:00", "2024-03-27T08:00:00+00:00",
        "2024-04-01T07:00:00+00:00", "2024-04-03T07:00:00+00:00"]
    assert {s.astimezone(BERLIN).hour for s in starts} == {9}


def test_every_other_week_from_the_first_day_of_week() -> None:
    rec = _rec({"type": "weekly", "interval": 2, "daysOfWeek": ["friday"],
                "firstDayOfWeek": "monday"})
    starts = occurrence_starts(START, rec, *YEARS, HOUR)[:3]
    assert [s.date().isoformat() for s in starts] == ["2024-03-22", "2024-04-05", "2024-04-19"]


def test_daily_numbered_range() -> None:
    rec = _rec({"type": "daily", "interval": 3}, type="numbered", numberOfOccurrences=3)
    starts = occurrence_starts(START, rec, *YEARS, HOUR)
    assert [s.day for s in starts] == [18, 21, 24]


def test_relative_monthly_last_friday_until_end_date() -> None:
    rec = _rec({"type": "relativeMonthly", "interval": 1, "daysOfWeek": ["friday"],
                "index": "last"}, type="endDate", endDate="2024-06-30")
    starts = occurrence_starts(START, rec, *YEARS, HOUR)
    assert [s.date().isoformat() for s in starts] == [
        "2024-03-29", "2024-04-26", "2024-05-31", "2024-06-28"]


def test_absolute_yearly_skips_years_without_the_day() -> None:
    rec = _rec({"type": "absoluteYearly", "interval": 1, "month": 2, "dayOfMonth": 29},
               type="numbered", numberOfOccurrences=2)
    assert [s.year for s in occurrence_starts(START, rec, *YEARS, HOUR)] == [2028, 2032]


def test_relative_yearly_first_monday_of_september() -> None:
    rec = _rec({"type": "relativeYearly", "interval": 1, "month": 9, "daysOfWeek": ["monday"],
                "index": "first"}, type="numbered", numberOfOccurrences=2)
    starts = occurrence_starts(START, rec, *YEARS, HOUR)
    assert [s.date().isoformat() for s in starts] == ["2024-09-02", "2025-09-01"]


def test_window_overlap_includes_an_occurrence_already_running() -> None:
    rec = _rec({"type": "daily", "interval": 1})
    window = (dt.datetime(2024, 3, 18, 8, 30, tzinfo=UTC), dt.datetime(2024, 3, 18, 9, tzinfo=UTC))
    assert occurrence_starts(START, rec, *window, HOUR) == [START]


@pytest.mark.parametrize("rec", [
    _rec({"type": "fortnightly"}),
    _rec({"type": "daily", "interval": 0}),
    _rec({"type": "absoluteMonthly", "interval": 1}),
    _rec({"type": "daily"}, type="numbered"),
    _rec({"type": "weekly", "daysOfWeek": ["funday"]}),
])
def test_malformed_recurrence_is_an_error(rec: dict[str, object]) -> None:
    with pytest.raises(RecurrenceError):
        occurrence_starts(START, rec, *YEARS, HOUR)
