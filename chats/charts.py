"""Server-rendered SVG charts with a text alternative.

`bar_chart` and `line_chart` take one series (a list of numbers) or several (a mapping of name to
numbers), the labels of the x axis and a title, and return a `<figure>`: an SVG that scales to its
container (role="img", with <title> and a <desc> summarising the data for screen readers), a
legend when there are several series, and the numbers themselves as a table in a <details>
element. No JavaScript, no external assets; every text is escaped.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#005eb8", "#ae2573", "#007f3b", "#8a4b00", "#330072", "#00567a")
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 72, 12, 14, 40
MAX_X_LABELS = 12
# Text size in the chart's own units: on a desktop the chart is drawn at about its own size; on a
# phone it shrinks to under half, so site.css sets its text to NARROW_FONT there (about 11 px on a
# 390 px screen) and hides the axis labels marked "chart-tick-wide" to make room for the rest.
FONT, NARROW_FONT = 12, 24
# A label's width, estimated from its length: about 0.6 em per character, plus a gap.
CHAR_EM, LABEL_GAP = 0.6, 10

Series = Sequence[float] | Mapping[str, Sequence[float]]


def bar_chart(
    series: Series,
    labels: Sequence[str],
    title: str,
    *,
    unit: str = "",
    description: str = "",
    width: int = 720,
    height: int = 260,
    colours: Sequence[str] = PALETTE,
) -> SafeString:
    """Vertical bars, grouped side by side when there are several series."""
    named = _named(series, unit)
    plot = _Plot(named, labels, width, height)
    slot = plot.inner_width / max(1, len(labels))
    group = slot * 0.8
    bar = group / len(named)
    shapes = []
    for s, (name, values) in enumerate(named.items()):
        colour = colours[s % len(colours)]
        for i, value in enumerate(values):
            x = MARGIN_LEFT + i * slot + (slot - group) / 2 + s * bar
            y = plot.y(value)
            shapes.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar - 1, 1):.1f}" height="{plot.baseline - y:.1f}" '
                f'fill="{escape(colour)}"><title>{escape(labels[i])}: {_fmt(value)} {escape(name)}</title></rect>'
            )
    return _figure(plot, named, labels, title, unit, description, "".join(shapes), colours, slot)


def line_chart(
    series: Series,
    labels: Sequence[str],
    title: str,
    *,
    unit: str = "",
    description: str = "",
    width: int = 720,
    height: int = 260,
    colours: Sequence[str] = PALETTE,
) -> SafeString:
    """One line per series, with a dot at each point."""
    named = _named(series, unit)
    plot = _Plot(named, labels, width, height)
    slot = plot.inner_width / max(1, len(labels))
    shapes = []
    for s, (name, values) in enumerate(named.items()):
        colour = escape(colours[s % len(colours)])
        points = [(MARGIN_LEFT + (i + 0.5) * slot, plot.y(v)) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        shapes.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        shapes.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(labels[i])}: '
            f"{_fmt(values[i])} {escape(name)}</title></circle>"
            for i, (x, y) in enumerate(points)
        )
    return _figure(plot, named, labels, title, unit, description, "".join(shapes), colours, slot)


class _Plot:
    def __init__(self, named: Mapping[str, Sequence[float]], labels: Sequence[str], width: int, height: int):
        for name, values in named.items():
            if len(values) != len(labels):
                raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")
        self.width, self.height = width, height
        self.inner_width = width - MARGIN_LEFT - MARGIN_RIGHT
        self.inner_height = height - MARGIN_TOP - MARGIN_BOTTOM
        self.baseline = MARGIN_TOP + self.inner_height
        peak = max((v for values in named.values() for v in values), default=0)
        self.step = _nice_step(peak)
        self.top = max(self.step, math.ceil(peak / self.step) * self.step)

    def y(self, value: float) -> float:
        return self.baseline - (max(value, 0) / self.top) * self.inner_height


def _figure(plot, named, labels, title, unit, description, shapes, colours, slot) -> SafeString:
    ident = "chart-" + hashlib.sha1(f"{title}|{'|'.join(labels)}".encode()).hexdigest()[:10]
    summary = description or _summary(named, labels, unit)
    grid = []
    tick = 0.0
    while tick <= plot.top + 1e-9:
        y = plot.y(tick)
        grid.append(
            f'<line x1="{MARGIN_LEFT}" x2="{plot.width - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="chart-grid" stroke="#d8dde0" stroke-width="1"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart-tick" fill="#4c6272" font-size="{FONT}">{_fmt(tick)}</text>'
        )
        tick += plot.step
    every = max(_label_step(labels, slot, FONT), math.ceil(len(labels) / MAX_X_LABELS))
    # The labels a phone keeps are some of those a desktop shows: a multiple of the same step.
    narrow = every * math.ceil(_label_step(labels, slot, NARROW_FONT) / every)
    xlabels = "".join(
        f'<text x="{MARGIN_LEFT + (i + 0.5) * slot:.1f}" y="{plot.baseline + 26}" text-anchor="middle" '
        f'class="chart-tick chart-x{" chart-tick-wide" if i % narrow else ""}" fill="#4c6272" font-size="{FONT}">'
        f"{escape(label)}</text>"
        for i, label in enumerate(labels)
        if i % every == 0
    )
    svg = (
        f'<svg class="chart" viewBox="0 0 {plot.width} {plot.height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(summary)}</desc>'
        f"{''.join(grid)}{xlabels}"
        f'<line x1="{MARGIN_LEFT}" x2="{plot.width - MARGIN_RIGHT}" y1="{plot.baseline}" y2="{plot.baseline}" '
        f'class="chart-axis" stroke="#212b32" stroke-width="1.5"/>{shapes}</svg>'
    )
    legend = ""
    if len(named) > 1:
        legend = (
            '<ul class="chart-legend">'
            + "".join(
                format_html(
                    '<li><span class="chart-swatch" style="background:{}"></span>{}</li>',
                    colours[i % len(colours)],
                    name,
                )
                for i, name in enumerate(named)
            )
            + "</ul>"
        )
    head = "".join(format_html('<th scope="col">{}</th>', name) for name in named)
    body = "".join(
        format_html('<tr><th scope="row">{}</th>', label)
        + "".join(format_html("<td>{}</td>", _fmt(values[i])) for values in named.values())
        + "</tr>"
        for i, label in enumerate(labels)
    )
    table = (
        f'<details class="chart-data"><summary>The numbers behind “{escape(title)}”</summary>'
        f'<div class="table-scroll"><table><thead><tr><th scope="col"></th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></details>"
    )
    return mark_safe(
        f'<figure class="chart-figure" id="{ident}"><figcaption class="chart-caption">{escape(title)}'
        f'<span class="visually-hidden">. {escape(summary)}</span></figcaption>'
        f"{svg}{legend}{table}</figure>"
    )


def _label_step(labels: Sequence[str], slot: float, font: float) -> int:
    """Show every n-th label so that the labels, at this text size, do not run together."""
    widest = max((len(label) for label in labels), default=0) * font * CHAR_EM + LABEL_GAP
    return max(1, math.ceil(widest / slot)) if slot > 0 else 1


def _named(series: Series, unit: str) -> dict[str, list[float]]:
    if isinstance(series, Mapping):
        return {str(name): list(values) for name, values in series.items()}
    return {unit or "value": list(series)}


def _summary(named: Mapping[str, Sequence[float]], labels: Sequence[str], unit: str) -> str:
    span = f" Covers {labels[0]} to {labels[-1]}." if len(labels) > 1 else ""
    parts = []
    for name, values in named.items():
        if not any(values):
            parts.append(f"{name.capitalize()}: none.")
            continue
        peak = max(range(len(values)), key=lambda i: values[i])
        if len(named) == 1:
            suffix = f" {unit}" if unit else ""
            parts.append(f"Total {_fmt(sum(values))}{suffix}; highest {_fmt(values[peak])}{suffix} at {labels[peak]}.")
        else:
            parts.append(
                f"{name.capitalize()}: total {_fmt(sum(values))}, highest {_fmt(values[peak])} at {labels[peak]}."
            )
    return " ".join(parts) + span


def _nice_step(peak: float) -> float:
    """A round grid step giving about five lines up to the peak (at least 1 for counts)."""
    if peak <= 0:
        return 1
    rough = peak / 5
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next((f * magnitude for f in (1, 2, 2.5, 5) if rough <= f * magnitude), 10 * magnitude)
    return max(step, 1) if float(peak).is_integer() else step


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"
