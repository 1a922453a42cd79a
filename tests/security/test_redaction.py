"""Issue 13, point 3: no token, secret or pre-authenticated URL in logs, reprs or chains.

Every logger is captured at DEBUG (urllib3's included: it logs each request line), and every
exception is checked with its whole chain (``__cause__`` and ``__context__``), as a
traceback or ``log.exception`` would print it. Before the fix the upload URL (its path is the
credential) was logged whole at DEBUG and ``UploadError.__cause__`` carried it.
"""

from __future__ import annotations

import io
import logging
import traceback
from pathlib import Path

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import UploadError
from generated.o365._runtime.redact import redact_text, redact_url
from generated.o365._runtime.upload import upload_session
from generated.o365.emulator import EmulatorServer
from tests.security.conftest import PATTI, TOKEN, emulator_account
from tests.support import Reply, ScriptServer

PATH_SECRET = "PathTok3nXYZ"
QUERY_SECRET = "QueryT0kenABC"


def chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def printed(error: BaseException) -> str:
    """Everything a traceback, str() and repr() of the chain would show."""
    parts = ["".join(traceback.format_exception(error))]
    parts += [f"{e!s} {e!r} {e.args!r}" for e in chain(error)]
    return "\n".join(parts)


def assert_clean(text: str, *secrets: str) -> None:
    for secret in (TOKEN, PATH_SECRET, QUERY_SECRET, *secrets):
        assert secret not in text, f"{secret!r} leaked into: {text[:2000]}"


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # the root logger: urllib3 and everyone else included
    for name in ("urllib3", "urllib3.connectionpool", "generated.o365"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    return caplog


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.name}: {r.getMessage()}" for r in caplog.records)


@pytest.mark.parametrize("failure", [Reply(500, body={"error": {"code": "x", "message": "y"}}),
                                     Reply(200, drop_after=0)])
def test_a_failed_upload_shows_no_pre_authenticated_url(
    con: Connection, hostile: ScriptServer, all_logs: pytest.LogCaptureFixture, failure: Reply
) -> None:
    hostile.route("PUT", f"/up/{PATH_SECRET}", failure)
    hostile.route("GET", f"/up/{PATH_SECRET}", failure)
    url = hostile.url(f"/up/{PATH_SECRET}?tempauth={QUERY_SECRET}")
    with pytest.raises(UploadError) as caught:
        upload_session(con, url, io.BytesIO(b"x" * 1000), max_resumes=1, backoff=0)
    assert caught.value.upload_url == url  # kept (privately) to resume later
    assert len(chain(caught.value)) >= 2  # the cause is still there, redacted
    assert_clean(printed(caught.value))
    assert_clean(logged(all_logs))
    assert any(r.name == "urllib3.connectionpool" for r in all_logs.records)  # it did log
    logging.getLogger("generated.o365").exception("upload failed", exc_info=caught.value)
    assert_clean(logged(all_logs))


def test_a_graph_call_with_a_secret_query_logs_and_raises_it_redacted(
    con: Connection, graph: ScriptServer, all_logs: pytest.LogCaptureFixture
) -> None:
    graph.route("GET", "/v1.0/me", Reply(200, drop_after=0))
    with pytest.raises(Exception) as caught:
        con.get("me", params={"code": QUERY_SECRET, "$top": 1}, retry=False)
    assert_clean(printed(caught.value))
    assert "code=REDACTED" in str(caught.value)
    assert_clean(logged(all_logs))


def test_emulator_upload_session_url_never_reaches_the_logs(
    emulator: EmulatorServer, all_logs: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    account, sent = emulator_account(emulator, PATTI)
    root = account.storage().get_default_drive().get_root_folder()
    source = tmp_path / "big.bin"
    source.write_bytes(b"z" * (5 * 1024 * 1024))
    emulator.faults.set(drop_every=2, path_contains="/_emulator/upload/")  # resumes log too
    uploaded = root.upload_file(source, "big.bin", fragment_size=327_680 * 4)
    assert uploaded.size == 5 * 1024 * 1024
    assert emulator.faults.injected["drop_every"] >= 1
    assert any("/_emulator/upload/" in target for _, target in sent.targets)  # it was used
    text = logged(all_logs)
    assert "/_emulator/upload/" not in text
    assert "Bearer" not in text


def test_redaction_rules() -> None:
    assert redact_url("https://up.example/up/abc?x=1", preauthenticated=True) == (
        "https://up.example/REDACTED")
    assert redact_url("https://u:p@h.example/a?code=1&b=2") == (
        "https://h.example/a?code=REDACTED&b=2")
    text = redact_text('Authorization: Bearer eyJ0.abc-_ {"refresh_token": "r1", "a": "b"} '
                       "tempauth=zz&x=1")
    assert "eyJ0" not in text and "r1" not in text and "zz" not in text
    assert '"a": "b"' in text and "x=1" in text
