"""Behaviour hooks of the generic handler, on the test-only task specs (todo types that no
project behaviour uses): route hooks, write hooks, path_when, raw path params, monitors,
upload completion, seeders, typed attachments and `Prefer: outlook.timezone`."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from generated.o365._generator.loader import load_specs
from generated.o365.emulator import EmulatorServer, behaviours, seed
from generated.o365.emulator.behaviours import ActionContext, Behaviour, Response, behaviour, seeder
from generated.o365.emulator.errors import GraphError
from generated.o365.emulator.graph import in_context, value_at
from generated.o365.emulator.listing import list_response
from generated.o365.emulator.router import Route, Router, hook_segment, structural
from generated.o365.emulator.seed import SeedContext
from generated.o365.emulator.store import Record

from .conftest import ADELE, ROOT, Graph, assert_envelope

LIST = "microsoft.graph.todoTaskList"
TASK = "microsoft.graph.todoTask"
ATTACHMENT = "microsoft.graph.attachmentBase"
CALLS: list[tuple[str, Any]] = []  # (hook, what it saw), reset by each test
HOOKS: list[tuple[str, str, Behaviour]] = []


def hook(graph_type: str, name: str) -> Callable[[Behaviour], Behaviour]:
    """`emulator.behaviours.behaviour`, registered only while this module's tests run:
    todoTask is also the type of a real spec, whose tests must not see these hooks."""

    def keep(function: Behaviour) -> Behaviour:
        HOOKS.append((graph_type, name, function))
        return function

    return keep


@pytest.fixture(scope="module", autouse=True)
def _module_hooks() -> Iterator[None]:
    # The project's behaviours load on the first server start; load them now, so that a
    # later start (this module run alone) cannot register them over the hooks below.
    behaviours.load_all()
    registry = behaviours._REGISTRY  # noqa: SLF001 (restored exactly after the module)
    saved, seeders = dict(registry), list(seed.SEEDERS)
    for graph_type, name, function in HOOKS:
        behaviour(graph_type, name)(function)
    seeder(LIST)(seed_task_lists)
    yield
    registry.clear()
    registry.update(saved)
    seed.SEEDERS[:] = seeders


def _json(status: int, payload: Any) -> Response:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()


def seed_task_lists(ctx: SeedContext) -> None:
    """A default task list per user, reachable as `{resource}/defaultTaskList`."""
    for user_id in ctx.user_ids.values():
        record = ctx.store.insert(LIST, f"users/{user_id}", {
            "displayName": "Tasks", "wellknownListName": "defaultList"}, id_style="outlook")
        ctx.store.set_links(user_id, "defaultTaskList", [record.id])


@hook(TASK, "complete")
def complete(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    ctx.app.store.update(ctx.target, {"status": "completed"})
    return 204, {}, b""


@hook(TASK, "reopen")
def reopen(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    ctx.app.store.update(ctx.target, {"status": "notStarted"})
    return 204, {}, b""


@hook(TASK, "@list:search")
def search(ctx: ActionContext) -> Response:
    """Tasks of the target list whose title contains the text."""
    assert ctx.target is not None and ctx.target.graph_type == LIST
    route = ctx.extra["route"]
    assert isinstance(route, Route)
    text = ctx.params["text"].lower()
    store = ctx.app.store
    tasks = [store.get(TASK, i) for i in store.links(ctx.target.id, "tasks")]
    found = [r for r in tasks if r is not None and text in str(r.data.get("title", "")).lower()]
    CALLS.append(("@list:search", ctx.target.id))
    return list_response(ctx.app, ctx.request, route, ctx.params, found)


@hook(TASK, "@get:tasks")
def by_path(ctx: ActionContext) -> Response:
    """`.../tasks:/a/b/title:` -> the task titled after the last segment."""
    assert ctx.target is not None
    CALLS.append(("@get:tasks", (ctx.target.id, ctx.params["task_path"])))
    title = ctx.params["task_path"].rsplit("/", 1)[-1]
    for record in ctx.app.store.items(TASK, ctx.scope):
        if record.data.get("title") == title:
            return ctx.app.entity_response(record, "tasks/$entity", None)
    raise GraphError(404, "ErrorItemNotFound", f"No task titled '{title}'.")


@hook(TASK, "@delta:tasks")
def tasks_delta(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    CALLS.append(("@delta:tasks", ctx.target.id))
    return _json(200, {"value": [], "@odata.deltaLink": "hooked"})


@hook(TASK, "@updating")
def before_update(ctx: ActionContext) -> Response:
    assert ctx.target is not None and isinstance(ctx.body, dict)
    if ctx.body.get("title") == "forbidden":
        raise GraphError(400, "invalidRequest", "That title is not allowed.")
    ctx.body["status"] = "inProgress"  # hooks may add to the changes before the write
    ctx.extra["old_title"] = ctx.target.data.get("title")
    return 200, {}, b""


@hook(TASK, "@updated")
def after_update(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    CALLS.append(("@updated", (ctx.extra["old_title"], ctx.target.data.get("title"),
                                sorted(ctx.body))))
    return 200, {}, b""


@hook(TASK, "@deleted")
def after_delete(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    CALLS.append(("@deleted", ctx.target.id))
    return 204, {}, b""


@hook(ATTACHMENT, "@created")
def attachment_created(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    CALLS.append(("@created", ctx.target.data.get("name")))
    return 201, {}, b""


@pytest.fixture(autouse=True)
def _fresh_calls() -> None:
    CALLS.clear()


def default_list(graph: Graph) -> dict[str, Any]:
    reply = graph.get("me/defaultTaskList")
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def new_task(graph: Graph, list_id: str, **data: Any) -> dict[str, Any]:
    reply = graph.post(f"me/todo/lists/{list_id}/tasks", json=data)
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


# ---------------------------------------------------------------------------- routing


def test_hook_segment_and_structural_templates() -> None:
    assert hook_segment("drives/{id}/search(q='{text}')") == "search"
    assert hook_segment("drives/{id}/root:/{item_path}:") == "root"
    assert hook_segment("drives/{id}/special/{name}") == "special"
    assert hook_segment("{resource}/calendar/calendarView") == "calendarView"
    assert hook_segment("{parent}/{id}") == ""
    assert structural("users/{id}/x/{user_id}") == "users/{}/x/{}"
    assert structural("{parent}/{id}") != structural("{resource}/{id}")


def test_shared_graph_types_are_served_by_their_base_resource() -> None:
    specset = load_specs(ROOT / "specs")
    router = Router(specset)
    for graph_type, resource in router.resources.items():
        bases = [r for r in specset.resources if r.graph_type == graph_type and r.base is None]
        if bases:
            assert resource.base is None, graph_type
        names = {f.graph_name for f in router.fields_of(graph_type)}
        for other in specset.resources:
            if other.base == resource.name:
                assert {f.graph_name for f in other.fields} <= names


def test_context_from_pairs_placeholders_by_position() -> None:
    """`context_from: {drive_id: parentReference/driveId}`: an item asked of another drive is
    not in context, whatever the template calls the drive's placeholder."""
    (drive_item,) = [r for r in load_specs(ROOT / "specs").resources if r.name == "DriveItem"]
    record = Record(drive_item.graph_type, "", {"id": "i", "parentReference": {"driveId": "A"}},
                    1)
    own, other = "drives/{drive_id}/items/{id}", "drives/{id}/items/{item_id}"
    assert in_context(drive_item, own, {"drive_id": "A", "id": "i"}, record)
    assert not in_context(drive_item, own, {"drive_id": "B", "id": "i"}, record)
    assert in_context(drive_item, other, {"id": "A", "item_id": "i"}, record)
    assert not in_context(drive_item, other, {"id": "B", "item_id": "i"}, record)
    unplaced = Record(drive_item.graph_type, "", {"id": "i"}, 1)  # nothing to contradict
    assert in_context(drive_item, own, {"drive_id": "B", "id": "i"}, unplaced)
    assert value_at({"a": {"b": 1}}, "a/b") == 1 and value_at({"a": 2}, "a/b") is None


def test_default_list_via_seeder_and_a_navigation_named_after_no_entity(me_graph: Graph) -> None:
    found = default_list(me_graph)
    assert found["displayName"] == "Tasks" and found["wellknownListName"] == "defaultList"


def test_seeder_registration_is_checked_and_idempotent() -> None:
    with pytest.raises(ValueError, match="microsoft.graph"):
        seeder("todoTaskList")
    before = len(seed.SEEDERS)
    seeder(LIST)(seed_task_lists)
    assert len(seed.SEEDERS) == before
    assert [f for _, f in seed.SEEDERS].count(seed_task_lists) == 1


def test_literal_path_under_an_item_template_resolves_through_an_alias(
        server: EmulatorServer, me_graph: Graph) -> None:
    folder = me_graph.post("me/mailFolders", json={"displayName": "Inbox"}).json()
    server.store.add_alias("microsoft.graph.outlookTaskFolder", server.user_scope(ADELE),
                           "inbox", folder["id"])
    reply = me_graph.get("me/mailFolders/inbox")
    assert reply.status_code == 200 and reply.json()["id"] == folder["id"]


def test_path_when_path_is_served_as_the_action_it_names(me_graph: Graph) -> None:
    tasks = default_list(me_graph)
    task = new_task(me_graph, tasks["id"], title="Write report")
    base = f"me/todo/lists/{tasks['id']}/tasks/{task['id']}"
    assert me_graph.post(f"{base}/complete").status_code == 204
    assert me_graph.get(base).json()["status"] == "completed"
    assert me_graph.post(f"{base}/reopen").status_code == 204
    assert me_graph.get(base).json()["status"] == "notStarted"


def test_list_hook_gets_the_parent_entity_and_pages(me_graph: Graph) -> None:
    tasks = default_list(me_graph)
    for title in ("Buy milk", "Buy bread", "Call Megan"):
        new_task(me_graph, tasks["id"], title=title)
    reply = me_graph.get(f"me/todo/lists/{tasks['id']}/tasks/search(q='buy')",
                         params={"$top": "1"})
    assert reply.status_code == 200, reply.text
    page = reply.json()
    assert [t["title"] for t in page["value"]] == ["Buy milk"]
    assert "@odata.nextLink" in page  # the hook pages with listing.list_response
    assert CALLS == [("@list:search", tasks["id"])]
    generic = me_graph.get(f"me/todo/lists/{tasks['id']}/tasks").json()["value"]
    assert len(generic) == 3  # no @list:tasks hook: the generic owner-field listing


def test_get_hook_with_a_raw_path_spanning_segments(me_graph: Graph) -> None:
    tasks = default_list(me_graph)
    task = new_task(me_graph, tasks["id"], title="Deep")
    reply = me_graph.get(f"me/todo/lists/{tasks['id']}/tasks:/a/b/Deep:")
    assert reply.status_code == 200 and reply.json()["id"] == task["id"]
    assert CALLS == [("@get:tasks", (tasks["id"], "a/b/Deep"))]  # the closest entity
    assert_envelope(me_graph.get(f"me/todo/lists/{tasks['id']}/tasks:/x/Nothing:"), 404,
                    "ErrorItemNotFound")


def test_delta_hook_is_named_after_the_collection(me_graph: Graph) -> None:
    tasks = default_list(me_graph)
    reply = me_graph.get(f"me/todo/lists/{tasks['id']}/tasks/delta")
    assert reply.status_code == 200 and reply.json()["@odata.deltaLink"] == "hooked"
    assert CALLS == [("@delta:tasks", tasks["id"])]


# ---------------------------------------------------------------------------- writes


def test_updating_may_refuse_and_change_updated_and_deleted_follow(me_graph: Graph) -> None:
    tasks = default_list(me_graph)
    task = new_task(me_graph, tasks["id"], title="Draft")
    path = f"me/todo/lists/{tasks['id']}/tasks/{task['id']}"
    assert_envelope(me_graph.patch(path, json={"title": "forbidden"}), 400, "invalidRequest")
    assert me_graph.get(path).json()["title"] == "Draft"  # nothing was written
    assert CALLS == []
    changed = me_graph.patch(path, json={"title": "Final",
                                         "@microsoft.graph.conflictBehavior": "rename"})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["title"] == "Final" and body["status"] == "inProgress"
    assert "@microsoft.graph.conflictBehavior" not in body  # an instruction, never stored
    assert CALLS == [("@updated", ("Draft", "Final",
                                   ["lastModifiedDateTime", "status", "title"]))]
    assert me_graph.delete(path).status_code == 204
    assert CALLS[-1] == ("@deleted", task["id"])
    assert me_graph.get(path).status_code == 404


# ---------------------------------------------------------------------------- monitors


def test_monitor_url_reports_progress_without_authorization(server: EmulatorServer) -> None:
    polls = iter([{"status": "inProgress", "percentageComplete": 50.0},
                  {"status": "completed", "percentageComplete": 100.0, "resourceId": "X"}])
    url = server.graph.monitors.create(lambda: next(polls))
    assert url.startswith(f"{server.url}_emulator/monitor/")
    running = requests.get(url, timeout=10)
    assert running.status_code == 202 and running.json()["status"] == "inProgress"
    done = requests.get(url, timeout=10)
    assert done.status_code == 200 and done.json()["resourceId"] == "X"
    assert requests.post(url, timeout=10).status_code == 405
    assert_envelope(requests.get(url + "x", timeout=10), 404, "itemNotFound")
    with pytest.raises(TypeError):
        server.graph.monitors.create("not callable")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- attachments


def test_outlook_upload_completes_through_the_created_hook(server: EmulatorServer,
                                                           me_graph: Graph) -> None:
    tasks = default_list(me_graph)
    task = new_task(me_graph, tasks["id"], title="With file")
    base = f"me/todo/lists/{tasks['id']}/tasks/{task['id']}/attachments"
    content = bytes(range(256)) * 40
    described = {"attachmentType": "file", "name": "data.bin", "size": len(content),
                 "contentType": "application/x-test"}
    # The spec's session_item names the member (To Do: attachmentInfo, per
    # taskfileattachment-createuploadsession.md); Outlook's AttachmentItem is not it.
    wrong = me_graph.post(f"{base}/createUploadSession", json={"AttachmentItem": described})
    assert wrong.status_code == 400 and "attachmentInfo" in wrong.text
    session = me_graph.post(f"{base}/createUploadSession", json={"attachmentInfo": described})
    assert session.status_code == 201, session.text
    done = requests.put(session.json()["uploadUrl"], data=content, timeout=10, headers={
        "Content-Range": f"bytes 0-{len(content) - 1}/{len(content)}"})
    assert done.status_code == 201 and "/Attachments('" in done.headers["Location"]
    assert CALLS == [("@created", "data.bin")]
    (listed,) = me_graph.get(base).json()["value"]
    assert listed["@odata.type"] == "#microsoft.graph.taskFileAttachment"
    assert listed["name"] == "data.bin" and listed["contentType"] == "application/x-test"
    value = me_graph.get(f"{base}/{listed['id']}/$value")
    assert value.status_code == 200 and value.content == content
    assert value.headers["Content-Type"] == "application/x-test"
    assert me_graph.delete(f"{base}/{listed['id']}").status_code == 204
    assert me_graph.get(f"{base}/{listed['id']}/$value").status_code == 404


def test_posted_attachment_value_decodes_content_bytes(me_graph: Graph) -> None:
    tasks = default_list(me_graph)
    task = new_task(me_graph, tasks["id"], title="Small file")
    base = f"me/todo/lists/{tasks['id']}/tasks/{task['id']}/attachments"
    created = me_graph.post(base, json={
        "@odata.type": "#microsoft.graph.taskFileAttachment", "name": "hello.txt",
        "contentType": "text/plain", "contentBytes": base64.b64encode(b"hello").decode()})
    assert created.status_code == 201, created.text
    assert created.json()["@odata.type"] == "#microsoft.graph.taskFileAttachment"
    reply = me_graph.get(f"{base}/{created.json()['id']}/$value")
    assert reply.status_code == 200 and reply.content == b"hello"
    other = new_task(me_graph, tasks["id"], title="Other")
    wrong = f"me/todo/lists/{tasks['id']}/tasks/{other['id']}/attachments"
    assert me_graph.get(f"{wrong}/{created.json()['id']}/$value").status_code == 404


# ---------------------------------------------------------------------------- time zones

DUE = {"dateTime": "2024-07-01T09:00:00.0000000", "timeZone": "Pacific Standard Time"}


def _zoned_task(me_graph: Graph) -> str:
    tasks = default_list(me_graph)
    task = new_task(me_graph, tasks["id"], title="Zoned", dueDateTime=DUE,
                    reminder={"eventSubject": "Zoned", "reminderFireTime": DUE})
    return f"me/todo/lists/{tasks['id']}/tasks/{task['id']}"


def test_zoned_values_come_back_in_utc_without_a_preference(me_graph: Graph) -> None:
    reply = me_graph.get(_zoned_task(me_graph))
    body = reply.json()
    assert body["dueDateTime"] == {"dateTime": "2024-07-01T16:00:00.0000000", "timeZone": "UTC"}
    assert body["reminder"]["reminderFireTime"]["dateTime"] == "2024-07-01T16:00:00.0000000"
    assert "Preference-Applied" not in reply.headers


@pytest.mark.parametrize(("zone", "wall_clock"), [
    ("W. Europe Standard Time", "2024-07-01T18:00:00.0000000"),
    ("Asia/Kolkata", "2024-07-01T21:30:00.0000000"),
])
def test_zoned_values_follow_prefer_outlook_timezone(me_graph: Graph, zone: str,
                                                     wall_clock: str) -> None:
    path = _zoned_task(me_graph)
    prefer = {"Prefer": f'outlook.timezone="{zone}"'}
    reply = me_graph.get(path, headers=prefer)
    assert reply.json()["dueDateTime"] == {"dateTime": wall_clock, "timeZone": zone}
    assert reply.json()["reminder"]["reminderFireTime"]["timeZone"] == zone
    assert reply.headers["Preference-Applied"] == f'outlook.timezone="{zone}"'
    listing = me_graph.get(path.rsplit("/", 1)[0], headers={
        "Prefer": f'outlook.timezone="{zone}", odata.maxpagesize=5'})
    assert listing.json()["value"][0]["dueDateTime"]["dateTime"] == wall_clock
    applied = listing.headers["Preference-Applied"]
    assert "odata.maxpagesize=5" in applied and f'outlook.timezone="{zone}"' in applied
    lists = me_graph.get("me/todo/lists", headers=prefer)  # nothing zoned: nothing applied
    assert "Preference-Applied" not in lists.headers


def test_unknown_preferred_zone_is_refused(me_graph: Graph) -> None:
    reply = me_graph.get(_zoned_task(me_graph),
                         headers={"Prefer": 'outlook.timezone="Mars/Olympus"'})
    assert_envelope(reply, 400, "TimeZoneNotSupportedException")


def test_specs_dir_fixture_serves_the_task_specs(specs_dir: Path) -> None:
    assert (specs_dir / "testonly" / "test_task.yaml").is_file()
