"""The guides' and the README's samples type-check under `mypy --strict`, page by page.

Each page becomes one module: a typed preamble declaring what the page's namespace starts with
(tests/docs/samples.py), then its hidden setup and its blocks in page order, as they run.
Errors are reported at the page's own line.
"""

from __future__ import annotations

import re
from pathlib import Path

from mypy import api

from tests.docs.samples import HIDDEN_PREFIX, ROOT, pages

PREAMBLE = f"""\
from collections.abc import Callable

import pytest

from generated.o365.emulator import EmulatorServer
from generated.o365 import Account

account: Account
{HIDDEN_PREFIX}emulator: EmulatorServer
{HIDDEN_PREFIX}real_tenant: Callable[[], EmulatorServer]
{HIDDEN_PREFIX}monkeypatch: pytest.MonkeyPatch
"""

# Samples that fail `mypy --strict` only because writes are typed as narrowly as reads (issue
# 22, "typed writes": `draft.body = {...}` or `msg.to = [...]` with plain dicts and strings,
# a mapping for a complex parameter).
# Keyed by page and the sample's line (stripped), valued by mypy's error code. The change that
# widens write types empties it: an entry whose line then type-checks fails this test too.
WRITE_TYPING_PENDING: dict[tuple[str, str], str] = {}

_ERROR = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$")


def _module_name(page: str) -> str:
    return "docs_" + re.sub(r"\W", "_", page.removesuffix(".md")).lower()


def test_samples_type_check_strict(tmp_path: Path) -> None:
    origin: dict[tuple[str, int], tuple[str, int, str]] = {}  # (module, line) -> page, line, text
    files = []
    for page in pages():
        blocks = [b for b in page.blocks if b.type_checked]
        if not blocks:
            continue
        name = _module_name(page.path)
        lines = PREAMBLE.splitlines()
        for block in blocks:
            for offset, text in enumerate(block.code.splitlines()):
                lines.append(text)
                origin[(name, len(lines))] = (page.path, block.line + offset, text.strip())
        path = tmp_path / f"{name}.py"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(str(path))
    stdout, stderr, _status = api.run([
        "--strict", "--no-error-summary", "--show-error-codes", "--no-pretty",
        "--hide-error-context", "--cache-dir", str(ROOT / ".mypy_cache"), *files])
    assert not stderr, stderr

    unexpected: list[str] = []
    pending_seen: set[tuple[str, str]] = set()
    for line in stdout.splitlines():
        match = _ERROR.match(line)
        if not match:
            continue
        where = origin.get((Path(match["file"]).stem, int(match["line"])))
        if where is None:
            unexpected.append(line)  # in the preamble: the harness itself is wrong
            continue
        page, page_line, text = where
        if WRITE_TYPING_PENDING.get((page, text)) == match["code"]:
            pending_seen.add((page, text))
            continue
        unexpected.append(f"{page}:{page_line}: {match['message']} [{match['code']}]  | {text}")
    assert not unexpected, "mypy --strict on the samples:\n" + "\n".join(unexpected)
    fixed = sorted(set(WRITE_TYPING_PENDING) - pending_seen)
    assert fixed == [], "these samples type-check now: remove them from WRITE_TYPING_PENDING"
