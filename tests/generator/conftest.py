"""Import a fixture's generated package in place of the real `generated` for a test module."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.loader import load_specs
from generator.render import render, write_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _swap_out_generated() -> dict[str, ModuleType]:
    saved = {name: mod for name, mod in sys.modules.items() if name == "generated" or name.startswith("generated.")}
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
