import datetime as dt

import pytest
from django.utils import timezone

from coproduce.communities.services import token_create
from coproduce.ledger.models import Transfer
from coproduce.sharedroles.services import settings_update
from coproduce.sharedroles.tests.conftest import future_shift, past_shift

BASE = "/api/v1/communities/riverside/shared-roles"


@pytest.fixture
def api(client):
    def as_member(membership):
        _token, raw = token_create(user=membership.user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return as_member


@pytest.mark.django_db
def test_members_read_the_rota_and_sign_up(api, community, coordinator, garden, resident):
    shift = future_shift(community, coordinator, garden)
    client = api(resident)

    response = client.post(f"{BASE}/shifts/{shift.pk}/signups", {}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["place_role"] == "resident"

    rota = client.get(f"{BASE}/rota", {"week": shift.starts_at.date().isoformat()}).json()
    crews = [rs["crew"] for day in rota for rs in day["shifts"]]
    assert crews == [[{"membership_id": resident.pk, "name": "Rita Resident", "place_role": "resident"}]]


@pytest.mark.django_db
def test_refusals_name_the_reason(api, community, coordinator, care, resident):
    shift = future_shift(community, coordinator, care)
    response = api(resident).post(f"{BASE}/shifts/{shift.pk}/signups", {}, content_type="application/json")
    assert response.status_code == 400
    assert "staff only" in response.json()["detail"]


@pytest.mark.django_db
def test_coordinator_endpoints_are_not_found_for_members(api, community, coordinator, garden, resident):
    shift = past_shift(community, coordinator, garden)
    client = api(resident)
    assert client.post(f"{BASE}/roles", {"name": "Mine"}, content_type="application/json").status_code == 404
    assert (
        client.post(
            f"{BASE}/shifts/{shift.pk}/record",
            {"worked": [{"membership_id": resident.pk, "minutes": 60}]},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.put(f"{BASE}/settings", {"credits_enabled": True}, content_type="application/json").status_code == 404


@pytest.mark.django_db
def test_outsiders_see_nothing(api, community, coordinator, garden, outsider):
    shift = future_shift(community, coordinator, garden)
    client = api(outsider)
    assert client.get(f"{BASE}/rota").status_code == 404
    assert client.get(f"{BASE}/shifts/{shift.pk}").status_code == 404
    assert client.get(f"/api/v1/communities/hilltop/shared-roles/shifts/{shift.pk}").status_code == 404


@pytest.mark.django_db
def test_a_coordinator_records_a_shift_and_credits_are_paid_once(api, community, coordinator, garden, resident):
    settings_update(actor=coordinator, community=community, credits_enabled=True)
    shift = past_shift(community, coordinator, garden)
    client = api(coordinator)

    response = client.post(
        f"{BASE}/shifts/{shift.pk}/record",
        {"worked": [{"membership_id": resident.pk, "minutes": 75}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "recorded"
    again = client.post(f"{BASE}/shifts/{shift.pk}/credits")
    assert again.status_code == 200
    assert Transfer.objects.filter(kind="shift_credit").count() == 1


@pytest.mark.django_db
def test_committees_through_the_api(api, community, coordinator, resident, family):
    client = api(coordinator)
    committee = client.post(
        f"{BASE}/committees",
        {"name": "Residents' council", "member_ids": [family.pk], "chair_id": resident.pk},
        content_type="application/json",
    ).json()
    held = (timezone.now() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        f"{BASE}/committees/{committee['id']}/meetings",
        {
            "held_at": held,
            "duration_minutes": 60,
            "attendee_ids": [resident.pk, family.pk],
            "decisions": [{"text": "A hen house", "outcome": "declined"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    decisions = client.get(f"{BASE}/committees/{committee['id']}/decisions").json()
    assert [(d["text"], d["outcome"]) for d in decisions] == [("A hen house", "declined")]
