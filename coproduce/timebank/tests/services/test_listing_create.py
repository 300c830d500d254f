import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.timebank import services
from coproduce.timebank.models import Listing
from coproduce.timebank.tests.conftest import brokered_member


@pytest.mark.django_db
def test_a_member_posts_an_offer_with_tidy_tags_and_their_neighbourhood(community, category):
    member = make_member(community, neighbourhood="Old Town")

    listing = services.listing_create(
        actor=member,
        community=community,
        kind="offer",
        category_id=category.pk,
        title=" Dog  walking ",
        tags="Dogs, outdoors , dogs,",
        needs_check=True,
    )

    assert listing.title == "Dog walking"
    assert listing.tags == "dogs, outdoors"
    assert listing.tag_list == ["dogs", "outdoors"]
    assert listing.neighbourhood == "Old Town"
    assert listing.needs_check is True
    assert listing.membership_id == member.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"kind": "swap"}, services.ERR_KIND, "kind"),
        ({"title": ""}, services.ERR_TITLE, "title"),
        ({"title": "x" * 121}, services.ERR_TITLE, "title"),
        ({"category_id": None}, services.ERR_CATEGORY, "category"),
        ({"category_id": 999999}, services.ERR_CATEGORY, "category"),
        ({"tags": ",".join(f"t{i}" for i in range(11))}, services.ERR_TAGS, "tags"),
        ({"expires_on": dt.date(2000, 1, 1)}, services.ERR_EXPIRY_PAST, "expires_on"),
    ],
)
def test_bad_input_is_refused_naming_the_field(community, member, category, fields, message, field):
    data = {"kind": "offer", "category_id": category.pk, "title": "Dog walking", **fields}

    with pytest.raises(DomainError) as error:
        services.listing_create(actor=member, community=community, **data)

    assert (str(error.value), error.value.field) == (str(message), field)
    assert not Listing.objects.exists()


@pytest.mark.django_db
def test_an_archived_or_other_communitys_category_cannot_be_used(
    community, other_community, member, coordinator, outsider, category
):
    foreign = services.category_create(actor=outsider, community=other_community, name="Elsewhere")
    services.category_update(actor=coordinator, community=community, category_id=category.pk, is_archived=True)

    for category_id in (category.pk, foreign.pk):
        with pytest.raises(DomainError, match=re.escape(str(services.ERR_CATEGORY))):
            services.listing_create(actor=member, community=community, kind="offer", category_id=category_id, title="x")


@pytest.mark.django_db
def test_a_coordinator_posts_for_a_brokered_member_but_a_member_cannot_post_for_others(
    community, coordinator, member, other_member, category
):
    bea = brokered_member(community)

    listing = services.listing_create(
        actor=coordinator,
        community=community,
        kind="request",
        category_id=category.pk,
        title="Shopping",
        membership_id=bea.pk,
    )

    assert listing.membership_id == bea.pk
    with pytest.raises(DomainError):
        services.listing_create(
            actor=member,
            community=community,
            kind="request",
            category_id=category.pk,
            title="Shopping",
            membership_id=other_member.pk,
        )
    with pytest.raises(DomainError):
        services.listing_create(
            actor=coordinator,
            community=community,
            kind="request",
            category_id=category.pk,
            title="Shopping",
            membership_id=other_member.pk,
        )


@pytest.mark.django_db
def test_owner_edits_and_withdraws_but_others_cannot(community, offer, member, other_member, coordinator):
    with pytest.raises(NotFound):
        services.listing_update(actor=other_member, community=community, listing_id=offer.pk, title="Mine now")

    services.listing_update(
        actor=member,
        community=community,
        listing_id=offer.pk,
        title="Garden help",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    services.listing_withdraw(actor=member, community=community, listing_id=offer.pk)

    offer.refresh_from_db()
    assert (offer.title, offer.status) == ("Garden help", Listing.Status.WITHDRAWN)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_LISTING_WITHDRAWN))):
        services.listing_withdraw(actor=coordinator, community=community, listing_id=offer.pk)


@pytest.mark.django_db
def test_a_listing_of_another_community_is_not_found(community, other_community, offer, outsider):
    with pytest.raises(NotFound):
        services.listing_update(actor=outsider, community=other_community, listing_id=offer.pk, title="x")
    with pytest.raises(NotFound):
        services.listing_withdraw(actor=outsider, community=community, listing_id=offer.pk)
