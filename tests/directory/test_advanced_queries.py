"""Directory lists follow Graph's advanced-query rules (GRAPH_FACTS §1) because the User spec
says `advanced_queries: true`: $search, $count, $orderby and ne/not/endswith filters go out
with `ConsistencyLevel: eventual` (and `$count=true` where Graph needs it), plain ones without.

Checked against Microsoft's documented example (cassette, user-list.md Example 6) and end to
end against the emulator, which answers Graph's 400 when the header is missing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import vcr

from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol
from generated.o365._runtime.errors import BadRequestError
from generated.o365._runtime.query import F, Query
from generated.o365._runtime.token_backends.token import Token
from generated.o365.emulator import EmulatorServer

CASSETTES = Path(__file__).parent / "cassettes"


def test_search_users_sends_the_header_user_list_md() -> None:
    account = Account(("client-id", "client-secret"), tenant_id="contoso.onmicrosoft.com",
                      token_backend=MemoryTokenBackend())
    account.token_backend.save_token(Token(access_token="cassette-token",
                                           expires_at=time.time() + 3600,
                                           scopes=("https://graph.microsoft.com/.default",)))
    recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none")
    with recorder.use_cassette("users_search_count.yaml",
                               match_on=["method", "scheme", "host", "path"]) as played:
        pager = account.directory().get_users(query=Query().search("displayName:wa").count(),
                                              order_by="displayName")
        users = list(pager)
    assert [u.display_name for u in users] == ["Oscar Ward"]
    assert pager.count == 7
    [sent] = played.requests
    assert sent.headers["ConsistencyLevel"] == "eventual"
    query = parse_qs(urlsplit(sent.uri).query)
    assert query["$search"] == ['"displayName:wa"'] and query["$orderby"] == ["displayName"]
    assert query["$count"] == ["true"]


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=5) as emulator:
        yield emulator


@pytest.fixture
def account(server: EmulatorServer) -> Account:
    account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                      tenant_id=server.tenant_id,
                      protocol=MSGraphProtocol(protocol_url=server.url, timezone="UTC"),
                      authority_host=server.url.rstrip("/"), token_backend=MemoryTokenBackend(),
                      username="adele@contoso.onmicrosoft.com")
    assert account.authenticate()
    return account


def test_search_users_works_against_the_emulator(account: Account) -> None:
    directory = account.directory()
    found = directory.get_users(query=Query().search("displayName:wi"))
    assert {u.display_name for u in found} == {"Alex Wilber", "Nestor Wilke"}
    # The same request without the header is what Graph (and the emulator) refuse.
    with pytest.raises(BadRequestError) as refused:
        account.con.get("users", params={"$search": '"displayName:wi"'})
    assert refused.value.code == "Request_UnsupportedQuery"


def test_filters_counts_and_sorting_that_need_advanced_queries(account: Account) -> None:
    directory = account.directory()
    ends = directory.get_users(
        query=Query().filter(F("mail").endswith("gan@contoso.onmicrosoft.com")))
    assert [u.display_name for u in ends] == ["Megan Bowen"]
    counted = directory.get_users(query=Query().filter(F("displayName").ne("x")).count(),
                                  limit=3)
    assert len(list(counted)) == 3 and counted.count == 12
    ordered = directory.get_users(order_by="displayName", limit=2)
    assert [u.display_name for u in ordered] == ["Adele Vance", "Alex Wilber"]
    with pytest.raises(BadRequestError):
        account.con.get("users", params={"$filter": "endswith(mail,'n@contoso.onmicrosoft.com')"})
