"""How much of python-o365 2.1.10's public surface this library has, area by area.

Data, all in this folder:

- `o365_surface.json`: python-o365's public classes and member names (made once by
  `make_surface.py` from the installed package; python-o365 is never imported here).
- `surface_map.yaml`: which areas are built, and which of our classes stands for each
  python-o365 class.
- `differences.yaml`: the names deliberately not provided, each with a reason and what to
  write instead (also rendered into docs/migrating-from-python-o365.md).

A name counts as present when the mapped class has an attribute of that name (a method,
property, field, alias or enum member). Run `python -m tests.compat.surface` for the table.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
# What the Done-when bar counts: callables and properties. Attributes and enum members are
# checked and reported too, separately.
METHOD_KINDS = frozenset({"method", "property", "property rw", "staticmethod", "classmethod",
                          "function"})


@cache
def surface() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / "o365_surface.json").read_text(encoding="utf-8"))
    return data


@cache
def surface_map() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((HERE / "surface_map.yaml").read_text(encoding="utf-8"))
    return data


@cache
def differences() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(
        (HERE / "differences.yaml").read_text(encoding="utf-8"))
    return rows


def built_areas() -> set[str]:
    return {area for area, state in surface_map()["areas"].items() if state == "built"}


def resolve(target: str) -> Any:
    """`package.module:Name` (or `package.module:Class.attr`) to the object."""
    module_name, _, qualname = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in filter(None, qualname.split(".")):
        obj = getattr(obj, part)
    return obj


def targets_of(o365_class: str) -> list[Any]:
    mapped = surface_map()["classes"].get(o365_class)
    if mapped is None:
        return []
    names = mapped if isinstance(mapped, list) else [mapped]
    return [resolve(name) for name in names]


def has_name(target: Any, name: str) -> bool:
    """A class attribute, enum member, or an attribute its methods set on instances."""
    if inspect.ismodule(target):
        return hasattr(target, name)
    if isinstance(target, type):
        members = getattr(target, "__members__", None)
        if members is not None and name in members:
            return True
        try:
            inspect.getattr_static(target, name)
            return True
        except AttributeError:
            return hasattr(target, name) or name in instance_attributes(target)
    return hasattr(target, name)


@cache
def instance_attributes(cls: type) -> frozenset[str]:
    """Names the class's own methods (and its bases') assign on `self`, read from the source."""
    import ast
    import textwrap

    found: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__ == "builtins":
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                    and isinstance(node.value, ast.Name) and node.value.id == "self"):
                found.add(node.attr)
    return frozenset(found)


def explained(o365_class: str, name: str) -> dict[str, Any] | None:
    """The differences row covering this name, if any (exact class first, then `*`)."""
    for row in differences():
        if "class" not in row:
            continue  # an example's row
        classes = row["class"] if isinstance(row["class"], list) else [row["class"]]
        # "*", the full name, or its tail ("Folder", "mailbox.Folder")
        if not any(c == "*" or o365_class == c or o365_class.endswith("." + c) for c in classes):
            continue
        names = row["names"]
        if names == "*" or name in names:
            return row
    return None


@dataclass
class Tally:
    present: int = 0
    different: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.present + self.different + len(self.missing)

    def percent(self) -> float:
        return 100.0 * self.present / self.total if self.total else 100.0


@dataclass
class AreaReport:
    area: str
    built: bool
    methods: Tally = field(default_factory=Tally)
    others: Tally = field(default_factory=Tally)  # attributes and enum members


def check(o365_class: str, info: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(name, kind, verdict) for each member: verdict 'present', 'different' or 'missing'."""
    targets = targets_of(o365_class)
    for name, member in info["members"].items():
        if targets and all(has_name(t, name) for t in targets):
            verdict = "present"
        elif explained(o365_class, name) is not None:
            verdict = "different"
        else:
            verdict = "missing"
        yield name, member["kind"], verdict


def report() -> dict[str, AreaReport]:
    built = built_areas()
    reports: dict[str, AreaReport] = {}
    for o365_class, info in surface()["classes"].items():
        area = info["area"]
        entry = reports.setdefault(area, AreaReport(area, area in built))
        if not entry.built:
            continue
        for name, kind, verdict in check(o365_class, info):
            tally = entry.methods if kind in METHOD_KINDS else entry.others
            if verdict == "present":
                tally.present += 1
            elif verdict == "different":
                tally.different += 1
            else:
                tally.missing.append(f"{o365_class}.{name}")
    return dict(sorted(reports.items()))


def totals(reports: dict[str, AreaReport]) -> tuple[Tally, Tally]:
    methods, others = Tally(), Tally()
    for entry in reports.values():
        if not entry.built:
            continue
        for mine, theirs in ((methods, entry.methods), (others, entry.others)):
            mine.present += theirs.present
            mine.different += theirs.different
            mine.missing += theirs.missing
    return methods, others


def whole_class_differs(o365_class: str) -> bool:
    """differences.yaml leaves out the whole class (`names: "*"`)."""
    row = explained(o365_class, "\0")
    return row is not None and row["names"] == "*"


def utils_area(name: str) -> tuple[str, str | None]:
    """The area and full python-o365 name of a name `O365.utils` offers."""
    for full, info in surface()["classes"].items():
        module, _, own = full.rpartition(".")
        if module.startswith("O365.utils") and own == name:
            return str(info["area"]), full
        if own == "<functions>" and module.startswith("O365.utils") and name in info["members"]:
            return str(info["area"]), None
    return "utils", None  # a constant


def import_problems() -> list[str]:
    """The imports of a built area that the import-line change does not carry over.

    `from O365 import X` becomes `from generated.o365 import X`, `from O365.utils import X`
    `from generated.o365.utils import X` and, for each class or function an area module
    defines, `from O365.<module> import X` `from generated.o365.<module> import X`
    (python-o365's utils submodules are reached through `O365.utils`). A class
    differences.yaml leaves out as a whole is not expected.
    """
    built = built_areas()
    data = surface()
    problems = []

    def offers(module: str, name: str) -> bool:
        try:
            return hasattr(importlib.import_module(module), name)
        except ImportError:
            return False

    for name in data["imports"]["O365"]:
        if not offers("generated.o365", name):
            problems.append(f"from generated.o365 import {name}")
    for name in data["imports"]["O365.utils"]:
        area, full = utils_area(name)
        if area in built and not offers("generated.o365.utils", name) and not (
                full and whole_class_differs(full)):
            problems.append(f"from generated.o365.utils import {name}")
    for full, info in data["classes"].items():
        module, _, name = full.rpartition(".")
        if info["area"] not in built or module.startswith("O365.utils"):
            continue
        ours = "generated.o365" + module[len("O365"):]
        names = list(info["members"]) if name == "<functions>" else [name]
        for one in names:
            if not offers(ours, one) and not whole_class_differs(full):
                problems.append(f"from {ours} import {one}")
    return problems


def main(argv: list[str]) -> int:
    """`python -m tests.compat.surface [-v] [area ...]`: the table (of these areas only)."""
    reports = report()
    chosen = [a for a in argv if not a.startswith("-")]
    if chosen:
        reports = {area: entry for area, entry in reports.items() if area in chosen}
    print(f"python-o365 {surface()['version']} public surface, by area "
          "(present / in differences table / missing):")
    print(f"{'area':<16}{'methods+properties':>30}{'attributes+enum members':>32}")
    for entry in reports.values():
        if not entry.built:
            print(f"{entry.area:<16}{'area not built':>30}")
            continue
        m, o = entry.methods, entry.others
        print(f"{entry.area:<16}{f'{m.present}/{m.different}/{len(m.missing)} ({m.percent():.1f}%)':>30}"
              f"{f'{o.present}/{o.different}/{len(o.missing)} ({o.percent():.1f}%)':>32}")
    m, o = totals(reports)
    print(f"{'built areas' if not chosen else 'these areas':<16}{f'{m.present}/{m.different}/{len(m.missing)} ({m.percent():.1f}%)':>30}"
          f"{f'{o.present}/{o.different}/{len(o.missing)} ({o.percent():.1f}%)':>32}")
    if "-v" in argv:
        for name in m.missing + o.missing:
            print("missing:", name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
