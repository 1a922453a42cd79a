"""The table behind the 401/403 hint: which permission each Graph call of the specs needs.

Every operation that sends a request contributes one rule: its path template (with `{self}`
spelled out, raw path parameters marked `{name*}`), its HTTP method, the permissions its spec
gives it (`permissions:` on the operation), and the read/write permissions of the resource it
returns, else of its owner (the resource or service). A resource with a path also contributes
its own path for every method, so objects reached through `{parent}` are covered. The runtime
(`generated.o365._runtime.permissions`) matches a failed request's path against these templates.
"""

from __future__ import annotations

import re

from . import ir
from .loader import LOCAL_KINDS

# (template, method or "*", the operation's own grant, owner's read grant, owner's write grant);
# a grant is (delegated, application or None).
Grant = tuple[str, str | None]
Rule = tuple[str, str, Grant | None, Grant, Grant]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def permission_rules(specset: ir.SpecSet) -> list[Rule]:
    """The rules of every spec, sorted and without duplicates."""
    by_name = {r.name: r for r in specset.resources}
    rules: set[Rule] = set()
    owners: list[tuple[ir.Resource | ir.Service, str | None]] = [
        *((r, r.path) for r in specset.resources), *((s, None) for s in specset.services)]
    for owner, own_path in owners:
        if isinstance(owner, ir.Resource) and own_path and owner.permissions is not None:
            read, write = _pair(owner.permissions)
            if _named(own_path):
                rules.add((own_path, "*", None, read, write))
            attachments = dict(owner.attachments).get("path")
            if isinstance(attachments, str) and _named(attachments.replace("{self}", own_path)):
                rules.add((attachments.replace("{self}", own_path), "*", None, read, write))
        for op in owner.operations:
            for variant in (op, *(v for _, v in op.unless)):
                rules.update(_op_rules(variant, owner, own_path, by_name))
    return sorted(rules, key=repr)  # a total order: same specs, same bytes


def _op_rules(op: ir.Operation, owner: ir.Resource | ir.Service, own_path: str | None,
              by_name: dict[str, ir.Resource]) -> list[Rule]:
    if op.kind in LOCAL_KINDS or op.kind == "download_tree":
        return []
    if op.kind == "subscribe":
        # POST subscriptions needs read access to the subscribed resource, which the path
        # does not show: one template, many resources, so no hint rather than a wrong one.
        return []
    # A call that reads or makes objects needs their rights (`new`: save() POSTs it here).
    target = by_name.get(op.returns.name) if op.returns and op.returns.kind == "resource" else None
    permissions = (target.permissions if target is not None else None) or owner.permissions
    if permissions is None and op.permissions is None:
        return []
    read, write = _pair(permissions) if permissions is not None else (_grant(op.permissions),) * 2
    own = _grant(op.permissions) if op.permissions is not None else None
    raw = {p.python_name for p in op.params if p.raw}
    upload = dict(op.upload)
    targets: list[tuple[str, str]] = [(op.path, "POST" if op.kind == "new" else op.http_method)]
    targets += [(alt, op.http_method) for _, alt in op.path_when]
    targets += [(str(upload[k]), m) for k, m in (("simple", "PUT" if upload.get("style") == "drive"
                                                   else "POST"), ("session", "POST")) if k in upload]
    out = []
    for template, method in targets:
        if own_path is not None:
            template = template.replace("{self}", own_path)
        for name in raw:
            template = template.replace("{" + name + "}", "{" + name + "*}")
        if _named(template):
            out.append((template, method, own, read, write))
    return out


def _named(template: str) -> bool:
    """Does the template name anything (`{parent}/{id}` alone would match every path)?"""
    return any(c.isalpha() for c in PLACEHOLDER.sub("", template))


def _pair(permissions: ir.Permissions) -> tuple[Grant, Grant]:
    return _grant(permissions.read), _grant(permissions.write)


def _grant(grant: ir.Grant | None) -> Grant:
    assert grant is not None
    return (grant.delegated, grant.application)
