"""The family link-ups API, with the same permissions as the pages: staff see every family, members their own."""

from ninja import Router, Status

from coproduce.communities.schemas import ErrorOut
from coproduce.core.api import api_membership
from coproduce.linkups import selectors, services
from coproduce.linkups.access import require_staff
from coproduce.linkups.schemas import (
    FamilyGoalOut,
    FamilyGoalPatch,
    FamilyGoalsIn,
    GoalProgressOut,
    HouseholdCheckIn,
    HouseholdCheckOut,
    HouseholdDetailOut,
    HouseholdExperienceIn,
    HouseholdExperienceOut,
    HouseholdIn,
    HouseholdOut,
    HouseholdPatch,
    HouseholdPersonIn,
    HouseholdPersonOut,
    HouseholdRoleIn,
    LinkUpCheckInIn,
    LinkUpCheckInOut,
    LinkUpCompleteIn,
    LinkUpEndEarlyIn,
    LinkUpExtendIn,
    LinkUpIn,
    LinkUpOut,
    LinkUpProgrammeOut,
    LinkUpSettingsIn,
    LinkUpSettingsOut,
    PairingSuggestionOut,
    SharingReadinessOut,
)

router = Router(tags=["family link-ups"])
ERRORS = {400: ErrorOut, 404: ErrorOut}
BASE = "/communities/{slug}/linkups"


def _household_out(community, household) -> dict:
    return {
        **HouseholdOut.from_orm(household).model_dump(),
        "people": list(selectors.household_people(community=community, household=household)),
        "experiences": list(selectors.household_experiences(community=community, household=household)),
        "role_history": list(selectors.household_role_history(community=community, household=household)),
    }


@router.get(f"{BASE}/households", response={200: list[HouseholdOut], **ERRORS})
def households(request, slug: str, role: str = "", q: str = ""):
    community, membership = api_membership(request, slug)
    return list(selectors.households_list(community=community, viewer=membership, role=role, query=q[:100])[:500])


@router.post(f"{BASE}/households", response={201: HouseholdDetailOut, **ERRORS})
def household_create(request, slug: str, payload: HouseholdIn):
    community, membership = api_membership(request, slug)
    household = services.household_create(actor=membership, community=community, **payload.model_dump())
    return Status(201, _household_out(community, household))


@router.get(f"{BASE}/households/{{household_id}}", response={200: HouseholdDetailOut, **ERRORS})
def household_detail(request, slug: str, household_id: int):
    community, membership = api_membership(request, slug)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    return _household_out(community, household)


@router.patch(f"{BASE}/households/{{household_id}}", response={200: HouseholdDetailOut, **ERRORS})
def household_update(request, slug: str, household_id: int, payload: HouseholdPatch):
    community, membership = api_membership(request, slug)
    household = services.household_update(
        actor=membership, community=community, household_id=household_id, **payload.model_dump(exclude_unset=True)
    )
    return _household_out(community, household)


@router.post(f"{BASE}/households/{{household_id}}/role", response={200: HouseholdDetailOut, **ERRORS})
def household_role(request, slug: str, household_id: int, payload: HouseholdRoleIn):
    community, membership = api_membership(request, slug)
    household = services.household_set_role(
        actor=membership, community=community, household_id=household_id, **payload.model_dump()
    )
    return _household_out(community, household)


@router.post(f"{BASE}/households/{{household_id}}/people", response={201: HouseholdPersonOut, **ERRORS})
def person_add(request, slug: str, household_id: int, payload: HouseholdPersonIn):
    community, membership = api_membership(request, slug)
    return Status(
        201,
        services.household_person_add(
            actor=membership, community=community, household_id=household_id, **payload.model_dump()
        ),
    )


@router.delete(f"{BASE}/people/{{person_id}}", response={204: None, **ERRORS})
def person_remove(request, slug: str, person_id: int):
    community, membership = api_membership(request, slug)
    services.household_person_remove(actor=membership, community=community, person_id=person_id)
    return Status(204, None)


@router.post(f"{BASE}/households/{{household_id}}/experiences", response={201: HouseholdExperienceOut, **ERRORS})
def experience_add(request, slug: str, household_id: int, payload: HouseholdExperienceIn):
    community, membership = api_membership(request, slug)
    return Status(
        201,
        services.household_experience_add(
            actor=membership, community=community, household_id=household_id, **payload.model_dump()
        ),
    )


@router.delete(f"{BASE}/experiences/{{experience_id}}", response={204: None, **ERRORS})
def experience_remove(request, slug: str, experience_id: int):
    community, membership = api_membership(request, slug)
    services.household_experience_remove(actor=membership, community=community, experience_id=experience_id)
    return Status(204, None)


@router.get(f"{BASE}/readiness", response={200: list[SharingReadinessOut], **ERRORS})
def readiness(request, slug: str):
    """Training and checks of every sharing family: ready to link, or what is missing."""
    community, membership = api_membership(request, slug)
    require_staff(membership, community)
    households = list(selectors.households_list(community=community, viewer=membership, role="sharing"))
    found = selectors.households_readiness(community=community, households=households)
    return [{"household_id": h.pk, "ready": found[h.pk].ready, "missing": found[h.pk].missing} for h in households]


@router.post(f"{BASE}/checks", response={201: HouseholdCheckOut, **ERRORS})
def check_record(request, slug: str, payload: HouseholdCheckIn):
    community, membership = api_membership(request, slug)
    return Status(201, services.household_check_record(actor=membership, community=community, **payload.model_dump()))


@router.get(f"{BASE}/households/{{household_id}}/suggestions", response={200: list[PairingSuggestionOut], **ERRORS})
def suggestions(request, slug: str, household_id: int):
    community, membership = api_membership(request, slug)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    return [
        {
            "household_id": s.household.pk,
            "name": s.household.name,
            "score": s.score,
            "explanation": s.explanation,
            "reasons": s.pairing.reasons,
            "cautions": s.cautions,
            "parts": s.pairing.parts,
            "coach_id": s.coach.pk if s.coach else None,
            "distance_km": s.pairing.distance_km,
        }
        for s in selectors.pairing_suggestions(community=community, seeking=household, viewer=membership)
    ]


@router.get(f"{BASE}/households/{{household_id}}/goals", response={200: list[FamilyGoalOut], **ERRORS})
def goals(request, slug: str, household_id: int):
    community, membership = api_membership(request, slug)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    return list(selectors.goals_of_household(community=community, household=household))


@router.post(f"{BASE}/households/{{household_id}}/goals", response={201: list[FamilyGoalOut], **ERRORS})
def goals_set(request, slug: str, household_id: int, payload: FamilyGoalsIn):
    community, membership = api_membership(request, slug)
    return Status(
        201,
        services.goals_set(
            actor=membership,
            community=community,
            household_id=household_id,
            minutes=payload.minutes,
            occurred_at=payload.occurred_at,
            goals=[services.GoalInput(g.text, tuple(g.themes)) for g in payload.goals],
        ),
    )


@router.patch(f"{BASE}/goals/{{goal_id}}", response={200: FamilyGoalOut, **ERRORS})
def goal_update(request, slug: str, goal_id: int, payload: FamilyGoalPatch):
    community, membership = api_membership(request, slug)
    return services.goal_update(actor=membership, community=community, goal_id=goal_id, **payload.model_dump())


@router.post(f"{BASE}/goals/{{goal_id}}/met", response={200: FamilyGoalOut, **ERRORS})
def goal_met(request, slug: str, goal_id: int):
    community, membership = api_membership(request, slug)
    return services.goal_mark_met(actor=membership, community=community, goal_id=goal_id)


@router.post(f"{BASE}/goals/{{goal_id}}/set-aside", response={200: FamilyGoalOut, **ERRORS})
def goal_set_aside(request, slug: str, goal_id: int):
    community, membership = api_membership(request, slug)
    return services.goal_set_aside(actor=membership, community=community, goal_id=goal_id)


@router.post(f"{BASE}/goals/{{goal_id}}/reopen", response={200: FamilyGoalOut, **ERRORS})
def goal_reopen(request, slug: str, goal_id: int):
    community, membership = api_membership(request, slug)
    return services.goal_reopen(actor=membership, community=community, goal_id=goal_id)


@router.get(f"{BASE}/households/{{household_id}}/progress", response={200: list[GoalProgressOut], **ERRORS})
def progress(request, slug: str, household_id: int):
    community, membership = api_membership(request, slug)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    return [
        {"goal": p.goal, "points": [{"when": when, "score": score} for when, score in p.points]}
        for p in selectors.household_progress(community=community, household=household)
    ]


@router.get(f"{BASE}/link-ups", response={200: list[LinkUpOut], **ERRORS})
def linkups(request, slug: str, status: str = ""):
    community, membership = api_membership(request, slug)
    return list(selectors.linkups_list(community=community, viewer=membership, status=status)[:500])


@router.post(f"{BASE}/link-ups", response={201: LinkUpOut, **ERRORS})
def linkup_create(request, slug: str, payload: LinkUpIn):
    community, membership = api_membership(request, slug)

    def consent(value):
        return services.ConsentInput(value.person_id, value.given_on) if value else None

    return Status(
        201,
        services.linkup_create(
            actor=membership,
            community=community,
            seeking_id=payload.seeking_id,
            sharing_id=payload.sharing_id,
            coach_id=payload.coach_id,
            planned_weeks=payload.planned_weeks,
            starts_on=payload.starts_on,
            seeking_consent=consent(payload.seeking_consent),
            sharing_consent=consent(payload.sharing_consent),
        ),
    )


@router.get(f"{BASE}/link-ups/{{linkup_id}}", response={200: LinkUpOut, **ERRORS})
def linkup_detail(request, slug: str, linkup_id: int):
    community, membership = api_membership(request, slug)
    return selectors.linkup_get(community=community, linkup_id=linkup_id, viewer=membership)


@router.post(f"{BASE}/link-ups/{{linkup_id}}/extend", response={200: LinkUpOut, **ERRORS})
def linkup_extend(request, slug: str, linkup_id: int, payload: LinkUpExtendIn):
    community, membership = api_membership(request, slug)
    return services.linkup_extend(actor=membership, community=community, linkup_id=linkup_id, **payload.model_dump())


@router.post(f"{BASE}/link-ups/{{linkup_id}}/complete", response={200: LinkUpOut, **ERRORS})
def linkup_complete(request, slug: str, linkup_id: int, payload: LinkUpCompleteIn):
    community, membership = api_membership(request, slug)
    return services.linkup_complete(actor=membership, community=community, linkup_id=linkup_id, **payload.model_dump())


@router.post(f"{BASE}/link-ups/{{linkup_id}}/end-early", response={200: LinkUpOut, **ERRORS})
def linkup_end_early(request, slug: str, linkup_id: int, payload: LinkUpEndEarlyIn):
    community, membership = api_membership(request, slug)
    return services.linkup_end_early(actor=membership, community=community, linkup_id=linkup_id, **payload.model_dump())


@router.get(f"{BASE}/link-ups/{{linkup_id}}/check-ins", response={200: list[LinkUpCheckInOut], **ERRORS})
def checkins(request, slug: str, linkup_id: int):
    community, membership = api_membership(request, slug)
    linkup = selectors.linkup_get(community=community, linkup_id=linkup_id, viewer=membership)
    return list(selectors.checkins_of_linkup(community=community, linkup=linkup))


@router.post(f"{BASE}/link-ups/{{linkup_id}}/check-ins", response={201: LinkUpCheckInOut, **ERRORS})
def checkin_record(request, slug: str, linkup_id: int, payload: LinkUpCheckInIn):
    community, membership = api_membership(request, slug)
    return Status(
        201,
        services.checkin_record(
            actor=membership,
            community=community,
            linkup_id=linkup_id,
            occurred_at=payload.occurred_at,
            minutes=payload.minutes,
            coach_minutes=payload.coach_minutes,
            notes=payload.notes,
            ratings=[(r.goal_id, r.score) for r in payload.ratings],
        ),
    )


@router.get(f"{BASE}/programme", response={200: LinkUpProgrammeOut, **ERRORS})
def programme(request, slug: str):
    community, membership = api_membership(request, slug)
    require_staff(membership, community)
    summary = selectors.programme_summary(community=community)
    return {
        **{
            key: getattr(summary, key)
            for key in ("households", "linkups", "goals", "themes", "checkins", "rated_goals", "average_gain")
        },
        "became_sharing": [
            {
                "household_id": b.household.pk,
                "name": b.household.name,
                "sought_from": b.sought_from,
                "sharing_from": b.sharing_from,
            }
            for b in summary.became_sharing
        ],
        "caseloads": [
            {
                "coach_id": c.coach.pk,
                "name": c.coach.user.name,
                "sharing": c.sharing,
                "seeking": c.seeking,
                "sharing_capacity": c.sharing_capacity,
                "seeking_capacity": c.seeking_capacity,
            }
            for c in summary.caseloads
        ],
    }


@router.get(f"{BASE}/settings", response={200: LinkUpSettingsOut, **ERRORS})
def settings_get(request, slug: str):
    community, membership = api_membership(request, slug)
    require_staff(membership, community)
    return selectors.programme_settings_get(community=community)


@router.patch(f"{BASE}/settings", response={200: LinkUpSettingsOut, **ERRORS})
def settings_update(request, slug: str, payload: LinkUpSettingsIn):
    community, membership = api_membership(request, slug)
    return services.programme_settings_update(actor=membership, community=community, **payload.model_dump())
