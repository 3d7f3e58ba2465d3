"""Charts for the 统计 page, drawn on the server as inline SVG (no chart library, no script): horizontal bars,
one per row, with the value and, where there is one, the whole it is part of.

Contract: every label is text from the workspace (class names, program names, room names) and is escaped
before it enters the SVG; the result is :class:`markupsafe.Markup`, safe to place in a template as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen
from markupsafe import Markup, escape

ROW_HEIGHT = 26
LABEL_WIDTH = 220
BAR_WIDTH = 420
VALUE_WIDTH = 120


@frozen
class Bar:
    """One row: ``value`` of ``whole`` (``None``: the bars are scaled to the largest value)."""

    label: str
    value: int
    whole: int | None = None


def bar_chart(title: str, bars: Sequence[Bar], *, unit: str = "") -> Markup:
    """A horizontal bar chart titled ``title`` (``<svg role="img">`` with a ``<title>`` for screen readers)."""
    height = ROW_HEIGHT * max(1, len(bars)) + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    largest = max([b.whole if b.whole is not None else b.value for b in bars] + [1])
    rows = []
    for n, bar in enumerate(bars):
        y = 4 + n * ROW_HEIGHT
        scale = bar.whole if bar.whole else largest
        filled = round(BAR_WIDTH * min(bar.value, scale) / scale) if scale else 0
        whole = (f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{BAR_WIDTH}" height="{ROW_HEIGHT - 10}" '
                 'class="whole"/>') if bar.whole is not None else ""
        shown = f"{bar.value}{unit}" + (f" / {bar.whole}" if bar.whole is not None else "")
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW_HEIGHT / 2 + 4}" text-anchor="end">{escape(bar.label)}</text>'
            f'{whole}<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{filled}" height="{ROW_HEIGHT - 10}" class="bar"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + ROW_HEIGHT / 2 + 4}">{escape(shown)}</text>')
    empty = "" if bars else f'<text x="{LABEL_WIDTH}" y="20">暂无数据</text>'
    return Markup(f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(rows)}{empty}</svg>')
