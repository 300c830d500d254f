import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.models import HouseholdRoleChange
from coproduce.linkups.services import household_set_role
from coproduce.linkups.services.households import (
    ERR_ROLE_BEFORE_LAST,
    ERR_ROLE_IN_USE_SEEKING,
    ERR_ROLE_IN_USE_SHARING,
    ERR_SAME_ROLE,
)
from coproduce.linkups.tests.factories import make_household


@pytest.mark.django_db
def test_a_seeking_family_becomes_a_sharing_family_and_keeps_its_history(coordinator):
    community = coordinator.community
    household = make_household(coordinator, role="seeking", role_since=timezone.localdate() - dt.timedelta(days=300))
    became = timezone.localdate() - dt.timedelta(days=20)

    household_set_role(
        actor=coordinator,
        community=community,
        household_id=household.pk,
        role="sharing",
        on=became,
        note="Finished their link-up and trained",
    )

    household.refresh_from_db()
    assert (household.role, household.role_since) == ("sharing", became)
    assert list(HouseholdRoleChange.objects.filter(household=household).values_list("role", "started_on")) == [
        ("seeking", timezone.localdate() - dt.timedelta(days=300)),
        ("sharing", became),
    ]


@pytest.mark.django_db
def test_refuses_the_same_role_and_a_date_before_the_last_change(coordinator):
    household = make_household(coordinator, role="seeking", role_since=timezone.localdate() - dt.timedelta(days=10))
    community = coordinator.community

    with pytest.raises(DomainError, match=re.escape(str(ERR_SAME_ROLE))):
        household_set_role(actor=coordinator, community=community, household_id=household.pk, role="seeking")
    with pytest.raises(DomainError, match=re.escape(str(ERR_ROLE_BEFORE_LAST))):
        household_set_role(
            actor=coordinator,
            community=community,
            household_id=household.pk,
            role="sharing",
            on=timezone.localdate() - dt.timedelta(days=11),
        )
    assert HouseholdRoleChange.objects.filter(household=household).count() == 1


@pytest.mark.django_db
def test_refuses_dropping_a_role_an_active_link_up_depends_on(coordinator, linkup):
    community = coordinator.community

    with pytest.raises(DomainError, match=re.escape(str(ERR_ROLE_IN_USE_SHARING))):
        household_set_role(actor=coordinator, community=community, household_id=linkup.sharing_id, role="seeking")
    with pytest.raises(DomainError, match=re.escape(str(ERR_ROLE_IN_USE_SEEKING))):
        household_set_role(actor=coordinator, community=community, household_id=linkup.seeking_id, role="sharing")
    # Taking on both roles keeps the link-up valid.
    household_set_role(actor=coordinator, community=community, household_id=linkup.seeking_id, role="both")


@pytest.mark.django_db
def test_members_cannot_change_a_familys_role(coordinator, member):
    household = make_household(coordinator)
    with pytest.raises(NotFound):
        household_set_role(actor=member, community=coordinator.community, household_id=household.pk, role="sharing")
