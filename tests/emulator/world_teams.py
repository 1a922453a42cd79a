"""Recipes for the Teams replays (docs_examples/teams): a team of Adele's with Alex in it, its
channels, messages and replies, chats with Alex (and Patti), memberships, installed apps,
operations and presence sessions, each made with the Graph calls the docs describe.

`World` mixes this class in; the recipes use its `me` (Adele), `app`, `id` and `name`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generated.o365.emulator import EmulatorServer

    from .fidelity import Caller

GRAPH = "https://graph.microsoft.com/v1.0/"
ONENOTE = "0d820ecd-def2-4297-adad-78056cde7c78"  # in the emulator's app catalog
SESSION = "22553876-f5ab-4529-bffb-cfe50aa89f87"  # the sessionId of presence-setpresence.md
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
_LOCATION_ID = re.compile(r"(teams|operations)\('([^']+)'\)")


def member(user_id: str, *roles: str) -> dict[str, Any]:
    """An aadUserConversationMember body, as team-post-members.md and chat-post.md send it."""
    return {"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": list(roles),
            "user@odata.bind": f"{GRAPH}users('{user_id}')"}


class TeamsRecipes:
    """Adele's team, channels, chats and presence for the documented Teams requests."""

    server: EmulatorServer
    me: Caller
    app: Caller

    def id(self, name: str) -> str:
        raise NotImplementedError  # World's

    def name(self, what: str) -> str:
        raise NotImplementedError  # World's

    # ------------------------------------------------------------------ people
    def _user(self, given: str) -> str:
        return str(self.app.get(f"users/{given}@contoso.onmicrosoft.com")["id"])

    def make_alex(self) -> str:
        return self._user("alex")

    def make_patti(self) -> str:
        return self._user("patti")

    def make_megan(self) -> str:
        return self._user("megan")

    def make_tenant(self) -> str:
        return str(self.server.tenant_id)

    # ------------------------------------------------------------------ teams
    def _located(self, reply: Any, what: str) -> str:
        """The team or operation id of a 202's Location: /teams('x')/operations('y')."""
        assert reply.status_code == 202, reply.text
        return dict(_LOCATION_ID.findall(reply.headers["Location"]))[what]

    def make_team(self) -> str:
        """A team Adele creates from the standard template (team-post.md), Alex a member."""
        team = self._located(self.me.call("POST", "teams", json={
            "template@odata.bind": f"{GRAPH}teamsTemplates('standard')",
            "displayName": self.name("team"), "description": "Made for a replay"}), "teams")
        self.me.ok("POST", f"teams/{team}/members", 201, json=member(self.id("alex")))
        return team

    def _membership(self, container: str, who: str) -> str:
        """The id of {who}'s membership of a team or chat (its `members`)."""
        user = self.id(who)
        listed = self.me.get(f"{container}/members")["value"]
        return str(next(m["id"] for m in listed if m["userId"] == user))

    def make_team_member(self) -> str:
        """Alex's membership of {team}."""
        return self._membership(f"teams/{self.id('team')}", "alex")

    def make_team_owner(self) -> str:
        """Adele's membership of {team}: she made it, so she owns it."""
        return self._membership(f"teams/{self.id('team')}", "user")

    def make_operation(self) -> str:
        """The operation of archiving {team} (team-archive.md answers its Location)."""
        return self._located(self.me.call("POST", f"teams/{self.id('team')}/archive"),
                             "operations")

    def make_archived_team(self) -> str:
        team = self.id("team")
        operation = self.id("operation")
        for _ in range(2):  # Graph's operation ends in the background: poll it to the end
            status = self.me.get(f"teams/{team}/operations/{operation}")["status"]
        assert status == "succeeded", status
        return team

    def make_catalog_app(self) -> str:
        """An app of the tenant's catalog not installed in {team}."""
        return ONENOTE

    def make_installation(self) -> str:
        """{catalog_app} installed in {team} (team-post-installedapps.md)."""
        team = self.id("team")
        self.me.ok("POST", f"teams/{team}/installedApps", 200, json={
            "teamsApp@odata.bind": f"{GRAPH}appCatalogs/teamsApps/{self.id('catalog_app')}"})
        listed = self.me.get(f"teams/{team}/installedApps?$expand=teamsApp")["value"]
        return str(next(i["id"] for i in listed if i["teamsApp"]["id"] == ONENOTE))

    # ------------------------------------------------------------------ channels
    def make_channel(self) -> str:
        return str(self.me.ok("POST", f"teams/{self.id('team')}/channels", 201, json={
            "displayName": self.name("channel"), "description": "Made for a replay"})["id"])

    def make_private_channel(self) -> str:
        """A private channel of {team}, Adele its owner (channel-post.md, Example 2)."""
        return str(self.me.ok("POST", f"teams/{self.id('team')}/channels", 201, json={
            "displayName": self.name("private channel"), "membershipType": "private",
            "members": [member(self.id("user"), "owner")]})["id"])

    def make_channel_member(self) -> str:
        """Alex's membership of {private_channel} (channel-post-members.md)."""
        team, channel = self.id("team"), self.id("private_channel")
        return str(self.me.ok("POST", f"teams/{team}/channels/{channel}/members", 201,
                              json=member(self.id("alex")))["id"])

    def _channel_messages(self) -> str:
        return f"teams/{self.id('team')}/channels/{self.id('channel')}/messages"

    def make_channel_message(self) -> str:
        return str(self.me.ok("POST", self._channel_messages(), 201, json={
            "body": {"content": "Hello World"}})["id"])

    def make_deleted_channel_message(self) -> str:
        message = self.id("channel_message")
        self.me.ok("POST", f"{self._channel_messages()}/{message}/softDelete", 204)
        return message

    def make_reply(self) -> str:
        message = self.id("channel_message")
        return str(self.me.ok("POST", f"{self._channel_messages()}/{message}/replies", 201,
                              json={"body": {"content": "Hello back"}})["id"])

    def make_deleted_reply(self) -> str:
        message, reply = self.id("channel_message"), self.id("reply")
        self.me.ok("POST", f"{self._channel_messages()}/{message}/replies/{reply}/softDelete",
                   204)
        return reply

    # ------------------------------------------------------------------ chats
    def make_chat(self) -> str:
        """Adele's one-on-one chat with Alex (chat-post.md, Example 1)."""
        return str(self.me.ok("POST", "chats", 201, json={
            "chatType": "oneOnOne",
            "members": [member(self.id("user"), "owner"), member(self.id("alex"), "owner")]})["id"])

    def make_group_chat(self) -> str:
        """A group chat of Adele, Alex and Patti (chat-post.md, Example 2)."""
        return str(self.me.ok("POST", "chats", 201, json={
            "chatType": "group", "topic": self.name("group chat"),
            "members": [member(self.id(who), "owner") for who in ("user", "alex", "patti")]})["id"])

    def make_chat_member(self) -> str:
        """Patti's membership of {group_chat}."""
        return self._membership(f"chats/{self.id('group_chat')}", "patti")

    def make_chat_message(self) -> str:
        return str(self.me.ok("POST", f"chats/{self.id('chat')}/messages", 201, json={
            "body": {"content": "Hello World"}})["id"])

    def make_deleted_chat_message(self) -> str:
        message = self.id("chat_message")
        self.me.ok("POST", f"users/{self.id('user')}/chats/{self.id('chat')}/messages/{message}"
                   "/softDelete", 204)
        return message

    def make_group_chat_message(self) -> str:
        return str(self.me.ok("POST", f"chats/{self.id('group_chat')}/messages", 201, json={
            "body": {"content": "Hello all"}})["id"])

    def make_image_message(self) -> str:
        """A message of {group_chat} with an inline image (chatmessage-post.md, Example 5)."""
        return str(self.me.ok("POST", f"chats/{self.id('group_chat')}/messages", 201, json={
            "body": {"contentType": "html",
                     "content": '<div><img src="../hostedContents/1/$value"></div>'},
            "hostedContents": [{"@microsoft.graph.temporaryId": "1", "contentBytes": PNG,
                                "contentType": "image/png"}]})["id"])

    def make_hosted_content(self) -> str:
        chat, message = self.id("group_chat"), self.id("image_message")
        return str(self.me.get(f"chats/{chat}/messages/{message}/hostedContents")["value"][0]["id"])

    # ------------------------------------------------------------------ presence
    def make_presence_session(self) -> str:
        """Adele's presence session of the documented application (presence-setpresence.md)."""
        self.me.ok("POST", f"users/{self.id('user')}/presence/setPresence", 200, json={
            "sessionId": SESSION, "availability": "Busy", "activity": "InACall",
            "expirationDuration": "PT1H"})
        return SESSION

    def make_preferred_presence(self) -> str:
        """Adele's preferred presence, set (presence-setuserpreferredpresence.md)."""
        user = self.id("user")
        self.me.ok("POST", f"users/{user}/presence/setUserPreferredPresence", 200, json={
            "availability": "DoNotDisturb", "activity": "DoNotDisturb",
            "expirationDuration": "PT8H"})
        return user

    # ------------------------------------------------------------------ subscriptions
    def make_expiry_within_an_hour(self) -> str:
        """An expirationDateTime 50 minutes away: Teams message subscriptions last an hour at
        most (subscription-post-subscriptions.md, maximum lengths)."""
        when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=50)
        return when.strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
