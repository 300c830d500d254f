from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel


class PlaceRole(models.TextChoices):
    """How someone belongs to the place. Stored per membership, because "citizen" covers residents,
    their families and volunteering neighbours alike, and each may take different roles."""

    RESIDENT = "resident", _("Resident")
    FAMILY = "family", _("Family member")
    STAFF = "staff", _("Staff")
    VOLUNTEER = "volunteer", _("Volunteer")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Supervision(models.TextChoices):
    INDEPENDENT = "independent", _("Independent")
    ALONGSIDE_STAFF = "alongside_staff", _("Alongside staff")
    STAFF_LED = "staff_led", _("Staff-led")


class Area(models.TextChoices):
    KITCHEN = "kitchen", _("Kitchen and meals")
    GARDEN = "garden", _("Garden")
    LIBRARY = "library", _("Library")
    WELCOME = "welcome", _("Welcome and visitors")
    ACTIVITIES = "activities", _("Activities and outings")
    HOUSEKEEPING = "housekeeping", _("Housekeeping")
    COMMITTEE = "committee", _("Committees")
    CARE = "care", _("Personal and clinical care")
    OTHER = "other", _("Other")


class SharedRolesSettings(TenantModel):
    """A community's choices for shared roles: whether hours worked earn time credits."""

    credits_enabled = models.BooleanField(_("hours worked earn time credits"), default=False)
    credit_staff = models.BooleanField(
        _("staff earn credits too"),
        default=False,
        help_text=_(
            "Staff are usually paid for their hours, so by default only residents, families and volunteers earn credits."
        ),
    )

    class Meta:
        verbose_name = _("shared roles settings")
        verbose_name_plural = _("shared roles settings")
        constraints = [models.UniqueConstraint(fields=["community"], name="sharedroles_settings_one_per_community")]


class PlaceMember(TenantModel):
    """A member's role in the place (resident, family, staff, volunteer). Staff must be professionals;
    residents, families and volunteers are citizens (checked by the service)."""

    membership = models.ForeignKey("communities.Membership", on_delete=models.CASCADE, related_name="+")
    place_role = models.CharField(_("role in this place"), max_length=20, choices=PlaceRole.choices)

    class Meta:
        verbose_name = _("role in the place")
        verbose_name_plural = _("roles in the place")
        constraints = [
            models.UniqueConstraint(fields=["community", "membership"], name="sharedroles_place_role_once"),
            models.CheckConstraint(condition=Q(place_role__in=PlaceRole.values), name="sharedroles_place_role_valid"),
        ]


class RoleTemplate(TenantModel):
    """A kind of work the place shares out, with its risk, the supervision it needs and who may take it.

    Personal and clinical care is never a resident or family role: the service refuses it and the database
    constraint `sharedroles_care_never_residents` makes it impossible to store.
    """

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what the role involves"), blank=True)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, default=Area.OTHER)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW)
    supervision = models.CharField(
        _("supervision"), max_length=20, choices=Supervision.choices, default=Supervision.INDEPENDENT
    )
    is_personal_care = models.BooleanField(_("personal or clinical care"), default=False)
    allow_residents = models.BooleanField(_("residents may take it"), default=True)
    allow_families = models.BooleanField(_("family members may take it"), default=True)
    allow_staff = models.BooleanField(_("staff may take it"), default=True)
    allow_volunteers = models.BooleanField(_("volunteers may take it"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="sharedroles_template_name_unique"),
            models.CheckConstraint(
                condition=Q(is_personal_care=False) | Q(allow_residents=False, allow_families=False),
                name="sharedroles_care_never_residents",
            ),
            models.CheckConstraint(
                condition=~Q(risk_level="high")
                | ~Q(supervision="independent")
                | Q(allow_residents=False, allow_families=False, allow_volunteers=False),
                name="sharedroles_high_risk_supervised",
            ),
            models.CheckConstraint(
                condition=Q(allow_residents=True)
                | Q(allow_families=True)
                | Q(allow_staff=True)
                | Q(allow_volunteers=True),
                name="sharedroles_template_open_to_someone",
            ),
            models.CheckConstraint(condition=Q(risk_level__in=RiskLevel.values), name="sharedroles_risk_valid"),
            models.CheckConstraint(
                condition=Q(supervision__in=Supervision.values), name="sharedroles_supervision_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def allows(self, place_role: str) -> bool:
        return {
            PlaceRole.RESIDENT: self.allow_residents,
            PlaceRole.FAMILY: self.allow_families,
            PlaceRole.STAFF: self.allow_staff,
            PlaceRole.VOLUNTEER: self.allow_volunteers,
        }.get(place_role, False)  # type: ignore[call-overload]

    @property
    def needs_staff(self) -> bool:
        return self.supervision != Supervision.INDEPENDENT


class Shift(TenantModel):
    """One session of a role, with a number of places. Recorded after the fact with who actually worked."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CANCELLED = "cancelled", _("Cancelled")
        RECORDED = "recorded", _("Worked and recorded")

    template = models.ForeignKey(RoleTemplate, on_delete=models.PROTECT, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    location = models.CharField(_("where"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    activity = models.ForeignKey(
        "coproduction.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="sharedroles_shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=50), name="sharedroles_shift_capacity_1_50"
            ),
            models.CheckConstraint(
                condition=~Q(status="recorded") | Q(activity__isnull=False),
                name="sharedroles_recorded_shift_has_activity",
            ),
        ]
        indexes = [models.Index(fields=["community", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.template} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class ShiftSignup(TenantModel):
    """Someone has said they will work a shift. The role in the place is kept as it was when they signed up."""

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    membership = models.ForeignKey("communities.Membership", on_delete=models.PROTECT, related_name="+")
    place_role = models.CharField(_("role in this place"), max_length=20, choices=PlaceRole.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SIGNED_UP)
    signed_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [models.UniqueConstraint(fields=["shift", "membership"], name="sharedroles_signup_once")]


class ShiftWork(TenantModel):
    """Who actually worked a shift and for how long (integer minutes), as recorded afterwards."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="work")
    membership = models.ForeignKey("communities.Membership", on_delete=models.PROTECT, related_name="+")
    place_role = models.CharField(_("role in this place"), max_length=20, choices=PlaceRole.choices)
    minutes = models.PositiveIntegerField(_("minutes"))

    class Meta:
        verbose_name = _("work on a shift")
        verbose_name_plural = _("work on shifts")
        constraints = [
            models.UniqueConstraint(fields=["shift", "membership"], name="sharedroles_work_once"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=24 * 60), name="sharedroles_work_minutes_1_1440"
            ),
        ]


class Committee(TenantModel):
    """A group of residents, families and staff who decide something about the place."""

    name = models.CharField(_("name"), max_length=120)
    purpose = models.TextField(_("purpose"), blank=True)
    chair = models.ForeignKey(
        "communities.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    is_active = models.BooleanField(_("meeting"), default=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="sharedroles_committee_name_unique")]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(TenantModel):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey("communities.Membership", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["committee", "membership"], name="sharedroles_committee_member_once")
        ]


class CommitteeMeeting(TenantModel):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    held_at = models.DateTimeField(_("held"))
    duration_minutes = models.PositiveIntegerField(_("length (minutes)"))
    notes = models.TextField(_("notes"), blank=True)
    activity = models.ForeignKey("coproduction.Activity", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=24 * 60),
                name="sharedroles_meeting_minutes_1_1440",
            ),
        ]
        indexes = [models.Index(fields=["community", "held_at"])]


class CommitteeDecision(TenantModel):
    """A proposal a committee adopted or declined, in its own words."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Declined")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField(_("proposal"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["adopted", "declined"]), name="sharedroles_decision_outcome_valid"
            ),
        ]
