import re

import pytest

from coproduce.coproduction.models import Activity, Contribution
from coproduce.core.errors import DomainError, NotFound
from coproduce.ledger.models import Transfer
from coproduce.ledger.selectors import account_for_membership, community_pool
from coproduce.sharedroles.models import ShiftWork
from coproduce.sharedroles.services import (
    ERR_ALREADY_RECORDED,
    ERR_CARE_ROLE,
    ERR_CREDITS_OFF,
    ERR_DUPLICATE_PERSON,
    ERR_NOT_ACTIVE_MEMBER,
    ERR_NOT_YET_WORKED,
    ERR_WORK_MINUTES,
    WorkInput,
    credit_idempotency_key,
    settings_update,
    shift_credits_post,
    shift_record,
)
from coproduce.sharedroles.tests.conftest import future_shift, past_shift


@pytest.mark.django_db
def test_a_shift_worked_becomes_a_co_delivery_activity_where_everyone_gave(
    community, coordinator, kitchen, resident, family, staff
):
    shift = past_shift(community, coordinator, kitchen)

    shift_record(
        actor=coordinator,
        community=community,
        shift_id=shift.pk,
        notes="Soup day",
        worked=[WorkInput(resident.pk, 120), WorkInput(family.pk, 60), WorkInput(staff.pk, 120)],
    )

    shift.refresh_from_db()
    activity = shift.activity
    assert (shift.status, activity.kind, activity.phase, activity.source) == (
        "recorded",
        "shift",
        "deliver",
        "sharedroles",
    )
    assert activity.service.name == "Shared roles"
    contributions = sorted(
        Contribution.objects.filter(activity=activity).values_list("membership_id", "role", "minutes")
    )
    assert contributions == sorted([(resident.pk, "gave", 120), (family.pk, "gave", 60), (staff.pk, "gave", 120)])
    assert sorted(ShiftWork.objects.filter(shift=shift).values_list("place_role", flat=True)) == [
        "family",
        "resident",
        "staff",
    ]


@pytest.mark.django_db
def test_a_shift_is_recorded_once(community, coordinator, garden, resident):
    shift = past_shift(community, coordinator, garden)
    shift_record(actor=coordinator, community=community, shift_id=shift.pk, worked=[WorkInput(resident.pk, 60)])

    with pytest.raises(DomainError, match=re.escape(str(ERR_ALREADY_RECORDED))):
        shift_record(actor=coordinator, community=community, shift_id=shift.pk, worked=[WorkInput(resident.pk, 60)])
    assert Activity.objects.count() == 1


@pytest.mark.django_db
def test_a_shift_that_has_not_started_cannot_be_recorded(community, coordinator, garden, resident):
    shift = future_shift(community, coordinator, garden)
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_YET_WORKED))):
        shift_record(actor=coordinator, community=community, shift_id=shift.pk, worked=[WorkInput(resident.pk, 60)])


@pytest.mark.django_db
def test_recording_a_resident_on_clinical_care_is_refused_and_writes_nothing(
    community, coordinator, care, resident, staff
):
    shift = past_shift(community, coordinator, care)
    with pytest.raises(DomainError, match=re.escape(str(ERR_CARE_ROLE))):
        shift_record(
            actor=coordinator,
            community=community,
            shift_id=shift.pk,
            worked=[WorkInput(staff.pk, 60), WorkInput(resident.pk, 60)],
        )
    assert not Activity.objects.exists()
    assert not ShiftWork.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("minutes", "message"), [(0, ERR_WORK_MINUTES), (1441, ERR_WORK_MINUTES)])
def test_minutes_must_be_sensible(community, coordinator, garden, resident, minutes, message):
    shift = past_shift(community, coordinator, garden)
    with pytest.raises(DomainError, match=re.escape(str(message))):
        shift_record(
            actor=coordinator, community=community, shift_id=shift.pk, worked=[WorkInput(resident.pk, minutes)]
        )


@pytest.mark.django_db
def test_people_from_elsewhere_or_listed_twice_are_refused(community, coordinator, garden, resident, outsider):
    shift = past_shift(community, coordinator, garden)
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_ACTIVE_MEMBER))):
        shift_record(actor=coordinator, community=community, shift_id=shift.pk, worked=[WorkInput(outsider.pk, 60)])
    with pytest.raises(DomainError, match=re.escape(str(ERR_DUPLICATE_PERSON))):
        shift_record(
            actor=coordinator,
            community=community,
            shift_id=shift.pk,
            worked=[WorkInput(resident.pk, 60), WorkInput(resident.pk, 30)],
        )


@pytest.mark.django_db
def test_only_coordinators_of_this_community_record_shifts(community, coordinator, garden, resident, outsider):
    shift = past_shift(community, coordinator, garden)
    for actor in (resident, outsider):
        with pytest.raises(NotFound):
            shift_record(actor=actor, community=community, shift_id=shift.pk, worked=[WorkInput(resident.pk, 60)])


@pytest.mark.django_db
def test_without_credits_switched_on_no_hours_move(community, coordinator, garden, resident):
    shift = past_shift(community, coordinator, garden)
    shift_record(actor=coordinator, community=community, shift_id=shift.pk, worked=[WorkInput(resident.pk, 60)])
    assert not Transfer.objects.exists()


@pytest.mark.django_db
def test_with_credits_on_residents_earn_their_hours_from_the_shared_roles_pool(
    community, coordinator, kitchen, resident, staff
):
    settings_update(actor=coordinator, community=community, credits_enabled=True)
    shift = past_shift(community, coordinator, kitchen)

    shift_record(
        actor=coordinator,
        community=community,
        shift_id=shift.pk,
        worked=[WorkInput(resident.pk, 90), WorkInput(staff.pk, 120)],
    )

    (transfer,) = Transfer.objects.all()
    shift.refresh_from_db()
    assert (transfer.kind, transfer.minutes, transfer.activity_id) == ("shift_credit", 90, shift.activity_id)
    assert transfer.idempotency_key == credit_idempotency_key(shift, resident.pk)
    assert account_for_membership(community=community, membership=resident).balance == 90
    assert community_pool(community=community, code="shared_roles").balance == -90
    assert account_for_membership(community=community, membership=staff).balance == 0


@pytest.mark.django_db
def test_staff_earn_credits_when_the_community_says_so(community, coordinator, kitchen, resident, staff):
    settings_update(actor=coordinator, community=community, credits_enabled=True, credit_staff=True)
    shift = past_shift(community, coordinator, kitchen)
    shift_record(
        actor=coordinator,
        community=community,
        shift_id=shift.pk,
        worked=[WorkInput(resident.pk, 90), WorkInput(staff.pk, 120)],
    )
    assert account_for_membership(community=community, membership=staff).balance == 120


@pytest.mark.django_db
def test_credits_are_posted_once_however_often_they_are_asked_for(community, coordinator, garden, resident, family):
    shift = past_shift(community, coordinator, garden)
    shift_record(
        actor=coordinator,
        community=community,
        shift_id=shift.pk,
        worked=[WorkInput(resident.pk, 60), WorkInput(family.pk, 45)],
    )
    with pytest.raises(DomainError, match=re.escape(str(ERR_CREDITS_OFF))):
        shift_credits_post(actor=coordinator, community=community, shift_id=shift.pk)

    settings_update(actor=coordinator, community=community, credits_enabled=True)
    shift_credits_post(actor=coordinator, community=community, shift_id=shift.pk)
    shift_credits_post(actor=coordinator, community=community, shift_id=shift.pk)

    assert Transfer.objects.filter(kind="shift_credit").count() == 2
    assert account_for_membership(community=community, membership=resident).balance == 60
    assert account_for_membership(community=community, membership=family).balance == 45
