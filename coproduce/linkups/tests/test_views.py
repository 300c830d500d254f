import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.communities.models import Check
from coproduce.core.navigation import community_nav_items
from coproduce.linkups.models import CheckIn, Goal, Household, LinkUp
from coproduce.linkups.services import GoalInput, checkin_record, goals_set, household_experience_add
from coproduce.linkups.tests.factories import adult_membership, make_household


def url(name, community, *args):
    return reverse(f"linkups:{name}", args=[community.slug, *args])


def as_(client, membership):
    client.force_login(membership.user)
    return client


@pytest.mark.django_db
def test_staff_see_every_family_and_members_only_their_own(
    client, community, coordinator, coach, seeking, sharing, member
):
    for staff in (coordinator, coach):
        page = as_(client, staff).get(url("home", community)).text
        assert "Haddad family" in page
        assert "Lee family" in page
    page = as_(client, adult_membership(seeking)).get(url("home", community)).text
    assert "Haddad family" in page
    assert "Lee family" not in page
    page = as_(client, member).get(url("home", community)).text
    assert "You are not part of a family in this programme" in page
    assert "Haddad family" not in page


@pytest.mark.django_db
def test_anonymous_visitors_sign_in_and_outsiders_get_404(client, community, seeking, outsider):
    assert client.get(url("home", community)).status_code == 302
    assert as_(client, outsider).get(url("household", community, seeking.pk)).status_code == 404


@pytest.mark.django_db
def test_household_details_are_for_staff_and_the_family_only(client, community, coordinator, seeking, sharing):
    from coproduce.linkups.services import household_update

    household_update(actor=coordinator, community=community, household_id=seeking.pk, about="Private note")
    assert "Private note" in as_(client, coordinator).get(url("household", community, seeking.pk)).text
    own = as_(client, adult_membership(seeking)).get(url("household", community, seeking.pk))
    assert own.status_code == 200
    assert "Private note" not in own.text
    assert as_(client, adult_membership(sharing)).get(url("household", community, seeking.pk)).status_code == 404
    for name in ("household_edit", "suggestions", "person_add", "household_role", "experience_add"):
        assert as_(client, adult_membership(seeking)).get(url(name, community, seeking.pk)).status_code == 404


@pytest.mark.django_db
def test_register_a_family_and_see_errors_beside_the_fields(client, community, coordinator):
    as_(client, coordinator)
    response = client.post(url("household_create", community), {"name": "", "role": "seeking", "sharing_capacity": 1})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert Household.objects.count() == 0

    response = client.post(
        url("household_create", community),
        {
            "name": "Haddad family",
            "role": "seeking",
            "languages": "Arabic, English",
            "sharing_capacity": 1,
            "availability": ["weekends"],
        },
    )

    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("household", community, household.pk)
    assert household.languages == ["Arabic", "English"]


@pytest.mark.django_db
def test_add_people_experiences_and_change_role(client, community, coordinator):
    from coproduce.core.testing import make_member

    household = make_household(coordinator, name="Nasser family", adults=())
    rana = make_member(community, name="Rana Nasser")
    as_(client, coordinator)
    assert (
        client.post(url("person_add", community, household.pk), {"kind": "adult", "membership_id": rana.pk}).status_code
        == 302
    )
    assert (
        client.post(url("person_add", community, household.pk), {"kind": "child", "name": "Omar", "age": 8}).status_code
        == 302
    )
    response = client.post(url("person_add", community, household.pk), {"kind": "child", "name": "Lina"})
    assert "Enter the child" in response.text
    assert (
        client.post(
            url("experience_add", community, household.pk),
            {"kind": "lived_experience", "theme": "school", "description": "school exclusion"},
        ).status_code
        == 302
    )
    assert client.post(url("household_role", community, household.pk), {"role": "sharing"}).status_code == 302

    page = client.get(url("household", community, household.pk)).text
    assert "Rana Nasser" in page
    assert "Omar" in page
    assert "Has been through school exclusion" in page
    assert "Sharing family" in page


@pytest.mark.django_db
def test_coordinators_record_checks_on_the_training_page_and_coaches_only_see_it(
    client, community, coordinator, coach, member
):
    household = make_household(coordinator, name="Lee family", role="sharing", adults=("Sam Lee",))
    person = household.people.get()

    page = as_(client, coach).get(url("training", community)).text
    assert "Sam Lee" in page
    assert "Record training or a check" not in page
    assert as_(client, member).get(url("training", community)).status_code == 404

    response = as_(client, coordinator).post(
        url("training", community),
        {
            "person_id": person.pk,
            "kind": "training",
            "status": "passed",
            "checked_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 302
    assert Check.objects.get().membership == person.membership


@pytest.mark.django_db
def test_suggestions_explain_the_fit_and_lead_to_the_link_up_form(
    client, community, coordinator, seeking, sharing, coach
):
    household_experience_add(
        actor=coordinator,
        community=community,
        household_id=sharing.pk,
        kind="lived_experience",
        theme="school",
        description="school exclusion",
    )
    goals_set(actor=coordinator, community=community, household_id=seeking.pk, goals=[GoalInput("School", ("school",))])

    page = as_(client, coach).get(url("suggestions", community, seeking.pk)).text

    assert "Lee family" in page
    assert "Both speak English; they have been through school exclusion" in page
    assert f"?seeking={seeking.pk}&amp;sharing={sharing.pk}" in page
    assert as_(client, adult_membership(seeking)).get(url("suggestions", community, seeking.pk)).status_code == 404


@pytest.mark.django_db
def test_link_up_needs_consent_from_both_families(client, community, coordinator, seeking, sharing, coach):
    as_(client, coordinator)
    form_url = url("linkup_create", community) + f"?seeking={seeking.pk}&sharing={sharing.pk}"
    assert "Who in the seeking family agreed?" in client.get(form_url).text
    today = timezone.localdate().isoformat()
    data = {
        "coach_id": coach.pk,
        "planned_weeks": 20,
        "seeking_consent_on": today,
        "sharing_consent_on": today,
        "sharing_consent": sharing.people.get(kind="adult").pk,
    }

    response = client.post(form_url, data)
    assert "Choose who in the family agreed to the link-up." in response.text
    assert LinkUp.objects.count() == 0

    response = client.post(form_url, {**data, "seeking_consent": seeking.people.get(kind="adult").pk})
    linkup = LinkUp.objects.get()
    assert response["Location"] == url("linkup", community, linkup.pk)
    assert (linkup.planned_weeks, linkup.consents.count()) == (20, 2)


@pytest.mark.django_db
def test_an_untrained_family_is_refused_with_the_reason(client, community, coordinator, seeking, coach):
    untrained = make_household(coordinator, name="Ng family", role="sharing", adults=("Kim Ng",))
    as_(client, coordinator)
    form_url = url("linkup_create", community) + f"?seeking={seeking.pk}&sharing={untrained.pk}"
    today = timezone.localdate().isoformat()
    response = client.post(
        form_url,
        {
            "coach_id": coach.pk,
            "planned_weeks": 10,
            "seeking_consent": seeking.people.get(kind="adult").pk,
            "seeking_consent_on": today,
            "sharing_consent": untrained.people.get().pk,
            "sharing_consent_on": today,
        },
    )

    assert response.status_code == 200
    assert "This sharing family cannot be linked yet: Kim Ng has no training recorded" in response.text
    assert LinkUp.objects.count() == 0


@pytest.mark.django_db
def test_the_families_record_goals_and_check_ins_and_see_progress(client, community, linkup):
    rana = adult_membership(linkup.seeking)
    as_(client, rana)
    response = client.post(
        url("goal_add", community, linkup.seeking.pk), {"text": "Calm mornings", "themes": ["routines"]}
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.linkup == linkup

    as_(client, adult_membership(linkup.sharing))
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url("checkin_add", community, linkup.pk), {"occurred_at": when, "minutes": 60, f"rating_{goal.pk}": 4}
    )
    assert response.status_code == 302
    assert CheckIn.objects.get().ratings.get().score == 4

    as_(client, rana)
    page = client.get(url("progress", community, linkup.seeking.pk)).text
    assert "<svg" in page
    assert "Calm mornings" in page
    assert re.search(r"<td class=\"numeric\">4</td>", page)
    assert client.post(url("goal_action", community, goal.pk, "met")).status_code == 302
    goal.refresh_from_db()
    assert goal.status == "met"
    # The sharing family sees the link-up but not the seeking family's progress page.
    as_(client, adult_membership(linkup.sharing))
    assert client.get(url("linkup", community, linkup.pk)).status_code == 200
    assert client.get(url("progress", community, linkup.seeking.pk)).status_code == 404


@pytest.mark.django_db
def test_staff_extend_complete_or_end_early_with_a_reason(client, community, coordinator, linkup):
    as_(client, coordinator)
    assert client.post(url("linkup_extend", community, linkup.pk), {"weeks": 10}).status_code == 302
    response = client.post(url("linkup_end", community, linkup.pk), {"reason": ""})
    assert "Say why the link-up ended early." in response.text
    assert client.post(url("linkup_end", community, linkup.pk), {"reason": "Moved away"}).status_code == 302
    linkup.refresh_from_db()
    assert (linkup.extra_weeks, linkup.status, linkup.end_reason) == (10, "ended_early", "Moved away")
    as_(client, adult_membership(linkup.seeking))
    assert client.get(url("linkup_complete", community, linkup.pk)).status_code == 404


@pytest.mark.django_db
def test_programme_page_for_staff_and_settings_for_coordinators(client, community, coordinator, coach, linkup, member):
    goals_set(
        actor=coordinator, community=community, household_id=linkup.seeking_id, goals=[GoalInput("x", ("money",))]
    )
    checkin_record(actor=coordinator, community=community, linkup_id=linkup.pk, occurred_at=timezone.now(), minutes=30)
    page = as_(client, coach).get(url("programme", community)).text
    assert "Coach caseloads" in page
    assert "Cleo Coach" in page
    assert as_(client, coach).get(url("programme_settings", community)).status_code == 404
    assert as_(client, member).get(url("programme", community)).status_code == 404
    response = as_(client, coordinator).post(
        url("programme_settings", community),
        {"coach_sharing_capacity": 12, "coach_seeking_capacity": 30, "max_distance_km": 8},
    )
    assert response.status_code == 302
    assert "/ 12" in client.get(url("programme", community)).text


@pytest.mark.django_db
def test_navigation_shows_the_programme_to_those_it_concerns(community, coordinator, seeking, member):
    def labels(membership):
        return [str(i["label"]) for i in community_nav_items(community, membership)]

    assert "Family link-ups" in labels(coordinator)
    assert "Your family" in labels(adult_membership(seeking))
    assert "Family link-ups" not in labels(member)
    assert "Your family" not in labels(member)


@pytest.mark.django_db
def test_pages_render_in_spanish(client, community, coordinator, linkup):
    as_(client, coordinator)
    client.cookies["django_language"] = "es"
    page = client.get(url("linkup", community, linkup.pk), headers={"accept-language": "es"}).text
    assert 'lang="es"' in page
    assert "Familia que busca apoyo" in page


@pytest.mark.django_db
def test_a_check_in_in_the_past_uses_the_date_given(client, community, coordinator, seeking, sharing, coach):
    from coproduce.linkups.tests.factories import link

    linkup = link(coordinator, seeking, sharing, coach, starts_on=timezone.localdate() - dt.timedelta(days=20))
    as_(client, coordinator)
    when = (timezone.localtime() - dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    client.post(url("checkin_add", community, linkup.pk), {"occurred_at": when, "minutes": 45})
    assert timezone.localtime(CheckIn.objects.get().occurred_at).strftime("%Y-%m-%dT%H:%M") == when
