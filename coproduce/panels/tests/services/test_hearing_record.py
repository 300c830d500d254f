import datetime as dt
import re

import pytest
from django.utils import timezone

from coproduce.coproduction.models import Contribution
from coproduce.core.errors import DomainError
from coproduce.ledger.models import Transfer
from coproduce.ledger.selectors import account_for_membership, community_pool
from coproduce.panels.models import Hearing, HearingJuror, Sanction
from coproduce.panels.services import (
    ERR_ATTENDEE_NOT_ON_JURY,
    ERR_HEARING_CLOSED,
    ERR_NO_FOREPERSON,
    ERR_NOT_YET_HELD,
    ERR_TOO_FEW_JURORS,
    hearing_credits_post,
    hearing_juror_add,
    hearing_record,
    jury_service_key,
)
from coproduce.panels.tests.conftest import (
    at_intake,
    former_respondent,
    future_hearing,
    held_hearing_for,
    sentenced_case,
)


@pytest.mark.django_db
def test_a_hearing_is_co_delivery_with_each_role_recorded_once_in_minutes(
    community, coordinator, presiding, jurors, foreperson
):
    case = at_intake(community, coordinator)

    hearing = held_hearing_for(community, coordinator, presiding, jurors, foreperson, [case], minutes=90)

    activity = hearing.activity
    assert (activity.kind, activity.phase, activity.source) == ("hearing", "deliver", "panels")
    rows = set(Contribution.objects.filter(activity=activity).values_list("membership_id", "role", "minutes"))
    case.refresh_from_db()
    expected = {
        (presiding.pk, "facilitated", 90),
        (foreperson.pk, "facilitated", 90),
        (foreperson.pk, "decided", 0),
        (case.respondent_id, "received", 90),
    }
    for juror in jurors:
        expected |= {(juror.pk, "gave", 90), (juror.pk, "decided", 0)}
    assert rows == expected
    assert case.status == "heard"


@pytest.mark.django_db
def test_each_hour_of_jury_service_earns_an_hour_once(community, coordinator, presiding, jurors, foreperson):
    hearing = held_hearing_for(
        community, coordinator, presiding, jurors, foreperson, [at_intake(community, coordinator)], minutes=120
    )

    hearing_credits_post(actor=coordinator, community=community, hearing_id=hearing.pk)
    hearing_credits_post(actor=coordinator, community=community, hearing_id=hearing.pk)

    transfers = Transfer.objects.filter(kind="jury_service")
    assert transfers.count() == len(jurors) + 1
    assert {t.idempotency_key for t in transfers} == {jury_service_key(hearing, m.pk) for m in [*jurors, foreperson]}
    for person in [*jurors, foreperson]:
        assert account_for_membership(community=community, membership=person).balance == 120
    assert community_pool(community=community, code="youth_court").balance == -120 * (len(jurors) + 1)
    assert account_for_membership(community=community, membership=presiding).balance == 0


@pytest.mark.django_db
def test_sitting_on_a_jury_counts_towards_a_jurors_own_jury_duty(community, coordinator, presiding, jurors, foreperson):
    serving = sentenced_case(community, coordinator, presiding, jurors, foreperson)
    juror = serving.respondent
    from coproduce.panels.tests.conftest import train

    train(community, juror)
    next_case = at_intake(community, coordinator, first_name="Riley")

    held_hearing_for(community, coordinator, presiding, [*jurors, juror], foreperson, [next_case])

    duty = Sanction.objects.get(sentence__case=serving, kind="jury_duty")
    assert (duty.done, duty.is_complete) == (1, True)
    serving.refresh_from_db()
    assert serving.status == "sentence_active"  # the essay is still to come


@pytest.mark.django_db
def test_a_hearing_needs_a_foreperson_enough_jurors_and_to_have_happened(
    community, coordinator, presiding, jurors, foreperson
):
    case = at_intake(community, coordinator)
    hearing = future_hearing(community, coordinator, presiding)
    from coproduce.panels.services import case_schedule, hearing_foreperson_set

    case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)
    for juror in jurors[:2]:
        hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk)

    def record(**changes):
        arguments = {
            "duration_minutes": 60,
            "attended_juror_ids": [j.pk for j in jurors[:2]],
            "heard_case_ids": [case.pk],
            **changes,
        }
        return hearing_record(actor=coordinator, community=community, hearing_id=hearing.pk, **arguments)

    with pytest.raises(DomainError, match=re.escape(str(ERR_NOT_YET_HELD))):
        record()
    Hearing.objects.filter(pk=hearing.pk).update(scheduled_for=timezone.now() - dt.timedelta(hours=2))
    with pytest.raises(DomainError, match=re.escape(str(ERR_NO_FOREPERSON))):
        record()
    hearing_foreperson_set(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=foreperson.pk)
    with pytest.raises(DomainError, match=re.escape(str(ERR_TOO_FEW_JURORS % {"n": 3}))):
        record()
    with pytest.raises(DomainError, match=re.escape(str(ERR_ATTENDEE_NOT_ON_JURY))):
        record(attended_juror_ids=[j.pk for j in jurors])
    assert not Transfer.objects.exists()

    hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=jurors[2].pk)
    record(attended_juror_ids=[j.pk for j in jurors])
    with pytest.raises(DomainError, match=re.escape(str(ERR_HEARING_CLOSED))):
        record(attended_juror_ids=[j.pk for j in jurors])


@pytest.mark.django_db
def test_jurors_who_did_not_come_are_marked_and_not_paid(community, coordinator, presiding, jurors, foreperson):
    absent = former_respondent(community)
    case = at_intake(community, coordinator)
    hearing = future_hearing(community, coordinator, presiding)
    from coproduce.panels.services import case_schedule, hearing_foreperson_set

    case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)
    for juror in [*jurors, absent]:
        hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk)
    hearing_foreperson_set(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=foreperson.pk)
    Hearing.objects.filter(pk=hearing.pk).update(scheduled_for=timezone.now() - dt.timedelta(hours=2))

    hearing_record(
        actor=coordinator,
        community=community,
        hearing_id=hearing.pk,
        duration_minutes=60,
        attended_juror_ids=[j.pk for j in jurors],
        heard_case_ids=[case.pk],
    )

    assert HearingJuror.objects.get(membership=absent).attended is False
    assert account_for_membership(community=community, membership=absent).balance == 0
