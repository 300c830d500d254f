import datetime as dt

from ninja import Field, Schema


class AssessmentStatementOut(Schema):
    code: str
    principle: str
    position: int
    professional_texts: dict[str, str]
    user_texts: dict[str, str]


class AssessmentInstrumentOut(Schema):
    version: int
    title: str
    statements: list[AssessmentStatementOut]


class AssessmentRoundIn(Schema):
    service_id: int
    title: str = Field(..., min_length=1, max_length=150)
    period_start: dt.date
    period_end: dt.date


class AssessmentRoundOut(Schema):
    id: int
    service_id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    status: str
    instrument_version: int = Field(..., alias="instrument.version")


class AssessmentPerspectiveStatusOut(Schema):
    perspective: str
    invited: int
    started: int
    submitted: int
    by_link: int
    rate: int | None


class AssessmentInvitationsIn(Schema):
    membership_ids: list[int] = Field(default_factory=list, max_length=5000)
    kinds: list[str] = Field(default_factory=list, max_length=2)


class AssessmentInvitationsOut(Schema):
    invited: int


class AssessmentLinkIn(Schema):
    perspective: str
    anonymous: bool = True


class AssessmentLinkOut(Schema):
    id: int
    perspective: str
    anonymous: bool
    token: str


class AssessmentAnswerIn(Schema):
    code: str = Field(..., max_length=40)
    rating: int | None = Field(None, ge=1, le=5)
    dont_know: bool = False
    evidence_text: str = Field("", max_length=2000)
    evidence_url: str = Field("", max_length=500)


class AssessmentAnswersIn(Schema):
    answers: list[AssessmentAnswerIn] = Field(default_factory=list, max_length=200)
    language: str | None = None


class AssessmentAnswerOut(Schema):
    code: str
    rating: int | None
    dont_know: bool
    evidence_text: str
    evidence_url: str


class AssessmentResponseOut(Schema):
    id: int
    round_id: int
    perspective: str
    language: str
    status: str
    submitted_at: dt.datetime | None
    answers: list[AssessmentAnswerOut]


class AssessmentScoreOut(Schema):
    respondents: int
    hidden: bool
    score: int | None
    band: str | None


class AssessmentIndicatorOut(Schema):
    label: str
    value: str


class AssessmentPrincipleResultOut(Schema):
    principle: str
    professional: AssessmentScoreOut
    user: AssessmentScoreOut
    gap: int | None
    flagged: bool
    indicators: list[AssessmentIndicatorOut] | None
    next_step: str
    evidence_count: int


class AssessmentResultsOut(Schema):
    round_id: int
    respondents: dict[str, int]
    minimum_group_size: int
    self_reported_only: bool
    principles: list[AssessmentPrincipleResultOut]
