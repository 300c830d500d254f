"""Demo data for the time bank: categories, listings and a year of exchanges in every time-bank community.

The default size goes through the service functions, so the demo exercises the same rules as real use;
benchmark sizes (`ctx.large`) create listings in bulk and post exchanges to the ledger in atomic batches.
"""

import contextlib
import datetime as dt

from django.db import transaction

from coproduce.communities.models import Membership
from coproduce.communities.selectors import member_has_valid_check
from coproduce.core.errors import DomainError
from coproduce.demo.context import DemoCommunity, DemoContext
from coproduce.timebank import services
from coproduce.timebank.models import Category, Exchange, Listing
from coproduce.timebank.services.posting import post_exchanges_batch
from coproduce.timebank.services.search_index import reindex_community

CATEGORIES = {
    "Home and garden": [
        ("offer", "Help in the garden", "Weeding, pruning and mowing; I bring my own tools.", "garden, outdoors"),
        ("request", "Someone to mow my lawn", "Small lawn, every other week in summer.", "garden"),
        ("offer", "Putting up shelves", "I have a drill and a spirit level.", "diy, repairs"),
    ],
    "Computers and phones": [
        ("offer", "Setting up a new phone", "Contacts, photos and video calls with family.", "phones, computers"),
        ("request", "Help with online banking", "I would like to pay bills online safely.", "computers, money"),
        ("offer", "Video calls with family", "I can show you how to call your grandchildren.", "phones, video"),
    ],
    "Company and care": [
        ("offer", "A cup of tea and a chat", "Weekly visits for anyone who would like company.", "company, visits"),
        ("request", "Someone to read to me", "My eyesight is going; I miss the newspaper.", "reading, company"),
        ("offer", "Walks in the park", "A gentle walk, at your pace.", "walking, outdoors"),
    ],
    "Transport": [
        ("offer", "Lifts to appointments", "I drive and have a free morning most weeks.", "lifts, hospital"),
        ("request", "Lift to the supermarket", "Once a fortnight, with the shopping.", "lifts, shopping"),
    ],
    "Cooking": [
        ("offer", "Batch cooking lessons", "Cook five meals in an afternoon, together.", "cooking, food"),
        ("offer", "Baking for events", "Cakes for community events and birthdays.", "baking, events"),
        ("request", "Learn to cook on a budget", "Simple meals for one.", "cooking, budget"),
    ],
    "Learning and languages": [
        ("offer", "English conversation practice", "Relaxed conversation over coffee.", "english, language"),
        ("offer", "Spanish for beginners", "Weekly half-hour sessions.", "spanish, language"),
        ("request", "Help with a job application", "Cover letter and CV.", "jobs, writing"),
    ],
    "Children and families": [
        ("offer", "Homework club helper", "Maths and reading help for primary children.", "children, homework"),
        ("offer", "Babysitting in the evening", "Experienced parent, happy to help.", "children, babysitting"),
    ],
    "Admin and forms": [
        ("offer", "Filling in forms", "Benefits, council and housing forms.", "forms, letters"),
        ("request", "Understanding a letter", "A letter from the council I cannot make sense of.", "letters"),
    ],
    "Repairs and DIY": [
        ("offer", "Bicycle repairs", "Punctures, brakes and gears.", "bikes, repairs"),
        ("offer", "Mending clothes", "Hems, buttons and zips.", "sewing, repairs"),
    ],
}
# Work with children or alone with someone at home needs a background check.
NEEDS_CHECK = {"Children and families"}
COMMENTS = ["", "", "Thank you so much!", "Lovely afternoon.", "Will do it again next month.", "Very helpful."]


def _actor_for(dc: DemoCommunity, member: Membership) -> tuple[Membership, dict]:
    """Members who need help to use the platform act through their coordinator."""
    if member.is_brokered and member.pk != dc.coordinator.pk:
        return dc.coordinator, {"membership_id": member.pk}
    return member, {}


def _categories(dc: DemoCommunity) -> dict[str, Category]:
    existing = {c.name: c for c in Category.objects.filter(community=dc.community)}
    for name in CATEGORIES:
        if name not in existing:
            existing[name] = services.category_create(actor=dc.coordinator, community=dc.community, name=name)
    return existing


def _listing_plan(ctx: DemoContext, dc: DemoCommunity, categories: dict[str, Category]) -> list[tuple]:
    plan = []
    for member in dc.members:
        for _n in range(ctx.rng.choice((0, 1, 1, 2, 2, 3))):
            name = ctx.rng.choice(list(CATEGORIES))
            kind, title, description, tags = ctx.rng.choice(CATEGORIES[name])
            needs_check = name in NEEDS_CHECK
            if needs_check and (
                kind != "offer" or not member_has_valid_check(community=dc.community, membership=member)
            ):
                continue
            plan.append((member, categories[name], kind, title, description, tags, needs_check))
    return plan


def _listings_by_services(dc: DemoCommunity, plan: list[tuple]) -> list[Listing]:
    listings = []
    for member, category, kind, title, description, tags, needs_check in plan:
        actor, extra = _actor_for(dc, member)
        listings.append(
            services.listing_create(
                actor=actor,
                community=dc.community,
                kind=kind,
                category_id=category.pk,
                title=title,
                description=description,
                tags=tags,
                needs_check=needs_check,
                **extra,
            )
        )
    return listings


def _listings_in_bulk(dc: DemoCommunity, plan: list[tuple]) -> list[Listing]:
    Listing.objects.bulk_create(
        [
            Listing(
                community=dc.community,
                membership=member,
                category=category,
                kind=kind,
                title=title,
                description=description,
                tags=tags,
                neighbourhood=member.neighbourhood,
                needs_check=needs_check,
            )
            for member, category, kind, title, description, tags, needs_check in plan
        ],
        batch_size=1000,
    )
    reindex_community(dc.community)
    return list(Listing.objects.filter(community=dc.community).select_related("membership", "category"))


class _Balances:
    """Keeps demo exchanges inside the default limits, so none is refused by the ledger."""

    def __init__(self, community) -> None:
        self.floor = community.default_floor_minutes + 60
        self.ceiling = community.default_ceiling_minutes - 60
        self.balance: dict[int, int] = {}

    def allows(self, provider: Membership, receiver: Membership, minutes: int) -> bool:
        return (
            self.balance.get(receiver.pk, 0) - minutes >= self.floor
            and self.balance.get(provider.pk, 0) + minutes <= self.ceiling
        )

    def move(self, provider: Membership, receiver: Membership, minutes: int) -> None:
        self.balance[receiver.pk] = self.balance.get(receiver.pk, 0) - minutes
        self.balance[provider.pk] = self.balance.get(provider.pk, 0) + minutes


def _pairs(ctx: DemoContext, dc: DemoCommunity, listings: list[Listing], count: int):
    """(listing, responder, provider, receiver, minutes, day) for `count` plausible exchanges."""
    balances = _Balances(dc.community)
    people = [m for m in dc.members if m.pk != dc.coordinator.pk] or dc.members
    made = 0
    for _attempt in range(count * 4):
        if made >= count or not listings:
            break
        listing = ctx.rng.choice(listings)
        responder = ctx.rng.choice(people)
        if responder.pk == listing.membership_id:
            continue
        owner = listing.membership
        if owner is None:
            continue
        provider, receiver = (owner, responder) if listing.kind == Listing.Kind.OFFER else (responder, owner)
        if listing.needs_check and not member_has_valid_check(community=dc.community, membership=provider):
            continue
        minutes = ctx.rng.choice((30, 45, 60, 60, 60, 90, 120, 120, 180))
        if not balances.allows(provider, receiver, minutes):
            continue
        balances.move(provider, receiver, minutes)
        made += 1
        yield listing, responder, provider, receiver, minutes, ctx.day_in_past_year()


def _backdate(exchange: Exchange, day: dt.datetime) -> None:
    # Demo history only: the services stamp "now"; a year of history needs its days spread out.
    Exchange.objects.filter(pk=exchange.pk).update(
        created_at=day - dt.timedelta(days=3),
        accepted_at=day - dt.timedelta(days=2),
        recorded_at=day if exchange.recorded_at else None,
        confirmed_at=day + dt.timedelta(days=1) if exchange.confirmed_at else None,
        updated_at=day + dt.timedelta(days=1),
    )


def _exchanges_by_services(ctx: DemoContext, dc: DemoCommunity, listings: list[Listing], count: int) -> int:
    community, made = dc.community, 0
    pairs = list(_pairs(ctx, dc, listings, count))
    for n, (listing, responder, provider, receiver, minutes, day) in enumerate(
        ctx.progress(pairs, total=len(pairs), desc=f"{community.slug} exchanges")
    ):
        # The most recent few stop part-way, so every queue and page has something in it.
        stop = ("proposed", "accepted", "recorded", "disputed")[n % 4] if n >= len(pairs) - 12 else "confirmed"
        try:
            actor, extra = _actor_for(dc, responder)
            exchange = services.exchange_respond(
                actor=actor, community=community, listing_id=listing.pk, message="", **extra
            )
            if stop != "proposed":
                owner_actor, _extra = _actor_for(dc, listing.membership)
                exchange = services.exchange_accept(actor=owner_actor, community=community, exchange_id=exchange.pk)
            if stop in ("recorded", "disputed", "confirmed"):
                provider_actor, _extra = _actor_for(dc, provider)
                occurred = day if stop == "confirmed" else ctx.now - dt.timedelta(days=1)
                exchange = services.exchange_record(
                    actor=provider_actor,
                    community=community,
                    exchange_id=exchange.pk,
                    minutes=minutes,
                    occurred_at=occurred,
                    comment=ctx.rng.choice(COMMENTS),
                )
            receiver_actor, _extra = _actor_for(dc, receiver)
            if stop == "disputed":
                services.exchange_dispute(
                    actor=receiver_actor,
                    community=community,
                    exchange_id=exchange.pk,
                    reason="It was shorter than that.",
                )
            elif stop == "confirmed":
                exchange = services.exchange_confirm(actor=receiver_actor, community=community, exchange_id=exchange.pk)
                _backdate(exchange, day)
        except DomainError:
            continue
        made += 1
    return made


def _exchanges_in_bulk(ctx: DemoContext, dc: DemoCommunity, listings: list[Listing], count: int) -> int:
    community = dc.community
    pairs = list(_pairs(ctx, dc, listings, count))
    made = 0
    chunks = [pairs[i : i + 200] for i in range(0, len(pairs), 200)]
    for number, chunk in enumerate(ctx.progress(chunks, total=len(chunks), desc=f"{community.slug} exchanges")):
        with transaction.atomic():
            exchanges = Exchange.objects.bulk_create(
                [
                    Exchange(
                        community=community,
                        listing=listing,
                        category=listing.category,
                        title=listing.title,
                        needs_check=listing.needs_check,
                        provider=provider,
                        receiver=receiver,
                        status=Exchange.Status.RECORDED,
                        minutes=minutes,
                        occurred_at=day,
                        created_at=day,
                        accepted_at=day,
                        recorded_at=day,
                        recorded_by=dc.coordinator.user,
                        comment=ctx.rng.choice(COMMENTS),
                    )
                    for listing, _responder, provider, receiver, minutes, day in chunk
                ]
            )
            for exchange in exchanges:
                exchange.community = community
            post_exchanges_batch(exchanges, actor=dc.coordinator, idempotency_key=f"demo-{community.pk}-{number}")
            for exchange in exchanges:
                exchange.status = Exchange.Status.CONFIRMED
                exchange.confirmed_at = exchange.occurred_at
                exchange.confirmed_by = dc.coordinator.user
            Exchange.objects.bulk_update(exchanges, ["status", "confirmed_at", "confirmed_by", "transfer", "activity"])
        made += len(exchanges)
    return made


def _fund_and_groups(ctx: DemoContext, dc: DemoCommunity, categories: dict[str, Category]) -> None:
    community, coordinator = dc.community, dc.coordinator
    citizens = [m for m in dc.citizens if m.pk != coordinator.pk]
    for donor in ctx.rng.sample(citizens, k=min(6, len(citizens))):
        actor, extra = _actor_for(dc, donor)
        try:
            services.fund_donate(
                actor=actor,
                community=community,
                minutes=60,
                note="For neighbours who need it",
                idempotency_key=f"demo-donation-{donor.pk}",
                **extra,
            )
        except DomainError:
            continue
    recipients = [m for m in citizens if m.is_brokered] or citizens
    for recipient in recipients[:2]:
        try:
            services.fund_allocate(
                actor=coordinator,
                community=community,
                minutes=90,
                membership_id=recipient.pk,
                reason="Help after a hospital stay",
                idempotency_key=f"demo-grant-{recipient.pk}",
            )
        except DomainError:
            continue
    if len(citizens) >= 6:
        teacher, *learners = ctx.rng.sample(citizens, k=6)
        with contextlib.suppress(DomainError):
            services.group_exchange_create(
                actor=coordinator,
                community=community,
                mode="one_to_many",
                category_id=categories["Cooking"].pk,
                title="Batch cooking workshop",
                one_membership_id=teacher.pk,
                idempotency_key=f"demo-group-{community.pk}",
                legs=[services.GroupLeg(minutes=60, membership_id=m.pk) for m in learners],
                occurred_at=ctx.now - dt.timedelta(days=20),
            )


def populate(ctx: DemoContext) -> None:
    for dc in ctx.by_kind("timebank"):
        if not dc.members:
            continue
        categories = _categories(dc)
        plan = _listing_plan(ctx, dc, categories)
        listings = _listings_in_bulk(dc, plan) if ctx.large else _listings_by_services(dc, plan)
        listings = [listing for listing in listings if listing.membership_id is not None]
        count = len(dc.members) * (12 if ctx.large else 2)
        if ctx.large:
            _exchanges_in_bulk(ctx, dc, listings, count)
        else:
            _exchanges_by_services(ctx, dc, listings, count)
        _fund_and_groups(ctx, dc, categories)
