"""Table-driven: query built -> exact query string."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generated.o365._runtime.query import Expr, F, Query, literal


class Importance(enum.Enum):
    HIGH = "high"


CASES: list[tuple[str, Query, str]] = [
    (
        "select snake to camel",
        Query().select("subject", "received_date_time"),
        "$select=subject,receivedDateTime",
    ),
    (
        "select twice appends",
        Query().select("id").select("from/email_address"),
        "$select=id,from/emailAddress",
    ),
    ("expand", Query().expand("attachments", "extensions"), "$expand=attachments,extensions"),
    (
        "repeated names kept once",
        Query().select("id", "subject").select("subject", "is_read").expand("a").expand("a"),
        "$select=id,subject,isRead&$expand=a",
    ),
    ("eq string", Query().filter(F("subject").eq("Hello")), "$filter=subject%20eq%20'Hello'"),
    ("quote doubled", Query().filter(F("subject").eq("it's")), "$filter=subject%20eq%20'it''s'"),
    (
        "and / or parenthesised",
        Query().filter((F("a").eq(1) | F("b").eq(2)) & F("c").eq(True)),
        "$filter=(a%20eq%201%20or%20b%20eq%202)%20and%20c%20eq%20true",
    ),
    (
        "not of a call",
        Query().filter(~F("subject").startswith("RE")),
        "$filter=not%20startswith(subject,'RE')",
    ),
    (
        "not of a comparison",
        Query().filter(~F("is_read").eq(False)),
        "$filter=not%20(isRead%20eq%20false)",
    ),
    ("null", Query().filter(F("city").eq(None)), "$filter=city%20eq%20null"),
    (
        "datetime utc Z",
        Query().filter(
            F("received_date_time").ge(datetime(2024, 5, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris")))
        ),
        "$filter=receivedDateTime%20ge%202024-05-01T08:00:00Z",
    ),
    ("date", Query().filter(F("due").lt(date(2024, 1, 31))), "$filter=due%20lt%202024-01-31"),
    (
        "enum",
        Query().filter(F("importance").eq(Importance.HIGH)),
        "$filter=importance%20eq%20'high'",
    ),
    (
        "numbers",
        Query().filter(F("size").gt(10) & F("ratio").le(0.5)),
        "$filter=size%20gt%2010%20and%20ratio%20le%200.5",
    ),
    (
        "contains / endswith",
        Query().filter(F("mail").endswith("@contoso.com") | F("x").contains("y")),
        "$filter=endswith(mail,'@contoso.com')%20or%20contains(x,'y')",
    ),
    (
        "any lambda",
        Query().filter(F("toRecipients").any(lambda r: r.attr("emailAddress/address").eq("a@b"))),
        "$filter=toRecipients/any(r:r/emailAddress/address%20eq%20'a@b')",
    ),
    (
        "all on primitive collection",
        Query().filter(F("categories").all(lambda c: c.ne("Red"))),
        "$filter=categories/all(c:c%20ne%20'Red')",
    ),
    ("in", Query().filter(F("id").in_(["a", "b"])), "$filter=id%20in%20('a','b')"),
    (
        "two filters are and-ed",
        Query().filter(F("a").eq(1)).filter("b eq 2 or c eq 3"),
        "$filter=a%20eq%201%20and%20(b%20eq%202%20or%20c%20eq%203)",
    ),
    (
        "raw filter",
        Query().filter("startswith(displayName,'a')"),
        "$filter=startswith(displayName,'a')",
    ),
    (
        "orderby multiple",
        Query().order_by("received_date_time", desc=True).order_by("subject"),
        "$orderby=receivedDateTime%20desc,subject",
    ),
    ("search quoted", Query().search("pizza"), "$search=%22pizza%22"),
    ("search already quoted", Query().search('"displayName:wa"'), "$search=%22displayName:wa%22"),
    ("top skip count", Query().top(5).skip(10).count(), "$top=5&$skip=10&$count=true"),
    (
        "ampersand in a literal is encoded",
        Query().filter(F("subject").eq("a&b")),
        "$filter=subject%20eq%20'a%26b'",
    ),
    (
        "option order is fixed",
        Query().top(2).order_by("subject").filter(F("x").eq(1)).expand("a").select("id"),
        "$select=id&$expand=a&$filter=x%20eq%201&$orderby=subject&$top=2",
    ),
]


@pytest.mark.parametrize(("name", "query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_query_string(name: str, query: Query, expected: str) -> None:
    assert query.query_string() == expected


# GRAPH_FACTS §1: which queries on an `advanced_queries` collection need the header / $count.
ADVANCED: list[tuple[str, Query, dict[str, str], bool]] = [
    (
        "plain eq is not advanced",
        Query().filter(F("city").eq("Paris")),
        {"$filter": "city eq 'Paris'"},
        False,
    ),
    (
        "ne needs header and $count",
        Query().filter(F("city").ne("Paris")),
        {"$filter": "city ne 'Paris'", "$count": "true"},
        True,
    ),
    (
        "endswith",
        Query().filter(F("mail").endswith("@contoso.com")),
        {"$filter": "endswith(mail,'@contoso.com')", "$count": "true"},
        True,
    ),
    (
        "not",
        Query().filter(~F("mail").startswith("a")),
        {"$filter": "not startswith(mail,'a')", "$count": "true"},
        True,
    ),
    ("raw ne", Query().filter("city ne 'x'"), {"$filter": "city ne 'x'", "$count": "true"}, True),
    (
        "ne inside a literal is not an operator",
        Query().filter("city eq 'ne not'"),
        {"$filter": "city eq 'ne not'"},
        False,
    ),
    (
        "filter + orderby",
        Query().filter(F("a").eq(1)).order_by("displayName"),
        {"$filter": "a eq 1", "$orderby": "displayName", "$count": "true"},
        True,
    ),
    (
        "search needs only the header",
        Query().search("displayName:wa"),
        {"$search": '"displayName:wa"'},
        True,
    ),
    ("count", Query().count(), {"$count": "true"}, True),
    (
        "orderby alone is advanced too",
        Query().order_by("createdDateTime"),
        {"$orderby": "createdDateTime", "$count": "true"},
        True,
    ),
    ("select and top are not", Query().select("id").top(5), {"$select": "id", "$top": "5"}, False),
]


@pytest.mark.parametrize(
    ("name", "query", "params", "advanced"), ADVANCED, ids=[c[0] for c in ADVANCED]
)
def test_advanced_query_rules(
    name: str, query: Query, params: dict[str, str], advanced: bool
) -> None:
    assert query.as_params(advanced=True) == params
    assert query.headers(advanced=True) == ({"ConsistencyLevel": "eventual"} if advanced else {})
    assert query.headers() == {}  # a collection without the rules: never the header
    flagged = Query(advanced=True)
    assert flagged.advanced and flagged.filter(F("a").ne(1)).headers() == {
        "ConsistencyLevel": "eventual"
    }


def test_non_directory_params_never_add_count() -> None:
    assert Query().filter(F("a").ne(1)).as_params() == {"$filter": "a ne 1"}


def test_immutable() -> None:
    base = Query().select("id")
    derived = base.top(3)
    assert base.query_string() == "$select=id"
    assert derived.query_string() == "$select=id&$top=3"
    assert base != derived and base == Query().select("id")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("x", "'x'"),
        ("", "''"),
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (3, "3"),
        (-1.25, "-1.25"),
        (
            datetime(2024, 1, 1, 12, 30, 5, 120000, tzinfo=timezone(timedelta(hours=2))),
            "2024-01-01T10:30:05.120000Z",
        ),
    ],
)
def test_literals(value: object, text: str) -> None:
    assert literal(value) == text


@pytest.mark.parametrize("value", [datetime(2024, 1, 1), float("nan"), object()])
def test_bad_literals(value: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        literal(value)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        Query().top(0)
    with pytest.raises(ValueError):
        Query().skip(-1)
    with pytest.raises(ValueError):
        Query().select("")
    with pytest.raises(ValueError):
        Query().search("  ")
    with pytest.raises(TypeError):
        Query().filter(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        F("a").any(lambda r: "not an expr")  # type: ignore[arg-type,return-value]


def test_python_boolean_operators_are_refused() -> None:
    expr = F("a").eq(1)
    assert isinstance(expr, Expr)
    with pytest.raises(TypeError):
        bool(expr)
