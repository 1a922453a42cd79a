"""A large file through an upload session, and back as a streamed download.

Library: ``Folder.upload_file`` (10 MiB fragments through ``generated.o365._runtime.upload``) and
``generated.o365._runtime.download.download`` of the item's ``/content`` to a path (temporary file, fsync,
rename). Raw: ``requests`` creating the same session, PUTting the same fragments, and
streaming the same GET (1 MiB chunks) into a file with the same fsync and rename.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from ..clients import DRIVE_MODULES, Traffic, library_account, preload, raw_session, segment

if TYPE_CHECKING:
    from ..child import Stopwatch
    from ..server import ServerInfo

FRAGMENT = 10 * 1024 * 1024  # the runtime's default drive fragment (a 320 KiB multiple)
CHUNK = 1024 * 1024  # the runtime's default download chunk


def _need(info: ServerInfo | None) -> ServerInfo:
    if info is None:
        raise ValueError("transfers need the emulator")
    return info


def _item_path(info: ServerInfo) -> str:
    return f"drives/{segment(info.drive_id)}/items/{segment(info.root_id)}"


def upload_library(clock: Stopwatch, info: ServerInfo | None,
                   params: dict[str, Any]) -> dict[str, Any]:
    info = _need(info)
    account = library_account(info)
    traffic = Traffic(account.con.get_session())
    root = account.storage(info.user).get_default_drive().get_root_folder()
    preload(*DRIVE_MODULES)
    traffic.reset()
    with clock:
        item = root.upload_file(params["source"], params["name"], conflict_handling="replace")
    return {"bytes": os.path.getsize(params["source"]), "id": item.id,
            "requests": traffic.requests}


def upload_raw(clock: Stopwatch, info: ServerInfo | None,
               params: dict[str, Any]) -> dict[str, Any]:
    info = _need(info)
    session = raw_session(info)
    traffic = Traffic(session)
    source, size = params["source"], os.path.getsize(params["source"])
    url = f"{info.graph_url}{_item_path(info)}:/{params['name']}:/createUploadSession"
    with clock:
        created = session.post(url, timeout=60, json={"item": {
            "@microsoft.graph.conflictBehavior": "replace", "name": params["name"]}})
        created.raise_for_status()
        upload_url = created.json()["uploadUrl"]
        with open(source, "rb") as handle:
            start = 0
            while start < size:
                fragment = handle.read(FRAGMENT)
                end = start + len(fragment) - 1
                # The upload URL is pre-authenticated: no Authorization header.
                reply = session.put(upload_url, data=fragment, timeout=60, headers={
                    "Authorization": None, "Content-Type": "application/octet-stream",
                    "Content-Length": str(len(fragment)),
                    "Content-Range": f"bytes {start}-{end}/{size}"})
                reply.raise_for_status()
                start = end + 1
        result = json.loads(reply.content)
    return {"bytes": size, "id": result["id"], "requests": traffic.requests}


def download_library(clock: Stopwatch, info: ServerInfo | None,
                     params: dict[str, Any]) -> dict[str, Any]:
    from generated.o365._runtime.download import download

    info = _need(info)
    account = library_account(info)
    traffic = Traffic(account.con.get_session())
    url = f"drives/{segment(info.drive_id)}/items/{segment(params['item_id'])}/content"
    target = params["target"]
    preload(*DRIVE_MODULES)
    try:
        with clock:
            written = download(account.con, url, target)
    finally:
        _remove(target)
    return {"bytes": written, "requests": traffic.requests}


def download_raw(clock: Stopwatch, info: ServerInfo | None,
                 params: dict[str, Any]) -> dict[str, Any]:
    info = _need(info)
    session = raw_session(info)
    traffic = Traffic(session)
    url = f"{info.graph_url}drives/{segment(info.drive_id)}/items/{segment(params['item_id'])}/content"
    target = params["target"]
    partial = f"{target}.part"
    written = 0
    try:
        with clock:
            with session.get(url, stream=True, timeout=60) as response:
                response.raise_for_status()
                with open(partial, "wb") as out:
                    for chunk in response.iter_content(chunk_size=CHUNK):
                        out.write(chunk)
                        written += len(chunk)
                    out.flush()
                    os.fsync(out.fileno())
            os.replace(partial, target)
    finally:
        _remove(partial)
        _remove(target)
    return {"bytes": written, "requests": traffic.requests}


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
