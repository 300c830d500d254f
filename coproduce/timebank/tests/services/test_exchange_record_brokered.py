import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.communities.models import Organisation
from coproduce.core.errors import DomainError, NotFound
from coproduce.ledger.models import Transfer
from coproduce.ledger.selectors import account_for_organisation
from coproduce.timebank import services
from coproduce.timebank.models import Exchange
from coproduce.timebank.tests.conftest import brokered_member


def _record(community, coordinator, category, **fields):
    data = {
        "category_id": category.pk,
        "title": "Shopping trip",
        "minutes": 60,
        "occurred_at": timezone.now() - dt.timedelta(days=1),
        **fields,
    }
    return services.exchange_record_brokered(actor=coordinator, community=community, **data)


@pytest.mark.django_db
def test_a_coordinator_records_and_confirms_for_an_offline_receiver(community, coordinator, member, category):
    bea = brokered_member(community)

    exchange = _record(
        community, coordinator, category, provider_id=member.pk, receiver_id=bea.pk, idempotency_key="form-1"
    )

    assert exchange.status == Exchange.Status.CONFIRMED
    assert exchange.origin == Exchange.Origin.BROKERED
    assert exchange.confirmed_by == coordinator.user
    assert Transfer.objects.filter(pk=exchange.transfer_id, minutes=60).exists()
    # pressing the button twice records it once
    again = _record(
        community, coordinator, category, provider_id=member.pk, receiver_id=bea.pk, idempotency_key="form-1"
    )
    assert again.pk == exchange.pk
    assert Transfer.objects.count() == 1


@pytest.mark.django_db
def test_an_online_receiver_still_confirms_what_a_coordinator_recorded_for_an_offline_provider(
    community, coordinator, member, category
):
    bea = brokered_member(community)

    exchange = _record(community, coordinator, category, provider_id=bea.pk, receiver_id=member.pk)

    assert exchange.status == Exchange.Status.RECORDED
    assert (
        services.exchange_confirm(actor=member, community=community, exchange_id=exchange.pk).status
        == Exchange.Status.CONFIRMED
    )


@pytest.mark.django_db
def test_an_organisation_can_receive_help_and_pay_from_its_own_account(community, coordinator, member, category):
    clinic = Organisation.objects.create(community=community, name="Health centre")

    exchange = _record(community, coordinator, category, provider_id=member.pk, receiver_organisation_id=clinic.pk)

    assert exchange.status == Exchange.Status.CONFIRMED
    assert account_for_organisation(community=community, organisation=clinic).balance == -60


@pytest.mark.django_db
def test_two_online_members_record_their_own_exchanges(community, coordinator, member, other_member, category):
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_NOT_BROKERED))):
        _record(community, coordinator, category, provider_id=member.pk, receiver_id=other_member.pk)
    assert not Exchange.objects.exists()


@pytest.mark.django_db
def test_bad_brokered_input_changes_nothing(community, other_community, coordinator, member, outsider, category):
    bea = brokered_member(community)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_WITH_YOURSELF))):
        _record(community, coordinator, category, provider_id=bea.pk, receiver_id=bea.pk)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_MINUTES))):
        _record(community, coordinator, category, provider_id=member.pk, receiver_id=bea.pk, minutes=-5)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_NOT_ACTIVE))):
        _record(community, coordinator, category, provider_id=outsider.pk, receiver_id=bea.pk)
    with pytest.raises(NotFound):
        _record(community, member, category, provider_id=member.pk, receiver_id=bea.pk)
    assert not Exchange.objects.exists()
    assert not Transfer.objects.exists()
