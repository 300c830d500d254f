"""Helpers shared by the time-bank service functions: who may act for whom, and input checks."""

from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Community, Membership, Organisation
from coproduce.core.errors import DomainError, NotFound
from coproduce.timebank.models import MAX_EXCHANGE_MINUTES
from coproduce.timebank.rules import acts_for  # noqa: F401 - re-exported for the services

ERR_MINUTES = _("Enter the time as a whole number of minutes from 1 to 1440 (one day).")
ERR_NOT_ACTIVE = _("Only active members of this community can take part in the time bank.")


MAX_ID = 2**63 - 1


def known_id(value: object) -> int:
    """An id safe to look up: the value when it can be a primary key, otherwise 0, which matches nothing, so an
    absurd id from a client is "not found" rather than a database error."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID else 0


def require_member(actor: Membership | None, community: Community) -> Membership:
    """The acting member, active in this community; otherwise "not found"."""
    if actor is None or actor.community_id != community.pk or not actor.is_active:
        raise NotFound()
    return actor


def validate_minutes(minutes: object, *, field: str = "minutes") -> int:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= MAX_EXCHANGE_MINUTES:
        raise DomainError(ERR_MINUTES, field=field)
    return minutes


def active_membership(community: Community, membership_id: int | None, *, field: str) -> Membership:
    membership = (
        Membership.objects.filter(community=community, pk=known_id(membership_id), status=Membership.Status.ACTIVE)
        .select_related("user")
        .first()
        if membership_id
        else None
    )
    if membership is None:
        raise DomainError(ERR_NOT_ACTIVE, field=field)
    return membership


def active_organisation(community: Community, organisation_id: int | None, *, field: str) -> Organisation:
    organisation = (
        Organisation.objects.filter(community=community, pk=known_id(organisation_id), is_active=True).first()
        if organisation_id
        else None
    )
    if organisation is None:
        raise DomainError(_("Choose an active organisation of this community."), field=field)
    return organisation
