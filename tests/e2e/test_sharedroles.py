"""A care home shares its work: a coordinator describes roles (and is stopped from making care a resident's
job), puts on a shift, a member of staff and a resident sign up to a mixed crew, the coordinator records a past
shift, and a resident chair records a committee meeting with its decisions."""

import datetime as dt
import urllib.request

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.communities.models import Membership
from coproduce.core.testing import make_community, make_member, make_user
from coproduce.sharedroles import services
from coproduce.sharedroles.models import CommitteeDecision, PlaceMember, Shift, ShiftSignup
from tests.e2e.conftest import assert_accessible, sign_in


def _warm_up(url: str) -> None:
    """The first request builds the URL map and the API; on a busy machine that outlasts a page timeout."""
    urllib.request.urlopen(url + "/accounts/login/", timeout=120).close()  # noqa: S310 - the test's own server


def _person(community, email: str, name: str, place_role: str, **fields) -> Membership:
    user = make_user(name=name, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership = make_member(community, user=user, **fields)
    PlaceMember.objects.create(community=community, membership=membership, place_role=place_role)
    return membership


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db(transaction=True)
def test_a_care_home_shares_its_work_from_rota_to_committee(page, live_server):
    _warm_up(live_server.url)
    home = make_community(slug="oak-house", name="Oak House care home")
    coordinator = _person(
        home,
        "cora@example.org",
        "Cora Coordinator",
        "staff",
        role=Membership.Role.COORDINATOR,
        kind=Membership.Kind.PROFESSIONAL,
    )
    _person(home, "sam@example.org", "Sam Staff", "staff", kind=Membership.Kind.PROFESSIONAL)
    resident = _person(home, "rita@example.org", "Rita Resident", "resident")
    garden = services.template_create(actor=coordinator, community=home, name="Garden", area="garden")
    past_start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=1)
    past = services.shift_create(
        actor=coordinator,
        community=home,
        template_id=garden.pk,
        starts_at=past_start,
        ends_at=past_start + dt.timedelta(hours=2),
        capacity=4,
    )
    committee = services.committee_create(
        actor=coordinator, community=home, name="Menu committee", chair_id=resident.pk
    )

    # The coordinator describes the kitchen role, after being stopped from opening care to residents.
    sign_in(page, "cora@example.org")
    page.goto("/c/oak-house/")
    page.get_by_role("link", name="Shared roles").click()
    expect(page.get_by_role("heading", name="Rota", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Roles", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a role").click()
    page.get_by_label("Name of the role").fill("Bathing")
    page.get_by_label("Area").select_option("care")
    page.get_by_label("High").check()
    page.get_by_label("Staff-led").check()
    page.get_by_role("button", name="Save the role").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Personal and clinical care is never a resident or family role").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the role").fill("Kitchen")
    page.get_by_label("Area").select_option("kitchen")
    page.get_by_label("Medium").check()
    page.get_by_label("Alongside staff", exact=True).check()
    page.get_by_role("button", name="Save the role").click()
    expect(page.get_by_role("cell", name="Kitchen").first).to_be_visible()

    # ...puts on a kitchen shift for tomorrow and signs up the member of staff.
    page.get_by_role("link", name="Rota").first.click()
    page.get_by_role("link", name="Add a shift").click()
    assert_accessible(page)
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=1)
    page.get_by_label("Role", exact=True).select_option(label="Kitchen")
    page.get_by_label("Starts").fill(_local(start))
    page.get_by_label("Ends").fill(_local(start + dt.timedelta(hours=2)))
    page.get_by_label("Places").fill("3")
    page.get_by_role("button", name="Add to the rota").click()
    expect(page.get_by_text("Shift added to the rota.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Person to sign up").select_option(label="Sam Staff (Staff)")
    page.get_by_role("button", name="Sign them up").click()
    expect(page.get_by_text("Signed up. Thank you.")).to_be_visible()

    # ...and records who worked yesterday's garden shift.
    page.goto(f"/c/oak-house/shared-roles/shifts/{past.pk}/record/")
    assert_accessible(page)
    page.get_by_label("Someone else who worked (optional)").select_option(label="Rita Resident")
    page.get_by_label("Their minutes").fill("90")
    page.get_by_role("button", name="Record the shift").click()
    expect(page.get_by_text("Shift recorded.")).to_be_visible()
    past.refresh_from_db()
    assert past.status == Shift.Status.RECORDED

    # The resident signs up to the kitchen shift from the rota: a mixed crew.
    page.context.clear_cookies()
    sign_in(page, "rita@example.org")
    page.goto(f"/c/oak-house/shared-roles/?week={start.date().isoformat()}")
    page.get_by_role("button", name="Sign up for Kitchen").click()
    expect(page.get_by_text("Signed up. Thank you.")).to_be_visible()
    expect(page.get_by_text("Mixed crew").first).to_be_visible()
    assert_accessible(page)
    assert ShiftSignup.objects.filter(membership=resident, status="signed_up").count() == 1

    # As chair, she records the menu committee's meeting and its decisions.
    page.get_by_role("link", name="Committees").click()
    assert_accessible(page)
    page.get_by_role("link", name="Menu committee").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("When was the meeting?").fill(_local(timezone.now() - dt.timedelta(hours=3)))
    page.get_by_label("Rita Resident").check()
    page.get_by_label("Proposal 1 (optional)").fill("Fish and chips on Fridays")
    page.get_by_label("Outcome of proposal 1").select_option("adopted")
    page.get_by_label("Proposal 2 (optional)").fill("Tea at half past three")
    page.get_by_label("Outcome of proposal 2").select_option("declined")
    assert_accessible(page)
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_role("cell", name="Fish and chips on Fridays")).to_be_visible()
    assert_accessible(page)
    assert set(CommitteeDecision.objects.filter(committee=committee).values_list("outcome", flat=True)) == {
        "adopted",
        "declined",
    }
