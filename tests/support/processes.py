"""The emulator in a process of its own, for tests that measure the client's memory alone."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def emulator_process(seed: int = 3) -> Iterator[dict[str, str]]:
    """`python -m emulator --port 0`; yields its url, tenant, client_id and secret."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "emulator", "--port", "0", "--seed",
                                str(seed)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        found: dict[str, str] = {}
        for _ in range(40):  # the banner is a few lines; bounded read
            line = process.stdout.readline()
            if not line:
                break
            if match := re.search(r"listening on (http://\S+)", line):
                found["url"] = match.group(1)
            if match := re.search(r"tenant id\s+(\S+)", line):
                found["tenant"] = match.group(1)
            if match := re.search(r"client id\s+(\S+)\s+\(secret: (\S+)\)", line):
                found["client_id"], found["secret"] = match.group(1), match.group(2)
            if len(found) == 4:
                break
        assert len(found) == 4, f"emulator banner not understood: {found}"
        yield found
    finally:
        process.terminate()
        process.wait(timeout=10)
