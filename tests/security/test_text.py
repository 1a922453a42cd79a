"""Issue 13, point 9: text that is not valid Unicode, and ids longer than Graph accepts, are
refused before anything is sent.

Before the fix a lone surrogate (a file name that is not UTF-8, decoded by ``os.listdir``
with ``surrogateescape``) went out in the JSON, and a 100,000-character id went out and came
back as 414.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.paths import MAX_ID_LENGTH
from generated.o365.emulator import EmulatorServer
from tests.security.conftest import PATTI, emulator_account
from tests.support import ScriptServer


def test_a_lone_surrogate_in_a_body_is_refused_locally(emulator: EmulatorServer) -> None:
    account, sent = emulator_account(emulator, PATTI)
    draft = account.mailbox().new_message()
    draft.subject = "report \udcff.pdf"  # what surrogateescape makes of the byte 0xff
    with pytest.raises(ValueError, match=r"the body/subject contains U\+DCFF, a lone surrogate"):
        draft.save()
    assert sent.targets == []


def test_a_file_name_that_is_not_utf8_is_refused_before_uploading(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"  # Latin-1 bytes, not UTF-8
    with open(raw, "wb") as handle:
        handle.write(b"hello")
    (name,) = os.listdir(tmp_path)
    assert "\udce9" in name  # how Python hands such a name over
    account, sent = emulator_account(emulator, PATTI)
    folder = account.storage().get_default_drive().get_root_folder()
    sent.targets.clear()
    with pytest.raises(ValueError, match="lone surrogate"):
        folder.upload_file(tmp_path / name)
    assert sent.targets == []


def test_surrogates_in_queries_and_urls_are_refused(con: Connection, graph: ScriptServer) -> None:
    with pytest.raises(ValueError, match="the query/\\$filter"):
        con.get("me/messages", params={"$filter": "subject eq '\ud800'"})
    with pytest.raises(ValueError, match="the URL"):
        con.get("me/messages/\ud800")
    assert graph.requests == []


def test_an_id_longer_than_graph_accepts_is_refused(emulator: EmulatorServer) -> None:
    account, sent = emulator_account(emulator, PATTI)
    with pytest.raises(ValueError, match="characters long"):
        account.mailbox().get_message("A" * 100_000)
    with pytest.raises(ValueError, match="characters long"):
        account.mailbox().get_message("A" * (MAX_ID_LENGTH + 1))
    assert sent.targets == []
    with pytest.raises(Exception, match="404|not found"):  # a long but plausible id is sent
        account.mailbox().get_message("A" * 200)
