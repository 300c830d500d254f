import datetime as dt
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Count, F

from coproduce.communities.models import Asset, Check, Community, Membership, User
from coproduce.communities.selectors import applications_overdue, checks_expiring
from coproduce.coproduction.domain import ContributionRole, Phase
from coproduce.coproduction.models import Activity, Contribution
from coproduce.demo import loader
from coproduce.demo.context import DemoContext
from coproduce.demo.loader import DEMO_PASSWORD, DEMO_SLUGS, DemoDataExists, load_demo
from coproduce.demo.tests.digest import demo_digest, demo_rows

NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)


def _digest_of(**options) -> str:
    """Load into a savepoint, take the digest, and roll back, so the next load starts from the same empty tables."""
    with transaction.atomic():
        load_demo(show_progress=False, with_modules=False, now=NOW, **options)
        digest = demo_digest()
        transaction.set_rollback(True)
    return digest


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    first = _digest_of(members=90, seed=11)
    again = _digest_of(members=90, seed=11)
    other = _digest_of(members=90, seed=12)

    assert first == again
    assert other != first


@pytest.mark.django_db
def test_the_requested_number_of_members_is_shared_between_three_communities():
    load_demo(members=150, seed=3, show_progress=False, with_modules=False, now=NOW)

    per_community = dict(Membership.objects.values_list("community__slug").annotate(n=Count("id")))
    assert set(per_community) == set(DEMO_SLUGS)
    assert sum(per_community.values()) == 150
    assert per_community["riverside-timebank"] > per_community["family-by-family"] > per_community["youth-court"]
    for slug in DEMO_SLUGS:
        numbers = sorted(Membership.objects.filter(community__slug=slug).values_list("member_number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.django_db
def test_the_demo_accounts_can_sign_in_and_hold_their_roles_everywhere():
    load_demo(members=60, seed=3, show_progress=False, with_modules=False, now=NOW)

    for email, role in [
        ("admin@example.org", "admin"),
        ("coordinator@example.org", "coordinator"),
        ("member@example.org", "member"),
    ]:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists()
        roles = set(Membership.objects.filter(user=user, status="active").values_list("community__slug", "role"))
        assert roles == {(slug, role) for slug in DEMO_SLUGS}
    assert User.objects.get(email="admin@example.org").is_staff
    assert not User.objects.filter(is_staff=True).exclude(email="admin@example.org").exists()
    # Nobody else has a password that works: they never sign in.
    assert not any(
        u.has_usable_password()
        for u in User.objects.exclude(email__in=["admin@example.org", "coordinator@example.org", "member@example.org"])
    )


@pytest.mark.django_db
def test_the_people_are_varied_like_a_real_community():
    load_demo(members=300, seed=5, show_progress=False, with_modules=False, now=NOW)

    members = Membership.objects.all()
    assert members.filter(kind="citizen").count() > members.filter(kind="professional").count() > 10
    assert members.filter(role="coordinator").exclude(user__email="coordinator@example.org").exists()
    brokered = members.filter(is_brokered=True)
    assert brokered.exists()
    assert not brokered.filter(user__email__isnull=False).exists()
    assert set(members.values_list("status", flat=True)) >= {"active", "applied", "declined"}
    assert not members.filter(status="declined", decision_reason="").exists()
    assert User.objects.annotate(n=Count("memberships")).filter(n=2).exists()  # one login, two communities
    assert len(set(User.objects.values_list("name", flat=True))) > 200
    assert members.exclude(neighbourhood="").count() == members.count()
    assert set(Asset.objects.values_list("kind", flat=True)) == set(Asset.Kind.values)


@pytest.mark.django_db
def test_coordinators_find_overdue_applications_and_expiring_and_expired_checks():
    load_demo(members=90, seed=8, show_progress=False, with_modules=False, now=NOW)

    for community in Community.objects.all():
        pending = Membership.objects.filter(community=community, status="applied")
        overdue = applications_overdue(community=community, now=NOW)
        assert 0 < overdue.count() < pending.count()
        assert checks_expiring(community=community, today=NOW.date()).filter(expires_on__gte=NOW.date()).exists()
        assert Check.objects.filter(community=community, status="passed", expires_on__lt=NOW.date()).exists()
        assert Check.objects.filter(community=community, expires_on__lt=F("checked_on")).count() == 0


@pytest.mark.django_db
def test_a_year_of_activity_covers_every_phase_and_role_and_shows_citizens_moving_into_design():
    load_demo(members=300, seed=9, show_progress=False, with_modules=False, now=NOW)

    for slug in DEMO_SLUGS:
        phases = set(Activity.objects.filter(community__slug=slug).values_list("phase", flat=True))
        assert phases == set(Phase.values), slug
    assert set(Contribution.objects.values_list("role", flat=True)) == set(ContributionRole.values)
    times = Activity.objects.values_list("occurred_at", flat=True)
    assert min(times) >= NOW - dt.timedelta(days=366)
    assert max(times) < NOW
    # Ladder steps are for engagement events only.
    assert not Activity.objects.filter(phase=Phase.DELIVER, ladder_step__isnull=False).exists()
    assert Activity.objects.filter(phase=Phase.DESIGN, ladder_step__isnull=False).exists()

    def citizen_share_of_design(start, end) -> float:
        design = Contribution.objects.filter(
            activity__phase=Phase.DESIGN, activity__occurred_at__gte=start, activity__occurred_at__lt=end
        )
        return design.filter(membership__kind="citizen").count() / design.count()

    first_quarter = citizen_share_of_design(NOW - dt.timedelta(days=365), NOW - dt.timedelta(days=270))
    last_quarter = citizen_share_of_design(NOW - dt.timedelta(days=95), NOW)
    assert last_quarter > first_quarter + 0.15


@pytest.mark.django_db
def test_a_few_usual_suspects_do_a_large_share():
    load_demo(members=300, seed=9, show_progress=False, with_modules=False, now=NOW)

    per_person = sorted(Counter(Contribution.objects.values_list("membership_id", flat=True)).values(), reverse=True)
    active = Membership.objects.filter(status="active").count()
    top_tenth = sum(per_person[: active // 10])
    assert top_tenth / sum(per_person) > 0.3
    assert len(per_person) > active / 2  # yet most members take part at some point


@pytest.mark.django_db
def test_every_contribution_belongs_to_its_activitys_community():
    load_demo(members=150, seed=4, show_progress=False, with_modules=False, now=NOW)

    assert Contribution.objects.count() > 0
    assert not Contribution.objects.exclude(community_id=F("activity__community_id")).exists()
    assert not Contribution.objects.exclude(membership__community_id=F("activity__community_id")).exists()
    assert not Contribution.objects.exclude(membership__status=Membership.Status.ACTIVE).exists()
    assert not Activity.objects.exclude(service__community_id=F("community_id")).exists()
    assert not Asset.objects.exclude(membership__community_id=F("community_id")).exists()
    assert not Check.objects.exclude(membership__community_id=F("community_id")).exists()


@pytest.mark.django_db
def test_organisations_and_services_are_set_up_through_the_service_functions_with_audit_rows():
    from coproduce.audit.models import AuditEvent

    load_demo(members=60, seed=4, show_progress=False, with_modules=False, now=NOW)

    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert actions["service.create"] >= 9
    assert actions["organisation.create"] >= 9
    used = set(Activity.objects.filter(community__slug="riverside-timebank").values_list("service__name", flat=True))
    assert {"Time bank", "Lunch club", "Service design group"} <= used


@pytest.mark.django_db
def test_loading_twice_is_refused_and_changes_nothing():
    load_demo(members=45, seed=1, show_progress=False, with_modules=False, now=NOW)
    before = demo_rows()

    with pytest.raises(DemoDataExists):
        load_demo(members=45, seed=2, show_progress=False, with_modules=False, now=NOW)

    assert demo_rows() == before


@pytest.mark.django_db
def test_too_few_members_for_three_communities_is_refused():
    with pytest.raises(ValueError, match="At least"):
        load_demo(members=loader.MIN_MEMBERS - 1, show_progress=False, with_modules=False)

    assert not Community.objects.exists()


@pytest.mark.django_db
def test_modules_are_called_in_order_each_with_its_own_generator_seeded_by_the_demo_seed(monkeypatch):
    calls: list[tuple[str, float, bool, int]] = []

    class FakeModule:
        def __init__(self, label):
            self.label = label

        def populate(self, ctx: DemoContext) -> None:
            calls.append((self.label, ctx.rng.random(), ctx.large, len(ctx.communities)))

    monkeypatch.setattr(
        loader, "demo_modules", lambda: [("ledger", FakeModule("ledger")), ("timebank", FakeModule("timebank"))]
    )
    for _run in range(2):
        with transaction.atomic():
            load_demo(members=45, seed=6, show_progress=False, now=NOW)
            transaction.set_rollback(True)

    first, second = calls[:2], calls[2:]
    assert [label for label, *_ in first] == ["ledger", "timebank"]
    assert first == second
    assert first[0][1] != first[1][1]
    assert first[0][2:] == (False, 3)


def test_the_modules_with_demo_data_are_found_in_installed_apps_order():
    from django.conf import settings

    found = [label for label, _module in loader.demo_modules()]

    order = [name.rsplit(".", 1)[-1] for name in settings.INSTALLED_APPS]
    assert found == sorted(found, key=order.index)
    assert "demo" not in found
