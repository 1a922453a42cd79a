"""The generated Teams API against Microsoft's documented example responses (cassettes).

Each cassette in tests/teams/cassettes/ names its source pages (microsoftgraph/
microsoft-graph-docs-contrib, api-reference/v1.0/api/team-*.md, channel-*.md, chat-*.md,
chatmessage-*.md, presence-*.md, cloudcommunications-getpresencesbyuserid.md);
tests/teams/make_cassettes.py builds them from tests/teams/docs_examples/. The matcher checks
the method, path, query options and JSON body of every request we send against the
documented request, so each test proves both what is sent and what is parsed.

The pages' examples address different teams, channels and chats; a test binds each object
where its page's request addresses it (`bound`), as a documented read would have returned it.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import Removed
from generated.o365.directory.user import User
from generated.o365.groups.group import Group
from generated.o365.storage.drive import Drive
from generated.o365.storage.folder import Folder
from generated.o365.teams.aad_user_conversation_member import AadUserConversationMember
from generated.o365.teams.channel import Channel
from generated.o365.teams.channel_message import ChannelMessage
from generated.o365.teams.channel_reply import ChannelReply
from generated.o365.teams.chat import Chat
from generated.o365.teams.chat_message import ChatMessage
from generated.o365.teams.chat_message_hosted_content import ChatMessageHostedContent
from generated.o365.teams.presence import Presence
from generated.o365.teams.team import Team
from generated.o365.teams.teams import Teams
from generated.o365.teams.teams_app_installation import TeamsAppInstallation
from generated.o365.teams.teams_async_operation import TeamsAsyncOperation
from generated.o365.types import Activity, Availability, ChatType, TeamMemberSettings
from tests.support.docs_cassettes import DocsPlayer, Sent

R = TypeVar("R")
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
MESSAGES_TEAM = "fbe2bf47-16c8-47cf-b4a5-4b9b187c508b"  # chatmessage-*.md
MESSAGES_CHANNEL = "19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2"
PRESENCE_USER = "fa8bf3dc-eca7-46b7-bad1-db199b62afc3"
SESSION = "22553876-f5ab-4529-bffb-cfe50aa89f87"  # presence-setpresence.md's application


def bound(cls: type[R], con: Connection, data: dict[str, Any], **context: str) -> R:
    """An object as a documented read returns it, at the address its page's request uses."""
    return cls._factory(con, {"resource": "me", **context})(data)  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def teams(graph_con: Connection) -> Teams:
    return Teams(graph_con, "me")


def _channel(con: Connection, team: str = MESSAGES_TEAM, channel: str = MESSAGES_CHANNEL) -> Channel:
    return bound(Channel, con, {"id": channel}, team_id=team)


def _message(con: Connection, message_id: str, team: str = MESSAGES_TEAM,
             channel: str = MESSAGES_CHANNEL) -> ChannelMessage:
    return bound(ChannelMessage, con, {"id": message_id}, team_id=team, channel_id=channel)


# -- teams ---------------------------------------------------------------------------------------
def test_my_teams_user_list_joinedteams_md(teams: Teams, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("my_teams") as played:
        found = list(teams.get_my_teams())
    assert played.all_played
    assert [t.display_name for t in found] == ["Contoso Team"]
    assert isinstance(found[0], Team) and found[0].object_id == "172b0cce-e65d-44ce-9a49-91d9f2e8493a"


def test_get_team_team_get_md(teams: Teams, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("get_team") as played:
        team = teams.get_team("893075dd-2487-4122-925f-022c42e20265")
    assert played.all_played
    assert team.is_archived is False
    assert team.member_settings.allow_create_update_channels is True
    assert team.fun_settings.giphy_content_rating == "strict"
    assert (team.summary.owners_count, team.summary.members_count, team.summary.guests_count) == (2, 3, 4)


def test_update_team_settings_team_update_md(graph_con: Connection, docs_cassette: DocsPlayer,
                                             sent: Sent) -> None:
    team = bound(Team, graph_con, {"id": "893075dd-2487-4122-925f-022c42e20265"})
    team.member_settings = TeamMemberSettings(allow_create_update_channels=True)
    team.messaging_settings = {"allowUserEditMessages": True, "allowUserDeleteMessages": True}
    team.fun_settings = {"allowGiphy": True, "giphyContentRating": "strict"}
    with docs_cassette("update_team") as played:
        assert team.update() is True
    assert played.all_played
    assert set(sent.bodies[0]) == {"memberSettings", "messagingSettings", "funSettings"}


def test_create_team_is_an_operation_polled_team_post_md(teams: Teams, docs_cassette: DocsPlayer,
                                                         sent: Sent) -> None:
    with docs_cassette("create_team") as played:
        operation = teams.create_team("My Sample Team", description="My Sample Team’s Description")
        team = operation.result()  # polls until done, then reads the team it names
    assert played.all_played
    # the Location names the operation by OData key (teams('x')/operations('y')), polled as is
    assert sent.requests[1][1].endswith(
        "/teams('dbd8de4f-5d47-48da-87f1-594bed003375')/operations('3a6fdce1-c261-48bc-89de-1cfef658c0d5')")
    assert operation.succeeded and operation.resource_id == "fa4aa5a2-a75b-4769-86f4-9e2742a18fda"
    assert isinstance(team, Team) and team.summary.owners_count == 2


def test_archive_and_unarchive_team_archive_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team = bound(Team, graph_con, {"id": "fa4aa5a2-a75b-4769-86f4-9e2742a18fda"})
    with docs_cassette("archive_team") as played:
        status = team.archive().wait(interval=0)
    assert played.all_played
    assert status["operationType"] == "archiveTeam" and status["status"] == "succeeded"
    with docs_cassette("unarchive_team") as played:
        assert team.unarchive().wait(interval=0)["status"] == "succeeded"
    assert played.all_played


def test_team_operation_teamsasyncoperation_get(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team = bound(Team, graph_con, {"id": "fa4aa5a2-a75b-4769-86f4-9e2742a18fda"})
    with docs_cassette("team_operation") as played:
        operation = team.get_operation("86cfb3a3-4860-4a28-ad9f-ebe01d7523c8")
    assert played.all_played
    assert isinstance(operation, TeamsAsyncOperation)
    assert operation.status == "succeeded" and operation.attempts_count == 1
    assert operation.target_resource_id == "fa4aa5a2-a75b-4769-86f4-9e2742a18fda"


def test_team_members_listed_added_removed(graph_con: Connection, docs_cassette: DocsPlayer,
                                           sent: Sent) -> None:
    team = bound(Team, graph_con, {"id": "ee0f5ae2-8bc6-4ae5-8466-7daeebbfa062"})
    with docs_cassette("team_members") as played:
        members = list(team.get_members())
        added = team.add_member("8b081ef6-4792-4def-b2c9-c363a1bf41d5", roles=["owner"])
        assert team.remove_member(added) is True
    assert played.all_played
    assert [m.display_name for m in members][:1] == ["Adele Vance"]
    assert all(isinstance(m, AadUserConversationMember) for m in members)
    assert members[0].user_id == "73761f06-2ac9-469c-9f10-279a8cc267f9"
    assert sent.bodies[1]["@odata.type"] == "#microsoft.graph.aadUserConversationMember"
    assert isinstance(added, AadUserConversationMember) and added.roles == ["owner"]


def test_team_apps_listed_installed_removed(graph_con: Connection, docs_cassette: DocsPlayer,
                                            sent: Sent) -> None:
    team = bound(Team, graph_con, {"id": "6903fa93-605b-43ef-920e-77c4729f8258"})
    with docs_cassette("team_apps") as played:
        apps = list(team.get_installed_apps())
        team.install_app("12345678-9abc-def0-123456789a")
        assert team.remove_app(apps[0]) is True
    assert played.all_played
    assert "expand=teamsAppDefinition" in sent.requests[0][1]
    assert isinstance(apps[0], TeamsAppInstallation)
    assert apps[0].display_name == "Power Automate Actions" and apps[0].version == "1.0.2"
    assert apps[0].teams_app_id == "00001016-de05-492e-9106-4828fc8a8687"


def test_primary_channel_team_get_primarychannel_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team = bound(Team, graph_con, {"id": "02bd9fd6-8f93-4758-87c3-1fb73740a315"})
    with docs_cassette("primary_channel") as played:
        general = team.get_primary_channel()
    assert played.all_played
    assert isinstance(general, Channel) and general.display_name == "General"
    assert general.email == "0686dc7a.microsoft.com@amer.teams.ms"


def test_team_group_and_its_drive_group_get_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team = bound(Team, graph_con, {"id": "02bd9fd6-8f93-4758-87c3-1fb73740a315"})
    with docs_cassette("team_group_and_drive") as played:
        group = team.get_group()
        drive = team.get_drive()
    assert played.all_played
    assert isinstance(group, Group) and group.object_id == team.object_id
    assert isinstance(drive, Drive)


# -- channels ------------------------------------------------------------------------------------
def test_list_channels_channel_list_md(teams: Teams, graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team = bound(Team, graph_con, {"id": "57fb72d0-d811-46f4-8947-305e6072eaa5"})
    with docs_cassette("list_channels") as played:
        channels = list(team.get_channels())
    assert played.all_played
    assert [(c.object_id, c.display_name) for c in channels] == [("id-value", "display-name-value")]
    with docs_cassette("list_channels") as played:  # python-o365's shape: by the team's id
        assert [c.display_name for c in teams.get_channels(team.object_id)] == ["display-name-value"]


def test_create_standard_channel_channel_post_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team = bound(Team, graph_con, {"id": "57fb72d0-d811-46f4-8947-305e6072eaa5"})
    with docs_cassette("create_channel") as played:
        channel = team.create_channel("Architecture Discussion",
                                      "This channel is where we debate all future architecture plans",
                                      membership_type="standard")
    assert played.all_played
    assert channel.object_id == "19:4b6bed8d24574f6a9e436813cb2617d8@thread.tacv2"


def test_create_private_channel_with_an_owner_channel_post_md(graph_con: Connection,
                                                             docs_cassette: DocsPlayer, sent: Sent) -> None:
    team = bound(Team, graph_con, {"id": "57fb72d0-d811-46f4-8947-305e6072eaa5"})
    with docs_cassette("create_private_channel") as played:
        channel = team.create_channel("My First Private Channel", "This is my first private channels",
                                      membership_type="private",
                                      owners=["62855810-484b-4823-9e01-60667f8b12ae"])
    assert played.all_played
    assert sent.bodies[0]["members"][0]["roles"] == ["owner"]
    assert channel.display_name == "My First Private Channel"


def test_get_channel_channel_get_md(teams: Teams, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("get_channel") as played:
        channel = teams.get_channel("893075dd-2487-4122-925f-022c42e20265",
                                    "19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2")
    assert played.all_played
    assert channel.membership_type == "standard" and channel.is_archived is False
    assert channel.created == dt.datetime(2020, 5, 27, 19, 22, 25, 692000, tzinfo=dt.timezone.utc)


def test_update_and_delete_channel_channel_patch_md(graph_con: Connection, docs_cassette: DocsPlayer,
                                                    sent: Sent) -> None:
    channel = _channel(graph_con, "893075dd-2487-4122-925f-022c42e20265",
                       "19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2")
    channel.description = "Where the architecture gets debated"
    with docs_cassette("update_and_delete_channel") as played:
        assert channel.update() is True
        assert channel.delete() is True
    assert played.all_played
    assert sent.bodies[0] == {"description": "Where the architecture gets debated"}


def test_channel_files_folder_channel_get_filesfolder_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    channel = _channel(graph_con, "32e3b156-66b2-4135-9aeb-73295a35a55b",
                       "19:f253e46c035b42308e9a4a22a87037af@thread.skype")
    with docs_cassette("files_folder") as played:
        folder = channel.get_files_folder()
    assert played.all_played
    assert isinstance(folder, Folder)  # a storage DriveItem: list, upload, download from here
    assert folder.object_id == "01H7CFEKENJSSIUHGADZBKODARINQC5JMD"


def test_channel_members_channel_list_members_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    listed = _channel(graph_con, "2ab9c796-2902-45f8-b712-7c5a63cf41c4",
                      "19:20bc1df46b1148e9b22539b83bc66809@thread.skype")
    private = _channel(graph_con, "ece6f0a1-7ca4-498b-be79-edf6c8fc4d82",
                       "19:56eb04e133944cf69e603c5dac2d292e@thread.skype")
    with docs_cassette("channel_members") as played:
        members = list(listed.get_members())
        added = private.add_member("8b081ef6-4792-4def-b2c9-c363a1bf41d5", roles=["owner"])
        private.remove_member(added)
    assert played.all_played
    assert [m.display_name for m in members] == ["Joe Self", "Anagha Kothurwar"]
    assert members[1].roles == ["owner"]
    assert added.display_name == "John Doe" and added.roles == ["owner"]


# -- channel messages ----------------------------------------------------------------------------
def test_channel_messages_channel_list_messages_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("channel_messages") as played:
        messages = list(_channel(graph_con).get_messages(limit=3, page_size=3))
    assert played.all_played
    assert [m.object_id for m in messages] == ["1616965872395", "1616963377068", "1616883610266"]
    assert all(isinstance(m, ChannelMessage) for m in messages)


def test_get_channel_message_chatmessage_get_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("get_channel_message") as played:
        message = _channel(graph_con).get_message("1614618259349")
    assert played.all_played
    assert message.from_display_name == "Robin Kline" and message.from_type == "aadUser"
    assert message.content_type == "html" and "hostedContents" in message.content
    assert message.team_id == MESSAGES_TEAM and message.channel_id == MESSAGES_CHANNEL


def test_send_a_hello_world_message_chatmessage_post_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("send_hello") as played:
        message = _channel(graph_con).send_message("Hello World")
    assert played.all_played
    assert message.object_id == "1616990032035" and message.content == "Hello World"


def test_send_a_mention_chatmessage_post_md_example_2(graph_con: Connection, docs_cassette: DocsPlayer,
                                                      sent: Sent) -> None:
    jane = User({"id": "ef1c916a-3135-4417-ba27-8eb7bd084193", "displayName": "Jane Smith"})
    with docs_cassette("send_mention") as played:
        message = _channel(graph_con).send_message("Hello World {0}", content_type="html", mentions=[jane])
    assert played.all_played  # the tag and the mentions entry are the documented ones
    assert sent.bodies[0]["body"]["content"] == 'Hello World <at id="0">Jane Smith</at>'
    assert [m.mentioned.user.id for m in message.mentions] == [jane.object_id]


def test_replies_listed_and_sent_chatmessage_post_replies_md(graph_con: Connection,
                                                             docs_cassette: DocsPlayer) -> None:
    first = _message(graph_con, "1616989510408")
    hello = _message(graph_con, "1616990032035")
    with docs_cassette("replies") as played:
        replies = list(first.get_replies())
        reply = hello.reply("Hello World", content_type="html")
    assert played.all_played
    assert [r.object_id for r in replies] == ["1616989753153", "1616989750004", "1616989747416"]
    assert all(isinstance(r, ChannelReply) and r.reply_to_id == "1616989510408" for r in replies)
    assert isinstance(reply, ChannelReply) and reply.reply_to_id == "1616990032035"


def test_get_reply_chatmessage_get_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("get_reply") as played:
        reply = _message(graph_con, "1612509044972").get_reply("1613671348387")
    assert played.all_played
    assert isinstance(reply, ChannelReply) and reply.reply_to_id == "1612509044972"


def test_edit_own_message_chatmessage_update_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    message = _message(graph_con, "19:a21b0b0c05194ebc9e30000000000f61@thread.skype",
                       "e1234567-e123-4276-55555-6232b0e3a89a", "a7654321-e321-0000-0000-123b0e3a00a")
    with docs_cassette("edit_message") as played:
        assert message.edit("Edit text only") is True
    assert played.all_played


def test_soft_delete_and_undo_chatmessage_softdelete_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team, channel = "172b0cce-e65d-44ce-9a49-91d9f2e8593a", "19:22273db3497f4b32bue61f6e82be21c5@thread.tacv2"
    message = _message(graph_con, "1649864053377", team, channel)
    reply = bound(ChannelReply, graph_con, {"id": "1649852161658"}, team_id=team, channel_id=channel,
                  message_id="1649864053377")
    with docs_cassette("soft_delete_channel_message") as played:
        message.soft_delete()
        message.undo_soft_delete()
    assert played.all_played
    assert reply.reply_to_id is None  # bound by its address only


def test_channel_message_delta_chatmessage_delta_md(graph_con: Connection, docs_cassette: DocsPlayer,
                                                    sent: Sent) -> None:
    channel = _channel(graph_con)
    with docs_cassette("message_delta") as played:
        first = channel.get_message_changes(page_size=2)
        initial = list(first)
        later = channel.get_message_changes(first.delta_link)
        changes = list(later)
    assert played.all_played
    assert "top=2" in sent.requests[0][1]  # channel message delta takes $top, not Prefer
    assert [m.object_id for m in initial][:2] == ["1606515483514", "1606691795113"]
    assert len(initial) == 6 and not any(isinstance(m, Removed) for m in initial)
    assert [m.object_id for m in changes] == ["1616989510408"] and later.delta_link


# -- chats ---------------------------------------------------------------------------------------
def test_my_chats_with_members_chat_list_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    teams = Teams(graph_con, "users/8b081ef6-4792-4def-b2c9-c363a1bf41d5")
    with docs_cassette("my_chats") as played:
        chats = list(teams.get_my_chats(with_members=True))
    assert played.all_played
    assert [c.chat_type for c in chats] == [ChatType.MEETING, ChatType.GROUP, ChatType.ONE_ON_ONE]
    assert chats[0].members[0]["displayName"] == "Tony Stark"


def test_get_chat_chat_get_md(teams: Teams, docs_cassette: DocsPlayer) -> None:
    chat_id = "19:8b081ef6-4792-4def-b2c9-c363a1bf41d5_877192bd-9183-47d3-a74c-8aa0426716cf@unq.gbl.spaces"
    with docs_cassette("get_chat") as played:
        chat = teams.get_chat(chat_id)
    assert played.all_played
    assert chat.chat_type == "oneOnOne" and chat.topic is None


def test_create_chats_chat_post_md(teams: Teams, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("create_one_on_one_chat") as played:
        chat = teams.create_chat("oneOnOne", ["8b081ef6-4792-4def-b2c9-c363a1bf41d5",
                                              "82af01c5-f7cc-4a2e-a728-3a5df21afd9d"])
    assert played.all_played
    assert chat.chat_type == "oneOnOne"
    people = [User({"id": i}) for i in ("8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca",
                                        "82fe7758-5bb3-4f0d-a43f-e555fd399c6f",
                                        "3626a173-f2bc-4883-bcf7-01514c3bfb82")]
    with docs_cassette("create_group_chat") as played:
        group = teams.create_chat(ChatType.GROUP, people, topic="Group chat title")
    assert played.all_played
    assert group.object_id == "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2" and group.topic == "Group chat title"


def test_rename_group_chat_chat_patch_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    chat = bound(Chat, graph_con, {"id": "19:1c5b01696d2e4a179c292bc9cf04e63b@thread.v2", "chatType": "group"})
    with docs_cassette("rename_chat") as played:
        assert chat.update(topic="Group chat title update") is True
    assert played.all_played
    assert chat.topic == "Group chat title update"


def test_chat_members_listed_added_read_removed(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    listed = bound(Chat, graph_con, {"id": "19:8b081ef6-4792-4def-b2c9-c363a1bf41d5_5031bb31-22c0-4f6f-9f73-91d34ab2b32d@unq.gbl.spaces"})
    chat = bound(Chat, graph_con, {"id": "19:cf66807577b149cca1b7af0c32eec122@thread.v2"})
    with docs_cassette("chat_members") as played:
        members = list(listed.get_members())
        added = chat.add_member("8b081ef6-4792-4def-b2c9-c363a1bf41d5", roles=["owner"],
                                history_since=dt.datetime(2019, 4, 18, 23, 51, 43, 255000, tzinfo=dt.timezone.utc))
        assert chat.remove_member(
            "MCMjMjQzMmI1N2ItMGFiZC00M2RiLWFhN2ItMTZlYWRkMTE1ZDM0IyMxOTpiZDlkYTQ2MzIzYWY0MjUzOTZkMGZhNjcyMDAy"
            "ODk4NEB0aHJlYWQudjIjIzQ4YmY5ZDUyLWRjYTctNGE1Zi04Mzk4LTM3Yjk1Y2M3YmQ4Mw==") is True
    assert played.all_played
    assert [m.display_name for m in members] == ["John Doe", "Bart Hogan", "Minna Pham"]
    # 201 with only a Location: the new membership is read there (chat-get-members.md's body)
    assert isinstance(added, AadUserConversationMember) and added.display_name == "Niklas Lang"


def test_chat_member_chat_get_members_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    chat = bound(Chat, graph_con, {"id": "19:d0f51aeb0e8e43d0befb24be72b09ea7@thread.v2"})
    with docs_cassette("chat_member") as played:
        member = chat.get_member("MCMjMCMjMGY4MWIxZWEtYjg1Ny00YTljLTk5ZWItZTk5OGQ1MjA0NmQ1IyMxOTpkMGY1MWFlYjBlOGU0M2QwYmVmYjI0YmU3MmIwOWVhN0B0aHJlYWQudjIjIzhjMGMwYTJhLWM2NzktNDAxZS1hZGMzLWE0NWI1NDg4ODlhNg==")
    assert played.all_played
    assert member.user_id == "8c0c0a2a-c679-401e-adc3-a45b548889a6"


def test_chat_messages_chat_list_messages_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    chat = bound(Chat, graph_con, {"id": "19:2da4c29f6d7041eca70b638b43d45437@thread.v2"})
    with docs_cassette("chat_messages") as played:
        messages = list(chat.get_messages(limit=3, page_size=2))
    assert played.all_played
    assert [m.content for m in messages][:1] == ["Hello world"]
    assert all(isinstance(m, ChatMessage) and not isinstance(m, ChannelMessage) for m in messages)
    assert messages[2].from_display_name is None  # a system event has no sender


def test_get_chat_message_chatmessage_get_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    chat = bound(Chat, graph_con, {"id": "19:8ea0e38b-efb3-4757-924a-5f94061cf8c2_97f62344-57dc-409c-88ad-c4af14158ff5@unq.gbl.spaces"})
    with docs_cassette("get_chat_message") as played:
        message = chat.get_message("1612289992105")
    assert played.all_played
    assert message.chat_id == chat.object_id


def test_send_inline_image_chatmessage_post_md_example_5(graph_con: Connection, docs_cassette: DocsPlayer,
                                                         sent: Sent) -> None:
    chat = bound(Chat, graph_con, {"id": "19:2da4c29f6d7041eca70b638b43d45437@thread.v2"})
    html = ('<div><div>\n<div><span><img height="297" src="../hostedContents/1/$value" width="297" '
            'style="vertical-align:bottom; width:297px; height:297px"></span>\n\n</div>\n\n\n</div>\n</div>')
    with docs_cassette("send_inline_image") as played:
        message = chat.send_message(html, content_type="html", images=[PNG])
    assert played.all_played
    assert sent.bodies[0]["hostedContents"][0]["contentType"] == "image/png"
    assert "/hostedContents/" in message.content and "../hostedContents" not in message.content


def test_hosted_contents_chatmessage_list_hostedcontents_md(graph_con: Connection,
                                                            docs_cassette: DocsPlayer) -> None:
    message = bound(ChatMessage, graph_con, {"id": "1615971548136"},
                    chat_id="19:2da4c29f6d7041eca70b638b43d45437@thread.v2")
    with docs_cassette("hosted_contents") as played:
        contents = list(message.get_hosted_contents())
        image = message.get_hosted_content(contents[0])
    assert played.all_played
    assert len(contents) == 1 and isinstance(contents[0], ChatMessageHostedContent)
    assert image == PNG


def test_soft_delete_chat_message_chatmessage_softdelete_md(graph_con: Connection,
                                                           docs_cassette: DocsPlayer) -> None:
    message = ChatMessage._factory(graph_con, {
        "resource": "users/8f98f01d-1a73-401a-b9e9-9fd1e6f5e5ar",
        "chat_id": "19:22273db3497f4b32bue61f6e82be21c5@thread.tacv2"})({"id": "1649864053377"})
    with docs_cassette("soft_delete_chat_message") as played:
        message.soft_delete()
    assert played.all_played


def test_mark_chat_read_and_unread_chat_markchatreadforuser_md(graph_con: Connection,
                                                              docs_cassette: DocsPlayer) -> None:
    chat = bound(Chat, graph_con, {
        "id": "19:7d898072-792c-4006-bb10-5ca9f2590649_8ea0e38b-efb3-4757-924a-5f94061cf8c2@unq.gbl.spaces",
        "tenantId": "2a690434-97d9-4eed-83a6-f5f13600199a"})
    user = User({"id": "d864e79f-a516-4d0f-9fee-0eeb4d61fdc2"})
    with docs_cassette("mark_chat") as played:
        chat.mark_as_read(user)
        chat.mark_as_unread(user, read_until=dt.datetime(2021, 5, 27, 22, 13, 1, 577000, tzinfo=dt.timezone.utc))
    assert played.all_played


# -- presence ------------------------------------------------------------------------------------
def test_presence_of_me_and_another_user_presence_get_md(teams: Teams, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("presence") as played:
        mine = teams.get_my_presence()
        theirs = teams.get_user_presence("66825e03-7ef5-42da-9069-724602c31f6b")
    assert played.all_played
    assert (mine.availability, mine.activity) == (Availability.AVAILABLE, Activity.AVAILABLE)
    assert (theirs.availability, theirs.activity) == ("DoNotDisturb", "Presenting")


def test_presences_by_user_id_cloudcommunications_getpresencesbyuserid_md(teams: Teams,
                                                                        docs_cassette: DocsPlayer) -> None:
    with docs_cassette("presences_by_user_id") as played:
        found = teams.get_presences(["fa8bf3dc-eca7-46b7-bad1-db199b62afc3",
                                     "66825e03-7ef5-42da-9069-724602c31f6b"])
    assert played.all_played
    assert [(p.availability, p.activity) for p in found] == [("Busy", "InAMeeting"), ("Away", "Away")]
    assert all(isinstance(p, Presence) for p in found)


@pytest.fixture
def as_user(graph_con: Connection) -> Teams:
    return Teams(graph_con, f"users/{PRESENCE_USER}")


def test_set_my_presence_presence_setpresence_md(as_user: Teams, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("set_my_presence") as played:
        presence = as_user.set_my_presence(SESSION, "Available", "Available", dt.timedelta(hours=1))
    assert played.all_played
    assert presence.availability == "Available"  # read back after the action
    with docs_cassette("clear_my_presence") as played:
        assert as_user.clear_my_presence(SESSION).object_id == PRESENCE_USER
    assert played.all_played


def test_preferred_presence_set_and_cleared_presence_setuserpreferredpresence_md(
        as_user: Teams, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("preferred_presence") as played:
        as_user.set_user_preferred_presence(Availability.DO_NOT_DISTURB, Activity.DO_NOT_DISTURB, "PT8H")
        as_user.clear_user_preferred_presence()
    assert played.all_played


def test_status_message_presence_setstatusmessage_md(as_user: Teams, docs_cassette: DocsPlayer,
                                                     sent: Sent) -> None:
    pacific = dt.datetime(2022, 10, 18, 17, 5, 33, 207978, tzinfo=ZoneInfo("America/Los_Angeles"))
    with docs_cassette("status_message") as played:
        as_user.set_my_status_message("Hey I'm currently in a meeting.", expiry=pacific)
        presence = as_user.set_my_status_message("Hey I am available now")
    assert played.all_played
    assert presence.status_message.message.content == "Hey I am available now"


def test_presence_object_operations(teams: Teams, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("presence_object") as played:
        presence = teams.get_my_presence()
        presence.set_presence(SESSION, "Available", "Available", "PT1H")
        presence.clear_presence(SESSION)
        presence.set_user_preferred_presence("DoNotDisturb", "DoNotDisturb", dt.timedelta(hours=8))
        presence.clear_user_preferred_presence()
        presence.set_status_message("Hey I am available now")
        presence.refresh()
    assert played.all_played
    assert presence.status_message.message.content == "Hey I am available now"


# -- the same pages, through the other ways in -------------------------------------------------
def test_team_refresh_and_its_channel_team_get_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team = bound(Team, graph_con, {"id": "893075dd-2487-4122-925f-022c42e20265"})
    with docs_cassette("get_channel") as played:
        channel = team.get_channel("19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2")
    assert played.all_played
    with docs_cassette("get_team") as played:
        assert team.refresh() is team
    assert played.all_played
    assert team.summary.guests_count == 4
    with docs_cassette("get_channel") as played:  # the channel reads itself at the same address
        assert channel.refresh().display_name == "General"
    assert played.all_played


def test_team_member_team_get_members_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team = bound(Team, graph_con, {"id": "ece6f0a1-7ca4-498b-be79-edf6c8fc4d82"})
    with docs_cassette("team_member") as played:
        member = team.get_member("ZWUwZjVhZTItOGJjNi00YWU1LTg0NjYtN2RhZWViYmZhMDYyIyM3Mzc2MWYwNi0yYWM5LTQ2OWMtOWYxMC0yNzlhOGNjMjY3Zjk=")
    assert played.all_played
    assert isinstance(member, AadUserConversationMember) and member.roles == ["owner"]


def test_new_channel_saved_channel_post_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    team = bound(Team, graph_con, {"id": "57fb72d0-d811-46f4-8947-305e6072eaa5"})
    channel = team.new_channel(display_name="Architecture Discussion")
    channel.description = "This channel is where we debate all future architecture plans"
    channel.membership_type = "standard"
    with docs_cassette("create_channel") as played:
        assert channel.save() is True
    assert played.all_played
    assert channel.object_id == "19:4b6bed8d24574f6a9e436813cb2617d8@thread.tacv2"


def test_python_o365_create_channel_and_apps_by_team_id(teams: Teams, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("create_channel_by_team_id") as played:
        channel = teams.create_channel("57fb72d0-d811-46f4-8947-305e6072eaa5", "Architecture Discussion",
                                       "This channel is where we debate all future architecture plans")
    assert played.all_played
    assert channel.display_name == "Architecture Discussion"
    with docs_cassette("apps_in_team") as played:
        apps = list(teams.get_apps_in_team("6903fa93-605b-43ef-920e-77c4729f8258"))
    assert played.all_played
    assert len(apps) == 3


def test_channel_member_removed_channel_delete_members_md(graph_con: Connection,
                                                         docs_cassette: DocsPlayer) -> None:
    listed = _channel(graph_con, "2ab9c796-2902-45f8-b712-7c5a63cf41c4",
                      "19:20bc1df46b1148e9b22539b83bc66809@thread.skype")
    private = _channel(graph_con, "ece6f0a1-7ca4-498b-be79-edf6c8fc4d82",
                       "19:56eb04e133944cf69e603c5dac2d292e@thread.skype")
    with docs_cassette("channel_members") as played:
        list(listed.get_members())
        added = private.add_member("8b081ef6-4792-4def-b2c9-c363a1bf41d5", roles=["owner"])
        assert private.remove_member(added) is True
    assert played.all_played


def test_subscribe_to_channel_and_chat_messages(graph_con: Connection, docs_cassette: DocsPlayer,
                                               sent: Sent) -> None:
    """concepts/teams-changenotifications-chatmessage.md, Example 3 of each (no resource data)."""
    import json
    from pathlib import Path
    from urllib.parse import unquote

    page = json.loads((Path(__file__).parent / "docs_examples/subscription-teams-messages.json").read_text())
    chat = bound(Chat, graph_con, {"id": "19:2da4c29f6d7041eca70b638b43d45437@thread.v2"})
    url = "https://webhook.azurewebsites.net/api/resourceNotifications"
    with docs_cassette("subscribe_to_messages") as played:
        first = _channel(graph_con).subscribe(url, ["created", "updated"], client_state="{secretClientState}",
                                              include_resource_data=False)
        chat.subscribe(url, "created,updated", client_state="{secretClientState}", include_resource_data=False)
    assert played.all_played
    for body, step in zip(sent.bodies, page["steps"], strict=True):
        documented = dict(step["request"]["body"])
        expected_resource = documented.pop("resource").lstrip("/")
        documented.pop("expirationDateTime")
        assert unquote(body.pop("resource")) == expected_resource
        expires = dt.datetime.fromisoformat(body.pop("expirationDateTime").replace("Z", "+00:00"))
        assert expires - dt.datetime.now(dt.timezone.utc) > dt.timedelta(minutes=4000)  # Teams: 4,320
        assert body == documented
    assert first.object_id == "7f105c7d-2dc5-4530-97cd-4e7ae6534c07"


def test_chat_and_its_message_refresh_chat_get_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    chat = bound(Chat, graph_con, {"id": "19:8b081ef6-4792-4def-b2c9-c363a1bf41d5_877192bd-9183-47d3-a74c-8aa0426716cf@unq.gbl.spaces"})
    with docs_cassette("get_chat") as played:
        assert chat.refresh().chat_type == "oneOnOne"
    assert played.all_played
    message = bound(ChatMessage, graph_con, {"id": "1612289992105"},
                    chat_id="19:8ea0e38b-efb3-4757-924a-5f94061cf8c2_97f62344-57dc-409c-88ad-c4af14158ff5@unq.gbl.spaces")
    with docs_cassette("get_chat_message") as played:
        assert message.refresh().chat_id == message.chat_id
    assert played.all_played


def test_undo_soft_delete_of_a_chat_message_and_a_reply(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    message = ChatMessage._factory(graph_con, {
        "resource": "users/8f98f01d-1a73-401a-b9e9-9fd1e6f5e5ap",
        "chat_id": "19:22273db3497f4b32bue61f6e82be21c5@thread.tacv2"})({"id": "1649864053377"})
    with docs_cassette("undo_soft_delete_chat_message") as played:
        message.undo_soft_delete()
    assert played.all_played
    team, channel = "172b0cce-e65d-44ce-9a49-91d9f2e8593a", "19:22273db3497f4b32bue61f6e82be21c5@thread.tacv2"
    reply = bound(ChannelReply, graph_con, {"id": "1649852161658"}, team_id=team, channel_id=channel,
                  message_id="1649864053377")
    with docs_cassette("soft_delete_reply") as played:
        reply.soft_delete()
        reply.undo_soft_delete()
    assert played.all_played
