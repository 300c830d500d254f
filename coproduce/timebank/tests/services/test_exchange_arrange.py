import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.core.errors import DomainError
from coproduce.timebank import services
from coproduce.timebank.models import Exchange
from coproduce.timebank.tests.conftest import advance


@pytest.mark.django_db
def test_either_side_arranges_and_can_move_the_time(community, proposed, member, other_member):
    advance(proposed, "accepted", provider=member, receiver=other_member)
    when = timezone.now() + dt.timedelta(days=2)

    exchange = services.exchange_arrange(
        actor=other_member, community=community, exchange_id=proposed.pk, scheduled_for=when, note="At the allotment"
    )
    moved = services.exchange_arrange(
        actor=member, community=community, exchange_id=proposed.pk, scheduled_for=when + dt.timedelta(hours=2)
    )

    assert exchange.status == Exchange.Status.ARRANGED
    assert moved.scheduled_for == when + dt.timedelta(hours=2)


@pytest.mark.django_db
def test_a_time_is_required_and_must_be_ahead(community, proposed, member, other_member):
    advance(proposed, "accepted", provider=member, receiver=other_member)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_WHEN_REQUIRED))):
        services.exchange_arrange(actor=member, community=community, exchange_id=proposed.pk, scheduled_for=None)
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_WHEN_PAST))):
        services.exchange_arrange(
            actor=member,
            community=community,
            exchange_id=proposed.pk,
            scheduled_for=timezone.now() - dt.timedelta(hours=1),
        )


@pytest.mark.django_db
def test_nothing_is_arranged_before_acceptance(community, proposed, other_member):
    with pytest.raises(DomainError, match=re.escape(str(services.ERR_WRONG_STATE))):
        services.exchange_arrange(
            actor=other_member,
            community=community,
            exchange_id=proposed.pk,
            scheduled_for=timezone.now() + dt.timedelta(days=1),
        )
