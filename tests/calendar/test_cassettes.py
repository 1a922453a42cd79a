"""The generated calendar API against Microsoft's documented example responses (cassettes).

Each cassette names its source page in microsoftgraph/microsoft-graph-docs-contrib.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from generated.o365 import (
    Account,
    AttendeeType,
    Calendar,
    CalendarColor,
    Event,
    EventType,
    FreeBusyStatus,
    ResponseType,
)
from tests.calendar.conftest import cassette

PACIFIC = ZoneInfo("America/Los_Angeles")


def test_list_calendars_user_list_calendars_md(graph_account: Account) -> None:
    with cassette("calendars_list.yaml") as cass:
        calendars = list(graph_account.schedule().list_calendars())
    assert [type(c) for c in calendars] == [Calendar]
    calendar = calendars[0]
    assert calendar.name == "Calendar"
    assert calendar.color is CalendarColor.AUTO
    assert calendar.can_edit and calendar.can_share and calendar.can_view_private_items
    assert calendar.is_removable is False
    assert calendar.owner is not None and calendar.owner.address == "samanthab@contoso.com"
    assert cass.requests[0].method == "GET"
    assert urlsplit(cass.requests[0].uri).path == "/v1.0/me/calendars"


def test_create_event_user_post_events_md(graph_account: Account) -> None:
    schedule = graph_account.schedule()
    event = schedule.new_event(subject="Let's go for lunch")
    event.start = dt.datetime(2017, 4, 15, 12, 0, tzinfo=PACIFIC)
    event.end = dt.datetime(2017, 4, 15, 14, 0, tzinfo=PACIFIC)
    event.attendees.add(("Samantha Booth", "samanthab@contoso.onmicrosoft.com"))
    with cassette("event_create_accept.yaml") as cass:
        assert event.save() is True
    sent = json.loads(cass.requests[0].body)
    assert sent["subject"] == "Let's go for lunch"
    assert sent["start"] == {"dateTime": "2017-04-15T12:00:00.0000000",
                             "timeZone": "Pacific Standard Time"}
    assert sent["attendees"][0]["emailAddress"] == {"name": "Samantha Booth",
                                                    "address": "samanthab@contoso.onmicrosoft.com"}
    # The server's copy replaces the local one.
    assert event.object_id == "AAMkAGI1AAAt9AHjAAA="
    assert event.event_type is EventType.SINGLE_INSTANCE
    assert event.start == dt.datetime(2017, 4, 15, 11, 0, tzinfo=PACIFIC)
    assert event.start.tzinfo is not None and event.start.utcoffset() == dt.timedelta(hours=-7)
    assert event.response_status is not None
    assert event.response_status.response is ResponseType.ORGANIZER
    attendee = event.attendees[0]
    assert attendee.attendee_type is AttendeeType.REQUIRED
    assert attendee.status is not None and attendee.status.response is ResponseType.NONE
    assert event.organizer is not None and event.organizer.email_address is not None
    assert event.organizer.email_address.name == "Dana Swope"
    assert event.location is not None and event.location.display_name == "Harry's Bar"
    assert event.get_body_text() == "Does late morning work for you?"
    assert event.is_dirty is False


def test_accept_decline_cancel_send_documented_bodies(graph_account: Account) -> None:
    schedule = graph_account.schedule()
    event = schedule.new_event(subject="x")
    event.start = dt.datetime(2017, 4, 15, 12, 0, tzinfo=PACIFIC)
    event.end = dt.datetime(2017, 4, 15, 13, 0, tzinfo=PACIFIC)
    with cassette("event_create_accept.yaml") as cass:
        event.save()
        # python-o365 passes the comment positionally: accept_event("Maybe", tentatively=True)
        assert event.accept_event("Maybe", tentatively=True) is None
        event.decline_event(comment="No", send_response=False)
        event.cancel_event("Cancelling")
    paths = [urlsplit(r.uri).path.rsplit("/", 1)[-1] for r in cass.requests[1:]]
    assert paths == ["tentativelyAccept", "decline", "cancel"]
    bodies = [json.loads(r.body) for r in cass.requests[1:]]
    assert bodies[0] == {"comment": "Maybe", "sendResponse": True}
    assert bodies[1] == {"comment": "No", "sendResponse": False}
    assert bodies[2] == {"comment": "Cancelling"}



def test_calendar_view_user_list_calendarview_md(graph_account: Account) -> None:
    start = dt.datetime(2020, 1, 1, 19, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    end = dt.datetime(2020, 1, 2, 19, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    with cassette("calendar_view.yaml") as cass:
        events = list(graph_account.schedule().get_events(start_recurring=start,
                                                          end_recurring=end))
    assert [type(e) for e in events] == [Event]
    assert events[0].original_start_time_zone == "Pacific Standard Time"
    assert events[0].response_status is not None
    assert events[0].response_status.response is ResponseType.ACCEPTED
    assert events[0].remind_before_minutes == 15
    request = cass.requests[0]
    assert urlsplit(request.uri).path == "/v1.0/me/calendar/calendarView"
    query = parse_qs(urlsplit(request.uri).query)
    # Graph reads bounds without an offset as UTC, so they go out as UTC instants.
    assert query["startDateTime"] == ["2020-01-02T03:00:00Z"]
    assert query["endDateTime"] == ["2020-01-03T03:00:00Z"]
    assert request.headers.get("Prefer", "").find('outlook.timezone="Pacific Standard Time"') >= 0


def test_get_availability_calendar_getschedule_md(graph_account: Account) -> None:
    start = dt.datetime(2019, 3, 15, 9, 0, tzinfo=PACIFIC)
    end = dt.datetime(2019, 3, 15, 18, 0, tzinfo=PACIFIC)
    with cassette("get_schedule.yaml") as cass:
        result = graph_account.schedule().get_availability(
            ["adelev@contoso.onmicrosoft.com", "meganb@contoso.onmicrosoft.com"], start, end,
            interval=60)
    body = json.loads(cass.requests[0].body)
    assert body == {
        "schedules": ["adelev@contoso.onmicrosoft.com", "meganb@contoso.onmicrosoft.com"],
        "startTime": {"dateTime": "2019-03-15T09:00:00.0000000", "timeZone": "Pacific Standard Time"},
        "endTime": {"dateTime": "2019-03-15T18:00:00.0000000", "timeZone": "Pacific Standard Time"},
        "availabilityViewInterval": 60,
    }
    adele, megan = result
    assert adele.schedule_id == "adelev@contoso.onmicrosoft.com"
    assert adele.get_availability_states() == ["free", "free", "free", "busy", "busy",
                                               "free", "free", "free", "free"]
    assert megan.get_availability_states()[0] == "busy"
    assert megan.get_availability_states()[7] == "tentative"
    item = adele.schedule_items[0]
    assert item.status is FreeBusyStatus.BUSY
    assert item.start == dt.datetime(2019, 3, 15, 12, 0, tzinfo=PACIFIC)
    assert adele.working_hours is not None
    assert adele.working_hours.start_time == dt.time(8, 0)
