import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.panels.models import Case, CaseAccess, Hearing
from coproduce.panels.services import case_schedule, hearing_juror_add
from coproduce.panels.tests.conftest import (
    at_intake,
    birthday,
    former_respondent,
    future_hearing,
    heard_case,
    make_case,
)


def url(name, community, *args):
    return reverse(f"panels:{name}", args=[community.slug, *args])


@pytest.fixture
def as_user(client):
    def sign_in(membership):
        client.force_login(membership.user)
        return client

    return sign_in


@pytest.mark.django_db
def test_a_coordinator_records_a_referral_and_an_ineligible_one_is_explained(as_user, community, coordinator):
    client = as_user(coordinator)
    data = {
        "referral_source": "police",
        "referrer_name": "PC Lee",
        "first_name": "Kai",
        "last_name": "Stone",
        "date_of_birth": birthday(9).isoformat(),
        "offence_category": "damage",
        "previous_offences": 0,
        "responsibility_admitted": "on",
    }

    response = client.post(url("referral_new", community), data)
    assert response.status_code == 200
    assert "The court hears young people aged 11 to 17; this young person is 9." in response.text
    assert not Case.objects.exists()

    data["date_of_birth"] = birthday(13).isoformat()
    response = client.post(url("referral_new", community), data)
    case = Case.objects.get()
    assert response.url == url("case", community, case.pk)


@pytest.mark.django_db
def test_opening_a_case_page_is_logged_and_members_get_not_found(as_user, community, coordinator, member):
    case = make_case(community, coordinator)

    response = as_user(coordinator).get(url("case", community, case.pk))
    assert response.status_code == 200
    assert "12 Long Lane" in response.text
    assert CaseAccess.objects.filter(case=case, user=coordinator.user, channel="page").count() == 1

    client = as_user(member)
    for page in (
        url("case", community, case.pk),
        url("cases", community),
        url("referral_new", community),
        url("case_intake", community, case.pk),
        url("hearings", community),
        url("access_log", community),
    ):
        assert client.get(page).status_code == 404
    assert CaseAccess.objects.count() == 1


@pytest.mark.django_db
def test_a_case_moves_through_intake_and_scheduling_from_its_page(as_user, community, coordinator, presiding):
    case = make_case(community, coordinator)
    hearing = future_hearing(community, coordinator, presiding)
    client = as_user(coordinator)

    response = client.post(url("case_intake", community, case.pk), {"young_person_consent": "on"})
    assert "Record the consent of a parent or guardian." in response.text
    client.post(url("case_intake", community, case.pk), {"young_person_consent": "on", "guardian_consent": "on"})
    client.post(url("case_schedule", community, case.pk), {"hearing_id": hearing.pk})
    case.refresh_from_db()
    assert case.status == "hearing_scheduled"

    response = client.post(url("case_action", community, case.pk, "return"), {"reason": "Moved away"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "returned"
    assert client.get(url("case_action", community, case.pk, "nonsense")).status_code == 404


@pytest.mark.django_db
def test_the_jury_brief_shows_a_first_name_and_never_the_address(as_user, community, coordinator, presiding, member):
    case = at_intake(community, coordinator)
    hearing = future_hearing(community, coordinator, presiding)
    case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)
    juror = former_respondent(community)
    hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk)

    response = as_user(juror).get(url("hearing_brief", community, hearing.pk))
    assert response.status_code == 200
    assert "Jordan" in response.text
    for secret in ("Mills", "12 Long Lane", "Northside Academy"):
        assert secret not in response.text
    assert as_user(member).get(url("hearing_brief", community, hearing.pk)).status_code == 404
    overview = as_user(juror).get(url("index", community))
    assert url("hearing_brief", community, hearing.pk) in overview.text


@pytest.mark.django_db
def test_a_coordinator_records_a_hearing_and_the_sentence(
    as_user, community, coordinator, presiding, jurors, foreperson
):
    case = at_intake(community, coordinator)
    client = as_user(coordinator)
    when = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url("hearings", community), {"scheduled_for": when, "presiding_id": presiding.pk})
    hearing = Hearing.objects.get(status="scheduled", presiding=presiding)
    assert response.url == url("hearing", community, hearing.pk)
    case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)
    for juror in jurors:
        client.post(url("hearing", community, hearing.pk), {"action": "juror", "juror-membership_id": juror.pk})
    client.post(
        url("hearing", community, hearing.pk), {"action": "foreperson", "foreperson-membership_id": foreperson.pk}
    )
    Hearing.objects.filter(pk=hearing.pk).update(scheduled_for=timezone.now() - dt.timedelta(hours=2))

    response = client.post(
        url("hearing_record", community, hearing.pk),
        {"duration_minutes": 75, "attended_juror_ids": [j.pk for j in jurors], "heard_case_ids": [case.pk]},
    )
    assert response.status_code == 302
    response = client.post(url("case_sentence", community, case.pk), {"jury_duty": 2, "essay": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "sentence_active"
    assert sorted(case.sentence.sanctions.values_list("kind", flat=True)) == ["essay", "jury_duty"]


@pytest.mark.django_db
def test_an_untrained_juror_is_refused_on_the_hearing_page(as_user, community, coordinator, presiding):
    hearing = future_hearing(community, coordinator, presiding)
    untrained = former_respondent(community, trained=False)
    response = as_user(coordinator).post(
        url("hearing", community, hearing.pk), {"action": "juror", "juror-membership_id": untrained.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text or "trained" in response.text


@pytest.mark.django_db
def test_admins_read_the_access_log_and_coordinators_do_not(as_user, community, coordinator, admin_member):
    case = make_case(community, coordinator)
    as_user(coordinator).get(url("case", community, case.pk))
    assert as_user(coordinator).get(url("access_log", community)).status_code == 404
    response = as_user(admin_member).get(url("access_log", community))
    assert response.status_code == 200
    assert case.reference in response.text


@pytest.mark.django_db
def test_a_person_sees_their_own_path_but_not_anyone_elses(
    as_user, community, coordinator, presiding, jurors, foreperson, member
):
    case = heard_case(community, coordinator, presiding, jurors, foreperson)
    respondent = case.respondent
    assert as_user(coordinator).get(url("person", community, respondent.pk)).status_code == 200
    assert as_user(member).get(url("person", community, respondent.pk)).status_code == 404
    assert as_user(member).get(url("person", community, member.pk)).status_code == 200


@pytest.mark.django_db
def test_every_coordinator_page_renders(as_user, community, coordinator, presiding, jurors, foreperson):
    case = heard_case(community, coordinator, presiding, jurors, foreperson)
    hearing = future_hearing(community, coordinator, presiding)
    client = as_user(coordinator)
    for page in [
        url("index", community),
        url("cases", community),
        url("cases", community) + "?status=heard",
        url("referral_new", community),
        url("case", community, case.pk),
        url("case_sentence", community, case.pk),
        url("hearings", community),
        url("hearing", community, hearing.pk),
        url("hearing_cancel", community, hearing.pk),
        url("hearing_brief", community, hearing.pk),
        url("settings", community),
        url("hearing", community, case.hearing_id),
    ]:
        assert client.get(page).status_code == 200, page


@pytest.mark.django_db
def test_the_court_speaks_spanish(as_user, community, coordinator, settings):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(url("index", community))
    assert "Resumen del tribunal" in response.text
    assert "Casos por fase" in response.text
