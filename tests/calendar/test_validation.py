"""Bad input raises a clear ValueError before any request is sent."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from generated.o365 import Account, PatternedRecurrence
from tests.calendar.conftest import cassette

BERLIN = ZoneInfo("Europe/Berlin")


def _event(account: Account):  # type: ignore[no-untyped-def]
    event = account.schedule().new_event(subject="Review")
    event.start = dt.datetime(2024, 3, 25, 9, 0, tzinfo=BERLIN)
    event.end = dt.datetime(2024, 3, 25, 10, 0, tzinfo=BERLIN)
    return event


def test_end_before_start_is_refused_before_any_request(graph_account: Account) -> None:
    event = _event(graph_account)
    event.end = dt.datetime(2024, 3, 25, 8, 0, tzinfo=BERLIN)
    with cassette("calendars_list.yaml") as played, pytest.raises(ValueError, match="end"):
        event.save()
    assert played.requests == []


def test_recurrence_with_day_of_month_and_days_of_week_is_refused(graph_account: Account) -> None:
    event = _event(graph_account)
    event.recurrence = PatternedRecurrence()
    event.recurrence.set_weekly(1, days_of_week=["monday"])
    event.recurrence.set_range_no_end(start=dt.date(2024, 3, 25))
    assert event.recurrence.pattern is not None
    event.recurrence.pattern.day_of_month = 5
    with cassette("calendars_list.yaml") as played, pytest.raises(ValueError, match="dayOfMonth|day_of_month"):
        event.save()
    assert played.requests == []


def test_recurrence_builders_clear_members_of_other_patterns(graph_account: Account) -> None:
    recurrence = PatternedRecurrence()
    recurrence.set_monthly(1, day_of_month=15)
    recurrence.set_weekly(2, days_of_week=["monday", "friday"], first_day_of_week="monday")
    assert recurrence.to_api()["pattern"] == {
        "type": "weekly", "interval": 2, "dayOfMonth": 0, "daysOfWeek": ["monday", "friday"],
        "index": None, "month": 0, "firstDayOfWeek": "monday"}
    recurrence.set_range_numbered(start=dt.date(2024, 1, 1), occurrences=10)
    assert recurrence.to_api()["range"] == {
        "type": "numbered", "startDate": "2024-01-01", "numberOfOccurrences": 10,
        "endDate": None}
    recurrence.validate()


def test_unknown_time_zone_name_is_refused(graph_account: Account) -> None:
    with pytest.raises(ValueError, match="Mars/Olympus"):
        Account(("c", "s"), tenant_id="t", timezone="Mars/Olympus")


def test_invalid_attendee_address_is_refused(graph_account: Account) -> None:
    event = _event(graph_account)
    with pytest.raises(ValueError, match="not a valid email"):
        event.attendees.add("not an address")
    assert len(event.attendees) == 0


def test_naive_calendar_view_bound_is_read_in_the_protocol_time_zone(
        graph_account: Account) -> None:
    """python-o365's policy: a naive bound is wall-clock time in the protocol's zone (here
    America/Los_Angeles, UTC-7 on 25 March 2024); it goes out as the instant it names."""
    schedule = graph_account.schedule()
    with cassette("calendar_view.yaml") as played:
        list(schedule.get_events(start_recurring=dt.datetime(2024, 3, 25),
                                 end_recurring=dt.datetime(2024, 4, 1, tzinfo=BERLIN)))
    query = parse_qs(urlsplit(played.requests[0].uri).query)
    assert query["startDateTime"] == ["2024-03-25T07:00:00Z"]
    assert query["endDateTime"] == ["2024-03-31T22:00:00Z"]



def test_calendar_view_without_bounds_is_refused(graph_account: Account) -> None:
    """include_recurring=True (the default) needs both bounds (required_when)."""
    start = dt.datetime(2024, 3, 25, tzinfo=BERLIN)
    end = dt.datetime(2024, 4, 1, tzinfo=BERLIN)
    schedule = graph_account.schedule()
    with cassette("calendar_view.yaml") as played:
        with pytest.raises(ValueError, match="start_recurring is required when include_recurring"):
            schedule.get_events()
        with pytest.raises(ValueError, match="end_recurring is required when include_recurring"):
            schedule.get_events(include_recurring=True, start_recurring=start)
        with pytest.raises(ValueError, match="start_recurring is required when include_recurring"):
            schedule.get_events(start_recurring=None, end_recurring=end)
    assert played.requests == []


def test_a_calendars_view_without_bounds_is_refused(graph_account: Account) -> None:
    with cassette("calendars_list.yaml") as played:
        calendar = next(iter(graph_account.schedule().list_calendars()))
        with pytest.raises(ValueError, match="end_recurring is required when include_recurring"):
            calendar.get_events(start_recurring=dt.datetime(2024, 3, 25, tzinfo=BERLIN))
    assert len(played.requests) == 1  # the calendar list only


def test_unknown_recurrence_time_zone_is_refused(graph_account: Account) -> None:
    event = _event(graph_account)
    event.recurrence = PatternedRecurrence()
    event.recurrence.set_weekly(1, days_of_week=["monday"])
    with cassette("event_create_accept.yaml") as played:
        with pytest.raises(ValueError, match="Mars/Olympus"):
            event.recurrence.set_range_numbered(start=dt.date(2024, 3, 25), occurrences=3,
                                                recurrence_time_zone="Mars/Olympus")
            event.save()
    assert played.requests == []


def test_recurrence_time_zone_names_pass_through(graph_account: Account) -> None:
    recurrence = PatternedRecurrence()
    recurrence.set_range(start=dt.date(2024, 3, 25), end=dt.date(2024, 6, 30),
                         recurrence_time_zone="W. Europe Standard Time")
    assert recurrence.to_api()["range"]["recurrenceTimeZone"] == "W. Europe Standard Time"
    recurrence.validate()
