from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coproduce.assessment.domain import Band, Perspective
from coproduce.coproduction.domain import Principle
from coproduce.core.models import TenantModel, TimeStamped


def _text_in(texts: dict, language: str | None = None) -> str:
    language = (language or translation.get_language() or "en").split("-")[0]
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


class Instrument(TimeStamped):
    """A published version of the questionnaire, shared by every community so results stay comparable.

    Shipped as data by a migration; its statements never change once published.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=150)

    class Meta:
        verbose_name = _("instrument")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Statement(models.Model):
    """A shipped statement with a stable code and mirrored wordings per perspective, in each language."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="statements")
    code = models.CharField(_("code"), max_length=40)
    principle = models.CharField(_("principle"), max_length=20, choices=Principle.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    # {"en": "...", "es": "..."}: translations stored alongside, chosen by the respondent's language.
    professional_texts = models.JSONField(_("wording for professionals"))
    user_texts = models.JSONField(_("wording for people who use the service"))

    class Meta:
        verbose_name = _("statement")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="assessment_statement_code_unique"),
            models.UniqueConstraint(fields=["instrument", "position"], name="assessment_statement_position_unique"),
        ]

    def __str__(self) -> str:
        return self.code

    def text_for(self, perspective: str, language: str | None = None) -> str:
        texts = self.professional_texts if perspective == Perspective.PROFESSIONAL else self.user_texts
        return _text_in(texts, language)


class CommunityStatement(TenantModel):
    """A statement a community adds for itself. Kept apart from the shipped instrument: shown in results
    in their own section and never counted in the comparable principle scores."""

    principle = models.CharField(_("principle"), max_length=20, choices=Principle.choices)
    professional_text = models.CharField(_("wording for professionals"), max_length=300)
    user_text = models.CharField(_("wording for people who use the service"), max_length=300)
    is_active = models.BooleanField(_("asked in new rounds"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("community statement")
        ordering = ["principle", "id"]

    def __str__(self) -> str:
        return self.professional_text

    @property
    def code(self) -> str:
        return f"C{self.pk}"

    def text_for(self, perspective: str, language: str | None = None) -> str:
        return self.professional_text if perspective == Perspective.PROFESSIONAL else self.user_text


class SuggestedStep(models.Model):
    """The default next step for a principle in a band, shipped as data in each language."""

    principle = models.CharField(_("principle"), max_length=20, choices=Principle.choices)
    band = models.CharField(_("band"), max_length=20, choices=Band.choices)
    texts = models.JSONField(_("text"))

    class Meta:
        verbose_name = _("suggested next step")
        constraints = [models.UniqueConstraint(fields=["principle", "band"], name="assessment_step_once_per_cell")]

    def __str__(self) -> str:
        return f"{self.principle}/{self.band}"

    def text(self, language: str | None = None) -> str:
        return _text_in(self.texts, language)


class NextStepOverride(TenantModel):
    """A community's own wording of the next step for a principle in a band, in place of the default."""

    principle = models.CharField(_("principle"), max_length=20, choices=Principle.choices)
    band = models.CharField(_("band"), max_length=20, choices=Band.choices)
    text = models.TextField(_("next step"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("next step for this community")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "principle", "band"], name="assessment_override_once_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principle}/{self.band}"


class Round(TenantModel):
    """One run of the assessment for a service, covering a period. Open rounds take answers; closed do not."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    service = models.ForeignKey("coproduction.Service", on_delete=models.PROTECT, related_name="assessment_rounds")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=150)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    community_statements = models.ManyToManyField(
        CommunityStatement, blank=True, through="RoundStatement", related_name="rounds"
    )

    class Meta:
        verbose_name = _("assessment round")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="assessment_round_period_order"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="assessment_round_closed_at_when_closed",
            ),
        ]
        indexes = [models.Index(fields=["community", "service", "period_end"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RoundStatement(TenantModel):
    """A community statement asked in a round, fixed when the round opens."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    community_statement = models.ForeignKey(CommunityStatement, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "round", "community_statement"], name="assessment_round_statement_once"
            ),
        ]


class Invitation(TenantModel):
    """A member asked to answer a round, in the wording of their perspective."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    membership = models.ForeignKey("communities.Membership", on_delete=models.PROTECT, related_name="+")
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "round", "membership"], name="assessment_invite_once_per_round"
            ),
        ]


class RoundLink(TenantModel):
    """A link for people without an account. In anonymous mode no name or contact detail is kept."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="links")
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    token = models.CharField(max_length=64, unique=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("response link")


class Response(TenantModel):
    """One person's answers to a round: a draft they can come back to, then final once submitted.

    A member answers at most once per round (database constraint). Link respondents have no membership;
    they come back through `resume_token`, and in anonymous mode nothing about who they are is stored.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    membership = models.ForeignKey(
        "communities.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    link = models.ForeignKey(RoundLink, null=True, blank=True, on_delete=models.PROTECT, related_name="responses")
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    respondent_name = models.CharField(_("name"), max_length=150, blank=True)
    resume_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "round", "membership"],
                condition=Q(membership__isnull=False),
                name="assessment_one_response_per_member_per_round",
            ),
            models.CheckConstraint(
                condition=Q(membership__isnull=False) | Q(link__isnull=False),
                name="assessment_response_has_member_or_link",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="assessment_response_submitted_at_when_submitted",
            ),
        ]
        indexes = [models.Index(fields=["round", "status", "perspective"])]

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(TenantModel):
    """One rating (1–5) or "don't know" for one statement, with optional evidence."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    community_statement = models.ForeignKey(
        CommunityStatement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    dont_know = models.BooleanField(_("don't know"), default=False)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("link to evidence"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("answer")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="assessment_answer_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(dont_know=True, rating__isnull=False), name="assessment_answer_rating_or_dont_know"
            ),
            models.CheckConstraint(
                condition=Q(statement__isnull=False, community_statement__isnull=True)
                | Q(statement__isnull=True, community_statement__isnull=False),
                name="assessment_answer_one_statement",
            ),
            models.UniqueConstraint(
                fields=["response", "statement"],
                condition=Q(statement__isnull=False),
                name="assessment_answer_once_per_statement",
            ),
            models.UniqueConstraint(
                fields=["response", "community_statement"],
                condition=Q(community_statement__isnull=False),
                name="assessment_answer_once_per_community_statement",
            ),
        ]

    @property
    def code(self) -> str:
        """The statement's code: a shipped code, or "C<id>" for a community statement."""
        if self.statement is not None:
            return self.statement.code
        return f"C{self.community_statement_id}"
