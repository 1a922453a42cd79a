"""Per-call options and the raw response of typed calls (`with_options`, generated.o365._runtime.options),
end to end against the emulator over real sockets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generated.o365 import Account, RawResponse, ReadTimeoutError, RequestOptions
from generated.o365._runtime.options import OptionsConnection
from generated.o365.emulator import EmulatorServer
from tests.support.accounts import emulator_account

IMMUTABLE = 'IdType="ImmutableId"'


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=11) as emulator:
        yield emulator


@pytest.fixture
def seen(server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, str]]]:
    """(path, headers) of each request the emulator's Graph app handles."""
    requests: list[tuple[str, dict[str, str]]] = []
    handle = server.graph.handle

    def recording(request: Any) -> Any:
        requests.append((request.path, {k.lower(): v for k, v in request.headers.items()}))
        return handle(request)

    monkeypatch.setattr(server.graph, "handle", recording)
    return requests


@pytest.fixture
def account(server: EmulatorServer) -> Account:
    return emulator_account(server, server.users[0])


def test_a_prefer_header_reaches_graph_beside_the_protocols_own(
    account: Account, seen: list[tuple[str, dict[str, str]]]
) -> None:
    inbox = account.mailbox().with_options(headers={"Prefer": IMMUTABLE, "X-Trace": "t-1"})
    list(inbox.get_messages(limit=1))
    prefer = seen[-1][1]["prefer"]
    assert IMMUTABLE in prefer and 'outlook.timezone="UTC"' in prefer
    assert seen[-1][1]["x-trace"] == "t-1"
    list(account.mailbox().get_messages(limit=1))  # the original object sends no option
    assert IMMUTABLE not in seen[-1][1].get("prefer", "") and "x-trace" not in seen[-1][1]


def test_objects_a_view_hands_back_keep_its_options(
    account: Account, seen: list[tuple[str, dict[str, str]]]
) -> None:
    view = account.with_options(RequestOptions(headers={"Prefer": IMMUTABLE}))
    folder = view.mailbox().inbox_folder()
    list(folder.get_messages(limit=1))
    assert all(IMMUTABLE in headers["prefer"] for _, headers in seen[-2:])
    assert isinstance(folder.con, OptionsConnection)


def test_extra_query_parameters_go_to_graph(
    account: Account, seen: list[tuple[str, dict[str, str]]], server: EmulatorServer
) -> None:
    inbox = account.mailbox().inbox_folder().with_options(query={"$select": "subject"})
    (message,) = list(inbox.get_messages(limit=1))
    assert message is not None and message.subject is not None
    assert message.to_api_data().get("body") is None  # only the selected member came back


def test_the_raw_response_of_a_typed_call(account: Account) -> None:
    mailbox = account.mailbox()
    assert mailbox.last_response is None  # not a view
    view = mailbox.with_options()
    folder = view.inbox_folder()
    raw = view.last_response
    assert isinstance(raw, RawResponse) and raw.status == 200
    assert raw.request_id and raw.headers["request-id"] == raw.request_id
    assert folder.folder_id and "mailFolders/inbox" in raw.url


def test_a_view_timeout_is_honoured(account: Account, server: EmulatorServer) -> None:
    draft = account.mailbox().new_message()
    draft.subject = "slow"
    server.faults.set(delay=1.0)
    try:
        with pytest.raises(ReadTimeoutError):
            draft.with_options(timeout=(5.0, 0.2)).save()  # a POST: not retried
        assert draft.save() is True  # the default timeout waits the second out
    finally:
        server.faults.clear()


def test_bad_options_fail_before_sending() -> None:
    with pytest.raises(ValueError, match="Authorization"):
        RequestOptions(headers={"Authorization": "Bearer x"})
    with pytest.raises(TypeError):
        RequestOptions(headers={"X-Count": 3})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="timeout"):
        RequestOptions(timeout=-1)
