"""Writes for link-ups: linking a seeking and a sharing family with a coach, extending, completing, ending early."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.access import require_staff
from coproduce.linkups.models import (
    MAX_TOTAL_WEEKS,
    PLANNED_WEEKS,
    Goal,
    Household,
    HouseholdMember,
    LinkUp,
    LinkUpConsent,
)
from coproduce.linkups.selectors.households import programme_settings_get
from coproduce.linkups.selectors.linkups import caseload_counts
from coproduce.linkups.selectors.readiness import household_readiness
from coproduce.linkups.services.common import clean_text, not_in_future

ERR_PLANNED_WEEKS = _("Choose a planned length of 10, 20 or 30 weeks.")
ERR_SAME_HOUSEHOLD = _("A family cannot be linked with itself.")
ERR_NOT_SEEKING = _("This family is not registered as seeking support.")
ERR_NOT_SHARING = _("This family is not registered as a sharing family.")
ERR_SHARING_NOT_READY = _("This sharing family cannot be linked yet: %(missing)s.")
ERR_SEEKING_ALREADY_LINKED = _("This seeking family already has an active link-up.")
ERR_SHARING_AT_CAPACITY = _("This sharing family already supports as many families as it can at once.")
ERR_COACH = _("Choose a coach: an active professional of this community.")
ERR_COACH_SHARING_FULL = _(
    "This coach already supports %(count)s sharing families, the most a coach can take on. Choose another coach."
)
ERR_COACH_SEEKING_FULL = _(
    "This coach already supports %(count)s seeking families, the most a coach can take on. Choose another coach."
)
ERR_CONSENT_MISSING = _("Record who in %(family)s agreed to the link-up, and when.")
ERR_CONSENT_PERSON = _("The person who agreed must be an adult of %(family)s.")
ERR_CONSENT_AFTER_START = _("Consent must be given on or before the day the link-up starts.")
ERR_START_TOO_LATE = _("A link-up can be planned to start at most 90 days from today.")
ERR_START_TOO_EARLY = _("A link-up can be recorded from at most five years ago.")
ERR_NOT_ACTIVE = _("This link-up has already finished.")
ERR_EXTEND_WEEKS = _("Extend by 1 to 30 weeks.")
ERR_EXTEND_TOO_LONG = _("A link-up can last at most %(weeks)s weeks in all.")
ERR_END_BEFORE_START = _("The end date cannot be before the link-up started.")
ERR_REASON_REQUIRED = _("Say why the link-up ended early.")


@dataclass(frozen=True)
class ConsentInput:
    """Who in a household agreed to the link-up (an adult of that household) and on what day."""

    person_id: int
    given_on: dt.date


def _check_consent(
    community: Community, household: Household, consent: ConsentInput | None, field: str, starts_on: dt.date
) -> tuple[HouseholdMember, dt.date]:
    if consent is None or not consent.person_id or consent.given_on is None:
        raise DomainError(ERR_CONSENT_MISSING % {"family": household.name}, field=field)
    person = HouseholdMember.objects.filter(
        community=community, household=household, pk=consent.person_id, kind=HouseholdMember.Kind.ADULT
    ).first()
    if person is None:
        raise DomainError(ERR_CONSENT_PERSON % {"family": household.name}, field=field)
    not_in_future(consent.given_on, field)
    if consent.given_on > starts_on:
        raise DomainError(ERR_CONSENT_AFTER_START, field=field)
    return person, consent.given_on


def _check_coach(community: Community, coach: Membership, sharing: Household, seeking: Household) -> None:
    settings = programme_settings_get(community=community)
    sharing_ids, seeking_ids = caseload_counts(community=community).get(coach.pk, (set(), set()))
    if sharing.pk not in sharing_ids and len(sharing_ids) >= settings.coach_sharing_capacity:
        raise DomainError(ERR_COACH_SHARING_FULL % {"count": len(sharing_ids)}, field="coach_id")
    if seeking.pk not in seeking_ids and len(seeking_ids) >= settings.coach_seeking_capacity:
        raise DomainError(ERR_COACH_SEEKING_FULL % {"count": len(seeking_ids)}, field="coach_id")


def linkup_create(
    *,
    actor: Membership,
    community: Community,
    seeking_id: int,
    sharing_id: int,
    coach_id: int,
    planned_weeks: int,
    starts_on: dt.date | None = None,
    seeking_consent: ConsentInput | None = None,
    sharing_consent: ConsentInput | None = None,
) -> LinkUp:
    """Link a seeking family with a trained, checked sharing family and a coach with room, once both families have
    agreed. The seeking family's open goals move into the link-up."""
    require_staff(actor, community)
    if planned_weeks not in PLANNED_WEEKS:
        raise DomainError(ERR_PLANNED_WEEKS, field="planned_weeks")
    today = timezone.localdate()
    starts_on = starts_on or today
    if starts_on > today + dt.timedelta(days=90):
        raise DomainError(ERR_START_TOO_LATE, field="starts_on")
    if starts_on < today - dt.timedelta(days=5 * 365):
        raise DomainError(ERR_START_TOO_EARLY, field="starts_on")
    if seeking_id == sharing_id:
        raise DomainError(ERR_SAME_HOUSEHOLD, field="sharing_id")
    with transaction.atomic():
        # Lock both households (in id order, so two coordinators never deadlock) and the coach, so capacity checks
        # and the link-up they allow happen as one.
        households = {
            h.pk: h
            for h in Household.objects.select_for_update()
            .filter(community=community, pk__in=sorted([seeking_id, sharing_id]))
            .order_by("pk")
        }
        if seeking_id not in households or sharing_id not in households:
            raise NotFound()
        seeking, sharing = households[seeking_id], households[sharing_id]
        coach = (
            Membership.objects.select_for_update()
            .filter(
                community=community,
                pk=coach_id,
                status=Membership.Status.ACTIVE,
                kind=Membership.Kind.PROFESSIONAL,
            )
            .select_related("user")
            .first()
        )
        if not seeking.is_seeking:
            raise DomainError(ERR_NOT_SEEKING, field="seeking_id")
        if not sharing.is_sharing:
            raise DomainError(ERR_NOT_SHARING, field="sharing_id")
        readiness = household_readiness(community=community, household=sharing, on=today)
        if not readiness.ready:
            raise DomainError(ERR_SHARING_NOT_READY % {"missing": "; ".join(readiness.missing)}, field="sharing_id")
        active = LinkUp.objects.filter(community=community, status=LinkUp.Status.ACTIVE)
        if active.filter(seeking=seeking).exists():
            raise DomainError(ERR_SEEKING_ALREADY_LINKED, field="seeking_id")
        if active.filter(sharing=sharing).count() >= sharing.sharing_capacity:
            raise DomainError(ERR_SHARING_AT_CAPACITY, field="sharing_id")
        if coach is None:
            raise DomainError(ERR_COACH, field="coach_id")
        _check_coach(community, coach, sharing, seeking)
        seeking_person, seeking_on = _check_consent(community, seeking, seeking_consent, "seeking_consent", starts_on)
        sharing_person, sharing_on = _check_consent(community, sharing, sharing_consent, "sharing_consent", starts_on)
        linkup = LinkUp.objects.create(
            community=community,
            seeking=seeking,
            sharing=sharing,
            coach=coach,
            planned_weeks=planned_weeks,
            starts_on=starts_on,
            created_by=actor.user,
        )
        for household, person, given_on in (
            (seeking, seeking_person, seeking_on),
            (sharing, sharing_person, sharing_on),
        ):
            LinkUpConsent.objects.create(
                community=community,
                linkup=linkup,
                household=household,
                given_by=person,
                given_on=given_on,
                recorded_by=actor.user,
            )
        moved = (
            Goal.objects.filter(community=community, household=seeking, status=Goal.Status.OPEN)
            .exclude(linkup__status=LinkUp.Status.ACTIVE)
            .update(linkup=linkup)
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.linkup.create",
            target=linkup,
            changes={
                "status": [None, linkup.status],
                "seeking": [None, seeking.pk],
                "sharing": [None, sharing.pk],
                "coach": [None, coach.pk],
                "planned_weeks": [None, planned_weeks],
                "starts_on": [None, starts_on],
                "seeking_consent_by": [None, seeking_person.pk],
                "sharing_consent_by": [None, sharing_person.pk],
                "goals_moved": [None, moved],
            },
        )
    return linkup


def _linkup_for_update(community: Community, linkup_id: int) -> LinkUp:
    linkup = LinkUp.objects.select_for_update().filter(community=community, pk=linkup_id).first()
    if linkup is None:
        raise NotFound()
    if not linkup.is_active:
        raise DomainError(ERR_NOT_ACTIVE)
    return linkup


def linkup_extend(*, actor: Membership, community: Community, linkup_id: int, weeks: int, reason: str = "") -> LinkUp:
    """Add weeks to an active link-up, up to a year in all."""
    require_staff(actor, community)
    if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= 30:
        raise DomainError(ERR_EXTEND_WEEKS, field="weeks")
    reason = clean_text(reason, field="reason", max_length=2000)
    with transaction.atomic():
        linkup = _linkup_for_update(community, linkup_id)
        if linkup.total_weeks + weeks > MAX_TOTAL_WEEKS:
            raise DomainError(ERR_EXTEND_TOO_LONG % {"weeks": MAX_TOTAL_WEEKS}, field="weeks")
        before = linkup.extra_weeks
        linkup.extra_weeks += weeks
        linkup.save(update_fields=["extra_weeks", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.linkup.extend",
            target=linkup,
            changes={"extra_weeks": [before, linkup.extra_weeks], "reason": [None, reason]},
        )
    return linkup


def _finish(
    *,
    actor: Membership,
    community: Community,
    linkup_id: int,
    status: str,
    on: dt.date | None,
    reason: str,
    action: str,
) -> LinkUp:
    on = not_in_future(on, "on")
    with transaction.atomic():
        linkup = _linkup_for_update(community, linkup_id)
        if on < linkup.starts_on:
            raise DomainError(ERR_END_BEFORE_START, field="on")
        linkup.status, linkup.ended_on, linkup.end_reason = status, on, reason
        linkup.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action=action,
            target=linkup,
            changes={"status": [LinkUp.Status.ACTIVE, status], "ended_on": [None, on], "reason": [None, reason]},
        )
    return linkup


def linkup_complete(
    *, actor: Membership, community: Community, linkup_id: int, on: dt.date | None = None, note: str = ""
) -> LinkUp:
    """The link-up ran its course."""
    require_staff(actor, community)
    return _finish(
        actor=actor,
        community=community,
        linkup_id=linkup_id,
        status=LinkUp.Status.COMPLETED,
        on=on,
        reason=clean_text(note, field="note", max_length=2000),
        action="linkups.linkup.complete",
    )


def linkup_end_early(
    *, actor: Membership, community: Community, linkup_id: int, reason: str, on: dt.date | None = None
) -> LinkUp:
    """The link-up stopped before its planned end; the reason is required, for learning."""
    require_staff(actor, community)
    reason = clean_text(reason, field="reason", max_length=2000, required=ERR_REASON_REQUIRED)
    return _finish(
        actor=actor,
        community=community,
        linkup_id=linkup_id,
        status=LinkUp.Status.ENDED_EARLY,
        on=on,
        reason=reason,
        action="linkups.linkup.end_early",
    )
