"""Microsoft Planner server logic: what Graph does beyond storing what it is sent.

- A plan belongs to the group its `container.url` names (or, in the older body, its
  `owner`): Graph fills in `container` (`containerId`, `type`) and `owner`, and makes the
  plan's details. A new task gets its
  details too (each at its owner's id: planner/tasks/{id}/details).
- A task names its plan, and its bucket must be one of that plan's (400 otherwise), also
  when it moves; a bucket names an existing plan.
- Open types merge on PATCH: keys not sent stay, a key sent as null is removed
  (assignments, appliedCategories, checklist, references, sharedWith). A new assignment
  or checklist item records who and when.
- An order hint sent as `"<previous> <next>!"` becomes a hint that sorts between the two
  (ordinal string order); `" !"` is the first place. So does a reference's previewPriority,
  and a new checklist item sent without a hint goes first.
- percentComplete 100 records completedDateTime and completedBy; less clears them. A task's
  counters (checklist items, active ones, references, hasDescription) follow its details.
- Deleting a plan deletes its buckets and tasks; a bucket, its tasks; a task, its details.
- `me/planner/plans`: the plans of the user's groups and those shared with the user;
  `.../planner/tasks` of a user: the tasks assigned to them.

Sources: G: resources/planner-overview.md, api/planner-post-plans.md, api/planner-post-tasks.md,
api/plannertask-update.md, api/plannertaskdetails-update.md, planner-order-hint-format.md,
resources/plannerassignments.md, resources/plannerchecklistitems.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from ..errors import GraphError
from ..listing import list_response
from ..seed import SeedContext
from ..store import Record, Store
from . import ActionContext, Response, behaviour, seeder

PLAN = "microsoft.graph.plannerPlan"
PLAN_DETAILS = "microsoft.graph.plannerPlanDetails"
BUCKET = "microsoft.graph.plannerBucket"
TASK = "microsoft.graph.plannerTask"
TASK_DETAILS = "microsoft.graph.plannerTaskDetails"
USER = "microsoft.graph.user"
GROUP = "microsoft.graph.group"
OK: Response = (200, {}, b"")

# Open types (property names are data) of each Planner type: PATCH merges them.
OPEN_MAPS = {TASK: ("assignments", "appliedCategories"), TASK_DETAILS: ("checklist", "references"),
             PLAN_DETAILS: ("sharedWith", "categoryDescriptions")}
# Which values of a map get "who changed it and when" (name of the who, name of the when).
STAMPED = {"assignments": ("assignedBy", "assignedDateTime"),
           "checklist": ("lastModifiedBy", "lastModifiedDateTime"),
           "references": ("lastModifiedBy", "lastModifiedDateTime")}
# A plan's 25 label names: plannerCategoryDescriptions declares category1 ... category25, so
# every one is in each answer, null while it has no name (G: resources/plannercategorydescriptions.md).
NO_LABELS: dict[str, Any] = {f"category{n}": None for n in range(1, 26)}
# The order hints of a map's values (a reference's previewPriority is one too).
HINTS = {"assignments": ("orderHint",), "checklist": ("orderHint",),
         "references": ("previewPriority",)}
# Order hints: Planner's characters sort by code point, from "!" to "~".
LOWEST, HIGHEST = 0x21, 0x7E


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _bad(message: str) -> GraphError:
    return GraphError(400, "", message)  # Planner's errors carry an empty code


def _who(ctx: ActionContext) -> dict[str, Any]:
    token = ctx.request.token
    user = {"id": token.user_id} if token is not None and token.user_id else None
    app = {"id": token.client_id} if token is not None else None
    return {"user": user, "application": app}


# -- order hints ------------------------------------------------------------------------------


def hint_between(low: str, high: str) -> str:
    """A string that sorts after `low` and before `high` (an empty one: no bound)."""
    out: list[str] = []
    index = 0
    bounded = bool(high)
    while True:
        a = ord(low[index]) if index < len(low) else LOWEST - 1
        b = ord(high[index]) if bounded and index < len(high) else HIGHEST + 1
        if a == b:  # a shared prefix
            out.append(chr(a))
            index += 1
            continue
        middle = (a + b) // 2
        if middle > a and middle >= LOWEST:
            out.append(chr(middle))
            return "".join(out)
        # No room at this place: keep low's character, anything above the rest of low will do.
        out.append(chr(max(a, LOWEST)))
        if a < LOWEST:  # low ended and high continues with the lowest character
            raise _bad("The order hint cannot be placed between these two.")
        bounded = False
        index += 1


def resolved_hint(value: Any, *, last: str = "") -> Any:
    """Graph's reading of an order hint sent as `"<previous> <next>!"` (planner-order-hint-format.md)."""
    if not isinstance(value, str) or not value.endswith("!") or " " not in value:
        return value
    previous, following = value[:-1].split(" ", 1)
    # A bound that is itself in this form (`"  !!"`: before the first place) is read first.
    previous, following = (resolved_hint(bound, last=last) for bound in (previous, following))
    if previous and following and not previous < following:
        raise _bad("The order hint is invalid: the previous hint must sort before the next.")
    if not previous and not following:  # " !": the first place
        following = last
    return hint_between(previous, following)


# -- helpers over the store -----------------------------------------------------------------


def _plan(store: Store, plan_id: Any) -> Record:
    record = store.get(PLAN, str(plan_id or ""))
    if record is None:
        raise _bad(f"The plan '{plan_id}' does not exist.")
    return record


def _bucket_of_plan(store: Store, bucket_id: Any, plan_id: str) -> None:
    if bucket_id in (None, ""):
        return
    bucket = store.get(BUCKET, str(bucket_id))
    if bucket is None or bucket.data.get("planId") != plan_id:
        raise _bad(f"The bucket '{bucket_id}' is not a bucket of the plan '{plan_id}'.")


def _first_hint(store: Store, graph_type: str, field: str, value: str) -> str:
    """The lowest hint among the items whose `field` is `value` (to place before them)."""
    hints = [str(r.data.get("orderHint")) for r in store.items(graph_type, "")
             if r.data.get(field) == value and r.data.get("orderHint")]
    return min(hints, default="")


def _merge_maps(graph_type: str, old: dict[str, Any], changes: dict[str, Any],
                who: dict[str, Any]) -> None:
    """Open types merge: sent keys replace or (null) remove, the others stay."""
    for name in OPEN_MAPS.get(graph_type, ()):
        sent = changes.get(name)
        if not isinstance(sent, dict):
            continue
        merged = dict(old.get(name) or {})
        for key, value in sent.items():
            if key.startswith("@odata."):
                continue
            if value is None and name != "categoryDescriptions":
                merged.pop(key, None)
                continue
            if isinstance(value, dict):
                if name == "checklist" and key not in merged and not value.get("orderHint"):
                    value = {**value, "orderHint": " !"}  # Graph places a new item first
                value = {**(merged.get(key) or {}), **value}
                for hint in HINTS.get(name, ()):
                    if hint in value:  # among this map's items (an assignee's, in their own view)
                        first = "" if name == "assignments" else _first_of(merged, hint)
                        value[hint] = resolved_hint(value[hint], last=first)
                if name in STAMPED:
                    by, when = STAMPED[name]
                    value[by], value[when] = who, _now()
            merged[key] = value
        changes[name] = merged


def _first_of(items: dict[str, Any], hint: str) -> str:
    """The lowest `hint` among a map's items (a new one placed first goes before it)."""
    return min((str(v[hint]) for v in items.values() if isinstance(v, dict) and v.get(hint)),
               default="")


def _details_counts(details: dict[str, Any]) -> dict[str, Any]:
    checklist = details.get("checklist") or {}
    return {"checklistItemCount": len(checklist),
            "activeChecklistItemCount": sum(1 for i in checklist.values() if not i.get("isChecked")),
            "referenceCount": len(details.get("references") or {}),
            "hasDescription": bool(details.get("description"))}


def _completion(changes: dict[str, Any], who: dict[str, Any]) -> None:
    if "percentComplete" not in changes:
        return
    if changes["percentComplete"] == 100:
        changes.setdefault("completedDateTime", _now())
        changes.setdefault("completedBy", who)
    else:
        changes["completedDateTime"] = None
        changes["completedBy"] = None


# -- plans ------------------------------------------------------------------------------------


@behaviour(PLAN, "@creating")
def plan_creating(ctx: ActionContext) -> Response:
    data = ctx.body
    assert isinstance(data, dict)
    url = str((data.get("container") or {}).get("url") or "")
    group_id = url.rstrip("/").rsplit("/groups/", 1)[-1] if "/groups/" in url else ""
    if not url and data.get("owner"):  # the older body: the group's id in `owner`
        group_id = str(data["owner"])
        url = f"https://graph.microsoft.com/v1.0/groups/{group_id}"
    if not group_id or ctx.app.store.get(GROUP, group_id) is None:
        raise _bad("The plan's container must be the URL of an existing group "
                   "(https://graph.microsoft.com/v1.0/groups/{id}), or its owner the group's id.")
    if data.get("owner") not in (None, group_id):
        raise _bad("The plan's owner and container name different groups.")
    data["container"] = {"@odata.type": "microsoft.graph.plannerPlanContainer", "url": url,
                         "containerId": group_id, "type": "group"}
    data["owner"] = group_id
    data.setdefault("createdBy", _who(ctx))
    return OK


@behaviour(PLAN, "@created")
def plan_created(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    ctx.app.store.insert(PLAN_DETAILS, ctx.target.scope,
                         {"id": ctx.target.id, "sharedWith": {}, "categoryDescriptions": dict(NO_LABELS)})
    return OK


@behaviour(PLAN, "@deleted")
def plan_deleted(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    store, plan_id = ctx.app.store, ctx.target.id
    for graph_type in (TASK, BUCKET):
        for record in list(store.items(graph_type, ctx.target.scope)):
            if record.data.get("planId") == plan_id:
                _delete_with_details(store, record)
    details = store.get(PLAN_DETAILS, plan_id)
    if details is not None:
        store.delete(details)
    return OK


@behaviour(PLAN, "@list:plans")
def list_plans(ctx: ActionContext) -> Response:
    """A group's plans, or a user's: those of their groups and those shared with them."""
    store, owner = ctx.app.store, ctx.target
    plans = store.items(PLAN, "")
    if owner is None:
        chosen: list[Record] = []
    elif owner.graph_type == GROUP:
        chosen = [p for p in plans if (p.data.get("container") or {}).get("containerId") == owner.id]
    else:
        groups = set(store.links(owner.id, "memberOf"))
        chosen = [p for p in plans if (p.data.get("container") or {}).get("containerId") in groups
                  or owner.id in ((_details(store, PLAN_DETAILS, p.id).get("sharedWith")) or {})]
    return list_response(ctx.app, ctx.request, ctx.extra["route"], ctx.params, chosen)


def _details(store: Store, graph_type: str, owner_id: str) -> dict[str, Any]:
    record = store.get(graph_type, owner_id)
    return record.data if record is not None else {}


# -- buckets ----------------------------------------------------------------------------------


@behaviour(BUCKET, "@creating")
def bucket_creating(ctx: ActionContext) -> Response:
    data = ctx.body
    assert isinstance(data, dict)
    plan = _plan(ctx.app.store, data.get("planId"))
    first = _first_hint(ctx.app.store, BUCKET, "planId", plan.id)
    data["orderHint"] = resolved_hint(data.get("orderHint") or " !", last=first)
    return OK


@behaviour(BUCKET, "@updating")
def bucket_updating(ctx: ActionContext) -> Response:
    assert ctx.target is not None and isinstance(ctx.body, dict)
    if "planId" in ctx.body and ctx.body["planId"] != ctx.target.data.get("planId"):
        raise _bad("A bucket cannot move to another plan.")
    if "orderHint" in ctx.body:
        ctx.body["orderHint"] = resolved_hint(ctx.body["orderHint"], last=_first_hint(
            ctx.app.store, BUCKET, "planId", str(ctx.target.data.get("planId"))))
    return OK


@behaviour(BUCKET, "@deleted")
def bucket_deleted(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    store = ctx.app.store
    for record in list(store.items(TASK, ctx.target.scope)):
        if record.data.get("bucketId") == ctx.target.id:
            _delete_with_details(store, record)
    return OK


# -- tasks ------------------------------------------------------------------------------------


@behaviour(TASK, "@creating")
def task_creating(ctx: ActionContext) -> Response:
    data, store = ctx.body, ctx.app.store
    assert isinstance(data, dict)
    plan = _plan(store, data.get("planId"))
    _bucket_of_plan(store, data.get("bucketId"), plan.id)
    who = _who(ctx)
    data.setdefault("createdBy", who)
    data["orderHint"] = resolved_hint(data.get("orderHint") or " !",
                                      last=_first_hint(store, TASK, "planId", plan.id))
    _merge_maps(TASK, {}, data, who)
    _completion(data, who)
    return OK


@behaviour(TASK, "@created")
def task_created(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    ctx.app.store.insert(TASK_DETAILS, ctx.target.scope, {
        "id": ctx.target.id, "description": "", "previewType": "automatic",
        "checklist": {}, "references": {}})
    return OK


@behaviour(TASK, "@updating")
def task_updating(ctx: ActionContext) -> Response:
    record, changes, store = ctx.target, ctx.body, ctx.app.store
    assert record is not None and isinstance(changes, dict)
    plan_id = str(record.data.get("planId"))
    if "planId" in changes and changes["planId"] != plan_id:
        raise _bad("A task cannot move to another plan.")
    if "bucketId" in changes:
        _bucket_of_plan(store, changes["bucketId"], plan_id)
    if "orderHint" in changes:
        changes["orderHint"] = resolved_hint(changes["orderHint"],
                                             last=_first_hint(store, TASK, "planId", plan_id))
    who = _who(ctx)
    _merge_maps(TASK, record.data, changes, who)
    _completion(changes, who)
    return OK


@behaviour(TASK, "@deleted")
def task_deleted(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    details = ctx.app.store.get(TASK_DETAILS, ctx.target.id)
    if details is not None:
        ctx.app.store.delete(details)
    return OK


@behaviour(TASK, "@list:tasks")
def list_tasks(ctx: ActionContext) -> Response:
    """A plan's or a bucket's tasks, or those assigned to a user."""
    owner = ctx.target
    tasks = ctx.app.store.items(TASK, "")
    if owner is None:
        chosen: list[Record] = []
    elif owner.graph_type == PLAN:
        chosen = [t for t in tasks if t.data.get("planId") == owner.id]
    elif owner.graph_type == BUCKET:
        chosen = [t for t in tasks if t.data.get("bucketId") == owner.id]
    else:
        chosen = [t for t in tasks if owner.id in (t.data.get("assignments") or {})]
    return list_response(ctx.app, ctx.request, ctx.extra["route"], ctx.params, chosen)


def _delete_with_details(store: Store, record: Record) -> None:
    store.delete(record)
    details = store.get(TASK_DETAILS, record.id)
    if details is not None:
        store.delete(details)


# -- details ----------------------------------------------------------------------------------


@behaviour(TASK_DETAILS, "@updating")
def task_details_updating(ctx: ActionContext) -> Response:
    assert ctx.target is not None and isinstance(ctx.body, dict)
    _merge_maps(TASK_DETAILS, ctx.target.data, ctx.body, _who(ctx))
    return OK


@behaviour(TASK_DETAILS, "@updated")
def task_details_updated(ctx: ActionContext) -> Response:
    """The task's counters follow its details (and so its ETag changes)."""
    assert ctx.target is not None
    task = ctx.app.store.get(TASK, ctx.target.id)
    if task is not None:
        counts = _details_counts(ctx.target.data)
        if any(task.data.get(k) != v for k, v in counts.items()):
            ctx.app.store.update(task, counts)
    return OK


@behaviour(PLAN_DETAILS, "@updating")
def plan_details_updating(ctx: ActionContext) -> Response:
    assert ctx.target is not None and isinstance(ctx.body, dict)
    _merge_maps(PLAN_DETAILS, ctx.target.data, ctx.body, _who(ctx))
    return OK


# -- the seeded tenant ------------------------------------------------------------------------

SEED_GROUP = "leadership"
SEED_BUCKETS = ("To do", "In progress", "Done")
SEED_LABELS = {"category1": "Urgent", "category2": "Customer", "category3": "Internal",
               "category4": "Blocked"}
SEED_TASKS = (
    "Draft the launch plan", "Book the venue", "Choose the caterer", "Send the invitations",
    "Prepare the keynote", "Rehearse the demo", "Print the handouts", "Order the swag",
    "Brief the press", "Update the website", "Record the teaser video", "Set up registration",
    "Confirm the speakers", "Plan the livestream", "Write the follow-up mail",
    "Collect feedback", "Review the budget", "Arrange travel", "Test the Wi-Fi",
    "Thank the sponsors",
)


@seeder(PLAN)
def seed_planner(ctx: SeedContext) -> None:
    """The Leadership group's plan: label names, three buckets and twenty tasks spread over
    them (assigned to the group's members, some done, some with checklists)."""
    from ..server import PUBLIC_CLIENT_ID

    store = ctx.store
    group = next((g for g in store.items(GROUP, "") if g.data.get("mailNickname") == SEED_GROUP), None)
    if group is None:
        return
    members = [m for m in store.links(group.id, "members") if store.get(USER, m) is not None]
    # Made by a member in the app users sign in with (an identitySet names both).
    owner = {"user": {"id": members[0]}, "application": {"id": PUBLIC_CLIENT_ID}} if members else None
    stamp = "2024-05-02T09:00:00Z"
    plan = store.insert(PLAN, "", {
        "title": "Product launch", "createdDateTime": stamp, "createdBy": owner, "owner": group.id,
        "container": {"@odata.type": "microsoft.graph.plannerPlanContainer", "type": "group",
                      "containerId": group.id, "url": f"https://graph.microsoft.com/v1.0/groups/{group.id}"},
    }, id_style="planner")
    store.insert(PLAN_DETAILS, "", {"id": plan.id, "categoryDescriptions": {**NO_LABELS, **SEED_LABELS},
                                    "sharedWith": {m: True for m in members}})
    buckets, hint = [], ""
    for name in SEED_BUCKETS:
        hint = hint_between(hint, "")
        buckets.append(store.insert(BUCKET, "", {"name": name, "planId": plan.id, "orderHint": hint},
                                    id_style="planner"))
    due = datetime(2024, 6, 3, 16, 0, tzinfo=timezone.utc)
    hint = ""
    for index, title in enumerate(SEED_TASKS):
        bucket = buckets[index % 3]
        done = bucket is buckets[2]
        hint = hint_between(hint, "")
        assignee = members[index % len(members)] if members else None
        task = store.insert(TASK, "", {
            "title": title, "planId": plan.id, "bucketId": bucket.id, "orderHint": hint,
            "percentComplete": 100 if done else (50 if bucket is buckets[1] else 0),
            "priority": (1, 3, 5, 9)[index % 4], "createdDateTime": stamp, "createdBy": owner,
            "dueDateTime": (due + timedelta(days=index)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "startDateTime": None, "assigneePriority": "", "conversationThreadId": None,
            "completedDateTime": (due - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ") if done else None,
            "completedBy": owner if done else None, "previewType": "automatic",
            "appliedCategories": {f"category{1 + index % 4}": True},
            "assignments": {assignee: {"@odata.type": "#microsoft.graph.plannerAssignment",
                                       "assignedBy": owner, "assignedDateTime": stamp,
                                       "orderHint": "8585"}} if assignee else {},
        }, id_style="planner")
        checklist = {f"{index:08x}-0000-4000-8000-{step:012x}": {
            "@odata.type": "#microsoft.graph.plannerChecklistItem", "title": f"Step {step}",
            "isChecked": step == 1, "orderHint": f"8585{step}",
            "lastModifiedBy": owner, "lastModifiedDateTime": stamp} for step in (1, 2)} if index % 5 == 0 else {}
        details = {"id": task.id, "description": f"{title}.\nOwner: the Leadership team." if index % 2 == 0 else "",
                   "previewType": "automatic", "checklist": checklist, "references": {}}
        store.insert(TASK_DETAILS, "", details)
        store.update(task, _details_counts(details))
