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


_SEARCH_TOKEN = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|(\()|(\))|([^\s()"]+))')
# Directory $search splits words at spaces, symbols, digits and lower-to-upper case changes
# (concepts/search-query-parameter.md); only displayName and description are tokenized.
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|[^\W\d_]+")
TOKENIZED = frozenset({"displayName", "description"})


def compile_search(text: str, text_fields: Iterable[str], *,
                   directory: bool = False) -> Callable[[Item], bool]:
    """A `$search` expression as a predicate.

    Clauses are quoted (`"displayName:wa"`) or bare words, combined with upper-case AND / OR
    (AND binds tighter; a space also means AND) and parentheses. Directory objects (`directory`)
    need `"property:text"` clauses: displayName and description match when every word of the
    text starts a word of the value, in any order and case; other properties when the value
    starts with the text. Elsewhere (messages, contacts) a clause matches text anywhere in the
    string fields, or in the named property.
    """
    tokens = _search_tokens(text)
    position = 0
    fields = tuple(text_fields)

    def expression() -> Callable[[Item], bool]:
        nonlocal position
        alternatives = [conjunction()]
        while position < len(tokens) and tokens[position] == ("op", "OR"):
            position += 1
            alternatives.append(conjunction())
        return alternatives[0] if len(alternatives) == 1 else (
            lambda item: any(a(item) for a in alternatives))

    def conjunction() -> Callable[[Item], bool]:
        nonlocal position
        parts = [operand()]
        while position < len(tokens) and tokens[position] not in (("op", "OR"), ("close", ")")):
            if tokens[position] == ("op", "AND"):
                position += 1
            parts.append(operand())
        return parts[0] if len(parts) == 1 else (lambda item: all(p(item) for p in parts))

    def operand() -> Callable[[Item], bool]:
        nonlocal position
        if position >= len(tokens):
            raise FilterSyntax("$search ends where a search term was expected.")
        kind, value = tokens[position]
        position += 1
        if kind == "open":
            inner = expression()
            if position >= len(tokens) or tokens[position] != ("close", ")"):
                raise FilterSyntax("$search has an unclosed parenthesis.")
            position += 1
            return inner
        if kind != "term":
            raise FilterSyntax(f"Syntax error at '{value}' in $search.")
        return _search_clause(value, fields, directory)

    if not tokens:
        raise FilterSyntax("$search needs a search term.")
    predicate = expression()
    if position != len(tokens):
        raise FilterSyntax(f"Syntax error at '{tokens[position][1]}' in $search.")
    return predicate


def _search_tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text) and text[pos:].strip():
        match = _SEARCH_TOKEN.match(text, pos)
        if match is None:
            raise FilterSyntax(f"Syntax error at position {pos} in $search.")
        quoted, opening, closing, bare = match.groups()
        if opening:
            out.append(("open", "("))
        elif closing:
            out.append(("close", ")"))
        elif quoted is not None:
            out.append(("term", re.sub(r"\\(.)", r"\1", quoted)))
        elif bare in ("AND", "OR"):
            out.append(("op", bare))
        else:
            out.append(("term", bare))
        pos = match.end()
    return out


def _words(value: str, *, joined: bool = True) -> list[str]:
    """Directory search words: each run of letters or digits, plus (`joined`, for the values
    searched) each space-separated chunk with its symbols dropped, so `hello.world` is also
    found by `helloworld`."""
    words: list[str] = []
    for chunk in value.split():
        words += [w.lower() for w in _WORD.findall(chunk)]
        whole = "".join(ch for ch in chunk if ch.isalnum()).lower()
        if joined and whole:
            words.append(whole)
    return words


def _values(value: Any) -> list[str]:
    """The strings a property holds: itself, the items of a list, the values of an object."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [v for item in value.values() for v in _values(item)]
    if isinstance(value, list):
        return [v for item in value for v in _values(item)]
    return []


def _search_clause(term: str, fields: tuple[str, ...], directory: bool) -> Callable[[Item], bool]:
    prop, sep, text = term.partition(":")
    named = bool(sep and prop and " " not in prop)
    if not term.strip() or (named and not text.strip()):
        raise FilterSyntax("$search needs a search term.")
    if directory:
        if not named:
            raise FilterSyntax("A directory $search clause names a property: \"displayName:text\".")
        if prop in TOKENIZED:
            wanted = _words(text, joined=False)
            return lambda item: all(any(w.startswith(x) for w in _words(" ".join(
                _values(item.get(prop))))) for x in wanted)
        prefix = text.lower()
        return lambda item: any(v.lower().startswith(prefix) for v in _values(item.get(prop)))
    needle = (text if named else term).lower()
    where = (prop,) if named else fields
    return lambda item: any(needle in v.lower() for name in where for v in _values(item.get(name)))
