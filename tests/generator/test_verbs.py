"""One meaning per verb in the primary names; other names in one marked block per class.

The rule (docs/migrating-from-python-o365.md, "One meaning per verb"): a primary name's verb
says what the call does. python-o365's names (and the seed's) that use a verb otherwise stay
as aliases, which the generator writes in one marked block at the end of each class.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

from generated.o365._generator import ir
from generated.o365._generator.loader import load_specs

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated" / "o365"
MARKER = "# --- Other names "

READS = {"get", "list", "function", "find", "delta", "computed", "open", "refresh", "read_blocks"}
# verb -> the operation kinds a primary name with that verb may have, and what it means
VERBS: dict[str, tuple[set[str], str]] = {
    "new": ({"new", "query_builder"}, "makes an object here and sends nothing"),
    "save": ({"save", "update"}, "writes the object to Graph"),
    "download": ({"download", "download_tree"}, "writes Graph's bytes to a local file"),
    "create": ({"action", "subscribe"}, "creates something in Graph now"),
    "get": (READS, "reads and changes nothing"),
}


@lru_cache(maxsize=1)
def _operations() -> dict[str, ir.Operation]:
    """`Owner.operation` -> its operation, for every spec."""
    specs = load_specs(ROOT / "specs")
    owners: list[ir.Resource | ir.Service] = [*specs.resources, *specs.services]
    return {f"{owner.name}.{op.name}": op for owner in owners for op in owner.operations}


def _allowed(op: ir.Operation, verb: str) -> bool:
    kinds, _ = VERBS[verb]
    if op.kind in kinds:
        return True
    if verb == "new" and op.kind == "find" and op.then and op.returns is not None:
        # finds where the new object goes (the default list), then makes it unsent
        then = _operations().get(f"{op.returns.name}.{op.then}")
        return then is not None and then.kind == "new"
    if verb == "get" and op.kind == "action":
        # Graph's own reads spelled as POST actions: getSchedule, getPresencesByUserId
        return op.path.rsplit("/", 1)[-1].startswith("get")
    return False


def test_every_primary_name_means_what_its_verb_says() -> None:
    wrong = []
    for name, op in _operations().items():
        verb = op.name.split("_")[0]
        if verb in VERBS and not _allowed(op, verb):
            wrong.append(f"{name} is a {op.kind!r} operation, but {verb}_ {VERBS[verb][1]}")
    assert not wrong, "\n".join(wrong)


def test_the_rule_catches_a_primary_that_breaks_it() -> None:
    """The check above can fail: an action named new_* or a download named save is refused."""
    ops = _operations()
    assert not _allowed(ops["Schedule.create_calendar"], "new")
    assert not _allowed(ops["Attachment.download"], "save")
    assert _allowed(ops["ToDo.new_task"], "new")  # find the default list, then new_task


def _alias_lines(path: Path) -> list[tuple[str, int, str, str, int | None]]:
    """(class, line, alias, primary, marker line) for every `name = other` in a class body
    where `other` is a method or attribute the class defines itself."""
    source = path.read_text()
    lines = source.splitlines()
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        own = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
        own |= {t.id for n in node.body if isinstance(n, ast.Assign)
                for t in n.targets if isinstance(t, ast.Name)}
        marker = next((i + 1 for i in range(node.lineno - 1, node.end_lineno or 0)
                       if lines[i].strip().startswith(MARKER)), None)
        for n in node.body:
            if (isinstance(n, ast.Assign) and isinstance(n.value, ast.Name)
                    and n.value.id in own and len(n.targets) == 1
                    and isinstance(n.targets[0], ast.Name)):
                found.append((node.name, n.lineno, n.targets[0].id, n.value.id, marker))
    return found


MODULES = sorted(p for p in GENERATED.rglob("*.py")
                 if not any(part.startswith("_") and part != "__init__.py"
                            for part in p.relative_to(GENERATED).parts))


def test_other_names_sit_in_one_marked_block_per_class() -> None:
    misplaced = []
    count = 0
    for path in MODULES:
        for cls, line, alias, primary, marker in _alias_lines(path):
            count += 1
            if marker is None or line < marker:
                misplaced.append(f"{path.relative_to(ROOT)}:{line}: {cls}.{alias} = {primary}"
                                 " is outside the class's 'Other names' block")
    assert count > 100, "the generated code has python-o365's aliases; none were found"
    assert not misplaced, "\n".join(misplaced)


@pytest.mark.parametrize("page", ["Attachment.md", "Message.md", "Schedule.md"])
def test_reference_pages_list_other_names_in_one_section(page: str) -> None:
    text = (ROOT / "docs" / "reference" / page).read_text()
    assert text.count("## Other names") == 1
    section = text.split("## Other names", 1)[1]
    rows = re.findall(r"^\| `(\w+)` \| `(\w+)` \|", section, re.M)
    assert rows, f"{page}: the Other names section lists nothing"
    methods = text.split("## Methods", 1)[1].split("## Other names", 1)[0]
    listed = {m for m in re.findall(r"^\| `(\w+)` \|", methods, re.M)}
    assert not {alias for alias, _ in rows} & listed, "an other name is listed as a method"
