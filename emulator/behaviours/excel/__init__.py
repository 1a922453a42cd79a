"""Excel workbooks: the cells of real .xlsx files in the emulator's drive, read and written
with openpyxl (`pip install .[emulator]`).

Every route below `drives/{drive}/items/{item}/workbook` comes here (an `@subtree` hook): the
path is walked segment by segment (`worksheets/Sheet1/range(address='A1:B2')/format/font`)
to a node, and the node answers the method. A file uploaded through storage opens here; a
workbook changed here downloads as an .xlsx that Excel and openpyxl open (the change is
written back before the content is read).

Sessions: see `sessions` (persistent or not, idle expiry, the respond-async pattern).
Formulas: see `formulas` for what is computed; the text of any formula is kept.

The package, by concern: `state` (the emulator's Excel state, a request's context), `xlsx`
(the .xlsx storage bridge), `sessions`, `cells` (addresses, grids, computed values),
`formulas`, `sheets` and `worksheets`, `ranges`, `formats`, `tables` (rows, columns), `names`
(named items, functions, the application), and `serving` (the route that walks to a node).
"""

from __future__ import annotations

from . import serving  # noqa: F401 - registers the workbook route
from .state import ExcelState, state_of

__all__ = ["ExcelState", "state_of"]
