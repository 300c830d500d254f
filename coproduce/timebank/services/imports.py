"""Importing an existing time bank from CSV files: members, listings and transfers.

Idempotent: every row carries the old system's id (`external_id`), and a row already imported is left alone,
so re-running an import changes nothing. Each row is checked in full and written in its own transaction, so
a malformed row is rejected (with its row number, column and reason) and never half-written. The columns are
documented in coproduce/timebank/sample_import/README.md.
"""

import csv
import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TextIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record
from coproduce.communities.models import Community, Membership, User
from coproduce.communities.services import require_coordinator
from coproduce.core.errors import DomainError
from coproduce.timebank.models import MAX_EXCHANGE_MINUTES, Category, Exchange, ImportedRow, Listing
from coproduce.timebank.services.listings import normalise_tags
from coproduce.timebank.services.posting import post_exchange
from coproduce.timebank.services.search_index import reindex_listings

MEMBER_COLUMNS = ("external_id", "name")
MEMBER_OPTIONAL = ("email", "phone", "neighbourhood", "kind", "role", "joined_on", "brokered")
LISTING_COLUMNS = ("external_id", "member_external_id", "kind", "category", "title")
LISTING_OPTIONAL = ("description", "tags", "neighbourhood", "expires_on", "needs_check", "status")
TRANSFER_COLUMNS = ("external_id", "from_member_external_id", "to_member_external_id", "date")
TRANSFER_OPTIONAL = ("minutes", "hours", "category", "description", "comment")
DEFAULT_CATEGORY = "Imported"
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}

ERR_REQUIRED = _("This column is required.")
ERR_MISSING_COLUMN = _("The file has no column with this name.")
ERR_TOO_LONG = _("Too long: at most %(n)s characters.")
ERR_BAD_EMAIL = _("Not an email address.")
ERR_EMAIL_OTHER_MEMBER = _("This email address belongs to someone already imported under another id.")
ERR_BAD_CHOICE = _("Must be one of: %(choices)s.")
ERR_BAD_DATE = _("Not a date in the form YYYY-MM-DD.")
ERR_FUTURE_DATE = _("The date is in the future.")
ERR_BAD_YES_NO = _("Must be yes or no.")
ERR_UNKNOWN_MEMBER = _("No member with this external id was imported.")
ERR_SAME_MEMBER = _("A member cannot exchange hours with themselves.")
ERR_BAD_MINUTES = _("Must be a whole number of minutes from 1 to 1440 (or hours from 0.02 to 24 in the hours column).")
ERR_NO_AMOUNT = _("Give the time in a minutes or an hours column.")
ERR_NOT_UTF8 = _("The file is not valid UTF-8 text.")


@dataclass(frozen=True)
class Rejection:
    file: str
    row: int
    column: str
    reason: str


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: {"members": 0, "listings": 0, "transfers": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"members": 0, "listings": 0, "transfers": 0})
    rejected: list[Rejection] = field(default_factory=list)


class RowError(Exception):
    def __init__(self, column: str, reason: object) -> None:
        super().__init__(str(reason))
        self.column = column
        self.reason = str(reason)


Progress = Callable[[Iterable, int, str], Iterable]


def _no_progress(rows: Iterable, total: int, desc: str) -> Iterable:
    return rows


def _text(row: dict, column: str, *, required: bool = False, max_length: int = 0) -> str:
    value = " ".join((row.get(column) or "").split()) if column != "description" else (row.get(column) or "").strip()
    if required and not value:
        raise RowError(column, ERR_REQUIRED)
    if max_length and len(value) > max_length:
        raise RowError(column, ERR_TOO_LONG % {"n": max_length})
    return value


def _choice(row: dict, column: str, choices: Iterable[str], default: str) -> str:
    value = _text(row, column).lower() or default
    choices = list(choices)
    if value not in choices:
        raise RowError(column, ERR_BAD_CHOICE % {"choices": ", ".join(choices)})
    return value


def _yes_no(row: dict, column: str, default: bool) -> bool:
    value = _text(row, column).lower()
    if not value:
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    raise RowError(column, ERR_BAD_YES_NO)


def _date(row: dict, column: str, *, required: bool = False) -> dt.date | None:
    value = _text(row, column, required=required)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise RowError(column, ERR_BAD_DATE) from None


def _minutes(row: dict) -> int:
    minutes_text, hours_text = _text(row, "minutes"), _text(row, "hours")
    if not minutes_text and not hours_text:
        raise RowError("minutes", ERR_NO_AMOUNT)
    column = "minutes" if minutes_text else "hours"
    try:
        amount = Decimal(minutes_text) if minutes_text else Decimal(hours_text) * 60
    except InvalidOperation:
        raise RowError(column, ERR_BAD_MINUTES) from None
    if amount != amount.to_integral_value() or not 1 <= amount <= MAX_EXCHANGE_MINUTES:
        raise RowError(column, ERR_BAD_MINUTES)
    return int(amount)


def _read(file: TextIO, name: str, required: tuple[str, ...], report: ImportReport) -> list[tuple[int, dict]] | None:
    """The rows of a file with their line numbers (the header is row 1), or None if the header is unusable."""
    try:
        reader = csv.DictReader(file)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = []
        for raw in reader:
            rows.append((reader.line_num, {k: v for k, v in raw.items() if k is not None}))
    except UnicodeDecodeError:
        report.rejected.append(Rejection(name, 1, "", str(ERR_NOT_UTF8)))
        return None
    except csv.Error as error:
        report.rejected.append(Rejection(name, 1, "", str(error)))
        return None
    missing = [c for c in required if c not in header]
    for column in missing:
        report.rejected.append(Rejection(name, 1, column, str(ERR_MISSING_COLUMN)))
    return None if missing else rows


def _mapped(community: Community, source: str, external_id: str) -> int | None:
    return (
        ImportedRow.objects.filter(community=community, source=source, external_id=external_id)
        .values_list("object_id", flat=True)
        .first()
    )


def _remember(community: Community, source: str, external_id: str, object_id: int) -> None:
    ImportedRow.objects.create(community=community, source=source, external_id=external_id, object_id=object_id)


def _member_by_external_id(community: Community, row: dict, column: str) -> Membership:
    external_id = _text(row, column, required=True, max_length=100)
    membership_id = _mapped(community, ImportedRow.Source.MEMBER, external_id)
    membership = (
        Membership.objects.filter(community=community, pk=membership_id, status=Membership.Status.ACTIVE)
        .select_related("user")
        .first()
        if membership_id
        else None
    )
    if membership is None:
        raise RowError(column, ERR_UNKNOWN_MEMBER)
    return membership


def _import_member(actor: Membership, community: Community, row: dict) -> bool:
    external_id = _text(row, "external_id", required=True, max_length=100)
    if _mapped(community, ImportedRow.Source.MEMBER, external_id):
        return False
    name = _text(row, "name", required=True, max_length=150)
    email = _text(row, "email", max_length=254).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RowError("email", ERR_BAD_EMAIL) from None
    kind = _choice(row, "kind", Membership.Kind.values, Membership.Kind.CITIZEN)
    role = _choice(row, "role", (Membership.Role.MEMBER, Membership.Role.COORDINATOR), Membership.Role.MEMBER)
    joined_on = _date(row, "joined_on")
    brokered = _yes_no(row, "brokered", default=not email)
    phone = _text(row, "phone", max_length=40)
    neighbourhood = _text(row, "neighbourhood", max_length=120)
    tz = zoneinfo.ZoneInfo(community.timezone)
    joined_at = dt.datetime.combine(joined_on, dt.time(12), tzinfo=tz) if joined_on else timezone.now()
    if joined_at > timezone.now():
        raise RowError("joined_on", ERR_FUTURE_DATE)
    Community.objects.select_for_update().filter(pk=community.pk).first()
    user = User.objects.filter(email__iexact=email).first() if email else None
    membership = Membership.objects.filter(community=community, user=user).first() if user else None
    if membership is not None:
        if ImportedRow.objects.filter(
            community=community, source=ImportedRow.Source.MEMBER, object_id=membership.pk
        ).exists():
            raise RowError("email", ERR_EMAIL_OTHER_MEMBER)
    else:
        user = user or User.objects.create_user(email=email or None, name=name)
        number = (Membership.objects.filter(community=community).aggregate(m=Max("member_number"))["m"] or 0) + 1
        membership = Membership.objects.create(
            community=community,
            user=user,
            kind=kind,
            role=role,
            status=Membership.Status.ACTIVE,
            member_number=number,
            joined_at=joined_at,
            decided_at=timezone.now(),
            is_brokered=brokered,
            phone=phone,
            neighbourhood=neighbourhood,
        )
    _remember(community, ImportedRow.Source.MEMBER, external_id, membership.pk)
    audit_record(
        actor=actor.user,
        community=community,
        action="timebank.import.member",
        target=membership,
        changes={"external_id": [None, external_id], "name": [None, name]},
    )
    return True


def _category_named(actor: Membership, community: Community, name: str, column: str) -> Category:
    if len(name) > 80:
        raise RowError(column, ERR_TOO_LONG % {"n": 80})
    category = Category.objects.filter(community=community, name__iexact=name).first()
    if category is None:
        category = Category.objects.create(community=community, name=name)
        audit_record(
            actor=actor.user,
            community=community,
            action="timebank.category.create",
            target=category,
            changes={"name": [None, name], "source": [None, "import"]},
        )
    return category


def _import_listing(actor: Membership, community: Community, row: dict) -> bool:
    external_id = _text(row, "external_id", required=True, max_length=100)
    if _mapped(community, ImportedRow.Source.LISTING, external_id):
        return False
    owner = _member_by_external_id(community, row, "member_external_id")
    kind = _choice(row, "kind", Listing.Kind.values, "")
    category_name = _text(row, "category", required=True)
    title = _text(row, "title", required=True, max_length=120)
    description = _text(row, "description", max_length=5000)
    try:
        tags = normalise_tags((row.get("tags") or "").replace(";", ","))
    except DomainError as error:
        raise RowError("tags", error.message) from None
    neighbourhood = _text(row, "neighbourhood", max_length=120) or owner.neighbourhood
    expires_on = _date(row, "expires_on")
    needs_check = _yes_no(row, "needs_check", default=False)
    status = _choice(row, "status", Listing.Status.values, Listing.Status.OPEN)
    category = _category_named(actor, community, category_name, "category")
    listing = Listing.objects.create(
        community=community,
        kind=kind,
        membership=owner,
        category=category,
        title=title,
        description=description,
        tags=tags,
        neighbourhood=neighbourhood,
        expires_on=expires_on,
        needs_check=needs_check,
        status=status,
    )
    reindex_listings([listing.pk])
    _remember(community, ImportedRow.Source.LISTING, external_id, listing.pk)
    audit_record(
        actor=actor.user,
        community=community,
        action="timebank.import.listing",
        target=listing,
        changes={"external_id": [None, external_id], "title": [None, title]},
    )
    return True


def _import_transfer(actor: Membership, community: Community, row: dict) -> bool:
    external_id = _text(row, "external_id", required=True, max_length=100)
    if _mapped(community, ImportedRow.Source.TRANSFER, external_id):
        return False
    receiver = _member_by_external_id(community, row, "from_member_external_id")
    provider = _member_by_external_id(community, row, "to_member_external_id")
    if receiver.pk == provider.pk:
        raise RowError("to_member_external_id", ERR_SAME_MEMBER)
    minutes = _minutes(row)
    day = _date(row, "date", required=True)
    occurred_at = dt.datetime.combine(day, dt.time(12), tzinfo=zoneinfo.ZoneInfo(community.timezone))  # type: ignore[arg-type]
    if occurred_at > timezone.now():
        raise RowError("date", ERR_FUTURE_DATE)
    category = _category_named(actor, community, _text(row, "category") or DEFAULT_CATEGORY, "category")
    title = _text(row, "description", max_length=5000)[:120] or category.name
    comment = _text(row, "comment", max_length=300)
    now = timezone.now()
    exchange = Exchange.objects.create(
        community=community,
        origin=Exchange.Origin.IMPORTED,
        category=category,
        title=title,
        provider=provider,
        receiver=receiver,
        started_by=actor.user,
        status=Exchange.Status.RECORDED,
        minutes=minutes,
        occurred_at=occurred_at,
        comment=comment,
        accepted_at=occurred_at,
        recorded_at=now,
        recorded_by=actor.user,
    )
    try:
        post_exchange(exchange, actor=actor)
    except DomainError as error:
        raise RowError(error.field or "minutes", error.message) from None
    exchange.status = Exchange.Status.CONFIRMED
    exchange.confirmed_at = now
    exchange.confirmed_by = actor.user
    exchange.save()
    _remember(community, ImportedRow.Source.TRANSFER, external_id, exchange.pk)
    audit_record(
        actor=actor.user,
        community=community,
        action="timebank.import.transfer",
        target=exchange,
        changes={"external_id": [None, external_id], "minutes": [None, minutes]},
    )
    return True


FILES = (
    ("members", MEMBER_COLUMNS, _import_member),
    ("listings", LISTING_COLUMNS, _import_listing),
    ("transfers", TRANSFER_COLUMNS, _import_transfer),
)


def timebank_import(
    *,
    actor: Membership,
    community: Community,
    members: TextIO | None = None,
    listings: TextIO | None = None,
    transfers: TextIO | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import members, then listings, then transfers (each may be omitted). Returns what was created, what
    was already there, and every rejected row with its reason. Transfers become confirmed exchanges posted
    to the ledger like any other, so the community's balance limits apply to them too."""
    require_coordinator(actor, community)
    progress = progress or _no_progress
    report = ImportReport()
    files = {"members": members, "listings": listings, "transfers": transfers}
    for name, required, import_row in FILES:
        file = files[name]
        if file is None:
            continue
        rows = _read(file, name, required, report)
        if rows is None:
            continue
        for line, row in progress(rows, len(rows), name):
            try:
                with transaction.atomic():
                    created = import_row(actor, community, row)
            except RowError as error:
                report.rejected.append(Rejection(name, line, error.column, error.reason))
                continue
            except DomainError as error:
                report.rejected.append(Rejection(name, line, error.field or "", str(error.message)))
                continue
            (report.created if created else report.unchanged)[name] += 1
    if any(report.created.values()):
        with transaction.atomic():
            audit_record(
                actor=actor.user,
                community=community,
                action="timebank.import",
                target=community,
                changes={k: [None, v] for k, v in report.created.items()},
            )
    return report


def iter_rejections(report: ImportReport) -> Iterator[str]:
    for r in report.rejected:
        yield f"{r.file} row {r.row}" + (f", column {r.column}" if r.column else "") + f": {r.reason}"
