"""Generic runtime pieces the contacts and directory areas brought: `in: content` bodies
(generated.o365._runtime.media), `utc_date` fields, `in: filter` templates, `default_from` arguments and
one value given to a list of complex values."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from generated.o365._runtime.arguments import given_or
from generated.o365._runtime.media import Media, image_type, media
from generated.o365._runtime.model import NOT_GIVEN
from generated.o365._runtime.query import filter_text
from generated.o365.contacts.contact import Contact
from generated.o365.emulator.images import dimensions, solid_jpeg
from generated.o365.mail.message import Message

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_image_types_by_their_leading_bytes() -> None:
    assert image_type(solid_jpeg(8, 8, (1, 2, 3))) == "image/jpeg"
    assert image_type(PNG) == "image/png"
    assert image_type(b"GIF89a...") == "image/gif" and image_type(b"BM....") == "image/bmp"
    assert image_type(b"%PDF-1.7") is None


def test_media_from_bytes_paths_and_files(tmp_path: Path) -> None:
    picture = solid_jpeg(16, 8, (10, 20, 30))
    assert dimensions(picture) == (16, 8)
    (tmp_path / "p.jpg").write_bytes(picture)
    for value in (picture, tmp_path / "p.jpg", str(tmp_path / "p.jpg"), io.BytesIO(picture)):
        assert media(value, "image") == Media(picture, "image/jpeg")
    assert repr(media(picture, "image")) == f"Media(image/jpeg, {len(picture)} bytes)"
    assert media(b"anything", "any").content_type == "application/octet-stream"


@pytest.mark.parametrize(("value", "error", "words"), [
    (b"just text", ValueError, "not an image"),
    (b"", ValueError, "empty"),
    ("/nowhere/at/all.jpg", FileNotFoundError, "no file"),
    (io.StringIO("text"), TypeError, "binary mode"),
    (12, TypeError, "expected bytes"),
])
def test_media_refuses_what_is_no_picture(value: object, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        media(value, "image")


def test_a_utc_date_is_a_calendar_date() -> None:
    contact = Contact.from_api({"id": "c", "birthday": "1974-07-22T00:00:00Z"})
    assert contact.birthday == dt.date(1974, 7, 22)
    contact.birthday = dt.datetime(1980, 1, 2, 23, 30)  # a datetime gives its date
    assert contact.to_api()["birthday"] == "1980-01-02"
    with pytest.raises(TypeError, match="takes a date"):
        contact.birthday = "1980-01-02"  # type: ignore[assignment]


def test_filter_templates_take_odata_literals() -> None:
    template = "emailAddresses/any(a:a/address eq {email})"
    assert filter_text(template, email="o'neil@contoso.com") == (
        "emailAddresses/any(a:a/address eq 'o''neil@contoso.com')")
    with pytest.raises(ValueError, match="empty"):
        filter_text(template, email="")


def test_given_or_and_one_value_for_a_list() -> None:
    assert given_or("a@contoso.com", "b@contoso.com") == "a@contoso.com"
    assert given_or(NOT_GIVEN, "b@contoso.com") == given_or(None, "b@contoso.com") == "b@contoso.com"
    assert given_or(None, None) is NOT_GIVEN
    message = Message()
    message.to = "a@contoso.com"  # type: ignore[assignment]  # one address: a list of one
    assert [r.address for r in message.to] == ["a@contoso.com"]
    message.cc = ["b@contoso.com", ("Cy", "c@contoso.com")]  # type: ignore[assignment]
    assert [(r.name, r.address) for r in message.cc] == [(None, "b@contoso.com"),
                                                         ("Cy", "c@contoso.com")]
