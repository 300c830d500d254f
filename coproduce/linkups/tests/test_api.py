import pytest
from django.utils import timezone

from coproduce.communities.services import token_create
from coproduce.core.testing import make_member
from coproduce.linkups.models import CheckIn, Household, LinkUp
from coproduce.linkups.tests.factories import adult_membership

BASE = "/api/v1/communities/{slug}/linkups"


class Api:
    def __init__(self, client, membership):
        self.client = client
        self.base = BASE.format(slug=membership.community.slug)
        _token, raw = token_create(user=membership.user, name="tests")
        self.headers = {"authorization": f"Bearer {raw}"}

    def get(self, path):
        return self.client.get(self.base + path, headers=self.headers)

    def post(self, path, data=None):
        return self.client.post(self.base + path, data or {}, content_type="application/json", headers=self.headers)

    def patch(self, path, data):
        return self.client.patch(self.base + path, data, content_type="application/json", headers=self.headers)


@pytest.mark.django_db
def test_a_whole_link_up_through_the_api(client, community, coordinator, coach):
    api = Api(client, coordinator)
    today = timezone.localdate().isoformat()
    seeking = api.post("/households", {"name": "Haddad family", "role": "seeking", "languages": ["Arabic"]}).json()
    sharing = api.post("/households", {"name": "Nasser family", "role": "sharing", "languages": ["Arabic"]}).json()
    rana, sami = make_member(community, name="Rana Haddad"), make_member(community, name="Sami Nasser")
    rana_person = api.post(f"/households/{seeking['id']}/people", {"kind": "adult", "membership_id": rana.pk}).json()
    api.post(f"/households/{seeking['id']}/people", {"kind": "child", "name": "Omar", "age": 9})
    sami_person = api.post(f"/households/{sharing['id']}/people", {"kind": "adult", "membership_id": sami.pk}).json()
    api.post(
        f"/households/{sharing['id']}/experiences",
        {"kind": "lived_experience", "theme": "school", "description": "school exclusion"},
    )
    for kind in ("training", "background"):
        assert (
            api.post("/checks", {"person_id": sami_person["id"], "kind": kind, "status": "passed"}).status_code == 201
        )
    assert api.get("/readiness").json() == [{"household_id": sharing["id"], "ready": True, "missing": []}]
    goals = (
        Api(client, rana)
        .post(f"/households/{seeking['id']}/goals", {"goals": [{"text": "Omar back at school", "themes": ["school"]}]})
        .json()
    )

    [suggestion] = api.get(f"/households/{seeking['id']}/suggestions").json()
    assert suggestion["explanation"] == "Both speak Arabic; they have been through school exclusion"
    assert suggestion["coach_id"] in (coach.pk, coordinator.pk)

    response = api.post(
        "/link-ups",
        {
            "seeking_id": seeking["id"],
            "sharing_id": sharing["id"],
            "coach_id": coach.pk,
            "planned_weeks": 10,
            "seeking_consent": {"person_id": rana_person["id"], "given_on": today},
            "sharing_consent": {"person_id": sami_person["id"], "given_on": today},
        },
    )
    assert response.status_code == 201, response.json()
    linkup = response.json()
    checkin = Api(client, sami).post(
        f"/link-ups/{linkup['id']}/check-ins",
        {
            "occurred_at": timezone.now().isoformat(),
            "minutes": 60,
            "ratings": [{"goal_id": goals[0]["id"], "score": 5}],
        },
    )
    assert checkin.status_code == 201, checkin.json()
    progress = Api(client, rana).get(f"/households/{seeking['id']}/progress").json()
    assert [p["score"] for p in progress[0]["points"]] == [5]
    assert Api(client, rana).post(f"/goals/{goals[0]['id']}/met").json()["status"] == "met"
    assert api.post(f"/link-ups/{linkup['id']}/complete", {}).json()["status"] == "completed"
    programme = api.get("/programme").json()
    assert (programme["linkups"]["completed"], programme["goals"]["met"]) == (1, 1)


@pytest.mark.django_db
def test_refusals_name_the_field(client, coordinator, seeking, coach):
    untrained = Api(client, coordinator).post("/households", {"name": "Ng family", "role": "sharing"}).json()
    response = Api(client, coordinator).post(
        "/link-ups",
        {"seeking_id": seeking.pk, "sharing_id": untrained["id"], "coach_id": coach.pk, "planned_weeks": 10},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "sharing_id"
    assert "no adults are recorded in Ng family" in response.json()["detail"]
    response = Api(client, coordinator).post(f"/link-ups/{0}/end-early", {"reason": ""})
    assert response.status_code in (400, 404)
    assert LinkUp.objects.count() == 0


@pytest.mark.django_db
def test_end_early_without_a_reason_is_a_400(client, coordinator, linkup):
    response = Api(client, coordinator).post(f"/link-ups/{linkup.pk}/end-early", {"reason": " "})
    assert (response.status_code, response.json()["field"]) == (400, "reason")


@pytest.mark.django_db
def test_same_permissions_as_the_pages(client, community, coordinator, seeking, sharing, linkup, member, outsider):
    rana = Api(client, adult_membership(seeking))
    assert [h["name"] for h in rana.get("/households").json()] == ["Haddad family"]
    assert rana.get(f"/households/{sharing.pk}").status_code == 404
    assert rana.get(f"/households/{seeking.pk}/suggestions").status_code == 404
    assert rana.post("/households", {"name": "Mine", "role": "seeking"}).status_code == 404
    assert rana.get("/programme").status_code == 404
    assert rana.get(f"/link-ups/{linkup.pk}").status_code == 200
    plain = Api(client, member)
    assert plain.get("/households").json() == []
    assert plain.get(f"/link-ups/{linkup.pk}").status_code == 404
    assert (
        plain.post(
            f"/link-ups/{linkup.pk}/check-ins", {"occurred_at": timezone.now().isoformat(), "minutes": 5}
        ).status_code
        == 404
    )
    elsewhere = Api(client, outsider)
    elsewhere.base = BASE.format(slug=community.slug)
    assert elsewhere.get("/households").status_code == 404
    assert CheckIn.objects.count() == 0
    assert Household.objects.count() == 2


@pytest.mark.django_db
def test_patch_with_nulls_changes_nothing_it_should_not_and_never_fails(client, coordinator, seeking):
    api = Api(client, coordinator)

    response = api.patch(f"/households/{seeking.pk}", {"languages": None, "availability": None, "about": None})
    assert response.status_code == 200
    assert response.json()["languages"] == []
    response = api.patch(f"/households/{seeking.pk}", {"name": None})
    assert (response.status_code, response.json()["field"]) == (400, "name")
    response = api.patch(f"/households/{seeking.pk}", {"latitude": 51.5})
    assert (response.status_code, response.json()["field"]) == (400, "latitude")


@pytest.mark.django_db
def test_dates_far_outside_the_programme_are_refused(client, coordinator, linkup, coach, sharing):
    api = Api(client, coordinator)
    response = api.post(f"/link-ups/{linkup.pk}/check-ins", {"occurred_at": "9999-12-31T23:00:00-05:00", "minutes": 30})
    assert (response.status_code, response.json()["field"]) == (400, "occurred_at")
    response = api.post(
        "/link-ups",
        {
            "seeking_id": linkup.seeking_id,
            "sharing_id": sharing.pk,
            "coach_id": coach.pk,
            "planned_weeks": 10,
            "starts_on": "0001-01-01",
        },
    )
    assert (response.status_code, response.json()["field"]) == (400, "starts_on")
