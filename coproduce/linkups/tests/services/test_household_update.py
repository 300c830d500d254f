import re

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.services import household_update
from coproduce.linkups.services.households import ERR_UNKNOWN_FIELD
from coproduce.linkups.tests.factories import make_household


@pytest.mark.django_db
def test_changes_details_and_audits_old_and_new(coordinator):
    household = make_household(coordinator, name="Haddad family", neighbourhood="Northfield")

    household_update(
        actor=coordinator,
        community=coordinator.community,
        household_id=household.pk,
        neighbourhood="Southgate",
        languages=["Arabic"],
        latitude=None,
        longitude=None,
    )

    household.refresh_from_db()
    assert household.neighbourhood == "Southgate"
    assert household.languages == ["Arabic"]
    event = AuditEvent.objects.get(action="linkups.household.update")
    assert event.changes["neighbourhood"] == ["Northfield", "Southgate"]


@pytest.mark.django_db
def test_the_role_cannot_be_changed_here_so_history_is_kept(coordinator):
    household = make_household(coordinator, role="seeking")

    with pytest.raises(DomainError, match=re.escape(str(ERR_UNKNOWN_FIELD) % {"fields": "role"})):
        household_update(actor=coordinator, community=coordinator.community, household_id=household.pk, role="sharing")

    household.refresh_from_db()
    assert household.role == "seeking"


@pytest.mark.django_db
def test_another_communitys_household_is_not_found(coordinator, other_community):
    from coproduce.core.testing import make_member

    elsewhere = make_household(make_member(other_community, role="coordinator"), name="Far family")

    with pytest.raises(NotFound):
        household_update(actor=coordinator, community=coordinator.community, household_id=elsewhere.pk, name="Mine now")
    elsewhere.refresh_from_db()
    assert elsewhere.name == "Far family"
