"""The ledger in the browser: a member reads their statement; a coordinator allocates from the fund, reverses a
transfer and changes limits. Every page is checked with axe."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from coproduce.communities.models import Membership
from coproduce.core.testing import make_community, make_member, make_user
from coproduce.ledger import services
from coproduce.ledger.selectors import account_for_membership
from tests.e2e.conftest import assert_accessible, sign_in


def person(community, name, email, **fields):
    user = make_user(name=name, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return make_member(community, user=user, **fields)


@pytest.mark.django_db(transaction=True)
def test_member_reads_their_statement_and_downloads_it(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    mo = person(community, "Mo Member", "mo@example.org")
    olu = person(community, "Olu Other", "olu@example.org")
    services.transfer_create(
        actor=mo,
        community=community,
        from_account=account_for_membership(community=community, membership=mo),
        to_account=account_for_membership(community=community, membership=olu),
        minutes=90,
        kind="exchange",
        memo="Fixed a bike",
        idempotency_key="e2e-1",
    )
    sign_in(page, "mo@example.org")
    page.goto("/c/riverside/")
    page.get_by_role("link", name="My hours").click()
    expect(page.get_by_role("heading", name="Hours of Mo Member")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Fixed a bike")
    expect(row.get_by_role("cell", name="−1 h 30 min").first).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV (spreadsheet)").click()
    assert download.value.suggested_filename.endswith(".csv")


@pytest.mark.django_db(transaction=True)
def test_coordinator_allocates_reverses_and_changes_limits(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    person(community, "Cora Coordinator", "cora@example.org", role=Membership.Role.COORDINATOR)
    mo = person(community, "Mo Member", "mo@example.org")
    account = account_for_membership(community=community, membership=mo)
    sign_in(page, "cora@example.org")

    page.goto("/c/riverside/ledger/coordinate/")
    expect(page.get_by_role("heading", name="Ledger", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Ledger").get_by_role("link", name="Community fund").click()
    page.get_by_label("Account", exact=True).and_(page.get_by_role("combobox")).select_option(str(account.pk))
    page.get_by_label("Minutes").fill("120")
    page.get_by_label("Reason").fill("Help after an operation")
    assert_accessible(page)
    page.get_by_role("button", name="Move the hours").click()
    expect(page.get_by_text("The hours have been moved.")).to_be_visible()

    page.get_by_role("navigation", name="Ledger").get_by_role("link", name="Transfers").click()
    assert_accessible(page)
    page.get_by_role("link", name="Reverse transfer").first.click()
    page.get_by_role("button", name="Reverse this transfer").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why is this transfer being reversed?").fill("Given to the wrong person")
    page.get_by_role("button", name="Reverse this transfer").click()
    expect(page.get_by_text("The transfer has been reversed.")).to_be_visible()

    page.goto(f"/c/riverside/ledger/accounts/{account.pk}/limits/")
    page.get_by_label("Lowest balance allowed").fill("60")
    page.get_by_role("button", name="Save limits").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Lowest balance allowed").fill("-600")
    page.get_by_role("button", name="Save limits").click()
    expect(page.get_by_role("heading", name="Hours of Mo Member")).to_be_visible()
    account.refresh_from_db()
    assert (account.balance, account.floor) == (0, -600)

    page.get_by_role("navigation", name="Ledger").get_by_role("link", name="Flagged accounts").click()
    assert_accessible(page)
