"""One version, written in pyproject.toml and generated everywhere else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import generated.o365
from generated.o365._generator.render import project_version

ROOT = Path(__file__).resolve().parents[2]


def test_the_package_and_the_manifest_carry_pyprojects_version() -> None:
    version = project_version()
    assert generated.o365.__version__ == version
    manifest = json.loads((ROOT / "generated" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["version"] == version


def test_the_version_is_read_from_the_project_table_only(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.other]\nversion = "9.9"\n\n[project]\nname = "x"\nversion = "1.2.3"\n')
    assert project_version(pyproject) == "1.2.3"
    pyproject.write_text('[project]\nname = "x"\n\n[tool.other]\nversion = "9.9"\n')
    with pytest.raises(RuntimeError, match="no `version"):
        project_version(pyproject)


def test_the_license_is_an_spdx_expression_with_its_file() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '\nlicense = "MIT"\n' in text and 'license-files = ["LICENSE"]' in text
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
