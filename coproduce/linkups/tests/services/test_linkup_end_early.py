import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError
from coproduce.linkups.models import LinkUp
from coproduce.linkups.services import linkup_end_early
from coproduce.linkups.services.linkups import ERR_REASON_REQUIRED
from coproduce.linkups.tests.factories import link, make_household


@pytest.mark.django_db
def test_ends_early_with_a_reason_and_frees_the_families(coordinator, linkup, sharing, coach):
    linkup_end_early(
        actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, reason="The family moved away"
    )

    linkup.refresh_from_db()
    assert (linkup.status, linkup.end_reason) == (LinkUp.Status.ENDED_EARLY, "The family moved away")
    assert AuditEvent.objects.get(action="linkups.linkup.end_early").changes["reason"] == [
        None,
        "The family moved away",
    ]
    # The sharing family has room again.
    assert link(coordinator, make_household(coordinator, name="Next"), sharing, coach).is_active


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", None])
def test_refuses_to_end_early_without_a_reason(coordinator, linkup, reason):
    with pytest.raises(DomainError) as error:
        linkup_end_early(actor=coordinator, community=coordinator.community, linkup_id=linkup.pk, reason=reason)

    assert str(error.value) == str(ERR_REASON_REQUIRED)
    assert error.value.field == "reason"
    linkup.refresh_from_db()
    assert linkup.is_active
