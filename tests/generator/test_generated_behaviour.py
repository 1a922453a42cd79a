"""What generated operations send, over real sockets: params in, exact request out.

Uses the `every_operation_kind` fixture (one operation of every kind) against the scriptable
test server, so each spec feature is checked end to end through the runtime.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import NotFoundError
from generated.o365._runtime.protocol import MSGraphProtocol
from tests.support.server import Reply, ScriptServer

FIXTURE = "every_operation_kind"


@pytest.fixture
def server() -> Iterator[ScriptServer]:
    with ScriptServer() as srv:
        yield srv


@pytest.fixture
def shop(fixture_package: ModuleType, server: ScriptServer) -> Any:
    con = Connection(protocol=MSGraphProtocol(protocol_url=server.url("/"), timezone="UTC"))
    from generated.o365.shop.shop import Shop

    return Shop(con, "users/adele@contoso.com")


def widget(shop: Any, data: dict[str, Any] | None = None) -> Any:
    from generated.o365.shop.widget import Widget

    return Widget._factory(shop.con, {"resource": shop.resource, "parent": "x"})(
        data or {"id": "W1", "subject": "hello"})


def test_list_sends_top_and_query_params_and_builds_typed_items(shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(200, body={"value": [{"id": "1", "subject": "a"}, {"id": "2", "subject": "b"}]}))
    items = list(shop.get_widgets(limit=2))
    assert [type(i).__name__ for i in items] == ["Widget", "Widget"]
    assert [i.subject for i in items] == ["a", "b"]
    [req] = server.requests
    assert req.path == "/v1.0/users/adele@contoso.com/widgets"
    assert req.query["$top"] == ["2"]


def test_list_rejects_a_page_size_over_the_maximum_before_sending(shop: Any, server: ScriptServer) -> None:
    with pytest.raises(ValueError, match="over Graph's maximum of 999"):
        shop.get_widgets(page_size=5000)
    assert server.requests == []


def test_alias_is_the_same_method(shop: Any) -> None:
    assert type(shop).list_widgets is type(shop).get_widgets


def test_required_path_param_is_checked_before_any_request(shop: Any, server: ScriptServer) -> None:
    with pytest.raises(ValueError, match="widget_id is required"):
        shop.get_widget("")
    assert server.requests == []


def test_ids_are_percent_encoded_in_paths(shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(200, body={"id": "A/B=", "subject": "x"}))
    shop.get_widget("A/B=")
    assert server.requests[0].target.startswith("/v1.0/users/adele@contoso.com/widgets/A%2FB%3D")


def test_new_then_save_posts_to_the_collection_then_patches_only_changes(shop: Any, server: ScriptServer) -> None:
    w = shop.new_widget(subject="draft")
    w.to.add("megan@contoso.com")
    server.enqueue(Reply(201, body={"id": "NEW", "subject": "draft"}))
    assert w.save() is True
    post = server.requests[0]
    assert (post.method, post.path) == ("POST", "/v1.0/users/adele@contoso.com/widgets")
    assert post.json() == {"subject": "draft",
                           "toRecipients": [{"emailAddress": {"address": "megan@contoso.com"}}]}
    assert w.id == "NEW" and not w.is_dirty
    w.subject = "edited"
    server.enqueue(Reply(200, body={"id": "NEW", "subject": "edited"}))
    w.save()
    patch = server.requests[1]
    assert (patch.method, patch.path) == ("PATCH", "/v1.0/users/adele@contoso.com/widgets/NEW")
    assert patch.json() == {"subject": "edited"}
    assert w.save() is False  # nothing changed: nothing sent
    assert len(server.requests) == 2


def test_save_first_action_saves_a_new_object_before_the_action(shop: Any, server: ScriptServer) -> None:
    w = shop.new_widget(subject="s")
    server.enqueue(Reply(201, body={"id": "D1", "subject": "s"}), Reply(202))
    w.send()
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", "/v1.0/users/adele@contoso.com/widgets"),
        ("POST", "/v1.0/users/adele@contoso.com/widgets/D1/send"),
    ]


def test_failed_action_keeps_the_saved_draft(shop: Any, server: ScriptServer) -> None:
    w = shop.new_widget(subject="s")
    server.enqueue(Reply(201, body={"id": "D1", "subject": "s"}),
                   Reply(400, body={"error": {"code": "ErrorInvalidRecipients", "message": "no"}}))
    with pytest.raises(Exception, match="ErrorInvalidRecipients"):
        w.send()
    assert w.id == "D1" and w.subject == "s"


def test_switch_chooses_the_path(shop: Any, server: ScriptServer) -> None:
    w = widget(shop)
    server.enqueue(Reply(201, body={"id": "R1"}), Reply(201, body={"id": "R2"}))
    first = w.reply()
    w.reply(to_all=False, comment="thanks")
    assert [r.path.rsplit("/", 1)[1] for r in server.requests] == ["createReplyAll", "createReply"]
    assert server.requests[0].body in (b"", b"{}")
    assert server.requests[1].json() == {"comment": "thanks"}
    assert first.id == "R1" and type(first).__name__ == "Widget"


def test_update_with_preset_sends_only_that_field(shop: Any, server: ScriptServer) -> None:
    w = widget(shop)
    server.enqueue(Reply(200, body={"id": "W1", "isRead": True}))
    w.mark_as_read()
    assert server.requests[0].json() == {"isRead": True}


def test_update_param_assigns_a_nested_path(shop: Any, server: ScriptServer) -> None:
    w = widget(shop, {"id": "W1", "body": {"contentType": "text", "content": "old"}})
    server.enqueue(Reply(200, body={"id": "W1"}))
    w.set_body("new")
    assert server.requests[0].json() == {"body": {"content": "new"}}  # only the sub-key set


def test_option_flag_adds_expand(shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(200, body={"value": []}))
    list(widget(shop).get_children(with_attachments=True, start="2024-01-01"))
    req = server.requests[0]
    assert req.query["$expand"] == ["attachments"]
    assert req.query["startDateTime"] == ["2024-01-01"]
    assert req.query["$top"] == ["10"]  # the spec's default page size


def test_find_filters_and_returns_the_first_match(shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(200, body={"value": [{"id": "C1", "subject": "it's"}]}))
    found = widget(shop).find_child(subject="it's")
    assert found.id == "C1"
    assert server.requests[0].query["$filter"] == ["subject eq 'it''s'"]


def test_find_raises_not_found_naming_what_was_searched(shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(200, body={"value": []}))
    with pytest.raises(NotFoundError, match="no Widget with subject 'nope'") as info:
        widget(shop).find_child(subject="nope")
    assert info.value.code == "itemNotFound"


def test_find_needs_something_to_look_for(shop: Any, server: ScriptServer) -> None:
    with pytest.raises(ValueError, match="say what to look for"):
        widget(shop).find_child()
    assert server.requests == []


def test_raw_path_param_keeps_slashes_and_odata_literal_is_escaped(shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(200, body={"id": "P"}), Reply(200, body={"value": [{"id": "S"}]}))
    w = widget(shop)
    w.get_by_path("/Documents/report one.xlsx")
    results = w.search("o'clock")
    assert server.requests[0].path == "/v1.0/users/adele@contoso.com/root:/Documents/report%20one.xlsx:"
    assert server.requests[1].target.endswith("/search(q='o%27%27clock')")
    assert [r.id for r in results] == ["S"]


def test_function_returning_bytes(shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(200, headers={"Content-Type": "message/rfc822"}, body=b"From: a\r\n\r\nhi"))
    assert widget(shop).get_mime_content() == b"From: a\r\n\r\nhi"


def test_computed_helper_reads_without_a_request(shop: Any, server: ScriptServer) -> None:
    w = widget(shop, {"id": "W1", "body": {"contentType": "html", "content": "<p>Hi&nbsp;<b>there</b></p><p>x</p>"}})
    assert w.get_body_text() == "Hi there\n\nx"
    assert server.requests == []


def test_rules_run_before_any_request(shop: Any, server: ScriptServer) -> None:
    w = widget(shop, {"id": "W1", "createdDateTime": "2024-05-01T10:00:00Z"})
    w.last_modified_date_time = dt.datetime(2024, 4, 1, tzinfo=dt.timezone.utc)
    with pytest.raises(ValueError, match="last_modified_date_time .* is before created_date_time"):
        w.save()
    assert server.requests == []


def test_recipients_accept_strings_pairs_and_objects_and_validate(shop: Any) -> None:
    from generated.o365.types import EmailAddress, Recipient

    w = shop.new_widget()
    w.to.add("a@contoso.com")
    w.to.add(("Bee", "b@contoso.com"))
    w.to.add(Recipient(email_address=EmailAddress(address="c@contoso.com")))
    assert [r.email_address.address for r in w.to] == ["a@contoso.com", "b@contoso.com", "c@contoso.com"]
    w.to.remove("B@CONTOSO.COM")
    assert len(w.to) == 2
    with pytest.raises(ValueError, match="'not an address' is not a valid email address"):
        w.to.add("not an address")
    w.to.clear()
    assert len(w.to) == 0


def test_monitor_returns_an_operation_that_polls_then_loads(shop: Any, server: ScriptServer) -> None:
    monitor = server.url("/monitor/1")
    server.enqueue(Reply(202, headers={"Location": monitor}))
    op = widget(shop).copy(name="copy")
    assert server.requests[0].json() == {"name": "copy"}
    server.enqueue(Reply(200, body={"status": "inProgress", "percentageComplete": 50}),
                   Reply(200, body={"status": "completed", "resourceId": "NEWID"}),
                   Reply(200, body={"id": "NEWID", "subject": "copied"}))
    op._sleep = lambda s: None
    result = op.result()
    assert result.id == "NEWID"
    polls = [r for r in server.requests if r.path == "/monitor/1"]
    assert len(polls) == 2 and all("authorization" not in r.headers for r in polls)
    assert server.requests[-1].path == "/v1.0/users/adele@contoso.com/widgets/NEWID"


def test_small_upload_is_one_put(shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(201, body={"id": "F1", "subject": "f"}))
    made = widget(shop).upload(io.BytesIO(b"x" * 50), "notes.txt", conflict_handling="rename")
    req = server.requests[0]
    assert req.method == "PUT" and req.path == "/v1.0/users/adele@contoso.com/widgets/W1:/notes.txt:/content"
    assert req.query["@microsoft.graph.conflictBehavior"] == ["rename"]
    assert req.body == b"x" * 50 and made.id == "F1"


def test_upload_of_a_missing_file_fails_before_any_request(shop: Any, server: ScriptServer) -> None:
    with pytest.raises(FileNotFoundError, match="no file to upload"):
        widget(shop).upload("/no/such/file.bin")
    with pytest.raises(ValueError, match="conflict_handling"):
        widget(shop).upload(io.BytesIO(b"x"), "a", conflict_handling="overwrite")
    assert server.requests == []


def test_attachments_wait_for_save_then_go_small_or_by_session(shop: Any, server: ScriptServer, tmp_path: Any) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"B" * 2000)  # over the fixture's 1000-byte inline limit
    w = shop.new_widget(subject="with files")
    w.attachments.add(b"small", name="small.txt")
    w.attachments.add(big)
    with pytest.raises(FileNotFoundError):
        w.attachments.add(tmp_path / "missing.bin")
    upload_url = server.url("/upload/session1")
    server.enqueue(
        Reply(201, body={"id": "M1", "subject": "with files"}),
        Reply(201, body={"id": "A1"}),
        Reply(200, body={"value": []}),  # attachments already there (generated.o365._runtime.upload.Reconciler)
        Reply(201, body={"uploadUrl": upload_url, "nextExpectedRanges": ["0-"]}),
        Reply(201, headers={"Location": "https://graph/attachments('A2')"}),
    )
    w.save()
    methods = [(r.method, r.path) for r in server.requests]
    assert methods[:4] == [
        ("POST", "/v1.0/users/adele@contoso.com/widgets"),
        ("POST", "/v1.0/users/adele@contoso.com/widgets/M1/attachments"),
        ("GET", "/v1.0/users/adele@contoso.com/widgets/M1/attachments"),
        ("POST", "/v1.0/users/adele@contoso.com/widgets/M1/attachments/createUploadSession"),
    ]
    assert server.requests[1].json()["contentBytes"] == "c21hbGw="
    assert server.requests[3].json()["AttachmentItem"]["size"] == 2000
    put = server.requests[4]
    assert put.method == "PUT" and put.body == b"B" * 2000 and "authorization" not in put.headers
    assert w.attachments.pending == []


def test_attachment_item_type_and_size_limit_come_from_the_spec(shop: Any, server: ScriptServer) -> None:
    """`attachments: {item_type, max_size}`: the limit is checked when a file is added."""
    w = shop.new_widget(subject="limits")
    with pytest.raises(ValueError, match="limited to 5000 bytes"):
        w.attachments.add(b"x" * 5001, name="too-big.bin")
    w.attachments.add(b"ok", name="ok.txt")
    server.enqueue(Reply(201, body={"id": "M2"}), Reply(201, body={"id": "A1"}))
    w.save()
    assert server.requests[1].json()["@odata.type"] == "#microsoft.graph.fileAttachment"


def test_list_on_an_advanced_queries_collection_adds_consistency_only_when_advanced(
        shop: Any, server: ScriptServer) -> None:
    """`advanced_queries: true` (GRAPH_FACTS §1): $search, $count, $orderby, ne/not/endswith
    need ConsistencyLevel: eventual (and $count=true but for $search); plain queries do not."""
    from generated.o365._runtime.query import F, Query

    server.enqueue(*(Reply(200, body={"value": []}) for _ in range(4)))
    list(shop.get_widgets(query=Query().search("displayName:ad")))
    list(shop.get_widgets(query=Query().filter(F("subject").ne("x"))))
    list(shop.get_widgets(order_by="subject"))
    list(shop.get_widgets(query=Query().filter(F("subject").eq("x"))))
    search, not_equal, ordered, plain = server.requests
    assert search.headers["consistencylevel"] == "eventual" and "$count" not in search.query
    for req in (not_equal, ordered):
        assert req.headers["consistencylevel"] == "eventual" and req.query["$count"] == ["true"]
    assert "consistencylevel" not in plain.headers and "$count" not in plain.query
    server.enqueue(Reply(200, body={"value": []}))
    list(widget(shop).get_children(query=Query().search("x")))  # no advanced_queries there
    assert "consistencylevel" not in server.requests[-1].headers


def test_delta_uses_the_spec_removal_marker(shop: Any, server: ScriptServer) -> None:
    from generated.o365._runtime.delta import Removed

    server.enqueue(Reply(200, body={"@odata.deltaLink": server.url("/v1.0/d?token=t"), "value": [
        {"id": "W1", "deleted": {"state": "deleted"}}, {"id": "W2", "subject": "kept"}]}))
    gone, kept = list(widget(shop).get_changes())
    assert gone == Removed("W1", "deleted", {}) and kept.subject == "kept"


def test_outlook_style_upload_posts_small_files_as_the_spec_item_type(
        shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(201, body={"id": "A1", "subject": "att"}))
    made = widget(shop).attach(io.BytesIO(b"tiny"), "a.txt")
    [req] = server.requests
    assert (req.method, req.path) == ("POST", "/v1.0/users/adele@contoso.com/widgets/W1/attachments")
    assert req.json() == {"@odata.type": "#microsoft.graph.fileAttachment", "name": "a.txt",
                          "contentType": "text/plain", "contentBytes": "dGlueQ==", "isInline": False}
    assert made.id == "A1"


def test_outlook_style_upload_sends_large_files_through_a_session_with_the_spec_member(
        shop: Any, server: ScriptServer) -> None:
    upload_url = server.url("/upload/s1")
    server.enqueue(Reply(200, body={"value": []}),  # attachments there before (Reconciler)
                   Reply(201, body={"uploadUrl": upload_url, "nextExpectedRanges": ["0-"]}),
                   Reply(201, headers={"Location": "https://graph/widgets('W1')/Attachments('A9')"}))
    made = widget(shop).attach(io.BytesIO(b"L" * 300), "large.bin")
    before, create, put = server.requests
    assert before.method == "GET" and before.path.endswith("/widgets/W1/attachments")
    assert create.path.endswith("/widgets/W1/attachments/createUploadSession")
    assert create.json() == {"AttachmentItem": {"attachmentType": "file", "name": "large.bin",
                                                "size": 300}}
    assert put.method == "PUT" and put.body == b"L" * 300 and "authorization" not in put.headers
    assert made.id == "A9"
    with pytest.raises(ValueError, match="item_name is required"):
        widget(shop).attach(io.BytesIO(b"L"))
    assert len(server.requests) == 3


def test_unless_variant_runs_when_its_switch_is_false(shop: Any, server: ScriptServer) -> None:
    w = shop.new_widget(subject="one call")
    server.enqueue(Reply(202))
    w.dispatch(keep_copy=False)
    [req] = server.requests
    assert (req.method, req.path) == ("POST", "/v1.0/users/adele@contoso.com/sendWidget")
    assert req.json() == {"widget": {"subject": "one call"}, "saveToSentItems": False}
    server.enqueue(Reply(201, body={"id": "D2", "subject": "one call"}), Reply(202))
    w2 = shop.new_widget(subject="saved")
    w2.dispatch()
    assert [r.path.rsplit("/", 1)[1] for r in server.requests[1:]] == ["widgets", "send"]


def test_time_zone_arguments_and_fields_are_checked_before_sending(shop: Any, server: ScriptServer) -> None:
    w = widget(shop)
    with pytest.raises(ValueError, match="Mars/Olympus"):
        w.set_zone("Mars/Olympus")
    with pytest.raises(ValueError, match="Mars/Olympus"):
        w.zone = "Mars/Olympus"
    assert server.requests == []
    w.zone = "W. Europe Standard Time"
    server.enqueue(Reply(204))
    w.set_zone("Europe/Berlin")
    assert server.requests[0].json() == {"timeZone": "Europe/Berlin"}


def test_a_none_default_leaves_the_argument_out_of_the_body(shop: Any, server: ScriptServer) -> None:
    server.enqueue(Reply(201, body={"id": "R"}), Reply(201, body={"id": "R"}))
    widget(shop).reply(False)
    widget(shop).reply(False, "noted")
    assert server.requests[0].body in (b"", b"{}")
    assert server.requests[1].json() == {"comment": "noted"}
