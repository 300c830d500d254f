import datetime as dt

from ninja import Field, Schema


class HouseholdIn(Schema):
    name: str = Field(..., max_length=120)
    role: str
    role_since: dt.date | None = None
    languages: list[str] = Field(default_factory=list, max_length=10)
    neighbourhood: str = Field("", max_length=120)
    latitude: float | None = None
    longitude: float | None = None
    availability: list[str] = Field(default_factory=list, max_length=4)
    sharing_capacity: int = 1
    about: str = Field("", max_length=5000)


class HouseholdPatch(Schema):
    name: str | None = Field(None, max_length=120)
    languages: list[str] | None = Field(None, max_length=10)
    neighbourhood: str | None = Field(None, max_length=120)
    latitude: float | None = None
    longitude: float | None = None
    availability: list[str] | None = Field(None, max_length=4)
    sharing_capacity: int | None = None
    about: str | None = Field(None, max_length=5000)


class HouseholdOut(Schema):
    id: int
    name: str
    role: str
    role_since: dt.date
    languages: list[str]
    neighbourhood: str
    latitude: float | None
    longitude: float | None
    availability: list[str]
    sharing_capacity: int


class HouseholdPersonIn(Schema):
    kind: str
    name: str = Field("", max_length=150)
    birth_year: int | None = None
    age: int | None = None
    membership_id: int | None = None


class HouseholdPersonOut(Schema):
    id: int
    household_id: int
    name: str
    kind: str
    birth_year: int | None
    membership_id: int | None


class HouseholdExperienceIn(Schema):
    kind: str
    theme: str
    description: str = Field(..., max_length=200)


class HouseholdExperienceOut(Schema):
    id: int
    kind: str
    theme: str
    description: str


class HouseholdRoleIn(Schema):
    role: str
    on: dt.date | None = None
    note: str = Field("", max_length=300)


class HouseholdRoleChangeOut(Schema):
    role: str
    started_on: dt.date
    note: str


class HouseholdDetailOut(HouseholdOut):
    people: list[HouseholdPersonOut]
    experiences: list[HouseholdExperienceOut]
    role_history: list[HouseholdRoleChangeOut]


class HouseholdCheckIn(Schema):
    person_id: int
    kind: str
    status: str
    checked_on: dt.date | None = None
    expires_on: dt.date | None = None
    title: str = Field("", max_length=150)
    notes: str = Field("", max_length=5000)


class HouseholdCheckOut(Schema):
    id: int
    membership_id: int
    kind: str
    status: str
    checked_on: dt.date | None
    expires_on: dt.date | None


class SharingReadinessOut(Schema):
    household_id: int
    ready: bool
    missing: list[str]


class PairingSuggestionOut(Schema):
    household_id: int
    name: str
    score: int
    explanation: str
    reasons: list[str]
    cautions: list[str]
    parts: dict[str, float]
    coach_id: int | None
    distance_km: float | None


class LinkUpConsentIn(Schema):
    person_id: int
    given_on: dt.date


class LinkUpIn(Schema):
    seeking_id: int
    sharing_id: int
    coach_id: int
    planned_weeks: int
    starts_on: dt.date | None = None
    seeking_consent: LinkUpConsentIn | None = None
    sharing_consent: LinkUpConsentIn | None = None


class LinkUpConsentOut(Schema):
    household_id: int
    given_by_id: int
    given_on: dt.date


class LinkUpOut(Schema):
    id: int
    seeking_id: int
    sharing_id: int
    coach_id: int
    planned_weeks: int
    extra_weeks: int
    starts_on: dt.date
    status: str
    ended_on: dt.date | None
    end_reason: str


class LinkUpExtendIn(Schema):
    weeks: int
    reason: str = Field("", max_length=2000)


class LinkUpCompleteIn(Schema):
    on: dt.date | None = None
    note: str = Field("", max_length=2000)


class LinkUpEndEarlyIn(Schema):
    reason: str = Field("", max_length=2000)
    on: dt.date | None = None


class FamilyGoalIn(Schema):
    text: str = Field(..., max_length=2000)
    themes: list[str] = Field(default_factory=list, max_length=7)


class FamilyGoalsIn(Schema):
    goals: list[FamilyGoalIn] = Field(..., min_length=1, max_length=20)
    minutes: int = Field(0, ge=0, le=1440)
    occurred_at: dt.datetime | None = None


class FamilyGoalPatch(Schema):
    text: str | None = Field(None, max_length=2000)
    themes: list[str] | None = Field(None, max_length=7)


class FamilyGoalOut(Schema):
    id: int
    household_id: int
    linkup_id: int | None
    text: str
    themes: list[str]
    status: str
    closed_on: dt.date | None


class GoalRatingIn(Schema):
    goal_id: int
    score: int


class GoalRatingOut(Schema):
    goal_id: int
    score: int


class LinkUpCheckInIn(Schema):
    occurred_at: dt.datetime
    minutes: int
    coach_minutes: int | None = None
    notes: str = Field("", max_length=5000)
    ratings: list[GoalRatingIn] = Field(default_factory=list, max_length=50)


class LinkUpCheckInOut(Schema):
    id: int
    linkup_id: int
    occurred_at: dt.datetime
    minutes: int
    notes: str
    activity_id: int | None
    ratings: list[GoalRatingOut]


class GoalProgressPointOut(Schema):
    when: dt.datetime
    score: int


class GoalProgressOut(Schema):
    goal: FamilyGoalOut
    points: list[GoalProgressPointOut]


class GoalThemeOut(Schema):
    theme: str
    label: str
    goals: int
    met: int


class BecameSharingOut(Schema):
    household_id: int
    name: str
    sought_from: dt.date
    sharing_from: dt.date


class CoachCaseloadOut(Schema):
    coach_id: int
    name: str
    sharing: int
    seeking: int
    sharing_capacity: int
    seeking_capacity: int


class LinkUpProgrammeOut(Schema):
    households: dict[str, int]
    linkups: dict[str, int]
    goals: dict[str, int]
    themes: list[GoalThemeOut]
    became_sharing: list[BecameSharingOut]
    caseloads: list[CoachCaseloadOut]
    checkins: int
    rated_goals: int
    average_gain: float | None


class LinkUpSettingsIn(Schema):
    coach_sharing_capacity: int | None = None
    coach_seeking_capacity: int | None = None
    require_reference: bool | None = None
    max_distance_km: int | None = None


class LinkUpSettingsOut(Schema):
    coach_sharing_capacity: int
    coach_seeking_capacity: int
    require_reference: bool
    max_distance_km: int
