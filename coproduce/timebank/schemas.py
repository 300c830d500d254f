import datetime as dt

from ninja import Field, Schema


class TimebankCategoryIn(Schema):
    name: str = Field(..., max_length=200)
    description: str = Field("", max_length=300)


class TimebankCategoryPatch(Schema):
    name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=300)
    is_archived: bool | None = None


class TimebankCategoryOut(Schema):
    id: int
    name: str
    description: str
    is_archived: bool


class TimebankListingIn(Schema):
    kind: str
    category_id: int | None = None
    title: str = Field(..., max_length=500)
    description: str = Field("", max_length=10000)
    tags: list[str] = Field(default_factory=list, max_length=50)
    neighbourhood: str | None = Field(None, max_length=500)
    expires_on: dt.date | None = None
    needs_check: bool = False
    membership_id: int | None = Field(None, description="Post for a member you act for (coordinators).")
    organisation_id: int | None = Field(None, description="Post for an organisation (coordinators).")


class TimebankListingPatch(Schema):
    kind: str | None = None
    category_id: int | None = None
    title: str | None = Field(None, max_length=500)
    description: str | None = Field(None, max_length=10000)
    tags: list[str] | None = Field(None, max_length=50)
    neighbourhood: str | None = Field(None, max_length=500)
    expires_on: dt.date | None = None
    needs_check: bool | None = None


class TimebankListingOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    description: str
    tags: list[str] = Field(..., alias="tag_list")
    neighbourhood: str
    expires_on: dt.date | None
    needs_check: bool
    category_id: int
    category_name: str = Field(..., alias="category.name")
    membership_id: int | None
    organisation_id: int | None
    owner_name: str
    created_at: dt.datetime


class TimebankRespondIn(Schema):
    message: str = Field("", max_length=2000)
    organisation_id: int | None = Field(None, description="Respond for an organisation (coordinators).")
    membership_id: int | None = Field(None, description="Respond for a member you act for (coordinators).")


class TimebankReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class TimebankArrangeIn(Schema):
    scheduled_for: dt.datetime
    note: str = Field("", max_length=300)


class TimebankRecordIn(Schema):
    minutes: int
    occurred_at: dt.datetime | None = None
    comment: str = Field("", max_length=300)


class TimebankDisputeIn(Schema):
    reason: str = Field(..., max_length=2000)


class TimebankResolveIn(Schema):
    outcome: str = Field(..., description="confirm or cancel")
    note: str = Field(..., max_length=2000)
    minutes: int | None = Field(None, description="Adjusted minutes when confirming; the recorded minutes if omitted.")


class TimebankCorrectionIn(Schema):
    minutes: int = Field(..., description="The corrected time; 0 means the exchange did not happen.")
    reason: str = Field(..., max_length=2000)
    idempotency_key: str = Field("", max_length=100)


class TimebankCorrectionOut(Schema):
    id: int
    exchange_id: int
    number: int
    minutes_before: int
    minutes_after: int
    reason: str
    corrected_at: dt.datetime = Field(..., alias="created_at")
    reversal_id: int
    transfer_id: int | None


class TimebankBrokeredIn(Schema):
    category_id: int | None = None
    title: str = Field(..., max_length=500)
    minutes: int
    provider_id: int | None = None
    provider_organisation_id: int | None = None
    receiver_id: int | None = None
    receiver_organisation_id: int | None = None
    occurred_at: dt.datetime | None = None
    comment: str = Field("", max_length=300)
    needs_check: bool = False
    listing_id: int | None = None
    idempotency_key: str = Field("", max_length=100)


class TimebankExchangeOut(Schema):
    id: int
    status: str
    origin: str
    listing_id: int | None
    group_id: int | None
    category_id: int
    category_name: str = Field(..., alias="category.name")
    title: str
    needs_check: bool
    provider_id: int | None
    provider_organisation_id: int | None
    provider_name: str
    receiver_id: int | None
    receiver_organisation_id: int | None
    receiver_name: str
    message: str
    scheduled_for: dt.datetime | None
    arrangement_note: str
    minutes: int | None
    occurred_at: dt.datetime | None
    comment: str
    recorded_at: dt.datetime | None
    confirmed_at: dt.datetime | None
    auto_confirmed: bool
    dispute_reason: str
    resolution_note: str
    closed_reason: str
    autoconfirm_error: str
    transfer_id: int | None
    activity_id: int | None
    next_steps: list[str] = Field(default_factory=list, description="The steps the caller may take now.")


class TimebankGroupLegIn(Schema):
    minutes: int
    membership_id: int | None = None
    organisation_id: int | None = None


class TimebankGroupExchangeIn(Schema):
    mode: str = Field(..., description="one_to_many or many_to_one")
    category_id: int | None = None
    title: str = Field(..., max_length=500)
    legs: list[TimebankGroupLegIn] = Field(..., max_length=500)
    idempotency_key: str = Field(..., max_length=100)
    one_membership_id: int | None = None
    one_organisation_id: int | None = None
    occurred_at: dt.datetime | None = None
    comment: str = Field("", max_length=300)
    needs_check: bool = False


class TimebankGroupExchangeOut(Schema):
    id: int
    mode: str
    title: str
    category_id: int
    occurred_at: dt.datetime
    comment: str
    exchanges: list[TimebankExchangeOut]


class TimebankTransferOut(Schema):
    id: int
    kind: str
    minutes: int
    memo: str
    from_account_id: int
    to_account_id: int
    created_at: dt.datetime


class TimebankFundOut(Schema):
    account_id: int = Field(..., alias="pk")
    balance: int


class TimebankDonateIn(Schema):
    minutes: int
    note: str = Field("", max_length=300)
    membership_id: int | None = Field(None, description="Donate for a member you act for (coordinators).")
    idempotency_key: str = Field("", max_length=80)


class TimebankAllocateIn(Schema):
    minutes: int
    reason: str = Field(..., max_length=300)
    membership_id: int | None = None
    organisation_id: int | None = None
    idempotency_key: str = Field("", max_length=80)


class TimebankPreferenceIn(Schema):
    weekly_digest: bool


class TimebankPreferenceOut(Schema):
    weekly_digest: bool


class TimebankMemberRefOut(Schema):
    id: int
    member_number: int
    name: str = Field(..., alias="user.name")
    is_brokered: bool


class TimebankFlaggedAccountOut(Schema):
    id: int
    owner_name: str
    balance: int
    flag_reason: str
    flagged_at: dt.datetime | None


class TimebankDashboardOut(Schema):
    awaiting_confirmation: list[TimebankExchangeOut]
    disputed: list[TimebankExchangeOut]
    flagged_accounts: list[TimebankFlaggedAccountOut]
    members_without_listings: list[TimebankMemberRefOut]
    inactive_members: list[TimebankMemberRefOut]
