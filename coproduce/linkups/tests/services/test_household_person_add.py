import re

import pytest

from coproduce.communities.models import Membership
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.linkups.models import HouseholdMember
from coproduce.linkups.services import household_person_add, household_person_remove
from coproduce.linkups.services.households import (
    ERR_AGE,
    ERR_BIRTH_YEAR,
    ERR_CHILD_AGE,
    ERR_MEMBER_NOT_ACTIVE,
    ERR_MEMBER_TAKEN,
    ERR_PERSON_HAS_CONSENTED,
    ERR_PERSON_KIND,
    ERR_PERSON_NAME,
)
from coproduce.linkups.tests.factories import make_household


@pytest.mark.django_db
def test_adds_an_adult_member_by_membership_and_a_child_by_age(coordinator):
    community = coordinator.community
    household = make_household(coordinator, adults=())
    rana = make_member(community, name="Rana Haddad")

    adult = household_person_add(
        actor=coordinator, community=community, household_id=household.pk, kind="adult", membership_id=rana.pk
    )
    child = household_person_add(
        actor=coordinator, community=community, household_id=household.pk, kind="child", name="Omar", age=7
    )

    assert (adult.name, adult.membership) == ("Rana Haddad", rana)
    from django.utils import timezone

    assert child.birth_year == timezone.localdate().year - 7
    assert child.age_on(timezone.localdate()) == 7


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "pet", "name": "Rex"}, ERR_PERSON_KIND),
        ({"kind": "child", "name": "Omar"}, ERR_CHILD_AGE),
        ({"kind": "child", "name": "Omar", "age": -1}, ERR_AGE),
        ({"kind": "child", "name": "Omar", "birth_year": 1800}, ERR_BIRTH_YEAR),
        ({"kind": "adult", "name": " "}, ERR_PERSON_NAME),
    ],
)
def test_refuses_incomplete_people(coordinator, fields, message):
    household = make_household(coordinator, adults=())
    with pytest.raises(DomainError, match=re.escape(str(message))):
        household_person_add(actor=coordinator, community=coordinator.community, household_id=household.pk, **fields)
    assert HouseholdMember.objects.count() == 0


@pytest.mark.django_db
def test_a_member_belongs_to_one_household_and_must_be_active(coordinator, outsider):
    community = coordinator.community
    first = make_household(coordinator, name="First", adults=("Rana",))
    second = make_household(coordinator, name="Second", adults=())
    rana = first.people.get().membership
    suspended = make_member(community, status=Membership.Status.SUSPENDED)

    with pytest.raises(DomainError, match=re.escape(str(ERR_MEMBER_TAKEN))):
        household_person_add(
            actor=coordinator, community=community, household_id=second.pk, kind="adult", membership_id=rana.pk
        )
    for membership in (suspended, outsider):
        with pytest.raises(DomainError, match=re.escape(str(ERR_MEMBER_NOT_ACTIVE))):
            household_person_add(
                actor=coordinator,
                community=community,
                household_id=second.pk,
                kind="adult",
                membership_id=membership.pk,
            )


@pytest.mark.django_db
def test_removing_a_person_who_consented_to_a_link_up_is_refused(coordinator, linkup):
    consenting = linkup.consents.first().given_by
    with pytest.raises(DomainError, match=re.escape(str(ERR_PERSON_HAS_CONSENTED))):
        household_person_remove(actor=coordinator, community=coordinator.community, person_id=consenting.pk)
    assert HouseholdMember.objects.filter(pk=consenting.pk).exists()


@pytest.mark.django_db
def test_removes_a_person_and_members_cannot(coordinator, member):
    household = make_household(coordinator, children=(4,))
    child = household.people.get(kind="child")
    with pytest.raises(NotFound):
        household_person_remove(actor=member, community=coordinator.community, person_id=child.pk)

    household_person_remove(actor=coordinator, community=coordinator.community, person_id=child.pk)

    assert not HouseholdMember.objects.filter(pk=child.pk).exists()
