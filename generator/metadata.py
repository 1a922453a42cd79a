"""Microsoft's official Graph v1.0 metadata (CSDL), read for the contract test and scaffolding.

The file is `cleanMetadata.xml` from the public msgraph-metadata repository. It is looked up
next to the project (../shared/graph/v1.0/) and then in .cache/ (`make metadata` downloads it).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = (
    ROOT.parent / "shared" / "graph" / "v1.0" / "cleanMetadata.xml",
    ROOT / ".cache" / "cleanMetadata.xml",
)
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
NAMESPACE = "microsoft.graph"


class MetadataMissing(Exception):
    """Neither copy of the metadata is present."""


@dataclass
class TypeInfo:
    name: str  # short name, e.g. "message"
    kind: str  # entity | complex
    base: str | None
    properties: dict[str, str] = field(default_factory=dict)  # name -> type (e.g. "Collection(graph.recipient)")
    navigation: dict[str, str] = field(default_factory=dict)
    contained: set[str] = field(default_factory=set)  # navigation properties with ContainsTarget
    open: bool = False  # an OData open type: its instances may carry undeclared properties


@dataclass
class OperationInfo:
    name: str
    kind: str  # action | function
    binding: str  # type name the operation is bound to, e.g. "graph.message" or "Collection(graph.event)"
    parameters: dict[str, str]
    returns: str | None


@dataclass
class Metadata:
    types: dict[str, TypeInfo]
    enums: dict[str, list[str]]
    operations: list[OperationInfo]
    # The service root's entity sets and singletons: name -> (entity type short name, singleton)
    roots: dict[str, tuple[str, bool]] = field(default_factory=dict)

    def type(self, graph_type: str) -> TypeInfo:
        short = short_name(graph_type)
        if short not in self.types:
            raise KeyError(f"{graph_type!r} is not a type in the Graph v1.0 metadata")
        return self.types[short]

    def lineage(self, graph_type: str) -> list[TypeInfo]:
        """The type and its base types, nearest first."""
        out: list[TypeInfo] = []
        current: str | None = graph_type
        while current:
            info = self.type(current)
            out.append(info)
            current = info.base
        return out

    def all_properties(self, graph_type: str) -> dict[str, str]:
        props: dict[str, str] = {}
        for info in reversed(self.lineage(graph_type)):
            props.update(info.properties)
        return props

    def all_navigation(self, graph_type: str) -> dict[str, str]:
        nav: dict[str, str] = {}
        for info in reversed(self.lineage(graph_type)):
            nav.update(info.navigation)
        return nav

    def bound_operations(self, graph_type: str) -> dict[str, list[OperationInfo]]:
        """Actions and functions bound to the type, its base types, or collections of them."""
        names = {f"graph.{t.name}" for t in self.lineage(graph_type)}
        out: dict[str, list[OperationInfo]] = {}
        for op in self.operations:
            bound = op.binding.removeprefix("Collection(").removesuffix(")")
            if bound in names:
                out.setdefault(op.name, []).append(op)
        return out

    def containment(self, graph_type: str) -> dict[str, str]:
        """Navigation properties of the type (and its bases) that contain their targets."""
        out: dict[str, str] = {}
        for info in reversed(self.lineage(graph_type)):
            out.update({nav: info.navigation[nav] for nav in info.contained})
        return out

    def subtypes(self, graph_type: str) -> set[str]:
        short = short_name(graph_type)
        found: set[str] = set()
        changed = True
        while changed:
            changed = False
            for info in self.types.values():
                if info.base and short_name(info.base) in found | {short} and info.name not in found:
                    found.add(info.name)
                    changed = True
        return found


def short_name(graph_type: str) -> str:
    for prefix in (f"{NAMESPACE}.", "graph."):
        if graph_type.startswith(prefix):
            return graph_type[len(prefix):]
    return graph_type


def find_metadata() -> Path:
    override = os.environ.get("GRAPH_METADATA")
    candidates = (Path(override),) if override else CANDIDATES
    for path in candidates:
        if path.is_file():
            return path
    raise MetadataMissing(
        "Graph v1.0 metadata not found (looked in "
        + ", ".join(str(p) for p in candidates)
        + "); run `make metadata` to download cleanMetadata.xml into .cache/"
    )


@lru_cache(maxsize=4)
def load_metadata(path: Path) -> Metadata:
    tree = ET.parse(path)
    schema = next(s for s in tree.getroot().iter(f"{EDM}Schema") if s.get("Namespace") == NAMESPACE)
    types: dict[str, TypeInfo] = {}
    enums: dict[str, list[str]] = {}
    operations: list[OperationInfo] = []
    roots: dict[str, tuple[str, bool]] = {}
    for el in schema:
        tag = el.tag.removeprefix(EDM)
        name = el.get("Name", "")
        if tag in ("EntityType", "ComplexType"):
            info = TypeInfo(name, "entity" if tag == "EntityType" else "complex", el.get("BaseType"),
                            open=el.get("OpenType") == "true")
            for child in el:
                ctag = child.tag.removeprefix(EDM)
                if ctag == "Property":
                    info.properties[child.get("Name", "")] = child.get("Type", "")
                elif ctag == "NavigationProperty":
                    info.navigation[child.get("Name", "")] = child.get("Type", "")
                    if child.get("ContainsTarget") == "true":
                        info.contained.add(child.get("Name", ""))
            types[name] = info
        elif tag == "EnumType":
            enums[name] = [m.get("Name", "") for m in el if m.tag == f"{EDM}Member"]
        elif tag in ("Action", "Function") and el.get("IsBound") == "true":
            params = [(p.get("Name", ""), p.get("Type", "")) for p in el if p.tag == f"{EDM}Parameter"]
            ret = el.find(f"{EDM}ReturnType")
            operations.append(OperationInfo(
                name=name, kind=tag.lower(), binding=params[0][1],
                parameters=dict(params[1:]), returns=ret.get("Type") if ret is not None else None,
            ))
        elif tag == "EntityContainer":
            for member in el:
                mtag = member.tag.removeprefix(EDM)
                if mtag in ("EntitySet", "Singleton"):
                    target = member.get("EntityType") or member.get("Type") or ""
                    roots[member.get("Name", "")] = (short_name(target), mtag == "Singleton")
    return Metadata(types, enums, operations, roots)
