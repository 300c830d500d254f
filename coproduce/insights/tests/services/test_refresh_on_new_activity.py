"""Stored figures are refreshed by a background task when new activity is recorded (tests run tasks
immediately; the signal is sent on commit)."""

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.coproduction.services import ContributionInput, activity_record_from_workflow
from coproduce.insights import tasks
from coproduce.insights.models import InsightSnapshot
from coproduce.insights.periods import last_months
from coproduce.insights.services import snapshot_ensure, snapshots_mark_stale
from coproduce.insights.tests.factories import make_service


def record_exchange(community, service, giver, receiver, minutes=60, when=None):
    return activity_record_from_workflow(
        actor_user=None,
        community=community,
        service=service,
        kind="exchange",
        phase="deliver",
        title="Help",
        occurred_at=when or timezone.now() - dt.timedelta(hours=1),
        source="test",
        contributions=[
            ContributionInput(giver.pk, "gave", minutes),
            ContributionInput(receiver.pk, "received", minutes),
        ],
    )


@pytest.fixture
def period(community):
    return last_months(tzname=community.timezone, months=3)


def test_new_activity_refreshes_the_stored_figures(
    community, member, other_member, period, django_capture_on_commit_callbacks
):
    # given figures someone has looked at
    service = make_service(community)
    before = snapshot_ensure(community=community, start=period.start, end=period.end)
    assert before.payload["funder"]["hours_given"] == 0.0
    # when an exchange is recorded and its transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        record_exchange(community, service, member, other_member, minutes=120)
    # then the stored figures were computed again and include it
    after = InsightSnapshot.objects.get(pk=before.pk)
    assert after.payload["funder"]["hours_given"] == 2.0
    assert after.computed_at > before.computed_at
    assert after.stale_since is None


def test_activity_before_the_figures_period_ends_only(
    community, member, other_member, period, django_capture_on_commit_callbacks
):
    service = make_service(community)
    old = snapshot_ensure(
        community=community, start=period.start - dt.timedelta(days=400), end=period.start - dt.timedelta(days=200)
    )
    with django_capture_on_commit_callbacks(execute=True):
        record_exchange(community, service, member, other_member)
    # an activity after the end of a period cannot change it
    assert InsightSnapshot.objects.get(pk=old.pk).computed_at == old.computed_at


def test_other_communities_figures_are_not_touched(
    community, other_community, member, other_member, period, django_capture_on_commit_callbacks
):
    theirs = snapshot_ensure(community=other_community, start=period.start, end=period.end)
    with django_capture_on_commit_callbacks(execute=True):
        record_exchange(community, make_service(community), member, other_member)
    assert InsightSnapshot.objects.get(pk=theirs.pk).computed_at == theirs.computed_at


class FakeTask:
    def __init__(self):
        self.queued = []

    def get_backend(self):
        return type("Backend", (), {"supports_defer": True})()

    def using(self, **options):
        self.options = options
        return self

    def enqueue(self, *args):
        self.queued.append(args)


def test_a_burst_of_activity_queues_one_refresh(community, member, other_member, period, monkeypatch):
    # given figures someone looked at, and a task backend that can defer work
    snapshot_ensure(community=community, start=period.start, end=period.end)
    fake = FakeTask()
    monkeypatch.setattr(tasks, "refresh_insights", fake)
    service = make_service(community)
    # when three activities land before the refresh runs
    for _ in range(3):
        activity = record_exchange(community, service, member, other_member)
        tasks.on_activity_recorded(None, community_id=community.pk, activity_id=activity.pk)
    # then one refresh is queued, to run a little later so the burst is computed once
    assert fake.queued == [(community.pk,)]
    assert fake.options["run_after"] > timezone.now()
    assert InsightSnapshot.objects.get(community=community).stale_since is not None


def test_figures_nobody_looked_at_for_a_month_are_not_kept_fresh(community, member, other_member, period):
    snapshot = snapshot_ensure(community=community, start=period.start, end=period.end)
    InsightSnapshot.objects.filter(pk=snapshot.pk).update(requested_at=timezone.now() - dt.timedelta(days=31))
    assert snapshots_mark_stale(actor=None, community=community, occurred_at=timezone.now()) == 0
