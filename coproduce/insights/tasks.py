import logging

from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


@task()
def refresh_insights(community_id: int) -> int:
    """Recompute the stale snapshots of one community (queued when new activity lands)."""
    from coproduce.communities.models import Community
    from coproduce.insights.rollups import rollups_catch_up
    from coproduce.insights.services import snapshots_prune, snapshots_refresh_stale

    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return 0
    snapshots_prune(actor=None, community=community)
    rollups_catch_up(community=community)
    return snapshots_refresh_stale(actor=None, community=community)


@task()
def rebuild_rollups(community_id: int) -> int:
    """Bring one community's rollups up to date, rebuilding them if need be (queued when a page found them
    behind)."""
    from coproduce.communities.models import Community
    from coproduce.insights.rollups import rollups_catch_up

    community = Community.objects.filter(pk=community_id).first()
    return 0 if community is None else rollups_catch_up(community=community)


@task()
def compute_snapshot(community_id: int, service_id: int | None, start: str, end: str) -> bool:
    """Compute and keep the figures for one scope and period (ISO datetimes) unless they are already kept;
    queued when an assessment round opens, so its results page does not wait for them."""
    import datetime as dt

    from coproduce.communities.models import Community
    from coproduce.coproduction.models import Service
    from coproduce.insights.selectors import snapshot_for
    from coproduce.insights.services import snapshot_ensure

    community = Community.objects.filter(pk=community_id).first()
    service = Service.objects.filter(community=community, pk=service_id).first() if service_id else None
    if community is None or (service_id and service is None):
        return False
    start_at, end_at = dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)
    if snapshot_for(community=community, service=service, start=start_at, end=end_at) is not None:
        return False
    snapshot_ensure(community=community, service=service, start=start_at, end=end_at)
    return True


def on_activity_recorded(sender, *, community_id: int, activity_id: int, **kwargs) -> None:
    """Mark the community's snapshots stale and queue one refresh. Debounced twice over: nothing is queued
    when every affected snapshot is already stale (a refresh is waiting), and where the task backend can
    defer, the refresh waits a little so a burst of activity is computed once."""
    from coproduce.communities.models import Community
    from coproduce.coproduction.models import Activity
    from coproduce.insights.models import PendingRollup
    from coproduce.insights.services import refresh_delay, snapshots_mark_stale

    try:
        occurred_at = (
            Activity.objects.filter(pk=activity_id, community_id=community_id)
            .values_list("occurred_at", flat=True)
            .first()
        )
        community = Community.objects.filter(pk=community_id).first()
        if occurred_at is None or community is None:
            return
        marked = snapshots_mark_stale(actor=None, community=community, occurred_at=occurred_at)
        # The first activity waiting for the rollups queues a catch-up; later ones ride along with it.
        if not marked and PendingRollup.objects.filter(community=community).count() != 1:
            return
        queued = refresh_insights
        if refresh_insights.get_backend().supports_defer:
            queued = refresh_insights.using(run_after=timezone.now() + refresh_delay())
        queued.enqueue(community_id)
    except Exception:
        # The activity is already committed; stale figures are better than a failed request.
        logger.exception("Could not queue an insights refresh for community %s", community_id)
