"""The time bank in the browser: post a listing, another member responds, accept, record, confirm."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from coproduce.communities.models import Membership
from coproduce.core.testing import make_community, make_member, make_user
from coproduce.timebank import services
from tests.e2e.conftest import assert_accessible, sign_in


def _person(community, name: str, email: str, **fields) -> Membership:
    user = make_user(name=name, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return make_member(community, user=user, **fields)


def _warm_up(page) -> None:
    # The live server imports every app's URLs on its first request, which can outlast the default timeout.
    page.goto("/accounts/login/", timeout=120_000)


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_post_respond_accept_record_confirm(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    coordinator = _person(community, "Cora Coordinator", "cora@example.org", role=Membership.Role.COORDINATOR)
    _person(community, "Mo Member", "mo@example.org")
    _person(community, "Olu Other", "olu@example.org")
    services.category_create(actor=coordinator, community=community, name="Home and garden")

    # Mo posts an offer
    _warm_up(page)
    sign_in(page, "mo@example.org")
    page.goto("/c/riverside/timebank/")
    assert_accessible(page)
    page.get_by_role("link", name="Post a listing").click()
    assert_accessible(page)
    page.get_by_label("Offer", exact=True).check()
    page.get_by_label("Category").select_option(label="Home and garden")
    page.get_by_label("Title").fill("Help in the garden")
    page.get_by_label("Description").fill("Weeding and mowing, with my own tools.")
    page.get_by_label("Tags (optional)").fill("garden, outdoors")
    page.get_by_role("button", name="Post it").click()
    expect(page.get_by_role("heading", name="Help in the garden", level=1)).to_be_visible()
    assert_accessible(page)
    _sign_out(page)

    # Olu finds it by searching and asks for the help
    sign_in(page, "olu@example.org")
    page.goto("/c/riverside/timebank/")
    page.get_by_role("searchbox", name="Search").fill("weeding")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name="Help in the garden").click()
    page.get_by_label("Message (optional)").fill("Could you come on Saturday?")
    page.get_by_role("button", name="Ask for help").click()
    expect(page.get_by_text("Waiting for a reply")).to_be_visible()
    assert_accessible(page)
    _sign_out(page)

    # Mo accepts and records ninety minutes
    sign_in(page, "mo@example.org")
    page.goto("/c/riverside/timebank/exchanges/")
    assert_accessible(page)
    page.get_by_role("link", name="Help in the garden").first.click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You accepted.")).to_be_visible()
    assert_accessible(page)
    record = page.get_by_role("region", name="Record the hours")
    record.get_by_label("Hours").fill("1")
    record.get_by_label("Minutes").fill("30")
    record.get_by_label("Comment (optional)").fill("Two beds weeded")
    record.get_by_role("button", name="Record the hours").click()
    expect(page.get_by_text("The hours are recorded.")).to_be_visible()
    assert_accessible(page)
    _sign_out(page)

    # Olu confirms; the hours move
    sign_in(page, "olu@example.org")
    page.goto("/c/riverside/timebank/exchanges/")
    page.get_by_role("link", name="Help in the garden").first.click()
    expect(page.get_by_text("1 h 30 min").first).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Confirmed. The hours have moved.")).to_be_visible()
    assert_accessible(page)
    page.goto("/c/riverside/timebank/exchanges/")
    expect(page.get_by_text("−1 h 30 min")).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_coordinator_pages_are_accessible(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    coordinator = _person(community, "Cora Coordinator", "cora@example.org", role=Membership.Role.COORDINATOR)
    services.category_create(actor=coordinator, community=community, name="Home and garden")
    _person(community, "Bea Brokered", "bea@example.org", is_brokered=True)

    _warm_up(page)
    sign_in(page, "cora@example.org")
    for path in (
        "coordinate/",
        "coordinate/record/",
        "coordinate/group/",
        "coordinate/categories/",
        "coordinate/import/",
        "fund/",
        "settings/",
    ):
        page.goto(f"/c/riverside/timebank/{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_coordinator_corrects_a_confirmed_exchange(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    coordinator = _person(community, "Cora Coordinator", "cora@example.org", role=Membership.Role.COORDINATOR)
    mo = _person(community, "Mo Member", "mo@example.org")
    bea = _person(community, "Bea Brokered", "bea@example.org", is_brokered=True)
    category = services.category_create(actor=coordinator, community=community, name="Home and garden")
    exchange = services.exchange_record_brokered(
        actor=coordinator,
        community=community,
        category_id=category.pk,
        title="Shopping run",
        minutes=120,
        provider_id=mo.pk,
        receiver_id=bea.pk,
    )

    _warm_up(page)
    sign_in(page, "cora@example.org")
    page.goto(f"/c/riverside/timebank/exchanges/{exchange.pk}/")
    page.get_by_role("link", name="Correct the time of this exchange").click()
    assert_accessible(page)
    page.get_by_label("Corrected hours").fill("1")
    page.get_by_role("button", name="Correct the time").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why is the time being corrected?").fill("It took an hour, not two")
    page.get_by_role("button", name="Correct the time").click()
    expect(page.get_by_text("The correction is saved")).to_be_visible()
    expect(page.get_by_role("cell", name="It took an hour, not two")).to_be_visible()
    assert_accessible(page)
