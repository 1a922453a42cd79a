"""The Excel emulator's state (open workbooks, sessions, operations) and a request's context.

One `ExcelState` per emulator (`state_of(app)`); each request works on a `Ctx`.
"""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...errors import GraphError
from .. import Response
from . import xlsx

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook as Book

    from ...graph import GraphApp
    from .cells import Calculator

WORKBOOK = "microsoft.graph.workbook"
JSON = {"Content-Type": "application/json"}
EXPIRED = ("The session specified in the request does not exist or is invalid due to a "
           "transient error.")


def error(status: int, code: str, message: str) -> GraphError:
    return GraphError(status, code, message)


# What an Excel `add` action (worksheets/add, tables/add, rows/add, columns/add) answers: an
# OData action's entity result is 200 OK, as worksheetcollection-add.md, tablecollection-add.md,
# tablerowcollection-add.md and tablecolumncollection-add.md document; a POST to the collection
# itself creates the entity: 201 Created (resources/excel.md).
ADDED = 200


def reply(status: int, body: Any) -> Response:
    return status, dict(JSON), json.dumps(body, separators=(",", ":")).encode()


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

    def operations_of(self, item_id: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in op.items() if k != "item"} for op in self.operations.values()
                if op.get("item") == item_id]

    # -- files: the .xlsx bridge (xlsx.py) --------------------------------------------------
    def open(self, item_id: str) -> OpenBook:
        return xlsx.open_book(self, item_id)

    def flush(self, item_id: str) -> None:
        """Write a changed workbook back into the file (before its content is read)."""
        xlsx.flush_book(self, item_id)

    def private_copy(self, item_id: str) -> Book:
        return xlsx.copy_book(self, item_id)


_STATES: weakref.WeakKeyDictionary[Any, ExcelState] = weakref.WeakKeyDictionary()
_STATES_LOCK = threading.Lock()


def state_of(app: GraphApp) -> ExcelState:
    with _STATES_LOCK:
        found = _STATES.get(app)
        if found is None:
            found = _STATES[app] = ExcelState(app)
        return found


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

