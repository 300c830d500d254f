import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.core.errors import DomainError
from coproduce.panels.models import TRANSITIONS, Case, CaseEvent
from coproduce.panels.services import (
    ERR_INVALID_TRANSITION,
    SanctionInput,
    case_intake,
    case_mark_non_compliant,
    case_postpone,
    case_reinstate,
    case_return,
    case_schedule,
    sentence_set,
)
from coproduce.panels.tests.conftest import at_intake, future_hearing, make_case


@pytest.mark.django_db
def test_a_referral_cannot_jump_to_a_sentence(community, coordinator):
    case = make_case(community, coordinator)

    with pytest.raises(DomainError) as error:
        sentence_set(actor=coordinator, community=community, case_id=case.pk, sanctions=[SanctionInput("jury_duty", 1)])

    assert str(error.value) == str(ERR_INVALID_TRANSITION % {"from": "Referral", "to": "Sentence active"})
    assert error.value.code == "invalid_transition"
    case.refresh_from_db()
    assert case.status == "referral"
    assert not CaseEvent.objects.filter(case=case).exclude(to_status="referral").exists()


@pytest.mark.django_db
def test_moves_out_of_order_are_refused(community, coordinator, presiding):
    referral = make_case(community, coordinator)
    intake = at_intake(community, coordinator, first_name="Ash")
    hearing = future_hearing(community, coordinator, presiding)
    attempts = [
        lambda: case_schedule(actor=coordinator, community=community, case_id=referral.pk, hearing_id=hearing.pk),
        lambda: case_mark_non_compliant(actor=coordinator, community=community, case_id=intake.pk, reason="Late"),
        lambda: case_postpone(actor=coordinator, community=community, case_id=intake.pk, reason="Ill"),
        lambda: case_reinstate(
            actor=coordinator,
            community=community,
            case_id=referral.pk,
            reason="Again",
            due_on=timezone.localdate() + dt.timedelta(days=30),
        ),
        lambda: case_intake(
            actor=coordinator, community=community, case_id=intake.pk, young_person_consent=True, guardian_consent=True
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError, match="cannot become"):
            attempt()


@pytest.mark.django_db
def test_a_returned_case_is_closed_for_good(community, coordinator):
    case = make_case(community, coordinator)
    case_return(actor=coordinator, community=community, case_id=case.pk, reason="Family moved away")

    with pytest.raises(DomainError, match="cannot become"):
        case_intake(
            actor=coordinator, community=community, case_id=case.pk, young_person_consent=True, guardian_consent=True
        )
    with pytest.raises(DomainError, match="cannot become"):
        case_return(actor=coordinator, community=community, case_id=case.pk, reason="Again")


ACTIONS = ["intake", "return", "schedule", "postpone", "sentence", "non_compliant", "reinstate"]


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=8))
def test_whatever_is_tried_a_case_only_ever_makes_allowed_moves(community, coordinator, presiding, steps):
    case = make_case(community, coordinator, first_name=f"P{Case.objects.count()}")
    hearing = future_hearing(community, coordinator, presiding)
    run = {
        "intake": lambda: case_intake(
            actor=coordinator, community=community, case_id=case.pk, young_person_consent=True, guardian_consent=True
        ),
        "return": lambda: case_return(actor=coordinator, community=community, case_id=case.pk, reason="r"),
        "schedule": lambda: case_schedule(
            actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk
        ),
        "postpone": lambda: case_postpone(actor=coordinator, community=community, case_id=case.pk, reason="r"),
        "sentence": lambda: sentence_set(
            actor=coordinator, community=community, case_id=case.pk, sanctions=[SanctionInput("jury_duty", 1)]
        ),
        "non_compliant": lambda: case_mark_non_compliant(
            actor=coordinator, community=community, case_id=case.pk, reason="r"
        ),
        "reinstate": lambda: case_reinstate(
            actor=coordinator,
            community=community,
            case_id=case.pk,
            reason="r",
            due_on=timezone.localdate() + dt.timedelta(days=9),
        ),
    }
    for step in steps:
        before = Case.objects.get(pk=case.pk).status
        try:
            run[step]()
        except DomainError:
            assert Case.objects.get(pk=case.pk).status == before
    for event in CaseEvent.objects.filter(case=case).exclude(from_status=""):
        assert event.to_status in TRANSITIONS[event.from_status]
