import datetime as dt

from django.db.models import Count, QuerySet, Sum

from coproduce.communities.models import Community
from coproduce.coproduction.domain import Phase
from coproduce.coproduction.models import Activity, Contribution, Service
from coproduce.core.errors import NotFound


def services_list(*, community: Community, active_only: bool = False) -> QuerySet[Service]:
    services = Service.objects.filter(community=community)
    if active_only:
        services = services.filter(is_active=True)
    return services.order_by("name")


def services_with_counts(*, community: Community) -> QuerySet[Service]:
    """Services with how many activities each has, in one query."""
    return services_list(community=community).annotate(activity_count=Count("activities"))


def service_phase_minutes(*, community: Community, service: Service) -> list[dict]:
    """Minutes contributed to a service in each phase, split by citizens and professionals."""
    rows = (
        Contribution.objects.filter(community=community, activity__service=service)
        .values("activity__phase", "membership__kind")
        .annotate(minutes=Sum("minutes"))
    )
    totals: dict[str, dict[str, int]] = {}
    for row in rows:
        totals.setdefault(row["activity__phase"], {})[row["membership__kind"]] = row["minutes"] or 0
    return [
        {"phase": phase, "label": label, "citizen": totals.get(phase, {}).get("citizen", 0),
         "professional": totals.get(phase, {}).get("professional", 0)}
        for phase, label in Phase.choices
    ]


def service_get(*, community: Community, service_id: int) -> Service:
    service = Service.objects.filter(community=community, pk=service_id).first()
    if service is None:
        raise NotFound()
    return service


def activities_list(*, community: Community, service: Service | None = None, start: dt.datetime | None = None,
                    end: dt.datetime | None = None) -> QuerySet[Activity]:
    activities = Activity.objects.filter(community=community)
    if service is not None:
        activities = activities.filter(service=service)
    if start is not None:
        activities = activities.filter(occurred_at__gte=start)
    if end is not None:
        activities = activities.filter(occurred_at__lt=end)
    return (
        activities.select_related("service")
        .annotate(people=Count("contributions"), minutes=Sum("contributions__minutes"))
        .order_by("-occurred_at", "-id")
    )


def activity_get(*, community: Community, activity_id: int) -> Activity:
    activity = (
        Activity.objects.filter(community=community, pk=activity_id).select_related("service", "recorded_by").first()
    )
    if activity is None:
        raise NotFound()
    return activity


def contributions_of_activity(*, community: Community, activity: Activity) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(community=community, activity=activity)
        .select_related("membership__user")
        .order_by("role", "membership__user__name")
    )
