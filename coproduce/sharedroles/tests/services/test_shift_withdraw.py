import re

import pytest

from coproduce.core.errors import DomainError
from coproduce.sharedroles.models import PlaceRole
from coproduce.sharedroles.services import ERR_LAST_STAFF, ERR_NOT_SIGNED_UP, shift_signup, shift_withdraw
from coproduce.sharedroles.tests.conftest import future_shift, person


@pytest.mark.django_db
def test_the_only_member_of_staff_cannot_leave_residents_alone(community, coordinator, kitchen, staff, resident):
    shift = future_shift(community, coordinator, kitchen)
    shift_signup(actor=staff, community=community, shift_id=shift.pk)
    shift_signup(actor=resident, community=community, shift_id=shift.pk)

    with pytest.raises(DomainError, match=re.escape(str(ERR_LAST_STAFF))):
        shift_withdraw(actor=staff, community=community, shift_id=shift.pk)

    colleague = person(community, PlaceRole.STAFF)
    shift_signup(actor=colleague, community=community, shift_id=shift.pk)
    assert shift_withdraw(actor=staff, community=community, shift_id=shift.pk).status == "withdrawn"


@pytest.mark.django_db
def test_withdrawing_when_not_signed_up_is_refused(community, coordinator, garden, resident):
    shift = future_shift(community, coordinator, garden)
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_SIGNED_UP))):
        shift_withdraw(actor=resident, community=community, shift_id=shift.pk)


@pytest.mark.django_db
def test_a_coordinator_withdraws_someone_they_act_for(community, coordinator, garden, resident):
    shift = future_shift(community, coordinator, garden)
    shift_signup(actor=resident, community=community, shift_id=shift.pk)
    signup = shift_withdraw(actor=coordinator, community=community, shift_id=shift.pk, membership_id=resident.pk)
    assert signup.status == "withdrawn"
