"""Who may see and change what in the programme.

Household details are sensitive: the programme's staff (coordinators and professionals, who coach) see every
household; a member sees only the household they belong to. Refusals look exactly like missing objects.
"""

from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Community, Membership
from coproduce.core.errors import NotFound

ERR_NOT_STAFF = _("Only the programme's coordinators and coaches can do that.")


def is_staff(membership: Membership | None) -> bool:
    """Coordinators and professionals (coaches) of the community."""
    return bool(membership and membership.is_active and (membership.is_coordinator or membership.is_professional))


def require_staff(membership: Membership | None, community: Community) -> Membership:
    if membership is None or membership.community_id != community.pk or not is_staff(membership):
        raise NotFound(ERR_NOT_STAFF)
    return membership


def require_member_of(membership: Membership | None, community: Community) -> Membership:
    if membership is None or membership.community_id != community.pk or not membership.is_active:
        raise NotFound()
    return membership
