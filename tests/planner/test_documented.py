"""The generated Planner API against Microsoft's documented example responses (cassettes).

tests/planner/cassettes/ are built by tests/planner/make_cassettes.py from the pages named in
each cassette (api-reference/v1.0/api/planneruser-list-plans.md, plannergroup-list-plans.md,
planner-post-plans.md, plannerplan-get.md, plannerplan-update.md, plannerplan-delete.md,
plannerplandetails-get.md, plannerplandetails-update.md, plannerplan-list-buckets.md,
planner-post-buckets.md, plannerbucket-get.md, plannerbucket-update.md, plannerbucket-delete.md,
plannerplan-list-tasks.md, plannerbucket-list-tasks.md, planner-post-tasks.md,
plannertask-get.md, plannertask-update.md, plannertask-delete.md, plannertaskdetails-get.md,
plannertaskdetails-update.md, planneruser-list-tasks.md). Every request sent is matched
against the documented one: method, path, query options and JSON body; the writes' If-Match
and Prefer headers are checked here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365.planner.bucket import Bucket
from generated.o365.planner.plan import Plan
from generated.o365.planner.plan_details import PlanDetails
from generated.o365.planner.planner import Planner
from generated.o365.planner.planner_task import PlannerTask
from generated.o365.planner.task_details import TaskDetails
from generated.o365.types import PlannerContainerType, PlannerPreviewType
from tests.planner.make_cassettes import ETAG, GROUP, USER
from tests.support.docs_cassettes import DocsPlayer, Sent

PLAN_ID = "xqQg5FS2LkCp935s-FIFm2QAFkHM"
BUCKET_ID = "hsOf2dhOJkqyYYZEtdzDe2QAIUCR"
TASK_ID = "01gzSlKkIUSUl6DF_EilrmQAKDhh"


@pytest.fixture
def planner(graph_con: Connection) -> Planner:
    return Planner(graph_con, "me")


def writes(sent: Sent) -> list[tuple[str, str | None, bool]]:
    """(method, If-Match, whether it asks for the new representation) of each PATCH and DELETE."""
    return [(method, headers.get("if-match"), "return=representation" in headers.get("prefer", ""))
            for (method, _, _), headers in zip(sent.requests, sent.headers, strict=True)
            if method in ("PATCH", "DELETE")]


def test_plans_list_create_get_rename_delete(planner: Planner, docs_cassette: DocsPlayer,
                                            sent: Sent) -> None:
    with docs_cassette("plans") as played:
        (mine,) = planner.get_plans()
        (grouped,) = planner.list_group_plans("02bd9fd6-8f93-4758-87c3-1fb73740a315")
        created = planner.new_plan(GROUP, "title-value")
        plan = planner.get_plan_by_id(PLAN_ID)
        assert plan.update(title="title-value") is True
        assert plan.delete() is True
    assert played.all_played
    assert isinstance(mine, Plan) and mine.title == "title-value" and mine.object_id == PLAN_ID
    assert grouped.owner == "ebf3b108-5234-4e22-b93d-656d7dae5874"
    assert created.group_id == GROUP and created.container.type is PlannerContainerType.GROUP
    assert plan.created_date_time == dt.datetime(2015, 3, 30, 18, 36, 49, 240798,
                                                 tzinfo=dt.timezone.utc)
    assert sent.bodies[2] == {"container": {"url": f"https://graph.microsoft.com/v1.0/groups/{GROUP}"},
                              "title": "title-value"}
    assert writes(sent) == [("PATCH", ETAG, True), ("DELETE", ETAG, False)]


def test_create_plan_with_python_o365s_keyword_sends_what_it_sends(
        planner: Planner, docs_cassette: DocsPlayer, sent: Sent) -> None:
    """python-o365's call and keyword send the plan's older `owner` property, as python-o365
    does; the answer is planner-post-plans.md's."""
    with docs_cassette("create_plan") as played:
        created = planner.create_plan(owner=GROUP, title="title-value")
    assert played.all_played
    assert created.group_id == GROUP and created.title == "title-value"
    assert sent.bodies == [{"owner": GROUP, "title": "title-value"}]


def test_create_plan_takes_the_group_one_way_only(planner: Planner, sent: Sent) -> None:
    for bad in ({}, {"group": GROUP, "owner": GROUP}):
        with pytest.raises(TypeError, match="'group' or 'owner': one of them, not both"):
            planner.create_plan(title="title-value", **bad)
    assert sent.requests == []


def test_plan_details_labels_and_sharing(planner: Planner, docs_cassette: DocsPlayer,
                                         sent: Sent) -> None:
    with docs_cassette("plan_details") as played:
        details = planner.get_plan_by_id(PLAN_ID).get_details()
        assert isinstance(details, PlanDetails)
        assert details.category_descriptions["category1"] == "Indoors"
        assert details.category_descriptions["category3"] is None
        assert set(details.shared_with) == {"aaa27244-1db4-476a-a5cb-004607466324",
                                            "6463a5ce-2119-4198-9f2a-628761df4a62"}
        details.shared_with["6463a5ce-2119-4198-9f2a-628761df4a62"] = True
        details.shared_with["d95e6152-f683-4d78-9ff5-67ad180fea4a"] = False
        details.category_descriptions["category1"] = "Indoors"
        details.category_descriptions["category3"] = None
        assert details.save() is True
    assert played.all_played
    assert sent.bodies[2] == {
        "sharedWith": {"6463a5ce-2119-4198-9f2a-628761df4a62": True,
                       "d95e6152-f683-4d78-9ff5-67ad180fea4a": False},
        "categoryDescriptions": {"category1": "Indoors", "category3": None}}
    assert details.category_descriptions["category25"] == "Description of category 25"
    assert writes(sent) == [("PATCH", ETAG, True)]


def test_buckets_list_create_rename_delete(planner: Planner, docs_cassette: DocsPlayer,
                                           sent: Sent) -> None:
    with docs_cassette("buckets") as played:
        plan = planner.get_plan_by_id(PLAN_ID)
        (listed,) = plan.get_buckets()
        created = plan.create_bucket("Advertising")
        bucket = planner.get_bucket_by_id(BUCKET_ID)
        assert bucket.rename("Development") is True
        assert bucket.delete() is True
    assert played.all_played
    assert isinstance(listed, Bucket) and listed.name == "To do"
    assert listed.raw["@odata.etag"] == 'W/"JzEtQnVja2V0QEBAQEBAQEBAQEBAQEBARCc="'
    assert created.order_hint == "85752723360752+" and created.plan_id == PLAN_ID
    assert sent.bodies[2] == {"name": "Advertising", "planId": PLAN_ID, "orderHint": " !"}
    assert bucket.name == "Development"
    assert writes(sent) == [("PATCH", ETAG, True), ("DELETE", ETAG, False)]


def test_tasks_list_create_with_assignment_update_delete(planner: Planner, docs_cassette: DocsPlayer,
                                                         sent: Sent) -> None:
    with docs_cassette("tasks") as played:
        plan = planner.get_plan_by_id(PLAN_ID)
        (in_plan,) = plan.get_tasks()
        bucket = planner.get_bucket_by_id(BUCKET_ID)
        (in_bucket,) = bucket.get_tasks()
        created = bucket.create_task("Update client list", {USER: {"orderHint": " !"}})
        task = planner.get_task_by_id(TASK_ID)
        task.assignments[USER] = {"orderHint": "N9917 U2883!"}
        task.applied_categories["category3"] = True
        task.applied_categories["category4"] = False
        assert task.save() is True
        assert task.delete() is True
    assert played.all_played
    assert isinstance(in_plan, PlannerTask) and in_bucket.title == "title-value"
    assert in_plan.assignments[USER].order_hint == "RWk1"
    assert created.bucket_id == BUCKET_ID and list(created.assignments) == [USER]
    assert sent.bodies[4] == {"planId": PLAN_ID, "bucketId": BUCKET_ID, "title": "Update client list",
                              "assignments": {USER: {"@odata.type": "#microsoft.graph.plannerAssignment",
                                                     "orderHint": " !"}}}
    assert sent.bodies[6] == {
        "assignments": {USER: {"@odata.type": "#microsoft.graph.plannerAssignment",
                               "orderHint": "N9917 U2883!"}},
        "appliedCategories": {"category3": True, "category4": False}}
    assert len(task.assignments) == 3 and task.applied_categories["category6"] is True
    assert writes(sent) == [("PATCH", ETAG, True), ("DELETE", ETAG, False)]


def test_task_details_checklist_and_references(planner: Planner, docs_cassette: DocsPlayer,
                                               sent: Sent) -> None:
    with docs_cassette("task_details") as played:
        details = planner.get_task_by_id(TASK_ID).get_details()
        assert isinstance(details, TaskDetails)
        assert details.checklist["d280ed1a-9f6b-4f9c-a962-fb4d00dc50ff"].title == "Try reading task details"
        graph_explorer = "https://developer.microsoft.com/en-us/graph/graph-explorer"
        assert details.references[graph_explorer].alias == "Graph Explorer"
        details.preview_type = PlannerPreviewType.NO_PREVIEW
        details.references["http://developer.microsoft.com"] = {
            "alias": "Documentation", "previewPriority": " !", "type": "Other"}
        details.references[graph_explorer] = {"previewPriority": "  !!"}
        details.references["http://www.bing.com"] = None
        details.checklist["95e27074-6c4a-447a-aa24-9d718a0b86fa"] = {
            "title": "Update task details", "isChecked": True}
        details.checklist["d280ed1a-9f6b-4f9c-a962-fb4d00dc50ff"] = {"isChecked": True}
        details.checklist["a93c93c5-10a6-4167-9551-8bafa09967a7"] = None
        assert details.save() is True
    assert played.all_played  # the request body matched the documented one, key by key
    assert details.preview_type is PlannerPreviewType.AUTOMATIC  # the server's answer
    assert sorted(details.references) == ["http://developer.microsoft.com", graph_explorer]
    assert all(item.is_checked for item in details.checklist.values())
    assert writes(sent) == [("PATCH", ETAG, True)]


def test_my_tasks_and_a_users_tasks(planner: Planner, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("my_tasks") as played:
        (mine,) = planner.get_my_tasks()
        (theirs,) = planner.list_user_tasks(USER)
    assert played.all_played
    assert mine.object_id == theirs.object_id == TASK_ID
    assert mine.plan_id == PLAN_ID and mine.created_date == mine.created_date_time


def test_a_write_without_an_etag_is_refused_before_any_request(planner: Planner,
                                                               sent: Sent) -> None:
    task = PlannerTask({"id": TASK_ID, "title": "built here"}, con=planner.con)  # never read from Graph
    with pytest.raises(ValueError, match="has no ETag"):
        task.delete()
    assert sent.requests == []
