"""Conformance of every spec with a path: the generated client against the emulator.

Parametrized over the loaded spec set, so a new spec is covered with no new test code. For
each resource with a path:

- some operation leads to it from the `Account`; the objects the seeded tenant holds (found
  through the lists, gets and functions callable without arguments of services, of other
  resources and `attachments` managers) are got again, and every key of every entity in
  those responses is a property or navigation property of its type in Microsoft's metadata
  (cleanMetadata.xml). The seeded tenant must hold one, or the spec create one with `new`;
- where the spec can create it (a `new` operation and `save`): it is created, listed under
  the parent it was created under, got, updated in one field (the PATCH carries that field
  only), and deleted (then 404 and no longer listed); it never shows under another parent
  of the same kind (not listed there, and 404 through that parent's path).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generated.o365._generator import ir
from generated.o365._generator.loader import load_specs
from generated.o365._generator.metadata import Metadata
from generated.o365._runtime.errors import NotFoundError
from generated.o365.emulator import EmulatorServer
from tests.support.accounts import emulator_account

from .walker import Exchange, Walker, creators, reachable, value_for

ROOT = Path(__file__).resolve().parents[2]
SPECS = load_specs(ROOT / "specs")
WITH_PATH = [r for r in SPECS.resources if r.path is not None]
CREATORS = {r.name: creators(SPECS, r.name) for r in WITH_PATH}  # `new` operations (+ save)
CREATABLE = [r for r in WITH_PATH if CREATORS[r.name]]
REACHABLE = reachable(SPECS)
USER = "adele@contoso.onmicrosoft.com"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=11) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def walker(server: EmulatorServer) -> Walker:
    return Walker(emulator_account(server, USER), SPECS)


def foreign_keys(exchanges: list[Exchange], graph_type: str, meta: Metadata) -> list[str]:
    """Keys of the entities in these responses that the metadata's type does not have
    (instance annotations such as `@odata.etag` are not properties)."""
    problems = []
    for exchange in exchanges:
        body = exchange.response_json
        if not isinstance(body, dict) or exchange.status >= 400:
            continue
        entities = body["value"] if isinstance(body.get("value"), list) else [body]
        for entity in entities:
            if not isinstance(entity, dict):
                continue
            declared = str(entity.get("@odata.type", "")).lstrip("#") or graph_type
            known = {*meta.all_properties(declared), *meta.all_navigation(declared)}
            for key in entity:
                if "@" not in key and key not in known:
                    problems.append(f"{exchange.method} {exchange.url}: {key!r} is not a "
                                    f"property of {declared}")
    return problems


def probe_field(resource: ir.Resource) -> ir.Field | None:
    """A field to update: writable, a plain string, not secret."""
    return next((f for f in resource.fields if f.type == ir.TypeRef("string")
                 and not f.read_only and not f.secret and f.graph_name != "id"), None)


def update_one_field(obj: Any, resource: ir.Resource, walker: Walker) -> tuple[str, str]:
    """Change one field the way the spec offers (save, update, or an update operation
    taking that field) and return (graph name, new value)."""
    ops = {op.kind: op for op in resource.operations if not op.sets and not op.params}
    spec = probe_field(resource)
    if spec is not None and ("save" in ops or "update" in ops):
        value = str(value_for(spec.type, walker.specset))
        setattr(obj, spec.python_name, value)
        getattr(obj, ops.get("save", ops.get("update")).name)()  # type: ignore[union-attr]
        return spec.graph_name, value
    for op in resource.operations:  # `rename(name)`: an update whose parameters are fields
        fields = {f.graph_name for f in resource.fields}
        if op.kind == "update" and len(op.params) == 1 and op.params[0].graph_name in fields:
            param = op.params[0]
            value = str(value_for(param.type, walker.specset))
            getattr(obj, op.name)(value)
            return param.graph_name, value
    raise AssertionError(f"{resource.name} can be created but has no string field to update "
                         "through save(), update() or an update operation taking it")


@pytest.mark.parametrize("resource", WITH_PATH, ids=lambda r: r.name)
def test_reached_got_and_every_key_in_the_metadata(resource: ir.Resource, walker: Walker,
                                                   metadata: Metadata) -> None:
    assert resource.name in REACHABLE, (
        f"{resource.name} has a path but no operation of a service, or of a resource reached "
        "from one, returns it: nothing in the library leads to it")
    found = walker.instances(resource.name)
    created = walker.create(resource.name) if not found and CREATORS[resource.name] else None
    objects = [created.obj] if created else found[:2]
    assert objects, (f"the emulator's tenant holds no {resource.name} the walk can reach, and "
                     "the spec cannot create one with new + save: seed one (emulator: seed:)")
    problems = []
    if any(op.kind == "refresh" for op in resource.operations):
        with walker.recording() as got:
            for obj in objects:
                obj.refresh()
        problems += foreign_keys(got, resource.graph_type, metadata)
    for source in walker.sources(resource.name):
        owners = walker.owners(source.owner)[:1]
        with walker.recording() as listed:
            for owner in owners:
                walker.read(owner, source)
        problems += foreign_keys(listed, walker.wire_type(source), metadata)
    assert problems == []


@pytest.mark.parametrize("resource", CREATABLE, ids=lambda r: r.name)
def test_create_list_get_update_delete_under_its_parent(resource: ir.Resource, walker: Walker,
                                                        metadata: Metadata) -> None:
    for owner_name, _, _ in walker.creators(resource.name):
        walker.owners(owner_name)  # found before recording: only the walk below is checked
    with walker.recording() as seen:
        created = walker.create(resource.name)
        assert created is not None, f"no owner of a {resource.name} creator can be reached"
        obj, owner = created.obj, created.owner
        assert obj.object_id
        if created.listing is not None:
            assert str(obj.object_id) in walker.listed(created, owner)
        if any(op.kind == "refresh" for op in resource.operations):
            obj.refresh()
    assert foreign_keys(seen, resource.graph_type, metadata) == []

    with walker.recording() as patched:
        name, value = update_one_field(obj, resource, walker)
    patches = [e for e in patched if e.method == "PATCH"]
    assert [e.request_json for e in patches] == [{name: value}]
    assert foreign_keys(patched, resource.graph_type, metadata) == []

    check_wrong_parent(created, resource, walker)

    delete = next((op for op in resource.operations if op.kind == "delete" and not op.params),
                  None)
    if delete is None:
        return
    getattr(obj, delete.name)()
    if created.listing is not None:
        assert str(obj.object_id) not in walker.listed(created, owner)
    if any(op.kind == "refresh" for op in resource.operations):
        with pytest.raises(NotFoundError):
            obj.refresh()


def check_wrong_parent(created: Any, resource: ir.Resource, walker: Walker) -> None:
    """Under another parent of the same kind the object is not listed, and its path through
    that parent is 404."""
    if created.owner_name not in walker.resources or created.listing is None:
        return  # created under a service: its parent is the mailbox, drive... itself
    mine = created.owner.object_id
    others = [o for o in walker.instances(created.owner_name) if o.object_id != mine]
    if not others:
        other = walker.create(created.owner_name, avoid=frozenset({str(mine)}))
        others = [other.obj] if other is not None else []
    if not others:  # one calendar, one drive: only a spec that creates parents gets a second
        assert not walker.creators(created.owner_name)
        return
    other = others[0]
    assert str(created.obj.object_id) not in walker.listed(created, other)
    key = next((k for k, v in created.listing.context if v == "{id}"), None)
    if key is not None and resource.path is not None and "{" + key + "}" in resource.path:
        path = created.obj._path(resource.path, **{key: other.object_id})
        with pytest.raises(NotFoundError):
            walker.account.con.get(path)


def test_a_resource_no_operation_returns_is_unreachable(tmp_path: Path) -> None:
    """The reachability the first test asserts: from services, through what they return."""
    from tests.generator.test_spec_errors import GOOD_RESOURCE, TYPES, write

    service = ("service: Things\naccessor: things\ndoc: Things.\noperations:\n"
               "  first: {kind: get, path: \"{resource}/things/first\", returns: Thing}\n")
    write(tmp_path, {"types.yaml": TYPES, "area/thing.yaml": GOOD_RESOURCE})
    assert reachable(load_specs(tmp_path)) == set()
    write(tmp_path, {"area/things.yaml": service})
    assert reachable(load_specs(tmp_path)) == {"Thing"}
