"""Writes for services, activities and contributions.

Coordinators record activities by hand through `activity_record`; workflow modules (time bank, link-ups,
shared roles, panels...) call `activity_record_from_workflow` inside their own transactions, after their
own permission checks, so every kind of work lands in the same record.
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
from coproduce.coproduction.domain import ActivityKind, ContributionRole, LadderStep, Phase
from coproduce.coproduction.models import Activity, Contribution, Service
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.validation import clean_text

ERR_NO_CONTRIBUTIONS = _("Add at least one person who took part.")
ERR_BAD_MINUTES = _("Minutes must be a whole number from 0 to 1440 (one day).")
ERR_MEMBER_NOT_IN_COMMUNITY = _("Everyone who took part must be an active member of this community.")
ERR_DUPLICATE_CONTRIBUTION = _("The same person is listed twice in the same role.")
ERR_FUTURE = _("An activity cannot be recorded more than a day in the future.")
ERR_TOO_OLD = _("Enter a date after 1 January 1900.")
ERR_SERVICE_NAME = _("Enter a name for the service.")
ERR_SERVICE_TAKEN = _("There is already a service with that name.")
ERR_KIND = _("Choose what kind of activity this was.")
ERR_PHASE = _("Choose the phase: commission, design, deliver or assess.")
ERR_LADDER = _("Choose a participation step from 1 to 7.")
ERR_TITLE = _("Enter a title for the activity.")
ERR_WHEN = _("Enter the date and time of the activity.")
ERR_ROLE = _("Choose a role for each person.")
EARLIEST = dt.datetime(1900, 1, 2, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ContributionInput:
    membership_id: int
    role: str
    minutes: int


def service_create(*, actor: Membership, community: Community, name: str, description: str = "") -> Service:
    """A coordinator starts recording a service; names are unique within the community."""
    require_coordinator(actor, community)
    name = clean_text(name, field="name", max_length=150, required=ERR_SERVICE_NAME)
    description = clean_text(description, field="description", max_length=5000)
    if Service.objects.filter(community=community, name__iexact=name).exists():
        raise DomainError(ERR_SERVICE_TAKEN, field="name")
    try:
        with transaction.atomic():
            service = Service.objects.create(community=community, name=name, description=description)
            audit_record(actor=actor.user, community=community, action="service.create", target=service,
                         changes={"name": [None, name]})
    except IntegrityError:
        raise DomainError(ERR_SERVICE_TAKEN, field="name") from None
    return service


def service_update(*, actor: Membership, community: Community, service_id: int, name: str | None = None,
                   description: str | None = None, is_active: bool | None = None) -> Service:
    """A coordinator renames, describes, pauses or restarts a service."""
    require_coordinator(actor, community)
    if name is not None:
        name = clean_text(name, field="name", max_length=150, required=ERR_SERVICE_NAME)
    if description is not None:
        description = clean_text(description, field="description", max_length=5000)
    with transaction.atomic():
        service = Service.objects.select_for_update().filter(community=community, pk=service_id).first()
        if service is None:
            raise NotFound()
        before = snapshot(service, ("name", "description", "is_active"))
        if name is not None:
            if Service.objects.filter(community=community, name__iexact=name).exclude(pk=service.pk).exists():
                raise DomainError(ERR_SERVICE_TAKEN, field="name")
            service.name = name
        if description is not None:
            service.description = description
        if is_active is not None:
            service.is_active = is_active
        service.save()
        audit_record(actor=actor.user, community=community, action="service.update", target=service,
                     changes=diff(before, snapshot(service, ("name", "description", "is_active"))))
    return service


def _validate_activity(*, community: Community, service: Service, kind: str, phase: str, ladder_step: int | None,
                       title: str, occurred_at: dt.datetime, contributions: list[ContributionInput],
                       location: str, notes: str, category: str) -> dict[str, str]:
    """Check an activity before it is written; returns the cleaned texts."""
    if service.community_id != community.pk:
        raise NotFound()
    if kind not in ActivityKind.values:
        raise DomainError(ERR_KIND, field="kind")
    if phase not in Phase.values:
        raise DomainError(ERR_PHASE, field="phase")
    if ladder_step is not None and (isinstance(ladder_step, bool) or ladder_step not in LadderStep.values):
        raise DomainError(ERR_LADDER, field="ladder_step")
    texts = {
        "title": clean_text(title, field="title", max_length=200, required=ERR_TITLE),
        "location": clean_text(location, field="location", max_length=200),
        "notes": clean_text(notes, field="notes", max_length=5000),
        "category": clean_text(category, field="category", max_length=80),
    }
    if not isinstance(occurred_at, dt.datetime) or occurred_at.tzinfo is None:
        raise DomainError(ERR_WHEN, field="occurred_at")
    if occurred_at < EARLIEST:
        raise DomainError(ERR_TOO_OLD, field="occurred_at")
    if occurred_at > timezone.now() + dt.timedelta(days=1):
        raise DomainError(ERR_FUTURE, field="occurred_at")
    if not contributions:
        raise DomainError(ERR_NO_CONTRIBUTIONS, field="contributions")
    seen: set[tuple[int, str]] = set()
    for c in contributions:
        if c.role not in ContributionRole.values:
            raise DomainError(ERR_ROLE, field="contributions")
        if not isinstance(c.membership_id, int) or isinstance(c.membership_id, bool):
            raise DomainError(ERR_MEMBER_NOT_IN_COMMUNITY, field="contributions")
        if not isinstance(c.minutes, int) or isinstance(c.minutes, bool) or not 0 <= c.minutes <= 24 * 60:
            raise DomainError(ERR_BAD_MINUTES, field="contributions")
        if (c.membership_id, c.role) in seen:
            raise DomainError(ERR_DUPLICATE_CONTRIBUTION, field="contributions")
        seen.add((c.membership_id, c.role))
    return texts


def _write_activity(*, actor_user, community: Community, service: Service, kind: str, phase: str,
                    ladder_step: int | None, title: str, occurred_at: dt.datetime,
                    contributions: list[ContributionInput], location: str, notes: str, category: str,
                    source: str) -> Activity:
    member_ids = {c.membership_id for c in contributions}
    found = set(
        Membership.objects.filter(community=community, pk__in=member_ids, status=Membership.Status.ACTIVE)
        .values_list("pk", flat=True)
    )
    if found != member_ids:
        raise DomainError(ERR_MEMBER_NOT_IN_COMMUNITY, field="contributions")
    activity = Activity.objects.create(
        community=community, service=service, kind=kind, phase=phase, ladder_step=ladder_step, title=title,
        occurred_at=occurred_at, location=location, notes=notes, category=category, source=source,
        recorded_by=actor_user,
    )
    Contribution.objects.bulk_create(
        [Contribution(community=community, activity=activity, membership_id=c.membership_id, role=c.role,
                      minutes=c.minutes) for c in contributions]
    )
    audit_record(actor=actor_user, community=community, action="activity.record", target=activity,
                 changes={"phase": [None, phase], "kind": [None, kind], "people": [None, len(contributions)],
                          "source": [None, source]})
    from coproduce.coproduction.signals import activity_recorded, activity_written

    activity_written.send(sender=Activity, community_id=community.pk, activity_id=activity.pk)
    transaction.on_commit(lambda: activity_recorded.send(sender=Activity, community_id=community.pk, activity_id=activity.pk))
    return activity


def activity_record(
    *, actor: Membership, community: Community, service: Service, kind: str, phase: str, title: str,
    occurred_at: dt.datetime, contributions: Iterable[ContributionInput], ladder_step: int | None = None,
    location: str = "", notes: str = "", category: str = "",
) -> Activity:
    """A coordinator records an activity and each person's contribution to it."""
    require_coordinator(actor, community)
    contributions = list(contributions)
    texts = _validate_activity(community=community, service=service, kind=kind, phase=phase, ladder_step=ladder_step,
                               title=title, occurred_at=occurred_at, contributions=contributions, location=location,
                               notes=notes, category=category)
    with transaction.atomic():
        return _write_activity(actor_user=actor.user, community=community, service=service, kind=kind, phase=phase,
                               ladder_step=ladder_step, occurred_at=occurred_at, contributions=contributions,
                               source="", **texts)


def activity_record_from_workflow(
    *, actor_user, community: Community, service: Service, kind: str, phase: str, title: str,
    occurred_at: dt.datetime, contributions: Iterable[ContributionInput], source: str,
    ladder_step: int | None = None, location: str = "", notes: str = "", category: str = "",
) -> Activity:
    """Record the activity a workflow produced. The workflow has already checked who may do this;
    call it inside the workflow's transaction so both land or neither does."""
    contributions = list(contributions)
    texts = _validate_activity(community=community, service=service, kind=kind, phase=phase, ladder_step=ladder_step,
                               title=title, occurred_at=occurred_at, contributions=contributions, location=location,
                               notes=notes, category=category)
    with transaction.atomic():
        return _write_activity(actor_user=actor_user, community=community, service=service, kind=kind, phase=phase,
                               ladder_step=ladder_step, occurred_at=occurred_at, contributions=contributions,
                               source=source, **texts)


def _described(contributions: list[tuple[int, str, int]]) -> str:
    """Contributions as the audit log shows them: "member 12 gave 90 min; member 14 received 90 min"."""
    return "; ".join(f"member {membership_id} {role} {minutes} min" for membership_id, role, minutes in contributions)


def activity_minutes_correct_from_workflow(
    *, actor_user, community: Community, activity_id: int, minutes: int, reason: str
) -> Activity:
    """A workflow corrects the time it recorded for one of its activities: every contribution now counts
    `minutes`, and 0 means the activity did not take place, so its contributions leave the record (the audit
    keeps what they were). Call it inside the workflow's transaction, after the workflow's own checks."""
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 24 * 60:
        raise DomainError(ERR_BAD_MINUTES, field="minutes")
    with transaction.atomic():
        activity = Activity.objects.select_for_update().filter(community=community, pk=activity_id).first()
        if activity is None:
            raise NotFound()
        contributions = list(Contribution.objects.filter(activity=activity).order_by("pk"))
        before = [(c.membership_id, c.role, c.minutes) for c in contributions]
        # One row at a time, so listeners that keep figures derived from the record see each change.
        for contribution in contributions:
            if minutes:
                contribution.minutes = minutes
                contribution.save(update_fields=["minutes"])
            else:
                contribution.delete()
        audit_record(actor=actor_user, community=community, action="activity.correct", target=activity,
                     changes={"contributions": [_described(before), _described([(m, r, minutes) for m, r, _ in before]
                                                                               if minutes else [])],
                              "reason": [None, reason]})
        from coproduce.coproduction.signals import activity_recorded

        transaction.on_commit(
            lambda: activity_recorded.send(sender=Activity, community_id=community.pk, activity_id=activity.pk)
        )
    return activity


def service_for_workflow(*, community: Community, name: str, description: str = "") -> Service:
    """The service a workflow records its activities under, created on first use (e.g. "Time bank")."""
    service, _created = Service.objects.get_or_create(community=community, name=name,
                                                      defaults={"description": description})
    return service
