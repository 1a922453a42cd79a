"""OData query options over stored JSON entities: $filter, $orderby, $select, $search.

`$filter` is parsed by a small recursive-descent parser into a Python predicate, once per
request; evaluation then costs one closure call per candidate item. Supported: eq ne gt ge
lt le, and or not, parentheses, in (...), startswith endswith contains, and lambda any/all
over collections (``emails/any(s:s eq 'x')``). A malformed expression raises `FilterSyntax`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

__all__ = [
    "CompiledFilter",
    "FilterSyntax",
    "UnknownProperty",
    "compile_filter",
    "compile_search",
    "parse_orderby",
    "parse_select",
    "sort_items",
]

Item = Mapping[str, Any]
Env = dict[str, Any]
Evaluator = Callable[[Item, Env], Any]


class FilterSyntax(ValueError):
    """The $filter (or $orderby / $search) text is not valid OData."""


class UnknownProperty(ValueError):
    """A query option names a property the entity type does not have."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass
class CompiledFilter:
    predicate: Callable[[Item], bool]
    # Operators that make a directory query "advanced" (aad-advanced-queries.md).
    advanced_operators: set[str] = field(default_factory=set)
    properties: set[str] = field(default_factory=set)  # top-level properties it reads


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>'(?:[^']|'')*')
    | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)
    | (?P<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})
    | (?P<date>\d{4}-\d{2}-\d{2})
    | (?P<number>-?\d+(?:\.\d+)?)
    | (?P<name>[A-Za-z_@$][\w.@$]*(?:/[A-Za-z_@$][\w.@$]*)*)
    | (?P<punct>[(),:])
    )""",
    re.VERBOSE,
)
_COMPARISONS = {"eq", "ne", "gt", "ge", "lt", "le"}
_FUNCTIONS = {"startswith", "endswith", "contains"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise FilterSyntax(f"Syntax error at position {pos} in '{text}'.")
        kind = match.lastgroup or ""
        tokens.append(_Tok(kind, match.group(kind)))
        pos = match.end()
    return tokens


def _parse_datetime(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _coerce(left: Any, right: Any) -> tuple[Any, Any]:
    """Make two values comparable: datetimes with ISO strings, strings case-insensitively."""
    if isinstance(right, datetime) and isinstance(left, str):
        return _parse_datetime(left), right
    if isinstance(left, datetime) and isinstance(right, str):
        return left, _parse_datetime(right)
    if isinstance(left, str) and isinstance(right, str):
        return left.lower(), right.lower()
    return left, right


def _compare(op: str, left: Any, right: Any) -> bool:
    if op in ("eq", "ne"):
        left, right = _coerce(left, right)
        return bool((left == right) == (op == "eq"))
    if left is None or right is None:
        return False
    left, right = _coerce(left, right)
    try:
        if op == "gt":
            return bool(left > right)
        if op == "ge":
            return bool(left >= right)
        if op == "lt":
            return bool(left < right)
        return bool(left <= right)
    except TypeError:
        return False


def _string_function(name: str, haystack: Any, needle: Any) -> bool:
    if not isinstance(haystack, str) or not isinstance(needle, str):
        return False
    haystack, needle = haystack.lower(), needle.lower()
    if name == "startswith":
        return bool(haystack.startswith(needle))
    if name == "endswith":
        return bool(haystack.endswith(needle))
    return bool(needle in haystack)


class _Parser:
    def __init__(self, text: str, known: frozenset[str] | None) -> None:
        self.tokens = _tokenize(text)
        self.pos = 0
        self.known = known
        self.variables: list[str] = []
        self.advanced: set[str] = set()
        self.properties: set[str] = set()

    # -- token helpers
    def peek(self, offset: int = 0) -> _Tok | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.peek()
        if tok is None:
            raise FilterSyntax("Unexpected end of $filter expression.")
        self.pos += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.text != text:
            raise FilterSyntax(f"Expected '{text}' but found '{tok.text}'.")

    def keyword(self, *words: str) -> str | None:
        tok = self.peek()
        if tok is not None and tok.kind == "name" and tok.text.lower() in words:
            self.pos += 1
            return tok.text.lower()
        return None

    # -- grammar
    def parse(self) -> Evaluator:
        if not self.tokens:
            raise FilterSyntax("The $filter expression is empty.")
        expr = self.or_expr()
        if self.peek() is not None:
            raise FilterSyntax(f"Unexpected '{self.take().text}' in $filter expression.")
        return expr

    def or_expr(self) -> Evaluator:
        parts = [self.and_expr()]
        while self.keyword("or"):
            parts.append(self.and_expr())
        if len(parts) == 1:
            return parts[0]
        return lambda item, env: any(p(item, env) for p in parts)

    def and_expr(self) -> Evaluator:
        parts = [self.unary()]
        while self.keyword("and"):
            parts.append(self.unary())
        if len(parts) == 1:
            return parts[0]
        return lambda item, env: all(p(item, env) for p in parts)

    def unary(self) -> Evaluator:
        if self.keyword("not"):
            self.advanced.add("not")
            inner = self.unary()
            return lambda item, env: not inner(item, env)
        return self.comparison()

    def comparison(self) -> Evaluator:
        left = self.primary()
        op = self.keyword(*_COMPARISONS)
        if op is not None:
            if op == "ne":
                self.advanced.add("ne")
            right = self.primary()
            return lambda item, env: _compare(op, left(item, env), right(item, env))
        if self.keyword("in"):
            self.expect("(")
            options = [self.primary()]
            while self.peek() is not None and self.peek().text == ",":  # type: ignore[union-attr]
                self.take()
                options.append(self.primary())
            self.expect(")")
            return lambda item, env: any(
                _compare("eq", left(item, env), o(item, env)) for o in options
            )
        return left

    def primary(self) -> Evaluator:
        tok = self.take()
        if tok.text == "(":
            inner = self.or_expr()
            self.expect(")")
            return inner
        if tok.kind == "string":
            value: Any = tok.text[1:-1].replace("''", "'")
            return lambda item, env: value
        if tok.kind == "datetime":
            moment = _parse_datetime(tok.text)
            if moment is None:
                raise FilterSyntax(f"'{tok.text}' is not a valid DateTimeOffset.")
            return lambda item, env: moment
        if tok.kind in ("guid", "date"):
            text = tok.text
            return lambda item, env: text
        if tok.kind == "number":
            number = float(tok.text) if "." in tok.text else int(tok.text)
            return lambda item, env: number
        if tok.kind == "name":
            return self.name(tok.text)
        raise FilterSyntax(f"Unexpected '{tok.text}' in $filter expression.")

    def name(self, text: str) -> Evaluator:
        lowered = text.lower()
        if lowered in ("true", "false", "null"):
            constant = {"true": True, "false": False, "null": None}[lowered]
            return lambda item, env: constant
        nxt = self.peek()
        if lowered in _FUNCTIONS and nxt is not None and nxt.text == "(":
            return self.function(lowered)
        segments = text.split("/")
        if segments[-1].lower() in ("any", "all") and nxt is not None and nxt.text == "(":
            return self.lambda_(segments[:-1], segments[-1].lower())
        return self.property(segments)

    def function(self, name: str) -> Evaluator:
        if name == "endswith":
            self.advanced.add("endswith")
        self.expect("(")
        haystack = self.or_expr()
        self.expect(",")
        needle = self.or_expr()
        self.expect(")")
        return lambda item, env: _string_function(name, haystack(item, env), needle(item, env))

    def lambda_(self, collection_path: list[str], quantifier: str) -> Evaluator:
        collection = self.property(collection_path)
        self.expect("(")
        variable = self.take()
        if variable.kind != "name" or "/" in variable.text:
            raise FilterSyntax("A lambda expression needs a variable name, as in any(x: ...).")
        self.expect(":")
        self.variables.append(variable.text)
        body = self.or_expr()
        self.variables.pop()
        self.expect(")")
        name = variable.text
        check = any if quantifier == "any" else all

        def evaluate(item: Item, env: Env) -> bool:
            values = collection(item, env)
            if not isinstance(values, list):
                return False
            return check(body(item, {**env, name: v}) for v in values)

        return evaluate

    def property(self, segments: list[str]) -> Evaluator:
        head, rest = segments[0], segments[1:]
        if head in self.variables:
            return lambda item, env: _walk(env.get(head), rest)
        if self.known is not None and head not in self.known:
            raise UnknownProperty(head)
        self.properties.add(head)
        return lambda item, env: _walk(item.get(head), rest)


def _walk(value: Any, path: list[str]) -> Any:
    for segment in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(segment)
    return value


def compile_filter(text: str, known: frozenset[str] | None = None) -> CompiledFilter:
    """Parse a $filter expression; `known` limits the top-level property names."""
    parser = _Parser(text, known)
    evaluator = parser.parse()
    return CompiledFilter(lambda item: bool(evaluator(item, {})), parser.advanced,
                          parser.properties)


def parse_orderby(text: str, known: frozenset[str] | None = None) -> list[tuple[list[str], bool]]:
    """`displayName desc, mail` -> [(["displayName"], True), (["mail"], False)]."""
    keys: list[tuple[list[str], bool]] = []
    for part in text.split(","):
        words = part.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise FilterSyntax(f"'{text}' is not a valid $orderby expression.")
        path = words[0].split("/")
        if known is not None and path[0] not in known:
            raise UnknownProperty(path[0])
        keys.append((path, len(words) == 2 and words[1].lower() == "desc"))
    return keys


def sort_items(items: list[Item], keys: list[tuple[list[str], bool]]) -> list[Item]:
    """Stable multi-key sort; missing values sort first ascending, as Graph does."""
    result = list(items)
    for path, descending in reversed(keys):
        def sort_key(item: Item, path: list[str] = path) -> tuple[int, Any]:
            value = _walk(item, path)
            if value is None:
                return (0, "")
            return (1, value.lower() if isinstance(value, str) else value)

        result.sort(key=sort_key, reverse=descending)
    return result


def parse_select(text: str, known: frozenset[str] | None = None) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise FilterSyntax("$select needs at least one property name.")
    for name in names:
        if known is not None and name not in known:
            raise UnknownProperty(name)
    return names


_SEARCH_TERM = re.compile(r'"([^"]*)"|(\bAND\b|\bOR\b)|(\S+)')


def compile_search(text: str, text_fields: Iterable[str]) -> Callable[[Item], bool]:
    """`"displayName:wa" OR "mail:x"` (directory) or `"pizza"` (free text over string fields)."""
    fields = tuple(text_fields)
    clauses: list[list[Callable[[Item], bool]]] = [[]]
    for quoted, operator, bare in _SEARCH_TERM.findall(text):
        if operator == "OR":
            clauses.append([])
            continue
        if operator == "AND":
            continue
        term = (quoted or bare).strip()
        if not term:
            raise FilterSyntax("$search needs a search term.")
        clauses[-1].append(_search_term(term, fields))
    if not any(clauses):
        raise FilterSyntax("$search needs a search term.")
    return lambda item: any(all(t(item) for t in clause) for clause in clauses if clause)


def _search_term(term: str, fields: tuple[str, ...]) -> Callable[[Item], bool]:
    prop, sep, value = term.partition(":")
    if sep and prop and " " not in prop:
        needle = value.lower()
        return lambda item: needle in str(item.get(prop) or "").lower()
    needle = term.lower()

    def matches(item: Item) -> bool:
        for name in fields:
            value = item.get(name)
            if isinstance(value, str) and needle in value.lower():
                return True
            if isinstance(value, Mapping) and needle in str(value).lower():
                return True
        return False

    return matches
