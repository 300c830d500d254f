import pytest
from django.db import IntegrityError, transaction

from coproduce.assessment.models import Answer, Response
from coproduce.assessment.services import (
    ERR_ALREADY_SUBMITTED,
    ERR_BAD_URL,
    ERR_NOT_INVITED,
    ERR_RATING_AND_DONT_KNOW,
    ERR_ROUND_CLOSED,
    ERR_UNANSWERED,
    ERR_UNKNOWN_STATEMENT,
    AnswerInput,
    response_save,
    round_close,
)
from coproduce.assessment.tests.factories import answers_for, open_round, respondent
from coproduce.communities.models import Membership
from coproduce.core.errors import DomainError, NotFound


@pytest.fixture
def invited(community, coordinator):
    assessment_round = open_round(coordinator)
    return assessment_round, respondent(assessment_round, coordinator, Membership.Kind.CITIZEN)


@pytest.mark.django_db
def test_a_draft_is_saved_and_picked_up_again_then_sent(community, invited):
    assessment_round, person = invited

    draft = response_save(
        actor=person,
        community=community,
        round_id=assessment_round.pk,
        answers=[AnswerInput(code="ASSETS_1", rating=4, evidence_text="I run the gardening group.")],
    )
    again = response_save(
        actor=person,
        community=community,
        round_id=assessment_round.pk,
        answers=[AnswerInput(code="ASSETS_1", dont_know=True), AnswerInput(code="ASSETS_2", rating=2)],
    )

    assert draft.pk == again.pk
    assert again.status == Response.Status.DRAFT
    first = Answer.objects.get(response=again, statement__code="ASSETS_1")
    assert (first.rating, first.dont_know, first.evidence_text) == (None, True, "")
    assert again.perspective == "user"

    sent = response_save(
        actor=person,
        community=community,
        round_id=assessment_round.pk,
        answers=answers_for({}),
        submit=True,
        language="es",
    )

    assert sent.is_submitted
    assert sent.submitted_at is not None
    assert sent.language == "es"
    assert Answer.objects.filter(response=sent).count() == 24


@pytest.mark.django_db
def test_sending_needs_every_statement_answered_or_dont_know(community, invited):
    assessment_round, person = invited
    answers = [a for a in answers_for({}) if a.code != "CATALYSTS_4"]

    with pytest.raises(DomainError) as error:
        response_save(actor=person, community=community, round_id=assessment_round.pk, answers=answers, submit=True)

    assert str(error.value) == str(ERR_UNANSWERED)
    assert error.value.field == "answer_CATALYSTS_4"
    assert not Response.objects.filter(status=Response.Status.SUBMITTED).exists()


@pytest.mark.django_db
def test_sent_answers_are_final(community, invited):
    assessment_round, person = invited
    response_save(actor=person, community=community, round_id=assessment_round.pk, answers=answers_for({}), submit=True)

    with pytest.raises(DomainError) as error:
        response_save(
            actor=person,
            community=community,
            round_id=assessment_round.pk,
            answers=[AnswerInput(code="ASSETS_1", rating=1)],
        )

    assert str(error.value) == str(ERR_ALREADY_SUBMITTED)
    assert Answer.objects.get(statement__code="ASSETS_1").rating == 3


@pytest.mark.django_db
def test_the_database_holds_one_response_per_person_per_round(community, invited):
    assessment_round, person = invited
    response_save(actor=person, community=community, round_id=assessment_round.pk, answers=[])

    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(community=community, round=assessment_round, membership=person, perspective="user")


@pytest.mark.parametrize(
    ("answer", "message", "field"),
    [
        (AnswerInput(code="ASSETS_1", rating=6), None, "answer_ASSETS_1"),
        (AnswerInput(code="ASSETS_1", rating=3, dont_know=True), ERR_RATING_AND_DONT_KNOW, "answer_ASSETS_1"),
        (AnswerInput(code="NOPE_1", rating=3), ERR_UNKNOWN_STATEMENT, None),
        (AnswerInput(code="ASSETS_1", rating=3, evidence_url="javascript:alert(1)"), ERR_BAD_URL, "link_ASSETS_1"),
    ],
)
@pytest.mark.django_db
def test_bad_answers_are_refused_and_change_nothing(community, invited, answer, message, field):
    assessment_round, person = invited

    with pytest.raises(DomainError) as error:
        response_save(
            actor=person,
            community=community,
            round_id=assessment_round.pk,
            answers=[AnswerInput(code="ASSETS_2", rating=2), answer],
        )

    if message:
        assert str(error.value) == str(message)
    assert error.value.field == field
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_someone_not_invited_cannot_answer_and_a_closed_round_takes_no_answers(community, coordinator, member, invited):
    assessment_round, person = invited
    with pytest.raises(NotFound) as error:
        response_save(actor=member, community=community, round_id=assessment_round.pk, answers=[])
    assert str(error.value) == str(ERR_NOT_INVITED)

    response_save(actor=person, community=community, round_id=assessment_round.pk, answers=[])
    round_close(actor=coordinator, community=community, round_id=assessment_round.pk)
    with pytest.raises(DomainError) as error:
        response_save(
            actor=person,
            community=community,
            round_id=assessment_round.pk,
            answers=[AnswerInput(code="ASSETS_1", rating=2)],
        )
    assert str(error.value) == str(ERR_ROUND_CLOSED)
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_member_of_another_community_cannot_answer(community, invited, outsider):
    assessment_round, _person = invited

    with pytest.raises(NotFound):
        response_save(actor=outsider, community=community, round_id=assessment_round.pk, answers=[])
