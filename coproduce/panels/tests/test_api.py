import pytest

from coproduce.communities.services import token_create
from coproduce.ledger.models import Transfer
from coproduce.panels.models import Case, CaseAccess
from coproduce.panels.services import case_schedule, hearing_juror_add
from coproduce.panels.tests.conftest import (
    at_intake,
    birthday,
    former_respondent,
    future_hearing,
    heard_case,
    make_case,
    referral_data,
)

BASE = "/api/v1/communities/riverside/panels"


@pytest.fixture
def api(client):
    def as_member(membership):
        _token, raw = token_create(user=membership.user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_member


def _json(data):
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


@pytest.mark.django_db
def test_referrals_through_the_api_with_eligibility(api, community, coordinator):
    client = api(coordinator)
    refused = client.post(
        f"{BASE}/referrals", _json(referral_data(offence_violent=True)), content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "offence_violent"

    created = client.post(
        f"{BASE}/referrals", _json(referral_data(date_of_birth=birthday(12))), content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["status"] == "referral"
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_case_reads_are_for_coordinators_and_every_one_is_logged(api, community, coordinator, member):
    case = make_case(community, coordinator)
    client = api(coordinator)
    assert client.get(f"{BASE}/cases").status_code == 200
    detail = client.get(f"{BASE}/cases/{case.pk}")
    assert detail.json()["address"] == "12 Long Lane"
    assert client.get(f"{BASE}/cases/{case.pk}/events").status_code == 200
    assert CaseAccess.objects.filter(channel="api").count() == 3

    member_client = api(member)
    assert member_client.get(f"{BASE}/cases/{case.pk}").status_code == 404
    assert member_client.get(f"{BASE}/cases").status_code == 404
    assert CaseAccess.objects.count() == 3


@pytest.mark.django_db
def test_an_invalid_transition_is_a_400_naming_the_status(api, community, coordinator):
    case = make_case(community, coordinator)
    response = api(coordinator).post(
        f"{BASE}/cases/{case.pk}/sentence",
        {"sanctions": [{"kind": "jury_duty", "target": 1}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "status"
    assert "cannot become" in response.json()["detail"]


@pytest.mark.django_db
def test_a_juror_reads_the_brief_without_details(api, community, coordinator, presiding):
    case = at_intake(community, coordinator)
    hearing = future_hearing(community, coordinator, presiding)
    case_schedule(actor=coordinator, community=community, case_id=case.pk, hearing_id=hearing.pk)
    juror = former_respondent(community)
    hearing_juror_add(actor=coordinator, community=community, hearing_id=hearing.pk, membership_id=juror.pk)
    client = api(juror)

    brief = client.get(f"{BASE}/hearings/{hearing.pk}/brief")
    assert brief.status_code == 200
    assert brief.json()["cases"][0]["first_name"] == "Jordan"
    assert "Mills" not in brief.text
    assert client.get(f"{BASE}/hearings/{hearing.pk}").status_code == 404
    assert [h["id"] for h in client.get(f"{BASE}/me/hearings").json()] == [hearing.pk]


@pytest.mark.django_db
def test_an_untrained_juror_is_refused_through_the_api(api, community, coordinator, presiding):
    hearing = future_hearing(community, coordinator, presiding)
    untrained = former_respondent(community, trained=False)
    response = api(coordinator).post(
        f"{BASE}/hearings/{hearing.pk}/jurors", {"membership_id": untrained.pk}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_trained"


@pytest.mark.django_db
def test_sentence_progress_and_credits_through_the_api(api, community, coordinator, presiding, jurors, foreperson):
    case = heard_case(community, coordinator, presiding, jurors, foreperson)
    client = api(coordinator)
    sentence = client.post(
        f"{BASE}/cases/{case.pk}/sentence",
        {"sanctions": [{"kind": "jury_duty", "target": 1}, {"kind": "apology", "target": 1}]},
        content_type="application/json",
    )
    assert sentence.status_code == 201
    apology = next(s for s in sentence.json()["sanctions"] if s["kind"] == "apology")
    assert (
        client.post(f"{BASE}/sanctions/{apology['id']}/complete", {}, content_type="application/json").status_code
        == 201
    )
    again = client.post(f"{BASE}/sanctions/{apology['id']}/complete", {}, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["code"] == "already_complete"

    paid = Transfer.objects.filter(kind="jury_service").count()
    assert client.post(f"{BASE}/hearings/{case.hearing_id}/credits").status_code == 200
    assert Transfer.objects.filter(kind="jury_service").count() == paid


@pytest.mark.django_db
def test_outsiders_see_nothing_and_only_admins_read_the_access_log(api, community, coordinator, admin_member, outsider):
    make_case(community, coordinator)
    assert api(outsider).get(f"{BASE}/cases").status_code == 404
    assert api(coordinator).get(f"{BASE}/access-log").status_code == 404
    log = api(admin_member).get(f"{BASE}/access-log")
    assert log.status_code == 200
    assert api(coordinator).get(f"{BASE}/outcomes").json()["completed"] == 0
