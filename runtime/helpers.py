"""Generic value helpers that specs name in `kind: computed` operations."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}
_SKIP = {"script", "style", "head", "title"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(value: Any) -> str | None:
    """Readable plain text from an HTML body: tags, scripts and styles removed, blocks on lines."""
    if value is None:
        return None
    text = str(value)
    if "<" not in text:
        return html.unescape(text).strip()
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    joined = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in joined.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# getSchedule's availabilityView: one digit per interval.
AVAILABILITY_STATES = {
    "0": "free",
    "1": "tentative",
    "2": "busy",
    "3": "oof",
    "4": "workingElsewhere",
}


def decode_availability(value: Any) -> list[str] | None:
    """`"0221"` -> `["free", "busy", "busy", "tentative"]`; unknown digits become "unknown"."""
    if value is None:
        return None
    return [AVAILABILITY_STATES.get(ch, "unknown") for ch in str(value)]


def file_extension(value: Any) -> str | None:
    """`"report.final.PDF"` -> `".pdf"`; None when the name has no extension."""
    if not value:
        return None
    import os

    suffix = os.path.splitext(str(value))[1]
    return suffix.lower() or None


def dimensions(value: Any) -> str | None:
    """An image facet `{"width": 800, "height": 600}` as `"800x600"`."""
    if not isinstance(value, dict) or value.get("width") is None or value.get("height") is None:
        return None
    return f"{value['width']}x{value['height']}"


def present(value: Any) -> bool:
    """Whether a facet or value is there (`is_folder` reads the `folder` facet)."""
    return value is not None


def first_present(*values: Any) -> str | None:
    """The first value that is not None or empty, as text: a fallback chain (a user's
    `email` is their `mail`, else their `userPrincipalName`)."""
    for value in values:
        if value not in (None, "", [], {}):
            return str(value)
    return None


def a1_sheet(value: Any) -> str | None:
    """The sheet an A1 address names: `Sheet1!A1:B2` -> `Sheet1` (a Range's worksheet)."""
    from .a1 import sheet_of

    return sheet_of(value)


def a1_cells(value: Any) -> str | None:
    """An A1 address without its sheet: `Sheet1!A1:B2` -> `A1:B2`."""
    from .a1 import cells_of

    return cells_of(value)


def flag_is_complete(value: Any) -> bool:
    """A follow-up flag status is `complete` (python-o365's `flag.is_completed`)."""
    return str(getattr(value, "value", value)) == "complete"


def flag_is_set(value: Any) -> bool:
    """A follow-up flag status is `flagged` or `complete` (python-o365's `flag.is_flagged`)."""
    return str(getattr(value, "value", value)) in ("flagged", "complete")


def join_words(*values: Any) -> str:
    """The values that are set, joined by spaces (a full name from given name and surname)."""
    return " ".join(str(v) for v in values if v)


def value(found: Any) -> Any:
    """A nested value shown at the top (python-o365 flattens `list.template` to `template`)."""
    return found


def label_map(definitions: Any) -> dict[str, str]:
    """Definitions (a list's expanded `columns`) as display name -> name of the writable
    ones: python-o365's `column_name_cw`. Empty when the definitions were not sent."""
    if not isinstance(definitions, list):
        return {}
    return {str(row.get("displayName") or row["name"]): str(row["name"])
            for row in definitions if isinstance(row, dict) and row.get("name")
            and not row.get("readOnly")}


def first_facet(data: Any, *facets: str) -> str | None:
    """The first of `facets` present (as an object) in `data`: which kind a column is."""
    if not isinstance(data, dict):
        return None
    return next((name for name in facets if isinstance(data.get(name), dict)), None)
