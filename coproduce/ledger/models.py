"""The hour-for-an-hour ledger: accounts, immutable transfers and the entries that carry running balances.

One hour always equals one hour. Balances are integer minutes and, because every transfer moves the same
minutes out of one account and into another, the balances of a community always sum to zero (mutual credit).
Nothing here is ever edited or deleted: a correction is a new transfer that reverses the original.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel

FUND = "fund"


class Account(TenantModel):
    """Hours held by exactly one owner: a membership, an organisation, or a community pool (`pool_code`).

    `balance` is integer minutes and only changes through the ledger services, under a row lock, together
    with an Entry. The hard `floor`/`ceiling` block a transfer that would cross them (None: no limit); the
    soft thresholds never block, they flag the account for a coordinator (`flagged_at`).
    """

    membership = models.ForeignKey(
        "communities.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_accounts",
        verbose_name=_("member"),
    )
    organisation = models.ForeignKey(
        "communities.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_accounts",
        verbose_name=_("organisation"),
    )
    pool_code = models.CharField(_("pool"), max_length=40, null=True, blank=True)
    balance = models.BigIntegerField(_("balance (minutes)"), default=0)
    floor = models.IntegerField(_("lowest balance allowed (minutes)"), null=True, blank=True)
    ceiling = models.IntegerField(_("highest balance allowed (minutes)"), null=True, blank=True)
    soft_floor = models.IntegerField(_("warn below (minutes)"), null=True, blank=True)
    soft_ceiling = models.IntegerField(_("warn above (minutes)"), null=True, blank=True)
    flagged_at = models.DateTimeField(_("flagged for a coordinator"), null=True, blank=True)
    flag_reason = models.CharField(_("why it was flagged"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(membership__isnull=False, organisation__isnull=True, pool_code__isnull=True)
                    | Q(membership__isnull=True, organisation__isnull=False, pool_code__isnull=True)
                    | Q(membership__isnull=True, organisation__isnull=True, pool_code__isnull=False)
                ),
                name="ledger_account_exactly_one_owner",
            ),
            models.UniqueConstraint(
                fields=["community", "membership"],
                condition=Q(membership__isnull=False),
                name="ledger_account_one_per_membership",
            ),
            models.UniqueConstraint(
                fields=["community", "organisation"],
                condition=Q(organisation__isnull=False),
                name="ledger_account_one_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["community", "pool_code"],
                condition=Q(pool_code__isnull=False),
                name="ledger_account_one_per_pool",
            ),
            # A new account starts at zero, so the hard limits must allow zero.
            models.CheckConstraint(
                condition=Q(floor__isnull=True) | Q(floor__lte=0), name="ledger_account_floor_at_most_zero"
            ),
            models.CheckConstraint(
                condition=Q(ceiling__isnull=True) | Q(ceiling__gte=0), name="ledger_account_ceiling_at_least_zero"
            ),
            models.CheckConstraint(
                condition=Q(soft_floor__isnull=True) | Q(floor__isnull=True) | Q(soft_floor__gte=models.F("floor")),
                name="ledger_account_soft_floor_within_floor",
            ),
            models.CheckConstraint(
                condition=Q(soft_ceiling__isnull=True)
                | Q(ceiling__isnull=True)
                | Q(soft_ceiling__lte=models.F("ceiling")),
                name="ledger_account_soft_ceiling_within_ceiling",
            ),
        ]
        indexes = [models.Index(fields=["community", "flagged_at"], name="ledger_acct_flagged")]

    def __str__(self) -> str:
        return str(self.owner_name)

    @property
    def owner_name(self) -> str:
        if self.membership is not None:
            return str(self.membership.user)
        if self.organisation is not None:
            return str(self.organisation)
        if self.pool_code == FUND:
            return str(_("Community fund"))
        return str(_("Pool: %(code)s") % {"code": self.pool_code})

    @property
    def is_pool(self) -> bool:
        return self.pool_code is not None


class Transfer(TenantModel):
    """Minutes moved from one account to another. Immutable and append-only.

    `idempotency_key` is supplied by the client and unique in the community: a retry with the same key returns
    this transfer and posts nothing. A correction is a new transfer of kind `reversal` pointing at the original
    through `reverses` (at most one reversal per transfer). Transfers posted together share a `batch`.
    """

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("Exchange")
        DONATION = "donation", _("Donation")
        GRANT = "grant", _("Grant")
        REVERSAL = "reversal", _("Reversal")
        ADJUSTMENT = "adjustment", _("Adjustment")
        JURY_SERVICE = "jury_service", _("Jury service")
        SHIFT_CREDIT = "shift_credit", _("Shift credit")
        IMPORT = "import", _("Imported balance")

    # Few indexes, because every one is written on the hot path: statements read entries, not transfers.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("community")
    )
    from_account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("from")
    )
    to_account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("to")
    )
    minutes = models.IntegerField(_("minutes"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    memo = models.CharField(_("note"), max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=80, blank=True)
    activity = models.ForeignKey(
        "coproduction.Activity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_transfers",
        db_index=False,
        verbose_name=_("activity"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    batch = models.UUIDField(_("batch"), null=True, blank=True)
    reverses = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversals",
        db_index=False,
        verbose_name=_("reverses"),
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=120)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="ledger_transfer_minutes_positive"),
            models.CheckConstraint(
                condition=~Q(from_account=models.F("to_account")), name="ledger_transfer_not_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False) | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="ledger_transfer_reversal_points_at_original",
            ),
            models.UniqueConstraint(fields=["community", "idempotency_key"], name="ledger_transfer_idempotency_key"),
            models.UniqueConstraint(
                fields=["reverses"], condition=Q(reverses__isnull=False), name="ledger_transfer_reversed_once"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "created_at"], name="ledger_transfer_when"),
            models.Index(fields=["batch"], condition=Q(batch__isnull=False), name="ledger_transfer_batch"),
            models.Index(fields=["activity"], condition=Q(activity__isnull=False), name="ledger_transfer_activity"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.from_account_id}→{self.to_account_id} {self.minutes}m"


class Entry(TenantModel):
    """One side of a transfer on one account: the signed minutes and the balance right after.

    Entries of an account, in id order, form its statement; `balance_after` chains from one to the next, so
    a statement page is a range scan on (account, id) and needs no sum.
    """

    community = models.ForeignKey(
        "communities.Community", on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("community")
    )
    # Both are covered by the constraint and the index below, so no separate index is written per entry.
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries", db_index=False)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries", db_index=False)
    amount = models.IntegerField(_("minutes"))
    balance_after = models.BigIntegerField(_("balance after (minutes)"))

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_entry_amount_not_zero"),
            models.UniqueConstraint(fields=["transfer", "account"], name="ledger_entry_one_per_account_per_transfer"),
        ]
        indexes = [models.Index(fields=["account", "id"], name="ledger_entry_statement")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount:+d} → {self.balance_after}"
