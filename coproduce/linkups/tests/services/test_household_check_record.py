import re

import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Check
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.linkups.services import household_check_record, household_person_add
from coproduce.linkups.services.households import ERR_CHECK_ADULT_MEMBER
from coproduce.linkups.tests.factories import make_household


@pytest.mark.django_db
def test_records_training_as_the_communitys_own_check(coordinator):
    household = make_household(coordinator, role="sharing", adults=("Sam Lee",))
    person = household.people.get()

    check = household_check_record(
        actor=coordinator,
        community=coordinator.community,
        person_id=person.pk,
        kind="training",
        status="passed",
        checked_on=timezone.localdate(),
    )

    assert (check.membership, check.kind, check.status) == (person.membership, "training", "passed")
    assert AuditEvent.objects.filter(action="check.record", object_id=str(check.pk)).exists()


@pytest.mark.django_db
def test_checks_are_for_adults_who_are_members(coordinator):
    community = coordinator.community
    household = make_household(coordinator, role="sharing", adults=(), children=(9,))
    non_member = household_person_add(
        actor=coordinator, community=community, household_id=household.pk, kind="adult", name="Jo"
    )
    for person in (household.people.get(kind="child"), non_member):
        with pytest.raises(DomainError, match=re.escape(str(ERR_CHECK_ADULT_MEMBER))):
            household_check_record(
                actor=coordinator, community=community, person_id=person.pk, kind="training", status="passed"
            )
    assert Check.objects.count() == 0


@pytest.mark.django_db
def test_only_coordinators_record_checks(coordinator, community):
    coach = make_member(community, kind="professional")
    person = make_household(coordinator, role="sharing").people.get()
    with pytest.raises(NotFound):
        household_check_record(actor=coach, community=community, person_id=person.pk, kind="training", status="passed")
