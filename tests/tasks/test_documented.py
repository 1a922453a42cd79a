"""The generated To Do API against Microsoft's documented example responses (cassettes).

tests/tasks/cassettes/ are built by tests/tasks/make_cassettes.py from the pages named in
each cassette (api-reference/v1.0/api/todo-list-lists.md, todo-post-lists.md,
todotasklist-get.md, todotasklist-update.md, todotasklist-delete.md,
todotasklist-list-tasks.md, todotasklist-post-tasks.md, todotask-get.md,
todotask-update.md, todotask-delete.md). Every request sent is matched against the
documented one: method, path, query options and JSON body.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from generated.o365.tasks.task import Task
from generated.o365.tasks.task_list import TaskList
from generated.o365.tasks.todo import ToDo
from generated.o365.types import Importance, TaskStatus, WellknownListName
from runtime.connection import Connection
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
