"""What the `composed_bodies_and_operations` fixture's generated methods send, over real sockets.

Each case is a generic mechanism a spec switches on: `compose` (a message body with @mentions
and inline images, generated.o365._runtime.mentions), `combinations` (arguments Graph takes only in documented
pairs), `then` on an action (POST, then return what another operation reads),
`clamp_page_size` (a page size over Graph's maximum lowered with a log line, on a list and on
a `$top` delta) and `monitor: operation` (a 202 whose Location is a Graph operation entity).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.operations import OperationFailedError
from generated.o365._runtime.protocol import MSGraphProtocol
from tests.support.server import Reply, ScriptServer

FIXTURE = "composed_bodies_and_operations"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


@pytest.fixture
def server() -> Iterator[ScriptServer]:
    with ScriptServer() as srv:
        yield srv


@pytest.fixture
def hall(fixture_package: ModuleType, server: ScriptServer) -> Any:
    con = Connection(protocol=MSGraphProtocol(protocol_url=server.url("/"), timezone="UTC"))
    from generated.o365.hall.hall import Hall

    return Hall(con, "users/adele@contoso.com")


def room(hall: Any) -> Any:
    from generated.o365.hall.room import Room

    return Room._factory(hall.con, {"resource": hall.resource})({"id": "R1", "displayName": "Lobby"})


def person(hall: Any, user_id: str, name: str) -> Any:
    from generated.o365.hall.person import Person

    return Person._factory(hall.con, {"resource": hall.resource})({"id": user_id, "displayName": name})


def member(hall: Any, user_id: str | None, name: str) -> Any:
    from generated.o365.hall.member import Member

    return Member._factory(hall.con, {"resource": hall.resource})(
        {"@odata.type": "#microsoft.graph.aadUserConversationMember", "id": "M1",
         "userId": user_id, "displayName": name})


# -- compose: mentions -----------------------------------------------------------------------

def test_mentions_become_tags_and_the_mentions_array_together(hall: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(201, body={"id": "P1"}))
    megan, alex = person(hall, "u-megan", "Megan Bowen"), member(hall, "u-alex", "Alex <Wilber>")
    room(hall).post("Hi {1} and {0}: the plan is ready", mentions=[megan, alex])
    body = server.requests[0].json()
    assert body["body"] == {"contentType": "html", "content":
                            'Hi <at id="1">Alex &lt;Wilber&gt;</at> and <at id="0">Megan Bowen</at>: '
                            "the plan is ready"}
    assert body["mentions"] == [
        {"id": 0, "mentionText": "Megan Bowen",
         "mentioned": {"user": {"id": "u-megan", "displayName": "Megan Bowen", "userIdentityType": "aadUser"}}},
        {"id": 1, "mentionText": "Alex <Wilber>",
         "mentioned": {"user": {"id": "u-alex", "displayName": "Alex <Wilber>", "userIdentityType": "aadUser"}}}]


def test_mentions_without_places_go_in_front_and_text_is_escaped(hall: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(201, body={"id": "P1"}))
    room(hall).post("see a < b", mentions=[("Megan Bowen", "u-megan")])
    body = server.requests[0].json()
    assert body["body"]["content"] == '<at id="0">Megan Bowen</at> see a &lt; b'
    assert body["mentions"][0]["mentioned"]["user"]["id"] == "u-megan"


def test_a_plain_message_is_sent_as_given(hall: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(201, body={"id": "P1"}))
    room(hall).post("{0} is literal here")
    assert server.requests[0].json() == {"body": {"content": "{0} is literal here", "contentType": "text"}}


@pytest.mark.parametrize(("content", "mentions", "error", "match"), [
    ("hello", ["u-megan"], TypeError, "mention 0 is a str: only people can be mentioned"),
    ("hello", [{"id": "u"}], TypeError, "mention 0 is a dict"),
    ("{0} {0}", [("Megan", "u-megan")], ValueError, r"names mention \{0\} more than once"),
    ("{1}", [("Megan", "u-megan")], ValueError, r"names mention \{1\}, but only 1"),
    ("{0}", [("Megan", "u-megan"), ("Alex", "u-alex")], ValueError, "mention 1 is not placed"),
    ("   ", None, ValueError, "the message content is empty"),
])
def test_bad_mentions_and_empty_content_are_refused_before_sending(
        hall: Any, server: ScriptServer, content: str, mentions: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        room(hall).post(content, mentions=mentions)
    assert server.requests == []


def test_an_object_that_is_not_a_person_cannot_be_mentioned(hall: Any, server: ScriptServer) -> None:
    with pytest.raises(TypeError, match="mention 0 is a Room: only people can be mentioned here "
                                        r"\(aadUserConversationMember, user"):
        room(hall).post("hello", mentions=[room(hall)])
    with pytest.raises(ValueError, match="mention 0 has no user id"):
        room(hall).post("hello", mentions=[member(hall, None, "A guest")])
    assert server.requests == []


# -- compose: inline images ------------------------------------------------------------------

def test_inline_images_become_hosted_contents(hall: Any, server: ScriptServer, tmp_path: Path) -> None:
    server.enqueue(Reply(201, body={"id": "P1"}))
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    room(hall).post('<p>{0}</p><img src="../hostedContents/1/$value"><img src="../hostedContents/2/$value">',
                    content_type="html", mentions=[("Megan", "u-megan")], images={"1": PNG, "2": photo})
    body = server.requests[0].json()
    assert body["body"]["content"].startswith('<p><at id="0">Megan</at></p>')
    assert body["hostedContents"] == [
        {"@microsoft.graph.temporaryId": "1", "contentBytes": base64.b64encode(PNG).decode(), "contentType": "image/png"},
        {"@microsoft.graph.temporaryId": "2", "contentBytes": base64.b64encode(PNG).decode(), "contentType": "image/png"}]


@pytest.mark.parametrize(("content", "images", "match"), [
    ('<img src="../hostedContents/1/$value">', {"2": PNG}, "shows ../hostedContents/1/\\$value, but no image '1'"),
    ("<p>no picture</p>", [PNG], "inline image '1' is not shown"),
    ('<img src="../hostedContents/1/$value">', [b"not an image"], "is not a PNG, JPEG, GIF or BMP"),
])
def test_bad_inline_images_are_refused_before_sending(hall: Any, server: ScriptServer, content: str,
                                                      images: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        room(hall).post(content, content_type="html", images=images)
    with pytest.raises(ValueError, match="inline images need HTML content"):
        room(hall).post("text", images=[PNG])
    assert server.requests == []


# -- combinations and then ---------------------------------------------------------------------

def test_an_allowed_pair_is_sent_then_the_status_read(hall: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(200), Reply(200, body={"id": "S", "availability": "Busy", "activity": "InACall"}))
    status = hall.set_status("Busy", "InACall")
    assert [r.method for r in server.requests] == ["POST", "GET"]
    assert server.requests[0].json() == {"availability": "Busy", "activity": "InACall"}
    assert server.requests[1].path == "/v1.0/users/adele@contoso.com/status"
    assert (type(status).__name__, status.activity) == ("Status", "InACall")


def test_a_pair_graph_does_not_take_is_refused_before_sending(hall: Any, server: ScriptServer) -> None:
    with pytest.raises(ValueError, match="Busy/Away is not a combination of availability and activity Graph "
                                         r"takes \(the documented pairs\): use one of Available/Available; "
                                         "Busy/InACall; Away/Away"):
        hall.set_status("Busy", "Away")
    with pytest.raises(ValueError, match="'Sleeping' is not one of"):
        hall.set_status("Sleeping", "Away")
    assert server.requests == []


# -- clamp_page_size ---------------------------------------------------------------------------

def test_a_page_size_over_the_maximum_is_clamped_with_a_log_line(
        hall: Any, server: ScriptServer, caplog: pytest.LogCaptureFixture) -> None:
    server.enqueue(Reply(200, body={"value": [{"id": "R1"}]}))
    with caplog.at_level(logging.WARNING, logger="generated.o365"):
        rooms = list(hall.get_rooms(batch=80))
    assert [r.id for r in rooms] == ["R1"]
    assert server.requests[0].query["$top"] == ["50"]
    assert "page size 80 is over Graph's maximum of 50" in caplog.text


def test_the_spec_default_page_size_is_asked_for(hall: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(200, body={"value": []}))
    list(hall.get_rooms())
    assert server.requests[0].query["$top"] == ["20"]


def test_a_top_delta_sends_top_clamped(hall: Any, server: ScriptServer, caplog: pytest.LogCaptureFixture) -> None:
    server.enqueue(Reply(200, body={"value": [], "@odata.deltaLink": server.url("/v1.0/rooms/R1/posts/delta?$deltatoken=d1")}))
    with caplog.at_level(logging.WARNING, logger="generated.o365"):
        changes = room(hall).get_changes(page_size=500)
        assert list(changes) == []
    [req] = server.requests
    assert req.path == "/v1.0/rooms/R1/posts/delta" and req.query["$top"] == ["50"]
    assert "prefer" not in {k.lower() for k in req.headers} or "maxpagesize" not in req.headers.get("Prefer", "")
    assert "page size 500 is over Graph's maximum of 50" in caplog.text


# -- monitor: operation ------------------------------------------------------------------------

def test_an_operation_entity_is_polled_on_graph_then_what_it_made_loaded(hall: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(202, headers={"Location": "/rooms('R9')/operations('O1')",
                                       "Content-Location": "/rooms('R9')"}))
    operation = hall.open_room("Cellar")
    assert server.requests[0].json() == {"displayName": "Cellar"}
    server.enqueue(Reply(200, body={"id": "O1", "status": "inProgress"}),
                   Reply(200, body={"id": "O1", "status": "succeeded", "targetResourceId": "R9"}),
                   Reply(200, body={"id": "R9", "displayName": "Cellar"}))
    operation._sleep = lambda s: None
    made = operation.result()
    polls = server.requests[1:3]
    assert {r.target for r in polls} == {"/v1.0/rooms('R9')/operations('O1')"}
    assert server.requests[3].path == "/v1.0/rooms/R9"
    assert (type(made).__name__, made.display_name) == ("Room", "Cellar")
    assert operation.succeeded and operation.item_id == "R9"


def test_a_failed_operation_says_why(hall: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(202, headers={"Location": "/rooms('R9')/operations('O1')"}),
                   Reply(200, body={"id": "O1", "status": "failed",
                                    "error": {"code": "Conflict", "message": "The name is taken."}}))
    operation = hall.open_room("Cellar")
    with pytest.raises(OperationFailedError, match="Conflict The name is taken"):
        operation.wait()


def test_an_operation_location_on_another_host_gets_no_token(hall: Any, server: ScriptServer) -> None:
    from generated.o365._runtime.errors import UnsafeURLError

    server.enqueue(Reply(202, headers={"Location": "https://elsewhere.example/rooms('R9')/operations('O1')"}))
    operation = hall.open_room("Cellar")
    with pytest.raises(UnsafeURLError):
        operation.status()
    assert len(server.requests) == 1
