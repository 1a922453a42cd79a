"""Write tests/compat/o365_surface.json: the public surface of python-o365 2.1.10.

Run once, by hand, with python-o365 installed in a throwaway virtualenv outside the repo:

    python3 -m venv /tmp/o365venv && /tmp/o365venv/bin/pip install O365==2.1.10
    /tmp/o365venv/bin/python tests/compat/make_surface.py > tests/compat/o365_surface.json

The tests read only the JSON; nothing here runs at test time (python-o365 is not a dependency).

What is listed, per public class defined in an `O365` module (names not starting with `_`):
methods, properties (with `rw` when they have a setter), static and class methods, class
attributes, enum members, and the public attributes `__init__` assigns (`self.name = ...`,
found by reading the source, since python-o365 keeps many fields as plain attributes). Names
a class inherits from another python-o365 class are listed on it too (`MailBox` is a
`Folder`, so `mailbox.get_messages` counts), with the class that declares them; names from
outside python-o365 (msal's TokenCache, Enum, object) are not. Module-level public functions
are listed under the pseudo class `<module>.<functions>`. `imports` lists the names
`from O365 import ...` and `from O365.utils import ...` find.
"""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import json
import pkgutil
import sys
import textwrap
from typing import Any

# The area each python-o365 module belongs to (how tests/compat reports and switches them).
AREAS = {
    "O365.account": "auth",
    "O365.connection": "auth",
    "O365.utils.token": "token_backends",
    "O365.utils.consent": "auth",
    "O365.mailbox": "mail",
    "O365.message": "mail",
    "O365.category": "categories",
    "O365.calendar": "calendar",
    "O365.drive": "storage",
    "O365.directory": "directory",
    "O365.address_book": "contacts",
    "O365.groups": "groups",
    "O365.excel": "excel",
    "O365.utils.range": "excel",
    "O365.sharepoint": "sharepoint",
    "O365.tasks": "tasks",
    "O365.planner": "planner",
    "O365.teams": "teams",
    "O365.subscriptions": "subscriptions",
    "O365.utils.utils": "utils",
    "O365.utils.query": "query",
    "O365.utils.attachment": "utils",
    "O365.utils.casing": "utils",
    "O365.utils.windows_tz": "utils",
    "O365.utils.decorators": "utils",
}


def modules() -> list[Any]:
    import O365

    found = []
    for info in pkgutil.walk_packages(O365.__path__, "O365."):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        found.append(importlib.import_module(info.name))
    return found


def own_classes(module: Any) -> list[type]:
    return [obj for name, obj in vars(module).items()
            if inspect.isclass(obj) and obj.__module__ == module.__name__
            and not name.startswith("_")]


def init_attributes(cls: type) -> list[str]:
    """Public names `__init__` assigns on self (read from the source)."""
    init = cls.__dict__.get("__init__")
    if init is None or not inspect.isfunction(init):
        return []
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(init)))
    except (OSError, TypeError, SyntaxError):
        return []
    names = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            for sub in ast.walk(target):
                if (isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name)
                        and sub.value.id == "self" and not sub.attr.startswith("_")):
                    names.append(sub.attr)
    return names


def kind_of(cls: type, name: str, value: Any) -> str:
    if isinstance(value, property):
        return "property rw" if value.fset is not None else "property"
    if isinstance(value, staticmethod):
        return "staticmethod"
    if isinstance(value, classmethod):
        return "classmethod"
    if inspect.isfunction(value):
        return "method"
    if isinstance(cls, enum.EnumMeta) and name in cls.__members__:
        return "member"
    return "attribute"


def describe(cls: type) -> dict[str, Any]:
    members: dict[str, dict[str, str]] = {}
    chain = [c for c in cls.__mro__ if c.__module__.startswith("O365")]
    for owner in chain:  # most derived first: the first declaration wins
        declared = f"{owner.__module__}.{owner.__qualname__}"
        if isinstance(owner, enum.EnumMeta):
            for name in owner.__members__:
                if not name.startswith("_"):
                    members.setdefault(name, {"kind": "member", "declared_in": declared})
        for name, value in vars(owner).items():
            if name.startswith("_") or name in members:
                continue
            if isinstance(owner, enum.EnumMeta) and name in owner.__members__:
                continue
            members[name] = {"kind": kind_of(owner, name, value), "declared_in": declared}
        for name in init_attributes(owner):
            members.setdefault(name, {"kind": "attribute", "declared_in": declared})
    bases = [f"{b.__module__}.{b.__qualname__}" for b in cls.__bases__
             if b.__module__.startswith("O365")]
    return {"area": AREAS.get(cls.__module__, "unassigned"), "bases": bases,
            "members": dict(sorted(members.items()))}


def importable(module: Any) -> list[str]:
    """The python-o365 names `from <module> import ...` finds: its classes and functions
    (its own or re-exported from another O365 module) and its UPPER_CASE constants."""
    names = []
    for name, obj in vars(module).items():
        if name.startswith("_") or inspect.ismodule(obj):
            continue
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and obj.__module__.startswith("O365"):
            names.append(name)
        elif name.isupper() and isinstance(obj, (str, int)):
            names.append(name)
    return sorted(names)


def main() -> None:
    from importlib.metadata import version

    import O365

    classes: dict[str, Any] = {}
    for module in modules():
        for cls in own_classes(module):
            classes[f"{cls.__module__}.{cls.__qualname__}"] = describe(cls)
        functions = {name: {"kind": "function", "declared_in": module.__name__}
                     for name, obj in vars(module).items()
                     if inspect.isfunction(obj) and obj.__module__ == module.__name__
                     and not name.startswith("_")}
        if functions:
            classes[f"{module.__name__}.<functions>"] = {
                "area": AREAS.get(module.__name__, "unassigned"), "bases": [],
                "members": dict(sorted(functions.items()))}
    surface = {
        "package": "O365",
        "version": version("O365"),
        "made_by": "tests/compat/make_surface.py",
        "top_level": sorted(n for n in vars(O365) if not n.startswith("_")
                            and inspect.isclass(getattr(O365, n))),
        "classes": dict(sorted(classes.items())),
        # What the two shared import points offer: the package and O365.utils (which
        # re-exports its submodules' names). An area module's own classes are in `classes`.
        "imports": {name: importable(importlib.import_module(name))
                    for name in ("O365", "O365.utils")},
    }
    json.dump(surface, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
