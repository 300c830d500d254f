import re

import pytest

from coproduce.core.errors import DomainError
from coproduce.timebank import services
from coproduce.timebank.models import Exchange
from coproduce.timebank.tests.conftest import advance


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["proposed", "accepted", "arranged"])
def test_either_side_calls_it_off_before_hours_are_recorded(community, proposed, member, other_member, stage):
    if stage != "proposed":
        advance(proposed, stage, provider=member, receiver=other_member)

    exchange = services.exchange_cancel(
        actor=other_member, community=community, exchange_id=proposed.pk, reason="Plans changed"
    )

    assert (exchange.status, exchange.closed_reason) == (Exchange.Status.CANCELLED, "Plans changed")


@pytest.mark.django_db
def test_recorded_hours_are_disputed_not_cancelled(community, recorded, other_member):
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_WRONG_STATE))):
        services.exchange_cancel(actor=other_member, community=community, exchange_id=recorded.pk)
