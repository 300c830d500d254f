"""The foundation's journeys in a real browser: sign up, confirm the address, sign in, apply to join; a coordinator
approves one application and declines another with a reason; a coordinator records an activity. Then axe on every
main page, in English and in Spanish, with the demo data loaded so the pages show what a real community shows."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from coproduce.communities import services as community_services
from coproduce.communities.models import Membership
from coproduce.coproduction.models import Activity, Contribution, Service
from coproduce.core.testing import make_community, make_member, make_user
from coproduce.demo.loader import DEMO_PASSWORD, load_demo
from tests.e2e.conftest import PASSWORD, assert_accessible, sign_in

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")
SLUG = "riverside-timebank"


@pytest.fixture(autouse=True)
def _patient_navigation(page):
    # The live server's first request imports and compiles every app, and on a busy two-core machine a page can
    # take longer than the harness's 15 seconds; a real failure still fails, only later.
    page.set_default_navigation_timeout(60_000)
    page.set_default_timeout(45_000)


def _person(community, email: str, name: str, **fields) -> Membership:
    user = make_user(name=name, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return make_member(community, user=user, **fields)


def _coordinator(community) -> Membership:
    return _person(
        community,
        "cora@example.org",
        "Cora Coordinator",
        role=Membership.Role.COORDINATOR,
        kind=Membership.Kind.PROFESSIONAL,
    )


def _applicant(community, email: str, name: str) -> Membership:
    user = make_user(name=name, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return community_services.membership_apply(user=user, community=community, message="I can help in the garden.")


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _flash(page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_newcomer_signs_up_confirms_their_address_and_applies_to_join(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")

    # Given a newcomer on the sign-up page
    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Nia Newcomer")
    page.get_by_label("Email").fill("nia@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()

    # Then they are asked to confirm their address, and an email with a link is on its way
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    sent = [m for m in mail.outbox if "nia@example.org" in m.to]
    assert len(sent) == 1
    link = CONFIRM_LINK.search(sent[0].body)
    assert link, sent[0].body

    # When they follow the link and confirm
    page.goto(link.group(0))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()

    # Then the address is verified and they are signed in, with no community yet
    assert EmailAddress.objects.get(email="nia@example.org").verified
    expect(page.get_by_role("heading", name="Your communities")).to_be_visible()
    expect(page.get_by_text("You do not belong to a community yet.")).to_be_visible()

    # And, after signing out, they can sign in with the new password
    _sign_out(page)
    sign_in(page, "nia@example.org")
    expect(page.get_by_role("heading", name="Your communities")).to_be_visible()

    # When they find the community and apply to join it
    page.get_by_role("link", name="Find a community to join").click()
    assert_accessible(page)
    page.get_by_role("link", name="Apply to join Riverside Time Bank").click()
    expect(page.get_by_role("heading", name="Apply to join")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Person using services, family member or neighbour").check()
    page.get_by_label("Why would you like to join? (optional)").fill("I can help with computers.")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()

    # Then they are told a coordinator will look at it, and the application waits for a decision
    _flash(page, "A coordinator will look at your application soon.")
    membership = Membership.objects.get(community=community, user__email="nia@example.org")
    assert membership.status == Membership.Status.APPLIED
    assert membership.application_message == "I can help with computers."
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_approves_an_application_and_the_applicant_is_told(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    _coordinator(community)
    application = _applicant(community, "ola@example.org", "Ola Applicant")
    mail.outbox.clear()

    # Given the coordinator on the applications page
    sign_in(page, "cora@example.org")
    page.goto("/c/riverside/")
    page.get_by_role("link", name="applications waiting").click()
    expect(page.get_by_role("heading", name="Applications")).to_be_visible()
    expect(page.get_by_role("cell", name="Ola Applicant", exact=True)).to_be_visible()
    assert_accessible(page)

    # When they review the application and approve it
    page.get_by_role("link", name="Review Ola Applicant").click()
    expect(page.get_by_text("I can help in the garden.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()

    # Then the applicant is a member, no application waits, and the applicant has an email saying so
    _flash(page, "Ola Applicant is now a member.")
    expect(page.get_by_text("No applications are waiting.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Membership.Status.ACTIVE
    assert [m.subject for m in mail.outbox if "ola@example.org" in m.to] == ["Welcome to Riverside Time Bank"]

    # And the applicant, signing in, can go to the community
    _sign_out(page)
    sign_in(page, "ola@example.org")
    page.get_by_role("link", name="Go to Riverside Time Bank").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_declines_an_application_with_a_reason_and_the_applicant_sees_it(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    _coordinator(community)
    application = _applicant(community, "dee@example.org", "Dee Applicant")
    mail.outbox.clear()
    sign_in(page, "cora@example.org")
    page.goto("/c/riverside/applications/")
    page.get_by_role("link", name="Review Dee Applicant").click()

    # When they decline without a reason
    page.get_by_role("button", name="Decline").click()
    page.wait_for_load_state()

    # Then they are asked for one, and nothing changes
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Give a reason, so the applicant knows why.")).to_be_visible()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == Membership.Status.APPLIED

    # When they give a reason and decline
    reason = "We can only take members who live in Riverside for now."
    page.get_by_label("Message to the applicant").fill(reason)
    page.get_by_role("button", name="Decline").click()
    page.wait_for_load_state()

    # Then the application is declined and the applicant is emailed the reason
    _flash(page, "The application from Dee Applicant was declined.")
    application.refresh_from_db()
    assert application.status == Membership.Status.DECLINED
    told = [m for m in mail.outbox if "dee@example.org" in m.to]
    assert len(told) == 1
    assert reason in told[0].body

    # And the applicant sees the outcome and the reason when they sign in
    _sign_out(page)
    sign_in(page, "dee@example.org")
    expect(page.get_by_text("Declined")).to_be_visible()
    expect(page.get_by_text(reason)).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_records_an_activity_with_each_persons_contribution(page):
    community = make_community(slug="riverside", name="Riverside Time Bank")
    coordinator = _coordinator(community)
    sam = make_member(community, name="Sam Resident")
    nia = make_member(community, name="Nia Nurse", kind=Membership.Kind.PROFESSIONAL)
    service = Service.objects.create(community=community, name="Lunch club")

    # Given the coordinator on the service's page
    sign_in(page, "cora@example.org")
    page.goto("/c/riverside/services/")
    assert_accessible(page)
    page.get_by_role("link", name="Lunch club").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Record an activity")).click()
    expect(page.get_by_role("heading", name="Record an activity")).to_be_visible()
    assert_accessible(page)

    # When they fill in the activity, ask for one more row without losing what they typed, and add three people
    page.get_by_label("Title").fill("Menu planning workshop")
    page.get_by_label("Co-design").check()
    page.get_by_label("Kind of activity").select_option("workshop")
    page.get_by_label("Participation step (optional)").select_option("6")
    page.get_by_role("button", name="Add another person").click()
    page.wait_for_load_state()
    expect(page.get_by_label("Title")).to_have_value("Menu planning workshop")
    expect(page.get_by_label("Person 4", exact=True)).to_be_visible()
    rows = [(sam, "took_part", "90"), (nia, "facilitated", "120"), (coordinator, "decided", "30")]
    for number, (person, role, minutes) in enumerate(rows, start=1):
        page.get_by_label(f"Person {number}", exact=True).select_option(str(person.pk))
        page.get_by_label(f"Role of person {number}").select_option(role)
        page.get_by_label(f"Minutes for person {number}").fill(minutes)
    page.get_by_role("button", name="Record activity").click()
    page.wait_for_load_state()

    # Then the activity is recorded with each contribution, and its page lists the people
    _flash(page, "The activity has been recorded.")
    activity = Activity.objects.get(community=community, service=service)
    assert (activity.title, activity.phase, activity.kind, activity.ladder_step) == (
        "Menu planning workshop",
        "design",
        "workshop",
        6,
    )
    recorded = set(Contribution.objects.filter(activity=activity).values_list("membership_id", "role", "minutes"))
    assert recorded == {(sam.pk, "took_part", 90), (nia.pk, "facilitated", 120), (coordinator.pk, "decided", 30)}
    expect(page.get_by_role("heading", name="Menu planning workshop")).to_be_visible()
    expect(page.get_by_role("cell", name="Sam Resident").first).to_be_visible()
    assert_accessible(page)


# Every main page, on the demo data -------------------------------------------------------------------------------
# One browser session per person visits all their pages and reports every failing page by name, so a problem on
# one page does not hide problems on the others.

PUBLIC_PAGES = {
    "landing": "/",
    "sign in": "/accounts/login/",
    "sign up": "/accounts/signup/",
    "password reset": "/accounts/password/reset/",
}

COORDINATOR_PAGES = {
    "home": "/",
    "communities directory": "/communities/",
    "join": "/communities/{other}/join/",
    "community dashboard": "/c/{slug}/",
    "member directory": "/c/{slug}/members/",
    "member profile": "/c/{slug}/members/{member}/",
    "my profile": "/c/{slug}/profile/",
    "add an asset": "/c/{slug}/members/{me}/assets/add/",
    "applications": "/c/{slug}/applications/",
    "application": "/c/{slug}/applications/{application}/",
    "add a member without email": "/c/{slug}/members/add/",
    "checks": "/c/{slug}/checks/",
    "record a check": "/c/{slug}/checks/new/",
    "organisations": "/c/{slug}/organisations/",
    "services": "/c/{slug}/services/",
    "service": "/c/{slug}/services/{service}/",
    "activity form": "/c/{slug}/services/{service}/activities/new/",
    "activities": "/c/{slug}/activities/",
    "activity": "/c/{slug}/activities/{activity}/",
    "your account": "/accounts/email/",
    "API tokens": "/accounts/tokens/",
}

ADMIN_PAGES = {
    "audit log": "/c/{slug}/audit/",
    "community settings": "/c/{slug}/settings/",
}

SPANISH_PAGES = {
    "home": "/",
    "community dashboard": "/c/{slug}/",
    "applications": "/c/{slug}/applications/",
    "activity form": "/c/{slug}/services/{service}/activities/new/",
}


def _demo_places() -> dict[str, object]:
    """Load a small demo and name the rows the pages are about."""
    load_demo(members=60, seed=7, show_progress=False, with_modules=False)
    me = Membership.objects.get(community__slug=SLUG, user__email="coordinator@example.org")
    member = Membership.objects.filter(community__slug=SLUG, status=Membership.Status.ACTIVE, member_number__gt=3)
    application = Membership.objects.filter(community__slug=SLUG, status=Membership.Status.APPLIED)
    service = Service.objects.get(community__slug=SLUG, name="Lunch club")
    # The coordinator has left one community, so its join page is a real invitation.
    Membership.objects.filter(community__slug="youth-court", user=me.user).update(status=Membership.Status.LEFT)
    return {
        "slug": SLUG,
        "other": "youth-court",
        "me": me.pk,
        "member": member.order_by("member_number").first().pk,
        "application": application.order_by("created_at").first().pk,
        "service": service.pk,
        "activity": Activity.objects.filter(service=service).order_by("-occurred_at").first().pk,
    }


def _visit(page, path: str, *, language: str = "en") -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"answered {response.status}"
    expect(page.get_by_role("heading", level=1).first, "no main heading").to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def _check_pages(page, pages: dict[str, str], places: dict[str, object], *, language: str = "en") -> list[str]:
    problems = []
    for name, path in pages.items():
        url = path.format(**places)
        try:
            _visit(page, url, language=language)
            assert_accessible(page)
        except (AssertionError, PlaywrightError) as error:
            problems.append(f"{name} ({url}): {error}")
    return problems


def _switch_to_spanish(page) -> None:
    english = page.get_by_role("heading", level=1).first.inner_text()
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1).first, "the main heading is not translated").not_to_have_text(english)


@pytest.mark.django_db(transaction=True)
def test_public_pages_are_accessible_in_english_and_in_spanish(page):
    places = _demo_places()
    problems = _check_pages(page, PUBLIC_PAGES, places)

    page.goto("/")
    _switch_to_spanish(page)
    problems += _check_pages(page, PUBLIC_PAGES, places, language="es")

    assert not problems, "\n\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_every_coordinator_and_admin_page_on_demo_data_is_accessible(page):
    places = _demo_places()

    sign_in(page, "coordinator@example.org", DEMO_PASSWORD)
    problems = _check_pages(page, COORDINATOR_PAGES, places)
    _sign_out(page)
    sign_in(page, "admin@example.org", DEMO_PASSWORD)
    problems += _check_pages(page, ADMIN_PAGES, places)

    assert not problems, "\n\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_the_join_page_and_the_community_pages_speak_spanish_and_stay_accessible(page):
    places = _demo_places()
    sign_in(page, "coordinator@example.org", DEMO_PASSWORD)
    _visit(page, f"/communities/{places['other']}/join/")
    english_labels = page.locator("label").all_inner_texts()

    # When the coordinator switches the language on the join page
    _switch_to_spanish(page)

    # Then the join form speaks Spanish, and it and the community's pages stay accessible
    assert page.locator("label").all_inner_texts() != english_labels, "the join form is not translated"
    assert_accessible(page)
    problems = _check_pages(page, SPANISH_PAGES, places, language="es")
    assert not problems, "\n\n".join(problems)
