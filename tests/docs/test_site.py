"""The docs site's navigation (mkdocs.yml plus the generated reference section) lists every
page once, and only pages that exist. `make docs` (mkdocs build --strict) checks the same and
the links; this runs in `make test`, where mkdocs is not installed."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.docs.samples import DOCS, ROOT


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reference_nav", DOCS / "_hooks" / "reference_nav.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _paths(nav: list[Any]) -> list[str]:
    found: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        found += _paths(value) if isinstance(value, list) else [value]
    return found


def _site_nav() -> list[Any]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / config["docs_dir"])
    nav: list[Any] = _hook().on_config(config)["nav"]
    return nav


def test_every_page_is_in_the_navigation_once() -> None:
    listed = _paths(_site_nav())
    on_disk = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
                     if "_hooks" not in p.parts)
    assert sorted(listed) == on_disk, "add the page to mkdocs.yml's nav (or remove the entry)"


def test_reference_section_comes_from_the_generator() -> None:
    (reference,) = [entry["Reference"] for entry in _site_nav()
                    if isinstance(entry, dict) and "Reference" in entry]
    assert reference[0] == {"Overview": "reference/README.md"}
    titles = [next(iter(section)) for section in reference[1:]]
    assert "Mail" in titles and titles[-1] == "Types"
    mail = next(section["Mail"] for section in reference[1:] if "Mail" in section)
    assert {"Message": "reference/Message.md"} in mail


def test_the_hook_refuses_a_nav_without_the_reference_entry(tmp_path: Path) -> None:
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / ".nav.yml").write_text("- Overview: README.md\n")
    config = {"docs_dir": str(tmp_path), "nav": [{"Home": "index.md"}]}
    with pytest.raises(ValueError, match="Reference"):
        _hook().on_config(config)


# A relative Markdown link: [text](path) or [text](path#anchor), not http(s):, mailto: or #anchor.
_LINK = re.compile(r"\[[^\]]*\]\((?!https?:|mailto:|#)(?P<target>[^)#\s]+)(?:#[^)]*)?\)")


def _relative_links(text: str) -> list[str]:
    return [m["target"] for m in _LINK.finditer(text)]


def test_the_readme_links_only_to_files_that_exist() -> None:
    """mkdocs checks the links between pages of the site; the README, read on GitHub, is not
    one of them, and its links to the guides (docs/tasks.md...) must not break silently."""
    readme = ROOT / "README.md"
    missing = sorted({t for t in _relative_links(readme.read_text(encoding="utf-8"))
                      if not (readme.parent / t).exists()})
    assert missing == [], f"README.md links to files that do not exist: {missing}"


def test_relative_links_are_found() -> None:
    text = "[a](docs/a.md) [b](docs/b.md#part) [c](https://x.org/c.md) [d](#local) [e](mailto:x@y)"
    assert _relative_links(text) == ["docs/a.md", "docs/b.md"]
