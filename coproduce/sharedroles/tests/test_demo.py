import datetime as dt
import random

import pytest
from django.utils import timezone

from coproduce.communities.models import Community
from coproduce.coproduction.models import Activity, Contribution
from coproduce.demo.context import DemoContext
from coproduce.ledger.models import Transfer
from coproduce.sharedroles import demo
from coproduce.sharedroles.models import CommitteeDecision, RoleTemplate, Shift, ShiftSignup, ShiftWork


@pytest.mark.django_db
def test_the_demo_care_home_has_mixed_shifts_meetings_and_credits(monkeypatch):
    monkeypatch.setattr(demo, "HISTORY_DAYS", 70)  # the same code as a year of history, in less time
    ctx = DemoContext(
        rng=random.Random(7),
        now=timezone.now().replace(minute=0, second=0, microsecond=0),
        communities={},
        show_progress=False,
    )

    demo.populate(ctx)

    community = Community.objects.get(slug="oak-house")
    assert ctx.communities["oak-house"].community == community
    recorded = Shift.objects.filter(community=community, status="recorded")
    assert recorded.filter(starts_at__lt=timezone.now() - dt.timedelta(days=60)).exists()
    assert Activity.objects.filter(community=community, kind="shift", phase="deliver").count() == recorded.count()
    assert Activity.objects.filter(community=community, kind="meeting", phase="design").exists()
    assert CommitteeDecision.objects.filter(community=community, outcome="declined").exists()
    # No resident or family member ever worked personal or clinical care, and every crew that needed staff had it.
    care = RoleTemplate.objects.filter(community=community, is_personal_care=True)
    assert not ShiftWork.objects.filter(shift__template__in=care, place_role__in=["resident", "family"]).exists()
    for shift in Shift.objects.filter(community=community, template__supervision__in=["alongside_staff", "staff_led"]):
        roles = set(ShiftSignup.objects.filter(shift=shift, status="signed_up").values_list("place_role", flat=True))
        assert not roles or "staff" in roles
    mixed = [
        s
        for s in recorded
        if len(set(s.work.values_list("place_role", flat=True)) & {"staff"})
        and s.work.exclude(place_role="staff").exists()
    ]
    assert mixed
    assert (
        Transfer.objects.filter(community=community, kind="shift_credit").count()
        == ShiftWork.objects.filter(community=community).exclude(place_role="staff").count()
    )
    assert Shift.objects.filter(community=community, status="open", starts_at__gt=timezone.now()).exists()
    assert Contribution.objects.filter(community=community, role="facilitated").exists()
