import pytest

from coproduce.communities.models import Membership
from coproduce.communities.services import ERR_NOT_PENDING, membership_apply, membership_approve, membership_decline
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_user


@pytest.mark.django_db
def test_decline_records_the_reason_and_tells_the_applicant(community, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    applicant = make_user()
    application = membership_apply(user=applicant, community=community)
    with django_capture_on_commit_callbacks(execute=True):
        declined = membership_decline(actor=coordinator, community=community, membership_id=application.pk, reason="We are full")
    assert (declined.status, declined.decision_reason) == (Membership.Status.DECLINED, "We are full")
    assert any("We are full" in m.body for m in mailoutbox if applicant.email in m.to)


@pytest.mark.django_db
def test_a_decided_application_cannot_be_decided_again(community, coordinator):
    application = membership_apply(user=make_user(), community=community)
    membership_approve(actor=coordinator, community=community, membership_id=application.pk)
    with pytest.raises(DomainError, match=str(ERR_NOT_PENDING)):
        membership_decline(actor=coordinator, community=community, membership_id=application.pk, reason="Changed mind")


@pytest.mark.django_db
def test_an_application_elsewhere_looks_missing(community, other_community, coordinator):
    elsewhere = membership_apply(user=make_user(), community=other_community)
    with pytest.raises(NotFound):
        membership_approve(actor=coordinator, community=community, membership_id=elsewhere.pk)
    elsewhere.refresh_from_db()
    assert elsewhere.status == Membership.Status.APPLIED


@pytest.mark.django_db
def test_someone_declined_may_apply_again(community, coordinator):
    user = make_user()
    first = membership_apply(user=user, community=community)
    membership_decline(actor=coordinator, community=community, membership_id=first.pk, reason="Not yet")
    again = membership_apply(user=user, community=community, message="Please reconsider")
    assert (again.pk, again.status, again.decision_reason) == (first.pk, Membership.Status.APPLIED, "")
