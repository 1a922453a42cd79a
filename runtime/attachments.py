"""Attachments of an item, for specs with an `attachments:` block (GRAPH_FACTS §5).

Added files wait until the item is saved (they need its id): then small ones are POSTed
whole, as JSON of the spec's `item_type` with the bytes in base64, and large ones (over
`inline_limit`) go through an upload session of the spec's `upload` style in chunks, so
memory does not grow with the file size. `max_size` is the spec's per-attachment limit,
checked when a file is added.
"""

from __future__ import annotations

import base64
import io
import mimetypes
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from .compat import HeldValueNames

if TYPE_CHECKING:
    from .resource import Resource
    from .upload import UploadKind


@dataclass
class PendingAttachment:
    name: str
    size: int
    path: str | None = None
    data: bytes | None = None
    stream: BinaryIO | None = None
    content_type: str | None = None
    content_id: str | None = None
    inline: bool = False
    #: python-o365's kind of attachment (a file; attached items come from Graph)
    attachment_type = "file"

    @property
    def is_inline(self) -> bool:
        """python-o365's name for `inline` (`att.is_inline = True` for a `cid:` image)."""
        return self.inline

    @is_inline.setter
    def is_inline(self, value: bool) -> None:
        self.inline = bool(value)

    def open(self) -> BinaryIO:
        if self.path is not None:
            return open(self.path, "rb")
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.stream is not None
        return self.stream


class Attachments(HeldValueNames):
    """The attachments of one item: pending additions plus what Graph already has."""

    def __init__(self, owner: Resource, path: str, *, upload: UploadKind | None, inline_limit: int,
                 item_class: str | None, item_type: str, max_size: int,
                 session_item: str | None = None, content_ids: bool = True) -> None:
        self._owner = owner
        # False where the item type has no isInline/contentId (the spec's content_ids)
        self._content_ids = content_ids
        self._template = path
        self._upload = upload
        self._inline_limit = inline_limit
        self._item_class = item_class
        self._item_type = item_type  # @odata.type of a file attachment here
        self._max_size = max_size
        self._session_item = session_item  # the createUploadSession body member
        self.pending: list[PendingAttachment] = []
        self._loaded: list[Any] | None = None  # what Graph has, once read

    # -- adding ----------------------------------------------------------------------------

    def add(self, source: str | os.PathLike[str] | bytes | BinaryIO | list[Any], name: str | None = None, *,
            content_type: str | None = None, content_id: str | None = None,
            inline: bool = False) -> PendingAttachment:
        """Attach a file (path), bytes or a binary file object; sent when the item is saved.

        `content_id` with `inline=True` makes an inline image referenced as `cid:<content_id>`.
        A list attaches each of its items (python-o365's `attachments.add([a, b])`; a
        `(path, name)` pair in it names the attachment); the last one is returned.
        """
        if isinstance(source, list):
            if not source:
                raise ValueError("attach at least one file")
            added = [self.add(*item) if isinstance(item, tuple) else self.add(item)
                     for item in source]
            return added[-1]
        if isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            if not os.path.isfile(path):
                raise FileNotFoundError(f"attachment file not found: {path!r}")
            item = PendingAttachment(name or os.path.basename(path), os.path.getsize(path), path=path)
        elif isinstance(source, (bytes, bytearray)):
            if not name:
                raise ValueError("name is required when attaching bytes")
            item = PendingAttachment(name, len(source), data=bytes(source))
        elif hasattr(source, "read"):
            name = name or os.path.basename(str(getattr(source, "name", "") or ""))
            if not name:
                raise ValueError("name is required when attaching a stream without a name")
            position = source.tell()
            size = source.seek(0, os.SEEK_END) - position
            source.seek(position)
            item = PendingAttachment(name, size, stream=source)
        else:
            raise TypeError("attach a path, bytes or a binary file object")
        if item.size > self._max_size:
            raise ValueError(f"{item.name} is {item.size} bytes; attachments here are limited to "
                             f"{self._max_size} bytes")
        if (inline or content_id is not None) and not self._content_ids:
            raise ValueError("attachments here cannot be inline images (no content id): "
                             "attach the file without inline= or content_id=")
        item.content_type = content_type or mimetypes.guess_type(item.name)[0] or "application/octet-stream"
        item.content_id = content_id
        item.inline = inline or content_id is not None
        self.pending.append(item)
        return item

    append = add

    # -- sending ---------------------------------------------------------------------------

    def flush(self) -> bool:
        """Send pending attachments (the owner must be saved); True when something was sent."""
        if not self.pending:
            return False
        path = self._owner._path(self._template)
        while self.pending:
            item = self.pending[0]
            if item.size > self._inline_limit and self._upload is not None:
                self._send_large(path, item, self._upload)
            else:
                self._send_small(path, item)
            self.pending.pop(0)  # only once sent: a failure keeps it for a retry
        self._loaded = None  # Graph has more now
        return True

    def _send_small(self, path: str, item: PendingAttachment) -> None:
        self._owner.con.request("POST", path, json=self._inline_body(item))

    def _inline_body(self, item: PendingAttachment) -> dict[str, Any]:
        body = inline_body(item, self._item_type)
        if not self._content_ids:
            body.pop("isInline", None)
        return body

    def fits_inline(self) -> bool:
        """Whether every pending attachment can travel inside the item's own JSON."""
        return all(p.size <= self._inline_limit for p in self.pending)

    def inline_bodies(self) -> list[dict[str, Any]]:
        """Pending attachments as inline JSON, for calls that carry the whole item at once."""
        too_big = [p.name for p in self.pending if p.size > self._inline_limit]
        if too_big:
            raise ValueError(f"{', '.join(too_big)} too large to send inline (over "
                             f"{self._inline_limit} bytes): save the item as a draft first")
        return [self._inline_body(item) for item in self.pending]

    def _send_large(self, path: str, item: PendingAttachment, style: UploadKind) -> None:
        from .upload import SessionRequest, upload_session

        extra: dict[str, Any] = {"name": item.name, "contentType": item.content_type}
        if self._content_ids:
            extra["isInline"] = item.inline
        if item.content_id:
            extra["contentId"] = item.content_id
        with _opened(item) as handle:
            upload_session(self._owner.con, SessionRequest(path, extra, self._session_item), handle,
                           size=item.size, kind=style)

    # -- reading ---------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Any]:
        """The attachments Graph has for this item (typed when the spec names a class)."""
        if self._owner._data.get("id") is None:
            return iter(())
        path = self._owner._path(self._template)
        parse = self._parser(path)
        from .paging import Paginator

        return iter(Paginator(self._owner.con, path, parse))

    def _parser(self, path: str) -> Any:
        if self._item_class is None:
            return lambda data: data
        from .resource import _resolve

        cls = _resolve(self._item_class)
        return cls._factory(self._owner.con, self._owner._child_context(path))

    def download(self, attachment_id: str, to: str | os.PathLike[str] | BinaryIO) -> int:
        """Stream one file attachment's bytes to a path or file object."""
        from .download import download

        path = f"{self._owner._path(self._template)}/{_quote(attachment_id)}/$value"
        return download(self._owner.con, path, to)

    def download_all(self, to_folder: str | os.PathLike[str]) -> list[str]:
        """Save every file attachment into a folder (streamed); returns the paths written."""
        from .download import UniqueNames, inside, local_name

        os.makedirs(to_folder, exist_ok=True)
        written = []
        unique = UniqueNames()  # two attachments named alike: "a.pdf", "a (2).pdf"
        for att in self:
            data = att.raw if hasattr(att, "raw") else att
            if data.get("@odata.type", self._item_type).lstrip("#") != self._item_type.lstrip("#"):
                continue  # only file attachments have bytes to save
            target = inside(to_folder, unique(local_name(data.get("name"), data["id"])))
            self.download(data["id"], target)
            written.append(target)
        return written

    def remove(self, attachment: Any) -> None:
        """Drop a pending attachment, or delete one Graph has (by object or id)."""
        if isinstance(attachment, PendingAttachment):
            self.pending.remove(attachment)
            return
        attachment_id = attachment if isinstance(attachment, str) else (
            attachment.raw["id"] if hasattr(attachment, "raw") else attachment["id"])
        self._owner.con.request("DELETE", f"{self._owner._path(self._template)}/{_quote(attachment_id)}")

    def __repr__(self) -> str:
        return f"Attachments(pending={[p.name for p in self.pending]})"

    # -- python-o365's list-like view --------------------------------------------------------
    # `message.attachments[0]`, `len(...)`, `if message.attachments:`: what Graph has (read
    # once: from the item's data when it was loaded with its attachments, else one request),
    # then the files added since the last save.

    def _existing(self) -> list[Any]:
        if self._loaded is None:
            expanded = self._owner._data.get("attachments")
            if isinstance(expanded, list):
                parse = self._parser(self._owner._path(self._template))
                self._loaded = [parse(item) for item in expanded]
            else:
                self._loaded = list(iter(self))  # not list(self): that asks len(), which reads this
        return self._loaded

    def _all(self) -> list[Any]:
        return [*self._existing(), *self.pending]

    def __getitem__(self, index: int) -> Any:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:
        return bool(self.pending) or bool(self._existing())

    def clear(self) -> None:
        """Drop every pending attachment and delete the ones Graph has."""
        self.pending.clear()
        for attachment in self._existing():
            self.remove(attachment)
        self._loaded = []

    def download_attachments(self) -> bool:
        """Read the attachments Graph has, content included (python-o365's name)."""
        self._loaded = None
        self._owner._data.pop("attachments", None)
        return bool(self._existing()) or self._owner._data.get("id") is not None

    def to_api_data(self) -> list[dict[str, Any]]:
        """The attachments as Graph JSON: the ones Graph has, then pending ones inline."""
        have = [a.raw if hasattr(a, "raw") else a for a in self._existing()]
        return [*have, *self.inline_bodies()]

    def get_mime_content(self, attachment: Any) -> bytes:
        """The raw content of one attachment (an attached message in MIME format)."""
        path = f"{self._owner._path(self._template)}/{_quote(_attachment_id(attachment))}/$value"
        content: bytes = self._owner.con.request("GET", path).content
        return content

    def save_as_eml(self, attachment: Any, to_path: str | os.PathLike[str] | None = None) -> int:
        """Save an attached message (an item attachment) as an .eml file (python-o365's name)."""
        from pathlib import Path

        # the spec's `constants` tell attached items from files (python-o365's attachment_type)
        if getattr(attachment, "attachment_type", None) != "item":
            raise ValueError("only an attached message (an item attachment) can be saved as .eml")
        target = Path(to_path) if to_path is not None else Path("message_eml.eml")
        if target.suffix != ".eml":
            target = target.with_suffix(".eml")
        return self.download(_attachment_id(attachment), target)

    def get_eml_as_object(self, attachment: Any) -> Any:
        """An attached message as a Message (through the item attachment's `get_item()`)."""
        if not hasattr(attachment, "get_item"):
            raise ValueError("only an item attachment holds a message")
        return attachment.get_item()


def inline_body(item: PendingAttachment, item_type: str) -> dict[str, Any]:
    """A file attachment as one JSON item: the spec's `item_type`, the bytes in base64."""
    with _opened(item) as handle:
        content = handle.read()
    body: dict[str, Any] = {
        "@odata.type": item_type,
        "name": item.name,
        "contentType": item.content_type or mimetypes.guess_type(item.name)[0]
        or "application/octet-stream",
        "contentBytes": base64.b64encode(content).decode("ascii"),
        "isInline": item.inline,
    }
    if item.content_id:
        body["contentId"] = item.content_id
    return body


class _opened:
    """Open a pending attachment's content; close it afterwards unless the caller owns it."""

    def __init__(self, item: PendingAttachment) -> None:
        self.item = item
        self.handle: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        self.handle = self.item.open()
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None and self.item.stream is None:
            self.handle.close()


def _attachment_id(attachment: Any) -> str:
    if isinstance(attachment, str):
        return attachment
    data = attachment.raw if hasattr(attachment, "raw") else attachment
    if not isinstance(data, dict) or not data.get("id"):
        raise ValueError("this attachment has no id yet (it is sent when the item is saved)")
    return str(data["id"])


def _quote(value: str) -> str:
    from .paths import segment

    return segment(value, "attachment id")
