from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel


class InsightSnapshot(TenantModel):
    """Figures computed for one community (or one of its services) and one period, kept so pages read
    them instead of recomputing. `stale_since` is set when new activity lands that could change them and
    cleared when a refresh picks them up; `requested_at` says when someone last asked for them, so only
    figures people look at are kept fresh."""

    service = models.ForeignKey(
        "coproduction.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("until"))
    computed_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    stale_since = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("insight snapshot")
        verbose_name_plural = _("insight snapshots")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gt=F("period_start")), name="insight_period_forward"),
            models.UniqueConstraint(
                fields=["community", "period_start", "period_end"],
                condition=Q(service__isnull=True),
                name="insight_one_per_community_period",
            ),
            models.UniqueConstraint(
                fields=["community", "service", "period_start", "period_end"],
                condition=Q(service__isnull=False),
                name="insight_one_per_service_period",
            ),
        ]
        indexes = [models.Index(fields=["community", "stale_since"])]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.service_id or '*'} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"
