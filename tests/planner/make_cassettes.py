"""Build tests/planner/cassettes/*.yaml from Microsoft's documented Planner examples.

Run `python -m tests.planner.make_cassettes` after editing a scenario; the cassettes are
committed. Each response body is copied from `tests/planner/docs_examples/<page>.json` (its
`source` names the page and commit of microsoftgraph/microsoft-graph-docs-contrib). The
requests are the documented ones, adapted where a test chains calls (as
tests/mail/make_cassettes.py says): a placeholder id in a URL (`{plan-id}`) becomes the id an
earlier documented response returned. Other adaptations, each needed by a rule of Graph the
page states elsewhere:

- Every Planner entity carries `@odata.etag` (resources/planner-overview.md), and the
  update pages send `If-Match: W/"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBAWCc="`; most example
  responses leave the member out, so the GET and PATCH answers here carry that documented
  ETag (`response_adds`), which is what lets this library send If-Match at all.
- planner-post-plans.md names the group by a beta URL; this library speaks v1.0.
- plannertaskdetails-update.md writes `@odata.type` without the leading `#` that Graph's own
  answers use; the request here has the `#` (Graph takes both).
- planneruser-list-tasks.md documents `GET /me/planner/tasks` and `GET /users/{id}/planner/tasks`
  with one example; the second request uses the user of planner-post-tasks.md's assignment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.docs_cassettes import GRAPH, Step, write_all

HERE = Path(__file__).parent
ETAG = 'W/"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBAWCc="'  # the If-Match of the update pages
TAGGED: dict[str, Any] = {"response_adds": {"@odata.etag": ETAG}}
PLAN = GRAPH + "planner/plans/xqQg5FS2LkCp935s-FIFm2QAFkHM"  # plannerplan-get's id
BUCKET = GRAPH + "planner/buckets/hsOf2dhOJkqyYYZEtdzDe2QAIUCR"  # plannerbucket-get's id
TASK = GRAPH + "planner/tasks/01gzSlKkIUSUl6DF_EilrmQAKDhh"  # plannertask-get's id
GROUP = "ebf3b108-5234-4e22-b93d-656d7dae5874"  # the group of planner-post-plans
USER = "fbab97d0-4932-4511-b675-204639209557"  # assigned in planner-post-tasks

SCENARIOS: dict[str, list[Step]] = {
    "plans": [
        ("planneruser-list-plans", None, {}),
        ("plannergroup-list-plans", None, {}),
        ("planner-post-plans", None, {"body": {
            "container": {"url": GRAPH + "groups/" + GROUP}, "title": "title-value"}}),
        ("plannerplan-get", None, {"url": PLAN, **TAGGED}),
        ("plannerplan-update", None, {"url": PLAN, **TAGGED}),
        ("plannerplan-delete", None, {"url": PLAN}),
    ],
    # python-o365's create_plan(owner=..., title) sends what python-o365 sends: the plan's
    # older `owner` property (resources/plannerplan.md lists it, deprecated for `container`);
    # the answer is the page's, which carries both.
    "create_plan": [
        ("planner-post-plans", None, {"body": {"owner": GROUP, "title": "title-value"}}),
    ],
    "plan_details": [
        ("plannerplan-get", None, {"url": PLAN, **TAGGED}),
        ("plannerplandetails-get", None, {"url": PLAN + "/details", **TAGGED}),
        ("plannerplandetails-update", None, {"url": PLAN + "/details", **TAGGED}),
    ],
    "buckets": [
        ("plannerplan-get", None, {"url": PLAN, **TAGGED}),
        ("plannerplan-list-buckets", None, {"url": PLAN + "/buckets"}),
        ("planner-post-buckets", None, {}),
        ("plannerbucket-get", None, {**TAGGED}),
        ("plannerbucket-update", None, {"url": BUCKET, **TAGGED}),
        ("plannerbucket-delete", None, {"url": BUCKET}),
    ],
    "tasks": [
        ("plannerplan-get", None, {"url": PLAN, **TAGGED}),
        ("plannerplan-list-tasks", None, {"url": PLAN + "/tasks"}),
        ("plannerbucket-get", None, {**TAGGED}),
        ("plannerbucket-list-tasks", None, {"url": BUCKET + "/tasks"}),
        ("planner-post-tasks", None, {}),
        ("plannertask-get", None, {"url": TASK, **TAGGED}),
        ("plannertask-update", None, {"url": TASK, **TAGGED}),
        ("plannertask-delete", None, {"url": TASK}),
    ],
    "task_details": [
        ("plannertask-get", None, {"url": TASK, **TAGGED}),
        ("plannertaskdetails-get", None, {"url": TASK + "/details", **TAGGED}),
        ("plannertaskdetails-update", None, {"url": TASK + "/details", **TAGGED, "body": {
            "previewType": "noPreview",
            "references": {
                "http%3A//developer%2Emicrosoft%2Ecom": {
                    "@odata.type": "#microsoft.graph.plannerExternalReference",
                    "alias": "Documentation", "previewPriority": " !", "type": "Other"},
                "https%3A//developer%2Emicrosoft%2Ecom/en-us/graph/graph-explorer": {
                    "@odata.type": "#microsoft.graph.plannerExternalReference",
                    "previewPriority": "  !!"},
                "http%3A//www%2Ebing%2Ecom": None},
            "checklist": {
                "95e27074-6c4a-447a-aa24-9d718a0b86fa": {
                    "@odata.type": "#microsoft.graph.plannerChecklistItem",
                    "title": "Update task details", "isChecked": True},
                "d280ed1a-9f6b-4f9c-a962-fb4d00dc50ff": {
                    "@odata.type": "#microsoft.graph.plannerChecklistItem", "isChecked": True},
                "a93c93c5-10a6-4167-9551-8bafa09967a7": None}}}),
    ],
    "my_tasks": [
        ("planneruser-list-tasks", None, {}),
        ("planneruser-list-tasks", None, {"url": GRAPH + "users/" + USER + "/planner/tasks"}),
    ],
}


def main() -> None:
    write_all(SCENARIOS, HERE / "docs_examples", HERE / "cassettes", "tests/planner/make_cassettes.py")


if __name__ == "__main__":
    main()
