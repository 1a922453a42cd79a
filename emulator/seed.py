"""Deterministic seed data: a realistic Contoso tenant, one function per resource area.

Each seeder runs only when the graph type it fills is served (its spec exists), so areas
added later (mail, calendar, files) register a function and nothing else changes: in a
behaviours module, ``@seeder("microsoft.graph.message")`` (or append to `SEEDERS`).
The same seed number gives the same ids and values on every run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from .identity import EmulatedUser, IdentityPlatform
from .ids import IdFactory
from .store import Store

__all__ = ["DOMAIN", "PASSWORD", "PEOPLE", "SEEDERS", "SeedContext", "Seeder", "seed_tenant",
           "seeder"]

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


Seeder = Callable[[SeedContext], None]
# (graph type that must be served, seeder), run in order.
SEEDERS: list[tuple[str, Seeder]] = [
    ("microsoft.graph.user", seed_directory),
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
