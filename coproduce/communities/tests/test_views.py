import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.communities.models import Asset, Check, Membership, Organisation, PersonalAccessToken
from coproduce.communities.services import (
    ERR_REASON_REQUIRED,
    asset_create,
    check_record,
    membership_add_offline,
    membership_apply,
    token_create,
)
from coproduce.core.testing import make_user


@pytest.fixture
def as_member(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator.user)
    return client


@pytest.fixture
def as_admin(client, admin_member):
    client.force_login(admin_member.user)
    return client


def url(name, community, *args):
    return reverse(f"communities:{name}", args=[community.slug, *args])


@pytest.mark.django_db
def test_dashboard_shows_member_their_number_and_coordinator_links_only_to_coordinators(as_member, community, member):
    response = as_member.get(url("dashboard", community))
    assert response.status_code == 200
    assert f"member number {member.member_number}" in response.text
    assert "For coordinators" not in response.text
    assert reverse("communities:members", args=[community.slug]) in response.text


@pytest.mark.django_db
def test_coordinator_without_two_factor_is_encouraged_to_turn_it_on(as_coordinator, community):
    response = as_coordinator.get(url("dashboard", community))
    assert "Protect your account with two-factor authentication" in response.text
    assert reverse("mfa_index") in response.text


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, community):
    response = client.get(url("members", community))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_directory_searches_names_neighbourhoods_and_assets_and_filters_by_kind(as_member, community, member, other_member, coordinator):
    asset_create(actor=other_member, community=community, membership=other_member, kind="skill", title="Bicycle repair")

    def listed(params):
        response = as_member.get(url("members", community), params)
        return {m.pk for m in response.context["page"].object_list}

    assert listed({"q": "bicycle"}) == {other_member.pk}
    assert listed({"q": "cora"}) == {coordinator.pk}
    assert listed({"kind": "professional"}) == {coordinator.pk}
    assert listed({}) == {member.pk, other_member.pk, coordinator.pk}


def _queries_for(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _add_people(community, count, start):
    for n in range(count):
        person = Membership.objects.create(community=community, user=make_user(), member_number=start + n,
                                           status=Membership.Status.ACTIVE)
        Asset.objects.create(community=community, membership=person, kind="skill", title=f"Skill {start + n}")


@pytest.mark.django_db
def test_directory_needs_the_same_number_of_queries_for_few_or_many_members(as_member, community, member):
    _add_people(community, 2, 100)
    path = url("members", community)
    as_member.get(path)
    few = _queries_for(as_member, path)
    _add_people(community, 20, 200)
    assert _queries_for(as_member, path) == few


@pytest.mark.django_db
def test_profile_page_shows_assets(as_member, community, other_member):
    asset_create(actor=other_member, community=community, membership=other_member, kind="interest", title="Choir singing")
    response = as_member.get(url("member_profile", community, other_member.pk))
    assert response.status_code == 200
    assert "Choir singing" in response.text


@pytest.mark.django_db
def test_member_edits_own_profile(as_member, community, member):
    response = as_member.post(url("my_profile", community), {"name": "Mo M.", "bio": "Gardener", "neighbourhood": "Riverside",
                                                             "availability": "Mornings", "phone": ""})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.user.name, member.neighbourhood, member.bio) == ("Mo M.", "Riverside", "Gardener")


@pytest.mark.django_db
def test_profile_form_shows_errors_and_changes_nothing(as_member, community, member):
    response = as_member.post(url("my_profile", community), {"name": "", "neighbourhood": "x" * 121})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a name." in response.text
    member.refresh_from_db()
    assert member.neighbourhood == ""


@pytest.mark.django_db
def test_member_adds_and_removes_an_asset(as_member, community, member):
    response = as_member.post(url("asset_add", community, member.pk), {"kind": "skill", "title": "Knitting"})
    assert response.status_code == 302
    asset = Asset.objects.get(membership=member)
    assert asset.title == "Knitting"

    response = as_member.post(url("asset_remove", community, asset.pk))
    assert response.status_code == 302
    assert not Asset.objects.filter(pk=asset.pk).exists()


@pytest.mark.django_db
def test_member_cannot_add_assets_for_someone_else(as_member, community, other_member):
    response = as_member.post(url("asset_add", community, other_member.pk), {"kind": "skill", "title": "Knitting"})
    assert response.status_code == 404
    assert not Asset.objects.exists()


@pytest.mark.django_db
def test_removing_an_asset_needs_post(as_member, community, member):
    asset = asset_create(actor=member, community=community, membership=member, kind="skill", title="Knitting")
    assert as_member.get(url("asset_remove", community, asset.pk)).status_code == 405
    assert Asset.objects.filter(pk=asset.pk).exists()


@pytest.mark.django_db
def test_members_cannot_see_coordinator_pages(as_member, community):
    for name in ("applications", "checks", "check_new", "organisations", "member_add_offline", "members_acting_for",
                 "settings", "audit"):
        assert as_member.get(url(name, community)).status_code == 404, name


@pytest.mark.django_db
def test_coordinator_sees_pending_applications_with_overdue_flagged(as_coordinator, community):
    fresh = membership_apply(user=make_user(name="Fresh Applicant"), community=community)
    stale = membership_apply(user=make_user(name="Stale Applicant"), community=community)
    Membership.objects.filter(pk=stale.pk).update(created_at=timezone.now() - dt.timedelta(days=community.application_stale_days + 1))

    response = as_coordinator.get(url("applications", community))

    text = response.text
    assert fresh.user.name in text
    assert stale.user.name in text
    stale_row = text[text.index("Stale Applicant"):].split("</tr>")[0]
    fresh_row = text[text.index("Fresh Applicant"):].split("</tr>")[0]
    assert "Overdue" in stale_row
    assert "Overdue" not in fresh_row


@pytest.mark.django_db
def test_coordinator_approves_an_application(as_coordinator, community):
    application = membership_apply(user=make_user(), community=community)
    response = as_coordinator.post(url("application_decide", community, application.pk), {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Membership.Status.ACTIVE


@pytest.mark.django_db
def test_declining_without_a_reason_shows_the_error(as_coordinator, community):
    application = membership_apply(user=make_user(), community=community)
    response = as_coordinator.post(url("application_decide", community, application.pk), {"decision": "decline", "reason": ""})
    assert response.status_code == 200
    assert str(ERR_REASON_REQUIRED) in response.text
    application.refresh_from_db()
    assert application.status == Membership.Status.APPLIED


@pytest.mark.django_db
def test_coordinator_declines_with_a_reason(as_coordinator, community):
    application = membership_apply(user=make_user(), community=community)
    as_coordinator.post(url("application_decide", community, application.pk), {"decision": "decline", "reason": "Outside our area"})
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (Membership.Status.DECLINED, "Outside our area")


@pytest.mark.django_db
def test_coordinator_adds_an_offline_member_and_acts_for_them(as_coordinator, community):
    response = as_coordinator.post(url("member_add_offline", community),
                                   {"name": "Pat Offline", "kind": "citizen", "phone": "01234 567890"})
    person = Membership.objects.get(user__name="Pat Offline")
    assert response.status_code == 302
    assert response["Location"] == url("member_edit", community, person.pk)
    assert person.is_brokered
    assert person.user.email is None

    as_coordinator.post(url("member_edit", community, person.pk), {"name": "Pat Offline", "neighbourhood": "Hilltop"})
    as_coordinator.post(url("asset_add", community, person.pk), {"kind": "skill", "title": "Baking"})
    person.refresh_from_db()
    assert person.neighbourhood == "Hilltop"
    assert list(person.assets.values_list("title", flat=True)) == ["Baking"]


@pytest.mark.django_db
def test_coordinator_cannot_edit_a_member_who_can_use_the_platform(as_coordinator, community, member):
    assert as_coordinator.get(url("member_edit", community, member.pk)).status_code == 404


@pytest.mark.django_db
def test_coordinator_records_a_check_and_sees_it_expiring(as_coordinator, community, member):
    soon = timezone.localdate() + dt.timedelta(days=10)
    response = as_coordinator.post(url("check_new", community), {
        "membership": member.pk, "kind": "background", "status": "passed", "title": "Enhanced",
        "checked_on": (soon - dt.timedelta(days=300)).isoformat(), "expires_on": soon.isoformat(),
    })
    assert response.status_code == 302
    assert Check.objects.filter(membership=member, expires_on=soon).exists()
    expiring = as_coordinator.get(url("checks", community), {"show": "expiring"})
    assert member.user.name in expiring.text


@pytest.mark.django_db
def test_check_with_expiry_before_the_check_is_refused(as_coordinator, community, member):
    response = as_coordinator.post(url("check_new", community), {
        "membership": member.pk, "kind": "reference", "status": "passed",
        "checked_on": "2025-05-01", "expires_on": "2025-04-01",
    })
    assert response.status_code == 200
    assert "The expiry date must be on or after the date of the check." in response.text
    assert not Check.objects.exists()


@pytest.mark.django_db
def test_expiring_view_leaves_out_checks_far_in_the_future(as_coordinator, community, coordinator, member, other_member):
    check_record(actor=coordinator, community=community, membership=other_member, kind="training", status="passed",
                 expires_on=timezone.localdate() + dt.timedelta(days=200))
    response = as_coordinator.get(url("checks", community), {"show": "expiring"})
    assert other_member.user.name not in response.text


@pytest.mark.django_db
def test_coordinator_creates_an_organisation(as_coordinator, community):
    response = as_coordinator.post(url("organisations", community), {"name": "Health Centre", "contact_email": "hc@example.org"})
    assert response.status_code == 302
    assert Organisation.objects.filter(community=community, name="Health Centre").exists()


@pytest.mark.django_db
def test_admin_changes_settings_and_the_audit_log_shows_old_and_new(as_admin, community):
    page = as_admin.get(url("settings", community))
    assert page.status_code == 200
    data = dict(page.context["form"].initial.items())
    data.update(application_stale_days=3, is_open_for_applications="on" if community.is_open_for_applications else "")
    response = as_admin.post(url("settings", community), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    community.refresh_from_db()
    assert community.application_stale_days == 3

    audit = as_admin.get(url("audit", community))
    assert "community.update" in audit.text
    assert "application_stale_days" in audit.text
    assert "7 → 3" in audit.text


@pytest.mark.django_db
def test_coordinator_cannot_open_settings_or_audit(as_coordinator, community):
    assert as_coordinator.get(url("settings", community)).status_code == 404
    assert as_coordinator.get(url("audit", community)).status_code == 404


@pytest.mark.django_db
def test_admin_changes_a_members_role(as_admin, community, member):
    response = as_admin.post(url("member_change", community, member.pk), {"role": "coordinator", "kind": "citizen", "status": "active"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "coordinator"
    assert AuditEvent.objects.filter(action="membership.update", object_id=str(member.pk)).exists()


@pytest.mark.django_db
def test_coordinator_can_suspend_but_not_promote(as_coordinator, community, member):
    form = as_coordinator.get(url("member_change", community, member.pk)).context["form"]
    assert "role" not in form.fields
    as_coordinator.post(url("member_change", community, member.pk), {"role": "admin", "kind": "citizen", "status": "suspended"})
    member.refresh_from_db()
    assert (member.role, member.status) == ("member", "suspended")


@pytest.mark.django_db
def test_last_admin_cannot_step_down(as_admin, community, admin_member):
    response = as_admin.post(url("member_change", community, admin_member.pk), {"role": "member", "kind": "professional", "status": "active"})
    assert response.status_code == 200
    assert "A community needs at least one active administrator." in response.text


@pytest.mark.django_db
def test_tokens_page_shows_a_new_token_once_and_revokes_it(client, member):
    client.force_login(member.user)
    response = client.post(reverse("communities:tokens"), {"name": "Report script", "days": 30})
    token = PersonalAccessToken.objects.get(user=member.user)
    shown = response.context["new_token"]
    assert shown.startswith("cpt_")
    assert shown in response.text
    assert PersonalAccessToken.hash(shown) == token.token_hash
    assert shown not in client.get(reverse("communities:tokens")).text

    client.post(reverse("communities:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_nobody_revokes_another_persons_token(client, member, other_member):
    token, _raw = token_create(user=other_member.user, name="Theirs")
    client.force_login(member.user)
    assert client.post(reverse("communities:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_join_page_sends_an_application(client, community):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("communities:join", args=[community.slug]), {"kind": "citizen", "message": "Hello"})
    assert response.status_code == 302
    assert Membership.objects.get(user=user).status == Membership.Status.APPLIED


@pytest.mark.django_db
def test_switcher_lists_each_active_community(client, community, other_community):
    user = make_user()
    from coproduce.core.testing import make_member

    make_member(community, user=user)
    make_member(other_community, user=user)
    client.force_login(user)
    response = client.get(url("dashboard", community))
    assert 'name="go"' in response.text
    assert other_community.name in response.text
    assert client.get("/", {"go": other_community.slug})["Location"] == url("dashboard", other_community)


@pytest.mark.django_db
def test_acting_for_page_lists_offline_members(as_coordinator, community, coordinator):
    person = membership_add_offline(actor=coordinator, community=community, name="Olive Offline")
    response = as_coordinator.get(url("members_acting_for", community))
    assert person.user.name in response.text


@pytest.mark.django_db
def test_coordinator_records_the_outcome_of_a_pending_check(as_coordinator, community, coordinator, member):
    check = check_record(actor=coordinator, community=community, membership=member, kind="reference", status="pending",
                         checked_on=dt.date(2025, 1, 10))
    page = as_coordinator.get(url("checks", community))
    assert url("check_edit", community, check.pk) in page.text

    refused = as_coordinator.post(url("check_edit", community, check.pk), {"status": "passed", "expires_on": "2024-01-01"})
    assert "The expiry date must be on or after the date of the check." in refused.text
    response = as_coordinator.post(url("check_edit", community, check.pk), {"status": "passed", "expires_on": "2026-01-10"})
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.status, check.expires_on) == ("passed", dt.date(2026, 1, 10))
