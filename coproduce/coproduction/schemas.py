import datetime as dt

from ninja import Field, Schema


class ServiceIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    description: str = Field("", max_length=5000)


class ServiceUpdateIn(Schema):
    name: str | None = Field(None, min_length=1, max_length=150)
    description: str | None = Field(None, max_length=5000)
    is_active: bool | None = None


class ServiceOut(Schema):
    id: int
    name: str
    description: str
    is_active: bool


class ContributionIn(Schema):
    membership_id: int
    role: str
    minutes: int = Field(..., ge=0, le=1440)


class ContributionOut(Schema):
    membership_id: int
    name: str = Field(..., alias="membership.user.name")
    kind: str = Field(..., alias="membership.kind")
    role: str
    minutes: int


class ActivityIn(Schema):
    service_id: int
    kind: str
    phase: str
    title: str = Field(..., min_length=1, max_length=200)
    occurred_at: dt.datetime
    ladder_step: int | None = Field(None, ge=1, le=7)
    location: str = Field("", max_length=200)
    notes: str = Field("", max_length=5000)
    contributions: list[ContributionIn] = Field(..., min_length=1, max_length=500)


class ActivityOut(Schema):
    id: int
    service_id: int
    kind: str
    phase: str
    ladder_step: int | None
    title: str
    occurred_at: dt.datetime
    location: str
    source: str


class ActivityDetailOut(ActivityOut):
    notes: str
    contributions: list[ContributionOut] = Field(..., alias="contribution_list")
