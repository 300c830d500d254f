"""Statements as files: CSV for spreadsheets, PDF for people who want a printed record."""

import csv
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.communities.models import Community
from coproduce.ledger.models import Account, Entry
from coproduce.ledger.selectors import counterparty_id
from coproduce.ledger.templatetags.ledger import format_minutes


class _Echo:
    def write(self, value: str) -> str:
        return value


def _description(entry: Entry, names: dict[int, str]) -> tuple[str, str]:
    return entry.transfer.get_kind_display(), names.get(counterparty_id(entry), "")


def statement_csv_rows(
    *, community: Community, account: Account, entries: Iterator[Entry], names: dict[int, str]
) -> Iterator[str]:
    """CSV lines, oldest first, streamed: minutes and balances as plain integers so spreadsheets can add them up."""
    writer = csv.writer(_Echo())
    yield writer.writerow(
        [
            _("Date"),
            _("Transfer"),
            _("Kind"),
            _("With"),
            _("Category"),
            _("Note"),
            _("Minutes"),
            _("Balance after (minutes)"),
        ]
    )
    tz = timezone.get_current_timezone()
    for entry in entries:
        kind, other = _description(entry, names)
        yield writer.writerow(
            [
                timezone.localtime(entry.created_at, tz).strftime("%Y-%m-%d %H:%M"),
                entry.transfer_id,
                kind,
                other,
                entry.transfer.category,
                _safe_cell(entry.transfer.memo),
                entry.amount,
                entry.balance_after,
            ]
        )


def _safe_cell(text: str) -> str:
    # A note typed as "=SUM(...)" must not run as a formula when the file is opened in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1; anything else is shown as "?" rather than failing the download.
    return str(text).encode("latin-1", "replace").decode("latin-1")


def statement_pdf(*, community: Community, account: Account, entries: Iterator[Entry], names: dict[int, str]) -> bytes:
    """A printable statement: header with the holder and balance, then every entry, oldest first."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_latin1(_("Statement")))
    pdf.set_author("Coproduce")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin1(_("Statement of hours")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    now = timezone.localtime()
    for line in (
        f"{community.name}",
        _("Account: %(owner)s (number %(id)s)") % {"owner": account.owner_name, "id": account.pk},
        _("Balance: %(balance)s") % {"balance": format_minutes(account.balance)},
        _("Printed on %(date)s") % {"date": now.strftime("%Y-%m-%d %H:%M")},
    ):
        pdf.cell(0, 6, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (30, 62, 48, 25, 25)
    headers = (_("Date"), _("With"), _("Kind"), _("Minutes"), _("Balance"))
    pdf.set_font("Helvetica", "B", 9)
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 7, _latin1(header), border="B", align="R" if header in headers[3:] else "L")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    tz = timezone.get_current_timezone()
    for entry in entries:
        kind, other = _description(entry, names)
        values = (
            timezone.localtime(entry.created_at, tz).strftime("%Y-%m-%d %H:%M"),
            other[:40],
            kind[:30],
            f"{entry.amount:+d}",
            str(entry.balance_after),
        )
        for width, value, align in zip(widths, values, "LLLRR", strict=True):
            pdf.cell(width, 6, _latin1(value), align=align)
        pdf.ln()
    return bytes(pdf.output())
