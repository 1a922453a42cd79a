"""generated.o365._runtime.permissions: matching a failed request against the rules a spec tree generates."""

from __future__ import annotations

import sys
import types

import pytest

import generated.o365._runtime.permissions
import generated.o365._runtime.tables
from generated.o365._runtime.permissions import permission_hint, register_rules

READ = ("Things.Read", "Things.Read.All")
WRITE = ("Things.ReadWrite", "Things.ReadWrite.All")
SEND = ("Things.Send", None)
RULES = (
    ("{resource}/things/{id}", "*", None, READ, WRITE),
    ("{resource}/things/{id}/send", "POST", SEND, READ, WRITE),
    ("{resource}/things", "GET", None, READ, WRITE),
    ("{resource}/boxes/{box_id}/things", "GET", None, ("Boxes.Read", None), WRITE),
    ("{parent}/parts/{id}", "*", None, ("Parts.Read", None), ("Parts.Write", None)),
    ("{resource}/root:/{item_path*}:", "GET", None, ("Files.Read", None), WRITE),
)


@pytest.fixture(autouse=True)
def rules(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("fake_permission_rules")
    module.RULES = RULES  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_permission_rules", module)
    monkeypatch.delitem(generated.o365._runtime.tables._modules, "hints", raising=False)  # restored after
    monkeypatch.setattr(generated.o365._runtime.permissions, "_compiled", None)
    register_rules("fake_permission_rules")


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        # The owner's read rights for GET, write rights for every other method.
        ("GET", "/v1.0/me/things/t1", "GET things, e.g. Things.Read (delegated) or "
                                      "Things.Read.All (application)."),
        ("PATCH", "/v1.0/users/a@b.c/things/t1", "e.g. Things.ReadWrite (delegated)"),
        # An operation's own permissions for its own method only.
        ("POST", "/beta/me/things/t1/send", "POST send, e.g. Things.Send (delegated)."),
        ("GET", "/v1.0/me/things/t1/send", "GET send, e.g. Things.Read (delegated)"),
        # Another method on a listed collection: the owner's write rights.
        ("POST", "/v1.0/me/things", "POST things, e.g. Things.ReadWrite (delegated)"),
        # The most literal template wins over a shorter one that also matches.
        ("GET", "/v1.0/me/boxes/b1/things", "e.g. Boxes.Read (delegated)."),
        # {parent} is any text; {name*} may hold slashes; the query string is ignored.
        ("DELETE", "/v1.0/me/boxes/b1/parts/p1?x=1", "DELETE parts, e.g. Parts.Write"),
        ("GET", "/v1.0/me/root:/a/b/c.txt:", "GET root, e.g. Files.Read"),
        # A deeper path falls back to the longest template that is a prefix of it.
        ("GET", "/v1.0/me/things/t1/attachments/a1", "GET things, e.g. Things.Read (delegated)"),
        ("GET", "/v1.0/ME/THINGS/t1", "e.g. Things.Read (delegated)"),
    ],
)
def test_the_best_rule_names_the_permission(method: str, path: str, expected: str) -> None:
    assert expected in permission_hint(method, path)


@pytest.mark.parametrize(
    "path",
    [
        "/v1.0/me/insights",  # nothing matches
        "/v1.0/me/thingsx/t1",  # a prefix must end at a segment boundary
        "/v1.0/a/b/c/things/t1",  # {resource} is me or two segments, not three
    ],
)
def test_without_a_rule_the_hint_names_no_permission(path: str) -> None:
    hint = permission_hint("GET", path)
    assert hint.startswith("Hint: check that the app has been granted a permission for this call")
    assert "e.g." not in hint


def test_nothing_registered_gives_the_generic_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(generated.o365._runtime.tables._modules, "hints", raising=False)  # restored after
    assert "e.g." not in permission_hint("GET", "/v1.0/me/things/t1")
