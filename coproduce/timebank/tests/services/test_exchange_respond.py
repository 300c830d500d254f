import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Organisation
from coproduce.core.errors import DomainError, NotFound
from coproduce.timebank import services
from coproduce.timebank.models import Exchange
from coproduce.timebank.tests.conftest import brokered_member, give_check


@pytest.mark.django_db
def test_responding_to_an_offer_makes_the_owner_the_provider(community, offer, member, other_member):
    exchange = services.exchange_respond(
        actor=other_member, community=community, listing_id=offer.pk, message="Saturday morning?"
    )

    assert exchange.status == Exchange.Status.PROPOSED
    assert (exchange.provider_id, exchange.receiver_id) == (member.pk, other_member.pk)
    assert (exchange.title, exchange.category_id) == (offer.title, offer.category_id)
    assert AuditEvent.objects.filter(action="timebank.exchange.respond", object_id=str(exchange.pk)).exists()


@pytest.mark.django_db
def test_responding_to_a_request_makes_the_responder_the_provider(community, request_listing, member, other_member):
    exchange = services.exchange_respond(actor=member, community=community, listing_id=request_listing.pk)

    assert (exchange.provider_id, exchange.receiver_id) == (member.pk, other_member.pk)


@pytest.mark.django_db
def test_no_one_exchanges_with_themselves(community, offer, member):
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_WITH_YOURSELF))):
        services.exchange_respond(actor=member, community=community, listing_id=offer.pk)
    assert not Exchange.objects.exists()


@pytest.mark.django_db
def test_unknown_and_other_communitys_listings_are_not_found(community, other_community, offer, outsider, other_member):
    with pytest.raises(NotFound):
        services.exchange_respond(actor=other_member, community=community, listing_id=999999)
    with pytest.raises(NotFound):
        services.exchange_respond(actor=outsider, community=other_community, listing_id=offer.pk)
    with pytest.raises(NotFound):
        services.exchange_respond(actor=outsider, community=community, listing_id=offer.pk)
    assert not Exchange.objects.exists()


@pytest.mark.django_db
def test_withdrawn_and_expired_listings_take_no_responses(community, offer, member, other_member):
    services.listing_withdraw(actor=member, community=community, listing_id=offer.pk)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_LISTING_CLOSED))):
        services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk)

    expiring = services.listing_create(
        actor=member,
        community=community,
        kind="offer",
        category_id=offer.category_id,
        title="Soon gone",
        expires_on=timezone.localdate(),
    )
    type(expiring).objects.filter(pk=expiring.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_LISTING_CLOSED))):
        services.exchange_respond(actor=other_member, community=community, listing_id=expiring.pk)


@pytest.mark.django_db
def test_responding_twice_while_the_first_is_open_is_refused(community, offer, other_member):
    services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_ALREADY_RESPONDED))):
        services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk)
    assert Exchange.objects.count() == 1


@pytest.mark.django_db
def test_work_that_needs_a_check_is_refused_while_the_providers_check_is_missing_or_expired(
    community, category, member, other_member
):
    offer = services.listing_create(
        actor=member,
        community=community,
        kind="offer",
        category_id=category.pk,
        title="Homework club",
        needs_check=True,
    )

    with pytest.raises(DomainError, match=re.escape(str(services.ERR_CHECK_REQUIRED))):
        services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk)
    give_check(member, expires_on=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_CHECK_REQUIRED))):
        services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk)
    assert not Exchange.objects.exists()

    give_check(member, expires_on=timezone.localdate() + dt.timedelta(days=365))
    exchange = services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk)
    assert exchange.needs_check


@pytest.mark.django_db
def test_the_check_is_asked_of_the_responder_when_they_would_provide(community, category, member, other_member):
    request = services.listing_create(
        actor=member,
        community=community,
        kind="request",
        category_id=category.pk,
        title="Sit with my mother",
        needs_check=True,
    )
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_CHECK_REQUIRED))):
        services.exchange_respond(actor=other_member, community=community, listing_id=request.pk)
    give_check(other_member)
    assert (
        services.exchange_respond(actor=other_member, community=community, listing_id=request.pk).provider_id
        == other_member.pk
    )


@pytest.mark.django_db
def test_a_coordinator_responds_for_an_organisation_or_a_brokered_member(community, coordinator, offer, member):
    library = Organisation.objects.create(community=community, name="Library")
    bea = brokered_member(community)

    for_library = services.exchange_respond(
        actor=coordinator, community=community, listing_id=offer.pk, organisation_id=library.pk
    )
    for_bea = services.exchange_respond(
        actor=coordinator, community=community, listing_id=offer.pk, membership_id=bea.pk
    )

    assert (for_library.receiver_organisation_id, for_library.receiver_id) == (library.pk, None)
    assert for_bea.receiver_id == bea.pk
    with pytest.raises(DomainError):
        services.exchange_respond(actor=member, community=community, listing_id=offer.pk, organisation_id=library.pk)
