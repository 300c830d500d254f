"""The funder report as CSV and PDF, built from a snapshot's payload."""

import csv
import datetime as dt
import io

from django.utils.translation import gettext as _

from coproduce.communities.models import Community
from coproduce.insights.domain import Period
from coproduce.insights.presenters import kind_label


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


def funder_pdf(payload: dict, *, community: Community, period_label: str, service=None) -> bytes:
    """The funder report as PDF. fpdf2 is imported only here, so pages that never build a PDF do not load it."""
    from coproduce.insights.funder_pdf import render

    return render(payload, community=community, period_label=period_label, service=service)
