import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.communities.models import Membership
from coproduce.coproduction.models import Activity, Contribution, Service
from coproduce.core.testing import make_community, make_member, make_user
from tests.e2e.conftest import assert_accessible, sign_in


def _record(community, service, people, *, days_ago, phase="deliver", kind="exchange", ladder_step=None):
    activity = Activity.objects.create(
        community=community,
        service=service,
        kind=kind,
        phase=phase,
        title="Activity",
        ladder_step=ladder_step,
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        category="Gardening" if kind == "exchange" else "",
    )
    Contribution.objects.bulk_create(
        [Contribution(community=community, activity=activity, membership=m, role=r, minutes=n) for m, r, n in people]
    )


def _warm_up(page) -> None:
    # The live server's first request loads templates and static files; on a busy machine it can outlast the
    # default timeout, which is not what these tests are about.
    page.goto("/accounts/login/", timeout=90_000)


def _community_with_activity():
    community = make_community(slug="riverside", name="Riverside Time Bank")
    user = make_user(name="Cora Coordinator", email="cora@example.org")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    coordinator = make_member(community, user=user, role=Membership.Role.COORDINATOR, kind=Membership.Kind.PROFESSIONAL)
    people = [make_member(community) for _ in range(6)]
    service = Service.objects.create(community=community, name="Time bank")
    for i, giver in enumerate(people):
        receiver = people[(i + 1) % len(people)]
        _record(community, service, [(giver, "gave", 60), (receiver, "received", 60)], days_ago=10 + 20 * i)
    _record(
        community,
        service,
        [(people[0], "decided", 90), (people[1], "took_part", 90), (coordinator, "facilitated", 90)],
        days_ago=40,
        phase="design",
        kind="workshop",
        ladder_step=6,
    )
    _record(
        community, service, [(people[2], "took_part", 120), (coordinator, "took_part", 120)], days_ago=70, kind="shift"
    )
    return community


@pytest.mark.django_db(transaction=True)
def test_insights_pages_are_accessible_with_their_charts(page):
    community = _community_with_activity()
    _warm_up(page)
    sign_in(page, "cora@example.org")
    page.goto(f"/c/{community.slug}/insights/")
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="Co-production principles from activity data")).to_be_visible()
    assert_accessible(page)
    for link, heading, chart in (
        ("Principles", "The six principles in practice", "Co-production principles from activity data"),
        ("Grid and ladder", "Grid, ladder and phases", "Place on the co-production grid"),
        ("Network", "Who meets and helps whom", "New peer ties per month"),
        ("Funder report", "Funder report", "Hours given and received per month"),
    ):
        page.get_by_role("navigation", name="Insights sections").get_by_role("link", name=link).click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        expect(page.get_by_role("img", name=chart).first).to_be_visible()
        assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_coordinator_changes_the_period_and_refreshes(page):
    community = _community_with_activity()
    _warm_up(page)
    sign_in(page, "cora@example.org")
    page.goto(f"/c/{community.slug}/insights/grid/")
    page.get_by_text("Change the period or service").click()
    page.get_by_label("Last 3 months").check()
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"period=3"))
    expect(page.get_by_text("the last 3 months").first).to_be_visible()
    page.get_by_role("button", name="Refresh now").click()
    page.wait_for_load_state()
    expect(page.get_by_text("The figures have been computed again.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"period=3"))
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_charts_work_without_javascript(browser, live_server):
    community = _community_with_activity()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        _warm_up(page)
        sign_in(page, "cora@example.org")
        page.goto(f"/c/{community.slug}/insights/network/")
        expect(page.get_by_role("img", name="Who meets and helps whom")).to_be_visible()
        expect(page.get_by_role("table", name="Most active members")).to_be_visible()
    finally:
        context.close()
