"""Deterministic seed data: a realistic Contoso tenant, one function per resource area.

Simple records come from the specs' `emulator: seed:` rows (`seed_spec_rows`): the
well-known mail folders, a mailbox's preset categories, a user's default To Do list. What
YAML cannot say (users with managers and sign-in, messages built from the people, a
meeting series) comes from a seeder function, which runs only when the graph type it fills
is served: in a behaviours module, ``@seeder("microsoft.graph.message")`` (or append to
`SEEDERS`). The same seed number gives the same ids and values on every run.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from generated.o365._generator import ir

from .families import Family, families_by_type
from .identity import EmulatedUser, IdentityPlatform
from .ids import IdFactory
from .store import Store

__all__ = ["DOMAIN", "PASSWORD", "PEOPLE", "SEEDERS", "SeedContext", "Seeder", "complete_new",
           "seed_spec_rows", "seed_tenant", "seeder"]

DOMAIN = "contoso.onmicrosoft.com"
PASSWORD = "P@ssw0rd!"

# (given name, surname, job title, department, manager's given name or None)
PEOPLE: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("Patti", "Fernandez", "President", "Executive Management", None),
    ("Megan", "Bowen", "Marketing Manager", "Marketing", "Patti"),
    ("Alex", "Wilber", "Marketing Assistant", "Marketing", "Megan"),
    ("Adele", "Vance", "Retail Manager", "Retail", "Patti"),
    ("Lee", "Gu", "Director", "Manufacturing", "Patti"),
    ("Isaiah", "Langer", "Sales Rep", "Sales", "Lee"),
    ("Lidia", "Holloway", "Product Manager", "Engineering", "Lee"),
    ("Nestor", "Wilke", "Director", "Operations", "Patti"),
    ("Johanna", "Lorenz", "Senior Engineer", "Engineering", "Lidia"),
    ("Pradeep", "Gupta", "Accountant", "Finance", "Nestor"),
    ("Grady", "Archie", "Designer", "Research & Development", "Lidia"),
    ("Diego", "Siciliani", "HR Manager", "HR", "Nestor"),
)
OFFICES = ("18/2111", "20/1101", "19/3123", "131/1104", "12/1110", "24/1106")


@dataclass
class SeedContext:
    store: Store
    identity: IdentityPlatform
    served_types: frozenset[str]
    seed: int
    rng: random.Random = field(init=False)
    user_ids: dict[str, str] = field(default_factory=dict)  # UPN -> id, for later seeders
    specset: ir.SpecSet | None = None  # for the specs' seed rows

    def __post_init__(self) -> None:
        self.rng = random.Random(f"seed-{self.seed}")

    @property
    def ids(self) -> IdFactory:
        return self.store.ids


def upn(given_name: str) -> str:
    return f"{given_name.lower()}@{DOMAIN}"


def seed_directory(ctx: SeedContext) -> None:
    """Users with managers and direct reports, registered with the identity platform."""
    by_name: dict[str, str] = {}
    for given, surname, title, department, _manager in PEOPLE:
        phone = f"+1 425 555 {ctx.rng.randrange(100, 9999):04d}"
        record = ctx.store.insert("microsoft.graph.user", "", {
            "businessPhones": [phone],
            "displayName": f"{given} {surname}",
            "givenName": given,
            "surname": surname,
            "jobTitle": title,
            "department": department,
            "mail": upn(given),
            "mailNickname": given.lower(),
            "userPrincipalName": upn(given),
            "mobilePhone": None,
            "officeLocation": ctx.rng.choice(OFFICES),
            "preferredLanguage": "en-US",
            "companyName": "Contoso",
            "usageLocation": "US",
            "userType": "Member",
            "accountEnabled": True,
            "city": "Redmond",
            "state": "WA",
            "country": "United States",
            "createdDateTime": f"2021-0{1 + len(by_name) % 9}-1{len(by_name) % 10}T09:00:00Z",
        }, id_style="guid")
        by_name[given] = record.id
        ctx.user_ids[upn(given)] = record.id
        ctx.identity.add_user(EmulatedUser(upn(given), PASSWORD, user_id=record.id,
                                           display_name=f"{given} {surname}"))
    for given, _surname, _title, _department, manager in PEOPLE:
        if manager is not None:
            ctx.store.set_links(by_name[given], "manager", [by_name[manager]])
            ctx.store.add_link(by_name[manager], "directReports", by_name[given])


PLACEHOLDER = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)\}$")


def complete_new(resource: ir.Resource | None, known: frozenset[str], data: dict[str, Any],
                 now: str | None = None) -> dict[str, Any]:
    """What Graph fills in on create: the spec's `emulator: defaults` for what `data` leaves
    out, and the creation and modification times where the type has them."""
    for name, value in resource.emulator.defaults if resource is not None else ():
        data.setdefault(name, copy.deepcopy(value))
    stamp = now or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in ("createdDateTime", "lastModifiedDateTime"):
        if name in known:
            data.setdefault(name, stamp)
    return data


def child_link(resource: ir.Resource) -> str:
    """The link a parent lists this resource's entities under: the path's segment before
    the id (`{resource}/todo/lists/{list_id}/tasks/{id}` -> tasks)."""
    segments = (resource.path or "").split("/")
    return segments[-2] if len(segments) > 1 else ""


def seed_spec_rows(ctx: SeedContext) -> None:
    """The specs' `emulator: seed:` rows, into each user's scope (or the tenant's).

    Ids are drawn first, so a row may name any other row of its scope ("{inbox}") and its
    parent, whatever the order of the files. A row with `well_known` is also found by that
    name; a row with `parent` is linked under that row as its child.
    """
    if ctx.specset is None:
        return
    families = families_by_type(ctx.specset)
    seeded = [r for r in ctx.specset.resources if r.emulator.seed]
    owners = sorted(ctx.user_ids.values())
    for scope_kind, scopes in (("user", [f"users/{o}" for o in owners]), ("tenant", [""])):
        rows = [(r, row) for r in seeded if r.emulator.seed_scope == scope_kind
                for row in r.emulator.seed]
        for scope in scopes:
            _seed_scope(ctx.store, scope, rows, families)


def _seed_scope(store: Store, scope: str, rows: list[tuple[ir.Resource, ir.SeedRow]],
                families: dict[str, Family]) -> None:
    owner = scope.partition("/")[2]
    ids: dict[str, str] = {"owner": owner}
    planned = []
    for resource, row in rows:
        family = families[resource.graph_type]
        new_id = owner if row.id == "{owner}" else row.id or store.ids.new(family.id_style)
        if row.ref is not None:
            ids[row.ref] = new_id
        planned.append((resource, row, new_id))

    def resolve(value: Any) -> Any:
        if isinstance(value, str):
            found = PLACEHOLDER.match(value)
            return ids.get(found.group(1), value) if found else value
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return value

    for resource, row, new_id in planned:
        known = frozenset(f.graph_name for f in resource.fields)
        data = complete_new(resource, known, {"id": new_id, **resolve(dict(row.data))},
                            now="2024-01-01T08:00:00Z")
        record = store.insert(resource.graph_type, scope, data)
        if row.well_known is not None:
            store.add_alias(resource.graph_type, scope, row.well_known, record.id)
        if row.parent is not None:
            store.add_link(ids[row.parent], row.under or child_link(resource), record.id)


Seeder = Callable[[SeedContext], None]
# (graph type that must be served, seeder), run in order: users first, then the specs'
# rows (which may live in each user's scope), then the behaviours' seeders.
SEEDERS: list[tuple[str, Seeder]] = [
    ("microsoft.graph.user", seed_directory),
    ("microsoft.graph.user", seed_spec_rows),
]


def seeder(graph_type: str) -> Callable[[Seeder], Seeder]:
    """Register the decorated function to seed when `graph_type` is served (once, in order
    of registration; a module imported twice does not seed twice)."""
    if not isinstance(graph_type, str) or not graph_type.startswith("microsoft.graph."):
        raise ValueError("graph_type must be a name like 'microsoft.graph.message'")

    def register(function: Seeder) -> Seeder:
        name = f"{function.__module__}.{function.__qualname__}"
        if not any(f"{f.__module__}.{f.__qualname__}" == name and t == graph_type
                   for t, f in SEEDERS):
            SEEDERS.append((graph_type, function))
        return function

    return register


def seed_tenant(ctx: SeedContext) -> list[str]:
    """Run every seeder whose resource is served; returns the names that ran.

    Behaviour modules are imported first, so the seeders they register take part.
    """
    from . import behaviours

    behaviours.load_all()
    ran = []
    for graph_type, seeder in SEEDERS:
        if graph_type in ctx.served_types:
            seeder(ctx)
            ran.append(seeder.__name__)
    return ran


def register_identities(ctx: SeedContext) -> None:
    """After loading a persisted tenant, sign-in works again for its users."""
    for record in ctx.store.items("microsoft.graph.user", ""):
        name = record.data.get("userPrincipalName")
        if isinstance(name, str) and "@" in name:
            ctx.identity.add_user(EmulatedUser(name, PASSWORD, user_id=record.id,
                                               display_name=str(record.data.get("displayName")
                                                                or "")))
            ctx.user_ids[name.lower()] = record.id
