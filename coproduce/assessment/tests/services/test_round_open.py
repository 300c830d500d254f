import datetime as dt

import pytest

from coproduce.assessment import services
from coproduce.assessment.models import Round
from coproduce.assessment.services import ERR_PERIOD_ORDER, ERR_SERVICE, round_open
from coproduce.assessment.tests.factories import make_service
from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound


@pytest.mark.django_db
def test_a_coordinator_opens_a_round_with_the_current_instrument_and_the_communitys_own_statements(
    community, coordinator
):
    service = make_service(community)
    own = services.community_statement_create(
        actor=coordinator,
        community=community,
        principle="ASSETS",
        professional_text="We run a skills fair.",
        user_text="I went to a skills fair.",
    )

    assessment_round = round_open(
        actor=coordinator,
        community=community,
        service=service,
        title="Spring",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
    )

    assert assessment_round.is_open
    assert assessment_round.instrument.version == 1
    assert list(assessment_round.community_statements.all()) == [own]
    assert AuditEvent.objects.filter(action="assessment.round_open", object_id=str(assessment_round.pk)).exists()


@pytest.mark.django_db
def test_the_period_must_not_end_before_it_starts(community, coordinator):
    with pytest.raises(DomainError) as error:
        round_open(
            actor=coordinator,
            community=community,
            service=make_service(community),
            title="Spring",
            period_start=dt.date(2026, 3, 1),
            period_end=dt.date(2026, 2, 1),
        )

    assert str(error.value) == str(ERR_PERIOD_ORDER)
    assert error.value.field == "period_end"
    assert not Round.objects.exists()


@pytest.mark.django_db
def test_a_member_cannot_open_a_round_and_another_communitys_service_is_refused(
    community, coordinator, member, other_community
):
    with pytest.raises(NotFound):
        round_open(
            actor=member,
            community=community,
            service=make_service(community),
            title="x",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 1, 2),
        )
    with pytest.raises(DomainError) as error:
        round_open(
            actor=coordinator,
            community=community,
            service=make_service(other_community),
            title="x",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 1, 2),
        )
    assert str(error.value) == str(ERR_SERVICE)
    assert not Round.objects.exists()
