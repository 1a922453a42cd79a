"""Issue 13, point 10: a token writer killed mid-write leaves no temporary behind for long.

Its ``.tmp`` file (0600, holding a token) used to stay for ever. Now the next write removes
the temporaries of writers that are gone, and only those.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from runtime.token_backends import FileSystemTokenBackend, Token

KILLED_WRITER = """
import os, sys, time
from runtime.token_backends import FileSystemTokenBackend, Token
real_write = os.write
def half_write(fd, data):
    real_write(fd, bytes(data[: len(data) // 2]))
    sys.stdout.write("mid-write\\n"); sys.stdout.flush()
    time.sleep(60)
os.write = half_write
FileSystemTokenBackend(sys.argv[1]).save_token(Token("secret-new-token", 1.0))
"""


def token(n: int) -> Token:
    return Token(f"access-{n}", 4_000_000_000.0 + n, refresh_token=f"refresh-{n}")


def kill_a_writer_mid_write(folder: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(folder)],
                              stdout=subprocess.PIPE, env=env)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == b"mid-write\n"
        writer.kill()
    finally:
        writer.wait(timeout=10)


def test_the_next_write_removes_a_dead_writers_temporary(tmp_path: Path) -> None:
    backend = FileSystemTokenBackend(tmp_path)
    backend.save_token(token(1))
    kill_a_writer_mid_write(tmp_path)
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1 and b"secret-new" in leftovers[0].read_bytes()
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
