import datetime as dt
import random

import pytest
from django.utils import timezone

from coproduce.assessment.demo import populate
from coproduce.assessment.models import Round
from coproduce.assessment.selectors import round_results, service_trend
from coproduce.communities.models import Membership
from coproduce.coproduction.models import Service
from coproduce.core.testing import make_member
from coproduce.demo.context import DemoCommunity, DemoContext


@pytest.mark.django_db
def test_demo_rounds_show_a_perception_gap_and_progress_between_rounds(community, coordinator):
    service = Service.objects.create(community=community, name="Time bank")
    members = [make_member(community, kind=Membership.Kind.PROFESSIONAL) for _ in range(2)]
    members += [make_member(community) for _ in range(14)]
    demo = DemoCommunity(
        community=community,
        kind="timebank",
        coordinator=coordinator,
        members=[coordinator, *members],
        services={"Time bank": service},
    )
    ctx = DemoContext(
        rng=random.Random(7),
        now=timezone.now(),
        communities={"riverside": demo},
        show_progress=False,
        accounts={"coordinator": coordinator.user},
    )

    populate(ctx)

    rounds = list(Round.objects.filter(community=community).order_by("period_end"))
    assert len(rounds) == 2
    assert all(r.invitations.filter(membership=coordinator).exists() for r in rounds)
    assert rounds[0].period_end < rounds[1].period_start
    assert rounds[1].period_end - rounds[0].period_end >= dt.timedelta(days=60)
    first = round_results(community=community, assessment_round=rounds[0])
    assert all(n >= 3 for n in first.respondents.values())
    assert any(r.flagged for r in first.principles)
    trend = service_trend(community=community, service=service)
    user_first = sum(trend[0].scores[p]["user"].score for p in trend[0].scores)
    user_second = sum(trend[1].scores[p]["user"].score for p in trend[1].scores)
    assert user_second > user_first
