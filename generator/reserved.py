"""Names a spec may not give a field, method, parameter or type, because generated code uses them.

Nothing here is a hand-kept list. The names are read from where they live:
- the public members of the runtime base classes a generated class extends (`Resource`,
  `Model`, `Service`, `BaseAccount`), by introspection, including the attributes their
  methods assign on `self`;
- the names generated modules import (`imports.KNOWN_IMPORTS`, the renderer's own table) and
  the names `generated.o365` re-exports (the import lines of its template);
- the modules the renderer writes itself (`account`, `types`, ...: read from its source);
- the arguments an operation kind adds to a method (`signatures.kind_arguments`);
- Python's keywords and builtins.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import keyword
import re
import textwrap
from functools import cache, lru_cache
from pathlib import Path

from . import ir
from .imports import KNOWN_IMPORTS, RUNTIME_EXPORTS
from .signatures import argument_names

# What a generated class of each kind extends.
BASES = {
    "resource": ("generated.o365._runtime.resource", "Resource"),
    "type": ("generated.o365._runtime.model", "Model"),
    "service": ("generated.o365._runtime.resource", "Service"),
    "account": ("generated.o365._runtime.account", "BaseAccount"),
}
PACKAGE_TEMPLATE = Path(__file__).resolve().parent / "templates" / "package_init.py.j2"
RENDERER = Path(__file__).resolve().parent / "render.py"


def bad_member_name(name: str, owner: str | None = None) -> str | None:
    """Why `name` cannot be an attribute or method of a generated class, or None.

    `owner` is the kind of class (a key of BASES); None checks only the Python rules.
    """
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name.startswith("_"):
        return "starts with an underscore"
    if owner is not None and name in base_members(owner):
        return f"would shadow {base_members(owner)[name]}.{name} of the runtime"
    if name in KNOWN_IMPORTS:
        return f"would shadow {_import_label(name)}, which generated modules import"
    if name in annotation_builtins():
        return f"would shadow the builtin {name!r}, which generated annotations use"
    return None


def bad_parameter_name(name: str, op: ir.Operation) -> str | None:
    """Why `name` cannot be an argument of the method generated for `op`, or None."""
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name.startswith("_"):
        return "starts with an underscore"
    if name == "self":
        return "is the method's own first argument"
    if name in argument_names(op):
        return f"is an argument every {op.kind!r} method has already"
    if name in KNOWN_IMPORTS:
        return f"would shadow {_import_label(name)}, which generated methods call"
    return None


def bad_type_name(name: str) -> str | None:
    """Why `name` cannot be a generated class (resource, service, complex type, enum), or None."""
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name in KNOWN_IMPORTS:
        return f"would shadow {_import_label(name)}, which generated modules import"
    exports = package_exports()
    if name in exports:
        return f"would shadow {name!r}, which generated.o365 exports from {exports[name]}"
    if name in vars(builtins):
        return f"would shadow the builtin {name!r}"
    return None


@cache
def base_members(owner: str) -> dict[str, str]:
    """Public names a generated class inherits: name -> the runtime class that defines it."""
    module, cls_name = BASES[owner]
    cls = getattr(importlib.import_module(module), cls_name)
    found: dict[str, str] = {}
    for klass in cls.__mro__:
        if klass is object:
            continue
        for name in [*vars(klass), *_assigned_on_self(klass)]:
            if not name.startswith("_"):
                found.setdefault(name, klass.__name__)
    return found


def _assigned_on_self(klass: type) -> set[str]:
    """Attributes the class's methods set on `self` (instance attributes have no class entry)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
    except (OSError, TypeError):
        return set()
    return {
        node.attr for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
        and isinstance(node.value, ast.Name) and node.value.id == "self"
    }


@lru_cache(maxsize=1)
def package_exports() -> dict[str, str]:
    """Names `generated.o365` takes from the runtime (its template's imports): name -> module."""
    found: dict[str, str] = dict(RUNTIME_EXPORTS)
    for line in PACKAGE_TEMPLATE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("from ") or "{" in line:
            continue
        node = ast.parse(line.split("#")[0]).body[0]
        assert isinstance(node, ast.ImportFrom)
        module = "." * node.level + (node.module or "")
        if module == "__future__":
            continue
        for alias in node.names:
            if alias.name in ("*", "__all__"):  # every name of the module, now or lazily
                found.update({n: module for n in importlib.import_module(module).__all__})
            elif not (alias.asname or alias.name).startswith("_"):
                found[alias.asname or alias.name] = module
    return found


@lru_cache(maxsize=1)
def generator_modules() -> frozenset[str]:
    """Modules of generated.o365 the generator writes itself (`account`, `types`...): the
    constant `o365/<name>.py` paths the renderer assigns, read from its source."""
    tree = ast.parse(RENDERER.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            match = re.fullmatch(r"o365/(\w+)\.py", node.slice.value)
            if match:
                found.add(match.group(1))
    return frozenset(found)


@lru_cache(maxsize=1)
def annotation_builtins() -> frozenset[str]:
    """Builtins the primitives' annotations name (`str`, `int`...): a class attribute of that
    name would change what later annotations in the class body mean."""
    words = {w for spelled in ir.PRIMITIVES.values() for w in re.findall(r"\w+", spelled)}
    return frozenset(w for w in words if w in vars(builtins))


def _import_label(name: str) -> str:
    module = KNOWN_IMPORTS[name][0]
    return f"the module {name!r}" if module is None else f"{name!r} from {module}"
