"""To Do end to end: the generated API (seed names and python-o365 aliases) against the local
emulator over real sockets, which serves the To Do specs with no code of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from emulator import EmulatorServer
from generated.o365.tasks.task import Task
from generated.o365.tasks.task_list import TaskList
from generated.o365.tasks.todo import ToDo
from generated.o365.types import Importance, TaskStatus, WellknownListName
from runtime.errors import NotFoundError
from runtime.query import Query
from tests.support.accounts import emulator_account

from .conftest import MEGAN


def test_every_mailbox_has_the_built_in_lists(adele: ToDo) -> None:
    lists = list(adele.get_lists())
    assert [(x.display_name, x.wellknown_list_name) for x in lists] == [
        ("Tasks", WellknownListName.DEFAULT_LIST),
        ("Flagged email", WellknownListName.FLAGGED_EMAILS)]
    assert [x.object_id for x in adele.list_folders()] == [x.object_id for x in lists]
    assert all(x.is_owner and not x.is_shared for x in lists)


def test_lists_are_created_found_renamed_and_deleted(adele: ToDo) -> None:
    travel = adele.new_list("Travel items")
    assert isinstance(travel, TaskList) and travel.wellknown_list_name is WellknownListName.NONE
    assert adele.get_list(list_name="Travel items").object_id == travel.object_id
    assert adele.get_folder(list_id=travel.object_id).name == "Travel items"  # aliases
    travel.display_name = "Vacation plan"
    assert travel.update() is True
    assert adele.get_list(list_id=travel.object_id).display_name == "Vacation plan"
    assert adele.new_folder("Groceries").display_name == "Groceries"
    assert travel.delete() is True
    with pytest.raises(NotFoundError):
        adele.get_list(list_id=travel.object_id)


def test_tasks_get_graphs_defaults_and_live_only_in_their_list(adele: ToDo) -> None:
    default = adele.get_list(list_name="Tasks")
    other = adele.new_list("Errands")
    task = default.new_task(subject="Buy milk")
    assert task.save() is True
    assert isinstance(task, Task) and task.object_id
    task_id = task.object_id
    assert (task.status, task.importance) == (TaskStatus.NOT_STARTED, Importance.NORMAL)
    assert task.body is not None and task.body.content == "" and task.created is not None
    assert [t.subject for t in default.get_tasks()] == ["Buy milk"]
    assert list(other.get_tasks()) == []
    with pytest.raises(NotFoundError):
        other.get_task(task_id)
    assert default.get_task(task_id).subject == "Buy milk"


def test_a_task_is_completed_updated_and_deleted(adele: ToDo) -> None:
    tasks = adele.get_list(list_name="Tasks")
    task = tasks.new_task(subject="Write report")
    task.due = dt.datetime(2025, 5, 1, 17, 0, tzinfo=dt.timezone.utc)
    task.save()
    task_id = str(task.object_id)
    open_tasks = Query().filter("status eq 'notStarted'")
    assert [t.subject for t in tasks.get_tasks(query=open_tasks)] == ["Write report"]
    assert task.complete() is True
    assert tasks.get_task(task_id).status is TaskStatus.COMPLETED
    assert list(tasks.get_tasks(query=open_tasks)) == []
    task.mark_uncompleted()  # python-o365's name for reopen()
    assert tasks.get_task(task_id).status is TaskStatus.NOT_STARTED
    task.subject = "Write the report"
    assert task.save() is True
    fetched = tasks.get_task(task_id)
    assert fetched.subject == "Write the report"
    assert fetched.due == dt.datetime(2025, 5, 1, 17, 0, tzinfo=dt.timezone.utc)
    assert task.delete() is True
    with pytest.raises(NotFoundError):
        task.refresh()


def test_each_user_has_their_own_lists(server: EmulatorServer, adele: ToDo) -> None:
    megan = emulator_account(server, MEGAN).tasks()
    mine = adele.new_list("Adele only")
    assert "Adele only" not in [x.display_name for x in megan.get_lists()]
    with pytest.raises(NotFoundError):
        megan.get_list(list_id=mine.object_id)
