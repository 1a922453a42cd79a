"""Teams end to end: the generated API against the local emulator over real sockets.

The emulator (emulator/behaviours/teams.py) makes teams of the seeded Leadership and Marketing
groups (same ids, membership the group's), with channels, 300 messages in Leadership's General
channel (replies, and mentions in every fifth), chats, installed apps and a presence for every
seeded user. Messages, chats and presence need a signed-in user, as in Graph: the account here
signs in as Megan (ROPC), a member of both teams.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import threading
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

import pytest
import requests

from generated.o365 import Account
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.errors import BadRequestError, ForbiddenError
from generated.o365._runtime.notifications import NotificationReceiver
from generated.o365.emulator import EmulatorServer
from generated.o365.teams.aad_user_conversation_member import AadUserConversationMember
from generated.o365.teams.channel import Channel
from generated.o365.teams.channel_message import ChannelMessage
from generated.o365.teams.channel_reply import ChannelReply
from generated.o365.teams.team import Team
from generated.o365.teams.teams import Teams
from generated.o365.types import Availability
from tests.support.accounts import delegated_account
from tests.teams.conftest import MEGAN, Requests

ADELE = "adele@contoso.onmicrosoft.com"
PATTI = "patti@contoso.onmicrosoft.com"
ONENOTE = "0d820ecd-def2-4297-adad-78056cde7c78"  # in the catalog, not installed in Leadership
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def _team(teams: Teams, name: str) -> Team:
    return next(t for t in teams.get_my_teams() if t.display_name == name)


@pytest.fixture(scope="module")
def leadership(teams: Teams) -> Team:
    return _team(teams, "Leadership")


def _fresh_channel(team: Team, name: str) -> Channel:
    """A channel of its own per test, so tests that post do not disturb each other."""
    return team.create_channel(name, "made by tests/teams/test_e2e.py")


# -- required ------------------------------------------------------------------------------------
def test_html_message_with_two_mentions_and_an_inline_image_reads_back_identical_ids(
        account: Account, leadership: Team) -> None:
    channel = _fresh_channel(leadership, "Mentions")
    adele, patti = account.new_user(ADELE), account.new_user(PATTI)
    html = '<p>{0} and {1}: the chart <img src="../hostedContents/1/$value" alt="chart"></p>'
    sent = channel.send_message(html, content_type="html", mentions=[adele, patti], images=[PNG],
                                subject="Numbers", importance="high")
    back = channel.get_message(sent.object_id)
    assert isinstance(back, ChannelMessage)
    assert [m.id for m in back.mentions] == [0, 1]
    assert [m.mentioned.user.id for m in back.mentions] == [adele.object_id, patti.object_id]
    assert [m.mention_text for m in back.mentions] == ["Adele Vance", "Patti Fernandez"]
    assert '<at id="0">Adele Vance</at> and <at id="1">Patti Fernandez</at>' in back.content
    assert back.content_type == "html" and back.subject == "Numbers" and back.importance == "high"
    # the image is hosted: the body points at it, and its bytes come back
    (image,) = back.get_hosted_contents()
    assert f"/hostedContents/{image.object_id}/$value" in back.content
    assert back.get_hosted_content(image) == PNG
    assert back.from_display_name == "Megan Bowen" and back.from_id == account.get_current_user().object_id


def test_300_messages_paginate_at_the_allowed_page_size(server: EmulatorServer) -> None:
    with EmulatorServer(seed=18) as fresh:
        general = _team(delegated_account(fresh, MEGAN).teams(), "Leadership").get_primary_channel()
        with Requests(fresh) as calls:
            messages = list(general.get_messages())
    assert len(messages) == 300 and len({m.object_id for m in messages}) == 300
    pages = [query for _, path, query in calls.seen if path.endswith("/messages")]
    assert len(pages) == 6
    assert pages[0]["$top"] == ["50"]  # the first page asks for Graph's maximum; the others follow nextLink
    created = [m.created for m in messages]
    assert created == sorted(created, reverse=True)  # newest first, as Graph lists them
    assert sum(1 for m in messages if m.mentions) == 60  # every fifth mentions someone
    del server


def test_create_a_team_and_wait_for_the_operation(teams: Teams, account: Account) -> None:
    operation = teams.create_team("Project Falcon", description="Launch planning", visibility="private")
    status = operation.wait(interval=0.01)
    assert status["status"] == "succeeded" and status["operationType"] == "createTeam"
    team = operation.result()
    assert team.display_name == "Project Falcon" and team.visibility == "private"
    assert team.object_id in {t.object_id for t in teams.get_my_teams()}
    assert [c.display_name for c in team.get_channels()] == ["General"]
    group = team.get_group()  # the team's Microsoft 365 group, same id
    assert group.object_id == team.object_id and "Team" in (group.resource_provisioning_options or [])
    me = account.get_current_user().object_id
    assert [(m.user_id, m.roles) for m in team.get_members()] == [(me, ["owner"])]


def test_set_and_clear_preferred_presence(teams: Teams, account: Account) -> None:
    me = account.get_current_user().object_id
    busy = teams.set_user_preferred_presence(Availability.BUSY, "Busy", dt.timedelta(hours=1))
    assert (busy.availability, busy.activity) == ("Busy", "Busy")
    seen_by_others = delegated_account_presence(account, me)
    assert seen_by_others == ("Busy", "Busy")
    cleared = teams.clear_user_preferred_presence()
    assert (cleared.availability, cleared.activity) == ("Available", "Available")


def delegated_account_presence(account: Account, user_id: str) -> tuple[Any, Any]:
    presence = account.teams().get_user_presence(user_id)
    return presence.availability, presence.activity


def test_channel_message_delta_round(leadership: Team) -> None:
    channel = _fresh_channel(leadership, "Delta")
    first = channel.send_message("first")
    second = channel.send_message("second")
    initial = channel.get_message_changes(page_size=1)
    seen = list(initial)
    assert {m.object_id for m in seen} == {first.object_id, second.object_id}
    assert initial.delta_link
    # changes since: a new message, an edit, a soft delete
    third = channel.send_message("third")
    first.edit("first, edited")
    second.soft_delete()
    later = channel.get_message_changes(initial.delta_link)
    changes = {m.object_id: m for m in later}
    assert set(changes) == {first.object_id, second.object_id, third.object_id}
    assert changes[first.object_id].content == "first, edited"
    assert changes[second.object_id].deleted_date is not None  # soft-deleted: still listed
    assert not any(isinstance(m, Removed) for m in changes.values())
    assert list(channel.get_message_changes(later.delta_link)) == []


def test_graph_answers_400_for_top_over_50_on_channel_messages(account: Account, leadership: Team) -> None:
    general = leadership.get_primary_channel()
    url = account.con.protocol.url(f"teams/{leadership.object_id}/channels/{general.object_id}/messages")
    with pytest.raises(BadRequestError) as raised:
        account.con.get(url, params={"$top": "51"})
    assert "50" in str(raised.value)


# -- teams ---------------------------------------------------------------------------------------
def test_joined_teams_then_the_whole_team(teams: Teams) -> None:
    joined = {t.display_name: t for t in teams.get_my_teams()}
    assert {"Leadership", "Marketing"} <= set(joined)
    leadership = joined["Leadership"]
    assert leadership.web_url is None  # joinedTeams gives id, name and description only
    leadership.refresh()
    assert leadership.web_url and leadership.summary.owners_count >= 1
    assert leadership.member_settings.allow_create_update_channels is not None


def test_members_added_with_roles_and_removed(account: Account, teams: Teams) -> None:
    marketing = _team(teams, "Marketing")
    before = {m.user_id for m in marketing.get_members()}
    lee = account.new_user("lee@contoso.onmicrosoft.com")
    assert lee.object_id not in before
    added = marketing.add_member(lee, roles=["owner"])
    assert isinstance(added, AadUserConversationMember) and added.roles == ["owner"]
    assert marketing.get_member(added.object_id).display_name == "Lee Gu"
    assert "owner" in [r for m in marketing.get_members() if m.user_id == lee.object_id for r in m.roles]
    assert marketing.remove_member(added) is True
    assert {m.user_id for m in marketing.get_members()} == before


def test_apps_listed_installed_and_removed(leadership: Team) -> None:
    before = list(leadership.get_installed_apps())
    assert before and all(a.display_name for a in before)
    leadership.install_app(ONENOTE)
    after = {a.teams_app_id: a for a in leadership.get_installed_apps()}
    assert ONENOTE in after
    assert leadership.remove_app(after[ONENOTE]) is True
    assert len(list(leadership.get_installed_apps())) == len(before)


def test_archive_makes_the_team_read_only_until_unarchived(teams: Teams) -> None:
    team = teams.create_team("Archive me").result()
    general = team.get_primary_channel()
    assert team.archive().result().is_archived is True
    with pytest.raises(ForbiddenError):
        general.send_message("too late")
    assert team.unarchive().result().is_archived is False
    assert general.send_message("back again").content == "back again"


def test_team_drive_and_channel_files_folder(leadership: Team) -> None:
    general = leadership.get_primary_channel()
    folder = general.get_files_folder()
    assert folder.name == "General"
    uploaded = folder.upload_file(io.BytesIO(b"agenda"), item_name="agenda.txt")
    drive = leadership.get_drive()
    assert drive.get_item(uploaded.object_id).name == "agenda.txt"


# -- channels, replies ---------------------------------------------------------------------------
def test_channels_of_every_kind(leadership: Team, account: Account) -> None:
    kinds = {c.display_name: c.membership_type for c in leadership.get_channels()}
    assert kinds["General"] == "standard"
    assert set(kinds.values()) >= {"standard", "private"}
    private = leadership.create_channel("Budget", "private numbers", membership_type="private",
                                        owners=[account.get_current_user()])
    assert private.membership_type == "private"
    assert [m.display_name for m in private.get_members()] == ["Megan Bowen"]
    adele = account.new_user(ADELE)
    member = private.add_member(adele)
    assert {m.user_id for m in private.get_members()} == {account.get_current_user().object_id, adele.object_id}
    assert private.remove_member(member) is True
    private.description = "renamed"
    assert private.update() is True and private.refresh().description == "renamed"
    assert private.delete() is True
    assert "Budget" not in {c.display_name for c in leadership.get_channels()}


def test_post_mention_reply_and_read_back_the_reply_count(account: Account, leadership: Team) -> None:
    """The tour's step: a message that mentions a colleague, a reply, the thread read back."""
    channel = _fresh_channel(leadership, "Tour")
    adele = account.new_user(ADELE)
    posted = channel.send_message("{0}, can you check the numbers?", mentions=[adele])
    reply = posted.reply("On it", mentions=[adele])
    assert isinstance(reply, ChannelReply) and reply.reply_to_id == posted.object_id
    thread = channel.get_message(posted.object_id, with_replies=True)
    assert len(thread.replies) == 1 and len(list(thread.get_replies())) == 1
    assert thread.get_reply(reply.object_id).content.endswith("On it")
    assert posted.content_type == "html"  # mentions make it HTML, the text escaped


def test_edit_and_soft_delete_own_messages_only(account: Account, server: EmulatorServer,
                                                leadership: Team) -> None:
    channel = _fresh_channel(leadership, "Edits")
    mine = channel.send_message("typo")
    assert mine.edit("fixed") is True
    assert mine.refresh().content == "fixed" and mine.last_edited_date is not None
    theirs_view = delegated_account(server, ADELE).teams().get_channel(leadership.object_id, channel.object_id)
    with pytest.raises(ForbiddenError):
        theirs_view.get_message(mine.object_id).edit("not yours")
    mine.soft_delete()
    assert mine.refresh().deleted_date is not None
    mine.undo_soft_delete()
    assert mine.refresh().deleted_date is None


def test_reactions_are_read(leadership: Team) -> None:
    general = leadership.get_primary_channel()
    reacted = [m for m in general.get_messages(limit=100) if m.reactions]
    assert reacted and reacted[0].reactions[0].reaction_type


# -- chats ---------------------------------------------------------------------------------------
def test_chats_created_members_messages_and_read_state(account: Account, teams: Teams) -> None:
    me, adele, patti = (account.get_current_user(), account.new_user(ADELE), account.new_user(PATTI))
    chat = teams.create_chat("group", [me, adele, patti], topic="Offsite")
    assert chat.chat_type == "group" and chat.topic == "Offsite"
    assert {m.user_id for m in chat.get_members()} == {me.object_id, adele.object_id, patti.object_id}
    sent = chat.send_message("Where shall we go, {0}?", mentions=[patti])
    assert [m.object_id for m in chat.get_messages()][0] == sent.object_id
    assert chat.get_message(sent.object_id).mentions[0].mentioned.user.id == patti.object_id
    lee = account.new_user("lee@contoso.onmicrosoft.com")
    added = chat.add_member(lee, history_since=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    assert added.display_name == "Lee Gu"  # read from the Location Graph answers with
    assert chat.remove_member(added) is True
    assert chat.update(topic="Offsite 2027") is True and chat.refresh().topic == "Offsite 2027"
    chat.mark_as_unread(me)
    assert chat.refresh().viewpoint.last_message_read_date_time is not None
    chat.mark_as_read(me)
    mine = {c.object_id for c in teams.get_my_chats()}
    assert chat.object_id in mine
    with_members = {c.object_id: c for c in teams.get_my_chats(with_members=True)}
    assert len(with_members[chat.object_id].members) == 3


def test_one_on_one_chat_has_no_reply(account: Account, teams: Teams) -> None:
    me, patti = account.get_current_user(), account.new_user(PATTI)
    existing = [c for c in teams.get_my_chats() if c.chat_type == "oneOnOne"]
    assert existing
    chat = teams.get_chat(existing[0].object_id)
    message = chat.send_message("hi")
    assert not hasattr(message, "reply")  # Graph threads replies in channels only
    with pytest.raises(BadRequestError):
        teams.create_chat("oneOnOne", [me, patti, account.new_user(ADELE)])


def test_a_pairs_one_on_one_chat_is_made_once(account: Account, teams: Teams) -> None:
    """chat-post.md: creating a one-on-one chat that exists gives the existing chat."""
    me, lee = account.get_current_user(), account.new_user("lee@contoso.onmicrosoft.com")
    first = teams.create_chat("oneOnOne", [me, lee])
    first.send_message("Hello Lee")
    again = teams.create_chat("oneOnOne", [lee, me])
    assert again.object_id == first.object_id
    assert [m.content for m in again.get_messages()] == ["Hello Lee"]


# -- presence ------------------------------------------------------------------------------------
def test_presence_of_everyone_and_an_app_session(account: Account, teams: Teams, server: EmulatorServer) -> None:
    users = list(account.directory().get_users()) if hasattr(account, "directory") else []
    mine = teams.get_my_presence()
    assert (mine.availability, mine.activity) == ("Available", "Available")
    if users:
        everyone = teams.get_presences([u.object_id for u in users])
        assert len(everyone) == len(users)
    session = "22553876-f5ab-4529-bffb-cfe50aa89f87"
    in_call = teams.set_my_presence(session, "Busy", "InACall", "PT5M")
    assert (in_call.availability, in_call.activity) == ("Busy", "InACall")
    assert teams.clear_my_presence(session).availability == "Available"
    status = teams.set_my_status_message("Heads down",
                                         expiry=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2))
    assert status.status_message.message.content == "Heads down"
    del server


def test_subscribe_to_a_channel_s_messages(leadership: Team) -> None:
    """A subscription to a channel's messages; Graph (the emulator) validates the URL first and
    then notifies it of a new message."""
    receiver = NotificationReceiver()
    changes: list[Any] = []
    arrived = threading.Event()
    receiver.on_change(lambda change: (changes.append(change), arrived.set()))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), receiver.http_handler())
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        channel = _fresh_channel(leadership, "Watched")
        subscription = channel.subscribe(f"http://127.0.0.1:{httpd.server_address[1]}/notify",
                                         ["created"], client_state=receiver.client_state)
        assert subscription.resource == f"teams/{leadership.object_id}/channels/{quote(channel.object_id, safe='')}/messages"
        minutes = (subscription.expiration_date_time - dt.datetime.now(dt.timezone.utc)).total_seconds() / 60
        assert 4300 < minutes <= 4320  # Graph's maximum for channel messages: 3 days
        channel.send_message("news")
        assert arrived.wait(10)
        assert changes[0].change_type == "created"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_the_raw_http_client_is_real(server: EmulatorServer) -> None:
    assert requests.get(server.url + "v1.0/teams", timeout=5).status_code == 401
