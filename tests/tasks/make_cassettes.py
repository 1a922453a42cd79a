"""Build tests/tasks/cassettes/*.yaml from Microsoft's documented To Do examples.

Run `python -m tests.tasks.make_cassettes` after editing a scenario; the cassettes are
committed. Each response body is copied from `tests/tasks/docs_examples/<page>.json` (its
`source` names the page and commit of microsoftgraph/microsoft-graph-docs-contrib). The
requests are the documented ones, adapted as tests/mail/make_cassettes.py says: where a
test chains calls, an id in a URL becomes the id an earlier documented response returned,
and a body is what this library sends (the create example's linkedResources are left out:
the spec has no such field; a dateTimeTimeZone carries seven fractional digits, as Graph
itself writes them).
"""

from __future__ import annotations

from pathlib import Path

from tests.mail.make_cassettes import GRAPH, Step, write_all

HERE = Path(__file__).parent
LIST = GRAPH + "me/todo/lists/5daae1ed-e1ed-5daa-ede1-aa5dede1aa5d"  # todotasklist-get's id
TASK = LIST + "/tasks/721a35e2-35e2-721a-e235-1a72e2351a72"  # todotask-get's id

SCENARIOS: dict[str, list[Step]] = {
    "lists": [
        ("todo-list-lists", None, {}),
        ("todo-post-lists", None, {}),
        ("todotasklist-update", None, {}),
        ("todotasklist-delete", None, {"url": GRAPH + "me/todo/lists/AAMkADIyAAAhrbPWAAA="}),
    ],
    "tasks": [
        ("todotasklist-get", None, {}),
        ("todotasklist-list-tasks", None, {"url": LIST + "/tasks"}),
        ("todotasklist-post-tasks", None, {"url": LIST + "/tasks",
                                           "body": {"title": "A new task"}}),
        ("todotask-get", None, {"url": TASK}),
        ("todotask-update", None, {"url": TASK, "body": {"dueDateTime": {
            "dateTime": "2020-07-25T16:00:00.0000000", "timeZone": "Eastern Standard Time"}}}),
        ("todotask-delete", None, {"url": TASK}),
    ],
}


def main() -> None:
    write_all(SCENARIOS, HERE / "docs_examples", HERE / "cassettes", "tests/tasks/make_cassettes.py")


if __name__ == "__main__":
    main()
