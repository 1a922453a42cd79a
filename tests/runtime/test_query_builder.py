"""python-o365's QueryBuilder face (generated.o365._runtime.query_builder): built query -> exact parameters.

The face renders through generated.o365._runtime.query, so escaping, grouping and datetimes follow the one
engine; the cases name where that differs from python-o365 2.1.10 on purpose.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.query import Query, as_query
from generated.o365._runtime.query_builder import CompositeFilter, QueryBuilder

B = QueryBuilder(MSGraphProtocol(timezone="Europe/Paris"))

CASES: list[tuple[str, CompositeFilter, dict[str, str]]] = [
    ("equals, snake_case to camelCase", B.equals("is_read", False), {"$filter": "isRead eq false"}),
    ("unequal", B.unequal("importance", "low"), {"$filter": "importance ne 'low'"}),
    ("greater / less family",
     B.chain_and(B.greater("size", 1), B.greater_equal("size", 2), B.less("size", 3),
                 B.less_equal("size", 4)),
     {"$filter": "size gt 1 and size ge 2 and size lt 3 and size le 4"}),
    ("string literal escaped (python-o365 sends the quote raw)",
     B.equals("subject", "O'Brien"), {"$filter": "subject eq 'O''Brien'"}),
    ("None is null", B.equals("city", None), {"$filter": "city eq null"}),
    ("naive datetime read in the protocol's zone, sent in UTC",
     B.greater("created_date_time", datetime(2018, 3, 21)),
     {"$filter": "createdDateTime gt 2018-03-20T23:00:00Z"}),
    ("date", B.less("due", date(2024, 1, 31)), {"$filter": "dueDateTime/dateTime lt 2024-01-31"}),
    ("functions", B.chain_and(B.contains("subject", "a"), B.startswith("subject", "b"),
                              B.endswith("subject", "c")),
     {"$filter": "contains(subject,'a') and startswith(subject,'b') and endswith(subject,'c')"}),
    ("python-o365 shorthands", B.equals("from", "a@b.com"),
     {"$filter": "from/emailAddress/address eq 'a@b.com'"}),
    ("start shorthand", B.greater_equal("start", datetime(2018, 5, 20, 2)),
     {"$filter": "start/dateTime ge 2018-05-20T00:00:00Z"}),
    ("chain_or then and: grouped by precedence (python-o365 writes a or b and c)",
     B.chain_or(B.contains("subject", "george best"), B.startswith("subject", "quotes"))
     & B.greater("created_date_time", datetime(2018, 3, 21, 1)),
     {"$filter": "(contains(subject,'george best') or startswith(subject,'quotes')) and "
                 "createdDateTime gt 2018-03-21T00:00:00Z"}),
    ("| between filters", B.equals("a", 1) | B.equals("b", 2), {"$filter": "a eq 1 or b eq 2"}),
    ("group", B.group(B.chain_or(B.equals("a", 1), B.equals("b", 2))),
     {"$filter": "(a eq 1 or b eq 2)"}),
    ("chain_or(group=True)", B.chain_or(B.equals("a", 1), B.equals("b", 2), group=True),
     {"$filter": "(a eq 1 or b eq 2)"}),
    ("negate a function", B.negate(B.startswith("subject", "RE")),
     {"$filter": "not startswith(subject,'RE')"}),
    ("negate a comparison", B.negate(B.equals("is_read", True)), {"$filter": "not (isRead eq true)"}),
    ("any over a collection",
     B.any("to_recipients", B.equals("email_address/address", "a@b.com")),
     {"$filter": "toRecipients/any(a:a/emailAddress/address eq 'a@b.com')"}),
    ("all with an item name",
     B.all("email_addresses", B.endswith("address", "@contoso.com"), item_name="e"),
     {"$filter": "emailAddresses/all(e:endswith(e/address,'@contoso.com'))"}),
    ("search", B.search("george best is da boss"), {"$search": '"george best is da boss"'}),
    ("search on an attribute", B.search("george", attribute="subject"),
     {"$search": '"subject:george"'}),
    ("orderby names and (name, ascending) pairs",
     B.orderby("subject", ("received_date_time", False)),
     {"$orderby": "subject,receivedDateTime desc"}),
    ("order_by is the same", B.order_by("subject"), {"$orderby": "subject"}),
    ("select", B.select("subject", "to_recipients", "created_date_time"),
     {"$select": "subject,toRecipients,createdDateTime"}),
    ("select meeting message type through the type cast", B.select("meeting_message_type"),
     {"$select": "microsoft.graph.eventMessage/meetingMessageType"}),
    ("expand event through the type cast", B.expand("event"),
     {"$expand": "microsoft.graph.eventMessage/event"}),
    ("expand with its own select", B.expand("attachments", select=B.select("name", "size")),
     {"$expand": "attachments($select=name,size)"}),
    ("options merge with &",
     B.equals("is_read", False) & B.orderby(("received_date_time", False)) & B.select("subject"),
     {"$filter": "isRead eq false", "$orderby": "receivedDateTime desc", "$select": "subject"}),
    ("search with select", B.search("x") & B.select("subject"),
     {"$search": '"x"', "$select": "subject"}),
    ("two searches", B.search("a") & B.search("b"), {"$search": '"a AND b"'}),
]


@pytest.mark.parametrize(("name", "built", "params"), CASES, ids=[c[0] for c in CASES])
def test_builder_renders(name: str, built: CompositeFilter, params: dict[str, str]) -> None:
    assert built.as_params() == params
    assert as_query(built) == built.to_query()


def test_search_does_not_mix_with_filters_or_order() -> None:
    with pytest.raises(ValueError, match="search"):
        _ = B.search("x") & B.equals("a", 1)
    with pytest.raises(ValueError, match="search"):
        _ = B.orderby("a") & B.search("x")


def test_or_takes_filters_only() -> None:
    with pytest.raises(ValueError, match=r"\|"):
        _ = B.equals("a", 1) | B.select("a")


def test_unknown_operators_are_refused() -> None:
    with pytest.raises(ValueError, match="comparison"):
        B.logical_operation("like", "a", 1)
    with pytest.raises(ValueError, match="function"):
        B.function_operation("matches", "a", "x")
    with pytest.raises(ValueError, match="any or all"):
        B.iterable_operation("some", "a", B.equals("b", 1))
    with pytest.raises(ValueError, match="at least one"):
        B.chain_and()


def test_get_filter_by_attribute_reads_the_compared_word() -> None:
    built = B.greater_equal("start", datetime(2018, 5, 20)) & B.equals("subject", "x")
    assert built.get_filter_by_attribute("start/") == "2018-05-19T22:00:00Z"
    assert built.get_filter_by_attribute("SUBJECT") == "'x'"
    assert built.get_filter_by_attribute("end/") is None


def test_composite_views() -> None:
    built = B.equals("a", 1)
    assert built.has_filters and built.has_only_filters and not built.has_search
    both = built & B.select("b")
    assert both.has_selects and not both.has_only_filters
    both.clear_filters()
    assert both.as_params() == {"$select": "b"}
    assert str(built).startswith("Filters: a eq 1\n")


def test_directory_builder_adds_consistency_level_to_advanced_queries() -> None:
    directory = QueryBuilder(MSGraphProtocol(), advanced=True)
    query = as_query(directory.endswith("mail", "@contoso.com"))
    assert query is not None
    assert query.headers() == {"ConsistencyLevel": "eventual"}
    assert query.as_params()["$count"] == "true"
    assert as_query(B.endswith("mail", "x")).headers() == {}  # type: ignore[union-attr]


def test_a_plain_string_is_a_filter() -> None:
    query = as_query("contains(subject, 'x')")
    assert query == Query().filter("contains(subject, 'x')")
    with pytest.raises(ValueError, match="empty"):
        as_query("  ")
    with pytest.raises(TypeError, match="query takes"):
        as_query(42)  # type: ignore[arg-type]
