"""A report's :class:`~xcert_core.model.Chart` as a reportlab drawing, with reportlab's own chart library
(``reportlab.graphics.charts``): the same drawing goes into the PDF report (vector, in the embedded CJK font) and,
as SVG, into the workbench's 统计 page, so the two faces show the same charts.

- :attr:`ChartKind.BARS`: a horizontal bar per point, top to bottom; a point with a ``whole`` is a dark bar (the
  value) stacked on a light one (the rest of the whole), labelled ``value / whole unit``.
- :attr:`ChartKind.COLUMNS`: vertical columns left to right, each labelled with its value.
- :attr:`ChartKind.LINE`: the values as a line over the points' labels (dates), the last value printed.

Contract: the drawing's height follows from the chart (:func:`chart_height`), its width is given; text is drawn
as text (escaped by reportlab's SVG writer, never markup); an empty chart says 暂无数据.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from xcert_core.model import Chart, ChartKind

BAR_ROW = 16.0
"""Height of one horizontal bar's row, in points."""
PLOT_HEIGHT = 150.0
"""Height of the plot area of a column or line chart."""
TITLE_SPACE = 22.0
LABEL_SIZE = 8.0
DARK = colors.HexColor("#2f6db5")
LIGHT = colors.HexColor("#dde6f2")
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MOST_LABELS = 16
"""A line or column chart labels at most this many points along its axis (every n-th otherwise)."""


def chart_height(chart: Chart) -> float:
    """The height of the drawing of ``chart``: a row per bar, or a fixed plot for columns and lines."""
    if not chart.points:
        return TITLE_SPACE + 24
    if chart.kind is ChartKind.BARS:
        return TITLE_SPACE + BAR_ROW * len(chart.points) + 12
    return TITLE_SPACE + PLOT_HEIGHT + 40


def _shown(value: int, whole: int | None, unit: str) -> str:
    text = f"{value}" if whole is None else f"{value} / {whole}"
    return f"{text} {unit}" if unit else text


def chart_drawing(chart: Chart, width: float, font_name: str) -> Drawing:
    """The drawing of ``chart``, ``width`` points wide, every text in ``font_name`` (a registered font)."""
    height = chart_height(chart)
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 14, chart.title, fontName=font_name, fontSize=11))
    if not chart.points:
        drawing.add(String(0, height - TITLE_SPACE - 14, "暂无数据", fontName=font_name, fontSize=9,
                           fillColor=colors.grey))
        return drawing
    if chart.kind is ChartKind.BARS:
        _bars(drawing, chart, width, height - TITLE_SPACE, font_name)
    elif chart.kind is ChartKind.COLUMNS:
        _columns(drawing, chart, width, font_name)
    else:
        _line(drawing, chart, width, font_name)
    return drawing


def _bars(drawing: Drawing, chart: Chart, width: float, top: float, font_name: str) -> None:
    labels = [p.label for p in chart.points]
    shown = [_shown(p.value, p.whole, chart.unit) for p in chart.points]
    label_width = min(width * 0.35, max(stringWidth(t, font_name, LABEL_SIZE) for t in labels) + 8)
    value_width = max(stringWidth(t, font_name, LABEL_SIZE) for t in shown) + 8
    bars = HorizontalBarChart()
    bars.x, bars.y = label_width, top - BAR_ROW * len(labels)
    bars.width = max(20.0, width - label_width - value_width)
    bars.height = BAR_ROW * len(labels)
    values = [p.value for p in chart.points]
    rest = [max(0, (p.whole if p.whole is not None else p.value) - p.value) for p in chart.points]
    bars.data = [values, rest]
    bars.categoryAxis.style = "stacked"
    bars.categoryAxis.reverseDirection = 1  # the first point on top
    bars.categoryAxis.categoryNames = labels
    bars.categoryAxis.labels.fontName = font_name
    bars.categoryAxis.labels.fontSize = LABEL_SIZE
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -4
    bars.categoryAxis.visibleTicks = 0
    bars.valueAxis.visible = 0
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = max(1, *(v + r for v, r in zip(values, rest, strict=True)))
    bars.barSpacing = 0
    bars.groupSpacing = 4
    bars.bars[0].fillColor = DARK
    bars.bars[1].fillColor = LIGHT
    bars.bars.strokeColor = None
    bars.barLabelFormat = [None, "values"]
    bars.barLabelArray = [[""] * len(labels), shown]
    bars.barLabels.fontName = font_name
    bars.barLabels.fontSize = LABEL_SIZE
    bars.barLabels.boxAnchor = "w"
    bars.barLabels.dx = 4
    bars.barLabels.boxTarget = "hi"
    drawing.add(bars)


def _every(count: int) -> int:
    return max(1, -(-count // MOST_LABELS))


def _axis_labels(chart: Chart) -> list[str]:
    step = _every(len(chart.points))
    return [p.label if n % step == 0 else "" for n, p in enumerate(chart.points)]


def _columns(drawing: Drawing, chart: Chart, width: float, font_name: str) -> None:
    columns = VerticalBarChart()
    columns.x, columns.y = 30, 34
    columns.width, columns.height = width - 40, PLOT_HEIGHT
    columns.data = [[p.value for p in chart.points]]
    columns.categoryAxis.categoryNames = _axis_labels(chart)
    columns.categoryAxis.labels.fontName = font_name
    columns.categoryAxis.labels.fontSize = LABEL_SIZE
    columns.categoryAxis.labels.angle = 30 if len(chart.points) > 8 else 0
    columns.categoryAxis.labels.boxAnchor = "ne" if len(chart.points) > 8 else "n"
    columns.valueAxis.valueMin = 0
    columns.valueAxis.valueMax = max(1, *(p.value for p in chart.points)) * 1.15
    columns.valueAxis.labels.fontName = font_name
    columns.valueAxis.labels.fontSize = LABEL_SIZE
    columns.valueAxis.labelTextFormat = "%d"
    columns.bars[0].fillColor = DARK
    columns.bars.strokeColor = None
    columns.barLabelFormat = "%d"
    columns.barLabels.fontName = font_name
    columns.barLabels.fontSize = LABEL_SIZE
    columns.barLabels.nudge = 6
    drawing.add(columns)
    if chart.unit:
        drawing.add(String(width - 4, 34 + PLOT_HEIGHT + 6, f"单位：{chart.unit}", fontName=font_name,
                           fontSize=LABEL_SIZE, textAnchor="end", fillColor=colors.grey))


def _line(drawing: Drawing, chart: Chart, width: float, font_name: str) -> None:
    line = HorizontalLineChart()
    line.x, line.y = 34, 34
    line.width, line.height = width - 80, PLOT_HEIGHT
    values = [p.value for p in chart.points]
    wholes = [p.whole for p in chart.points if p.whole is not None]
    line.data = [values]
    line.categoryAxis.categoryNames = _axis_labels(chart)
    line.categoryAxis.labels.fontName = font_name
    line.categoryAxis.labels.fontSize = LABEL_SIZE
    line.categoryAxis.labels.angle = 30
    line.categoryAxis.labels.boxAnchor = "ne"
    line.valueAxis.valueMin = 0
    line.valueAxis.valueMax = max(1, *values, *wholes)
    line.valueAxis.labels.fontName = font_name
    line.valueAxis.labels.fontSize = LABEL_SIZE
    line.valueAxis.labelTextFormat = "%d"
    line.lines[0].strokeColor = DARK
    line.lines[0].strokeWidth = 1.5
    if len(values) <= MOST_LABELS * 2:  # few points (one day is one point): each is a dot, so one day shows
        line.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=DARK, strokeColor=DARK)
    drawing.add(line)
    last = chart.points[-1]
    drawing.add(String(line.x + line.width + 4, line.y + line.height * last.value / line.valueAxis.valueMax - 3,
                       _shown(last.value, last.whole, chart.unit), fontName=font_name, fontSize=LABEL_SIZE))


def chart_svg(chart: Chart, width: float, font_name: str, ident: str) -> str:
    """The drawing of ``chart`` as an ``<svg class="chart" role="img">`` element (no XML declaration, no doctype)
    titled with the chart's title, to place in a page among others: reportlab names its clip path ``clip`` in
    every drawing, so the ids are made unique with ``ident`` (else every chart of a page is clipped to the
    first one's size). Every text is escaped (reportlab's SVG writer escapes what it writes), and a character
    XML cannot hold (a control character) is shown as U+FFFD, so the page stays well-formed."""
    svg = NOT_IN_XML.sub("\ufffd", str(renderSVG.drawToString(chart_drawing(chart, width, font_name))))
    svg = svg[svg.index("<svg"):]
    svg = svg.replace("<title>...</title>", "", 1).replace("<desc>...</desc>", "", 1)
    svg = (svg.replace('id="clip"', f'id="{ident}-clip"', 1).replace("url(#clip)", f"url(#{ident}-clip)")
           .replace('id="group"', f'id="{ident}"', 1))
    head = svg.index(">") + 1
    title = NOT_IN_XML.sub("\ufffd", escape(chart.title))
    return (svg[:4] + ' class="chart" role="img"' + svg[4:head] + f"<title>{title}</title>"
            + svg[head:])
