import datetime as dt
from decimal import Decimal

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
    email: str | None = Field(None, alias="user.email")
    member_number: int
    name: str = Field(..., alias="user.name")
    kind: str
    status: str
    application_message: str
    decision_reason: str
    created_at: dt.datetime


class ApplicationDecisionIn(Schema):
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
    code: str | None = None


class FieldErrorOut(Schema):
    field: str | None = None
    message: str


class ValidationErrorOut(Schema):
    detail: str
    field: str | None = None
    errors: list[FieldErrorOut] = []


class CommunityDetailOut(CommunityOut):
    hour_value: Decimal
    currency: str
    application_stale_days: int
    exchange_autoconfirm_days: int
    is_open_for_applications: bool
    default_floor_minutes: int
    default_ceiling_minutes: int
    default_soft_floor_minutes: int
    default_soft_ceiling_minutes: int


class CommunitySettingsIn(Schema):
    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=5000)
    timezone: str | None = Field(None, max_length=64)
    locale: str | None = Field(None, max_length=10)
    hour_value: Decimal | None = Field(None, ge=0, lt=1_000_000, max_digits=8, decimal_places=2)
    application_stale_days: int | None = Field(None, ge=0, le=3650)
    exchange_autoconfirm_days: int | None = Field(None, ge=0, le=3650)
    is_open_for_applications: bool | None = None
    default_floor_minutes: int | None = Field(None, ge=-1_000_000, le=0)
    default_ceiling_minutes: int | None = Field(None, ge=0, le=1_000_000)
    default_soft_floor_minutes: int | None = Field(None, ge=-1_000_000, le=0)
    default_soft_ceiling_minutes: int | None = Field(None, ge=0, le=1_000_000)


class MembershipChangeIn(Schema):
    role: str | None = None
    kind: str | None = None
    status: str | None = None


class CheckUpdateIn(Schema):
    status: str | None = None
    expires_on: dt.date | None = None
    notes: str | None = Field(None, max_length=5000)


class OrganisationIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    description: str = Field("", max_length=5000)
    contact_email: str = Field("", max_length=254)


class OrganisationOut(Schema):
    id: int
    name: str
    description: str
    contact_email: str
    is_active: bool


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=80)
    days: int | None = Field(90, ge=1, le=3650)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class MemberDetailOut(MemberOut):
    status: str
    assets: list[AssetOut] = Field(..., alias="asset_list")
