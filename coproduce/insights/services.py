"""Writes of insights: keeping snapshots of computed figures. Figures themselves are never edited; a
snapshot is only ever replaced by a fresh computation from the activity record."""

import datetime as dt
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.coproduction.models import Service
from coproduce.insights.models import InsightSnapshot
from coproduce.insights.report import insights_compute
from coproduce.insights.selectors import check_period

logger = logging.getLogger(__name__)

# Snapshots nobody asked for in this long are no longer kept fresh, and later removed.
KEEP_FRESH = dt.timedelta(days=30)
KEEP = dt.timedelta(days=90)


def _snapshot_filter(*, community: Community, service: Service | None, start: dt.datetime, end: dt.datetime):
    return InsightSnapshot.objects.filter(community=community, service=service, period_start=start, period_end=end)


def snapshot_refresh(
    *,
    actor: Membership | None,
    community: Community,
    service: Service | None = None,
    start: dt.datetime,
    end: dt.datetime,
) -> InsightSnapshot:
    """Compute the figures for this scope and period and store them. A coordinator's "refresh now" passes
    `actor` and is audited; the background refresh passes None.

    The snapshot is claimed (no longer stale) before computing, so activity landing during the
    computation marks it stale again and queues another refresh instead of being lost.
    """
    if actor is not None:
        require_coordinator(actor, community)
    check_period(community=community, service=service, start=start, end=end)
    claimed = _snapshot_filter(community=community, service=service, start=start, end=end)
    claimed.update(stale_since=None)
    _catch_up(community)
    try:
        payload = insights_compute(community=community, service=service, start=start, end=end)
    except Exception:
        # Leave the figures marked stale so the next refresh tries again.
        claimed.filter(stale_since__isnull=True).update(stale_since=timezone.now())
        raise
    now = timezone.now()
    with transaction.atomic():
        snapshot = (
            _snapshot_filter(community=community, service=service, start=start, end=end).select_for_update().first()
        )
        previous = snapshot.computed_at if snapshot else None
        if snapshot is None:
            try:
                with transaction.atomic():
                    snapshot = InsightSnapshot.objects.create(
                        community=community,
                        service=service,
                        period_start=start,
                        period_end=end,
                        payload=payload,
                        computed_at=now,
                        requested_at=now,
                    )
            except IntegrityError:  # created meanwhile by a concurrent refresh: update that one
                snapshot = _snapshot_filter(community=community, service=service, start=start, end=end).get()
        snapshot.payload = payload
        snapshot.computed_at = now
        snapshot.save(update_fields=["payload", "computed_at", "updated_at"])
        if actor is not None:
            audit_record(
                actor=actor.user,
                community=community,
                action="insights.refresh",
                target=snapshot,
                changes={"computed_at": [previous, now]},
            )
    return snapshot


def _catch_up(community: Community) -> None:
    """Bring the rollups up to date before computing. A rebuild is left to the background worker (queued
    here); meanwhile, and if anything fails, figures are computed from the activity record."""
    from coproduce.insights.rollups import rollups_catch_up, rollups_current
    from coproduce.insights.tasks import rebuild_rollups

    try:
        rollups_catch_up(community=community, allow_rebuild=False)
        if not rollups_current(community=community):
            rebuild_rollups.enqueue(community.pk)
    except DatabaseError:
        logger.exception("Could not bring the insights rollups of community %s up to date", community.pk)


def snapshot_ensure(
    *, community: Community, service: Service | None = None, start: dt.datetime, end: dt.datetime
) -> InsightSnapshot:
    """The stored figures for this scope and period, computed now when there are none yet. Stale figures
    are returned as they are (a refresh is already queued); noting the request keeps them fresh."""
    check_period(community=community, service=service, start=start, end=end)
    snapshot = _snapshot_filter(community=community, service=service, start=start, end=end).first()
    if snapshot is None or snapshot.payload.get("version") != _payload_version():
        return snapshot_refresh(actor=None, community=community, service=service, start=start, end=end)
    now = timezone.now()
    if snapshot.requested_at is None or now - snapshot.requested_at > dt.timedelta(hours=1):
        InsightSnapshot.objects.filter(pk=snapshot.pk).update(requested_at=now)
    return snapshot


def _payload_version() -> int:
    from coproduce.insights.report import PAYLOAD_VERSION

    return PAYLOAD_VERSION


def snapshots_mark_stale(*, actor: Membership | None, community: Community, occurred_at: dt.datetime) -> int:
    """New activity at `occurred_at` landed: mark the snapshots it can change (every period ending after
    it, since first times and first ties look back through history) that people still look at. Returns how
    many went from fresh to stale; 0 means a refresh is already queued for all of them."""
    now = timezone.now()
    return InsightSnapshot.objects.filter(
        community=community, stale_since__isnull=True, period_end__gt=occurred_at, requested_at__gte=now - KEEP_FRESH
    ).update(stale_since=now)


def snapshots_refresh_stale(*, actor: Membership | None, community: Community) -> int:
    """Recompute every stale snapshot of the community; returns how many were refreshed."""
    stale = list(
        InsightSnapshot.objects.filter(community=community, stale_since__isnull=False)
        .select_related("service")
        .order_by("stale_since")
    )
    for snapshot in stale:
        snapshot_refresh(
            actor=None,
            community=community,
            service=snapshot.service,
            start=snapshot.period_start,
            end=snapshot.period_end,
        )
    return len(stale)


def refresh_delay() -> dt.timedelta:
    """How long a refresh waits after the first new activity, so a burst of activity is computed once."""
    return dt.timedelta(seconds=getattr(settings, "COPRODUCE_INSIGHTS_REFRESH_DELAY", 60))


def snapshots_prune(*, actor: Membership | None, community: Community) -> int:
    """Remove figures nobody has asked for in three months (custom periods pile up otherwise); they are
    computed again if someone asks."""
    deleted, _by_model = InsightSnapshot.objects.filter(
        community=community, requested_at__lt=timezone.now() - KEEP
    ).delete()
    return deleted
