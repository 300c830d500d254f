"""The programme at a glance: goals met, how link-ups ended, families who went on to share, coach caseloads."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from coproduce.communities.models import Community
from coproduce.linkups.models import (
    SHARING_ROLES,
    CheckIn,
    Goal,
    GoalRating,
    Household,
    HouseholdRole,
    HouseholdRoleChange,
    LinkUp,
    Theme,
)
from coproduce.linkups.selectors.linkups import CoachCaseload, coach_caseloads


@dataclass
class ThemeCount:
    theme: str
    label: str
    goals: int = 0
    met: int = 0


@dataclass
class BecameSharing:
    household: Household
    sought_from: dt.date
    sharing_from: dt.date


@dataclass
class ProgrammeSummary:
    households: dict[str, int] = field(default_factory=dict)
    linkups: dict[str, int] = field(default_factory=dict)
    goals: dict[str, int] = field(default_factory=dict)
    themes: list[ThemeCount] = field(default_factory=list)
    became_sharing: list[BecameSharing] = field(default_factory=list)
    caseloads: list[CoachCaseload] = field(default_factory=list)
    checkins: int = 0
    rated_goals: int = 0
    average_gain: float | None = None
    ended_early: list[LinkUp] = field(default_factory=list)

    @property
    def goals_met_share(self) -> int | None:
        closed_or_open = self.goals.get("total", 0)
        return round(100 * self.goals.get("met", 0) / closed_or_open) if closed_or_open else None


def households_became_sharing(*, community: Community) -> list[BecameSharing]:
    """Households that first sought support and later took on sharing, with both dates."""
    history: dict[int, list[HouseholdRoleChange]] = defaultdict(list)
    for change in HouseholdRoleChange.objects.filter(community=community).order_by("started_on", "id"):
        history[change.household_id].append(change)
    found: dict[int, tuple[dt.date, dt.date]] = {}
    for household_id, changes in history.items():
        sought_from = None
        for change in changes:
            if change.role == HouseholdRole.SEEKING and sought_from is None:
                sought_from = change.started_on
            elif change.role in SHARING_ROLES and sought_from is not None:
                found[household_id] = (sought_from, change.started_on)
                break
    households = Household.objects.filter(community=community, pk__in=found).order_by("name", "id")
    return sorted(
        (BecameSharing(household=h, sought_from=found[h.pk][0], sharing_from=found[h.pk][1]) for h in households),
        key=lambda b: (b.sharing_from, b.household.name),
    )


def programme_summary(*, community: Community) -> ProgrammeSummary:
    summary = ProgrammeSummary()
    roles = dict(Household.objects.filter(community=community).values_list("role").annotate(n=Count("id")).order_by())
    summary.households = {role: roles.get(role, 0) for role in HouseholdRole.values}
    statuses = dict(LinkUp.objects.filter(community=community).values_list("status").annotate(n=Count("id")).order_by())
    summary.linkups = {status: statuses.get(status, 0) for status in LinkUp.Status.values}
    goal_statuses = dict(
        Goal.objects.filter(community=community).values_list("status").annotate(n=Count("id")).order_by()
    )
    summary.goals = {status: goal_statuses.get(status, 0) for status in Goal.Status.values}
    summary.goals["total"] = sum(goal_statuses.values())
    themes = {value: ThemeCount(theme=value, label=str(label)) for value, label in Theme.choices}
    for goal_themes, status in Goal.objects.filter(community=community).values_list("themes", "status"):
        for theme in goal_themes or []:
            if theme in themes:
                themes[theme].goals += 1
                themes[theme].met += status == Goal.Status.MET
    summary.themes = list(themes.values())
    summary.became_sharing = households_became_sharing(community=community)
    summary.caseloads = coach_caseloads(community=community)
    summary.checkins = CheckIn.objects.filter(community=community).count()
    # Progress is the change from a goal's first rating to its latest, over goals rated at least twice.
    first_last: dict[int, list[int]] = {}
    for goal_id, score in (
        GoalRating.objects.filter(community=community)
        .order_by("checkin__occurred_at", "checkin_id")
        .values_list("goal_id", "score")
    ):
        entry = first_last.setdefault(goal_id, [score, score, 0])
        entry[1], entry[2] = score, entry[2] + 1
    gains = [last - first for first, last, times in first_last.values() if times >= 2]
    summary.rated_goals = len(gains)
    summary.average_gain = round(sum(gains) / len(gains), 1) if gains else None
    summary.ended_early = list(
        LinkUp.objects.filter(community=community, status=LinkUp.Status.ENDED_EARLY)
        .select_related("seeking", "sharing")
        .order_by("-ended_on", "-id")[:20]
    )
    return summary
