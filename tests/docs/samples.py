"""The Python samples of the guides (`docs/*.md`, not `docs/reference/`) and of the README.

How a page's samples are tested (tests/docs/test_samples_run.py, test_samples_typecheck.py):

* Every fenced ```` ```python ```` block runs, in page order, in one namespace per page, against
  a fresh local emulator (`EmulatorServer(seed=1)`), in a fresh temporary working directory.
  The namespace starts with `account`: an `Account` signed in as Adele Vance
  (adele@contoso.onmicrosoft.com) through the device code flow, so `me` works.
* The same blocks, joined per page in that order, must pass `mypy --strict`.
* `<!-- sample: setup` ... `-->` is hidden code (readers do not see an HTML comment): it runs
  where it stands and is type-checked with the page. It may use `_docs_emulator` (the
  `EmulatorServer`) to build what a sample assumes, such as an app-only account or a file on
  disk, and `_docs_real_tenant()` (tests/docs/tenant.py) so that samples written for
  Microsoft's own URLs and the app "client-id" / "client-secret" (public: "desktop-client-id")
  reach an emulator instead, and `_docs_monkeypatch` (pytest's, undone after the page);
  visible samples may not mention `_docs_` names.
* `<!-- sample: not-run (reason) -->` on the line before a block: compiled and type-checked
  but not run, for code that cannot run here (a sign-in prompt for a real tenant, a store
  such as Firestore that has no local server). The reason is required and the number of such
  blocks is capped (`MAX_NOT_RUN`).
* `<!-- sample: other-client (reason) -->`: code for another library (python-o365,
  msgraph-sdk) run against the emulator in tests/peers; only compiled here. Capped too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
USER = "adele@contoso.onmicrosoft.com"
HIDDEN_PREFIX = "_docs_"
# Blocks that are not run (`not-run` and `other-client` together), across every page.
MAX_NOT_RUN = 14

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
_MARKER = re.compile(r"^\s*<!--\s*sample:\s*(?P<kind>not-run|other-client)\s*(?P<reason>.*?)\s*-->\s*$")
_SETUP = re.compile(r"^\s*<!--\s*sample:\s*setup\s*$")
_STRAY = re.compile(r"^\s*<!--\s*sample:")
PYTHON = frozenset({"python", "py"})


@dataclass(frozen=True)
class Block:
    """One piece of code: `line` is where its first line is in the page (1-based)."""

    page: str
    line: int
    code: str
    kind: str  # "run", "setup", "not-run" or "other-client"
    reason: str = ""

    @property
    def runs(self) -> bool:
        return self.kind in ("run", "setup")

    @property
    def type_checked(self) -> bool:
        return self.kind != "other-client"

    def compiled(self) -> object:
        """Code object whose line numbers are the page's, so a traceback points into the page."""
        return compile("\n" * (self.line - 1) + self.code, str(ROOT / self.page), "exec")


@dataclass
class Page:
    path: str  # relative to the repository root
    blocks: list[Block] = field(default_factory=list)

    @property
    def runnable(self) -> bool:
        return any(b.kind == "run" for b in self.blocks)


def guide_paths() -> list[Path]:
    """README.md and every guide: docs/**/*.md except the generated reference pages."""
    guides = [p for p in sorted(DOCS.rglob("*.md"))
              if p.relative_to(DOCS).parts[0] not in ("reference", "_hooks")]
    return [ROOT / "README.md", *guides]


def parse(path: Path) -> Page:
    return parse_text(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))


def parse_text(rel: str, text: str) -> Page:
    """The page's blocks in order; a misplaced or unknown marker is a ValueError at its line."""
    page = Page(rel)
    lines = text.splitlines()
    pending: tuple[str, str] | None = None  # a not-run / other-client marker for the next block
    i = 0
    while i < len(lines):
        text = lines[i]
        if _SETUP.match(text):
            end = _closing_comment(lines, i, rel)
            page.blocks.append(Block(rel, i + 2, "\n".join(lines[i + 1:end]) + "\n", "setup"))
            i = end + 1
            continue
        marker = _MARKER.match(text)
        if marker:
            reason = marker["reason"].strip("() ")
            if not reason:
                raise ValueError(f"{rel}:{i + 1}: a `sample: {marker['kind']}` marker needs a (reason)")
            pending = (marker["kind"], reason)
            i += 1
            continue
        if _STRAY.match(text):
            raise ValueError(f"{rel}:{i + 1}: unknown sample marker {text.strip()!r}")
        fence = _FENCE.match(text)
        if fence:
            end = _closing_fence(lines, i, fence["fence"], rel)
            if fence["lang"].lower() in PYTHON:
                indent = len(fence["indent"])
                body = [_dedent(line, indent) for line in lines[i + 1:end]]
                kind, reason = pending or ("run", "")
                page.blocks.append(Block(rel, i + 2, "\n".join(body) + "\n", kind, reason))
            elif pending:
                raise ValueError(f"{rel}:{i + 1}: a sample marker must precede a python block")
            pending = None
            i = end + 1
            continue
        if text.strip() and pending:
            raise ValueError(f"{rel}:{i + 1}: a sample marker must be right before its block")
        i += 1
    return page


def _dedent(line: str, indent: int) -> str:
    """A block inside a list item is indented like its fence; drop that much."""
    return line[indent:] if line[:indent].strip() == "" else line.lstrip()


def _closing_comment(lines: list[str], start: int, rel: str) -> int:
    for j in range(start + 1, len(lines)):
        if lines[j].strip() == "-->":
            return j
    raise ValueError(f"{rel}:{start + 1}: `sample: setup` comment is never closed by a `-->` line")


def _closing_fence(lines: list[str], start: int, fence: str, rel: str) -> int:
    for j in range(start + 1, len(lines)):
        if lines[j].strip() == fence:
            return j
    raise ValueError(f"{rel}:{start + 1}: code block is never closed")


def pages() -> list[Page]:
    return [parse(path) for path in guide_paths()]
