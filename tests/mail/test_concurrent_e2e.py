"""Reading several mailboxes at once against the emulator over real sockets: `concurrent`
and `account.batch()` give what the sequential loop gives, with the emulator throttling."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pytest

from generated.o365 import Account
from generated.o365.emulator import EmulatorServer
from generated.o365.mail.message import Message
from tests.support.accounts import emulator_account
from tests.support.emulated import GraphCalls


@pytest.fixture
def tenant() -> Iterator[tuple[EmulatorServer, Account]]:
    """The emulator, and an app-only account on it."""
    with EmulatorServer(seed=5) as server:
        yield server, emulator_account(server, server.users[0])


def latest(account: Account, user: str) -> list[Message]:
    return list(account.mailbox(user).get_messages(limit=3))


def subjects(boxes: list[list[Message]]) -> list[list[str | None]]:
    return [[m.subject for m in box] for box in boxes]


def test_concurrent_reads_what_the_sequential_loop_reads(
        tenant: tuple[EmulatorServer, Account]) -> None:
    server, account = tenant
    users = server.users[:6]
    sequential = [latest(account, user) for user in users]
    # A paginator is returned and read to its end on the worker.
    at_once = account.concurrent([partial(account.mailbox(u).get_messages, limit=3) for u in users],
                         max_workers=6)
    assert subjects(at_once) == subjects(sequential)
    assert any(box for box in at_once)  # the seeded tenant has mail: a real comparison


def test_throttling_by_the_emulator_is_waited_out_by_every_thread(
        tenant: tuple[EmulatorServer, Account]) -> None:
    server, account = tenant
    users = server.users[:6]
    expected = subjects([latest(account, user) for user in users])
    server.faults.set(throttle_every=4, retry_after=0.2)
    got = subjects(account.concurrent([partial(latest, account, u) for u in users], max_workers=6))
    assert got == expected
    assert server.faults.injected["throttle_every"] >= 1  # 429s happened and were retried


def test_a_batch_reads_every_mailbox_in_one_post(tenant: tuple[EmulatorServer, Account]) -> None:
    server, account = tenant
    users = server.users[:6]
    inboxes = [account.mailbox(u).inbox_folder() for u in users]
    with GraphCalls(server) as calls, account.batch() as batch:
        items = [batch.call(account.mailbox(u).inbox_folder) for u in users]
    assert [item.result().id for item in items] == [inbox.id for inbox in inboxes]
    # One POST, whose six sub-requests the emulator answers as Graph does.
    assert [c for c in calls.seen if c.startswith("POST")] == ["POST $batch"]
    assert len(calls.seen) == 1 + len(users)
