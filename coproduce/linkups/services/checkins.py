"""Writes for check-ins: a link-up session where the seeking family rates its progress on each goal."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership
from coproduce.coproduction.domain import ActivityKind, ContributionRole, Phase
from coproduce.coproduction.services import activity_record_from_workflow
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.models import CheckIn, Goal, GoalRating, LinkUp
from coproduce.linkups.services.common import (
    SOURCE,
    adult_memberships,
    clean_text,
    contributions_for,
    programme_service,
    require_staff_or_adult_of,
)

ERR_WHEN = _("Enter the date and time of the check-in.")
ERR_BEFORE_START = _("The check-in cannot be before the link-up started.")
ERR_MINUTES = _("Enter how long the check-in took, from 1 to 1440 minutes.")
ERR_COACH_MINUTES = _("Enter the coach's minutes, from 0 to 1440.")
ERR_NOT_ACTIVE = _("Check-ins can only be recorded while the link-up is active.")
ERR_GOAL_NOT_IN_LINKUP = _("Rate only the open goals of this link-up.")
ERR_SCORE = _("Rate progress as a whole number from 0 (not started) to 10 (there).")
ERR_RATED_TWICE = _("Rate each goal once per check-in.")
ERR_NOBODY = _("No one in this link-up is an active community member, so the session cannot be counted.")


def checkin_record(
    *,
    actor: Membership,
    community: Community,
    linkup_id: int,
    occurred_at: dt.datetime,
    minutes: int,
    ratings: Mapping[int, int] | Iterable[tuple[int, int]] | None = None,
    notes: str = "",
    coach_minutes: int | None = None,
) -> CheckIn:
    """Record a check-in and the family's ratings (goal id -> 0 to 10). The session is a deliver-phase activity:
    the sharing family's adults gave, the seeking family's adults received and the coach facilitated
    (for `coach_minutes`, the whole session unless given; 0 when the coach was not there)."""
    linkup = (
        LinkUp.objects.filter(community=community, pk=linkup_id).select_related("seeking", "sharing", "coach").first()
    )
    if linkup is None:
        raise NotFound()
    require_staff_or_adult_of(actor, community, linkup.seeking, linkup.sharing)
    # Years outside these are typing slips, and converting them to local time can overflow.
    if (
        not isinstance(occurred_at, dt.datetime)
        or timezone.is_naive(occurred_at)
        or not 1900 <= occurred_at.year <= 2999
    ):
        raise DomainError(ERR_WHEN, field="occurred_at")
    if timezone.localdate(occurred_at) < linkup.starts_on:
        raise DomainError(ERR_BEFORE_START, field="occurred_at")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 24 * 60:
        raise DomainError(ERR_MINUTES, field="minutes")
    coach_minutes = minutes if coach_minutes is None else coach_minutes
    if not isinstance(coach_minutes, int) or isinstance(coach_minutes, bool) or not 0 <= coach_minutes <= 24 * 60:
        raise DomainError(ERR_COACH_MINUTES, field="coach_minutes")
    notes = clean_text(notes, field="notes", max_length=5000)
    pairs = list(ratings.items()) if isinstance(ratings, Mapping) else list(ratings or ())
    if len({goal_id for goal_id, _score in pairs}) != len(pairs):
        raise DomainError(ERR_RATED_TWICE, field="ratings")
    scores: dict[int, int] = dict(pairs)
    for score in scores.values():
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 10:
            raise DomainError(ERR_SCORE, field="ratings")
    with transaction.atomic():
        linkup = LinkUp.objects.select_for_update().select_related("seeking", "sharing", "coach").get(pk=linkup.pk)
        if not linkup.is_active:
            raise DomainError(ERR_NOT_ACTIVE)
        open_goals = set(
            Goal.objects.filter(community=community, linkup=linkup, status=Goal.Status.OPEN).values_list(
                "pk", flat=True
            )
        )
        if set(scores) - open_goals:
            raise DomainError(ERR_GOAL_NOT_IN_LINKUP, field="ratings")
        seen: set[int] = set()
        contributions = contributions_for(
            adult_memberships(linkup.sharing), ContributionRole.GAVE, minutes, seen
        ) + contributions_for(adult_memberships(linkup.seeking), ContributionRole.RECEIVED, minutes, seen)
        if coach_minutes and linkup.coach.is_active:
            contributions += contributions_for([linkup.coach], ContributionRole.FACILITATED, coach_minutes, set())
        if not contributions:
            raise DomainError(ERR_NOBODY)
        activity = activity_record_from_workflow(
            actor_user=actor.user,
            community=community,
            service=programme_service(community),
            kind=ActivityKind.LINKUP_SESSION,
            phase=Phase.DELIVER,
            title=str(_("Family link-up: check-in")),
            occurred_at=occurred_at,
            contributions=contributions,
            source=SOURCE,
        )
        checkin = CheckIn.objects.create(
            community=community,
            linkup=linkup,
            occurred_at=occurred_at,
            minutes=minutes,
            notes=notes,
            activity=activity,
            recorded_by=actor.user,
        )
        GoalRating.objects.bulk_create(
            [
                GoalRating(community=community, checkin=checkin, goal_id=goal_id, score=score)
                for goal_id, score in sorted(scores.items())
            ]
        )
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.checkin.record",
            target=checkin,
            changes={
                "linkup": [None, linkup.pk],
                "minutes": [None, minutes],
                "ratings": [None, ", ".join(f"{g}:{s}" for g, s in sorted(scores.items()))],
            },
        )
    return checkin
