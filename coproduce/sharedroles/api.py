"""Shared roles over JSON, with the same permissions as the pages."""

import datetime as dt

from django.utils import timezone
from ninja import Router, Status

from coproduce.communities.access import COORDINATOR
from coproduce.communities.schemas import ErrorOut
from coproduce.core.api import api_membership
from coproduce.sharedroles import schemas, selectors, services

router = Router(tags=["shared roles"])
ERRORS = {400: ErrorOut, 404: ErrorOut}
BASE = "/communities/{slug}/shared-roles"


@router.get(f"{BASE}/settings", response={200: schemas.SharedRolesSettingsOut, **ERRORS})
def settings_get(request, slug: str):
    community, _membership = api_membership(request, slug)
    return selectors.settings_get(community=community)


@router.put(f"{BASE}/settings", response={200: schemas.SharedRolesSettingsOut, **ERRORS})
def settings_update(request, slug: str, payload: schemas.SharedRolesSettingsIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.settings_update(actor=membership, community=community, **payload.dict())


@router.get(f"{BASE}/people", response={200: list[schemas.PersonOut], **ERRORS})
def people(request, slug: str):
    community, _membership = api_membership(request, slug, COORDINATOR)
    return [
        {
            "membership_id": p.membership.pk,
            "name": p.membership.display_name,
            "kind": p.membership.kind,
            "place_role": p.place_role,
        }
        for p in selectors.people_in_place(community=community)
    ]


@router.put(f"{BASE}/people/{{membership_id}}", response={200: schemas.PlaceRoleOut, **ERRORS})
def place_role_set(request, slug: str, membership_id: int, payload: schemas.PlaceRoleIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.place_role_set(
        actor=membership, community=community, membership_id=membership_id, place_role=payload.place_role
    )


@router.get(f"{BASE}/roles", response={200: list[schemas.TemplateOut], **ERRORS})
def templates_list(request, slug: str):
    community, _membership = api_membership(request, slug)
    return list(selectors.templates_list(community=community))


@router.post(f"{BASE}/roles", response={201: schemas.TemplateOut, **ERRORS})
def template_create(request, slug: str, payload: schemas.TemplateIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.template_create(actor=membership, community=community, **payload.dict()))


@router.patch(f"{BASE}/roles/{{template_id}}", response={200: schemas.TemplateOut, **ERRORS})
def template_update(request, slug: str, template_id: int, payload: schemas.TemplatePatch):
    community, membership = api_membership(request, slug, COORDINATOR)
    fields = {k: v for k, v in payload.dict().items() if v is not None}
    return services.template_update(actor=membership, community=community, template_id=template_id, **fields)


@router.get(f"{BASE}/rota", response={200: list[schemas.RotaDayOut], **ERRORS})
def rota(request, slug: str, week: dt.date | None = None):
    """Seven days from the Monday of `week` (default: this week), each shift with its crew."""
    community, membership = api_membership(request, slug)
    week_start = selectors.week_start_of(week or timezone.localdate())
    return [
        {
            "day": day.day,
            "shifts": [
                {"shift": rs.shift, "crew": rs.crew, "places_left": rs.places_left, "is_mixed": rs.is_mixed}
                for rs in day.shifts
            ],
        }
        for day in selectors.rota_week(community=community, week_start=week_start, viewer_id=membership.pk)
    ]


@router.post(f"{BASE}/shifts", response={201: schemas.ShiftOut, **ERRORS})
def shift_create(request, slug: str, payload: schemas.ShiftIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.shift_create(actor=membership, community=community, **payload.dict()))


@router.get(f"{BASE}/shifts/{{shift_id}}", response={200: schemas.RotaShiftOut, **ERRORS})
def shift_detail(request, slug: str, shift_id: int):
    community, membership = api_membership(request, slug)
    shift = selectors.shift_get(community=community, shift_id=shift_id)
    rs = selectors.rota_shift(community=community, shift=shift, viewer_id=membership.pk)
    return {"shift": shift, "crew": rs.crew, "places_left": rs.places_left, "is_mixed": rs.is_mixed}


@router.patch(f"{BASE}/shifts/{{shift_id}}", response={200: schemas.ShiftOut, **ERRORS})
def shift_update(request, slug: str, shift_id: int, payload: schemas.CapacityIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.shift_update_capacity(
        actor=membership, community=community, shift_id=shift_id, capacity=payload.capacity
    )


@router.post(f"{BASE}/shifts/{{shift_id}}/cancel", response={200: schemas.ShiftOut, **ERRORS})
def shift_cancel(request, slug: str, shift_id: int, payload: schemas.SharedRolesReasonIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.shift_cancel(actor=membership, community=community, shift_id=shift_id, reason=payload.reason)


@router.post(f"{BASE}/shifts/{{shift_id}}/signups", response={201: schemas.SignupOut, **ERRORS})
def shift_signup(request, slug: str, shift_id: int, payload: schemas.SignupIn):
    """Sign yourself up, or (coordinators) someone else with `membership_id`."""
    community, membership = api_membership(request, slug)
    return Status(
        201,
        services.shift_signup(
            actor=membership, community=community, shift_id=shift_id, membership_id=payload.membership_id
        ),
    )


@router.delete(f"{BASE}/shifts/{{shift_id}}/signups/{{membership_id}}", response={200: schemas.SignupOut, **ERRORS})
def shift_withdraw(request, slug: str, shift_id: int, membership_id: int):
    community, membership = api_membership(request, slug)
    return services.shift_withdraw(
        actor=membership, community=community, shift_id=shift_id, membership_id=membership_id
    )


@router.post(f"{BASE}/shifts/{{shift_id}}/record", response={200: schemas.ShiftOut, **ERRORS})
def shift_record(request, slug: str, shift_id: int, payload: schemas.RecordIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.shift_record(
        actor=membership,
        community=community,
        shift_id=shift_id,
        notes=payload.notes,
        worked=[services.WorkInput(w.membership_id, w.minutes) for w in payload.worked],
    )


@router.get(f"{BASE}/shifts/{{shift_id}}/work", response={200: list[schemas.WorkOut], **ERRORS})
def shift_work(request, slug: str, shift_id: int):
    community, _membership = api_membership(request, slug)
    shift = selectors.shift_get(community=community, shift_id=shift_id)
    return list(selectors.shift_work(community=community, shift=shift))


@router.post(f"{BASE}/shifts/{{shift_id}}/credits", response={200: schemas.SharedRolesCreditsOut, **ERRORS})
def shift_credits(request, slug: str, shift_id: int):
    """Pay the time credits for a recorded shift; repeating it pays nothing twice."""
    community, membership = api_membership(request, slug, COORDINATOR)
    return {"credits": services.shift_credits_post(actor=membership, community=community, shift_id=shift_id)}


@router.get(f"{BASE}/committees", response={200: list[schemas.CommitteeOut], **ERRORS})
def committees(request, slug: str):
    community, _membership = api_membership(request, slug)
    return list(selectors.committees_list(community=community))


@router.post(f"{BASE}/committees", response={201: schemas.CommitteeOut, **ERRORS})
def committee_create(request, slug: str, payload: schemas.CommitteeIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return Status(201, services.committee_create(actor=membership, community=community, **payload.dict()))


@router.get(f"{BASE}/committees/{{committee_id}}/members", response={200: list[schemas.CommitteeMemberOut], **ERRORS})
def committee_members(request, slug: str, committee_id: int):
    community, _membership = api_membership(request, slug)
    committee = selectors.committee_get(community=community, committee_id=committee_id)
    return list(selectors.committee_members(community=community, committee=committee))


@router.post(f"{BASE}/committees/{{committee_id}}/members", response={201: schemas.CommitteeMemberOut, **ERRORS})
def committee_member_add(request, slug: str, committee_id: int, payload: schemas.SharedRolesMemberIn):
    """The chair or a coordinator adds a member."""
    community, membership = api_membership(request, slug)
    return Status(
        201,
        services.committee_member_add(
            actor=membership, community=community, committee_id=committee_id, membership_id=payload.membership_id
        ),
    )


@router.delete(f"{BASE}/committees/{{committee_id}}/members/{{membership_id}}", response={204: None, **ERRORS})
def committee_member_remove(request, slug: str, committee_id: int, membership_id: int):
    community, membership = api_membership(request, slug)
    services.committee_member_remove(
        actor=membership, community=community, committee_id=committee_id, membership_id=membership_id
    )
    return Status(204, None)


@router.put(f"{BASE}/committees/{{committee_id}}/chair", response={200: schemas.CommitteeOut, **ERRORS})
def committee_chair_set(request, slug: str, committee_id: int, payload: schemas.SharedRolesMemberIn):
    community, membership = api_membership(request, slug, COORDINATOR)
    return services.committee_chair_set(
        actor=membership, community=community, committee_id=committee_id, membership_id=payload.membership_id
    )


@router.post(f"{BASE}/committees/{{committee_id}}/meetings", response={201: schemas.MeetingOut, **ERRORS})
def committee_meeting_record(request, slug: str, committee_id: int, payload: schemas.MeetingIn):
    """The chair or a coordinator records a meeting and its decisions."""
    community, membership = api_membership(request, slug)
    return Status(
        201,
        services.committee_meeting_record(
            actor=membership,
            community=community,
            committee_id=committee_id,
            held_at=payload.held_at,
            duration_minutes=payload.duration_minutes,
            attendee_ids=payload.attendee_ids,
            notes=payload.notes,
            decisions=[services.DecisionInput(d.text, d.outcome) for d in payload.decisions],
        ),
    )


@router.get(f"{BASE}/committees/{{committee_id}}/decisions", response={200: list[schemas.DecisionOut], **ERRORS})
def committee_decisions(request, slug: str, committee_id: int):
    community, _membership = api_membership(request, slug)
    committee = selectors.committee_get(community=community, committee_id=committee_id)
    return list(selectors.committee_decisions(community=community, committee=committee))
