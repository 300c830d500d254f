"""Suggested pairings for a seeking family: eligible sharing families ranked by fit, each with a coach who has room.

Suggestions are advice for the coach; a link-up is only made by `linkup_create`.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.communities.models import Community, Membership
from coproduce.core.errors import NotFound
from coproduce.linkups.access import is_staff
from coproduce.linkups.models import (
    SHARING_ROLES,
    Availability,
    Goal,
    Household,
    HouseholdExperience,
    HouseholdMember,
    LinkUp,
)
from coproduce.linkups.pairing import Experience, FamilyProfile, Pairing, rank_pairings
from coproduce.linkups.selectors.households import coaches_list, programme_settings_get
from coproduce.linkups.selectors.linkups import caseload_counts
from coproduce.linkups.selectors.readiness import households_readiness


@dataclass
class Suggestion:
    household: Household
    pairing: Pairing
    coach: Membership | None
    cautions: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return self.pairing.score

    @property
    def explanation(self) -> str:
        return self.pairing.explanation


def family_profiles(*, community: Community, households: list[Household], on: dt.date) -> dict[int, FamilyProfile]:
    """What the pairing score needs to know about each household, in three queries."""
    children: dict[int, list[int]] = defaultdict(list)
    for person in HouseholdMember.objects.filter(
        community=community, household__in=households, kind=HouseholdMember.Kind.CHILD
    ).order_by("birth_year", "id"):
        age = person.age_on(on)
        if age is not None:
            children[person.household_id].append(age)
    experiences: dict[int, list[Experience]] = defaultdict(list)
    for exp in HouseholdExperience.objects.filter(community=community, household__in=households).order_by("id"):
        experiences[exp.household_id].append(
            Experience(
                theme=exp.theme,
                description=exp.description,
                lived=exp.kind == HouseholdExperience.Kind.LIVED_EXPERIENCE,
            )
        )
    themes: dict[int, set[str]] = defaultdict(set)
    for household_id, goal_themes in Goal.objects.filter(
        community=community, household__in=households, status=Goal.Status.OPEN
    ).values_list("household_id", "themes"):
        themes[household_id].update(goal_themes or [])
    return {
        h.pk: FamilyProfile(
            id=h.pk,
            name=h.name,
            languages=tuple(h.languages or ()),
            goal_themes=frozenset(themes[h.pk]),
            experiences=tuple(experiences[h.pk]),
            children_ages=tuple(children[h.pk]),
            availability=frozenset(h.availability or ()),
            neighbourhood=h.neighbourhood,
            latitude=float(h.latitude) if h.latitude is not None else None,
            longitude=float(h.longitude) if h.longitude is not None else None,
        )
        for h in households
    }


def pairing_suggestions(
    *, community: Community, seeking: Household, viewer: Membership | None, on: dt.date | None = None, limit: int = 10
) -> list[Suggestion]:
    """Sharing families that are trained, checked, have room and are not already linked with this family, best fit
    first; each with the coach best placed to support the pair without going over capacity."""
    if (
        viewer is None
        or viewer.community_id != community.pk
        or not is_staff(viewer)
        or seeking.community_id != community.pk
    ):
        raise NotFound()
    on = on or timezone.localdate()
    if not seeking.is_seeking:
        return []
    settings = programme_settings_get(community=community)
    active = list(
        LinkUp.objects.filter(community=community, status=LinkUp.Status.ACTIVE).values_list(
            "sharing_id", "seeking_id", "coach_id"
        )
    )
    load = Counter(sharing_id for sharing_id, _seeking, _coach in active)
    already = {sharing_id for sharing_id, seeking_id, _coach in active if seeking_id == seeking.pk}
    coaches_of_sharing: dict[int, list[int]] = defaultdict(list)
    for sharing_id, _seeking, coach_id in active:
        coaches_of_sharing[sharing_id].append(coach_id)
    candidates = [
        h
        for h in Household.objects.filter(community=community, role__in=SHARING_ROLES).exclude(pk=seeking.pk)
        if load[h.pk] < h.sharing_capacity and h.pk not in already
    ]
    readiness = households_readiness(community=community, households=candidates, on=on)
    candidates = [h for h in candidates if readiness[h.pk].ready]
    profiles = family_profiles(community=community, households=[seeking, *candidates], on=on)
    labels = {value: str(label) for value, label in Availability.choices}
    ranked = rank_pairings(
        profiles[seeking.pk],
        [profiles[h.pk] for h in candidates],
        max_distance_km=float(settings.max_distance_km),
        availability_labels=labels,
    )[:limit]
    by_id = {h.pk: h for h in candidates}
    counts = caseload_counts(community=community)
    coaches = list(coaches_list(community=community))

    def room(coach: Membership, sharing_id: int) -> int:
        sharing, seeking_set = counts.get(coach.pk, (set(), set()))
        if len(seeking_set) >= settings.coach_seeking_capacity:
            return -1
        if sharing_id in sharing:
            return settings.coach_sharing_capacity  # already on this coach's caseload: no extra load
        return settings.coach_sharing_capacity - len(sharing) - 1

    suggestions = []
    for pairing in ranked:
        sharing_id = pairing.sharing.id
        options = sorted(coaches, key=lambda c: (-room(c, sharing_id), str(c.user.name).casefold(), c.pk))
        coach = options[0] if options and room(options[0], sharing_id) >= 0 else None
        cautions = list(pairing.cautions)
        if coach is None:
            cautions.append(_("no coach has room for this pair"))
        suggestions.append(Suggestion(household=by_id[sharing_id], pairing=pairing, coach=coach, cautions=cautions))
    return suggestions
