import re

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.sharedroles.models import PlaceMember
from coproduce.sharedroles.services import (
    ERR_CITIZEN_ROLE_FOR_PROFESSIONAL,
    ERR_PLACE_ROLE,
    ERR_STAFF_MUST_BE_PROFESSIONAL,
    place_role_set,
)


@pytest.mark.django_db
def test_a_coordinator_records_a_resident_and_can_change_it(community, coordinator, member):
    place_role_set(actor=coordinator, community=community, membership_id=member.pk, place_role="resident")
    place_role_set(actor=coordinator, community=community, membership_id=member.pk, place_role="family")

    assert PlaceMember.objects.get(membership=member).place_role == "family"
    changes = [
        e.changes["place_role"] for e in AuditEvent.objects.filter(action="sharedroles.place_role_set").order_by("id")
    ]
    assert changes == [[None, "resident"], ["resident", "family"]]


@pytest.mark.django_db
def test_staff_must_be_professionals_and_professionals_are_staff(community, coordinator, member):
    with pytest.raises(DomainError, match=re.escape(str(ERR_STAFF_MUST_BE_PROFESSIONAL))):
        place_role_set(actor=coordinator, community=community, membership_id=member.pk, place_role="staff")
    nurse = make_member(community, kind="professional")
    with pytest.raises(DomainError, match=re.escape(str(ERR_CITIZEN_ROLE_FOR_PROFESSIONAL))):
        place_role_set(actor=coordinator, community=community, membership_id=nurse.pk, place_role="resident")
    with pytest.raises(DomainError, match=re.escape(str(ERR_PLACE_ROLE))):
        place_role_set(actor=coordinator, community=community, membership_id=member.pk, place_role="boss")
    assert not PlaceMember.objects.exists()


@pytest.mark.django_db
def test_a_member_of_another_community_is_not_found(community, coordinator, outsider, member):
    with pytest.raises(NotFound):
        place_role_set(actor=coordinator, community=community, membership_id=outsider.pk, place_role="resident")
    with pytest.raises(NotFound):
        place_role_set(actor=member, community=community, membership_id=member.pk, place_role="resident")
