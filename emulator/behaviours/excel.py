"""Excel workbooks: the cells of real .xlsx files in the emulator's drive, read and written
with openpyxl (`pip install .[emulator]`).

Every route below `drives/{drive}/items/{item}/workbook` comes here (an `@subtree` hook): the
path is walked segment by segment (`worksheets/Sheet1/range(address='A1:B2')/format/font`)
to a node, and the node answers the method. A file uploaded through storage opens here; a
workbook changed here downloads as an .xlsx that Excel and openpyxl open (the change is
written back before the content is read).

Sessions (G: workbook-createsession.md, concepts/workbook-best-practice.md): persistent
sessions share the file's workbook; a non-persistent one works on a private copy that is
dropped when it ends. A session idle longer than the spec's limit (300 s persistent, 420 s
not, on the emulator's clock, which tests move forward with `POST /_emulator/clock`) is gone:
calls in it answer 404 with innerError `invalidSessionReCreatable`. Calls without a session
change the file directly. With `Prefer: respond-async`, createSession answers 202 and a
`Location` to `workbook/operations/{id}`, whose `resourceLocation` is the session info.

Formulas: see `excel_formulas` for what is computed; the text of any formula is kept.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import threading
import weakref
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import GraphError
from . import ActionContext, Response, behaviour
from .excel_formulas import FormulaError, evaluate, function_result

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook as Book
    from openpyxl.worksheet.worksheet import Worksheet as Sheet

    from ..graph import GraphApp

WORKBOOK = "microsoft.graph.workbook"
DRIVE_ITEM = "microsoft.graph.driveItem"
JSON = {"Content-Type": "application/json"}
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
MAX_RENDERED_CELLS = 1_000_000  # bigger ranges answer without their 2-D properties
EXPIRED = ("The session specified in the request does not exist or is invalid due to a "
           "transient error.")
BORDER_SIDES = ("EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical",
                "InsideHorizontal", "DiagonalDown", "DiagonalUp")
# (Graph style, weight) <-> openpyxl border style
_LINE_STYLES = {("Continuous", "Thin"): "thin", ("Continuous", "Medium"): "medium",
                ("Continuous", "Thick"): "thick", ("Continuous", "Hairline"): "hair",
                ("Dash", "Thin"): "dashed", ("Dash", "Medium"): "mediumDashed",
                ("Dot", "Thin"): "dotted", ("Double", "Thick"): "double",
                ("DashDot", "Thin"): "dashDot", ("DashDot", "Medium"): "mediumDashDot",
                ("DashDotDot", "Thin"): "dashDotDot",
                ("DashDotDot", "Medium"): "mediumDashDotDot",
                ("SlantDashDot", "Medium"): "slantDashDot"}
_GRAPH_LINES = {v: k for k, v in _LINE_STYLES.items()}
POINTS_PER_CHARACTER = 7.5  # Graph gives column widths in points, openpyxl in characters


def _error(status: int, code: str, message: str) -> GraphError:
    return GraphError(status, code, message)


def _json(status: int, body: Any) -> Response:
    return status, dict(JSON), json.dumps(body, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------------- state
@dataclass
class Session:
    id: str
    item_id: str
    persist: bool
    last_activity: float
    book: Book | None = None  # a non-persistent session's private copy


@dataclass
class OpenBook:
    """An item's workbook as openpyxl holds it, and whether the file is behind it."""

    book: Book
    source: bytes | None  # the stored content it was loaded from
    dirty: bool = False
    ids: dict[int, str] = field(default_factory=dict)  # id(sheet) -> worksheet id
    filters: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    protection: dict[str, dict[str, Any]] = field(default_factory=dict)


class ExcelState:
    """Open workbooks, sessions and operations of one emulator."""

    def __init__(self, app: GraphApp) -> None:
        self.app = app
        self.lock = threading.RLock()
        self.books: dict[str, OpenBook] = {}
        self.sessions: dict[str, Session] = {}
        self.operations: dict[str, dict[str, Any]] = {}
        self.session_keys: dict[str, dict[str, Any]] = {}
        spec = app.router.resource_for_type(WORKBOOK)
        settings = dict(spec.session) if spec is not None else {}
        self.idle_persistent = float(settings.get("idle_persistent", 300))  # type: ignore[arg-type]
        self.idle_transient = float(settings.get("idle_transient", 420))  # type: ignore[arg-type]
        if app.transfers is not None:
            app.transfers.before_read.append(self.flush)

    # -- files ------------------------------------------------------------------------------
    def open(self, item_id: str) -> OpenBook:
        from openpyxl import load_workbook

        transfers = self.app.transfers
        with transfers._lock:  # the stored bytes, without running the flush hooks (us)
            blob = transfers._blobs.get(item_id)
        content = blob.content if blob is not None else None
        found = self.books.get(item_id)
        if found is not None and (found.source is content or found.dirty):
            return found
        if content:
            try:
                book = load_workbook(io.BytesIO(content))
            except Exception:  # noqa: BLE001 - any unreadable file is "not a workbook"
                raise _error(400, "InvalidArgument", "The file is not a valid .xlsx workbook.") from None
        else:
            book = sample_book()  # a seeded file with no content yet
        opened = OpenBook(book, content)
        self.books[item_id] = opened
        return opened

    def operations_of(self, item_id: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in op.items() if k != "item"} for op in self.operations.values()
                if op.get("item") == item_id]

    def flush(self, item_id: str) -> None:
        """Write a changed workbook back into the file (before its content is read)."""
        with self.lock:
            opened = self.books.get(item_id)
            if opened is None or not opened.dirty:
                return
            buffer = io.BytesIO()
            opened.book.save(buffer)
            content = buffer.getvalue()
            self.app.transfers.put_content(
                item_id, content,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            opened.source = self.app.transfers._blobs[item_id].content
            opened.dirty = False
            record = self.app.store.get(DRIVE_ITEM, item_id)
            if record is not None:
                self.app.store.update(record, {"size": len(content)})

    def private_copy(self, item_id: str) -> Book:
        from openpyxl import load_workbook

        buffer = io.BytesIO()
        self.open(item_id).book.save(buffer)
        return load_workbook(io.BytesIO(buffer.getvalue()))

    # -- sessions ---------------------------------------------------------------------------
    def session_for(self, item_id: str, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        session = self.sessions.get(session_id)
        now = self.app.clock.now()
        if session is not None and session.item_id == item_id:
            limit = self.idle_persistent if session.persist else self.idle_transient
            if now - session.last_activity <= limit:
                session.last_activity = now
                return session
            del self.sessions[session_id]  # expired: gone, like Graph's
        raise GraphError(404, "itemNotFound", EXPIRED, inner_code="invalidSessionReCreatable")


def sample_book() -> Book:
    """What a seeded .xlsx without stored content opens as: a small budget with a table
    (Expenses), a total formula and a named range (Total), so every workbook object exists."""
    from openpyxl import Workbook as NewBook
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.table import Table, TableStyleInfo

    book = NewBook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Budget"
    for row in (["Category", "Amount"], ["Rent", 1200], ["Food", 450], ["Travel", 300]):
        sheet.append(row)
    sheet["D1"], sheet["D2"] = "Total", "=SUM(B2:B4)"
    table = Table(id=1, displayName="Expenses", ref="A1:B4")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    refresh_columns(sheet, table)
    book.defined_names["Total"] = DefinedName(name="Total", attr_text="Budget!$D$2")
    return book


_STATES: weakref.WeakKeyDictionary[Any, ExcelState] = weakref.WeakKeyDictionary()
_STATES_LOCK = threading.Lock()


def state_of(app: GraphApp) -> ExcelState:
    with _STATES_LOCK:
        found = _STATES.get(app)
        if found is None:
            found = _STATES[app] = ExcelState(app)
        return found


# ---------------------------------------------------------------------------------- paths
_SEGMENT = re.compile(r"^([A-Za-z$][A-Za-z0-9]*)\((.*)\)$")
_ARG = re.compile(r"\s*([A-Za-z]+)\s*=\s*('(?:[^']|'')*'|[^,]*)\s*(?:,|$)")


def split_path(rest: str) -> list[str]:
    """`worksheets/x/range(address='a/b')` -> segments, keeping quoted text whole."""
    out, current, quoted = [], "", False
    for char in rest:
        if char == "'":
            quoted = not quoted
        if char == "/" and not quoted:
            if current:
                out.append(current)
            current = ""
        else:
            current += char
    if current:
        out.append(current)
    return out


def call_of(segment: str) -> tuple[str, dict[str, Any]]:
    """`cell(row=1,column=2)` -> ("cell", {"row": 1, "column": 2})."""
    found = _SEGMENT.match(segment)
    if found is None:
        return segment, {}
    args: dict[str, Any] = {}
    for name, raw in _ARG.findall(found.group(2)):
        if raw.startswith("'"):
            args[name] = raw[1:-1].replace("''", "'")
        elif raw.lower() in ("true", "false"):
            args[name] = raw.lower() == "true"
        else:
            try:
                args[name] = int(raw)
            except ValueError:
                args[name] = raw
    return found.group(1), args


# ---------------------------------------------------------------------------------- cells
def col_label(index: int) -> str:  # 1-based
    label = ""
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def col_number(label: str) -> int:
    index = 0
    for char in label.upper():
        index = index * 26 + ord(char) - 64
    return index


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?$")


@dataclass(frozen=True)
class Area:
    """A rectangle of a sheet, 1-based and inclusive."""

    sheet: Sheet
    top: int
    left: int
    bottom: int
    right: int

    @property
    def rows(self) -> int:
        return self.bottom - self.top + 1

    @property
    def columns(self) -> int:
        return self.right - self.left + 1

    @property
    def cells(self) -> str:
        if self.left == 1 and self.right == MAX_COLUMNS:
            return f"{self.top}:{self.bottom}"
        if self.top == 1 and self.bottom == MAX_ROWS:
            return f"{col_label(self.left)}:{col_label(self.right)}"
        first = f"{col_label(self.left)}{self.top}"
        last = f"{col_label(self.right)}{self.bottom}"
        return first if first == last else f"{first}:{last}"

    @property
    def address(self) -> str:
        title = self.sheet.title
        name = title if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", title) else \
            "'" + title.replace("'", "''") + "'"
        return f"{name}!{self.cells}"

    def moved(self, top: int, left: int, bottom: int, right: int) -> Area:
        if not (1 <= top <= bottom <= MAX_ROWS and 1 <= left <= right <= MAX_COLUMNS):
            raise _error(400, "InvalidArgument", "The range would leave the worksheet.")
        return Area(self.sheet, top, left, bottom, right)


def parse_area(sheet: Sheet, text: str, book: Book | None = None) -> Area:
    """An A1 address on `sheet` (or the sheet it names, when `book` is given)."""
    text = text.strip()
    if "!" in text:
        named, _, text = text.rpartition("!")
        named = named[1:-1].replace("''", "'") if named.startswith("'") else named
        if book is None or named not in book.sheetnames:
            raise _error(400, "InvalidArgument", f"The worksheet '{named}' does not exist.")
        sheet = book[named]
    parts = text.split(":")
    if not 1 <= len(parts) <= 2:
        raise _error(400, "InvalidArgument", f"'{text}' is not a valid address.")
    found = [_A1.match(p) for p in parts]
    if any(m is None or (m.group(1) is None and m.group(2) is None) for m in found):
        raise _error(400, "InvalidArgument", f"'{text}' is not a valid address.")
    cols = [col_number(m.group(1)) if m and m.group(1) else None for m in found]
    rows = [int(m.group(2)) if m and m.group(2) else None for m in found]
    if len(parts) == 1 and (cols[0] is None or rows[0] is None):
        raise _error(400, "InvalidArgument", f"'{text}' is not a valid address.")
    left, right = (cols[0], cols[-1]) if cols[0] is not None else (1, MAX_COLUMNS)
    top, bottom = (rows[0], rows[-1]) if rows[0] is not None else (1, MAX_ROWS)
    left, right = min(left or 1, right or 1), max(left or 1, right or 1)
    top, bottom = min(top or 1, bottom or 1), max(top or 1, bottom or 1)
    return Area(sheet, top, left, bottom, right)


def used_area(sheet: Sheet, values_only: bool) -> Area:
    rows = [r for (r, c), cell in sheet._cells.items()
            if not values_only or cell.value not in (None, "")]
    if not rows:
        return Area(sheet, 1, 1, 1, 1)
    cols = [c for (r, c), cell in sheet._cells.items()
            if not values_only or cell.value not in (None, "")]
    return Area(sheet, min(rows), min(cols), max(rows), max(cols))


class Calculator:
    """Cell values with simple formulas computed (memoised for one request)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.memo: dict[tuple[str, int, int], Any] = {}
        self.active: set[tuple[str, int, int]] = set()

    def value(self, sheet: Sheet, row: int, column: int) -> Any:
        cell = sheet._cells.get((row, column))
        raw = cell.value if cell is not None else None
        if not (isinstance(raw, str) and raw.startswith("=")):
            return raw
        key = (sheet.title, row, column)
        if key in self.memo:
            return self.memo[key]
        if key in self.active:
            return FormulaError("#REF!")
        self.active.add(key)
        try:
            result: Any = evaluate(raw, sheet.title, self.cell, self.cells)
        except FormulaError as err:
            result = err
        finally:
            self.active.discard(key)
        self.memo[key] = result
        return result

    def _sheet(self, name: str | None) -> Sheet:
        if name is None or name not in self.book.sheetnames:
            raise FormulaError("#REF!")
        return self.book[name]

    def cell(self, name: str | None, row: int, column: int) -> Any:
        found = self.value(self._sheet(name), row, column)
        if isinstance(found, FormulaError):
            raise found
        return found

    def cells(self, name: str | None, top: int, left: int, bottom: int, right: int) -> list[Any]:
        sheet = self._sheet(name)
        out = []
        for (row, column) in list(sheet._cells):
            if top <= row <= bottom and left <= column <= right:
                found = self.value(sheet, row, column)
                if isinstance(found, FormulaError):
                    raise found
                out.append(found)
        return out


def _graph_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, FormulaError):
        return value.code
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if hasattr(value, "isoformat"):  # dates: Excel serial numbers
        from openpyxl.utils.datetime import to_excel

        return to_excel(value)  # type: ignore[no-untyped-call]
    return value


def _value_type(value: Any) -> str:
    if value is None or value == "":
        return "Empty"
    if isinstance(value, FormulaError):
        return "Error"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, (int, float)):
        return "Double"  # Graph reports every number as Double
    return "String"


def _text(value: Any, number_format: str) -> str:
    if isinstance(value, FormulaError):
        return value.code
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        decimals = re.fullmatch(r"#?,?#*0(?:\.(0+))?", number_format or "")
        if decimals is not None:
            places = len(decimals.group(1) or "")
            return f"{value:,.{places}f}" if "," in number_format else f"{value:.{places}f}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return str(value)


def render_range(area: Area, calc: Calculator, select: set[str] | None) -> dict[str, Any]:
    """A workbookRange, its 2-D properties only as far as `select` asks (or all)."""
    out: dict[str, Any] = {}

    def wanted(name: str) -> bool:
        return select is None or name in select

    plain = {"address": area.address, "addressLocal": area.address,
             "cellCount": area.rows * area.columns, "columnCount": area.columns,
             "rowCount": area.rows, "columnIndex": area.left - 1, "rowIndex": area.top - 1,
             "columnHidden": False, "rowHidden": False, "hidden": False}
    out.update({k: v for k, v in plain.items() if wanted(k)})
    grids = [n for n in ("values", "text", "formulas", "formulasLocal", "formulasR1C1",
                         "numberFormat", "valueTypes") if wanted(n)]
    if not grids:
        return out
    if area.rows * area.columns > MAX_RENDERED_CELLS:
        if select is not None:
            raise _error(413, "requestSizeExceeded",
                         "The range is too large for one response; read it in smaller ranges.")
        return out
    sheet = area.sheet
    cells = sheet._cells
    result: dict[str, list[list[Any]]] = {name: [] for name in grids}
    for row in range(area.top, area.bottom + 1):
        rows: dict[str, list[Any]] = {name: [] for name in grids}
        for column in range(area.left, area.right + 1):
            cell = cells.get((row, column))
            raw = cell.value if cell is not None else None
            value = calc.value(sheet, row, column) if cell is not None else None
            fmt = cell.number_format if cell is not None else "General"
            if "values" in rows:
                rows["values"].append(_graph_value(value))
            if "text" in rows:
                rows["text"].append(_text(value, fmt))
            for name in ("formulas", "formulasLocal", "formulasR1C1"):
                if name in rows:
                    rows[name].append(raw if isinstance(raw, str) and raw.startswith("=")
                                      else _graph_value(raw))
            if "numberFormat" in rows:
                rows["numberFormat"].append(fmt)
            if "valueTypes" in rows:
                rows["valueTypes"].append(_value_type(value))
        for name in grids:
            result[name].append(rows[name])
    out.update(result)
    return out


def write_grid(area: Area, values: Any, kind: str) -> None:
    """PATCH a range's `values`/`formulas`/`numberFormat`: a 2-D list of its shape (or one
    value for every cell); null leaves a cell as it is."""
    if not isinstance(values, list):
        values = [[values] * area.columns for _ in range(area.rows)]
    if len(values) != area.rows or any(not isinstance(r, list) or len(r) != area.columns
                                       for r in values):
        raise _error(400, "InvalidArgument",
                     f"The number of rows or columns in the input array doesn't match the size "
                     f"or dimensions of the range ({area.rows} x {area.columns}).")
    sheet = area.sheet
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value is None:
                continue
            cell = sheet.cell(row=area.top + r, column=area.left + c)
            if kind == "numberFormat":
                cell.number_format = str(value)
            elif value == "":
                cell.value = None
            else:
                cell.value = value


# ---------------------------------------------------------------------------------- nodes
@dataclass
class Ctx:
    """What a request works on: the app's Excel state, the item's workbook, the session."""

    state: ExcelState
    app: GraphApp
    item_id: str
    base: str  # drives/{d}/items/{i}/workbook, as requested
    opened: OpenBook
    book: Book
    session: Session | None
    method: str
    body: Any
    select: set[str] | None
    calc: Calculator
    headers: dict[str, str]

    def changed(self) -> None:
        if self.session is None or self.session.persist:
            self.opened.dirty = True


def sheet_position(book: Book, sheet: Sheet) -> int:
    return next(i for i, each in enumerate(book.worksheets) if each is sheet)


def sheet_id(ctx: Ctx, sheet: Sheet) -> str:
    ids = ctx.opened.ids
    if id(sheet) not in ids:
        number = len(ids) + 1
        ids[id(sheet)] = f"{{00000000-0001-0000-{number:04d}-000000000000}}"
    return ids[id(sheet)]


def find_sheet(ctx: Ctx, key: str) -> Sheet:
    for sheet in ctx.book.worksheets:
        if sheet.title == key or sheet_id(ctx, sheet) == key:
            return sheet
    raise _error(404, "ItemNotFound", f"The worksheet '{key}' was not found.")


def render_sheet(ctx: Ctx, sheet: Sheet) -> dict[str, Any]:
    visibility = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}
    return {"id": sheet_id(ctx, sheet), "name": sheet.title,
            "position": sheet_position(ctx.book, sheet),
            "visibility": visibility.get(sheet.sheet_state, "Visible")}


_SHEET_NAME = re.compile(r"^[^\[\]:*?/\\]{1,31}$")


def check_sheet_name(ctx: Ctx, name: Any, current: Sheet | None = None) -> str:
    if not isinstance(name, str) or not _SHEET_NAME.match(name) or name.startswith("'"):
        raise _error(400, "InvalidArgument", "The worksheet name is not valid: 1 to 31 "
                     "characters, none of [ ] : * ? / \\.")
    if any(s.title.casefold() == name.casefold() and s is not current for s in ctx.book.worksheets):
        raise _error(409, "ItemAlreadyExists", f"A worksheet named '{name}' already exists.")
    return name


# -- tables ---------------------------------------------------------------------------------
def all_tables(ctx: Ctx, sheet: Sheet | None = None) -> Iterator[tuple[Sheet, Any]]:
    for each in ctx.book.worksheets:
        if sheet is None or each is sheet:
            for table in each.tables.values():
                yield each, table


def find_table(ctx: Ctx, key: str, sheet: Sheet | None = None) -> tuple[Sheet, Any]:
    for each, table in all_tables(ctx, sheet):
        if str(table.id) == key or table.displayName == key:
            return each, table
    raise _error(404, "ItemNotFound", f"The table '{key}' was not found.")


def table_area(sheet: Sheet, table: Any) -> Area:
    return parse_area(sheet, table.ref)


def _header_rows(table: Any) -> int:
    return 0 if table.headerRowCount == 0 else 1


def _totals_rows(table: Any) -> int:
    return 1 if table.totalsRowCount else 0


def body_area(sheet: Sheet, table: Any) -> Area | None:
    whole = table_area(sheet, table)
    top, bottom = whole.top + _header_rows(table), whole.bottom - _totals_rows(table)
    return whole.moved(top, whole.left, bottom, whole.right) if bottom >= top else None


def render_table(table: Any) -> dict[str, Any]:
    style = table.tableStyleInfo
    return {"id": str(table.id), "name": table.displayName,
            "showHeaders": _header_rows(table) == 1, "showTotals": _totals_rows(table) == 1,
            "style": style.name if style is not None else None,
            "highlightFirstColumn": bool(style.showFirstColumn) if style else False,
            "highlightLastColumn": bool(style.showLastColumn) if style else False,
            "showBandedRows": bool(style.showRowStripes) if style else False,
            "showBandedColumns": bool(style.showColumnStripes) if style else False,
            "showFilterButton": table.autoFilter is not None, "legacyId": str(table.id)}


def set_ref(sheet: Sheet, table: Any, area: Area) -> None:
    table.ref = area.cells
    if table.autoFilter is not None:
        table.autoFilter.ref = area.moved(area.top, area.left,
                                          area.bottom - _totals_rows(table), area.right).cells


def add_table(ctx: Ctx, sheet: Sheet, address: Any, has_headers: Any) -> tuple[Sheet, Any]:
    from openpyxl.worksheet.table import Table, TableStyleInfo

    if not isinstance(address, str):
        raise _error(400, "InvalidArgument", "address is required.")
    area = parse_area(sheet, address, ctx.book)
    sheet = area.sheet
    for other_sheet, other in all_tables(ctx, sheet):
        o = table_area(other_sheet, other)
        if not (o.bottom < area.top or area.bottom < o.top or o.right < area.left
                or area.right < o.left):
            raise _error(400, "InvalidArgument", "A table can't overlap another table.")
    if not has_headers:  # Graph inserts a header row above the data
        shift_rows(sheet, area.top, area.left, area.right, 1)
        area = area.moved(area.top, area.left, area.bottom + 1, area.right)
        for offset in range(area.columns):
            sheet.cell(row=area.top, column=area.left + offset, value=f"Column{offset + 1}")
    else:
        seen: set[str] = set()
        for offset in range(area.columns):  # headers are unique texts
            cell = sheet.cell(row=area.top, column=area.left + offset)
            text = str(cell.value) if cell.value not in (None, "") else f"Column{offset + 1}"
            while text in seen:
                text += "2"
            seen.add(text)
            cell.value = text
    number = 1 + max((int(t.id) for _, t in all_tables(ctx)), default=0)
    table = Table(id=number, displayName=f"Table{number}", ref=area.cells)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True,
                                          showColumnStripes=False)
    sheet.add_table(table)
    refresh_columns(sheet, table)
    return sheet, table


def shift_rows(sheet: Sheet, from_row: int, left: int, right: int, count: int) -> None:
    """Move the cells of columns left..right at and below `from_row` down (count > 0) or up."""
    rows = sorted({r for (r, c) in sheet._cells if r >= from_row and left <= c <= right},
                  reverse=count > 0)
    for row in rows:
        for column in range(left, right + 1):
            source: Any = sheet._cells.get((row, column))
            target: Any = sheet.cell(row=row + count, column=column)
            target.value = source.value if source is not None else None
            if source is not None:
                target._style = copy(source._style)
                source.value = None


def table_rows(ctx: Ctx, sheet: Sheet, table: Any) -> list[list[Any]]:
    body = body_area(sheet, table)
    if body is None:
        return []
    rendered = render_range(body, ctx.calc, {"values"})
    return rendered["values"]  # type: ignore[no-any-return]


def add_rows(ctx: Ctx, sheet: Sheet, table: Any, values: Any, index: Any) -> int:
    if isinstance(values, list) and values and not isinstance(values[0], list):
        values = [values]
    whole = table_area(sheet, table)
    if not isinstance(values, list) or not values or \
            any(not isinstance(v, list) or len(v) != whole.columns for v in values):
        raise _error(400, "InvalidArgument", f"Each row must have {whole.columns} values.")
    body = body_area(sheet, table)
    count = body.rows if body is not None else 0
    if index is None:
        index = count
    if not isinstance(index, int) or not 0 <= index <= count:
        raise _error(400, "InvalidArgument", "The index is out of range.")
    first = whole.top + _header_rows(table) + index
    below = first
    shift_rows(sheet, below, whole.left, whole.right, len(values))
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            sheet.cell(row=first + r, column=whole.left + c, value=None if value == "" else value)
    set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom + len(values),
                                      whole.right))
    return int(index)


def render_row(ctx: Ctx, sheet: Sheet, table: Any, index: int) -> dict[str, Any]:
    body = body_area(sheet, table)
    if body is None or not 0 <= index < body.rows:
        raise _error(404, "ItemNotFound", f"The row {index} was not found.")
    row = body.moved(body.top + index, body.left, body.top + index, body.right)
    return {"index": index, "values": render_range(row, ctx.calc, {"values"})["values"]}


def render_column(ctx: Ctx, sheet: Sheet, table: Any, index: int) -> dict[str, Any]:
    whole = table_area(sheet, table)
    if not 0 <= index < whole.columns:
        raise _error(404, "ItemNotFound", f"The column {index} was not found.")
    column = whole.moved(whole.top, whole.left + index, whole.bottom, whole.left + index)
    values = render_range(column, ctx.calc, {"values"})["values"]
    name = table.tableColumns[index].name if index < len(table.tableColumns) else values[0][0]
    return {"id": str(index + 1), "index": index, "name": name, "values": values}


def find_column(sheet: Sheet, table: Any, key: Any) -> int:
    whole = table_area(sheet, table)
    names = [str(sheet.cell(row=whole.top, column=whole.left + i).value) for i in range(whole.columns)]
    text = str(key)
    if text in names:
        return names.index(text)
    if text.isdigit() and 1 <= int(text) <= whole.columns:
        return int(text) - 1
    raise _error(404, "ItemNotFound", f"The column '{key}' was not found.")


def refresh_columns(sheet: Sheet, table: Any) -> None:
    from openpyxl.worksheet.table import TableColumn

    whole = table_area(sheet, table)
    table.tableColumns = [
        TableColumn(id=i + 1, name=str(sheet.cell(row=whole.top, column=whole.left + i).value
                                       or f"Column{i + 1}"))
        for i in range(whole.columns)]


# -- formats --------------------------------------------------------------------------------
def render_format(area: Area) -> dict[str, Any]:
    sheet = area.sheet
    cell = sheet.cell(row=area.top, column=area.left)
    letter = col_label(area.left)
    width = sheet.column_dimensions[letter].width if letter in sheet.column_dimensions else None
    height = sheet.row_dimensions[area.top].height if area.top in sheet.row_dimensions else None
    align = cell.alignment
    return {"columnWidth": round((width or 8.43) * POINTS_PER_CHARACTER, 2),
            "rowHeight": height if height is not None else 15.0,
            "horizontalAlignment": _cap(align.horizontal) or "General",
            "verticalAlignment": _cap(align.vertical) or "Bottom",
            "wrapText": bool(align.wrap_text)}


def _cap(text: str | None) -> str | None:
    if not text:
        return None
    return {"centerContinuous": "CenterAcrossSelection"}.get(text, text[0].upper() + text[1:])


def _low(text: Any) -> str | None:
    if not isinstance(text, str) or text in ("General", ""):
        return None
    return {"CenterAcrossSelection": "centerContinuous"}.get(text, text[0].lower() + text[1:])


def each_cell(area: Area) -> Iterator[Any]:
    if area.rows * area.columns > MAX_RENDERED_CELLS:
        raise _error(400, "InvalidArgument", "Formats can be set on up to a million cells.")
    for row in range(area.top, area.bottom + 1):
        for column in range(area.left, area.right + 1):
            yield area.sheet.cell(row=row, column=column)


def update_format(area: Area, body: dict[str, Any]) -> None:

    sheet = area.sheet
    if "columnWidth" in body:
        for column in range(area.left, min(area.right, area.left + 1000) + 1):
            sheet.column_dimensions[col_label(column)].width = \
                float(body["columnWidth"]) / POINTS_PER_CHARACTER
    if "rowHeight" in body:
        for row in range(area.top, min(area.bottom, area.top + 100_000) + 1):
            sheet.row_dimensions[row].height = float(body["rowHeight"])
    keys = {"horizontalAlignment": "horizontal", "verticalAlignment": "vertical",
            "wrapText": "wrap_text"}
    if any(k in body for k in keys):
        for cell in each_cell(area):
            align = copy(cell.alignment)
            for graph, attr in keys.items():
                if graph in body:
                    setattr(align, attr, bool(body[graph]) if attr == "wrap_text"
                            else _low(body[graph]))
            cell.alignment = align


def _color(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).lstrip("#")
    names = {"red": "FF0000", "green": "008000", "blue": "0000FF", "yellow": "FFFF00",
             "black": "000000", "white": "FFFFFF", "orange": "FFA500", "gray": "808080"}
    text = names.get(text.lower(), text)
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        raise _error(400, "InvalidArgument", f"'{value}' is not a colour.")
    return "FF" + text.upper()


def _graph_color(color: Any) -> str | None:
    rgb = getattr(color, "rgb", None) if color is not None else None
    if not isinstance(rgb, str) or len(rgb) < 6:
        return None
    return "#" + rgb[-6:]


def render_font(area: Area) -> dict[str, Any]:
    font = area.sheet.cell(row=area.top, column=area.left).font
    underline = {"single": "Single", "double": "Double", "singleAccounting": "SingleAccountant",
                 "doubleAccounting": "DoubleAccountant"}.get(font.underline or "", "None")
    return {"bold": bool(font.b), "italic": bool(font.i), "color": _graph_color(font.color) or "#000000",
            "name": font.name or "Calibri", "size": float(font.sz or 11), "underline": underline}


def update_font(area: Area, body: dict[str, Any]) -> None:

    underline = {"None": None, "Single": "single", "Double": "double",
                 "SingleAccountant": "singleAccounting", "DoubleAccountant": "doubleAccounting"}
    if "underline" in body and body["underline"] not in underline:
        raise _error(400, "InvalidArgument", f"'{body['underline']}' is not an underline style.")
    color = _color(body.get("color")) if "color" in body else None
    for cell in each_cell(area):
        font = copy(cell.font)
        if "bold" in body:
            font.b = bool(body["bold"])
        if "italic" in body:
            font.i = bool(body["italic"])
        if "name" in body:
            font.name = str(body["name"])
        if "size" in body:
            font.sz = float(body["size"])
        if "underline" in body:
            font.u = underline[body["underline"]]
        if "color" in body:
            font.color = color
        cell.font = font


def render_fill(area: Area) -> dict[str, Any]:
    fill = area.sheet.cell(row=area.top, column=area.left).fill
    solid = fill is not None and fill.fill_type == "solid"
    return {"color": _graph_color(fill.fgColor) if solid else None}


def update_fill(area: Area, color: Any) -> None:
    from openpyxl.styles import PatternFill

    rgb = _color(color)
    fill = PatternFill(fill_type="solid", fgColor=rgb) if rgb else PatternFill(fill_type=None)
    for cell in each_cell(area):
        cell.fill = fill


def _side_of(area: Area, side: str) -> Any:
    cell = area.sheet.cell(row=area.top, column=area.left)
    border = cell.border
    attr = {"EdgeTop": "top", "EdgeBottom": "bottom", "EdgeLeft": "left", "EdgeRight": "right",
            "InsideVertical": "right", "InsideHorizontal": "bottom",
            "DiagonalDown": "diagonal", "DiagonalUp": "diagonal"}[side]
    return getattr(border, attr)


def render_border(area: Area, side: str) -> dict[str, Any]:
    found = _side_of(area, side)
    style, weight = _GRAPH_LINES.get(found.style, ("None", "Thin")) if found is not None and \
        found.style else ("None", "Thin")
    return {"id": side, "sideIndex": side, "style": style, "weight": weight,
            "color": _graph_color(found.color) if found is not None else None}


def update_border(area: Area, side: str, body: dict[str, Any]) -> None:

    from openpyxl.styles import Side

    current = render_border(area, side)
    style = body.get("style", current["style"])
    weight = body.get("weight", current["weight"])
    if style == "None":
        line = None
    else:
        line = _LINE_STYLES.get((style, weight)) or _LINE_STYLES.get((style, "Thin"))
        if line is None:
            raise _error(400, "InvalidArgument", f"'{style}' is not a border style.")
    color = _color(body.get("color", current["color"]) or "#000000")
    new = Side(style=line, color=color)  # type: ignore[arg-type]
    for cell in each_cell(area):
        row, column = cell.row, cell.column
        edges = {"EdgeTop": row == area.top, "EdgeBottom": row == area.bottom,
                 "EdgeLeft": column == area.left, "EdgeRight": column == area.right,
                 "InsideVertical": column < area.right, "InsideHorizontal": row < area.bottom,
                 "DiagonalDown": True, "DiagonalUp": True}
        if not edges[side]:
            continue
        border = copy(cell.border)
        attr = {"EdgeTop": "top", "EdgeBottom": "bottom", "EdgeLeft": "left",
                "EdgeRight": "right", "InsideVertical": "right", "InsideHorizontal": "bottom",
                "DiagonalDown": "diagonal", "DiagonalUp": "diagonal"}[side]
        setattr(border, attr, new)
        if side == "DiagonalDown":
            border.diagonalDown = True
        if side == "DiagonalUp":
            border.diagonalUp = True
        cell.border = border


def autofit(area: Area, columns: bool) -> None:
    sheet = area.sheet
    used = used_area(sheet, True)
    if columns:
        for column in range(area.left, min(area.right, used.right) + 1):
            longest = max((len(str(c.value)) for (r, col), c in sheet._cells.items()
                           if col == column and c.value is not None), default=8)
            sheet.column_dimensions[col_label(column)].width = longest + 2
    else:
        for row in range(area.top, min(area.bottom, used.bottom) + 1):
            sheet.row_dimensions[row].height = 15.0


# -- names ----------------------------------------------------------------------------------
def all_names(ctx: Ctx, sheet: Sheet | None) -> dict[str, Any]:
    return dict(sheet.defined_names if sheet is not None else ctx.book.defined_names)


def render_name(name: Any, scope: str) -> dict[str, Any]:
    text = str(name.attr_text or "")
    is_range = bool(re.match(r"^(?:'[^']+'|[^!=]+)!\$?[A-Z]+\$?\d+", text))
    return {"name": name.name, "comment": name.comment, "scope": scope,
            "type": "Range" if is_range else "String", "value": text.lstrip("="),
            "visible": not bool(name.hidden)}


def add_name(ctx: Ctx, sheet: Sheet | None, body: dict[str, Any], formula: bool) -> dict[str, Any]:
    from openpyxl.workbook.defined_name import DefinedName

    name = body.get("name")
    reference = body.get("formula" if formula else "reference")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_\\][A-Za-z0-9_.]*", name) or \
            not isinstance(reference, str) or not reference:
        raise _error(400, "InvalidArgument", "A name and a reference are required.")
    names = sheet.defined_names if sheet is not None else ctx.book.defined_names
    if name in names:
        raise _error(409, "ItemAlreadyExists", f"The name '{name}' already exists.")
    defined = DefinedName(name=name, attr_text=reference.lstrip("="),
                          comment=body.get("comment") or None)
    names[name] = defined
    return render_name(defined, sheet.title if sheet is not None else "Workbook")


def find_name(ctx: Ctx, key: str, sheet: Sheet | None) -> tuple[Any, str]:
    if sheet is not None:
        found = sheet.defined_names.get(key)
        if found is not None:
            return found, sheet.title
    found = ctx.book.defined_names.get(key)
    if found is None:
        for each in ctx.book.worksheets:
            if key in each.defined_names:
                return each.defined_names[key], each.title
        raise _error(404, "ItemNotFound", f"The name '{key}' was not found.")
    return found, "Workbook"


def name_area(ctx: Ctx, name: Any) -> Area:
    text = str(name.attr_text or "").lstrip("=")
    if "!" not in text:
        raise _error(400, "InvalidArgument", f"The name '{name.name}' is not a range.")
    return parse_area(ctx.book.worksheets[0], text.replace("$", ""), ctx.book)


# -- sorting --------------------------------------------------------------------------------
def sort_rows(ctx: Ctx, area: Area, fields: Any, has_headers: bool = False) -> None:
    if not isinstance(fields, list) or not fields:
        raise _error(400, "InvalidArgument", "fields is required.")
    top = area.top + (1 if has_headers else 0)
    if top > area.bottom:
        return
    body = area.moved(top, area.left, area.bottom, area.right)
    sheet = area.sheet
    rows = [[sheet._cells.get((r, c)).value if (r, c) in sheet._cells else None  # type: ignore[union-attr]
             for c in range(body.left, body.right + 1)] for r in range(body.top, body.bottom + 1)]

    def key_of(row: list[Any], index: int) -> tuple[int, Any]:
        value = row[index]
        if value is None:
            return (2, "")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (0, value)
        return (1, str(value).casefold())

    for spec in reversed(fields):
        index = int(spec.get("key", 0)) if isinstance(spec, dict) else 0
        if not 0 <= index < body.columns:
            raise _error(400, "InvalidArgument", "A sort key is outside the range.")
        rows.sort(key=lambda row: key_of(row, index),
                  reverse=isinstance(spec, dict) and spec.get("ascending") is False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.cell(row=body.top + r, column=body.left + c, value=value)


# ---------------------------------------------------------------------------------- serving
@behaviour(WORKBOOK, "@subtree")
def serve(ctx: ActionContext) -> Response:
    app, request = ctx.app, ctx.request
    state = state_of(app)
    found = re.match(r"^(drives/[^/]+/items/([^/]+)/workbook)(?:/(.*))?$", request.path)
    if found is None:
        raise _error(400, "BadRequest", "Workbooks are reached as drives/{id}/items/{id}/workbook.")
    base, item_id, rest = found.group(1), found.group(2), found.group(3) or ""
    record = app.object_by_path(f"drives/{ctx.params.get('drive_id', '')}/items/{item_id}")
    name = str(record.data.get("name") or "")
    if record.data.get("folder") is not None or not name.lower().endswith(".xlsx"):
        raise _error(400, "InvalidArgument", "The item is not an Excel workbook (.xlsx).")
    segments = split_path(rest)
    with state.lock:
        if segments and segments[0] == "createSession":
            return create_session(state, request, item_id, base)
        if segments and segments[0] == "operations" and len(segments) == 2:
            return _operation(state, segments[1])
        if segments == ["operations"]:
            return _json(200, {"value": state.operations_of(item_id)})
        if segments and segments[0].startswith("sessionInfoResource("):
            return _json(200, state.session_keys.get(call_of(segments[0])[1].get("key", ""))
                         or _missing("session"))
        session = state.session_for(item_id, request.headers.get("workbook-session-id"))
        if segments and segments[0] in ("refreshSession", "closeSession"):
            if session is None:
                raise _error(400, "InvalidArgument", "The workbook-session-id header is missing.")
            if segments[0] == "closeSession":
                state.sessions.pop(session.id, None)
                if session.persist:
                    state.flush(item_id)
            return 204, {}, b""
        opened = state.open(item_id)
        book = opened.book
        if session is not None and not session.persist:
            if session.book is None:
                session.book = state.private_copy(item_id)
            book = session.book
        select = request.q("$select")
        body = request.json_body() if request.method in ("POST", "PATCH", "PUT") else None
        work = Ctx(state, app, item_id, base, opened, book, session, request.method, body,
                   set(select.split(",")) if select else None, Calculator(book),
                   request.headers)
        return walk(work, segments)


def _missing(what: str) -> dict[str, Any]:
    raise _error(404, "ItemNotFound", f"The {what} was not found.")


def create_session(state: ExcelState, request: Any, item_id: str, base: str) -> Response:
    body = request.json_body() or {}
    persist = bool(body.get("persistChanges", True)) if isinstance(body, dict) else True
    session_id = secrets.token_urlsafe(24)
    state.open(item_id)  # a file that is no workbook fails here, before a session exists
    state.sessions[session_id] = Session(session_id, item_id, persist, state.app.clock.now())
    info = {"id": session_id, "persistChanges": persist}
    if "respond-async" not in request.headers.get("prefer", ""):
        return _json(201, info)
    key = secrets.token_urlsafe(12)
    operation = secrets.token_urlsafe(12)
    root = f"{state.app.base_url()}v1.0/{base}"
    state.session_keys[key] = info
    state.operations[operation] = {
        "id": operation, "status": "succeeded", "item": item_id,
        "resourceLocation": f"{root}/sessionInfoResource(key='{key}')"}
    return 202, {"Location": f"{root}/operations/{operation}"}, b""


def _operation(state: ExcelState, operation_id: str) -> Response:
    found = state.operations.get(operation_id)
    if found is None:
        raise _error(404, "ItemNotFound", "The operation was not found.")
    return _json(200, {k: v for k, v in found.items() if k != "item"})


def walk(ctx: Ctx, segments: list[str]) -> Response:
    """Follow the path from the workbook to the node it names, and answer the method there."""
    method = ctx.method
    if not segments:
        return _json(200, {"id": ctx.item_id})
    head, rest = segments[0], segments[1:]
    if head == "worksheets":
        return worksheets(ctx, rest)
    if head == "tables":
        return tables(ctx, None, rest)
    if head == "names":
        return names(ctx, None, rest)
    if head == "application":
        if rest == ["calculate"]:
            kind = (ctx.body or {}).get("calculationType", "Recalculate")
            if kind not in ("Recalculate", "Full", "FullRebuild"):
                raise _error(400, "InvalidArgument", f"'{kind}' is not a calculation type.")
            return 204, {}, b""
        return _json(200, {"calculationMode": "Automatic"})
    if head == "functions" and len(rest) == 1 and method == "POST":
        return function(ctx, rest[0])
    raise _error(400, "BadRequest", f"Resource not found for the segment '{head}'.")


def function(ctx: Ctx, name: str) -> Response:
    calc = ctx.calc
    args = ctx.body if isinstance(ctx.body, dict) else {}
    try:
        value = function_result(name, args, lambda s, t, lf, b, r: calc.cells(
            s or ctx.book.worksheets[0].title, t, lf, b, r))
        return _json(200, {"@odata.type": "#microsoft.graph.workbookFunctionResult",
                           "error": None, "value": _graph_value(value)})
    except FormulaError as err:
        return _json(200, {"@odata.type": "#microsoft.graph.workbookFunctionResult",
                           "error": err.code, "value": None})


def worksheets(ctx: Ctx, rest: list[str]) -> Response:
    book = ctx.book
    if not rest:
        if ctx.method == "POST":  # POST /worksheets (python-o365) creates one too
            return add_sheet(ctx)
        return _json(200, {"value": [render_sheet(ctx, s) for s in book.worksheets]})
    if rest == ["add"]:
        return add_sheet(ctx)
    sheet = find_sheet(ctx, rest[0])
    rest = rest[1:]
    if not rest:
        if ctx.method == "DELETE":
            if len(book.worksheets) == 1:
                raise _error(400, "InvalidArgument", "A workbook must keep one worksheet.")
            book.remove(sheet)
            ctx.changed()
            return 204, {}, b""
        if ctx.method == "PATCH":
            body = ctx.body or {}
            if "name" in body:
                sheet.title = check_sheet_name(ctx, body["name"], sheet)
            if "position" in body:
                position = body["position"]
                if not isinstance(position, int) or not 0 <= position < len(book.worksheets):
                    raise _error(400, "InvalidArgument", "The position is out of range.")
                book.move_sheet(sheet, position - sheet_position(book, sheet))
            if "visibility" in body:
                states = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}
                if body["visibility"] not in states:
                    raise _error(400, "InvalidArgument", "visibility is Visible, Hidden or VeryHidden.")
                sheet.sheet_state = states[body["visibility"]]  # type: ignore[assignment]
            ctx.changed()
        return _json(200, render_sheet(ctx, sheet))
    name, args = call_of(rest[0])
    if name == "range":
        area = parse_area(sheet, args["address"]) if "address" in args else \
            Area(sheet, 1, 1, MAX_ROWS, MAX_COLUMNS)
        return range_node(ctx, area, rest[1:])
    if name == "usedRange":
        return range_node(ctx, used_area(sheet, bool(args.get("valuesOnly", False))), rest[1:])
    if name == "cell":
        row, column = int(args.get("row", 0)), int(args.get("column", 0))
        return range_node(ctx, Area(sheet, 1, 1, 1, 1).moved(row + 1, column + 1, row + 1,
                                                             column + 1), rest[1:])
    if name == "tables":
        return tables(ctx, sheet, rest[1:])
    if name == "names":
        return names(ctx, sheet, rest[1:])
    if name == "protection":
        return protection(ctx, sheet, rest[1:])
    raise _error(400, "BadRequest", f"Resource not found for the segment '{rest[0]}'.")


def add_sheet(ctx: Ctx) -> Response:
    body = ctx.body or {}
    name = body.get("name")
    if name is None:
        number = len(ctx.book.worksheets) + 1
        while f"Sheet{number}" in ctx.book.sheetnames:
            number += 1
        name = f"Sheet{number}"
    sheet = ctx.book.create_sheet(check_sheet_name(ctx, name))
    ctx.changed()
    return _json(201, render_sheet(ctx, sheet))


def protection(ctx: Ctx, sheet: Sheet, rest: list[str]) -> Response:
    key = sheet_id(ctx, sheet)
    current = ctx.opened.protection.setdefault(key, {})
    if rest == ["protect"]:
        if sheet.protection.sheet:
            raise _error(409, "InvalidOperation", "The worksheet is already protected.")
        sheet.protection.sheet = True
        options = (ctx.body or {}).get("options") or {}
        current.clear()
        current.update(options if isinstance(options, dict) else {})
        ctx.changed()
        return 204, {}, b""
    if rest == ["unprotect"]:
        sheet.protection.sheet = False
        current.clear()
        ctx.changed()
        return 204, {}, b""
    names_ = ("allowAutoFilter", "allowDeleteColumns", "allowDeleteRows", "allowFormatCells",
              "allowFormatColumns", "allowFormatRows", "allowInsertColumns",
              "allowInsertHyperlinks", "allowInsertRows", "allowPivotTables", "allowSort")
    options = {n: bool(current.get(n, False)) for n in names_}
    return _json(200, {"protected": bool(sheet.protection.sheet), "options": options})


def tables(ctx: Ctx, sheet: Sheet | None, rest: list[str]) -> Response:
    if not rest:
        if ctx.method == "POST":
            rest = ["add"]
        else:
            return _json(200, {"value": [render_table(t) for _, t in all_tables(ctx, sheet)]})
    if rest == ["add"]:
        body = ctx.body or {}
        where = sheet or ctx.book.worksheets[0]
        added_sheet, table = add_table(ctx, where, body.get("address"), body.get("hasHeaders", True))
        ctx.changed()
        return _json(201, render_table(table))
    owner, table = find_table(ctx, rest[0], sheet)
    return table_node(ctx, owner, table, rest[1:])


def table_node(ctx: Ctx, sheet: Sheet, table: Any, rest: list[str]) -> Response:
    method = ctx.method
    if not rest:
        if method == "DELETE":
            area = table_area(sheet, table)
            for cell in each_cell(area):
                cell.value = None
            del sheet.tables[table.displayName]
            ctx.changed()
            return 204, {}, b""
        if method == "PATCH":
            update_table(ctx, sheet, table, ctx.body or {})
        return _json(200, render_table(table))
    name, args = call_of(rest[0])
    tail = rest[1:]
    body = body_area(sheet, table)
    whole = table_area(sheet, table)
    if name == "rows":
        return rows_node(ctx, sheet, table, tail)
    if name == "columns":
        return columns_node(ctx, sheet, table, tail)
    if name == "dataBodyRange":
        area = body or whole.moved(whole.top + 1, whole.left, whole.top + 1, whole.right)
        return range_node(ctx, area, tail)
    if name == "headerRowRange":
        return range_node(ctx, whole.moved(whole.top, whole.left, whole.top, whole.right), tail)
    if name == "totalRowRange":
        if not _totals_rows(table):
            raise _error(404, "ItemNotFound", "The table has no totals row.")
        return range_node(ctx, whole.moved(whole.bottom, whole.left, whole.bottom, whole.right), tail)
    if name == "range":
        return range_node(ctx, whole, tail)
    if name == "worksheet":
        return _json(200, render_sheet(ctx, sheet))
    if name == "convertToRange":
        del sheet.tables[table.displayName]
        ctx.changed()
        return _json(200, render_range(whole, ctx.calc, ctx.select))
    if name in ("clearFilters", "reapplyFilters"):
        if name == "clearFilters":
            for key in [k for k in ctx.opened.filters if k[0] == str(table.id)]:
                del ctx.opened.filters[key]
        return 204, {}, b""
    if name == "sort" and tail in (["apply"], ["clear"], ["reapply"]):
        if tail == ["apply"] and body is not None:
            sort_rows(ctx, body, (ctx.body or {}).get("fields"))
            ctx.changed()
        return 204, {}, b""
    raise _error(400, "BadRequest", f"Resource not found for the segment '{rest[0]}'.")


def update_table(ctx: Ctx, sheet: Sheet, table: Any, body: dict[str, Any]) -> None:
    if "name" in body:
        new = str(body["name"])
        if any(t.displayName == new and t is not table for _, t in all_tables(ctx)):
            raise _error(409, "ItemAlreadyExists", f"A table named '{new}' already exists.")
        del sheet.tables[table.displayName]
        table.displayName = table.name = new
        sheet.tables[new] = table
    if "style" in body and table.tableStyleInfo is not None:
        table.tableStyleInfo.name = str(body["style"])
    flags = {"highlightFirstColumn": "showFirstColumn", "highlightLastColumn": "showLastColumn",
             "showBandedRows": "showRowStripes", "showBandedColumns": "showColumnStripes"}
    for graph, attr in flags.items():
        if graph in body and table.tableStyleInfo is not None:
            setattr(table.tableStyleInfo, attr, bool(body[graph]))
    if "showTotals" in body and bool(body["showTotals"]) != bool(_totals_rows(table)):
        whole = table_area(sheet, table)
        if body["showTotals"]:
            shift_rows(sheet, whole.bottom + 1, whole.left, whole.right, 1)
            sheet.cell(row=whole.bottom + 1, column=whole.left, value="Total")
            table.totalsRowCount = 1
            set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom + 1, whole.right))
        else:
            for column in range(whole.left, whole.right + 1):
                sheet.cell(row=whole.bottom, column=column).value = None
            table.totalsRowCount = None
            set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom - 1, whole.right))
    if "showHeaders" in body:
        table.headerRowCount = 1 if body["showHeaders"] else 0
    ctx.changed()


def rows_node(ctx: Ctx, sheet: Sheet, table: Any, rest: list[str]) -> Response:
    if not rest:
        if ctx.method == "POST":
            rest = ["add"]
        else:
            values = table_rows(ctx, sheet, table)
            return _json(200, {"value": [{"index": i, "values": [v]} for i, v in enumerate(values)]})
    if rest == ["add"]:
        body = ctx.body or {}
        index = add_rows(ctx, sheet, table, body.get("values"), body.get("index"))
        ctx.changed()
        return _json(201, render_row(ctx, sheet, table, index))
    name, args = call_of(rest[0])
    index = int(args.get("index", -1)) if name == "itemAt" else int(name) if name.isdigit() else -1
    body = body_area(sheet, table)
    if body is None or not 0 <= index < body.rows:
        raise _error(404, "ItemNotFound", f"The row '{rest[0]}' was not found.")
    row = body.moved(body.top + index, body.left, body.top + index, body.right)
    tail = rest[1:]
    if tail == ["range"]:
        return range_node(ctx, row, [])
    if tail == ["delete"] or (not tail and ctx.method == "DELETE"):
        whole = table_area(sheet, table)
        for cell in each_cell(row):
            cell.value = None
        shift_rows(sheet, row.top + 1, whole.left, whole.right, -1)
        set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom - 1, whole.right))
        ctx.changed()
        return 204, {}, b""
    if not tail and ctx.method == "PATCH":
        new_values = (ctx.body or {}).get("values")
        if isinstance(new_values, list) and new_values and not isinstance(new_values[0], list):
            new_values = [new_values]
        write_grid(row, new_values, "values")
        ctx.changed()
    return _json(200, render_row(ctx, sheet, table, index))


def columns_node(ctx: Ctx, sheet: Sheet, table: Any, rest: list[str]) -> Response:
    whole = table_area(sheet, table)
    if not rest:
        if ctx.method == "POST":
            rest = ["add"]
        else:
            return _json(200, {"value": [render_column(ctx, sheet, table, i)
                                         for i in range(whole.columns)]})
    if rest == ["add"]:
        body = ctx.body or {}
        index = body.get("index")
        index = whole.columns if index is None else int(index)
        if not 0 <= index <= whole.columns:
            raise _error(400, "InvalidArgument", "The index is out of range.")
        column = whole.left + index
        for row in range(whole.top, whole.bottom + 1):  # move the columns right of it over
            for col in range(whole.right, column - 1, -1):
                sheet.cell(row=row, column=col + 1).value = sheet.cell(row=row, column=col).value
            sheet.cell(row=row, column=column).value = None
        set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom, whole.right + 1))
        values = body.get("values")
        if isinstance(values, list):
            for offset, value in enumerate(values[: whole.rows]):
                value = value[0] if isinstance(value, list) and value else value
                sheet.cell(row=whole.top + offset, column=column, value=value)
        header = body.get("name") or sheet.cell(row=whole.top, column=column).value or \
            f"Column{index + 1}"
        sheet.cell(row=whole.top, column=column, value=str(header))
        refresh_columns(sheet, table)
        ctx.changed()
        return _json(201, render_column(ctx, sheet, table, index))
    name, args = call_of(rest[0])
    index = int(args["index"]) if name == "itemAt" and "index" in args else \
        find_column(sheet, table, rest[0])
    if not 0 <= index < whole.columns:
        raise _error(404, "ItemNotFound", f"The column '{rest[0]}' was not found.")
    area = whole.moved(whole.top, whole.left + index, whole.bottom, whole.left + index)
    tail = rest[1:]
    if not tail:
        if ctx.method == "DELETE":
            for row in range(whole.top, whole.bottom + 1):
                for col in range(area.left, whole.right):
                    sheet.cell(row=row, column=col).value = sheet.cell(row=row, column=col + 1).value
                sheet.cell(row=row, column=whole.right).value = None
            set_ref(sheet, table, whole.moved(whole.top, whole.left, whole.bottom, whole.right - 1))
            refresh_columns(sheet, table)
            ctx.changed()
            return 204, {}, b""
        if ctx.method == "PATCH":
            body = ctx.body or {}
            if "values" in body:
                write_grid(area, body["values"], "values")
            if "name" in body:
                sheet.cell(row=whole.top, column=area.left, value=str(body["name"]))
            refresh_columns(sheet, table)
            ctx.changed()
        return _json(200, render_column(ctx, sheet, table, index))
    head = tail[0]
    body_rows = body_area(sheet, table)
    if head == "filter":
        key = (str(table.id), index)
        if tail[1:] == ["apply"]:
            criteria = (ctx.body or {}).get("criteria")
            if not isinstance(criteria, dict):
                raise _error(400, "InvalidArgument", "criteria is required.")
            ctx.opened.filters[key] = criteria
            return 204, {}, b""
        if tail[1:] == ["clear"]:
            ctx.opened.filters.pop(key, None)
            return 204, {}, b""
        return _json(200, {"criteria": ctx.opened.filters.get(key)})
    if head == "dataBodyRange" and body_rows is not None:
        return range_node(ctx, area.moved(body_rows.top, area.left, body_rows.bottom, area.left), tail[1:])
    if head == "headerRowRange":
        return range_node(ctx, area.moved(whole.top, area.left, whole.top, area.left), tail[1:])
    if head == "totalRowRange" and _totals_rows(table):
        return range_node(ctx, area.moved(whole.bottom, area.left, whole.bottom, area.left), tail[1:])
    if head == "range":
        return range_node(ctx, area, tail[1:])
    raise _error(404, "ItemNotFound", f"Resource not found for the segment '{head}'.")


def names(ctx: Ctx, sheet: Sheet | None, rest: list[str]) -> Response:
    if not rest:
        scope = sheet.title if sheet is not None else "Workbook"
        return _json(200, {"value": [render_name(n, scope) for n in all_names(ctx, sheet).values()]})
    if rest[0] in ("add", "addFormulaLocal") and len(rest) == 1:
        added = add_name(ctx, sheet, ctx.body or {}, rest[0] == "addFormulaLocal")
        ctx.changed()
        return _json(201, added)
    name, scope = find_name(ctx, rest[0], sheet)
    if rest[1:] == ["range"]:
        return range_node(ctx, name_area(ctx, name), [])
    if len(rest) == 1 and ctx.method == "PATCH":
        body = ctx.body or {}
        if "comment" in body:
            name.comment = body["comment"]
        if "visible" in body:
            name.hidden = not bool(body["visible"])
        ctx.changed()
    if len(rest) > 1:
        raise _error(400, "BadRequest", f"Resource not found for the segment '{rest[1]}'.")
    return _json(200, render_name(name, scope))


def range_node(ctx: Ctx, area: Area, rest: list[str]) -> Response:
    """A range, or something reached from it (`cell(...)`, `format/font`, `sort/apply`...)."""
    while rest:
        name, args = call_of(rest[0])
        moved = derived_range(ctx, area, name, args)
        if moved is None:
            break
        area, rest = moved, rest[1:]
    method = ctx.method
    if not rest:
        if method == "PATCH":
            body = ctx.body or {}
            for key in ("values", "formulas", "formulasLocal", "formulasR1C1", "numberFormat"):
                if key in body:
                    write_grid(area, body[key], key)
            ctx.changed()
            ctx.calc = Calculator(ctx.book)
        return _json(200, render_range(area, ctx.calc, ctx.select))
    head, tail = rest[0], rest[1:]
    body = ctx.body or {}
    if head == "format":
        return format_node(ctx, area, tail)
    if head == "worksheet":
        return _json(200, render_sheet(ctx, area.sheet))
    if head == "clear":
        apply_to = str(body.get("applyTo", "All"))
        if apply_to not in ("All", "Formats", "Contents"):
            raise _error(400, "InvalidArgument", "applyTo is All, Formats or Contents.")
        from openpyxl.styles.cell_style import StyleArray

        for cell in each_cell(area):
            if apply_to in ("All", "Contents"):
                cell.value = None
            if apply_to in ("All", "Formats"):
                cell._style = StyleArray()
        ctx.changed()
        return 204, {}, b""
    if head in ("delete", "insert"):
        shift = str(body.get("shift", "Up" if head == "delete" else "Down"))
        allowed = ("Up", "Left") if head == "delete" else ("Down", "Right")
        if shift not in allowed:
            raise _error(400, "InvalidArgument", f"shift is {' or '.join(allowed)}.")
        sheet = area.sheet
        if shift in ("Up", "Down"):
            if head == "delete":
                for cell in each_cell(area):
                    cell.value = None
                shift_rows(sheet, area.bottom + 1, area.left, area.right, -area.rows)
            else:
                shift_rows(sheet, area.top, area.left, area.right, area.rows)
        else:
            width = area.columns
            used = used_area(sheet, False)
            for row in range(area.top, area.bottom + 1):
                if head == "delete":
                    for col in range(area.left, used.right + 1):
                        sheet.cell(row=row, column=col).value = \
                            sheet.cell(row=row, column=col + width).value
                else:
                    for col in range(used.right, area.left - 1, -1):
                        sheet.cell(row=row, column=col + width).value = \
                            sheet.cell(row=row, column=col).value
                    for col in range(area.left, area.right + 1):
                        sheet.cell(row=row, column=col).value = None
        ctx.changed()
        if head == "insert":
            return _json(200, render_range(area, ctx.calc, ctx.select))
        return 204, {}, b""
    if head == "merge":
        if body.get("across"):
            for row in range(area.top, area.bottom + 1):
                area.sheet.merge_cells(start_row=row, start_column=area.left, end_row=row,
                                       end_column=area.right)
        else:
            area.sheet.merge_cells(area.cells)
        ctx.changed()
        return 204, {}, b""
    if head == "unmerge":
        for merged in list(area.sheet.merged_cells.ranges):
            if merged.min_row >= area.top and merged.max_row <= area.bottom and \
                    merged.min_col >= area.left and merged.max_col <= area.right:
                area.sheet.unmerge_cells(str(merged))
        ctx.changed()
        return 204, {}, b""
    if head == "sort" and tail == ["apply"]:
        sort_rows(ctx, area, body.get("fields"), bool(body.get("hasHeaders", False)))
        ctx.changed()
        return 204, {}, b""
    raise _error(400, "BadRequest", f"Resource not found for the segment '{head}'.")


def derived_range(ctx: Ctx, area: Area, name: str, args: dict[str, Any]) -> Area | None:
    """The range a composable function of a range names, or None if `name` is not one."""
    top, left, bottom, right = area.top, area.left, area.bottom, area.right
    count = int(args.get("count", 1)) if name in ("columnsAfter", "columnsBefore",
                                                   "rowsAbove", "rowsBelow") else 0
    if name == "cell":
        row, column = top + int(args["row"]), left + int(args["column"])
        return area.moved(row, column, row, column)
    if name == "column":
        column = left + int(args["column"])
        return area.moved(top, column, bottom, column)
    if name == "row":
        row = top + int(args["row"])
        return area.moved(row, left, row, right)
    if name in ("boundingRect", "intersection"):
        other = parse_area(area.sheet, str(args.get("anotherRange", "")), ctx.book)
        if other.sheet is not area.sheet:
            raise _error(400, "InvalidArgument", "The ranges are on different worksheets.")
        if name == "boundingRect":
            return area.moved(min(top, other.top), min(left, other.left),
                              max(bottom, other.bottom), max(right, other.right))
        box = (max(top, other.top), max(left, other.left), min(bottom, other.bottom),
               min(right, other.right))
        if box[0] > box[2] or box[1] > box[3]:
            raise _error(404, "ItemNotFound", "The ranges do not intersect.")
        return area.moved(*box)
    if name == "columnsAfter":
        return area.moved(top, right + 1, bottom, right + count)
    if name == "columnsBefore":
        return area.moved(top, left - count, bottom, left - 1)
    if name == "rowsAbove":
        return area.moved(top - count, left, top - 1, right)
    if name == "rowsBelow":
        return area.moved(bottom + 1, left, bottom + count, right)
    if name == "entireColumn":
        return area.moved(1, left, MAX_ROWS, right)
    if name == "entireRow":
        return area.moved(top, 1, bottom, MAX_COLUMNS)
    if name == "lastCell":
        return area.moved(bottom, right, bottom, right)
    if name == "lastColumn":
        return area.moved(top, right, bottom, right)
    if name == "lastRow":
        return area.moved(bottom, left, bottom, right)
    if name == "offsetRange":
        rows, columns = int(args.get("rowOffset", 0)), int(args.get("columnOffset", 0))
        return area.moved(top + rows, left + columns, bottom + rows, right + columns)
    if name == "resizedRange":
        return area.moved(top, left, bottom + int(args.get("deltaRows", 0)),
                          right + int(args.get("deltaColumns", 0)))
    if name == "usedRange":
        used = used_area(area.sheet, bool(args.get("valuesOnly", False)))
        box = (max(top, used.top), max(left, used.left), min(bottom, used.bottom),
               min(right, used.right))
        if box[0] > box[2] or box[1] > box[3]:
            return area.moved(top, left, top, left)
        return area.moved(*box)
    return None


def format_node(ctx: Ctx, area: Area, rest: list[str]) -> Response:
    body = ctx.body or {}
    patch = ctx.method == "PATCH"
    if not rest:
        if patch:
            update_format(area, body)
            ctx.changed()
        return _json(200, render_format(area))
    head = rest[0]
    if head == "font":
        if patch:
            update_font(area, body)
            ctx.changed()
        return _json(200, render_font(area))
    if head == "fill":
        if rest[1:] == ["clear"]:
            update_fill(area, None)
            ctx.changed()
            return 204, {}, b""
        if patch:
            update_fill(area, body.get("color"))
            ctx.changed()
        return _json(200, render_fill(area))
    if head == "borders":
        if len(rest) == 1:
            return _json(200, {"value": [render_border(area, s) for s in BORDER_SIDES]})
        side = call_of(rest[1])[1].get("index") if rest[1].startswith("itemAt(") else rest[1]
        if isinstance(side, int):
            side = BORDER_SIDES[side] if 0 <= side < len(BORDER_SIDES) else ""
        if side not in BORDER_SIDES:
            raise _error(404, "ItemNotFound", f"'{rest[1]}' is not a border.")
        if patch:
            update_border(area, str(side), body)
            ctx.changed()
        return _json(200, render_border(area, str(side)))
    if head in ("autofitColumns", "autofitRows"):
        autofit(area, head == "autofitColumns")
        ctx.changed()
        return 204, {}, b""
    raise _error(400, "BadRequest", f"Resource not found for the segment '{head}'.")

