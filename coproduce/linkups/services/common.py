"""Pieces shared by the link-up service functions."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Community, Membership
from coproduce.coproduction.models import Service
from coproduce.coproduction.services import ContributionInput, service_for_workflow
from coproduce.core.errors import DomainError, NotFound
from coproduce.linkups.access import is_staff
from coproduce.linkups.models import Household, HouseholdMember

SOURCE = "linkups"
# The co-production service every link-up activity is recorded under; a stable name, looked up by it.
SERVICE_NAME = "Family link-ups"
SERVICE_DESCRIPTION = "Families who have come through tough times supporting families going through them."

ERR_FUTURE_DATE = _("The date cannot be in the future.")
ERR_DATE_REQUIRED = _("Enter a date.")


def programme_service(community: Community) -> Service:
    return service_for_workflow(community=community, name=SERVICE_NAME, description=SERVICE_DESCRIPTION)


def adult_memberships(household: Household) -> list[Membership]:
    """Active community members among the household's adults: the people whose time is recorded."""
    return [
        person.membership
        for person in HouseholdMember.objects.filter(
            community_id=household.community_id,
            household=household,
            kind=HouseholdMember.Kind.ADULT,
            membership__status=Membership.Status.ACTIVE,
        )
        .select_related("membership")
        .order_by("id")
        if person.membership is not None
    ]


def is_adult_of(actor: Membership, household: Household) -> bool:
    return (
        actor.is_active
        and HouseholdMember.objects.filter(
            community_id=household.community_id, household=household, membership=actor, kind=HouseholdMember.Kind.ADULT
        ).exists()
    )


def require_staff_or_adult_of(actor: Membership, community: Community, *households: Household) -> None:
    """Staff, or an adult of one of the households; anyone else is told the thing does not exist."""
    if actor.community_id != community.pk or not actor.is_active:
        raise NotFound()
    if is_staff(actor):
        return
    if not any(is_adult_of(actor, household) for household in households):
        raise NotFound()


def contributions_for(
    memberships: list[Membership], role: str, minutes: int, seen: set[int]
) -> list[ContributionInput]:
    out = []
    for membership in memberships:
        if membership.pk not in seen:
            seen.add(membership.pk)
            out.append(ContributionInput(membership_id=membership.pk, role=role, minutes=minutes))
    return out


def not_in_future(day: dt.date | None, field: str) -> dt.date:
    if day is None:
        return timezone.localdate()
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise DomainError(ERR_DATE_REQUIRED, field=field)
    if day > timezone.localdate():
        raise DomainError(ERR_FUTURE_DATE, field=field)
    return day


ERR_NOT_TEXT = _("Enter plain text.")
ERR_TOO_LONG = _("Keep this to %(limit)s characters or fewer.")


def clean_text(value: object, *, field: str, max_length: int, required: object = None) -> str:
    """The value without surrounding spaces; refuses what the database cannot store (NUL) and over-long text.
    `required` is the refusal to give when it is empty."""
    if value is None:
        value = ""
    if not isinstance(value, str) or "\x00" in value:
        raise DomainError(ERR_NOT_TEXT, field=field)
    value = value.strip()
    if required is not None and not value:
        raise DomainError(required, field=field)
    if len(value) > max_length:
        raise DomainError(ERR_TOO_LONG % {"limit": max_length}, field=field)
    return value
