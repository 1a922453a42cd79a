"""Golden outputs of the generator: each fixture spec tree, rendered, committed.

    python -m tests.generator.golden            # report which goldens are stale
    python -m tests.generator.golden --update   # rewrite them (after an intended change)

`make golden` runs the second form. tests/generator/test_golden.py fails on any difference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generated.o365._generator.loader import load_specs
from generated.o365._generator.render import render, render_docs

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"


def cases() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def rendered(case: str) -> dict[str, str]:
    """Everything the generator writes for one fixture, keyed by a path under the golden dir."""
    specset = load_specs(FIXTURES / case)
    out = {f"generated/{path}": text for path, text in render(specset, version="0.0.0").items()}
    out.update({f"docs/{path}": text for path, text in render_docs(specset).items()})
    return out


def on_disk(case: str) -> dict[str, str]:
    root = GOLDEN / case
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def update(case: str) -> None:
    root = GOLDEN / case
    for path in sorted(root.rglob("*"), reverse=True) if root.exists() else []:
        path.unlink() if path.is_file() else path.rmdir()
    for rel, text in rendered(case).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite the golden files")
    args = parser.parse_args(argv)
    stale = [case for case in cases() if rendered(case) != on_disk(case)]
    if args.update:
        for case in cases():
            update(case)
        print(f"updated goldens for {len(cases())} fixture(s)")
        return 0
    for case in stale:
        print(f"stale golden: {case}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
