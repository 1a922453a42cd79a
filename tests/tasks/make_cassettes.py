"""Build tests/tasks/cassettes/*.yaml from Microsoft's documented To Do examples.

Run `python -m tests.tasks.make_cassettes` after editing a scenario; the cassettes are
committed. Each response body is copied from `tests/tasks/docs_examples/<page>.json` (its
`source` names the page and commit of microsoftgraph/microsoft-graph-docs-contrib). The
requests are the documented ones, adapted as tests/mail/make_cassettes.py says: where a
test chains calls, an id in a URL becomes the id an earlier documented response returned,
and a body is what this library sends (the create example's linkedResources are left out:
links are made with add_linked_resource; a dateTimeTimeZone carries seven fractional
digits, as Graph itself writes them; an update sends only what changed; an attachment's
bytes are real base64, where the page shows a placeholder; an upload session names the
file's content type too).
"""

from __future__ import annotations

from pathlib import Path

from tests.mail.make_cassettes import GRAPH, Step, write_all

HERE = Path(__file__).parent
LIST = GRAPH + "me/todo/lists/5daae1ed-e1ed-5daa-ede1-aa5dede1aa5d"  # todotasklist-get's id
TASK = LIST + "/tasks/721a35e2-35e2-721a-e235-1a72e2351a72"  # todotask-get's id
STEP = "51d8a471-2e9d-4f53-9937-c33a8742d28f"  # the first step todotask-list-checklistitems lists
NEW_STEP = "e3a26c2e-7c6f-4317-9d71-c27267008202"  # the step todotask-post-checklistitems made
LINK = "f9cddce2-dce2-f9cd-e2dc-cdf9e2dccdf9"  # the link todotask-post-linkedresources made

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
    "checklist": [
        ("todotasklist-get", None, {}),
        ("todotask-get", None, {"url": TASK}),
        ("todotask-list-checklistitems", None, {"url": TASK + "/checklistItems"}),
        ("todotask-post-checklistitems", None, {"url": TASK + "/checklistItems"}),
        ("checklistitem-get", None, {"url": TASK + "/checklistItems/" + STEP}),
        ("checklistitem-update", None, {"url": TASK + "/checklistItems/" + NEW_STEP}),
        ("checklistitem-delete", None, {"url": TASK + "/checklistItems/" + NEW_STEP}),
    ],
    "linked_resources": [
        ("todotasklist-get", None, {}),
        ("todotask-get", None, {"url": TASK}),
        ("todotask-list-linkedresources", None, {"url": TASK + "/linkedResources"}),
        ("todotask-post-linkedresources", None, {"url": TASK + "/linkedResources"}),
        ("linkedresource-update", None, {"url": TASK + "/linkedResources/" + LINK,
                                         "body": {"webUrl": "http://microsoft.com"}}),
        ("linkedresource-delete", None, {"url": TASK + "/linkedResources/" + LINK}),
    ],
    "attachments": [
        ("todotasklist-get", None, {}),
        ("todotask-get", None, {"url": TASK}),
        ("todotask-list-attachments", None, {"url": TASK + "/attachments"}),
        ("todotask-post-attachments", None, {"url": TASK + "/attachments", "body": {
            "@odata.type": "#microsoft.graph.taskFileAttachment", "name": "smile",
            "contentBytes": "R0lGODlhAQABAAAAACw=", "contentType": "image/gif"}}),
        ("taskfileattachment-delete", None, {"url": TASK + "/attachments/AAMkADliMm="}),
    ],
    "upload_session": [
        ("taskfileattachment-createuploadsession", None, {"body": {"attachmentInfo": {
            "attachmentType": "file", "name": "flower", "size": 3483322,
            "contentType": "application/octet-stream"}}}),
    ],
    "delta": [
        ("todotasklist-delta", None, {}),
        ("todotasklist-get", None, {}),
        ("todotask-delta", None, {"url": LIST + "/tasks/delta?$deltatoken=w0vf2jHg2mBXU-I2AK0FSWl0dopNtG8u5YoM"}),
    ],
}


def main() -> None:
    write_all(SCENARIOS, HERE / "docs_examples", HERE / "cassettes", "tests/tasks/make_cassettes.py")


if __name__ == "__main__":
    main()
