"""Hand-made activity for insights tests: activities and contributions written directly, so each test
states exactly what happened."""

import datetime as dt
import itertools
import zoneinfo

from coproduce.coproduction.models import Activity, Contribution, Service

_seq = itertools.count(1)
# Every test period is [START, END), local midnights of the test community (Europe/London) as real periods
# are; activities are placed by day within it.
LONDON = zoneinfo.ZoneInfo("Europe/London")
START = dt.datetime(2025, 1, 1, tzinfo=LONDON)
END = dt.datetime(2025, 7, 1, tzinfo=LONDON)


def day(n: int) -> dt.datetime:
    """Noon on day n of the test period (day 0 is 1 January 2025)."""
    return START + dt.timedelta(days=n, hours=12)


def make_service(community, name: str = "") -> Service:
    return Service.objects.create(community=community, name=name or f"Service {next(_seq)}")


def record(
    community, service, people, *, when=None, phase="deliver", kind="exchange", ladder_step=None, category=""
) -> Activity:
    """people: [(membership, role, minutes), ...]"""
    activity = Activity.objects.create(
        community=community,
        service=service,
        kind=kind,
        phase=phase,
        ladder_step=ladder_step,
        title=f"Activity {next(_seq)}",
        occurred_at=when or day(10),
        category=category,
    )
    Contribution.objects.bulk_create(
        [
            Contribution(community=community, activity=activity, membership=m, role=role, minutes=minutes)
            for m, role, minutes in people
        ]
    )
    return activity


def exchange(community, service, giver, receiver, minutes: int = 60, *, when=None, category="") -> Activity:
    return record(
        community, service, [(giver, "gave", minutes), (receiver, "received", minutes)], when=when, category=category
    )


def backdate_members(community) -> None:
    """Members made by the shared factories joined "now"; move them to before the test period so they
    count as members during it."""
    from coproduce.communities.models import Membership

    Membership.objects.filter(community=community, joined_at__isnull=False, joined_at__gt=START).update(
        joined_at=START - dt.timedelta(days=30)
    )
