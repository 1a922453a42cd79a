"""`python -m bench.serve`: the emulator for the benchmarks, in its own process.

Seeds one mail folder per requested size with deterministic messages (bench.data), prints a
single JSON line describing the tenant (see :class:`bench.server.ServerInfo`), then serves
until its stdin closes or it gets SIGTERM/SIGINT. Fault injection stays off, except
``--latency``: every Graph request then waits that long before its answer (the emulator's
``delay`` fault), for the concurrency row, with ``--mailboxes`` extra users holding mail.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import Any
from urllib.parse import quote

import requests

from generated.o365.emulator import EmulatorServer

from .data import messages

BATCH_IDS = 100  # message ids handed to the batching scenario
MAILBOX_MESSAGES = 20  # in each --mailboxes user: more than the 10 latest the row reads


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.serve")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--folders", default="", help="comma-separated folder sizes, e.g. 5000")
    parser.add_argument("--mailboxes", type=int, default=0,
                        help="create this many users with mail (the concurrency row)")
    parser.add_argument("--latency", type=float, default=0.0,
                        help="seconds each Graph request waits before its answer")
    return parser.parse_args(argv)


def _app_session(server: EmulatorServer) -> requests.Session:
    token = requests.post(
        f"{server.url}{server.tenant_id}/oauth2/v2.0/token", timeout=30,
        data={"grant_type": "client_credentials", "client_id": server.client_id,
              "client_secret": server.client_secret,
              "scope": "https://graph.microsoft.com/.default"})
    token.raise_for_status()
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    return session


def seed(server: EmulatorServer, sizes: list[int], mailboxes: int = 0) -> dict[str, Any]:
    """Create the folders, mailboxes and the drive facts the scenarios need; returns
    ServerInfo JSON."""
    user = server.users[0]
    session = _app_session(server)
    boxes = [_mailbox(server, session, n) for n in range(mailboxes)]
    base = f"{server.graph_url}users/{user}"
    folders: dict[str, str] = {}
    batch_ids: list[str] = []
    for size in sizes:
        reply = session.post(f"{base}/mailFolders", timeout=30,
                             json={"displayName": f"Bench {size}"})
        reply.raise_for_status()
        folder_id = str(reply.json()["id"])
        server.bulk_insert("microsoft.graph.message", user, messages(size, folder_id))
        folders[str(size)] = folder_id
        if not batch_ids:
            page = session.get(f"{base}/mailFolders/{quote(folder_id, safe='')}/messages",
                               params={"$top": str(BATCH_IDS), "$select": "id"}, timeout=30)
            page.raise_for_status()
            batch_ids = [str(m["id"]) for m in page.json()["value"]]
    drive = session.get(f"{base}/drive", timeout=30)
    drive.raise_for_status()
    drive_id = str(drive.json()["id"])
    root = session.get(f"{server.graph_url}drives/{quote(drive_id, safe='')}/root", timeout=30)
    root.raise_for_status()
    session.close()
    return {
        "url": server.url, "tenant_id": server.tenant_id, "client_id": server.client_id,
        "client_secret": server.client_secret, "user": user, "folders": folders,
        "batch_ids": batch_ids, "drive_id": drive_id,
        "root_id": root.json()["id"], "mailboxes": boxes,
    }


def _mailbox(server: EmulatorServer, session: requests.Session, n: int) -> str:
    """A new user (through Graph, as an admin would) with MAILBOX_MESSAGES messages."""
    upn = f"bench{n:03d}@{server.users[0].split('@', 1)[1]}"
    reply = session.post(f"{server.graph_url}users", timeout=30, json={
        "accountEnabled": True, "displayName": f"Bench mailbox {n}", "mailNickname": f"bench{n:03d}",
        "userPrincipalName": upn,
        "passwordProfile": {"password": "Bench-mailbox-1", "forceChangePasswordNextSignIn": False}})
    reply.raise_for_status()
    server.bulk_insert("microsoft.graph.message", upn, messages(MAILBOX_MESSAGES))
    return upn


def _stop_on_eof(stop: threading.Event) -> None:
    sys.stdin.read()
    stop.set()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(s) for s in args.folders.split(",") if s.strip()]
    server = EmulatorServer(port=0, seed=args.seed).start()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        info = seed(server, sizes, args.mailboxes)
        if args.latency:
            server.faults.set(delay=args.latency)  # Graph only: sign-in stays immediate
        print(json.dumps(info), flush=True)
        # The parent keeps our stdin open while it needs us; EOF means it is gone.
        threading.Thread(target=_stop_on_eof, args=(stop,), daemon=True).start()
        stop.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
