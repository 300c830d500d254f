"""Time-bank fixtures: a category, listings, and exchanges brought to any state through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.communities.models import Check, Membership
from coproduce.core.testing import make_member
from coproduce.timebank import services
from coproduce.timebank.models import Category, Exchange, Listing


@pytest.fixture
def category(community, coordinator) -> Category:
    return services.category_create(actor=coordinator, community=community, name="Home and garden")


@pytest.fixture
def offer(community, member, category) -> Listing:
    """Mo offers help with gardening."""
    return services.listing_create(
        actor=member,
        community=community,
        kind="offer",
        category_id=category.pk,
        title="Help with gardening",
        description="Weeding, digging and mowing.",
        tags="garden, outdoors",
    )


@pytest.fixture
def request_listing(community, other_member, category) -> Listing:
    """Olu asks for a lift."""
    return services.listing_create(
        actor=other_member,
        community=community,
        kind="request",
        category_id=category.pk,
        title="Lift to the clinic",
        description="Tuesday mornings.",
        tags="transport",
    )


def give_check(
    membership: Membership, *, expires_on: dt.date | None = None, status: str = Check.Status.PASSED
) -> Check:
    return Check.objects.create(
        community=membership.community,
        membership=membership,
        kind=Check.Kind.BACKGROUND,
        status=status,
        checked_on=timezone.localdate() - dt.timedelta(days=30),
        expires_on=expires_on,
    )


def brokered_member(community, name: str = "Bea Brokered") -> Membership:
    return make_member(community, name=name, is_brokered=True)


def advance(exchange: Exchange, to: str, *, provider: Membership, receiver: Membership, minutes: int = 90) -> Exchange:
    """Walk an exchange (a response to an offer: provider owns the listing) through the workflow up to `to`."""
    community = exchange.community
    order = ["accepted", "arranged", "recorded", "confirmed"]
    for step in order[: order.index(to) + 1]:
        if step == "accepted":
            exchange = services.exchange_accept(actor=provider, community=community, exchange_id=exchange.pk)
        elif step == "arranged":
            exchange = services.exchange_arrange(
                actor=receiver,
                community=community,
                exchange_id=exchange.pk,
                scheduled_for=timezone.now() + dt.timedelta(days=1),
                note="At the allotment",
            )
        elif step == "recorded":
            exchange = services.exchange_record(
                actor=provider, community=community, exchange_id=exchange.pk, minutes=minutes, comment="Dug two beds"
            )
        elif step == "confirmed":
            exchange = services.exchange_confirm(actor=receiver, community=community, exchange_id=exchange.pk)
    return exchange


@pytest.fixture
def proposed(community, offer, other_member) -> Exchange:
    """Olu responds to Mo's offer: Mo provides, Olu receives."""
    return services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk, message="Saturday?")


@pytest.fixture
def recorded(proposed, member, other_member) -> Exchange:
    return advance(proposed, "recorded", provider=member, receiver=other_member)
