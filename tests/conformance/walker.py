"""Walk the generated client the way the specs describe it, against one emulator.

`Walker` reaches every resource from the `Account`: services by their accessor, then the
list and get operations (and `attachments` managers) that return a resource, starting from
objects reached before. It creates objects through a `new` operation and `save()`, updates
them through `save()`/`update()` or an update operation taking field values, and records
every HTTP exchange so a test can check what went over the wire. Nothing in here names a
resource: a new spec is walked the same way.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import requests

from generated.o365 import Account
from generated.o365._generator import ir
from generated.o365._runtime.errors import BadRequestError, NotFoundError
from generated.o365._runtime.resource import Resource

MAX_ITEMS = 25  # enough of each collection to find an object and its siblings
UNIQUE = itertools.count(1)


@dataclass
class Exchange:
    """One request and its response, bodies decoded as JSON (None when they are not)."""

    method: str
    url: str
    status: int
    request_json: Any
    response: requests.Response

    @property
    def response_json(self) -> Any:
        # Read only now: the runtime streams bodies, and reading inside the hook would take
        # the bytes from under it. By now it has read them (and requests keeps them).
        if "json" not in self.response.headers.get("Content-Type", ""):
            return None
        return _json(self.response.content.decode("utf-8", "replace"))


@dataclass(frozen=True)
class Source:
    """An operation that yields objects of a resource: a list, a get, a GET function, an
    `open` (no request), or `attachments`."""

    owner: str  # service or resource name
    op: ir.Operation | None  # None: the owner's attachments manager
    returns: str  # resource name of the objects it yields
    wire: str = ""  # resource name of the JSON its response holds (before a `then`)

    @property
    def label(self) -> str:
        return f"{self.owner}.{self.op.name if self.op else 'attachments'}"


@dataclass
class Created:
    """An object the walker created, where, and how it is listed there."""

    obj: Any
    owner: Any
    owner_name: str
    new_op: ir.Operation
    listing: ir.Operation | None  # the list at the same path on the same owner


@dataclass
class Walker:
    account: Account
    specset: ir.SpecSet
    exchanges: list[Exchange] = field(default_factory=list)
    _found: dict[str, list[Any]] = field(default_factory=dict)
    _visiting: set[str] = field(default_factory=set)
    _cuts: int = 0  # walks cut short by a cycle (their results are not memoized)

    def __post_init__(self) -> None:
        self.resources = {r.name: r for r in self.specset.resources}
        self.services = {s.name: s for s in self.specset.services}
        self.account.con.get_session().hooks["response"].append(self._record)

    # -- recording -------------------------------------------------------------------------
    def _record(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        request = response.request
        body = request.body
        sent = _json(body.decode() if isinstance(body, bytes) else body)
        self.exchanges.append(Exchange(str(request.method), str(request.url),
                                       response.status_code, sent, response))

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[Exchange]]:
        """The exchanges made inside the block."""
        start = len(self.exchanges)
        seen: list[Exchange] = []
        try:
            yield seen
        finally:
            seen.extend(self.exchanges[start:])

    # -- classes ---------------------------------------------------------------------------
    def cls(self, name: str) -> type[Resource]:
        resource = self.resources[name]
        module = importlib.import_module(f"generated.o365.{resource.module}")
        found: type[Resource] = getattr(module, resource.name)
        return found

    def lineage(self, name: str) -> list[str]:
        """The resource and the resources it extends, nearest first."""
        out = [name]
        while self.resources[out[-1]].base is not None and len(out) < 10:
            out.append(str(self.resources[out[-1]].base))
        return out

    # -- reaching objects ------------------------------------------------------------------
    def sources(self, name: str) -> list[Source]:
        """Everything that yields `name` objects: its own lists and gets first, then those
        of the resources it extends (a Folder comes out of a DriveItem list)."""
        out: list[Source] = []
        for target in self.lineage(name):
            owners: list[tuple[str, tuple[ir.Operation, ...]]] = [
                *((s.name, s.operations) for s in self.specset.services),
                *((r.name, r.operations) for r in self.specset.resources)]
            for owner, ops in owners:
                for op in ops:
                    if (yields(op, self.specset) == target and callable_without_values(op)
                            and op.returns is not None):
                        out.append(Source(owner, op, target, op.returns.name))
            for resource in self.specset.resources:
                if dict(resource.attachments).get("returns") == target:
                    out.append(Source(resource.name, None, target))
        return sorted(out, key=lambda s: (s.op is None or s.op.kind != "list",))

    def wire_type(self, source: Source) -> str:
        """The graph type of the entities a source's responses hold."""
        return self.resources[source.wire or source.returns].graph_type

    def owners(self, name: str) -> list[Any]:
        if name in self.services:
            service = self.services[name]
            if service.account_methods:
                return [self.account]
            return [getattr(self.account, service.accessor or "")()]
        return self.instances(name)

    def instances(self, name: str) -> list[Any]:
        """Objects of resource `name` reachable from the account (memoized; [] when the walk
        comes back to a resource it is still looking for)."""
        if name in self._found:
            return self._found[name]
        if name in self._visiting:
            self._cuts += 1
            return []
        cuts = self._cuts
        self._visiting.add(name)
        cls = self.cls(name)
        found: dict[str, Any] = {}
        try:
            for source in self.sources(name):
                before = len(found)
                for owner in self.owners(source.owner)[:MAX_ITEMS]:
                    for obj in self.read(owner, source):
                        if isinstance(obj, cls) and obj.object_id not in found:
                            found[str(obj.object_id)] = obj
                    if len(found) - before >= 2:
                        break  # enough from this source; the next may reach others
        finally:
            self._visiting.discard(name)
        if self._cuts == cuts or not self._visiting:
            self._found[name] = list(found.values())  # complete: no cycle was cut below
        return list(found.values())

    def read(self, owner: Any, source: Source) -> list[Any]:
        """Call a source on an owner object: the list (up to MAX_ITEMS), or the one object."""
        if source.op is None:
            return list(itertools.islice(owner.attachments, MAX_ITEMS))
        if source.op.is_property:  # an `open` read as an attribute: no call, no request
            return [getattr(owner, source.op.name)]
        method = getattr(owner, source.op.name)
        if source.op.kind == "list":
            return list(itertools.islice(method(**list_args(source.op)), MAX_ITEMS))
        try:
            return [method()]
        except NotFoundError:  # a single-valued navigation not set here (a CEO's manager)
            return []
        except ValueError:
            if not source.op.require:
                raise
            return []  # the object's state refuses it (`require`: opening a .txt as a workbook)
        except BadRequestError:
            if source.op.kind != "function":
                raise
            return []  # a function this object's place rules out (the columns left of column A)

    # -- creating --------------------------------------------------------------------------
    def creators(self, name: str) -> list[tuple[str, ir.Operation, ir.Operation | None]]:
        return creators(self.specset, name)

    def create(self, name: str, *, avoid: frozenset[str] = frozenset()) -> Created | None:
        """A new `name`, saved through the first creator whose owner can be reached (and is
        not one of `avoid`)."""
        for owner_name, op, listing in self.creators(name):
            for owner in self.owners(owner_name):
                if getattr(owner, "object_id", None) in avoid:
                    continue
                args = {p.python_name: value_for(p.type, self.specset)
                        for p in op.params if p.required}
                obj = getattr(owner, op.name)(**args)
                for spec in self.resources[name].fields:
                    if spec.required_on_create and getattr(obj, spec.python_name) is None:
                        setattr(obj, spec.python_name, value_for(spec.type, self.specset))
                obj.save()
                return Created(obj, owner, owner_name, op, listing)
        return None

    def listed(self, created: Created, owner: Any) -> set[str]:
        """The ids the creator's list gives under `owner` (the creator's owner type)."""
        assert created.listing is not None
        method = getattr(owner, created.listing.name)
        return {str(o.object_id) for o in itertools.islice(method(**list_args(created.listing)),
                                                          1000)}


# -- operations and values -----------------------------------------------------------------

def creators(specset: ir.SpecSet, name: str) -> list[tuple[str, ir.Operation, ir.Operation | None]]:
    """(owner, `new` operation, list at the same path) for each way the spec offers to make
    a `name`; its class must have `save` (which creates it). Under a parent resource first
    (the parent-child rule can then be checked), listed ones before the rest."""
    resource = next(r for r in specset.resources if r.name == name)
    if not any(op.kind == "save" for op in resource.operations):
        return []
    services = {s.name for s in specset.services}
    out = []
    owners: list[ir.Service | ir.Resource] = [*specset.services, *specset.resources]
    for owner in owners:
        for op in owner.operations:
            if op.kind == "new" and op.returns is not None and op.returns.name == name:
                listing = next((o for o in owner.operations if o.kind == "list"
                                and o.returns == op.returns and o.path == op.path
                                and callable_without_values(o)), None)
                out.append((owner.name, op, listing))
    return sorted(out, key=lambda c: (c[2] is None, c[0] in services))


def reachable(specset: ir.SpecSet) -> set[str]:
    """The resources some operation of a service, or of a resource reachable from one,
    returns (whatever arguments it needs), with what comes along with a reachable one: its
    subtypes (a Folder is a DriveItem) and its attachments."""
    by_name = {r.name: r for r in specset.resources}
    found: set[str] = set()
    queue = [op for service in specset.services for op in service.operations]
    while queue:
        op = queue.pop()
        if op.returns is None or op.returns.name not in by_name:
            continue
        names = [op.returns.name]
        while names:
            name = names.pop()
            if name in found:
                continue
            found.add(name)
            resource = by_name[name]
            queue.extend(resource.operations)
            names += [t for _, t in resource.subtypes if t in by_name]
            attached = dict(resource.attachments).get("returns")
            names += [attached] if isinstance(attached, str) and attached in by_name else []
    return found


def yields(op: ir.Operation, specset: ir.SpecSet) -> str | None:
    """The resource whose objects an operation gives the walker, or None: lists, gets, GET
    functions and `open`s returning a resource (after a `then`, what that operation gives)."""
    if op.returns is None or op.returns.kind != "resource":
        return None
    if op.kind not in ("list", "get", "open") and not (op.kind == "function"
                                                        and op.http_method == "GET"):
        return None
    if op.then is None:
        return op.returns.name
    owner = next(r for r in specset.resources if r.name == op.returns.name)
    then = next(o for o in owner.operations if o.name == op.then)
    return then.returns.name if then.returns is not None else None


def callable_without_values(op: ir.Operation) -> bool:
    """An operation the walker can call with no arguments: no required parameter except
    ones needed only when a `path_when` switch (passed as False) is on."""
    switches = {p.python_name for p in op.params if p.location == "switch"}
    return all(not p.required and (p.required_when is None or p.required_when in switches)
               for p in op.params)


def list_args(op: ir.Operation) -> dict[str, Any]:
    """Switches of `path_when` off (the operation's own path), and the walker's page."""
    args: dict[str, Any] = {p.python_name: False for p in op.params
                            if p.location == "switch" and p.python_name in dict(op.path_when)}
    args["limit"] = MAX_ITEMS
    return args


def value_for(t: ir.TypeRef, specset: ir.SpecSet) -> Any:
    """A plausible value of a spec type, for required fields and parameters."""
    n = next(UNIQUE)
    primitive = {"string": f"Conformance {n}", "bool": True, "int": n, "float": float(n)}
    if t.kind == "primitive" and t.name in ("datetime", "zoned_datetime"):
        # later values are later times, so an event's start (asked first) precedes its end
        value: Any = datetime(2030, 1, 1, tzinfo=timezone.utc) + timedelta(hours=n)
    elif t.kind == "primitive" and t.name in primitive:
        value = primitive[t.name]
    elif t.kind == "enum":
        value = next(e.values[0] for e in specset.enums if e.name == t.name)
    elif t.kind == "complex":
        complex_type = next(c for c in specset.complex_types if c.name == t.name)
        value = {f.graph_name: value_for(f.type, specset) for f in complex_type.fields
                 if f.type.kind == "primitive" and f.type.name in primitive}
    else:
        raise AssertionError(f"no conformance value for a required {t.spelled}")
    return [value] if t.is_list else value


def _json(text: Any) -> Any:
    import json

    if not text:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None
