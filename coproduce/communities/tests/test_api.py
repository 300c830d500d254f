import pytest
from django.test import Client

from coproduce.communities.models import Membership, PersonalAccessToken
from coproduce.communities.services import membership_apply, token_create
from coproduce.core.testing import make_user

API = "/api/v1"


def bearer(user) -> dict:
    _token, raw = token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def api(member):
    client = Client()
    client.defaults.update(bearer(member.user))
    return client


@pytest.fixture
def coordinator_api(coordinator):
    client = Client()
    client.defaults.update(bearer(coordinator.user))
    return client


@pytest.mark.django_db
def test_without_credentials_the_api_answers_401(client, community):
    assert client.get(f"{API}/communities/{community.slug}/members").status_code == 401


@pytest.mark.django_db
def test_revoked_token_no_longer_works(member, community):
    token, raw = token_create(user=member.user, name="old")
    token.revoked_at = token.created_at
    token.save()
    assert Client().get(f"{API}/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.django_db
def test_me_lists_my_memberships(api, member, community):
    body = api.get(f"{API}/me").json()
    assert body["name"] == member.user.name
    assert [m["community"]["slug"] for m in body["memberships"]] == [community.slug]


@pytest.mark.django_db
def test_member_directory_search_and_detail_with_assets(api, community, member, other_member):
    api.post(f"{API}/communities/{community.slug}/members/{member.pk}/assets", {"kind": "skill", "title": "Plumbing"},
             content_type="application/json")
    found = api.get(f"{API}/communities/{community.slug}/members", {"q": "plumb"}).json()
    assert [m["id"] for m in found] == [member.pk]
    detail = api.get(f"{API}/communities/{community.slug}/members/{member.pk}").json()
    assert [a["title"] for a in detail["assets"]] == ["Plumbing"]


@pytest.mark.django_db
def test_profile_update_with_a_too_long_value_names_the_field(api, community, member):
    response = api.patch(f"{API}/communities/{community.slug}/members/{member.pk}", {"neighbourhood": "x" * 121},
                         content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "neighbourhood"


@pytest.mark.django_db
def test_a_member_cannot_edit_someone_elses_profile(api, community, other_member):
    response = api.patch(f"{API}/communities/{community.slug}/members/{other_member.pk}", {"bio": "hacked"},
                         content_type="application/json")
    assert response.status_code == 404
    other_member.refresh_from_db()
    assert other_member.bio == ""


@pytest.mark.django_db
def test_apply_then_coordinator_declines_with_reason(coordinator_api, community):
    applicant = make_user()
    client = Client()
    client.defaults.update(bearer(applicant))
    created = client.post(f"{API}/communities/{community.slug}/applications", {"kind": "citizen", "message": "Hi"},
                          content_type="application/json")
    assert created.status_code == 201
    application_id = created.json()["id"]

    pending = coordinator_api.get(f"{API}/communities/{community.slug}/applications").json()
    assert [a["id"] for a in pending] == [application_id]

    refused = coordinator_api.post(f"{API}/communities/{community.slug}/applications/{application_id}/decline", {"reason": ""},
                                   content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "reason"
    declined = coordinator_api.post(f"{API}/communities/{community.slug}/applications/{application_id}/decline",
                                    {"reason": "Full"}, content_type="application/json")
    assert declined.json()["status"] == "declined"


@pytest.mark.django_db
def test_members_cannot_list_applications(api, community):
    membership_apply(user=make_user(), community=community)
    assert api.get(f"{API}/communities/{community.slug}/applications").status_code == 404


@pytest.mark.django_db
def test_coordinator_adds_offline_member_checks_and_organisations(coordinator_api, community):
    person = coordinator_api.post(f"{API}/communities/{community.slug}/members/offline", {"name": "Pat"},
                                  content_type="application/json").json()
    assert person["is_brokered"] is True
    check = coordinator_api.post(f"{API}/communities/{community.slug}/checks", {
        "membership_id": person["id"], "kind": "reference", "status": "pending"}, content_type="application/json").json()
    updated = coordinator_api.patch(f"{API}/communities/{community.slug}/checks/{check['id']}",
                                    {"status": "passed", "expires_on": "2099-01-01"}, content_type="application/json").json()
    assert (updated["status"], updated["expires_on"]) == ("passed", "2099-01-01")
    organisation = coordinator_api.post(f"{API}/communities/{community.slug}/organisations", {"name": "School"},
                                        content_type="application/json")
    assert organisation.status_code == 201
    assert [o["name"] for o in coordinator_api.get(f"{API}/communities/{community.slug}/organisations").json()] == ["School"]


@pytest.mark.django_db
def test_admin_updates_settings_and_reads_the_audit_log(admin_member, community):
    client = Client()
    client.defaults.update(bearer(admin_member.user))
    response = client.patch(f"{API}/communities/{community.slug}", {"application_stale_days": 3},
                            content_type="application/json")
    assert response.json()["application_stale_days"] == 3
    bad = client.patch(f"{API}/communities/{community.slug}", {"timezone": "Mars/Olympus"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "timezone"
    audit = client.get(f"{API}/communities/{community.slug}/audit").json()
    assert audit[0]["changes"] == {"application_stale_days": [7, 3]}


@pytest.mark.django_db
def test_admin_changes_a_role_and_a_coordinator_cannot(admin_member, coordinator_api, community, member):
    client = Client()
    client.defaults.update(bearer(admin_member.user))
    path = f"{API}/communities/{community.slug}/members/{member.pk}/membership"
    assert coordinator_api.patch(path, {"role": "admin"}, content_type="application/json").status_code == 404
    assert client.patch(path, {"role": "coordinator"}, content_type="application/json").json()["role"] == "coordinator"
    member.refresh_from_db()
    assert member.role == Membership.Role.COORDINATOR


@pytest.mark.django_db
def test_tokens_are_created_listed_and_revoked_for_the_caller_only(api, member, other_member):
    created = api.post(f"{API}/me/tokens", {"name": "cron", "days": 7}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith("cpt_")
    listed = api.get(f"{API}/me/tokens").json()
    assert "token" not in listed[0]
    assert {t["name"] for t in listed} == {"tests", "cron"}

    theirs, _raw = token_create(user=other_member.user, name="theirs")
    assert api.delete(f"{API}/me/tokens/{theirs.pk}").status_code == 404
    assert api.delete(f"{API}/me/tokens/{body['id']}").status_code == 204
    assert PersonalAccessToken.objects.get(pk=body["id"]).revoked_at is not None


@pytest.mark.django_db
def test_session_writes_need_the_csrf_token(member, community):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member.user)
    assert client.get(f"{API}/me").status_code == 200
    refused = client.post(f"{API}/me/tokens", {"name": "x"}, content_type="application/json")
    assert refused.status_code in (401, 403)
    assert not PersonalAccessToken.objects.exists()
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(f"{API}/me/tokens", {"name": "x"}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201
