"""How tests/docs/samples.py reads a page: blocks, hidden setup, markers and their mistakes."""

from __future__ import annotations

import re

import pytest

from tests.docs import samples


def _page(text: str) -> samples.Page:
    return samples.parse_text("docs/probe.md", text)


def test_blocks_setup_and_markers_in_page_order() -> None:
    page = _page("""# Title

<!-- sample: setup
x = 1
-->
```python
print(x)
```

<!-- sample: not-run (a real tenant's prompt) -->
```python
account.authenticate()
```

```sh
make docs
```

1. A step:

   ```python
   if x:
       y = 2
   ```
""")
    kinds = [(b.kind, b.line) for b in page.blocks]
    assert kinds == [("setup", 4), ("run", 7), ("not-run", 12), ("run", 22)]
    assert page.blocks[2].reason == "a real tenant's prompt"
    assert page.blocks[3].code == "if x:\n    y = 2\n"
    assert page.blocks[1].compiled() is not None


@pytest.mark.parametrize(("text", "error"), [
    ("<!-- sample: not-run -->\n```python\nx\n```\n", "probe.md:1: a `sample: not-run` marker needs a (reason)"),
    ("<!-- sample: skip (why) -->\n```python\nx\n```\n", "probe.md:1: unknown sample marker"),
    ("<!-- sample: setup\nx = 1\n", "probe.md:1: `sample: setup` comment is never closed"),
    ("<!-- sample: not-run (why) -->\n\nSome text.\n```python\nx\n```\n", "probe.md:3: a sample marker must be right before"),
    ("<!-- sample: other-client (why) -->\n```sh\nls\n```\n", "probe.md:2: a sample marker must precede a python block"),
    ("```python\nx = 1\n", "probe.md:1: code block is never closed"),
])
def test_marker_mistakes_are_reported_with_their_line(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=re.escape(error)):
        _page(text)
