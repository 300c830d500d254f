import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.models import LinkUp
from coproduce.linkups.services import linkup_complete
from coproduce.linkups.services.common import ERR_FUTURE_DATE
from coproduce.linkups.services.linkups import ERR_END_BEFORE_START, ERR_NOT_ACTIVE
from coproduce.linkups.tests.factories import link


@pytest.mark.django_db
def test_completes_an_active_link_up_once(coordinator, linkup):
    linkup_complete(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, note="All goals met")

    linkup.refresh_from_db()
    assert (linkup.status, linkup.ended_on, linkup.end_reason) == (
        LinkUp.Status.COMPLETED,
        timezone.localdate(),
        "All goals met",
    )
    assert AuditEvent.objects.get(action="linkups.linkup.complete").changes["status"] == ["active", "completed"]
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_ACTIVE))):
        linkup_complete(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk)


@pytest.mark.django_db
def test_refuses_dates_before_the_start_or_in_the_future(coordinator, seeking, sharing, coach):
    start = timezone.localdate() - dt.timedelta(days=5)
    linkup = link(coordinator, seeking, sharing, coach, starts_on=start)
    with pytest.raises(DomainError, match=re.escape(str(ERR_END_BEFORE_START))):
        linkup_complete(
            actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, on=start - dt.timedelta(days=1)
        )
    with pytest.raises(DomainError, match=re.escape(str(ERR_FUTURE_DATE))):
        linkup_complete(
            actor=coordinator,
            community=coordinator.community,
            linkup_id=linkup.pk,
            on=timezone.localdate() + dt.timedelta(days=1),
        )
    linkup.refresh_from_db()
    assert linkup.is_active


@pytest.mark.django_db
def test_another_community_cannot_complete_it(linkup, outsider):
    with pytest.raises(NotFound):
        linkup_complete(actor=outsider, community=outsider.community, linkup_id=linkup.pk)
    linkup.refresh_from_db()
    assert linkup.is_active
