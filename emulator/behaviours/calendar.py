"""Calendar behaviours: what Outlook does beyond CRUD for events and calendars.

- A created event is completed the way Exchange completes it (organizer, type, response
  status, iCalUId...) and copied into the calendars of attendees who are tenant users.
- accept / tentativelyAccept / decline set the attendee's own response and, when a response
  is sent, the status the organizer sees for that attendee.
- cancel (organizer only): a series or single event is removed and the attendees' copies are
  marked cancelled; an occurrence is recorded in the master's cancelledOccurrences.
- calendarView and instances expand series masters into occurrences in a time window
  (recurrence.py); occurrences are stored with stable ids so they can be fetched and acted on.
- getSchedule answers free/busy with an availability view.
- Start and end come back in the `Prefer: outlook.timezone` zone, UTC without it (G:
  api/event-get.md, api/user-list-calendarview.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from generated.o365._runtime.timezones import get_zone

from ..errors import GraphError
from . import ActionContext, Response, behaviour
from .mail import named_recipients
from .recurrence import (
    RecurrenceError,
    from_dtz,
    occurrence_starts,
    parse_window_bound,
    to_dtz,
)

if TYPE_CHECKING:
    from ..graph import GraphRequest
    from ..seed import SeedContext
    from ..store import Record, Store

__all__ = ["convert_zoned", "seed_calendars"]

EVENT = "microsoft.graph.event"
CALENDAR = "microsoft.graph.calendar"
USER = "microsoft.graph.user"
ZONED_FIELDS = ("start", "end")
NEVER = "0001-01-01T00:00:00Z"
JSON_TYPE = "application/json"
# availabilityView digits (G: resources/scheduleinformation.md), and which status wins a slot.
AVAILABILITY = {"free": "0", "tentative": "1", "busy": "2", "oof": "3", "workingElsewhere": "4"}
PRIORITY = {"free": 0, "unknown": 0, "tentative": 1, "workingElsewhere": 2, "busy": 3, "oof": 4}
RESPONSES = {"accept": "accepted", "tentativelyAccept": "tentativelyAccepted",
             "decline": "declined"}


# ---------------------------------------------------------------------------- helpers


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return status, {"Content-Type": JSON_TYPE, **(headers or {})}, body


def _accepted() -> Response:
    return 202, {}, b""


def _prefer_zone(request: GraphRequest) -> str:
    """The zone named by `Prefer: outlook.timezone="..."`, else UTC."""
    for part in request.headers.get("prefer", "").split(","):
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "outlook.timezone" and value.strip():
            zone = value.strip().strip('"')
            try:
                get_zone(zone)
            except ValueError:
                raise GraphError(400, "TimeZoneNotSupportedException",
                                 f"A valid TimeZone value must be specified. The following "
                                 f"TimeZone value is not supported: '{zone}'.") from None
            return zone
    return "UTC"


def convert_zoned(data: dict[str, Any], zone_name: str,
                  fields: Iterable[str] = ZONED_FIELDS) -> dict[str, Any]:
    """A copy of `data` with its dateTimeTimeZone fields expressed in `zone_name`."""
    out = dict(data)
    for name in fields:
        value = out.get(name)
        if isinstance(value, dict) and value.get("dateTime"):
            out[name] = to_dtz(from_dtz(value), zone_name)
    return out


def _user_of_scope(store: Store, scope: str) -> Record | None:
    _, _, user_id = scope.partition("/")
    return store.get(USER, user_id) if user_id else None


def _address(user: Record | None) -> str:
    if user is None:
        return ""
    return str(user.data.get("mail") or user.data.get("userPrincipalName") or "")


def _same_address(a: Any, b: str) -> bool:
    return isinstance(a, str) and a.strip().lower() == b.strip().lower()


def _user_by_address(store: Store, address: str) -> Record | None:
    return store.get(USER, address.strip().lower()) if address else None


def _default_calendar(store: Store, user_id: str) -> str | None:
    found = store.links(user_id, "calendar")
    return found[0] if found else None


def _ical_uid(event_id: str) -> str:
    digest = hashlib.sha256(event_id.encode()).hexdigest().upper()
    return "040000008200E00074C5B7101A82E00800000000" + digest[:72]


def _body_preview(body: Any) -> str:
    content = str(body.get("content") or "") if isinstance(body, dict) else ""
    import re

    text = re.sub(r"<[^>]+>", " ", content)
    return " ".join(text.split())[:255]


def _window(request: GraphRequest) -> tuple[datetime, datetime]:
    start, end = request.q("startDateTime"), request.q("endDateTime")
    if not start or not end:
        raise GraphError(400, "ErrorInvalidParameter",
                         "This request requires a time window specified by the query string "
                         "parameters StartDateTime and EndDateTime.")
    try:
        return parse_window_bound(start), parse_window_bound(end)
    except ValueError:
        raise GraphError(400, "ErrorInvalidParameter",
                         "The parameter 'StartDateTime' or 'EndDateTime' is not a valid "
                         "date-time.") from None


# ---------------------------------------------------------------------------- create


def _completed(data: dict[str, Any], organizer: Record | None, event_id: str) -> dict[str, Any]:
    """The fields Exchange fills in on a new event the organizer created."""
    changes: dict[str, Any] = {
        "type": "seriesMaster" if data.get("recurrence") else "singleInstance",
        "isOrganizer": True,
        "isCancelled": False,
        "isDraft": False,
        "hasAttachments": False,
        "seriesMasterId": None,
        "responseStatus": {"response": "organizer", "time": NEVER},
        "iCalUId": _ical_uid(event_id),
        "changeKey": hashlib.sha1(f"{event_id}:0".encode()).hexdigest()[:28],
        "bodyPreview": _body_preview(data.get("body")),
        "webLink": f"https://outlook.office365.com/owa/?itemid={event_id}&exvsurl=1&path=/calendar/item",
        "cancelledOccurrences": [],
    }
    for name, default in (("isAllDay", False), ("showAs", "busy"), ("importance", "normal"),
                          ("sensitivity", "normal"), ("isReminderOn", True),
                          ("reminderMinutesBeforeStart", 15), ("responseRequested", True),
                          ("isOnlineMeeting", False), ("categories", []),
                          ("hideAttendees", False), ("allowNewTimeProposals", True)):
        if data.get(name) is None:
            changes[name] = default
    if not isinstance(data.get("body"), dict):
        changes["body"] = {"contentType": "html", "content": ""}  # Exchange's empty body
    changes["location"] = _completed_location(data.get("location"))
    changes.update(_places(data, changes["location"]))
    changes.update(_online_meeting(data, event_id))
    for name, field in (("originalStartTimeZone", "start"), ("originalEndTimeZone", "end")):
        value = data.get(field)
        if isinstance(value, dict):
            changes[name] = value.get("timeZone") or "UTC"
    if not data.get("organizer") and organizer is not None:
        changes["organizer"] = {"emailAddress": {
            "name": organizer.data.get("displayName"), "address": _address(organizer)}}
    attendees = []
    for attendee in data.get("attendees") or []:
        item = dict(attendee)
        item.setdefault("type", "required")
        item["status"] = {"response": "none", "time": NEVER}
        attendees.append(item)
    changes["attendees"] = attendees
    return changes


def _completed_location(location: Any) -> dict[str, Any]:
    """A named place gets Exchange's private unique id (its name); no place is an empty one
    (G: api/event-get.md and user-post-events.md responses)."""
    given = location if isinstance(location, dict) else {}
    if not given.get("displayName"):
        return {"displayName": "", "locationType": "default", "uniqueIdType": "unknown",
                "address": {}, "coordinates": {}, **given}
    return {"locationType": "default", "uniqueId": given["displayName"],
            "uniqueIdType": "private", **given}


def _places(data: dict[str, Any], location: dict[str, Any]) -> dict[str, Any]:
    """`locations` holds the main location when the request gave only `location`
    (G: resources/event.md: "if you set location, locations gets that location")."""
    if data.get("locations"):
        return {}
    return {"locations": [location] if location.get("displayName") else []}


def _online_meeting(data: dict[str, Any], event_id: str) -> dict[str, Any]:
    """An online meeting gets Teams join details; otherwise the provider is `unknown`
    (G: api/user-post-events.md, "Create and enable an event as an online meeting")."""
    if not data.get("isOnlineMeeting"):
        return {"onlineMeeting": None, "onlineMeetingProvider": "unknown"}
    digest = hashlib.sha1(event_id.encode()).hexdigest()
    join = (f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{digest[:32]}%40thread.v2/0"
            "?context=%7b%22Tid%22%3a%2272f988bf-0000-4000-8000-00000000c0de%22%7d")
    provider = data.get("onlineMeetingProvider")
    dial_in = {"conferenceId": str(int(digest[:8], 16) % 10**9), "tollNumber": "+1 425 555 0100"}
    return {"onlineMeeting": {"joinUrl": join, **dial_in},
            "onlineMeetingProvider": provider if provider not in (None, "unknown")
            else "teamsForBusiness"}


@behaviour(EVENT, "@updated")
def event_updated(ctx: ActionContext) -> Response:
    """A PATCH of `location` moves `locations` along; turning `isOnlineMeeting` on or off
    adds or removes the join details."""
    record, changes = ctx.target, ctx.body if isinstance(ctx.body, dict) else {}
    assert record is not None
    follow: dict[str, Any] = {}
    if "location" in changes and "locations" not in changes:
        location = _completed_location(record.data.get("location"))
        follow.update({"location": location, **_places({}, location)})
    if "isOnlineMeeting" in changes or "onlineMeetingProvider" in changes:
        follow.update(_online_meeting(record.data, record.id))
    if follow:
        ctx.app.store.update(record, follow)
    return 200, {}, b""


def _validate_times(data: dict[str, Any]) -> None:
    start, end = data.get("start"), data.get("end")
    if not (isinstance(start, dict) and isinstance(end, dict)):
        return
    try:
        begins, ends = from_dtz(start), from_dtz(end)
    except (KeyError, ValueError):
        raise GraphError(400, "TimeZoneNotSupportedException",
                         "A valid TimeZone value must be specified.") from None
    if ends < begins:
        raise GraphError(400, "ErrorInvalidRequest",
                         "The end time of an event must be after its start time.")


@behaviour(EVENT, "@created")
def event_created(ctx: ActionContext) -> Response:
    store = ctx.app.store
    record = ctx.target
    assert record is not None
    try:
        _validate_times(record.data)
    except GraphError:
        store.delete(record)
        raise
    organizer = _user_of_scope(store, ctx.scope)
    changes = _completed(record.data, organizer, record.id)
    changes["attendees"] = named_recipients(store, changes["attendees"])
    store.update(record, changes)
    calendar_id = ctx.params.get("id") if "calendars/" in ctx.request.path else None
    if calendar_id is None and organizer is not None:
        calendar_id = _default_calendar(store, organizer.id)
    if calendar_id:
        _file_in(store, calendar_id, record.id)
    _invite(store, record, organizer)
    _send_meeting_requests(store, record, organizer)
    return _accepted()


def _file_in(store: Store, calendar_id: str, event_id: str) -> None:
    """The calendar lists the event, and the event's `calendar` navigation names it."""
    store.add_link(calendar_id, "events", event_id)
    store.set_links(event_id, "calendar", [calendar_id])


def _invite(store: Store, event: Record, organizer: Record | None) -> None:
    """Put a copy of the meeting into each attendee's calendar (tenant users only)."""
    for attendee in event.data.get("attendees") or []:
        address = (attendee.get("emailAddress") or {}).get("address") or ""
        user = _user_by_address(store, address)
        if user is None or (organizer is not None and user.id == organizer.id):
            continue
        copy = {k: v for k, v in event.data.items() if k != "id"}
        copy.update({"isOrganizer": False,
                     "responseStatus": {"response": "notResponded", "time": NEVER}})
        attendee_copy = store.insert(EVENT, f"users/{user.id}", copy, id_style="outlook")
        store.add_link(event.id, "@copies", attendee_copy.id)
        store.set_links(attendee_copy.id, "@organizerEvent", [event.id])
        calendar_id = _default_calendar(store, user.id)
        if calendar_id:
            _file_in(store, calendar_id, attendee_copy.id)


def _send_meeting_requests(store: Store, event: Record, organizer: Record | None) -> None:
    """Each invited tenant user finds a meeting request, an eventMessage, in their Inbox
    (G: api/eventmessage-get.md, Example 1), linked to their copy of the event."""
    from . import mail

    sender = mail.as_recipient(organizer) if organizer is not None else None
    stamp = _now()
    for copy_id in store.links(event.id, "@copies"):
        copy = store.get(EVENT, copy_id)
        inbox = store.get(mail.FOLDER, "inbox", copy.scope) if copy is not None else None
        if copy is None or inbox is None:
            continue  # mail is not served, or the attendee has no mailbox
        data = copy.data
        attendees = data.get("attendees") or []
        message = mail.insert_message(store, copy.scope, {
            "@odata.type": "#microsoft.graph.eventMessage",
            "createdDateTime": stamp, "lastModifiedDateTime": stamp,
            "receivedDateTime": stamp, "sentDateTime": stamp,
            "changeKey": store.ids.change_key(), "categories": [],
            "subject": data.get("subject") or "", "body": data.get("body"),
            "bodyPreview": data.get("bodyPreview") or "",
            "importance": data.get("importance") or "normal",
            "isDraft": False, "isRead": False, "isReadReceiptRequested": False,
            "isDeliveryReceiptRequested": False, "hasAttachments": False,
            "inferenceClassification": "focused",
            "internetMessageId": f"<{store.ids.guid()}@{_address(organizer).partition('@')[2]}>",
            "conversationId": store.ids.outlook(), "parentFolderId": inbox.id,
            "from": sender, "sender": sender,
            "toRecipients": [{"emailAddress": a.get("emailAddress")} for a in attendees
                             if a.get("type") != "optional"],
            "ccRecipients": [{"emailAddress": a.get("emailAddress")} for a in attendees
                             if a.get("type") == "optional"],
            "bccRecipients": [], "replyTo": [], "flag": {"flagStatus": "notFlagged"},
            "meetingMessageType": "meetingRequest", "type": data.get("type"),
            "startDateTime": data.get("start"), "endDateTime": data.get("end"),
            "location": data.get("location"), "isAllDay": bool(data.get("isAllDay")),
            "isOutOfDate": False, "isDelegated": False, "recurrence": data.get("recurrence"),
        })
        store.set_links(message.id, "event", [copy.id])
        mail.recount(store, copy.scope, [inbox.id])


@behaviour(CALENDAR, "@created")
def calendar_created(ctx: ActionContext) -> Response:
    store = ctx.app.store
    record = ctx.target
    assert record is not None
    owner = _user_of_scope(store, ctx.scope)
    defaults = {"color": "auto", "hexColor": "", "canEdit": True, "canShare": True,
                "canViewPrivateItems": True, "isDefaultCalendar": False, "isRemovable": True,
                "isTallyingResponses": True, "allowedOnlineMeetingProviders": ["teamsForBusiness"],
                "defaultOnlineMeetingProvider": "teamsForBusiness",
                "changeKey": hashlib.sha1(record.id.encode()).hexdigest()[:28]}
    changes = {k: v for k, v in defaults.items() if record.data.get(k) is None}
    if owner is not None:
        changes["owner"] = {"name": owner.data.get("displayName"), "address": _address(owner)}
    store.update(record, changes)
    return _accepted()


@behaviour(USER, "calendars")
def new_calendar(ctx: ActionContext) -> Response:
    """POST {resource}/calendars (Schedule.new_calendar): a calendar named in the body."""
    store = ctx.app.store
    body = ctx.body if isinstance(ctx.body, dict) else {}
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GraphError(400, "ErrorInvalidRequest", "The calendar name is required.")
    owner = ctx.target if ctx.target is not None else _user_of_scope(store, ctx.scope)
    scope = f"users/{owner.id}" if owner is not None else ctx.scope
    if any(r.data.get("name") == name for r in store.items(CALENDAR, scope)):
        raise GraphError(409, "ErrorFolderExists", "A folder with the specified name already exists.")
    record = store.insert(CALENDAR, scope, {"name": name}, id_style="outlook")
    calendar_created(ActionContext(ctx.app, ctx.request, record, scope, ctx.params, body))
    if owner is not None:
        store.add_link(owner.id, "calendars", record.id)
    context = f"users('{scope.partition('/')[2]}')/calendars/$entity"
    return ctx.app.entity_response(record, context, None, status=201)


# ---------------------------------------------------------------------------- responses


def _respond(ctx: ActionContext, action: str) -> Response:
    store = ctx.app.store
    event = ctx.target
    if event is None:
        raise GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.")
    if event.data.get("isOrganizer"):
        raise GraphError(400, "ErrorInvalidRequest",
                         "Your request can't be completed. You can't respond to a meeting "
                         "you organized.")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    answer = {"response": RESPONSES[action], "time": _now()}
    store.update(event, {"responseStatus": answer})
    if body.get("sendResponse", True) is False:
        return _accepted()
    me = _address(_user_of_scope(store, ctx.scope))
    master_id = event.data.get("seriesMasterId") or event.id
    for organizer_id in store.links(master_id, "@organizerEvent"):
        original = store.get(EVENT, organizer_id)
        if original is None:
            continue
        attendees = []
        for attendee in original.data.get("attendees") or []:
            item = dict(attendee)
            if _same_address((item.get("emailAddress") or {}).get("address"), me):
                item["status"] = answer
            attendees.append(item)
        store.update(original, {"attendees": attendees})
    return _accepted()


@behaviour(EVENT, "accept")
def accept(ctx: ActionContext) -> Response:
    return _respond(ctx, "accept")


@behaviour(EVENT, "tentativelyAccept")
def tentatively_accept(ctx: ActionContext) -> Response:
    return _respond(ctx, "tentativelyAccept")


@behaviour(EVENT, "decline")
def decline(ctx: ActionContext) -> Response:
    return _respond(ctx, "decline")


@behaviour(EVENT, "cancel")
def cancel(ctx: ActionContext) -> Response:
    store = ctx.app.store
    event = ctx.target
    if event is None:
        raise GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.")
    if not event.data.get("isOrganizer"):
        raise GraphError(400, "ErrorAccessDenied",
                         "Your request can't be completed. You need to be an organizer to "
                         "cancel a meeting.")
    if event.data.get("type") == "occurrence":
        _cancel_occurrence(store, event)
        return _accepted()
    for copy_id in store.links(event.id, "@copies"):
        copy = store.get(EVENT, copy_id)
        if copy is not None:
            store.update(copy, {"isCancelled": True})
    store.delete(event)
    return _accepted()


def _occurrence_key(master_id: str, start: datetime) -> str:
    return f"OID.{master_id}.{start.date().isoformat()}"


def _cancel_occurrence(store: Store, occurrence: Record) -> None:
    master = store.get(EVENT, str(occurrence.data.get("seriesMasterId")))
    # The same local date the expansion keys cancelled occurrences by (_occurrence_key).
    begin = from_dtz(occurrence.data["start"])
    found: list[Record | None] = [master] if master is not None else []
    if master is not None:
        found += [store.get(EVENT, c) for c in store.links(master.id, "@copies")]
    for target in (t for t in found if t is not None):
        cancelled = list(target.data.get("cancelledOccurrences") or [])
        key = _occurrence_key(target.id, begin)
        if key not in cancelled:
            store.update(target, {"cancelledOccurrences": [*cancelled, key]})
    store.delete(occurrence)


def _camel(value: Any) -> Any:
    """Outlook reads property names without regard to the first letter's case: event-forward.md
    documents `ToRecipients` and `EmailAddress`. The body with Graph's own spelling."""
    if isinstance(value, list):
        return [_camel(v) for v in value]
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: _camel(v) for k, v in value.items()}
    return value


@behaviour(EVENT, "forward")
def forward(ctx: ActionContext) -> Response:
    body = _camel(ctx.body) if isinstance(ctx.body, dict) else {}
    if not body.get("toRecipients"):
        raise GraphError(400, "ErrorInvalidRecipients",
                         "At least one recipient is not valid.")
    return _accepted()


@behaviour(EVENT, "dismissReminder")
def dismiss_reminder(ctx: ActionContext) -> Response:
    if ctx.target is not None:
        ctx.app.store.update(ctx.target, {"isReminderOn": False})
    return 200, {}, b""  # event-dismissreminder.md: 200 OK, no body


@behaviour(EVENT, "snoozeReminder")
def snooze_reminder(ctx: ActionContext) -> Response:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    if not isinstance(body.get("newReminderTime"), dict):
        raise GraphError(400, "ErrorInvalidRequest", "newReminderTime is required.")
    return 200, {}, b""  # event-snoozereminder.md: 200 OK, no body


# ---------------------------------------------------------------------------- views


def _occurrence_id(master_id: str, begin: datetime) -> str:
    digest = hashlib.sha256(f"{master_id}/{begin.isoformat()}".encode()).digest()[:9]
    import base64

    return master_id.rstrip("=") + "_" + base64.urlsafe_b64encode(digest).decode()


def _occurrences(store: Store, master: Record, window: tuple[datetime, datetime]) -> list[Record]:
    """The master's occurrences overlapping the window, stored so they can be addressed."""
    data = master.data
    start, end = from_dtz(data["start"]), from_dtz(data["end"])
    try:
        starts = occurrence_starts(start, data.get("recurrence") or {}, window[0], window[1],
                                   end - start)
    except RecurrenceError as err:
        raise GraphError(400, "ErrorInvalidRequest", str(err)) from None
    cancelled = set(data.get("cancelledOccurrences") or [])
    out = []
    for begin in starts:
        if _occurrence_key(master.id, begin) in cancelled:
            continue
        zone = str(data["start"].get("timeZone") or "UTC")
        fields = {k: v for k, v in data.items()
                  if k not in ("id", "recurrence", "cancelledOccurrences")}
        fields.update({
            "type": "occurrence", "seriesMasterId": master.id,
            "start": to_dtz(begin, zone),
            "end": to_dtz(begin + (end - start), str(data["end"].get("timeZone") or zone)),
            "originalStart": begin.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "recurrence": None,
        })
        occurrence_id = _occurrence_id(master.id, begin)
        found = store.get(EVENT, occurrence_id)
        if found is None:
            found = store.insert(EVENT, master.scope, {"id": occurrence_id, **fields})
        elif any(found.data.get(k) != v for k, v in fields.items()):
            found = store.update(found, fields)
        out.append(found)
    return out


def _in_window(record: Record, window: tuple[datetime, datetime]) -> bool:
    data = record.data
    try:
        return from_dtz(data["end"]) > window[0] and from_dtz(data["start"]) < window[1]
    except (KeyError, TypeError, ValueError):
        return False


def calendar_view(store: Store, events: Iterable[Record],
                  window: tuple[datetime, datetime]) -> list[Record]:
    """Single events, exceptions and expanded occurrences in the window, by start."""
    out: list[Record] = []
    for record in list(events):
        kind = record.data.get("type")
        if kind == "occurrence":
            continue  # regenerated from its master below
        if kind == "seriesMaster":
            out += _occurrences(store, record, window)
        elif _in_window(record, window):
            out.append(record)
    return sorted(out, key=lambda r: from_dtz(r.data["start"]))


def _rendered(records: list[Record], zone: str) -> list[Record]:
    from ..store import Record as StoreRecord

    return [StoreRecord(r.graph_type, r.scope, convert_zoned(r.data, zone), r.version)
            for r in records]


def _page(ctx: ActionContext, records: list[Record]) -> Response:
    from .. import listing

    zone = _prefer_zone(ctx.request)
    route = ctx.extra["route"]
    status, headers, body = listing.list_response(ctx.app, ctx.request, route, ctx.params,
                                                  _rendered(records, zone))
    headers["Preference-Applied"] = f'outlook.timezone="{zone}"'
    return status, headers, body


def _scope_events(ctx: ActionContext) -> list[Record]:
    """The events of the calendar the route names.

    `{resource}/events` and `{resource}/calendarView` (target: the user) are the user's
    default calendar, like `{resource}/calendar/...` (user-list-calendarview.md).
    """
    store = ctx.app.store
    target = ctx.target
    calendar_id = target.id if target is not None and target.graph_type == CALENDAR else None
    if calendar_id is None:
        owner = target if target is not None and target.graph_type == USER else (
            _user_of_scope(store, ctx.scope))
        calendar_id = _default_calendar(store, owner.id) if owner is not None else None
    if calendar_id is None:
        return list(store.items(EVENT, ctx.scope))
    linked = [store.get(EVENT, i) for i in store.links(calendar_id, "events")]
    return [r for r in linked if r is not None]


@behaviour(EVENT, "@list:calendarView")
def list_calendar_view(ctx: ActionContext) -> Response:
    window = _window(ctx.request)
    return _page(ctx, calendar_view(ctx.app.store, _scope_events(ctx), window))


@behaviour(EVENT, "@list:instances")
def list_instances(ctx: ActionContext) -> Response:
    window = _window(ctx.request)
    master = ctx.target
    if master is None or master.data.get("type") != "seriesMaster":
        return _page(ctx, [])
    return _page(ctx, _occurrences(ctx.app.store, master, window))


@behaviour(EVENT, "@list:events")
def list_events(ctx: ActionContext) -> Response:
    stored = [r for r in _scope_events(ctx) if r.data.get("type") != "occurrence"]
    return _page(ctx, stored)


# ---------------------------------------------------------------------------- getSchedule


def _availability(items: list[tuple[datetime, datetime, str]], start: datetime,
                  end: datetime, interval: int) -> str:
    digits = []
    slot = start
    step = timedelta(minutes=interval)
    while slot < end:
        slot_end = min(slot + step, end)
        best = "free"
        for begins, ends, status in items:
            if begins < slot_end and ends > slot and PRIORITY.get(status, 0) > PRIORITY[best]:
                best = status
        digits.append(AVAILABILITY.get(best, "0"))
        slot = slot_end
    return "".join(digits)


def _schedule_for(store: Store, address: str, start: datetime, end: datetime, interval: int,
                  zone: str) -> dict[str, Any]:
    user = _user_by_address(store, address)
    if user is None:
        return {"scheduleId": address, "availabilityView": "", "scheduleItems": [],
                "error": {"message": f"The user {address} was not found.",
                          "responseCode": "ErrorMailRecipientNotFound"}}
    events = calendar_view(store, store.items(EVENT, f"users/{user.id}"), (start, end))
    items, spans = [], []
    for event in events:
        data = event.data
        if data.get("isCancelled"):
            continue
        status = str(data.get("showAs") or "busy")
        begins, ends = from_dtz(data["start"]), from_dtz(data["end"])
        spans.append((begins, ends, status))
        location = data.get("location") or {}
        items.append({"isPrivate": data.get("sensitivity") == "private", "status": status,
                      "subject": data.get("subject"), "location": location.get("displayName"),
                      "start": to_dtz(begins, zone), "end": to_dtz(ends, zone)})
    return {"scheduleId": address, "availabilityView": _availability(spans, start, end, interval),
            "scheduleItems": items,
            "workingHours": {"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday",
                                            "friday"],
                             "startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000",
                             "timeZone": {"name": zone}}}


def get_schedule(ctx: ActionContext) -> Response:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    schedules = body.get("schedules")
    if not isinstance(schedules, list) or not schedules:
        raise GraphError(400, "ErrorInvalidParameter", "The 'schedules' parameter is required.")
    interval = int(body.get("availabilityViewInterval") or 30)
    if not 5 <= interval <= 1440:
        raise GraphError(400, "ErrorInvalidParameter",
                         "availabilityViewInterval must be between 5 and 1440.")
    try:
        start, end = from_dtz(body["startTime"]), from_dtz(body["endTime"])
    except (KeyError, TypeError, ValueError):
        raise GraphError(400, "ErrorInvalidParameter",
                         "startTime and endTime must be valid dateTimeTimeZone values.") from None
    if end <= start:
        raise GraphError(400, "ErrorInvalidParameter", "endTime must be after startTime.")
    zone = _prefer_zone(ctx.request)
    value = [_schedule_for(ctx.app.store, str(s), start, end, interval, zone) for s in schedules]
    context = ctx.app.context_url("Collection(microsoft.graph.scheduleInformation)")
    return _json(200, {"@odata.context": context, "value": value},
                 {"Preference-Applied": f'outlook.timezone="{zone}"'})


for _bound in (CALENDAR, "", "microsoft.graph.scheduleInformation"):
    behaviour(_bound, "getSchedule")(get_schedule)


# ---------------------------------------------------------------------------- seed


def seed_calendars(ctx: SeedContext) -> None:
    """Each user gets a default calendar; a weekly team sync series links the team (each guest
    has a copy in their calendar and the meeting request in their Inbox)."""
    store = ctx.store
    users = [store.get(USER, user_id) for user_id in ctx.user_ids.values()]
    people = [u for u in users if u is not None]
    for user in people:
        scope = f"users/{user.id}"
        owner = {"name": user.data.get("displayName"), "address": _address(user)}
        calendar = store.insert(CALENDAR, scope, {
            "name": "Calendar", "color": "auto", "hexColor": "", "isDefaultCalendar": True,
            "changeKey": ctx.ids.change_key(), "canShare": True, "canViewPrivateItems": True,
            "canEdit": True, "isRemovable": False, "isTallyingResponses": True,
            "allowedOnlineMeetingProviders": ["teamsForBusiness"],
            "defaultOnlineMeetingProvider": "teamsForBusiness", "owner": owner,
        }, id_style="outlook")
        store.set_links(user.id, "calendar", [calendar.id])
        store.add_link(user.id, "calendars", calendar.id)
    if len(people) < 3:
        return
    organizer, *guests = people[:4]
    data = {
        "subject": "Team sync",
        "body": {"contentType": "html", "content": "<p>Weekly status.</p>"},
        "start": {"dateTime": "2025-01-06T09:00:00.0000000", "timeZone": "Pacific Standard Time"},
        "end": {"dateTime": "2025-01-06T09:30:00.0000000", "timeZone": "Pacific Standard Time"},
        "location": {"displayName": "Conf Room 3", "locationType": "default"},
        "recurrence": {"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["monday"],
                                   "firstDayOfWeek": "sunday", "dayOfMonth": 0, "month": 0,
                                   "index": "first"},
                       "range": {"type": "noEnd", "startDate": "2025-01-06", "endDate": "0001-01-01",
                                 "numberOfOccurrences": 0,
                                 "recurrenceTimeZone": "Pacific Standard Time"}},
        "attendees": [{"emailAddress": {"name": g.data.get("displayName"), "address": _address(g)},
                       "type": "required"} for g in guests],
        "createdDateTime": "2024-12-20T17:00:00Z", "lastModifiedDateTime": "2024-12-20T17:00:00Z",
    }
    record = store.insert(EVENT, f"users/{organizer.id}", data, id_style="outlook")
    store.update(record, _completed(record.data, organizer, record.id))
    calendar_id = _default_calendar(store, organizer.id)
    if calendar_id:
        _file_in(store, calendar_id, record.id)
    _invite(store, record, organizer)
    _send_meeting_requests(store, record, organizer)  # the guests' Inboxes have the request


def _register_seeder() -> None:
    from .. import seed

    entry = (CALENDAR, seed_calendars)
    if entry not in seed.SEEDERS:
        seed.SEEDERS.append(entry)


_register_seeder()
