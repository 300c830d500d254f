"""Reads of community data. Every function takes the community; none reaches across communities."""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from coproduce.communities.models import Asset, Check, Community, Membership, Organisation, PersonalAccessToken, User
from coproduce.core.errors import NotFound


def _search_text(value: str) -> str:
    # PostgreSQL refuses NUL characters in text; a search for one simply finds nothing special.
    return (value or "").replace("\x00", "").strip()[:200]


def community_get(*, slug: str) -> Community:
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise NotFound()
    return community


def community_list_open() -> QuerySet[Community]:
    return Community.objects.filter(is_open_for_applications=True).order_by("name")


def memberships_of_user(*, user: User) -> QuerySet[Membership]:
    """The communities a person belongs to or has applied to: the one read that spans communities,
    and only ever for the person themselves."""
    return (
        Membership.objects.filter(user=user)
        .exclude(status__in=[Membership.Status.LEFT])
        .select_related("community")
        .order_by("community__name")
    )


def membership_for_user(*, community: Community, user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(community=community, user=user).select_related("user", "community").first()


def membership_get(*, community: Community, membership_id: int, active_only: bool = False) -> Membership:
    memberships = Membership.objects.filter(community=community, pk=membership_id)
    if active_only:
        memberships = memberships.filter(status=Membership.Status.ACTIVE)
    membership = memberships.select_related("user").first()
    if membership is None:
        raise NotFound()
    return membership


def membership_get_by_number(*, community: Community, member_number: int) -> Membership:
    membership = (
        Membership.objects.filter(community=community, member_number=member_number, status=Membership.Status.ACTIVE)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise NotFound()
    return membership


def member_directory(*, community: Community, query: str = "", kind: str = "") -> QuerySet[Membership]:
    """Active members matching a name, neighbourhood or asset, with their assets loaded in one more query."""
    members = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).select_related("user")
    if kind:
        members = members.filter(kind=kind)
    query = _search_text(query)
    if query:
        matching = Asset.objects.filter(community=community, title__icontains=query).values("membership_id")
        members = members.filter(
            Q(user__name__icontains=query) | Q(neighbourhood__icontains=query) | Q(pk__in=matching)
        )
    return members.prefetch_related(
        Prefetch("assets", queryset=Asset.objects.filter(community=community).order_by("kind", "title"))
    ).order_by("user__name", "member_number")


def members_for_choice(*, community: Community) -> list[tuple[int, str]]:
    """(id, "Name (#number)") of active members, for choosing people in forms."""
    rows = (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .order_by("user__name", "member_number")
        .values_list("pk", "user__name", "member_number")
    )
    return [(pk, f"{name} (#{number})") for pk, name, number in rows]


def members_list(*, community: Community, status: str = "") -> QuerySet[Membership]:
    """Everyone in the community whatever their status, for coordinators."""
    members = Membership.objects.filter(community=community).select_related("user")
    if status:
        members = members.filter(status=status)
    return members.order_by("user__name", "member_number")


def brokered_members(*, community: Community) -> QuerySet[Membership]:
    return members_list(community=community, status=Membership.Status.ACTIVE).filter(is_brokered=True)


def application_get(*, community: Community, membership_id: int) -> Membership:
    application = applications_pending(community=community).filter(pk=membership_id).first()
    if application is None:
        raise NotFound()
    return application


def applications_pending(*, community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community, status=Membership.Status.APPLIED)
        .select_related("user")
        .order_by("created_at")
    )


def applications_overdue(*, community: Community, now: dt.datetime | None = None) -> QuerySet[Membership]:
    """Applications waiting longer than the community allows, so no one is left stuck in "pending"."""
    now = now or timezone.now()
    return applications_pending(community=community).filter(
        created_at__lt=now - dt.timedelta(days=community.application_stale_days)
    )


def assets_of_member(*, community: Community, membership: Membership) -> QuerySet[Asset]:
    return Asset.objects.filter(community=community, membership=membership).order_by("kind", "title")


def checks_list(*, community: Community, membership: Membership | None = None) -> QuerySet[Check]:
    checks = Check.objects.filter(community=community).select_related("membership__user")
    if membership is not None:
        checks = checks.filter(membership=membership)
    return checks.order_by("expires_on", "id")


def checks_expiring(*, community: Community, within_days: int = 30, today: dt.date | None = None) -> QuerySet[Check]:
    today = today or timezone.localdate()
    return checks_list(community=community).filter(
        status=Check.Status.PASSED, expires_on__isnull=False, expires_on__lte=today + dt.timedelta(days=within_days)
    )


def member_has_valid_check(*, community: Community, membership: Membership, kind: str = Check.Kind.BACKGROUND,
                           on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return Check.objects.filter(
        community=community, membership=membership, kind=kind, status=Check.Status.PASSED
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on)).exists()


def organisations_list(*, community: Community) -> QuerySet[Organisation]:
    return Organisation.objects.filter(community=community).order_by("name")


def organisation_get(*, community: Community, organisation_id: int) -> Organisation:
    organisation = Organisation.objects.filter(community=community, pk=organisation_id).first()
    if organisation is None:
        raise NotFound()
    return organisation


def coordinators_of(*, community: Community) -> QuerySet[Membership]:
    return Membership.objects.filter(
        community=community, status=Membership.Status.ACTIVE,
        role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN],
    ).select_related("user")


def tokens_of_user(*, user: User) -> QuerySet[PersonalAccessToken]:
    """A person's live and past API tokens, newest first."""
    return PersonalAccessToken.objects.filter(user=user).order_by("-created_at", "-id")


def asset_get(*, community: Community, asset_id: int) -> Asset:
    asset = Asset.objects.filter(community=community, pk=asset_id).select_related("membership__user").first()
    if asset is None:
        raise NotFound()
    return asset


def check_get(*, community: Community, check_id: int) -> Check:
    check = Check.objects.filter(community=community, pk=check_id).select_related("membership__user").first()
    if check is None:
        raise NotFound()
    return check
