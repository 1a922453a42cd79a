"""python-o365 2.1.10's public surface against ours (data in this folder; see surface.py).

For every built area, each python-o365 name is present on the class mapped to it, or listed
in differences.yaml with a reason; at least 90% of the methods and properties are present.
`python -m tests.compat.surface` prints the table (`-v`: the names not provided).
"""

from __future__ import annotations

import pytest

from tests.compat.surface import (
    METHOD_KINDS,
    built_areas,
    differences,
    import_problems,
    report,
    resolve,
    surface,
    surface_map,
    totals,
)

PRESENT = 0.90


def test_the_surface_data_is_python_o365_2_1_10() -> None:
    data = surface()
    assert data["package"] == "O365" and data["version"] == "2.1.10"
    assert {"Account", "Connection", "MSGraphProtocol", "Message"} <= set(data["top_level"])


def test_every_class_of_a_built_area_is_mapped() -> None:
    built = built_areas()
    classes = surface_map()["classes"]
    unmapped = [name for name, info in surface()["classes"].items()
                if info["area"] in built and name not in classes]
    assert not unmapped, f"map these in surface_map.yaml (or to null with a difference): {unmapped}"


def test_the_import_line_change_is_enough() -> None:
    """`from O365[.module] import X` -> `from generated.o365[.module] import X`, built areas."""
    problems = import_problems()
    assert not problems, f"not importable (add to specs/o365_modules.yaml): {problems}"


def test_mapped_targets_import() -> None:
    for name, target in surface_map()["classes"].items():
        for one in (target if isinstance(target, list) else [target] if target else []):
            assert resolve(one) is not None, f"{name} -> {one}"


@pytest.mark.parametrize("area", sorted(built_areas()))
def test_no_name_is_missing(area: str) -> None:
    entry = report()[area]
    missing = entry.methods.missing + entry.others.missing
    assert not missing, f"not provided and not in differences.yaml: {missing}"


def test_most_methods_and_properties_are_present() -> None:
    methods, _ = totals(report())
    assert methods.present >= PRESENT * methods.total, (
        f"{methods.present} of {methods.total} methods and properties present")


def test_every_difference_row_says_why_and_is_used() -> None:
    classes = surface()["classes"]
    for row in differences():
        assert row.get("reason"), row
        if "class" not in row:
            continue
        names = row["names"]
        targets = row["class"] if isinstance(row["class"], list) else [row["class"]]
        for target in targets:
            matching = [c for c in classes if target == "*" or c == target or c.endswith("." + target)]
            assert matching, f"differences.yaml names an unknown python-o365 class: {target}"
            if names != "*" and target != "*":
                known = {n for c in matching for n in classes[c]["members"]}
                assert set(names) & known, f"{target}: none of {names} is a python-o365 name"


def test_method_kinds_cover_the_data() -> None:
    kinds = {m["kind"] for c in surface()["classes"].values() for m in c["members"].values()}
    assert kinds - METHOD_KINDS <= {"attribute", "member"}
