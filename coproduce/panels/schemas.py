import datetime as dt

from ninja import Field, Schema


class PanelSettingsIn(Schema):
    min_age: int | None = Field(None, ge=8, le=25)
    max_age: int | None = Field(None, ge=8, le=25)
    max_previous_offences: int | None = Field(None, ge=0, le=10)
    sentence_days: int | None = Field(None, ge=7, le=365)
    reminder_days: int | None = Field(None, ge=0, le=60)
    min_jurors: int | None = Field(None, ge=1, le=12)
    foreperson_min_juries: int | None = Field(None, ge=0, le=20)


class PanelSettingsOut(Schema):
    min_age: int
    max_age: int
    max_previous_offences: int
    sentence_days: int
    reminder_days: int
    min_jurors: int
    foreperson_min_juries: int


class ReferralIn(Schema):
    referral_source: str
    referrer_name: str = Field(..., max_length=150)
    referrer_email: str = Field("", max_length=254)
    organisation_id: int | None = None
    first_name: str = Field(..., max_length=80)
    last_name: str = Field(..., max_length=80)
    date_of_birth: dt.date
    address: str = Field("", max_length=1000)
    school: str = Field("", max_length=150)
    contact_phone: str = Field("", max_length=40)
    guardian_name: str = Field("", max_length=150)
    guardian_email: str = Field("", max_length=254)
    guardian_phone: str = Field("", max_length=40)
    offence_category: str
    offence_summary: str = Field("", max_length=5000)
    offence_date: dt.date | None = None
    previous_offences: int = Field(..., ge=0, le=99)
    offence_violent: bool
    responsibility_admitted: bool
    panel_question: str = Field("", max_length=2000)


class CaseSummaryOut(Schema):
    id: int
    number: int
    status: str
    first_name: str
    offence_category: str
    referral_source: str
    referred_at: dt.datetime
    hearing_id: int | None


class CaseOut(CaseSummaryOut):
    """Everything on a case: returned to coordinators only, and every call is logged."""

    status_reason: str
    referrer_name: str
    referrer_email: str
    organisation_id: int | None
    last_name: str
    date_of_birth: dt.date
    address: str
    school: str
    contact_phone: str
    guardian_name: str
    guardian_email: str
    guardian_phone: str
    offence_summary: str
    offence_date: dt.date | None
    previous_offences: int
    panel_question: str
    young_person_consent_on: dt.date | None
    guardian_consent_on: dt.date | None
    respondent_id: int | None
    closed_at: dt.datetime | None


class CaseEventOut(Schema):
    from_status: str
    to_status: str
    reason: str
    actor_id: int | None
    created_at: dt.datetime


class IntakeIn(Schema):
    young_person_consent: bool
    guardian_consent: bool
    guardian_name: str = Field("", max_length=150)
    consent_on: dt.date | None = None
    respondent_id: int | None = None
    panel_question: str = Field("", max_length=2000)


class PanelReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class ReinstateIn(PanelReasonIn):
    due_on: dt.date


class ScheduleIn(Schema):
    hearing_id: int


class SanctionIn(Schema):
    kind: str
    target: int = Field(1, ge=1, le=200)
    detail: str = Field("", max_length=300)


class SentenceIn(Schema):
    sanctions: list[SanctionIn] = Field(..., min_length=1, max_length=6)
    due_on: dt.date | None = None


class SanctionOut(Schema):
    id: int
    kind: str
    detail: str
    target: int
    done: int
    completed_at: dt.datetime | None


class SentenceOut(Schema):
    id: int
    case_id: int
    due_on: dt.date
    completed_at: dt.datetime | None
    sanctions: list[SanctionOut]


class ProgressIn(Schema):
    amount: int = Field(..., ge=1, le=200)
    note: str = Field("", max_length=300)


class NoteIn(Schema):
    note: str = Field("", max_length=300)


class ProgressOut(Schema):
    id: int
    sanction_id: int
    amount: int
    note: str
    hearing_id: int | None


class ReReferralIn(Schema):
    months: int
    outcome: str
    notes: str = Field("", max_length=2000)
    checked_on: dt.date | None = None


class ReReferralOut(Schema):
    id: int
    case_id: int
    months: int
    outcome: str
    checked_on: dt.date


class HearingIn(Schema):
    scheduled_for: dt.datetime
    presiding_id: int
    location: str = Field("", max_length=120)
    foreperson_id: int | None = None


class HearingOut(Schema):
    id: int
    scheduled_for: dt.datetime
    location: str
    presiding_id: int
    foreperson_id: int | None
    status: str
    duration_minutes: int | None
    activity_id: int | None


class PanelMemberIn(Schema):
    membership_id: int


class JurorOut(Schema):
    membership_id: int
    name: str = Field(..., alias="membership.display_name")
    attended: bool | None


class HearingRecordIn(Schema):
    duration_minutes: int = Field(..., ge=1, le=1440)
    attended_juror_ids: list[int] = Field(..., max_length=30)
    heard_case_ids: list[int] = Field(..., min_length=1, max_length=30)
    notes: str = Field("", max_length=5000)


class PanelCreditsOut(Schema):
    credits: int


class BriefCaseOut(Schema):
    reference: str
    first_name: str
    offence: str
    panel_question: str


class HearingBriefOut(Schema):
    """What a juror sees: no surname, address, school or contact details."""

    hearing_id: int
    scheduled_for: dt.datetime
    location: str
    presiding: str
    foreperson: str
    jurors: list[str]
    cases: list[BriefCaseOut]


class HistoryItemOut(Schema):
    when: dt.datetime
    role: str
    label: str


class HistoryOut(Schema):
    membership_id: int
    name: str
    stage: str
    trained: bool
    juries_served: int
    items: list[HistoryItemOut]


class OverdueOut(Schema):
    case_id: int
    reference: str = Field(..., alias="case.reference")
    due_on: dt.date
    escalated_on: dt.date | None


class CheckDueOut(Schema):
    case_id: int
    months: int
    due_on: dt.date


class OutcomesOut(Schema):
    completed: int
    returned: int
    checks: dict[int, dict[str, int]]
    reoffending_rate_6: float | None
    reoffending_rate_12: float | None
    respondents: int
    became_jurors: int
    became_forepersons: int


class AccessOut(Schema):
    id: int
    case_id: int | None
    user_id: int | None
    channel: str
    what: str
    created_at: dt.datetime
