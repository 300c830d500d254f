import pytest

from coproduce.coproduction.models import Activity
from coproduce.core.errors import DomainError
from coproduce.ledger.models import Transfer
from coproduce.ledger.services import ERR_BELOW_FLOOR
from coproduce.timebank import services
from coproduce.timebank.models import Exchange
from coproduce.timebank.tests.conftest import advance


@pytest.mark.django_db
def test_a_confirmation_that_would_cross_the_receivers_floor_is_refused_with_the_ledgers_message(
    community, proposed, member, other_member
):
    # given a community where members may go only one hour below zero
    community.default_floor_minutes = -60
    community.default_soft_floor_minutes = -60
    community.save()
    advance(proposed, "recorded", provider=member, receiver=other_member, minutes=90)

    with pytest.raises(DomainError) as error:
        services.exchange_confirm(actor=other_member, community=community, exchange_id=proposed.pk)

    expected_start = str(ERR_BELOW_FLOOR).split("%(owner)s")[0]
    assert str(error.value).startswith(expected_start)
    assert "-90" in str(error.value)
    proposed.refresh_from_db()
    assert proposed.status == Exchange.Status.RECORDED
    assert proposed.transfer_id is None
    assert not Transfer.objects.exists()
    # the activity written in the same transaction was rolled back with it
    assert not Activity.objects.exists()
