"""Read every spec file, check it (JSON Schema, then meaning), and build the IR.

All problems from all files are collected and raised together as one `SpecError`, each with
file, line, column and the path inside the document.
"""

from __future__ import annotations

import hashlib
import json
import keyword
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonschema

from . import ir
from .naming import enum_member, snake_case
from .problems import Problem, SpecError
from .reserved import bad_member_name, bad_parameter_name, bad_type_name, generator_modules
from .yamlsource import SourceDoc, load

SCHEMA_FILE = "spec.schema.json"
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_/]*)\}")
LIST_TYPE = re.compile(r"^list\[([A-Za-z_][A-Za-z0-9_]*)\]$")

DEFAULT_HTTP = {
    "list": "GET", "get": "GET", "refresh": "GET", "create": "POST", "update": "PATCH",
    "save": "PATCH", "delete": "DELETE", "action": "POST", "function": "GET", "new": "GET",
    "delta": "GET", "download": "GET", "upload": "PUT", "find": "GET", "set": "", "computed": "",
    "download_tree": "GET", "query_builder": "", "open": "", "read_blocks": "GET",
    "write_blocks": "PATCH", "subscribe": "POST", "renew": "PATCH",
}
# The change types a subscription may name (G: resources/subscription.md, changeType).
CHANGE_TYPES = ("created", "updated", "deleted")
# Kinds that make no request.
LOCAL_KINDS = {"set", "computed", "query_builder"}
# Kinds allowed on complex types (they have no path).
TYPE_KINDS = {"set", "computed"}
# Operations on a resource default to acting on the resource itself.
SELF_PATH_KINDS = {"refresh", "update", "delete", "save", "renew"}


def _with_openers(resources: list[ir.Resource]) -> list[ir.Resource]:
    """Each resource learns which other resources open it (`kind: open` returning it)."""
    import dataclasses

    openers: dict[str, list[tuple[str, str]]] = {}
    for res in resources:
        for op in res.operations:
            if op.kind == "open" and op.returns is not None and op.returns.kind == "resource":
                openers.setdefault(op.returns.name, []).append((res.name, op.name))
    return [dataclasses.replace(r, opened_by=tuple(sorted(openers[r.name]))) if r.name in openers
            else r for r in resources]


def spec_files(specs_dir: Path) -> list[Path]:
    return sorted(p for p in specs_dir.rglob("*.yaml") if p.is_file())


DEFAULT_SCHEMA = Path(__file__).resolve().parent.parent / "specs" / SCHEMA_FILE


def load_specs(specs_dir: Path, schema_file: Path | None = None) -> ir.SpecSet:
    """Load and check the whole spec tree; raise SpecError listing every problem."""
    if schema_file is None:
        local = specs_dir / SCHEMA_FILE
        schema_file = local if local.is_file() else DEFAULT_SCHEMA
    schema = json.loads(schema_file.read_text())
    problems: list[Problem] = []
    docs: list[SourceDoc] = []
    broken: list[SourceDoc] = []  # failed the schema: their names still count as declared
    digest = hashlib.sha256()
    for path in spec_files(specs_dir):
        rel = path.relative_to(specs_dir).as_posix()
        text = path.read_text(encoding="utf-8")
        digest.update(rel.encode() + b"\0" + text.encode() + b"\0")
        doc, found = load(text, f"specs/{rel}")
        problems += found
        if doc is None:
            continue
        schema_problems = check_schema(doc, schema)
        problems += schema_problems
        if schema_problems and _drop_unknown_keys(doc, schema):
            schema_problems = []  # only unknown keys: check the rest of the file's meaning too
        (docs if not schema_problems else broken).append(doc)
    builder = _Builder(docs, broken)
    specset = builder.build()
    problems += builder.problems
    if problems:
        raise SpecError(problems)
    return ir.SpecSet(
        resources=specset.resources,
        services=specset.services,
        complex_types=specset.complex_types,
        enums=specset.enums,
        o365_modules=specset.o365_modules,
        spec_hash=digest.hexdigest(),
        files=tuple(f"specs/{p.relative_to(specs_dir).as_posix()}" for p in spec_files(specs_dir)),
    )


def _assignable(param: ir.TypeRef, field: ir.TypeRef) -> bool:
    """Whether an `update` argument of type `param` can be written into a field of type `field`."""
    if "json" in (param.name, field.name) or param == field:
        return True
    if param.is_list != field.is_list:
        return False
    if param.kind == "resource":
        return field.name in ("string", "guid")  # the object's id goes in
    if param.name == "string":
        return field.kind == "enum"  # an enum travels as its string
    return param.name == "zoned_datetime" and field.name == "DateTimeTimeZone"


def _structural(template: str) -> str:
    """A path template with its placeholder names erased: `drives/{drive_id}/items/{root}`
    is the same path as `drives/{drive_id}/items/{id}`."""
    return re.sub(r"\{[^{}]*\}", "{}", template)


def _strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v)]
    return []


def _has_userless_call(service: dict[str, Any]) -> bool:
    """Some operation of the service sends a request that names no `{resource}` (`users`,
    `groups`, `sites/root`): its accessor then resolves the user only for the paths that use
    one, so an app-only account without a user can reach the rest."""
    return any(isinstance(op, dict) and op.get("path")
               and not any("{resource}" in text for text in _strings_in(op))
               for op in service["operations"].values())


def _shape(template: str) -> str:
    """A path template with its placeholder names erased (`{resource}` kept)."""
    return PLACEHOLDER.sub(lambda m: m.group(0) if m.group(1) == "resource" else "{}", template)


def file_kind(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    for key, kind in (("resource", "resourceFile"), ("service", "serviceFile"),
                      ("types", "typesFile"), ("enums", "typesFile"),
                      ("o365_modules", "o365ModulesFile")):
        if key in data:
            return kind
    return None


def check_schema(doc: SourceDoc, schema: dict[str, Any]) -> list[Problem]:
    kind = file_kind(doc.data)
    if kind is None:
        return [doc.problem([], "a spec file must be a mapping with one of the keys "
                                "'resource', 'service', 'types', 'enums' or 'o365_modules'")]
    sub = {"$ref": f"#/$defs/{kind}", "$defs": schema["$defs"]}
    validator = jsonschema.Draft202012Validator(sub)
    out = []
    for error in validator.iter_errors(doc.data):
        out.append(_schema_problem(doc, error))
    return out


def _drop_unknown_keys(doc: SourceDoc, schema: dict[str, Any]) -> bool:
    """Remove keys the schema does not know; True when the file is then valid."""
    kind = file_kind(doc.data)
    if kind is None:
        return False
    validator = jsonschema.Draft202012Validator({"$ref": f"#/$defs/{kind}", "$defs": schema["$defs"]})
    for _ in range(10):  # each pass removes the unknown keys one level of errors reports
        errors = list(validator.iter_errors(doc.data))
        if not errors:
            return True
        removed = False
        for error in errors:
            target = error.instance
            if error.validator == "oneOf":
                best = jsonschema.exceptions.best_match(error.context or [])
                if best is None:
                    return False
                error, target = best, best.instance
            if error.validator != "additionalProperties" or not isinstance(target, dict):
                return False
            allowed = error.schema.get("properties", {})
            for key in [k for k in target if k not in allowed]:
                del target[key]
                removed = True
        if not removed:
            return False
    return False


def _schema_problem(doc: SourceDoc, error: jsonschema.ValidationError) -> Problem:
    parts = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        extra = sorted(k for k in error.instance if k not in allowed)
        if extra:
            known = ", ".join(sorted(allowed))
            return doc.problem([*parts, extra[0]], f"unknown key {extra[0]!r} (expected one of: {known})", key=True)
    if error.validator == "oneOf":
        # A field or parameter is either a type name or a mapping; report the closest branch.
        best = jsonschema.exceptions.best_match(error.context or [])
        if best is not None:
            if best.validator == "additionalProperties" and isinstance(best.instance, dict):
                return _schema_problem(doc, best)
            return doc.problem(parts, best.message)
    if error.validator == "pattern":
        return doc.problem(parts, f"{error.instance!r} is not a valid value here "
                                  f"(must match {error.validator_value})")
    if error.validator == "propertyNames":
        return doc.problem(parts, error.message, key=True)
    return doc.problem(parts, error.message)


class _Builder:
    """Second pass: resolve names, check cross-references, produce IR objects."""

    def __init__(self, docs: list[SourceDoc], broken: list[SourceDoc] | None = None) -> None:
        self.docs = docs
        self.broken = broken or []
        self.problems: list[Problem] = []
        # name -> (kind, doc, pointer parts) for every declared type
        self.declared: dict[str, tuple[str, SourceDoc, list[str | int]]] = {}
        # every `emulator: seed:` row, where it was written (refs are checked across files)
        self.seed_rows: list[tuple[ir.SeedRow, SourceDoc, list[str | int]]] = []

    def build(self) -> ir.SpecSet:
        self._declare()
        enums: list[ir.EnumType] = []
        complex_types: list[ir.ComplexType] = []
        resources: list[ir.Resource] = []
        services: list[ir.Service] = []
        o365_modules: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        for doc in self.docs:
            data = doc.data
            if "resource" in data:
                resources.append(self._resource(doc))
            elif "service" in data:
                services.append(self._service(doc))
            elif "o365_modules" in data:
                o365_modules += self._o365_modules(doc)
            else:
                for name, spec in data.get("enums", {}).items():
                    enums.append(self._enum(doc, name, spec))
                for name, spec in data.get("types", {}).items():
                    complex_types.append(self._complex(doc, name, spec))
        self._check_accessors(services)
        self._check_modules([*resources, *services])
        self._check_seed_refs()
        self._check_well_known_paths(resources, services)
        resources = _with_openers(resources)
        key = lambda item: item.name  # noqa: E731
        return ir.SpecSet(tuple(sorted(resources, key=key)), tuple(sorted(services, key=key)),
                          tuple(sorted(complex_types, key=key)), tuple(sorted(enums, key=key)),
                          o365_modules=tuple(sorted(o365_modules)))

    def _o365_modules(self, doc: SourceDoc) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
        """python-o365's module names: each name must be a declared spec name or a runtime one."""
        out = []
        for module, names in doc.data["o365_modules"].items():
            for name, target in names.items():
                if ":" not in target and target not in self.declared:
                    self.problems.append(doc.problem(["o365_modules", module, name],
                                                     f"{target!r} is not a declared resource, service or type"))
            out.append((module, tuple(sorted(names.items()))))
        return out

    # -- declarations -------------------------------------------------------------------

    def _declare(self) -> None:
        for doc in self.broken:
            data = doc.data
            for key, kind in (("resource", "resource"), ("service", "service")):
                if isinstance(data, dict) and isinstance(data.get(key), str):
                    self.declared.setdefault(data[key], (kind, doc, [key]))
            for key, kind in (("types", "complex"), ("enums", "enum")):
                if isinstance(data, dict) and isinstance(data.get(key), dict):
                    for name in data[key]:
                        self.declared.setdefault(str(name), (kind, doc, [key, name]))
        for doc in self.docs:
            data = doc.data
            entries: list[tuple[str, str, list[str | int]]] = []
            if "resource" in data:
                entries.append((data["resource"], "resource", ["resource"]))
            elif "service" in data:
                entries.append((data["service"], "service", ["service"]))
            else:
                entries += [(n, "enum", ["enums", n]) for n in data.get("enums", {})]
                entries += [(n, "complex", ["types", n]) for n in data.get("types", {})]
            for name, kind, parts in entries:
                if name in ir.PRIMITIVES:
                    self.problems.append(doc.problem(parts, f"{name!r} is a primitive type name"))
                elif name in self.declared and self.declared[name][1] is not doc:
                    _, other, other_parts = self.declared[name]
                    line, _ = other.where(other_parts, key=True)
                    self.problems.append(doc.problem(
                        parts, f"{name!r} is declared twice (also in {other.file}:{line})", key=True))
                else:
                    self.declared[name] = (kind, doc, parts)
                    if why := bad_type_name(name):
                        self.problems.append(doc.problem(parts, f"type name {name!r} {why}; rename it", key=True))

    def _typeref(self, doc: SourceDoc, parts: list[str | int], spelled: str) -> ir.TypeRef:
        match = LIST_TYPE.match(spelled)
        name = match.group(1) if match else spelled
        if name in ir.PRIMITIVES:
            return ir.TypeRef(name, bool(match), "primitive")
        declared = self.declared.get(name)
        if declared is None or declared[0] == "service":
            self.problems.append(doc.problem(parts, f"unknown type {name!r}"))
            return ir.TypeRef("json", bool(match), "primitive")
        return ir.TypeRef(name, bool(match), declared[0])

    # -- types ----------------------------------------------------------------------------

    def _enum(self, doc: SourceDoc, name: str, spec: dict[str, Any]) -> ir.EnumType:
        members: dict[str, str] = {}
        for i, value in enumerate(spec["values"]):
            member = enum_member(value)
            if member in members:
                self.problems.append(doc.problem(["enums", name, "values", i],
                                                 f"values {members[member]!r} and {value!r} both become "
                                                 f"the Python member {name}.{member}"))
            members.setdefault(member, value)
        for alias, value in spec.get("aliases", {}).items():
            if value not in spec["values"]:
                self.problems.append(doc.problem(["enums", name, "aliases", alias],
                                                 f"alias {alias!r} names {value!r}, which is not a value"))
        return ir.EnumType(name, spec.get("graph_type", ""), tuple(spec["values"]), spec.get("doc", ""),
                           doc.file, spec.get("values_of"),
                           tuple(sorted(spec.get("aliases", {}).items())),
                           self._member_aliases(doc, name, spec, set(members)),
                           tuple(spec.get("retired", {}).items()),
                           self._origin(doc, ["enums", name]))

    def _member_aliases(self, doc: SourceDoc, name: str, spec: dict[str, Any],
                        members: set[str]) -> tuple[tuple[str, str], ...]:
        """Other Python member names for values: python-o365's spellings of the same enum."""
        wanted = spec.get("member_aliases")
        if wanted is None:
            return ()
        if wanted == "pascal":
            pairs = [(value[:1].upper() + value[1:], value) for value in spec["values"]]
        elif wanted == "aliases":
            pairs = [(alias.upper(), value) for alias, value in spec.get("aliases", {}).items()]
        else:
            pairs = list(wanted.items())
        out = []
        for member, value in pairs:
            if value not in spec["values"]:
                self.problems.append(doc.problem(["enums", name, "member_aliases"],
                                                 f"member alias {member!r} names {value!r}, which is not a value"))
            elif not member.isidentifier() or keyword.iskeyword(member) or member in members:
                self.problems.append(doc.problem(["enums", name, "member_aliases"],
                                                 f"member alias {member!r} is not a free Python name"))
            else:
                members.add(member)
                out.append((member, value))
        return tuple(out)

    def _complex(self, doc: SourceDoc, name: str, spec: dict[str, Any]) -> ir.ComplexType:
        here: list[str | int] = ["types", name]
        if "fields" not in spec and "map" not in spec:
            self.problems.append(doc.problem(here, "a type needs 'fields', or 'map' for an open "
                                             "type used as a dictionary"))
        fields = self._fields(doc, [*here, "fields"], spec.get("fields", {}), "type")
        keyed = spec.get("map")
        values = self._typeref(doc, [*here, "map", "values"], keyed["values"]) if keyed else None
        if values is not None and (values.is_list or values.kind not in ("primitive", "complex")):
            self.problems.append(doc.problem([*here, "map", "values"], "map values are a complex "
                                             "type or a primitive"))
        names_in_use = {f.python_name: f"field {f.graph_name!r}" for f in fields}
        ops = self._operations(doc, spec.get("operations", {}), names_in_use, set(), owner_path=None,
                               base=here, fields=fields, owner="type")
        for op in ops:
            if op.kind not in TYPE_KINDS:
                self.problems.append(doc.problem(
                    [*here, "operations", op.name, "kind"],
                    f"complex types only take operations of kind {sorted(TYPE_KINDS)}, not {op.kind!r}"))
        coerce = spec.get("coerce", {})
        for key in ("string",):
            if key in coerce:
                self._check_slash_path(doc, [*here, "coerce", key], coerce[key], fields)
        for i, path in enumerate(coerce.get("pair", [])):
            self._check_slash_path(doc, [*here, "coerce", "pair", i], path, fields)
        if "match" in spec:
            self._check_slash_path(doc, [*here, "match"], spec["match"], fields)
        for path in (*coerce.get("with", {}), *coerce.get("object", {})):
            self._check_slash_path(doc, [*here, "coerce", path], path, fields)
        return ir.ComplexType(
            name, spec["graph_type"], spec["doc"], fields, spec.get("link"), doc.file,
            operations=ops, rules=self._rules(doc, here, spec.get("rules", []), fields),
            coerce=tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(coerce.items())),
            match=spec.get("match"), nested=self._nested(doc, [*here, "nested"], spec.get("nested", {}), fields),
            map_keys=keyed["keys"] if keyed else None, map_values=values,
            new_keys=bool(keyed and keyed.get("new_keys")),
            origin=self._origin(doc, here),
        )

    def _rules(self, doc: SourceDoc, parts: list[str | int], spec: list[dict[str, list[str]]],
               fields: tuple[ir.Field, ...]) -> tuple[ir.Rule, ...]:
        rules = []
        for i, rule in enumerate(spec):
            (kind, paths), = rule.items()
            checked = paths[:2] if kind == "fill_after" else paths  # fill_after: a duration last
            for j, path in enumerate(checked):
                self._check_slash_path(doc, [*parts, "rules", i, kind, j], path, fields)
            rules.append(ir.Rule(kind, tuple(paths)))
        return tuple(rules)

    def _check_slash_path(self, doc: SourceDoc, parts: list[str | int], path: str,
                          fields: tuple[ir.Field, ...]) -> None:
        """The first segment of a slash path must be a field; deeper segments a field of its type
        (after a list, a number picks an item: `emailAddresses/0/address`)."""
        current: tuple[ir.Field, ...] | None = fields
        in_list = False
        for segment in path.split("/"):
            if current is None:
                return  # inside a json value: anything goes
            if in_list and segment.isdigit():
                in_list = False
                continue
            found = next((f for f in current if f.graph_name == segment), None)
            if found is None:
                known = ", ".join(sorted(f.graph_name for f in current))
                self.problems.append(doc.problem(parts, f"{path!r}: no field {segment!r} here (known: {known})"))
                return
            in_list = found.type.is_list
            current = self._fields_of(found.type)

    def _fields_of(self, t: ir.TypeRef) -> tuple[ir.Field, ...] | None:
        declared = self.declared.get(t.name)
        if declared is None or declared[0] not in ("complex", "resource"):
            return None
        kind, doc, parts = declared
        if kind == "complex" and "map" in doc.data["types"][t.name]:
            return None  # an open type: its property names are data (generated.o365._runtime.keyed)
        raw = doc.data["types"][t.name].get("fields", {}) if kind == "complex" else doc.data["fields"]
        out = []
        for graph_name, value in raw.items():
            value = value if isinstance(value, dict) else {"type": value}
            spelled = value["type"]
            match = LIST_TYPE.match(spelled)
            name = match.group(1) if match else spelled
            kind_of = self.declared.get(name, ("primitive",))[0]
            out.append(ir.Field(graph_name, value.get("python") or snake_case(graph_name),
                                ir.TypeRef(name, bool(match), kind_of), read_only=value.get("read_only", False),
                                aliases=tuple(value.get("aliases", []))))
        return tuple(out)

    def _fields(self, doc: SourceDoc, parts: list[str | int], spec: dict[str, Any],
                owner: str) -> tuple[ir.Field, ...]:
        fields: list[ir.Field] = []
        seen: dict[str, str] = {}
        for graph_name, value in spec.items():
            here = [*parts, graph_name]
            value = value if isinstance(value, dict) else {"type": value}
            python = value.get("python") or snake_case(graph_name)
            self._check_python_name(doc, here, python, seen, graph_name, owner)
            for i, alias in enumerate(value.get("aliases", [])):
                self._check_python_name(doc, [*here, "aliases", i], alias, seen, f"alias of {graph_name!r}", owner)
            fields.append(ir.Field(
                graph_name=graph_name,
                python_name=python,
                type=self._typeref(doc, [*here, "type"] if isinstance(spec[graph_name], dict) else here, value["type"]),
                doc=value.get("doc", ""),
                read_only=value.get("read_only", False),
                required_on_create=value.get("required", False),
                secret=value.get("secret", False), aliases=tuple(value.get("aliases", [])),
                # a dictionary (open type) reads as an empty one until its first key is set
                autocreate=value.get("autocreate", False) or self._is_map(value["type"]),
                keyed=self._is_map(value["type"]),
                value_range=tuple(value["range"]) if "range" in value else None,
                origin=self._origin(doc, here),
            ))
        return tuple(fields)

    def _is_map(self, spelled: str) -> bool:
        """Whether a type spelling names a `map:` type (an open type used as a dictionary)."""
        declared = self.declared.get(spelled)
        return bool(declared and declared[0] == "complex"
                    and "map" in declared[1].data["types"].get(spelled, {}))

    def _nested(self, doc: SourceDoc, parts: list[str | int], spec: dict[str, Any],
                fields: tuple[ir.Field, ...]) -> tuple[ir.Nested, ...]:
        """`nested:` attributes: each slash path must lead through fields to a field."""
        out = []
        taken = {name for f in fields for name in (f.python_name, *f.aliases)}
        for python, value in spec.items():
            value = value if isinstance(value, dict) else {"path": value}
            here = [*parts, python]
            if python in taken:
                self.problems.append(doc.problem(here, f"python name {python!r} is already a field", key=True))
            leaf = self._slash_leaf(doc, here, value["path"], fields)
            if leaf is None:
                continue
            if "/" not in value["path"]:
                self.problems.append(doc.problem(here, "a nested path has at least two segments "
                                                       "(for another name of a field, use its 'aliases')"))
            out.append(ir.Nested(python, value["path"], leaf, value.get("read_only", False),
                                 value.get("doc", "")))
        return tuple(out)

    def _slash_leaf(self, doc: SourceDoc, parts: list[str | int], path: str,
                    fields: tuple[ir.Field, ...]) -> ir.Field | None:
        before = len(self.problems)
        self._check_slash_path(doc, parts, path, fields)
        if len(self.problems) > before:
            return None
        current: tuple[ir.Field, ...] | None = fields
        found: ir.Field | None = None
        for segment in path.split("/"):
            if current is None:
                self.problems.append(doc.problem(parts, f"{path!r} goes inside a json value; "
                                                        "a nested attribute needs a typed field"))
                return None
            found = next(f for f in current if f.graph_name == segment)
            current = self._fields_of(found.type)
        return found

    def _check_python_name(self, doc: SourceDoc, parts: list[str | int], python: str,
                           seen: dict[str, str], owner: str, base: str | None) -> None:
        why = bad_member_name(python, base)
        if why:
            fix = "rename it" if owner.startswith(("operation", "alias")) else "set 'python:' to another name"
            self.problems.append(doc.problem(parts, f"python name {python!r} {why}; {fix}", key=True))
        if python in seen:
            self.problems.append(doc.problem(
                parts, f"python name {python!r} is used twice ({seen[python]} and {owner})", key=True))
        seen[python] = owner

    # -- protocol keys: what the runtime needs to know about a resource, said in its spec -----

    def _protocol_keys(self, doc: SourceDoc, here: list[str | int], kind: str, op: dict[str, Any],
                       returns: ir.TypeRef | None) -> dict[str, Any]:
        """advanced_queries, removed and permissions of an operation, checked against its kind."""
        keys: dict[str, Any] = {}
        if "advanced_queries" in op and kind not in ("list", "find", "query_builder"):
            self.problems.append(doc.problem([*here, "advanced_queries"], "advanced_queries applies to "
                                             "list, find and query_builder operations only"))
        if kind in ("list", "find", "query_builder"):
            derived = returns is not None and returns.kind == "resource" and bool(
                self._inherited_key(returns.name, "advanced_queries"))
            keys["advanced_queries"] = op.get("advanced_queries", derived)
        if "search" in op:
            self._check_template(doc, [*here, "search"], kind, op, "search")
            keys["search"] = op["search"]
        if "filter" in op:
            self._check_template(doc, [*here, "filter"], kind, op, "filter")
        if op.get("collect"):
            if kind != "list":
                self.problems.append(doc.problem([*here, "collect"], "collect applies to list operations only"))
            keys["collect"] = True
        if "removed" in op:
            if kind != "delta":
                self.problems.append(doc.problem([*here, "removed"], "removed applies to delta operations only"))
            keys["removed"] = op["removed"]
        if "permissions" in op:
            if kind in LOCAL_KINDS:
                self.problems.append(doc.problem([*here, "permissions"],
                                                 f"a {kind!r} operation makes no request: it needs no permissions"))
            keys["permissions"] = _grant(op["permissions"])
        if kind == "upload" and "upload" in op:
            self._check_upload_style(doc, [*here, "upload"], op["upload"])
        return keys

    def _check_template(self, doc: SourceDoc, here: list[str | int], kind: str, op: dict[str, Any],
                        key: str) -> None:
        """`search:` / `filter:` are a list's or find's own $search / $filter; their
        placeholders are its `in: search` / `in: filter` parameters, and each such parameter
        appears in them."""
        if kind not in ("list", "find"):
            self.problems.append(doc.problem(here, f"{key} applies to list and find operations only"))
        declared = {(value.get("python") or snake_case(name)) for name, value in op.get("params", {}).items()
                    if isinstance(value, dict) and value.get("in") == key}
        named = set(PLACEHOLDER.findall(op[key]))
        for name in sorted(named - declared):
            self.problems.append(doc.problem(here, f"{{{name}}} is not a parameter with 'in: {key}'"))
        for name in sorted(declared - named):
            self.problems.append(doc.problem(here, f"parameter {name!r} ('in: {key}') does not appear in the {key}"))

    def _inherited_key(self, name: str, key: str, seen: tuple[str, ...] = ()) -> Any:
        """A resource's own value for `key`, else the one of the resource it `extends`."""
        declared = self.declared.get(name)
        if declared is None or declared[0] != "resource" or name in seen or not isinstance(declared[1].data, dict):
            return None
        data = declared[1].data
        if key in data:
            return data[key]
        return self._inherited_key(data.get("extends", ""), key, (*seen, name))

    def _check_upload_style(self, doc: SourceDoc, here: list[str | int], upload: dict[str, Any]) -> None:
        """Each style's keys: drive PUTs small files as bytes; outlook POSTs them as an item_type."""
        if upload.get("style") == "outlook":
            if "session" not in upload or "session_item" not in upload:
                self.problems.append(doc.problem(here, "an outlook-style upload needs 'session' and "
                                                 "'session_item' (the createUploadSession body member)"))
            if "simple" in upload and "item_type" not in upload:
                self.problems.append(doc.problem([*here, "simple"], "an outlook-style upload POSTs small "
                                                 "files as JSON: give 'item_type' too"))
            return
        for key in ("session_item", "item_type"):
            if key in upload:
                self.problems.append(doc.problem([*here, key], f"{key} is only used by style outlook"))

    def _check_attachments(self, doc: SourceDoc, block: dict[str, Any]) -> None:
        if block.get("upload") == "outlook" and "session_item" not in block:
            self.problems.append(doc.problem(["attachments"], "attachments with upload: outlook need "
                                             "'session_item' (the createUploadSession body member)"))
        if "session_item" in block and "upload" not in block:
            self.problems.append(doc.problem(["attachments", "session_item"],
                                             "session_item is only used with upload: outlook"))

    @staticmethod
    def _permissions(spec: dict[str, Any] | None) -> ir.Permissions | None:
        return None if spec is None else ir.Permissions(_grant(spec["read"]), _grant(spec["write"]))

    # -- resources and services ---------------------------------------------------------------

    def _inherited(self, name: str | None, seen: tuple[str, ...] = ()) -> tuple[ir.Field, ...]:
        """Fields a resource gets from the resources it extends."""
        if name is None or name in seen:
            return ()
        declared = self.declared.get(name)
        if declared is None or declared[0] != "resource" or not isinstance(declared[1].data, dict):
            return ()
        data = declared[1].data
        own = self._fields_of(ir.TypeRef(name, False, "resource")) or ()
        return (*self._inherited(data.get("extends"), (*seen, name)), *own)

    def _resource(self, doc: SourceDoc) -> ir.Resource:
        data = doc.data
        name = data["resource"]
        fields = self._fields(doc, ["fields"], data["fields"], "resource")
        inherited = self._inherited(data.get("extends"), (name,))
        all_fields = (*inherited, *fields)
        field_names = {f.python_name: f.graph_name for f in all_fields}
        context = tuple(data.get("context", []))
        plain_from: dict[str, str] = {}
        helpers_from: list[tuple[str, str, str]] = []
        for key, data_path in data.get("context_from", {}).items():
            if key not in context:
                self.problems.append(doc.problem(["context_from", key], f"{key!r} is not in 'context'"))
            if isinstance(data_path, dict):
                helpers_from.append((key, data_path["of"], data_path["helper"]))
                self._check_slash_path(doc, ["context_from", key, "of"], data_path["of"], all_fields)
            else:
                plain_from[key] = data_path
                self._check_slash_path(doc, ["context_from", key], data_path, all_fields)
        base_doc = self.declared.get(data.get("extends", ""), (None, None))[1]
        if base_doc is not None and isinstance(base_doc.data, dict):
            context = tuple(dict.fromkeys((*base_doc.data.get("context", []), *context)))
        path = data.get("path")
        has_id = any(f.graph_name == "id" for f in all_fields)
        base_names = {"resource", "parent", *context} | ({"id"} if has_id else set())
        if path is not None:
            self._check_placeholders(doc, ["path"], path, base_names)
        names_in_use: dict[str, str] = {p: f"field {g!r}" for p, g in field_names.items()}
        if "attachments" in data:
            names_in_use["attachments"] = "the attachments manager"
            self._check_attachments(doc, data["attachments"])
            self._check_placeholders(doc, ["attachments", "path"], data["attachments"]["path"],
                                     base_names | ({"self"} if path else set()))
        path = path or (base_doc.data.get("path") if base_doc is not None and isinstance(base_doc.data, dict) else None)
        self._check_against_base(doc, data, fields)
        self._check_emulator_values(doc, data.get("emulator", {}), all_fields)
        ops = self._operations(doc, data.get("operations", {}), names_in_use,
                               base_names | ({"self"} if path else set()), owner_path=path,
                               base=[], fields=all_fields, owner="resource")
        for i, shown in enumerate(data.get("repr", [])):
            if shown not in field_names:
                self.problems.append(doc.problem(["repr", i], f"repr names unknown field {shown!r}"))
        subtypes = []
        for key, target in data.get("subtypes", {}).items():
            if self.declared.get(target, ("",))[0] != "resource":
                self.problems.append(doc.problem(["subtypes", key], f"unknown resource {target!r}"))
            elif not key.startswith("#") and not any(f.graph_name == key for f in self._inherited(target)):
                self.problems.append(doc.problem(
                    ["subtypes", key], f"facet {key!r} is not a field of {target}"))
            subtypes.append((key, target))
        base = data.get("extends")
        if base is not None and self.declared.get(base, ("",))[0] != "resource":
            self.problems.append(doc.problem(["extends"], f"unknown resource {base!r}"))
        return ir.Resource(
            name=name, graph_type=data["graph_type"], doc=data["doc"], link=data["link"],
            module=self._module(doc), source=doc.file, path=path, fields=fields, operations=ops,
            repr_fields=tuple(data.get("repr", [])), context=context, subtypes=tuple(subtypes),
            base=base, rules=self._rules(doc, [], data.get("rules", []), all_fields),
            attachments=tuple(sorted(data.get("attachments", {}).items())),
            context_from=tuple(sorted(plain_from.items())),
            context_helpers=tuple(sorted(helpers_from)),
            session=self._session(doc, data.get("session"), base_names | {"self"}),
            aliases=tuple(data.get("aliases", [])),
            advanced_queries=bool(self._inherited_key(name, "advanced_queries")),
            concurrency=self._inherited_key(name, "concurrency"),
            permissions=self._permissions(self._inherited_key(name, "permissions")),
            emulator=self._emulator_facts(doc, data.get("emulator", {}), all_fields, path),
            open_values=self._open_values(doc, data.get("open_values"), all_fields, base_names),
            defines=self._defines(doc, data.get("definitions", {}), all_fields,
                                  base_names | ({"self"} if path else set())),
            nested=self._nested(doc, ["nested"], data.get("nested", {}), all_fields),
            constants=tuple(data.get("constants", {}).items()),
            origin=self._origin(doc, ["resource"]),
        )

    def _open_values(self, doc: SourceDoc, spec: dict[str, Any] | None, fields: tuple[ir.Field, ...],
                     bound: set[str]) -> ir.OpenValues | None:
        """The `open_values:` block: its field is one of the resource's; its definitions path
        uses the object's own placeholders."""
        if not spec:
            return None
        if not any(f.graph_name == spec["field"] for f in fields):
            self.problems.append(doc.problem(["open_values", "field"], f"{spec['field']!r} is not a field of this resource"))
        self._check_placeholders(doc, ["open_values", "definitions"], spec["definitions"], bound - {"id"})
        kinds = []
        for facet, kind in spec["kinds"].items():
            options = kind if isinstance(kind, dict) else {"kind": kind}
            kinds.append((facet, options["kind"], tuple(sorted((k, v) for k, v in options.items() if k != "kind"))))
        return ir.OpenValues(
            field=spec["field"], definitions=spec["definitions"], name=spec["name"], kinds=tuple(kinds),
            label=spec.get("label"), read_only=spec.get("read_only"), indexed=spec.get("indexed"),
            unindexed_prefer=spec.get("unindexed_prefer"), id_suffix=spec.get("id_suffix", "LookupId"))

    def _defines(self, doc: SourceDoc, spec: dict[str, str], fields: tuple[ir.Field, ...],
                 bound: set[str]) -> tuple[tuple[str, str], ...]:
        for name, template in spec.items():
            if not any(f.graph_name == name for f in fields):
                self.problems.append(doc.problem(["definitions", name], f"{name!r} is not a field of this resource", key=True))
            self._check_placeholders(doc, ["definitions", name], template, bound)
        return tuple(sorted(spec.items()))

    def _session(self, doc: SourceDoc, spec: dict[str, Any] | None,
                 bound: set[str]) -> tuple[tuple[str, object], ...]:
        """The `session:` block, flattened; its paths may use the object's own placeholders."""
        if not spec:
            return ()
        if doc.data.get("path") is None:
            self.problems.append(doc.problem(["session"], "a session needs the resource's own 'path'"))
        for key in ("create", "refresh", "close"):
            self._check_placeholders(doc, ["session", key], spec[key], bound)
        flat: dict[str, object] = {k: v for k, v in spec.items() if k not in ("idle_seconds", "expired_codes")}
        flat["idle_persistent"] = float(spec["idle_seconds"]["persistent"])
        flat["idle_transient"] = float(spec["idle_seconds"]["transient"])
        flat["expired_codes"] = tuple(spec["expired_codes"])
        return tuple(sorted(flat.items()))

    # -- the emulator block ---------------------------------------------------------------

    def _emulator_facts(self, doc: SourceDoc, spec: dict[str, Any], fields: tuple[ir.Field, ...],
                        path: str | None) -> ir.EmulatorFacts:
        """The resource's `emulator:` block: every field it names must be a field here."""
        here: list[str | int] = ["emulator"]
        names = {f.graph_name for f in fields}

        def known(parts: list[str | int], name: str, key: bool = False) -> None:
            if name not in names:
                self.problems.append(doc.problem(parts, f"{name!r} is not a field of this "
                                                        "resource", key=key))

        for key in ("keys", "orderable", "filterable", "default_properties", "on_request"):
            for i, name in enumerate(spec.get(key, [])):
                known([*here, key, i], name)
        for name, source in spec.get("derived", {}).items():
            known([*here, "derived", name], name, key=True)
            known([*here, "derived", name], source)
        for other, own in spec.get("addresses", {}).items():
            if path is None or _structural(own) != _structural(path):
                self.problems.append(doc.problem([*here, "addresses", other], f"{own!r} is not "
                                                 f"this resource's path {path!r}"))
        for name in spec.get("defaults", {}):
            if not name.startswith("@odata."):  # an annotation (`@odata.type`), as in seed rows
                known([*here, "defaults", name], name, key=True)
        rows = []
        for i, row in enumerate(spec.get("seed", [])):
            at: list[str | int] = [*here, "seed", i]
            for name in row["data"]:
                if not name.startswith("@odata."):
                    known([*at, "data", name], name, key=True)
            if "well_known" in row and (path is None or "{id}" not in path):
                self.problems.append(doc.problem([*at, "well_known"], "a well-known name needs a "
                                                 "resource path with {id}"))
            rows.append(ir.SeedRow(
                data=tuple(row["data"].items()), ref=row.get("ref", row.get("well_known")),
                well_known=row.get("well_known"), id=row.get("id"), parent=row.get("parent"),
                under=row.get("under"), origin=self._origin(doc, at)))
            self.seed_rows.append((rows[-1], doc, at))
        return ir.EmulatorFacts(
            family=spec.get("family"), id_style=spec.get("id_style"), defaults=tuple(spec.get("defaults", {}).items()),
            keys=tuple(spec.get("keys", [])),
            orderable=tuple(spec["orderable"]) if "orderable" in spec else None,
            filterable=tuple(spec["filterable"]) if "filterable" in spec else None,
            entity_set=spec.get("entity_set"), odata_id=spec.get("odata_id", False),
            default_properties=tuple(spec.get("default_properties", [])),
            addresses=tuple(spec.get("addresses", {}).items()),
            on_request=tuple(spec.get("on_request", [])),
            derived=tuple(spec.get("derived", {}).items()),
            seed_scope=spec.get("seed_scope", "user"), seed=tuple(rows),
            inverse=tuple(sorted(spec.get("inverse", {}).items())))

    def _check_seed_refs(self) -> None:
        """Seed rows name other rows ("{ref}", parent:) across specs; each name must exist once."""
        refs: dict[str, ir.SeedRow] = {}
        for row, doc, at in self.seed_rows:
            if row.ref is None:
                continue
            if row.ref in refs:
                self.problems.append(doc.problem([*at, "ref"], f"seed ref {row.ref!r} is defined "
                                                 f"twice (also at {refs[row.ref].origin})"))
            refs[row.ref] = row
        for row, doc, at in self.seed_rows:
            if row.parent is not None and row.parent not in refs:
                self.problems.append(doc.problem([*at, "parent"],
                                                 f"parent {row.parent!r} is no seed row's ref"))
            values = [(["data", name], value) for name, value in row.data]
            for parts, value in [*values, (["id"], row.id or "")]:
                for text in _strings_in(value):
                    name = text[1:-1] if PLACEHOLDER.fullmatch(text) else None
                    if name is not None and name != "owner" and name not in refs:
                        self.problems.append(doc.problem(
                            [*at, *parts], f"{text} names no seed row's ref (nor {{owner}})"))

    def _check_well_known_paths(self, resources: list[ir.Resource],
                                services: list[ir.Service]) -> None:
        """A path naming an entity by a well-known name (`{resource}/mailFolders/inbox`) must
        use a name the resource's seed rows declare: the emulator serves only those."""
        names: dict[str, tuple[ir.Resource, set[str]]] = {}
        for resource in resources:
            declared = {row.well_known for row in resource.emulator.seed if row.well_known}
            if declared and resource.path is not None:
                names[_shape(resource.path.removesuffix("/{id}"))] = (resource, declared)
        owners: list[tuple[ir.Resource | ir.Service, str | None]] = [
            *((r, r.path) for r in resources), *((s, None) for s in services)]
        for owner, own_path in owners:
            for op in owner.operations:
                path = op.path.replace("{self}", own_path or "{self}")
                collection, _, name = path.rpartition("/")
                found = names.get(_shape(collection))
                if op.kind != "get" or found is None or PLACEHOLDER.search(name):
                    continue
                resource, declared = found
                if name not in declared:
                    doc = self.declared[owner.name][1]
                    where: list[str | int] = [
                        *(op.origin.pointer.strip("/").split("/") if op.origin else []), "path"]
                    self.problems.append(doc.problem(
                        where, f"{name!r} is not a well-known name of {resource.name} (its "
                               f"emulator seed rows declare: {', '.join(sorted(declared))})"))

    def _service(self, doc: SourceDoc) -> ir.Service:
        data = doc.data
        ops = self._operations(doc, data["operations"], {}, {"resource"}, owner_path=None,
                               base=[], fields=None, owner="service")
        for i, name in enumerate(data.get("shortcuts", [])):
            if name not in data["operations"]:
                self.problems.append(doc.problem(["shortcuts", i], f"shortcut {name!r} is not an operation here"))
        return ir.Service(
            name=data["service"], doc=data["doc"], module=self._module(doc), source=doc.file,
            accessor=data.get("accessor"), accessor_aliases=tuple(data.get("aliases", [])),
            operations=ops, account_methods=data.get("account_methods", False),
            shortcuts=tuple(data.get("shortcuts", [])), origin=self._origin(doc, ["service"]),
            permissions=self._permissions(data.get("permissions")),
            choice=self._choice(doc, data),
            resource_optional=data.get("resource_optional", False) or _has_userless_call(data),
        )

    def _choice(self, doc: SourceDoc, data: dict[str, Any]) -> tuple[str, str, tuple[tuple[str, str], ...]] | None:
        """`choice: {keyword, default, others: {value: Service}}` of an accessor."""
        spec = data.get("choice")
        if spec is None:
            return None
        if not data.get("accessor"):
            self.problems.append(doc.problem(["choice"], "a choice needs an 'accessor' to be a keyword of"))
        for value, name in spec["others"].items():
            declared = self.declared.get(name)
            if declared is None or declared[0] != "service":
                self.problems.append(doc.problem(["choice", "others", value], f"{name!r} is not a service"))
        if spec["default"] in spec["others"]:
            self.problems.append(doc.problem(["choice", "default"], "the default value is this service's own"))
        return spec["keyword"], spec["default"], tuple(spec["others"].items())

    def _operations(self, doc: SourceDoc, spec: dict[str, Any], names_in_use: dict[str, str],
                    bound: set[str], owner_path: str | None, base: list[str | int],
                    fields: tuple[ir.Field, ...] | None, owner: str) -> tuple[ir.Operation, ...]:
        ops: list[ir.Operation] = []
        used = dict(names_in_use)
        for name, op in spec.items():
            here: list[str | int] = [*base, "operations", name]
            self._check_python_name(doc, here, name, used, f"operation {name!r}", owner)
            for i, alias in enumerate(op.get("aliases", [])):
                self._check_python_name(doc, [*here, "aliases", i], alias, used, f"alias of {name!r}", owner)
            ops.append(self._operation(doc, here, name, op, bound, owner_path, fields))
        by_name = {o.name: o for o in ops}
        for o in ops:  # an action's `then` is another operation of the same object
            if o.kind == "action" and o.then is not None:
                sibling = by_name.get(o.then)
                if sibling is None or sibling.kind in ("action", "set") or any(p.required for p in sibling.params):
                    self.problems.append(doc.problem([*base, "operations", o.name, "then"],
                                                     f"{o.then!r} is not an operation here that reads without arguments"))
        return tuple(ops)

    def _operation(self, doc: SourceDoc, here: list[str | int], name: str, op: dict[str, Any],
                   bound: set[str], owner_path: str | None,
                   fields: tuple[ir.Field, ...] | None) -> ir.Operation:
        kind = op["kind"]
        path = op.get("path")
        if path is None:
            if kind in LOCAL_KINDS:
                path = ""
            elif kind in SELF_PATH_KINDS and owner_path is not None:
                path = "{self}"
            else:
                self.problems.append(doc.problem(here, f"operation {name!r} ({kind}) needs a 'path'"))
                path = "{resource}"
        params = self._params(doc, here, op.get("params", {}))
        path_params = {p.python_name for p in params if p.location == "path"}
        block_names = {"sheet", "cells"} if kind in ("read_blocks", "write_blocks") else set()
        self._check_placeholders(doc, [*here, "path"], path, bound | path_params | block_names, fields)
        switches = {p.python_name: p for p in params if p.location == "switch"}
        # The other path is taken when a switch is on, or when an optional path argument is
        # given (`photos/{size}/$value` when a size is asked for).
        optional_paths = {p.python_name for p in params if p.location == "path" and not p.required}
        for switch, alt in op.get("path_when", {}).items():
            if switch not in switches and switch not in optional_paths:
                self.problems.append(doc.problem(
                    [*here, "path_when", switch], f"path_when names {switch!r}, which is neither a "
                    "parameter with 'in: switch' nor an optional path parameter"))
            self._check_placeholders(doc, [*here, "path_when", switch], alt, bound | path_params)
        by_graph = {p.graph_name: p for p in params}
        for p in params:
            other = by_graph.get(p.alternative or "")
            if p.alternative and (other is None or other is p or p.required or other.required):
                self.problems.append(doc.problem(
                    [*here, "params", p.graph_name, "alternative"],
                    f"alternative names {p.alternative!r}: it must be another parameter "
                    "of this operation, and neither of the two may be 'required'"))
            if p.required_when and p.required_when not in switches:
                self.problems.append(doc.problem([*here, "params", p.graph_name, "required_when"],
                                                 f"{p.required_when!r} is not a switch parameter"))
        if kind == "download_tree" and "tree" not in op:
            self.problems.append(doc.problem(here, "a download_tree operation needs 'tree'"))
        for param in switches.values():
            if param.type.name != "bool" or param.type.is_list:
                self.problems.append(doc.problem([*here, "params", param.graph_name], "a switch parameter must be a bool"))
        param_names = {p.python_name for p in params}
        # A `{name}` that is no parameter is the owner's own value (its id, a context key, a
        # field): a new bucket's task takes the bucket's planId.
        owner_names = bound | {f.graph_name for f in fields or ()}
        for target, value in op.get("set", {}).items():
            if fields is not None and kind not in ("action", "function", "new"):  # there: body members
                self._check_slash_path(doc, [*here, "set", target], target, fields)
            for text in _strings_in(value):
                # `{param}`, `{self}`, or (in an action's or new's body) the owner's own value:
                # its id, a context key or a field (`{tenantId}`, `{planId}`)
                name_ = text[1:-1]
                own = kind in ("action", "function", "new") and (
                    name_.split("/")[0] in owner_names
                    or (fields is not None and self._field_at(name_, fields) is not None))
                if PLACEHOLDER.fullmatch(text) and name_ not in param_names | {"self"} and not own:
                    self.problems.append(doc.problem([*here, "set", target], f"{text} is not a parameter of {name!r}"))
        if op.get("property") and (kind not in ("computed", "open") or op.get("params")):
            self.problems.append(doc.problem([*here, "property"], "only a computed or open operation without parameters can be a property"))
        if op.get("append") and kind != "set":
            self.problems.append(doc.problem([*here, "append"], "only a set operation takes 'append'"))
        if op.get("append_key") and not op.get("append"):
            self.problems.append(doc.problem([*here, "append_key"], "'append_key' needs 'append'"))
        for target, value in op.get("append", {}).items():
            if fields is not None:
                self._check_slash_path(doc, [*here, "append", target], target, fields)
            for text in _strings_in(value):
                if PLACEHOLDER.fullmatch(text) and text[1:-1] not in param_names:
                    self.problems.append(doc.problem([*here, "append", target], f"{text} is not a parameter of {name!r}"))
        if op.get("when_given") and kind not in ("action", "function", "set"):
            self.problems.append(doc.problem([*here, "when_given"], "only an action, function or set takes 'when_given'"))
        for param in op.get("when_given", {}):
            if param not in param_names:
                self.problems.append(doc.problem([*here, "when_given", param], f"{param!r} is not a parameter of {name!r}"))
        if "equals" in op and kind != "computed":
            self.problems.append(doc.problem([*here, "equals"], "only a computed operation takes 'equals'"))
        if "order_hint" in op:
            if kind != "update":
                self.problems.append(doc.problem([*here, "order_hint"], "only an update operation takes 'order_hint'"))
            elif fields is not None:
                self._check_slash_path(doc, [*here, "order_hint"], op["order_hint"], fields)
        if kind == "computed":
            if ("helper" not in op and "equals" not in op) or "of" not in op:
                self.problems.append(doc.problem(here, "a computed operation needs 'of' and 'helper' (or 'equals')"))
            elif fields is not None:
                paths = op["of"] if isinstance(op["of"], list) else [op["of"]]
                for i, path in enumerate(paths):
                    if path == ".":
                        continue  # the whole object
                    self._check_slash_path(doc, [*here, "of", i] if isinstance(op["of"], list) else [*here, "of"], path, fields)
        if kind == "open" and "returns" not in op:
            self.problems.append(doc.problem(here, "an open operation needs 'returns'"))
        if op.get("changes_of") is not None:
            if kind != "update":
                self.problems.append(doc.problem([*here, "changes_of"], "only an update operation sends changes_of"))
            elif fields is not None and not any(f.graph_name == op["changes_of"] for f in fields):
                self.problems.append(doc.problem([*here, "changes_of"], f"{op['changes_of']!r} is not a field here"))
        if op.get("args") and kind != "computed":
            self.problems.append(doc.problem([*here, "args"], "only a computed operation takes args"))
        if op.get("cascade") and kind != "update":
            self.problems.append(doc.problem([*here, "cascade"], "only an update operation cascades"))
        if op.get("expand") and kind != "list":
            self.problems.append(doc.problem([*here, "expand"], "only a list operation takes a fixed 'expand'"))
        if op.get("keep") and kind != "list":
            self.problems.append(doc.problem([*here, "keep"], "only a list operation keeps some items"))
        if op.get("clamp_page_size") and (kind not in ("list", "delta") or "max_page_size" not in op):
            self.problems.append(doc.problem([*here, "clamp_page_size"], "clamp_page_size is for a list or "
                                             "delta operation with a max_page_size"))
        if kind == "delta" and op.get("page_size_mode") == "none":
            self.problems.append(doc.problem([*here, "page_size_mode"], "a delta round takes its page size "
                                             "as $top or as Prefer: odata.maxpagesize"))
        if op.get("then") and kind not in ("get", "list", "find", "action"):
            self.problems.append(doc.problem([*here, "then"], "only get, list, find and action operations take 'then'"))
        if op.get("then") and kind == "action" and "returns" in op:
            self.problems.append(doc.problem([*here, "then"], "an action with 'then' returns what that "
                                             "operation returns: it takes no 'returns' of its own"))
        if any(p.location == "then" for p in params) and not op.get("then"):
            self.problems.append(doc.problem([*here, "params"], "'in: then' parameters need a 'then' operation to go to"))
        if op.get("monitor") and (kind != "action" or "returns" not in op):
            self.problems.append(doc.problem([*here, "monitor"], "a monitored operation is an action "
                                             "whose 'returns' is what the operation makes"))
        if kind == "upload" and "upload" not in op:
            self.problems.append(doc.problem(here, "an upload operation needs 'upload: {style, simple, session}'"))
        if kind == "renew" and "of" in op and fields is not None:
            self._check_slash_path(doc, [*here, "of"], op["of"], fields)
        subscribe = self._subscribe(doc, here, kind, op, bound | path_params, fields)
        returns = self._typeref(doc, [*here, "returns"], op["returns"]) if "returns" in op else None
        raw_json = returns is not None and returns.name == "json" and not returns.is_list
        if kind == "subscribe" and not raw_json and (returns is None or returns.kind != "resource" or returns.is_list):
            self.problems.append(doc.problem(here, "a subscribe operation returns the new subscription: "
                                             "a resource, or json for Graph's raw JSON"))
        if kind == "renew" and not raw_json and (returns is not None or fields is None):
            self.problems.append(doc.problem(here, "a renew operation updates the object it is on (no "
                                             "'returns'), or returns json (a subscription named by a path parameter)"))
        if kind in {"list", "new", "delta", "find"} and returns is None:
            self.problems.append(doc.problem(here, f"a {kind!r} operation needs 'returns'"))
        if returns is not None and returns.kind == "resource":
            self._check_context(doc, here, returns.name, op.get("context", {}))
            if kind == "new":
                created = self._fields_of(returns) or ()
                for target in op.get("set", {}):
                    self._check_slash_path(doc, [*here, "set", target], target, created)
        unless = []
        for switch, variant in op.get("unless", {}).items():
            if switch not in switches:
                self.problems.append(doc.problem([*here, "unless", switch],
                                                 f"unless names {switch!r}, which is not a parameter with 'in: switch'"))
            merged = {k: v for k, v in op.items() if k not in ("unless", "path_when", "aliases", "when_new")}
            merged.update(variant)
            unless.append((switch, self._operation(doc, [*here, "unless", switch], name, merged,
                                                   bound, owner_path, fields)))
        when_new = None
        if "when_new" in op:
            variant = dict(op["when_new"])
            except_when = variant.pop("except_when", None)
            if except_when is not None and except_when not in switches:
                self.problems.append(doc.problem([*here, "when_new", "except_when"],
                                                 f"{except_when!r} is not a parameter with 'in: switch'"))
            merged = {k: v for k, v in op.items() if k not in ("unless", "path_when", "aliases", "when_new")}
            merged.update(variant)
            when_new = self._operation(doc, [*here, "unless", "when_new"], name, merged,
                                       bound, owner_path, fields)
        operation = ir.Operation(
            name=name, kind=kind, http_method=op.get("http", DEFAULT_HTTP[kind]), path=path,
            doc=op.get("doc", ""), returns=returns, params=params,
            aliases=tuple(op.get("aliases", [])), graph_action=op.get("action"),
            navigation=op.get("navigation"), link=op.get("link"),
            page_size=op.get("page_size"), max_page_size=op.get("max_page_size"),
            page_size_mode=op.get("page_size_mode", "prefer" if kind == "delta" else "top"),
            clamp_page_size=op.get("clamp_page_size", False), default_limit=op.get("limit"),
            query_options=tuple(op.get("query", [])), owner_field=op.get("owner_field"),
            context=tuple(sorted(op.get("context", {}).items())),
            headers=tuple(sorted(op.get("headers", {}).items())), body=op.get("body"),
            expect=op.get("expect"),
            path_when=tuple(sorted(op.get("path_when", {}).items())),
            save_first=op.get("save_first", False),
            options=tuple((flag, tuple(sorted(q.items()))) for flag, q in sorted(op.get("options", {}).items())),
            sets=tuple(op.get("set", {}).items()), monitor=op.get("monitor", False),
            upload=tuple(sorted(op.get("upload", {}).items())), helper=op.get("helper"),
            of=tuple(op["of"]) if isinstance(op.get("of"), list) else op.get("of"), require=tuple(op.get("require", {}).items()),
            after=tuple(op.get("after", {}).items()), filter=op.get("filter"), expand=op.get("expand"),
            size=op.get("size"),
            tree=tuple(sorted(op.get("tree", {}).items())), unless=tuple(unless),
            is_property=op.get("property", False),
            when_given=tuple((param, tuple(sets.items())) for param, sets in op.get("when_given", {}).items()),
            appends=tuple(op.get("append", {}).items()), append_key=op.get("append_key"),
            when_new=when_new, when_new_except=(op.get("when_new") or {}).get("except_when"),
            returns_first=op.get("returns_first", False),
            then=op.get("then"), keep=tuple(sorted(op.get("keep", {}).items())),
            unwrap=tuple(sorted(op.get("unwrap", {}).items())),
            cascade=tuple(op.get("cascade", [])),
            blocks=tuple(sorted(op.get("blocks", {}).items())),
            changes_of=op.get("changes_of"), args=tuple(op.get("args", [])),
            subscribe=subscribe,
            combinations=self._combinations(doc, here, kind, op, params),
            compose=self._compose(doc, here, kind, op, params),
            order_hint=op.get("order_hint"),
            equals=(op["equals"],) if "equals" in op else (),
            **self._protocol_keys(doc, here, kind, op, returns),
            origin=self._origin(doc, here),
        )
        if here[-2] != "unless":  # a variant repeats its operation's keys: check them once
            self._check_run_time_use(doc, here, operation, op, fields, bound | path_params)
        return operation

    def _combinations(self, doc: SourceDoc, here: list[str | int], kind: str, op: dict[str, Any],
                      params: tuple[ir.Param, ...]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str] | None:
        """`combinations: {of, allowed, why}`: parameters whose values Graph takes only together
        in the listed ways; each value must be one the parameter can hold."""
        block = op.get("combinations")
        if block is None:
            return None
        at = [*here, "combinations"]
        if kind not in ("action", "function"):
            self.problems.append(doc.problem(at, "only an action or function takes 'combinations'"))
        by_name = {p.graph_name: p for p in params}
        names = tuple(block["of"])
        for i, name in enumerate(names):
            if name not in by_name:
                self.problems.append(doc.problem([*at, "of", i], f"{name!r} is not a parameter here"))
        rows = tuple(tuple(str(v) for v in row) for row in block["allowed"])
        for i, row in enumerate(rows):
            if len(row) != len(names):
                self.problems.append(doc.problem([*at, "allowed", i], f"a combination has {len(names)} values, "
                                                 f"one for each of {', '.join(names)}"))
                continue
            for j, (name, value) in enumerate(zip(names, row, strict=True)):
                param = by_name.get(name)
                wrong = self._wrong_value(param.type, value) if param is not None else None
                if wrong:
                    self.problems.append(doc.problem([*at, "allowed", i, j], wrong))
        return names, rows, str(block.get("why", ""))

    def _compose(self, doc: SourceDoc, here: list[str | int], kind: str, op: dict[str, Any],
                 params: tuple[ir.Param, ...]) -> tuple[str, str, tuple[tuple[str, str, str], ...]] | None:
        """`compose:` (generated.o365._runtime.mentions): the body parameters holding the text and its type,
        and the resources whose objects can be mentioned; the `in: mentions` and `in: hosted`
        parameters need it, and it needs them."""
        block = op.get("compose")
        special = [p for p in params if p.location in ("mentions", "hosted")]
        if block is None:
            for p in special:
                self.problems.append(doc.problem([*here, "params", p.graph_name, "in"],
                                                 f"'in: {p.location}' needs the operation's 'compose'"))
            return None
        at = [*here, "compose"]
        if kind != "action":
            self.problems.append(doc.problem(at, "only an action composes a message body"))
        body = {p.graph_name for p in params if p.location == "body"}
        for key in ("content", "content_type"):
            if block[key] not in body:
                self.problems.append(doc.problem([*at, key], f"{block[key]!r} is not a body parameter here"))
        for where in ("mentions", "hosted"):
            if sum(p.location == where for p in params) > 1:
                self.problems.append(doc.problem([*here, "params"], f"more than one 'in: {where}' parameter"))
        mentionable = []
        for name, paths in block["mentionable"].items():
            declared = self.declared.get(name)
            if declared is None or declared[0] != "resource":
                self.problems.append(doc.problem([*at, "mentionable", name], f"{name!r} is not a resource", key=True))
            mentionable.append((name, paths["id"], paths["name"]))
        return block["content"], block["content_type"], tuple(mentionable)

    def _subscribe(self, doc: SourceDoc, here: list[str | int], kind: str, op: dict[str, Any],
                   bound: set[str], fields: tuple[ir.Field, ...] | None) -> ir.Subscribe | None:
        """A subscribe operation's `subscribe:` block: a resource template with its own maximum
        lifetime, or neither (the caller names the resource); change types Graph knows."""
        block = op.get("subscribe")
        if kind != "subscribe":
            if block is not None:
                self.problems.append(doc.problem([*here, "subscribe"], "only a subscribe operation takes 'subscribe'"))
            return None
        block = block or {}
        at = [*here, "subscribe"]
        resource = block.get("resource")
        if resource is not None:
            self._check_placeholders(doc, [*at, "resource"], resource, bound, fields)
            if "max_lifetime" not in block:
                self.problems.append(doc.problem(at, "a subscribed resource needs its 'max_lifetime' "
                                                 "(minutes, from Microsoft's table of subscription lifetimes)"))
        for key in ("max_lifetime", "max_lifetime_with_data"):
            if key in block and resource is None:
                self.problems.append(doc.problem([*at, key], f"{key} belongs to a subscribed 'resource'; "
                                                 "a resource the caller names takes the limits of the spec it matches"))
        if block.get("max_lifetime_with_data", 0) > block.get("max_lifetime", 1 << 30):
            self.problems.append(doc.problem([*at, "max_lifetime_with_data"],
                                             "max_lifetime_with_data is longer than max_lifetime"))
        change_types = tuple(block.get("change_types", CHANGE_TYPES))
        for i, value in enumerate(change_types):
            if value not in CHANGE_TYPES:
                self.problems.append(doc.problem([*at, "change_types", i], f"{value!r} is not a change type "
                                                 f"Graph knows ({', '.join(CHANGE_TYPES)})"))
        return ir.Subscribe(resource=resource, max_lifetime=block.get("max_lifetime"),
                            max_lifetime_with_data=block.get("max_lifetime_with_data"),
                            change_types=change_types)

    def _params(self, doc: SourceDoc, parts: list[str | int], spec: dict[str, Any]) -> tuple[ir.Param, ...]:
        out: list[ir.Param] = []
        seen: dict[str, str] = {}
        for graph_name, value in spec.items():
            here = [*parts, "params", graph_name]
            value = value if isinstance(value, dict) else {"type": value}
            python = value.get("python") or snake_case(graph_name)
            if python in seen:
                self.problems.append(doc.problem(
                    here, f"python name {python!r} is used twice ({seen[python]} and parameter {graph_name!r})", key=True))
            seen[python] = f"parameter {graph_name!r}"
            default = value.get("default")
            param_type = self._typeref(doc, here, value["type"])
            if value.get("in") == "content" and param_type.spelled != "bytes":
                self.problems.append(doc.problem(
                    [*here, "in"], "an 'in: content' parameter (the request's bytes) must be of type bytes"))
            if value.get("media") and value.get("in") != "content":
                self.problems.append(doc.problem(
                    [*here, "media"], "'media' describes an 'in: content' parameter"))
            if value.get("reference") and param_type.kind != "resource" and param_type.name != "string":
                self.problems.append(doc.problem(
                    [*here, "reference"], "a 'reference' parameter must have a resource type (or be the key, a string)"))
            if "each" in value and (not param_type.is_list or "{}" not in _strings_in(value["each"])):
                self.problems.append(doc.problem(
                    [*here, "each"], "'each' is for a list parameter, and says where each value goes with \"{}\""))
            if value.get("key") and (param_type.kind != "resource" or param_type.is_list):
                self.problems.append(doc.problem(
                    [*here, "key"], "a 'key' parameter must have a resource type (not a list)"))
            if value.get("from_now") and param_type.name != "datetime":
                self.problems.append(doc.problem(
                    [*here, "from_now"], "a 'from_now' parameter must have the datetime type"))
            out.append(ir.Param(
                graph_name=graph_name, python_name=python,
                type=param_type,
                required=value.get("required", False), location=value.get("in", "body"),
                default=repr(default) if "default" in value else None,
                doc=value.get("doc", ""), raw=value.get("raw", False),
                required_when=value.get("required_when"), alternative=value.get("alternative"),
                reference=value.get("reference"),
                media=value.get("media"),
                each=tuple(value.get("each", {}).items()),
                positional=value.get("positional", False),
                value_map=tuple(value.get("map", {}).items()),
                aliases=tuple(value.get("aliases", [])), pattern=value.get("pattern"),
                key=value.get("key"), from_now=value.get("from_now", False),
                why=value.get("why", ""), address_below=value.get("address_below"),
                open_values=value.get("open_values", False),
                default_from=(value["default_from"].get("attribute") if isinstance(value.get("default_from"), dict)
                              else value.get("default_from")),
                default_each=(value["default_from"].get("each") if isinstance(value.get("default_from"), dict)
                              else None),
                value_range=tuple(value["range"]) if "range" in value else None,
                same=tuple(sorted(value.get("same", {}).items())),
                origin=self._origin(doc, here),
            ))
            if value.get("positional") and value.get("required"):
                self.problems.append(doc.problem([*here, "positional"], "a required parameter is positional already"))
            if value.get("required") and value.get("aliases"):
                # python-o365's keyword alone would still leave the positional argument missing
                self.problems.append(doc.problem(
                    [*here, "aliases"], "a required parameter has no other names: make both "
                    "optional parameters and link them with 'alternative'"))
            if value.get("pattern") is not None:
                self._check_pattern(doc, [*here, "pattern"], value["pattern"])
        return tuple(out)

    def _check_placeholders(self, doc: SourceDoc, parts: list[str | int], template: str,
                            bound: set[str], fields: tuple[ir.Field, ...] | None = None) -> None:
        for name in PLACEHOLDER.findall(template):
            if name not in bound and fields is not None and (
                    "/" in name or any(f.graph_name == name for f in fields)):
                self._check_slash_path(doc, parts, name, fields)  # read from the object's data
                continue
            if name not in bound:
                known = ", ".join(sorted(bound))
                self.problems.append(doc.problem(
                    parts, f"path parameter {{{name}}} is not bound (known here: {known})"))

    def _check_context(self, doc: SourceDoc, parts: list[str | int], target: str,
                       given: dict[str, str]) -> None:
        declared = self.declared.get(target)
        if declared is None:
            return
        needed = declared[1].data.get("context", [])
        derived = set(declared[1].data.get("context_from", {}))  # read from the object's data
        for key in needed:
            if key in derived:
                continue
            if key not in given:
                self.problems.append(doc.problem(
                    parts, f"{target} needs context {key!r}; add it under 'context:'"))

    # -- what would otherwise fail only at run time, in mypy or at render time ----------------

    def _check_run_time_use(self, doc: SourceDoc, here: list[str | int], op: ir.Operation,
                            spec: dict[str, Any], fields: tuple[ir.Field, ...] | None, bound: set[str]) -> None:
        """Checks that need the whole operation: argument names and defaults, preset values,
        context handed on, what `new`, `find`, `update` and `owner_field` name on the resource
        they touch."""
        self._check_arguments(doc, here, op, spec)
        for p in op.params:
            if p.default_from is not None:
                self._check_default_from(doc, [*here, "params", p.graph_name, "default_from"], op, p)
        if fields is not None:
            self._check_own_fields(doc, here, op, spec, fields)
        self._check_what_it_reaches(doc, here, op, spec, fields, bound)

    def _check_arguments(self, doc: SourceDoc, here: list[str | int], op: ir.Operation, spec: dict[str, Any]) -> None:
        """Parameter and option-flag names the method can take, defaults their types hold,
        path parameters the path uses."""
        flags = dict.fromkeys(spec.get("options", {}), "option flag")
        for p in op.params:
            raw = spec.get("params", {}).get(p.graph_name)
            if isinstance(raw, dict) and raw.get("default") is not None:
                wrong = self._wrong_value(p.type, raw["default"])
                if wrong:
                    self.problems.append(doc.problem([*here, "params", p.graph_name, "default"],
                                                     f"default of parameter {p.graph_name!r}: {wrong}"))
            why = bad_parameter_name(p.python_name, op)
            if why is None and p.python_name in flags:
                why = f"is also the name of an option flag of {op.name!r}"
            if why:
                self.problems.append(doc.problem([*here, "params", p.graph_name],
                                                 f"parameter name {p.python_name!r} {why}; set 'python:' to another name",
                                                 key=True))
            paths = [op.path, *dict(op.path_when).values(), *(str(v) for _, v in op.upload),
                     *(variant.path for _, variant in op.unless)]
            if p.address_below is not None:
                key = next((q for q in op.params if q.python_name == p.address_below), None)
                if key is None or key.location != "path" or p.location != "path":
                    self.problems.append(doc.problem([*here, "params", p.graph_name, "address_below"],
                                                     f"{p.address_below!r} is not a path parameter (and both must be 'in: path')"))
                continue  # it travels inside the path parameter it is below
            if p.open_values and not (op.returns is not None and op.returns.kind == "resource"
                                      and self._inherited_key(op.returns.name, "open_values")):
                self.problems.append(doc.problem([*here, "params", p.graph_name, "open_values"],
                                                 "open_values needs the operation to return a resource with open_values"))
            if p.location == "path" and not any(f"{{{p.python_name}}}" in path for path in paths):
                self.problems.append(doc.problem([*here, "params", p.graph_name],
                                                 f"path parameter {p.python_name!r} does not appear in the path {op.path!r}",
                                                 key=True))
        for flag in flags:
            why = bad_parameter_name(flag, op)
            if why:
                self.problems.append(doc.problem([*here, "options", flag], f"option flag {flag!r} {why}; rename it",
                                                 key=True))

    def _check_own_fields(self, doc: SourceDoc, here: list[str | int], op: ir.Operation, spec: dict[str, Any],
                          fields: tuple[ir.Field, ...]) -> None:
        """What an operation reads or writes on its own object: fields that exist, values they hold."""
        for key in ("require", "after") + (("set",) if op.kind not in ("action", "function", "new") else ()):
            for target, value in spec.get(key, {}).items():
                if key != "set":  # set's paths are checked with its placeholders
                    self._check_slash_path(doc, [*here, key, target], target, fields)
                if key == "require" and isinstance(value, dict) and "matches" in value:
                    self._check_pattern(doc, [*here, key, target, "matches"], value["matches"])
                    continue  # a pattern the value must match, not a value
                self._check_constant(doc, [*here, key, target], target, value, fields)
        for key in ("folder", "name", "size"):  # download_tree: properties of the listed children
            if key in dict(op.tree):
                self._check_slash_path(doc, [*here, "tree", key], dict(op.tree)[key], fields)
        if op.size is not None:  # download: the field giving the content's length
            self._check_slash_path(doc, [*here, "size"], op.size, fields)
        if op.kind == "update":
            for p in op.params:
                self._check_slash_path(doc, [*here, "params", p.graph_name], p.graph_name, fields)
                field = self._field_at(p.graph_name, fields)
                if field is not None and not _assignable(p.type, field.type):
                    self.problems.append(doc.problem(
                        [*here, "params", p.graph_name],
                        f"parameter {p.graph_name!r} is {p.type.spelled} but the field is {field.type.spelled}"))

    def _check_default_from(self, doc: SourceDoc, here: list[str | int], op: ir.Operation, p: ir.Param) -> None:
        """`default_from` names an attribute of the object the `new` operation is on (a field or
        a computed property, of it or of what it extends), or `{each: <list operation>,
        attribute: ...}` an attribute of what that list operation of the object returns."""
        if op.kind != "new" or p.required:
            self.problems.append(doc.problem(here, "'default_from' is for an optional argument of a 'new' operation"))
            return
        data = doc.data if isinstance(doc.data, dict) else {}
        owner = data.get("resource") or data.get("service")
        holder: str | None = owner if isinstance(owner, str) else None
        if p.default_each is not None:
            specs = [self.declared[r][1].data for r in self._lineage(holder)] if "resource" in data else [data]
            lists = {name: spec for ops in specs for name, spec in ops.get("operations", {}).items()
                     if isinstance(spec, dict) and spec.get("kind") == "list"}
            listed = lists.get(p.default_each)
            if listed is None:
                self.problems.append(doc.problem([*here, "each"], f"{p.default_each!r} is not a list operation of "
                                                                  f"this resource (known: {', '.join(sorted(lists))})"))
                return
            holder = listed.get("returns")
        known = self._attributes(holder)
        if p.default_from not in known:
            self.problems.append(doc.problem(
                [*here, "attribute"] if p.default_each else here,
                f"default_from {p.default_from!r} is not a field or computed property of {holder} "
                f"(known: {', '.join(sorted(known))})"))

    def _attributes(self, resource: str | None) -> set[str]:
        """The Python attributes a resource's objects read data through: fields (and their
        aliases) and computed properties, its own and those of what it extends."""
        known = {name for f in self._inherited(resource) for name in (f.python_name, *f.aliases)}
        for name in self._lineage(resource):
            known |= {o for o, spec in self.declared[name][1].data.get("operations", {}).items()
                      if isinstance(spec, dict) and spec.get("kind") == "computed" and spec.get("property")}
        return known

    def _check_what_it_reaches(self, doc: SourceDoc, here: list[str | int], op: ir.Operation, spec: dict[str, Any],
                               fields: tuple[ir.Field, ...] | None, bound: set[str]) -> None:
        """The path walks the navigation and action it names; what the operation returns gets
        context it takes, `new` and `find` arguments and `owner_field` name its fields."""
        segments = [segment.split(":")[0].split("(")[0] for segment in op.path.split("/")]
        if op.navigation and op.navigation not in segments:
            self.problems.append(doc.problem([*here, "navigation"],
                                             f"navigation {op.navigation!r} is not a segment of the path {op.path!r}"))
        if op.graph_action and segments[-1] != op.graph_action:
            self.problems.append(doc.problem([*here, "action"],
                                             f"action {op.graph_action!r} is not the last segment of the path {op.path!r}"))
        target = op.returns.name if op.returns is not None and op.returns.kind == "resource" else None
        if target is not None:
            self._check_handed_context(doc, here, target, spec.get("context", {}), bound, fields)
        if op.kind == "new":
            self._check_new(doc, here, op, target)
        if op.kind == "find" and target is not None:
            target_fields = self._inherited(target)
            for p in op.params:
                if p.location not in ("path", "search", "filter", "then") and p.graph_name != "id":
                    self._check_slash_path(doc, [*here, "params", p.graph_name], p.graph_name, target_fields)
        if op.owner_field is not None:
            known = {f.graph_name for f in self._inherited(target)} if target else set()
            if op.owner_field not in known:
                self.problems.append(doc.problem(
                    [*here, "owner_field"],
                    f"owner_field {op.owner_field!r} is not a field of {target or 'what the operation returns'}; "
                    "it must be a property Graph returns (declare it under 'fields:')"))

    def _check_against_base(self, doc: SourceDoc, data: dict[str, Any], fields: tuple[ir.Field, ...]) -> None:
        """A resource's own fields must not hide the methods of the resource it extends, and
        its attachments must be a resource."""
        inherited_methods: dict[str, str] = {}
        for name in self._lineage(data.get("extends")):
            spec = self.declared[name][1].data
            for op_name, op in spec.get("operations", {}).items():
                for method in (op_name, *(op.get("aliases", []) if isinstance(op, dict) else [])):
                    inherited_methods.setdefault(method, f"{name}.{op_name}")
            if "attachments" in spec:
                inherited_methods.setdefault("attachments", f"{name}.attachments")
        for f in fields:
            for i, python in enumerate((f.python_name, *f.aliases)):
                if python in inherited_methods:
                    parts: list[str | int] = ["fields", f.graph_name]
                    if i:
                        parts += ["aliases", i - 1]
                    self.problems.append(doc.problem(
                        parts, f"python name {python!r} would hide the method {inherited_methods[python]} "
                               "it extends; set 'python:' to another name", key=True))
        returns = data.get("attachments", {}).get("returns")
        if returns is not None and self._typeref(doc, ["attachments", "returns"], returns).kind != "resource" \
                and returns in self.declared:  # (an unknown name is reported by _typeref)
            self.problems.append(doc.problem(["attachments", "returns"], f"attachments return {returns!r}, "
                                                                           "which is not a resource"))

    def _lineage(self, name: str | None) -> list[str]:
        """A resource and those it extends, nearest first (declared resources only)."""
        out: list[str] = []
        while name is not None and name not in out:
            declared = self.declared.get(name)
            if declared is None or declared[0] != "resource" or not isinstance(declared[1].data, dict):
                break
            out.append(name)
            name = declared[1].data.get("extends")
        return out

    def _check_emulator_values(self, doc: SourceDoc, spec: dict[str, Any], fields: tuple[ir.Field, ...]) -> None:
        """Create defaults and seed rows are sent back to clients as Graph's data: each value
        must be one its field can hold (a TaskStatus default that is not a TaskStatus value
        would come back from every create)."""
        values = [(["emulator", "defaults", name], name, value) for name, value in spec.get("defaults", {}).items()]
        for i, row in enumerate(spec.get("seed", [])):
            values += [(["emulator", "seed", i, "data", name], name, value) for name, value in row.get("data", {}).items()]
        for parts, name, value in values:
            field = next((f for f in fields if f.graph_name == name), None)
            wrong = self._wrong_value(field.type, value) if field is not None else None
            if wrong:
                self.problems.append(doc.problem(parts, wrong if field and field.type.kind == "enum"
                                                 else f"{wrong} (the type of {name!r})"))

    def _check_new(self, doc: SourceDoc, here: list[str | int], op: ir.Operation, target: str | None) -> None:
        """`new` sets its arguments as attributes of an unsaved object that `save()` creates."""
        if target is None:
            self.problems.append(doc.problem([*here, "returns"], "a 'new' operation must return a resource"))
            return
        writable = {name: f for f in self._inherited(target) for name in (f.python_name, *f.aliases)}
        for p in op.params:
            found = writable.get(p.python_name)
            if found is None:
                known = ", ".join(sorted(n for n, f in writable.items() if not f.read_only))
                self.problems.append(doc.problem(
                    [*here, "params", p.graph_name],
                    f"{op.name} would set {target}.{p.python_name}, which is not a field of {target} "
                    f"(writable fields: {known})", key=True))
            elif found.read_only:
                self.problems.append(doc.problem(
                    [*here, "params", p.graph_name], f"{op.name} would set {target}.{p.python_name}, which is read-only",
                    key=True))
        if not self._has_operation_kind(target, {"save", "create"}):
            self.problems.append(doc.problem(
                here, f"{op.name} returns a new {target}, but {target} has no operation of kind 'save' or "
                      "'create' to send it to Graph", key=True))

    def _has_operation_kind(self, resource: str, kinds: set[str]) -> bool:
        """Whether the resource, or one it extends, has an operation of one of these kinds."""
        seen: set[str] = set()
        current: str | None = resource
        while current is not None and current not in seen:
            seen.add(current)
            declared = self.declared.get(current)
            if declared is None or declared[0] != "resource" or not isinstance(declared[1].data, dict):
                return False
            data = declared[1].data
            if any(isinstance(o, dict) and o.get("kind") in kinds for o in data.get("operations", {}).values()):
                return True
            current = data.get("extends")
        return False

    def _check_pattern(self, doc: SourceDoc, parts: list[str | int], pattern: Any) -> None:
        try:
            re.compile(str(pattern))
        except re.error as err:
            self.problems.append(doc.problem(parts, f"not a regular expression: {err}"))

    def _check_constant(self, doc: SourceDoc, parts: list[str | int], target: str, value: Any,
                        fields: tuple[ir.Field, ...]) -> None:
        """A fixed value (set, require, after) must be one the field's type can hold."""
        field = self._field_at(target, fields)
        if field is None:
            return
        wrong = self._wrong_value(field.type, value)
        if wrong:
            where = "" if field.type.kind == "enum" else f" (the type of {target!r})"
            self.problems.append(doc.problem(parts, wrong + where))

    def _wrong_value(self, t: ir.TypeRef, value: Any) -> str | None:
        """What is wrong with a literal for type `t` ("'yes' is not a bool"), or None.

        Placeholders (arguments), null, lists and the types a literal cannot spell are let be.
        """
        if value is None or t.is_list or (isinstance(value, str) and PLACEHOLDER.fullmatch(value)):
            return None
        if t.kind == "enum":
            values, aliases = self._enum_values(t.name)
            if values and not (isinstance(value, str) and (value in values or value.casefold() in aliases)):
                return f"{value!r} is not a value of {t.name} (values: {', '.join(values)})"
            return None
        python_types: dict[str, tuple[type, ...]] = {
            "bool": (bool,), "int": (int,), "float": (int, float), "string": (str,), "guid": (str,)}
        expected = python_types.get(t.name) if t.kind == "primitive" else None
        if expected is not None and (not isinstance(value, expected) or (bool not in expected and isinstance(value, bool))):
            return f"{value!r} is not a {t.name}"
        return None

    def _check_handed_context(self, doc: SourceDoc, here: list[str | int], target: str, given: dict[str, str],
                              bound: set[str], fields: tuple[ir.Field, ...] | None) -> None:
        """Context handed to returned objects: keys they take, values that can be filled in."""
        takes = self._context_of(target)
        for key, template in given.items():
            if key not in takes:
                self.problems.append(doc.problem(
                    [*here, "context", key],
                    f"{target} takes no context {key!r} (its context: {', '.join(takes) or 'none'})", key=True))
            self._check_placeholders(doc, [*here, "context", key], str(template), bound, fields)

    def _context_of(self, resource: str) -> list[str]:
        """A resource's context keys, its bases' included."""
        keys: list[str] = []
        seen: set[str] = set()
        current: str | None = resource
        while current is not None and current not in seen:
            seen.add(current)
            declared = self.declared.get(current)
            if declared is None or not isinstance(declared[1].data, dict):
                break
            keys += [k for k in declared[1].data.get("context", []) if k not in keys]
            current = declared[1].data.get("extends")
        return keys

    def _field_at(self, path: str, fields: tuple[ir.Field, ...]) -> ir.Field | None:
        """The field a slash path ends at, or None when it leads nowhere known."""
        current: tuple[ir.Field, ...] | None = fields
        found = None
        for segment in path.split("/"):
            if current is None:
                return None
            found = next((f for f in current if f.graph_name == segment), None)
            if found is None:
                return None
            current = self._fields_of(found.type)
        return found

    def _enum_values(self, name: str) -> tuple[list[str], set[str]]:
        """An enum's values and its aliases (case-folded), from its declaration."""
        declared = self.declared.get(name)
        if declared is None or declared[0] != "enum":
            return [], set()
        spec = declared[1].data.get("enums", {}).get(name, {})
        return list(spec.get("values", [])), {str(a).casefold() for a in spec.get("aliases", {})}

    def _check_accessors(self, services: list[ir.Service]) -> None:
        seen: dict[str, str] = {}
        for service in services:
            self._check_account_names(service)
            for name in filter(None, (service.accessor, *service.accessor_aliases)):
                if name in seen:
                    doc = self.declared[service.name][1]
                    self.problems.append(doc.problem(
                        ["accessor"], f"accessor {name!r} is also defined by {seen[name]}"))
                seen[name] = service.name
            shortcut_ops = [op for op in service.operations if op.name in service.shortcuts]
            methods = list(service.operations) if service.account_methods else shortcut_ops
            if methods:
                for op in methods:
                    for name in ((op.name, *op.aliases) if service.account_methods else (op.name,)):
                        if name in seen:
                            doc = self.declared[service.name][1]
                            self.problems.append(doc.problem(
                                ["operations", op.name], f"Account method {name!r} is also defined by {seen[name]}"))
                        seen[name] = service.name

    def _check_account_names(self, service: ir.Service) -> None:
        """What a service adds to `Account` (accessors, account methods, shortcuts) must not
        shadow what `Account` inherits from the runtime."""
        doc = self.declared[service.name][1]
        names: list[tuple[str, list[str | int]]] = []
        if service.accessor:
            names.append((service.accessor, ["accessor"]))
        names += [(alias, ["aliases", i]) for i, alias in enumerate(service.accessor_aliases)]
        for op in service.operations:
            if service.account_methods:
                names += [(op.name, ["operations", op.name])]
                names += [(alias, ["operations", op.name, "aliases", i]) for i, alias in enumerate(op.aliases)]
            elif op.name in service.shortcuts:
                names.append((op.name, ["shortcuts", service.shortcuts.index(op.name)]))
        for name, parts in names:
            why = bad_member_name(name, "account")
            if why:
                self.problems.append(doc.problem(parts, f"Account method {name!r} {why}; rename it",
                                                 key=len(parts) == 2 and parts[0] == "operations"))

    def _check_modules(self, items: Sequence[ir.Resource | ir.Service]) -> None:
        reserved = generator_modules()
        # A folder of specs makes a package; a module of the same name would be hidden by it.
        packages = {item.module.rsplit(".", i)[0] for item in items for i in range(1, item.module.count(".") + 1)}
        for item in items:
            doc = self.declared[item.name][1]
            parts = item.module.split(".")
            if item.module in reserved or parts[0] in reserved or parts[-1] == "__init__":
                self.problems.append(doc.problem(
                    [], f"the file name makes module {item.module!r}, which the generator uses "
                        "itself; rename the file"))
            elif item.module in packages:
                folder = "specs/" + item.module.replace(".", "/") + "/"
                self.problems.append(doc.problem(
                    [], f"the file name makes module {item.module!r}, but {folder} makes a package of "
                        "that name; rename the file"))

    @staticmethod
    def _module(doc: SourceDoc) -> str:
        rel = doc.file.removeprefix("specs/").removesuffix(".yaml")
        return rel.replace("/", ".")

    @staticmethod
    def _origin(doc: SourceDoc, parts: list[str | int]) -> ir.Origin:
        from .yamlsource import pointer

        line, col = doc.where(parts, key=True)
        return ir.Origin(doc.file, line, col, pointer(parts))


def _grant(spec: dict[str, Any]) -> ir.Grant:
    return ir.Grant(spec["delegated"], spec.get("application"))
