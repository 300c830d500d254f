import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.communities.models import Check
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.testing import make_member
from coproduce.panels.models import HearingJuror
from coproduce.panels.services import (
    ERR_ALREADY_JUROR,
    ERR_FOREPERSON_INEXPERIENCED,
    ERR_JUROR_IS_RESPONDENT,
    ERR_JUROR_OTHER_ROLE,
    ERR_NOT_FORMER_RESPONDENT,
    ERR_NOT_TRAINED,
    ERR_PRESIDING,
    case_schedule,
    hearing_create,
    hearing_foreperson_set,
    hearing_juror_add,
)
from coproduce.panels.tests.conftest import at_intake, former_respondent, future_hearing, train


@pytest.mark.django_db
def test_a_trained_former_respondent_joins_the_jury(community, coordinator, presiding):
    hearing = future_hearing(community, coordinator, presiding)
    juror = former_respondent(community)

    added = hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk)

    assert (added.hearing, added.membership, added.attended) == (hearing, juror, None)
    with pytest.raises(DomainError, match=re.escape(str(ERR_ALREADY_JUROR))):
        hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk)


@pytest.mark.django_db
def test_a_juror_who_is_not_trained_is_refused(community, coordinator, presiding):
    hearing = future_hearing(community, coordinator, presiding)
    untrained = former_respondent(community, trained=False)
    expired = former_respondent(community, trained=False)
    train(community, expired, expires_on=timezone.localdate() - dt.timedelta(days=1))
    failed = former_respondent(community, trained=False)
    train(community, failed, status=Check.Status.FAILED)

    for person in (untrained, expired, failed):
        with pytest.raises(DomainError) as error:
            hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=person.pk)
        assert str(error.value) == str(ERR_NOT_TRAINED)
        assert error.value.code == "not_trained"
    assert not HearingJuror.objects.exists()


@pytest.mark.django_db
def test_jurors_are_drawn_from_former_respondents(community, coordinator, presiding, member):
    hearing = future_hearing(community, coordinator, presiding)
    train(community, member)
    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_FORMER_RESPONDENT))):
        hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=member.pk)


@pytest.mark.django_db
def test_no_one_sits_on_the_jury_at_their_own_hearing(community, coordinator, presiding):
    hearing = future_hearing(community, coordinator, presiding)
    person = former_respondent(community)
    case = at_intake(community, coordinator, first_name="Twice")
    case.respondent = person
    case.save()
    case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)

    with pytest.raises(DomainError, match=re.escape(str(ERR_JUROR_IS_RESPONDENT))):
        hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=person.pk)


@pytest.mark.django_db
def test_a_foreperson_has_sat_on_juries_before_and_is_not_also_a_juror(community, coordinator, presiding):
    hearing = future_hearing(community, coordinator, presiding)
    newcomer = former_respondent(community, juries=1)
    with pytest.raises(DomainError) as error:
        hearing_foreperson_set(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=newcomer.pk)
    assert str(error.value) == str(ERR_FOREPERSON_INEXPERIENCED % {"n": 2, "served": 1})

    veteran = former_respondent(community, juries=2)
    hearing_foreperson_set(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=veteran.pk)
    with pytest.raises(DomainError, match=re.escape(str(ERR_JUROR_OTHER_ROLE))):
        hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=veteran.pk)


@pytest.mark.django_db
def test_an_adult_professional_presides(community, coordinator, member, outsider):
    when = timezone.now() + dt.timedelta(days=2)
    with pytest.raises(DomainError, match=re.escape(str(ERR_PRESIDING))):
        hearing_create(actor=coordinator, community=community, scheduled_for=when, presiding_id=member.pk)
    with pytest.raises(DomainError, match=re.escape(str(ERR_PRESIDING))):
        hearing_create(actor=coordinator, community=community, scheduled_for=when, presiding_id=outsider.pk)


@pytest.mark.django_db
def test_a_hearing_of_another_court_is_not_found(community, coordinator, presiding, other_community):
    hearing = future_hearing(community, coordinator, presiding)
    elsewhere = make_member(other_community, role="coordinator", kind="professional")
    juror = former_respondent(other_community)
    with pytest.raises(NotFound):
        hearing_juror_add(actor=elsewhere, community=other_community, hearing_id=hearing.pk, membership_id=juror.pk)
