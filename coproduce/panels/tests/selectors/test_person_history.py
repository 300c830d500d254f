import pytest

from coproduce.core.errors import NotFound
from coproduce.panels.selectors import person_history, progression
from coproduce.panels.services import hearing_juror_add
from coproduce.panels.tests.conftest import (
    at_intake,
    former_respondent,
    future_hearing,
    held_hearing_for,
    sentenced_case,
    train,
)


@pytest.mark.django_db
def test_a_young_person_goes_from_respondent_to_juror_to_foreperson(
    community, coordinator, presiding, jurors, foreperson
):
    case = sentenced_case(community, coordinator, presiding, jurors, foreperson)
    person = case.respondent
    assert person_history(community=community, membership=person).stage == "respondent"

    train(community, person)
    held_hearing_for(
        community,
        coordinator,
        presiding,
        [*jurors, person],
        foreperson,
        [at_intake(community, coordinator, first_name="A")],
    )
    assert person_history(community=community, membership=person).stage == "juror"

    held_hearing_for(
        community,
        coordinator,
        presiding,
        [*jurors, person],
        foreperson,
        [at_intake(community, coordinator, first_name="B")],
    )
    hearing = future_hearing(community, coordinator, presiding)
    from coproduce.panels.services import hearing_foreperson_set

    hearing_foreperson_set(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=person.pk)
    held_hearing_for_existing(
        community, coordinator, hearing, jurors, at_intake(community, coordinator, first_name="C")
    )

    history = person_history(community=community, membership=person)
    assert history.stage == "foreperson"
    assert [i.role for i in history.items] == ["respondent", "juror", "juror", "foreperson"]
    assert history.trained


def held_hearing_for_existing(community, coordinator, hearing, jurors, case):
    import datetime as dt

    from django.utils import timezone

    from coproduce.panels.models import Hearing
    from coproduce.panels.services import case_schedule, hearing_record

    case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)
    for juror in jurors:
        hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk)
    Hearing.objects.filter(pk=hearing.pk).update(scheduled_for=timezone.now() - dt.timedelta(hours=1))
    hearing_record(
        actor=coordinator,
        community=community,
        hearing_id=hearing.pk,
        duration_minutes=60,
        attended_juror_ids=[j.pk for j in jurors],
        heard_case_ids=[case.pk],
    )


@pytest.mark.django_db
def test_progression_counts_respondents_who_went_on_to_serve(community, coordinator, presiding, jurors, foreperson):
    held_hearing_for(community, coordinator, presiding, jurors, foreperson, [at_intake(community, coordinator)])
    former_respondent(community)

    result = progression(community=community)

    # The three jurors and the foreperson were respondents, plus the one just heard and one who never served.
    assert (result.respondents, result.jurors, result.forepersons) == (6, 4, 1)


@pytest.mark.django_db
def test_a_member_of_another_community_has_no_history_here(community, outsider):
    with pytest.raises(NotFound):
        person_history(community=community, membership=outsider)
