import pytest

from coproduce.assessment.models import Response, RoundLink
from coproduce.assessment.services import (
    ERR_LINK_CLOSED,
    ERR_PERSPECTIVE,
    link_response_save,
    link_response_start,
    round_close,
    round_link_create,
)
from coproduce.assessment.tests.factories import answers_for, open_round
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_an_anonymous_link_keeps_no_name_and_the_respondent_comes_back_with_their_own_token(community, coordinator):
    assessment_round = open_round(coordinator)
    link = round_link_create(
        actor=coordinator, community=community, round_id=assessment_round.pk, perspective="user", anonymous=True
    )

    response = link_response_start(community=community, token=link.token, name="Jo Bloggs", language="es")
    link_response_save(community=community, resume_token=response.resume_token, answers=answers_for({}, default=4))
    sent = link_response_save(community=community, resume_token=response.resume_token, answers=[], submit=True)

    assert sent.is_submitted
    assert sent.membership_id is None
    assert sent.respondent_name == ""
    assert sent.perspective == "user"
    assert sent.language == "es"
    assert sent.resume_token != link.token


@pytest.mark.django_db
def test_a_named_link_keeps_the_name_given(community, coordinator):
    assessment_round = open_round(coordinator)
    link = round_link_create(
        actor=coordinator,
        community=community,
        round_id=assessment_round.pk,
        perspective="professional",
        anonymous=False,
    )

    response = link_response_start(community=community, token=link.token, name="  Sam Social Worker ")

    assert response.respondent_name == "Sam Social Worker"
    assert response.perspective == "professional"


@pytest.mark.django_db
def test_links_of_another_community_or_of_a_closed_round_do_not_work(community, coordinator, other_community):
    assessment_round = open_round(coordinator)
    link = round_link_create(actor=coordinator, community=community, round_id=assessment_round.pk, perspective="user")
    with pytest.raises(NotFound):
        link_response_start(community=other_community, token=link.token)
    with pytest.raises(NotFound):
        link_response_save(community=community, resume_token="made-up", answers=[])

    round_close(actor=coordinator, community=community, round_id=assessment_round.pk)
    with pytest.raises(DomainError) as error:
        link_response_start(community=community, token=link.token)
    assert str(error.value) == str(ERR_LINK_CLOSED)
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_link_needs_a_perspective(community, coordinator):
    assessment_round = open_round(coordinator)

    with pytest.raises(DomainError) as error:
        round_link_create(actor=coordinator, community=community, round_id=assessment_round.pk, perspective="family")

    assert str(error.value) == str(ERR_PERSPECTIVE)
    assert not RoundLink.objects.exists()
