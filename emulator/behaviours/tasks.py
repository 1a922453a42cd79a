"""Microsoft To Do server logic: what Graph does when a task or a step changes.

- Completing a task records when (`completedDateTime`, in UTC); reopening it clears that.
- Completing a recurring task creates its next occurrence in the same list: a new task due
  on the next date of the series (at the same time of day), carrying the recurrence on;
  the completed task keeps its history but no longer repeats. A series that has ended
  (endDate passed, numberOfOccurrences used up) creates nothing.
- Checking a step records when (`checkedDateTime`); unchecking clears it.
- `bodyLastModifiedDateTime` follows the body.

Sources: G: resources/todotask.md (completedDateTime, recurrence, bodyLastModifiedDateTime),
resources/checklistitem.md (checkedDateTime), concepts/todo-concept-overview.md.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from generated.o365._runtime.timezones import get_zone

from ..errors import GraphError
from . import ActionContext, Response, behaviour
from .mail import attachment_size
from .recurrence import RecurrenceError, from_dtz, next_date, to_dtz

TASK = "microsoft.graph.todoTask"
STEP = "microsoft.graph.checklistItem"
OK: Response = (200, {}, b"")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")


def _completed_now() -> dict[str, str]:
    return {"dateTime": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f0"),
            "timeZone": "UTC"}


def _known(ctx: ActionContext, graph_type: str) -> frozenset[str]:
    """The properties the served spec gives the type: only those are filled in."""
    return ctx.app.renderer(graph_type).known


@behaviour(TASK, "@creating")
def task_creating(ctx: ActionContext) -> Response:
    data, known = ctx.body, _known(ctx, TASK)
    assert isinstance(data, dict)
    _check_recurrence(data)
    if "bodyLastModifiedDateTime" in known:
        data.setdefault("bodyLastModifiedDateTime", data.get("createdDateTime") or _now())
    if data.get("status") == "completed" and not data.get("completedDateTime") and "completedDateTime" in known:
        data["completedDateTime"] = _completed_now()
    return OK


@behaviour(TASK, "@updating")
def task_updating(ctx: ActionContext) -> Response:
    record, changes, known = ctx.target, ctx.body, _known(ctx, TASK)
    assert record is not None and isinstance(changes, dict)
    _check_recurrence({**record.data, **changes})
    if "body" in changes and "bodyLastModifiedDateTime" in known:
        changes["bodyLastModifiedDateTime"] = _now()
    if "status" in changes and "completedDateTime" in known:
        done_before = record.data.get("status") == "completed"
        if changes["status"] == "completed" and not done_before:
            changes.setdefault("completedDateTime", _completed_now())
            ctx.extra["completed"] = True
        elif changes["status"] != "completed":
            changes["completedDateTime"] = None
    return OK


@behaviour(TASK, "@updated")
def task_updated(ctx: ActionContext) -> Response:
    """A recurring task just completed: its next occurrence joins the same list."""
    record = ctx.target
    assert record is not None
    recurrence = record.data.get("recurrence")
    if not ctx.extra.get("completed") or not isinstance(recurrence, dict) or not recurrence.get("pattern"):
        return OK
    store = ctx.app.store
    following = _next_occurrence(record.data, recurrence)
    store.update(record, {"recurrence": None})  # the series moves on to the new task
    if following is None:
        return OK
    lists = store.parents(record.id, "tasks")
    created = store.insert(TASK, record.scope, following, id_style=ctx.app.family_of(TASK).id_style)
    for list_id in sorted(lists):
        store.add_link(list_id, "tasks", created.id)
    return OK


def _next_occurrence(data: dict[str, Any], recurrence: dict[str, Any]) -> dict[str, Any] | None:
    due = data.get("dueDateTime")
    if not isinstance(due, dict):
        return None
    zone = str(due.get("timeZone") or "UTC")
    local = from_dtz(due).astimezone(get_zone(zone))  # the due date as the user sees it
    day = next_date(recurrence, local.date())
    if day is None:
        return None
    shift = timedelta(days=(day - local.date()).days)
    stamp = _now()
    following = {k: v for k, v in data.items()
                 if k not in ("id", "completedDateTime", "createdDateTime", "lastModifiedDateTime",
                              "bodyLastModifiedDateTime")}
    following.update({
        "status": "notStarted", "completedDateTime": None,
        "dueDateTime": to_dtz(local.replace(year=day.year, month=day.month, day=day.day), zone),
        "createdDateTime": stamp, "lastModifiedDateTime": stamp, "bodyLastModifiedDateTime": stamp,
    })
    reminder = data.get("reminderDateTime")
    if isinstance(reminder, dict):  # the reminder keeps its distance to the due date
        moved = from_dtz(reminder) + shift
        following["reminderDateTime"] = to_dtz(moved, str(reminder.get("timeZone") or "UTC"))
    return following


def _check_recurrence(data: dict[str, Any]) -> None:
    """Graph's 400s for a recurrence it cannot follow (no due date, a malformed pattern)."""
    recurrence = data.get("recurrence")
    if not isinstance(recurrence, dict) or not recurrence.get("pattern"):
        return
    if not isinstance(data.get("dueDateTime"), dict):
        raise GraphError(400, "invalidRequest", "A recurring task must have a due date.")
    try:
        next_date(recurrence, date(2000, 1, 1))
    except RecurrenceError as exc:
        raise GraphError(400, "invalidRequest", f"Invalid recurrence: {exc}") from None


@behaviour(STEP, "@creating")
def step_creating(ctx: ActionContext) -> Response:
    data = ctx.body
    assert isinstance(data, dict)
    if data.get("isChecked") and not data.get("checkedDateTime") and "checkedDateTime" in _known(ctx, STEP):
        data["checkedDateTime"] = _now()
    return OK


@behaviour(STEP, "@updating")
def step_updating(ctx: ActionContext) -> Response:
    record, changes = ctx.target, ctx.body
    assert record is not None and isinstance(changes, dict)
    if "checkedDateTime" not in _known(ctx, STEP):
        return OK
    if "isChecked" in changes and bool(changes["isChecked"]) != bool(record.data.get("isChecked")):
        changes["checkedDateTime"] = _now() if changes["isChecked"] else None
    return OK


ATTACHMENT = "microsoft.graph.attachmentBase"


def _attachment_added(ctx: ActionContext) -> Response:
    """Graph measures a file posted inline (its `size`, G: api/todotask-post-attachments.md)."""
    record = ctx.target
    if record is not None and record.data.get("size") is None and "size" in _known(ctx, record.graph_type):
        ctx.app.store.update(record, {"size": attachment_size(record.data)})
    return _attachments_changed(ctx)


def _attachments_changed(ctx: ActionContext) -> Response:
    """A task's `hasAttachments` follows its attachments (G: resources/todotask.md)."""
    route = ctx.extra.get("route")
    if route is None:
        return OK
    task = ctx.app.nearest_object(route.parent_template, ctx.params, ctx.scope)
    if task is not None and task.graph_type == TASK and "hasAttachments" in _known(ctx, TASK):
        remaining = [i for i in ctx.app.store.links(task.id, "attachments")
                     if ctx.app.store.find(i) is not None]
        ctx.app.store.update(task, {"hasAttachments": bool(remaining)})
    return OK


behaviour(ATTACHMENT, "@created")(_attachment_added)
behaviour(ATTACHMENT, "@deleted")(_attachments_changed)
