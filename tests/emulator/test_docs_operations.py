"""Every operation the specs declare, replayed as Microsoft documents it.

Each docs_examples/<area>/<page>[.variant].json holds one documented request and response
from microsoftgraph/microsoft-graph-docs-contrib (its "_source" names the page), the spec
operations whose Graph call it is ("operations"), and the request made replayable
("replay": the documented method, path and body, its ids as placeholders that
docs_world.World fills in). The replay must answer the documented status and, for a JSON
response, have the documented shape with no property Graph's metadata lacks (fidelity.py).
A difference the emulator keeps on purpose is listed under "differences" with its reason;
the list must match what happens, both ways. Replay keys: "as" (me = Adele, app, or another
user's given name), "given" (recipes to run first), "headers", "body" (JSON) or "data"
(text), "also" (more paths answered alike: the well-known folders), "at" (the example
documents one facet of the answer).

`test_every_operation_has_a_documented_example` holds the suite to the specs: every
operation of every spec that sends a request is named by an example.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generated.o365._generator.loader import load_specs
from generated.o365.emulator import EmulatorServer

from .docs_world import World
from .fidelity import SOURCE_PREFIX, collection_problems, foreign_properties, shape_problems

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path(__file__).resolve().parent / "docs_examples"
# Kinds that send no request of their own: `new` builds an unsaved object, `open` a bound
# object (a workbook of a file), `computed`, `set` and `query_builder` work on the client.
LOCAL_KINDS = frozenset({"new", "open", "computed", "set", "query_builder"})


def documented() -> list[Path]:
    return sorted(EXAMPLES.rglob("*.json"))


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text()))


def spec_operations() -> set[str]:
    """`Resource.operation` of every spec (the Account's own methods included)."""
    specs = load_specs(ROOT / "specs")
    return {f"{owner.name}.{op.name}" for owner in (*specs.resources, *specs.services)
            for op in owner.operations if op.kind not in LOCAL_KINDS}


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=31) as emulator:
        yield emulator


def test_every_operation_has_a_documented_example() -> None:
    covered: set[str] = set()
    for path in documented():
        data = load(path)
        assert data["_source"].startswith(SOURCE_PREFIX), path.name
        assert "replay" in data and "operations" in data, f"{path.name}: not replayable"
        covered |= set(data["operations"])
    operations = spec_operations()
    assert operations, "no spec operation found"
    unknown = covered - operations
    assert not unknown, f"examples name unknown operations: {unknown}"
    missing = sorted(operations - covered)
    assert not missing, f"{len(missing)} spec operations have no documented example: {missing}"


@pytest.mark.parametrize("path", documented(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_documented_example(server: EmulatorServer, path: Path) -> None:
    data = load(path)
    replay = data["replay"]
    world = World(server)
    caller = world.caller(replay.get("as", "me"))
    for name in replay.get("given", []):  # what must exist first (a file shared with me)
        world.id(name)
    problems: list[str] = []
    for path_ in [replay["path"], *replay.get("also", [])]:
        problems += replayed(data, caller, world, path_)
    listed = {key: listed_pattern(key) for key in data.get("differences", {})}
    unexplained = [p for p in problems if not any(k.match(p) for k in listed.values())]
    stale = [key for key, k in listed.items() if not any(k.match(p) for p in problems)]
    assert not unexplained, (f"{data['_source']}\n{replay['method']} {replay['path']}:\n  "
                             + "\n  ".join(unexplained))
    assert not stale, f"listed differences that no longer occur: {stale}"


def listed_pattern(key: str) -> re.Pattern[str]:
    """A listed difference matches the problems that start with it; `[*]` is any index."""
    return re.compile(re.escape(key).replace(re.escape("[*]"), r"\[\d+\]"))


def replayed(data: dict[str, Any], caller: Any, world: World, path: str) -> list[str]:
    """What differs from the documented example when `path` is called as documented."""
    replay = data["replay"]
    body = replay.get("data")
    reply = caller.call(replay["method"], world.fill(path),
                        json=world.fill(replay["body"]) if "body" in replay else None,
                        data=body.encode() if isinstance(body, str) else None,
                        headers=world.fill(replay.get("headers")), allow_redirects=False)
    problems = []
    if reply.status_code != data["status"]:
        problems.append(f"status {reply.status_code}, documented {data['status']}: "
                        f"{reply.text[:300]}")
    for header in data.get("response_headers", []):
        if header not in reply.headers:
            problems.append(f"header {header} missing")
    if isinstance(data.get("response"), dict) and not problems:
        ours = reply.json()
        if "at" in replay:  # the example documents one facet of the answer (image, photo)
            ours = ours.get(replay["at"])
        problems += shape_problems(data["response"], ours)
        graph_type = data.get("type")
        if graph_type and "value" in data["response"] and isinstance(ours.get("value"), list):
            problems += collection_problems(ours, graph_type)
        elif graph_type:
            problems += foreign_properties(ours, graph_type)
    return [f"{problem} [{path}]" if replay.get("also") else problem for problem in problems]


def test_no_two_areas_share_a_placeholder() -> None:
    """Each area's recipes are a mixin of World: two `make_x` of one name would let the first
    base answer the other area's `{x}` silently (a team's operation for a workbook's)."""
    seen: dict[str, str] = {}
    clashes = []
    for base in World.__mro__:
        for name in vars(base):
            if name.startswith("make_"):
                if name in seen:
                    clashes.append(f"{name}: {seen[name]} and {base.__name__}")
                seen.setdefault(name, base.__name__)
    assert not clashes, clashes
