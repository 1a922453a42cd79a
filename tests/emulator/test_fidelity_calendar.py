"""Outlook calendar: emulator responses against Microsoft's documented example responses.

Each test makes the documented call as a signed-in user against the seeded tenant (a weekly
"Team sync" series organized by Patti, with Megan, Alex and Adele invited) and compares
property names and JSON shapes with the example in docs_examples/calendar/ (rules in
fidelity.py). The source page is named in each test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generated.o365.emulator import EmulatorServer

from .fidelity import Caller, assert_matches, example, signed_in

EVENT = "microsoft.graph.event"
CALENDAR = "microsoft.graph.calendar"
ADELE = "adele@contoso.onmicrosoft.com"
MEGAN = "megan@contoso.onmicrosoft.com"
WEEK = "startDateTime=2025-01-05T19:00:00-08:00&endDateTime=2025-01-12T19:00:00-08:00"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=22) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def adele(server: EmulatorServer) -> Caller:
    return signed_in(server, ADELE)


def test_calendar_get(adele: Caller) -> None:
    """api-reference/v1.0/api/calendar-get.md: GET /me/calendar."""
    doc = example("calendar", "calendar-get")
    documented = {k: v for k, v in doc["response"].items() if k != "@odata.id"}
    body = adele.get("me/calendar")
    assert_matches(documented, body, CALENDAR)
    assert body["isDefaultCalendar"] is True


def test_calendar_get_has_odata_id(adele: Caller) -> None:
    """api-reference/v1.0/api/calendar-get.md: the calendar carries its @odata.id."""
    body = adele.get("me/calendar")
    assert isinstance(body.get("@odata.id"), str) and "/calendars(" in body["@odata.id"]


def test_user_list_calendars(adele: Caller) -> None:
    """api-reference/v1.0/api/user-list-calendars.md: GET /me/calendars."""
    doc = example("calendar", "user-list-calendars")
    documented = {**doc["response"], "value": [
        {k: v for k, v in item.items() if k != "@odata.id"} for item in doc["response"]["value"]]}
    body = adele.get("me/calendars")
    assert_matches(documented, body, CALENDAR, collection=True)


def test_event_get(adele: Caller) -> None:
    """api-reference/v1.0/api/event-get.md, Request 1: GET /me/events/{id} with $select and
    Prefer: outlook.timezone."""
    doc = example("calendar", "event-get")
    listed = adele.get("me/calendar/events")["value"]
    assert listed, "Adele's copy of the seeded Team sync"
    select = "subject,body,bodyPreview,organizer,attendees,start,end,location,hideAttendees"
    reply = adele.call("GET", f"me/events/{listed[0]['id']}?$select={select}",
                       headers={"Prefer": 'outlook.timezone="Pacific Standard Time"'})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert_matches(doc["response"], body, EVENT)
    assert reply.headers["Preference-Applied"] == 'outlook.timezone="Pacific Standard Time"'
    assert set(body) - {"@odata.context", "@odata.etag"} == set(select.split(",")) | {"id"}


def test_calendar_list_calendarview(adele: Caller) -> None:
    """api-reference/v1.0/api/calendar-list-calendarview.md: GET /me/calendar/calendarView."""
    doc = example("calendar", "calendar-list-calendarview")
    body = adele.get(f"me/calendar/calendarView?{WEEK}")
    assert_matches(doc["response"], body, EVENT, collection=True)
    assert [e["type"] for e in body["value"]] == ["occurrence"]


def test_user_list_calendarview(adele: Caller) -> None:
    """api-reference/v1.0/api/user-list-calendarview.md: GET /me/calendarView."""
    doc = example("calendar", "user-list-calendarview")
    body = adele.get(f"me/calendarView?{WEEK}")
    assert_matches(doc["response"], body, EVENT, collection=True)


def test_calendar_getschedule(adele: Caller) -> None:
    """api-reference/v1.0/api/calendar-getschedule.md: POST /me/calendar/getSchedule."""
    doc = example("calendar", "calendar-getschedule")
    body = adele.ok("POST", "me/calendar/getSchedule", json={
        "schedules": [ADELE, MEGAN],
        "startTime": {"dateTime": "2025-01-06T08:00:00", "timeZone": "Pacific Standard Time"},
        "endTime": {"dateTime": "2025-01-06T17:00:00", "timeZone": "Pacific Standard Time"},
        "availabilityViewInterval": 60})
    assert_matches(doc["response"], body, "microsoft.graph.scheduleInformation",
                   collection=True)
    assert [s["scheduleId"] for s in body["value"]] == [ADELE, MEGAN]


def test_event_location_locations_and_online_meeting(adele: Caller) -> None:
    """resources/event.md and user-post-events.md: `locations` carries the `location` a
    request gave; `isOnlineMeeting: true` gets Teams join details, else the provider is
    `unknown` and `onlineMeeting` null; a PATCH keeps both in step."""
    times = {"start": {"dateTime": "2030-01-07T10:00:00", "timeZone": "UTC"},
             "end": {"dateTime": "2030-01-07T11:00:00", "timeZone": "UTC"}}
    plain = adele.ok("POST", "me/events", 201, json={
        "subject": "Plain", **times, "location": {"displayName": "Room 7"}})
    assert [place["displayName"] for place in plain["locations"]] == ["Room 7"]
    assert (plain["onlineMeetingProvider"], plain["onlineMeeting"]) == ("unknown", None)
    online = adele.ok("POST", "me/events", 201, json={
        "subject": "Online", **times, "isOnlineMeeting": True})
    assert online["onlineMeetingProvider"] == "teamsForBusiness"
    assert online["onlineMeeting"]["joinUrl"].startswith("https://teams.microsoft.com/")
    assert online["locations"] == []
    moved = adele.ok("PATCH", f"me/events/{plain['id']}",
                     json={"location": {"displayName": "Room 9"}, "isOnlineMeeting": True})
    assert [place["displayName"] for place in moved["locations"]] == ["Room 9"]
    assert moved["onlineMeeting"]["joinUrl"]
    offline = adele.ok("PATCH", f"me/events/{online['id']}", json={"isOnlineMeeting": False})
    assert (offline["onlineMeetingProvider"], offline["onlineMeeting"]) == ("unknown", None)


def test_an_event_needs_start_and_end(adele: Caller) -> None:
    """user-post-events.md: start and end are required; Graph refuses an event without."""
    start = {"dateTime": "2030-01-08T10:00:00", "timeZone": "UTC"}
    reply = adele.call("POST", "me/events", json={"subject": "No end", "start": start})
    assert reply.status_code == 400 and "'end'" in reply.json()["error"]["message"]
    assert not [e for e in adele.get("me/events?$top=100")["value"] if e["subject"] == "No end"]
