"""Recipes for the To Do placeholders of the documented requests (docs_examples/tasks/).

Each makes what the page's request names in Adele's To Do with the documented create calls:
a list of her own ({todo_list}), a task in it ({todo_task}), a step of that task
({todo_step}), a link on it ({todo_link}) and a file attached to it ({todo_attachment}).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .fidelity import Caller


class TasksRecipes:
    """Mixed into docs_world.World, which gives these three."""

    me: Caller
    id: Callable[[str], str]
    name: Callable[[str], str]

    def _under_task(self, collection: str, body: dict[str, Any]) -> str:
        task = f"me/todo/lists/{self.id('todo_list')}/tasks/{self.id('todo_task')}"
        return str(self.me.ok("POST", f"{task}/{collection}", 201, json=body)["id"])

    def make_todo_list(self) -> str:
        """A list of Adele's own (todo-post-lists.md)."""
        return str(self.me.ok("POST", "me/todo/lists", 201,
                              json={"displayName": self.name("list")})["id"])

    def make_todo_task(self) -> str:
        """A task with a due date and notes, as todotask-get.md shows one (todotasklist-post-tasks.md)."""
        return str(self.me.ok("POST", f"me/todo/lists/{self.id('todo_list')}/tasks", 201, json={
            "title": self.name("task"), "importance": "low", "categories": ["Important"],
            "body": {"content": "Milk and eggs.", "contentType": "text"},
            "dueDateTime": {"dateTime": "2030-03-05T16:00:00", "timeZone": "UTC"}})["id"])

    def make_todo_step(self) -> str:
        """A step of {todo_task} (todotask-post-checklistitems.md)."""
        return self._under_task("checklistItems", {"displayName": self.name("step")})

    def make_todo_link(self) -> str:
        """A link from {todo_task} to the mail it came from (todotask-post-linkedresources.md)."""
        return self._under_task("linkedResources", {
            "webUrl": "https://outlook.office.com/mail/id/fidelity", "applicationName": "Outlook",
            "displayName": self.name("link"), "externalId": f"fidelity-{self.id('n')}"})

    def make_todo_attachment(self) -> str:
        """A small file attached to {todo_task} (todotask-post-attachments.md)."""
        return self._under_task("attachments", {
            "@odata.type": "#microsoft.graph.taskFileAttachment", "name": "notes.txt",
            "contentType": "text/plain", "contentBytes": "SGVsbG8gV29ybGQh"})
