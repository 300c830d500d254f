import datetime as dt

import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.ledger.models import Transfer
from coproduce.timebank import services
from coproduce.timebank.models import Exchange


@pytest.mark.django_db
def test_a_recorded_exchange_confirms_itself_after_the_communitys_waiting_period(community, recorded):
    community.exchange_autoconfirm_days = 7
    community.save()

    early = services.exchange_autoconfirm(
        community=community, exchange_id=recorded.pk, now=recorded.recorded_at + dt.timedelta(days=6)
    )
    assert early is None
    recorded.refresh_from_db()
    assert recorded.status == Exchange.Status.RECORDED

    confirmed = services.exchange_autoconfirm(
        community=community, exchange_id=recorded.pk, now=recorded.recorded_at + dt.timedelta(days=7, minutes=1)
    )

    assert confirmed.status == Exchange.Status.CONFIRMED
    assert confirmed.auto_confirmed is True
    assert confirmed.confirmed_by is None
    assert Transfer.objects.get(pk=confirmed.transfer_id).minutes == recorded.minutes
    assert AuditEvent.objects.filter(
        action="timebank.exchange.autoconfirm", object_id=str(recorded.pk), actor__isnull=True
    ).exists()


@pytest.mark.django_db
def test_a_refused_autoconfirmation_is_kept_for_the_coordinators(community, recorded):
    community.default_floor_minutes = -30
    community.default_soft_floor_minutes = -30
    community.save()

    result = services.exchange_autoconfirm(
        community=community, exchange_id=recorded.pk, now=timezone.now() + dt.timedelta(days=60)
    )

    assert result is None
    recorded.refresh_from_db()
    assert recorded.status == Exchange.Status.RECORDED
    assert "-90" in recorded.autoconfirm_error
    assert not Transfer.objects.exists()


@pytest.mark.django_db
def test_disputed_exchanges_never_confirm_themselves(community, recorded, other_member):
    services.exchange_dispute(actor=other_member, community=community, exchange_id=recorded.pk, reason="No")

    assert (
        services.exchange_autoconfirm(
            community=community, exchange_id=recorded.pk, now=timezone.now() + dt.timedelta(days=60)
        )
        is None
    )
    recorded.refresh_from_db()
    assert recorded.status == Exchange.Status.DISPUTED
