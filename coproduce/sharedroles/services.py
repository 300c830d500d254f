"""Writes for shared roles: the place's roles, shifts and who works them, and committees.

Each function validates, changes and audits inside one transaction. Shifts worked and committee meetings
are recorded as co-production activities, so insights see them with no extra code.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record, diff, snapshot
from coproduce.communities.models import Community, Membership
from coproduce.communities.services import require_coordinator
from coproduce.coproduction.domain import ActivityKind, ContributionRole, Phase
from coproduce.coproduction.services import ContributionInput, activity_record_from_workflow, service_for_workflow
from coproduce.core.errors import DomainError, NotFound
from coproduce.ledger.services import PoolCredit, pool_credit
from coproduce.sharedroles import selectors
from coproduce.sharedroles.models import (
    Area,
    Committee,
    CommitteeDecision,
    CommitteeMeeting,
    CommitteeMember,
    PlaceMember,
    PlaceRole,
    RiskLevel,
    RoleTemplate,
    SharedRolesSettings,
    Shift,
    ShiftSignup,
    ShiftWork,
    Supervision,
)

SERVICE_NAME = "Shared roles"
SOURCE = "sharedroles"
POOL_CODE = "shared_roles"
CREDIT_KIND = "shift_credit"
MAX_CAPACITY = 50

ERR_NAME_REQUIRED = _("Enter a name.")
ERR_NAME_TAKEN = _("There is already one with that name.")
ERR_AREA = _("Choose the area of the place this role belongs to.")
ERR_RISK = _("Choose a risk level: low, medium or high.")
ERR_SUPERVISION = _("Choose the supervision the role needs.")
ERR_CARE_NOT_FOR_RESIDENTS = _(
    "Personal and clinical care is never a resident or family role. Untick residents and family members."
)
ERR_HIGH_RISK_UNSUPERVISED = _(
    "A high-risk role open to residents, families or volunteers needs staff: choose alongside staff or staff-led."
)
ERR_NOBODY_ALLOWED = _("Choose at least one group of people who may take this role.")
ERR_PLACE_ROLE = _("Choose resident, family member, staff or volunteer.")
ERR_STAFF_MUST_BE_PROFESSIONAL = _("Only members who work in the service (professionals) can be recorded as staff.")
ERR_CITIZEN_ROLE_FOR_PROFESSIONAL = _(
    "Professionals are recorded as staff. Change their membership kind first if they live or volunteer here."
)
ERR_TEMPLATE_INACTIVE = _("This role is no longer in use.")
ERR_TIMES = _("The shift must end after it starts, on the same or the next day.")
ERR_TIME_REQUIRED = _("Enter when the shift starts and ends.")
ERR_CAPACITY = _("Places must be a whole number from 1 to 50.")
ERR_CAPACITY_BELOW_CREW = _("More people have already signed up than that; withdraw someone first.")
ERR_REASON_REQUIRED = _("Give a reason, so those signed up know why.")
ERR_SHIFT_NOT_OPEN = _("This shift is no longer taking sign-ups.")
ERR_SHIFT_STARTED = _("This shift has already started.")
ERR_SHIFT_FULL = _(
    "This shift is full: every place is taken. Choose another shift, or ask a coordinator to add places."
)
ERR_ALREADY_SIGNED_UP = _("You are already signed up for this shift.")
ERR_NOT_SIGNED_UP = _("Not signed up for this shift.")
ERR_NO_PLACE_ROLE = _(
    "Your role in this place (resident, family member, staff or volunteer) has not been recorded yet. Ask a coordinator."
)
ERR_CARE_ROLE = _("Personal and clinical care is done by staff only; residents and family members cannot take it.")
ERR_ROLE_NOT_ALLOWED = _("This role is not open to people in your role in this place.")
ERR_NEEDS_STAFF_FIRST = _(
    "This role is worked with staff and no member of staff has signed up yet. So that no one works it alone, "
    "a member of staff signs up first. Try again later or ask a coordinator."
)
ERR_LAST_STAFF = _(
    "You are the only member of staff on a shift that needs staff, and others are signed up. "
    "Ask a colleague to take your place, or a coordinator to cancel the shift."
)
ERR_ALREADY_RECORDED = _("This shift has already been recorded.")
ERR_SHIFT_CANCELLED = _("This shift was cancelled.")
ERR_NOT_YET_WORKED = _("A shift can be recorded once it has started.")
ERR_NO_WORKERS = _("Add at least one person who worked the shift.")
ERR_WORK_MINUTES = _("Minutes worked must be a whole number from 1 to 1440 (one day).")
ERR_DUPLICATE_PERSON = _("The same person is listed twice.")
ERR_NOT_ACTIVE_MEMBER = _("Everyone must be an active member of this community.")
ERR_NOT_RECORDED = _("Record who worked the shift first.")
ERR_CREDITS_OFF = _("Time credits for shared roles are switched off in this community.")
ERR_CHAIR_NOT_MEMBER = _("The chair must be a member of the committee.")
ERR_ALREADY_ON_COMMITTEE = _("Already a member of this committee.")
ERR_CHAIR_CANNOT_LEAVE = _("Choose a new chair before the chair leaves the committee.")
ERR_COMMITTEE_INACTIVE = _("This committee no longer meets.")
ERR_MEETING_LENGTH = _("The meeting length must be a whole number of minutes from 1 to 1440.")
ERR_MEETING_FUTURE = _("A meeting is recorded after it has taken place.")
ERR_NO_ATTENDEES = _("Tick at least one member who came.")
ERR_ATTENDEE_NOT_MEMBER = _("Only members of the committee can be recorded as attending.")
ERR_DECISION_TEXT = _("Write what was proposed for each decision.")
ERR_DECISION_OUTCOME = _("Choose adopted or declined for each decision.")


@dataclass(frozen=True)
class WorkInput:
    membership_id: int
    minutes: int


@dataclass(frozen=True)
class DecisionInput:
    text: str
    outcome: str


def _is_int_between(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _text(value: object, *, field: str, max_length: int, required: object = None) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        raise DomainError(_("Enter text."), field=field)
    if "\x00" in text:
        raise DomainError(_("Enter text."), field=field)
    if required is not None and not text:
        raise DomainError(required, field=field)
    if len(text) > max_length:
        raise DomainError(_("Keep this to %(limit)d characters or fewer.") % {"limit": max_length}, field=field)
    return text


def _active_member(community: Community, membership_id: int, field: str) -> Membership:
    membership = (
        Membership.objects.filter(community=community, pk=membership_id, status=Membership.Status.ACTIVE)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise DomainError(ERR_NOT_ACTIVE_MEMBER, field=field)
    return membership


def _eligibility_error(template: RoleTemplate, place_role: str | None) -> object | None:
    """Why someone in `place_role` may not take `template`, or None when they may."""
    if place_role is None:
        return ERR_NO_PLACE_ROLE
    if template.is_personal_care and place_role in (PlaceRole.RESIDENT, PlaceRole.FAMILY):
        return ERR_CARE_ROLE
    if not template.allows(place_role):
        return ERR_ROLE_NOT_ALLOWED
    return None


# Settings and people -------------------------------------------------------------------------------------------


def settings_update(
    *, actor: Membership, community: Community, credits_enabled: bool, credit_staff: bool = False
) -> SharedRolesSettings:
    """Switch time credits for hours worked on or off for the whole community."""
    require_coordinator(actor, community)
    with transaction.atomic():
        settings, _created = SharedRolesSettings.objects.select_for_update().get_or_create(community=community)
        before = snapshot(settings, ("credits_enabled", "credit_staff"))
        settings.credits_enabled = bool(credits_enabled)
        settings.credit_staff = bool(credit_staff)
        settings.save()
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.settings_update",
            target=settings,
            changes=diff(before, snapshot(settings, ("credits_enabled", "credit_staff"))),
        )
    return settings


def place_role_set(*, actor: Membership, community: Community, membership_id: int, place_role: str) -> PlaceMember:
    """Record whether a member is a resident, a family member, staff or a volunteer here."""
    require_coordinator(actor, community)
    if place_role not in PlaceRole.values:
        raise DomainError(ERR_PLACE_ROLE, field="place_role")
    with transaction.atomic():
        membership = Membership.objects.filter(community=community, pk=membership_id).first()
        if membership is None:
            raise NotFound()
        professional = membership.kind == Membership.Kind.PROFESSIONAL
        if place_role == PlaceRole.STAFF and not professional:
            raise DomainError(ERR_STAFF_MUST_BE_PROFESSIONAL, field="place_role")
        if place_role != PlaceRole.STAFF and professional:
            raise DomainError(ERR_CITIZEN_ROLE_FOR_PROFESSIONAL, field="place_role")
        row = PlaceMember.objects.select_for_update().filter(community=community, membership=membership).first()
        old = row.place_role if row else None
        if row is None:
            row = PlaceMember.objects.create(community=community, membership=membership, place_role=place_role)
        else:
            row.place_role = place_role
            row.save(update_fields=["place_role", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.place_role_set",
            target=row,
            changes={"place_role": [old, place_role], "membership": [None, membership.pk]},
        )
    return row


# Role templates --------------------------------------------------------------------------------------------------

TEMPLATE_FIELDS = (
    "name",
    "description",
    "area",
    "risk_level",
    "supervision",
    "is_personal_care",
    "allow_residents",
    "allow_families",
    "allow_staff",
    "allow_volunteers",
    "is_active",
)


def _validate_template(template: RoleTemplate) -> None:
    template.name = _text(template.name, field="name", max_length=120, required=ERR_NAME_REQUIRED)
    template.description = _text(template.description, field="description", max_length=5000)
    if template.area not in Area.values:
        raise DomainError(ERR_AREA, field="area")
    if template.risk_level not in RiskLevel.values:
        raise DomainError(ERR_RISK, field="risk_level")
    if template.supervision not in Supervision.values:
        raise DomainError(ERR_SUPERVISION, field="supervision")
    # Care is care whatever it is called: the area settles it.
    if template.area == Area.CARE:
        template.is_personal_care = True
    if template.is_personal_care and (template.allow_residents or template.allow_families):
        raise DomainError(ERR_CARE_NOT_FOR_RESIDENTS, field="allow_residents")
    if not (template.allow_residents or template.allow_families or template.allow_staff or template.allow_volunteers):
        raise DomainError(ERR_NOBODY_ALLOWED, field="allow_residents")
    citizens_allowed = template.allow_residents or template.allow_families or template.allow_volunteers
    if template.risk_level == RiskLevel.HIGH and template.supervision == Supervision.INDEPENDENT and citizens_allowed:
        raise DomainError(ERR_HIGH_RISK_UNSUPERVISED, field="supervision")


def template_create(
    *,
    actor: Membership,
    community: Community,
    name: str,
    description: str = "",
    area: str = Area.OTHER,
    risk_level: str = RiskLevel.LOW,
    supervision: str = Supervision.INDEPENDENT,
    is_personal_care: bool = False,
    allow_residents: bool = True,
    allow_families: bool = True,
    allow_staff: bool = True,
    allow_volunteers: bool = True,
) -> RoleTemplate:
    """A coordinator describes a role the place shares out: its risk, supervision and who may take it."""
    require_coordinator(actor, community)
    template = RoleTemplate(
        community=community,
        name=name,
        description=description,
        area=area,
        risk_level=risk_level,
        supervision=supervision,
        is_personal_care=bool(is_personal_care),
        allow_residents=bool(allow_residents),
        allow_families=bool(allow_families),
        allow_staff=bool(allow_staff),
        allow_volunteers=bool(allow_volunteers),
    )
    _validate_template(template)
    try:
        with transaction.atomic():
            template.save()
            audit_record(
                actor=actor.user,
                community=community,
                action="sharedroles.template_create",
                target=template,
                changes={k: [None, v] for k, v in snapshot(template, TEMPLATE_FIELDS).items()},
            )
    except IntegrityError:
        raise DomainError(ERR_NAME_TAKEN, field="name") from None
    return template


def template_update(*, actor: Membership, community: Community, template_id: int, **fields) -> RoleTemplate:
    require_coordinator(actor, community)
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise DomainError(_("These cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    try:
        with transaction.atomic():
            template = RoleTemplate.objects.select_for_update().filter(community=community, pk=template_id).first()
            if template is None:
                raise NotFound()
            before = snapshot(template, TEMPLATE_FIELDS)
            for key, value in fields.items():
                setattr(template, key, bool(value) if key.startswith(("allow_", "is_")) else value)
            _validate_template(template)
            template.save()
            audit_record(
                actor=actor.user,
                community=community,
                action="sharedroles.template_update",
                target=template,
                changes=diff(before, snapshot(template, TEMPLATE_FIELDS)),
            )
    except IntegrityError:
        raise DomainError(ERR_NAME_TAKEN, field="name") from None
    return template


# Shifts ------------------------------------------------------------------------------------------------------------


def shift_create(
    *,
    actor: Membership,
    community: Community,
    template_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    location: str = "",
    notes: str = "",
) -> Shift:
    require_coordinator(actor, community)
    template = selectors.template_get(community=community, template_id=template_id)
    if not template.is_active:
        raise DomainError(ERR_TEMPLATE_INACTIVE, field="template_id")
    if starts_at is None or ends_at is None or starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise DomainError(ERR_TIME_REQUIRED, field="starts_at")
    if not starts_at < ends_at <= starts_at + dt.timedelta(hours=24):
        raise DomainError(ERR_TIMES, field="ends_at")
    if not _is_int_between(capacity, 1, MAX_CAPACITY):
        raise DomainError(ERR_CAPACITY, field="capacity")
    location = _text(location, field="location", max_length=120)
    notes = _text(notes, field="notes", max_length=5000)
    with transaction.atomic():
        shift = Shift.objects.create(
            community=community,
            template=template,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            location=location,
            notes=notes,
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.shift_create",
            target=shift,
            changes={"template": [None, template.pk], "starts_at": [None, starts_at], "capacity": [None, capacity]},
        )
    return shift


def shift_update_capacity(*, actor: Membership, community: Community, shift_id: int, capacity: int) -> Shift:
    require_coordinator(actor, community)
    if not _is_int_between(capacity, 1, MAX_CAPACITY):
        raise DomainError(ERR_CAPACITY, field="capacity")
    with transaction.atomic():
        shift = _lock_shift(community, shift_id)
        if shift.status != Shift.Status.OPEN:
            raise DomainError(ERR_SHIFT_NOT_OPEN)
        if _crew(shift).count() > capacity:
            raise DomainError(ERR_CAPACITY_BELOW_CREW, field="capacity")
        old = shift.capacity
        shift.capacity = capacity
        shift.save(update_fields=["capacity", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.shift_update",
            target=shift,
            changes={"capacity": [old, capacity]},
        )
    return shift


def shift_cancel(*, actor: Membership, community: Community, shift_id: int, reason: str) -> Shift:
    require_coordinator(actor, community)
    reason = _text(reason, field="reason", max_length=2000, required=ERR_REASON_REQUIRED)
    with transaction.atomic():
        shift = _lock_shift(community, shift_id)
        if shift.status != Shift.Status.OPEN:
            raise DomainError(ERR_SHIFT_NOT_OPEN)
        shift.status = Shift.Status.CANCELLED
        shift.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.shift_cancel",
            target=shift,
            changes={"status": [Shift.Status.OPEN, Shift.Status.CANCELLED], "reason": [None, reason]},
        )
    return shift


def _lock_shift(community: Community, shift_id: int) -> Shift:
    shift = Shift.objects.select_for_update().filter(community=community, pk=shift_id).first()
    if shift is None:
        raise NotFound()
    shift.template = RoleTemplate.objects.get(pk=shift.template_id)
    return shift


def _crew(shift: Shift):
    return ShiftSignup.objects.filter(shift=shift, status=ShiftSignup.Status.SIGNED_UP)


def _who(actor: Membership, community: Community, membership_id: int | None) -> Membership:
    """The person being signed up or withdrawn: the actor, or anyone when a coordinator acts for them."""
    if actor.community_id != community.pk or not actor.is_active:
        raise NotFound()
    if membership_id is None or membership_id == actor.pk:
        return actor
    require_coordinator(actor, community)
    return _active_member(community, membership_id, "membership_id")


def shift_signup(
    *, actor: Membership, community: Community, shift_id: int, membership_id: int | None = None
) -> ShiftSignup:
    """Sign up for a shift; residents and staff alike. A coordinator may sign up someone else.

    Refused when the shift is full, when the role is not open to the person's role in the place, and when the
    role needs staff but none has signed up yet and the person is not staff: then they would work it alone.
    """
    person = _who(actor, community, membership_id)
    with transaction.atomic():
        # The shift row lock serialises sign-ups, so two people cannot take the last place at once.
        shift = _lock_shift(community, shift_id)
        if shift.status == Shift.Status.CANCELLED:
            raise DomainError(ERR_SHIFT_CANCELLED)
        if shift.status != Shift.Status.OPEN:
            raise DomainError(ERR_SHIFT_NOT_OPEN)
        if shift.starts_at <= timezone.now():
            raise DomainError(ERR_SHIFT_STARTED)
        place_role = selectors.place_role_of(community=community, membership=person)
        if place_role is None:
            raise DomainError(ERR_NO_PLACE_ROLE, field="membership_id")
        problem = _eligibility_error(shift.template, place_role)
        if problem is not None:
            raise DomainError(problem, field="membership_id")
        existing = ShiftSignup.objects.filter(shift=shift, membership=person).first()
        if existing is not None and existing.status == ShiftSignup.Status.SIGNED_UP:
            raise DomainError(ERR_ALREADY_SIGNED_UP)
        crew = list(_crew(shift).values_list("place_role", flat=True))
        if len(crew) >= shift.capacity:
            raise DomainError(ERR_SHIFT_FULL)
        if shift.template.needs_staff and place_role != PlaceRole.STAFF and PlaceRole.STAFF not in crew:
            raise DomainError(ERR_NEEDS_STAFF_FIRST)
        if existing is None:
            signup = ShiftSignup.objects.create(
                community=community, shift=shift, membership=person, place_role=place_role, signed_up_by=actor.user
            )
        else:
            signup = existing
            signup.status = ShiftSignup.Status.SIGNED_UP
            signup.place_role = place_role
            signup.signed_up_by = actor.user
            signup.save(update_fields=["status", "place_role", "signed_up_by", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.shift_signup",
            target=signup,
            changes={
                "status": [None, signup.status],
                "shift": [None, shift.pk],
                "membership": [None, person.pk],
                "place_role": [None, place_role],
            },
        )
    return signup


def shift_withdraw(
    *, actor: Membership, community: Community, shift_id: int, membership_id: int | None = None
) -> ShiftSignup:
    person = _who(actor, community, membership_id)
    with transaction.atomic():
        shift = _lock_shift(community, shift_id)
        if shift.status != Shift.Status.OPEN:
            raise DomainError(ERR_SHIFT_NOT_OPEN)
        signup = ShiftSignup.objects.filter(shift=shift, membership=person, status=ShiftSignup.Status.SIGNED_UP).first()
        if signup is None:
            raise DomainError(ERR_NOT_SIGNED_UP)
        if shift.template.needs_staff and signup.place_role == PlaceRole.STAFF:
            crew = list(_crew(shift).exclude(pk=signup.pk).values_list("place_role", flat=True))
            if crew and PlaceRole.STAFF not in crew:
                raise DomainError(ERR_LAST_STAFF)
        signup.status = ShiftSignup.Status.WITHDRAWN
        signup.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.shift_withdraw",
            target=signup,
            changes={"status": [ShiftSignup.Status.SIGNED_UP, ShiftSignup.Status.WITHDRAWN]},
        )
    return signup


def shift_record(
    *, actor: Membership, community: Community, shift_id: int, worked: Iterable[WorkInput], notes: str = ""
) -> Shift:
    """Record, after the shift, who actually worked it and for how long.

    The shift becomes a co-delivery activity in which everyone who worked "gave" their minutes, residents and
    staff alike: sharing the work is the point. When the community has switched credits on, the hours are
    paid from the shared-roles pool in the same transaction.
    """
    require_coordinator(actor, community)
    worked = list(worked)
    notes = _text(notes, field="notes", max_length=5000)
    if not worked:
        raise DomainError(ERR_NO_WORKERS, field="worked")
    seen: set[int] = set()
    for w in worked:
        if not _is_int_between(w.minutes, 1, 24 * 60):
            raise DomainError(ERR_WORK_MINUTES, field="worked")
        if w.membership_id in seen:
            raise DomainError(ERR_DUPLICATE_PERSON, field="worked")
        seen.add(w.membership_id)
    with transaction.atomic():
        shift = _lock_shift(community, shift_id)
        if shift.status == Shift.Status.RECORDED:
            raise DomainError(ERR_ALREADY_RECORDED)
        if shift.status == Shift.Status.CANCELLED:
            raise DomainError(ERR_SHIFT_CANCELLED)
        if shift.starts_at > timezone.now():
            raise DomainError(ERR_NOT_YET_WORKED)
        people = {
            m.pk: m
            for m in Membership.objects.filter(community=community, pk__in=seen, status=Membership.Status.ACTIVE)
        }
        if set(people) != seen:
            raise DomainError(ERR_NOT_ACTIVE_MEMBER, field="worked")
        known = selectors.place_roles_map(community=community, membership_ids=seen)
        roles: dict[int, str] = {}
        for membership_id in seen:
            role = known.get(membership_id)
            problem = _eligibility_error(shift.template, role)
            if problem is not None or role is None:
                raise DomainError(problem or ERR_NO_PLACE_ROLE, field="worked")
            roles[membership_id] = role
        service = service_for_workflow(
            community=community,
            name=SERVICE_NAME,
            description="Residents, families, volunteers and staff sharing the work of the place.",
        )
        activity = activity_record_from_workflow(
            actor_user=actor.user,
            community=community,
            service=service,
            kind=ActivityKind.SHIFT,
            phase=Phase.DELIVER,
            title=f"{shift.template.name} shift",
            occurred_at=shift.starts_at,
            contributions=[ContributionInput(w.membership_id, ContributionRole.GAVE, w.minutes) for w in worked],
            source=SOURCE,
            location=shift.location,
            notes=notes,
            category=shift.template.area,
        )
        works = ShiftWork.objects.bulk_create(
            [
                ShiftWork(
                    community=community,
                    shift=shift,
                    membership_id=w.membership_id,
                    place_role=roles[w.membership_id],
                    minutes=w.minutes,
                )
                for w in worked
            ]
        )
        shift.status = Shift.Status.RECORDED
        shift.activity = activity
        shift.recorded_at = timezone.now()
        shift.save(update_fields=["status", "activity", "recorded_at", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.shift_record",
            target=shift,
            changes={
                "status": [Shift.Status.OPEN, Shift.Status.RECORDED],
                "activity": [None, activity.pk],
                "people": [None, len(worked)],
                "minutes": [None, sum(w.minutes for w in worked)],
            },
        )
        settings = selectors.settings_get(community=community)
        if settings.credits_enabled:
            _post_credits(actor=actor, community=community, shift=shift, works=works, settings=settings)
    return shift


def shift_credits_post(*, actor: Membership, community: Community, shift_id: int) -> int:
    """Pay the time credits for a recorded shift (e.g. after credits were switched on). Safe to repeat: each
    person's credit has an idempotency key from the shift and the member, so it is paid once.
    Returns how many credits this call asked the ledger for."""
    require_coordinator(actor, community)
    settings = selectors.settings_get(community=community)
    if not settings.credits_enabled:
        raise DomainError(ERR_CREDITS_OFF)
    with transaction.atomic():
        shift = _lock_shift(community, shift_id)
        if shift.status != Shift.Status.RECORDED:
            raise DomainError(ERR_NOT_RECORDED)
        works = list(ShiftWork.objects.filter(community=community, shift=shift))
        return _post_credits(actor=actor, community=community, shift=shift, works=works, settings=settings)


def credit_idempotency_key(shift: Shift, membership_id: int) -> str:
    return f"sharedroles:shift:{shift.pk}:member:{membership_id}"


def _post_credits(
    *, actor: Membership, community: Community, shift: Shift, works: list[ShiftWork], settings: SharedRolesSettings
) -> int:
    credits = [
        PoolCredit(
            to=Membership.objects.get(community=community, pk=work.membership_id),
            minutes=work.minutes,
            idempotency_key=credit_idempotency_key(shift, work.membership_id),
            memo=f"{shift.template.name} shift",
            category=shift.template.area,
        )
        for work in sorted(works, key=lambda w: w.membership_id)
        if work.place_role != PlaceRole.STAFF or settings.credit_staff
    ]
    transfers = pool_credit(
        actor=actor,
        community=community,
        pool=POOL_CODE,
        credits=credits,
        kind=CREDIT_KIND,
        activity=shift.activity,
        workflow=SOURCE,
    )
    return len(transfers)


# Committees ------------------------------------------------------------------------------------------------------


def _require_coordinator_or_chair(actor: Membership, community: Community, committee: Committee) -> None:
    if actor.community_id == community.pk and actor.is_active and committee.chair_id == actor.pk:
        return
    require_coordinator(actor, community)


def committee_create(
    *,
    actor: Membership,
    community: Community,
    name: str,
    purpose: str = "",
    member_ids: Iterable[int] = (),
    chair_id: int | None = None,
) -> Committee:
    require_coordinator(actor, community)
    name = _text(name, field="name", max_length=120, required=ERR_NAME_REQUIRED)
    purpose = _text(purpose, field="purpose", max_length=5000)
    member_ids = list(dict.fromkeys(member_ids))
    if chair_id is not None and chair_id not in member_ids:
        member_ids.append(chair_id)
    members = [_active_member(community, pk, "member_ids") for pk in member_ids]
    try:
        with transaction.atomic():
            committee = Committee.objects.create(community=community, name=name, purpose=purpose, chair_id=chair_id)
            CommitteeMember.objects.bulk_create(
                [CommitteeMember(community=community, committee=committee, membership=m) for m in members]
            )
            audit_record(
                actor=actor.user,
                community=community,
                action="sharedroles.committee_create",
                target=committee,
                changes={"name": [None, name], "chair": [None, chair_id], "members": [None, len(members)]},
            )
    except IntegrityError:
        raise DomainError(ERR_NAME_TAKEN, field="name") from None
    return committee


def _lock_committee(community: Community, committee_id: int) -> Committee:
    committee = Committee.objects.select_for_update().filter(community=community, pk=committee_id).first()
    if committee is None:
        raise NotFound()
    return committee


def committee_member_add(
    *, actor: Membership, community: Community, committee_id: int, membership_id: int
) -> CommitteeMember:
    """Residents, families and staff join committees alike; the chair or a coordinator adds them."""
    with transaction.atomic():
        committee = _lock_committee(community, committee_id)
        _require_coordinator_or_chair(actor, community, committee)
        person = _active_member(community, membership_id, "membership_id")
        if CommitteeMember.objects.filter(committee=committee, membership=person).exists():
            raise DomainError(ERR_ALREADY_ON_COMMITTEE, field="membership_id")
        row = CommitteeMember.objects.create(community=community, committee=committee, membership=person)
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.committee_member_add",
            target=row,
            changes={"committee": [None, committee.pk], "membership": [None, person.pk]},
        )
    return row


def committee_member_remove(*, actor: Membership, community: Community, committee_id: int, membership_id: int) -> None:
    with transaction.atomic():
        committee = _lock_committee(community, committee_id)
        _require_coordinator_or_chair(actor, community, committee)
        row = CommitteeMember.objects.filter(
            community=community, committee=committee, membership_id=membership_id
        ).first()
        if row is None:
            raise NotFound()
        if committee.chair_id == membership_id:
            raise DomainError(ERR_CHAIR_CANNOT_LEAVE, field="membership_id")
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.committee_member_remove",
            target=committee,
            changes={"membership": [membership_id, None]},
        )
        row.delete()


def committee_chair_set(*, actor: Membership, community: Community, committee_id: int, membership_id: int) -> Committee:
    require_coordinator(actor, community)
    with transaction.atomic():
        committee = _lock_committee(community, committee_id)
        if not CommitteeMember.objects.filter(committee=committee, membership_id=membership_id).exists():
            raise DomainError(ERR_CHAIR_NOT_MEMBER, field="membership_id")
        old = committee.chair_id
        committee.chair_id = membership_id
        committee.save(update_fields=["chair", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.committee_chair_set",
            target=committee,
            changes={"chair": [old, membership_id]},
        )
    return committee


def committee_meeting_record(
    *,
    actor: Membership,
    community: Community,
    committee_id: int,
    held_at: dt.datetime,
    duration_minutes: int,
    attendee_ids: Iterable[int],
    decisions: Iterable[DecisionInput] = (),
    notes: str = "",
) -> CommitteeMeeting:
    """Record a meeting and the proposals it adopted or declined; the chair or a coordinator records it.

    The meeting is a co-design activity: the chair "facilitated"; members who came "decided" when the meeting
    took decisions and otherwise "took part".
    """
    attendee_ids = list(dict.fromkeys(attendee_ids))
    decisions = list(decisions)
    notes = _text(notes, field="notes", max_length=5000)
    if held_at is None or held_at.tzinfo is None:
        raise DomainError(_("Enter when the meeting was held."), field="held_at")
    if held_at > timezone.now() + dt.timedelta(hours=1):
        raise DomainError(ERR_MEETING_FUTURE, field="held_at")
    if not _is_int_between(duration_minutes, 1, 24 * 60):
        raise DomainError(ERR_MEETING_LENGTH, field="duration_minutes")
    if not attendee_ids:
        raise DomainError(ERR_NO_ATTENDEES, field="attendee_ids")
    cleaned: list[DecisionInput] = []
    for d in decisions:
        text = _text(d.text, field="decisions", max_length=2000, required=ERR_DECISION_TEXT)
        if d.outcome not in CommitteeDecision.Outcome.values:
            raise DomainError(ERR_DECISION_OUTCOME, field="decisions")
        cleaned.append(DecisionInput(text, d.outcome))
    with transaction.atomic():
        committee = _lock_committee(community, committee_id)
        _require_coordinator_or_chair(actor, community, committee)
        if not committee.is_active:
            raise DomainError(ERR_COMMITTEE_INACTIVE)
        members = set(
            CommitteeMember.objects.filter(
                committee=committee, membership_id__in=attendee_ids, membership__status=Membership.Status.ACTIVE
            ).values_list("membership_id", flat=True)
        )
        if members != set(attendee_ids):
            raise DomainError(ERR_ATTENDEE_NOT_MEMBER, field="attendee_ids")
        member_role = ContributionRole.DECIDED if cleaned else ContributionRole.TOOK_PART
        contributions = [
            ContributionInput(
                pk, ContributionRole.FACILITATED if pk == committee.chair_id else member_role, duration_minutes
            )
            for pk in attendee_ids
        ]
        service = service_for_workflow(
            community=community,
            name=SERVICE_NAME,
            description="Residents, families, volunteers and staff sharing the work of the place.",
        )
        activity = activity_record_from_workflow(
            actor_user=actor.user,
            community=community,
            service=service,
            kind=ActivityKind.MEETING,
            phase=Phase.DESIGN,
            title=f"{committee.name} meeting",
            occurred_at=held_at,
            contributions=contributions,
            source=SOURCE,
            notes=notes,
            category=Area.COMMITTEE,
        )
        meeting = CommitteeMeeting.objects.create(
            community=community,
            committee=committee,
            held_at=held_at,
            duration_minutes=duration_minutes,
            notes=notes,
            activity=activity,
        )
        CommitteeDecision.objects.bulk_create(
            [
                CommitteeDecision(
                    community=community, committee=committee, meeting=meeting, text=d.text, outcome=d.outcome
                )
                for d in cleaned
            ]
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="sharedroles.committee_meeting_record",
            target=meeting,
            changes={
                "committee": [None, committee.pk],
                "people": [None, len(attendee_ids)],
                "adopted": [None, sum(d.outcome == "adopted" for d in cleaned)],
                "declined": [None, sum(d.outcome == "declined" for d in cleaned)],
            },
        )
    return meeting
