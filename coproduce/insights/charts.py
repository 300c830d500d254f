"""Charts as inline SVG drawn on the server: they work without JavaScript, print well, and each carries a
title and description for screen readers (role="img" with aria-labelledby) and the same data as a table.

Meaning is never carried by colour alone: series differ by marker shape and line pattern, the current
grid cell is outlined and hatched as well as tinted, and values are written beside what they measure.
Styling lives in insights.css (classes only; no style attributes).
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coproduce.coproduction.domain import Principle


@dataclass
class Chart:
    id: str
    title: str
    description: str
    svg: SafeString
    caption: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _n(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return _("no data")
    if not digits:
        return number_format(round(value))
    return number_format(round(value, digits), decimal_pos=digits)


def _pct(value: float | None) -> str:
    return _("no data") if value is None else f"{_n(value)} %"


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every text inside was escaped where it was built
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart-svg" '
        f'focusable="false"><title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>{"".join(body)}</svg>'
    )


def _text(x: float, y: float, text: str, cls: str = "chart-text", anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">{escape(text)}</text>'


def _lines(
    x: float, y: float, lines: list[str], cls: str = "chart-text", anchor: str = "start", step: float = 15
) -> str:
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else step}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">{spans}</text>'


def principle_short_labels() -> dict[str, str]:
    return {
        Principle.ASSETS: _("Assets"),
        Principle.CAPABILITIES: _("Capabilities"),
        Principle.MUTUALITY: _("Mutuality"),
        Principle.NETWORKS: _("Networks"),
        Principle.BLURRING_ROLES: _("Blurring roles"),
        Principle.CATALYSTS: _("Catalysts"),
    }


# --------------------------------------------------------------------------------------------------------
# Radar


def radar_chart(scores: dict[str, float | None], *, chart_id: str = "radar") -> Chart:
    """Six spokes, one per principle, each at its 0–100 score computed from activity data."""
    width, height, cx, cy, radius = 560, 460, 280, 230, 150
    labels = principle_short_labels()
    codes = [p.value for p in Principle]
    body = []

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + i * 2 * math.pi / len(codes)
        return cx + radius * value / 100 * math.cos(angle), cy + radius * value / 100 * math.sin(angle)

    for level in (25, 50, 75, 100):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(len(codes))))
        body.append(f'<polygon points="{ring}" class="radar-ring"/>')
        x, y = point(0, level)
        body.append(_text(x + 4, y + 4, str(level), "chart-small"))
    for i, code in enumerate(codes):
        x, y = point(i, 100)
        body.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" class="radar-spoke"/>')
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        score = scores.get(code)
        body.append(
            _lines(lx, ly, [str(labels[code]), _n(score) if score is not None else _("no data")], "chart-label", anchor)
        )
    present = [(i, scores.get(c)) for i, c in enumerate(codes)]
    polygon = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, s or 0) for i, s in present))
    body.append(f'<polygon points="{polygon}" class="radar-area"/>')
    for i, s in present:
        x, y = point(i, s or 0)
        cls = "marker" if s is not None else "marker marker-hollow"
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="{cls}"/>')
    described = "; ".join(
        f"{labels[c]} {_n(scores.get(c)) if scores.get(c) is not None else _('no data')}" for c in codes
    )
    title = _("Co-production principles from activity data")
    desc = _("Radar chart, scores from 0 to 100: %(values)s.") % {"values": described}
    rows = [[str(Principle(c).label), _n(scores.get(c))] for c in codes]
    return Chart(
        chart_id,
        title,
        desc,
        _svg(chart_id, width, height, title, desc, body),
        _("Score per principle (0–100)"),
        [_("Principle"), _("Score")],
        rows,
    )


# --------------------------------------------------------------------------------------------------------
# Co-production grid


def grid_cell_names() -> dict[str, str]:
    """Short names of the nine cells (Bovaird 2007, Table 1; NONE_PRO and NONE_CO paraphrased)."""
    return {
        "PRO_PRO": _("Traditional professional provision"),
        "CO_PRO": _("Professional provision, users involved in planning"),
        "NONE_PRO": _("Professionals deliver what users planned"),
        "PRO_CO": _("Users co-deliver professionally designed services"),
        "CO_CO": _("Full user/professional co-production"),
        "NONE_CO": _("Users deliver with little professional planning"),
        "PRO_USER": _("Users deliver professionally planned services"),
        "CO_USER": _("Users deliver co-planned services"),
        "NONE_USER": _("Self-organised community provision"),
    }


def _grid_axis(share: float, low: float, high: float) -> float:
    """Map a citizen share onto three equal bands (below low, low–high, above high), 0..3."""
    if share < low:
        return share / low if low else 0.0
    if share <= high:
        return 1 + (share - low) / (high - low) if high > low else 1.5
    return 2 + (share - high) / (100 - high) if high < 100 else 3.0


def _wrap(text: str, width: int = 22) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def grid_chart(grid: dict, previous: dict | None, thresholds: tuple[float, float], *, chart_id: str = "grid") -> Chart:
    """The 3×3 grid: columns who plans, rows who delivers; the point is placed by the citizen shares of
    planning and delivery time, with the previous period's point and an arrow between them."""
    low, high = thresholds
    left, top, cell_w, cell_h = 150, 80, 150, 110
    width, height = left + 3 * cell_w + 20, top + 3 * cell_h + 60
    names = grid_cell_names()
    planning_levels, delivery_levels = ("PRO", "CO", "NONE"), ("PRO", "CO", "USER")
    column_titles = [_("Professionals alone"), _("Professionals with users"), _("No professional input")]
    row_titles = [_("Professionals alone"), _("With users and community"), _("Users and community alone")]
    current = grid.get("cell")
    body = [
        (
            f'<defs><pattern id="{chart_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" class="hatch-line"/></pattern>'
            f'<marker id="{chart_id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>'
        ),
        _text(left + 1.5 * cell_w, 22, _("Who plans and designs →"), "chart-label", "middle"),
        _lines(12, top - 30, [_("Who"), _("delivers ↓")], "chart-label"),
    ]
    for col, title in enumerate(column_titles):
        body.append(_lines(left + col * cell_w + cell_w / 2, 44, _wrap(title, 20), "chart-small", "middle", 13))
    for row, title in enumerate(row_titles):
        body.append(_lines(8, top + row * cell_h + cell_h / 2 - 6, _wrap(title, 18), "chart-small", "start", 13))
    for row, d_level in enumerate(delivery_levels):
        for col, p_level in enumerate(planning_levels):
            code = f"{p_level}_{d_level}"
            x, y = left + col * cell_w, top + row * cell_h
            is_current = code == current
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" '
                f'class="grid-cell{" grid-cell-current" if is_current else ""}"/>'
            )
            if is_current:
                body.append(
                    f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="url(#{chart_id}-hatch)" '
                    f'class="grid-hatch"/>'
                )
            body.append(_text(x + 6, y + 16, code, "chart-code"))
            body.append(_lines(x + 6, y + 34, _wrap(names[code], 24), "chart-small", "start", 13))
    body.append(f'<rect x="{left}" y="{top}" width="{3 * cell_w}" height="{3 * cell_h}" class="grid-frame"/>')

    def place(g: dict | None) -> tuple[float, float] | None:
        if not g or g.get("planning_share") is None or g.get("delivery_share") is None:
            return None
        return (
            left + _grid_axis(g["planning_share"], low, high) * cell_w,
            top + _grid_axis(g["delivery_share"], low, high) * cell_h,
        )

    now, before = place(grid), place(previous)
    if now and before and (abs(now[0] - before[0]) > 2 or abs(now[1] - before[1]) > 2):
        body.append(
            f'<line x1="{before[0]:.1f}" y1="{before[1]:.1f}" x2="{now[0]:.1f}" y2="{now[1]:.1f}" '
            f'class="grid-move" marker-end="url(#{chart_id}-arrow)"/>'
        )
    if before:
        body.append(
            f'<rect x="{before[0] - 6:.1f}" y="{before[1] - 6:.1f}" width="12" height="12" '
            f'class="marker marker-hollow"/>'
        )
        body.append(_text(before[0] + 9, before[1] + 16, _("before"), "chart-small"))
    if now:
        body.append(f'<circle cx="{now[0]:.1f}" cy="{now[1]:.1f}" r="8" class="marker"/>')
        body.append(_text(now[0] + 11, now[1] - 8, _("now"), "chart-label"))
    ly = top + 3 * cell_h + 24
    body.append(f'<circle cx="{left + 8}" cy="{ly - 4}" r="6" class="marker"/>')
    body.append(_text(left + 20, ly, _("this period"), "chart-small"))
    body.append(f'<rect x="{left + 132}" y="{ly - 10}" width="12" height="12" class="marker marker-hollow"/>')
    body.append(_text(left + 150, ly, _("previous period"), "chart-small"))

    title = _("Place on the co-production grid")
    if current:
        desc = _(
            "Cell %(cell)s, %(name)s. Citizens gave %(planning)s of planning time and %(delivery)s of delivery time."
        ) % {
            "cell": current,
            "name": names[current],
            "planning": _pct(grid.get("planning_share")),
            "delivery": _pct(grid.get("delivery_share")),
        }
    else:
        desc = _("Not enough planning and delivery activity in this period to place it on the grid.")
    if previous and previous.get("cell"):
        desc += " " + _("Previous period: cell %(cell)s.") % {"cell": previous["cell"]}
    rows = [
        [_("This period"), _pct(grid.get("planning_share")), _pct(grid.get("delivery_share")), current or _("no data")],
        [
            _("Previous period"),
            _pct((previous or {}).get("planning_share")),
            _pct((previous or {}).get("delivery_share")),
            (previous or {}).get("cell") or _("no data"),
        ],
    ]
    return Chart(
        chart_id,
        title,
        desc,
        _svg(chart_id, width, height, title, desc, body),
        _("Grid position"),
        [_("Period"), _("Citizen share of planning"), _("Citizen share of delivery"), _("Cell")],
        rows,
    )


# --------------------------------------------------------------------------------------------------------
# Bars and lines


def horizontal_bars(
    items: list[tuple[str, float, str]],
    *,
    chart_id: str,
    title: str,
    desc: str,
    caption: str,
    headers: list[str],
    rows: list[list[str]],
    groups: list[tuple[int, int, str]] | None = None,
) -> Chart:
    """One bar per item (label, value, value text); optional groups (first index, last index, name) are
    bracketed on the right."""
    label_w, bar_w, row_h, top = 170, 300, 32, 10
    width = label_w + bar_w + 210 + (110 if groups else 0)
    height = top + row_h * len(items) + 10
    most = max((v for _l, v, _t in items), default=0) or 1
    body = []
    for i, (label, value, text) in enumerate(items):
        y = top + i * row_h
        body.append(_text(label_w - 8, y + 20, label, "chart-label", "end"))
        length = bar_w * value / most
        body.append(
            f'<rect x="{label_w}" y="{y + 6}" width="{max(length, 1):.1f}" height="{row_h - 12}" '
            f'class="bar bar-{i % 3}"/>'
        )
        body.append(_text(label_w + length + 6, y + 20, text, "chart-small"))
    for first, last, name in groups or []:
        x = label_w + bar_w + 200
        y1, y2 = top + first * row_h + 6, top + (last + 1) * row_h - 6
        body.append(f'<path d="M{x},{y1} h8 V{y2} h-8" class="bracket"/>')
        body.append(_text(x + 14, (y1 + y2) / 2 + 5, name, "chart-label"))
    return Chart(chart_id, title, desc, _svg(chart_id, width, height, title, desc, body), caption, headers, rows)


def vertical_bars(
    items: list[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    desc: str,
    caption: str,
    headers: list[str],
    rows: list[list[str]],
) -> Chart:
    left, top, plot_h = 50, 20, 200
    bar_step = max(24, min(60, 600 // max(len(items), 1)))
    width, height = left + bar_step * len(items) + 20, top + plot_h + 60
    most = max((v for _l, v in items), default=0) or 1
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" class="axis"/>']
    for i, (label, value) in enumerate(items):
        x = left + i * bar_step
        h = plot_h * value / most
        body.append(
            f'<rect x="{x + 4}" y="{top + plot_h - h:.1f}" width="{bar_step - 8}" height="{max(h, 0.5):.1f}" '
            f'class="bar bar-0"/>'
        )
        body.append(_text(x + bar_step / 2, top + plot_h - h - 4, _n(value), "chart-small", "middle"))
        body.append(
            f'<text x="{x + bar_step / 2:.1f}" y="{top + plot_h + 14}" class="chart-small" text-anchor="end" '
            f'transform="rotate(-45 {x + bar_step / 2:.1f} {top + plot_h + 14})">{escape(label)}</text>'
        )
    return Chart(chart_id, title, desc, _svg(chart_id, width, height, title, desc, body), caption, headers, rows)


def line_chart(
    labels: list[str],
    series: list[tuple[str, list[float]]],
    *,
    chart_id: str,
    title: str,
    desc: str,
    caption: str,
    headers: list[str],
    rows: list[list[str]],
) -> Chart:
    """Up to three series told apart by marker shape (circle, square, triangle) and line pattern."""
    left, top, plot_h = 60, 40, 220
    step = max(40, min(70, 640 // max(len(labels), 1)))
    width, height = left + step * max(len(labels) - 1, 1) + 60, top + plot_h + 70
    most = max((v for _n2, values in series for v in values), default=0) or 1
    scale = _nice(most)
    body = []
    for tick in range(5):
        value = scale * tick / 4
        y = top + plot_h - plot_h * tick / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" class="gridline"/>')
        body.append(_text(left - 6, y + 4, _n(value), "chart-small", "end"))
    for i, label in enumerate(labels):
        x = left + i * step
        body.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 14}" class="chart-small" text-anchor="end" '
            f'transform="rotate(-45 {x:.1f} {top + plot_h + 14})">{escape(label)}</text>'
        )
    shapes = ("circle", "square", "triangle")
    # Drawn last to first so the first series stays visible where the lines coincide (a small dot inside
    # the square of the second, as when every hour given is an hour received).
    for s, (name, values) in reversed(list(enumerate(series))):
        pts = [(left + i * step, top + plot_h - plot_h * v / scale) for i, v in enumerate(values)]
        if len(pts) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            body.append(f'<polyline points="{path}" class="series series-{s}"/>')
        for x, y in pts:
            body.append(_marker(shapes[s % 3], x, y, s))
        lx = left + s * 190
        body.append(f'<line x1="{lx}" y1="14" x2="{lx + 26}" y2="14" class="series series-{s}"/>')
        body.append(_marker(shapes[s % 3], lx + 13, 14, s))
        body.append(_text(lx + 32, 18, name, "chart-small"))
    return Chart(chart_id, title, desc, _svg(chart_id, width, height, title, desc, body), caption, headers, rows)


def _nice(value: float) -> float:
    magnitude = 10 ** math.floor(math.log10(value)) if value > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _marker(shape: str, x: float, y: float, series: int) -> str:
    cls = f"marker series-marker-{series}"
    if shape == "square":
        return f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" class="{cls}"/>'
    if shape == "triangle":
        return f'<polygon points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y + 6:.1f} {x - 7:.1f},{y + 6:.1f}" class="{cls}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="{cls}"/>'


# --------------------------------------------------------------------------------------------------------
# Network picture


def network_chart(picture: dict, *, chart_id: str = "network") -> Chart:
    """The busiest members and the ties among them: circles are citizens, squares professionals; a solid
    line means help was given between the two, a dashed line that they only took part together."""
    from coproduce.insights.network import HEIGHT, WIDTH

    nodes = {n["id"]: n for n in picture.get("nodes", [])}
    body = []
    for e in picture.get("edges", []):
        a, b = nodes.get(e["a"]), nodes.get(e["b"])
        if not a or not b:
            continue
        helped = e["a_gave"] or e["b_gave"]
        weight = min(1 + e["together"] / 3, 4)
        body.append(
            f'<line x1="{a["x"]}" y1="{a["y"]}" x2="{b["x"]}" y2="{b["y"]}" '
            f'class="{"edge-help" if helped else "edge-together"}" stroke-width="{weight:.1f}"/>'
        )
    for n in nodes.values():
        if n["professional"]:
            body.append(f'<rect x="{n["x"] - 7}" y="{n["y"] - 7}" width="14" height="14" class="node node-pro"/>')
        else:
            body.append(f'<circle cx="{n["x"]}" cy="{n["y"]}" r="7" class="node node-citizen"/>')
        body.append(_text(n["x"] + 10, n["y"] - 8, f"#{n['number']}", "chart-small"))
    height = HEIGHT + 30
    ly = HEIGHT + 14
    body += [
        f'<circle cx="20" cy="{ly - 4}" r="6" class="node node-citizen"/>',
        _text(32, ly, _("citizen"), "chart-small"),
        f'<rect x="104" y="{ly - 10}" width="12" height="12" class="node node-pro"/>',
        _text(122, ly, _("professional"), "chart-small"),
        f'<line x1="230" y1="{ly - 4}" x2="262" y2="{ly - 4}" class="edge-help" stroke-width="2"/>',
        _text(268, ly, _("help given"), "chart-small"),
        f'<line x1="370" y1="{ly - 4}" x2="402" y2="{ly - 4}" class="edge-together" stroke-width="2"/>',
        _text(408, ly, _("took part together"), "chart-small"),
    ]
    title = _("Who meets and helps whom")
    desc = _("Network of the %(n)s most active members and the ties among them.") % {"n": len(nodes)}
    rows = [
        [
            f"#{n['number']}",
            _("professional") if n["professional"] else _("citizen"),
            _n(n["ties"]),
            _n(n["gave_to"]),
            _n(n["received_from"]),
        ]
        for n in sorted(nodes.values(), key=lambda n: (-n["ties"], n["number"] or 0))
    ]
    return Chart(
        chart_id,
        title,
        desc,
        _svg(chart_id, WIDTH, height, title, desc, body),
        _("Most active members"),
        [_("Member"), _("Kind"), _("Ties shown"), _("Gave to"), _("Received from")],
        rows,
    )
