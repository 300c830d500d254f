"""Deterministic demo data: the same seed (and the same day) always gives the same communities, people and history.

Three communities — a neighbourhood time bank, a family peer-support programme and a youth court — with members,
their assets and checks, organisations, services and a year of activity in all four phases. Then every module
that has a `demo.py` adds its own history through `populate(ctx)` (see coproduce/demo/context.py).

Rows are written in batches of a few thousand (coproduce/demo/bulk.py, a lean bulk_create) inside one transaction,
so `--members 100000` takes minutes, not hours; the organisations and services go through their service
functions, so the audit log shows how a community was set up.
"""

import datetime as dt
import importlib
import importlib.util
import random
import time
import unicodedata
import zoneinfo
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from coproduce.communities.models import Asset, Check, Community, Membership, User
from coproduce.communities.services import organisation_create
from coproduce.coproduction.domain import LadderStep
from coproduce.coproduction.models import Activity, Contribution
from coproduce.coproduction.services import service_create
from coproduce.demo import data
from coproduce.demo.bulk import insert_objects, insert_rows
from coproduce.demo.context import DemoCommunity, DemoContext
from coproduce.demo.patterns import DECISIONS, GATHERINGS, PATTERNS, REVIEWS, TRAININGS, Pattern

DEMO_PASSWORD = "coproduce-demo"  # noqa: S105 - documented demo accounts for local use only
DEMO_ACCOUNTS = (
    # key, email, name, role, kind
    ("admin", "admin@example.org", "Alex Admin", Membership.Role.ADMIN, Membership.Kind.PROFESSIONAL),
    (
        "coordinator",
        "coordinator@example.org",
        "Cora Coordinator",
        Membership.Role.COORDINATOR,
        Membership.Kind.PROFESSIONAL,
    ),
    ("member", "member@example.org", "Mo Member", Membership.Role.MEMBER, Membership.Kind.CITIZEN),
)
MIN_MEMBERS = 30
LARGE_FROM = 2000  # at this size modules are told to prefer bulk writes
USER_BATCH = 5000  # people are generated, written and counted on the progress bar in chunks of this size
ACTIVITY_BATCH = 2000  # activities are written once this many wait, then their contributions
UNUSABLE_PASSWORD = "!demo-no-password"  # noqa: S105 - "!" marks it unusable; these people never sign in


@dataclass(frozen=True)
class CommunitySpec:
    slug: str
    name: str
    description: str
    kind: str
    share: float  # of all members
    professional_share: float
    hour_value: Decimal


COMMUNITIES = (
    CommunitySpec(
        "riverside-timebank",
        "Riverside Time Bank",
        "Neighbours exchanging help, an hour for an hour.",
        "timebank",
        0.5,
        0.08,
        Decimal("15.00"),
    ),
    CommunitySpec(
        "family-by-family",
        "Family by Family",
        "Families who have come through tough times supporting families going through them.",
        "family",
        0.3,
        0.12,
        Decimal("22.50"),
    ),
    CommunitySpec(
        "youth-court",
        "Northside Youth Court",
        "A youth court whose jurors are young people who once stood before it.",
        "youth_court",
        0.2,
        0.15,
        Decimal("18.00"),
    ),
)
DEMO_SLUGS = tuple(spec.slug for spec in COMMUNITIES)

CHECK_TITLES = {
    Check.Kind.REFERENCE: {
        "timebank": "Personal reference",
        "family": "Two personal references",
        "youth_court": "Reference from school or employer",
    },
    Check.Kind.BACKGROUND: {
        "timebank": "Enhanced background check",
        "family": "Enhanced background check",
        "youth_court": "Enhanced background check",
    },
    Check.Kind.TRAINING: {
        "timebank": "Safeguarding training",
        "family": "Sharing family training",
        "youth_court": "Juror training",
    },
}
# (kind, share of citizens, share of professionals, validity in days or None)
CHECK_RULES = {
    "timebank": (
        (Check.Kind.REFERENCE, 0.15, 0.5, None),
        (Check.Kind.BACKGROUND, 0.08, 0.9, 3 * 365),
        (Check.Kind.TRAINING, 0.1, 0.9, 2 * 365),
    ),
    "family": (
        (Check.Kind.BACKGROUND, 0.35, 0.95, 3 * 365),
        (Check.Kind.TRAINING, 0.35, 0.9, 2 * 365),
        (Check.Kind.REFERENCE, 0.2, 0.3, None),
    ),
    "youth_court": ((Check.Kind.TRAINING, 0.4, 0.9, 365), (Check.Kind.BACKGROUND, 0.05, 0.95, 3 * 365)),
}
DEMO_MEMBER_ASSETS = {
    "timebank": (
        (Asset.Kind.SKILL, "Cooking for groups"),
        (Asset.Kind.SKILL, "Computer help"),
        (Asset.Kind.INTEREST, "Local history"),
        (Asset.Kind.RESOURCE, "A car for lifts"),
    ),
    "family": ((Asset.Kind.LIVED_EXPERIENCE, "Bringing up children alone"), (Asset.Kind.SKILL, "Budgeting")),
    "youth_court": (
        (Asset.Kind.LIVED_EXPERIENCE, "Went through the youth court myself"),
        (Asset.Kind.INTEREST, "Football"),
    ),
}


class DemoDataExists(Exception):
    pass


@dataclass(slots=True)
class _Person:
    """A membership before it is written: who, where they stand and since when."""

    name: str
    kind: str
    status: str
    since: dt.datetime  # joined, or applied for applicants and declined people
    role: str = Membership.Role.MEMBER
    user: User | None = None
    brokered: bool = False
    decided_at: dt.datetime | None = None
    reason: str = ""
    message: str = ""
    language: str = "en"


@dataclass
class _Pool:
    """People of one kind in a community, ordered by joining day, with cumulative activity weights so that a
    few "usual suspects" take part far more often than most."""

    members: list[Membership] = field(default_factory=list)
    joined: list[int] = field(default_factory=list)  # ordinal day each joined
    cumulative: list[float] = field(default_factory=list)

    def add(self, membership: Membership, day: int, weight: float) -> None:
        self.members.append(membership)
        self.joined.append(day)
        self.cumulative.append((self.cumulative[-1] if self.cumulative else 0.0) + weight)

    def pick(self, rng: random.Random, day: int) -> Membership | None:
        available = bisect_right(self.joined, day)
        if not available:
            return None
        x = rng.random() * self.cumulative[available - 1]
        return self.members[min(bisect_right(self.cumulative, x, 0, available), available - 1)]


def demo_data_exists() -> bool:
    return (
        Community.objects.filter(slug__in=DEMO_SLUGS).exists()
        or User.objects.filter(email__in=[a[1] for a in DEMO_ACCOUNTS]).exists()
    )


def load_demo(
    *,
    members: int = 300,
    seed: int = 2026,
    now: dt.datetime | None = None,
    stdout=None,
    show_progress: bool = True,
    with_modules: bool = True,
) -> str:
    """Create the demo communities and a year of their history; return a one-line summary with the time taken.

    `members` counts memberships across the three communities, including the three demo accounts in each.
    Dates are relative to `now` (by default the start of the current hour), so the same seed on the same day
    gives the same data.
    """
    if members < MIN_MEMBERS:
        raise ValueError(f"At least {MIN_MEMBERS} members are needed for three communities.")
    started = time.perf_counter()
    now = now or timezone.now().replace(minute=0, second=0, microsecond=0)
    log = _writer(stdout)
    with _without_query_log(), transaction.atomic():
        if demo_data_exists():
            raise DemoDataExists("Demo data is already present; load it into an empty database.")
        builder = _Builder(seed=seed, now=now, total=members, show_progress=show_progress, log=log)
        ctx = builder.build()
        if with_modules:
            populate_modules(ctx, seed=seed, log=log)
    elapsed = time.perf_counter() - started
    slugs = list(ctx.communities)  # modules may add communities of their own
    counts = [model.objects.filter(community__slug__in=slugs).count() for model in (Membership, Activity, Contribution)]
    return (
        f"Demo data loaded: {len(slugs)} communities, {counts[0]:,} members, {counts[1]:,} activities, "
        f"{counts[2]:,} contributions in {elapsed:.1f} s (seed {seed})."
    )


@contextmanager
def _without_query_log() -> Iterator[None]:
    # With DEBUG on (`make run`), Django logs every statement with all its parameters formatted, which costs
    # more than the inserts themselves.
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


def _writer(stdout) -> Callable[[str], None]:
    if stdout is None:
        return lambda _message: None
    return stdout.write


def demo_modules() -> list[tuple[str, Any]]:
    """(app label, module) for every installed Coproduce app with a `demo` module, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("coproduce.") or config.name == "coproduce.demo":
            continue
        name = f"{config.name}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, "populate", None)):
            found.append((config.label, module))
    return found


def populate_modules(ctx: DemoContext, *, seed: int, log: Callable[[str], None]) -> None:
    for label, module in demo_modules():
        # Each module draws from its own generator, so one module's changes never shift another's data.
        ctx.rng = random.Random(f"{seed}:{label}")
        started = time.perf_counter()
        module.populate(ctx)
        log(f"  {label}.demo: {time.perf_counter() - started:.1f} s")


class _Builder:
    def __init__(
        self, *, seed: int, now: dt.datetime, total: int, show_progress: bool, log: Callable[[str], None]
    ) -> None:
        self.log = log
        self.stage_started = time.perf_counter()
        self.rng = random.Random(seed)
        self.seed = seed
        self.now = now
        self.today = timezone.localtime(now).date()
        self.year_start = self.today - dt.timedelta(days=364)
        self.total = total
        self.show_progress = show_progress
        self.email_numbers = iter(range(1, 10**9))
        self.password_hash = make_password(DEMO_PASSWORD)  # hashed once, for the three demo accounts

    def stage_done(self, name: str) -> None:
        now = time.perf_counter()
        self.log(f"  {name}: {now - self.stage_started:.1f} s")
        self.stage_started = now

    @contextmanager
    def bar(self, total: int, desc: str, unit: str) -> Iterator[Any]:
        if not self.show_progress:
            yield _NoBar()
            return
        from tqdm import tqdm

        with tqdm(total=total, desc=desc, unit=unit, leave=False, dynamic_ncols=True) as progress:
            yield progress

    def build(self) -> DemoContext:
        accounts = self.create_accounts()
        sizes = self.sizes()
        communities: dict[str, DemoCommunity] = {}
        with self.bar(self.total, "members", "members") as progress:
            for spec, size in zip(COMMUNITIES, sizes, strict=True):
                communities[spec.slug] = self.create_community(spec, size, accounts, communities, progress)
        self.stage_done("people")
        for spec in COMMUNITIES:
            demo = communities[spec.slug]
            self.create_organisations_and_services(spec, demo)
            self.create_assets(spec, demo)
            self.create_checks(spec, demo)
        self.stage_done("organisations, services, assets and checks")
        self.create_activities(communities)
        self.stage_done("a year of activity")
        return DemoContext(
            rng=self.rng,
            now=self.now,
            communities=communities,
            large=self.total >= LARGE_FROM,
            show_progress=self.show_progress,
            seed=self.seed,
            accounts=accounts,
        )

    def sizes(self) -> list[int]:
        sizes = [round(self.total * spec.share) for spec in COMMUNITIES]
        sizes[0] += self.total - sum(sizes)
        return sizes

    # People ------------------------------------------------------------------------------------------------

    def create_accounts(self) -> dict[str, User]:
        from allauth.account.models import EmailAddress

        joined = self.at(self.year_start - dt.timedelta(days=730), 10)
        users = {}
        for key, email, name, _role, _kind in DEMO_ACCOUNTS:
            users[key] = User.objects.create(
                email=email,
                name=name,
                password=self.password_hash,
                date_joined=joined,
                is_staff=key == "admin",
                is_superuser=key == "admin",
            )
            EmailAddress.objects.create(user=users[key], email=email, verified=True, primary=True)
        return users

    def at(self, day: dt.date, hour: int, minute: int = 0, tz: str = "Europe/London") -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(tz))

    def random_name(self) -> str:
        return f"{self.rng.choice(data.FIRST_NAMES)} {self.rng.choice(data.LAST_NAMES)}"

    def email_for(self, name: str) -> str:
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
        local = ".".join("".join(ch for ch in part if ch.isalnum()) for part in plain.split())
        return f"{local}.{next(self.email_numbers)}@example.org"

    def people_for(self, spec: CommunitySpec, count: int, communities: dict[str, DemoCommunity]) -> list[_Person]:
        rng = self.rng
        people: list[_Person] = []
        # A few neighbours from the time bank also take part in the family programme: one login, two communities.
        if spec.kind == "family" and "riverside-timebank" in communities:
            candidates = [
                m
                for m in communities["riverside-timebank"].citizens
                if m.member_number > len(DEMO_ACCOUNTS) and m.user.email
            ]
            for membership in rng.sample(candidates, min(len(candidates), count // 50)):
                people.append(
                    _Person(
                        name=membership.user.name,
                        kind=Membership.Kind.CITIZEN,
                        status=Membership.Status.ACTIVE,
                        user=membership.user,
                        since=self.at(self.year_start + dt.timedelta(days=rng.randint(0, 300)), 11),
                    )
                )
        forced_applications = [2, 10, 16]  # days ago: one fresh application and two overdue ones
        while len(people) < count:
            kind = Membership.Kind.PROFESSIONAL if rng.random() < spec.professional_share else Membership.Kind.CITIZEN
            person = _Person(
                name=self.random_name(),
                kind=kind,
                status=Membership.Status.ACTIVE,
                since=self.now,
                language="es" if rng.random() < 0.08 else "en",
            )
            draw = rng.random()
            if forced_applications or draw < 0.03:
                days = forced_applications.pop(0) if forced_applications else rng.uniform(0.5, 21)
                person.status = Membership.Status.APPLIED
                person.since = self.now - dt.timedelta(days=days, hours=rng.randint(0, 8))
                person.message = rng.choice(data.APPLICATION_MESSAGES)
            elif draw < 0.04:
                person.status = Membership.Status.DECLINED
                person.since = self.at(self.year_start + dt.timedelta(days=rng.randint(0, 350)), 15)
                person.decided_at = person.since + dt.timedelta(days=rng.randint(1, 6))
                person.reason = rng.choice(data.DECLINE_REASONS)
                person.message = rng.choice(data.APPLICATION_MESSAGES)
            else:
                if draw < 0.047:
                    person.status = Membership.Status.SUSPENDED
                elif draw < 0.06:
                    person.status = Membership.Status.LEFT
                # Most members were there before the year began; the rest join through it.
                if rng.random() < 0.7:
                    day = self.year_start - dt.timedelta(days=rng.randint(1, 3 * 365))
                else:
                    day = self.year_start + dt.timedelta(days=rng.randint(0, 360))
                person.since = self.at(day, rng.randint(9, 19))
                person.brokered = kind == Membership.Kind.CITIZEN and rng.random() < 0.03
            people.append(person)
        # Member numbers follow the order people joined or applied in.
        people.sort(key=lambda p: p.since)
        coordinators = max(1, min(len(people) // 80, 30))
        for person in people:
            if (
                coordinators
                and person.kind == Membership.Kind.PROFESSIONAL
                and person.status == Membership.Status.ACTIVE
            ):
                person.role = Membership.Role.COORDINATOR
                coordinators -= 1
        return people

    def create_community(
        self, spec: CommunitySpec, size: int, accounts: dict[str, User], communities: dict[str, DemoCommunity], progress
    ) -> DemoCommunity:
        rng = self.rng
        community = Community.objects.create(
            slug=spec.slug, name=spec.name, description=spec.description, hour_value=spec.hour_value
        )
        neighbourhoods = data.NEIGHBOURHOODS[spec.kind]
        founded = self.at(self.year_start - dt.timedelta(days=730), 10)
        demo_memberships = Membership.objects.bulk_create(
            [
                Membership(
                    community=community,
                    user=accounts[key],
                    role=role,
                    kind=kind,
                    status=Membership.Status.ACTIVE,
                    member_number=number,
                    joined_at=founded,
                    decided_at=founded,
                    neighbourhood=neighbourhoods[0],
                    availability="Weekday evenings",
                )
                for number, (key, _email, _name, role, kind) in enumerate(DEMO_ACCOUNTS, start=1)
            ]
        )
        progress.update(len(demo_memberships))
        people = self.people_for(spec, size - len(demo_memberships), communities)
        memberships: list[Membership] = list(demo_memberships)
        backdated: list[Membership] = []
        number = len(demo_memberships)
        for start in range(0, len(people), USER_BATCH):
            chunk = people[start : start + USER_BATCH]
            new_users = []
            for person in chunk:
                if person.user is None:
                    person.user = User(
                        name=person.name,
                        email=None if person.brokered else self.email_for(person.name),
                        password=UNUSABLE_PASSWORD,
                        date_joined=person.since,
                        preferred_language=person.language,
                    )
                    new_users.append(person.user)
            insert_objects(new_users)
            rows = []
            for person in chunk:
                number += 1
                active_since = person.status in (
                    Membership.Status.ACTIVE,
                    Membership.Status.SUSPENDED,
                    Membership.Status.LEFT,
                )
                membership = Membership(
                    community=community,
                    user=person.user,
                    kind=person.kind,
                    role=person.role,
                    status=person.status,
                    member_number=number,
                    is_brokered=person.brokered,
                    application_message=person.message,
                    decision_reason=person.reason,
                    decided_at=person.since if active_since else person.decided_at,
                    joined_at=person.since if active_since else None,
                    bio=rng.choice(data.BIOS) if rng.random() < 0.35 else "",
                    neighbourhood=rng.choice(neighbourhoods),
                    availability=rng.choice(data.AVAILABILITY) if rng.random() < 0.8 else "",
                    phone=f"07700 900{rng.randint(0, 999):03d}" if person.brokered else "",
                )
                rows.append(membership)
            insert_objects(rows)
            for person, membership in zip(chunk, rows, strict=True):
                if person.status in (Membership.Status.APPLIED, Membership.Status.DECLINED):
                    membership.created_at = person.since
                    backdated.append(membership)
            memberships.extend(rows)
            progress.update(len(chunk))
        # created_at is set on insert; applications keep the day they were made, so overdue ones show as overdue.
        Membership.objects.bulk_update(backdated, ["created_at"], batch_size=500)
        active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
        return DemoCommunity(
            community=community,
            kind=spec.kind,
            coordinator=demo_memberships[1],
            members=active,
            admin=demo_memberships[0],
            applicants=[m for m in memberships if m.status == Membership.Status.APPLIED],
            neighbourhoods=list(neighbourhoods),
        )

    # What people bring and what they have been checked for ----------------------------------------------------

    def create_organisations_and_services(self, spec: CommunitySpec, demo: DemoCommunity) -> None:
        admin = demo.admin or demo.coordinator
        for name, description in data.ORGANISATIONS[spec.kind]:
            demo.organisations.append(
                organisation_create(actor=admin, community=demo.community, name=name, description=description)
            )
        for name, description in data.SERVICES[spec.kind]:
            demo.services[name] = service_create(
                actor=admin, community=demo.community, name=name, description=description
            )

    def create_assets(self, spec: CommunitySpec, demo: DemoCommunity) -> None:
        rng = self.rng
        choices: dict[str, Sequence[str]] = {
            Asset.Kind.SKILL: data.SKILLS,
            Asset.Kind.INTEREST: data.INTERESTS,
            Asset.Kind.RESOURCE: data.RESOURCES,
            Asset.Kind.LIVED_EXPERIENCE: data.LIVED_EXPERIENCE[spec.kind],
        }
        kinds = (
            [Asset.Kind.SKILL] * 9
            + [Asset.Kind.INTEREST] * 5
            + [Asset.Kind.RESOURCE] * 3
            + [Asset.Kind.LIVED_EXPERIENCE] * (6 if spec.kind != "timebank" else 3)
        )
        rows: list[tuple[int, int, str, str, str]] = []
        for membership in demo.members:
            if membership.user.email == "member@example.org":
                picked = list(DEMO_MEMBER_ASSETS[spec.kind])
            elif membership.member_number <= len(DEMO_ACCOUNTS):
                continue
            else:
                picked = []
                for _ in range(rng.choice((0, 1, 1, 2, 2, 2, 3, 4))):
                    kind = rng.choice(kinds)
                    picked.append((kind, rng.choice(choices[kind])))
            seen = set()
            for kind, title in picked:
                if title not in seen:
                    seen.add(title)
                    rows.append((demo.community.pk, membership.pk, kind, title, ""))
        insert_rows(Asset, ("community_id", "membership_id", "kind", "title", "description"), rows)

    def create_checks(self, spec: CommunitySpec, demo: DemoCommunity) -> None:
        rng = self.rng
        recorder = demo.coordinator.user
        rows: list[Check] = []
        dated: list[Check] = []
        for membership in demo.members:
            professional = membership.kind == Membership.Kind.PROFESSIONAL
            for kind, citizen_share, professional_share, validity in CHECK_RULES[spec.kind]:
                if rng.random() >= (professional_share if professional else citizen_share):
                    continue
                check = Check(
                    community=demo.community,
                    membership=membership,
                    kind=kind,
                    title=CHECK_TITLES[kind][spec.kind],
                    recorded_by=recorder,
                )
                draw = rng.random()
                if draw < 0.08:
                    check.status = Check.Status.PENDING
                else:
                    check.status = Check.Status.FAILED if draw < 0.11 else Check.Status.PASSED
                    check.checked_on = self.today - dt.timedelta(days=rng.randint(1, validity or 3 * 365))
                    if validity and check.status == Check.Status.PASSED:
                        check.expires_on = check.checked_on + dt.timedelta(days=validity)
                        dated.append(check)
                rows.append(check)
        # Coordinators should always find a few checks about to expire and one that already has.
        for offset, check in zip((6, 13, 27, -9), dated[:4], strict=False):
            check.expires_on = self.today + dt.timedelta(days=offset)
            check.checked_on = min(check.checked_on or check.expires_on, check.expires_on) - dt.timedelta(days=365)
        insert_objects(rows)

    # A year of activity ---------------------------------------------------------------------------------------

    def pools_for(self, demo: DemoCommunity) -> tuple[_Pool, _Pool]:
        rng = self.rng
        citizens, professionals = _Pool(), _Pool()
        for membership in sorted(demo.members, key=lambda m: (m.joined_at, m.member_number)):
            weight = min(rng.paretovariate(1.1), 60.0)
            if rng.random() < 0.25:
                weight *= 0.15  # people who come once in a while
            email = membership.user.email or ""
            if email == "member@example.org":
                weight = 20.0
            elif email == "coordinator@example.org":
                weight = 15.0
            day = timezone.localtime(membership.joined_at).date().toordinal() if membership.joined_at else 0
            pool = professionals if membership.kind == Membership.Kind.PROFESSIONAL else citizens
            pool.add(membership, day, weight)
        return citizens, professionals

    def create_activities(self, communities: dict[str, DemoCommunity]) -> None:
        weeks = 52
        with self.bar(weeks * len(communities), "a year of activity", "weeks") as progress:
            for demo in communities.values():
                citizens, professionals = self.pools_for(demo)
                scale = len(demo.members) / 100
                pending: list[tuple[Activity, list[tuple[int, str, int]]]] = []
                for week in range(weeks):
                    for pattern in PATTERNS[demo.kind]:
                        expected = pattern.per_week * scale
                        count = int(expected) + (1 if self.rng.random() < expected - int(expected) else 0)
                        for _ in range(count):
                            made = self.activity(demo, pattern, week, citizens, professionals)
                            if made:
                                pending.append(made)
                    if len(pending) >= ACTIVITY_BATCH:
                        self.write_activities(demo, pending)
                        pending = []
                    progress.update(1)
                self.write_activities(demo, pending)

    def activity(
        self, demo: DemoCommunity, pattern: Pattern, week: int, citizens: _Pool, professionals: _Pool
    ) -> tuple[Activity, list[tuple[int, str, int]]] | None:
        rng = self.rng
        week_start = self.year_start + dt.timedelta(days=7 * week)
        day = week_start + dt.timedelta(days=(pattern.weekday - week_start.weekday()) % 7)
        if day >= self.today:
            return None
        t = (day - self.year_start).days / 364  # 0 a year ago, 1 today
        ordinal = day.toordinal()
        used: set[int] = set()
        contributions: list[tuple[int, str, int]] = []
        for group in pattern.groups:
            share = group.citizen_share[0] + (group.citizen_share[1] - group.citizen_share[0]) * t
            low, high = group.minutes
            for _ in range(rng.randint(*group.count)):
                pool = citizens if rng.random() < share else professionals
                for _attempt in range(4):
                    person = pool.pick(rng, ordinal)
                    if person is not None and person.pk not in used:
                        used.add(person.pk)
                        minutes = low if high == low else rng.randrange(low, high + 1, 15)
                        contributions.append((person.pk, group.role, minutes))
                        break
        if not contributions:
            return None
        ladder = None
        if pattern.ladder:
            mean = pattern.ladder[0] + (pattern.ladder[1] - pattern.ladder[0]) * t
            ladder = max(LadderStep.COERCING, min(LadderStep.CO_PRODUCING, round(rng.gauss(mean, 0.8))))
        words = {
            "menu": rng.choice(data.MENUS),
            "topic": rng.choice(data.TOPICS[demo.kind]),
            "project": rng.choice(data.PROJECTS),
            "decision": rng.choice(DECISIONS[demo.kind]),
            "review": rng.choice(REVIEWS),
            "training": rng.choice(TRAININGS),
            "gathering": rng.choice(GATHERINGS),
        }
        activity = Activity(
            community=demo.community,
            service=demo.services[pattern.service],
            kind=pattern.kind,
            phase=pattern.phase,
            ladder_step=ladder,
            title=pattern.title.format(**words),
            occurred_at=self.at(day, pattern.hour, rng.choice((0, 0, 30)), demo.community.timezone),
            location=rng.choice(data.LOCATIONS[demo.kind]),
            recorded_by=demo.coordinator.user,
        )
        return activity, contributions

    def write_activities(self, demo: DemoCommunity, pending: list[tuple[Activity, list[tuple[int, str, int]]]]) -> None:
        if not pending:
            return
        insert_objects([activity for activity, _ in pending])
        community_id = demo.community.pk
        insert_rows(
            Contribution,
            ("community_id", "activity_id", "membership_id", "role", "minutes"),
            (
                (community_id, activity.pk, membership_id, role, minutes)
                for activity, contributions in pending
                for membership_id, role, minutes in contributions
            ),
        )


class _NoBar:
    def update(self, _n: int = 1) -> None:
        return None
