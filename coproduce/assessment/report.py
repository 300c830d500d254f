"""The PDF report of a round, for a board or funder: scores, bands, gaps, the radar, evidence and next steps.

Kept apart from the pages so that fpdf2, which is slow to import, loads only when a report is asked for.
"""

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

from coproduce.assessment.charts import SHORT_LABELS, radar_points
from coproduce.assessment.domain import GAP_FLAG_POINTS, MIN_GROUP_SIZE, PRINCIPLES, Band, Perspective
from coproduce.assessment.selectors import RoundResults

# Drawing colours: dark green for professionals, dark blue (dashed) for people who use the service.
PDF_COLOURS = {Perspective.PROFESSIONAL: (29, 92, 77), Perspective.USER: (26, 86, 168)}
_PUNCTUATION = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-", "−": "-", " ": " "}
)


def _latin1(text: object) -> str:
    """The PDF uses the built-in fonts (text stays searchable); they cover Latin-1, which holds English and Spanish."""
    return str(text).translate(_PUNCTUATION).encode("latin-1", "replace").decode("latin-1")


def _score_text(score) -> str:
    if score.hidden:
        return _("Not enough responses")
    if score.score is None:
        return _("No answers")
    return f"{score.score} ({Band(score.band).label})"


class _Report(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(80, 80, 80)
        self.cell(0, 6, _latin1(_("Page %(n)s") % {"n": self.page_no()}), align="C")


def _heading(pdf: FPDF, text: str, size: int = 13) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", size)
    pdf.multi_cell(0, 7, _latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)


def _radar(pdf: FPDF, results: RoundResults, *, cx: float, cy: float, radius: float) -> None:
    pdf.set_draw_color(180, 180, 180)
    pdf.set_line_width(0.2)
    for level in (25, 50, 75, 100):
        pdf.polygon(radar_points([level] * 6, cx=cx, cy=cy, radius=radius), style="D")
    for x, y in radar_points([100] * 6, cx=cx, cy=cy, radius=radius):
        pdf.line(cx, cy, x, y)
    pdf.set_font("Helvetica", size=8)
    pdf.set_text_color(30, 30, 30)
    for principle, (x, y) in zip(PRINCIPLES, radar_points([100] * 6, cx=cx, cy=cy, radius=radius + 7), strict=True):
        label = _latin1(SHORT_LABELS[principle])
        width = pdf.get_string_width(label)
        offset = -width / 2 if abs(x - cx) < 2 else (0 if x > cx else -width)
        pdf.text(x + offset, y + 1.5, label)
    pdf.set_line_width(0.6)
    for perspective in (Perspective.PROFESSIONAL, Perspective.USER):
        if results.perspective_hidden(perspective):
            continue
        pdf.set_draw_color(*PDF_COLOURS[perspective])
        if perspective == Perspective.USER:
            pdf.set_dash_pattern(dash=1.5, gap=1)
        scores = [float(r.scores[perspective].score or 0) for r in results.principles]
        pdf.polygon(radar_points(scores, cx=cx, cy=cy, radius=radius), style="D")
        pdf.set_dash_pattern()
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    legend_y = cy + radius + 12
    for i, perspective in enumerate((Perspective.PROFESSIONAL, Perspective.USER)):
        y = legend_y + i * 5
        pdf.set_draw_color(*PDF_COLOURS[perspective])
        pdf.set_line_width(0.6)
        if perspective == Perspective.USER:
            pdf.set_dash_pattern(dash=1.5, gap=1)
        pdf.line(cx - 40, y, cx - 30, y)
        pdf.set_dash_pattern()
        pdf.set_font("Helvetica", size=8)
        pdf.text(cx - 27, y + 1, _latin1(perspective.label))
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(legend_y + 10)


def report_pdf(results: RoundResults, *, community_name: str, compress: bool = True) -> bytes:
    """The round's report: scores, bands, gaps, the radar, evidence and next steps."""
    assessment_round = results.round
    pdf = _Report(format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_latin1(assessment_round.title))
    pdf.set_author(_latin1(community_name))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_text_color(80, 80, 80)
    pdf.multi_cell(0, 5, _latin1(community_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    _heading(pdf, _("Is your service co-produced?"), 18)
    _heading(pdf, f"{assessment_round.service.name}: {assessment_round.title}", 14)
    period = _("Period: %(start)s to %(end)s") % {
        "start": formats.date_format(assessment_round.period_start, "j F Y"),
        "end": formats.date_format(assessment_round.period_end, "j F Y"),
    }
    pdf.multi_cell(0, 5, _latin1(period), new_x="LMARGIN", new_y="NEXT")
    counts = "; ".join(f"{p.label}: {results.respondents[p]}" for p in (Perspective.PROFESSIONAL, Perspective.USER))
    pdf.multi_cell(
        0, 5, _latin1(_("People who answered: %(counts)s") % {"counts": counts}), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.multi_cell(
        0,
        5,
        _latin1(
            _(
                "Scores run from 0 to 100. Results are not shown for a group of fewer than %(n)s people, so no one can be "
                "identified. A gap of %(gap)s points or more between professionals and people who use the service is "
                "flagged."
            )
            % {"n": MIN_GROUP_SIZE, "gap": GAP_FLAG_POINTS}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )

    _heading(pdf, _("Scores by principle"))
    pdf.set_font("Helvetica", size=9)
    with pdf.table(col_widths=(50, 45, 45, 30), text_align=("LEFT", "LEFT", "LEFT", "RIGHT")) as table:
        table.row(
            [
                _latin1(_("Principle")),
                _latin1(Perspective.PROFESSIONAL.label),
                _latin1(Perspective.USER.label),
                _latin1(_("Gap")),
            ]
        )
        for r in results.principles:
            gap = "" if r.gap is None else f"{r.gap:+d}" + (" (" + _("flagged") + ")" if r.flagged else "")
            table.row(
                [_latin1(r.label), _latin1(_score_text(r.professional)), _latin1(_score_text(r.user)), _latin1(gap)]
            )
    pdf.set_font("Helvetica", size=10)

    if pdf.will_page_break(120):
        pdf.add_page()
    _heading(pdf, _("Radar"))
    top = pdf.get_y()
    _radar(pdf, results, cx=105, cy=top + 50, radius=42)

    _heading(pdf, _("Checked against activity on the platform"))
    for r in results.principles:
        values = "; ".join(f"{i.label}: {i.value}" for i in r.indicators) if r.indicators else _("Self-reported only")
        pdf.multi_cell(0, 5, _latin1(f"{r.label}: {values}"), new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, _("Evidence given by respondents"))
    any_evidence = False
    for r in results.principles:
        if not r.evidence:
            continue
        any_evidence = True
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 5, _latin1(r.label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=9)
        for e in r.evidence[:12]:
            line = f"- {Perspective(e.perspective).label}: {e.text}" + (f" ({e.url})" if e.url else "")
            pdf.multi_cell(0, 4.5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
        if len(r.evidence) > 12:
            pdf.multi_cell(
                0, 4.5, _latin1(_("and %(n)s more") % {"n": len(r.evidence) - 12}), new_x="LMARGIN", new_y="NEXT"
            )
    pdf.set_font("Helvetica", size=10)
    if not any_evidence:
        pdf.multi_cell(0, 5, _latin1(_("No evidence was given.")), new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, _("Suggested next steps"))
    for r in results.principles:
        if r.next_step:
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(
                0,
                5,
                _latin1(f"{r.label} ({Band(r.next_step_band or Band.NOT_THERE_YET).label})"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.set_font("Helvetica", size=10)
            pdf.multi_cell(0, 5, _latin1(r.next_step), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
