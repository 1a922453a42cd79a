"""Build tests/teams/cassettes/*.yaml from Microsoft's documented examples.

Run `python -m tests.teams.make_cassettes` after editing a scenario; the cassettes are
committed. Each response body is copied from `tests/teams/docs_examples/<page>.json`
(microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/<page>.md; the file's
`source` names the page and example). The tests bind each object where the documented request
addresses it, so most requests are the documented ones as they stand. Adapted, where a test
chains calls or Graph takes two spellings:

* a poll of a team operation is sent to the `Location` the documented 202 gave
  (`/teams('<id>')/operations('<id>')`), answered with the teamsAsyncOperation example, and
  `result()` reads the team it names (team-get.md's body at that team's address);
* a chat member added (201 with only a Location) is then read at that Location, answered
  with chat-get-members.md's body;
* an `@odata.bind` is sent as `.../users/<id>` (OData's key-as-segment, as chat-post.md and
  chat-post-members.md write it); pages that spell it `.../users('<id>')` or
  `.../teamsTemplates('standard')` have the same address written the key-as-segment way;
* times are sent with six fractional digits, Python's precision: chat-post-members.md's
  `...43.255Z` is sent as `...43.255000Z` (the same instant), and
  presence-setstatusmessage.md's `17:05:33.2079781` as `17:05:33.2079780`;
* set_my_presence, set_user_preferred_presence, set_my_status_message and the clears return
  the presence they leave: the read after each is presence-setstatusmessage.md's Example 3
  (the same user);
* python-o365's `create_channel(team_id, name, description)` sends no membershipType (a
  standard channel, Graph's default): channel-post.md Example 1 without it;
* a reply's undoSoftDelete is sent to the reply (chatmessage-undosoftdelete.md Example 3 writes
  the message's address; its own Example 3 of softDelete has the reply's);
* subscriptions (concepts/teams-changenotifications-chatmessage.md) record no body: the
  expiration is computed from the clock, and the test compares the rest with the page's;
* the team's group and drive are read with tests/groups' examples (group-get.md, drive-get.md)
  at the team of team-get-primarychannel.md, which is that group.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.docs_cassettes import GRAPH, Step, write_all

HERE = Path(__file__).parent
EXAMPLES = HERE / "docs_examples"
CASSETTES = HERE / "cassettes"
GROUPS = "../../groups/docs_examples/"  # another area's examples, read in place

NEW_TEAM = "dbd8de4f-5d47-48da-87f1-594bed003375"  # team-post.md's Location
NEW_TEAM_OP = "3a6fdce1-c261-48bc-89de-1cfef658c0d5"
ARCHIVED = "fa4aa5a2-a75b-4769-86f4-9e2742a18fda"  # team-archive.md, teamsasyncoperation.md
ARCHIVE_OP = "86cfb3a3-4860-4a28-ad9f-ebe01d7523c8"
GROUP_TEAM = "02bd9fd6-8f93-4758-87c3-1fb73740a315"  # team-get-primarychannel.md, group-get.md
PRESENCE_USER = "fa8bf3dc-eca7-46b7-bad1-db199b62afc3"  # presence-*.md
JOHN = "8b081ef6-4792-4def-b2c9-c363a1bf41d5"  # team-post-members.md, channel-post-members.md
CHAT_MEMBERS = "chats/19:cf66807577b149cca1b7af0c32eec122@thread.v2/members/"
NEW_CHAT_MEMBER = ("MCMjMjQzMmI1N2ItMGFiZC00M2RiLWFhN2ItMTZlYWRkMTE1ZDM0IyMxOTpiZDlkYTQ2MzIzYWY0MjU"
                   "zOTZkMGZhNjcyMDAyODk4NEB0aHJlYWQudjIjIzQ4YmY5ZDUyLWRjYTctNGE1Zi04Mzk4LTM3Yjk1Y2M3YmQ4Mw==")
REPLY = ("teams/172b0cce-e65d-44ce-9a49-91d9f2e8593a/channels/19:22273db3497f4b32bue61f6e82be21c5@thread.tacv2"
         "/messages/1649864053377/replies/1649852161658")  # chatmessage-softdelete.md Example 3
MY_PRESENCE = ("presence-setstatusmessage", 2, {})


def _body(name: str, index: int | None = None) -> Any:
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return (data if index is None else data["steps"][index])["request"]["body"]


def _key_as_segment(body: Any) -> Any:
    """`.../users('<id>')` as `.../users/<id>`: the address our references send."""
    text = json.dumps(body)
    text = text.replace("users('", "users/").replace("teamsTemplates('", "teamsTemplates/")
    return json.loads(text.replace("')\"", "\""))


def _without_channel_type(body: Any) -> Any:
    """channel-post.md Example 2 without the channel's own `@odata.type` (Graph does not need
    it; Example 1 sends none), its owner's bind written key-as-segment."""
    return {k: v for k, v in _key_as_segment(body).items() if k != "@odata.type"}


def _with(body: Any, path: str, value: Any) -> Any:
    """`body` with the value at a slash path replaced."""
    *parents, leaf = path.split("/")
    target = body
    for key in parents:
        target = target[key]
    target[leaf] = value
    return body


SCENARIOS: dict[str, list[Step]] = {
    # teams
    "my_teams": [("user-list-joinedteams", None, {})],
    "get_team": [("team-get", None, {})],
    "team_member": [("team-get-members", None, {})],
    "update_team": [("team-update", None, {})],
    "create_team": [
        ("team-post", None, {"body": _key_as_segment(_body("team-post"))}),
        ("teamsasyncoperation", None,
         {"url": GRAPH + f"teams('{NEW_TEAM}')/operations('{NEW_TEAM_OP}')"}),
        ("team-get", None, {"url": GRAPH + f"teams/{ARCHIVED}"}),
    ],
    "archive_team": [
        ("team-archive", None, {}),
        ("teamsasyncoperation", None, {"url": GRAPH + f"teams('{ARCHIVED}')/operations('{ARCHIVE_OP}')"}),
    ],
    "unarchive_team": [
        ("team-unarchive", None, {}),
        ("teamsasyncoperation", None, {"url": GRAPH + f"teams('{ARCHIVED}')/operations('{ARCHIVE_OP}')"}),
    ],
    "team_operation": [("teamsasyncoperation", None, {})],
    "team_members": [
        ("team-list-members", None, {}),
        ("team-post-members", None, {"body": _key_as_segment(_body("team-post-members"))}),
        ("team-delete-members", None, {}),
    ],
    "team_apps": [
        ("team-list-installedapps", None, {}),
        ("team-post-installedapps", None, {}),
        ("team-delete-installedapps", None, {}),
    ],
    "apps_in_team": [("team-list-installedapps", None, {})],
    "primary_channel": [("team-get-primarychannel", None, {})],
    "team_group_and_drive": [
        (GROUPS + "group-get", None, {}),
        (GROUPS + "drive-get-group", None, {"url": GRAPH + f"groups/{GROUP_TEAM}/drive"}),
    ],
    # channels
    "list_channels": [("channel-list", None, {})],
    "create_channel": [("channel-post", None, {})],
    "create_channel_by_team_id": [
        ("channel-post", None, {"body": {k: v for k, v in _body("channel-post").items() if k != "membershipType"}}),
    ],
    "create_private_channel": [
        ("channel-post-private", None, {"body": _without_channel_type(_body("channel-post-private"))}),
    ],
    "get_channel": [("channel-get", None, {})],
    "update_and_delete_channel": [("channel-patch", None, {}), ("channel-delete", None, {})],
    "files_folder": [("channel-get-filesfolder", None, {})],
    "channel_members": [
        ("channel-list-members", None, {}),
        ("channel-post-members", None, {"body": _key_as_segment(_body("channel-post-members"))}),
        ("channel-delete-members", None, {}),
    ],
    "subscribe_to_messages": [
        ("subscription-teams-messages", 0, {"body": None}),
        ("subscription-teams-messages", 1, {"body": None}),
    ],
    # channel messages
    "channel_messages": [("channel-list-messages", None, {})],
    "get_channel_message": [("chatmessage-get-channel", None, {})],
    "send_hello": [("chatmessage-post-hello", None, {})],
    "send_mention": [("chatmessage-post-mention", None, {})],
    "replies": [("chatmessage-list-replies", None, {}), ("chatmessage-post-replies", None, {})],
    "get_reply": [("chatmessage-get-reply", None, {})],
    "edit_message": [("chatmessage-update", None, {})],
    "soft_delete_channel_message": [
        ("chatmessage-softdelete-channel", None, {}),
        ("chatmessage-undosoftdelete", None, {}),
    ],
    "soft_delete_reply": [
        ("chatmessage-softdelete-reply", None, {}),
        ("chatmessage-undosoftdelete", None, {"url": GRAPH + REPLY + "/undoSoftDelete"}),
    ],
    "message_delta": [("chatmessage-delta", i, {}) for i in range(4)],
    # chats
    "my_chats": [("chat-list", None, {})],
    "get_chat": [("chat-get", None, {})],
    "create_one_on_one_chat": [
        ("chat-post-oneonone", None, {"body": _key_as_segment(_body("chat-post-oneonone"))}),
    ],
    "create_group_chat": [
        ("chat-post-group", None, {"body": _key_as_segment(_body("chat-post-group"))}),
    ],
    "rename_chat": [("chat-patch", None, {})],
    "chat_members": [
        ("chat-list-members", None, {}),
        ("chat-post-members", None, {"body": _with(_body("chat-post-members"), "visibleHistoryStartDateTime",
                                                   "2019-04-18T23:51:43.255000Z")}),
        ("chat-get-members", None, {"url": GRAPH + CHAT_MEMBERS + NEW_CHAT_MEMBER}),
        ("chat-delete-members", None, {}),
    ],
    "chat_member": [("chat-get-members", None, {})],
    "chat_messages": [("chat-list-messages", None, {})],
    "get_chat_message": [("chatmessage-get-chat", None, {})],
    "send_inline_image": [("chatmessage-post-inline-image", None, {})],
    "hosted_contents": [
        ("chatmessage-list-hostedcontents", None, {}),
        ("chatmessagehostedcontent-get", None, {}),
    ],
    "soft_delete_chat_message": [("chatmessage-softdelete-chat", None, {})],
    "undo_soft_delete_chat_message": [("chatmessage-undosoftdelete-chat", None, {})],
    "mark_chat": [
        ("chat-markchatreadforuser", None, {}),
        ("chat-markchatunreadforuser", None, {"body": _with(_body("chat-markchatunreadforuser"),
                                                            "lastMessageReadDateTime", "2021-05-27T22:13:01.577000Z")}),
    ],
    # presence
    "presence": [("presence-get", 0, {}), ("presence-get", 1, {})],
    "presences_by_user_id": [("cloudcommunications-getpresencesbyuserid", None, {})],
    "set_my_presence": [("presence-setpresence", None, {}), MY_PRESENCE],
    "clear_my_presence": [("presence-clearpresence", None, {}), MY_PRESENCE],
    "preferred_presence": [
        ("presence-setuserpreferredpresence", None, {}), MY_PRESENCE,
        ("presence-clearuserpreferredpresence", None, {}), MY_PRESENCE,
    ],
    "status_message": [
        ("presence-setstatusmessage", 0, {"body": _with(_body("presence-setstatusmessage", 0),
                                                        "statusMessage/expiryDateTime/dateTime",
                                                        "2022-10-18T17:05:33.2079780")}),
        MY_PRESENCE,
        ("presence-setstatusmessage", 1, {}), MY_PRESENCE,
    ],
    "presence_object": [
        ("presence-get", 0, {}),
        ("presence-setpresence", None, {}),
        ("presence-clearpresence", None, {}),
        ("presence-setuserpreferredpresence", None, {}),
        ("presence-clearuserpreferredpresence", None, {}),
        ("presence-setstatusmessage", 1, {}),
        MY_PRESENCE,
    ],
}


def main() -> None:
    write_all(SCENARIOS, EXAMPLES, CASSETTES, "tests/teams/make_cassettes.py")


if __name__ == "__main__":
    main()
