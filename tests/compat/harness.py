"""Run python-o365's documentation examples against the emulator and compare what they send.

Each area has one file in `examples/` (`mail.yaml`, `calendar.yaml`...): a list of examples,
each with

- `id`, `source`: a name, and where in python-o365 2.1.10's docs the code comes from;
- `code`: the example as documented, changed only in its import line (`from O365 ...` ->
  `from tests.compat.emulated ...`, see emulated.py) and its data (ids, addresses, file
  names, credentials), each change noted in a `# data:` comment;
- `given` (optional): what the example assumes exists (the `# ...` before it), not recorded;
- `then` (optional): checks on the outcome, run after the example, not recorded;
- `sends`: what python-o365 2.1.10 sends for the same code, read from its source (see
  `Expected` for the notation);
- `fails` (optional): for an example that does not run here, the exception it raises
  (`error`, `match`) or, when it runs but sends other requests, a pattern of the problems
  found (`sends`), and the differences.yaml row explaining why (`why`).

The namespace an example runs in holds `credentials` (the emulator's client id and secret)
and, unless `signed_in: false`, `account`: signed in with the authorization-code flow, its
token in `o365_token.txt` of the working folder (a temporary one), as the docs assume
("the token file would have been saved"). The "user" who opens the consent URL and pastes
the redirect back is played by `input()` below.
"""

from __future__ import annotations

import builtins
import io
import json
import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import requests
import yaml
from requests.adapters import HTTPAdapter

from generated.o365.emulator import EmulatorServer
from tests.compat import emulated

EXAMPLES = Path(__file__).parent / "examples"
DEFAULT_USER = "patti@contoso.onmicrosoft.com"
# Paging sizes differ by design (python-o365 asks for `limit` items at once; we page in the
# spec's page size), so `$top` is not compared. Everything else in the query is.
PAGING_PARAMS = frozenset({"$top"})


@dataclass(frozen=True)
class Example:
    area: str
    id: str
    source: str
    code: str
    sends: tuple[Expected, ...]
    given: str = ""
    then: str = ""
    user: str = DEFAULT_USER
    signed_in: bool = True
    fails: dict[str, str] | None = None
    variant_of: str | None = None  # not a documented example: a variation of one that fails

    @property
    def name(self) -> str:
        return f"{self.area}:{self.id}"


@dataclass(frozen=True)
class Expected:
    """One request python-o365 sends: `"POST me/sendMail"` or a mapping with params/body.

    `{name}` in a path matches one segment (an id the emulator made up); `params` must equal
    what we send (except `$top`; `$filter` compared as OData, see `same_filter`); `body`
    must be contained in ours (python-o365 also sends every default field of a new item,
    such as empty recipient lists, which add nothing).
    """

    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    body: Any = None
    same_as: tuple[tuple[str, str], ...] = ()  # other spellings Graph treats the same
    optional: bool = False  # a read python-o365 makes first and we need not

    @classmethod
    def parse(cls, value: Any) -> Expected:
        if isinstance(value, str):
            method, _, path = value.partition(" ")
            return cls(method.upper(), path.strip())
        method, _, path = value["request"].partition(" ")
        same = tuple((m.upper(), p.strip()) for m, _, p in
                     (alt.partition(" ") for alt in value.get("same_as", ())))
        return cls(method.upper(), path.strip(), {k: str(v) for k, v in
                                                   (value.get("params") or {}).items()},
                   value.get("body"), same, bool(value.get("optional", False)))

    def matches(self, sent: Sent) -> bool:
        targets = ((self.method, self.path), *self.same_as)
        if not any(method == sent.method and _path_pattern(path).fullmatch(sent.path)
                   for method, path in targets):
            return False
        for key, value in self.params.items():
            if key in PAGING_PARAMS:
                continue
            have = sent.params.get(key)
            if have is None:
                return False
            if key == "$filter" and not same_filter(value, have):
                return False
            if key != "$filter" and not same_value(value, have):
                return False
        return self.body is None or contains(sent.body, self.body)

    def __str__(self) -> str:
        extra = f" {self.params}" if self.params else ""
        return f"{self.method} {self.path}{extra}" + (f" {json.dumps(self.body)}" if self.body else "")


@dataclass(frozen=True)
class Sent:
    method: str
    path: str
    params: dict[str, str]
    body: Any

    def __str__(self) -> str:
        extra = f" {self.params}" if self.params else ""
        return f"{self.method} {self.path}{extra}" + (f" {json.dumps(self.body)}" if self.body else "")


# Spellings of one Graph path: python-o365 names a user's default drive `me/drive/...`,
# we name a drive by id (`drives/{id}/...`, the drive the item says it is in).
_DRIVE = re.compile(r"^(?:me|users/[^/]+)/drive/")


def _path_pattern(path: str) -> re.Pattern[str]:
    path = path.strip("/")
    drive = _DRIVE.match(path)
    prefix = ""
    if drive:
        prefix = r"(?:" + re.escape(drive.group(0)) + r"|drives/[^/]+/)"
        path = path[drive.end():]
    parts = re.split(r"(\{[^}]*\})", path)
    return re.compile(prefix + "".join("[^/]+" if p.startswith("{") else re.escape(p)
                                       for p in parts), re.IGNORECASE)


# Graph reads these enum values in any case (python-o365 writes contentType "HTML").
CASE_INSENSITIVE_KEYS = frozenset({"contentType"})


def contains(have: Any, wanted: Any) -> bool:
    """`wanted` is part of `have`: dict keys recursively, lists item by item, the rest equal."""
    if isinstance(wanted, dict):
        return isinstance(have, dict) and all(
            k in have and (contains(have[k], v) if k not in CASE_INSENSITIVE_KEYS
                           else str(have[k]).lower() == str(v).lower())
            for k, v in wanted.items())
    if isinstance(wanted, list):
        return (isinstance(have, list) and len(have) == len(wanted)
                and all(contains(h, w) for h, w in zip(have, wanted, strict=True)))
    return same_value(wanted, have)


def same_value(wanted: Any, have: Any) -> bool:
    """Equal; two date-times are equal when they name the same instant (or wall-clock time):
    python-o365 writes `2019-09-05T19:45:00` and `...+00:00` where we write seven fractional
    digits or `Z`, all of which Graph reads the same."""
    if isinstance(wanted, str) and isinstance(have, str):
        if re.fullmatch(r"\{\w+\}", wanted):
            return bool(have)  # an id the emulator made up, as in paths
        first, second = _instant(wanted), _instant(have)
        if first is not None and second is not None:
            return first == second
    return bool(have == wanted)


def _instant(text: str) -> datetime | None:
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?", text)
    if match is None:
        return None
    parsed = datetime.fromisoformat(match.group(1) + (match.group(3) or "").replace("Z", "+00:00"))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


_DATETIME = re.compile(r"'?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?)'?")


def same_filter(expected: str, sent: str) -> bool:
    """Two `$filter`s with the same clauses in the same order.

    Spacing after commas, parentheses (we group and/or mixes by precedence, python-o365 does
    not) and the spelling of a datetime literal (python-o365: local offset, we: UTC `Z`) are
    not compared; names, operators, values and order are.
    """
    return _canonical(expected) == _canonical(sent)


def _canonical(text: str) -> str:
    def instant(match: re.Match[str]) -> str:
        value = match.group(1).replace("Z", "+00:00")
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    text = _DATETIME.sub(instant, text)
    text = re.sub(r"[()]", " ", text)
    text = re.sub(r"\s*([,:])\s*", r"\1", text)
    return " ".join(text.split()).lower()


def compare(expected: tuple[Expected, ...], sent: list[Sent]) -> list[str]:
    """Problems, if any.

    Changes (every method but GET) must be the same, in the same order. Each read python-o365
    makes must be made too, at any point: our lists are read when iterated, not when asked
    for (lazy paging), so a read may come later. We may read more (a well-known folder
    python-o365 only names); a read marked `optional` python-o365 makes and we need not.
    """
    problems: list[str] = []
    reads = [s for s in sent if s.method == "GET"]
    # A request a read can stand for (python-o365 POSTs some Excel functions we GET) is a read.
    read_like = [w for w in expected if w.method == "GET" or any(m == "GET" for m, _ in w.same_as)]
    for want in read_like:
        if not want.optional and not any(want.matches(s) for s in reads):
            problems.append(f"did not send {want}")
    changes = [s for s in sent if s.method != "GET"]
    wanted = [w for w in expected if w not in read_like]
    for index, want in enumerate(wanted):
        if index >= len(changes):
            problems.append(f"did not send {want}")
        elif not want.matches(changes[index]):
            problems.append(f"sent {changes[index]} where python-o365 sends {want}")
    for extra in changes[len(wanted):]:
        problems.append(f"sent {extra}, python-o365 does not")
    return problems


@cache
def load_examples() -> tuple[Example, ...]:
    found: list[Example] = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            found.append(Example(
                area=path.stem, id=raw["id"], source=raw["source"], code=raw["code"],
                sends=tuple(Expected.parse(v) for v in raw.get("sends") or ()),
                given=raw.get("given", ""), then=raw.get("then", ""),
                user=raw.get("user", DEFAULT_USER), signed_in=raw.get("signed_in", True),
                fails=raw.get("fails"), variant_of=raw.get("variant_of")))
    return tuple(found)


class Recorder:
    """Every Graph request the code sends, as the emulator receives it (real sockets)."""

    def __init__(self, server: EmulatorServer) -> None:
        self.graph_prefix = urlsplit(server.graph_url).path
        self.sent: list[Sent] = []
        self.active = False

    def record(self, request: requests.PreparedRequest) -> None:
        if not self.active or request.url is None:
            return
        parts = urlsplit(request.url)
        if not parts.path.startswith(self.graph_prefix):
            return  # sign-in, upload sessions: not Graph API paths
        body: Any = request.body
        if isinstance(body, bytes):
            try:
                body = json.loads(body)
            except ValueError:
                body = "<bytes>"
        elif isinstance(body, str):
            try:
                body = json.loads(body)
            except ValueError:
                pass
        elif body is not None:
            body = "<stream>"
        self.sent.append(Sent(str(request.method), unquote(parts.path[len(self.graph_prefix):]),
                              dict(parse_qsl(parts.query, keep_blank_values=True)), body))


class _Browser:
    """The person at the keyboard: opens the printed consent URL, pastes the redirect back."""

    def __init__(self, user: str) -> None:
        self.user = user
        self.printed = io.StringIO()

    def login_as(self, user: str) -> None:
        """The next consent is given by this user (another account picked in the browser)."""
        self.user = user

    def input(self, prompt: object = "") -> str:
        urls = re.findall(r"https?://\S+/authorize\?\S+", self.printed.getvalue())
        if not urls:
            raise AssertionError("input() was called but no consent URL was printed")
        url = urls[-1] + "&" + urlencode({"login_hint": self.user})
        response = requests.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return str(response.headers["Location"])


@contextmanager
def recording(recorder: Recorder) -> Iterator[None]:
    original = HTTPAdapter.send

    def send(adapter: HTTPAdapter, request: requests.PreparedRequest, *args: Any,
             **kwargs: Any) -> requests.Response:
        recorder.record(request)
        return original(adapter, request, *args, **kwargs)

    HTTPAdapter.send = send  # type: ignore[method-assign]
    try:
        yield
    finally:
        HTTPAdapter.send = original  # type: ignore[method-assign]


@dataclass
class Outcome:
    example: Example
    error: BaseException | None = None
    problems: list[str] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    output: str = ""

    @property
    def passed(self) -> bool:
        return self.error is None and not self.problems

    def describe(self) -> str:
        lines = [f"{self.example.name} ({self.example.source})"]
        if self.error is not None:
            lines.append("raised: " + "".join(traceback.format_exception_only(self.error)).strip())
        lines += [f"  {p}" for p in self.problems]
        lines.append("sent:")
        lines += [f"  {s}" for s in self.sent]
        return "\n".join(lines)


def run(example: Example, workdir: Path) -> Outcome:
    """Run one example against a fresh emulator in `workdir`; never raises for the example."""
    import os

    outcome = Outcome(example)
    previous = os.getcwd()
    os.chdir(workdir)
    browser = _Browser(example.user)
    real_input = builtins.input
    builtins.input = browser.input
    try:
        with EmulatorServer(seed=20) as server:
            emulated.use(server)
            recorder = Recorder(server)
            namespace: dict[str, Any] = {"__name__": f"example_{example.id}",
                                         "credentials": (server.client_id, server.client_secret),
                                         "login_as": browser.login_as}
            with redirect_stdout(_Tee(browser.printed)), recording(recorder):
                if example.signed_in:
                    _exec("from tests.compat.emulated import Account\n"
                          "account = Account(credentials)\n"
                          "account.authenticate()\n", namespace, "sign-in")
                if example.given:
                    _exec(example.given, namespace, "given")
                recorder.active = True
                try:
                    _exec(example.code, namespace, "code")
                    read_kept_lists(namespace)
                except Exception as exc:  # the example's own failure is the result
                    outcome.error = exc
                recorder.active = False
                if outcome.error is None and example.then:
                    _exec(example.then, namespace, "then")
            outcome.sent = recorder.sent
            if outcome.error is None:
                outcome.problems = compare(example.sends, recorder.sent)
    except Exception as exc:  # given/then or the harness itself
        outcome.error = exc
    finally:
        emulated.use(None)
        builtins.input = real_input
        os.chdir(previous)
    outcome.output = browser.printed.getvalue()
    return outcome


def read_kept_lists(namespace: dict[str, Any]) -> None:
    """Read the first item of each list the example kept but never read.

    Our lists are fetched when read (a deliberate difference, see differences.yaml);
    python-o365 sends the first request when the method is called. Reading what the example
    kept makes both send it, so the requests can be compared.
    """
    from generated.o365._runtime.paging import Paginator

    for value in list(namespace.values()):
        if isinstance(value, Paginator) and value.pages_fetched == 0:
            bool(value)


def _exec(code: str, namespace: dict[str, Any], label: str) -> None:
    exec(compile(code, f"<{namespace['__name__']}:{label}>", "exec"), namespace)  # noqa: S102


class _Tee(io.TextIOBase):
    def __init__(self, copy: io.StringIO) -> None:
        self.copy = copy

    def write(self, text: str) -> int:
        self.copy.write(text)
        return len(text)


def main(argv: list[str]) -> int:
    """`python -m tests.compat.harness [area|example id ...]`: run and report."""
    import tempfile

    from tests.compat.surface import built_areas

    wanted = set(argv)
    counts: dict[str, list[int]] = {}
    for example in load_examples():
        if wanted and example.area not in wanted and example.id not in wanted:
            continue
        if example.variant_of and not wanted:
            continue
        if example.area not in built_areas():
            continue
        with tempfile.TemporaryDirectory() as folder:
            outcome = run(example, Path(folder))
        tally = counts.setdefault(example.area, [0, 0, 0])
        if outcome.passed and not example.fails:
            tally[0] += 1
        elif example.fails and (outcome.error is not None or outcome.problems):
            tally[1] += 1
        else:
            tally[2] += 1
            print(outcome.describe(), file=sys.stderr)
    print("python-o365 2.1.10 documentation examples (passing / documented difference / broken):")
    total = [0, 0, 0]
    for area, (ok, known, broken) in sorted(counts.items()):
        run_count = ok + known + broken
        print(f"{area:<16}{ok}/{known}/{broken}  ({100.0 * ok / run_count:.1f}% pass)")
        total = [total[0] + ok, total[1] + known, total[2] + broken]
    all_count = sum(total)
    if all_count:
        print(f"{'all':<16}{total[0]}/{total[1]}/{total[2]}  ({100.0 * total[0] / all_count:.1f}% pass)")
    return 1 if total[2] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
