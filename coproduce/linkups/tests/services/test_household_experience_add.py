import re

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.models import HouseholdExperience
from coproduce.linkups.services import household_experience_add, household_experience_remove
from coproduce.linkups.services.households import ERR_DESCRIPTION, ERR_EXPERIENCE_KIND, ERR_THEME
from coproduce.linkups.tests.factories import make_household


@pytest.mark.django_db
def test_records_an_experience_in_the_familys_words_and_removes_it(coordinator):
    household = make_household(coordinator, role="sharing")
    experience = household_experience_add(
        actor=coordinator,
        community=coordinator.community,
        household_id=household.pk,
        kind="lived_experience",
        theme="school",
        description="school exclusion",
    )
    assert (experience.theme, experience.description) == ("school", "school exclusion")

    household_experience_remove(actor=coordinator, community=coordinator.community, experience_id=experience.pk)

    assert HouseholdExperience.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "wish", "theme": "school", "description": "x"}, ERR_EXPERIENCE_KIND),
        ({"kind": "skill", "theme": "cooking", "description": "x"}, ERR_THEME),
        ({"kind": "skill", "theme": "money", "description": "  "}, ERR_DESCRIPTION),
    ],
)
def test_refuses_incomplete_experiences(coordinator, fields, message):
    household = make_household(coordinator, role="sharing")
    with pytest.raises(DomainError, match=re.escape(str(message))):
        household_experience_add(
            actor=coordinator, community=coordinator.community, household_id=household.pk, **fields
        )


@pytest.mark.django_db
def test_members_cannot_record_experiences(coordinator, member):
    household = make_household(coordinator, role="sharing")
    with pytest.raises(NotFound):
        household_experience_add(
            actor=member,
            community=coordinator.community,
            household_id=household.pk,
            kind="skill",
            theme="money",
            description="budgeting",
        )
