"""Reads for shared roles. Every function takes the community; none reaches across communities."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coproduce.communities.models import Community, Membership
from coproduce.core.errors import NotFound
from coproduce.sharedroles.models import (
    Committee,
    CommitteeDecision,
    CommitteeMeeting,
    CommitteeMember,
    PlaceMember,
    PlaceRole,
    RoleTemplate,
    SharedRolesSettings,
    Shift,
    ShiftSignup,
    ShiftWork,
)


def settings_get(*, community: Community) -> SharedRolesSettings:
    """The community's settings, or the defaults (credits off) when none are saved yet."""
    found = SharedRolesSettings.objects.filter(community=community).first()
    return found or SharedRolesSettings(community=community)


def is_in_use(*, community: Community) -> bool:
    return (
        SharedRolesSettings.objects.filter(community=community).exists()
        or RoleTemplate.objects.filter(community=community).exists()
    )


def place_role_of(*, community: Community, membership: Membership) -> str | None:
    """The member's role in the place. Professionals without a recorded role count as staff; citizens
    need theirs recorded, because resident, family and volunteer may take different roles."""
    if membership.community_id != community.pk:
        return None
    recorded = (
        PlaceMember.objects.filter(community=community, membership=membership)
        .values_list("place_role", flat=True)
        .first()
    )
    if recorded:
        return recorded
    return PlaceRole.STAFF.value if membership.kind == Membership.Kind.PROFESSIONAL else None


def place_roles_map(*, community: Community, membership_ids) -> dict[int, str | None]:
    """place_role_of for many members at once."""
    recorded = dict(
        PlaceMember.objects.filter(community=community, membership_id__in=membership_ids).values_list(
            "membership_id", "place_role"
        )
    )
    kinds = dict(Membership.objects.filter(community=community, pk__in=membership_ids).values_list("pk", "kind"))
    result: dict[int, str | None] = {}
    for pk, kind in kinds.items():
        result[pk] = recorded.get(pk) or (PlaceRole.STAFF.value if kind == Membership.Kind.PROFESSIONAL else None)
    return result


@dataclass
class PersonInPlace:
    membership: Membership
    place_role: str | None

    @property
    def place_role_label(self) -> str:
        return str(PlaceRole(self.place_role).label) if self.place_role else ""


def people_in_place(*, community: Community) -> list[PersonInPlace]:
    members = list(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__name", "member_number")
    )
    roles = place_roles_map(community=community, membership_ids=[m.pk for m in members])
    return [PersonInPlace(m, roles.get(m.pk)) for m in members]


def templates_list(*, community: Community, active_only: bool = False) -> QuerySet[RoleTemplate]:
    templates = RoleTemplate.objects.filter(community=community)
    if active_only:
        templates = templates.filter(is_active=True)
    return templates.order_by("area", "name")


def template_get(*, community: Community, template_id: int) -> RoleTemplate:
    template = RoleTemplate.objects.filter(community=community, pk=template_id).first()
    if template is None:
        raise NotFound()
    return template


def shift_get(*, community: Community, shift_id: int) -> Shift:
    shift = Shift.objects.filter(community=community, pk=shift_id).select_related("template").first()
    if shift is None:
        raise NotFound()
    return shift


def shift_signups(*, community: Community, shift: Shift) -> QuerySet[ShiftSignup]:
    return (
        ShiftSignup.objects.filter(community=community, shift=shift, status=ShiftSignup.Status.SIGNED_UP)
        .select_related("membership__user")
        .order_by("created_at", "id")
    )


def shift_work(*, community: Community, shift: Shift) -> QuerySet[ShiftWork]:
    return (
        ShiftWork.objects.filter(community=community, shift=shift)
        .select_related("membership__user")
        .order_by("membership__user__name")
    )


@dataclass
class CrewMember:
    membership_id: int
    name: str
    place_role: str

    @property
    def place_role_label(self) -> str:
        return str(PlaceRole(self.place_role).label)

    @property
    def is_staff(self) -> bool:
        return self.place_role == PlaceRole.STAFF


@dataclass
class RotaShift:
    shift: Shift
    crew: list[CrewMember] = field(default_factory=list)
    mine: bool = False

    @property
    def places_left(self) -> int:
        return max(0, self.shift.capacity - len(self.crew))

    @property
    def staff_count(self) -> int:
        return sum(1 for c in self.crew if c.is_staff)

    @property
    def is_mixed(self) -> bool:
        """Staff and non-staff on the same crew: the shared-roles idea made visible."""
        return 0 < self.staff_count < len(self.crew)


@dataclass
class RotaDay:
    day: dt.date
    shifts: list[RotaShift]


def week_start_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def rota_week(*, community: Community, week_start: dt.date, viewer_id: int | None = None) -> list[RotaDay]:
    """Seven days from `week_start` (a Monday) in the community's time zone, each with its shifts and crews."""
    tz = zoneinfo.ZoneInfo(community.timezone)
    start = dt.datetime.combine(week_start, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=7)
    shifts = list(
        Shift.objects.filter(community=community, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Shift.Status.CANCELLED)
        .select_related("template")
        .order_by("starts_at", "id")
    )
    signups = (
        ShiftSignup.objects.filter(community=community, shift__in=shifts, status=ShiftSignup.Status.SIGNED_UP)
        .select_related("membership__user")
        .order_by("created_at", "id")
    )
    crews: dict[int, list[CrewMember]] = {}
    for s in signups:
        crews.setdefault(s.shift_id, []).append(CrewMember(s.membership_id, s.membership.display_name, s.place_role))
    days = [RotaDay(week_start + dt.timedelta(days=i), []) for i in range(7)]
    for shift in shifts:
        index = (timezone.localtime(shift.starts_at, tz).date() - week_start).days
        crew = crews.get(shift.pk, [])
        days[index].shifts.append(RotaShift(shift, crew, any(c.membership_id == viewer_id for c in crew)))
    return days


def rota_shift(*, community: Community, shift: Shift, viewer_id: int | None = None) -> RotaShift:
    crew = [
        CrewMember(s.membership_id, s.membership.display_name, s.place_role)
        for s in shift_signups(community=community, shift=shift)
    ]
    return RotaShift(shift, crew, any(c.membership_id == viewer_id for c in crew))


def shifts_to_record(*, community: Community, now: dt.datetime | None = None) -> QuerySet[Shift]:
    """Open shifts that have already started: the coordinator records who worked them."""
    now = now or timezone.now()
    return (
        Shift.objects.filter(community=community, status=Shift.Status.OPEN, starts_at__lte=now)
        .select_related("template")
        .annotate(crew_size=Count("signups", filter=Q(signups__status="signed_up")))
        .order_by("starts_at")
    )


def shifts_of_member(
    *, community: Community, membership: Membership, upcoming_from: dt.datetime | None = None
) -> QuerySet[Shift]:
    shifts = Shift.objects.filter(
        community=community,
        signups__membership=membership,
        signups__status=ShiftSignup.Status.SIGNED_UP,
        status=Shift.Status.OPEN,
    )
    if upcoming_from is not None:
        shifts = shifts.filter(ends_at__gte=upcoming_from)
    return shifts.select_related("template").order_by("starts_at")


def committees_list(*, community: Community) -> QuerySet[Committee]:
    return (
        Committee.objects.filter(community=community)
        .select_related("chair__user")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("-is_active", "name")
    )


def committee_get(*, community: Community, committee_id: int) -> Committee:
    committee = Committee.objects.filter(community=community, pk=committee_id).select_related("chair__user").first()
    if committee is None:
        raise NotFound()
    return committee


def committee_members(*, community: Community, committee: Committee) -> QuerySet[CommitteeMember]:
    return (
        CommitteeMember.objects.filter(community=community, committee=committee)
        .select_related("membership__user")
        .order_by("membership__user__name")
    )


def committee_meetings(*, community: Community, committee: Committee) -> QuerySet[CommitteeMeeting]:
    return CommitteeMeeting.objects.filter(community=community, committee=committee).order_by("-held_at", "-id")


def committee_decisions(*, community: Community, committee: Committee) -> QuerySet[CommitteeDecision]:
    """The committee's log of decisions, newest first."""
    return (
        CommitteeDecision.objects.filter(community=community, committee=committee)
        .select_related("meeting")
        .order_by("-meeting__held_at", "-id")
    )
