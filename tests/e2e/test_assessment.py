"""A coordinator opens a round, a professional and a citizen answer in the browser (others through the
services, so each group reaches the minimum size), and the coordinator reads the results."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from coproduce.assessment import services
from coproduce.assessment.models import Round, Statement
from coproduce.assessment.services import AnswerInput
from coproduce.communities.models import Membership
from coproduce.coproduction.models import Service
from coproduce.core.testing import make_community, make_member, make_user
from tests.e2e.conftest import assert_accessible, sign_in


def _person(community, email: str, name: str, **fields) -> Membership:
    user = make_user(name=name, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return make_member(community, user=user, **fields)


def _answer_in_browser(page, slug: str, round_id: int, rating: str) -> None:
    page.goto(f"/c/{slug}/assessment/rounds/{round_id}/answer/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    for code in Statement.objects.filter(instrument__version=1).values_list("code", flat=True):
        page.locator(f'input[name="answer_{code}"][value="{rating}"]').check()
    page.locator('input[name="answer_ASSETS_1"][value="dont_know"]').check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Thank you. Your answers have been sent.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_round_is_opened_answered_from_both_sides_and_its_results_read(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    Service.objects.create(community=community, name="Garden Club")
    _person(
        community,
        "cora@example.org",
        "Cora Coordinator",
        role=Membership.Role.COORDINATOR,
        kind=Membership.Kind.PROFESSIONAL,
    )
    _person(community, "nia@example.org", "Nia Nurse", kind=Membership.Kind.PROFESSIONAL)
    _person(community, "sam@example.org", "Sam Resident")
    others = [make_member(community, kind=Membership.Kind.PROFESSIONAL) for _ in range(2)]
    others += [make_member(community) for _ in range(2)]

    # The live server's first answer loads every module; on a busy machine that can outlast the default timeout.
    page.goto("/accounts/login/", timeout=60_000)

    # The coordinator opens the round and invites everyone by kind.
    sign_in(page, "cora@example.org")
    page.goto("/c/riverside/assessment/")
    page.get_by_role("link", name="Open a round").click()
    page.get_by_label("Title").fill("Spring review")
    page.get_by_label("First day of the period").fill("2026-01-01")
    page.get_by_label("Last day of the period").fill("2026-06-30")
    page.get_by_role("button", name="Open the round").click()
    page.get_by_label("Professional (staff, coach, commissioner)", exact=True).check()
    page.get_by_label("Person using services, family member or neighbour", exact=True).check()
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("heading", name="Response rate")).to_be_visible()
    assessment_round = Round.objects.get()

    # Two professionals and two citizens answer through the services, so each group reaches three.
    codes = list(Statement.objects.filter(instrument__version=1).values_list("code", flat=True))
    for person, rating in zip(others, (5, 4, 2, 3), strict=True):
        services.response_save(
            actor=person,
            community=community,
            round_id=assessment_round.pk,
            submit=True,
            answers=[AnswerInput(code=c, rating=rating) for c in codes],
        )

    page.context.clear_cookies()
    sign_in(page, "nia@example.org")
    _answer_in_browser(page, "riverside", assessment_round.pk, "4")
    page.context.clear_cookies()
    sign_in(page, "sam@example.org")
    _answer_in_browser(page, "riverside", assessment_round.pk, "2")

    # The coordinator reads the results: both groups shown, radar with two polygons, a flagged gap.
    page.context.clear_cookies()
    sign_in(page, "cora@example.org")
    page.goto(f"/c/riverside/assessment/rounds/{assessment_round.pk}/")
    expect(page.get_by_role("cell", name="100%")).to_have_count(1)  # the three invited citizens all sent answers
    page.get_by_role("link", name="Results").first.click()
    expect(page.get_by_role("heading", name="Results", level=1)).to_be_visible()
    radar = page.get_by_role("img", name="Scores for the six principles, 0 to 100")
    expect(radar).to_be_visible()
    expect(radar.locator("polygon.radar-area")).to_have_count(2)
    table = page.get_by_role("table", name="Scores by principle")
    expect(table.get_by_role("row")).to_have_count(7)
    # Professionals 5, 4, 4 -> mean 4.33 -> 83; citizens 2, 3, 2 -> mean 2.33 -> 33; gap 50.
    networks = table.get_by_role("row", name="Growing networks")
    expect(networks).to_contain_text("83")
    expect(networks).to_contain_text("33")
    expect(networks).to_contain_text("+50")
    expect(page.get_by_text("Self-reported only").first).to_be_visible()
    assert_accessible(page)
