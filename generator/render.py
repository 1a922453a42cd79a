"""Render the IR into Python modules and reference pages (Jinja2, then black).

Rendering is pure: `render(specset)` returns {relative path: text}. `write_tree` puts that
into place atomically (a temporary folder, then a swap), so a failed run never leaves a
half-written `generated/`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import textwrap
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from black import format_str
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from . import ir
from .imports import KNOWN_IMPORTS, RUNTIME_EXPORTS, STDLIB
from .lifetime_table import lifetime_rules
from .naming import enum_member
from .permission_table import permission_rules
from .pytypes import annotation, descriptor
from .signatures import kind_arguments, names_item

GENERATOR_VERSION = "1"
PACKAGE = "generated.o365"
ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
BLACK_MODE = Mode(line_length=100, target_versions={TargetVersion.PY310})


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = _pyrepr
    return env


def _pyrepr(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_pyrepr(k)}: {_pyrepr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        inner = ", ".join(_pyrepr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return json.dumps(value)  # double quotes, the way black writes strings
    return repr(value)


@dataclass
class FieldView:
    python_name: str
    descriptor: str
    doc: str
    aliases: tuple[str, ...] = ()


@dataclass
class OpView:
    name: str
    kind: str
    http_method: str
    path: str
    path_expr: str
    signature: str
    return_annotation: str
    summary: str
    details: str
    link: str | None
    aliases: tuple[str, ...]
    param_docs: list[str]
    returns_class: str | None
    returns_resource: bool
    max_page_size: int | None
    page_size: int | None
    page_size_mode: str
    context: dict[str, str]
    context_expr: str  # the context as Python: path parameters by value, others as templates
    headers: dict[str, str]
    body: str | None
    query_params: list[ir.Param]
    body_params: list[ir.Param]
    parse: str | None
    expected: str
    monitor: bool | str
    upload: dict[str, Any]
    names_item: bool
    helper: str | None
    of: str | tuple[str, ...] | None
    is_property: bool
    local_imports: list[str] = field(default_factory=list)
    pre_lines: list[str] = field(default_factory=list)
    body_pairs: str = ""
    query_pairs: str = ""
    list_extra: list[str] = field(default_factory=list)  # more keyword arguments of _list/_find/_delta
    after: tuple[tuple[str, object], ...] = ()
    tree: dict[str, str] = field(default_factory=dict)
    size: str | None = None  # download: the field with the content's exact length
    unless: list[tuple[str, OpView]] = field(default_factory=list)
    when_new: OpView | None = None
    when_new_except: str | None = None
    returns_true: bool = False  # an action answered with no body that returns True on success
    find_query: bool = False  # a find that also takes `query=`
    then: str | None = None
    then_args: str = ""
    then_self: bool = False  # an action answered with no body, returning another operation's result
    keep: dict[str, str] = field(default_factory=dict)
    unwrap: dict[str, str] = field(default_factory=dict)
    cascade: tuple[str, ...] = ()
    blocks: dict[str, str] = field(default_factory=dict)
    kwargs: str | None = None  # the name of a `**` parameter whose items join the body
    switch_options: str = "{}"  # open: switch parameters handed to the opened object
    changes_of: str | None = None
    args: tuple[str, ...] = ()
    address_arg: str = "None"
    start_arg: str = "None"
    subscribe: dict[str, Any] = field(default_factory=dict)  # subscribe: resource and limits
    compose: str | None = None  # the generated.o365._runtime.mentions.compose(...) call around the body
    advanced_queries: bool = False
    presets: str = "[]"  # new: (slash path, value) pairs set on the new object
    equals: tuple[object, ...] = ()  # computed: the value compared with
    collect: bool = False
    content: str | None = None  # the expression of an `in: content` body (raw bytes)


class _Renderer:
    def __init__(self, specset: ir.SpecSet) -> None:
        self.specset = specset
        self.env = environment()
        self.resources = {r.name: r for r in specset.resources}
        self.complex = {c.name: c for c in specset.complex_types}
        self.enums = {e.name: e for e in specset.enums}
        self.services = {s.name: s for s in specset.services}

    # -- modules ------------------------------------------------------------------------------

    def module_of(self, name: str) -> str:
        if name in self.resources:
            return f"{PACKAGE}.{self.resources[name].module}"
        for service in self.specset.services:
            if service.name == name:
                return f"{PACKAGE}.{service.module}"
        return f"{PACKAGE}.types"

    def render_all(self) -> dict[str, str]:
        out: dict[str, str] = {}
        out["o365/types.py"] = self.types_module()
        for res in self.specset.resources:
            out[f"o365/{res.module.replace('.', '/')}.py"] = self.resource_module(res)
        for svc in self.specset.services:
            out[f"o365/{svc.module.replace('.', '/')}.py"] = self.service_module(svc)
        out["o365/account.py"] = self.account_module()
        out["o365/_permissions.py"] = self.env.get_template("permissions.py.j2").render(
            source="specs/ (permissions:)", rules=permission_rules(self.specset))
        out["o365/_lifetimes.py"] = self.env.get_template("lifetimes.py.j2").render(
            source="specs/ (subscribe operations)", rules=lifetime_rules(self.specset))
        out["o365/__init__.py"] = self.package_init()
        # Each area package offers its models and services (`from generated.o365.mail import
        # Message`); one that is also a python-o365 module name offers that module's names too.
        o365_modules = dict(self.specset.o365_modules)
        for area, own in self.areas().items():
            names = {**own, **dict(o365_modules.pop(area, ()))}
            out[f"o365/{area}/__init__.py"] = self.o365_module(
                area, tuple(names.items()), python_o365=area in dict(self.specset.o365_modules))
        for module, pairs in o365_modules.items():
            out[f"o365/{module}.py"] = self.o365_module(module, pairs, python_o365=True, area=False)
        formatted = {path: _black(path, text) for path, text in out.items()}
        formatted["o365/py.typed"] = ""
        formatted["__init__.py"] = (
            "# Generated by `make generate`. Do not edit.\n"
            '"""Output of the spec-driven generator; the library is `generated.o365`."""\n'
        )
        return formatted

    def areas(self) -> dict[str, dict[str, str]]:
        """Area package -> the names of the resources and services whose modules it holds
        (their class aliases too): name -> the spec name it stands for."""
        found: dict[str, dict[str, str]] = {}
        owners = [(r.name, r.module, r.aliases) for r in self.specset.resources]
        owners += [(s.name, s.module, ()) for s in self.specset.services]
        for name, module, aliases in sorted(owners):
            area, _, rest = module.partition(".")
            if rest:
                found.setdefault(area, {}).update({n: name for n in (name, *aliases)})
        return dict(sorted(found.items()))

    def types_module(self) -> str:
        enums = [
            {"name": e.name, "graph_type": e.graph_type, "doc": e.doc,
             "members": _enum_members(e.values) + list(e.member_aliases), "aliases": dict(e.aliases),
             "retired": dict(e.retired)}
            for e in self.specset.enums
        ]
        complex_types = [
            {"name": c.name, "graph_type": c.graph_type, "doc": c.doc, "link": c.link,
             "fields": [self.field_view(f) for f in c.fields] + [self.nested_view(n) for n in c.nested],
             "secret": tuple(sorted(f.python_name for f in c.fields if f.secret)),
             "rules": _rules(c.rules), "coerce": dict(c.coerce), "match": c.match,
             "ops": [self.op_view(op, owner=c) for op in c.operations],
             "map_keys": c.map_keys, "new_keys": c.new_keys,
             "map_values": _map_values(c.map_values),
             "map_model": c.map_values.name if c.map_values and c.map_values.kind == "complex" else None}
            for c in _dependency_order(self.specset.complex_types)
        ]
        source = ", ".join(sorted({c.source for c in self.specset.complex_types} | {e.source for e in self.specset.enums}))
        text = self.env.get_template("types.py.j2").render(
            source=source or "specs/types", enums=enums, complex_types=complex_types, imports=IMPORTS,
        )
        return self.with_imports(text, f"{PACKAGE}.types")

    def field_view(self, f: ir.Field) -> FieldView:
        return FieldView(f.python_name, descriptor(f), f.doc, f.aliases)

    def nested_view(self, n: ir.Nested) -> FieldView:
        ro = ", read_only=True" if n.read_only else ""
        return FieldView(n.python_name, f"NestedField({_pyrepr(n.path)}, {descriptor(n.leaf)}{ro})",
                         n.doc, ())

    def resource_module(self, res: ir.Resource) -> str:
        ops = [self.op_view(op, owner=res, siblings=res.operations) for op in res.operations]
        fields = [self.field_view(f) for f in res.fields] + [self.nested_view(n) for n in res.nested]
        if res.open_values is not None:  # the open field reads as a typed view
            for index, f in enumerate(res.fields):
                if f.graph_name == res.open_values.field:
                    fields[index].descriptor = f"OpenValuesField({f.graph_name!r}, {f.type.spelled!r})"
        subtypes = {key: f"{self.module_of(target)}:{target}" for key, target in res.subtypes}
        attachments = dict(res.attachments)
        if attachments:
            returns = attachments.get("returns")
            attachments = {
                "path": attachments["path"], "upload": attachments.get("upload"),
                "inline_limit": attachments.get("inline_limit", 3 * 1024 * 1024),
                "item_class": f"{self.module_of(str(returns))}:{returns}" if returns else None,
                "item_type": attachments["item_type"], "max_size": attachments["max_size"],
                "session_item": attachments.get("session_item"),
                "content_ids": attachments.get("content_ids", True),
            }
        text = self.env.get_template("resource.py.j2").render(
            source=res.source, r=res, fields=fields, ops=ops, imports=IMPORTS,
            base_class=res.base or ("SessionResource" if res.session else "Resource"),
            secret_fields=tuple(sorted(f.python_name for f in res.fields if f.secret)),
            subtypes=subtypes, rules=_rules(res.rules), attachments=attachments,
            constants=[(name, _pyrepr(value), type(value).__name__) for name, value in res.constants],
            context_from={**dict(res.context_from),
                          **{key: (of, helper) for key, of, helper in res.context_helpers}},
            session=_session_expr(res.session) if res.session else None,
            opened_by=dict(res.opened_by),
            open_values=_open_values_expr(res.open_values) if res.open_values else None,
            defines=dict(res.defines),
        )
        return self.with_imports(text, self.module_of(res.name))

    def service_module(self, svc: ir.Service) -> str:
        ops = [self.op_view(op, owner=None, siblings=svc.operations) for op in svc.operations]
        text = self.env.get_template("service.py.j2").render(
            source=svc.source, s=svc, ops=ops, imports=IMPORTS,
        )
        return self.with_imports(text, self.module_of(svc.name))

    def account_module(self) -> str:
        accessors: list[dict[str, Any]] = []
        methods: list[dict[str, Any]] = []
        for svc in self.specset.services:
            module = f"{PACKAGE}.{svc.module}"
            if svc.accessor:
                choice = None
                if svc.choice is not None:
                    keyword, default, others = svc.choice
                    by_class: dict[str, list[str]] = {}
                    for value, name in others:
                        by_class.setdefault(name, []).append(value)
                    choice = {"keyword": keyword, "default": default,
                              "allowed": ", ".join(repr(v) for v in [default, *dict(others)]),
                              "others": [{"cls": name, "module": self.module_of(name),
                                          "test": _pyrepr(tuple(values)),
                                          "literal": ", ".join(_pyrepr(v) for v in values),
                                          "said": " / ".join(repr(v) for v in values)}
                                         for name, values in by_class.items()]}
                accessors.append({"name": svc.accessor, "cls": svc.name, "module": module,
                                  "doc": svc.doc.split("\n")[0], "aliases": svc.accessor_aliases,
                                  "choice": choice,
                                  "optional": svc.resource_optional})
            for name in svc.shortcuts:
                op = next(o for o in svc.operations if o.name == name)
                view = self.op_view(op, owner=None, siblings=svc.operations)
                signature, call = _with_resource(view.signature)
                methods.append({
                    "name": op.name, "signature": signature,
                    "return_annotation": view.return_annotation, "summary": view.summary,
                    "details": f"Shortcut for `account.{svc.accessor}(resource).{op.name}(...)`.",
                    "link": view.link, "module": module, "service": svc.name,
                    "call_args": call, "aliases": (), "resource": "resource",
                })
            if svc.account_methods:
                for op in svc.operations:
                    view = self.op_view(op, owner=None, siblings=svc.operations)
                    methods.append({
                        "name": op.name, "signature": view.signature,
                        "return_annotation": view.return_annotation, "summary": view.summary,
                        "details": view.details,
                        "link": view.link, "module": module, "service": svc.name,
                        "call_args": _call_args(view.signature), "aliases": op.aliases,
                        "resource": "None",
                    })
        accessors.sort(key=lambda a: str(a["name"]))
        methods.sort(key=lambda m: str(m["name"]))
        text = self.env.get_template("account.py.j2").render(
            source="specs/**/*.yaml (services)", accessors=accessors, methods=methods,
            imports=IMPORTS,
        )
        return self.with_imports(text, f"{PACKAGE}.account")

    def o365_module(self, module: str, names: tuple[tuple[str, str], ...], *,
                    python_o365: bool, area: bool = True) -> str:
        targets = []
        for name, target in names:
            where, _, attr = target.partition(":")
            targets.append((name, runtime_module(where), attr) if attr else (name, self.module_of(target), target))
        # isort's order (ruff's order-by-type): by module, then CONSTANTS, Classes, functions.
        def isort_key(target: tuple[str, str, str]) -> tuple[str, int, str, str]:
            name, where, attr = target
            rank = 0 if attr.isupper() and len(attr) > 1 else 1 if attr[:1].isupper() else 2
            return where, rank, attr, name

        return self.env.get_template("o365_module.py.j2").render(
            source="specs/o365_modules.yaml" if python_o365 else f"specs/{module}/",
            module=module, targets=targets, python_o365=python_o365, area=area,
            imports=sorted(targets, key=isort_key))

    def package_init(self) -> str:
        lazy: dict[str, str] = {}
        for res in self.specset.resources:
            lazy[res.name] = self.module_of(res.name)
            for alias in res.aliases:
                lazy[alias] = self.module_of(res.name)
        for svc in self.specset.services:
            lazy[svc.name] = self.module_of(svc.name)
        for name in [*self.complex, *self.enums]:
            lazy[name] = f"{PACKAGE}.types"
        if any(r.open_values for r in self.specset.resources):
            for name in ("FieldValues", "LookupValue", "PersonValue"):  # what open values hand out
                lazy[name] = "generated.o365._runtime.open_values"
        items = sorted({**lazy, **RUNTIME_EXPORTS}.items())
        type_imports = sorted([*(f"from {module} import {name} as {name}" for name, module in items),
                               "from generated.o365._runtime.token_backends import *  # noqa: F403"],
                              key=str.casefold)  # isort's order
        packages = sorted([*self.areas(), "types"])
        return self.env.get_template("package_init.py.j2").render(
            source="specs/ (all files)", lazy=items, type_imports=type_imports,
            face=sorted(RUNTIME_EXPORTS), packages=packages,
        )

    # -- operations -----------------------------------------------------------------------

    def op_view(self, op: ir.Operation, owner: ir.Resource | ir.ComplexType | None,
                siblings: tuple[ir.Operation, ...] = ()) -> OpView:
        returns = op.returns
        returns_class = returns.name if returns and returns.kind in ("resource", "complex") else None
        returns_resource = bool(returns and returns.kind == "resource" and not returns.is_list)
        by_location: dict[str, list[ir.Param]] = {}
        for p in op.params:
            by_location.setdefault(p.location, []).append(p)
        path_params = by_location.get("path", [])
        query_params = by_location.get("query", [])
        body_params = by_location.get("body", [])
        if op.kind == "find":
            query_params = [p for p in op.params if p.location not in ("path", "search", "filter", "then")]
            body_params = []
        required = [p for p in op.params if p.required]
        optional = [p for p in op.params if not p.required]
        sig = ["self"]
        sig += [f"{p.python_name}: {self.param_annotation(p)}" for p in required]
        extra_positional, kw = kind_arguments(op)
        sig += extra_positional
        for flag, settings in op.options:
            given = dict(settings)
            kind = "bool | list[str]" if given.get("names") else "bool"
            kw.append(f"{flag}: {kind} = {bool(given.get('default', False))}")
        kwargs_params = [p for p in op.params if p.location == "kwargs"]
        optional = [p for p in optional if p.location != "kwargs"]
        for p in optional:
            hint = self.param_annotation(p)
            if p.default is None:
                text = f"{p.python_name}: {hint} | None | NotGiven = NOT_GIVEN"
            elif p.default == "None":
                text = f"{p.python_name}: {hint} | None = None"
            else:
                text = f"{p.python_name}: {hint} = {p.default}"
            (sig if p.positional else kw).append(text)
        for p in op.params:
            for alias in p.aliases:
                kw.append(f"{alias}: {self.param_annotation(p)} | NotGiven = NOT_GIVEN")
        if kw:
            # A switch or a lone optional argument reads naturally positionally (reply(False)).
            positional_ok = op.kind in ("set", "action") and all(p.location == "switch" or p.default for p in optional)
            if not positional_ok:
                sig.append("*")
            sig += kw
        for p in kwargs_params:
            sig.append(f"**{p.python_name}: Any")
        summary, _, details = op.doc.strip().partition("\n\n")
        summary = " ".join(summary.split()) or _default_summary(op)
        upload = dict(op.upload)
        upload.setdefault("simple", None)
        upload.setdefault("session", None)
        upload.setdefault("threshold", 4 * 1024 * 1024)
        view = OpView(
            name=op.name, kind=op.kind, http_method=op.http_method, path=op.path,
            path_expr=self.path_expr(op, path_params),
            signature=", ".join(sig), return_annotation=self.return_annotation(op, owner),
            summary=textwrap.fill(summary.strip().rstrip(".") + ".", width=88),
            details=details.strip(),
            link=op.link or (owner.link if isinstance(owner, ir.Resource) and op.kind in ("refresh", "update", "save", "delete") else None),
            aliases=op.aliases,
            param_docs=[f"{p.python_name}: {p.doc}" for p in op.params if p.doc],
            returns_class=returns_class, returns_resource=returns_resource,
            max_page_size=op.max_page_size, page_size=op.page_size, page_size_mode=op.page_size_mode,
            context=dict(op.context), context_expr=self.context_expr(op, path_params),
            headers=dict(op.headers), body=op.body,
            query_params=query_params, body_params=list(op.params) if op.kind == "new" else body_params,
            parse=self.parse_expr(op), expected=self.expected(op), monitor=op.monitor,
            upload=upload, names_item=names_item(op), helper=op.helper, of=op.of,
            is_property=op.is_property, advanced_queries=op.advanced_queries,
            collect=op.collect,
            content=next((f"media({p.python_name}, {_pyrepr(p.media or 'any')})" for p in op.params
                          if p.location == "content"), None),
        )
        view.unless = [(switch, self.op_view(variant, owner)) for switch, variant in op.unless]
        if op.when_new is not None:
            view.when_new = self.op_view(op.when_new, owner)
            view.when_new_except = op.when_new_except
        view.find_query = op.kind == "find" and bool(op.query_options)
        view.returns_true = (op.kind in ("action", "function") and op.returns is not None
                             and op.returns.name == "bool" and not op.returns.is_list
                             and view.expected == "none")
        view.kwargs = kwargs_params[0].python_name if kwargs_params else None
        view.then = op.then
        if op.kind == "action" and op.then:
            # POST, then read: python-o365's set_my_presence returns the presence it set.
            sibling = next(o for o in siblings if o.name == op.then)
            view.then_self = True
            view.return_annotation = self.op_view(sibling, owner, siblings).return_annotation
        view.keep = dict(op.keep)
        view.unwrap = dict(op.unwrap)
        view.cascade = op.cascade
        view.changes_of = op.changes_of
        view.args = op.args
        view.blocks = dict(op.blocks)
        switches = [p for p in op.params if p.location == "switch"]
        view.switch_options = "{" + ", ".join(f"{_pyrepr(p.python_name)}: {p.python_name}" for p in switches) + "}"
        if op.then:
            handed = [p for p in op.params if p.location in ("switch", "then")]
            view.then_args = ", ".join(f"{p.python_name}={p.python_name}" for p in handed)
        address = next((p for p in op.params if p.type.name == "a1_address"), None)
        view.address_arg = f"a1({address.python_name})" if address else "None"
        view.start_arg = f"a1({address.python_name})" if address else "None"
        if op.subscribe is not None:
            rules = op.subscribe
            view.subscribe = {
                "resource": "resource" if rules.resource is None else f"self._path({_pyrepr(rules.resource)})",
                "max_lifetime": rules.max_lifetime, "max_lifetime_with_data": rules.max_lifetime_with_data,
                "change_types": rules.change_types,
            }
        view.body_pairs = self.pairs(body_params, op.sets if op.kind in ("action", "function") else (),
                                     op.params, op.when_given, op)
        if op.compose is not None:
            content, content_type, mentionable = op.compose
            named = {p.location: p.python_name for p in op.params}
            kinds = {self.resources[name].graph_type: (id_path, name_path)
                     for name, id_path, name_path in mentionable if name in self.resources}
            view.compose = (f"compose(body_of({view.body_pairs}), {named.get('mentions', 'None')}, "
                            f"{named.get('hosted', 'None')}, content={_pyrepr(content)}, "
                            f"content_type={_pyrepr(content_type)}, mentionable={_pyrepr(kinds)})")
            view.local_imports.append("from generated.o365._runtime.mentions import compose")
        view.query_pairs = self.pairs(query_params, ())
        if op.kind == "new":
            view.presets = self.pairs([], op.sets, op.params)
        view.equals = op.equals
        view.after = op.after
        view.tree = dict(op.tree)
        view.size = op.size
        if op.kind in ("list", "find") and op.filter:
            values = "".join(f", {p.python_name}={self.value_expr(p)}" for p in op.params if p.location == "filter")
            fixed = f"filter_text({_pyrepr(op.filter)}{values})" if values else _pyrepr(op.filter)
            view.list_extra.append(f"fixed_filter={fixed}")
        if op.kind == "list":
            if op.expand:
                view.list_extra.append(f"fixed_expand={_pyrepr(op.expand)}")
            if "order_by" in op.query_options:
                view.list_extra.append("order_by=order_by")
        if op.search:
            values = "".join(f", {p.python_name}={self.value_expr(p)}" for p in op.params if p.location == "search")
            view.list_extra.append(f"search=search_text({_pyrepr(op.search)}{values})")
        if op.advanced_queries:
            view.list_extra.append("advanced_queries=True")
        if op.kind == "delta" and op.removed != "@removed":
            view.list_extra.append(f"removed={_pyrepr(op.removed)}")
        if op.kind == "delta" and op.page_size_mode == "top":
            view.list_extra.append('page_size_mode="top"')
        if op.kind == "delta" and op.max_page_size:
            view.list_extra.append(f"max_page_size={op.max_page_size}")
        if op.clamp_page_size:
            view.list_extra.append("clamp=True")
        owner_module = self.module_of(owner.name) if owner else None
        for name in self.runtime_classes(op):
            module = self.module_of(name)
            if module != owner_module and module != f"{PACKAGE}.types":
                view.local_imports.append(f"from {module} import {name}")
        if op.kind in ("subscribe", "renew"):  # the generic subscription mechanism
            view.local_imports.append(f"from generated.o365._runtime.subscriptions import {self.subscription_call(op, view)}")
        if view.local_imports:  # one block, in isort's order (ruff checks generated code)
            view.local_imports = [*sorted(dict.fromkeys(view.local_imports)), ""]
        view.pre_lines = self.pre_lines(op, required)
        return view

    @staticmethod
    def subscription_call(op: ir.Operation, view: OpView) -> str:
        """The generated.o365._runtime.subscriptions function a subscribe/renew method calls: the typed one,
        or the one returning Graph's JSON (`returns: json`, python-o365's methods)."""
        raw = op.returns is not None and op.returns.name == "json"
        return op.kind + ("_json" if raw else "")

    def pairs(self, params: list[ir.Param], constants: tuple[tuple[str, object], ...],
              all_params: tuple[ir.Param, ...] = (),
              when_given: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = (),
              op: ir.Operation | None = None) -> str:
        """`[("graphName", value), ...]` for body_of(): arguments, then fixed values.

        A `when_given` value replaces a fixed one when the caller gave that parameter.
        """
        items = [f"({_pyrepr(p.graph_name)}, {self.open_values_arg(p, op) or self.value_expr(p)})"
                 for p in params]
        for key, value in constants:
            expr = self._when_given(key, self.set_value(value, all_params), when_given, all_params)
            items.append(f"({_pyrepr(key)}, {expr})")
        return "[" + ", ".join(items) + "]"

    def when_given_expr(self, key: str, expr: str, op: ir.Operation) -> str:
        return self._when_given(key, expr, op.when_given, op.params)

    def _when_given(self, key: str, expr: str,
                    when_given: tuple[tuple[str, tuple[tuple[str, object], ...]], ...],
                    params: tuple[ir.Param, ...]) -> str:
        """A fixed value, or what `when_given` puts there when a parameter is given (first wins)."""
        for param, sets in reversed(when_given):
            for target, other in sets:
                if target == key:
                    given = f"{param} is not NOT_GIVEN and {param} is not None"
                    expr = f"{self.set_value(other, params)} if {given} else {expr}"
        return expr

    def open_values_arg(self, p: ir.Param, op: ir.Operation | None) -> str | None:
        """An argument holding open values of what the operation returns: checked and encoded
        by their definitions (generated.o365._runtime.open_values), found through the context it hands over."""
        if not p.open_values or op is None or op.returns is None:
            return None
        return f"self._open_values_arg({op.returns.name}, {p.python_name}, {_pyrepr(dict(op.context))})"

    def context_expr(self, op: ir.Operation, path_params: list[ir.Param]) -> str:
        """The values handed to returned objects: a lone `{name}` of a path parameter is that
        argument's value (a service's `get_channel(team_id, ...)` gives its channel the team);
        other values are templates the runtime fills from this object."""
        by_name = {p.python_name: p for p in path_params}
        parts = []
        for key, template in op.context:
            lone = re.fullmatch(r"\{(\w+)\}", template)
            param = by_name.get(lone.group(1)) if lone else None
            value = f"str({self.value_expr(param)})" if param is not None else _pyrepr(template)
            parts.append(f"{_pyrepr(key)}: {value}")
        return "{" + ", ".join(parts) + "}"

    def path_expr(self, op: ir.Operation, path_params: list[ir.Param]) -> str:
        # Path-based addressing: `{key}` becomes `{key}:/{relative path}:` when the path is given.
        below = {p.address_below: p for p in path_params if p.address_below}
        args = "".join(
            f", {p.python_name}=path_address({self.value_expr(p)}, {self.value_expr(below[p.python_name])})"
            if p.python_name in below else
            f", {p.python_name}=RawPath({self.value_expr(p)})" if p.raw else f", {p.python_name}={self.value_expr(p)}"
            for p in path_params if not p.address_below
        )
        template = _pyrepr(op.path)
        for switch, alt in reversed(op.path_when):
            template = f"{_pyrepr(alt)} if {switch} else {template}"
        return f"self._path({template}{args})"

    def pre_lines(self, op: ir.Operation, required: list[ir.Param]) -> list[str]:
        lines: list[str] = []
        for p in op.params:
            for alias in p.aliases:  # python-o365's keyword for the same argument
                lines.append(f"if {alias} is not NOT_GIVEN:")
                lines.append(f"    {p.python_name} = {alias}")
        for p in required:
            if p.type.name == "string" and not p.type.is_list:
                lines.append(f"if not {p.python_name}:")
                lines.append(f"    raise ValueError({(p.python_name + ' is required')!r})")
        for flag, options in op.options:
            args = ", ".join(f"{k}={_pyrepr(v)}" for k, v in options if k in ("expand", "select"))
            if dict(options).get("names"):
                args += f", names={flag}"  # a list of names narrows the expansion
            lines.append(f"if {flag}:")
            lines.append(f"    query = with_options(query, {args})")
        by_graph = {p.graph_name: p for p in op.params}
        for p in op.params:
            if p.alternative:  # two ways to say one thing (Graph's, python-o365's): exactly one
                other = by_graph[p.alternative].python_name
                given = f"({p.python_name} is not NOT_GIVEN and {p.python_name} is not None)"
                other_given = f"({other} is not NOT_GIVEN and {other} is not None)"
                either = f"{op.name}() takes {p.python_name!r} or {other!r}"
                lines.append(f"if {given} == {other_given}:")
                lines.append(f"    raise TypeError({(either + ': one of them, not both')!r})")
            if p.required_when:
                lines.append(f"if {p.required_when} and ({p.python_name} is NOT_GIVEN or {p.python_name} is None):")
                lines.append(f"    raise ValueError({(p.python_name + ' is required when ' + p.required_when + ' is true')!r})")
        if op.require:
            lines.append(f"self._check_state({_pyrepr(tuple(op.require))})")
        if op.combinations is not None:
            names, allowed, why = op.combinations
            by_name = {p.graph_name: p for p in op.params}
            values = ", ".join(self.value_expr(by_name[n]) for n in names)
            why_arg = f", {_pyrepr(why)}" if why else ""
            lines.append(f"check_combination({_pyrepr(names)}, ({values},), {_pyrepr(allowed)}{why_arg})")
        for p in op.params:
            if p.same:
                lines.append(f"same_as(self, {p.python_name}, {_pyrepr(p.same)}, {_pyrepr(p.python_name)})")
        if op.order_hint:
            hint = _pyrepr(op.order_hint)
            lines.append(f"self._assign({hint}, order_hint_between(after, before, {hint}))")
        local_sets = op.sets if op.kind not in ("action", "function", "new") else ()
        for target, value in local_sets:
            if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
                name = value[1:-1]
                param = next(p for p in op.params if p.python_name == name)
                lines += self.assign_lines(target, param)
            else:
                expr = self.when_given_expr(target, self.set_value(value, op.params), op)
                lines.append(f"self._assign({_pyrepr(target)}, {expr})")
        if op.kind == "set":
            fixed = {target for target, _ in local_sets}
            for given, sets in op.when_given:
                for target, value in sets:
                    if target not in fixed:
                        lines.append(f"if {given} is not NOT_GIVEN and {given} is not None:")
                        lines.append(f"    self._assign({_pyrepr(target)}, {self.set_value(value, op.params)})")
        key = f", key={op.append_key!r}" if op.append_key else ""
        for target, value in op.appends:
            lines.append(f"self._append({_pyrepr(target)}, {self.set_value(value, op.params)}{key})")
        if op.kind == "update":
            for p in op.params:
                lines += self.assign_lines(p.graph_name, p)
        if op.save_first:
            lines.append("self._ensure_saved()")
        return lines

    def set_value(self, value: object, params: tuple[ir.Param, ...]) -> str:
        """Python source for a `set:` value; "{param}" strings inside lists and dicts become the argument."""
        if value == "{self}":
            # The object itself as a body member (sendMail's message), attachments inline.
            return "self._body_with_attachments()"
        if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
            found = next((p for p in params if p.python_name == value[1:-1]), None)
            if found is not None:
                return self.value_expr(found)
            return f"self._value_of({_pyrepr(value[1:-1])})"  # the owner's id, context or field
        if isinstance(value, dict):
            return "{" + ", ".join(f"{_pyrepr(k)}: {self.set_value(v, params)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.set_value(v, params) for v in value) + "]"
        return _pyrepr(value)

    def assign_lines(self, target: str, p: ir.Param) -> list[str]:
        zoned = ", zoned=True" if p.type.name == "zoned_datetime" else ""
        value = self.value_expr(p) if p.type.name != "zoned_datetime" else p.python_name
        line = f"self._assign({_pyrepr(target)}, {value}{zoned})"
        if p.default == "None" and not p.required:
            return [f"if {p.python_name} is not None:", f"    {line}"]
        if p.required or p.default is not None:
            return [line]
        return [f"if {p.python_name} is not NOT_GIVEN:", f"    {line}"]

    def expected(self, op: ir.Operation) -> str:
        if op.expect:
            return op.expect
        if op.returns is not None and op.returns.name == "bytes" and not op.returns.is_list:
            return "bytes"
        if op.returns is None and op.kind in ("action", "function") and not op.unwrap:
            return "none"
        return "json"

    def param_annotation(self, p: ir.Param) -> str:
        if p.location == "content":  # the request's bytes: given as bytes, a path or a file
            return "bytes | str | os.PathLike[str] | BinaryIO"
        if p.from_now:
            return "datetime.datetime | datetime.timedelta | float"
        if p.type.kind == "resource":
            # The resource, any subtype its spec declares (a DirectoryObject parameter takes a
            # User or a Group), or an id: what id_of() accepts at run time.
            names = [p.type.name]
            names += [t for _, t in self.resources[p.type.name].subtypes if t not in names]
            one = " | ".join([*names, "str"])
            return f"list[{one}]" if p.type.is_list else one
        if p.type.name == "duration" and not p.type.is_list:
            return "datetime.timedelta | str"  # duration_of() takes ISO 8601 text too
        if p.type.kind == "complex" and p.type.name in self.complex:
            # What coerced() takes: the model, a dict of its Graph JSON, and the string or
            # pair its spec's `coerce:` reads (a recipient's address, (name, address)).
            coerce = dict(self.complex[p.type.name].coerce)
            one = " | ".join([p.type.name, "Mapping[str, Any]",
                              *(["str"] if "string" in coerce else []),
                              *(["tuple[str, str]"] if "pair" in coerce else [])])
            return f"Iterable[{one}]" if p.type.is_list else one
        return annotation(p.type, self.resources)

    def value_expr(self, p: ir.Param) -> str:
        """The expression that turns an argument into what goes on the wire."""
        if p.each:
            return f"each_of({self._value_expr(p)}, {_pyrepr(dict(p.each))})"
        return self._value_expr(p)

    def _value_expr(self, p: ir.Param) -> str:
        if p.value_map:
            return f"mapped_value({p.python_name}, {_pyrepr(dict(p.value_map))}, {p.python_name!r})"
        if p.default == "None" and not p.required:
            return f"omitted_if_none({self._converted(p)})"
        return self._converted(p)

    def _converted(self, p: ir.Param) -> str:
        name = p.python_name
        if p.value_range is not None:
            low, high = p.value_range
            return f"within({name}, {low}, {high}, {_pyrepr(name)})"
        if p.pattern is not None:
            why = f", {_pyrepr(p.why)}" if p.why else ""
            return f"matching({name}, {_pyrepr(p.pattern)}, {_pyrepr(name)}{why})"
        if p.type.name == "a1_address" and not p.type.is_list:
            return f"a1({name})"
        if p.type.name == "cell_rows" and not p.type.is_list:
            return f"cell_rows({name})"
        if p.type.name == "time_zone":
            return f"zone_name({name})"
        if p.type.name == "duration" and not p.type.is_list:
            return f"duration_of({name}, {_pyrepr(name)})"
        if p.type.name == "zoned_datetime":
            return f"self._zoned_arg({name})"
        if p.type.name == "date" and not p.type.is_list:
            return f"date_of({name})"  # python-o365 passes datetimes where Graph takes a date
        if p.from_now:  # python-o365's delay_delivery(seconds or datetime)
            return f"self._datetime_arg({name}, from_now=True)"
        if p.type.name == "datetime" and not p.type.is_list and p.location == "query":
            # Naive: the protocol's zone; python-o365 also passes a query comparing one date.
            return f"self._datetime_arg({name})"
        if p.type.kind == "resource" and p.key:
            # The object (its `key` field is sent) or that value itself.
            qualified = _pyrepr(f"{self.module_of(p.type.name)}:{p.type.name}")
            return f"key_of({name}, {qualified}, {p.key!r})"
        if p.type.kind == "resource":
            # The object or its id, checked against the parameter's resource (and, for
            # `reference:`, sent as the entity's absolute URL).
            qualified = _pyrepr(f"{self.module_of(p.type.name)}:{p.type.name}")
            value = f"{'ids_of' if p.type.is_list else 'id_of'}({name}, {qualified})"
            return f"self._reference({_pyrepr(p.reference)}, {value})" if p.reference else value
        if p.reference:  # a string parameter is the key itself
            return f"self._reference({_pyrepr(p.reference)}, {name})"
        if p.type.kind == "enum" and not p.type.is_list:
            return f"enum_value({p.type.name}, {name})"
        if p.type.kind == "complex":
            # Strings, pairs and dicts become the type through its spec's `coerce`.
            return f"coerced({p.type.name}, {name}{', many=True' if p.type.is_list else ''})"
        return name

    def return_annotation(self, op: ir.Operation, owner: ir.Resource | ir.ComplexType | None) -> str:
        r = op.returns
        if op.kind == "set":
            return "None"
        if op.kind == "query_builder":
            return "QueryBuilder"
        if op.monitor:
            return f"AsyncOperation[{r.name}]" if r else "AsyncOperation[Any]"
        if op.kind == "computed" and op.equals:
            return "bool"
        if op.kind == "computed":
            if r is None:
                return "Any"
            return f"{annotation(r, self.resources)} | None"
        if op.kind == "list":
            if op.collect:
                return f"list[{r.name}]" if r else "list[Any]"
            if op.then and r is not None:
                target = self._then_class(op)
                return f"Paginator[{target}]"
            if r is not None and r.kind != "resource":
                return f"Paginator[{annotation(r, self.resources)}]"  # raw JSON items
            return f"Paginator[{r.name}]" if r else "Paginator[Any]"
        if op.kind == "open":
            return r.name if r else "Any"
        if op.kind == "read_blocks":
            return "Iterator[list[Any]]"
        if op.kind == "write_blocks":
            return "int"
        if op.kind in ("get", "find") and op.then and r is not None:
            # what the operation applied to the result returns
            returned = self.specset.resource(r.name)
            then = next(o for o in returned.operations if o.name == op.then)
            return self.return_annotation(then, returned)
        if op.kind == "delta":
            return f"DeltaIterator[{r.name}]" if r else "DeltaIterator[Any]"
        if op.kind in ("refresh", "create") or (op.kind == "renew" and r is None):
            return owner.name if owner else "Any"
        if op.kind in ("update", "save", "delete"):
            return "bool"
        if op.unwrap:
            return "Any"
        if op.kind == "download":
            return "int"
        if op.kind == "download_tree":
            return "list[str]"
        if r is None:
            return "None"
        if r.is_list and r.kind in ("complex", "resource"):
            return f"list[{r.name}]"
        return annotation(r, self.resources)

    def _then_class(self, op: ir.Operation) -> str:
        """The class the `then` operation of the returned resource gives."""
        assert op.returns is not None
        target = self.resources.get(op.returns.name)
        found = next((o for o in target.operations if o.name == op.then), None) if target else None
        if found is None or found.returns is None:
            raise ValueError(f"{op.name}: {op.returns.name} has no operation {op.then!r} returning a resource")
        return found.returns.name

    def parse_expr(self, op: ir.Operation) -> str | None:
        r = op.returns
        if r is None or op.kind not in ("action", "function", "get") or op.monitor:
            return None
        if r.name == "bytes" and not r.is_list:
            return None
        path_params = [p for p in op.params if p.location == "path"]
        context = f", {self.context_expr(op, path_params)}" if op.context else ""
        if r.kind == "resource" and not r.is_list and op.returns_first:
            return f"lambda body: {r.name}._factory(self._con, self._child_context(path{context}))(body['value'][0])"
        if r.kind == "resource" and not r.is_list:
            return f"self._parser({r.name}, self._child_context(path{context}))"
        if r.kind == "resource":
            return f"lambda body: [{r.name}._factory(self._con, self._child_context(path{context}))(v) for v in body['value']]"
        if r.kind == "complex" and r.is_list:
            return f"lambda body: [{r.name}.from_api(v) for v in body['value']]"
        if r.kind == "complex":
            return f"{r.name}.from_api"
        if r.name == "json":
            return None
        return "lambda body: body['value']"

    def runtime_classes(self, op: ir.Operation) -> list[str]:
        """Classes from other modules the method body needs at run time."""
        r = op.returns
        if r is not None and r.kind == "resource" and op.kind not in ("refresh", "create", "computed"):
            return [r.name]
        return []

    def local_import_names(self, op: ir.Operation) -> list[str]:
        return self.runtime_classes(op)

    def with_imports(self, text: str, own_module: str) -> str:
        """Replace the imports placeholder with exactly the imports the rendered code uses."""
        runtime_imports: dict[str, set[str]] = {}
        checking: dict[str, set[str]] = {}
        plain: set[str] = set()
        bases = set(re.findall(r"^class \w+\((\w+)\)", text, re.M))
        # A class a method imports for itself needs a module-level import only for annotations.
        local = set(re.findall(r"^\s+from \S+ import (\w+)$", text, re.M))
        in_signatures = set(re.findall(r"\w+", " ".join(
            line for line in text.splitlines() if line.lstrip().startswith("def "))))
        # Enum members (python-o365's AttendeeType.Resource) are names defined, not imported.
        members = set(re.findall(r"^    ([A-Z]\w*) = ", text, re.M))
        for name in _names_used(text.replace(IMPORTS, "")):
            if name in local and name not in in_signatures:
                continue
            if name in members:
                continue
            if name in KNOWN_IMPORTS:
                module, at_runtime = KNOWN_IMPORTS[name]
                if module is None:
                    plain.add(f"import {name}")
                    continue
                (runtime_imports if at_runtime else checking).setdefault(module, set()).add(name)
            elif name in self.resources or name in self.services or name in self.complex or name in self.enums:
                module = self.module_of(name)
                if module == own_module:
                    continue
                at_runtime = module == f"{PACKAGE}.types" or name in bases
                (runtime_imports if at_runtime else checking).setdefault(module, set()).add(name)
        if checking:
            runtime_imports.setdefault("typing", set()).add("TYPE_CHECKING")
        stdlib = {m: n for m, n in runtime_imports.items() if m in STDLIB}
        first_party = {m: n for m, n in runtime_imports.items() if m not in STDLIB}
        lines = sorted(plain)
        lines += [f"from {m} import {', '.join(sorted(n, key=_import_key))}" for m, n in sorted(stdlib.items())]
        lines.append("")
        lines += [f"from {m} import {', '.join(sorted(n, key=_import_key))}" for m, n in sorted(first_party.items())]
        if checking:
            lines += ["", "if TYPE_CHECKING:"]
            lines += [f"    from {m} import {', '.join(sorted(n, key=_import_key))}" for m, n in sorted(checking.items())]
        return text.replace(IMPORTS, "\n".join(lines))


IMPORTS = "# -- imports --"


def _names_used(text: str) -> set[str]:
    """NAME tokens of Python source, leaving out strings, comments and attribute names."""
    names: set[str] = set()
    previous = None
    # Names a method imports locally are not needed at the top of the module.
    text = "\n".join("" if line.lstrip().startswith(("from ", "import ")) else line
                     for line in text.splitlines())
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.NAME and not (previous is not None and previous.string == "."):
            names.add(tok.string)
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = tok
    return names


def _import_key(name: str) -> tuple[int, str]:
    # isort's default: CONSTANTS, then Classes, then functions.
    if name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def _with_resource(signature: str) -> tuple[str, str]:
    """An Account shortcut's signature (the op's plus `resource=`) and the delegated call."""
    extra = "resource: str | None = None"
    parts = signature.split(", ")
    if len(parts) == 1:
        return f"{signature}, {extra}", ""
    if "*" not in parts:
        parts.append("*")
    return ", ".join([*parts, extra]), _call_args(signature)


def _call_args(signature: str) -> str:
    args = []
    keyword = False
    for part in signature.split(", ")[1:]:
        if part == "*":
            keyword = True
            continue
        name = part.split(":")[0].strip()
        args.append(f"{name}={name}" if keyword else name)
    return ", ".join(args)


def _default_summary(op: ir.Operation) -> str:
    target = op.returns.name if op.returns else "the object"
    if op.kind == "update" and (op.sets or op.params):
        return op.name.replace("_", " ").capitalize() + ", sending only the changed fields"
    return {
        "list": f"List {target} items, fetching pages lazily",
        "get": f"Get the {target}",
        "refresh": "Reload this object from Graph",
        "update": "Send the changed fields to Graph",
        "save": "Create this object, or send only its changed fields",
        "delete": "Delete this object",
        "new": f"A new, unsaved {target}",
        "delta": f"Changes to {target} items since a saved delta link",
        "download": "Download the content",
    }.get(op.kind, op.name.replace("_", " ").capitalize())


def _session_expr(session: tuple[tuple[str, object], ...]) -> str:
    """`SessionSettings(...)` source for a resource's `session:` block."""
    values = dict(session)
    args = [f"{key}={_pyrepr(values[key])}" for key in (
        "create", "refresh", "close", "header", "persist_field", "idle_persistent", "idle_transient")]
    codes = values["expired_codes"]
    assert isinstance(codes, tuple)
    args.append(f"expired_codes=frozenset({_pyrepr(tuple(sorted(str(c) for c in codes)))})")
    if "respond_async" in values:
        args.append(f"respond_async={values['respond_async']!r}")
    return "SessionSettings(" + ", ".join(args) + ")"


def _rules(rules: tuple[ir.Rule, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((r.kind, r.paths) for r in rules)


def _enum_members(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(enum_member(v), v) for v in values]


def _map_values(t: ir.TypeRef | None) -> str | None:
    """The annotation of a `map:` type's values (a complex type, or a primitive's Python type)."""
    if t is None:
        return None
    return t.name if t.kind == "complex" else ir.PRIMITIVES.get(t.name, "Any")


def _open_values_expr(spec: ir.OpenValues) -> str:
    """The OpenValuesSpec(...) a resource with `open_values:` carries (generated.o365._runtime.open_values)."""
    kinds = ", ".join(
        f"({facet!r}, ValueKind({kind!r}{''.join(f', {k}={v!r}' for k, v in options)}))"
        for facet, kind, options in spec.kinds)
    extra = "".join(f", {name}={value!r}" for name, value in (
        ("label", spec.label), ("read_only", spec.read_only), ("indexed", spec.indexed),
        ("unindexed_prefer", spec.unindexed_prefer)) if value is not None)
    if spec.id_suffix != "LookupId":
        extra += f", id_suffix={spec.id_suffix!r}"
    return (f"OpenValuesSpec(field={spec.field!r}, definitions={spec.definitions!r}, "
            f"name={spec.name!r}, kinds=({kinds},){extra})")


def _dependency_order(types: tuple[ir.ComplexType, ...]) -> list[ir.ComplexType]:
    """Complex types ordered so that each one comes after the types its fields use."""
    by_name = {t.name: t for t in types}
    done: list[ir.ComplexType] = []
    seen: set[str] = set()

    def visit(t: ir.ComplexType, stack: tuple[str, ...]) -> None:
        if t.name in seen:
            return
        used = [f.type.name for f in t.fields] + ([t.map_values.name] if t.map_values else [])
        for name in used:
            dep = by_name.get(name)
            if dep is not None and dep.name not in stack and dep is not t:
                visit(dep, (*stack, t.name))
        seen.add(t.name)
        done.append(t)

    for t in sorted(types, key=lambda t: t.name):
        visit(t, ())
    return done


def _black(path: str, text: str) -> str:
    try:
        return format_str(text, mode=BLACK_MODE)
    except InvalidInput as exc:  # a template bug: show the source to whoever fixes it
        raise RuntimeError(f"generated {path} is not valid Python ({exc}):\n{text}") from exc


def runtime_module(name: str) -> str:
    """A spec's `runtime.<module>` (o365_modules targets): where that module is imported from."""
    return f"{PACKAGE}._runtime{name[len('runtime'):]}" if name.split(".")[0] == "runtime" else name


def project_version(pyproject: Path = PYPROJECT) -> str:
    """`[project] version` of pyproject.toml: the one place the library's version is written."""
    section = re.search(r"^\[project\]\n(.*?)(?=^\[|\Z)", pyproject.read_text(encoding="utf-8"), re.M | re.S)
    found = re.search(r'^version\s*=\s*"([^"]+)"', section.group(1) if section else "", re.M)
    if not found:
        raise RuntimeError(f"{pyproject}: no `version = \"...\"` in [project]")
    return found.group(1)


def render(specset: ir.SpecSet, version: str | None = None) -> dict[str, str]:
    """Every generated file: {path relative to generated/: text}, plus the manifest.

    `version` (default: pyproject's) is stamped into `generated.o365.__version__` and the manifest.
    """
    version = version or project_version()
    files = _Renderer(specset).render_all()
    files["o365/_version.py"] = (
        "# Generated by `make generate` from pyproject.toml ([project] version). Do not edit.\n"
        '"""The version of the library, from its pyproject.toml."""\n\n'
        f"__version__ = {json.dumps(version)}\n"
    )
    files["MANIFEST.json"] = manifest(specset, files, version)
    return files


def render_docs(specset: ir.SpecSet) -> dict[str, str]:
    env = environment()
    template = env.get_template("reference.md.j2")
    out: dict[str, str] = {}
    renderer = _Renderer(specset)
    for res in specset.resources:
        out[f"{res.name}.md"] = template.render(
            source=res.source, title=res.name, doc=res.doc, graph_type=res.graph_type,
            link=res.link, module=renderer.module_of(res.name), name=res.name,
            fields=res.fields, ops=res.operations, permissions=res.permissions,
            class_aliases=res.aliases, up="../")
    for svc in specset.services:
        out[f"{svc.name}.md"] = template.render(
            source=svc.source, title=svc.name + " (service)", doc=svc.doc, graph_type=None,
            link=None, module=renderer.module_of(svc.name), name=svc.name, fields=(),
            ops=svc.operations, permissions=svc.permissions, class_aliases=(), up="../")
    for ct in specset.complex_types:
        out[f"types/{ct.name}.md"] = template.render(
            source=ct.source, title=ct.name, doc=ct.doc, graph_type=ct.graph_type, link=ct.link,
            module=f"{PACKAGE}.types", name=ct.name, fields=ct.fields, ops=(), permissions=None, class_aliases=(),
            up="../../")
    sections = reference_sections(specset)
    out["README.md"] = reference_index(sections)
    out[".nav.yml"] = reference_nav(sections)
    return out


def reference_sections(specset: ir.SpecSet) -> list[tuple[str, list[tuple[str, str]]]]:
    """The reference pages by area (the spec folder: mail, calendar...), then the shared types.

    [(section title, [(page title, path under docs/reference/)])]: what the index page and the
    docs site's navigation list, in the same order.
    """
    areas: dict[str, list[tuple[str, str]]] = {}
    owners: list[ir.Service | ir.Resource] = [*specset.services, *specset.resources]
    for owner in owners:
        area = owner.module.split(".")[0] if "." in owner.module else "account"
        areas.setdefault(area.replace("_", " ").title(), []).append((owner.name, f"{owner.name}.md"))
    sections = [(title, sorted(pages)) for title, pages in sorted(areas.items())]
    types = sorted((ct.name, f"types/{ct.name}.md") for ct in specset.complex_types)
    return [*sections, ("Types", types)] if types else sections


def reference_index(sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    lines = ["<!-- Generated by `make generate`. Do not edit. -->", "# Reference", "",
             "One page per service, resource and shared type, rendered from the specs.", ""]
    for title, pages in sections:
        lines += [f"## {title}", "", *(f"- [{name}]({path})" for name, path in pages), ""]
    return "\n".join(lines)


def reference_nav(sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """The same list as YAML in mkdocs' `nav` shape, for the docs site (docs/_hooks/)."""
    lines = ["# Generated by `make generate`. Do not edit.", "- Overview: README.md"]
    for title, pages in sections:
        lines.append(f"- {json.dumps(title)}:")
        lines += [f"  - {json.dumps(name)}: {json.dumps(path)}" for name, path in pages]
    return "\n".join(lines) + "\n"


def manifest(specset: ir.SpecSet, files: dict[str, str], version: str) -> str:
    body = {
        "version": version,
        "generator_version": GENERATOR_VERSION,
        "spec_hash": specset.spec_hash,
        "specs": list(specset.files),
        "files": {p: hashlib.sha256(t.encode()).hexdigest()[:16] for p, t in sorted(files.items())},
    }
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def package_links(specs: Path) -> dict[str, Path]:
    """The hand-written packages (and the specs the emulator reads) seen inside the generated
    package: {path relative to generated/: folder it links to}. They are imported by these names
    (`generated.o365._runtime`...), so the wheel, built from generated/ alone, owns nothing at the
    top level of site-packages, and the repository keeps its layout."""
    return {"o365/_runtime": ROOT / "runtime", "o365/emulator": ROOT / "emulator",
            "o365/_generator": ROOT / "generator", "o365/specs": specs.resolve()}


def write_tree(target: Path, files: dict[str, str], links: dict[str, Path] | None = None) -> None:
    """Replace `target` with exactly `files` (and `links`, relative symbolic links to folders),
    atomically enough that a failure leaves the old tree."""
    target = target.resolve()
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=parent))
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for rel, folder in (links or {}).items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            # Relative to where the link will live (staging is target's sibling: same depth).
            path.symlink_to(os.path.relpath(folder, (target / rel).parent), target_is_directory=True)
        old = parent / f".{target.name}.old"
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        if old.exists():
            shutil.rmtree(old)  # unlinks the links; never follows them
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def diff_tree(target: Path, files: dict[str, str], links: dict[str, Path] | None = None) -> list[str]:
    """Paths (relative) that differ between `files` (and `links`) and what is on disk under `target`."""
    stale: list[str] = []
    for rel, folder in sorted((links or {}).items()):
        link = target / rel
        if not link.is_symlink():
            stale.append(f"{rel} (missing link to {os.path.relpath(folder, target.parent)})")
        elif link.resolve() != folder.resolve():
            stale.append(f"{rel} (links to {os.readlink(link)}, not {os.path.relpath(folder, link.parent)})")
    on_disk = set()
    for dirpath, dirnames, filenames in os.walk(target):  # never into a link's folder
        here = Path(dirpath)
        on_disk |= {(here / n).relative_to(target).as_posix() for n in filenames}
        dirnames[:] = [d for d in dirnames if d != "__pycache__" and not (here / d).is_symlink()]
    on_disk -= set(links or {})
    for rel, text in sorted(files.items()):
        path = target / rel
        if not path.exists():
            stale.append(f"{rel} (missing)")
        elif path.read_text(encoding="utf-8") != text:
            stale.append(f"{rel} (differs)")
    for rel in sorted(on_disk - set(files)):
        stale.append(f"{rel} (not generated by the specs)")
    return stale
