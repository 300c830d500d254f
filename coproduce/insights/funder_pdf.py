"""The funder report as a PDF (fpdf2): key figures, hours per month as bars and as a table, exchanges by category
and outcomes."""

import zoneinfo
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from coproduce.communities.models import Community
from coproduce.insights.exports import summary_rows

# A Unicode font when the system has one; otherwise the PDF core font with text reduced to Latin-1.
DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEFAULT_BOLD_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


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


def render(payload: dict, *, community: Community, period_label: str, service=None) -> bytes:
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
