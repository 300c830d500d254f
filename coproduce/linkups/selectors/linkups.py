"""Reads of link-ups, goals, check-ins, progress and coach caseloads."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from coproduce.communities.models import Community, Membership
from coproduce.core.errors import NotFound
from coproduce.linkups.access import is_staff
from coproduce.linkups.models import CheckIn, Goal, GoalRating, Household, LinkUp, LinkUpConsent
from coproduce.linkups.selectors.households import coaches_list, programme_settings_get, viewer_household_ids


def _staff_of(community: Community, viewer: Membership | None) -> bool:
    return viewer is not None and viewer.community_id == community.pk and is_staff(viewer)


def linkups_list(
    *,
    community: Community,
    viewer: Membership | None,
    status: str = "",
    household: Household | None = None,
    coach: Membership | None = None,
) -> QuerySet[LinkUp]:
    linkups = LinkUp.objects.filter(community=community)
    if not _staff_of(community, viewer):
        mine = viewer_household_ids(community=community, viewer=viewer)
        linkups = linkups.filter(Q(seeking_id__in=mine) | Q(sharing_id__in=mine))
    if status:
        linkups = linkups.filter(status=status)
    if household is not None:
        linkups = linkups.filter(Q(seeking=household) | Q(sharing=household))
    if coach is not None:
        linkups = linkups.filter(coach=coach)
    return linkups.select_related("seeking", "sharing", "coach__user").order_by("-starts_on", "-id")


def linkup_get(*, community: Community, linkup_id: int, viewer: Membership | None) -> LinkUp:
    """The link-up, for staff and for members of either household; NotFound for anyone else."""
    linkup = (
        LinkUp.objects.filter(community=community, pk=linkup_id)
        .select_related("seeking", "sharing", "coach__user")
        .first()
    )
    if linkup is None:
        raise NotFound()
    if not _staff_of(community, viewer) and not (
        {linkup.seeking_id, linkup.sharing_id} & viewer_household_ids(community=community, viewer=viewer)
    ):
        raise NotFound()
    return linkup


def linkup_consents(*, community: Community, linkup: LinkUp) -> QuerySet[LinkUpConsent]:
    return (
        LinkUpConsent.objects.filter(community=community, linkup=linkup)
        .select_related("household", "given_by")
        .order_by("id")
    )


def goals_of_household(*, community: Community, household: Household) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(community=community, household=household)
        .select_related("linkup")
        .order_by("created_at", "id")
    )


def goals_of_linkup(*, community: Community, linkup: LinkUp) -> QuerySet[Goal]:
    return Goal.objects.filter(community=community, linkup=linkup).order_by("created_at", "id")


def goal_get(*, community: Community, goal_id: int, viewer: Membership | None) -> Goal:
    """A goal, for staff and the family whose goal it is."""
    goal = Goal.objects.filter(community=community, pk=goal_id).select_related("household", "linkup").first()
    if goal is None:
        raise NotFound()
    if not _staff_of(community, viewer) and goal.household_id not in viewer_household_ids(
        community=community, viewer=viewer
    ):
        raise NotFound()
    return goal


def checkins_of_linkup(*, community: Community, linkup: LinkUp) -> QuerySet[CheckIn]:
    return (
        CheckIn.objects.filter(community=community, linkup=linkup)
        .prefetch_related(Prefetch("ratings", queryset=GoalRating.objects.select_related("goal").order_by("goal_id")))
        .select_related("recorded_by")
        .order_by("occurred_at", "id")
    )


@dataclass
class GoalProgress:
    goal: Goal
    points: list[tuple[dt.datetime, int]] = field(default_factory=list)

    @property
    def first(self) -> int | None:
        return self.points[0][1] if self.points else None

    @property
    def latest(self) -> int | None:
        return self.points[-1][1] if self.points else None

    @property
    def change(self) -> int | None:
        return None if len(self.points) < 2 else self.points[-1][1] - self.points[0][1]


def household_progress(*, community: Community, household: Household) -> list[GoalProgress]:
    """Each goal of the family with its ratings over time, oldest first."""
    goals = list(goals_of_household(community=community, household=household))
    progress = {goal.pk: GoalProgress(goal=goal) for goal in goals}
    ratings = (
        GoalRating.objects.filter(community=community, goal__in=goals)
        .select_related("checkin")
        .order_by("checkin__occurred_at", "checkin_id")
    )
    for rating in ratings:
        progress[rating.goal_id].points.append((rating.checkin.occurred_at, rating.score))
    return [progress[goal.pk] for goal in goals]


@dataclass
class CoachCaseload:
    coach: Membership
    sharing: int
    seeking: int
    sharing_capacity: int
    seeking_capacity: int

    @property
    def sharing_room(self) -> int:
        return max(0, self.sharing_capacity - self.sharing)

    @property
    def is_full(self) -> bool:
        return self.sharing >= self.sharing_capacity or self.seeking >= self.seeking_capacity


def caseload_counts(*, community: Community) -> dict[int, tuple[set[int], set[int]]]:
    """For each coach id: the sharing and seeking households in their active link-ups."""
    counts: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for coach_id, sharing_id, seeking_id in LinkUp.objects.filter(
        community=community, status=LinkUp.Status.ACTIVE
    ).values_list("coach_id", "sharing_id", "seeking_id"):
        counts[coach_id][0].add(sharing_id)
        counts[coach_id][1].add(seeking_id)
    return counts


def coach_caseloads(*, community: Community) -> list[CoachCaseload]:
    """Every coach (and anyone else coaching an active link-up) with their caseload against capacity."""
    settings = programme_settings_get(community=community)
    counts = caseload_counts(community=community)
    coaches = {m.pk: m for m in coaches_list(community=community)}
    for extra in Membership.objects.filter(community=community, pk__in=set(counts) - set(coaches)).select_related(
        "user"
    ):
        coaches[extra.pk] = extra
    caseloads = [
        CoachCaseload(
            coach=coach,
            sharing=len(counts[coach.pk][0]) if coach.pk in counts else 0,
            seeking=len(counts[coach.pk][1]) if coach.pk in counts else 0,
            sharing_capacity=settings.coach_sharing_capacity,
            seeking_capacity=settings.coach_seeking_capacity,
        )
        for coach in coaches.values()
    ]
    return sorted(caseloads, key=lambda c: (-c.sharing, str(c.coach.user.name).casefold(), c.coach.pk))
