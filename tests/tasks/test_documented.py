"""The generated To Do API against Microsoft's documented example responses (cassettes).

tests/tasks/cassettes/ are built by tests/tasks/make_cassettes.py from the pages named in
each cassette (api-reference/v1.0/api/todo-list-lists.md, todo-post-lists.md,
todotasklist-get.md, todotasklist-update.md, todotasklist-delete.md,
todotasklist-list-tasks.md, todotasklist-post-tasks.md, todotask-get.md,
todotask-update.md, todotask-delete.md; steps, linked resources, attachments and delta:
the pages each test names). Every request sent is matched against the documented one:
method, path, query options and JSON body.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365.tasks.checklist_item import ChecklistItem
from generated.o365.tasks.linked_resource import LinkedResource
from generated.o365.tasks.task import Task
from generated.o365.tasks.task_file_attachment import TaskFileAttachment
from generated.o365.tasks.task_list import TaskList
from generated.o365.tasks.todo import ToDo
from generated.o365.types import Importance, TaskStatus, WellknownListName
from tests.mail.conftest import Sent


@pytest.fixture
def todo(graph_con: Connection) -> ToDo:
    return ToDo(graph_con, "me")


def test_lists_create_rename_delete(todo: ToDo, docs_cassette: Any, sent: Sent) -> None:
    with docs_cassette("lists") as played:
        default, monthly = todo.get_lists()
        travel = todo.new_list("Travel items")
        travel.display_name = "Vacation Plan"
        assert travel.update() is True
        assert travel.delete() is True
    assert played.all_played
    assert (default.display_name, default.wellknown_list_name) == (
        "Tasks", WellknownListName.DEFAULT_LIST)
    assert monthly.object_id == "AAMkADIyAAAEFTTrJAAA=" and monthly.is_owner is True
    assert travel.object_id == "AAMkADIyAAAhrbPWAAA=" and travel.display_name == "Vacation Plan"
    assert sent.bodies == [None, {"displayName": "Travel items"},
                           {"displayName": "Vacation Plan"}, None]


def test_tasks_list_create_get_update_delete(todo: ToDo, docs_cassette: Any,
                                             sent: Sent) -> None:
    with docs_cassette("tasks") as played:
        monthly = todo.get_list(list_id="AAMkADIyAAAAABrJAAA=")
        (linked,) = monthly.get_tasks()
        new = monthly.new_task(subject="A new task")
        new.save()
        task = monthly.get_task("721a35e2-35e2-721a-e235-1a72e2351a72")
        task.due = dt.datetime(2020, 7, 25, 16, 0, tzinfo=ZoneInfo("America/New_York"))
        assert task.save() is True
        assert task.delete() is True
    assert played.all_played
    assert isinstance(monthly, TaskList) and monthly.display_name == "Monthly tasks"
    assert isinstance(linked, Task) and linked.subject == "Linked entity new task 1"
    assert linked.categories == ["Important", "Urgent"] and linked.importance is Importance.LOW
    assert new.object_id == "AlMKXwbQAAAJws6wcAAAA=" and new.status is TaskStatus.NOT_STARTED
    assert task.subject == "Shop for dinner"
    assert task.due == dt.datetime(2020, 8, 25, 4, 0, tzinfo=dt.timezone.utc)  # the server's
    assert sent.bodies[2] == {"title": "A new task"}
    assert sent.bodies[4] == {"dueDateTime": {"dateTime": "2020-07-25T16:00:00.0000000",
                                              "timeZone": "Eastern Standard Time"}}


LIST_URL = "https://graph.microsoft.com/v1.0/me/todo/lists/5daae1ed-e1ed-5daa-ede1-aa5dede1aa5d"


def documented_task(todo: ToDo) -> Task:
    """The task of todotask-get, in the list of todotasklist-get (two documented GETs)."""
    return todo.get_list(list_id="AAMkADIyAAAAABrJAAA=").get_task("721a35e2-35e2-721a-e235-1a72e2351a72")


def test_steps_list_add_get_rename_delete(todo: ToDo, docs_cassette: Any, sent: Sent) -> None:
    """todotask-list-checklistitems.md, todotask-post-checklistitems.md, checklistitem-get.md,
    checklistitem-update.md, checklistitem-delete.md."""
    with docs_cassette("checklist") as played:
        task = documented_task(todo)
        draft, review = task.get_checklist_items()
        step = task.new_checklist_item("Final sign-off from the team")
        assert step.save() is True
        got = task.get_checklist_item("51d8a471-2e9d-4f53-9937-c33a8742d28f")
        step.display_name = "buy cake"
        assert step.save() is True
        assert step.delete() is True
    assert played.all_played
    assert (draft.display_name, draft.is_checked, review.displayname) == ("Create draft", False,
                                                                          "Review with the team")
    assert isinstance(step, ChecklistItem) and step.item_id == "e3a26c2e-7c6f-4317-9d71-c27267008202"
    assert step.created == dt.datetime(2021, 11, 17, 5, 35, 3, tzinfo=dt.timezone.utc)
    assert got.display_name == "Create draft" and got.checked is None
    assert sent.bodies[3:] == [{"displayName": "Final sign-off from the team"}, None,
                               {"displayName": "buy cake"}, None]


def test_linked_resources_list_add_update_delete(todo: ToDo, docs_cassette: Any, sent: Sent) -> None:
    """todotask-list-linkedresources.md, todotask-post-linkedresources.md,
    linkedresource-update.md, linkedresource-delete.md."""
    with docs_cassette("linked_resources") as played:
        task = documented_task(todo)
        (existing,) = task.get_linked_resources()
        link = task.add_linked_resource("https://microsoft.com", "Microsoft", display_name="Microsoft",
                                        external_id="dk9cddce2-dce2-f9dd-e2dc-cdf9e2dccdf9")
        link.web_url = "http://microsoft.com"
        assert link.save() is True
        assert link.delete() is True
    assert played.all_played
    assert isinstance(existing, LinkedResource) and existing.application_name == "Microsoft"
    assert link.object_id == "f9cddce2-dce2-f9cd-e2dc-cdf9e2dccdf9" and link.web_url == "http://microsoft.com"
    assert sent.bodies[3:] == [
        {"webUrl": "https://microsoft.com", "applicationName": "Microsoft", "displayName": "Microsoft",
         "externalId": "dk9cddce2-dce2-f9dd-e2dc-cdf9e2dccdf9"},
        {"webUrl": "http://microsoft.com"}, None]


def test_attachments_list_add_remove(todo: ToDo, docs_cassette: Any, sent: Sent) -> None:
    """todotask-list-attachments.md, todotask-post-attachments.md, taskfileattachment-delete.md:
    a small file goes inline as a taskFileAttachment, without Outlook's isInline."""
    with docs_cassette("attachments") as played:
        task = documented_task(todo)
        flower, tree = task.attachments
        task.attachments.add(base64.b64decode("R0lGODlhAQABAAAAACw="), "smile", content_type="image/gif")
        assert task.save() is True  # nothing changed on the task: only the file is sent
        task.attachments.remove(flower)
    assert played.all_played
    assert isinstance(flower, TaskFileAttachment) and (flower.name, flower.size) == ("flower.md", 2814)
    assert tree.content_type == "image/jpeg" and flower.attachment_type == "file"
    with pytest.raises(ValueError, match="inline images"):
        task.attachments.add(b"<svg/>", "logo.svg", content_id="logo")


def test_a_large_file_opens_an_upload_session_named_as_to_do_wants(graph_con: Connection,
                                                                   docs_cassette: Any, sent: Sent) -> None:
    """taskfileattachment-createuploadsession.md: the session's body member is the spec's
    `attachmentInfo` (the PUTs of the fragments are held to the emulator: test_e2e.py)."""
    from generated.o365._runtime.upload import create_upload_session

    member = Task().attachments._session_item  # what the generated Task names (the spec's)
    with docs_cassette("upload_session") as played:
        session = create_upload_session(
            graph_con, "me/todo/lists/AAMDiFkfh=/tasks/AAMkADliMm=/attachments",
            {"name": "flower", "contentType": "application/octet-stream"}, kind="outlook",
            size=3483322, item_member=member)
    assert played.all_played
    assert session["nextExpectedRanges"] == ["0-"]


def test_delta_of_lists_and_of_a_lists_tasks(todo: ToDo, docs_cassette: Any) -> None:
    """todotasklist-delta.md (the first round) and todotask-delta.md (a next round, from a
    saved delta link)."""
    with docs_cassette("delta") as played:
        lists = todo.get_lists_delta()
        (one,) = list(lists)
        monthly = todo.get_list(list_id="AAMkADIyAAAAABrJAAA=")
        tasks = monthly.get_tasks_delta(LIST_URL + "/tasks/delta?$deltatoken=w0vf2jHg2mBXU-I2AK0FSWl0dopNtG8u5YoM")
        (changed,) = list(tasks)
    assert played.all_played
    assert isinstance(one, TaskList) and one.display_name == "List1"
    assert lists.delta_link is not None and "skiptoken" in lists.delta_link
    assert isinstance(changed, Task) and changed.subject == "empty task3"
    assert tasks.delta_link is not None and tasks.delta_link.endswith("MoVMZ_DzHG4AhT3WE8VioVS1IXZJ-ArqK5fknOjnKFY")
