import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.core.errors import DomainError
from coproduce.ledger.models import Transfer
from coproduce.timebank import services
from coproduce.timebank.models import Exchange
from coproduce.timebank.tests.conftest import advance, give_check


@pytest.mark.django_db
def test_the_provider_records_minutes_and_nothing_is_posted_yet(community, proposed, member, other_member):
    advance(proposed, "arranged", provider=member, receiver=other_member)

    exchange = services.exchange_record(
        actor=member, community=community, exchange_id=proposed.pk, minutes=75, comment="Two beds dug"
    )

    assert (exchange.status, exchange.minutes, exchange.comment) == (Exchange.Status.RECORDED, 75, "Two beds dug")
    assert exchange.recorded_by == member.user
    assert not Transfer.objects.exists()


@pytest.mark.django_db
def test_hours_can_be_recorded_straight_after_acceptance(community, proposed, member, other_member):
    advance(proposed, "accepted", provider=member, receiver=other_member)
    assert (
        services.exchange_record(actor=member, community=community, exchange_id=proposed.pk, minutes=30).status
        == Exchange.Status.RECORDED
    )


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [0, -30, 1441, 1.5, True, "60", None])
def test_minutes_must_be_a_whole_number_from_1_to_1440(community, proposed, member, other_member, minutes):
    advance(proposed, "accepted", provider=member, receiver=other_member)

    with pytest.raises(DomainError) as error:
        services.exchange_record(actor=member, community=community, exchange_id=proposed.pk, minutes=minutes)

    assert (str(error.value), error.value.field) == (str(services.ERR_MINUTES), "minutes")
    proposed.refresh_from_db()
    assert (proposed.status, proposed.minutes) == (Exchange.Status.ACCEPTED, None)


@pytest.mark.django_db
def test_the_receiver_cannot_record_and_the_date_cannot_be_in_the_future(community, proposed, member, other_member):
    advance(proposed, "accepted", provider=member, receiver=other_member)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_NOT_YOUR_STEP))):
        services.exchange_record(actor=other_member, community=community, exchange_id=proposed.pk, minutes=60)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_OCCURRED_FUTURE))):
        services.exchange_record(
            actor=member,
            community=community,
            exchange_id=proposed.pk,
            minutes=60,
            occurred_at=timezone.now() + dt.timedelta(days=2),
        )


@pytest.mark.django_db
def test_recording_work_that_needs_a_check_after_the_check_expired_is_refused(
    community, category, member, other_member
):
    check = give_check(member, expires_on=timezone.localdate() + dt.timedelta(days=10))
    offer = services.listing_create(
        actor=member, community=community, kind="offer", category_id=category.pk, title="Babysitting", needs_check=True
    )
    exchange = services.exchange_respond(actor=other_member, community=community, listing_id=offer.pk)
    services.exchange_accept(actor=member, community=community, exchange_id=exchange.pk)
    type(check).objects.filter(pk=check.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))

    with pytest.raises(DomainError, match=re.escape(str(services.ERR_CHECK_REQUIRED))):
        services.exchange_record(actor=member, community=community, exchange_id=exchange.pk, minutes=60)
    exchange.refresh_from_db()
    assert exchange.status == Exchange.Status.ACCEPTED
