"""Property tests (hypothesis): no id, name or path part changes a request's shape or host.

For any text, the library either refuses it before sending (``ValueError``) or sends exactly
one request, to the Graph host, whose path has the shape the operation defines: the id is
one segment that decodes back to the value, an item path is its own segments, and nothing
the value holds (``/``, ``..``, ``?``, ``#``, ``@``, ``\\``, ``%2e``, a URL) adds a segment,
a query or another host. Requests go over real sockets to a Graph stand-in on 127.0.0.1 and
the request targets are checked as the server received them. Local file names made from
server names never leave their folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.download import UniqueNames, inside, local_name
from generated.o365._runtime.errors import GraphError, UnsafeURLError
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365.mail.mailbox import Mailbox
from generated.o365.storage.drive import Drive
from tests.security.conftest import StaticTokens, no_sleep
from tests.support import Reply, ScriptServer

TRICKY = ["", ".", "..", "...", "/", "//", "\\", "..\\..", "%2e", "%2E%2e", "%2f", "?", "#",
          "@", ":", ";", "'", '"', " ", "\t", "\n", "\x00", "\u202e", "\ud800", "\udcff", "é",
          "https://evil.example/", "//evil.example", "@evil.example", "http:", "users",
          "$batch", "%", "%%", "+", "&", "=", "~"]
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

pieces = st.one_of(st.sampled_from(TRICKY),
                   st.text(max_size=12))
texts = st.lists(pieces, min_size=1, max_size=6).map("".join)


@contextmanager
def graph_and_hostile() -> Iterator[tuple[Connection, ScriptServer, ScriptServer]]:
    missing = Reply(404, body={"error": {"code": "itemNotFound", "message": "not found"}})
    with ScriptServer(fallback=missing) as graph, ScriptServer() as hostile:
        protocol = MSGraphProtocol(protocol_url=graph.base_url, timezone="UTC")
        with Connection(protocol=protocol, token_provider=StaticTokens(), sleep=no_sleep,
                        timeout=(2.0, 5.0)) as con:
            yield con, graph, hostile


def sent_or_refused(graph: ScriptServer, hostile: ScriptServer, call: object) -> str | None:
    """Run ``call``; the one target Graph received, or None when it was refused locally."""
    before = len(graph.requests)
    try:
        call()  # type: ignore[operator]
    except (ValueError, UnsafeURLError):
        assert len(graph.requests) == before, "refused, yet something was sent"
        return None
    except GraphError as error:
        assert error.status == 404
    assert hostile.requests == []
    assert len(graph.requests) == before + 1
    target = graph.requests[-1].target
    assert "?" not in target and "#" not in target, target
    return target


@SETTINGS
@given(message_id=texts)
def test_an_id_is_one_segment_that_decodes_back(message_id: str) -> None:
    with graph_and_hostile() as (con, graph, hostile):
        mailbox = Mailbox(con, "me")
        target = sent_or_refused(graph, hostile, lambda: mailbox.get_message(message_id))
        if target is None:
            return
        head, _, last = target.rpartition("/")
        assert head == "/v1.0/me/messages", target
        assert unquote(last) == message_id


@SETTINGS
@given(parts=st.lists(texts, min_size=1, max_size=4))
def test_an_item_path_keeps_its_own_segments(parts: list[str]) -> None:
    item_path = "/".join(parts)
    with graph_and_hostile() as (con, graph, hostile):
        drive = Drive._factory(con, {"resource": "me"})({"id": "d1"})
        target = sent_or_refused(graph, hostile, lambda: drive.get_item_by_path(item_path))
        if target is None:
            return
        prefix, suffix = "/v1.0/drives/d1/root:/", ":"
        assert target.startswith(prefix) and target.endswith(suffix), target
        sent = target[len(prefix):-len(suffix)].split("/")
        assert [unquote(s) for s in sent] == [p for p in item_path.strip("/").split("/")]
        assert all(s not in (".", "..") and unquote(s) not in (".", "..") for s in sent)


@SETTINGS
@given(user=texts)
def test_a_resource_path_stays_a_path_on_graph(user: str) -> None:
    """`{resource}` is a path (`users/x`, `sites/host:/sites/a:`): its slashes stay, but no
    segment is '.' or '..', and nothing becomes a query, a fragment or another host."""
    with graph_and_hostile() as (con, graph, hostile):
        target = sent_or_refused(graph, hostile,
                                 lambda: Mailbox(con, _resource(user)).get_message("m1"))
        if target is None:
            return
        assert target.startswith("/v1.0/users/") and target.endswith("/messages/m1"), target
        middle = target[len("/v1.0/"):-len("/messages/m1")].split("/")
        assert all(unquote(s) not in ("", ".", "..") for s in middle), target
        assert "/".join(unquote(s) for s in middle) == f"users/{user}"


def _resource(user: str) -> str:
    from generated.o365._runtime.paths import resource_path

    return resource_path(f"users/{user}")


@SETTINGS
@given(names=st.lists(st.one_of(texts, st.none()), min_size=1, max_size=5), fallback=texts)
def test_local_names_stay_in_their_folder(names: list[str | None], fallback: str) -> None:
    folder = Path(os.path.abspath("downloads"))
    unique = UniqueNames()
    made = [unique(local_name(name, fallback)) for name in names]
    for name in made:
        assert name and name not in (".", "..") and "/" not in name and "\\" not in name
        assert len(name.encode("utf-8")) <= 255 + len(" (99)")
        assert Path(inside(folder, name)).parent == folder
    assert len({n.casefold() for n in made}) == len(made)  # unique within one folder
