import random

import pytest
from django.utils import timezone

from coproduce.communities.models import Membership
from coproduce.coproduction.models import Activity, Contribution
from coproduce.core.testing import make_member, make_user
from coproduce.demo.context import DemoCommunity, DemoContext
from coproduce.linkups.demo import populate
from coproduce.linkups.models import CheckIn, Goal, Household, LinkUp
from coproduce.linkups.selectors import households_readiness, programme_summary, viewer_household_ids


def family_community(community, coordinator, citizens=45):
    members = [coordinator] + [make_member(community, kind=Membership.Kind.PROFESSIONAL) for _ in range(3)]
    members += [make_member(community) for _ in range(citizens)]
    members.append(make_member(community, user=make_user(name="Mo Member", email="member@example.org")))
    return DemoCommunity(
        community=community,
        kind="family",
        coordinator=coordinator,
        members=members,
        neighbourhoods=["Northfield", "Elm Grove", "Parkside", "Kingsway"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("large", [False, True])
def test_a_year_of_link_ups_through_the_services_or_in_bulk(community, coordinator, large):
    demo = family_community(community, coordinator)
    ctx = DemoContext(
        rng=random.Random(5), now=timezone.now(), communities={"family": demo}, show_progress=False, large=large
    )

    populate(ctx)

    assert Household.objects.filter(community=community, role="seeking").exists()
    statuses = set(LinkUp.objects.filter(community=community).values_list("status", flat=True))
    assert {"active", "completed"} <= statuses
    assert CheckIn.objects.filter(community=community).count() >= 10
    assert Goal.objects.filter(community=community, status="met").exists()
    sessions = Activity.objects.filter(community=community, source="linkups")
    assert set(sessions.values_list("phase", flat=True)) == {"design", "deliver"}
    roles = set(Contribution.objects.filter(activity__in=sessions).values_list("role", flat=True))
    assert roles == {"gave", "received", "facilitated", "decided", "took_part"}
    summary = programme_summary(community=community)
    assert summary.became_sharing
    mo = next(m for m in demo.members if m.user.email == "member@example.org")
    assert viewer_household_ids(community=community, viewer=mo)
    assert LinkUp.objects.filter(seeking__people__membership=mo, status="active").exists()
    sharers = list(Household.objects.filter(community=community, role="sharing"))
    readiness = households_readiness(community=community, households=sharers)
    assert any(not r.ready for r in readiness.values())
    names = list(Household.objects.filter(community=community).values_list("name", flat=True))
    assert len(names) == len(set(names))
