from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.paging import Paginator
from generated.o365._runtime.query import F, Query
from tests.runtime.conftest import cassette
from tests.support import RecordedRequest, Reply, ScriptServer


def identity(item: Any) -> Any:
    return item


def serve_pages(
    server: ScriptServer,
    total: int,
    page_size: int,
    *,
    path: str = "/v1.0/items",
    empty_first: bool = False,
) -> None:
    """Serve `total` items in pages under `path`; page N is `path?page=N` (an opaque link)."""

    def handler(req: RecordedRequest) -> Reply:
        page = int(req.query.get("page", ["0"])[0])
        start = (page - 1 if empty_first else page) * page_size
        values = [{"n": n} for n in range(max(start, 0), min(start + page_size, total))]
        body: dict[str, Any] = {"value": values}
        if page == 0:
            body["@odata.count"] = total
        if start + page_size < total or (empty_first and page == 0):
            body["@odata.nextLink"] = server.url(f"{path}?page={page + 1}&$skiptoken=t{page}")
        return Reply(200, body=body)

    server.route("GET", path, handler)


def test_many_pages_with_limit_stop_requesting(
    con: Connection, script_server: ScriptServer
) -> None:
    serve_pages(script_server, total=500, page_size=10)
    pager = Paginator(con, "items", identity, limit=95)
    assert [item["n"] for item in pager] == list(range(95))
    assert pager.pages_fetched == 10 and len(script_server.requests) == 10
    assert pager.count == 500


def test_all_pages_followed_until_no_next_link(
    con: Connection, script_server: ScriptServer
) -> None:
    serve_pages(script_server, total=123, page_size=10)
    pager = Paginator(con, "items", lambda item: item["n"] * 2)
    assert list(pager) == [n * 2 for n in range(123)]
    assert pager.pages_fetched == 13 and pager.next_link is None


def test_next_link_is_opaque_params_first_only_headers_every_page(
    con: Connection, script_server: ScriptServer
) -> None:
    serve_pages(script_server, total=30, page_size=10)
    query = Query().select("n").filter(F("n").ne(3)).order_by("n")
    pager = Paginator(
        con,
        "items",
        identity,
        params=query.as_params(advanced=True),
        headers=query.headers(advanced=True),
    )
    assert len(list(pager)) == 30
    first, *rest = script_server.requests
    assert first.query["$select"] == ["n"] and first.query["$count"] == ["true"]
    for req in rest:
        assert "$select" not in req.query and "$filter" not in req.query
        assert req.query["$skiptoken"]  # the link was used exactly as given
    assert all(r.headers["consistencylevel"] == "eventual" for r in script_server.requests)


def test_empty_page_with_next_link_is_followed(
    con: Connection, script_server: ScriptServer
) -> None:
    serve_pages(script_server, total=5, page_size=5, empty_first=True)
    assert len(list(Paginator(con, "items", identity))) == 5


def test_page_size_top_and_limit_below_page_size(
    con: Connection, script_server: ScriptServer
) -> None:
    serve_pages(script_server, total=50, page_size=50)
    list(Paginator(con, "items", identity, page_size=25))
    list(Paginator(con, "items", identity, page_size=25, limit=7))
    assert script_server.requests[0].query["$top"] == ["25"]
    assert script_server.requests[1].query["$top"] == ["7"]


def test_page_size_prefer_mode(con: Connection, script_server: ScriptServer) -> None:
    serve_pages(script_server, total=3, page_size=3)
    list(
        Paginator(
            con,
            "items",
            identity,
            page_size=2,
            page_size_mode="prefer",
            headers={"Prefer": 'outlook.body-content-type="text"'},
        )
    )
    sent = script_server.requests[0]
    assert "$top" not in sent.query
    assert sent.headers["prefer"] == (
        'outlook.timezone="UTC", outlook.body-content-type="text", odata.maxpagesize=2'
    )


def test_lazy_and_next(con: Connection, script_server: ScriptServer) -> None:
    serve_pages(script_server, total=20, page_size=10)
    pager = Paginator(con, "items", identity)
    assert script_server.requests == []
    assert next(pager) == {"n": 0}
    assert len(script_server.requests) == 1
    assert pager.next_link is not None and "page=1" in pager.next_link


def test_previous_pages_are_released(con: Connection, script_server: ScriptServer) -> None:
    class Item:
        def __init__(self, raw: dict[str, int]) -> None:
            self.n = raw["n"]

    serve_pages(script_server, total=40, page_size=10)
    refs: list[weakref.ref[Item]] = []
    for item in Paginator(con, "items", Item):
        refs.append(weakref.ref(item))
        del item
        if len(refs) == 35:
            gc.collect()
            assert sum(r() is not None for r in refs) <= 10  # at most the current page alive
            break


@pytest.mark.parametrize(
    "kwargs", [{"limit": 0}, {"page_size": -1}, {"page_size_mode": "x"}, {"limit": True}]
)
def test_bad_arguments(con: Connection, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Paginator(con, "items", identity, **kwargs)


def test_documented_message_list_from_cassette(graph_con: Connection) -> None:
    with cassette("paging_list_messages.yaml"):
        pager = Paginator(
            graph_con,
            "me/messages",
            lambda m: m["subject"],
            params=Query().select("sender", "subject").as_params(),
            page_size=1,
        )
        assert list(pager) == ["You have late tasks!", "You have late tasks!"]
    assert pager.pages_fetched == 2


def test_documented_users_count_only_on_first_page(graph_con: Connection) -> None:
    query = (
        Query(advanced=True)
        .select("id", "displayName", "userPrincipalName")
        .filter(F("city").eq(None))
        .count()
    )
    with cassette("paging_users_count.yaml"):
        pager = Paginator(
            graph_con,
            "users",
            lambda u: u["displayName"],
            params=query.as_params(),
            headers=query.headers(),
        )
        assert list(pager) == ["Lynne Robbins", "Adele Vance"]
    assert pager.count == 36


def test_truthiness_and_indexing_read_ahead_only_as_far_as_needed(
    con: Connection, script_server: ScriptServer
) -> None:
    """python-o365 returns lists for one page, so its users write `if items:` and `items[0]`."""
    serve_pages(script_server, total=35, page_size=10)
    pager = Paginator(con, "items", lambda item: item["n"])
    assert pager and pager.pages_fetched == 1
    assert pager[0] == 0 and pager[12] == 12 and pager.pages_fetched == 2
    assert pager[3:5] == [3, 4] and pager.pages_fetched == 2
    # Iteration still yields every item, the ones read ahead first, each once.
    assert list(pager) == list(range(35)) and pager.pages_fetched == 4
    with pytest.raises(IndexError):
        Paginator(con, "items", identity, limit=2)[5]
    with pytest.raises(TypeError, match="integers or slices"):
        pager["a"]  # type: ignore[call-overload]


def test_an_empty_collection_is_falsy(con: Connection, script_server: ScriptServer) -> None:
    serve_pages(script_server, total=0, page_size=10)
    pager = Paginator(con, "items", identity)
    assert not pager
    assert list(pager) == []
    assert Paginator(con, "items", identity)[-1:] == []


def test_len_reads_every_page_before_iterating_and_not_after(
    con: Connection, script_server: ScriptServer
) -> None:
    """python-o365's first page was a list, so its users write `len(items)`."""
    serve_pages(script_server, total=35, page_size=10)
    pager = Paginator(con, "items", lambda item: item["n"], limit=25)
    assert len(pager) == 25 and pager.pages_fetched == 3
    assert list(pager) == list(range(25)) and pager.pages_fetched == 3  # nothing fetched twice
    walking = Paginator(con, "items", lambda item: item["n"])
    iterator = iter(walking)
    assert next(iterator) == 0
    with pytest.raises(TypeError, match="already being iterated"):
        len(walking)
    assert list(Paginator(con, "items", lambda item: item["n"])) == list(range(35))  # list() still works
