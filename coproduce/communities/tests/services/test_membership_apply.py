import pytest

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Membership
from coproduce.communities.services import (
    ERR_ALREADY_MEMBER,
    ERR_REASON_REQUIRED,
    membership_apply,
    membership_approve,
    membership_decline,
)
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_user


@pytest.mark.django_db
def test_apply_then_approve_makes_an_active_member_and_tells_them(
    community, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = make_user(name="Ann Applicant")

    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_apply(user=applicant, community=community, message="I can garden")
    assert membership.status == Membership.Status.APPLIED
    assert any(coordinator.user.email in m.to for m in mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        approved = membership_approve(actor=coordinator, community=community, membership_id=membership.pk)

    assert approved.status == Membership.Status.ACTIVE
    assert approved.joined_at is not None
    assert [e.action for e in AuditEvent.objects.filter(object_id=str(membership.pk)).order_by("id")] == [
        "membership.apply", "membership.approve"]
    assert any(applicant.email in m.to for m in mailoutbox)


@pytest.mark.django_db
def test_decline_needs_a_reason_and_changes_nothing_without_one(community, coordinator):
    membership = membership_apply(user=make_user(), community=community)

    with pytest.raises(DomainError) as error:
        membership_decline(actor=coordinator, community=community, membership_id=membership.pk, reason="  ")

    assert str(error.value) == str(ERR_REASON_REQUIRED)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPLIED


@pytest.mark.django_db
def test_applying_twice_is_refused(community):
    user = make_user()
    membership_apply(user=user, community=community)
    with pytest.raises(DomainError, match=str(ERR_ALREADY_MEMBER)):
        membership_apply(user=user, community=community)
    assert Membership.objects.filter(community=community, user=user).count() == 1


@pytest.mark.django_db
def test_a_member_cannot_approve_and_a_coordinator_elsewhere_cannot_either(community, member, outsider):
    membership = membership_apply(user=make_user(), community=community)
    for actor in (member, outsider):
        with pytest.raises(NotFound):
            membership_approve(actor=actor, community=community, membership_id=membership.pk)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPLIED


@pytest.mark.django_db
def test_member_numbers_are_consecutive_per_community(community, other_community):
    first = membership_apply(user=make_user(), community=community)
    second = membership_apply(user=make_user(), community=community)
    elsewhere = membership_apply(user=make_user(), community=other_community)
    assert second.member_number == first.member_number + 1
    assert elsewhere.member_number == 1
