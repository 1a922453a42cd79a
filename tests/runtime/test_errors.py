from __future__ import annotations

import json
import pickle

import pytest
import requests

from generated.o365._runtime import errors
from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import (
    AuthenticationError,
    BandwidthExceededError,
    ForbiddenError,
    GatewayTimeoutError,
    GraphError,
    InsufficientStorageError,
    InvalidCredentialsError,
    NotFoundError,
    NoUserContextError,
    O365Error,
    ServerError,
    ServiceUnavailableError,
    ThrottledError,
    TokenExpiredError,
    UploadError,
    auth_error_from_response,
    graph_error,
    redact_url,
)
from tests.runtime.conftest import cassette
from tests.support.server import Reply, ScriptServer


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.UnauthorizedError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (405, errors.MethodNotAllowedError),
        (409, errors.ConflictError),
        (410, errors.GoneError),
        (412, errors.PreconditionFailedError),
        (413, errors.PayloadTooLargeError),
        (416, errors.RangeNotSatisfiableError),
        (423, errors.LockedError),
        (424, errors.FailedDependencyError),
        (429, ThrottledError),
        (500, ServerError),
        (501, ServerError),
        (503, ServiceUnavailableError),
        (504, GatewayTimeoutError),
        (507, InsufficientStorageError),
        (509, BandwidthExceededError),
        (418, GraphError),
    ],
)
def test_status_maps_to_class(status: int, cls: type[GraphError]) -> None:
    err = graph_error(method="get", url="https://graph.microsoft.com/v1.0/me", status=status)
    assert type(err) is cls
    assert isinstance(err, GraphError) and isinstance(err, O365Error)


def test_str_reads_like_one_line_summary() -> None:
    err = graph_error(
        method="GET",
        url="https://graph.microsoft.com/v1.0/me/messages/AAMkAGI2TG93AAA=?$select=subject",
        status=404,
        headers={"request-id": "8f1c2a5e"},
        body={
            "error": {
                "code": "itemNotFound",
                "message": "The specified object was not found.",
                "innerError": {"request-id": "ignored", "date": "2025-02-13T10:17:05"},
            }
        },
    )
    assert str(err) == (
        "GET /v1.0/me/messages/AAMkAGI2TG93AAA= -> 404 itemNotFound: "
        "The specified object was not found. (request-id 8f1c2a5e)"
    )
    assert err.code == "itemNotFound"
    assert err.request_id == "8f1c2a5e"
    assert err.date == "2025-02-13T10:17:05"


def test_nested_inner_codes_are_collected_outermost_first() -> None:
    body = {
        "error": {
            "code": "invalidRequest",
            "message": "m",
            "innerError": {"code": "fragmentOverlap", "innererror": {"code": "deeper"}},
        }
    }
    err = graph_error(method="PUT", url="https://x/y", status=400, body=body)
    assert err.code == "invalidRequest"
    assert err.inner_codes == ["fragmentOverlap", "deeper"]
    assert err.raw == body


@pytest.fixture
def spec_permissions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated table of the real specs registered, as `import generated.o365` does."""
    import generated.o365._runtime.permissions
    import generated.o365._runtime.tables

    monkeypatch.delitem(generated.o365._runtime.tables._modules, "hints", raising=False)  # restored after
    monkeypatch.setattr(generated.o365._runtime.permissions, "_compiled", None)
    generated.o365._runtime.permissions.register_rules("generated.o365._permissions")


@pytest.mark.parametrize(
    ("method", "path", "hint"),
    [
        ("GET", "/v1.0/me/messages", "GET messages, e.g. Mail.Read (delegated) or Mail.Read"),
        ("POST", "/v1.0/users/u1/mailFolders/x", "POST mailFolders, e.g. Mail.ReadWrite (delegated)"),
        ("POST", "/v1.0/me/messages/m1/send", "POST send, e.g. Mail.Send (delegated)"),
        ("GET", "/v1.0/me/events/1", "GET events, e.g. Calendars.Read (delegated)"),
        ("POST", "/v1.0/me/calendar/getSchedule", "e.g. Calendars.ReadBasic (delegated)"),
        ("GET", "/v1.0/me/drive/root", "e.g. Files.Read (delegated) or Files.Read.All (application)"),
        ("DELETE", "/v1.0/drives/d1/items/i1", "Files.ReadWrite.All (application)"),
        ("GET", "/v1.0/users", "GET users, e.g. User.ReadBasic.All (delegated) or User.Read.All"),
        ("PATCH", "/v1.0/me/mailboxSettings", "MailboxSettings.ReadWrite (delegated)"),
    ],
)
def test_permission_hint_for_401_and_403_comes_from_the_specs(
    spec_permissions: None, method: str, path: str, hint: str
) -> None:
    for status in (401, 403):
        err = graph_error(
            method=method,
            url="https://graph.microsoft.com" + path,
            status=status,
            body={"error": {"code": "accessDenied", "message": "Access is denied."}},
        )
        assert hint in str(err)
        assert "Hint: check that the app has been granted a permission for" in str(err)


def test_a_403_on_a_generated_call_names_its_spec_permission(
    spec_permissions: None, con: Connection, script_server: ScriptServer
) -> None:
    """End to end over a socket: the generated Mailbox lists messages, Graph says 403."""
    from generated.o365.mail.mailbox import Mailbox

    script_server.enqueue(Reply(403, body={"error": {
        "code": "ErrorAccessDenied", "message": "Access is denied. Check credentials and try again."}}))
    with pytest.raises(ForbiddenError) as denied:
        list(Mailbox(con, "users/adele@contoso.com").get_messages(limit=5))
    assert "Hint: check that the app has been granted a permission for GET messages, " \
        "e.g. Mail.Read (delegated) or Mail.Read (application)." in str(denied.value)


def test_no_hint_for_other_statuses_and_generic_hint_for_unknown_paths(
    spec_permissions: None,
) -> None:
    assert "Hint" not in str(
        graph_error(method="GET", url="https://x/v1.0/me/messages", status=404)
    )
    text = str(graph_error(method="GET", url="https://x/v1.0/me/insights", status=403))
    assert "for this call" in text and "e.g." not in text


def test_secrets_never_reach_message_or_url() -> None:
    url = "https://x/v1.0/me?code=SECRETCODE&access_token=TOKEN123&$top=1"
    err = graph_error(method="GET", url=url, status=400)
    assert "SECRETCODE" not in str(err) + err.url
    assert "TOKEN123" not in str(err) + err.url
    assert "$top=1" in err.url


def test_redact_url_keeps_clean_urls_identical() -> None:
    clean = "https://graph.microsoft.com/v1.0/me/messages?$skip=10&$top=5"
    assert redact_url(clean) == clean
    assert redact_url("https://h/p?Password=pw&x=1") == "https://h/p?Password=REDACTED&x=1"


def test_throttling_retry_after_and_non_json_body() -> None:
    err = graph_error(
        method="GET",
        url="https://x/a",
        status=429,
        headers={"Retry-After": "2.128"},
        body="<html>busy</html>",
    )
    assert isinstance(err, ThrottledError)
    assert err.retry_after == pytest.approx(2.128)
    assert err.message == "<html>busy</html>"


def test_errors_pickle_round_trip() -> None:
    err = graph_error(
        method="GET",
        url="https://x/v1.0/me",
        status=404,
        body={"error": {"code": "itemNotFound", "message": "gone"}},
    )
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is NotFoundError and str(clone) == str(err) and clone.code == "itemNotFound"
    auth = TokenExpiredError("invalid_grant", "AADSTS70008: expired", error_codes=[70008])
    auth_clone = pickle.loads(pickle.dumps(auth))
    assert type(auth_clone) is TokenExpiredError and auth_clone.error_codes == [70008]


def _response(status: int, body: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.url = "https://login.microsoftonline.com/common/oauth2/v2.0/token"
    return response


@pytest.mark.parametrize(
    ("error", "cls"),
    [
        ("invalid_grant", TokenExpiredError),
        ("invalid_client", InvalidCredentialsError),
        ("invalid_scope", AuthenticationError),
    ],
)
def test_auth_error_from_response(error: str, cls: type[AuthenticationError]) -> None:
    body = json.dumps(
        {
            "error": error,
            "error_description": "AADSTS70011: The scope is not valid.\r\nTrace ID: t1\r\n"
            "Correlation ID: c1",
            "error_codes": [70011],
            "trace_id": "t1",
            "correlation_id": "c1",
        }
    ).encode()
    err = auth_error_from_response(_response(400, body))
    assert type(err) is cls
    assert err.error == error and err.error_codes == [70011] and err.status == 400
    assert (
        str(err)
        == f"{error}: AADSTS70011: The scope is not valid. (trace-id t1, correlation-id c1)"
    )


def test_upload_error_hides_the_preauthenticated_url() -> None:
    err = UploadError(
        "fragment rejected", upload_url="https://up/x?tempauth=SECRET", next_expected_ranges=["26-"]
    )
    assert err.resumable and err.next_expected_ranges == ["26-"]
    assert "SECRET" not in str(err) + repr(err)
    assert not UploadError("nope").resumable


def test_no_user_context_error_is_a_value_error_that_says_what_to_do() -> None:
    err = NoUserContextError()
    assert isinstance(err, ValueError) and isinstance(err, O365Error)
    assert 'resource="user@contoso.com"' in str(err)
    assert str(NoUserContextError("mailbox() needs a user")) == "mailbox() needs a user"


def test_documented_error_bodies_from_cassette(graph_con: Connection, spec_permissions: None) -> None:
    with cassette("errors_documented.yaml"):
        with pytest.raises(NotFoundError) as not_found:
            graph_con.get("me/messages/AAMkAGUAAAwTW09AAA=")
        with pytest.raises(ThrottledError) as throttled:
            graph_con.get("me/mailFolders/inbox/messages", retry=False)
        with pytest.raises(ForbiddenError) as forbidden:
            graph_con.delete("groups/0e226165-c685-41ce-8bfc-df8360ab325d")
    assert str(not_found.value) == (
        "GET /v1.0/me/messages/AAMkAGUAAAwTW09AAA= -> 404 itemNotFound: The specified object "
        "was not found in the store. (request-id 8f1c2a5e-6b7d-4e1f-9a3b-2c4d5e6f7a8b)"
    )
    assert throttled.value.code == "TooManyRequests"
    assert throttled.value.inner_codes == ["429"]
    assert throttled.value.retry_after == 10.0
    assert forbidden.value.code == "Authorization_RequestDenied"
    assert forbidden.value.client_request_id == "e70c5c1b-8b47-68c0-3171-3d22f5e0bd54"
    # No spec covers groups yet: the hint names no permission rather than a wrong one.
    assert "Hint: check that the app has been granted a permission" in str(forbidden.value)
