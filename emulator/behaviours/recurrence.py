"""Recurrence expansion and dateTimeTimeZone arithmetic for the calendar behaviours.

Pure functions, no store: `occurrence_starts` lists the starts of a series master's
occurrences inside a window, following Graph's patternedRecurrence (G:
resources/recurrencepattern.md, resources/recurrencerange.md). Occurrences keep their wall-clock
time in the recurrence time zone, so a 09:00 Berlin meeting stays at 09:00 Berlin across a
daylight-saving change (its UTC time moves by an hour).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from generated.o365._runtime.timezones import (
    from_graph_datetime,
    get_zone,
    parse_datetime,
    to_graph_datetime,
)

__all__ = [
    "RecurrenceError",
    "from_dtz",
    "next_date",
    "occurrence_starts",
    "parse_window_bound",
    "to_dtz",
]

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
INDEX = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1}
# Bounds the walk over candidate dates, so a bad pattern cannot spin forever.
MAX_STEPS = 100_000


class RecurrenceError(ValueError):
    """The recurrence is malformed (Graph answers 400 ErrorInvalidRequest)."""


def from_dtz(value: Mapping[str, Any]) -> datetime:
    """A dateTimeTimeZone as an aware datetime in the zone it names (UTC if none)."""
    return from_graph_datetime(value, "UTC")


def to_dtz(moment: datetime, zone_name: str) -> dict[str, str]:
    """`moment` as a dateTimeTimeZone in `zone_name` (Windows or IANA), Graph's 7 digits."""
    out = to_graph_datetime(moment.astimezone(get_zone(zone_name)))
    out["timeZone"] = zone_name
    return out


def parse_window_bound(text: str) -> datetime:
    """A calendarView bound: ISO 8601; without an offset it means UTC (G: user-list-calendarview.md)."""
    return parse_datetime(text).astimezone(timezone.utc)


def occurrence_starts(start: datetime, recurrence: Mapping[str, Any],
                      window_start: datetime, window_end: datetime,
                      duration: timedelta) -> list[datetime]:
    """Starts of the occurrences that overlap [window_start, window_end).

    `start` is the series master's start (aware). The pattern is evaluated on dates in the
    recurrence time zone (default: the start's zone) at the master's wall-clock time.
    """
    pattern = recurrence.get("pattern") or {}
    rng = recurrence.get("range") or {}
    zone = _zone(rng.get("recurrenceTimeZone"), start)
    local_start = start.astimezone(zone)
    first_day = _date(rng.get("startDate")) or local_start.date()
    last_day = _date(rng.get("endDate")) if rng.get("type") == "endDate" else None
    if rng.get("type") == "endDate" and last_day is None:
        raise RecurrenceError("recurrence range of type endDate needs an endDate")
    count = int(rng.get("numberOfOccurrences") or 0) if rng.get("type") == "numbered" else 0
    if rng.get("type") == "numbered" and count < 1:
        raise RecurrenceError("recurrence range of type numbered needs numberOfOccurrences")
    wall = local_start.timetz().replace(tzinfo=None)
    out: list[datetime] = []
    seen = 0
    for steps, day in enumerate(_dates(pattern, first_day)):
        if steps > MAX_STEPS or (last_day is not None and day > last_day):
            break
        begin = datetime.combine(day, wall).replace(tzinfo=zone)
        if begin >= window_end:
            break
        seen += 1
        if begin + duration > window_start:
            out.append(begin)
        if count and seen >= count:
            break
    return out


def next_date(recurrence: Mapping[str, Any], after: date) -> date | None:
    """The first date of the series after `after`, or None when the range has ended.

    The series runs from the range's startDate (default: `after`); `endDate` ends it on
    that day, `numbered` after numberOfOccurrences dates (G: resources/recurrencerange.md).
    """
    pattern = recurrence.get("pattern") or {}
    rng = recurrence.get("range") or {}
    first = _date(rng.get("startDate")) or after
    last_day = _date(rng.get("endDate")) if rng.get("type") == "endDate" else None
    count = int(rng.get("numberOfOccurrences") or 0) if rng.get("type") == "numbered" else 0
    for seen, day in enumerate(_dates(pattern, first), start=1):
        if seen > MAX_STEPS or (last_day is not None and day > last_day):
            return None
        if count and seen > count:
            return None
        if day > after:
            return day
    return None


def _zone(name: Any, start: datetime) -> ZoneInfo:
    if isinstance(name, str) and name:
        return get_zone(name)
    tz = start.tzinfo
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo("UTC")


def _date(value: Any) -> date | None:
    if not value or str(value).startswith("0001-01-01"):
        return None
    return date.fromisoformat(str(value)[:10])


def _weekdays(pattern: Mapping[str, Any]) -> list[int]:
    days = pattern.get("daysOfWeek") or []
    try:
        return sorted({DAYS.index(str(d).lower()) for d in days})
    except ValueError:
        raise RecurrenceError(f"unknown day of week in {days!r}") from None


def _interval(pattern: Mapping[str, Any]) -> int:
    raw = pattern.get("interval")
    interval = 1 if raw is None else int(raw)
    if interval < 1:
        raise RecurrenceError("recurrence interval must be at least 1")
    return interval


def _dates(pattern: Mapping[str, Any], first: date) -> Iterator[date]:
    """Every date the pattern produces on or after `first`, in order (unbounded)."""
    kind = str(pattern.get("type") or "")
    interval = _interval(pattern)
    if kind == "daily":
        day = first
        while True:
            yield day
            day += timedelta(days=interval)
    elif kind == "weekly":
        yield from _weekly(pattern, first, interval)
    elif kind in ("absoluteMonthly", "relativeMonthly"):
        yield from _monthly(pattern, first, interval, kind == "relativeMonthly", month=None)
    elif kind in ("absoluteYearly", "relativeYearly"):
        month = int(pattern.get("month") or 0)
        if not 1 <= month <= 12:
            raise RecurrenceError("a yearly recurrence needs month 1-12")
        yield from _monthly(pattern, first, 12 * interval, kind == "relativeYearly", month=month)
    else:
        raise RecurrenceError(f"unknown recurrence pattern type {kind!r}")


def _weekly(pattern: Mapping[str, Any], first: date, interval: int) -> Iterator[date]:
    weekdays = _weekdays(pattern) or [first.weekday()]
    week_start = DAYS.index(str(pattern.get("firstDayOfWeek") or "sunday").lower())
    # The week (starting on firstDayOfWeek) that contains the range's start date.
    week = first - timedelta(days=(first.weekday() - week_start) % 7)
    order = sorted(weekdays, key=lambda d: (d - week_start) % 7)
    while True:
        for weekday in order:
            day = week + timedelta(days=(weekday - week_start) % 7)
            if day >= first:
                yield day
        week += timedelta(weeks=interval)


def _monthly(pattern: Mapping[str, Any], first: date, step_months: int, relative: bool,
             month: int | None) -> Iterator[date]:
    year, mon = first.year, month if month is not None else first.month
    if month is not None and month < first.month:
        year += 1
    while True:
        for day in _days_in(pattern, year, mon, relative):
            if day >= first:
                yield day
        mon += step_months
        year += (mon - 1) // 12
        mon = (mon - 1) % 12 + 1


def _days_in(pattern: Mapping[str, Any], year: int, month: int, relative: bool) -> list[date]:
    last = _calendar.monthrange(year, month)[1]
    if not relative:
        wanted = int(pattern.get("dayOfMonth") or 0)
        if not 1 <= wanted <= 31:
            raise RecurrenceError("an absolute monthly or yearly recurrence needs dayOfMonth 1-31")
        return [date(year, month, wanted)] if wanted <= last else []
    weekdays = _weekdays(pattern)
    if not weekdays:
        raise RecurrenceError("a relative monthly or yearly recurrence needs daysOfWeek")
    matching = [date(year, month, d) for d in range(1, last + 1)
                if date(year, month, d).weekday() in weekdays]
    index = INDEX.get(str(pattern.get("index") or "first").lower())
    if index is None:
        raise RecurrenceError(f"unknown week index {pattern.get('index')!r}")
    # "first monday" with several days means the first matching day of each listed weekday.
    picked = []
    for weekday in weekdays:
        days = [d for d in matching if d.weekday() == weekday]
        if len(days) > index if index >= 0 else days:
            picked.append(days[index])
    return sorted(picked)
