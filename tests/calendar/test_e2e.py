"""End to end over real sockets: the generated calendar API against the local emulator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from generated.o365 import Account, EventType, PatternedRecurrence, ResponseType
from tests.calendar.conftest import ADELE, ALEX, MEGAN, PATTI

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.timezone.utc


def _weekly_meeting(account: Account, subject: str) -> str:
    """Mondays 09:00 Berlin from 2024-03-18 (DST starts 2024-03-31), three attendees."""
    event = account.schedule().new_event(subject=subject)
    event.start = dt.datetime(2024, 3, 18, 9, 0, tzinfo=BERLIN)
    event.end = dt.datetime(2024, 3, 18, 10, 0, tzinfo=BERLIN)
    event.attendees.add(MEGAN)
    event.attendees.add(("Alex Wilber", ALEX))
    event.attendees.add(ADELE)
    event.recurrence = PatternedRecurrence()
    event.recurrence.set_weekly(1, days_of_week=["monday"])
    event.recurrence.set_range_no_end(start=dt.date(2024, 3, 18))
    assert event.save() is True
    assert event.object_id
    return event.object_id


def test_default_calendar_and_new_calendar(sign_in: Callable[..., Account]) -> None:
    schedule = sign_in(ADELE).schedule()
    default = schedule.get_default_calendar()
    assert default.name == "Calendar" and default.is_default_calendar is True
    assert default.owner is not None and default.owner.address == ADELE
    created = schedule.new_calendar("Projects")
    assert created.name == "Projects" and created.can_edit is True
    names = sorted(c.name or "" for c in schedule.list_calendars())
    assert names == ["Calendar", "Projects"]
    found = schedule.get_calendar(calendar_name="Projects")
    assert found.object_id == created.object_id
    found.name = "Projects 2024"
    assert found.update() is True
    assert schedule.get_calendar(calendar_name="Projects 2024").object_id == created.object_id
    assert found.delete() is True
    assert [c.name for c in schedule.list_calendars()] == ["Calendar"]


def test_recurring_meeting_round_trips_its_zone(sign_in: Callable[..., Account]) -> None:
    organizer = sign_in(PATTI, timezone="Europe/Berlin")
    event_id = _weekly_meeting(organizer, "Round trip")
    reader = sign_in(PATTI, timezone="America/New_York").schedule()
    event = reader.get_event(event_id)
    assert event.event_type is EventType.SERIES_MASTER
    assert event.start is not None
    assert event.start.astimezone(BERLIN) == dt.datetime(2024, 3, 18, 9, 0, tzinfo=BERLIN)
    assert event.original_start_time_zone == "W. Europe Standard Time"
    assert [a.email_address.address for a in event.attendees if a.email_address] == [
        MEGAN, ALEX, ADELE]
    assert event.recurrence is not None and event.recurrence.pattern is not None
    assert event.recurrence.pattern.days_of_week == ["monday"]


@pytest.mark.parametrize("tentatively", [False, True])
def test_accept_is_visible_to_the_organizer(sign_in: Callable[..., Account],
                                            tentatively: bool) -> None:
    organizer = sign_in(PATTI, timezone="Europe/Berlin")
    event_id = _weekly_meeting(organizer, f"Accept check {tentatively}")
    attendee = sign_in(MEGAN).schedule()
    invitations = [e for e in attendee.get_events(include_recurring=False, limit=None)
                   if e.subject == f"Accept check {tentatively}"]
    assert len(invitations) == 1
    invitation = invitations[0]
    assert invitation.is_organizer is False
    invitation.accept_event(comment="Probably", tentatively=tentatively)
    expected = ResponseType.TENTATIVELY_ACCEPTED if tentatively else ResponseType.ACCEPTED
    mine = attendee.get_event(invitation.object_id or "")
    assert mine.response_status is not None
    assert mine.response_status.response is expected
    seen = organizer.schedule().get_event(event_id)
    status = {a.email_address.address: a.status.response
              for a in seen.attendees if a.email_address and a.status}
    assert status[MEGAN] is expected
    assert status[ALEX] is ResponseType.NONE


def test_instances_across_dst_and_cancelled_occurrence(sign_in: Callable[..., Account]) -> None:
    organizer = sign_in(PATTI, timezone="America/New_York")
    event_id = _weekly_meeting(organizer, "DST window")
    schedule = organizer.schedule()
    master = schedule.get_event(event_id)
    window = (dt.datetime(2024, 3, 25, tzinfo=UTC), dt.datetime(2024, 4, 8, tzinfo=UTC))
    occurrences = list(master.get_occurrences(*window))
    starts = [o.start.astimezone(UTC) for o in occurrences if o.start]
    # 09:00 Berlin is 08:00 UTC before 2024-03-31 and 07:00 UTC after.
    assert starts == [dt.datetime(2024, 3, 25, 8, 0, tzinfo=UTC),
                      dt.datetime(2024, 4, 1, 7, 0, tzinfo=UTC)]
    assert all(o.event_type is EventType.OCCURRENCE for o in occurrences)
    assert occurrences[1].start is not None
    assert occurrences[1].start.astimezone(BERLIN).hour == 9
    occurrences[0].cancel_event(comment="Holiday")
    view = [e for e in schedule.get_events(start_recurring=window[0], end_recurring=window[1])
            if e.subject == "DST window"]
    assert [e.start.astimezone(UTC) for e in view if e.start] == [
        dt.datetime(2024, 4, 1, 7, 0, tzinfo=UTC)]


def test_cancel_by_an_attendee_is_refused(sign_in: Callable[..., Account]) -> None:
    from generated.o365._runtime.errors import GraphError

    organizer = sign_in(PATTI, timezone="Europe/Berlin")
    _weekly_meeting(organizer, "Not yours")
    attendee = sign_in(ALEX).schedule()
    invitation = next(e for e in attendee.get_events(include_recurring=False, limit=None)
                      if e.subject == "Not yours")
    with pytest.raises(GraphError, match="organizer"):
        invitation.cancel_event()


def test_user_calendar_view_and_events_cover_the_default_calendar(
        sign_in: Callable[..., Account]) -> None:
    """GET {resource}/calendarView and {resource}/events: the default calendar, not the others."""
    schedule = sign_in(ADELE).schedule()
    side = schedule.new_calendar("Side projects")
    for calendar, subject, hour in ((side, "Side meeting", 9), (None, "Default meeting", 11)):
        event = (calendar or schedule).new_event(subject=subject)
        event.start = dt.datetime(2024, 5, 6, hour, 0, tzinfo=UTC)
        event.end = dt.datetime(2024, 5, 6, hour + 1, 0, tzinfo=UTC)
        assert event.save() is True
    window = (dt.datetime(2024, 5, 6, tzinfo=UTC), dt.datetime(2024, 5, 7, tzinfo=UTC))
    mine = {"Default meeting", "Side meeting"}  # other tests invite Adele to weekly meetings
    assert [e.subject for e in schedule.get_calendar_view(*window)
            if e.subject in mine] == ["Default meeting"]
    assert [e.subject for e in schedule.list_events() if e.subject in mine] == ["Default meeting"]
    assert [e.subject for e in side.get_events(start_recurring=window[0],
                                               end_recurring=window[1])] == ["Side meeting"]
    assert side.delete() is True
