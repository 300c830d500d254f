import random

import pytest
from django.utils import timezone

from coproduce.communities.models import Membership
from coproduce.coproduction.models import Activity
from coproduce.core.testing import make_member, make_user
from coproduce.demo.context import DemoCommunity, DemoContext
from coproduce.ledger.models import Transfer
from coproduce.panels import demo
from coproduce.panels.models import Case, CaseStatus, Hearing, SanctionProgress
from coproduce.panels.selectors import serves_at


@pytest.mark.django_db
def test_the_demo_court_replays_its_history_and_leaves_cases_in_every_state(community, coordinator, monkeypatch):
    monkeypatch.setattr(demo, "HISTORY_DAYS", 150)  # the same story as a year, in less time
    professionals = [make_member(community, kind=Membership.Kind.PROFESSIONAL) for _ in range(3)]
    member = make_member(community, user=make_user(name="Mo Member", email="member@example.org"))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    ctx = DemoContext(
        rng=random.Random(3),
        now=now,
        show_progress=False,
        communities={
            "court": DemoCommunity(
                community=community,
                kind="youth_court",
                coordinator=coordinator,
                members=[coordinator, *professionals, member],
            )
        },
    )

    demo.populate(ctx)

    statuses = set(Case.objects.filter(community=community).values_list("status", flat=True))
    assert statuses >= {
        CaseStatus.REFERRAL,
        CaseStatus.INTAKE,
        CaseStatus.HEARING_SCHEDULED,
        CaseStatus.HEARD,
        CaseStatus.SENTENCE_ACTIVE,
        CaseStatus.COMPLETED,
        CaseStatus.RETURNED,
    }
    held = Hearing.objects.filter(community=community, status="held")
    assert held.count() >= 5
    assert held.order_by("scheduled_for").first().scheduled_for < now - timezone.timedelta(days=100)
    assert Activity.objects.filter(community=community, source="panels", kind="hearing").count() == held.count()
    assert Transfer.objects.filter(community=community, kind="jury_service").exists()
    assert SanctionProgress.objects.filter(community=community, hearing__isnull=False).exists()
    upcoming = Hearing.objects.get(community=community, status="scheduled")
    assert serves_at(community=community, membership=member, hearing=upcoming)
    # Every juror who sat had stood before the court themselves.
    for hearing in held:
        for juror in hearing.jurors.filter(attended=True):
            assert Case.objects.filter(respondent_id=juror.membership_id).exists()
