import datetime as dt

from ninja import Field, Schema


class SharedRolesSettingsIn(Schema):
    credits_enabled: bool
    credit_staff: bool = False


class SharedRolesSettingsOut(Schema):
    credits_enabled: bool
    credit_staff: bool


class PlaceRoleIn(Schema):
    place_role: str


class PlaceRoleOut(Schema):
    membership_id: int
    place_role: str


class PersonOut(Schema):
    membership_id: int
    name: str
    kind: str
    place_role: str | None


class TemplateIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    description: str = Field("", max_length=5000)
    area: str = "other"
    risk_level: str = "low"
    supervision: str = "independent"
    is_personal_care: bool = False
    allow_residents: bool = True
    allow_families: bool = True
    allow_staff: bool = True
    allow_volunteers: bool = True


class TemplatePatch(Schema):
    name: str | None = Field(None, max_length=120)
    description: str | None = Field(None, max_length=5000)
    area: str | None = None
    risk_level: str | None = None
    supervision: str | None = None
    is_personal_care: bool | None = None
    allow_residents: bool | None = None
    allow_families: bool | None = None
    allow_staff: bool | None = None
    allow_volunteers: bool | None = None
    is_active: bool | None = None


class TemplateOut(Schema):
    id: int
    name: str
    description: str
    area: str
    risk_level: str
    supervision: str
    is_personal_care: bool
    allow_residents: bool
    allow_families: bool
    allow_staff: bool
    allow_volunteers: bool
    is_active: bool


class ShiftIn(Schema):
    template_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = Field(..., ge=1, le=50)
    location: str = Field("", max_length=120)
    notes: str = Field("", max_length=5000)


class ShiftOut(Schema):
    id: int
    template_id: int
    template_name: str = Field(..., alias="template.name")
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    location: str
    status: str
    activity_id: int | None


class CrewMemberOut(Schema):
    membership_id: int
    name: str
    place_role: str


class RotaShiftOut(Schema):
    shift: ShiftOut
    crew: list[CrewMemberOut]
    places_left: int
    is_mixed: bool


class RotaDayOut(Schema):
    day: dt.date
    shifts: list[RotaShiftOut]


class SignupIn(Schema):
    membership_id: int | None = None


class SignupOut(Schema):
    id: int
    shift_id: int
    membership_id: int
    place_role: str
    status: str


class CapacityIn(Schema):
    capacity: int = Field(..., ge=1, le=50)


class SharedRolesReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class WorkIn(Schema):
    membership_id: int
    minutes: int = Field(..., ge=1, le=1440)


class RecordIn(Schema):
    worked: list[WorkIn] = Field(..., min_length=1, max_length=50)
    notes: str = Field("", max_length=5000)


class WorkOut(Schema):
    membership_id: int
    place_role: str
    minutes: int


class SharedRolesCreditsOut(Schema):
    credits: int


class CommitteeIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    purpose: str = Field("", max_length=5000)
    member_ids: list[int] = Field(default_factory=list, max_length=200)
    chair_id: int | None = None


class CommitteeOut(Schema):
    id: int
    name: str
    purpose: str
    chair_id: int | None
    is_active: bool


class SharedRolesMemberIn(Schema):
    membership_id: int


class CommitteeMemberOut(Schema):
    membership_id: int
    name: str = Field(..., alias="membership.display_name")


class DecisionIn(Schema):
    text: str = Field(..., max_length=2000)
    outcome: str


class MeetingIn(Schema):
    held_at: dt.datetime
    duration_minutes: int = Field(..., ge=1, le=1440)
    attendee_ids: list[int] = Field(..., min_length=1, max_length=200)
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=50)
    notes: str = Field("", max_length=5000)


class MeetingOut(Schema):
    id: int
    committee_id: int
    held_at: dt.datetime
    duration_minutes: int
    activity_id: int


class DecisionOut(Schema):
    id: int
    meeting_id: int
    held_at: dt.datetime = Field(..., alias="meeting.held_at")
    text: str
    outcome: str
