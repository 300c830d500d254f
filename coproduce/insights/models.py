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


# Rollups: running summaries of the activity record, kept so insights for a large community read thousands of
# rows instead of millions of contributions. They are derived data: `coproduce.insights.rollups` builds them
# from activities and contributions and can always rebuild them, and figures fall back to the activity record
# whenever they are not up to date. `scope` is the service's id, or 0 for the whole community.

SCOPE_COMMUNITY = 0


class RollupState(models.Model):
    """Whether a community's rollups can be trusted. `needs_rebuild` is set when the activity record changes
    in a way a rollup cannot follow (an activity or contribution edited or removed, a member's kind or the
    community's time zone changed); the next catch-up then rebuilds from scratch."""

    community = models.OneToOneField("communities.Community", on_delete=models.CASCADE, related_name="+")
    built_at = models.DateTimeField(null=True, blank=True)
    caught_up_at = models.DateTimeField(null=True, blank=True)
    needs_rebuild = models.BooleanField(default=True)
    # The newest activity taken in: a later one without a pending row was written around the services (a bulk
    # load), and only a rebuild can take it in.
    last_activity_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"rollups of {self.community_id}"


class PendingRollup(models.Model):
    """An activity recorded since the last catch-up, written in the same transaction as the activity, so no
    activity is ever missed whatever order concurrent transactions commit in."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey("coproduction.Activity", on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["community", "activity"])]

    def __str__(self) -> str:
        return f"activity {self.activity_id} waiting"


class DayFigures(models.Model):
    """Activities of one local day, kind, phase, participation step (0 for none) and exchange category, with
    the minutes in them by role and membership kind. "Contributed" minutes are those in any role but
    received; "doing" minutes are giving, or taking part in the deliver phase."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    scope = models.BigIntegerField()
    day = models.DateField()
    kind = models.CharField(max_length=30)
    phase = models.CharField(max_length=20)
    ladder_step = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=80)
    activities = models.BigIntegerField(default=0)
    mixed_crews = models.BigIntegerField(default=0)
    minutes_given = models.BigIntegerField(default=0)
    minutes_received = models.BigIntegerField(default=0)
    citizen_minutes = models.BigIntegerField(default=0)
    professional_minutes = models.BigIntegerField(default=0)
    citizen_facilitating = models.BigIntegerField(default=0)
    professional_facilitating = models.BigIntegerField(default=0)
    citizen_doing = models.BigIntegerField(default=0)
    professional_doing = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "scope", "day", "kind", "phase", "ladder_step", "category"],
                name="day_figures_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.scope} {self.day} {self.kind}"


class MemberStanding(models.Model):
    """One member's record in one scope: first and last times by role, and totals. "Active" roles (for first
    times) are gave, facilitated and decided; `last_contributed_at` is the last contribution in a role other
    than received that took any minutes."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    scope = models.BigIntegerField()
    membership_id = models.BigIntegerField()
    kind = models.CharField(max_length=20)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    last_gave_at = models.DateTimeField(null=True)
    last_received_at = models.DateTimeField(null=True)
    last_contributed_at = models.DateTimeField(null=True)
    first_received_at = models.DateTimeField(null=True)
    first_active_at = models.DateTimeField(null=True)
    contributions = models.BigIntegerField(default=0)
    minutes_contributed = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "scope", "membership_id"], name="member_standing_key")
        ]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.scope} member {self.membership_id}"


class PeerTie(models.Model):
    """Two citizens (low id first) who took part in the same activity: when they first and last did."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    scope = models.BigIntegerField()
    low = models.BigIntegerField()
    high = models.BigIntegerField()
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "scope", "low", "high"], name="peer_tie_key")]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.scope} {self.low}–{self.high}"


class HelpGiven(models.Model):
    """A member gave help to another in the same activity: when they last did."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    scope = models.BigIntegerField()
    giver = models.BigIntegerField()
    receiver = models.BigIntegerField()
    last_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "scope", "giver", "receiver"], name="help_given_key")
        ]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.scope} {self.giver}→{self.receiver}"


class DayCount(models.Model):
    """How many ties or help pairs have their first or last time on a local day (`measure` says which), so
    "how many were active since day D" is a sum over a few hundred rows."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    scope = models.BigIntegerField()
    measure = models.CharField(max_length=20)
    day = models.DateField()
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "scope", "measure", "day"], name="day_count_key")
        ]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.scope} {self.measure} {self.day}: {self.n}"


class TieForestEdge(models.Model):
    """An edge of the maximum spanning forest of peer ties weighted by when they were last active. For any
    day D, the citizens linked by ties active since D fall into the same groups as when linked by the forest's
    edges active since D alone, so the largest connected group needs at most one edge per citizen."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    scope = models.BigIntegerField()
    low = models.BigIntegerField()
    high = models.BigIntegerField()
    last_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "scope", "low", "high"], name="tie_forest_edge_key")
        ]
        indexes = [models.Index(fields=["community", "scope", "last_at"])]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.scope} {self.low}–{self.high}"
