import re

import pytest

from coproduce.core.errors import DomainError, NotFound
from coproduce.sharedroles.models import CommitteeMember
from coproduce.sharedroles.services import (
    ERR_ALREADY_ON_COMMITTEE,
    ERR_CHAIR_CANNOT_LEAVE,
    ERR_CHAIR_NOT_MEMBER,
    ERR_NOT_ACTIVE_MEMBER,
    committee_chair_set,
    committee_create,
    committee_member_add,
    committee_member_remove,
)


@pytest.mark.django_db
def test_a_committee_mixes_residents_families_and_staff_and_its_chair_is_a_member(
    community, coordinator, resident, family, staff
):
    committee = committee_create(
        actor=coordinator,
        community=community,
        name="Garden committee",
        member_ids=[family.pk, staff.pk],
        chair_id=resident.pk,
    )

    assert committee.chair == resident
    assert set(CommitteeMember.objects.filter(committee=committee).values_list("membership_id", flat=True)) == {
        resident.pk,
        family.pk,
        staff.pk,
    }


@pytest.mark.django_db
def test_people_from_another_community_cannot_join(community, coordinator, outsider):
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_ACTIVE_MEMBER))):
        committee_create(actor=coordinator, community=community, name="Residents' council", member_ids=[outsider.pk])


@pytest.mark.django_db
def test_the_chair_adds_members_and_cannot_leave_while_chair(community, coordinator, resident, family, staff):
    committee = committee_create(actor=coordinator, community=community, name="Welcome team", chair_id=resident.pk)

    committee_member_add(actor=resident, community=community, committee_id=committee.pk, membership_id=family.pk)
    with pytest.raises(DomainError, match=re.escape(str(ERR_ALREADY_ON_COMMITTEE))):
        committee_member_add(actor=resident, community=community, committee_id=committee.pk, membership_id=family.pk)
    with pytest.raises(NotFound):
        committee_member_add(actor=family, community=community, committee_id=committee.pk, membership_id=staff.pk)
    with pytest.raises(DomainError, match=re.escape(str(ERR_CHAIR_CANNOT_LEAVE))):
        committee_member_remove(
            actor=coordinator, community=community, committee_id=committee.pk, membership_id=resident.pk
        )
    with pytest.raises(DomainError, match=re.escape(str(ERR_CHAIR_NOT_MEMBER))):
        committee_chair_set(actor=coordinator, community=community, committee_id=committee.pk, membership_id=staff.pk)

    committee_chair_set(actor=coordinator, community=community, committee_id=committee.pk, membership_id=family.pk)
    committee_member_remove(
        actor=coordinator, community=community, committee_id=committee.pk, membership_id=resident.pk
    )
    assert list(CommitteeMember.objects.filter(committee=committee).values_list("membership_id", flat=True)) == [
        family.pk
    ]
