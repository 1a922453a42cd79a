"""docs/migrating-from-python-o365.md shows differences.yaml as it is (see differences.py)."""

from __future__ import annotations

from tests.compat.differences import GUIDE, render, updated


def test_the_guide_shows_the_current_differences() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert updated(guide) == guide, (
        "docs/migrating-from-python-o365.md is out of date: "
        "run `python -m tests.compat.differences --write`")


def test_every_row_is_rendered() -> None:
    from tests.compat.surface import differences

    assert render().count("\n- ") == len(differences())
