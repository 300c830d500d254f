"""What the demo loader hands to each module's `demo.py`, so every module can add its own realistic history.

A module adds demo data by defining, in `coproduce/<app>/demo.py`:

    def populate(ctx: DemoContext) -> None: ...

The loader calls every such function after it has created the communities, people, services and a year of
general activity, in the order of INSTALLED_APPS. Use `ctx.rng` (never `random` directly) so the same seed
always gives the same data, and `ctx.progress(...)` for long loops.
"""

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from coproduce.communities.models import Community, Membership, Organisation, User
from coproduce.coproduction.models import Service

T = TypeVar("T")


@dataclass
class DemoCommunity:
    community: Community
    kind: str  # "timebank", "family", "youth_court" (more may come)
    coordinator: Membership
    members: list[Membership] = field(default_factory=list)  # active members, citizens and professionals
    admin: Membership | None = None
    applicants: list[Membership] = field(default_factory=list)  # applications still waiting for a decision
    services: dict[str, Service] = field(default_factory=dict)  # by name: "Time bank", "Family link-ups", ...
    organisations: list[Organisation] = field(default_factory=list)
    neighbourhoods: list[str] = field(default_factory=list)

    @property
    def citizens(self) -> list[Membership]:
        return [m for m in self.members if m.kind == Membership.Kind.CITIZEN]

    @property
    def professionals(self) -> list[Membership]:
        return [m for m in self.members if m.kind == Membership.Kind.PROFESSIONAL]


@dataclass
class DemoContext:
    rng: random.Random
    now: dt.datetime
    communities: dict[str, DemoCommunity]
    large: bool = False  # True for benchmark sizes: prefer bulk_create over service calls
    show_progress: bool = True
    seed: int = 0
    accounts: dict[str, User] = field(default_factory=dict)  # the documented demo logins: admin, coordinator, member

    def by_kind(self, kind: str) -> list[DemoCommunity]:
        return [c for c in self.communities.values() if c.kind == kind]

    def progress(self, iterable: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
        if not self.show_progress:
            yield from iterable
            return
        from tqdm import tqdm

        yield from tqdm(iterable, total=total, desc=desc, unit="rows", leave=False)

    def day_in_past_year(self) -> dt.datetime:
        return self.now - dt.timedelta(
            days=self.rng.randint(0, 364), hours=self.rng.randint(0, 10), minutes=self.rng.choice((0, 15, 30, 45))
        )
