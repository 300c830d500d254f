"""A coordinator registers two families, records the sharing family's training and checks, takes the suggested
pairing, links the families with both consents, and the seeking family's goal and check-in show on its progress
page."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import expect

from coproduce.communities.models import Membership
from coproduce.core.testing import make_community, make_member, make_user
from coproduce.linkups.models import CheckIn, Household, LinkUp
from tests.e2e.conftest import assert_accessible, sign_in


def _person(community, email: str, name: str, **fields) -> Membership:
    user = make_user(name=name, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return make_member(community, user=user, **fields)


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def _register(page, slug: str, name: str, role: str, languages: str) -> Household:
    page.goto(f"/c/{slug}/linkups/")
    page.get_by_role("link", name="Register a family").click()
    page.get_by_label("Family name").wait_for()
    assert_accessible(page)
    page.get_by_label("Family name").fill(name)
    page.get_by_label(role, exact=True).check()
    page.get_by_label("Languages spoken at home").fill(languages)
    page.get_by_label("Neighbourhood").fill("Northfield")
    page.get_by_label("Weekends").check()
    _submit(page, "Register the family")
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    return Household.objects.get(name=name)


def _add_adult(page, membership: Membership) -> None:
    page.get_by_role("link", name="Add an adult or a child").click()
    page.get_by_label("Adult", exact=True).check()
    page.get_by_label("Community member (adults)").select_option(str(membership.pk))
    _submit(page, "Add")


@pytest.mark.django_db(transaction=True)
def test_register_train_pair_link_set_goals_check_in_and_see_progress(page):
    community = make_community(slug="family-by-family", name="Family by Family")
    _person(
        community,
        "cora@example.org",
        "Cora Coordinator",
        role=Membership.Role.COORDINATOR,
        kind=Membership.Kind.PROFESSIONAL,
    )
    coach = make_member(community, kind=Membership.Kind.PROFESSIONAL, name="Cleo Coach")
    rana = make_member(community, name="Rana Haddad")
    sami = make_member(community, name="Sami Nasser")
    # Load the URL configuration (and with it every API router) before the browser's first page, whose time is limited.
    reverse("linkups:home", args=[community.slug])
    sign_in(page, "cora@example.org")

    # Register the seeking family and the sharing family, with their people and experience.
    page.goto("/c/family-by-family/linkups/")
    expect(page.get_by_role("heading", level=1, name="Families")).to_be_visible()
    assert_accessible(page)
    haddad = _register(page, "family-by-family", "Haddad family", "Seeking support", "Arabic, English")
    _add_adult(page, rana)
    page.get_by_role("link", name="Add an adult or a child").click()
    page.get_by_label("Child", exact=True).check()
    page.get_by_label("Name", exact=True).fill("Omar")
    page.get_by_label("Age (children)").fill("7")
    _submit(page, "Add")
    expect(page.get_by_role("cell", name="Omar", exact=True)).to_be_visible()
    assert_accessible(page)

    _register(page, "family-by-family", "Nasser family", "Sharing family", "Arabic")
    _add_adult(page, sami)
    page.get_by_role("link", name="Add an experience or strength").click()
    page.get_by_label("Something we have been through").check()
    page.get_by_label("Theme").select_option("school")
    page.get_by_label("In the family's words").fill("school exclusion")
    _submit(page, "Add")
    expect(page.get_by_text("This family cannot be linked up yet:")).to_be_visible()

    # Training and checks: only then can the sharing family be linked.
    page.get_by_role("link", name="Record training and checks").click()
    expect(page.get_by_role("heading", level=1, name="Training and checks")).to_be_visible()
    assert_accessible(page)
    for kind in ("Training", "Background check"):
        page.get_by_label("Adult", exact=True).select_option(label="Sami Nasser – Nasser family")
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Passed", exact=True).check()
        _submit(page, "Record")
        expect(page.get_by_text("The check is recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="Yes")).to_be_visible()

    # The seeking family's goal, in its own words.
    page.goto(f"/c/family-by-family/linkups/households/{haddad.pk}/progress/")
    page.get_by_role("link", name="Write a goal").click()
    assert_accessible(page)
    page.get_by_label("The goal, in the family's own words").fill("Omar back at school every day")
    page.get_by_label("School", exact=True).check()
    _submit(page, "Save the goal")
    expect(page.get_by_role("heading", name=re.compile("Omar back at school every day"))).to_be_visible()

    # The suggested pairing, explained; the coach decides and links the families with both consents.
    page.goto(f"/c/family-by-family/linkups/households/{haddad.pk}/")
    page.get_by_role("link", name="Suggested sharing families").click()
    expect(page.get_by_text("Both speak Arabic; they have been through school exclusion")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Link up with Nasser family").click()
    expect(page.get_by_role("heading", level=1, name="Link up Haddad family with Nasser family")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Coach").select_option(label="Cleo Coach")
    page.get_by_label("20 weeks").check()
    page.get_by_label("Who in the seeking family agreed?").select_option(label="Rana Haddad")
    page.get_by_label("Who in the sharing family agreed?").select_option(label="Sami Nasser")
    _submit(page, "Link up the families")
    expect(page.get_by_text("The families are linked up.")).to_be_visible()
    linkup = LinkUp.objects.get()
    assert (linkup.coach, linkup.planned_weeks, linkup.consents.count()) == (coach, 20, 2)
    assert_accessible(page)

    # A check-in where the family rates its progress.
    page.get_by_role("link", name="Record a check-in").click()
    assert_accessible(page)
    page.get_by_label("How long (minutes)").fill("90")
    page.get_by_label("Progress on: Omar back at school every day").fill("4")
    _submit(page, "Record the check-in")
    expect(page.get_by_text("The check-in is recorded.")).to_be_visible()
    assert CheckIn.objects.get().ratings.get().score == 4

    # The family's progress page: a chart and the same figures in a table.
    page.get_by_role("link", name="See progress over time").click()
    expect(page.get_by_role("img", name=re.compile("Progress on each goal over time"))).to_be_visible()
    expect(page.get_by_role("cell", name="4", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Family link-ups").get_by_role("link", name="Programme").click()
    expect(page.get_by_role("heading", name="Coach caseloads")).to_be_visible()
    assert_accessible(page)
