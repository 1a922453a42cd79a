"""Recipes for the Planner placeholders of the documented requests (docs_examples/planner/).

Planner is tenant-wide: a plan belongs to a Microsoft 365 group, here the seeded Leadership
group, of which Adele is a member ({planner_group}). The recipes create a plan in it
({planner_plan}), a bucket ({planner_bucket}) and a task assigned to Adele ({planner_task},
{planner_assignee}) with the documented create calls. Every change in Planner names the
item's ETag in If-Match: `{planner_<item>_etag}` is the current one of that item, read just
before the replayed request.
"""

from __future__ import annotations

from collections.abc import Callable

from .fidelity import Caller


class PlannerRecipes:
    """Mixed into docs_world.World, which gives these three."""

    me: Caller
    app: Caller
    id: Callable[[str], str]
    name: Callable[[str], str]

    def make_planner_group(self) -> str:
        page = self.app.get("groups?$filter=mailNickname eq 'leadership'")
        return str(page["value"][0]["id"])

    def make_planner_assignee(self) -> str:
        """Adele's id: Planner keys assignments by user id."""
        return str(self.me.get("me")["id"])

    def make_planner_plan(self) -> str:
        """A plan of the Leadership group (planner-post-plans.md)."""
        group = self.id("planner_group")
        return str(self.me.ok("POST", "planner/plans", 201, json={
            "container": {"url": f"https://graph.microsoft.com/v1.0/groups/{group}"},
            "title": self.name("plan")})["id"])

    def make_planner_bucket(self) -> str:
        """A bucket of {planner_plan}, placed first (planner-post-buckets.md)."""
        return str(self.me.ok("POST", "planner/buckets", 201, json={
            "name": self.name("bucket"), "planId": self.id("planner_plan"),
            "orderHint": " !"})["id"])

    def make_planner_task(self) -> str:
        """A task in {planner_bucket} assigned to Adele (planner-post-tasks.md)."""
        return str(self.me.ok("POST", "planner/tasks", 201, json={
            "planId": self.id("planner_plan"), "bucketId": self.id("planner_bucket"),
            "title": self.name("task"),
            "assignments": {self.id("planner_assignee"): {
                "@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}}})["id"])

    def _etag(self, path: str) -> str:
        return str(self.me.get(path)["@odata.etag"])

    def make_planner_plan_etag(self) -> str:
        return self._etag(f"planner/plans/{self.id('planner_plan')}")

    def make_planner_plan_details_etag(self) -> str:
        return self._etag(f"planner/plans/{self.id('planner_plan')}/details")

    def make_planner_bucket_etag(self) -> str:
        return self._etag(f"planner/buckets/{self.id('planner_bucket')}")

    def make_planner_task_etag(self) -> str:
        return self._etag(f"planner/tasks/{self.id('planner_task')}")

    def make_planner_task_details_etag(self) -> str:
        return self._etag(f"planner/tasks/{self.id('planner_task')}/details")

    def make_planner_task_details(self) -> str:
        """{planner_task} whose details hold what plannertaskdetails-get.md shows: a
        description, the Graph Explorer link and one checklist item, under the ids the page
        uses (a client names checklist items and references itself)."""
        task = self.id("planner_task")
        self.me.ok("PATCH", f"planner/tasks/{task}/details", 204, headers={
            "If-Match": self._etag(f"planner/tasks/{task}/details")}, json={
            "description": "Task details properties:\nchecklist:Sub items\nreferences:Related links",
            "references": {"https%3A//developer%2Emicrosoft%2Ecom/en-us/graph/graph-explorer": {
                "@odata.type": "#microsoft.graph.plannerExternalReference",
                "alias": "Graph Explorer", "type": "Other", "previewPriority": " !"}},
            "checklist": {"d280ed1a-9f6b-4f9c-a962-fb4d00dc50ff": {
                "@odata.type": "#microsoft.graph.plannerChecklistItem",
                "title": "Try reading task details", "isChecked": False}}})
        return task
