import datetime as dt

from ninja import Field, Schema


class LedgerAccountOut(Schema):
    id: int
    owner: str = Field(..., alias="owner_name")
    membership_id: int | None
    organisation_id: int | None
    pool_code: str | None
    balance: int = Field(..., description="Integer minutes; negative means the account owes hours.")
    floor: int | None = Field(..., description="Hard lowest balance in minutes; null: no limit.")
    ceiling: int | None
    soft_floor: int | None
    soft_ceiling: int | None
    flagged_at: dt.datetime | None
    is_active: bool


class LedgerBalanceOut(Schema):
    account_id: int
    balance: int
    floor: int | None
    ceiling: int | None


class LedgerEntryOut(Schema):
    id: int
    transfer_id: int
    created_at: dt.datetime
    amount: int = Field(..., description="Signed minutes: negative leaves the account, positive arrives.")
    balance_after: int
    kind: str
    memo: str
    category: str
    counterparty_account_id: int
    counterparty: str


class LedgerStatementOut(Schema):
    account: LedgerAccountOut
    entries: list[LedgerEntryOut]
    next_before: int | None = Field(..., description="Pass as `before` for the next, older page; null on the last.")


class LedgerTransferIn(Schema):
    from_account: int
    to_account: int
    minutes: int
    kind: str = "exchange"
    memo: str = Field("", max_length=500)
    category: str = Field("", max_length=80)
    idempotency_key: str | None = Field(None, description="Or send the Idempotency-Key header.")


class LedgerTransferOut(Schema):
    id: int
    from_account_id: int
    to_account_id: int
    minutes: int
    kind: str
    memo: str
    category: str
    reverses_id: int | None
    batch: str | None = None
    idempotency_key: str
    created_at: dt.datetime
    replayed: bool = False
    warnings: list[str] = []

    @staticmethod
    def resolve_batch(obj) -> str | None:
        return str(obj.batch) if obj.batch else None


class LedgerReverseIn(Schema):
    reason: str = Field(..., max_length=500)
    idempotency_key: str | None = None


class LedgerLimitsIn(Schema):
    floor: int | None = None
    ceiling: int | None = None
    soft_floor: int | None = None
    soft_ceiling: int | None = None
    remove: list[str] = Field([], description='Names of limits to lift, e.g. ["ceiling"].')
