import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import NotFound
from coproduce.insights.models import InsightSnapshot
from coproduce.insights.report import PAYLOAD_VERSION
from coproduce.insights.services import snapshot_ensure, snapshot_refresh
from coproduce.insights.tests.factories import END, START, backdate_members, day, exchange, make_service


def test_coordinator_refreshes_and_it_is_audited(community, coordinator, member, other_member):
    # given an exchange and no stored figures
    backdate_members(community)
    exchange(community, make_service(community), member, other_member, minutes=90, when=day(3))
    # when the coordinator asks for fresh figures
    snapshot = snapshot_refresh(actor=coordinator, community=community, start=START, end=END)
    # then they are stored for that period, and the refresh is in the audit trail
    assert snapshot.payload["version"] == PAYLOAD_VERSION
    assert snapshot.payload["funder"]["hours_given"] == 1.5
    assert (snapshot.period_start, snapshot.period_end, snapshot.service) == (START, END, None)
    assert snapshot.computed_at is not None
    assert AuditEvent.objects.filter(
        community=community, action="insights.refresh", object_id=str(snapshot.pk)
    ).exists()


def test_a_member_cannot_refresh(community, member):
    with pytest.raises(NotFound):
        snapshot_refresh(actor=member, community=community, start=START, end=END)
    assert not InsightSnapshot.objects.exists()


def test_refresh_replaces_the_figures_of_the_same_period(community, coordinator, member, other_member):
    service = make_service(community)
    first = snapshot_refresh(actor=coordinator, community=community, start=START, end=END)
    exchange(community, service, member, other_member, minutes=60, when=day(3))
    second = snapshot_refresh(actor=coordinator, community=community, start=START, end=END)
    assert first.pk == second.pk
    assert InsightSnapshot.objects.filter(community=community).count() == 1
    assert second.payload["funder"]["hours_given"] == 1.0
    assert second.computed_at > first.computed_at


def test_snapshots_are_kept_per_service(community, coordinator, member, other_member):
    timebank, garden = make_service(community), make_service(community)
    exchange(community, timebank, member, other_member, minutes=60, when=day(3))
    whole = snapshot_refresh(actor=None, community=community, start=START, end=END)
    garden_only = snapshot_refresh(actor=None, community=community, service=garden, start=START, end=END)
    assert whole.pk != garden_only.pk
    assert garden_only.payload["funder"]["hours_given"] == 0.0
    assert whole.payload["funder"]["hours_given"] == 1.0


def test_ensure_computes_once_then_reads_the_stored_figures(community, member, other_member):
    service = make_service(community)
    first = snapshot_ensure(community=community, start=START, end=END)
    exchange(community, service, member, other_member, when=day(3))  # written directly: no refresh is queued
    again = snapshot_ensure(community=community, start=START, end=END)
    assert again.pk == first.pk
    assert again.computed_at == first.computed_at
    assert again.payload["funder"]["hours_given"] == 0.0


def test_a_failed_computation_leaves_the_figures_stale(community, coordinator, monkeypatch):
    from django.utils import timezone

    from coproduce.insights import services

    snapshot = snapshot_refresh(actor=coordinator, community=community, start=START, end=END)
    InsightSnapshot.objects.filter(pk=snapshot.pk).update(stale_since=timezone.now())

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "insights_compute", broken)
    with pytest.raises(RuntimeError):
        snapshot_refresh(actor=None, community=community, start=START, end=END)
    assert InsightSnapshot.objects.get(pk=snapshot.pk).stale_since is not None


def test_figures_nobody_asked_for_in_three_months_are_pruned(community):
    import datetime as dt

    from django.utils import timezone

    from coproduce.insights.services import snapshots_prune

    old = snapshot_ensure(community=community, start=START, end=END)
    recent = snapshot_ensure(community=community, start=START, end=END + dt.timedelta(days=1))
    InsightSnapshot.objects.filter(pk=old.pk).update(requested_at=timezone.now() - dt.timedelta(days=91))
    assert snapshots_prune(actor=None, community=community) == 1
    assert list(InsightSnapshot.objects.values_list("pk", flat=True)) == [recent.pk]
