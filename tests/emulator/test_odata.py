"""OData query options: the parser on plain dicts, then paging and directory rules over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.odata import (
    FilterSyntax,
    UnknownProperty,
    compile_filter,
    parse_orderby,
    sort_items,
)

from .conftest import Graph, assert_envelope

PEOPLE: list[dict[str, Any]] = [
    {"name": "Adele", "age": 31, "mails": ["a@x.com", "adele@y.com"], "when": "2024-01-02T00:00:00Z",
     "from": {"address": "a@x.com"}},
    {"name": "Alex", "age": 25, "mails": [], "when": "2023-05-01T10:00:00Z",
     "from": {"address": "alex@z.com"}},
    {"name": "Megan O'Neil", "age": None, "mails": ["m@x.com"], "when": None,
     "from": {"address": "m@x.com"}},
]


def names(expression: str) -> list[str]:
    compiled = compile_filter(expression)
    return [p["name"] for p in PEOPLE if compiled.predicate(p)]


@pytest.mark.parametrize(("expression", "expected"), [
    ("name eq 'adele'", ["Adele"]),
    ("name ne 'Adele'", ["Alex", "Megan O'Neil"]),
    ("age gt 25", ["Adele"]),
    ("age ge 25 and age lt 31", ["Alex"]),
    ("age le 25 or name eq 'Megan O''Neil'", ["Alex", "Megan O'Neil"]),
    ("not (age eq 25)", ["Adele", "Megan O'Neil"]),
    ("startswith(name, 'Al')", ["Alex"]),
    ("endswith(name,'neil')", ["Megan O'Neil"]),
    ("contains(name, 'e')", ["Adele", "Alex", "Megan O'Neil"]),
    ("mails/any(m: m eq 'm@x.com')", ["Megan O'Neil"]),
    ("mails/any(m:endswith(m, 'y.com'))", ["Adele"]),
    ("from/address eq 'alex@z.com'", ["Alex"]),
    ("when ge 2024-01-01T00:00:00Z", ["Adele"]),
    ("age eq null", ["Megan O'Neil"]),
    ("name in ('Alex', 'Adele')", ["Adele", "Alex"]),
])
def test_filter_semantics(expression: str, expected: list[str]) -> None:
    assert names(expression) == expected


@pytest.mark.parametrize("expression", [
    "", "name eq", "name eq 'x", "(name eq 'x'", "startswith(name)", "name eq 'a' and",
    "mails/any(eq 'x')", "name !! 'x'",
])
def test_malformed_filters_raise(expression: str) -> None:
    with pytest.raises(FilterSyntax):
        compile_filter(expression)


def test_unknown_property_and_advanced_operators() -> None:
    with pytest.raises(UnknownProperty):
        compile_filter("shoe eq 1", frozenset({"name"}))
    assert compile_filter("not endswith(name,'x') and age ne 1").advanced_operators == {
        "not", "endswith", "ne"}


def test_orderby_sorts_nulls_first_and_descending() -> None:
    keys = parse_orderby("age desc, name")
    assert [p["name"] for p in sort_items(PEOPLE, keys)] == ["Adele", "Alex", "Megan O'Neil"]
    assert [p["name"] for p in sort_items(PEOPLE, parse_orderby("age"))][0] == "Megan O'Neil"


def test_users_paging_uses_opaque_skiptoken(app_graph: Graph) -> None:
    seen: list[str] = []
    url = "users?$top=5&$select=displayName"
    pages = 0
    while url and pages < 10:
        body = app_graph.get(url).json()
        seen += [u["displayName"] for u in body["value"]]
        url = body.get("@odata.nextLink")
        if url:
            assert url.startswith(app_graph.server.graph_url)
            assert "$skiptoken=" in url and "$select=displayName" in url and "$top=5" in url
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 12
    assert_envelope(app_graph.get("users?$skip=2"), 400, "Request_BadRequest")
    assert_envelope(app_graph.get("users?$top=1000"), 400, "Request_BadRequest")


def test_directory_advanced_query_rules(app_graph: Graph) -> None:
    eventual = {"ConsistencyLevel": "eventual"}
    plain = app_graph.get("users?$count=true").json()
    assert "@odata.count" not in plain  # silently ignored without the header
    counted = app_graph.get("users?$count=true&$top=5", headers=eventual).json()
    assert counted["@odata.count"] == 12
    second = app_graph.get(counted["@odata.nextLink"], headers=eventual).json()
    assert "@odata.count" not in second  # only on the first page
    assert_envelope(app_graph.get("users/$count"), 400, "Request_BadRequest")
    reply = app_graph.get("users/$count", headers=eventual)
    assert reply.text == "12" and reply.headers["Content-Type"].startswith("text/plain")
    assert_envelope(app_graph.get('users?$search="displayName:wi"'), 400,
                    "Request_UnsupportedQuery")
    found = app_graph.get('users?$search="displayName:wi"', headers=eventual).json()
    assert {u["displayName"] for u in found["value"]} == {"Alex Wilber", "Nestor Wilke"}
    assert_envelope(app_graph.get("users?$filter=endswith(mail,'n@contoso.onmicrosoft.com')"),
                    400, "Request_UnsupportedQuery")
    ends = app_graph.get("users?$filter=endswith(mail,'gan@contoso.onmicrosoft.com')&$count=true",
                         headers=eventual).json()
    assert [u["displayName"] for u in ends["value"]] == ["Megan Bowen"]
    assert_envelope(app_graph.get("users?$filter=startswith(displayName,'A')"
                                  "&$orderby=displayName"), 400, "Request_UnsupportedQuery")
    ordered = app_graph.get("users?$orderby=displayName desc&$top=2").json()
    assert [u["displayName"] for u in ordered["value"]] == ["Pradeep Gupta", "Patti Fernandez"]


def test_select_returns_only_selected(app_graph: Graph) -> None:
    body = app_graph.get("users/megan@contoso.onmicrosoft.com?$select=department,jobTitle").json()
    assert body["@odata.context"].endswith("users(department,jobTitle)/$entity")
    assert {k for k in body if not k.startswith("@")} == {"department", "jobTitle"}


def test_system_query_options_without_dollar(app_graph: Graph) -> None:
    """`select=`, `top=`, `expand=a(select=b)` as the SharePoint pages write them act as
    `$select`... (concepts/query-parameters.md: the `$` prefix is optional)."""
    body = app_graph.get("users/megan@contoso.onmicrosoft.com?select=department,jobTitle").json()
    assert {k for k in body if not k.startswith("@")} == {"department", "jobTitle"}
    assert len(app_graph.get("users?top=2").json()["value"]) == 2
    group = app_graph.get("groups?$filter=displayName eq 'Marketing'").json()["value"][0]
    expanded = app_graph.get(f"groups/{group['id']}?expand=members(select=displayName)").json()
    assert expanded["members"] and all(set(m) <= {"@odata.type", "id", "displayName"}
                                       for m in expanded["members"])


def test_outlook_paging_with_skip_and_maxpagesize(server: EmulatorServer, me_graph: Graph) -> None:
    folder = me_graph.post("me/mailFolders", json={"displayName": "Bulk"}).json()
    server.bulk_insert("microsoft.graph.outlookTask", "adele@contoso.onmicrosoft.com",
                       ({"subject": f"m{i}", "parentFolderId": folder["id"], "isRead": i % 2 == 0}
                        for i in range(35)))
    first = me_graph.get(f"me/mailFolders/{folder['id']}/messages").json()
    assert len(first["value"]) == 10  # the spec's default page size
    assert "$skip=10" in first["@odata.nextLink"]
    assert first["value"][0]["@odata.etag"].startswith('W/"')
    reply = me_graph.get(f"me/mailFolders/{folder['id']}/messages?$select=subject",
                         headers={"Prefer": "odata.maxpagesize=20"})
    assert reply.headers["Preference-Applied"] == "odata.maxpagesize=20"
    body = reply.json()
    assert len(body["value"]) == 20
    assert set(body["value"][0]) == {"@odata.etag", "subject", "id"}
    subjects = []
    url: str | None = f"me/mailFolders/{folder['id']}/messages?$filter=isRead eq true&$top=7"
    while url:
        page = me_graph.get(url).json()
        subjects += [m["subject"] for m in page["value"]]
        url = page.get("@odata.nextLink")
    assert subjects == [f"m{i}" for i in range(0, 35, 2)]
    counted = me_graph.get(f"me/mailFolders/{folder['id']}/messages?$count=true&$top=1").json()
    assert counted["@odata.count"] == 35  # Outlook needs no ConsistencyLevel
    assert_envelope(me_graph.get(f"me/mailFolders/{folder['id']}/messages?$top=1001"), 400,
                    "BadRequest")
