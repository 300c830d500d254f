from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coproduce.coproduction.domain import ActivityKind, ContributionRole, LadderStep, Phase
from coproduce.core.models import TenantModel


class Service(TenantModel):
    """A public service or programme being co-produced inside a community."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="service_name_unique_in_community")]

    def __str__(self) -> str:
        return self.name


class Activity(TenantModel):
    """Something that happened in a service. Every workflow records its work as activities, and every
    insight is computed from them and their contributions."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    ladder_step = models.PositiveSmallIntegerField(_("participation step"), choices=LadderStep.choices, null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    occurred_at = models.DateTimeField(_("when"))
    location = models.CharField(_("where"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    category = models.CharField(_("category"), max_length=80, blank=True)
    source = models.CharField(
        _("recorded by module"), max_length=40, blank=True,
        help_text=_("The workflow that produced this activity; insights never depend on it."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(condition=Q(ladder_step__isnull=True) | Q(ladder_step__gte=1, ladder_step__lte=7),
                                   name="activity_ladder_step_1_to_7"),
        ]
        indexes = [
            models.Index(fields=["community", "occurred_at"]),
            models.Index(fields=["service", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class Contribution(TenantModel):
    """Who took part in an activity, in what role, and for how long (integer minutes)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="contributions")
    membership = models.ForeignKey("communities.Membership", on_delete=models.PROTECT, related_name="contributions")
    role = models.CharField(_("role"), max_length=20, choices=ContributionRole.choices)
    minutes = models.PositiveIntegerField(_("minutes"))

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(fields=["activity", "membership", "role"], name="contribution_once_per_role"),
            models.CheckConstraint(condition=Q(minutes__lte=24 * 60), name="contribution_at_most_a_day"),
        ]
        indexes = [
            models.Index(fields=["community", "membership"]),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.role} {self.minutes}m"
