"""Charts drawn on the server as inline SVG, so they show without JavaScript. Each has a title and a
description for screen readers; the pages put the same data in a table beside the chart."""

import math
from collections.abc import Mapping, Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.assessment.domain import PRINCIPLES, Perspective

SHORT_LABELS = {
    "ASSETS": gettext_lazy("Assets"),
    "CAPABILITIES": gettext_lazy("Capabilities"),
    "MUTUALITY": gettext_lazy("Mutuality"),
    "NETWORKS": gettext_lazy("Networks"),
    "BLURRING_ROLES": gettext_lazy("Blurring roles"),
    "CATALYSTS": gettext_lazy("Catalysts"),
}
SERIES_CLASS = {Perspective.PROFESSIONAL: "series-professional", Perspective.USER: "series-user"}


def radar_points(scores: Sequence[float], *, cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """Corner points for six scores (0–100), the first spoke straight up, going clockwise."""
    points = []
    count = len(scores)
    for i, score in enumerate(scores):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        r = radius * max(0.0, min(100.0, score)) / 100
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def _n(value: float) -> str:
    return f"{value:.1f}"


def _points_attr(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _describe(series: dict[str, dict[str, int | None]]) -> str:
    parts = []
    for perspective, scores in series.items():
        values = ", ".join(
            f"{SHORT_LABELS[p]} {scores[p] if scores.get(p) is not None else _('no score')}" for p in PRINCIPLES
        )
        parts.append(f"{Perspective(perspective).label}: {values}.")
    if not parts:
        return _("Not enough responses to draw the chart.")
    return " ".join(parts)


def radar_svg(series: dict[str, dict[str, int | None]], *, chart_id: str = "radar") -> SafeString:
    """A six-spoke radar: one polygon per perspective shown. `series` maps perspective -> principle -> score;
    leave a perspective out to hide it (too few respondents). A missing score is drawn at the centre."""
    width, height, cx, cy, radius = 540, 420, 270, 205, 140
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="radar" role="img" '
            'aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            width,
            height,
            chart_id,
            chart_id,
            chart_id,
            _("Scores for the six principles, 0 to 100"),
            chart_id,
            _describe(series),
        )
    ]
    for level in (25, 50, 75, 100):
        ring = radar_points([level] * 6, cx=cx, cy=cy, radius=radius)
        parts.append(format_html('<polygon class="radar-ring" points="{}"/>', _points_attr(ring)))
    spokes = radar_points([100] * 6, cx=cx, cy=cy, radius=radius)
    labels = radar_points([100] * 6, cx=cx, cy=cy, radius=radius + 24)
    for principle, (x, y), (lx, ly) in zip(PRINCIPLES, spokes, labels, strict=True):
        parts.append(format_html('<line class="radar-spoke" x1="{}" y1="{}" x2="{}" y2="{}"/>', cx, cy, _n(x), _n(y)))
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        parts.append(
            format_html(
                '<text class="radar-label" x="{}" y="{}" text-anchor="{}">{}</text>',
                _n(lx),
                _n(ly + 5),
                anchor,
                SHORT_LABELS[principle],
            )
        )
    for level in (50, 100):
        parts.append(
            format_html(
                '<text class="radar-scale" x="{}" y="{}">{}</text>', cx + 4, _n(cy - radius * level / 100 + 12), level
            )
        )
    for perspective, scores in series.items():
        values = [float(scores.get(p) or 0) for p in PRINCIPLES]
        points = radar_points(values, cx=cx, cy=cy, radius=radius)
        css = SERIES_CLASS[Perspective(perspective)]
        parts.append(format_html('<polygon class="radar-area {}" points="{}"/>', css, _points_attr(points)))
        for x, y in points:
            parts.append(format_html('<circle class="radar-dot {}" cx="{}" cy="{}" r="4"/>', css, _n(x), _n(y)))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html


def line_svg(
    labels: Sequence[str], series: Mapping[str, Sequence[int | None]], *, chart_id: str, title: str
) -> SafeString:
    """A small line chart of scores (0–100) across rounds, one line per perspective; gaps where no score."""
    width, height, left, right, top, bottom = 320, 180, 36, 12, 12, 40
    inner_w, inner_h = width - left - right, height - top - bottom
    count = max(1, len(labels))

    def x_at(i: int) -> float:
        return left + (inner_w * i / (count - 1) if count > 1 else inner_w / 2)

    def y_at(value: int) -> float:
        return top + inner_h * (1 - value / 100)

    desc = " ".join(
        f"{Perspective(p).label}: "
        + ", ".join(f"{labels[i]} {v if v is not None else _('no score')}" for i, v in enumerate(values))
        + "."
        for p, values in series.items()
    ) or _("Not enough responses to draw the chart.")
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="trend" role="img" '
            'aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            width,
            height,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            desc,
        )
    ]
    for level in (0, 25, 50, 75, 100):
        y = y_at(level)
        parts.append(
            format_html('<line class="trend-grid" x1="{}" y1="{}" x2="{}" y2="{}"/>', left, _n(y), width - right, _n(y))
        )
        parts.append(
            format_html(
                '<text class="trend-axis" x="{}" y="{}" text-anchor="end">{}</text>', left - 4, _n(y + 4), level
            )
        )
    for i, label in enumerate(labels):
        parts.append(
            format_html(
                '<text class="trend-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                _n(x_at(i)),
                height - bottom + 16,
                label,
            )
        )
    for perspective, values in series.items():
        css = SERIES_CLASS[Perspective(perspective)]
        run: list[tuple[float, float]] = []
        segments = []
        for i, value in enumerate(values):
            if value is None:
                if run:
                    segments.append(run)
                run = []
                continue
            run.append((x_at(i), y_at(value)))
        if run:
            segments.append(run)
        for segment in segments:
            if len(segment) > 1:
                parts.append(format_html('<polyline class="trend-line {}" points="{}"/>', css, _points_attr(segment)))
            for x, y in segment:
                parts.append(format_html('<circle class="trend-dot {}" cx="{}" cy="{}" r="3.5"/>', css, _n(x), _n(y)))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html


def legend_html() -> SafeString:
    items = "".join(
        format_html(
            '<li><svg class="legend-swatch" viewBox="0 0 24 12" aria-hidden="true" focusable="false">'
            '<line class="{}" x1="0" y1="6" x2="24" y2="6"/></svg>{}</li>',
            "legend-line " + SERIES_CLASS[p],
            escape(p.label),
        )
        for p in (Perspective.PROFESSIONAL, Perspective.USER)
    )
    return format_html('<ul class="chart-legend">{}</ul>', mark_safe(items))  # noqa: S308 - built with format_html
