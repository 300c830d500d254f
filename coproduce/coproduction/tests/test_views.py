import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.coproduction.models import Activity, Contribution, Service
from coproduce.coproduction.services import ContributionInput, activity_record, service_create


@pytest.fixture
def service(community, coordinator):
    return service_create(actor=coordinator, community=community, name="Lunch club")


def url(name, community, *args):
    return reverse(f"coproduction:{name}", args=[community.slug, *args])


def activity_post(member, coordinator, **overrides):
    data = {
        "title": "Menu planning", "phase": "design", "kind": "workshop",
        "date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(), "time": "10:30", "ladder_step": "6",
        "location": "Hall", "notes": "",
        "contributions-TOTAL_FORMS": "3", "contributions-INITIAL_FORMS": "3",
        "contributions-MIN_NUM_FORMS": "0", "contributions-MAX_NUM_FORMS": "100",
        "contributions-0-membership": str(member.pk), "contributions-0-role": "took_part", "contributions-0-minutes": "90",
        "contributions-1-membership": str(coordinator.pk), "contributions-1-role": "facilitated", "contributions-1-minutes": "90",
        "contributions-2-membership": "", "contributions-2-role": "", "contributions-2-minutes": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_members_see_services_but_not_the_create_button(client, community, member, service):
    client.force_login(member.user)
    response = client.get(url("services", community))
    assert response.status_code == 200
    assert "Lunch club" in response.text
    assert url("service_new", community) not in response.text
    assert client.get(url("service_new", community)).status_code == 404


@pytest.mark.django_db
def test_coordinator_creates_a_service(client, community, coordinator):
    client.force_login(coordinator.user)
    response = client.post(url("service_new", community), {"name": "Youth court", "description": "Peer jury"})
    service = Service.objects.get(community=community, name="Youth court")
    assert response["Location"] == url("service_detail", community, service.pk)


@pytest.mark.django_db
def test_duplicate_service_name_is_refused_with_a_field_error(client, community, coordinator, service):
    client.force_login(coordinator.user)
    response = client.post(url("service_new", community), {"name": "lunch club"})
    assert response.status_code == 200
    assert "There is already a service with that name." in response.text
    assert Service.objects.filter(community=community).count() == 1


@pytest.mark.django_db
def test_coordinator_pauses_a_service(client, community, coordinator, service):
    client.force_login(coordinator.user)
    client.post(url("service_edit", community, service.pk), {"name": "Lunch club", "description": ""})
    service.refresh_from_db()
    assert service.is_active is False


@pytest.mark.django_db
def test_coordinator_records_an_activity_with_several_people(client, community, coordinator, member, service):
    client.force_login(coordinator.user)
    response = client.post(url("activity_new", community, service.pk), activity_post(member, coordinator))
    activity = Activity.objects.get(service=service)
    assert response["Location"] == url("activity_detail", community, activity.pk)
    assert activity.ladder_step == 6
    assert timezone.localtime(activity.occurred_at).strftime("%H:%M") == "10:30"
    assert sorted(Contribution.objects.filter(activity=activity).values_list("membership_id", "role", "minutes")) == sorted(
        [(member.pk, "took_part", 90), (coordinator.pk, "facilitated", 90)])

    detail = client.get(response["Location"])
    assert member.user.name in detail.text
    assert "Facilitated" in detail.text


@pytest.mark.django_db
def test_add_another_person_keeps_what_was_typed_and_adds_a_row(client, community, coordinator, member, service):
    client.force_login(coordinator.user)
    response = client.post(url("activity_new", community, service.pk), {**activity_post(member, coordinator), "add_person": "1"})
    assert response.status_code == 200
    assert not Activity.objects.exists()
    formset = response.context["formset"]
    assert formset.total_form_count() == 4
    assert 'value="Menu planning"' in response.text
    assert "There is a problem" not in response.text
    assert "Person 4" in response.text


@pytest.mark.django_db
def test_a_half_filled_row_is_an_error_and_nothing_is_recorded(client, community, coordinator, member, service):
    client.force_login(coordinator.user)
    data = activity_post(member, coordinator, **{"contributions-2-membership": str(member.pk)})
    response = client.post(url("activity_new", community, service.pk), data)
    assert response.status_code == 200
    assert "Choose the person, their role and the minutes" in response.text
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_an_activity_with_nobody_is_refused(client, community, coordinator, member, service):
    client.force_login(coordinator.user)
    data = activity_post(member, coordinator, **{f"contributions-{i}-{k}": "" for i in range(3) for k in ("membership", "role", "minutes")})
    response = client.post(url("activity_new", community, service.pk), data)
    assert "Add at least one person who took part." in response.text
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_activity_in_the_future_is_refused(client, community, coordinator, member, service):
    client.force_login(coordinator.user)
    data = activity_post(member, coordinator, date=(timezone.localdate() + dt.timedelta(days=5)).isoformat())
    response = client.post(url("activity_new", community, service.pk), data)
    assert "cannot be recorded more than a day in the future" in response.text
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_service_page_lists_its_activities_and_minutes_per_phase(client, community, coordinator, member, service):
    activity_record(actor=coordinator, community=community, service=service, kind="meeting", phase="deliver",
                    title="Cooking together", occurred_at=timezone.now(),
                    contributions=[ContributionInput(member.pk, "gave", 45), ContributionInput(coordinator.pk, "facilitated", 30)])
    client.force_login(member.user)
    response = client.get(url("service_detail", community, service.pk))
    assert "Cooking together" in response.text
    deliver = next(r for r in response.context["phase_minutes"] if r["phase"] == "deliver")
    assert (deliver["citizen"], deliver["professional"]) == (45, 30)
    assert "Cooking together" in client.get(url("activities", community)).text
