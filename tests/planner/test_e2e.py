"""Planner end to end: the generated client against the emulator over real sockets.

The seeded tenant has the Leadership group's plan "Product launch" with three buckets and
twenty tasks (emulator/behaviours/planner.py). Planner's concurrency rules are checked as
Graph applies them: every write carries If-Match, a stale one gets 412, a missing one 400.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generated.o365._runtime.errors import GraphError, PreconditionFailedError
from generated.o365.emulator import EmulatorServer
from generated.o365.planner.bucket import Bucket
from generated.o365.planner.plan import Plan
from generated.o365.planner.planner import Planner
from generated.o365.planner.planner_task import PlannerTask
from tests.support.accounts import emulator_account

UTC = dt.timezone.utc


def seeded_plan(planner: Planner) -> Plan:
    (plan,) = [p for p in planner.get_plans() if p.title == "Product launch"]
    return plan


def buckets_of(plan: Plan) -> dict[str, Bucket]:
    return {b.name: b for b in plan.get_buckets()}


def test_the_seeded_group_has_a_plan_with_three_buckets_and_twenty_tasks(adele: Planner) -> None:
    plan = seeded_plan(adele)
    groups = list(adele.list_group_plans(plan.group_id))
    assert [p.object_id for p in groups] == [plan.object_id]
    buckets = buckets_of(plan)
    assert sorted(buckets) == ["Done", "In progress", "To do"]
    assert sorted(b.order_hint for b in buckets.values()) == [
        buckets[n].order_hint for n in ("To do", "In progress", "Done")]
    tasks = list(plan.get_tasks())
    assert len(tasks) == 20
    assert sum(len(list(b.get_tasks())) for b in buckets.values()) == 20
    assert all(t.completed for t in buckets["Done"].get_tasks())
    details = plan.get_details()
    assert details.category_descriptions["category1"] == "Urgent"
    assert len(details.shared_with) == 5  # the group's members


def test_two_clients_edit_the_same_task_the_second_refreshes_and_succeeds(
        adele: Planner, megan: Planner) -> None:
    task_id = next(iter(seeded_plan(adele).get_tasks())).object_id
    hers, mine = megan.get_task_by_id(task_id), adele.get_task_by_id(task_id)
    assert hers.raw["@odata.etag"] == mine.raw["@odata.etag"]
    hers.title = "Megan's title"
    assert hers.save() is True
    assert hers.raw["@odata.etag"] != mine.raw["@odata.etag"]  # a new ETag on every write
    mine.percent_complete = 50
    with pytest.raises(PreconditionFailedError, match="changed elsewhere") as failed:
        mine.save()
    assert failed.value.status == 412 and failed.value.item is mine
    failed.value.refresh()
    assert mine.title == "Megan's title"
    mine.percent_complete = 50
    assert mine.save() is True
    assert adele.get_task_by_id(task_id).percent_complete == 50
    assert megan.get_task_by_id(task_id).title == "Megan's title"


def test_a_task_moved_to_another_bucket_keeps_its_details(adele: Planner) -> None:
    plan = seeded_plan(adele)
    buckets = buckets_of(plan)
    task = next(iter(buckets["To do"].get_tasks()))
    details = task.get_details()
    details.description = "Agenda and catering"
    first = details.checklist.add({"title": "Call the venue"})
    details.references["https://contoso.example/launch.docx"] = {"alias": "Plan", "type": "Word"}
    assert details.save() is True
    task.refresh()  # the details changed the task's counters, and so its ETag
    assert task.has_description and task.reference_count == 1 and task.checklist_item_count >= 1
    assert task.move_to(buckets["In progress"]) is True
    assert task.bucket_id == buckets["In progress"].object_id
    assert task.object_id in [t.object_id for t in buckets["In progress"].get_tasks()]
    assert task.object_id not in [t.object_id for t in buckets["To do"].get_tasks()]
    kept = adele.get_task_by_id(task.object_id).get_details()
    assert kept.description == "Agenda and catering"
    assert kept.checklist[first].title == "Call the venue"
    assert kept.references["https://contoso.example/launch.docx"].alias == "Plan"


def test_checklist_items_round_trip(adele: Planner) -> None:
    task = next(iter(seeded_plan(adele).get_tasks()))
    details = task.get_details()
    before = set(details.checklist)
    added = details.checklist.add({"title": "Check the projector", "isChecked": False})
    details.save()
    again = task.get_details()
    assert set(again.checklist) == before | {added}
    again.checklist[added] = {"isChecked": True}
    again.save()
    third = task.get_details()
    assert third.checklist[added].is_checked and third.checklist[added].title == "Check the projector"
    del third.checklist[added]
    third.save()
    assert added not in task.get_details().checklist
    assert task.refresh().checklist_item_count == len(before)


def test_order_hints_in_details_and_the_25_label_names(adele: Planner,
                                                      server: EmulatorServer) -> None:
    """A new checklist item without a hint goes first; a reference's previewPriority is an
    order hint (`"  !!"`: before the first place, plannertaskdetails-update.md); a plan's
    details name all 25 labels, null while unnamed (resources/plannercategorydescriptions.md)."""
    task = next(iter(seeded_plan(adele).get_tasks()))
    url = f"{server.url}/v1.0/planner/tasks/{task.object_id}/details"
    link = "https%3A//contoso%2Ecom"
    reply = adele.con.request("PATCH", url, headers={
        "If-Match": task.get_details().raw["@odata.etag"], "Prefer": "return=representation"},
        json={"checklist": {"first": {"title": "One"}},
              "references": {link: {"alias": "Contoso", "previewPriority": " !"}}})
    details = reply.json()
    old_hints = [i["orderHint"] for k, i in details["checklist"].items() if k != "first"]
    assert all(details["checklist"]["first"]["orderHint"] < hint for hint in old_hints)
    first = details["references"][link]["previewPriority"]
    assert first.strip() and "!" not in first
    reply = adele.con.request("PATCH", url, headers={
        "If-Match": details["@odata.etag"], "Prefer": "return=representation"},
        json={"references": {"https%3A//bing%2Ecom": {"previewPriority": "  !!"}}})
    assert reply.json()["references"]["https%3A//bing%2Ecom"]["previewPriority"] < first
    labels = seeded_plan(adele).get_details().raw["categoryDescriptions"]
    assert sorted(labels, key=lambda k: int(k[8:])) == [f"category{n}" for n in range(1, 26)]
    assert labels["category1"] == "Urgent" and labels["category25"] is None


def test_create_a_plan_buckets_and_tasks_and_clean_up(adele: Planner, server: EmulatorServer) -> None:
    group_id = seeded_plan(adele).group_id
    plan = adele.create_plan(group_id, "Office move")
    assert plan.group_id == group_id and plan.owner == group_id
    older = adele.create_plan(owner=group_id, title="Python-o365's way")  # the body's `owner`
    assert older.group_id == group_id and older.container.url.endswith(f"/groups/{group_id}")
    assert older.delete() is True
    assert plan.object_id in [p.object_id for p in adele.list_group_plans(group_id)]
    assert plan.rename("Office move 2027") is True
    first = plan.create_bucket("Packing")
    last = plan.create_bucket("Unpacking", "Packing!")  # a hint of our own
    middle = plan.create_bucket("Moving")
    assert middle.reorder(after=first, before=last) is True
    ordered = sorted(plan.get_buckets(), key=lambda b: b.order_hint or "")
    assert [b.name for b in ordered] == ["Packing", "Moving", "Unpacking"]
    me = emulator_account(server, "adele@contoso.onmicrosoft.com").get_current_user().object_id
    due = dt.datetime(2027, 1, 15, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    boxes = first.create_task("Order boxes", {me: {}}, percent_complete=25, priority=1,
                              due_date_time=due, applied_categories={"category2": True})
    assert boxes.due_date_time == due.astimezone(UTC) and boxes.percent_complete == 25
    assert boxes.assignments[me].assigned_date_time is not None
    assert boxes.object_id in [t.object_id for t in adele.get_my_tasks()]
    assert boxes.object_id in [t.object_id for t in adele.list_user_tasks(me)]
    labels = middle.new_task("Label the crates")
    labels.priority = 3
    labels.save()
    assert labels.bucket_id == middle.object_id and labels.plan_id == plan.object_id
    assert labels.complete() is True and labels.completed
    assert labels.completed_date_time is not None
    assert boxes.delete() is True
    assert boxes.object_id not in [t.object_id for t in plan.get_tasks()]
    assert first.delete() is True
    assert plan.delete() is True
    assert plan.object_id not in [p.object_id for p in adele.list_group_plans(group_id)]


def test_the_emulator_still_takes_the_older_owner_body(adele: Planner,
                                                      server: EmulatorServer) -> None:
    """resources/plannerplan.md still lists `owner` (the group's id, deprecated for
    `container`): a body naming the group that way makes the same plan."""
    group_id = seeded_plan(adele).group_id
    reply = adele.con.request("POST", f"{server.url}/v1.0/planner/plans",
                              json={"owner": group_id, "title": "Older body"})
    plan = reply.json()
    assert reply.status_code == 201 and plan["owner"] == group_id
    assert plan["container"]["containerId"] == group_id and plan["container"]["type"] == "group"
    assert plan["container"]["url"].endswith(f"/groups/{group_id}")
    with pytest.raises(GraphError, match="name different groups"):
        adele.con.request("POST", f"{server.url}/v1.0/planner/plans", json={
            "owner": "00000000-0000-0000-0000-000000000000", "title": "Two groups",
            "container": {"url": f"https://graph.microsoft.com/v1.0/groups/{group_id}"}})
    adele.con.request("DELETE", f"{server.url}/v1.0/planner/plans/{plan['id']}",
                      headers={"If-Match": plan["@odata.etag"]})


def test_the_emulator_refuses_writes_without_if_match_and_answers_204_without_prefer(
        adele: Planner, server: EmulatorServer) -> None:
    task = next(iter(seeded_plan(adele).get_tasks()))
    url = f"{server.url}/v1.0/planner/tasks/{task.object_id}"
    with pytest.raises(GraphError, match="If-Match header must be specified") as missing:
        adele.con.request("PATCH", url, json={"title": "x"})
    assert missing.value.status == 400
    plain = adele.con.request("PATCH", url, json={"title": "x"},
                              headers={"If-Match": task.raw["@odata.etag"]})
    assert plain.status_code == 204 and plain.headers["ETag"] != task.raw["@odata.etag"]
    with pytest.raises(PreconditionFailedError):
        adele.con.request("DELETE", url, headers={"If-Match": task.raw["@odata.etag"]})


def counting(planner: Planner, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The requests the planner's connection sends from now on (method and URL)."""
    seen: list[str] = []
    real = planner.con.request

    def request(method: str, url: str, **kwargs: Any) -> Any:
        seen.append(f"{method} {url}")
        return real(method, url, **kwargs)

    monkeypatch.setattr(planner.con, "request", request)
    return seen


def test_bad_input_is_refused_before_any_request(adele: Planner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    plan = seeded_plan(adele)
    buckets = buckets_of(plan)
    task: PlannerTask = next(iter(buckets["To do"].get_tasks()))
    foreign = adele.create_plan(plan.group_id, "Elsewhere").create_bucket("Foreign")
    sent = counting(adele, monkeypatch)
    with pytest.raises(ValueError, match="from 0 to 100"):
        task.percent_complete = 101
    with pytest.raises(ValueError, match="from 0 to 100"):
        buckets["To do"].create_task("Too much", percent_complete=-5)
    with pytest.raises(ValueError, match="from 0 to 10"):
        task.update(priority=11)
    with pytest.raises(ValueError, match="must be one of the same plan"):
        task.move_to(foreign)
    with pytest.raises(ValueError, match="is not a GUID"):
        task.assignments["adele@contoso.onmicrosoft.com"] = {}
    with pytest.raises(ValueError, match="is not a GUID"):
        buckets["To do"].create_task("Who?", {"adele": {}})
    with pytest.raises(ValueError, match="naive datetime"):
        task.due_date_time = dt.datetime(2027, 1, 15, 17, 0)
    with pytest.raises(ValueError, match="naive datetime"):
        buckets["To do"].create_task("When?", due_date_time=dt.datetime(2027, 1, 15, 17, 0))
    assert sent == [] and task.changes() == {}
    task.percent_complete = 100  # a good value goes out as usual
    assert task.save() is True and len(sent) == 1
