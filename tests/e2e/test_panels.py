"""A youth court hears a case: the coordinator is told why a violent offence cannot be referred, records an
eligible referral and both consents, sets up a hearing with a jury of trained former respondents, a juror reads
the brief (a first name, never an address), the hearing is recorded, the jury's sentence set and the access log
read."""

import datetime as dt
import urllib.request

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.communities.models import Membership
from coproduce.core.testing import make_community, make_member, make_user
from coproduce.ledger.models import Transfer
from coproduce.panels.models import Case, CaseAccess, Hearing
from coproduce.panels.tests.conftest import birthday, former_respondent
from tests.e2e.conftest import assert_accessible, sign_in


def _warm_up(url: str) -> None:
    """The first request builds the URL map and the API; on a busy machine that outlasts a page timeout."""
    urllib.request.urlopen(url + "/accounts/login/", timeout=120).close()  # noqa: S310 - the test's own server


def _login(membership: Membership, email: str) -> None:
    user = membership.user
    user.email = email
    user.set_password("a-long-pass-phrase")
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)


@pytest.mark.django_db(transaction=True)
def test_a_case_goes_from_referral_to_sentence_with_a_peer_jury(page, live_server):
    _warm_up(live_server.url)
    court = make_community(slug="youth-court", name="Northside Youth Court")
    coordinator = make_member(
        court,
        user=make_user(name="Cora Coordinator", email="cora@example.org"),
        role=Membership.Role.ADMIN,
        kind=Membership.Kind.PROFESSIONAL,
    )
    EmailAddress.objects.create(user=coordinator.user, email="cora@example.org", verified=True, primary=True)
    make_member(court, name="Judge Judith", kind=Membership.Kind.PROFESSIONAL)
    jurors = [former_respondent(court, name=f"Juror {n}") for n in ("Ada", "Ben", "Cal")]
    _login(jurors[0], "ada@example.org")
    former_respondent(court, juries=2, name="Frankie Foreperson")

    sign_in(page, "cora@example.org")
    page.goto("/c/youth-court/")
    page.get_by_role("link", name="Youth court").click()
    expect(page.get_by_role("heading", name="Court overview")).to_be_visible()
    assert_accessible(page)

    # An ineligible referral is refused with its reason; the eligible one opens a case.
    page.get_by_role("link", name="Record a referral").click()
    page.get_by_label("School", exact=True).check()
    page.get_by_label("Name of the referrer").fill("Ms Patel")
    page.get_by_label("Referrer's email (optional)").fill("patel@school.example.org")
    page.get_by_label("Young person's first name").fill("Jordan")
    page.get_by_label("Young person's last name").fill("Mills")
    page.get_by_label("Date of birth").fill(birthday(14).isoformat())
    page.get_by_label("Address (optional)").fill("12 Long Lane")
    page.get_by_label("Offence", exact=True).select_option("theft")
    page.get_by_label("The offence involved violence or a weapon").check()
    page.get_by_label("The young person admits responsibility").check()
    page.get_by_label("What the panel must decide (optional)").fill("A fair sentence for taking a phone.")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("The court hears non-violent offences only.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The offence involved violence or a weapon").uncheck()
    page.get_by_role("button", name="Record the referral").click()
    case = Case.objects.get(first_name="Jordan")
    expect(page.get_by_text(f"Referral {case.reference} recorded.")).to_be_visible()
    assert_accessible(page)

    # Intake: both consents.
    page.get_by_role("link", name="Record consent and start intake").click()
    assert_accessible(page)
    page.get_by_label("The young person agrees to have their case heard by the court").check()
    page.get_by_label("A parent or guardian agrees").check()
    page.get_by_label("Name of the parent or guardian who agreed").fill("Dee Mills")
    page.get_by_role("button", name="Record consent and start intake").click()
    expect(page.get_by_text("Consent recorded; the case is at intake.")).to_be_visible()

    # A hearing with a presiding adult, a foreperson and three trained former respondents.
    page.get_by_role("link", name="Hearings").first.click()
    assert_accessible(page)
    when = timezone.localtime() + dt.timedelta(days=3)
    page.get_by_label("When").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Presiding adult").select_option(label="Judge Judith")
    page.get_by_role("button", name="Add the hearing").click()
    expect(page.get_by_text("Hearing added.")).to_be_visible()
    hearing = Hearing.objects.get(status="scheduled")
    page.get_by_label("Foreperson").select_option(label="Frankie Foreperson")
    page.get_by_role("button", name="Choose as foreperson").click()
    for juror in jurors:
        page.get_by_label("Add a juror").select_option(label=juror.display_name)
        page.get_by_role("button", name="Add to the jury").click()
        expect(page.get_by_text("Juror added.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/c/youth-court/panels/cases/{case.pk}/schedule/")
    page.get_by_label("Hearing").select_option(str(hearing.pk))
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("The case is scheduled.")).to_be_visible()

    # A juror reads what the hearing needs, and nothing that would identify the young person.
    page.context.clear_cookies()
    sign_in(page, "ada@example.org")
    page.goto("/c/youth-court/panels/")
    page.get_by_role("link", name="Hearing on").first.click()
    expect(page.get_by_text("Jordan").first).to_be_visible()
    expect(page.get_by_text("A fair sentence for taking a phone.")).to_be_visible()
    content = page.content()
    assert "Mills" not in content
    assert "12 Long Lane" not in content
    assert_accessible(page)
    page.goto(f"/c/youth-court/panels/cases/{case.pk}/")
    assert page.get_by_role("heading", name="Page not found").is_visible() or "Mills" not in page.content()

    # The hearing takes place; the coordinator records it and the jury's sentence.
    Hearing.objects.filter(pk=hearing.pk).update(scheduled_for=timezone.now() - dt.timedelta(hours=2))
    page.context.clear_cookies()
    sign_in(page, "cora@example.org")
    page.goto(f"/c/youth-court/panels/hearings/{hearing.pk}/record/")
    assert_accessible(page)
    page.get_by_label("Length of the hearing in minutes").fill("90")
    page.get_by_role("button", name="Record the hearing").click()
    expect(page.get_by_text("Hearing recorded.")).to_be_visible()
    assert Transfer.objects.filter(kind="jury_service").count() == 4
    page.goto(f"/c/youth-court/panels/cases/{case.pk}/sentence/")
    assert_accessible(page)
    page.get_by_label("Jury terms").fill("2")
    page.get_by_label("Community service hours (optional)").fill("6")
    page.get_by_label("Apology", exact=True).check()
    page.get_by_role("button", name="Record the sentence").click()
    expect(page.get_by_text("The sentence is recorded.")).to_be_visible()
    page.get_by_role("button", name="Mark complete Apology").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    expect(page.get_by_text("Complete", exact=True)).to_be_visible()
    assert_accessible(page)

    # Every look at the case is in the access log, the juror's included.
    page.get_by_role("link", name="Access log").click()
    expect(page.get_by_role("cell", name="hearing brief").first).to_be_visible()
    assert_accessible(page)
    assert CaseAccess.objects.filter(case=case, user=jurors[0].user).exists()
