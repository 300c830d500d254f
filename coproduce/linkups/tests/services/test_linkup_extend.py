import re

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.services import linkup_complete, linkup_extend
from coproduce.linkups.services.linkups import ERR_EXTEND_TOO_LONG, ERR_EXTEND_WEEKS, ERR_NOT_ACTIVE


@pytest.mark.django_db
def test_adds_weeks_to_an_active_link_up(coordinator, linkup):
    linkup_extend(
        actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, weeks=10, reason="Going well"
    )

    linkup.refresh_from_db()
    assert (linkup.planned_weeks, linkup.extra_weeks, linkup.total_weeks) == (10, 10, 20)
    event = AuditEvent.objects.get(action="linkups.linkup.extend")
    assert event.changes["extra_weeks"] == [0, 10]


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [0, 31, -5])
def test_refuses_odd_extensions(coordinator, linkup, weeks):
    with pytest.raises(DomainError, match=re.escape(str(ERR_EXTEND_WEEKS))):
        linkup_extend(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, weeks=weeks)


@pytest.mark.django_db
def test_a_link_up_lasts_at_most_a_year(coordinator, linkup):
    linkup_extend(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, weeks=30)
    with pytest.raises(DomainError, match=re.escape(str(ERR_EXTEND_TOO_LONG) % {"weeks": 52})):
        linkup_extend(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, weeks=13)
    linkup.refresh_from_db()
    assert linkup.total_weeks == 40


@pytest.mark.django_db
def test_a_finished_link_up_cannot_be_extended(coordinator, linkup):
    linkup_complete(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk)
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_ACTIVE))):
        linkup_extend(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, weeks=10)


@pytest.mark.django_db
def test_families_cannot_extend_their_own_link_up(coordinator, linkup):
    from coproduce.linkups.tests.factories import adult_membership

    with pytest.raises(NotFound):
        linkup_extend(
            actor=adult_membership(linkup.seeking), community=coordinator.community, linkup_id=linkup.pk, weeks=10
        )
