import datetime as dt
import random

import pytest
from django.db.models import Sum
from django.utils import timezone

from coproduce.core.testing import make_member
from coproduce.demo.context import DemoCommunity, DemoContext
from coproduce.ledger.models import Account
from coproduce.timebank import demo, selectors
from coproduce.timebank.models import Exchange, Listing


def _context(community, coordinator, *, large: bool) -> DemoContext:
    members = [coordinator, *(make_member(community, name=f"Neighbour {n}", is_brokered=n % 5 == 0) for n in range(14))]
    return DemoContext(
        rng=random.Random(7),
        now=timezone.now(),
        large=large,
        show_progress=False,
        communities={
            community.slug: DemoCommunity(
                community=community, kind="timebank", coordinator=coordinator, members=members
            )
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("large", [False, True])
def test_demo_adds_searchable_listings_and_a_year_of_balanced_exchanges(community, coordinator, large):
    demo.populate(_context(community, coordinator, large=large))

    assert Listing.objects.filter(community=community).count() > 5
    assert selectors.listing_search(community=community, query="garden").exists()
    confirmed = Exchange.objects.filter(community=community, status="confirmed")
    assert confirmed.count() > 5
    assert not confirmed.filter(transfer__isnull=True).exists()
    oldest = confirmed.order_by("occurred_at").first().occurred_at
    assert oldest < timezone.now() - dt.timedelta(days=30)
    assert Account.objects.filter(community=community).aggregate(t=Sum("balance"))["t"] == 0
