"""`python -m generator scaffold microsoft.graph.<type>`: a starter spec from the metadata."""

from __future__ import annotations

import re

from .metadata import Metadata, short_name

EDM_TO_SPEC = {
    "Edm.String": "string", "Edm.Boolean": "bool", "Edm.Int16": "int", "Edm.Int32": "int",
    "Edm.Int64": "int", "Edm.Byte": "int", "Edm.Double": "float", "Edm.Single": "float",
    "Edm.Decimal": "float", "Edm.DateTimeOffset": "datetime", "Edm.Date": "date",
    "Edm.TimeOfDay": "time", "Edm.Duration": "duration", "Edm.Binary": "bytes",
    "Edm.Stream": "bytes", "Edm.Guid": "guid",
}


def spec_type(edm: str) -> tuple[str, bool]:
    """Spec spelling for a CSDL type, and whether it names a type to declare in specs/types."""
    inner = edm.removeprefix("Collection(").removesuffix(")")
    is_list = edm.startswith("Collection(")
    if inner in EDM_TO_SPEC:
        name, custom = EDM_TO_SPEC[inner], False
    else:
        short = short_name(inner)
        name, custom = short[:1].upper() + short[1:], True
    return (f"list[{name}]" if is_list else name), custom


def scaffold(meta: Metadata, graph_type: str) -> str:
    info = meta.type(graph_type)
    short = info.name
    name = short[:1].upper() + short[1:]
    lines = [
        f"# Starter spec written by `python -m generator scaffold {graph_type}`.",
        "# Curate it: drop fields you don't want, fix the paths, name the operations.",
        "# Types marked TODO must be declared in specs/types/ (or changed to json).",
        f"resource: {name}",
        f"graph_type: microsoft.graph.{short}",
        f"doc: TODO one line on what a {short} is.",
        f"link: https://learn.microsoft.com/graph/api/resources/{short.lower()}?view=graph-rest-1.0",
        "path: TODO/{id}",
        "fields:",
    ]
    for prop, edm in meta.all_properties(graph_type).items():
        spelled, custom = spec_type(edm)
        todo = "  # TODO declare this type" if custom else ""
        ro = ", read_only: true" if prop in ("id", "createdDateTime", "lastModifiedDateTime") else ""
        if ro:
            lines.append(f"  {prop}: {{type: {spelled}{ro}}}{todo}")
        else:
            lines.append(f"  {prop}: {spelled}{todo}")
    lines.append("operations:")
    lines.append("  refresh: {kind: refresh}")
    lines.append("  update: {kind: update}")
    lines.append("  delete: {kind: delete}")
    for nav, target in meta.all_navigation(graph_type).items():
        spelled, _ = spec_type(target)
        kind = "list" if spelled.startswith("list[") else "get"
        returns = spelled.removeprefix("list[").removesuffix("]")
        method = "get_" + re.sub(r"(?<!^)(?=[A-Z])", "_", nav).lower()
        lines.append(f"  # {method}: {{kind: {kind}, path: \"{{self}}/{nav}\", returns: {returns}, navigation: {nav}}}")
    for op_name, ops in sorted(meta.bound_operations(graph_type).items()):
        op = ops[0]
        method = re.sub(r"(?<!^)(?=[A-Z])", "_", op_name).lower()
        kind = "action" if op.kind == "action" else "function"
        lines.append(f"  # {method}: {{kind: {kind}, path: \"{{self}}/{op_name}\", action: {op_name}}}")
    return "\n".join(lines) + "\n"
