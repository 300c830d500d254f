import datetime as dt

from ninja import Field, Schema


class StatementOut(Schema):
    code: str
    principle: str
    position: int
    professional_texts: dict[str, str]
    user_texts: dict[str, str]


class InstrumentOut(Schema):
    version: int
    title: str
    statements: list[StatementOut]


class RoundIn(Schema):
    service_id: int
    title: str = Field(..., min_length=1, max_length=150)
    period_start: dt.date
    period_end: dt.date


class RoundOut(Schema):
    id: int
    service_id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    status: str
    instrument_version: int = Field(..., alias="instrument.version")


class PerspectiveStatusOut(Schema):
    perspective: str
    invited: int
    started: int
    submitted: int
    by_link: int
    rate: int | None


class InvitationsIn(Schema):
    membership_ids: list[int] = Field(default_factory=list, max_length=5000)
    kinds: list[str] = Field(default_factory=list, max_length=2)


class InvitationsOut(Schema):
    invited: int


class LinkIn(Schema):
    perspective: str
    anonymous: bool = True


class LinkOut(Schema):
    id: int
    perspective: str
    anonymous: bool
    token: str


class AnswerIn(Schema):
    code: str = Field(..., max_length=40)
    rating: int | None = Field(None, ge=1, le=5)
    dont_know: bool = False
    evidence_text: str = Field("", max_length=2000)
    evidence_url: str = Field("", max_length=500)


class AnswersIn(Schema):
    answers: list[AnswerIn] = Field(default_factory=list, max_length=200)
    language: str | None = None


class AnswerOut(Schema):
    code: str
    rating: int | None
    dont_know: bool
    evidence_text: str
    evidence_url: str


class ResponseOut(Schema):
    id: int
    round_id: int
    perspective: str
    language: str
    status: str
    submitted_at: dt.datetime | None
    answers: list[AnswerOut]


class ScoreOut(Schema):
    respondents: int
    hidden: bool
    score: int | None
    band: str | None


class IndicatorOut(Schema):
    label: str
    value: str


class PrincipleResultOut(Schema):
    principle: str
    professional: ScoreOut
    user: ScoreOut
    gap: int | None
    flagged: bool
    indicators: list[IndicatorOut] | None
    next_step: str
    evidence_count: int


class ResultsOut(Schema):
    round_id: int
    respondents: dict[str, int]
    minimum_group_size: int
    self_reported_only: bool
    principles: list[PrincipleResultOut]
