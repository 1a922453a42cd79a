"""mkdocs hook: the site's "Reference" section from the generator's docs/reference/.nav.yml.

mkdocs.yml lists the guides by hand and ends with `- Reference: reference/README.md`; the
generator writes the reference pages, their index and `.nav.yml` (the same list in mkdocs'
`nav` shape). This hook swaps that one entry for the generated section, so a new spec's page
appears in the navigation after `make generate` with no edit to mkdocs.yml. A hook is plain
Python that mkdocs loads from `hooks:`; no plugin package is involved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ENTRY = "Reference"
INDEX = "reference/README.md"


def on_config(config: Any) -> Any:
    nav: list[Any] | None = config["nav"]
    if nav is None:
        return config
    generated = Path(config["docs_dir"]) / "reference" / ".nav.yml"
    sections = yaml.safe_load(generated.read_text(encoding="utf-8"))
    for position, entry in enumerate(nav):
        if isinstance(entry, dict) and entry.get(ENTRY) == INDEX:
            nav[position] = {ENTRY: prefixed(sections, "reference/")}
            return config
    raise ValueError(f"mkdocs.yml's nav has no '- {ENTRY}: {INDEX}' entry to fill in")


def prefixed(entries: list[Any], folder: str) -> list[Any]:
    """`.nav.yml`'s paths are relative to docs/reference/; mkdocs wants them from docs/."""
    out: list[Any] = []
    for entry in entries:
        ((title, value),) = entry.items()
        out.append({title: prefixed(value, folder) if isinstance(value, list) else folder + value})
    return out
