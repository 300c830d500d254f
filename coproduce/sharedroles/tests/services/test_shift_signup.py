import contextlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.sharedroles.models import ShiftSignup
from coproduce.sharedroles.services import (
    ERR_ALREADY_SIGNED_UP,
    ERR_CARE_ROLE,
    ERR_NEEDS_STAFF_FIRST,
    ERR_NO_PLACE_ROLE,
    ERR_ROLE_NOT_ALLOWED,
    ERR_SHIFT_CANCELLED,
    ERR_SHIFT_FULL,
    ERR_SHIFT_STARTED,
    shift_cancel,
    shift_signup,
    shift_withdraw,
    template_create,
)
from coproduce.sharedroles.tests.conftest import future_shift, past_shift, person


@pytest.mark.django_db
def test_residents_and_staff_sign_up_alike(community, coordinator, garden, resident, staff):
    shift = future_shift(community, coordinator, garden)

    mine = shift_signup(actor=resident, community=community, shift_id=shift.pk)
    theirs = shift_signup(actor=staff, community=community, shift_id=shift.pk)

    assert (mine.place_role, theirs.place_role) == ("resident", "staff")
    assert AuditEvent.objects.filter(action="sharedroles.shift_signup").count() == 2


@pytest.mark.django_db
def test_a_full_shift_is_refused(community, coordinator, garden, resident, other_resident, family):
    shift = future_shift(community, coordinator, garden, capacity=2)
    shift_signup(actor=resident, community=community, shift_id=shift.pk)
    shift_signup(actor=other_resident, community=community, shift_id=shift.pk)

    with pytest.raises(DomainError) as error:
        shift_signup(actor=family, community=community, shift_id=shift.pk)

    assert str(error.value) == str(ERR_SHIFT_FULL)
    assert ShiftSignup.objects.filter(shift=shift).count() == 2


@pytest.mark.django_db
def test_a_resident_cannot_take_personal_or_clinical_care(community, coordinator, care, resident, family, staff):
    shift = future_shift(community, coordinator, care)

    for person_ in (resident, family):
        with pytest.raises(DomainError) as error:
            shift_signup(actor=person_, community=community, shift_id=shift.pk)
        assert str(error.value) == str(ERR_CARE_ROLE)
    assert shift_signup(actor=staff, community=community, shift_id=shift.pk).place_role == "staff"


@pytest.mark.django_db
def test_a_coordinator_cannot_put_a_resident_on_a_clinical_role_either(community, coordinator, care, resident):
    shift = future_shift(community, coordinator, care)
    with pytest.raises(DomainError, match=re.escape(str(ERR_CARE_ROLE))):
        shift_signup(actor=coordinator, community=community, shift_id=shift.pk, membership_id=resident.pk)
    assert not ShiftSignup.objects.exists()


@pytest.mark.django_db
def test_a_role_closed_to_volunteers_is_refused_to_them(community, coordinator, volunteer):
    library = template_create(actor=coordinator, community=community, name="Library", allow_volunteers=False)
    shift = future_shift(community, coordinator, library)
    with pytest.raises(DomainError, match=re.escape(str(ERR_ROLE_NOT_ALLOWED))):
        shift_signup(actor=volunteer, community=community, shift_id=shift.pk)


@pytest.mark.django_db
def test_someone_whose_role_in_the_place_is_unknown_is_asked_to_see_a_coordinator(
    community, coordinator, garden, member
):
    shift = future_shift(community, coordinator, garden)
    with pytest.raises(DomainError, match=re.escape(str(ERR_NO_PLACE_ROLE))):
        shift_signup(actor=member, community=community, shift_id=shift.pk)


@pytest.mark.django_db
def test_a_resident_cannot_work_a_staff_supervised_role_alone(community, coordinator, kitchen, resident, staff):
    shift = future_shift(community, coordinator, kitchen)

    with pytest.raises(DomainError) as error:
        shift_signup(actor=resident, community=community, shift_id=shift.pk)
    assert str(error.value) == str(ERR_NEEDS_STAFF_FIRST)

    shift_signup(actor=staff, community=community, shift_id=shift.pk)
    assert shift_signup(actor=resident, community=community, shift_id=shift.pk).status == "signed_up"


@pytest.mark.django_db
def test_signing_up_twice_is_refused_but_coming_back_after_withdrawing_is_not(community, coordinator, garden, resident):
    shift = future_shift(community, coordinator, garden)
    shift_signup(actor=resident, community=community, shift_id=shift.pk)
    with pytest.raises(DomainError, match=re.escape(str(ERR_ALREADY_SIGNED_UP))):
        shift_signup(actor=resident, community=community, shift_id=shift.pk)

    shift_withdraw(actor=resident, community=community, shift_id=shift.pk)
    again = shift_signup(actor=resident, community=community, shift_id=shift.pk)
    assert again.status == "signed_up"
    assert ShiftSignup.objects.filter(shift=shift).count() == 1


@pytest.mark.django_db
def test_started_and_cancelled_shifts_take_no_sign_ups(community, coordinator, garden, resident):
    started = past_shift(community, coordinator, garden)
    with pytest.raises(DomainError, match=re.escape(str(ERR_SHIFT_STARTED))):
        shift_signup(actor=resident, community=community, shift_id=started.pk)
    cancelled = future_shift(community, coordinator, garden)
    shift_cancel(actor=coordinator, community=community, shift_id=cancelled.pk, reason="Rain")
    with pytest.raises(DomainError, match=re.escape(str(ERR_SHIFT_CANCELLED))):
        shift_signup(actor=resident, community=community, shift_id=cancelled.pk)


@pytest.mark.django_db
def test_only_a_coordinator_signs_up_someone_else(community, coordinator, garden, resident, other_resident):
    shift = future_shift(community, coordinator, garden)
    with pytest.raises(NotFound):
        shift_signup(actor=resident, community=community, shift_id=shift.pk, membership_id=other_resident.pk)

    signup = shift_signup(actor=coordinator, community=community, shift_id=shift.pk, membership_id=other_resident.pk)
    assert signup.membership == other_resident
    assert signup.signed_up_by == coordinator.user


@pytest.mark.django_db
def test_a_shift_of_another_community_is_not_found(community, coordinator, garden, other_community):
    shift = future_shift(community, coordinator, garden)
    elsewhere = person(other_community, "resident")
    with pytest.raises(NotFound):
        shift_signup(actor=elsewhere, community=other_community, shift_id=shift.pk)
    with pytest.raises(NotFound):
        shift_signup(actor=elsewhere, community=community, shift_id=shift.pk)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    capacity=st.integers(min_value=1, max_value=4),
    order=st.lists(st.sampled_from(["resident", "family", "volunteer", "staff"]), min_size=1, max_size=8),
)
def test_a_staff_supervised_crew_never_outgrows_its_places_or_lacks_staff(
    community, coordinator, kitchen, capacity, order
):
    shift = future_shift(community, coordinator, kitchen, capacity=capacity)
    for place_role in order:
        with contextlib.suppress(DomainError):
            shift_signup(actor=person(community, place_role), community=community, shift_id=shift.pk)
    crew = list(ShiftSignup.objects.filter(shift=shift, status="signed_up").values_list("place_role", flat=True))
    assert len(crew) <= capacity
    assert not crew or "staff" in crew


@pytest.mark.django_db
def test_a_member_of_another_kind_in_the_same_community_without_a_place_role_is_staff_by_default(
    community, coordinator, kitchen
):
    nurse = make_member(community, kind="professional")
    shift = future_shift(community, coordinator, kitchen)
    assert shift_signup(actor=nurse, community=community, shift_id=shift.pk).place_role == "staff"
