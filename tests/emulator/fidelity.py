"""Compare an emulator response with Microsoft's documented example response for the same call.

The documented examples live in docs_examples/<area>/<page>.json, copied from
microsoftgraph/microsoft-graph-docs-contrib (their "_source" names the page and, where it was
read for this test, the commit). Two checks, both value-blind:

- `shape_problems`: every documented property is present with the same JSON kind (object,
  array, string, number, bool, null), recursively; a documented null may be anything, and where
  the example shows a string, number or bool ours may be null (examples show one state of the
  data: a received message's sentDateTime, a draft has none). An object or array must be one.
  Arrays: when
  the example has elements, ours must too, and each of ours must match one documented element
  (examples mix kinds, e.g. files and folders in one listing).
- `foreign_properties`: every property we add beyond the example must be a real property of
  that Graph type (or a base type, or the type named by `@odata.type`) in the official v1.0
  metadata, recursively through complex and entity types.

Annotations: `@odata.context` (a metadata URL), `@odata.type` (same type) and `@odata.etag`
are compared when documented; paging links and property annotations (`x@odata.*`) depend on
page size and selection, so they are neither required nor rejected.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import requests

from generated.o365._generator.metadata import (
    Metadata,
    MetadataMissing,
    find_metadata,
    load_metadata,
)
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.seed import PASSWORD

EXAMPLES = Path(__file__).resolve().parent / "docs_examples"
SOURCE_PREFIX = "microsoftgraph/microsoft-graph-docs-contrib "
COMPARED_ANNOTATIONS = ("@odata.context", "@odata.type", "@odata.etag")
KINDS: dict[type, str] = {dict: "object", list: "array", str: "string", bool: "bool",
                          int: "number", float: "number", type(None): "null"}


def example(area: str, page: str, variant: str = "") -> dict[str, Any]:
    """docs_examples/<area>/<page><variant>.json; its source must be the named docs page."""
    name = f"{page}{'.' + variant if variant else ''}.json"
    data = json.loads((EXAMPLES / area / name).read_text())
    expected = f"{SOURCE_PREFIX}api-reference/v1.0/"
    assert data["_source"].startswith(expected), data["_source"]
    assert f"/{page}.md" in data["_source"], f"{name} does not come from {page}.md"
    return dict(data)


@lru_cache(maxsize=1)
def _metadata() -> Metadata:
    return load_metadata(find_metadata())


def metadata() -> Metadata:
    """Graph's metadata; without it the comparison cannot judge extra properties: skip."""
    try:
        return _metadata()
    except MetadataMissing as exc:
        pytest.skip(str(exc))


def kind(value: Any) -> str:
    return KINDS.get(type(value), type(value).__name__)


def shape_problems(documented: Any, ours: Any, where: str = "$") -> list[str]:
    """Where `ours` lacks a documented property or has another JSON kind (values ignored)."""
    if documented is None:
        return []
    if isinstance(documented, dict):
        if not isinstance(ours, dict):
            return [f"{where}: expected an object, got {kind(ours)}"]
        problems: list[str] = []
        for key, value in documented.items():
            if (key.startswith("@") and key not in COMPARED_ANNOTATIONS) or "@" in key[1:]:
                continue
            if key not in ours:
                problems.append(f"{where}: missing {key!r}")
            elif key == "@odata.context":
                if not (isinstance(ours[key], str) and "/$metadata#" in ours[key]):
                    problems.append(f"{where}.@odata.context: not a metadata URL: {ours[key]!r}")
            elif key == "@odata.type":
                if str(ours[key]).lstrip("#") != str(value).lstrip("#"):
                    problems.append(f"{where}.@odata.type: {ours[key]!r}, documented {value!r}")
            else:
                problems += shape_problems(value, ours[key], f"{where}.{key}")
        return problems
    if isinstance(documented, list):
        if not isinstance(ours, list):
            return [f"{where}: expected an array, got {kind(ours)}"]
        if documented and not ours:
            return [f"{where}: documented with elements, ours is empty"]
        problems = []
        for index, element in enumerate(ours):
            tries = [shape_problems(d, element, f"{where}[{index}]") for d in documented]
            if tries and all(tries):
                closest: list[str] = min(tries, key=len)
                problems += closest
        return problems
    if ours is None:
        return []  # a value where the example has one may be null here (a draft's sentDateTime)
    if kind(ours) != kind(documented):
        return [f"{where}: {kind(ours)} {ours!r}, documented {kind(documented)} {documented!r}"]
    return []


def _element_type(edm: str) -> str | None:
    """`graph.x` for `graph.x` or `Collection(graph.x)`; None for Edm primitives."""
    inner = edm.removeprefix("Collection(").removesuffix(")")
    return inner if inner.startswith("graph.") else None


def foreign_properties(ours: Any, graph_type: str, where: str = "$") -> list[str]:
    """Properties of `ours` that the Graph v1.0 metadata does not define for `graph_type`."""
    if isinstance(ours, list):
        out: list[str] = []
        for index, element in enumerate(ours):
            out += foreign_properties(element, graph_type, f"{where}[{index}]")
        return out
    if not isinstance(ours, dict):
        return []
    meta = metadata()
    actual = str(ours.get("@odata.type") or graph_type).lstrip("#")
    if actual.split(".")[-1] in meta.enums:
        return []
    try:
        known = {**meta.all_properties(actual), **meta.all_navigation(actual)}
    except KeyError:
        return [f"{where}: @odata.type {actual!r} is not a Graph v1.0 type"]
    if meta.type(actual).open and set(known) <= {"id"}:
        return []  # an open type that declares nothing (fieldValueSet): a bag of any values
    out = []
    for key, value in ours.items():
        if "@" in key:  # annotations: @odata.*, @microsoft.graph.*, name@odata.*
            continue
        if key not in known:
            out.append(f"{where}.{key} is not a property of {actual}")
            continue
        nested = _element_type(known[key])
        if nested is not None and value is not None:
            out += foreign_properties(value, nested, f"{where}.{key}")
    return out


def collection_problems(ours: Any, graph_type: str) -> list[str]:
    """`foreign_properties` for a `{"value": [...]}` page of `graph_type` entities."""
    if not isinstance(ours, dict) or not isinstance(ours.get("value"), list):
        return ["$: expected a collection page with a 'value' array"]
    extra = [k for k in ours if "@" not in k and k != "value"]
    return [f"$.{k} is not part of a collection page" for k in extra] + foreign_properties(
        ours["value"], graph_type, "$.value")


def assert_matches(documented: Any, ours: Any, graph_type: str, *,
                   collection: bool = False) -> None:
    """Both checks; one assertion message listing every difference."""
    problems = shape_problems(documented, ours)
    problems += collection_problems(ours, graph_type) if collection else foreign_properties(
        ours, graph_type)
    assert not problems, "emulator differs from the documented example:\n  " + "\n  ".join(
        problems)


class Caller:
    """Graph over real HTTP as one signed-in identity (a user, or the app with a token)."""

    def __init__(self, server: EmulatorServer, token: str) -> None:
        self.server = server
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.server.graph_url + path.lstrip("/"), **kwargs)

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        """The parsed JSON body of a call that must answer `status`."""
        reply = self.call(method, path, **kwargs)
        assert reply.status_code == status, f"{method} {path}: {reply.status_code} {reply.text}"
        return reply.json() if reply.content else None

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.ok("GET", path, **kwargs)


def _token(server: EmulatorServer, form: dict[str, str]) -> str:
    reply = requests.post(f"{server.url}{server.tenant_id}/oauth2/v2.0/token", data=form,
                          timeout=10)
    reply.raise_for_status()
    return str(reply.json()["access_token"])


def signed_in(server: EmulatorServer, username: str) -> Caller:
    """A delegated caller (password flow), as the documented `/me` requests are made."""
    return Caller(server, _token(server, {
        "grant_type": "password", "client_id": server.public_client_id, "username": username,
        "password": PASSWORD, "scope": "https://graph.microsoft.com/.default"}))


def app_only(server: EmulatorServer) -> Caller:
    """An app-only caller (client credentials), for the documented `/users/{id}` requests."""
    return Caller(server, _token(server, {
        "grant_type": "client_credentials", "client_id": server.client_id,
        "client_secret": server.client_secret,
        "scope": "https://graph.microsoft.com/.default"}))
