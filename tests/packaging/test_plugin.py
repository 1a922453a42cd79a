"""The pytest plugin (entry point `pytest11`) costs a pytest run nothing until a fixture is used:
pytest imports it in every project where the library is installed, with or without the
`emulator` extra."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from generated.o365.emulator import pytest_plugin

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_plugin_loads_no_part_of_the_emulator() -> None:
    code = ("import json, sys\nimport generated.o365.emulator.pytest_plugin\n"
            "print(json.dumps(sorted(m for m in sys.modules if 'emulator' in m or 'yaml' in m)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == ["generated.o365.emulator", "generated.o365.emulator.pytest_plugin"]


def test_the_plugin_is_registered_through_the_pytest11_entry_point() -> None:
    (entry,) = [e for e in entry_points(group="pytest11") if e.name == "generated_o365"]
    assert entry.load() is pytest_plugin
