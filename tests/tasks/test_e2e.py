"""To Do end to end: the generated API (seed names and python-o365 aliases) against the local
emulator over real sockets, which serves the To Do specs with no code of its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generated.o365._runtime.errors import NotFoundError
from generated.o365._runtime.query import Query
from generated.o365.emulator import EmulatorServer
from generated.o365.tasks.task import Task
from generated.o365.tasks.task_file_attachment import TaskFileAttachment
from generated.o365.tasks.task_list import TaskList
from generated.o365.tasks.todo import ToDo
from generated.o365.types import Importance, TaskStatus, WellknownListName
from tests.support.accounts import emulator_account

from .conftest import MEGAN


def test_every_mailbox_has_the_built_in_lists(adele: ToDo) -> None:
    lists = list(adele.get_lists())
    assert [(x.display_name, x.wellknown_list_name) for x in lists] == [
        ("Tasks", WellknownListName.DEFAULT_LIST),
        ("Flagged email", WellknownListName.FLAGGED_EMAILS),
        ("Home", WellknownListName.NONE)]  # the seeded list of the user's own
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
    task.mark_uncompleted()  # python-o365's way: marked here, sent by save()
    assert task.save() is True
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


def test_a_recurring_task_completed_makes_its_next_occurrence_and_delta_shows_both(adele: ToDo) -> None:
    chores = adele.new_list("Chores")
    bins = chores.new_task("Put the bins out")
    bins.due = dt.datetime(2025, 3, 3, 19, 0)  # naive: the protocol's zone (UTC here)
    bins.reminder = dt.datetime(2025, 3, 3, 18, 0)
    bins.recurrence.set_weekly(1, days_of_week=["monday"])
    bins.save()
    assert bins.recurrence.recurrence_range.start_date == dt.date(2025, 3, 3)  # from the due date
    rounds = chores.get_tasks_delta()
    assert [t.subject for t in rounds] == ["Put the bins out"]
    saved = rounds.delta_link
    assert bins.complete() is True
    assert bins.completed and bins.completed_date_time is not None
    changes = list(chores.get_tasks_delta(saved))
    assert sorted((t.due, t.status) for t in changes) == [
        (dt.datetime(2025, 3, 3, 19, 0, tzinfo=dt.timezone.utc), TaskStatus.COMPLETED),
        (dt.datetime(2025, 3, 10, 19, 0, tzinfo=dt.timezone.utc), TaskStatus.NOT_STARTED)]
    following = next(t for t in changes if not t.completed)
    assert following.object_id != bins.object_id and following.subject == "Put the bins out"
    assert following.reminder == dt.datetime(2025, 3, 10, 18, 0, tzinfo=dt.timezone.utc)
    assert following.recurrence.recurrence_type == "weekly"
    assert bins.refresh().raw.get("recurrence") is None  # the series moved on to the next task
    assert following.complete() is True  # and goes on from there
    assert sorted(t.due.day for t in chores.get_tasks() if not t.completed) == [17]


def test_a_series_that_has_ended_makes_no_next_occurrence(adele: ToDo) -> None:
    chores = adele.new_list("Chores")
    last = chores.new_task("Final payment")
    last.due = dt.date(2025, 6, 30)
    last.recurrence.set_monthly(1, day_of_month=30)
    last.recurrence.set_range(dt.date(2025, 4, 30), dt.date(2025, 6, 30))
    last.save()
    last.complete()
    assert [t.completed for t in chores.get_tasks()] == [True]


def test_steps_round_trip(adele: ToDo) -> None:
    tasks = adele.get_default_list()
    trip = tasks.new_task("Plan the offsite")
    trip.save()
    venue = trip.new_checklist_item("Book the venue")
    assert venue.save() is True and venue.is_checked is False and venue.checked is None
    invites = trip.add_checklist_item("Send invitations", checked=True)
    assert invites.is_checked and invites.checked is not None
    menu = trip.new_checklist_item()
    menu.display_name = "Choose the menu"
    menu.mark_checked()  # python-o365's way: sent with the create
    menu.save()
    assert [(s.display_name, s.is_checked) for s in trip.get_checklist_items()] == [
        ("Book the venue", False), ("Send invitations", True), ("Choose the menu", True)]
    assert venue.check() is True and venue.refresh().checked is not None
    assert invites.uncheck() is True
    assert trip.get_checklist_item(str(invites.object_id)).checked is None
    menu.mark_unchecked()
    menu.display_name = "Choose the menu and drinks"
    assert menu.save() is True
    again = trip.get_checklist_item(str(menu.object_id))
    assert (again.display_name, again.is_checked) == ("Choose the menu and drinks", False)
    assert venue.delete() is True
    assert [s.display_name for s in trip.get_checklist_items()] == [
        "Send invitations", "Choose the menu and drinks"]
    other = tasks.new_task("Unrelated")
    other.save()
    with pytest.raises(NotFoundError):  # a step lives under its own task only
        other.get_checklist_item(str(menu.object_id))


def test_linked_resources_round_trip(adele: ToDo) -> None:
    task = adele.new_task("Answer the quote")  # the default list (python-o365's ToDo.new_task)
    task.save()
    link = task.add_linked_resource("https://outlook.office.com/mail/id/1", "Outlook",
                                    display_name="Quote", external_id="AAMk1")
    assert [(x.display_name, x.external_id) for x in task.get_linked_resources()] == [("Quote", "AAMk1")]
    link.display_name = "The quote"
    assert link.save() is True
    assert [x.display_name for x in task.get_linked_resources()] == ["The quote"]
    assert link.delete() is True
    assert list(task.get_linked_resources()) == []


def test_attachments_small_and_through_an_upload_session(adele: ToDo, tmp_path: Any) -> None:
    task = adele.get_default_list().new_task("Sign the lease")
    task.attachments.add(b"Lease, page 1", "lease.txt")
    big = bytes(range(256)) * (5 * 4096 + 7)  # 5 MB and a bit: an upload session, in chunks
    task.attachments.add(big, "scan.bin")
    task.save()  # the task first, then its files
    assert task.refresh().has_attachments is True
    small, large = sorted(task.attachments, key=lambda a: a.name)
    assert isinstance(small, TaskFileAttachment) and (small.name, small.size) == ("lease.txt", 13)
    assert (large.name, large.size) == ("scan.bin", len(big))
    written = task.attachments.download_all(tmp_path)
    assert sorted(open(p, "rb").read() for p in written) == sorted([b"Lease, page 1", big])
    task.attachments.remove(small)
    task.attachments.remove(large)
    assert task.refresh().has_attachments is False
    with pytest.raises(ValueError, match="26214400"):
        task.attachments.add(b"x" * (26214400 + 1), "too-big.bin")  # To Do's 25 MB, before sending


def test_every_field_round_trips_with_its_time_zone(adele: ToDo) -> None:
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    task = adele.get_default_list().new_task("Renew the passport")
    task.importance = Importance.HIGH
    task.categories = ["Admin", "Travel"]
    task.body = "<p>Photos <b>first</b></p>"
    task.start = dt.datetime(2025, 4, 1, 9, 0, tzinfo=paris)
    task.due = dt.datetime(2025, 4, 30, 17, 0, tzinfo=paris)
    task.reminder = dt.datetime(2025, 4, 29, 9, 0, tzinfo=paris)
    task.is_reminder_on = True
    task.save()
    got = adele.get_default_list().get_task(str(task.object_id))
    # The same instants; To Do answers in UTC (as todotask-update.md's example shows).
    assert got.due == dt.datetime(2025, 4, 30, 17, 0, tzinfo=paris)
    assert got.due.utcoffset() == dt.timedelta(0) and got.raw["dueDateTime"]["timeZone"] == "UTC"
    assert got.start == dt.datetime(2025, 4, 1, 9, 0, tzinfo=paris)
    assert got.reminder == dt.datetime(2025, 4, 29, 9, 0, tzinfo=paris) and got.is_reminder_on
    assert (got.importance, got.is_starred, got.categories) == (Importance.HIGH, True, ["Admin", "Travel"])
    assert got.get_body_text() == "Photos first" and got.body_type == "html"
    assert got.completed is False and got.completed_date_time is None
    got.due = None  # a due date can be taken away
    got.save()
    assert adele.get_default_list().get_task(str(task.object_id)).due is None


def test_lists_are_found_as_python_o365_finds_them(adele: ToDo) -> None:
    home = adele.get_folder(folder_name="Home")  # python-o365's names
    assert home.name == "Home" and home.folder_id == home.object_id and not home.is_default
    assert adele.get_default_folder().is_default
    assert adele.get_list(list_id=home.folder_id).display_name == "Home"
    milk = adele.new_task("Buy milk")  # the default list
    milk.save()
    assert [t.subject for t in adele.get_tasks()] == ["Buy milk"]
    assert [t.subject for t in home.get_tasks(order_by="title desc")] == ["Water the plants",
                                                                         "Prepare the move"]
    steps = [s.display_name for t in home.get_tasks() for s in t.get_checklist_items()]
    assert steps == ["Book the movers", "Pack the books", "Forward the mail"]
    with pytest.raises(ValueError, match="say what to look for|give one"):
        adele.get_list()
