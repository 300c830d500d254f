"""Reads of households. Staff see every household of the community; a member sees only their own."""

from django.db.models import Count, Q, QuerySet

from coproduce.communities.models import Community, Membership
from coproduce.core.errors import NotFound
from coproduce.linkups.access import is_staff
from coproduce.linkups.models import (
    Household,
    HouseholdExperience,
    HouseholdMember,
    HouseholdRole,
    HouseholdRoleChange,
    ProgrammeSettings,
)


def viewer_household_ids(*, community: Community, viewer: Membership | None) -> set[int]:
    """The households the viewer belongs to (usually one)."""
    if viewer is None or viewer.community_id != community.pk or not viewer.is_active:
        return set()
    return set(
        HouseholdMember.objects.filter(community=community, membership=viewer).values_list("household_id", flat=True)
    )


def households_list(
    *, community: Community, viewer: Membership | None, role: str = "", query: str = ""
) -> QuerySet[Household]:
    households = Household.objects.filter(community=community)
    if not is_staff(viewer) or viewer is None or viewer.community_id != community.pk:
        households = households.filter(pk__in=viewer_household_ids(community=community, viewer=viewer))
    if role == "seeking":
        households = households.filter(role__in=[HouseholdRole.SEEKING, HouseholdRole.BOTH])
    elif role == "sharing":
        households = households.filter(role__in=[HouseholdRole.SHARING, HouseholdRole.BOTH])
    elif role in HouseholdRole.values:
        households = households.filter(role=role)
    if query:
        households = households.filter(Q(name__icontains=query) | Q(neighbourhood__icontains=query))
    return households.annotate(
        adults=Count("people", filter=Q(people__kind=HouseholdMember.Kind.ADULT), distinct=True),
        children=Count("people", filter=Q(people__kind=HouseholdMember.Kind.CHILD), distinct=True),
    ).order_by("name", "id")


def household_get(*, community: Community, household_id: int, viewer: Membership | None) -> Household:
    """The household, if the viewer may see it; otherwise NotFound, exactly as for a missing one."""
    household = Household.objects.filter(community=community, pk=household_id).first()
    if household is None:
        raise NotFound()
    if not (is_staff(viewer) and viewer is not None and viewer.community_id == community.pk) and (
        household.pk not in viewer_household_ids(community=community, viewer=viewer)
    ):
        raise NotFound()
    return household


def household_people(*, community: Community, household: Household) -> QuerySet[HouseholdMember]:
    return (
        HouseholdMember.objects.filter(community=community, household=household)
        .select_related("membership__user")
        .order_by("kind", "birth_year", "name", "id")
    )


def household_experiences(*, community: Community, household: Household) -> QuerySet[HouseholdExperience]:
    return HouseholdExperience.objects.filter(community=community, household=household).order_by("kind", "theme", "id")


def household_role_history(*, community: Community, household: Household) -> QuerySet[HouseholdRoleChange]:
    return HouseholdRoleChange.objects.filter(community=community, household=household).select_related("recorded_by")


def household_member_get(*, community: Community, person_id: int) -> HouseholdMember:
    person = (
        HouseholdMember.objects.filter(community=community, pk=person_id)
        .select_related("household", "membership")
        .first()
    )
    if person is None:
        raise NotFound()
    return person


def memberships_without_household(*, community: Community) -> QuerySet[Membership]:
    """Active members who are not yet in any household: the people a coordinator can add as adults."""
    taken = HouseholdMember.objects.filter(community=community, membership__isnull=False).values("membership_id")
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .exclude(pk__in=taken)
        .select_related("user")
        .order_by("user__name", "member_number")
    )


def coaches_list(*, community: Community) -> QuerySet[Membership]:
    """Professionals of the community: the people who can coach link-ups."""
    return (
        Membership.objects.filter(
            community=community, status=Membership.Status.ACTIVE, kind=Membership.Kind.PROFESSIONAL
        )
        .select_related("user")
        .order_by("user__name", "member_number")
    )


def programme_settings_get(*, community: Community) -> ProgrammeSettings:
    """The community's settings, or the defaults (unsaved) when none have been chosen yet."""
    return ProgrammeSettings.objects.filter(community=community).first() or ProgrammeSettings(community=community)


def can_write_goals(*, community: Community, household: Household, viewer: Membership | None) -> bool:
    """Staff, and the family's own adults, may write and update its goals."""
    if viewer is None or viewer.community_id != community.pk or not viewer.is_active:
        return False
    return (
        is_staff(viewer)
        or HouseholdMember.objects.filter(
            community=community, household=household, membership=viewer, kind=HouseholdMember.Kind.ADULT
        ).exists()
    )


def households_in_use(*, community: Community) -> bool:
    """Whether the community runs the programme at all (it has registered a family)."""
    return Household.objects.filter(community=community).exists()
