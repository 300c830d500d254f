import datetime as dt

from ninja import Field, Schema


class CommunityOut(Schema):
    slug: str
    name: str
    description: str
    timezone: str
    locale: str


class MyMembershipOut(Schema):
    id: int
    community: CommunityOut
    kind: str
    role: str
    status: str
    member_number: int


class MeOut(Schema):
    id: int
    email: str | None
    name: str
    memberships: list[MyMembershipOut]


class MemberOut(Schema):
    id: int
    member_number: int
    name: str = Field(..., alias="user.name")
    kind: str
    role: str
    neighbourhood: str
    availability: str
    bio: str
    is_brokered: bool


class ApplicationIn(Schema):
    kind: str = "citizen"
    message: str = Field("", max_length=2000)


class ApplicationOut(Schema):
    id: int
    member_number: int
    name: str = Field(..., alias="user.name")
    kind: str
    status: str
    application_message: str
    decision_reason: str
    created_at: dt.datetime


class DecisionIn(Schema):
    reason: str = Field("", max_length=2000)


class OfflineMemberIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    kind: str = "citizen"
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    neighbourhood: str = Field("", max_length=120)
    availability: str = Field("", max_length=200)


class ProfileIn(Schema):
    name: str | None = Field(None, max_length=150)
    bio: str | None = Field(None, max_length=5000)
    neighbourhood: str | None = Field(None, max_length=120)
    availability: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=40)


class AssetIn(Schema):
    kind: str
    title: str = Field(..., max_length=120)
    description: str = Field("", max_length=5000)


class AssetOut(Schema):
    id: int
    membership_id: int
    kind: str
    title: str
    description: str


class CheckIn(Schema):
    membership_id: int
    kind: str
    status: str
    title: str = Field("", max_length=150)
    checked_on: dt.date | None = None
    expires_on: dt.date | None = None
    notes: str = Field("", max_length=5000)


class CheckOut(Schema):
    id: int
    membership_id: int
    kind: str
    status: str
    title: str
    checked_on: dt.date | None
    expires_on: dt.date | None


class AuditEventOut(Schema):
    id: int
    action: str
    object_type: str
    object_id: str
    changes: dict
    actor_id: int | None
    created_at: dt.datetime


class ErrorOut(Schema):
    detail: str
    field: str | None = None
