"""Writes for goals: the seeking family writes its own goals, in its own words, and says when one is met."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record, diff, snapshot
from coproduce.communities.models import Community, Membership
from coproduce.coproduction.domain import ActivityKind, ContributionRole, Phase
from coproduce.coproduction.services import activity_record_from_workflow
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.models import Goal, Household, LinkUp, Theme
from coproduce.linkups.services.common import (
    SOURCE,
    adult_memberships,
    clean_text,
    contributions_for,
    not_in_future,
    programme_service,
    require_staff_or_adult_of,
)

ERR_NO_GOALS = _("Write at least one goal.")
ERR_GOAL_TEXT = _("Write the goal in the family's own words (2,000 characters at most).")
ERR_THEMES = _("Choose themes from the list.")
ERR_NOT_SEEKING_FAMILY = _("Goals are written by families who are seeking support.")
ERR_SESSION_MINUTES = _("Enter how long the goal-setting session took, from 0 to 1440 minutes.")
ERR_GOAL_CLOSED = _("This goal has already been met or set aside.")
ERR_GOAL_NOT_CLOSED = _("This goal is still open.")
ERR_NOBODY_AT_SESSION = _(
    "No one at this session is an active community member, so it cannot be counted. Record the goals without a session length."
)


@dataclass(frozen=True)
class GoalInput:
    text: str
    themes: tuple[str, ...] = field(default=())


def _clean_text(text: str) -> str:
    return clean_text(text, field="text", max_length=2000, required=ERR_GOAL_TEXT)


def _clean_themes(themes: Iterable[str]) -> list[str]:
    chosen = set(themes or ())
    if chosen - set(Theme.values):
        raise DomainError(ERR_THEMES, field="themes")
    return [theme for theme in Theme.values if theme in chosen]


def goals_set(
    *,
    actor: Membership,
    community: Community,
    household_id: int,
    goals: Iterable[GoalInput],
    occurred_at: dt.datetime | None = None,
    minutes: int = 0,
) -> list[Goal]:
    """The seeking family writes one or more goals. Written during a session (minutes > 0), the session is recorded as
    a design-phase activity where the family decided, the coach facilitated and the sharing family took part."""
    household = Household.objects.filter(community=community, pk=household_id).first()
    if household is None:
        raise NotFound()
    require_staff_or_adult_of(actor, community, household)
    goals = list(goals)
    if not goals:
        raise DomainError(ERR_NO_GOALS, field="text")
    cleaned = [(_clean_text(g.text), _clean_themes(g.themes)) for g in goals]
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 24 * 60:
        raise DomainError(ERR_SESSION_MINUTES, field="minutes")
    occurred_at = occurred_at or timezone.now()
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household.pk)
        if not household.is_seeking:
            raise DomainError(ERR_NOT_SEEKING_FAMILY)
        linkup = (
            LinkUp.objects.filter(community=community, seeking=household, status=LinkUp.Status.ACTIVE)
            .select_related("sharing", "coach")
            .first()
        )
        activity = None
        if minutes:
            seen: set[int] = set()
            contributions = contributions_for(adult_memberships(household), ContributionRole.DECIDED, minutes, seen)
            if linkup is not None:
                if linkup.coach.is_active:
                    contributions += contributions_for([linkup.coach], ContributionRole.FACILITATED, minutes, set())
                contributions += contributions_for(
                    adult_memberships(linkup.sharing), ContributionRole.TOOK_PART, minutes, seen
                )
            if not contributions:
                raise DomainError(ERR_NOBODY_AT_SESSION, field="minutes")
            activity = activity_record_from_workflow(
                actor_user=actor.user,
                community=community,
                service=programme_service(community),
                kind=ActivityKind.LINKUP_SESSION,
                phase=Phase.DESIGN,
                title=str(_("Family link-up: goal setting")),
                occurred_at=occurred_at,
                contributions=contributions,
                source=SOURCE,
            )
        created = [
            Goal.objects.create(
                community=community,
                household=household,
                linkup=linkup,
                text=text,
                themes=themes,
                set_in_activity=activity,
                created_by=actor.user,
            )
            for text, themes in cleaned
        ]
        for goal in created:
            audit_record(
                actor=actor.user,
                community=community,
                action="linkups.goal.create",
                target=goal,
                changes={
                    "status": [None, goal.status],
                    "themes": [None, ", ".join(goal.themes)],
                    "linkup": [None, linkup.pk if linkup else None],
                },
            )
    return created


def _goal_for_update(actor: Membership, community: Community, goal_id: int) -> Goal:
    goal = Goal.objects.select_for_update().filter(community=community, pk=goal_id).select_related("household").first()
    if goal is None:
        raise NotFound()
    require_staff_or_adult_of(actor, community, goal.household)
    return goal


def goal_update(
    *,
    actor: Membership,
    community: Community,
    goal_id: int,
    text: str | None = None,
    themes: Iterable[str] | None = None,
) -> Goal:
    """Reword a goal or change its themes; the family's words are kept as written."""
    with transaction.atomic():
        goal = _goal_for_update(actor, community, goal_id)
        before = snapshot(goal, ("text", "themes"))
        if text is not None:
            goal.text = _clean_text(text)
        if themes is not None:
            goal.themes = _clean_themes(themes)
        goal.save(update_fields=["text", "themes", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.goal.update",
            target=goal,
            changes=diff(before, snapshot(goal, ("text", "themes"))),
        )
    return goal


def _close(
    *, actor: Membership, community: Community, goal_id: int, status: str, on: dt.date | None, action: str
) -> Goal:
    on = not_in_future(on, "on")
    with transaction.atomic():
        goal = _goal_for_update(actor, community, goal_id)
        if goal.status != Goal.Status.OPEN:
            raise DomainError(ERR_GOAL_CLOSED)
        goal.status, goal.closed_on = status, on
        goal.save(update_fields=["status", "closed_on", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action=action,
            target=goal,
            changes={"status": [Goal.Status.OPEN, status], "closed_on": [None, on]},
        )
    return goal


def goal_mark_met(*, actor: Membership, community: Community, goal_id: int, on: dt.date | None = None) -> Goal:
    """The family says it has met this goal."""
    return _close(
        actor=actor, community=community, goal_id=goal_id, status=Goal.Status.MET, on=on, action="linkups.goal.met"
    )


def goal_set_aside(*, actor: Membership, community: Community, goal_id: int, on: dt.date | None = None) -> Goal:
    """The family decides not to work on this goal any more."""
    return _close(
        actor=actor,
        community=community,
        goal_id=goal_id,
        status=Goal.Status.SET_ASIDE,
        on=on,
        action="linkups.goal.set_aside",
    )


def goal_reopen(*, actor: Membership, community: Community, goal_id: int) -> Goal:
    """Undo "met" or "set aside", for example after a mistaken click."""
    with transaction.atomic():
        goal = _goal_for_update(actor, community, goal_id)
        if goal.status == Goal.Status.OPEN:
            raise DomainError(ERR_GOAL_NOT_CLOSED)
        before = goal.status
        goal.status, goal.closed_on = Goal.Status.OPEN, None
        goal.save(update_fields=["status", "closed_on", "updated_at"])
        audit_record(
            actor=actor.user,
            community=community,
            action="linkups.goal.reopen",
            target=goal,
            changes={"status": [before, Goal.Status.OPEN]},
        )
    return goal
