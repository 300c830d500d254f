import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.core.errors import DomainError
from coproduce.panels.models import Hearing
from coproduce.panels.services import (
    ERR_HEARING_NOT_SCHEDULED,
    ERR_HEARING_PAST,
    ERR_RESPONDENT_SERVES,
    case_postpone,
    case_schedule,
    hearing_cancel,
    hearing_juror_add,
)
from coproduce.panels.tests.conftest import at_intake, former_respondent, future_hearing


@pytest.mark.django_db
def test_a_case_at_intake_is_scheduled_and_can_be_taken_off_again(community, coordinator, presiding):
    case = at_intake(community, coordinator)
    hearing = future_hearing(community, coordinator, presiding)

    case = case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)
    assert (case.status, case.hearing) == ("hearing_scheduled", hearing)

    case = case_postpone(actor=coordinator, community=community, case_id=case.pk, reason="Exams that week")
    assert (case.status, case.hearing) == ("intake", None)


@pytest.mark.django_db
def test_past_and_cancelled_hearings_cannot_take_cases(community, coordinator, presiding):
    case = at_intake(community, coordinator)
    past = future_hearing(community, coordinator, presiding)
    Hearing.objects.filter(pk=past.pk).update(scheduled_for=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(DomainError, match=re.escape(str(ERR_HEARING_PAST))):
        case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=past.pk)
    cancelled = future_hearing(community, coordinator, presiding)
    hearing_cancel(actor=coordinator, community=community, hearing_id=cancelled.pk, reason="Hall flooded")
    with pytest.raises(DomainError, match=re.escape(str(ERR_HEARING_NOT_SCHEDULED))):
        case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=cancelled.pk)


@pytest.mark.django_db
def test_a_young_person_is_not_heard_at_a_hearing_where_they_sit_on_the_jury(community, coordinator, presiding):
    juror = former_respondent(community)
    hearing = future_hearing(community, coordinator, presiding)
    hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk)
    case = at_intake(community, coordinator, first_name="Again")
    case.respondent = juror
    case.save()

    with pytest.raises(DomainError, match=re.escape(str(ERR_RESPONDENT_SERVES))):
        case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)


@pytest.mark.django_db
def test_cancelling_a_hearing_sends_its_cases_back_to_intake(community, coordinator, presiding):
    case = at_intake(community, coordinator)
    hearing = future_hearing(community, coordinator, presiding)
    case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)

    hearing_cancel(actor=coordinator, community=community, hearing_id=hearing.pk, reason="Presiding adult ill")

    case.refresh_from_db()
    assert (case.status, case.hearing) == ("intake", None)
    assert "Presiding adult ill" in case.status_reason
