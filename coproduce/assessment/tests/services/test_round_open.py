import datetime as dt
import zoneinfo

import pytest

from coproduce.assessment import services
from coproduce.assessment.models import Round
from coproduce.assessment.services import ERR_PERIOD_ORDER, ERR_PERIOD_TOO_LONG, ERR_SERVICE, round_open
from coproduce.assessment.tests.factories import make_service
from coproduce.audit.models import AuditEvent
from coproduce.core.errors import DomainError, NotFound
from coproduce.insights.models import InsightSnapshot


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
@pytest.mark.parametrize(("start", "end", "refused"), [
    (dt.date(2016, 1, 1), dt.date(2025, 12, 31), False),  # ten years exactly
    (dt.date(2016, 1, 1), dt.date(2026, 1, 1), True),
])
def test_a_round_looks_back_ten_years_at_most(community, coordinator, start, end, refused):
    def opening():
        return round_open(
            actor=coordinator, community=community, service=make_service(community), title="Decade",
            period_start=start, period_end=end,
        )

    if refused:
        with pytest.raises(DomainError) as error:
            opening()
        assert (str(error.value), error.value.field) == (str(ERR_PERIOD_TOO_LONG), "period_start")
        assert not Round.objects.exists()
    else:
        assert opening().period_end == end


@pytest.mark.django_db
def test_opening_a_round_has_its_figures_computed_in_the_background(
    community, coordinator, django_capture_on_commit_callbacks
):
    service = make_service(community)

    with django_capture_on_commit_callbacks(execute=True):
        round_open(
            actor=coordinator, community=community, service=service, title="Spring",
            period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 31),
        )

    snapshot = InsightSnapshot.objects.get(community=community, service=service)
    london = zoneinfo.ZoneInfo("Europe/London")
    assert snapshot.period_start == dt.datetime(2026, 1, 1, tzinfo=london)
    assert snapshot.period_end == dt.datetime(2026, 4, 1, tzinfo=london)
    assert "indicators" in snapshot.payload


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
