"""Family link-ups: households, their people and experiences, link-ups with a coach, goals and check-ins.

After TACSI's Family by Family: families who have come through tough times ("sharing") are trained and linked
with families going through them ("seeking") for about 10, 20 or 30 weeks; the seeking family sets its own goals
and a coach supports both.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel

PLANNED_WEEKS = (10, 20, 30)
MAX_TOTAL_WEEKS = 52


class Theme(models.TextChoices):
    """A small fixed list, so goals in a family's own words can still be counted for reporting."""

    ROUTINES = "routines", _("Routines")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health")
    MONEY = "money", _("Money")
    RELATIONSHIPS = "relationships", _("Relationships")
    CONFIDENCE = "confidence", _("Confidence")
    COMMUNITY = "community", _("Community connection")


class Availability(models.TextChoices):
    WEEKDAY_MORNINGS = "weekday_mornings", _("Weekday mornings")
    WEEKDAY_AFTERNOONS = "weekday_afternoons", _("Weekday afternoons")
    WEEKDAY_EVENINGS = "weekday_evenings", _("Weekday evenings")
    WEEKENDS = "weekends", _("Weekends")


class HouseholdRole(models.TextChoices):
    SEEKING = "seeking", _("Seeking support")
    SHARING = "sharing", _("Sharing family")
    BOTH = "both", _("Both seeking and sharing")
    PAUSED = "paused", _("Not taking part at the moment")


SEEKING_ROLES = (HouseholdRole.SEEKING, HouseholdRole.BOTH)
SHARING_ROLES = (HouseholdRole.SHARING, HouseholdRole.BOTH)


class Household(TenantModel):
    """A family taking part in the programme. Its details are sensitive: only the programme's staff and the
    household's own members see them."""

    name = models.CharField(_("family name"), max_length=120)
    role = models.CharField(_("taking part as"), max_length=20, choices=HouseholdRole.choices)
    role_since = models.DateField(_("since"))
    languages = models.JSONField(_("languages spoken at home"), default=list, blank=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=120, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    availability = models.JSONField(_("when they are free"), default=list, blank=True)
    sharing_capacity = models.PositiveSmallIntegerField(
        _("link-ups at a time"),
        default=1,
        help_text=_("How many seeking families a sharing family supports at once."),
    )
    about = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=HouseholdRole.values), name="linkups_household_role_valid"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180)),
                name="linkups_household_location_pair",
            ),
            models.CheckConstraint(
                condition=Q(sharing_capacity__gte=1, sharing_capacity__lte=5), name="linkups_household_capacity_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["community", "role"])]

    def __str__(self) -> str:
        return self.name

    @property
    def availability_display(self) -> list[str]:
        labels = dict(Availability.choices)
        return [str(labels.get(slot, slot)) for slot in self.availability]

    @property
    def is_seeking(self) -> bool:
        return self.role in SEEKING_ROLES

    @property
    def is_sharing(self) -> bool:
        return self.role in SHARING_ROLES


class HouseholdMember(TenantModel):
    """An adult or child in a household. Adults taking part are community members, so their checks can be recorded
    and their time counted; children are recorded with a birth year only."""

    class Kind(models.TextChoices):
        ADULT = "adult", _("Adult")
        CHILD = "child", _("Child")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("adult or child"), max_length=10, choices=Kind.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    membership = models.ForeignKey(
        "communities.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="household_places",
        verbose_name=_("community member"),
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["adult", "child"]), name="linkups_member_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="adult") | Q(birth_year__isnull=False), name="linkups_child_has_birth_year"
            ),
            models.UniqueConstraint(
                fields=["community", "membership"],
                condition=Q(membership__isnull=False),
                name="linkups_member_in_one_household",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def age_on(self, day: dt.date) -> int | None:
        return None if self.birth_year is None else max(0, day.year - self.birth_year)


class HouseholdExperience(TenantModel):
    """Something a household has been through (lived experience) or is good at (a strength), in its own words and
    tagged with a theme, so a seeking family's goals can be matched with it."""

    class Kind(models.TextChoices):
        LIVED_EXPERIENCE = "lived_experience", _("Something we have been through")
        SKILL = "skill", _("Something we are good at")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="experiences")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    description = models.CharField(_("in their words"), max_length=200)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        constraints = [
            models.CheckConstraint(condition=Q(theme__in=Theme.values), name="linkups_experience_theme_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=["lived_experience", "skill"]), name="linkups_experience_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class HouseholdRoleChange(TenantModel):
    """The household's part in the programme over time; a family that sought support may later share it."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="role_history")
    role = models.CharField(_("taking part as"), max_length=20, choices=HouseholdRole.choices)
    started_on = models.DateField(_("from"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("change of role")
        verbose_name_plural = _("changes of role")
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=HouseholdRole.values), name="linkups_role_change_valid")
        ]


class ProgrammeSettings(TenantModel):
    """Per-community settings of the programme (one row per community, created on first use)."""

    coach_sharing_capacity = models.PositiveSmallIntegerField(
        _("sharing families per coach"),
        default=15,
        help_text=_("A coach supports about 15 sharing families at a time."),
    )
    coach_seeking_capacity = models.PositiveSmallIntegerField(
        _("seeking families per coach"),
        default=40,
        help_text=_("A coach supports about 40 seeking families at a time."),
    )
    require_reference = models.BooleanField(
        _("sharing adults also need a reference"),
        default=False,
        help_text=_("Training and a background check are always needed."),
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("furthest distance worth suggesting (km)"),
        default=10,
    )

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")
        constraints = [
            models.UniqueConstraint(fields=["community"], name="linkups_settings_one_per_community"),
            models.CheckConstraint(
                condition=Q(coach_sharing_capacity__gte=1)
                & Q(coach_seeking_capacity__gte=1)
                & Q(max_distance_km__gte=1),
                name="linkups_settings_positive",
            ),
        ]


class LinkUp(TenantModel):
    """A seeking household, a sharing household and a coach, for a planned 10, 20 or 30 weeks."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    seeking = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="linkups_seeking", verbose_name=_("seeking family")
    )
    sharing = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="linkups_sharing", verbose_name=_("sharing family")
    )
    coach = models.ForeignKey(
        "communities.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("coach")
    )
    planned_weeks = models.PositiveSmallIntegerField(_("planned weeks"))
    extra_weeks = models.PositiveSmallIntegerField(_("weeks added"), default=0)
    starts_on = models.DateField(_("starts on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("link-up")
        verbose_name_plural = _("link-ups")
        constraints = [
            models.CheckConstraint(condition=~Q(seeking=F("sharing")), name="linkups_linkup_two_households"),
            models.CheckConstraint(condition=Q(planned_weeks__in=PLANNED_WEEKS), name="linkups_linkup_planned_weeks"),
            models.CheckConstraint(
                condition=Q(status__in=["active", "completed", "ended_early"]), name="linkups_linkup_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status="active") & Q(ended_on__isnull=True))
                | (~Q(status="active") & Q(ended_on__isnull=False) & Q(ended_on__gte=F("starts_on"))),
                name="linkups_linkup_ended_when_finished",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | ~Q(end_reason=""), name="linkups_linkup_early_end_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(planned_weeks__lte=MAX_TOTAL_WEEKS - F("extra_weeks")), name="linkups_linkup_at_most_a_year"
            ),
            models.UniqueConstraint(
                fields=["community", "seeking"],
                condition=Q(status="active"),
                name="linkups_one_active_linkup_per_seeking_family",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return f"{self.seeking} – {self.sharing}"

    @property
    def total_weeks(self) -> int:
        return self.planned_weeks + self.extra_weeks

    @property
    def planned_end(self) -> dt.date:
        return self.starts_on + dt.timedelta(weeks=self.total_weeks)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class LinkUpConsent(TenantModel):
    """Who in a household agreed to the link-up, and when. Both households consent before a link-up starts."""

    linkup = models.ForeignKey(LinkUp, on_delete=models.CASCADE, related_name="consents")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    given_by = models.ForeignKey(
        HouseholdMember, on_delete=models.PROTECT, related_name="consents", verbose_name=_("who agreed")
    )
    given_on = models.DateField(_("agreed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["linkup", "household"], name="linkups_consent_once_per_household")
        ]


class Goal(TenantModel):
    """A goal the seeking family wrote in its own words; themes are tags for reporting only."""

    class Status(models.TextChoices):
        OPEN = "open", _("Working on it")
        MET = "met", _("Met")
        SET_ASIDE = "set_aside", _("Set aside")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="goals")
    linkup = models.ForeignKey(LinkUp, null=True, blank=True, on_delete=models.PROTECT, related_name="goals")
    text = models.TextField(_("the goal, in the family's words"))
    themes = models.JSONField(_("themes"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("met or set aside on"), null=True, blank=True)
    set_in_activity = models.ForeignKey(
        "coproduction.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "met", "set_aside"]), name="linkups_goal_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(closed_on__isnull=True))
                | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="linkups_goal_closed_when_not_open",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def themes_display(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(theme, theme)) for theme in self.themes]


class CheckIn(TenantModel):
    """A session of a link-up, where the seeking family rates its progress on each goal."""

    linkup = models.ForeignKey(LinkUp, on_delete=models.PROTECT, related_name="checkins")
    occurred_at = models.DateTimeField(_("when"))
    minutes = models.PositiveIntegerField(_("minutes"))
    notes = models.TextField(_("notes"), blank=True)
    activity = models.OneToOneField("coproduction.Activity", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["occurred_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=24 * 60), name="linkups_checkin_minutes_in_a_day"
            )
        ]


class GoalRating(TenantModel):
    """How far the family feels it has come on a goal, from 0 (not started) to 10 (there)."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="ratings")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(_("progress (0 to 10)"))

    class Meta:
        verbose_name = _("progress rating")
        verbose_name_plural = _("progress ratings")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=10), name="linkups_rating_0_to_10"),
            models.UniqueConstraint(fields=["checkin", "goal"], name="linkups_rating_once_per_checkin"),
        ]
