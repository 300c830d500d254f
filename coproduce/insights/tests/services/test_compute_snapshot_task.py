"""The background computation of one period's figures, queued when an assessment round opens."""

import datetime as dt
import zoneinfo

import pytest

from coproduce.insights import tasks
from coproduce.insights.models import InsightSnapshot
from coproduce.insights.tests.factories import make_service

LONDON = zoneinfo.ZoneInfo("Europe/London")
START = dt.datetime(2026, 1, 1, tzinfo=LONDON)
END = dt.datetime(2026, 4, 1, tzinfo=LONDON)


def _run(community_id, service_id, start=START, end=END):
    return tasks.compute_snapshot.call(community_id, service_id, start.isoformat(), end.isoformat())


@pytest.mark.django_db
def test_computes_the_figures_once(community):
    service = make_service(community)

    assert _run(community.pk, service.pk) is True
    assert _run(community.pk, service.pk) is False

    snapshot = InsightSnapshot.objects.get()
    assert (snapshot.community_id, snapshot.service_id, snapshot.period_start, snapshot.period_end) == (
        community.pk, service.pk, START, END,
    )


@pytest.mark.django_db
def test_the_whole_community_when_no_service_is_given(community):
    assert _run(community.pk, None) is True

    assert InsightSnapshot.objects.get().service_id is None


@pytest.mark.django_db
def test_an_unknown_community_or_another_communitys_service_computes_nothing(community, other_community):
    elsewhere = make_service(other_community)

    assert _run(community.pk + other_community.pk + 1, None) is False
    assert _run(community.pk, elsewhere.pk) is False

    assert not InsightSnapshot.objects.exists()
