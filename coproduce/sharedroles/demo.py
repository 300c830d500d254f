"""Demo data for shared roles: Oak House, a care home where residents, families, volunteers and staff share the
work of the place, with a year of shifts, committee meetings and decisions.

People are written in bulk (a new community needs them before anything else); roles, recorded shifts, credits and
meetings go through the service functions, so activities, contributions, ledger transfers and audit rows are
exactly what the product itself would write.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from coproduce.communities.models import Community, Membership, User
from coproduce.demo.context import DemoCommunity, DemoContext
from coproduce.sharedroles import services
from coproduce.sharedroles.models import PlaceMember, PlaceRole, Shift, ShiftSignup

SLUG = "oak-house"
HISTORY_DAYS = 364
UNUSABLE = make_password(None)  # these residents never sign in; a coordinator acts for them
TZ = "Europe/London"
_FIRST_NAMES = (
    "Agnes Albert Beryl Cyril Dorothy Edna Ernest Florence Frank Gladys Harold Ivy Jean Kenneth Lilian "
    "Mabel Norman Olive Percy Queenie Ronald Sylvia Stanley Vera Walter Winifred Amira Ben Chloe Dev Ella "
    "Farah Grace Hassan Isla Jon Kemi Liam Maya Nadia Oscar Priya Rosa Sami Tom Yusuf Zofia"
)
_LAST_NAMES = (
    "Abbott Begum Carter Davies Evans Fletcher Green Hughes Iqbal Jones Khan Lewis Morgan Nowak Okafor "
    "Patel Quinn Roberts Singh Taylor Turner Walsh Young"
)
FIRST_NAMES = _FIRST_NAMES.split()
LAST_NAMES = _LAST_NAMES.split()
# (place role, how many, membership kind)
PEOPLE = (
    (PlaceRole.RESIDENT, 26, Membership.Kind.CITIZEN),
    (PlaceRole.FAMILY, 12, Membership.Kind.CITIZEN),
    (PlaceRole.VOLUNTEER, 6, Membership.Kind.CITIZEN),
    (PlaceRole.STAFF, 14, Membership.Kind.PROFESSIONAL),
)


@dataclass(frozen=True)
class Slot:
    """A shift that repeats every week: weekdays (0 = Monday), start hour, length in minutes, places."""

    role: str
    weekdays: tuple[int, ...]
    hour: int
    minutes: int
    capacity: int
    months: tuple[int, ...] = tuple(range(1, 13))


ROLES = (
    # name, area, risk, supervision, description, allowed (residents, families, staff, volunteers)
    (
        "Kitchen: lunch preparation",
        "kitchen",
        "medium",
        "alongside_staff",
        "Peeling, chopping, laying tables and serving lunch, alongside the cook.",
        (True, True, True, True),
    ),
    (
        "Baking club",
        "kitchen",
        "medium",
        "staff_led",
        "Cakes for the afternoon tea, led by a member of staff.",
        (True, True, True, True),
    ),
    (
        "Garden",
        "garden",
        "low",
        "independent",
        "Watering, weeding and the raised vegetable beds.",
        (True, True, True, True),
    ),
    (
        "Library",
        "library",
        "low",
        "independent",
        "Lending books, the talking-book shelf and the reading hour.",
        (True, True, True, True),
    ),
    (
        "Welcome desk",
        "welcome",
        "low",
        "independent",
        "Greeting visitors, signing them in and showing them round.",
        (True, True, True, True),
    ),
    (
        "Outings",
        "activities",
        "medium",
        "staff_led",
        "Trips to the market, the seaside and the garden centre.",
        (True, True, True, True),
    ),
    (
        "Medication round",
        "care",
        "high",
        "independent",
        "Giving out medicines and recording them.",
        (False, False, True, False),
    ),
    (
        "Personal care",
        "care",
        "high",
        "independent",
        "Washing, dressing and help at the toilet.",
        (False, False, True, False),
    ),
)
SLOTS = (
    Slot("Kitchen: lunch preparation", (0, 2, 4), 10, 120, 4),
    Slot("Baking club", (3,), 14, 90, 5),
    Slot("Garden", (1, 4), 14, 120, 5, months=(3, 4, 5, 6, 7, 8, 9, 10)),
    Slot("Library", (2,), 10, 90, 2),
    Slot("Welcome desk", (5, 6), 13, 180, 2),
    Slot("Medication round", (0, 3), 8, 60, 2),
)
COMMITTEES = (
    ("Residents' council", "How Oak House is run: rooms, routines, visitors and the budget.", 28, PlaceRole.RESIDENT),
    ("Menu committee", "What we eat, when we eat, and who cooks it.", 35, PlaceRole.RESIDENT),
    ("Garden committee", "The garden, the chickens and what we grow.", 42, PlaceRole.FAMILY),
)
PROPOSALS = (
    "Fish and chips on Fridays",
    "Breakfast served until ten",
    "A piano in the lounge",
    "Visitors welcome at any hour",
    "Residents choose the paint for the hallway",
    "Keep chickens in the garden",
    "A monthly curry night",
    "Grow tomatoes in the raised beds",
    "Stop the television in the dining room",
    "A quiet room with no radio",
    "Residents interview new staff",
    "Sunday roast with families once a month",
    "Replace the plastic cups",
    "A bird feeder outside every window",
    "Move tea time to half past three",
    "A staff and residents quiz team",
    "Start a choir",
    "A bench by the front door",
    "Cook one dish from each resident's home country",
    "Open the library on Saturdays",
)


def populate(ctx: DemoContext) -> None:
    if Community.objects.filter(slug=SLUG).exists():
        return
    tz = zoneinfo.ZoneInfo(TZ)
    founded = ctx.now - dt.timedelta(days=3 * 365)
    community = Community.objects.create(
        slug=SLUG,
        name="Oak House care home",
        timezone=TZ,
        description="A care home with no staff room: residents, families, volunteers and staff share the work.",
    )
    people = _create_people(ctx, community, founded)
    coordinator = next(m for m, _role in people if m.role == Membership.Role.COORDINATOR)
    demo = DemoCommunity(
        community=community,
        kind="care_home",
        coordinator=coordinator,
        members=[m for m, _role in people],
        admin=next(m for m, _role in people if m.role == Membership.Role.ADMIN),
    )
    ctx.communities[SLUG] = demo
    by_role: dict[str, list[Membership]] = {}
    for membership, place_role in people:
        by_role.setdefault(place_role, []).append(membership)
    # The community chose to reward hours with time credits from the start.
    services.settings_update(actor=coordinator, community=community, credits_enabled=True)
    templates = {}
    for name, area, risk, supervision, description, allowed in ROLES:
        templates[name] = services.template_create(
            actor=coordinator,
            community=community,
            name=name,
            area=area,
            risk_level=risk,
            supervision=supervision,
            description=description,
            allow_residents=allowed[0],
            allow_families=allowed[1],
            allow_staff=allowed[2],
            allow_volunteers=allowed[3],
        )
    today = timezone.localtime(ctx.now, tz).date()
    first_day = today - dt.timedelta(days=HISTORY_DAYS)
    _past_shifts(ctx, community, coordinator, templates, by_role, first_day, today, tz)
    _upcoming_shifts(ctx, community, coordinator, templates, by_role, today, tz)
    _committees(ctx, community, coordinator, by_role, first_day, tz)


def _create_people(ctx: DemoContext, community: Community, founded: dt.datetime) -> list[tuple[Membership, str]]:
    rng = ctx.rng
    accounts = ctx.accounts
    rows: list[tuple[Membership, str]] = []
    number = 0
    for key, role, kind, place_role in (
        ("admin", Membership.Role.ADMIN, Membership.Kind.PROFESSIONAL, PlaceRole.STAFF),
        ("coordinator", Membership.Role.COORDINATOR, Membership.Kind.PROFESSIONAL, PlaceRole.STAFF),
        ("member", Membership.Role.MEMBER, Membership.Kind.CITIZEN, PlaceRole.FAMILY),
    ):
        if key in accounts:
            number += 1
            rows.append(
                (
                    Membership(
                        community=community,
                        user=accounts[key],
                        role=role,
                        kind=kind,
                        status=Membership.Status.ACTIVE,
                        member_number=number,
                        joined_at=founded,
                        decided_at=founded,
                    ),
                    place_role,
                )
            )
    if not rows:  # run on its own, without the demo accounts: the home still needs someone to coordinate it
        user = User.objects.create_user(email=None, name="Oak House manager")
        number += 1
        rows.append(
            (
                Membership(
                    community=community,
                    user=user,
                    role=Membership.Role.ADMIN,
                    kind=Membership.Kind.PROFESSIONAL,
                    status=Membership.Status.ACTIVE,
                    member_number=number,
                    joined_at=founded,
                ),
                PlaceRole.STAFF,
            )
        )
    users, planned = [], []
    for place_role, count, kind in PEOPLE:
        for _ in range(count):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            joined = founded + dt.timedelta(days=rng.randint(0, 700))
            # Many residents have no email: a coordinator acts for them.
            brokered = place_role == PlaceRole.RESIDENT and rng.random() < 0.6
            users.append(User(name=name, email=None, password=UNUSABLE, date_joined=joined))
            planned.append((place_role, kind, joined, brokered))
    User.objects.bulk_create(users)
    for user, (place_role, kind, joined, brokered) in zip(users, planned, strict=True):
        number += 1
        role = (
            Membership.Role.COORDINATOR if place_role == PlaceRole.STAFF and number % 7 == 0 else Membership.Role.MEMBER
        )
        rows.append(
            (
                Membership(
                    community=community,
                    user=user,
                    role=role,
                    kind=kind,
                    status=Membership.Status.ACTIVE,
                    member_number=number,
                    joined_at=joined,
                    decided_at=joined,
                    is_brokered=brokered,
                ),
                place_role,
            )
        )
    Membership.objects.bulk_create([m for m, _r in rows])
    PlaceMember.objects.bulk_create([PlaceMember(community=community, membership=m, place_role=r) for m, r in rows])
    return rows


def _crew(ctx: DemoContext, template, capacity: int, by_role: dict[str, list[Membership]]) -> list[Membership]:
    rng = ctx.rng
    staff = by_role[PlaceRole.STAFF]
    if template.is_personal_care:
        return rng.sample(staff, min(capacity, rng.randint(1, 2)))
    crew: list[Membership] = []
    if template.needs_staff or rng.random() < 0.4:
        crew.append(rng.choice(staff))
    others = by_role[PlaceRole.RESIDENT] * 3 + by_role[PlaceRole.FAMILY] + by_role[PlaceRole.VOLUNTEER] * 2
    wanted = rng.randint(1, max(1, capacity - len(crew)))
    for person in rng.sample(others, min(len(others), wanted * 2)):
        if len(crew) >= capacity or len(crew) > wanted:
            break
        if person not in crew and template.allows(_role_of(person, by_role)):
            crew.append(person)
    return crew


def _role_of(membership: Membership, by_role: dict[str, list[Membership]]) -> str:
    return next(role for role, people in by_role.items() if membership in people)


def _occurrences(first_day: dt.date, last_day: dt.date, slot: Slot, tz) -> list[dt.datetime]:
    days = []
    day = first_day
    while day <= last_day:
        if day.weekday() in slot.weekdays and day.month in slot.months:
            days.append(dt.datetime.combine(day, dt.time(slot.hour), tzinfo=tz))
        day += dt.timedelta(days=1)
    return days


def _past_shifts(ctx, community, coordinator, templates, by_role, first_day, today, tz) -> None:
    starts = [
        (start, slot) for slot in SLOTS for start in _occurrences(first_day, today - dt.timedelta(days=1), slot, tz)
    ]
    outings = [
        dt.datetime.combine(first_day + dt.timedelta(days=30 * i + 12), dt.time(10), tzinfo=tz)
        for i in range((today - first_day).days // 30)
    ]
    starts += [(start, Slot("Outings", (), 10, 300, 8)) for start in outings]
    starts.sort(key=lambda pair: pair[0])
    for start, slot in ctx.progress(starts, total=len(starts), desc="shared roles: shifts"):
        template = templates[slot.role]
        crew = _crew(ctx, template, slot.capacity, by_role)
        # Shifts in the past were signed up for at the time; the rows are written as they were then.
        shift = Shift.objects.create(
            community=community,
            template=template,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=slot.minutes),
            capacity=slot.capacity,
            location=_location(template.area),
        )
        ShiftSignup.objects.bulk_create(
            [
                ShiftSignup(
                    community=community,
                    shift=shift,
                    membership=m,
                    place_role=_role_of(m, by_role),
                    signed_up_by=coordinator.user if m.is_brokered else m.user,
                )
                for m in crew
            ]
        )
        if ctx.rng.random() < 0.03:
            services.shift_cancel(
                actor=coordinator,
                community=community,
                shift_id=shift.pk,
                reason=ctx.rng.choice(
                    ("Heavy rain", "Norovirus outbreak: the home is closed to visitors", "Fire drill")
                ),
            )
            continue
        worked = [m for m in crew if ctx.rng.random() > 0.08] or crew[:1]
        services.shift_record(
            actor=coordinator,
            community=community,
            shift_id=shift.pk,
            worked=[
                services.WorkInput(m.pk, max(15, slot.minutes - ctx.rng.choice((0, 0, 0, 15, 30)))) for m in worked
            ],
        )


def _location(area: str) -> str:
    return {
        "kitchen": "Kitchen",
        "garden": "Walled garden",
        "library": "Library",
        "welcome": "Front hall",
        "care": "Residents' rooms",
        "activities": "Minibus",
    }.get(area, "")


def _upcoming_shifts(ctx, community, coordinator, templates, by_role, today, tz) -> None:
    """Two weeks ahead, with places left, so a visitor can sign up and see refusals explained."""
    for slot in SLOTS:
        for start in _occurrences(today + dt.timedelta(days=1), today + dt.timedelta(days=14), slot, tz):
            shift = services.shift_create(
                actor=coordinator,
                community=community,
                template_id=templates[slot.role].pk,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=slot.minutes),
                capacity=slot.capacity,
                location=_location(templates[slot.role].area),
            )
            crew = _crew(ctx, templates[slot.role], slot.capacity - 1, by_role)
            # Staff sign up first, as the rule asks, then the others.
            crew.sort(key=lambda m: _role_of(m, by_role) != PlaceRole.STAFF)
            for person in crew:
                services.shift_signup(
                    actor=coordinator, community=community, shift_id=shift.pk, membership_id=person.pk
                )


def _committees(ctx, community, coordinator, by_role, first_day, tz) -> None:
    rng = ctx.rng
    everyone = by_role[PlaceRole.RESIDENT] + by_role[PlaceRole.FAMILY] + by_role[PlaceRole.STAFF]
    for name, purpose, every_days, chair_role in COMMITTEES:
        chair = rng.choice([m for m in by_role[chair_role] if m.role == Membership.Role.MEMBER])
        members = rng.sample([m for m in everyone if m != chair], 7)
        committee = services.committee_create(
            actor=coordinator,
            community=community,
            name=name,
            purpose=purpose,
            member_ids=[m.pk for m in members],
            chair_id=chair.pk,
        )
        day = first_day + dt.timedelta(days=rng.randint(0, every_days))
        last = timezone.localtime(ctx.now, tz).date() - dt.timedelta(days=1)
        while day <= last:
            came = [chair] + [m for m in members if rng.random() < 0.75]
            decisions = [
                services.DecisionInput(text, "adopted" if rng.random() < 0.7 else "declined")
                for text in rng.sample(PROPOSALS, rng.choice((0, 1, 1, 2, 3)))
            ]
            # The chair records the meeting themselves when they can use the platform.
            actor = coordinator if chair.is_brokered else chair
            services.committee_meeting_record(
                actor=actor,
                community=community,
                committee_id=committee.pk,
                held_at=dt.datetime.combine(day, dt.time(15), tzinfo=tz),
                duration_minutes=rng.choice((45, 60, 75, 90)),
                attendee_ids=[m.pk for m in came],
                decisions=decisions,
            )
            day += dt.timedelta(days=every_days)
