import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.sharedroles.models import CommitteeDecision, PlaceMember, RoleTemplate, Shift, ShiftSignup
from coproduce.sharedroles.services import committee_create
from coproduce.sharedroles.tests.conftest import future_shift, past_shift


def url(name, community, *args):
    return reverse(f"sharedroles:{name}", args=[community.slug, *args])


@pytest.fixture
def as_user(client):
    def sign_in(membership):
        client.force_login(membership.user)
        return client

    return sign_in


@pytest.mark.django_db
def test_the_rota_shows_the_week_with_its_crews(as_user, community, coordinator, garden, resident, staff):
    shift = future_shift(community, coordinator, garden, days=0)
    shift.starts_at = timezone.now() + dt.timedelta(hours=2)
    shift.ends_at = shift.starts_at + dt.timedelta(hours=1)
    shift.save()
    ShiftSignup.objects.create(community=community, shift=shift, membership=staff, place_role="staff")

    response = as_user(resident).get(url("rota", community), {"week": shift.starts_at.date().isoformat()})

    assert response.status_code == 200
    assert "Garden" in response.text
    assert "Sam Staff" in response.text


@pytest.mark.django_db
def test_a_resident_signs_up_from_the_rota_and_a_refusal_is_explained(
    as_user, community, coordinator, garden, care, resident
):
    good = future_shift(community, coordinator, garden)
    clinical = future_shift(community, coordinator, care)
    client = as_user(resident)

    response = client.post(url("shift_signup", community, good.pk), {"next": url("rota", community)}, follow=True)
    assert "Signed up" in response.text
    response = client.post(url("shift_signup", community, clinical.pk), follow=True)
    assert "Personal and clinical care is done by staff only" in response.text

    assert list(ShiftSignup.objects.values_list("shift_id", flat=True)) == [good.pk]


@pytest.mark.django_db
def test_an_outside_next_address_is_ignored(as_user, community, coordinator, garden, resident):
    shift = future_shift(community, coordinator, garden)
    response = as_user(resident).post(url("shift_signup", community, shift.pk), {"next": "https://elsewhere.example"})
    assert response.url == url("shift", community, shift.pk)


@pytest.mark.django_db
def test_coordinator_pages_are_not_found_for_members_and_outsiders(
    as_user, community, member, outsider, garden, coordinator
):
    shift = past_shift(community, coordinator, garden)
    pages = [
        url("shift_new", community),
        url("role_new", community),
        url("people", community),
        url("settings", community),
        url("committee_new", community),
        url("shift_record", community, shift.pk),
        url("shift_cancel", community, shift.pk),
    ]
    for page in pages:
        assert as_user(member).get(page).status_code == 404
    for page in [*pages, url("rota", community), url("shift", community, shift.pk)]:
        assert as_user(outsider).get(page).status_code == 404


@pytest.mark.django_db
def test_a_coordinator_adds_a_care_role_and_is_told_residents_cannot_take_it(as_user, community, coordinator):
    client = as_user(coordinator)
    data = {
        "name": "Bathing",
        "area": "care",
        "risk_level": "high",
        "supervision": "staff_led",
        "allow_residents": "on",
        "allow_staff": "on",
        "is_active": "on",
    }

    response = client.post(url("role_new", community), data)
    assert response.status_code == 200
    assert "Personal and clinical care is never a resident or family role" in response.text
    assert not RoleTemplate.objects.exists()

    del data["allow_residents"]
    response = client.post(url("role_new", community), data)
    assert response.status_code == 302
    assert RoleTemplate.objects.get().is_personal_care


@pytest.mark.django_db
def test_a_coordinator_puts_on_a_shift_and_records_who_worked(as_user, community, coordinator, garden, resident, staff):
    client = as_user(coordinator)
    start = timezone.localtime() - dt.timedelta(hours=3)
    response = client.post(
        url("shift_new", community),
        {
            "template_id": garden.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": 3,
        },
    )
    shift = Shift.objects.get()
    assert response.status_code == 302
    assert shift.duration_minutes == 120

    page = client.get(url("shift_record", community, shift.pk))
    assert page.status_code == 200
    response = client.post(
        url("shift_record", community, shift.pk), {"extra_membership_id": resident.pk, "extra_minutes": 100}
    )
    assert response.status_code == 302
    shift.refresh_from_db()
    assert shift.status == "recorded"
    assert list(shift.work.values_list("membership_id", "minutes")) == [(resident.pk, 100)]


@pytest.mark.django_db
def test_a_coordinator_records_place_roles(as_user, community, coordinator, member):
    response = as_user(coordinator).post(
        url("people", community), {"membership_id": member.pk, "place_role": "volunteer"}
    )
    assert response.status_code == 302
    assert PlaceMember.objects.get(membership=member).place_role == "volunteer"


@pytest.mark.django_db
def test_a_resident_chair_records_a_meeting_with_its_decisions(as_user, community, coordinator, resident, family):
    committee = committee_create(
        actor=coordinator, community=community, name="Menu committee", member_ids=[family.pk], chair_id=resident.pk
    )
    client = as_user(resident)
    held = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        url("meeting_new", community, committee.pk),
        {
            "held_at": held,
            "duration_minutes": 45,
            "attendee_ids": [resident.pk, family.pk],
            "decision_1_text": "Curry on Thursdays",
            "decision_1_outcome": "adopted",
        },
    )

    assert response.status_code == 302
    assert CommitteeDecision.objects.get().text == "Curry on Thursdays"
    detail = client.get(url("committee", community, committee.pk))
    assert "Curry on Thursdays" in detail.text
    assert as_user(family).get(url("meeting_new", community, committee.pk)).status_code == 404


@pytest.mark.django_db
def test_every_page_renders_for_a_coordinator(as_user, community, coordinator, garden, resident):
    shift = future_shift(community, coordinator, garden)
    committee = committee_create(actor=coordinator, community=community, name="Garden club", chair_id=resident.pk)
    client = as_user(coordinator)
    for page in [
        url("rota", community),
        url("shift", community, shift.pk),
        url("roles", community),
        url("role_edit", community, garden.pk),
        url("people", community),
        url("settings", community),
        url("committees", community),
        url("committee", community, committee.pk),
        url("meeting_new", community, committee.pk),
        url("shift_new", community),
        url("committee_new", community),
        url("shift_cancel", community, shift.pk),
    ]:
        assert client.get(page).status_code == 200, page


@pytest.mark.django_db
def test_the_rota_speaks_spanish(as_user, community, resident, settings):
    client = as_user(resident)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(url("rota", community))
    assert "Funciones compartidas" in response.text
    assert "Semana del" in response.text
