import hashlib
import secrets
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel, TimeStamped

TIMEZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str | None = None, password: str | None = None, **extra):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Members without email or a computer have no email and an unusable password;
    a coordinator acts for them (broker mode)."""

    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email or f"#{self.pk}"

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class Community(TimeStamped):
    """The tenant: a time bank, a family programme, a youth court, a care home..."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, choices=TIMEZONE_CHOICES, default="Europe/London")
    locale = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    hour_value = models.DecimalField(
        _("value of one hour"), max_digits=8, decimal_places=2, default=Decimal("15.00"),
        help_text=_("Money value of one hour of help, used in funder reports."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="GBP")
    # Ledger defaults for new accounts (integer minutes); 12 hours below zero lets a first exchange succeed.
    default_floor_minutes = models.IntegerField(_("default lowest balance (minutes)"), default=-12 * 60)
    default_ceiling_minutes = models.IntegerField(_("default highest balance (minutes)"), default=200 * 60)
    default_soft_floor_minutes = models.IntegerField(_("warn below (minutes)"), default=-8 * 60)
    default_soft_ceiling_minutes = models.IntegerField(_("warn above (minutes)"), default=100 * 60)
    application_stale_days = models.PositiveIntegerField(_("days before an application is overdue"), default=7)
    exchange_autoconfirm_days = models.PositiveIntegerField(_("days before a recorded exchange confirms itself"), default=14)
    is_open_for_applications = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                condition=Q(default_floor_minutes__lte=0) & Q(default_ceiling_minutes__gte=0),
                name="community_default_limits_span_zero",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TenantModel):
    """A person in a community: whether they use services (citizen) or work in them (professional),
    what they may do (role) and where they stand (status)."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Person using services, family member or neighbour")
        PROFESSIONAL = "professional", _("Professional (staff, coach, commissioner)")

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")
        ADMIN = "admin", _("Administrator")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    member_number = models.PositiveIntegerField(_("member number"))
    is_brokered = models.BooleanField(
        _("a coordinator acts for this member"), default=False,
        help_text=_("For members with no email or no computer."),
    )
    application_message = models.TextField(_("why you would like to join"), blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    bio = models.TextField(_("about me"), blank=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=120, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="membership_one_per_user_per_community"),
            models.UniqueConstraint(fields=["community", "member_number"], name="membership_number_unique_in_community"),
        ]
        indexes = [models.Index(fields=["community", "status", "kind"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.community_id}#{self.member_number})"

    @property
    def display_name(self) -> str:
        return str(self.user)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.role in (self.Role.COORDINATOR, self.Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == self.Role.ADMIN

    @property
    def is_professional(self) -> bool:
        return self.kind == self.Kind.PROFESSIONAL


class Organisation(TenantModel):
    """A partner agency inside a community (a health centre, a school); it can hold hours."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="organisation_name_unique_in_community")]

    def __str__(self) -> str:
        return self.name


class Asset(TenantModel):
    """Something a member brings: a skill, lived experience, an interest, a resource to share."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill")
        LIVED_EXPERIENCE = "lived_experience", _("Lived experience")
        INTEREST = "interest", _("Interest")
        RESOURCE = "resource", _("Resource I can share")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        indexes = [models.Index(fields=["community", "kind"])]

    def __str__(self) -> str:
        return self.title


class Check(TenantModel):
    """Vetting: a reference, a background check or training, with its status and expiry."""

    class Kind(models.TextChoices):
        REFERENCE = "reference", _("Reference")
        BACKGROUND = "background", _("Background check")
        TRAINING = "training", _("Training")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    title = models.CharField(_("description"), max_length=150, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(checked_on__isnull=True) | Q(expires_on__gte=models.F("checked_on")),
                name="check_expires_after_checked",
            )
        ]
        indexes = [models.Index(fields=["community", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.membership}"

    def is_valid_on(self, day) -> bool:
        return self.status == self.Status.PASSED and (self.expires_on is None or self.expires_on >= day)


class PersonalAccessToken(TimeStamped):
    """A bearer token for the API. Only a hash is stored; the token is shown once, when created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("personal access token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "cpt_" + secrets.token_urlsafe(32)
