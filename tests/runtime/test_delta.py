from __future__ import annotations

from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import DeltaIterator, Removed, delta_token_of
from generated.o365._runtime.errors import GoneError
from generated.o365._runtime.query import Query
from tests.runtime.conftest import cassette
from tests.support import Reply, ScriptServer

FOLDER = "me/mailFolders/AQMkADNkNAAAgEMAAAA/messages/delta"


def subject(item: dict[str, Any]) -> str:
    return str(item["subject"])


def test_documented_round_then_resume_from_saved_link(graph_con: Connection) -> None:
    """concepts/delta-query-messages.md Example 1, via tests/runtime/cassettes/delta_messages.yaml."""
    with cassette("delta_messages.yaml") as played:
        first = DeltaIterator(
            graph_con,
            FOLDER,
            subject,
            params=Query().select("subject", "sender", "is_read").as_params(),
            page_size=2,
        )
        assert list(first) == [
            "Holiday hours update",
            "Holiday promotion sale",
            "Microsoft Virtual Academy at Contoso",
            "New or modified user account information",
            "Fabric CDN now available",
        ]
        assert first.pages_fetched == 3
        assert first.delta_token == "GwcBoTmPuoGNlgXgF1nyUNMXY"
        saved = first.delta_link
        assert saved is not None

        second = DeltaIterator(graph_con, FOLDER, subject, delta_link=saved, page_size=2)
        changes = list(second)
    assert played.all_played
    removed, changed = changes
    assert isinstance(removed, Removed) and removed.reason == "deleted"
    assert removed.id == "AAMkADk0MGFkODE3LWE4MmYtNDRhOS0Dh_6qB-pB2Sa2pUum19a6YAAKnLuxoAAA="
    assert changed == "Holiday hours update"
    assert second.delta_link == saved


def test_headers_every_page_params_first_only(con: Connection, script_server: ScriptServer) -> None:
    base = script_server.url("/v1.0/me/messages/delta")
    script_server.enqueue(
        Reply(200, body={"@odata.nextLink": base + "?$skiptoken=s1", "value": []}),
        Reply(200, body={"@odata.deltaLink": base + "?$deltatoken=d1", "value": [{"id": "1"}]}),
    )
    iterator = DeltaIterator(
        con,
        "me/messages/delta",
        lambda item: item["id"],
        params={"changeType": "created"},
        page_size=5,
        headers={"Prefer": "return=minimal"},
    )
    assert list(iterator) == ["1"]
    first, second = script_server.requests
    assert first.query == {"changeType": ["created"]}
    assert second.query == {"$skiptoken": ["s1"]}
    for req in (first, second):
        assert (
            req.headers["prefer"] == 'outlook.timezone="UTC", return=minimal, odata.maxpagesize=5'
        )
    assert iterator.delta_token == "d1"


def test_removed_items_carry_the_default_marker_with_its_reason(
    con: Connection, script_server: ScriptServer
) -> None:
    script_server.enqueue(
        Reply(
            200,
            body={
                "@odata.deltaLink": script_server.url("/v1.0/users/delta?$deltatoken=d2"),
                "value": [
                    {"id": "u1", "@removed": {"reason": "changed"}},
                    {"id": "u2", "@removed": {}},
                    # Not the marker of this collection: an ordinary property.
                    {"id": "u3", "displayName": "Kept", "deleted": {"state": "deleted"}},
                ],
            },
        )
    )
    iterator = DeltaIterator(con, "users/delta", lambda item: item["displayName"])
    soft, hard, kept = list(iterator)
    assert soft == Removed("u1", "changed", {}) and hard == Removed("u2", "deleted", {})
    assert kept == "Kept"


def test_a_spec_given_marker_replaces_the_default(
    con: Connection, script_server: ScriptServer
) -> None:
    """driveItem delta marks deletions with a `deleted` facet (the spec says `removed: deleted`)."""
    script_server.enqueue(
        Reply(
            200,
            body={
                "@odata.deltaLink": script_server.url(
                    "/v1.0/me/drive/root/delta(token='MzslMTswOzE7')"
                ),
                "value": [
                    {"id": "f1", "name": "gone.txt", "deleted": {"state": "deleted"}},
                    {"id": "f2", "name": "kept.txt"},
                ],
            },
        )
    )
    iterator = DeltaIterator(
        con, "me/drive/root/delta", lambda item: item["name"], removed="deleted"
    )
    hard, kept = list(iterator)
    assert hard == Removed("f1", "deleted", {}) and hard.raw["name"] == "gone.txt"
    assert kept == "kept.txt"
    assert iterator.delta_token == "MzslMTswOzE7"


def test_410_gone_restarts_from_location(con: Connection, script_server: ScriptServer) -> None:
    fresh = script_server.url("/v1.0/me/drive/root/delta?token=")
    script_server.enqueue(
        Reply(
            410,
            {"Location": fresh},
            body={
                "error": {
                    "code": "resyncRequired",
                    "message": "Resync required.",
                    "innerError": {"code": "resyncChangesApplyDifferences"},
                }
            },
        ),
        Reply(
            200, body={"@odata.deltaLink": fresh + "fresh1", "value": [{"id": "a", "name": "a"}]}
        ),
    )
    iterator = DeltaIterator(
        con,
        "me/drive/root/delta",
        lambda item: item["name"],
        delta_link=script_server.url("/v1.0/me/drive/root/delta?token=old"),
    )
    assert list(iterator) == ["a"]
    assert iterator.resyncs == 1
    assert script_server.requests[1].target == "/v1.0/me/drive/root/delta?token="
    assert iterator.delta_token == "fresh1"


def test_endless_410_is_bounded(con: Connection, script_server: ScriptServer) -> None:
    script_server.route("GET", "/v1.0/me/drive/root/delta", Reply(410))
    with pytest.raises(GoneError):
        list(DeltaIterator(con, "me/drive/root/delta", lambda item: item))
    assert len(script_server.requests) == 4  # first try + 3 resyncs


@pytest.mark.parametrize(
    ("link", "token"),
    [
        ("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc%3D", "abc="),
        (
            "https://graph.microsoft.com/v1.0/me/drive/root/delta(token='1230919asd190410jlka')",
            "1230919asd190410jlka",
        ),
        ("https://graph.microsoft.com/v1.0/me/drive/root/delta?token=latest", "latest"),
        ("https://graph.microsoft.com/v1.0/users/delta?$skiptoken=x", None),
    ],
)
def test_delta_token_forms(link: str, token: str | None) -> None:
    assert delta_token_of(link) == token


def test_bad_arguments(con: Connection) -> None:
    with pytest.raises(ValueError):
        DeltaIterator(con, "x", lambda i: i, page_size=0)
    with pytest.raises(ValueError):
        DeltaIterator(con, "x", lambda i: i, delta_link="")
    with pytest.raises(TypeError):
        DeltaIterator(con, "x", "not callable")  # type: ignore[arg-type]
