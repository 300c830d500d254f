import pytest

from coproduce.assessment.services import ERR_ROUND_ALREADY_CLOSED, round_close
from coproduce.assessment.tests.factories import open_round
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_closing_a_round_stops_it_once(community, coordinator, member):
    assessment_round = open_round(coordinator)
    with pytest.raises(NotFound):
        round_close(actor=member, community=community, round_id=assessment_round.pk)

    closed = round_close(actor=coordinator, community=community, round_id=assessment_round.pk)

    assert not closed.is_open
    assert closed.closed_at is not None
    with pytest.raises(DomainError) as error:
        round_close(actor=coordinator, community=community, round_id=assessment_round.pk)
    assert str(error.value) == str(ERR_ROUND_ALREADY_CLOSED)


@pytest.mark.django_db
def test_a_coordinator_of_another_community_cannot_close_it(community, coordinator, other_community, outsider):
    assessment_round = open_round(coordinator)

    with pytest.raises(NotFound):
        round_close(actor=outsider, community=other_community, round_id=assessment_round.pk)
    with pytest.raises(NotFound):
        round_close(actor=outsider, community=community, round_id=assessment_round.pk)
    assessment_round.refresh_from_db()
    assert assessment_round.is_open
