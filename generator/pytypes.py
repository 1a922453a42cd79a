"""How spec types become Python annotations and field descriptors in generated code."""

from __future__ import annotations

from . import ir

# Spec primitive -> field descriptor class in generated.o365._runtime.fields (None: plain `Field[...]`).
DESCRIPTORS = {
    "datetime": "DateTimeField",
    "date": "DateField",
    "time": "TimeField",
    "duration": "DurationField",
    "bytes": "BytesField",
    "zoned_datetime": "ZonedDateTimeField",
    "time_zone": "TimeZoneField",
}
# Primitives whose JSON form is the Python value itself (so lists of them can be plain lists).
JSON_NATIVE = {"string", "bool", "int", "float", "guid", "json", "cell_rows"}


def annotation(t: ir.TypeRef, resources: dict[str, ir.Resource]) -> str:
    """The Python type a caller sees for a value of this spec type (without `| None`)."""
    if t.kind == "primitive":
        base = ir.PRIMITIVES[t.name]
    elif t.kind == "enum":
        base = f"{t.name} | str" if not t.is_list else "str"
    else:
        base = t.name
    if t.is_list:
        if t.kind == "complex":
            return f"ModelList[{t.name}]"
        return f"list[{base}]"
    return base


def descriptor(field: ir.Field) -> str:
    """The right-hand side of a field line in a generated model class."""
    t = field.type
    args = [repr(field.graph_name), repr(t.spelled)]
    ro = ", read_only=True" if field.read_only else ""
    if t.kind == "complex":
        kind = "ModelListField" if t.is_list else "ModelField"
        auto = ", autocreate=True" if field.autocreate and not t.is_list else ""
        return f"{kind}({', '.join(args)}, {t.name}{ro}{auto})"
    if t.kind == "enum" and not t.is_list:
        return f"EnumField({', '.join(args)}, {t.name}{ro})"
    if field.value_range is not None and t.name == "int" and not t.is_list:
        low, high = field.value_range
        return f"RangeField({', '.join(args)}, {low}, {high}{ro})"
    if t.kind == "primitive" and not t.is_list and t.name in DESCRIPTORS:
        return f"{DESCRIPTORS[t.name]}({', '.join(args)}{ro})"
    inner = python_of_json(t)
    return f"Field[{inner}]({', '.join(args)}{ro})"


def python_of_json(t: ir.TypeRef) -> str:
    """Annotation of a value stored as raw JSON (plain fields)."""
    if t.kind == "primitive":
        base = ir.PRIMITIVES[t.name] if t.name in JSON_NATIVE else "str"
    elif t.kind == "enum":
        base = "str"
    else:
        base = "dict[str, Any]"
    return f"list[{base}]" if t.is_list else base
