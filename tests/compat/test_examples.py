"""python-o365 2.1.10's documentation examples, run against the emulator (see harness.py).

Each example either passes (it runs, and sends what python-o365 sends) or fails exactly the
way its `fails:` entry says, with a row in differences.yaml explaining why. Per built area,
at least 90% of the documented examples (variants not counted) must pass.
`python -m tests.compat.harness` prints the same numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.compat.harness import Example, load_examples, run
from tests.compat.surface import built_areas, differences

EXAMPLES = [e for e in load_examples() if e.area in built_areas()]
PASS_RATE = 0.90


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example(example: Example, tmp_path: Path) -> None:
    outcome = run(example, tmp_path)
    if example.fails is None:
        assert outcome.passed, outcome.describe()
        return
    expected = example.fails
    rows = [row for row in differences() if row.get("example") == expected["why"]]
    assert rows, f"differences.yaml has no row with example: {expected['why']}"
    if "sends" in expected:  # it runs, and sends other requests than python-o365
        assert outcome.error is None and outcome.problems, outcome.describe()
        assert re.search(expected["sends"], "\n".join(outcome.problems)), outcome.describe()
        return
    assert outcome.error is not None, f"{example.name} was expected to fail ({expected['why']})"
    assert type(outcome.error).__name__ == expected["error"], outcome.describe()
    assert re.search(expected["match"], str(outcome.error)), outcome.describe()
    assert not outcome.problems


def test_every_failing_example_is_explained() -> None:
    explained = {row.get("example") for row in differences()}
    for example in EXAMPLES:
        if example.fails is not None:
            assert example.fails["why"] in explained, example.name


def test_pass_rate() -> None:
    """Of the documented examples of the built areas (variants not counted), 90% pass."""
    documented = [e for e in EXAMPLES if e.variant_of is None]
    passing = [e for e in documented if e.fails is None]
    assert len(passing) >= PASS_RATE * len(documented), (
        f"{len(passing)} of {len(documented)} documented examples pass")


@pytest.mark.parametrize("area", sorted(built_areas()))
def test_every_built_area_has_examples(area: str) -> None:
    assert any(e.area == area for e in EXAMPLES), (
        f"no python-o365 examples for {area}: add tests/compat/examples/{area}.yaml")


def test_variants_name_a_documented_example() -> None:
    by_id = {(e.area, e.id): e for e in EXAMPLES}
    for example in EXAMPLES:
        if example.variant_of is not None:
            original = by_id.get((example.area, example.variant_of))
            assert original is not None and original.variant_of is None, example.name
