import pytest
from django.test import Client
from django.utils import timezone

from coproduce.communities.services import token_create
from coproduce.coproduction.models import Activity
from coproduce.coproduction.services import service_create

API = "/api/v1"


def client_for(membership) -> Client:
    _token, raw = token_create(user=membership.user, name="tests")
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.mark.django_db
def test_coordinator_creates_service_records_activity_and_reads_it_back(community, coordinator, member):
    api = client_for(coordinator)
    service = api.post(f"{API}/communities/{community.slug}/services", {"name": "Garden"}, content_type="application/json").json()
    payload = {
        "service_id": service["id"], "kind": "workshop", "phase": "design", "title": "Plan beds", "ladder_step": 6,
        "occurred_at": timezone.now().isoformat(),
        "contributions": [{"membership_id": member.pk, "role": "took_part", "minutes": 60},
                          {"membership_id": coordinator.pk, "role": "facilitated", "minutes": 60}],
    }
    created = api.post(f"{API}/communities/{community.slug}/activities", payload, content_type="application/json")
    assert created.status_code == 201
    detail = client_for(member).get(f"{API}/communities/{community.slug}/activities/{created.json()['id']}").json()
    assert sorted((c["name"], c["role"], c["minutes"]) for c in detail["contributions"]) == sorted(
        [(member.user.name, "took_part", 60), (coordinator.user.name, "facilitated", 60)])
    listed = client_for(member).get(f"{API}/communities/{community.slug}/activities", {"service_id": service["id"]}).json()
    assert [a["title"] for a in listed] == ["Plan beds"]


@pytest.mark.django_db
def test_activity_with_a_bad_phase_names_the_field_and_writes_nothing(community, coordinator, member):
    service = service_create(actor=coordinator, community=community, name="Garden")
    response = client_for(coordinator).post(f"{API}/communities/{community.slug}/activities", {
        "service_id": service.pk, "kind": "workshop", "phase": "dream", "title": "x", "occurred_at": timezone.now().isoformat(),
        "contributions": [{"membership_id": member.pk, "role": "took_part", "minutes": 60}],
    }, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "phase"
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_members_read_services_but_cannot_change_them(community, coordinator, member):
    service = service_create(actor=coordinator, community=community, name="Garden")
    api = client_for(member)
    assert api.get(f"{API}/communities/{community.slug}/services/{service.pk}").json()["name"] == "Garden"
    assert api.patch(f"{API}/communities/{community.slug}/services/{service.pk}", {"name": "Mine"},
                     content_type="application/json").status_code == 404
    updated = client_for(coordinator).patch(f"{API}/communities/{community.slug}/services/{service.pk}", {"is_active": False},
                                            content_type="application/json")
    assert updated.json()["is_active"] is False
