"""The body of a message that @mentions people and carries inline images (spec key `compose`).

Graph's rules for such a message (G: api/chatmessage-post.md examples 2 and 5,
resources/chatmessagemention.md, resources/chatmessagehostedcontent.md):

* a mention is `<at id="N">name</at>` in HTML content *and* the entry `N` of the `mentions`
  array, `{"id": N, "mentionText": name, "mentioned": {"user": {...}}}`: both must name the
  same person with the same text, so they are built here together, from the objects given;
* an inline image is `<img src="../hostedContents/K/$value">` in HTML content and the entry of
  `hostedContents` whose `@microsoft.graph.temporaryId` is `K`, with the bytes in base64;
* content with either is HTML: plain text given with them is escaped and sent as HTML.

Where a mention goes: the content names it `{0}`, `{1}`... (its place in `mentions`), each
once; content naming none gets the mentions in front, in order. Which objects can be
mentioned, and where their user id and name are, is the spec's (`mentionable`): another
object (a contact, a group) is refused before anything is sent.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .model import NOT_GIVEN, Model, lookup

__all__ = ["compose"]

_PLACE = re.compile(r"\{(\d+)\}")
_IMAGE_REF = re.compile(r"\.\./hostedContents/([^/\"']+)/\$value")
# Image formats by their first bytes (the content type Graph is told must be the real one).
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"BM", "image/bmp"))


def compose(body: dict[str, Any], mentions: Any, images: Any, *, content: str,
            content_type: str, mentionable: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    """`body` (built from the other arguments) with its mentions and inline images.

    `content`/`content_type` are the slash paths of the text and its type in `body`;
    `mentionable` maps each graph type that can be mentioned to the slash paths of the
    user's id and display name in its data.
    """
    text = lookup(body, content)
    mentioned = _mentioned(mentions, mentionable)
    hosted = _hosted(images)
    if not isinstance(text, str) or (not text.strip() and not mentioned):
        raise ValueError("the message content is empty: Graph refuses a message without text")
    if mentioned or hosted:
        kind = str(lookup(body, content_type) or "text").lower()
        if kind == "text":
            if hosted:
                raise ValueError("inline images need HTML content that shows them "
                                 "(<img src=\"../hostedContents/1/$value\">): give content_type='html'")
            text = html.escape(text, quote=False)
        text = _place_mentions(text, mentioned)
        _check_images(text, hosted)
        _assign(body, content, text)
        _assign(body, content_type, "html")
    if mentioned:
        body["mentions"] = [
            {"id": index, "mentionText": name,
             "mentioned": {"user": {"id": user_id, "displayName": name,
                                    "userIdentityType": "aadUser"}}}
            for index, (user_id, name) in enumerate(mentioned)]
    if hosted:
        body["hostedContents"] = [
            {"@microsoft.graph.temporaryId": key, "contentBytes": base64.b64encode(data).decode("ascii"),
             "contentType": kind_of_image}
            for key, (data, kind_of_image) in hosted.items()]
    return body


def _mentioned(mentions: Any, mentionable: Mapping[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """(user id, display name) of each object mentioned, in order."""
    if mentions is NOT_GIVEN or mentions is None:
        return []
    if isinstance(mentions, (str, bytes, Model)) or not isinstance(mentions, Sequence):
        mentions = [mentions]
    out = []
    for index, who in enumerate(mentions):
        if isinstance(who, tuple) and len(who) == 2 and all(isinstance(v, str) for v in who):
            name, user_id = who  # (display name, user id), as recipients take (name, address)
        elif isinstance(who, Model) and _graph_type(who) in mentionable:
            id_path, name_path = mentionable[_graph_type(who)]
            user_id, name = who._lookup(id_path), who._lookup(name_path)
        else:
            kinds = ", ".join(sorted(t.rsplit(".", 1)[-1] for t in mentionable))
            raise TypeError(f"mention {index} is a {type(who).__name__}: only people can be "
                            f"mentioned here ({kinds}, or a (display name, user id) pair)")
        if not user_id or not name:
            raise ValueError(f"mention {index} has no user id or no display name to show")
        out.append((str(user_id), str(name)))
    return out


def _graph_type(obj: Model) -> str:
    """The object's Graph type: its own `@odata.type` (a derived member), else its class's."""
    declared = obj._data.get("@odata.type")
    if isinstance(declared, str) and declared:
        return declared.lstrip("#")
    return str(getattr(type(obj), "GRAPH_TYPE", ""))


def _place_mentions(text: str, mentioned: list[tuple[str, str]]) -> str:
    """`{N}` replaced by mention N's tag; with no `{N}` at all, every tag in front."""
    tags = [f'<at id="{i}">{html.escape(name, quote=False)}</at>' for i, (_, name) in enumerate(mentioned)]
    if not tags:
        return text
    places = [int(m.group(1)) for m in _PLACE.finditer(text)]
    if not places:
        return " ".join(tags) + (" " + text if text.strip() else "")
    for index in places:
        if index >= len(tags):
            raise ValueError(f"the content names mention {{{index}}}, but only {len(tags)} "
                             "were given")
    repeated = sorted({i for i in places if places.count(i) > 1})
    if repeated:
        raise ValueError(f"the content names mention {{{repeated[0]}}} more than once")
    missing = [i for i in range(len(tags)) if i not in places]
    if missing:
        raise ValueError(f"mention {missing[0]} is not placed in the content (write {{{missing[0]}}} "
                         "where it goes)")
    return _PLACE.sub(lambda m: tags[int(m.group(1))], text)


def _hosted(images: Any) -> dict[str, tuple[bytes, str]]:
    """Temporary id -> (bytes, content type) of each inline image: a mapping of ids to images,
    or a list (ids 1, 2, ...). An image is bytes, a file path or a binary file object."""
    if images is NOT_GIVEN or images is None:
        return {}
    items = images.items() if isinstance(images, Mapping) else (
        (str(i), image) for i, image in enumerate(images, start=1))
    out: dict[str, tuple[bytes, str]] = {}
    for key, image in items:
        name = None
        if isinstance(image, (bytes, bytearray)):
            data = bytes(image)
        elif isinstance(image, (str, os.PathLike)):
            name = os.fspath(image)
            with open(name, "rb") as handle:
                data = handle.read()
        elif hasattr(image, "read"):
            data = image.read()
            name = getattr(image, "name", None)
        else:
            raise TypeError(f"inline image {key!r} must be bytes, a file path or a binary file")
        out[str(key)] = (data, _image_type(data, name, str(key)))
    return out


def _image_type(data: bytes, name: Any, key: str) -> str:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    guessed = mimetypes.guess_type(str(name))[0] if name else None
    if guessed and guessed.startswith("image/"):
        return guessed
    raise ValueError(f"inline image {key!r} is not a PNG, JPEG, GIF or BMP image")


def _check_images(text: str, hosted: Mapping[str, Any]) -> None:
    """Every image the HTML shows is given, and every image given is shown."""
    shown = set(_IMAGE_REF.findall(text))
    for key in sorted(shown - set(hosted)):
        raise ValueError(f"the content shows ../hostedContents/{key}/$value, but no image {key!r} was given")
    for key in sorted(set(hosted) - shown):
        raise ValueError(f"inline image {key!r} is not shown in the content (add "
                         f"<img src=\"../hostedContents/{key}/$value\">)")


def _assign(body: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split("/")
    target = body
    for key in parents:
        target = target.setdefault(key, {})
    target[leaf] = value
