import pytest

from coproduce.assessment.domain import Perspective
from coproduce.assessment.models import Invitation
from coproduce.assessment.services import ERR_NOBODY_TO_INVITE, ERR_ROUND_CLOSED, invitations_send, round_close
from coproduce.assessment.tests.factories import open_round
from coproduce.communities.models import Membership
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member


@pytest.mark.django_db
def test_inviting_by_kind_gives_professionals_and_citizens_their_own_wording(community, coordinator, member):
    assessment_round = open_round(coordinator)
    nurse = make_member(community, kind=Membership.Kind.PROFESSIONAL)
    make_member(community, status=Membership.Status.APPLIED)

    count = invitations_send(
        actor=coordinator,
        community=community,
        round_id=assessment_round.pk,
        kinds=[Membership.Kind.CITIZEN, Membership.Kind.PROFESSIONAL],
    )

    perspectives = dict(Invitation.objects.values_list("membership_id", "perspective"))
    assert count == 3  # coordinator, nurse and member; the applicant is not active
    assert perspectives[nurse.pk] == Perspective.PROFESSIONAL
    assert perspectives[member.pk] == Perspective.USER


@pytest.mark.django_db
def test_inviting_twice_invites_once(community, coordinator, member):
    assessment_round = open_round(coordinator)
    invitations_send(actor=coordinator, community=community, round_id=assessment_round.pk, membership_ids=[member.pk])

    again = invitations_send(
        actor=coordinator, community=community, round_id=assessment_round.pk, membership_ids=[member.pk]
    )

    assert again == 0
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_nobody_chosen_a_closed_round_and_a_stranger_are_refused(community, coordinator, outsider):
    assessment_round = open_round(coordinator)
    with pytest.raises(DomainError) as error:
        invitations_send(actor=coordinator, community=community, round_id=assessment_round.pk)
    assert str(error.value) == str(ERR_NOBODY_TO_INVITE)
    with pytest.raises(NotFound):
        invitations_send(
            actor=coordinator, community=community, round_id=assessment_round.pk, membership_ids=[outsider.pk]
        )

    round_close(actor=coordinator, community=community, round_id=assessment_round.pk)
    with pytest.raises(DomainError) as error:
        invitations_send(actor=coordinator, community=community, round_id=assessment_round.pk, kinds=["citizen"])
    assert str(error.value) == str(ERR_ROUND_CLOSED)
    assert not Invitation.objects.exists()
