"""Chart geometry for inline SVG, computed here and drawn by a template (so every
label is escaped like any other text): a stacked bar per day, and horizontal bars.
No JavaScript and no chart library; the numbers are also given as a table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 40
COLOURS = {
    # Fills with at least 3:1 contrast against white (WCAG non-text contrast).
    "answer": "#1b6e3c", "clarify": "#1f5fa8", "fallback": "#8a5a00",
    "legal": "#7a2e8e", "smalltalk": "#5f6b76",
}


def nice_max(value: int) -> int:
    """The next 1, 2 or 5 times a power of ten at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** int(math.floor(math.log10(value)))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    title: str


@dataclass
class Tick:
    x: float
    y: float
    label: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    rects: list[Rect] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    baseline: float = HEIGHT - BOTTOM
    left: float = LEFT
    right: float = WIDTH - RIGHT


def stacked_days(days: list[str], series: dict[str, list[int]], names: dict[str, str]
                 ) -> Chart:
    """One bar per day, stacked by series in the order given."""
    chart = Chart()
    totals = [sum(values[i] for values in series.values()) for i in range(len(days))]
    top = nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(days))
    bar = max(1.0, step * 0.8)
    for n in range(5):
        value = top * n / 4
        y = TOP + plot_h - plot_h * n / 4
        chart.y_ticks.append(Tick(LEFT - 6, y, f"{value:g}"))
    every = max(1, math.ceil(len(days) / 10))
    for i, day in enumerate(days):
        x = LEFT + i * step + (step - bar) / 2
        if i % every == 0:
            chart.x_ticks.append(Tick(x + bar / 2, HEIGHT - BOTTOM + 16, day[5:]))
        base = TOP + plot_h
        for key, values in series.items():
            count = values[i]
            if not count:
                continue
            h = plot_h * count / top
            base -= h
            chart.rects.append(Rect(round(x, 2), round(base, 2), round(bar, 2), round(h, 2),
                                    COLOURS.get(key, "#444"),
                                    f"{day}: {count} {names.get(key, key)}"))
    return chart


@dataclass
class HBar:
    label: str
    value: int
    width_pct: float


def hbars(items: list[tuple[str, int]]) -> list[HBar]:
    """Bars as a share of the largest value, for a simple labelled list."""
    top = max((v for _, v in items), default=0) or 1
    return [HBar(label, value, round(100 * value / top, 1)) for label, value in items]
