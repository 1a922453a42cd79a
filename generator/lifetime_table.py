"""The table behind the subscription checks: each subscribable resource and Graph's limits for it.

Every `subscribe` operation with a `resource:` template contributes one rule: the template
(with `{self}` spelled out as its owner's path), Graph's maximum lifetime in minutes, the
maximum when notifications carry resource data, and the change types Graph accepts. The runtime
(`generated.o365._runtime.subscriptions`) matches a resource string the caller wrote
(`subscriptions.create(url, "me/mailFolders('inbox')/messages")`) against these templates,
and the emulator checks what it is sent against the same rules.
"""

from __future__ import annotations

from . import ir

# (template, max lifetime, max lifetime with resource data or None, change types)
Rule = tuple[str, int, "int | None", tuple[str, ...]]


def lifetime_rules(specset: ir.SpecSet) -> list[Rule]:
    """The rules of every spec, sorted and without duplicates."""
    rules: set[Rule] = set()
    owners: list[tuple[ir.Resource | ir.Service, str | None]] = [
        *((r, r.path) for r in specset.resources), *((s, None) for s in specset.services)]
    for owner, own_path in owners:
        for op in owner.operations:
            found = op.subscribe
            if found is None or found.resource is None or found.max_lifetime is None:
                continue
            template = found.resource
            if own_path is not None:
                template = template.replace("{self}", own_path)
            rules.add((template, found.max_lifetime, found.max_lifetime_with_data,
                       found.change_types))
    return sorted(rules, key=repr)  # a total order: same specs, same bytes
