"""Recipes for the groups replays (docs_examples/groups): groups made by the app."""

from __future__ import annotations

from .world_parts import WorldParts

USERS = "https://graph.microsoft.com/v1.0/users/"


class GroupsRecipes(WorldParts):
    """Microsoft 365 groups with owners and members, made with Graph calls (app-only)."""

    def _user(self, given: str) -> str:
        return str(self.app.get(f"users/{given}@contoso.onmicrosoft.com")["id"])

    def make_group(self) -> str:
        """A Microsoft 365 group made with owners@odata.bind and members@odata.bind (as
        group-post-groups.md documents): Adele and Alex own it, Adele is a member (two
        owners: Graph keeps a group's last owner)."""
        owners = [USERS + self.id("group_owner"), USERS + self._user("alex")]
        return str(self.app.ok("POST", "groups", 201, json={
            "displayName": self.name("group"), "mailNickname": f"fidelity{self.n}",
            "description": "Made for a documented replay", "groupTypes": ["Unified"],
            "mailEnabled": True, "securityEnabled": False,
            "owners@odata.bind": owners,
            "members@odata.bind": [USERS + self.id("group_member")]})["id"])

    def make_group_owner(self) -> str:
        return self._user("adele")

    def make_group_member(self) -> str:
        return self._user("adele")

    def make_new_member(self) -> str:
        """Someone not yet in {group}: Patti."""
        return self._user("patti")

    def make_group_mail(self) -> str:
        return str(self.app.get(f"groups/{self.id('group')}")["mail"])

    def make_video_group(self) -> str:
        """A group group-list.md Example 5's $search finds ("displayName:Video")."""
        return str(self.app.ok("POST", "groups", 201, json={
            "displayName": f"Video Production {self.n}", "mailNickname": f"videoprod{self.n}",
            "description": "Video Production", "mailEnabled": True, "securityEnabled": False,
            "groupTypes": ["Unified"]})["id"])

    def make_team_group(self) -> str:
        """The seeded Leadership group, which has a team."""
        found = self.app.get("groups?$filter=displayName eq 'Leadership'")["value"]
        return str(found[0]["id"])
