"""Time bank: categories, listings, exchanges between members and organisations, group exchanges,
per-member preferences and the record of imported rows.

Hours move only through the ledger; an exchange points at the transfer that paid for it.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorExact
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import TenantModel

MAX_EXCHANGE_MINUTES = 24 * 60


class SearchDocumentField(models.Field):
    """A PostgreSQL `tsvector` column (plain text, and unused, on other databases), so listings are searchable
    without making django.contrib.postgres a requirement of every installation."""

    description = "Full-text search document"

    def db_type(self, connection) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


SearchDocumentField.register_lookup(SearchVectorExact)


class Category(TenantModel):
    """A kind of help, managed by each community's coordinators. Archived categories keep their
    listings and exchanges but take no new ones."""

    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="timebank_category_name_unique")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Listing(TenantModel):
    """An offer of help or a request for it, posted by a member or by an organisation.

    `needs_check`: the work is with children or vulnerable adults, or alone in someone's home, so the
    person providing it must hold a valid background check.
    """

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        REQUEST = "request", _("Request")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("offer or request"), max_length=10, choices=Kind.choices)
    membership = models.ForeignKey(
        "communities.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="timebank_listings"
    )
    organisation = models.ForeignKey(
        "communities.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="timebank_listings"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="listings")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separate tags with commas."))
    neighbourhood = models.CharField(_("neighbourhood"), max_length=120, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    needs_check = models.BooleanField(_("needs a background check"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    # Kept in step by the service functions on PostgreSQL (GIN-indexed); unused on SQLite, where FTS5 is used.
    search_vector = SearchDocumentField(null=True, editable=False)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [
            models.CheckConstraint(
                condition=(Q(membership__isnull=False) & Q(organisation__isnull=True))
                | (Q(membership__isnull=True) & Q(organisation__isnull=False)),
                name="timebank_listing_one_owner",
            ),
            models.CheckConstraint(condition=Q(kind__in=["offer", "request"]), name="timebank_listing_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=["open", "withdrawn"]), name="timebank_listing_status_valid"),
        ]
        indexes = [
            models.Index(fields=["community", "status", "-created_at"]),
            models.Index(fields=["community", "membership"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        return str(self.organisation) if self.organisation_id else self.membership.display_name  # type: ignore[union-attr]

    @property
    def tag_list(self) -> list[str]:
        return [t for t in (s.strip() for s in self.tags.split(",")) if t]


class GroupExchange(TenantModel):
    """One provider helping many receivers, or many providers helping one receiver, recorded by a
    coordinator and posted to the ledger as one atomic batch; each leg is an Exchange."""

    class Mode(models.TextChoices):
        ONE_TO_MANY = "one_to_many", _("One provider, many receivers")
        MANY_TO_ONE = "many_to_one", _("Many providers, one receiver")

    mode = models.CharField(_("kind of group exchange"), max_length=12, choices=Mode.choices)
    title = models.CharField(_("what happened"), max_length=120)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="group_exchanges")
    occurred_at = models.DateTimeField(_("when"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("group exchange")
        verbose_name_plural = _("group exchanges")
        constraints = [
            models.UniqueConstraint(fields=["community", "idempotency_key"], name="timebank_group_idempotency_unique"),
            models.CheckConstraint(
                condition=Q(mode__in=["one_to_many", "many_to_one"]), name="timebank_group_mode_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Exchange(TenantModel):
    """Help given by a provider to a receiver, each a member or an organisation.

    proposed → accepted → arranged → recorded → confirmed, or declined, cancelled, or disputed (then a
    coordinator confirms with adjusted minutes or cancels). Only a confirmed exchange holds a ledger
    transfer, and holds exactly one. A coordinator may correct a confirmed exchange later (see
    ExchangeCorrection): it then holds the corrected transfer, or none and the status `voided` when it did not
    happen at all.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for a reply")
        ACCEPTED = "accepted", _("Accepted")
        ARRANGED = "arranged", _("Arranged")
        RECORDED = "recorded", _("Hours recorded, waiting for confirmation")
        DISPUTED = "disputed", _("Disputed, with a coordinator")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        VOIDED = "voided", _("Corrected: it did not happen")

    class Origin(models.TextChoices):
        LISTING = "listing", _("Response to a listing")
        BROKERED = "brokered", _("Recorded by a coordinator")
        GROUP = "group", _("Group exchange")
        IMPORTED = "imported", _("Imported")

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices, default=Origin.LISTING)
    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.PROTECT, related_name="exchanges")
    group = models.ForeignKey(GroupExchange, null=True, blank=True, on_delete=models.PROTECT, related_name="exchanges")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="exchanges")
    title = models.CharField(_("title"), max_length=120)
    needs_check = models.BooleanField(_("needs a background check"), default=False)
    provider = models.ForeignKey(
        "communities.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_organisation = models.ForeignKey(
        "communities.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiver = models.ForeignKey(
        "communities.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiver_organisation = models.ForeignKey(
        "communities.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(_("message"), blank=True)
    scheduled_for = models.DateTimeField(_("arranged for"), null=True, blank=True)
    arrangement_note = models.CharField(_("where and how"), max_length=300, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    auto_confirmed = models.BooleanField(default=False)
    dispute_reason = models.TextField(_("what is wrong"), blank=True)
    resolution_note = models.TextField(_("coordinator's note"), blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    log_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    confirm_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    autoconfirm_error = models.CharField(max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)
    activity = models.ForeignKey(
        "coproduction.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transfer = models.OneToOneField(
        "ledger.Transfer", null=True, blank=True, on_delete=models.PROTECT, related_name="timebank_exchange"
    )

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        constraints = [
            models.CheckConstraint(
                condition=(Q(provider__isnull=False) & Q(provider_organisation__isnull=True))
                | (Q(provider__isnull=True) & Q(provider_organisation__isnull=False)),
                name="timebank_exchange_one_provider",
            ),
            models.CheckConstraint(
                condition=(Q(receiver__isnull=False) & Q(receiver_organisation__isnull=True))
                | (Q(receiver__isnull=True) & Q(receiver_organisation__isnull=False)),
                name="timebank_exchange_one_receiver",
            ),
            models.CheckConstraint(
                condition=Q(provider__isnull=True) | Q(receiver__isnull=True) | ~Q(provider=F("receiver")),
                name="timebank_exchange_not_with_oneself",
            ),
            models.CheckConstraint(
                condition=Q(provider__isnull=False) | Q(receiver__isnull=False),
                name="timebank_exchange_has_a_member",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=MAX_EXCHANGE_MINUTES),
                name="timebank_exchange_minutes_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | (Q(minutes__isnull=False) & Q(transfer__isnull=False)),
                name="timebank_exchange_confirmed_is_paid",
            ),
            models.CheckConstraint(
                condition=Q(transfer__isnull=True) | Q(status="confirmed"),
                name="timebank_exchange_paid_only_when_confirmed",
            ),
            models.UniqueConstraint(
                fields=["community", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="timebank_exchange_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "status", "recorded_at"]),
            models.Index(fields=["community", "provider", "status"]),
            models.Index(fields=["community", "receiver", "status"]),
            models.Index(fields=["community", "confirmed_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def provider_name(self) -> str:
        return str(self.provider_organisation) if self.provider_organisation_id else self.provider.display_name  # type: ignore[union-attr]

    @property
    def receiver_name(self) -> str:
        return str(self.receiver_organisation) if self.receiver_organisation_id else self.receiver.display_name  # type: ignore[union-attr]

    @property
    def is_open(self) -> bool:
        return self.status in (
            self.Status.PROPOSED,
            self.Status.ACCEPTED,
            self.Status.ARRANGED,
            self.Status.RECORDED,
            self.Status.DISPUTED,
        )


class ExchangeCorrection(TenantModel):
    """A coordinator's correction of a confirmed exchange: its transfer reversed and, unless the corrected time is
    zero, a new transfer for the corrected minutes. Append-only, numbered per exchange, so the exchange keeps its
    history while it shows the corrected time."""

    exchange = models.ForeignKey(Exchange, on_delete=models.PROTECT, related_name="corrections")
    number = models.PositiveSmallIntegerField(_("correction number"))
    minutes_before = models.PositiveIntegerField(_("minutes before"))
    minutes_after = models.PositiveIntegerField(_("corrected minutes"))
    reason = models.CharField(_("reason"), max_length=500)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reversal = models.OneToOneField("ledger.Transfer", on_delete=models.PROTECT, related_name="+")
    transfer = models.OneToOneField(
        "ledger.Transfer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("exchange correction")
        verbose_name_plural = _("exchange corrections")
        ordering = ["exchange", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "number"], name="timebank_correction_number_unique"),
            models.UniqueConstraint(
                fields=["community", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="timebank_correction_idempotency_unique",
            ),
            models.CheckConstraint(
                condition=Q(minutes_after__lte=MAX_EXCHANGE_MINUTES), name="timebank_correction_minutes_range"
            ),
            models.CheckConstraint(
                condition=(Q(minutes_after=0) & Q(transfer__isnull=True))
                | (Q(minutes_after__gt=0) & Q(transfer__isnull=False)),
                name="timebank_correction_paid_unless_none",
            ),
        ]


class MemberPreference(TenantModel):
    """What the time bank may send a member. Absent row: the defaults (weekly digest on)."""

    membership = models.OneToOneField(
        "communities.Membership", on_delete=models.CASCADE, related_name="timebank_preference"
    )
    weekly_digest = models.BooleanField(_("send me a weekly email of new listings"), default=True)
    last_digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("time bank preference")
        verbose_name_plural = _("time bank preferences")


class ImportedRow(TenantModel):
    """Which row of an imported time bank became which object, so re-running an import changes nothing."""

    class Source(models.TextChoices):
        MEMBER = "member", _("Member")
        LISTING = "listing", _("Listing")
        TRANSFER = "transfer", _("Transfer")

    source = models.CharField(max_length=10, choices=Source.choices)
    external_id = models.CharField(max_length=100)
    object_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        constraints = [
            models.UniqueConstraint(fields=["community", "source", "external_id"], name="timebank_import_once"),
        ]
