"""Generated models are typed the way users see them (mypy --strict on a usage file)."""

from __future__ import annotations

from pathlib import Path

from mypy import api

HERE = Path(__file__).resolve().parent


def test_generated_api_types_as_documented(tmp_path: Path) -> None:
    out, err, status = api.run(["--strict", "--cache-dir", str(tmp_path / "cache"),
                                str(HERE / "typing_contract.py")])
    assert status == 0, out + err
