from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel


class CourtSettings(TenantModel):
    """Who the court can hear and how it runs. Eligibility is configurable because courts differ."""

    min_age = models.PositiveSmallIntegerField(_("youngest age heard"), default=11)
    max_age = models.PositiveSmallIntegerField(_("oldest age heard"), default=17)
    max_previous_offences = models.PositiveSmallIntegerField(
        _("previous offences allowed"), default=1, help_text=_("1 means first and second offences.")
    )
    sentence_days = models.PositiveSmallIntegerField(_("days to complete a sentence"), default=90)
    reminder_days = models.PositiveSmallIntegerField(_("remind this many days before the due date"), default=7)
    min_jurors = models.PositiveSmallIntegerField(_("jurors needed for a hearing"), default=3)
    foreperson_min_juries = models.PositiveSmallIntegerField(
        _("juries served before leading one"),
        default=2,
        help_text=_("How many hearings someone sits on as a juror before they can be foreperson."),
    )

    class Meta:
        verbose_name = _("court settings")
        verbose_name_plural = _("court settings")
        constraints = [
            models.UniqueConstraint(fields=["community"], name="panels_settings_one_per_community"),
            models.CheckConstraint(condition=Q(min_age__lte=F("max_age")), name="panels_settings_age_range"),
            models.CheckConstraint(condition=Q(min_age__gte=8, max_age__lte=25), name="panels_settings_ages_8_25"),
            models.CheckConstraint(
                condition=Q(sentence_days__gte=7, sentence_days__lte=365), name="panels_settings_sentence_days"
            ),
            models.CheckConstraint(condition=Q(min_jurors__gte=1, min_jurors__lte=12), name="panels_settings_jurors"),
        ]


class CaseStatus(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    INTAKE = "intake", _("Intake")
    HEARING_SCHEDULED = "hearing_scheduled", _("Hearing scheduled")
    HEARD = "heard", _("Heard")
    SENTENCE_ACTIVE = "sentence_active", _("Sentence active")
    COMPLETED = "completed", _("Completed")
    NON_COMPLIANT = "non_compliant", _("Not complying")
    RETURNED = "returned", _("Returned to the referrer")


# Every allowed move of a case; anything else is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.REFERRAL: frozenset({CaseStatus.INTAKE, CaseStatus.RETURNED}),
    CaseStatus.INTAKE: frozenset({CaseStatus.HEARING_SCHEDULED, CaseStatus.RETURNED}),
    CaseStatus.HEARING_SCHEDULED: frozenset({CaseStatus.HEARD, CaseStatus.INTAKE, CaseStatus.RETURNED}),
    CaseStatus.HEARD: frozenset({CaseStatus.SENTENCE_ACTIVE}),
    CaseStatus.SENTENCE_ACTIVE: frozenset({CaseStatus.COMPLETED, CaseStatus.NON_COMPLIANT}),
    CaseStatus.NON_COMPLIANT: frozenset({CaseStatus.SENTENCE_ACTIVE, CaseStatus.RETURNED}),
    CaseStatus.COMPLETED: frozenset(),
    CaseStatus.RETURNED: frozenset(),
}
# A respondent whose case reached one of these has stood before the court: they may sit on a jury once trained.
HEARD_STATUSES = (CaseStatus.HEARD, CaseStatus.SENTENCE_ACTIVE, CaseStatus.COMPLETED)


class ReferralSource(models.TextChoices):
    SCHOOL = "school", _("School")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class OffenceCategory(models.TextChoices):
    THEFT = "theft", _("Theft or shoplifting")
    DAMAGE = "damage", _("Criminal damage or graffiti")
    DISORDER = "disorder", _("Disorderly behaviour")
    TRUANCY = "truancy", _("Truancy")
    POSSESSION = "possession", _("Possession of a banned substance")
    TRESPASS = "trespass", _("Trespass")
    FARE_EVASION = "fare_evasion", _("Fare evasion")
    OTHER = "other", _("Other")


class Hearing(TenantModel):
    """A sitting of the court: an adult presides, a young foreperson leads the questioning, and a jury of
    former respondents decides the sentences."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    scheduled_for = models.DateTimeField(_("when"))
    location = models.CharField(_("where"), max_length=120, blank=True)
    presiding = models.ForeignKey(
        "communities.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("presiding adult")
    )
    foreperson = models.ForeignKey(
        "communities.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("foreperson"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    duration_minutes = models.PositiveIntegerField(_("length (minutes)"), null=True, blank=True)
    held_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    activity = models.ForeignKey(
        "coproduction.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | Q(activity__isnull=False, duration_minutes__isnull=False),
                name="panels_held_hearing_has_activity",
            ),
            models.CheckConstraint(
                condition=Q(foreperson__isnull=True) | ~Q(foreperson=F("presiding")),
                name="panels_foreperson_not_presiding",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1, duration_minutes__lte=24 * 60),
                name="panels_hearing_minutes_1_1440",
            ),
        ]
        indexes = [models.Index(fields=["community", "scheduled_for"])]

    def __str__(self) -> str:
        return f"{self.scheduled_for:%Y-%m-%d %H:%M}"


class HearingJuror(TenantModel):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="jurors")
    membership = models.ForeignKey("communities.Membership", on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [models.UniqueConstraint(fields=["hearing", "membership"], name="panels_juror_once_per_hearing")]


class Case(TenantModel):
    """A young person's case, from referral to completion or return. Holds sensitive details: only the
    court's coordinators read it, and every read is logged (CaseAccess)."""

    number = models.PositiveIntegerField(_("case number"))
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REFERRAL)
    status_reason = models.TextField(_("reason for the last change"), blank=True)
    referral_source = models.CharField(_("referred by"), max_length=20, choices=ReferralSource.choices)
    referrer_name = models.CharField(_("referrer's name"), max_length=150)
    referrer_email = models.EmailField(_("referrer's email"), blank=True)
    organisation = models.ForeignKey(
        "communities.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referring organisation"),
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    date_of_birth = models.DateField(_("date of birth"))
    address = models.TextField(_("address"), blank=True)
    school = models.CharField(_("school"), max_length=150, blank=True)
    contact_phone = models.CharField(_("young person's phone"), max_length=40, blank=True)
    guardian_name = models.CharField(_("parent or guardian"), max_length=150, blank=True)
    guardian_email = models.EmailField(_("parent or guardian's email"), blank=True)
    guardian_phone = models.CharField(_("parent or guardian's phone"), max_length=40, blank=True)
    offence_category = models.CharField(_("offence"), max_length=20, choices=OffenceCategory.choices)
    offence_summary = models.TextField(_("what happened"), blank=True)
    offence_date = models.DateField(_("date of the offence"), null=True, blank=True)
    previous_offences = models.PositiveSmallIntegerField(_("previous offences"), default=0)
    offence_violent = models.BooleanField(_("the offence involved violence or a weapon"), default=False)
    responsibility_admitted = models.BooleanField(_("the young person admits responsibility"), default=False)
    panel_question = models.TextField(_("what the panel must decide"), blank=True)
    young_person_consent_on = models.DateField(_("young person consented on"), null=True, blank=True)
    guardian_consent_on = models.DateField(_("parent or guardian consented on"), null=True, blank=True)
    respondent = models.ForeignKey(
        "communities.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("respondent"),
    )
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    referred_at = models.DateTimeField(_("referred"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="panels_case_number_unique"),
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="panels_case_status_valid"),
            # No case goes beyond referral without both consents and a respondent to hear.
            models.CheckConstraint(
                condition=Q(status__in=["referral", "returned"])
                | Q(young_person_consent_on__isnull=False, guardian_consent_on__isnull=False, respondent__isnull=False),
                name="panels_case_consent_before_intake",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["referral", "intake", "returned"]) | Q(hearing__isnull=False),
                name="panels_case_hearing_after_intake",
            ),
            models.CheckConstraint(
                condition=Q(offence_violent=False, responsibility_admitted=True) | Q(status="returned"),
                name="panels_case_eligible_offence",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def reference(self) -> str:
        return f"#{self.number:04d}"


class CaseEvent(TenantModel):
    """One change of a case's status: who made it, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=CaseStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]


class CaseAccess(TenantModel):
    """Who looked at which case, when and through what. Append-only; admins read it."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Web page")
        API = "api", _("API")

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    membership = models.ForeignKey("communities.Membership", null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("through"), max_length=10, choices=Channel.choices)
    what = models.CharField(_("what"), max_length=80)

    class Meta:
        verbose_name = _("case access")
        verbose_name_plural = _("case accesses")
        indexes = [models.Index(fields=["community", "-created_at"])]


class Sentence(TenantModel):
    """What the jury decided: sanctions to complete by a due date. Jury duty is part of every sentence."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="sentence")
    due_on = models.DateField(_("due"))
    reminded_on = models.DateField(_("reminder sent"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("sentence")
        verbose_name_plural = _("sentences")
        indexes = [models.Index(fields=["community", "due_on"])]


class SanctionKind(models.TextChoices):
    JURY_DUTY = "jury_duty", _("Jury duty")
    COMMUNITY_SERVICE = "community_service", _("Community service")
    APOLOGY = "apology", _("Apology")
    ESSAY = "essay", _("Essay")
    CLASS = "class", _("Class or workshop")
    RESTITUTION = "restitution", _("Restitution")


class Sanction(TenantModel):
    """One part of a sentence with a target (jury terms, community service hours, or 1 for a single task)
    and the progress made towards it. Complete when `done` reaches `target`."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(_("kind"), max_length=20, choices=SanctionKind.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    target = models.PositiveSmallIntegerField(_("target"))
    done = models.PositiveSmallIntegerField(_("done"), default=0)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=1, target__lte=200), name="panels_sanction_target_1_200"),
            models.CheckConstraint(condition=Q(done__lte=F("target")), name="panels_sanction_done_within_target"),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True, done__lt=F("target"))
                | Q(completed_at__isnull=False, done=F("target")),
                name="panels_sanction_complete_when_done",
            ),
            models.UniqueConstraint(fields=["sentence", "kind"], name="panels_sanction_kind_once_per_sentence"),
        ]

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class SanctionProgress(TenantModel):
    """A step towards a sanction: an essay handed in, three hours of service, a jury term served."""

    sanction = models.ForeignKey(Sanction, on_delete=models.CASCADE, related_name="progress")
    amount = models.PositiveSmallIntegerField(_("amount"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("progress on a sanction")
        verbose_name_plural = _("progress on sanctions")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=1), name="panels_progress_positive"),
            # A jury term served at a hearing counts once.
            models.UniqueConstraint(
                fields=["sanction", "hearing"],
                condition=Q(hearing__isnull=False),
                name="panels_progress_once_per_hearing",
            ),
        ]


class ReReferralCheck(TenantModel):
    """Whether the young person was referred again, 6 or 12 months after completing: for outcome reporting."""

    class Outcome(models.TextChoices):
        YES = "yes", _("Re-offended")
        NO = "no", _("Did not re-offend")
        UNKNOWN = "unknown", _("Not known")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rereferral_checks")
    months = models.PositiveSmallIntegerField(_("months after completion"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    checked_on = models.DateField(_("checked on"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("re-referral check")
        verbose_name_plural = _("re-referral checks")
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="panels_rereferral_once_per_period"),
            models.CheckConstraint(condition=Q(months__in=[6, 12]), name="panels_rereferral_6_or_12"),
            models.CheckConstraint(condition=Q(outcome__in=["yes", "no", "unknown"]), name="panels_rereferral_outcome"),
        ]
