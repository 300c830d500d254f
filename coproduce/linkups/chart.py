"""Geometry for the server-rendered progress chart: one line per goal, ratings 0–10 over time. Pure functions.

The template draws the SVG from these numbers; a table with the same figures sits beside it for screen readers and
anyone who prefers numbers.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats, timezone

# Line colours with at least 3:1 contrast on white, and dash patterns so lines differ without colour too.
COLOURS = ("#1d5c4d", "#1a56a8", "#8a4b00", "#5a2d82", "#b00020", "#383f43")
DASHES = ("", "8 4", "2 4", "12 4 2 4", "4 4", "1 3")


@dataclass
class Line:
    number: int
    label: str
    colour: str
    dash: str
    points: list[tuple[float, float, int, str]] = field(default_factory=list)  # x, y, score, date label

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _score, _label in self.points)


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    lines: list[Line] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(line.points for line in self.lines)

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom


def progress_chart(
    series: list[tuple[str, list[tuple[dt.datetime, int]]]],
    *,
    width: int = 640,
    height: int = 300,
    x_tick_count: int = 5,
) -> Chart:
    """Lay out one line per (label, [(when, score 0..10)]) on a shared time axis."""
    chart = Chart(width=width, height=height, left=44, right=24, top=16, bottom=44)
    plot_w, plot_h = width - chart.left - chart.right, height - chart.top - chart.bottom
    moments = [when for _label, points in series for when, _score in points]
    start, end = (min(moments), max(moments)) if moments else (None, None)
    span = (end - start).total_seconds() if start and end else 0.0

    def x_of(when: dt.datetime) -> float:
        if not span or start is None:
            return chart.left + plot_w / 2
        return chart.left + plot_w * (when - start).total_seconds() / span

    def y_of(score: float) -> float:
        return chart.top + plot_h * (1 - score / 10)

    chart.y_ticks = [(y_of(score), score) for score in range(0, 11, 2)]
    if start is not None and end is not None:
        count = 1 if not span else max(2, x_tick_count)
        for i in range(count):
            when = start + (end - start) * (i / (count - 1) if count > 1 else 0)
            chart.x_ticks.append((x_of(when), formats.date_format(timezone.localtime(when), "j M")))
    for index, (label, points) in enumerate(series):
        line = Line(
            number=index + 1, label=label, colour=COLOURS[index % len(COLOURS)], dash=DASHES[index % len(DASHES)]
        )
        for when, score in points:
            line.points.append((x_of(when), y_of(score), score, formats.date_format(timezone.localtime(when), "j M Y")))
        chart.lines.append(line)
    return chart
