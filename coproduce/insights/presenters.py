"""From a snapshot's payload to what templates show: charts with their tables, and labelled figures."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.coproduction.domain import ActivityKind, Principle
from coproduce.insights import charts
from coproduce.insights.compute import grid_thresholds
from coproduce.insights.selectors import indicators_from_payload

QUESTIONS = {
    Principle.ASSETS: gettext_lazy(
        "Do we recognise and celebrate the assets of users and the community, rather than their deficits?"
    ),
    Principle.CAPABILITIES: gettext_lazy("Does the service build the skills of everyone involved?"),
    Principle.MUTUALITY: gettext_lazy(
        "Is there a true partnership and shared responsibility between professionals and users?"
    ),
    Principle.NETWORKS: gettext_lazy("Does it connect and learn with people beyond the usual suspects?"),
    Principle.BLURRING_ROLES: gettext_lazy("Are both professionals and users seen as crucial to delivery?"),
    Principle.CATALYSTS: gettext_lazy(
        "Do professionals get to act as coaches and facilitators rather than sole providers?"
    ),
}

BANDS = {
    "doing_to": gettext_lazy("Doing to"),
    "doing_for": gettext_lazy("Doing for"),
    "doing_with": gettext_lazy("Doing with"),
}


def principle_sections(payload: dict) -> list[dict]:
    indicators = indicators_from_payload(payload)
    scores = payload.get("scores", {})
    return [
        {
            "code": p.value,
            "label": p.label,
            "question": QUESTIONS[p],
            "score": scores.get(p.value),
            "indicators": indicators.get(p.value, []),
        }
        for p in Principle
    ]


def radar(payload: dict):
    return charts.radar_chart(payload.get("scores", {}))


def grid(payload: dict):
    chart = charts.grid_chart(payload.get("grid", {}), payload.get("grid_previous"), grid_thresholds())
    cell = payload.get("grid", {}).get("cell")
    return {
        "chart": chart,
        "cell": cell,
        "cell_name": charts.grid_cell_names().get(cell or "", ""),
        "movement": payload.get("movement", {}),
        "thresholds": grid_thresholds(),
    }


def ladder(payload: dict):
    profile = payload.get("ladder", {})
    steps = profile.get("steps", [])
    items = [
        (f"{s['step']} {s['label']}", s["activities"], f"{s['activities']} ({charts._pct(s['share'])})") for s in steps
    ]
    groups = [(0, 1, str(BANDS["doing_to"])), (2, 4, str(BANDS["doing_for"])), (5, 6, str(BANDS["doing_with"]))]
    bands = profile.get("bands", {})
    desc = _(
        "Engagement activities on each step of the ladder: %(steps)s. Doing to %(to)s, doing for %(for)s, "
        "doing with %(with)s."
    ) % {
        "steps": "; ".join(f"{s['label']} {s['activities']}" for s in steps),
        "to": charts._pct(bands.get("doing_to", {}).get("share")),
        "for": charts._pct(bands.get("doing_for", {}).get("share")),
        "with": charts._pct(bands.get("doing_with", {}).get("share")),
    }
    rows = [
        [f"{s['step']} {s['label']}", str(BANDS[s["band"]]), str(s["activities"]), charts._pct(s["share"])]
        for s in steps
    ]
    chart = charts.horizontal_bars(
        items,
        chart_id="ladder",
        title=_("Ladder of co-production"),
        desc=desc,
        caption=_("Engagement activities per step"),
        headers=[_("Step"), _("Band"), _("Activities"), _("Share")],
        rows=rows,
        groups=groups,
    )
    return {
        "chart": chart,
        "has_data": profile.get("has_data", False),
        "total": profile.get("total", 0),
        "bands": [{"label": BANDS[k], **v} for k, v in bands.items()],
    }


def phases(payload: dict):
    coverage = payload.get("phases", {})
    items = [
        (p["label"], p["activities"], f"{p['activities']} · {_('citizens')} {charts._pct(p['citizen_share'])}")
        for p in coverage.get("phases", [])
    ]
    rows = [
        [p["label"], str(p["activities"]), charts._pct(p["citizen_share"]), _("yes") if p["covered"] else _("no")]
        for p in coverage.get("phases", [])
    ]
    desc = _("%(covered)s of %(of)s phases saw activity: %(list)s.") % {
        "covered": coverage.get("covered", 0),
        "of": coverage.get("of", 4),
        "list": "; ".join(f"{p['label']} {p['activities']}" for p in coverage.get("phases", [])),
    }
    chart = charts.horizontal_bars(
        items,
        chart_id="phases",
        title=_("Activity in the four phases"),
        desc=desc,
        caption=_("Coverage of the four phases"),
        headers=[_("Phase"), _("Activities"), _("Citizen share of time"), _("Covered")],
        rows=rows,
    )
    return {"chart": chart, "covered": coverage.get("covered", 0), "of": coverage.get("of", 4)}


def network(payload: dict):
    measures = payload.get("network", {})
    months = measures.get("new_ties_by_month", [])
    ties_chart = charts.vertical_bars(
        [(m["month"], m["new_ties"]) for m in months],
        chart_id="new-ties",
        title=_("New peer ties per month"),
        desc=_("Pairs of citizens who took part in an activity together for the first time: %(list)s.")
        % {"list": "; ".join(f"{m['month']} {m['new_ties']}" for m in months)},
        caption=_("New peer ties per month"),
        headers=[_("Month"), _("New ties")],
        rows=[[m["month"], str(m["new_ties"])] for m in months],
    )
    picture = measures.get("picture") or {"nodes": [], "edges": []}
    return {
        "measures": measures,
        "ties_chart": ties_chart,
        "picture_chart": charts.network_chart(picture) if picture["nodes"] else None,
    }


def kind_label(code: str) -> str:
    return str(ActivityKind(code).label) if code in ActivityKind.values else code


def funder(payload: dict):
    report = payload.get("funder", {})
    months = report.get("months", [])
    labels = [m["month"] for m in months]
    trend = charts.line_chart(
        labels,
        [
            (_("hours given"), [m["hours_given"] for m in months]),
            (_("hours received"), [m["hours_received"] for m in months]),
        ],
        chart_id="hours",
        title=_("Hours given and received per month"),
        desc=_("Hours given and received each month: %(list)s.")
        % {"list": "; ".join(f"{m['month']} {m['hours_given']} / {m['hours_received']}" for m in months)},
        caption=_("Hours per month"),
        headers=[_("Month"), _("Hours given"), _("Hours received"), _("Activities")],
        rows=[
            [m["month"], charts._n(m["hours_given"], 1), charts._n(m["hours_received"], 1), str(m["activities"])]
            for m in months
        ],
    )
    kinds = [k["code"] for k in report.get("kinds", [])]
    by_kind = {
        "headers": [_("Month")] + [kind_label(k) for k in kinds],
        "rows": [[m["month"]] + [str(m["by_kind"].get(k, 0)) for k in kinds] for m in months],
    }
    return {"report": report, "trend": trend, "by_kind": by_kind}
