"""The few Excel formulas the emulator computes, for the values a workbook answers with.

Computed: numbers, strings, TRUE/FALSE, cell references (`A1`, `$B$2`, `Sheet2!C3`,
`'My sheet'!A1`), ranges inside functions (`A1:B4`), `+ - * / ^ &`, comparisons, unary minus,
parentheses, and the functions SUM, AVERAGE, COUNT, MIN, MAX (plus ABS and ROUND). Anything
else (VLOOKUP, IF, dates...) is not computed: the cell's value is `#NAME?` with value type
`Error` (what Excel shows for a function it does not know), while its formula text is kept
and saved to the file, where Excel computes it. Division by zero is `#DIV/0!`, a reference
cycle `#REF!`, text in arithmetic `#VALUE!`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["FormulaError", "evaluate", "function_result"]

Value = Any  # float | str | bool | None
Cell = Callable[[str | None, int, int], Value]  # (sheet, row, column) -> computed value
Cells = Callable[[str | None, int, int, int, int], list[Value]]  # a rectangle's values

_TOKEN = re.compile(r"""
    \s*(?:
      (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<string>"(?:[^"]|"")*")
    | (?P<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?[A-Za-z]{1,3}\$?\d+
              (?::\$?[A-Za-z]{1,3}\$?\d+)?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
    | (?P<op><>|<=|>=|[-+*/^&=<>(),:])
    )""", re.VERBOSE)
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


class FormulaError(Exception):
    """An Excel error value (`#DIV/0!`, `#NAME?`...) raised while computing a formula."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _column(label: str) -> int:
    index = 0
    for char in label.upper():
        index = index * 26 + ord(char) - 64
    return index


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        found = _TOKEN.match(text, pos)
        if found is None:
            raise FormulaError("#NAME?")
        kind = found.lastgroup or ""
        out.append((kind, found.group(kind)))
        pos = found.end()
    return out


class _Parser:
    """A recursive-descent evaluator over the token list (no tree is kept)."""

    def __init__(self, tokens: list[tuple[str, str]], sheet: str | None, cell: Cell,
                 cells: Cells) -> None:
        self.tokens = tokens
        self.pos = 0
        self.sheet = sheet
        self.cell = cell
        self.cells = cells

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.pos += 1
        return token

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise FormulaError("#NAME?")

    def expression(self) -> Value:  # comparisons are the loosest binding
        left = self.concat()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            right = self.concat()
            left = _compare(op, left, right)
        return left

    def concat(self) -> Value:
        left = self.additive()
        while self.peek()[1] == "&":
            self.take()
            left = _text(left) + _text(self.additive())
        return left

    def additive(self) -> Value:
        left = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = _number(self.term())
            left = _number(left) + right if op == "+" else _number(left) - right
        return left

    def term(self) -> Value:
        left = self.power()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            right = _number(self.power())
            if op == "*":
                left = _number(left) * right
            elif right == 0:
                raise FormulaError("#DIV/0!")
            else:
                left = _number(left) / right
        return left

    def power(self) -> Value:
        base = self.unary()
        if self.peek()[1] == "^":
            self.take()
            return _number(base) ** _number(self.power())
        return base

    def unary(self) -> Value:
        if self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            value = _number(self.unary())
            return -value if op == "-" else value
        return self.primary()

    def primary(self) -> Value:
        kind, text = self.take()
        if kind == "number":
            return float(text)
        if kind == "string":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            sheet, first, last = _split_ref(text, self.sheet)
            if last is not None:
                raise FormulaError("#VALUE!")  # a range outside a function
            return self.cell(sheet, *first)
        if kind == "name":
            upper = text.upper()
            if upper in ("TRUE", "FALSE") and self.peek()[1] != "(":
                return upper == "TRUE"
            self.expect("(")
            args: list[list[Value]] = []
            if self.peek()[1] != ")":
                while True:
                    args.append(self.argument())
                    if self.peek()[1] != ",":
                        break
                    self.take()
            self.expect(")")
            return _call(upper, args)
        if text == "(":
            value = self.expression()
            self.expect(")")
            return value
        raise FormulaError("#NAME?")

    def argument(self) -> list[Value]:
        """A function argument as a list of values (a range gives all its cells)."""
        kind, text = self.peek()
        if kind == "ref":
            sheet, first, last = _split_ref(text, self.sheet)
            if last is not None:
                self.take()
                return self.cells(sheet, first[0], first[1], last[0], last[1])
        return [self.expression()]


def _split_ref(text: str, sheet: str | None) -> tuple[str | None, tuple[int, int],
                                                       tuple[int, int] | None]:
    if "!" in text:
        named, _, text = text.rpartition("!")
        sheet = named[1:-1].replace("''", "'") if named.startswith("'") else named
    parts = text.split(":")
    cells = []
    for part in parts:
        found = _CELL.match(part)
        if found is None:
            raise FormulaError("#REF!")
        cells.append((int(found.group(2)), _column(found.group(1))))
    if len(cells) == 1:
        return sheet, cells[0], None
    (r1, c1), (r2, c2) = cells
    return sheet, (min(r1, r2), min(c1, c2)), (max(r1, r2), max(c1, c2))


def _number(value: Value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if value is None or value == "":
        return 0.0
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        raise FormulaError("#VALUE!") from None


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _compare(op: str, left: Value, right: Value) -> bool:
    a: Any = left.casefold() if isinstance(left, str) else _number(left)
    b: Any = right.casefold() if isinstance(right, str) else _number(right)
    if type(a) is not type(b):
        a, b = str(a), str(b)
    outcome: bool = {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b,
                     ">=": a >= b}[op]
    return outcome


def _numbers(args: list[list[Value]]) -> Iterator[float]:
    """The numbers among the arguments, as Excel's SUM/AVERAGE/MIN/MAX take them: cells of a
    range count only when they hold numbers; a direct argument must convert."""
    for group in args:
        for value in group:
            if isinstance(value, bool):
                if len(group) == 1:
                    yield 1.0 if value else 0.0
            elif isinstance(value, (int, float)):
                yield float(value)
            elif len(group) == 1 and value not in (None, ""):
                yield _number(value)


def _call(name: str, args: list[list[Value]]) -> Value:
    if name == "SUM":
        return math.fsum(_numbers(args))
    if name == "AVERAGE":
        found = list(_numbers(args))
        if not found:
            raise FormulaError("#DIV/0!")
        return math.fsum(found) / len(found)
    if name == "COUNT":
        return float(sum(1 for group in args for v in group
                         if isinstance(v, (int, float)) and not isinstance(v, bool)))
    if name in ("MIN", "MAX"):
        found = list(_numbers(args))
        return (min if name == "MIN" else max)(found) if found else 0.0
    if name == "ABS" and len(args) == 1:
        return abs(_number(args[0][0]))
    if name == "ROUND" and len(args) == 2:
        digits = int(_number(args[1][0]))
        value = _number(args[0][0])
        scaled = abs(value) * 10 ** digits
        rounded = math.floor(scaled + 0.5) / 10 ** digits  # Excel rounds halves away from 0
        return math.copysign(rounded, value)
    raise FormulaError("#NAME?")


def evaluate(formula: str, sheet: str | None, cell: Cell, cells: Cells) -> Value:
    """The value of `=...` computed on `sheet`; raises FormulaError with Excel's error value."""
    parser = _Parser(_tokens(formula.lstrip("=")), sheet, cell, cells)
    value = parser.expression()
    if parser.peek()[0] != "end":
        raise FormulaError("#NAME?")
    return value


def function_result(name: str, body: dict[str, Any], cells: Cells) -> Value:
    """`POST /workbook/functions/{name}`: arguments are numbers, strings, lists, or
    `{"address": "Sheet1!A1:B4"}` ranges; the spec's functions only (FormulaError else)."""
    args: list[list[Value]] = []
    for value in body.values():
        args.append(list(_flatten(value, cells)))
    return _call(name.upper(), args)


def _flatten(value: Any, cells: Cells) -> Iterator[Value]:
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item, cells)
    elif isinstance(value, dict):
        address = next((v for k, v in value.items() if k.lower() == "address"), None)
        if not isinstance(address, str):
            raise FormulaError("#VALUE!")
        sheet, first, last = _split_ref(address, None)
        last = last or first
        yield from cells(sheet, first[0], first[1], last[0], last[1])
    else:
        yield value
