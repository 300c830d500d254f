"""The funder report as CSV and PDF, built from a snapshot's payload."""

import csv
import datetime as dt
import io
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from coproduce.communities.models import Community
from coproduce.insights.domain import Period
from coproduce.insights.presenters import kind_label

# A Unicode font when the system has one; otherwise the PDF core font with text reduced to Latin-1.
DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEFAULT_BOLD_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def filename(community: Community, period: Period, extension: str) -> str:
    last_day = period.end - dt.timedelta(seconds=1)
    return f"{community.slug}-funder-report-{period.start:%Y%m%d}-{last_day:%Y%m%d}.{extension}"


def _cell(value) -> str:
    """Text as a spreadsheet will not run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def summary_rows(report: dict, community: Community) -> list[tuple[str, str]]:
    inactive = report.get("inactive_members")
    return [
        (_("Hours given"), str(report.get("hours_given", 0))),
        (_("Hours received"), str(report.get("hours_received", 0))),
        (_("Hours contributed by citizens"), str(report.get("citizen_hours", 0))),
        (_("Value of one hour"), f"{report.get('hour_value')} {report.get('currency', community.currency)}"),
        (_("Value of citizens' hours"), f"{report.get('value_of_hours')} {report.get('currency', community.currency)}"),
        (_("Active members"), str(report.get("active_members", 0))),
        (_("Inactive members"), "" if inactive is None else str(inactive)),
        (_("People reached (received help)"), str(report.get("people_reached", 0))),
        (_("Moved from receiving to giving"), str(report.get("moved_to_giving", 0))),
    ]


def funder_csv(payload: dict, *, community: Community, period_label: str) -> str:
    report = payload.get("funder", {})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell(_("Funder report")), _cell(community.name), _cell(period_label)])
    writer.writerow([])
    writer.writerow([_("Figure"), _("Value")])
    for label, value in summary_rows(report, community):
        writer.writerow([_cell(label), _cell(value)])
    writer.writerow([])
    kinds = [k["code"] for k in report.get("kinds", [])]
    writer.writerow(
        [_("Month"), _("Hours given"), _("Hours received"), _("Activities")] + [kind_label(k) for k in kinds]
    )
    for m in report.get("months", []):
        writer.writerow(
            [m["month"], m["hours_given"], m["hours_received"], m["activities"]]
            + [m["by_kind"].get(k, 0) for k in kinds]
        )
    writer.writerow([])
    writer.writerow([_("Exchange category"), _("Exchanges"), _("Hours")])
    for c in report.get("categories", []):
        writer.writerow([_cell(c["category"] or _("(none)")), c["exchanges"], c["hours"]])
    if report.get("ledger"):
        writer.writerow([])
        writer.writerow([_("Ledger transfers"), _("Category"), _("Transfers"), _("Hours")])
        for t in report["ledger"]:
            writer.writerow([_cell(t["label"]), _cell(t["category"] or _("(none)")), t["transfers"], t["hours"]])
    if report.get("outcomes"):
        writer.writerow([])
        writer.writerow([_("Outcome"), _("Value")])
        for o in report["outcomes"]:
            writer.writerow([_cell(o["label"]), o["value"]])
    return out.getvalue()


class _Report(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        regular = Path(getattr(settings, "COPRODUCE_PDF_FONT", DEFAULT_FONT))
        bold = Path(getattr(settings, "COPRODUCE_PDF_BOLD_FONT", DEFAULT_BOLD_FONT))
        self.unicode = regular.exists() and bold.exists()
        if self.unicode:
            self.add_font("body", "", str(regular))
            self.add_font("body", "B", str(bold))
            self.family = "body"
        else:
            self.family = "helvetica"
        self.set_auto_page_break(auto=True, margin=15)

    def t(self, text) -> str:
        text = str(text)
        if self.unicode:
            return text
        return text.replace("–", "-").replace("—", "-").replace("’", "'").encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font(self.family, "B", size)
        self.ln(3)
        self.multi_cell(0, 8, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 10)

    def data_table(self, headers: list[str], rows: list[list], widths: list[float]) -> None:
        self.set_font(self.family, "B", 9)
        for header, w in zip(headers, widths, strict=False):
            self.cell(w, 7, self.t(header), border="B")
        self.ln()
        self.set_font(self.family, "", 9)
        for row in rows:
            for i, (value, w) in enumerate(zip(row, widths, strict=False)):
                self.cell(w, 6, self.t(value), border="B", align="R" if i else "L")
            self.ln()
        self.ln(2)


def funder_pdf(payload: dict, *, community: Community, period_label: str, service=None) -> bytes:
    """A report a service lead can hand to a funder: key figures, hours per month (as bars and as a
    table), exchanges by category and outcomes."""
    report = payload.get("funder", {})
    pdf = _Report()
    pdf.set_title(pdf.t(_("Funder report")))
    pdf.add_page()
    pdf.heading(_("Funder report: %(name)s") % {"name": community.name}, 16)
    subtitle = period_label if service is None else f"{service.name}, {period_label}"
    pdf.multi_cell(0, 6, pdf.t(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.heading(_("Key figures"))
    pdf.data_table([_("Figure"), _("Value")], [list(r) for r in summary_rows(report, community)], [110, 60])

    months = report.get("months", [])
    if months:
        pdf.heading(_("Hours given per month"))
        most = max((m["hours_given"] for m in months), default=0) or 1
        top, height, left = pdf.get_y() + 2, 40, pdf.l_margin
        step = min(14, (pdf.w - 2 * left) / len(months))
        pdf.set_font(pdf.family, "", 7)
        for i, m in enumerate(months):
            h = height * m["hours_given"] / most
            pdf.set_fill_color(29, 112, 184)
            pdf.rect(left + i * step + 1, top + height - h, step - 2, h, style="F")
            pdf.text(left + i * step + 1, top + height + 4, m["month"][2:])
        pdf.set_y(top + height + 8)
        pdf.set_font(pdf.family, "", 10)
        pdf.heading(_("Month by month"))
        pdf.data_table(
            [_("Month"), _("Hours given"), _("Hours received"), _("Activities")],
            [[m["month"], m["hours_given"], m["hours_received"], m["activities"]] for m in months],
            [40, 40, 40, 40],
        )
    if report.get("categories"):
        pdf.heading(_("Exchanges by category"))
        pdf.data_table(
            [_("Category"), _("Exchanges"), _("Hours")],
            [[c["category"] or _("(none)"), c["exchanges"], c["hours"]] for c in report["categories"]],
            [90, 40, 40],
        )
    if report.get("ledger"):
        pdf.heading(_("Hours moved through the ledger"))
        pdf.data_table(
            [_("Kind"), _("Category"), _("Transfers"), _("Hours")],
            [[t["label"], t["category"] or _("(none)"), t["transfers"], t["hours"]] for t in report["ledger"]],
            [50, 60, 30, 30],
        )
    if report.get("outcomes"):
        pdf.heading(_("Outcomes"))
        pdf.data_table([_("Outcome"), _("Value")], [[o["label"], o["value"]] for o in report["outcomes"]], [120, 50])
    pdf.set_font(pdf.family, "", 8)
    pdf.ln(4)
    pdf.multi_cell(
        0,
        5,
        pdf.t(
            _("Computed from the activity recorded in Coproduce, %(when)s.")
            % {"when": timezone.now().astimezone(zoneinfo.ZoneInfo(community.timezone)).strftime("%Y-%m-%d %H:%M")}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
