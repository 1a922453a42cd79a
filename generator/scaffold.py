"""`python -m generator scaffold microsoft.graph.<type>`: a starter spec from the metadata.

An entity type becomes a `resource:` spec, a complex type a `types:` entry, an enum an
`enums:` entry. Types the spec tree already declares (matched by `graph_type`) are used by
name; only the others are marked TODO. A resource's path is read from the metadata's
containment (navigation properties with ContainsTarget), the way Graph's URLs are built.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from pathlib import Path

import yaml

from .metadata import Metadata, short_name
from .naming import snake_case
from .reserved import bad_member_name

EDM_TO_SPEC = {
    "Edm.String": "string", "Edm.Boolean": "bool", "Edm.Int16": "int", "Edm.Int32": "int",
    "Edm.Int64": "int", "Edm.Byte": "int", "Edm.Double": "float", "Edm.Single": "float",
    "Edm.Decimal": "float", "Edm.DateTimeOffset": "datetime", "Edm.Date": "date",
    "Edm.TimeOfDay": "time", "Edm.Duration": "duration", "Edm.Binary": "bytes",
    "Edm.Stream": "bytes", "Edm.Guid": "guid",
}
# Complex values the spec format reads as a primitive (see specs/README.md, "Types").
GRAPH_TO_SPEC = {"graph.dateTimeTimeZone": "zoned_datetime"}
READ_ONLY = ("id", "createdDateTime", "lastModifiedDateTime")
# Entities a spec reaches through `{resource}` (me, users/x, groups/x, sites/x).
RESOURCE_ROOTS = ("user", "group", "site")
# Graph's marker for enum members added later; specs leave it out.
EVOLVABLE = "unknownFutureValue"
# A place the containment search starts from or reaches: (path so far, entity type, context
# keys, navigation steps taken).
Start = tuple[str, str, list[str], list[str]]


def declared_types(specs_dir: Path) -> dict[str, str]:
    """Graph type (short name) -> the name the spec tree declares it under.

    Read leniently (plain YAML, no validation) so a tree that is being edited still helps.
    Where several resources share a graph type (DriveItem, File, Folder), the one that
    extends no other wins.
    """
    found: dict[str, str] = {}
    derived: dict[str, str] = {}
    for path in sorted(specs_dir.rglob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("resource"), str) and isinstance(data.get("graph_type"), str):
            target = derived if data.get("extends") else found
            target.setdefault(short_name(data["graph_type"]), data["resource"])
        for key in ("types", "enums"):
            entries = data.get(key)
            for name, spec in (entries.items() if isinstance(entries, dict) else ()):
                if isinstance(spec, dict) and isinstance(spec.get("graph_type"), str):
                    found.setdefault(short_name(spec["graph_type"]), str(name))
    return {**derived, **found}


def spec_type(edm: str, declared: Mapping[str, str] | None = None) -> tuple[str, bool]:
    """Spec spelling for a CSDL type, and whether it names a type still to declare."""
    inner = edm.removeprefix("Collection(").removesuffix(")")
    is_list = edm.startswith("Collection(")
    if inner in EDM_TO_SPEC:
        name, custom = EDM_TO_SPEC[inner], False
    elif inner in GRAPH_TO_SPEC and not is_list:
        name, custom = GRAPH_TO_SPEC[inner], False
    elif declared and short_name(inner) in declared:
        name, custom = declared[short_name(inner)], False
    else:
        name, custom = class_name(short_name(inner)), True
    return (f"list[{name}]" if is_list else name), custom


def class_name(short: str) -> str:
    return short[:1].upper() + short[1:]


def scaffold(meta: Metadata, graph_type: str, declared: Mapping[str, str] | None = None) -> str:
    """A starter spec for an entity type, complex type or enum of the metadata."""
    declared = declared or {}
    short = short_name(graph_type)
    if short in meta.enums:
        return _enum(meta, short, declared)
    try:
        info = meta.type(graph_type)
    except KeyError:
        raise KeyError(f"{graph_type!r} is not a type or enum in the Graph v1.0 metadata") from None
    if info.kind == "complex":
        return _complex(meta, short, declared)
    return _resource(meta, short, declared)


def _header(short: str, declared: Mapping[str, str], *lines: str) -> list[str]:
    out = [f"# Starter spec written by `python -m generator scaffold microsoft.graph.{short}`.", *lines]
    if short in declared:
        out.append(f"# The specs already declare microsoft.graph.{short} as {declared[short]}.")
    return out


def _enum(meta: Metadata, short: str, declared: Mapping[str, str]) -> str:
    values = [v for v in meta.enums[short] if v != EVOLVABLE]
    lines = _header(short, declared, "# Put it in a file under specs/types/ (values are checked against the metadata).")
    lines += [
        "enums:",
        f"  {class_name(short)}:",
        f"    graph_type: microsoft.graph.{short}",
        f"    values: [{', '.join(values)}]",
    ]
    return "\n".join(lines) + "\n"


def _complex(meta: Metadata, short: str, declared: Mapping[str, str]) -> str:
    lines = _header(short, declared, "# Put it in a file under specs/types/; drop the fields you don't want.",
                    "# Types marked TODO must be declared too (or changed to json).")
    lines += [
        "types:",
        f"  {class_name(short)}:",
        f"    graph_type: microsoft.graph.{short}",
        f"    doc: TODO one line on what a {short} is.",
        "    fields:",
    ]
    lines += _field_lines(meta, short, declared, indent="      ", owner="type")
    return "\n".join(lines) + "\n"


def _resource(meta: Metadata, short: str, declared: Mapping[str, str]) -> str:
    name = class_name(short)
    found = containment_path(meta, short)
    lines = _header(short, declared, "# Curate it: drop fields you don't want, check the path, name the operations.",
                    "# Types marked TODO must be declared in specs/types/ (or changed to json).")
    lines += [
        f"resource: {name}",
        f"graph_type: microsoft.graph.{short}",
        f"doc: TODO one line on what a {short} is.",
        f"link: https://learn.microsoft.com/graph/api/resources/{short.lower()}?view=graph-rest-1.0",
    ]
    context: list[str] = []
    if found is None:
        path = "TODO/{id}"
        lines.append(f'path: "{path}"  # TODO: no containment in the metadata leads to {short}')
    else:
        path, context, via = found
        lines.append(f'path: "{path}"  # contained via {via}')
    if context:
        lines.append(f"context: [{', '.join(context)}]")
    lines.append("fields:")
    lines += _field_lines(meta, short, declared, indent="  ", owner="resource")
    lines += [
        "operations:",
        "  refresh: {kind: refresh}",
        "  update: {kind: update}",
        "  delete: {kind: delete}",
        '  # save: {kind: save, path: "{parent}"}   # creates it in the collection it was listed from',
    ]
    for nav, target in meta.all_navigation(short).items():
        spelled, _ = spec_type(target, declared)
        kind = "list" if spelled.startswith("list[") else "get"
        returns = spelled.removeprefix("list[").removesuffix("]")
        handed = _child_context(meta, target, context) if nav in meta.containment(short) else ""
        lines.append(f'  # get_{snake_case(nav)}: {{kind: {kind}, path: "{{self}}/{nav}", returns: {returns}, '
                     f"navigation: {nav}{handed}}}")
    collection = path.removesuffix("/{id}") if path.endswith("/{id}") else "TODO"
    for op_name, ops in sorted(meta.bound_operations(short).items()):
        on_collection = all(op.binding.startswith("Collection(") for op in ops)
        where = f"{collection}/{op_name}" if on_collection else f"{{self}}/{op_name}"
        note = "  (on the collection: belongs where the collection is listed)" if on_collection else ""
        if op_name == "delta" and ops[0].kind == "function":
            lines.append(f'  # get_delta: {{kind: delta, path: "{where}", action: delta, returns: {name}}}{note}')
            continue
        method = snake_case(op_name)
        lines.append(f'  # {method}: {{kind: {ops[0].kind}, path: "{where}", action: {op_name}}}{note}')
    return "\n".join(lines) + "\n"


def _field_lines(meta: Metadata, short: str, declared: Mapping[str, str], *, indent: str, owner: str) -> list[str]:
    lines = []
    for prop, edm in meta.all_properties(short).items():
        spelled, custom = spec_type(edm, declared)
        extra = ", read_only: true" if prop in READ_ONLY else ""
        notes = []
        python = snake_case(prop)
        why = bad_member_name(python, owner)
        if why:
            extra += f", python: {python}_"
            notes.append(f"TODO rename: {python!r} {why}")
        if custom:
            inner = edm.removeprefix("Collection(").removesuffix(")")
            notes.append(f"TODO declare this type (scaffold microsoft.graph.{short_name(inner)})")
        note = f"  # {'; '.join(notes)}" if notes else ""
        value = f"{{type: {spelled}{extra}}}" if extra else spelled
        lines.append(f"{indent}{prop}: {value}{note}")
    return lines


def _child_context(meta: Metadata, target: str, own_context: list[str]) -> str:
    """`, context: {...}` a contained child needs: its parents' ids, this object's as `{id}`."""
    if _inner(target) not in meta.types:  # another namespace (termStore.store): not followed
        return ""
    found = containment_path(meta, _inner(target))
    if found is None or not found[1]:
        return ""
    values = [f'{key}: "{{{key if key in own_context else "id"}}}"' for key in found[1]]
    return f", context: {{{', '.join(values)}}}"


def containment_path(meta: Metadata, graph_type: str) -> tuple[str, list[str], str] | None:
    """The item path Graph's containment gives a type: (template, context keys, how).

    An entity set of the type itself wins (`users/{id}`); then the shortest chain of
    containing navigation properties from a user, group or site (`{resource}/todo/lists/
    {list_id}/tasks/{id}`); then from any other entity set or singleton of the service root.
    A navigation property that holds a base type of the target counts (attachments hold
    fileAttachments).
    """
    short = short_name(graph_type)
    accepted = {t.name for t in meta.lineage(short)}
    for name, (root_type, singleton) in sorted(meta.roots.items()):
        if root_type == short and not singleton:
            return f"{name}/{{id}}", [], f"the entity set {name}"
    resource_starts: list[Start] = [("{resource}", t, [], []) for t in RESOURCE_ROOTS if t in meta.types]
    other_starts: list[Start] = []
    for name, (root_type, singleton) in sorted(meta.roots.items()):
        if root_type in RESOURCE_ROOTS or root_type not in meta.types:
            continue
        segment = name if singleton else f"{name}/{{{_id_key(name)}}}"
        other_starts.append((segment, root_type, [] if singleton else [_id_key(name)], [name]))
    for starts in (resource_starts, other_starts):
        found = _search(meta, starts, accepted)
        if found is not None:
            return found
    return None


def _search(meta: Metadata, starts: list[Start], accepted: set[str]) -> tuple[str, list[str], str] | None:
    """Breadth first over containing navigation properties (shortest chain wins)."""
    queue = deque(starts)
    seen = {t for _, t, _, _ in starts}
    while queue:
        path, type_name, context, via = queue.popleft()
        children = sorted(meta.containment(type_name).items(), key=_named_after_its_type)
        # A collection of the type (`calendars`) before a single one (`calendar`, the default).
        for nav, target in sorted(children, key=lambda item: not item[1].startswith("Collection(")):
            if _inner(target) in accepted:
                how = " -> ".join([*via, f"{type_name}.{nav}"])
                if target.startswith("Collection("):
                    return f"{path}/{nav}/{{id}}", context, how
                return f"{path}/{nav}", context, how
        for nav, target in children:
            is_list = target.startswith("Collection(")
            inner = _inner(target)
            step = [*via, f"{type_name}.{nav}"]
            if inner in seen or inner not in meta.types:
                continue
            seen.add(inner)
            if is_list:
                key = _id_key(nav)
                queue.append((f"{path}/{nav}/{{{key}}}", inner, [*context, key], step))
            else:
                queue.append((f"{path}/{nav}", inner, context, step))
    return None


def _inner(target: str) -> str:
    return short_name(target.removeprefix("Collection(").removesuffix(")"))


def _named_after_its_type(item: tuple[str, str]) -> tuple[bool, str]:
    """Navigation properties named for what they hold (`events`) before views (`calendarView`)."""
    nav, target = item
    return _id_key(nav) != f"{snake_case(_inner(target))}_id", nav


def _id_key(collection: str) -> str:
    """`lists` -> `list_id`, `mailFolders` -> `mail_folder_id`, `categories` -> `category_id`."""
    singular = re.sub(r"ies$", "y", collection) if collection.endswith("ies") else collection.removesuffix("s")
    return f"{snake_case(singular)}_id"
