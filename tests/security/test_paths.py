"""Issue 13, point 2: no id or path part can change a request path's shape.

Against the emulator over real sockets. Before the fix ``delete_message("..")`` sent
``DELETE /v1.0/users/<upn>/`` (the HTTP stack collapses ``..``) and the emulator deleted the
user; ``get_item_by_path("Documents/../../../../users")`` left the drive.
"""

from __future__ import annotations

import pytest

from generated.o365._runtime.errors import NotFoundError
from generated.o365._runtime.paths import MAX_ID_LENGTH, expand, item_path, resource_path, segment
from generated.o365.emulator import EmulatorServer
from tests.security.conftest import PATTI, emulator_account


@pytest.mark.parametrize("bad", ["..", ".", ""])
def test_dot_and_empty_ids_are_refused_before_sending(emulator: EmulatorServer, bad: str) -> None:
    account, sent = emulator_account(emulator, PATTI)
    mailbox = account.mailbox()
    with pytest.raises(ValueError):
        mailbox.delete_message(bad)
    with pytest.raises(ValueError):
        mailbox.get_message(bad)
    assert sent.targets == []
    assert emulator.store.get("microsoft.graph.user", PATTI) is not None  # still there


def test_item_paths_cannot_leave_the_drive(emulator: EmulatorServer) -> None:
    account, sent = emulator_account(emulator, PATTI)
    storage = account.storage()
    for bad in ("Documents/../../../../users", "./Documents", "Documents//a", "a\\..\\b"):
        with pytest.raises(ValueError):
            storage.get_item_by_path(bad)
    assert sent.targets == []


def test_an_id_with_slashes_and_query_characters_stays_one_segment(
    emulator: EmulatorServer,
) -> None:
    account, sent = emulator_account(emulator, PATTI)
    with pytest.raises(NotFoundError):
        account.mailbox().get_message("a/../b?$top=1#x")
    method, target = sent.targets[-1]
    assert method == "GET"
    assert target.endswith("/messages/a%2F..%2Fb%3F%24top%3D1%23x")


def test_item_path_is_encoded_segment_by_segment(emulator: EmulatorServer) -> None:
    account, sent = emulator_account(emulator, PATTI)
    with pytest.raises(NotFoundError):
        account.storage().get_item_by_path("/Documents/a b?/c#d:e/")
    assert sent.targets[-1][1].endswith("/drive/root:/Documents/a%20b%3F/c%23d%3Ae:")


def test_resource_segments_are_checked() -> None:
    assert resource_path("users/adele@contoso.com") == "users/adele@contoso.com"
    assert resource_path("sites/contoso.sharepoint.com:/sites/marketing:") == (
        "sites/contoso.sharepoint.com:/sites/marketing:")
    assert resource_path("users/a b?c") == "users/a%20b%3Fc"
    assert resource_path("users/%2e%2E") == "users/%252e%252E"  # never taken as encoded
    for bad in ("users/..", "users//x", "users/./x"):
        with pytest.raises(ValueError):
            resource_path(bad)


def test_path_helpers_refuse_what_would_escape() -> None:
    assert segment("a/b") == "a%2Fb"
    assert item_path("a/b c") == "a/b%20c"
    with pytest.raises(ValueError, match="far shorter"):
        segment("x" * (MAX_ID_LENGTH + 1))
    with pytest.raises(ValueError, match="at most 400"):
        item_path("a" * 401)
    with pytest.raises(ValueError):
        expand("me/messages/{id}", {"id": ".."})
    assert expand("me/drive/root/search(q='{q}')", {"q": "it's"}) == (
        "me/drive/root/search(q='it%27%27s')")
