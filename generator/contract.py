"""The contract between our specs and Microsoft's official Graph v1.0 metadata.

Every graph type, property, navigation property, bound action or function and parameter a
spec names must exist in the metadata, with a compatible type. `check(specset, metadata)`
returns the disagreements as readable lines (empty when the specs agree).
"""

from __future__ import annotations

from . import ir
from .metadata import Metadata, short_name

# Spec primitive -> CSDL types it may stand for.
COMPATIBLE: dict[str, set[str]] = {
    "string": {"Edm.String"},
    "guid": {"Edm.Guid", "Edm.String"},
    "bool": {"Edm.Boolean"},
    "int": {"Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte"},
    "float": {"Edm.Double", "Edm.Single", "Edm.Decimal", "Edm.Int32", "Edm.Int64"},
    "datetime": {"Edm.DateTimeOffset"},
    "date": {"Edm.Date"},
    "time": {"Edm.TimeOfDay"},
    "duration": {"Edm.Duration"},
    "bytes": {"Edm.Binary", "Edm.Stream"},
    "zoned_datetime": {"graph.dateTimeTimeZone"},
    "time_zone": {"Edm.String"},
    "a1_address": {"Edm.String"},
    "cell_rows": {"Edm.Untyped"},
}


def check(specset: ir.SpecSet, meta: Metadata) -> list[str]:
    problems: list[str] = []
    named = {c.name: c.graph_type for c in specset.complex_types}
    named.update({r.name: r.graph_type for r in specset.resources})
    enums = {e.name: e.graph_type for e in specset.enums}

    def where(origin: ir.Origin | None) -> str:
        return str(origin) if origin else "?"

    for enum in specset.enums:
        if enum.values_of:
            owner, _, prop = enum.values_of.partition("/")
            try:
                if prop.endswith(")"):  # an action's parameter: workbookRange/clear(applyTo)
                    action, _, param = prop[:-1].partition("(")
                    found = next((c.parameters.get(param) for c in
                                  meta.bound_operations(owner).get(action, [])
                                  if param in c.parameters), None)
                else:
                    found = meta.all_properties(owner).get(prop)
            except KeyError:
                found = None
            if found != "Edm.String":
                problems.append(f"{where(enum.origin)}: {enum.values_of} is not a string property (or action parameter) in the metadata")
            continue
        short = short_name(enum.graph_type)
        if short not in meta.enums:
            problems.append(f"{where(enum.origin)}: {enum.graph_type} is not an enum in the metadata")
            continue
        for value in enum.values:
            if value not in meta.enums[short]:
                problems.append(f"{where(enum.origin)}: {enum.name} value {value!r} is not a member of "
                                f"{enum.graph_type}")

    def compatible(t: ir.TypeRef, edm: str) -> bool:
        is_list = edm.startswith("Collection(")
        inner = edm.removeprefix("Collection(").removesuffix(")")
        if t.name == "json":
            return True
        if is_list != t.is_list:
            return False
        if t.kind == "primitive":
            # Enums travel as strings, so a plain string field may hold one.
            return inner in COMPATIBLE.get(t.name, set()) or (
                t.name == "string" and short_name(inner) in meta.enums)
        if t.kind == "enum":
            if not enums[t.name]:  # values_of: documented strings
                return inner == "Edm.String"
            return inner == "graph." + short_name(enums[t.name])
        target = short_name(named[t.name])
        declared = short_name(inner)
        # A spec may name the declared type, a subtype of it (manager: directoryObject -> User),
        # or a base type of it.
        return (target == declared or target in meta.subtypes("graph." + declared)
                or declared in meta.subtypes("graph." + target))

    def check_fields(owner: str, graph_type: str, fields: tuple[ir.Field, ...]) -> None:
        props = meta.all_properties(graph_type)
        nav = meta.all_navigation(graph_type)
        for field in fields:
            if field.graph_name.startswith("@"):
                continue
            edm = props.get(field.graph_name) or nav.get(field.graph_name)
            if edm is None:
                problems.append(f"{where(field.origin)}: {owner}.{field.graph_name} is not a property of "
                                f"{graph_type} in the metadata")
            elif not compatible(field.type, edm):
                problems.append(f"{where(field.origin)}: {owner}.{field.graph_name} is "
                                f"{field.type.spelled} in the spec but {edm} in the metadata")

    def check_operation(owner: str, graph_type: str | None, op: ir.Operation) -> None:
        if op.owner_field and op.returns is not None and op.returns.name in named:
            # The emulator files created items under their parent by this property, and sends
            # it back: it must be one Graph really has.
            item_type = named[op.returns.name]
            try:
                props: dict[str, str] | None = meta.all_properties(item_type)
            except KeyError:
                props = None  # reported with the type itself
            if props is not None and op.owner_field not in props:
                problems.append(f"{where(op.origin)}: {owner}.{op.name}: owner_field {op.owner_field!r} is not "
                                f"a property of {item_type} in the metadata")
        if op.kind == "delta" and not op.removed.startswith("@") and op.returns is not None \
                and op.returns.name in named and short_name(named[op.returns.name]) in meta.types \
                and op.removed not in meta.all_properties(named[op.returns.name]):
            # A misspelt marker would never match, and removals would read as live items.
            problems.append(f"{where(op.origin)}: {owner}.{op.name}: removed {op.removed!r} is not a property "
                            f"of {named[op.returns.name]} in the metadata")
        if op.navigation and graph_type:
            nav = meta.all_navigation(graph_type)
            if op.navigation not in nav:
                problems.append(f"{where(op.origin)}: {owner}.{op.name} walks {op.navigation!r}, which "
                                f"is not a navigation property of {graph_type}")
            elif op.returns is not None and not compatible(
                    ir.TypeRef(op.returns.name, nav[op.navigation].startswith("Collection("), op.returns.kind),
                    nav[op.navigation]):
                problems.append(f"{where(op.origin)}: {owner}.{op.name} returns {op.returns.name} but "
                                f"{op.navigation} holds {nav[op.navigation]}")
        if op.graph_action:
            graph_type = _walk(meta, graph_type, op.path) if graph_type else None
            bound = meta.bound_operations(graph_type) if graph_type else {}
            if not graph_type:
                candidates = [o for o in meta.operations if o.name == op.graph_action]
            else:
                candidates = bound.get(op.graph_action, [])
            if not candidates:
                problems.append(f"{where(op.origin)}: {owner}.{op.name}: {op.graph_action!r} is not an "
                                f"action or function bound to {graph_type or 'any type'}")
                return
            names = {p.lower() for c in candidates for p in c.parameters}
            for param in op.params:
                # Query options (calendarView's startDateTime) are not function parameters.
                # A slash path (`user/id`) sets a member inside the parameter named first.
                top = param.graph_name.split("/", 1)[0]
                if param.location == "body" and top.lower() not in names:
                    problems.append(f"{where(param.origin)}: {owner}.{op.name}: parameter "
                                    f"{top!r} is not a parameter of {op.graph_action}")

    def check_inverse(resource: ir.Resource) -> None:
        """`emulator: inverse:` pairs a navigation of the resource with one of its targets'
        (members -> memberOf): both must be navigation properties Graph has."""
        navigation = meta.all_navigation(resource.graph_type)
        for name, back in resource.emulator.inverse:
            held = navigation.get(name)
            if held is None:
                problems.append(f"{where(resource.origin)}: {resource.name} emulator inverse: {name!r} is "
                                f"not a navigation property of {resource.graph_type}")
                continue
            target = short_name(held.removeprefix("Collection(").removesuffix(")"))
            candidates = {target} | meta.subtypes("graph." + target)
            if not any(back in meta.all_navigation("microsoft.graph." + c) for c in candidates):
                problems.append(f"{where(resource.origin)}: {resource.name} emulator inverse: {back!r} is "
                                f"not a navigation property of {target} or its subtypes")

    items: list[ir.ComplexType | ir.Resource] = [*specset.complex_types, *specset.resources]
    for item in items:
        try:
            meta.type(item.graph_type)
        except KeyError:
            problems.append(f"{where(item.origin)}: {item.graph_type} is not a type in the metadata")
            continue
        check_fields(item.name, item.graph_type, item.fields)
        if isinstance(item, ir.Resource):
            check_inverse(item)
        ops = item.operations
        for op in ops:
            check_operation(item.name, item.graph_type, op)
    for service in specset.services:
        for op in service.operations:
            check_operation(service.name, None, op)
    problems += _check_upload_items(specset, meta, named)
    return problems


def _check_upload_items(specset: ir.SpecSet, meta: Metadata, named: dict[str, str]) -> list[str]:
    """Outlook-style uploads name Graph things the runtime sends as they are: the `@odata.type`
    of a small file (`item_type`) must be a kind of the attachment collection's type, and the
    createUploadSession body member (`session_item`) a parameter of that action there."""
    problems: list[str] = []
    places: list[tuple[str, dict[str, object], str | None]] = []
    for res in specset.resources:
        block = dict(res.attachments)
        places.append((f"{res.origin}: {res.name}.attachments", block, named.get(str(block.get("returns")))))
        for op in res.operations:
            if op.returns is not None:
                places.append((f"{op.origin}: {res.name}.{op.name}", dict(op.upload), named.get(op.returns.name)))
    for where, block, collection in places:
        if collection is None:
            continue
        lineage = {f"graph.{t.name}" for t in meta.lineage(collection)} if short_name(collection) in meta.types else set()
        item_type = block.get("item_type")
        if isinstance(item_type, str):
            short = short_name(item_type.removeprefix("#"))
            if short not in meta.types:
                problems.append(f"{where}: item_type {item_type} is not a type in the metadata")
            elif short != short_name(collection) and short not in meta.subtypes(collection):
                problems.append(f"{where}: item_type {item_type} is not a kind of {collection}")
        session_item = block.get("session_item")
        if isinstance(session_item, str):
            sessions = [o for o in meta.operations if o.name == "createUploadSession"
                        and o.binding.removeprefix("Collection(").removesuffix(")") in lineage]
            if not any(session_item in o.parameters for o in sessions):
                known = sorted(p for o in sessions for p in o.parameters)
                problems.append(f"{where}: session_item {session_item!r} is not a parameter of createUploadSession "
                                f"on {collection} (it takes: {', '.join(known) or 'no createUploadSession'})")
    return problems


def _walk(meta: Metadata, graph_type: str, path: str) -> str:
    """The type a path reaches from `graph_type` by following navigation properties.

    `{self}/root/delta` on a drive walks `root` (a driveItem), where `delta` is bound.
    """
    current = graph_type
    for segment in path.split("/")[:-1]:
        if segment.startswith("{"):
            continue
        target = meta.all_navigation(current).get(segment.split("(")[0])
        if target is None:
            continue
        current = "microsoft.graph." + short_name(target.removeprefix("Collection(").removesuffix(")"))
    return current
