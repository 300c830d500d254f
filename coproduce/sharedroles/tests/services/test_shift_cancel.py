import re

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.sharedroles.services import ERR_REASON_REQUIRED, ERR_SHIFT_NOT_OPEN, shift_cancel
from coproduce.sharedroles.tests.conftest import future_shift


@pytest.mark.django_db
def test_cancelling_needs_a_reason_and_happens_once(community, coordinator, garden, member):
    shift = future_shift(community, coordinator, garden)
    with pytest.raises(DomainError, match=re.escape(str(ERR_REASON_REQUIRED))):
        shift_cancel(actor=coordinator, community=community, shift_id=shift.pk, reason=" ")
    with pytest.raises(NotFound):
        shift_cancel(actor=member, community=community, shift_id=shift.pk, reason="No")

    shift_cancel(actor=coordinator, community=community, shift_id=shift.pk, reason="Storm warning")

    shift.refresh_from_db()
    assert shift.status == "cancelled"
    assert AuditEvent.objects.get(action="sharedroles.shift_cancel").changes["reason"] == [None, "Storm warning"]
    with pytest.raises(DomainError, match=re.escape(str(ERR_SHIFT_NOT_OPEN))):
        shift_cancel(actor=coordinator, community=community, shift_id=shift.pk, reason="Again")
