import re

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.coproduction.models import Activity, Contribution
from coproduce.core.errors import DomainError
from coproduce.ledger.models import Entry, Transfer
from coproduce.ledger.selectors import account_for_membership
from coproduce.timebank import services
from coproduce.timebank.models import Exchange


@pytest.mark.django_db
def test_confirming_posts_receiver_to_provider_with_category_comment_and_an_activity(
    community, recorded, member, other_member
):
    # given Mo recorded 90 minutes of gardening for Olu

    # when Olu confirms
    exchange = services.exchange_confirm(actor=other_member, community=community, exchange_id=recorded.pk)

    # then the ledger moved 90 minutes from Olu to Mo, carrying the category and comment
    assert exchange.status == Exchange.Status.CONFIRMED
    transfer = Transfer.objects.get(pk=exchange.transfer_id)
    assert transfer.minutes == 90
    assert transfer.kind == "exchange"
    assert transfer.category == "Home and garden"
    assert "Dug two beds" in transfer.memo
    assert transfer.idempotency_key == services.exchange_idempotency_key(exchange.pk)
    assert account_for_membership(community=community, membership=member).balance == 90
    assert account_for_membership(community=community, membership=other_member).balance == -90
    # and a delivered activity records who gave and who received
    activity = Activity.objects.get(pk=exchange.activity_id)
    assert (activity.phase, activity.kind, activity.category) == ("deliver", "exchange", "Home and garden")
    assert transfer.activity_id == activity.pk
    contributions = {(c.membership_id, c.role, c.minutes) for c in Contribution.objects.filter(activity=activity)}
    assert contributions == {(member.pk, "gave", 90), (other_member.pk, "received", 90)}
    assert AuditEvent.objects.filter(action="timebank.exchange.confirm", object_id=str(exchange.pk)).exists()


@pytest.mark.django_db
def test_confirming_twice_is_refused_and_posts_once(community, recorded, other_member):
    services.exchange_confirm(actor=other_member, community=community, exchange_id=recorded.pk)

    with pytest.raises(DomainError) as error:
        services.exchange_confirm(actor=other_member, community=community, exchange_id=recorded.pk)

    assert str(error.value) == str(services.ERR_ALREADY_CONFIRMED)
    assert Transfer.objects.filter(community=community).count() == 1
    assert Entry.objects.filter(community=community).count() == 2
    assert Activity.objects.filter(community=community).count() == 1


@pytest.mark.django_db
def test_the_provider_cannot_confirm_their_own_hours(community, recorded, member):
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_NOT_YOUR_STEP))):
        services.exchange_confirm(actor=member, community=community, exchange_id=recorded.pk)

    recorded.refresh_from_db()
    assert recorded.status == Exchange.Status.RECORDED
    assert not Transfer.objects.filter(community=community).exists()
