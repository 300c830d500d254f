import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.core.errors import DomainError, NotFound
from coproduce.sharedroles.models import Shift
from coproduce.sharedroles.services import (
    ERR_CAPACITY,
    ERR_TEMPLATE_INACTIVE,
    ERR_TIMES,
    shift_create,
    template_update,
)


def _start():
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=1)


@pytest.mark.django_db
def test_a_coordinator_puts_a_shift_on_the_rota(community, coordinator, garden):
    start = _start()
    shift = shift_create(
        actor=coordinator,
        community=community,
        template_id=garden.pk,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        capacity=4,
        location="Walled garden",
    )

    assert shift.status == Shift.Status.OPEN
    assert shift.duration_minutes == 90


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "capacity", "message"),
    [
        (-1, 3, ERR_TIMES),
        (0, 3, ERR_TIMES),
        (25, 3, ERR_TIMES),
        (2, 0, ERR_CAPACITY),
        (2, 51, ERR_CAPACITY),
    ],
)
def test_impossible_shifts_are_refused(community, coordinator, garden, hours, capacity, message):
    start = _start()
    with pytest.raises(DomainError, match=re.escape(str(message))):
        shift_create(
            actor=coordinator,
            community=community,
            template_id=garden.pk,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=hours),
            capacity=capacity,
        )
    assert not Shift.objects.exists()


@pytest.mark.django_db
def test_a_role_no_longer_in_use_gets_no_new_shifts(community, coordinator, garden):
    template_update(actor=coordinator, community=community, template_id=garden.pk, is_active=False)
    with pytest.raises(DomainError, match=re.escape(str(ERR_TEMPLATE_INACTIVE))):
        shift_create(
            actor=coordinator,
            community=community,
            template_id=garden.pk,
            starts_at=_start(),
            ends_at=_start() + dt.timedelta(hours=1),
            capacity=2,
        )


@pytest.mark.django_db
def test_a_role_of_another_community_is_not_found(other_community, outsider, garden):
    with pytest.raises(NotFound):
        shift_create(
            actor=outsider,
            community=other_community,
            template_id=garden.pk,
            starts_at=_start(),
            ends_at=_start() + dt.timedelta(hours=1),
            capacity=2,
        )
