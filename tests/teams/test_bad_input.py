"""Teams: bad input raises a clear error before any request reaches Graph (the emulator here),
and a page size over Graph's channel-message limit is lowered, with a log line, rather than
sent for Graph to answer 400."""

from __future__ import annotations

import logging

import pytest

from generated.o365 import Account
from generated.o365.emulator import EmulatorServer
from generated.o365.teams.channel import Channel
from generated.o365.teams.chat import Chat
from generated.o365.teams.team import Team
from generated.o365.teams.teams import Teams
from generated.o365.types import Activity, Availability
from tests.teams.conftest import Requests


@pytest.fixture(scope="module")
def leadership(teams: Teams) -> Team:
    return next(t for t in teams.get_my_teams() if t.display_name == "Leadership")


@pytest.fixture(scope="module")
def general(leadership: Team) -> Channel:
    return leadership.get_primary_channel()


@pytest.fixture(scope="module")
def chat(teams: Teams) -> Chat:
    return next(iter(teams.get_my_chats()))


@pytest.mark.parametrize(("availability", "activity"), [
    (Availability.AVAILABLE, Activity.IN_A_CALL),
    (Availability.BUSY, Activity.AWAY),
    ("Offline", "Offline"),  # preferred Offline goes with OffWork
    ("Available", "Presenting"),
])
def test_a_preferred_presence_pair_graph_rejects(server: EmulatorServer, teams: Teams,
                                                availability: str, activity: str) -> None:
    with Requests(server) as calls, pytest.raises(ValueError, match="availability") as raised:
        teams.set_user_preferred_presence(availability, activity, "PT1H")
    pair = f"{getattr(availability, 'value', availability)}/{getattr(activity, 'value', activity)}"
    assert str(raised.value).startswith(pair + " is not a combination")
    assert calls.seen == []


@pytest.mark.parametrize(("availability", "activity"), [
    ("Busy", "Busy"),  # fine as a preference, not as an app's session presence
    ("Available", "InACall"),
    ("DoNotDisturb", "DoNotDisturb"),
])
def test_a_session_presence_pair_graph_rejects(server: EmulatorServer, teams: Teams,
                                               availability: str, activity: str) -> None:
    session = "22553876-f5ab-4529-bffb-cfe50aa89f87"
    with Requests(server) as calls, pytest.raises(ValueError, match="availability"):
        teams.set_my_presence(session, availability, activity, "PT5M")
    assert calls.seen == []


def test_a_mention_of_something_that_is_not_a_user(server: EmulatorServer, account: Account,
                                                   leadership: Team, general: Channel,
                                                   chat: Chat) -> None:
    group = account.groups().get_group(leadership.object_id)
    message = next(iter(general.get_messages(limit=1)))
    with Requests(server) as calls:
        for not_a_person in (leadership, general, group, "adele@contoso.onmicrosoft.com"):
            with pytest.raises(TypeError, match="only people can be mentioned"):
                general.send_message("{0}, look", mentions=[not_a_person])
            with pytest.raises(TypeError, match="only people can be mentioned"):
                chat.send_message("{0}, look", mentions=[not_a_person])
            with pytest.raises(TypeError, match="only people can be mentioned"):
                message.reply("{0}, look", mentions=[not_a_person])
    assert calls.seen == []


def test_mentions_the_content_does_not_place_right(server: EmulatorServer, account: Account,
                                                   general: Channel) -> None:
    adele = account.new_user("adele@contoso.onmicrosoft.com")
    with Requests(server) as calls:
        with pytest.raises(ValueError, match=r"names mention \{1\}, but only 1"):
            general.send_message("{0} and {1}", mentions=[adele])
        with pytest.raises(ValueError, match="more than once"):
            general.send_message("{0} and {0}", mentions=[adele])
    assert calls.seen == []


@pytest.mark.parametrize("content", ["", "   ", None])
def test_empty_message_content(server: EmulatorServer, general: Channel, chat: Chat,
                               content: str | None) -> None:
    message = next(iter(general.get_messages(limit=1)))
    with Requests(server) as calls:
        with pytest.raises(ValueError, match="content"):
            general.send_message(content)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="content"):
            chat.send_message(content)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="content"):
            message.reply(content)  # type: ignore[arg-type]
    assert calls.seen == []


def test_top_over_the_channel_message_limit_is_clamped_with_a_log_line(
        server: EmulatorServer, general: Channel, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="generated.o365"), Requests(server) as calls:
        first_page = list(general.get_messages(limit=60, page_size=100))
        changes = general.get_message_changes(page_size=500)
        next(iter(changes))
    assert len(first_page) == 60
    tops = [query.get("$top") for _, path, query in calls.seen if "$top" in query]
    assert tops and all(top == ["50"] for top in tops)  # never the 400 Graph gives for > 50
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("page size 100 is over Graph's maximum of 50" in w for w in warnings)
    assert any("page size 500 is over Graph's maximum of 50" in w for w in warnings)
