"""Import a fixture's generated package in place of the real `generated` for a test module."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generated.o365._generator.loader import load_specs
from generated.o365._generator.render import render, write_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures"


# Hand-written packages under the namespace stay loaded: one runtime (one GraphError) for all.
KEPT = ("generated.o365._runtime", "generated.o365._generator", "generated.o365.emulator")


def _generated_module(name: str) -> bool:
    return (name == "generated" or name.startswith("generated.")) and not any(
        name == kept or name.startswith(kept + ".") for kept in KEPT)


def _swap_out_generated() -> dict[str, ModuleType]:
    saved = {name: mod for name, mod in sys.modules.items() if _generated_module(name)}
    for name in saved:
        del sys.modules[name]
    return saved


@pytest.fixture(scope="module")
def fixture_package(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """`generated.o365` rendered from tests/generator/fixtures/<module's FIXTURE>."""
    case = request.module.FIXTURE
    root = tmp_path_factory.mktemp(case)
    write_tree(root / "generated", render(load_specs(FIXTURES / case)))
    saved = _swap_out_generated()
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("generated.o365")
    finally:
        sys.path.remove(str(root))
        _swap_out_generated()
        sys.modules.update(saved)
