import dataclasses

import pytest

from coproduce.core.errors import NotFound
from coproduce.core.testing import make_member
from coproduce.panels.models import CaseAccess
from coproduce.panels.services import case_open, case_schedule, cases_open, hearing_brief_open, hearing_juror_add
from coproduce.panels.tests.conftest import at_intake, former_respondent, future_hearing, make_case


@pytest.mark.django_db
def test_every_time_a_coordinator_opens_a_case_it_is_logged(community, coordinator):
    case = make_case(community, coordinator)

    case_open(actor=coordinator, community=community, case_id=case.pk, channel="page")
    case_open(actor=coordinator, community=community, case_id=case.pk, channel="api")
    list(cases_open(actor=coordinator, community=community, channel="api"))

    rows = list(CaseAccess.objects.order_by("id").values_list("case_id", "user_id", "channel", "what"))
    assert rows == [
        (case.pk, coordinator.user_id, "page", "case"),
        (case.pk, coordinator.user_id, "api", "case"),
        (None, coordinator.user_id, "api", "case list"),
    ]


@pytest.mark.django_db
def test_members_and_other_courts_cannot_open_cases(community, coordinator, member, outsider):
    case = make_case(community, coordinator)
    for actor in (member, outsider):
        with pytest.raises(NotFound):
            case_open(actor=actor, community=community, case_id=case.pk, channel="page")
    elsewhere = make_member(outsider.community, role="coordinator")
    with pytest.raises(NotFound):
        case_open(actor=elsewhere, community=outsider.community, case_id=case.pk, channel="page")
    assert not CaseAccess.objects.exists()


@pytest.mark.django_db
def test_a_juror_sees_only_what_the_hearing_needs_and_the_reading_is_logged(community, coordinator, presiding):
    case = at_intake(community, coordinator)
    hearing = future_hearing(community, coordinator, presiding)
    case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)
    juror = former_respondent(community)
    hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk)

    brief = hearing_brief_open(actor=juror, community=community, hearing_id=hearing.pk, channel="page")

    (shown,) = brief.cases
    assert dataclasses.asdict(shown) == {
        "reference": case.reference,
        "first_name": "Jordan",
        "offence": "Theft or shoplifting",
        "panel_question": "A fair sentence for taking a phone from a bag.",
    }
    everything = str(dataclasses.asdict(brief))
    for secret in ("Mills", "12 Long Lane", "Northside Academy", "dee@example.org", "Ms Patel"):
        assert secret not in everything
    assert list(CaseAccess.objects.values_list("case_id", "user_id", "what")) == [
        (case.pk, juror.user_id, "hearing brief")
    ]


@pytest.mark.django_db
def test_someone_not_serving_at_the_hearing_gets_no_brief(community, coordinator, presiding, member, outsider):
    hearing = future_hearing(community, coordinator, presiding)
    for actor, place in ((member, community), (outsider, community), (outsider, outsider.community)):
        with pytest.raises(NotFound):
            hearing_brief_open(actor=actor, community=place, hearing_id=hearing.pk, channel="api")
    assert hearing_brief_open(actor=presiding, community=community, hearing_id=hearing.pk, channel="api").cases == []
