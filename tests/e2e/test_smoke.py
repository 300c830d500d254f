import pytest
from playwright.sync_api import expect

from coproduce.core.testing import make_community, make_member, make_user
from tests.e2e.conftest import assert_accessible, sign_in


@pytest.mark.django_db(transaction=True)
def test_landing_page_is_accessible_and_lists_open_communities(page):
    make_community(slug="riverside", name="Riverside Time Bank")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Riverside Time Bank")).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_member_signs_in_and_reaches_their_community(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    user = make_user(name="Mo Member", email="mo@example.org")
    make_member(community, user=user)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    sign_in(page, "mo@example.org")
    page.get_by_role("link", name="Go to Riverside Time Bank").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    assert_accessible(page)
