"""Issue 13, point 10: a token writer killed mid-write leaves no temporary behind for long.

Its ``.tmp`` file (0600, holding a token) used to stay for ever. Now the next write removes
the temporaries of writers that are gone, and only those.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generated.o365._runtime.token_backends import FileSystemTokenBackend, Token
from tests.auth.test_token_backends import kill_a_writer_mid_write


def token(n: int) -> Token:
    return Token(f"access-{n}", 4_000_000_000.0 + n, refresh_token=f"refresh-{n}")


def test_the_next_write_removes_a_dead_writers_temporary(tmp_path: Path) -> None:
    backend = FileSystemTokenBackend(tmp_path)
    backend.save_token(token(1))
    kill_a_writer_mid_write(tmp_path)
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1 and b"new-token" in leftovers[0].read_bytes()
    backend.save_token(token(2))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o365_token.txt"]
    assert FileSystemTokenBackend(tmp_path).load_token() == token(2)


def test_a_live_writers_temporary_is_left_alone(tmp_path: Path) -> None:
    backend = FileSystemTokenBackend(tmp_path)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".o365_token.txt.{sleeper.pid}.abcdef012345.tmp"
        live.write_bytes(b"being written")
        old_style = tmp_path / ".o365_token.txt.abcdef012345.tmp"  # no pid: judged by age
        old_style.write_bytes(b"old")
        os.utime(old_style, (1_000_000_000, 1_000_000_000))
        backend.save_token(token(1))
        assert live.exists() and not old_style.exists()
    finally:
        sleeper.kill()
        sleeper.wait(timeout=10)
